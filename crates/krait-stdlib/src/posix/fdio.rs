//! `posix` functions over file descriptors and the system beyond the basics:
//! copying between descriptors in the kernel (`splice`, `copy_file_range`), gathered writes, event counters, random bytes, file-system
//! statistics, process times, and the real/effective id pairs.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::function::Args;
use krait_vm::objects::{dict, structseq};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};

use krait_vm::oserror::retry_syscall;

use super::{fd_arg, given, int_arg, os_error};

struct FdioState {
    statvfs_result: ObjRef,
    times_result: ObjRef,
}

static CLOSERANGE: Signature =
    Signature::of("posix", "closerange", "($module, fd_low, fd_high, /)");
static COPY_FILE_RANGE: Signature = Signature::of(
    "posix",
    "copy_file_range",
    "($module, /, src, dst, count, offset_src=None, offset_dst=None)",
);
static SPLICE: Signature = Signature::of(
    "posix",
    "splice",
    "($module, /, src, dst, count, offset_src=None, offset_dst=None, flags=0)",
);
static WRITEV: Signature = Signature::of("posix", "writev", "($module, fd, buffers, /)");
static EVENTFD: Signature =
    Signature::of("posix", "eventfd", "($module, /, initval, flags=524288)");
static EVENTFD_READ: Signature = Signature::of("posix", "eventfd_read", "($module, /, fd)");
static EVENTFD_WRITE: Signature =
    Signature::of("posix", "eventfd_write", "($module, /, fd, value)");
static GETRANDOM: Signature = Signature::of("posix", "getrandom", "($module, /, size, flags=0)");
static STATVFS: Signature = Signature::of("posix", "statvfs", "($module, /, path)");
static FSTATVFS: Signature = Signature::of("posix", "fstatvfs", "($module, fd, /)");
static TIMES: Signature = Signature::of("posix", "times", "($module, /)");
static SETREUID: Signature = Signature::of("posix", "setreuid", "($module, ruid, euid, /)");
static SETREGID: Signature = Signature::of("posix", "setregid", "($module, rgid, egid, /)");
static TCGETPGRP: Signature = Signature::of("posix", "tcgetpgrp", "($module, fd, /)");
static TCSETPGRP: Signature = Signature::of("posix", "tcsetpgrp", "($module, fd, pgid, /)");

static CONFSTR: Signature = Signature::of("posix", "confstr", "($module, name, /)");

static FUNCTIONS: [MethodDef; 17] = [
    MethodDef::staticmethod("confstr", confstr)
        .with_signature(&CONFSTR)
        .with_doc("Return a string-valued system configuration variable."),
    MethodDef::staticmethod("closerange", closerange).with_signature(&CLOSERANGE),
    MethodDef::staticmethod("copy_file_range", copy_file_range).with_signature(&COPY_FILE_RANGE),
    MethodDef::staticmethod("splice", splice).with_signature(&SPLICE),
    MethodDef::staticmethod("writev", writev).with_signature(&WRITEV),
    MethodDef::staticmethod("eventfd", eventfd).with_signature(&EVENTFD),
    MethodDef::staticmethod("eventfd_read", eventfd_read).with_signature(&EVENTFD_READ),
    MethodDef::staticmethod("eventfd_write", eventfd_write).with_signature(&EVENTFD_WRITE),
    MethodDef::staticmethod("getrandom", getrandom).with_signature(&GETRANDOM),
    MethodDef::staticmethod("statvfs", statvfs).with_signature(&STATVFS),
    MethodDef::staticmethod("fstatvfs", fstatvfs).with_signature(&FSTATVFS),
    MethodDef::staticmethod("times", times).with_signature(&TIMES),
    MethodDef::staticmethod("setreuid", setreuid).with_signature(&SETREUID),
    MethodDef::staticmethod("setregid", setregid).with_signature(&SETREGID),
    MethodDef::staticmethod("tcgetpgrp", tcgetpgrp).with_signature(&TCGETPGRP),
    MethodDef::staticmethod("tcsetpgrp", tcsetpgrp).with_signature(&TCSETPGRP),
    MethodDef::staticmethod("fdatasync", fdatasync).with_signature(&FDATASYNC),
];

static FDATASYNC: Signature = Signature::of("posix", "fdatasync", "($module, /, fd)");

const CONSTANTS: [(&str, i64); 14] = [
    ("EFD_CLOEXEC", libc::EFD_CLOEXEC as i64),
    ("EFD_NONBLOCK", libc::EFD_NONBLOCK as i64),
    ("EFD_SEMAPHORE", libc::EFD_SEMAPHORE as i64),
    ("GRND_NONBLOCK", libc::GRND_NONBLOCK as i64),
    ("GRND_RANDOM", libc::GRND_RANDOM as i64),
    ("SPLICE_F_MOVE", libc::SPLICE_F_MOVE as i64),
    ("SPLICE_F_NONBLOCK", libc::SPLICE_F_NONBLOCK as i64),
    ("SPLICE_F_MORE", libc::SPLICE_F_MORE as i64),
    ("ST_RDONLY", libc::ST_RDONLY as i64),
    ("ST_NOSUID", libc::ST_NOSUID as i64),
    ("ST_NODEV", libc::ST_NODEV as i64),
    ("ST_NOEXEC", libc::ST_NOEXEC as i64),
    ("ST_SYNCHRONOUS", libc::ST_SYNCHRONOUS as i64),
    ("ST_NOATIME", libc::ST_NOATIME as i64),
];

/// The names `confstr` takes, with glibc's values (`os.confstr_names`).
const CONFSTR_NAMES: [(&str, i64); 27] = [
    ("CS_GNU_LIBC_VERSION", 2),
    ("CS_GNU_LIBPTHREAD_VERSION", 3),
    ("CS_LFS64_CFLAGS", 1004),
    ("CS_LFS64_LDFLAGS", 1005),
    ("CS_LFS64_LIBS", 1006),
    ("CS_LFS64_LINTFLAGS", 1007),
    ("CS_LFS_CFLAGS", 1000),
    ("CS_LFS_LDFLAGS", 1001),
    ("CS_LFS_LIBS", 1002),
    ("CS_LFS_LINTFLAGS", 1003),
    ("CS_PATH", 0),
    ("CS_XBS5_ILP32_OFF32_CFLAGS", 1100),
    ("CS_XBS5_ILP32_OFF32_LDFLAGS", 1101),
    ("CS_XBS5_ILP32_OFF32_LIBS", 1102),
    ("CS_XBS5_ILP32_OFF32_LINTFLAGS", 1103),
    ("CS_XBS5_ILP32_OFFBIG_CFLAGS", 1104),
    ("CS_XBS5_ILP32_OFFBIG_LDFLAGS", 1105),
    ("CS_XBS5_ILP32_OFFBIG_LIBS", 1106),
    ("CS_XBS5_ILP32_OFFBIG_LINTFLAGS", 1107),
    ("CS_XBS5_LP64_OFF64_CFLAGS", 1108),
    ("CS_XBS5_LP64_OFF64_LDFLAGS", 1109),
    ("CS_XBS5_LP64_OFF64_LIBS", 1110),
    ("CS_XBS5_LP64_OFF64_LINTFLAGS", 1111),
    ("CS_XBS5_LPBIG_OFFBIG_CFLAGS", 1112),
    ("CS_XBS5_LPBIG_OFFBIG_LDFLAGS", 1113),
    ("CS_XBS5_LPBIG_OFFBIG_LIBS", 1114),
    ("CS_XBS5_LPBIG_OFFBIG_LINTFLAGS", 1115),
];

const STATVFS_FIELDS: [&str; 11] = [
    "f_bsize",
    "f_frsize",
    "f_blocks",
    "f_bfree",
    "f_bavail",
    "f_files",
    "f_ffree",
    "f_favail",
    "f_flag",
    "f_namemax",
    "f_fsid",
];

pub(super) fn add_functions(vm: &mut Vm, d: &ObjRef) {
    add_module_functions(vm, d, "posix", &FUNCTIONS);
    for (name, value) in CONSTANTS {
        dict::dict_set_str(vm, d, name, Value::Int(value));
    }
    let names = vm.new_dict();
    for (name, value) in CONFSTR_NAMES {
        dict::dict_set_str(vm, &names, name, Value::Int(value));
    }
    dict::dict_set_str(vm, d, "confstr_names", Value::Obj(names));
    let statvfs_result =
        structseq::new_type_with_hidden(vm, "os", "statvfs_result", &STATVFS_FIELDS, 10);
    dict::dict_set_str(vm, d, "statvfs_result", Value::Obj(statvfs_result.clone()));
    let times_fields = [
        "user",
        "system",
        "children_user",
        "children_system",
        "elapsed",
    ];
    let times_result = structseq::new_type(vm, "posix", "times_result", &times_fields);
    dict::dict_set_str(vm, d, "times_result", Value::Obj(times_result.clone()));
    vm.set_module_state(FdioState {
        statvfs_result,
        times_result,
    });
}

fn state(vm: &mut Vm) -> PyResult<std::rc::Rc<FdioState>> {
    vm.module_state::<FdioState>()
        .ok_or_else(|| vm.new_runtime_error("posix is not initialised".to_owned()))
}

fn count_arg(vm: &mut Vm, v: Option<Value>) -> PyResult<usize> {
    let n = int_arg(vm, &given(v))?;
    usize::try_from(n).map_err(|_| vm.new_value_error("count must be non-negative".to_owned()))
}

/// An optional offset argument: `None` means the descriptor's own position.
fn offset_arg(vm: &mut Vm, v: Option<Value>) -> PyResult<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => Ok(Some(int_arg(vm, &v)?)),
    }
}

fn closerange(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [low, high] = CLOSERANGE.bind_args(vm, args)?;
    let low = fd_arg(vm, &given(low))?.max(0);
    let high = fd_arg(vm, &given(high))?;
    for fd in low..high {
        // SAFETY: closing a descriptor number touches no Rust memory; errors are
        // ignored, as CPython ignores them.
        unsafe { libc::close(fd) };
    }
    Ok(Value::None)
}

fn copy_file_range(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [src, dst, count, offset_src, offset_dst] = COPY_FILE_RANGE.bind_args(vm, args)?;
    let src = fd_arg(vm, &given(src))?;
    let dst = fd_arg(vm, &given(dst))?;
    let count = count_arg(vm, count)?;
    let mut offset_src = offset_arg(vm, offset_src)?;
    let mut offset_dst = offset_arg(vm, offset_dst)?;
    let copied = retry_syscall(vm, || {
        let a = offset_src
            .as_mut()
            .map_or(std::ptr::null_mut(), |o| o as *mut i64);
        let b = offset_dst
            .as_mut()
            .map_or(std::ptr::null_mut(), |o| o as *mut i64);
        // SAFETY: each offset pointer is null or points at a live i64.
        unsafe { libc::copy_file_range(src, a, dst, b, count, 0) as i64 }
    })?;
    Ok(Value::Int(copied))
}

fn splice(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [src, dst, count, offset_src, offset_dst, flags] = SPLICE.bind_args(vm, args)?;
    let src = fd_arg(vm, &given(src))?;
    let dst = fd_arg(vm, &given(dst))?;
    let count = count_arg(vm, count)?;
    let mut offset_src = offset_arg(vm, offset_src)?;
    let mut offset_dst = offset_arg(vm, offset_dst)?;
    let flags = match flags {
        Some(v) => fd_arg(vm, &v)? as u32,
        None => 0,
    };
    let moved = retry_syscall(vm, || {
        let a = offset_src
            .as_mut()
            .map_or(std::ptr::null_mut(), |o| o as *mut i64);
        let b = offset_dst
            .as_mut()
            .map_or(std::ptr::null_mut(), |o| o as *mut i64);
        // SAFETY: each offset pointer is null or points at a live i64.
        unsafe { libc::splice(src, a, dst, b, count, flags) as i64 }
    })?;
    Ok(Value::Int(moved))
}

fn writev(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, buffers] = WRITEV.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let buffers = given(buffers);
    let items = abstract_::collect_iterable(vm, &buffers)
        .map_err(|_| vm.new_type_error("writev() arg 2 must be a sequence".to_owned()))?;
    let mut chunks = Vec::with_capacity(items.len());
    for item in &items {
        chunks.push(crate::bytes_like_arg(vm, item)?);
    }
    let written = retry_syscall(vm, || {
        let iov: Vec<libc::iovec> = chunks
            .iter()
            .map(|c| libc::iovec {
                iov_base: c.as_ptr() as *mut libc::c_void,
                iov_len: c.len(),
            })
            .collect();
        // SAFETY: each iovec points at a live buffer of its length, only read.
        unsafe { libc::writev(fd, iov.as_ptr(), iov.len() as i32) as i64 }
    })?;
    Ok(Value::Int(written))
}

fn eventfd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [initval, flags] = EVENTFD.bind_args(vm, args)?;
    let initval = int_arg(vm, &given(initval))?;
    let initval = u32::try_from(initval).map_err(|_| {
        vm.new_overflow_error("Python int too large to convert to C unsigned int".to_owned())
    })?;
    let flags = match flags {
        Some(v) => fd_arg(vm, &v)?,
        None => libc::EFD_CLOEXEC,
    };
    // SAFETY: eventfd makes a descriptor and touches no Rust memory.
    let fd = retry_syscall(vm, || i64::from(unsafe { libc::eventfd(initval, flags) }))?;
    Ok(Value::Int(fd))
}

fn eventfd_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = EVENTFD_READ.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let mut value: u64 = 0;
    retry_syscall(vm, || {
        // SAFETY: `value` has room for the 8 bytes eventfd gives.
        unsafe { libc::read(fd, &mut value as *mut u64 as *mut libc::c_void, 8) as i64 }
    })?;
    Ok(krait_vm::objects::int::int_from_big(vm, value.into()))
}

fn eventfd_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, value] = EVENTFD_WRITE.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let value = abstract_::index(vm, &given(value))?;
    let value = krait_vm::objects::int::as_big(&value)
        .and_then(|b| u64::try_from(&b).ok())
        .ok_or_else(|| {
            vm.new_overflow_error(
                "Python int too large to convert to C unsigned long long".to_owned(),
            )
        })?;
    retry_syscall(vm, || {
        // SAFETY: writes the 8 bytes of `value`, which lives across the call.
        unsafe { libc::write(fd, &value as *const u64 as *const libc::c_void, 8) as i64 }
    })?;
    Ok(Value::None)
}

fn getrandom(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [size, flags] = GETRANDOM.bind_args(vm, args)?;
    let size = int_arg(vm, &given(size))?;
    let size = usize::try_from(size).map_err(|_| {
        let errno = std::io::Error::from_raw_os_error(libc::EINVAL);
        os_error(vm, &errno, &[])
    })?;
    let flags = match flags {
        Some(v) => fd_arg(vm, &v)? as u32,
        None => 0,
    };
    let mut buf = crate::_io::zeroed(vm, size)?;
    let mut filled = 0;
    while filled < size {
        let n = retry_syscall(vm, || {
            let rest = &mut buf[filled..];
            // SAFETY: `rest` is a live buffer of `rest.len()` bytes.
            unsafe {
                libc::getrandom(rest.as_mut_ptr() as *mut libc::c_void, rest.len(), flags) as i64
            }
        })?;
        filled += n as usize;
    }
    Ok(vm.new_bytes(buf))
}

fn statvfs_value(vm: &mut Vm, st: &libc::statvfs) -> PyResult<Value> {
    let ty = state(vm)?.statvfs_result.clone();
    let values = [
        st.f_bsize,
        st.f_frsize,
        st.f_blocks,
        st.f_bfree,
        st.f_bavail,
        st.f_files,
        st.f_ffree,
        st.f_favail,
        st.f_flag,
        st.f_namemax,
        st.f_fsid,
    ]
    .iter()
    .map(|n| Value::Int(*n as i64))
    .collect();
    Ok(structseq::new(vm, &ty, values))
}

/// `statvfs(path)`: a path or a descriptor, which errors name as given.
fn statvfs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path] = STATVFS.bind_args(vm, args)?;
    let target = super::files::target_arg(vm, "statvfs", &given(path))?;
    // SAFETY: all zero bits is a valid `statvfs`, filled in by the call.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    let done = krait_vm::oserror::retry_interrupted(vm, || {
        let rc = match &target {
            // SAFETY: `st` is a live struct fstatvfs fills in.
            super::files::Target::Fd(fd, _) => unsafe { libc::fstatvfs(*fd, &mut st) },
            // SAFETY: `c` is NUL-terminated and `st` is a live struct statvfs fills in.
            super::files::Target::Path(_, c) => unsafe { libc::statvfs(c.as_ptr(), &mut st) },
        };
        match rc {
            0 => Ok(()),
            _ => Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(0)),
        }
    })?;
    if let Err(errno) = done {
        let e = std::io::Error::from_raw_os_error(errno);
        return Err(os_error(vm, &e, &[target.obj()]));
    }
    statvfs_value(vm, &st)
}

fn fstatvfs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = FSTATVFS.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    // SAFETY: all zero bits is a valid `statvfs`, filled in by the call.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is a live struct fstatvfs fills in.
    retry_syscall(vm, || i64::from(unsafe { libc::fstatvfs(fd, &mut st) }))?;
    statvfs_value(vm, &st)
}

fn times(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = TIMES.bind_args(vm, args)?;
    // SAFETY: all zero bits is a valid `tms`, filled in by the call.
    let mut t: libc::tms = unsafe { std::mem::zeroed() };
    // SAFETY: `t` is a live struct times fills in.
    let elapsed = unsafe { libc::times(&mut t) };
    if elapsed == (-1i64) as libc::clock_t {
        return Err(super::last_os_error(vm));
    }
    // SAFETY: sysconf reads a system constant.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let ty = state(vm)?.times_result.clone();
    let values = [
        t.tms_utime,
        t.tms_stime,
        t.tms_cutime,
        t.tms_cstime,
        elapsed,
    ]
    .iter()
    .map(|n| Value::Float(*n as f64 / ticks))
    .collect();
    Ok(structseq::new(vm, &ty, values))
}

fn setreuid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [ruid, euid] = SETREUID.bind_args(vm, args)?;
    let ruid = super::id_arg(vm, &given(ruid), "uid")?;
    let euid = super::id_arg(vm, &given(euid), "uid")?;
    // SAFETY: setreuid changes process ids and touches no Rust memory.
    retry_syscall(vm, || i64::from(unsafe { libc::setreuid(ruid, euid) }))?;
    Ok(Value::None)
}

fn setregid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [rgid, egid] = SETREGID.bind_args(vm, args)?;
    let rgid = super::id_arg(vm, &given(rgid), "gid")?;
    let egid = super::id_arg(vm, &given(egid), "gid")?;
    // SAFETY: setregid changes process ids and touches no Rust memory.
    retry_syscall(vm, || i64::from(unsafe { libc::setregid(rgid, egid) }))?;
    Ok(Value::None)
}

fn tcgetpgrp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = TCGETPGRP.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    // SAFETY: tcgetpgrp reads a terminal's state and touches no Rust memory.
    let pgid = retry_syscall(vm, || i64::from(unsafe { libc::tcgetpgrp(fd) }))?;
    Ok(Value::Int(pgid))
}

fn tcsetpgrp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, pgid] = TCSETPGRP.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let pgid = fd_arg(vm, &given(pgid))?;
    // SAFETY: tcsetpgrp changes a terminal's state and touches no Rust memory.
    retry_syscall(vm, || i64::from(unsafe { libc::tcsetpgrp(fd, pgid) }))?;
    Ok(Value::None)
}

fn fdatasync(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // SAFETY: fdatasync flushes a descriptor's data and touches no Rust memory.
    super::fd_call(vm, args, &FDATASYNC, |fd| unsafe { libc::fdatasync(fd) })
}

/// `confstr(name)`: a string-valued system configuration variable, named by its
/// number or by a key of `confstr_names`; None when the system defines none.
fn confstr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name] = CONFSTR.bind_args(vm, args)?;
    let name = given(name);
    let number = if let Some(text) = abstract_::value_as_str(&name) {
        match CONFSTR_NAMES.iter().find(|(n, _)| *n == text) {
            Some((_, value)) => *value as i32,
            None => return Err(vm.new_value_error("unrecognized configuration name".to_owned())),
        }
    } else if krait_vm::objects::int::is_int(&name) {
        let n = int_arg(vm, &name)?;
        i32::try_from(n).map_err(|_| {
            vm.new_overflow_error("Python int too large to convert to C int".to_owned())
        })?
    } else {
        return Err(vm.new_type_error("configuration names must be strings or integers".to_owned()));
    };
    let mut buf = vec![0u8; 256];
    loop {
        // SAFETY: errno is this thread's; confstr reports failure only through it.
        unsafe { *libc::__errno_location() = 0 };
        // SAFETY: `buf` is a live buffer of the length passed.
        let len = unsafe { libc::confstr(number, buf.as_mut_ptr().cast(), buf.len()) };
        if len == 0 {
            let e = std::io::Error::last_os_error();
            if e.raw_os_error().unwrap_or(0) != 0 {
                return Err(krait_vm::oserror::os_error_no_filename(vm, &e));
            }
            return Ok(Value::None);
        }
        if len <= buf.len() {
            return Ok(krait_vm::objects::str_methods::fs_decode(
                vm,
                &buf[..len - 1],
            ));
        }
        buf.resize(len, 0);
    }
}
