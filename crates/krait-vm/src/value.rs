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

/// A value-stack slot (`Option<Value>`) as its two words, the way the eval loop
/// moves slots. Rust lays `Value` out as a 16-byte aggregate (its payloads are of
/// different kinds: a bool, an int, a float, a pointer), which LLVM often builds a
/// word at a time and then copies with one 16-byte load. The processor cannot
/// forward two word stores to one wider load, and waits a dozen cycles each time;
/// in the loop's pushes and pops that was a fifth of the run time. A `RawSlot` is a
/// pair of scalars that LLVM keeps in two registers and loads and stores as two
/// words, so slots that go through it never meet that wait.
///
/// A `RawSlot` owns what its slot owned (its object's reference) when it was taken
/// out of a slot; it is `Copy` only so that it moves as registers do, and each one
/// is put back into a slot, turned back with `into_slot`, or `release`d exactly once.
#[derive(Clone, Copy)]
#[repr(C)]
pub(crate) struct RawSlot {
    tag: u64,
    word: std::mem::MaybeUninit<*const ()>,
}

const _: () = assert!(std::mem::size_of::<RawSlot>() == std::mem::size_of::<Option<Value>>());

/// The slot just past `vec`'s end, with room made for it: a value is written there
/// in place and then counted (`set_len`), rather than pushed, which moves it
/// through a temporary that LLVM copies whole (see `RawSlot`) and leaves the
/// growth check out of line.
#[inline(always)]
pub(crate) fn next_slot<T>(vec: &mut Vec<T>) -> *mut T {
    if vec.len() == vec.capacity() {
        vec.reserve(1);
    }
    // SAFETY: `len < capacity` now, so the slot is inside the allocation.
    unsafe { vec.as_mut_ptr().add(vec.len()) }
}

/// Moves `count` value-stack slots from `from` to the values at `to`, each as its
/// two words (`RawSlot`): a copy with whole-slot loads would wait on the word
/// stores that usually wrote them just before. An empty slot, which only malformed
/// bytecode leaves, becomes None.
///
/// # Safety
/// The `count` slots from `from` must be initialised, and the caller must stop
/// counting them (they are moved); `to` must have room for `count` values, which
/// the caller then counts.
#[inline(always)]
pub(crate) unsafe fn move_slots(from: *const Option<Value>, to: *mut Value, count: usize) {
    for i in 0..count {
        // SAFETY: the caller's promises; a `Value` is laid out as the `Some` of
        // its slot, which the words written are.
        unsafe {
            let slot = RawSlot::read(from.add(i));
            let slot = if slot.is_empty() { RawSlot::NONE } else { slot };
            slot.write(to.add(i).cast::<Option<Value>>());
        }
    }
}

/// `Value::Obj`'s tag: a `repr(u64)` enum's tags count its variants from 0.
const OBJ_TAG: u64 = 4;

impl RawSlot {
    /// An empty slot (a NULL on the stack).
    pub(crate) const EMPTY: RawSlot = RawSlot::from_slot(None);

    /// A slot holding None.
    pub(crate) const NONE: RawSlot = RawSlot::from_slot(Some(Value::None));

    /// The words of `slot`, which the result now owns.
    #[inline(always)]
    pub(crate) const fn from_slot(slot: Option<Value>) -> RawSlot {
        // SAFETY: both types are 16 bytes (asserted above); `RawSlot` holds any
        // bytes in its word, including a bool's padding.
        unsafe { std::mem::transmute::<Option<Value>, RawSlot>(slot) }
    }

    /// The slot these words are, owning what they own.
    #[inline(always)]
    pub(crate) fn into_slot(self) -> Option<Value> {
        // SAFETY: a `RawSlot` only ever holds the words of an `Option<Value>`.
        unsafe { std::mem::transmute::<RawSlot, Option<Value>>(self) }
    }

    /// The words of the slot at `slot`, left in place (a bitwise copy).
    ///
    /// # Safety
    /// `slot` must point to an initialised, aligned `Option<Value>`; the copy owns
    /// nothing unless the slot then stops counting as owning it.
    #[inline(always)]
    pub(crate) unsafe fn read(slot: *const Option<Value>) -> RawSlot {
        // SAFETY: the caller's promise; `RawSlot` has the slot's size and alignment
        // (`repr(C)`: the tag, then the word). The loads are volatile only so that
        // they stay two: LLVM otherwise merges them into one 16-byte load, the
        // very load that must not follow word stores.
        unsafe {
            let slot = slot.cast::<RawSlot>();
            RawSlot {
                tag: std::ptr::addr_of!((*slot).tag).read_volatile(),
                word: std::ptr::addr_of!((*slot).word).read_volatile(),
            }
        }
    }

    /// Writes these words into the slot at `slot` without dropping what it held.
    ///
    /// # Safety
    /// `slot` must be valid for writes and aligned.
    #[inline(always)]
    pub(crate) unsafe fn write(self, slot: *mut Option<Value>) {
        // SAFETY: the caller's promise.
        unsafe { slot.cast::<RawSlot>().write(self) }
    }

    /// The words of `value`, left in place (they own nothing until `share`d).
    #[inline(always)]
    pub(crate) fn of_value(value: &Value) -> RawSlot {
        // SAFETY: a `Value` is a valid `Option<Value>` (a `Some`), initialised and
        // aligned, being a reference.
        unsafe { RawSlot::read((value as *const Value).cast::<Option<Value>>()) }
    }

    /// Whether the slot is empty (a NULL).
    #[inline(always)]
    pub(crate) fn is_empty(self) -> bool {
        self.tag == RawSlot::EMPTY.tag
    }

    /// Another reference to the same value (a copy of a slot that stays where it
    /// is): raises an object's count.
    #[inline(always)]
    pub(crate) fn share(self) -> RawSlot {
        if self.tag == OBJ_TAG {
            let slot = std::mem::ManuallyDrop::new(self.into_slot());
            std::mem::forget(Option::clone(&slot));
        }
        self
    }

    /// Drops the value these words own.
    #[inline(always)]
    pub(crate) fn release(self) {
        if self.tag == OBJ_TAG {
            drop(self.into_slot());
        }
    }
}

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

#[cfg(test)]
mod slot_layout {
    use super::{RawSlot, Value};

    fn words(slot: RawSlot) -> (u64, u64) {
        // SAFETY: the test only reads the words of values whose payloads fill
        // their word (not a bool, whose word is partly padding).
        unsafe { std::mem::transmute::<RawSlot, (u64, u64)>(slot) }
    }

    /// `RawSlot::of_value` reads a value as a slot, `MovedArgs::as_slice` slots as
    /// values, and `RawSlot::is_empty` tells `None` by its tag: all rely on
    /// `Some(value)` holding the value's own bytes and `None` a tag no value has.
    #[test]
    fn some_value_is_the_value_in_place() {
        for value in [Value::None, Value::Int(-7), Value::Float(2.5)] {
            let inside = words(RawSlot::of_value(&value));
            assert_eq!(words(RawSlot::from_slot(Some(value))), inside);
        }
        assert!(RawSlot::EMPTY.is_empty());
        for value in [
            Value::None,
            Value::Int(0),
            Value::Bool(false),
            Value::Float(0.0),
        ] {
            assert!(!RawSlot::from_slot(Some(value)).is_empty());
        }
    }
}
