//! Iterators over builtin containers and the iterator builtins (`enumerate`, `zip`,
//! `map`, `filter`, `reversed`, two-argument `iter`), and dict views
//! (CPython's `Objects/iterobject.c`, `Objects/enumobject.c`, `Python/bltinmodule.c`).

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;

use crate::abstract_;
use crate::native::add_slot;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::function::Args;
use crate::objects::int::int_from_big;
use crate::objects::typeobject::type_data;
use crate::objects::{add_method, add_method_sig, add_new, constructor_refuses_keywords, this};
use crate::signature::{given, Signature};
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};
use krait_bytecode::opcode_table::{NB_AND, NB_OR, NB_SUBTRACT, NB_XOR};

#[derive(Clone)]
pub enum IterData {
    List {
        list: ObjRef,
        index: usize,
    },
    ListReverse {
        list: ObjRef,
        index: usize,
    },
    /// A tuple, read in place.
    Tuple {
        tuple: ObjRef,
        index: usize,
    },
    Str {
        /// The code points, lone surrogates included.
        chars: Vec<u32>,
        index: usize,
    },
    Bytes {
        bytes: Box<[u8]>,
        index: usize,
    },
    /// A bytearray, read where it stands at each step (it may change meanwhile).
    ByteArray {
        array: ObjRef,
        index: usize,
    },
    /// `start` is kept for `__reduce__` and `__setstate__`, which count from it.
    Range {
        next: i64,
        step: i64,
        remaining: u64,
        start: i64,
    },
    /// Boxed: three big ints would set the size of every iterator object.
    BigRange(Box<BigRangeState>),
    /// Keys (kind 0), values (1) or items (2) of a dict. `used` is the dict's size
    /// when the iterator was made (a change raises), `remaining` how many are left.
    Dict {
        dict: ObjRef,
        pos: usize,
        kind: u8,
        used: usize,
        remaining: usize,
    },
    /// `reversed()` of a dict or of one of its views; `pos` counts down.
    DictReverse {
        dict: ObjRef,
        pos: usize,
        kind: u8,
        used: usize,
        remaining: usize,
    },
    /// A set or frozenset: its table walked in place; `used` is the size when the
    /// iterator was made (a change raises), `len` what remains.
    Set {
        set: ObjRef,
        used: usize,
        pos: usize,
        len: usize,
    },
    /// A snapshot iteration.
    Values {
        items: Vec<Value>,
        index: usize,
    },
    Sequence {
        seq: Value,
        index: i64,
    },
    Callable {
        func: Value,
        sentinel: Value,
    },
    /// `reversed(seq)` over `__len__` and `__getitem__`: `index` is the next position.
    Reversed {
        seq: Value,
        index: i64,
    },
    Enumerate {
        it: Value,
        /// The next index: a machine int, or an int object beyond one.
        count: Value,
    },
    Zip {
        its: Vec<Value>,
        strict: bool,
    },
    Map {
        func: Value,
        its: Vec<Value>,
    },
    Filter {
        func: Value,
        it: Value,
    },
    DictView {
        dict: ObjRef,
    },
    Exhausted,
}

impl IterData {
    /// Whether the cycle collector tracks an iterator in this state: one that holds
    /// objects, which could refer back to it (CPython tracks the same ones; an
    /// untracked one in a chain, a list iterator under an `enumerate`, would hide
    /// the cycle).
    pub fn is_container(&self) -> bool {
        !matches!(
            self,
            IterData::Str { .. }
                | IterData::Bytes { .. }
                | IterData::ByteArray { .. }
                | IterData::Range { .. }
                | IterData::BigRange(_)
                | IterData::Exhausted
        )
    }

    /// Calls `visit` on each object the iterator holds (the cycle collector's
    /// traversal).
    pub fn for_each_object(&self, visit: &mut impl FnMut(&ObjRef)) {
        if let IterData::List { list: o, .. }
        | IterData::ListReverse { list: o, .. }
        | IterData::Tuple { tuple: o, .. }
        | IterData::ByteArray { array: o, .. }
        | IterData::Dict { dict: o, .. }
        | IterData::DictReverse { dict: o, .. }
        | IterData::Set { set: o, .. }
        | IterData::DictView { dict: o } = self
        {
            visit(o);
            return;
        }
        let mut value = |v: &Value| {
            if let Value::Obj(o) = v {
                visit(o);
            }
        };
        match self {
            IterData::List { .. }
            | IterData::ListReverse { .. }
            | IterData::Tuple { .. }
            | IterData::ByteArray { .. }
            | IterData::Dict { .. }
            | IterData::DictReverse { .. }
            | IterData::Set { .. }
            | IterData::DictView { .. } => {}
            IterData::Values { items, .. } => items.iter().for_each(value),
            IterData::Sequence { seq, .. } | IterData::Reversed { seq, .. } => value(seq),
            IterData::Callable { func, sentinel } => {
                value(func);
                value(sentinel);
            }
            IterData::Enumerate { it, count } => {
                value(it);
                value(count);
            }
            IterData::Zip { its, .. } => its.iter().for_each(value),
            IterData::Map { func, its } => {
                value(func);
                its.iter().for_each(value);
            }
            IterData::Filter { func, it } => {
                value(func);
                value(it);
            }
            IterData::Str { .. }
            | IterData::Bytes { .. }
            | IterData::Range { .. }
            | IterData::BigRange(_)
            | IterData::Exhausted => {}
        }
    }
}

/// The contents of a bytearray.
fn bytearray_contents(array: &ObjRef) -> Option<&RefCell<Vec<u8>>> {
    match &array.payload {
        Payload::ByteArray(b) => Some(&**b),
        _ => None,
    }
}

/// A range iterator's position beyond machine ints.
#[derive(Clone)]
pub struct BigRangeState {
    next: BigInt,
    step: BigInt,
    remaining: BigInt,
    start: BigInt,
}

/// An iterator over `n` ints from `start` by `step`: CPython's `range_iterator`
/// when `machine` (all of it in machine ints), else its `longrange_iterator`.
pub fn range_iter(vm: &mut Vm, start: BigInt, step: BigInt, n: BigInt, machine: bool) -> Value {
    use num_traits::ToPrimitive;
    let data = match (machine, start.to_i64(), step.to_i64(), n.to_u64()) {
        (true, Some(start), Some(step), Some(remaining)) => IterData::Range {
            next: start,
            step,
            remaining,
            start,
        },
        _ => IterData::BigRange(Box::new(BigRangeState {
            next: start.clone(),
            step,
            remaining: n,
            start,
        })),
    };
    new_iter(vm, data)
}

/// The items of a tuple a tuple iterator reads.
fn tuple_items(tuple: &ObjRef) -> &[Value] {
    match &tuple.payload {
        Payload::Tuple(items) => items,
        _ => &[],
    }
}

pub fn new_iter(vm: &Vm, data: IterData) -> Value {
    let class = match &data {
        IterData::List { .. } => vm.types.list_iterator.clone(),
        IterData::ListReverse { .. } => vm.types.list_reverseiterator.clone(),
        IterData::Tuple { .. } => vm.types.tuple_iterator.clone(),
        IterData::Str { chars, .. } => {
            if chars.iter().all(|c| *c < 0x80) {
                vm.types.str_ascii_iterator.clone()
            } else {
                vm.types.str_iterator.clone()
            }
        }
        IterData::Bytes { .. } => vm.types.bytes_iterator.clone(),
        IterData::ByteArray { .. } => vm.types.bytearray_iterator.clone(),
        IterData::Range { .. } => vm.types.range_iterator.clone(),
        IterData::BigRange(_) => vm.types.longrange_iterator.clone(),
        IterData::Dict { kind: 0, .. } => vm.types.dict_keyiterator.clone(),
        IterData::Dict { kind: 1, .. } => vm.types.dict_valueiterator.clone(),
        IterData::Dict { .. } => vm.types.dict_itemiterator.clone(),
        IterData::DictReverse { kind: 0, .. } => vm.types.dict_reversekeyiterator.clone(),
        IterData::DictReverse { kind: 1, .. } => vm.types.dict_reversevalueiterator.clone(),
        IterData::DictReverse { .. } => vm.types.dict_reverseitemiterator.clone(),
        IterData::Values { .. } | IterData::Set { .. } => vm.types.set_iterator.clone(),
        IterData::Callable { .. } => vm.types.callable_iterator.clone(),
        IterData::Reversed { .. } => vm.types.reversed.clone(),
        IterData::Enumerate { .. } => vm.types.enumerate.clone(),
        IterData::Zip { .. } => vm.types.zip.clone(),
        IterData::Map { .. } => vm.types.map.clone(),
        IterData::Filter { .. } => vm.types.filter.clone(),
        IterData::DictView { .. } => vm.types.dict_keys.clone(),
        IterData::Sequence { .. } | IterData::Exhausted => vm.types.iterator.clone(),
    };
    Value::Obj(PyObject::new(class, Payload::Iter(RefCell::new(data))))
}

/// The object `cls.__new__` makes for an iterator type that may be subclassed
/// (`enumerate`, `zip`, `map` ...): an instance of `cls`, a subclass's included.
fn new_iter_of_class(vm: &mut Vm, cls: &Value, data: IterData) -> Value {
    match cls {
        Value::Obj(class) if class.type_data().is_some_and(|t| t.heap) => {
            let payload = Payload::Iter(RefCell::new(data));
            Value::Obj(crate::objects::typeobject::new_instance(vm, class, payload))
        }
        _ => new_iter(vm, data),
    }
}

pub fn sequence_iter(vm: &Vm, seq: Value) -> Value {
    new_iter(vm, IterData::Sequence { seq, index: 0 })
}

/// `iter(v)` for builtin containers whose type has not overridden `__iter__`.
pub fn builtin_iter(vm: &mut Vm, v: &Value) -> Option<Value> {
    let Value::Obj(o) = v else { return None };
    // A native subclass of dict (`OrderedDict`) or of a dict view iterates its own
    // way, as the classes derived from it do.
    match &o.payload {
        Payload::Dict(_) if !crate::objects::dict::iterates_as_dict(vm, o) => return None,
        Payload::Iter(it) if is_dict_view(it) && !is_builtin_view_class(vm, o) => return None,
        _ => {}
    }
    if crate::objects::typeobject::type_data(&o.class()).heap {
        let class = o.class();
        let own = crate::objects::typeobject::lookup_with_owner(&class, "__iter__");
        if own.is_some_and(|(_, owner)| crate::objects::typeobject::type_data(&owner).heap) {
            return None;
        }
    }
    payload_iter(vm, v)
}

/// The `iter` slot of the builtin containers: their payload's iterator.
pub fn container_iter(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    payload_iter(vm, v).ok_or_else(|| vm.new_type_error("not iterable".to_owned()))
}

/// `iter(v)` for an exact list, tuple or range, which the eval loop makes without a
/// lookup or a call; `None` for anything else.
#[inline]
pub fn builtin_iter_in_place(vm: &mut Vm, v: &Value) -> Option<Value> {
    let Value::Obj(o) = v else { return None };
    let class = o.class_ref();
    let types = &vm.types;
    let exact = [&types.list, &types.tuple, &types.range]
        .into_iter()
        .any(|t| std::ptr::eq(class, &**t));
    if !exact {
        return None;
    }
    payload_iter(vm, v)
}

/// The builtin iterator over what `v`'s payload holds, whatever its class says:
/// `list.__iter__(x)` and its kin, which a subclass's own `__iter__` does not change.
pub fn payload_iter(vm: &mut Vm, v: &Value) -> Option<Value> {
    let Value::Obj(o) = v else { return None };
    let data = match &o.payload {
        Payload::List(_) => IterData::List {
            list: o.clone(),
            index: 0,
        },
        Payload::Tuple(_) => IterData::Tuple {
            tuple: o.clone(),
            index: 0,
        },
        Payload::Str(s) => IterData::Str {
            chars: s.code_points().collect(),
            index: 0,
        },
        Payload::Bytes(b) => IterData::Bytes {
            bytes: b.clone(),
            index: 0,
        },
        Payload::Range { .. } => {
            // The usual range, in machine ints, is made without big ints.
            if let Some((start, stop, step)) = crate::objects::range::small_fields(v) {
                if let Some(remaining) = crate::objects::range::machine_length(start, stop, step) {
                    let data = IterData::Range {
                        next: start,
                        step,
                        remaining,
                        start,
                    };
                    return Some(new_iter(vm, data));
                }
            }
            let (start, stop, step) = crate::objects::range::fields(v)?;
            let n = crate::objects::range::range_len(&start, &stop, &step);
            let machine = crate::objects::range::has_machine_iterator(&start, &stop, &step);
            return Some(range_iter(vm, start, step, n, machine));
        }
        Payload::Dict(_) => return Some(dict_iter(vm, o, 0, false)),
        Payload::Set(_) | Payload::FrozenSet(_) => {
            return Some(crate::objects::set::set_iter(vm, v))
        }
        Payload::Iter(it) => {
            if let IterData::DictView { dict } = &*it.borrow() {
                let kind = view_kind_of(vm, o);
                return Some(dict_iter(vm, dict, kind, false));
            }
            return Some(v.clone());
        }
        // Coroutines and async generators share the payload but are not iterable.
        Payload::Generator(_) if std::ptr::eq(o.class_ref(), &*vm.types.generator) => {
            return Some(v.clone())
        }
        _ => return None,
    };
    Some(new_iter(vm, data))
}

/// An iterator over the keys (0), values (1) or items (2) of a dict, forwards or
/// reversed.
pub fn dict_iter(vm: &Vm, dict: &ObjRef, kind: u8, reverse: bool) -> Value {
    let (used, end) = crate::objects::dict::as_dict(dict)
        .map(|d| {
            let d = d.borrow();
            (d.len(), d.entries_len())
        })
        .unwrap_or((0, 0));
    let dict = dict.clone();
    let data = if reverse {
        IterData::DictReverse {
            dict,
            pos: end,
            kind,
            used,
            remaining: used,
        }
    } else {
        IterData::Dict {
            dict,
            pos: 0,
            kind,
            used,
            remaining: used,
        }
    };
    new_iter(vm, data)
}

fn dict_iter_item(vm: &Vm, kind: u8, key: Value, value: Value) -> Value {
    match kind {
        0 => key,
        1 => value,
        _ => vm.new_tuple(vec![key, value]),
    }
}

/// 0, 1 or 2 for a keys, values or items view object (of a class derived from
/// one, such as `odict_values`, too).
fn view_kind_of(vm: &Vm, view: &ObjRef) -> u8 {
    let class = view.class();
    let is = |ty: &ObjRef| crate::objects::typeobject::is_subtype(&class, ty);
    if is(&vm.types.dict_values) {
        1
    } else if is(&vm.types.dict_items) {
        2
    } else {
        0
    }
}

fn is_dict_view(it: &RefCell<IterData>) -> bool {
    it.try_borrow()
        .is_ok_and(|data| matches!(*data, IterData::DictView { .. }))
}

/// Whether `view` is of one of the three builtin view classes themselves.
fn is_builtin_view_class(vm: &Vm, view: &ObjRef) -> bool {
    let class = view.class_ref();
    [
        &vm.types.dict_keys,
        &vm.types.dict_values,
        &vm.types.dict_items,
    ]
    .into_iter()
    .any(|t| std::ptr::eq(class, &**t))
}

/// `FOR_ITER`'s specialised step (3.11's `FOR_ITER_RANGE`/`FOR_ITER_LIST`): the next
/// item of an exact range, list, tuple or dict keys/values iterator, read in place
/// without running Python code; `None` when `it` is another iterator (or is busy,
/// or must raise).
#[inline]
pub fn next_in_place(it: &Value) -> Option<Option<Value>> {
    let Value::Obj(o) = it else { return None };
    let Payload::Iter(cell) = &o.payload else {
        return None;
    };
    // The kinds answered here belong only to their builtin iterator types,
    // which admit no subclass and no `__class__` assignment: no `__next__` of a
    // Python class can stand in the way, so the class need not be looked at.
    let mut data = cell.try_borrow_mut().ok()?;
    match &mut *data {
        IterData::Range {
            next,
            step,
            remaining,
            ..
        } => Some(range_step(next, *step, remaining)),
        IterData::List { list, index } => {
            let item = match &list.payload {
                Payload::List(l) => l.try_borrow().ok()?.get(*index).cloned(),
                _ => None,
            };
            *index += 1;
            if item.is_none() {
                // Exhausted for good, as CPython's: a list that grows later is
                // not read again.
                *data = IterData::Exhausted;
            }
            Some(item)
        }
        IterData::Tuple { tuple, index } => {
            let item = tuple_items(tuple).get(*index).cloned();
            *index += 1;
            if item.is_none() {
                *data = IterData::Exhausted;
            }
            Some(item)
        }
        IterData::Dict { kind, .. } if *kind < 2 => {
            let keys = *kind == 0;
            let entry = dict_entry_in_place(&mut data)?;
            Some(entry.map(|(key, value)| if keys { key } else { value }))
        }
        _ => None,
    }
}

/// Whether `next_in_place` answers for `it`.
fn steps_in_place(it: &Value) -> bool {
    let Value::Obj(o) = it else { return false };
    let Payload::Iter(cell) = &o.payload else {
        return false;
    };
    cell.try_borrow().is_ok_and(|data| {
        matches!(
            *data,
            IterData::Range { .. } | IterData::List { .. } | IterData::Tuple { .. }
        )
    })
}

/// `FOR_ITER` straight into `UNPACK_SEQUENCE 2` (`for i, x in enumerate(xs)`,
/// `for a, b in zip(xs, ys)`, `for k, v in d.items()`): the pair the iterator's
/// next tuple would hold, read in place, so that no tuple is made only to be
/// taken apart. `None`, with nothing changed, where the general path must run: an
/// iterator of another kind or class, one over iterators `next_in_place` does not
/// answer for, or a dict whose change must raise.
pub fn next_pair_in_place(it: &Value) -> Option<Option<(Value, Value)>> {
    let Value::Obj(o) = it else { return None };
    let Payload::Iter(cell) = &o.payload else {
        return None;
    };
    let mut data = cell.try_borrow_mut().ok()?;
    match &mut *data {
        // Subclasses of `enumerate` and `zip` may define `__next__`.
        IterData::Enumerate { .. } | IterData::Zip { .. } if o.has_heap_class() => None,
        IterData::Enumerate { it, count } => {
            let Value::Int(n) = *count else { return None };
            if n == i64::MAX || !steps_in_place(it) {
                return None;
            }
            // As CPython's, an exhausted enumerate asks its iterator again next time.
            let item = next_in_place(it)??;
            *count = Value::Int(n + 1);
            Some(Some((Value::Int(n), item)))
        }
        IterData::Zip { its, strict: false } if its.len() == 2 => {
            if !its.iter().all(steps_in_place) {
                return None;
            }
            let Some(first) = next_in_place(&its[0])? else {
                return Some(None);
            };
            let second = next_in_place(&its[1])?;
            Some(second.map(|second| (first, second)))
        }
        IterData::Dict { kind: 2, .. } => dict_entry_in_place(&mut data),
        _ => None,
    }
}

/// One step of a dict iterator, in place: the next entry's key and value, or
/// `Some(None)` at the end. `None`, with nothing changed, when the step must raise
/// (the dict changed size or keys) or `data` is not a dict iterator.
fn dict_entry_in_place(data: &mut IterData) -> Option<Option<(Value, Value)>> {
    let IterData::Dict {
        dict,
        pos,
        used,
        remaining,
        ..
    } = data
    else {
        return None;
    };
    let d = crate::objects::dict::as_dict(dict)?.try_borrow().ok()?;
    if d.len() != *used {
        return None;
    }
    match d.entry_from(*pos) {
        Some((next, entry)) if *remaining > 0 => {
            let pair = (entry.key.clone(), entry.value.clone());
            drop(d);
            *pos = next;
            *remaining -= 1;
            Some(Some(pair))
        }
        Some(_) => None,
        None => {
            drop(d);
            *data = IterData::Exhausted;
            Some(None)
        }
    }
}

/// Why `dict_entry_in_place` could not step a dict iterator, left as CPython
/// leaves it: a dict that changed size makes every later step raise again, one
/// whose keys changed ends the iteration. `None` when there is no dict to read.
fn dict_step_failure(data: &mut IterData) -> Option<&'static str> {
    let IterData::Dict { dict, used, .. } = data else {
        return None;
    };
    let len = crate::objects::dict::as_dict(dict)?
        .try_borrow()
        .ok()?
        .len();
    if len != *used {
        *used = usize::MAX;
        Some("dictionary changed size during iteration")
    } else {
        *data = IterData::Exhausted;
        Some("dictionary keys changed during iteration")
    }
}

/// One step of a range iterator that fits in an i64: `None` when exhausted.
fn range_step(next: &mut i64, step: i64, remaining: &mut u64) -> Option<Value> {
    if *remaining == 0 {
        return None;
    }
    let v = *next;
    *remaining -= 1;
    *next = next.wrapping_add(step);
    Some(Value::Int(v))
}

/// One step of a builtin iterator: `Ok(None)` when exhausted.
/// `iter(it)` of an iterator: itself.
pub fn iter_self(_vm: &mut Vm, it: &Value) -> PyResult<Value> {
    Ok(it.clone())
}

/// The `next` slot of the builtin iterators: one step of their payload.
fn payload_next(vm: &mut Vm, it: &Value) -> PyResult<Option<Value>> {
    match it {
        Value::Obj(o) if matches!(o.payload, Payload::Iter(_)) => iter_next(vm, o),
        other => Err(vm.new_type_error(format!(
            "descriptor '__next__' requires an iterator but received a '{}'",
            vm.type_name_of(other)
        ))),
    }
}

pub fn iter_next(vm: &mut Vm, it: &ObjRef) -> PyResult<Option<Value>> {
    let Payload::Iter(cell) = &it.payload else {
        return Ok(None);
    };
    // Variants that call into Python are taken out of the cell first.
    let mut data = cell.borrow_mut();
    let simple = match &mut *data {
        IterData::List { list, index } => {
            let item = match &list.payload {
                Payload::List(l) => l.borrow().get(*index).cloned(),
                _ => None,
            };
            *index += 1;
            Some(item)
        }
        IterData::ListReverse { list, index } => {
            let item = match &list.payload {
                Payload::List(l) if *index > 0 && *index <= l.borrow().len() => {
                    l.borrow().get(*index - 1).cloned()
                }
                _ => None,
            };
            *index = index.saturating_sub(1);
            Some(item)
        }
        IterData::Tuple { tuple, index } => {
            let item = tuple_items(tuple).get(*index).cloned();
            *index += 1;
            Some(item)
        }
        IterData::Str { chars, index } => {
            let item = chars.get(*index).copied();
            *index += 1;
            Some(item.map(|c| crate::objects::str::new_char(vm, c)))
        }
        IterData::Bytes { bytes, index } => {
            let item = bytes.get(*index).map(|b| Value::Int(*b as i64));
            *index += 1;
            Some(item)
        }
        IterData::ByteArray { array, index } => {
            let item = bytearray_contents(array).and_then(|b| b.borrow().get(*index).copied());
            *index += 1;
            Some(item.map(|b| Value::Int(i64::from(b))))
        }
        IterData::Range {
            next,
            step,
            remaining,
            ..
        } => Some(range_step(next, *step, remaining)),
        IterData::BigRange(state) => {
            let BigRangeState {
                next,
                step,
                remaining,
                ..
            } = &mut **state;
            if num_traits::Zero::is_zero(remaining) {
                Some(None)
            } else {
                let v = next.clone();
                *remaining -= 1u32;
                *next += &*step;
                Some(Some(int_from_big(vm, v)))
            }
        }
        IterData::Set {
            set,
            used,
            pos,
            len,
        } => {
            let step = crate::objects::set::with_set_data(set, |d| {
                if d.len() != *used {
                    None
                } else {
                    Some(d.next_from(*pos))
                }
            })
            .flatten();
            match step {
                None => {
                    // Sticky, as CPython's: later calls raise again.
                    *used = usize::MAX;
                    drop(data);
                    return Err(
                        vm.new_runtime_error("Set changed size during iteration".to_owned())
                    );
                }
                Some(Some((next, key))) => {
                    *pos = next;
                    *len = len.saturating_sub(1);
                    Some(Some(key))
                }
                Some(None) => Some(None),
            }
        }
        IterData::Values { items, index } => {
            let item = items.get(*index).cloned();
            *index += 1;
            Some(item)
        }
        IterData::Dict { kind, .. } => {
            let kind = *kind;
            match dict_entry_in_place(&mut data) {
                Some(entry) => Some(entry.map(|(k, v)| dict_iter_item(vm, kind, k, v))),
                None => {
                    let message = dict_step_failure(&mut data);
                    drop(data);
                    return match message {
                        Some(message) => Err(vm.new_runtime_error(message.to_owned())),
                        None => Ok(None),
                    };
                }
            }
        }
        IterData::DictReverse {
            dict,
            pos,
            kind,
            used,
            remaining,
        } => {
            let Some(d) = crate::objects::dict::as_dict(dict) else {
                return Ok(None);
            };
            let d = d.borrow();
            if d.len() != *used {
                drop(d);
                *used = usize::MAX;
                drop(data);
                return Err(
                    vm.new_runtime_error("dictionary changed size during iteration".to_owned())
                );
            }
            match d.entry_before(*pos) {
                Some((at, entry)) => {
                    *pos = at;
                    *remaining = remaining.saturating_sub(1);
                    let (k, v) = (entry.key.clone(), entry.value.clone());
                    drop(d);
                    Some(Some(dict_iter_item(vm, *kind, k, v)))
                }
                None => Some(None),
            }
        }
        IterData::Exhausted => Some(None),
        _ => None,
    };
    if let Some(result) = simple {
        // A spent range iterator still pickles as its range, as CPython's.
        let keeps_state = matches!(*data, IterData::Range { .. } | IterData::BigRange(_));
        if result.is_none() && !keeps_state {
            *data = IterData::Exhausted;
        }
        return Ok(result);
    }
    // `map` over one iterable needs only its function and iterator: they are
    // cloned rather than the whole state moved out and back.
    if let IterData::Map { func, its } = &*data {
        if let [source] = its.as_slice() {
            let (func, source) = (func.clone(), source.clone());
            drop(data);
            return match abstract_::iter_next(vm, &source)? {
                Some(v) => vm.call_positional(&func, &[v]).map(Some),
                None => Ok(None),
            };
        }
    }
    // A plain `zip` and `enumerate` step with copies of the iterators they hold,
    // the state staying in place: code the step runs may call `next()` on this
    // same iterator (CPython's objects work on their fields in place too).
    match &*data {
        IterData::Zip { its, strict: false } => {
            let its: smallvec::SmallVec<[Value; 4]> = its.iter().cloned().collect();
            drop(data);
            return zip_step(vm, &its);
        }
        IterData::Enumerate { it, .. } => {
            let it = it.clone();
            drop(data);
            return enumerate_step(vm, cell, &it);
        }
        // These hold nothing a step changes (their progress is their iterators'):
        // a copy steps, and only their end is written back.
        IterData::Map { .. }
        | IterData::Filter { .. }
        | IterData::Zip { .. }
        | IterData::Callable { .. } => {
            let copy = data.clone();
            drop(data);
            let (result, keep) = slow_next(vm, copy);
            if keep.is_none() {
                *cell.borrow_mut() = IterData::Exhausted;
            }
            return result;
        }
        _ => {}
    }
    let taken = std::mem::replace(&mut *data, IterData::Exhausted);
    drop(data);
    let (result, keep) = slow_next(vm, taken);
    if let Some(keep) = keep {
        *cell.borrow_mut() = keep;
    }
    result
}

/// The next tuple of a non-strict `zip` over `its`; `None` once one is exhausted
/// (no exhausted state is kept: the next call asks again, as CPython's).
fn zip_step(vm: &mut Vm, its: &[Value]) -> PyResult<Option<Value>> {
    if its.is_empty() {
        return Ok(None);
    }
    let mut items = Vec::with_capacity(its.len());
    for it in its {
        match abstract_::iter_next(vm, it)? {
            Some(v) => items.push(v),
            None => return Ok(None),
        }
    }
    Ok(Some(vm.new_tuple(items)))
}

/// The next `(count, item)` of an `enumerate` over `it`: the count is read and
/// advanced once the item is there (a nested step meanwhile takes its own).
fn enumerate_step(vm: &mut Vm, cell: &RefCell<IterData>, it: &Value) -> PyResult<Option<Value>> {
    let Some(item) = abstract_::iter_next(vm, it)? else {
        return Ok(None);
    };
    let count = match &mut *cell.borrow_mut() {
        IterData::Enumerate { count, .. } => {
            let next = match &*count {
                Value::Int(n) if *n < i64::MAX => Value::Int(n + 1),
                big => {
                    let n = crate::objects::int::as_big(big).unwrap_or_default();
                    crate::objects::int::int_from_big(vm, n + 1u32)
                }
            };
            std::mem::replace(count, next)
        }
        _ => return Ok(None),
    };
    Ok(Some(vm.new_tuple(vec![count, item])))
}

/// `zip(strict=True)`'s message when argument `i` (0-based) ended early or late.
fn zip_strict_message(i: usize, what: &str) -> String {
    let others = if i == 1 {
        "argument 1".to_owned()
    } else {
        format!("arguments 1-{i}")
    };
    format!("zip() argument {} is {what} than {others}", i + 1)
}

/// Steps iterators that run Python code; returns the state to put back: `None` once
/// exhausted. After an error the state is kept, so a later `next()` goes on, as
/// CPython's iterators do.
fn slow_next(vm: &mut Vm, data: IterData) -> (PyResult<Option<Value>>, Option<IterData>) {
    match data {
        IterData::Sequence { seq, index } => {
            match abstract_::getitem(vm, &seq, &Value::Int(index)) {
                Ok(v) => (
                    Ok(Some(v)),
                    Some(IterData::Sequence {
                        seq,
                        index: index + 1,
                    }),
                ),
                Err(e)
                    if vm.err_matches(&e, Exc::IndexError)
                        || vm.err_matches(&e, Exc::StopIteration) =>
                {
                    (Ok(None), None)
                }
                Err(e) => (Err(e), Some(IterData::Sequence { seq, index })),
            }
        }
        IterData::Reversed { seq, index } => {
            if index < 0 {
                return (Ok(None), None);
            }
            match abstract_::getitem(vm, &seq, &Value::Int(index)) {
                Ok(v) => (
                    Ok(Some(v)),
                    Some(IterData::Reversed {
                        seq,
                        index: index - 1,
                    }),
                ),
                Err(e)
                    if vm.err_matches(&e, Exc::IndexError)
                        || vm.err_matches(&e, Exc::StopIteration) =>
                {
                    (Ok(None), None)
                }
                Err(e) => (Err(e), Some(IterData::Reversed { seq, index })),
            }
        }
        IterData::Callable { func, sentinel } => {
            let v = match vm.call1(&func, vec![]) {
                Ok(v) => v,
                Err(e) if vm.err_matches(&e, Exc::StopIteration) => return (Ok(None), None),
                Err(e) => return (Err(e), Some(IterData::Callable { func, sentinel })),
            };
            match crate::objects::set::keys_equal(vm, &v, &sentinel) {
                Ok(true) => (Ok(None), None),
                Ok(false) => (Ok(Some(v)), Some(IterData::Callable { func, sentinel })),
                Err(e) => (Err(e), Some(IterData::Callable { func, sentinel })),
            }
        }
        IterData::Zip { its, strict } => {
            if its.is_empty() {
                return (Ok(None), None);
            }
            let mut items = Vec::with_capacity(its.len());
            for (i, it) in its.iter().enumerate() {
                match abstract_::iter_next(vm, it) {
                    Ok(Some(v)) => items.push(v),
                    Ok(None) if !strict => return (Ok(None), Some(IterData::Zip { its, strict })),
                    Ok(None) => {
                        if i > 0 {
                            let msg = zip_strict_message(i, "shorter");
                            return (Err(vm.new_value_error(msg)), None);
                        }
                        for (j, other) in its.iter().enumerate().skip(1) {
                            match abstract_::iter_next(vm, other) {
                                Ok(Some(_)) => {
                                    let msg = zip_strict_message(j, "longer");
                                    return (Err(vm.new_value_error(msg)), None);
                                }
                                Ok(None) => {}
                                Err(e) => return (Err(e), Some(IterData::Zip { its, strict })),
                            }
                        }
                        return (Ok(None), None);
                    }
                    Err(e) => return (Err(e), Some(IterData::Zip { its, strict })),
                }
            }
            let t = vm.new_tuple(items);
            (Ok(Some(t)), Some(IterData::Zip { its, strict }))
        }
        IterData::Map { func, its } => {
            let mut args = Vec::with_capacity(its.len());
            for it in &its {
                match abstract_::iter_next(vm, it) {
                    Ok(Some(v)) => args.push(v),
                    Ok(None) => return (Ok(None), Some(IterData::Map { func, its })),
                    Err(e) => return (Err(e), Some(IterData::Map { func, its })),
                }
            }
            let r = vm.call1(&func, args);
            (r.map(Some), Some(IterData::Map { func, its }))
        }
        IterData::Filter { func, it } => loop {
            match abstract_::iter_next(vm, &it) {
                Ok(Some(v)) => {
                    let keep = if func.is_none() {
                        abstract_::is_true(vm, &v)
                    } else {
                        vm.call1(&func, vec![v.clone()])
                            .and_then(|r| abstract_::is_true(vm, &r))
                    };
                    match keep {
                        Ok(true) => return (Ok(Some(v)), Some(IterData::Filter { func, it })),
                        Ok(false) => continue,
                        Err(e) => return (Err(e), Some(IterData::Filter { func, it })),
                    }
                }
                Ok(None) => return (Ok(None), Some(IterData::Filter { func, it })),
                Err(e) => return (Err(e), Some(IterData::Filter { func, it })),
            }
        },
        other => (Ok(None), Some(other)),
    }
}

pub fn init(vm: &mut Vm) {
    let iterator_types = [
        vm.types.list_iterator.clone(),
        vm.types.list_reverseiterator.clone(),
        vm.types.tuple_iterator.clone(),
        vm.types.str_iterator.clone(),
        vm.types.str_ascii_iterator.clone(),
        vm.types.bytes_iterator.clone(),
        vm.types.bytearray_iterator.clone(),
        vm.types.range_iterator.clone(),
        vm.types.longrange_iterator.clone(),
        vm.types.dict_keyiterator.clone(),
        vm.types.dict_valueiterator.clone(),
        vm.types.dict_itemiterator.clone(),
        vm.types.dict_reversekeyiterator.clone(),
        vm.types.dict_reversevalueiterator.clone(),
        vm.types.dict_reverseitemiterator.clone(),
        vm.types.set_iterator.clone(),
        vm.types.callable_iterator.clone(),
        vm.types.iterator.clone(),
        vm.types.enumerate.clone(),
        vm.types.zip.clone(),
        vm.types.map.clone(),
        vm.types.filter.clone(),
        vm.types.reversed.clone(),
    ];
    for ty in iterator_types {
        add_slot(vm, &ty, NativeSlot::Iter(iter_self));
        add_slot(vm, &ty, NativeSlot::IterNext(payload_next));
    }
    let enumerate = vm.types.enumerate.clone();
    add_new(vm, &enumerate, |vm, args| {
        if matches!(args.pos.first(), Some(Value::Obj(c)) if Rc::ptr_eq(c, &vm.types.enumerate)) {
            check_enumerate_call(vm, &args)?;
        }
        let (cls, [iterable, start]) = ENUMERATE_NEW.bind(vm, args)?;
        let cls = cls.unwrap_or(Value::None);
        let it = abstract_::get_iter(vm, &iterable.expect("required by the signature"))?;
        let count = match &start {
            Some(v) => {
                let v = abstract_::index(vm, v)?;
                // An exact int (an `__index__` may answer with a subclass).
                let n = crate::objects::int::as_big(&v).unwrap_or_default();
                crate::objects::int::int_from_big(vm, n)
            }
            None => Value::Int(0),
        };
        Ok(new_iter_of_class(
            vm,
            &cls,
            IterData::Enumerate { it, count },
        ))
    });
    let zip = vm.types.zip.clone();
    add_new(vm, &zip, |vm, args| {
        let bound = ZIP_NEW.bind_all::<1>(vm, args)?;
        let cls = bound.this.unwrap_or(Value::None);
        let strict = match &bound.params[0] {
            Some(v) => abstract_::is_true(vm, v)?,
            None => false,
        };
        let mut its = Vec::with_capacity(bound.args.len());
        for v in &bound.args {
            its.push(abstract_::get_iter(vm, v)?);
        }
        Ok(new_iter_of_class(vm, &cls, IterData::Zip { its, strict }))
    });
    let map = vm.types.map.clone();
    add_new(vm, &map, |vm, mut args| {
        if !constructor_refuses_keywords(&args, &vm.types.map) {
            args.kw.clear();
        }
        let bound = MAP_NEW.bind_all::<0>(vm, args)?;
        let cls = bound.this.unwrap_or(Value::None);
        let Some((func, iterables)) = bound
            .args
            .split_first()
            .filter(|(_, rest)| !rest.is_empty())
        else {
            return Err(vm.new_type_error("map() must have at least two arguments.".to_owned()));
        };
        let mut its = Vec::with_capacity(iterables.len());
        for v in iterables {
            its.push(abstract_::get_iter(vm, v)?);
        }
        let func = func.clone();
        Ok(new_iter_of_class(vm, &cls, IterData::Map { func, its }))
    });
    let filter = vm.types.filter.clone();
    add_new(vm, &filter, |vm, mut args| {
        if !constructor_refuses_keywords(&args, &vm.types.filter) {
            args.kw.clear();
        }
        let (cls, [function, iterable]) = FILTER_NEW.bind(vm, args)?;
        let cls = cls.unwrap_or(Value::None);
        let func = function.expect("required by the signature");
        let it = abstract_::get_iter(vm, &iterable.expect("required by the signature"))?;
        Ok(new_iter_of_class(vm, &cls, IterData::Filter { func, it }))
    });
    let reversed = vm.types.reversed.clone();
    add_new(vm, &reversed, |vm, args| {
        let (_, [sequence]) = REVERSED_NEW.bind(vm, args)?;
        let seq = sequence.expect("required by the signature");
        if let Some(r) = abstract_::call_special(vm, &seq, "__reversed__", &[])? {
            return Ok(r);
        }
        let class = vm.type_of(&seq);
        if crate::objects::typeobject::lookup(&class, "__getitem__").is_none()
            || crate::objects::typeobject::lookup(&class, "__len__").is_none()
        {
            return Err(vm.new_type_error(format!(
                "'{}' object is not reversible",
                vm.type_name_of(&seq)
            )));
        }
        let n = abstract_::len(vm, &seq)?;
        Ok(new_iter(
            vm,
            IterData::Reversed {
                seq,
                index: n as i64 - 1,
            },
        ))
    });
    init_views(vm);
    add_length_hints(vm);
    add_pickling(vm);
}

/// `__reduce__` and `__setstate__` for the builtin iterators that pickle as CPython's
/// do: the iterable and how far the iterator has gone.
fn add_pickling(vm: &mut Vm) {
    macro_rules! pickling {
        ($($field:ident),*) => {$({
            static REDUCE: Signature =
                Signature::unlisted(stringify!($field), "__reduce__", "($self, /)");
            static SETSTATE: Signature =
                Signature::unlisted(stringify!($field), "__setstate__", "($self, state, /)");
            let ty = vm.types.$field.clone();
            add_method_sig(vm, &ty, &REDUCE, |vm, args| {
                let (it, []) = REDUCE.bind(vm, args)?;
                iter_reduce(vm, &it.unwrap_or(Value::None))
            });
            add_method_sig(vm, &ty, &SETSTATE, |vm, args| {
                let (it, [state]) = SETSTATE.bind(vm, args)?;
                let index = abstract_::index_isize(vm, &state.unwrap_or(Value::None))?;
                iter_setstate(&it.unwrap_or(Value::None), index);
                Ok(Value::None)
            });
        })*};
    }
    pickling!(
        list_iterator,
        list_reverseiterator,
        tuple_iterator,
        str_iterator,
        str_ascii_iterator,
        bytes_iterator,
        bytearray_iterator,
        range_iterator,
        longrange_iterator,
        iterator,
        reversed
    );
    // `__reduce__` alone, by `$reduce`: what the iterator holds, or what it has
    // left to give.
    macro_rules! reducing {
        ($reduce:ident: $($field:ident),*) => {$({
            static REDUCE: Signature =
                Signature::unlisted(stringify!($field), "__reduce__", "($self, /)");
            let ty = vm.types.$field.clone();
            add_method_sig(vm, &ty, &REDUCE, |vm, args| {
                let (it, []) = REDUCE.bind(vm, args)?;
                $reduce(vm, &it.unwrap_or(Value::None))
            });
        })*};
    }
    reducing!(iter_reduce: map, filter, zip, enumerate, callable_iterator);
    // A strict zip pickles its flag as its state.
    static ZIP_SETSTATE: Signature =
        Signature::unlisted("zip", "__setstate__", "($self, state, /)");
    let zip = vm.types.zip.clone();
    add_method_sig(vm, &zip, &ZIP_SETSTATE, |vm, args| {
        let (it, [state]) = ZIP_SETSTATE.bind(vm, args)?;
        let strict_now = abstract_::is_true(vm, &state.unwrap_or(Value::None))?;
        if let Some(Value::Obj(o)) = &it {
            if let Payload::Iter(cell) = &o.payload {
                if let IterData::Zip { strict, .. } = &mut *cell.borrow_mut() {
                    *strict = strict_now;
                }
            }
        }
        Ok(Value::None)
    });
    reducing!(
        remaining_reduce: dict_keyiterator,
        dict_valueiterator,
        dict_itemiterator,
        dict_reversekeyiterator,
        dict_reversevalueiterator,
        dict_reverseitemiterator,
        set_iterator
    );
}

/// `(iter, (items,))` for a dict or set iterator: what it has left to give, read
/// from a copy of it (the iterator itself does not move), as CPython pickles them.
fn remaining_reduce(vm: &mut Vm, it: &Value) -> PyResult<Value> {
    let copy = match it {
        Value::Obj(o) => match &o.payload {
            Payload::Iter(cell) => match &*cell.borrow() {
                state @ (IterData::Dict { .. }
                | IterData::DictReverse { .. }
                | IterData::Set { .. }
                | IterData::Values { .. }) => Some(state.clone()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    };
    let mut items = Vec::new();
    if let Some(copy) = copy {
        if let Value::Obj(copy) = new_iter(vm, copy) {
            while let Some(item) = iter_next(vm, &copy)? {
                items.push(item);
            }
        }
    }
    let iter = crate::objects::dict::dict_get_str(&vm.builtins_dict, "iter").unwrap_or(Value::None);
    let list = vm.new_list(items);
    let args = vm.new_tuple(vec![list]);
    Ok(vm.new_tuple(vec![iter, args]))
}

/// `(iter, (range(start, stop, step),), index)`: how CPython pickles a range
/// iterator, by the whole range and how far into it the iterator is.
fn range_iter_reduce(
    vm: &mut Vm,
    iter: Value,
    start: BigInt,
    step: BigInt,
    next: BigInt,
    remaining: BigInt,
) -> PyResult<Value> {
    let index = (&next - &start) / &step;
    let stop = &start + (&index + remaining) * &step;
    let bounds = [start, stop, step].map(|n| int_from_big(vm, n));
    let range = Value::Obj(vm.types.range.clone());
    let r = vm.call1(&range, bounds.to_vec())?;
    let index = int_from_big(vm, index);
    Ok(vm.new_tuple(vec![iter, vm.new_tuple(vec![r]), index]))
}

/// `(function, args[, index])` that rebuilds the iterator `it` where it stands.
fn iter_reduce(vm: &mut Vm, it: &Value) -> PyResult<Value> {
    let builtin = |vm: &Vm, name: &str| {
        crate::objects::dict::dict_get_str(&vm.builtins_dict, name).unwrap_or(Value::None)
    };
    let (iter, reversed) = (builtin(vm, "iter"), builtin(vm, "reversed"));
    // An exhausted iterator rebuilds as an empty one of the same kind: list
    // iterators over `[]`, `reversed` as `reversed(())`, the others over `()`.
    let exhausted = |vm: &mut Vm, iter: Value| {
        let class = vm.type_of(it);
        let is = |t: &crate::ObjRef| Rc::ptr_eq(&class, t);
        let (function, empty) = if is(&vm.types.reversed) {
            (reversed.clone(), vm.new_tuple(vec![]))
        } else if is(&vm.types.list_iterator) || is(&vm.types.list_reverseiterator) {
            (iter, vm.new_list(vec![]))
        } else {
            (iter, vm.new_tuple(vec![]))
        };
        let args = vm.new_tuple(vec![empty]);
        Ok(vm.new_tuple(vec![function, args]))
    };
    let Value::Obj(o) = it else {
        return exhausted(vm, iter);
    };
    let Payload::Iter(cell) = &o.payload else {
        return exhausted(vm, iter);
    };
    // (function, iterable, index), read before any object is made.
    let (function, source, index) = match &*cell.borrow() {
        IterData::List { list, index } => (iter.clone(), Value::Obj(list.clone()), *index as i64),
        IterData::ListReverse { list, index } => (
            reversed.clone(),
            Value::Obj(list.clone()),
            *index as i64 - 1,
        ),
        IterData::Tuple { tuple, index } => {
            (iter.clone(), Value::Obj(tuple.clone()), *index as i64)
        }
        IterData::Str { chars, index } => {
            let mut text = crate::objects::str::StrBuf::new();
            chars.iter().for_each(|c| text.push_code_point(*c));
            (iter.clone(), vm.new_text(text), *index as i64)
        }
        IterData::Bytes { bytes, index } => {
            (iter.clone(), vm.new_bytes(bytes.to_vec()), *index as i64)
        }
        IterData::ByteArray { array, index } => {
            (iter.clone(), Value::Obj(array.clone()), *index as i64)
        }
        IterData::Range {
            next,
            step,
            remaining,
            start,
        } => {
            let [next, step, remaining, start] =
                [*next, *step, *remaining as i64, *start].map(BigInt::from);
            return range_iter_reduce(vm, iter.clone(), start, step, next, remaining);
        }
        IterData::BigRange(state) => {
            let BigRangeState {
                next,
                step,
                remaining,
                start,
            } = (**state).clone();
            return range_iter_reduce(vm, iter.clone(), start, step, next, remaining);
        }
        IterData::Map { func, its } => {
            let mut args = vec![func.clone()];
            args.extend(its.iter().cloned());
            return Ok(rebuild(vm, o.class(), args, None));
        }
        IterData::Filter { func, it } => {
            let args = vec![func.clone(), it.clone()];
            return Ok(rebuild(vm, o.class(), args, None));
        }
        IterData::Zip { its, strict } => {
            let strict = strict.then_some(Value::Bool(true));
            return Ok(rebuild(vm, o.class(), its.clone(), strict));
        }
        IterData::Enumerate { it, count } => {
            let args = vec![it.clone(), count.clone()];
            return Ok(rebuild(vm, o.class(), args, None));
        }
        IterData::Callable { func, sentinel } => {
            let args = vm.new_tuple(vec![func.clone(), sentinel.clone()]);
            return Ok(vm.new_tuple(vec![iter.clone(), args]));
        }
        IterData::Sequence { seq, index } => (iter.clone(), seq.clone(), *index),
        IterData::Reversed { seq, index } => (reversed.clone(), seq.clone(), *index),
        _ => return exhausted(vm, iter),
    };
    let args = vm.new_tuple(vec![source]);
    Ok(vm.new_tuple(vec![function, args, Value::Int(index)]))
}

/// `(class, args[, state])`: how `map`, `filter`, `zip` and `enumerate` objects
/// (and their subclasses') rebuild, from the iterators they hold, wherever those
/// stand.
fn rebuild(vm: &Vm, class: crate::ObjRef, args: Vec<Value>, state: Option<Value>) -> Value {
    let mut items = vec![Value::Obj(class), vm.new_tuple(args)];
    items.extend(state);
    vm.new_tuple(items)
}

/// `__setstate__(index)`: moves an iterator to `index` (clamped to its length).
/// Reverse iterators take -1 (past their start); the others count from 0.
fn iter_setstate(it: &Value, position: isize) {
    let Value::Obj(o) = it else { return };
    let Payload::Iter(cell) = &o.payload else {
        return;
    };
    let index = position.max(0) as usize;
    match &mut *cell.borrow_mut() {
        IterData::List { index: i, .. } => *i = index,
        IterData::Tuple { tuple, index: i } => *i = index.min(tuple_items(tuple).len()),
        IterData::Str { chars, index: i } => *i = index.min(chars.len()),
        IterData::Bytes { bytes, index: i } => *i = index.min(bytes.len()),
        IterData::ByteArray { array, index: i } => {
            *i = index.min(bytearray_contents(array).map_or(0, |b| b.borrow().len()))
        }
        IterData::Sequence { index: i, .. } => *i = index as i64,
        IterData::ListReverse { list, index: i } => {
            let len = match &list.payload {
                Payload::List(l) => l.borrow().len(),
                _ => 0,
            };
            *i = (position.max(-1) + 1).min(len as isize) as usize;
        }
        IterData::Reversed { index: i, .. } => *i = position.max(-1) as i64,
        IterData::Range {
            next,
            step,
            remaining,
            start,
        } => {
            let length = (i128::from(*next) - i128::from(*start)) / i128::from(*step)
                + i128::from(*remaining);
            let index = (index as i128).min(length);
            *next = (i128::from(*start) + index * i128::from(*step)) as i64;
            *remaining = (length - index) as u64;
        }
        IterData::BigRange(state) => {
            let BigRangeState {
                next,
                step,
                remaining,
                start,
            } = &mut **state;
            let length = (&*next - &*start) / &*step + &*remaining;
            let index = BigInt::from(index).min(length.clone());
            *next = &*start + &index * &*step;
            *remaining = length - index;
        }
        _ => {}
    }
}

/// `__length_hint__` for the builtin iterators that have one: a signature per type,
/// since its errors name the type.
fn add_length_hints(vm: &mut Vm) {
    macro_rules! length_hint {
        ($($field:ident),*) => {$({
            static SIGNATURE: Signature =
                Signature::unlisted(stringify!($field), "__length_hint__", "($self, /)");
            let ty = vm.types.$field.clone();
            add_method_sig(vm, &ty, &SIGNATURE, |vm, args| {
                let (it, []) = SIGNATURE.bind(vm, args)?;
                let hint = it.as_ref().and_then(length_hint).unwrap_or(0);
                Ok(Value::Int(hint as i64))
            });
        })*};
    }
    // A long range's length may pass the machine ints: the hint is the exact int.
    static LONG_HINT: Signature =
        Signature::unlisted("longrange_iterator", "__length_hint__", "($self, /)");
    let ty = vm.types.longrange_iterator.clone();
    add_method_sig(vm, &ty, &LONG_HINT, |vm, args| {
        let (it, []) = LONG_HINT.bind(vm, args)?;
        let remaining = match &it {
            Some(Value::Obj(o)) => match &o.payload {
                Payload::Iter(cell) => match &*cell.borrow() {
                    IterData::BigRange(state) => Some(state.remaining.clone()),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        Ok(int_from_big(vm, remaining.unwrap_or_default()))
    });
    length_hint!(
        list_iterator,
        list_reverseiterator,
        tuple_iterator,
        str_iterator,
        str_ascii_iterator,
        bytes_iterator,
        bytearray_iterator,
        range_iterator,
        dict_keyiterator,
        dict_valueiterator,
        dict_itemiterator,
        dict_reversekeyiterator,
        dict_reversevalueiterator,
        dict_reverseitemiterator,
        set_iterator
    );
    // A sequence iterator and `reversed` ask their sequence's length each time,
    // and pass its errors on.
    for ty in [vm.types.iterator.clone(), vm.types.reversed.clone()] {
        static HINT: Signature = Signature::unlisted("iterator", "__length_hint__", "($self, /)");
        add_method_sig(vm, &ty, &HINT, |vm, args| {
            let (it, []) = HINT.bind(vm, args)?;
            sequence_length_hint(vm, &given(it))
        });
    }
}

/// `__length_hint__` of an iterator over a sequence by index: what is left of
/// the sequence's current length (CPython's `iter_len` and `reversed_len`).
fn sequence_length_hint(vm: &mut Vm, it: &Value) -> PyResult<Value> {
    let state = match it {
        Value::Obj(o) => match &o.payload {
            Payload::Iter(cell) => match &*cell.borrow() {
                IterData::Sequence { seq, index } => Some((seq.clone(), *index, false)),
                IterData::Reversed { seq, index } => Some((seq.clone(), *index, true)),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    };
    let Some((seq, index, reversed)) = state else {
        return Ok(Value::Int(0));
    };
    let has_len = type_data(&vm.type_of(&seq)).slots.length.get().is_some();
    if !reversed && !has_len {
        return Ok(vm.not_implemented());
    }
    let size = abstract_::len(vm, &seq)? as i64;
    Ok(Value::Int(if reversed {
        let position = index + 1;
        if size < position {
            0
        } else {
            position
        }
    } else {
        (size - index).max(0)
    }))
}

// The signatures the constructors of the builtin iterators bind with.
static ENUMERATE_NEW: Signature = Signature::new("enumerate", "($type, iterable, start=0)");
static ZIP_NEW: Signature =
    Signature::new("zip", "($type, *iterables, strict=False)").parse_tuple();
static MAP_NEW: Signature = Signature::new("map", "($type, /, *args)");
static FILTER_NEW: Signature = Signature::new("filter", "($type, function, iterable, /)");
static REVERSED_NEW: Signature = Signature::new("reversed", "($type, sequence, /)");

/// The checks of a call of `enumerate` itself, which CPython makes on a shorter path
/// than its signature (and words its own way): at most two arguments, and keywords
/// only for the parameters that make up the rest of them.
fn check_enumerate_call(vm: &mut Vm, args: &Args) -> PyResult<()> {
    let given = args.pos.len().saturating_sub(1);
    let total = given + args.kw.len();
    if total == 0 || total > 2 {
        return Err(vm.new_type_error(if given == 0 {
            "enumerate() missing required argument 'iterable'".to_owned()
        } else {
            format!("enumerate() takes at most 2 arguments ({total} given)")
        }));
    }
    // Which of (iterable, start) the keywords are to fill.
    let mut unfilled = [given == 0, given < 2 && total == 2];
    for (key, _) in &args.kw {
        let name = abstract_::obj_as_str(key).unwrap_or("");
        let slot = match name {
            "iterable" => 0,
            "start" => 1,
            _ => unfilled.len(),
        };
        match unfilled.get_mut(slot) {
            Some(open) if *open => *open = false,
            _ => {
                return Err(vm.new_type_error(format!(
                    "'{name}' is an invalid keyword argument for enumerate()"
                )))
            }
        }
    }
    Ok(())
}

/// `it.__length_hint__()` for builtin iterators that have one.
fn length_hint(it: &Value) -> Option<usize> {
    let Value::Obj(o) = it else { return None };
    let Payload::Iter(cell) = &o.payload else {
        return None;
    };
    let data = cell.borrow();
    Some(match &*data {
        IterData::List { list, index } => match &list.payload {
            Payload::List(l) => l.borrow().len().saturating_sub(*index),
            _ => 0,
        },
        IterData::ListReverse { list, index } => match &list.payload {
            Payload::List(l) if *index <= l.borrow().len() => *index,
            _ => 0,
        },
        IterData::Tuple { tuple, index } => tuple_items(tuple).len().saturating_sub(*index),
        IterData::Str { chars, index } => chars.len().saturating_sub(*index),
        IterData::Bytes { bytes, index } => bytes.len().saturating_sub(*index),
        IterData::ByteArray { array, index } => bytearray_contents(array)
            .map_or(0, |b| b.borrow().len())
            .saturating_sub(*index),
        IterData::Range { remaining, .. } => (*remaining).min(isize::MAX as u64) as usize,
        IterData::BigRange(state) => {
            num_traits::ToPrimitive::to_usize(&state.remaining).unwrap_or(usize::MAX)
        }
        IterData::Dict {
            dict,
            used,
            remaining,
            ..
        }
        | IterData::DictReverse {
            dict,
            used,
            remaining,
            ..
        } => {
            if crate::objects::dict::dict_len(dict) == *used {
                *remaining
            } else {
                0
            }
        }
        IterData::Set { set, used, len, .. } => {
            let now = crate::objects::set::with_set_data(set, |d| d.len());
            if now == Some(*used) {
                *len
            } else {
                0
            }
        }
        IterData::Values { items, index } => items.len().saturating_sub(*index),
        IterData::Sequence { seq, index } => {
            return abstract_::list_items(seq).map(|l| l.len().saturating_sub(*index as usize));
        }
        IterData::Reversed { seq, index } => {
            let position = (*index + 1).max(0) as usize;
            let size = match seq {
                Value::Obj(o) => match &o.payload {
                    Payload::List(l) => l.borrow().len(),
                    Payload::Tuple(t) => t.len(),
                    _ => position,
                },
                _ => position,
            };
            if size < position {
                0
            } else {
                position
            }
        }
        IterData::Exhausted => 0,
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Dict views (CPython's `dictviews` in `Objects/dictobject.c`)

/// The dict and kind (0 keys, 1 values, 2 items) of a view object.
fn view_of(vm: &Vm, v: &Value) -> Option<(ObjRef, u8)> {
    let Value::Obj(o) = v else { return None };
    Some((view_dict(v)?, view_kind_of(vm, o)))
}

/// The dict a view object (of a view class or one derived from it) shows.
pub fn view_dict(v: &Value) -> Option<ObjRef> {
    let Value::Obj(o) = v else { return None };
    let Payload::Iter(it) = &o.payload else {
        return None;
    };
    match &*it.try_borrow().ok()? {
        IterData::DictView { dict } => Some(dict.clone()),
        _ => None,
    }
}

/// A keys or items view (the set-like ones).
fn is_set_view(vm: &Vm, v: &Value) -> bool {
    matches!(view_of(vm, v), Some((_, 0 | 2)))
}

fn view_len(vm: &Vm, v: &Value) -> usize {
    view_of(vm, v)
        .map(|(d, _)| crate::objects::dict::dict_len(&d))
        .unwrap_or(0)
}

fn self_view(vm: &mut Vm, args: &Args) -> PyResult<(ObjRef, u8)> {
    view_self(vm, &this(args))
}

/// The dict and kind of the view a slot runs on.
fn view_self(vm: &mut Vm, v: &Value) -> PyResult<(ObjRef, u8)> {
    match view_of(vm, v) {
        Some(x) => Ok(x),
        None => Err(vm.new_type_error(format!(
            "descriptor requires a view object but received a '{}'",
            vm.type_name_of(v)
        ))),
    }
}

/// `obj in view`.
fn view_length(vm: &mut Vm, view: &Value) -> PyResult<usize> {
    match view_of(vm, view) {
        Some((dict, _)) => Ok(crate::objects::dict::dict_len(&dict)),
        None => Err(vm.new_type_error("expected a dict view".to_owned())),
    }
}

fn view_contains(vm: &mut Vm, view: &Value, obj: &Value) -> PyResult<bool> {
    let Some((dict, kind)) = view_of(vm, view) else {
        return Ok(false);
    };
    match kind {
        0 => crate::objects::dict::dict_contains(vm, &dict, obj),
        2 => {
            let Some(pair) = abstract_::tuple_items(obj) else {
                return Ok(false);
            };
            if pair.len() != 2 {
                return Ok(false);
            }
            match crate::objects::dict::dict_get_item(vm, &dict, &pair[0])? {
                Some(found) => crate::objects::set::keys_equal(vm, &found, &pair[1]),
                None => Ok(false),
            }
        }
        _ => {
            let it = dict_iter(vm, &dict, 1, false);
            while let Some(v) = abstract_::iter_next(vm, &it)? {
                if crate::objects::set::keys_equal(vm, &v, obj)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

/// `x in container` for the view comparisons (sets, views, anything).
fn sequence_contains(vm: &mut Vm, container: &Value, x: &Value) -> PyResult<bool> {
    if view_of(vm, container).is_some() {
        return view_contains(vm, container, x);
    }
    abstract_::contains(vm, container, x)
}

fn all_contained_in(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    let it = abstract_::get_iter(vm, a)?;
    while let Some(x) = abstract_::iter_next(vm, &it)? {
        if !sequence_contains(vm, b, &x)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn view_richcompare(vm: &mut Vm, v: &Value, w: &Value, op: usize) -> PyResult<Value> {
    use krait_bytecode::opcode_table::{CMP_EQ, CMP_GT, CMP_LE, CMP_LT, CMP_NE};
    let (v, w) = (v.clone(), w.clone());
    if crate::objects::set::set_ref(&w).is_none() && !is_set_view(vm, &w) {
        return Ok(vm.not_implemented());
    }
    let len_self = view_len(vm, &v);
    let len_other = abstract_::len(vm, &w)?;
    let ok = match op {
        CMP_EQ | CMP_NE => {
            let eq = len_self == len_other && all_contained_in(vm, &v, &w)?;
            eq == (op == CMP_EQ)
        }
        CMP_LT => len_self < len_other && all_contained_in(vm, &v, &w)?,
        CMP_LE => len_self <= len_other && all_contained_in(vm, &v, &w)?,
        CMP_GT => len_self > len_other && all_contained_in(vm, &w, &v)?,
        _ => len_self >= len_other && all_contained_in(vm, &w, &v)?,
    };
    Ok(Value::Bool(ok))
}

/// `set(view)`, taking the dict's fast path for a keys view of an exact dict.
fn views_to_set(vm: &mut Vm, x: &Value) -> PyResult<Value> {
    let result = crate::objects::set::new_set(vm, Vec::new())?;
    let source = match view_of(vm, x) {
        Some((d, 0)) if Rc::ptr_eq(&d.class(), &vm.types.dict) => Value::Obj(d),
        _ => x.clone(),
    };
    crate::objects::set::set_update(vm, &result, &source)?;
    Ok(result)
}

fn views_sub(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Value> {
    let result = views_to_set(vm, a)?;
    vm.call_method(&result, "difference_update", vec![b.clone()])?;
    Ok(result)
}

fn views_or(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Value> {
    let result = views_to_set(vm, a)?;
    crate::objects::set::set_update(vm, &result, b)?;
    Ok(result)
}

fn views_xor(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Value> {
    if let (Some((d1, 2)), Some((d2, 2))) = (view_of(vm, a), view_of(vm, b)) {
        return items_xor(vm, &d1, &d2);
    }
    let result = views_to_set(vm, a)?;
    vm.call_method(&result, "symmetric_difference_update", vec![b.clone()])?;
    Ok(result)
}

fn items_xor(vm: &mut Vm, d1: &ObjRef, d2: &ObjRef) -> PyResult<Value> {
    use crate::objects::dict;
    let temp = vm.new_dict_from(
        dict::as_dict(d1)
            .map(|d| d.borrow().clone())
            .unwrap_or_default(),
    );
    let result = crate::objects::set::new_set(vm, Vec::new())?;
    for (key, val2) in dict::dict_items(d2) {
        let delete = match dict::dict_get_item(vm, &temp, &key)? {
            Some(val1) => crate::objects::set::keys_equal(vm, &val1, &val2)?,
            None => false,
        };
        if delete {
            dict::dict_del_item(vm, &temp, &key)?;
        } else {
            let pair = vm.new_tuple(vec![key, val2]);
            crate::objects::set::set_add(vm, &result, pair)?;
        }
    }
    let remaining = dict_view(vm, &temp, 2);
    crate::objects::set::set_update(vm, &result, &remaining)?;
    Ok(result)
}

fn views_and(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Value> {
    let (mut this_v, mut other) = if is_set_view(vm, a) {
        (a.clone(), b.clone())
    } else {
        (b.clone(), a.clone())
    };
    let len_self = view_len(vm, &this_v);
    if let Value::Obj(o) = &other {
        if Rc::ptr_eq(&o.class(), &vm.types.set) && len_self <= abstract_::len(vm, &other)? {
            return vm.call_method(&other, "intersection", vec![this_v]);
        }
    }
    if is_set_view(vm, &other) && view_len(vm, &other) > len_self {
        std::mem::swap(&mut this_v, &mut other);
    }
    let result = crate::objects::set::new_set(vm, Vec::new())?;
    let it = abstract_::get_iter(vm, &other)?;
    while let Some(key) = abstract_::iter_next(vm, &it)? {
        if view_contains(vm, &this_v, &key)? {
            crate::objects::set::set_add(vm, &result, key)?;
        }
    }
    Ok(result)
}

// Shared by the views; the owner shows in no slot wrapper's message.

/// `isdisjoint` of the set-like views, named by view type in messages.
static ISDISJOINT: Signature = Signature::shared("isdisjoint", "($self, other, /)").not_listed();

fn views_isdisjoint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this_v, [other]) = ISDISJOINT.bind(vm, args)?;
    let mut this_v = this_v.unwrap_or(Value::None);
    let mut other = other.unwrap_or(Value::None);
    if let (Value::Obj(x), Value::Obj(y)) = (&this_v, &other) {
        if Rc::ptr_eq(x, y) {
            return Ok(Value::Bool(view_len(vm, &this_v) == 0));
        }
    }
    if crate::objects::set::set_ref(&other).is_some() || is_set_view(vm, &other) {
        let len_self = view_len(vm, &this_v);
        let len_other = abstract_::len(vm, &other)?;
        if len_other > len_self {
            std::mem::swap(&mut this_v, &mut other);
        }
    }
    let it = abstract_::get_iter(vm, &other)?;
    while let Some(item) = abstract_::iter_next(vm, &it)? {
        if sequence_contains(vm, &this_v, &item)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

/// A new view of `dict` of the given kind.
pub fn dict_view(vm: &Vm, dict: &ObjRef, kind: u8) -> Value {
    let class = match kind {
        0 => &vm.types.dict_keys,
        1 => &vm.types.dict_values,
        _ => &vm.types.dict_items,
    };
    new_dict_view(class, dict)
}

/// A new view of `dict` of `class`, one of the view classes or a class derived from
/// one (`odict_keys`), which says the kind.
pub fn new_dict_view(class: &ObjRef, dict: &ObjRef) -> Value {
    Value::Obj(PyObject::new(
        class.clone(),
        Payload::Iter(RefCell::new(IterData::DictView { dict: dict.clone() })),
    ))
}

fn init_views(vm: &mut Vm) {
    for ty in [
        vm.types.dict_keys.clone(),
        vm.types.dict_values.clone(),
        vm.types.dict_items.clone(),
    ] {
        add_slot(
            vm,
            &ty,
            NativeSlot::Iter(|vm, this| {
                let (dict, kind) = view_self(vm, this)?;
                Ok(dict_iter(vm, &dict, kind, false))
            }),
        );
        add_method(vm, &ty, "__reversed__", |vm, args| {
            let (dict, kind) = self_view(vm, &args)?;
            Ok(dict_iter(vm, &dict, kind, true))
        });
        crate::objects::add_getset(
            vm,
            &ty,
            "mapping",
            |vm, v| match view_of(vm, v) {
                Some((dict, _)) => Ok(crate::objects::typeobject::mappingproxy(vm, dict)),
                None => Err(vm.new_type_error("expected a dict view".to_owned())),
            },
            None,
        );
        add_slot(vm, &ty, NativeSlot::Length(view_length));
        add_slot(vm, &ty, NativeSlot::Repr(view_repr));
        add_slot(vm, &ty, NativeSlot::Contains(view_contains));
    }
    let set_like = [vm.types.dict_keys.clone(), vm.types.dict_items.clone()];
    for ty in set_like {
        add_slot(vm, &ty, NativeSlot::RichCompare(view_richcompare));
        crate::objects::set_type_attr(vm, &ty, "__hash__", Value::None);
        for slot in [
            NativeSlot::Binary(NB_SUBTRACT, |vm, a, b, _| views_sub(vm, a, b)),
            NativeSlot::Binary(NB_OR, |vm, a, b, _| views_or(vm, a, b)),
            NativeSlot::Binary(NB_XOR, |vm, a, b, _| views_xor(vm, a, b)),
            NativeSlot::Binary(NB_AND, |vm, a, b, _| views_and(vm, a, b)),
        ] {
            add_slot(vm, &ty, slot);
        }
        add_method_sig(vm, &ty, &ISDISJOINT, views_isdisjoint);
    }
}

/// `dict_keys([...])`: the view's items in a list's repr, under the view's name.
fn view_repr(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let Value::Obj(o) = v else {
        return Ok(vm.new_str("..."));
    };
    let id = Rc::as_ptr(o) as usize;
    if vm.repr_guard.contains(&id) {
        return Ok(vm.new_str("..."));
    }
    vm.repr_guard.insert(id);
    let result = abstract_::collect_iterable(vm, v).and_then(|items| {
        let list = vm.new_list(items);
        abstract_::repr_string(vm, &list)
    });
    vm.repr_guard.remove(&id);
    let name = vm.type_name_of(v);
    Ok(vm.new_str(format!("{name}({})", result?)))
}
