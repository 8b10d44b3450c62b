//! The object protocols (CPython's `Objects/abstract.c` and `Objects/object.c`):
//! attribute access with descriptors, rich comparison, the number operators with
//! their reflected forms, truth, hashing, iteration, item access and formatting.
//!
//! Each operation tries the unboxed fast case first, then goes through the type's
//! special methods, so builtin and user-defined types take the same path.

use std::rc::Rc;

use krait_bytecode::opcode_table::{NB_ADD, NB_INPLACE_OFFSET, NB_MULTIPLY, NB_POWER};
use krait_bytecode::Opcode;

use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::dict;
use crate::objects::function::Args;
use crate::objects::instance_values;
use crate::objects::typeobject::{self, is_subtype, lookup, type_data};
use crate::value::Value;
use crate::Exc;
use crate::{PyErr, PyResult, Vm};

// ---------------------------------------------------------------------------
// Views of builtin payloads

/// The text of a str value (any str, subclasses included).
pub fn value_as_str(v: &Value) -> Option<&str> {
    match v {
        Value::Obj(o) => o.str_data().map(|s| s.as_str()),
        _ => None,
    }
}

pub fn obj_as_str(o: &ObjRef) -> Option<&str> {
    o.str_data().map(|s| s.as_str())
}

pub fn tuple_items(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Tuple(items) => Some(items.to_vec()),
            _ => None,
        },
        _ => None,
    }
}

pub fn list_items(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::List(items) => Some(items.borrow().clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Equality decidable without calling Python: `Some` for pairs of ints, floats,
/// bools, `None` and strs; `None` when Python code may decide.
pub fn fast_eq(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x == y),
        (Value::Float(x), Value::Float(y)) => Some(x == y),
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => Some(
            crate::objects::float::compare_int_float(*x, *y) == Some(std::cmp::Ordering::Equal),
        ),
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        (Value::Bool(x), Value::Int(y)) | (Value::Int(y), Value::Bool(x)) => Some(*x as i64 == *y),
        (Value::Bool(x), Value::Float(y)) | (Value::Float(y), Value::Bool(x)) => {
            Some(*x as i64 as f64 == *y)
        }
        (Value::None, Value::None) => Some(true),
        (Value::Obj(x), Value::Obj(y)) => match (&x.payload, &y.payload) {
            (Payload::Str(s), Payload::Str(t)) => Some(s.same_text(t)),
            _ => None,
        },
        (Value::Obj(o), _) | (_, Value::Obj(o)) => match &o.payload {
            Payload::Str(_) => Some(false),
            _ => None,
        },
        _ => Some(false),
    }
}

// ---------------------------------------------------------------------------
// Special methods

/// Looks `name` up on the type of `obj` and calls it bound to `obj`; `Ok(None)` when
/// the type does not define it.
pub fn call_special(
    vm: &mut Vm,
    obj: &Value,
    name: &'static str,
    args: &[Value],
) -> PyResult<Option<Value>> {
    let class = vm.type_of(obj);
    let Some(method) = crate::objects::typeobject::lookup_static(&class, name) else {
        return Ok(None);
    };
    call_unbound(vm, &method, obj, args).map(Some)
}

/// Calls a method found on a type with `obj` as its `self`.
pub fn call_unbound(vm: &mut Vm, method: &Value, obj: &Value, args: &[Value]) -> PyResult<Value> {
    if let Value::Obj(m) = method {
        match &m.payload {
            Payload::Function(_) => return vm.call_with_self(m, obj, args),
            Payload::MethodDescriptor(_) => {
                let mut pos = Vec::with_capacity(args.len() + 1);
                pos.push(obj.clone());
                pos.extend_from_slice(args);
                return vm.call1(method, pos);
            }
            _ => {}
        }
    }
    let bound = bind_descriptor(vm, method.clone(), obj)?;
    vm.call(&bound, Args::new(args.to_vec()))
}

/// `descr.__get__(obj, type(obj))` for an attribute found on `obj`'s type.
pub fn bind_descriptor(vm: &mut Vm, descr: Value, obj: &Value) -> PyResult<Value> {
    let class = vm.type_of(obj);
    descriptor_get(vm, descr, Some(obj), &class)
}

/// The descriptor protocol's `__get__`; `obj` is `None` for access through the class.
pub fn descriptor_get(
    vm: &mut Vm,
    descr: Value,
    obj: Option<&Value>,
    owner: &ObjRef,
) -> PyResult<Value> {
    let Value::Obj(d) = &descr else {
        return Ok(descr);
    };
    // Functions are most attributes read through a class: skip the slot call.
    if let Payload::Function(_) = d.payload {
        return crate::objects::descriptors::function_get(vm, &descr, obj, owner);
    }
    let get = type_data(d.class_ref()).slots.descr_get.get();
    match get {
        Some(get) => get(vm, &descr, obj, owner),
        None => Ok(descr),
    }
}

pub fn new_method(vm: &Vm, func: Value, this: Value) -> Value {
    Value::Obj(PyObject::new(
        vm.types.method.clone(),
        Payload::Method { func, this },
    ))
}

/// Whether a class attribute takes precedence over the instance dict: its type
/// has a `__set__` or `__delete__`.
pub fn is_data_descriptor(descr: &Value) -> bool {
    match descr {
        Value::Obj(d) => type_data(d.class_ref()).slots.descr_set.get().is_some(),
        _ => false,
    }
}

/// Whether `descr`'s type has a `__get__` (a `tp_descr_get` slot).
pub fn has_descr_get(descr: &Value) -> bool {
    match descr {
        Value::Obj(d) => type_data(d.class_ref()).slots.descr_get.get().is_some(),
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// Attributes

/// `getattr(obj, name)`.
pub fn getattr(vm: &mut Vm, obj: &Value, name: &ObjRef) -> PyResult<Value> {
    let class = vm.type_of(obj);
    let generic: crate::slots::GetAttrFn = object_getattro;
    match type_data(&class).slots.getattro.get() {
        // `object`'s own, with the class already at hand.
        Some(getattro) if !std::ptr::fn_addr_eq(getattro, generic) => getattro(vm, obj, name)
            .inspect_err(|err| {
                crate::objects::exceptions::add_attribute_error_context(vm, err, obj, name)
            }),
        _ => generic_getattr(vm, obj, &class, name),
    }
}

/// `object.__getattribute__` as a slot.
pub fn object_getattro(vm: &mut Vm, obj: &Value, name: &ObjRef) -> PyResult<Value> {
    let class = vm.type_of(obj);
    generic_getattr(vm, obj, &class, name)
}

/// Whether attribute access on instances of `class` is `object`'s own.
pub fn has_generic_getattr(class: &ObjRef) -> bool {
    let generic: crate::slots::GetAttrFn = object_getattro;
    type_data(class)
        .slots
        .getattro
        .get()
        .is_some_and(|f| std::ptr::fn_addr_eq(f, generic))
}

/// Whether attribute assignment on instances of `class` is `object`'s own.
pub fn has_generic_setattr(class: &ObjRef) -> bool {
    let generic: crate::slots::SetAttrFn = generic_setattr;
    type_data(class)
        .slots
        .setattro
        .get()
        .is_none_or(|f| std::ptr::fn_addr_eq(f, generic))
}

pub fn getattr_str(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Value> {
    let name = vm.intern(name);
    getattr(vm, obj, &name)
}

/// `getattr(obj, name, None)`-style lookup: `Ok(None)` on AttributeError.
/// When the lookup is `object`'s own and finds nothing in the class or the
/// instance dict, no AttributeError is made (CPython's `_PyObject_LookupAttr`).
pub fn getattr_optional(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Option<Value>> {
    let class = vm.type_of(obj);
    if has_generic_getattr(&class) && lookup(&class, name).is_none() {
        // A class keeps its namespace in its type data: only other objects.
        let in_dict = match obj {
            Value::Obj(o) if o.type_data().is_some() => true,
            Value::Obj(o) => instance_values::has_instance_attr_text(o, name),
            _ => false,
        };
        if !in_dict {
            return Ok(None);
        }
    }
    match getattr_str(vm, obj, name) {
        Ok(v) => Ok(Some(v)),
        Err(err) if vm.err_matches(&err, Exc::AttributeError) => Ok(None),
        Err(err) => Err(err),
    }
}

/// `object.__getattribute__`: data descriptors, then the instance dict, then other
/// class attributes.
pub fn generic_getattr(vm: &mut Vm, obj: &Value, class: &ObjRef, name: &ObjRef) -> PyResult<Value> {
    let text = obj_as_str(name).unwrap_or("");
    if let Value::Obj(o) = obj {
        if let Payload::Type(_) = o.payload {
            return type_getattr(vm, o, name);
        }
    }
    let descr = lookup(class, text);
    if let Some(descr) = &descr {
        // A data descriptor answers first, if it has a `__get__`: one with only
        // `__set__` lets the instance's own attribute through (CPython's order).
        if is_data_descriptor(descr) && has_descr_get(descr) {
            return descriptor_get(vm, descr.clone(), Some(obj), class);
        }
    }
    if let Value::Obj(o) = obj {
        if type_data(class).instance_dict.get() {
            if let instance_values::Found::Value(v) = instance_values::get(o, name) {
                return Ok(v);
            }
            let dict = o.dict.get();
            if let Some(d) = dict.as_ref().and_then(dict::as_dict) {
                // Attribute names are interned strs: their hash is already known.
                let hash = name.str_data().map(|s| s.hash()).unwrap_or(0);
                if let Some(v) = d.borrow().get_str_hashed(hash, text) {
                    return Ok(v);
                }
            }
        }
    }
    if let Some(descr) = descr {
        return descriptor_get(vm, descr, Some(obj), class);
    }
    Err(attribute_error(vm, obj, text))
}

pub fn attribute_error(vm: &mut Vm, obj: &Value, name: &str) -> PyErr {
    let msg = match obj {
        Value::Obj(o) => match &o.payload {
            Payload::Module(m) => format!("module '{}' has no attribute '{name}'", m.name(vm)),
            Payload::Type(t) => format!("type object '{}' has no attribute '{name}'", t.tp_name()),
            _ => format!(
                "'{}' object has no attribute '{name}'",
                vm.type_name_of(obj)
            ),
        },
        _ => format!(
            "'{}' object has no attribute '{name}'",
            vm.type_name_of(obj)
        ),
    };
    let err = vm.new_attribute_error(msg);
    // Names in code are interned: the error shares the name object then.
    let name = match vm.interned_str(name) {
        Some(interned) => Value::Obj(interned),
        None => vm.new_str(name.to_owned()),
    };
    crate::objects::exceptions::set_attr(vm, &err.0, "name", name);
    crate::objects::exceptions::set_attr(vm, &err.0, "obj", obj.clone());
    err
}

/// Attribute lookup on a class (`type.__getattribute__`): the metatype's data
/// descriptors, then the class's MRO, then the metatype's other attributes.
fn type_getattr(vm: &mut Vm, ty: &ObjRef, name: &ObjRef) -> PyResult<Value> {
    let text = obj_as_str(name).unwrap_or("");
    let metatype = ty.class();
    let meta_attr = lookup(&metatype, text);
    if let Some(m) = &meta_attr {
        if is_data_descriptor(m) && has_descr_get(m) {
            return descriptor_get(vm, m.clone(), Some(&Value::Obj(ty.clone())), &metatype);
        }
    }
    if let Some(attr) = lookup(ty, text) {
        return descriptor_get(vm, attr, None, ty);
    }
    if let Some(m) = meta_attr {
        return descriptor_get(vm, m, Some(&Value::Obj(ty.clone())), &metatype);
    }
    Err(attribute_error(vm, &Value::Obj(ty.clone()), text))
}

/// `setattr(obj, name, value)`, or `delattr` when `value` is `None`.
pub fn setattr(vm: &mut Vm, obj: &Value, name: &ObjRef, value: Option<Value>) -> PyResult<()> {
    let class = vm.type_of(obj);
    match type_data(&class).slots.setattro.get() {
        Some(setattro) => setattro(vm, obj, name, value),
        None => generic_setattr(vm, obj, name, value),
    }
}

pub fn setattr_str(vm: &mut Vm, obj: &Value, name: &str, value: Value) -> PyResult<()> {
    let name = vm.intern(name);
    setattr(vm, obj, &name, Some(value))
}

/// `object.__setattr__` / `object.__delattr__`.
pub fn generic_setattr(
    vm: &mut Vm,
    obj: &Value,
    name: &ObjRef,
    value: Option<Value>,
) -> PyResult<()> {
    // The name is an interned str the caller holds, so its text can be borrowed.
    let text = obj_as_str(name).unwrap_or("");
    let class = vm.type_of(obj);
    if let Some(descr) = lookup(&class, text) {
        if is_data_descriptor(&descr) {
            return descriptor_set(vm, &descr, obj, value);
        }
    }
    let Value::Obj(o) = obj else {
        return Err(no_attribute_to_set(vm, obj, text, &class));
    };
    if let Payload::Type(t) = &o.payload {
        if t.immutable.get() {
            return Err(vm.new_type_error(format!(
                "cannot set '{text}' attribute of immutable type '{}'",
                t.tp_name()
            )));
        }
        let d = t.dict.clone();
        let result = dict_store(vm, &d, obj, name, text, value);
        typeobject::invalidate_lookups(o);
        crate::slots::update_slots_for_name(o, text);
        return result;
    }
    if !type_data(&class).instance_dict.get() {
        return Err(no_attribute_to_set(vm, obj, text, &class));
    }
    let value = match instance_values::store(o, name, value, &vm.types.str) {
        instance_values::Stored::Done(old) => {
            drop(old);
            return Ok(());
        }
        instance_values::Stored::Missing => return Err(attribute_error(vm, obj, text)),
        instance_values::Stored::NotInline(value) => value,
    };
    let d = match o.dict() {
        Some(d) => d,
        None => {
            let d = vm.new_dict();
            o.dict.set(d.clone());
            d
        }
    };
    dict_store(vm, &d, obj, name, text, value)
}

fn dict_store(
    vm: &mut Vm,
    d: &ObjRef,
    obj: &Value,
    name: &ObjRef,
    text: &str,
    value: Option<Value>,
) -> PyResult<()> {
    match value {
        Some(v) => dict::dict_set_item(vm, d, Value::Obj(name.clone()), v),
        None => match dict::dict_del_item(vm, d, &Value::Obj(name.clone()))? {
            Some(_) => Ok(()),
            None => Err(attribute_error(vm, obj, text)),
        },
    }
}

fn no_attribute_to_set(vm: &mut Vm, obj: &Value, name: &str, class: &ObjRef) -> PyErr {
    if lookup(class, name).is_some() {
        let msg = format!(
            "'{}' object attribute '{name}' is read-only",
            vm.type_name_of(obj)
        );
        return vm.new_attribute_error(msg);
    }
    attribute_error(vm, obj, name)
}

/// The descriptor protocol's `__set__` (or `__delete__` when `value` is `None`).
fn descriptor_set(vm: &mut Vm, descr: &Value, obj: &Value, value: Option<Value>) -> PyResult<()> {
    let set = match descr {
        Value::Obj(d) => type_data(d.class_ref()).slots.descr_set.get(),
        _ => None,
    };
    match set {
        Some(set) => set(vm, descr, obj, value),
        None => Ok(()),
    }
}

/// `LOAD_METHOD`: `(Some(function), obj)` when a plain function or method
/// descriptor was found on the type (no bound method is made), else `(None, attr)`.
pub fn get_method(vm: &mut Vm, obj: &Value, name: &ObjRef) -> PyResult<(Option<Value>, Value)> {
    let class = vm.type_of(obj);
    if let Value::Obj(o) = obj {
        if Rc::ptr_eq(&class, &vm.types.super_) {
            if let Some((method, this)) = crate::objects::descr::super_method(o, name) {
                return Ok((Some(method), this));
            }
        }
    }
    let is_type = matches!(obj, Value::Obj(o) if matches!(o.payload, Payload::Type(_)));
    if !is_type && has_generic_getattr(&class) {
        let text = obj_as_str(name).unwrap_or("");
        if let Some(descr) = lookup(&class, text) {
            let is_method = matches!(&descr, Value::Obj(d) if matches!(d.payload, Payload::Function(_) | Payload::MethodDescriptor(_)));
            if is_method {
                let shadowed = match obj {
                    Value::Obj(o) => {
                        type_data(&class).instance_dict.get()
                            && instance_values::has_instance_attr(o, name)
                    }
                    _ => false,
                };
                if !shadowed {
                    return Ok((Some(descr), obj.clone()));
                }
            }
        }
    }
    Ok((None, getattr(vm, obj, name)?))
}

// ---------------------------------------------------------------------------
// Truth, hashing, comparison

/// `bool(v)` when it runs no Python code and cannot fail: scalars, the builtin
/// containers (non-empty), and objects whose class has neither `__bool__` nor
/// `__len__` (true). `None` for the rest, which `is_true` answers.
#[inline(always)]
pub fn truth_without_python(v: &Value) -> Option<bool> {
    match v {
        Value::None => Some(false),
        Value::Bool(b) => Some(*b),
        Value::Int(n) => Some(*n != 0),
        Value::Float(x) => Some(*x != 0.0),
        Value::Obj(o) => object_truth_without_python(o),
    }
}

/// `truth_without_python` of an object, out of line.
fn object_truth_without_python(o: &ObjRef) -> Option<bool> {
    if let Some(n) = exact_len(o) {
        return Some(n > 0);
    }
    let slots = &type_data(o.class_ref()).slots;
    (slots.bool_.get().is_none() && slots.length.get().is_none()).then_some(true)
}

pub fn is_true(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    Ok(match v {
        Value::None => false,
        Value::Bool(b) => *b,
        Value::Int(n) => *n != 0,
        Value::Float(x) => *x != 0.0,
        Value::Obj(o) => {
            let class = o.class();
            if !type_data(&class).heap {
                match &o.payload {
                    Payload::Str(s) => return Ok(s.char_len() > 0),
                    Payload::List(l) => return Ok(!l.borrow().is_empty()),
                    Payload::Tuple(t) => return Ok(!t.is_empty()),
                    Payload::Dict(d) => return Ok(!d.borrow().is_empty()),
                    Payload::Set(_) | Payload::FrozenSet(_) => {
                        return Ok(crate::objects::set::set_len(v) > 0)
                    }
                    Payload::Int(n) => return Ok(!num_traits::Zero::is_zero(n)),
                    _ => {}
                }
            }
            let slots = &type_data(&class).slots;
            if let Some(truth) = slots.bool_.get() {
                return truth(vm, v);
            }
            if let Some(length) = slots.length.get() {
                return Ok(length(vm, v)? > 0);
            }
            true
        }
    })
}

/// `hash(None)` as python3.11 gives it.
pub const NONE_HASH: i64 = 611_532;

pub fn hash(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        // CPython hashes `None` by its address; the oracle's build is not
        // position-independent, so its `hash(None)` is this same number in every run,
        // and sets holding `None` iterate in an order that depends on it.
        Value::None => Ok(NONE_HASH),
        Value::Bool(b) => Ok(*b as i64),
        Value::Int(n) => Ok(crate::pyhash::hash_i64(*n)),
        Value::Float(x) => Ok(crate::objects::float::float_hash(*x, v)),
        Value::Obj(o) => {
            if let Payload::Str(s) = &o.payload {
                if !type_data(o.class_ref()).heap {
                    return Ok(s.hash());
                }
            }
            let hash = type_data(o.class_ref()).slots.hash.get();
            match hash {
                Some(hash) => hash(vm, v),
                None => crate::slots::hash_not_implemented(vm, v),
            }
        }
    }
}

pub const CMP_SYMBOLS: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];
pub const CMP_DUNDERS: [&str; 6] = ["__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"];
const CMP_REFLECTED: [usize; 6] = [4, 5, 2, 3, 0, 1];

/// `a == b` as a bool, identity first (as containers compare).
pub fn rich_eq_bool(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    if a.is(b) {
        return Ok(true);
    }
    if let Some(eq) = fast_eq(a, b) {
        return Ok(eq);
    }
    let r = compare(vm, a, b, 2)?;
    is_true(vm, &r)
}

/// Rich comparison `a <op> b` with `op` a `COMPARE_OP` argument.
pub fn compare(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    let op = op.min(5);
    if let Some(r) = fast_compare(a, b, op) {
        return Ok(Value::Bool(r));
    }
    // Containers compare their items through here: a structure that contains
    // itself ends in RecursionError, not an exhausted stack.
    vm.enter_recursive_call(" in comparison")?;
    let result = compare_slots(vm, a, b, op);
    vm.leave_recursive_call();
    result
}

/// `compare` past its fast paths: the operands' rich-comparison slots.
fn compare_slots(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    let ta = vm.type_of(a);
    let tb = vm.type_of(b);
    let compare_a = type_data(&ta).slots.richcompare.get();
    let compare_b = type_data(&tb).slots.richcompare.get();
    let reflected = CMP_REFLECTED[op];
    let mut tried_reflected = false;
    if let Some(compare_b) = compare_b {
        if !Rc::ptr_eq(&ta, &tb) && is_subtype(&tb, &ta) {
            tried_reflected = true;
            let r = compare_b(vm, b, a, reflected)?;
            if !is_not_implemented(vm, &r) {
                return Ok(r);
            }
        }
    }
    if let Some(compare_a) = compare_a {
        let r = compare_a(vm, a, b, op)?;
        if !is_not_implemented(vm, &r) {
            return Ok(r);
        }
    }
    if let (false, Some(compare_b)) = (tried_reflected, compare_b) {
        let r = compare_b(vm, b, a, reflected)?;
        if !is_not_implemented(vm, &r) {
            return Ok(r);
        }
    }
    default_comparison(vm, a, b, op)
}

/// The rest of `compare` once the left operand's method returned NotImplemented,
/// where it was tried first: the right operand's reflected method, then the
/// default.
pub fn compare_after_left(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    let op = op.min(5);
    let tb = vm.type_of(b);
    if let Some(compare_b) = type_data(&tb).slots.richcompare.get() {
        vm.enter_recursive_call(" in comparison")?;
        let r = compare_b(vm, b, a, CMP_REFLECTED[op]);
        vm.leave_recursive_call();
        let r = r?;
        if !is_not_implemented(vm, &r) {
            return Ok(r);
        }
    }
    default_comparison(vm, a, b, op)
}

/// What a comparison both operands declined gives: identity for `==` and `!=`,
/// a TypeError for orderings.
fn default_comparison(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    match op {
        2 => Ok(Value::Bool(a.is(b))),
        3 => Ok(Value::Bool(!a.is(b))),
        _ => Err(vm.new_type_error(format!(
            "'{}' not supported between instances of '{}' and '{}'",
            CMP_SYMBOLS[op],
            vm.type_name_of(a),
            vm.type_name_of(b)
        ))),
    }
}

/// Whether an ordering satisfies the `COMPARE_OP` argument `op` (`None`, unordered
/// as with NaN, satisfies only `!=`).
pub fn ordering_result(ord: Option<std::cmp::Ordering>, op: usize) -> bool {
    use krait_bytecode::opcode_table::{CMP_EQ, CMP_GT, CMP_LE, CMP_LT, CMP_NE};
    use std::cmp::Ordering::*;
    match ord {
        None => op == CMP_NE,
        Some(o) => match op {
            CMP_LT => o == Less,
            CMP_LE => o != Greater,
            CMP_EQ => o == Equal,
            CMP_NE => o != Equal,
            CMP_GT => o == Greater,
            _ => o != Less,
        },
    }
}

fn fast_compare(a: &Value, b: &Value, op: usize) -> Option<bool> {
    let ord = match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
        (Value::Int(x), Value::Float(y)) => crate::objects::float::compare_int_float(*x, *y),
        (Value::Float(x), Value::Int(y)) => {
            crate::objects::float::compare_int_float(*y, *x).map(|o| o.reverse())
        }
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Obj(x), Value::Obj(y)) => match (&x.payload, &y.payload) {
            (Payload::Str(s), Payload::Str(t))
                if !type_data(&x.class()).heap && !type_data(&y.class()).heap =>
            {
                Some(s.cmp_text(t))
            }
            _ => return None,
        },
        (Value::None, Value::None) if (2..=3).contains(&op) => Some(std::cmp::Ordering::Equal),
        _ => return None,
    };
    Some(ordering_result(ord, op))
}

pub fn is_not_implemented(vm: &Vm, v: &Value) -> bool {
    matches!(v, Value::Obj(o) if Rc::ptr_eq(o, &vm.not_implemented))
}

// ---------------------------------------------------------------------------
// Numbers

/// Binary number slot (a `BINARY_OP` argument, or `slots::NB_DIVMOD`) -> (symbol,
/// method, reflected method).
pub const BINARY_OPS: [(&str, &str, &str); crate::slots::BINARY_SLOTS] = [
    ("+", "__add__", "__radd__"),
    ("&", "__and__", "__rand__"),
    ("//", "__floordiv__", "__rfloordiv__"),
    ("<<", "__lshift__", "__rlshift__"),
    ("@", "__matmul__", "__rmatmul__"),
    ("*", "__mul__", "__rmul__"),
    ("%", "__mod__", "__rmod__"),
    ("|", "__or__", "__ror__"),
    ("**", "__pow__", "__rpow__"),
    (">>", "__rshift__", "__rrshift__"),
    ("-", "__sub__", "__rsub__"),
    ("/", "__truediv__", "__rtruediv__"),
    ("^", "__xor__", "__rxor__"),
    ("divmod()", "__divmod__", "__rdivmod__"),
];

/// `a <op> b` for a `BINARY_OP` argument (0..=25; 13 and up are in-place forms).
pub fn binary_op(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        if let Some(r) = crate::objects::int::small_int_op(*x, *y, op % NB_INPLACE_OFFSET) {
            return Ok(r);
        }
    }
    if let (Value::Float(_), Value::Float(_)) = (a, b) {
        if let Some(r) = crate::objects::float::float_op(vm, a, b, op % NB_INPLACE_OFFSET) {
            return r;
        }
    }
    let base_op = op % NB_INPLACE_OFFSET;
    let inplace = op >= NB_INPLACE_OFFSET;
    if inplace {
        let slot = type_data(&vm.type_of(a)).slots.inplace[base_op].get();
        if let Some(inplace_op) = slot {
            let r = inplace_op(vm, a, b, base_op)?;
            if !is_not_implemented(vm, &r) {
                return Ok(r);
            }
        }
    }
    if base_op == NB_POWER {
        let symbol = if inplace { "**=" } else { "** or pow()" };
        return ternary_op(vm, a, b, &Value::None, symbol);
    }
    let r = binary_op1(vm, a, b, base_op)?;
    if !is_not_implemented(vm, &r) {
        return Ok(r);
    }
    if let Some(r) = sequence_op(vm, a, b, base_op, inplace)? {
        return Ok(r);
    }
    let symbol = format!(
        "{}{}",
        BINARY_OPS[base_op].0,
        if inplace { "=" } else { "" }
    );
    Err(binary_type_error(vm, a, b, base_op, &symbol))
}

/// Tries the operator slots of both operands' types in CPython's order (`binary_op1`):
/// the right operand's first when its type is a subclass of the left's with a slot of
/// its own; NotImplemented if both decline.
pub fn binary_op1(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    let ta = vm.type_of(a);
    let tb = vm.type_of(b);
    let slot_a = type_data(&ta).slots.binary[op].get();
    let mut slot_b = if Rc::ptr_eq(&ta, &tb) {
        None
    } else {
        type_data(&tb).slots.binary[op].get()
    };
    if let (Some(sa), Some(sb)) = (slot_a, slot_b) {
        if std::ptr::fn_addr_eq(sa, sb) {
            slot_b = None;
        }
    }
    let right_is_subclass = || is_subtype(&tb, &ta);
    let found = call_operand_slots(vm, slot_a, slot_b, right_is_subclass, |vm, f| {
        f(vm, a, b, op)
    })?;
    Ok(found.unwrap_or_else(|| vm.not_implemented()))
}

/// Calls the operator slots of two operands' types in CPython's order
/// (`binary_op1`, `ternary_op`): the right operand's first when its type is a
/// subclass of the left's, then the left's, then the right's, until one returns
/// something other than NotImplemented. `right` is `None` when the right operand's
/// type has the left's slot.
fn call_operand_slots<F: Copy>(
    vm: &mut Vm,
    left: Option<F>,
    mut right: Option<F>,
    right_is_subclass: impl Fn() -> bool,
    call: impl Fn(&mut Vm, F) -> PyResult<Value>,
) -> PyResult<Option<Value>> {
    if let Some(l) = left {
        if let Some(r) = right.filter(|_| right_is_subclass()) {
            let result = call(vm, r)?;
            if !is_not_implemented(vm, &result) {
                return Ok(Some(result));
            }
            right = None;
        }
        let result = call(vm, l)?;
        if !is_not_implemented(vm, &result) {
            return Ok(Some(result));
        }
    }
    if let Some(r) = right {
        let result = call(vm, r)?;
        if !is_not_implemented(vm, &result) {
            return Ok(Some(result));
        }
    }
    Ok(None)
}

/// `pow(v, w, z)`, `z` being `None` for `**` (CPython's `ternary_op`): the power
/// slots of the base's and the exponent's types in `binary_op1`'s order, then the
/// modulus's.
pub fn ternary_op(vm: &mut Vm, v: &Value, w: &Value, z: &Value, symbol: &str) -> PyResult<Value> {
    let tv = vm.type_of(v);
    let tw = vm.type_of(w);
    let slot_v = type_data(&tv).slots.power.get();
    let mut slot_w = match Rc::ptr_eq(&tv, &tw) {
        true => None,
        false => type_data(&tw).slots.power.get(),
    };
    if let (Some(sv), Some(sw)) = (slot_v, slot_w) {
        if std::ptr::fn_addr_eq(sv, sw) {
            slot_w = None;
        }
    }
    let right_is_subclass = || is_subtype(&tw, &tv);
    let found = call_operand_slots(vm, slot_v, slot_w, right_is_subclass, |vm, f| {
        f(vm, v, w, z)
    })?;
    if let Some(r) = found {
        return Ok(r);
    }
    if !z.is_none() {
        let slot_z = type_data(&vm.type_of(z)).slots.power.get();
        if let Some(sz) = slot_z {
            let tried =
                |f: Option<crate::slots::TernaryFn>| f.is_some_and(|f| std::ptr::fn_addr_eq(f, sz));
            if !tried(slot_v) && !tried(slot_w) {
                let r = sz(vm, v, w, z)?;
                if !is_not_implemented(vm, &r) {
                    return Ok(r);
                }
            }
        }
        return Err(vm.new_type_error(format!(
            "unsupported operand type(s) for {symbol}: '{}', '{}', '{}'",
            vm.type_name_of(v),
            vm.type_name_of(w),
            vm.type_name_of(z)
        )));
    }
    Err(vm.new_type_error(format!(
        "unsupported operand type(s) for {symbol}: '{}' and '{}'",
        vm.type_name_of(v),
        vm.type_name_of(w)
    )))
}

/// `divmod(a, b)` (CPython's `PyNumber_Divmod`).
pub fn divmod(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Value> {
    let r = binary_op1(vm, a, b, crate::slots::NB_DIVMOD)?;
    if !is_not_implemented(vm, &r) {
        return Ok(r);
    }
    Err(vm.new_type_error(format!(
        "unsupported operand type(s) for divmod(): '{}' and '{}'",
        vm.type_name_of(a),
        vm.type_name_of(b)
    )))
}

/// The sequence operators, which CPython tries once the number slots of both
/// operands declined: the left operand's `sq_concat` for `+` (`sq_inplace_concat`
/// first for `+=`), and for `*` the `sq_repeat` of whichever operand has one.
fn sequence_op(
    vm: &mut Vm,
    a: &Value,
    b: &Value,
    op: usize,
    inplace: bool,
) -> PyResult<Option<Value>> {
    let (concat, repeat) = {
        let class = vm.type_of(a);
        let slots = &type_data(&class).slots;
        let concat = match inplace {
            true => slots.inplace_concat.get().or(slots.concat.get()),
            false => slots.concat.get(),
        };
        let repeat = match inplace {
            true => slots.inplace_repeat.get().or(slots.repeat.get()),
            false => slots.repeat.get(),
        };
        (concat, repeat)
    };
    match op {
        NB_ADD => match concat {
            Some(f) => f(vm, a, b, NB_ADD).map(Some),
            None => Ok(None),
        },
        NB_MULTIPLY => {
            if let Some(f) = repeat {
                return sequence_repeat(vm, f, a, b).map(Some);
            }
            match type_data(&vm.type_of(b)).slots.repeat.get() {
                Some(f) => sequence_repeat(vm, f, b, a).map(Some),
                None => Ok(None),
            }
        }
        _ => Ok(None),
    }
}

/// `seq * count` through the sequence's repeat slot: the count must be an index
/// that fits `isize` (CPython's `sequence_repeat`).
fn sequence_repeat(
    vm: &mut Vm,
    repeat: crate::slots::NumberFn,
    seq: &Value,
    count: &Value,
) -> PyResult<Value> {
    if !has_index(vm, count) {
        return Err(vm.new_type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            vm.type_name_of(count)
        )));
    }
    let n = match index(vm, count)? {
        Value::Int(n) => n,
        _ => {
            let msg = "cannot fit 'int' into an index-sized integer".to_owned();
            return Err(vm.new_overflow_error(msg));
        }
    };
    repeat(vm, seq, &Value::Int(n), NB_MULTIPLY)
}

fn is_sequence(v: &Value) -> Option<&'static str> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Str(_) => Some("str"),
            Payload::List(_) => Some("list"),
            Payload::Tuple(_) => Some("tuple"),
            Payload::Bytes(_) => Some("bytes"),
            Payload::ByteArray(_) => Some("bytearray"),
            _ => None,
        },
        _ => None,
    }
}

fn binary_type_error(vm: &mut Vm, a: &Value, b: &Value, op: usize, symbol: &str) -> PyErr {
    if op == NB_ADD {
        if let Some(seq) = is_sequence(a) {
            if matches!(seq, "str" | "list" | "tuple") {
                let quote = "\"";
                return vm.new_type_error(format!(
                    "can only concatenate {seq} (not {quote}{}{quote}) to {seq}",
                    vm.type_name_of(b)
                ));
            }
        }
    }
    if op == NB_MULTIPLY {
        let (seq, other) = if is_sequence(a).is_some() {
            (a, b)
        } else {
            (b, a)
        };
        if is_sequence(seq).is_some() && !matches!(other, Value::Int(_) | Value::Bool(_)) {
            return vm.new_type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                vm.type_name_of(other)
            ));
        }
    }
    vm.new_type_error(format!(
        "unsupported operand type(s) for {symbol}: '{}' and '{}'",
        vm.type_name_of(a),
        vm.type_name_of(b)
    ))
}

pub fn unary_op(vm: &mut Vm, v: &Value, op: Opcode) -> PyResult<Value> {
    let class = vm.type_of(v);
    let slots = &type_data(&class).slots;
    let (slot, symbol) = match op {
        Opcode::UNARY_NEGATIVE => (slots.negative.get(), "-"),
        Opcode::UNARY_POSITIVE => (slots.positive.get(), "+"),
        _ => (slots.invert.get(), "~"),
    };
    match (v, op) {
        (Value::Int(n), Opcode::UNARY_NEGATIVE) if *n != i64::MIN => return Ok(Value::Int(-n)),
        (Value::Int(n), Opcode::UNARY_POSITIVE) => return Ok(Value::Int(*n)),
        (Value::Int(n), Opcode::UNARY_INVERT) => return Ok(Value::Int(!n)),
        (Value::Float(x), Opcode::UNARY_NEGATIVE) => return Ok(Value::Float(-x)),
        (Value::Float(x), Opcode::UNARY_POSITIVE) => return Ok(Value::Float(*x)),
        _ => {}
    }
    match slot {
        Some(unary) => unary(vm, v),
        None => Err(vm.new_type_error(format!(
            "bad operand type for unary {symbol}: '{}'",
            vm.type_name_of(v)
        ))),
    }
}

/// `operator.index(v)`: an int from an object with `__index__`.
pub fn index(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Int(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Obj(o) => match &o.payload {
            // An int subclass gives its plain int value (`PyNumber_Index`).
            Payload::Int(_) if is_exact_builtin(o) => Ok(v.clone()),
            Payload::Int(n) => Ok(crate::objects::int::int_from_big(vm, n.clone())),
            _ => index_by_slot(vm, v),
        },
        _ => index_by_slot(vm, v),
    }
}

/// A C `int` argument, as `PyArg_Parse`'s `i` reads one: any object with
/// `__index__`, within the range of a 32-bit int.
pub fn index_c_int(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = index(vm, v)?;
    match crate::objects::int::as_i64(&n) {
        Some(n) if n > i64::from(i32::MAX) => {
            Err(vm.new_overflow_error("signed integer is greater than maximum".to_owned()))
        }
        Some(n) if n < i64::from(i32::MIN) => {
            Err(vm.new_overflow_error("signed integer is less than minimum".to_owned()))
        }
        Some(n) => Ok(n as i32),
        None => Err(vm.new_overflow_error("Python int too large to convert to C long".to_owned())),
    }
}

fn index_by_slot(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let Some(index) = type_data(&vm.type_of(v)).slots.index.get() else {
        return Err(vm.new_type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name_of(v)
        )));
    };
    let result = index(vm, v)?;
    expect_int_result(vm, result, "__index__")
}

/// What `__index__` or `__int__` returned, which must be an int.
pub fn expect_int_result(vm: &mut Vm, result: Value, method: &str) -> PyResult<Value> {
    if crate::objects::int::as_big(&result).is_some() {
        // Any strict subclass of int, bool included.
        let exact = match &result {
            Value::Int(_) => true,
            Value::Obj(o) => Rc::ptr_eq(&o.class(), &vm.types.int),
            _ => false,
        };
        if !exact {
            let message = format!(
                "{method} returned non-int (type {}).  The ability to return an instance of \
                 a strict subclass of int is deprecated, and may be removed in a future \
                 version of Python.",
                vm.type_name_of(&result)
            );
            crate::warnings::warn_ex(vm, Exc::DeprecationWarning, &message, 1)?;
        }
        return Ok(result);
    }
    Err(vm.new_type_error(format!(
        "{method} returned non-int (type {})",
        vm.type_name_of(&result)
    )))
}

/// Whether `v` supports item access by index (CPython's `PySequence_Check`):
/// its type has `__getitem__` and is not a dict.
pub fn sequence_check(vm: &Vm, v: &Value) -> bool {
    let class = vm.type_of(v);
    type_data(&class).slots.getitem.get().is_some()
        && !crate::objects::typeobject::is_subtype(&class, &vm.types.dict)
}

/// `abs(v)` (CPython's `PyNumber_Absolute`).
pub fn absolute(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Int(n) if *n != i64::MIN => return Ok(Value::Int(n.abs())),
        Value::Float(x) => return Ok(Value::Float(x.abs())),
        _ => {}
    }
    match type_data(&vm.type_of(v)).slots.absolute.get() {
        Some(absolute) => absolute(vm, v),
        None => Err(vm.new_type_error(format!(
            "bad operand type for abs(): '{}'",
            vm.type_name_of(v)
        ))),
    }
}

/// Whether `v` can be an index: an int, or of a type with `__index__` (CPython's
/// `PyIndex_Check`).
/// How many times a sequence's repeat slot repeats it for `count` (an int, as
/// `sequence_repeat` passes it, or any index): `None` when `count` has no
/// `__index__`; negative counts repeat zero times; a count beyond `isize` is an
/// OverflowError.
pub fn repeat_count(vm: &mut Vm, count: &Value) -> PyResult<Option<usize>> {
    let n = match count {
        Value::Int(n) => *n,
        Value::Bool(b) => *b as i64,
        _ if !has_index(vm, count) => return Ok(None),
        _ => match index(vm, count)? {
            Value::Int(n) => n,
            other => {
                let msg = format!(
                    "cannot fit '{}' into an index-sized integer",
                    vm.type_name_of(&other)
                );
                return Err(vm.new_overflow_error(msg));
            }
        },
    };
    Ok(Some(n.max(0) as usize))
}

pub fn has_index(vm: &Vm, v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Bool(_) => true,
        _ => type_data(&vm.type_of(v)).slots.index.get().is_some(),
    }
}

/// The position a subscript names: a key that cannot be an index is a TypeError
/// with the message `not_an_index` makes from its type's name; what its
/// `__index__` raises passes through, and a huge index is an IndexError.
pub fn subscript_index(
    vm: &mut Vm,
    key: &Value,
    not_an_index: impl FnOnce(&str) -> String,
) -> PyResult<isize> {
    if !has_index(vm, key) {
        let message = not_an_index(&vm.type_name_of(key));
        return Err(vm.new_type_error(message));
    }
    index_isize(vm, key)
}

/// A `Py_ssize_t` argument as Argument Clinic converts one: any object with
/// `__index__`, an OverflowError past the machine's range.
pub fn index_ssize(vm: &mut Vm, v: &Value) -> PyResult<isize> {
    match index(vm, v)? {
        Value::Int(n) => Ok(n as isize),
        Value::Bool(b) => Ok(b as isize),
        _ => Err(vm.new_overflow_error("Python int too large to convert to C ssize_t".to_owned())),
    }
}

/// An index as `isize`, for sequence positions; big values saturate, as CPython's
/// `PyNumber_AsSsize_t` with an IndexError does.
pub fn index_isize(vm: &mut Vm, v: &Value) -> PyResult<isize> {
    match index(vm, v)? {
        Value::Int(n) => Ok(n as isize),
        Value::Bool(b) => Ok(b as isize),
        _ => {
            let msg = format!(
                "cannot fit '{}' into an index-sized integer",
                vm.type_name_of(v)
            );
            Err(vm.new_index_error(msg))
        }
    }
}

// ---------------------------------------------------------------------------
// Items and lengths

/// Whether `o` is an instance of a builtin type itself, not of a class derived from
/// one: its payload then answers the protocols without a slot call.
pub fn is_exact_builtin(o: &ObjRef) -> bool {
    !o.has_heap_class()
}

/// The length of an exact builtin str, list, tuple, dict, set or frozenset,
/// known without a call.
#[inline]
pub fn exact_len(o: &ObjRef) -> Option<usize> {
    if !is_exact_builtin(o) {
        return None;
    }
    match &o.payload {
        Payload::Str(s) => Some(s.char_len()),
        Payload::List(l) => Some(l.borrow().len()),
        Payload::Tuple(t) => Some(t.len()),
        Payload::Dict(d) => Some(d.borrow().len()),
        Payload::Set(s) => s.try_borrow().ok().map(|s| s.len()),
        Payload::FrozenSet(s) => Some(s.len()),
        _ => None,
    }
}

pub fn len(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    if let Value::Obj(o) = v {
        if let Some(n) = exact_len(o) {
            return Ok(n);
        }
    }
    match type_data(&vm.type_of(v)).slots.length.get() {
        Some(length) => length(vm, v),
        None => Err(vm.new_type_error(format!(
            "object of type '{}' has no len()",
            vm.type_name_of(v)
        ))),
    }
}

/// `container[index]` for an exact list or tuple and an index inside it: the item,
/// found without a call (the eval loop's fast tier answers `BINARY_SUBSCR` with it).
#[inline(always)]
pub fn sequence_item(container: &ObjRef, index: i64) -> Option<Value> {
    if !is_exact_builtin(container) {
        return None;
    }
    match &container.payload {
        Payload::List(l) => {
            let l = l.borrow();
            l.get(index_within(index, l.len())?).cloned()
        }
        Payload::Tuple(t) => t.get(index_within(index, t.len())?).cloned(),
        _ => None,
    }
}

/// Where `index` (negative from the end) falls in a sequence of `len` items.
#[inline(always)]
fn index_within(index: i64, len: usize) -> Option<usize> {
    let i = if index < 0 { index + len as i64 } else { index };
    (0..len as i64).contains(&i).then_some(i as usize)
}

pub fn getitem(vm: &mut Vm, container: &Value, key: &Value) -> PyResult<Value> {
    if let Value::Obj(o) = container {
        if let Value::Int(i) = key {
            if let Some(item) = sequence_item(o, *i) {
                return Ok(item);
            }
        }
        // An exact dict: no `__missing__` to look for.
        if std::ptr::eq(o.class_ref(), &*vm.types.dict) {
            if let Some(v) = crate::objects::dict::dict_get_item(vm, o, key)? {
                return Ok(v);
            }
            return Err(vm.new_key_error(key.clone()));
        }
    }
    if let Some(getitem) = type_data(&vm.type_of(container)).slots.getitem.get() {
        return getitem(vm, container, key);
    }
    if let Value::Obj(o) = container {
        if let Payload::Type(_) = o.payload {
            if let Some(cgi) = lookup(o, "__class_getitem__") {
                let f = descriptor_get(vm, cgi, None, o)?;
                return vm.call1(&f, vec![key.clone()]);
            }
            return Err(vm.new_type_error(format!(
                "type '{}' is not subscriptable",
                typeobject::type_name(o)
            )));
        }
    }
    Err(vm.new_type_error(format!(
        "'{}' object is not subscriptable",
        vm.type_name_of(container)
    )))
}

pub fn setitem(vm: &mut Vm, container: &Value, key: Value, value: Value) -> PyResult<()> {
    if let Value::Obj(o) = container {
        match &o.payload {
            // An exact dict: a native subclass (`OrderedDict`) keeps state of its own.
            Payload::Dict(_) if std::ptr::eq(o.class_ref(), &*vm.types.dict) => {
                return dict::dict_set_item(vm, o, key, value);
            }
            // An exact list and an index in range: no method call.
            Payload::List(items) if !type_data(o.class_ref()).heap => {
                if let (Value::Int(i), Ok(mut items)) = (&key, items.try_borrow_mut()) {
                    let i = *i;
                    let len = items.len() as i64;
                    let at = if i < 0 { i + len } else { i };
                    if (0..len).contains(&at) {
                        let old = std::mem::replace(&mut items[at as usize], value);
                        drop(items);
                        drop(old);
                        return Ok(());
                    }
                }
            }
            _ => {}
        }
    }
    match type_data(&vm.type_of(container)).slots.setitem.get() {
        Some(setitem) => setitem(vm, container, &key, Some(value)),
        None => Err(vm.new_type_error(format!(
            "'{}' object does not support item assignment",
            vm.type_name_of(container)
        ))),
    }
}

pub fn delitem(vm: &mut Vm, container: &Value, key: &Value) -> PyResult<()> {
    let class = vm.type_of(container);
    let data = type_data(&class);
    if let Some(setitem) = data.slots.setitem.get() {
        return setitem(vm, container, key, None);
    }
    // CPython words it as `PySequence_DelItem` does when the type has sequence
    // methods (every class statement's type has their table) and the key is an
    // index, as `PyObject_DelItem` does otherwise.
    let slots = &data.slots;
    let has_sequence_methods = data.heap
        || slots.length.get().is_some()
        || slots.contains.get().is_some()
        || slots.concat.get().is_some()
        || slots.repeat.get().is_some();
    let verb = match has_sequence_methods && has_index(vm, key) {
        true => "doesn't",
        false => "does not",
    };
    Err(vm.new_type_error(format!(
        "'{}' object {verb} support item deletion",
        vm.type_name_of(container)
    )))
}

/// `mapping[key]`, or `None` when the key is missing (KeyError swallowed).
pub fn mapping_get_optional(vm: &mut Vm, mapping: &Value, key: &Value) -> PyResult<Option<Value>> {
    if let Value::Obj(o) = mapping {
        if let Payload::Dict(_) = o.payload {
            if o.class().is(&vm.types.dict) {
                return dict::dict_get_item(vm, o, key);
            }
        }
    }
    match getitem(vm, mapping, key) {
        Ok(v) => Ok(Some(v)),
        Err(err) if vm.err_matches(&err, Exc::KeyError) => Ok(None),
        Err(err) => Err(err),
    }
}

/// The `keys` attribute of a mapping, if it has one.
pub fn keys_method(vm: &mut Vm, v: &Value) -> Option<Value> {
    if let Value::Obj(o) = v {
        if let Payload::Dict(_) = o.payload {
            return Some(Value::None);
        }
    }
    let class = vm.type_of(v);
    lookup(&class, "keys")
}

/// `PyMapping_Keys`: an exact dict's keys, read directly; any other mapping's
/// `keys()`, listed.
pub fn mapping_keys(vm: &mut Vm, v: &Value) -> PyResult<Vec<Value>> {
    if let Value::Obj(o) = v {
        if let Payload::Dict(d) = &o.payload {
            if std::ptr::eq(o.class_ref(), &*vm.types.dict) {
                return Ok(d.borrow().keys());
            }
        }
    }
    let keys = vm.call_method(v, "keys", vec![])?;
    collect_iterable(vm, &keys)
}

/// `item in container` for an exact set, frozenset or dict and an int or exact
/// str item, when the lookup needs no Python code (no other key of that hash
/// asks `__eq__`). `None` leaves it to `contains`.
#[inline]
pub fn contains_without_python(vm: &Vm, container: &ObjRef, item: &Value) -> Option<bool> {
    let class = container.class_ref();
    // Hashed containers look up machine ints and exact strs.
    let hash = || match item {
        Value::Int(n) => Some(crate::pyhash::hash_i64(*n)),
        Value::Obj(k) if std::ptr::eq(k.class_ref(), &*vm.types.str) => Some(k.str_data()?.hash()),
        _ => None,
    };
    match &container.payload {
        Payload::Set(data) if std::ptr::eq(class, &*vm.types.set) => {
            data.try_borrow().ok()?.contains_scalar(hash()?, item)
        }
        Payload::FrozenSet(data) if std::ptr::eq(class, &*vm.types.frozenset) => {
            data.contains_scalar(hash()?, item)
        }
        Payload::Dict(_) if std::ptr::eq(class, &*vm.types.dict) => {
            dict::contains_without_python(container, hash()?, item)
        }
        // Sequences compare the item with each element: answered here while every
        // element compared is a number, None or an exact str.
        Payload::Tuple(items) if std::ptr::eq(class, &*vm.types.tuple) => {
            plain_sequence_contains(vm, items, item)
        }
        Payload::List(items) if std::ptr::eq(class, &*vm.types.list) => {
            plain_sequence_contains(vm, &items.try_borrow().ok()?, item)
        }
        Payload::Str(text) if std::ptr::eq(class, &*vm.types.str) => {
            let Value::Obj(k) = item else { return None };
            let needle = k
                .str_data()
                .filter(|_| std::ptr::eq(k.class_ref(), class))?;
            if text.has_surrogates() || needle.has_surrogates() {
                return None;
            }
            Some(text.as_str().contains(needle.as_str()))
        }
        _ => None,
    }
}

/// `item in items` for a tuple or list, while no comparison can run Python code:
/// `None` at the first element that could (the general path then starts over,
/// the comparisons before having had no effects).
fn plain_sequence_contains(vm: &Vm, items: &[Value], item: &Value) -> Option<bool> {
    let is_plain_str = |v: &Value| {
        matches!(v, Value::Obj(o) if std::ptr::eq(o.class_ref(), &*vm.types.str)
            && o.str_data().is_some_and(|s| !s.has_surrogates()))
    };
    let is_number = |v: &Value| matches!(v, Value::Int(_) | Value::Float(_) | Value::Bool(_));
    if !(is_number(item) || is_plain_str(item) || item.is_none()) {
        return None;
    }
    for element in items {
        if element.is(item) {
            return Some(true);
        }
        let equal = if is_number(element) && is_number(item) {
            fast_compare(element, item, krait_bytecode::opcode_table::CMP_EQ)?
        } else if is_plain_str(element) && is_plain_str(item) {
            value_as_str(element) == value_as_str(item)
        } else if is_number(element) || is_plain_str(element) || element.is_none() {
            // Different kinds of these never compare equal.
            false
        } else {
            return None;
        };
        if equal {
            return Some(true);
        }
    }
    Some(false)
}

pub fn contains(vm: &mut Vm, container: &Value, item: &Value) -> PyResult<bool> {
    // Exact dicts and sets answer without a method call.
    if let Value::Obj(o) = container {
        if !type_data(o.class_ref()).heap {
            match &o.payload {
                Payload::Dict(_) => return dict::dict_contains(vm, o, item),
                Payload::Set(_) | Payload::FrozenSet(_) => {
                    return crate::objects::set::set_contains(vm, container, item)
                }
                _ => {}
            }
        }
    }
    match type_data(&vm.type_of(container)).slots.contains.get() {
        Some(contains) => contains(vm, container, item),
        None => contains_by_iteration(vm, container, item),
    }
}

/// `item in container` for a container without `__contains__`: a search of its
/// iteration (CPython's `_PySequence_IterSearch`).
pub fn contains_by_iteration(vm: &mut Vm, container: &Value, item: &Value) -> PyResult<bool> {
    let it = match get_iter(vm, container) {
        Ok(it) => it,
        Err(err) if vm.err_matches(&err, Exc::TypeError) => {
            return Err(vm.new_type_error(format!(
                "argument of type '{}' is not iterable",
                vm.type_name_of(container)
            )))
        }
        Err(err) => return Err(err),
    };
    while let Some(v) = iter_next(vm, &it)? {
        if rich_eq_bool(vm, &v, item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

// ---------------------------------------------------------------------------
// Iteration

pub fn get_iter(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if let Some(it) = crate::objects::iter::builtin_iter(vm, v) {
        return Ok(it);
    }
    let class = vm.type_of(v);
    let slots = &type_data(&class).slots;
    if let Some(iter) = slots.iter.get() {
        let it = iter(vm, v)?;
        if type_data(&vm.type_of(&it)).slots.iternext.get().is_none() {
            return Err(vm.new_type_error(format!(
                "iter() returned non-iterator of type '{}'",
                vm.type_name_of(&it)
            )));
        }
        return Ok(it);
    }
    if slots.getitem.get().is_some() {
        return Ok(crate::objects::iter::sequence_iter(vm, v.clone()));
    }
    Err(vm.new_type_error(format!("'{}' object is not iterable", vm.type_name_of(v))))
}

pub fn is_iterable(vm: &mut Vm, v: &Value) -> bool {
    let class = vm.type_of(v);
    let slots = &type_data(&class).slots;
    // As CPython's checks read it: a type with an iter slot (even one that refuses,
    // `__iter__ = None`) or with `__getitem__`.
    slots.iter.get().is_some() || slots.getitem.get().is_some()
}

/// `next(it)`: `Ok(None)` when exhausted. A StopIteration raised inside the
/// iterator's step (by the function `map` calls, say) ends the iteration too, as
/// CPython's callers of `tp_iternext` clear it.
pub fn iter_next(vm: &mut Vm, it: &Value) -> PyResult<Option<Value>> {
    if let Value::Obj(o) = it {
        if is_exact_builtin(o) {
            match &o.payload {
                Payload::Iter(_) => {
                    return match crate::objects::iter::iter_next(vm, o) {
                        Err(err) if vm.err_matches(&err, Exc::StopIteration) => Ok(None),
                        result => result,
                    }
                }
                Payload::Generator(_) if std::ptr::eq(o.class_ref(), &*vm.types.generator) => {
                    return crate::objects::generator::generator_next(vm, o)
                }
                _ => {}
            }
        }
    }
    match type_data(&vm.type_of(it)).slots.iternext.get() {
        Some(next) => match next(vm, it) {
            Err(err) if vm.err_matches(&err, Exc::StopIteration) => Ok(None),
            result => result,
        },
        None => Err(vm.new_type_error(format!(
            "'{}' object is not an iterator",
            vm.type_name_of(it)
        ))),
    }
}

/// One step of an iterator through its `next` slot, with the exact builtin iterators
/// answered from their payload; a StopIteration raised by `__next__` is passed on.
pub fn iter_next_raw(
    vm: &mut Vm,
    it: &Value,
    next: crate::slots::NextFn,
) -> PyResult<Option<Value>> {
    if let Value::Obj(o) = it {
        if matches!(o.payload, Payload::Iter(_)) && is_exact_builtin(o) {
            return crate::objects::iter::iter_next(vm, o);
        }
    }
    next(vm, it)
}

pub fn collect_iterable(vm: &mut Vm, v: &Value) -> PyResult<Vec<Value>> {
    if let Some(items) = exact_sequence_items(v) {
        return Ok(items);
    }
    collect_into(vm, v, Vec::new())
}

/// The items of an exact tuple or list, copied without iterating.
fn exact_sequence_items(v: &Value) -> Option<Vec<Value>> {
    let Value::Obj(o) = v else { return None };
    if !is_exact_builtin(o) {
        return None;
    }
    match &o.payload {
        Payload::Tuple(items) => Some(items.to_vec()),
        Payload::List(items) => Some(items.borrow().clone()),
        _ => None,
    }
}

/// The items of an iterable for a new list or tuple (`list(x)`, `tuple(x)`,
/// `l.extend(x)`): room for them is made up front from the length hint, as CPython's
/// `list_extend` does, so that too many to hold is a MemoryError (or the hint's own
/// error, such as the OverflowError of a huge `range`).
pub fn collect_sequence(vm: &mut Vm, v: &Value) -> PyResult<Vec<Value>> {
    collect_sequence_after(vm, v, 0)
}

/// `collect_sequence` for items that will follow `existing` ones (`list.extend`):
/// a length hint that would take the total past the largest size is ignored, as
/// CPython's `list_extend` ignores it, on the chance that it lied.
pub fn collect_sequence_after(vm: &mut Vm, v: &Value, existing: usize) -> PyResult<Vec<Value>> {
    if let Some(items) = exact_sequence_items(v) {
        return Ok(items);
    }
    let mut hint = length_hint(vm, v, 8)?;
    if existing > isize::MAX as usize - hint.min(isize::MAX as usize) {
        hint = 0;
    }
    let mut out = Vec::new();
    if out.try_reserve(hint).is_err() {
        return Err(vm.new_error(Exc::MemoryError, ""));
    }
    collect_into(vm, v, out)
}

/// Appends the items of iterating `v` to `out`; running out of memory is a
/// MemoryError.
fn collect_into(vm: &mut Vm, v: &Value, mut out: Vec<Value>) -> PyResult<Vec<Value>> {
    // Every item is taken before any is used: a generator runs to its end in one go.
    if let Value::Obj(o) = v {
        if std::ptr::eq(o.class_ref(), &*vm.types.generator) {
            crate::objects::generator::drain_into(vm, o, &mut out)?;
            return Ok(out);
        }
    }
    let it = get_iter(vm, v)?;
    while let Some(x) = iter_next(vm, &it)? {
        crate::objects::list::push_or_memory_error(vm, &mut out, x)?;
    }
    Ok(out)
}

/// How many items iterating `v` will probably give (CPython's
/// `PyObject_LengthHint`): its `len()` when it has one, else what `__length_hint__`
/// says, else `default`. Errors other than a missing length are the caller's.
pub fn length_hint(vm: &mut Vm, v: &Value, default: usize) -> PyResult<usize> {
    Ok(length_hint_given(vm, v)?.unwrap_or(default))
}

/// `length_hint` without a default: `None` when `v` gives no hint.
pub fn length_hint_given(vm: &mut Vm, v: &Value) -> PyResult<Option<usize>> {
    // Only a type with a length is asked for one: no error is made for the others.
    if type_data(&vm.type_of(v)).slots.length.get().is_some() {
        match len(vm, v) {
            Ok(n) => return Ok(Some(n)),
            Err(e) if vm.err_matches(&e, Exc::TypeError) => {}
            Err(e) => return Err(e),
        }
    }
    let hint = match call_special(vm, v, "__length_hint__", &[]) {
        Ok(Some(hint)) => hint,
        Ok(None) => return Ok(None),
        Err(e) if vm.err_matches(&e, Exc::TypeError) => return Ok(None),
        Err(e) => return Err(e),
    };
    if matches!(&hint, Value::Obj(o) if Rc::ptr_eq(o, &vm.not_implemented)) {
        return Ok(None);
    }
    if !crate::objects::int::is_int(&hint) {
        return Err(vm.new_type_error(format!(
            "__length_hint__ must be an integer, not {}",
            vm.type_name_of(&hint)
        )));
    }
    match crate::objects::int::as_i64(&hint) {
        Some(n) if n < 0 => {
            Err(vm.new_value_error("__length_hint__() should return >= 0".to_owned()))
        }
        Some(n) => Ok(Some(n as usize)),
        None => {
            Err(vm.new_overflow_error("Python int too large to convert to C ssize_t".to_owned()))
        }
    }
}

/// Unpacks `seq` into `before` values, then (with `after`) a list and `after` more.
pub fn unpack(
    vm: &mut Vm,
    seq: &Value,
    before: usize,
    after: Option<usize>,
) -> PyResult<Vec<Value>> {
    if !is_iterable(vm, seq) {
        return Err(vm.new_type_error(format!(
            "cannot unpack non-iterable {} object",
            vm.type_name_of(seq)
        )));
    }
    // Items are taken one at a time, as CPython's `unpack_iterable` does: an endless
    // iterator fails at the first item too many.
    let it = get_iter(vm, seq)?;
    let mut out = Vec::with_capacity(before + after.map_or(0, |a| a + 1));
    while out.len() < before {
        match iter_next(vm, &it)? {
            Some(item) => out.push(item),
            None => {
                let got = out.len();
                return Err(vm.new_value_error(match after {
                    None => {
                        format!("not enough values to unpack (expected {before}, got {got})")
                    }
                    Some(after) => format!(
                        "not enough values to unpack (expected at least {}, got {got})",
                        before + after
                    ),
                }));
            }
        }
    }
    let Some(after) = after else {
        if iter_next(vm, &it)?.is_some() {
            return Err(
                vm.new_value_error(format!("too many values to unpack (expected {before})"))
            );
        }
        return Ok(out);
    };
    // The rest becomes a list as `list(it)` would make it: the iterator's length
    // hint reserves room first, so a huge one fails at once (MemoryError, or the
    // OverflowError of a huge range) instead of filling memory item by item.
    let mut rest = collect_sequence(vm, &it)?;
    if rest.len() < after {
        return Err(vm.new_value_error(format!(
            "not enough values to unpack (expected at least {}, got {})",
            before + after,
            before + rest.len()
        )));
    }
    let tail = rest.split_off(rest.len() - after);
    out.push(vm.new_list(rest));
    out.extend(tail);
    Ok(out)
}

// ---------------------------------------------------------------------------
// Text

/// `repr(v)` as a str value.
pub fn repr(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let s = repr_string(vm, v)?;
    Ok(vm.new_str(s))
}

pub fn repr_string(vm: &mut Vm, v: &Value) -> PyResult<String> {
    match v {
        Value::None => return Ok("None".to_owned()),
        Value::Bool(b) => return Ok(if *b { "True" } else { "False" }.to_owned()),
        Value::Int(n) => return Ok(n.to_string()),
        Value::Float(x) => return Ok(crate::objects::float::float_repr(*x)),
        _ => {}
    }
    let r = match type_data(&vm.type_of(v)).slots.repr.get() {
        Some(repr) => {
            // Nested containers' reprs recurse in Rust: each level counts.
            vm.enter_recursive_call(" while getting the repr of an object")?;
            let r = repr(vm, v);
            vm.leave_recursive_call();
            r?
        }
        None => return Ok(format!("<{} object>", vm.type_name_of(v))),
    };
    match value_as_str(&r) {
        Some(s) => Ok(s.to_owned()),
        None => Err(vm.new_type_error(format!(
            "__repr__ returned non-string (type {})",
            vm.type_name_of(&r)
        ))),
    }
}

/// `str(v)` as a str value.
pub fn str_(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if let Value::Obj(o) = v {
        if o.str_data().is_some() && o.class().is(&vm.types.str) {
            return Ok(v.clone());
        }
    }
    match v {
        Value::Obj(_) => {}
        _ => return repr(vm, v),
    }
    let r = match type_data(&vm.type_of(v)).slots.str.get() {
        Some(str_slot) => str_slot(vm, v)?,
        None => return repr(vm, v),
    };
    if value_as_str(&r).is_none() {
        return Err(vm.new_type_error(format!(
            "__str__ returned non-string (type {})",
            vm.type_name_of(&r)
        )));
    }
    Ok(r)
}

pub fn str_string(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let s = str_(vm, v)?;
    Ok(value_as_str(&s).unwrap_or("").to_owned())
}

pub fn ascii(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let r = repr(vm, v)?;
    let escaped = match crate::objects::str::as_pystr(&r) {
        Some(s) => crate::objects::str::ascii_escape_code_points(s.code_points()),
        None => String::new(),
    };
    Ok(vm.new_str(escaped))
}

/// `format(v, spec)`.
pub fn format(vm: &mut Vm, v: &Value, spec: Option<&Value>) -> PyResult<Value> {
    // An empty spec (`'{}'.format(x)`, `f'{x}'`) is no spec (`PyObject_Format`).
    let spec = spec.filter(|s| value_as_str(s).is_none_or(|text| !text.is_empty()));
    if spec.is_none() {
        match v {
            Value::Obj(o) if o.str_data().is_some() && o.class().is(&vm.types.str) => {
                return Ok(v.clone())
            }
            // format(x, '') of the exact scalar types is str(x).
            Value::Int(n) => return Ok(vm.new_str(n.to_string())),
            Value::Bool(_) | Value::None | Value::Float(_) => return str_(vm, v),
            _ => {}
        }
    }
    if let Some(spec_str) = spec.and_then(|s| s.as_obj()).and_then(|o| o.str_data()) {
        let value_surrogates =
            matches!(v, Value::Obj(o) if o.str_data().is_some_and(|s| s.has_surrogates()));
        if spec_str.has_surrogates() || value_surrogates {
            if let Some(r) = format_with_surrogates(vm, v, spec_str) {
                return r;
            }
        } else if let Some(r) = format_exact_scalar(vm, v, spec_str.as_str()) {
            return r;
        }
    }
    let spec = spec.cloned().unwrap_or_else(|| vm.new_str(""));
    let r = match call_special(vm, v, "__format__", &[spec])? {
        Some(r) => r,
        None => return str_(vm, v),
    };
    if value_as_str(&r).is_none() {
        return Err(vm.new_type_error(format!(
            "__format__ must return a str, not {}",
            vm.type_name_of(&r)
        )));
    }
    Ok(r)
}

/// `format(v, spec)` for a value of an exact int, bool, float or str, whose
/// `__format__` (which their types do not let anyone replace) is run directly
/// rather than looked up and called; `None` for any other value.
fn format_exact_scalar(vm: &mut Vm, v: &Value, spec: &str) -> Option<PyResult<Value>> {
    use crate::objects::format;
    let text = match v {
        Value::Int(n) => format::format_int_typed(vm, format::IntRef::Small(*n), spec, "int"),
        Value::Bool(b) => {
            format::format_int_typed(vm, format::IntRef::Small(*b as i64), spec, "bool")
        }
        Value::Float(x) => format::format_float_typed(vm, *x, spec, "float"),
        Value::Obj(o) if o.class().is(&vm.types.str) => {
            format::format_str(vm, o.str_data()?.as_str(), spec)
        }
        _ => return None,
    };
    Some(text.map(|text| vm.new_str(text)))
}

/// `format(v, spec)` of an exact int, bool, float or str when the spec or the str
/// holds lone surrogates (the formatters read text): each distinct surrogate is
/// laid out as a private-use stand-in that neither holds, and given back after.
/// A spec may hold one only as its fill (`'\udc80>4'`; anywhere else it is no
/// valid spec, which the general path reports). `None` for any other case.
fn format_with_surrogates(
    vm: &mut Vm,
    v: &Value,
    spec: &crate::objects::str::PyStr,
) -> Option<PyResult<Value>> {
    let is_surrogate = |c: u32| (0xd800..0xe000).contains(&c);
    let mut points = spec.code_points();
    match (points.next(), points.next()) {
        (Some(fill), Some(align)) => {
            let fill_ok = !is_surrogate(fill) || matches!(align, 0x3c | 0x3e | 0x5e | 0x3d);
            if !fill_ok || is_surrogate(align) || points.any(is_surrogate) {
                return None;
            }
        }
        (Some(only), None) if is_surrogate(only) => return None,
        _ => {}
    }
    let value_str = match v {
        Value::Obj(o) if o.class().is(&vm.types.str) => Some(o.str_data()?),
        Value::Int(_) | Value::Bool(_) | Value::Float(_) => None,
        _ => return None,
    };
    let mut texts = vec![spec.as_str()];
    texts.extend(value_str.map(|s| s.as_str()));
    let mut stand_ins = crate::objects::str::SurrogateStandIns::new(&texts);
    let plain_spec = stand_ins.plain(spec)?;
    let laid_out = match value_str {
        Some(s) => {
            let body = stand_ins.plain(s)?;
            match crate::objects::format::format_str(vm, &body, &plain_spec) {
                Ok(text) => text,
                Err(e) => return Some(Err(e)),
            }
        }
        None => match format_exact_scalar(vm, v, &plain_spec)? {
            Ok(r) => value_as_str(&r)?.to_owned(),
            Err(e) => return Some(Err(e)),
        },
    };
    Some(Ok(vm.new_text(stand_ins.restore(laid_out.chars()))))
}

/// A key whose hash, and comparison with other such keys, run no Python code: a
/// machine int, bool or float, or an exact str. A new set holding only such keys
/// can take a generator's in batches (`generator::drain_step`).
pub fn is_plain_key(key: &Value) -> bool {
    match key {
        Value::Int(_) | Value::Bool(_) | Value::Float(_) => true,
        Value::Obj(o) => o.str_data().is_some() && is_exact_builtin(o),
        Value::None => false,
    }
}

/// `a < b` as a truth value (`PyObject_RichCompareBool(a, b, Py_LT)`), two ints,
/// two floats or two exact strs without surrogates compared directly (what sorting,
/// `bisect` and `heapq` ask most).
#[inline]
pub fn less_than(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    compare_bool(vm, a, b, krait_bytecode::opcode_table::CMP_LT)
}

/// `a op b` as a truth value (`PyObject_RichCompareBool`), for `<` and `>` of two
/// ints, two floats or two exact strs without surrogates answered directly.
#[inline]
pub fn compare_bool(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<bool> {
    use krait_bytecode::opcode_table::{CMP_GT, CMP_LT};
    let (low, high) = match op {
        CMP_LT => (a, b),
        CMP_GT => (b, a),
        _ => return general_compare_bool(vm, a, b, op),
    };
    match (low, high) {
        (Value::Int(p), Value::Int(q)) => return Ok(p < q),
        (Value::Float(p), Value::Float(q)) => return Ok(p < q),
        (Value::Obj(p), Value::Obj(q)) => {
            let str_type = &*vm.types.str;
            if std::ptr::eq(p.class_ref(), str_type) && std::ptr::eq(q.class_ref(), str_type) {
                if let (Some(p), Some(q)) = (p.str_data(), q.str_data()) {
                    if !p.has_surrogates() && !q.has_surrogates() {
                        return Ok(p.as_str() < q.as_str());
                    }
                }
            }
        }
        _ => {}
    }
    general_compare_bool(vm, a, b, op)
}

fn general_compare_bool(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<bool> {
    match compare(vm, a, b, op)? {
        Value::Bool(t) => Ok(t),
        other => is_true(vm, &other),
    }
}

/// The name of a callable as argument errors print it: `f()`, `A.m()`.
pub fn function_display_name(vm: &mut Vm, func: &Value) -> String {
    if let Value::Obj(o) = func {
        match &o.payload {
            Payload::Function(f) => {
                let qualname = value_as_str(&f.qualname.borrow()).unwrap_or("?").to_owned();
                return match value_as_str(&f.module.borrow()) {
                    Some(m) if m != "builtins" => format!("{m}.{qualname}()"),
                    _ => format!("{qualname}()"),
                };
            }
            Payload::BuiltinFunction(f) => return format!("{}()", f.name),
            Payload::Method { func, .. } => return function_display_name(vm, &func.clone()),
            Payload::Type(t) => {
                let qualname = t.qualname.borrow().clone();
                return match typeobject::type_module(vm, o).as_deref() {
                    Some("builtins") | None => format!("{qualname}()"),
                    Some(m) => format!("{m}.{qualname}()"),
                };
            }
            _ => {}
        }
    }
    // Anything else shows its `__qualname__` (and `__module__`) when it has
    // one, else `str()` of itself (CPython's `_PyObject_FunctionStr`).
    let qualname = getattr_optional(vm, func, "__qualname__").ok().flatten();
    let Some(qualname) = qualname.and_then(|q| str_string(vm, &q).ok()) else {
        return str_string(vm, func)
            .unwrap_or_else(|_| format!("{} object", vm.type_name_of(func)));
    };
    let module = getattr_optional(vm, func, "__module__").ok().flatten();
    match module.and_then(|m| str_string(vm, &m).ok()) {
        Some(m) if m != "builtins" => format!("{m}.{qualname}()"),
        _ => format!("{qualname}()"),
    }
}

trait IsValue {
    fn is(&self, other: &ObjRef) -> bool;
}

impl IsValue for ObjRef {
    fn is(&self, other: &ObjRef) -> bool {
        Rc::ptr_eq(self, other)
    }
}
