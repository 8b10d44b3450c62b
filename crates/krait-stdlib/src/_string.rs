//! The `_string` module: `formatter_parser` and `formatter_field_name_split`, the
//! parsers behind `string.Formatter`.
//!
//! Deliberate difference: written in Python (`frozen/_string.py`, frozen into the
//! binary); the iterators are generators rather than CPython's iterator types.

use krait_vm::{ObjRef, PyResult, Vm};

const SOURCE: &str = include_str!("frozen/_string.py");

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    crate::frozen_module(vm, "_string", SOURCE, |_, _| Ok(()))
}
