//! The `_functools` module (CPython's `Modules/_functoolsmodule.c`): `reduce`,
//! `partial` and `cmp_to_key` with its `KeyWrapper` type.
//!
//! Deliberate difference: `_lru_cache_wrapper` is absent, so `functools.py` keeps
//! its pure-Python `lru_cache`.

use std::cell::RefCell;
use std::rc::Rc;

use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::set_type_attr;
use krait_vm::objects::typeobject::type_data;
use krait_vm::signature::Signature;
use krait_vm::slots::{CallFn, NativeSlot};
use krait_vm::{abstract_, ObjRef, Payload, PyResult, Value, Vm};

use crate::{generic_alias, given, readonly, wrong_receiver};
use krait_vm::Exc;

fn is_tuple(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Tuple(_)))
}

fn is_dict(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if dict::as_dict(o).is_some())
}

// ---------------------------------------------------------------------------
// reduce

static REDUCE: Signature = Signature::new(
    "reduce",
    "(function, iterable, initial=<unrepresentable>, /)",
)
.not_listed();

/// `reduce(function, iterable[, initial])`.
fn reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [func, seq, initial] = REDUCE.bind_args(vm, args)?;
    let (func, seq) = (func.unwrap_or(Value::None), seq.unwrap_or(Value::None));
    let it = match abstract_::get_iter(vm, &seq) {
        Ok(it) => it,
        Err(e) if vm.err_matches(&e, Exc::TypeError) => {
            return Err(vm.new_type_error("reduce() arg 2 must support iteration".to_owned()))
        }
        Err(e) => return Err(e),
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

// ---------------------------------------------------------------------------
// partial

/// A partial's function, positional arguments (a tuple) and keywords (a dict);
/// `__setstate__` replaces them.
struct Partial {
    func: RefCell<Value>,
    args: RefCell<Value>,
    keywords: RefCell<Value>,
}

impl NativeData for Partial {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        let (Ok(func), Ok(args), Ok(keywords)) = (
            self.func.try_borrow(),
            self.args.try_borrow(),
            self.keywords.try_borrow(),
        ) else {
            return false;
        };
        visit(&func);
        visit(&args);
        visit(&keywords);
        true
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        for cell in [&self.func, &self.args, &self.keywords] {
            if let Ok(mut v) = cell.try_borrow_mut() {
                taken.push(std::mem::replace(&mut *v, Value::None));
            }
        }
    }
}

impl Partial {
    fn parts(&self) -> (Value, Value, Value) {
        (
            self.func.borrow().clone(),
            self.args.borrow().clone(),
            self.keywords.borrow().clone(),
        )
    }
}

static PARTIAL_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "partial(func, *args, **keywords) - new function with partial application\n    \
         of the given arguments and keywords.\n",
    ),
    subclassable: true,
    instance_dict: true,
    new: Some(partial_new),
    slots: &[
        NativeSlot::Call(partial_call),
        NativeSlot::Repr(partial_repr),
    ],
    methods: &[
        MethodDef::method("__reduce__", partial_reduce).with_signature(&PARTIAL_REDUCE),
        MethodDef::method("__setstate__", partial_setstate).with_signature(&PARTIAL_SETSTATE),
        MethodDef::classmethod("__class_getitem__", partial_class_getitem)
            .with_signature(&PARTIAL_CLASS_GETITEM)
            .with_doc("See PEP 585"),
    ],
    getsets: &[
        GetSet {
            name: "func",
            get: partial_get_func,
            set: Some(readonly),
        },
        GetSet {
            name: "args",
            get: partial_get_args,
            set: Some(readonly),
        },
        GetSet {
            name: "keywords",
            get: partial_get_keywords,
            set: Some(readonly),
        },
    ],
    weakrefable: true,
    ..NativeTypeSpec::new("partial", "functools")
};

static PARTIAL_NEW: Signature =
    Signature::new("partial", "($type, *args, **keywords)").not_listed();
static PARTIAL_REDUCE: Signature =
    Signature::of("partial", "__reduce__", "($self, /)").not_listed();
static PARTIAL_SETSTATE: Signature =
    Signature::of("partial", "__setstate__", "($self, state, /)").not_listed();
static PARTIAL_CLASS_GETITEM: Signature =
    Signature::of("partial", "__class_getitem__", "($type, item, /)").not_listed();

fn partial_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Partial> {
    native_data::<Partial>(this).ok_or_else(|| wrong_receiver(vm, "functools.partial", this))
}

/// The partial whose arguments a new partial of `func` may take over: one called
/// through partial's own `__call__` and without a `__dict__` (CPython flattens
/// `partial(partial(f, a), b)` into `partial(f, a, b)`).
fn flattenable(vm: &Vm, func: &Value) -> Option<(Value, Value, Value)> {
    let own_call = type_data(&vm.type_of(func))
        .slots
        .call
        .get()
        .is_some_and(|f| std::ptr::fn_addr_eq(f, partial_call as CallFn));
    let Value::Obj(o) = func else { return None };
    if !own_call || o.dict().is_some() {
        return None;
    }
    native_data::<Partial>(func).map(Partial::parts)
}

/// `partial(func, /, *args, **keywords)`.
fn partial_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = PARTIAL_NEW.bind_all::<0>(vm, args)?;
    let cls = match bound.this {
        Some(Value::Obj(c)) if c.type_data().is_some() => c,
        other => {
            let given = vm.type_name_of(&other.unwrap_or(Value::None));
            return Err(vm.new_type_error(format!(
                "functools.partial.__new__(X): X is not a type object ({given})"
            )));
        }
    };
    let mut pos = bound.args.into_iter();
    let Some(mut func) = pos.next() else {
        return Err(vm.new_type_error("type 'partial' takes at least one argument".to_owned()));
    };
    let mut pos: Vec<Value> = pos.collect();
    let keywords = vm.new_dict();
    if let Some((inner_func, inner_args, inner_keywords)) = flattenable(vm, &func) {
        let mut all = abstract_::tuple_items(&inner_args).unwrap_or_default();
        all.extend(pos);
        pos = all;
        if let Value::Obj(inner) = &inner_keywords {
            dict::dict_merge(vm, &keywords, &Value::Obj(inner.clone()), true)?;
        }
        func = inner_func;
    }
    if !krait_vm::builtins::is_callable(vm, &func) {
        return Err(vm.new_type_error("the first argument must be callable".to_owned()));
    }
    for (key, value) in bound.kwargs {
        dict::dict_set_item(vm, &keywords, Value::Obj(key), value)?;
    }
    let state = Partial {
        func: RefCell::new(func),
        args: RefCell::new(vm.new_tuple(pos)),
        keywords: RefCell::new(Value::Obj(keywords)),
    };
    Ok(new_native_object(vm, &cls, state))
}

/// The keyword arguments in a dict, as call arguments.
fn keyword_arguments(vm: &mut Vm, keywords: &Value) -> PyResult<Vec<(ObjRef, Value)>> {
    let Value::Obj(d) = keywords else {
        return Ok(vec![]);
    };
    let mut out = Vec::new();
    for (key, value) in dict::dict_items(d) {
        match key {
            Value::Obj(k) if k.str_data().is_some() => out.push((k, value)),
            _ => return Err(vm.new_type_error("keywords must be strings".to_owned())),
        }
    }
    Ok(out)
}

/// `p(*args, **kwargs)`: `p.func(*p.args, *args, **{**p.keywords, **kwargs})`.
fn partial_call(vm: &mut Vm, this: &Value, args: Args) -> PyResult<Value> {
    let (func, stored_args, keywords) = partial_of(vm, this)?.parts();
    let mut pos = abstract_::tuple_items(&stored_args).unwrap_or_default();
    pos.extend(args.pos);
    let mut kw = keyword_arguments(vm, &keywords)?;
    for (key, value) in args.kw {
        let name = abstract_::obj_as_str(&key).map(str::to_owned);
        match kw
            .iter_mut()
            .find(|(k, _)| abstract_::obj_as_str(k).map(str::to_owned) == name)
        {
            Some(slot) => slot.1 = value,
            None => kw.push((key, value)),
        }
    }
    vm.call(
        &func,
        Args {
            pos: pos.into(),
            kw,
        },
    )
}

/// `functools.partial(func, *args, key=value)`, with `...` for a partial inside itself.
fn partial_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let id = match this {
        Value::Obj(o) => Rc::as_ptr(o) as usize,
        _ => 0,
    };
    if vm.repr_guard.contains(&id) {
        return Ok(vm.new_str("..."));
    }
    let (func, args, keywords) = partial_of(vm, this)?.parts();
    vm.repr_guard.insert(id);
    let parts = partial_repr_parts(vm, &func, &args, &keywords);
    vm.repr_guard.remove(&id);
    let name = type_data(&vm.type_of(this)).tp_name();
    Ok(vm.new_str(format!("{name}({})", parts?.join(", "))))
}

fn partial_repr_parts(
    vm: &mut Vm,
    func: &Value,
    args: &Value,
    keywords: &Value,
) -> PyResult<Vec<String>> {
    let mut parts = vec![abstract_::repr_string(vm, func)?];
    for arg in abstract_::tuple_items(args).unwrap_or_default() {
        parts.push(abstract_::repr_string(vm, &arg)?);
    }
    if let Value::Obj(d) = keywords {
        for (key, value) in dict::dict_items(d) {
            let key = abstract_::str_string(vm, &key)?;
            parts.push(format!("{key}={}", abstract_::repr_string(vm, &value)?));
        }
    }
    Ok(parts)
}

/// `(type(p), (func,), (func, args, keywords, __dict__ or None))`.
fn partial_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = PARTIAL_REDUCE.bind(vm, args)?;
    let this = given(this);
    let (func, args, keywords) = partial_of(vm, &this)?.parts();
    let namespace = match &this {
        Value::Obj(o) => o.dict().map(Value::Obj).unwrap_or(Value::None),
        _ => Value::None,
    };
    let class = Value::Obj(vm.type_of(&this));
    let ctor_args = vm.new_tuple(vec![func.clone()]);
    let state = vm.new_tuple(vec![func, args, keywords, namespace]);
    Ok(vm.new_tuple(vec![class, ctor_args, state]))
}

/// `__setstate__((func, args, keywords, namespace))`: replaces everything.
fn partial_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [state]) = PARTIAL_SETSTATE.bind(vm, args)?;
    let this = given(this);
    let invalid = |vm: &mut Vm| vm.new_type_error("invalid partial state".to_owned());
    let parts = abstract_::tuple_items(&state.unwrap_or(Value::None));
    let Some([func, fargs, keywords, namespace]) =
        parts.and_then(|p| <[Value; 4]>::try_from(p).ok())
    else {
        return Err(invalid(vm));
    };
    let keywords_ok = keywords.is_none() || is_dict(&keywords);
    if !krait_vm::builtins::is_callable(vm, &func) || !is_tuple(&fargs) || !keywords_ok {
        return Err(invalid(vm));
    }
    let fargs = vm.new_tuple(abstract_::tuple_items(&fargs).unwrap_or_default());
    let copy = vm.new_dict();
    if !keywords.is_none() {
        dict::dict_merge(vm, &copy, &keywords, true)?;
    }
    let namespace = match namespace {
        Value::None => None,
        Value::Obj(d) if dict::as_dict(&d).is_some() => Some(d),
        _ => return Err(invalid(vm)),
    };
    let partial = partial_of(vm, &this)?;
    let old = (
        partial.func.replace(func),
        partial.args.replace(fargs),
        partial.keywords.replace(Value::Obj(copy)),
    );
    if let Value::Obj(o) = &this {
        let old_namespace = o.dict.replace(namespace);
        drop(old_namespace);
    }
    drop(old);
    Ok(Value::None)
}

fn partial_class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    generic_alias(vm, &PARTIAL_CLASS_GETITEM, args)
}

fn partial_get_func(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(partial_of(vm, this)?.func.borrow().clone())
}

fn partial_get_args(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(partial_of(vm, this)?.args.borrow().clone())
}

fn partial_get_keywords(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(partial_of(vm, this)?.keywords.borrow().clone())
}

// ---------------------------------------------------------------------------
// cmp_to_key

/// A key made by `cmp_to_key`: the comparison function and the wrapped object
/// (none in the key function itself).
struct KeyWrapper {
    cmp: Value,
    obj: RefCell<Option<Value>>,
}

impl NativeData for KeyWrapper {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        let Ok(obj) = self.obj.try_borrow() else {
            return false;
        };
        visit(&self.cmp);
        obj.iter().for_each(visit);
        true
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        if let Ok(mut obj) = self.obj.try_borrow_mut() {
            taken.extend(obj.take());
        }
    }
}

static KEY_WRAPPER_TYPE: NativeTypeSpec = NativeTypeSpec {
    slots: &[
        NativeSlot::Call(key_call),
        NativeSlot::RichCompare(key_richcompare),
    ],
    getsets: &[GetSet {
        name: "obj",
        get: key_get_obj,
        set: Some(key_set_obj),
    }],
    ..NativeTypeSpec::new("KeyWrapper", "functools")
};

static CMP_TO_KEY: Signature = Signature::new("cmp_to_key", "(mycmp)")
    .parse_tuple()
    .not_listed();
static KEY_CALL: Signature = Signature::new("K", "(obj)").parse_tuple().not_listed();

/// The `KeyWrapper` type, which `cmp_to_key` instantiates.
struct FunctoolsState {
    key_wrapper: ObjRef,
}

fn key_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a KeyWrapper> {
    native_data::<KeyWrapper>(this).ok_or_else(|| wrong_receiver(vm, "functools.KeyWrapper", this))
}

/// `cmp_to_key(mycmp)`: a key function, a `KeyWrapper` without an object.
fn cmp_to_key(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cmp] = CMP_TO_KEY.bind_args(vm, args)?;
    let state = vm
        .module_state::<FunctoolsState>()
        .ok_or_else(|| vm.new_runtime_error("_functools is not initialised".to_owned()))?;
    let key = KeyWrapper {
        cmp: cmp.unwrap_or(Value::None),
        obj: RefCell::new(None),
    };
    Ok(new_native_object(vm, &state.key_wrapper, key))
}

/// `K(obj)`: the key of `obj` under the same comparison function.
fn key_call(vm: &mut Vm, this: &Value, args: Args) -> PyResult<Value> {
    let [obj] = KEY_CALL.bind_args(vm, args)?;
    let cmp = key_of(vm, this)?.cmp.clone();
    let class = vm.type_of(this);
    let key = KeyWrapper {
        cmp,
        obj: RefCell::new(obj),
    };
    Ok(new_native_object(vm, &class, key))
}

/// `mycmp(self.obj, other.obj) <op> 0`.
fn key_richcompare(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    if !Rc::ptr_eq(&vm.type_of(a), &vm.type_of(b)) {
        return Err(vm.new_type_error("other argument must be K instance".to_owned()));
    }
    let (left, right) = (key_of(vm, a)?, key_of(vm, b)?);
    let cmp = left.cmp.clone();
    let (x, y) = (left.obj.borrow().clone(), right.obj.borrow().clone());
    let (Some(x), Some(y)) = (x, y) else {
        return Err(vm.new_attribute_error("object".to_owned()));
    };
    let result = vm.call1(&cmp, vec![x, y])?;
    abstract_::compare(vm, &result, &Value::Int(0), op)
}

fn key_get_obj(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(key_of(vm, this)?
        .obj
        .borrow()
        .clone()
        .unwrap_or(Value::None))
}

fn key_set_obj(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    let old = key_of(vm, this)?.obj.replace(value);
    drop(old);
    Ok(())
}

// ---------------------------------------------------------------------------
// The module

static FUNCTIONS: [MethodDef; 2] = [
    MethodDef::staticmethod("reduce", reduce)
        .with_signature(&REDUCE)
        .with_doc(
            "reduce(function, iterable[, initial]) -> value\n\n\
             Apply a function of two arguments cumulatively to the items of a sequence\n\
             or iterable, from left to right, so as to reduce the iterable to a single\n\
             value.  For example, reduce(lambda x, y: x+y, [1, 2, 3, 4, 5]) calculates\n\
             ((((1+2)+3)+4)+5).  If initial is present, it is placed before the items\n\
             of the iterable in the calculation, and serves as a default when the\n\
             iterable is empty.",
        ),
    MethodDef::staticmethod("cmp_to_key", cmp_to_key)
        .with_signature(&CMP_TO_KEY)
        .with_doc("Convert a cmp= function into a key= function."),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_functools");
    let d = module_dict(&m).expect("a module has a dict");
    let doc = vm.new_str("Tools that operate on functions.");
    dict::dict_set_str(vm, &d, "__doc__", doc);
    add_module_functions(vm, &d, "_functools", &FUNCTIONS);
    let partial = new_native_type(vm, &PARTIAL_TYPE, None);
    dict::dict_set_str(vm, &d, "partial", Value::Obj(partial));
    let key_wrapper = new_native_type(vm, &KEY_WRAPPER_TYPE, None);
    // Keys compare by their objects and are not hashable.
    set_type_attr(vm, &key_wrapper, "__hash__", Value::None);
    vm.set_module_state(FunctoolsState { key_wrapper });
    Ok(m)
}
