//! The `_collections` module (CPython's `Modules/_collectionsmodule.c`): `deque` and
//! its iterators, `defaultdict`, `_tuplegetter` and `_count_elements`, and
//! `OrderedDict` (CPython's `Objects/odictobject.c`, in `ordered_dict.rs`).
//!
//! Deliberate differences: a deque keeps its items in a `VecDeque` rather than in
//! CPython's linked blocks (an iterator reads by position, which gives the same
//! items); a `defaultdict` is a dict whose `default_factory` member is kept where
//! Krait keeps `__slots__` members.

mod odict_nodes;
mod ordered_dict;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use krait_bytecode::opcode_table::{NB_ADD, NB_OR};
use krait_vm::native::{
    add_module_functions, member_value, native_data, new_native_object, new_native_type,
    set_member_value, MethodDef, NativeData, NativeTypeSpec,
};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::{Args, FastCall};
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::set_type_attr;
use krait_vm::objects::typeobject::{self, lookup, type_data};
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, ObjRef, Payload, PyErr, PyResult, Value, Vm};

use crate::{class_of_call, generic_alias, given, iter_self, wrong_receiver};
use krait_vm::Exc;

// ---------------------------------------------------------------------------
// deque

/// A deque's state: its items, its bound, and a counter of the changes that
/// invalidate iterators (CPython's `state`).
struct Deque {
    items: RefCell<VecDeque<Value>>,
    /// `None` when unbounded.
    maxlen: Cell<Option<usize>>,
    state: Cell<u64>,
}

impl NativeData for Deque {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        let Ok(items) = self.items.try_borrow() else {
            return false;
        };
        items.iter().for_each(visit);
        true
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        if let Ok(mut items) = self.items.try_borrow_mut() {
            taken.extend(items.drain(..));
            self.changed();
        }
    }
}

impl Deque {
    fn new(maxlen: Option<usize>) -> Deque {
        Deque {
            items: RefCell::new(VecDeque::new()),
            maxlen: Cell::new(maxlen),
            state: Cell::new(0),
        }
    }

    fn len(&self) -> usize {
        self.items.borrow().len()
    }

    fn changed(&self) {
        self.state.set(self.state.get().wrapping_add(1));
    }

    fn item(&self, i: usize) -> Option<Value> {
        self.items.borrow().get(i).cloned()
    }

    /// Adds `item` on the right, dropping one from the left past `maxlen` (the
    /// dropped item is returned, to be released once the deque is not borrowed).
    fn push_back(&self, item: Value) -> Option<Value> {
        let mut items = self.items.borrow_mut();
        items.push_back(item);
        self.changed();
        match self.maxlen.get() {
            Some(max) if items.len() > max => items.pop_front(),
            _ => None,
        }
    }

    fn push_front(&self, item: Value) -> Option<Value> {
        let mut items = self.items.borrow_mut();
        items.push_front(item);
        self.changed();
        match self.maxlen.get() {
            Some(max) if items.len() > max => items.pop_back(),
            _ => None,
        }
    }

    fn pop_back(&self) -> Option<Value> {
        let item = self.items.borrow_mut().pop_back();
        if item.is_some() {
            self.changed();
        }
        item
    }

    fn pop_front(&self) -> Option<Value> {
        let item = self.items.borrow_mut().pop_front();
        if item.is_some() {
            self.changed();
        }
        item
    }

    /// Empties the deque, handing back the items to release outside the borrow.
    fn take_all(&self) -> VecDeque<Value> {
        self.changed();
        std::mem::take(&mut *self.items.borrow_mut())
    }

    /// `rotate(n)`: the last `n` items move to the front (the first `-n` to the back).
    fn rotate(&self, n: isize) {
        let mut items = self.items.borrow_mut();
        let len = items.len();
        if len <= 1 {
            return;
        }
        self.changed();
        let shift = n.rem_euclid(len as isize) as usize;
        items.rotate_right(shift);
    }

    fn items_snapshot(&self) -> Vec<Value> {
        self.items.borrow().iter().cloned().collect()
    }
}

static DEQUE_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "deque([iterable[, maxlen]]) --> deque object\n\n\
         A list-like sequence optimized for data accesses near its endpoints.",
    ),
    subclassable: true,
    new: Some(deque_new),
    slots: &[
        NativeSlot::Repr(deque_repr),
        NativeSlot::RichCompare(deque_richcompare),
        NativeSlot::Iter(deque_iter),
        NativeSlot::Length(deque_len),
        NativeSlot::GetItem(deque_getitem),
        NativeSlot::SetItem(deque_setitem),
        NativeSlot::Contains(deque_contains),
        NativeSlot::Concat(deque_concat),
        NativeSlot::Repeat(deque_repeat),
        NativeSlot::InPlaceConcat(deque_inplace_concat),
        NativeSlot::InPlaceRepeat(deque_inplace_repeat),
    ],
    methods: &[
        MethodDef::method("__init__", deque_init).with_signature(&DEQUE_INIT),
        MethodDef::method("append", deque_append)
            .with_signature(&DEQUE_APPEND)
            .with_doc("Add an element to the right side of the deque."),
        MethodDef::method("appendleft", deque_appendleft)
            .with_signature(&DEQUE_APPENDLEFT)
            .with_doc("Add an element to the left side of the deque."),
        MethodDef::method("clear", deque_clear)
            .with_signature(&DEQUE_CLEAR)
            .with_doc("Remove all elements from the deque."),
        MethodDef::method("__copy__", deque_copy_dunder)
            .with_signature(&DEQUE_COPY_DUNDER)
            .with_doc("Return a shallow copy of a deque."),
        MethodDef::method("copy", deque_copy_method)
            .with_signature(&DEQUE_COPY)
            .with_doc("Return a shallow copy of a deque."),
        MethodDef::method("count", deque_count)
            .with_signature(&DEQUE_COUNT)
            .with_doc("D.count(value) -> integer -- return number of occurrences of value"),
        MethodDef::method("extend", deque_extend_method)
            .with_signature(&DEQUE_EXTEND)
            .with_doc("Extend the right side of the deque with elements from the iterable"),
        MethodDef::method("extendleft", deque_extendleft)
            .with_signature(&DEQUE_EXTENDLEFT)
            .with_doc("Extend the left side of the deque with elements from the iterable"),
        MethodDef::method("index", deque_index)
            .with_signature(&DEQUE_INDEX)
            .with_doc(
                "D.index(value, [start, [stop]]) -> integer -- return first index of value.\n\
                 Raises ValueError if the value is not present.",
            ),
        MethodDef::method("insert", deque_insert)
            .with_signature(&DEQUE_INSERT)
            .with_doc("D.insert(index, object) -- insert object before index"),
        MethodDef::method("pop", deque_pop)
            .with_signature(&DEQUE_POP)
            .with_doc("Remove and return the rightmost element."),
        MethodDef::method("popleft", deque_popleft)
            .with_signature(&DEQUE_POPLEFT)
            .with_doc("Remove and return the leftmost element."),
        MethodDef::method("__reduce__", deque_reduce)
            .with_signature(&DEQUE_REDUCE)
            .with_doc("Return state information for pickling."),
        MethodDef::method("remove", deque_remove)
            .with_signature(&DEQUE_REMOVE)
            .with_doc("D.remove(value) -- remove first occurrence of value."),
        MethodDef::method("__reversed__", deque_reversed)
            .with_signature(&DEQUE_REVERSED)
            .with_doc("D.__reversed__() -- return a reverse iterator over the deque"),
        MethodDef::method("reverse", deque_reverse)
            .with_signature(&DEQUE_REVERSE)
            .with_doc("D.reverse() -- reverse *IN PLACE*"),
        MethodDef::method("rotate", deque_rotate)
            .with_signature(&DEQUE_ROTATE)
            .with_doc(
                "Rotate the deque n steps to the right (default n=1).  \
                 If n is negative, rotates left.",
            ),
        MethodDef::method("__sizeof__", deque_sizeof)
            .with_signature(&DEQUE_SIZEOF)
            .with_doc("D.__sizeof__() -- size of D in memory, in bytes"),
        MethodDef::classmethod("__class_getitem__", deque_class_getitem)
            .with_signature(&DEQUE_CLASS_GETITEM)
            .with_doc("See PEP 585"),
    ],
    getsets: &[GetSet {
        name: "maxlen",
        get: deque_get_maxlen,
        set: None,
    }],
    weakrefable: true,
    ..NativeTypeSpec::new("deque", "collections")
};

static DEQUE_NEW: Signature = Signature::new("deque", "($type, *args, **kwargs)").not_listed();
static DEQUE_INIT: Signature =
    Signature::new("deque", "($self, iterable=<unrepresentable>, maxlen=None)")
        .parse_tuple()
        .not_listed();
static DEQUE_APPEND: Signature = Signature::of("deque", "append", "($self, item, /)")
    .not_listed()
    .with_fast(FastCall::new(2, 2, |vm, args| {
        let deque = deque_of(vm, &args[0])?;
        drop(deque.push_back(args[1].clone()));
        Ok(Value::None)
    }));
static DEQUE_APPENDLEFT: Signature =
    Signature::of("deque", "appendleft", "($self, item, /)").not_listed();
static DEQUE_CLEAR: Signature = Signature::of("deque", "clear", "($self, /)").not_listed();
static DEQUE_COPY_DUNDER: Signature = Signature::of("deque", "__copy__", "($self, /)").not_listed();
static DEQUE_COPY: Signature = Signature::of("deque", "copy", "($self, /)").not_listed();
static DEQUE_COUNT: Signature = Signature::of("deque", "count", "($self, value, /)").not_listed();
static DEQUE_EXTEND: Signature =
    Signature::of("deque", "extend", "($self, iterable, /)").not_listed();
static DEQUE_EXTENDLEFT: Signature =
    Signature::of("deque", "extendleft", "($self, iterable, /)").not_listed();
static DEQUE_INDEX: Signature = Signature::of(
    "deque",
    "index",
    "($self, value, start=<unrepresentable>, stop=<unrepresentable>, /)",
)
.parse_tuple()
.not_listed();
static DEQUE_INSERT: Signature = Signature::of("deque", "insert", "($self, index, object, /)")
    .parse_tuple()
    .not_listed();
static DEQUE_POP: Signature = Signature::of("deque", "pop", "($self, /)").not_listed();
static DEQUE_POPLEFT: Signature = Signature::of("deque", "popleft", "($self, /)")
    .not_listed()
    .with_fast(FastCall::new(1, 1, |vm, args| {
        let deque = deque_of(vm, &args[0])?;
        deque
            .pop_front()
            .ok_or_else(|| vm.new_index_error("pop from an empty deque".to_owned()))
    }));
static DEQUE_REDUCE: Signature = Signature::of("deque", "__reduce__", "($self, /)").not_listed();
static DEQUE_REMOVE: Signature = Signature::of("deque", "remove", "($self, value, /)").not_listed();
static DEQUE_REVERSED: Signature =
    Signature::of("deque", "__reversed__", "($self, /)").not_listed();
static DEQUE_REVERSE: Signature = Signature::of("deque", "reverse", "($self, /)").not_listed();
static DEQUE_ROTATE: Signature = Signature::new("deque.rotate", "($self, n=1, /)").not_listed();
static DEQUE_SIZEOF: Signature = Signature::of("deque", "__sizeof__", "($self, /)").not_listed();
static DEQUE_CLASS_GETITEM: Signature =
    Signature::of("deque", "__class_getitem__", "($type, item, /)").not_listed();

/// The state of `this`, a deque (or an object of a class derived from deque).
fn deque_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Deque> {
    native_data::<Deque>(this).ok_or_else(|| wrong_receiver(vm, "collections.deque", this))
}

fn is_deque(v: &Value) -> bool {
    native_data::<Deque>(v).is_some()
}

fn deque_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = DEQUE_NEW.bind_all::<0>(vm, args)?;
    let cls = class_of_call(vm, bound.this, "collections.deque")?;
    Ok(new_native_object(vm, &cls, Deque::new(None)))
}

/// `deque([iterable[, maxlen]])`: a deque initialised again is emptied first.
fn deque_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [iterable, maxlen]) = DEQUE_INIT.bind(vm, args)?;
    let this = given(this);
    let maxlen = match maxlen {
        None | Some(Value::None) => None,
        Some(m) => Some(maxlen_value(vm, &m)?),
    };
    let deque = deque_of(vm, &this)?;
    deque.maxlen.set(maxlen);
    if deque.len() > 0 {
        drop(deque.take_all());
    }
    if let Some(iterable) = iterable {
        deque_extend(vm, &this, &iterable)?;
    }
    Ok(Value::None)
}

/// `maxlen` as `PyLong_AsSsize_t` reads it, then checked.
fn maxlen_value(vm: &mut Vm, m: &Value) -> PyResult<usize> {
    let n = match m {
        Value::Int(n) => *n,
        Value::Bool(b) => *b as i64,
        Value::Obj(o) if matches!(o.payload, Payload::Int(_)) => {
            return Err(
                vm.new_overflow_error("Python int too large to convert to C ssize_t".to_owned())
            )
        }
        _ => return Err(vm.new_type_error("an integer is required".to_owned())),
    };
    usize::try_from(n).map_err(|_| vm.new_value_error("maxlen must be non-negative".to_owned()))
}

fn deque_get_maxlen(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let deque = deque_of(vm, this)?;
    Ok(match deque.maxlen.get() {
        Some(n) => Value::Int(n as i64),
        None => Value::None,
    })
}

fn deque_append(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [item]) = DEQUE_APPEND.bind(vm, args)?;
    let this = given(this);
    let deque = deque_of(vm, &this)?;
    drop(deque.push_back(item.unwrap_or(Value::None)));
    Ok(Value::None)
}

fn deque_appendleft(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [item]) = DEQUE_APPENDLEFT.bind(vm, args)?;
    let this = given(this);
    let deque = deque_of(vm, &this)?;
    drop(deque.push_front(item.unwrap_or(Value::None)));
    Ok(Value::None)
}

fn deque_pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DEQUE_POP.bind(vm, args)?;
    let this = given(this);
    let deque = deque_of(vm, &this)?;
    deque
        .pop_back()
        .ok_or_else(|| vm.new_index_error("pop from an empty deque".to_owned()))
}

fn deque_popleft(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DEQUE_POPLEFT.bind(vm, args)?;
    let this = given(this);
    let deque = deque_of(vm, &this)?;
    deque
        .pop_front()
        .ok_or_else(|| vm.new_index_error("pop from an empty deque".to_owned()))
}

fn deque_clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DEQUE_CLEAR.bind(vm, args)?;
    let this = given(this);
    let deque = deque_of(vm, &this)?;
    drop(deque.take_all());
    Ok(Value::None)
}

/// Which end `extend` adds to.
#[derive(Clone, Copy, PartialEq)]
enum End {
    Left,
    Right,
}

/// `extend` and `extendleft`: the items of `iterable` added one by one (a deque
/// extended with itself reads a copy first; with `maxlen == 0` the iterable is
/// still consumed).
fn deque_extend_end(vm: &mut Vm, this: &Value, iterable: &Value, end: End) -> PyResult<()> {
    let source = if iterable.is(this) {
        let items = deque_of(vm, this)?.items_snapshot();
        vm.new_list(items)
    } else {
        iterable.clone()
    };
    let it = abstract_::get_iter(vm, &source)?;
    while let Some(item) = abstract_::iter_next(vm, &it)? {
        let deque = deque_of(vm, this)?;
        if deque.maxlen.get() == Some(0) {
            continue;
        }
        let dropped = match end {
            End::Right => deque.push_back(item),
            End::Left => deque.push_front(item),
        };
        drop(dropped);
    }
    Ok(())
}

fn deque_extend(vm: &mut Vm, this: &Value, iterable: &Value) -> PyResult<()> {
    deque_extend_end(vm, this, iterable, End::Right)
}

fn deque_extend_method(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [iterable]) = DEQUE_EXTEND.bind(vm, args)?;
    let this = given(this);
    deque_extend(vm, &this, &iterable.unwrap_or(Value::None))?;
    Ok(Value::None)
}

fn deque_extendleft(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [iterable]) = DEQUE_EXTENDLEFT.bind(vm, args)?;
    let this = given(this);
    deque_extend_end(vm, &this, &iterable.unwrap_or(Value::None), End::Left)?;
    Ok(Value::None)
}

/// `copy()`: a deque of the same class, items and bound; a subclass is called as
/// `cls(d)` or `cls(d, maxlen)`.
fn deque_copy(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let class = vm.type_of(this);
    let deque = deque_of(vm, this)?;
    let maxlen = deque.maxlen.get();
    if !type_data(&class).heap {
        let copy = Deque::new(maxlen);
        *copy.items.borrow_mut() = deque.items.borrow().clone();
        return Ok(new_native_object(vm, &class, copy));
    }
    let mut ctor_args = vec![this.clone()];
    if let Some(n) = maxlen {
        ctor_args.push(Value::Int(n as i64));
    }
    let result = vm.call1(&Value::Obj(class.clone()), ctor_args)?;
    if !is_deque(&result) {
        let name = typeobject::type_name(&class);
        let got = vm.type_name_of(&result);
        return Err(vm.new_type_error(format!("{name}() must return a deque, not {got}")));
    }
    Ok(result)
}

fn deque_copy_method(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DEQUE_COPY.bind(vm, args)?;
    deque_copy(vm, &given(this))
}

fn deque_copy_dunder(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DEQUE_COPY_DUNDER.bind(vm, args)?;
    deque_copy(vm, &given(this))
}

/// Whether `a` equals `b`, the deque's item; the comparison may run Python code, so
/// the deque must not have changed meanwhile (`state` says).
fn deque_item_matches(vm: &mut Vm, this: &Value, item: &Value, value: &Value) -> PyResult<bool> {
    let state = deque_of(vm, this)?.state.get();
    let equal = item.is(value) || abstract_::rich_eq_bool(vm, item, value)?;
    if deque_of(vm, this)?.state.get() != state {
        return Err(vm.new_runtime_error("deque mutated during iteration".to_owned()));
    }
    Ok(equal)
}

fn deque_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [value]) = DEQUE_COUNT.bind(vm, args)?;
    let (this, value) = (given(this), value.unwrap_or(Value::None));
    let mut count = 0;
    let mut i = 0;
    while let Some(item) = deque_of(vm, &this)?.item(i) {
        if deque_item_matches(vm, &this, &item, &value)? {
            count += 1;
        }
        i += 1;
    }
    Ok(Value::Int(count))
}

fn deque_contains(vm: &mut Vm, this: &Value, value: &Value) -> PyResult<bool> {
    let mut i = 0;
    while let Some(item) = deque_of(vm, this)?.item(i) {
        let state = deque_of(vm, this)?.state.get();
        if item.is(value) || abstract_::rich_eq_bool(vm, &item, value)? {
            return Ok(true);
        }
        if deque_of(vm, this)?.state.get() != state {
            return Err(vm.new_runtime_error("deque mutated during iteration".to_owned()));
        }
        i += 1;
    }
    Ok(false)
}

/// A slice bound as `_PyEval_SliceIndexNotNone` reads it (big values clamp).
fn slice_index(vm: &mut Vm, v: &Value) -> PyResult<isize> {
    match abstract_::index(vm, v) {
        Ok(Value::Int(n)) => Ok(n as isize),
        Ok(Value::Obj(big)) => Ok(match &big.payload {
            Payload::Int(n) if num_traits::Signed::is_negative(n) => isize::MIN,
            _ => isize::MAX,
        }),
        Ok(_) => Ok(0),
        Err(e) if vm.err_matches(&e, Exc::TypeError) => Err(vm.new_type_error(
            "slice indices must be integers or have an __index__ method".to_owned(),
        )),
        Err(e) => Err(e),
    }
}

fn deque_index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [value, start, stop]) = DEQUE_INDEX.bind(vm, args)?;
    let (this, value) = (given(this), value.unwrap_or(Value::None));
    let len = deque_of(vm, &this)?.len() as isize;
    let mut start = match start {
        Some(s) => slice_index(vm, &s)?,
        None => 0,
    };
    let mut stop = match stop {
        Some(s) => slice_index(vm, &s)?,
        None => len,
    };
    if start < 0 {
        start = (start + len).max(0);
    }
    if stop < 0 {
        stop = (stop + len).max(0);
    }
    let stop = stop.min(len);
    let start = start.min(stop);
    for i in start..stop {
        let Some(item) = deque_of(vm, &this)?.item(i as usize) else {
            break;
        };
        if deque_item_matches(vm, &this, &item, &value)? {
            return Ok(Value::Int(i as i64));
        }
    }
    let shown = abstract_::repr_string(vm, &value)?;
    Err(vm.new_value_error(format!("{shown} is not in deque")))
}

/// An index argument as `n` of a `PyArg_Parse` format reads it.
fn ssize_arg(vm: &mut Vm, v: &Value) -> PyResult<isize> {
    match abstract_::index(vm, v)? {
        Value::Int(n) => Ok(n as isize),
        _ => Err(vm.new_overflow_error("Python int too large to convert to C ssize_t".to_owned())),
    }
}

fn deque_insert(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [index, value]) = DEQUE_INSERT.bind(vm, args)?;
    let this = given(this);
    let index = ssize_arg(vm, &index.unwrap_or(Value::None))?;
    let value = value.unwrap_or(Value::None);
    let deque = deque_of(vm, &this)?;
    let len = deque.len();
    if deque.maxlen.get() == Some(len) {
        return Err(vm.new_index_error("deque already at its maximum size".to_owned()));
    }
    let at = if index < 0 {
        (index + len as isize).max(0) as usize
    } else {
        (index as usize).min(len)
    };
    deque.items.borrow_mut().insert(at, value);
    deque.changed();
    Ok(Value::None)
}

fn deque_remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [value]) = DEQUE_REMOVE.bind(vm, args)?;
    let (this, value) = (given(this), value.unwrap_or(Value::None));
    let mut i = 0;
    while let Some(item) = deque_of(vm, &this)?.item(i) {
        let state = deque_of(vm, &this)?.state.get();
        let equal = item.is(&value) || abstract_::rich_eq_bool(vm, &item, &value)?;
        let deque = deque_of(vm, &this)?;
        if deque.state.get() != state {
            return Err(vm.new_index_error("deque mutated during iteration".to_owned()));
        }
        if equal {
            let removed = deque.items.borrow_mut().remove(i);
            deque.changed();
            drop(removed);
            return Ok(Value::None);
        }
        i += 1;
    }
    let shown = abstract_::repr_string(vm, &value)?;
    Err(vm.new_value_error(format!("{shown} is not in deque")))
}

fn deque_reverse(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DEQUE_REVERSE.bind(vm, args)?;
    let this = given(this);
    let deque = deque_of(vm, &this)?;
    deque.items.borrow_mut().make_contiguous().reverse();
    Ok(Value::None)
}

fn deque_rotate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [n]) = DEQUE_ROTATE.bind(vm, args)?;
    let this = given(this);
    let n = match n {
        Some(n) => ssize_arg(vm, &n)?,
        None => 1,
    };
    deque_of(vm, &this)?.rotate(n);
    Ok(Value::None)
}

fn deque_sizeof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DEQUE_SIZEOF.bind(vm, args)?;
    let this = given(this);
    let deque = deque_of(vm, &this)?;
    // CPython's layout: the object and 64-slot blocks of 8-byte pointers.
    let blocks = (deque.len() + 64) / 64;
    Ok(Value::Int((80 + blocks * (64 * 8 + 16)) as i64))
}

fn deque_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DEQUE_REDUCE.bind(vm, args)?;
    let this = given(this);
    let state = vm.call_method(&this, "__getstate__", vec![])?;
    let it = abstract_::get_iter(vm, &this)?;
    let class = Value::Obj(vm.type_of(&this));
    let maxlen = deque_of(vm, &this)?.maxlen.get();
    let ctor_args = match maxlen {
        None => vm.new_tuple(vec![]),
        Some(n) => {
            let empty = vm.new_tuple(vec![]);
            vm.new_tuple(vec![empty, Value::Int(n as i64)])
        }
    };
    Ok(vm.new_tuple(vec![class, ctor_args, state, it]))
}

fn deque_class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    generic_alias(vm, &DEQUE_CLASS_GETITEM, args)
}

fn deque_len(vm: &mut Vm, this: &Value) -> PyResult<usize> {
    Ok(deque_of(vm, this)?.len())
}

/// `deque(...)` or `deque(..., maxlen=n)`, with `[...]` for a deque inside itself.
fn deque_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let id = match this {
        Value::Obj(o) => std::rc::Rc::as_ptr(o) as usize,
        _ => 0,
    };
    if vm.repr_guard.contains(&id) {
        return Ok(vm.new_str("[...]"));
    }
    let deque = deque_of(vm, this)?;
    let (items, maxlen) = (deque.items_snapshot(), deque.maxlen.get());
    vm.repr_guard.insert(id);
    let list = vm.new_list(items);
    let body = abstract_::repr_string(vm, &list);
    vm.repr_guard.remove(&id);
    let body = body?;
    let name = type_data(&vm.type_of(this)).name();
    let text = match maxlen {
        Some(n) => format!("{name}({body}, maxlen={n})"),
        None => format!("{name}({body})"),
    };
    Ok(vm.new_str(text))
}

/// Compares two deques item by item, as sequences compare.
fn deque_richcompare(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    if !is_deque(a) || !is_deque(b) {
        return Ok(vm.not_implemented());
    }
    const EQ: usize = 2;
    const NE: usize = 3;
    let (la, lb) = (deque_of(vm, a)?.len(), deque_of(vm, b)?.len());
    if op == EQ || op == NE {
        if a.is(b) {
            return Ok(Value::Bool(op == EQ));
        }
        if la != lb {
            return Ok(Value::Bool(op == NE));
        }
    }
    let xs = abstract_::get_iter(vm, a)?;
    let ys = abstract_::get_iter(vm, b)?;
    loop {
        let x = abstract_::iter_next(vm, &xs)?;
        let y = abstract_::iter_next(vm, &ys)?;
        let (Some(x), Some(y)) = (x.clone(), y.clone()) else {
            let ord = x.is_some().cmp(&y.is_some());
            return Ok(Value::Bool(abstract_::ordering_result(Some(ord), op)));
        };
        if !(x.is(&y) || abstract_::rich_eq_bool(vm, &x, &y)?) {
            if op == EQ || op == NE {
                return Ok(Value::Bool(op == NE));
            }
            return abstract_::compare(vm, &x, &y, op);
        }
    }
}

/// A sequence index as `PySequence_GetItem` takes it: an integer, negative counting
/// from the end.
fn sequence_index(vm: &mut Vm, this: &Value, key: &Value) -> PyResult<isize> {
    let indexable = matches!(key, Value::Int(_) | Value::Bool(_))
        || type_data(&vm.type_of(key)).slots.index.get().is_some()
        || matches!(key, Value::Obj(o) if matches!(o.payload, Payload::Int(_)));
    if !indexable {
        return Err(vm.new_type_error(format!(
            "sequence index must be integer, not '{}'",
            vm.type_name_of(key)
        )));
    }
    let i = abstract_::index_isize(vm, key)?;
    if i < 0 {
        return Ok(i + deque_of(vm, this)?.len() as isize);
    }
    Ok(i)
}

fn deque_getitem(vm: &mut Vm, this: &Value, key: &Value) -> PyResult<Value> {
    let i = sequence_index(vm, this, key)?;
    let item = usize::try_from(i)
        .ok()
        .and_then(|i| deque_of(vm, this).ok()?.item(i));
    item.ok_or_else(|| vm.new_index_error("deque index out of range".to_owned()))
}

fn deque_setitem(vm: &mut Vm, this: &Value, key: &Value, value: Option<Value>) -> PyResult<()> {
    let i = sequence_index(vm, this, key)?;
    let deque = deque_of(vm, this)?;
    let len = deque.len();
    let Some(i) = usize::try_from(i).ok().filter(|i| *i < len) else {
        return Err(vm.new_index_error("deque index out of range".to_owned()));
    };
    let old = match value {
        Some(v) => std::mem::replace(&mut deque.items.borrow_mut()[i], v),
        None => {
            let old = deque.items.borrow_mut().remove(i);
            deque.changed();
            old.unwrap_or(Value::None)
        }
    };
    drop(old);
    Ok(())
}

/// Whether a binary operator may leave `other` to its own type: only a class
/// written in Python can define the reflected operator that CPython tries first.
fn other_may_answer(vm: &Vm, other: &Value) -> bool {
    type_data(&vm.type_of(other)).heap
}

/// `deque + deque` (`sq_concat`).
fn deque_concat(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    if !is_deque(a) {
        return Ok(vm.not_implemented());
    }
    if !is_deque(b) {
        return Err(vm.new_type_error(format!(
            "can only concatenate deque (not \"{}\") to deque",
            vm.type_name_of(b)
        )));
    }
    let new = deque_copy(vm, a)?;
    deque_extend(vm, &new, b)?;
    Ok(new)
}

/// The deque and the count of `deque * n` or `n * deque` (`sq_repeat`), or the
/// error CPython gives for a count that is not an integer.
fn repeat_operands(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Option<(Value, isize)>> {
    let (seq, n) = if is_deque(a) { (a, b) } else { (b, a) };
    let indexable = matches!(n, Value::Int(_) | Value::Bool(_))
        || type_data(&vm.type_of(n)).slots.index.get().is_some()
        || matches!(n, Value::Obj(o) if matches!(o.payload, Payload::Int(_)));
    if !indexable {
        if other_may_answer(vm, n) {
            return Ok(None);
        }
        return Err(vm.new_type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            vm.type_name_of(n)
        )));
    }
    let count = match abstract_::index(vm, n)? {
        Value::Int(n) => n as isize,
        Value::Obj(big) => match &big.payload {
            Payload::Int(n) if num_traits::Signed::is_negative(n) => 0,
            _ => {
                let msg = format!(
                    "cannot fit '{}' into an index-sized integer",
                    vm.type_name_of(&Value::Obj(big.clone()))
                );
                return Err(vm.new_overflow_error(msg));
            }
        },
        _ => 0,
    };
    Ok(Some((seq.clone(), count)))
}

fn deque_repeat(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    let Some((this, n)) = repeat_operands(vm, a, b)? else {
        return Ok(vm.not_implemented());
    };
    let new = deque_copy(vm, &this)?;
    repeat_in_place(vm, &new, n)?;
    Ok(new)
}

fn deque_inplace_concat(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    deque_extend(vm, a, b)?;
    Ok(a.clone())
}

fn deque_inplace_repeat(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    let Some((this, n)) = repeat_operands(vm, a, b)? else {
        return Ok(vm.not_implemented());
    };
    repeat_in_place(vm, &this, n)?;
    Ok(this)
}

/// `d *= n`: the items `n` times over, no more than `maxlen` of them kept.
fn repeat_in_place(vm: &mut Vm, this: &Value, n: isize) -> PyResult<()> {
    let deque = deque_of(vm, this)?;
    let size = deque.len();
    if size == 0 || n == 1 {
        return Ok(());
    }
    if n <= 0 {
        drop(deque.take_all());
        return Ok(());
    }
    let n = n as usize;
    let Some(total) = size.checked_mul(n) else {
        return Err(vm.new_error(Exc::MemoryError, ""));
    };
    // Only the last `maxlen` items of the repetition are kept.
    let keep = deque.maxlen.get().map_or(total, |max| total.min(max));
    let mut repeated = VecDeque::from(krait_vm::objects::reserve_values(vm, keep as u128)?);
    let deque = deque_of(vm, this)?;
    let items = deque.items_snapshot();
    repeated.extend(
        items
            .iter()
            .cycle()
            .skip((total - keep) % size)
            .take(keep)
            .cloned(),
    );
    let old = std::mem::replace(&mut *deque.items.borrow_mut(), repeated);
    deque.changed();
    drop(old);
    Ok(())
}

// ---------------------------------------------------------------------------
// deque iterators

/// A deque iterator: the deque, the state it was made in, and how many items are
/// left (the next item's position follows from that, as the deque cannot have
/// changed length without changing state).
struct DequeIter {
    deque: Value,
    state: u64,
    counter: Cell<usize>,
}

impl NativeData for DequeIter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.deque);
        true
    }
}

static DEQUE_ITER_TYPE: NativeTypeSpec = NativeTypeSpec {
    new: Some(deque_iter_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(deque_iter_next),
    ],
    methods: &[
        MethodDef::method("__length_hint__", deque_iter_length_hint)
            .with_signature(&DEQUE_ITER_LENGTH_HINT)
            .with_doc("Private method returning an estimate of len(list(it))."),
        MethodDef::method("__reduce__", deque_iter_reduce)
            .with_signature(&DEQUE_ITER_REDUCE)
            .with_doc("Return state information for pickling."),
    ],
    ..NativeTypeSpec::new("_deque_iterator", "_collections")
};

static DEQUE_REVITER_TYPE: NativeTypeSpec = NativeTypeSpec {
    new: Some(deque_reviter_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(deque_reviter_next),
    ],
    methods: DEQUE_ITER_TYPE.methods,
    ..NativeTypeSpec::new("_deque_reverse_iterator", "_collections")
};

static DEQUE_ITER_NEW: Signature = Signature::new("", "($type, deque, index=0, /)")
    .parse_tuple()
    .not_listed();
static DEQUE_ITER_LENGTH_HINT: Signature =
    Signature::of("_deque_iterator", "__length_hint__", "($self, /)").not_listed();
static DEQUE_ITER_REDUCE: Signature =
    Signature::of("_deque_iterator", "__reduce__", "($self, /)").not_listed();

/// The module's classes; its functions make or test for some (`iter(d)`, `dd | d`).
struct CollectionsState {
    deque: ObjRef,
    deque_iter: ObjRef,
    deque_reviter: ObjRef,
    defaultdict: ObjRef,
    tuplegetter: ObjRef,
}

fn collections_state(vm: &mut Vm) -> PyResult<std::rc::Rc<CollectionsState>> {
    vm.module_state::<CollectionsState>()
        .ok_or_else(|| vm.new_runtime_error("_collections is not initialised".to_owned()))
}

fn new_deque_iter(vm: &mut Vm, deque: &Value, reverse: bool) -> PyResult<Value> {
    let state = collections_state(vm)?;
    let class = if reverse {
        state.deque_reviter.clone()
    } else {
        state.deque_iter.clone()
    };
    let d = deque_of(vm, deque)?;
    let it = DequeIter {
        deque: deque.clone(),
        state: d.state.get(),
        counter: Cell::new(d.len()),
    };
    Ok(new_native_object(vm, &class, it))
}

fn deque_iter(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    new_deque_iter(vm, this, false)
}

fn deque_reversed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DEQUE_REVERSED.bind(vm, args)?;
    new_deque_iter(vm, &given(this), true)
}

/// `_deque_iterator(deque, index=0)`: an iterator that has already gone `index`
/// items in (how pickled iterators come back).
fn deque_iter_make(vm: &mut Vm, args: Args, reverse: bool) -> PyResult<Value> {
    let (_, [deque, index]) = DEQUE_ITER_NEW.bind(vm, args)?;
    let deque = deque.unwrap_or(Value::None);
    if !is_deque(&deque) {
        let given = vm.type_name_of(&deque);
        return Err(vm.new_type_error(format!("argument 1 must be collections.deque, not {given}")));
    }
    let index = match index {
        Some(i) => ssize_arg(vm, &i)?,
        None => 0,
    };
    let it = new_deque_iter(vm, &deque, reverse)?;
    if let Some(state) = native_data::<DequeIter>(&it) {
        let left = state.counter.get().saturating_sub(index.max(0) as usize);
        state.counter.set(left);
    }
    Ok(it)
}

fn deque_iter_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    deque_iter_make(vm, args, false)
}

fn deque_reviter_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    deque_iter_make(vm, args, true)
}

fn deque_iter_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a DequeIter> {
    native_data::<DequeIter>(this)
        .ok_or_else(|| wrong_receiver(vm, "_collections._deque_iterator", this))
}

fn mutated(vm: &mut Vm, it: &DequeIter) -> PyErr {
    it.counter.set(0);
    vm.new_runtime_error("deque mutated during iteration".to_owned())
}

fn deque_iter_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let it = deque_iter_of(vm, this)?;
    let deque = deque_of(vm, &it.deque)?;
    if deque.state.get() != it.state {
        return Err(mutated(vm, it));
    }
    let left = it.counter.get();
    if left == 0 {
        return Ok(None);
    }
    it.counter.set(left - 1);
    Ok(deque.len().checked_sub(left).and_then(|i| deque.item(i)))
}

fn deque_reviter_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let it = deque_iter_of(vm, this)?;
    let left = it.counter.get();
    if left == 0 {
        return Ok(None);
    }
    let deque = deque_of(vm, &it.deque)?;
    if deque.state.get() != it.state {
        return Err(mutated(vm, it));
    }
    it.counter.set(left - 1);
    Ok(deque.item(left - 1))
}

fn deque_iter_length_hint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DEQUE_ITER_LENGTH_HINT.bind(vm, args)?;
    let this = given(this);
    Ok(Value::Int(deque_iter_of(vm, &this)?.counter.get() as i64))
}

fn deque_iter_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DEQUE_ITER_REDUCE.bind(vm, args)?;
    let this = given(this);
    let it = deque_iter_of(vm, &this)?;
    let deque = it.deque.clone();
    let done = deque_of(vm, &deque)?.len().saturating_sub(it.counter.get());
    let class = Value::Obj(vm.type_of(&this));
    let ctor_args = vm.new_tuple(vec![deque, Value::Int(done as i64)]);
    Ok(vm.new_tuple(vec![class, ctor_args]))
}

// ---------------------------------------------------------------------------
// defaultdict

static DEFAULTDICT_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "defaultdict(default_factory=None, /, [...]) --> dict with default factory\n\n\
         The default factory is called without arguments to produce\n\
         a new value when a key is not present, in __getitem__ only.\n\
         A defaultdict compares equal to a dict with the same items.\n\
         All remaining arguments are treated the same as if they were\n\
         passed to the dict constructor, including keyword arguments.\n",
    ),
    subclassable: true,
    // Instances are dicts, made by `dict.__new__`; `__init__` sets the factory.
    new: None,
    members: &["default_factory"],
    slots: &[
        NativeSlot::Repr(defaultdict_repr),
        NativeSlot::Binary(NB_OR, defaultdict_or),
    ],
    methods: &[
        MethodDef::method("__init__", defaultdict_init).with_signature(&DEFAULTDICT_INIT),
        MethodDef::method("__missing__", defaultdict_missing)
            .with_signature(&DEFAULTDICT_MISSING)
            .with_doc(
                "__missing__(key) # Called by __getitem__ for missing key; pseudo-code:\n  \
                 if self.default_factory is None: raise KeyError((key,))\n  \
                 self[key] = value = self.default_factory()\n  return value\n",
            ),
        MethodDef::method("copy", defaultdict_copy)
            .with_signature(&DEFAULTDICT_COPY)
            .with_doc("D.copy() -> a shallow copy of D."),
        MethodDef::method("__copy__", defaultdict_copy_dunder)
            .with_signature(&DEFAULTDICT_COPY_DUNDER)
            .with_doc("D.copy() -> a shallow copy of D."),
        MethodDef::method("__reduce__", defaultdict_reduce)
            .with_signature(&DEFAULTDICT_REDUCE)
            .with_doc("Return state information for pickling."),
        MethodDef::classmethod("__class_getitem__", defaultdict_class_getitem)
            .with_signature(&DEFAULTDICT_CLASS_GETITEM)
            .with_doc("See PEP 585"),
    ],
    ..NativeTypeSpec::new("defaultdict", "collections")
};

static DEFAULTDICT_INIT: Signature = Signature::new(
    "defaultdict",
    "($self, default_factory=None, /, *args, **kwargs)",
)
.not_listed();
static DEFAULTDICT_MISSING: Signature =
    Signature::of("defaultdict", "__missing__", "($self, key, /)").not_listed();
static DEFAULTDICT_COPY: Signature =
    Signature::of("defaultdict", "copy", "($self, /)").not_listed();
static DEFAULTDICT_COPY_DUNDER: Signature =
    Signature::of("defaultdict", "__copy__", "($self, /)").not_listed();
static DEFAULTDICT_REDUCE: Signature =
    Signature::of("defaultdict", "__reduce__", "($self, /)").not_listed();
static DEFAULTDICT_CLASS_GETITEM: Signature =
    Signature::of("defaultdict", "__class_getitem__", "($type, item, /)").not_listed();

/// A defaultdict's factory (its `default_factory` member); `None` when unset.
fn default_factory(this: &Value) -> Value {
    member_value(this, FACTORY).unwrap_or(Value::None)
}

/// The member holding the factory: a defaultdict's payload is a dict, so the
/// factory is a member value, as a `__slots__` value would be.
const FACTORY: usize = 0;

/// `defaultdict(default_factory=None, /, ...)`: the rest goes to `dict.__init__`.
fn defaultdict_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = DEFAULTDICT_INIT.bind_all::<1>(vm, args)?;
    let this = given(bound.this);
    let [factory] = bound.params;
    let factory = factory.unwrap_or(Value::None);
    if !factory.is_none() && !krait_vm::builtins::is_callable(vm, &factory) {
        return Err(vm.new_type_error("first argument must be callable or None".to_owned()));
    }
    set_member_value(&this, FACTORY, factory);
    let dict_init = lookup(&vm.types.dict.clone(), "__init__")
        .ok_or_else(|| vm.new_runtime_error("lost dict.__init__".to_owned()))?;
    let mut pos = vec![this];
    pos.extend(bound.args);
    vm.call(
        &dict_init,
        Args {
            pos: pos.into(),
            kw: bound.kwargs,
        },
    )?;
    Ok(Value::None)
}

fn defaultdict_missing(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [key]) = DEFAULTDICT_MISSING.bind(vm, args)?;
    let (this, key) = (given(this), key.unwrap_or(Value::None));
    let factory = default_factory(&this);
    if factory.is_none() {
        return Err(vm.new_key_error(key));
    }
    let value = vm.call1(&factory, vec![])?;
    abstract_::setitem(vm, &this, key, value.clone())?;
    Ok(value)
}

/// `type(self)(self.default_factory, contents)`.
fn new_defaultdict_like(vm: &mut Vm, this: &Value, contents: Value) -> PyResult<Value> {
    let class = Value::Obj(vm.type_of(this));
    let factory = default_factory(this);
    vm.call1(&class, vec![factory, contents])
}

fn defaultdict_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DEFAULTDICT_COPY.bind(vm, args)?;
    let this = given(this);
    new_defaultdict_like(vm, &this, this.clone())
}

fn defaultdict_copy_dunder(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DEFAULTDICT_COPY_DUNDER.bind(vm, args)?;
    let this = given(this);
    new_defaultdict_like(vm, &this, this.clone())
}

/// `(type(self), (factory,) or (), None, None, iter(self.items()))`.
fn defaultdict_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DEFAULTDICT_REDUCE.bind(vm, args)?;
    let this = given(this);
    let factory = default_factory(&this);
    let ctor_args = if factory.is_none() {
        vm.new_tuple(vec![])
    } else {
        vm.new_tuple(vec![factory])
    };
    let items = vm.call_method(&this, "items", vec![])?;
    let items = abstract_::get_iter(vm, &items)?;
    let class = Value::Obj(vm.type_of(&this));
    Ok(vm.new_tuple(vec![class, ctor_args, Value::None, Value::None, items]))
}

fn defaultdict_class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    generic_alias(vm, &DEFAULTDICT_CLASS_GETITEM, args)
}

/// `defaultdict(factory, {...})`; the factory shows as `...` inside its own repr.
fn defaultdict_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let dict_repr = lookup(&vm.types.dict.clone(), "__repr__")
        .ok_or_else(|| vm.new_runtime_error("lost dict.__repr__".to_owned()))?;
    let body = abstract_::call_unbound(vm, &dict_repr, this, &[])?;
    let body = abstract_::value_as_str(&body).unwrap_or("{}").to_owned();
    let factory = default_factory(this);
    let id = match &factory {
        Value::Obj(o) => Some(std::rc::Rc::as_ptr(o) as usize),
        _ => None,
    };
    let factory = match id {
        Some(id) if vm.repr_guard.contains(&id) => "...".to_owned(),
        Some(id) => {
            vm.repr_guard.insert(id);
            let shown = abstract_::repr_string(vm, &factory);
            vm.repr_guard.remove(&id);
            shown?
        }
        None => abstract_::repr_string(vm, &factory)?,
    };
    let name = type_data(&vm.type_of(this)).name();
    Ok(vm.new_str(format!("{name}({factory}, {body})")))
}

/// `dd | other` and `other | dd`: a defaultdict like the one operand that is one,
/// holding the left's items updated with the right's.
fn defaultdict_or(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    let (this, other) = if is_defaultdict(vm, a) {
        (a, b)
    } else {
        (b, a)
    };
    if !vm.isinstance(other, &vm.types.dict.clone()) {
        return Ok(vm.not_implemented());
    }
    let new = new_defaultdict_like(vm, this, a.clone())?;
    vm.call_method(&new, "update", vec![b.clone()])?;
    Ok(new)
}

fn is_defaultdict(vm: &Vm, v: &Value) -> bool {
    vm.module_state::<CollectionsState>()
        .is_some_and(|state| vm.isinstance(v, &state.defaultdict))
}

// ---------------------------------------------------------------------------
// _tuplegetter

/// The descriptor `namedtuple` makes for a field: the field's index and doc.
struct TupleGetter {
    index: isize,
    doc: RefCell<Value>,
}

impl NativeData for TupleGetter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        let Ok(doc) = self.doc.try_borrow() else {
            return false;
        };
        visit(&doc);
        true
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        if let Ok(mut doc) = self.doc.try_borrow_mut() {
            taken.push(std::mem::replace(&mut *doc, Value::None));
        }
    }
}

static TUPLEGETTER_TYPE: NativeTypeSpec = NativeTypeSpec {
    new: Some(tuplegetter_new),
    slots: &[
        NativeSlot::Repr(tuplegetter_repr),
        NativeSlot::DescrGet(tuplegetter_get),
        NativeSlot::DescrSet(tuplegetter_set),
    ],
    methods: &[
        MethodDef::method("__reduce__", tuplegetter_reduce).with_signature(&TUPLEGETTER_REDUCE)
    ],
    getsets: &[GetSet {
        name: "__doc__",
        get: tuplegetter_get_doc,
        set: Some(tuplegetter_set_doc),
    }],
    ..NativeTypeSpec::new("_tuplegetter", "_collections")
};

static TUPLEGETTER_NEW: Signature =
    Signature::new("_tuplegetter", "($type, index, doc, /)").not_listed();
static TUPLEGETTER_REDUCE: Signature =
    Signature::of("_tuplegetter", "__reduce__", "($self, /)").not_listed();

fn tuplegetter_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a TupleGetter> {
    native_data::<TupleGetter>(this)
        .ok_or_else(|| wrong_receiver(vm, "_collections._tuplegetter", this))
}

fn tuplegetter_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [index, doc]) = TUPLEGETTER_NEW.bind(vm, args)?;
    let cls = class_of_call(vm, cls, "_collections._tuplegetter")?;
    let index = ssize_arg(vm, &index.unwrap_or(Value::None))?;
    let getter = TupleGetter {
        index,
        doc: RefCell::new(doc.unwrap_or(Value::None)),
    };
    Ok(new_native_object(vm, &cls, getter))
}

/// `instance[index]` for a tuple; the descriptor itself through the class.
fn tuplegetter_get(
    vm: &mut Vm,
    this: &Value,
    instance: Option<&Value>,
    _owner: &ObjRef,
) -> PyResult<Value> {
    let index = tuplegetter_of(vm, this)?.index;
    let instance = match instance {
        Some(instance) if !instance.is_none() => instance,
        _ => return Ok(this.clone()),
    };
    let Some(items) = abstract_::tuple_items(instance) else {
        let given = vm.type_name_of(instance);
        return Err(vm.new_type_error(format!(
            "descriptor for index '{index}' for tuple subclasses doesn't apply to '{given}' object"
        )));
    };
    usize::try_from(index)
        .ok()
        .and_then(|i| items.get(i).cloned())
        .ok_or_else(|| vm.new_index_error("tuple index out of range".to_owned()))
}

/// Fields are read-only.
fn tuplegetter_set(
    vm: &mut Vm,
    _this: &Value,
    _instance: &Value,
    value: Option<Value>,
) -> PyResult<()> {
    let what = if value.is_some() { "set" } else { "delete" };
    Err(vm.new_attribute_error(format!("can't {what} attribute")))
}

fn tuplegetter_get_doc(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(tuplegetter_of(vm, this)?.doc.borrow().clone())
}

fn tuplegetter_set_doc(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    let old = tuplegetter_of(vm, this)?
        .doc
        .replace(value.unwrap_or(Value::None));
    drop(old);
    Ok(())
}

fn tuplegetter_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TUPLEGETTER_REDUCE.bind(vm, args)?;
    let this = given(this);
    let getter = tuplegetter_of(vm, &this)?;
    let (index, doc) = (getter.index, getter.doc.borrow().clone());
    let class = Value::Obj(vm.type_of(&this));
    let ctor_args = vm.new_tuple(vec![Value::Int(index as i64), doc]);
    Ok(vm.new_tuple(vec![class, ctor_args]))
}

fn tuplegetter_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let getter = tuplegetter_of(vm, this)?;
    let (index, doc) = (getter.index, getter.doc.borrow().clone());
    let doc = abstract_::repr_string(vm, &doc)?;
    let name = type_data(&vm.type_of(this)).name();
    Ok(vm.new_str(format!("{name}({index}, {doc})")))
}

// ---------------------------------------------------------------------------
// _count_elements and the module

static COUNT_ELEMENTS: Signature = Signature::of(
    "_collections",
    "_count_elements",
    "($module, mapping, iterable, /)",
);

/// `_count_elements(mapping, iterable)`: `mapping[x] = mapping.get(x, 0) + 1` for
/// each `x`, straight into the table when `mapping` is a dict whose `get` and
/// `__setitem__` are dict's.
fn count_elements(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [mapping, iterable] = COUNT_ELEMENTS.bind_args(vm, args)?;
    let (mapping, iterable) = (
        mapping.unwrap_or(Value::None),
        iterable.unwrap_or(Value::None),
    );
    let it = abstract_::get_iter(vm, &iterable)?;
    let dict_type = vm.types.dict.clone();
    let class = vm.type_of(&mapping);
    let same = |name: &str| match (lookup(&class, name), lookup(&dict_type, name)) {
        (Some(a), Some(b)) => a.is(&b),
        _ => false,
    };
    let plain_dict = match &mapping {
        Value::Obj(o) if dict::as_dict(o).is_some() && same("get") && same("__setitem__") => {
            Some(o.clone())
        }
        _ => None,
    };
    if let Some(d) = plain_dict {
        while let Some(key) = abstract_::iter_next(vm, &it)? {
            count_key(vm, &d, key)?;
        }
        return Ok(Value::None);
    }
    let get = abstract_::getattr_str(vm, &mapping, "get")?;
    while let Some(key) = abstract_::iter_next(vm, &it)? {
        let old = vm.call1(&get, vec![key.clone(), Value::Int(0)])?;
        let new = abstract_::binary_op(vm, &old, &Value::Int(1), NB_ADD)?;
        abstract_::setitem(vm, &mapping, key, new)?;
    }
    Ok(Value::None)
}

/// `d[key] = d.get(key, 0) + 1` for a dict whose `get` and `__setitem__` are
/// dict's own, the key hashed once (as CPython's known-hash calls).
fn count_key(vm: &mut Vm, d: &ObjRef, key: Value) -> PyResult<()> {
    let hash = abstract_::hash(vm, &key)?;
    let count = match dict::dict_get_item_hashed(vm, d, &key, hash)? {
        None => Value::Int(1),
        Some(old) => abstract_::binary_op(vm, &old, &Value::Int(1), NB_ADD)?,
    };
    dict::dict_set_item_hashed(vm, d, key, hash, count).map(drop)
}

static FUNCTIONS: [MethodDef; 1] = [MethodDef::staticmethod("_count_elements", count_elements)
    .with_signature(&COUNT_ELEMENTS)
    .with_doc("Count elements in the iterable, updating the mapping")];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_collections");
    let d = module_dict(&m).expect("a module has a dict");
    let doc = vm.new_str(
        "High performance data structures.\n\
         - deque:        ordered collection accessible from endpoints only\n\
         - defaultdict:  dict subclass with a default value factory\n",
    );
    dict::dict_set_str(vm, &d, "__doc__", doc);
    add_module_functions(vm, &d, "_collections", &FUNCTIONS);

    let state = collections_types(vm);
    let odict = ordered_dict::types(vm);
    for (name, ty) in [
        ("deque", &state.deque),
        ("defaultdict", &state.defaultdict),
        ("OrderedDict", &odict.odict),
        ("_deque_iterator", &state.deque_iter),
        ("_deque_reverse_iterator", &state.deque_reviter),
        ("_tuplegetter", &state.tuplegetter),
    ] {
        dict::dict_set_str(vm, &d, name, Value::Obj(ty.clone()));
    }
    Ok(m)
}

/// The module's classes, made once per interpreter: CPython's are static, so a
/// module imported afresh (`import_fresh_module`) holds the same classes.
fn collections_types(vm: &mut Vm) -> std::rc::Rc<CollectionsState> {
    if let Some(state) = vm.module_state::<CollectionsState>() {
        return state;
    }
    let deque = new_native_type(vm, &DEQUE_TYPE, None);
    // `match` takes its instances for sequences (`Py_TPFLAGS_SEQUENCE`).
    krait_vm::objects::typeobject::type_data(&deque)
        .collection_flags
        .set(krait_vm::pattern::TPFLAGS_SEQUENCE);
    // Deques compare by value and are mutable (`PyObject_HashNotImplemented`).
    set_type_attr(vm, &deque, "__hash__", Value::None);
    let dict_type = vm.types.dict.clone();
    let defaultdict = new_native_type(vm, &DEFAULTDICT_TYPE, Some(&dict_type));
    let deque_iter = new_native_type(vm, &DEQUE_ITER_TYPE, None);
    let deque_reviter = new_native_type(vm, &DEQUE_REVITER_TYPE, None);
    let tuplegetter = new_native_type(vm, &TUPLEGETTER_TYPE, None);
    vm.set_module_state(CollectionsState {
        deque,
        deque_iter,
        deque_reviter,
        defaultdict,
        tuplegetter,
    });
    collections_types(vm)
}
