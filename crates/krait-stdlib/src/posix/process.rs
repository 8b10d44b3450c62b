//! The process functions of `posix`: waiting for children, the wait-status macros
//! not defined with the others, `fork`, the `exec` family and `posix_spawn`, and
//! descriptor inheritance and blocking, which `subprocess` relies on.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::function::Args;
use krait_vm::signature::Signature;
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};

use std::ffi::CString;

use super::files::Target;

static WAITPID: Signature = Signature::of("posix", "waitpid", "($module, pid, options, /)");
static WAIT: Signature = Signature::of("posix", "wait", "($module, /)");
static WIFSTOPPED: Signature = Signature::of("posix", "WIFSTOPPED", "($module, /, status)");
static WSTOPSIG: Signature = Signature::of("posix", "WSTOPSIG", "($module, /, status)");
static WIFCONTINUED: Signature = Signature::of("posix", "WIFCONTINUED", "($module, /, status)");
static WCOREDUMP: Signature = Signature::of("posix", "WCOREDUMP", "($module, status, /)");
static FORK: Signature = Signature::of("posix", "fork", "($module, /)");
static EXECV: Signature = Signature::of("posix", "execv", "($module, path, argv, /)");
static EXECVE: Signature = Signature::of("posix", "execve", "($module, /, path, argv, env)");
static POSIX_SPAWN: Signature = Signature::of(
    "posix",
    "posix_spawn",
    "($module, path, argv, env, /, *, file_actions=(),\n            setpgroup=<unrepresentable>, resetids=False, setsid=False,\n            setsigmask=(), setsigdef=(), scheduler=<unrepresentable>)",
);
static POSIX_SPAWNP: Signature = Signature::of(
    "posix",
    "posix_spawnp",
    "($module, path, argv, env, /, *, file_actions=(),\n             setpgroup=<unrepresentable>, resetids=False, setsid=False,\n             setsigmask=(), setsigdef=(), scheduler=<unrepresentable>)",
);
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

static FUNCTIONS: [MethodDef; 22] = [
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
    MethodDef::staticmethod("posix_spawn", posix_spawn).with_signature(&POSIX_SPAWN),
    MethodDef::staticmethod("posix_spawnp", posix_spawnp).with_signature(&POSIX_SPAWNP),
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

/// Whether `value`'s type has `__getitem__` (CPython's `PyMapping_Check`).
fn is_mapping(vm: &mut Vm, value: &Value) -> PyResult<bool> {
    let ty = Value::Obj(vm.type_of(value));
    Ok(abstract_::getattr_optional(vm, &ty, "__getitem__")?.is_some())
}

/// `KEY=value` strings from a mapping, as CPython's `parse_envlist` makes them: a
/// key may not be empty nor hold '=' after its first character.
fn environment(vm: &mut Vm, env: &Value) -> PyResult<Vec<CString>> {
    let keys = vm.call_method(env, "keys", vec![])?;
    let keys = abstract_::collect_iterable(vm, &keys)?;
    let values = vm.call_method(env, "values", vec![])?;
    let values = abstract_::collect_iterable(vm, &values)?;
    let mut environment = Vec::with_capacity(keys.len());
    for (key, value) in keys.iter().zip(&values) {
        let mut entry = fs_path(vm, key)?.into_bytes();
        if entry.is_empty() || entry[1..].contains(&b'=') {
            return Err(vm.new_value_error("illegal environment variable name".to_owned()));
        }
        entry.push(b'=');
        entry.extend(fs_path(vm, value)?.into_bytes());
        let entry =
            CString::new(entry).map_err(|_| vm.new_value_error("embedded null byte".to_owned()))?;
        environment.push(entry);
    }
    Ok(environment)
}

/// The argument vector and environment of `execve` and `posix_spawn`, checked in
/// CPython's order and words (`function` begins the messages).
fn argv_and_env(
    vm: &mut Vm,
    function: &str,
    argv: &Value,
    env: &Value,
) -> PyResult<(Vec<CString>, Vec<CString>)> {
    let Some(items) = abstract_::list_items(argv).or_else(|| abstract_::tuple_items(argv)) else {
        return Err(vm.new_type_error(format!("{function}: argv must be a tuple or list")));
    };
    if items.is_empty() {
        return Err(vm.new_value_error(format!("{function}: argv must not be empty")));
    }
    if !is_mapping(vm, env)? {
        return Err(vm.new_type_error(format!("{function}: environment must be a mapping object")));
    }
    let mut args = Vec::with_capacity(items.len());
    for item in &items {
        args.push(fs_path(vm, item)?);
    }
    if args.first().is_some_and(|a| a.as_bytes().is_empty()) {
        return Err(vm.new_value_error(format!("{function}: argv first element cannot be empty")));
    }
    let environment = environment(vm, env)?;
    Ok((args, environment))
}

/// `execve(path, argv, env)`: `path` may be a descriptor (`fexecve`).
fn execve(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, argv, env] = EXECVE.bind_args(vm, args)?;
    let target = super::files::target_arg(vm, "execve", &path.unwrap_or(Value::None))?;
    let argv = argv.unwrap_or(Value::None);
    let env = env.unwrap_or(Value::None);
    let (argv, environment) = argv_and_env(vm, "execve", &argv, &env)?;
    let argv_ptrs = pointers(&argv);
    let env_ptrs = pointers(&environment);
    vm.flush_stdout();
    match &target {
        // SAFETY: both pointer arrays end with NULL and point into strings that
        // outlive the call, which returns only on failure.
        Target::Fd(fd, _) => unsafe { libc::fexecve(*fd, argv_ptrs.as_ptr(), env_ptrs.as_ptr()) },
        // SAFETY: as above; `c` is NUL-terminated.
        Target::Path(_, c) => unsafe {
            libc::execve(c.as_ptr(), argv_ptrs.as_ptr(), env_ptrs.as_ptr())
        },
    };
    let e = std::io::Error::last_os_error();
    Err(super::os_error(vm, &e, &[target.obj()]))
}

/// A C `long` argument (`PyLong_AsLong`).
fn c_long(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let n = abstract_::index(vm, v)?;
    krait_vm::objects::int::as_i64(&n).ok_or_else(|| {
        vm.new_overflow_error("Python int too large to convert to C long".to_owned())
    })
}

/// The OSError for an error number a `posix_spawn*` call returned.
fn errno_error(vm: &mut Vm, errno: i32) -> krait_vm::PyErr {
    super::os_error(vm, &std::io::Error::from_raw_os_error(errno), &[])
}

/// A `posix_spawn_file_actions_t`, destroyed when dropped; boxed so that it stays
/// where it was initialised.
struct FileActions(Box<libc::posix_spawn_file_actions_t>);

impl FileActions {
    fn new(vm: &mut Vm) -> PyResult<Self> {
        // SAFETY: all zero bits is a valid value to initialise.
        let mut actions = Box::new(unsafe { std::mem::zeroed() });
        // SAFETY: `actions` is live storage for the call to initialise.
        let err = unsafe { libc::posix_spawn_file_actions_init(&mut *actions) };
        if err != 0 {
            return Err(errno_error(vm, err));
        }
        Ok(FileActions(actions))
    }
}

impl Drop for FileActions {
    fn drop(&mut self) {
        // SAFETY: the actions were initialised in `new` and are destroyed once.
        unsafe { libc::posix_spawn_file_actions_destroy(&mut *self.0) };
    }
}

/// A `posix_spawnattr_t`, destroyed when dropped; boxed as `FileActions` is.
struct SpawnAttributes(Box<libc::posix_spawnattr_t>);

impl SpawnAttributes {
    fn new(vm: &mut Vm) -> PyResult<Self> {
        // SAFETY: all zero bits is a valid value to initialise.
        let mut attributes = Box::new(unsafe { std::mem::zeroed() });
        // SAFETY: `attributes` is live storage for the call to initialise.
        let err = unsafe { libc::posix_spawnattr_init(&mut *attributes) };
        if err != 0 {
            return Err(errno_error(vm, err));
        }
        Ok(SpawnAttributes(attributes))
    }
}

impl Drop for SpawnAttributes {
    fn drop(&mut self) {
        // SAFETY: the attributes were initialised in `new` and are destroyed once.
        unsafe { libc::posix_spawnattr_destroy(&mut *self.0) };
    }
}

/// An error number from a `posix_spawn*` setup call as a result.
fn spawn_check(vm: &mut Vm, err: i32) -> PyResult<()> {
    if err != 0 {
        return Err(errno_error(vm, err));
    }
    Ok(())
}

/// The items of a file action after its tag, which must number `count`; else
/// the TypeError `message`, as `PyArg_ParseTuple`'s `;` format gives it.
fn action_items(vm: &mut Vm, items: &[Value], count: usize, message: &str) -> PyResult<Vec<Value>> {
    if items.len() != count {
        return Err(vm.new_type_error(message.to_owned()));
    }
    Ok(items[1..].to_vec())
}

/// `file_actions`: a sequence of `(POSIX_SPAWN_OPEN, fd, path, flags, mode)`,
/// `(POSIX_SPAWN_CLOSE, fd)` and `(POSIX_SPAWN_DUP2, fd, fd2)` tuples, checked as
/// CPython's `parse_file_actions` checks them.
fn file_actions(vm: &mut Vm, value: &Value) -> PyResult<FileActions> {
    let message = "file_actions must be a sequence or None";
    let iterator = match abstract_::get_iter(vm, value) {
        Ok(iterator) => iterator,
        Err(e) if vm.err_matches(&e, krait_vm::Exc::TypeError) => {
            return Err(vm.new_type_error(message.to_owned()))
        }
        Err(e) => return Err(e),
    };
    let actions_list = abstract_::collect_iterable(vm, &iterator)?;
    let mut actions = FileActions::new(vm)?;
    for action in &actions_list {
        let items = abstract_::tuple_items(action).unwrap_or_default();
        let Some(tag) = items.first() else {
            return Err(
                vm.new_type_error("Each file_actions element must be a non-empty tuple".to_owned())
            );
        };
        let tag = c_long(vm, tag)?;
        let err = match tag {
            0 => {
                let message = "A open file_action tuple must have 5 elements";
                let rest = action_items(vm, &items, 5, message)?;
                let fd = abstract_::index_c_int(vm, &rest[0])?;
                let path = super::fs_converter(vm, &rest[1])?;
                let flags = abstract_::index_c_int(vm, &rest[2])?;
                // Any int is a mode, its low bits taken, as the `k` format reads it.
                let Some(mode) = krait_vm::objects::int::as_big(&rest[3]) else {
                    return Err(vm.new_type_error(message.to_owned()));
                };
                let (_, digits) = (mode & num_bigint::BigInt::from(u32::MAX)).to_u32_digits();
                let mode = digits.first().copied().unwrap_or(0);
                // SAFETY: the actions are initialised and `path` is NUL-terminated;
                // the C library copies it.
                unsafe {
                    libc::posix_spawn_file_actions_addopen(
                        &mut *actions.0,
                        fd,
                        path.as_ptr(),
                        flags,
                        mode,
                    )
                }
            }
            1 => {
                let message = "A close file_action tuple must have 2 elements";
                let rest = action_items(vm, &items, 2, message)?;
                let fd = abstract_::index_c_int(vm, &rest[0])?;
                // SAFETY: the actions are initialised.
                unsafe { libc::posix_spawn_file_actions_addclose(&mut *actions.0, fd) }
            }
            2 => {
                let message = "A dup2 file_action tuple must have 3 elements";
                let rest = action_items(vm, &items, 3, message)?;
                let fd = abstract_::index_c_int(vm, &rest[0])?;
                let fd2 = abstract_::index_c_int(vm, &rest[1])?;
                // SAFETY: the actions are initialised.
                unsafe { libc::posix_spawn_file_actions_adddup2(&mut *actions.0, fd, fd2) }
            }
            _ => {
                return Err(vm.new_type_error("Unknown file_actions identifier".to_owned()));
            }
        };
        spawn_check(vm, err)?;
    }
    Ok(actions)
}

/// The keyword arguments of `posix_spawn` that set its attributes.
struct SpawnOptions {
    setpgroup: Option<Value>,
    resetids: bool,
    setsid: bool,
    setsigmask: Option<Value>,
    setsigdef: Option<Value>,
    scheduler: Option<Value>,
}

/// The spawn attributes and their flags for `options`, as CPython's
/// `parse_posix_spawn_flags` sets them.
fn spawn_attributes(vm: &mut Vm, options: &SpawnOptions) -> PyResult<SpawnAttributes> {
    let mut attributes = SpawnAttributes::new(vm)?;
    let attr: *mut libc::posix_spawnattr_t = &mut *attributes.0;
    let mut flags = 0;
    if let Some(pgroup) = &options.setpgroup {
        // Read as a C long and cut to a pid_t, as CPython does.
        let pgroup = c_long(vm, pgroup)? as libc::pid_t;
        // SAFETY: `attr` points at the initialised attributes, alive in this call.
        spawn_check(vm, unsafe { libc::posix_spawnattr_setpgroup(attr, pgroup) })?;
        flags |= libc::POSIX_SPAWN_SETPGROUP;
    }
    if options.resetids {
        flags |= libc::POSIX_SPAWN_RESETIDS;
    }
    if options.setsid {
        flags |= i32::from(libc::POSIX_SPAWN_SETSID);
    }
    if let Some(mask) = &options.setsigmask {
        let set = krait_vm::signals::signal_set(vm, mask)?;
        // SAFETY: as above; `set` is an initialised signal set.
        spawn_check(vm, unsafe { libc::posix_spawnattr_setsigmask(attr, &set) })?;
        flags |= libc::POSIX_SPAWN_SETSIGMASK;
    }
    if let Some(default) = &options.setsigdef {
        let set = krait_vm::signals::signal_set(vm, default)?;
        // SAFETY: as above; `set` is an initialised signal set.
        spawn_check(vm, unsafe {
            libc::posix_spawnattr_setsigdefault(attr, &set)
        })?;
        flags |= libc::POSIX_SPAWN_SETSIGDEF;
    }
    if let Some(scheduler) = &options.scheduler {
        let Some(items) = abstract_::tuple_items(scheduler) else {
            return Err(vm.new_error(
                krait_vm::Exc::SystemError,
                "new style getargs format but argument is not a tuple",
            ));
        };
        let [policy, param] = items.as_slice() else {
            return Err(vm.new_type_error("A scheduler tuple must have two elements".to_owned()));
        };
        let param = super::sched::sched_param_arg(vm, param)?;
        // A policy of None keeps the parent's, changing only the priority.
        if !matches!(policy, Value::None) {
            let policy = super::fd_arg(vm, policy)?;
            // SAFETY: as above.
            spawn_check(vm, unsafe {
                libc::posix_spawnattr_setschedpolicy(attr, policy)
            })?;
            flags |= libc::POSIX_SPAWN_SETSCHEDULER;
        }
        // SAFETY: as above; `param` is a live sched_param.
        spawn_check(vm, unsafe {
            libc::posix_spawnattr_setschedparam(attr, &param)
        })?;
        flags |= libc::POSIX_SPAWN_SETSCHEDPARAM;
    }
    // SAFETY: as above.
    spawn_check(vm, unsafe {
        libc::posix_spawnattr_setflags(attr, flags as libc::c_short)
    })?;
    Ok(attributes)
}

/// `posix_spawn` and `posix_spawnp` (`search_path`: look `path` up in PATH): start
/// a program in a new process and return its pid.
fn spawn(vm: &mut Vm, args: Args, signature: &Signature, search_path: bool) -> PyResult<Value> {
    let function = signature.name();
    let [path, argv, env, actions, setpgroup, resetids, setsid, setsigmask, setsigdef, scheduler] =
        signature.bind_args(vm, args)?;
    let path = super::path_arg_with(vm, function, "path", &path.unwrap_or(Value::None), false)?;
    let c_path = super::c_path(vm, &path)?;
    // `bool(accept={int})`: an int, read as true when nonzero.
    let int_flag = |vm: &mut Vm, v: Option<Value>| -> PyResult<bool> {
        Ok(match v {
            Some(v) => super::fd_arg(vm, &v)? != 0,
            None => false,
        })
    };
    let options = SpawnOptions {
        setpgroup,
        resetids: int_flag(vm, resetids)?,
        setsid: int_flag(vm, setsid)?,
        setsigmask,
        setsigdef,
        scheduler,
    };
    let argv = argv.unwrap_or(Value::None);
    let env = env.unwrap_or(Value::None);
    let (argv, environment) = argv_and_env(vm, function, &argv, &env)?;
    let actions = match actions {
        None | Some(Value::None) => None,
        Some(v) => Some(file_actions(vm, &v)?),
    };
    let attributes = spawn_attributes(vm, &options)?;
    let argv_ptrs = pointers(&argv);
    let env_ptrs = pointers(&environment);
    let actions_ptr = actions
        .as_ref()
        .map_or(std::ptr::null(), |a| &*a.0 as *const _);
    let mut pid: libc::pid_t = 0;
    let call = if search_path {
        libc::posix_spawnp
    } else {
        libc::posix_spawn
    };
    // SAFETY: `pid` is a live int to write; the path is NUL-terminated; the actions
    // (or null) and attributes are initialised; both pointer arrays end with NULL
    // and point into strings that outlive the call.
    let err = unsafe {
        call(
            &mut pid,
            c_path.as_ptr(),
            actions_ptr,
            &*attributes.0,
            argv_ptrs.as_ptr().cast(),
            env_ptrs.as_ptr().cast(),
        )
    };
    if err != 0 {
        let e = std::io::Error::from_raw_os_error(err);
        return Err(super::os_error(vm, &e, &[&path.obj]));
    }
    Ok(Value::Int(i64::from(pid)))
}

fn posix_spawn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    spawn(vm, args, &POSIX_SPAWN, false)
}

fn posix_spawnp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    spawn(vm, args, &POSIX_SPAWNP, true)
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
