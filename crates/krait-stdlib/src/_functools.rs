//! The `_functools` module (CPython's `Modules/_functoolsmodule.c`).
//!
//! Deliberate difference: `partial` and `cmp_to_key` are written in Python
//! (`frozen/_functools.py`, frozen into the binary); `_lru_cache_wrapper` is absent,
//! so `functools.py` keeps its Python `lru_cache`.

use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::new_builtin_function;
use krait_vm::{abstract_, getargs, ObjRef, PyResult, Value, Vm};

/// `reduce(function, iterable[, initial], /)`.
fn reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut a = getargs::positional(vm, "reduce", args, 2, 3)?.into_iter();
    let (Some(Some(func)), Some(Some(seq)), initial) = (a.next(), a.next(), a.next().flatten())
    else {
        return Err(getargs::arity_error(vm, "reduce", 0, 2, 3));
    };
    let it = match abstract_::get_iter(vm, &seq) {
        Ok(it) => it,
        Err(e) => {
            if vm.err_matches(&e, "TypeError") {
                return Err(vm.new_type_error("reduce() arg 2 must support iteration".to_owned()));
            }
            return Err(e);
        }
    };
    let mut acc = initial;
    while let Some(item) = abstract_::iter_next(vm, &it)? {
        acc = Some(match acc {
            None => item,
            Some(prev) => vm.call1(&func, vec![prev, item])?,
        });
    }
    acc.ok_or_else(|| {
        vm.new_type_error("reduce() of empty iterable with no initial value".to_owned())
    })
}

const SOURCE: &str = include_str!("frozen/_functools.py");

fn add_reduce(vm: &mut Vm, d: &ObjRef) -> PyResult<()> {
    let f = new_builtin_function(vm, "reduce", reduce, Some("_functools"));
    dict::dict_set_str(vm, d, "reduce", f);
    Ok(())
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    crate::frozen_module(vm, "_functools", SOURCE, add_reduce)
}
