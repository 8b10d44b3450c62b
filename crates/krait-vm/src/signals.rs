//! Signals (CPython's `Modules/signalmodule.c`): the `_signal` module and the
//! machinery under it. The operating system's handler only records that a signal
//! came, in atomics; the eval loop's periodic check (`Vm::handle_signals`) then runs
//! the Python handler between two instructions, so a handler sees consistent objects
//! and its exception propagates from wherever the program was.

use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use crate::abstract_;
use crate::native::{add_module_functions, MethodDef};
use crate::objects::dict;
use crate::objects::function::Args;
use crate::objects::module::{module_dict, new_module};
use crate::signature::Signature;
use crate::value::Value;
use crate::{Exc, ObjRef, PyResult, Vm};

/// One more than the highest signal number, as `signal.NSIG`.
pub const NSIG: usize = 65;

/// Some signal came and its handler has not run yet.
static PENDING: AtomicBool = AtomicBool::new(false);
/// Which signals came.
static TRIPPED: [AtomicBool; NSIG] = [const { AtomicBool::new(false) }; NSIG];
/// `set_wakeup_fd`'s descriptor, written one byte per signal; -1 for none.
static WAKEUP_FD: AtomicI32 = AtomicI32::new(-1);

/// The handler the operating system calls: it only records the signal (and writes
/// to the wakeup descriptor), which is all a signal handler may safely do.
extern "C" fn record_signal(signum: libc::c_int) {
    let Ok(index) = usize::try_from(signum) else {
        return;
    };
    if let Some(flag) = TRIPPED.get(index) {
        flag.store(true, Ordering::SeqCst);
        PENDING.store(true, Ordering::SeqCst);
    }
    let fd = WAKEUP_FD.load(Ordering::Relaxed);
    if fd >= 0 {
        let byte = signum as u8;
        // SAFETY: `write` is async-signal-safe; the buffer is one live byte.
        unsafe {
            libc::write(fd, (&byte as *const u8).cast(), 1);
        }
    }
}

/// Blocks every signal in the calling thread, so the process's signals go to the
/// thread that runs the interpreter (which must already exist: it keeps the mask it
/// started with). A `kill` of the process then reaches the handler before `kill`
/// returns, as in a single-threaded CPython.
pub fn leave_signals_to_other_threads() {
    // SAFETY: the set is initialised by `sigfillset` before use; changing this
    // thread's mask has no memory-safety preconditions.
    unsafe {
        let mut all: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut all);
        libc::pthread_sigmask(libc::SIG_BLOCK, &all, std::ptr::null_mut());
    }
}

/// Whether a signal waits for its Python handler: one relaxed load, for the eval
/// loop's periodic check.
#[inline(always)]
pub fn pending() -> bool {
    PENDING.load(Ordering::Relaxed)
}

/// What the operating system does with `signum`.
enum Disposition {
    Default,
    Ignore,
    Record,
}

/// Sets the operating system's handling of `signum`; the previous handler's address
/// on success. Handlers do not restart interrupted system calls, so a blocking call
/// returns EINTR and the handler runs before it is retried (PEP 475).
fn set_disposition(signum: i32, disposition: Disposition) -> std::io::Result<libc::sighandler_t> {
    let handler = match disposition {
        Disposition::Default => libc::SIG_DFL,
        Disposition::Ignore => libc::SIG_IGN,
        Disposition::Record => record_signal as extern "C" fn(libc::c_int) as libc::sighandler_t,
    };
    // SAFETY: `action` and `old` are zeroed plain-data structs that live through the
    // call; `sigemptyset` initialises the mask before `sigaction` reads it.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = handler;
        action.sa_flags = libc::SA_ONSTACK;
        libc::sigemptyset(&mut action.sa_mask);
        let mut old: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(signum, &action, &mut old) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(old.sa_sigaction)
    }
}

/// The current operating-system handler of `signum`, without changing it.
fn current_disposition(signum: i32) -> Option<libc::sighandler_t> {
    // SAFETY: a null new action only reads the current one into `old`.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(signum, std::ptr::null(), &mut old) != 0 {
            return None;
        }
        Some(old.sa_sigaction)
    }
}

/// The Python handlers, by signal number (`None` where a handler was set outside
/// Python, which `getsignal` shows as None).
struct Handlers {
    by_signal: std::cell::RefCell<Vec<Option<Value>>>,
}

fn handlers(vm: &Vm) -> Option<Rc<Handlers>> {
    vm.module_state::<Handlers>()
}

static SIGNAL: Signature = Signature::of("_signal", "signal", "($module, signalnum, handler, /)");
static GETSIGNAL: Signature = Signature::of("_signal", "getsignal", "($module, signalnum, /)");
static RAISE_SIGNAL: Signature =
    Signature::of("_signal", "raise_signal", "($module, signalnum, /)");
static STRSIGNAL: Signature = Signature::of("_signal", "strsignal", "($module, signalnum, /)");
static VALID_SIGNALS: Signature = Signature::of("_signal", "valid_signals", "($module, /)");
static ALARM: Signature = Signature::of("_signal", "alarm", "($module, seconds, /)");
static PAUSE: Signature = Signature::of("_signal", "pause", "($module, /)");
static SIGINTERRUPT: Signature =
    Signature::of("_signal", "siginterrupt", "($module, signalnum, flag, /)");
static PTHREAD_KILL: Signature = Signature::of(
    "_signal",
    "pthread_kill",
    "($module, thread_id, signalnum, /)",
);
static PTHREAD_SIGMASK: Signature =
    Signature::of("_signal", "pthread_sigmask", "($module, how, mask, /)");
static SIGPENDING: Signature = Signature::of("_signal", "sigpending", "($module, /)");
static SETITIMER: Signature = Signature::of(
    "_signal",
    "setitimer",
    "($module, which, seconds, interval=0.0, /)",
);
static GETITIMER: Signature = Signature::of("_signal", "getitimer", "($module, which, /)");
static SET_WAKEUP_FD: Signature = Signature::unlisted(
    "_signal",
    "set_wakeup_fd",
    "($module, fd, /, *, warn_on_full_buffer=True)",
);
static DEFAULT_INT_HANDLER: Signature = Signature::of(
    "_signal",
    "default_int_handler",
    "($module, signalnum, frame, /)",
);

static FUNCTIONS: [MethodDef; 15] = [
    MethodDef::staticmethod("signal", signal).with_signature(&SIGNAL),
    MethodDef::staticmethod("getsignal", getsignal).with_signature(&GETSIGNAL),
    MethodDef::staticmethod("raise_signal", raise_signal).with_signature(&RAISE_SIGNAL),
    MethodDef::staticmethod("strsignal", strsignal).with_signature(&STRSIGNAL),
    MethodDef::staticmethod("valid_signals", valid_signals).with_signature(&VALID_SIGNALS),
    MethodDef::staticmethod("alarm", alarm).with_signature(&ALARM),
    MethodDef::staticmethod("pause", pause).with_signature(&PAUSE),
    MethodDef::staticmethod("siginterrupt", siginterrupt).with_signature(&SIGINTERRUPT),
    MethodDef::staticmethod("pthread_kill", pthread_kill).with_signature(&PTHREAD_KILL),
    MethodDef::staticmethod("pthread_sigmask", pthread_sigmask).with_signature(&PTHREAD_SIGMASK),
    MethodDef::staticmethod("sigpending", sigpending).with_signature(&SIGPENDING),
    MethodDef::staticmethod("setitimer", setitimer).with_signature(&SETITIMER),
    MethodDef::staticmethod("getitimer", getitimer).with_signature(&GETITIMER),
    MethodDef::staticmethod("set_wakeup_fd", set_wakeup_fd).with_signature(&SET_WAKEUP_FD),
    MethodDef::staticmethod("default_int_handler", default_int_handler)
        .with_signature(&DEFAULT_INT_HANDLER)
        .with_doc(
            "The default handler for SIGINT installed by Python.\n\nIt raises KeyboardInterrupt.",
        ),
];

/// The signal constants of `_signal`.
const SIGNAL_NAMES: &[(&str, i32)] = &[
    ("SIGHUP", libc::SIGHUP),
    ("SIGINT", libc::SIGINT),
    ("SIGQUIT", libc::SIGQUIT),
    ("SIGILL", libc::SIGILL),
    ("SIGTRAP", libc::SIGTRAP),
    ("SIGABRT", libc::SIGABRT),
    ("SIGIOT", libc::SIGIOT),
    ("SIGBUS", libc::SIGBUS),
    ("SIGFPE", libc::SIGFPE),
    ("SIGKILL", libc::SIGKILL),
    ("SIGUSR1", libc::SIGUSR1),
    ("SIGSEGV", libc::SIGSEGV),
    ("SIGUSR2", libc::SIGUSR2),
    ("SIGPIPE", libc::SIGPIPE),
    ("SIGALRM", libc::SIGALRM),
    ("SIGTERM", libc::SIGTERM),
    ("SIGSTKFLT", libc::SIGSTKFLT),
    ("SIGCHLD", libc::SIGCHLD),
    ("SIGCLD", libc::SIGCHLD),
    ("SIGCONT", libc::SIGCONT),
    ("SIGSTOP", libc::SIGSTOP),
    ("SIGTSTP", libc::SIGTSTP),
    ("SIGTTIN", libc::SIGTTIN),
    ("SIGTTOU", libc::SIGTTOU),
    ("SIGURG", libc::SIGURG),
    ("SIGXCPU", libc::SIGXCPU),
    ("SIGXFSZ", libc::SIGXFSZ),
    ("SIGVTALRM", libc::SIGVTALRM),
    ("SIGPROF", libc::SIGPROF),
    ("SIGWINCH", libc::SIGWINCH),
    ("SIGIO", libc::SIGIO),
    ("SIGPOLL", libc::SIGPOLL),
    ("SIGPWR", libc::SIGPWR),
    ("SIGSYS", libc::SIGSYS),
    ("SIGRTMIN", 34),
    ("SIGRTMAX", 64),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_signal");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_signal", &FUNCTIONS);
    for &(name, number) in SIGNAL_NAMES {
        dict::dict_set_str(vm, &d, name, Value::Int(number as i64));
    }
    for (name, value) in [
        ("SIG_DFL", 0),
        ("SIG_IGN", 1),
        ("NSIG", NSIG as i64),
        ("SIG_BLOCK", libc::SIG_BLOCK as i64),
        ("SIG_UNBLOCK", libc::SIG_UNBLOCK as i64),
        ("SIG_SETMASK", libc::SIG_SETMASK as i64),
        ("ITIMER_REAL", libc::ITIMER_REAL as i64),
        ("ITIMER_VIRTUAL", libc::ITIMER_VIRTUAL as i64),
        ("ITIMER_PROF", libc::ITIMER_PROF as i64),
    ] {
        dict::dict_set_str(vm, &d, name, Value::Int(value));
    }
    let oserror = vm.exc(Exc::OSError).clone();
    dict::dict_set_str(vm, &d, "ItimerError", Value::Obj(oserror));
    let default_int_handler = dict::dict_get_str(&d, "default_int_handler").unwrap_or(Value::None);
    if handlers(vm).is_none() {
        install_handlers(vm, default_int_handler);
    }
    Ok(m)
}

/// Reads what each signal's handler is, and installs CPython's start-up handling:
/// SIGINT raises KeyboardInterrupt (unless inherited as ignored); SIGPIPE and SIGXFSZ
/// are ignored (so writes fail with an error instead of killing the process).
fn install_handlers(vm: &mut Vm, default_int_handler: Value) {
    let mut by_signal = vec![None; NSIG];
    for (signum, slot) in by_signal.iter_mut().enumerate().skip(1) {
        *slot = match current_disposition(signum as i32) {
            Some(h) if h == libc::SIG_DFL => Some(Value::Int(0)),
            Some(h) if h == libc::SIG_IGN => Some(Value::Int(1)),
            _ => None,
        };
    }
    // A SIGINT the parent process ignored stays ignored (a background job's).
    let sigint_is_default = current_disposition(libc::SIGINT) == Some(libc::SIG_DFL);
    if sigint_is_default && set_disposition(libc::SIGINT, Disposition::Record).is_ok() {
        by_signal[libc::SIGINT as usize] = Some(default_int_handler);
    }
    for signum in [libc::SIGPIPE, libc::SIGXFSZ] {
        if set_disposition(signum, Disposition::Ignore).is_ok() {
            by_signal[signum as usize] = Some(Value::Int(1));
        }
    }
    vm.set_module_state(Handlers {
        by_signal: std::cell::RefCell::new(by_signal),
    });
}

impl Vm {
    /// Sets up signal handling as CPython's start-up does, by importing `_signal`.
    pub fn install_signal_handlers(&mut self) -> PyResult<()> {
        crate::import::import_full(self, "_signal").map(|_| ())
    }

    /// Runs the Python handlers of the signals that came since the last check, in
    /// signal-number order; the first exception a handler raises propagates (the
    /// signals not yet handled stay pending).
    pub fn handle_signals(&mut self) -> PyResult<()> {
        if !PENDING.swap(false, Ordering::SeqCst) {
            return Ok(());
        }
        let Some(table) = handlers(self) else {
            return Ok(());
        };
        for (signum, tripped) in TRIPPED.iter().enumerate().skip(1) {
            if !tripped.swap(false, Ordering::SeqCst) {
                continue;
            }
            let handler = table.by_signal.borrow().get(signum).cloned().flatten();
            let Some(handler) = handler else { continue };
            if matches!(handler, Value::Int(_)) {
                continue;
            }
            let frame = match self.frames.len() {
                0 => Value::None,
                n => Value::Obj(self.frame_object_at(n - 1)),
            };
            if let Err(err) = self.call1(&handler, vec![Value::Int(signum as i64), frame]) {
                PENDING.store(true, Ordering::SeqCst);
                // The others wait for the next check.
                if !(signum + 1..NSIG).any(|s| TRIPPED[s].load(Ordering::SeqCst)) {
                    PENDING.store(false, Ordering::SeqCst);
                }
                return Err(err);
            }
        }
        Ok(())
    }

    /// Sleeps `seconds` (CPython's `time.sleep`): a signal's handler runs as soon as
    /// the signal comes and its exception ends the sleep; otherwise the sleep goes on
    /// to the same deadline (PEP 475).
    pub fn sleep(&mut self, seconds: f64) -> PyResult<()> {
        // SAFETY: `clock_gettime` writes the zeroed struct it is given.
        let mut deadline: libc::timespec = unsafe { std::mem::zeroed() };
        unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut deadline) };
        let whole = seconds.trunc();
        let mut nanos = deadline.tv_nsec as i64 + ((seconds - whole) * 1e9) as i64;
        deadline.tv_sec = deadline.tv_sec.saturating_add(
            whole.min(i64::MAX as f64 / 2.0) as libc::time_t + nanos / 1_000_000_000,
        );
        nanos %= 1_000_000_000;
        deadline.tv_nsec = nanos as libc::c_long;
        loop {
            // SAFETY: the deadline is initialised and the remaining-time pointer may
            // be null for an absolute sleep.
            let err = unsafe {
                libc::clock_nanosleep(
                    libc::CLOCK_MONOTONIC,
                    libc::TIMER_ABSTIME,
                    &deadline,
                    std::ptr::null_mut(),
                )
            };
            match err {
                0 => return Ok(()),
                libc::EINTR => self.handle_signals()?,
                other => return Err(errno_error(self, other)),
            }
        }
    }

    /// Reads one line from standard input for the interactive prompt, without its
    /// newline; `None` at end of input. A signal that comes while it waits runs its
    /// handler, whose exception (KeyboardInterrupt for Ctrl-C) ends the read.
    pub fn read_prompt_line(&mut self) -> PyResult<Option<String>> {
        let pending = self.module_state::<PromptInput>().unwrap_or_else(|| {
            self.set_module_state(PromptInput::default());
            self.module_state::<PromptInput>()
                .expect("the prompt buffer was just set")
        });
        loop {
            let newline = pending.bytes.borrow().iter().position(|&b| b == b'\n');
            if let Some(end) = newline {
                let line: Vec<u8> = pending.bytes.borrow_mut().drain(..=end).collect();
                let text = String::from_utf8_lossy(&line[..end]).into_owned();
                return Ok(Some(text));
            }
            if !wait_for_stdin() {
                if let Err(err) = self.handle_signals() {
                    // What was typed before the interruption is dropped.
                    pending.bytes.borrow_mut().clear();
                    return Err(err);
                }
                continue;
            }
            let mut chunk = [0u8; 4096];
            // SAFETY: `chunk` is a live buffer of the length given.
            let n = unsafe { libc::read(0, chunk.as_mut_ptr().cast(), chunk.len()) };
            match n {
                0 => {
                    let rest = std::mem::take(&mut *pending.bytes.borrow_mut());
                    if rest.is_empty() {
                        return Ok(None);
                    }
                    return Ok(Some(String::from_utf8_lossy(&rest).into_owned()));
                }
                n if n > 0 => pending.bytes.borrow_mut().extend(&chunk[..n as usize]),
                _ if std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) => {
                    if let Err(err) = self.handle_signals() {
                        // What was typed before the interruption is dropped.
                        pending.bytes.borrow_mut().clear();
                        return Err(err);
                    }
                }
                _ => return Ok(None),
            }
        }
    }

    /// Before the process ends because of an uncaught KeyboardInterrupt: SIGINT's
    /// handling goes back to the system default, so that re-raising it ends the
    /// process as killed by SIGINT, as CPython does (a shell then sees status 130).
    pub fn exit_by_sigint(&mut self) {
        let _ = set_disposition(libc::SIGINT, Disposition::Default);
        // SAFETY: `kill` and `getpid` have no memory-safety preconditions.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGINT);
        }
    }
}

/// Waits until standard input can be read; false if a signal came first (or had
/// come since the last check). Signals are blocked while `pending` is checked and
/// unblocked by `ppoll` itself, so one that comes in between still interrupts the wait.
fn wait_for_stdin() -> bool {
    // SAFETY: the signal sets are initialised by `sigfillset`/`pthread_sigmask` before
    // use, and `input` is one live pollfd for the length given.
    unsafe {
        let mut all: libc::sigset_t = std::mem::zeroed();
        let mut previous: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut all);
        libc::pthread_sigmask(libc::SIG_BLOCK, &all, &mut previous);
        let ready = if pending() {
            false
        } else {
            let mut input = libc::pollfd {
                fd: 0,
                events: libc::POLLIN,
                revents: 0,
            };
            libc::ppoll(&mut input, 1, std::ptr::null(), &previous) >= 0
                || std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR)
        };
        libc::pthread_sigmask(libc::SIG_SETMASK, &previous, std::ptr::null_mut());
        ready
    }
}

/// Bytes read from standard input by the prompt but not yet used.
#[derive(Default)]
struct PromptInput {
    bytes: std::cell::RefCell<Vec<u8>>,
}

/// A signal number argument, checked to be in `1..NSIG`.
fn signal_number(vm: &mut Vm, value: Option<Value>) -> PyResult<i32> {
    let value = abstract_::index(vm, &value.unwrap_or(Value::None))?;
    let number = crate::objects::int::as_i64(&value).unwrap_or(-1);
    if !(1..NSIG as i64).contains(&number) {
        return Err(vm.new_value_error("signal number out of range".to_owned()));
    }
    Ok(number as i32)
}

fn signal(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [signalnum, handler] = SIGNAL.bind_args(vm, args)?;
    let handler = handler.unwrap_or(Value::None);
    let signum = signal_number(vm, signalnum)?;
    let disposition = match &handler {
        Value::Int(0) => Disposition::Default,
        Value::Int(1) => Disposition::Ignore,
        h if crate::builtins::is_callable(vm, h) => Disposition::Record,
        _ => {
            return Err(vm.new_type_error(
                "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object"
                    .to_owned(),
            ))
        }
    };
    let Some(table) = handlers(vm) else {
        return Err(vm.new_runtime_error("signal handlers are not set up".to_owned()));
    };
    if set_disposition(signum, disposition).is_err() {
        return Err(crate::oserror::last_os_error(vm));
    }
    let old = table.by_signal.borrow_mut()[signum as usize].replace(handler);
    Ok(old.unwrap_or(Value::None))
}

fn getsignal(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [signalnum] = GETSIGNAL.bind_args(vm, args)?;
    let signum = signal_number(vm, signalnum)?;
    Ok(handlers(vm)
        .and_then(|t| t.by_signal.borrow()[signum as usize].clone())
        .unwrap_or(Value::None))
}

fn raise_signal(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [signalnum] = RAISE_SIGNAL.bind_args(vm, args)?;
    let signum = signal_number(vm, signalnum)?;
    // SAFETY: `raise` has no memory-safety preconditions.
    if unsafe { libc::raise(signum) } != 0 {
        return Err(crate::oserror::last_os_error(vm));
    }
    vm.handle_signals()?;
    Ok(Value::None)
}

/// CPython's own descriptions (it does not ask the C library, whose wording varies).
fn signal_description(signum: i32) -> Option<&'static str> {
    Some(match signum {
        libc::SIGHUP => "Hangup",
        libc::SIGINT => "Interrupt",
        libc::SIGQUIT => "Quit",
        libc::SIGILL => "Illegal instruction",
        libc::SIGTRAP => "Trace/breakpoint trap",
        libc::SIGABRT => "Aborted",
        libc::SIGBUS => "Bus error",
        libc::SIGFPE => "Floating point exception",
        libc::SIGKILL => "Killed",
        libc::SIGUSR1 => "User defined signal 1",
        libc::SIGSEGV => "Segmentation fault",
        libc::SIGUSR2 => "User defined signal 2",
        libc::SIGPIPE => "Broken pipe",
        libc::SIGALRM => "Alarm clock",
        libc::SIGTERM => "Terminated",
        libc::SIGCHLD => "Child exited",
        _ => return None,
    })
}

fn strsignal(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [signalnum] = STRSIGNAL.bind_args(vm, args)?;
    let signum = signal_number(vm, signalnum)?;
    if let Some(text) = signal_description(signum) {
        return Ok(vm.new_str(text));
    }
    // SAFETY: `strsignal` returns a pointer to a NUL-terminated string that stays
    // valid until the next call; it is copied at once.
    let text = unsafe {
        let p = libc::strsignal(signum);
        if p.is_null() {
            return Ok(Value::None);
        }
        std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
    };
    Ok(vm.new_str(text))
}

/// The signal numbers the system has, without the two real-time signals the C
/// library keeps for itself.
fn valid_signal_numbers() -> Vec<i32> {
    (1..NSIG as i32).filter(|s| !(32..34).contains(s)).collect()
}

fn valid_signals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    VALID_SIGNALS.bind_args::<0>(vm, args)?;
    let numbers = valid_signal_numbers()
        .into_iter()
        .map(|s| Value::Int(s as i64))
        .collect();
    crate::objects::set::new_set(vm, numbers)
}

fn default_int_handler(vm: &mut Vm, args: Args) -> PyResult<Value> {
    DEFAULT_INT_HANDLER.bind_args::<2>(vm, args)?;
    let class = vm.exc(Exc::KeyboardInterrupt).clone();
    Err(crate::objects::exceptions::new_exception(
        vm,
        &class,
        vec![],
    ))
}

fn alarm(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [seconds] = ALARM.bind_args(vm, args)?;
    let seconds = abstract_::index(vm, &seconds.unwrap_or(Value::None))?;
    let seconds = crate::objects::int::as_i64(&seconds)
        .unwrap_or(0)
        .clamp(0, u32::MAX as i64);
    // SAFETY: `alarm` has no memory-safety preconditions.
    let left = unsafe { libc::alarm(seconds as u32) };
    Ok(Value::Int(left as i64))
}

fn pause(vm: &mut Vm, args: Args) -> PyResult<Value> {
    PAUSE.bind_args::<0>(vm, args)?;
    // SAFETY: `pause` has no memory-safety preconditions; it returns once a signal
    // handler has run.
    unsafe {
        libc::pause();
    }
    vm.handle_signals()?;
    Ok(Value::None)
}

fn siginterrupt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [signalnum, flag] = SIGINTERRUPT.bind_args(vm, args)?;
    let signum = signal_number(vm, signalnum)?;
    let flag = abstract_::index(vm, &flag.unwrap_or(Value::None))?;
    let interrupt = crate::objects::int::as_i64(&flag).unwrap_or(0) != 0;
    // SAFETY: as in `set_disposition`; the current action is read, its restart flag
    // changed and written back.
    let failed = unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(signum, std::ptr::null(), &mut action) != 0 {
            true
        } else {
            if interrupt {
                action.sa_flags &= !libc::SA_RESTART;
            } else {
                action.sa_flags |= libc::SA_RESTART;
            }
            libc::sigaction(signum, &action, std::ptr::null_mut()) != 0
        }
    };
    if failed {
        return Err(crate::oserror::last_os_error(vm));
    }
    Ok(Value::None)
}

fn pthread_kill(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [thread_id, signalnum] = PTHREAD_KILL.bind_args(vm, args)?;
    let thread = abstract_::index(vm, &thread_id.unwrap_or(Value::None))?;
    let thread = crate::objects::int::as_i64(&thread).unwrap_or(0) as libc::pthread_t;
    let signal = abstract_::index(vm, &signalnum.unwrap_or(Value::None))?;
    let signal = crate::objects::int::as_i64(&signal).unwrap_or(0) as i32;
    // SAFETY: `pthread_kill` checks the thread id and signal itself.
    let err = unsafe { libc::pthread_kill(thread, signal) };
    if err != 0 {
        return Err(errno_error(vm, err));
    }
    vm.handle_signals()?;
    Ok(Value::None)
}

/// The OSError for an error number a call returned.
fn errno_error(vm: &mut Vm, errno: i32) -> crate::PyErr {
    crate::oserror::os_error_no_filename(vm, &std::io::Error::from_raw_os_error(errno))
}

/// A signal set from an iterable of signal numbers (CPython's
/// `_Py_Sigset_Converter`).
pub fn signal_set(vm: &mut Vm, value: &Value) -> PyResult<libc::sigset_t> {
    // SAFETY: `sigemptyset` initialises the zeroed set.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    unsafe { libc::sigemptyset(&mut set) };
    for item in abstract_::collect_iterable(vm, value)? {
        let number = abstract_::index(vm, &item)?;
        let number = crate::objects::int::as_i64(&number).unwrap_or(-1);
        if !(1..NSIG as i64).contains(&number) {
            return Err(vm.new_value_error(format!("signal number {number} out of range [1; 64]")));
        }
        // SAFETY: the number is in range and the set initialised.
        unsafe { libc::sigaddset(&mut set, number as i32) };
    }
    Ok(set)
}

/// The numbers in a signal set, as a Python set.
fn set_of_signals(vm: &mut Vm, set: &libc::sigset_t) -> PyResult<Value> {
    let numbers = valid_signal_numbers()
        .into_iter()
        // SAFETY: `sigismember` only reads the initialised set.
        .filter(|&s| unsafe { libc::sigismember(set, s) } == 1)
        .map(|s| Value::Int(s as i64))
        .collect();
    crate::objects::set::new_set(vm, numbers)
}

fn pthread_sigmask(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [how, mask] = PTHREAD_SIGMASK.bind_args(vm, args)?;
    let how = abstract_::index(vm, &how.unwrap_or(Value::None))?;
    let how = crate::objects::int::as_i64(&how).unwrap_or(-1) as i32;
    let mask = signal_set(vm, &mask.unwrap_or(Value::None))?;
    // SAFETY: both sets are initialised values that outlive the call.
    let mut previous: libc::sigset_t = unsafe { std::mem::zeroed() };
    let err = unsafe { libc::pthread_sigmask(how, &mask, &mut previous) };
    if err != 0 {
        return Err(errno_error(vm, err));
    }
    vm.handle_signals()?;
    set_of_signals(vm, &previous)
}

fn sigpending(vm: &mut Vm, args: Args) -> PyResult<Value> {
    SIGPENDING.bind_args::<0>(vm, args)?;
    // SAFETY: the set is written by `sigpending` before it is read.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    if unsafe { libc::sigpending(&mut set) } != 0 {
        return Err(crate::oserror::last_os_error(vm));
    }
    set_of_signals(vm, &set)
}

fn timeval(seconds: f64) -> libc::timeval {
    let whole = seconds.trunc();
    libc::timeval {
        tv_sec: whole as libc::time_t,
        tv_usec: ((seconds - whole) * 1e6).round() as libc::suseconds_t,
    }
}

fn timer_tuple(vm: &mut Vm, timer: &libc::itimerval) -> Value {
    let secs = |t: &libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    vm.new_tuple(vec![
        Value::Float(secs(&timer.it_value)),
        Value::Float(secs(&timer.it_interval)),
    ])
}

fn float_arg(vm: &mut Vm, value: Option<Value>) -> PyResult<f64> {
    match value {
        None => Ok(0.0),
        Some(v) => crate::objects::float::float_from_value(vm, &v),
    }
}

fn setitimer(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [which, seconds, interval] = SETITIMER.bind_args(vm, args)?;
    let which = abstract_::index(vm, &which.unwrap_or(Value::None))?;
    let which = crate::objects::int::as_i64(&which).unwrap_or(-1) as libc::c_int;
    let value = libc::itimerval {
        it_value: timeval(float_arg(vm, seconds)?),
        it_interval: timeval(float_arg(vm, interval)?),
    };
    // SAFETY: both structs are initialised and outlive the call.
    let mut old: libc::itimerval = unsafe { std::mem::zeroed() };
    if unsafe { libc::setitimer(which as _, &value, &mut old) } != 0 {
        return Err(crate::oserror::last_os_error(vm));
    }
    Ok(timer_tuple(vm, &old))
}

fn getitimer(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [which] = GETITIMER.bind_args(vm, args)?;
    let which = abstract_::index(vm, &which.unwrap_or(Value::None))?;
    let which = crate::objects::int::as_i64(&which).unwrap_or(-1) as libc::c_int;
    // SAFETY: the struct is written by `getitimer` before it is read.
    let mut current: libc::itimerval = unsafe { std::mem::zeroed() };
    if unsafe { libc::getitimer(which as _, &mut current) } != 0 {
        return Err(crate::oserror::last_os_error(vm));
    }
    Ok(timer_tuple(vm, &current))
}

fn set_wakeup_fd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, _warn] = SET_WAKEUP_FD.bind_args(vm, args)?;
    let fd = abstract_::index(vm, &fd.unwrap_or(Value::None))?;
    let fd = crate::objects::int::as_i64(&fd).unwrap_or(-1);
    let fd = i32::try_from(fd).unwrap_or(-1).max(-1);
    if fd >= 0 {
        // SAFETY: `fcntl(F_GETFL)` only queries the descriptor.
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        if flags < 0 {
            return Err(vm.new_value_error(format!("the fd {fd} must be in non-blocking mode")));
        }
        if flags & libc::O_NONBLOCK == 0 {
            return Err(vm.new_value_error(format!("the fd {fd} must be in non-blocking mode")));
        }
    }
    let old = WAKEUP_FD.swap(fd, Ordering::SeqCst);
    Ok(Value::Int(old as i64))
}
