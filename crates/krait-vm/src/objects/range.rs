//! The `range` type (CPython's `Objects/rangeobject.c`).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, Zero};

use crate::abstract_;
use crate::native::add_slot;
use crate::object::{Payload, PyObject};
use crate::objects::int::{as_big, int_from_big};
use crate::objects::{add_getset, add_method_sig, add_new};
use crate::signature::{given, Signature};
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};
use krait_bytecode::opcode_table::{CMP_EQ, CMP_NE};

pub fn fields(v: &Value) -> Option<(BigInt, BigInt, BigInt)> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Range { start, stop, step } => {
                Some((as_big(start)?, as_big(stop)?, as_big(step)?))
            }
            _ => None,
        },
        _ => None,
    }
}

/// A range's start, stop and step when all three are small ints (the usual case,
/// which needs no big-int arithmetic).
pub fn small_fields(v: &Value) -> Option<(i64, i64, i64)> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Range {
                start: Value::Int(start),
                stop: Value::Int(stop),
                step: Value::Int(step),
            } => Some((*start, *stop, *step)),
            _ => None,
        },
        _ => None,
    }
}

/// `range_len` of small ints (a step is never zero); it fits a `u64`.
pub fn small_range_len(start: i64, stop: i64, step: i64) -> u64 {
    let (start, stop, step) = (i128::from(start), i128::from(stop), i128::from(step));
    let n = if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / -step + 1
    } else {
        0
    };
    n as u64
}

/// Whether CPython iterates `range(start, stop, step)` with its machine-int
/// `range_iterator` (else `longrange_iterator`): the bounds and the length fit a
/// signed machine word, and stepping past `stop` cannot overflow one.
pub fn has_machine_iterator(start: &BigInt, stop: &BigInt, step: &BigInt) -> bool {
    use num_traits::ToPrimitive;
    match (start.to_i64(), stop.to_i64(), step.to_i64()) {
        (Some(start), Some(stop), Some(step)) => machine_length(start, stop, step).is_some(),
        _ => false,
    }
}

/// [`has_machine_iterator`] for bounds already in machine ints: the range's
/// length when it holds.
pub fn machine_length(start: i64, stop: i64, step: i64) -> Option<u64> {
    let n = small_range_len(start, stop, step);
    let fits = n <= i64::MAX as u64
        && (n == 0
            || if step > 0 {
                stop <= i64::MAX - (step - 1)
            } else {
                stop >= i64::MIN + (-1 - step)
            });
    fits.then_some(n)
}

/// The same for `reversed(range(start, stop, step))`: the bounds, `-step`,
/// `start - step` and the length fit.
fn has_machine_reverse_iterator(start: &BigInt, stop: &BigInt, step: &BigInt) -> bool {
    use num_traits::ToPrimitive;
    let (Some(a), Some(b), Some(c)) = (start.to_i64(), stop.to_i64(), step.to_i64()) else {
        return false;
    };
    c != i64::MIN && a.checked_sub(c).is_some() && small_range_len(a, b, c) <= i64::MAX as u64
}

pub fn range_len(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    if step.is_positive() && start < stop {
        (stop - start - 1u32).div_floor(step) + 1u32
    } else if step.is_negative() && start > stop {
        (start - stop - 1u32).div_floor(&-step) + 1u32
    } else {
        BigInt::zero()
    }
}

static NEW: Signature = Signature::new("range", "($type, start_or_stop, stop=None, step=None, /)");
static REVERSED: Signature = Signature::unlisted("range", "__reversed__", "($self, /)");
static INDEX: Signature = Signature::unlisted("range", "index", "($self, value, /)");
static COUNT: Signature = Signature::unlisted("range", "count", "($self, value, /)");

// `METH_VARARGS` in CPython: extra arguments are ignored, keywords refused.
static REDUCE: Signature = Signature::new("__reduce__", "($self, /, *args)").not_listed();

fn range_length(vm: &mut Vm, me: &Value) -> PyResult<usize> {
    if let Some((a, b, c)) = small_fields(me) {
        let n = small_range_len(a, b, c);
        if n <= isize::MAX as u64 {
            return Ok(n as usize);
        }
    }
    let (a, b, c) = fields(me).unwrap_or_default();
    let n = range_len(&a, &b, &c);
    match num_traits::ToPrimitive::to_usize(&n) {
        Some(n) if n <= isize::MAX as usize => Ok(n),
        _ => Err(vm.new_overflow_error("Python int too large to convert to C ssize_t".to_owned())),
    }
}

fn range_repr(vm: &mut Vm, me: &Value) -> PyResult<Value> {
    let (a, b, c) = fields(me).unwrap_or_default();
    let s = if c == BigInt::from(1) {
        format!("range({a}, {b})")
    } else {
        format!("range({a}, {b}, {c})")
    };
    Ok(vm.new_str(s))
}

/// `x in range`: arithmetic for an int, item by item for anything else.
fn range_has(vm: &mut Vm, me: &Value, x: &Value) -> PyResult<bool> {
    let (a, b, c) = fields(me).unwrap_or_default();
    if let Some(n) = exact_int(x) {
        return Ok(range_contains_int(&a, &b, &c, &n));
    }
    let items = abstract_::collect_iterable(vm, me)?;
    for item in items {
        if crate::objects::set::keys_equal(vm, &item, x)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `range[i]` (an int) and `range[a:b:c]` (a range).
fn range_subscript(vm: &mut Vm, me: &Value, key: &Value) -> PyResult<Value> {
    let (a, b, c) = fields(me).unwrap_or_default();
    let n = range_len(&a, &b, &c);
    if let Value::Obj(k) = key {
        if let Payload::Slice {
            start: s_start,
            stop: s_stop,
            step: s_step,
        } = &k.payload
        {
            let (start, stop, step) = slice_indices_big(vm, s_start, s_stop, s_step, &n)?;
            let new_start = &a + &start * &c;
            let new_stop = &a + &stop * &c;
            let new_step = &c * &step;
            return Ok(Value::Obj(PyObject::new(
                vm.types.range.clone(),
                Payload::Range {
                    start: int_from_big(vm, new_start),
                    stop: int_from_big(vm, new_stop),
                    step: int_from_big(vm, new_step),
                },
            )));
        }
    }
    if !abstract_::has_index(vm, key) {
        return Err(vm.new_type_error(format!(
            "range indices must be integers or slices, not {}",
            vm.type_name_of(key)
        )));
    }
    let i = abstract_::index(vm, key)?;
    let i = as_big(&i).unwrap_or_default();
    let i = if i.is_negative() { i + &n } else { i };
    if i.is_negative() || i >= n {
        return Err(vm.new_index_error("range object index out of range".to_owned()));
    }
    Ok(int_from_big(vm, a + i * c))
}

/// Ranges are equal when they give the same numbers; they have no order.
fn range_richcompare(vm: &mut Vm, me: &Value, other: &Value, op: usize) -> PyResult<Value> {
    let (Some(x), Some(y)) = (fields(me), fields(other)) else {
        return Ok(vm.not_implemented());
    };
    if op != CMP_EQ && op != CMP_NE {
        return Ok(vm.not_implemented());
    }
    let (nx, ny) = (range_len(&x.0, &x.1, &x.2), range_len(&y.0, &y.1, &y.2));
    let eq = nx == ny && (nx.is_zero() || (x.0 == y.0 && (nx == BigInt::from(1) || x.2 == y.2)));
    Ok(Value::Bool(eq == (op == CMP_EQ)))
}

/// The hash of `(len, start, step)`, with `None` for what the length makes moot.
fn range_hash(vm: &mut Vm, me: &Value) -> PyResult<i64> {
    let (a, b, c) = fields(me).unwrap_or_default();
    let n = range_len(&a, &b, &c);
    let len = int_from_big(vm, n.clone());
    let items = if n.is_zero() {
        vec![len, Value::None, Value::None]
    } else if n == BigInt::from(1) {
        vec![len, int_from_big(vm, a), Value::None]
    } else {
        vec![len, int_from_big(vm, a), int_from_big(vm, c)]
    };
    let t = vm.new_tuple(items);
    abstract_::hash(vm, &t)
}

pub fn init(vm: &mut Vm) {
    let ty = vm.types.range.clone();
    // `__reduce__`: `(range, (start, stop, step))`.
    crate::objects::add_method_sig(vm, &ty, &REDUCE, |vm, args| {
        let (me, []) = REDUCE.bind(vm, args)?;
        let me = given(me);
        let Some((start, stop, step)) = fields(&me) else {
            return Err(vm.new_type_error("__reduce__ needs a range".to_owned()));
        };
        let parts = [start, stop, step].map(|n| crate::objects::int::int_from_big(vm, n));
        let args = vm.new_tuple(parts.to_vec());
        let class = Value::Obj(vm.types.range.clone());
        Ok(vm.new_tuple(vec![class, args]))
    });
    add_new(vm, &ty, |vm, args| {
        let (_, [first, second, third]) = NEW.bind(vm, args)?;
        let first = first.expect("required by the signature");
        range_of(vm, first, second, third)
    });
    crate::objects::set_vectorcall(&ty, 1, 3, |vm, args| {
        let at = |i: usize| args.get(i).cloned();
        range_of(vm, args[0].clone(), at(1), at(2))
    });

    add_getset(
        vm,
        &ty,
        "start",
        |vm, v| Ok(int_from_big(vm, fields(v).map(|f| f.0).unwrap_or_default())),
        None,
    );
    add_getset(
        vm,
        &ty,
        "stop",
        |vm, v| Ok(int_from_big(vm, fields(v).map(|f| f.1).unwrap_or_default())),
        None,
    );
    add_getset(
        vm,
        &ty,
        "step",
        |vm, v| Ok(int_from_big(vm, fields(v).map(|f| f.2).unwrap_or_default())),
        None,
    );
    for slot in [
        NativeSlot::Length(range_length),
        NativeSlot::Repr(range_repr),
        NativeSlot::Iter(crate::objects::iter::container_iter),
        NativeSlot::Contains(range_has),
        NativeSlot::GetItem(range_subscript),
        NativeSlot::RichCompare(range_richcompare),
        NativeSlot::Hash(range_hash),
        NativeSlot::Bool(|_, me| {
            if let Some((a, b, c)) = small_fields(me) {
                return Ok(small_range_len(a, b, c) != 0);
            }
            let (a, b, c) = fields(me).unwrap_or_default();
            Ok(!range_len(&a, &b, &c).is_zero())
        }),
    ] {
        add_slot(vm, &ty, slot);
    }
    add_method_sig(vm, &ty, &REVERSED, |vm, args| {
        let (this, []) = REVERSED.bind(vm, args)?;
        let (a, b, c) = fields(&this.unwrap_or(Value::None)).unwrap_or_default();
        let n = range_len(&a, &b, &c);
        let machine = has_machine_reverse_iterator(&a, &b, &c);
        let last = &a + (&n - 1u32) * &c;
        Ok(crate::objects::iter::range_iter(vm, last, -c, n, machine))
    });
    add_method_sig(vm, &ty, &INDEX, |vm, args| {
        let (range, [value]) = INDEX.bind(vm, args)?;
        let range = range.unwrap_or(Value::None);
        let x = value.unwrap_or(Value::None);
        let (a, b, c) = fields(&range).unwrap_or_default();
        if let Some(n) = exact_int(&x) {
            if range_contains_int(&a, &b, &c, &n) {
                return Ok(int_from_big(vm, (n - a) / c));
            }
            let r = abstract_::repr_string(vm, &x)?;
            return Err(vm.new_value_error(format!("{r} is not in range")));
        }
        let it = abstract_::get_iter(vm, &range)?;
        let mut i: i64 = 0;
        while let Some(item) = abstract_::iter_next(vm, &it)? {
            if crate::objects::set::keys_equal(vm, &item, &x)? {
                return Ok(Value::Int(i));
            }
            i += 1;
        }
        Err(vm.new_value_error("sequence.index(x): x not in sequence".to_owned()))
    });
    add_method_sig(vm, &ty, &COUNT, |vm, args| {
        let (range, [value]) = COUNT.bind(vm, args)?;
        let range = range.unwrap_or(Value::None);
        let x = value.unwrap_or(Value::None);
        let (a, b, c) = fields(&range).unwrap_or_default();
        if let Some(n) = exact_int(&x) {
            return Ok(Value::Int(range_contains_int(&a, &b, &c, &n) as i64));
        }
        let it = abstract_::get_iter(vm, &range)?;
        let mut count: i64 = 0;
        while let Some(item) = abstract_::iter_next(vm, &it)? {
            if crate::objects::set::keys_equal(vm, &item, &x)? {
                count += 1;
            }
        }
        Ok(Value::Int(count))
    });
}

/// An exact int or bool (subclasses may redefine `==`, so they take the slow path).
fn exact_int(x: &Value) -> Option<BigInt> {
    match x {
        Value::Int(n) => Some(BigInt::from(*n)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Obj(o) => match &o.payload {
            Payload::Int(n) if !crate::objects::typeobject::type_data(&o.class()).heap => {
                Some(n.clone())
            }
            _ => None,
        },
        _ => None,
    }
}

fn range_contains_int(a: &BigInt, b: &BigInt, c: &BigInt, n: &BigInt) -> bool {
    let inside = if c.is_positive() {
        a <= n && n < b
    } else {
        b < n && n <= a
    };
    inside && (n - a).mod_floor(c).is_zero()
}

/// `slice.indices(length)` over big ints (CPython's `_PySlice_GetLongIndices`).
pub fn slice_indices_big(
    vm: &mut Vm,
    start: &Value,
    stop: &Value,
    step: &Value,
    length: &BigInt,
) -> PyResult<(BigInt, BigInt, BigInt)> {
    let to_big = |vm: &mut Vm, v: &Value| -> PyResult<BigInt> {
        match abstract_::index(vm, v) {
            Ok(i) => Ok(as_big(&i).unwrap_or_default()),
            Err(e) if vm.err_matches(&e, Exc::TypeError) => Err(vm.new_type_error(
                "slice indices must be integers or None or have an __index__ method".to_owned(),
            )),
            Err(e) => Err(e),
        }
    };
    let step = if step.is_none() {
        BigInt::from(1)
    } else {
        to_big(vm, step)?
    };
    if step.is_zero() {
        return Err(vm.new_value_error("slice step cannot be zero".to_owned()));
    }
    let negative = step.is_negative();
    let (lower, upper) = if negative {
        (BigInt::from(-1), length - 1u32)
    } else {
        (BigInt::zero(), length.clone())
    };
    let clamp = |vm: &mut Vm, v: &Value, default: &BigInt| -> PyResult<BigInt> {
        if v.is_none() {
            return Ok(default.clone());
        }
        let mut i = to_big(vm, v)?;
        if i.is_negative() {
            i += length;
            if i < lower {
                i = lower.clone();
            }
        } else if i > upper {
            i = upper.clone();
        }
        Ok(i)
    };
    let start = clamp(vm, start, if negative { &upper } else { &lower })?;
    let stop = clamp(vm, stop, if negative { &lower } else { &upper })?;
    Ok((start, stop, step))
}

/// `range(first)`, `range(first, second)` or `range(first, second, third)`.
fn range_of(
    vm: &mut Vm,
    first: Value,
    second: Option<Value>,
    third: Option<Value>,
) -> PyResult<Value> {
    let first = abstract_::index(vm, &first)?;
    let (start, stop, step) = match (second, third) {
        (None, _) => (Value::Int(0), first, Value::Int(1)),
        (Some(stop), None) => (first, abstract_::index(vm, &stop)?, Value::Int(1)),
        (Some(stop), Some(step)) => (
            first,
            abstract_::index(vm, &stop)?,
            abstract_::index(vm, &step)?,
        ),
    };
    if as_big(&step).is_some_and(|s| s.is_zero()) {
        return Err(vm.new_value_error("range() arg 3 must not be zero".to_owned()));
    }
    Ok(Value::Obj(PyObject::new(
        vm.types.range.clone(),
        Payload::Range { start, stop, step },
    )))
}
