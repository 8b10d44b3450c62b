//! The `_tracemalloc` module (CPython's `Modules/_tracemalloc.c`) without tracing:
//! Krait's objects live in Rust's allocator, which keeps no per-object traceback,
//! so `start()` is refused and every query answers as CPython does when tracing is
//! off. This is what `tracemalloc` and the warnings machinery (which suggests
//! enabling it) need to import and run.

use crate::native::{add_module_functions, MethodDef};
use crate::object::ObjRef;
use crate::objects::function::Args;
use crate::objects::module::{module_dict, new_module};
use crate::signature::Signature;
use crate::value::Value;
use crate::{Exc, PyResult, Vm};

static IS_TRACING: Signature = Signature::of("_tracemalloc", "is_tracing", "($module, /)");
static CLEAR_TRACES: Signature = Signature::of("_tracemalloc", "clear_traces", "($module, /)");
static GET_TRACES: Signature = Signature::of("_tracemalloc", "_get_traces", "($module, /)");
static GET_OBJECT_TRACEBACK: Signature =
    Signature::of("_tracemalloc", "_get_object_traceback", "($module, obj, /)");
static START: Signature = Signature::of("_tracemalloc", "start", "($module, nframe=1, /)");
static STOP: Signature = Signature::of("_tracemalloc", "stop", "($module, /)");
static GET_TRACEBACK_LIMIT: Signature =
    Signature::of("_tracemalloc", "get_traceback_limit", "($module, /)");
static GET_TRACEMALLOC_MEMORY: Signature =
    Signature::of("_tracemalloc", "get_tracemalloc_memory", "($module, /)");
static GET_TRACED_MEMORY: Signature =
    Signature::of("_tracemalloc", "get_traced_memory", "($module, /)");
static RESET_PEAK: Signature = Signature::of("_tracemalloc", "reset_peak", "($module, /)");

static FUNCTIONS: [MethodDef; 10] = [
    MethodDef::staticmethod("is_tracing", |vm, args| {
        IS_TRACING.bind_args::<0>(vm, args)?;
        Ok(Value::Bool(false))
    })
    .with_signature(&IS_TRACING),
    MethodDef::staticmethod("clear_traces", |vm, args| {
        CLEAR_TRACES.bind_args::<0>(vm, args)?;
        Ok(Value::None)
    })
    .with_signature(&CLEAR_TRACES),
    MethodDef::staticmethod("_get_traces", |vm, args| {
        GET_TRACES.bind_args::<0>(vm, args)?;
        Ok(vm.new_list(vec![]))
    })
    .with_signature(&GET_TRACES),
    MethodDef::staticmethod("_get_object_traceback", |vm, args| {
        GET_OBJECT_TRACEBACK.bind_args::<1>(vm, args)?;
        Ok(Value::None)
    })
    .with_signature(&GET_OBJECT_TRACEBACK),
    MethodDef::staticmethod("start", tracemalloc_start).with_signature(&START),
    MethodDef::staticmethod("stop", |vm, args| {
        STOP.bind_args::<0>(vm, args)?;
        Ok(Value::None)
    })
    .with_signature(&STOP),
    MethodDef::staticmethod("get_traceback_limit", |vm, args| {
        GET_TRACEBACK_LIMIT.bind_args::<0>(vm, args)?;
        Ok(Value::Int(1))
    })
    .with_signature(&GET_TRACEBACK_LIMIT),
    MethodDef::staticmethod("get_tracemalloc_memory", |vm, args| {
        GET_TRACEMALLOC_MEMORY.bind_args::<0>(vm, args)?;
        Ok(Value::Int(0))
    })
    .with_signature(&GET_TRACEMALLOC_MEMORY),
    MethodDef::staticmethod("get_traced_memory", |vm, args| {
        GET_TRACED_MEMORY.bind_args::<0>(vm, args)?;
        Ok(vm.new_tuple(vec![Value::Int(0), Value::Int(0)]))
    })
    .with_signature(&GET_TRACED_MEMORY),
    MethodDef::staticmethod("reset_peak", |vm, args| {
        RESET_PEAK.bind_args::<0>(vm, args)?;
        Ok(Value::None)
    })
    .with_signature(&RESET_PEAK),
];

/// `start(nframe=1)`: checks the argument as CPython does, then refuses, since no
/// allocation can be traced.
fn tracemalloc_start(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [nframe] = START.bind_args(vm, args)?;
    if let Some(n) = nframe {
        let n = crate::abstract_::index_isize(vm, &n)?;
        if !(1..=65535).contains(&n) {
            return Err(
                vm.new_value_error("the number of frames must be in range [1; 65535]".to_owned())
            );
        }
    }
    Err(vm.new_error(
        Exc::RuntimeError,
        "memory allocations cannot be traced in Krait",
    ))
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_tracemalloc");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_tracemalloc", &FUNCTIONS);
    Ok(m)
}
