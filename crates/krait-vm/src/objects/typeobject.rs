//! The `type` type and the machinery of classes (CPython's `Objects/typeobject.c`):
//! builtin type creation, C3 method resolution order, attribute lookup along the MRO,
//! class creation by `type(name, bases, ns)`, and instance creation.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::dict::{self, DictData};
use crate::signature::{given, Signature};
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::{PyErr, PyResult, Vm};

/// Which payload the instances of a type carry (CPython's "solid base" layout).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Layout {
    Object,
    Int,
    Float,
    Complex,
    Str,
    Bytes,
    ByteArray,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Exception,
    /// Types whose instances only the VM makes (functions, frames, iterators ...).
    Opaque,
    Type,
}

pub struct TypeData {
    pub name: RefCell<String>,
    pub qualname: RefCell<String>,
    pub module: RefCell<Option<String>>,
    pub bases: RefCell<Vec<ObjRef>>,
    /// `__base__` (CPython's `tp_base`): the base whose instance layout this
    /// class extends, chosen when the bases are set.
    pub base: RefCell<Option<ObjRef>>,
    pub mro: RefCell<Vec<ObjRef>>,
    /// The class namespace, a dict object (`__dict__` shows it as a mappingproxy).
    pub dict: ObjRef,
    pub layout: Layout,
    /// A class statement made it (CPython's `Py_TPFLAGS_HEAPTYPE`): its attributes can
    /// be set and its instances get a `__dict__` unless `__slots__` says otherwise.
    pub heap: bool,
    /// Instances have a `__dict__`.
    pub instance_dict: Cell<bool>,
    /// Can be subclassed (`bool`, `NoneType` ... cannot).
    pub base_type: Cell<bool>,
    /// Its attributes cannot be set or deleted (CPython's
    /// `Py_TPFLAGS_IMMUTABLETYPE`): builtin and native types, and the few classes
    /// made at start-up that stand in for CPython's static types.
    pub immutable: Cell<bool>,
    /// How many member values instances keep beside their payload: the `__slots__`
    /// of this class and its bases (CPython's member offsets), indexed by the
    /// member descriptors.
    pub member_count: Cell<usize>,
    /// `__abstractmethods__` was set to a non-empty value: instances cannot be made
    /// (CPython's `Py_TPFLAGS_IS_ABSTRACT`).
    pub is_abstract: Cell<bool>,
    /// Instances can be weakly referenced (CPython's non-zero `tp_weaklistoffset`).
    pub weakrefable: Cell<bool>,
    /// `TPFLAGS_SEQUENCE` or `TPFLAGS_MAPPING`: what `match` takes instances for. Set
    /// by `_abc` from a class's `__abc_tpflags__` and when a class is registered with
    /// such an ABC; inherited from the first base.
    pub collection_flags: Cell<u64>,
    /// Direct subclasses, for `__subclasses__()`.
    pub subclasses: RefCell<Vec<std::rc::Weak<PyObject>>>,
    /// The cycle collector tracking this class's instances (containers only).
    /// The cycle collector's registry of the type's instances, set once when the
    /// type is made (read without a borrow count on every object's life).
    pub gc: std::cell::OnceCell<Rc<crate::gc::GcRegistry>>,
    /// Results of `lookup` along the MRO, by name; emptied when this class or a base
    /// changes (`invalidate_lookups`).
    pub method_cache: RefCell<rustc_hash::FxHashMap<Box<str>, Option<Value>>>,
    /// Names the current state of this class's namespace and MRO for inline caches
    /// (CPython's `tp_version_tag`): 0 until a cache asks, back to 0 on any change.
    pub version_tag: Cell<u64>,
    /// How many times the MRO was replaced: a `__bases__` assignment tells by it
    /// that a custom `mro()` replaced the MRO again while it ran (CPython compares
    /// `tp_mro` tuples by identity).
    pub mro_epoch: Cell<u64>,
    /// What the loop found calling this class (the `__init__` it runs as a frame,
    /// or none) under the version tag it was found with.
    pub plain_init: RefCell<Option<(u64, Option<std::rc::Weak<PyObject>>)>>,
    /// For exception classes: the builtin families whose fields the constructor
    /// sets (`exceptions.rs`), under the version tag they were found with.
    pub exception_families: Cell<(u64, u16)>,
    /// `__text_signature__` of a builtin type (CPython reads it from `tp_doc`).
    pub text_signature: Cell<Option<&'static str>>,
    /// Where dying instances go to have their finaliser slot run: set for every
    /// class and native type, used when the `finalize` slot is filled.
    pub finalizer: RefCell<Option<crate::finalize::SharedQueue>>,
    /// Where instances with weak-reference callbacks report their death (set when
    /// the first such reference to an instance is made).
    pub weak_callback_queue: RefCell<Option<crate::finalize::SharedQueue>>,
    /// The protocol functions (`slots.rs`), kept in step with the namespace.
    pub slots: crate::slots::Slots,
    /// A builtin type's own entry for calls with positional arguments only
    /// (CPython's `tp_vectorcall`): what `__new__` and `__init__` together do.
    /// Never inherited, so a subclass is called the general way.
    pub vectorcall: Cell<Option<crate::objects::function::FastCall>>,
    /// The attribute names its instances share (PEP 412), made with the first
    /// instance that keeps inline values.
    pub shared_keys: RefCell<Option<Rc<crate::objects::instance_values::SharedKeys>>>,
}

impl TypeData {
    /// `__name__`.
    pub fn name(&self) -> String {
        self.name.borrow().clone()
    }

    /// The name messages print (CPython's `tp_name`): a native type's is qualified by
    /// its module (`itertools.count`), a builtin or a class's is its `__name__`.
    pub fn tp_name(&self) -> String {
        match self.module.borrow().as_deref() {
            Some("builtins") | None => self.name(),
            Some(module) => format!("{module}.{}", self.name.borrow()),
        }
    }
}

/// The `TypeData` of a type object. Callers hold a type by construction.
pub fn type_data(ty: &PyObject) -> &TypeData {
    ty.type_data().expect("a type object")
}

/// The name of `ty` as messages print it (`tp_name`).
pub fn type_name(ty: &ObjRef) -> String {
    type_data(ty).tp_name()
}

/// Makes a builtin type object. `class` is its metatype (`type` except at bootstrap).
pub fn new_builtin_type(
    class: Option<&ObjRef>,
    name: &str,
    base: Option<&ObjRef>,
    layout: Layout,
    dict_class: Option<&ObjRef>,
) -> ObjRef {
    let dict = match dict_class {
        Some(dc) => PyObject::new(dc.clone(), Payload::Dict(RefCell::new(DictData::new()))),
        None => PyObject::new_unclassed(Payload::Dict(RefCell::new(DictData::new()))),
    };
    let data = TypeData {
        name: RefCell::new(name.to_owned()),
        qualname: RefCell::new(name.to_owned()),
        module: RefCell::new(None),
        bases: RefCell::new(base.into_iter().cloned().collect()),
        base: RefCell::new(base.cloned()),
        mro: RefCell::new(Vec::new()),
        dict,
        layout,
        heap: false,
        instance_dict: Cell::new(false),
        base_type: Cell::new(true),
        immutable: Cell::new(true),
        member_count: Cell::new(0),
        is_abstract: Cell::new(false),
        weakrefable: Cell::new(base.is_some_and(|b| type_data(b).weakrefable.get())),
        collection_flags: Cell::new(base.map_or(0, |b| type_data(b).collection_flags.get())),
        subclasses: RefCell::new(Vec::new()),
        text_signature: Cell::new(None),
        finalizer: RefCell::new(None),
        weak_callback_queue: RefCell::new(None),
        method_cache: RefCell::new(Default::default()),
        version_tag: Cell::new(0),
        mro_epoch: Cell::new(0),
        plain_init: RefCell::new(None),
        exception_families: Cell::new((0, 0)),
        gc: std::cell::OnceCell::new(),
        // A new type's namespace is empty: its slots are its base's until it gets
        // methods of its own (CPython's `inherit_slots`).
        slots: base.map(|b| type_data(b).slots.clone()).unwrap_or_default(),
        vectorcall: Cell::new(None),
        shared_keys: RefCell::new(None),
    };
    let ty = match class {
        Some(c) => PyObject::new(c.clone(), Payload::Type(Box::new(data))),
        None => PyObject::new_unclassed(Payload::Type(Box::new(data))),
    };
    let mut mro = vec![ty.clone()];
    if let Some(base) = base {
        mro.extend(type_data(base).mro.borrow().iter().cloned());
        // Registered so that a special method added to the base later reaches this
        // type's slots.
        type_data(base)
            .subclasses
            .borrow_mut()
            .push(Rc::downgrade(&ty));
    }
    *type_data(&ty).mro.borrow_mut() = mro;
    ty
}

/// Whether `sub` is `sup` or derives from it.
pub fn is_subtype(sub: &ObjRef, sup: &ObjRef) -> bool {
    if Rc::ptr_eq(sub, sup) {
        return true;
    }
    let Some(data) = sub.type_data() else {
        return false;
    };
    let mro = data.mro.borrow();
    // By the MRO; by the chain of `__base__`s while the class has none yet.
    if !mro.is_empty() {
        return mro.iter().any(|c| Rc::ptr_eq(c, sup));
    }
    drop(mro);
    let mut class = Some(sub.clone());
    while let Some(c) = class {
        if Rc::ptr_eq(&c, sup) {
            return true;
        }
        class = base_of(&c);
    }
    false
}

/// Looks `name` up along the MRO of `ty` (CPython's `_PyType_Lookup`).
pub fn lookup(ty: &ObjRef, name: &str) -> Option<Value> {
    let data = ty.type_data()?;
    if let Some(hit) = data.method_cache.borrow().get(name) {
        return hit.clone();
    }
    let found = lookup_uncached(ty, name);
    data.method_cache
        .borrow_mut()
        .insert(Box::from(name), found.clone());
    found
}

/// Entries in the cache of `lookup_static` (a power of two).
const STATIC_LOOKUPS: usize = 1024;

/// One remembered `lookup_static`: the type's version tag and the name's address
/// when it was made (0: empty), and what the lookup found.
#[derive(Default)]
struct StaticLookup {
    version: u64,
    name: usize,
    found: Option<Value>,
}

thread_local! {
    static STATIC_LOOKUP_CACHE: RefCell<Vec<StaticLookup>> = RefCell::new(
        (0..STATIC_LOOKUPS).map(|_| StaticLookup::default()).collect()
    );
}

/// `lookup` of a name given as a literal, through a cache keyed by the type's
/// version tag and the literal's address (CPython's type cache, keyed by the
/// interned name's address): a `&'static str` is the same text for the program's
/// life, and a tag names one state of one type's namespace and MRO (a change
/// gives the type a new one), so a hit needs no hashing of the name.
pub fn lookup_static(ty: &ObjRef, name: &'static str) -> Option<Value> {
    let version = version_tag(ty);
    let address = name.as_ptr() as usize;
    let slot = ((version as usize) ^ (address >> 3) ^ (address >> 13)) & (STATIC_LOOKUPS - 1);
    let hit = STATIC_LOOKUP_CACHE.with(|cache| {
        let cache = cache.try_borrow().ok()?;
        let entry = &cache[slot];
        (entry.version == version && entry.name == address).then(|| entry.found.clone())
    });
    if let Some(found) = hit {
        return found;
    }
    let found = lookup(ty, name);
    STATIC_LOOKUP_CACHE.with(|cache| {
        if let Ok(mut cache) = cache.try_borrow_mut() {
            // The entry it replaces is dropped after the borrow ends.
            let old = std::mem::replace(
                &mut cache[slot],
                StaticLookup {
                    version,
                    name: address,
                    found: found.clone(),
                },
            );
            drop(cache);
            drop(old);
        }
    });
    found
}

/// Empties the cache of `lookup_static` (before a full collection: the methods it
/// remembers must not keep garbage alive).
pub fn clear_static_lookups() {
    let old = STATIC_LOOKUP_CACHE.with(|cache| {
        cache.try_borrow_mut().ok().map(|mut cache| {
            cache
                .iter_mut()
                .map(std::mem::take)
                .collect::<Vec<StaticLookup>>()
        })
    });
    drop(old);
}

/// The source of type version tags; 0 is never handed out.
static NEXT_VERSION_TAG: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The version tag of `ty`'s current namespace, assigning one if it has none.
pub fn version_tag(ty: &ObjRef) -> u64 {
    let data = type_data(ty);
    if data.version_tag.get() == 0 {
        let tag = NEXT_VERSION_TAG.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        data.version_tag.set(tag);
    }
    data.version_tag.get()
}

/// Forgets cached lookups of `ty` and of every class derived from it, after its
/// namespace changed (CPython's `PyType_Modified`).
pub fn invalidate_lookups(ty: &ObjRef) {
    let Some(data) = ty.type_data() else { return };
    data.method_cache.borrow_mut().clear();
    data.version_tag.set(0);
    for sub in live_subclasses(ty) {
        invalidate_lookups(&sub);
    }
}

/// `ty` and every class derived from it that still exists, each once (a class
/// with several bases is reached along each).
pub fn types_below(ty: &ObjRef) -> Vec<ObjRef> {
    let mut seen = std::collections::HashSet::new();
    let mut found = Vec::new();
    let mut stack = vec![ty.clone()];
    while let Some(class) = stack.pop() {
        if seen.insert(Rc::as_ptr(&class)) {
            stack.extend(live_subclasses(&class));
            found.push(class);
        }
    }
    found
}

/// The direct subclasses of `ty` that still exist.
pub fn live_subclasses(ty: &ObjRef) -> Vec<ObjRef> {
    type_data(ty)
        .subclasses
        .borrow()
        .iter()
        .filter_map(|w| w.upgrade())
        .collect()
}

pub(crate) fn lookup_uncached(ty: &ObjRef, name: &str) -> Option<Value> {
    lookup_uncached_hashed(ty, name, crate::pyhash::hash_str(name))
}

/// `lookup_uncached` of a name whose str hash is known.
pub(crate) fn lookup_uncached_hashed(ty: &ObjRef, name: &str, hash: i64) -> Option<Value> {
    let data = ty.type_data()?;
    for class in data.mro.borrow().iter() {
        let found = dict::as_dict(&type_data(class).dict)
            .and_then(|d| d.borrow().get_str_hashed(hash, name));
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Like `lookup`, also saying which class of the MRO defines it.
pub fn lookup_with_owner(ty: &ObjRef, name: &str) -> Option<(Value, ObjRef)> {
    let data = ty.type_data()?;
    for class in data.mro.borrow().iter() {
        if let Some(v) = dict::dict_get_str(&type_data(class).dict, name) {
            return Some((v, class.clone()));
        }
    }
    None
}

/// C3 linearisation of `ty` over `bases`; `None` when no consistent order exists.
pub fn c3_mro(ty: &ObjRef, bases: &[ObjRef]) -> Option<Vec<ObjRef>> {
    let mut sequences: Vec<Vec<ObjRef>> = bases
        .iter()
        .map(|b| type_data(b).mro.borrow().clone())
        .collect();
    sequences.push(bases.to_vec());
    let mut result = vec![ty.clone()];
    loop {
        sequences.retain(|s| !s.is_empty());
        if sequences.is_empty() {
            return Some(result);
        }
        let candidate = sequences.iter().find_map(|seq| {
            let head = &seq[0];
            let in_tail = sequences
                .iter()
                .any(|s| s[1..].iter().any(|c| Rc::ptr_eq(c, head)));
            (!in_tail).then(|| head.clone())
        })?;
        for seq in sequences.iter_mut() {
            if Rc::ptr_eq(&seq[0], &candidate) {
                seq.remove(0);
            }
        }
        result.push(candidate);
    }
}

/// The error of bases no MRO can be made from: a base listed twice, or an order
/// the bases' own MROs contradict.
fn mro_error(vm: &mut Vm, bases: &[ObjRef]) -> PyErr {
    for (i, base) in bases.iter().enumerate() {
        if bases[..i].iter().any(|b| Rc::ptr_eq(b, base)) {
            return vm.new_type_error(format!("duplicate base class {}", type_data(base).name()));
        }
    }
    let names: Vec<String> = bases.iter().map(type_name).collect();
    vm.new_type_error(format!(
        "Cannot create a consistent method resolution\norder (MRO) for bases {}",
        names.join(", ")
    ))
}

/// The class whose instance layout a class built on `bases` extends (CPython's
/// `best_base`, the `__base__` such a class gets): the base with the most derived
/// solid base. Bases whose solid bases are unrelated cannot be combined.
pub fn best_base(vm: &mut Vm, bases: &[ObjRef]) -> PyResult<ObjRef> {
    match pick_best_base(bases) {
        Ok(Some(base)) => Ok(base),
        Ok(None) => Ok(vm.types.object.clone()),
        Err(()) => {
            Err(vm.new_type_error("multiple bases have instance lay-out conflict".to_owned()))
        }
    }
}

/// `__base__`: the best of a class's bases, chosen when they were set.
pub fn base_of(ty: &ObjRef) -> Option<ObjRef> {
    type_data(ty).base.borrow().clone()
}

/// `best_base` without the error: `Err` when two solid bases are unrelated.
fn pick_best_base(bases: &[ObjRef]) -> Result<Option<ObjRef>, ()> {
    let mut best: Option<(&ObjRef, ObjRef)> = None;
    for base in bases {
        let candidate = solid_base(base);
        match &best {
            None => best = Some((base, candidate)),
            Some((_, winner)) if is_subtype(winner, &candidate) => {}
            Some((_, winner)) if is_subtype(&candidate, winner) => best = Some((base, candidate)),
            Some(_) => return Err(()),
        }
    }
    Ok(best.map(|(base, _)| base.clone()))
}

/// The class that fixes the instance layout of `ty` (CPython's `solid_base`): a
/// class is its own solid base when it adds storage other than a `__dict__` and
/// weak references (named `__slots__`, or a builtin's payload).
fn solid_base(ty: &ObjRef) -> ObjRef {
    let data = type_data(ty);
    if data.heap {
        if !own_slot_names(ty).is_empty() {
            return ty.clone();
        }
        return match base_of(ty) {
            Some(base) => solid_base(&base),
            None => ty.clone(),
        };
    }
    // A builtin type extends the topmost of its ancestors with the same payload.
    let mut solid = ty.clone();
    while let Some(parent) = base_of(&solid) {
        if type_data(&parent).layout != data.layout {
            break;
        }
        solid = parent;
    }
    solid
}

/// A descriptor for a new member of `ty`'s instances (a `__slots__` name, a struct
/// sequence's field): it takes the next member index of the layout.
pub fn new_member_descriptor(
    vm: &mut Vm,
    ty: &ObjRef,
    name: &str,
    kind: crate::object::MemberKind,
) -> Value {
    let data = type_data(ty);
    let index = data.member_count.get();
    data.member_count.set(index + 1);
    let member = crate::object::MemberDef {
        name: Rc::from(name),
        owner: ty.clone(),
        index,
        kind,
    };
    Value::Obj(PyObject::new(
        vm.types.member_descriptor.clone(),
        Payload::MemberDescriptor(member),
    ))
}

/// The `__slots__` names a class itself declares (`__dict__` and `__weakref__` not
/// counted), sorted as CPython keeps them.
pub fn own_slot_names(ty: &ObjRef) -> Vec<String> {
    let mut names: Vec<String> = dict::dict_items(&type_data(ty).dict)
        .into_iter()
        .filter_map(|(name, descr)| match &descr {
            Value::Obj(d) => match &d.payload {
                Payload::MemberDescriptor(m) if Rc::ptr_eq(&m.owner, ty) => {
                    abstract_::value_as_str(&name).map(str::to_owned)
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    names.sort();
    names
}

/// The most derived builtin layout among `bases` (CPython's `best_base`).
pub fn solid_layout(bases: &[ObjRef]) -> Layout {
    bases
        .iter()
        .map(|b| type_data(b).layout)
        .find(|l| *l != Layout::Object)
        .unwrap_or(Layout::Object)
}

/// Makes a class: what `type.__new__(metatype, name, bases, namespace)` does once the
/// arguments are checked. The namespace dict is copied.
pub fn new_heap_type(
    vm: &mut Vm,
    metatype: &ObjRef,
    name: &str,
    bases: Vec<ObjRef>,
    namespace: &ObjRef,
) -> PyResult<ObjRef> {
    let bases = if bases.is_empty() {
        vec![vm.types.object.clone()]
    } else {
        bases
    };
    for base in &bases {
        let data = type_data(base);
        if !data.base_type.get() {
            return Err(vm.new_type_error(format!(
                "type '{}' is not an acceptable base type",
                data.tp_name()
            )));
        }
    }
    let best = best_base(vm, &bases)?;
    let layout = solid_layout(&bases);
    let dict_copy = match dict::as_dict(namespace) {
        // A dict subclass that iterates in its own order (an `OrderedDict`) is
        // copied in that order, through its keys, as `PyDict_Copy` does.
        Some(_) if !dict::iterates_as_dict(vm, namespace) => {
            let copy = vm.new_dict();
            dict::dict_merge(vm, &copy, &Value::Obj(namespace.clone()), true)?;
            copy
        }
        source => {
            let source = source.map(|d| d.borrow().clone()).unwrap_or_default();
            PyObject::new(vm.types.dict.clone(), Payload::Dict(RefCell::new(source)))
        }
    };
    let qualname = match dict::dict_get_str(&dict_copy, "__qualname__") {
        Some(q) => match crate::abstract_::value_as_str(&q) {
            Some(s) => s.to_owned(),
            None => {
                return Err(vm.new_type_error(format!(
                    "type __qualname__ must be a str, not {}",
                    vm.type_name_of(&q)
                )))
            }
        },
        None => name.to_owned(),
    };
    dict_copy_remove(&dict_copy, "__qualname__");
    // The cell that methods using `__class__` or `super()` share: filled with the
    // new class before anything can run them (a custom `mro()` may).
    let class_cell = match dict::dict_get_str(&dict_copy, "__classcell__") {
        Some(Value::Obj(cell)) if matches!(cell.payload, Payload::Cell(_)) => Some(cell),
        Some(other) => {
            let kind = abstract_::repr_string(vm, &Value::Obj(vm.type_of(&other)))?;
            return Err(
                vm.new_type_error(format!("__classcell__ must be a nonlocal cell, not {kind}"))
            );
        }
        None => None,
    };
    dict_copy_remove(&dict_copy, "__classcell__");
    // Member names are mangled as private names in the class body are, and made
    // in sorted order, as CPython's.
    let slots = match dict::dict_get_str(&dict_copy, "__slots__") {
        Some(s) => {
            let mut names: Vec<String> = slot_names(vm, &s)?
                .iter()
                .map(|slot| krait_compiler::mangle(Some(name), slot).to_string())
                .collect();
            names.sort();
            Some(names)
        }
        None => None,
    };
    let inherits_dict = bases.iter().any(|b| type_data(b).instance_dict.get());
    let dict_slots = slots
        .as_ref()
        .map_or(0, |names| names.iter().filter(|n| *n == "__dict__").count());
    if dict_slots > 1 || (dict_slots == 1 && inherits_dict) {
        return Err(vm.new_type_error("__dict__ slot disallowed: we already got one".to_owned()));
    }
    let wants_dict = slots.is_none() || dict_slots == 1;
    // Only one base can bring members (or the layouts would conflict).
    let inherited_members = bases
        .iter()
        .map(|b| type_data(b).member_count.get())
        .max()
        .unwrap_or(0);
    let inherits_weakref = bases.iter().any(|b| type_data(b).weakrefable.get());
    // Instances of int, tuple and bytes end in their items: no room for a weak list.
    let items_inline = matches!(layout, Layout::Int | Layout::Tuple | Layout::Bytes);
    let adds_weakref = match &slots {
        None => !inherits_weakref && !items_inline,
        Some(names) => {
            if items_inline && !names.is_empty() {
                return Err(vm.new_type_error(format!(
                    "nonempty __slots__ not supported for subtype of '{}'",
                    type_name(&bases[0])
                )));
            }
            let wanted = names.iter().filter(|n| *n == "__weakref__").count();
            if wanted > 0 && (inherits_weakref || items_inline || wanted > 1) {
                return Err(vm.new_type_error(
                    "__weakref__ slot disallowed: either we already got one, or __itemsize__ != 0"
                        .to_owned(),
                ));
            }
            wanted == 1
        }
    };
    let data = TypeData {
        name: RefCell::new(name.to_owned()),
        qualname: RefCell::new(qualname),
        module: RefCell::new(None),
        bases: RefCell::new(bases.clone()),
        base: RefCell::new(Some(best.clone())),
        mro: RefCell::new(Vec::new()),
        dict: dict_copy,
        layout,
        heap: true,
        instance_dict: Cell::new(wants_dict || inherits_dict),
        base_type: Cell::new(true),
        immutable: Cell::new(false),
        member_count: Cell::new(inherited_members),
        is_abstract: Cell::new(false),
        weakrefable: Cell::new(inherits_weakref || adds_weakref),
        collection_flags: Cell::new(0),
        subclasses: RefCell::new(Vec::new()),
        text_signature: Cell::new(None),
        finalizer: RefCell::new(None),
        weak_callback_queue: RefCell::new(None),
        method_cache: RefCell::new(Default::default()),
        version_tag: Cell::new(0),
        mro_epoch: Cell::new(0),
        plain_init: RefCell::new(None),
        exception_families: Cell::new((0, 0)),
        gc: std::cell::OnceCell::new(),
        slots: Default::default(),
        vectorcall: Cell::new(None),
        shared_keys: RefCell::new(None),
    };
    let ty = PyObject::new(metatype.clone(), Payload::Type(Box::new(data)));
    let _ = type_data(&ty).gc.set(vm.gc.clone());
    if adds_weakref {
        add_getset(vm, &ty, "__weakref__", get_weakref, None);
    }
    for name in slots.iter().flatten() {
        if name == "__dict__" || name == "__weakref__" {
            continue;
        }
        let dict = type_data(&ty).dict.clone();
        let existing = dict::dict_get_str(&dict, name);
        // A name listed twice gets one descriptor.
        if matches!(&existing, Some(Value::Obj(d)) if matches!(d.payload, Payload::MemberDescriptor(..)))
        {
            continue;
        }
        if existing.is_some() {
            return Err(vm.new_value_error(format!(
                "'{name}' in __slots__ conflicts with class variable"
            )));
        }
        let descr = new_member_descriptor(vm, &ty, name, crate::object::MemberKind::Slot);
        dict::dict_set_str(vm, &dict, name, descr);
    }
    for base in &bases {
        type_data(base)
            .subclasses
            .borrow_mut()
            .push(Rc::downgrade(&ty));
    }
    if let Some(cell) = &class_cell {
        if let Payload::Cell(contents) = &cell.payload {
            let old = contents.replace(Some(Value::Obj(ty.clone())));
            drop(old);
        }
    }
    let mro = compute_mro(vm, &ty)?;
    // Pattern matching's sequence or mapping kind: the first along the MRO
    // that has one (CPython's `inherit_patma_flags`).
    let flags = mro[1..]
        .iter()
        .map(|class| type_data(class).collection_flags.get())
        .find(|flags| *flags != 0)
        .unwrap_or(0);
    type_data(&ty).collection_flags.set(flags);
    *type_data(&ty).mro.borrow_mut() = mro;
    crate::slots::fill_slots(&ty);
    Ok(ty)
}

/// The MRO a class gets when it is made or its bases change: the C3 order of its
/// bases, or what its metaclass's own `mro()` returns, checked (CPython's
/// `mro_invoke`). The class has its old MRO (none, when new) while `mro()` runs.
fn compute_mro(vm: &mut Vm, ty: &ObjRef) -> PyResult<Vec<ObjRef>> {
    let meta = ty.class();
    if Rc::ptr_eq(&meta, &vm.types.type_) {
        return c3_of_bases(vm, ty);
    }
    let method = lookup(&meta, "mro");
    let own = dict::dict_get_str(&type_data(&vm.types.type_).dict, "mro");
    let custom = match (&method, &own) {
        (Some(m), Some(own)) => !m.is(own),
        _ => method.is_some(),
    };
    if !custom {
        return c3_of_bases(vm, ty);
    }
    let method = method.expect("a custom mro method");
    let result = abstract_::call_unbound(vm, &method, &Value::Obj(ty.clone()), &[])?;
    let items = abstract_::collect_iterable(vm, &result)?;
    if items.is_empty() {
        return Err(vm.new_type_error("type MRO must not be empty".to_owned()));
    }
    let solid = solid_base(ty);
    let mut mro = Vec::with_capacity(items.len());
    for item in items {
        let Some(class) = item.as_obj().filter(|o| o.type_data().is_some()).cloned() else {
            return Err(vm.new_type_error(format!(
                "mro() returned a non-class ('{}')",
                vm.type_name_of(&item)
            )));
        };
        // Every class listed must have a layout the new class's extends.
        if !is_subtype(&solid, &solid_base(&class)) {
            return Err(vm.new_type_error(format!(
                "mro() returned base with unsuitable layout ('{}')",
                type_data(&class).tp_name()
            )));
        }
        mro.push(class);
    }
    Ok(mro)
}

/// The C3 order of `ty` and its bases (CPython's `mro_implementation`, what
/// `type.mro()` returns); every base must have its own MRO already.
fn c3_of_bases(vm: &mut Vm, ty: &ObjRef) -> PyResult<Vec<ObjRef>> {
    let bases = type_data(ty).bases.borrow().clone();
    if let Some(incomplete) = bases.iter().find(|b| type_data(b).mro.borrow().is_empty()) {
        return Err(vm.new_type_error(format!(
            "Cannot extend an incomplete type '{}'",
            type_data(incomplete).tp_name()
        )));
    }
    c3_mro(ty, &bases).ok_or_else(|| mro_error(vm, &bases))
}

/// The names in a `__slots__` value: one string or an iterable of strings.
fn slot_names(vm: &mut Vm, slots: &Value) -> PyResult<Vec<String>> {
    let items = match crate::abstract_::value_as_str(slots) {
        Some(s) => vec![s.to_owned()],
        None => crate::abstract_::collect_iterable(vm, slots)?
            .iter()
            .map(|v| match crate::abstract_::value_as_str(v) {
                Some(s) => Ok(s.to_owned()),
                None => Err(vm.new_type_error(format!(
                    "__slots__ items must be strings, not '{}'",
                    vm.type_name_of(v)
                ))),
            })
            .collect::<PyResult<Vec<_>>>()?,
    };
    for name in &items {
        let ok = name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !ok {
            return Err(vm.new_type_error("__slots__ must be identifiers".to_owned()));
        }
    }
    Ok(items)
}

fn dict_copy_remove(dict: &ObjRef, name: &str) {
    if let Some(d) = dict::as_dict(dict) {
        d.borrow_mut().remove_str(name);
    }
}

/// Makes an instance of `class` with the given payload, with a `__dict__` when the
/// class's instances have one.
use crate::objects::instance_values::{InlineValues, SharedKeys};

pub fn new_instance(vm: &mut Vm, class: &ObjRef, payload: Payload) -> ObjRef {
    let data = type_data(class);
    if data.instance_dict.get() && data.heap && matches!(payload, Payload::Instance) {
        let keys = data
            .shared_keys
            .borrow_mut()
            .get_or_insert_with(|| SharedKeys::new(vm.types.dict.clone()))
            .clone();
        let values = RefCell::new(InlineValues::new(keys));
        PyObject::new(class.clone(), Payload::Values(values))
    } else if data.instance_dict.get() {
        let dict = vm.new_dict();
        PyObject::with_dict(class.clone(), payload, dict)
    } else {
        PyObject::new(class.clone(), payload)
    }
}

// ---------------------------------------------------------------------------
// The `type` type's methods and attributes

use crate::abstract_;
use crate::objects::function::{ArgValues, Args};
use crate::objects::{add_getset, add_method, add_method_sig, add_new, this};

static MRO: Signature = Signature::of("type", "mro", "($self, /)");
static SUBCLASSES: Signature = Signature::of("type", "__subclasses__", "($self, /)");
static DIR: Signature = Signature::of("type", "__dir__", "($self, /)");
static INSTANCECHECK: Signature =
    Signature::of("type", "__instancecheck__", "($self, instance, /)");
static SUBCLASSCHECK: Signature =
    Signature::of("type", "__subclasscheck__", "($self, subclass, /)");

/// A class's `__name__` or `__qualname__` as a str: the same object at each read
/// for a class statement's class (CPython keeps it in the type), a new one for a
/// builtin type.
fn name_object(vm: &mut Vm, data: &TypeData, text: &str) -> Value {
    if data.heap {
        Value::Obj(vm.intern(text))
    } else {
        vm.new_str(text)
    }
}

/// The list of the names `dir()` gathered as the keys of `names`.
pub(crate) fn dir_names(vm: &mut Vm, names: &ObjRef) -> Value {
    let keys = crate::objects::dict::as_dict(names).map_or_else(Vec::new, |d| d.borrow().keys());
    vm.new_list(keys)
}

/// `type.__dir__`: the names in the namespaces of `class` and, recursively, of its
/// bases (CPython's `merge_class_dict`), gathered as the keys of `names`.
pub(crate) fn merge_class_dicts(vm: &mut Vm, names: &ObjRef, class: &ObjRef) -> PyResult<()> {
    vm.enter_recursive_call(" while getting the dir of a class")?;
    let data = type_data(class);
    let merged = crate::objects::dict::dict_merge(vm, names, &Value::Obj(data.dict.clone()), true);
    let bases = data.bases.borrow().clone();
    let merged = merged.and_then(|()| {
        bases
            .iter()
            .try_for_each(|base| merge_class_dicts(vm, names, base))
    });
    vm.leave_recursive_call();
    merged
}

pub fn init(vm: &mut Vm) {
    let ty = vm.types.type_.clone();
    add_new(vm, &ty, type_new);
    // `type(x)`: the class of `x`, without the binding.
    crate::objects::set_vectorcall(&ty, 1, 1, |vm, args| Ok(Value::Obj(vm.type_of(&args[0]))));
    add_method(vm, &ty, "__init__", |_, _| Ok(Value::None));
    crate::native::add_slot(vm, &ty, NativeSlot::Repr(type_repr));
    crate::native::add_slot(vm, &ty, crate::slots::NativeSlot::Call(type_call_slot));
    add_method_sig(vm, &ty, &MRO, |vm, args| {
        let (t, []) = MRO.bind(vm, args)?;
        // The C3 order, made afresh from the bases (a metaclass's `mro()`
        // calls this while the class has no MRO yet).
        let t = given(t);
        let Some(ty) = t.as_obj().filter(|o| o.type_data().is_some()) else {
            return Ok(vm.new_list(vec![]));
        };
        let mro = c3_of_bases(vm, ty)?;
        Ok(vm.new_list(mro.into_iter().map(Value::Obj).collect()))
    });
    add_method_sig(vm, &ty, &DIR, |vm, args| {
        let (t, []) = DIR.bind(vm, args)?;
        let names = vm.new_dict();
        if let Some(Value::Obj(t)) = t {
            merge_class_dicts(vm, &names, &t)?;
        }
        Ok(dir_names(vm, &names))
    });
    add_method_sig(vm, &ty, &SUBCLASSES, |vm, args| {
        let (t, []) = SUBCLASSES.bind(vm, args)?;
        let Some(Value::Obj(t)) = t else {
            return Ok(vm.new_list(vec![]));
        };
        let subs = live_subclasses(&t).into_iter().map(Value::Obj).collect();
        Ok(vm.new_list(subs))
    });
    add_method_sig(vm, &ty, &INSTANCECHECK, |vm, args| {
        let (cls, [obj]) = INSTANCECHECK.bind(vm, args)?;
        let found = crate::builtins::real_isinstance(vm, &given(obj), &given(cls))?;
        Ok(Value::Bool(found))
    });
    add_method_sig(vm, &ty, &SUBCLASSCHECK, |vm, args| {
        let (cls, [sub]) = SUBCLASSCHECK.bind(vm, args)?;
        let found = crate::builtins::real_issubclass(vm, &given(sub), &given(cls))?;
        Ok(Value::Bool(found))
    });
    crate::objects::add_classmethod(vm, &ty, "__prepare__", |vm, _| {
        Ok(Value::Obj(vm.new_dict()))
    });
    add_getset(
        vm,
        &ty,
        "__name__",
        |vm, t| {
            let data = type_data(t.as_obj().expect("a type"));
            Ok(name_object(vm, data, &data.name()))
        },
        Some(set_name),
    );
    add_getset(
        vm,
        &ty,
        "__qualname__",
        |vm, t| {
            let data = type_data(t.as_obj().expect("a type"));
            let qualname = data.qualname.borrow().clone();
            Ok(name_object(vm, data, &qualname))
        },
        Some(set_qualname),
    );
    add_getset(vm, &ty, "__module__", get_module, Some(set_module));
    add_getset(
        vm,
        &ty,
        "__dict__",
        |vm, t| {
            let d = type_data(t.as_obj().expect("a type")).dict.clone();
            Ok(mappingproxy(vm, d))
        },
        None,
    );
    add_getset(
        vm,
        &ty,
        "__mro__",
        |vm, t| {
            let mro: Vec<Value> = type_data(t.as_obj().expect("a type"))
                .mro
                .borrow()
                .iter()
                .cloned()
                .map(Value::Obj)
                .collect();
            // None while a metaclass's `mro()` computes the first one.
            if mro.is_empty() {
                return Ok(Value::None);
            }
            Ok(vm.new_tuple(mro))
        },
        None,
    );
    add_getset(
        vm,
        &ty,
        "__bases__",
        |vm, t| {
            let bases = type_data(t.as_obj().expect("a type"))
                .bases
                .borrow()
                .iter()
                .cloned()
                .map(Value::Obj)
                .collect();
            Ok(vm.new_tuple(bases))
        },
        Some(set_bases),
    );
    add_getset(
        vm,
        &ty,
        "__base__",
        |_vm, t| {
            let base = t.as_obj().and_then(base_of);
            Ok(base.map(Value::Obj).unwrap_or(Value::None))
        },
        None,
    );
    add_getset(vm, &ty, "__flags__", type_flags, None);
    add_getset(vm, &ty, "__doc__", type_doc, Some(set_type_doc));
    add_getset(
        vm,
        &ty,
        "__basicsize__",
        |_vm, t| {
            let ty = t.as_obj().expect("a type");
            Ok(Value::Int(crate::objects::sizeof::basicsize(ty) as i64))
        },
        None,
    );
    add_getset(
        vm,
        &ty,
        "__itemsize__",
        |_vm, t| {
            let ty = t.as_obj().expect("a type");
            Ok(Value::Int(crate::objects::sizeof::itemsize(ty) as i64))
        },
        None,
    );
    add_getset(vm, &ty, "__text_signature__", type_text_signature, None);
    add_getset(
        vm,
        &ty,
        "__annotations__",
        type_annotations,
        Some(set_type_annotations),
    );
    add_getset(
        vm,
        &ty,
        "__abstractmethods__",
        |vm, t| {
            // `type` pretends not to have one: its namespace holds this descriptor.
            let ty = t.as_obj().expect("a type");
            let found =
                crate::objects::dict::dict_get_str(&type_data(ty).dict, "__abstractmethods__")
                    .filter(|_| !Rc::ptr_eq(ty, &vm.types.type_));
            found.ok_or_else(|| vm.new_attribute_error("__abstractmethods__".to_owned()))
        },
        Some(|vm, t, v| {
            let data = type_data(t.as_obj().expect("a type"));
            let d = data.dict.clone();
            match v {
                Some(v) => {
                    let is_abstract = abstract_::is_true(vm, &v)?;
                    crate::objects::dict::dict_set_str(vm, &d, "__abstractmethods__", v);
                    type_data(t.as_obj().expect("a type"))
                        .is_abstract
                        .set(is_abstract);
                }
                None => {
                    if crate::objects::dict::dict_get_str(&d, "__abstractmethods__").is_none() {
                        return Err(vm.new_attribute_error("__abstractmethods__".to_owned()));
                    }
                    data.is_abstract.set(false);
                    dict_copy_remove(&d, "__abstractmethods__");
                }
            }
            Ok(())
        }),
    );
}

/// The UnicodeEncodeError of a str holding lone surrogates, which CPython keeps as
/// UTF-8 where it stores it (a type's name, its `__doc__`).
fn check_utf8(vm: &mut Vm, v: &Value) -> PyResult<()> {
    if let Some(text) = crate::objects::str::as_pystr(v) {
        if text.has_surrogates() {
            crate::objects::str_methods::encode(vm, text, "utf-8", "strict")?;
        }
    }
    Ok(())
}

/// `C.__name__ = name` (CPython's `type_set_name`).
fn set_name(vm: &mut Vm, t: &Value, v: Option<Value>) -> PyResult<()> {
    let given = v.clone();
    let (ty, name) = special_type_str(vm, t, v, "__name__")?;
    if let Some(given) = &given {
        check_utf8(vm, given)?;
    }
    if name.contains('\0') {
        return Err(vm.new_value_error("type name must not contain null characters".to_owned()));
    }
    *type_data(&ty).name.borrow_mut() = name;
    Ok(())
}

/// `C.__qualname__ = name` (CPython's `type_set_qualname`).
fn set_qualname(vm: &mut Vm, t: &Value, v: Option<Value>) -> PyResult<()> {
    let (ty, name) = special_type_str(vm, t, v, "__qualname__")?;
    *type_data(&ty).qualname.borrow_mut() = name;
    Ok(())
}

/// The class and the new text of its `__name__` or `__qualname__`, checked as
/// CPython checks them.
fn special_type_str(
    vm: &mut Vm,
    t: &Value,
    value: Option<Value>,
    attr: &str,
) -> PyResult<(ObjRef, String)> {
    let Some(ty) = t.as_obj().filter(|o| o.type_data().is_some()).cloned() else {
        return Err(vm.new_type_error(format!("descriptor '{attr}' for 'type' objects")));
    };
    check_special_type_attr(vm, &ty, &value, attr)?;
    let value = value.unwrap_or(Value::None);
    match abstract_::value_as_str(&value) {
        Some(s) => Ok((ty, s.to_owned())),
        None => Err(vm.new_type_error(format!(
            "can only assign string to {}.{attr}, not '{}'",
            type_name(&ty),
            vm.type_name_of(&value)
        ))),
    }
}

/// `__module__` of a class: from its namespace, `builtins` for builtin types.
pub fn type_module(_vm: &mut Vm, ty: &ObjRef) -> Option<String> {
    let data = type_data(ty);
    if let Some(m) = data.module.borrow().clone() {
        return Some(m);
    }
    match crate::objects::dict::dict_get_str(&data.dict, "__module__") {
        Some(v) => abstract_::value_as_str(&v).map(str::to_owned),
        None => Some("builtins".to_owned()),
    }
}

/// `type.__module__`: a class's from its namespace; a builtin type's is its module's
/// name (its namespace may hold a `__module__` descriptor for its instances).
fn get_module(vm: &mut Vm, t: &Value) -> PyResult<Value> {
    let Some(ty) = t.as_obj().filter(|o| o.type_data().is_some()) else {
        return Err(vm.new_type_error("descriptor '__module__' for 'type' objects".to_owned()));
    };
    let data = type_data(ty);
    if data.heap {
        return crate::objects::dict::dict_get_str(&data.dict, "__module__")
            .ok_or_else(|| vm.new_attribute_error("__module__".to_owned()));
    }
    let module = data.module.borrow().clone();
    Ok(vm.new_str(module.unwrap_or_else(|| "builtins".to_owned())))
}

fn set_module(vm: &mut Vm, t: &Value, v: Option<Value>) -> PyResult<()> {
    let Some(ty) = t.as_obj() else {
        return Err(vm.new_type_error("descriptor '__module__' for 'type' objects".to_owned()));
    };
    check_special_type_attr(vm, ty, &v, "__module__")?;
    let d = type_data(ty).dict.clone();
    crate::objects::dict::dict_set_str(vm, &d, "__module__", v.unwrap_or(Value::None));
    invalidate_lookups(ty);
    Ok(())
}

fn type_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let Value::Obj(t) = this else {
        return Ok(vm.new_str("<class ?>"));
    };
    // Without a module name (or in builtins) CPython prints `tp_name`.
    let s = match type_module(vm, t).as_deref() {
        Some("builtins") | None => format!("<class '{}'>", type_name(t)),
        Some(m) => format!("<class '{m}.{}'>", type_data(t).qualname.borrow()),
    };
    Ok(vm.new_str(s))
}

/// Calling a class: its metatype's call slot, which is `type.__call__`'s unless a
/// metaclass overrides it.
pub fn type_call(vm: &mut Vm, class: &ObjRef, args: Args) -> PyResult<Value> {
    let call = type_data(&class.class()).slots.call.get();
    match call {
        Some(call) if !std::ptr::fn_addr_eq(call, type_call_slot as crate::slots::CallFn) => {
            call(vm, &Value::Obj(class.clone()), args)
        }
        _ => type_call_plain(vm, class, args),
    }
}

/// `type.__call__` (the call slot of `type`): makes an instance of the class.
fn type_call_slot(vm: &mut Vm, class: &Value, args: Args) -> PyResult<Value> {
    match class {
        Value::Obj(c) if c.type_data().is_some() => type_call_plain(vm, c, args),
        other => Err(vm.new_type_error(format!(
            "descriptor '__call__' requires a 'type' object but received a '{}'",
            vm.type_name_of(other)
        ))),
    }
}

/// `type.__call__(cls, *args, **kw)`: `__new__`, then `__init__` when `__new__`
/// returned an instance of `cls`.
pub fn type_call_plain(vm: &mut Vm, class: &ObjRef, args: Args) -> PyResult<Value> {
    if Rc::ptr_eq(class, &vm.types.type_) && args.pos.len() == 1 && args.kw.is_empty() {
        if let Some(only) = args.pos.first() {
            return Ok(Value::Obj(vm.type_of(only)));
        }
    }
    let Some(new) = type_data(class).slots.new.get() else {
        return Err(vm.new_type_error(format!("cannot create '{}' instances", type_name(class))));
    };
    let mut new_pos = ArgValues::with_capacity(args.pos.len() + 1);
    new_pos.push(Value::Obj(class.clone()));
    new_pos.extend(args.pos.iter().cloned());
    let obj = new(
        vm,
        Args {
            pos: new_pos,
            kw: args.kw.clone(),
        },
    )?;
    let Value::Obj(o) = &obj else {
        return Ok(obj);
    };
    let obj_class = o.class_ref();
    if !std::ptr::eq(obj_class, &**class) && !is_subtype(&o.class(), class) {
        return Ok(obj);
    }
    // `object.__init__` could only complain of extra arguments where `object.__new__`
    // already did: it need not be called.
    let object_init: crate::slots::NewOrInitFn = crate::objects::object::object_init;
    let init = type_data(obj_class)
        .slots
        .init
        .get()
        .filter(|f| !std::ptr::fn_addr_eq(*f, object_init));
    if let Some(init) = init {
        let mut args = args;
        args.pos.insert(0, obj.clone());
        init(vm, args)?;
    }
    Ok(obj)
}

/// `type.__new__(metatype, name, bases, namespace, **kw)` and `type(obj)`.
fn type_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos;
    let Some(Value::Obj(metatype)) = pos.first().cloned() else {
        return Err(vm.new_type_error("type.__new__(X): X is not a type object".to_owned()));
    };
    if pos.len() == 2 && Rc::ptr_eq(&metatype, &vm.types.type_) {
        return Ok(Value::Obj(vm.type_of(&pos[1])));
    }
    if pos.len() != 4 {
        return Err(vm.new_type_error("type() takes 1 or 3 arguments".to_owned()));
    }
    let Some(name) = abstract_::value_as_str(&pos[1]).map(str::to_owned) else {
        return Err(vm.new_type_error(format!(
            "type.__new__() argument 1 must be str, not {}",
            vm.type_name_of(&pos[1])
        )));
    };
    // A type's name is kept as UTF-8 with no NUL (CPython's checks).
    check_utf8(vm, &pos[1])?;
    if name.contains('\0') {
        return Err(vm.new_value_error("type name must not contain null characters".to_owned()));
    }
    let Some(bases) = abstract_::tuple_items(&pos[2]) else {
        return Err(vm.new_type_error(format!(
            "type.__new__() argument 2 must be tuple, not {}",
            vm.type_name_of(&pos[2])
        )));
    };
    let Value::Obj(namespace) = &pos[3] else {
        return Err(vm.new_type_error(format!(
            "type.__new__() argument 3 must be dict, not {}",
            vm.type_name_of(&pos[3])
        )));
    };
    if crate::objects::dict::as_dict(namespace).is_none() {
        return Err(vm.new_type_error(format!(
            "type.__new__() argument 3 must be dict, not {}",
            vm.type_name_of(&pos[3])
        )));
    }
    // The most derived metatype wins (CPython's `_PyType_CalculateMetaclass`).
    let mut winner = metatype.clone();
    for b in &bases {
        let bm = vm.type_of(b);
        if is_subtype(&winner, &bm) {
            continue;
        }
        if is_subtype(&bm, &winner) {
            winner = bm;
            continue;
        }
        return Err(vm.new_type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases".to_owned(),
        ));
    }
    // A more derived metaclass with its own `__new__` makes the class instead.
    if !Rc::ptr_eq(&winner, &metatype) {
        if let Some(winner_new) = lookup(&winner, "__new__") {
            let type_new =
                crate::objects::dict::dict_get_str(&type_data(&vm.types.type_).dict, "__new__");
            if !type_new.is_some_and(|t| t.is(&winner_new)) {
                let winner_new = match &winner_new {
                    Value::Obj(o) => match &o.payload {
                        Payload::StaticMethod(f) => f.borrow().clone(),
                        _ => winner_new.clone(),
                    },
                    _ => winner_new,
                };
                let mut new_pos: ArgValues = smallvec::smallvec![Value::Obj(winner.clone())];
                new_pos.extend(pos[1..].iter().cloned());
                return vm.call(
                    &winner_new,
                    Args {
                        pos: new_pos,
                        kw: args.kw,
                    },
                );
            }
        }
    }
    let mut base_types = Vec::new();
    for b in bases {
        match b {
            Value::Obj(o) if o.type_data().is_some() => base_types.push(o),
            other => {
                return Err(vm.new_type_error(format!(
                    "type.__new__() argument 2 must be tuple of types, not {}",
                    vm.type_name_of(&other)
                )))
            }
        }
    }
    let ty = new_heap_type(vm, &winner, &name, base_types, namespace)?;
    let dict = type_data(&ty).dict.clone();
    if crate::objects::dict::dict_get_str(&dict, "__module__").is_none() {
        let module = vm
            .frames
            .last()
            .and_then(|f| crate::objects::dict::dict_get_str(&f.globals, "__name__"));
        if let Some(m) = module {
            crate::objects::dict::dict_set_str(vm, &dict, "__module__", m);
        }
    }
    finish_class(vm, &ty, args.kw)?;
    Ok(Value::Obj(ty))
}

/// After a class object exists: `__dict__` access for its instances, `__set_name__`
/// on its attributes, then `__init_subclass__` of its parent.
fn finish_class(vm: &mut Vm, ty: &ObjRef, kw: Vec<(ObjRef, Value)>) -> PyResult<()> {
    let data = type_data(ty);
    let dict = data.dict.clone();
    // Functions defined in the body become plain functions; `__new__` is implicitly static,
    // `__init_subclass__` and `__class_getitem__` implicitly class methods.
    for (name, wrap) in [
        ("__new__", "static"),
        ("__init_subclass__", "class"),
        ("__class_getitem__", "class"),
    ] {
        if let Some(f) = crate::objects::dict::dict_get_str(&dict, name) {
            if matches!(&f, Value::Obj(o) if matches!(o.payload, Payload::Function(_))) {
                let wrapped = if wrap == "static" {
                    PyObject::new(
                        vm.types.staticmethod.clone(),
                        Payload::StaticMethod(RefCell::new(f)),
                    )
                } else {
                    PyObject::new(
                        vm.types.classmethod.clone(),
                        Payload::ClassMethod(RefCell::new(f)),
                    )
                };
                crate::objects::dict::dict_set_str(vm, &dict, name, Value::Obj(wrapped));
            }
        }
    }
    // A class's namespace is its `__dict__`: metaclasses add no other.
    if data.instance_dict.get()
        && !matches!(data.layout, Layout::Type)
        && !data
            .bases
            .borrow()
            .iter()
            .any(|b| type_data(b).instance_dict.get())
    {
        add_instance_dict_descriptor(vm, ty);
    }
    // Instances go here to be finalised whenever the class (or a base, or a
    // later assignment) gives them a `__del__` slot.
    *data.finalizer.borrow_mut() = Some(vm.finalizers.clone());
    // Defining `__eq__` without `__hash__` makes instances unhashable.
    if crate::objects::dict::dict_get_str(&dict, "__eq__").is_some()
        && crate::objects::dict::dict_get_str(&dict, "__hash__").is_none()
    {
        crate::objects::dict::dict_set_str(vm, &dict, "__hash__", Value::None);
    }
    match crate::objects::dict::dict_get_str(&dict, "__doc__") {
        // A str `__doc__` is kept as UTF-8 too (CPython's `tp_doc`).
        Some(doc) => check_utf8(vm, &doc)?,
        None => crate::objects::dict::dict_set_str(vm, &dict, "__doc__", Value::None),
    }
    invalidate_lookups(ty);
    // The slots were filled when the type was made; these names may have changed
    // since.
    for name in ["__new__", "__hash__"] {
        crate::slots::update_slots_for_name(ty, name);
    }
    // Set `__set_name__` on descriptors that want to know their name.
    for (key, value) in crate::objects::dict::dict_items(&dict) {
        let class = vm.type_of(&value);
        if let Some(set_name) = lookup(&class, "__set_name__") {
            let named = abstract_::call_unbound(
                vm,
                &set_name,
                &value,
                &[Value::Obj(ty.clone()), key.clone()],
            );
            // 3.11 wraps the error in a RuntimeError naming the attribute.
            if let Err(err) = named {
                let key_repr = abstract_::repr_string(vm, &key)?;
                let wrapped = vm.new_runtime_error(format!(
                    "Error calling __set_name__ on '{}' instance {key_repr} in '{}'",
                    type_name(&class),
                    type_name(ty)
                ));
                crate::objects::exceptions::chain_from_cause(&wrapped, &err);
                return Err(wrapped);
            }
        }
    }
    // `super(ty, ty).__init_subclass__(**kw)`, whose `super` refuses a class
    // that a custom `mro()` left out of its own MRO.
    if !data.mro.borrow().iter().any(|c| Rc::ptr_eq(c, ty)) {
        return Err(vm.new_type_error(
            "super(type, obj): obj must be an instance or subtype of type".to_owned(),
        ));
    }
    let mro = data.mro.borrow().clone();
    for class in mro.iter().skip(1) {
        if let Some(init_sub) =
            crate::objects::dict::dict_get_str(&type_data(class).dict, "__init_subclass__")
        {
            let bound = abstract_::descriptor_get(vm, init_sub, Some(&Value::Obj(ty.clone())), ty)?;
            let bound = match &bound {
                Value::Obj(o) if matches!(o.payload, Payload::BuiltinFunction(_)) => {
                    if let Payload::BuiltinFunction(f) = &o.payload {
                        let mut f = f.clone();
                        f.this = Some(Value::Obj(ty.clone()));
                        Value::Obj(PyObject::new(
                            vm.types.builtin_function.clone(),
                            Payload::BuiltinFunction(f),
                        ))
                    } else {
                        bound
                    }
                }
                _ => bound,
            };
            vm.call(
                &bound,
                Args {
                    pos: ArgValues::new(),
                    kw,
                },
            )?;
            break;
        }
    }
    Ok(())
}

/// Gives `ty`'s instances the `__dict__` attribute (for a native type whose instances
/// have a dict, as `functools.partial`'s do).
/// `obj.__weakref__`: the object's first weak reference. Krait keeps no list of them
/// per object, so it reads as `None`.
fn get_weakref(_vm: &mut Vm, _obj: &Value) -> PyResult<Value> {
    Ok(Value::None)
}

pub fn add_instance_dict_descriptor(vm: &mut Vm, ty: &ObjRef) {
    // A `__dict__` the class statement defines stays (CPython sets the getset
    // only where the namespace has none).
    if crate::objects::dict::dict_get_str(&type_data(ty).dict, "__dict__").is_some() {
        return;
    }
    add_getset(
        vm,
        ty,
        "__dict__",
        get_instance_dict,
        Some(set_class_instance_dict),
    );
}

fn get_instance_dict(vm: &mut Vm, obj: &Value) -> PyResult<Value> {
    match obj {
        Value::Obj(o) => match o.dict() {
            Some(d) => Ok(Value::Obj(d)),
            None => {
                let d = vm.new_dict();
                o.dict.set(d.clone());
                Ok(Value::Obj(d))
            }
        },
        _ => Err(vm.new_attribute_error("__dict__".to_owned())),
    }
}

/// `obj.__dict__ = d` and `del obj.__dict__` for instances of a class statement's
/// class (CPython's `subtype_setdict`): deleted, the next read makes a new one.
fn set_class_instance_dict(vm: &mut Vm, obj: &Value, value: Option<Value>) -> PyResult<()> {
    match (obj, value) {
        (Value::Obj(o), None) => {
            let values = crate::objects::instance_values::replace_with_dict(o);
            let old = o.dict.replace(None);
            drop((values, old));
            Ok(())
        }
        (obj, value) => set_instance_dict(vm, obj, value),
    }
}

/// `obj.__dict__ = d` (CPython's `PyObject_GenericSetDict`): never deleted.
pub(crate) fn set_instance_dict(vm: &mut Vm, obj: &Value, value: Option<Value>) -> PyResult<()> {
    match (obj, value) {
        (Value::Obj(o), Some(Value::Obj(d))) if crate::objects::dict::as_dict(&d).is_some() => {
            let values = crate::objects::instance_values::replace_with_dict(o);
            let old = o.dict.replace(Some(d));
            drop((values, old));
            Ok(())
        }
        (_, Some(v)) => Err(vm.new_type_error(format!(
            "__dict__ must be set to a dictionary, not a '{}'",
            vm.type_name_of(&v)
        ))),
        _ => Err(vm.new_type_error("cannot delete __dict__".to_owned())),
    }
}

/// `type.__doc__`: the class's own `__doc__`, unless that is the descriptor its
/// instances read theirs through.
fn type_doc(vm: &mut Vm, t: &Value) -> PyResult<Value> {
    let ty = t.as_obj().expect("a type");
    match crate::objects::dict::dict_get_str(&type_data(ty).dict, "__doc__") {
        Some(Value::Obj(d))
            if matches!(
                d.payload,
                Payload::GetSetDescriptor(..) | Payload::MemberDescriptor(..)
            ) =>
        {
            Ok(Value::None)
        }
        Some(d) if abstract_::has_descr_get(&d) => abstract_::descriptor_get(vm, d, None, ty),
        Some(v) => Ok(v),
        None => Ok(Value::None),
    }
}

/// The checks before one of a type's special attributes is set (CPython's
/// `check_set_special_type_attr`): only classes made by class statements take new
/// values, and none can lose them.
fn check_special_type_attr(
    vm: &mut Vm,
    ty: &ObjRef,
    value: &Option<Value>,
    name: &str,
) -> PyResult<()> {
    let data = type_data(ty);
    if data.immutable.get() {
        return Err(vm.new_type_error(format!(
            "cannot set '{name}' attribute of immutable type '{}'",
            data.tp_name()
        )));
    }
    if value.is_none() {
        return Err(vm.new_type_error(format!(
            "cannot delete '{name}' attribute of immutable type '{}'",
            data.tp_name()
        )));
    }
    Ok(())
}

/// `C.__bases__ = (...)` (CPython's `type_set_bases`): checked as CPython does, then
/// the MROs of the class and of every class derived from it are made again, and
/// their slots refilled. An MRO that cannot be made leaves everything as it was.
fn set_bases(vm: &mut Vm, t: &Value, value: Option<Value>) -> PyResult<()> {
    let Some(ty) = t.as_obj().cloned() else {
        return Err(vm.new_type_error("descriptor '__bases__' for 'type' objects".to_owned()));
    };
    check_special_type_attr(vm, &ty, &value, "__bases__")?;
    let name = type_name(&ty);
    let value = value.unwrap_or(Value::None);
    let Some(items) = abstract_::tuple_items(&value) else {
        let given = vm.type_name_of(&value);
        return Err(vm.new_type_error(format!(
            "can only assign tuple to {name}.__bases__, not {given}"
        )));
    };
    if items.is_empty() {
        return Err(vm.new_type_error(format!(
            "can only assign non-empty tuple to {name}.__bases__, not ()"
        )));
    }
    let mut bases = Vec::with_capacity(items.len());
    for item in &items {
        match item {
            Value::Obj(b) if b.type_data().is_some() => {
                if is_subtype(b, &ty) || reaches_through_bases(b, &ty) {
                    return Err(vm.new_type_error(
                        "a __bases__ item causes an inheritance cycle".to_owned(),
                    ));
                }
                bases.push(b.clone());
            }
            other => {
                let given = vm.type_name_of(other);
                return Err(vm.new_type_error(format!(
                    "{name}.__bases__ must be tuple of classes, not '{given}'"
                )));
            }
        }
    }
    let new_base = best_base(vm, &bases)?;
    if let Some(old_base) = base_of(&ty) {
        check_same_layout(vm, &old_base, &new_base, "__bases__")?;
    }
    let old_bases = type_data(&ty).bases.replace(bases.clone());
    let old_base = type_data(&ty).base.replace(Some(new_base));
    let mut remade = Vec::new();
    if let Err(err) = remake_mros(vm, &ty, &mut remade) {
        // Back to the old MROs, except where a custom `mro()` set a newer one.
        for (class, epoch, old_mro) in remade.into_iter().rev() {
            let data = type_data(&class);
            if data.mro_epoch.get() == epoch {
                set_mro(&class, old_mro);
            }
        }
        if same_classes(&type_data(&ty).bases.borrow(), &bases) {
            *type_data(&ty).bases.borrow_mut() = old_bases;
            *type_data(&ty).base.borrow_mut() = old_base;
        }
        return Err(err);
    }
    // A custom `mro()` may have assigned `__bases__` again: that assignment
    // did the bookkeeping.
    if !same_classes(&type_data(&ty).bases.borrow(), &bases) {
        return Ok(());
    }
    for old in &old_bases {
        type_data(old)
            .subclasses
            .borrow_mut()
            .retain(|w| w.upgrade().is_some_and(|c| !Rc::ptr_eq(&c, &ty)));
    }
    for new in &bases {
        type_data(new)
            .subclasses
            .borrow_mut()
            .push(Rc::downgrade(&ty));
    }
    fixup_hierarchy_slots(&ty);
    Ok(())
}

fn same_classes(a: &[ObjRef], b: &[ObjRef]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| Rc::ptr_eq(x, y))
}

/// Gives `ty` a new MRO, forgetting what was looked up along the old one. Its
/// subclasses get theirs from `remake_mros`, and the slots of all of them are
/// refilled once the assignment succeeds.
fn set_mro(ty: &ObjRef, mro: Vec<ObjRef>) -> Vec<ObjRef> {
    let data = type_data(ty);
    let old = data.mro.replace(mro);
    data.mro_epoch.set(data.mro_epoch.get() + 1);
    data.method_cache.borrow_mut().clear();
    data.version_tag.set(0);
    old
}

/// Refills the slots of `ty` and of the classes derived from it.
fn fixup_hierarchy_slots(ty: &ObjRef) {
    crate::slots::fixup_slots(ty);
    for sub in live_subclasses(ty) {
        fixup_hierarchy_slots(&sub);
    }
}

/// Whether `target` is among the bases of `ty`, their bases, and so on. While a
/// custom `mro()` runs inside a `__bases__` assignment, the MROs are not yet
/// remade but the bases are, so a cycle shows here first.
fn reaches_through_bases(ty: &ObjRef, target: &ObjRef) -> bool {
    let mut seen: Vec<ObjRef> = Vec::new();
    let mut stack = vec![ty.clone()];
    while let Some(class) = stack.pop() {
        if Rc::ptr_eq(&class, target) {
            return true;
        }
        if seen.iter().any(|c| Rc::ptr_eq(c, &class)) {
            continue;
        }
        stack.extend(type_data(&class).bases.borrow().iter().cloned());
        seen.push(class);
    }
    false
}

/// Refuses a new base (or class) whose instances are laid out otherwise than the
/// old one's (CPython's `compatible_for_assignment`): instances must fit both.
/// `attribute` is what is being assigned, for the message.
pub(crate) fn check_same_layout(
    vm: &mut Vm,
    old: &ObjRef,
    new: &ObjRef,
    attribute: &str,
) -> PyResult<()> {
    if collected_on_free(old) != collected_on_free(new) {
        return Err(vm.new_type_error(format!(
            "{attribute} assignment: '{}' deallocator differs from '{}'",
            type_name(new),
            type_name(old)
        )));
    }
    // Compare the first classes up each line that add something to their base.
    let (mut new_top, mut old_top) = (new.clone(), old.clone());
    while let Some(base) = base_of(&new_top).filter(|b| adds_nothing(&new_top, b)) {
        new_top = base;
    }
    while let Some(base) = base_of(&old_top).filter(|b| adds_nothing(&old_top, b)) {
        old_top = base;
    }
    let same_line = Rc::ptr_eq(&new_top, &old_top)
        || (same_base(&new_top, &old_top) && same_storage_added(&new_top, &old_top));
    if same_line && has_managed_dict(old) == has_managed_dict(new) {
        return Ok(());
    }
    Err(vm.new_type_error(format!(
        "{attribute} assignment: '{}' object layout differs from '{}'",
        type_name(new),
        type_name(old)
    )))
}

/// Whether a class statement gave the instances of `ty` their `__dict__` (CPython's
/// `Py_TPFLAGS_MANAGED_DICT`), rather than a builtin base whose instances have one
/// of their own (a module, an exception).
fn has_managed_dict(ty: &ObjRef) -> bool {
    let data = type_data(ty);
    if !data.heap || !data.instance_dict.get() {
        return false;
    }
    let mut builtin = base_of(ty);
    while let Some(base) = builtin.clone().filter(|b| type_data(b).heap) {
        builtin = base_of(&base);
    }
    !builtin.is_some_and(|b| type_data(&b).instance_dict.get())
}

/// Whether instances are freed as cycle-collected objects (CPython's `tp_free`):
/// those of classes and of the builtin containers are, numbers and strings not.
fn collected_on_free(ty: &ObjRef) -> bool {
    let data = type_data(ty);
    data.heap
        || !matches!(
            data.layout,
            Layout::Object
                | Layout::Int
                | Layout::Float
                | Layout::Complex
                | Layout::Str
                | Layout::Bytes
                | Layout::ByteArray
        )
}

/// Whether `ty` lays its instances out exactly as its base `base` does (CPython's
/// `compatible_with_tp_base`).
fn adds_nothing(ty: &ObjRef, base: &ObjRef) -> bool {
    let (data, base_data) = (type_data(ty), type_data(base));
    if !data.heap {
        return data.layout == base_data.layout && data.layout != Layout::Object;
    }
    own_slot_names(ty).is_empty()
        && data.instance_dict.get() == base_data.instance_dict.get()
        && data.weakrefable.get() == base_data.weakrefable.get()
        && collected_on_free(base)
}

fn same_base(a: &ObjRef, b: &ObjRef) -> bool {
    match (base_of(a), base_of(b)) {
        (Some(x), Some(y)) => Rc::ptr_eq(&x, &y),
        (None, None) => true,
        _ => false,
    }
}

/// Whether two classes on the same base add the same storage to it (CPython's
/// `same_slots_added`): the same `__slots__`, `__dict__` and weak references. A
/// `__dict__` on a base with inline items (int, tuple, bytes) makes the instance
/// larger in a way CPython never takes for equal.
fn same_storage_added(a: &ObjRef, b: &ObjRef) -> bool {
    let (da, db) = (type_data(a), type_data(b));
    if !da.heap || !db.heap {
        return false;
    }
    let inline_items = base_of(a).is_some_and(|base| {
        matches!(
            type_data(&base).layout,
            Layout::Int | Layout::Tuple | Layout::Bytes
        )
    });
    if inline_items && (da.instance_dict.get() || db.instance_dict.get()) {
        return false;
    }
    own_slot_names(a) == own_slot_names(b)
        && da.instance_dict.get() == db.instance_dict.get()
        && da.weakrefable.get() == db.weakrefable.get()
}

/// Makes the MROs of `ty` and of the classes derived from it again (CPython's
/// `mro_hierarchy`), noting in `remade` each class, its new MRO's epoch and its
/// old MRO, for an undo. A class whose `mro()` replaced its MRO again meanwhile
/// keeps that one, and its subclasses were remade by that replacement.
fn remake_mros(
    vm: &mut Vm,
    ty: &ObjRef,
    remade: &mut Vec<(ObjRef, u64, Vec<ObjRef>)>,
) -> PyResult<()> {
    let data = type_data(ty);
    let epoch = data.mro_epoch.get();
    let mro = compute_mro(vm, ty)?;
    if data.mro_epoch.get() != epoch {
        return Ok(());
    }
    let old = set_mro(ty, mro);
    remade.push((ty.clone(), data.mro_epoch.get(), old));
    for sub in live_subclasses(ty) {
        remake_mros(vm, &sub, remade)?;
    }
    Ok(())
}

/// `type.__text_signature__`: a builtin type's declared one; a class's comes from a
/// docstring that starts as a builtin's internal doc does (`C(x, /)\n--\n\n...`).
fn type_text_signature(vm: &mut Vm, t: &Value) -> PyResult<Value> {
    let Some(ty) = t.as_obj() else {
        return Ok(Value::None);
    };
    let data = type_data(ty);
    if let Some(text) = data.text_signature.get() {
        return Ok(vm.new_str(text));
    }
    if !data.heap {
        return Ok(Value::None);
    }
    let doc = crate::objects::dict::dict_get_str(&data.dict, "__doc__");
    let signature = doc
        .as_ref()
        .and_then(abstract_::value_as_str)
        .and_then(|doc| signature_from_internal_doc(&data.name(), doc))
        .map(str::to_owned);
    Ok(signature.map_or(Value::None, |s| vm.new_str(s)))
}

/// The signature an internal docstring starts with (CPython's
/// `_PyType_GetTextSignatureFromInternalDoc`): the name, then `(...)` ending in
/// `)\n--\n\n` before any blank line.
fn signature_from_internal_doc<'d>(name: &str, doc: &'d str) -> Option<&'d str> {
    let name = name.rsplit('.').next().unwrap_or(name);
    let rest = doc.strip_prefix(name)?;
    if !rest.starts_with('(') {
        return None;
    }
    const END_MARKER: &str = ")\n--\n\n";
    let end = rest.find(END_MARKER)?;
    if rest[..end].contains("\n\n") {
        return None;
    }
    rest.get(..end + 1)
}

/// `C.__annotations__`: the class's own, made empty on first read when its body
/// had none (a class does not show its bases' annotations); builtin types have
/// none.
fn type_annotations(vm: &mut Vm, t: &Value) -> PyResult<Value> {
    let ty = t.as_obj().expect("a type");
    let data = type_data(ty);
    if !data.heap {
        return Err(vm.new_attribute_error(format!(
            "type object '{}' has no attribute '__annotations__'",
            data.tp_name()
        )));
    }
    let dict = data.dict.clone();
    let created = dict::dict_get_str(&dict, "__annotations__").is_none();
    let found = dict::dict_get_or_new_dict(vm, &dict, "__annotations__");
    if created {
        invalidate_lookups(ty);
    }
    if abstract_::has_descr_get(&found) {
        return abstract_::descriptor_get(vm, found, None, ty);
    }
    Ok(found)
}

/// `C.__annotations__ = d` and `del C.__annotations__`, in the class namespace.
fn set_type_annotations(vm: &mut Vm, t: &Value, value: Option<Value>) -> PyResult<()> {
    let ty = t.as_obj().expect("a type");
    let data = type_data(ty);
    if data.immutable.get() {
        return Err(vm.new_type_error(format!(
            "cannot set '__annotations__' attribute of immutable type '{}'",
            data.tp_name()
        )));
    }
    let dict = data.dict.clone();
    if !dict::dict_set_or_remove_str(vm, &dict, "__annotations__", value) {
        return Err(vm.new_attribute_error("__annotations__".to_owned()));
    }
    invalidate_lookups(ty);
    Ok(())
}

/// `C.__doc__ = text`: stored in the class namespace.
fn set_type_doc(vm: &mut Vm, t: &Value, value: Option<Value>) -> PyResult<()> {
    let Some(ty) = t.as_obj() else {
        return Err(vm.new_type_error("descriptor '__doc__' for 'type' objects".to_owned()));
    };
    check_special_type_attr(vm, ty, &value, "__doc__")?;
    let dict = type_data(ty).dict.clone();
    crate::objects::dict::dict_set_str(vm, &dict, "__doc__", value.unwrap_or(Value::None));
    invalidate_lookups(ty);
    Ok(())
}

// ---------------------------------------------------------------------------
// mappingproxy: the read-only view of a class namespace

/// A read-only view of `d` (`type.__dict__`).
pub fn mappingproxy(vm: &mut Vm, d: ObjRef) -> Value {
    Value::Obj(PyObject::with_dict(
        vm.types.mappingproxy.clone(),
        Payload::Instance,
        d,
    ))
}

fn proxied(vm: &mut Vm, args: &Args) -> PyResult<Value> {
    proxied_mapping(vm, &this(args))
}

/// The mapping a mappingproxy shows.
fn proxied_mapping(vm: &mut Vm, me: &Value) -> PyResult<Value> {
    match me {
        Value::Obj(o) => o
            .dict()
            .map(Value::Obj)
            .ok_or_else(|| vm.new_type_error("mappingproxy without a mapping".to_owned())),
        _ => Err(vm.new_type_error("expected a mappingproxy".to_owned())),
    }
}

pub fn init_mappingproxy(vm: &mut Vm) {
    let ty = vm.types.mappingproxy.clone();
    add_new(vm, &ty, |vm, args| {
        static NEW: Signature = Signature::new("mappingproxy", "($type, mapping)");
        let (_, [mapping]) = NEW.bind(vm, args)?;
        let mapping = mapping.unwrap_or(Value::None);
        match &mapping {
            Value::Obj(d)
                if abstract_::keys_method(vm, &mapping).is_some()
                    && abstract_::getattr_optional(vm, &mapping, "__getitem__")?.is_some() =>
            {
                Ok(mappingproxy(vm, d.clone()))
            }
            _ => Err(vm.new_type_error(format!(
                "mappingproxy() argument must be a mapping, not {}",
                vm.type_name_of(&mapping)
            ))),
        }
    });
    // The protocols go to the mapping's slots; the named methods call the mapping's
    // methods of the same name, as CPython's `mappingproxy` does.
    for slot in [
        NativeSlot::GetItem(|vm, me, key| {
            let d = proxied_mapping(vm, me)?;
            abstract_::getitem(vm, &d, key)
        }),
        NativeSlot::Contains(|vm, me, key| {
            let d = proxied_mapping(vm, me)?;
            abstract_::contains(vm, &d, key)
        }),
        NativeSlot::Iter(|vm, me| {
            let d = proxied_mapping(vm, me)?;
            abstract_::get_iter(vm, &d)
        }),
        NativeSlot::Length(|vm, me| {
            let d = proxied_mapping(vm, me)?;
            abstract_::len(vm, &d)
        }),
        NativeSlot::Repr(|vm, me| {
            let d = proxied_mapping(vm, me)?;
            let inner = abstract_::repr_string(vm, &d)?;
            Ok(vm.new_str(format!("mappingproxy({inner})")))
        }),
        NativeSlot::Str(|vm, me| {
            let d = proxied_mapping(vm, me)?;
            abstract_::str_(vm, &d)
        }),
        NativeSlot::RichCompare(|vm, me, other, op| {
            let d = proxied_mapping(vm, me)?;
            abstract_::compare(vm, &d, other, op)
        }),
    ] {
        crate::native::add_slot(vm, &ty, slot);
    }
    // Comparing without hashing: not hashable (CPython inherits the two together).
    crate::objects::set_type_attr(vm, &ty, "__hash__", Value::None);
    let forwards: [(&'static str, crate::objects::function::NativeFn); 5] = [
        ("keys", |vm, args| forward(vm, args, "keys")),
        ("values", |vm, args| forward(vm, args, "values")),
        ("items", |vm, args| forward(vm, args, "items")),
        ("get", |vm, args| forward(vm, args, "get")),
        ("copy", |vm, args| forward(vm, args, "copy")),
    ];
    for (name, f) in forwards {
        add_method(vm, &ty, name, f);
    }
}

fn forward(vm: &mut Vm, args: Args, name: &str) -> PyResult<Value> {
    let d = proxied(vm, &args)?;
    let method = abstract_::getattr_str(vm, &d, name)?;
    vm.call(&method, args.split_self().1)
}

/// `type.__flags__`: CPython's `tp_flags` bits that Krait's types have a meaning
/// for (`copyreg` tests `Py_TPFLAGS_HEAPTYPE`; the `*_SUBCLASS` bits follow the
/// layout).
fn type_flags(vm: &mut Vm, t: &Value) -> PyResult<Value> {
    let Some(class) = t.as_obj().filter(|o| o.type_data().is_some()) else {
        return Err(vm.new_type_error("descriptor '__flags__' needs a type".to_owned()));
    };
    let data = type_data(class);
    let mut flags: u64 = 1 << 12 | 1 << 18 | 1 << 19; // READY, HAVE_VERSION_TAG, VALID_VERSION_TAG
    flags |= if data.heap { 1 << 9 | 1 << 14 } else { 1 << 8 };
    if data.base_type.get() {
        flags |= 1 << 10;
    }
    if data.is_abstract.get() {
        flags |= 1 << 20;
    }
    flags |= data.collection_flags.get();
    flags |= match data.layout {
        Layout::Int => 1 << 24,
        Layout::List => 1 << 25,
        Layout::Tuple => 1 << 26,
        Layout::Bytes => 1 << 27,
        Layout::Str => 1 << 28,
        Layout::Dict => 1 << 29,
        Layout::Exception => 1 << 30,
        Layout::Type => 1 << 31,
        _ => 0,
    };
    Ok(Value::Int(flags as i64))
}
