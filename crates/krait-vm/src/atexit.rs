//! The `atexit` module (CPython's `Modules/atexitmodule.c`): functions to call when
//! the interpreter exits normally, last registered first. `Vm::finish` runs them
//! after `threading` has shut down and before modules are cleared, as CPython does.

use std::cell::RefCell;

use crate::native::{add_module_functions, MethodDef};
use crate::objects::function::Args;
use crate::objects::module::{module_dict, new_module};
use crate::value::Value;
use crate::{ObjRef, PyResult, Vm};

/// The registered calls, in registration order; an unregistered one leaves an empty
/// place, which `_ncallbacks` still counts, as in CPython.
#[derive(Default)]
struct Callbacks {
    calls: RefCell<Vec<Option<(Value, Args)>>>,
}

static FUNCTIONS: [MethodDef; 5] = [
    MethodDef::staticmethod("register", register).with_doc(
        "register(func, *args, **kwargs) -> func\n\nRegister a function to be executed upon normal program termination\n\n    func - function to be called at exit\n    args - optional arguments to pass to func\n    kwargs - optional keyword arguments to pass to func\n\n    func is returned to facilitate usage as a decorator.",
    ),
    MethodDef::staticmethod("unregister", unregister),
    MethodDef::staticmethod("_run_exitfuncs", run_exitfuncs_fn),
    MethodDef::staticmethod("_clear", clear),
    MethodDef::staticmethod("_ncallbacks", ncallbacks),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "atexit");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "atexit", &FUNCTIONS);
    if vm.module_state::<Callbacks>().is_none() {
        vm.set_module_state(Callbacks::default());
    }
    Ok(m)
}

fn callbacks(vm: &mut Vm) -> std::rc::Rc<Callbacks> {
    match vm.module_state::<Callbacks>() {
        Some(c) => c,
        None => {
            vm.set_module_state(Callbacks::default());
            vm.module_state::<Callbacks>().expect("just set")
        }
    }
}

fn register(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut pos = args.pos.into_iter();
    let Some(func) = pos.next() else {
        return Err(vm.new_type_error("register() takes at least 1 argument (0 given)".to_owned()));
    };
    if !crate::builtins::is_callable(vm, &func) {
        return Err(vm.new_type_error("the first argument must be callable".to_owned()));
    }
    let call = Args {
        pos: pos.collect(),
        kw: args.kw,
    };
    callbacks(vm)
        .calls
        .borrow_mut()
        .push(Some((func.clone(), call)));
    Ok(func)
}

/// Removes every registration of `func` (compared with `==`).
fn unregister(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let func = args.pos.into_iter().next().unwrap_or(Value::None);
    let registered: Vec<Option<Value>> = callbacks(vm)
        .calls
        .borrow()
        .iter()
        .map(|c| c.as_ref().map(|(f, _)| f.clone()))
        .collect();
    for (i, f) in registered.iter().enumerate() {
        let Some(f) = f else { continue };
        if crate::abstract_::rich_eq_bool(vm, f, &func)? {
            if let Some(place) = callbacks(vm).calls.borrow_mut().get_mut(i) {
                *place = None;
            }
        }
    }
    Ok(Value::None)
}

fn run_exitfuncs_fn(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    run_exitfuncs(vm);
    Ok(Value::None)
}

fn clear(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    callbacks(vm).calls.borrow_mut().clear();
    Ok(Value::None)
}

fn ncallbacks(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    let n = callbacks(vm).calls.borrow().len();
    Ok(Value::Int(n as i64))
}

/// Calls the registered functions, last first, each once; an exception is reported
/// and the next function still runs.
pub fn run_exitfuncs(vm: &mut Vm) {
    let Some(state) = vm.module_state::<Callbacks>() else {
        return;
    };
    let calls = std::mem::take(&mut *state.calls.borrow_mut());
    for (func, args) in calls.into_iter().rev().flatten() {
        if let Err(err) = vm.call(&func, args) {
            let shown =
                crate::abstract_::repr_string(vm, &func).unwrap_or_else(|_| "<object>".to_owned());
            let report = crate::exc::format_exception(vm, &Value::Obj(err.0.clone()));
            crate::sys::write_stderr(
                vm,
                &format!("Exception ignored in atexit callback: {shown}\n{report}"),
            );
        }
    }
}
