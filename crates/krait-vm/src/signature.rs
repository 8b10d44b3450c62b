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
//! 'iterable' (pos 1)"). A builtin that parses with `PyArg_ParseTuple` says so
//! (`parse_tuple`), for that function's wording ("index() takes at least 1
//! argument (0 given)"). `*args` and `**kwargs` collect what the named parameters
//! leave (`bind_all`). The text is parsed once, on first use.

use std::sync::OnceLock;

use crate::object::ObjRef;
use crate::objects::function::{Args, FastCall};
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};

/// How CPython parses a builtin's arguments, which decides the wording of its errors.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Convention {
    /// Code Argument Clinic generates (and `PyArg_UnpackTuple`, and the checks of
    /// `METH_O` and `METH_NOARGS`).
    Clinic,
    /// `PyArg_ParseTuple` and `PyArg_ParseTupleAndKeywords`.
    ParseTuple,
    /// `PyArg_ParseTuple` with a format that names no function: its count errors
    /// say "function" (`BaseExceptionGroup.derive`).
    NamelessParseTuple,
    /// A slot wrapper (`list.__len__`): CPython's `check_num_args` words its count
    /// errors without a name ("expected 1 argument, got 0").
    SlotWrapper,
    /// A slot wrapper whose arguments CPython unpacks with a nameless
    /// `PyArg_UnpackTuple` (`list.__mul__` from `sq_repeat`, `__setitem__`): its
    /// count errors start with a blank (" expected 1 argument, got 0").
    SlotWrapperTuple,
}

/// The owner of a signature made by `shared`: the class bound at each call.
const SHARED_OWNER: &str = "<shared>";

/// A builtin's signature: its name as messages print it and its text signature.
pub struct Signature {
    /// The type or module that owns the builtin (`list`, `math`), for messages that
    /// print the qualified name ("list.insert() takes no keyword arguments").
    owner: Option<&'static str>,
    name: &'static str,
    text: &'static str,
    convention: Convention,
    /// `__text_signature__` shows the text (CPython shows none for builtins that
    /// Argument Clinic does not describe, such as `dict.keys`).
    listed: bool,
    params: OnceLock<Params>,
    /// The builtin's entry for calls by position (`FastCall`), if it has one.
    fast: Option<FastCall>,
}

/// The parameters a text signature declares (`$self` and the like not counted).
#[derive(Debug, PartialEq)]
struct Params {
    names: Vec<&'static str>,
    /// How many parameters come before `/`.
    positional_only: usize,
    /// How many parameters may be given by position (those before `*` or `*args`).
    positional: usize,
    /// How many leading positional parameters have no default.
    required: usize,
    /// Which parameters have a default.
    has_default: Vec<bool>,
    /// Where the run of parameters that all have defaults starts at the end.
    defaults_from: usize,
    /// The text starts with `$self` or `$type`: the first argument of the call is the
    /// object the builtin is bound to (`$module` is shown but not passed).
    bound: bool,
    /// `*args`: positional arguments past the named ones are collected.
    varargs: bool,
    /// `**kwargs`: keywords that name no parameter are collected.
    varkw: bool,
}

/// Arguments bound to a signature's parameters.
pub struct Bound<const N: usize> {
    /// The object a `$self` or `$type` signature is bound to.
    pub this: Option<Value>,
    /// Each named parameter, `Some` when given.
    pub params: [Option<Value>; N],
    /// What `*args` collected.
    pub args: Vec<Value>,
    /// What `**kwargs` collected, in call order.
    pub kwargs: Vec<(ObjRef, Value)>,
}

impl Signature {
    /// The signature of a function or constructor whose messages print its bare name
    /// (`permutations()`).
    pub const fn new(name: &'static str, text: &'static str) -> Signature {
        Signature {
            owner: None,
            name,
            text,
            convention: Convention::Clinic,
            listed: true,
            params: OnceLock::new(),
            fast: None,
        }
    }

    /// The signature of a builtin owned by a type or module, whose keyword errors
    /// print `owner.name()`.
    pub const fn of(owner: &'static str, name: &'static str, text: &'static str) -> Signature {
        Signature {
            owner: Some(owner),
            name,
            text,
            convention: Convention::Clinic,
            listed: true,
            params: OnceLock::new(),
            fast: None,
        }
    }

    /// The signature of a builtin shared by several classes (`__class_getitem__`,
    /// the descriptors' `__reduce__`), whose messages name the class it is bound
    /// to, or the class of the object it is bound to.
    pub const fn shared(name: &'static str, text: &'static str) -> Signature {
        Signature::of(SHARED_OWNER, name, text)
    }

    /// Like `of`, for a builtin whose `__text_signature__` is `None` in CPython: the
    /// text still binds its arguments.
    pub const fn unlisted(
        owner: &'static str,
        name: &'static str,
        text: &'static str,
    ) -> Signature {
        Signature::of(owner, name, text).not_listed()
    }

    /// The signature of a slot wrapper (`list.__len__`, `int.__add__`), bound or not.
    pub const fn slot_wrapper(
        owner: &'static str,
        name: &'static str,
        text: &'static str,
    ) -> Signature {
        Signature::of(owner, name, text).with(Convention::SlotWrapper, true)
    }

    /// The signature of a slot wrapper whose arguments CPython unpacks with a
    /// nameless `PyArg_UnpackTuple` (`sq_repeat`'s `__mul__`, `__setitem__`).
    pub const fn slot_wrapper_tuple(
        owner: &'static str,
        name: &'static str,
        text: &'static str,
    ) -> Signature {
        Signature::of(owner, name, text).with(Convention::SlotWrapperTuple, true)
    }

    /// Whether the signature is a slot wrapper's, which checks its arguments as
    /// CPython's wrappers do.
    pub fn is_slot_wrapper(&self) -> bool {
        matches!(
            self.convention,
            Convention::SlotWrapper | Convention::SlotWrapperTuple
        )
    }

    /// The same signature, with `__text_signature__` `None` as in CPython.
    pub const fn not_listed(self) -> Signature {
        let convention = self.convention;
        self.with(convention, false)
    }

    /// The same signature for a builtin that parses with `PyArg_ParseTuple` or
    /// `PyArg_ParseTupleAndKeywords`.
    pub const fn parse_tuple(self) -> Signature {
        let listed = self.listed;
        self.with(Convention::ParseTuple, listed)
    }

    /// The same signature for a builtin that parses with a nameless
    /// `PyArg_ParseTuple` format.
    pub const fn parse_tuple_nameless(self) -> Signature {
        let listed = self.listed;
        self.with(Convention::NamelessParseTuple, listed)
    }

    const fn with(self, convention: Convention, listed: bool) -> Signature {
        let changed = Signature {
            owner: self.owner,
            name: self.name,
            text: self.text,
            convention,
            listed,
            params: OnceLock::new(),
            fast: self.fast,
        };
        // Nothing was parsed yet: there is nothing to drop (and a constant cannot).
        std::mem::forget(self);
        changed
    }

    /// The same signature, for a builtin that also has a fast entry.
    pub const fn with_fast(self, fast: FastCall) -> Signature {
        let changed = Signature {
            owner: self.owner,
            name: self.name,
            text: self.text,
            convention: self.convention,
            listed: self.listed,
            params: OnceLock::new(),
            fast: Some(fast),
        };
        // Nothing was parsed yet: there is nothing to drop (and a constant cannot).
        std::mem::forget(self);
        changed
    }

    /// The builtin's entry for calls by position, if it has one.
    #[inline]
    pub fn fast(&self) -> Option<&FastCall> {
        self.fast.as_ref()
    }

    /// The type or module that owns the builtin, if the signature names one.
    pub fn owner(&self) -> Option<&'static str> {
        self.owner
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

    /// The name as `_PyObject_FunctionStr` prints it: `owner.name()`, with the
    /// `builtins` module left out (`len()`).
    fn qualified_name(&self, vm: &Vm, this: Option<&Value>) -> String {
        // A shared builtin names the class it is bound to (`L.__class_getitem__()`),
        // or the class of the object, as the `__qualname__` of CPython's bound
        // builtins does.
        if let (Some(SHARED_OWNER), Some(this)) = (self.owner, this) {
            // Bound to a module, a builtin is named bare (`__dir__()`).
            if matches!(this, Value::Obj(o) if matches!(o.payload, crate::object::Payload::Module(_)))
            {
                return format!("{}()", self.name);
            }
            let class = match this {
                Value::Obj(o) if o.type_data().is_some() => o.clone(),
                _ => vm.type_of(this),
            };
            let class = crate::objects::typeobject::type_data(&class)
                .qualname
                .borrow()
                .clone();
            return format!("{class}.{}()", self.name);
        }
        match self.owner {
            Some(owner) if owner != "builtins" => format!("{owner}.{}()", self.name),
            _ => format!("{}()", self.name),
        }
    }

    /// The name `getargs.c` prints: `name()`, or `function` for a nameless format.
    fn parses_tuple(&self) -> bool {
        matches!(
            self.convention,
            Convention::ParseTuple | Convention::NamelessParseTuple
        )
    }

    fn parser_name(&self) -> String {
        if self.name.is_empty() || self.convention == Convention::NamelessParseTuple {
            "function".to_owned()
        } else {
            format!("{}()", self.name)
        }
    }

    /// Binds `args` to the `N` parameters: each is `Some` when given. For a bound
    /// signature (`$self`), the first positional argument is the object and is
    /// returned first.
    #[inline]
    pub fn bind<const N: usize>(
        &self,
        vm: &mut Vm,
        args: Args,
    ) -> PyResult<(Option<Value>, [Option<Value>; N])> {
        // The usual call passes arguments by position only, as many as the
        // parameters take, leaving out only some with defaults: nothing to check
        // and nothing to collect.
        let params = self.params();
        let given = args.pos.len().wrapping_sub(params.bound as usize);
        if args.kw.is_empty()
            && params.names.len() == N
            && !params.varargs
            && given >= params.required.max(params.defaults_from)
            && given <= params.positional.min(N)
        {
            // Taken from the back: popping moves each value once, and the emptied
            // vector has nothing left to drop.
            let mut pos = args.pos;
            let mut bound: [Option<Value>; N] = std::array::from_fn(|_| None);
            for slot in bound[..given].iter_mut().rev() {
                *slot = pos.pop();
            }
            let this = if params.bound { pos.pop() } else { None };
            return Ok((this, bound));
        }
        self.bind_general(vm, args)
    }

    #[inline(never)]
    fn bind_general<const N: usize>(
        &self,
        vm: &mut Vm,
        args: Args,
    ) -> PyResult<(Option<Value>, [Option<Value>; N])> {
        let bound = self.bind_all(vm, args)?;
        Ok((bound.this, bound.params))
    }

    /// `bind` for a signature that is not bound to an object.
    pub fn bind_args<const N: usize>(
        &self,
        vm: &mut Vm,
        args: Args,
    ) -> PyResult<[Option<Value>; N]> {
        Ok(self.bind(vm, args)?.1)
    }

    /// Binds `args` to the `N` named parameters, and what is left to `*args` and
    /// `**kwargs` when the signature has them.
    pub fn bind_all<const N: usize>(&self, vm: &mut Vm, args: Args) -> PyResult<Bound<N>> {
        let params = self.params();
        if params.names.len() != N {
            return Err(vm.new_error(
                Exc::SystemError,
                format!(
                    "{} binds {} parameters, not {N}",
                    self.name,
                    params.names.len()
                ),
            ));
        }
        let Args { pos, kw } = args;
        // Consumed from the front: taking `self` moves nothing.
        let mut pos = pos.into_iter();
        let this = if params.bound { pos.next() } else { None };
        let mut bound = Bound {
            this,
            params: std::array::from_fn(|_| None),
            args: Vec::new(),
            kwargs: Vec::new(),
        };
        if params.positional_only == N {
            self.bind_positional(vm, params, pos, kw, &mut bound)?;
        } else {
            self.bind_keywords(vm, params, pos, kw, &mut bound)?;
        }
        Ok(bound)
    }

    /// Positional-only parameters (`_PyArg_CheckPositional` and `_PyArg_NoKeywords`,
    /// the checks of `METH_O` and `METH_NOARGS`, or `PyArg_ParseTuple`).
    fn bind_positional<const N: usize>(
        &self,
        vm: &mut Vm,
        params: &Params,
        mut pos: smallvec::IntoIter<[Value; 4]>,
        kw: Vec<(ObjRef, Value)>,
        bound: &mut Bound<N>,
    ) -> PyResult<()> {
        if !kw.is_empty() && self.is_slot_wrapper() && !params.varkw {
            let name = self.name;
            return Err(vm.new_type_error(format!("wrapper {name}() takes no keyword arguments")));
        }
        if !kw.is_empty() && !params.varkw {
            let name = self.qualified_name(vm, bound.this.as_ref());
            return Err(vm.new_type_error(format!("{name} takes no keyword arguments")));
        }
        bound.kwargs = kw;
        let (min, given) = (params.required, pos.len());
        // A method or module function with one required parameter or none (and no
        // `*args` or `**kwargs`) is CPython's `METH_O` or `METH_NOARGS`, and words
        // its errors so.
        let flat_method =
            self.owner.is_some() && !params.varargs && !params.varkw && !self.is_slot_wrapper();
        if flat_method && (N, min) == (1, 1) && given != 1 {
            let name = self.qualified_name(vm, bound.this.as_ref());
            return Err(
                vm.new_type_error(format!("{name} takes exactly one argument ({given} given)"))
            );
        }
        if flat_method && N == 0 && given != 0 {
            let name = self.qualified_name(vm, bound.this.as_ref());
            return Err(vm.new_type_error(format!("{name} takes no arguments ({given} given)")));
        }
        let max = (!params.varargs).then_some(N);
        if given < min || max.is_some_and(|max| given > max) {
            let count = if given < min { min } else { N };
            let message = if self.parses_tuple() {
                let bound = match (Some(min) == max, given < min) {
                    (true, _) => "exactly",
                    (false, true) => "at least",
                    (false, false) => "at most",
                };
                format!(
                    "{} takes {bound} {count} argument{} ({given} given)",
                    self.parser_name(),
                    plural(count)
                )
            } else {
                let bound = match (Some(min) == max, given < min) {
                    (true, _) => "",
                    (false, true) => "at least ",
                    (false, false) => "at most ",
                };
                // `check_num_args` prints no name; a nameless `PyArg_UnpackTuple`
                // prints a blank one.
                let name = match self.convention {
                    Convention::SlotWrapper => "expected".to_owned(),
                    Convention::SlotWrapperTuple => " expected".to_owned(),
                    _ => format!("{} expected", self.name),
                };
                format!(
                    "{name} {bound}{count} argument{}, got {given}",
                    plural(count)
                )
            };
            return Err(vm.new_type_error(message));
        }
        for slot in bound.params.iter_mut() {
            *slot = pos.next();
        }
        bound.args = pos.collect();
        Ok(())
    }

    /// Parameters that may be given by keyword (`_PyArg_UnpackKeywords`, and
    /// `vgetargskeywords` of `PyArg_ParseTupleAndKeywords`, which words the same
    /// errors): counts first, then each parameter in order, then the keywords left.
    fn bind_keywords<const N: usize>(
        &self,
        vm: &mut Vm,
        params: &Params,
        mut pos: smallvec::IntoIter<[Value; 4]>,
        kw: Vec<(ObjRef, Value)>,
        bound: &mut Bound<N>,
    ) -> PyResult<()> {
        let name = self.parser_name();
        let given = pos.len() + kw.len();
        if !params.varargs && !params.varkw && given > N {
            return Err(vm.new_type_error(format!(
                "{name} takes at most {N} {}argument{} ({given} given)",
                if pos.len() == 0 { "keyword " } else { "" },
                plural(N)
            )));
        }
        // A `PyArg_ParseTupleAndKeywords` behind `*args` (`product(*iterables,
        // repeat=1)`) sees only the keywords, and counts them against its parameters.
        if params.varargs && self.parses_tuple() {
            let named = pos.len().min(params.positional) + kw.len();
            if named > N {
                return Err(vm.new_type_error(format!(
                    "{name} takes at most {N} {}argument{} ({named} given)",
                    if pos.len().min(params.positional) == 0 {
                        "keyword "
                    } else {
                        ""
                    },
                    plural(N)
                )));
            }
        }
        let most = params.positional;
        if pos.len() > most && !params.varargs {
            let message = if most == 0 {
                format!("{name} takes no positional arguments")
            } else {
                // `vgetargskeywords` says "at most" when any parameter is optional,
                // Clinic's parser when a positional one is.
                let optional = if self.parses_tuple() {
                    params.has_default.iter().any(|d| *d)
                } else {
                    params.required < most
                };
                format!(
                    "{name} takes {} {most} positional argument{} ({} given)",
                    if optional { "at most" } else { "exactly" },
                    plural(most),
                    pos.len()
                )
            };
            return Err(vm.new_type_error(message));
        }
        let least = params.positional_only.min(params.required);
        if pos.len() < least {
            return Err(vm.new_type_error(format!(
                "{name} takes {} {least} positional argument{} ({} given)",
                if least < most { "at least" } else { "exactly" },
                plural(least),
                pos.len()
            )));
        }
        let given_positionally = pos.len().min(most);
        for slot in bound.params.iter_mut().take(given_positionally) {
            *slot = pos.next();
        }
        bound.args = pos.collect();
        let mut kw: Vec<Option<(ObjRef, Value)>> = kw.into_iter().map(Some).collect();
        for i in given_positionally.max(params.positional_only)..N {
            let found = kw.iter().position(|k| {
                k.as_ref()
                    .is_some_and(|(k, _)| keyword_is(k, params.names[i]))
            });
            match found.and_then(|at| kw[at].take()) {
                Some((_, value)) => bound.params[i] = Some(value),
                None if !params.has_default[i] => {
                    return Err(vm.new_type_error(format!(
                        "{name} missing required argument '{}' (pos {})",
                        params.names[i],
                        i + 1
                    )))
                }
                None => {}
            }
        }
        let left: Vec<(ObjRef, Value)> = kw.into_iter().flatten().collect();
        for i in params.positional_only..given_positionally {
            if left.iter().any(|(k, _)| keyword_is(k, params.names[i])) {
                return Err(vm.new_type_error(format!(
                    "argument for {name} given by name ('{}') and position ({})",
                    params.names[i],
                    i + 1
                )));
            }
        }
        if !params.varkw {
            if let Some((key, _)) = left.first() {
                let key = crate::abstract_::obj_as_str(key).unwrap_or("");
                // `getargs.c` says "this function" here when the format names none.
                let owner = if self.convention == Convention::NamelessParseTuple {
                    "this function"
                } else {
                    name.as_str()
                };
                return Err(vm.new_type_error(format!(
                    "'{key}' is an invalid keyword argument for {owner}"
                )));
            }
        }
        bound.kwargs = left;
        Ok(())
    }
}

/// The value of a parameter without a default, which a successful bind always fills.
/// Inlined into the builtins of every crate: called, it moved the value through
/// memory in two differently sized pieces, which the processor cannot forward.
#[inline(always)]
pub fn given(value: Option<Value>) -> Value {
    value.unwrap_or(Value::None)
}

/// Whether the keyword `key` names the parameter `name` (compared without copying).
fn keyword_is(key: &ObjRef, name: &str) -> bool {
    crate::abstract_::obj_as_str(key) == Some(name)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Reads a text signature: `(` parameters separated by commas `)`, where a parameter
/// is a name with an optional `=default`, `/` ends the positional-only ones, `*` or
/// `*args` starts the keyword-only ones, `**kwargs` takes other keywords, and a
/// leading `$name` is the bound object.
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
        defaults_from: 0,
        bound: false,
        varargs: false,
        varkw: false,
    };
    let mut seen_default = false;
    for part in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part {
            "/" => params.positional_only = params.names.len(),
            "*" => params.positional = params.names.len(),
            _ if part.starts_with("**") => params.varkw = true,
            _ if part.starts_with('*') => {
                params.positional = params.names.len();
                params.varargs = true;
            }
            "$self" | "$type" => params.bound = true,
            _ if part.starts_with('$') => {}
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
    params.defaults_from = params
        .has_default
        .iter()
        .rposition(|d| !d)
        .map_or(0, |i| i + 1);
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
    fn reads_variadic_parameters() {
        let p = parse_text_signature("($module, obj, /, *args, **kwargs)");
        assert_eq!(p.names, ["obj"]);
        assert_eq!((p.positional_only, p.positional, p.required), (1, 1, 1));
        assert!(p.varargs && p.varkw && !p.bound);
    }
}
