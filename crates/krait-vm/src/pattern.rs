//! The run-time side of `match` statements (CPython's `match_class`, `match_keys`
//! in `Python/ceval.c`): which subjects are mappings or sequences, and pulling the
//! values that class and mapping patterns match against.

use crate::abstract_;
use crate::object::{ObjRef, Payload};
use crate::objects::typeobject::{self, type_data};
use crate::value::Value;
use crate::{PyResult, Vm};

/// CPython's `Py_TPFLAGS_SEQUENCE` and `Py_TPFLAGS_MAPPING`, kept in
/// `TypeData::collection_flags`.
pub const TPFLAGS_SEQUENCE: u64 = 1 << 5;
pub const TPFLAGS_MAPPING: u64 = 1 << 6;

/// The collection flags of a class.
fn abc_flags(class: &ObjRef) -> u64 {
    type_data(class).collection_flags.get()
}

/// `MATCH_MAPPING`: instances of a class flagged as a mapping: dict, mappingproxy,
/// classes registered as `collections.abc.Mapping`, and their subclasses, each
/// taking the first flag along its MRO.
pub fn is_mapping(vm: &Vm, subject: &Value) -> bool {
    abc_flags(&vm.type_of(subject)) & TPFLAGS_MAPPING != 0
}

/// `MATCH_SEQUENCE`: instances of a class flagged as a sequence: list, tuple,
/// range, memoryview, `collections.abc.Sequence` classes (never str, bytes or
/// bytearray), and their subclasses.
pub fn is_sequence(vm: &Vm, subject: &Value) -> bool {
    abc_flags(&vm.type_of(subject)) & TPFLAGS_SEQUENCE != 0
}

/// Flags the builtin sequence and mapping types, as CPython declares them.
pub fn flag_builtin_collections(vm: &Vm) {
    let t = &vm.types;
    for ty in [&t.list, &t.tuple, &t.range, &vm.memoryview_type] {
        type_data(ty).collection_flags.set(TPFLAGS_SEQUENCE);
    }
    for ty in [&t.dict, &t.mappingproxy] {
        type_data(ty).collection_flags.set(TPFLAGS_MAPPING);
    }
}

/// `MATCH_KEYS`: the values for `keys` in `subject`, or `None` if one is missing.
pub fn match_keys(vm: &mut Vm, subject: &Value, keys: &Value) -> PyResult<Value> {
    let keys = abstract_::tuple_items(keys).unwrap_or_default();
    if keys.is_empty() {
        return Ok(vm.new_tuple(vec![]));
    }
    let get = abstract_::getattr_str(vm, subject, "get")?;
    let missing = Value::Obj(vm.not_implemented.clone());
    let mut seen: Vec<Value> = Vec::new();
    let mut values = Vec::with_capacity(keys.len());
    for key in keys {
        for s in &seen {
            if abstract_::rich_eq_bool(vm, s, &key)? {
                let r = abstract_::repr_string(vm, &key)?;
                return Err(
                    vm.new_value_error(format!("mapping pattern checks duplicate key ({r})"))
                );
            }
        }
        seen.push(key.clone());
        let v = vm.call1(&get, vec![key, missing.clone()])?;
        if v.is(&missing) {
            return Ok(Value::None);
        }
        values.push(v);
    }
    Ok(vm.new_tuple(values))
}

/// Builtin classes whose single positional sub-pattern matches the subject itself.
fn matches_self(vm: &Vm, class: &ObjRef) -> bool {
    let t = &vm.types;
    [
        &t.bool_,
        &t.bytearray,
        &t.bytes,
        &t.dict,
        &t.float,
        &t.frozenset,
        &t.int,
        &t.list,
        &t.set,
        &t.str,
        &t.tuple,
    ]
    .iter()
    .any(|builtin| typeobject::is_subtype(class, builtin))
}

fn class_attr(
    vm: &mut Vm,
    subject: &Value,
    class: &ObjRef,
    name: &Value,
    seen: &mut Vec<String>,
) -> PyResult<Option<Value>> {
    let text = abstract_::value_as_str(name).unwrap_or("").to_owned();
    if seen.contains(&text) {
        let r = abstract_::repr_string(vm, name)?;
        return Err(vm.new_type_error(format!(
            "{}() got multiple sub-patterns for attribute {r}",
            type_data(class).name()
        )));
    }
    seen.push(text.clone());
    abstract_::getattr_optional(vm, subject, &text)
}

/// `MATCH_CLASS count`: the attributes a class pattern matches against, or `None`.
pub fn match_class(
    vm: &mut Vm,
    subject: &Value,
    class: &Value,
    nargs: usize,
    names: &Value,
) -> PyResult<Value> {
    let Value::Obj(cls) = class else {
        return Err(vm.new_type_error("called match pattern must be a type".to_owned()));
    };
    if cls.type_data().is_none() {
        return Err(vm.new_type_error("called match pattern must be a type".to_owned()));
    }
    let check = crate::builtins::is_instance_of(vm, subject, class)?;
    if !check {
        return Ok(Value::None);
    }
    let mut seen = Vec::new();
    let mut attrs = Vec::new();
    if nargs > 0 {
        let (match_args, match_self) = match abstract_::getattr_optional(
            vm,
            class,
            "__match_args__",
        )? {
            Some(m) => {
                let is_tuple = matches!(&m, Value::Obj(o) if matches!(o.payload, Payload::Tuple(_)) && std::rc::Rc::ptr_eq(&o.class(), &vm.types.tuple));
                if !is_tuple {
                    return Err(vm.new_type_error(format!(
                        "{}.__match_args__ must be a tuple (got {})",
                        type_data(cls).name(),
                        vm.type_name_of(&m)
                    )));
                }
                (abstract_::tuple_items(&m).unwrap_or_default(), false)
            }
            None => (Vec::new(), matches_self(vm, cls)),
        };
        let allowed = if match_self { 1 } else { match_args.len() };
        if allowed < nargs {
            return Err(vm.new_type_error(format!(
                "{}() accepts {allowed} positional sub-pattern{} ({nargs} given)",
                type_data(cls).name(),
                if allowed == 1 { "" } else { "s" }
            )));
        }
        if match_self {
            attrs.push(subject.clone());
        } else {
            for name in match_args.iter().take(nargs) {
                if abstract_::value_as_str(name).is_none() {
                    return Err(vm.new_type_error(format!(
                        "__match_args__ elements must be strings (got {})",
                        vm.type_name_of(name)
                    )));
                }
                match class_attr(vm, subject, cls, name, &mut seen)? {
                    Some(v) => attrs.push(v),
                    None => return Ok(Value::None),
                }
            }
        }
    }
    for name in abstract_::tuple_items(names).unwrap_or_default() {
        match class_attr(vm, subject, cls, &name, &mut seen)? {
            Some(v) => attrs.push(v),
            None => return Ok(Value::None),
        }
    }
    Ok(vm.new_tuple(attrs))
}
