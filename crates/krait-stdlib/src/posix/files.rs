//! The `posix` functions on special files and descriptors at offsets: fifos and
//! device nodes, positioned and scattered reads and writes, `sendfile`, advice and
//! locks on open files, anonymous memory files, system limits (`sysconf`,
//! `pathconf`), extended attributes, and the path normalisation `posixpath` uses.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::int::{as_big, as_i64};
use krait_vm::oserror::retry_syscall;
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyResult, Value, Vm};

use super::{
    c_path, fd_arg, given, last_os_error, os_error, path_arg_as, path_arg_with, PathArg, PathKinds,
};

static MKFIFO: Signature = Signature::of(
    "posix",
    "mkfifo",
    "($module, /, path, mode=438, *, dir_fd=None)",
);
static MKNOD: Signature = Signature::of(
    "posix",
    "mknod",
    "($module, /, path, mode=384, device=0, *, dir_fd=None)",
);
static MAJOR: Signature = Signature::of("posix", "major", "($module, device, /)");
static MINOR: Signature = Signature::of("posix", "minor", "($module, device, /)");
static MAKEDEV: Signature = Signature::of("posix", "makedev", "($module, major, minor, /)");
static PIPE2: Signature = Signature::of("posix", "pipe2", "($module, flags, /)");
static PREAD: Signature = Signature::of("posix", "pread", "($module, fd, length, offset, /)");
static PWRITE: Signature = Signature::of("posix", "pwrite", "($module, fd, buffer, offset, /)");
static READV: Signature = Signature::of("posix", "readv", "($module, fd, buffers, /)");
static PREADV: Signature = Signature::of(
    "posix",
    "preadv",
    "($module, fd, buffers, offset, flags=0, /)",
);
static PWRITEV: Signature = Signature::of(
    "posix",
    "pwritev",
    "($module, fd, buffers, offset, flags=0, /)",
);
static SENDFILE: Signature = Signature::of(
    "posix",
    "sendfile",
    "($module, /, out_fd, in_fd, offset, count)",
);
static POSIX_FADVISE: Signature = Signature::of(
    "posix",
    "posix_fadvise",
    "($module, fd, offset, length, advice, /)",
);
static POSIX_FALLOCATE: Signature = Signature::of(
    "posix",
    "posix_fallocate",
    "($module, fd, offset, length, /)",
);
static LOCKF: Signature = Signature::of("posix", "lockf", "($module, fd, command, length, /)");
static MEMFD_CREATE: Signature = Signature::of(
    "posix",
    "memfd_create",
    "($module, /, name, flags=MFD_CLOEXEC)",
);
static SYSCONF: Signature = Signature::of("posix", "sysconf", "($module, name, /)");
static PATHCONF: Signature = Signature::of("posix", "pathconf", "($module, /, path, name)");
static FPATHCONF: Signature = Signature::of("posix", "fpathconf", "($module, fd, name, /)");
static GETXATTR: Signature = Signature::of(
    "posix",
    "getxattr",
    "($module, /, path, attribute, *, follow_symlinks=True)",
);
static SETXATTR: Signature = Signature::of(
    "posix",
    "setxattr",
    "($module, /, path, attribute, value, flags=0, *,\n         follow_symlinks=True)",
);
static REMOVEXATTR: Signature = Signature::of(
    "posix",
    "removexattr",
    "($module, /, path, attribute, *, follow_symlinks=True)",
);
static LISTXATTR: Signature = Signature::of(
    "posix",
    "listxattr",
    "($module, /, path=None, *, follow_symlinks=True)",
);
static PATH_NORMPATH: Signature = Signature::of("posix", "_path_normpath", "($module, /, path)");

static FUNCTIONS: [MethodDef; 24] = [
    MethodDef::staticmethod("mkfifo", mkfifo).with_signature(&MKFIFO),
    MethodDef::staticmethod("mknod", mknod).with_signature(&MKNOD),
    MethodDef::staticmethod("major", major)
        .with_signature(&MAJOR)
        .with_doc("Extracts a device major number from a raw device number."),
    MethodDef::staticmethod("minor", minor)
        .with_signature(&MINOR)
        .with_doc("Extracts a device minor number from a raw device number."),
    MethodDef::staticmethod("makedev", makedev)
        .with_signature(&MAKEDEV)
        .with_doc("Composes a raw device number from the major and minor device numbers."),
    MethodDef::staticmethod("pipe2", pipe2).with_signature(&PIPE2),
    MethodDef::staticmethod("pread", pread).with_signature(&PREAD),
    MethodDef::staticmethod("pwrite", pwrite).with_signature(&PWRITE),
    MethodDef::staticmethod("readv", readv).with_signature(&READV),
    MethodDef::staticmethod("preadv", preadv).with_signature(&PREADV),
    MethodDef::staticmethod("pwritev", pwritev).with_signature(&PWRITEV),
    MethodDef::staticmethod("sendfile", sendfile).with_signature(&SENDFILE),
    MethodDef::staticmethod("posix_fadvise", posix_fadvise).with_signature(&POSIX_FADVISE),
    MethodDef::staticmethod("posix_fallocate", posix_fallocate).with_signature(&POSIX_FALLOCATE),
    MethodDef::staticmethod("lockf", lockf).with_signature(&LOCKF),
    MethodDef::staticmethod("memfd_create", memfd_create).with_signature(&MEMFD_CREATE),
    MethodDef::staticmethod("sysconf", sysconf)
        .with_signature(&SYSCONF)
        .with_doc("Return an integer-valued system configuration variable."),
    MethodDef::staticmethod("pathconf", pathconf).with_signature(&PATHCONF),
    MethodDef::staticmethod("fpathconf", fpathconf).with_signature(&FPATHCONF),
    MethodDef::staticmethod("getxattr", getxattr).with_signature(&GETXATTR),
    MethodDef::staticmethod("setxattr", setxattr).with_signature(&SETXATTR),
    MethodDef::staticmethod("removexattr", removexattr).with_signature(&REMOVEXATTR),
    MethodDef::staticmethod("listxattr", listxattr).with_signature(&LISTXATTR),
    MethodDef::staticmethod("_path_normpath", path_normpath)
        .with_signature(&PATH_NORMPATH)
        .with_doc("Basic path normalization."),
];

/// Constants of `<fcntl.h>`, `<unistd.h>`, `<sys/wait.h>`, `<sysexits.h>`,
/// `<dlfcn.h>`, `<sched.h>`, `<sys/statvfs.h>`, `<sys/xattr.h>` and Linux's
/// `memfd.h`, with Linux's values.
const CONSTANTS: &[(&str, i64)] = &[
    ("CLD_EXITED", libc::CLD_EXITED as i64),
    ("CLD_KILLED", libc::CLD_KILLED as i64),
    ("CLD_DUMPED", libc::CLD_DUMPED as i64),
    ("CLD_TRAPPED", libc::CLD_TRAPPED as i64),
    ("CLD_STOPPED", libc::CLD_STOPPED as i64),
    ("CLD_CONTINUED", libc::CLD_CONTINUED as i64),
    ("EX_USAGE", 64),
    ("EX_DATAERR", 65),
    ("EX_NOINPUT", 66),
    ("EX_NOUSER", 67),
    ("EX_NOHOST", 68),
    ("EX_UNAVAILABLE", 69),
    ("EX_SOFTWARE", 70),
    ("EX_OSERR", 71),
    ("EX_OSFILE", 72),
    ("EX_CANTCREAT", 73),
    ("EX_IOERR", 74),
    ("EX_TEMPFAIL", 75),
    ("EX_PROTOCOL", 76),
    ("EX_NOPERM", 77),
    ("EX_CONFIG", 78),
    ("F_LOCK", libc::F_LOCK as i64),
    ("F_TLOCK", libc::F_TLOCK as i64),
    ("F_ULOCK", libc::F_ULOCK as i64),
    ("F_TEST", libc::F_TEST as i64),
    ("MFD_CLOEXEC", libc::MFD_CLOEXEC as i64),
    ("MFD_ALLOW_SEALING", libc::MFD_ALLOW_SEALING as i64),
    ("MFD_HUGETLB", libc::MFD_HUGETLB as i64),
    ("MFD_HUGE_SHIFT", 26),
    ("MFD_HUGE_MASK", 63),
    ("MFD_HUGE_64KB", 16 << 26),
    ("MFD_HUGE_512KB", 19 << 26),
    ("MFD_HUGE_1MB", 20 << 26),
    ("MFD_HUGE_2MB", 21 << 26),
    ("MFD_HUGE_8MB", 23 << 26),
    ("MFD_HUGE_16MB", 24 << 26),
    ("MFD_HUGE_32MB", 25 << 26),
    ("MFD_HUGE_256MB", 28 << 26),
    ("MFD_HUGE_512MB", 29 << 26),
    ("MFD_HUGE_1GB", 30 << 26),
    ("MFD_HUGE_2GB", 31 << 26),
    ("MFD_HUGE_16GB", 34 << 26),
    ("NGROUPS_MAX", super::ids::NGROUPS_MAX as i64),
    ("O_DIRECT", libc::O_DIRECT as i64),
    ("O_FSYNC", libc::O_FSYNC as i64),
    // glibc defines O_LARGEFILE as 0 where off_t is 64 bits wide.
    ("O_LARGEFILE", 0),
    ("POSIX_FADV_NORMAL", libc::POSIX_FADV_NORMAL as i64),
    ("POSIX_FADV_RANDOM", libc::POSIX_FADV_RANDOM as i64),
    ("POSIX_FADV_SEQUENTIAL", libc::POSIX_FADV_SEQUENTIAL as i64),
    ("POSIX_FADV_WILLNEED", libc::POSIX_FADV_WILLNEED as i64),
    ("POSIX_FADV_DONTNEED", libc::POSIX_FADV_DONTNEED as i64),
    ("POSIX_FADV_NOREUSE", libc::POSIX_FADV_NOREUSE as i64),
    // The kinds of `posix_spawn`'s file actions (CPython's own numbering).
    ("POSIX_SPAWN_OPEN", 0),
    ("POSIX_SPAWN_CLOSE", 1),
    ("POSIX_SPAWN_DUP2", 2),
    ("PRIO_PROCESS", libc::PRIO_PROCESS as i64),
    ("PRIO_PGRP", libc::PRIO_PGRP as i64),
    ("PRIO_USER", libc::PRIO_USER as i64),
    ("P_ALL", libc::P_ALL as i64),
    ("P_PID", libc::P_PID as i64),
    ("P_PGID", libc::P_PGID as i64),
    ("P_PIDFD", 3),
    ("RTLD_LAZY", libc::RTLD_LAZY as i64),
    ("RTLD_NOW", libc::RTLD_NOW as i64),
    ("RTLD_GLOBAL", libc::RTLD_GLOBAL as i64),
    ("RTLD_LOCAL", libc::RTLD_LOCAL as i64),
    ("RTLD_NODELETE", libc::RTLD_NODELETE as i64),
    ("RTLD_NOLOAD", libc::RTLD_NOLOAD as i64),
    ("RTLD_DEEPBIND", libc::RTLD_DEEPBIND as i64),
    ("RWF_HIPRI", libc::RWF_HIPRI as i64),
    ("RWF_DSYNC", libc::RWF_DSYNC as i64),
    ("RWF_SYNC", libc::RWF_SYNC as i64),
    ("RWF_NOWAIT", libc::RWF_NOWAIT as i64),
    ("RWF_APPEND", libc::RWF_APPEND as i64),
    ("SCHED_OTHER", libc::SCHED_OTHER as i64),
    ("SCHED_FIFO", libc::SCHED_FIFO as i64),
    ("SCHED_RR", libc::SCHED_RR as i64),
    ("SCHED_BATCH", libc::SCHED_BATCH as i64),
    ("SCHED_IDLE", libc::SCHED_IDLE as i64),
    ("SCHED_RESET_ON_FORK", libc::SCHED_RESET_ON_FORK as i64),
    ("ST_MANDLOCK", libc::ST_MANDLOCK as i64),
    ("ST_WRITE", libc::ST_WRITE as i64),
    ("ST_APPEND", libc::ST_APPEND as i64),
    ("ST_NODIRATIME", libc::ST_NODIRATIME as i64),
    ("ST_RELATIME", libc::ST_RELATIME as i64),
    ("TMP_MAX", libc::TMP_MAX as i64),
    ("XATTR_CREATE", libc::XATTR_CREATE as i64),
    ("XATTR_REPLACE", libc::XATTR_REPLACE as i64),
    ("XATTR_SIZE_MAX", 65536),
];

/// The names `pathconf` takes, with glibc's values (`os.pathconf_names`).
const PATHCONF_NAMES: [(&str, i64); 20] = [
    ("PC_ALLOC_SIZE_MIN", 18),
    ("PC_ASYNC_IO", 10),
    ("PC_CHOWN_RESTRICTED", 6),
    ("PC_FILESIZEBITS", 13),
    ("PC_LINK_MAX", 0),
    ("PC_MAX_CANON", 1),
    ("PC_MAX_INPUT", 2),
    ("PC_NAME_MAX", 3),
    ("PC_NO_TRUNC", 7),
    ("PC_PATH_MAX", 4),
    ("PC_PIPE_BUF", 5),
    ("PC_PRIO_IO", 11),
    ("PC_REC_INCR_XFER_SIZE", 14),
    ("PC_REC_MAX_XFER_SIZE", 15),
    ("PC_REC_MIN_XFER_SIZE", 16),
    ("PC_REC_XFER_ALIGN", 17),
    ("PC_SOCK_MAXBUF", 12),
    ("PC_SYMLINK_MAX", 19),
    ("PC_SYNC_IO", 9),
    ("PC_VDISABLE", 8),
];

/// The names `sysconf` takes, with glibc's values (`os.sysconf_names`).
const SYSCONF_NAMES: [(&str, i64); 135] = [
    ("SC_2_CHAR_TERM", 95),
    ("SC_2_C_BIND", 47),
    ("SC_2_C_DEV", 48),
    ("SC_2_C_VERSION", 96),
    ("SC_2_FORT_DEV", 49),
    ("SC_2_FORT_RUN", 50),
    ("SC_2_LOCALEDEF", 52),
    ("SC_2_SW_DEV", 51),
    ("SC_2_UPE", 97),
    ("SC_2_VERSION", 46),
    ("SC_AIO_LISTIO_MAX", 23),
    ("SC_AIO_MAX", 24),
    ("SC_AIO_PRIO_DELTA_MAX", 25),
    ("SC_ARG_MAX", 0),
    ("SC_ASYNCHRONOUS_IO", 12),
    ("SC_ATEXIT_MAX", 87),
    ("SC_AVPHYS_PAGES", 86),
    ("SC_BC_BASE_MAX", 36),
    ("SC_BC_DIM_MAX", 37),
    ("SC_BC_SCALE_MAX", 38),
    ("SC_BC_STRING_MAX", 39),
    ("SC_CHARCLASS_NAME_MAX", 45),
    ("SC_CHAR_BIT", 101),
    ("SC_CHAR_MAX", 102),
    ("SC_CHAR_MIN", 103),
    ("SC_CHILD_MAX", 1),
    ("SC_CLK_TCK", 2),
    ("SC_COLL_WEIGHTS_MAX", 40),
    ("SC_DELAYTIMER_MAX", 26),
    ("SC_EQUIV_CLASS_MAX", 41),
    ("SC_EXPR_NEST_MAX", 42),
    ("SC_FSYNC", 15),
    ("SC_GETGR_R_SIZE_MAX", 69),
    ("SC_GETPW_R_SIZE_MAX", 70),
    ("SC_INT_MAX", 104),
    ("SC_INT_MIN", 105),
    ("SC_IOV_MAX", 60),
    ("SC_JOB_CONTROL", 7),
    ("SC_LINE_MAX", 43),
    ("SC_LOGIN_NAME_MAX", 71),
    ("SC_LONG_BIT", 106),
    ("SC_MAPPED_FILES", 16),
    ("SC_MB_LEN_MAX", 108),
    ("SC_MEMLOCK", 17),
    ("SC_MEMLOCK_RANGE", 18),
    ("SC_MEMORY_PROTECTION", 19),
    ("SC_MESSAGE_PASSING", 20),
    ("SC_MINSIGSTKSZ", 249),
    ("SC_MQ_OPEN_MAX", 27),
    ("SC_MQ_PRIO_MAX", 28),
    ("SC_NGROUPS_MAX", 3),
    ("SC_NL_ARGMAX", 119),
    ("SC_NL_LANGMAX", 120),
    ("SC_NL_MSGMAX", 121),
    ("SC_NL_NMAX", 122),
    ("SC_NL_SETMAX", 123),
    ("SC_NL_TEXTMAX", 124),
    ("SC_NPROCESSORS_CONF", 83),
    ("SC_NPROCESSORS_ONLN", 84),
    ("SC_NZERO", 109),
    ("SC_OPEN_MAX", 4),
    ("SC_PAGESIZE", 30),
    ("SC_PAGE_SIZE", 30),
    ("SC_PASS_MAX", 88),
    ("SC_PHYS_PAGES", 85),
    ("SC_PII", 53),
    ("SC_PII_INTERNET", 56),
    ("SC_PII_INTERNET_DGRAM", 62),
    ("SC_PII_INTERNET_STREAM", 61),
    ("SC_PII_OSI", 57),
    ("SC_PII_OSI_CLTS", 64),
    ("SC_PII_OSI_COTS", 63),
    ("SC_PII_OSI_M", 65),
    ("SC_PII_SOCKET", 55),
    ("SC_PII_XTI", 54),
    ("SC_POLL", 58),
    ("SC_PRIORITIZED_IO", 13),
    ("SC_PRIORITY_SCHEDULING", 10),
    ("SC_REALTIME_SIGNALS", 9),
    ("SC_RE_DUP_MAX", 44),
    ("SC_RTSIG_MAX", 31),
    ("SC_SAVED_IDS", 8),
    ("SC_SCHAR_MAX", 111),
    ("SC_SCHAR_MIN", 112),
    ("SC_SELECT", 59),
    ("SC_SEMAPHORES", 21),
    ("SC_SEM_NSEMS_MAX", 32),
    ("SC_SEM_VALUE_MAX", 33),
    ("SC_SHARED_MEMORY_OBJECTS", 22),
    ("SC_SHRT_MAX", 113),
    ("SC_SHRT_MIN", 114),
    ("SC_SIGQUEUE_MAX", 34),
    ("SC_SSIZE_MAX", 110),
    ("SC_STREAM_MAX", 5),
    ("SC_SYNCHRONIZED_IO", 14),
    ("SC_THREADS", 67),
    ("SC_THREAD_ATTR_STACKADDR", 77),
    ("SC_THREAD_ATTR_STACKSIZE", 78),
    ("SC_THREAD_DESTRUCTOR_ITERATIONS", 73),
    ("SC_THREAD_KEYS_MAX", 74),
    ("SC_THREAD_PRIORITY_SCHEDULING", 79),
    ("SC_THREAD_PRIO_INHERIT", 80),
    ("SC_THREAD_PRIO_PROTECT", 81),
    ("SC_THREAD_PROCESS_SHARED", 82),
    ("SC_THREAD_SAFE_FUNCTIONS", 68),
    ("SC_THREAD_STACK_MIN", 75),
    ("SC_THREAD_THREADS_MAX", 76),
    ("SC_TIMERS", 11),
    ("SC_TIMER_MAX", 35),
    ("SC_TTY_NAME_MAX", 72),
    ("SC_TZNAME_MAX", 6),
    ("SC_T_IOV_MAX", 66),
    ("SC_UCHAR_MAX", 115),
    ("SC_UINT_MAX", 116),
    ("SC_UIO_MAXIOV", 60),
    ("SC_ULONG_MAX", 117),
    ("SC_USHRT_MAX", 118),
    ("SC_VERSION", 29),
    ("SC_WORD_BIT", 107),
    ("SC_XBS5_ILP32_OFF32", 125),
    ("SC_XBS5_ILP32_OFFBIG", 126),
    ("SC_XBS5_LP64_OFF64", 127),
    ("SC_XBS5_LPBIG_OFFBIG", 128),
    ("SC_XOPEN_CRYPT", 92),
    ("SC_XOPEN_ENH_I18N", 93),
    ("SC_XOPEN_LEGACY", 129),
    ("SC_XOPEN_REALTIME", 130),
    ("SC_XOPEN_REALTIME_THREADS", 131),
    ("SC_XOPEN_SHM", 94),
    ("SC_XOPEN_UNIX", 91),
    ("SC_XOPEN_VERSION", 89),
    ("SC_XOPEN_XCU_VERSION", 90),
    ("SC_XOPEN_XPG2", 98),
    ("SC_XOPEN_XPG3", 99),
    ("SC_XOPEN_XPG4", 100),
];

pub(super) fn add_functions(vm: &mut Vm, d: &ObjRef) {
    add_module_functions(vm, d, "posix", &FUNCTIONS);
    for (name, value) in CONSTANTS {
        dict::dict_set_str(vm, d, name, Value::Int(*value));
    }
    for (dict_name, table) in [
        ("pathconf_names", &PATHCONF_NAMES[..]),
        ("sysconf_names", &SYSCONF_NAMES[..]),
    ] {
        let names = vm.new_dict();
        for (name, value) in table {
            dict::dict_set_str(vm, &names, name, Value::Int(*value));
        }
        dict::dict_set_str(vm, d, dict_name, Value::Obj(names));
    }
}

/// A C `off_t` argument (CPython's `Py_off_t_converter`).
fn off_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let n = abstract_::index(vm, v)?;
    as_i64(&n).ok_or_else(|| {
        vm.new_overflow_error("Python int too large to convert to C long".to_owned())
    })
}

/// A C `ssize_t` argument.
fn ssize_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let n = abstract_::index(vm, v)?;
    as_i64(&n).ok_or_else(|| {
        vm.new_overflow_error("Python int too large to convert to C ssize_t".to_owned())
    })
}

/// A `dir_fd` argument: None is the working directory.
pub(super) fn dir_fd_arg(vm: &mut Vm, v: Option<Value>) -> PyResult<i32> {
    let v = match v {
        None | Some(Value::None) => return Ok(libc::AT_FDCWD),
        Some(v) => v,
    };
    if !abstract_::has_index(vm, &v) {
        let tn = vm.type_name_of(&v);
        return Err(vm.new_type_error(format!("argument should be integer or None, not {tn}")));
    }
    fd_converter(vm, &v)
}

/// A descriptor given where a path may be (CPython's `_fd_converter`).
pub(super) fn fd_converter(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = abstract_::index(vm, v)?;
    let negative = as_big(&n).is_some_and(|b| b.sign() == num_bigint::Sign::Minus);
    match as_i64(&n).and_then(|i| i32::try_from(i).ok()) {
        Some(fd) => Ok(fd),
        None if negative => Err(vm.new_overflow_error("fd is less than minimum".to_owned())),
        None => Err(vm.new_overflow_error("fd is greater than maximum".to_owned())),
    }
}

/// A device number (CPython's `_Py_Dev_Converter`): an int, read as an unsigned
/// 64-bit number.
fn dev_arg(vm: &mut Vm, v: &Value) -> PyResult<u64> {
    if !krait_vm::objects::int::is_int(v) {
        return Err(vm.new_type_error("an integer is required".to_owned()));
    }
    let Some(n) = as_big(v) else {
        return Err(vm.new_type_error("an integer is required".to_owned()));
    };
    if n.sign() == num_bigint::Sign::Minus {
        return Err(vm.new_overflow_error("can't convert negative int to unsigned".to_owned()));
    }
    u64::try_from(&n).map_err(|_| vm.new_overflow_error("int too big to convert".to_owned()))
}

fn mkfifo(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, mode, dir_fd] = MKFIFO.bind_args(vm, args)?;
    let p = path_arg_with(vm, "mkfifo", "path", &given(path), false)?;
    let mode = match mode {
        Some(m) => fd_arg(vm, &m)?,
        None => 0o666,
    };
    let dir_fd = dir_fd_arg(vm, dir_fd)?;
    let c = c_path(vm, &p)?;
    retry_syscall(vm, || {
        // SAFETY: `c` is NUL-terminated and outlives the call.
        i64::from(unsafe { libc::mkfifoat(dir_fd, c.as_ptr(), mode as libc::mode_t) })
    })?;
    Ok(Value::None)
}

fn mknod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, mode, device, dir_fd] = MKNOD.bind_args(vm, args)?;
    let p = path_arg_with(vm, "mknod", "path", &given(path), false)?;
    let mode = match mode {
        Some(m) => fd_arg(vm, &m)?,
        None => 0o600,
    };
    let device = match device {
        Some(d) => dev_arg(vm, &d)?,
        None => 0,
    };
    let dir_fd = dir_fd_arg(vm, dir_fd)?;
    let c = c_path(vm, &p)?;
    retry_syscall(vm, || {
        // SAFETY: `c` is NUL-terminated and outlives the call.
        i64::from(unsafe { libc::mknodat(dir_fd, c.as_ptr(), mode as libc::mode_t, device) })
    })?;
    Ok(Value::None)
}

fn major(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [device] = MAJOR.bind_args(vm, args)?;
    let device = dev_arg(vm, &given(device))?;
    Ok(Value::Int(i64::from(libc::major(device))))
}

fn minor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [device] = MINOR.bind_args(vm, args)?;
    let device = dev_arg(vm, &given(device))?;
    Ok(Value::Int(i64::from(libc::minor(device))))
}

fn makedev(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [major, minor] = MAKEDEV.bind_args(vm, args)?;
    let major = fd_arg(vm, &given(major))?;
    let minor = fd_arg(vm, &given(minor))?;
    // CPython returns the number as a signed 64-bit value.
    Ok(Value::Int(libc::makedev(major as u32, minor as u32) as i64))
}

fn pipe2(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [flags] = PIPE2.bind_args(vm, args)?;
    let flags = fd_arg(vm, &given(flags))?;
    let mut fds = [0i32; 2];
    // SAFETY: pipe2 writes two ints into `fds`, which has room for them.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), flags) } != 0 {
        return Err(last_os_error(vm));
    }
    let items = vec![Value::Int(i64::from(fds[0])), Value::Int(i64::from(fds[1]))];
    Ok(vm.new_tuple(items))
}

fn einval(vm: &mut Vm) -> krait_vm::PyErr {
    os_error(vm, &std::io::Error::from_raw_os_error(libc::EINVAL), &[])
}

fn pread(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, length, offset] = PREAD.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let length = ssize_arg(vm, &given(length))?;
    let offset = off_arg(vm, &given(offset))?;
    let Ok(length) = usize::try_from(length) else {
        return Err(einval(vm));
    };
    let mut buf = crate::_io::zeroed(vm, length)?;
    let got = retry_syscall(vm, || {
        // SAFETY: `buf` has room for `length` bytes and is not otherwise borrowed.
        unsafe { libc::pread(fd, buf.as_mut_ptr().cast(), length, offset) as i64 }
    })?;
    buf.truncate(got as usize);
    Ok(vm.new_bytes(buf))
}

fn pwrite(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, buffer, offset] = PWRITE.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let data = crate::bytes_like_arg(vm, &given(buffer))?;
    let offset = off_arg(vm, &given(offset))?;
    let put = retry_syscall(vm, || {
        // SAFETY: `data` is a live buffer of `data.len()` bytes, only read.
        unsafe { libc::pwrite(fd, data.as_ptr().cast(), data.len(), offset) as i64 }
    })?;
    Ok(Value::Int(put))
}

/// Whether `PySequence_Check` holds: lists, tuples and other objects with
/// `__getitem__` that are not mappings.
fn is_sequence(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    if abstract_::list_items(v).is_some() || abstract_::tuple_items(v).is_some() {
        return Ok(true);
    }
    if matches!(
        v,
        Value::Int(_) | Value::Bool(_) | Value::None | Value::Float(_)
    ) {
        return Ok(false);
    }
    let dict_type = vm.types.dict.clone();
    if vm.isinstance(v, &dict_type) {
        return Ok(false);
    }
    let ty = Value::Obj(vm.type_of(v));
    Ok(abstract_::getattr_optional(vm, &ty, "__getitem__")?.is_some())
}

/// The sizes of the writable buffers of a sequence, for `readv` and `preadv`.
fn writable_buffers(vm: &mut Vm, buffers: &Value, fname: &str) -> PyResult<Vec<(Value, usize)>> {
    if !is_sequence(vm, buffers)? {
        return Err(vm.new_type_error(format!("{fname}() arg 2 must be a sequence")));
    }
    let items = abstract_::collect_sequence(vm, buffers)?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match krait_vm::buffer::with_writable(&item, |b| b.len()) {
            Some(len) => out.push((item, len)),
            None if krait_vm::buffer::with_readable(&item, |_| ()).is_some() => {
                return Err(vm.new_error(Exc::BufferError, "Object is not writable."))
            }
            None => {
                let tn = vm.type_name_of(&item);
                return Err(
                    vm.new_type_error(format!("a bytes-like object is required, not '{tn}'"))
                );
            }
        }
    }
    Ok(out)
}

/// Reads into `buffers` with `call`, which gets the iovecs of scratch space; the
/// bytes read are then copied into the buffers in order.
fn scatter_read(
    vm: &mut Vm,
    buffers: &[(Value, usize)],
    mut call: impl FnMut(&[libc::iovec]) -> i64,
) -> PyResult<i64> {
    let mut scratch: Vec<Vec<u8>> = buffers.iter().map(|(_, len)| vec![0u8; *len]).collect();
    let got = retry_syscall(vm, || {
        let iov: Vec<libc::iovec> = scratch
            .iter_mut()
            .map(|c| libc::iovec {
                iov_base: c.as_mut_ptr().cast(),
                iov_len: c.len(),
            })
            .collect();
        call(&iov)
    })?;
    let mut left = got as usize;
    for ((target, _), data) in buffers.iter().zip(&scratch) {
        if left == 0 {
            break;
        }
        let n = left.min(data.len());
        krait_vm::buffer::with_writable(target, |b| {
            let n = n.min(b.len());
            if let (Some(dst), Some(src)) = (b.get_mut(..n), data.get(..n)) {
                dst.copy_from_slice(src);
            }
        });
        left -= n;
    }
    Ok(got)
}

fn iov_count(iov: &[libc::iovec]) -> i32 {
    i32::try_from(iov.len()).unwrap_or(i32::MAX)
}

fn readv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, buffers] = READV.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let buffers = writable_buffers(vm, &given(buffers), "readv")?;
    let got = scatter_read(vm, &buffers, |iov| {
        // SAFETY: each iovec points at a live scratch buffer of its length.
        unsafe { libc::readv(fd, iov.as_ptr(), iov_count(iov)) as i64 }
    })?;
    Ok(Value::Int(got))
}

fn flags_arg(vm: &mut Vm, v: Option<Value>) -> PyResult<i32> {
    match v {
        Some(v) => fd_arg(vm, &v),
        None => Ok(0),
    }
}

fn preadv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, buffers, offset, flags] = PREADV.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let buffers = writable_buffers(vm, &given(buffers), "preadv2")?;
    let offset = off_arg(vm, &given(offset))?;
    let flags = flags_arg(vm, flags)?;
    let got = scatter_read(vm, &buffers, |iov| {
        // SAFETY: each iovec points at a live scratch buffer of its length.
        unsafe { libc::preadv2(fd, iov.as_ptr(), iov_count(iov), offset, flags) as i64 }
    })?;
    Ok(Value::Int(got))
}

fn pwritev(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, buffers, offset, flags] = PWRITEV.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let buffers = given(buffers);
    if !is_sequence(vm, &buffers)? {
        return Err(vm.new_type_error("pwritev() arg 2 must be a sequence".to_owned()));
    }
    let items = abstract_::collect_sequence(vm, &buffers)?;
    let mut chunks = Vec::with_capacity(items.len());
    for item in &items {
        chunks.push(crate::bytes_like_arg(vm, item)?);
    }
    let offset = off_arg(vm, &given(offset))?;
    let flags = flags_arg(vm, flags)?;
    let put = retry_syscall(vm, || {
        let iov: Vec<libc::iovec> = chunks
            .iter()
            .map(|c| libc::iovec {
                iov_base: c.as_ptr() as *mut libc::c_void,
                iov_len: c.len(),
            })
            .collect();
        // SAFETY: each iovec points at a live buffer of its length, only read.
        unsafe { libc::pwritev2(fd, iov.as_ptr(), iov_count(&iov), offset, flags) as i64 }
    })?;
    Ok(Value::Int(put))
}

fn sendfile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [out_fd, in_fd, offset, count] = SENDFILE.bind_args(vm, args)?;
    let out_fd = fd_arg(vm, &given(out_fd))?;
    let in_fd = fd_arg(vm, &given(in_fd))?;
    let mut offset = match given(offset) {
        Value::None => None,
        v => Some(off_arg(vm, &v)?),
    };
    let count = ssize_arg(vm, &given(count))?;
    let count = usize::try_from(count).map_err(|_| einval(vm))?;
    let sent = retry_syscall(vm, || {
        let at = offset
            .as_mut()
            .map_or(std::ptr::null_mut(), |o| o as *mut i64);
        // SAFETY: the offset pointer is null or points at a live i64.
        unsafe { libc::sendfile(out_fd, in_fd, at, count) as i64 }
    })?;
    Ok(Value::Int(sent))
}

/// Runs a call that returns an errno (0 for success) rather than setting errno.
fn errno_call(vm: &mut Vm, mut call: impl FnMut() -> i32) -> PyResult<Value> {
    let result = krait_vm::oserror::retry_interrupted(vm, || match call() {
        0 => Ok(()),
        errno => Err(errno),
    })?;
    match result {
        Ok(()) => Ok(Value::None),
        Err(errno) => Err(os_error(vm, &std::io::Error::from_raw_os_error(errno), &[])),
    }
}

fn posix_fadvise(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, offset, length, advice] = POSIX_FADVISE.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let offset = off_arg(vm, &given(offset))?;
    let length = off_arg(vm, &given(length))?;
    let advice = fd_arg(vm, &given(advice))?;
    // SAFETY: posix_fadvise advises the kernel and touches no Rust memory.
    errno_call(vm, || unsafe {
        libc::posix_fadvise(fd, offset, length, advice)
    })
}

fn posix_fallocate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, offset, length] = POSIX_FALLOCATE.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let offset = off_arg(vm, &given(offset))?;
    let length = off_arg(vm, &given(length))?;
    // SAFETY: posix_fallocate reserves file space and touches no Rust memory.
    errno_call(vm, || unsafe { libc::posix_fallocate(fd, offset, length) })
}

fn lockf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, command, length] = LOCKF.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let command = fd_arg(vm, &given(command))?;
    let length = off_arg(vm, &given(length))?;
    // SAFETY: lockf locks part of a file and touches no Rust memory.
    if unsafe { libc::lockf(fd, command, length) } < 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::None)
}

fn memfd_create(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name, flags] = MEMFD_CREATE.bind_args(vm, args)?;
    let name = super::fs_converter(vm, &given(name))?;
    let flags = match flags {
        // The flags are read bitwise: only their low 32 bits count.
        Some(v) => {
            let n = abstract_::index(vm, &v)?;
            match as_i64(&n) {
                Some(i) => i as u32,
                None => as_big(&n)
                    .map(|b| {
                        let (_, digits) = (b & num_bigint::BigInt::from(u32::MAX)).to_u32_digits();
                        digits.first().copied().unwrap_or(0)
                    })
                    .unwrap_or(0),
            }
        }
        None => libc::MFD_CLOEXEC,
    };
    // SAFETY: `name` is NUL-terminated and outlives the call.
    let fd = unsafe { libc::memfd_create(name.as_ptr(), flags) };
    if fd < 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::Int(i64::from(fd)))
}

/// A configuration name: a key of `table` or a C int (CPython's `conv_confname`).
fn conf_name(vm: &mut Vm, v: &Value, table: &[(&str, i64)]) -> PyResult<i32> {
    if let Some(text) = abstract_::value_as_str(v) {
        return match table.iter().find(|(n, _)| *n == text) {
            Some((_, value)) => Ok(*value as i32),
            None => Err(vm.new_value_error("unrecognized configuration name".to_owned())),
        };
    }
    if krait_vm::objects::int::is_int(v) {
        return fd_arg(vm, v);
    }
    Err(vm.new_type_error("configuration names must be strings or integers".to_owned()))
}

/// Runs a call whose -1 is a failure only when it set errno.
fn limit_call(call: impl FnOnce() -> i64) -> Result<i64, std::io::Error> {
    // SAFETY: errno is this thread's own variable.
    unsafe { *libc::__errno_location() = 0 };
    let value = call();
    let error = std::io::Error::last_os_error();
    if value == -1 && error.raw_os_error().unwrap_or(0) != 0 {
        return Err(error);
    }
    Ok(value)
}

fn sysconf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name] = SYSCONF.bind_args(vm, args)?;
    let name = conf_name(vm, &given(name), &SYSCONF_NAMES)?;
    // SAFETY: sysconf reads a system limit.
    match limit_call(|| unsafe { libc::sysconf(name) }) {
        Ok(value) => Ok(Value::Int(value)),
        Err(e) => Err(os_error(vm, &e, &[])),
    }
}

fn fpathconf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, name] = FPATHCONF.bind_args(vm, args)?;
    let fd = crate::fileno_arg(vm, &given(fd))?;
    let name = conf_name(vm, &given(name), &PATHCONF_NAMES)?;
    // SAFETY: fpathconf reads a limit of an open file.
    match limit_call(|| unsafe { libc::fpathconf(fd, name) }) {
        Ok(value) => Ok(Value::Int(value)),
        Err(e) => Err(os_error(vm, &e, &[])),
    }
}

/// A path or, where CPython's `path_t` allows one, a descriptor; `obj` names it
/// in errors.
pub(super) enum Target {
    Fd(i32, Value),
    Path(PathArg, std::ffi::CString),
}

impl Target {
    pub(super) fn obj(&self) -> &Value {
        match self {
            Target::Fd(_, obj) => obj,
            Target::Path(p, _) => &p.obj,
        }
    }

    /// None, or the error with this target's name when a C call returned `rc < 0`.
    pub(super) fn check(&self, vm: &mut Vm, rc: i32) -> PyResult<Value> {
        if rc < 0 {
            let e = std::io::Error::last_os_error();
            return Err(os_error(vm, &e, &[self.obj()]));
        }
        Ok(Value::None)
    }
}

pub(super) fn target_arg(vm: &mut Vm, fname: &str, v: &Value) -> PyResult<Target> {
    target_arg_as(vm, fname, v, PathKinds::PathOrFd)
}

/// `target_arg` for a function whose messages say what else it takes. Any
/// object with `__index__` is a descriptor, as in `path_converter`.
pub(super) fn target_arg_as(
    vm: &mut Vm,
    fname: &str,
    v: &Value,
    kinds: PathKinds,
) -> PyResult<Target> {
    if abstract_::has_index(vm, v) {
        let fd = fd_converter(vm, v)?;
        return Ok(Target::Fd(fd, v.clone()));
    }
    let p = path_arg_as(vm, fname, "path", v, kinds)?;
    let c = c_path(vm, &p)?;
    Ok(Target::Path(p, c))
}

fn pathconf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, name] = PATHCONF.bind_args(vm, args)?;
    let target = target_arg(vm, "pathconf", &given(path))?;
    let name = conf_name(vm, &given(name), &PATHCONF_NAMES)?;
    let result = match &target {
        // SAFETY: fpathconf reads a limit of an open file.
        Target::Fd(fd, _) => limit_call(|| unsafe { libc::fpathconf(*fd, name) }),
        // SAFETY: `c` is NUL-terminated and outlives the call.
        Target::Path(_, c) => limit_call(|| unsafe { libc::pathconf(c.as_ptr(), name) }),
    };
    match result {
        Ok(value) => Ok(Value::Int(value)),
        // EINVAL may be the name's fault rather than the path's: no file name.
        Err(e) if e.raw_os_error() == Some(libc::EINVAL) => Err(os_error(vm, &e, &[])),
        Err(e) => Err(os_error(vm, &e, &[target.obj()])),
    }
}

/// The follow_symlinks flag, which a descriptor cannot be given with.
fn follow_arg(vm: &mut Vm, fname: &str, target: &Target, v: Option<Value>) -> PyResult<bool> {
    let follow = match v {
        Some(v) => abstract_::is_true(vm, &v)?,
        None => true,
    };
    if !follow && matches!(target, Target::Fd(..)) {
        return Err(vm.new_value_error(format!(
            "{fname}: cannot use fd and follow_symlinks together"
        )));
    }
    Ok(follow)
}

fn attribute_arg(vm: &mut Vm, fname: &str, v: Option<Value>) -> PyResult<std::ffi::CString> {
    let p = path_arg_with(vm, fname, "attribute", &given(v), false)?;
    c_path(vm, &p)
}

/// Calls `call` with buffers of the sizes CPython tries, until one is large
/// enough; ERANGE from the largest is the error.
fn sized_call(
    sizes: [usize; 2],
    mut call: impl FnMut(&mut [u8]) -> isize,
) -> Result<Vec<u8>, std::io::Error> {
    for size in sizes {
        let mut buf = vec![0u8; size];
        let n = call(&mut buf);
        if n >= 0 {
            buf.truncate(n as usize);
            return Ok(buf);
        }
        let error = std::io::Error::last_os_error();
        if error.raw_os_error() != Some(libc::ERANGE) {
            return Err(error);
        }
    }
    Err(std::io::Error::from_raw_os_error(libc::ERANGE))
}

/// The largest attribute value and name list Linux allows.
const XATTR_SIZE_MAX: usize = 65536;

fn getxattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, attribute, follow_symlinks] = GETXATTR.bind_args(vm, args)?;
    let target = target_arg(vm, "getxattr", &given(path))?;
    let attribute = attribute_arg(vm, "getxattr", attribute)?;
    let follow = follow_arg(vm, "getxattr", &target, follow_symlinks)?;
    let result = sized_call([128, XATTR_SIZE_MAX], |buf| {
        let (ptr, len) = (buf.as_mut_ptr().cast(), buf.len());
        // SAFETY: the name and path are NUL-terminated; `buf` has room for `len`.
        unsafe {
            match &target {
                Target::Fd(fd, _) => libc::fgetxattr(*fd, attribute.as_ptr(), ptr, len),
                Target::Path(_, c) if follow => {
                    libc::getxattr(c.as_ptr(), attribute.as_ptr(), ptr, len)
                }
                Target::Path(_, c) => libc::lgetxattr(c.as_ptr(), attribute.as_ptr(), ptr, len),
            }
        }
    });
    match result {
        Ok(value) => Ok(vm.new_bytes(value)),
        Err(e) => Err(os_error(vm, &e, &[target.obj()])),
    }
}

fn setxattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, attribute, value, flags, follow_symlinks] = SETXATTR.bind_args(vm, args)?;
    let target = target_arg(vm, "setxattr", &given(path))?;
    let attribute = attribute_arg(vm, "setxattr", attribute)?;
    let value = crate::bytes_like_arg(vm, &given(value))?;
    let flags = flags_arg(vm, flags)?;
    let follow = follow_arg(vm, "setxattr", &target, follow_symlinks)?;
    let (ptr, len) = (value.as_ptr().cast(), value.len());
    // SAFETY: the name and path are NUL-terminated; `value` is read for `len` bytes.
    let rc = unsafe {
        match &target {
            Target::Fd(fd, _) => libc::fsetxattr(*fd, attribute.as_ptr(), ptr, len, flags),
            Target::Path(_, c) if follow => {
                libc::setxattr(c.as_ptr(), attribute.as_ptr(), ptr, len, flags)
            }
            Target::Path(_, c) => libc::lsetxattr(c.as_ptr(), attribute.as_ptr(), ptr, len, flags),
        }
    };
    target.check(vm, rc)
}

fn removexattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, attribute, follow_symlinks] = REMOVEXATTR.bind_args(vm, args)?;
    let target = target_arg(vm, "removexattr", &given(path))?;
    let attribute = attribute_arg(vm, "removexattr", attribute)?;
    let follow = follow_arg(vm, "removexattr", &target, follow_symlinks)?;
    // SAFETY: the name and path are NUL-terminated and outlive the call.
    let rc = unsafe {
        match &target {
            Target::Fd(fd, _) => libc::fremovexattr(*fd, attribute.as_ptr()),
            Target::Path(_, c) if follow => libc::removexattr(c.as_ptr(), attribute.as_ptr()),
            Target::Path(_, c) => libc::lremovexattr(c.as_ptr(), attribute.as_ptr()),
        }
    };
    target.check(vm, rc)
}

fn listxattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, follow_symlinks] = LISTXATTR.bind_args(vm, args)?;
    let path = path.unwrap_or(Value::None);
    let target = if matches!(path, Value::None) {
        let c = std::ffi::CString::from(c".");
        let p = PathArg {
            path: std::path::PathBuf::from("."),
            obj: Value::None,
            is_bytes: false,
        };
        Target::Path(p, c)
    } else {
        target_arg_as(vm, "listxattr", &path, PathKinds::PathFdOrNone)?
    };
    let follow = follow_arg(vm, "listxattr", &target, follow_symlinks)?;
    let result = sized_call([256, XATTR_SIZE_MAX], |buf| {
        let (ptr, len) = (buf.as_mut_ptr().cast(), buf.len());
        // SAFETY: the path is NUL-terminated; `buf` has room for `len` bytes.
        unsafe {
            match &target {
                Target::Fd(fd, _) => libc::flistxattr(*fd, ptr, len),
                Target::Path(_, c) if follow => libc::listxattr(c.as_ptr(), ptr, len),
                Target::Path(_, c) => libc::llistxattr(c.as_ptr(), ptr, len),
            }
        }
    });
    let names = match result {
        Ok(names) => names,
        Err(e) => {
            let obj = target.obj().clone();
            let names: Vec<&Value> = if matches!(obj, Value::None) {
                vec![]
            } else {
                vec![&obj]
            };
            return Err(os_error(vm, &e, &names));
        }
    };
    // The names are str even for a bytes path, as in CPython.
    let mut items = Vec::new();
    for name in names.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        items.push(krait_vm::objects::str_methods::fs_decode(vm, name));
    }
    Ok(vm.new_list(items))
}

/// `_path_normpath(path)`: `posixpath.normpath` for a str, as CPython's
/// `_Py_normpath` computes it (a NUL is an ordinary character).
fn path_normpath(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path] = PATH_NORMPATH.bind_args(vm, args)?;
    let path = given(path);
    let Some(text) = abstract_::value_as_str(&path) else {
        let tn = vm.type_name_of(&path);
        return Err(vm.new_type_error(format!("expected 'str', not '{tn}'")));
    };
    let chars: Vec<char> = text.chars().collect();
    let normal: String = normpath(&chars).into_iter().collect();
    Ok(vm.new_str(normal))
}

/// CPython's `_Py_normpath` on a buffer with a NUL after its end; the work is
/// done in place, as there, since the checks may read characters not yet moved.
/// A path starting with NUL comes back unchanged, as there.
fn normpath(path: &[char]) -> Vec<char> {
    const SEP: char = '/';
    let end = path.len();
    let mut b: Vec<char> = path.to_vec();
    b.push('\0');
    if end == 0 || b.first() == Some(&'\0') {
        return path.to_vec();
    }
    let at = |b: &[char], i: usize| b.get(i).copied().unwrap_or('\0');
    let put = |b: &mut [char], i: usize, c: char| {
        if let Some(slot) = b.get_mut(i) {
            *slot = c;
        }
    };
    let sep_or_end = |b: &[char], i: usize| i >= end || at(b, i) == SEP;
    let mut start = 0;
    let mut p1 = 0;
    let mut p2 = 0;
    let mut min_p2 = 0;
    let mut last = '\0';
    if at(&b, 0) == '.' && at(&b, 1) == SEP {
        // Skip a leading "./" and the separators after it.
        start = 2;
        while at(&b, start) == SEP && start < end {
            start += 1;
        }
        (p1, p2, min_p2, last) = (start, start, start, SEP);
    } else if at(&b, 0) == SEP {
        // The root: one separator, or exactly two, which POSIX lets mean more.
        p1 = 1;
        p2 = 1;
        last = SEP;
        if at(&b, 1) == SEP && at(&b, 2) != SEP {
            p1 = 2;
            p2 = 2;
        }
        min_p2 = p2 - 1;
    }
    while p1 < end {
        let c = at(&b, p1);
        if last == SEP && c == '.' {
            let sep_at_1 = sep_or_end(&b, p1 + 1);
            let sep_at_2 = !sep_at_1 && sep_or_end(&b, p1 + 2);
            if sep_at_2 && at(&b, p1 + 1) == '.' {
                // "..": drop the previous segment, if there is one to drop.
                let mut p3 = p2;
                while p3 > min_p2 {
                    p3 -= 1;
                    if at(&b, p3) != SEP {
                        break;
                    }
                }
                while p3 > min_p2 && at(&b, p3 - 1) != SEP {
                    p3 -= 1;
                }
                let previous_is_dotdot =
                    at(&b, p3) == '.' && at(&b, p3 + 1) == '.' && at(&b, p3 + 2) == SEP;
                if p2 == min_p2 || previous_is_dotdot {
                    put(&mut b, p2, '.');
                    put(&mut b, p2 + 1, '.');
                    p2 += 2;
                    last = '.';
                } else if at(&b, p3) == SEP {
                    p2 = p3 + 1;
                } else {
                    p2 = p3;
                }
                p1 += 1;
            } else if !sep_at_1 {
                put(&mut b, p2, c);
                p2 += 1;
                last = c;
            }
        } else if !(last == SEP && c == SEP) {
            put(&mut b, p2, c);
            p2 += 1;
            last = c;
        }
        p1 += 1;
    }
    // Trailing separators go, but not the root's.
    let mut last_kept = p2;
    if p2 != min_p2 {
        last_kept = p2 - 1;
        while last_kept != min_p2 && at(&b, last_kept) == SEP {
            last_kept -= 1;
        }
        last_kept += 1;
    }
    b.get(start..last_kept).unwrap_or_default().to_vec()
}
