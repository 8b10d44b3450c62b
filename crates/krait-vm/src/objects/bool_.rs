//! The `bool` type (CPython's `Objects/boolobject.c`).

use crate::abstract_;
use crate::objects::function::Args;
use crate::objects::{add_method, add_new, this};
use crate::signature::Signature;
use crate::value::Value;
use crate::{PyResult, Vm};

fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        _ => None,
    }
}

fn logical(vm: &mut Vm, args: Args, op: usize) -> PyResult<Value> {
    let (a, b) = (this(&args), args.pos.get(1).cloned().unwrap_or(Value::None));
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

pub fn init(vm: &mut Vm) {
    let ty = vm.types.bool_.clone();
    add_new(vm, &ty, |vm, args| {
        let (_, [x]) = NEW.bind(vm, args)?;
        match &x {
            Some(v) => Ok(Value::Bool(abstract_::is_true(vm, v)?)),
            None => Ok(Value::Bool(false)),
        }
    });
    add_method(vm, &ty, "__repr__", |vm, args| {
        let s = if as_bool(&this(&args)) == Some(true) {
            "True"
        } else {
            "False"
        };
        Ok(vm.new_str(s))
    });
    add_method(vm, &ty, "__and__", |vm, args| logical(vm, args, 1));
    add_method(vm, &ty, "__rand__", |vm, args| logical(vm, args, 1));
    add_method(vm, &ty, "__or__", |vm, args| logical(vm, args, 7));
    add_method(vm, &ty, "__ror__", |vm, args| logical(vm, args, 7));
    add_method(vm, &ty, "__xor__", |vm, args| logical(vm, args, 12));
    add_method(vm, &ty, "__rxor__", |vm, args| logical(vm, args, 12));
}
