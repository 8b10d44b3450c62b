//! Inline caches for the eval loop (CPython's PEP 659 specialisation,
//! `Python/specialize.c`).
//!
//! CPython keeps an instruction's cache in the `CACHE` code units that follow it.
//! Krait keeps `co_code` as compiled and gives each code object a parallel array of
//! words, one per code unit, so an instruction at unit `at` owns the words of its
//! cache units `at + 1 ..`. A cache remembers what the last lookup found together with
//! the versions it depended on: a dict's key layout (`DictData::keys_version`) or a
//! class's namespace (`TypeData::version_tag`). A hit checks the versions and reads
//! the answer; a miss runs the general lookup and fills the cache again. Objects a
//! cache must hand back (a method found in a class) are held weakly: the class's
//! version proves they are still alive.

use std::cell::{Cell, RefCell};
use std::rc::Weak;

use crate::abstract_;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::code::CodeData;
use crate::objects::dict::{self, DictData};
use crate::objects::instance_values;
use crate::objects::typeobject::{self, type_data};
use crate::value::Value;
use crate::{PyResult, Vm};

/// The inline caches of one code object.
pub struct InlineCaches {
    words: Box<[Cell<u64>]>,
    /// Objects the caches hand back, by code unit like the words (an instruction
    /// keeps them at its own cache units); empty until one is remembered.
    objects: RefCell<Vec<Weak<PyObject>>>,
}

impl InlineCaches {
    fn new(units: usize) -> InlineCaches {
        InlineCaches {
            words: (0..units).map(|_| Cell::new(0)).collect(),
            objects: RefCell::new(Vec::new()),
        }
    }

    /// The cache words of the instruction at code unit `at`.
    #[inline]
    fn of(&self, at: usize) -> &[Cell<u64>] {
        self.words.get(at + 1..).unwrap_or_default()
    }

    /// Keeps `obj` (weakly) at code unit `unit`.
    fn remember(&self, unit: usize, obj: &ObjRef) {
        let mut objects = self.objects.borrow_mut();
        if objects.is_empty() {
            objects.resize(self.words.len(), Weak::new());
        }
        if let Some(place) = objects.get_mut(unit) {
            *place = std::rc::Rc::downgrade(obj);
        }
    }

    /// The object kept at code unit `unit`, if it is still alive.
    #[inline]
    fn recall(&self, unit: usize) -> Option<ObjRef> {
        self.objects.borrow().get(unit)?.upgrade()
    }

    /// Moves what code unit `from` keeps to `to`.
    fn move_object(&self, from: usize, to: usize) {
        let mut objects = self.objects.borrow_mut();
        if let Some(weak) = objects.get(from).cloned() {
            if let Some(place) = objects.get_mut(to) {
                *place = weak;
            }
        }
    }
}

/// The caches of `code`, made on first use.
#[inline]
fn caches_of(code: &CodeData) -> &InlineCaches {
    code.caches
        .get_or_init(|| InlineCaches::new(code.instructions().len()))
}

// ---------------------------------------------------------------------------
// LOAD_GLOBAL: [globals keys version, builtins keys version (0: found in the
// globals), entry index]

/// `LOAD_GLOBAL` of `name`: the cached entry of the globals or builtins when their
/// key layouts are the ones it was found in, else a full lookup that fills the cache.
/// `None` when the name is in neither (or either namespace is not a dict).
/// `name` is the index in `co_names`, read only on a miss.
#[inline(always)]
pub fn load_global(
    code: &CodeData,
    at: usize,
    globals: &ObjRef,
    builtins: &ObjRef,
    name: usize,
) -> Option<Value> {
    if let Some(caches) = code.caches.get() {
        if let Some(v) = cached_global(caches.of(at), globals, builtins) {
            return Some(v);
        }
    }
    load_global_missed(code, at, globals, builtins, name)
}

#[inline(never)]
fn load_global_missed(
    code: &CodeData,
    at: usize,
    globals: &ObjRef,
    builtins: &ObjRef,
    name: usize,
) -> Option<Value> {
    let cache = caches_of(code).of(at);
    fill_global(cache, globals, builtins, code.names.get(name)?)
}

#[inline(always)]
fn cached_global(cache: &[Cell<u64>], globals: &ObjRef, builtins: &ObjRef) -> Option<Value> {
    let [globals_version, builtins_version, index, ..] = cache else {
        return None;
    };
    // SAFETY: the reference lives only in this function, which calls nothing
    // that could change the dict.
    let globals = unsafe { dict::as_dict(globals)?.try_borrow_unguarded() }.ok()?;
    if globals_version.get() == 0 || globals.current_keys_version() != globals_version.get() {
        return None;
    }
    let index = index.get() as usize;
    if builtins_version.get() == 0 {
        return globals.value_at(index).cloned();
    }
    // SAFETY: as for the globals above.
    let builtins = unsafe { dict::as_dict(builtins)?.try_borrow_unguarded() }.ok()?;
    if builtins.current_keys_version() != builtins_version.get() {
        return None;
    }
    builtins.value_at(index).cloned()
}

fn fill_global(
    cache: &[Cell<u64>],
    globals: &ObjRef,
    builtins: &ObjRef,
    name: &ObjRef,
) -> Option<Value> {
    let (Some(globals), Some(builtins), Some(text)) = (
        dict::as_dict(globals),
        dict::as_dict(builtins),
        name.str_data(),
    ) else {
        return None;
    };
    let [globals_version, builtins_version, index, ..] = cache else {
        return None;
    };
    let hash = text.hash();
    let mut globals = globals.borrow_mut();
    if let Some(ix) = globals.find_str(hash, text.as_str()) {
        globals_version.set(globals.keys_version());
        builtins_version.set(0);
        index.set(ix as u64);
        return globals.value_at(ix).cloned();
    }
    let mut builtins = builtins.borrow_mut();
    let ix = builtins.find_str(hash, text.as_str())?;
    // A builtins version of 0 marks a name found in the globals: with versions
    // run out, the site caches nothing (a globals version of 0 never matches).
    let builtins_keys = builtins.keys_version();
    globals_version.set(if builtins_keys == 0 {
        0
    } else {
        globals.keys_version()
    });
    builtins_version.set(builtins_keys);
    index.set(ix as u64);
    builtins.value_at(ix).cloned()
}

// ---------------------------------------------------------------------------
// Backing off: a site that keeps meeting new classes stops refilling its cache for
// a while, doubling the wait each time (CPython's adaptive counters), so a
// polymorphic site costs little more than the general lookup.

/// A site's state word: what its cache holds (low byte), the backoff exponent
/// (second byte) and the misses still to skip before the next fill (above).
struct SiteState(u64);

impl SiteState {
    fn kind(&self) -> u64 {
        self.0 & 0xff
    }

    /// Whether this miss should leave the cache alone (and counts it).
    fn skip_fill(state: &Cell<u64>) -> bool {
        let wait = state.get() >> 16;
        if wait == 0 {
            return false;
        }
        state.set(state.get() - (1 << 16));
        true
    }

    /// Records a miss the cache could not learn from: wait longer before the next try.
    fn failed(state: &Cell<u64>) {
        let exponent = (((state.get() >> 8) & 0xff) + 1).min(MAX_BACKOFF_EXPONENT);
        let wait = (1 << exponent) - 1;
        state.set((state.get() & 0xff) | exponent << 8 | wait << 16);
    }

    /// Records a fill of kind `kind`; `replaced` says it evicted a live entry.
    fn filled(state: &Cell<u64>, kind: u64, replaced: bool) {
        let mut exponent = (state.get() >> 8) & 0xff;
        let mut wait = 0;
        if replaced {
            exponent = (exponent + 1).min(MAX_BACKOFF_EXPONENT);
            wait = (1 << exponent) - 1;
        }
        state.set(kind | exponent << 8 | wait << 16);
    }
}

const MAX_BACKOFF_EXPONENT: u64 = 12;

/// Records that `class` (newest, in `tag_a`) is answered as `kind`: a second class
/// of the same kind joins the first (moved to `tag_b`), a third evicts the older one.
fn add_class(tag_a: &Cell<u64>, tag_b: &Cell<u64>, state: &Cell<u64>, kind: u64, class: &ObjRef) {
    let old_kind = SiteState(state.get()).kind();
    let second = old_kind == kind && tag_b.get() == 0;
    SiteState::filled(state, kind, old_kind != 0 && !second);
    tag_b.set(if old_kind == kind { tag_a.get() } else { 0 });
    tag_a.set(typeobject::version_tag(class));
}

/// The version tag of `obj`'s class, if it has one now (0 never matches a cache).
/// Inlined into every guard (out of line it was a call per cached attribute).
#[inline(always)]
fn class_tag(obj: &PyObject) -> u64 {
    obj.class_ref()
        .type_data()
        .map_or(0, |t| t.version_tag.get())
}

// ---------------------------------------------------------------------------
// LOAD_ATTR: [class tag A, class tag B | module dict keys version, state, index]
//
// Instance attributes: the classes (up to two) have no attribute of the name, so
// the instance answers: from its inline values or its `__slots__` members at the
// class's place for the name (the index word holds one place per class), or from
// its dict, the index being where the last instance had it. Module attributes: the
// module dict's entry at the index, while its key layout holds.

const ATTR_INSTANCE_DICT: u64 = 1;
const ATTR_MODULE: u64 = 2;
/// A `property` of the class whose getter is a plain Python function.
const ATTR_PROPERTY: u64 = 3;
/// A member of the class's layout (`__slots__`): the index is the member's.
const ATTR_SLOT: u64 = 4;
/// An instance attribute kept inline: the index is the name's in the class's
/// shared keys (`instance_values.rs`).
const ATTR_INSTANCE_VALUE: u64 = 5;
/// A builtin computed attribute of the class (`__class__`, `args`): its getter is
/// called at once, the descriptor kept at the first cache unit.
const ATTR_GETSET: u64 = 6;
/// A builtin method of the class (a `method_descriptor`, `xs.append` read without a
/// call) on an instance with no `__dict__` to shadow it: bound at once, the
/// descriptor kept at the first cache unit.
const ATTR_METHOD: u64 = 7;

/// What a `LOAD_ATTR` found: the attribute, or a property getter for the loop to
/// run as a frame with the owner as its argument.
pub enum Loaded {
    Value(Value),
    Getter(ObjRef),
}

/// `LOAD_ATTR` of `name` on `owner`.
#[inline]
pub fn load_attr(
    vm: &mut Vm,
    code: &CodeData,
    at: usize,
    owner: &Value,
    name: &ObjRef,
) -> PyResult<Loaded> {
    let caches = caches_of(code);
    let cache = caches.of(at);
    if let Some(found) = cached_attr(caches, at, cache, owner, name) {
        return Ok(found);
    }
    if let Some(get) = cached_getset(caches, at, cache, owner) {
        return Ok(Loaded::Value(get(vm, owner)?));
    }
    if let Some(bound) = cached_builtin_method(vm, caches, at, cache, owner, name) {
        return Ok(Loaded::Value(bound));
    }
    let v = abstract_::getattr(vm, owner, name)?;
    if let [_, _, state, ..] = cache {
        if !SiteState::skip_fill(state) && !fill_attr(vm, caches, at, cache, owner, name) {
            SiteState::failed(state);
        }
    }
    Ok(Loaded::Value(v))
}

/// The fast tier's `LOAD_ATTR` of a module's attribute (`math.pi`, or `math.floor`
/// before a call: 3.11 calls functions of imported modules through `LOAD_ATTR`),
/// when the site's module entry answers for `owner`.
#[inline(always)]
pub fn cached_module_value(code: &CodeData, at: usize, owner: &Value) -> Option<Value> {
    let [tag_a, tag_b, state, index, ..] = code.caches.get()?.of(at) else {
        return None;
    };
    let Value::Obj(o) = owner else { return None };
    if SiteState(state.get()).kind() != ATTR_MODULE {
        return None;
    }
    module_value(o, tag_a.get(), tag_b.get(), index.get())
}

/// What a module entry (its class's version tag, its dict's keys version, the
/// entry's index) finds in `o`, while both are still the recorded ones.
#[inline(always)]
fn module_value(o: &PyObject, tag: u64, keys_version: u64, index: u64) -> Option<Value> {
    if class_tag(o) != tag {
        return None;
    }
    let dict = o.dict.get()?;
    let dict = dict::as_dict(&dict)?.try_borrow().ok()?;
    if dict.current_keys_version() != keys_version {
        return None;
    }
    dict.value_at(index as usize).cloned()
}

/// Whether `o` is a module whose attributes its class's own `__getattribute__`
/// (the module type's) finds.
fn is_plain_module(o: &PyObject) -> bool {
    let module_getattro: crate::slots::GetAttrFn = crate::objects::module::module_getattro;
    matches!(o.payload, Payload::Module(_))
        && o.class_ref()
            .type_data()
            .and_then(|data| data.slots.getattro.get())
            .is_some_and(|f| std::ptr::fn_addr_eq(f, module_getattro))
}

/// A module entry for a plain module's attribute `name`: the class's version
/// tag, the dict's keys version and the entry's index; `None` when the class has
/// the name (it would come first) or the dict lacks it.
fn module_place(o: &PyObject, name: &ObjRef) -> Option<(u64, u64, u64)> {
    let class = o.class();
    let text = name.str_data()?;
    if typeobject::lookup(&class, text.as_str()).is_some() {
        return None;
    }
    let dict = o.dict.get()?;
    let mut d = dict::as_dict(&dict)?.borrow_mut();
    let ix = d.find_str(text.hash(), text.as_str())?;
    // Versions run out: nothing to cache on.
    let keys_version = Some(d.keys_version()).filter(|&v| v != 0)?;
    Some((typeobject::version_tag(&class), keys_version, ix as u64))
}

/// The fast tier's `LOAD_ATTR`: the attribute when the site's cache holds an inline
/// value of the owner's class and the owner has it; no call, no allocation.
#[inline(always)]
pub fn cached_instance_value(code: &CodeData, at: usize, owner: &Value) -> Option<Value> {
    instance_value_in(code.caches.get()?.of(at), owner)
}

#[inline(always)]
fn instance_value_in(cache: &[Cell<u64>], owner: &Value) -> Option<Value> {
    let [tag_a, tag_b, state, index, ..] = cache else {
        return None;
    };
    let Value::Obj(o) = owner else { return None };
    let place = place_for(class_tag(o), tag_a, tag_b, index)?;
    match SiteState(state.get()).kind() {
        ATTR_INSTANCE_VALUE => {
            // SAFETY: the reference lives only in this arm, which calls nothing
            // that could change the values.
            let values = unsafe { instance_values::of(o)?.try_borrow_unguarded() }.ok()?;
            values.value_at(place).cloned()
        }
        // An unset member leaves the error (or `__getattr__`) to the general path.
        ATTR_SLOT => o.members.get(place),
        _ => None,
    }
}

/// `owner` as an object, when the site holds an entry of `kind` recorded for its
/// class's current version.
#[inline(always)]
fn class_entry_owner<'a>(cache: &[Cell<u64>], owner: &'a Value, kind: u64) -> Option<&'a ObjRef> {
    let [tag_a, _, state, ..] = cache else {
        return None;
    };
    let Value::Obj(o) = owner else { return None };
    let tag = class_tag(o);
    (SiteState(state.get()).kind() == kind && tag != 0 && tag == tag_a.get()).then_some(o)
}

/// The getter of the builtin computed attribute the site found in the owner's class.
#[inline]
fn cached_getset(
    caches: &InlineCaches,
    at: usize,
    cache: &[Cell<u64>],
    owner: &Value,
) -> Option<crate::object::Getter> {
    class_entry_owner(cache, owner, ATTR_GETSET)?;
    match &caches.recall(at + 1)?.payload {
        Payload::GetSetDescriptor(getset, _) => Some(getset.get),
        _ => None,
    }
}

/// A method entry's builtin method bound to `owner`, while `owner`'s class is
/// the recorded one and `owner` has no instance attribute `name` to shadow it.
fn cached_builtin_method(
    vm: &Vm,
    caches: &InlineCaches,
    at: usize,
    cache: &[Cell<u64>],
    owner: &Value,
    name: &ObjRef,
) -> Option<Value> {
    let o = class_entry_owner(cache, owner, ATTR_METHOD)?;
    // Only instances of a class with a `__dict__` can have attributes of their own.
    let may_shadow = o.class_ref().type_data()?.instance_dict.get();
    if may_shadow && instance_values::has_instance_attr(o, name) {
        return None;
    }
    let descr = caches.recall(at + 1)?;
    let Payload::MethodDescriptor(f) = &descr.payload else {
        return None;
    };
    let class = vm.types.builtin_function.clone();
    Some(crate::objects::descriptors::bind_builtin(
        f,
        owner.clone(),
        class,
    ))
}

/// The builtin method `class` has for `name` when attribute access on `obj` is
/// `object`'s own and reading it through an instance binds it (an exact
/// `method_descriptor`); an instance attribute of the name, checked at each use,
/// would shadow it.
fn class_method(vm: &Vm, class: &ObjRef, name: &str, obj: &PyObject) -> Option<ObjRef> {
    if !abstract_::has_generic_getattr(class)
        || matches!(obj.payload, Payload::Type(_))
        || instance_values::has_instance_attr_text(obj, name)
    {
        return None;
    }
    let Value::Obj(descr) = typeobject::lookup(class, name)? else {
        return None;
    };
    let exact = std::ptr::eq(descr.class_ref(), &*vm.types.method_descriptor);
    (exact && matches!(descr.payload, Payload::MethodDescriptor(_))).then_some(descr)
}

/// The getter descriptor `class` has for `name` when attribute access on `obj` is
/// `object`'s own and reaches it (a getset is a data descriptor: instance
/// attributes cannot shadow it) and it applies to `obj`'s class.
fn class_getset(class: &ObjRef, name: &str, obj: &PyObject) -> Option<ObjRef> {
    if !abstract_::has_generic_getattr(class) || matches!(obj.payload, Payload::Type(_)) {
        return None;
    }
    let Value::Obj(descr) = typeobject::lookup(class, name)? else {
        return None;
    };
    let Payload::GetSetDescriptor(_, declared_by) = &descr.payload else {
        return None;
    };
    typeobject::is_subtype(class, declared_by).then_some(descr)
}

/// Where the owner's attribute is for a cache that answers two classes by place
/// (inline values, `__slots__` members): class A's place in the low half of the
/// index word, class B's in the high half.
#[inline(always)]
fn place_for(tag: u64, tag_a: &Cell<u64>, tag_b: &Cell<u64>, index: &Cell<u64>) -> Option<usize> {
    if tag == 0 {
        None
    } else if tag == tag_a.get() {
        Some((index.get() & PLACE_MASK) as usize)
    } else if tag == tag_b.get() {
        Some((index.get() >> 32) as usize)
    } else {
        None
    }
}

const PLACE_MASK: u64 = 0xffff_ffff;

/// `add_class` for a kind answered by place: the newer class's place goes in the
/// low half of the index word, the other one's (if it stays) in the high half.
fn add_class_place(
    [tag_a, tag_b, state, index]: [&Cell<u64>; 4],
    kind: u64,
    class: &ObjRef,
    place: usize,
) {
    let kept = if SiteState(state.get()).kind() == kind {
        index.get() & PLACE_MASK
    } else {
        0
    };
    add_class(tag_a, tag_b, state, kind, class);
    index.set(place as u64 | kept << 32);
}

#[inline]
fn cached_attr(
    caches: &InlineCaches,
    at: usize,
    cache: &[Cell<u64>],
    owner: &Value,
    name: &ObjRef,
) -> Option<Loaded> {
    let [tag_a, tag_b, state, index, ..] = cache else {
        return None;
    };
    let Value::Obj(o) = owner else { return None };
    let tag = class_tag(o);
    let kind = SiteState(state.get()).kind();
    if tag == 0 || kind == 0 {
        return None;
    }
    match kind {
        ATTR_INSTANCE_VALUE | ATTR_SLOT => instance_value_in(cache, owner).map(Loaded::Value),
        ATTR_INSTANCE_DICT if tag == tag_a.get() || tag == tag_b.get() => {
            let dict = o.dict.get()?;
            let dict = dict::as_dict(&dict)?.borrow();
            find_hinted(&dict, index, name).map(Loaded::Value)
        }
        ATTR_MODULE => module_value(o, tag_a.get(), tag_b.get(), index.get()).map(Loaded::Value),
        ATTR_PROPERTY if tag == tag_a.get() => {
            let getter = caches.recall(at + 1)?;
            // `__code__` can be replaced: the getter must still take just `self`.
            is_plain_getter(&getter).then_some(Loaded::Getter(getter))
        }
        _ => None,
    }
}

/// A Python function the loop can run as a getter: one positional parameter and
/// nothing else (no `*args`, keywords, defaults needed, nor a generator).
pub fn is_plain_getter(f: &ObjRef) -> bool {
    crate::call::defaults_needed(f, 1, crate::call::NOT_PLAIN) == Some(0)
}

/// The getter of `class`'s attribute `name` when it is an exact `property` whose
/// getter the loop can run itself, and attribute access is `object`'s own.
fn plain_property_getter(class: &ObjRef, name: &str, property_type: &ObjRef) -> Option<ObjRef> {
    if !abstract_::has_generic_getattr(class) {
        return None;
    }
    let Value::Obj(descr) = typeobject::lookup(class, name)? else {
        return None;
    };
    let Payload::Property(p) = &descr.payload else {
        return None;
    };
    if !std::ptr::eq(descr.class_ref(), &**property_type) {
        return None;
    }
    let fget = p.borrow().fget.clone();
    match fget {
        Value::Obj(f) if is_plain_getter(&f) => Some(f),
        _ => None,
    }
}

/// The value of `name` in an instance dict, trying the position it had in the last
/// instance first: instances of one class usually get their attributes in one order.
#[inline]
fn find_hinted(dict: &DictData, hint: &Cell<u64>, name: &ObjRef) -> Option<Value> {
    let ix = dict.find_name_hinted(hint.get() as usize, name, name.str_data()?.hash())?;
    hint.set(ix as u64);
    dict.value_at(ix).cloned()
}

/// Records how `owner.name` was found, when it is a case the cache can answer.
fn fill_attr(
    vm: &Vm,
    caches: &InlineCaches,
    at: usize,
    cache: &[Cell<u64>],
    owner: &Value,
    name: &ObjRef,
) -> bool {
    let property_type = &vm.types.property;
    let [tag_a, tag_b, state, index, ..] = cache else {
        return false;
    };
    let Value::Obj(o) = owner else { return false };
    let class = o.class();
    let (Some(data), Some(text)) = (class.type_data(), name.str_data()) else {
        return false;
    };
    let old_kind = SiteState(state.get()).kind();
    if is_plain_module(o) {
        let Some((tag, keys_version, ix)) = module_place(o, name) else {
            return false;
        };
        SiteState::filled(state, ATTR_MODULE, old_kind != 0);
        tag_a.set(tag);
        tag_b.set(keys_version);
        index.set(ix);
    } else if let Some(getter) = plain_property_getter(&class, text.as_str(), property_type)
        .filter(|_| !matches!(o.payload, Payload::Type(_)))
    {
        SiteState::filled(state, ATTR_PROPERTY, old_kind != 0);
        caches.remember(at + 1, &getter);
        tag_a.set(typeobject::version_tag(&class));
        tag_b.set(0);
    } else if let Some(member) = layout_member(&class, text.as_str(), o, false) {
        add_class_place([tag_a, tag_b, state, index], ATTR_SLOT, &class, member);
    } else if let Some(descr) = class_getset(&class, text.as_str(), o) {
        SiteState::filled(state, ATTR_GETSET, old_kind != 0);
        caches.remember(at + 1, &descr);
        tag_a.set(typeobject::version_tag(&class));
        tag_b.set(0);
    } else if let Some(descr) = class_method(vm, &class, text.as_str(), o) {
        SiteState::filled(state, ATTR_METHOD, old_kind != 0);
        caches.remember(at + 1, &descr);
        tag_a.set(typeobject::version_tag(&class));
        tag_b.set(0);
    } else if abstract_::has_generic_getattr(&class)
        && data.instance_dict.get()
        && !matches!(o.payload, Payload::Type(_))
        && typeobject::lookup(&class, text.as_str()).is_none()
    {
        match inline_index(o, name) {
            Some(place) => add_class_place(
                [tag_a, tag_b, state, index],
                ATTR_INSTANCE_VALUE,
                &class,
                place,
            ),
            None => add_class(tag_a, tag_b, state, ATTR_INSTANCE_DICT, &class),
        }
    } else {
        return false;
    }
    true
}

/// Where `obj` keeps its attribute `name` among inline values: the name's position
/// in the shared keys, when the values are inline and hold it.
fn inline_index(obj: &PyObject, name: &ObjRef) -> Option<usize> {
    let values = instance_values::of(obj)?.borrow();
    let index = values.keys().find(name)?;
    values.value_at(index).is_some().then_some(index)
}

/// The index of `class`'s member `name` (a `__slots__` entry, or a member of a
/// builtin layout) when attribute access on `obj` is `object`'s own and reaches
/// the member descriptor found in the class; `for_store` asks for one that can
/// be written.
fn layout_member(class: &ObjRef, name: &str, obj: &PyObject, for_store: bool) -> Option<usize> {
    let data = class.type_data()?;
    let generic_access = if for_store {
        abstract_::has_generic_setattr(class)
    } else {
        abstract_::has_generic_getattr(class)
    };
    if !generic_access || matches!(obj.payload, Payload::Type(_)) {
        return None;
    }
    let Value::Obj(descr) = typeobject::lookup(class, name)? else {
        return None;
    };
    // `member_descriptor` cannot be subclassed: the payload is the whole story.
    let Payload::MemberDescriptor(member) = &descr.payload else {
        return None;
    };
    let writable = member.kind != crate::object::MemberKind::ReadOnly;
    let in_layout = member.index < data.member_count.get();
    (in_layout && (writable || !for_store)).then_some(member.index)
}

// ---------------------------------------------------------------------------
// STORE_ATTR: [class tag A, class tag B, state, index]
//
// The classes (up to two) store attributes of the name in the instance (inline
// values, a `__slots__` member, or the dict, as `LOAD_ATTR` reads them): their
// `__setattr__` is `object`'s and no data descriptor of the name is in the way.

const STORE_INSTANCE_DICT: u64 = 1;
/// A writable member of the class's layout (`__slots__`): the index is the member's.
const STORE_SLOT: u64 = 2;
/// An instance attribute kept inline: the index is the name's in the shared keys.
const STORE_INSTANCE_VALUE: u64 = 3;

/// The fast tier's `STORE_ATTR`: stores into the owner's inline values or
/// `__slots__` member when the site's cache knows the place for the owner's class;
/// the value back otherwise. The replaced value is returned for the caller to drop
/// (its finaliser may read the owner).
#[inline(always)]
pub fn cached_instance_store(
    code: &CodeData,
    at: usize,
    owner: &Value,
    value: Value,
) -> Result<Option<Value>, Value> {
    match code.caches.get() {
        Some(caches) => store_in_place(caches.of(at), owner, value),
        None => Err(value),
    }
}

#[inline(always)]
fn store_in_place(
    cache: &[Cell<u64>],
    owner: &Value,
    value: Value,
) -> Result<Option<Value>, Value> {
    let [tag_a, tag_b, state, index, ..] = cache else {
        return Err(value);
    };
    let Value::Obj(o) = owner else {
        return Err(value);
    };
    let Some(place) = place_for(class_tag(o), tag_a, tag_b, index) else {
        return Err(value);
    };
    match SiteState(state.get()).kind() {
        STORE_INSTANCE_VALUE => {
            let Some(Ok(mut values)) = instance_values::of(o).map(RefCell::try_borrow_mut) else {
                return Err(value);
            };
            values.store_at(place, value)
        }
        STORE_SLOT => {
            // The class's version vouches for its layout: the member is inside it.
            let count = o
                .class_ref()
                .type_data()
                .map_or(0, |t| t.member_count.get());
            let member = place;
            if member >= count || !o.members.fits(member) {
                return Err(value);
            }
            // `fits` proved the member's cell is there (or will be made).
            Ok(o.members.set(member, count, Some(value)).unwrap_or(None))
        }
        _ => Err(value),
    }
}

/// `STORE_ATTR` of `name` on `owner`.
#[inline]
pub fn store_attr(
    vm: &mut Vm,
    code: &CodeData,
    at: usize,
    owner: &Value,
    name: &ObjRef,
    value: Value,
) -> PyResult<()> {
    let cache = caches_of(code).of(at);
    let value = match cached_store(vm, cache, owner, name, value) {
        Ok(()) => return Ok(()),
        Err(value) => value,
    };
    abstract_::setattr(vm, owner, name, Some(value))?;
    if let [_, _, state, ..] = cache {
        if !SiteState::skip_fill(state) && !fill_store(cache, owner, name) {
            SiteState::failed(state);
        }
    }
    Ok(())
}

/// Stores through the cache, or hands the value back on a miss.
#[inline]
fn cached_store(
    vm: &mut Vm,
    cache: &[Cell<u64>],
    owner: &Value,
    name: &ObjRef,
    value: Value,
) -> Result<(), Value> {
    let [tag_a, tag_b, state, index, ..] = cache else {
        return Err(value);
    };
    let Value::Obj(o) = owner else {
        return Err(value);
    };
    let tag = class_tag(o);
    let kind = SiteState(state.get()).kind();
    if tag == 0 {
        return Err(value);
    }
    if kind == STORE_SLOT || kind == STORE_INSTANCE_VALUE {
        // The old value is dropped after the store: its finaliser may read the owner.
        let old = store_in_place(cache, owner, value)?;
        drop(old);
        return Ok(());
    }
    if kind != STORE_INSTANCE_DICT || (tag != tag_a.get() && tag != tag_b.get()) {
        return Err(value);
    }
    if instance_values::of(o).is_some_and(|v| v.try_borrow().is_ok_and(|v| v.is_inline())) {
        return Err(value);
    }
    let Some(text) = name.str_data() else {
        return Err(value);
    };
    let dict = match o.dict() {
        Some(d) => d,
        None => {
            let d = vm.new_dict();
            o.dict.set(d.clone());
            d
        }
    };
    let Some(dict) = dict::as_dict(&dict) else {
        return Err(value);
    };
    let Ok(mut dict) = dict.try_borrow_mut() else {
        return Err(value);
    };
    // The old value is dropped after the borrow ends: its finaliser may read the dict.
    let old = dict.store_str_hinted(index, name, text.hash(), value);
    drop(dict);
    drop(old);
    Ok(())
}

fn fill_store(cache: &[Cell<u64>], owner: &Value, name: &ObjRef) -> bool {
    let [tag_a, tag_b, state, index, ..] = cache else {
        return false;
    };
    let Value::Obj(o) = owner else { return false };
    let class = o.class();
    let (Some(data), Some(text)) = (class.type_data(), name.str_data()) else {
        return false;
    };
    if let Some(member) = layout_member(&class, text.as_str(), o, true) {
        add_class_place([tag_a, tag_b, state, index], STORE_SLOT, &class, member);
        return true;
    }
    let in_the_way = typeobject::lookup(&class, text.as_str())
        .is_some_and(|d| abstract_::is_data_descriptor(&d));
    if !abstract_::has_generic_setattr(&class)
        || in_the_way
        || !data.instance_dict.get()
        || matches!(o.payload, Payload::Type(_))
    {
        return false;
    }
    match inline_index(o, name) {
        Some(place) => add_class_place(
            [tag_a, tag_b, state, index],
            STORE_INSTANCE_VALUE,
            &class,
            place,
        ),
        None => add_class(tag_a, tag_b, state, STORE_INSTANCE_DICT, &class),
    }
    true
}

// ---------------------------------------------------------------------------
// LOAD_METHOD: two entries of [class tag, kind], then the state; the methods are
// kept at the first two cache units.

/// The class has no instance dicts: nothing can shadow the method.
const METHOD_NO_DICT: u64 = 1;
/// Instances have dicts: the method applies when the instance's lacks the name,
/// known without a lookup while the dict has the keys version the kind word holds
/// above `KIND_BITS` (that of the dict that lacked it when the site was filled: a
/// loop calling methods of one object).
const METHOD_WITH_DICT: u64 = 2;
/// Instances keep inline values: the method applies while the class's shared keys
/// have the length they had when the name was not among them (the kind word holds
/// it above `KIND_BITS`), or when the instance's attributes lack the name.
const METHOD_WITH_VALUES: u64 = 3;
const KIND_BITS: u64 = 8;
/// Not a method: a module's attribute (`math.floor`), found at the index kept in
/// the sixth word while the module dict's key version is the one in the fifth
/// (LOAD_ATTR's module entry, in LOAD_METHOD's own words).
const METHOD_MODULE_ATTR: u64 = 4;

/// The entry of a `LOAD_METHOD` cache for `owner`'s class: its kind word and the
/// code unit where its method is kept.
#[inline(always)]
fn method_entry(cache: &[Cell<u64>], at: usize, owner: &PyObject) -> Option<(u64, usize)> {
    let [tag_a, kind_a, tag_b, kind_b, ..] = cache else {
        return None;
    };
    let tag = class_tag(owner);
    if tag == 0 {
        None
    } else if tag == tag_a.get() {
        Some((kind_a.get(), at + 1))
    } else if tag == tag_b.get() {
        Some((kind_b.get(), at + 2))
    } else {
        None
    }
}

/// The fast tier's `LOAD_METHOD`: the method when the site's cache answers for the
/// owner's class and no instance attribute can shadow it.
#[inline(always)]
pub fn cached_method_fast(code: &CodeData, at: usize, owner: &Value) -> Option<Value> {
    let caches = code.caches.get()?;
    let Value::Obj(o) = owner else { return None };
    let (kind, unit) = method_entry(caches.of(at), at, o)?;
    let unshadowed = match kind & ((1 << KIND_BITS) - 1) {
        METHOD_NO_DICT => true,
        METHOD_WITH_VALUES => instance_values::of(o)
            .and_then(|v| v.try_borrow().ok())
            .is_some_and(|v| v.is_inline() && v.keys().len() as u64 == kind >> KIND_BITS),
        METHOD_WITH_DICT => dict_keeps_keys(o, kind >> KIND_BITS),
        _ => false,
    };
    if !unshadowed {
        return None;
    }
    caches.recall(unit).map(Value::Obj)
}

/// `LOAD_METHOD` of `name` on `owner`: `(Some(method), self)` for an unbound method
/// to call with `owner` first, `(None, attribute)` otherwise.
#[inline]
pub fn load_method(
    vm: &mut Vm,
    code: &CodeData,
    at: usize,
    owner: &Value,
    name: &ObjRef,
) -> PyResult<(Option<Value>, Value)> {
    let caches = caches_of(code);
    let cache = caches.of(at);
    if let Some(method) = cached_method(caches, at, cache, owner, name) {
        return Ok((Some(method), owner.clone()));
    }
    if let Some(attr) = cached_module_attr(cache, owner) {
        return Ok((None, attr));
    }
    let found = abstract_::get_method(vm, owner, name)?;
    if let [_, _, _, _, state, ..] = cache {
        if !SiteState::skip_fill(state) {
            match &found.0 {
                // A method found through `super()` is called with the instance, not
                // the owner: what the owner's class holds says nothing about it.
                Some(method) if found.1.is(owner) => {
                    fill_method(caches, at, cache, owner, method, name)
                }
                Some(_) => {}
                None => fill_module_attr(cache, owner, name),
            }
        }
    }
    Ok(found)
}

/// The attribute a `LOAD_METHOD` site's module entry finds, if it answers for
/// `owner`.
#[inline]
fn cached_module_attr(cache: &[Cell<u64>], owner: &Value) -> Option<Value> {
    let [tag, kind, _, _, _, keys_version, index, ..] = cache else {
        return None;
    };
    let Value::Obj(o) = owner else { return None };
    if kind.get() != METHOD_MODULE_ATTR {
        return None;
    }
    module_value(o, tag.get(), keys_version.get(), index.get())
}

/// Records where a module's attribute `name` is, when `owner` is a plain module
/// and the site holds no methods.
fn fill_module_attr(cache: &[Cell<u64>], owner: &Value, name: &ObjRef) {
    let [tag, kind, tag_b, _, state, keys_version, index, ..] = cache else {
        return;
    };
    let Value::Obj(o) = owner else { return };
    if tag_b.get() != 0 || !is_plain_module(o) {
        return;
    }
    let Some((class_tag, version, ix)) = module_place(o, name) else {
        return;
    };
    let replaced = tag.get() != 0;
    tag.set(class_tag);
    kind.set(METHOD_MODULE_ATTR);
    keys_version.set(version);
    index.set(ix);
    SiteState::filled(state, 1, replaced);
}

#[inline]
fn cached_method(
    caches: &InlineCaches,
    at: usize,
    cache: &[Cell<u64>],
    owner: &Value,
    name: &ObjRef,
) -> Option<Value> {
    let Value::Obj(o) = owner else { return None };
    let (kind, unit) = method_entry(cache, at, o)?;
    let unshadowed = match kind & ((1 << KIND_BITS) - 1) {
        METHOD_NO_DICT => true,
        METHOD_WITH_DICT if dict_keeps_keys(o, kind >> KIND_BITS) => true,
        _ => !instance_values::has_instance_attr(o, name),
    };
    if !unshadowed {
        return None;
    }
    caches.recall(unit).map(Value::Obj)
}

/// Whether `o`'s instance dict has key-layout version `version` (not 0): then it
/// has the keys it had when that version was read.
#[inline(always)]
fn dict_keeps_keys(o: &PyObject, version: u64) -> bool {
    version != 0
        && o.dict
            .get()
            .as_ref()
            .and_then(dict::as_dict)
            .and_then(|d| d.try_borrow().ok().map(|d| d.current_keys_version()))
            == Some(version)
}

/// The key-layout version of `o`'s instance dict (assigned now if it has none), to
/// vouch that the dict still lacks a name it lacks now; 0 without one.
fn dict_keys_version(o: &PyObject) -> u64 {
    o.dict
        .get()
        .as_ref()
        .and_then(dict::as_dict)
        .and_then(|d| d.try_borrow_mut().ok().map(|mut d| d.keys_version()))
        .unwrap_or(0)
}

fn fill_method(
    caches: &InlineCaches,
    at: usize,
    cache: &[Cell<u64>],
    owner: &Value,
    method: &Value,
    name: &ObjRef,
) {
    let [tag_a, kind_a, tag_b, kind_b, state, ..] = cache else {
        return;
    };
    let (Value::Obj(o), Value::Obj(method)) = (owner, method) else {
        return;
    };
    // `get_method` answered from the class: the class's version now vouches for it.
    let class = o.class();
    if matches!(o.payload, Payload::Type(_)) || class.type_data().is_none() {
        return;
    }
    let inline_keys = instance_values::of(o)
        .and_then(|v| v.try_borrow().ok())
        .filter(|v| v.is_inline())
        .and_then(|v| v.keys().find(name).is_none().then(|| v.keys().len() as u64));
    let kind = match inline_keys {
        Some(len) => METHOD_WITH_VALUES | len << KIND_BITS,
        // (The method was found on the class: the instance's dict lacks the name.)
        None if type_data(&class).instance_dict.get() => {
            METHOD_WITH_DICT | dict_keys_version(o) << KIND_BITS
        }
        None => METHOD_NO_DICT,
    };
    // B holds the newer entry: it moves to A's place and the new one takes B's.
    let replaced = tag_a.get() != 0;
    tag_a.set(tag_b.get());
    kind_a.set(kind_b.get());
    caches.move_object(at + 2, at + 1);
    caches.remember(at + 2, method);
    kind_b.set(kind);
    tag_b.set(typeobject::version_tag(&class));
    SiteState::filled(state, 1, replaced);
}
