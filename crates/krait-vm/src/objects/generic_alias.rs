//! `types.GenericAlias`, what `list[int]` makes (CPython's
//! `Objects/genericaliasobject.c`): the origin class and its arguments, printed
//! the way annotations are written.

use std::rc::Rc;

use crate::abstract_;
use crate::object::{ObjRef, Payload};
use crate::objects::function::Args;
use crate::objects::typeobject::{self, type_data};
use crate::objects::{add_classmethod, add_getset, add_method, add_new, this};
use crate::signature::Signature;
use crate::value::Value;
use crate::{PyResult, Vm};

/// Makes `origin[args]`.
pub fn new_alias(vm: &mut Vm, origin: Value, args: Value) -> Value {
    let args = match abstract_::tuple_items(&args) {
        Some(_) => args,
        None => vm.new_tuple(vec![args]),
    };
    let obj = typeobject::new_instance(vm, &vm.generic_alias.clone(), Payload::Instance);
    if let Some(d) = obj.dict() {
        crate::objects::dict::dict_set_str(vm, &d, "__origin__", origin);
        crate::objects::dict::dict_set_str(vm, &d, "__args__", args);
        let params = vm.new_tuple(vec![]);
        crate::objects::dict::dict_set_str(vm, &d, "__parameters__", params);
    }
    Value::Obj(obj)
}

fn part(v: &Value, name: &str) -> Value {
    match v {
        Value::Obj(o) => o
            .dict()
            .and_then(|d| crate::objects::dict::dict_get_str(&d, name))
            .unwrap_or(Value::None),
        _ => Value::None,
    }
}

/// How one argument of an alias prints: classes by qualified name, `...`, or repr.
fn arg_repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    if let Value::Obj(o) = v {
        if Rc::ptr_eq(o, &vm.ellipsis) {
            return Ok("...".to_owned());
        }
        if o.type_data().is_some() && abstract_::getattr_optional(vm, v, "__origin__")?.is_none() {
            let qualname = type_data(o).qualname.borrow().clone();
            return Ok(match typeobject::type_module(vm, o).as_deref() {
                Some("builtins") | None => qualname,
                Some(m) => format!("{m}.{qualname}"),
            });
        }
    }
    abstract_::repr_string(vm, v)
}

fn alias_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = this(&args);
    let origin = arg_repr(vm, &part(&me, "__origin__"))?;
    let items = abstract_::tuple_items(&part(&me, "__args__")).unwrap_or_default();
    let mut parts = Vec::new();
    for item in &items {
        parts.push(arg_repr(vm, item)?);
    }
    let inner = if items.is_empty() {
        "()".to_owned()
    } else {
        parts.join(", ")
    };
    Ok(vm.new_str(format!("{origin}[{inner}]")))
}

/// `cls[args]` for the builtin generic classes.
fn class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let class = this(&args);
    let item = args.pos.get(1).cloned().unwrap_or(Value::None);
    Ok(new_alias(vm, class, item))
}

pub fn init(vm: &mut Vm) -> ObjRef {
    let ns = vm.new_dict();
    let module = vm.new_str("types");
    crate::objects::dict::dict_set_str(vm, &ns, "__module__", module);
    let metatype = vm.types.type_.clone();
    let object = vm.types.object.clone();
    let ty = typeobject::new_heap_type(vm, &metatype, "GenericAlias", vec![object], &ns)
        .expect("a plain class");
    add_new(vm, &ty, |vm, args| {
        static NEW: Signature = Signature::new("GenericAlias", "($type, origin, args, /)");
        let (_, pos) = NEW.bind::<2>(vm, args)?;
        Ok(new_alias(
            vm,
            pos[0].clone().unwrap_or(Value::None),
            pos[1].clone().unwrap_or(Value::None),
        ))
    });
    add_method(vm, &ty, "__repr__", alias_repr);
    add_method(vm, &ty, "__call__", |vm, args| {
        let (me, rest) = args.split_self();
        let origin = part(&me.unwrap_or(Value::None), "__origin__");
        vm.call(&origin, rest)
    });
    add_method(vm, &ty, "__mro_entries__", |vm, args| {
        let origin = part(&this(&args), "__origin__");
        Ok(vm.new_tuple(vec![origin]))
    });
    add_method(vm, &ty, "__eq__", |vm, args| {
        let (a, b) = (this(&args), args.pos.get(1).cloned().unwrap_or(Value::None));
        if !vm.isinstance(&b, &vm.generic_alias.clone()) {
            return Ok(vm.not_implemented());
        }
        let same_origin =
            abstract_::rich_eq_bool(vm, &part(&a, "__origin__"), &part(&b, "__origin__"))?;
        Ok(Value::Bool(
            same_origin
                && abstract_::rich_eq_bool(vm, &part(&a, "__args__"), &part(&b, "__args__"))?,
        ))
    });
    add_method(vm, &ty, "__hash__", |vm, args| {
        let me = this(&args);
        let h = abstract_::hash(vm, &part(&me, "__origin__"))?
            ^ abstract_::hash(vm, &part(&me, "__args__"))?;
        Ok(Value::Int(h))
    });
    add_method(vm, &ty, "__getattr__", |vm, args| {
        // Other attributes come from the origin class, as in CPython.
        let origin = part(&this(&args), "__origin__");
        match args.pos.get(1).and_then(abstract_::value_as_str) {
            Some(name) if !name.starts_with("__") => {
                let name = name.to_owned();
                abstract_::getattr_str(vm, &origin, &name)
            }
            _ => Err(vm.new_attribute_error("attribute not found".to_owned())),
        }
    });
    add_getset(vm, &ty, "__unpacked__", |_, _| Ok(Value::Bool(false)), None);
    for generic in [
        vm.types.list.clone(),
        vm.types.tuple.clone(),
        vm.types.dict.clone(),
        vm.types.set.clone(),
        vm.types.frozenset.clone(),
        vm.types.type_.clone(),
        vm.types.enumerate.clone(),
        vm.types.dict_keys.clone(),
        vm.types.dict_values.clone(),
        vm.types.dict_items.clone(),
    ] {
        add_classmethod(vm, &generic, "__class_getitem__", class_getitem);
    }
    ty
}

// ---------------------------------------------------------------------------
// `types.UnionType` (`int | str`) and `types.SimpleNamespace`

/// Makes `a | b` for classes, `None` and aliases: a union of their flattened,
/// de-duplicated members (CPython's `Objects/unionobject.c`).
fn union_or(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = (this(&args), args.pos.get(1).cloned().unwrap_or(Value::None));
    let unionable = |vm: &Vm, v: &Value| {
        v.is_none()
            || matches!(v, Value::Obj(o) if o.type_data().is_some())
            || vm.isinstance(v, &vm.generic_alias)
            || vm.isinstance(v, &vm.union_type)
    };
    if !unionable(vm, &a) || !unionable(vm, &b) {
        return Ok(vm.not_implemented());
    }
    let mut members: Vec<Value> = Vec::new();
    for v in [a, b] {
        let parts = if vm.isinstance(&v, &vm.union_type.clone()) {
            abstract_::tuple_items(&part(&v, "__args__")).unwrap_or_default()
        } else if v.is_none() {
            vec![Value::Obj(vm.types.none_type.clone())]
        } else {
            vec![v]
        };
        for p in parts {
            let mut seen = false;
            for m in &members {
                if abstract_::rich_eq_bool(vm, m, &p)? {
                    seen = true;
                    break;
                }
            }
            if !seen {
                members.push(p);
            }
        }
    }
    if members.len() == 1 {
        return Ok(members.remove(0));
    }
    let obj = typeobject::new_instance(vm, &vm.union_type.clone(), Payload::Instance);
    if let Some(d) = obj.dict() {
        let t = vm.new_tuple(members);
        crate::objects::dict::dict_set_str(vm, &d, "__args__", t);
        let params = vm.new_tuple(vec![]);
        crate::objects::dict::dict_set_str(vm, &d, "__parameters__", params);
    }
    Ok(Value::Obj(obj))
}

fn union_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let items = abstract_::tuple_items(&part(&this(&args), "__args__")).unwrap_or_default();
    let mut parts = Vec::new();
    for item in &items {
        let is_none_type = matches!(item, Value::Obj(o) if Rc::ptr_eq(o, &vm.types.none_type));
        parts.push(if is_none_type {
            "None".to_owned()
        } else {
            arg_repr(vm, item)?
        });
    }
    Ok(vm.new_str(parts.join(" | ")))
}

fn new_types_class(vm: &mut Vm, name: &str) -> ObjRef {
    let ns = vm.new_dict();
    let module = vm.new_str("types");
    crate::objects::dict::dict_set_str(vm, &ns, "__module__", module);
    let metatype = vm.types.type_.clone();
    let object = vm.types.object.clone();
    let ty =
        typeobject::new_heap_type(vm, &metatype, name, vec![object], &ns).expect("a plain class");
    // These stand in for CPython's static types: named `types.X` in messages, and
    // without weak references.
    let data = typeobject::type_data(&ty);
    *data.module.borrow_mut() = Some("types".to_owned());
    data.weakrefable.set(false);
    if let Some(d) = crate::objects::dict::as_dict(&data.dict) {
        d.borrow_mut().remove_str("__weakref__");
    }
    ty
}

pub fn init_union(vm: &mut Vm) -> ObjRef {
    let ty = new_types_class(vm, "UnionType");
    add_method(vm, &ty, "__repr__", union_repr);
    add_method(vm, &ty, "__or__", union_or);
    add_method(vm, &ty, "__ror__", |vm, args| {
        let swapped = Args::new(vec![
            args.pos.get(1).cloned().unwrap_or(Value::None),
            this(&args),
        ]);
        union_or(vm, swapped)
    });
    add_method(vm, &ty, "__eq__", |vm, args| {
        let (a, b) = (this(&args), args.pos.get(1).cloned().unwrap_or(Value::None));
        if !vm.isinstance(&b, &vm.union_type.clone()) {
            return Ok(vm.not_implemented());
        }
        let (x, y) = (part(&a, "__args__"), part(&b, "__args__"));
        let (x, y) = (
            abstract_::tuple_items(&x).unwrap_or_default(),
            abstract_::tuple_items(&y).unwrap_or_default(),
        );
        let sx = crate::objects::set::new_frozenset(vm, x)?;
        let sy = crate::objects::set::new_frozenset(vm, y)?;
        abstract_::compare(vm, &sx, &sy, 2)
    });
    add_method(vm, &ty, "__hash__", |vm, args| {
        let items = abstract_::tuple_items(&part(&this(&args), "__args__")).unwrap_or_default();
        let s = crate::objects::set::new_frozenset(vm, items)?;
        Ok(Value::Int(abstract_::hash(vm, &s)?))
    });
    add_method(vm, &ty, "__instancecheck__", |vm, args| {
        let items = abstract_::tuple_items(&part(&this(&args), "__args__")).unwrap_or_default();
        let obj = args.pos.get(1).cloned().unwrap_or(Value::None);
        Ok(Value::Bool(items.iter().any(
            |c| matches!(c, Value::Obj(t) if t.type_data().is_some() && vm.isinstance(&obj, t)),
        )))
    });
    // None itself has no `|`: `None | int` is int's reflected `|`.
    for target in [vm.types.type_.clone(), vm.generic_alias.clone()] {
        add_method(vm, &target, "__or__", union_or);
        add_method(vm, &target, "__ror__", |vm, args| {
            let swapped = Args::new(vec![
                args.pos.get(1).cloned().unwrap_or(Value::None),
                this(&args),
            ]);
            union_or(vm, swapped)
        });
    }
    ty
}

/// `types.SimpleNamespace`: attribute bag whose repr lists its attributes.
pub fn init_namespace(vm: &mut Vm) -> ObjRef {
    let ty = new_types_class(vm, "SimpleNamespace");
    add_method(vm, &ty, "__init__", |vm, args| {
        let me = this(&args);
        if args.pos.len() > 2 {
            return Err(vm.new_type_error(format!(
                "SimpleNamespace expected at most 1 argument, got {}",
                args.pos.len() - 1
            )));
        }
        if let Some(mapping) = args.pos.get(1) {
            for key in abstract_::mapping_keys(vm, mapping)? {
                let v = abstract_::getitem(vm, mapping, &key)?;
                let Value::Obj(k) = &key else { continue };
                abstract_::setattr(vm, &me, k, Some(v))?;
            }
        }
        for (k, v) in args.kw {
            abstract_::setattr(vm, &me, &k, Some(v))?;
        }
        Ok(Value::None)
    });
    add_method(vm, &ty, "__repr__", |vm, args| {
        let me = this(&args);
        let Value::Obj(o) = &me else {
            return Ok(vm.new_str("namespace()"));
        };
        let class = o.class();
        let name = if Rc::ptr_eq(&class, &vm.namespace_type) {
            "namespace".to_owned()
        } else {
            typeobject::type_name(&class)
        };
        let id = crate::object::object_id(o) as usize;
        if vm.repr_guard.contains(&id) {
            return Ok(vm.new_str(format!("{name}(...)")));
        }
        vm.repr_guard.push(id);
        let mut parts = Vec::new();
        let items = o
            .dict()
            .map(|d| crate::objects::dict::dict_items(&d))
            .unwrap_or_default();
        let mut result = Ok(());
        for (k, v) in items {
            match abstract_::repr_string(vm, &v) {
                Ok(r) => parts.push(format!(
                    "{}={r}",
                    abstract_::value_as_str(&k).unwrap_or("?")
                )),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        vm.repr_guard.retain(|x| *x != id);
        result?;
        Ok(vm.new_str(format!("{name}({})", parts.join(", "))))
    });
    add_method(vm, &ty, "__eq__", |vm, args| {
        let (a, b) = (this(&args), args.pos.get(1).cloned().unwrap_or(Value::None));
        if !vm.isinstance(&b, &vm.namespace_type.clone()) {
            return Ok(vm.not_implemented());
        }
        let da = abstract_::getattr_str(vm, &a, "__dict__")?;
        let db = abstract_::getattr_str(vm, &b, "__dict__")?;
        abstract_::compare(vm, &da, &db, 2)
    });
    ty
}
