//! The `posix` module (CPython's `Modules/posixmodule.c`), which `os` re-exports:
//! paths, directories, `stat`, file descriptors, the environment and process ids.
//! Mostly the C library: the `*at` calls, so that a path may be relative to a
//! `dir_fd` (or be a descriptor itself) as on CPython for Linux; Rust's `std` where
//! it says the same. `DirEntry` and `scandir` are written in Python (posix.py).
//! Differences: file names that are not UTF-8 come back as str with U+FFFD where
//! CPython would use surrogate escapes (Krait's str holds no lone surrogates).

mod process;

pub(crate) use ids::{id_arg, id_number, id_value};
pub(crate) use process::{fork_with_hooks, pointers};
mod fdio;
mod files;
mod ids;
mod sched;

use std::ffi::{CString, OsStr, OsString};
use std::io::Read;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::DirEntryExt;
use std::path::PathBuf;

use krait_vm::native::{add_module_functions, member_value, set_member_value, MethodDef};
use krait_vm::object::Payload;
use krait_vm::objects::bytes::as_bytes;
use krait_vm::objects::function::Args;
use krait_vm::objects::{dict, structseq};
use krait_vm::oserror::strerror;
use krait_vm::signature::{given, Signature};
use krait_vm::Exc;
use krait_vm::{abstract_, ObjRef, PyErr, PyResult, Value, Vm};

use files::{dir_fd_arg, target_arg, target_arg_as, Target};

extern "C" {
    fn umask(mask: u32) -> u32;
    fn isatty(fd: i32) -> i32;
    fn getuid() -> u32;
    fn geteuid() -> u32;
    fn getgid() -> u32;
    fn getegid() -> u32;
    fn openat(dirfd: i32, path: *const std::ffi::c_char, flags: i32, ...) -> i32;
    fn close(fd: i32) -> i32;
    fn read(fd: i32, buf: *mut u8, count: usize) -> isize;
    fn write(fd: i32, buf: *const u8, count: usize) -> isize;
    fn ioctl(fd: i32, request: u64, ...) -> i32;
    fn lseek(fd: i32, offset: i64, whence: i32) -> i64;
    fn fsync(fd: i32) -> i32;
    fn ftruncate(fd: i32, length: i64) -> i32;
    fn dup(fd: i32) -> i32;
    fn dup3(fd: i32, fd2: i32, flags: i32) -> i32;
    fn dup2(fd: i32, fd2: i32) -> i32;
    fn pipe2(fds: *mut i32, flags: i32) -> i32;
    fn kill(pid: i32, sig: i32) -> i32;
    fn getpgrp() -> i32;
    fn utimensat(
        dirfd: i32,
        path: *const std::ffi::c_char,
        times: *const Timespec,
        flags: i32,
    ) -> i32;
    fn futimens(fd: i32, times: *const Timespec) -> i32;
    fn _exit(status: i32) -> !;
}

#[repr(C)]
#[derive(Default)]
struct Winsize {
    rows: u16,
    cols: u16,
    xpixel: u16,
    ypixel: u16,
}

#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}

const TIOCGWINSZ: u64 = 0x5413;
const AT_FDCWD: i32 = -100;
const AT_SYMLINK_NOFOLLOW: i32 = 0x100;
const O_CLOEXEC: i64 = 0o2_000_000;

/// A path argument as CPython's `path_converter` takes it: str, bytes or
/// `os.PathLike`; `obj` is the str or bytes, kept for error messages and results.
struct PathArg {
    path: PathBuf,
    obj: Value,
    is_bytes: bool,
}

/// What a function takes besides a path, as `path_converter`'s messages say it.
#[derive(Clone, Copy)]
enum PathKinds {
    Path,
    PathOrFd,
    PathFdOrNone,
}

impl PathKinds {
    fn text(self) -> &'static str {
        match self {
            PathKinds::Path => "string, bytes or os.PathLike",
            PathKinds::PathOrFd => "string, bytes, os.PathLike or integer",
            PathKinds::PathFdOrNone => "string, bytes, os.PathLike, integer or None",
        }
    }
}

fn path_arg(vm: &mut Vm, fname: &str, v: &Value) -> PyResult<PathArg> {
    path_arg_as(vm, fname, "path", v, PathKinds::PathOrFd)
}

/// `path_arg` for the argument `argname`; `allow_fd` says whether the function
/// also takes a descriptor, which the TypeError's wording mentions.
fn path_arg_with(
    vm: &mut Vm,
    fname: &str,
    argname: &str,
    v: &Value,
    allow_fd: bool,
) -> PyResult<PathArg> {
    let kinds = if allow_fd {
        PathKinds::PathOrFd
    } else {
        PathKinds::Path
    };
    path_arg_as(vm, fname, argname, v, kinds)
}

/// A path argument as `path_converter` reads it: str, bytes, `os.PathLike`, or
/// (with a DeprecationWarning) another bytes-like object; a NUL in it is refused.
fn path_arg_as(
    vm: &mut Vm,
    fname: &str,
    argname: &str,
    v: &Value,
    kinds: PathKinds,
) -> PyResult<PathArg> {
    let wrong_type = |vm: &mut Vm| {
        let tn = vm.type_name_of(v);
        format!("{fname}: {argname} should be {}, not {tn}", kinds.text())
    };
    let path = match path_from_str_or_bytes(vm, v)? {
        Some(p) => p,
        None if !matches!(v, Value::Obj(_)) || abstract_::value_as_str(v).is_some() => {
            let message = wrong_type(vm);
            return Err(vm.new_type_error(message));
        }
        None => {
            let ty = Value::Obj(vm.type_of(v));
            match abstract_::getattr_optional(vm, &ty, "__fspath__")? {
                Some(method) => {
                    let r = vm.call1(&method, vec![v.clone()])?;
                    path_from_str_or_bytes(vm, &r)?.ok_or_else(|| {
                        let (tn, rn) = (vm.type_name_of(v), vm.type_name_of(&r));
                        vm.new_type_error(format!(
                            "expected {tn}.__fspath__() to return str or bytes, not {rn}"
                        ))
                    })?
                }
                None => match krait_vm::objects::bytes::bytes_like(vm, v)? {
                    // Other bytes-like objects still work, deprecated.
                    Some(bytes) => {
                        let message = wrong_type(vm);
                        krait_vm::warnings::warn_ex(vm, Exc::DeprecationWarning, &message, 1)?;
                        PathArg {
                            path: PathBuf::from(OsString::from_vec(bytes)),
                            obj: v.clone(),
                            is_bytes: true,
                        }
                    }
                    None => {
                        let message = wrong_type(vm);
                        return Err(vm.new_type_error(message));
                    }
                },
            }
        }
    };
    if path.path.as_os_str().as_bytes().contains(&0) {
        let message = if path.is_bytes {
            format!("{fname}: embedded null character in {argname}")
        } else {
            "embedded null byte".to_owned()
        };
        return Err(vm.new_value_error(message));
    }
    Ok(path)
}

/// A str path is encoded as `os.fsencode` does (lone surrogates escape bytes).
fn path_from_str_or_bytes(vm: &mut Vm, v: &Value) -> PyResult<Option<PathArg>> {
    if let Some(s) = krait_vm::objects::str::as_pystr(v) {
        let bytes = krait_vm::objects::str_methods::fs_encode(vm, s)?;
        return Ok(Some(PathArg {
            path: PathBuf::from(OsString::from_vec(bytes)),
            obj: v.clone(),
            is_bytes: false,
        }));
    }
    Ok(match v {
        Value::Obj(o) if matches!(o.payload, Payload::Bytes(_)) => as_bytes(v).map(|b| PathArg {
            path: PathBuf::from(OsString::from_vec(b)),
            obj: v.clone(),
            is_bytes: true,
        }),
        _ => None,
    })
}

/// A str, bytes or os.PathLike argument as the C string `PyUnicode_FSConverter`
/// makes of it (`initgroups`' user name, `memfd_create`'s name).
fn fs_converter(vm: &mut Vm, v: &Value) -> PyResult<CString> {
    let path = match path_from_str_or_bytes(vm, v)? {
        Some(p) => p,
        None => {
            let r = match abstract_::call_special(vm, v, "__fspath__", &[])? {
                Some(r) => r,
                None => {
                    let tn = vm.type_name_of(v);
                    return Err(vm.new_type_error(format!(
                        "expected str, bytes or os.PathLike object, not {tn}"
                    )));
                }
            };
            path_from_str_or_bytes(vm, &r)?.ok_or_else(|| {
                let (tn, rn) = (vm.type_name_of(v), vm.type_name_of(&r));
                vm.new_type_error(format!(
                    "expected {tn}.__fspath__() to return str or bytes, not {rn}"
                ))
            })?
        }
    };
    c_path(vm, &path)
}

/// A C `unsigned int` argument (CPython's `_PyLong_UnsignedInt_Converter`).
fn c_unsigned_int(vm: &mut Vm, v: &Value) -> PyResult<u32> {
    let n = abstract_::index(vm, v)?;
    if krait_vm::objects::int::as_big(&n).is_some_and(|b| b.sign() == num_bigint::Sign::Minus) {
        return Err(vm.new_value_error("value must be positive".to_owned()));
    }
    krait_vm::objects::int::as_i64(&n)
        .and_then(|i| u32::try_from(i).ok())
        .ok_or_else(|| vm.new_overflow_error("Python int too large for C unsigned int".to_owned()))
}

/// A file name for a result: bytes when the argument was bytes, else str.
fn name_value(vm: &mut Vm, name: &OsStr, as_bytes: bool) -> Value {
    if as_bytes {
        vm.new_bytes(name.as_bytes().to_vec())
    } else {
        krait_vm::objects::str_methods::fs_decode(vm, name.as_bytes())
    }
}

fn c_path(vm: &mut Vm, p: &PathArg) -> PyResult<CString> {
    CString::new(p.path.as_os_str().as_bytes())
        .map_err(|_| vm.new_value_error("embedded null byte".to_owned()))
}

/// The `OSError` subclass for `e`, with up to two file names, as CPython's
/// `path_error`/`path_error2` build it.
fn os_error(vm: &mut Vm, e: &std::io::Error, names: &[&Value]) -> PyErr {
    let errno = e.raw_os_error().unwrap_or(0);
    let mut args = vec![Value::Int(errno as i64), vm.new_str(strerror(errno, e))];
    if let Some(first) = names.first() {
        args.push((*first).clone());
    }
    if let Some(second) = names.get(1) {
        args.push(Value::None);
        args.push((*second).clone());
    }
    let class = Value::Obj(vm.exc(Exc::OSError).clone());
    match vm.call1(&class, args) {
        Ok(Value::Obj(exc)) => PyErr(exc),
        Ok(_) => vm.new_error(Exc::OSError, "I/O error"),
        Err(err) => err,
    }
}

fn last_os_error(vm: &mut Vm) -> PyErr {
    os_error(vm, &std::io::Error::last_os_error(), &[])
}

/// A path that cannot be a descriptor, with the C string the calls take.
fn path_only(
    vm: &mut Vm,
    fname: &str,
    argname: &str,
    v: Option<Value>,
) -> PyResult<(PathArg, CString)> {
    let p = path_arg_with(vm, fname, argname, &given(v), false)?;
    let c = c_path(vm, &p)?;
    Ok((p, c))
}

/// None, or the OSError naming `names` when a C call returned nonzero.
fn check_call(vm: &mut Vm, rc: i32, names: &[&Value]) -> PyResult<Value> {
    if rc != 0 {
        return Err(os_error(vm, &std::io::Error::last_os_error(), names));
    }
    Ok(Value::None)
}

/// A boolean keyword argument such as `follow_symlinks`, `default` when absent.
fn flag_arg(vm: &mut Vm, v: &Option<Value>, default: bool) -> PyResult<bool> {
    match v {
        Some(v) => abstract_::is_true(vm, v),
        None => Ok(default),
    }
}

/// Refuses what a descriptor given as the path cannot go with, as CPython words
/// it: a `dir_fd` (`dir_fd_error` is the message, which differs between functions)
/// and, for a descriptor above 0, `follow_symlinks=False`.
fn check_fd_target(
    vm: &mut Vm,
    fname: &str,
    target: &Target,
    dir_fd: i32,
    follow: bool,
    dir_fd_error: &str,
) -> PyResult<()> {
    let Target::Fd(fd, _) = target else {
        return Ok(());
    };
    if dir_fd != AT_FDCWD {
        return Err(vm.new_value_error(format!("{fname}: {dir_fd_error}")));
    }
    if *fd > 0 && !follow {
        return Err(vm.new_value_error(format!(
            "{fname}: cannot use fd and follow_symlinks together"
        )));
    }
    Ok(())
}

/// The message of `stat` and `utime` for a descriptor with a `dir_fd`.
const DIR_FD_WITHOUT_PATH: &str = "can't specify dir_fd without matching path";

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let n = abstract_::index(vm, v)?;
    krait_vm::objects::int::as_i64(&n)
        .ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C int".to_owned()))
}

fn fd_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = int_arg(vm, v)?;
    i32::try_from(n)
        .map_err(|_| vm.new_overflow_error("Python int too large to convert to C int".to_owned()))
}

fn u64_value(vm: &Vm, n: u64) -> Value {
    match i64::try_from(n) {
        Ok(i) => Value::Int(i),
        Err(_) => vm.new_big_int(n.into()),
    }
}

// ---------------------------------------------------------------------------
// Directories and paths

fn getcwd_os(vm: &mut Vm) -> PyResult<PathBuf> {
    std::env::current_dir().map_err(|e| os_error(vm, &e, &[]))
}

fn posix_getcwd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GETCWD.bind_args(vm, args)?;
    let p = getcwd_os(vm)?;
    Ok(name_value(vm, p.as_os_str(), false))
}

fn posix_getcwdb(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GETCWDB.bind_args(vm, args)?;
    let p = getcwd_os(vm)?;
    Ok(name_value(vm, p.as_os_str(), true))
}

fn posix_chdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path] = CHDIR.bind_args(vm, args)?;
    let target = target_arg(vm, "chdir", &given(path))?;
    let rc = match &target {
        // SAFETY: fchdir changes the working directory and touches no Rust memory.
        Target::Fd(fd, _) => unsafe { libc::fchdir(*fd) },
        // SAFETY: `c` is NUL-terminated and outlives the call.
        Target::Path(_, c) => unsafe { libc::chdir(c.as_ptr()) },
    };
    target.check(vm, rc)
}

/// The path argument of `listdir`/`scandir`: a path, a descriptor of an open
/// directory, or `'.'` when absent or None.
fn dir_arg(vm: &mut Vm, fname: &str, v: Option<Value>) -> PyResult<Target> {
    match v {
        None | Some(Value::None) => {
            let p = PathArg {
                path: PathBuf::from("."),
                obj: vm.new_str("."),
                is_bytes: false,
            };
            Ok(Target::Path(p, CString::from(c".")))
        }
        Some(v) => target_arg_as(vm, fname, &v, PathKinds::PathFdOrNone),
    }
}

/// An entry of a directory read through a descriptor.
struct FdDirEntry {
    name: Vec<u8>,
    ino: u64,
    /// 'd', 'f', 'l', or '' when the listing does not say.
    kind: &'static str,
}

/// The entries (but `.` and `..`) of the directory open as `fd`. They are read
/// through a duplicate, since closing the stream closes its descriptor, and the
/// stream is rewound before that, so that `fd` (which shares its offset) can be
/// listed again, as CPython does.
fn fd_dir_entries(vm: &mut Vm, fd: i32, obj: &Value) -> PyResult<Vec<FdDirEntry>> {
    // SAFETY: duplicating a descriptor touches no Rust memory.
    let dup = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if dup < 0 {
        return Err(last_os_error(vm));
    }
    // SAFETY: `dup` is a descriptor this function owns; the stream takes it over.
    let dirp = unsafe { libc::fdopendir(dup) };
    if dirp.is_null() {
        let e = std::io::Error::last_os_error();
        // SAFETY: the stream was not made, so `dup` is still this function's.
        unsafe { libc::close(dup) };
        return Err(os_error(vm, &e, &[obj]));
    }
    let mut entries = Vec::new();
    let result = loop {
        // SAFETY: errno is this thread's own variable; readdir reports an error
        // only through it.
        unsafe { *libc::__errno_location() = 0 };
        // SAFETY: `dirp` is an open stream, closed only below.
        let ep = unsafe { libc::readdir(dirp) };
        if ep.is_null() {
            let e = std::io::Error::last_os_error();
            break if e.raw_os_error() == Some(0) {
                Ok(())
            } else {
                Err(e)
            };
        }
        // SAFETY: readdir returned an entry that stays valid until the next call on
        // `dirp`; its name is NUL-terminated.
        let (name, ino, d_type) = unsafe {
            let name = std::ffi::CStr::from_ptr((*ep).d_name.as_ptr());
            (name.to_bytes().to_vec(), (*ep).d_ino, (*ep).d_type)
        };
        if name == b"." || name == b".." {
            continue;
        }
        let kind = match d_type {
            libc::DT_LNK => "l",
            libc::DT_DIR => "d",
            libc::DT_REG => "f",
            _ => "",
        };
        entries.push(FdDirEntry { name, ino, kind });
    };
    // SAFETY: `dirp` is open; closing it closes `dup` too.
    unsafe {
        libc::rewinddir(dirp);
        libc::closedir(dirp);
    }
    result.map_err(|e| os_error(vm, &e, &[obj]))?;
    Ok(entries)
}

fn posix_listdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path] = LISTDIR.bind_args(vm, args)?;
    let mut names = Vec::new();
    match dir_arg(vm, "listdir", path)? {
        // Names read through a descriptor are str, as in CPython.
        Target::Fd(fd, obj) => {
            for entry in fd_dir_entries(vm, fd, &obj)? {
                names.push(name_value(vm, OsStr::from_bytes(&entry.name), false));
            }
        }
        Target::Path(p, _) => {
            let rd = std::fs::read_dir(&p.path).map_err(|e| os_error(vm, &e, &[&p.obj]))?;
            for entry in rd {
                let entry = entry.map_err(|e| os_error(vm, &e, &[&p.obj]))?;
                names.push(name_value(vm, &entry.file_name(), p.is_bytes));
            }
        }
    }
    Ok(vm.new_list(names))
}

/// `_scandir_entries(path)`: `(dir_fd, entries)`, `entries` being `(name, path,
/// kind, inode)` for each entry, `kind` 'd', 'f', 'l' or '' from the directory
/// listing, without following links. For a descriptor, `dir_fd` is it and each
/// path is the bare name, which `DirEntry` stats relative to it; else None.
fn posix_scandir_entries(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path] = SCANDIR_ENTRIES.bind_args(vm, args)?;
    let mut out = Vec::new();
    let dir_fd = match dir_arg(vm, "scandir", path)? {
        Target::Fd(fd, obj) => {
            for entry in fd_dir_entries(vm, fd, &obj)? {
                let name = name_value(vm, OsStr::from_bytes(&entry.name), false);
                let items = vec![
                    name.clone(),
                    name,
                    vm.new_str(entry.kind),
                    u64_value(vm, entry.ino),
                ];
                out.push(vm.new_tuple(items));
            }
            Value::Int(i64::from(fd))
        }
        Target::Path(p, _) => {
            let rd = std::fs::read_dir(&p.path).map_err(|e| os_error(vm, &e, &[&p.obj]))?;
            for entry in rd {
                let entry = entry.map_err(|e| os_error(vm, &e, &[&p.obj]))?;
                let name = entry.file_name();
                let mut full = p.path.as_os_str().as_bytes().to_vec();
                if !full.ends_with(b"/") {
                    full.push(b'/');
                }
                full.extend_from_slice(name.as_bytes());
                let kind = match entry.file_type() {
                    Ok(t) if t.is_symlink() => "l",
                    Ok(t) if t.is_dir() => "d",
                    Ok(t) if t.is_file() => "f",
                    _ => "",
                };
                let items = vec![
                    name_value(vm, &name, p.is_bytes),
                    name_value(vm, OsStr::from_bytes(&full), p.is_bytes),
                    vm.new_str(kind),
                    u64_value(vm, entry.ino()),
                ];
                out.push(vm.new_tuple(items));
            }
            Value::None
        }
    };
    let entries = vm.new_list(out);
    Ok(vm.new_tuple(vec![dir_fd, entries]))
}

fn posix_mkdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, mode, dir_fd] = MKDIR.bind_args(vm, args)?;
    let (p, c) = path_only(vm, "mkdir", "path", path)?;
    let mode = match &mode {
        Some(m) => int_arg(vm, m)? as u32,
        None => 0o777,
    };
    let dir_fd = dir_fd_arg(vm, dir_fd)?;
    // SAFETY: `c` is NUL-terminated and outlives the call.
    let rc = unsafe { libc::mkdirat(dir_fd, c.as_ptr(), mode) };
    check_call(vm, rc, &[&p.obj])
}

/// `unlink`, `remove` and `rmdir`: `unlinkat` with `flags` (`AT_REMOVEDIR` for a
/// directory).
fn unlink_with(vm: &mut Vm, args: Args, signature: &Signature, flags: i32) -> PyResult<Value> {
    let name = signature.name();
    let [path, dir_fd] = signature.bind_args(vm, args)?;
    let (p, c) = path_only(vm, name, "path", path)?;
    let dir_fd = dir_fd_arg(vm, dir_fd)?;
    // SAFETY: `c` is NUL-terminated and outlives the call.
    let rc = unsafe { libc::unlinkat(dir_fd, c.as_ptr(), flags) };
    check_call(vm, rc, &[&p.obj])
}

fn posix_rmdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    unlink_with(vm, args, &RMDIR, libc::AT_REMOVEDIR)
}

fn posix_remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    unlink_with(vm, args, &REMOVE, 0)
}

fn posix_unlink(vm: &mut Vm, args: Args) -> PyResult<Value> {
    unlink_with(vm, args, &UNLINK, 0)
}

fn rename_with(vm: &mut Vm, args: Args, signature: &Signature) -> PyResult<Value> {
    let name = signature.name();
    let [src, dst, src_dir_fd, dst_dir_fd] = signature.bind_args(vm, args)?;
    let (src, src_c) = path_only(vm, name, "src", src)?;
    let (dst, dst_c) = path_only(vm, name, "dst", dst)?;
    let src_dir_fd = dir_fd_arg(vm, src_dir_fd)?;
    let dst_dir_fd = dir_fd_arg(vm, dst_dir_fd)?;
    // SAFETY: both paths are NUL-terminated and outlive the call.
    let rc = unsafe { libc::renameat(src_dir_fd, src_c.as_ptr(), dst_dir_fd, dst_c.as_ptr()) };
    check_call(vm, rc, &[&src.obj, &dst.obj])
}

fn posix_rename(vm: &mut Vm, args: Args) -> PyResult<Value> {
    rename_with(vm, args, &RENAME)
}

fn posix_replace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    rename_with(vm, args, &REPLACE)
}

fn posix_readlink(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, dir_fd] = READLINK.bind_args(vm, args)?;
    let (p, c) = path_only(vm, "readlink", "path", path)?;
    let dir_fd = dir_fd_arg(vm, dir_fd)?;
    // A target longer than PATH_MAX is cut short, as in CPython.
    let mut buf = vec![0u8; libc::PATH_MAX as usize];
    // SAFETY: `c` is NUL-terminated; `buf` has room for the length passed.
    let n = unsafe { libc::readlinkat(dir_fd, c.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
    if n < 0 {
        return Err(os_error(vm, &std::io::Error::last_os_error(), &[&p.obj]));
    }
    buf.truncate(n as usize);
    Ok(name_value(vm, OsStr::from_bytes(&buf), p.is_bytes))
}

fn posix_symlink(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [src, dst, _target_is_directory, dir_fd] = SYMLINK.bind_args(vm, args)?;
    let (src, src_c) = path_only(vm, "symlink", "src", src)?;
    let (dst, dst_c) = path_only(vm, "symlink", "dst", dst)?;
    let dir_fd = dir_fd_arg(vm, dir_fd)?;
    // SAFETY: both paths are NUL-terminated and outlive the call.
    let rc = unsafe { libc::symlinkat(src_c.as_ptr(), dir_fd, dst_c.as_ptr()) };
    check_call(vm, rc, &[&src.obj, &dst.obj])
}

fn posix_access(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, mode, dir_fd, effective_ids, follow_symlinks] = ACCESS.bind_args(vm, args)?;
    let (_, c) = path_only(vm, "access", "path", path)?;
    let mode = int_arg(vm, &given(mode))? as i32;
    let dir_fd = dir_fd_arg(vm, dir_fd)?;
    let effective_ids = flag_arg(vm, &effective_ids, false)?;
    let follow = flag_arg(vm, &follow_symlinks, true)?;
    let mut flags = 0;
    if !follow {
        flags |= AT_SYMLINK_NOFOLLOW;
    }
    if effective_ids {
        flags |= libc::AT_EACCESS;
    }
    // SAFETY: `c` is a NUL-terminated string that outlives the call.
    let rc = unsafe { libc::faccessat(dir_fd, c.as_ptr(), mode, flags) };
    Ok(Value::Bool(rc == 0))
}

// ---------------------------------------------------------------------------
// stat

/// The fields of `stat_result`: ten items (the last three the times in whole
/// seconds, unnamed), then attributes only.
const STAT_FIELDS: [&str; 19] = [
    "st_mode",
    "st_ino",
    "st_dev",
    "st_nlink",
    "st_uid",
    "st_gid",
    "st_size",
    structseq::UNNAMED,
    structseq::UNNAMED,
    structseq::UNNAMED,
    "st_atime",
    "st_mtime",
    "st_ctime",
    "st_atime_ns",
    "st_mtime_ns",
    "st_ctime_ns",
    "st_blksize",
    "st_blocks",
    "st_rdev",
];

/// How many of `STAT_FIELDS` are items.
const STAT_ITEMS: usize = 10;

// `st_nlink` and `st_blksize` are narrower on some targets (aarch64) than here.
#[allow(clippy::useless_conversion)]
fn stat_value(vm: &mut Vm, st: &libc::stat) -> PyResult<Value> {
    let ty = posix_state(vm)?.stat_result.clone();
    let times = [
        (st.st_atime, st.st_atime_nsec),
        (st.st_mtime, st.st_mtime_nsec),
        (st.st_ctime, st.st_ctime_nsec),
    ];
    let mut values = vec![
        Value::Int(i64::from(st.st_mode)),
        u64_value(vm, st.st_ino),
        u64_value(vm, st.st_dev),
        u64_value(vm, u64::from(st.st_nlink)),
        Value::Int(i64::from(st.st_uid)),
        Value::Int(i64::from(st.st_gid)),
        Value::Int(st.st_size),
    ];
    values.extend(times.iter().map(|&(secs, _)| Value::Int(secs)));
    values.extend(
        times
            .iter()
            .map(|&(secs, nsec)| Value::Float(secs as f64 + nsec as f64 * 1e-9)),
    );
    for (secs, nsec) in times {
        let ns = i128::from(secs) * 1_000_000_000 + i128::from(nsec);
        values.push(vm.new_big_int(ns.into()));
    }
    values.push(Value::Int(i64::from(st.st_blksize)));
    values.push(Value::Int(st.st_blocks));
    values.push(u64_value(vm, st.st_rdev));
    Ok(structseq::new(vm, &ty, values))
}

/// `os.stat_result(seq, dict)`: float times left out are taken from the
/// whole-second items, as CPython's constructor does.
fn stat_result_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let obj = structseq::structseq_new(vm, args)?;
    for (seconds, float) in (7..STAT_ITEMS).zip(STAT_ITEMS..) {
        if member_value(&obj, float).is_none_or(|v| v.is_none()) {
            if let Some(v) = member_value(&obj, seconds) {
                set_member_value(&obj, float, v);
            }
        }
    }
    Ok(obj)
}

/// A zeroed `struct stat` for a call to fill in.
fn empty_stat() -> libc::stat {
    // SAFETY: all zero bits is a valid `struct stat` (integers only).
    unsafe { std::mem::zeroed() }
}

/// `stat` and `lstat`: the status of `target` (a path relative to `dir_fd`, or a
/// descriptor), following a final symbolic link when `follow`.
fn stat_with(vm: &mut Vm, target: Target, dir_fd: Option<Value>, follow: bool) -> PyResult<Value> {
    let dir_fd = dir_fd_arg(vm, dir_fd)?;
    check_fd_target(vm, "stat", &target, dir_fd, follow, DIR_FD_WITHOUT_PATH)?;
    let mut st = empty_stat();
    let rc = match &target {
        // SAFETY: `st` is a live struct for fstat to fill in.
        Target::Fd(fd, _) => unsafe { libc::fstat(*fd, &mut st) },
        Target::Path(_, c) => {
            let flags = if follow { 0 } else { AT_SYMLINK_NOFOLLOW };
            // SAFETY: `c` is NUL-terminated; `st` is a live struct to fill in.
            unsafe { libc::fstatat(dir_fd, c.as_ptr(), &mut st, flags) }
        }
    };
    target.check(vm, rc)?;
    stat_value(vm, &st)
}

fn posix_stat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, dir_fd, follow_symlinks] = STAT.bind_args(vm, args)?;
    let target = target_arg(vm, "stat", &given(path))?;
    let follow = flag_arg(vm, &follow_symlinks, true)?;
    stat_with(vm, target, dir_fd, follow)
}

fn posix_lstat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, dir_fd] = LSTAT.bind_args(vm, args)?;
    let (p, c) = path_only(vm, "lstat", "path", path)?;
    stat_with(vm, Target::Path(p, c), dir_fd, false)
}

fn posix_fstat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = FSTAT.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let mut st = empty_stat();
    // SAFETY: `st` is a live struct for fstat to fill in.
    krait_vm::oserror::retry_syscall(vm, || i64::from(unsafe { libc::fstat(fd, &mut st) }))?;
    stat_value(vm, &st)
}

/// The module state of `posix`: the result types its functions make, which stay
/// its own whatever happens to the module's namespace (`del posix.stat_result`).
struct PosixState {
    stat_result: ObjRef,
    uname_result: ObjRef,
    terminal_size: ObjRef,
}

fn posix_state(vm: &mut Vm) -> PyResult<std::rc::Rc<PosixState>> {
    vm.module_state::<PosixState>()
        .ok_or_else(|| vm.new_runtime_error("posix is not initialised".to_owned()))
}

// ---------------------------------------------------------------------------
// File descriptors

fn posix_open(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, flags, mode, dir_fd] = OPEN.bind_args(vm, args)?;
    let (p, c) = path_only(vm, "open", "path", path)?;
    let flags = int_arg(vm, &given(flags))? | O_CLOEXEC;
    let mode = match &mode {
        Some(m) => int_arg(vm, m)?,
        None => 0o777,
    };
    let dir_fd = dir_fd_arg(vm, dir_fd)?;
    let opened = krait_vm::oserror::retry_interrupted(vm, || {
        // SAFETY: `c` is NUL-terminated and outlives the call; the mode is passed as
        // the C `unsigned int` the variadic argument is read as.
        match unsafe { openat(dir_fd, c.as_ptr(), flags as i32, mode as u32) } {
            fd if fd >= 0 => Ok(fd),
            _ => Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(0)),
        }
    })?;
    match opened {
        Ok(fd) => Ok(Value::Int(i64::from(fd))),
        Err(errno) => {
            let e = std::io::Error::from_raw_os_error(errno);
            Err(os_error(vm, &e, &[&p.obj]))
        }
    }
}

fn posix_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = CLOSE.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    // SAFETY: closing a descriptor number touches no Rust memory; a bad number
    // fails with EBADF.
    if unsafe { close(fd) } != 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::None)
}

fn posix_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, length] = READ.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let n = int_arg(vm, &given(length))?;
    let n = usize::try_from(n).map_err(|_| vm.new_value_error("negative length".to_owned()))?;
    let mut buf = crate::_io::zeroed(vm, n)?;
    let got = krait_vm::oserror::retry_syscall(vm, || {
        // SAFETY: `buf` has room for `n` bytes and is not otherwise borrowed.
        unsafe { read(fd, buf.as_mut_ptr(), n) as i64 }
    })?;
    buf.truncate(got as usize);
    Ok(vm.new_bytes(buf))
}

fn posix_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, data] = WRITE.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let data = krait_vm::objects::bytes::bytes_arg(vm, &given(data))?;
    let put = krait_vm::oserror::retry_syscall(vm, || {
        // SAFETY: `data` is a live buffer of `data.len()` bytes.
        unsafe { write(fd, data.as_ptr(), data.len()) as i64 }
    })?;
    Ok(Value::Int(put))
}

fn posix_lseek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, position, how] = LSEEK.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let pos = int_arg(vm, &given(position))?;
    let how = fd_arg(vm, &given(how))?;
    // SAFETY: lseek moves a descriptor's offset and touches no Rust memory.
    let at = unsafe { lseek(fd, pos, how) };
    if at < 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::Int(at))
}

/// A call on one descriptor that returns 0 or -1 with `errno`.
fn fd_call(
    vm: &mut Vm,
    args: Args,
    signature: &Signature,
    call: fn(i32) -> i32,
) -> PyResult<Value> {
    let [fd] = signature.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    if call(fd) != 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::None)
}

fn posix_fsync(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // SAFETY: fsync only flushes the descriptor's file.
    fd_call(vm, args, &FSYNC, |fd| unsafe { fsync(fd) })
}

fn posix_ftruncate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, length] = FTRUNCATE.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let length = int_arg(vm, &given(length))?;
    // SAFETY: ftruncate resizes the descriptor's file and touches no Rust memory.
    if unsafe { ftruncate(fd, length) } != 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::None)
}

fn posix_truncate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, length] = TRUNCATE.bind_args(vm, args)?;
    let target = given(path);
    let length = int_arg(vm, &given(length))?;
    if krait_vm::objects::int::is_int(&target) {
        let fd = fd_arg(vm, &target)?;
        // SAFETY: ftruncate changes the size of an open file; no Rust memory is
        // involved.
        if unsafe { libc::ftruncate(fd, length) } != 0 {
            return Err(last_os_error(vm));
        }
        return Ok(Value::None);
    }
    let p = path_arg(vm, "truncate", &target)?;
    let c = c_path(vm, &p)?;
    // SAFETY: `c` is NUL-terminated and outlives the call.
    if unsafe { libc::truncate(c.as_ptr(), length) } != 0 {
        let e = std::io::Error::last_os_error();
        return Err(os_error(vm, &e, &[&p.obj]));
    }
    Ok(Value::None)
}

fn posix_dup(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = DUP.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    // SAFETY: dup only copies a descriptor table entry.
    let new = unsafe { dup(fd) };
    if new < 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::Int(i64::from(new)))
}

fn posix_dup2(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, fd2, inheritable] = DUP2.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    let fd2 = fd_arg(vm, &given(fd2))?;
    let inheritable = match &inheritable {
        Some(v) => abstract_::is_true(vm, v)?,
        None => true,
    };
    let rc = if inheritable {
        // SAFETY: dup2 only changes the descriptor table.
        unsafe { dup2(fd, fd2) }
    } else {
        // SAFETY: as dup2, with the close-on-exec flag set on `fd2`.
        unsafe { dup3(fd, fd2, O_CLOEXEC as i32) }
    };
    if rc < 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::Int(i64::from(rc)))
}

fn posix_pipe(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = PIPE.bind_args(vm, args)?;
    let mut fds = [0i32; 2];
    // SAFETY: pipe2 writes two ints into `fds`, which has room for them.
    if unsafe { pipe2(fds.as_mut_ptr(), O_CLOEXEC as i32) } != 0 {
        return Err(last_os_error(vm));
    }
    let items = vec![Value::Int(i64::from(fds[0])), Value::Int(i64::from(fds[1]))];
    Ok(vm.new_tuple(items))
}

fn posix_kill(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pid, signal] = KILL.bind_args(vm, args)?;
    let pid = fd_arg(vm, &given(pid))?;
    let sig = fd_arg(vm, &given(signal))?;
    // SAFETY: kill sends a signal and touches no Rust memory.
    if unsafe { kill(pid, sig) } != 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::None)
}

fn posix_getpgrp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GETPGRP.bind_args(vm, args)?;
    // SAFETY: getpgrp takes no arguments and cannot fail.
    Ok(Value::Int(i64::from(unsafe { getpgrp() })))
}

fn posix_chmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, mode, dir_fd, follow_symlinks] = CHMOD.bind_args(vm, args)?;
    let target = target_arg(vm, "chmod", &given(path))?;
    let mode = int_arg(vm, &given(mode))? as u32;
    let dir_fd = dir_fd_arg(vm, dir_fd)?;
    let follow = flag_arg(vm, &follow_symlinks, true)?;
    let c = match &target {
        // A descriptor is changed whatever `dir_fd` says, as in CPython.
        Target::Fd(fd, _) => {
            // SAFETY: fchmod changes the mode of an open file; no Rust memory is involved.
            let rc = unsafe { libc::fchmod(*fd, mode) };
            return target.check(vm, rc);
        }
        Target::Path(_, c) => c,
    };
    let flags = if follow { 0 } else { AT_SYMLINK_NOFOLLOW };
    // SAFETY: `c` is NUL-terminated and outlives the call.
    if unsafe { libc::fchmodat(dir_fd, c.as_ptr(), mode, flags) } == 0 {
        return Ok(Value::None);
    }
    let e = std::io::Error::last_os_error();
    // Linux cannot change a symbolic link's own mode: the C library refuses with
    // ENOTSUP, which CPython reports as the argument being unavailable.
    if !follow && e.raw_os_error() == Some(libc::ENOTSUP) {
        if dir_fd != AT_FDCWD {
            return Err(vm.new_value_error(
                "chmod: cannot use dir_fd and follow_symlinks together".to_owned(),
            ));
        }
        return Err(vm.new_error(
            Exc::NotImplementedError,
            "chmod: follow_symlinks unavailable on this platform",
        ));
    }
    Err(os_error(vm, &e, &[target.obj()]))
}

fn posix_link(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [src, dst, src_dir_fd, dst_dir_fd, follow_symlinks] = LINK.bind_args(vm, args)?;
    let (src, src_c) = path_only(vm, "link", "src", src)?;
    let (dst, dst_c) = path_only(vm, "link", "dst", dst)?;
    let src_dir_fd = dir_fd_arg(vm, src_dir_fd)?;
    let dst_dir_fd = dir_fd_arg(vm, dst_dir_fd)?;
    let follow = flag_arg(vm, &follow_symlinks, true)?;
    // CPython calls plain link(2), which on Linux does not follow a final symbolic
    // link, unless a directory descriptor or follow_symlinks=False is given; only
    // then does follow_symlinks=True follow it.
    let uses_dir_fd = src_dir_fd != AT_FDCWD || dst_dir_fd != AT_FDCWD;
    let flags = if follow && uses_dir_fd {
        libc::AT_SYMLINK_FOLLOW
    } else {
        0
    };
    // SAFETY: both paths are NUL-terminated and outlive the call.
    let rc = unsafe {
        libc::linkat(
            src_dir_fd,
            src_c.as_ptr(),
            dst_dir_fd,
            dst_c.as_ptr(),
            flags,
        )
    };
    check_call(vm, rc, &[&src.obj, &dst.obj])
}

/// A time in seconds (int or float) as a timespec, as CPython's
/// `_PyTime_ObjectToTimespec` rounds it (toward minus infinity).
fn timespec_from_seconds(vm: &mut Vm, v: &Value) -> PyResult<Timespec> {
    match v {
        Value::Float(x) => {
            let secs = x.floor();
            let nsec = ((x - secs) * 1e9).floor() as i64;
            Ok(Timespec {
                tv_sec: secs as i64,
                tv_nsec: nsec.min(999_999_999),
            })
        }
        _ => Ok(Timespec {
            tv_sec: int_arg(vm, v)?,
            tv_nsec: 0,
        }),
    }
}

fn timespec_from_ns(vm: &mut Vm, v: &Value) -> PyResult<Timespec> {
    let ns = int_arg(vm, v)?;
    Ok(Timespec {
        tv_sec: ns.div_euclid(1_000_000_000),
        tv_nsec: ns.rem_euclid(1_000_000_000),
    })
}

/// The two items of a `times` or `ns` tuple (an exact tuple: `PyTuple_CheckExact`).
fn two_items(vm: &mut Vm, v: &Value, what: &str) -> PyResult<(Value, Value)> {
    let exact = matches!(v, Value::Obj(o) if std::ptr::eq(o.class_ref(), &*vm.types.tuple));
    match abstract_::tuple_items(v).filter(|_| exact) {
        Some(items) if items.len() == 2 => Ok((items[0].clone(), items[1].clone())),
        _ => Err(vm.new_type_error(format!("utime: '{what}' must be a tuple of two ints"))),
    }
}

fn posix_utime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, times, ns, dir_fd, follow_symlinks] = UTIME.bind_args(vm, args)?;
    let target = target_arg(vm, "utime", &given(path))?;
    let dir_fd = dir_fd_arg(vm, dir_fd)?;
    let follow = flag_arg(vm, &follow_symlinks, true)?;
    let times = times.filter(|v| !matches!(v, Value::None));
    let stamps = match (times, ns) {
        (Some(_), Some(_)) => {
            return Err(vm.new_value_error(
                "utime: you may specify either 'times' or 'ns' but not both".to_owned(),
            ))
        }
        (Some(t), None) => {
            let (at, mt) = match two_items(vm, &t, "times") {
                Ok(pair) => pair,
                Err(_) => {
                    return Err(vm.new_type_error(
                        "utime: 'times' must be either a tuple of two ints or None".to_owned(),
                    ))
                }
            };
            Some([
                timespec_from_seconds(vm, &at)?,
                timespec_from_seconds(vm, &mt)?,
            ])
        }
        (None, Some(n)) => {
            let (at, mt) = two_items(vm, &n, "ns")?;
            Some([timespec_from_ns(vm, &at)?, timespec_from_ns(vm, &mt)?])
        }
        (None, None) => None,
    };
    check_fd_target(vm, "utime", &target, dir_fd, follow, DIR_FD_WITHOUT_PATH)?;
    let ptr = stamps.as_ref().map_or(std::ptr::null(), |t| t.as_ptr());
    let rc = match &target {
        // SAFETY: `ptr` is null (meaning now) or points at two timespecs that
        // outlive the call.
        Target::Fd(fd, _) => unsafe { futimens(*fd, ptr) },
        Target::Path(_, c) => {
            let flags = if follow { 0 } else { AT_SYMLINK_NOFOLLOW };
            // SAFETY: as above; `c` is NUL-terminated and outlives the call.
            unsafe { utimensat(dir_fd, c.as_ptr(), ptr, flags) }
        }
    };
    if rc != 0 {
        // CPython 3.11 names no file in this error.
        return Err(last_os_error(vm));
    }
    Ok(Value::None)
}

/// `chown` and `lchown`: sets the owner of `target` (`flags` for `fchownat`);
/// the all-ones id (-1) leaves an id unchanged, as chown(2) reads it.
fn chown_with(
    vm: &mut Vm,
    target: &Target,
    (uid, gid): (u32, u32),
    dir_fd: i32,
    flags: i32,
) -> PyResult<Value> {
    let rc = match target {
        // SAFETY: fchown changes the owner of an open file; no Rust memory is involved.
        Target::Fd(fd, _) => unsafe { libc::fchown(*fd, uid, gid) },
        // SAFETY: `c` is NUL-terminated and outlives the call.
        Target::Path(_, c) => unsafe { libc::fchownat(dir_fd, c.as_ptr(), uid, gid, flags) },
    };
    target.check(vm, rc)
}

fn posix_chown(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, uid, gid, dir_fd, follow_symlinks] = CHOWN.bind_args(vm, args)?;
    let target = target_arg(vm, "chown", &given(path))?;
    let uid = id_arg(vm, &given(uid), "uid")?;
    let gid = id_arg(vm, &given(gid), "gid")?;
    let dir_fd = dir_fd_arg(vm, dir_fd)?;
    let follow = flag_arg(vm, &follow_symlinks, true)?;
    let both = "can't specify both dir_fd and fd";
    check_fd_target(vm, "chown", &target, dir_fd, follow, both)?;
    let flags = if follow { 0 } else { AT_SYMLINK_NOFOLLOW };
    chown_with(vm, &target, (uid, gid), dir_fd, flags)
}

fn posix_lchown(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, uid, gid] = LCHOWN.bind_args(vm, args)?;
    let (p, c) = path_only(vm, "lchown", "path", path)?;
    let uid = id_arg(vm, &given(uid), "uid")?;
    let gid = id_arg(vm, &given(gid), "gid")?;
    let target = Target::Path(p, c);
    chown_with(vm, &target, (uid, gid), AT_FDCWD, AT_SYMLINK_NOFOLLOW)
}

/// `system(command)`: runs `/bin/sh -c command` and returns its wait status.
fn posix_system(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [command] = SYSTEM.bind_args(vm, args)?;
    let cmd = env_bytes(vm, &given(command))?;
    let status = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(OsStr::from_bytes(&cmd))
        .status();
    Ok(match status {
        Ok(s) => Value::Int(i64::from(std::os::unix::process::ExitStatusExt::into_raw(
            s,
        ))),
        Err(_) => Value::Int(-1),
    })
}

/// A function of a wait status, as the `W*` macros of `<sys/wait.h>`.
fn wait_status_fn(
    vm: &mut Vm,
    args: Args,
    signature: &Signature,
    f: fn(i32) -> Value,
) -> PyResult<Value> {
    let [status] = signature.bind_args(vm, args)?;
    let status = fd_arg(vm, &given(status))?;
    Ok(f(status))
}

fn posix_wifexited(vm: &mut Vm, args: Args) -> PyResult<Value> {
    wait_status_fn(vm, args, &WIFEXITED, |s| Value::Bool(s & 0x7f == 0))
}

fn posix_wexitstatus(vm: &mut Vm, args: Args) -> PyResult<Value> {
    wait_status_fn(vm, args, &WEXITSTATUS, |s| {
        Value::Int(i64::from((s >> 8) & 0xff))
    })
}

fn posix_wifsignaled(vm: &mut Vm, args: Args) -> PyResult<Value> {
    wait_status_fn(vm, args, &WIFSIGNALED, |s| {
        Value::Bool(((s & 0x7f) + 1) as i8 >> 1 > 0)
    })
}

fn posix_wtermsig(vm: &mut Vm, args: Args) -> PyResult<Value> {
    wait_status_fn(vm, args, &WTERMSIG, |s| Value::Int(i64::from(s & 0x7f)))
}

fn posix_waitstatus_to_exitcode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [status] = WAITSTATUS_TO_EXITCODE.bind_args(vm, args)?;
    let s = fd_arg(vm, &given(status))?;
    if s & 0x7f == 0 {
        return Ok(Value::Int(i64::from((s >> 8) & 0xff)));
    }
    if ((s & 0x7f) + 1) as i8 >> 1 > 0 {
        return Ok(Value::Int(-i64::from(s & 0x7f)));
    }
    Err(vm.new_value_error(format!("invalid wait status: {s}")))
}

fn posix_isatty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = ISATTY.bind_args(vm, args)?;
    let fd = fd_arg(vm, &given(fd))?;
    // SAFETY: isatty only inspects the descriptor number.
    Ok(Value::Bool(unsafe { isatty(fd) } == 1))
}

fn posix_get_terminal_size(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = GET_TERMINAL_SIZE.bind_args(vm, args)?;
    let fd = match &fd {
        Some(v) => fd_arg(vm, v)?,
        None => 1,
    };
    let mut ws = Winsize::default();
    // SAFETY: TIOCGWINSZ writes one `struct winsize`, which `ws` is laid out as.
    let rc = unsafe { ioctl(fd, TIOCGWINSZ, &mut ws as *mut Winsize) };
    if rc != 0 {
        return Err(last_os_error(vm));
    }
    let ty = posix_state(vm)?.terminal_size.clone();
    let items = vec![
        Value::Int(i64::from(ws.cols)),
        Value::Int(i64::from(ws.rows)),
    ];
    Ok(structseq::new(vm, &ty, items))
}

// ---------------------------------------------------------------------------
// Process and environment

fn posix_getpid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GETPID.bind_args(vm, args)?;
    Ok(Value::Int(i64::from(std::process::id())))
}

fn posix_getppid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GETPPID.bind_args(vm, args)?;
    Ok(Value::Int(i64::from(std::os::unix::process::parent_id())))
}

macro_rules! id_fn {
    ($rust:ident, $c:ident, $signature:ident) => {
        fn $rust(vm: &mut Vm, args: Args) -> PyResult<Value> {
            let [] = $signature.bind_args(vm, args)?;
            // SAFETY: the id calls take no arguments and cannot fail.
            Ok(Value::Int(i64::from(unsafe { $c() })))
        }
    };
}
id_fn!(posix_getuid, getuid, GETUID);
id_fn!(posix_geteuid, geteuid, GETEUID);
id_fn!(posix_getgid, getgid, GETGID);
id_fn!(posix_getegid, getegid, GETEGID);

fn posix_umask(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [mask] = UMASK.bind_args(vm, args)?;
    let mask = int_arg(vm, &given(mask))? as u32;
    // SAFETY: umask only swaps the process's mask.
    Ok(Value::Int(i64::from(unsafe { umask(mask) })))
}

fn posix_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [status] = EXIT.bind_args(vm, args)?;
    let status = int_arg(vm, &given(status))? as i32;
    // SAFETY: _exit ends the process at once, as os._exit means to.
    unsafe { _exit(status) }
}

fn posix_strerror(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [code] = STRERROR.bind_args(vm, args)?;
    let code = int_arg(vm, &given(code))? as i32;
    let e = std::io::Error::from_raw_os_error(code);
    Ok(vm.new_str(strerror(code, &e)))
}

fn posix_urandom(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [size] = URANDOM.bind_args(vm, args)?;
    let n = int_arg(vm, &given(size))?;
    let n = usize::try_from(n)
        .map_err(|_| vm.new_value_error("negative argument not allowed".to_owned()))?;
    let mut buf = vec![0u8; n];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .map_err(|e| os_error(vm, &e, &[]))?;
    Ok(vm.new_bytes(buf))
}

fn posix_cpu_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = CPU_COUNT.bind_args(vm, args)?;
    Ok(match std::thread::available_parallelism() {
        Ok(n) => Value::Int(n.get() as i64),
        Err(_) => Value::None,
    })
}

/// A str or bytes environment name or value, as bytes.
/// An environment name or value, as `PyUnicode_FSConverter` reads it (a NUL in
/// it is refused there).
fn env_bytes(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    fs_converter(vm, v).map(CString::into_bytes)
}

fn posix_putenv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name, value] = PUTENV.bind_args(vm, args)?;
    let key = env_bytes(vm, &given(name))?;
    let value = env_bytes(vm, &given(value))?;
    if key.is_empty() || key.contains(&b'=') {
        return Err(vm.new_value_error("illegal environment variable name".to_owned()));
    }
    if key.contains(&0) || value.contains(&0) {
        return Err(vm.new_value_error("embedded null byte".to_owned()));
    }
    std::env::set_var(OsStr::from_bytes(&key), OsStr::from_bytes(&value));
    Ok(Value::None)
}

fn posix_unsetenv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name] = UNSETENV.bind_args(vm, args)?;
    let key = env_bytes(vm, &given(name))?;
    if key.is_empty() || key.contains(&b'=') {
        return Err(vm.new_value_error("illegal environment variable name".to_owned()));
    }
    if key.contains(&0) {
        return Err(vm.new_value_error("embedded null byte".to_owned()));
    }
    std::env::remove_var(OsStr::from_bytes(&key));
    Ok(Value::None)
}

fn read_proc_line(path: &str) -> String {
    std::fs::read_to_string(path)
        .map(|s| s.trim_end().to_owned())
        .unwrap_or_default()
}

fn posix_uname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = UNAME.bind_args(vm, args)?;
    let ty = posix_state(vm)?.uname_result.clone();
    let fields = [
        read_proc_line("/proc/sys/kernel/ostype"),
        read_proc_line("/proc/sys/kernel/hostname"),
        read_proc_line("/proc/sys/kernel/osrelease"),
        read_proc_line("/proc/sys/kernel/version"),
        std::env::consts::ARCH.to_owned(),
    ];
    let items = fields.into_iter().map(|s| vm.new_str(s)).collect();
    Ok(structseq::new(vm, &ty, items))
}

// ---------------------------------------------------------------------------
// The module

/// Constants from the C headers (Linux values).
const CONSTANTS: &[(&str, i64)] = &[
    ("F_OK", 0),
    ("R_OK", 4),
    ("W_OK", 2),
    ("X_OK", 1),
    ("O_RDONLY", 0),
    ("O_WRONLY", 1),
    ("O_RDWR", 2),
    ("O_ACCMODE", 3),
    ("O_CREAT", 0o100),
    ("O_EXCL", 0o200),
    ("O_NOCTTY", 0o400),
    ("O_TRUNC", 0o1000),
    ("O_APPEND", 0o2000),
    ("O_NONBLOCK", 0o4000),
    ("O_NDELAY", 0o4000),
    ("O_DSYNC", 0o10000),
    ("O_SYNC", 0o4010000),
    ("O_RSYNC", 0o4010000),
    ("O_ASYNC", 0o20000),
    #[cfg(target_arch = "aarch64")]
    ("O_DIRECTORY", 0o40000),
    #[cfg(target_arch = "aarch64")]
    ("O_NOFOLLOW", 0o100000),
    #[cfg(not(target_arch = "aarch64"))]
    ("O_DIRECTORY", 0o200000),
    #[cfg(not(target_arch = "aarch64"))]
    ("O_NOFOLLOW", 0o400000),
    ("O_NOATIME", 0o1000000),
    ("O_CLOEXEC", O_CLOEXEC),
    ("O_PATH", 0o10000000),
    ("O_TMPFILE", 0o20200000),
    ("EX_OK", 0),
    ("WNOHANG", 1),
    ("WUNTRACED", 2),
    ("SEEK_DATA", 3),
    ("SEEK_HOLE", 4),
];

/// The `HAVE_*` names `os` reads to fill `supports_fd`, `supports_dir_fd` and
/// `supports_follow_symlinks`: Linux CPython's list, in its order, all of which
/// Krait's functions do (`utime` covers the `futimes`/`lutimes` names with
/// `futimens`/`utimensat`).
const HAVE_FUNCTIONS: &[&str] = &[
    "HAVE_EVENTFD",
    "HAVE_FACCESSAT",
    "HAVE_FCHDIR",
    "HAVE_FCHMOD",
    "HAVE_FCHMODAT",
    "HAVE_FCHOWN",
    "HAVE_FCHOWNAT",
    "HAVE_FEXECVE",
    "HAVE_FDOPENDIR",
    "HAVE_FPATHCONF",
    "HAVE_FSTATAT",
    "HAVE_FSTATVFS",
    "HAVE_FTRUNCATE",
    "HAVE_FUTIMENS",
    "HAVE_FUTIMES",
    "HAVE_FUTIMESAT",
    "HAVE_LINKAT",
    "HAVE_LCHOWN",
    "HAVE_LSTAT",
    "HAVE_LUTIMES",
    "HAVE_MEMFD_CREATE",
    "HAVE_MKDIRAT",
    "HAVE_MKFIFOAT",
    "HAVE_MKNODAT",
    "HAVE_OPENAT",
    "HAVE_READLINKAT",
    "HAVE_RENAMEAT",
    "HAVE_SYMLINKAT",
    "HAVE_UNLINKAT",
    "HAVE_UTIMENSAT",
];

// The functions' signatures, as `posixmodule.c` declares them (`kill` parses with
// `PyArg_ParseTuple`; `_scandir_entries` is Krait's own, for `scandir`).
static GETCWD: Signature = Signature::of("posix", "getcwd", "($module, /)");
static GETCWDB: Signature = Signature::of("posix", "getcwdb", "($module, /)");
static CHDIR: Signature = Signature::of("posix", "chdir", "($module, /, path)");
static LISTDIR: Signature = Signature::of("posix", "listdir", "($module, /, path=None)");
static SCANDIR_ENTRIES: Signature =
    Signature::of("posix", "_scandir_entries", "($module, path, /)");
static MKDIR: Signature = Signature::of(
    "posix",
    "mkdir",
    "($module, /, path, mode=511, *, dir_fd=None)",
);
static RMDIR: Signature = Signature::of("posix", "rmdir", "($module, /, path, *, dir_fd=None)");
static REMOVE: Signature = Signature::of("posix", "remove", "($module, /, path, *, dir_fd=None)");
static UNLINK: Signature = Signature::of("posix", "unlink", "($module, /, path, *, dir_fd=None)");
static RENAME: Signature = Signature::of(
    "posix",
    "rename",
    "($module, /, src, dst, *, src_dir_fd=None, dst_dir_fd=None)",
);
static REPLACE: Signature = Signature::of(
    "posix",
    "replace",
    "($module, /, src, dst, *, src_dir_fd=None, dst_dir_fd=None)",
);
static READLINK: Signature =
    Signature::of("posix", "readlink", "($module, /, path, *, dir_fd=None)");
static SYMLINK: Signature = Signature::of(
    "posix",
    "symlink",
    "($module, /, src, dst, target_is_directory=False, *, dir_fd=None)",
);
static ACCESS: Signature = Signature::of(
    "posix",
    "access",
    "($module, /, path, mode, *, dir_fd=None, effective_ids=False,\n       follow_symlinks=True)",
);
static STAT: Signature = Signature::of(
    "posix",
    "stat",
    "($module, /, path, *, dir_fd=None, follow_symlinks=True)",
);
static LSTAT: Signature = Signature::of("posix", "lstat", "($module, /, path, *, dir_fd=None)");
static FSTAT: Signature = Signature::of("posix", "fstat", "($module, /, fd)");
static OPEN: Signature = Signature::of(
    "posix",
    "open",
    "($module, /, path, flags, mode=511, *, dir_fd=None)",
);
static CLOSE: Signature = Signature::of("posix", "close", "($module, /, fd)");
static READ: Signature = Signature::of("posix", "read", "($module, fd, length, /)");
static WRITE: Signature = Signature::of("posix", "write", "($module, fd, data, /)");
static ISATTY: Signature = Signature::of("posix", "isatty", "($module, fd, /)");
static LSEEK: Signature = Signature::of("posix", "lseek", "($module, fd, position, how, /)");
static FSYNC: Signature = Signature::of("posix", "fsync", "($module, /, fd)");
static FTRUNCATE: Signature = Signature::of("posix", "ftruncate", "($module, fd, length, /)");
static TRUNCATE: Signature = Signature::of("posix", "truncate", "($module, /, path, length)");
static DUP: Signature = Signature::of("posix", "dup", "($module, fd, /)");
static DUP2: Signature = Signature::of("posix", "dup2", "($module, /, fd, fd2, inheritable=True)");
static PIPE: Signature = Signature::of("posix", "pipe", "($module, /)");
static KILL: Signature = Signature::of("posix", "kill", "($module, pid, signal, /)").parse_tuple();
static GETPGRP: Signature = Signature::of("posix", "getpgrp", "($module, /)");
static CHMOD: Signature = Signature::of(
    "posix",
    "chmod",
    "($module, /, path, mode, *, dir_fd=None, follow_symlinks=True)",
);
static LINK: Signature = Signature::of(
    "posix",
    "link",
    "($module, /, src, dst, *, src_dir_fd=None, dst_dir_fd=None,\n     follow_symlinks=True)",
);
static UTIME: Signature = Signature::of(
    "posix",
    "utime",
    "($module, /, path, times=None, *, ns=<unrepresentable>,\n      dir_fd=None, follow_symlinks=True)",
);
static CHOWN: Signature = Signature::of(
    "posix",
    "chown",
    "($module, /, path, uid, gid, *, dir_fd=None, follow_symlinks=True)",
);
static LCHOWN: Signature = Signature::of("posix", "lchown", "($module, /, path, uid, gid)");
static SYSTEM: Signature = Signature::of("posix", "system", "($module, /, command)");
static WIFEXITED: Signature = Signature::of("posix", "WIFEXITED", "($module, /, status)");
static WEXITSTATUS: Signature = Signature::of("posix", "WEXITSTATUS", "($module, /, status)");
static WIFSIGNALED: Signature = Signature::of("posix", "WIFSIGNALED", "($module, /, status)");
static WTERMSIG: Signature = Signature::of("posix", "WTERMSIG", "($module, /, status)");
static WAITSTATUS_TO_EXITCODE: Signature =
    Signature::of("posix", "waitstatus_to_exitcode", "($module, /, status)");
static GET_TERMINAL_SIZE: Signature = Signature::of(
    "posix",
    "get_terminal_size",
    "($module, fd=<unrepresentable>, /)",
);
static GETPID: Signature = Signature::of("posix", "getpid", "($module, /)");
static GETPPID: Signature = Signature::of("posix", "getppid", "($module, /)");
static GETUID: Signature = Signature::of("posix", "getuid", "($module, /)");
static GETEUID: Signature = Signature::of("posix", "geteuid", "($module, /)");
static GETGID: Signature = Signature::of("posix", "getgid", "($module, /)");
static GETEGID: Signature = Signature::of("posix", "getegid", "($module, /)");
static UMASK: Signature = Signature::of("posix", "umask", "($module, mask, /)");
static EXIT: Signature = Signature::of("posix", "_exit", "($module, /, status)");
static STRERROR: Signature = Signature::of("posix", "strerror", "($module, code, /)");
static URANDOM: Signature = Signature::of("posix", "urandom", "($module, size, /)");
static CPU_COUNT: Signature = Signature::of("posix", "cpu_count", "($module, /)");
static PUTENV: Signature = Signature::of("posix", "putenv", "($module, name, value, /)");
static UNSETENV: Signature = Signature::of("posix", "unsetenv", "($module, name, /)");
static UNAME: Signature = Signature::of("posix", "uname", "($module, /)");

static FSPATH: Signature = Signature::of("posix", "fspath", "($module, /, path)");

/// `fspath(path)`: a str or bytes as it is, else what the type's `__fspath__`
/// returns, which must be one of them (CPython's `PyOS_FSPath`).
fn posix_fspath(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path] = FSPATH.bind_args(vm, args)?;
    let path = path.unwrap_or(Value::None);
    let is_path = |v: &Value| {
        krait_vm::objects::str::as_pystr(v).is_some()
            || matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Bytes(_)))
    };
    if is_path(&path) {
        return Ok(path);
    }
    let Some(result) = abstract_::call_special(vm, &path, "__fspath__", &[])? else {
        let name = vm.type_name_of(&path);
        return Err(vm.new_type_error(format!(
            "expected str, bytes or os.PathLike object, not {name}"
        )));
    };
    if is_path(&result) {
        return Ok(result);
    }
    let (tn, rn) = (vm.type_name_of(&path), vm.type_name_of(&result));
    Err(vm.new_type_error(format!(
        "expected {tn}.__fspath__() to return str or bytes, not {rn}"
    )))
}

static FUNCTIONS: [MethodDef; 58] = [
    MethodDef::staticmethod("fspath", posix_fspath)
        .with_signature(&FSPATH)
        .with_doc(
            "Return the file system path representation of the object.\n\n\
             If the object is str or bytes, then allow it to pass through as-is. If the\n\
             object defines __fspath__(), then return the result of that method. All other\n\
             types raise a TypeError.",
        ),
    MethodDef::staticmethod("getcwd", posix_getcwd).with_signature(&GETCWD),
    MethodDef::staticmethod("getcwdb", posix_getcwdb).with_signature(&GETCWDB),
    MethodDef::staticmethod("chdir", posix_chdir).with_signature(&CHDIR),
    MethodDef::staticmethod("listdir", posix_listdir).with_signature(&LISTDIR),
    MethodDef::staticmethod("_scandir_entries", posix_scandir_entries)
        .with_signature(&SCANDIR_ENTRIES),
    MethodDef::staticmethod("mkdir", posix_mkdir).with_signature(&MKDIR),
    MethodDef::staticmethod("rmdir", posix_rmdir).with_signature(&RMDIR),
    MethodDef::staticmethod("remove", posix_remove).with_signature(&REMOVE),
    MethodDef::staticmethod("unlink", posix_unlink).with_signature(&UNLINK),
    MethodDef::staticmethod("rename", posix_rename).with_signature(&RENAME),
    MethodDef::staticmethod("replace", posix_replace).with_signature(&REPLACE),
    MethodDef::staticmethod("readlink", posix_readlink).with_signature(&READLINK),
    MethodDef::staticmethod("symlink", posix_symlink).with_signature(&SYMLINK),
    MethodDef::staticmethod("access", posix_access).with_signature(&ACCESS),
    MethodDef::staticmethod("stat", posix_stat).with_signature(&STAT),
    MethodDef::staticmethod("lstat", posix_lstat).with_signature(&LSTAT),
    MethodDef::staticmethod("fstat", posix_fstat).with_signature(&FSTAT),
    MethodDef::staticmethod("open", posix_open).with_signature(&OPEN),
    MethodDef::staticmethod("close", posix_close).with_signature(&CLOSE),
    MethodDef::staticmethod("read", posix_read).with_signature(&READ),
    MethodDef::staticmethod("write", posix_write).with_signature(&WRITE),
    MethodDef::staticmethod("isatty", posix_isatty).with_signature(&ISATTY),
    MethodDef::staticmethod("lseek", posix_lseek).with_signature(&LSEEK),
    MethodDef::staticmethod("fsync", posix_fsync).with_signature(&FSYNC),
    MethodDef::staticmethod("ftruncate", posix_ftruncate).with_signature(&FTRUNCATE),
    MethodDef::staticmethod("truncate", posix_truncate).with_signature(&TRUNCATE),
    MethodDef::staticmethod("dup", posix_dup).with_signature(&DUP),
    MethodDef::staticmethod("dup2", posix_dup2).with_signature(&DUP2),
    MethodDef::staticmethod("pipe", posix_pipe).with_signature(&PIPE),
    MethodDef::staticmethod("kill", posix_kill).with_signature(&KILL),
    MethodDef::staticmethod("getpgrp", posix_getpgrp).with_signature(&GETPGRP),
    MethodDef::staticmethod("chmod", posix_chmod).with_signature(&CHMOD),
    MethodDef::staticmethod("link", posix_link).with_signature(&LINK),
    MethodDef::staticmethod("utime", posix_utime).with_signature(&UTIME),
    MethodDef::staticmethod("chown", posix_chown).with_signature(&CHOWN),
    MethodDef::staticmethod("lchown", posix_lchown).with_signature(&LCHOWN),
    MethodDef::staticmethod("system", posix_system).with_signature(&SYSTEM),
    MethodDef::staticmethod("WIFEXITED", posix_wifexited).with_signature(&WIFEXITED),
    MethodDef::staticmethod("WEXITSTATUS", posix_wexitstatus).with_signature(&WEXITSTATUS),
    MethodDef::staticmethod("WIFSIGNALED", posix_wifsignaled).with_signature(&WIFSIGNALED),
    MethodDef::staticmethod("WTERMSIG", posix_wtermsig).with_signature(&WTERMSIG),
    MethodDef::staticmethod("waitstatus_to_exitcode", posix_waitstatus_to_exitcode)
        .with_signature(&WAITSTATUS_TO_EXITCODE),
    MethodDef::staticmethod("get_terminal_size", posix_get_terminal_size)
        .with_signature(&GET_TERMINAL_SIZE),
    MethodDef::staticmethod("getpid", posix_getpid).with_signature(&GETPID),
    MethodDef::staticmethod("getppid", posix_getppid).with_signature(&GETPPID),
    MethodDef::staticmethod("getuid", posix_getuid).with_signature(&GETUID),
    MethodDef::staticmethod("geteuid", posix_geteuid).with_signature(&GETEUID),
    MethodDef::staticmethod("getgid", posix_getgid).with_signature(&GETGID),
    MethodDef::staticmethod("getegid", posix_getegid).with_signature(&GETEGID),
    MethodDef::staticmethod("umask", posix_umask).with_signature(&UMASK),
    MethodDef::staticmethod("_exit", posix_exit).with_signature(&EXIT),
    MethodDef::staticmethod("strerror", posix_strerror).with_signature(&STRERROR),
    MethodDef::staticmethod("urandom", posix_urandom).with_signature(&URANDOM),
    MethodDef::staticmethod("cpu_count", posix_cpu_count).with_signature(&CPU_COUNT),
    MethodDef::staticmethod("putenv", posix_putenv).with_signature(&PUTENV),
    MethodDef::staticmethod("unsetenv", posix_unsetenv).with_signature(&UNSETENV),
    MethodDef::staticmethod("uname", posix_uname).with_signature(&UNAME),
];

fn add_natives(vm: &mut Vm, d: &ObjRef) -> PyResult<()> {
    add_module_functions(vm, d, "posix", &FUNCTIONS);
    for (name, n) in CONSTANTS {
        dict::dict_set_str(vm, d, name, Value::Int(*n));
    }
    process::add_functions(vm, d);
    fdio::add_functions(vm, d);
    ids::add_functions(vm, d);
    files::add_functions(vm, d);
    sched::add_functions(vm, d);
    let have: Vec<Value> = HAVE_FUNCTIONS.iter().map(|n| vm.new_str(*n)).collect();
    let have = vm.new_list(have);
    dict::dict_set_str(vm, d, "_have_functions", have);

    let stat_result =
        structseq::new_type_with_hidden(vm, "os", "stat_result", &STAT_FIELDS, STAT_ITEMS);
    krait_vm::objects::add_new(vm, &stat_result, stat_result_new);
    dict::dict_set_str(vm, d, "stat_result", Value::Obj(stat_result.clone()));
    let uname_fields = ["sysname", "nodename", "release", "version", "machine"];
    let uname_result = structseq::new_type(vm, "posix", "uname_result", &uname_fields);
    dict::dict_set_str(vm, d, "uname_result", Value::Obj(uname_result.clone()));
    let terminal_size = structseq::new_type(vm, "os", "terminal_size", &["columns", "lines"]);
    dict::dict_set_str(vm, d, "terminal_size", Value::Obj(terminal_size.clone()));
    vm.set_module_state(PosixState {
        stat_result: stat_result.clone(),
        uname_result: uname_result.clone(),
        terminal_size,
    });

    let environ = vm.new_dict();
    for (k, v) in std::env::vars_os() {
        let k = vm.new_bytes(k.into_vec());
        let v = vm.new_bytes(v.into_vec());
        dict::dict_set_item(vm, &environ, k, v)?;
    }
    dict::dict_set_str(vm, d, "environ", Value::Obj(environ));
    Ok(())
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    crate::frozen_module(vm, "posix", crate::python_part!("posix"), add_natives)
}
