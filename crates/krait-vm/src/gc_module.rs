//! The `gc` module (CPython's `Modules/gcmodule.c`, the Python-facing part):
//! running the cycle collector and switching it on and off.

use crate::native::{add_module_functions, MethodDef};
use crate::object::{ObjRef, Payload};
use crate::objects::dict;
use crate::objects::function::Args;
use crate::objects::module::{module_dict, new_module};
use crate::signature::Signature;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};

static COLLECT: Signature = Signature::of("gc", "collect", "($module, /, generation=2)");
static ENABLE: Signature = Signature::of("gc", "enable", "($module, /)");
static DISABLE: Signature = Signature::of("gc", "disable", "($module, /)");
static ISENABLED: Signature = Signature::of("gc", "isenabled", "($module, /)");
static GET_COUNT: Signature = Signature::of("gc", "get_count", "($module, /)");
static GET_THRESHOLD: Signature = Signature::of("gc", "get_threshold", "($module, /)");
/// A `PyArg_ParseTuple` function of CPython's, which shows no signature.
static SET_THRESHOLD: Signature = Signature::new(
    "set_threshold",
    "(threshold0, threshold1=?, threshold2=?, /)",
)
.parse_tuple()
.not_listed();
static IS_TRACKED: Signature = Signature::of("gc", "is_tracked", "($module, obj, /)");
static FREEZE: Signature = Signature::of("gc", "freeze", "($module, /)");
static UNFREEZE: Signature = Signature::of("gc", "unfreeze", "($module, /)");
static GET_FREEZE_COUNT: Signature = Signature::of("gc", "get_freeze_count", "($module, /)");

static GET_DEBUG: Signature = Signature::of("gc", "get_debug", "($module, /)");
static SET_DEBUG: Signature = Signature::of("gc", "set_debug", "($module, flags, /)");
static GET_STATS: Signature = Signature::of("gc", "get_stats", "($module, /)");

static GET_OBJECTS: Signature = Signature::of("gc", "get_objects", "($module, /, generation=None)");

static FUNCTIONS: [MethodDef; 17] = [
    MethodDef::staticmethod("get_debug", gc_get_debug).with_signature(&GET_DEBUG),
    MethodDef::staticmethod("set_debug", gc_set_debug).with_signature(&SET_DEBUG),
    MethodDef::staticmethod("get_stats", gc_get_stats).with_signature(&GET_STATS),
    MethodDef::staticmethod("get_objects", gc_get_objects).with_signature(&GET_OBJECTS),
    MethodDef::staticmethod("get_referrers", gc_get_referrers).with_doc(
        "get_referrers(*objs) -> list\n\
         Return the list of objects that directly refer to any of objs.",
    ),
    MethodDef::staticmethod("get_referents", gc_get_referents).with_doc(
        "get_referents(*objs) -> list\n\
         Return the list of objects that are directly referred to by objs.",
    ),
    MethodDef::staticmethod("collect", gc_collect).with_signature(&COLLECT),
    MethodDef::staticmethod("enable", gc_enable).with_signature(&ENABLE),
    MethodDef::staticmethod("disable", gc_disable).with_signature(&DISABLE),
    MethodDef::staticmethod("isenabled", gc_isenabled).with_signature(&ISENABLED),
    MethodDef::staticmethod("get_count", gc_get_count).with_signature(&GET_COUNT),
    MethodDef::staticmethod("get_threshold", gc_get_threshold).with_signature(&GET_THRESHOLD),
    MethodDef::staticmethod("set_threshold", gc_set_threshold).with_signature(&SET_THRESHOLD),
    MethodDef::staticmethod("is_tracked", gc_is_tracked).with_signature(&IS_TRACKED),
    MethodDef::staticmethod("freeze", gc_freeze).with_signature(&FREEZE),
    MethodDef::staticmethod("unfreeze", gc_unfreeze).with_signature(&UNFREEZE),
    MethodDef::staticmethod("get_freeze_count", gc_get_freeze_count)
        .with_signature(&GET_FREEZE_COUNT),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "gc");
    let d = module_dict(&m).expect("a module");
    add_module_functions(vm, &d, "gc", &FUNCTIONS);
    for name in ["garbage", "callbacks"] {
        let l = vm.new_list(vec![]);
        dict::dict_set_str(vm, &d, name, l);
    }
    for (name, value) in [
        ("DEBUG_STATS", 1),
        ("DEBUG_COLLECTABLE", 2),
        ("DEBUG_UNCOLLECTABLE", 4),
        ("DEBUG_SAVEALL", 32),
        ("DEBUG_LEAK", 38),
    ] {
        dict::dict_set_str(vm, &d, name, Value::Int(value));
    }
    Ok(m)
}

/// `collect(generation=2)`: generation 2 collects everything, 0 and 1 the objects
/// made since the last collection (Krait's young generation serves both).
fn gc_collect(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [generation] = COLLECT.bind_args(vm, args)?;
    let generation = match generation {
        Some(generation) => crate::objects::str_methods::c_int_arg(vm, &generation)?,
        None => 2,
    };
    let Ok(generation @ 0..=2) = usize::try_from(generation) else {
        return Err(vm.new_error(Exc::ValueError, "invalid generation"));
    };
    Ok(Value::Int(vm.collect_for_module(generation) as i64))
}

fn gc_get_debug(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GET_DEBUG.bind_args(vm, args)?;
    Ok(Value::Int(vm.gc.debug_flags.get()))
}

fn gc_set_debug(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [flags] = SET_DEBUG.bind_args(vm, args)?;
    let flags = crate::objects::str_methods::c_int_arg(vm, &flags.unwrap_or(Value::None))?;
    vm.gc.debug_flags.set(flags as i64);
    Ok(Value::None)
}

/// `get_stats()`: a dict per generation, of its collections and what they found
/// (nothing is uncollectable: finalisers do not stop a collection).
fn gc_get_stats(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GET_STATS.bind_args(vm, args)?;
    let mut generations = Vec::new();
    for generation in 0..3 {
        let stats = &vm.gc.stats[generation];
        let counts = [
            ("collections", stats.collections.get()),
            ("collected", stats.collected.get()),
            ("uncollectable", 0),
        ];
        let d = vm.new_dict();
        for (key, count) in counts {
            dict::dict_set_str(vm, &d, key, Value::Int(count as i64));
        }
        generations.push(Value::Obj(d));
    }
    Ok(vm.new_list(generations))
}

/// `get_objects(generation=None)`: the containers the collector tracks.
fn gc_get_objects(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [generation] = GET_OBJECTS.bind_args(vm, args)?;
    if let Some(generation) = generation.filter(|g| !g.is_none()) {
        let n = crate::objects::str_methods::c_int_arg(vm, &generation)?;
        if n >= 3 {
            return Err(vm.new_error(
                Exc::ValueError,
                "generation parameter must be less than the number of available generations (3)",
            ));
        }
        if n < -1 {
            return Err(vm.new_error(Exc::ValueError, "generation parameter cannot be negative"));
        }
    }
    let objects = vm.gc.live_objects().into_iter().map(Value::Obj).collect();
    Ok(vm.new_list(objects))
}

/// Whether `found` is `target` as the program sees it: the same object, or code
/// objects over the same code (a frame's `f_code` is made when read).
fn same_object(found: &ObjRef, target: &Value) -> bool {
    let Value::Obj(target) = target else {
        return false;
    };
    if std::rc::Rc::ptr_eq(found, target) {
        return true;
    }
    match (&found.payload, &target.payload) {
        (Payload::Code(a), Payload::Code(b)) => std::rc::Rc::ptr_eq(a, b),
        _ => false,
    }
}

/// `get_referrers(*objs)`: the tracked containers that refer to any of `objs`.
fn gc_get_referrers(vm: &mut Vm, args: Args) -> PyResult<Value> {
    no_keywords(vm, "get_referrers", &args)?;
    let refers = |found: &[ObjRef]| {
        found
            .iter()
            .any(|r| args.pos.iter().any(|t| same_object(r, t)))
    };
    let mut referrers: Vec<Value> = vm
        .gc
        .live_objects()
        .into_iter()
        .filter(|obj| refers(&crate::gc::referents(obj)))
        .map(Value::Obj)
        .collect();
    // Classes are not tracked, but they refer to their namespace.
    let mut classes = vec![vm.types.object.clone()];
    let mut seen = std::collections::HashSet::new();
    while let Some(class) = classes.pop() {
        if !seen.insert(std::rc::Rc::as_ptr(&class)) {
            continue;
        }
        let namespace = crate::objects::typeobject::type_data(&class).dict.clone();
        classes.extend(crate::objects::typeobject::live_subclasses(&class));
        if refers(&[namespace]) {
            referrers.push(Value::Obj(class));
        }
    }
    Ok(vm.new_list(referrers))
}

/// `get_referents(*objs)`: what the containers among `objs` refer to.
fn gc_get_referents(vm: &mut Vm, args: Args) -> PyResult<Value> {
    no_keywords(vm, "get_referents", &args)?;
    let mut found = Vec::new();
    for obj in &args.pos {
        if let Value::Obj(o) = obj {
            if let Some(values) = held_values(o) {
                found.extend(values);
            } else if crate::gc::is_container(&o.payload) {
                found.extend(crate::gc::referents(o).into_iter().map(Value::Obj));
            }
        }
    }
    Ok(vm.new_list(found))
}

/// What a builtin collection holds, numbers and other values kept unboxed
/// included (the collector itself visits only objects).
fn held_values(o: &ObjRef) -> Option<Vec<Value>> {
    Some(match &o.payload {
        Payload::List(items) => items.borrow().clone(),
        Payload::Tuple(items) => items.to_vec(),
        Payload::Dict(d) => d
            .borrow()
            .items()
            .into_iter()
            .flat_map(|(k, v)| [k, v])
            .collect(),
        Payload::Set(_) | Payload::FrozenSet(_) => {
            crate::objects::set::set_items(&Value::Obj(o.clone()))?
        }
        _ => return None,
    })
}

fn no_keywords(vm: &mut Vm, name: &str, args: &Args) -> PyResult<()> {
    if args.kw.is_empty() {
        return Ok(());
    }
    Err(vm.new_type_error(format!("{name}() takes no keyword arguments")))
}

fn gc_enable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = ENABLE.bind_args(vm, args)?;
    vm.gc.enabled.set(true);
    Ok(Value::None)
}

fn gc_disable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = DISABLE.bind_args(vm, args)?;
    vm.gc.enabled.set(false);
    Ok(Value::None)
}

fn gc_isenabled(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = ISENABLED.bind_args(vm, args)?;
    Ok(Value::Bool(vm.gc.enabled.get()))
}

fn gc_get_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GET_COUNT.bind_args(vm, args)?;
    Ok(vm.new_tuple(vec![
        Value::Int(vm.gc.count() as i64),
        Value::Int(0),
        Value::Int(0),
    ]))
}

fn gc_get_threshold(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GET_THRESHOLD.bind_args(vm, args)?;
    Ok(vm.new_tuple(vec![Value::Int(700), Value::Int(10), Value::Int(10)]))
}

/// `set_threshold(threshold0, [threshold1, [threshold2]])`: accepted and ignored;
/// Krait's collector sets its own pace.
fn gc_set_threshold(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let thresholds: [Option<Value>; 3] = SET_THRESHOLD.bind_args(vm, args)?;
    for threshold in thresholds.into_iter().flatten() {
        // Checked as the C ints CPython stores them in.
        let n = crate::abstract_::index(vm, &threshold)?;
        let n = crate::objects::int::as_big(&n).unwrap_or_default();
        if i32::try_from(&n).is_err() {
            let side = if n.sign() == num_bigint::Sign::Minus {
                "less than minimum"
            } else {
                "greater than maximum"
            };
            return Err(vm.new_overflow_error(format!("signed integer is {side}")));
        }
    }
    Ok(Value::None)
}

fn gc_is_tracked(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj] = IS_TRACKED.bind_args(vm, args)?;
    Ok(Value::Bool(
        matches!(&obj, Some(Value::Obj(o)) if o.gc_slot.get() != crate::gc::UNTRACKED),
    ))
}

fn gc_freeze(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = FREEZE.bind_args(vm, args)?;
    Ok(Value::None)
}

fn gc_unfreeze(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = UNFREEZE.bind_args(vm, args)?;
    Ok(Value::None)
}

fn gc_get_freeze_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GET_FREEZE_COUNT.bind_args(vm, args)?;
    Ok(Value::Int(0))
}
