//! The `select` module (CPython's `Modules/selectmodule.c`): waiting until file
//! descriptors are ready, with `select()`, `poll` objects and `epoll` objects.
//! Waits interrupted by a signal run its handler and go on with what is left of
//! their timeout (PEP 475). `selectors` and `asyncio` are built on these.

use std::cell::{Cell, RefCell};

use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

static SELECT: Signature = Signature::of(
    "select",
    "select",
    "($module, rlist, wlist, xlist, timeout=None, /)",
);
static POLL_NEW: Signature = Signature::of("select", "poll", "($module, /)");
static POLL_REGISTER: Signature =
    Signature::unlisted("poll", "register", "($self, fd, eventmask=7, /)");
static POLL_MODIFY: Signature = Signature::of("poll", "modify", "($self, fd, eventmask, /)");
static POLL_UNREGISTER: Signature = Signature::of("poll", "unregister", "($self, fd, /)");
static POLL_POLL: Signature = Signature::of("poll", "poll", "($self, timeout=None, /)");
static EPOLL_NEW: Signature = Signature::new("epoll", "($type, sizehint=-1, flags=0)").not_listed();
static EPOLL_REGISTER: Signature =
    Signature::unlisted("epoll", "register", "($self, /, fd, eventmask=7)");
static EPOLL_MODIFY: Signature = Signature::of("epoll", "modify", "($self, /, fd, eventmask)");
static EPOLL_UNREGISTER: Signature = Signature::of("epoll", "unregister", "($self, /, fd)");
static EPOLL_POLL: Signature =
    Signature::of("epoll", "poll", "($self, /, timeout=None, maxevents=-1)");
static EPOLL_CLOSE: Signature = Signature::of("epoll", "close", "($self, /)");
static EPOLL_FILENO: Signature = Signature::of("epoll", "fileno", "($self, /)");
static EPOLL_FROMFD: Signature = Signature::of("epoll", "fromfd", "($type, fd, /)");
static EPOLL_ENTER: Signature = Signature::of("epoll", "__enter__", "($self, /)");
static EPOLL_EXIT: Signature = Signature::unlisted(
    "epoll",
    "__exit__",
    "($self, exc_type=None, exc_value=None, exc_tb=None, /)",
);

static FUNCTIONS: [MethodDef; 2] = [
    MethodDef::staticmethod("select", select).with_signature(&SELECT),
    MethodDef::staticmethod("poll", poll_new).with_signature(&POLL_NEW),
];

static POLL_TYPE: NativeTypeSpec = NativeTypeSpec {
    methods: &[
        MethodDef::method("register", poll_register).with_signature(&POLL_REGISTER),
        MethodDef::method("modify", poll_modify).with_signature(&POLL_MODIFY),
        MethodDef::method("unregister", poll_unregister).with_signature(&POLL_UNREGISTER),
        MethodDef::method("poll", poll_poll).with_signature(&POLL_POLL),
    ],
    ..NativeTypeSpec::new("poll", "select")
};

static EPOLL_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("select.epoll(sizehint=-1, flags=0)\n\nReturns an epolling object"),
    subclassable: true,
    new: Some(epoll_new),
    methods: &[
        MethodDef::method("register", epoll_register).with_signature(&EPOLL_REGISTER),
        MethodDef::method("modify", epoll_modify).with_signature(&EPOLL_MODIFY),
        MethodDef::method("unregister", epoll_unregister).with_signature(&EPOLL_UNREGISTER),
        MethodDef::method("poll", epoll_poll).with_signature(&EPOLL_POLL),
        MethodDef::method("close", epoll_close).with_signature(&EPOLL_CLOSE),
        MethodDef::method("fileno", epoll_fileno).with_signature(&EPOLL_FILENO),
        MethodDef::classmethod("fromfd", epoll_fromfd).with_signature(&EPOLL_FROMFD),
        MethodDef::method("__enter__", epoll_enter).with_signature(&EPOLL_ENTER),
        MethodDef::method("__exit__", epoll_exit).with_signature(&EPOLL_EXIT),
    ],
    getsets: &[GetSet {
        name: "closed",
        get: epoll_closed,
        set: None,
    }],
    ..NativeTypeSpec::new("epoll", "select")
};

const CONSTANTS: &[(&str, i64)] = &[
    ("POLLIN", libc::POLLIN as i64),
    ("POLLPRI", libc::POLLPRI as i64),
    ("POLLOUT", libc::POLLOUT as i64),
    ("POLLERR", libc::POLLERR as i64),
    ("POLLHUP", libc::POLLHUP as i64),
    ("POLLNVAL", libc::POLLNVAL as i64),
    ("POLLRDNORM", libc::POLLRDNORM as i64),
    ("POLLRDBAND", libc::POLLRDBAND as i64),
    ("POLLWRNORM", libc::POLLWRNORM as i64),
    ("POLLWRBAND", libc::POLLWRBAND as i64),
    ("POLLMSG", 0x400),
    ("POLLRDHUP", libc::POLLRDHUP as i64),
    ("EPOLLIN", libc::EPOLLIN as i64),
    ("EPOLLOUT", libc::EPOLLOUT as i64),
    ("EPOLLPRI", libc::EPOLLPRI as i64),
    ("EPOLLERR", libc::EPOLLERR as i64),
    ("EPOLLHUP", libc::EPOLLHUP as i64),
    ("EPOLLET", libc::EPOLLET as u32 as i64),
    ("EPOLLONESHOT", libc::EPOLLONESHOT as i64),
    ("EPOLLEXCLUSIVE", libc::EPOLLEXCLUSIVE as i64),
    ("EPOLLRDHUP", libc::EPOLLRDHUP as i64),
    ("EPOLLRDNORM", libc::EPOLLRDNORM as i64),
    ("EPOLLRDBAND", libc::EPOLLRDBAND as i64),
    ("EPOLLWRNORM", libc::EPOLLWRNORM as i64),
    ("EPOLLWRBAND", libc::EPOLLWRBAND as i64),
    ("EPOLLMSG", libc::EPOLLMSG as i64),
    ("EPOLL_CLOEXEC", libc::EPOLL_CLOEXEC as i64),
    ("PIPE_BUF", libc::PIPE_BUF as i64),
];

/// The module's classes, made once per interpreter.
#[derive(Default)]
struct SelectTypes {
    poll: RefCell<Option<ObjRef>>,
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "select");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "select", &FUNCTIONS);
    for &(name, value) in CONSTANTS {
        dict::dict_set_str(vm, &d, name, Value::Int(value));
    }
    let error = vm.exc(Exc::OSError).clone();
    dict::dict_set_str(vm, &d, "error", Value::Obj(error));
    let poll = new_native_type(vm, &POLL_TYPE, None);
    let epoll = new_native_type(vm, &EPOLL_TYPE, None);
    dict::dict_set_str(vm, &d, "epoll", Value::Obj(epoll));
    if vm.module_state::<SelectTypes>().is_none() {
        vm.set_module_state(SelectTypes::default());
    }
    if let Some(types) = vm.module_state::<SelectTypes>() {
        *types.poll.borrow_mut() = Some(poll);
    }
    Ok(m)
}

// ---------------------------------------------------------------------------
// Arguments

/// A timeout in seconds: `None` waits for ever.
fn seconds_arg(vm: &mut Vm, value: Option<Value>) -> PyResult<Option<f64>> {
    match value {
        None | Some(Value::None) => Ok(None),
        Some(v) => match krait_vm::objects::float::as_f64(&v) {
            Some(x) if x.is_nan() => {
                Err(vm.new_value_error("Invalid value NaN (not a number)".to_owned()))
            }
            Some(x) => Ok(Some(x)),
            None => Err(vm.new_type_error("timeout must be a float or None".to_owned())),
        },
    }
}

fn int_arg(vm: &mut Vm, value: Option<Value>, default: i64) -> PyResult<i64> {
    match value {
        None => Ok(default),
        Some(v) => {
            let v = abstract_::index(vm, &v)?;
            Ok(krait_vm::objects::int::as_i64(&v).unwrap_or(default))
        }
    }
}

fn os_error(vm: &mut Vm) -> PyErr {
    krait_vm::oserror::last_os_error(vm)
}

/// A deadline for a wait of `timeout` seconds, to recompute what is left after a
/// signal interrupts it.
struct Deadline(Option<std::time::Instant>);

impl Deadline {
    fn after(timeout: Option<f64>) -> Deadline {
        Deadline(timeout.map(|t| {
            std::time::Instant::now() + std::time::Duration::from_secs_f64(t.clamp(0.0, 1e9))
        }))
    }

    /// Seconds left (never negative); `None` for no deadline.
    fn left(&self) -> Option<f64> {
        self.0.map(|d| {
            d.saturating_duration_since(std::time::Instant::now())
                .as_secs_f64()
        })
    }

    /// What is left in milliseconds, rounded up as CPython does; -1 for ever.
    fn left_ms(&self) -> i32 {
        match self.left() {
            None => -1,
            Some(s) => (s * 1000.0).ceil().min(i32::MAX as f64) as i32,
        }
    }
}

/// Runs a wait until it is not interrupted; a signal's handler runs in between.
fn retry_interrupted(vm: &mut Vm, mut wait: impl FnMut() -> i32) -> PyResult<i32> {
    loop {
        let result = wait();
        if result >= 0 {
            return Ok(result);
        }
        if std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            return Err(os_error(vm));
        }
        vm.handle_signals()?;
    }
}

// ---------------------------------------------------------------------------
// select()

fn select(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [rlist, wlist, xlist, timeout] = SELECT.bind_args(vm, args)?;
    let timeout = seconds_arg(vm, timeout)?;
    if timeout.is_some_and(|t| t < 0.0) {
        return Err(vm.new_value_error("timeout must be non-negative".to_owned()));
    }
    let mut sets = Vec::with_capacity(3);
    for list in [rlist, wlist, xlist] {
        let items = abstract_::collect_iterable(vm, &list.unwrap_or(Value::None)).map_err(|e| {
            if vm.err_matches(&e, Exc::TypeError) {
                vm.new_type_error("arguments 1-3 must be sequences".to_owned())
            } else {
                e
            }
        })?;
        let mut entries = Vec::with_capacity(items.len());
        for item in items {
            let fd = crate::fileno_arg(vm, &item)?;
            if fd as usize >= libc::FD_SETSIZE {
                return Err(
                    vm.new_value_error("filedescriptor out of range in select()".to_owned())
                );
            }
            entries.push((fd, item));
        }
        sets.push(entries);
    }
    let deadline = Deadline::after(timeout);
    // SAFETY: the fd_sets are zeroed, then filled with descriptors checked to be
    // below FD_SETSIZE; `select` reads and writes only them and the timeval.
    let mut ready: [libc::fd_set; 3] = unsafe { std::mem::zeroed() };
    let nfds = sets
        .iter()
        .flatten()
        .map(|(fd, _)| fd + 1)
        .max()
        .unwrap_or(0);
    retry_interrupted(vm, || {
        for (set, entries) in ready.iter_mut().zip(&sets) {
            unsafe {
                libc::FD_ZERO(set);
                for (fd, _) in entries {
                    libc::FD_SET(*fd, set);
                }
            }
        }
        let mut tv = deadline.left().map(|s| libc::timeval {
            tv_sec: s.trunc() as libc::time_t,
            tv_usec: ((s - s.trunc()) * 1e6) as libc::suseconds_t,
        });
        let tvp = tv
            .as_mut()
            .map_or(std::ptr::null_mut(), |t| t as *mut libc::timeval);
        let [r, w, x] = &mut ready;
        unsafe { libc::select(nfds, r, w, x, tvp) }
    })?;
    let mut lists = Vec::with_capacity(3);
    for (set, entries) in ready.iter().zip(sets) {
        let chosen = entries
            .into_iter()
            // SAFETY: `FD_ISSET` reads the set `select` filled.
            .filter(|(fd, _)| unsafe { libc::FD_ISSET(*fd, set) })
            .map(|(_, item)| item)
            .collect();
        lists.push(vm.new_list(chosen));
    }
    Ok(vm.new_tuple(lists))
}

// ---------------------------------------------------------------------------
// poll objects

/// A poll object's registrations, in the order they were made.
#[derive(Default)]
struct Poll {
    registered: RefCell<Vec<(i32, i16)>>,
    polling: Cell<bool>,
}

impl NativeData for Poll {
    fn holds_values(&self) -> bool {
        false
    }
}

fn poll_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    POLL_NEW.bind_args::<0>(vm, args)?;
    let class = vm
        .module_state::<SelectTypes>()
        .and_then(|t| t.poll.borrow().clone());
    let Some(class) = class else {
        return Err(vm.new_runtime_error("select is not initialised".to_owned()));
    };
    Ok(new_native_object(vm, &class, Poll::default()))
}

fn this_poll(vm: &mut Vm, this: &Option<Value>) -> PyResult<Value> {
    match this {
        Some(v) if native_data::<Poll>(v).is_some() => Ok(v.clone()),
        _ => Err(vm.new_type_error("descriptor requires a 'select.poll' object".to_owned())),
    }
}

fn poll_data(v: &Value) -> &Poll {
    native_data::<Poll>(v).expect("this_poll checked the type")
}

fn event_mask(vm: &mut Vm, value: Option<Value>, default: i64) -> PyResult<i16> {
    let mask = int_arg(vm, value, default)?;
    if !(0..=u16::MAX as i64).contains(&mask) {
        return Err(vm.new_error(
            Exc::OverflowError,
            "Python int too large for C unsigned short",
        ));
    }
    Ok(mask as u16 as i16)
}

fn poll_register(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [fd, mask]) = POLL_REGISTER.bind(vm, args)?;
    let this = this_poll(vm, &this)?;
    let fd = crate::fileno_arg(vm, &fd.unwrap_or(Value::None))?;
    let default = (libc::POLLIN | libc::POLLPRI | libc::POLLOUT) as i64;
    let mask = event_mask(vm, mask, default)?;
    let mut registered = poll_data(&this).registered.borrow_mut();
    match registered.iter_mut().find(|(f, _)| *f == fd) {
        Some(entry) => entry.1 = mask,
        None => registered.push((fd, mask)),
    }
    Ok(Value::None)
}

fn poll_modify(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [fd, mask]) = POLL_MODIFY.bind(vm, args)?;
    let this = this_poll(vm, &this)?;
    let fd = crate::fileno_arg(vm, &fd.unwrap_or(Value::None))?;
    let mask = event_mask(vm, mask, 0)?;
    let found = match poll_data(&this)
        .registered
        .borrow_mut()
        .iter_mut()
        .find(|(f, _)| *f == fd)
    {
        Some(entry) => {
            entry.1 = mask;
            true
        }
        None => false,
    };
    if !found {
        let e = std::io::Error::from_raw_os_error(libc::ENOENT);
        return Err(krait_vm::oserror::os_error_no_filename(vm, &e));
    }
    Ok(Value::None)
}

fn poll_unregister(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [fd]) = POLL_UNREGISTER.bind(vm, args)?;
    let this = this_poll(vm, &this)?;
    let fd = crate::fileno_arg(vm, &fd.unwrap_or(Value::None))?;
    let mut registered = poll_data(&this).registered.borrow_mut();
    match registered.iter().position(|(f, _)| *f == fd) {
        Some(i) => {
            registered.remove(i);
            Ok(Value::None)
        }
        None => {
            drop(registered);
            let key = Value::Int(fd as i64);
            let class = vm.exc(Exc::KeyError).clone();
            Err(krait_vm::objects::exceptions::new_exception(
                vm,
                &class,
                vec![key],
            ))
        }
    }
}

fn poll_poll(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [timeout]) = POLL_POLL.bind(vm, args)?;
    let this = this_poll(vm, &this)?;
    // Milliseconds; None or a negative number waits for ever.
    let timeout = seconds_arg(vm, timeout)?;
    let deadline = Deadline::after(timeout.filter(|t| *t >= 0.0).map(|ms| ms / 1000.0));
    let data = poll_data(&this);
    if data.polling.replace(true) {
        return Err(vm.new_runtime_error("concurrent poll() invocation".to_owned()));
    }
    let mut fds: Vec<libc::pollfd> = data
        .registered
        .borrow()
        .iter()
        .map(|&(fd, events)| libc::pollfd {
            fd,
            events,
            revents: 0,
        })
        .collect();
    let result = retry_interrupted(vm, || {
        // SAFETY: `fds` is a live array of `fds.len()` pollfd structs.
        unsafe {
            libc::poll(
                fds.as_mut_ptr(),
                fds.len() as libc::nfds_t,
                deadline.left_ms(),
            )
        }
    });
    poll_data(&this).polling.set(false);
    result?;
    let ready = fds
        .iter()
        .filter(|p| p.revents != 0)
        .map(|p| {
            vm.new_tuple(vec![
                Value::Int(p.fd as i64),
                Value::Int(p.revents as u16 as i64),
            ])
        })
        .collect();
    Ok(vm.new_list(ready))
}

// ---------------------------------------------------------------------------
// epoll objects

/// An epoll object: its descriptor, -1 once closed.
struct Epoll {
    fd: Cell<i32>,
}

impl NativeData for Epoll {
    fn holds_values(&self) -> bool {
        false
    }
}

impl Drop for Epoll {
    fn drop(&mut self) {
        let fd = self.fd.replace(-1);
        if fd >= 0 {
            // SAFETY: the descriptor is this object's own and closed once.
            unsafe { libc::close(fd) };
        }
    }
}

fn epoll_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (class, [sizehint, flags]) = EPOLL_NEW.bind(vm, args)?;
    let Some(Value::Obj(class)) = class else {
        return Err(vm.new_type_error("epoll.__new__(X): X is not a type object".to_owned()));
    };
    let sizehint = int_arg(vm, sizehint, -1)?;
    int_arg(vm, flags, 0)?;
    if sizehint == 0 || sizehint < -1 {
        return Err(vm.new_value_error("negative sizehint".to_owned()));
    }
    // SAFETY: `epoll_create1` has no memory-safety preconditions.
    let fd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
    if fd < 0 {
        return Err(os_error(vm));
    }
    Ok(new_native_object(vm, &class, Epoll { fd: Cell::new(fd) }))
}

/// The open descriptor of an epoll object.
fn epoll_fd(vm: &mut Vm, this: &Option<Value>) -> PyResult<i32> {
    let Some(data) = this.as_ref().and_then(native_data::<Epoll>) else {
        return Err(vm.new_type_error("descriptor requires a 'select.epoll' object".to_owned()));
    };
    match data.fd.get() {
        fd if fd >= 0 => Ok(fd),
        _ => Err(vm.new_value_error("I/O operation on closed epoll object".to_owned())),
    }
}

fn epoll_control(
    vm: &mut Vm,
    op: i32,
    this: &Option<Value>,
    fd: Option<Value>,
    mask: u32,
) -> PyResult<Value> {
    let epfd = epoll_fd(vm, this)?;
    let fd = crate::fileno_arg(vm, &fd.unwrap_or(Value::None))?;
    let mut event = libc::epoll_event {
        events: mask,
        u64: fd as u64,
    };
    // SAFETY: `event` is a live, initialised struct for the call.
    if unsafe { libc::epoll_ctl(epfd, op, fd, &mut event) } != 0 {
        return Err(os_error(vm));
    }
    Ok(Value::None)
}

fn epoll_mask(vm: &mut Vm, value: Option<Value>) -> PyResult<u32> {
    let default = (libc::EPOLLIN | libc::EPOLLPRI | libc::EPOLLOUT) as i64;
    let mask = int_arg(vm, value, default)?;
    Ok(mask as u32)
}

fn epoll_register(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [fd, mask]) = EPOLL_REGISTER.bind(vm, args)?;
    let mask = epoll_mask(vm, mask)?;
    epoll_control(vm, libc::EPOLL_CTL_ADD, &this, fd, mask)
}

fn epoll_modify(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [fd, mask]) = EPOLL_MODIFY.bind(vm, args)?;
    let mask = epoll_mask(vm, mask)?;
    epoll_control(vm, libc::EPOLL_CTL_MOD, &this, fd, mask)
}

fn epoll_unregister(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [fd]) = EPOLL_UNREGISTER.bind(vm, args)?;
    epoll_control(vm, libc::EPOLL_CTL_DEL, &this, fd, 0)
}

fn epoll_poll(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [timeout, maxevents]) = EPOLL_POLL.bind(vm, args)?;
    let epfd = epoll_fd(vm, &this)?;
    let timeout = seconds_arg(vm, timeout)?;
    let maxevents = match int_arg(vm, maxevents, -1)? {
        -1 => libc::FD_SETSIZE as i64 - 1,
        n if n <= 0 => {
            return Err(vm.new_value_error(format!("maxevents must be greater than 0, got {n}")))
        }
        n => n.min(1 << 20),
    };
    let deadline = Deadline::after(timeout.filter(|t| *t >= 0.0));
    let mut events = vec![libc::epoll_event { events: 0, u64: 0 }; maxevents as usize];
    let count = retry_interrupted(vm, || {
        // SAFETY: `events` has room for `maxevents` entries.
        unsafe {
            libc::epoll_wait(
                epfd,
                events.as_mut_ptr(),
                maxevents as i32,
                deadline.left_ms(),
            )
        }
    })?;
    let ready = events[..count as usize]
        .iter()
        .map(|e| {
            let (fd, mask) = (e.u64 as i32, e.events);
            vm.new_tuple(vec![Value::Int(fd as i64), Value::Int(mask as i64)])
        })
        .collect();
    Ok(vm.new_list(ready))
}

fn epoll_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = EPOLL_CLOSE.bind(vm, args)?;
    if let Some(data) = this.as_ref().and_then(native_data::<Epoll>) {
        let fd = data.fd.replace(-1);
        // SAFETY: the descriptor is this object's own and closed once.
        if fd >= 0 && unsafe { libc::close(fd) } != 0 {
            return Err(os_error(vm));
        }
    }
    Ok(Value::None)
}

fn epoll_closed(_vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let closed = native_data::<Epoll>(this).is_none_or(|d| d.fd.get() < 0);
    Ok(Value::Bool(closed))
}

fn epoll_fileno(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = EPOLL_FILENO.bind(vm, args)?;
    Ok(Value::Int(epoll_fd(vm, &this)? as i64))
}

fn epoll_fromfd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (class, [fd]) = EPOLL_FROMFD.bind(vm, args)?;
    let Some(Value::Obj(class)) = class else {
        return Err(vm.new_type_error("fromfd() needs a class".to_owned()));
    };
    let fd = int_arg(vm, fd, -1)?;
    let fd = i32::try_from(fd).unwrap_or(-1);
    Ok(new_native_object(vm, &class, Epoll { fd: Cell::new(fd) }))
}

fn epoll_enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = EPOLL_ENTER.bind(vm, args)?;
    epoll_fd(vm, &this)?;
    Ok(this.unwrap_or(Value::None))
}

fn epoll_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [_, _, _]) = EPOLL_EXIT.bind(vm, args)?;
    let close = Args::new(vec![this.unwrap_or(Value::None)]);
    epoll_close(vm, close)
}
