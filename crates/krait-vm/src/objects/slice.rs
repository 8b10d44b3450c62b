//! The `slice` type (CPython's `Objects/sliceobject.c`).

use num_bigint::{BigInt, Sign};
use num_traits::{One, Zero};

use crate::abstract_;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::function::Args;
use crate::objects::int;
use crate::objects::{add_getset, add_method_sig, add_new};
use crate::signature::{given, Signature};
use crate::value::Value;
use crate::{PyResult, Vm};

/// `slice.indices(len)` in a loop-friendly form: (start, stop, step, count). The
/// length is asked for once the bounds are converted, since their `__index__` may
/// resize the sequence (CPython's `PySlice_Unpack`, then `PySlice_AdjustIndices`).
pub fn indices(
    vm: &mut Vm,
    slice: &ObjRef,
    len: impl FnOnce() -> usize,
) -> PyResult<(isize, isize, isize, usize)> {
    let Payload::Slice { start, stop, step } = &slice.payload else {
        return Err(vm.new_type_error("expected a slice".to_owned()));
    };
    let step = if step.is_none() {
        1
    } else {
        slice_index(vm, step)?
    };
    if step == 0 {
        return Err(vm.new_value_error("slice step cannot be zero".to_owned()));
    }
    let start = match start.is_none() {
        true => None,
        false => Some(slice_index(vm, start)?),
    };
    let stop = match stop.is_none() {
        true => None,
        false => Some(slice_index(vm, stop)?),
    };
    let len = len() as isize;
    let clamp = |v: isize, lo: isize, hi: isize| v.max(lo).min(hi);
    let (lo, hi) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let bound = |given: Option<isize>, default: isize| match given {
        None => default,
        Some(s) => clamp(if s < 0 { s + len } else { s }, lo, hi),
    };
    let start = bound(start, if step < 0 { hi } else { lo });
    let stop = bound(stop, if step < 0 { lo } else { hi });
    let count = if step > 0 {
        if stop > start {
            ((stop - start - 1) / step + 1) as usize
        } else {
            0
        }
    } else if start > stop {
        ((start - stop - 1) / (-step) + 1) as usize
    } else {
        0
    };
    Ok((start, stop, step, count))
}

/// `slice.indices(len)` over ints of any size: start, stop and step clipped to a
/// sequence of `len` items (CPython's `_PySlice_GetLongIndices`).
fn exact_indices(vm: &mut Vm, slice: &ObjRef, len: &BigInt) -> PyResult<[BigInt; 3]> {
    let (start, stop, step) = fields(&Value::Obj(slice.clone()));
    let bound = |vm: &mut Vm, v: &Value| -> PyResult<Option<BigInt>> {
        if v.is_none() {
            return Ok(None);
        }
        match abstract_::index(vm, v) {
            Ok(n) => Ok(int::as_big(&n)),
            Err(_) => Err(vm.new_type_error(
                "slice indices must be integers or None or have an __index__ method".to_owned(),
            )),
        }
    };
    let step = bound(vm, &step)?.unwrap_or_else(BigInt::one);
    if step.is_zero() {
        return Err(vm.new_value_error("slice step cannot be zero".to_owned()));
    }
    let backwards = step.sign() == Sign::Minus;
    let (lower, upper) = if backwards {
        (BigInt::from(-1), len - 1)
    } else {
        (BigInt::zero(), len.clone())
    };
    let clip = |given: Option<BigInt>, default: &BigInt| match given {
        None => default.clone(),
        Some(n) if n.sign() == Sign::Minus => (n + len).max(lower.clone()),
        Some(n) => n.min(upper.clone()),
    };
    let start = bound(vm, &start)?;
    let start = clip(start, if backwards { &upper } else { &lower });
    let stop = bound(vm, &stop)?;
    let stop = clip(stop, if backwards { &lower } else { &upper });
    Ok([start, stop, step])
}

fn slice_index(vm: &mut Vm, v: &Value) -> PyResult<isize> {
    match abstract_::index(vm, v) {
        Ok(Value::Int(n)) => Ok(n.clamp(isize::MIN as i64 / 2, isize::MAX as i64 / 2) as isize),
        Ok(Value::Obj(o)) => match &o.payload {
            Payload::Int(n) => Ok(if n.sign() == num_bigint::Sign::Minus {
                isize::MIN / 2
            } else {
                isize::MAX / 2
            }),
            _ => Ok(0),
        },
        Ok(_) => Ok(0),
        Err(_) => Err(vm.new_type_error(
            "slice indices must be integers or None or have an __index__ method".to_owned(),
        )),
    }
}

fn fields(v: &Value) -> (Value, Value, Value) {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Slice { start, stop, step } => (start.clone(), stop.clone(), step.clone()),
            _ => (Value::None, Value::None, Value::None),
        },
        _ => (Value::None, Value::None, Value::None),
    }
}

static NEW: Signature = Signature::new("slice", "($type, start_or_stop, stop=None, step=None, /)");
static INDICES: Signature = Signature::unlisted("slice", "indices", "($self, len, /)");

static REDUCE: Signature = Signature::unlisted("slice", "__reduce__", "($self, /)");

pub fn init(vm: &mut Vm) {
    let ty = vm.types.slice.clone();
    // Pickling: `slice(start, stop, step)`.
    crate::objects::add_method_sig(vm, &ty, &REDUCE, |vm, args| {
        let (me, []) = REDUCE.bind(vm, args)?;
        let me = given(me);
        let s = me;
        let parts = match &s {
            Value::Obj(o) => match &o.payload {
                crate::object::Payload::Slice { start, stop, step } => {
                    vec![start.clone(), stop.clone(), step.clone()]
                }
                _ => vec![Value::None; 3],
            },
            _ => vec![Value::None; 3],
        };
        let args = vm.new_tuple(parts);
        Ok(vm.new_tuple(vec![Value::Obj(vm.types.slice.clone()), args]))
    });
    add_new(vm, &ty, |vm, args: Args| {
        let (_, [first, second, third]) = NEW.bind(vm, args)?;
        let first = first.expect("required by the signature");
        let (start, stop, step) = match second {
            None => (Value::None, first, Value::None),
            Some(stop) => (first, stop, third.unwrap_or(Value::None)),
        };
        Ok(Value::Obj(PyObject::new(
            vm.types.slice.clone(),
            Payload::Slice { start, stop, step },
        )))
    });
    add_getset(vm, &ty, "start", |_, v| Ok(fields(v).0), None);
    add_getset(vm, &ty, "stop", |_, v| Ok(fields(v).1), None);
    add_getset(vm, &ty, "step", |_, v| Ok(fields(v).2), None);
    crate::native::add_slot(
        vm,
        &ty,
        crate::slots::NativeSlot::Repr(|vm, me| {
            let (a, b, c) = fields(me);
            let (a, b, c) = (
                abstract_::repr_string(vm, &a)?,
                abstract_::repr_string(vm, &b)?,
                abstract_::repr_string(vm, &c)?,
            );
            Ok(vm.new_str(format!("slice({a}, {b}, {c})")))
        }),
    );
    add_method_sig(vm, &ty, &INDICES, |vm, args| {
        let (this, [len]) = INDICES.bind(vm, args)?;
        let Some(Value::Obj(s)) = this else {
            return Ok(Value::None);
        };
        let len = abstract_::index(vm, &given(len))?;
        let len = int::as_big(&len).unwrap_or_default();
        if len.sign() == Sign::Minus {
            return Err(vm.new_value_error("length should not be negative".to_owned()));
        }
        let bounds = exact_indices(vm, &s, &len)?;
        let items = bounds
            .into_iter()
            .map(|n| int::int_from_big(vm, n))
            .collect();
        Ok(vm.new_tuple(items))
    });
    crate::native::add_slot(
        vm,
        &ty,
        crate::slots::NativeSlot::RichCompare(slice_richcompare),
    );
    crate::objects::set_type_attr(vm, &ty, "__hash__", Value::None);
}

/// Slices compare as the tuples `(start, stop, step)`.
fn slice_richcompare(vm: &mut Vm, this_v: &Value, other: &Value, op: usize) -> PyResult<Value> {
    let is_slice =
        |v: &Value| matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Slice { .. }));
    if !is_slice(this_v) || !is_slice(other) {
        return Ok(vm.not_implemented());
    }
    let (a, b) = (fields(this_v), fields(other));
    let ta = [a.0, a.1, a.2];
    let tb = [b.0, b.1, b.2];
    crate::objects::list::sequence_compare(vm, &ta, &tb, op)
}
