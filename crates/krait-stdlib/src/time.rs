//! The `time` module, core functions (CPython's `Modules/timemodule.c`).

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use krait_vm::objects::dict;
use krait_vm::objects::function::{Args, NativeFn};
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::new_builtin_function;
use krait_vm::{getargs, ObjRef, PyResult, Value, Vm};

fn since_epoch() -> std::time::Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// A process-wide monotonic origin: the first call fixes it.
fn monotonic() -> std::time::Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "time");
    let d = module_dict(&m).expect("a module");
    let fns: Vec<(&'static str, NativeFn)> = vec![
        ("time", |_, _| Ok(Value::Float(since_epoch().as_secs_f64()))),
        ("time_ns", |vm, _| {
            Ok(vm.new_big_int(since_epoch().as_nanos().into()))
        }),
        ("perf_counter", |_, _| {
            Ok(Value::Float(monotonic().as_secs_f64()))
        }),
        ("perf_counter_ns", |vm, _| {
            Ok(vm.new_big_int(monotonic().as_nanos().into()))
        }),
        ("monotonic", |_, _| {
            Ok(Value::Float(monotonic().as_secs_f64()))
        }),
        ("monotonic_ns", |vm, _| {
            Ok(vm.new_big_int(monotonic().as_nanos().into()))
        }),
        ("process_time", |_, _| {
            Ok(Value::Float(monotonic().as_secs_f64()))
        }),
        ("sleep", |vm, args: Args| {
            let v = getargs::exactly_one(vm, "sleep", args)?;
            let secs = match v {
                Value::Float(x) => x,
                Value::Int(n) => n as f64,
                _ => {
                    return Err(vm.new_type_error(format!(
                        "'{}' object cannot be interpreted as an integer",
                        vm.type_name_of(&v)
                    )))
                }
            };
            if secs < 0.0 {
                return Err(vm.new_value_error("sleep length must be non-negative".to_owned()));
            }
            vm.flush_stdout();
            std::thread::sleep(std::time::Duration::from_secs_f64(secs.min(1e9)));
            Ok(Value::None)
        }),
    ];
    for (name, f) in fns {
        let v = new_builtin_function(vm, name, f, Some("time"));
        dict::dict_set_str(vm, &d, name, v);
    }
    Ok(m)
}
