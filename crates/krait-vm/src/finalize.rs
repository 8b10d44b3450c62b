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
    pub payload: Payload,
}

/// Objects waiting for their finaliser, shared with the types and generators that
/// may enqueue them.
#[derive(Default)]
pub struct FinalizeQueue {
    pending: Cell<bool>,
    items: RefCell<Vec<Dying>>,
}

impl FinalizeQueue {
    pub fn push(&self, dying: Dying) {
        self.items.borrow_mut().push(dying);
        self.pending.set(true);
    }

    pub fn is_pending(&self) -> bool {
        self.pending.get()
    }

    fn take(&self) -> Vec<Dying> {
        self.pending.set(false);
        std::mem::take(&mut *self.items.borrow_mut())
    }
}

pub type SharedQueue = Rc<FinalizeQueue>;

impl Drop for PyObject {
    fn drop(&mut self) {
        if self.finalized.get() {
            return;
        }
        let Some(class) = self.class.take() else {
            return;
        };
        let queue = match &self.payload {
            Payload::Generator(g) => {
                let g = g.borrow();
                if g.started && g.frame.is_some() {
                    g.finalizer.clone()
                } else {
                    None
                }
            }
            _ => class.type_data().and_then(|t| t.finalizer.borrow().clone()),
        };
        let Some(queue) = queue else { return };
        let payload = std::mem::replace(&mut self.payload, Payload::Instance);
        let dict = self.dict.get_mut().take();
        queue.push(Dying {
            class,
            dict,
            payload,
        });
    }
}

impl Vm {
    /// Runs the finalisers of objects that died since the last call.
    pub fn run_finalizers(&mut self) {
        while self.finalizers.is_pending() {
            for dying in self.finalizers.take() {
                self.finalize(dying);
            }
        }
    }

    fn finalize(&mut self, dying: Dying) {
        let is_generator = matches!(dying.payload, Payload::Generator(_));
        let obj = PyObject::resurrect(dying.class, dying.dict, dying.payload);
        let value = Value::Obj(obj.clone());
        let saved_handled = self.handled_exception.take();
        let result = if is_generator {
            self.call_method(&value, "close", vec![])
        } else {
            match crate::abstract_::call_special(self, &value, "__del__", vec![]) {
                Ok(_) => Ok(Value::None),
                Err(e) => Err(e),
            }
        };
        self.handled_exception = saved_handled;
        if let Err(err) = result {
            self.write_unraisable(&err, &value, is_generator);
        }
    }

    /// CPython's default unraisable hook: "Exception ignored in: ..." and the traceback.
    pub fn write_unraisable(&mut self, err: &crate::PyErr, obj: &Value, is_generator: bool) {
        let shown = if is_generator {
            crate::abstract_::repr_string(self, obj).unwrap_or_else(|_| "<object>".to_owned())
        } else {
            let method = crate::abstract_::getattr_str(self, obj, "__del__").ok();
            match method {
                Some(m) => crate::abstract_::repr_string(self, &m)
                    .unwrap_or_else(|_| "<object>".to_owned()),
                None => "<object>".to_owned(),
            }
        };
        let report = crate::exc::format_exception(self, &Value::Obj(err.0.clone()));
        crate::sys::write_stderr(self, &format!("Exception ignored in: {shown}\n{report}"));
    }
}

/// Whether instances of a class with this namespace need a finaliser.
pub fn class_has_finalizer(ty: &ObjRef) -> bool {
    crate::objects::typeobject::lookup(ty, "__del__").is_some()
}
