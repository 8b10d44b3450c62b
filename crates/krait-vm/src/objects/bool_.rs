//! The `bool` type (CPython's `Objects/boolobject.c`).

use crate::abstract_;
use crate::objects::function::Args;
use crate::objects::{add_method_sig, add_new};
use crate::signature::{given, Signature};
use crate::value::Value;
use crate::{PyResult, Vm};

fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        _ => None,
    }
}

/// The signatures of bool's `&`, `|` and `^` and their reflections.
static LOGICAL: [Signature; 6] = [
    Signature::slot_wrapper("bool", "__and__", "($self, value, /)"),
    Signature::slot_wrapper("bool", "__rand__", "($self, value, /)"),
    Signature::slot_wrapper("bool", "__or__", "($self, value, /)"),
    Signature::slot_wrapper("bool", "__ror__", "($self, value, /)"),
    Signature::slot_wrapper("bool", "__xor__", "($self, value, /)"),
    Signature::slot_wrapper("bool", "__rxor__", "($self, value, /)"),
];

fn logical(vm: &mut Vm, signature: &'static Signature, args: Args, op: usize) -> PyResult<Value> {
    let (a, [b]) = signature.bind(vm, args)?;
    let (a, b) = (given(a), given(b));
    match (as_bool(&a), as_bool(&b)) {
        (Some(x), Some(y)) => Ok(Value::Bool(match op {
            1 => x & y,
            7 => x | y,
            _ => x ^ y,
        })),
        _ => {
            let (x, y) = (
                crate::objects::int::as_big(&a),
                crate::objects::int::as_big(&b),
            );
            match (x, y) {
                (Some(x), Some(y)) => crate::objects::int::int_binary(vm, &x, &y, op),
                _ => Ok(vm.not_implemented()),
            }
        }
    }
}

static NEW: Signature = Signature::new("bool", "($type, x=False, /)");

static REPR: Signature = Signature::slot_wrapper("bool", "__repr__", "($self, /)");

pub fn init(vm: &mut Vm) {
    let ty = vm.types.bool_.clone();
    add_new(vm, &ty, |vm, args| {
        let (_, [x]) = NEW.bind(vm, args)?;
        match &x {
            Some(v) => Ok(Value::Bool(abstract_::is_true(vm, v)?)),
            None => Ok(Value::Bool(false)),
        }
    });
    add_method_sig(vm, &ty, &REPR, |vm, args| {
        let (me, []) = REPR.bind(vm, args)?;
        let me = given(me);
        let s = if as_bool(&me) == Some(true) {
            "True"
        } else {
            "False"
        };
        Ok(vm.new_str(s))
    });
    add_method_sig(vm, &ty, &LOGICAL[0], |vm, args| {
        logical(vm, &LOGICAL[0], args, 1)
    });
    add_method_sig(vm, &ty, &LOGICAL[1], |vm, args| {
        logical(vm, &LOGICAL[1], args, 1)
    });
    add_method_sig(vm, &ty, &LOGICAL[2], |vm, args| {
        logical(vm, &LOGICAL[2], args, 7)
    });
    add_method_sig(vm, &ty, &LOGICAL[3], |vm, args| {
        logical(vm, &LOGICAL[3], args, 7)
    });
    add_method_sig(vm, &ty, &LOGICAL[4], |vm, args| {
        logical(vm, &LOGICAL[4], args, 12)
    });
    add_method_sig(vm, &ty, &LOGICAL[5], |vm, args| {
        logical(vm, &LOGICAL[5], args, 12)
    });
}
