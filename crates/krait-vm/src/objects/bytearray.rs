//! The `bytearray` type (CPython's `Objects/bytearrayobject.c`): the byte-string
//! methods shared with bytes (from `bytes.rs`) plus in-place mutation.

use std::cell::RefCell;

use crate::abstract_;
use crate::object::{ObjRef, Payload};
use crate::objects::bytes::{
    add_shared_methods, as_bytes, byte_value, bytes_from_source, constructor_contents,
    new_bytearray,
};
use crate::objects::function::Args;
use crate::objects::iter::{new_iter, IterData};
use crate::objects::str_methods::index_arg;
use crate::objects::{add_method_sig, add_new, set_type_attr};
use crate::signature::Signature;
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::{PyResult, Vm};

/// The bytearray a method with a declared signature was bound to.
fn bound_bytearray(vm: &mut Vm, this: Option<Value>) -> PyResult<ObjRef> {
    match this.unwrap_or(Value::None) {
        Value::Obj(o) if matches!(o.payload, Payload::ByteArray(_)) => Ok(o),
        other => Err(vm.new_type_error(format!(
            "descriptor requires a 'bytearray' object but received a '{}'",
            vm.type_name_of(&other)
        ))),
    }
}

fn cell(o: &ObjRef) -> &RefCell<Vec<u8>> {
    match &o.payload {
        Payload::ByteArray(b) => b,
        _ => unreachable!("self_cell checked the payload"),
    }
}

/// Refuses to change the length of `o` to `new_len` while buffer views use its
/// bytes (CPython's `PyByteArray_Resize`); keeping the length is always allowed.
fn check_resize(vm: &mut Vm, o: &ObjRef, new_len: usize) -> PyResult<()> {
    let Payload::ByteArray(b) = &o.payload else {
        return Ok(());
    };
    if b.exports.get() > 0 && b.borrow().len() != new_len {
        return Err(vm.new_error(
            crate::Exc::BufferError,
            "Existing exports of data: object cannot be re-sized",
        ));
    }
    Ok(())
}

/// `bytearray.__init__`'s arguments (its `__text_signature__` is the slot
/// wrapper's).
static INIT: Signature = Signature::new(
    "bytearray",
    "($self, source=<unrepresentable>, encoding=<unrepresentable>, errors=<unrepresentable>)",
)
.not_listed();

/// `bytearray.__new__` only makes an empty bytearray; `__init__` fills it, as in
/// CPython, so a subclass's `__init__` decides what it holds.
fn bytearray_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let class = match args.pos.first() {
        Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
        _ => vm.types.bytearray.clone(),
    };
    if std::rc::Rc::ptr_eq(&class, &vm.types.bytearray) {
        return Ok(new_bytearray(vm, Vec::new()));
    }
    Ok(Value::Obj(crate::objects::typeobject::new_instance(
        vm,
        &class,
        Payload::ByteArray(crate::object::ByteArrayData::new(Vec::new())),
    )))
}

/// `bytearray.__init__(source, encoding, errors)`: empties the bytearray first
/// (refused while views use it), then stores the new contents.
fn bytearray_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, parsed) = INIT.bind(vm, args)?;
    let o = bound_bytearray(vm, this)?;
    check_resize(vm, &o, 0)?;
    cell(&o).borrow_mut().clear();
    let data = constructor_contents(vm, "bytearray", parsed)?;
    *cell(&o).borrow_mut() = data;
    Ok(Value::None)
}

/// The bytes to store from an assigned or extending value.
fn assigned_bytes(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = as_bytes(v) {
        return Ok(b);
    }
    // A number or a str would otherwise be read as a size or need an encoding.
    if abstract_::value_as_str(v).is_some() || is_number(vm, v) {
        return Err(vm.new_type_error(
            "can assign only bytes, buffers, or iterables of ints in range(0, 256)".to_owned(),
        ));
    }
    bytes_from_source(vm, v, "bytearray")
}

/// Whether `v` is a number as CPython's `PyNumber_Check` tells: its type converts
/// to an int or a float, or it is a complex.
fn is_number(vm: &mut Vm, v: &Value) -> bool {
    let class = vm.type_of(v);
    let slots = &crate::objects::typeobject::type_data(&class).slots;
    slots.index.get().is_some()
        || slots.int.get().is_some()
        || slots.float.get().is_some()
        || vm.isinstance(v, &vm.types.complex.clone())
}

// `sq_inplace_repeat` unpacks its argument itself.

/// `b[key] = value` and `del b[key]` (`mp_ass_subscript`).
fn bytearray_ass_subscript(
    vm: &mut Vm,
    this: &Value,
    key: &Value,
    value: Option<Value>,
) -> PyResult<()> {
    let o = bytearray_of(vm, this)?;
    match value {
        Some(value) => bytearray_assign(vm, o, key.clone(), value)?,
        None => bytearray_delete(vm, o, key.clone())?,
    };
    Ok(())
}

fn bytearray_assign(vm: &mut Vm, o: ObjRef, key: Value, value: Value) -> PyResult<Value> {
    if let Value::Obj(k) = &key {
        if let Payload::Slice { .. } = k.payload {
            // The new bytes first: making them may run Python code that resizes
            // the bytearray, so the slice is measured after.
            let data = assigned_bytes(vm, &value)?;
            let (start, stop, step, count) =
                crate::objects::slice::indices(vm, k, || cell(&o).borrow().len())?;
            if step == 1 {
                // Clamped: the slice's `__index__` may have shrunk the bytearray.
                let len = cell(&o).borrow().len();
                let stop = (stop.max(start) as usize).min(len);
                let start = (start as usize).min(stop);
                check_resize(vm, &o, len - (stop - start) + data.len())?;
                cell(&o).borrow_mut().splice(start..stop, data);
                return Ok(Value::None);
            }
            // No bytes for an extended slice deletes it.
            if data.is_empty() && count > 0 {
                return delete_slice(vm, &o, start, step, count);
            }
            let mut buf = cell(&o).borrow_mut();
            if data.len() != count {
                return Err(vm.new_value_error(format!(
                    "attempt to assign bytes of size {} to extended slice of size {count}",
                    data.len()
                )));
            }
            for (i, b) in data.into_iter().enumerate() {
                if let Some(slot) = buf.get_mut((start + i as isize * step) as usize) {
                    *slot = b;
                }
            }
            return Ok(Value::None);
        }
    }
    let i = abstract_::subscript_index(vm, &key, |t| {
        format!("bytearray indices must be integers or slices, not {t}")
    })?;
    let len = cell(&o).borrow().len();
    let i = if i < 0 { i + len as isize } else { i };
    if i < 0 || i >= len as isize {
        return Err(vm.new_index_error("bytearray index out of range".to_owned()));
    }
    let b = byte_value(vm, &value)?;
    // `__index__` of the value may have shrunk the bytearray meanwhile.
    match cell(&o).borrow_mut().get_mut(i as usize) {
        Some(slot) => *slot = b,
        None => return Err(vm.new_index_error("bytearray index out of range".to_owned())),
    }
    Ok(Value::None)
}

/// Deletes the `count` bytes of a slice from `start` by `step`.
fn delete_slice(
    vm: &mut Vm,
    o: &ObjRef,
    start: isize,
    step: isize,
    count: usize,
) -> PyResult<Value> {
    let len = cell(o).borrow().len();
    check_resize(vm, o, len - count)?;
    if count == 0 {
        return Ok(Value::None);
    }
    // The same positions walked upwards: from the lowest, every `stride` bytes.
    let last = start + (count as isize - 1) * step;
    let (lowest, stride) = (start.min(last) as usize, step.unsigned_abs());
    let highest = start.max(last) as usize;
    let mut data = cell(o).borrow_mut();
    if stride == 1 {
        data.drain(lowest..=highest);
    } else {
        let mut index = 0;
        data.retain(|_| {
            let doomed = (lowest..=highest).contains(&index) && (index - lowest) % stride == 0;
            index += 1;
            !doomed
        });
    }
    Ok(Value::None)
}

fn bytearray_delete(vm: &mut Vm, o: ObjRef, key: Value) -> PyResult<Value> {
    if let Value::Obj(k) = &key {
        if let Payload::Slice { .. } = k.payload {
            let (start, _, step, count) =
                crate::objects::slice::indices(vm, k, || cell(&o).borrow().len())?;
            return delete_slice(vm, &o, start, step, count);
        }
    }
    let i = abstract_::subscript_index(vm, &key, |t| {
        format!("bytearray indices must be integers or slices, not {t}")
    })?;
    let len = cell(&o).borrow().len();
    let i = if i < 0 { i + len as isize } else { i };
    if i < 0 || i >= len as isize {
        return Err(vm.new_index_error("bytearray index out of range".to_owned()));
    }
    check_resize(vm, &o, len - 1)?;
    cell(&o).borrow_mut().remove(i as usize);
    Ok(Value::None)
}

fn bytearray_extend(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [v]) = EXTEND.bind(vm, args)?;
    let o = bound_bytearray(vm, this)?;
    let v = v.expect("required by the signature");
    let data = match as_bytes(&v) {
        Some(b) => b,
        None => {
            if !abstract_::is_iterable(vm, &v) {
                return Err(vm.new_type_error(format!(
                    "can't extend bytearray with {}",
                    vm.type_name_of(&v)
                )));
            }
            crate::objects::bytes::bytes_of_iterable(vm, &v, byte_value)?
        }
    };
    let len = cell(&o).borrow().len();
    check_resize(vm, &o, len + data.len())?;
    cell(&o).borrow_mut().extend(data);
    Ok(Value::None)
}

// The signatures of bytearray's own methods, as `__text_signature__` shows them.
static APPEND: Signature = Signature::of("bytearray", "append", "($self, item, /)");
static EXTEND: Signature = Signature::of("bytearray", "extend", "($self, iterable_of_ints, /)");
static INSERT: Signature = Signature::of("bytearray", "insert", "($self, index, item, /)");
static POP: Signature = Signature::of("bytearray", "pop", "($self, index=-1, /)");
static REMOVE: Signature = Signature::of("bytearray", "remove", "($self, value, /)");
static REVERSE: Signature = Signature::of("bytearray", "reverse", "($self, /)");
static CLEAR: Signature = Signature::of("bytearray", "clear", "($self, /)");
static COPY: Signature = Signature::of("bytearray", "copy", "($self, /)");

static REDUCE_EX: crate::signature::Signature =
    crate::signature::Signature::of("bytearray", "__reduce_ex__", "($self, proto=0, /)");
static REDUCE: crate::signature::Signature =
    crate::signature::Signature::of("bytearray", "__reduce__", "($self, /)");

/// `(type(b), args, state)`: the contents as bytes, or for protocols before 3 as
/// a latin-1 str with its encoding (what Python 2 can read).
fn bytearray_reduce(vm: &mut Vm, b: &Value, proto: isize) -> PyResult<Value> {
    let class = Value::Obj(vm.type_of(b));
    let data = crate::objects::bytes::as_bytes(b).unwrap_or_default();
    let getstate = crate::abstract_::getattr_str(vm, b, "__getstate__")?;
    let state = vm.call1(&getstate, vec![])?;
    let args = if data.is_empty() {
        vm.new_tuple(vec![])
    } else if proto < 3 {
        let text: String = data.iter().map(|&c| char::from(c)).collect();
        let text = vm.new_str(text);
        let encoding = vm.new_str("latin-1");
        vm.new_tuple(vec![text, encoding])
    } else {
        let bytes = vm.new_bytes(data);
        vm.new_tuple(vec![bytes])
    };
    Ok(vm.new_tuple(vec![class, args, state]))
}

static SIZEOF: crate::signature::Signature =
    crate::signature::Signature::of("bytearray", "__sizeof__", "($self, /)");
static ALLOC: crate::signature::Signature =
    crate::signature::Signature::unlisted("bytearray", "__alloc__", "($self, /)");

/// The bytearray a slot runs on: an instance of `bytearray` or a subclass.
fn bytearray_of(vm: &mut Vm, this: &Value) -> PyResult<ObjRef> {
    bound_bytearray(vm, Some(this.clone()))
}

/// `bytearray += other` (`sq_inplace_concat`): any buffer.
fn bytearray_inplace_concat(
    vm: &mut Vm,
    this: &Value,
    other: &Value,
    _op: usize,
) -> PyResult<Value> {
    let o = bytearray_of(vm, this)?;
    let Some(data) = crate::objects::bytes::bytes_like(vm, other).ok().flatten() else {
        return Err(vm.new_type_error(format!(
            "can't concat {} to bytearray",
            vm.type_name_of(other)
        )));
    };
    let len = cell(&o).borrow().len();
    check_resize(vm, &o, len + data.len())?;
    cell(&o).borrow_mut().extend(data);
    Ok(Value::Obj(o))
}

/// `bytearray *= n` (`sq_inplace_repeat`).
fn bytearray_inplace_repeat(vm: &mut Vm, this: &Value, n: &Value, _op: usize) -> PyResult<Value> {
    let o = bytearray_of(vm, this)?;
    let Some(count) = crate::abstract_::repeat_count(vm, n)? else {
        return Ok(vm.not_implemented());
    };
    let len = cell(&o).borrow().len();
    crate::objects::str::check_alloc(vm, len.saturating_mul(count))?;
    check_resize(vm, &o, len * count)?;
    let data = cell(&o).borrow().repeat(count);
    *cell(&o).borrow_mut() = data;
    Ok(Value::Obj(o))
}

pub fn init(vm: &mut Vm) {
    let ty = vm.types.bytearray.clone();
    crate::objects::add_method_sig(vm, &ty, &SIZEOF, |vm, args| {
        crate::objects::object::sizeof(vm, &SIZEOF, args)
    });
    // The bytes allocated: the room for the contents and CPython's trailing
    // null byte, or 0 before anything was allocated.
    crate::objects::add_method_sig(vm, &ty, &ALLOC, |vm, args| {
        let (this, []) = ALLOC.bind(vm, args)?;
        let o = bound_bytearray(vm, this)?;
        let capacity = cell(&o).borrow().capacity();
        Ok(Value::Int(if capacity == 0 {
            0
        } else {
            capacity as i64 + 1
        }))
    });
    add_new(vm, &ty, bytearray_new);
    crate::objects::add_method(vm, &ty, "__init__", bytearray_init);
    add_shared_methods::<true>(vm, &ty);
    set_type_attr(vm, &ty, "__hash__", Value::None);
    crate::objects::add_method_sig(vm, &ty, &REDUCE_EX, |vm, args| {
        let (this, [proto]) = REDUCE_EX.bind(vm, args)?;
        let proto = match proto {
            Some(p) => crate::abstract_::index_isize(vm, &p)?,
            None => 0,
        };
        bytearray_reduce(vm, &this.unwrap_or(Value::None), proto)
    });
    crate::objects::add_method_sig(vm, &ty, &REDUCE, |vm, args| {
        let (this, []) = REDUCE.bind(vm, args)?;
        bytearray_reduce(vm, &this.unwrap_or(Value::None), 2)
    });
    for slot in [
        NativeSlot::Iter(|vm, this| {
            let array = bytearray_of(vm, this)?;
            Ok(new_iter(vm, IterData::ByteArray { array, index: 0 }))
        }),
        NativeSlot::SetItem(bytearray_ass_subscript),
        NativeSlot::InPlaceConcat(bytearray_inplace_concat),
        NativeSlot::InPlaceRepeat(bytearray_inplace_repeat),
    ] {
        crate::native::add_slot(vm, &ty, slot);
    }
    add_method_sig(vm, &ty, &APPEND, |vm, args| {
        let (this, [item]) = APPEND.bind(vm, args)?;
        let o = bound_bytearray(vm, this)?;
        let b = byte_value(vm, item.as_ref().expect("required by the signature"))?;
        let len = cell(&o).borrow().len();
        check_resize(vm, &o, len + 1)?;
        cell(&o).borrow_mut().push(b);
        Ok(Value::None)
    });
    add_method_sig(vm, &ty, &EXTEND, bytearray_extend);
    add_method_sig(vm, &ty, &INSERT, |vm, args| {
        let (this, [index, item]) = INSERT.bind(vm, args)?;
        let o = bound_bytearray(vm, this)?;
        let index = index_arg(vm, index.as_ref().expect("required by the signature"))?;
        let b = byte_value(vm, item.as_ref().expect("required by the signature"))?;
        let len = cell(&o).borrow().len();
        check_resize(vm, &o, len + 1)?;
        let mut buf = cell(&o).borrow_mut();
        let len = buf.len() as isize;
        let i = if index < 0 {
            (index + len).max(0)
        } else {
            index.min(len)
        };
        buf.insert(i as usize, b);
        Ok(Value::None)
    });
    add_method_sig(vm, &ty, &POP, |vm, args| {
        let (this, [index]) = POP.bind(vm, args)?;
        let o = bound_bytearray(vm, this)?;
        let index = match &index {
            Some(v) => index_arg(vm, v)?,
            None => -1,
        };
        let len = cell(&o).borrow().len();
        if len == 0 {
            return Err(vm.new_index_error("pop from empty bytearray".to_owned()));
        }
        let i = if index < 0 {
            index + len as isize
        } else {
            index
        };
        if i < 0 || i >= len as isize {
            return Err(vm.new_index_error("pop index out of range".to_owned()));
        }
        check_resize(vm, &o, len - 1)?;
        let removed = cell(&o).borrow_mut().remove(i as usize);
        Ok(Value::Int(i64::from(removed)))
    });
    add_method_sig(vm, &ty, &REMOVE, |vm, args| {
        let (this, [value]) = REMOVE.bind(vm, args)?;
        let o = bound_bytearray(vm, this)?;
        let b = byte_value(vm, value.as_ref().expect("required by the signature"))?;
        let found = cell(&o).borrow().iter().position(|x| *x == b);
        let Some(i) = found else {
            return Err(vm.new_value_error("value not found in bytearray".to_owned()));
        };
        let len = cell(&o).borrow().len();
        check_resize(vm, &o, len - 1)?;
        cell(&o).borrow_mut().remove(i);
        Ok(Value::None)
    });
    add_method_sig(vm, &ty, &REVERSE, |vm, args| {
        let (this, []) = REVERSE.bind(vm, args)?;
        let o = bound_bytearray(vm, this)?;
        cell(&o).borrow_mut().reverse();
        Ok(Value::None)
    });
    add_method_sig(vm, &ty, &CLEAR, |vm, args| {
        let (this, []) = CLEAR.bind(vm, args)?;
        let o = bound_bytearray(vm, this)?;
        check_resize(vm, &o, 0)?;
        cell(&o).borrow_mut().clear();
        Ok(Value::None)
    });
    add_method_sig(vm, &ty, &COPY, |vm, args| {
        let (this, []) = COPY.bind(vm, args)?;
        let o = bound_bytearray(vm, this)?;
        let data = cell(&o).borrow().clone();
        Ok(new_bytearray(vm, data))
    });
}
