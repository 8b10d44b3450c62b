//! The `gc` module (CPython's `Modules/gcmodule.c`, the Python-facing part):
//! running the cycle collector and switching it on and off.

use crate::object::ObjRef;
use crate::objects::dict;
use crate::objects::function::NativeFn;
use crate::objects::module::{module_dict, new_module};
use crate::objects::new_builtin_function;
use crate::value::Value;
use crate::{PyResult, Vm};

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "gc");
    let d = module_dict(&m).expect("a module");
    let functions: [(&'static str, NativeFn); 11] = [
        ("collect", |vm, _| {
            Ok(Value::Int(vm.collect_cycles() as i64))
        }),
        ("enable", |vm, _| {
            vm.gc.enabled.set(true);
            Ok(Value::None)
        }),
        ("disable", |vm, _| {
            vm.gc.enabled.set(false);
            Ok(Value::None)
        }),
        ("isenabled", |vm, _| Ok(Value::Bool(vm.gc.enabled.get()))),
        ("get_count", |vm, _| {
            Ok(vm.new_tuple(vec![
                Value::Int(vm.gc.count() as i64),
                Value::Int(0),
                Value::Int(0),
            ]))
        }),
        ("get_threshold", |vm, _| {
            Ok(vm.new_tuple(vec![Value::Int(700), Value::Int(10), Value::Int(10)]))
        }),
        ("set_threshold", |_, _| Ok(Value::None)),
        ("is_tracked", |vm, args| {
            let v = crate::getargs::exactly_one(vm, "is_tracked", args)?;
            Ok(Value::Bool(
                matches!(&v, Value::Obj(o) if crate::gc::is_container(&o.payload)),
            ))
        }),
        ("freeze", |_, _| Ok(Value::None)),
        ("unfreeze", |_, _| Ok(Value::None)),
        ("get_freeze_count", |_, _| Ok(Value::Int(0))),
    ];
    for (name, f) in functions {
        let v = new_builtin_function(vm, name, f, Some("gc"));
        dict::dict_set_str(vm, &d, name, v);
    }
    for name in ["garbage", "callbacks"] {
        let l = vm.new_list(vec![]);
        dict::dict_set_str(vm, &d, name, l);
    }
    for (name, value) in [
        ("DEBUG_STATS", 1),
        ("DEBUG_COLLECTABLE", 2),
        ("DEBUG_UNCOLLECTABLE", 4),
        ("DEBUG_SAVEALL", 32),
        ("DEBUG_LEAK", 38),
    ] {
        dict::dict_set_str(vm, &d, name, Value::Int(value));
    }
    Ok(m)
}
