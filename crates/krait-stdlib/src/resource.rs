//! The `resource` module (CPython's `Modules/resource.c`): the process's resource
//! limits (`getrlimit`, `setrlimit`, `prlimit`), its usage (`getrusage`, a
//! `struct_rusage` struct sequence) and the page size, with the Linux constants.
//! There are no audit events (Krait has no audit hooks).

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::structseq;
use krait_vm::signature::Signature;
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};

use crate::given;

static GETRUSAGE: Signature = Signature::of("resource", "getrusage", "($module, who, /)");
static GETRLIMIT: Signature = Signature::of("resource", "getrlimit", "($module, resource, /)");
static SETRLIMIT: Signature =
    Signature::of("resource", "setrlimit", "($module, resource, limits, /)");
static GETPAGESIZE: Signature = Signature::of("resource", "getpagesize", "($module, /)");

static FUNCTIONS: [MethodDef; 5] = [
    MethodDef::staticmethod("getrusage", getrusage).with_signature(&GETRUSAGE),
    MethodDef::staticmethod("getrlimit", getrlimit).with_signature(&GETRLIMIT),
    // Argument Clinic's optional group (`[limits]`) has no text signature; the
    // function counts its arguments itself.
    MethodDef::staticmethod("prlimit", prlimit).with_doc("prlimit(pid, resource, [limits])"),
    MethodDef::staticmethod("setrlimit", setrlimit).with_signature(&SETRLIMIT),
    MethodDef::staticmethod("getpagesize", getpagesize).with_signature(&GETPAGESIZE),
];

/// The constants Linux defines, as CPython's module adds them.
const CONSTANTS: [(&str, i64); 19] = [
    ("RLIMIT_CPU", libc::RLIMIT_CPU as i64),
    ("RLIMIT_FSIZE", libc::RLIMIT_FSIZE as i64),
    ("RLIMIT_DATA", libc::RLIMIT_DATA as i64),
    ("RLIMIT_STACK", libc::RLIMIT_STACK as i64),
    ("RLIMIT_CORE", libc::RLIMIT_CORE as i64),
    ("RLIMIT_NOFILE", libc::RLIMIT_NOFILE as i64),
    ("RLIMIT_OFILE", libc::RLIMIT_NOFILE as i64),
    ("RLIMIT_AS", libc::RLIMIT_AS as i64),
    ("RLIMIT_RSS", libc::RLIMIT_RSS as i64),
    ("RLIMIT_NPROC", libc::RLIMIT_NPROC as i64),
    ("RLIMIT_MEMLOCK", libc::RLIMIT_MEMLOCK as i64),
    ("RLIMIT_MSGQUEUE", libc::RLIMIT_MSGQUEUE as i64),
    ("RLIMIT_NICE", libc::RLIMIT_NICE as i64),
    ("RLIMIT_RTPRIO", libc::RLIMIT_RTPRIO as i64),
    ("RLIMIT_RTTIME", libc::RLIMIT_RTTIME as i64),
    ("RLIMIT_SIGPENDING", libc::RLIMIT_SIGPENDING as i64),
    ("RUSAGE_SELF", libc::RUSAGE_SELF as i64),
    ("RUSAGE_CHILDREN", libc::RUSAGE_CHILDREN as i64),
    ("RUSAGE_THREAD", libc::RUSAGE_THREAD as i64),
];

/// How many resources there are (glibc's `RLIM_NLIMITS`).
const RLIM_NLIMITS: i32 = 16;

const STRUCT_RUSAGE_FIELDS: [&str; 16] = [
    "ru_utime",
    "ru_stime",
    "ru_maxrss",
    "ru_ixrss",
    "ru_idrss",
    "ru_isrss",
    "ru_minflt",
    "ru_majflt",
    "ru_nswap",
    "ru_inblock",
    "ru_oublock",
    "ru_msgsnd",
    "ru_msgrcv",
    "ru_nsignals",
    "ru_nvcsw",
    "ru_nivcsw",
];

const STRUCT_RUSAGE_DOC: &str = "struct_rusage: Result from getrusage.\n\n\
This object may be accessed either as a tuple of\n    \
(utime,stime,maxrss,ixrss,idrss,isrss,minflt,majflt,\n    \
nswap,inblock,oublock,msgsnd,msgrcv,nsignals,nvcsw,nivcsw)\n\
or via the attributes ru_utime, ru_stime, ru_maxrss, and so on.";

/// The module's own class.
struct ResourceState {
    struct_rusage: ObjRef,
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "resource");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "resource", &FUNCTIONS);
    let error = vm.exc(krait_vm::Exc::OSError).clone();
    dict::dict_set_str(vm, &d, "error", Value::Obj(error));
    let struct_rusage = structseq::new_type(vm, "resource", "struct_rusage", &STRUCT_RUSAGE_FIELDS);
    let doc = vm.new_str(STRUCT_RUSAGE_DOC);
    krait_vm::objects::set_type_attr(vm, &struct_rusage, "__doc__", doc);
    dict::dict_set_str(vm, &d, "struct_rusage", Value::Obj(struct_rusage.clone()));
    for (name, value) in CONSTANTS {
        dict::dict_set_str(vm, &d, name, Value::Int(value));
    }
    // `rlim_t` is unsigned and as wide as a C long: CPython shows infinity as -1.
    dict::dict_set_str(
        vm,
        &d,
        "RLIM_INFINITY",
        Value::Int(libc::RLIM_INFINITY as i64),
    );
    vm.set_module_state(ResourceState { struct_rusage });
    Ok(m)
}

/// A C `int` argument as Argument Clinic reads one (`_PyLong_AsInt`).
fn c_int_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = abstract_::index(vm, v)?;
    match krait_vm::objects::int::as_i64(&n).and_then(|n| i32::try_from(n).ok()) {
        Some(n) => Ok(n),
        None => Err(vm.new_overflow_error("Python int too large to convert to C int".to_owned())),
    }
}

/// A C `long` (`PyLong_AsLong`).
fn c_long_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let n = abstract_::index(vm, v)?;
    krait_vm::objects::int::as_i64(&n).ok_or_else(|| {
        vm.new_overflow_error("Python int too large to convert to C long".to_owned())
    })
}

/// A resource number, checked against the resources there are.
fn resource_arg(vm: &mut Vm, resource: i32) -> PyResult<libc::__rlimit_resource_t> {
    if !(0..RLIM_NLIMITS).contains(&resource) {
        return Err(vm.new_value_error("invalid resource specified".to_owned()));
    }
    Ok(resource as libc::__rlimit_resource_t)
}

/// A `(soft, hard)` pair as `struct rlimit` (CPython's `py2rlimit`): any sequence of
/// two ints that fit a C long; -1 is `RLIM_INFINITY`.
fn rlimit_from(vm: &mut Vm, limits: &Value) -> PyResult<libc::rlimit> {
    let items = abstract_::collect_iterable(vm, limits)?;
    let [soft, hard] = items.as_slice() else {
        return Err(vm.new_value_error("expected a tuple of 2 integers".to_owned()));
    };
    let soft = c_long_arg(vm, soft)?;
    let hard = c_long_arg(vm, hard)?;
    Ok(libc::rlimit {
        rlim_cur: soft as libc::rlim_t,
        rlim_max: hard as libc::rlim_t,
    })
}

/// `(soft, hard)` as C longs, so `RLIM_INFINITY` shows as -1 (`rlimit2py`).
fn rlimit_to(vm: &mut Vm, rl: &libc::rlimit) -> Value {
    vm.new_tuple(vec![
        Value::Int(rl.rlim_cur as i64),
        Value::Int(rl.rlim_max as i64),
    ])
}

fn getrusage(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [who] = GETRUSAGE.bind_args(vm, args)?;
    let who = c_int_arg(vm, &given(who))?;
    // SAFETY: all zero bits is a valid `rusage`, which getrusage fills.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `ru` is a live struct getrusage writes.
    if unsafe { libc::getrusage(who, &mut ru) } == -1 {
        let e = std::io::Error::last_os_error();
        if e.raw_os_error() == Some(libc::EINVAL) {
            return Err(vm.new_value_error("invalid who parameter".to_owned()));
        }
        return Err(krait_vm::oserror::os_error_no_filename(vm, &e));
    }
    let values = rusage_values(&ru);
    let state = vm
        .module_state::<ResourceState>()
        .ok_or_else(|| vm.new_runtime_error("resource is not initialised".to_owned()))?;
    Ok(structseq::new(vm, &state.struct_rusage, values))
}

fn getrlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [resource] = GETRLIMIT.bind_args(vm, args)?;
    let resource = c_int_arg(vm, &given(resource))?;
    let resource = resource_arg(vm, resource)?;
    // SAFETY: all zero bits is a valid `rlimit`, which getrlimit fills.
    let mut rl: libc::rlimit = unsafe { std::mem::zeroed() };
    // SAFETY: `rl` is a live struct getrlimit writes.
    if unsafe { libc::getrlimit(resource, &mut rl) } == -1 {
        return Err(krait_vm::oserror::last_os_error(vm));
    }
    Ok(rlimit_to(vm, &rl))
}

fn setrlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [resource, limits] = SETRLIMIT.bind_args(vm, args)?;
    let resource = c_int_arg(vm, &given(resource))?;
    let resource = resource_arg(vm, resource)?;
    let rl = rlimit_from(vm, &given(limits))?;
    // SAFETY: `rl` is a live struct setrlimit reads.
    if unsafe { libc::setrlimit(resource, &rl) } == -1 {
        let e = std::io::Error::last_os_error();
        return Err(match e.raw_os_error() {
            Some(libc::EINVAL) => {
                vm.new_value_error("current limit exceeds maximum limit".to_owned())
            }
            Some(libc::EPERM) => {
                vm.new_value_error("not allowed to raise maximum limit".to_owned())
            }
            _ => krait_vm::oserror::os_error_no_filename(vm, &e),
        });
    }
    Ok(Value::None)
}

/// `prlimit(pid, resource, [limits])`: the limits of process `pid` (0: this one),
/// set to `limits` when given; the old limits come back.
fn prlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if !args.kw.is_empty() {
        return Err(vm.new_type_error("prlimit() takes no keyword arguments".to_owned()));
    }
    if !(2..=3).contains(&args.pos.len()) {
        return Err(vm.new_type_error("resource.prlimit requires 2 to 3 arguments".to_owned()));
    }
    let pid = abstract_::index_c_int(vm, &args.pos[0])?;
    let resource = abstract_::index_c_int(vm, &args.pos[1])?;
    let resource = resource_arg(vm, resource)?;
    let new = match args.pos.get(2) {
        Some(limits) => Some(rlimit_from(vm, limits)?),
        None => None,
    };
    // SAFETY: all zero bits is a valid `rlimit`, which prlimit fills.
    let mut old: libc::rlimit = unsafe { std::mem::zeroed() };
    let new_ptr = new
        .as_ref()
        .map_or(std::ptr::null(), |rl| rl as *const libc::rlimit);
    // SAFETY: `new_ptr` is null or points at a live struct prlimit reads; `old` is a
    // live struct it writes.
    if unsafe { libc::prlimit(pid, resource, new_ptr, &mut old) } == -1 {
        let e = std::io::Error::last_os_error();
        if e.raw_os_error() == Some(libc::EINVAL) {
            return Err(vm.new_value_error("current limit exceeds maximum limit".to_owned()));
        }
        return Err(krait_vm::oserror::os_error_no_filename(vm, &e));
    }
    Ok(rlimit_to(vm, &old))
}

fn getpagesize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GETPAGESIZE.bind_args(vm, args)?;
    // SAFETY: sysconf only reads a configuration value.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    Ok(Value::Int(size as i64))
}

/// The fields of `struct_rusage` for `ru`: the two times in seconds, then the
/// counts (`resource.getrusage`, `os.wait3`, `os.wait4`).
pub(crate) fn rusage_values(ru: &libc::rusage) -> Vec<Value> {
    let seconds = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 * 0.000001;
    let mut values = vec![
        Value::Float(seconds(ru.ru_utime)),
        Value::Float(seconds(ru.ru_stime)),
    ];
    values.extend(
        [
            ru.ru_maxrss,
            ru.ru_ixrss,
            ru.ru_idrss,
            ru.ru_isrss,
            ru.ru_minflt,
            ru.ru_majflt,
            ru.ru_nswap,
            ru.ru_inblock,
            ru.ru_oublock,
            ru.ru_msgsnd,
            ru.ru_msgrcv,
            ru.ru_nsignals,
            ru.ru_nvcsw,
            ru.ru_nivcsw,
        ]
        .into_iter()
        .map(Value::Int),
    );
    values
}
