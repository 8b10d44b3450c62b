//! Type slots (the function-pointer fields of CPython's `PyTypeObject`, and the
//! `slotdefs` table and `slot_*` functions of `Objects/typeobject.c`).
//!
//! Every type object holds a `Slots` table. The protocols of `abstract_` read a slot
//! and call it; they never look a special method up by name. A slot is filled from
//! the type's attributes along its MRO: when `__len__` is defined (by the class or a
//! base), the `length` slot holds `slot_length`, which looks `__len__` up and calls it,
//! as CPython's `slot_sq_length` does. When the class or a base changes a special
//! method later, `update_slots_for_name` refreshes the slot in the class and in every
//! subclass, so overrides in subclasses of builtin types are always honoured.
//!
//! A slot that is empty answers "not supported" at the cost of one load, which is
//! what makes a failed protocol (`x in obj` without `__contains__`) cheap.

use std::cell::Cell;
use std::rc::Rc;

use num_traits::Signed;

use krait_bytecode::opcode_table::{NB_ADD, NB_INPLACE_OFFSET, NB_MULTIPLY, NB_POWER};

use crate::abstract_::{self, call_special, is_not_implemented, BINARY_OPS, CMP_DUNDERS};
use crate::object::ObjRef;
use crate::objects::function::{Args, BuiltinFunction};
use crate::objects::typeobject::{is_subtype, lookup, lookup_static, type_data};
use crate::value::Value;
use crate::Exc;
use crate::{Payload, PyErr, PyResult, Vm};

/// `repr`, `str`, `iter`, the unary number operators (`reprfunc`, `getiterfunc`,
/// `unaryfunc`).
pub type UnaryFn = fn(&mut Vm, &Value) -> PyResult<Value>;
/// `hash` (`hashfunc`).
pub type HashFn = fn(&mut Vm, &Value) -> PyResult<i64>;
/// `len` (`lenfunc`).
pub type LengthFn = fn(&mut Vm, &Value) -> PyResult<usize>;
/// Truth (`inquiry`).
pub type BoolFn = fn(&mut Vm, &Value) -> PyResult<bool>;
/// `next`: `Ok(None)` when the iterator is exhausted, or a raised StopIteration
/// (`iternextfunc`).
pub type NextFn = fn(&mut Vm, &Value) -> PyResult<Option<Value>>;
/// `obj[key]` (`binaryfunc`).
pub type GetItemFn = fn(&mut Vm, &Value, &Value) -> PyResult<Value>;
/// `obj[key] = value`, or `del obj[key]` when the value is `None` (`objobjargproc`).
pub type SetItemFn = fn(&mut Vm, &Value, &Value, Option<Value>) -> PyResult<()>;
/// `item in obj` (`objobjproc`).
pub type ContainsFn = fn(&mut Vm, &Value, &Value) -> PyResult<bool>;
/// Rich comparison with a `COMPARE_OP` argument (`richcmpfunc`).
pub type RichCompareFn = fn(&mut Vm, &Value, &Value, usize) -> PyResult<Value>;
/// A binary number operator with its `BINARY_OP` argument (`binaryfunc`); either
/// operand may be the one whose type holds the slot.
pub type NumberFn = fn(&mut Vm, &Value, &Value, usize) -> PyResult<Value>;
/// `pow(base, exponent, modulus)`, the modulus `None` for `**` (`ternaryfunc` of
/// `nb_power`); any operand may be the one whose type holds the slot.
pub type TernaryFn = fn(&mut Vm, &Value, &Value, &Value) -> PyResult<Value>;
/// `obj(*args, **kwargs)` (`ternaryfunc` of `tp_call`).
pub type CallFn = fn(&mut Vm, &Value, Args) -> PyResult<Value>;
/// `obj.name` with an interned str name (`getattrofunc`).
pub type GetAttrFn = fn(&mut Vm, &Value, &ObjRef) -> PyResult<Value>;
/// `obj.name = value`, or `del obj.name` when the value is `None` (`setattrofunc`).
pub type SetAttrFn = fn(&mut Vm, &Value, &ObjRef, Option<Value>) -> PyResult<()>;
/// The finaliser run once before an object is freed (`destructor` of
/// `tp_finalize`); what it raises is reported, never propagated.
pub type FinalizeFn = fn(&mut Vm, &Value) -> PyResult<()>;

/// `descr.__get__(obj, owner)`; `obj` is `None` for access through the class
/// (`descrgetfunc`).
pub type DescrGetFn = fn(&mut Vm, &Value, Option<&Value>, &ObjRef) -> PyResult<Value>;
/// `descr.__set__(obj, value)`, or `descr.__delete__(obj)` when the value is `None`
/// (`descrsetfunc`).
pub type DescrSetFn = fn(&mut Vm, &Value, &Value, Option<Value>) -> PyResult<()>;

/// `__new__` with the class first, `__init__` with the instance first (`newfunc`,
/// `initproc`; the same shape as any builtin's function).
pub type NewOrInitFn = crate::objects::function::NativeFn;

/// How many binary operators `BINARY_OP` knows (its arguments below the in-place forms).
pub const NUMBER_OPS: usize = NB_INPLACE_OFFSET;
/// `divmod()`'s place among the binary number slots, after `BINARY_OP`'s operators.
pub const NB_DIVMOD: usize = NUMBER_OPS;
/// The binary number slots: `BINARY_OP`'s operators and `divmod`.
pub const BINARY_SLOTS: usize = NUMBER_OPS + 1;

/// The slot table of one type.
#[derive(Default, Clone)]
pub struct Slots {
    pub getattro: Cell<Option<GetAttrFn>>,
    pub setattro: Cell<Option<SetAttrFn>>,
    pub repr: Cell<Option<UnaryFn>>,
    pub str: Cell<Option<UnaryFn>>,
    pub hash: Cell<Option<HashFn>>,
    pub richcompare: Cell<Option<RichCompareFn>>,
    pub iter: Cell<Option<UnaryFn>>,
    pub iternext: Cell<Option<NextFn>>,
    pub call: Cell<Option<CallFn>>,
    pub length: Cell<Option<LengthFn>>,
    pub getitem: Cell<Option<GetItemFn>>,
    pub setitem: Cell<Option<SetItemFn>>,
    pub contains: Cell<Option<ContainsFn>>,
    pub bool_: Cell<Option<BoolFn>>,
    pub descr_get: Cell<Option<DescrGetFn>>,
    pub descr_set: Cell<Option<DescrSetFn>>,
    pub new: Cell<Option<NewOrInitFn>>,
    pub init: Cell<Option<NewOrInitFn>>,
    pub finalize: Cell<Option<FinalizeFn>>,
    /// `nb_add` ... `nb_xor` by `BINARY_OP` argument, then `nb_divmod`. The place of
    /// `**` stays empty: power is ternary and has its own slot.
    pub binary: [Cell<Option<NumberFn>>; BINARY_SLOTS],
    /// `nb_power`: `**` and `pow()`, with a modulus or `None`.
    pub power: Cell<Option<TernaryFn>>,
    /// `nb_inplace_add` ... , by the argument of the operator's plain form.
    pub inplace: [Cell<Option<NumberFn>>; NUMBER_OPS],
    /// A sequence's `+`, `*`, `+=` and `*=` (`sq_concat` ...), tried after both
    /// operands' number slots declined. They are called with the sequence first; the
    /// repeats with an int count.
    pub concat: Cell<Option<NumberFn>>,
    pub repeat: Cell<Option<NumberFn>>,
    pub inplace_concat: Cell<Option<NumberFn>>,
    pub inplace_repeat: Cell<Option<NumberFn>>,
    pub negative: Cell<Option<UnaryFn>>,
    pub positive: Cell<Option<UnaryFn>>,
    pub invert: Cell<Option<UnaryFn>>,
    pub absolute: Cell<Option<UnaryFn>>,
    pub index: Cell<Option<UnaryFn>>,
    pub int: Cell<Option<UnaryFn>>,
    pub float: Cell<Option<UnaryFn>>,
    pub await_: Cell<Option<UnaryFn>>,
    pub aiter: Cell<Option<UnaryFn>>,
    pub anext: Cell<Option<UnaryFn>>,
}

impl Slots {
    /// Makes every slot the same as `other`'s (a type inheriting all of them).
    pub fn copy_from(&self, other: &Slots) {
        // Destructured so that a new slot cannot be forgotten here.
        macro_rules! copy {
            ($($field:ident),*) => {{
                let Slots { $($field,)* binary, inplace } = other;
                $(self.$field.set($field.get());)*
                for (mine, theirs) in self.binary.iter().zip(binary) {
                    mine.set(theirs.get());
                }
                for (mine, theirs) in self.inplace.iter().zip(inplace) {
                    mine.set(theirs.get());
                }
            }};
        }
        copy!(
            getattro,
            setattro,
            repr,
            str,
            hash,
            richcompare,
            iter,
            iternext,
            call,
            length,
            getitem,
            setitem,
            contains,
            bool_,
            descr_get,
            descr_set,
            new,
            init,
            finalize,
            negative,
            positive,
            invert,
            absolute,
            index,
            int,
            float,
            await_,
            aiter,
            anext,
            concat,
            repeat,
            inplace_concat,
            inplace_repeat,
            power
        );
    }
}

/// One slot of the table (a row of CPython's `slotdefs` names one of these).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SlotId {
    GetAttr,
    SetAttr,
    Repr,
    Str,
    Hash,
    RichCompare,
    Iter,
    IterNext,
    Call,
    Length,
    GetItem,
    SetItem,
    Contains,
    Bool,
    DescrGet,
    DescrSet,
    New,
    Init,
    Finalize,
    /// A binary number slot: a `BINARY_OP` argument but `NB_POWER`, or `NB_DIVMOD`.
    Binary(usize),
    /// `nb_power`, which takes a modulus.
    Power,
    InPlace(usize),
    /// `sq_concat`, `sq_repeat`, `sq_inplace_concat`, `sq_inplace_repeat`: they
    /// share their names with number slots.
    Concat,
    Repeat,
    InPlaceConcat,
    InPlaceRepeat,
    Negative,
    Positive,
    Invert,
    Absolute,
    Index,
    Int,
    Float,
    /// `am_await`, `am_aiter`, `am_anext`.
    Await,
    AIter,
    ANext,
}

const UNARY_SLOTS: [(&str, SlotId); 10] = [
    ("__neg__", SlotId::Negative),
    ("__pos__", SlotId::Positive),
    ("__invert__", SlotId::Invert),
    ("__abs__", SlotId::Absolute),
    ("__index__", SlotId::Index),
    ("__int__", SlotId::Int),
    ("__float__", SlotId::Float),
    ("__await__", SlotId::Await),
    ("__aiter__", SlotId::AIter),
    ("__anext__", SlotId::ANext),
];

/// The in-place method names, by the argument of the operator's plain form.
pub const INPLACE_DUNDERS: [&str; NUMBER_OPS] = [
    "__iadd__",
    "__iand__",
    "__ifloordiv__",
    "__ilshift__",
    "__imatmul__",
    "__imul__",
    "__imod__",
    "__ior__",
    "__ipow__",
    "__irshift__",
    "__isub__",
    "__itruediv__",
    "__ixor__",
];

/// The slot a special method name fills, if any (CPython's `slotdefs` lookup).
pub fn slot_for_name(name: &str) -> Option<SlotId> {
    if !(name.starts_with("__") && name.ends_with("__")) {
        return None;
    }
    let id = match name {
        "__getattribute__" | "__getattr__" => SlotId::GetAttr,
        "__setattr__" | "__delattr__" => SlotId::SetAttr,
        "__repr__" => SlotId::Repr,
        "__str__" => SlotId::Str,
        "__hash__" => SlotId::Hash,
        "__lt__" | "__le__" | "__eq__" | "__ne__" | "__gt__" | "__ge__" => SlotId::RichCompare,
        "__iter__" => SlotId::Iter,
        "__next__" => SlotId::IterNext,
        "__call__" => SlotId::Call,
        "__len__" => SlotId::Length,
        "__getitem__" => SlotId::GetItem,
        "__setitem__" | "__delitem__" => SlotId::SetItem,
        "__contains__" => SlotId::Contains,
        "__bool__" => SlotId::Bool,
        "__get__" => SlotId::DescrGet,
        "__set__" | "__delete__" => SlotId::DescrSet,
        "__new__" => SlotId::New,
        "__init__" => SlotId::Init,
        "__del__" => SlotId::Finalize,
        "__pow__" | "__rpow__" => SlotId::Power,
        _ => {
            if let Some(op) = BINARY_OPS
                .iter()
                .position(|(_, m, r)| *m == name || *r == name)
            {
                return Some(SlotId::Binary(op));
            }
            if let Some(op) = INPLACE_DUNDERS.iter().position(|m| *m == name) {
                return Some(SlotId::InPlace(op));
            }
            return UNARY_SLOTS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, id)| *id);
        }
    };
    Some(id)
}

/// The sequence slot that shares the special method `name` with a number slot
/// (`__add__` fills `nb_add` and `sq_concat`).
fn sequence_slot_for_name(name: &str) -> Option<SlotId> {
    match name {
        "__add__" => Some(SlotId::Concat),
        "__mul__" | "__rmul__" => Some(SlotId::Repeat),
        "__iadd__" => Some(SlotId::InPlaceConcat),
        "__imul__" => Some(SlotId::InPlaceRepeat),
        _ => None,
    }
}

/// Every slot, in table order.
fn all_slots() -> impl Iterator<Item = SlotId> {
    [
        SlotId::GetAttr,
        SlotId::SetAttr,
        SlotId::Repr,
        SlotId::Str,
        SlotId::Hash,
        SlotId::RichCompare,
        SlotId::Iter,
        SlotId::IterNext,
        SlotId::Call,
        SlotId::Length,
        SlotId::GetItem,
        SlotId::SetItem,
        SlotId::Contains,
        SlotId::Bool,
        SlotId::DescrGet,
        SlotId::DescrSet,
        SlotId::New,
        SlotId::Init,
        SlotId::Finalize,
    ]
    .into_iter()
    .chain(
        (0..BINARY_SLOTS)
            .filter(|op| *op != NB_POWER)
            .map(SlotId::Binary),
    )
    .chain([SlotId::Power])
    .chain((0..NUMBER_OPS).map(SlotId::InPlace))
    .chain([
        SlotId::Concat,
        SlotId::Repeat,
        SlotId::InPlaceConcat,
        SlotId::InPlaceRepeat,
    ])
    .chain(UNARY_SLOTS.iter().map(|(_, id)| *id))
}

// ---------------------------------------------------------------------------
// Filling slots from a type's attributes

/// Fills every slot of `ty` from its MRO (CPython's `fixup_slot_dispatchers`).
pub fn fixup_slots(ty: &ObjRef) {
    for id in all_slots() {
        update_slot(ty, id);
    }
}

/// Brings every type made at start-up up to date once, parents first: a type with one
/// base starts from its base's slots and refreshes those its own namespace defines
/// (what it does not define resolves as in the base); others are filled in full.
pub fn finish_bootstrap(object: &ObjRef) {
    let mut order: Vec<ObjRef> = Vec::new();
    let mut stack = vec![object.clone()];
    while let Some(ty) = stack.pop() {
        if order.iter().any(|seen| Rc::ptr_eq(seen, &ty)) {
            continue;
        }
        let parents_done = type_data(&ty)
            .bases
            .borrow()
            .iter()
            .all(|b| order.iter().any(|seen| Rc::ptr_eq(seen, b)));
        if !parents_done && !Rc::ptr_eq(&ty, object) {
            // Reached again once its last base is done.
            continue;
        }
        type_data(&ty).method_cache.borrow_mut().clear();
        stack.extend(crate::objects::typeobject::live_subclasses(&ty));
        order.push(ty);
    }
    for ty in &order {
        fill_slots(ty);
    }
}

/// Fills the slots of a type just made, whose subclasses do not exist yet. A type
/// with one base starts from its base's slots and refreshes those its own namespace
/// defines: what it does not define resolves as in the base, whose MRO is the rest
/// of its own. A type with several bases is filled in full.
pub fn fill_slots(ty: &ObjRef) {
    let bases = type_data(ty).bases.borrow().clone();
    let [base] = bases.as_slice() else {
        fixup_slots(ty);
        return;
    };
    let data = type_data(ty);
    data.slots.copy_from(&type_data(base).slots);
    let mut done: Vec<SlotId> = Vec::new();
    for (key, _) in crate::objects::dict::dict_items(&data.dict) {
        let Some(name) = abstract_::value_as_str(&key) else {
            continue;
        };
        for id in slot_for_name(name)
            .into_iter()
            .chain(sequence_slot_for_name(name))
        {
            if !done.contains(&id) {
                update_slot(ty, id);
                done.push(id);
            }
        }
    }
}

/// Refreshes the slot that `name` fills, in `ty` and in every class derived from it,
/// after `name` was set or deleted in `ty`'s namespace (CPython's `update_slot`).
pub fn update_slots_for_name(ty: &ObjRef, name: &str) {
    for id in slot_for_name(name)
        .into_iter()
        .chain(sequence_slot_for_name(name))
    {
        update_slot_in_subtree(ty, id);
    }
}

fn update_slot_in_subtree(ty: &ObjRef, id: SlotId) {
    update_slot(ty, id);
    for sub in crate::objects::typeobject::live_subclasses(ty) {
        update_slot_in_subtree(&sub, id);
    }
}

/// What `name` is along the MRO of `ty`, for filling a slot. Slots are filled
/// when a class is made or its namespace changes, once per name, so the lookup
/// skips the class's lookup cache rather than fill it with names asked once.
fn defined(ty: &ObjRef, name: &'static str) -> Option<Value> {
    let hash = crate::pyhash::hash_static_str(name);
    crate::objects::typeobject::lookup_uncached_hashed(ty, name, hash)
}

/// Whether `name` is defined along the MRO of `ty`.
fn defines(ty: &ObjRef, name: &'static str) -> bool {
    defined(ty, name).is_some()
}

/// Whether `name` is defined along the MRO of `ty` for the slot `id`: a wrapper of
/// the sequence slot that shares the name (`list.__add__`) does not count.
fn defines_for(ty: &ObjRef, name: &'static str, id: SlotId) -> bool {
    match defined(ty, name) {
        None => false,
        Some(found) => {
            !wrapped_slot(&found).is_some_and(|s| s.id() != id && shares_name(s.id(), id))
        }
    }
}

/// What the special methods of one slot resolve to along an MRO.
enum Resolution {
    /// None of them is defined.
    Undefined,
    /// All that are defined are slot wrappers of this one native slot: it is
    /// installed directly, skipping the method call (CPython's `update_one_slot`).
    Native(NativeSlot),
    /// Something else is defined: the slot calls the special methods.
    Dunder,
}

fn resolve(ty: &ObjRef, id: SlotId) -> Resolution {
    let mut native: Option<NativeSlot> = None;
    for name in id.dunders() {
        let Some(found) = defined(ty, name) else {
            continue;
        };
        let wrapped = match (wrapped_slot(&found), id) {
            // `sq_inplace_concat`'s wrapper has `nb_inplace_add`'s signature, so a
            // class inheriting `list.__iadd__` gets the function in both (CPython's
            // `update_one_slot`).
            (Some(NativeSlot::InPlaceConcat(f)), SlotId::InPlace(NB_ADD)) => {
                Some(NativeSlot::InPlace(NB_ADD, f))
            }
            (wrapped, _) => wrapped,
        };
        match wrapped {
            Some(slot) if slot.id() == id => match native {
                Some(seen) if seen.fn_addr() != slot.fn_addr() => return Resolution::Dunder,
                _ => native = Some(slot),
            },
            // A wrapper of the slot that shares the name (`list.__add__` is
            // `sq_concat`'s) leaves this one undefined, as in CPython.
            Some(slot) if shares_name(slot.id(), id) => {}
            _ => return Resolution::Dunder,
        }
    }
    match native {
        Some(slot) => Resolution::Native(slot),
        None => Resolution::Undefined,
    }
}

/// Whether two different slots are filled by the same special methods: a number
/// slot and the sequence slot of the same operator.
fn shares_name(a: SlotId, b: SlotId) -> bool {
    let sequence_of = |id| match id {
        SlotId::Binary(NB_ADD) => Some(SlotId::Concat),
        SlotId::Binary(NB_MULTIPLY) => Some(SlotId::Repeat),
        SlotId::InPlace(NB_ADD) => Some(SlotId::InPlaceConcat),
        SlotId::InPlace(NB_MULTIPLY) => Some(SlotId::InPlaceRepeat),
        _ => None,
    };
    sequence_of(a) == Some(b) || sequence_of(b) == Some(a)
}

/// The native slot a slot wrapper (or a builtin `__new__`) calls, if `v` is one.
fn wrapped_slot(v: &Value) -> Option<NativeSlot> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::MethodDescriptor(f) | Payload::BuiltinFunction(f) => f.slot,
            _ => None,
        },
        _ => None,
    }
}

/// Sets one slot of `ty` from what its MRO defines.
fn update_slot(ty: &ObjRef, id: SlotId) {
    match resolve(ty, id) {
        Resolution::Native(slot) => slot.install(&type_data(ty).slots),
        Resolution::Undefined | Resolution::Dunder => update_dunder_slot(ty, id),
    }
}

/// Sets one slot of `ty` to the function that calls its special methods, or empties
/// it when they are not defined.
fn update_dunder_slot(ty: &ObjRef, id: SlotId) {
    let slots = &type_data(ty).slots;
    fn when<F>(found: bool, f: F) -> Option<F> {
        found.then_some(f)
    }
    match id {
        SlotId::GetAttr => slots.getattro.set(when(
            defines(ty, "__getattribute__") || defines(ty, "__getattr__"),
            slot_getattr_hook,
        )),
        SlotId::SetAttr => slots.setattro.set(when(
            defines(ty, "__setattr__") || defines(ty, "__delattr__"),
            slot_setattro,
        )),
        SlotId::Repr => slots.repr.set(when(defines(ty, "__repr__"), slot_repr)),
        SlotId::Str => slots.str.set(when(defines(ty, "__str__"), slot_str)),
        SlotId::Hash => slots.hash.set(match defined(ty, "__hash__") {
            None => None,
            Some(Value::None) => Some(hash_not_implemented),
            Some(_) => Some(slot_hash),
        }),
        SlotId::RichCompare => slots.richcompare.set(when(
            CMP_DUNDERS.iter().any(|name| defines(ty, name)),
            slot_richcompare,
        )),
        SlotId::Iter => slots.iter.set(match defined(ty, "__iter__") {
            None => None,
            Some(Value::None) => Some(iter_not_iterable),
            Some(_) => Some(slot_iter),
        }),
        SlotId::IterNext => slots
            .iternext
            .set(when(defines(ty, "__next__"), slot_iternext)),
        SlotId::Call => slots.call.set(when(defines(ty, "__call__"), slot_call)),
        SlotId::Length => slots.length.set(when(defines(ty, "__len__"), slot_length)),
        SlotId::GetItem => slots
            .getitem
            .set(when(defines(ty, "__getitem__"), slot_getitem)),
        SlotId::SetItem => slots.setitem.set(when(
            defines(ty, "__setitem__") || defines(ty, "__delitem__"),
            slot_setitem,
        )),
        SlotId::Contains => slots
            .contains
            .set(when(defines(ty, "__contains__"), slot_contains)),
        SlotId::Bool => slots.bool_.set(when(defines(ty, "__bool__"), slot_bool)),
        SlotId::DescrGet => slots
            .descr_get
            .set(when(defines(ty, "__get__"), slot_descr_get)),
        SlotId::DescrSet => slots.descr_set.set(when(
            defines(ty, "__set__") || defines(ty, "__delete__"),
            slot_descr_set,
        )),
        SlotId::New => slots.new.set(when(defines(ty, "__new__"), slot_new)),
        SlotId::Init => slots.init.set(when(defines(ty, "__init__"), slot_init)),
        SlotId::Finalize => slots
            .finalize
            .set(when(defines(ty, "__del__"), slot_finalize)),
        SlotId::Binary(op) => {
            let (_, name, rname) = BINARY_OPS[op];
            slots.binary[op].set(when(
                defines_for(ty, name, id) || defines_for(ty, rname, id),
                slot_binary as NumberFn,
            ))
        }
        SlotId::Power => slots.power.set(when(
            defines(ty, "__pow__") || defines(ty, "__rpow__"),
            slot_power as TernaryFn,
        )),
        SlotId::InPlace(op) => slots.inplace[op].set(when(
            defines_for(ty, INPLACE_DUNDERS[op], id),
            slot_inplace as NumberFn,
        )),
        // Python code fills a sequence operator through the number slot, whose
        // function calls the special method; the sequence slot stays empty.
        SlotId::Concat => slots.concat.set(None),
        SlotId::Repeat => slots.repeat.set(None),
        SlotId::InPlaceConcat => slots.inplace_concat.set(None),
        SlotId::InPlaceRepeat => slots.inplace_repeat.set(None),
        SlotId::Negative => slots
            .negative
            .set(when(defines(ty, "__neg__"), slot_negative)),
        SlotId::Positive => slots
            .positive
            .set(when(defines(ty, "__pos__"), slot_positive)),
        SlotId::Invert => slots
            .invert
            .set(when(defines(ty, "__invert__"), slot_invert)),
        SlotId::Absolute => slots
            .absolute
            .set(when(defines(ty, "__abs__"), slot_absolute)),
        SlotId::Index => slots.index.set(when(defines(ty, "__index__"), slot_index)),
        SlotId::Int => slots.int.set(when(defines(ty, "__int__"), slot_int)),
        SlotId::Float => slots.float.set(when(defines(ty, "__float__"), slot_float)),
        SlotId::Await => slots.await_.set(when(defines(ty, "__await__"), slot_await)),
        SlotId::AIter => slots.aiter.set(when(defines(ty, "__aiter__"), slot_aiter)),
        SlotId::ANext => slots.anext.set(when(defines(ty, "__anext__"), slot_anext)),
    }
}

// ---------------------------------------------------------------------------
// Slot functions that call special methods (CPython's `slot_*`)

/// Calls the special method `name` of `obj`'s type; the slot is only filled while
/// the type defines it, so a missing method means it was removed behind our back and
/// reads as `NotImplemented`.
fn call_dunder(vm: &mut Vm, obj: &Value, name: &'static str, args: &[Value]) -> PyResult<Value> {
    match call_special(vm, obj, name, args)? {
        Some(r) => Ok(r),
        None => Ok(vm.not_implemented()),
    }
}

/// `__getattribute__`, then `__getattr__` when that raised AttributeError (CPython's
/// `slot_tp_getattr_hook`); a `__getattribute__` that wraps a Rust slot is called
/// directly.
fn slot_getattr_hook(vm: &mut Vm, obj: &Value, name: &ObjRef) -> PyResult<Value> {
    let class = vm.type_of(obj);
    let result = match lookup_static(&class, "__getattribute__") {
        Some(found) => match wrapped_slot(&found) {
            Some(NativeSlot::GetAttr(getattro)) => getattro(vm, obj, name),
            _ => abstract_::call_unbound(vm, &found, obj, &[Value::Obj(name.clone())]),
        },
        None => abstract_::generic_getattr(vm, obj, &class, name),
    };
    match result {
        Err(err) if vm.err_matches(&err, Exc::AttributeError) => {
            match lookup_static(&class, "__getattr__") {
                Some(hook) => abstract_::call_unbound(vm, &hook, obj, &[Value::Obj(name.clone())]),
                None => Err(err),
            }
        }
        other => other,
    }
}

/// `__setattr__`, or `__delattr__` when deleting (CPython's `slot_tp_setattro`).
fn slot_setattro(vm: &mut Vm, obj: &Value, name: &ObjRef, value: Option<Value>) -> PyResult<()> {
    let dunder = if value.is_some() {
        "__setattr__"
    } else {
        "__delattr__"
    };
    let class = vm.type_of(obj);
    let Some(method) = lookup(&class, dunder) else {
        return Err(vm.new_attribute_error(dunder.to_owned()));
    };
    let mut args = vec![Value::Obj(name.clone())];
    args.extend(value);
    abstract_::call_unbound(vm, &method, obj, &args)?;
    Ok(())
}

fn slot_repr(vm: &mut Vm, obj: &Value) -> PyResult<Value> {
    call_dunder(vm, obj, "__repr__", &[])
}

fn slot_str(vm: &mut Vm, obj: &Value) -> PyResult<Value> {
    call_dunder(vm, obj, "__str__", &[])
}

fn slot_hash(vm: &mut Vm, obj: &Value) -> PyResult<i64> {
    let result = call_dunder(vm, obj, "__hash__", &[])?;
    match result {
        Value::Int(n) => Ok(if n == -1 { -2 } else { n }),
        Value::Bool(b) => Ok(b as i64),
        Value::Obj(big) if matches!(big.payload, Payload::Int(_)) => {
            Ok(crate::objects::int::big_hash(&big))
        }
        _ => Err(vm.new_type_error("__hash__ method should return an integer".to_owned())),
    }
}

/// The hash slot of a class whose `__hash__` is `None` (CPython's
/// `PyObject_HashNotImplemented`).
pub fn hash_not_implemented(vm: &mut Vm, obj: &Value) -> PyResult<i64> {
    Err(vm.new_type_error(format!("unhashable type: '{}'", vm.type_name_of(obj))))
}

/// `a.__eq__(b)` and the other comparison methods (CPython's
/// `slot_tp_richcompare`): an error while the method is looked up and bound (a
/// property standing for `__eq__` that raises) makes it NotImplemented; errors
/// of the call itself pass.
pub(crate) fn slot_richcompare(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    let class = vm.type_of(a);
    let Some(method) = lookup_static(&class, CMP_DUNDERS[op]) else {
        return Ok(vm.not_implemented());
    };
    let plain = matches!(&method, Value::Obj(m)
        if matches!(m.payload, Payload::Function(_) | Payload::MethodDescriptor(_)));
    if plain {
        return abstract_::call_unbound(vm, &method, a, std::slice::from_ref(b));
    }
    match abstract_::bind_descriptor(vm, method, a) {
        Ok(bound) => vm.call(&bound, Args::new(vec![b.clone()])),
        Err(_) => Ok(vm.not_implemented()),
    }
}

/// The iter slot of a class that sets `__iter__ = None`: its instances are not
/// iterable, even through `__getitem__`.
pub fn iter_not_iterable(vm: &mut Vm, obj: &Value) -> PyResult<Value> {
    Err(vm.new_type_error(format!("'{}' object is not iterable", vm.type_name_of(obj))))
}

fn slot_iter(vm: &mut Vm, obj: &Value) -> PyResult<Value> {
    let class = vm.type_of(obj);
    match lookup_static(&class, "__iter__") {
        Some(Value::None) | None => {
            Err(vm.new_type_error(format!("'{}' object is not iterable", vm.type_name_of(obj))))
        }
        Some(method) => abstract_::call_unbound(vm, &method, obj, &[]),
    }
}

/// `__next__`'s StopIteration is passed on as raised (its value matters to `next()`
/// and `yield from`); `abstract_::iter_next` reads it as exhaustion.
fn slot_iternext(vm: &mut Vm, obj: &Value) -> PyResult<Option<Value>> {
    call_dunder(vm, obj, "__next__", &[]).map(Some)
}

fn slot_call(vm: &mut Vm, obj: &Value, args: Args) -> PyResult<Value> {
    let class = vm.type_of(obj);
    match lookup_static(&class, "__call__") {
        Some(call) => {
            let bound = abstract_::bind_descriptor(vm, call, obj)?;
            // `__call__` may itself be an instance of the class: each level counts.
            vm.enter_recursive_call(" while calling a Python object")?;
            let result = vm.call(&bound, args);
            vm.leave_recursive_call();
            result
        }
        None => {
            Err(vm.new_type_error(format!("'{}' object is not callable", vm.type_name_of(obj))))
        }
    }
}

fn slot_length(vm: &mut Vm, obj: &Value) -> PyResult<usize> {
    let n = call_dunder(vm, obj, "__len__", &[])?;
    let n = match abstract_::index(vm, &n) {
        Ok(n) => n,
        Err(_) => {
            return Err(vm.new_type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name_of(&n)
            )))
        }
    };
    match n {
        Value::Int(n) if n >= 0 => Ok(n as usize),
        Value::Int(_) => Err(vm.new_value_error("__len__() should return >= 0".to_owned())),
        Value::Bool(b) => Ok(b as usize),
        Value::Obj(o) if matches!(&o.payload, Payload::Int(n) if n.is_negative()) => {
            Err(vm.new_value_error("__len__() should return >= 0".to_owned()))
        }
        _ => Err(vm.new_overflow_error("cannot fit 'int' into an index-sized integer".to_owned())),
    }
}

fn slot_getitem(vm: &mut Vm, obj: &Value, key: &Value) -> PyResult<Value> {
    let class = vm.type_of(obj);
    match lookup_static(&class, "__getitem__") {
        Some(method) => abstract_::call_unbound(vm, &method, obj, std::slice::from_ref(key)),
        None => Err(vm.new_attribute_error("__getitem__".to_owned())),
    }
}

fn slot_setitem(vm: &mut Vm, obj: &Value, key: &Value, value: Option<Value>) -> PyResult<()> {
    let name = if value.is_some() {
        "__setitem__"
    } else {
        "__delitem__"
    };
    let class = vm.type_of(obj);
    let Some(method) = lookup(&class, name) else {
        return Err(vm.new_attribute_error(name.to_owned()));
    };
    let mut args = vec![key.clone()];
    args.extend(value);
    abstract_::call_unbound(vm, &method, obj, &args)?;
    Ok(())
}

fn slot_contains(vm: &mut Vm, obj: &Value, item: &Value) -> PyResult<bool> {
    let class = vm.type_of(obj);
    match lookup_static(&class, "__contains__") {
        Some(Value::None) => Err(vm.new_type_error(format!(
            "'{}' object is not a container",
            vm.type_name_of(obj)
        ))),
        Some(method) => {
            let r = abstract_::call_unbound(vm, &method, obj, std::slice::from_ref(item))?;
            abstract_::is_true(vm, &r)
        }
        None => abstract_::contains_by_iteration(vm, obj, item),
    }
}

fn slot_bool(vm: &mut Vm, obj: &Value) -> PyResult<bool> {
    match call_dunder(vm, obj, "__bool__", &[])? {
        Value::Bool(b) => Ok(b),
        other => Err(vm.new_type_error(format!(
            "__bool__ should return bool, returned {}",
            vm.type_name_of(&other)
        ))),
    }
}

/// `type(descr).__get__(descr, obj, owner)` (CPython's `slot_tp_descr_get`).
fn slot_descr_get(
    vm: &mut Vm,
    descr: &Value,
    obj: Option<&Value>,
    owner: &ObjRef,
) -> PyResult<Value> {
    let class = vm.type_of(descr);
    let Some(get) = lookup_static(&class, "__get__") else {
        return Ok(descr.clone());
    };
    let obj = obj.cloned().unwrap_or(Value::None);
    abstract_::call_unbound(vm, &get, descr, &[obj, Value::Obj(owner.clone())])
}

/// `__set__`, or `__delete__` when deleting (CPython's `slot_tp_descr_set`).
fn slot_descr_set(vm: &mut Vm, descr: &Value, obj: &Value, value: Option<Value>) -> PyResult<()> {
    let name = if value.is_some() {
        "__set__"
    } else {
        "__delete__"
    };
    let class = vm.type_of(descr);
    let Some(method) = lookup(&class, name) else {
        return Err(vm.new_attribute_error(name.to_owned()));
    };
    let mut args = vec![obj.clone()];
    args.extend(value);
    abstract_::call_unbound(vm, &method, descr, &args)?;
    Ok(())
}

/// `cls.__new__(cls, *args, **kwargs)` for a `__new__` written in Python (CPython's
/// `slot_tp_new`); `args` starts with the class.
fn slot_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let class = match args.pos.first() {
        Some(Value::Obj(class)) if class.type_data().is_some() => class.clone(),
        _ => return Err(vm.new_type_error("__new__() needs a type argument".to_owned())),
    };
    let Some(new) = lookup_static(&class, "__new__") else {
        return Err(vm.new_attribute_error("__new__".to_owned()));
    };
    // What `cls.__new__` gives: a static method's function, a plain function
    // itself, anything else through its descriptor (a class method binds `cls`).
    let new = match &new {
        Value::Obj(o) => match &o.payload {
            Payload::StaticMethod(f) => f.borrow().clone(),
            Payload::Function(_) => new.clone(),
            _ => abstract_::getattr_str(vm, &Value::Obj(class.clone()), "__new__")?,
        },
        _ => new,
    };
    vm.call(&new, args)
}

/// `type(obj).__init__(obj, *args, **kwargs)`, which must return `None` (CPython's
/// `slot_tp_init`); `args` starts with the instance.
pub fn slot_init(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let Some(obj) = args.pos.first().cloned() else {
        return Err(vm.new_type_error("__init__() needs an instance".to_owned()));
    };
    let class = vm.type_of(&obj);
    let Some(init) = lookup_static(&class, "__init__") else {
        return Err(vm.new_attribute_error("__init__".to_owned()));
    };
    let is_plain = matches!(&init, Value::Obj(o)
        if matches!(o.payload, Payload::Function(_) | Payload::MethodDescriptor(_)));
    let result = if is_plain {
        vm.call(&init, args)?
    } else {
        let bound = abstract_::bind_descriptor(vm, init, &obj)?;
        args.pos.remove(0);
        vm.call(&bound, args)?
    };
    if !result.is_none() {
        return Err(vm.new_type_error(format!(
            "__init__() should return None, not '{}'",
            vm.type_name_of(&result)
        )));
    }
    Ok(Value::None)
}

/// `__del__` (CPython's `slot_tp_finalize`).
fn slot_finalize(vm: &mut Vm, obj: &Value) -> PyResult<()> {
    call_dunder(vm, obj, "__del__", &[]).map(drop)
}

/// Whether `ty`'s slot `op` is the one that calls special methods.
fn has_dunder_slot(ty: &ObjRef, op: usize) -> bool {
    let slots = &type_data(ty).slots;
    match op {
        NB_POWER => slots
            .power
            .get()
            .is_some_and(|f| std::ptr::fn_addr_eq(f, slot_power as TernaryFn)),
        _ => slots.binary[op]
            .get()
            .is_some_and(|f| std::ptr::fn_addr_eq(f, slot_binary as NumberFn)),
    }
}

/// `a.__op__(b)`, then `b.__rop__(a)`, in CPython's order (`SLOT1BINFULL`): the
/// right operand's reflected method goes first when its type is a proper subclass
/// of the left's that overrides it.
fn slot_binary(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    let (_, name, rname) = BINARY_OPS[op];
    let ta = vm.type_of(a);
    let tb = vm.type_of(b);
    let same_type = Rc::ptr_eq(&ta, &tb);
    let mut do_other = !same_type && has_dunder_slot(&tb, op);
    if has_dunder_slot(&ta, op) {
        if do_other && is_subtype(&tb, &ta) && method_is_overloaded(&ta, &tb, rname) {
            let r = call_dunder(vm, b, rname, std::slice::from_ref(a))?;
            if !is_not_implemented(vm, &r) {
                return Ok(r);
            }
            do_other = false;
        }
        let r = call_dunder(vm, a, name, std::slice::from_ref(b))?;
        if !is_not_implemented(vm, &r) || same_type {
            return Ok(r);
        }
    }
    if do_other {
        return call_dunder(vm, b, rname, std::slice::from_ref(a));
    }
    Ok(vm.not_implemented())
}

/// Whether `right` defines `name` differently from `left`.
fn method_is_overloaded(left: &ObjRef, right: &ObjRef, name: &str) -> bool {
    match lookup(right, name) {
        None => false,
        Some(r) => lookup(left, name).is_none_or(|l| !l.is(&r)),
    }
}

/// `**` and `pow()` on a class that defines `__pow__` or `__rpow__` (CPython's
/// `slot_nb_power`): without a modulus, as any binary operator; with one, only
/// `__pow__` of the base, since three-argument power has no reflected form.
fn slot_power(vm: &mut Vm, a: &Value, b: &Value, modulus: &Value) -> PyResult<Value> {
    if modulus.is_none() {
        return slot_binary(vm, a, b, NB_POWER);
    }
    if has_dunder_slot(&vm.type_of(a), NB_POWER) {
        return call_dunder(vm, a, "__pow__", &[b.clone(), modulus.clone()]);
    }
    Ok(vm.not_implemented())
}

fn slot_inplace(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    call_dunder(vm, a, INPLACE_DUNDERS[op], std::slice::from_ref(b))
}

macro_rules! unary_slot {
    ($($fn_name:ident => $dunder:literal),* $(,)?) => {
        $(
            fn $fn_name(vm: &mut Vm, obj: &Value) -> PyResult<Value> {
                call_dunder(vm, obj, $dunder, &[])
            }
        )*
    };
}

unary_slot!(
    slot_negative => "__neg__",
    slot_positive => "__pos__",
    slot_invert => "__invert__",
    slot_absolute => "__abs__",
    slot_index => "__index__",
    slot_int => "__int__",
    slot_float => "__float__",
    slot_await => "__await__",
    slot_aiter => "__aiter__",
    slot_anext => "__anext__",
);

// ---------------------------------------------------------------------------
// Slot wrappers: how builtin types show their slots as methods

/// Every special method name that CPython implements as a type slot (the names of
/// `slotdefs`); a builtin type's method of one of these names is a slot wrapper.
#[rustfmt::skip]
const SLOT_NAMES: [&str; 79] = [
    "__getattribute__", "__getattr__", "__setattr__", "__delattr__", "__repr__",
    "__hash__", "__call__", "__str__", "__lt__", "__le__", "__eq__", "__ne__", "__gt__",
    "__ge__", "__iter__", "__next__", "__get__", "__set__", "__delete__", "__init__",
    "__new__", "__del__", "__await__", "__aiter__", "__anext__", "__add__", "__radd__",
    "__sub__", "__rsub__", "__mul__", "__rmul__", "__mod__", "__rmod__", "__divmod__",
    "__rdivmod__", "__pow__", "__rpow__", "__neg__", "__pos__", "__abs__", "__bool__",
    "__invert__", "__lshift__", "__rlshift__", "__rshift__", "__rrshift__", "__and__",
    "__rand__", "__xor__", "__rxor__", "__or__", "__ror__", "__int__", "__float__",
    "__iadd__", "__isub__", "__imul__", "__imod__", "__ipow__", "__ilshift__",
    "__irshift__", "__iand__", "__ixor__", "__ior__", "__floordiv__", "__rfloordiv__",
    "__truediv__", "__rtruediv__", "__ifloordiv__", "__itruediv__", "__index__",
    "__matmul__", "__rmatmul__", "__imatmul__", "__len__", "__getitem__", "__setitem__",
    "__delitem__", "__contains__",
];

/// Slots that CPython also defines as plain methods, for speed (`METH_COEXIST`):
/// these show as `<method ...>`, not as slot wrappers.
const COEXISTING_METHODS: [(&str, &str); 5] = [
    ("dict", "__getitem__"),
    ("dict", "__contains__"),
    ("list", "__getitem__"),
    ("set", "__contains__"),
    ("frozenset", "__contains__"),
];

/// Whether the builtin type `type_name`'s method `name` is a slot wrapper.
pub fn is_slot_wrapper(type_name: &str, name: &str) -> bool {
    SLOT_NAMES.contains(&name) && !COEXISTING_METHODS.contains(&(type_name, name))
}

/// How many arguments a slot wrapper takes after `self`, where that is fixed
/// (`__pow__` takes one or two and checks for itself).
pub fn wrapper_arity(name: &str) -> Option<u8> {
    match slot_for_name(name) {
        Some(SlotId::Power) => None,
        Some(
            SlotId::Binary(_)
            | SlotId::InPlace(_)
            | SlotId::RichCompare
            | SlotId::Contains
            | SlotId::GetItem,
        ) => Some(1),
        Some(SlotId::SetItem) if name == "__delitem__" => Some(1),
        Some(SlotId::GetAttr) if name == "__getattribute__" => Some(1),
        Some(SlotId::GetAttr) => None,
        Some(SlotId::SetAttr) if name == "__setattr__" => Some(2),
        Some(SlotId::SetAttr) => Some(1),
        Some(SlotId::SetItem) => Some(2),
        Some(SlotId::DescrGet | SlotId::New | SlotId::Init | SlotId::Call) => None,
        Some(SlotId::DescrSet) if name == "__set__" => Some(2),
        Some(SlotId::DescrSet) => Some(1),
        Some(_) => Some(0),
        None => None,
    }
}

/// The `__text_signature__` of the slot wrapper `name` (the signatures of
/// CPython's `slotdefs`).
pub fn wrapper_text_signature(name: &str) -> Option<&'static str> {
    Some(match name {
        "__get__" => "($self, instance, owner=None, /)",
        "__set__" => "($self, instance, value, /)",
        "__delete__" => "($self, instance, /)",
        "__setattr__" => "($self, name, value, /)",
        "__delattr__" | "__getattribute__" => "($self, name, /)",
        "__setitem__" => "($self, key, value, /)",
        "__delitem__" | "__getitem__" | "__contains__" => "($self, key, /)",
        "__pow__" | "__rpow__" => "($self, value, mod=None, /)",
        "__init__" | "__call__" => "($self, /, *args, **kwargs)",
        "__new__" => "($type, *args, **kwargs)",
        _ => match wrapper_arity(name)? {
            0 => "($self, /)",
            1 => "($self, value, /)",
            _ => return None,
        },
    })
}

/// The TypeError for a slot wrapper called with the wrong number of arguments.
pub fn wrapper_arity_error(vm: &mut Vm, name: &str, expected: usize, given: usize) -> PyErr {
    // These unpack their arguments as a tuple, whose message has a blank where a
    // function name would be.
    let unpacks_tuple = matches!(name, "__set__" | "__setitem__" | "__setattr__");
    let blank = if unpacks_tuple { " " } else { "" };
    vm.new_type_error(format!(
        "{blank}expected {expected} argument{}, got {given}",
        if expected == 1 { "" } else { "s" }
    ))
}

// ---------------------------------------------------------------------------
// Native slots: slot functions written in Rust, and their wrappers

impl SlotId {
    /// The special methods that fill this slot.
    pub fn dunders(self) -> Vec<&'static str> {
        match self {
            SlotId::GetAttr => vec!["__getattribute__", "__getattr__"],
            SlotId::SetAttr => vec!["__setattr__", "__delattr__"],
            SlotId::Repr => vec!["__repr__"],
            SlotId::Str => vec!["__str__"],
            SlotId::Hash => vec!["__hash__"],
            SlotId::RichCompare => CMP_DUNDERS.to_vec(),
            SlotId::Iter => vec!["__iter__"],
            SlotId::IterNext => vec!["__next__"],
            SlotId::Call => vec!["__call__"],
            SlotId::Length => vec!["__len__"],
            SlotId::GetItem => vec!["__getitem__"],
            SlotId::SetItem => vec!["__setitem__", "__delitem__"],
            SlotId::Contains => vec!["__contains__"],
            SlotId::Bool => vec!["__bool__"],
            SlotId::DescrGet => vec!["__get__"],
            SlotId::DescrSet => vec!["__set__", "__delete__"],
            SlotId::New => vec!["__new__"],
            SlotId::Init => vec!["__init__"],
            SlotId::Finalize => vec!["__del__"],
            SlotId::Binary(op) => vec![BINARY_OPS[op].1, BINARY_OPS[op].2],
            SlotId::Power => vec!["__pow__", "__rpow__"],
            SlotId::InPlace(op) => vec![INPLACE_DUNDERS[op]],
            SlotId::Concat => vec!["__add__"],
            SlotId::Repeat => vec!["__mul__", "__rmul__"],
            SlotId::InPlaceConcat => vec!["__iadd__"],
            SlotId::InPlaceRepeat => vec!["__imul__"],
            unary => UNARY_SLOTS
                .iter()
                .filter(|(_, id)| *id == unary)
                .map(|(name, _)| *name)
                .collect(),
        }
    }
}

/// A slot function written in Rust, as a builtin or native type declares it.
#[derive(Clone, Copy)]
pub enum NativeSlot {
    GetAttr(GetAttrFn),
    SetAttr(SetAttrFn),
    Repr(UnaryFn),
    Str(UnaryFn),
    Hash(HashFn),
    RichCompare(RichCompareFn),
    Iter(UnaryFn),
    IterNext(NextFn),
    Call(CallFn),
    Length(LengthFn),
    GetItem(GetItemFn),
    SetItem(SetItemFn),
    Contains(ContainsFn),
    Bool(BoolFn),
    DescrGet(DescrGetFn),
    DescrSet(DescrSetFn),
    New(NewOrInitFn),
    Init(NewOrInitFn),
    Finalize(FinalizeFn),
    Binary(usize, NumberFn),
    /// `**` and `pow()`, shown as `__pow__` and `__rpow__`, whose wrappers take an
    /// optional modulus.
    Power(TernaryFn),
    /// A sequence's `+` (CPython's `sq_concat`), shown as `__add__` alone.
    Concat(NumberFn),
    /// A sequence's `*` (`sq_repeat`), shown as `__mul__` and `__rmul__`, whose
    /// wrappers take an index.
    Repeat(NumberFn),
    /// A sequence's `+=` (`sq_inplace_concat`), shown as `__iadd__`.
    InPlaceConcat(NumberFn),
    /// A sequence's `*=` (`sq_inplace_repeat`), shown as `__imul__`.
    InPlaceRepeat(NumberFn),
    InPlace(usize, NumberFn),
    /// `__neg__` ... `__float__`, `__await__`, `__aiter__`, `__anext__`: the `SlotId`
    /// says which.
    Unary(SlotId, UnaryFn),
}

impl NativeSlot {
    pub fn id(self) -> SlotId {
        match self {
            NativeSlot::GetAttr(_) => SlotId::GetAttr,
            NativeSlot::SetAttr(_) => SlotId::SetAttr,
            NativeSlot::Repr(_) => SlotId::Repr,
            NativeSlot::Str(_) => SlotId::Str,
            NativeSlot::Hash(_) => SlotId::Hash,
            NativeSlot::RichCompare(_) => SlotId::RichCompare,
            NativeSlot::Iter(_) => SlotId::Iter,
            NativeSlot::IterNext(_) => SlotId::IterNext,
            NativeSlot::Call(_) => SlotId::Call,
            NativeSlot::Length(_) => SlotId::Length,
            NativeSlot::GetItem(_) => SlotId::GetItem,
            NativeSlot::SetItem(_) => SlotId::SetItem,
            NativeSlot::Contains(_) => SlotId::Contains,
            NativeSlot::Bool(_) => SlotId::Bool,
            NativeSlot::DescrGet(_) => SlotId::DescrGet,
            NativeSlot::DescrSet(_) => SlotId::DescrSet,
            NativeSlot::New(_) => SlotId::New,
            NativeSlot::Init(_) => SlotId::Init,
            NativeSlot::Finalize(_) => SlotId::Finalize,
            NativeSlot::Binary(op, _) => SlotId::Binary(op),
            NativeSlot::Power(_) => SlotId::Power,
            NativeSlot::Concat(_) => SlotId::Concat,
            NativeSlot::Repeat(_) => SlotId::Repeat,
            NativeSlot::InPlaceConcat(_) => SlotId::InPlaceConcat,
            NativeSlot::InPlaceRepeat(_) => SlotId::InPlaceRepeat,
            NativeSlot::InPlace(op, _) => SlotId::InPlace(op),
            NativeSlot::Unary(id, _) => id,
        }
    }

    /// The special methods under which a type shows this slot.
    pub fn dunders(self) -> Vec<&'static str> {
        match self {
            // A Rust `tp_getattro` shows as `__getattribute__` only (CPython's
            // slotdefs wrap `__getattr__` for Python classes alone): `object`
            // has no `__getattr__` to fall back on.
            NativeSlot::GetAttr(_) => vec!["__getattribute__"],
            _ => self.id().dunders(),
        }
    }

    /// The function's address, to tell two slots apart.
    fn fn_addr(self) -> usize {
        match self {
            NativeSlot::Repr(f)
            | NativeSlot::Str(f)
            | NativeSlot::Iter(f)
            | NativeSlot::Unary(_, f) => f as usize,
            NativeSlot::GetAttr(f) => f as usize,
            NativeSlot::SetAttr(f) => f as usize,
            NativeSlot::Hash(f) => f as usize,
            NativeSlot::RichCompare(f) => f as usize,
            NativeSlot::IterNext(f) => f as usize,
            NativeSlot::Call(f) => f as usize,
            NativeSlot::Length(f) => f as usize,
            NativeSlot::GetItem(f) => f as usize,
            NativeSlot::SetItem(f) => f as usize,
            NativeSlot::Contains(f) => f as usize,
            NativeSlot::Bool(f) => f as usize,
            NativeSlot::DescrGet(f) => f as usize,
            NativeSlot::DescrSet(f) => f as usize,
            NativeSlot::New(f) | NativeSlot::Init(f) => f as usize,
            NativeSlot::Finalize(f) => f as usize,
            NativeSlot::Power(f) => f as usize,
            NativeSlot::Binary(_, f)
            | NativeSlot::InPlace(_, f)
            | NativeSlot::Concat(f)
            | NativeSlot::Repeat(f)
            | NativeSlot::InPlaceConcat(f)
            | NativeSlot::InPlaceRepeat(f) => f as usize,
        }
    }

    /// Puts the function into its place in `slots`.
    fn install(self, slots: &Slots) {
        match self {
            NativeSlot::GetAttr(f) => slots.getattro.set(Some(f)),
            NativeSlot::SetAttr(f) => slots.setattro.set(Some(f)),
            NativeSlot::Repr(f) => slots.repr.set(Some(f)),
            NativeSlot::Str(f) => slots.str.set(Some(f)),
            NativeSlot::Hash(f) => slots.hash.set(Some(f)),
            NativeSlot::RichCompare(f) => slots.richcompare.set(Some(f)),
            NativeSlot::Iter(f) => slots.iter.set(Some(f)),
            NativeSlot::IterNext(f) => slots.iternext.set(Some(f)),
            NativeSlot::Call(f) => slots.call.set(Some(f)),
            NativeSlot::Length(f) => slots.length.set(Some(f)),
            NativeSlot::GetItem(f) => slots.getitem.set(Some(f)),
            NativeSlot::SetItem(f) => slots.setitem.set(Some(f)),
            NativeSlot::Contains(f) => slots.contains.set(Some(f)),
            NativeSlot::Bool(f) => slots.bool_.set(Some(f)),
            NativeSlot::DescrGet(f) => slots.descr_get.set(Some(f)),
            NativeSlot::DescrSet(f) => slots.descr_set.set(Some(f)),
            NativeSlot::New(f) => slots.new.set(Some(f)),
            NativeSlot::Init(f) => slots.init.set(Some(f)),
            NativeSlot::Finalize(f) => slots.finalize.set(Some(f)),
            NativeSlot::Binary(op, f) => slots.binary[op].set(Some(f)),
            NativeSlot::Power(f) => slots.power.set(Some(f)),
            NativeSlot::Concat(f) => slots.concat.set(Some(f)),
            NativeSlot::Repeat(f) => slots.repeat.set(Some(f)),
            NativeSlot::InPlaceConcat(f) => slots.inplace_concat.set(Some(f)),
            NativeSlot::InPlaceRepeat(f) => slots.inplace_repeat.set(Some(f)),
            NativeSlot::InPlace(op, f) => slots.inplace[op].set(Some(f)),
            NativeSlot::Unary(id, f) => {
                let cell = match id {
                    SlotId::Negative => &slots.negative,
                    SlotId::Positive => &slots.positive,
                    SlotId::Invert => &slots.invert,
                    SlotId::Absolute => &slots.absolute,
                    SlotId::Index => &slots.index,
                    SlotId::Int => &slots.int,
                    SlotId::Await => &slots.await_,
                    SlotId::AIter => &slots.aiter,
                    SlotId::ANext => &slots.anext,
                    _ => &slots.float,
                };
                cell.set(Some(f));
            }
        }
    }
}

/// Calls a slot through its wrapper (`count.__next__(c)`, `c.__next__()`): `self` is
/// the first positional argument; `name` says which of the slot's special methods
/// was called (`__radd__` swaps the operands, `__delitem__` passes no value).
pub fn call_slot_wrapper(
    vm: &mut Vm,
    name: &'static str,
    slot: NativeSlot,
    args: Args,
) -> PyResult<Value> {
    if let NativeSlot::Init(f) = slot {
        return f(vm, args);
    }
    if !args.kw.is_empty() && !matches!(slot, NativeSlot::Call(_)) {
        return Err(vm.new_type_error(format!("wrapper {name}() takes no keyword arguments")));
    }
    let mut pos = args.pos.into_iter();
    let Some(this) = pos.next() else {
        return Err(vm.new_type_error(format!("wrapper {name}() needs an argument")));
    };
    if let NativeSlot::Call(f) = slot {
        let rest = Args {
            pos: pos.collect(),
            kw: args.kw,
        };
        return f(vm, &this, rest);
    }
    let rest: Vec<Value> = pos.collect();
    if let NativeSlot::Repeat(f) | NativeSlot::InPlaceRepeat(f) = slot {
        return call_repeat_wrapper(vm, f, &this, &rest);
    }
    if let NativeSlot::Power(f) = slot {
        return call_power_wrapper(vm, name, f, &this, &rest);
    }
    if let Some(expected) = wrapper_arity(name) {
        if rest.len() != expected as usize {
            return Err(wrapper_arity_error(vm, name, expected as usize, rest.len()));
        }
    }
    let arg = |i: usize| rest[i].clone();
    Ok(match slot {
        NativeSlot::Repr(f)
        | NativeSlot::Str(f)
        | NativeSlot::Iter(f)
        | NativeSlot::Unary(_, f) => f(vm, &this)?,
        NativeSlot::GetAttr(f) => {
            let name = attribute_name(vm, &arg(0))?;
            f(vm, &this, &name)?
        }
        NativeSlot::SetAttr(f) => {
            let name = attribute_name(vm, &arg(0))?;
            let value = (rest.len() == 2).then(|| arg(1));
            f(vm, &this, &name, value)?;
            Value::None
        }
        NativeSlot::Hash(f) => Value::Int(f(vm, &this)?),
        NativeSlot::RichCompare(f) => {
            let op = CMP_DUNDERS.iter().position(|d| *d == name).unwrap_or(2);
            f(vm, &this, &arg(0), op)?
        }
        NativeSlot::IterNext(f) => match f(vm, &this)? {
            Some(v) => v,
            None => return Err(vm.new_stop_iteration(None)),
        },
        NativeSlot::Length(f) => Value::Int(f(vm, &this)? as i64),
        NativeSlot::GetItem(f) => f(vm, &this, &arg(0))?,
        NativeSlot::SetItem(f) => {
            let value = (name == "__setitem__").then(|| arg(1));
            f(vm, &this, &arg(0), value)?;
            Value::None
        }
        NativeSlot::Contains(f) => Value::Bool(f(vm, &this, &arg(0))?),
        NativeSlot::Bool(f) => Value::Bool(f(vm, &this)?),
        NativeSlot::DescrGet(f) => wrap_descr_get(vm, f, &this, &rest)?,
        NativeSlot::DescrSet(f) => {
            let value = (name == "__set__").then(|| arg(1));
            f(vm, &this, &arg(0), value)?;
            Value::None
        }
        NativeSlot::Binary(op, f) => {
            if name == BINARY_OPS[op].1 {
                f(vm, &this, &arg(0), op)?
            } else {
                f(vm, &arg(0), &this, op)?
            }
        }
        NativeSlot::InPlace(op, f) => f(vm, &this, &arg(0), op)?,
        NativeSlot::Concat(f) | NativeSlot::InPlaceConcat(f) => f(vm, &this, &arg(0), NB_ADD)?,
        NativeSlot::Repeat(_) | NativeSlot::InPlaceRepeat(_) | NativeSlot::Power(_) => {
            unreachable!("handled above")
        }
        NativeSlot::Finalize(f) => {
            f(vm, &this)?;
            Value::None
        }
        NativeSlot::Call(_) | NativeSlot::New(_) | NativeSlot::Init(_) => {
            unreachable!("handled above")
        }
    })
}

/// `seq.__mul__(n)`, `__rmul__`, `__imul__` of a sequence (CPython's
/// `wrap_indexargfunc`): one argument, which must be an index that fits `isize`.
fn call_repeat_wrapper(vm: &mut Vm, f: NumberFn, this: &Value, rest: &[Value]) -> PyResult<Value> {
    let [count] = rest else {
        return Err(vm.new_type_error(format!(" expected 1 argument, got {}", rest.len())));
    };
    if !abstract_::has_index(vm, count) {
        return Err(vm.new_type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name_of(count)
        )));
    }
    let n = match abstract_::index(vm, count)? {
        Value::Int(n) => n,
        _ => {
            let msg = "cannot fit 'int' into an index-sized integer".to_owned();
            return Err(vm.new_overflow_error(msg));
        }
    };
    f(vm, this, &Value::Int(n), NB_MULTIPLY)
}

/// `x.__pow__(value, mod=None)` or `__rpow__` (CPython's `wrap_ternaryfunc` and
/// `wrap_ternaryfunc_r`): the reflected form swaps `self` and the value.
fn call_power_wrapper(
    vm: &mut Vm,
    name: &str,
    f: TernaryFn,
    this: &Value,
    rest: &[Value],
) -> PyResult<Value> {
    let (other, modulus) = match rest {
        [other] => (other, &Value::None),
        [other, modulus] => (other, modulus),
        [] => return Err(vm.new_type_error(" expected at least 1 argument, got 0".to_owned())),
        _ => {
            return Err(
                vm.new_type_error(format!(" expected at most 2 arguments, got {}", rest.len()))
            )
        }
    };
    if name == "__rpow__" {
        f(vm, other, this, modulus)
    } else {
        f(vm, this, other, modulus)
    }
}

/// `descr.__get__(instance, owner=None, /)` through a slot wrapper: `None` stands
/// for a missing instance or owner, and one of them must be given.
fn wrap_descr_get(vm: &mut Vm, f: DescrGetFn, descr: &Value, rest: &[Value]) -> PyResult<Value> {
    let (obj, owner) = match rest {
        [] => {
            return Err(vm.new_type_error(" expected at least 1 argument, got 0".to_owned()));
        }
        [obj] => (obj, &Value::None),
        [obj, owner] => (obj, owner),
        _ => {
            return Err(
                vm.new_type_error(format!(" expected at most 2 arguments, got {}", rest.len()))
            )
        }
    };
    let obj = (!obj.is_none()).then_some(obj);
    let owner = match (owner, obj) {
        (Value::Obj(o), _) if o.type_data().is_some() => o.clone(),
        // An owner that is not a type stands in for none: the builtin descriptors
        // bind to the instance's type then.
        (_, Some(obj)) => vm.type_of(obj),
        (Value::None, None) => {
            return Err(vm.new_type_error("__get__(None, None) is invalid".to_owned()));
        }
        (other, None) => {
            return Err(vm.new_type_error(format!(
                "descriptor owner must be a type, not '{}'",
                vm.type_name_of(other)
            )));
        }
    };
    f(vm, descr, obj, &owner)
}

/// The name argument of `__getattribute__`, `__setattr__` and `__delattr__`.
pub fn attribute_name(vm: &mut Vm, name: &Value) -> PyResult<ObjRef> {
    match name {
        Value::Obj(o) if o.str_data().is_some() => Ok(o.clone()),
        other => Err(vm.new_type_error(format!(
            "attribute name must be string, not '{}'",
            vm.type_name_of(other)
        ))),
    }
}

impl BuiltinFunction {
    /// Runs the builtin with `args` (`self` first for a method): a slot wrapper runs
    /// its slot, anything else its function.
    pub fn invoke(&self, vm: &mut Vm, args: Args) -> PyResult<Value> {
        match self.slot {
            Some(NativeSlot::New(f)) => call_type_new(vm, self.this.as_ref(), f, args),
            Some(slot) if self.runs_slot() => call_slot_wrapper(vm, self.name, slot, args),
            _ => (self.func)(vm, args),
        }
    }

    /// Whether a call runs the slot rather than the function: a slot wrapper or a
    /// type's `__new__`. A method that coexists with its slot (`list.__getitem__`,
    /// CPython's `METH_COEXIST`) runs its function.
    pub fn runs_slot(&self) -> bool {
        match self.slot {
            None => false,
            Some(NativeSlot::New(_)) => true,
            Some(_) => std::ptr::fn_addr_eq(
                self.func,
                unreachable_slot_entry as crate::objects::function::NativeFn,
            ),
        }
    }

    /// Whether this is a type's `__new__`, which is bound to the type but called with
    /// the class to instantiate first.
    pub fn is_type_new(&self) -> bool {
        matches!(self.slot, Some(NativeSlot::New(_)))
    }
}

/// `T.__new__(S, ...)` for a builtin `T` (CPython's `tp_new_wrapper`): `S` must be a
/// subtype of `T` whose nearest builtin ancestor makes its instances as `T` does.
fn call_type_new(
    vm: &mut Vm,
    owner: Option<&Value>,
    new: NewOrInitFn,
    args: Args,
) -> PyResult<Value> {
    let owner = match owner {
        Some(Value::Obj(t)) if t.type_data().is_some() => t.clone(),
        _ => return new(vm, args),
    };
    let owner_name = type_data(&owner).tp_name();
    let subtype = match args.pos.first() {
        None => {
            return Err(vm.new_type_error(format!("{owner_name}.__new__(): not enough arguments")))
        }
        Some(Value::Obj(s)) if s.type_data().is_some() => s.clone(),
        Some(other) => {
            return Err(vm.new_type_error(format!(
                "{owner_name}.__new__(X): X is not a type object ({})",
                vm.type_name_of(other)
            )))
        }
    };
    let sub_name = type_data(&subtype).tp_name();
    if !is_subtype(&subtype, &owner) {
        return Err(vm.new_type_error(format!(
            "{owner_name}.__new__({sub_name}): {sub_name} is not a subtype of {owner_name}"
        )));
    }
    // The nearest class whose `__new__` is not written in Python, following
    // `__base__` (the base whose layout the class extends), not the MRO: a mixin
    // earlier in the MRO does not decide how instances are made.
    let python_new: NewOrInitFn = slot_new;
    let written_in_python = |t: &ObjRef| {
        type_data(t)
            .slots
            .new
            .get()
            .is_some_and(|f| std::ptr::fn_addr_eq(f, python_new))
    };
    let mut static_base = Some(subtype.clone());
    while let Some(t) = static_base.clone().filter(written_in_python) {
        static_base = crate::objects::typeobject::base_of(&t);
    }
    if let Some(base) = &static_base {
        let base_new = type_data(base).slots.new.get();
        let same = match (base_new, type_data(&owner).slots.new.get()) {
            (Some(a), Some(b)) => std::ptr::fn_addr_eq(a, b),
            _ => false,
        };
        if !same {
            return Err(vm.new_type_error(format!(
                "{owner_name}.__new__({sub_name}) is not safe, use {}.__new__()",
                type_data(base).tp_name()
            )));
        }
    }
    new(vm, args)
}

/// The function pointer of a slot wrapper's `BuiltinFunction`, which `invoke` never
/// calls (it runs the slot instead).
pub fn unreachable_slot_entry(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_error(Exc::SystemError, "slot wrapper called without its slot"))
}

/// The special methods of builtin types that fill a slot but are methods, so the
/// slot reaches them by name (`slot_getitem` looking `__getitem__` up and calling it)
/// instead of holding a Rust function: `"list.__setitem__"` ... A builtin type should
/// have none (DESIGN §3), so `tests/native_slots.rs` watches this list.
pub fn builtin_slots_dispatched_by_name(object: &ObjRef) -> Vec<String> {
    let mut found = Vec::new();
    for ty in crate::objects::typeobject::types_below(object) {
        let data = type_data(&ty);
        if data.heap {
            continue;
        }
        for (key, value) in crate::objects::dict::dict_items(&data.dict) {
            let Some(name) = abstract_::value_as_str(&key) else {
                continue;
            };
            if name == "__new__" || slot_for_name(name).is_none() {
                continue;
            }
            let by_name = match &value {
                Value::Obj(o) => match &o.payload {
                    Payload::MethodDescriptor(f) | Payload::BuiltinFunction(f) => f.slot.is_none(),
                    _ => false,
                },
                _ => false,
            };
            if by_name {
                found.push(format!("{}.{name}", data.name()));
            }
        }
    }
    found.sort();
    found
}
