//! Finalisation (CPython's `tp_finalize` and `PyObject_CallFinalizerFromDealloc`):
//! `__del__` of instances and `close()` of suspended generators, run when the last
//! reference goes away.
//!
//! A reference count reaches zero anywhere in Rust code, where no interpreter is at
//! hand, so `Drop` only moves the object's contents into the interpreter's queue; the
//! eval loop drains the queue at its next call, backward jump or return, and at exit,
//! rebuilding each object and running its finaliser there. An object is finalised at
//! most once, as in CPython.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::object::{ObjRef, Payload, PyObject};
use crate::value::Value;
use crate::Vm;

/// The contents of an object whose finaliser is due.
pub struct Dying {
    pub class: ObjRef,
    pub dict: Option<ObjRef>,
    pub members: crate::object::MemberValues,
    pub payload: Payload,
}

/// Objects waiting for their finaliser, shared with the types and generators that
/// may enqueue them.
#[derive(Default)]
pub struct FinalizeQueue {
    pending: Cell<bool>,
    items: RefCell<Vec<Dying>>,
    /// The addresses of objects that died with weak references whose callbacks are
    /// due (`Vm::weak_callbacks` has the references).
    dead_referents: RefCell<Vec<usize>>,
}

impl FinalizeQueue {
    pub fn push(&self, dying: Dying) {
        self.items.borrow_mut().push(dying);
        self.pending.set(true);
    }

    pub fn push_dead_referent(&self, address: usize) {
        self.dead_referents.borrow_mut().push(address);
        self.pending.set(true);
    }

    pub fn is_pending(&self) -> bool {
        self.pending.get()
    }

    fn take(&self) -> (Vec<Dying>, Vec<usize>) {
        self.pending.set(false);
        (
            std::mem::take(&mut *self.items.borrow_mut()),
            std::mem::take(&mut *self.dead_referents.borrow_mut()),
        )
    }
}

pub type SharedQueue = Rc<FinalizeQueue>;

impl Drop for PyObject {
    fn drop(&mut self) {
        if self.gc_slot.get() != crate::gc::UNTRACKED {
            let class = self.class.get();
            if let Some(gc) = class.and_then(|c| c.type_data()).and_then(|t| t.gc.get()) {
                gc.untrack(self);
            }
        }
        if self.weak_callbacks.get() {
            let queue = self
                .class
                .get()
                .and_then(|c| c.type_data())
                .and_then(|t| t.weak_callback_queue.borrow().clone());
            if let Some(queue) = queue {
                queue.push_dead_referent(self as *const PyObject as usize);
            }
        }
        let Some(queue) = self.finalizer_queue() else {
            crate::trashcan::on_death(self);
            return;
        };
        let Some(class) = self.class.take() else {
            return;
        };
        let payload = std::mem::replace(&mut self.payload, Payload::Instance);
        let dict = self.dict.take_mut();
        let members = std::mem::take(&mut self.members);
        queue.push(Dying {
            class,
            dict,
            members,
            payload,
        });
    }
}

impl PyObject {
    /// Where this object goes to be finalised, if it has a finaliser that has not
    /// run: a class with `__del__`, or a suspended generator to close.
    #[inline]
    pub(crate) fn finalizer_queue(&self) -> Option<SharedQueue> {
        if self.finalized.get() {
            return None;
        }
        match &self.payload {
            Payload::Generator(g) => {
                let g = g.borrow();
                // A suspended generator is closed; a coroutine never started is
                // reported as never awaited.
                let never_awaited =
                    !g.started && g.code.code.flags & krait_bytecode::CodeFlags::COROUTINE != 0;
                if g.frame.is_some() && (g.started || never_awaited) {
                    g.finalizer.clone()
                } else {
                    None
                }
            }
            _ => {
                let class = self.class.get()?.type_data()?;
                class.slots.finalize.get()?;
                class.finalizer.borrow().clone()
            }
        }
    }
}

impl Vm {
    /// Runs the finalisers of objects that died since the last call.
    pub fn run_finalizers(&mut self) {
        // What deep deaths set aside may hold objects with finalisers.
        crate::trashcan::empty();
        while self.finalizers.is_pending() {
            let (dying, dead_referents) = self.finalizers.take();
            for dying in dying {
                self.finalize(dying);
            }
            for address in dead_referents {
                crate::objects::weakref::run_callbacks(self, address);
            }
        }
    }

    fn finalize(&mut self, dying: Dying) {
        let obj = PyObject::resurrect(dying.class, dying.dict, dying.members, dying.payload);
        self.run_finalizer(obj);
    }

    /// Runs the finaliser of `obj` (already marked as finalised), reporting what it
    /// raises.
    pub(crate) fn run_finalizer(&mut self, obj: ObjRef) {
        obj.finalized.set(true);
        let is_generator = matches!(obj.payload, Payload::Generator(_));
        let value = Value::Obj(obj);
        let saved_handled = self.handled_exception.take();
        let never_awaited = obj_payload_started(&value) == Some((false, true));
        let result = if never_awaited {
            crate::objects::generator::mark_finished(value.as_obj().expect("an object"));
            warn_unawaited(self, &value)
        } else if is_generator {
            let gen = value.as_obj().expect("a generator is an object").clone();
            let is_async = Rc::ptr_eq(&gen.class(), &self.types.async_generator);
            match crate::objects::async_generator::finalizer_hook(&gen).filter(|_| is_async) {
                // asyncio's hook schedules `aclose()` on the event loop.
                Some(hook) => self.call1(&hook, vec![value.clone()]).map(drop),
                None => crate::objects::generator::close(self, &gen).map(drop),
            }
        } else {
            let class = self.type_of(&value);
            match crate::objects::typeobject::type_data(&class)
                .slots
                .finalize
                .get()
            {
                Some(finalize) => finalize(self, &value),
                None => Ok(()),
            }
        };
        self.handled_exception = saved_handled;
        if let Err(err) = result {
            self.write_unraisable(&err, &value, is_generator);
        }
    }

    /// Reports an exception raised by a finaliser (`__del__`, shown by its method)
    /// or by a generator's `close()` (shown by the generator), which nothing can
    /// catch.
    pub fn write_unraisable(&mut self, err: &crate::PyErr, obj: &Value, is_generator: bool) {
        let shown = if is_generator {
            obj.clone()
        } else {
            let class = self.type_of(obj);
            crate::objects::typeobject::lookup(&class, "__del__").unwrap_or_else(|| obj.clone())
        };
        self.report_unraisable(err, Some(shown), None);
    }
}

/// Whether a generator object started, and whether it is a coroutine.
fn obj_payload_started(v: &Value) -> Option<(bool, bool)> {
    let Value::Obj(o) = v else { return None };
    let Payload::Generator(g) = &o.payload else {
        return None;
    };
    let g = g.borrow();
    let coroutine = g.code.code.flags & krait_bytecode::CodeFlags::COROUTINE != 0;
    Some((g.started, coroutine))
}

/// "coroutine '...' was never awaited", from the code that dropped the coroutine
/// (CPython's `_PyErr_WarnUnawaitedCoroutine`): through
/// `warnings._warn_unawaited_coroutine`, which gives the coroutine as the
/// warning's source (hence the hint about tracemalloc) and its origin when
/// tracked, or, when `warnings` cannot be imported, directly.
fn warn_unawaited(vm: &mut Vm, coro: &Value) -> crate::PyResult<()> {
    let hook = crate::import::import_full(vm, "warnings")
        .and_then(|module| crate::abstract_::getattr_str(vm, &module, "_warn_unawaited_coroutine"));
    if let Ok(hook) = hook {
        return vm.call1(&hook, vec![coro.clone()]).map(drop);
    }
    let qualname = crate::abstract_::getattr_str(vm, coro, "__qualname__")?;
    let qualname = crate::abstract_::str_string(vm, &qualname)?;
    let message = format!("coroutine '{qualname}' was never awaited");
    crate::warnings::warn_ex(vm, crate::Exc::RuntimeWarning, &message, 1)
}
