//! The `bool` type (CPython's `Objects/boolobject.c`).

use crate::abstract_;
use crate::native::add_slot;
use crate::objects::add_new;
use crate::objects::int::as_big;
use crate::signature::Signature;
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::{PyResult, Vm};
use krait_bytecode::opcode_table::{NB_AND, NB_OR, NB_XOR};

fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        _ => None,
    }
}

/// `&`, `|` and `^`: bools give a bool, anything else with an int value an int.
fn logical(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    match (as_bool(a), as_bool(b)) {
        (Some(x), Some(y)) => Ok(Value::Bool(match op {
            NB_AND => x & y,
            NB_OR => x | y,
            _ => x ^ y,
        })),
        _ => match (as_big(a), as_big(b)) {
            (Some(x), Some(y)) => crate::objects::int::int_binary(vm, &x, &y, op),
            _ => Ok(vm.not_implemented()),
        },
    }
}

static NEW: Signature = Signature::new("bool", "($type, x=False, /)");

pub fn init(vm: &mut Vm) {
    let ty = vm.types.bool_.clone();
    add_new(vm, &ty, |vm, args| {
        let (_, [x]) = NEW.bind(vm, args)?;
        match &x {
            Some(v) => Ok(Value::Bool(abstract_::is_true(vm, v)?)),
            None => Ok(Value::Bool(false)),
        }
    });
    crate::objects::set_vectorcall(&ty, 0, 1, |vm, args| match args.first() {
        Some(v) => Ok(Value::Bool(abstract_::is_true(vm, v)?)),
        None => Ok(Value::Bool(false)),
    });
    add_slot(
        vm,
        &ty,
        NativeSlot::Repr(|vm, me| {
            let s = if as_bool(me) == Some(true) {
                "True"
            } else {
                "False"
            };
            Ok(vm.new_str(s))
        }),
    );
    for op in [NB_AND, NB_OR, NB_XOR] {
        add_slot(vm, &ty, NativeSlot::Binary(op, logical));
    }
}
