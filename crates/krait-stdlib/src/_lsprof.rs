//! The `_lsprof` module (CPython's `Modules/_lsprof.c`): `Profiler`, the
//! deterministic profiler under `cProfile`. It is a profile hook written in Rust
//! (`krait_vm::trace`), so a profiled call costs no Python call: it times each
//! Python frame from its `call` to its `return` event and each builtin call from
//! `c_call` to `c_return`, counting calls, recursive calls, total time and the
//! time spent in the function itself, per function and per caller.

use std::cell::RefCell;
use std::collections::HashMap;

use krait_vm::native::{
    native_data, new_native_object, new_native_type, MethodDef, NativeData, NativeTypeSpec,
};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::structseq;
use krait_vm::signature::Signature;
use krait_vm::trace::{Hook, Kind, TraceEvent};
use krait_vm::{ObjRef, Payload, PyResult, Value, Vm};

/// What identifies a profiled function: its code, or a builtin's function pointer
/// and name (CPython keys builtins by their `PyMethodDef`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Code(*const krait_vm::objects::code::CodeData),
    Builtin(usize, *const u8),
}

/// Counts for one function, or for one function called from one caller.
#[derive(Default, Clone, Copy)]
struct Counts {
    /// Total time (outermost calls only, so recursion is not counted twice).
    total: i64,
    /// Time in the function itself, not in what it called.
    inline: i64,
    calls: i64,
    recursive_calls: i64,
    /// Calls now running.
    depth: i64,
}

impl Counts {
    fn enter(&mut self) {
        self.depth += 1;
    }

    fn leave(&mut self, total: i64, inline: i64) {
        self.depth -= 1;
        if self.depth == 0 {
            self.total += total;
        } else {
            self.recursive_calls += 1;
        }
        self.inline += inline;
        self.calls += 1;
    }
}

struct Entry {
    /// The code object, or a description of the builtin.
    label: Value,
    counts: Counts,
    /// By the index of the callee's entry.
    callees: Vec<(usize, Counts)>,
}

/// A call being timed.
struct Context {
    entry: usize,
    start: i64,
    /// Time spent in calls made from it.
    in_callees: i64,
}

struct ProfilerState {
    entries: Vec<Entry>,
    /// Where each function's entry is in `entries`.
    by_key: HashMap<Key, usize>,
    contexts: Vec<Context>,
    subcalls: bool,
    builtins: bool,
    enabled: bool,
    timer: Option<Value>,
    time_unit: f64,
}

struct ProfilerData {
    state: RefCell<ProfilerState>,
}

impl NativeData for ProfilerData {
    fn holds_values(&self) -> bool {
        false
    }
}

struct LsprofState {
    entry_type: ObjRef,
    subentry_type: ObjRef,
}

static PROFILER_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "Profiler(timer=None, timeunit=None, subcalls=True, builtins=True)\n\n    \
         Builds a profiler object using the specified timer function.\n    \
         The default timer is a fast built-in one based on real time.\n    \
         For custom timer functions returning integers, timeunit can\n    \
         be a float specifying a scale (i.e. how long each integer unit\n    \
         is, in seconds).\n",
    ),
    subclassable: true,
    new: Some(profiler_new),
    methods: &[
        MethodDef::method("__init__", profiler_init).with_signature(&INIT),
        MethodDef::method("getstats", profiler_getstats)
            .with_signature(&GETSTATS)
            .with_doc(GETSTATS_DOC),
        MethodDef::method("enable", profiler_enable)
            .with_signature(&ENABLE)
            .with_doc(
                "enable(subcalls=True, builtins=True)\n\n\
                 Start collecting profiling information.\n\
                 If 'subcalls' is True, also records for each function\n\
                 statistics separated according to its current caller.\n\
                 If 'builtins' is True, records the time spent in\n\
                 built-in functions separately from their caller.\n",
            ),
        MethodDef::method("disable", profiler_disable)
            .with_signature(&DISABLE)
            .with_doc("disable()\n\nStop collecting profiling information.\n"),
        MethodDef::method("clear", profiler_clear)
            .with_signature(&CLEAR)
            .with_doc("clear()\n\nClear all profiling information collected so far.\n"),
    ],
    ..NativeTypeSpec::new("Profiler", "_lsprof")
};

static INIT: Signature = Signature::new(
    "Profiler",
    "($self, /, timer=None, timeunit=0.0, subcalls=1, builtins=1)",
)
.parse_tuple()
.not_listed();
static ENABLE: Signature = Signature::new("enable", "($self, /, subcalls=-1, builtins=-1)")
    .parse_tuple()
    .not_listed();
static GETSTATS: Signature = Signature::of("Profiler", "getstats", "($self, /)");
static DISABLE: Signature = Signature::of("Profiler", "disable", "($self, /)").not_listed();
static CLEAR: Signature = Signature::of("Profiler", "clear", "($self, /)").not_listed();

const GETSTATS_DOC: &str = "list of profiler_entry objects.\n\n\
getstats() -> list of profiler_entry objects\n\n\
Return all information collected by the profiler.\n\
Each profiler_entry is a tuple-like object with the\n\
following attributes:\n\n    \
code          code object\n    \
callcount     how many times this was called\n    \
reccallcount  how many times called recursively\n    \
totaltime     total time in this entry\n    \
inlinetime    inline time in this entry (not in subcalls)\n    \
calls         details of the calls\n\n\
The calls attribute is either None or a list of\n\
profiler_subentry objects:\n\n    \
code          called code object\n    \
callcount     how many times this is called\n    \
reccallcount  how many times this is called recursively\n    \
totaltime     total time spent in this call\n    \
inlinetime    inline time (not in further subcalls)";

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_lsprof");
    let d = module_dict(&m).expect("a module has a dict");
    let profiler = new_native_type(vm, &PROFILER_TYPE, None);
    dict::dict_set_str(vm, &d, "Profiler", Value::Obj(profiler));
    let entry_type = structseq::new_type(
        vm,
        "_lsprof",
        "profiler_entry",
        &[
            "code",
            "callcount",
            "reccallcount",
            "totaltime",
            "inlinetime",
            "calls",
        ],
    );
    let subentry_type = structseq::new_type(
        vm,
        "_lsprof",
        "profiler_subentry",
        &[
            "code",
            "callcount",
            "reccallcount",
            "totaltime",
            "inlinetime",
        ],
    );
    dict::dict_set_str(vm, &d, "profiler_entry", Value::Obj(entry_type.clone()));
    dict::dict_set_str(
        vm,
        &d,
        "profiler_subentry",
        Value::Obj(subentry_type.clone()),
    );
    vm.set_module_state(LsprofState {
        entry_type,
        subentry_type,
    });
    Ok(m)
}

fn profiler_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a ProfilerData> {
    native_data::<ProfilerData>(this).ok_or_else(|| {
        vm.new_type_error("descriptor requires a '_lsprof.Profiler' object".to_owned())
    })
}

fn profiler_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = match args.pos.first() {
        Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
        _ => {
            return Err(vm.new_type_error("Profiler.__new__(X): X is not a type object".to_owned()))
        }
    };
    let data = ProfilerData {
        state: RefCell::new(ProfilerState {
            entries: Vec::new(),
            by_key: HashMap::new(),
            contexts: Vec::new(),
            subcalls: true,
            builtins: true,
            enabled: false,
            timer: None,
            time_unit: 0.0,
        }),
    };
    Ok(new_native_object(vm, &cls, data))
}

/// An `int` flag of `enable`/`__init__`: negative leaves the setting as it is.
fn flag(vm: &mut Vm, value: Option<Value>, default: isize) -> PyResult<isize> {
    match value {
        None => Ok(default),
        Some(v) => krait_vm::objects::str_methods::c_int_arg(vm, &v),
    }
}

fn apply_flags(state: &mut ProfilerState, subcalls: isize, builtins: isize) {
    if subcalls >= 0 {
        state.subcalls = subcalls != 0;
    }
    if builtins >= 0 {
        state.builtins = builtins != 0;
    }
}

fn profiler_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [timer, unit, subcalls, builtins]) = INIT.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let unit = match unit {
        Some(v) => krait_vm::objects::float::as_double(vm, &v)?,
        None => 0.0,
    };
    let subcalls = flag(vm, subcalls, 1)?;
    let builtins = flag(vm, builtins, 1)?;
    let data = profiler_of(vm, &this)?;
    let mut state = data.state.borrow_mut();
    apply_flags(&mut state, subcalls, builtins);
    state.time_unit = unit;
    state.timer = timer.filter(|t| !t.is_none());
    Ok(Value::None)
}

fn profiler_enable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [subcalls, builtins]) = ENABLE.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let subcalls = flag(vm, subcalls, -1)?;
    let builtins = flag(vm, builtins, -1)?;
    {
        let data = profiler_of(vm, &this)?;
        apply_flags(&mut data.state.borrow_mut(), subcalls, builtins);
    }
    let hook = Hook::Native {
        object: this.clone(),
        callback: profiler_callback,
    };
    krait_vm::trace::install(vm, Kind::Profile, Some(hook))?;
    profiler_of(vm, &this)?.state.borrow_mut().enabled = true;
    Ok(Value::None)
}

fn profiler_disable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DISABLE.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    profiler_of(vm, &this)?;
    krait_vm::trace::install(vm, Kind::Profile, None)?;
    let now = now(vm, &this);
    let data = profiler_of(vm, &this)?;
    let mut state = data.state.borrow_mut();
    state.enabled = false;
    // Calls still running are timed up to now.
    while !state.contexts.is_empty() {
        stop(&mut state, now);
    }
    Ok(Value::None)
}

fn profiler_clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CLEAR.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let data = profiler_of(vm, &this)?;
    let mut state = data.state.borrow_mut();
    state.entries.clear();
    state.by_key.clear();
    state.contexts.clear();
    Ok(Value::None)
}

fn profiler_getstats(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = GETSTATS.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let Some(types) = vm.module_state::<LsprofState>() else {
        return Err(vm.new_runtime_error("_lsprof is not initialised".to_owned()));
    };
    let data = profiler_of(vm, &this)?;
    let (rows, factor) = {
        let state = data.state.borrow();
        let factor = match &state.timer {
            Some(_) if state.time_unit != 0.0 => state.time_unit,
            _ => 1e-9,
        };
        let rows: Vec<StatsRow> = state
            .entries
            .iter()
            .filter(|e| e.counts.calls > 0)
            .map(|e| {
                let callees = e
                    .callees
                    .iter()
                    .map(|(index, counts)| (state.entries[*index].label.clone(), *counts))
                    .collect();
                (e.label.clone(), e.counts, callees)
            })
            .collect();
        (rows, factor)
    };
    let mut list = Vec::with_capacity(rows.len());
    for (label, counts, callees) in rows {
        let calls = if callees.is_empty() {
            Value::None
        } else {
            let subentries = callees
                .into_iter()
                .map(|(label, c)| {
                    let fields = stats_fields(label, &c, factor);
                    structseq::new(vm, &types.subentry_type, fields)
                })
                .collect();
            vm.new_list(subentries)
        };
        let mut fields = stats_fields(label, &counts, factor);
        fields.push(calls);
        list.push(structseq::new(vm, &types.entry_type, fields));
    }
    Ok(vm.new_list(list))
}

/// A function's label and counts, with those of each function it called.
type StatsRow = (Value, Counts, Vec<(Value, Counts)>);

fn stats_fields(label: Value, counts: &Counts, factor: f64) -> Vec<Value> {
    vec![
        label,
        Value::Int(counts.calls),
        Value::Int(counts.recursive_calls),
        Value::Float(factor * counts.total as f64),
        Value::Float(factor * counts.inline as f64),
    ]
}

/// The time now, in the timer's units (nanoseconds for the default one).
fn now(vm: &mut Vm, this: &Value) -> i64 {
    let (timer, unit) = match native_data::<ProfilerData>(this) {
        Some(data) => {
            let state = data.state.borrow();
            (state.timer.clone(), state.time_unit)
        }
        None => (None, 0.0),
    };
    let Some(timer) = timer else {
        return perf_counter_ns();
    };
    let reading = vm.call1(&timer, vec![]).and_then(|v| {
        if unit > 0.0 {
            // Integers scaled by `timeunit` when the stats are read.
            match krait_vm::abstract_::index(vm, &v)? {
                Value::Int(n) => Ok(n),
                _ => Err(vm.new_overflow_error("timer value out of range".to_owned())),
            }
        } else {
            let seconds = krait_vm::objects::float::as_double(vm, &v)?;
            Ok((seconds * 1e9).floor() as i64)
        }
    });
    match reading {
        Ok(t) => t,
        Err(err) => {
            vm.report_unraisable(&err, Some(timer), None);
            0
        }
    }
}

/// Nanoseconds of a monotonic clock (the default timer).
fn perf_counter_ns() -> i64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let start = START.get_or_init(std::time::Instant::now);
    i64::try_from(start.elapsed().as_nanos()).unwrap_or(i64::MAX)
}

/// The profile hook.
fn profiler_callback(
    vm: &mut Vm,
    this: &Value,
    depth: usize,
    event: TraceEvent,
    arg: &Value,
) -> PyResult<()> {
    let Some(data) = native_data::<ProfilerData>(this) else {
        return Ok(());
    };
    match event {
        TraceEvent::Call => {
            let code = vm.frames[depth].code.clone();
            let key = Key::Code(std::rc::Rc::as_ptr(&code));
            enter(vm, this, data, key, |vm| code_object(vm, depth))
        }
        TraceEvent::Return => {
            let key = Key::Code(std::rc::Rc::as_ptr(&vm.frames[depth].code));
            leave(vm, this, data, key);
        }
        TraceEvent::CCall if data.state.borrow().builtins => {
            if let Some(key) = builtin_key(arg) {
                enter(vm, this, data, key, |vm| builtin_label(vm, arg));
            }
        }
        TraceEvent::CReturn | TraceEvent::CException if data.state.borrow().builtins => {
            if let Some(key) = builtin_key(arg) {
                leave(vm, this, data, key);
            }
        }
        _ => {}
    }
    Ok(())
}

fn enter(
    vm: &mut Vm,
    this: &Value,
    data: &ProfilerData,
    key: Key,
    label: impl FnOnce(&mut Vm) -> Value,
) {
    let known = data.state.borrow().by_key.get(&key).copied();
    let index = match known {
        Some(i) => i,
        None => {
            let label = label(vm);
            let mut state = data.state.borrow_mut();
            state.entries.push(Entry {
                label,
                counts: Counts::default(),
                callees: Vec::new(),
            });
            let index = state.entries.len() - 1;
            state.by_key.insert(key, index);
            index
        }
    };
    let start = now(vm, this);
    let mut state = data.state.borrow_mut();
    state.entries[index].counts.enter();
    if state.subcalls {
        if let Some(caller) = state.contexts.last().map(|c| c.entry) {
            callee_counts(&mut state.entries[caller], index).enter();
        }
    }
    state.contexts.push(Context {
        entry: index,
        start,
        in_callees: 0,
    });
}

fn leave(vm: &mut Vm, this: &Value, data: &ProfilerData, key: Key) {
    if data.state.borrow().contexts.is_empty() {
        return;
    }
    let now = now(vm, this);
    let mut state = data.state.borrow_mut();
    // A return whose call was never seen (the profiler was enabled inside it) only
    // ends the context.
    if state.by_key.contains_key(&key) {
        stop(&mut state, now);
    } else {
        state.contexts.pop();
    }
}

/// Ends the innermost timed call.
fn stop(state: &mut ProfilerState, now: i64) {
    let Some(context) = state.contexts.pop() else {
        return;
    };
    let total = now - context.start;
    let inline = total - context.in_callees;
    if let Some(caller) = state.contexts.last_mut() {
        caller.in_callees += total;
    }
    state.entries[context.entry].counts.leave(total, inline);
    if state.subcalls {
        if let Some(caller) = state.contexts.last().map(|c| c.entry) {
            callee_counts(&mut state.entries[caller], context.entry).leave(total, inline);
        }
    }
}

fn callee_counts(caller: &mut Entry, callee: usize) -> &mut Counts {
    let at = match caller.callees.iter().position(|(i, _)| *i == callee) {
        Some(at) => at,
        None => {
            caller.callees.push((callee, Counts::default()));
            caller.callees.len() - 1
        }
    };
    &mut caller.callees[at].1
}

/// The code object of the frame at `depth`, as `f_code` gives it.
fn code_object(vm: &mut Vm, depth: usize) -> Value {
    let frame = &vm.frames[depth];
    if let Some(object) = frame.function_code_object() {
        return Value::Obj(object);
    }
    let code = frame.code.clone();
    Value::Obj(krait_vm::PyObject::new(
        vm.types.code.clone(),
        Payload::Code(code),
    ))
}

fn builtin_key(arg: &Value) -> Option<Key> {
    match arg {
        Value::Obj(o) => match &o.payload {
            Payload::BuiltinFunction(f) => Some(Key::Builtin(f.func as usize, f.name.as_ptr())),
            _ => None,
        },
        _ => None,
    }
}

/// How a builtin shows in the stats: the repr of the method on its object's type
/// (`<method 'append' of 'list' objects>`), else `<built-in method module.name>`.
fn builtin_label(vm: &mut Vm, arg: &Value) -> Value {
    let Value::Obj(o) = arg else {
        return Value::None;
    };
    let Payload::BuiltinFunction(f) = &o.payload else {
        return Value::None;
    };
    if let Some(this) = &f.this {
        if !matches!(this, Value::Obj(m) if matches!(m.payload, Payload::Module(_))) {
            let class = vm.type_of(this);
            if let Some(method) = krait_vm::objects::typeobject::lookup(&class, f.name) {
                if let Ok(repr) = krait_vm::abstract_::repr(vm, &method) {
                    return repr;
                }
            }
        }
    }
    let text = match f.module {
        Some(module) => format!("<built-in method {module}.{}>", f.name),
        None => format!("<built-in method {}>", f.name),
    };
    vm.new_str(text)
}
