//! `_io.BytesIO` (CPython's `Modules/_io/bytesio.c`): a binary stream over an
//! in-memory buffer. The buffer may be shorter than the position (after a seek past
//! the end); a write there pads with NUL bytes.
//!
//! `getbuffer()` views the BytesIO's own bytes through a `_BytesIOBuffer`
//! exporter; while such a view lives the BytesIO refuses to change its size.

use std::cell::{Cell, RefCell};

use krait_vm::native::NativeTypeSpec;
use krait_vm::native::{native_data, new_native_object, new_native_type, MethodDef, NativeData};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, Payload, PyResult, Value, Vm};

use super::iobase::{class_arg, IoBaseState};
use super::{c_int_arg, io_state, optional_size, WritableBuffer};
use crate::{given, iter_self, wrong_receiver};

/// The state of a BytesIO: its contents and position, or `closed`.
pub(crate) struct BytesIO {
    base: IoBaseState,
    buf: RefCell<Vec<u8>>,
    pos: Cell<usize>,
    closed: Cell<bool>,
    /// How many views of `getbuffer()` use the bytes.
    exports: Cell<usize>,
}

impl NativeData for BytesIO {
    fn holds_values(&self) -> bool {
        false
    }
}

pub(super) fn iobase_state(v: &Value) -> Option<&IoBaseState> {
    native_data::<BytesIO>(v).map(|b| &b.base)
}

impl BytesIO {
    fn new() -> BytesIO {
        BytesIO {
            base: IoBaseState::default(),
            buf: RefCell::new(Vec::new()),
            pos: Cell::new(0),
            closed: Cell::new(false),
            exports: Cell::new(0),
        }
    }

    /// Refuses a change of size while views of the bytes exist.
    fn check_exports(&self, vm: &mut Vm) -> PyResult<()> {
        if self.exports.get() > 0 {
            return Err(vm.new_error(
                Exc::BufferError,
                "Existing exports of data: object cannot be re-sized",
            ));
        }
        Ok(())
    }

    fn check_closed(&self, vm: &mut Vm) -> PyResult<()> {
        if self.closed.get() {
            return Err(super::closed_file_error(vm));
        }
        Ok(())
    }

    /// Makes room for writing `n` bytes at the position: MemoryError when the
    /// position is too far past the end to pad to.
    fn reserve(&self, vm: &mut Vm, n: usize) -> PyResult<()> {
        let needed = self.pos.get().saturating_add(n);
        let len = self.buf.borrow().len();
        if needed > len {
            krait_vm::objects::str::check_alloc(vm, needed - len)?;
        }
        Ok(())
    }

    /// Writes `data` at the position, padding with NULs past the end.
    fn write_bytes(&self, data: &[u8]) -> usize {
        if data.is_empty() {
            return 0;
        }
        let mut buf = self.buf.borrow_mut();
        let pos = self.pos.get();
        let end = pos + data.len();
        if buf.len() < pos {
            buf.resize(pos, 0);
        }
        let overlap = buf.len().min(end) - pos;
        buf[pos..pos + overlap].copy_from_slice(&data[..overlap]);
        buf.extend_from_slice(&data[overlap..]);
        self.pos.set(end);
        data.len()
    }

    /// Up to `size` bytes from the position (all that is left when negative).
    fn read_bytes(&self, size: isize) -> Vec<u8> {
        let buf = self.buf.borrow();
        let pos = self.pos.get().min(buf.len());
        let available = buf.len() - pos;
        let n = if size < 0 {
            available
        } else {
            (size as usize).min(available)
        };
        self.pos.set(self.pos.get().max(pos) + n);
        buf[pos..pos + n].to_vec()
    }

    /// The length of the line at the position, at most `limit` bytes when
    /// `limit >= 0` (CPython's `scan_eol`).
    fn scan_eol(&self, limit: isize) -> usize {
        let buf = self.buf.borrow();
        let pos = self.pos.get();
        if pos >= buf.len() {
            return 0;
        }
        let rest = &buf[pos..];
        let len = if limit < 0 {
            rest.len()
        } else {
            (limit as usize).min(rest.len())
        };
        match rest[..len].iter().position(|b| *b == b'\n') {
            Some(i) => i + 1,
            None => len,
        }
    }
}

fn this_bytesio<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a BytesIO> {
    native_data::<BytesIO>(this).ok_or_else(|| wrong_receiver(vm, "_io.BytesIO", this))
}

/// The open BytesIO `this`.
fn open_bytesio<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a BytesIO> {
    let b = this_bytesio(vm, this)?;
    b.check_closed(vm)?;
    Ok(b)
}

static NEW: Signature = Signature::unlisted("BytesIO", "__new__", "($type, *args, **kwargs)");
static INIT: Signature = Signature::new("BytesIO", "($self, /, initial_bytes=b'')").not_listed();
static READABLE: Signature = Signature::of("BytesIO", "readable", "($self, /)");
static SEEKABLE: Signature = Signature::of("BytesIO", "seekable", "($self, /)");
static WRITABLE: Signature = Signature::of("BytesIO", "writable", "($self, /)");
static CLOSE: Signature = Signature::of("BytesIO", "close", "($self, /)");
static FLUSH: Signature = Signature::of("BytesIO", "flush", "($self, /)");
static ISATTY: Signature = Signature::of("BytesIO", "isatty", "($self, /)");
static TELL: Signature = Signature::of("BytesIO", "tell", "($self, /)");
static WRITE: Signature = Signature::of("BytesIO", "write", "($self, b, /)");
static WRITELINES: Signature = Signature::of("BytesIO", "writelines", "($self, lines, /)");
static READ1: Signature = Signature::of("BytesIO", "read1", "($self, size=-1, /)");
static READINTO: Signature = Signature::of("BytesIO", "readinto", "($self, buffer, /)");
static READLINE: Signature = Signature::of("BytesIO", "readline", "($self, size=-1, /)");
static READLINES: Signature = Signature::of("BytesIO", "readlines", "($self, size=None, /)");
static READ: Signature = Signature::of("BytesIO", "read", "($self, size=-1, /)");
static GETBUFFER: Signature = Signature::of("BytesIO", "getbuffer", "($self, /)");
static GETVALUE: Signature = Signature::of("BytesIO", "getvalue", "($self, /)");
static SEEK: Signature = Signature::of("BytesIO", "seek", "($self, pos, whence=0, /)");
static TRUNCATE: Signature = Signature::of("BytesIO", "truncate", "($self, size=None, /)");
static GETSTATE: Signature = Signature::unlisted("BytesIO", "__getstate__", "($self, /)");
static SETSTATE: Signature = Signature::unlisted("BytesIO", "__setstate__", "($self, state, /)");

static BYTESIO_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("Buffered I/O implementation using an in-memory bytes buffer."),
    subclassable: true,
    instance_dict: true,
    weakrefable: true,
    new: Some(bytesio_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(bytesio_iternext),
        NativeSlot::Init(bytesio_init),
    ],
    methods: &[
        MethodDef::method("readable", bytesio_readable).with_signature(&READABLE),
        MethodDef::method("seekable", bytesio_seekable).with_signature(&SEEKABLE),
        MethodDef::method("writable", bytesio_writable).with_signature(&WRITABLE),
        MethodDef::method("close", bytesio_close).with_signature(&CLOSE),
        MethodDef::method("flush", bytesio_flush).with_signature(&FLUSH),
        MethodDef::method("isatty", bytesio_isatty).with_signature(&ISATTY),
        MethodDef::method("tell", bytesio_tell).with_signature(&TELL),
        MethodDef::method("write", bytesio_write).with_signature(&WRITE),
        MethodDef::method("writelines", bytesio_writelines).with_signature(&WRITELINES),
        MethodDef::method("read1", bytesio_read1).with_signature(&READ1),
        MethodDef::method("readinto", bytesio_readinto).with_signature(&READINTO),
        MethodDef::method("readline", bytesio_readline).with_signature(&READLINE),
        MethodDef::method("readlines", bytesio_readlines).with_signature(&READLINES),
        MethodDef::method("read", bytesio_read).with_signature(&READ),
        MethodDef::method("getbuffer", bytesio_getbuffer).with_signature(&GETBUFFER),
        MethodDef::method("getvalue", bytesio_getvalue).with_signature(&GETVALUE),
        MethodDef::method("seek", bytesio_seek).with_signature(&SEEK),
        MethodDef::method("truncate", bytesio_truncate).with_signature(&TRUNCATE),
        MethodDef::method("__getstate__", bytesio_getstate).with_signature(&GETSTATE),
        MethodDef::method("__setstate__", bytesio_setstate).with_signature(&SETSTATE),
    ],
    getsets: &[GetSet {
        name: "closed",
        get: bytesio_closed,
        set: None,
    }],
    text_signature: Some("(initial_bytes=b'')"),
    ..NativeTypeSpec::new("BytesIO", "_io")
};

pub(crate) fn new_type(vm: &mut Vm, buffered_iobase: &ObjRef) -> ObjRef {
    new_native_type(vm, &BYTESIO_TYPE, Some(buffered_iobase))
}

fn bytesio_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = NEW.bind_all::<0>(vm, args)?;
    let cls = class_arg(vm, bound.this, "_io.BytesIO")?;
    Ok(new_native_object(vm, &cls, BytesIO::new()))
}

fn bytesio_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [initial]) = INIT.bind(vm, args)?;
    let this = given(this);
    let b = this_bytesio(vm, &this)?;
    b.pos.set(0);
    b.check_exports(vm)?;
    b.buf.borrow_mut().clear();
    b.closed.set(false);
    if let Some(initial) = initial.filter(|v| !v.is_none()) {
        let data = crate::bytes_like_arg(vm, &initial)?;
        *b.buf.borrow_mut() = data;
    }
    Ok(Value::None)
}

fn bytesio_closed(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Bool(this_bytesio(vm, this)?.closed.get()))
}

fn bytesio_readable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = READABLE.bind(vm, args)?;
    open_bytesio(vm, &given(this))?;
    Ok(Value::Bool(true))
}

fn bytesio_seekable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = SEEKABLE.bind(vm, args)?;
    open_bytesio(vm, &given(this))?;
    Ok(Value::Bool(true))
}

fn bytesio_writable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = WRITABLE.bind(vm, args)?;
    open_bytesio(vm, &given(this))?;
    Ok(Value::Bool(true))
}

fn bytesio_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CLOSE.bind(vm, args)?;
    let this = given(this);
    let b = this_bytesio(vm, &this)?;
    b.check_exports(vm)?;
    b.closed.set(true);
    *b.buf.borrow_mut() = Vec::new();
    Ok(Value::None)
}

fn bytesio_flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = FLUSH.bind(vm, args)?;
    open_bytesio(vm, &given(this))?;
    Ok(Value::None)
}

fn bytesio_isatty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ISATTY.bind(vm, args)?;
    open_bytesio(vm, &given(this))?;
    Ok(Value::Bool(false))
}

fn bytesio_tell(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TELL.bind(vm, args)?;
    let this = given(this);
    let b = open_bytesio(vm, &this)?;
    Ok(Value::Int(b.pos.get() as i64))
}

fn bytesio_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [data]) = WRITE.bind(vm, args)?;
    let this = given(this);
    let b = open_bytesio(vm, &this)?;
    b.check_exports(vm)?;
    let data = crate::bytes_like_arg(vm, &given(data))?;
    b.reserve(vm, data.len())?;
    Ok(Value::Int(b.write_bytes(&data) as i64))
}

fn bytesio_writelines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [lines]) = WRITELINES.bind(vm, args)?;
    let this = given(this);
    open_bytesio(vm, &this)?;
    let iterator = abstract_::get_iter(vm, &given(lines))?;
    while let Some(line) = abstract_::iter_next(vm, &iterator)? {
        let b = open_bytesio(vm, &this)?;
        b.check_exports(vm)?;
        let data = crate::bytes_like_arg(vm, &line)?;
        b.reserve(vm, data.len())?;
        b.write_bytes(&data);
    }
    Ok(Value::None)
}

fn bytesio_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = READ.bind(vm, args)?;
    let this = given(this);
    let size = optional_size(vm, size)?;
    let b = open_bytesio(vm, &this)?;
    Ok(vm.new_bytes(b.read_bytes(size)))
}

fn bytesio_read1(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = READ1.bind(vm, args)?;
    let this = given(this);
    let size = optional_size(vm, size)?;
    let b = open_bytesio(vm, &this)?;
    Ok(vm.new_bytes(b.read_bytes(size)))
}

fn bytesio_readinto(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [buffer]) = READINTO.bind(vm, args)?;
    let this = given(this);
    let target = WritableBuffer::of(vm, &given(buffer), "readinto")?;
    let b = open_bytesio(vm, &this)?;
    let data = b.read_bytes(target.len() as isize);
    target.fill(&data);
    Ok(Value::Int(data.len() as i64))
}

fn bytesio_readline(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = READLINE.bind(vm, args)?;
    let this = given(this);
    let size = optional_size(vm, size)?;
    let b = open_bytesio(vm, &this)?;
    let n = b.scan_eol(size);
    Ok(vm.new_bytes(b.read_bytes(n as isize)))
}

fn bytesio_readlines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = READLINES.bind(vm, args)?;
    let this = given(this);
    let b = open_bytesio(vm, &this)?;
    let maxsize = match size {
        None | Some(Value::None) => -1,
        Some(v) if krait_vm::objects::int::is_int(&v) || matches!(v, Value::Bool(_)) => {
            abstract_::index_isize(vm, &v)?
        }
        Some(v) => {
            return Err(vm.new_type_error(format!(
                "integer argument expected, got '{}'",
                vm.type_name_of(&v)
            )))
        }
    };
    let mut lines = Vec::new();
    let mut total = 0isize;
    loop {
        let n = b.scan_eol(-1);
        if n == 0 {
            break;
        }
        let line = b.read_bytes(n as isize);
        lines.push(vm.new_bytes(line));
        total += n as isize;
        if maxsize > 0 && total >= maxsize {
            break;
        }
    }
    Ok(vm.new_list(lines))
}

fn bytesio_iternext(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let b = open_bytesio(vm, this)?;
    let n = b.scan_eol(-1);
    if n == 0 {
        return Ok(None);
    }
    Ok(Some(vm.new_bytes(b.read_bytes(n as isize))))
}

fn bytesio_getbuffer(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = GETBUFFER.bind(vm, args)?;
    let this = given(this);
    open_bytesio(vm, &this)?;
    let exporter_type = io_state(vm)?.bytes_io_buffer.clone();
    let exporter = new_native_object(vm, &exporter_type, BytesIOBuffer { source: this });
    krait_vm::objects::memoryview::from_object(vm, &exporter)
}

/// The exporter a `getbuffer()` view uses (CPython's `_io._BytesIOBuffer`): it
/// lends the BytesIO's own bytes, writable, and counts the views on the BytesIO.
struct BytesIOBuffer {
    source: Value,
}

impl BytesIOBuffer {
    fn source(&self) -> Option<&BytesIO> {
        native_data::<BytesIO>(&self.source)
    }
}

impl NativeData for BytesIOBuffer {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.source);
        true
    }

    fn read_buffer(&self, f: &mut dyn FnMut(&[u8])) {
        if let Some(b) = self.source() {
            f(&b.buf.borrow());
        }
    }

    fn write_buffer(&self, f: &mut dyn FnMut(&mut [u8])) {
        if let Some(b) = self.source() {
            f(&mut b.buf.borrow_mut());
        }
    }

    fn buffer_readonly(&self) -> bool {
        false
    }

    fn buffer_exports(&self, delta: isize) {
        if let Some(b) = self.source() {
            b.exports.set(b.exports.get().saturating_add_signed(delta));
        }
    }
}

static BYTESIO_BUFFER_TYPE: NativeTypeSpec = NativeTypeSpec::new("_BytesIOBuffer", "_io");

/// The type of `getbuffer()`'s exporters (not in the module's namespace).
pub(crate) fn new_buffer_type(vm: &mut Vm) -> ObjRef {
    new_native_type(vm, &BYTESIO_BUFFER_TYPE, None)
}

fn bytesio_getvalue(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = GETVALUE.bind(vm, args)?;
    let this = given(this);
    let b = open_bytesio(vm, &this)?;
    let data = b.buf.borrow().clone();
    Ok(vm.new_bytes(data))
}

fn bytesio_seek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [pos, whence]) = SEEK.bind(vm, args)?;
    let this = given(this);
    let pos = abstract_::index_isize(vm, &given(pos))?;
    let whence = match whence {
        None => 0,
        Some(w) => c_int_arg(vm, &w)?,
    };
    let b = open_bytesio(vm, &this)?;
    if pos < 0 && whence == 0 {
        return Err(vm.new_value_error(format!("negative seek value {pos}")));
    }
    let base = match whence {
        0 => 0,
        1 => b.pos.get() as isize,
        2 => b.buf.borrow().len() as isize,
        _ => {
            return Err(
                vm.new_value_error(format!("invalid whence ({whence}, should be 0, 1 or 2)"))
            )
        }
    };
    let Some(target) = base.checked_add(pos) else {
        return Err(vm.new_overflow_error("new position too large".to_owned()));
    };
    b.pos.set(target.max(0) as usize);
    Ok(Value::Int(b.pos.get() as i64))
}

fn bytesio_truncate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = TRUNCATE.bind(vm, args)?;
    let this = given(this);
    let b = open_bytesio(vm, &this)?;
    b.check_exports(vm)?;
    let size = match size {
        None | Some(Value::None) => b.pos.get() as isize,
        some => optional_size(vm, some)?,
    };
    if size < 0 {
        return Err(vm.new_value_error(format!("negative size value {size}")));
    }
    let mut buf = b.buf.borrow_mut();
    if (size as usize) < buf.len() {
        buf.truncate(size as usize);
    }
    Ok(Value::Int(size as i64))
}

fn bytesio_getstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = GETSTATE.bind(vm, args)?;
    let this = given(this);
    let b = open_bytesio(vm, &this)?;
    let value = vm.new_bytes(b.buf.borrow().clone());
    let pos = Value::Int(b.pos.get() as i64);
    let instance_dict = match &this {
        Value::Obj(o) => o.dict(),
        _ => None,
    };
    let state_dict = match instance_dict {
        Some(d) => {
            let copy = vm.new_dict();
            dict::dict_merge(vm, &copy, &Value::Obj(d), true)?;
            Value::Obj(copy)
        }
        None => Value::None,
    };
    Ok(vm.new_tuple(vec![value, pos, state_dict]))
}

fn bytesio_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [state]) = SETSTATE.bind(vm, args)?;
    let this = given(this);
    let state = given(state);
    let b = this_bytesio(vm, &this)?;
    let items = match &state {
        Value::Obj(o) if matches!(o.payload, Payload::Tuple(_)) => {
            abstract_::tuple_items(&state).unwrap_or_default()
        }
        _ => Vec::new(),
    };
    if items.len() < 3 {
        return Err(vm.new_type_error(format!(
            "{}.__setstate__ argument should be 3-tuple, got {}",
            vm.type_name_of(&this),
            vm.type_name_of(&state)
        )));
    }
    b.check_exports(vm)?;
    b.buf.borrow_mut().clear();
    b.pos.set(0);
    // The contents are written as `write` would: a closed BytesIO refuses them.
    b.check_closed(vm)?;
    let data = crate::bytes_like_arg(vm, &items[0])?;
    b.write_bytes(&data);
    if !krait_vm::objects::int::is_int(&items[1]) {
        return Err(vm.new_type_error(format!(
            "second item of state must be an integer, not {}",
            vm.type_name_of(&items[1])
        )));
    }
    let pos = abstract_::index_isize(vm, &items[1])?;
    if pos < 0 {
        return Err(vm.new_value_error("position value cannot be negative".to_owned()));
    }
    b.pos.set(pos as usize);
    restore_instance_dict(vm, &this, &items[2], "third")?;
    Ok(Value::None)
}

/// The dict item (`which`, for the message) of a `__setstate__` state: merged
/// into the instance dict.
pub(super) fn restore_instance_dict(
    vm: &mut Vm,
    this: &Value,
    state: &Value,
    which: &str,
) -> PyResult<()> {
    if state.is_none() {
        return Ok(());
    }
    if !matches!(state, Value::Obj(o) if dict::as_dict(o).is_some()) {
        return Err(vm.new_type_error(format!(
            "{which} item of state should be a dict, got a {}",
            vm.type_name_of(state)
        )));
    }
    if let Value::Obj(d) = abstract_::getattr_str(vm, this, "__dict__")? {
        dict::dict_merge(vm, &d, state, true)?;
    }
    Ok(())
}
