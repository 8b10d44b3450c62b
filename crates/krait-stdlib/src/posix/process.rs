//! The process functions of `posix`: waiting for children, the wait-status macros
//! not defined with the others, `fork` and the `exec` family, and descriptor
//! inheritance and blocking, which `subprocess` relies on.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::function::Args;
use krait_vm::signature::Signature;
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};

static WAITPID: Signature = Signature::of("posix", "waitpid", "($module, pid, options, /)");
static WAIT: Signature = Signature::of("posix", "wait", "($module, /)");
static WIFSTOPPED: Signature = Signature::of("posix", "WIFSTOPPED", "($module, /, status)");
static WSTOPSIG: Signature = Signature::of("posix", "WSTOPSIG", "($module, /, status)");
static WIFCONTINUED: Signature = Signature::of("posix", "WIFCONTINUED", "($module, /, status)");
static WCOREDUMP: Signature = Signature::of("posix", "WCOREDUMP", "($module, status, /)");
static FORK: Signature = Signature::of("posix", "fork", "($module, /)");
static EXECV: Signature = Signature::of("posix", "execv", "($module, path, argv, /)");
static EXECVE: Signature = Signature::of("posix", "execve", "($module, path, argv, env)");
static GET_INHERITABLE: Signature = Signature::of("posix", "get_inheritable", "($module, fd, /)");
static SET_INHERITABLE: Signature =
    Signature::of("posix", "set_inheritable", "($module, fd, inheritable, /)");
static GET_BLOCKING: Signature = Signature::of("posix", "get_blocking", "($module, fd, /)");
static SET_BLOCKING: Signature =
    Signature::of("posix", "set_blocking", "($module, fd, blocking, /)");

static REGISTER_AT_FORK: Signature = Signature::of(
    "posix",
    "register_at_fork",
    "($module, /, *, before=<unrepresentable>, after_in_child=<unrepresentable>, after_in_parent=<unrepresentable>)",
);

static OPENPTY: Signature = Signature::of("posix", "openpty", "($module, /)");
static FORKPTY: Signature = Signature::of("posix", "forkpty", "($module, /)");

static SETSID: Signature = Signature::of("posix", "setsid", "($module, /)");
static GETSID: Signature = Signature::of("posix", "getsid", "($module, pid, /)");
static SETPGID: Signature = Signature::of("posix", "setpgid", "($module, pid, pgrp, /)");
static GETPGID: Signature = Signature::of("posix", "getpgid", "($module, pid, /)");

static FUNCTIONS: [MethodDef; 20] = [
    MethodDef::staticmethod("setsid", setsid).with_signature(&SETSID),
    MethodDef::staticmethod("getsid", getsid).with_signature(&GETSID),
    MethodDef::staticmethod("setpgid", setpgid).with_signature(&SETPGID),
    MethodDef::staticmethod("getpgid", getpgid).with_signature(&GETPGID),
    MethodDef::staticmethod("openpty", openpty).with_signature(&OPENPTY),
    MethodDef::staticmethod("forkpty", forkpty).with_signature(&FORKPTY),
    MethodDef::staticmethod("register_at_fork", register_at_fork).with_signature(&REGISTER_AT_FORK),
    MethodDef::staticmethod("waitpid", waitpid).with_signature(&WAITPID),
    MethodDef::staticmethod("wait", wait).with_signature(&WAIT),
    MethodDef::staticmethod("WIFSTOPPED", wifstopped).with_signature(&WIFSTOPPED),
    MethodDef::staticmethod("WSTOPSIG", wstopsig).with_signature(&WSTOPSIG),
    MethodDef::staticmethod("WIFCONTINUED", wifcontinued).with_signature(&WIFCONTINUED),
    MethodDef::staticmethod("WCOREDUMP", wcoredump).with_signature(&WCOREDUMP),
    MethodDef::staticmethod("fork", fork).with_signature(&FORK),
    MethodDef::staticmethod("execv", execv).with_signature(&EXECV),
    MethodDef::staticmethod("execve", execve).with_signature(&EXECVE),
    MethodDef::staticmethod("get_inheritable", get_inheritable).with_signature(&GET_INHERITABLE),
    MethodDef::staticmethod("set_inheritable", set_inheritable).with_signature(&SET_INHERITABLE),
    MethodDef::staticmethod("get_blocking", get_blocking).with_signature(&GET_BLOCKING),
    MethodDef::staticmethod("set_blocking", set_blocking).with_signature(&SET_BLOCKING),
];

/// Adds the process functions and their constants to `posix`'s namespace.
pub fn add_functions(vm: &mut Vm, d: &ObjRef) {
    add_module_functions(vm, d, "posix", &FUNCTIONS);
    for (name, value) in [
        ("WCONTINUED", libc::WCONTINUED),
        ("WNOWAIT", libc::WNOWAIT),
        ("WEXITED", libc::WEXITED),
        ("WSTOPPED", libc::WSTOPPED),
    ] {
        krait_vm::objects::dict::dict_set_str(vm, d, name, Value::Int(value as i64));
    }
}

/// An int argument that fits a C int.
pub(crate) fn c_int(vm: &mut Vm, value: Option<Value>) -> PyResult<i32> {
    abstract_::index_c_int(vm, &value.unwrap_or(Value::None))
}

fn os_error(vm: &mut Vm) -> krait_vm::PyErr {
    krait_vm::oserror::last_os_error(vm)
}

/// Runs a call until it is not interrupted by a signal (PEP 475).
fn retrying(vm: &mut Vm, mut call: impl FnMut() -> i32) -> PyResult<i32> {
    krait_vm::oserror::retry_syscall(vm, || i64::from(call())).map(|n| n as i32)
}

fn waitpid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pid, options] = WAITPID.bind_args(vm, args)?;
    let pid = c_int(vm, pid)?;
    let options = c_int(vm, options)?;
    let mut status = 0;
    // SAFETY: `status` is a live int for `waitpid` to write.
    let child = retrying(vm, || unsafe { libc::waitpid(pid, &mut status, options) })?;
    Ok(vm.new_tuple(vec![Value::Int(child as i64), Value::Int(status as i64)]))
}

fn wait(vm: &mut Vm, args: Args) -> PyResult<Value> {
    WAIT.bind_args::<0>(vm, args)?;
    let mut status = 0;
    // SAFETY: `status` is a live int for `wait` to write.
    let child = retrying(vm, || unsafe { libc::wait(&mut status) })?;
    Ok(vm.new_tuple(vec![Value::Int(child as i64), Value::Int(status as i64)]))
}

fn status_arg(vm: &mut Vm, signature: &'static Signature, args: Args) -> PyResult<i32> {
    let [status] = signature.bind_args(vm, args)?;
    c_int(vm, status)
}

fn wifstopped(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let status = status_arg(vm, &WIFSTOPPED, args)?;
    Ok(Value::Bool(libc::WIFSTOPPED(status)))
}

fn wstopsig(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let status = status_arg(vm, &WSTOPSIG, args)?;
    Ok(Value::Int(libc::WSTOPSIG(status) as i64))
}

fn wifcontinued(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let status = status_arg(vm, &WIFCONTINUED, args)?;
    Ok(Value::Bool(libc::WIFCONTINUED(status)))
}

fn wcoredump(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let status = status_arg(vm, &WCOREDUMP, args)?;
    Ok(Value::Bool(libc::WCOREDUMP(status)))
}

/// The calls `register_at_fork` registered.
#[derive(Default)]
struct ForkHooks {
    before: std::cell::RefCell<Vec<Value>>,
    after_in_child: std::cell::RefCell<Vec<Value>>,
    after_in_parent: std::cell::RefCell<Vec<Value>>,
}

fn fork_hooks(vm: &mut Vm) -> std::rc::Rc<ForkHooks> {
    if let Some(hooks) = vm.module_state::<ForkHooks>() {
        return hooks;
    }
    vm.set_module_state(ForkHooks::default());
    vm.module_state::<ForkHooks>()
        .expect("the fork hooks were just set")
}

fn register_at_fork(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [before, after_in_child, after_in_parent] = REGISTER_AT_FORK.bind_args(vm, args)?;
    if before.is_none() && after_in_child.is_none() && after_in_parent.is_none() {
        return Err(vm.new_type_error("At least one argument is required.".to_owned()));
    }
    for (name, value) in [
        ("before", &before),
        ("after_in_child", &after_in_child),
        ("after_in_parent", &after_in_parent),
    ] {
        if let Some(v) = value {
            if !krait_vm::builtins::is_callable(vm, v) {
                let given = vm.type_name_of(v);
                return Err(vm.new_type_error(format!("'{name}' must be callable, not {given}")));
            }
        }
    }
    let hooks = fork_hooks(vm);
    hooks.before.borrow_mut().extend(before);
    hooks.after_in_child.borrow_mut().extend(after_in_child);
    hooks.after_in_parent.borrow_mut().extend(after_in_parent);
    Ok(Value::None)
}

/// Runs registered fork hooks; their exceptions are reported, not raised, as
/// CPython does.
fn run_fork_hooks(vm: &mut Vm, hooks: Vec<Value>) {
    for hook in hooks {
        if let Err(err) = vm.call1(&hook, vec![]) {
            let shown = krait_vm::exc::format_exception(vm, &Value::Obj(err.0));
            krait_vm::sys::write_stderr(vm, &format!("Exception ignored in fork hook:\n{shown}"));
        }
    }
}

/// Forks the process, with the `register_at_fork` hooks around it.
pub(crate) fn fork_with_hooks(vm: &mut Vm) -> PyResult<libc::pid_t> {
    let hooks = fork_hooks(vm);
    let before: Vec<Value> = hooks.before.borrow().iter().rev().cloned().collect();
    run_fork_hooks(vm, before);
    // SAFETY: the interpreter runs on this one thread; the child continues it alone
    // (the process's other thread only waits for this one and holds no locks).
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(os_error(vm));
    }
    let after = if pid == 0 {
        hooks.after_in_child.borrow().clone()
    } else {
        hooks.after_in_parent.borrow().clone()
    };
    run_fork_hooks(vm, after);
    Ok(pid)
}

fn fork(vm: &mut Vm, args: Args) -> PyResult<Value> {
    FORK.bind_args::<0>(vm, args)?;
    vm.flush_stdout();
    let pid = fork_with_hooks(vm)?;
    Ok(Value::Int(pid as i64))
}

/// A path as the C string `exec` takes (str, bytes or os.PathLike).
pub(crate) fn fs_path(vm: &mut Vm, value: &Value) -> PyResult<std::ffi::CString> {
    let os = krait_vm::import::import_full(vm, "os")?;
    let encoded = vm.call_method(&os, "fsencode", vec![value.clone()])?;
    let bytes = krait_vm::objects::bytes::as_bytes(&encoded).unwrap_or_default();
    std::ffi::CString::new(bytes).map_err(|_| vm.new_value_error("embedded null byte".to_owned()))
}

/// An argument vector from a list or tuple of paths.
fn arg_vector(vm: &mut Vm, value: &Value, function: &str) -> PyResult<Vec<std::ffi::CString>> {
    let Some(items) = abstract_::list_items(value).or_else(|| abstract_::tuple_items(value)) else {
        return Err(vm.new_type_error(format!("{function}() arg 2 must be a tuple or list")));
    };
    if items.is_empty() {
        return Err(vm.new_value_error(format!("{function}() arg 2 must not be empty")));
    }
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        out.push(fs_path(vm, item)?);
    }
    if out[0].as_bytes().is_empty() {
        return Err(vm.new_value_error(format!("{function}() arg 2 first element cannot be empty")));
    }
    Ok(out)
}

/// A NULL-terminated array of pointers into `strings`, which must outlive it.
pub(crate) fn pointers(strings: &[std::ffi::CString]) -> Vec<*const libc::c_char> {
    strings
        .iter()
        .map(|s| s.as_ptr())
        .chain(std::iter::once(std::ptr::null()))
        .collect()
}

fn execv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, argv] = EXECV.bind_args(vm, args)?;
    let path = fs_path(vm, &path.unwrap_or(Value::None))?;
    let argv = arg_vector(vm, &argv.unwrap_or(Value::None), "execv")?;
    let argv_ptrs = pointers(&argv);
    vm.flush_stdout();
    // SAFETY: the path and argument strings live until `execv` returns, which it
    // only does on failure; the pointer array ends with NULL.
    unsafe { libc::execv(path.as_ptr(), argv_ptrs.as_ptr()) };
    Err(os_error(vm))
}

fn execve(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, argv, env] = EXECVE.bind_args(vm, args)?;
    let path = fs_path(vm, &path.unwrap_or(Value::None))?;
    let argv = arg_vector(vm, &argv.unwrap_or(Value::None), "execve")?;
    let env = env.unwrap_or(Value::None);
    let items = vm.call_method(&env, "items", vec![])?;
    let mut environment = Vec::new();
    for pair in abstract_::collect_iterable(vm, &items)? {
        let pair = abstract_::tuple_items(&pair).unwrap_or_default();
        let [key, value] = pair.as_slice() else {
            continue;
        };
        let mut entry = fs_path(vm, key)?.into_bytes();
        if entry.contains(&b'=') {
            return Err(vm.new_value_error("illegal environment variable name".to_owned()));
        }
        entry.push(b'=');
        entry.extend(fs_path(vm, value)?.into_bytes());
        environment.push(std::ffi::CString::new(entry).unwrap_or_default());
    }
    let argv_ptrs = pointers(&argv);
    let env_ptrs = pointers(&environment);
    vm.flush_stdout();
    // SAFETY: as in `execv`; both pointer arrays end with NULL and point into
    // strings that outlive the call.
    unsafe { libc::execve(path.as_ptr(), argv_ptrs.as_ptr(), env_ptrs.as_ptr()) };
    Err(os_error(vm))
}

/// The descriptor flags (`F_GETFD`) or status flags (`F_GETFL`) of `fd`.
fn fcntl_get(vm: &mut Vm, fd: i32, command: i32) -> PyResult<i32> {
    // SAFETY: a get command only reads the descriptor's flags.
    let flags = unsafe { libc::fcntl(fd, command) };
    if flags < 0 {
        return Err(os_error(vm));
    }
    Ok(flags)
}

fn fcntl_set(vm: &mut Vm, fd: i32, command: i32, flags: i32) -> PyResult<()> {
    // SAFETY: a set command takes an int argument and changes only flags.
    if unsafe { libc::fcntl(fd, command, flags) } < 0 {
        return Err(os_error(vm));
    }
    Ok(())
}

fn get_inheritable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = GET_INHERITABLE.bind_args(vm, args)?;
    let fd = c_int(vm, fd)?;
    let flags = fcntl_get(vm, fd, libc::F_GETFD)?;
    Ok(Value::Bool(flags & libc::FD_CLOEXEC == 0))
}

fn set_inheritable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, inheritable] = SET_INHERITABLE.bind_args(vm, args)?;
    let fd = c_int(vm, fd)?;
    let inheritable = c_int(vm, inheritable)? != 0;
    let flags = fcntl_get(vm, fd, libc::F_GETFD)?;
    let flags = if inheritable {
        flags & !libc::FD_CLOEXEC
    } else {
        flags | libc::FD_CLOEXEC
    };
    fcntl_set(vm, fd, libc::F_SETFD, flags)?;
    Ok(Value::None)
}

fn get_blocking(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = GET_BLOCKING.bind_args(vm, args)?;
    let fd = c_int(vm, fd)?;
    let flags = fcntl_get(vm, fd, libc::F_GETFL)?;
    Ok(Value::Bool(flags & libc::O_NONBLOCK == 0))
}

fn set_blocking(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, blocking] = SET_BLOCKING.bind_args(vm, args)?;
    let fd = c_int(vm, fd)?;
    let blocking = c_int(vm, blocking)? != 0;
    let flags = fcntl_get(vm, fd, libc::F_GETFL)?;
    let flags = if blocking {
        flags & !libc::O_NONBLOCK
    } else {
        flags | libc::O_NONBLOCK
    };
    fcntl_set(vm, fd, libc::F_SETFL, flags)?;
    Ok(Value::None)
}

/// A new pseudo-terminal: `(master, slave)`, neither inherited by children.
fn openpty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    OPENPTY.bind_args::<0>(vm, args)?;
    let (mut master, mut slave) = (-1, -1);
    // SAFETY: the two ints are written; null name, termios and winsize are allowed.
    let r = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    if r < 0 {
        return Err(os_error(vm));
    }
    for fd in [master, slave] {
        let flags = fcntl_get(vm, fd, libc::F_GETFD)?;
        fcntl_set(vm, fd, libc::F_SETFD, flags | libc::FD_CLOEXEC)?;
    }
    Ok(vm.new_tuple(vec![Value::Int(master as i64), Value::Int(slave as i64)]))
}

/// Forks with the child on a new pseudo-terminal: `(pid, master)` in the parent,
/// `(0, -1)` in the child.
fn forkpty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    FORKPTY.bind_args::<0>(vm, args)?;
    vm.flush_stdout();
    let mut master = -1;
    // SAFETY: as `fork`; the master descriptor is written in the parent.
    let pid = unsafe {
        libc::forkpty(
            &mut master,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    if pid < 0 {
        return Err(os_error(vm));
    }
    Ok(vm.new_tuple(vec![Value::Int(pid as i64), Value::Int(master as i64)]))
}

fn setsid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    SETSID.bind_args::<0>(vm, args)?;
    // SAFETY: no memory is passed.
    if unsafe { libc::setsid() } < 0 {
        return Err(os_error(vm));
    }
    Ok(Value::None)
}

fn getsid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pid] = GETSID.bind_args(vm, args)?;
    let pid = c_int(vm, pid)?;
    // SAFETY: no memory is passed.
    let sid = unsafe { libc::getsid(pid) };
    if sid < 0 {
        return Err(os_error(vm));
    }
    Ok(Value::Int(sid as i64))
}

fn setpgid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pid, pgrp] = SETPGID.bind_args(vm, args)?;
    let pid = c_int(vm, pid)?;
    let pgrp = c_int(vm, pgrp)?;
    // SAFETY: no memory is passed.
    if unsafe { libc::setpgid(pid, pgrp) } < 0 {
        return Err(os_error(vm));
    }
    Ok(Value::None)
}

fn getpgid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pid] = GETPGID.bind_args(vm, args)?;
    let pid = c_int(vm, pid)?;
    // SAFETY: no memory is passed.
    let group = unsafe { libc::getpgid(pid) };
    if group < 0 {
        return Err(os_error(vm));
    }
    Ok(Value::Int(group as i64))
}
