//! `collections.OrderedDict` (CPython's `Objects/odictobject.c`): a dict that keeps
//! its keys in an order of its own, which `move_to_end` changes and iteration,
//! `repr`, equality between two of them and pickling follow.
//!
//! An OrderedDict is a dict: its payload is the dict, made by `dict.__new__`. The
//! order sits beside it in a hidden member, as an `Order` object: the key nodes
//! (`odict_nodes.rs`) and a counter of the changes that end an iteration. The
//! views are dict views of classes derived from dict's (`odict_keys` ...), whose
//! iteration follows the order. As in CPython, an iterator remembers the next key
//! rather than its node, and finds the node again at each step.
//!
//! Deliberate difference: CPython finds a key's node through the dict's hash table
//! slot, hashing the key again; here the node is found by the hash it went in with
//! and the identity of the key object, so a step over the keys runs no Python code
//! (and finds a key whose `__hash__` has changed since, where CPython's raises
//! KeyError).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use krait_bytecode::opcode_table::{CMP_EQ, CMP_NE, NB_OR};
use krait_vm::native::{
    member_value, native_data, new_native_object, new_native_type, set_member_value, MethodDef,
    NativeData, NativeTypeSpec,
};
use krait_vm::objects::exceptions::new_exception;
use krait_vm::objects::function::Args;
use krait_vm::objects::iter::{new_dict_view, view_dict};
use krait_vm::objects::typeobject::{is_subtype, lookup, type_data};
use krait_vm::objects::{dict, set_type_attr, sizeof};
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

use super::odict_nodes::{NodeId, Nodes};
use crate::{given, iter_self, wrong_receiver};

// ---------------------------------------------------------------------------
// The order

/// An OrderedDict's order, kept in its hidden member.
#[derive(Default)]
struct Order {
    nodes: RefCell<Nodes>,
    /// Bumped when a key is added to the order, taken out or moved (CPython's
    /// `od_state`): an iterator made under another state stops.
    state: Cell<u64>,
}

impl NativeData for Order {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        let Ok(nodes) = self.nodes.try_borrow() else {
            return false;
        };
        nodes.for_each_key(visit);
        true
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        if let Ok(mut nodes) = self.nodes.try_borrow_mut() {
            taken.extend(nodes.clear());
        }
    }
}

impl Order {
    fn changed(&self) {
        self.state.set(self.state.get().wrapping_add(1));
    }

    /// Puts `key` at the back unless it has a node; `held` is the equal key object
    /// the dict held already, if any.
    fn add(&self, vm: &mut Vm, key: Value, hash: i64, held: Option<Value>) -> PyResult<()> {
        let mut nodes = self.nodes.borrow_mut();
        let had = nodes.len();
        if !nodes.push_back(key, hash, held) {
            drop(nodes);
            return Err(vm.new_error(Exc::MemoryError, ""));
        }
        if nodes.len() != had {
            self.changed();
        }
        Ok(())
    }

    /// Takes the node of `key` (the object the dict held) out of the order.
    fn remove(&self, key: &Value, hash: i64) {
        let mut nodes = self.nodes.borrow_mut();
        let removed = nodes.find(key, hash).and_then(|id| nodes.remove(id));
        drop(nodes);
        if removed.is_some() {
            self.changed();
        }
    }

    /// The key at the back (`last`) or the front, and the hash it went in with.
    fn end(&self, last: bool) -> Option<(Value, i64)> {
        let nodes = self.nodes.borrow();
        nodes.end(last).map(|(key, hash)| (key.clone(), hash))
    }

    /// The key after the object `key` (before it, `reversed`) and its hash; `None`
    /// at the end, or when `key` has no node.
    fn after(&self, key: &Value, hash: i64, reversed: bool) -> Option<(Value, i64)> {
        let nodes = self.nodes.borrow();
        let next = nodes.neighbour(nodes.find(key, hash)?, reversed)?;
        nodes.key(next).map(|(key, hash)| (key.clone(), hash))
    }
}

/// The member holding the order: the first, as dict has none.
const ORDER: usize = 0;

/// An OrderedDict's order, through the object that holds it.
#[derive(Clone)]
struct OrderRef(Value);

impl std::ops::Deref for OrderRef {
    type Target = Order;

    fn deref(&self) -> &Order {
        native_data(&self.0).expect("order_of makes an OrderRef only of an Order")
    }
}

/// The order of `od`, made on first use: `dict.__new__` makes an OrderedDict
/// without one.
fn order_of(vm: &mut Vm, od: &Value) -> PyResult<OrderRef> {
    if let Some(holder) = member_value(od, ORDER) {
        if native_data::<Order>(&holder).is_some() {
            return Ok(OrderRef(holder));
        }
    }
    let types = odict_types(vm)?;
    if !is_odict(vm, &types, od) {
        return Err(wrong_receiver(vm, "collections.OrderedDict", od));
    }
    let holder = new_native_object(vm, &types.order, Order::default());
    set_member_value(od, ORDER, holder.clone());
    Ok(OrderRef(holder))
}

/// The dict an OrderedDict is.
fn dict_of<'a>(vm: &mut Vm, od: &'a Value) -> PyResult<&'a ObjRef> {
    match od {
        Value::Obj(o) if dict::as_dict(o).is_some() => Ok(o),
        _ => Err(wrong_receiver(vm, "collections.OrderedDict", od)),
    }
}

// ---------------------------------------------------------------------------
// The types

/// The classes the OrderedDict code makes or tests for. CPython's are static, so
/// a second import of `_collections` finds the same ones.
pub(super) struct OdictTypes {
    pub(super) odict: ObjRef,
    order: ObjRef,
    iter: ObjRef,
    keys: ObjRef,
    values: ObjRef,
    items: ObjRef,
}

fn odict_types(vm: &mut Vm) -> PyResult<Rc<OdictTypes>> {
    match vm.module_state::<OdictTypes>() {
        Some(types) => Ok(types),
        None => Err(vm.new_runtime_error("_collections is not initialised".to_owned())),
    }
}

/// The classes, made once per interpreter.
pub(super) fn types(vm: &mut Vm) -> Rc<OdictTypes> {
    if let Some(types) = vm.module_state::<OdictTypes>() {
        return types;
    }
    let dict_type = vm.types.dict.clone();
    let odict = new_native_type(vm, &ODICT_TYPE, Some(&dict_type));
    // Comparing by value, OrderedDicts are unhashable as dicts are.
    set_type_attr(vm, &odict, "__hash__", Value::None);
    let order = new_native_type(vm, &ORDER_TYPE, None);
    let iter = new_native_type(vm, &ODICT_ITER_TYPE, None);
    let [dict_keys, dict_values, dict_items] = [
        vm.types.dict_keys.clone(),
        vm.types.dict_values.clone(),
        vm.types.dict_items.clone(),
    ];
    let keys = new_native_type(vm, &ODICT_KEYS_TYPE, Some(&dict_keys));
    let values = new_native_type(vm, &ODICT_VALUES_TYPE, Some(&dict_values));
    let items = new_native_type(vm, &ODICT_ITEMS_TYPE, Some(&dict_items));
    vm.set_module_state(OdictTypes {
        odict,
        order,
        iter,
        keys,
        values,
        items,
    });
    types(vm)
}

/// `PyODict_Check`: an OrderedDict or an instance of a class derived from it.
fn is_odict(vm: &Vm, types: &OdictTypes, v: &Value) -> bool {
    is_subtype(&vm.type_of(v), &types.odict)
}

static ODICT_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("Dictionary that remembers insertion order"),
    subclassable: true,
    instance_dict: true,
    weakrefable: true,
    // Instances are dicts, made by `dict.__new__`; the order comes with first use.
    new: None,
    hidden_members: 1,
    slots: &[
        NativeSlot::Repr(odict_repr),
        NativeSlot::RichCompare(odict_richcompare),
        NativeSlot::Iter(odict_iter),
        NativeSlot::SetItem(odict_ass_subscript),
        NativeSlot::Binary(NB_OR, odict_or),
        NativeSlot::InPlace(NB_OR, odict_inplace_or),
    ],
    methods: &[
        MethodDef::method("__init__", odict_init).with_signature(&INIT),
        MethodDef::classmethod("fromkeys", odict_fromkeys)
            .with_signature(&FROMKEYS)
            .with_doc(
                "Create a new ordered dictionary with keys from iterable and values set to value.",
            ),
        MethodDef::method("__sizeof__", odict_sizeof).with_signature(&SIZEOF),
        MethodDef::method("__reduce__", odict_reduce)
            .with_signature(&REDUCE)
            .with_doc("Return state information for pickling"),
        MethodDef::method("setdefault", odict_setdefault)
            .with_signature(&SETDEFAULT)
            .with_doc(
                "Insert key with a value of default if key is not in the dictionary.\n\n\
                 Return the value for key if key is in the dictionary, else default.",
            ),
        MethodDef::method("pop", odict_pop)
            .with_signature(&POP)
            .with_doc(
                "od.pop(key[,default]) -> v, remove specified key and return the \
                 corresponding value.\n\n\
                 If the key is not found, return the default if given; otherwise,\n\
                 raise a KeyError.",
            ),
        MethodDef::method("popitem", odict_popitem)
            .with_signature(&POPITEM)
            .with_doc(
                "Remove and return a (key, value) pair from the dictionary.\n\n\
                 Pairs are returned in LIFO order if last is true or FIFO order if false.",
            ),
        MethodDef::method("keys", odict_keys).with_signature(&KEYS),
        MethodDef::method("values", odict_values).with_signature(&VALUES),
        MethodDef::method("items", odict_items).with_signature(&ITEMS),
        MethodDef::method("update", odict_update).with_signature(&UPDATE),
        MethodDef::method("clear", odict_clear)
            .with_signature(&CLEAR)
            .with_doc("od.clear() -> None.  Remove all items from od."),
        MethodDef::method("copy", odict_copy)
            .with_signature(&COPY)
            .with_doc("od.copy() -> a shallow copy of od"),
        MethodDef::method("__reversed__", odict_reversed)
            .with_signature(&REVERSED)
            .with_doc("od.__reversed__() <==> reversed(od)"),
        MethodDef::method("move_to_end", odict_move_to_end)
            .with_signature(&MOVE_TO_END)
            .with_doc(
                "Move an existing element to the end (or beginning if last is false).\n\n\
                 Raise KeyError if the element does not exist.",
            ),
    ],
    ..NativeTypeSpec::new("OrderedDict", "collections")
};

/// The type of the object holding an order: only Rust code makes or reads one.
static ORDER_TYPE: NativeTypeSpec = NativeTypeSpec::new("odict_order", "collections");

static INIT: Signature = Signature::new("OrderedDict", "($self, /, *args, **kwargs)").not_listed();
static UPDATE: Signature =
    Signature::unlisted("OrderedDict", "update", "($self, /, *args, **kwargs)");
static FROMKEYS: Signature = Signature::of(
    "OrderedDict",
    "fromkeys",
    "($type, /, iterable, value=None)",
);
static SIZEOF: Signature = Signature::unlisted("OrderedDict", "__sizeof__", "($self, /)");
static REDUCE: Signature = Signature::unlisted("OrderedDict", "__reduce__", "($self, /)");
static SETDEFAULT: Signature =
    Signature::of("OrderedDict", "setdefault", "($self, /, key, default=None)");
static POP: Signature = Signature::of(
    "OrderedDict",
    "pop",
    "($self, /, key, default=<unrepresentable>)",
);
static POPITEM: Signature = Signature::of("OrderedDict", "popitem", "($self, /, last=True)");
static KEYS: Signature = Signature::unlisted("OrderedDict", "keys", "($self, /)");
static VALUES: Signature = Signature::unlisted("OrderedDict", "values", "($self, /)");
static ITEMS: Signature = Signature::unlisted("OrderedDict", "items", "($self, /)");
static CLEAR: Signature = Signature::unlisted("OrderedDict", "clear", "($self, /)");
static COPY: Signature = Signature::unlisted("OrderedDict", "copy", "($self, /)");
static REVERSED: Signature = Signature::unlisted("OrderedDict", "__reversed__", "($self, /)");
static MOVE_TO_END: Signature =
    Signature::of("OrderedDict", "move_to_end", "($self, /, key, last=True)");

// ---------------------------------------------------------------------------
// Setting and deleting keys

/// `od[key] = value` (`PyODict_SetItem`): into the dict, then into the order
/// unless the key has a node (a key put in with `dict.__setitem__` gets one now).
fn odict_set_item(vm: &mut Vm, od: &Value, key: Value, value: Value) -> PyResult<()> {
    let hash = abstract_::hash(vm, &key)?;
    odict_set_item_hashed(vm, od, key, hash, value)
}

fn odict_set_item_hashed(
    vm: &mut Vm,
    od: &Value,
    key: Value,
    hash: i64,
    value: Value,
) -> PyResult<()> {
    let d = dict_of(vm, od)?;
    let held = dict::dict_set_item_hashed(vm, d, key.clone(), hash, value)?;
    order_of(vm, od)?.add(vm, key, hash, held)
}

/// `del od[key]` (`PyODict_DelItem`).
fn odict_del_item(vm: &mut Vm, od: &Value, key: &Value) -> PyResult<()> {
    let hash = abstract_::hash(vm, key)?;
    let d = dict_of(vm, od)?;
    let Some((held, value)) = dict::dict_pop_hashed(vm, d, key, hash)? else {
        return Err(vm.new_key_error(key.clone()));
    };
    order_of(vm, od)?.remove(&held, hash);
    drop((held, value));
    Ok(())
}

/// `__setitem__` and `__delitem__` (`mp_ass_subscript`).
fn odict_ass_subscript(vm: &mut Vm, od: &Value, key: &Value, value: Option<Value>) -> PyResult<()> {
    match value {
        Some(value) => odict_set_item(vm, od, key.clone(), value),
        None => odict_del_item(vm, od, key),
    }
}

/// The key object `od` holds under `key` if that key has a node in the order: a
/// key the dict holds without one (put in behind the order's back) is not found.
fn find_held_key(vm: &mut Vm, od: &Value, key: &Value, hash: i64) -> PyResult<Option<Value>> {
    let order = order_of(vm, od)?;
    if order.nodes.borrow().is_empty() {
        return Ok(None);
    }
    let d = dict_of(vm, od)?;
    let Some(held) = dict::dict_held_key(vm, d, key, hash)? else {
        return Ok(None);
    };
    let has_node = order.nodes.borrow().find(&held, hash).is_some();
    Ok(has_node.then_some(held))
}

/// The KeyError for a key the order lacks, made as CPython's `PyErr_SetObject`
/// makes it: a tuple key gives the arguments and None gives none (dict's own
/// errors always wrap the key).
fn missing_key(vm: &mut Vm, key: Value) -> PyErr {
    let args = match abstract_::tuple_items(&key) {
        Some(items) => items,
        None if key.is_none() => vec![],
        None => vec![key],
    };
    let class = vm.exc(Exc::KeyError).clone();
    new_exception(vm, &class, args)
}

/// `pop` and `popitem`: takes `key` out of the order, then out of the dict. Only
/// a key with a node is taken; otherwise `default`, or KeyError without one.
fn pop_key_hashed(
    vm: &mut Vm,
    od: &Value,
    key: &Value,
    hash: i64,
    default: Option<Value>,
) -> PyResult<Value> {
    if let Some(held) = find_held_key(vm, od, key, hash)? {
        order_of(vm, od)?.remove(&held, hash);
        let d = dict_of(vm, od)?;
        if let Some((_, value)) = dict::dict_pop_hashed(vm, d, key, hash)? {
            return Ok(value);
        }
    }
    default.ok_or_else(|| missing_key(vm, key.clone()))
}

// ---------------------------------------------------------------------------
// Methods

/// `OrderedDict(...)`: `MutableMapping.update` on the arguments, whatever `update`
/// a subclass defines; a dict initialised again keeps what it had.
fn odict_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = INIT.bind_all::<0>(vm, args)?;
    let this = given(bound.this);
    if bound.args.len() > 1 {
        let msg = format!("expected at most 1 arguments, got {}", bound.args.len());
        return Err(vm.new_type_error(msg));
    }
    update_from(vm, &this, bound.args.first(), bound.kwargs)?;
    Ok(Value::None)
}

/// `update(...)`, as `MutableMapping.update`: every key goes in by `self[key] =
/// value`.
fn odict_update(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = UPDATE.bind_all::<0>(vm, args)?;
    let this = given(bound.this);
    if bound.args.len() > 1 {
        let msg = format!(
            "update() takes at most 1 positional argument ({} given)",
            bound.args.len()
        );
        return Err(vm.new_type_error(msg));
    }
    update_from(vm, &this, bound.args.first(), bound.kwargs)?;
    Ok(Value::None)
}

fn update_from(
    vm: &mut Vm,
    this: &Value,
    other: Option<&Value>,
    kwargs: Vec<(ObjRef, Value)>,
) -> PyResult<()> {
    if let Some(other) = other {
        update_from_arg(vm, this, other)?;
    }
    for (key, value) in kwargs {
        abstract_::setitem(vm, this, Value::Obj(key), value)?;
    }
    Ok(())
}

/// One argument of `update`: a dict's items, else the keys a `keys()` gives with
/// `other[key]`, else the pairs an `items()` gives, else `other`'s own pairs.
fn update_from_arg(vm: &mut Vm, this: &Value, other: &Value) -> PyResult<()> {
    if let Value::Obj(o) = other {
        if std::ptr::eq(o.class_ref(), &*vm.types.dict) {
            for (key, value) in dict::dict_items(o) {
                abstract_::setitem(vm, this, key, value)?;
            }
            return Ok(());
        }
    }
    if let Some(keys) = abstract_::getattr_optional(vm, other, "keys")? {
        let keys = vm.call1(&keys, vec![])?;
        let it = abstract_::get_iter(vm, &keys)?;
        while let Some(key) = abstract_::iter_next(vm, &it)? {
            let value = abstract_::getitem(vm, other, &key)?;
            abstract_::setitem(vm, this, key, value)?;
        }
        return Ok(());
    }
    if let Some(items) = abstract_::getattr_optional(vm, other, "items")? {
        let items = vm.call1(&items, vec![])?;
        return add_pairs(vm, this, &items);
    }
    add_pairs(vm, this, other)
}

/// `self[key] = value` for each `(key, value)` pair of `pairs`.
fn add_pairs(vm: &mut Vm, this: &Value, pairs: &Value) -> PyResult<()> {
    let it = abstract_::get_iter(vm, pairs)?;
    while let Some(pair) = abstract_::iter_next(vm, &it)? {
        let (key, value) = unpack_pair(vm, &pair)?;
        abstract_::setitem(vm, this, key, value)?;
    }
    Ok(())
}

fn unpack_pair(vm: &mut Vm, pair: &Value) -> PyResult<(Value, Value)> {
    if let Value::Obj(o) = pair {
        if std::ptr::eq(o.class_ref(), &*vm.types.tuple) {
            if let Some([key, value]) = abstract_::tuple_items(pair).as_deref() {
                return Ok((key.clone(), value.clone()));
            }
        }
    }
    let it = abstract_::get_iter(vm, pair)?;
    let Some(key) = abstract_::iter_next(vm, &it)? else {
        return Err(vm.new_value_error("need more than 0 values to unpack".to_owned()));
    };
    let Some(value) = abstract_::iter_next(vm, &it)? else {
        return Err(vm.new_value_error("need more than 1 value to unpack".to_owned()));
    };
    if abstract_::iter_next(vm, &it)?.is_some() {
        return Err(vm.new_value_error("too many values to unpack (expected 2)".to_owned()));
    }
    Ok((key, value))
}

/// `OrderedDict.fromkeys(iterable, value=None)`: `cls()`, then `d[key] = value`.
fn odict_fromkeys(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (class, [iterable, value]) = FROMKEYS.bind(vm, args)?;
    let value = value.unwrap_or(Value::None);
    let d = vm.call1(&given(class), vec![])?;
    let it = abstract_::get_iter(vm, &given(iterable))?;
    while let Some(key) = abstract_::iter_next(vm, &it)? {
        abstract_::setitem(vm, &d, key, value.clone())?;
    }
    Ok(d)
}

/// The dict's size and, as CPython counts it, a pointer per entry of the dict's
/// table and a node per key.
fn odict_sizeof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = SIZEOF.bind(vm, args)?;
    let this = given(this);
    let dict_sizeof = lookup(&vm.types.dict.clone(), "__sizeof__")
        .ok_or_else(|| vm.new_runtime_error("lost dict.__sizeof__".to_owned()))?;
    let size = abstract_::call_unbound(vm, &dict_sizeof, &this, &[])?;
    let size = abstract_::index_isize(vm, &size)?;
    let len = order_of(vm, &this)?.nodes.borrow().len();
    let nodes = if len == 0 {
        0
    } else {
        let used = dict::dict_len(dict_of(vm, &this)?);
        8 * sizeof::dict_table_size(used) + 32 * len
    };
    Ok(Value::Int(size.saturating_add(nodes as isize) as i64))
}

/// `(type(od), (), state, None, iter(od.items()))`.
fn odict_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = REDUCE.bind(vm, args)?;
    let this = given(this);
    let state = vm.call_method(&this, "__getstate__", vec![])?;
    let items = vm.call_method(&this, "items", vec![])?;
    let items = abstract_::get_iter(vm, &items)?;
    let class = Value::Obj(vm.type_of(&this));
    let no_args = vm.new_tuple(vec![]);
    Ok(vm.new_tuple(vec![class, no_args, state, Value::None, items]))
}

/// `setdefault(key, default=None)`, without `__missing__`; a subclass's is done
/// with its own `in`, `[]` and `[]=`.
fn odict_setdefault(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [key, default]) = SETDEFAULT.bind(vm, args)?;
    let (this, key) = (given(this), given(key));
    let default = default.unwrap_or(Value::None);
    if is_exact_odict(vm, &this)? {
        let d = dict_of(vm, &this)?;
        if let Some(value) = dict::dict_get_item(vm, d, &key)? {
            return Ok(value);
        }
        odict_set_item(vm, &this, key, default.clone())?;
        return Ok(default);
    }
    if abstract_::contains(vm, &this, &key)? {
        return abstract_::getitem(vm, &this, &key);
    }
    abstract_::setitem(vm, &this, key, default.clone())?;
    Ok(default)
}

/// `PyODict_CheckExact`.
fn is_exact_odict(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    let types = odict_types(vm)?;
    Ok(Rc::ptr_eq(&vm.type_of(v), &types.odict))
}

/// `pop(key[, default])`, without `__missing__` or a subclass's methods.
fn odict_pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [key, default]) = POP.bind(vm, args)?;
    let (this, key) = (given(this), given(key));
    let hash = abstract_::hash(vm, &key)?;
    pop_key_hashed(vm, &this, &key, hash, default)
}

/// `popitem(last=True)`: the pair at the back, or the front.
fn odict_popitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [last]) = POPITEM.bind(vm, args)?;
    let this = given(this);
    let last = match last {
        Some(last) => abstract_::is_true(vm, &last)?,
        None => true,
    };
    let Some((key, hash)) = order_of(vm, &this)?.end(last) else {
        let msg = vm.new_str("dictionary is empty");
        return Err(vm.new_key_error(msg));
    };
    let value = pop_key_hashed(vm, &this, &key, hash, None)?;
    Ok(vm.new_tuple(vec![key, value]))
}

/// `move_to_end(key, last=True)`: to the back, or the front.
fn odict_move_to_end(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [key, last]) = MOVE_TO_END.bind(vm, args)?;
    let (this, key) = (given(this), given(key));
    let last = match last {
        Some(last) => abstract_::is_true(vm, &last)?,
        None => true,
    };
    match order_of(vm, &this)?.end(last) {
        None => return Err(missing_key(vm, key)),
        // Already there: found without hashing.
        Some((end, _)) if end.is(&key) => return Ok(Value::None),
        Some(_) => {}
    }
    let hash = abstract_::hash(vm, &key)?;
    let Some(held) = find_held_key(vm, &this, &key, hash)? else {
        return Err(missing_key(vm, key));
    };
    let order = order_of(vm, &this)?;
    let mut nodes = order.nodes.borrow_mut();
    let moved = nodes
        .find(&held, hash)
        .is_some_and(|id| nodes.move_to_end(id, last));
    drop(nodes);
    if moved {
        order.changed();
    }
    Ok(Value::None)
}

fn odict_keys(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = KEYS.bind(vm, args)?;
    new_view(vm, &given(this), |types| &types.keys)
}

fn odict_values(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = VALUES.bind(vm, args)?;
    new_view(vm, &given(this), |types| &types.values)
}

fn odict_items(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ITEMS.bind(vm, args)?;
    new_view(vm, &given(this), |types| &types.items)
}

fn new_view(vm: &mut Vm, od: &Value, class: fn(&OdictTypes) -> &ObjRef) -> PyResult<Value> {
    let types = odict_types(vm)?;
    Ok(new_dict_view(class(&types), dict_of(vm, od)?))
}

/// `clear()`: the dict's entries and the order's nodes.
fn odict_clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CLEAR.bind(vm, args)?;
    let this = given(this);
    let old = dict::dict_clear(dict_of(vm, &this)?);
    let keys = order_of(vm, &this)?.nodes.borrow_mut().clear();
    drop((old, keys));
    Ok(Value::None)
}

/// `copy()`: an OrderedDict made with no arguments, filled in order; a subclass's
/// is `type(od)()` filled with its own `[]` and `[]=`. The walk follows the live
/// order, as CPython's does: a subclass whose `__getitem__` moves the key it reads
/// to the end is copied up to that key.
fn odict_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = COPY.bind(vm, args)?;
    let this = given(this);
    let exact = is_exact_odict(vm, &this)?;
    let class = Value::Obj(vm.type_of(&this));
    let copy = vm.call1(&class, vec![])?;
    let mut next = order_of(vm, &this)?.end(false);
    while let Some((key, hash)) = next {
        if exact {
            let d = dict_of(vm, &this)?;
            let Some(value) = dict::dict_get_item(vm, d, &key)? else {
                return Err(missing_key(vm, key));
            };
            odict_set_item_hashed(vm, &copy, key.clone(), hash, value)?;
        } else {
            let value = abstract_::getitem(vm, &this, &key)?;
            abstract_::setitem(vm, &copy, key.clone(), value)?;
        }
        next = order_of(vm, &this)?.after(&key, hash, false);
    }
    Ok(copy)
}

fn odict_reversed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = REVERSED.bind(vm, args)?;
    new_odict_iter(vm, &given(this), Yields::Keys, true)
}

// ---------------------------------------------------------------------------
// Slots

fn odict_iter(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    new_odict_iter(vm, this, Yields::Keys, false)
}

/// `OrderedDict()` or `OrderedDict([(key, value), ...])`, `...` inside itself; a
/// subclass's shows what its `items()` gives.
fn odict_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let name = type_data(&vm.type_of(this)).name();
    if dict::dict_len(dict_of(vm, this)?) == 0 {
        return Ok(vm.new_str(format!("{name}()")));
    }
    let id = match this {
        Value::Obj(o) => Rc::as_ptr(o) as usize,
        _ => 0,
    };
    if vm.repr_guard.contains(&id) {
        return Ok(vm.new_str("..."));
    }
    vm.repr_guard.insert(id);
    let pairs = repr_pairs(vm, this).and_then(|pairs| {
        let list = vm.new_list(pairs);
        abstract_::repr_string(vm, &list)
    });
    vm.repr_guard.remove(&id);
    Ok(vm.new_str(format!("{name}({})", pairs?)))
}

fn repr_pairs(vm: &mut Vm, this: &Value) -> PyResult<Vec<Value>> {
    if !is_exact_odict(vm, this)? {
        let items = vm.call_method(this, "items", vec![])?;
        return abstract_::collect_iterable(vm, &items);
    }
    let keys = order_of(vm, this)?.nodes.borrow().keys();
    let d = dict_of(vm, this)?;
    let mut pairs = Vec::with_capacity(keys.len());
    for key in keys {
        let Some(value) = dict::dict_get_item(vm, d, &key)? else {
            return Err(missing_key(vm, key));
        };
        pairs.push(vm.new_tuple(vec![key, value]));
    }
    Ok(pairs)
}

/// `==` and `!=`: as dicts, and between two OrderedDicts also key by key in order.
fn odict_richcompare(vm: &mut Vm, v: &Value, w: &Value, op: usize) -> PyResult<Value> {
    let types = odict_types(vm)?;
    let dict_type = vm.types.dict.clone();
    if !is_odict(vm, &types, v) || !is_subtype(&vm.type_of(w), &dict_type) {
        return Ok(vm.not_implemented());
    }
    if op != CMP_EQ && op != CMP_NE {
        return Ok(vm.not_implemented());
    }
    let Some(dict_compare) = type_data(&dict_type).slots.richcompare.get() else {
        return Ok(vm.not_implemented());
    };
    let as_dicts = dict_compare(vm, v, w, op)?;
    // Unequal as dicts, or compared with a plain dict: the order plays no part.
    if !is_odict(vm, &types, w) || as_dicts.is(&Value::Bool(op == CMP_NE)) {
        return Ok(as_dicts);
    }
    let equal = keys_in_same_order(vm, v, w)?;
    Ok(Value::Bool(equal == (op == CMP_EQ)))
}

fn keys_in_same_order(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    let xs = order_of(vm, a)?.nodes.borrow().keys();
    let ys = order_of(vm, b)?.nodes.borrow().keys();
    for (x, y) in xs.iter().zip(&ys) {
        if !abstract_::rich_eq_bool(vm, x, y)? {
            return Ok(false);
        }
    }
    Ok(xs.len() == ys.len())
}

/// `od | other` and `other | od`: `type(od)(left)` updated with `right`.
fn odict_or(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    let types = odict_types(vm)?;
    let (od, other) = if is_odict(vm, &types, a) {
        (a, b)
    } else {
        (b, a)
    };
    if !is_subtype(&vm.type_of(other), &vm.types.dict.clone()) {
        return Ok(vm.not_implemented());
    }
    let class = Value::Obj(vm.type_of(od));
    let new = vm.call1(&class, vec![a.clone()])?;
    update_from_arg(vm, &new, b)?;
    Ok(new)
}

/// `od |= other`, for any argument `update` takes.
fn odict_inplace_or(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    update_from_arg(vm, a, b)?;
    Ok(a.clone())
}

// ---------------------------------------------------------------------------
// Iterators

/// What an iterator gives for each key.
#[derive(Clone, Copy, PartialEq)]
enum Yields {
    Keys,
    Values,
    Items,
}

/// An iterator over an OrderedDict's keys, values or items, forwards or reversed
/// (`odict_iterator`).
struct OdictIter {
    yields: Yields,
    reversed: bool,
    cursor: RefCell<Cursor>,
}

/// Where an iteration stands; `__reduce__` runs a copy of it to the end.
#[derive(Clone)]
struct Cursor {
    /// The OrderedDict; `None` once the iteration is over.
    od: Option<Value>,
    /// Its order, looked up once.
    order: OrderRef,
    /// The key to give next, where its node was and its hash; `None` at the end.
    next: Option<(Value, NodeId, i64)>,
    /// The order's state when the iteration began.
    state: u64,
    /// The dict's size when the iteration began; `None` once a change of size was
    /// reported, which is then reported again at each step.
    size: Option<usize>,
}

impl NativeData for OdictIter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        let Ok(cursor) = self.cursor.try_borrow() else {
            return false;
        };
        cursor
            .od
            .iter()
            .chain([&cursor.order.0])
            .chain(cursor.next.as_ref().map(|(key, ..)| key))
            .for_each(visit);
        true
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        if let Ok(mut cursor) = self.cursor.try_borrow_mut() {
            taken.extend(cursor.od.take());
            taken.extend(cursor.next.take().map(|(key, ..)| key));
        }
    }
}

static ODICT_ITER_TYPE: NativeTypeSpec = NativeTypeSpec {
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(odict_iter_next),
    ],
    methods: &[MethodDef::method("__reduce__", odict_iter_reduce)
        .with_signature(&ODICT_ITER_REDUCE)
        .with_doc("Return state information for pickling")],
    ..NativeTypeSpec::new("odict_iterator", "builtins")
};

static ODICT_ITER_REDUCE: Signature =
    Signature::unlisted("odict_iterator", "__reduce__", "($self, /)");

fn new_odict_iter(vm: &mut Vm, od: &Value, yields: Yields, reversed: bool) -> PyResult<Value> {
    let types = odict_types(vm)?;
    let order = order_of(vm, od)?;
    let next = {
        let nodes = order.nodes.borrow();
        let id = nodes.end_node(reversed);
        id.and_then(|id| {
            let (key, hash) = nodes.key(id)?;
            Some((key.clone(), id, hash))
        })
    };
    let cursor = Cursor {
        od: Some(od.clone()),
        order: order.clone(),
        next,
        state: order.state.get(),
        size: Some(dict::dict_len(dict_of(vm, od)?)),
    };
    let it = OdictIter {
        yields,
        reversed,
        cursor: RefCell::new(cursor),
    };
    Ok(new_native_object(vm, &types.iter, it))
}

fn odict_iter_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a OdictIter> {
    native_data::<OdictIter>(this).ok_or_else(|| wrong_receiver(vm, "odict_iterator", this))
}

fn odict_iter_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let it = odict_iter_of(vm, this)?;
    iter_step(vm, &it.cursor, it.yields, it.reversed)
}

/// The next key, value or pair of the iteration at `cursor`.
fn iter_step(
    vm: &mut Vm,
    cursor: &RefCell<Cursor>,
    yields: Yields,
    reversed: bool,
) -> PyResult<Option<Value>> {
    let step = advance(&mut cursor.borrow_mut(), reversed);
    let key = match step {
        Step::Next(key) => key,
        Step::End => return Ok(None),
        Step::Mutated => {
            let msg = "OrderedDict mutated during iteration".to_owned();
            return Err(vm.new_runtime_error(msg));
        }
        Step::Resized => {
            let msg = "OrderedDict changed size during iteration".to_owned();
            return Err(vm.new_runtime_error(msg));
        }
        Step::Missing(key) => return Err(missing_key(vm, key)),
    };
    if yields == Yields::Keys {
        return Ok(Some(key));
    }
    let d = match &cursor.borrow().od {
        Some(Value::Obj(d)) => d.clone(),
        _ => return Ok(None),
    };
    let value = match dict::dict_get_item(vm, &d, &key) {
        Ok(Some(value)) => value,
        failed => {
            let mut cursor = cursor.borrow_mut();
            let ended = (cursor.od.take(), cursor.next.take());
            drop(cursor);
            drop(ended);
            return Err(match failed {
                Err(err) => err,
                _ => missing_key(vm, key),
            });
        }
    };
    Ok(Some(match yields {
        Yields::Values => value,
        _ => vm.new_tuple(vec![key, value]),
    }))
}

/// What a step of an iteration found.
enum Step {
    Next(Value),
    End,
    /// The order changed (the iteration is over).
    Mutated,
    /// The dict's size changed (and stays reported).
    Resized,
    /// The key to give has no node, or the dict no longer holds it.
    Missing(Value),
}

/// Moves `cursor` to the next key, checking first that the order has not changed
/// (CPython's `odictiter_nextkey`). No Python code runs here.
fn advance(cursor: &mut Cursor, reversed: bool) -> Step {
    let len = match &cursor.od {
        Some(Value::Obj(d)) => dict::dict_len(d),
        _ => return Step::End,
    };
    let Some((key, hint, hash)) = cursor.next.take() else {
        cursor.od = None;
        return Step::End;
    };
    if cursor.order.state.get() != cursor.state {
        cursor.od = None;
        return Step::Mutated;
    }
    if cursor.size != Some(len) {
        cursor.size = None;
        cursor.next = Some((key, hint, hash));
        return Step::Resized;
    }
    let Some(Value::Obj(d)) = &cursor.od else {
        return Step::End;
    };
    // The key must still have its node, and the dict must still hold it (it may
    // have been deleted behind the order's back, by `dict.__delitem__`).
    let nodes = cursor.order.nodes.borrow();
    let after = nodes.find_hinted(&key, hash, hint).and_then(|id| {
        let held = nodes.held_key(id)?;
        dict::dict_holds_key_object(d, held, hash).then(|| {
            let next = nodes.neighbour(id, reversed)?;
            let (key, hash) = nodes.key(next)?;
            Some((key.clone(), next, hash))
        })
    });
    drop(nodes);
    match after {
        Some(after) => {
            cursor.next = after;
            Step::Next(key)
        }
        None => Step::Missing(key),
    }
}

/// `(iter, (list_of_what_is_left,))`, the iterator itself left where it was.
fn odict_iter_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ODICT_ITER_REDUCE.bind(vm, args)?;
    let this = given(this);
    let it = odict_iter_of(vm, &this)?;
    let copy = RefCell::new(it.cursor.borrow().clone());
    let mut rest = Vec::new();
    while let Some(item) = iter_step(vm, &copy, it.yields, it.reversed)? {
        rest.push(item);
    }
    let iter = dict::dict_get_str(&vm.builtins_dict, "iter").unwrap_or(Value::None);
    let rest = vm.new_list(rest);
    let args = vm.new_tuple(vec![rest]);
    Ok(vm.new_tuple(vec![iter, args]))
}

// ---------------------------------------------------------------------------
// Views

static ODICT_KEYS_TYPE: NativeTypeSpec = NativeTypeSpec {
    slots: &[NativeSlot::Iter(odict_keys_iter)],
    methods: &[
        MethodDef::method("__reversed__", odict_keys_reversed).with_signature(&VIEW_REVERSED)
    ],
    ..NativeTypeSpec::new("odict_keys", "builtins")
};

static ODICT_VALUES_TYPE: NativeTypeSpec = NativeTypeSpec {
    slots: &[NativeSlot::Iter(odict_values_iter)],
    methods: &[
        MethodDef::method("__reversed__", odict_values_reversed).with_signature(&VIEW_REVERSED)
    ],
    ..NativeTypeSpec::new("odict_values", "builtins")
};

static ODICT_ITEMS_TYPE: NativeTypeSpec = NativeTypeSpec {
    slots: &[NativeSlot::Iter(odict_items_iter)],
    methods: &[
        MethodDef::method("__reversed__", odict_items_reversed).with_signature(&VIEW_REVERSED)
    ],
    ..NativeTypeSpec::new("odict_items", "builtins")
};

static VIEW_REVERSED: Signature = Signature::shared("__reversed__", "($self, /)").not_listed();

/// An iterator over the OrderedDict a view shows.
fn view_iter(vm: &mut Vm, view: &Value, yields: Yields, reversed: bool) -> PyResult<Value> {
    let Some(od) = view_dict(view) else {
        return Err(wrong_receiver(vm, "odict_keys", view));
    };
    new_odict_iter(vm, &Value::Obj(od), yields, reversed)
}

fn odict_keys_iter(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    view_iter(vm, this, Yields::Keys, false)
}

fn odict_values_iter(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    view_iter(vm, this, Yields::Values, false)
}

fn odict_items_iter(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    view_iter(vm, this, Yields::Items, false)
}

fn view_reversed(vm: &mut Vm, args: Args, yields: Yields) -> PyResult<Value> {
    let (this, []) = VIEW_REVERSED.bind(vm, args)?;
    view_iter(vm, &given(this), yields, true)
}

fn odict_keys_reversed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    view_reversed(vm, args, Yields::Keys)
}

fn odict_values_reversed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    view_reversed(vm, args, Yields::Values)
}

fn odict_items_reversed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    view_reversed(vm, args, Yields::Items)
}
