//! The `tuple` type (CPython's `Objects/tupleobject.c`).

use crate::abstract_;
use crate::native::add_slot;
use crate::object::{ObjRef, Payload};
use crate::objects::function::Args;
use crate::objects::list::{sequence_compare, sequence_repr};
use crate::objects::typeobject;
use crate::objects::{add_method_sig, add_new, this};
use crate::signature::Signature;
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::{PyResult, Vm};

fn self_tuple(vm: &mut Vm, args: &Args) -> PyResult<ObjRef> {
    bound_tuple(vm, Some(this(args)))
}

/// The tuple a method with a declared signature was bound to.
fn bound_tuple(vm: &mut Vm, this: Option<Value>) -> PyResult<ObjRef> {
    match this.unwrap_or(Value::None) {
        Value::Obj(o) if matches!(o.payload, Payload::Tuple(_)) => Ok(o),
        other => Err(vm.new_type_error(format!(
            "descriptor requires a 'tuple' object but received a '{}'",
            vm.type_name_of(&other)
        ))),
    }
}

/// The items of a tuple object (immutable, so they may be read while Python runs).
fn items_of(o: &ObjRef) -> &[Value] {
    match &o.payload {
        Payload::Tuple(items) => items,
        _ => &[],
    }
}

fn is_exact_tuple(vm: &Vm, v: &Value) -> bool {
    matches!(v, Value::Obj(o) if std::rc::Rc::ptr_eq(&o.class(), &vm.types.tuple))
}

/// `hash()` of a tuple: CPython 3.11's xxHash-based combination of item hashes.
pub fn tuple_hash(vm: &mut Vm, items: &[Value]) -> PyResult<i64> {
    const P1: u64 = 11400714785074694791;
    const P2: u64 = 14029467366897019727;
    const P5: u64 = 2870177450012600261;
    let mut acc: u64 = P5;
    for item in items {
        let lane = abstract_::hash(vm, item)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add((items.len() as u64) ^ (P5 ^ 3527539));
    if acc == u64::MAX {
        return Ok(1546275796);
    }
    Ok(acc as i64)
}

static GETNEWARGS: Signature = Signature::of("tuple", "__getnewargs__", "($self, /)");
static INDEX: Signature = Signature::of(
    "tuple",
    "index",
    "($self, value, start=0, stop=sys.maxsize, /)",
);
static COUNT: Signature = Signature::of("tuple", "count", "($self, value, /)");
static NEW: Signature = Signature::new("tuple", "($type, iterable=(), /)");

/// `tuple(iterable)` of the exact type: a tuple is its own copy.
fn exact_tuple_of(vm: &mut Vm, iterable: Option<&Value>) -> PyResult<Value> {
    let items = match iterable {
        Some(it @ Value::Obj(o)) if std::rc::Rc::ptr_eq(&o.class(), &vm.types.tuple) => {
            return Ok(it.clone())
        }
        Some(it) => abstract_::collect_sequence(vm, it)?,
        None => Vec::new(),
    };
    Ok(vm.new_tuple(items))
}

pub fn init(vm: &mut Vm) {
    let ty = vm.types.tuple.clone();
    add_new(vm, &ty, |vm, mut args| {
        let class = match args.pos.first() {
            Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
            _ => vm.types.tuple.clone(),
        };
        // A subclass with an `__init__` of its own takes the keywords there.
        if !crate::objects::constructor_refuses_keywords(&args, &vm.types.tuple) {
            args.kw.clear();
        }
        let (_, [iterable]) = NEW.bind(vm, args)?;
        if std::rc::Rc::ptr_eq(&class, &vm.types.tuple) {
            return exact_tuple_of(vm, iterable.as_ref());
        }
        let items = match &iterable {
            Some(it) => abstract_::collect_sequence(vm, it)?,
            None => Vec::new(),
        };
        Ok(Value::Obj(typeobject::new_instance(
            vm,
            &class,
            Payload::Tuple(items.into_boxed_slice()),
        )))
    });
    crate::objects::set_vectorcall(&ty, 0, 1, |vm, args| exact_tuple_of(vm, args.first()));
    for slot in [
        NativeSlot::Length(tuple_length),
        NativeSlot::Repr(tuple_repr),
        NativeSlot::Hash(|vm, this| {
            let items = tuple_of(vm, this)?;
            tuple_hash(vm, items)
        }),
        NativeSlot::GetItem(tuple_subscript),
        NativeSlot::Contains(tuple_contains),
        NativeSlot::Concat(tuple_concat),
        NativeSlot::Repeat(tuple_repeat),
        NativeSlot::RichCompare(tuple_richcompare),
        NativeSlot::Iter(tuple_iter),
    ] {
        add_slot(vm, &ty, slot);
    }
    add_method_sig(vm, &ty, &GETNEWARGS, |vm, args| {
        let (this, []) = GETNEWARGS.bind(vm, args)?;
        let o = self_tuple(vm, &Args::new(Vec::from_iter(this)))?;
        let items = items_of(&o);
        let t = vm.new_tuple(items.to_vec());
        Ok(vm.new_tuple(vec![t]))
    });
    add_method_sig(vm, &ty, &INDEX, |vm, args| {
        let (this, [value, start, stop]) = INDEX.bind(vm, args)?;
        let o = bound_tuple(vm, this)?;
        let items = items_of(&o);
        let x = value.unwrap_or(Value::None);
        let len = items.len() as isize;
        let norm = |i: isize| if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
        let start = match &start {
            Some(v) => norm(crate::objects::list::slice_index_saturating(vm, v)?),
            None => 0,
        };
        let stop = match &stop {
            Some(v) => norm(crate::objects::list::slice_index_saturating(vm, v)?),
            None => items.len(),
        };
        for (i, item) in items.iter().enumerate().take(stop).skip(start) {
            if crate::objects::set::keys_equal(vm, item, &x)? {
                return Ok(Value::Int(i as i64));
            }
        }
        Err(vm.new_value_error("tuple.index(x): x not in tuple".to_owned()))
    });
    add_method_sig(vm, &ty, &COUNT, |vm, args| {
        let (this, [value]) = COUNT.bind(vm, args)?;
        let o = bound_tuple(vm, this)?;
        let items = items_of(&o);
        let x = value.unwrap_or(Value::None);
        let mut n = 0;
        for item in items {
            if crate::objects::set::keys_equal(vm, item, &x)? {
                n += 1;
            }
        }
        Ok(Value::Int(n))
    });
}

/// Tuples compare item by item with another tuple, read in place: they cannot
/// change, and `a` and `b` keep them alive while items' comparisons run.
fn tuple_richcompare(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    match (a, b) {
        (Value::Obj(x), Value::Obj(y))
            if matches!(x.payload, Payload::Tuple(_)) && matches!(y.payload, Payload::Tuple(_)) =>
        {
            sequence_compare(vm, items_of(x), items_of(y), op)
        }
        _ => Ok(vm.not_implemented()),
    }
}

/// `t * n` and `n * t`.
/// The items of the tuple a slot runs on (an instance of `tuple` or a subclass, as
/// the wrapper's caller checked): anything else is a TypeError, never a panic.
fn tuple_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a [Value]> {
    match this {
        Value::Obj(o) if matches!(o.payload, Payload::Tuple(_)) => Ok(items_of(o)),
        other => Err(vm.new_type_error(format!(
            "descriptor requires a 'tuple' object but received a '{}'",
            vm.type_name_of(other)
        ))),
    }
}

fn tuple_length(vm: &mut Vm, this: &Value) -> PyResult<usize> {
    Ok(tuple_of(vm, this)?.len())
}

fn tuple_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let items = tuple_of(vm, this)?;
    let Value::Obj(o) = this else {
        unreachable!("a tuple is an object")
    };
    let s = if items.len() == 1 {
        let inner = sequence_repr(vm, o, items, "(", "")?;
        format!("{inner},)")
    } else {
        sequence_repr(vm, o, items, "(", ")")?
    };
    Ok(vm.new_str(s))
}

fn tuple_iter(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    tuple_of(vm, this)?;
    crate::objects::iter::container_iter(vm, this)
}

/// `tuple[key]`: an item, or a tuple for a slice (the tuple itself for a whole
/// exact one).
fn tuple_subscript(vm: &mut Vm, this: &Value, key: &Value) -> PyResult<Value> {
    let items = tuple_of(vm, this)?;
    if let Value::Obj(k) = key {
        if let Payload::Slice { .. } = k.payload {
            let (start, _, step, count) = crate::objects::slice::indices(vm, k, || items.len())?;
            if step == 1 && count == items.len() && is_exact_tuple(vm, this) {
                return Ok(this.clone());
            }
            let out = if step == 1 {
                items[start as usize..start as usize + count].to_vec()
            } else {
                (0..count)
                    .map(|i| items[(start + i as isize * step) as usize].clone())
                    .collect()
            };
            return Ok(vm.new_tuple(out));
        }
    }
    let index = abstract_::subscript_index(vm, key, |t| {
        format!("tuple indices must be integers or slices, not {t}")
    })?;
    let len = items.len() as isize;
    let i = if index < 0 { index + len } else { index };
    if i < 0 || i >= len {
        return Err(vm.new_index_error("tuple index out of range".to_owned()));
    }
    Ok(items[i as usize].clone())
}

fn tuple_contains(vm: &mut Vm, this: &Value, needle: &Value) -> PyResult<bool> {
    for item in tuple_of(vm, this)? {
        if crate::objects::set::keys_equal(vm, item, needle)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `tuple + tuple` (`sq_concat`).
fn tuple_concat(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    let left = tuple_of(vm, a)?;
    let Some(right) = abstract_::tuple_items(b) else {
        return Err(vm.new_type_error(format!(
            "can only concatenate tuple (not \"{}\") to tuple",
            vm.type_name_of(b)
        )));
    };
    if right.is_empty() && is_exact_tuple(vm, a) {
        return Ok(a.clone());
    }
    if left.is_empty() && is_exact_tuple(vm, b) {
        return Ok(b.clone());
    }
    let mut items = crate::objects::reserve_values(vm, left.len() as u128 + right.len() as u128)?;
    items.extend(left.iter().cloned());
    items.extend(right);
    Ok(vm.new_tuple(items))
}

/// `tuple * n` and `n * tuple` (`sq_repeat`), called with the tuple first.
fn tuple_repeat(vm: &mut Vm, this: &Value, count: &Value, _op: usize) -> PyResult<Value> {
    let items = tuple_of(vm, this)?;
    let Some(n) = abstract_::repeat_count(vm, count)? else {
        return Ok(vm.not_implemented());
    };
    if n == 1 && is_exact_tuple(vm, this) {
        return Ok(this.clone());
    }
    let out = crate::objects::repeat_values(vm, items, n)?;
    Ok(vm.new_tuple(out))
}
