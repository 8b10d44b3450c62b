//! The `list` type (CPython's `Objects/listobject.c`).

use std::cell::RefCell;
use std::rc::Rc;

use crate::abstract_;
use crate::native::add_slot;
use crate::object::{ObjRef, Payload};
use crate::objects::function::{Args, FastCall};
use crate::objects::typeobject;
use crate::objects::{
    add_coexisting_method, add_method, add_method_sig, add_new, set_type_attr, this,
};
use crate::signature::{given, Signature};
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};
use krait_bytecode::opcode_table::{CMP_EQ, CMP_NE};

/// Lists compare item by item with another list. Comparing items runs Python
/// code that may resize either list, so each step reads the lists as they are
/// then, as CPython's `list_richcompare` does.
fn list_richcompare(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    let (Some(a), Some(b)) = (list_cell(a), list_cell(b)) else {
        return Ok(vm.not_implemented());
    };
    let lengths = || (a.borrow().len(), b.borrow().len());
    let (la, lb) = lengths();
    if la != lb && (op == CMP_EQ || op == CMP_NE) {
        return Ok(Value::Bool(op == CMP_NE));
    }
    let item_pair = |i: usize| Some((a.borrow().get(i)?.clone(), b.borrow().get(i)?.clone()));
    let mut i = 0;
    while let Some((x, y)) = item_pair(i) {
        if !crate::objects::set::keys_equal(vm, &x, &y)? {
            break;
        }
        i += 1;
    }
    let (la, lb) = lengths();
    let Some((x, y)) = item_pair(i).filter(|_| i < la && i < lb) else {
        return Ok(Value::Bool(abstract_::ordering_result(
            Some(la.cmp(&lb)),
            op,
        )));
    };
    match op {
        CMP_EQ => Ok(Value::Bool(false)),
        CMP_NE => Ok(Value::Bool(true)),
        _ => abstract_::compare(vm, &x, &y, op),
    }
}

/// `list.append(self, object)`.
pub(crate) fn append_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let l = bound_list(vm, Some(args[0].clone()))?;
    push_or_memory_error(vm, &mut items_of(&l).borrow_mut(), args[1].clone())?;
    Ok(Value::None)
}

/// `list.insert(self, index, object)`.
fn insert_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let l = bound_list(vm, Some(args[0].clone()))?;
    let i = abstract_::index_isize(vm, &args[1])?;
    let mut items = items_of(&l).borrow_mut();
    let len = items.len() as isize;
    let at = if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
    if items.try_reserve(1).is_err() {
        return Err(vm.new_error(crate::Exc::MemoryError, ""));
    }
    items.insert(at, args[2].clone());
    Ok(Value::None)
}

/// `list.pop(self, index=-1)`.
pub(crate) fn pop_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let l = bound_list(vm, Some(args[0].clone()))?;
    let i = match args.get(1) {
        Some(v) => abstract_::index_isize(vm, v)?,
        None => -1,
    };
    let mut items = items_of(&l).borrow_mut();
    if items.is_empty() {
        drop(items);
        return Err(vm.new_index_error("pop from empty list".to_owned()));
    }
    let len = items.len() as isize;
    let at = if i < 0 { i + len } else { i };
    if at < 0 || at >= len {
        drop(items);
        return Err(vm.new_index_error("pop index out of range".to_owned()));
    }
    Ok(items.remove(at as usize))
}

pub fn list_cell(v: &Value) -> Option<&RefCell<Vec<Value>>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::List(l) => Some(l),
            _ => None,
        },
        _ => None,
    }
}

/// Appends the value whose words are `value` (a live value, not an empty slot) to
/// `list`, writing them in place rather than moving them through a temporary;
/// `false`, with nothing done, when the list is borrowed or cannot grow, for the
/// general path to report. On `true` the list owns what `value` owned.
pub(crate) fn append_raw(list: &ObjRef, value: crate::value::RawSlot) -> bool {
    let Payload::List(items) = &list.payload else {
        return false;
    };
    let Ok(mut items) = items.try_borrow_mut() else {
        return false;
    };
    if items.len() == items.capacity() && items.try_reserve(1).is_err() {
        return false;
    }
    let len = items.len();
    // SAFETY: room for one more item was made above; a `Value` is laid out as
    // the `Some` of its slot, which `value` is (the caller's promise).
    unsafe {
        value.write(items.as_mut_ptr().add(len).cast::<Option<Value>>());
        items.set_len(len + 1);
    }
    true
}

pub fn list_append(vm: &mut Vm, list: &Value, v: Value) -> PyResult<()> {
    if let Some(l) = list_cell(list) {
        push_or_memory_error(vm, &mut l.borrow_mut(), v)?;
    }
    Ok(())
}

/// Appends `more`, raising MemoryError when the items cannot grow.
fn extend_or_memory_error(vm: &mut Vm, items: &mut Vec<Value>, more: Vec<Value>) -> PyResult<()> {
    if items.try_reserve(more.len()).is_err() {
        return Err(vm.new_error(crate::Exc::MemoryError, ""));
    }
    items.extend(more);
    Ok(())
}

/// Appends `v`, raising MemoryError (as CPython does) when the items cannot grow,
/// instead of aborting.
pub fn push_or_memory_error(vm: &mut Vm, items: &mut Vec<Value>, v: Value) -> PyResult<()> {
    if items.len() == items.capacity() && items.try_reserve(1).is_err() {
        return Err(vm.new_error(crate::Exc::MemoryError, ""));
    }
    items.push(v);
    Ok(())
}

pub fn list_extend(vm: &mut Vm, list: &Value, iterable: &Value) -> PyResult<()> {
    let items = abstract_::collect_sequence(vm, iterable)?;
    if let Some(l) = list_cell(list) {
        extend_or_memory_error(vm, &mut l.borrow_mut(), items)?;
    }
    Ok(())
}

fn self_list(vm: &mut Vm, args: &Args) -> PyResult<ObjRef> {
    bound_list(vm, Some(this(args)))
}

/// The list a method with a declared signature was bound to.
fn bound_list(vm: &mut Vm, this: Option<Value>) -> PyResult<ObjRef> {
    match this.unwrap_or(Value::None) {
        Value::Obj(o) if matches!(o.payload, Payload::List(_)) => Ok(o),
        other => Err(vm.new_type_error(format!(
            "descriptor requires a 'list' object but received a '{}'",
            vm.type_name_of(&other)
        ))),
    }
}

fn items_of(o: &ObjRef) -> &RefCell<Vec<Value>> {
    match &o.payload {
        Payload::List(l) => l,
        _ => unreachable!("self_list checked the payload"),
    }
}

/// Lexicographic comparison of two sequences, as lists and tuples compare.
pub fn sequence_compare(vm: &mut Vm, a: &[Value], b: &[Value], op: usize) -> PyResult<Value> {
    // Sequences of different lengths are unequal without looking at the items.
    if a.len() != b.len() && (op == CMP_EQ || op == CMP_NE) {
        return Ok(Value::Bool(op == CMP_NE));
    }
    for (x, y) in a.iter().zip(b) {
        if !crate::objects::set::keys_equal(vm, x, y)? {
            return match op {
                2 => Ok(Value::Bool(false)),
                3 => Ok(Value::Bool(true)),
                _ => abstract_::compare(vm, x, y, op),
            };
        }
    }
    let (la, lb) = (a.len(), b.len());
    Ok(Value::Bool(match op {
        0 => la < lb,
        1 => la <= lb,
        2 => la == lb,
        3 => la != lb,
        4 => la > lb,
        _ => la >= lb,
    }))
}

/// `repr` of a sequence's items between `open` and `close`, guarding recursion.
pub fn sequence_repr(
    vm: &mut Vm,
    obj: &ObjRef,
    items: &[Value],
    open: &str,
    close: &str,
) -> PyResult<String> {
    sequence_repr_with(vm, obj, |i| items.get(i).cloned(), open, close)
}

/// `sequence_repr` reading item `i` through `item_at`, so that a list whose
/// items' reprs change it is shown as it is at each step, as CPython does.
pub fn sequence_repr_with(
    vm: &mut Vm,
    obj: &ObjRef,
    item_at: impl Fn(usize) -> Option<Value>,
    open: &str,
    close: &str,
) -> PyResult<String> {
    let id = Rc::as_ptr(obj) as usize;
    if vm.repr_guard.contains(&id) {
        return Ok(format!("{open}...{close}"));
    }
    vm.repr_guard.insert(id);
    let mut parts = Vec::new();
    let mut result = Ok(());
    let mut i = 0;
    while let Some(item) = item_at(i) {
        i += 1;
        match abstract_::repr_string(vm, &item) {
            Ok(s) => parts.push(s),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    vm.repr_guard.remove(&id);
    result?;
    Ok(format!("{open}{}{close}", parts.join(", ")))
}

// The signatures of list's methods, as `__text_signature__` shows them.
/// `list.__init__`'s arguments (its `__text_signature__` is the slot wrapper's).
static LIST_INIT: Signature =
    Signature::new("list", "($self, iterable=<unrepresentable>, /)").not_listed();
static APPEND: Signature = Signature::of("list", "append", "($self, object, /)")
    .with_fast(FastCall::new(2, 2, append_fast));
static EXTEND: Signature = Signature::of("list", "extend", "($self, iterable, /)");
static INSERT: Signature = Signature::of("list", "insert", "($self, index, object, /)")
    .with_fast(FastCall::new(3, 3, insert_fast));
static POP: Signature =
    Signature::of("list", "pop", "($self, index=-1, /)").with_fast(FastCall::new(1, 2, pop_fast));
static REMOVE: Signature = Signature::of("list", "remove", "($self, value, /)");
static REVERSED: Signature = Signature::of("list", "__reversed__", "($self, /)");
static INDEX: Signature = Signature::of(
    "list",
    "index",
    "($self, value, start=0, stop=sys.maxsize, /)",
);
static COUNT: Signature = Signature::of("list", "count", "($self, value, /)");
static CLEAR: Signature = Signature::of("list", "clear", "($self, /)");
static COPY: Signature = Signature::of("list", "copy", "($self, /)");
static REVERSE: Signature = Signature::of("list", "reverse", "($self, /)");
static SORT: Signature = Signature::of("list", "sort", "($self, /, *, key=None, reverse=False)");
// `__getitem__` is a method as well as a slot in CPython, without a text signature.
static GETITEM: Signature = Signature::unlisted("list", "__getitem__", "($self, key, /)");

static SIZEOF: crate::signature::Signature =
    crate::signature::Signature::of("list", "__sizeof__", "($self, /)");

pub fn init(vm: &mut Vm) {
    let ty = vm.types.list.clone();
    crate::objects::add_method_sig(vm, &ty, &SIZEOF, |vm, args| {
        crate::objects::object::sizeof(vm, &SIZEOF, args)
    });
    add_new(vm, &ty, |vm, args| {
        let class = match args.pos.first() {
            Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
            _ => vm.types.list.clone(),
        };
        Ok(Value::Obj(typeobject::new_instance(
            vm,
            &class,
            Payload::List(RefCell::new(Vec::new())),
        )))
    });
    // `list()` and `list(iterable)`: a new list, then what `__init__` does.
    crate::objects::set_vectorcall(&ty, 0, 1, |vm, args| {
        let mut items = Vec::new();
        if let Some(it) = args.first() {
            let collected = abstract_::collect_sequence(vm, it)?;
            extend_or_memory_error(vm, &mut items, collected)?;
        }
        Ok(vm.new_list(items))
    });
    add_method(vm, &ty, "__init__", |vm, mut args| {
        let l = self_list(vm, &args)?;
        // Keywords are refused for a list, or a subclass keeping list's `__new__`;
        // a subclass with a `__new__` of its own took them there.
        let class = l.class();
        let own_new = !Rc::ptr_eq(&class, &vm.types.list)
            && !matches!(
                (typeobject::lookup(&class, "__new__"), typeobject::lookup(&vm.types.list, "__new__")),
                (Some(own), Some(list_new)) if own.is(&list_new)
            );
        if own_new {
            args.kw.clear();
        }
        let (_, [iterable]) = LIST_INIT.bind(vm, args)?;
        // `list.__init__` empties the list first, then extends it.
        let old = std::mem::take(&mut *items_of(&l).borrow_mut());
        drop(old);
        if let Some(it) = &iterable {
            let items = abstract_::collect_sequence(vm, it)?;
            extend_or_memory_error(vm, &mut items_of(&l).borrow_mut(), items)?;
        }
        Ok(Value::None)
    });
    add_coexisting_method(
        vm,
        &ty,
        &GETITEM,
        list_getitem,
        NativeSlot::GetItem(list_subscript),
        "x.__getitem__(y) <==> x[y]",
    );
    for slot in [
        NativeSlot::Length(list_length),
        NativeSlot::Repr(list_repr),
        NativeSlot::SetItem(list_ass_subscript),
        NativeSlot::Contains(list_contains),
        NativeSlot::Concat(list_concat),
        NativeSlot::InPlaceConcat(list_inplace_concat),
        NativeSlot::Repeat(list_repeat),
        NativeSlot::InPlaceRepeat(list_inplace_repeat),
        NativeSlot::RichCompare(list_richcompare),
        NativeSlot::Iter(list_iter),
    ] {
        add_slot(vm, &ty, slot);
    }
    set_type_attr(vm, &ty, "__hash__", Value::None);
    add_method_sig(vm, &ty, &REVERSED, |vm, args| {
        let (this, []) = REVERSED.bind(vm, args)?;
        let l = self_list(vm, &Args::new(Vec::from_iter(this)))?;
        let index = items_of(&l).borrow().len();
        Ok(crate::objects::iter::new_iter(
            vm,
            crate::objects::iter::IterData::ListReverse {
                list: l.clone(),
                index,
            },
        ))
    });
    add_method_sig(vm, &ty, &APPEND, |vm, args| {
        let (this, [object]) = APPEND.bind(vm, args)?;
        append_fast(vm, &[given(this), given(object)])
    });
    add_method_sig(vm, &ty, &EXTEND, |vm, args| {
        let (this, [iterable]) = EXTEND.bind(vm, args)?;
        let l = bound_list(vm, this)?;
        let other = iterable.unwrap_or(Value::None);
        let existing = items_of(&l).borrow().len();
        let items = abstract_::collect_sequence_after(vm, &other, existing)?;
        extend_or_memory_error(vm, &mut items_of(&l).borrow_mut(), items)?;
        Ok(Value::None)
    });
    add_method_sig(vm, &ty, &INSERT, |vm, args| {
        let (this, [index, object]) = INSERT.bind(vm, args)?;
        insert_fast(vm, &[given(this), given(index), given(object)])
    });
    add_method_sig(vm, &ty, &POP, |vm, args| {
        let (this, [index]) = POP.bind(vm, args)?;
        match index {
            Some(index) => pop_fast(vm, &[given(this), index]),
            None => pop_fast(vm, &[given(this)]),
        }
    });
    add_method_sig(vm, &ty, &REMOVE, |vm, args| {
        let (this, [value]) = REMOVE.bind(vm, args)?;
        let l = bound_list(vm, this)?;
        let x = value.unwrap_or(Value::None);
        // Compare against the live list: `__eq__` may change it.
        let mut i = 0;
        loop {
            let Some(item) = items_of(&l).borrow().get(i).cloned() else {
                break;
            };
            if crate::objects::set::keys_equal(vm, &item, &x)? {
                let mut items = items_of(&l).borrow_mut();
                if i < items.len() {
                    let removed = items.remove(i);
                    drop(items);
                    drop(removed);
                }
                return Ok(Value::None);
            }
            i += 1;
        }
        Err(vm.new_value_error("list.remove(x): x not in list".to_owned()))
    });
    add_method_sig(vm, &ty, &INDEX, |vm, args| {
        let (this, [value, start, stop]) = INDEX.bind(vm, args)?;
        let l = bound_list(vm, this)?;
        let x = value.unwrap_or(Value::None);
        let len = items_of(&l).borrow().len() as isize;
        let norm = |i: isize| if i < 0 { (i + len).max(0) } else { i } as usize;
        let start = match &start {
            Some(v) => norm(slice_index_saturating(vm, v)?),
            None => 0,
        };
        let stop = match &stop {
            Some(v) => norm(slice_index_saturating(vm, v)?),
            None => usize::MAX,
        };
        let mut i = start;
        while i < stop {
            // The list may change while `__eq__` runs: re-read it each step.
            let Some(item) = items_of(&l).borrow().get(i).cloned() else {
                break;
            };
            if crate::objects::set::keys_equal(vm, &item, &x)? {
                return Ok(Value::Int(i as i64));
            }
            i += 1;
        }
        let r = abstract_::repr_string(vm, &x)?;
        Err(vm.new_value_error(format!("{r} is not in list")))
    });
    add_method_sig(vm, &ty, &COUNT, |vm, args| {
        let (this, [value]) = COUNT.bind(vm, args)?;
        let l = bound_list(vm, this)?;
        let x = value.unwrap_or(Value::None);
        let mut n = 0;
        let mut i = 0;
        loop {
            // Read apart from the comparison, which may change the list.
            let item = items_of(&l).borrow().get(i).cloned();
            let Some(item) = item else { break };
            if crate::objects::set::keys_equal(vm, &item, &x)? {
                n += 1;
            }
            i += 1;
        }
        Ok(Value::Int(n))
    });
    add_method_sig(vm, &ty, &CLEAR, |vm, args| {
        let (this, []) = CLEAR.bind(vm, args)?;
        let l = bound_list(vm, this)?;
        let old = std::mem::take(&mut *items_of(&l).borrow_mut());
        // Last first, as CPython's `_list_clear` releases them.
        drop_last_first(old);
        Ok(Value::None)
    });
    add_method_sig(vm, &ty, &COPY, |vm, args| {
        let (this, []) = COPY.bind(vm, args)?;
        let l = bound_list(vm, this)?;
        let items = items_of(&l).borrow().clone();
        Ok(vm.new_list(items))
    });
    add_method_sig(vm, &ty, &REVERSE, |vm, args| {
        let (this, []) = REVERSE.bind(vm, args)?;
        let l = bound_list(vm, this)?;
        items_of(&l).borrow_mut().reverse();
        Ok(Value::None)
    });
    add_method_sig(vm, &ty, &SORT, list_sort);
}

/// The list a slot runs on: an instance of `list` or of a subclass (a wrapper's
/// caller checked that), so anything else is a TypeError rather than a panic.
fn list_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a RefCell<Vec<Value>>> {
    match list_cell(this) {
        Some(items) => Ok(items),
        None => Err(vm.new_type_error(format!(
            "descriptor requires a 'list' object but received a '{}'",
            vm.type_name_of(this)
        ))),
    }
}

fn list_length(vm: &mut Vm, this: &Value) -> PyResult<usize> {
    Ok(list_of(vm, this)?.borrow().len())
}

fn list_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    list_of(vm, this)?;
    let Value::Obj(l) = this else {
        unreachable!("a list is an object")
    };
    let s = sequence_repr_with(vm, l, |i| items_of(l).borrow().get(i).cloned(), "[", "]")?;
    Ok(vm.new_str(s))
}

fn list_iter(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    list_of(vm, this)?;
    crate::objects::iter::container_iter(vm, this)
}

fn list_contains(vm: &mut Vm, this: &Value, needle: &Value) -> PyResult<bool> {
    let items = list_of(vm, this)?;
    let mut i = 0;
    loop {
        // Read apart from the comparison, which may change the list.
        let item = items.borrow().get(i).cloned();
        let Some(item) = item else {
            return Ok(false);
        };
        if crate::objects::set::keys_equal(vm, &item, needle)? {
            return Ok(true);
        }
        i += 1;
    }
}

/// `list + list` (`sq_concat`).
fn list_concat(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    let Some(a) = list_cell(a) else {
        return Ok(vm.not_implemented());
    };
    let Some(b) = list_cell(b) else {
        return Err(vm.new_type_error(format!(
            "can only concatenate list (not \"{}\") to list",
            vm.type_name_of(b)
        )));
    };
    let (a, b) = (a.borrow(), b.borrow());
    let mut items = crate::objects::reserve_values(vm, a.len() as u128 + b.len() as u128)?;
    items.extend(a.iter().cloned());
    items.extend(b.iter().cloned());
    drop((a, b));
    Ok(vm.new_list(items))
}

/// `list += iterable` (`sq_inplace_concat`).
fn list_inplace_concat(vm: &mut Vm, this: &Value, other: &Value, _op: usize) -> PyResult<Value> {
    let Some(items) = list_cell(this) else {
        return Ok(vm.not_implemented());
    };
    let more = abstract_::collect_sequence(vm, other)?;
    extend_or_memory_error(vm, &mut items.borrow_mut(), more)?;
    Ok(this.clone())
}

/// `list * n` and `n * list` (`sq_repeat`), called with the list first.
fn list_repeat(vm: &mut Vm, this: &Value, count: &Value, _op: usize) -> PyResult<Value> {
    let items = list_of(vm, this)?;
    let Some(n) = abstract_::repeat_count(vm, count)? else {
        return Ok(vm.not_implemented());
    };
    let items = items.borrow().clone();
    let out = crate::objects::repeat_values(vm, &items, n)?;
    Ok(vm.new_list(out))
}

/// `list *= n` (`sq_inplace_repeat`).
fn list_inplace_repeat(vm: &mut Vm, this: &Value, count: &Value, _op: usize) -> PyResult<Value> {
    let Some(items) = list_cell(this) else {
        return Ok(vm.not_implemented());
    };
    let Some(n) = abstract_::repeat_count(vm, count)? else {
        return Ok(vm.not_implemented());
    };
    let old = items.borrow().clone();
    let out = crate::objects::repeat_values(vm, &old, n)?;
    let replaced = std::mem::replace(&mut *items.borrow_mut(), out);
    drop(replaced);
    Ok(this.clone())
}

/// `list.__getitem__(key)`, the method that coexists with the slot.
fn list_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [key]) = GETITEM.bind(vm, args)?;
    let l = Value::Obj(bound_list(vm, this)?);
    list_subscript(vm, &l, &given(key))
}

/// `list[key]` (`mp_subscript`): an item, or a new list for a slice.
fn list_subscript(vm: &mut Vm, this: &Value, key: &Value) -> PyResult<Value> {
    let items = list_of(vm, this)?;
    if let Value::Obj(k) = key {
        if let Payload::Slice { .. } = k.payload {
            let (start, _, step, count) =
                crate::objects::slice::indices(vm, k, || items.borrow().len())?;
            // `__index__` of the bounds may have shrunk the list: read with `get`.
            let items = items.borrow();
            let out: Vec<Value> = if step == 1 {
                let start = (start as usize).min(items.len());
                let stop = (start + count).min(items.len());
                items[start..stop].to_vec()
            } else {
                let mut out = Vec::with_capacity(count);
                let mut at = start;
                for _ in 0..count {
                    if let Some(item) = items.get(at as usize) {
                        out.push(item.clone());
                    }
                    at += step;
                }
                out
            };
            drop(items);
            return Ok(vm.new_list(out));
        }
    }
    let i = item_position(vm, key, items, "list index out of range")?;
    let item = items.borrow().get(i).cloned();
    Ok(item.unwrap_or(Value::None))
}

/// `list[key] = value` and `del list[key]` (`mp_ass_subscript`).
fn list_ass_subscript(
    vm: &mut Vm,
    this: &Value,
    key: &Value,
    value: Option<Value>,
) -> PyResult<()> {
    let items = list_of(vm, this)?;
    let Some(value) = value else {
        return list_delete(vm, items, key);
    };
    if let Value::Obj(k) = key {
        if let Payload::Slice { .. } = k.payload {
            return list_assign_slice(vm, items, k, value);
        }
    }
    let i = item_position(vm, key, items, "list assignment index out of range")?;
    let old = std::mem::replace(&mut items.borrow_mut()[i], value);
    drop(old);
    Ok(())
}

/// `list[a:b:c] = value`.
fn list_assign_slice(
    vm: &mut Vm,
    items: &RefCell<Vec<Value>>,
    slice: &ObjRef,
    value: Value,
) -> PyResult<()> {
    let len = items.borrow().len();
    let (_, _, step, _) = crate::objects::slice::indices(vm, slice, || len)?;
    if !abstract_::is_iterable(vm, &value) {
        let msg = if step == 1 {
            "can only assign an iterable"
        } else {
            "must assign iterable to extended slice"
        };
        return Err(vm.new_type_error(msg.to_owned()));
    }
    let mut new_items = abstract_::collect_iterable(vm, &value)?;
    // The iterable may have run Python code that resized the list.
    let (start, stop, step, count) =
        crate::objects::slice::indices(vm, slice, || items.borrow().len())?;
    let mut items = items.borrow_mut();
    if step == 1 {
        let (start, stop) = (start as usize, stop.max(start) as usize);
        // The replaced items are dropped once the list is no longer borrowed
        // (their finalisers may read it), last first, as CPython's
        // `list_ass_slice` releases them.
        if stop - start == new_items.len() {
            // As many items as replaced: swapped in place.
            items[start..stop].swap_with_slice(&mut new_items);
            drop(items);
            drop_last_first(new_items);
            return Ok(());
        }
        let removed: Vec<Value> = items.splice(start..stop, new_items).collect();
        drop(items);
        drop_last_first(removed);
        return Ok(());
    }
    if new_items.len() != count {
        drop(items);
        return Err(vm.new_value_error(format!(
            "attempt to assign sequence of size {} to extended slice of size {count}",
            new_items.len()
        )));
    }
    let mut removed = Vec::with_capacity(count);
    for (i, v) in new_items.into_iter().enumerate() {
        let at = (start + i as isize * step) as usize;
        removed.push(std::mem::replace(&mut items[at], v));
    }
    drop(items);
    drop(removed);
    Ok(())
}

fn drop_last_first(mut values: Vec<Value>) {
    while let Some(v) = values.pop() {
        drop(v);
    }
}

/// The position `key` names in `items`, with CPython's errors. The length is read
/// after the key's `__index__` ran, which may have resized the list.
fn item_position(
    vm: &mut Vm,
    key: &Value,
    items: &RefCell<Vec<Value>>,
    out_of_range: &str,
) -> PyResult<usize> {
    let index = abstract_::subscript_index(vm, key, |t| {
        format!("list indices must be integers or slices, not {t}")
    })?;
    let len = items.borrow().len() as isize;
    let i = if index < 0 { index + len } else { index };
    if i < 0 || i >= len {
        return Err(vm.new_index_error(out_of_range.to_owned()));
    }
    Ok(i as usize)
}

/// `del list[key]`.
fn list_delete(vm: &mut Vm, items: &RefCell<Vec<Value>>, key: &Value) -> PyResult<()> {
    if let Value::Obj(k) = key {
        if let Payload::Slice { .. } = k.payload {
            let (start, _, step, count) =
                crate::objects::slice::indices(vm, k, || items.borrow().len())?;
            let len = items.borrow().len();
            let mut doomed = vec![false; len];
            for i in 0..count {
                doomed[(start + i as isize * step) as usize] = true;
            }
            // The removed items are dropped after the borrow ends.
            let old = std::mem::take(&mut *items.borrow_mut());
            let mut kept = Vec::with_capacity(len - count);
            let mut removed = Vec::with_capacity(count);
            for (item, gone) in old.into_iter().zip(doomed) {
                if gone {
                    removed.push(item);
                } else {
                    kept.push(item);
                }
            }
            *items.borrow_mut() = kept;
            // A plain slice goes last first (`list_ass_slice`), an extended one
            // in the list's order, as CPython releases them.
            if step == 1 {
                drop_last_first(removed);
            } else {
                drop(removed);
            }
            return Ok(());
        }
    }
    let i = item_position(vm, key, items, "list assignment index out of range")?;
    let old = items.borrow_mut().remove(i);
    drop(old);
    Ok(())
}

/// An index argument clamped to `isize` as `_PyEval_SliceIndex` clamps it.
pub fn slice_index_saturating(vm: &mut Vm, v: &Value) -> PyResult<isize> {
    let n = match abstract_::index(vm, v) {
        Ok(n) => n,
        Err(e) if vm.err_matches(&e, Exc::TypeError) => {
            return Err(vm.new_type_error(
                "slice indices must be integers or have an __index__ method".to_owned(),
            ))
        }
        Err(e) => return Err(e),
    };
    match n {
        Value::Int(n) => Ok(n as isize),
        Value::Bool(b) => Ok(b as isize),
        Value::Obj(o) => match &o.payload {
            Payload::Int(n) if n.sign() == num_bigint::Sign::Minus => Ok(isize::MIN),
            _ => Ok(isize::MAX),
        },
        _ => Ok(0),
    }
}

/// `list.sort(*, key=None, reverse=False)`: a stable merge sort whose comparisons may
/// raise; the first error stops the sort and is re-raised. `sorted()` calls it on
/// its new list.
pub fn list_sort(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [key, reverse]) = SORT.bind(vm, args)?;
    let l = bound_list(vm, this)?;
    let key = key.filter(|k| !k.is_none());
    let reverse = match &reverse {
        Some(r) => abstract_::is_true(vm, r)?,
        None => false,
    };
    let items = std::mem::take(&mut *items_of(&l).borrow_mut());
    let result = sort_values(vm, items, key.as_ref(), reverse);
    match result {
        Ok(sorted) => {
            // The keys died with the sort: their finalisers run now, as CPython
            // frees them before it looks for changes. Any change to the list
            // while it was taken apart left room in it (CPython's `allocated`).
            vm.run_finalizers();
            let modified = {
                let now = items_of(&l).borrow();
                !now.is_empty() || now.capacity() != 0
            };
            *items_of(&l).borrow_mut() = sorted;
            if modified {
                return Err(vm.new_value_error("list modified during sort".to_owned()));
            }
            Ok(Value::None)
        }
        Err((err, original)) => {
            *items_of(&l).borrow_mut() = original;
            Err(err)
        }
    }
}

/// Sorts values (by `key` if given) with `<`, stable. On an error the items come
/// back in whatever order the sort had reached, as CPython leaves the list.
pub fn sort_values(
    vm: &mut Vm,
    mut items: Vec<Value>,
    key: Option<&Value>,
    reverse: bool,
) -> Result<Vec<Value>, (crate::PyErr, Vec<Value>)> {
    // A key function's error leaves the list untouched: keys are computed first.
    let keys = match key {
        Some(k) => {
            let mut keys = Vec::with_capacity(items.len());
            for item in &items {
                match vm.call1(k, vec![item.clone()]) {
                    Ok(v) => keys.push(v),
                    Err(e) => return Err((e, items)),
                }
            }
            Some(keys)
        }
        None => None,
    };
    // `reverse` keeps stability by reversing before and after the sort.
    if reverse {
        items.reverse();
    }
    let mut keys = keys;
    if let Some(k) = keys.as_mut() {
        if reverse {
            k.reverse();
        }
    }
    let order: Vec<usize> = (0..items.len()).collect();
    let (order, result) = {
        let key_slice: &[Value] = keys.as_deref().unwrap_or(&items);
        let mut sorter = TimSort {
            vm,
            keys: key_slice,
            a: order,
            tmp: Vec::new(),
            pending: Vec::new(),
            min_gallop: MIN_GALLOP,
        };
        let r = sorter.sort();
        (sorter.a, r)
    };
    let mut slots: Vec<Option<Value>> = items.into_iter().map(Some).collect();
    let mut sorted: Vec<Value> = order
        .into_iter()
        .map(|i| slots[i].take().unwrap_or(Value::None))
        .collect();
    if reverse {
        sorted.reverse();
    }
    match result {
        Ok(()) => Ok(sorted),
        Err(e) => Err((e, sorted)),
    }
}

// ---------------------------------------------------------------------------
// Timsort with powersort's merge policy (CPython 3.11's `listsort`, described in
// `Objects/listsort.txt`). It sorts positions into `keys` with only `<`, making the
// same comparisons in the same order as CPython, so comparison side effects and
// the order left behind by a failing comparison match.

const MIN_GALLOP: usize = 7;

struct Run {
    base: usize,
    len: usize,
    power: u32,
}

struct TimSort<'a> {
    vm: &'a mut Vm,
    keys: &'a [Value],
    /// The permutation being sorted: positions into `keys`.
    a: Vec<usize>,
    tmp: Vec<usize>,
    pending: Vec<Run>,
    min_gallop: usize,
}

/// `keys[x] < keys[y]`. Two ints, two floats or two exact strs without lone
/// surrogates (whose UTF-8 orders as their code points) are compared here, with
/// the general comparison's result (CPython's pre-sort check picks the same).
fn key_lt(vm: &mut Vm, keys: &[Value], x: usize, y: usize) -> PyResult<bool> {
    abstract_::less_than(vm, &keys[x], &keys[y])
}

/// Where `key` goes in the sorted `run`, left of any equal elements, searching out
/// from `hint` in growing steps.
fn gallop_left(
    vm: &mut Vm,
    keys: &[Value],
    key: usize,
    run: &[usize],
    hint: usize,
) -> PyResult<usize> {
    let n = run.len();
    let (mut lastofs, mut ofs);
    if key_lt(vm, keys, run[hint], key)? {
        // run[hint] < key: gallop right until run[hint + lastofs] < key <= run[hint + ofs].
        let maxofs = n - hint;
        lastofs = 0;
        ofs = 1;
        while ofs < maxofs {
            if key_lt(vm, keys, run[hint + ofs], key)? {
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            } else {
                break;
            }
        }
        ofs = ofs.min(maxofs);
        lastofs += hint + 1;
        ofs += hint;
    } else {
        // key <= run[hint]: gallop left until run[hint - ofs] < key <= run[hint - lastofs].
        let maxofs = hint + 1;
        lastofs = 0;
        ofs = 1;
        while ofs < maxofs {
            if key_lt(vm, keys, run[hint - ofs], key)? {
                break;
            }
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        ofs = ofs.min(maxofs);
        let k = lastofs;
        // The range is (hint - ofs, hint - k]; `lastofs` is its exclusive low end + 1.
        lastofs = hint + 1 - ofs;
        ofs = hint - k;
    }
    while lastofs < ofs {
        let m = lastofs + ((ofs - lastofs) >> 1);
        if key_lt(vm, keys, run[m], key)? {
            lastofs = m + 1;
        } else {
            ofs = m;
        }
    }
    Ok(ofs)
}

/// Where `key` goes in the sorted `run`, right of any equal elements.
fn gallop_right(
    vm: &mut Vm,
    keys: &[Value],
    key: usize,
    run: &[usize],
    hint: usize,
) -> PyResult<usize> {
    let n = run.len();
    let (mut lastofs, mut ofs);
    if key_lt(vm, keys, key, run[hint])? {
        // key < run[hint]: gallop left until run[hint - ofs] <= key < run[hint - lastofs].
        let maxofs = hint + 1;
        lastofs = 0;
        ofs = 1;
        while ofs < maxofs {
            if key_lt(vm, keys, key, run[hint - ofs])? {
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            } else {
                break;
            }
        }
        ofs = ofs.min(maxofs);
        let k = lastofs;
        lastofs = hint + 1 - ofs;
        ofs = hint - k;
    } else {
        // run[hint] <= key: gallop right until run[hint + lastofs] <= key < run[hint + ofs].
        let maxofs = n - hint;
        lastofs = 0;
        ofs = 1;
        while ofs < maxofs {
            if key_lt(vm, keys, key, run[hint + ofs])? {
                break;
            }
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        ofs = ofs.min(maxofs);
        lastofs += hint + 1;
        ofs += hint;
    }
    while lastofs < ofs {
        let m = lastofs + ((ofs - lastofs) >> 1);
        if key_lt(vm, keys, key, run[m])? {
            ofs = m;
        } else {
            lastofs = m + 1;
        }
    }
    Ok(ofs)
}

/// The minimum run length: between 32 and 64, so that `n / minrun` is a power of
/// two or a little less.
fn compute_minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// Powersort's node power of the boundary between runs `[s1, s1+n1)` and
/// `[s1+n1, s1+n1+n2)` in a list of length `n`.
fn powerloop(s1: usize, n1: usize, n2: usize, n: usize) -> u32 {
    let mut result = 0;
    let mut a = 2 * s1 + n1;
    let mut b = a + n1 + n2;
    loop {
        result += 1;
        if a >= n {
            a -= n;
            b -= n;
        } else if b >= n {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    result
}

/// How a merge loop ended.
enum MergeEnd {
    Done,
    Failed(crate::PyErr),
    /// `merge_lo`: one element of A is left; `merge_hi`: one of B.
    CopyLast,
}

macro_rules! lt_or_fail {
    ($e:expr, $label:lifetime) => {
        match $e {
            Ok(v) => v,
            Err(err) => break $label MergeEnd::Failed(err),
        }
    };
}

impl TimSort<'_> {
    fn sort(&mut self) -> PyResult<()> {
        let n = self.a.len();
        if n < 2 {
            return Ok(());
        }
        let minrun = compute_minrun(n);
        let mut lo = 0;
        let mut remaining = n;
        while remaining > 0 {
            let (mut run, descending) = self.count_run(lo, lo + remaining)?;
            if descending {
                self.a[lo..lo + run].reverse();
            }
            if run < minrun {
                let force = remaining.min(minrun);
                self.binary_sort(lo, lo + force, lo + run)?;
                run = force;
            }
            self.found_new_run(run)?;
            self.pending.push(Run {
                base: lo,
                len: run,
                power: 0,
            });
            lo += run;
            remaining -= run;
        }
        while self.pending.len() > 1 {
            let mut i = self.pending.len() - 2;
            if i > 0 && self.pending[i - 1].len < self.pending[i + 1].len {
                i -= 1;
            }
            self.merge_at(i)?;
        }
        Ok(())
    }

    /// The length of the run starting at `lo` (strictly descending or
    /// non-descending) and whether it descends.
    fn count_run(&mut self, lo: usize, hi: usize) -> PyResult<(usize, bool)> {
        if lo + 1 == hi {
            return Ok((1, false));
        }
        let a = &self.a;
        let mut n = 2;
        if key_lt(self.vm, self.keys, a[lo + 1], a[lo])? {
            let mut i = lo + 2;
            while i < hi && key_lt(self.vm, self.keys, a[i], a[i - 1])? {
                i += 1;
                n += 1;
            }
            Ok((n, true))
        } else {
            let mut i = lo + 2;
            while i < hi && !key_lt(self.vm, self.keys, a[i], a[i - 1])? {
                i += 1;
                n += 1;
            }
            Ok((n, false))
        }
    }

    /// Binary insertion sort of `a[lo..hi]`, whose prefix `a[lo..start]` is sorted.
    fn binary_sort(&mut self, lo: usize, hi: usize, start: usize) -> PyResult<()> {
        let start = if start == lo { start + 1 } else { start };
        for next in start..hi {
            let pivot = self.a[next];
            let (mut l, mut r) = (lo, next);
            loop {
                let p = l + ((r - l) >> 1);
                if key_lt(self.vm, self.keys, pivot, self.a[p])? {
                    r = p;
                } else {
                    l = p + 1;
                }
                if l >= r {
                    break;
                }
            }
            self.a.copy_within(l..next, l + 1);
            self.a[l] = pivot;
        }
        Ok(())
    }

    /// Merges pending runs while the new run's boundary has lower power.
    fn found_new_run(&mut self, n2: usize) -> PyResult<()> {
        let Some(last) = self.pending.last() else {
            return Ok(());
        };
        let power = powerloop(last.base, last.len, n2, self.a.len());
        while self.pending.len() > 1 && self.pending[self.pending.len() - 2].power > power {
            self.merge_at(self.pending.len() - 2)?;
        }
        if let Some(last) = self.pending.last_mut() {
            last.power = power;
        }
        Ok(())
    }

    /// Merges pending runs `i` and `i + 1`.
    fn merge_at(&mut self, i: usize) -> PyResult<()> {
        let (mut base_a, mut na) = (self.pending[i].base, self.pending[i].len);
        let (base_b, nb) = (self.pending[i + 1].base, self.pending[i + 1].len);
        self.pending[i].len = na + nb;
        self.pending.remove(i + 1);
        // Elements of A already in place before B's first element stay put.
        let k = gallop_right(
            self.vm,
            self.keys,
            self.a[base_b],
            &self.a[base_a..base_a + na],
            0,
        )?;
        base_a += k;
        na -= k;
        if na == 0 {
            return Ok(());
        }
        // Elements of B after A's last element stay put.
        let nb = gallop_left(
            self.vm,
            self.keys,
            self.a[base_a + na - 1],
            &self.a[base_b..base_b + nb],
            nb - 1,
        )?;
        if nb == 0 {
            return Ok(());
        }
        if na <= nb {
            self.merge_lo(base_a, na, base_b, nb)
        } else {
            self.merge_hi(base_a, na, base_b, nb)
        }
    }

    /// Merges A = `a[base_a..+na]` and B (which follows it), A the shorter: A is
    /// copied aside and the merge fills from the left.
    fn merge_lo(
        &mut self,
        base_a: usize,
        mut na: usize,
        base_b: usize,
        mut nb: usize,
    ) -> PyResult<()> {
        self.tmp.clear();
        self.tmp.extend_from_slice(&self.a[base_a..base_a + na]);
        let (mut dest, mut pa, mut pb) = (base_a, 0usize, base_b);
        self.a[dest] = self.a[pb];
        dest += 1;
        pb += 1;
        nb -= 1;
        let end = 'merge: {
            if nb == 0 {
                break 'merge MergeEnd::Done;
            }
            if na == 1 {
                break 'merge MergeEnd::CopyLast;
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut acount, mut bcount) = (0usize, 0usize);
                // One element at a time until one run wins often.
                loop {
                    let b_wins = lt_or_fail!(
                        key_lt(self.vm, self.keys, self.a[pb], self.tmp[pa]),
                        'merge
                    );
                    if b_wins {
                        self.a[dest] = self.a[pb];
                        dest += 1;
                        pb += 1;
                        bcount += 1;
                        acount = 0;
                        nb -= 1;
                        if nb == 0 {
                            break 'merge MergeEnd::Done;
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    } else {
                        self.a[dest] = self.tmp[pa];
                        dest += 1;
                        pa += 1;
                        acount += 1;
                        bcount = 0;
                        na -= 1;
                        if na == 1 {
                            break 'merge MergeEnd::CopyLast;
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    }
                }
                // Galloping until neither run wins by much.
                min_gallop += 1;
                loop {
                    min_gallop -= (min_gallop > 1) as usize;
                    self.min_gallop = min_gallop;
                    let k = lt_or_fail!(
                        gallop_right(self.vm, self.keys, self.a[pb], &self.tmp[pa..pa + na], 0),
                        'merge
                    );
                    acount = k;
                    if k > 0 {
                        self.a[dest..dest + k].copy_from_slice(&self.tmp[pa..pa + k]);
                        dest += k;
                        pa += k;
                        na -= k;
                        if na == 1 {
                            break 'merge MergeEnd::CopyLast;
                        }
                        if na == 0 {
                            break 'merge MergeEnd::Done;
                        }
                    }
                    self.a[dest] = self.a[pb];
                    dest += 1;
                    pb += 1;
                    nb -= 1;
                    if nb == 0 {
                        break 'merge MergeEnd::Done;
                    }
                    let k = lt_or_fail!(
                        gallop_left(self.vm, self.keys, self.tmp[pa], &self.a[pb..pb + nb], 0),
                        'merge
                    );
                    bcount = k;
                    if k > 0 {
                        self.a.copy_within(pb..pb + k, dest);
                        dest += k;
                        pb += k;
                        nb -= k;
                        if nb == 0 {
                            break 'merge MergeEnd::Done;
                        }
                    }
                    self.a[dest] = self.tmp[pa];
                    dest += 1;
                    pa += 1;
                    na -= 1;
                    if na == 1 {
                        break 'merge MergeEnd::CopyLast;
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        };
        match end {
            MergeEnd::CopyLast => {
                self.a.copy_within(pb..pb + nb, dest);
                self.a[dest + nb] = self.tmp[pa];
                Ok(())
            }
            MergeEnd::Done | MergeEnd::Failed(_) => {
                // What is left of A goes back (all of it, after an error).
                if na > 0 {
                    self.a[dest..dest + na].copy_from_slice(&self.tmp[pa..pa + na]);
                }
                match end {
                    MergeEnd::Failed(e) => Err(e),
                    _ => Ok(()),
                }
            }
        }
    }

    /// Merges A and B, B the shorter: B is copied aside and the merge fills from
    /// the right.
    fn merge_hi(
        &mut self,
        base_a: usize,
        mut na: usize,
        base_b: usize,
        mut nb: usize,
    ) -> PyResult<()> {
        self.tmp.clear();
        self.tmp.extend_from_slice(&self.a[base_b..base_b + nb]);
        // Positions of the last unmerged element of each run and of the destination;
        // signed, as they run one below their run's start when it empties.
        let mut dest = (base_b + nb - 1) as isize;
        let mut pa = (base_a + na - 1) as isize;
        let mut pb = nb as isize - 1;
        self.a[dest as usize] = self.a[pa as usize];
        dest -= 1;
        pa -= 1;
        na -= 1;
        let end = 'merge: {
            if na == 0 {
                break 'merge MergeEnd::Done;
            }
            if nb == 1 {
                break 'merge MergeEnd::CopyLast;
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut acount, mut bcount) = (0usize, 0usize);
                loop {
                    let b_less = lt_or_fail!(
                        key_lt(
                            self.vm,
                            self.keys,
                            self.tmp[pb as usize],
                            self.a[pa as usize]
                        ),
                        'merge
                    );
                    if b_less {
                        self.a[dest as usize] = self.a[pa as usize];
                        dest -= 1;
                        pa -= 1;
                        acount += 1;
                        bcount = 0;
                        na -= 1;
                        if na == 0 {
                            break 'merge MergeEnd::Done;
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    } else {
                        self.a[dest as usize] = self.tmp[pb as usize];
                        dest -= 1;
                        pb -= 1;
                        bcount += 1;
                        acount = 0;
                        nb -= 1;
                        if nb == 1 {
                            break 'merge MergeEnd::CopyLast;
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= (min_gallop > 1) as usize;
                    self.min_gallop = min_gallop;
                    let k = lt_or_fail!(
                        gallop_right(
                            self.vm,
                            self.keys,
                            self.tmp[pb as usize],
                            &self.a[base_a..base_a + na],
                            na - 1
                        ),
                        'merge
                    );
                    let k = na - k;
                    acount = k;
                    if k > 0 {
                        dest -= k as isize;
                        pa -= k as isize;
                        let from = (pa + 1) as usize;
                        self.a.copy_within(from..from + k, (dest + 1) as usize);
                        na -= k;
                        if na == 0 {
                            break 'merge MergeEnd::Done;
                        }
                    }
                    self.a[dest as usize] = self.tmp[pb as usize];
                    dest -= 1;
                    pb -= 1;
                    nb -= 1;
                    if nb == 1 {
                        break 'merge MergeEnd::CopyLast;
                    }
                    let k = lt_or_fail!(
                        gallop_left(
                            self.vm,
                            self.keys,
                            self.a[pa as usize],
                            &self.tmp[..nb],
                            nb - 1
                        ),
                        'merge
                    );
                    let k = nb - k;
                    bcount = k;
                    if k > 0 {
                        dest -= k as isize;
                        pb -= k as isize;
                        let from = (pb + 1) as usize;
                        let to = (dest + 1) as usize;
                        self.a[to..to + k].copy_from_slice(&self.tmp[from..from + k]);
                        nb -= k;
                        if nb == 1 {
                            break 'merge MergeEnd::CopyLast;
                        }
                        if nb == 0 {
                            break 'merge MergeEnd::Done;
                        }
                    }
                    self.a[dest as usize] = self.a[pa as usize];
                    dest -= 1;
                    pa -= 1;
                    na -= 1;
                    if na == 0 {
                        break 'merge MergeEnd::Done;
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        };
        match end {
            MergeEnd::CopyLast => {
                // One element of B is left: A's remaining block moves right past it.
                let to = (dest + 1) as usize - na;
                let from = (pa + 1) as usize - na;
                self.a.copy_within(from..from + na, to);
                self.a[to - 1] = self.tmp[pb as usize];
                Ok(())
            }
            MergeEnd::Done | MergeEnd::Failed(_) => {
                if nb > 0 {
                    let to = (dest + 1) as usize - nb;
                    self.a[to..to + nb].copy_from_slice(&self.tmp[..nb]);
                }
                match end {
                    MergeEnd::Failed(e) => Err(e),
                    _ => Ok(()),
                }
            }
        }
    }
}
