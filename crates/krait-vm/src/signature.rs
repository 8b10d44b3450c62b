//! Signatures of builtins, declared once (the job Argument Clinic does for CPython).
//!
//! A builtin states its Python signature as text, in the form `__text_signature__`
//! shows (`"($self, index, object, /)"`, `"(iterable, r=None)"`). The same text binds
//! the arguments of each call, with CPython's `TypeError` wording for missing,
//! duplicate, unexpected and surplus arguments, and is what `__text_signature__`
//! returns, so `inspect.signature()` works on builtins.
//!
//! Two binding styles follow from the text, as in CPython: a signature whose
//! parameters are all positional-only binds as `_PyArg_CheckPositional` does
//! ("insert expected 2 arguments, got 1"; keywords refused; with one required
//! parameter or none, as `METH_O` and `METH_NOARGS` word it); any other binds as
//! `_PyArg_UnpackKeywords` does ("permutations() missing required argument
//! 'iterable' (pos 1)"). A `*name` parameter collects the surplus positional
//! arguments (`bind_varargs`). The text is parsed once, on first use.

use std::sync::OnceLock;

use crate::objects::function::Args;
use crate::value::Value;
use crate::{PyErr, PyResult, Vm};

/// A builtin's signature: its name as messages print it and its text signature.
pub struct Signature {
    /// The type or module that owns the builtin (`list`, `math`), for messages that
    /// print the qualified name ("list.insert() takes no keyword arguments").
    owner: Option<&'static str>,
    name: &'static str,
    text: &'static str,
    /// `__text_signature__` shows the text (CPython shows none for builtins that
    /// Argument Clinic does not describe, such as `dict.keys`).
    listed: bool,
    params: OnceLock<Params>,
}

/// What `bind_varargs` gives: the bound object, the arguments the `*name` parameter
/// collects, and the other parameters.
pub type BoundWithVarargs<const N: usize> = (Option<Value>, Vec<Value>, [Option<Value>; N]);

/// The parameters a text signature declares (`$self` and the like not counted).
#[derive(Debug, PartialEq)]
struct Params {
    names: Vec<&'static str>,
    /// How many parameters come before `/`.
    positional_only: usize,
    /// How many parameters may be given by position (those before `*`).
    positional: usize,
    /// How many leading positional parameters have no default.
    required: usize,
    /// Which parameters have a default.
    has_default: Vec<bool>,
    /// The text starts with `$self`, `$type` or `$module`: the first argument of
    /// the call is the object the builtin is bound to.
    bound: bool,
    /// A `*name` parameter takes the positional arguments past `positional`.
    varargs: bool,
}

impl Signature {
    /// The signature of a function or constructor whose messages print its bare name
    /// (`permutations()`).
    pub const fn new(name: &'static str, text: &'static str) -> Signature {
        Signature {
            owner: None,
            name,
            text,
            listed: true,
            params: OnceLock::new(),
        }
    }

    /// The signature of a builtin owned by a type or module, whose keyword errors
    /// print `owner.name()`.
    pub const fn of(owner: &'static str, name: &'static str, text: &'static str) -> Signature {
        Signature {
            owner: Some(owner),
            name,
            text,
            listed: true,
            params: OnceLock::new(),
        }
    }

    /// Like `of`, for a builtin whose `__text_signature__` is `None` in CPython: the
    /// text still binds its arguments.
    pub const fn unlisted(
        owner: &'static str,
        name: &'static str,
        text: &'static str,
    ) -> Signature {
        Signature {
            owner: Some(owner),
            name,
            text,
            listed: false,
            params: OnceLock::new(),
        }
    }

    /// The builtin's `__name__`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// `__text_signature__`.
    pub fn text_signature(&self) -> Option<&'static str> {
        self.listed.then_some(self.text)
    }

    fn params(&self) -> &Params {
        self.params.get_or_init(|| parse_text_signature(self.text))
    }

    fn qualified_name(&self) -> String {
        match self.owner {
            Some(owner) => format!("{owner}.{}()", self.name),
            None => format!("{}()", self.name),
        }
    }

    /// Binds `args` to the `N` parameters: each is `Some` when given. For a bound
    /// signature (`$self`), the first positional argument is the object and is
    /// returned first.
    pub fn bind<const N: usize>(
        &self,
        vm: &mut Vm,
        args: Args,
    ) -> PyResult<(Option<Value>, [Option<Value>; N])> {
        let (this, _, out) = self.bind_all(vm, args, false)?;
        Ok((this, out))
    }

    /// `bind` for a signature with a `*name` parameter: the positional arguments it
    /// collects come second.
    pub fn bind_varargs<const N: usize>(
        &self,
        vm: &mut Vm,
        args: Args,
    ) -> PyResult<BoundWithVarargs<N>> {
        self.bind_all(vm, args, true)
    }

    fn bind_all<const N: usize>(
        &self,
        vm: &mut Vm,
        args: Args,
        varargs: bool,
    ) -> PyResult<BoundWithVarargs<N>> {
        let params = self.params();
        if params.varargs != varargs {
            let has = if params.varargs { "a" } else { "no" };
            return Err(vm.new_error(
                "SystemError",
                format!("{} has {has} *args parameter", self.name),
            ));
        }
        if params.names.len() != N {
            return Err(vm.new_error(
                "SystemError",
                format!(
                    "{} binds {} parameters, not {N}",
                    self.name,
                    params.names.len()
                ),
            ));
        }
        let Args { mut pos, kw } = args;
        let this = if params.bound && !pos.is_empty() {
            Some(pos.remove(0))
        } else {
            None
        };
        let surplus = if params.varargs && pos.len() > params.positional {
            pos.split_off(params.positional)
        } else {
            Vec::new()
        };
        let mut out: [Option<Value>; N] = std::array::from_fn(|_| None);
        if params.positional_only == N {
            self.bind_positional(vm, params, pos, &kw, &mut out)?;
        } else {
            self.bind_keywords(vm, params, pos, kw, &mut out)?;
        }
        Ok((this, surplus, out))
    }

    /// `bind` for a signature that is not bound to an object.
    pub fn bind_args<const N: usize>(
        &self,
        vm: &mut Vm,
        args: Args,
    ) -> PyResult<[Option<Value>; N]> {
        Ok(self.bind(vm, args)?.1)
    }

    /// Positional-only parameters (`_PyArg_CheckPositional` and `_PyArg_NoKeywords`).
    fn bind_positional(
        &self,
        vm: &mut Vm,
        params: &Params,
        pos: Vec<Value>,
        kw: &[(crate::ObjRef, Value)],
        out: &mut [Option<Value>],
    ) -> PyResult<()> {
        if !kw.is_empty() {
            let name = self.qualified_name();
            return Err(vm.new_type_error(format!("{name} takes no keyword arguments")));
        }
        let (min, max, given) = (params.required, params.names.len(), pos.len());
        // A method or module function with one required parameter or none is
        // CPython's `METH_O` or `METH_NOARGS`, and words its errors so.
        let flat_method = self.owner.is_some() && !params.varargs;
        if flat_method && (max, min) == (1, 1) && given != 1 {
            let name = self.qualified_name();
            return Err(
                vm.new_type_error(format!("{name} takes exactly one argument ({given} given)"))
            );
        }
        if flat_method && max == 0 && given != 0 {
            let name = self.qualified_name();
            return Err(vm.new_type_error(format!("{name} takes no arguments ({given} given)")));
        }
        if given < min || given > max {
            let bound = match (min == max, given < min) {
                (true, _) => "",
                (false, true) => "at least ",
                (false, false) => "at most ",
            };
            let count = if given < min { min } else { max };
            return Err(vm.new_type_error(format!(
                "{} expected {bound}{count} argument{}, got {given}",
                self.name,
                plural(count)
            )));
        }
        for (slot, value) in out.iter_mut().zip(pos) {
            *slot = Some(value);
        }
        Ok(())
    }

    /// Parameters that may be given by keyword (`_PyArg_UnpackKeywords`).
    fn bind_keywords(
        &self,
        vm: &mut Vm,
        params: &Params,
        pos: Vec<Value>,
        kw: Vec<(crate::ObjRef, Value)>,
        out: &mut [Option<Value>],
    ) -> PyResult<()> {
        let name = format!("{}()", self.name);
        let max = params.names.len();
        let given = pos.len() + kw.len();
        if given > max {
            return Err(vm.new_type_error(format!(
                "{name} takes at most {max} {}argument{} ({given} given)",
                if pos.is_empty() { "keyword " } else { "" },
                plural(max)
            )));
        }
        if pos.len() > params.positional {
            let most = params.positional;
            let message = if most == 0 {
                format!("{name} takes no positional arguments")
            } else {
                let bound = if params.required < most {
                    "at most"
                } else {
                    "exactly"
                };
                format!(
                    "{name} takes {bound} {most} positional argument{} ({} given)",
                    plural(most),
                    pos.len()
                )
            };
            return Err(vm.new_type_error(message));
        }
        // CPython's order: positional-only parameters first, then each parameter by
        // keyword in turn (a missing one is reported before an unknown keyword).
        let given_positionally = pos.len();
        if given_positionally < params.required.min(params.positional_only) {
            return Err(self.missing(vm, params, given_positionally, given_positionally));
        }
        for (slot, value) in out.iter_mut().zip(pos) {
            *slot = Some(value);
        }
        let mut kw: Vec<Option<(crate::ObjRef, Value)>> = kw.into_iter().map(Some).collect();
        let first_by_keyword = given_positionally.max(params.positional_only);
        for (i, slot) in out.iter_mut().enumerate().skip(first_by_keyword) {
            let param = params.names[i];
            let found = kw
                .iter_mut()
                .find(|entry| {
                    matches!(entry, Some((key, _)) if crate::abstract_::obj_as_str(key) == Some(param))
                })
                .and_then(Option::take);
            match found {
                Some((_, value)) => *slot = Some(value),
                None if !params.has_default[i] => {
                    return Err(self.missing(vm, params, i, given_positionally))
                }
                None => {}
            }
        }
        let leftover: Vec<&str> = kw
            .iter()
            .flatten()
            .map(|(key, _)| crate::abstract_::obj_as_str(key).unwrap_or(""))
            .collect();
        if let Some(first) = leftover.first() {
            let by_position = (params.positional_only..given_positionally)
                .find(|&i| leftover.contains(&params.names[i]));
            let message = match by_position {
                Some(i) => format!(
                    "argument for {name} given by name ('{}') and position ({})",
                    params.names[i],
                    i + 1
                ),
                None => format!("'{first}' is an invalid keyword argument for {name}"),
            };
            return Err(vm.new_type_error(message));
        }
        Ok(())
    }

    fn missing(&self, vm: &mut Vm, params: &Params, index: usize, given: usize) -> PyErr {
        if index < params.positional_only {
            let min = params.required.min(params.positional_only);
            let bound = if min < params.positional {
                "at least"
            } else {
                "exactly"
            };
            return vm.new_type_error(format!(
                "{}() takes {bound} {min} positional argument{} ({given} given)",
                self.name,
                plural(min)
            ));
        }
        vm.new_type_error(format!(
            "{}() missing required argument '{}' (pos {})",
            self.name,
            params.names[index],
            index + 1
        ))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Reads a text signature: `(` parameters separated by commas `)`, where a parameter
/// is a name with an optional `=default`, `/` ends the positional-only ones, `*`
/// starts the keyword-only ones, and a leading `$name` is the bound object.
fn parse_text_signature(text: &'static str) -> Params {
    let inner = text
        .trim()
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(text);
    let mut params = Params {
        names: Vec::new(),
        positional_only: 0,
        positional: usize::MAX,
        required: 0,
        has_default: Vec::new(),
        bound: false,
        varargs: false,
    };
    let mut seen_default = false;
    for part in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part {
            "/" => params.positional_only = params.names.len(),
            "*" => params.positional = params.names.len(),
            _ if part.starts_with('*') => {
                params.positional = params.names.len();
                params.varargs = true;
            }
            _ if part.starts_with('$') => params.bound = true,
            _ => {
                let (name, default) = match part.split_once('=') {
                    Some((name, _)) => (name.trim(), true),
                    None => (part, false),
                };
                if !default && !seen_default && params.positional == usize::MAX {
                    params.required += 1;
                }
                seen_default |= default;
                params.names.push(name);
                params.has_default.push(default);
            }
        }
    }
    if params.positional == usize::MAX {
        params.positional = params.names.len();
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_positional_only_and_bound() {
        let p = parse_text_signature("($self, index, object, /)");
        assert_eq!(p.names, ["index", "object"]);
        assert_eq!((p.positional_only, p.positional, p.required), (2, 2, 2));
        assert!(p.bound);
    }

    #[test]
    fn reads_defaults_and_keyword_only() {
        let p = parse_text_signature("(iterable, /, r=None, *, key=None)");
        assert_eq!(p.names, ["iterable", "r", "key"]);
        assert_eq!((p.positional_only, p.positional, p.required), (1, 2, 1));
        assert!(!p.bound);
    }

    #[test]
    fn reads_varargs() {
        let p = parse_text_signature("($type, *iterables, repeat=1)");
        assert_eq!(p.names, ["repeat"]);
        assert_eq!((p.positional_only, p.positional, p.required), (0, 0, 0));
        assert!(p.bound && p.varargs);
    }
}
