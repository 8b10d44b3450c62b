//! The `itertools` module (CPython's `Modules/itertoolsmodule.c`).
//!
//! Deliberate difference: the iterator types are written in Python
//! (`frozen/itertools.py`, frozen into the binary) rather than in Rust; their
//! behaviour, reprs and error messages follow CPython's.

use krait_vm::{ObjRef, PyResult, Vm};

const SOURCE: &str = include_str!("frozen/itertools.py");

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    crate::frozen_module(vm, "itertools", SOURCE, |_, _| Ok(()))
}
