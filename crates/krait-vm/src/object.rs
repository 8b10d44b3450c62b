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
    /// `__class__`; empty only while `type` and `object` are being bootstrapped.
    pub(crate) class: ClassPointer,
    /// The instance `__dict__` (a dict object), for objects that have one.
    pub dict: InstanceDict,
    /// The values of the class's `__slots__` (and of a native type's members).
    pub(crate) members: MemberValues,
    /// The finaliser (`__del__`, generator close) has run; it runs at most once.
    pub(crate) finalized: Cell<bool>,
    /// A weak reference with a callback points here: its death is reported to the
    /// class's finaliser queue so the callbacks run (`weakref.rs`).
    pub(crate) weak_callbacks: Cell<bool>,
    /// Where the cycle collector keeps this object (`gc::GcRegistry`), or
    /// `gc::UNTRACKED`.
    pub(crate) gc_slot: Cell<u32>,
    pub payload: Payload,
}

/// Moves `*from` to `to` a word at a time. A payload is usually built just before
/// it is moved into its object, a field (often a word or less) at a time; copied
/// with 16-byte loads, as a plain move is, the processor cannot forward those
/// narrower stores to the loads and waits on each.
///
/// # Safety
/// `to` must be valid for writes and aligned, and not overlap `from`; the caller
/// must then treat `*from` as moved (not drop it).
#[inline(always)]
unsafe fn copy_words<T>(from: *const T, to: *mut T) {
    const { assert!(std::mem::size_of::<T>().is_multiple_of(8) && std::mem::align_of::<T>() >= 8) };
    let words = std::mem::size_of::<T>() / 8;
    let (from, to) = (
        from.cast::<std::mem::MaybeUninit<u64>>(),
        to.cast::<std::mem::MaybeUninit<u64>>(),
    );
    for i in 0..words {
        // SAFETY: both are in bounds of a `T` (`words` words), aligned to 8, and
        // do not overlap (the caller's promise). `MaybeUninit` carries padding
        // bytes as they are; volatile keeps each access one word wide.
        unsafe { to.add(i).write_volatile(from.add(i).read_volatile()) };
    }
}

/// The type-specific part of a heap object.
pub enum Payload {
    /// Instances of `object` and of classes whose solid base is `object`.
    Instance,
    /// An instance of a class statement's class whose solid base is `object`: its
    /// attributes, kept beside the class's shared keys until it needs a `__dict__`
    /// object (`instance_values.rs`).
    Values(RefCell<crate::objects::instance_values::InlineValues>),
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
    Str(PyStr),
    Bytes(Box<[u8]>),
    ByteArray(ByteArrayData),
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
    /// Boxed, as are the two descriptor forms: the largest payload, which set
    /// every object's size.
    BuiltinFunction(Box<BuiltinFunction>),
    /// A method bound to an instance: `obj.method`.
    Method {
        func: Value,
        this: Value,
    },
    /// A builtin type's method, unbound (`list.append`): called with `self` first.
    MethodDescriptor(Box<BuiltinFunction>),
    /// A computed attribute of a builtin type (`function.__name__`), and the type.
    GetSetDescriptor(GetSet, ObjRef),
    /// A `__slots__` entry: reads and writes one of the instance's member values.
    MemberDescriptor(MemberDef),
    /// `classmethod` of a builtin type (`dict.fromkeys`).
    ClassMethodDescriptor(Box<BuiltinFunction>),
    /// Boxed, as are exceptions: made seldom, and larger than most payloads.
    Property(Box<RefCell<PropertyData>>),
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
    Exception(Box<RefCell<ExceptionData>>),
    /// Boxed: the largest state, and generators are made less often than the
    /// objects whose size it would set.
    Generator(Box<RefCell<GeneratorData>>),
    Iter(RefCell<IterData>),
    /// Boxed: a frame object is larger than most objects and made less often.
    Frame(Box<RefCell<FrameData>>),
    Traceback(TracebackData),
    NotImplemented,
    Ellipsis,
    /// A weak reference (`weakref.ref`).
    WeakRef(crate::objects::weakref::WeakRefData),
    /// An object of a type a Rust module defines (`native.rs`).
    Native(Box<dyn crate::native::NativeData>),
}

/// The bytes of a bytearray, and how many buffer views use them: while any does,
/// the bytearray cannot change its length (CPython's `ob_exports`). Reads and
/// writes go through the `RefCell` it dereferences to.
pub struct ByteArrayData {
    bytes: RefCell<Vec<u8>>,
    pub exports: Cell<usize>,
}

impl ByteArrayData {
    pub fn new(bytes: Vec<u8>) -> ByteArrayData {
        ByteArrayData {
            bytes: RefCell::new(bytes),
            exports: Cell::new(0),
        }
    }
}

impl std::ops::Deref for ByteArrayData {
    type Target = RefCell<Vec<u8>>;

    fn deref(&self) -> &RefCell<Vec<u8>> {
        &self.bytes
    }
}

/// Stores (or, given `None`, deletes) a builtin computed attribute.
pub type Setter = fn(&mut crate::Vm, &Value, Option<Value>) -> crate::PyResult<()>;

/// Reads a builtin computed attribute.
pub type Getter = fn(&mut crate::Vm, &Value) -> crate::PyResult<Value>;

/// The getter and setter of a builtin computed attribute.
#[derive(Clone, Copy)]
pub struct GetSet {
    pub name: &'static str,
    pub get: Getter,
    pub set: Option<Setter>,
}

/// A member of a type's instances (CPython's `PyMemberDef`): its name, the type
/// that declares it, and where its value sits among the instance's members.
pub struct MemberDef {
    pub name: Rc<str>,
    pub owner: ObjRef,
    pub index: usize,
    pub kind: MemberKind,
}

/// What an unset member reads as (CPython's member types).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum MemberKind {
    /// A `__slots__` value (`T_OBJECT_EX`): reading or deleting it unset raises
    /// `AttributeError`.
    Slot,
    /// A native type's field (`T_OBJECT`): unset reads as `None`, and deleting it
    /// leaves it unset.
    Object,
    /// A native type's field that only Rust code sets (`T_OBJECT` with `READONLY`).
    ReadOnly,
}

pub struct PropertyData {
    pub fget: Value,
    pub fset: Value,
    pub fdel: Value,
    pub doc: Value,
    /// The attribute name `__set_name__` gave, which error messages show; None
    /// until then.
    pub name: Value,
    /// Whether `doc` was taken from the getter's `__doc__`, so a copy made by
    /// `getter()` takes the new getter's instead.
    pub getter_doc: bool,
}

impl PyObject {
    pub fn new(class: ObjRef, payload: Payload) -> ObjRef {
        let tracked = Self::is_tracked_kind(&class, &payload);
        // (`Rc::new_uninit` computes the layout at run time, out of line.)
        let mut uninit = Rc::new(std::mem::MaybeUninit::<PyObject>::uninit());
        let Some(place) = Rc::get_mut(&mut uninit) else {
            unreachable!("a new Rc has one owner");
        };
        let place = place.as_mut_ptr();
        // SAFETY: `place` is the new allocation, aligned and not yet initialised;
        // every field is written once. The payload is moved in by the word (see
        // `copy_words`) from where the caller put it, and then forgotten, not
        // dropped (a `ManuallyDrop` copy first made a second copy on the stack).
        let obj = unsafe {
            std::ptr::addr_of_mut!((*place).class).write(ClassPointer::new(Some(class)));
            std::ptr::addr_of_mut!((*place).dict).write(InstanceDict::default());
            std::ptr::addr_of_mut!((*place).members).write(MemberValues::default());
            std::ptr::addr_of_mut!((*place).finalized).write(Cell::new(false));
            std::ptr::addr_of_mut!((*place).weak_callbacks).write(Cell::new(false));
            std::ptr::addr_of_mut!((*place).gc_slot).write(Cell::new(crate::gc::UNTRACKED));
            copy_words(&payload, std::ptr::addr_of_mut!((*place).payload));
            uninit.assume_init()
        };
        std::mem::forget(payload);
        if tracked {
            obj.track();
        }
        obj
    }

    /// Whether the cycle collector must track a new object of `class` with
    /// `payload`.
    #[inline(always)]
    fn is_tracked_kind(class: &ObjRef, payload: &Payload) -> bool {
        let Some(data) = class.type_data() else {
            return false;
        };
        // A class statement's instances are all tracked, as CPython's heap types
        // all collect (an attribute or a slot can refer back to the instance).
        if data.heap || data.member_count.get() > 0 {
            return true;
        }
        match payload {
            // A tuple of objects the collector does not track can never be part of
            // a cycle (it cannot change): left out from the start, as CPython's
            // collector drops such tuples at its first pass (`_PyTuple_MaybeUntrack`).
            Payload::Tuple(items) => items.iter().any(crate::gc::may_be_tracked),
            // So is a slice, as immutable (`a[i:j]` of ints makes one each time).
            Payload::Slice { start, stop, step } => [start, stop, step]
                .into_iter()
                .any(crate::gc::may_be_tracked),
            // A plain `object()` holds nothing.
            Payload::Instance => false,
            payload => crate::gc::is_container(payload),
        }
    }

    /// Registers a new object with its class's cycle collector, if it has one.
    fn track(self: &ObjRef) {
        if let Some(data) = self.class_ref().type_data() {
            if let Some(gc) = data.gc.get() {
                gc.track(self);
            }
        }
    }

    pub fn with_dict(class: ObjRef, payload: Payload, dict: ObjRef) -> ObjRef {
        let tracked = Self::is_tracked_kind(&class, &payload);
        let obj = Rc::new(PyObject {
            class: ClassPointer::new(Some(class)),
            dict: InstanceDict::new(Some(dict)),
            members: MemberValues::default(),
            finalized: Cell::new(false),
            weak_callbacks: Cell::new(false),
            gc_slot: Cell::new(crate::gc::UNTRACKED),
            payload,
        });
        if tracked {
            obj.track();
        }
        obj
    }

    /// An object whose class is set later: only `type` and `object` at bootstrap.
    pub(crate) fn new_unclassed(payload: Payload) -> ObjRef {
        Rc::new(PyObject {
            class: ClassPointer::new(None),
            dict: InstanceDict::default(),
            members: MemberValues::default(),
            finalized: Cell::new(false),
            weak_callbacks: Cell::new(false),
            gc_slot: Cell::new(crate::gc::UNTRACKED),
            payload,
        })
    }

    /// Rebuilds an object from the parts its `Drop` saved, to run its finaliser.
    pub(crate) fn resurrect(
        class: ObjRef,
        dict: Option<ObjRef>,
        members: MemberValues,
        payload: Payload,
    ) -> ObjRef {
        Rc::new(PyObject {
            class: ClassPointer::new(Some(class)),
            dict: InstanceDict::new(dict),
            members,
            finalized: Cell::new(true),
            weak_callbacks: Cell::new(false),
            gc_slot: Cell::new(crate::gc::UNTRACKED),
            payload,
        })
    }

    /// `type(obj)` as a new reference.
    pub fn class(&self) -> ObjRef {
        self.class
            .get_counted()
            .expect("every object has a class once bootstrap is over")
    }

    /// `type(obj)`, read without taking a reference: the class lives at least as long
    /// as the object, even when `__class__` is assigned meanwhile.
    #[inline]
    pub fn class_ref(&self) -> &PyObject {
        self.class
            .get()
            .expect("every object has a class once bootstrap is over")
    }

    /// Whether the object's class was made by a class statement (or derives from a
    /// builtin in Python).
    pub fn has_heap_class(&self) -> bool {
        self.class
            .get()
            .and_then(|c| c.type_data())
            .is_some_and(|t| t.heap)
    }

    /// Assigns `__class__` (or completes bootstrap).
    pub fn set_class(&self, class: ObjRef) {
        self.class.replace(class);
    }

    /// The instance dict, if the object has one. An instance whose attributes are
    /// inline values gets a dict made from them here, which it keeps using.
    pub fn dict(&self) -> Option<ObjRef> {
        crate::objects::instance_values::materialize(self);
        self.dict.get()
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

/// An object's instance `__dict__` field (CPython's slot at `tp_dictoffset`): one
/// pointer. A read takes a counted reference, so no borrow of the field outlives
/// the read, and code that replaces a `__dict__` meanwhile is safe.
#[derive(Default)]
pub struct InstanceDict(Cell<Option<ObjRef>>);

impl InstanceDict {
    pub fn new(dict: Option<ObjRef>) -> InstanceDict {
        InstanceDict(Cell::new(dict))
    }

    /// The dict, if the object has one.
    #[inline]
    pub fn get(&self) -> Option<ObjRef> {
        let dict = self.0.take();
        let copy = dict.clone();
        self.0.set(dict);
        copy
    }

    /// Whether the object has a dict.
    #[inline]
    pub fn is_set(&self) -> bool {
        let dict = self.0.take();
        let set = dict.is_some();
        self.0.set(dict);
        set
    }

    /// Installs `dict` (or removes the dict), giving back the old one.
    pub fn replace(&self, dict: Option<ObjRef>) -> Option<ObjRef> {
        self.0.replace(dict)
    }

    /// Installs `dict`; the old one, if any, is released.
    pub fn set(&self, dict: ObjRef) {
        drop(self.0.replace(Some(dict)));
    }

    /// Takes the dict out of an object no one else refers to.
    pub fn take_mut(&mut self) -> Option<ObjRef> {
        self.0.get_mut().take()
    }
}

/// A member index beyond an object's layout (a descriptor used on an object it
/// does not belong to).
#[derive(Debug)]
pub struct OutsideLayout;

/// The member values of one object (CPython keeps `__slots__` values at fixed
/// offsets after the base's struct): one cell per member of the class's layout,
/// made at the first store, so objects without members pay one empty pointer
/// (a thin one: the cells' count is stored with them).
#[derive(Default)]
pub struct MemberValues(std::cell::OnceCell<thin_vec::ThinVec<Cell<Option<Value>>>>);

impl MemberValues {
    /// The value of member `index`, if it was set.
    #[inline]
    pub fn get(&self, index: usize) -> Option<Value> {
        let cell = self.0.get()?.get(index)?;
        // SAFETY: the value is read through a shared reference that lives only
        // for the clone: a `Cell` is written only through itself, and cloning a
        // `Value` (a count increment) cannot reach this cell.
        unsafe { (*cell.as_ptr()).clone() }
    }

    /// Whether no member was ever set (no cells were made).
    pub fn is_unallocated(&self) -> bool {
        self.0.get().is_none()
    }

    /// Whether `set` of member `index` finds its cell (or makes the cells).
    pub fn fits(&self, index: usize) -> bool {
        self.0.get().is_none_or(|cells| index < cells.len())
    }

    /// Stores (or, given `None`, clears) member `index` of an object whose layout
    /// has `count` members, and gives back the old value.
    pub fn set(
        &self,
        index: usize,
        count: usize,
        value: Option<Value>,
    ) -> Result<Option<Value>, OutsideLayout> {
        if value.is_none() && self.0.get().is_none() {
            return Ok(None);
        }
        let cells = self
            .0
            .get_or_init(|| (0..count.max(index + 1)).map(|_| Cell::new(None)).collect());
        let cell = cells.get(index).ok_or(OutsideLayout)?;
        Ok(cell.replace(value))
    }

    /// Calls `visit` on every value set (the cycle collector's walk).
    pub fn for_each(&self, visit: &mut dyn FnMut(&Value)) {
        for cell in self.0.get().into_iter().flatten() {
            let value = cell.take();
            if let Some(v) = &value {
                visit(v);
            }
            cell.set(value);
        }
    }

    /// Empties every member, giving the values back (to drop outside any borrow).
    pub fn take_all(&self) -> Vec<Value> {
        self.0
            .get()
            .map(|cells| cells.iter().filter_map(Cell::take).collect())
            .unwrap_or_default()
    }
}

/// `id()` for heap objects is the address, as in CPython.
pub fn object_id(obj: &ObjRef) -> i64 {
    Rc::as_ptr(obj) as usize as i64
}

/// `id()` of any value: the address of a heap object, and for the unboxed values a
/// number that no heap object has and that is stable for equal values.
pub fn value_id(v: &Value) -> i64 {
    match v {
        Value::Obj(o) => object_id(o),
        Value::None => 0x1000,
        Value::Bool(b) => 0x2000 + *b as i64,
        Value::Int(n) => 0x10_0000_0000 ^ *n,
        Value::Float(x) => x.to_bits() as i64,
    }
}

/// The identity hash: the id, rotated by 4 bits as CPython's `_Py_HashPointer`
/// so that aligned addresses spread.
pub fn identity_hash(v: &Value) -> i64 {
    match (value_id(v) as u64).rotate_right(4) as i64 {
        -1 => -2,
        h => h,
    }
}

/// The class pointer of an object header (CPython's `ob_type`): one counted
/// reference held as a raw pointer, so reading it needs neither a borrow flag nor a
/// count. References handed out by `get` borrow the object, and a class that
/// `replace` takes out is kept alive until the thread ends (`RETIRED_CLASSES`), so
/// no such reference can outlive its class even when Python code assigns
/// `obj.__class__` while it is held.
pub(crate) struct ClassPointer(Cell<*const PyObject>);

thread_local! {
    /// Classes that some object stopped pointing to, each held once: a reference read
    /// from the old pointer may still be in use. Only `__class__` assignment and
    /// bootstrap put classes here, so the set stays as small as the classes involved.
    static RETIRED_CLASSES: RefCell<Vec<ObjRef>> = const { RefCell::new(Vec::new()) };
}

impl ClassPointer {
    fn new(class: Option<ObjRef>) -> ClassPointer {
        ClassPointer(Cell::new(class.map_or(std::ptr::null(), Rc::into_raw)))
    }

    #[inline]
    pub(crate) fn get(&self) -> Option<&PyObject> {
        let ptr = self.0.get();
        // SAFETY: a non-null pointer came from `Rc::into_raw` and this header owns one
        // count of it until `take` or `replace`; `replace` moves that count into
        // `RETIRED_CLASSES`, which never drops it while the thread runs, so the class
        // outlives every `&self` borrow this reference is tied to.
        unsafe { ptr.as_ref() }
    }

    fn get_counted(&self) -> Option<ObjRef> {
        let ptr = self.0.get();
        if ptr.is_null() {
            return None;
        }
        // SAFETY: `ptr` came from `Rc::into_raw` and the header still owns a count
        // (see `get`), so the allocation is live; the new count is the caller's.
        unsafe {
            Rc::increment_strong_count(ptr);
            Some(Rc::from_raw(ptr))
        }
    }

    fn replace(&self, class: ObjRef) {
        let old = self.0.replace(Rc::into_raw(class));
        if old.is_null() {
            return;
        }
        // SAFETY: `old` came from `Rc::into_raw` and carried this header's count,
        // which is handed over to the retired set here.
        let old = unsafe { Rc::from_raw(old) };
        RETIRED_CLASSES.with(|retired| {
            let mut retired = retired.borrow_mut();
            if !retired.iter().any(|c| Rc::ptr_eq(c, &old)) {
                retired.push(old);
            }
        });
    }

    /// Takes the class out of a header nothing else can read any more.
    pub(crate) fn take(&mut self) -> Option<ObjRef> {
        let ptr = self.0.replace(std::ptr::null());
        // SAFETY: a non-null pointer came from `Rc::into_raw` with this header's
        // count; `&mut self` proves no reference from `get` is alive.
        (!ptr.is_null()).then(|| unsafe { Rc::from_raw(ptr) })
    }
}

impl Drop for ClassPointer {
    fn drop(&mut self) {
        drop(self.take());
    }
}

// Every heap object pays for the largest payload: keep new variants within it (the
// str, dict, set and iterator payloads, at 56 bytes, set the size now). With the
// header's 32 bytes and the reference counts, an object is a 112-byte block.
const _: () = assert!(std::mem::size_of::<PyObject>() <= 96);

#[cfg(test)]
mod tests {
    use super::MemberValues;
    use crate::value::Value;

    #[test]
    fn member_values_read_what_was_stored() {
        let members = MemberValues::default();
        assert!(members.get(0).is_none());
        assert!(members.is_unallocated());
        assert!(matches!(members.set(1, 3, Some(Value::Int(7))), Ok(None)));
        assert!(matches!(members.get(1), Some(Value::Int(7))));
        assert!(members.get(0).is_none());
        assert!(matches!(
            members.set(1, 3, Some(Value::Float(0.5))),
            Ok(Some(Value::Int(7)))
        ));
        assert!(matches!(members.get(1), Some(Value::Float(x)) if x == 0.5));
        assert!(members.get(3).is_none());
        assert!(members.set(5, 3, Some(Value::None)).is_err());
    }
}
