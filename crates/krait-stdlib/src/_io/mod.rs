//! The `_io` module (CPython's `Modules/_io/`): the class hierarchy `io.py` builds
//! its ABCs on, `open()`, and the objects behind `sys.stdin`, `sys.stdout` and
//! `sys.stderr`.
//!
//! One file per concept, as CPython splits it: `iobase.rs` (`_IOBase`,
//! `_RawIOBase`), `fileio.rs`, `bufferedio.rs`, `bytesio.rs`, `stringio.rs` and
//! `textio.rs` (`_TextIOBase`, `IncrementalNewlineDecoder`, `TextIOWrapper`).
//! Each object keeps its state in Rust fields (`FileIO`'s descriptor, a buffered
//! object's buffers, a text wrapper's decoder state); the layers call each other
//! directly when the layer below is the exact `_io` type, and through its Python
//! methods otherwise, so a class derived from any of them keeps its overrides.
//!
//! Deliberate differences: no `ResourceWarning` for files left open (CPython's
//! default filters hide it), and Krait's str cannot hold lone surrogates, so the
//! `surrogateescape` handler of the standard streams cannot carry undecodable bytes.

mod bufferedio;
mod bytesio;
mod fileio;
mod iobase;
mod stringio;
mod textio;

use std::rc::Rc;

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::typeobject;
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

/// `io.DEFAULT_BUFFER_SIZE`.
pub(crate) const DEFAULT_BUFFER_SIZE: usize = 8192;

/// The module's classes, which its own code instantiates and tests for.
pub(crate) struct IoState {
    pub unsupported_operation: ObjRef,
    pub file_io: ObjRef,
    pub string_io: ObjRef,
    pub buffered_reader: ObjRef,
    pub buffered_writer: ObjRef,
    pub buffered_random: ObjRef,
    pub text_io_wrapper: ObjRef,
    pub bytes_io_buffer: ObjRef,
}

pub(crate) fn io_state(vm: &mut Vm) -> PyResult<Rc<IoState>> {
    vm.module_state::<IoState>()
        .ok_or_else(|| vm.new_runtime_error("_io is not initialised".to_owned()))
}

static OPEN: Signature = Signature::of(
    "_io",
    "open",
    "($module, /, file, mode='r', buffering=-1, encoding=None,\n     errors=None, \
     newline=None, closefd=True, opener=None)",
);
static OPEN_CODE: Signature = Signature::of("_io", "open_code", "($module, /, path)");
static TEXT_ENCODING: Signature = Signature::of(
    "_io",
    "text_encoding",
    "($module, encoding, stacklevel=2, /)",
);

static FUNCTIONS: &[MethodDef] = &[
    MethodDef::staticmethod("open", open)
        .with_signature(&OPEN)
        .with_doc("Open file and return a stream.  Raise OSError upon failure."),
    MethodDef::staticmethod("open_code", open_code)
        .with_signature(&OPEN_CODE)
        .with_doc("Opens the provided file with the intent to import the contents."),
    MethodDef::staticmethod("text_encoding", text_encoding)
        .with_signature(&TEXT_ENCODING)
        .with_doc("A helper function to choose the text encoding."),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_io");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_io", FUNCTIONS);
    dict::dict_set_str(
        vm,
        &d,
        "DEFAULT_BUFFER_SIZE",
        Value::Int(DEFAULT_BUFFER_SIZE as i64),
    );
    let blocking = vm.exc(Exc::BlockingIOError).clone();
    dict::dict_set_str(vm, &d, "BlockingIOError", Value::Obj(blocking));
    let unsupported_operation = unsupported_operation_class(vm)?;
    dict::dict_set_str(
        vm,
        &d,
        "UnsupportedOperation",
        Value::Obj(unsupported_operation.clone()),
    );

    let iobase = iobase::new_iobase_type(vm);
    let raw_iobase = iobase::new_raw_iobase_type(vm, &iobase);
    let buffered_iobase = bufferedio::new_buffered_iobase_type(vm, &iobase);
    let text_iobase = textio::new_text_iobase_type(vm, &iobase);
    let file_io = fileio::new_type(vm, &raw_iobase);
    let bytes_io = bytesio::new_type(vm, &buffered_iobase);
    let string_io = stringio::new_type(vm, &text_iobase);
    let [buffered_reader, buffered_writer, buffered_random, buffered_rwpair] =
        bufferedio::new_types(vm, &buffered_iobase);
    let text_io_wrapper = textio::new_wrapper_type(vm, &text_iobase);
    let newline_decoder = textio::new_newline_decoder_type(vm);
    let bytes_io_buffer = bytesio::new_buffer_type(vm);
    // BytesIO and StringIO inherit `__del__`, but freeing one does not run it (their
    // deallocators skip the finaliser, as CPython's do); a subclass's instances do.
    for ty in [&bytes_io, &string_io] {
        *typeobject::type_data(ty).finalizer.borrow_mut() = None;
    }
    for (name, ty) in [
        ("_IOBase", &iobase),
        ("_RawIOBase", &raw_iobase),
        ("_BufferedIOBase", &buffered_iobase),
        ("_TextIOBase", &text_iobase),
        ("FileIO", &file_io),
        ("BytesIO", &bytes_io),
        ("StringIO", &string_io),
        ("BufferedReader", &buffered_reader),
        ("BufferedWriter", &buffered_writer),
        ("BufferedRandom", &buffered_random),
        ("BufferedRWPair", &buffered_rwpair),
        ("TextIOWrapper", &text_io_wrapper),
        ("IncrementalNewlineDecoder", &newline_decoder),
    ] {
        dict::dict_set_str(vm, &d, name, Value::Obj(ty.clone()));
    }
    vm.set_module_state(IoState {
        unsupported_operation,
        file_io,
        string_io,
        buffered_reader,
        buffered_writer,
        buffered_random,
        text_io_wrapper,
        bytes_io_buffer,
    });
    Ok(m)
}

/// `io.UnsupportedOperation`, derived from both OSError and ValueError.
fn unsupported_operation_class(vm: &mut Vm) -> PyResult<ObjRef> {
    let ns = vm.new_dict();
    let module = vm.new_str("io");
    dict::dict_set_str(vm, &ns, "__module__", module);
    let bases = vec![
        vm.exc(Exc::OSError).clone(),
        vm.exc(Exc::ValueError).clone(),
    ];
    let metatype = vm.types.type_.clone();
    typeobject::new_heap_type(vm, &metatype, "UnsupportedOperation", bases, &ns)
}

// ---------------------------------------------------------------------------
// The standard streams

/// Makes `_io.open` the builtin `open` and sets up `sys.stdin`, `sys.stdout` and
/// `sys.stderr` (and `sys.__stdin__` ...) as CPython's `create_stdio` does: a
/// TextIOWrapper over a buffered object over a FileIO of descriptor 0, 1 or 2
/// that does not close it. A terminal and stderr are line-buffered; `-u` (or
/// `PYTHONUNBUFFERED`) leaves stdout and stderr unbuffered. The VM gets the fast
/// paths `print()` and `input()` take into these objects.
pub fn install(vm: &mut Vm) -> PyResult<()> {
    let module = krait_vm::import::import_full(vm, "_io")?;
    let open = abstract_::getattr_str(vm, &module, "open")?;
    let builtins = vm.builtins_dict.clone();
    dict::dict_set_str(vm, &builtins, "open", open);
    vm.stream_hooks = krait_vm::sys::StreamHooks {
        is_text_stream: Some(textio::is_exact_wrapper),
        write: Some(textio::write_fast),
        flush: Some(textio::flush_fast),
        readline: Some(textio::readline_fast),
    };
    let (encoding, errors) = stdio_encoding(vm);
    let state = io_state(vm)?;
    let unbuffered = vm.config.unbuffered;
    let streams = [
        (0, "stdin", errors.as_str()),
        (1, "stdout", errors.as_str()),
        (2, "stderr", "backslashreplace"),
    ];
    let sys = krait_vm::sys::sys_dict(vm);
    for (fd, name, errors) in streams {
        let stream = std_stream(vm, &state, fd, name, &encoding, errors, unbuffered)?;
        dict::dict_set_str(vm, &sys, name, stream.clone());
        dict::dict_set_str(vm, &sys, &format!("__{name}__"), stream);
    }
    Ok(())
}

/// The encoding and error handler of stdin and stdout: UTF-8, with
/// `surrogateescape` in the C and POSIX locales and their UTF-8 forms (where CPython
/// runs in UTF-8 mode or coerces the locale), `strict` otherwise;
/// `PYTHONIOENCODING=encoding:errors` overrides either.
fn stdio_encoding(vm: &Vm) -> (String, String) {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty());
    let legacy = matches!(
        locale.as_deref(),
        None | Some("C" | "POSIX" | "C.UTF-8" | "C.utf8" | "UTF-8")
    );
    let mut encoding = "utf-8".to_owned();
    let mut errors = if legacy { "surrogateescape" } else { "strict" }.to_owned();
    if !vm.config.ignore_environment {
        if let Ok(setting) = std::env::var("PYTHONIOENCODING") {
            let (name, handler) = match setting.split_once(':') {
                Some((name, handler)) => (name, Some(handler)),
                None => (setting.as_str(), None),
            };
            if !name.is_empty() {
                encoding = name.to_owned();
            }
            if let Some(handler) = handler.filter(|h| !h.is_empty()) {
                errors = handler.to_owned();
            }
        }
    }
    (encoding, errors)
}

/// One standard stream, or None when its descriptor is not open.
fn std_stream(
    vm: &mut Vm,
    state: &IoState,
    fd: i32,
    name: &str,
    encoding: &str,
    errors: &str,
    unbuffered: bool,
) -> PyResult<Value> {
    let writing = fd != 0;
    let Some(blksize) = fileio::descriptor_block_size(fd) else {
        return Ok(Value::None);
    };
    let raw = fileio::new_std(
        vm,
        &state.file_io,
        fd,
        writing,
        &format!("<{name}>"),
        blksize,
    );
    let isatty = fileio::fd_is_a_tty(fd);
    let buffer = if writing && unbuffered {
        raw
    } else {
        let class = if writing {
            &state.buffered_writer
        } else {
            &state.buffered_reader
        };
        bufferedio::new_std(vm, class, raw, !writing, blksize)
    };
    let settings = textio::TextSettings {
        encoding: Some(encoding.to_owned()),
        errors: Some(errors.to_owned()),
        newline: Some("\n".to_owned()),
        line_buffering: !unbuffered && (isatty || fd == 2),
        write_through: unbuffered,
    };
    let stream = textio::new_std(vm, buffer, settings)?;
    let mode = vm.new_str(if writing { "w" } else { "r" });
    abstract_::setattr_str(vm, &stream, "mode", mode)?;
    Ok(stream)
}

// ---------------------------------------------------------------------------
// Errors the classes share

/// `io.UnsupportedOperation(message)`.
pub(crate) fn unsupported(vm: &mut Vm, message: &str) -> PyErr {
    let class = match io_state(vm) {
        Ok(state) => state.unsupported_operation.clone(),
        Err(e) => return e,
    };
    let message = vm.new_str(message);
    match vm.call1(&Value::Obj(class), vec![message]) {
        Ok(Value::Obj(exc)) => PyErr(exc),
        Ok(_) => vm.new_error(Exc::OSError, "unsupported operation"),
        Err(e) => e,
    }
}

/// An exception of class `exc` made without arguments (CPython's `PyErr_SetNone`).
pub(crate) fn bare_error(vm: &mut Vm, exc: Exc) -> PyErr {
    let class = Value::Obj(vm.exc(exc).clone());
    match vm.call1(&class, vec![]) {
        Ok(Value::Obj(e)) => PyErr(e),
        Ok(_) => vm.new_error(exc, ""),
        Err(e) => e,
    }
}

/// The ValueError of an operation on a closed object (the iobase wording).
pub(crate) fn closed_file_error(vm: &mut Vm) -> PyErr {
    vm.new_value_error("I/O operation on closed file.".to_owned())
}

/// The C library's message for `errno`, as `os.strerror` gives it.
pub(crate) fn strerror(errno: i32) -> String {
    let text = std::io::Error::from_raw_os_error(errno).to_string();
    match text.rfind(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// The OSError subclass for `errno` (CPython's `PyErr_SetFromErrnoWithFilenameObject`).
pub(crate) fn errno_error(vm: &mut Vm, errno: i32, filename: Option<Value>) -> PyErr {
    let mut args = vec![Value::Int(i64::from(errno)), vm.new_str(strerror(errno))];
    args.extend(filename);
    let class = Value::Obj(vm.exc(Exc::OSError).clone());
    match vm.call1(&class, args) {
        Ok(Value::Obj(exc)) => PyErr(exc),
        Ok(_) => vm.new_error(Exc::OSError, strerror(errno)),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------------
// Argument conversions the classes share

/// A `Py_ssize_t(accept={int, NoneType}) = -1` argument: None or absent is -1.
pub(crate) fn optional_size(vm: &mut Vm, v: Option<Value>) -> PyResult<isize> {
    match v {
        None | Some(Value::None) => Ok(-1),
        Some(v) => {
            if !krait_vm::objects::int::is_int(&v) && !has_index(vm, &v) {
                return Err(vm.new_type_error(format!(
                    "argument should be integer or None, not '{}'",
                    vm.type_name_of(&v)
                )));
            }
            abstract_::index_isize(vm, &v)
        }
    }
}

/// A `Py_ssize_t` argument (absent gives `default`).
pub(crate) fn size_arg(vm: &mut Vm, v: Option<Value>, default: isize) -> PyResult<isize> {
    match v {
        None => Ok(default),
        Some(v) => abstract_::index_isize(vm, &v),
    }
}

fn has_index(vm: &mut Vm, v: &Value) -> bool {
    let class = vm.type_of(v);
    typeobject::lookup(&class, "__index__").is_some()
}

/// An `int` argument as C's `int` (`_PyLong_AsInt`).
pub(crate) fn c_int_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    if let Value::Float(_) = v {
        return Err(
            vm.new_type_error("'float' object cannot be interpreted as an integer".to_owned())
        );
    }
    let n = abstract_::index(vm, v)?;
    match krait_vm::objects::int::as_i64(&n).and_then(|n| i32::try_from(n).ok()) {
        Some(n) => Ok(n),
        None => Err(vm.new_overflow_error("Python int too large to convert to C int".to_owned())),
    }
}

/// A `bool(accept={int})` argument.
pub(crate) fn int_bool_arg(vm: &mut Vm, v: Option<Value>, default: bool) -> PyResult<bool> {
    match v {
        None => Ok(default),
        Some(Value::Bool(b)) => Ok(b),
        Some(v) => {
            let n = abstract_::index(vm, &v)?;
            Ok(krait_vm::objects::int::as_i64(&n).is_none_or(|n| n != 0))
        }
    }
}

/// A `str(accept={str, NoneType})` argument of `function`.
pub(crate) fn optional_str_arg(
    vm: &mut Vm,
    v: &Option<Value>,
    function: &str,
    name: &str,
) -> PyResult<Option<String>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => match abstract_::value_as_str(v) {
            Some(s) => {
                if s.contains('\0') {
                    return Err(vm.new_value_error("embedded null character".to_owned()));
                }
                Ok(Some(s.to_owned()))
            }
            None => Err(vm.new_type_error(format!(
                "{function}() argument '{name}' must be str or None, not {}",
                vm.type_name_of(v)
            ))),
        },
    }
}

/// A writable bytes-like object that `readinto` fills: anything that exports
/// writable memory, a bytearray, an array or a memoryview of one (CPython's
/// `Py_buffer(accept={rwbuffer})`).
pub(crate) struct WritableBuffer {
    target: Value,
    len: usize,
}

impl WritableBuffer {
    pub(crate) fn of(vm: &mut Vm, v: &Value, function: &str) -> PyResult<WritableBuffer> {
        match krait_vm::buffer::with_writable(v, |bytes| bytes.len()) {
            Some(len) => Ok(WritableBuffer {
                target: v.clone(),
                len,
            }),
            None => Err(vm.new_type_error(format!(
                "{function}() argument must be read-write bytes-like object, not {}",
                vm.type_name_of(v)
            ))),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Copies `data` (at most `len()` bytes) to the start of the buffer.
    pub(crate) fn fill(&self, data: &[u8]) {
        // The exporter may have shrunk since the buffer was measured.
        krait_vm::buffer::with_writable(&self.target, |bytes| {
            let n = data.len().min(self.len).min(bytes.len());
            bytes[..n].copy_from_slice(&data[..n]);
        });
    }
}

/// `n` zeroed bytes, or the MemoryError CPython raises for a size that cannot be
/// had (instead of aborting the process).
pub(crate) fn zeroed(vm: &mut Vm, n: usize) -> PyResult<Vec<u8>> {
    krait_vm::objects::str::check_alloc(vm, n)?;
    Ok(vec![0u8; n])
}

/// Whether `v`'s class is exactly `class` (the fast paths skip subclasses, which
/// may override what the fast path would bypass).
pub(crate) fn is_exact(v: &Value, class: &ObjRef) -> bool {
    match v {
        Value::Obj(o) => std::ptr::eq(o.class_ref(), &**class),
        _ => false,
    }
}

/// `repr(value)` for the repr of `owner`, refusing to recurse into `owner`'s own
/// repr (CPython's `Py_ReprEnter`): "reentrant call inside _io.FileIO.__repr__".
pub(crate) fn repr_guarded(
    vm: &mut Vm,
    owner: &Value,
    value: &Value,
    type_name: &str,
) -> PyResult<String> {
    let id = match owner {
        Value::Obj(o) => Rc::as_ptr(o) as *const () as usize,
        _ => 0,
    };
    if vm.repr_guard.contains(&id) {
        return Err(vm.new_runtime_error(format!("reentrant call inside {type_name}.__repr__")));
    }
    vm.repr_guard.insert(id);
    let shown = abstract_::repr_string(vm, value);
    vm.repr_guard.remove(&id);
    shown
}

/// `obj.name()` as a truth value.
pub(crate) fn call_bool(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<bool> {
    let result = vm.call_method(obj, name, vec![])?;
    abstract_::is_true(vm, &result)
}

// ---------------------------------------------------------------------------
// open()

/// How `open()`'s mode string reads.
#[derive(Default)]
struct OpenMode {
    creating: bool,
    reading: bool,
    writing: bool,
    appending: bool,
    updating: bool,
    text: bool,
    binary: bool,
}

fn parse_open_mode(vm: &mut Vm, mode: &str) -> PyResult<OpenMode> {
    let mut m = OpenMode::default();
    let invalid = |vm: &mut Vm| vm.new_value_error(format!("invalid mode: '{mode}'"));
    for (i, c) in mode.char_indices() {
        let flag = match c {
            'x' => &mut m.creating,
            'r' => &mut m.reading,
            'w' => &mut m.writing,
            'a' => &mut m.appending,
            '+' => &mut m.updating,
            't' => &mut m.text,
            'b' => &mut m.binary,
            _ => return Err(invalid(vm)),
        };
        *flag = true;
        if mode[i + c.len_utf8()..].contains(c) {
            return Err(invalid(vm));
        }
    }
    Ok(m)
}

fn open(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [file, mode, buffering, encoding, errors, newline, closefd, opener] =
        OPEN.bind_args(vm, args)?;
    let file = file.unwrap_or(Value::None);
    let mode = match &mode {
        None => "r".to_owned(),
        Some(m) => match abstract_::value_as_str(m) {
            Some(s) => s.to_owned(),
            None => {
                return Err(vm.new_type_error(format!(
                    "open() argument 'mode' must be str, not {}",
                    vm.type_name_of(m)
                )))
            }
        },
    };
    let mut buffering = match buffering {
        None => -1,
        Some(b) => c_int_arg(vm, &b)?,
    };
    let encoding = optional_str_arg(vm, &encoding, "open", "encoding")?;
    let errors = optional_str_arg(vm, &errors, "open", "errors")?;
    let newline = optional_str_arg(vm, &newline, "open", "newline")?;
    let closefd = int_bool_arg(vm, closefd, true)?;
    let opener = opener.unwrap_or(Value::None);

    let is_number = is_number(vm, &file);
    let path_or_fd = if is_number {
        file.clone()
    } else {
        fspath(vm, &file)?
    };

    let m = parse_open_mode(vm, &mode)?;
    let mut rawmode = String::new();
    for (on, c) in [
        (m.creating, 'x'),
        (m.reading, 'r'),
        (m.writing, 'w'),
        (m.appending, 'a'),
        (m.updating, '+'),
    ] {
        if on {
            rawmode.push(c);
        }
    }
    if m.text && m.binary {
        return Err(vm.new_value_error("can't have text and binary mode at once".to_owned()));
    }
    let kinds = [m.creating, m.reading, m.writing, m.appending]
        .iter()
        .filter(|k| **k)
        .count();
    if kinds > 1 {
        return Err(
            vm.new_value_error("must have exactly one of create/read/write/append mode".to_owned())
        );
    }
    if m.binary {
        for (given, what) in [
            (encoding.is_some(), "an encoding"),
            (errors.is_some(), "an errors"),
            (newline.is_some(), "a newline"),
        ] {
            if given {
                return Err(vm.new_value_error(format!("binary mode doesn't take {what} argument")));
            }
        }
    }

    if m.binary && buffering == 1 {
        krait_vm::warnings::warn_ex(
            vm,
            krait_vm::Exc::RuntimeWarning,
            "line buffering (buffering=1) isn't supported in binary mode, the default buffer \
             size will be used",
            1,
        )?;
    }

    let state = io_state(vm)?;
    let rawmode_v = vm.new_str(rawmode);
    let raw = vm.call1(
        &Value::Obj(state.file_io.clone()),
        vec![path_or_fd, rawmode_v, Value::Bool(closefd), opener],
    )?;
    let result = wrap_raw(
        vm,
        &state,
        &raw,
        &m,
        &mode,
        &mut buffering,
        encoding,
        errors,
        newline,
    );
    match result {
        Ok(v) => Ok(v),
        Err(e) => {
            // Whatever was made is closed before the error propagates.
            let _ = vm.call_method(&raw, "close", vec![]);
            Err(e)
        }
    }
}

/// The buffered and text layers `open()` puts over the raw file.
#[allow(clippy::too_many_arguments)]
fn wrap_raw(
    vm: &mut Vm,
    state: &IoState,
    raw: &Value,
    m: &OpenMode,
    mode: &str,
    buffering: &mut i32,
    encoding: Option<String>,
    errors: Option<String>,
    newline: Option<String>,
) -> PyResult<Value> {
    let isatty = if *buffering < 0 {
        call_bool(vm, raw, "isatty")?
    } else {
        false
    };
    let line_buffering = *buffering == 1 || isatty;
    if line_buffering {
        *buffering = -1;
    }
    if *buffering < 0 {
        let blksize = abstract_::getattr_str(vm, raw, "_blksize")?;
        *buffering = c_int_arg(vm, &blksize)?;
    }
    if *buffering < 0 {
        return Err(vm.new_value_error("invalid buffering size".to_owned()));
    }
    if *buffering == 0 {
        if !m.binary {
            return Err(vm.new_value_error("can't have unbuffered text I/O".to_owned()));
        }
        return Ok(raw.clone());
    }
    let class = if m.updating {
        &state.buffered_random
    } else if m.creating || m.writing || m.appending {
        &state.buffered_writer
    } else if m.reading {
        &state.buffered_reader
    } else {
        return Err(vm.new_value_error(format!("unknown mode: '{mode}'")));
    };
    let buffer = vm.call1(
        &Value::Obj(class.clone()),
        vec![raw.clone(), Value::Int(i64::from(*buffering))],
    )?;
    if m.binary {
        return Ok(buffer);
    }
    let text_arg = |vm: &mut Vm, s: Option<String>| s.map_or(Value::None, |s| vm.new_str(s));
    let wrapper_args = vec![
        buffer.clone(),
        text_arg(vm, encoding),
        text_arg(vm, errors),
        text_arg(vm, newline),
        Value::Bool(line_buffering),
    ];
    let wrapper = match vm.call1(&Value::Obj(state.text_io_wrapper.clone()), wrapper_args) {
        Ok(w) => w,
        Err(e) => {
            let _ = vm.call_method(&buffer, "close", vec![]);
            return Err(e);
        }
    };
    let mode = vm.new_str(mode);
    if let Err(e) = abstract_::setattr_str(vm, &wrapper, "mode", mode) {
        let _ = vm.call_method(&wrapper, "close", vec![]);
        return Err(e);
    }
    Ok(wrapper)
}

/// `PyNumber_Check`: ints, floats, complex numbers and whatever has `__index__`,
/// `__int__` or `__float__`.
fn is_number(vm: &mut Vm, v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => true,
        Value::None => false,
        Value::Obj(o) => {
            if matches!(
                o.payload,
                krait_vm::Payload::Int(_)
                    | krait_vm::Payload::Float(_)
                    | krait_vm::Payload::Complex(..)
            ) {
                return true;
            }
            let class = vm.type_of(v);
            ["__index__", "__int__", "__float__"]
                .iter()
                .any(|name| typeobject::lookup(&class, name).is_some())
        }
    }
}

/// `os.fspath(v)` (CPython's `PyOS_FSPath`).
pub(crate) fn fspath(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if abstract_::value_as_str(v).is_some() {
        return Ok(v.clone());
    }
    if let Value::Obj(o) = v {
        if matches!(o.payload, krait_vm::Payload::Bytes(_)) {
            return Ok(v.clone());
        }
    }
    let class = Value::Obj(vm.type_of(v));
    let method = match v {
        Value::Obj(_) => abstract_::getattr_optional(vm, &class, "__fspath__")?,
        _ => None,
    };
    let Some(method) = method else {
        return Err(vm.new_type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            vm.type_name_of(v)
        )));
    };
    let path = vm.call1(&method, vec![v.clone()])?;
    let ok = abstract_::value_as_str(&path).is_some()
        || matches!(&path, Value::Obj(o) if matches!(o.payload, krait_vm::Payload::Bytes(_)));
    if !ok {
        return Err(vm.new_type_error(format!(
            "expected {}.__fspath__() to return str or bytes, not {}",
            vm.type_name_of(v),
            vm.type_name_of(&path)
        )));
    }
    Ok(path)
}

fn open_code(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path] = OPEN_CODE.bind_args(vm, args)?;
    let path = path.unwrap_or(Value::None);
    if abstract_::value_as_str(&path).is_none() {
        return Err(vm.new_type_error(format!(
            "open_code() argument 'path' must be str, not {}",
            vm.type_name_of(&path)
        )));
    }
    let rb = vm.new_str("rb");
    let err = match open(vm, Args::new(vec![path.clone(), rb.clone()])) {
        Err(err) if vm.err_matches(&err, Exc::FileNotFoundError) => err,
        opened => return opened,
    };
    match abstract_::value_as_str(&path).and_then(cached_by_cpython) {
        Some(cpython) => {
            let cpython = vm.new_str(cpython);
            open(vm, Args::new(vec![cpython, rb])).map_err(|_| err)
        }
        None => Err(err),
    }
}

/// CPython's cached bytecode for a module whose own cache Krait asks for and has
/// not written (`__pycache__/NAME.krait-311.pyc`, or the file of that name under
/// `sys.pycache_prefix`, missing: the folder not writable, as the system's library
/// is to other users, or `PYTHONDONTWRITEBYTECODE` set).
/// CPython 3.11's `.pyc` holds the code Krait's compiler makes, with the same magic
/// number and header, so the import system checks it against the source and loads
/// it as it would its own.
fn cached_by_cpython(path: &str) -> Option<String> {
    let (folder, file) = path.rsplit_once('/')?;
    let (module, rest) = file.rsplit_once(".krait-311.")?;
    let optimization = rest.strip_suffix("pyc")?;
    if !(optimization.is_empty() || optimization.starts_with("opt-")) {
        return None;
    }
    Some(format!("{folder}/{module}.cpython-311.{rest}"))
}

fn text_encoding(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [encoding, stacklevel] = TEXT_ENCODING.bind_args(vm, args)?;
    if let Some(level) = &stacklevel {
        c_int_arg(vm, level)?;
    }
    match encoding {
        None | Some(Value::None) => Ok(vm.new_str("locale")),
        Some(e) => Ok(e),
    }
}
