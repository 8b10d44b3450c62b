//! The `posix` scheduler functions (`sched_*` and the `sched_param` struct
//! sequence) and the waits that report more than a status: `wait3` and `wait4`
//! with the child's resource usage, and `waitid` with its `waitid_result`.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::function::Args;
use krait_vm::objects::int::{as_i64, is_int};
use krait_vm::objects::{dict, structseq};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};

use super::process::c_int;
use super::{fd_arg, given, last_os_error};

static SCHED_YIELD: Signature = Signature::of("posix", "sched_yield", "($module, /)");
static SCHED_GET_PRIORITY_MIN: Signature =
    Signature::of("posix", "sched_get_priority_min", "($module, /, policy)");
static SCHED_GET_PRIORITY_MAX: Signature =
    Signature::of("posix", "sched_get_priority_max", "($module, /, policy)");
static SCHED_GETAFFINITY: Signature =
    Signature::of("posix", "sched_getaffinity", "($module, pid, /)").parse_tuple();
static SCHED_SETAFFINITY: Signature =
    Signature::of("posix", "sched_setaffinity", "($module, pid, mask, /)").parse_tuple();
static SCHED_GETSCHEDULER: Signature =
    Signature::of("posix", "sched_getscheduler", "($module, pid, /)").parse_tuple();
static SCHED_GETPARAM: Signature =
    Signature::of("posix", "sched_getparam", "($module, pid, /)").parse_tuple();
static SCHED_SETPARAM: Signature =
    Signature::of("posix", "sched_setparam", "($module, pid, param, /)").parse_tuple();
static SCHED_SETSCHEDULER: Signature = Signature::of(
    "posix",
    "sched_setscheduler",
    "($module, pid, policy, param, /)",
)
.parse_tuple();
static SCHED_RR_GET_INTERVAL: Signature =
    Signature::of("posix", "sched_rr_get_interval", "($module, pid, /)").parse_tuple();
static WAIT3: Signature = Signature::of("posix", "wait3", "($module, /, options)");
static WAIT4: Signature =
    Signature::of("posix", "wait4", "($module, /, pid, options)").parse_tuple();
static WAITID: Signature =
    Signature::of("posix", "waitid", "($module, idtype, id, options, /)").parse_tuple();
static SCHED_PARAM_NEW: Signature =
    Signature::of("posix", "sched_param", "($type, sched_priority)").not_listed();

static FUNCTIONS: [MethodDef; 13] = [
    MethodDef::staticmethod("sched_yield", sched_yield).with_signature(&SCHED_YIELD),
    MethodDef::staticmethod("sched_get_priority_min", sched_get_priority_min)
        .with_signature(&SCHED_GET_PRIORITY_MIN),
    MethodDef::staticmethod("sched_get_priority_max", sched_get_priority_max)
        .with_signature(&SCHED_GET_PRIORITY_MAX),
    MethodDef::staticmethod("sched_getaffinity", sched_getaffinity)
        .with_signature(&SCHED_GETAFFINITY),
    MethodDef::staticmethod("sched_setaffinity", sched_setaffinity)
        .with_signature(&SCHED_SETAFFINITY),
    MethodDef::staticmethod("sched_getscheduler", sched_getscheduler)
        .with_signature(&SCHED_GETSCHEDULER),
    MethodDef::staticmethod("sched_getparam", sched_getparam).with_signature(&SCHED_GETPARAM),
    MethodDef::staticmethod("sched_setparam", sched_setparam).with_signature(&SCHED_SETPARAM),
    MethodDef::staticmethod("sched_setscheduler", sched_setscheduler)
        .with_signature(&SCHED_SETSCHEDULER),
    MethodDef::staticmethod("sched_rr_get_interval", sched_rr_get_interval)
        .with_signature(&SCHED_RR_GET_INTERVAL),
    MethodDef::staticmethod("wait3", wait3).with_signature(&WAIT3),
    MethodDef::staticmethod("wait4", wait4).with_signature(&WAIT4),
    MethodDef::staticmethod("waitid", waitid).with_signature(&WAITID),
];

const SCHED_PARAM_DOC: &str = "Currently has only one field: sched_priority\n\n  \
sched_priority\n    A scheduling parameter.";

const WAITID_RESULT_FIELDS: [&str; 5] = ["si_pid", "si_uid", "si_signo", "si_status", "si_code"];

const WAITID_RESULT_DOC: &str = "waitid_result: Result from waitid.\n\n\
This object may be accessed either as a tuple of\n  \
(si_pid, si_uid, si_signo, si_status, si_code),\n\
or via the attributes si_pid, si_uid, and so on.\n\n\
See os.waitid for more information.";

/// The struct-sequence types these functions make, whatever happens to the
/// module's namespace.
struct SchedState {
    sched_param: ObjRef,
    waitid_result: ObjRef,
}

pub(super) fn add_functions(vm: &mut Vm, d: &ObjRef) {
    add_module_functions(vm, d, "posix", &FUNCTIONS);
    let sched_param = structseq::new_type(vm, "posix", "sched_param", &["sched_priority"]);
    krait_vm::objects::add_new(vm, &sched_param, sched_param_new);
    let doc = vm.new_str(SCHED_PARAM_DOC);
    krait_vm::objects::set_type_attr(vm, &sched_param, "__doc__", doc);
    dict::dict_set_str(vm, d, "sched_param", Value::Obj(sched_param.clone()));
    let waitid_result = structseq::new_type(vm, "posix", "waitid_result", &WAITID_RESULT_FIELDS);
    let doc = vm.new_str(WAITID_RESULT_DOC);
    krait_vm::objects::set_type_attr(vm, &waitid_result, "__doc__", doc);
    dict::dict_set_str(vm, d, "waitid_result", Value::Obj(waitid_result.clone()));
    vm.set_module_state(SchedState {
        sched_param,
        waitid_result,
    });
}

fn state(vm: &mut Vm) -> PyResult<std::rc::Rc<SchedState>> {
    vm.module_state::<SchedState>()
        .ok_or_else(|| vm.new_runtime_error("posix is not initialised".to_owned()))
}

/// `sched_param(sched_priority)`: the priority is kept as given and checked when
/// the parameters are used.
fn sched_param_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [priority]) = SCHED_PARAM_NEW.bind(vm, args)?;
    let cls = match cls {
        Some(Value::Obj(c)) if c.type_data().is_some() => c,
        _ => return Err(vm.new_type_error("sched_param.__new__(X): X is not a type".to_owned())),
    };
    Ok(structseq::new(vm, &cls, vec![given(priority)]))
}

/// The priority of a `sched_param` (CPython's `convert_sched_param`).
pub(super) fn sched_param_arg(vm: &mut Vm, v: &Value) -> PyResult<libc::sched_param> {
    let ty = state(vm)?.sched_param.clone();
    let exact = matches!(v, Value::Obj(o) if std::rc::Rc::ptr_eq(&vm.type_of(v), &ty) && o.type_data().is_none());
    if !exact {
        return Err(vm.new_type_error("must have a sched_param object".to_owned()));
    }
    let priority = abstract_::tuple_items(v)
        .and_then(|items| items.first().cloned())
        .unwrap_or(Value::None);
    let n = abstract_::index(vm, &priority)?;
    let Some(n) = as_i64(&n) else {
        return Err(vm.new_overflow_error("Python int too large to convert to C long".to_owned()));
    };
    let Ok(sched_priority) = i32::try_from(n) else {
        return Err(vm.new_overflow_error("sched_priority out of range".to_owned()));
    };
    Ok(libc::sched_param { sched_priority })
}

fn sched_yield(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = SCHED_YIELD.bind_args(vm, args)?;
    // SAFETY: sched_yield gives up the processor and touches no Rust memory.
    if unsafe { libc::sched_yield() } < 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::None)
}

/// A call that returns a number, or -1 with errno.
fn number(vm: &mut Vm, n: i32) -> PyResult<Value> {
    if n < 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::Int(i64::from(n)))
}

fn sched_get_priority_min(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [policy] = SCHED_GET_PRIORITY_MIN.bind_args(vm, args)?;
    let policy = fd_arg(vm, &given(policy))?;
    // SAFETY: the call reads a system limit.
    number(vm, unsafe { libc::sched_get_priority_min(policy) })
}

fn sched_get_priority_max(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [policy] = SCHED_GET_PRIORITY_MAX.bind_args(vm, args)?;
    let policy = fd_arg(vm, &given(policy))?;
    // SAFETY: the call reads a system limit.
    number(vm, unsafe { libc::sched_get_priority_max(policy) })
}

fn sched_getscheduler(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pid] = SCHED_GETSCHEDULER.bind_args(vm, args)?;
    let pid = c_int(vm, pid)?;
    // SAFETY: the call reads a process's policy.
    number(vm, unsafe { libc::sched_getscheduler(pid) })
}

fn sched_getparam(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pid] = SCHED_GETPARAM.bind_args(vm, args)?;
    let pid = c_int(vm, pid)?;
    let mut param = libc::sched_param { sched_priority: 0 };
    // SAFETY: `param` is a live struct the call fills in.
    if unsafe { libc::sched_getparam(pid, &mut param) } < 0 {
        return Err(last_os_error(vm));
    }
    let ty = state(vm)?.sched_param.clone();
    let items = vec![Value::Int(i64::from(param.sched_priority))];
    Ok(structseq::new(vm, &ty, items))
}

fn sched_setparam(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pid, param] = SCHED_SETPARAM.bind_args(vm, args)?;
    let pid = c_int(vm, pid)?;
    let param = sched_param_arg(vm, &given(param))?;
    // SAFETY: `param` is a live struct, only read.
    if unsafe { libc::sched_setparam(pid, &param) } < 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::None)
}

fn sched_setscheduler(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pid, policy, param] = SCHED_SETSCHEDULER.bind_args(vm, args)?;
    let pid = c_int(vm, pid)?;
    let policy = c_int(vm, policy)?;
    let param = sched_param_arg(vm, &given(param))?;
    // SAFETY: `param` is a live struct, only read.
    if unsafe { libc::sched_setscheduler(pid, policy, &param) } < 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::None)
}

fn sched_rr_get_interval(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pid] = SCHED_RR_GET_INTERVAL.bind_args(vm, args)?;
    let pid = c_int(vm, pid)?;
    let mut interval = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `interval` is a live struct the call fills in.
    if unsafe { libc::sched_rr_get_interval(pid, &mut interval) } < 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::Float(
        interval.tv_sec as f64 + interval.tv_nsec as f64 * 1e-9,
    ))
}

/// The most CPUs a set is grown to hold while asking the kernel for one.
const MAX_CPU_WORDS: usize = 1 << 20;

fn sched_getaffinity(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pid] = SCHED_GETAFFINITY.bind_args(vm, args)?;
    let pid = c_int(vm, pid)?;
    let mut words = 16usize;
    let mask = loop {
        let mut mask = vec![0u64; words];
        let bytes = words * 8;
        // SAFETY: `mask` has room for `bytes` bytes; the kernel writes at most that.
        let rc = unsafe { libc::sched_getaffinity(pid, bytes, mask.as_mut_ptr().cast()) };
        if rc == 0 {
            break mask;
        }
        // EINVAL means the set is smaller than the kernel's: try a larger one.
        let error = std::io::Error::last_os_error();
        if error.raw_os_error() == Some(libc::EINVAL) && words < MAX_CPU_WORDS {
            words *= 2;
            continue;
        }
        return Err(super::os_error(vm, &error, &[]));
    };
    let mut cpus = Vec::new();
    for (i, word) in mask.iter().enumerate() {
        for bit in 0..64 {
            if word & (1u64 << bit) != 0 {
                cpus.push(Value::Int((i * 64 + bit) as i64));
            }
        }
    }
    krait_vm::objects::set::new_set(vm, cpus)
}

fn sched_setaffinity(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pid, mask] = SCHED_SETAFFINITY.bind_args(vm, args)?;
    let pid = c_int(vm, pid)?;
    let iterator = abstract_::get_iter(vm, &given(mask))?;
    let mut words: Vec<u64> = vec![0; 16];
    while let Some(item) = abstract_::iter_next(vm, &iterator)? {
        if !is_int(&item) {
            let ty = Value::Obj(vm.type_of(&item));
            let shown = abstract_::repr_string(vm, &ty)?;
            return Err(vm.new_type_error(format!(
                "expected an iterator of ints, but iterator yielded {shown}"
            )));
        }
        let Some(cpu) = as_i64(&item) else {
            return Err(
                vm.new_overflow_error("Python int too large to convert to C long".to_owned())
            );
        };
        if cpu < 0 {
            return Err(vm.new_value_error("negative CPU number".to_owned()));
        }
        if cpu > i64::from(i32::MAX) - 1 {
            return Err(vm.new_overflow_error("invalid CPU number".to_owned()));
        }
        let word = cpu as usize / 64;
        if word >= words.len() {
            words.resize(word + 1, 0);
        }
        if let Some(w) = words.get_mut(word) {
            *w |= 1u64 << (cpu % 64);
        }
    }
    // SAFETY: `words` is a live set of `words.len() * 8` bytes, only read.
    let rc = unsafe { libc::sched_setaffinity(pid, words.len() * 8, words.as_ptr().cast()) };
    if rc < 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::None)
}

/// `(pid, status, rusage)` after a wait, with `resource.struct_rusage`.
fn wait_result(vm: &mut Vm, pid: i32, status: i32, ru: &libc::rusage) -> PyResult<Value> {
    let resource = krait_vm::import::import_full(vm, "resource")?;
    let struct_rusage = abstract_::getattr_str(vm, &resource, "struct_rusage")?;
    let values = crate::resource::rusage_values(ru);
    let items = vm.new_tuple(values);
    let usage = vm.call1(&struct_rusage, vec![items])?;
    Ok(vm.new_tuple(vec![
        Value::Int(i64::from(pid)),
        Value::Int(i64::from(status)),
        usage,
    ]))
}

/// `wait4(pid, options)` with the PEP 475 retry.
fn wait_rusage(vm: &mut Vm, pid: i32, options: i32) -> PyResult<Value> {
    let mut status = 0;
    // SAFETY: all zero bits is a valid `rusage`, which wait4 fills.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let child = krait_vm::oserror::retry_syscall(vm, || {
        // SAFETY: `status` and `ru` are live for the call to write.
        i64::from(unsafe { libc::wait4(pid, &mut status, options, &mut ru) })
    })?;
    wait_result(vm, child as i32, status, &ru)
}

fn wait3(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [options] = WAIT3.bind_args(vm, args)?;
    let options = fd_arg(vm, &given(options))?;
    wait_rusage(vm, -1, options)
}

fn wait4(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pid, options] = WAIT4.bind_args(vm, args)?;
    let pid = c_int(vm, pid)?;
    let options = c_int(vm, options)?;
    wait_rusage(vm, pid, options)
}

fn waitid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [idtype, id, options] = WAITID.bind_args(vm, args)?;
    let idtype = c_int(vm, idtype)?;
    let id = c_int(vm, id)?;
    let options = c_int(vm, options)?;
    // SAFETY: all zero bits is a valid `siginfo_t`; a zero pid after the call
    // means no child was waiting (WNOHANG).
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    krait_vm::oserror::retry_syscall(vm, || {
        // SAFETY: `info` is a live struct the call fills in.
        i64::from(unsafe {
            libc::waitid(
                idtype as libc::idtype_t,
                id as libc::id_t,
                &mut info,
                options,
            )
        })
    })?;
    // SAFETY: the kernel filled in the child fields for the SIGCHLD it reports,
    // and they are zero otherwise.
    let (pid, uid, status) = unsafe { (info.si_pid(), info.si_uid(), info.si_status()) };
    if pid == 0 {
        return Ok(Value::None);
    }
    let ty = state(vm)?.waitid_result.clone();
    let uid = if uid == u32::MAX {
        Value::Int(-1)
    } else {
        Value::Int(i64::from(uid))
    };
    let items = vec![
        Value::Int(i64::from(pid)),
        uid,
        Value::Int(i64::from(info.si_signo)),
        Value::Int(i64::from(status)),
        Value::Int(i64::from(info.si_code)),
    ];
    Ok(structseq::new(vm, &ty, items))
}
