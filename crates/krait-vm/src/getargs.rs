//! Argument parsing for builtins (CPython's `Python/getargs.c` and Argument Clinic's
//! generated checks). Every builtin declares its parameters through these helpers, so
//! the `TypeError` wording lives here once.

use crate::objects::function::Args;
use crate::value::Value;
use crate::{PyErr, PyResult, Vm};

fn plural_args(n: usize) -> &'static str {
    if n == 1 {
        "argument"
    } else {
        "arguments"
    }
}

/// Rejects keyword arguments for a builtin that takes none.
pub fn no_keywords(vm: &mut Vm, name: &str, args: &Args) -> PyResult<()> {
    if args.kw.is_empty() {
        Ok(())
    } else {
        Err(vm.new_type_error(format!("{name}() takes no keyword arguments")))
    }
}

/// A `METH_O` builtin: exactly one positional argument. `name` as CPython prints it
/// (`len`, `list.append`).
pub fn exactly_one(vm: &mut Vm, name: &str, args: Args) -> PyResult<Value> {
    no_keywords(vm, name, &args)?;
    if args.pos.len() != 1 {
        return Err(vm.new_type_error(format!(
            "{name}() takes exactly one argument ({} given)",
            args.pos.len()
        )));
    }
    Ok(args.pos.into_iter().next().expect("length checked"))
}

/// A `METH_NOARGS` builtin.
pub fn no_args(vm: &mut Vm, name: &str, args: &Args) -> PyResult<()> {
    no_keywords(vm, name, args)?;
    if !args.pos.is_empty() {
        return Err(vm.new_type_error(format!(
            "{name}() takes no arguments ({} given)",
            args.pos.len()
        )));
    }
    Ok(())
}

/// A clinic positional-only builtin taking `min..=max` arguments: returns them padded
/// with `None` to `max`.
pub fn positional(
    vm: &mut Vm,
    name: &str,
    args: Args,
    min: usize,
    max: usize,
) -> PyResult<Vec<Option<Value>>> {
    no_keywords(vm, name, &args)?;
    let n = args.pos.len();
    if n < min || n > max {
        return Err(arity_error(vm, name, n, min, max));
    }
    let mut out: Vec<Option<Value>> = args.pos.into_iter().map(Some).collect();
    out.resize(max, None);
    Ok(out)
}

/// A `PyArg_ParseTuple` builtin taking `min..=max` positional arguments (`str.find`):
/// returns them padded with `None` to `max`, with that API's wording
/// ("find() takes at least 1 argument (0 given)").
pub fn varargs(
    vm: &mut Vm,
    name: &str,
    args: Args,
    min: usize,
    max: usize,
) -> PyResult<Vec<Option<Value>>> {
    no_keywords(vm, name, &args)?;
    let n = args.pos.len();
    if n < min || n > max {
        let (bound, count) = if n < min {
            ("at least", min)
        } else {
            ("at most", max)
        };
        let bound = if min == max { "exactly" } else { bound };
        return Err(vm.new_type_error(format!(
            "{name}() takes {bound} {count} {} ({n} given)",
            plural_args(count)
        )));
    }
    let mut out: Vec<Option<Value>> = args.pos.into_iter().map(Some).collect();
    out.resize(max, None);
    Ok(out)
}

pub fn arity_error(vm: &mut Vm, name: &str, n: usize, min: usize, max: usize) -> PyErr {
    let msg = if min == max {
        format!("{name} expected {min} {}, got {n}", plural_args(min))
    } else if n < min {
        format!(
            "{name} expected at least {min} {}, got {n}",
            plural_args(min)
        )
    } else {
        format!(
            "{name} expected at most {max} {}, got {n}",
            plural_args(max)
        )
    };
    vm.new_type_error(msg)
}

/// Parses positional-or-keyword parameters `names` (the first `required` required),
/// in the style of CPython's `PyArg_ParseTupleAndKeywords`.
pub fn parse(
    vm: &mut Vm,
    name: &str,
    args: Args,
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<Value>>> {
    let n = args.pos.len();
    if n > names.len() {
        return Err(vm.new_type_error(format!(
            "{name}() takes at most {} {} ({n} given)",
            names.len(),
            plural_args(names.len())
        )));
    }
    let mut out: Vec<Option<Value>> = args.pos.into_iter().map(Some).collect();
    out.resize(names.len(), None);
    for (key, value) in args.kw {
        let key = crate::abstract_::obj_as_str(&key).unwrap_or("").to_owned();
        match names.iter().position(|p| *p == key) {
            Some(i) if out[i].is_none() => out[i] = Some(value),
            Some(i) => {
                return Err(vm.new_type_error(format!(
                    "argument for {name}() given by name ('{key}') and position ({})",
                    i + 1
                )))
            }
            None => {
                return Err(vm.new_type_error(format!(
                    "'{key}' is an invalid keyword argument for {name}()"
                )))
            }
        }
    }
    if let Some(i) = out[..required].iter().position(|v| v.is_none()) {
        return Err(vm.new_type_error(format!(
            "{name}() missing required argument '{}' (pos {})",
            names[i],
            i + 1
        )));
    }
    Ok(out)
}

/// Splits keyword-only parameters `names` off `args` (`print(..., sep=, end=)`),
/// leaving positional arguments in place.
pub fn take_keywords(
    vm: &mut Vm,
    name: &str,
    args: &mut Args,
    names: &[&str],
) -> PyResult<Vec<Option<Value>>> {
    let mut out = vec![None; names.len()];
    for (key, value) in std::mem::take(&mut args.kw) {
        let text = crate::abstract_::obj_as_str(&key).unwrap_or("").to_owned();
        match names.iter().position(|p| *p == text) {
            Some(i) => out[i] = Some(value),
            None => {
                return Err(vm.new_type_error(format!(
                    "'{text}' is an invalid keyword argument for {name}()"
                )))
            }
        }
    }
    Ok(out)
}
