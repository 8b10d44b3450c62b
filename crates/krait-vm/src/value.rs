//! The value representation (CPython's `PyObject *`, unboxed where it pays).
//!
//! A `Value` is 16 bytes: a tag and either an unboxed scalar or a reference-counted
//! pointer to a heap object. `None`, `bool`, machine-sized `int` and `float` never
//! allocate, so arithmetic on them costs no allocation. Ints outside `i64` and every
//! other type live on the heap (`Obj`). An int subclass instance or a big int is an
//! `Obj` whose payload is `Payload::Int`; a `Value::Int` is always an exact `int`.
//!
//! The tag takes a whole word (`repr(u64)`), so every payload, a bool's too, is the
//! second word and a `Value` moves as two words. With a one-byte tag the bool sat in
//! byte 1, and LLVM moved values as a byte, seven bytes and a word through stack
//! temporaries that the processor cannot forward to the next whole-value load; the
//! eval loop ran about a quarter slower. `Option<Value>` (a stack slot) keeps 16 bytes
//! by using spare tag values for `None`.

use crate::object::ObjRef;

#[repr(u64)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Obj(ObjRef),
}

impl Clone for Value {
    /// One test and a two-word copy: only an `Obj` has a count to raise (the
    /// derived clone dispatched on all five tags through a jump table).
    #[inline(always)]
    fn clone(&self) -> Value {
        match self {
            Value::Obj(o) => Value::Obj(o.clone()),
            // SAFETY: the other variants are plain data that own nothing, so a
            // bitwise copy of them is their clone.
            _ => unsafe { std::ptr::read(self) },
        }
    }
}

const _: () = assert!(std::mem::size_of::<Option<Value>>() == 16);

impl Value {
    /// Identity, as `is` compares: equal scalars of the same kind are the same object.
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Obj(a), Value::Obj(b)) => std::rc::Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    pub fn as_obj(&self) -> Option<&ObjRef> {
        match self {
            Value::Obj(o) => Some(o),
            _ => None,
        }
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }
}

impl From<ObjRef> for Value {
    fn from(obj: ObjRef) -> Value {
        Value::Obj(obj)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Int(n)
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Float(x)
    }
}
