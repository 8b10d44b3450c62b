//! `_io.FileIO` (CPython's `Modules/_io/fileio.c`): raw, unbuffered binary I/O on
//! an operating-system file descriptor. Each `read`, `readinto` and `write` is one
//! system call (retried when a signal interrupts it).

use std::cell::Cell;
use std::ffi::CString;

use krait_vm::native::NativeTypeSpec;
use krait_vm::native::{native_data, new_native_object, new_native_type, MethodDef, NativeData};
use krait_vm::object::GetSet;
use krait_vm::objects::function::Args;
use krait_vm::oserror::retry_interrupted;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, Payload, PyErr, PyResult, Value, Vm};

use super::iobase::{class_arg, iobase_close_object, IoBaseState};
use super::{c_int_arg, errno_error, optional_size, unsupported, DEFAULT_BUFFER_SIZE};
use crate::{given, wrong_receiver};

/// The C library calls behind FileIO, each wrapped so that it touches only the
/// memory of the slice it is given.
mod sys {
    use std::ffi::c_char;

    extern "C" {
        fn open(path: *const c_char, flags: i32, ...) -> i32;
        fn read(fd: i32, buf: *mut u8, count: usize) -> isize;
        fn write(fd: i32, buf: *const u8, count: usize) -> isize;
        fn lseek(fd: i32, offset: i64, whence: i32) -> i64;
        fn close(fd: i32) -> i32;
        fn isatty(fd: i32) -> i32;
        fn ftruncate(fd: i32, length: i64) -> i32;
        fn fcntl(fd: i32, cmd: i32, ...) -> i32;
    }

    pub const O_RDONLY: i32 = 0;
    pub const O_WRONLY: i32 = 1;
    pub const O_RDWR: i32 = 2;
    pub const O_CREAT: i32 = 0o100;
    pub const O_EXCL: i32 = 0o200;
    pub const O_TRUNC: i32 = 0o1000;
    pub const O_APPEND: i32 = 0o2000;
    pub const O_CLOEXEC: i32 = 0o2_000_000;
    pub const EINTR: i32 = 4;
    pub const EBADF: i32 = 9;
    pub const EAGAIN: i32 = 11;
    pub const EISDIR: i32 = 21;
    pub const ESPIPE: i32 = 29;
    const F_DUPFD_CLOEXEC: i32 = 1030;

    fn errno() -> i32 {
        std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
    }

    /// Runs `call` again while it fails with EINTR; the error is the errno.
    fn retry(mut call: impl FnMut() -> i64) -> Result<i64, i32> {
        loop {
            let result = call();
            if result >= 0 {
                return Ok(result);
            }
            let e = errno();
            if e != EINTR {
                return Err(e);
            }
        }
    }

    pub fn open_path(path: &std::ffi::CStr, flags: i32) -> Result<i32, i32> {
        // SAFETY: `path` is NUL-terminated and outlives the call; the mode is the
        // C `unsigned int` the variadic argument is read as.
        retry(|| i64::from(unsafe { open(path.as_ptr() as *const c_char, flags, 0o666u32) }))
            .map(|fd| fd as i32)
    }

    /// One read(2); EINTR comes back to the caller, which retries through
    /// `retry_interrupted` (PEP 475).
    pub fn read_into(fd: i32, buf: &mut [u8]) -> Result<usize, i32> {
        // SAFETY: `buf` is a live, exclusively borrowed buffer of `buf.len()` bytes,
        // and read(2) writes at most that many.
        let n = unsafe { read(fd, buf.as_mut_ptr(), buf.len()) };
        if n < 0 {
            Err(errno())
        } else {
            Ok(n as usize)
        }
    }

    /// One write(2); EINTR comes back to the caller as for `read_into`.
    pub fn write_from(fd: i32, data: &[u8]) -> Result<usize, i32> {
        // SAFETY: `data` is a live buffer of `data.len()` bytes that write(2) only reads.
        let n = unsafe { write(fd, data.as_ptr(), data.len()) };
        if n < 0 {
            Err(errno())
        } else {
            Ok(n as usize)
        }
    }

    pub fn seek(fd: i32, offset: i64, whence: i32) -> Result<i64, i32> {
        // SAFETY: lseek moves a descriptor's offset and touches no Rust memory.
        let result = unsafe { lseek(fd, offset, whence) };
        if result < 0 {
            Err(errno())
        } else {
            Ok(result)
        }
    }

    pub fn close_fd(fd: i32) -> Result<(), i32> {
        // SAFETY: closing a descriptor number touches no Rust memory; FileIO forgets
        // the number first, so it is closed once.
        if unsafe { close(fd) } < 0 {
            Err(errno())
        } else {
            Ok(())
        }
    }

    pub fn is_a_tty(fd: i32) -> bool {
        // SAFETY: isatty only inspects the descriptor.
        unsafe { isatty(fd) == 1 }
    }

    pub fn truncate(fd: i32, length: i64) -> Result<(), i32> {
        // SAFETY: ftruncate resizes the file and touches no Rust memory.
        retry(|| i64::from(unsafe { ftruncate(fd, length) })).map(|_| ())
    }

    /// What `fstat` says of an open descriptor: (is a directory, size, block size).
    pub fn stat(fd: i32) -> Result<(bool, u64, u64), i32> {
        use std::os::fd::{FromRawFd, OwnedFd};
        use std::os::unix::fs::MetadataExt;
        // SAFETY: F_DUPFD_CLOEXEC makes a new descriptor or fails; it touches no
        // Rust memory.
        let copy = unsafe { fcntl(fd, F_DUPFD_CLOEXEC, 0i32) };
        if copy < 0 {
            return Err(errno());
        }
        // SAFETY: `copy` was just made by fcntl and nothing else owns it; the
        // OwnedFd closes it when dropped.
        let owned = unsafe { OwnedFd::from_raw_fd(copy) };
        let file = std::fs::File::from(owned);
        match file.metadata() {
            Ok(m) => Ok((m.is_dir(), m.size(), m.blksize())),
            Err(e) => Err(e.raw_os_error().unwrap_or(EBADF)),
        }
    }
}

/// The state of a FileIO: its descriptor (-1 once closed) and how it was opened.
pub(crate) struct FileIO {
    pub(super) base: IoBaseState,
    fd: Cell<i32>,
    created: Cell<bool>,
    readable: Cell<bool>,
    writable: Cell<bool>,
    appending: Cell<bool>,
    /// -1 while unknown.
    seekable: Cell<i8>,
    closefd: Cell<bool>,
    blksize: Cell<i64>,
    finalizing: Cell<bool>,
}

impl NativeData for FileIO {
    fn holds_values(&self) -> bool {
        false
    }
}

impl Drop for FileIO {
    /// A FileIO that dies open without having been finalised (the finaliser closes
    /// it) still releases its descriptor.
    fn drop(&mut self) {
        let fd = self.fd.get();
        if fd >= 0 && self.closefd.get() {
            let _ = sys::close_fd(fd);
        }
    }
}

impl FileIO {
    fn new() -> FileIO {
        FileIO {
            base: IoBaseState::default(),
            fd: Cell::new(-1),
            created: Cell::new(false),
            readable: Cell::new(false),
            writable: Cell::new(false),
            appending: Cell::new(false),
            seekable: Cell::new(-1),
            closefd: Cell::new(true),
            blksize: Cell::new(0),
            finalizing: Cell::new(false),
        }
    }

    pub(super) fn is_closed(&self) -> bool {
        self.fd.get() < 0
    }

    fn mode_string(&self) -> &'static str {
        match (
            self.created.get(),
            self.appending.get(),
            self.readable.get(),
            self.writable.get(),
        ) {
            (true, _, true, _) => "xb+",
            (true, _, false, _) => "xb",
            (_, true, true, _) => "ab+",
            (_, true, false, _) => "ab",
            (_, _, true, true) => "rb+",
            (_, _, true, false) => "rb",
            _ => "wb",
        }
    }

    /// The open descriptor, or the ValueError of a closed file.
    fn open_fd(&self, vm: &mut Vm) -> PyResult<i32> {
        match self.fd.get() {
            fd if fd >= 0 => Ok(fd),
            _ => Err(err_closed(vm)),
        }
    }

    fn check_readable(&self, vm: &mut Vm) -> PyResult<i32> {
        let fd = self.open_fd(vm)?;
        if !self.readable.get() {
            return Err(unsupported(vm, "File not open for reading"));
        }
        Ok(fd)
    }

    fn check_writable(&self, vm: &mut Vm) -> PyResult<i32> {
        let fd = self.open_fd(vm)?;
        if !self.writable.get() {
            return Err(unsupported(vm, "File not open for writing"));
        }
        Ok(fd)
    }

    /// `read(n)` into `buf`: the count, or `None` when the read would block.
    pub(super) fn read_into(&self, vm: &mut Vm, buf: &mut [u8]) -> PyResult<Option<usize>> {
        let fd = self.check_readable(vm)?;
        match retry_interrupted(vm, || sys::read_into(fd, buf))? {
            Ok(n) => Ok(Some(n)),
            Err(sys::EAGAIN) => Ok(None),
            Err(e) => Err(errno_error(vm, e, None)),
        }
    }

    /// `write(data)`: the count written, or `None` when the write would block.
    pub(super) fn write(&self, vm: &mut Vm, data: &[u8]) -> PyResult<Option<usize>> {
        let fd = self.check_writable(vm)?;
        match retry_interrupted(vm, || sys::write_from(fd, data))? {
            Ok(n) => Ok(Some(n)),
            Err(sys::EAGAIN) => Ok(None),
            Err(e) => Err(errno_error(vm, e, None)),
        }
    }

    /// `seek(offset, whence)`, noting on the way whether the file can seek.
    pub(super) fn seek(&self, vm: &mut Vm, offset: i64, whence: i32) -> PyResult<i64> {
        let fd = self.open_fd(vm)?;
        self.lseek(vm, fd, offset, whence, false)
    }

    fn lseek(
        &self,
        vm: &mut Vm,
        fd: i32,
        offset: i64,
        whence: i32,
        suppress_pipe_error: bool,
    ) -> PyResult<i64> {
        let result = sys::seek(fd, offset, whence);
        if self.seekable.get() < 0 {
            self.seekable.set(i8::from(result.is_ok()));
        }
        match result {
            Ok(at) => Ok(at),
            Err(sys::ESPIPE) if suppress_pipe_error => Ok(0),
            Err(e) => Err(errno_error(vm, e, None)),
        }
    }

    /// `readall()`: the rest of the file, or `None` when nothing could be read
    /// without blocking.
    pub(super) fn readall(&self, vm: &mut Vm) -> PyResult<Option<Vec<u8>>> {
        let fd = self.open_fd(vm)?;
        let pos = sys::seek(fd, 0, 1).ok();
        let end = sys::stat(fd).ok().map(|(_, size, _)| size as i64);
        let mut bufsize = match (pos, end) {
            (Some(pos), Some(end)) if end > 0 && end >= pos => (end - pos + 1) as usize,
            _ => SMALLCHUNK,
        };
        let mut result = super::zeroed(vm, bufsize)?;
        let mut bytes_read = 0;
        loop {
            if bytes_read >= bufsize {
                bufsize = new_buffer_size(bytes_read);
                result.resize(bufsize, 0);
            }
            let chunk = &mut result[bytes_read..bufsize];
            match retry_interrupted(vm, || sys::read_into(fd, chunk))? {
                Ok(0) => break,
                Ok(n) => bytes_read += n,
                Err(sys::EAGAIN) => {
                    if bytes_read > 0 {
                        break;
                    }
                    return Ok(None);
                }
                Err(e) => return Err(errno_error(vm, e, None)),
            }
        }
        result.truncate(bytes_read);
        Ok(Some(result))
    }

    /// Closes the descriptor (once).
    fn internal_close(&self, vm: &mut Vm) -> PyResult<()> {
        let fd = self.fd.replace(-1);
        if fd >= 0 {
            if let Err(e) = sys::close_fd(fd) {
                return Err(errno_error(vm, e, None));
            }
        }
        Ok(())
    }
}

/// The smallest read `readall` makes when it cannot tell the file's size.
const SMALLCHUNK: usize = 8192;

/// `readall`'s buffer growth: proportional, for amortised linear time.
fn new_buffer_size(current: usize) -> usize {
    let addend = if current > 65536 {
        current >> 3
    } else {
        256 + current
    };
    current + addend.max(SMALLCHUNK)
}

fn err_closed(vm: &mut Vm) -> PyErr {
    vm.new_value_error("I/O operation on closed file".to_owned())
}

pub(super) fn iobase_state(v: &Value) -> Option<&IoBaseState> {
    native_data::<FileIO>(v).map(|f| &f.base)
}

/// The FileIO state of `v`, if `v` is one.
pub(super) fn file_io(v: &Value) -> Option<&FileIO> {
    native_data::<FileIO>(v)
}

fn this_file<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a FileIO> {
    native_data::<FileIO>(this).ok_or_else(|| wrong_receiver(vm, "_io.FileIO", this))
}

// ---------------------------------------------------------------------------
// The type

const FILEIO_DOC: &str = "Open a file.\n\n\
The mode can be 'r' (default), 'w', 'x' or 'a' for reading,\n\
writing, exclusive creation or appending.  The file will be created if it\n\
doesn't exist when opened for writing or appending; it will be truncated\n\
when opened for writing.  A FileExistsError will be raised if it already\n\
exists when opened for creating. Opening a file for creating implies\n\
writing so this mode behaves in a similar way to 'w'.Add a '+' to the mode\n\
to allow simultaneous reading and writing. A custom opener can be used by\n\
passing a callable as *opener*. The underlying file descriptor for the file\n\
object is then obtained by calling opener with (*name*, *flags*).\n\
*opener* must return an open file descriptor (passing os.open as *opener*\n\
results in functionality similar to passing None).";

static NEW: Signature = Signature::unlisted("FileIO", "__new__", "($type, *args, **kwargs)");
static INIT: Signature = Signature::new(
    "FileIO",
    "($self, /, file, mode='r', closefd=True, opener=None)",
)
.not_listed();
static READ: Signature = Signature::of("FileIO", "read", "($self, size=-1, /)");
static READALL: Signature = Signature::of("FileIO", "readall", "($self, /)");
static READINTO: Signature = Signature::of("FileIO", "readinto", "($self, buffer, /)");
static WRITE: Signature = Signature::of("FileIO", "write", "($self, b, /)");
static SEEK: Signature = Signature::of("FileIO", "seek", "($self, pos, whence=0, /)");
static TELL: Signature = Signature::of("FileIO", "tell", "($self, /)");
static TRUNCATE: Signature = Signature::of("FileIO", "truncate", "($self, size=None, /)");
static CLOSE: Signature = Signature::of("FileIO", "close", "($self, /)");
static SEEKABLE: Signature = Signature::of("FileIO", "seekable", "($self, /)");
static READABLE: Signature = Signature::of("FileIO", "readable", "($self, /)");
static WRITABLE: Signature = Signature::of("FileIO", "writable", "($self, /)");
static FILENO: Signature = Signature::of("FileIO", "fileno", "($self, /)");
static ISATTY: Signature = Signature::of("FileIO", "isatty", "($self, /)");
static DEALLOC_WARN: Signature =
    Signature::unlisted("FileIO", "_dealloc_warn", "($self, source, /)");

static FILEIO_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(FILEIO_DOC),
    subclassable: true,
    instance_dict: true,
    weakrefable: true,
    new: Some(fileio_new),
    slots: &[NativeSlot::Repr(fileio_repr), NativeSlot::Init(fileio_init)],
    methods: &[
        MethodDef::method("read", fileio_read).with_signature(&READ),
        MethodDef::method("readall", fileio_readall).with_signature(&READALL),
        MethodDef::method("readinto", fileio_readinto).with_signature(&READINTO),
        MethodDef::method("write", fileio_write).with_signature(&WRITE),
        MethodDef::method("seek", fileio_seek).with_signature(&SEEK),
        MethodDef::method("tell", fileio_tell).with_signature(&TELL),
        MethodDef::method("truncate", fileio_truncate).with_signature(&TRUNCATE),
        MethodDef::method("close", fileio_close).with_signature(&CLOSE),
        MethodDef::method("seekable", fileio_seekable).with_signature(&SEEKABLE),
        MethodDef::method("readable", fileio_readable).with_signature(&READABLE),
        MethodDef::method("writable", fileio_writable).with_signature(&WRITABLE),
        MethodDef::method("fileno", fileio_fileno).with_signature(&FILENO),
        MethodDef::method("isatty", fileio_isatty).with_signature(&ISATTY),
        MethodDef::method("_dealloc_warn", dealloc_warn).with_signature(&DEALLOC_WARN),
    ],
    getsets: &[
        GetSet {
            name: "closed",
            get: get_closed,
            set: None,
        },
        GetSet {
            name: "closefd",
            get: get_closefd,
            set: None,
        },
        GetSet {
            name: "mode",
            get: get_mode,
            set: None,
        },
        GetSet {
            name: "_blksize",
            get: get_blksize,
            set: Some(set_blksize),
        },
        GetSet {
            name: "_finalizing",
            get: get_finalizing,
            set: Some(set_finalizing),
        },
    ],
    text_signature: Some("(file, mode='r', closefd=True, opener=None)"),
    ..NativeTypeSpec::new("FileIO", "_io")
};

pub(crate) fn new_type(vm: &mut Vm, raw_iobase: &ObjRef) -> ObjRef {
    new_native_type(vm, &FILEIO_TYPE, Some(raw_iobase))
}

fn fileio_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = NEW.bind_all::<0>(vm, args)?;
    let cls = class_arg(vm, bound.this, "_io.FileIO")?;
    Ok(new_native_object(vm, &cls, FileIO::new()))
}

/// The block size of open descriptor `fd` (the default buffer size when it says
/// none), or `None` when `fd` is not open.
pub(super) fn descriptor_block_size(fd: i32) -> Option<usize> {
    match sys::stat(fd) {
        Ok((_, _, blksize)) if blksize > 1 => Some(blksize as usize),
        Ok(_) => Some(DEFAULT_BUFFER_SIZE),
        Err(sys::EBADF) => None,
        Err(_) => Some(DEFAULT_BUFFER_SIZE),
    }
}

/// Makes a FileIO over descriptor `fd` that does not close it, named `name` (the
/// standard streams).
pub(super) fn new_std(
    vm: &mut Vm,
    class: &ObjRef,
    fd: i32,
    writable: bool,
    name: &str,
    blksize: usize,
) -> Value {
    let file = FileIO::new();
    file.fd.set(fd);
    file.closefd.set(false);
    file.readable.set(!writable);
    file.writable.set(writable);
    file.blksize.set(blksize as i64);
    let obj = new_native_object(vm, class, file);
    let name = vm.new_str(name);
    let _ = abstract_::setattr_str(vm, &obj, "name", name);
    obj
}

/// The open flags and FileIO fields a mode string gives.
struct RawMode {
    flags: i32,
    created: bool,
    readable: bool,
    writable: bool,
    appending: bool,
}

fn parse_raw_mode(vm: &mut Vm, mode: &str) -> PyResult<RawMode> {
    let bad_mode = |vm: &mut Vm| {
        vm.new_value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus"
                .to_owned(),
        )
    };
    let mut m = RawMode {
        flags: 0,
        created: false,
        readable: false,
        writable: false,
        appending: false,
    };
    let (mut rwa, mut plus) = (false, false);
    for c in mode.chars() {
        match c {
            'x' | 'r' | 'w' | 'a' => {
                if rwa {
                    return Err(bad_mode(vm));
                }
                rwa = true;
                match c {
                    'x' => {
                        m.created = true;
                        m.writable = true;
                        m.flags |= sys::O_EXCL | sys::O_CREAT;
                    }
                    'r' => m.readable = true,
                    'w' => {
                        m.writable = true;
                        m.flags |= sys::O_CREAT | sys::O_TRUNC;
                    }
                    _ => {
                        m.writable = true;
                        m.appending = true;
                        m.flags |= sys::O_APPEND | sys::O_CREAT;
                    }
                }
            }
            'b' => {}
            '+' => {
                if plus {
                    return Err(bad_mode(vm));
                }
                m.readable = true;
                m.writable = true;
                plus = true;
            }
            _ => return Err(vm.new_value_error(format!("invalid mode: {mode}"))),
        }
    }
    if !rwa {
        return Err(bad_mode(vm));
    }
    m.flags |= match (m.readable, m.writable) {
        (true, true) => sys::O_RDWR,
        (true, false) => sys::O_RDONLY,
        _ => sys::O_WRONLY,
    };
    m.flags |= sys::O_CLOEXEC;
    Ok(m)
}

/// The bytes of a file name, as `os.fsencode` makes them.
fn encoded_path(vm: &mut Vm, name: &Value) -> PyResult<CString> {
    let path = super::fspath(vm, name)?;
    let bytes = match krait_vm::objects::str::as_pystr(&path) {
        Some(s) => krait_vm::objects::str_methods::fs_encode(vm, s)?,
        None => krait_vm::objects::bytes::as_bytes(&path).unwrap_or_default(),
    };
    CString::new(bytes).map_err(|_| vm.new_value_error("embedded null byte".to_owned()))
}

fn fileio_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [name, mode, closefd, opener]) = INIT.bind(vm, args)?;
    let this = given(this);
    let file = this_file(vm, &this)?;
    let name = given(name);
    let mode = match &mode {
        None => "r".to_owned(),
        Some(m) => match abstract_::value_as_str(m) {
            Some(s) => s.to_owned(),
            None => {
                return Err(vm.new_type_error(format!(
                    "FileIO() argument 'mode' must be str, not {}",
                    vm.type_name_of(m)
                )))
            }
        },
    };
    let closefd = super::int_bool_arg(vm, closefd, true)?;
    let opener = opener.unwrap_or(Value::None);

    // Initialising again closes what the object had open.
    if file.fd.get() >= 0 {
        if file.closefd.get() {
            file.internal_close(vm)?;
        } else {
            file.fd.set(-1);
        }
    }

    let fd = if matches!(name, Value::Float(_)) {
        None
    } else {
        match abstract_::index(vm, &name) {
            Ok(n) => match krait_vm::objects::int::as_i64(&n) {
                Some(n) if n < 0 => {
                    return Err(vm.new_value_error("negative file descriptor".to_owned()))
                }
                Some(n) if n <= i64::from(i32::MAX) => Some(n as i32),
                _ => {
                    return Err(vm
                        .new_overflow_error("Python int too large to convert to C int".to_owned()))
                }
            },
            Err(e) if vm.err_matches(&e, Exc::TypeError) => None,
            Err(e) => return Err(e),
        }
    };
    let path = match fd {
        Some(_) => None,
        None => Some(encoded_path(vm, &name)?),
    };
    let m = parse_raw_mode(vm, &mode)?;
    file.created.set(m.created);
    file.readable.set(m.readable);
    file.writable.set(m.writable);
    file.appending.set(m.appending);
    file.seekable.set(-1);

    let own_fd = match (fd, path) {
        (Some(fd), _) => {
            file.fd.set(fd);
            file.closefd.set(closefd);
            false
        }
        (None, path) => {
            file.closefd.set(true);
            if !closefd {
                return Err(
                    vm.new_value_error("Cannot use closefd=False with file name".to_owned())
                );
            }
            let opened = if opener.is_none() {
                let path = path.unwrap_or_default();
                match sys::open_path(&path, m.flags) {
                    Ok(fd) => fd,
                    Err(e) => return Err(errno_error(vm, e, Some(name.clone()))),
                }
            } else {
                let fd = vm.call1(&opener, vec![name.clone(), Value::Int(i64::from(m.flags))])?;
                if !krait_vm::objects::int::is_int(&fd) {
                    return Err(vm.new_type_error("expected integer from opener".to_owned()));
                }
                let fd = c_int_arg(vm, &fd)?;
                if fd < 0 {
                    return Err(vm.new_value_error(format!("opener returned {fd}")));
                }
                fd
            };
            file.fd.set(opened);
            true
        }
    };
    let result = finish_open(vm, &this, file, &name);
    if result.is_err() {
        if own_fd {
            let _ = file.internal_close(vm);
        } else {
            file.fd.set(-1);
        }
    }
    result.map(|_| Value::None)
}

/// What `__init__` does once the descriptor is open: refuse directories, note the
/// block size, set `name`, and start an appending file at its end.
fn finish_open(vm: &mut Vm, this: &Value, file: &FileIO, name: &Value) -> PyResult<()> {
    let fd = file.fd.get();
    file.blksize.set(DEFAULT_BUFFER_SIZE as i64);
    match sys::stat(fd) {
        Ok((is_dir, _, blksize)) => {
            if is_dir {
                return Err(errno_error(vm, sys::EISDIR, Some(name.clone())));
            }
            if blksize > 1 {
                file.blksize.set(blksize as i64);
            }
        }
        Err(sys::EBADF) => return Err(errno_error(vm, sys::EBADF, None)),
        Err(_) => {}
    }
    abstract_::setattr_str(vm, this, "name", name.clone())?;
    if file.appending.get() {
        file.lseek(vm, fd, 0, 2, true)?;
    }
    Ok(())
}

fn fileio_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = READ.bind(vm, args)?;
    let this = given(this);
    let file = this_file(vm, &this)?;
    let size = optional_size(vm, size)?;
    file.check_readable(vm)?;
    if size < 0 {
        return Ok(match file.readall(vm)? {
            Some(data) => vm.new_bytes(data),
            None => Value::None,
        });
    }
    let mut buf = super::zeroed(vm, size as usize)?;
    match file.read_into(vm, &mut buf)? {
        Some(n) => {
            buf.truncate(n);
            Ok(vm.new_bytes(buf))
        }
        None => Ok(Value::None),
    }
}

fn fileio_readall(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = READALL.bind(vm, args)?;
    let this = given(this);
    let file = this_file(vm, &this)?;
    Ok(match file.readall(vm)? {
        Some(data) => vm.new_bytes(data),
        None => Value::None,
    })
}

fn fileio_readinto(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [buffer]) = READINTO.bind(vm, args)?;
    let this = given(this);
    let file = this_file(vm, &this)?;
    let target = super::WritableBuffer::of(vm, &given(buffer), "readinto")?;
    file.check_readable(vm)?;
    let mut buf = super::zeroed(vm, target.len())?;
    match file.read_into(vm, &mut buf)? {
        Some(n) => {
            target.fill(&buf[..n]);
            Ok(Value::Int(n as i64))
        }
        None => Ok(Value::None),
    }
}

fn fileio_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [data]) = WRITE.bind(vm, args)?;
    let this = given(this);
    let file = this_file(vm, &this)?;
    let data = crate::bytes_like_arg(vm, &given(data))?;
    match file.write(vm, &data)? {
        Some(n) => Ok(Value::Int(n as i64)),
        None => Ok(Value::None),
    }
}

/// A position argument as C's `off_t` (`PyLong_AsLongLong`, through `__index__`).
fn offset_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let n = abstract_::index(vm, v)?;
    krait_vm::objects::int::as_i64(&n).ok_or_else(|| {
        vm.new_overflow_error("Python int too large to convert to C long".to_owned())
    })
}

fn fileio_seek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [pos, whence]) = SEEK.bind(vm, args)?;
    let this = given(this);
    let file = this_file(vm, &this)?;
    let whence = match whence {
        None => 0,
        Some(w) => c_int_arg(vm, &w)?,
    };
    let fd = file.open_fd(vm)?;
    let pos = offset_arg(vm, &given(pos))?;
    Ok(Value::Int(file.lseek(vm, fd, pos, whence, false)?))
}

fn fileio_tell(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TELL.bind(vm, args)?;
    let this = given(this);
    let file = this_file(vm, &this)?;
    let fd = file.open_fd(vm)?;
    Ok(Value::Int(file.lseek(vm, fd, 0, 1, false)?))
}

fn fileio_truncate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = TRUNCATE.bind(vm, args)?;
    let this = given(this);
    let file = this_file(vm, &this)?;
    let fd = file.check_writable(vm)?;
    let pos = match size {
        None | Some(Value::None) => file.lseek(vm, fd, 0, 1, false)?,
        Some(v) => offset_arg(vm, &v)?,
    };
    if let Err(e) = sys::truncate(fd, pos) {
        return Err(errno_error(vm, e, None));
    }
    Ok(Value::Int(pos))
}

/// `close()`: `_RawIOBase.close` (which flushes), then the descriptor, when the
/// object owns it.
fn fileio_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CLOSE.bind(vm, args)?;
    let this = given(this);
    let file = this_file(vm, &this)?;
    let flushed = iobase_close_object(vm, &this);
    if !file.closefd.get() {
        file.fd.set(-1);
        return flushed;
    }
    let closed = file.internal_close(vm);
    match (flushed, closed) {
        (Err(e), _) => Err(e),
        (Ok(_), Err(e)) => Err(e),
        (Ok(v), Ok(())) => Ok(v),
    }
}

fn fileio_seekable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = SEEKABLE.bind(vm, args)?;
    let this = given(this);
    let file = this_file(vm, &this)?;
    let fd = file.open_fd(vm)?;
    if file.seekable.get() < 0 {
        let _ = file.lseek(vm, fd, 0, 1, false);
    }
    Ok(Value::Bool(file.seekable.get() > 0))
}

fn fileio_readable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = READABLE.bind(vm, args)?;
    let this = given(this);
    let file = this_file(vm, &this)?;
    file.open_fd(vm)?;
    Ok(Value::Bool(file.readable.get()))
}

fn fileio_writable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = WRITABLE.bind(vm, args)?;
    let this = given(this);
    let file = this_file(vm, &this)?;
    file.open_fd(vm)?;
    Ok(Value::Bool(file.writable.get()))
}

fn fileio_fileno(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = FILENO.bind(vm, args)?;
    let this = given(this);
    let file = this_file(vm, &this)?;
    Ok(Value::Int(i64::from(file.open_fd(vm)?)))
}

fn fileio_isatty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ISATTY.bind(vm, args)?;
    let this = given(this);
    let file = this_file(vm, &this)?;
    let fd = file.open_fd(vm)?;
    Ok(Value::Bool(sys::is_a_tty(fd)))
}

/// Whether descriptor `fd` is a terminal.
pub(super) fn fd_is_a_tty(fd: i32) -> bool {
    sys::is_a_tty(fd)
}

/// `_dealloc_warn(source)`: would warn of an unclosed file; the warning is one
/// CPython's default filters hide, so nothing is shown.
fn dealloc_warn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    DEALLOC_WARN.bind::<1>(vm, args)?;
    Ok(Value::None)
}

fn fileio_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let file = this_file(vm, this)?;
    if file.is_closed() {
        return Ok(vm.new_str("<_io.FileIO [closed]>"));
    }
    let closefd = if file.closefd.get() { "True" } else { "False" };
    let mode = file.mode_string();
    let text = match abstract_::getattr_optional(vm, this, "name")? {
        None => format!(
            "<_io.FileIO fd={} mode='{mode}' closefd={closefd}>",
            file.fd.get()
        ),
        Some(name) => {
            let name = super::repr_guarded(vm, this, &name, "_io.FileIO")?;
            format!("<_io.FileIO name={name} mode='{mode}' closefd={closefd}>")
        }
    };
    Ok(vm.new_str(text))
}

fn get_closed(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Bool(this_file(vm, this)?.is_closed()))
}

fn get_closefd(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Bool(this_file(vm, this)?.closefd.get()))
}

fn get_mode(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let mode = this_file(vm, this)?.mode_string();
    Ok(vm.new_str(mode))
}

fn get_blksize(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Int(this_file(vm, this)?.blksize.get()))
}

fn set_blksize(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    let file = this_file(vm, this)?;
    let Some(value) = value else {
        return Err(vm.new_type_error("can't delete numeric/char attribute".to_owned()));
    };
    let n = abstract_::index(vm, &value)?;
    match krait_vm::objects::int::as_i64(&n) {
        Some(n) if (0..=i64::from(u32::MAX)).contains(&n) => {
            file.blksize.set(n);
            Ok(())
        }
        _ => Err(
            vm.new_overflow_error("Python int too large to convert to C unsigned long".to_owned())
        ),
    }
}

fn get_finalizing(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Bool(this_file(vm, this)?.finalizing.get()))
}

fn set_finalizing(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    let file = this_file(vm, this)?;
    set_bool_member(vm, &file.finalizing, value)
}

/// The setter of a `T_BOOL` member.
pub(super) fn set_bool_member(
    vm: &mut Vm,
    cell: &Cell<bool>,
    value: Option<Value>,
) -> PyResult<()> {
    match value {
        Some(Value::Bool(b)) => {
            cell.set(b);
            Ok(())
        }
        Some(_) => Err(vm.new_type_error("attribute value type must be bool".to_owned())),
        None => Err(vm.new_type_error("can't delete numeric/char attribute".to_owned())),
    }
}

/// Whether `v` is a `bytes` object (for results that must be bytes).
pub(super) fn is_bytes(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Bytes(_)))
}
