//! Iterators over builtin containers and the iterator builtins (`enumerate`, `zip`,
//! `map`, `filter`, `reversed`, two-argument `iter`), and dict views
//! (CPython's `Objects/iterobject.c`, `Objects/enumobject.c`, `Python/bltinmodule.c`).

use std::cell::RefCell;

use num_bigint::BigInt;

use crate::abstract_;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::function::Args;
use crate::objects::{add_method, add_new, this};
use crate::value::Value;
use crate::{PyResult, Vm};

pub enum IterData {
    List {
        list: ObjRef,
        index: usize,
    },
    ListReverse {
        list: ObjRef,
        index: usize,
    },
    Tuple {
        items: Box<[Value]>,
        index: usize,
    },
    Str {
        chars: Vec<char>,
        index: usize,
    },
    Bytes {
        bytes: Box<[u8]>,
        index: usize,
    },
    Range {
        next: i64,
        step: i64,
        remaining: u64,
    },
    BigRange {
        next: BigInt,
        step: BigInt,
        remaining: BigInt,
    },
    Dict {
        dict: ObjRef,
        pos: usize,
        kind: u8,
        len: usize,
    },
    /// A snapshot iteration (sets).
    Values {
        items: Vec<Value>,
        index: usize,
    },
    Sequence {
        seq: Value,
        index: i64,
    },
    Callable {
        func: Value,
        sentinel: Value,
    },
    Enumerate {
        it: Value,
        count: BigInt,
    },
    Zip {
        its: Vec<Value>,
        strict: bool,
    },
    Map {
        func: Value,
        its: Vec<Value>,
    },
    Filter {
        func: Value,
        it: Value,
    },
    DictView {
        dict: ObjRef,
    },
    Exhausted,
}

pub fn new_iter(vm: &Vm, data: IterData) -> Value {
    let class = match &data {
        IterData::List { .. } => vm.types.list_iterator.clone(),
        IterData::ListReverse { .. } => vm.types.list_reverseiterator.clone(),
        IterData::Tuple { .. } => vm.types.tuple_iterator.clone(),
        IterData::Str { chars, .. } => {
            if chars.iter().all(char::is_ascii) {
                vm.types.str_ascii_iterator.clone()
            } else {
                vm.types.str_iterator.clone()
            }
        }
        IterData::Bytes { .. } => vm.types.bytes_iterator.clone(),
        IterData::Range { .. } | IterData::BigRange { .. } => vm.types.range_iterator.clone(),
        IterData::Dict { kind: 0, .. } => vm.types.dict_keyiterator.clone(),
        IterData::Dict { kind: 1, .. } => vm.types.dict_valueiterator.clone(),
        IterData::Dict { .. } => vm.types.dict_itemiterator.clone(),
        IterData::Values { .. } => vm.types.set_iterator.clone(),
        IterData::Callable { .. } => vm.types.callable_iterator.clone(),
        IterData::Enumerate { .. } => vm.types.enumerate.clone(),
        IterData::Zip { .. } => vm.types.zip.clone(),
        IterData::Map { .. } => vm.types.map.clone(),
        IterData::Filter { .. } => vm.types.filter.clone(),
        IterData::DictView { .. } => vm.types.dict_keys.clone(),
        IterData::Sequence { .. } | IterData::Exhausted => vm.types.iterator.clone(),
    };
    Value::Obj(PyObject::new(class, Payload::Iter(RefCell::new(data))))
}

pub fn sequence_iter(vm: &Vm, seq: Value) -> Value {
    new_iter(vm, IterData::Sequence { seq, index: 0 })
}

/// `iter(v)` for builtin containers whose type has not overridden `__iter__`.
pub fn builtin_iter(vm: &mut Vm, v: &Value) -> Option<Value> {
    let Value::Obj(o) = v else { return None };
    if crate::objects::typeobject::type_data(&o.class()).heap {
        let class = o.class();
        let own = crate::objects::typeobject::lookup_with_owner(&class, "__iter__");
        if own.is_some_and(|(_, owner)| crate::objects::typeobject::type_data(&owner).heap) {
            return None;
        }
    }
    let data = match &o.payload {
        Payload::List(_) => IterData::List {
            list: o.clone(),
            index: 0,
        },
        Payload::Tuple(items) => IterData::Tuple {
            items: items.clone(),
            index: 0,
        },
        Payload::Str(s) => IterData::Str {
            chars: s.as_str().chars().collect(),
            index: 0,
        },
        Payload::Bytes(b) => IterData::Bytes {
            bytes: b.clone(),
            index: 0,
        },
        Payload::Range { .. } => {
            let (start, stop, step) = crate::objects::range::fields(v)?;
            let n = crate::objects::range::range_len(&start, &stop, &step);
            match (
                num_traits::ToPrimitive::to_i64(&start),
                num_traits::ToPrimitive::to_i64(&step),
                num_traits::ToPrimitive::to_u64(&n),
            ) {
                (Some(a), Some(s), Some(n))
                    if a.checked_add(s.saturating_mul(n as i64)).is_some() =>
                {
                    IterData::Range {
                        next: a,
                        step: s,
                        remaining: n,
                    }
                }
                _ => IterData::BigRange {
                    next: start,
                    step,
                    remaining: n,
                },
            }
        }
        Payload::Dict(d) => IterData::Dict {
            dict: o.clone(),
            pos: 0,
            kind: 0,
            len: d.borrow().len(),
        },
        Payload::Set(_) | Payload::FrozenSet(_) => IterData::Values {
            items: crate::objects::set::set_items(v).unwrap_or_default(),
            index: 0,
        },
        Payload::Iter(it) => {
            if let IterData::DictView { dict } = &*it.borrow() {
                let kind = if std::rc::Rc::ptr_eq(&o.class(), &vm.types.dict_values) {
                    1
                } else if std::rc::Rc::ptr_eq(&o.class(), &vm.types.dict_items) {
                    2
                } else {
                    0
                };
                let len = crate::objects::dict::dict_len(dict);
                return Some(new_iter(
                    vm,
                    IterData::Dict {
                        dict: dict.clone(),
                        pos: 0,
                        kind,
                        len,
                    },
                ));
            }
            return Some(v.clone());
        }
        Payload::Generator(_) => return Some(v.clone()),
        _ => return None,
    };
    Some(new_iter(vm, data))
}

/// One step of a builtin iterator: `Ok(None)` when exhausted.
pub fn iter_next(vm: &mut Vm, it: &ObjRef) -> PyResult<Option<Value>> {
    let Payload::Iter(cell) = &it.payload else {
        return Ok(None);
    };
    // Variants that call into Python are taken out of the cell first.
    let mut data = cell.borrow_mut();
    let simple = match &mut *data {
        IterData::List { list, index } => {
            let item = match &list.payload {
                Payload::List(l) => l.borrow().get(*index).cloned(),
                _ => None,
            };
            *index += 1;
            Some(item)
        }
        IterData::ListReverse { list, index } => {
            let item = match &list.payload {
                Payload::List(l) if *index > 0 && *index <= l.borrow().len() => {
                    l.borrow().get(*index - 1).cloned()
                }
                _ => None,
            };
            *index = index.saturating_sub(1);
            Some(item)
        }
        IterData::Tuple { items, index } => {
            let item = items.get(*index).cloned();
            *index += 1;
            Some(item)
        }
        IterData::Str { chars, index } => {
            let item = chars.get(*index).map(|c| c.to_string());
            *index += 1;
            Some(item.map(|s| vm.new_str(s)))
        }
        IterData::Bytes { bytes, index } => {
            let item = bytes.get(*index).map(|b| Value::Int(*b as i64));
            *index += 1;
            Some(item)
        }
        IterData::Range {
            next,
            step,
            remaining,
        } => {
            if *remaining == 0 {
                Some(None)
            } else {
                let v = *next;
                *remaining -= 1;
                *next = next.wrapping_add(*step);
                Some(Some(Value::Int(v)))
            }
        }
        IterData::BigRange {
            next,
            step,
            remaining,
        } => {
            if num_traits::Zero::is_zero(remaining) {
                Some(None)
            } else {
                let v = next.clone();
                *remaining -= 1u32;
                *next += &*step;
                Some(Some(crate::objects::int::int_from_big(vm, v)))
            }
        }
        IterData::Values { items, index } => {
            let item = items.get(*index).cloned();
            *index += 1;
            Some(item)
        }
        IterData::Dict {
            dict,
            pos,
            kind,
            len,
        } => {
            let Some(d) = crate::objects::dict::as_dict(dict) else {
                return Ok(None);
            };
            let d = d.borrow();
            if d.len() != *len {
                drop(d);
                *data = IterData::Exhausted;
                drop(data);
                return Err(
                    vm.new_runtime_error("dictionary changed size during iteration".to_owned())
                );
            }
            match d.entry_from(*pos) {
                Some((next, entry)) => {
                    *pos = next;
                    let v = match kind {
                        0 => entry.key.clone(),
                        1 => entry.value.clone(),
                        _ => {
                            let (k, v) = (entry.key.clone(), entry.value.clone());
                            drop(d);
                            Some(vm.new_tuple(vec![k, v])).expect("built")
                        }
                    };
                    Some(Some(v))
                }
                None => Some(None),
            }
        }
        IterData::Exhausted => Some(None),
        _ => None,
    };
    if let Some(result) = simple {
        if result.is_none() {
            *data = IterData::Exhausted;
        }
        return Ok(result);
    }
    let taken = std::mem::replace(&mut *data, IterData::Exhausted);
    drop(data);
    let (result, keep) = slow_next(vm, taken);
    if let Some(keep) = keep {
        *cell.borrow_mut() = keep;
    }
    result
}

/// Steps iterators that run Python code; returns the state to put back (None when
/// exhausted or failed).
fn slow_next(vm: &mut Vm, data: IterData) -> (PyResult<Option<Value>>, Option<IterData>) {
    match data {
        IterData::Sequence { seq, index } => match abstract_::getitem(vm, &seq, &Value::Int(index))
        {
            Ok(v) => (
                Ok(Some(v)),
                Some(IterData::Sequence {
                    seq,
                    index: index + 1,
                }),
            ),
            Err(e) if vm.err_matches(&e, "IndexError") || vm.err_matches(&e, "StopIteration") => {
                (Ok(None), None)
            }
            Err(e) => (Err(e), None),
        },
        IterData::Callable { func, sentinel } => match vm.call1(&func, vec![]) {
            Ok(v) => match abstract_::rich_eq_bool(vm, &v, &sentinel) {
                Ok(true) => (Ok(None), None),
                Ok(false) => (Ok(Some(v)), Some(IterData::Callable { func, sentinel })),
                Err(e) => (Err(e), None),
            },
            Err(e) if vm.err_matches(&e, "StopIteration") => (Ok(None), None),
            Err(e) => (Err(e), None),
        },
        IterData::Enumerate { it, count } => match abstract_::iter_next(vm, &it) {
            Ok(Some(v)) => {
                let n = crate::objects::int::int_from_big(vm, count.clone());
                let t = vm.new_tuple(vec![n, v]);
                (
                    Ok(Some(t)),
                    Some(IterData::Enumerate {
                        it,
                        count: count + 1u32,
                    }),
                )
            }
            other => (other, None),
        },
        IterData::Zip { its, strict } => {
            let mut items = Vec::with_capacity(its.len());
            for (i, it) in its.iter().enumerate() {
                match abstract_::iter_next(vm, it) {
                    Ok(Some(v)) => items.push(v),
                    Ok(None) => {
                        if strict {
                            if i > 0 {
                                let msg = format!(
                                    "zip() argument {} is shorter than argument{} {}",
                                    i + 1,
                                    if i == 1 { "" } else { "s" },
                                    if i == 1 {
                                        "1".to_owned()
                                    } else {
                                        format!("1-{i}")
                                    }
                                );
                                return (Err(vm.new_value_error(msg)), None);
                            }
                            for (j, other) in its.iter().enumerate().skip(1) {
                                match abstract_::iter_next(vm, other) {
                                    Ok(Some(_)) => {
                                        let msg = format!(
                                            "zip() argument {} is longer than argument{} {}",
                                            j + 1,
                                            if j == 1 { "" } else { "s" },
                                            if j == 1 {
                                                "1".to_owned()
                                            } else {
                                                format!("1-{j}")
                                            }
                                        );
                                        return (Err(vm.new_value_error(msg)), None);
                                    }
                                    Ok(None) => {}
                                    Err(e) => return (Err(e), None),
                                }
                            }
                        }
                        return (Ok(None), None);
                    }
                    Err(e) => return (Err(e), None),
                }
            }
            if its.is_empty() {
                return (Ok(None), None);
            }
            let t = vm.new_tuple(items);
            (Ok(Some(t)), Some(IterData::Zip { its, strict }))
        }
        IterData::Map { func, its } => {
            let mut args = Vec::with_capacity(its.len());
            for it in &its {
                match abstract_::iter_next(vm, it) {
                    Ok(Some(v)) => args.push(v),
                    other => return (other, None),
                }
            }
            match vm.call1(&func, args) {
                Ok(v) => (Ok(Some(v)), Some(IterData::Map { func, its })),
                Err(e) => (Err(e), None),
            }
        }
        IterData::Filter { func, it } => loop {
            match abstract_::iter_next(vm, &it) {
                Ok(Some(v)) => {
                    let keep = if func.is_none() {
                        abstract_::is_true(vm, &v)
                    } else {
                        vm.call1(&func, vec![v.clone()])
                            .and_then(|r| abstract_::is_true(vm, &r))
                    };
                    match keep {
                        Ok(true) => return (Ok(Some(v)), Some(IterData::Filter { func, it })),
                        Ok(false) => continue,
                        Err(e) => return (Err(e), None),
                    }
                }
                other => return (other, None),
            }
        },
        other => (Ok(None), Some(other)),
    }
}

pub fn init(vm: &mut Vm) {
    let iterator_types = [
        vm.types.list_iterator.clone(),
        vm.types.list_reverseiterator.clone(),
        vm.types.tuple_iterator.clone(),
        vm.types.str_iterator.clone(),
        vm.types.str_ascii_iterator.clone(),
        vm.types.bytes_iterator.clone(),
        vm.types.range_iterator.clone(),
        vm.types.dict_keyiterator.clone(),
        vm.types.dict_valueiterator.clone(),
        vm.types.dict_itemiterator.clone(),
        vm.types.set_iterator.clone(),
        vm.types.callable_iterator.clone(),
        vm.types.iterator.clone(),
        vm.types.enumerate.clone(),
        vm.types.zip.clone(),
        vm.types.map.clone(),
        vm.types.filter.clone(),
        vm.types.reversed.clone(),
    ];
    for ty in iterator_types {
        add_method(vm, &ty, "__iter__", |_, args| Ok(this(&args)));
        add_method(vm, &ty, "__next__", |vm, args| {
            let it = this(&args);
            match abstract_::iter_next(vm, &it)? {
                Some(v) => Ok(v),
                None => Err(vm.new_stop_iteration(None)),
            }
        });
    }
    let enumerate = vm.types.enumerate.clone();
    add_new(vm, &enumerate, |vm, args| {
        let parsed = crate::getargs::parse(
            vm,
            "enumerate",
            Args {
                pos: args.pos[1..].to_vec(),
                kw: args.kw,
            },
            &["iterable", "start"],
            1,
        )?;
        let it = abstract_::get_iter(vm, parsed[0].as_ref().unwrap_or(&Value::None))?;
        let count = match &parsed[1] {
            Some(v) => {
                let v = abstract_::index(vm, v)?;
                crate::objects::int::as_big(&v).unwrap_or_default()
            }
            None => BigInt::from(0),
        };
        Ok(new_iter(vm, IterData::Enumerate { it, count }))
    });
    let zip = vm.types.zip.clone();
    add_new(vm, &zip, |vm, mut args| {
        let kw = crate::getargs::take_keywords(vm, "zip", &mut args, &["strict"])?;
        let strict = match &kw[0] {
            Some(v) => abstract_::is_true(vm, v)?,
            None => false,
        };
        let mut its = Vec::new();
        for (i, v) in args.pos[1..].iter().enumerate() {
            match abstract_::get_iter(vm, v) {
                Ok(it) => its.push(it),
                Err(e) if vm.err_matches(&e, "TypeError") => {
                    return Err(vm
                        .new_type_error(format!("zip argument #{} must support iteration", i + 1)))
                }
                Err(e) => return Err(e),
            }
        }
        Ok(new_iter(vm, IterData::Zip { its, strict }))
    });
    let map = vm.types.map.clone();
    add_new(vm, &map, |vm, args| {
        crate::getargs::no_keywords(vm, "map", &args)?;
        if args.pos.len() < 3 {
            return Err(vm.new_type_error("map() must have at least two arguments.".to_owned()));
        }
        let func = args.pos[1].clone();
        let mut its = Vec::new();
        for v in &args.pos[2..] {
            its.push(abstract_::get_iter(vm, v)?);
        }
        Ok(new_iter(vm, IterData::Map { func, its }))
    });
    let filter = vm.types.filter.clone();
    add_new(vm, &filter, |vm, args| {
        let pos = crate::getargs::positional(
            vm,
            "filter",
            Args {
                pos: args.pos[1..].to_vec(),
                kw: args.kw,
            },
            2,
            2,
        )?;
        let func = pos[0].clone().unwrap_or(Value::None);
        let it = abstract_::get_iter(vm, pos[1].as_ref().unwrap_or(&Value::None))?;
        Ok(new_iter(vm, IterData::Filter { func, it }))
    });
    let reversed = vm.types.reversed.clone();
    add_new(vm, &reversed, |vm, args| {
        let pos = crate::getargs::positional(
            vm,
            "reversed",
            Args {
                pos: args.pos[1..].to_vec(),
                kw: args.kw,
            },
            1,
            1,
        )?;
        let seq = pos[0].clone().unwrap_or(Value::None);
        if let Some(r) = abstract_::call_special(vm, &seq, "__reversed__", vec![])? {
            return Ok(r);
        }
        let class = vm.type_of(&seq);
        if crate::objects::typeobject::lookup(&class, "__getitem__").is_none()
            || crate::objects::typeobject::lookup(&class, "__len__").is_none()
        {
            return Err(vm.new_type_error(format!(
                "'{}' object is not reversible",
                vm.type_name_of(&seq)
            )));
        }
        let n = abstract_::len(vm, &seq)?;
        let mut items = Vec::with_capacity(n);
        for i in (0..n).rev() {
            items.push(abstract_::getitem(vm, &seq, &Value::Int(i as i64))?);
        }
        Ok(new_iter(vm, IterData::Values { items, index: 0 }))
    });
    for ty in [
        vm.types.dict_keys.clone(),
        vm.types.dict_values.clone(),
        vm.types.dict_items.clone(),
    ] {
        add_method(vm, &ty, "__iter__", |vm, args| {
            let v = this(&args);
            builtin_iter(vm, &v).ok_or_else(|| vm.new_type_error("not iterable".to_owned()))
        });
        add_method(vm, &ty, "__len__", |vm, args| {
            let v = this(&args);
            let n = view_dict(&v)
                .map(|d| crate::objects::dict::dict_len(&d))
                .unwrap_or(0);
            let _ = vm;
            Ok(Value::Int(n as i64))
        });
        add_method(vm, &ty, "__repr__", |vm, args| {
            let v = this(&args);
            let name = vm.type_name_of(&v);
            let items = abstract_::collect_iterable(vm, &v)?;
            let list = vm.new_list(items);
            let inner = abstract_::repr_string(vm, &list)?;
            Ok(vm.new_str(format!("{name}({inner})")))
        });
        add_method(vm, &ty, "__contains__", |vm, args| {
            let v = this(&args);
            let x = args.pos.get(1).cloned().unwrap_or(Value::None);
            let items = abstract_::collect_iterable(vm, &v)?;
            for item in items {
                if abstract_::rich_eq_bool(vm, &item, &x)? {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        });
        add_method(vm, &ty, "__eq__", |vm, args| {
            let a = abstract_::collect_iterable(vm, &this(&args))?;
            let other = args.pos.get(1).cloned().unwrap_or(Value::None);
            if !abstract_::is_iterable(vm, &other) {
                return Ok(vm.not_implemented());
            }
            let b = abstract_::collect_iterable(vm, &other)?;
            let sa = crate::objects::set::new_set(vm, a)?;
            let sb = crate::objects::set::new_set(vm, b)?;
            abstract_::compare(vm, &sa, &sb, 2)
        });
        for (name, op) in [
            ("__and__", "&"),
            ("__or__", "|"),
            ("__sub__", "-"),
            ("__xor__", "^"),
        ] {
            let f: crate::objects::function::NativeFn = match op {
                "&" => |vm, args| view_set_op(vm, args, 1),
                "|" => |vm, args| view_set_op(vm, args, 7),
                "-" => |vm, args| view_set_op(vm, args, 10),
                _ => |vm, args| view_set_op(vm, args, 12),
            };
            add_method(vm, &ty, name, f);
        }
    }
}

fn view_set_op(vm: &mut Vm, args: Args, op: usize) -> PyResult<Value> {
    let a = abstract_::collect_iterable(vm, &this(&args))?;
    let other = args.pos.get(1).cloned().unwrap_or(Value::None);
    let b = abstract_::collect_iterable(vm, &other)?;
    let sa = crate::objects::set::new_set(vm, a)?;
    let sb = crate::objects::set::new_set(vm, b)?;
    abstract_::binary_op(vm, &sa, &sb, op)
}

fn view_dict(v: &Value) -> Option<ObjRef> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Iter(it) => match &*it.borrow() {
                IterData::DictView { dict } => Some(dict.clone()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}
