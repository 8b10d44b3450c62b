//! The `posix` functions about who the process is and where it runs: user and
//! group ids, supplementary groups, priorities, the controlling terminal, the
//! root directory, and the owner and mode of open files.

use std::ffi::CString;

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::function::Args;
use krait_vm::objects::int::{as_big, as_i64};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};

use super::process::c_int;
use super::{c_path, fd_arg, given, last_os_error, os_error, path_arg_with};

static SETUID: Signature = Signature::of("posix", "setuid", "($module, uid, /)");
static SETGID: Signature = Signature::of("posix", "setgid", "($module, gid, /)");
static SETEUID: Signature = Signature::of("posix", "seteuid", "($module, euid, /)");
static SETEGID: Signature = Signature::of("posix", "setegid", "($module, egid, /)");
static SETRESUID: Signature = Signature::of("posix", "setresuid", "($module, ruid, euid, suid, /)");
static SETRESGID: Signature = Signature::of("posix", "setresgid", "($module, rgid, egid, sgid, /)");
static GETRESUID: Signature = Signature::of("posix", "getresuid", "($module, /)");
static GETRESGID: Signature = Signature::of("posix", "getresgid", "($module, /)");
static GETGROUPS: Signature = Signature::of("posix", "getgroups", "($module, /)");
static SETGROUPS: Signature = Signature::of("posix", "setgroups", "($module, groups, /)");
static GETGROUPLIST: Signature =
    Signature::of("posix", "getgrouplist", "($module, user, group, /)").parse_tuple();
static INITGROUPS: Signature =
    Signature::of("posix", "initgroups", "($module, username, gid, /)").parse_tuple();
static SETPGRP: Signature = Signature::of("posix", "setpgrp", "($module, /)");
static KILLPG: Signature =
    Signature::of("posix", "killpg", "($module, pgid, signal, /)").parse_tuple();
static NICE: Signature = Signature::of("posix", "nice", "($module, increment, /)");
static GETPRIORITY: Signature = Signature::of("posix", "getpriority", "($module, /, which, who)");
static SETPRIORITY: Signature =
    Signature::of("posix", "setpriority", "($module, /, which, who, priority)");
static GETLOADAVG: Signature = Signature::of("posix", "getloadavg", "($module, /)");
static GETLOGIN: Signature = Signature::of("posix", "getlogin", "($module, /)");
static TTYNAME: Signature = Signature::of("posix", "ttyname", "($module, fd, /)");
static CTERMID: Signature = Signature::of("posix", "ctermid", "($module, /)");
static SYNC: Signature = Signature::of("posix", "sync", "($module, /)");
static ABORT: Signature = Signature::of("posix", "abort", "($module, /)");
static CHROOT: Signature = Signature::of("posix", "chroot", "($module, /, path)");
static FCHDIR: Signature = Signature::of("posix", "fchdir", "($module, /, fd)");
static FCHMOD: Signature = Signature::of("posix", "fchmod", "($module, /, fd, mode)");
static FCHOWN: Signature = Signature::of("posix", "fchown", "($module, /, fd, uid, gid)");
static LOGIN_TTY: Signature = Signature::of("posix", "login_tty", "($module, fd, /)");
static PIDFD_OPEN: Signature = Signature::of("posix", "pidfd_open", "($module, /, pid, flags=0)");

static FUNCTIONS: [MethodDef; 29] = [
    MethodDef::staticmethod("setuid", setuid).with_signature(&SETUID),
    MethodDef::staticmethod("setgid", setgid).with_signature(&SETGID),
    MethodDef::staticmethod("seteuid", seteuid).with_signature(&SETEUID),
    MethodDef::staticmethod("setegid", setegid).with_signature(&SETEGID),
    MethodDef::staticmethod("setresuid", setresuid).with_signature(&SETRESUID),
    MethodDef::staticmethod("setresgid", setresgid).with_signature(&SETRESGID),
    MethodDef::staticmethod("getresuid", getresuid).with_signature(&GETRESUID),
    MethodDef::staticmethod("getresgid", getresgid).with_signature(&GETRESGID),
    MethodDef::staticmethod("getgroups", getgroups).with_signature(&GETGROUPS),
    MethodDef::staticmethod("setgroups", setgroups).with_signature(&SETGROUPS),
    MethodDef::staticmethod("getgrouplist", getgrouplist).with_signature(&GETGROUPLIST),
    MethodDef::staticmethod("initgroups", initgroups).with_signature(&INITGROUPS),
    MethodDef::staticmethod("setpgrp", setpgrp).with_signature(&SETPGRP),
    MethodDef::staticmethod("killpg", killpg).with_signature(&KILLPG),
    MethodDef::staticmethod("nice", nice).with_signature(&NICE),
    MethodDef::staticmethod("getpriority", getpriority).with_signature(&GETPRIORITY),
    MethodDef::staticmethod("setpriority", setpriority).with_signature(&SETPRIORITY),
    MethodDef::staticmethod("getloadavg", getloadavg).with_signature(&GETLOADAVG),
    MethodDef::staticmethod("getlogin", getlogin).with_signature(&GETLOGIN),
    MethodDef::staticmethod("ttyname", ttyname).with_signature(&TTYNAME),
    MethodDef::staticmethod("ctermid", ctermid).with_signature(&CTERMID),
    MethodDef::staticmethod("sync", sync).with_signature(&SYNC),
    MethodDef::staticmethod("abort", abort).with_signature(&ABORT),
    MethodDef::staticmethod("chroot", chroot).with_signature(&CHROOT),
    MethodDef::staticmethod("fchdir", fchdir).with_signature(&FCHDIR),
    MethodDef::staticmethod("fchmod", fchmod).with_signature(&FCHMOD),
    MethodDef::staticmethod("fchown", fchown).with_signature(&FCHOWN),
    MethodDef::staticmethod("login_tty", login_tty).with_signature(&LOGIN_TTY),
    MethodDef::staticmethod("pidfd_open", pidfd_open).with_signature(&PIDFD_OPEN),
];

pub(super) fn add_functions(vm: &mut Vm, d: &ObjRef) {
    add_module_functions(vm, d, "posix", &FUNCTIONS);
}

/// The most supplementary groups Linux allows (`<limits.h>`'s NGROUPS_MAX).
pub(super) const NGROUPS_MAX: usize = 65536;

/// A user or group id (CPython's `_Py_Uid_Converter`/`_Py_Gid_Converter`): any
/// object with `__index__`; -1 is `(uid_t)-1`, which leaves an id unchanged.
/// `kind` is "uid" or "gid", for the messages.
pub(crate) fn id_arg(vm: &mut Vm, v: &Value, kind: &str) -> PyResult<u32> {
    let Ok(n) = abstract_::index(vm, v) else {
        let tn = vm.type_name_of(v);
        return Err(vm.new_type_error(format!("{kind} should be integer, not {tn}")));
    };
    let underflow = |vm: &mut Vm| vm.new_overflow_error(format!("{kind} is less than minimum"));
    match as_i64(&n) {
        Some(-1) => Ok(u32::MAX),
        // A value that fits a C long but not `uid_t` is reported as too small, as
        // CPython's converter reports it.
        Some(i) => u32::try_from(i).map_err(|_| underflow(vm)),
        None => match as_big(&n) {
            Some(b) if b.sign() == num_bigint::Sign::Minus => Err(underflow(vm)),
            _ => Err(vm.new_overflow_error(format!("{kind} is greater than maximum"))),
        },
    }
}

/// An id as CPython shows one (`_PyLong_FromUid`): `(uid_t)-1` is -1.
pub(crate) fn id_number(id: u32) -> i64 {
    if id == u32::MAX {
        -1
    } else {
        i64::from(id)
    }
}

pub(crate) fn id_value(id: u32) -> Value {
    Value::Int(id_number(id))
}

/// Fails with the last errno when a C call returned a negative value.
fn check(vm: &mut Vm, rc: i32) -> PyResult<Value> {
    if rc < 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::None)
}

fn setuid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [uid] = SETUID.bind_args(vm, args)?;
    let uid = id_arg(vm, &given(uid), "uid")?;
    // SAFETY: setuid changes the process's ids and touches no Rust memory.
    check(vm, unsafe { libc::setuid(uid) })
}

fn setgid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [gid] = SETGID.bind_args(vm, args)?;
    let gid = id_arg(vm, &given(gid), "gid")?;
    // SAFETY: setgid changes the process's ids and touches no Rust memory.
    check(vm, unsafe { libc::setgid(gid) })
}

fn seteuid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [euid] = SETEUID.bind_args(vm, args)?;
    let euid = id_arg(vm, &given(euid), "uid")?;
    // SAFETY: seteuid changes the process's ids and touches no Rust memory.
    check(vm, unsafe { libc::seteuid(euid) })
}

fn setegid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [egid] = SETEGID.bind_args(vm, args)?;
    let egid = id_arg(vm, &given(egid), "gid")?;
    // SAFETY: setegid changes the process's ids and touches no Rust memory.
    check(vm, unsafe { libc::setegid(egid) })
}

fn setresuid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [r, e, s] = SETRESUID.bind_args(vm, args)?;
    let r = id_arg(vm, &given(r), "uid")?;
    let e = id_arg(vm, &given(e), "uid")?;
    let s = id_arg(vm, &given(s), "uid")?;
    // SAFETY: setresuid changes the process's ids and touches no Rust memory.
    check(vm, unsafe { libc::setresuid(r, e, s) })
}

fn setresgid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [r, e, s] = SETRESGID.bind_args(vm, args)?;
    let r = id_arg(vm, &given(r), "gid")?;
    let e = id_arg(vm, &given(e), "gid")?;
    let s = id_arg(vm, &given(s), "gid")?;
    // SAFETY: setresgid changes the process's ids and touches no Rust memory.
    check(vm, unsafe { libc::setresgid(r, e, s) })
}

fn getresuid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GETRESUID.bind_args(vm, args)?;
    let (mut r, mut e, mut s) = (0, 0, 0);
    // SAFETY: the three pointers are live u32s for the call to write.
    check(vm, unsafe { libc::getresuid(&mut r, &mut e, &mut s) })?;
    Ok(vm.new_tuple(vec![id_value(r), id_value(e), id_value(s)]))
}

fn getresgid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GETRESGID.bind_args(vm, args)?;
    let (mut r, mut e, mut s) = (0, 0, 0);
    // SAFETY: the three pointers are live u32s for the call to write.
    check(vm, unsafe { libc::getresgid(&mut r, &mut e, &mut s) })?;
    Ok(vm.new_tuple(vec![id_value(r), id_value(e), id_value(s)]))
}

fn getgroups(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GETGROUPS.bind_args(vm, args)?;
    loop {
        // SAFETY: a zero count only asks how many groups there are.
        let n = unsafe { libc::getgroups(0, std::ptr::null_mut()) };
        if n < 0 {
            return Err(last_os_error(vm));
        }
        let mut groups = vec![0u32; n as usize];
        // SAFETY: `groups` has room for the `n` ids the call may write.
        let got = unsafe { libc::getgroups(n, groups.as_mut_ptr()) };
        if got < 0 {
            // The list grew between the two calls: ask again.
            if std::io::Error::last_os_error().raw_os_error() == Some(libc::EINVAL) {
                continue;
            }
            return Err(last_os_error(vm));
        }
        groups.truncate(got as usize);
        let items = groups.into_iter().map(id_value).collect();
        return Ok(vm.new_list(items));
    }
}

fn setgroups(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [groups] = SETGROUPS.bind_args(vm, args)?;
    let groups = given(groups);
    let is_sequence = abstract_::list_items(&groups).is_some()
        || abstract_::tuple_items(&groups).is_some()
        || (!matches!(groups, Value::Int(_) | Value::Bool(_) | Value::None)
            && abstract_::getattr_optional(vm, &groups, "__getitem__")?.is_some()
            && dict_like(vm, &groups));
    if !is_sequence {
        return Err(vm.new_type_error("setgroups argument must be a sequence".to_owned()));
    }
    let items = abstract_::collect_sequence(vm, &groups)?;
    if items.len() > NGROUPS_MAX {
        return Err(vm.new_value_error("too many groups".to_owned()));
    }
    let mut ids = Vec::with_capacity(items.len());
    for item in &items {
        if !krait_vm::objects::int::is_int(item) {
            return Err(vm.new_type_error("groups must be integers".to_owned()));
        }
        ids.push(id_arg(vm, item, "gid")?);
    }
    // SAFETY: `ids` holds `ids.len()` gids, only read.
    check(vm, unsafe { libc::setgroups(ids.len(), ids.as_ptr()) })
}

/// Whether an object with `__getitem__` counts as a sequence (`PySequence_Check`
/// refuses dicts).
fn dict_like(vm: &mut Vm, v: &Value) -> bool {
    let dict_type = vm.types.dict.clone();
    !vm.isinstance(v, &dict_type)
}

/// A `str` argument of a function that parses with `s` (`getgrouplist`).
fn str_arg(vm: &mut Vm, fname: &str, v: &Value) -> PyResult<CString> {
    let Some(text) = abstract_::value_as_str(v) else {
        let tn = vm.type_name_of(v);
        return Err(vm.new_type_error(format!("{fname}() argument 1 must be str, not {tn}")));
    };
    CString::new(text).map_err(|_| vm.new_value_error("embedded null character".to_owned()))
}

fn getgrouplist(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [user, group] = GETGROUPLIST.bind_args(vm, args)?;
    let user = str_arg(vm, "getgrouplist", &given(user))?;
    let group = id_arg(vm, &given(group), "gid")?;
    let mut capacity = NGROUPS_MAX + 1;
    loop {
        let mut groups = vec![0u32; capacity];
        let mut n = capacity as i32;
        // SAFETY: `user` is NUL-terminated; `groups` has room for `n` ids, and `n`
        // is a live int the call updates.
        let rc = unsafe { libc::getgrouplist(user.as_ptr(), group, groups.as_mut_ptr(), &mut n) };
        if rc == -1 {
            // Too small: `n` now says how many there are.
            capacity = (n.max(0) as usize).max(capacity * 2);
            continue;
        }
        groups.truncate(n.max(0) as usize);
        let items = groups.into_iter().map(id_value).collect();
        return Ok(vm.new_list(items));
    }
}

fn initgroups(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [username, gid] = INITGROUPS.bind_args(vm, args)?;
    let name = super::fs_converter(vm, &given(username))?;
    let gid = id_arg(vm, &given(gid), "gid")?;
    // SAFETY: `name` is NUL-terminated and outlives the call.
    check(vm, unsafe { libc::initgroups(name.as_ptr(), gid) })
}

fn setpgrp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = SETPGRP.bind_args(vm, args)?;
    // SAFETY: setpgid(0, 0) is setpgrp(); no memory is passed.
    check(vm, unsafe { libc::setpgid(0, 0) })
}

fn killpg(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pgid, signal] = KILLPG.bind_args(vm, args)?;
    let pgid = c_int(vm, pgid)?;
    let signal = c_int(vm, signal)?;
    // SAFETY: killpg sends a signal and touches no Rust memory.
    check(vm, unsafe { libc::killpg(pgid, signal) })
}

/// Clears errno, for the calls whose -1 may be a value as well as a failure.
fn clear_errno() {
    // SAFETY: errno is this thread's own variable.
    unsafe { *libc::__errno_location() = 0 };
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn nice(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [increment] = NICE.bind_args(vm, args)?;
    let increment = fd_arg(vm, &given(increment))?;
    clear_errno();
    // SAFETY: nice changes the process's priority and touches no Rust memory.
    let value = unsafe { libc::nice(increment) };
    if value == -1 && errno() != 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::Int(i64::from(value)))
}

fn getpriority(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [which, who] = GETPRIORITY.bind_args(vm, args)?;
    let which = fd_arg(vm, &given(which))?;
    let who = fd_arg(vm, &given(who))?;
    clear_errno();
    // SAFETY: getpriority reads a priority and touches no Rust memory.
    let value = unsafe { libc::getpriority(which as libc::__priority_which_t, who as u32) };
    if errno() != 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::Int(i64::from(value)))
}

fn setpriority(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [which, who, priority] = SETPRIORITY.bind_args(vm, args)?;
    let which = fd_arg(vm, &given(which))?;
    let who = fd_arg(vm, &given(who))?;
    let priority = fd_arg(vm, &given(priority))?;
    // SAFETY: setpriority changes a priority and touches no Rust memory.
    let rc = unsafe { libc::setpriority(which as libc::__priority_which_t, who as u32, priority) };
    check(vm, rc)
}

fn getloadavg(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GETLOADAVG.bind_args(vm, args)?;
    let mut averages = [0f64; 3];
    // SAFETY: `averages` has room for the three values asked for.
    if unsafe { libc::getloadavg(averages.as_mut_ptr(), 3) } != 3 {
        return Err(vm.new_error(krait_vm::Exc::OSError, "Load averages are unobtainable"));
    }
    let items = averages.iter().map(|a| Value::Float(*a)).collect();
    Ok(vm.new_tuple(items))
}

/// A C string the C library returned, decoded as file names are.
fn c_string_value(vm: &mut Vm, bytes: &[u8]) -> Value {
    let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
    krait_vm::objects::str_methods::fs_decode(vm, bytes.get(..end).unwrap_or_default())
}

fn getlogin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GETLOGIN.bind_args(vm, args)?;
    clear_errno();
    // SAFETY: getlogin returns a pointer to static storage or null.
    let name = unsafe { libc::getlogin() };
    if name.is_null() {
        if errno() != 0 {
            return Err(last_os_error(vm));
        }
        return Err(vm.new_error(krait_vm::Exc::OSError, "unable to determine login name"));
    }
    // SAFETY: a non-null result is a NUL-terminated string, read before any other
    // call could change it.
    let bytes = unsafe { std::ffi::CStr::from_ptr(name) }
        .to_bytes()
        .to_vec();
    Ok(c_string_value(vm, &bytes))
}

fn ttyname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = TTYNAME.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let mut buf = [0u8; 4096];
    // SAFETY: `buf` is a live buffer of the length passed.
    let rc = unsafe { libc::ttyname_r(fd, buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        let e = std::io::Error::from_raw_os_error(rc);
        return Err(os_error(vm, &e, &[]));
    }
    Ok(c_string_value(vm, &buf))
}

fn ctermid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = CTERMID.bind_args(vm, args)?;
    // glibc's L_ctermid is 9; the buffer is larger to be safe.
    let mut buf = [0u8; 64];
    // SAFETY: `buf` has room for the at most L_ctermid bytes ctermid writes.
    let p = unsafe { libc::ctermid(buf.as_mut_ptr().cast()) };
    if p.is_null() {
        return Err(last_os_error(vm));
    }
    Ok(c_string_value(vm, &buf))
}

fn sync(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = SYNC.bind_args(vm, args)?;
    // SAFETY: sync flushes the file systems and touches no Rust memory.
    unsafe { libc::sync() };
    Ok(Value::None)
}

fn abort(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = ABORT.bind_args(vm, args)?;
    // Buffered output is lost, as `os.abort` documents: nothing is flushed.
    // SAFETY: abort ends the process with SIGABRT, which `os.abort` means to do.
    unsafe { libc::abort() }
}

fn chroot(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path] = CHROOT.bind_args(vm, args)?;
    let p = path_arg_with(vm, "chroot", "path", &given(path), false)?;
    let c = c_path(vm, &p)?;
    // SAFETY: `c` is NUL-terminated and outlives the call.
    if unsafe { libc::chroot(c.as_ptr()) } != 0 {
        return Err(os_error(vm, &std::io::Error::last_os_error(), &[&p.obj]));
    }
    Ok(Value::None)
}

fn fchdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = FCHDIR.bind_args(vm, args)?;
    let fd = crate::fileno_arg(vm, &given(fd))?;
    // SAFETY: fchdir changes the working directory and touches no Rust memory.
    let rc = krait_vm::oserror::retry_syscall(vm, || i64::from(unsafe { libc::fchdir(fd) }));
    rc.map(|_| Value::None)
}

fn fchmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, mode] = FCHMOD.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let mode = fd_arg(vm, &given(mode))?;
    // SAFETY: fchmod changes a file's mode and touches no Rust memory.
    let rc = krait_vm::oserror::retry_syscall(vm, || {
        i64::from(unsafe { libc::fchmod(fd, mode as libc::mode_t) })
    });
    rc.map(|_| Value::None)
}

fn fchown(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, uid, gid] = FCHOWN.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let uid = id_arg(vm, &given(uid), "uid")?;
    let gid = id_arg(vm, &given(gid), "gid")?;
    // SAFETY: fchown changes a file's owner and touches no Rust memory.
    let rc =
        krait_vm::oserror::retry_syscall(vm, || i64::from(unsafe { libc::fchown(fd, uid, gid) }));
    rc.map(|_| Value::None)
}

fn login_tty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = LOGIN_TTY.bind_args(vm, args)?;
    let fd = crate::fileno_arg(vm, &given(fd))?;
    // SAFETY: login_tty rearranges the process's descriptors and session; no
    // Rust memory is passed.
    check(vm, unsafe { libc::login_tty(fd) })
}

fn pidfd_open(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pid, flags] = PIDFD_OPEN.bind_args(vm, args)?;
    let pid = c_int(vm, pid)?;
    let flags = match flags {
        Some(v) => super::c_unsigned_int(vm, &v)?,
        None => 0,
    };
    // SAFETY: the pidfd_open system call takes two integers and makes a descriptor.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, flags) };
    if fd < 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::Int(fd))
}
