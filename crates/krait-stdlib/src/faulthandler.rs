//! The `faulthandler` module (CPython's `Modules/faulthandler.c`): tracebacks written
//! straight to a file descriptor, on request (`dump_traceback`), when a fatal signal
//! arrives (`enable`), or when a watchdog's time runs out (`dump_traceback_later`).
//!
//! What a signal handler or the watchdog thread writes is limited to what can be
//! written without the interpreter: the "Fatal Python error" and "Timeout" headers.
//! The Python frames are written only by `dump_traceback`, which runs in the
//! interpreter's own thread.

use std::io::Write;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyResult, Value, Vm};

static ENABLE: Signature = Signature::unlisted(
    "faulthandler",
    "enable",
    "($module, /, file=None, all_threads=True)",
)
.parse_tuple();
static DISABLE: Signature = Signature::unlisted("faulthandler", "disable", "($module, /)");
static IS_ENABLED: Signature = Signature::unlisted("faulthandler", "is_enabled", "($module, /)");
static DUMP_TRACEBACK: Signature = Signature::unlisted(
    "faulthandler",
    "dump_traceback",
    "($module, /, file=None, all_threads=True)",
)
.parse_tuple();
static DUMP_LATER: Signature = Signature::unlisted(
    "faulthandler",
    "dump_traceback_later",
    "($module, /, timeout, repeat=False, file=None, exit=False)",
)
.parse_tuple();
static CANCEL_LATER: Signature = Signature::unlisted(
    "faulthandler",
    "cancel_dump_traceback_later",
    "($module, /)",
);

static FUNCTIONS: [MethodDef; 6] = [
    MethodDef::staticmethod("enable", enable).with_signature(&ENABLE),
    MethodDef::staticmethod("disable", disable).with_signature(&DISABLE),
    MethodDef::staticmethod("is_enabled", is_enabled).with_signature(&IS_ENABLED),
    MethodDef::staticmethod("dump_traceback", dump_traceback).with_signature(&DUMP_TRACEBACK),
    MethodDef::staticmethod("dump_traceback_later", dump_traceback_later)
        .with_signature(&DUMP_LATER),
    MethodDef::staticmethod("cancel_dump_traceback_later", cancel_dump_traceback_later)
        .with_signature(&CANCEL_LATER),
];

/// The signals `enable` handles, with the names CPython's messages give them.
const FATAL_SIGNALS: [(libc::c_int, &str); 5] = [
    (libc::SIGBUS, "Bus error"),
    (libc::SIGILL, "Illegal instruction"),
    (libc::SIGFPE, "Floating point exception"),
    (libc::SIGABRT, "Aborted"),
    (libc::SIGSEGV, "Segmentation fault"),
];

/// The descriptor the fatal-signal handler writes to; -1 while disabled. The handler
/// can read nothing else.
static FATAL_FD: AtomicI32 = AtomicI32::new(-1);

/// The handlers `enable` replaced, given back by `disable`.
static PREVIOUS_HANDLERS: Mutex<Vec<(libc::c_int, libc::sigaction)>> = Mutex::new(Vec::new());

/// The pending `dump_traceback_later`: set to cancel it, and its thread.
struct Watchdog {
    cancelled: Arc<(Mutex<bool>, Condvar)>,
    thread: std::thread::JoinHandle<()>,
}

static WATCHDOG: Mutex<Option<Watchdog>> = Mutex::new(None);

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "faulthandler");
    let d = module_dict(&m).expect("a module has a dict");
    let doc = vm.new_str("faulthandler module.");
    krait_vm::objects::dict::dict_set_str(vm, &d, "__doc__", doc);
    add_module_functions(vm, &d, "faulthandler", &FUNCTIONS);
    Ok(m)
}

/// The descriptor a `file` argument stands for, as CPython reads it: `None` is
/// `sys.stderr`, an int is a descriptor, anything else gives `fileno()` and is
/// flushed first.
fn file_descriptor(vm: &mut Vm, file: Option<Value>) -> PyResult<i32> {
    let file = match file {
        None | Some(Value::None) => {
            let stderr = krait_vm::sys::std_stream(vm, "stderr");
            if stderr.is_none() {
                return Err(vm.new_runtime_error("sys.stderr is None".to_owned()));
            }
            stderr
        }
        Some(f) => f,
    };
    if krait_vm::objects::int::is_int(&file) {
        // CPython's message has the misspelling.
        return match krait_vm::objects::int::as_i64(&file) {
            Some(fd) if (0..=i64::from(i32::MAX)).contains(&fd) => Ok(fd as i32),
            _ => Err(vm.new_value_error("file is not a valid file descripter".to_owned())),
        };
    }
    let fileno = vm.call_method(&file, "fileno", vec![])?;
    let fd = match krait_vm::objects::int::as_i64(&fileno) {
        Some(fd) if (0..=i64::from(i32::MAX)).contains(&fd) => fd as i32,
        _ => {
            return Err(
                vm.new_runtime_error("file.fileno() is not a valid file descriptor".to_owned())
            )
        }
    };
    // A failing flush does not stop the dump.
    let _ = vm.call_method(&file, "flush", vec![]);
    Ok(fd)
}

fn enable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [file, all_threads] = ENABLE.bind_args(vm, args)?;
    let fd = file_descriptor(vm, file)?;
    if let Some(v) = all_threads {
        abstract_::is_true(vm, &v)?;
    }
    FATAL_FD.store(fd, Ordering::SeqCst);
    let mut previous = PREVIOUS_HANDLERS.lock().unwrap_or_else(|e| e.into_inner());
    if previous.is_empty() {
        for (signum, _) in FATAL_SIGNALS {
            // SAFETY: `sigaction` reads the zero-initialised action with the handler
            // filled in and writes the old one into the struct given; both live on
            // this stack for the call.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = fatal_signal as *const () as usize;
                action.sa_flags = libc::SA_NODEFER | libc::SA_ONSTACK;
                libc::sigemptyset(&mut action.sa_mask);
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signum, &action, &mut old) == 0 {
                    previous.push((signum, old));
                }
            }
        }
    }
    Ok(Value::None)
}

/// Puts back the handlers `enable` replaced; whether any were.
fn restore_fatal_handlers() -> bool {
    FATAL_FD.store(-1, Ordering::SeqCst);
    let mut previous = PREVIOUS_HANDLERS.lock().unwrap_or_else(|e| e.into_inner());
    let was_enabled = !previous.is_empty();
    for (signum, old) in previous.drain(..) {
        // SAFETY: `old` is the action `sigaction` gave back when `enable` replaced it.
        unsafe {
            libc::sigaction(signum, &old, std::ptr::null_mut());
        }
    }
    was_enabled
}

fn disable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = DISABLE.bind_args(vm, args)?;
    Ok(Value::Bool(restore_fatal_handlers()))
}

fn is_enabled(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = IS_ENABLED.bind_args(vm, args)?;
    Ok(Value::Bool(FATAL_FD.load(Ordering::SeqCst) >= 0))
}

/// The fatal-signal handler: writes CPython's header, then lets the signal do what
/// it would have done without the handler.
extern "C" fn fatal_signal(signum: libc::c_int) {
    let fd = FATAL_FD.load(Ordering::SeqCst);
    if fd >= 0 {
        let name = FATAL_SIGNALS
            .iter()
            .find(|(s, _)| *s == signum)
            .map_or("Fatal signal", |(_, name)| name);
        for part in ["Fatal Python error: ", name, "\n\n"] {
            // SAFETY: `write` is async-signal-safe; the pointer and length describe
            // a static string.
            unsafe {
                libc::write(fd, part.as_ptr().cast(), part.len());
            }
        }
    }
    // SAFETY: `signal` and `raise` are async-signal-safe; with the default action
    // back, the raised signal ends the process as it would have.
    unsafe {
        libc::signal(signum, libc::SIG_DFL);
        libc::raise(signum);
    }
}

fn dump_traceback(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [file, all_threads] = DUMP_TRACEBACK.bind_args(vm, args)?;
    let fd = file_descriptor(vm, file)?;
    let all_threads = match all_threads {
        Some(v) => abstract_::is_true(vm, &v)?,
        None => true,
    };
    let mut text = String::new();
    if all_threads {
        text.push_str(&format!(
            "Current thread 0x{:016x} (most recent call first):\n",
            krait_vm::thread::thread_ident()
        ));
    } else {
        text.push_str("Stack (most recent call first):\n");
    }
    text.push_str(&python_frames(vm));
    write_all(fd, text.as_bytes());
    Ok(Value::None)
}

/// The running frames, innermost first, one line each as CPython writes them (at
/// most 100, then an ellipsis).
fn python_frames(vm: &Vm) -> String {
    const MAX_FRAMES: usize = 100;
    let mut text = String::new();
    if vm.frames.is_empty() {
        text.push_str("  <no Python frame>\n");
    }
    for (depth, frame) in vm.frames.iter().rev().enumerate() {
        if depth == MAX_FRAMES {
            text.push_str("  ...\n");
            break;
        }
        let code = &frame.code;
        let filename = krait_vm::abstract_::value_as_str(&Value::Obj(code.filename.clone()))
            .map(escaped)
            .unwrap_or_else(|| "???".to_owned());
        let line = code
            .line_at(frame.lasti())
            .map_or_else(|| "???".to_owned(), |l| l.to_string());
        let name = krait_vm::abstract_::value_as_str(&Value::Obj(code.name.clone()))
            .map(escaped)
            .unwrap_or_else(|| "???".to_owned());
        text.push_str(&format!("  File \"{filename}\", line {line} in {name}\n"));
    }
    text
}

/// Text as faulthandler writes it: ASCII as is, other code points escaped.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c as u32 {
            0x20..=0x7e => out.push(c),
            n if n <= 0xff => out.push_str(&format!("\\x{n:02x}")),
            n if n <= 0xffff => out.push_str(&format!("\\u{n:04x}")),
            n => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    out
}

/// Writes to a descriptor the interpreter does not own, retrying short writes;
/// errors are ignored, as CPython's dump ignores them.
fn write_all(fd: i32, bytes: &[u8]) {
    // SAFETY: the descriptor stays open while borrowed; `ManuallyDrop` keeps the
    // `File` from closing it.
    let mut file = std::mem::ManuallyDrop::new(unsafe {
        <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(fd)
    });
    let _ = file.write_all(bytes);
}

fn dump_traceback_later(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [timeout, repeat, file, exit] = DUMP_LATER.bind_args(vm, args)?;
    let seconds = krait_vm::pytime::seconds_from_object(vm, &timeout.unwrap_or(Value::None))?;
    if seconds <= 0.0 {
        return Err(vm.new_value_error("timeout must be greater than 0".to_owned()));
    }
    let micros = (seconds * 1e6).round();
    if micros >= u64::MAX as f64 {
        return Err(vm.new_error(Exc::OverflowError, "timeout value is too large"));
    }
    let repeat = match repeat {
        Some(v) => abstract_::is_true(vm, &v)?,
        None => false,
    };
    let exit = match exit {
        Some(v) => abstract_::is_true(vm, &v)?,
        None => false,
    };
    let fd = file_descriptor(vm, file)?;
    cancel_watchdog();
    let header = timeout_header(micros as u64);
    let cancelled = Arc::new((Mutex::new(false), Condvar::new()));
    let watched = cancelled.clone();
    let period = Duration::from_micros(micros as u64);
    let thread = std::thread::spawn(move || loop {
        let deadline = Instant::now() + period;
        let (lock, signal) = &*watched;
        let mut done = lock.lock().unwrap_or_else(|e| e.into_inner());
        while !*done && Instant::now() < deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            done = match signal.wait_timeout(done, left) {
                Ok((guard, _)) => guard,
                Err(e) => e.into_inner().0,
            };
        }
        if *done {
            return;
        }
        write_all(fd, header.as_bytes());
        if exit {
            // SAFETY: `_exit` ends the process at once, as CPython's watchdog does.
            unsafe { libc::_exit(1) };
        }
        if !repeat {
            return;
        }
    });
    *WATCHDOG.lock().unwrap_or_else(|e| e.into_inner()) = Some(Watchdog { cancelled, thread });
    Ok(Value::None)
}

/// "Timeout (0:00:01.500000)!": the header the watchdog writes.
fn timeout_header(micros: u64) -> String {
    let (seconds, fraction) = (micros / 1_000_000, micros % 1_000_000);
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if fraction != 0 {
        format!("Timeout ({hours}:{minutes:02}:{seconds:02}.{fraction:06})!\n")
    } else {
        format!("Timeout ({hours}:{minutes:02}:{seconds:02})!\n")
    }
}

/// Stops the pending watchdog, if any, and waits for its thread.
fn cancel_watchdog() {
    let pending = WATCHDOG.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(watchdog) = pending {
        let (lock, signal) = &*watchdog.cancelled;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        signal.notify_all();
        let _ = watchdog.thread.join();
    }
}

fn cancel_dump_traceback_later(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = CANCEL_LATER.bind_args(vm, args)?;
    cancel_watchdog();
    Ok(Value::None)
}
