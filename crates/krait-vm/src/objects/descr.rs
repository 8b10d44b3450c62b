//! `property`, `classmethod`, `staticmethod` (CPython's `Objects/descrobject.c`,
//! `Objects/funcobject.c`) and `super` (`Objects/typeobject.c`).

use std::cell::RefCell;
use std::rc::Rc;

use crate::abstract_;
use crate::object::{ObjRef, Payload, PropertyData, PyObject};
use crate::objects::function::Args;
use crate::objects::str::PyStr;
use crate::objects::typeobject::{self, type_data};
use crate::objects::{add_getset, add_method, add_method_sig, add_new};
use crate::signature::{given, Signature};

/// `property.__init__`'s arguments, parsed as `PyArg_ParseTupleAndKeywords` does.
static PROPERTY_INIT: Signature = Signature::new(
    "property",
    "($self, fget=None, fset=None, fdel=None, doc=None)",
)
.parse_tuple()
.not_listed();
use crate::value::Value;
use crate::{PyResult, Vm};

/// The `'name' ` prefix of property error messages: the property is named once
/// `__set_name__` told it its name (its repr is shown).
pub fn property_name(vm: &mut Vm, prop: &ObjRef) -> PyResult<String> {
    let Payload::Property(p) = &prop.payload else {
        return Ok(String::new());
    };
    let name = p.borrow().name.clone();
    if name.is_none() {
        return Ok(String::new());
    }
    Ok(format!("{} ", abstract_::repr_string(vm, &name)?))
}

fn property_data(v: &Value) -> Option<&RefCell<PropertyData>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Property(p) => Some(p),
            _ => None,
        },
        _ => None,
    }
}

fn new_property(vm: &mut Vm, class: &ObjRef, data: PropertyData) -> Value {
    Value::Obj(typeobject::new_instance(
        vm,
        class,
        Payload::Property(Box::new(RefCell::new(data))),
    ))
}

/// `getter`, `setter` and `deleter`, in the order `property_copy` numbers them.
static PROPERTY_COPIES: [Signature; 3] = [
    Signature::unlisted("property", "getter", "($self, fget, /)"),
    Signature::unlisted("property", "setter", "($self, fset, /)"),
    Signature::unlisted("property", "deleter", "($self, fdel, /)"),
];

/// `p.getter(f)`, `p.setter(f)`, `p.deleter(f)`: a new property made by calling
/// `type(p)` with the functions replaced (a subclass's `__init__` runs), keeping
/// the name `__set_name__` gave (CPython's `property_copy`).
fn property_copy(vm: &mut Vm, args: Args, which: usize) -> PyResult<Value> {
    let (p, [f]) = PROPERTY_COPIES[which].bind(vm, args)?;
    let (p, f) = (given(p), given(f));
    let Some(data) = property_data(&p) else {
        return Ok(Value::None);
    };
    let d = data.borrow();
    let mut functions = [d.fget.clone(), d.fset.clone(), d.fdel.clone()];
    if !f.is_none() {
        functions[which] = f;
    }
    // A docstring copied from the old getter gives way to the new getter's.
    let doc = if d.getter_doc && !functions[0].is_none() {
        Value::None
    } else {
        d.doc.clone()
    };
    let name = d.name.clone();
    drop(d);
    let class = Value::Obj(vm.type_of(&p));
    let [fget, fset, fdel] = functions;
    let new = vm.call1(&class, vec![fget, fset, fdel, doc])?;
    if let Some(data) = property_data(&new) {
        data.borrow_mut().name = name;
    }
    Ok(new)
}

/// `property.__init__`: the functions, and the docstring given or else the
/// getter's. A subclass's instance keeps the getter's docstring in its own
/// `__dict__`, where the subclass's `__doc__` does not hide it.
fn property_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (p, [fget, fset, fdel, doc]) = PROPERTY_INIT.bind(vm, args)?;
    let p = p.unwrap_or(Value::None);
    let [fget, fset, fdel, doc] = [fget, fset, fdel, doc].map(|v| v.unwrap_or(Value::None));
    let Some(data) = property_data(&p) else {
        return Ok(Value::None);
    };
    let wants_getter_doc = doc.is_none() && !fget.is_none();
    let old = std::mem::replace(
        &mut *data.borrow_mut(),
        PropertyData {
            fget: fget.clone(),
            fset,
            fdel,
            doc,
            name: Value::None,
            getter_doc: false,
        },
    );
    drop(old);
    if !wants_getter_doc {
        return Ok(Value::None);
    }
    let Some(getter_doc) = abstract_::getattr_optional(vm, &fget, "__doc__")? else {
        return Ok(Value::None);
    };
    let exact = p
        .as_obj()
        .is_some_and(|o| Rc::ptr_eq(&o.class(), &vm.types.property));
    if exact {
        data.borrow_mut().doc = getter_doc;
    } else {
        abstract_::setattr_str(vm, &p, "__doc__", getter_doc)?;
    }
    data.borrow_mut().getter_doc = true;
    Ok(Value::None)
}

/// Whether `f.__isabstractmethod__` is true (CPython's `_PyObject_IsAbstract`).
pub fn is_abstract(vm: &mut Vm, f: &Value) -> PyResult<bool> {
    match abstract_::getattr_optional(vm, f, "__isabstractmethod__")? {
        Some(flag) => abstract_::is_true(vm, &flag),
        None => Ok(false),
    }
}

pub fn init(vm: &mut Vm) {
    let prop = vm.types.property.clone();
    add_new(vm, &prop, |vm, args| {
        let class = match args.pos.first() {
            Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
            _ => vm.types.property.clone(),
        };
        let empty = PropertyData {
            fget: Value::None,
            fset: Value::None,
            fdel: Value::None,
            doc: Value::None,
            name: Value::None,
            getter_doc: false,
        };
        Ok(new_property(vm, &class, empty))
    });
    add_method(vm, &prop, "__init__", property_init);
    add_method(vm, &prop, "__set_name__", |vm, args| {
        // (self, owner, name): any owner, any name, as CPython takes them.
        if args.pos.len() != 3 || !args.kw.is_empty() {
            let given = args.pos.len().saturating_sub(1) + args.kw.len();
            return Err(vm.new_type_error(format!(
                "__set_name__() takes 2 positional arguments but {given} were given"
            )));
        }
        if let Some(data) = property_data(&args.pos[0]) {
            let old = std::mem::replace(&mut data.borrow_mut().name, args.pos[2].clone());
            drop(old);
        }
        Ok(Value::None)
    });
    add_method_sig(vm, &prop, &PROPERTY_COPIES[0], |vm, args| {
        property_copy(vm, args, 0)
    });
    add_method_sig(vm, &prop, &PROPERTY_COPIES[1], |vm, args| {
        property_copy(vm, args, 1)
    });
    add_method_sig(vm, &prop, &PROPERTY_COPIES[2], |vm, args| {
        property_copy(vm, args, 2)
    });
    add_getset(
        vm,
        &prop,
        "fget",
        |_, v| {
            Ok(property_data(v)
                .map(|d| d.borrow().fget.clone())
                .unwrap_or(Value::None))
        },
        Some(crate::objects::readonly_member),
    );
    add_getset(
        vm,
        &prop,
        "fset",
        |_, v| {
            Ok(property_data(v)
                .map(|d| d.borrow().fset.clone())
                .unwrap_or(Value::None))
        },
        Some(crate::objects::readonly_member),
    );
    add_getset(
        vm,
        &prop,
        "fdel",
        |_, v| {
            Ok(property_data(v)
                .map(|d| d.borrow().fdel.clone())
                .unwrap_or(Value::None))
        },
        Some(crate::objects::readonly_member),
    );
    add_getset(
        vm,
        &prop,
        "__doc__",
        |_, v| {
            Ok(property_data(v)
                .map(|d| d.borrow().doc.clone())
                .unwrap_or(Value::None))
        },
        // A plain member in CPython: written freely, deleted to None.
        Some(|_, v, doc| {
            if let Some(data) = property_data(v) {
                data.borrow_mut().doc = doc.unwrap_or(Value::None);
            }
            Ok(())
        }),
    );
    add_getset(
        vm,
        &prop,
        "__isabstractmethod__",
        |vm, v| {
            let Some(d) = property_data(v) else {
                return Ok(Value::Bool(false));
            };
            let functions = {
                let d = d.borrow();
                [d.fget.clone(), d.fset.clone(), d.fdel.clone()]
            };
            for f in &functions {
                if is_abstract(vm, f)? {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        },
        None,
    );

    for (ty, is_class) in [
        (vm.types.classmethod.clone(), true),
        (vm.types.staticmethod.clone(), false),
    ] {
        let new: crate::objects::function::NativeFn = if is_class {
            |vm, args| {
                let class = match args.pos.first() {
                    Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
                    _ => vm.types.classmethod.clone(),
                };
                static NEW: Signature = Signature::new("classmethod", "($type, function, /)");
                let (_, [f]) = NEW.bind(vm, args)?;
                let f = f.unwrap_or(Value::None);
                let method = typeobject::new_instance(
                    vm,
                    &class,
                    Payload::ClassMethod(RefCell::new(f.clone())),
                );
                copy_wrapped_attributes(vm, &method, &f)?;
                Ok(Value::Obj(method))
            }
        } else {
            |vm, args| {
                let class = match args.pos.first() {
                    Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
                    _ => vm.types.staticmethod.clone(),
                };
                static NEW: Signature = Signature::new("staticmethod", "($type, function, /)");
                let (_, [f]) = NEW.bind(vm, args)?;
                let f = f.unwrap_or(Value::None);
                let method = typeobject::new_instance(
                    vm,
                    &class,
                    Payload::StaticMethod(RefCell::new(f.clone())),
                );
                copy_wrapped_attributes(vm, &method, &f)?;
                Ok(Value::Obj(method))
            }
        };
        add_new(vm, &ty, new);
        // Instances keep the attributes copied from the function in a `__dict__`.
        type_data(&ty).instance_dict.set(true);
        add_method(vm, &ty, "__init__", |_, _| Ok(Value::None));
        add_getset(
            vm,
            &ty,
            "__dict__",
            crate::objects::function::instance_dict,
            Some(typeobject::set_instance_dict),
        );
        add_getset(vm, &ty, "__func__", wrapped, None);
        add_getset(vm, &ty, "__wrapped__", wrapped, None);
        add_getset(
            vm,
            &ty,
            "__isabstractmethod__",
            |vm, v| {
                let f = wrapped(vm, v)?;
                Ok(Value::Bool(is_abstract(vm, &f)?))
            },
            None,
        );
        // `<classmethod(<function f at 0x...>)>`, whatever the subclass.
        let repr: crate::slots::UnaryFn = if is_class {
            |vm, me| wrapper_repr(vm, me, "classmethod")
        } else {
            |vm, me| wrapper_repr(vm, me, "staticmethod")
        };
        crate::native::add_slot(vm, &ty, crate::slots::NativeSlot::Repr(repr));
        // A static method can be called as its function; a class method cannot.
        if !is_class {
            crate::native::add_slot(
                vm,
                &ty,
                crate::slots::NativeSlot::Call(|vm, me, args| {
                    let f = wrapped(vm, me)?;
                    vm.call(&f, args)
                }),
            );
        }
    }

    let sup = vm.types.super_.clone();
    add_new(vm, &sup, super_new);
    crate::objects::set_vectorcall(&sup, 0, 2, super_of);
    add_method(vm, &sup, "__init__", |_, _| Ok(Value::None));
    crate::native::add_slot(vm, &sup, crate::slots::NativeSlot::GetAttr(super_getattro));
    crate::native::add_slot(vm, &sup, crate::slots::NativeSlot::DescrGet(super_get));
    crate::native::add_slot(
        vm,
        &sup,
        crate::slots::NativeSlot::Repr(|vm, this| {
            let v = this.clone();
            let Value::Obj(o) = &v else {
                return Ok(vm.new_str("<super>"));
            };
            let Payload::Super {
                this_class,
                obj_type,
                ..
            } = &o.payload
            else {
                return Ok(vm.new_str("<super>"));
            };
            let s = format!(
                "<super: <class '{}'>, <{} object>>",
                type_data(this_class).name(),
                type_data(obj_type).name()
            );
            Ok(vm.new_str(s))
        }),
    );
    add_getset(
        vm,
        &sup,
        "__thisclass__",
        |_, v| match v {
            Value::Obj(o) => match &o.payload {
                Payload::Super { this_class, .. } => Ok(Value::Obj(this_class.clone())),
                _ => Ok(Value::None),
            },
            _ => Ok(Value::None),
        },
        None,
    );
    add_getset(
        vm,
        &sup,
        "__self__",
        |_, v| match v {
            Value::Obj(o) => match &o.payload {
                Payload::Super { obj, .. } => Ok(obj.clone()),
                _ => Ok(Value::None),
            },
            _ => Ok(Value::None),
        },
        None,
    );
}

/// What a static or class method takes from its function, as `functools.wraps`
/// would (CPython's `functools_wraps`): the names, module, docstring and
/// annotations, each when the function has it.
fn copy_wrapped_attributes(vm: &mut Vm, method: &ObjRef, function: &Value) -> PyResult<()> {
    let Some(dict) = method.dict() else {
        return Ok(());
    };
    for name in [
        "__module__",
        "__name__",
        "__qualname__",
        "__doc__",
        "__annotations__",
    ] {
        if let Some(value) = abstract_::getattr_optional(vm, function, name)? {
            crate::objects::dict::dict_set_str(vm, &dict, name, value);
        }
    }
    Ok(())
}

/// `<kind(function)>`: the repr of a class or static method.
fn wrapper_repr(vm: &mut Vm, me: &Value, kind: &str) -> PyResult<Value> {
    let f = wrapped(vm, me)?;
    let inner = abstract_::repr_string(vm, &f)?;
    Ok(vm.new_str(format!("<{kind}({inner})>")))
}

fn wrapped(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(match v {
        Value::Obj(o) => match &o.payload {
            Payload::ClassMethod(f) | Payload::StaticMethod(f) => f.borrow().clone(),
            _ => Value::None,
        },
        _ => Value::None,
    })
}

/// An unbound super object (`super(C)`) found on a class binds to the instance it
/// is read through, as `super(C, instance)`; a bound one stays as it is.
fn super_get(vm: &mut Vm, me: &Value, obj: Option<&Value>, _owner: &ObjRef) -> PyResult<Value> {
    let unbound_class = match me {
        Value::Obj(o) => match &o.payload {
            Payload::Super {
                this_class, obj, ..
            } if obj.is_none() => Some(this_class.clone()),
            _ => None,
        },
        _ => None,
    };
    let (Some(this_class), Some(obj)) = (unbound_class, obj.filter(|o| !o.is_none())) else {
        return Ok(me.clone());
    };
    let class = vm.type_of(me);
    let given = vec![Value::Obj(this_class), obj.clone()];
    if Rc::ptr_eq(&class, &vm.types.super_) {
        super_of(vm, &given)
    } else {
        vm.call1(&Value::Obj(class), given)
    }
}

/// `super([type[, obj]])`, keywords refused.
static SUPER: Signature = Signature::new("super", "($type, /, *args)").not_listed();

/// `super()` with no arguments reads `__class__` and the first argument of the
/// calling frame; `super(type, obj)` takes them explicitly.
fn super_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // The class made: `super` or a subclass of it.
    let class = match args.pos.first() {
        Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
        _ => vm.types.super_.clone(),
    };
    // `super()`, by far the most common call, has nothing to bind.
    let given = if args.pos.len() == 1 && args.kw.is_empty() {
        Vec::new()
    } else {
        SUPER.bind_all::<0>(vm, args)?.args
    };
    let payload = super_payload(vm, &given)?;
    Ok(Value::Obj(typeobject::new_instance(vm, &class, payload)))
}

/// `super(*given)`, the type's vectorcall: `super()` in a method, `super(type)` or
/// `super(type, obj)`.
fn super_of(vm: &mut Vm, given: &[Value]) -> PyResult<Value> {
    let payload = super_payload(vm, given)?;
    Ok(Value::Obj(PyObject::new(vm.types.super_.clone(), payload)))
}

/// What a super object holds, from the arguments of `super(...)`.
fn super_payload(vm: &mut Vm, given: &[Value]) -> PyResult<Payload> {
    let (this_class, obj) = match given {
        [] => zero_arg_super(vm)?,
        [class] | [class, _] => {
            let obj = given.get(1).cloned().unwrap_or(Value::None);
            match class {
                Value::Obj(t) if t.type_data().is_some() => (t.clone(), obj),
                _ => {
                    return Err(vm.new_type_error(format!(
                        "super() argument 1 must be a type, not {}",
                        vm.type_name_of(class)
                    )))
                }
            }
        }
        // `super_vectorcall` checks the count as `_PyArg_CheckPositional("super()")`.
        more => {
            return Err(vm.new_type_error(format!(
                "super() expected at most 2 arguments, got {}",
                more.len()
            )))
        }
    };
    let obj_type = if obj.is_none() {
        this_class.clone()
    } else {
        match &obj {
            Value::Obj(o) if o.type_data().is_some() && typeobject::is_subtype(o, &this_class) => {
                o.clone()
            }
            _ => {
                let t = vm.type_of(&obj);
                if !typeobject::is_subtype(&t, &this_class) {
                    return Err(vm.new_type_error(
                        "super(type, obj): obj must be an instance or subtype of type".to_owned(),
                    ));
                }
                t
            }
        }
    };
    Ok(Payload::Super {
        this_class,
        obj,
        obj_type,
    })
}

fn zero_arg_super(vm: &mut Vm) -> PyResult<(ObjRef, Value)> {
    let Some(frame) = vm.frames.last() else {
        return Err(vm.new_runtime_error("super(): no current frame".to_owned()));
    };
    let code = frame.code.clone();
    if code.code.argcount == 0 && code.code.flags & krait_bytecode::CodeFlags::VARARGS == 0 {
        return Err(vm.new_runtime_error("super(): no arguments".to_owned()));
    }
    let mut first = vm.stack[frame.base].clone().unwrap_or(Value::None);
    // The first argument may have been moved into a cell.
    if code.cell_kind(0) & krait_bytecode::LocalKind::CELL != 0 {
        let inner = match &first {
            Value::Obj(c) => match &c.payload {
                Payload::Cell(cell) => cell.borrow().clone(),
                _ => None,
            },
            _ => None,
        };
        if let Some(v) = inner {
            first = v;
        }
    }
    let class_index = code
        .code
        .localsplusnames
        .iter()
        .position(|n| &**n == "__class__")
        .filter(|i| code.cell_kind(*i) & krait_bytecode::LocalKind::FREE != 0);
    let Some(index) = class_index else {
        return Err(vm.new_runtime_error("super(): __class__ cell not found".to_owned()));
    };
    let cell = vm.stack[frame.base + index].clone();
    let class = match cell {
        Some(Value::Obj(c)) => match &c.payload {
            Payload::Cell(cell) => cell.borrow().clone(),
            _ => None,
        },
        _ => None,
    };
    match class {
        Some(Value::Obj(t)) if t.type_data().is_some() => Ok((t, first)),
        _ => Err(vm.new_runtime_error("super(): empty __class__ cell".to_owned())),
    }
}

/// `super().name` for a method call (`LOAD_METHOD` on an exact `super` bound to an
/// instance): the Python function found past `this_class` and the instance to call
/// it with, without making a bound method (what CPython 3.12's `LOAD_SUPER_ATTR`
/// does). `None` when the attribute is anything else, for `super_getattro`.
pub fn super_method(so: &ObjRef, name: &ObjRef) -> Option<(Value, Value)> {
    let Payload::Super {
        this_class,
        obj,
        obj_type,
    } = &so.payload
    else {
        return None;
    };
    let Value::Obj(instance) = obj else {
        return None;
    };
    let text = name.str_data()?;
    if Rc::ptr_eq(instance, obj_type) || text.as_str() == "__class__" {
        return None;
    }
    let found = lookup_past(obj_type, this_class, text)?;
    match &found {
        Value::Obj(f) if matches!(f.payload, Payload::Function(_)) => Some((found, obj.clone())),
        _ => None,
    }
}

/// `name` in the namespaces of the classes after `this_class` in `obj_type`'s MRO.
fn lookup_past(obj_type: &ObjRef, this_class: &ObjRef, name: &PyStr) -> Option<Value> {
    let mro = type_data(obj_type).mro.borrow();
    let pos = mro.iter().position(|c| Rc::ptr_eq(c, this_class))?;
    mro[pos + 1..].iter().find_map(|class| {
        crate::objects::dict::as_dict(&type_data(class).dict)
            .and_then(|d| d.borrow().get_str_hashed(name.hash(), name.as_str()))
    })
}

/// `super().name`: the classes after `this_class` in the MRO of the object's type,
/// then `super`'s own attributes.
fn super_getattro(vm: &mut Vm, s: &Value, name: &ObjRef) -> PyResult<Value> {
    let Value::Obj(so) = s else {
        return Ok(Value::None);
    };
    let Payload::Super {
        this_class,
        obj,
        obj_type,
    } = &so.payload
    else {
        return Ok(Value::None);
    };
    // An unbound `super(C)` looks nothing up past C: its attributes are its own.
    let text = name.str_data().filter(|t| t.as_str() != "__class__");
    if let Some(text) = text.filter(|_| !obj.is_none()) {
        if let Some(attr) = lookup_past(obj_type, this_class, text) {
            // Through `super(C, C)` the attribute is read as from the class.
            let inst = match obj {
                Value::Obj(o) if Rc::ptr_eq(o, obj_type) => None,
                Value::None => None,
                _ => Some(obj),
            };
            return abstract_::descriptor_get(vm, attr, inst, obj_type);
        }
    }
    let class = vm.type_of(s);
    abstract_::generic_getattr(vm, s, &class, name)
}
