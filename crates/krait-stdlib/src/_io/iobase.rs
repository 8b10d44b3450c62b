//! `_io._IOBase` and `_io._RawIOBase` (CPython's `Modules/_io/iobase.c`): the
//! behaviour every stream shares, written in terms of the stream's own methods
//! (`readline` calls `self.peek` and `self.read`, `tell` calls `self.seek`), so a
//! Python class that supplies the primitives gets the rest.

use std::cell::Cell;

use krait_vm::native::NativeTypeSpec;
use krait_vm::native::{native_data, new_native_object, new_native_type, MethodDef, NativeData};
use krait_vm::object::GetSet;
use krait_vm::objects::function::Args;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, Payload, PyResult, Value, Vm};

use super::{bufferedio, bytesio, closed_file_error, fileio, stringio, textio, unsupported};
use super::{optional_size, DEFAULT_BUFFER_SIZE};
use crate::given;

/// What every `_io` object carries besides its own state: whether `_IOBase.close`
/// has run on it (CPython keeps it as `__IOBase_closed` in the instance dict).
#[derive(Default)]
pub(crate) struct IoBaseState {
    closed: Cell<bool>,
}

/// An object made by `_IOBase.__new__`: an instance of `_IOBase`, `_RawIOBase`,
/// `_BufferedIOBase`, `_TextIOBase` or of a Python class derived from them.
#[derive(Default)]
pub(crate) struct IoBase {
    base: IoBaseState,
}

impl NativeData for IoBase {
    fn holds_values(&self) -> bool {
        false
    }
}

/// The shared state of `v`, whichever `_io` object it is.
pub(crate) fn iobase_state(v: &Value) -> Option<&IoBaseState> {
    if let Some(o) = native_data::<IoBase>(v) {
        return Some(&o.base);
    }
    fileio::iobase_state(v)
        .or_else(|| bufferedio::iobase_state(v))
        .or_else(|| bytesio::iobase_state(v))
        .or_else(|| stringio::iobase_state(v))
        .or_else(|| textio::iobase_state(v))
}

/// `__IOBase_closed`: `_IOBase.close` ran.
fn iobase_is_closed(v: &Value) -> bool {
    iobase_state(v).is_some_and(|s| s.closed.get())
}

// ---------------------------------------------------------------------------
// _IOBase

const IOBASE_DOC: &str = "The abstract base class for all I/O classes.\n\n\
This class provides dummy implementations for many methods that\n\
derived classes can override selectively; the default implementations\n\
represent a file that cannot be read, written or seeked.\n\n\
Even though IOBase does not declare read, readinto, or write because\n\
their signatures will vary, implementations and clients should\n\
consider those methods part of the interface. Also, implementations\n\
may raise UnsupportedOperation when operations they do not support are\n\
called.\n\n\
The basic type used for binary data read from or written to a file is\n\
bytes. Other bytes-like objects are accepted as method arguments too.\n\
In some cases (such as readinto), a writable object is required. Text\n\
I/O classes work with str data.\n\n\
Note that calling any method (except additional calls to close(),\n\
which are ignored) on a closed stream should raise a ValueError.\n\n\
IOBase (and its subclasses) support the iterator protocol, meaning\n\
that an IOBase object can be iterated over yielding the lines in a\n\
stream.\n\n\
IOBase also supports the :keyword:`with` statement. In this example,\n\
fp is closed after the suite of the with statement is complete:\n\n\
with open('spam.txt', 'r') as fp:\n    fp.write('Spam and eggs!')\n";

static IOBASE_NEW: Signature =
    Signature::unlisted("_IOBase", "__new__", "($type, *args, **kwargs)");
static SEEK: Signature = Signature::unlisted("_IOBase", "seek", "($self, *args)");
static TELL: Signature = Signature::of("_IOBase", "tell", "($self, /)");
static TRUNCATE: Signature = Signature::unlisted("_IOBase", "truncate", "($self, *args)");
static FLUSH: Signature = Signature::of("_IOBase", "flush", "($self, /)");
static CLOSE: Signature = Signature::of("_IOBase", "close", "($self, /)");
static SEEKABLE: Signature = Signature::of("_IOBase", "seekable", "($self, /)");
static READABLE: Signature = Signature::of("_IOBase", "readable", "($self, /)");
static WRITABLE: Signature = Signature::of("_IOBase", "writable", "($self, /)");
static CHECK_CLOSED: Signature = Signature::unlisted("_IOBase", "_checkClosed", "($self, /)");
static CHECK_SEEKABLE: Signature = Signature::unlisted("_IOBase", "_checkSeekable", "($self, /)");
static CHECK_READABLE: Signature = Signature::unlisted("_IOBase", "_checkReadable", "($self, /)");
static CHECK_WRITABLE: Signature = Signature::unlisted("_IOBase", "_checkWritable", "($self, /)");
static FILENO: Signature = Signature::of("_IOBase", "fileno", "($self, /)");
static ISATTY: Signature = Signature::of("_IOBase", "isatty", "($self, /)");
static ENTER: Signature = Signature::unlisted("_IOBase", "__enter__", "($self, /)");
static EXIT: Signature = Signature::unlisted("_IOBase", "__exit__", "($self, *args)");
static READLINE: Signature = Signature::of("_IOBase", "readline", "($self, size=-1, /)");
static READLINES: Signature = Signature::of("_IOBase", "readlines", "($self, hint=-1, /)");
static WRITELINES: Signature = Signature::of("_IOBase", "writelines", "($self, lines, /)");

static IOBASE_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(IOBASE_DOC),
    subclassable: true,
    instance_dict: true,
    weakrefable: true,
    new: Some(iobase_new),
    slots: &[
        NativeSlot::Iter(iobase_iter),
        NativeSlot::IterNext(iobase_iternext),
        NativeSlot::Finalize(iobase_finalize),
    ],
    methods: &[
        MethodDef::method("seek", iobase_seek).with_signature(&SEEK),
        MethodDef::method("tell", iobase_tell).with_signature(&TELL),
        MethodDef::method("truncate", iobase_truncate).with_signature(&TRUNCATE),
        MethodDef::method("flush", iobase_flush).with_signature(&FLUSH),
        MethodDef::method("close", iobase_close).with_signature(&CLOSE),
        MethodDef::method("seekable", iobase_seekable).with_signature(&SEEKABLE),
        MethodDef::method("readable", iobase_readable).with_signature(&READABLE),
        MethodDef::method("writable", iobase_writable).with_signature(&WRITABLE),
        MethodDef::method("_checkClosed", iobase_check_closed_method).with_signature(&CHECK_CLOSED),
        MethodDef::method("_checkSeekable", iobase_check_seekable).with_signature(&CHECK_SEEKABLE),
        MethodDef::method("_checkReadable", iobase_check_readable).with_signature(&CHECK_READABLE),
        MethodDef::method("_checkWritable", iobase_check_writable).with_signature(&CHECK_WRITABLE),
        MethodDef::method("fileno", iobase_fileno).with_signature(&FILENO),
        MethodDef::method("isatty", iobase_isatty).with_signature(&ISATTY),
        MethodDef::method("__enter__", iobase_enter).with_signature(&ENTER),
        MethodDef::method("__exit__", iobase_exit).with_signature(&EXIT),
        MethodDef::method("readline", iobase_readline).with_signature(&READLINE),
        MethodDef::method("readlines", iobase_readlines).with_signature(&READLINES),
        MethodDef::method("writelines", iobase_writelines).with_signature(&WRITELINES),
    ],
    getsets: &[GetSet {
        name: "closed",
        get: iobase_closed_get,
        set: None,
    }],
    ..NativeTypeSpec::new("_IOBase", "_io")
};

pub(crate) fn new_iobase_type(vm: &mut Vm) -> ObjRef {
    new_native_type(vm, &IOBASE_TYPE, None)
}

fn iobase_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = IOBASE_NEW.bind_all::<0>(vm, args)?;
    let cls = class_arg(vm, bound.this, "_io._IOBase")?;
    Ok(new_native_object(vm, &cls, IoBase::default()))
}

/// The class a `__new__` was called with.
pub(crate) fn class_arg(vm: &mut Vm, cls: Option<Value>, name: &str) -> PyResult<ObjRef> {
    match cls {
        Some(Value::Obj(c)) if c.type_data().is_some() => Ok(c),
        other => {
            let given = other
                .map(|v| vm.type_name_of(&v))
                .unwrap_or_else(|| "nothing".to_owned());
            Err(vm.new_type_error(format!(
                "{name}.__new__(X): X is not a type object ({given})"
            )))
        }
    }
}

fn iobase_seek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    SEEK.bind_all::<0>(vm, args)?;
    Err(unsupported(vm, "seek"))
}

fn iobase_tell(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TELL.bind(vm, args)?;
    vm.call_method(&given(this), "seek", vec![Value::Int(0), Value::Int(1)])
}

fn iobase_truncate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    TRUNCATE.bind_all::<0>(vm, args)?;
    Err(unsupported(vm, "truncate"))
}

fn iobase_flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = FLUSH.bind(vm, args)?;
    if iobase_is_closed(&given(this)) {
        return Err(closed_file_error(vm));
    }
    Ok(Value::None)
}

/// `_IOBase.close`: flushes through `self.flush()` once, then marks the object
/// closed even when the flush failed.
pub(crate) fn iobase_close_object(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    if iobase_is_closed(this) {
        return Ok(Value::None);
    }
    let flushed = vm.call_method(this, "flush", vec![]);
    if let Some(state) = iobase_state(this) {
        state.closed.set(true);
    }
    flushed.map(|_| Value::None)
}

fn iobase_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CLOSE.bind(vm, args)?;
    iobase_close_object(vm, &given(this))
}

fn iobase_closed_get(_vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Bool(iobase_is_closed(this)))
}

fn iobase_seekable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    SEEKABLE.bind::<0>(vm, args)?;
    Ok(Value::Bool(false))
}

fn iobase_readable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    READABLE.bind::<0>(vm, args)?;
    Ok(Value::Bool(false))
}

fn iobase_writable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    WRITABLE.bind::<0>(vm, args)?;
    Ok(Value::Bool(false))
}

/// Raises ValueError when `self.closed` is true (the virtual attribute, which
/// derived classes define).
pub(crate) fn check_closed(vm: &mut Vm, this: &Value) -> PyResult<()> {
    if let Some(closed) = abstract_::getattr_optional(vm, this, "closed")? {
        if abstract_::is_true(vm, &closed)? {
            return Err(closed_file_error(vm));
        }
    }
    Ok(())
}

fn iobase_check_closed_method(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CHECK_CLOSED.bind(vm, args)?;
    check_closed(vm, &given(this))?;
    Ok(Value::None)
}

/// `self.<predicate>()` must be True, else UnsupportedOperation(`message`).
fn check_predicate(vm: &mut Vm, this: &Value, predicate: &str, message: &str) -> PyResult<Value> {
    let result = vm.call_method(this, predicate, vec![])?;
    if !matches!(result, Value::Bool(true)) {
        return Err(unsupported(vm, message));
    }
    Ok(result)
}

fn iobase_check_seekable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CHECK_SEEKABLE.bind(vm, args)?;
    check_predicate(
        vm,
        &given(this),
        "seekable",
        "File or stream is not seekable.",
    )
}

fn iobase_check_readable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CHECK_READABLE.bind(vm, args)?;
    check_predicate(
        vm,
        &given(this),
        "readable",
        "File or stream is not readable.",
    )
}

fn iobase_check_writable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CHECK_WRITABLE.bind(vm, args)?;
    check_predicate(
        vm,
        &given(this),
        "writable",
        "File or stream is not writable.",
    )
}

fn iobase_fileno(vm: &mut Vm, args: Args) -> PyResult<Value> {
    FILENO.bind::<0>(vm, args)?;
    Err(unsupported(vm, "fileno"))
}

fn iobase_isatty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ISATTY.bind(vm, args)?;
    check_closed(vm, &given(this))?;
    Ok(Value::Bool(false))
}

fn iobase_enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ENTER.bind(vm, args)?;
    let this = given(this);
    check_closed(vm, &this)?;
    Ok(this)
}

fn iobase_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = EXIT.bind_all::<0>(vm, args)?;
    vm.call_method(&given(bound.this), "close", vec![])
}

/// `_IOBase.readline`: bytes through `self.read`, as far as a newline that
/// `self.peek` (when there is one) shows is buffered, else one byte at a time.
fn iobase_readline(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = READLINE.bind(vm, args)?;
    let this = given(this);
    let limit = optional_size(vm, size)?;
    let peek = abstract_::getattr_optional(vm, &this, "peek")?;
    let mut line: Vec<u8> = Vec::new();
    while limit < 0 || (line.len() as isize) < limit {
        let mut readahead = 1;
        if let Some(peek) = &peek {
            let ahead = vm.call1(peek, vec![Value::Int(1)])?;
            let Some(ahead) = exact_bytes(&ahead) else {
                return Err(vm.new_error(
                    Exc::OSError,
                    format!(
                        "peek() should have returned a bytes object, not '{}'",
                        vm.type_name_of(&ahead)
                    ),
                ));
            };
            if !ahead.is_empty() {
                let room = if limit >= 0 {
                    (limit as usize - line.len()).min(ahead.len())
                } else {
                    ahead.len()
                };
                readahead = match ahead[..room].iter().position(|b| *b == b'\n') {
                    Some(i) => i + 1,
                    None => room,
                };
            }
        }
        let chunk = vm.call_method(&this, "read", vec![Value::Int(readahead as i64)])?;
        let Some(chunk) = exact_bytes(&chunk) else {
            return Err(vm.new_error(
                Exc::OSError,
                format!(
                    "read() should have returned a bytes object, not '{}'",
                    vm.type_name_of(&chunk)
                ),
            ));
        };
        if chunk.is_empty() {
            break;
        }
        line.extend_from_slice(&chunk);
        if line.last() == Some(&b'\n') {
            break;
        }
    }
    Ok(vm.new_bytes(line))
}

/// The contents of `v` when it is a `bytes` object (a subclass counts).
fn exact_bytes(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::Obj(o) if matches!(o.payload, Payload::Bytes(_)) => {
            krait_vm::objects::bytes::as_bytes(v)
        }
        _ => None,
    }
}

fn iobase_iter(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    check_closed(vm, this)?;
    Ok(this.clone())
}

fn iobase_iternext(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let line = vm.call_method(this, "readline", vec![])?;
    if abstract_::len(vm, &line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line))
}

fn iobase_readlines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [hint]) = READLINES.bind(vm, args)?;
    let this = given(this);
    let hint = optional_size(vm, hint)?;
    let mut lines = Vec::new();
    let iterator = abstract_::get_iter(vm, &this)?;
    let mut length = 0isize;
    while let Some(line) = abstract_::iter_next(vm, &iterator)? {
        let line_length = abstract_::len(vm, &line)? as isize;
        lines.push(line);
        if hint > 0 {
            if line_length > hint - length {
                break;
            }
            length += line_length;
        }
    }
    Ok(vm.new_list(lines))
}

fn iobase_writelines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [lines]) = WRITELINES.bind(vm, args)?;
    let this = given(this);
    check_closed(vm, &this)?;
    let iterator = abstract_::get_iter(vm, &given(lines))?;
    while let Some(line) = abstract_::iter_next(vm, &iterator)? {
        vm.call_method(&this, "write", vec![line])?;
    }
    Ok(Value::None)
}

/// `__del__` (CPython's `iobase_finalize`): an object still open when it dies is
/// closed through its own `close()`; errors are silenced, as CPython does outside
/// development mode.
fn iobase_finalize(vm: &mut Vm, this: &Value) -> PyResult<()> {
    let closed = match abstract_::getattr_optional(vm, this, "closed") {
        Ok(Some(v)) => abstract_::is_true(vm, &v).ok(),
        _ => None,
    };
    if closed == Some(false) {
        let _ = abstract_::setattr_str(vm, this, "_finalizing", Value::Bool(true));
        let _ = vm.call_method(this, "close", vec![]);
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// _RawIOBase

static RAW_READ: Signature = Signature::of("_RawIOBase", "read", "($self, size=-1, /)");
static RAW_READALL: Signature = Signature::of("_RawIOBase", "readall", "($self, /)");
static RAW_READINTO: Signature = Signature::unlisted("_RawIOBase", "readinto", "($self, *args)");
static RAW_WRITE: Signature = Signature::unlisted("_RawIOBase", "write", "($self, *args)");

static RAW_IOBASE_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("Base class for raw binary I/O."),
    subclassable: true,
    instance_dict: true,
    weakrefable: true,
    methods: &[
        MethodDef::method("read", raw_read).with_signature(&RAW_READ),
        MethodDef::method("readall", raw_readall)
            .with_signature(&RAW_READALL)
            .with_doc("Read until EOF, using multiple read() call."),
        MethodDef::method("readinto", raw_not_implemented).with_signature(&RAW_READINTO),
        MethodDef::method("write", raw_not_implemented).with_signature(&RAW_WRITE),
    ],
    ..NativeTypeSpec::new("_RawIOBase", "_io")
};

pub(crate) fn new_raw_iobase_type(vm: &mut Vm, iobase: &ObjRef) -> ObjRef {
    new_native_type(vm, &RAW_IOBASE_TYPE, Some(iobase))
}

/// `_RawIOBase.read(n)`: `self.readinto` into a fresh buffer of `n` bytes.
fn raw_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = RAW_READ.bind(vm, args)?;
    let this = given(this);
    let n = super::size_arg(vm, size, -1)?;
    if n < 0 {
        return vm.call_method(&this, "readall", vec![]);
    }
    let zeros = super::zeroed(vm, n as usize)?;
    let buffer = krait_vm::objects::bytes::new_bytearray(vm, zeros);
    let result = vm.call_method(&this, "readinto", vec![buffer.clone()])?;
    if result.is_none() {
        return Ok(result);
    }
    let got = abstract_::index_isize(vm, &result).map_err(|e| {
        if vm.err_matches(&e, Exc::OverflowError) {
            vm.new_value_error("cannot fit 'int' into an index-sized integer".to_owned())
        } else {
            e
        }
    })?;
    let mut data = krait_vm::objects::bytes::as_bytes(&buffer).unwrap_or_default();
    data.truncate(got.max(0) as usize);
    Ok(vm.new_bytes(data))
}

fn raw_readall(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = RAW_READALL.bind(vm, args)?;
    let this = given(this);
    let mut all = Vec::new();
    let mut chunks = 0;
    loop {
        let data = vm.call_method(&this, "read", vec![Value::Int(DEFAULT_BUFFER_SIZE as i64)])?;
        if data.is_none() {
            if chunks == 0 {
                return Ok(Value::None);
            }
            break;
        }
        let Some(data) = exact_bytes(&data) else {
            return Err(vm.new_type_error("read() should return bytes".to_owned()));
        };
        if data.is_empty() {
            break;
        }
        chunks += 1;
        all.extend_from_slice(&data);
    }
    Ok(vm.new_bytes(all))
}

fn raw_not_implemented(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(super::bare_error(vm, Exc::NotImplementedError))
}
