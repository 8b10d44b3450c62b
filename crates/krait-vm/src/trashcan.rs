//! Freeing deep structures without deep native recursion (CPython's trashcan).
//!
//! When an object dies its contents are dropped at once, and their death drops
//! theirs: a list nested ten million deep is freed through ten million nested
//! native calls, which would overflow the thread's stack. So an object dying
//! with little stack left does not drop its contents there: they move to this
//! thread's trash, and the next object to die with room to spare empties it, one
//! item at a time, each freed from that shallower point.
//!
//! The common case costs one load and one compare per death: the threshold the
//! stack position is compared with (`TRIGGER`) is the real floor while the trash
//! is empty, and the top of the address space while it holds something, so that
//! every death then takes the slow path that empties it.

use std::cell::{Cell, RefCell};

use crate::native_stack::stack_position;
use crate::object::{MemberValues, ObjRef, Payload, PyObject};

/// Stack kept free below the point where contents are set aside: room for the
/// native frames between two deaths in a chain (a drop of a list, of its
/// buffer, of a value) and for whatever a death does besides (untracking,
/// queueing a finaliser).
const RESERVE: usize = 256 << 10;

/// The contents of an object set aside by its death.
struct Contents {
    _payload: Payload,
    _dict: Option<ObjRef>,
    _members: MemberValues,
}

thread_local! {
    /// Deaths at stack positions below this take the slow path; `usize::MAX`
    /// until the thread's stack is known, and while the trash is not empty.
    static TRIGGER: Cell<usize> = const { Cell::new(usize::MAX) };
    /// Below this the contents of a dying object are set aside; 0 until known.
    static FLOOR: Cell<usize> = const { Cell::new(0) };
    /// The trash is being emptied (further deaths only add to it).
    static EMPTYING: Cell<bool> = const { Cell::new(false) };
    static TRASH: RefCell<Vec<Contents>> = const { RefCell::new(Vec::new()) };
}

/// Called as `object` dies, before its fields are dropped: sets its contents
/// aside when the stack is nearly used up, and otherwise empties the trash if
/// it holds anything.
#[inline(always)]
pub(crate) fn on_death(object: &mut PyObject) {
    if stack_position() < TRIGGER.with(Cell::get) {
        slow_path(object);
    }
}

#[cold]
#[inline(never)]
fn slow_path(object: &mut PyObject) {
    let here = stack_position();
    let mut floor = FLOOR.with(Cell::get);
    if floor == 0 {
        floor = thread_floor();
        FLOOR.with(|f| f.set(floor));
    }
    if here < floor {
        let contents = Contents {
            _payload: std::mem::replace(&mut object.payload, Payload::Instance),
            _dict: object.dict.take_mut(),
            _members: std::mem::take(&mut object.members),
        };
        TRASH.with(|t| t.borrow_mut().push(contents));
        TRIGGER.with(|t| t.set(usize::MAX));
        return;
    }
    empty();
}

/// Frees whatever is in this thread's trash (at exit, so that what it holds,
/// files among them, is closed as at any other death).
pub fn empty() {
    if EMPTYING.with(Cell::get) {
        return;
    }
    EMPTYING.with(|e| e.set(true));
    // One item at a time, the borrow released before it is dropped: its death
    // may set more aside.
    while let Some(contents) = TRASH.with(|t| t.borrow_mut().pop()) {
        drop(contents);
    }
    EMPTYING.with(|e| e.set(false));
    let floor = FLOOR.with(Cell::get);
    if floor != 0 {
        TRIGGER.with(|t| t.set(floor));
    }
}

/// The lowest stack position at which a death still drops its contents.
fn thread_floor() -> usize {
    match crate::native_stack::current_thread_stack() {
        Some((low, high)) => low + RESERVE.min((high - low) / 4),
        // Unknown bounds: never set anything aside.
        None => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deep_chain_of_lists_is_freed_on_a_small_stack() {
        // A 2 MiB thread frees a chain 200,000 deep: at well over 10 bytes of
        // stack a level, only the trash keeps it from overflowing.
        let freed = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                let mut chain = crate::value::Value::None;
                for _ in 0..200_000 {
                    let list = PyObject::new_unclassed(Payload::List(RefCell::new(vec![chain])));
                    chain = crate::value::Value::Obj(list);
                }
                drop(chain);
                empty();
                TRASH.with(|t| t.borrow().is_empty())
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(freed);
    }
}
