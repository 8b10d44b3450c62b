//! The `object` type (CPython's `Objects/typeobject.c`, the `object_*` functions):
//! default construction, identity equality and hashing, the default `repr`, generic
//! attribute access, `__class__` and `__dict__`.

use crate::abstract_;
use crate::native::add_slot;
use crate::object::{object_id, Payload};
use crate::objects::function::Args;
use crate::objects::typeobject::{self, type_data, Layout};
use crate::objects::{add_getset, add_method, add_method_sig, add_new};
use crate::signature::{given, Signature};
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::{PyResult, Vm};
use krait_bytecode::opcode_table::{CMP_EQ, CMP_NE};

pub fn init(vm: &mut Vm) {
    let ty = vm.types.object.clone();
    add_new(vm, &ty, object_new);
    add_method_sig(vm, &ty, &INIT, object_init);
    for slot in [
        NativeSlot::Repr(object_repr),
        NativeSlot::Str(abstract_::repr),
        NativeSlot::RichCompare(object_richcompare),
        NativeSlot::Hash(|_, this| Ok(crate::object::identity_hash(this))),
    ] {
        add_slot(vm, &ty, slot);
    }
    add_method_sig(vm, &ty, &FORMAT, object_format);
    add_slot(vm, &ty, NativeSlot::GetAttr(abstract_::object_getattro));
    add_slot(vm, &ty, NativeSlot::SetAttr(abstract_::generic_setattr));
    crate::objects::add_method_sig(vm, &ty, &DIR, object_dir);
    use crate::objects::reduce;
    crate::objects::add_method_sig(vm, &ty, &reduce::REDUCE_EX, reduce::object_reduce_ex);
    crate::objects::add_method_sig(vm, &ty, &reduce::REDUCE, reduce::object_reduce);
    crate::objects::add_method_sig(vm, &ty, &reduce::GETSTATE, reduce::object_getstate);
    crate::objects::add_method_sig(vm, &ty, &SIZEOF, |vm, args| sizeof(vm, &SIZEOF, args));
    add_method(vm, &ty, "__init_subclass__", object_init_subclass);
    crate::objects::add_classmethod(
        vm,
        &ty,
        "__subclasshook__",
        |vm, _| Ok(vm.not_implemented()),
    );
    crate::objects::dict::dict_set_str(
        vm,
        &type_data(&ty).dict.clone(),
        "__init_subclass__",
        Value::None,
    );
    add_classmethod_init_subclass(vm);
    add_getset(vm, &ty, "__class__", get_class, Some(set_class));
    let doc = vm.new_str(
        "The base class of the class hierarchy.\n\nWhen called, it accepts no arguments and returns a new featureless\ninstance that has no instance attributes and cannot be given any.\n",
    );
    crate::objects::set_type_attr(vm, &ty, "__doc__", doc);
}

fn add_classmethod_init_subclass(vm: &mut Vm) {
    let ty = vm.types.object.clone();
    crate::objects::add_classmethod_sig(vm, &ty, &INIT_SUBCLASS, object_init_subclass);
}

fn object_init_subclass(vm: &mut Vm, args: Args) -> PyResult<Value> {
    INIT_SUBCLASS.bind::<0>(vm, args)?;
    Ok(Value::None)
}

fn excess_args(args: &Args) -> bool {
    args.pos.len() > 1 || !args.kw.is_empty()
}

/// Whether `class`'s `__new__` is not `object.__new__` (CPython compares the slot).
fn overrides_new(class: &crate::ObjRef) -> bool {
    let object_new_slot: crate::slots::NewOrInitFn = object_new;
    type_data(class)
        .slots
        .new
        .get()
        .is_some_and(|f| !std::ptr::fn_addr_eq(f, object_new_slot))
}

/// Whether `class`'s `__init__` is not `object.__init__`.
fn overrides_init(class: &crate::ObjRef) -> bool {
    let object_init_slot: crate::slots::NewOrInitFn = object_init;
    type_data(class)
        .slots
        .init
        .get()
        .is_some_and(|f| !std::ptr::fn_addr_eq(f, object_init_slot))
}

pub fn object_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Value::Obj(class)) = args.pos.first().cloned() else {
        return Err(vm.new_type_error("object.__new__(X): X is not a type object".to_owned()));
    };
    let Some(data) = class.type_data() else {
        return Err(vm.new_type_error(format!(
            "object.__new__(X): X is not a type object ({})",
            vm.type_name_of(&Value::Obj(class.clone()))
        )));
    };
    if excess_args(&args) {
        if overrides_new(&class) {
            return Err(vm.new_type_error(
                "object.__new__() takes exactly one argument (the type to instantiate)".to_owned(),
            ));
        }
        if !overrides_init(&class) {
            return Err(vm.new_type_error(format!("{}() takes no arguments", data.name())));
        }
    }
    if data.layout != Layout::Object {
        return Err(vm.new_type_error(format!(
            "object.__new__({}) is not safe, use {}.__new__()",
            data.name(),
            data.name()
        )));
    }
    let abstract_methods = if data.is_abstract.get() {
        crate::objects::dict::dict_get_str(&data.dict, "__abstractmethods__")
    } else {
        None
    };
    if let Some(abstract_methods) = abstract_methods {
        let names = abstract_::collect_iterable(vm, &abstract_methods)?;
        if !names.is_empty() {
            let mut names: Vec<String> = names
                .iter()
                .map(|n| abstract_::value_as_str(n).unwrap_or("").to_owned())
                .collect();
            names.sort();
            return Err(vm.new_type_error(format!(
                "Can't instantiate abstract class {} with abstract method{} {}",
                data.name(),
                if names.len() == 1 { "" } else { "s" },
                names.join(", ")
            )));
        }
    }
    Ok(Value::Obj(typeobject::new_instance(
        vm,
        &class,
        Payload::Instance,
    )))
}

pub fn object_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let excess = excess_args(&args);
    let bound = INIT.bind_all::<0>(vm, args)?;
    let obj = given(bound.this);
    if excess {
        let class = vm.type_of(&obj);
        if overrides_init(&class) {
            return Err(vm.new_type_error(
                "object.__init__() takes exactly one argument (the instance to initialize)"
                    .to_owned(),
            ));
        }
        if !overrides_new(&class) {
            return Err(vm.new_type_error(format!(
                "{}.__init__() takes exactly one argument (the instance to initialize)",
                typeobject::type_name(&class)
            )));
        }
    }
    Ok(Value::None)
}

/// `<module.Class object at 0x...>`.
pub fn default_repr(vm: &mut Vm, obj: &Value) -> PyResult<String> {
    let class = vm.type_of(obj);
    let qualname = type_data(&class).qualname.borrow().clone();
    let module = crate::objects::typeobject::type_module(vm, &class);
    let id = match obj {
        Value::Obj(o) => object_id(o),
        _ => 0,
    };
    Ok(match module.as_deref() {
        Some("builtins") | None => format!("<{qualname} object at {id:#x}>"),
        Some(m) => format!("<{m}.{qualname} object at {id:#x}>"),
    })
}

fn object_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let s = default_repr(vm, this)?;
    Ok(vm.new_str(s))
}

/// Identity equality (CPython's `object_richcompare`): `==` is true for the object
/// itself, `!=` inverts what the type's `==` says, the orderings are not defined.
fn object_richcompare(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    match op {
        CMP_EQ if a.is(b) => Ok(Value::Bool(true)),
        CMP_NE => {
            let Some(compare) = type_data(&vm.type_of(a)).slots.richcompare.get() else {
                return Ok(vm.not_implemented());
            };
            let eq = compare(vm, a, b, CMP_EQ)?;
            if abstract_::is_not_implemented(vm, &eq) {
                return Ok(eq);
            }
            Ok(Value::Bool(!abstract_::is_true(vm, &eq)?))
        }
        _ => Ok(vm.not_implemented()),
    }
}

fn object_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (obj, [spec]) = FORMAT.bind(vm, args)?;
    let (obj, spec) = (given(obj), given(spec));
    let Some(spec) = abstract_::value_as_str(&spec) else {
        return Err(vm.new_type_error(format!(
            "__format__() argument must be str, not {}",
            vm.type_name_of(&spec)
        )));
    };
    if !spec.is_empty() {
        return Err(vm.new_type_error(format!(
            "unsupported format string passed to {}.__format__",
            vm.type_name_of(&obj)
        )));
    }
    abstract_::str_(vm, &obj)
}

static INIT: Signature =
    Signature::slot_wrapper("object", "__init__", "($self, /, *args, **kwargs)");
static FORMAT: Signature = Signature::of("object", "__format__", "($self, format_spec, /)");
// A class method without parameters (`METH_NOARGS`), and no text signature.
static INIT_SUBCLASS: Signature = Signature::shared("__init_subclass__", "($type, /)").not_listed();
/// `__sizeof__` with the signature of the type that defines it (`list.__sizeof__`
/// names list in its errors).
pub fn sizeof(vm: &mut Vm, signature: &'static Signature, args: Args) -> PyResult<Value> {
    match given(signature.bind::<0>(vm, args)?.0) {
        Value::Obj(o) => Ok(Value::Int(crate::objects::sizeof::object_sizeof(&o) as i64)),
        other => {
            let class = vm.type_of(&other);
            Ok(Value::Int(crate::objects::sizeof::basicsize(&class) as i64))
        }
    }
}

static SIZEOF: crate::signature::Signature =
    crate::signature::Signature::of("object", "__sizeof__", "($self, /)");
static DIR: crate::signature::Signature =
    crate::signature::Signature::of("object", "__dir__", "($self, /)");

fn object_dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (obj, []) = DIR.bind(vm, args)?;
    let obj = obj.unwrap_or(Value::None);
    // The names in its `__dict__`, then in its `__class__`'s and their bases'
    // (CPython gathers them as the keys of one dict, so each name comes once).
    // Both are read as attributes: a `__class__` slot left unset hides the class.
    let names = vm.new_dict();
    if let Some(Value::Obj(d)) = abstract_::getattr_optional(vm, &obj, "__dict__")? {
        if crate::objects::dict::as_dict(&d).is_some() {
            crate::objects::dict::dict_merge(vm, &names, &Value::Obj(d), true)?;
        }
    }
    if let Some(Value::Obj(class)) = abstract_::getattr_optional(vm, &obj, "__class__")? {
        if class.type_data().is_some() {
            typeobject::merge_class_dicts(vm, &names, &class)?;
        }
    }
    Ok(typeobject::dir_names(vm, &names))
}

fn get_class(vm: &mut Vm, obj: &Value) -> PyResult<Value> {
    Ok(Value::Obj(vm.type_of(obj)))
}

fn set_class(vm: &mut Vm, obj: &Value, value: Option<Value>) -> PyResult<()> {
    let (Value::Obj(o), Some(Value::Obj(new_class))) = (obj, value) else {
        return Err(vm.new_type_error("__class__ must be set to a class".to_owned()));
    };
    let Some(new_data) = new_class.type_data() else {
        return Err(vm.new_type_error("__class__ must be set to a class".to_owned()));
    };
    let old = o.class();
    let module = vm.types.module.clone();
    let both_modules =
        typeobject::is_subtype(&new_class, &module) && typeobject::is_subtype(&old, &module);
    if !both_modules && (!new_data.heap || !type_data(&old).heap) {
        return Err(vm.new_type_error(
            "__class__ assignment only supported for mutable types or ModuleType subclasses"
                .to_owned(),
        ));
    }
    typeobject::check_same_layout(vm, &old, &new_class, "__class__")?;
    // Inline values are indexed by the old class's keys: the new class reads a dict.
    crate::objects::instance_values::materialize(o);
    o.set_class(new_class.clone());
    Ok(())
}
