//! The `_operator` module (CPython's `Modules/_operator.c`): the operators as
//! functions. `Lib/operator.py` defines everything in Python and then replaces
//! what this module provides with `from _operator import *`.
//!
//! Deliberate difference: `itemgetter`, `attrgetter`, `methodcaller`,
//! `length_hint`, `concat` and the other sequence helpers are written in Python
//! (`frozen/_operator.py`, frozen into the binary) with CPython's messages and reprs.

use krait_bytecode::Opcode;
use krait_vm::objects::dict;
use krait_vm::objects::function::{Args, NativeFn};
use krait_vm::objects::new_builtin_function;
use krait_vm::{abstract_, getargs, ObjRef, PyResult, Value, Vm};

/// The two arguments of a two-operand operator function (`add(a, b, /)`).
fn two_args(vm: &mut Vm, name: &str, args: Args) -> PyResult<(Value, Value)> {
    let mut a = getargs::positional(vm, name, args, 2, 2)?
        .into_iter()
        .flatten();
    match (a.next(), a.next()) {
        (Some(x), Some(y)) => Ok((x, y)),
        _ => Err(getargs::arity_error(vm, name, 0, 2, 2)),
    }
}

fn binary(vm: &mut Vm, name: &str, args: Args, op: usize) -> PyResult<Value> {
    let (a, b) = two_args(vm, name, args)?;
    abstract_::binary_op(vm, &a, &b, op)
}

fn rich_compare(vm: &mut Vm, name: &str, args: Args, op: usize) -> PyResult<Value> {
    let (a, b) = two_args(vm, name, args)?;
    abstract_::compare(vm, &a, &b, op)
}

fn unary(vm: &mut Vm, name: &str, args: Args, op: Opcode) -> PyResult<Value> {
    let v = getargs::exactly_one(vm, name, args)?;
    abstract_::unary_op(vm, &v, op)
}

macro_rules! binary_fns {
    ($($name:literal => $op:expr),* $(,)?) => {
        vec![$(($name, (|vm: &mut Vm, args: Args| binary(vm, $name, args, $op)) as NativeFn)),*]
    };
}

macro_rules! compare_fns {
    ($($name:literal => $op:expr),* $(,)?) => {
        vec![$(($name, (|vm: &mut Vm, args: Args| rich_compare(vm, $name, args, $op)) as NativeFn)),*]
    };
}

fn op_not(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = getargs::exactly_one(vm, "not_", args)?;
    Ok(Value::Bool(!abstract_::is_true(vm, &v)?))
}

fn op_truth(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = getargs::exactly_one(vm, "truth", args)?;
    Ok(Value::Bool(abstract_::is_true(vm, &v)?))
}

fn same_object(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Obj(x), Value::Obj(y)) => std::rc::Rc::ptr_eq(x, y),
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::None, Value::None) => true,
        _ => false,
    }
}

fn op_is(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = two_args(vm, "is_", args)?;
    Ok(Value::Bool(same_object(&a, &b)))
}

fn op_is_not(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = two_args(vm, "is_not", args)?;
    Ok(Value::Bool(!same_object(&a, &b)))
}

fn op_index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = getargs::exactly_one(vm, "index", args)?;
    abstract_::index(vm, &v)
}

fn op_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = two_args(vm, "getitem", args)?;
    abstract_::getitem(vm, &a, &b)
}

fn op_setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut a = getargs::positional(vm, "setitem", args, 3, 3)?
        .into_iter()
        .flatten();
    let (Some(obj), Some(key), Some(value)) = (a.next(), a.next(), a.next()) else {
        return Err(getargs::arity_error(vm, "setitem", 0, 3, 3));
    };
    abstract_::setitem(vm, &obj, key, value)?;
    Ok(Value::None)
}

fn op_delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = two_args(vm, "delitem", args)?;
    abstract_::delitem(vm, &a, &b)?;
    Ok(Value::None)
}

fn op_contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = two_args(vm, "contains", args)?;
    Ok(Value::Bool(abstract_::contains(vm, &a, &b)?))
}

const SOURCE: &str = include_str!("frozen/_operator.py");

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    crate::frozen_module(vm, "_operator", SOURCE, add_operator_functions)
}

fn add_operator_functions(vm: &mut Vm, d: &ObjRef) -> PyResult<()> {
    let mut fns: Vec<(&'static str, NativeFn)> = binary_fns![
        "add" => 0, "and_" => 1, "floordiv" => 2, "lshift" => 3, "matmul" => 4,
        "mul" => 5, "mod" => 6, "or_" => 7, "pow" => 8, "rshift" => 9, "sub" => 10,
        "truediv" => 11, "xor" => 12,
        "iadd" => 13, "iand" => 14, "ifloordiv" => 15, "ilshift" => 16, "imatmul" => 17,
        "imul" => 18, "imod" => 19, "ior" => 20, "ipow" => 21, "irshift" => 22,
        "isub" => 23, "itruediv" => 24, "ixor" => 25,
    ];
    fns.extend(compare_fns![
        "lt" => 0, "le" => 1, "eq" => 2, "ne" => 3, "gt" => 4, "ge" => 5,
    ]);
    fns.extend([
        (
            "neg",
            (|vm: &mut Vm, a: Args| unary(vm, "neg", a, Opcode::UNARY_NEGATIVE)) as NativeFn,
        ),
        ("pos", |vm, a| unary(vm, "pos", a, Opcode::UNARY_POSITIVE)),
        ("inv", |vm, a| unary(vm, "inv", a, Opcode::UNARY_INVERT)),
        ("invert", |vm, a| {
            unary(vm, "invert", a, Opcode::UNARY_INVERT)
        }),
        ("not_", op_not),
        ("truth", op_truth),
        ("is_", op_is),
        ("is_not", op_is_not),
        ("index", op_index),
        ("getitem", op_getitem),
        ("setitem", op_setitem),
        ("delitem", op_delitem),
        ("contains", op_contains),
    ]);
    for (name, f) in fns {
        let func = new_builtin_function(vm, name, f, Some("_operator"));
        dict::dict_set_str(vm, d, name, func);
    }
    Ok(())
}
