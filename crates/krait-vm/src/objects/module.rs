//! The `module` type (CPython's `Objects/moduleobject.c`).

use crate::abstract_;
use crate::native::add_slot;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::dict;
use crate::objects::function::Args;
use crate::objects::{add_getset, add_method, add_new, this};
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};

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
    let d = vm.new_dict();
    let m = PyObject::with_dict(
        vm.types.module.clone(),
        Payload::Module(ModuleData { dict: d.clone() }),
        d.clone(),
    );
    let name_value = vm.new_str(name.to_owned());
    dict::dict_set_str(vm, &d, "__name__", name_value);
    dict::dict_set_str(vm, &d, "__doc__", Value::None);
    dict::dict_set_str(vm, &d, "__package__", Value::None);
    dict::dict_set_str(vm, &d, "__loader__", Value::None);
    dict::dict_set_str(vm, &d, "__spec__", Value::None);
    m
}

pub fn module_dict(m: &ObjRef) -> Option<ObjRef> {
    match &m.payload {
        Payload::Module(data) => Some(data.dict.clone()),
        _ => None,
    }
}

pub fn init(vm: &mut Vm) {
    let ty = vm.types.module.clone();
    crate::objects::typeobject::type_data(&ty)
        .instance_dict
        .set(true);
    add_new(vm, &ty, |vm, args| {
        let name = args
            .pos
            .get(1)
            .and_then(abstract_::value_as_str)
            .unwrap_or("?")
            .to_owned();
        let class = match args.pos.first() {
            Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
            _ => vm.types.module.clone(),
        };
        let m = new_module(vm, &name);
        if !std::rc::Rc::ptr_eq(&class, &vm.types.module) {
            m.set_class(class);
        }
        if let Some(doc) = args.pos.get(2) {
            let d = module_dict(&m).expect("a module");
            dict::dict_set_str(vm, &d, "__doc__", doc.clone());
        }
        Ok(Value::Obj(m))
    });
    add_method(vm, &ty, "__init__", |_, _: Args| Ok(Value::None));
    add_method(vm, &ty, "__repr__", |vm, args| {
        let v = this(&args);
        let Value::Obj(m) = &v else {
            return Ok(vm.new_str("<module>"));
        };
        // The import machinery words it from the module's spec and loader.
        if let Some(bootstrap) = vm.importlib.clone() {
            let module_repr = abstract_::getattr_str(vm, &Value::Obj(bootstrap), "_module_repr")?;
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
    });
    add_slot(vm, &ty, NativeSlot::GetAttr(module_getattro));
    add_method(vm, &ty, "__dir__", |vm, args| {
        let Value::Obj(m) = this(&args) else {
            return Ok(vm.new_list(vec![]));
        };
        let d = module_dict(&m).unwrap_or_else(|| vm.new_dict());
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
