//! The `module` type (CPython's `Objects/moduleobject.c`).

use crate::abstract_;
use crate::native::add_slot;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::dict;
use crate::objects::function::Args;
use crate::objects::{add_getset, add_method, add_method_sig, add_new};
use crate::signature::{given, Signature};
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};
use std::rc::Rc;

pub struct ModuleData {
    pub dict: ObjRef,
}

impl ModuleData {
    pub fn name(&self, _vm: &Vm) -> String {
        dict::dict_get_str(&self.dict, "__name__")
            .and_then(|n| abstract_::value_as_str(&n).map(str::to_owned))
            .unwrap_or_else(|| "?".to_owned())
    }
}

/// A new module object named `name`, its namespace holding the usual dunders.
pub fn new_module(vm: &mut Vm, name: &str) -> ObjRef {
    let m = empty_module(vm);
    let d = module_dict(&m).expect("a module");
    let name_value = vm.new_str(name.to_owned());
    dict::dict_set_str(vm, &d, "__name__", name_value);
    dict::dict_set_str(vm, &d, "__doc__", Value::None);
    dict::dict_set_str(vm, &d, "__package__", Value::None);
    dict::dict_set_str(vm, &d, "__loader__", Value::None);
    dict::dict_set_str(vm, &d, "__spec__", Value::None);
    m
}

/// A module with an empty namespace (its `__dict__` is also its payload's).
fn empty_module(vm: &mut Vm) -> ObjRef {
    let d = vm.new_dict();
    PyObject::with_dict(
        vm.types.module.clone(),
        Payload::Module(ModuleData { dict: d.clone() }),
        d,
    )
}

pub fn module_dict(m: &ObjRef) -> Option<ObjRef> {
    match &m.payload {
        Payload::Module(data) => Some(data.dict.clone()),
        _ => None,
    }
}

// `module.__new__` takes anything (a subclass's `__init__` may); `__init__` takes
// `(name, doc=None)` and shows the slot wrapper's text signature.
static NEW: Signature = Signature::new("module", "($type, name='?', doc=None, *args, **kwargs)");
static INIT: Signature = Signature::new("module", "($self, name, doc=None)").not_listed();
// Reached bound to a module, whose builtins CPython names bare (`__dir__()`).
static DIR: Signature = Signature::shared("__dir__", "($self, /)").not_listed();

/// `module.__new__`: a module with an empty namespace, which `__init__` fills (a
/// module made by `__new__` alone has no `__name__`, as in CPython).
fn module_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = NEW.bind_all::<2>(vm, args)?;
    let m = empty_module(vm);
    if let Some(Value::Obj(class)) = bound.this {
        if class.type_data().is_some() && !Rc::ptr_eq(&class, &vm.types.module) {
            m.set_class(class);
        }
    }
    Ok(Value::Obj(m))
}

/// `module.__init__(name, doc=None)`: names the module and resets its attributes.
fn module_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [name, doc]) = INIT.bind(vm, args)?;
    let name = given(name);
    if abstract_::value_as_str(&name).is_none() {
        return Err(vm.new_type_error(format!(
            "module() argument 'name' must be str, not {}",
            vm.type_name_of(&name)
        )));
    }
    let Some(d) = given(this).as_obj().and_then(module_dict) else {
        return Ok(Value::None);
    };
    dict::dict_set_str(vm, &d, "__name__", name);
    dict::dict_set_str(vm, &d, "__doc__", doc.unwrap_or(Value::None));
    for attr in ["__package__", "__loader__", "__spec__"] {
        dict::dict_set_str(vm, &d, attr, Value::None);
    }
    Ok(Value::None)
}

pub fn init(vm: &mut Vm) {
    let ty = vm.types.module.clone();
    crate::objects::typeobject::type_data(&ty)
        .instance_dict
        .set(true);
    let doc = vm.new_str(
        "Create a module object.\n\nThe name must be a string; the optional doc argument \
         can have any type.",
    );
    let class_dict = crate::objects::typeobject::type_data(&ty).dict.clone();
    dict::dict_set_str(vm, &class_dict, "__doc__", doc);
    add_new(vm, &ty, module_new);
    add_method(vm, &ty, "__init__", module_init);
    crate::native::add_slot(
        vm,
        &ty,
        crate::slots::NativeSlot::Repr(|vm, this| {
            let v = this.clone();
            let Value::Obj(m) = &v else {
                return Ok(vm.new_str("<module>"));
            };
            // The import machinery words it from the module's spec and loader.
            if let Some(bootstrap) = vm.importlib.clone() {
                let module_repr =
                    abstract_::getattr_str(vm, &Value::Obj(bootstrap), "_module_repr")?;
                return vm.call1(&module_repr, vec![v.clone()]);
            }
            let d = module_dict(m).unwrap_or_else(|| vm.new_dict());
            let name = dict::dict_get_str(&d, "__name__")
                .and_then(|n| abstract_::value_as_str(&n).map(str::to_owned))
                .unwrap_or_else(|| "?".to_owned());
            let s = match dict::dict_get_str(&d, "__file__")
                .and_then(|f| abstract_::value_as_str(&f).map(str::to_owned))
            {
                Some(file) => format!("<module '{name}' from '{file}'>"),
                None => format!("<module '{name}' (built-in)>"),
            };
            Ok(vm.new_str(s))
        }),
    );
    add_slot(vm, &ty, NativeSlot::GetAttr(module_getattro));
    add_method_sig(vm, &ty, &DIR, |vm, args| {
        // `__dict__` as the attribute reads (a subclass may replace it), then
        // the module's own `__dir__` function if it has one (PEP 562).
        let this = given(DIR.bind::<0>(vm, args)?.0);
        let namespace = abstract_::getattr_str(vm, &this, "__dict__")?;
        let Some(d) = namespace
            .as_obj()
            .filter(|d| dict::as_dict(d).is_some())
            .cloned()
        else {
            return Err(vm.new_type_error("<module>.__dict__ is not a dictionary".to_owned()));
        };
        if let Some(dir) = dict::dict_get_str(&d, "__dir__") {
            return vm.call1(&dir, vec![]);
        }
        let keys = dict::dict_items(&d).into_iter().map(|(k, _)| k).collect();
        Ok(vm.new_list(keys))
    });
    add_getset(
        vm,
        &ty,
        "__dict__",
        |_, v| {
            Ok(v.as_obj()
                .and_then(module_dict)
                .map(Value::Obj)
                .unwrap_or(Value::None))
        },
        None,
    );
    add_getset(
        vm,
        &ty,
        "__annotations__",
        module_annotations,
        Some(set_module_annotations),
    );
}

/// `module.__annotations__`: the namespace's, made empty on first read when the
/// module had none.
fn module_annotations(vm: &mut Vm, m: &Value) -> PyResult<Value> {
    let d = namespace_of(vm, m)?;
    Ok(dict::dict_get_or_new_dict(vm, &d, "__annotations__"))
}

/// `module.__annotations__ = d` and `del module.__annotations__`.
fn set_module_annotations(vm: &mut Vm, m: &Value, value: Option<Value>) -> PyResult<()> {
    let d = namespace_of(vm, m)?;
    if !dict::dict_set_or_remove_str(vm, &d, "__annotations__", value) {
        return Err(vm.new_attribute_error("__annotations__".to_owned()));
    }
    Ok(())
}

fn namespace_of(vm: &mut Vm, m: &Value) -> PyResult<ObjRef> {
    m.as_obj()
        .and_then(module_dict)
        .ok_or_else(|| vm.new_type_error("<module>.__dict__ is not a dictionary".to_owned()))
}

/// Module attribute access: the namespace, then a module-level `__getattr__`.
/// Attribute access on a module: its namespace, then its `__getattr__` (PEP 562).
/// The AttributeError for a missing module attribute, worded as CPython's: a
/// module still being imported is "partially initialized", a nameless one has no
/// name in the message.
fn module_attribute_error(vm: &mut Vm, m: &Value, d: &ObjRef, name: &ObjRef) -> crate::PyErr {
    let attr = abstract_::obj_as_str(name).unwrap_or("?").to_owned();
    let module_name = dict::dict_get_str(d, "__name__")
        .and_then(|n| abstract_::value_as_str(&n).map(str::to_owned));
    let initializing = match dict::dict_get_str(d, "__spec__") {
        Some(spec) if !spec.is_none() => {
            match abstract_::getattr_optional(vm, &spec, "_initializing") {
                Ok(Some(flag)) => abstract_::is_true(vm, &flag).unwrap_or(false),
                _ => false,
            }
        }
        _ => false,
    };
    let message = match module_name {
        None => format!("module has no attribute '{attr}'"),
        Some(module) if initializing => format!(
            "partially initialized module '{module}' has no attribute '{attr}' (most likely due to a circular import)"
        ),
        Some(module) => format!("module '{module}' has no attribute '{attr}'"),
    };
    let err = vm.new_attribute_error(message);
    crate::objects::exceptions::set_attr(vm, &err.0, "name", Value::Obj(name.clone()));
    crate::objects::exceptions::set_attr(vm, &err.0, "obj", m.clone());
    err
}

pub fn module_getattro(vm: &mut Vm, m: &Value, name: &ObjRef) -> PyResult<Value> {
    let class = vm.type_of(m);
    match abstract_::generic_getattr(vm, m, &class, name) {
        Ok(v) => Ok(v),
        Err(err) if vm.err_matches(&err, Exc::AttributeError) => {
            let Value::Obj(mo) = m else { return Err(err) };
            let Some(d) = module_dict(mo) else {
                return Err(err);
            };
            if let Some(hook) = dict::dict_get_str(&d, "__getattr__") {
                return vm.call1(&hook, vec![Value::Obj(name.clone())]);
            }
            Err(module_attribute_error(vm, m, &d, name))
        }
        Err(err) => Err(err),
    }
}
