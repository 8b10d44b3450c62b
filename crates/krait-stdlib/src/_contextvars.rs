//! The `_contextvars` module (CPython's `Python/context.c`): context variables and
//! contexts. Krait runs one thread, so the current context is a module global and
//! the module is Python frozen into the binary.

use krait_vm::{ObjRef, PyResult, Vm};

const SOURCE: &str = include_str!("frozen/_contextvars.py");

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    crate::frozen_module(vm, "_contextvars", SOURCE, |_, _| Ok(()))
}
