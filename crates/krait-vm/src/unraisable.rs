//! Exceptions nothing can catch (CPython's `PyErr_WriteUnraisable`): raised by a
//! finaliser, a weak-reference callback or a flush at exit. They go to
//! `sys.unraisablehook` as an `UnraisableHookArgs`; the default hook, also used when
//! the hook itself fails, prints "Exception ignored in: OBJ" and the traceback.

use crate::objects::function::Args;
use crate::objects::{dict, structseq};
use crate::signature::Signature;
use crate::value::Value;
use crate::{abstract_, PyErr, PyResult, Vm};

const FIELDS: [&str; 5] = [
    "exc_type",
    "exc_value",
    "exc_traceback",
    "err_msg",
    "object",
];

impl Vm {
    /// Hands `err` to `sys.unraisablehook`, with the object it came from and an
    /// optional message in place of "Exception ignored in".
    pub fn report_unraisable(&mut self, err: &PyErr, object: Option<Value>, err_msg: Option<&str>) {
        let saved = self.handled_exception.take();
        let exc = Value::Obj(err.0.clone());
        let hook = dict::dict_get_str(&crate::sys::sys_dict(self), "unraisablehook");
        let handled = match hook {
            Some(hook) if !hook.is_none() => {
                let args = self.unraisable_args(&exc, object.clone(), err_msg);
                match self.call1(&hook, vec![args]) {
                    Ok(_) => true,
                    Err(hook_err) => {
                        let hook_exc = Value::Obj(hook_err.0.clone());
                        write_default(
                            self,
                            &hook_exc,
                            Some(hook),
                            Some("Exception ignored in sys.unraisablehook"),
                        );
                        true
                    }
                }
            }
            _ => false,
        };
        if !handled {
            write_default(self, &exc, object, err_msg);
        }
        self.handled_exception = saved;
    }

    fn unraisable_args(
        &mut self,
        exc: &Value,
        object: Option<Value>,
        err_msg: Option<&str>,
    ) -> Value {
        let ty = match self.unraisable_args_type.clone() {
            Some(ty) => ty,
            None => {
                let ty = structseq::new_private_type(self, "sys", "UnraisableHookArgs", &FIELDS);
                self.unraisable_args_type = Some(ty.clone());
                ty
            }
        };
        let class = Value::Obj(self.type_of(exc));
        let traceback = abstract_::getattr_str(self, exc, "__traceback__").unwrap_or(Value::None);
        let err_msg = err_msg.map_or(Value::None, |m| self.new_str(m));
        let values = vec![
            class,
            exc.clone(),
            traceback,
            err_msg,
            object.unwrap_or(Value::None),
        ];
        structseq::new(self, &ty, values)
    }
}

/// The default hook's report on standard error.
fn write_default(vm: &mut Vm, exc: &Value, object: Option<Value>, err_msg: Option<&str>) {
    let mut out = String::new();
    match object.filter(|o| !o.is_none()) {
        Some(object) => {
            let shown = abstract_::repr_string(vm, &object)
                .unwrap_or_else(|_| "<object repr() failed>".to_owned());
            out.push_str(&format!(
                "{}: {shown}\n",
                err_msg.unwrap_or("Exception ignored in")
            ));
        }
        None => {
            if let Some(msg) = err_msg {
                out.push_str(&format!("{msg}:\n"));
            }
        }
    }
    out.push_str(&crate::exc::format_exception_unchained(vm, exc));
    crate::sys::write_stderr(vm, &out);
}

pub static UNRAISABLEHOOK: Signature =
    Signature::of("sys", "unraisablehook", "($module, unraisable, /)");

/// `sys.unraisablehook(unraisable)`, the default hook.
pub fn sys_unraisablehook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [unraisable] = UNRAISABLEHOOK.bind_args(vm, args)?;
    let unraisable = unraisable.unwrap_or(Value::None);
    let field = |vm: &mut Vm, name: &str| -> PyResult<Value> {
        abstract_::getattr_str(vm, &unraisable, name)
    };
    let exc = field(vm, "exc_value")?;
    let object = field(vm, "object")?;
    let err_msg = field(vm, "err_msg")?;
    let err_msg = abstract_::value_as_str(&err_msg).map(str::to_owned);
    write_default(vm, &exc, Some(object), err_msg.as_deref());
    Ok(Value::None)
}
