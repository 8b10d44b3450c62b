//! The `time` module (CPython's `Modules/timemodule.c`): clocks, `sleep`, and the
//! calendar functions through the C library (`gmtime_r`, `localtime_r`, `mktime`,
//! `strftime`), as CPython calls them. `struct_time` is a struct sequence.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::structseq;
use krait_vm::signature::Signature;
use krait_vm::Exc;
use krait_vm::{ObjRef, PyResult, Value, Vm};

fn since_epoch() -> std::time::Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}

extern "C" {
    fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    fn clock_getres(clock: i32, tp: *mut Timespec) -> i32;
}

const CLOCK_MONOTONIC: i32 = 1;
const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;
const CLOCK_THREAD_CPUTIME_ID: i32 = 3;

/// Nanoseconds on a POSIX clock, `None` if the clock is unavailable.
fn clock_ns(clock: i32) -> Option<i128> {
    let mut ts = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    let rc = unsafe { clock_gettime(clock, &mut ts) };
    (rc == 0).then(|| ts.tv_sec as i128 * 1_000_000_000 + ts.tv_nsec as i128)
}

fn monotonic_ns() -> i128 {
    clock_ns(CLOCK_MONOTONIC).unwrap_or_else(|| monotonic().as_nanos() as i128)
}

fn cpu_ns(clock: i32) -> i128 {
    clock_ns(clock).unwrap_or(0)
}

/// The clock id argument of `clock_gettime` and the like (a C int).
fn clock_id_arg(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<i32> {
    let [clk_id] = signature.bind_args(vm, args)?;
    let n = krait_vm::abstract_::index(vm, &clk_id.unwrap_or(Value::None))?;
    krait_vm::objects::int::as_i64(&n)
        .and_then(|n| i32::try_from(n).ok())
        .ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C int".to_owned()))
}

fn invalid_clock(vm: &mut Vm) -> krait_vm::PyErr {
    let class = vm.exc(Exc::OSError).clone();
    let args = vec![Value::Int(22), vm.new_str("Invalid argument")];
    krait_vm::objects::exceptions::new_exception(vm, &class, args)
}

/// A process-wide monotonic origin: the first call fixes it.
fn monotonic() -> std::time::Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// A clock reading function of no arguments (CPython's `METH_NOARGS`).
macro_rules! clock_fn {
    ($name:literal, $read:expr) => {{
        static SIGNATURE: Signature = Signature::unlisted("time", $name, "($module, /)");
        MethodDef::staticmethod($name, |vm, args| {
            let [] = SIGNATURE.bind_args(vm, args)?;
            let read: fn(&mut Vm) -> Value = $read;
            Ok(read(vm))
        })
        .with_signature(&SIGNATURE)
    }};
}

// `time`'s functions parse their arguments with `PyArg_ParseTuple` or take one
// argument or none, and CPython shows no signature for any of them.
static GET_CLOCK_INFO: Signature = Signature::new("get_clock_info", "(name, /)")
    .parse_tuple()
    .not_listed();
static SLEEP: Signature = Signature::unlisted("time", "sleep", "($module, secs, /)");
static CLOCK_GETTIME: Signature = Signature::new("clock_gettime", "(clk_id, /)")
    .parse_tuple()
    .not_listed();
static CLOCK_GETTIME_NS: Signature = Signature::new("clock_gettime_ns", "(clk_id, /)")
    .parse_tuple()
    .not_listed();
static CLOCK_GETRES: Signature = Signature::new("clock_getres", "(clk_id, /)")
    .parse_tuple()
    .not_listed();
static TZSET: Signature = Signature::unlisted("time", "tzset", "($module, /)");
static GMTIME: Signature = Signature::new("gmtime", "(seconds=?, /)")
    .parse_tuple()
    .not_listed();
static LOCALTIME: Signature = Signature::new("localtime", "(seconds=?, /)")
    .parse_tuple()
    .not_listed();
static MKTIME: Signature = Signature::unlisted("time", "mktime", "($module, t, /)");
static STRFTIME: Signature = Signature::new("strftime", "(format, t=?, /)")
    .parse_tuple()
    .not_listed();
/// `PyArg_UnpackTuple`, which words its count errors as Argument Clinic does.
static ASCTIME: Signature = Signature::new("asctime", "(t=?, /)").not_listed();
static CTIME: Signature = Signature::new("ctime", "(seconds=?, /)")
    .parse_tuple()
    .not_listed();

static FUNCTIONS: [MethodDef; 23] = [
    clock_fn!("time", |_| Value::Float(since_epoch().as_secs_f64())),
    clock_fn!("time_ns", |vm| vm
        .new_big_int(since_epoch().as_nanos().into())),
    clock_fn!("perf_counter", |_| Value::Float(
        monotonic_ns() as f64 / 1e9
    )),
    clock_fn!("perf_counter_ns", |vm| vm
        .new_big_int(monotonic_ns().into())),
    clock_fn!("monotonic", |_| Value::Float(monotonic_ns() as f64 / 1e9)),
    clock_fn!("monotonic_ns", |vm| vm.new_big_int(monotonic_ns().into())),
    clock_fn!("process_time", |_| {
        Value::Float(cpu_ns(CLOCK_PROCESS_CPUTIME_ID) as f64 / 1e9)
    }),
    clock_fn!("process_time_ns", |vm| {
        vm.new_big_int(cpu_ns(CLOCK_PROCESS_CPUTIME_ID).into())
    }),
    clock_fn!("thread_time", |_| {
        Value::Float(cpu_ns(CLOCK_THREAD_CPUTIME_ID) as f64 / 1e9)
    }),
    clock_fn!("thread_time_ns", |vm| {
        vm.new_big_int(cpu_ns(CLOCK_THREAD_CPUTIME_ID).into())
    }),
    MethodDef::staticmethod("get_clock_info", get_clock_info).with_signature(&GET_CLOCK_INFO),
    MethodDef::staticmethod("sleep", time_sleep).with_signature(&SLEEP),
    MethodDef::staticmethod("clock_gettime", time_clock_gettime).with_signature(&CLOCK_GETTIME),
    MethodDef::staticmethod("clock_gettime_ns", time_clock_gettime_ns)
        .with_signature(&CLOCK_GETTIME_NS),
    MethodDef::staticmethod("clock_getres", time_clock_getres).with_signature(&CLOCK_GETRES),
    MethodDef::staticmethod("tzset", time_tzset).with_signature(&TZSET),
    MethodDef::staticmethod("gmtime", time_gmtime).with_signature(&GMTIME),
    MethodDef::staticmethod("localtime", time_localtime).with_signature(&LOCALTIME),
    MethodDef::staticmethod("mktime", time_mktime).with_signature(&MKTIME),
    MethodDef::staticmethod("strftime", time_strftime).with_signature(&STRFTIME),
    MethodDef::staticmethod("strptime", time_strptime).with_doc(
        "strptime(string, format) -> struct_time\n\n\
         Parse a string to a time tuple according to a format specification.\n\
         See the library reference manual for formatting codes (same as\n\
         strftime()).\n",
    ),
    MethodDef::staticmethod("asctime", time_asctime).with_signature(&ASCTIME),
    MethodDef::staticmethod("ctime", time_ctime).with_signature(&CTIME),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "time");
    let d = module_dict(&m).expect("a module");
    add_module_functions(vm, &d, "time", &FUNCTIONS);
    for (name, id) in [
        ("CLOCK_REALTIME", 0),
        ("CLOCK_MONOTONIC", CLOCK_MONOTONIC),
        ("CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID),
        ("CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID),
        ("CLOCK_MONOTONIC_RAW", 4),
        ("CLOCK_BOOTTIME", 7),
        ("CLOCK_TAI", 11),
    ] {
        dict::dict_set_str(vm, &d, name, Value::Int(id as i64));
    }
    // A 9-tuple whose fields also have names, and `tm_zone`, `tm_gmtoff` besides.
    let struct_time =
        structseq::new_type_with_hidden(vm, "time", "struct_time", &STRUCT_TIME_FIELDS, 9);
    dict::dict_set_str(vm, &d, "struct_time", Value::Obj(struct_time.clone()));
    vm.set_module_state(TimeState { struct_time });
    set_timezone(vm, &d);
    Ok(m)
}

/// The C library's `struct tm` (glibc layout).
#[repr(C)]
#[derive(Clone, Copy)]
struct Tm {
    tm_sec: i32,
    tm_min: i32,
    tm_hour: i32,
    tm_mday: i32,
    tm_mon: i32,
    tm_year: i32,
    tm_wday: i32,
    tm_yday: i32,
    tm_isdst: i32,
    tm_gmtoff: i64,
    tm_zone: *const std::ffi::c_char,
}

impl Tm {
    fn zeroed() -> Tm {
        Tm {
            tm_sec: 0,
            tm_min: 0,
            tm_hour: 0,
            tm_mday: 0,
            tm_mon: 0,
            tm_year: 0,
            tm_wday: 0,
            tm_yday: 0,
            tm_isdst: 0,
            tm_gmtoff: 0,
            tm_zone: std::ptr::null(),
        }
    }
}

extern "C" {
    fn gmtime_r(t: *const i64, tm: *mut Tm) -> *mut Tm;
    fn localtime_r(t: *const i64, tm: *mut Tm) -> *mut Tm;
    fn mktime(tm: *mut Tm) -> i64;
    fn strftime(
        s: *mut std::ffi::c_char,
        max: usize,
        format: *const std::ffi::c_char,
        tm: *const Tm,
    ) -> usize;
    fn tzset();
}

fn c_broken_down(t: i64, local: bool) -> Option<Tm> {
    let mut tm = Tm::zeroed();
    // SAFETY: the C library fills the struct tm we pass; null means failure.
    let r = unsafe {
        if local {
            localtime_r(&t, &mut tm)
        } else {
            gmtime_r(&t, &mut tm)
        }
    };
    (!r.is_null()).then_some(tm)
}

fn zone_name(tm: &Tm) -> String {
    if tm.tm_zone.is_null() {
        return String::new();
    }
    // SAFETY: tm_zone points at a NUL-terminated string owned by the C library.
    unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
        .to_string_lossy()
        .into_owned()
}

/// Seconds as `time_t`, floored, from an int or float; `None` means now.
fn seconds_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i64> {
    let v = match v {
        None | Some(Value::None) => return Ok(since_epoch().as_secs() as i64),
        Some(v) => v,
    };
    if let Some(n) = krait_vm::objects::int::as_big(v) {
        return num_traits::ToPrimitive::to_i64(&n).ok_or_else(|| {
            vm.new_overflow_error("timestamp out of range for platform time_t".to_owned())
        });
    }
    let is_float = matches!(v, Value::Float(_))
        || matches!(v, Value::Obj(o) if matches!(o.payload, krait_vm::object::Payload::Float(_)));
    if !is_float {
        return Err(vm.new_type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name_of(v)
        )));
    }
    let x = krait_vm::objects::float::as_f64(v).unwrap_or(0.0);
    if x.is_nan() {
        return Err(vm.new_value_error("Invalid value NaN (not a number)".to_owned()));
    }
    let f = x.floor();
    if !(-9.2e18..9.2e18).contains(&f) {
        return Err(vm.new_overflow_error("timestamp out of range for platform time_t".to_owned()));
    }
    Ok(f as i64)
}

fn make_struct_time(vm: &mut Vm, tm: &Tm) -> PyResult<Value> {
    let zone = vm.new_str(zone_name(tm));
    let items = vec![
        Value::Int(tm.tm_year as i64 + 1900),
        Value::Int(tm.tm_mon as i64 + 1),
        Value::Int(tm.tm_mday as i64),
        Value::Int(tm.tm_hour as i64),
        Value::Int(tm.tm_min as i64),
        Value::Int(tm.tm_sec as i64),
        Value::Int((tm.tm_wday as i64 + 6) % 7),
        Value::Int(tm.tm_yday as i64 + 1),
        Value::Int(tm.tm_isdst as i64),
        zone,
        Value::Int(tm.tm_gmtoff),
    ];
    let Some(state) = vm.module_state::<TimeState>() else {
        return Err(vm.new_runtime_error("time is not initialised".to_owned()));
    };
    let class = state.struct_time.clone();
    Ok(structseq::new(vm, &class, items))
}

const STRUCT_TIME_FIELDS: [&str; 11] = [
    "tm_year",
    "tm_mon",
    "tm_mday",
    "tm_hour",
    "tm_min",
    "tm_sec",
    "tm_wday",
    "tm_yday",
    "tm_isdst",
    "tm_zone",
    "tm_gmtoff",
];

fn time_sleep(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [secs] = SLEEP.bind_args(vm, args)?;
    let secs = krait_vm::pytime::seconds_from_object(vm, &secs.unwrap_or(Value::None))?;
    if secs < 0.0 {
        return Err(vm.new_value_error("sleep length must be non-negative".to_owned()));
    }
    vm.sleep(secs)?;
    Ok(Value::None)
}

fn time_clock_gettime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let id = clock_id_arg(vm, &CLOCK_GETTIME, args)?;
    let ns = clock_ns(id).ok_or_else(|| invalid_clock(vm))?;
    Ok(Value::Float(ns as f64 / 1e9))
}

fn time_clock_gettime_ns(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let id = clock_id_arg(vm, &CLOCK_GETTIME_NS, args)?;
    let ns = clock_ns(id).ok_or_else(|| invalid_clock(vm))?;
    Ok(vm.new_big_int(ns.into()))
}

fn time_clock_getres(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let id = clock_id_arg(vm, &CLOCK_GETRES, args)?;
    let mut ts = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_getres writes one timespec through a valid pointer.
    if unsafe { clock_getres(id, &mut ts) } != 0 {
        return Err(invalid_clock(vm));
    }
    Ok(Value::Float(ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9))
}

fn time_tzset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = TZSET.bind_args(vm, args)?;
    let module = krait_vm::import::import_full(vm, "time")?;
    if let Value::Obj(m) = &module {
        if let Some(d) = module_dict(m) {
            set_timezone(vm, &d);
        }
    }
    Ok(Value::None)
}

fn time_gmtime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [seconds] = GMTIME.bind_args(vm, args)?;
    broken_down(vm, seconds, false)
}

fn time_localtime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [seconds] = LOCALTIME.bind_args(vm, args)?;
    broken_down(vm, seconds, true)
}

/// The module's own classes.
struct TimeState {
    struct_time: ObjRef,
}

/// `gmtime` and `localtime`: `seconds` (now when absent or None) as a struct_time.
fn broken_down(vm: &mut Vm, seconds: Option<Value>, local: bool) -> PyResult<Value> {
    let t = seconds_arg(vm, seconds.as_ref())?;
    match c_broken_down(t, local) {
        Some(tm) => make_struct_time(vm, &tm),
        None => Err(vm.new_overflow_error("timestamp out of range for platform time_t".to_owned())),
    }
}

/// A `struct tm` from a struct_time or 9-tuple, with CPython's argument checks.
fn tm_from_tuple(vm: &mut Vm, name: &str, v: &Value) -> PyResult<Tm> {
    let items = match krait_vm::abstract_::tuple_items(v) {
        Some(items) => items,
        None => return Err(vm.new_type_error("Tuple or struct_time argument required".to_owned())),
    };
    if items.len() != 9 {
        return Err(vm.new_type_error(format!("{name}(): illegal time tuple argument")));
    }
    // Each a C int, as `PyArg_ParseTuple`'s `i` reads it.
    let mut fields = [0i32; 9];
    for (slot, item) in fields.iter_mut().zip(&items) {
        let n = krait_vm::abstract_::index(vm, item)?;
        let Some(n) = krait_vm::objects::int::as_i64(&n) else {
            return Err(
                vm.new_overflow_error("Python int too large to convert to C long".to_owned())
            );
        };
        *slot = match i32::try_from(n) {
            Ok(n) => n,
            Err(_) if n > 0 => {
                return Err(
                    vm.new_overflow_error("signed integer is greater than maximum".to_owned())
                )
            }
            Err(_) => {
                return Err(vm.new_overflow_error("signed integer is less than minimum".to_owned()))
            }
        };
    }
    let Some(year) = fields[0].checked_sub(1900) else {
        return Err(vm.new_overflow_error("year out of range".to_owned()));
    };
    let mut tm = Tm::zeroed();
    tm.tm_year = year;
    tm.tm_mon = fields[1].wrapping_sub(1);
    tm.tm_mday = fields[2];
    tm.tm_hour = fields[3];
    tm.tm_min = fields[4];
    tm.tm_sec = fields[5];
    // C's remainder: a day of week below -1 stays negative, which `check_tm` refuses.
    tm.tm_wday = fields[6].wrapping_add(1) % 7;
    tm.tm_yday = fields[7].wrapping_sub(1);
    tm.tm_isdst = fields[8];
    Ok(tm)
}

/// CPython's `checktm`: the ranges `strftime` and `asctime` accept.
fn check_tm(vm: &mut Vm, tm: &mut Tm) -> PyResult<()> {
    if tm.tm_mon == -1 {
        tm.tm_mon = 0;
    } else if !(0..=11).contains(&tm.tm_mon) {
        return Err(vm.new_value_error("month out of range".to_owned()));
    }
    if tm.tm_mday == 0 {
        tm.tm_mday = 1;
    } else if !(0..=31).contains(&tm.tm_mday) {
        return Err(vm.new_value_error("day of month out of range".to_owned()));
    }
    if !(0..=23).contains(&tm.tm_hour) {
        return Err(vm.new_value_error("hour out of range".to_owned()));
    }
    if !(0..=59).contains(&tm.tm_min) {
        return Err(vm.new_value_error("minute out of range".to_owned()));
    }
    if !(0..=61).contains(&tm.tm_sec) {
        return Err(vm.new_value_error("seconds out of range".to_owned()));
    }
    if tm.tm_wday < 0 {
        return Err(vm.new_value_error("day of week out of range".to_owned()));
    }
    if tm.tm_yday == -1 {
        tm.tm_yday = 0;
    } else if !(0..=365).contains(&tm.tm_yday) {
        return Err(vm.new_value_error("day of year out of range".to_owned()));
    }
    Ok(())
}

fn local_now() -> Tm {
    c_broken_down(since_epoch().as_secs() as i64, true).unwrap_or_else(Tm::zeroed)
}

fn time_mktime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [t] = MKTIME.bind_args(vm, args)?;
    let mut tm = tm_from_tuple(vm, "mktime", &t.unwrap_or(Value::None))?;
    tm.tm_wday = -1;
    // SAFETY: mktime normalises the struct tm we own.
    let t = unsafe { mktime(&mut tm) };
    if t == -1 && tm.tm_wday == -1 {
        return Err(vm.new_overflow_error("mktime argument out of range".to_owned()));
    }
    Ok(Value::Float(t as f64))
}

fn time_strftime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [format_value, t] = STRFTIME.bind_args(vm, args)?;
    let format_value = format_value.unwrap_or(Value::None);
    let Some(format) = krait_vm::abstract_::value_as_str(&format_value).map(str::to_owned) else {
        return Err(vm.new_type_error(format!(
            "strftime() argument 1 must be str, not {}",
            vm.type_name_of(&format_value)
        )));
    };
    let mut tm = match &t {
        Some(t) => tm_from_tuple(vm, "strftime", t)?,
        None => local_now(),
    };
    if t.is_some() {
        check_tm(vm, &mut tm)?;
        tm.tm_isdst = tm.tm_isdst.clamp(-1, 1);
    }
    if format.is_empty() {
        return Ok(vm.new_str(""));
    }
    let Ok(cformat) = std::ffi::CString::new(format.clone()) else {
        return Err(vm.new_value_error("embedded null character".to_owned()));
    };
    let mut size = 1024usize.max(format.len() * 4);
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: strftime writes at most `size` bytes into our buffer.
        let n = unsafe { strftime(buf.as_mut_ptr().cast(), size, cformat.as_ptr(), &tm) };
        if n > 0 || size >= 256 * format.len() + 4096 {
            buf.truncate(n);
            return Ok(vm.new_str(String::from_utf8_lossy(&buf).into_owned()));
        }
        size *= 2;
    }
}

const DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn asctime_text(tm: &Tm) -> String {
    format!(
        "{} {}{:>3} {:02}:{:02}:{:02} {}",
        DAY_NAMES[tm.tm_wday.rem_euclid(7) as usize],
        MONTH_NAMES[tm.tm_mon.rem_euclid(12) as usize],
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        tm.tm_year as i64 + 1900
    )
}

fn time_asctime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [t] = ASCTIME.bind_args(vm, args)?;
    let tm = match &t {
        Some(t) => {
            let mut tm = tm_from_tuple(vm, "asctime", t)?;
            check_tm(vm, &mut tm)?;
            tm
        }
        None => local_now(),
    };
    Ok(vm.new_str(asctime_text(&tm)))
}

fn time_ctime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [seconds] = CTIME.bind_args(vm, args)?;
    let t = seconds_arg(vm, seconds.as_ref())?;
    match c_broken_down(t, true) {
        Some(tm) => Ok(vm.new_str(asctime_text(&tm))),
        None => Err(vm.new_overflow_error("timestamp out of range for platform time_t".to_owned())),
    }
}

/// `timezone`, `altzone`, `daylight` and `tzname`, from January and July of this year.
fn set_timezone(vm: &mut Vm, d: &ObjRef) {
    // SAFETY: tzset reads TZ and sets the C library's zone state.
    unsafe { tzset() };
    let now = since_epoch().as_secs() as i64;
    let year_start = now - now.rem_euclid(365 * 24 * 3600);
    let jan = c_broken_down(year_start, true).unwrap_or_else(Tm::zeroed);
    let jul = c_broken_down(year_start + 182 * 24 * 3600, true).unwrap_or_else(Tm::zeroed);
    let (jan_zone, jul_zone) = (-jan.tm_gmtoff, -jul.tm_gmtoff);
    let (jan_name, jul_name) = (zone_name(&jan), zone_name(&jul));
    let (timezone, altzone, names) = if jan_zone < jul_zone {
        (jul_zone, jan_zone, (jul_name, jan_name))
    } else {
        (jan_zone, jul_zone, (jan_name, jul_name))
    };
    dict::dict_set_str(vm, d, "timezone", Value::Int(timezone));
    dict::dict_set_str(vm, d, "altzone", Value::Int(altzone));
    // The fields of a `struct tm` that `struct_time` exposes (with tm_zone, tm_gmtoff).
    dict::dict_set_str(vm, d, "_STRUCT_TM_ITEMS", Value::Int(11));
    dict::dict_set_str(vm, d, "daylight", Value::Int((jan_zone != jul_zone) as i64));
    let (a, b) = (vm.new_str(names.0), vm.new_str(names.1));
    let tzname = vm.new_tuple(vec![a, b]);
    dict::dict_set_str(vm, d, "tzname", tzname);
}

/// `time.get_clock_info(name)`: how each clock is read, as a namespace.
fn get_clock_info(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name] = GET_CLOCK_INFO.bind_args(vm, args)?;
    let name = name.unwrap_or(Value::None);
    let Some(name) = krait_vm::abstract_::value_as_str(&name) else {
        return Err(vm.new_type_error(format!(
            "get_clock_info() argument 1 must be str, not {}",
            vm.type_name_of(&name)
        )));
    };
    let (implementation, monotonic, adjustable) = match Some(name) {
        Some("time") => ("clock_gettime(CLOCK_REALTIME)", false, true),
        Some("monotonic" | "perf_counter") => ("clock_gettime(CLOCK_MONOTONIC)", true, false),
        Some("process_time") => ("clock_gettime(CLOCK_PROCESS_CPUTIME_ID)", true, false),
        Some("thread_time") => ("clock_gettime(CLOCK_THREAD_CPUTIME_ID)", true, false),
        _ => return Err(vm.new_value_error("unknown clock".to_owned())),
    };
    let namespace = vm.namespace_type.clone();
    let info = krait_vm::objects::typeobject::new_instance(
        vm,
        &namespace,
        krait_vm::object::Payload::Instance,
    );
    let d = info.dict().expect("a namespace has a __dict__");
    let implementation = vm.new_str(implementation);
    dict::dict_set_str(vm, &d, "implementation", implementation);
    dict::dict_set_str(vm, &d, "monotonic", Value::Bool(monotonic));
    dict::dict_set_str(vm, &d, "adjustable", Value::Bool(adjustable));
    dict::dict_set_str(vm, &d, "resolution", Value::Float(1e-09));
    Ok(Value::Obj(info))
}

/// `strptime(string, format)`: the arguments go as they are to
/// `_strptime._strptime_time`, as CPython's `time.strptime` passes them.
fn time_strptime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let module = krait_vm::import::import_full(vm, "_strptime")?;
    let parse = krait_vm::abstract_::getattr_str(vm, &module, "_strptime_time")?;
    vm.call(&parse, args)
}
