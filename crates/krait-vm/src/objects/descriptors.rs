//! The `__get__` and `__set__` slots of the builtin descriptor types: functions,
//! method and slot-wrapper descriptors, class-method descriptors, getset and member
//! descriptors, `property`, `classmethod` and `staticmethod` (CPython's
//! `descr_get`/`descr_set` functions in `Objects/descrobject.c` and
//! `Objects/funcobject.c`).
//!
//! `abstract_::descriptor_get` and `descriptor_set` call these through the type's
//! slots, so a subclass of `property` or `classmethod` that overrides `__get__`
//! is honoured like any other override.

use crate::abstract_::{self, attribute_error, new_method};
use crate::native::add_slot;
use crate::object::{MemberKind, ObjRef, Payload, PyObject};
use crate::objects::add_getset;
use crate::objects::function::BuiltinFunction;
use crate::objects::typeobject::{self, type_data};
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::{PyErr, PyResult, Vm};

pub fn init(vm: &mut Vm) {
    let t = &vm.types;
    let getters: [(ObjRef, crate::slots::DescrGetFn); 9] = [
        (t.function.clone(), function_get),
        (t.method_descriptor.clone(), method_descriptor_get),
        (t.wrapper_descriptor.clone(), wrapper_descriptor_get),
        (t.classmethod_descriptor.clone(), classmethod_descriptor_get),
        (t.getset_descriptor.clone(), getset_get),
        (t.member_descriptor.clone(), member_get),
        (t.property.clone(), property_get),
        (t.classmethod.clone(), classmethod_get),
        (t.staticmethod.clone(), staticmethod_get),
    ];
    let setters: [(ObjRef, crate::slots::DescrSetFn); 3] = [
        (t.getset_descriptor.clone(), getset_set),
        (t.member_descriptor.clone(), member_set),
        (t.property.clone(), property_set),
    ];
    for (ty, get) in getters {
        add_slot(vm, &ty, NativeSlot::DescrGet(get));
    }
    for (ty, set) in setters {
        add_slot(vm, &ty, NativeSlot::DescrSet(set));
    }
    for (ty, kind) in [
        (vm.types.getset_descriptor.clone(), "attribute"),
        (vm.types.member_descriptor.clone(), "member"),
    ] {
        add_getset(
            vm,
            &ty,
            "__name__",
            |vm, d| Ok(vm.new_str(attribute_parts(d).0)),
            None,
        );
        add_getset(vm, &ty, "__qualname__", descriptor_qualname, None);
        add_getset(
            vm,
            &ty,
            "__objclass__",
            |_, d| Ok(attribute_parts(d).1),
            None,
        );
        add_getset(vm, &ty, "__doc__", |_, _| Ok(Value::None), None);
        let repr: NativeSlot = if kind == "member" {
            NativeSlot::Repr(|vm, d| attribute_repr(vm, d, "member"))
        } else {
            NativeSlot::Repr(|vm, d| attribute_repr(vm, d, "attribute"))
        };
        add_slot(vm, &ty, repr);
    }
}

/// The name of a getset or member descriptor and the type that defines it.
fn attribute_parts(descr: &Value) -> (String, Value) {
    match payload(descr) {
        Payload::GetSetDescriptor(gs, owner) => (gs.name.to_owned(), Value::Obj(owner.clone())),
        Payload::MemberDescriptor(m) => (m.name.to_string(), Value::Obj(m.owner.clone())),
        _ => (String::new(), Value::None),
    }
}

fn descriptor_qualname(vm: &mut Vm, descr: &Value) -> PyResult<Value> {
    let (name, owner) = attribute_parts(descr);
    let owner = abstract_::getattr_str(vm, &owner, "__qualname__")?;
    let owner = abstract_::str_string(vm, &owner)?;
    Ok(vm.new_str(format!("{owner}.{name}")))
}

/// `<attribute 'real' of 'int' objects>`, `<member 'a' of 'C' objects>`.
fn attribute_repr(vm: &mut Vm, descr: &Value, kind: &str) -> PyResult<Value> {
    let (name, owner) = attribute_parts(descr);
    let owner = match &owner {
        Value::Obj(t) if t.type_data().is_some() => typeobject::type_data(t).tp_name(),
        _ => "?".to_owned(),
    };
    Ok(vm.new_str(format!("<{kind} '{name}' of '{owner}' objects>")))
}

/// The object a descriptor slot was installed for (the slot is only ever found on
/// the type whose payload it reads, or a subclass of it).
fn payload(descr: &Value) -> &Payload {
    match descr {
        Value::Obj(d) => &d.payload,
        _ => &Payload::Instance,
    }
}

/// A function read through an instance is a bound method.
pub fn function_get(
    vm: &mut Vm,
    descr: &Value,
    obj: Option<&Value>,
    _owner: &ObjRef,
) -> PyResult<Value> {
    Ok(match obj {
        Some(obj) => new_method(vm, descr.clone(), obj.clone()),
        None => descr.clone(),
    })
}

/// A builtin method read through an instance is bound to it (`[].append`).
fn method_descriptor_get(
    vm: &mut Vm,
    descr: &Value,
    obj: Option<&Value>,
    _owner: &ObjRef,
) -> PyResult<Value> {
    match (payload(descr), obj) {
        (Payload::MethodDescriptor(f), Some(obj)) => {
            let class = vm.types.builtin_function.clone();
            Ok(bind_builtin(f, obj.clone(), class))
        }
        _ => Ok(descr.clone()),
    }
}

/// A slot wrapper read through an instance is a `method-wrapper` (`(1).__add__`).
fn wrapper_descriptor_get(
    vm: &mut Vm,
    descr: &Value,
    obj: Option<&Value>,
    _owner: &ObjRef,
) -> PyResult<Value> {
    match (payload(descr), obj) {
        (Payload::MethodDescriptor(f), Some(obj)) => {
            let mut bound = f.clone();
            // The wrapper's own class (kept in `this`) stays as `__objclass__`.
            bound.objclass = match bound.this.replace(obj.clone()) {
                Some(Value::Obj(class)) if class.type_data().is_some() => Some(class),
                _ => None,
            };
            Ok(Value::Obj(PyObject::new(
                vm.types.method_wrapper.clone(),
                Payload::BuiltinFunction(bound),
            )))
        }
        _ => Ok(descr.clone()),
    }
}

/// A builtin class method is bound to the class (`dict.fromkeys`).
fn classmethod_descriptor_get(
    vm: &mut Vm,
    descr: &Value,
    _obj: Option<&Value>,
    owner: &ObjRef,
) -> PyResult<Value> {
    match payload(descr) {
        Payload::ClassMethodDescriptor(f) => {
            let class = vm.types.builtin_function.clone();
            Ok(bind_builtin(f, Value::Obj(owner.clone()), class))
        }
        _ => Ok(descr.clone()),
    }
}

/// The builtin `f` bound to `this`, as an object of `class` (a builtin method or a
/// method-wrapper).
pub(crate) fn bind_builtin(f: &BuiltinFunction, this: Value, class: ObjRef) -> Value {
    let mut bound = f.clone();
    bound.this = Some(this);
    Value::Obj(PyObject::new(
        class,
        Payload::BuiltinFunction(Box::new(bound)),
    ))
}

/// CPython's `descr_check`: a getset applies only to instances of its type (its
/// functions read that type's layout).
fn check_getset_object(vm: &mut Vm, name: &str, class: &ObjRef, obj: &Value) -> PyResult<()> {
    if vm.isinstance(obj, class) {
        return Ok(());
    }
    let owner = typeobject::type_data(class).tp_name();
    let given = vm.type_name_of(obj);
    Err(vm.new_type_error(format!(
        "descriptor '{name}' for '{owner}' objects doesn't apply to a '{given}' object"
    )))
}

fn getset_get(vm: &mut Vm, descr: &Value, obj: Option<&Value>, _owner: &ObjRef) -> PyResult<Value> {
    match (payload(descr), obj) {
        (Payload::GetSetDescriptor(gs, class), Some(obj)) => {
            check_getset_object(vm, gs.name, class, obj)?;
            (gs.get)(vm, obj)
        }
        _ => Ok(descr.clone()),
    }
}

fn getset_set(vm: &mut Vm, descr: &Value, obj: &Value, value: Option<Value>) -> PyResult<()> {
    let Payload::GetSetDescriptor(gs, class) = payload(descr) else {
        return Ok(());
    };
    check_getset_object(vm, gs.name, class, obj)?;
    match gs.set {
        Some(set) => set(vm, obj, value),
        None => Err(vm.new_attribute_error(format!(
            "attribute '{}' of '{}' objects is not writable",
            gs.name,
            vm.type_name_of(obj)
        ))),
    }
}

/// A `__slots__` entry reads one of the instance's member values.
fn member_get(vm: &mut Vm, descr: &Value, obj: Option<&Value>, _owner: &ObjRef) -> PyResult<Value> {
    let (Payload::MemberDescriptor(member), Some(obj)) = (payload(descr), obj) else {
        return Ok(descr.clone());
    };
    check_getset_object(vm, &member.name, &member.owner, obj)?;
    let found = match obj {
        Value::Obj(o) => o.members.get(member.index),
        _ => None,
    };
    match (found, member.kind) {
        (Some(v), _) => Ok(v),
        (None, MemberKind::Object | MemberKind::ReadOnly) => Ok(Value::None),
        (None, MemberKind::Slot) => {
            let name = member.name.to_string();
            Err(attribute_error(vm, obj, &name))
        }
    }
}

fn member_set(vm: &mut Vm, descr: &Value, obj: &Value, value: Option<Value>) -> PyResult<()> {
    let Payload::MemberDescriptor(member) = payload(descr) else {
        return Ok(());
    };
    check_getset_object(vm, &member.name, &member.owner, obj)?;
    if member.kind == MemberKind::ReadOnly {
        return Err(vm.new_attribute_error("readonly attribute".to_owned()));
    }
    let deleting = value.is_none();
    let stored = match obj {
        Value::Obj(o) => {
            let count = o
                .class_ref()
                .type_data()
                .map_or(0, |t| t.member_count.get());
            o.members.set(member.index, count, value)
        }
        _ => Err(crate::object::OutsideLayout),
    };
    match stored {
        Ok(None) if deleting && member.kind == MemberKind::Slot => {
            Err(vm.new_attribute_error(member.name.to_string()))
        }
        Ok(old) => {
            drop(old);
            Ok(())
        }
        Err(crate::object::OutsideLayout) => Err(vm.new_error(
            crate::objects::exceptions::Exc::SystemError,
            format!(
                "member '{}' is outside the layout of '{}' objects",
                member.name,
                vm.type_name_of(obj)
            ),
        )),
    }
}

fn property_get(
    vm: &mut Vm,
    descr: &Value,
    obj: Option<&Value>,
    _owner: &ObjRef,
) -> PyResult<Value> {
    // Read through the class, or through None, the property itself.
    let (Value::Obj(d), Some(obj)) = (descr, obj.filter(|o| !o.is_none())) else {
        return Ok(descr.clone());
    };
    let Payload::Property(p) = &d.payload else {
        return Ok(descr.clone());
    };
    let fget = p.borrow().fget.clone();
    if fget.is_none() {
        return Err(missing_property_function(vm, d, obj, "getter"));
    }
    vm.call1(&fget, vec![obj.clone()])
}

/// "property 'x' of 'C' object has no setter": the property's name once
/// `__set_name__` gave it, and the qualified name of the object's class, both
/// as reprs.
fn missing_property_function(vm: &mut Vm, prop: &ObjRef, obj: &Value, what: &str) -> PyErr {
    let name = match crate::objects::descr::property_name(vm, prop) {
        Ok(name) => name,
        Err(e) => return e,
    };
    let qualname = type_data(&vm.type_of(obj)).qualname.borrow().clone();
    let qualname = match abstract_::repr_string(vm, &vm.new_str(qualname)) {
        Ok(q) => q,
        Err(e) => return e,
    };
    vm.new_attribute_error(format!("property {name}of {qualname} object has no {what}"))
}

fn property_set(vm: &mut Vm, descr: &Value, obj: &Value, value: Option<Value>) -> PyResult<()> {
    let Value::Obj(d) = descr else { return Ok(()) };
    let Payload::Property(p) = &d.payload else {
        return Ok(());
    };
    let (f, what) = if value.is_some() {
        (p.borrow().fset.clone(), "setter")
    } else {
        (p.borrow().fdel.clone(), "deleter")
    };
    if f.is_none() {
        return Err(missing_property_function(vm, d, obj, what));
    }
    let mut args = vec![obj.clone()];
    args.extend(value);
    vm.call1(&f, args)?;
    Ok(())
}

/// A class method binds to the class it was read through.
fn classmethod_get(
    vm: &mut Vm,
    descr: &Value,
    _obj: Option<&Value>,
    owner: &ObjRef,
) -> PyResult<Value> {
    match payload(descr) {
        Payload::ClassMethod(f) => {
            let f = f.borrow().clone();
            // A wrapped descriptor (a property, another class method) binds to
            // the class itself, as 3.9-3.12 chain them.
            if abstract_::has_descr_get(&f) {
                let class = Value::Obj(owner.clone());
                return abstract_::descriptor_get(vm, f, Some(&class), owner);
            }
            Ok(new_method(vm, f, Value::Obj(owner.clone())))
        }
        _ => Ok(descr.clone()),
    }
}

fn staticmethod_get(
    _vm: &mut Vm,
    descr: &Value,
    _obj: Option<&Value>,
    _owner: &ObjRef,
) -> PyResult<Value> {
    match payload(descr) {
        Payload::StaticMethod(f) => Ok(f.borrow().clone()),
        _ => Ok(descr.clone()),
    }
}
