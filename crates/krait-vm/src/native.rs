//! Native types: object layouts and types that Rust modules define, as a C extension
//! defines a struct per object and a `PyType_Spec` per type.
//!
//! An object of a native type carries `Payload::Native`: a boxed Rust value that the
//! module owns (`itertools.count` keeps its counter in a Rust field, not in an
//! instance dict). The module reads it back with `native_data::<T>()`, a checked
//! downcast. A type is declared once as a `NativeTypeSpec` (name, module, whether
//! it may be subclassed, its constructor, slots, methods and computed attributes)
//! and made with `new_native_type`; like CPython's static types it is immutable.
//!
//! A module's own state (CPython's module state: the classes and objects it keeps
//! for itself, such as `posix`'s `stat_result`) is a Rust struct stored in the
//! interpreter by its type (`Vm::module_state`), out of reach of `del module.name`.

use std::any::{Any, TypeId};
use std::rc::Rc;

use crate::object::{GetSet, MemberKind, ObjRef, Payload, PyObject};
use crate::objects::function::{Args, BuiltinFunction, NativeFn};
use crate::objects::typeobject::{self, new_builtin_type, type_data, Layout};
use crate::objects::{add_getset, dict, set_type_attr};
use crate::signature::Signature;
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::{PyResult, Vm};

/// The state of one object of a native type.
///
/// Objects are shared, so state that changes sits in `Cell`s and `RefCell`s. The
/// cycle collector reaches the values an object holds through `traverse` and breaks
/// cycles through `clear` (CPython's `tp_traverse` and `tp_clear`); state that holds
/// no Python values keeps the defaults.
pub trait NativeData: Any {
    /// Calls `visit` on each value held; `false` when the state is borrowed and
    /// cannot be read now (the collector then keeps the object alive).
    fn traverse(&self, _visit: &mut dyn FnMut(&Value)) -> bool {
        true
    }

    /// Moves out the values that may take part in a cycle.
    fn clear(&self, _taken: &mut Vec<Value>) {}

    /// Whether objects of this kind can hold Python values at all (and so need the
    /// cycle collector's attention).
    fn holds_values(&self) -> bool {
        true
    }

    /// The bytes the object exports through the buffer protocol (CPython's
    /// `bf_getbuffer`), read in place: what `bytes(x)` copies and every "bytes-like
    /// object" argument accepts. `None` for objects that export nothing.
    fn buffer(&self) -> Option<std::cell::Ref<'_, [u8]>> {
        None
    }

    /// Lends the exported bytes to `f` (`buffer.rs`); an exporter whose memory is
    /// not one slice in Rust (a strided memoryview) lends a copy.
    fn read_buffer(&self, f: &mut dyn FnMut(&[u8])) {
        if let Some(bytes) = self.buffer() {
            f(&bytes);
        }
    }

    /// Lends the exported bytes to `f` for writing; an exporter that lends them
    /// read-only does not call it.
    fn write_buffer(&self, _f: &mut dyn FnMut(&mut [u8])) {}

    /// Whether the export is read-only.
    fn buffer_readonly(&self) -> bool {
        true
    }

    /// The format (`struct` syntax) and size of the exported items.
    fn buffer_format(&self) -> (String, usize) {
        ("B".to_owned(), 1)
    }

    /// A view started (`+1`) or stopped (`-1`) using the exported memory; an
    /// exporter that can resize refuses to while views remain.
    fn buffer_exports(&self, _delta: isize) {}

    /// The object whose buffer this one lends out as its own, for wrappers such as
    /// `pickle.PickleBuffer`: `memoryview(wrapper)` views that object (CPython's
    /// wrapper calls `PyObject_GetBuffer` on it), or raises the error given.
    fn buffer_owner(&self, _vm: &mut Vm) -> Option<PyResult<Value>> {
        None
    }
}

/// The object a native buffer wrapper lends the buffer of (see
/// `NativeData::buffer_owner`), followed through wrappers of wrappers.
pub fn buffer_owner(vm: &mut Vm, v: &Value) -> Option<PyResult<Value>> {
    let mut current = v.clone();
    let mut found = None;
    loop {
        let next = match &current {
            Value::Obj(o) => match &o.payload {
                Payload::Native(data) => data.buffer_owner(vm),
                _ => None,
            },
            _ => None,
        };
        match next {
            Some(Ok(owner)) => {
                current = owner.clone();
                found = Some(Ok(owner));
            }
            Some(Err(e)) => return Some(Err(e)),
            None => return found,
        }
    }
}

/// The bytes a native object exports, copied.
pub fn native_buffer(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::Obj(o) if matches!(o.payload, Payload::Native(_)) => crate::buffer::to_vec(v),
        _ => None,
    }
}

/// How a method of a native type is bound.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MethodKind {
    /// Called with the instance first (`count.__reduce__`).
    Instance,
    /// Called with the class first (`chain.from_iterable`).
    Class,
    /// Called without either.
    Static,
}

/// One method of a native type (a row of CPython's `PyMethodDef` table).
pub struct MethodDef {
    pub name: &'static str,
    pub func: NativeFn,
    pub kind: MethodKind,
    pub doc: Option<&'static str>,
    /// The signature the method binds its arguments with (and shows).
    pub signature: Option<&'static Signature>,
}

impl MethodDef {
    pub const fn method(name: &'static str, func: NativeFn) -> MethodDef {
        MethodDef {
            name,
            func,
            kind: MethodKind::Instance,
            doc: None,
            signature: None,
        }
    }

    pub const fn classmethod(name: &'static str, func: NativeFn) -> MethodDef {
        MethodDef {
            name,
            func,
            kind: MethodKind::Class,
            doc: None,
            signature: None,
        }
    }

    pub const fn staticmethod(name: &'static str, func: NativeFn) -> MethodDef {
        MethodDef {
            name,
            func,
            kind: MethodKind::Static,
            doc: None,
            signature: None,
        }
    }

    /// The same method, declaring the signature its function binds with.
    pub const fn with_signature(self, signature: &'static Signature) -> MethodDef {
        MethodDef {
            signature: Some(signature),
            ..self
        }
    }

    pub const fn with_doc(self, doc: &'static str) -> MethodDef {
        MethodDef {
            doc: Some(doc),
            ..self
        }
    }
}

/// A native type, declared once (CPython's `PyType_Spec`).
pub struct NativeTypeSpec {
    /// `__name__`; messages print `module.name`, as CPython's static types do.
    pub name: &'static str,
    pub module: &'static str,
    pub doc: Option<&'static str>,
    /// `__text_signature__`, as CPython's `tp_doc` gives it (`"(start=0, step=1)"`).
    pub text_signature: Option<&'static str>,
    /// Classes may derive from it (`Py_TPFLAGS_BASETYPE`).
    pub subclassable: bool,
    /// Instances have a `__dict__` (CPython's `tp_dictoffset`), made when first used.
    pub instance_dict: bool,
    /// Instances can be weakly referenced (CPython's `tp_weaklistoffset`).
    pub weakrefable: bool,
    /// `__new__`, called with the class first; `None` when Python code cannot make
    /// instances ("cannot create 'itertools._grouper' instances").
    pub new: Option<NativeFn>,
    /// Fields instances keep beside their payload, as member descriptors that read
    /// `None` when unset, numbered after the base's members: where a type whose
    /// payload is a builtin's (a `defaultdict` is a dict) keeps its own state
    /// (`member_value`).
    pub members: &'static [&'static str],
    /// Fields numbered after `members` that have no descriptor: state only Rust
    /// code reads (an `OrderedDict`'s order), out of reach of attribute access.
    pub hidden_members: usize,
    pub slots: &'static [NativeSlot],
    pub methods: &'static [MethodDef],
    pub getsets: &'static [GetSet],
}

impl NativeTypeSpec {
    /// A spec with no constructor, slots, methods or attributes, to fill with
    /// struct-update syntax.
    pub const fn new(name: &'static str, module: &'static str) -> NativeTypeSpec {
        NativeTypeSpec {
            name,
            module,
            doc: None,
            text_signature: None,
            subclassable: false,
            instance_dict: false,
            weakrefable: false,
            new: None,
            members: &[],
            hidden_members: 0,
            slots: &[],
            methods: &[],
            getsets: &[],
        }
    }
}

/// Makes the type `spec` declares, deriving from `base` (`object` when `None`). A
/// type derived from a builtin other than `object` keeps its base's layout: the
/// instances of `collections.defaultdict` are dicts.
pub fn new_native_type(vm: &mut Vm, spec: &NativeTypeSpec, base: Option<&ObjRef>) -> ObjRef {
    let base = base.cloned().unwrap_or_else(|| vm.types.object.clone());
    let layout = match type_data(&base).layout {
        Layout::Object => Layout::Opaque,
        layout => layout,
    };
    let metatype = vm.types.type_.clone();
    let dict_class = vm.types.dict.clone();
    let ty = new_builtin_type(
        Some(&metatype),
        spec.name,
        Some(&base),
        layout,
        Some(&dict_class),
    );
    let data = type_data(&ty);
    *data.module.borrow_mut() = Some(spec.module.to_owned());
    data.base_type.set(spec.subclassable);
    data.text_signature.set(spec.text_signature);
    data.weakrefable
        .set(spec.weakrefable || data.weakrefable.get());
    data.member_count.set(type_data(&base).member_count.get());
    for name in spec.members {
        let member = typeobject::new_member_descriptor(vm, &ty, name, MemberKind::Object);
        set_type_attr(vm, &ty, name, member);
    }
    data.member_count
        .set(data.member_count.get() + spec.hidden_members);
    if spec.instance_dict {
        data.instance_dict.set(true);
        typeobject::add_instance_dict_descriptor(vm, &ty);
    }
    let _ = data.gc.set(vm.gc.clone());
    *data.finalizer.borrow_mut() = Some(vm.finalizers.clone());
    let module = vm.new_str(spec.module);
    set_type_attr(vm, &ty, "__module__", module);
    let doc = spec.doc.map(|d| vm.new_str(d)).unwrap_or(Value::None);
    set_type_attr(vm, &ty, "__doc__", doc);
    // Without a `__new__` of its own, a type derived from a builtin other than
    // `object` makes its instances with its base's (CPython inherits `tp_new`).
    match spec.new {
        Some(new) => crate::objects::add_new(vm, &ty, new),
        None if Rc::ptr_eq(&base, &vm.types.object) => {
            crate::objects::add_new(vm, &ty, cannot_create)
        }
        None => {}
    }
    for slot in spec.slots {
        add_slot(vm, &ty, *slot);
    }
    for def in spec.methods {
        add_method_def(vm, &ty, def);
    }
    for getset in spec.getsets {
        add_getset(vm, &ty, getset.name, getset.get, getset.set);
    }
    ty
}

/// The value of member `index` of `obj` (the position of its name in
/// `NativeTypeSpec::members`, after the base's members), if set.
pub fn member_value(obj: &Value, index: usize) -> Option<Value> {
    match obj {
        Value::Obj(o) => o.members.get(index),
        _ => None,
    }
}

/// Sets member `index` of `obj` (see `member_value`); the index must be one of the
/// type's members.
pub fn set_member_value(obj: &Value, index: usize, value: Value) {
    let Value::Obj(o) = obj else { return };
    let count = o
        .class_ref()
        .type_data()
        .map_or(0, |t| t.member_count.get());
    // Out of the layout only through a wrong index, which no value can then read.
    let _ = o.members.set(index, count, Some(value));
}

/// A slot that gives the object itself: the `__iter__` of an iterator, the
/// `__await__` of an awaitable that is its own iterator.
pub fn iter_self(_vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(this.clone())
}

/// The `__new__` of a type whose instances only Rust code makes.
pub fn cannot_create(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let name = match args.pos.first() {
        Some(Value::Obj(cls)) if cls.type_data().is_some() => typeobject::type_name(cls),
        _ => "?".to_owned(),
    };
    Err(vm.new_type_error(format!("cannot create '{name}' instances")))
}

/// Fills a slot of a native type and exposes it as slot wrappers (`__next__` ...), so
/// Python code and subclasses see it as CPython's types show theirs.
pub fn add_slot(vm: &mut Vm, ty: &ObjRef, slot: NativeSlot) {
    for name in slot.dunders() {
        let f = BuiltinFunction {
            name,
            func: crate::slots::unreachable_slot_entry,
            this: Some(Value::Obj(ty.clone())),
            module: None,
            doc: None,
            // A repeat wrapper checks its one argument itself, with its own words.
            wrapper_arity: match slot {
                NativeSlot::Repeat(_) | NativeSlot::InPlaceRepeat(_) => None,
                _ => crate::slots::wrapper_arity(name),
            },
            slot: Some(slot),
            signature: None,
            objclass: None,
        };
        let descr = PyObject::new(
            vm.types.wrapper_descriptor.clone(),
            Payload::MethodDescriptor(Box::new(f)),
        );
        set_type_attr(vm, ty, name, Value::Obj(descr));
    }
}

/// Puts the functions `defs` into the namespace `d` of module `module` (CPython's
/// `PyModuleDef.m_methods`).
pub fn add_module_functions(vm: &mut Vm, d: &ObjRef, module: &'static str, defs: &[MethodDef]) {
    for def in defs {
        let f = BuiltinFunction {
            name: def.name,
            func: def.func,
            this: None,
            module: Some(module),
            doc: def.doc,
            wrapper_arity: None,
            slot: None,
            signature: def.signature,
            objclass: None,
        };
        let func = PyObject::new(
            vm.types.builtin_function.clone(),
            Payload::BuiltinFunction(Box::new(f)),
        );
        dict::dict_set_str(vm, d, def.name, Value::Obj(func));
    }
}

fn add_method_def(vm: &mut Vm, ty: &ObjRef, def: &MethodDef) {
    let f = BuiltinFunction {
        name: def.name,
        func: def.func,
        this: match def.kind {
            MethodKind::Instance => Some(Value::Obj(ty.clone())),
            MethodKind::Class | MethodKind::Static => None,
        },
        module: None,
        doc: def.doc,
        wrapper_arity: None,
        // `__init__` fills the init slot directly, as for the builtin types.
        slot: (def.name == "__init__" && matches!(def.kind, MethodKind::Instance))
            .then_some(NativeSlot::Init(def.func)),
        signature: def.signature,
        objclass: None,
    };
    let (class, payload) = match def.kind {
        // `__init__` shows as a slot wrapper, as CPython's types show theirs.
        MethodKind::Instance if f.slot.is_some() => (
            vm.types.wrapper_descriptor.clone(),
            Payload::MethodDescriptor(Box::new(f)),
        ),
        MethodKind::Instance => (
            vm.types.method_descriptor.clone(),
            Payload::MethodDescriptor(Box::new(f)),
        ),
        MethodKind::Class => (
            vm.types.classmethod_descriptor.clone(),
            Payload::ClassMethodDescriptor(Box::new(f)),
        ),
        MethodKind::Static => {
            let func = Value::Obj(PyObject::new(
                vm.types.builtin_function.clone(),
                Payload::BuiltinFunction(Box::new(f)),
            ));
            (
                vm.types.staticmethod.clone(),
                Payload::StaticMethod(std::cell::RefCell::new(func)),
            )
        }
    };
    let descr = PyObject::new(class, payload);
    set_type_attr(vm, ty, def.name, Value::Obj(descr));
}

/// A new object of the native type `class` (or of a class derived from it) holding
/// `data`. Its `__dict__`, if its class gives it one, is made when first used.
pub fn new_native_object<T: NativeData>(_vm: &mut Vm, class: &ObjRef, data: T) -> Value {
    Value::Obj(PyObject::new(
        class.clone(),
        Payload::Native(Box::new(data)),
    ))
}

/// The state of `v` when it is an object of the native kind `T`.
pub fn native_data<T: NativeData>(v: &Value) -> Option<&T> {
    match v {
        Value::Obj(o) => native_data_of(o),
        _ => None,
    }
}

pub fn native_data_of<T: NativeData>(o: &ObjRef) -> Option<&T> {
    match &o.payload {
        Payload::Native(data) => {
            let any: &dyn Any = data.as_ref();
            any.downcast_ref::<T>()
        }
        _ => None,
    }
}

/// Module states, by their Rust type.
#[derive(Default)]
pub struct ModuleStates {
    states: rustc_hash::FxHashMap<TypeId, Rc<dyn Any>>,
}

impl Vm {
    /// Keeps `state` as the module state of type `T`, replacing an earlier one.
    pub fn set_module_state<T: Any>(&mut self, state: T) {
        self.module_states
            .states
            .insert(TypeId::of::<T>(), Rc::new(state));
    }

    /// The module state of type `T`, if its module was initialised.
    pub fn module_state<T: Any>(&self) -> Option<Rc<T>> {
        let state = self.module_states.states.get(&TypeId::of::<T>())?.clone();
        state.downcast::<T>().ok()
    }
}
