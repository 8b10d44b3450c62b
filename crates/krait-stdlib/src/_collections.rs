//! The `_collections` module (CPython's `Modules/_collectionsmodule.c`).
//!
//! `defaultdict` and `_count_elements` (the loop under `Counter`) are Rust.
//! Deliberate difference: `deque` is written in Python (`frozen/_collections.py`,
//! frozen into the binary), as object payloads belong to the VM. `OrderedDict` and
//! `_tuplegetter` are left to the pure-Python versions in `collections/__init__.py`.

use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::typeobject::{self, new_heap_type};
use krait_vm::objects::{add_method, new_builtin_function};
use krait_vm::{abstract_, getargs, ObjRef, PyResult, Value, Vm};

const SOURCE: &str = include_str!("frozen/_collections.py");

/// `_count_elements(mapping, iterable)`: `mapping[x] = mapping.get(x, 0) + 1` for
/// each `x` of `iterable`.
fn count_elements(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut a = getargs::positional(vm, "_count_elements", args, 2, 2)?
        .into_iter()
        .flatten();
    let (Some(mapping), Some(iterable)) = (a.next(), a.next()) else {
        return Err(vm.new_type_error("_count_elements expected 2 arguments".to_owned()));
    };
    let it = abstract_::get_iter(vm, &iterable)?;
    let get = abstract_::getattr_str(vm, &mapping, "get")?;
    while let Some(elem) = abstract_::iter_next(vm, &it)? {
        let old = vm.call1(&get, vec![elem.clone(), Value::Int(0)])?;
        let new = abstract_::binary_op(vm, &old, &Value::Int(1), 0)?;
        abstract_::setitem(vm, &mapping, elem, new)?;
    }
    Ok(Value::None)
}

/// The instance attribute holding a defaultdict's factory.
const FACTORY: &str = "default_factory";

fn self_and_rest(vm: &mut Vm, mut args: Args) -> PyResult<(Value, Args)> {
    if args.pos.is_empty() {
        return Err(vm.new_type_error("descriptor needs an argument".to_owned()));
    }
    let this = args.pos.remove(0);
    Ok((this, args))
}

/// A defaultdict's factory; None when it was never set.
fn default_factory(this: &Value) -> Value {
    match this {
        Value::Obj(o) => o
            .dict()
            .and_then(|d| dict::dict_get_str(&d, FACTORY))
            .unwrap_or(Value::None),
        _ => Value::None,
    }
}

fn set_default_factory(vm: &mut Vm, this: &Value, factory: Value) -> PyResult<()> {
    match this {
        Value::Obj(o) => match o.dict() {
            Some(d) => {
                dict::dict_set_str(vm, &d, FACTORY, factory);
                Ok(())
            }
            None => Err(vm.new_type_error("defaultdict without a dict".to_owned())),
        },
        _ => Err(vm.new_type_error("defaultdict without a dict".to_owned())),
    }
}

/// `defaultdict(default_factory=None, /, [...])`: the rest goes to `dict.__init__`.
fn defaultdict_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, mut rest) = self_and_rest(vm, args)?;
    let factory = if rest.pos.is_empty() {
        Value::None
    } else {
        rest.pos.remove(0)
    };
    if !matches!(factory, Value::None) && !krait_vm::builtins::is_callable(vm, &factory) {
        return Err(vm.new_type_error("first argument must be callable or None".to_owned()));
    }
    set_default_factory(vm, &this, factory)?;
    let dict_init = typeobject::lookup(&vm.types.dict.clone(), "__init__")
        .ok_or_else(|| vm.new_type_error("dict has no __init__".to_owned()))?;
    rest.pos.insert(0, this);
    vm.call(&dict_init, rest)?;
    Ok(Value::None)
}

fn defaultdict_missing(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = self_and_rest(vm, args)?;
    let key = getargs::exactly_one(vm, "__missing__", rest)?;
    let factory = default_factory(&this);
    if let Value::None = factory {
        return Err(vm.new_key_error(key));
    }
    let value = vm.call1(&factory, vec![])?;
    abstract_::setitem(vm, &this, key, value.clone())?;
    Ok(value)
}

fn defaultdict_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = self_and_rest(vm, args)?;
    let dict_repr = typeobject::lookup(&vm.types.dict.clone(), "__repr__")
        .ok_or_else(|| vm.new_type_error("dict has no __repr__".to_owned()))?;
    let body = vm.call1(&dict_repr, vec![this.clone()])?;
    let body = abstract_::value_as_str(&body).unwrap_or("{}").to_owned();
    let factory = default_factory(&this);
    let factory = abstract_::repr_string(vm, &factory)?;
    let name = vm
        .type_of(&this)
        .type_data()
        .map(|t| t.name())
        .unwrap_or_default();
    Ok(vm.new_str(format!("{name}({factory}, {body})")))
}

/// `type(self)(self.default_factory, contents)`.
fn defaultdict_make(vm: &mut Vm, this: &Value, contents: Value) -> PyResult<Value> {
    let class = Value::Obj(vm.type_of(this));
    let factory = default_factory(this);
    vm.call1(&class, vec![factory, contents])
}

fn defaultdict_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = self_and_rest(vm, args)?;
    defaultdict_make(vm, &this, this.clone())
}

fn defaultdict_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = self_and_rest(vm, args)?;
    let class = Value::Obj(vm.type_of(&this));
    let factory = default_factory(&this);
    let ctor_args = match factory {
        Value::None => vm.new_tuple(vec![]),
        f => vm.new_tuple(vec![f]),
    };
    let items = vm.call_method(&this, "items", vec![])?;
    let items = abstract_::get_iter(vm, &items)?;
    Ok(vm.new_tuple(vec![class, ctor_args, Value::None, Value::None, items]))
}

fn is_dict(vm: &Vm, v: &Value) -> bool {
    vm.isinstance(v, &vm.types.dict)
}

fn defaultdict_or(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = self_and_rest(vm, args)?;
    let other = getargs::exactly_one(vm, "__or__", rest)?;
    if !is_dict(vm, &other) {
        return Ok(vm.not_implemented());
    }
    let new = defaultdict_make(vm, &this, this.clone())?;
    vm.call_method(&new, "update", vec![other])?;
    Ok(new)
}

fn defaultdict_ror(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = self_and_rest(vm, args)?;
    let other = getargs::exactly_one(vm, "__ror__", rest)?;
    if !is_dict(vm, &other) {
        return Ok(vm.not_implemented());
    }
    let new = defaultdict_make(vm, &this, other)?;
    vm.call_method(&new, "update", vec![this])?;
    Ok(new)
}

fn new_defaultdict_type(vm: &mut Vm) -> PyResult<ObjRef> {
    let ns = vm.new_dict();
    let module = vm.new_str("collections");
    dict::dict_set_str(vm, &ns, "__module__", module);
    let metatype = vm.types.type_.clone();
    let base = vm.types.dict.clone();
    let ty = new_heap_type(vm, &metatype, "defaultdict", vec![base], &ns)?;
    add_method(vm, &ty, "__init__", defaultdict_init);
    add_method(vm, &ty, "__missing__", defaultdict_missing);
    add_method(vm, &ty, "__repr__", defaultdict_repr);
    add_method(vm, &ty, "copy", defaultdict_copy);
    add_method(vm, &ty, "__copy__", defaultdict_copy);
    add_method(vm, &ty, "__reduce__", defaultdict_reduce);
    // Krait's object.__reduce_ex__ does not yet defer to an overridden __reduce__.
    add_method(vm, &ty, "__reduce_ex__", defaultdict_reduce);
    add_method(vm, &ty, "__or__", defaultdict_or);
    add_method(vm, &ty, "__ror__", defaultdict_ror);
    Ok(ty)
}

fn add_natives(vm: &mut Vm, d: &ObjRef) -> PyResult<()> {
    let defaultdict = new_defaultdict_type(vm)?;
    dict::dict_set_str(vm, d, "defaultdict", Value::Obj(defaultdict));
    let f = new_builtin_function(vm, "_count_elements", count_elements, Some("_collections"));
    dict::dict_set_str(vm, d, "_count_elements", f);
    Ok(())
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    crate::frozen_module(vm, "_collections", SOURCE, add_natives)
}
