//! The `_warnings` module, as far as the import machinery needs it: `warn`, which
//! hands the warning to Lib's `warnings.warn`. It leaves out the filter state
//! (`filters`, `_defaultaction` ...), so `warnings.py` keeps its own, written in Python.

use crate::native::{add_module_functions, MethodDef};
use crate::objects::function::Args;
use crate::objects::module::{module_dict, new_module};
use crate::signature::Signature;
use crate::value::Value;
use crate::{Exc, ObjRef, PyResult, Vm};

static WARN: Signature = Signature::of(
    "_warnings",
    "warn",
    "($module, /, message, category=None, stacklevel=1, source=None)",
);

static FUNCTIONS: [MethodDef; 1] = [MethodDef::staticmethod("warn", warn).with_signature(&WARN)];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_warnings");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_warnings", &FUNCTIONS);
    Ok(m)
}

/// `warn(message, category=None, stacklevel=1, source=None)`. No Python frame is
/// added on the way, so `stacklevel` counts from the same caller.
fn warn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [message, category, stacklevel, source] = WARN.bind_args(vm, args)?;
    let warnings = crate::import::import_full(vm, "warnings")?;
    let warn = crate::abstract_::getattr_str(vm, &warnings, "warn")?;
    let args = vec![
        message.unwrap_or(Value::None),
        category.unwrap_or(Value::None),
        stacklevel.unwrap_or(Value::Int(1)),
        source.unwrap_or(Value::None),
    ];
    vm.call1(&warn, args)
}

/// Issues a warning of `category` from Rust code, as `PyErr_WarnEx` does: through
/// `warnings.warn`, so filters apply and an "error" filter raises it here.
pub fn warn_ex(vm: &mut Vm, category: Exc, message: &str, stacklevel: i64) -> PyResult<()> {
    let warnings = crate::import::import_full(vm, "warnings")?;
    let warn = crate::abstract_::getattr_str(vm, &warnings, "warn")?;
    let args = vec![
        vm.new_str(message),
        Value::Obj(vm.exc(category).clone()),
        Value::Int(stacklevel),
    ];
    vm.call1(&warn, args)?;
    Ok(())
}
