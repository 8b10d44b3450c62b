//! The `_functools` module (CPython's `Modules/_functoolsmodule.c`).
//!
//! `reduce`, `partial` and `cmp_to_key` are Rust; the types keep their state in the
//! instance dict (the object payloads belong to the VM). Deliberate difference:
//! `_lru_cache_wrapper` is absent, so `functools.py` keeps its Python `lru_cache`;
//! `partial.__class_getitem__` is set by a line of Python (`frozen/_functools.py`).

use krait_vm::objects::dict;
use krait_vm::objects::function::{Args, NativeFn};
use krait_vm::objects::typeobject::{self, new_heap_type, new_instance};
use krait_vm::objects::{add_method, add_new, new_builtin_function};
use krait_vm::Payload;
use krait_vm::{abstract_, getargs, ObjRef, PyResult, Value, Vm};

/// `reduce(function, iterable[, initial], /)`.
fn reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut a = getargs::positional(vm, "reduce", args, 2, 3)?.into_iter();
    let (Some(Some(func)), Some(Some(seq)), initial) = (a.next(), a.next(), a.next().flatten())
    else {
        return Err(getargs::arity_error(vm, "reduce", 0, 2, 3));
    };
    let it = match abstract_::get_iter(vm, &seq) {
        Ok(it) => it,
        Err(e) => {
            if vm.err_matches(&e, "TypeError") {
                return Err(vm.new_type_error("reduce() arg 2 must support iteration".to_owned()));
            }
            return Err(e);
        }
    };
    let mut acc = initial;
    while let Some(item) = abstract_::iter_next(vm, &it)? {
        acc = Some(match acc {
            None => item,
            Some(prev) => vm.call1(&func, vec![prev, item])?,
        });
    }
    acc.ok_or_else(|| {
        vm.new_type_error("reduce() of empty iterable with no initial value".to_owned())
    })
}

const SOURCE: &str = include_str!("frozen/_functools.py");

/// The instance-dict keys of a partial's state, which are also its attributes.
const PARTIAL_FIELDS: [&str; 3] = ["func", "args", "keywords"];

fn field(this: &Value, name: &str) -> Value {
    match this {
        Value::Obj(o) => o
            .dict()
            .and_then(|d| dict::dict_get_str(&d, name))
            .unwrap_or(Value::None),
        _ => Value::None,
    }
}

fn tuple_items(v: &Value) -> Vec<Value> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Tuple(items) => items.to_vec(),
            _ => vec![],
        },
        _ => vec![],
    }
}

/// The keyword arguments stored in a partial, as call arguments.
fn stored_keywords(this: &Value) -> Vec<(ObjRef, Value)> {
    match field(this, "keywords") {
        Value::Obj(d) if dict::as_dict(&d).is_some() => dict::dict_items(&d)
            .into_iter()
            .filter_map(|(k, v)| match k {
                Value::Obj(k) => Some((k, v)),
                _ => None,
            })
            .collect(),
        _ => vec![],
    }
}

/// Attributes set on a partial besides its three fields.
fn extra_attributes(this: &Value) -> Vec<(Value, Value)> {
    match this {
        Value::Obj(o) => o
            .dict()
            .map(|d| {
                dict::dict_items(&d)
                    .into_iter()
                    .filter(|(k, _)| {
                        !PARTIAL_FIELDS.contains(&abstract_::value_as_str(k).unwrap_or(""))
                    })
                    .collect()
            })
            .unwrap_or_default(),
        _ => vec![],
    }
}

/// True if `func` is a partial called through partial's own `__call__` with no
/// attributes of its own: CPython then flattens `partial(partial(f, a), b)`.
fn is_flattenable_partial(vm: &mut Vm, func: &Value) -> bool {
    let ty = vm.type_of(func);
    let Some((call, owner)) = typeobject::lookup_with_owner(&ty, "__call__") else {
        return false;
    };
    let native_call = match &call {
        Value::Obj(o) => matches!(&o.payload, Payload::MethodDescriptor(f) if f.name == "__call__"),
        _ => false,
    };
    let module = dict::dict_get_str(&typeobject::type_data(&owner).dict, "__module__");
    native_call
        && typeobject::type_name(&owner) == "partial"
        && module.as_ref().and_then(abstract_::value_as_str) == Some("functools")
        && extra_attributes(func).is_empty()
}

fn new_keywords_dict(vm: &mut Vm, items: Vec<(ObjRef, Value)>) -> PyResult<Value> {
    let d = vm.new_dict();
    for (k, v) in items {
        dict::dict_set_item(vm, &d, Value::Obj(k), v)?;
    }
    Ok(Value::Obj(d))
}

/// Appends keyword arguments, a later one replacing an earlier one of the same name.
fn merge_keywords(into: &mut Vec<(ObjRef, Value)>, more: Vec<(ObjRef, Value)>) {
    for (k, v) in more {
        let name = abstract_::obj_as_str(&k).map(str::to_owned);
        match into
            .iter_mut()
            .find(|(old, _)| abstract_::obj_as_str(old).map(str::to_owned) == name)
        {
            Some(slot) => slot.1 = v,
            None => into.push((k, v)),
        }
    }
}

/// `partial(func, /, *args, **keywords)`.
fn partial_new(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    if args.pos.len() < 2 {
        return Err(vm.new_type_error("type 'partial' takes at least one argument".to_owned()));
    }
    let cls = match args.pos.remove(0) {
        Value::Obj(c) if c.type_data().is_some() => c,
        _ => return Err(vm.new_type_error("partial.__new__(X): X is not a type object".to_owned())),
    };
    let mut func = args.pos.remove(0);
    if !krait_vm::builtins::is_callable(vm, &func) {
        return Err(vm.new_type_error("the first argument must be callable".to_owned()));
    }
    let mut pos = args.pos;
    let mut keywords = args.kw;
    if is_flattenable_partial(vm, &func) {
        let mut inner = tuple_items(&field(&func, "args"));
        inner.extend(pos);
        pos = inner;
        let mut inner_kw = stored_keywords(&func);
        merge_keywords(&mut inner_kw, keywords);
        keywords = inner_kw;
        func = field(&func, "func");
    }
    let obj = new_instance(vm, &cls, Payload::Instance);
    let this = Value::Obj(obj);
    let args_tuple = vm.new_tuple(pos);
    let keywords = new_keywords_dict(vm, keywords)?;
    set_partial_fields(vm, &this, func, args_tuple, keywords)?;
    Ok(this)
}

fn set_partial_fields(
    vm: &mut Vm,
    this: &Value,
    func: Value,
    args: Value,
    keywords: Value,
) -> PyResult<()> {
    let Some(d) = (match this {
        Value::Obj(o) => o.dict(),
        _ => None,
    }) else {
        return Err(vm.new_type_error("partial without a dict".to_owned()));
    };
    for (name, v) in PARTIAL_FIELDS.iter().zip([func, args, keywords]) {
        dict::dict_set_str(vm, &d, name, v);
    }
    Ok(())
}

fn self_and_rest(vm: &mut Vm, mut args: Args) -> PyResult<(Value, Args)> {
    if args.pos.is_empty() {
        return Err(vm.new_type_error("descriptor needs an argument".to_owned()));
    }
    let this = args.pos.remove(0);
    Ok((this, args))
}

fn partial_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = self_and_rest(vm, args)?;
    let func = field(&this, "func");
    let mut pos = tuple_items(&field(&this, "args"));
    pos.extend(rest.pos);
    let mut kw = stored_keywords(&this);
    merge_keywords(&mut kw, rest.kw);
    vm.call(&func, Args { pos, kw })
}

fn partial_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = self_and_rest(vm, args)?;
    let class = vm.type_of(&this);
    let qualname = abstract_::getattr_str(vm, &Value::Obj(class.clone()), "__qualname__")?;
    let mut name = abstract_::value_as_str(&qualname)
        .unwrap_or("partial")
        .to_owned();
    let module = abstract_::getattr_str(vm, &Value::Obj(class), "__module__")?;
    if abstract_::value_as_str(&module) == Some("functools") {
        name = format!("functools.{name}");
    }
    let mut parts = vec![abstract_::repr_string(vm, &field(&this, "func"))?];
    for a in tuple_items(&field(&this, "args")) {
        parts.push(abstract_::repr_string(vm, &a)?);
    }
    for (k, v) in stored_keywords(&this) {
        let key = abstract_::obj_as_str(&k).unwrap_or("").to_owned();
        parts.push(format!("{key}={}", abstract_::repr_string(vm, &v)?));
    }
    Ok(vm.new_str(format!("{name}({})", parts.join(", "))))
}

fn partial_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = self_and_rest(vm, args)?;
    let class = Value::Obj(vm.type_of(&this));
    let func = field(&this, "func");
    let ctor = vm.new_tuple(vec![func.clone()]);
    let keywords = field(&this, "keywords");
    let extra = extra_attributes(&this);
    let namespace = if extra.is_empty() {
        Value::None
    } else {
        let d = vm.new_dict();
        for (k, v) in extra {
            dict::dict_set_item(vm, &d, k, v)?;
        }
        Value::Obj(d)
    };
    let state = vm.new_tuple(vec![func, field(&this, "args"), keywords, namespace]);
    Ok(vm.new_tuple(vec![class, ctor, state]))
}

fn partial_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = self_and_rest(vm, args)?;
    let state = getargs::exactly_one(vm, "__setstate__", rest)?;
    let invalid = |vm: &mut Vm| vm.new_type_error("invalid partial state".to_owned());
    let items = match &state {
        Value::Obj(o) => match &o.payload {
            Payload::Tuple(items) if items.len() == 4 => items.to_vec(),
            _ => return Err(invalid(vm)),
        },
        _ => return Err(invalid(vm)),
    };
    let [func, fargs, kwds, namespace] = <[Value; 4]>::try_from(items).map_err(|_| invalid(vm))?;
    let is_tuple = |v: &Value| matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Tuple(_)));
    let dict_or_none = |v: &Value| {
        matches!(v, Value::None) || matches!(v, Value::Obj(o) if dict::as_dict(o).is_some())
    };
    if !krait_vm::builtins::is_callable(vm, &func)
        || !is_tuple(&fargs)
        || !dict_or_none(&kwds)
        || !dict_or_none(&namespace)
    {
        return Err(invalid(vm));
    }
    let kwds = match kwds {
        Value::None => Value::Obj(vm.new_dict()),
        d => d,
    };
    if let Value::Obj(o) = &this {
        if let Some(d) = o.dict() {
            for (k, _) in dict::dict_items(&d) {
                dict::dict_del_item(vm, &d, &k)?;
            }
            if let Value::Obj(ns) = &namespace {
                for (k, v) in dict::dict_items(ns) {
                    dict::dict_set_item(vm, &d, k, v)?;
                }
            }
        }
    }
    set_partial_fields(vm, &this, func, fargs, kwds)?;
    Ok(Value::None)
}

fn new_partial_type(vm: &mut Vm) -> PyResult<ObjRef> {
    let ns = vm.new_dict();
    let module = vm.new_str("functools");
    dict::dict_set_str(vm, &ns, "__module__", module);
    let doc = vm.new_str(
        "partial(func, *args, **keywords) - new function with partial application\n    \
         of the given arguments and keywords.\n",
    );
    dict::dict_set_str(vm, &ns, "__doc__", doc);
    let metatype = vm.types.type_.clone();
    let ty = new_heap_type(vm, &metatype, "partial", vec![], &ns)?;
    add_new(vm, &ty, partial_new);
    add_method(vm, &ty, "__call__", partial_call);
    add_method(vm, &ty, "__repr__", partial_repr);
    add_method(vm, &ty, "__reduce__", partial_reduce);
    // Krait's object.__reduce_ex__ does not yet defer to an overridden __reduce__.
    add_method(vm, &ty, "__reduce_ex__", partial_reduce);
    add_method(vm, &ty, "__setstate__", partial_setstate);
    Ok(ty)
}

/// `cmp_to_key(mycmp)`: a `KeyWrapper` without an object, which makes keys when
/// called. The type is found in the `_functools` module, where `init` put it.
fn cmp_to_key(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut a = getargs::parse(vm, "cmp_to_key", args, &["mycmp"], 1)?.into_iter();
    let cmp = a.next().flatten().unwrap_or(Value::None);
    let modules = vm.modules.clone();
    let key_type = match dict::dict_get_str(&modules, "_functools") {
        Some(Value::Obj(m)) => krait_vm::objects::module::module_dict(&m)
            .and_then(|d| dict::dict_get_str(&d, "KeyWrapper")),
        _ => None,
    };
    match key_type {
        Some(Value::Obj(ty)) => new_key(vm, &ty, cmp, Value::None),
        _ => Err(vm.new_runtime_error("lost _functools.KeyWrapper".to_owned())),
    }
}

fn new_key(vm: &mut Vm, ty: &ObjRef, cmp: Value, obj: Value) -> PyResult<Value> {
    let key = new_instance(vm, ty, Payload::Instance);
    if let Some(d) = key.dict() {
        dict::dict_set_str(vm, &d, "cmp", cmp);
        dict::dict_set_str(vm, &d, "obj", obj);
    }
    Ok(Value::Obj(key))
}

/// `K(obj)`: a key for `obj` under the same comparison function.
fn key_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = self_and_rest(vm, args)?;
    let mut a = getargs::parse(vm, "K", rest, &["obj"], 1)?.into_iter();
    let obj = a.next().flatten().unwrap_or(Value::None);
    let ty = vm.type_of(&this);
    new_key(vm, &ty, field(&this, "cmp"), obj)
}

/// `mycmp(self.obj, other.obj) <op> 0`.
fn key_compare(vm: &mut Vm, args: Args, op: usize) -> PyResult<Value> {
    let (this, rest) = self_and_rest(vm, args)?;
    let other = getargs::exactly_one(vm, "KeyWrapper", rest)?;
    let same_type = std::rc::Rc::ptr_eq(&vm.type_of(&this), &vm.type_of(&other));
    if !same_type {
        return Err(vm.new_type_error("other argument must be K instance".to_owned()));
    }
    let cmp = field(&this, "cmp");
    let result = vm.call1(&cmp, vec![field(&this, "obj"), field(&other, "obj")])?;
    abstract_::compare(vm, &result, &Value::Int(0), op)
}

macro_rules! key_comparisons {
    ($($name:literal => $op:expr),* $(,)?) => {
        [$(($name, (|vm: &mut Vm, args: Args| key_compare(vm, args, $op)) as NativeFn)),*]
    };
}

fn new_key_type(vm: &mut Vm) -> PyResult<ObjRef> {
    let ns = vm.new_dict();
    let module = vm.new_str("functools");
    dict::dict_set_str(vm, &ns, "__module__", module);
    dict::dict_set_str(vm, &ns, "__hash__", Value::None);
    let metatype = vm.types.type_.clone();
    let ty = new_heap_type(vm, &metatype, "KeyWrapper", vec![], &ns)?;
    add_method(vm, &ty, "__call__", key_call);
    let comparisons = key_comparisons![
        "__lt__" => 0, "__le__" => 1, "__eq__" => 2, "__ne__" => 3, "__gt__" => 4, "__ge__" => 5,
    ];
    for (name, f) in comparisons {
        add_method(vm, &ty, name, f);
    }
    typeobject::type_data(&ty).base_type.set(false);
    Ok(ty)
}

fn add_natives(vm: &mut Vm, d: &ObjRef) -> PyResult<()> {
    let f = new_builtin_function(vm, "reduce", reduce, Some("_functools"));
    dict::dict_set_str(vm, d, "reduce", f);
    let partial = new_partial_type(vm)?;
    dict::dict_set_str(vm, d, "partial", Value::Obj(partial));
    let key_type = new_key_type(vm)?;
    dict::dict_set_str(vm, d, "KeyWrapper", Value::Obj(key_type));
    let f = new_builtin_function(vm, "cmp_to_key", cmp_to_key, Some("_functools"));
    dict::dict_set_str(vm, d, "cmp_to_key", f);
    Ok(())
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    crate::frozen_module(vm, "_functools", SOURCE, add_natives)
}
