//! The `set` and `frozenset` types (CPython's `Objects/setobject.c`).
//!
//! Deliberate difference for now: the table is the dict's compact layout, so a set
//! iterates in insertion order rather than CPython's hash order.

use std::cell::RefCell;

use crate::abstract_;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::dict::DictData;
use crate::objects::function::Args;
use crate::objects::typeobject;
use crate::objects::{add_method, add_new, set_type_attr, this};
use crate::value::Value;
use crate::{PyResult, Vm};

pub type SetData = DictData;

/// A temporary dict object over set data, so set operations reuse the dict's
/// hashing and equality machinery.
fn with_table<T>(
    vm: &mut Vm,
    data: SetData,
    f: impl FnOnce(&mut Vm, &ObjRef) -> PyResult<T>,
) -> PyResult<(T, SetData)> {
    let d = vm.new_dict_from(data);
    let r = f(vm, &d)?;
    let data = crate::objects::dict::as_dict(&d)
        .map(|x| x.borrow().clone())
        .unwrap_or_default();
    Ok((r, data))
}

fn build(vm: &mut Vm, items: Vec<Value>) -> PyResult<SetData> {
    let (_, data) = with_table(vm, DictData::new(), |vm, d| {
        for item in items {
            crate::objects::dict::dict_set_item(vm, d, item, Value::None)?;
        }
        Ok(())
    })?;
    Ok(data)
}

pub fn new_set(vm: &mut Vm, items: Vec<Value>) -> PyResult<Value> {
    let data = build(vm, items)?;
    Ok(Value::Obj(PyObject::new(
        vm.types.set.clone(),
        Payload::Set(RefCell::new(data)),
    )))
}

pub fn new_frozenset(vm: &mut Vm, items: Vec<Value>) -> PyResult<Value> {
    let data = build(vm, items)?;
    Ok(Value::Obj(PyObject::new(
        vm.types.frozenset.clone(),
        Payload::FrozenSet(data),
    )))
}

/// The elements of a set or frozenset, in iteration order.
pub fn set_items(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Set(s) => Some(s.borrow().keys()),
            Payload::FrozenSet(s) => Some(s.keys()),
            _ => None,
        },
        _ => None,
    }
}

pub fn set_add(vm: &mut Vm, set: &Value, item: Value) -> PyResult<()> {
    let Value::Obj(o) = set else { return Ok(()) };
    let Payload::Set(cell) = &o.payload else {
        return Ok(());
    };
    let data = std::mem::take(&mut *cell.borrow_mut());
    let result = with_table(vm, data.clone(), |vm, d| {
        crate::objects::dict::dict_set_item(vm, d, item, Value::None)
    });
    match result {
        Ok((_, new)) => {
            *cell.borrow_mut() = new;
            Ok(())
        }
        Err(e) => {
            *cell.borrow_mut() = data;
            Err(e)
        }
    }
}

pub fn set_update(vm: &mut Vm, set: &Value, iterable: &Value) -> PyResult<()> {
    for item in abstract_::collect_iterable(vm, iterable)? {
        set_add(vm, set, item)?;
    }
    Ok(())
}

fn contains(vm: &mut Vm, items: &[Value], x: &Value) -> PyResult<bool> {
    let h = abstract_::hash(vm, x)?;
    for item in items {
        if abstract_::hash(vm, item)? == h && abstract_::rich_eq_bool(vm, item, x)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn self_items(vm: &mut Vm, args: &Args) -> PyResult<Vec<Value>> {
    let v = this(args);
    set_items(&v).ok_or_else(|| vm.new_type_error("descriptor requires a 'set' object".to_owned()))
}

fn other_items(vm: &mut Vm, args: &Args, any_iterable: bool) -> PyResult<Option<Vec<Value>>> {
    let other = args.pos.get(1).cloned().unwrap_or(Value::None);
    match set_items(&other) {
        Some(items) => Ok(Some(items)),
        None if any_iterable => Ok(Some(abstract_::collect_iterable(vm, &other)?)),
        None => Ok(None),
    }
}

/// A set of the same kind as `self` (set or frozenset) holding `items`.
fn same_kind(vm: &mut Vm, args: &Args, items: Vec<Value>) -> PyResult<Value> {
    match this(args) {
        Value::Obj(o) if matches!(o.payload, Payload::FrozenSet(_)) => new_frozenset(vm, items),
        _ => new_set(vm, items),
    }
}

fn set_op(vm: &mut Vm, args: Args, op: char, any_iterable: bool) -> PyResult<Value> {
    let a = self_items(vm, &args)?;
    let Some(b) = other_items(vm, &args, any_iterable)? else {
        return Ok(vm.not_implemented());
    };
    let mut out = Vec::new();
    match op {
        '|' => {
            out.extend(a);
            out.extend(b);
        }
        '&' => {
            for x in a {
                if contains(vm, &b, &x)? {
                    out.push(x);
                }
            }
        }
        '-' => {
            for x in a {
                if !contains(vm, &b, &x)? {
                    out.push(x);
                }
            }
        }
        _ => {
            for x in &a {
                if !contains(vm, &b, x)? {
                    out.push(x.clone());
                }
            }
            for x in b {
                if !contains(vm, &a, &x)? {
                    out.push(x);
                }
            }
        }
    }
    same_kind(vm, &args, out)
}

fn subset(vm: &mut Vm, a: &[Value], b: &[Value]) -> PyResult<bool> {
    for x in a {
        if !contains(vm, b, x)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn set_compare(vm: &mut Vm, args: Args, op: usize) -> PyResult<Value> {
    let a = self_items(vm, &args)?;
    let Some(b) = other_items(vm, &args, false)? else {
        return Ok(vm.not_implemented());
    };
    let r = match op {
        0 => a.len() < b.len() && subset(vm, &a, &b)?,
        1 => subset(vm, &a, &b)?,
        2 => a.len() == b.len() && subset(vm, &a, &b)?,
        3 => !(a.len() == b.len() && subset(vm, &a, &b)?),
        4 => a.len() > b.len() && subset(vm, &b, &a)?,
        _ => subset(vm, &b, &a)?,
    };
    Ok(Value::Bool(r))
}

fn set_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = this(&args);
    let Value::Obj(o) = &v else {
        return Ok(vm.new_str("set()"));
    };
    let items = set_items(&v).unwrap_or_default();
    let name = typeobject::type_name(&o.class());
    if items.is_empty() {
        return Ok(vm.new_str(format!("{name}()")));
    }
    let inner = crate::objects::list::sequence_repr(vm, o, &items, "{", "}")?;
    let s = if name == "set" {
        inner
    } else {
        format!("{name}({inner})")
    };
    Ok(vm.new_str(s))
}

fn mutate(vm: &mut Vm, args: &Args, items: Vec<Value>) -> PyResult<()> {
    let data = build(vm, items)?;
    if let Value::Obj(o) = this(args) {
        if let Payload::Set(cell) = &o.payload {
            *cell.borrow_mut() = data;
        }
    }
    Ok(())
}

pub fn init(vm: &mut Vm) {
    for ty in [vm.types.set.clone(), vm.types.frozenset.clone()] {
        add_method(vm, &ty, "__len__", |vm, args| {
            Ok(Value::Int(self_items(vm, &args)?.len() as i64))
        });
        add_method(vm, &ty, "__repr__", set_repr);
        add_method(vm, &ty, "__contains__", |vm, args| {
            let items = self_items(vm, &args)?;
            let x = args.pos.get(1).cloned().unwrap_or(Value::None);
            Ok(Value::Bool(contains(vm, &items, &x)?))
        });
        add_method(vm, &ty, "__iter__", |vm, args| {
            let v = this(&args);
            crate::objects::iter::builtin_iter(vm, &v)
                .ok_or_else(|| vm.new_type_error("not iterable".to_owned()))
        });
        add_method(vm, &ty, "__or__", |vm, args| set_op(vm, args, '|', false));
        add_method(vm, &ty, "__and__", |vm, args| set_op(vm, args, '&', false));
        add_method(vm, &ty, "__sub__", |vm, args| set_op(vm, args, '-', false));
        add_method(vm, &ty, "__xor__", |vm, args| set_op(vm, args, '^', false));
        add_method(vm, &ty, "__ror__", |vm, args| set_op(vm, args, '|', false));
        add_method(vm, &ty, "__rand__", |vm, args| set_op(vm, args, '&', false));
        add_method(vm, &ty, "__rxor__", |vm, args| set_op(vm, args, '^', false));
        add_method(vm, &ty, "union", |vm, args| set_op(vm, args, '|', true));
        add_method(vm, &ty, "intersection", |vm, args| {
            set_op(vm, args, '&', true)
        });
        add_method(vm, &ty, "difference", |vm, args| {
            set_op(vm, args, '-', true)
        });
        add_method(vm, &ty, "symmetric_difference", |vm, args| {
            set_op(vm, args, '^', true)
        });
        add_method(vm, &ty, "issubset", |vm, args| {
            let a = self_items(vm, &args)?;
            let b = other_items(vm, &args, true)?.unwrap_or_default();
            Ok(Value::Bool(subset(vm, &a, &b)?))
        });
        add_method(vm, &ty, "issuperset", |vm, args| {
            let a = self_items(vm, &args)?;
            let b = other_items(vm, &args, true)?.unwrap_or_default();
            Ok(Value::Bool(subset(vm, &b, &a)?))
        });
        add_method(vm, &ty, "isdisjoint", |vm, args| {
            let a = self_items(vm, &args)?;
            let b = other_items(vm, &args, true)?.unwrap_or_default();
            for x in &a {
                if contains(vm, &b, x)? {
                    return Ok(Value::Bool(false));
                }
            }
            Ok(Value::Bool(true))
        });
        add_method(vm, &ty, "copy", |vm, args| {
            let items = self_items(vm, &args)?;
            same_kind(vm, &args, items)
        });
        macro_rules! compare {
            ($name:literal, $op:expr) => {
                add_method(vm, &ty, $name, |vm, args| set_compare(vm, args, $op));
            };
        }
        compare!("__lt__", 0);
        compare!("__le__", 1);
        compare!("__eq__", 2);
        compare!("__ne__", 3);
        compare!("__gt__", 4);
        compare!("__ge__", 5);
    }
    let set = vm.types.set.clone();
    add_new(vm, &set, |vm, args| {
        let class = match args.pos.first() {
            Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
            _ => vm.types.set.clone(),
        };
        Ok(Value::Obj(typeobject::new_instance(
            vm,
            &class,
            Payload::Set(RefCell::new(DictData::new())),
        )))
    });
    add_method(vm, &set, "__init__", |vm, args| {
        let rest = crate::getargs::positional(
            vm,
            "set",
            Args {
                pos: args.pos[1..].to_vec(),
                kw: args.kw.clone(),
            },
            0,
            1,
        )?;
        let items = match &rest[0] {
            Some(it) => abstract_::collect_iterable(vm, it)?,
            None => vec![],
        };
        mutate(vm, &args, items)?;
        Ok(Value::None)
    });
    set_type_attr(vm, &set, "__hash__", Value::None);
    add_method(vm, &set, "add", |vm, args| {
        let x = args.pos.get(1).cloned().unwrap_or(Value::None);
        set_add(vm, &this(&args), x)?;
        Ok(Value::None)
    });
    add_method(vm, &set, "update", |vm, args| {
        let s = this(&args);
        for other in &args.pos[1..] {
            set_update(vm, &s, other)?;
        }
        Ok(Value::None)
    });
    add_method(vm, &set, "discard", |vm, args| set_remove(vm, args, false));
    add_method(vm, &set, "remove", |vm, args| set_remove(vm, args, true));
    add_method(vm, &set, "pop", |vm, args| {
        let mut items = self_items(vm, &args)?;
        if items.is_empty() {
            return Err(vm.new_key_error(vm.new_str("pop from an empty set")));
        }
        let first = items.remove(0);
        mutate(vm, &args, items)?;
        Ok(first)
    });
    add_method(vm, &set, "clear", |vm, args| {
        mutate(vm, &args, vec![])?;
        Ok(Value::None)
    });
    for (name, op) in [
        ("__ior__", '|'),
        ("__iand__", '&'),
        ("__isub__", '-'),
        ("__ixor__", '^'),
    ] {
        let f: crate::objects::function::NativeFn = match op {
            '|' => |vm, args| inplace(vm, args, '|'),
            '&' => |vm, args| inplace(vm, args, '&'),
            '-' => |vm, args| inplace(vm, args, '-'),
            _ => |vm, args| inplace(vm, args, '^'),
        };
        add_method(vm, &set, name, f);
    }
    add_method(vm, &set, "difference_update", |vm, args| {
        let r = set_op(vm, Args::new(args.pos.clone()), '-', true)?;
        let items = set_items(&r).unwrap_or_default();
        mutate(vm, &args, items)?;
        Ok(Value::None)
    });
    add_method(vm, &set, "intersection_update", |vm, args| {
        let r = set_op(vm, Args::new(args.pos.clone()), '&', true)?;
        let items = set_items(&r).unwrap_or_default();
        mutate(vm, &args, items)?;
        Ok(Value::None)
    });
    let frozenset = vm.types.frozenset.clone();
    add_new(vm, &frozenset, |vm, args| {
        let rest = crate::getargs::positional(
            vm,
            "frozenset",
            Args {
                pos: args.pos[1..].to_vec(),
                kw: args.kw,
            },
            0,
            1,
        )?;
        let items = match &rest[0] {
            Some(it) => abstract_::collect_iterable(vm, it)?,
            None => vec![],
        };
        new_frozenset(vm, items)
    });
    add_method(vm, &frozenset, "__hash__", |vm, args| {
        let items = self_items(vm, &args)?;
        let mut h: u64 = 0;
        for item in &items {
            let x = abstract_::hash(vm, item)? as u64;
            h ^= ((x ^ 89869747) ^ (x << 16)).wrapping_mul(3644798167);
        }
        h ^= (items.len() as u64)
            .wrapping_add(1)
            .wrapping_mul(1927868237);
        h ^= (h >> 11) ^ (h >> 25);
        h = h.wrapping_mul(69069).wrapping_add(907133923);
        let h = h as i64;
        Ok(Value::Int(if h == -1 { 590923713 } else { h }))
    });
}

fn inplace(vm: &mut Vm, args: Args, op: char) -> PyResult<Value> {
    let r = set_op(vm, Args::new(args.pos.clone()), op, false)?;
    if abstract_::is_not_implemented(vm, &r) {
        return Ok(r);
    }
    let items = set_items(&r).unwrap_or_default();
    mutate(vm, &args, items)?;
    Ok(this(&args))
}

fn set_remove(vm: &mut Vm, args: Args, must_exist: bool) -> PyResult<Value> {
    let items = self_items(vm, &args)?;
    let x = args.pos.get(1).cloned().unwrap_or(Value::None);
    let mut kept = Vec::with_capacity(items.len());
    let mut found = false;
    for item in items {
        if !found && abstract_::rich_eq_bool(vm, &item, &x)? {
            found = true;
        } else {
            kept.push(item);
        }
    }
    if !found && must_exist {
        return Err(vm.new_key_error(x));
    }
    mutate(vm, &args, kept)?;
    Ok(Value::None)
}
