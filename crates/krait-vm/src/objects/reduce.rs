//! `object.__reduce_ex__`, `object.__reduce__` and `object.__getstate__`: the
//! default way `pickle` and `copy` take an object apart (CPython's
//! `Objects/typeobject.c`, `reduce_newobj` and `object_getstate`).
//!
//! From protocol 2 an object is rebuilt as `copyreg.__newobj__(cls, *args)` (or
//! `__newobj_ex__(cls, args, kwargs)`), with the arguments `__getnewargs_ex__` or
//! `__getnewargs__` give, then its state (`__getstate__`) and, for lists and dicts,
//! their items. Older protocols go through `copyreg._reduce_ex`.

use crate::abstract_;
use crate::objects::dict;
use crate::objects::function::Args;
use crate::objects::typeobject::{lookup, type_data, Layout};
use crate::signature::Signature;
use crate::value::Value;
use crate::{ObjRef, PyResult, Vm};

pub(crate) static REDUCE_EX: Signature =
    Signature::of("object", "__reduce_ex__", "($self, protocol, /)");
pub(crate) static REDUCE: Signature = Signature::of("object", "__reduce__", "($self, /)");
pub(crate) static GETSTATE: Signature = Signature::of("object", "__getstate__", "($self, /)");

/// `object.__reduce_ex__(protocol)`: a class's own `__reduce__` wins; otherwise
/// the default reduction for the protocol.
pub(crate) fn object_reduce_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (obj, [protocol]) = REDUCE_EX.bind(vm, args)?;
    let obj = obj.unwrap_or(Value::None);
    let protocol = protocol.unwrap_or(Value::None);
    if !crate::objects::int::is_int(&protocol) {
        let given = vm.type_name_of(&protocol);
        return Err(vm.new_type_error(format!(
            "'{given}' object cannot be interpreted as an integer"
        )));
    }
    let protocol = crate::objects::int::as_i64(&protocol).unwrap_or(i64::MAX);
    if let Some(reduce) = abstract_::getattr_optional(vm, &obj, "__reduce__")? {
        let class = Value::Obj(vm.type_of(&obj));
        let class_reduce = abstract_::getattr_str(vm, &class, "__reduce__")?;
        let object_reduce = dict::dict_get_str(&type_data(&vm.types.object).dict, "__reduce__");
        if !object_reduce.is_some_and(|o| o.is(&class_reduce)) {
            return vm.call1(&reduce, vec![]);
        }
    }
    common_reduce(vm, &obj, protocol)
}

/// `object.__reduce__()`: the reduction of protocol 0.
pub(crate) fn object_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (obj, []) = REDUCE.bind(vm, args)?;
    common_reduce(vm, &obj.unwrap_or(Value::None), 0)
}

/// `object.__getstate__()`: the instance dict and slot values, as `pickle` keeps
/// them.
pub(crate) fn object_getstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (obj, []) = GETSTATE.bind(vm, args)?;
    getstate_default(vm, &obj.unwrap_or(Value::None), false)
}

fn common_reduce(vm: &mut Vm, obj: &Value, protocol: i64) -> PyResult<Value> {
    if protocol >= 2 {
        return reduce_newobj(vm, obj);
    }
    let copyreg = crate::import::import_full(vm, "copyreg")?;
    let reduce_ex = abstract_::getattr_str(vm, &copyreg, "_reduce_ex")?;
    vm.call1(&reduce_ex, vec![obj.clone(), Value::Int(protocol)])
}

/// Whether instances of `class` carry state in their layout that the default
/// reduction cannot see (CPython compares `tp_basicsize` with `object`'s).
fn has_hidden_state(class: &ObjRef) -> bool {
    !matches!(type_data(class).layout, Layout::Object)
}

fn cannot_pickle(vm: &mut Vm, class: &ObjRef) -> crate::PyErr {
    let name = type_data(class).tp_name();
    vm.new_type_error(format!("cannot pickle '{name}' object"))
}

/// `__getnewargs_ex__()` or `__getnewargs__()`, checked: `(args, kwargs)`, each
/// `None` when the object has no such method.
fn new_arguments(vm: &mut Vm, obj: &Value) -> PyResult<(Option<Value>, Option<Value>)> {
    let class = vm.type_of(obj);
    if let Some(method) = lookup(&class, "__getnewargs_ex__") {
        let result = abstract_::call_unbound(vm, &method, obj, &[])?;
        let Some(pair) = abstract_::tuple_items(&result) else {
            let given = vm.type_name_of(&result);
            return Err(vm.new_type_error(format!(
                "__getnewargs_ex__ should return a tuple, not '{given}'"
            )));
        };
        if pair.len() != 2 {
            return Err(vm.new_value_error(format!(
                "__getnewargs_ex__ should return a tuple of length 2, not {}",
                pair.len()
            )));
        }
        if abstract_::tuple_items(&pair[0]).is_none() {
            let given = vm.type_name_of(&pair[0]);
            return Err(vm.new_type_error(format!(
                "first item of the tuple returned by __getnewargs_ex__ must be a tuple, not '{given}'"
            )));
        }
        if pair[1].as_obj().is_none_or(|o| dict::as_dict(o).is_none()) {
            let given = vm.type_name_of(&pair[1]);
            return Err(vm.new_type_error(format!(
                "second item of the tuple returned by __getnewargs_ex__ must be a dict, not '{given}'"
            )));
        }
        return Ok((Some(pair[0].clone()), Some(pair[1].clone())));
    }
    if let Some(method) = lookup(&class, "__getnewargs__") {
        let args = abstract_::call_unbound(vm, &method, obj, &[])?;
        if abstract_::tuple_items(&args).is_none() {
            let given = vm.type_name_of(&args);
            return Err(vm.new_type_error(format!(
                "__getnewargs__ should return a tuple, not '{given}'"
            )));
        }
        return Ok((Some(args), None));
    }
    Ok((None, None))
}

/// `(copyreg.__newobj__, (cls, *args), state, listitems, dictitems)`, or
/// `__newobj_ex__` with keyword arguments.
fn reduce_newobj(vm: &mut Vm, obj: &Value) -> PyResult<Value> {
    let class = vm.type_of(obj);
    let (args, kwargs) = new_arguments(vm, obj)?;
    let copyreg = crate::import::import_full(vm, "copyreg")?;
    let has_args = args.is_some();
    let kwargs = kwargs.filter(|k| k.as_obj().is_some_and(|d| dict::dict_len(d) > 0));
    let (newobj, newargs) = match (args, kwargs) {
        (args, None) => {
            let newobj = abstract_::getattr_str(vm, &copyreg, "__newobj__")?;
            let mut items = vec![Value::Obj(class.clone())];
            items.extend(
                args.and_then(|a| abstract_::tuple_items(&a))
                    .unwrap_or_default(),
            );
            (newobj, vm.new_tuple(items))
        }
        (args, Some(kwargs)) => {
            let newobj = abstract_::getattr_str(vm, &copyreg, "__newobj_ex__")?;
            let args = args.unwrap_or_else(|| vm.new_tuple(vec![]));
            (
                newobj,
                vm.new_tuple(vec![Value::Obj(class.clone()), args, kwargs]),
            )
        }
    };
    let is_list = vm.isinstance(obj, &vm.types.list.clone());
    let is_dict = vm.isinstance(obj, &vm.types.dict.clone());
    let state = getstate(vm, obj, !(has_args || is_list || is_dict))?;
    let list_items = if is_list {
        abstract_::get_iter(vm, obj)?
    } else {
        Value::None
    };
    let dict_items = if is_dict {
        let items = vm.call_method(obj, "items", vec![])?;
        abstract_::get_iter(vm, &items)?
    } else {
        Value::None
    };
    Ok(vm.new_tuple(vec![newobj, newargs, state, list_items, dict_items]))
}

/// The state a builtin container's `__reduce__` gives besides its items
/// (CPython's `_PyObject_GetState`): what `__getstate__` gives.
pub(crate) fn object_state(vm: &mut Vm, obj: &Value) -> PyResult<Value> {
    getstate(vm, obj, false)
}

/// The state to pickle: what `__getstate__` gives, the default computed here
/// when the class does not override it (`required`: the object has no other way
/// to carry its contents, so hidden layout state is an error).
fn getstate(vm: &mut Vm, obj: &Value, required: bool) -> PyResult<Value> {
    let class = vm.type_of(obj);
    let default = dict::dict_get_str(&type_data(&vm.types.object).dict, "__getstate__");
    let own = obj
        .as_obj()
        .filter(|_| type_data(&class).instance_dict.get())
        .and_then(|o| o.dict())
        .and_then(|d| dict::dict_get_str(&d, "__getstate__"));
    let class_getstate = lookup(&class, "__getstate__");
    if own.is_none()
        && class_getstate
            .as_ref()
            .is_some_and(|g| default.as_ref().is_some_and(|d| d.is(g)))
    {
        return getstate_default(vm, obj, required);
    }
    let getstate = abstract_::getattr_str(vm, obj, "__getstate__")?;
    vm.call1(&getstate, vec![])
}

/// `object.__getstate__`'s answer: the instance dict (`None` when empty) and,
/// when slots are set, `(dict, {slot: value})`.
fn getstate_default(vm: &mut Vm, obj: &Value, required: bool) -> PyResult<Value> {
    let Value::Obj(o) = obj else {
        return Ok(Value::None);
    };
    let class = o.class();
    if required && has_hidden_state(&class) {
        return Err(cannot_pickle(vm, &class));
    }
    // Without an instance dict, `o.dict()` is where slot values are kept.
    let state = match o.dict() {
        Some(d) if type_data(&class).instance_dict.get() && dict::dict_len(&d) > 0 => Value::Obj(d),
        _ => Value::None,
    };
    let names = slot_names(vm, &class)?;
    if names.is_empty() {
        return Ok(state);
    }
    let slots = vm.new_dict();
    for name in names {
        let Some(key) = abstract_::value_as_str(&name).map(str::to_owned) else {
            continue;
        };
        if let Some(value) = abstract_::getattr_optional(vm, obj, &key)? {
            dict::dict_set_item(vm, &slots, name, value)?;
        }
    }
    if dict::dict_len(&slots) == 0 {
        return Ok(state);
    }
    Ok(vm.new_tuple(vec![state, Value::Obj(slots)]))
}

/// The names of the slots of `class` and its bases: `__slotnames__` if the class
/// has it, else what `copyreg._slotnames` computes (and caches there).
fn slot_names(vm: &mut Vm, class: &ObjRef) -> PyResult<Vec<Value>> {
    let cached = dict::dict_get_str(&type_data(class).dict, "__slotnames__");
    let names = match cached {
        Some(names) if names.is_none() || abstract_::list_items(&names).is_some() => names,
        _ => {
            let copyreg = crate::import::import_full(vm, "copyreg")?;
            let slotnames = abstract_::getattr_str(vm, &copyreg, "_slotnames")?;
            let names = vm.call1(&slotnames, vec![Value::Obj(class.clone())])?;
            if !names.is_none() && abstract_::list_items(&names).is_none() {
                return Err(
                    vm.new_type_error("copyreg._slotnames didn't return a list or None".to_owned())
                );
            }
            names
        }
    };
    Ok(abstract_::list_items(&names).unwrap_or_default())
}
