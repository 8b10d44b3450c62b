//! The `itertools` module (CPython's `Modules/itertoolsmodule.c`).
//!
//! The iterator types are Rust types keeping their state in the instance dict (the
//! object payloads belong to the VM). Deliberate difference: `groupby` and `tee`,
//! whose objects share state, are written in Python (`frozen/itertools.py`, frozen
//! into the binary); their behaviour, reprs and error messages follow CPython's.

use std::cell::RefCell;

use krait_bytecode::opcode_table::NB_ADD;
use krait_vm::native::{
    native_data, new_native_object, new_native_type, MethodDef, NativeData, NativeTypeSpec,
};
use krait_vm::objects::dict;
use krait_vm::objects::function::{Args, NativeFn};
use krait_vm::objects::typeobject::{new_heap_type, new_instance};
use krait_vm::objects::{add_classmethod, add_method, add_new};
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, getargs, ObjRef, Payload, PyResult, Value, Vm};

const SOURCE: &str = include_str!("frozen/itertools.py");

/// Instance-dict keys of the state of `count` and `repeat`.
const COUNT: &str = "_cnt";
const ELEMENT: &str = "_element";
const SOURCE_ITER: &str = "_source";
const ACTIVE_ITER: &str = "_active";
const ISLICE_ITER: &str = "_it";
const ISLICE_NEXT: &str = "_next";
const ISLICE_STOP: &str = "_stop";
const ISLICE_STEP: &str = "_step";

const PRODUCT_POOLS: &str = "_pools";
const PRODUCT_INDICES: &str = "_indices";

const POOL: &str = "_pool";
const R: &str = "_r";
const CYCLES: &str = "_cycles";
const WITH_REPLACEMENT: &str = "_replace";

const FUNC: &str = "_func";
const ITER: &str = "_iter";
const FLAG: &str = "_flag";
const SELECTORS: &str = "_selectors";
const HELD: &str = "_held";

const SAVED: &str = "_saved";
const FILL: &str = "_fill";

const ISLICE_STOP_MSG: &str =
    "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
const ISLICE_INDEX_MSG: &str =
    "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
const ISLICE_STEP_MSG: &str = "Step for islice() must be a positive integer or None.";

/// A class of this module made from Rust, with `__module__` set.
fn new_class(vm: &mut Vm, name: &str) -> PyResult<ObjRef> {
    let ns = vm.new_dict();
    let module = vm.new_str("itertools");
    dict::dict_set_str(vm, &ns, "__module__", module);
    let metatype = vm.types.type_.clone();
    new_heap_type(vm, &metatype, name, vec![], &ns)
}

/// The class a `__new__` was bound to.
fn class_arg(vm: &mut Vm, name: &str, cls: Option<Value>) -> PyResult<ObjRef> {
    match cls {
        Some(Value::Obj(cls)) if cls.type_data().is_some() => Ok(cls),
        None => Err(vm.new_type_error(format!("{name}.__new__(): not enough arguments"))),
        Some(other) => Err(vm.new_type_error(format!(
            "{name}.__new__(X): X is not a type object ({})",
            vm.type_name_of(&other)
        ))),
    }
}

/// The class passed first to a `__new__`.
fn take_class(vm: &mut Vm, name: &str, args: &mut Args) -> PyResult<ObjRef> {
    if args.pos.is_empty() {
        return Err(vm.new_type_error(format!("{name}.__new__(): not enough arguments")));
    }
    match args.pos.remove(0) {
        Value::Obj(cls) if cls.type_data().is_some() => Ok(cls),
        other => Err(vm.new_type_error(format!(
            "{name}.__new__(X): X is not a type object ({})",
            vm.type_name_of(&other)
        ))),
    }
}

fn instance_dict(vm: &mut Vm, this: &Value) -> PyResult<ObjRef> {
    match this {
        Value::Obj(o) => o.dict(),
        _ => None,
    }
    .ok_or_else(|| vm.new_type_error("itertools object without state".to_owned()))
}

fn state(vm: &mut Vm, d: &ObjRef, key: &str) -> PyResult<Value> {
    dict::dict_get_str(d, key)
        .ok_or_else(|| vm.new_type_error("itertools object without state".to_owned()))
}

fn self_arg(vm: &mut Vm, args: &Args) -> PyResult<Value> {
    args.pos
        .first()
        .cloned()
        .ok_or_else(|| vm.new_type_error("descriptor needs an argument".to_owned()))
}

fn iter_self(vm: &mut Vm, args: Args) -> PyResult<Value> {
    self_arg(vm, &args)
}

/// `getargs::parse` after `PyArg_ParseTupleAndKeywords`'s first check, on the
/// number of arguments given positionally and by keyword together.
fn parse_args(
    vm: &mut Vm,
    name: &str,
    args: Args,
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<Value>>> {
    let given = args.pos.len() + args.kw.len();
    if given > names.len() {
        let keyword = if args.pos.is_empty() { "keyword " } else { "" };
        return Err(vm.new_type_error(format!(
            "{name}() takes at most {} {keyword}arguments ({given} given)",
            names.len()
        )));
    }
    // A missing required argument is reported before an unknown keyword.
    for (i, param) in names.iter().enumerate().take(required).skip(args.pos.len()) {
        let by_name = args
            .kw
            .iter()
            .any(|(k, _)| abstract_::obj_as_str(k) == Some(*param));
        if !by_name {
            return Err(vm.new_type_error(format!(
                "{name}() missing required argument '{param}' (pos {})",
                i + 1
            )));
        }
    }
    getargs::parse(vm, name, args, names, required)
}

/// `bool` is stored as the `int` it equals, as CPython's `count` does.
fn bool_as_int(v: Value) -> Value {
    match v {
        Value::Bool(b) => Value::Int(b as i64),
        v => v,
    }
}

/// CPython's `PyNumber_Check` as `count` applies it.
fn require_number(vm: &mut Vm, v: &Value) -> PyResult<()> {
    match v {
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => Ok(()),
        _ => {
            let ty = vm.type_of(v);
            let numeric = ["__index__", "__int__", "__float__", "__complex__"]
                .iter()
                .any(|m| krait_vm::objects::typeobject::lookup(&ty, m).is_some());
            if numeric {
                Ok(())
            } else {
                Err(vm.new_type_error("a number is required".to_owned()))
            }
        }
    }
}

/// `count`'s state: the value the next step returns, and the step.
struct Count {
    current: RefCell<Value>,
    step: Value,
}

impl NativeData for Count {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        let Ok(current) = self.current.try_borrow() else {
            return false;
        };
        visit(&current);
        visit(&self.step);
        true
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        if let Ok(mut current) = self.current.try_borrow_mut() {
            taken.push(std::mem::replace(&mut *current, Value::None));
        }
    }
}

static COUNT_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "Return a count object whose .__next__() method returns consecutive values.\n\n\
         Equivalent to:\n    def count(firstval=0, step=1):\n        x = firstval\n        \
         while 1:\n            yield x\n            x += step",
    ),
    subclassable: true,
    new: Some(count_new),
    slots: &[
        NativeSlot::Iter(iter_self_slot),
        NativeSlot::IterNext(count_next),
        NativeSlot::Repr(count_repr),
    ],
    methods: &[MethodDef::method("__reduce__", count_reduce)],
    ..NativeTypeSpec::new("count", "itertools")
};

static COUNT_NEW: Signature = Signature::new("count", "($type, start=0, step=1)");

/// `count(start=0, step=1)`.
fn count_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [start, step]) = COUNT_NEW.bind(vm, args)?;
    let cls = class_arg(vm, "count", cls)?;
    let start = bool_as_int(start.unwrap_or(Value::Int(0)));
    let step = bool_as_int(step.unwrap_or(Value::Int(1)));
    require_number(vm, &start)?;
    require_number(vm, &step)?;
    let state = Count {
        current: RefCell::new(start),
        step,
    };
    Ok(new_native_object(vm, &cls, state))
}

fn count_state<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Count> {
    native_data::<Count>(this).ok_or_else(|| {
        let given = vm.type_name_of(this);
        vm.new_type_error(format!(
            "descriptor requires a 'itertools.count' object but received a '{given}'"
        ))
    })
}

fn count_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let count = count_state(vm, this)?;
    let current = count.current.borrow().clone();
    let next = abstract_::binary_op(vm, &current, &count.step, NB_ADD)?;
    *count.current.borrow_mut() = next;
    Ok(Some(current))
}

fn count_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let count = count_state(vm, this)?;
    let name = short_type_name(vm, this);
    let current = count.current.borrow().clone();
    let step = count.step.clone();
    let current = abstract_::repr_string(vm, &current)?;
    let text = if matches!(step, Value::Int(1)) {
        format!("{name}({current})")
    } else {
        let step = abstract_::repr_string(vm, &step)?;
        format!("{name}({current}, {step})")
    };
    Ok(vm.new_str(text))
}

/// `count.__reduce__()`: the class and the arguments that make an equal count.
fn count_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = self_arg(vm, &args)?;
    let count = count_state(vm, &this)?;
    let current = count.current.borrow().clone();
    let step = count.step.clone();
    let ctor_args = if matches!(step, Value::Int(1)) {
        vm.new_tuple(vec![current])
    } else {
        vm.new_tuple(vec![current, step])
    };
    let class = Value::Obj(vm.type_of(&this));
    Ok(vm.new_tuple(vec![class, ctor_args]))
}

/// `__name__` of the object's class, as the reprs of itertools objects print it.
fn short_type_name(vm: &Vm, this: &Value) -> String {
    vm.type_of(this)
        .type_data()
        .map(|t| t.name())
        .unwrap_or_default()
}

/// The `__iter__` slot of an iterator: the iterator itself.
fn iter_self_slot(_vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(this.clone())
}

/// `repeat(object[, times])`: a negative `times` counts as 0; without it, forever.
fn repeat_new(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let cls = take_class(vm, "repeat", &mut args)?;
    let mut a = parse_args(vm, "repeat", args, &["object", "times"], 1)?.into_iter();
    let element = a.next().flatten().unwrap_or(Value::None);
    let times = match a.next().flatten() {
        None => Value::None,
        Some(t) => match abstract_::index(vm, &t)? {
            Value::Int(n) => Value::Int(n.max(0)),
            _ => {
                return Err(vm
                    .new_overflow_error("Python int too large to convert to C ssize_t".to_owned()))
            }
        },
    };
    let obj = new_instance(vm, &cls, Payload::Instance);
    let this = Value::Obj(obj);
    let d = instance_dict(vm, &this)?;
    dict::dict_set_str(vm, &d, ELEMENT, element);
    dict::dict_set_str(vm, &d, COUNT, times);
    Ok(this)
}

fn repeat_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = self_arg(vm, &args)?;
    let d = instance_dict(vm, &this)?;
    let element = state(vm, &d, ELEMENT)?;
    match state(vm, &d, COUNT)? {
        Value::None => Ok(element),
        Value::Int(n) if n > 0 => {
            dict::dict_set_str(vm, &d, COUNT, Value::Int(n - 1));
            Ok(element)
        }
        _ => Err(vm.new_stop_iteration(None)),
    }
}

fn repeat_length_hint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = self_arg(vm, &args)?;
    let d = instance_dict(vm, &this)?;
    match state(vm, &d, COUNT)? {
        Value::None => Err(vm.new_type_error("len() of unsized object".to_owned())),
        n => Ok(n),
    }
}

fn repeat_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = self_arg(vm, &args)?;
    let d = instance_dict(vm, &this)?;
    let name = vm
        .type_of(&this)
        .type_data()
        .map(|t| t.name())
        .unwrap_or_default();
    let element = state(vm, &d, ELEMENT)?;
    let element = abstract_::repr_string(vm, &element)?;
    let text = match state(vm, &d, COUNT)? {
        Value::Int(n) => format!("{name}({element}, {n})"),
        _ => format!("{name}({element})"),
    };
    Ok(vm.new_str(text))
}

fn new_chain(vm: &mut Vm, cls: &ObjRef, source: Value) -> PyResult<Value> {
    let source = abstract_::get_iter(vm, &source)?;
    let this = Value::Obj(new_instance(vm, cls, Payload::Instance));
    let d = instance_dict(vm, &this)?;
    dict::dict_set_str(vm, &d, SOURCE_ITER, source);
    dict::dict_set_str(vm, &d, ACTIVE_ITER, Value::None);
    Ok(this)
}

/// `chain(*iterables)`.
fn chain_new(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let cls = take_class(vm, "chain", &mut args)?;
    getargs::no_keywords(vm, "chain", &args)?;
    let iterables = vm.new_tuple(args.pos);
    new_chain(vm, &cls, iterables)
}

/// `chain.from_iterable(iterable)`: a classmethod.
fn chain_from_iterable(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let cls = take_class(vm, "chain", &mut args)?;
    let source = getargs::exactly_one(vm, "chain.from_iterable", args)?;
    new_chain(vm, &cls, source)
}

fn chain_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = self_arg(vm, &args)?;
    let d = instance_dict(vm, &this)?;
    loop {
        let mut active = state(vm, &d, ACTIVE_ITER)?;
        if let Value::None = active {
            let source = state(vm, &d, SOURCE_ITER)?;
            if let Value::None = source {
                return Err(vm.new_stop_iteration(None));
            }
            match abstract_::iter_next(vm, &source)? {
                Some(iterable) => {
                    active = abstract_::get_iter(vm, &iterable)?;
                    dict::dict_set_str(vm, &d, ACTIVE_ITER, active.clone());
                }
                None => {
                    dict::dict_set_str(vm, &d, SOURCE_ITER, Value::None);
                    return Err(vm.new_stop_iteration(None));
                }
            }
        }
        if let Some(item) = abstract_::iter_next(vm, &active)? {
            return Ok(item);
        }
        dict::dict_set_str(vm, &d, ACTIVE_ITER, Value::None);
    }
}

/// An `islice` bound: `None`, or an index in `0..=sys.maxsize`.
fn islice_bound(vm: &mut Vm, v: Value, msg: &str) -> PyResult<Option<i64>> {
    if let Value::None = v {
        return Ok(None);
    }
    match abstract_::index(vm, &v) {
        Ok(Value::Int(n)) if n >= 0 => Ok(Some(n)),
        Ok(_) => Err(vm.new_value_error(msg.to_owned())),
        Err(e) if vm.err_matches(&e, "TypeError") => Err(vm.new_value_error(msg.to_owned())),
        Err(e) => Err(e),
    }
}

fn optional_int(v: Option<i64>) -> Value {
    v.map_or(Value::None, Value::Int)
}

/// `islice(iterable, stop)` or `islice(iterable, start, stop[, step])`.
fn islice_new(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let cls = take_class(vm, "islice", &mut args)?;
    getargs::no_keywords(vm, "islice", &args)?;
    let n = args.pos.len();
    if !(2..=4).contains(&n) {
        return Err(getargs::arity_error(vm, "islice", n, 2, 4));
    }
    let mut pos = args.pos.into_iter();
    let seq = pos.next().unwrap_or(Value::None);
    let (start, stop, step) = if n == 2 {
        let stop = islice_bound(vm, pos.next().unwrap_or(Value::None), ISLICE_STOP_MSG)?;
        (0, stop, 1)
    } else {
        let start = pos.next().unwrap_or(Value::None);
        let stop = pos.next().unwrap_or(Value::None);
        let start = islice_bound(vm, start, ISLICE_INDEX_MSG)?.unwrap_or(0);
        let stop = islice_bound(vm, stop, ISLICE_STOP_MSG)?;
        let step = match pos.next().unwrap_or(Value::None) {
            Value::None => 1,
            v => match abstract_::index(vm, &v) {
                Ok(Value::Int(k)) if k >= 1 => k,
                Ok(_) => return Err(vm.new_value_error(ISLICE_STEP_MSG.to_owned())),
                Err(e) if vm.err_matches(&e, "TypeError") => {
                    return Err(vm.new_value_error(ISLICE_STEP_MSG.to_owned()))
                }
                Err(e) => return Err(e),
            },
        };
        (start, stop, step)
    };
    let it = abstract_::get_iter(vm, &seq)?;
    let this = Value::Obj(new_instance(vm, &cls, Payload::Instance));
    let d = instance_dict(vm, &this)?;
    dict::dict_set_str(vm, &d, ISLICE_ITER, it);
    dict::dict_set_str(vm, &d, ISLICE_NEXT, Value::Int(start));
    dict::dict_set_str(vm, &d, ISLICE_STOP, optional_int(stop));
    dict::dict_set_str(vm, &d, ISLICE_STEP, Value::Int(step));
    dict::dict_set_str(vm, &d, COUNT, Value::Int(0));
    Ok(this)
}

fn int_state(vm: &mut Vm, d: &ObjRef, key: &str) -> PyResult<Option<i64>> {
    match state(vm, d, key)? {
        Value::Int(n) => Ok(Some(n)),
        _ => Ok(None),
    }
}

/// Ends an `islice`: drops its iterator and raises StopIteration.
fn islice_done(vm: &mut Vm, d: &ObjRef) -> PyResult<Value> {
    dict::dict_set_str(vm, d, ISLICE_ITER, Value::None);
    Err(vm.new_stop_iteration(None))
}

fn islice_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = self_arg(vm, &args)?;
    let d = instance_dict(vm, &this)?;
    let it = state(vm, &d, ISLICE_ITER)?;
    if let Value::None = it {
        return Err(vm.new_stop_iteration(None));
    }
    let stop = int_state(vm, &d, ISLICE_STOP)?;
    let next = int_state(vm, &d, ISLICE_NEXT)?.unwrap_or(0);
    let step = int_state(vm, &d, ISLICE_STEP)?.unwrap_or(1);
    let mut count = int_state(vm, &d, COUNT)?.unwrap_or(0);
    while count < next {
        if abstract_::iter_next(vm, &it)?.is_none() {
            return islice_done(vm, &d);
        }
        count += 1;
        dict::dict_set_str(vm, &d, COUNT, Value::Int(count));
    }
    if stop.is_some_and(|s| count >= s) {
        return islice_done(vm, &d);
    }
    let Some(item) = abstract_::iter_next(vm, &it)? else {
        return islice_done(vm, &d);
    };
    count += 1;
    dict::dict_set_str(vm, &d, COUNT, Value::Int(count));
    let mut new_next = next.checked_add(step).unwrap_or(i64::MAX);
    if let Some(s) = stop {
        new_next = new_next.min(s);
    }
    dict::dict_set_str(vm, &d, ISLICE_NEXT, Value::Int(new_next));
    Ok(item)
}

/// `product(*iterables, repeat=1)`.
fn product_new(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let cls = take_class(vm, "product", &mut args)?;
    let mut repeat = 1i64;
    if args.kw.len() > 1 {
        return Err(vm.new_type_error(format!(
            "product() takes at most 1 keyword argument ({} given)",
            args.kw.len()
        )));
    }
    if let Some((key, value)) = args.kw.pop() {
        let key = abstract_::obj_as_str(&key).unwrap_or("").to_owned();
        if key != "repeat" {
            return Err(vm.new_type_error(format!(
                "'{key}' is an invalid keyword argument for product()"
            )));
        }
        repeat = match abstract_::index(vm, &value)? {
            Value::Int(n) => n,
            _ => {
                return Err(vm
                    .new_overflow_error("Python int too large to convert to C ssize_t".to_owned()))
            }
        };
        if repeat < 0 {
            return Err(vm.new_value_error("repeat argument cannot be negative".to_owned()));
        }
    }
    let mut pools = Vec::with_capacity(args.pos.len());
    for iterable in &args.pos {
        let items = abstract_::collect_iterable(vm, iterable)?;
        pools.push(vm.new_tuple(items));
    }
    let total = pools.len().saturating_mul(repeat as usize);
    if total > (1 << 28) {
        return Err(vm.new_overflow_error("repeat argument too large".to_owned()));
    }
    let pools: Vec<Value> = pools.iter().cycle().take(total).cloned().collect();
    let this = Value::Obj(new_instance(vm, &cls, Payload::Instance));
    let d = instance_dict(vm, &this)?;
    let pools = vm.new_tuple(pools);
    dict::dict_set_str(vm, &d, PRODUCT_POOLS, pools);
    dict::dict_set_str(vm, &d, PRODUCT_INDICES, Value::None);
    Ok(this)
}

/// The items of a tuple value.
fn tuple_items(v: &Value) -> &[Value] {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Tuple(items) => items,
            _ => &[],
        },
        _ => &[],
    }
}

/// Advances the odometer `indices` over `pools`; false once it wraps around.
fn product_advance(pools: &[Value], indices: &mut [usize]) -> bool {
    for i in (0..indices.len()).rev() {
        indices[i] += 1;
        if indices[i] < tuple_items(&pools[i]).len() {
            return true;
        }
        indices[i] = 0;
    }
    false
}

fn product_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = self_arg(vm, &args)?;
    let d = instance_dict(vm, &this)?;
    let pools_value = state(vm, &d, PRODUCT_POOLS)?;
    let pools = tuple_items(&pools_value);
    // The indices live in the dict as a tuple of ints; `False` once exhausted.
    let mut indices: Vec<usize> = match state(vm, &d, PRODUCT_INDICES)? {
        Value::None => {
            if pools.iter().any(|p| tuple_items(p).is_empty()) {
                dict::dict_set_str(vm, &d, PRODUCT_INDICES, Value::Bool(false));
                return Err(vm.new_stop_iteration(None));
            }
            vec![0; pools.len()]
        }
        Value::Bool(false) => return Err(vm.new_stop_iteration(None)),
        current => {
            let mut idx: Vec<usize> = tuple_items(&current)
                .iter()
                .map(|v| match v {
                    Value::Int(n) => *n as usize,
                    _ => 0,
                })
                .collect();
            if !product_advance(pools, &mut idx) {
                dict::dict_set_str(vm, &d, PRODUCT_INDICES, Value::Bool(false));
                return Err(vm.new_stop_iteration(None));
            }
            idx
        }
    };
    indices.truncate(pools.len());
    let result: Vec<Value> = pools
        .iter()
        .zip(&indices)
        .map(|(p, &i)| tuple_items(p).get(i).cloned().unwrap_or(Value::None))
        .collect();
    let stored = vm.new_tuple(indices.iter().map(|&i| Value::Int(i as i64)).collect());
    dict::dict_set_str(vm, &d, PRODUCT_INDICES, stored);
    Ok(vm.new_tuple(result))
}

fn too_large(vm: &mut Vm) -> krait_vm::PyErr {
    vm.new_overflow_error("Python int too large to convert to C ssize_t".to_owned())
}

/// Index vectors kept in the instance dict as tuples of ints.
fn store_indices(vm: &mut Vm, d: &ObjRef, key: &str, indices: &[usize]) {
    let t = vm.new_tuple(indices.iter().map(|&i| Value::Int(i as i64)).collect());
    dict::dict_set_str(vm, d, key, t);
}

fn load_indices(v: &Value) -> Vec<usize> {
    tuple_items(v)
        .iter()
        .map(|v| match v {
            Value::Int(n) => *n as usize,
            _ => 0,
        })
        .collect()
}

fn pick(pool: &[Value], indices: &[usize]) -> Vec<Value> {
    indices
        .iter()
        .map(|&i| pool.get(i).cloned().unwrap_or(Value::None))
        .collect()
}

/// Ends a combinatoric iterator: `_indices` becomes False.
fn combinatoric_done(vm: &mut Vm, d: &ObjRef) -> PyResult<Value> {
    dict::dict_set_str(vm, d, PRODUCT_INDICES, Value::Bool(false));
    Err(vm.new_stop_iteration(None))
}

/// `combinations(iterable, r)` and `combinations_with_replacement(iterable, r)`.
fn combinations_common(vm: &mut Vm, mut args: Args, name: &str, replace: bool) -> PyResult<Value> {
    let cls = take_class(vm, name, &mut args)?;
    let mut a = parse_args(vm, name, args, &["iterable", "r"], 2)?.into_iter();
    let iterable = a.next().flatten().unwrap_or(Value::None);
    let r = a.next().flatten().unwrap_or(Value::None);
    let r = match abstract_::index(vm, &r)? {
        Value::Int(n) => n,
        _ => return Err(too_large(vm)),
    };
    let pool = abstract_::collect_iterable(vm, &iterable)?;
    if r < 0 {
        return Err(vm.new_value_error("r must be non-negative".to_owned()));
    }
    let this = Value::Obj(new_instance(vm, &cls, Payload::Instance));
    let d = instance_dict(vm, &this)?;
    let exhausted = if replace {
        pool.is_empty() && r > 0
    } else {
        r as usize > pool.len()
    };
    let pool = vm.new_tuple(pool);
    dict::dict_set_str(vm, &d, POOL, pool);
    dict::dict_set_str(vm, &d, R, Value::Int(r));
    dict::dict_set_str(vm, &d, WITH_REPLACEMENT, Value::Bool(replace));
    let indices = if exhausted {
        Value::Bool(false)
    } else {
        Value::None
    };
    dict::dict_set_str(vm, &d, PRODUCT_INDICES, indices);
    Ok(this)
}

fn combinations_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    combinations_common(vm, args, "combinations", false)
}

fn combinations_with_replacement_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    combinations_common(vm, args, "combinations_with_replacement", true)
}

fn combinations_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = self_arg(vm, &args)?;
    let d = instance_dict(vm, &this)?;
    let pool_value = state(vm, &d, POOL)?;
    let pool = tuple_items(&pool_value);
    let n = pool.len();
    let r = int_state(vm, &d, R)?.unwrap_or(0) as usize;
    let replace = matches!(state(vm, &d, WITH_REPLACEMENT)?, Value::Bool(true));
    let indices = match state(vm, &d, PRODUCT_INDICES)? {
        Value::Bool(false) => return Err(vm.new_stop_iteration(None)),
        Value::None if replace => vec![0; r],
        Value::None => (0..r).collect(),
        current => {
            let mut idx = load_indices(&current);
            let last = |i: usize| if replace { n - 1 } else { i + n - r };
            let Some(i) = (0..idx.len()).rev().find(|&i| idx[i] != last(i)) else {
                return combinatoric_done(vm, &d);
            };
            idx[i] += 1;
            for j in i + 1..idx.len() {
                idx[j] = if replace { idx[i] } else { idx[j - 1] + 1 };
            }
            idx
        }
    };
    let result = pick(pool, &indices);
    store_indices(vm, &d, PRODUCT_INDICES, &indices);
    Ok(vm.new_tuple(result))
}

/// `permutations(iterable, r=None)`.
fn permutations_new(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let cls = take_class(vm, "permutations", &mut args)?;
    let mut a = parse_args(vm, "permutations", args, &["iterable", "r"], 1)?.into_iter();
    let iterable = a.next().flatten().unwrap_or(Value::None);
    let pool = abstract_::collect_iterable(vm, &iterable)?;
    let n = pool.len();
    let r = match a.next().flatten() {
        None | Some(Value::None) => n as i64,
        Some(Value::Int(k)) => k,
        Some(Value::Bool(b)) => b as i64,
        Some(v) if krait_vm::objects::int::as_big(&v).is_some() => return Err(too_large(vm)),
        Some(_) => return Err(vm.new_type_error("Expected int as r".to_owned())),
    };
    if r < 0 {
        return Err(vm.new_value_error("r must be non-negative".to_owned()));
    }
    let this = Value::Obj(new_instance(vm, &cls, Payload::Instance));
    let d = instance_dict(vm, &this)?;
    let pool = vm.new_tuple(pool);
    dict::dict_set_str(vm, &d, POOL, pool);
    dict::dict_set_str(vm, &d, R, Value::Int(r));
    let indices = if r as usize > n {
        Value::Bool(false)
    } else {
        Value::None
    };
    dict::dict_set_str(vm, &d, PRODUCT_INDICES, indices);
    Ok(this)
}

fn permutations_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = self_arg(vm, &args)?;
    let d = instance_dict(vm, &this)?;
    let pool_value = state(vm, &d, POOL)?;
    let pool = tuple_items(&pool_value);
    let n = pool.len();
    let r = int_state(vm, &d, R)?.unwrap_or(0) as usize;
    let (indices, cycles) = match state(vm, &d, PRODUCT_INDICES)? {
        Value::Bool(false) => return Err(vm.new_stop_iteration(None)),
        Value::None => ((0..n).collect::<Vec<_>>(), (n - r + 1..=n).rev().collect()),
        current => {
            let mut idx = load_indices(&current);
            let cycles_value = state(vm, &d, CYCLES)?;
            let mut cycles = load_indices(&cycles_value);
            let mut advanced = false;
            for i in (0..r).rev() {
                cycles[i] -= 1;
                if cycles[i] == 0 {
                    idx[i..].rotate_left(1);
                    cycles[i] = n - i;
                } else {
                    let j = cycles[i];
                    idx.swap(i, n - j);
                    advanced = true;
                    break;
                }
            }
            if !advanced {
                return combinatoric_done(vm, &d);
            }
            (idx, cycles)
        }
    };
    let result = pick(pool, &indices[..r]);
    store_indices(vm, &d, PRODUCT_INDICES, &indices);
    store_indices(vm, &d, CYCLES, &cycles);
    Ok(vm.new_tuple(result))
}

/// A new instance of `cls` with `items` set in its dict.
fn new_with_state(vm: &mut Vm, cls: &ObjRef, items: Vec<(&str, Value)>) -> PyResult<Value> {
    let this = Value::Obj(new_instance(vm, cls, Payload::Instance));
    let d = instance_dict(vm, &this)?;
    for (key, value) in items {
        dict::dict_set_str(vm, &d, key, value);
    }
    Ok(this)
}

/// The `(function, iterable)` arguments of `starmap`, `takewhile`, `dropwhile` and
/// `filterfalse`, as CPython checks them.
fn func_and_iter(vm: &mut Vm, name: &str, mut args: Args) -> PyResult<(ObjRef, Value, Value)> {
    let cls = take_class(vm, name, &mut args)?;
    let mut a = getargs::positional(vm, name, args, 2, 2)?
        .into_iter()
        .flatten();
    let (Some(func), Some(seq)) = (a.next(), a.next()) else {
        return Err(getargs::arity_error(vm, name, 0, 2, 2));
    };
    let it = abstract_::get_iter(vm, &seq)?;
    Ok((cls, func, it))
}

fn func_iter_new(vm: &mut Vm, name: &str, args: Args, flag: bool) -> PyResult<Value> {
    let (cls, func, it) = func_and_iter(vm, name, args)?;
    new_with_state(
        vm,
        &cls,
        vec![(FUNC, func), (ITER, it), (FLAG, Value::Bool(flag))],
    )
}

fn starmap_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    func_iter_new(vm, "starmap", args, false)
}

fn takewhile_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    func_iter_new(vm, "takewhile", args, false)
}

fn dropwhile_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    func_iter_new(vm, "dropwhile", args, true)
}

fn filterfalse_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    func_iter_new(vm, "filterfalse", args, false)
}

/// The dict, function, iterator and flag of a `func_iter_new` object.
fn func_iter_state(vm: &mut Vm, args: &Args) -> PyResult<(ObjRef, Value, Value, bool)> {
    let this = self_arg(vm, args)?;
    let d = instance_dict(vm, &this)?;
    let func = state(vm, &d, FUNC)?;
    let it = state(vm, &d, ITER)?;
    let flag = matches!(state(vm, &d, FLAG)?, Value::Bool(true));
    Ok((d, func, it, flag))
}

fn next_or_stop(vm: &mut Vm, it: &Value) -> PyResult<Value> {
    match abstract_::iter_next(vm, it)? {
        Some(v) => Ok(v),
        None => Err(vm.new_stop_iteration(None)),
    }
}

fn starmap_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_, func, it, _) = func_iter_state(vm, &args)?;
    let item = next_or_stop(vm, &it)?;
    let call_args = match &item {
        Value::Obj(o) if matches!(o.payload, Payload::Tuple(_)) => tuple_items(&item).to_vec(),
        _ => abstract_::collect_iterable(vm, &item)?,
    };
    vm.call1(&func, call_args)
}

fn takewhile_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (d, pred, it, stopped) = func_iter_state(vm, &args)?;
    if stopped {
        return Err(vm.new_stop_iteration(None));
    }
    let item = next_or_stop(vm, &it)?;
    let keep = vm.call1(&pred, vec![item.clone()])?;
    if abstract_::is_true(vm, &keep)? {
        return Ok(item);
    }
    dict::dict_set_str(vm, &d, FLAG, Value::Bool(true));
    Err(vm.new_stop_iteration(None))
}

fn dropwhile_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (d, pred, it, dropping) = func_iter_state(vm, &args)?;
    loop {
        let item = next_or_stop(vm, &it)?;
        if !dropping {
            return Ok(item);
        }
        let drop = vm.call1(&pred, vec![item.clone()])?;
        if !abstract_::is_true(vm, &drop)? {
            dict::dict_set_str(vm, &d, FLAG, Value::Bool(false));
            return Ok(item);
        }
    }
}

fn filterfalse_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_, pred, it, _) = func_iter_state(vm, &args)?;
    loop {
        let item = next_or_stop(vm, &it)?;
        let verdict = match pred {
            Value::None => item.clone(),
            _ => vm.call1(&pred, vec![item.clone()])?,
        };
        if !abstract_::is_true(vm, &verdict)? {
            return Ok(item);
        }
    }
}

/// `compress(data, selectors)`.
fn compress_new(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let cls = take_class(vm, "compress", &mut args)?;
    let mut a = parse_args(vm, "compress", args, &["data", "selectors"], 2)?.into_iter();
    let data = a.next().flatten().unwrap_or(Value::None);
    let selectors = a.next().flatten().unwrap_or(Value::None);
    let data = abstract_::get_iter(vm, &data)?;
    let selectors = abstract_::get_iter(vm, &selectors)?;
    new_with_state(vm, &cls, vec![(ITER, data), (SELECTORS, selectors)])
}

fn compress_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = self_arg(vm, &args)?;
    let d = instance_dict(vm, &this)?;
    let data = state(vm, &d, ITER)?;
    let selectors = state(vm, &d, SELECTORS)?;
    loop {
        let item = next_or_stop(vm, &data)?;
        let selector = next_or_stop(vm, &selectors)?;
        if abstract_::is_true(vm, &selector)? {
            return Ok(item);
        }
    }
}

/// `pairwise(iterable)`: `_held` is None before the first pair, then `(previous,)`.
fn pairwise_new(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let cls = take_class(vm, "pairwise", &mut args)?;
    let mut a = getargs::positional(vm, "pairwise", args, 1, 1)?
        .into_iter()
        .flatten();
    let seq = a.next().unwrap_or(Value::None);
    let it = abstract_::get_iter(vm, &seq)?;
    new_with_state(vm, &cls, vec![(ITER, it), (HELD, Value::None)])
}

fn pairwise_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = self_arg(vm, &args)?;
    let d = instance_dict(vm, &this)?;
    let it = state(vm, &d, ITER)?;
    if let Value::None = it {
        return Err(vm.new_stop_iteration(None));
    }
    let old = match state(vm, &d, HELD)? {
        Value::None => match abstract_::iter_next(vm, &it)? {
            Some(v) => v,
            None => return islice_like_end(vm, &d),
        },
        held => tuple_items(&held).first().cloned().unwrap_or(Value::None),
    };
    let Some(new) = abstract_::iter_next(vm, &it)? else {
        return islice_like_end(vm, &d);
    };
    let held = vm.new_tuple(vec![new.clone()]);
    dict::dict_set_str(vm, &d, HELD, held);
    Ok(vm.new_tuple(vec![old, new]))
}

/// Drops the source iterator and its held item, then raises StopIteration.
fn islice_like_end(vm: &mut Vm, d: &ObjRef) -> PyResult<Value> {
    dict::dict_set_str(vm, d, ITER, Value::None);
    dict::dict_set_str(vm, d, HELD, Value::None);
    Err(vm.new_stop_iteration(None))
}

/// `accumulate(iterable, func=None, *, initial=None)`: `_held` is None before the
/// first item, then `(total,)`.
fn accumulate_new(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let cls = take_class(vm, "accumulate", &mut args)?;
    if args.pos.len() > 2 && args.pos.len() + args.kw.len() <= 3 {
        return Err(vm.new_type_error(format!(
            "accumulate() takes at most 2 positional arguments ({} given)",
            args.pos.len()
        )));
    }
    let names = ["iterable", "func", "initial"];
    let mut a = parse_args(vm, "accumulate", args, &names, 1)?.into_iter();
    let seq = a.next().flatten().unwrap_or(Value::None);
    let func = a.next().flatten().unwrap_or(Value::None);
    let initial = a.next().flatten().unwrap_or(Value::None);
    let it = abstract_::get_iter(vm, &seq)?;
    let held = match initial {
        Value::None => Value::None,
        v => vm.new_tuple(vec![v]),
    };
    new_with_state(
        vm,
        &cls,
        vec![
            (ITER, it),
            (FUNC, func),
            (HELD, Value::None),
            (SELECTORS, held),
        ],
    )
}

fn accumulate_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = self_arg(vm, &args)?;
    let d = instance_dict(vm, &this)?;
    // `initial`, waiting in `_selectors`, comes out first.
    if let initial @ Value::Obj(_) = state(vm, &d, SELECTORS)? {
        dict::dict_set_str(vm, &d, SELECTORS, Value::None);
        dict::dict_set_str(vm, &d, HELD, initial.clone());
        return Ok(tuple_items(&initial)
            .first()
            .cloned()
            .unwrap_or(Value::None));
    }
    let it = state(vm, &d, ITER)?;
    let item = next_or_stop(vm, &it)?;
    let total = match state(vm, &d, HELD)? {
        Value::None => item,
        held => {
            let previous = tuple_items(&held).first().cloned().unwrap_or(Value::None);
            match state(vm, &d, FUNC)? {
                Value::None => abstract_::binary_op(vm, &previous, &item, 0)?,
                func => vm.call1(&func, vec![previous, item])?,
            }
        }
    };
    let held = vm.new_tuple(vec![total.clone()]);
    dict::dict_set_str(vm, &d, HELD, held);
    Ok(total)
}

/// `cycle(iterable)`: `_iter` is the source until it runs out (then None), `_saved`
/// the list of its items, `_held` the index of the next saved item to repeat.
fn cycle_new(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let cls = take_class(vm, "cycle", &mut args)?;
    let mut a = getargs::positional(vm, "cycle", args, 1, 1)?
        .into_iter()
        .flatten();
    let seq = a.next().unwrap_or(Value::None);
    let it = abstract_::get_iter(vm, &seq)?;
    let saved = vm.new_list(vec![]);
    new_with_state(
        vm,
        &cls,
        vec![(ITER, it), (SAVED, saved), (HELD, Value::Int(0))],
    )
}

fn list_items(v: &Value) -> Option<&std::cell::RefCell<Vec<Value>>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::List(items) => Some(items),
            _ => None,
        },
        _ => None,
    }
}

fn cycle_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = self_arg(vm, &args)?;
    let d = instance_dict(vm, &this)?;
    let saved_value = state(vm, &d, SAVED)?;
    let Some(saved) = list_items(&saved_value) else {
        return Err(vm.new_stop_iteration(None));
    };
    let it = state(vm, &d, ITER)?;
    if !matches!(it, Value::None) {
        if let Some(item) = abstract_::iter_next(vm, &it)? {
            saved.borrow_mut().push(item.clone());
            return Ok(item);
        }
        dict::dict_set_str(vm, &d, ITER, Value::None);
    }
    let index = int_state(vm, &d, HELD)?.unwrap_or(0) as usize;
    let (item, len) = {
        let items = saved.borrow();
        (items.get(index).cloned(), items.len())
    };
    match item {
        Some(item) => {
            dict::dict_set_str(vm, &d, HELD, Value::Int(((index + 1) % len) as i64));
            Ok(item)
        }
        None => Err(vm.new_stop_iteration(None)),
    }
}

/// `zip_longest(*iterables, fillvalue=None)`: `_iter` is a list of the iterators,
/// None where one has run out; `_held` counts those still active.
fn zip_longest_new(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let cls = take_class(vm, "zip_longest", &mut args)?;
    let mut fill = Value::None;
    if !args.kw.is_empty() {
        let only_fill =
            args.kw.len() == 1 && abstract_::obj_as_str(&args.kw[0].0) == Some("fillvalue");
        if !only_fill {
            return Err(
                vm.new_type_error("zip_longest() got an unexpected keyword argument".to_owned())
            );
        }
        if let Some((_, v)) = args.kw.pop() {
            fill = v;
        }
    }
    let mut iters = Vec::with_capacity(args.pos.len());
    for seq in &args.pos {
        iters.push(abstract_::get_iter(vm, seq)?);
    }
    let active = Value::Int(iters.len() as i64);
    let iters = vm.new_list(iters);
    new_with_state(vm, &cls, vec![(ITER, iters), (HELD, active), (FILL, fill)])
}

fn zip_longest_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = self_arg(vm, &args)?;
    let d = instance_dict(vm, &this)?;
    let iters_value = state(vm, &d, ITER)?;
    let Some(iters) = list_items(&iters_value) else {
        return Err(vm.new_stop_iteration(None));
    };
    let mut active = int_state(vm, &d, HELD)?.unwrap_or(0);
    let n = iters.borrow().len();
    if n == 0 || active == 0 {
        return Err(vm.new_stop_iteration(None));
    }
    let fill = state(vm, &d, FILL)?;
    let mut result = Vec::with_capacity(n);
    for i in 0..n {
        let it = iters.borrow().get(i).cloned().unwrap_or(Value::None);
        if let Value::None = it {
            result.push(fill.clone());
            continue;
        }
        match abstract_::iter_next(vm, &it)? {
            Some(v) => result.push(v),
            None => {
                active -= 1;
                dict::dict_set_str(vm, &d, HELD, Value::Int(active));
                if active == 0 {
                    return Err(vm.new_stop_iteration(None));
                }
                if let Some(slot) = iters.borrow_mut().get_mut(i) {
                    *slot = Value::None;
                }
                result.push(fill.clone());
            }
        }
    }
    Ok(vm.new_tuple(result))
}

fn add_native_types(vm: &mut Vm, d: &ObjRef) -> PyResult<()> {
    let count = new_native_type(vm, &COUNT_TYPE, None);
    dict::dict_set_str(vm, d, "count", Value::Obj(count));

    let repeat = new_class(vm, "repeat")?;
    add_new(vm, &repeat, repeat_new);
    add_method(vm, &repeat, "__iter__", iter_self);
    add_method(vm, &repeat, "__next__", repeat_next);
    add_method(vm, &repeat, "__length_hint__", repeat_length_hint);
    add_method(vm, &repeat, "__repr__", repeat_repr);
    dict::dict_set_str(vm, d, "repeat", Value::Obj(repeat));

    let chain = new_class(vm, "chain")?;
    add_new(vm, &chain, chain_new);
    add_classmethod(vm, &chain, "from_iterable", chain_from_iterable);
    add_method(vm, &chain, "__iter__", iter_self);
    add_method(vm, &chain, "__next__", chain_next);
    dict::dict_set_str(vm, d, "chain", Value::Obj(chain));

    let islice = new_class(vm, "islice")?;
    add_new(vm, &islice, islice_new);
    add_method(vm, &islice, "__iter__", iter_self);
    add_method(vm, &islice, "__next__", islice_next);
    dict::dict_set_str(vm, d, "islice", Value::Obj(islice));

    let product = new_class(vm, "product")?;
    add_new(vm, &product, product_new);
    add_method(vm, &product, "__iter__", iter_self);
    add_method(vm, &product, "__next__", product_next);
    dict::dict_set_str(vm, d, "product", Value::Obj(product));

    let combinatorics: [(&str, NativeFn, NativeFn); 3] = [
        ("combinations", combinations_new, combinations_next),
        (
            "combinations_with_replacement",
            combinations_with_replacement_new,
            combinations_next,
        ),
        ("permutations", permutations_new, permutations_next),
    ];
    for (name, new, next) in combinatorics {
        let ty = new_class(vm, name)?;
        add_new(vm, &ty, new);
        add_method(vm, &ty, "__iter__", iter_self);
        add_method(vm, &ty, "__next__", next);
        dict::dict_set_str(vm, d, name, Value::Obj(ty));
    }

    let simple: [(&str, NativeFn, NativeFn); 9] = [
        ("cycle", cycle_new, cycle_next),
        ("zip_longest", zip_longest_new, zip_longest_next),
        ("starmap", starmap_new, starmap_next),
        ("takewhile", takewhile_new, takewhile_next),
        ("dropwhile", dropwhile_new, dropwhile_next),
        ("filterfalse", filterfalse_new, filterfalse_next),
        ("compress", compress_new, compress_next),
        ("pairwise", pairwise_new, pairwise_next),
        ("accumulate", accumulate_new, accumulate_next),
    ];
    for (name, new, next) in simple {
        let ty = new_class(vm, name)?;
        add_new(vm, &ty, new);
        add_method(vm, &ty, "__iter__", iter_self);
        add_method(vm, &ty, "__next__", next);
        dict::dict_set_str(vm, d, name, Value::Obj(ty));
    }
    Ok(())
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    crate::frozen_module(vm, "itertools", SOURCE, add_native_types)
}
