//! The `_posixsubprocess` module (CPython's `Modules/_posixsubprocess.c`):
//! `fork_exec`, the one call with which `subprocess.Popen` starts a program. All
//! the strings the child needs are made before the fork; the child then only makes
//! system calls (and runs `preexec_fn` if there is one) until it `exec`s, and tells
//! the parent why through the error pipe if it cannot.

use std::ffi::CString;

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};

static FORK_EXEC: Signature = Signature::new(
    "fork_exec",
    "($module, args, executable_list, close_fds, fds_to_keep, cwd, env_list, p2cread, \
     p2cwrite, c2pread, c2pwrite, errread, errwrite, errpipe_read, errpipe_write, \
     restore_signals, call_setsid, pgid_to_set, gid, extra_groups, uid, child_umask, \
     preexec_fn, allow_vfork, /)",
)
.parse_tuple()
.not_listed();

static FUNCTIONS: [MethodDef; 1] =
    [MethodDef::staticmethod("fork_exec", fork_exec).with_signature(&FORK_EXEC)];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_posixsubprocess");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_posixsubprocess", &FUNCTIONS);
    Ok(m)
}

/// What the child does, all decided before the fork.
struct ChildPlan {
    argv: Vec<CString>,
    executables: Vec<CString>,
    environment: Option<Vec<CString>>,
    cwd: Option<CString>,
    close_fds: bool,
    fds_to_keep: Vec<i32>,
    pipes: Pipes,
    restore_signals: bool,
    new_session: bool,
    process_group: i32,
    gid: Option<libc::gid_t>,
    groups: Option<Vec<libc::gid_t>>,
    uid: Option<libc::uid_t>,
    umask: i32,
}

/// The descriptors `subprocess` made for the child's standard streams and for
/// reporting failure; -1 where there is none.
#[derive(Clone, Copy)]
struct Pipes {
    p2cread: i32,
    p2cwrite: i32,
    c2pread: i32,
    c2pwrite: i32,
    errread: i32,
    errwrite: i32,
    errpipe_read: i32,
    errpipe_write: i32,
}

fn int_of(vm: &mut Vm, value: Option<Value>) -> PyResult<i64> {
    let value = abstract_::index(vm, &value.unwrap_or(Value::None))?;
    Ok(krait_vm::objects::int::as_i64(&value).unwrap_or(-1))
}

fn fd_of(vm: &mut Vm, value: Option<Value>) -> PyResult<i32> {
    Ok(i32::try_from(int_of(vm, value)?).unwrap_or(-1))
}

/// A filesystem path or argument as bytes without NUL.
fn c_string(vm: &mut Vm, value: &Value) -> PyResult<CString> {
    let bytes = match krait_vm::objects::bytes::as_bytes(value) {
        Some(bytes) => bytes,
        None => {
            let os = krait_vm::import::import_full(vm, "os")?;
            let encoded = vm.call_method(&os, "fsencode", vec![value.clone()])?;
            krait_vm::objects::bytes::as_bytes(&encoded).unwrap_or_default()
        }
    };
    CString::new(bytes).map_err(|_| vm.new_value_error("embedded null byte".to_owned()))
}

fn c_strings(vm: &mut Vm, value: &Value) -> PyResult<Vec<CString>> {
    let mut out = Vec::new();
    for item in abstract_::collect_iterable(vm, value)? {
        out.push(c_string(vm, &item)?);
    }
    Ok(out)
}

/// A user or group id (`kind`: "uid" or "gid"), checked as CPython's
/// converters check them.
fn optional_id(vm: &mut Vm, value: Option<Value>, kind: &str) -> PyResult<Option<u32>> {
    match value {
        None | Some(Value::None) => Ok(None),
        Some(v) => crate::posix::id_arg(vm, &v, kind).map(Some),
    }
}

fn fork_exec(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [args_v, executable_list, close_fds, fds_to_keep, cwd, env_list, p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite, errpipe_read, errpipe_write, restore_signals, call_setsid, pgid_to_set, gid, extra_groups, uid, child_umask, preexec_fn, _allow_vfork] =
        FORK_EXEC.bind_args(vm, args)?;
    let close_fds = abstract_::is_true(vm, &close_fds.unwrap_or(Value::None))?;
    let keep = fds_to_keep.unwrap_or(Value::None);
    let Some(keep) = abstract_::tuple_items(&keep) else {
        return Err(vm.new_value_error("fds_to_keep must be a tuple".to_owned()));
    };
    let mut fds_to_keep = Vec::with_capacity(keep.len());
    for fd in keep {
        match krait_vm::objects::int::as_i64(&fd).and_then(|n| i32::try_from(n).ok()) {
            Some(n) if n >= 0 && fds_to_keep.last().is_none_or(|&last| last < n) => {
                fds_to_keep.push(n)
            }
            _ => return Err(vm.new_value_error("bad value(s) in fds_to_keep".to_owned())),
        }
    }
    let pipes = Pipes {
        p2cread: fd_of(vm, p2cread)?,
        p2cwrite: fd_of(vm, p2cwrite)?,
        c2pread: fd_of(vm, c2pread)?,
        c2pwrite: fd_of(vm, c2pwrite)?,
        errread: fd_of(vm, errread)?,
        errwrite: fd_of(vm, errwrite)?,
        errpipe_read: fd_of(vm, errpipe_read)?,
        errpipe_write: fd_of(vm, errpipe_write)?,
    };
    if close_fds && pipes.errpipe_write < 3 {
        return Err(vm.new_value_error("errpipe_write must be >= 3".to_owned()));
    }
    let argv = match args_v {
        None | Some(Value::None) => Vec::new(),
        Some(v) => c_strings(vm, &v)?,
    };
    let executables = c_strings(vm, &executable_list.unwrap_or(Value::None))?;
    let environment = match env_list {
        None | Some(Value::None) => None,
        Some(v) => Some(c_strings(vm, &v)?),
    };
    let cwd = match cwd {
        None | Some(Value::None) => None,
        Some(v) => Some(c_string(vm, &v)?),
    };
    let groups = match extra_groups {
        None | Some(Value::None) => None,
        Some(v) => {
            let mut ids = Vec::new();
            for g in abstract_::collect_iterable(vm, &v)? {
                match crate::posix::id_arg(vm, &g, "gid") {
                    Ok(id) => ids.push(id as libc::gid_t),
                    Err(_) => return Err(vm.new_value_error("invalid group id".to_owned())),
                }
            }
            Some(ids)
        }
    };
    let plan = ChildPlan {
        argv,
        executables,
        environment,
        cwd,
        close_fds,
        fds_to_keep,
        pipes,
        restore_signals: abstract_::is_true(vm, &restore_signals.unwrap_or(Value::None))?,
        new_session: abstract_::is_true(vm, &call_setsid.unwrap_or(Value::None))?,
        process_group: fd_of(vm, pgid_to_set)?,
        gid: optional_id(vm, gid, "gid")?,
        groups,
        uid: optional_id(vm, uid, "uid")?,
        umask: fd_of(vm, child_umask)?,
    };
    let preexec = preexec_fn.filter(|f| !f.is_none());
    let argv_ptrs = crate::posix::pointers(&plan.argv);
    let env_ptrs = plan.environment.as_deref().map(crate::posix::pointers);
    vm.flush_stdout();
    // With a `preexec_fn` the child runs Python, so the fork hooks run as for
    // `os.fork`.
    let pid = if preexec.is_some() {
        crate::posix::fork_with_hooks(vm)?
    } else {
        // SAFETY: the interpreter runs on this one thread, so the child is a copy
        // of it alone; until `exec` it uses only the plan made above and system
        // calls.
        unsafe { libc::fork() }
    };
    if pid < 0 {
        return Err(krait_vm::oserror::last_os_error(vm));
    }
    if pid == 0 {
        if let Some(preexec) = preexec {
            // SAFETY: as above; the plan's descriptors are still the child's.
            unsafe { prepare_child(&plan) };
            if vm.call1(&preexec, vec![]).is_err() {
                let message = b"SubprocessError:0:Exception occurred in preexec_fn.";
                // SAFETY: a write of a static buffer, then the child ends.
                unsafe {
                    libc::write(
                        plan.pipes.errpipe_write,
                        message.as_ptr().cast(),
                        message.len(),
                    );
                    libc::_exit(255);
                }
            }
            // SAFETY: as above.
            unsafe { exec_child(&plan, &argv_ptrs, env_ptrs.as_deref()) };
        }
        // SAFETY: as above.
        unsafe {
            prepare_child(&plan);
            exec_child(&plan, &argv_ptrs, env_ptrs.as_deref());
        }
    }
    Ok(Value::Int(pid as i64))
}

/// Writes `OSError:<errno in hex>:<detail>` to the error pipe and ends the child.
///
/// # Safety
/// Only for the child after `fork`: it ends the process.
unsafe fn report_and_exit(errpipe: i32, errno: i32, detail: &[u8]) -> ! {
    let mut buffer = [0u8; 64];
    let mut len = 0;
    for &b in b"OSError:" {
        buffer[len] = b;
        len += 1;
    }
    let mut digits = [0u8; 8];
    let mut n = errno as u32;
    let mut count = 0;
    loop {
        digits[count] = b"0123456789abcdef"[(n % 16) as usize];
        count += 1;
        n /= 16;
        if n == 0 {
            break;
        }
    }
    for i in (0..count).rev() {
        buffer[len] = digits[i];
        len += 1;
    }
    buffer[len] = b':';
    len += 1;
    for &b in detail.iter().take(buffer.len() - len) {
        buffer[len] = b;
        len += 1;
    }
    // SAFETY: the buffer is live for the write; `_exit` ends the child at once.
    unsafe {
        libc::write(errpipe, buffer.as_ptr().cast(), len);
        libc::_exit(255)
    }
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// Gives descriptor `fd` to the child as `target` (0, 1 or 2).
///
/// # Safety
/// Only for the child after `fork`.
unsafe fn install_stream(fd: i32, target: i32, errpipe: i32) {
    if fd == target {
        // `dup2` would do nothing: the descriptor must still lose close-on-exec.
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
        if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFD, flags & !libc::FD_CLOEXEC) } < 0 {
            unsafe { report_and_exit(errpipe, errno(), b"noexec") };
        }
    } else if fd != -1 && unsafe { libc::dup2(fd, target) } < 0 {
        unsafe { report_and_exit(errpipe, errno(), b"noexec") };
    }
}

/// The child's set-up before `exec`: its standard streams, directory, session,
/// identity and signal handling.
///
/// # Safety
/// Only for the child after `fork`.
unsafe fn prepare_child(plan: &ChildPlan) {
    let p = plan.pipes;
    let errpipe = p.errpipe_write;
    unsafe {
        for fd in [p.p2cwrite, p.c2pread, p.errread, p.errpipe_read] {
            if fd != -1 {
                libc::close(fd);
            }
        }
        // A descriptor about to be replaced must not be the source of a later one.
        let mut c2pwrite = p.c2pwrite;
        if c2pwrite == 0 {
            c2pwrite = libc::dup(c2pwrite);
            if c2pwrite < 0 {
                report_and_exit(errpipe, errno(), b"noexec");
            }
        }
        let mut errwrite = p.errwrite;
        while errwrite == 0 || errwrite == 1 {
            errwrite = libc::dup(errwrite);
            if errwrite < 0 {
                report_and_exit(errpipe, errno(), b"noexec");
            }
        }
        install_stream(p.p2cread, 0, errpipe);
        install_stream(c2pwrite, 1, errpipe);
        install_stream(errwrite, 2, errpipe);
        if let Some(cwd) = &plan.cwd {
            if libc::chdir(cwd.as_ptr()) < 0 {
                report_and_exit(errpipe, errno(), b"noexec");
            }
        }
        if plan.umask >= 0 {
            libc::umask(plan.umask as libc::mode_t);
        }
        if plan.restore_signals {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
            libc::signal(libc::SIGXFSZ, libc::SIG_DFL);
        }
        if plan.new_session && libc::setsid() < 0 {
            report_and_exit(errpipe, errno(), b"noexec");
        }
        if plan.process_group >= 0 && libc::setpgid(0, plan.process_group) < 0 {
            report_and_exit(errpipe, errno(), b"noexec");
        }
        if let Some(groups) = &plan.groups {
            if libc::setgroups(groups.len(), groups.as_ptr()) < 0 {
                report_and_exit(errpipe, errno(), b"noexec");
            }
        }
        if let Some(gid) = plan.gid {
            if libc::setregid(gid, gid) < 0 {
                report_and_exit(errpipe, errno(), b"noexec");
            }
        }
        if let Some(uid) = plan.uid {
            if libc::setreuid(uid, uid) < 0 {
                report_and_exit(errpipe, errno(), b"noexec");
            }
        }
    }
}

/// Closes every descriptor from 3 up except those kept, then runs the program:
/// each executable in turn, reporting the most telling failure if none runs.
///
/// # Safety
/// Only for the child after `fork`; `argv` and `envp` are NULL-terminated arrays
/// into the plan's strings.
unsafe fn exec_child(
    plan: &ChildPlan,
    argv: &[*const libc::c_char],
    envp: Option<&[*const libc::c_char]>,
) -> ! {
    let errpipe = plan.pipes.errpipe_write;
    unsafe {
        for &fd in &plan.fds_to_keep {
            if fd != errpipe {
                let flags = libc::fcntl(fd, libc::F_GETFD);
                if flags >= 0 {
                    libc::fcntl(fd, libc::F_SETFD, flags & !libc::FD_CLOEXEC);
                }
            }
        }
        if plan.close_fds {
            close_fds_except(&plan.fds_to_keep);
        }
        let mut saved = 0;
        for exe in &plan.executables {
            match envp {
                Some(envp) => libc::execve(exe.as_ptr(), argv.as_ptr(), envp.as_ptr()),
                None => libc::execv(exe.as_ptr(), argv.as_ptr()),
            };
            let e = errno();
            if e != libc::ENOENT && e != libc::ENOTDIR && saved == 0 {
                saved = e;
            }
        }
        let e = if saved != 0 { saved } else { errno() };
        report_and_exit(errpipe, e, b"")
    }
}

/// Closes descriptors 3 and up, except `keep` (sorted).
///
/// # Safety
/// Only for the child after `fork`.
unsafe fn close_fds_except(keep: &[i32]) {
    let mut start: u32 = 3;
    let ends = keep
        .iter()
        .map(|&fd| Some(fd as u32))
        .chain(std::iter::once(None));
    for end in ends {
        if let Some(end) = end {
            if end < start {
                continue;
            }
            if end > start {
                unsafe { close_range(start, end - 1) };
            }
            start = end + 1;
        } else {
            unsafe { close_range(start, u32::MAX) };
        }
    }
}

/// Closes `first..=last`, with the system call where the kernel has it.
///
/// # Safety
/// Only for the child after `fork`.
unsafe fn close_range(first: u32, last: u32) {
    let done = unsafe { libc::syscall(libc::SYS_close_range, first, last, 0) } == 0;
    if done {
        return;
    }
    let max = unsafe { libc::sysconf(libc::_SC_OPEN_MAX) }.clamp(0, 1 << 16) as u32;
    for fd in first..=last.min(max) {
        unsafe { libc::close(fd as i32) };
    }
}
