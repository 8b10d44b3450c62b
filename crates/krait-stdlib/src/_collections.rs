//! The `_collections` module (CPython's `Modules/_collectionsmodule.c`).
//!
//! Deliberate difference: `deque` and `defaultdict` are written in Python
//! (`frozen/_collections.py`, frozen into the binary); `_count_elements`, the loop
//! under `Counter`, is Rust. `OrderedDict` and `_tuplegetter` are left to the
//! pure-Python versions in `collections/__init__.py`.

use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::new_builtin_function;
use krait_vm::{abstract_, getargs, ObjRef, PyResult, Value, Vm};

const SOURCE: &str = include_str!("frozen/_collections.py");

/// `_count_elements(mapping, iterable)`: `mapping[x] = mapping.get(x, 0) + 1` for
/// each `x` of `iterable`.
fn count_elements(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut a = getargs::positional(vm, "_count_elements", args, 2, 2)?
        .into_iter()
        .flatten();
    let (Some(mapping), Some(iterable)) = (a.next(), a.next()) else {
        return Err(vm.new_type_error("_count_elements expected 2 arguments".to_owned()));
    };
    let it = abstract_::get_iter(vm, &iterable)?;
    let get = abstract_::getattr_str(vm, &mapping, "get")?;
    while let Some(elem) = abstract_::iter_next(vm, &it)? {
        let old = vm.call1(&get, vec![elem.clone(), Value::Int(0)])?;
        let new = abstract_::binary_op(vm, &old, &Value::Int(1), 0)?;
        abstract_::setitem(vm, &mapping, elem, new)?;
    }
    Ok(Value::None)
}

fn add_natives(vm: &mut Vm, d: &ObjRef) -> PyResult<()> {
    let f = new_builtin_function(vm, "_count_elements", count_elements, Some("_collections"));
    dict::dict_set_str(vm, d, "_count_elements", f);
    Ok(())
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    crate::frozen_module(vm, "_collections", SOURCE, add_natives)
}
