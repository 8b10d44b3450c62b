//! Heap objects (CPython's `PyObject` header plus the type-specific struct).
//!
//! Every heap object has a header (its class, an optional instance `__dict__`) and a
//! payload. The payload is an enum over the builtin layouts, so a type test is a
//! `match` rather than a downcast; an instance of a subclass of a builtin (`class
//! L(list)`) carries its base's payload and its own class.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use num_bigint::BigInt;

use crate::objects::code::CodeData;
use crate::objects::dict::DictData;
use crate::objects::exceptions::ExceptionData;
use crate::objects::function::{BuiltinFunction, FunctionData};
use crate::objects::generator::GeneratorData;
use crate::objects::iter::IterData;
use crate::objects::module::ModuleData;
use crate::objects::set::SetData;
use crate::objects::str::PyStr;
use crate::objects::traceback::{FrameData, TracebackData};
use crate::objects::typeobject::TypeData;
use crate::value::Value;

pub type ObjRef = Rc<PyObject>;

pub struct PyObject {
    /// `__class__`; `None` only while `type` and `object` are being bootstrapped.
    pub(crate) class: RefCell<Option<ObjRef>>,
    /// The instance `__dict__` (a dict object), for objects that have one.
    pub dict: RefCell<Option<ObjRef>>,
    /// The finaliser (`__del__`, generator close) has run; it runs at most once.
    pub(crate) finalized: Cell<bool>,
    pub payload: Payload,
}

/// The type-specific part of a heap object.
pub enum Payload {
    /// Instances of `object` and of classes whose solid base is `object`.
    Instance,
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
    Str(PyStr),
    Bytes(Box<[u8]>),
    ByteArray(RefCell<Vec<u8>>),
    Tuple(Box<[Value]>),
    List(RefCell<Vec<Value>>),
    Dict(RefCell<DictData>),
    Set(RefCell<SetData>),
    FrozenSet(SetData),
    Range {
        start: Value,
        stop: Value,
        step: Value,
    },
    Slice {
        start: Value,
        stop: Value,
        step: Value,
    },
    Type(Box<TypeData>),
    Function(Box<FunctionData>),
    BuiltinFunction(BuiltinFunction),
    /// A method bound to an instance: `obj.method`.
    Method {
        func: Value,
        this: Value,
    },
    /// A builtin type's method, unbound (`list.append`): called with `self` first.
    MethodDescriptor(BuiltinFunction),
    /// A computed attribute of a builtin type (`function.__name__`).
    GetSetDescriptor(GetSet),
    /// A `__slots__` entry: reads and writes the instance's private namespace.
    MemberDescriptor(Rc<str>),
    /// `classmethod` of a builtin type (`dict.fromkeys`).
    ClassMethodDescriptor(BuiltinFunction),
    Property(RefCell<PropertyData>),
    ClassMethod(RefCell<Value>),
    StaticMethod(RefCell<Value>),
    Super {
        this_class: ObjRef,
        obj: Value,
        obj_type: ObjRef,
    },
    Code(Rc<CodeData>),
    Cell(RefCell<Option<Value>>),
    Module(ModuleData),
    Exception(RefCell<ExceptionData>),
    Generator(RefCell<GeneratorData>),
    Iter(RefCell<IterData>),
    Frame(RefCell<FrameData>),
    Traceback(TracebackData),
    NotImplemented,
    Ellipsis,
    /// A weak reference (`weakref.ref`).
    WeakRef(crate::objects::weakref::WeakRefData),
    /// An open file (the `_io` objects, reduced to what `open()` needs).
    File(RefCell<crate::objects::file::FileData>),
    /// An object of a type a Rust module defines (`native.rs`).
    Native(Box<dyn crate::native::NativeData>),
}

/// Stores (or, given `None`, deletes) a builtin computed attribute.
pub type Setter = fn(&mut crate::Vm, &Value, Option<Value>) -> crate::PyResult<()>;

/// The getter and setter of a builtin computed attribute.
#[derive(Clone, Copy)]
pub struct GetSet {
    pub name: &'static str,
    pub get: fn(&mut crate::Vm, &Value) -> crate::PyResult<Value>,
    pub set: Option<Setter>,
}

pub struct PropertyData {
    pub fget: Value,
    pub fset: Value,
    pub fdel: Value,
    pub doc: Value,
}

impl PyObject {
    pub fn new(class: ObjRef, payload: Payload) -> ObjRef {
        let gc = Self::registry_for(&class, &payload);
        let obj = Rc::new(PyObject {
            class: RefCell::new(Some(class)),
            dict: RefCell::new(None),
            finalized: Cell::new(false),
            payload,
        });
        if let Some(gc) = gc {
            gc.track(&obj);
        }
        obj
    }

    /// The cycle collector that must track a new object of `class`, if any.
    fn registry_for(class: &ObjRef, payload: &Payload) -> Option<Rc<crate::gc::GcRegistry>> {
        if !crate::gc::is_container(payload) {
            return None;
        }
        class.type_data().and_then(|t| t.gc.borrow().clone())
    }

    pub fn with_dict(class: ObjRef, payload: Payload, dict: ObjRef) -> ObjRef {
        let gc = Self::registry_for(&class, &payload);
        let obj = Rc::new(PyObject {
            class: RefCell::new(Some(class)),
            dict: RefCell::new(Some(dict)),
            finalized: Cell::new(false),
            payload,
        });
        if let Some(gc) = gc {
            gc.track(&obj);
        }
        obj
    }

    /// An object whose class is set later: only `type` and `object` at bootstrap.
    pub(crate) fn new_unclassed(payload: Payload) -> ObjRef {
        Rc::new(PyObject {
            class: RefCell::new(None),
            dict: RefCell::new(None),
            finalized: Cell::new(false),
            payload,
        })
    }

    /// Rebuilds an object from the parts its `Drop` saved, to run its finaliser.
    pub(crate) fn resurrect(class: ObjRef, dict: Option<ObjRef>, payload: Payload) -> ObjRef {
        Rc::new(PyObject {
            class: RefCell::new(Some(class)),
            dict: RefCell::new(dict),
            finalized: Cell::new(true),
            payload,
        })
    }

    pub fn class(&self) -> ObjRef {
        self.class
            .borrow()
            .clone()
            .expect("every object has a class once bootstrap is over")
    }

    /// Whether the object's class was made by a class statement (or derives from a
    /// builtin in Python), read without taking a reference to the class.
    pub fn has_heap_class(&self) -> bool {
        self.class
            .borrow()
            .as_ref()
            .and_then(|c| c.type_data())
            .is_some_and(|t| t.heap)
    }

    pub fn set_class(&self, class: ObjRef) {
        *self.class.borrow_mut() = Some(class);
    }

    /// The instance dict, if the object has one.
    pub fn dict(&self) -> Option<ObjRef> {
        self.dict.borrow().clone()
    }

    pub fn type_data(&self) -> Option<&TypeData> {
        match &self.payload {
            Payload::Type(t) => Some(t),
            _ => None,
        }
    }

    pub fn str_data(&self) -> Option<&PyStr> {
        match &self.payload {
            Payload::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// `id()` for heap objects is the address, as in CPython.
pub fn object_id(obj: &ObjRef) -> i64 {
    Rc::as_ptr(obj) as usize as i64
}
