//! `_io._BufferedIOBase`, `BufferedReader`, `BufferedWriter`, `BufferedRandom` and
//! `BufferedRWPair` (CPython's `Modules/_io/bufferedio.c`): buffering over a raw
//! stream. The raw stream is any object with the raw methods; an exact `FileIO` is
//! called directly.
//!
//! A buffered object keeps read-ahead and pending writes apart: before it writes,
//! read-ahead is given back to the raw stream (by seeking it back), and before it
//! reads, pending writes are flushed, so at most one of the two is ever held. The
//! raw calls made are those CPython makes in the common cases (the same reads of
//! whole buffers, the same direct writes of large data), so the sizes of reads and
//! writes a program observes on a pipe or a custom raw stream are the same.

use std::cell::{Cell, RefCell};

use krait_vm::native::NativeTypeSpec;
use krait_vm::native::{native_data, new_native_object, new_native_type, MethodDef, NativeData};
use krait_vm::object::GetSet;
use krait_vm::objects::function::Args;
use krait_vm::objects::typeobject::type_data;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

use super::fileio::{self, set_bool_member};
use super::iobase::{class_arg, IoBaseState};
use super::{c_int_arg, io_state, is_exact, optional_size, size_arg, unsupported};
use super::{WritableBuffer, DEFAULT_BUFFER_SIZE};
use crate::{given, readonly, wrong_receiver};

// ---------------------------------------------------------------------------
// _BufferedIOBase

static BASE_DETACH: Signature = Signature::of("_BufferedIOBase", "detach", "($self, /)");
static BASE_READ: Signature = Signature::unlisted("_BufferedIOBase", "read", "($self, *args)");
static BASE_READ1: Signature = Signature::unlisted("_BufferedIOBase", "read1", "($self, *args)");
static BASE_WRITE: Signature = Signature::unlisted("_BufferedIOBase", "write", "($self, *args)");
static BASE_READINTO: Signature =
    Signature::of("_BufferedIOBase", "readinto", "($self, buffer, /)");
static BASE_READINTO1: Signature =
    Signature::of("_BufferedIOBase", "readinto1", "($self, buffer, /)");

static BUFFERED_IOBASE_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("Base class for buffered IO objects."),
    subclassable: true,
    instance_dict: true,
    weakrefable: true,
    methods: &[
        MethodDef::method("detach", base_detach).with_signature(&BASE_DETACH),
        MethodDef::method("read", base_read).with_signature(&BASE_READ),
        MethodDef::method("read1", base_read1).with_signature(&BASE_READ1),
        MethodDef::method("readinto", base_readinto).with_signature(&BASE_READINTO),
        MethodDef::method("readinto1", base_readinto1).with_signature(&BASE_READINTO1),
        MethodDef::method("write", base_write).with_signature(&BASE_WRITE),
    ],
    ..NativeTypeSpec::new("_BufferedIOBase", "_io")
};

pub(crate) fn new_buffered_iobase_type(vm: &mut Vm, iobase: &ObjRef) -> ObjRef {
    new_native_type(vm, &BUFFERED_IOBASE_TYPE, Some(iobase))
}

fn base_detach(vm: &mut Vm, args: Args) -> PyResult<Value> {
    BASE_DETACH.bind::<0>(vm, args)?;
    Err(unsupported(vm, "detach"))
}

fn base_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    BASE_READ.bind_all::<0>(vm, args)?;
    Err(unsupported(vm, "read"))
}

fn base_read1(vm: &mut Vm, args: Args) -> PyResult<Value> {
    BASE_READ1.bind_all::<0>(vm, args)?;
    Err(unsupported(vm, "read1"))
}

fn base_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    BASE_WRITE.bind_all::<0>(vm, args)?;
    Err(unsupported(vm, "write"))
}

/// `readinto` of a buffered stream that only defines `read`: reads as many bytes
/// as the buffer holds and copies them in.
fn base_readinto_generic(
    vm: &mut Vm,
    this: &Value,
    buffer: &Value,
    function: &str,
    read: &str,
) -> PyResult<Value> {
    let target = WritableBuffer::of(vm, buffer, function)?;
    let data = vm.call_method(this, read, vec![Value::Int(target.len() as i64)])?;
    let Some(bytes) = fileio::is_bytes(&data)
        .then(|| krait_vm::objects::bytes::as_bytes(&data))
        .flatten()
    else {
        return Err(vm.new_type_error("read() should return bytes".to_owned()));
    };
    if bytes.len() > target.len() {
        return Err(vm.new_value_error(format!(
            "read() returned too much data: {} bytes requested, {} returned",
            target.len(),
            bytes.len()
        )));
    }
    target.fill(&bytes);
    Ok(Value::Int(bytes.len() as i64))
}

fn base_readinto(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [buffer]) = BASE_READINTO.bind(vm, args)?;
    base_readinto_generic(vm, &given(this), &given(buffer), "readinto", "read")
}

fn base_readinto1(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [buffer]) = BASE_READINTO1.bind(vm, args)?;
    base_readinto_generic(vm, &given(this), &given(buffer), "readinto1", "read1")
}

// ---------------------------------------------------------------------------
// The state the three buffered classes share

/// The state of a BufferedReader, BufferedWriter or BufferedRandom.
pub(crate) struct Buffered {
    base: IoBaseState,
    raw: RefCell<Value>,
    /// `__init__` completed (and the object was not detached since).
    ok: Cell<bool>,
    detached: Cell<bool>,
    readable: Cell<bool>,
    writable: Cell<bool>,
    /// The raw stream is an exact FileIO, called without method lookups.
    fast_raw: Cell<bool>,
    buffer_size: Cell<usize>,
    read_buf: RefCell<Vec<u8>>,
    /// How much of `read_buf` was consumed.
    read_pos: Cell<usize>,
    write_buf: RefCell<Vec<u8>>,
    /// The raw stream's position, when known (-1 otherwise).
    abs_pos: Cell<i64>,
    /// A method holds the object (CPython's lock): a reentrant call is an error.
    busy: Cell<bool>,
    finalizing: Cell<bool>,
}

impl NativeData for Buffered {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        match self.raw.try_borrow() {
            Ok(raw) => {
                visit(&raw);
                true
            }
            Err(_) => false,
        }
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        if let Ok(mut raw) = self.raw.try_borrow_mut() {
            taken.push(std::mem::replace(&mut *raw, Value::None));
            self.ok.set(false);
        }
    }
}

pub(super) fn iobase_state(v: &Value) -> Option<&IoBaseState> {
    native_data::<Buffered>(v)
        .map(|b| &b.base)
        .or_else(|| native_data::<RwPair>(v).map(|p| &p.base))
}

/// Releases the object's lock when dropped.
struct Held<'a>(&'a Cell<bool>);

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

/// What a raw read gave: data (empty at end of file), or nothing because the
/// read would block.
enum RawRead {
    Data(Vec<u8>),
    WouldBlock,
}

impl Buffered {
    fn new() -> Buffered {
        Buffered {
            base: IoBaseState::default(),
            raw: RefCell::new(Value::None),
            ok: Cell::new(false),
            detached: Cell::new(false),
            readable: Cell::new(false),
            writable: Cell::new(false),
            fast_raw: Cell::new(false),
            buffer_size: Cell::new(DEFAULT_BUFFER_SIZE),
            read_buf: RefCell::new(Vec::new()),
            read_pos: Cell::new(0),
            write_buf: RefCell::new(Vec::new()),
            abs_pos: Cell::new(-1),
            busy: Cell::new(false),
            finalizing: Cell::new(false),
        }
    }

    /// The raw stream of an initialised, attached object.
    fn raw(&self, vm: &mut Vm) -> PyResult<Value> {
        if !self.ok.get() {
            let message = if self.detached.get() {
                "raw stream has been detached"
            } else {
                "I/O operation on uninitialized object"
            };
            return Err(vm.new_value_error(message.to_owned()));
        }
        Ok(self.raw.borrow().clone())
    }

    /// Takes the object's lock (CPython's `ENTER_BUFFERED`).
    fn enter(&self, vm: &mut Vm, this: &Value) -> PyResult<Held<'_>> {
        if self.busy.replace(true) {
            let shown = abstract_::repr_string(vm, this).unwrap_or_default();
            return Err(vm.new_runtime_error(format!("reentrant call inside {shown}")));
        }
        Ok(Held(&self.busy))
    }

    /// Buffered bytes not yet read.
    fn readahead(&self) -> usize {
        self.read_buf.borrow().len() - self.read_pos.get()
    }

    fn reset_read_buf(&self) {
        self.read_buf.borrow_mut().clear();
        self.read_pos.set(0);
    }

    /// Takes up to `n` buffered bytes.
    fn take_buffered(&self, n: usize) -> Vec<u8> {
        let buf = self.read_buf.borrow();
        let pos = self.read_pos.get();
        let n = n.min(buf.len() - pos);
        self.read_pos.set(pos + n);
        buf[pos..pos + n].to_vec()
    }

    /// Whether the raw stream is closed (CPython's `IS_CLOSED`).
    fn is_closed(&self, vm: &mut Vm, raw: &Value) -> PyResult<bool> {
        if self.fast_raw.get() {
            if let Some(file) = fileio::file_io(raw) {
                return Ok(file.is_closed());
            }
        }
        let closed = abstract_::getattr_str(vm, raw, "closed")?;
        abstract_::is_true(vm, &closed)
    }

    /// ValueError(`message`) when the raw stream is closed and nothing is buffered.
    fn check_closed(&self, vm: &mut Vm, raw: &Value, message: &str) -> PyResult<()> {
        if self.is_closed(vm, raw)? && self.readahead() == 0 {
            return Err(vm.new_value_error(message.to_owned()));
        }
        Ok(())
    }

    /// One raw read of up to `len` bytes.
    fn raw_read(&self, vm: &mut Vm, raw: &Value, len: usize) -> PyResult<RawRead> {
        let data = match fileio::file_io(raw).filter(|_| self.fast_raw.get()) {
            Some(file) => {
                let mut buf = super::zeroed(vm, len)?;
                match file.read_into(vm, &mut buf)? {
                    Some(n) => {
                        buf.truncate(n);
                        buf
                    }
                    None => return Ok(RawRead::WouldBlock),
                }
            }
            None => {
                let zeros = super::zeroed(vm, len)?;
                let target = krait_vm::objects::bytes::new_bytearray(vm, zeros);
                let result = loop {
                    match vm.call_method(raw, "readinto", vec![target.clone()]) {
                        Err(e) if is_eintr(vm, &e) => continue,
                        other => break other?,
                    }
                };
                if result.is_none() {
                    return Ok(RawRead::WouldBlock);
                }
                let n = match abstract_::index_isize(vm, &result) {
                    Ok(n) => n,
                    Err(_) => {
                        return Err(vm.new_error(Exc::OSError, "raw readinto() failed"));
                    }
                };
                if n < 0 || n as usize > len {
                    return Err(vm.new_error(
                        Exc::OSError,
                        format!(
                            "raw readinto() returned invalid length {n} \
                             (should have been between 0 and {len})"
                        ),
                    ));
                }
                let mut data = krait_vm::objects::bytes::as_bytes(&target).unwrap_or_default();
                data.truncate(n as usize);
                data
            }
        };
        if !data.is_empty() && self.abs_pos.get() != -1 {
            self.abs_pos.set(self.abs_pos.get() + data.len() as i64);
        }
        Ok(RawRead::Data(data))
    }

    /// One raw write: how much was written, or `None` when it would block.
    fn raw_write(&self, vm: &mut Vm, raw: &Value, data: &[u8]) -> PyResult<Option<usize>> {
        let written = match fileio::file_io(raw).filter(|_| self.fast_raw.get()) {
            Some(file) => file.write(vm, data)?,
            None => {
                let chunk = vm.new_bytes(data.to_vec());
                let result = loop {
                    match vm.call_method(raw, "write", vec![chunk.clone()]) {
                        Err(e) if is_eintr(vm, &e) => continue,
                        other => break other?,
                    }
                };
                if result.is_none() {
                    None
                } else {
                    let n = abstract_::index_isize(vm, &result)?;
                    if n < 0 || n as usize > data.len() {
                        return Err(vm.new_error(
                            Exc::OSError,
                            format!(
                                "raw write() returned invalid length {n} \
                                 (should have been between 0 and {})",
                                data.len()
                            ),
                        ));
                    }
                    Some(n as usize)
                }
            }
        };
        if let Some(n) = written {
            if n > 0 && self.abs_pos.get() != -1 {
                self.abs_pos.set(self.abs_pos.get() + n as i64);
            }
        }
        Ok(written)
    }

    fn raw_seek(&self, vm: &mut Vm, raw: &Value, target: i64, whence: i32) -> PyResult<i64> {
        let n = match fileio::file_io(raw).filter(|_| self.fast_raw.get()) {
            Some(file) => file.seek(vm, target, whence)?,
            None => {
                let result = vm.call_method(
                    raw,
                    "seek",
                    vec![Value::Int(target), Value::Int(i64::from(whence))],
                )?;
                position_of(vm, &result)?
            }
        };
        if n < 0 {
            return Err(vm.new_error(
                Exc::OSError,
                format!("Raw stream returned invalid position {n}"),
            ));
        }
        self.abs_pos.set(n);
        Ok(n)
    }

    fn raw_tell(&self, vm: &mut Vm, raw: &Value) -> PyResult<i64> {
        let n = match fileio::file_io(raw).filter(|_| self.fast_raw.get()) {
            Some(file) => file.seek(vm, 0, 1)?,
            None => {
                let result = vm.call_method(raw, "tell", vec![])?;
                position_of(vm, &result)?
            }
        };
        if n < 0 {
            return Err(vm.new_error(
                Exc::OSError,
                format!("Raw stream returned invalid position {n}"),
            ));
        }
        self.abs_pos.set(n);
        Ok(n)
    }

    /// Writes out the pending bytes. What could not be written stays pending.
    fn flush_unlocked(&self, vm: &mut Vm, raw: &Value) -> PyResult<()> {
        loop {
            let pending = std::mem::take(&mut *self.write_buf.borrow_mut());
            if pending.is_empty() {
                return Ok(());
            }
            let result = self.raw_write(vm, raw, &pending);
            let written = match &result {
                Ok(Some(n)) => *n,
                _ => 0,
            };
            // Put back what is still to go, ahead of anything written meanwhile.
            let mut buf = self.write_buf.borrow_mut();
            let mut rest = pending[written..].to_vec();
            rest.extend_from_slice(&buf);
            *buf = rest;
            drop(buf);
            match result {
                Err(e) => return Err(e),
                Ok(None) => {
                    return Err(blocking_error(
                        vm,
                        "write could not complete without blocking",
                        0,
                    ))
                }
                Ok(Some(_)) => vm.handle_signals()?,
            }
        }
    }

    /// Flushes the pending writes and gives read-ahead back to the raw stream, so
    /// the raw position is the logical one (CPython's
    /// `buffered_flush_and_rewind_unlocked`).
    fn flush_and_rewind(&self, vm: &mut Vm, raw: &Value) -> PyResult<()> {
        self.flush_unlocked(vm, raw)?;
        if self.readable.get() {
            let back = self.readahead() as i64;
            let result = self.raw_seek(vm, raw, -back, 1);
            self.reset_read_buf();
            result?;
        }
        Ok(())
    }

    /// Fills the read buffer with one raw read of a whole buffer.
    fn fill_buffer(&self, vm: &mut Vm, raw: &Value) -> PyResult<RawRead> {
        self.reset_read_buf();
        let got = self.raw_read(vm, raw, self.buffer_size.get())?;
        if let RawRead::Data(data) = &got {
            *self.read_buf.borrow_mut() = data.clone();
        }
        Ok(got)
    }

    /// `read(-1)`: what is buffered and the rest of the raw stream.
    fn read_all(&self, vm: &mut Vm, raw: &Value) -> PyResult<Value> {
        let current = self.take_buffered(usize::MAX);
        if self.writable.get() {
            self.flush_and_rewind(vm, raw)?;
        }
        self.reset_read_buf();
        if let Some(file) = fileio::file_io(raw).filter(|_| self.fast_raw.get()) {
            let rest = file.readall(vm)?;
            return Ok(match rest {
                None if current.is_empty() => Value::None,
                None => vm.new_bytes(current),
                Some(rest) => {
                    let mut all = current;
                    all.extend_from_slice(&rest);
                    vm.new_bytes(all)
                }
            });
        }
        if let Some(readall) = abstract_::getattr_optional(vm, raw, "readall")? {
            let rest = vm.call1(&readall, vec![])?;
            if !rest.is_none() && !fileio::is_bytes(&rest) {
                return Err(vm.new_type_error("readall() should return bytes".to_owned()));
            }
            if current.is_empty() {
                return Ok(rest);
            }
            let mut all = current;
            all.extend(krait_vm::objects::bytes::as_bytes(&rest).unwrap_or_default());
            return Ok(vm.new_bytes(all));
        }
        let mut all = current;
        loop {
            let data = vm.call_method(raw, "read", vec![])?;
            if !data.is_none() && !fileio::is_bytes(&data) {
                return Err(vm.new_type_error("read() should return bytes".to_owned()));
            }
            let chunk = krait_vm::objects::bytes::as_bytes(&data).unwrap_or_default();
            if chunk.is_empty() {
                if all.is_empty() {
                    return Ok(data);
                }
                return Ok(vm.new_bytes(all));
            }
            if self.abs_pos.get() != -1 {
                self.abs_pos.set(self.abs_pos.get() + chunk.len() as i64);
            }
            all.extend_from_slice(&chunk);
        }
    }

    /// `read(n)` past what is buffered: whole blocks straight from the raw stream,
    /// then one buffer fill for the tail (CPython's `_bufferedreader_read_generic`).
    fn read_generic(&self, vm: &mut Vm, raw: &Value, n: usize) -> PyResult<Option<Vec<u8>>> {
        if n <= self.readahead() {
            return Ok(Some(self.take_buffered(n)));
        }
        let mut out = self.take_buffered(usize::MAX);
        if self.writable.get() {
            self.flush_and_rewind(vm, raw)?;
        }
        self.reset_read_buf();
        let size = self.buffer_size.get();
        let mut remaining = n - out.len();
        while remaining > 0 {
            let whole_blocks = remaining / size * size;
            if whole_blocks == 0 {
                break;
            }
            match self.raw_read(vm, raw, whole_blocks)? {
                RawRead::Data(data) if !data.is_empty() => {
                    remaining -= data.len();
                    out.extend_from_slice(&data);
                }
                RawRead::Data(_) => return Ok(Some(out)),
                RawRead::WouldBlock => return Ok((!out.is_empty()).then_some(out)),
            }
        }
        while remaining > 0 {
            match self.fill_buffer(vm, raw)? {
                RawRead::Data(data) if !data.is_empty() => {
                    let chunk = self.take_buffered(remaining);
                    remaining -= chunk.len();
                    out.extend_from_slice(&chunk);
                }
                RawRead::Data(_) => return Ok(Some(out)),
                RawRead::WouldBlock => return Ok((!out.is_empty()).then_some(out)),
            }
        }
        Ok(Some(out))
    }

    /// `readline(limit)`: through the buffer, refilling it until a newline.
    fn readline(&self, vm: &mut Vm, this: &Value, raw: &Value, limit: isize) -> PyResult<Vec<u8>> {
        self.check_closed(vm, raw, "readline of closed file")?;
        let mut limit = limit;
        {
            let buf = self.read_buf.borrow();
            let pos = self.read_pos.get();
            let mut n = buf.len() - pos;
            if limit >= 0 && n > limit as usize {
                n = limit as usize;
            }
            if let Some(i) = buf[pos..pos + n].iter().position(|b| *b == b'\n') {
                let line = buf[pos..pos + i + 1].to_vec();
                self.read_pos.set(pos + i + 1);
                return Ok(line);
            }
            if limit >= 0 && n == limit as usize {
                let line = buf[pos..pos + n].to_vec();
                self.read_pos.set(pos + n);
                return Ok(line);
            }
        }
        let _held = self.enter(vm, this)?;
        let mut line = self.take_buffered(usize::MAX);
        if limit >= 0 {
            limit -= line.len() as isize;
        }
        if self.writable.get() {
            self.flush_and_rewind(vm, raw)?;
        }
        loop {
            let got = match self.fill_buffer(vm, raw)? {
                RawRead::Data(data) if !data.is_empty() => data.len(),
                _ => break,
            };
            let n = if limit >= 0 {
                got.min(limit as usize)
            } else {
                got
            };
            let found = self.read_buf.borrow()[..n].iter().position(|b| *b == b'\n');
            match found {
                Some(i) => {
                    line.extend(self.take_buffered(i + 1));
                    return Ok(line);
                }
                None => {
                    line.extend(self.take_buffered(n));
                    if limit >= 0 {
                        if n as isize == limit {
                            break;
                        }
                        limit -= n as isize;
                    }
                }
            }
        }
        Ok(line)
    }

    /// `write(data)`: buffered when it fits, else the buffer then whole blocks go
    /// straight to the raw stream (CPython's `_io_BufferedWriter_write_impl`).
    fn write(&self, vm: &mut Vm, this: &Value, raw: &Value, data: &[u8]) -> PyResult<usize> {
        let _held = self.enter(vm, this)?;
        if self.is_closed(vm, raw)? {
            return Err(vm.new_value_error("write to closed file".to_owned()));
        }
        if self.readahead() > 0 {
            // Give the read-ahead back, so the write lands at the logical position.
            let back = self.readahead() as i64;
            self.reset_read_buf();
            self.raw_seek(vm, raw, -back, 1)?;
        } else {
            self.reset_read_buf();
        }
        let size = self.buffer_size.get();
        if self.write_buf.borrow().len() + data.len() <= size {
            self.write_buf.borrow_mut().extend_from_slice(data);
            return Ok(data.len());
        }
        if let Err(e) = self.flush_unlocked(vm, raw) {
            if !vm.err_matches(&e, Exc::BlockingIOError) {
                return Err(e);
            }
            // Make room: buffer what fits, and report how much that was.
            let room = size.saturating_sub(self.write_buf.borrow().len());
            let fits = room.min(data.len());
            self.write_buf.borrow_mut().extend_from_slice(&data[..fits]);
            if fits == data.len() {
                return Ok(data.len());
            }
            return Err(blocking_error(
                vm,
                "write could not complete without blocking",
                fits,
            ));
        }
        let mut written = 0;
        while data.len() - written > size {
            match self.raw_write(vm, raw, &data[written..])? {
                Some(n) => {
                    written += n;
                    // A signal can cut a write short without an error: its handler
                    // runs before the next write, which might block for good.
                    vm.handle_signals()?;
                }
                None => {
                    let fits = (data.len() - written).min(size);
                    self.write_buf
                        .borrow_mut()
                        .extend_from_slice(&data[written..written + fits]);
                    written += fits;
                    if written < data.len() {
                        return Err(blocking_error(
                            vm,
                            "write could not complete without blocking",
                            written,
                        ));
                    }
                    return Ok(written);
                }
            }
        }
        self.write_buf
            .borrow_mut()
            .extend_from_slice(&data[written..]);
        Ok(data.len())
    }
}

/// The position a raw `seek` or `tell` returned (CPython's `PyNumber_AsOff_t`).
fn position_of(vm: &mut Vm, result: &Value) -> PyResult<i64> {
    let n = abstract_::index(vm, result)?;
    krait_vm::objects::int::as_i64(&n).ok_or_else(|| {
        vm.new_value_error(format!(
            "cannot fit '{}' into an offset-sized integer",
            vm.type_name_of(result)
        ))
    })
}

/// The error is an OSError for EINTR (the call is then retried).
fn is_eintr(vm: &mut Vm, e: &PyErr) -> bool {
    if !vm.err_matches(e, Exc::OSError) {
        return false;
    }
    let exc = Value::Obj(e.0.clone());
    matches!(
        abstract_::getattr_optional(vm, &exc, "errno"),
        Ok(Some(Value::Int(4)))
    )
}

/// `BlockingIOError(EAGAIN, message, written)`.
fn blocking_error(vm: &mut Vm, message: &str, written: usize) -> PyErr {
    let class = Value::Obj(vm.exc(Exc::BlockingIOError).clone());
    let message = vm.new_str(message);
    match vm.call1(
        &class,
        vec![Value::Int(11), message, Value::Int(written as i64)],
    ) {
        Ok(Value::Obj(e)) => PyErr(e),
        Ok(_) => vm.new_error(
            Exc::BlockingIOError,
            "write could not complete without blocking",
        ),
        Err(e) => e,
    }
}

fn this_buffered<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Buffered> {
    native_data::<Buffered>(this).ok_or_else(|| wrong_receiver(vm, "_io._Buffered", this))
}

/// The state of `this` and its raw stream (the object must be initialised).
fn buffered_and_raw<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<(&'a Buffered, Value)> {
    let b = this_buffered(vm, this)?;
    let raw = b.raw(vm)?;
    Ok((b, raw))
}

// ---------------------------------------------------------------------------
// What the text layer calls directly on an exact buffered object

/// The state of `v` when it is exactly a BufferedReader, BufferedWriter or
/// BufferedRandom (a derived class may override what the text layer would skip).
pub(super) fn exact_buffered<'a>(vm: &mut Vm, v: &'a Value) -> Option<&'a Buffered> {
    let state = io_state(vm).ok()?;
    let exact = is_exact(v, &state.buffered_reader)
        || is_exact(v, &state.buffered_writer)
        || is_exact(v, &state.buffered_random);
    if exact {
        native_data::<Buffered>(v)
    } else {
        None
    }
}

/// `buffer.write(data)` for an exact buffered object.
pub(super) fn write_direct(vm: &mut Vm, this: &Value, b: &Buffered, data: &[u8]) -> PyResult<()> {
    let raw = b.raw(vm)?;
    if !b.writable.get() {
        return Err(unsupported(vm, "write"));
    }
    b.write(vm, this, &raw, data).map(|_| ())
}

/// `buffer.read1(n)` for an exact buffered object.
pub(super) fn read1_direct(vm: &mut Vm, this: &Value, b: &Buffered, n: isize) -> PyResult<Vec<u8>> {
    let raw = b.raw(vm)?;
    if !b.readable.get() {
        return Err(unsupported(vm, "read1"));
    }
    read1(vm, this, b, &raw, n)
}

/// Whether the raw stream below an exact buffered object is a closed FileIO;
/// `None` when that needs a method call to tell.
pub(super) fn fast_closed(b: &Buffered) -> Option<bool> {
    if !b.ok.get() || !b.fast_raw.get() {
        return None;
    }
    fileio::file_io(&b.raw.borrow()).map(|f| f.is_closed())
}

// ---------------------------------------------------------------------------
// The methods

static READER_NEW: Signature =
    Signature::unlisted("BufferedReader", "__new__", "($type, *args, **kwargs)");
static READER_INIT: Signature = Signature::new(
    "BufferedReader",
    "($self, /, raw, buffer_size=DEFAULT_BUFFER_SIZE)",
)
.not_listed();
static WRITER_INIT: Signature = Signature::new(
    "BufferedWriter",
    "($self, /, raw, buffer_size=DEFAULT_BUFFER_SIZE)",
)
.not_listed();
static RANDOM_INIT: Signature = Signature::new(
    "BufferedRandom",
    "($self, /, raw, buffer_size=DEFAULT_BUFFER_SIZE)",
)
.not_listed();
static DETACH: Signature = Signature::unlisted("_Buffered", "detach", "($self, /)");
static FLUSH: Signature = Signature::unlisted("_Buffered", "flush", "($self, /)");
static CLOSE: Signature = Signature::unlisted("_Buffered", "close", "($self, /)");
static SEEKABLE: Signature = Signature::unlisted("_Buffered", "seekable", "($self, /)");
static READABLE: Signature = Signature::unlisted("_Buffered", "readable", "($self, /)");
static WRITABLE: Signature = Signature::unlisted("_Buffered", "writable", "($self, /)");
static FILENO: Signature = Signature::unlisted("_Buffered", "fileno", "($self, /)");
static ISATTY: Signature = Signature::unlisted("_Buffered", "isatty", "($self, /)");
static DEALLOC_WARN: Signature =
    Signature::unlisted("_Buffered", "_dealloc_warn", "($self, source, /)");
static READ: Signature = Signature::of("_Buffered", "read", "($self, size=-1, /)");
static PEEK: Signature = Signature::of("_Buffered", "peek", "($self, size=0, /)");
static READ1: Signature = Signature::of("_Buffered", "read1", "($self, size=-1, /)");
static READINTO: Signature = Signature::of("_Buffered", "readinto", "($self, buffer, /)");
static READINTO1: Signature = Signature::of("_Buffered", "readinto1", "($self, buffer, /)");
static READLINE: Signature = Signature::of("_Buffered", "readline", "($self, size=-1, /)");
static SEEK: Signature = Signature::of("_Buffered", "seek", "($self, target, whence=0, /)");
static TELL: Signature = Signature::unlisted("_Buffered", "tell", "($self, /)");
static TRUNCATE: Signature = Signature::of("_Buffered", "truncate", "($self, pos=None, /)");
static WRITE: Signature = Signature::of("BufferedWriter", "write", "($self, buffer, /)");

const READER_DOC: &str = "Create a new buffered reader using the given readable raw IO object.";
const WRITER_DOC: &str = "A buffer for a writeable sequential RawIO object.\n\n\
The constructor creates a BufferedWriter for the given writeable raw\n\
stream. If the buffer_size is not given, it defaults to\n\
DEFAULT_BUFFER_SIZE.";
const RANDOM_DOC: &str = "A buffered interface to random access streams.\n\n\
The constructor creates a reader and writer for a seekable stream,\n\
raw, given in the first argument. If the buffer_size is omitted it\n\
defaults to DEFAULT_BUFFER_SIZE.";

const BUFFERED_GETSETS: &[GetSet] = &[
    GetSet {
        name: "raw",
        get: get_raw,
        set: Some(readonly),
    },
    GetSet {
        name: "_finalizing",
        get: get_finalizing,
        set: Some(set_finalizing),
    },
    GetSet {
        name: "closed",
        get: get_closed,
        set: None,
    },
    GetSet {
        name: "name",
        get: get_name,
        set: None,
    },
    GetSet {
        name: "mode",
        get: get_mode,
        set: None,
    },
];

static READER_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(READER_DOC),
    subclassable: true,
    instance_dict: true,
    weakrefable: true,
    new: Some(buffered_new),
    slots: &[
        NativeSlot::Repr(buffered_repr),
        NativeSlot::IterNext(buffered_iternext),
        NativeSlot::Init(reader_init),
    ],
    methods: &[
        MethodDef::method("detach", buffered_detach).with_signature(&DETACH),
        MethodDef::method("flush", buffered_simple_flush).with_signature(&FLUSH),
        MethodDef::method("close", buffered_close).with_signature(&CLOSE),
        MethodDef::method("seekable", buffered_seekable).with_signature(&SEEKABLE),
        MethodDef::method("readable", buffered_readable).with_signature(&READABLE),
        MethodDef::method("fileno", buffered_fileno).with_signature(&FILENO),
        MethodDef::method("isatty", buffered_isatty).with_signature(&ISATTY),
        MethodDef::method("_dealloc_warn", buffered_dealloc_warn).with_signature(&DEALLOC_WARN),
        MethodDef::method("read", buffered_read).with_signature(&READ),
        MethodDef::method("peek", buffered_peek).with_signature(&PEEK),
        MethodDef::method("read1", buffered_read1).with_signature(&READ1),
        MethodDef::method("readinto", buffered_readinto).with_signature(&READINTO),
        MethodDef::method("readinto1", buffered_readinto1).with_signature(&READINTO1),
        MethodDef::method("readline", buffered_readline).with_signature(&READLINE),
        MethodDef::method("seek", buffered_seek).with_signature(&SEEK),
        MethodDef::method("tell", buffered_tell).with_signature(&TELL),
        MethodDef::method("truncate", buffered_truncate).with_signature(&TRUNCATE),
    ],
    getsets: BUFFERED_GETSETS,
    text_signature: Some("(raw, buffer_size=DEFAULT_BUFFER_SIZE)"),
    ..NativeTypeSpec::new("BufferedReader", "_io")
};

static WRITER_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(WRITER_DOC),
    subclassable: true,
    instance_dict: true,
    weakrefable: true,
    new: Some(buffered_new),
    slots: &[
        NativeSlot::Repr(buffered_repr),
        NativeSlot::Init(writer_init),
    ],
    methods: &[
        MethodDef::method("close", buffered_close).with_signature(&CLOSE),
        MethodDef::method("detach", buffered_detach).with_signature(&DETACH),
        MethodDef::method("seekable", buffered_seekable).with_signature(&SEEKABLE),
        MethodDef::method("writable", buffered_writable).with_signature(&WRITABLE),
        MethodDef::method("fileno", buffered_fileno).with_signature(&FILENO),
        MethodDef::method("isatty", buffered_isatty).with_signature(&ISATTY),
        MethodDef::method("_dealloc_warn", buffered_dealloc_warn).with_signature(&DEALLOC_WARN),
        MethodDef::method("write", buffered_write).with_signature(&WRITE),
        MethodDef::method("truncate", buffered_truncate).with_signature(&TRUNCATE),
        MethodDef::method("flush", buffered_flush).with_signature(&FLUSH),
        MethodDef::method("seek", buffered_seek).with_signature(&SEEK),
        MethodDef::method("tell", buffered_tell).with_signature(&TELL),
    ],
    getsets: BUFFERED_GETSETS,
    text_signature: Some("(raw, buffer_size=DEFAULT_BUFFER_SIZE)"),
    ..NativeTypeSpec::new("BufferedWriter", "_io")
};

static RANDOM_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(RANDOM_DOC),
    subclassable: true,
    instance_dict: true,
    weakrefable: true,
    new: Some(buffered_new),
    slots: &[
        NativeSlot::Repr(buffered_repr),
        NativeSlot::IterNext(buffered_iternext),
        NativeSlot::Init(random_init),
    ],
    methods: &[
        MethodDef::method("close", buffered_close).with_signature(&CLOSE),
        MethodDef::method("detach", buffered_detach).with_signature(&DETACH),
        MethodDef::method("seekable", buffered_seekable).with_signature(&SEEKABLE),
        MethodDef::method("readable", buffered_readable).with_signature(&READABLE),
        MethodDef::method("writable", buffered_writable).with_signature(&WRITABLE),
        MethodDef::method("fileno", buffered_fileno).with_signature(&FILENO),
        MethodDef::method("isatty", buffered_isatty).with_signature(&ISATTY),
        MethodDef::method("_dealloc_warn", buffered_dealloc_warn).with_signature(&DEALLOC_WARN),
        MethodDef::method("flush", buffered_flush).with_signature(&FLUSH),
        MethodDef::method("seek", buffered_seek).with_signature(&SEEK),
        MethodDef::method("tell", buffered_tell).with_signature(&TELL),
        MethodDef::method("truncate", buffered_truncate).with_signature(&TRUNCATE),
        MethodDef::method("read", buffered_read).with_signature(&READ),
        MethodDef::method("read1", buffered_read1).with_signature(&READ1),
        MethodDef::method("readinto", buffered_readinto).with_signature(&READINTO),
        MethodDef::method("readinto1", buffered_readinto1).with_signature(&READINTO1),
        MethodDef::method("readline", buffered_readline).with_signature(&READLINE),
        MethodDef::method("peek", buffered_peek).with_signature(&PEEK),
        MethodDef::method("write", buffered_write).with_signature(&WRITE),
    ],
    getsets: BUFFERED_GETSETS,
    text_signature: Some("(raw, buffer_size=DEFAULT_BUFFER_SIZE)"),
    ..NativeTypeSpec::new("BufferedRandom", "_io")
};

/// BufferedReader, BufferedWriter, BufferedRandom and BufferedRWPair.
pub(crate) fn new_types(vm: &mut Vm, buffered_iobase: &ObjRef) -> [ObjRef; 4] {
    [
        new_native_type(vm, &READER_TYPE, Some(buffered_iobase)),
        new_native_type(vm, &WRITER_TYPE, Some(buffered_iobase)),
        new_native_type(vm, &RANDOM_TYPE, Some(buffered_iobase)),
        new_native_type(vm, &RWPAIR_TYPE, Some(buffered_iobase)),
    ]
}

fn buffered_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = READER_NEW.bind_all::<0>(vm, args)?;
    let cls = class_arg(vm, bound.this, "_io._Buffered")?;
    Ok(new_native_object(vm, &cls, Buffered::new()))
}

/// Makes an exact buffered object of `class` over `raw` (the standard streams).
pub(super) fn new_std(
    vm: &mut Vm,
    class: &ObjRef,
    raw: Value,
    readable: bool,
    buffer_size: usize,
) -> Value {
    let b = Buffered::new();
    b.readable.set(readable);
    b.writable.set(!readable);
    b.buffer_size.set(buffer_size.max(1));
    b.fast_raw.set(true);
    *b.raw.borrow_mut() = raw;
    b.ok.set(true);
    new_native_object(vm, class, b)
}

/// What the three `__init__`s share: check the raw stream, take it, size the
/// buffer and note where the raw stream is.
fn init_buffered(
    vm: &mut Vm,
    this: &Value,
    raw: Value,
    buffer_size: Option<Value>,
    readable: bool,
    writable: bool,
) -> PyResult<Value> {
    let b = this_buffered(vm, this)?;
    b.ok.set(false);
    b.detached.set(false);
    if readable && writable {
        check_raw(vm, &raw, "seekable", "File or stream is not seekable.")?;
    }
    if readable {
        check_raw(vm, &raw, "readable", "File or stream is not readable.")?;
    }
    if writable {
        check_raw(vm, &raw, "writable", "File or stream is not writable.")?;
    }
    let size = size_arg(vm, buffer_size, DEFAULT_BUFFER_SIZE as isize)?;
    if size <= 0 {
        return Err(vm.new_value_error("buffer size must be strictly positive".to_owned()));
    }
    let state = io_state(vm)?;
    *b.raw.borrow_mut() = raw.clone();
    b.readable.set(readable);
    b.writable.set(writable);
    b.buffer_size.set(size as usize);
    b.fast_raw.set(is_exact(&raw, &state.file_io));
    b.reset_read_buf();
    b.write_buf.borrow_mut().clear();
    b.abs_pos.set(-1);
    if b.raw_tell(vm, &raw).is_err() {
        b.abs_pos.set(-1);
    }
    b.ok.set(true);
    Ok(Value::None)
}

/// `raw.<predicate>()` must be True (CPython's `_PyIOBase_check_readable` ...).
fn check_raw(vm: &mut Vm, raw: &Value, predicate: &str, message: &str) -> PyResult<()> {
    let result = vm.call_method(raw, predicate, vec![])?;
    if !matches!(result, Value::Bool(true)) {
        return Err(unsupported(vm, message));
    }
    Ok(())
}

fn reader_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [raw, buffer_size]) = READER_INIT.bind(vm, args)?;
    init_buffered(vm, &given(this), given(raw), buffer_size, true, false)
}

fn writer_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [raw, buffer_size]) = WRITER_INIT.bind(vm, args)?;
    init_buffered(vm, &given(this), given(raw), buffer_size, false, true)
}

fn random_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [raw, buffer_size]) = RANDOM_INIT.bind(vm, args)?;
    init_buffered(vm, &given(this), given(raw), buffer_size, true, true)
}

fn buffered_detach(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DETACH.bind(vm, args)?;
    let this = given(this);
    let (b, _) = buffered_and_raw(vm, &this)?;
    vm.call_method(&this, "flush", vec![])?;
    let raw = std::mem::replace(&mut *b.raw.borrow_mut(), Value::None);
    b.detached.set(true);
    b.ok.set(false);
    Ok(raw)
}

/// BufferedReader's `flush`: the raw stream's.
fn buffered_simple_flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = FLUSH.bind(vm, args)?;
    let this = given(this);
    let (_, raw) = buffered_and_raw(vm, &this)?;
    vm.call_method(&raw, "flush", vec![])
}

/// BufferedWriter's and BufferedRandom's `flush`: the pending writes go out.
fn buffered_flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = FLUSH.bind(vm, args)?;
    let this = given(this);
    let (b, raw) = buffered_and_raw(vm, &this)?;
    flush_direct(vm, &this, b, &raw)?;
    Ok(Value::None)
}

/// `flush()` of a writing buffered object.
fn flush_direct(vm: &mut Vm, this: &Value, b: &Buffered, raw: &Value) -> PyResult<()> {
    b.check_closed(vm, raw, "flush of closed file")?;
    let _held = b.enter(vm, this)?;
    b.flush_and_rewind(vm, raw)
}

/// `buffer.flush()` for an exact buffered object.
pub(super) fn flush_exact(vm: &mut Vm, this: &Value, b: &Buffered) -> PyResult<()> {
    let raw = b.raw(vm)?;
    if b.writable.get() {
        flush_direct(vm, this, b, &raw)
    } else {
        vm.call_method(&raw, "flush", vec![]).map(|_| ())
    }
}

fn buffered_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CLOSE.bind(vm, args)?;
    let this = given(this);
    let (b, raw) = buffered_and_raw(vm, &this)?;
    {
        let _held = b.enter(vm, &this)?;
        if b.is_closed(vm, &raw)? {
            return Ok(Value::None);
        }
    }
    let flushed = vm.call_method(&this, "flush", vec![]);
    let closed = {
        let _held = b.enter(vm, &this)?;
        let closed = vm.call_method(&raw, "close", vec![]);
        b.reset_read_buf();
        closed
    };
    chain_errors(vm, flushed, closed)
}

/// The result of `first` then `second` (both ran): the first error wins unless the
/// second failed too, which is then raised with the first as its context
/// (CPython's `_PyErr_ChainExceptions`).
pub(super) fn chain_errors(
    vm: &mut Vm,
    first: PyResult<Value>,
    second: PyResult<Value>,
) -> PyResult<Value> {
    match (first, second) {
        (Ok(_), second) => second,
        (Err(first), Ok(_)) => Err(first),
        (Err(first), Err(second)) => {
            let context = Value::Obj(first.0.clone());
            let _ =
                abstract_::setattr_str(vm, &Value::Obj(second.0.clone()), "__context__", context);
            Err(second)
        }
    }
}

fn buffered_seekable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = SEEKABLE.bind(vm, args)?;
    let (_, raw) = buffered_and_raw(vm, &given(this))?;
    vm.call_method(&raw, "seekable", vec![])
}

fn buffered_readable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = READABLE.bind(vm, args)?;
    let (_, raw) = buffered_and_raw(vm, &given(this))?;
    vm.call_method(&raw, "readable", vec![])
}

fn buffered_writable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = WRITABLE.bind(vm, args)?;
    let (_, raw) = buffered_and_raw(vm, &given(this))?;
    vm.call_method(&raw, "writable", vec![])
}

fn buffered_fileno(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = FILENO.bind(vm, args)?;
    let (_, raw) = buffered_and_raw(vm, &given(this))?;
    vm.call_method(&raw, "fileno", vec![])
}

fn buffered_isatty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ISATTY.bind(vm, args)?;
    let (_, raw) = buffered_and_raw(vm, &given(this))?;
    vm.call_method(&raw, "isatty", vec![])
}

fn buffered_dealloc_warn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    DEALLOC_WARN.bind::<1>(vm, args)?;
    Ok(Value::None)
}

fn buffered_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = READ.bind(vm, args)?;
    let this = given(this);
    let (b, raw) = buffered_and_raw(vm, &this)?;
    let n = optional_size(vm, size)?;
    if n < -1 {
        return Err(vm.new_value_error("read length must be non-negative or -1".to_owned()));
    }
    b.check_closed(vm, &raw, "read of closed file")?;
    if n == -1 {
        let _held = b.enter(vm, &this)?;
        return b.read_all(vm, &raw);
    }
    let n = n as usize;
    if n <= b.readahead() {
        return Ok(vm.new_bytes(b.take_buffered(n)));
    }
    let _held = b.enter(vm, &this)?;
    Ok(match b.read_generic(vm, &raw, n)? {
        Some(data) => vm.new_bytes(data),
        None => Value::None,
    })
}

fn buffered_peek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = PEEK.bind(vm, args)?;
    let this = given(this);
    let (b, raw) = buffered_and_raw(vm, &this)?;
    size_arg(vm, size, 0)?;
    b.check_closed(vm, &raw, "peek of closed file")?;
    let _held = b.enter(vm, &this)?;
    if b.writable.get() {
        b.flush_and_rewind(vm, &raw)?;
    }
    let have = b.readahead();
    if have > 0 {
        let buf = b.read_buf.borrow();
        let data = buf[b.read_pos.get()..].to_vec();
        drop(buf);
        return Ok(vm.new_bytes(data));
    }
    let data = match b.fill_buffer(vm, &raw)? {
        RawRead::Data(data) => data,
        RawRead::WouldBlock => Vec::new(),
    };
    Ok(vm.new_bytes(data))
}

/// `read1(n)`: buffered bytes if there are any, else at most one raw read.
fn read1(vm: &mut Vm, this: &Value, b: &Buffered, raw: &Value, n: isize) -> PyResult<Vec<u8>> {
    let n = if n < 0 {
        b.buffer_size.get()
    } else {
        n as usize
    };
    b.check_closed(vm, raw, "read of closed file")?;
    if n == 0 {
        return Ok(Vec::new());
    }
    let have = b.readahead();
    if have > 0 {
        return Ok(b.take_buffered(n.min(have)));
    }
    let _held = b.enter(vm, this)?;
    // As in CPython, pending writes stay pending: they go out later, wherever the
    // raw stream is then.
    b.reset_read_buf();
    Ok(match b.raw_read(vm, raw, n)? {
        RawRead::Data(data) => data,
        RawRead::WouldBlock => Vec::new(),
    })
}

fn buffered_read1(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = READ1.bind(vm, args)?;
    let this = given(this);
    let (b, raw) = buffered_and_raw(vm, &this)?;
    let n = size_arg(vm, size, -1)?;
    let data = read1(vm, &this, b, &raw, n)?;
    Ok(vm.new_bytes(data))
}

/// `readinto` and `readinto1` (at most one raw read).
fn readinto_generic(vm: &mut Vm, this: &Value, buffer: &Value, once: bool) -> PyResult<Value> {
    let (b, raw) = buffered_and_raw(vm, this)?;
    let target = WritableBuffer::of(vm, buffer, if once { "readinto1" } else { "readinto" })?;
    b.check_closed(vm, &raw, "readinto of closed file")?;
    let len = target.len();
    let mut out = b.take_buffered(len);
    if out.len() == len {
        target.fill(&out);
        return Ok(Value::Int(len as i64));
    }
    let _held = b.enter(vm, this)?;
    if b.writable.get() {
        b.flush_and_rewind(vm, &raw)?;
    }
    b.reset_read_buf();
    let size = b.buffer_size.get();
    let mut would_block = false;
    while out.len() < len {
        let remaining = len - out.len();
        let got = if remaining > size {
            b.raw_read(vm, &raw, remaining)?
        } else if !once || out.is_empty() {
            match b.fill_buffer(vm, &raw)? {
                RawRead::Data(data) if !data.is_empty() => {
                    out.extend(b.take_buffered(remaining));
                    continue;
                }
                other => other,
            }
        } else {
            RawRead::Data(Vec::new())
        };
        match got {
            RawRead::Data(data) if data.is_empty() => break,
            RawRead::Data(data) => {
                out.extend_from_slice(&data);
                if once {
                    break;
                }
            }
            RawRead::WouldBlock => {
                would_block = out.is_empty();
                break;
            }
        }
    }
    target.fill(&out);
    if would_block {
        return Ok(Value::None);
    }
    Ok(Value::Int(out.len() as i64))
}

fn buffered_readinto(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [buffer]) = READINTO.bind(vm, args)?;
    readinto_generic(vm, &given(this), &given(buffer), false)
}

fn buffered_readinto1(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [buffer]) = READINTO1.bind(vm, args)?;
    readinto_generic(vm, &given(this), &given(buffer), true)
}

fn buffered_readline(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = READLINE.bind(vm, args)?;
    let this = given(this);
    let (b, raw) = buffered_and_raw(vm, &this)?;
    let limit = optional_size(vm, size)?;
    let line = b.readline(vm, &this, &raw, limit)?;
    Ok(vm.new_bytes(line))
}

fn buffered_iternext(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let (b, raw) = buffered_and_raw(vm, this)?;
    let state = io_state(vm)?;
    let line = if is_exact(this, &state.buffered_reader) || is_exact(this, &state.buffered_random) {
        let line = b.readline(vm, this, &raw, -1)?;
        vm.new_bytes(line)
    } else {
        let line = vm.call_method(this, "readline", vec![])?;
        if !fileio::is_bytes(&line) {
            return Err(vm.new_error(
                Exc::OSError,
                format!(
                    "readline() should have returned a bytes object, not '{}'",
                    vm.type_name_of(&line)
                ),
            ));
        }
        line
    };
    if abstract_::len(vm, &line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line))
}

fn buffered_seek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [target, whence]) = SEEK.bind(vm, args)?;
    let this = given(this);
    let (b, raw) = buffered_and_raw(vm, &this)?;
    let whence = match whence {
        None => 0,
        Some(w) => c_int_arg(vm, &w)?,
    };
    if !(0..=4).contains(&whence) {
        return Err(vm.new_value_error(format!("whence value {whence} unsupported")));
    }
    b.check_closed(vm, &raw, "seek of closed file")?;
    check_raw(vm, &raw, "seekable", "File or stream is not seekable.")?;
    let target_v = given(target);
    let mut target = position_of(vm, &target_v)?;
    if (whence == 0 || whence == 1) && b.readable.get() && b.write_buf.borrow().is_empty() {
        let avail = b.readahead() as i64;
        if avail > 0 {
            let current = match b.abs_pos.get() {
                -1 => b.raw_tell(vm, &raw)?,
                known => known,
            };
            let logical = current - avail;
            let offset = if whence == 0 {
                target - logical
            } else {
                target
            };
            let pos = b.read_pos.get() as i64;
            if offset >= -pos && offset <= avail {
                b.read_pos.set((pos + offset) as usize);
                return Ok(Value::Int(logical + offset));
            }
        }
    }
    let _held = b.enter(vm, &this)?;
    if b.writable.get() {
        b.flush_unlocked(vm, &raw)?;
    }
    if whence == 1 {
        target -= b.readahead() as i64;
    }
    let n = b.raw_seek(vm, &raw, target, whence)?;
    b.reset_read_buf();
    Ok(Value::Int(n))
}

fn buffered_tell(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TELL.bind(vm, args)?;
    let this = given(this);
    let (b, raw) = buffered_and_raw(vm, &this)?;
    let pos = b.raw_tell(vm, &raw)?;
    let pos = pos - b.readahead() as i64 + b.write_buf.borrow().len() as i64;
    Ok(Value::Int(pos.max(0)))
}

fn buffered_truncate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [pos]) = TRUNCATE.bind(vm, args)?;
    let this = given(this);
    let (b, raw) = buffered_and_raw(vm, &this)?;
    b.check_closed(vm, &raw, "truncate of closed file")?;
    if !b.writable.get() {
        return Err(unsupported(vm, "truncate"));
    }
    let _held = b.enter(vm, &this)?;
    b.flush_and_rewind(vm, &raw)?;
    let result = vm.call_method(&raw, "truncate", vec![pos.unwrap_or(Value::None)])?;
    if b.raw_tell(vm, &raw).is_err() {
        b.abs_pos.set(-1);
    }
    Ok(result)
}

fn buffered_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [buffer]) = WRITE.bind(vm, args)?;
    let this = given(this);
    let (b, raw) = buffered_and_raw(vm, &this)?;
    let data = crate::bytes_like_arg(vm, &given(buffer))?;
    let n = b.write(vm, &this, &raw, &data)?;
    Ok(Value::Int(n as i64))
}

/// `tp_name` as CPython prints it: `_io.BufferedWriter` for the module's own
/// classes, the bare name for a class a program defines.
pub(super) fn tp_name(vm: &mut Vm, v: &Value) -> String {
    let class = vm.type_of(v);
    let data = type_data(&class);
    if data.heap {
        data.name()
    } else {
        data.tp_name()
    }
}

fn buffered_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let name = match abstract_::getattr_optional(vm, this, "name") {
        Ok(name) => name,
        Err(e) if vm.err_matches(&e, Exc::ValueError) => None,
        Err(e) => return Err(e),
    };
    let type_name = tp_name(vm, this);
    let text = match name {
        None => format!("<{type_name}>"),
        Some(name) => {
            let shown = super::repr_guarded(vm, this, &name, &type_name)?;
            format!("<{type_name} name={shown}>")
        }
    };
    Ok(vm.new_str(text))
}

fn get_raw(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let b = this_buffered(vm, this)?;
    let raw = b.raw.borrow().clone();
    Ok(raw)
}

fn get_finalizing(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Bool(this_buffered(vm, this)?.finalizing.get()))
}

fn set_finalizing(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    let b = this_buffered(vm, this)?;
    set_bool_member(vm, &b.finalizing, value)
}

fn get_closed(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let (_, raw) = buffered_and_raw(vm, this)?;
    abstract_::getattr_str(vm, &raw, "closed")
}

fn get_name(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let (_, raw) = buffered_and_raw(vm, this)?;
    abstract_::getattr_str(vm, &raw, "name")
}

fn get_mode(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let (_, raw) = buffered_and_raw(vm, this)?;
    abstract_::getattr_str(vm, &raw, "mode")
}

// ---------------------------------------------------------------------------
// BufferedRWPair

/// A reader and a writer over two raw streams, used as one stream.
pub(crate) struct RwPair {
    base: IoBaseState,
    reader: RefCell<Option<Value>>,
    writer: RefCell<Option<Value>>,
}

impl NativeData for RwPair {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        let (Ok(reader), Ok(writer)) = (self.reader.try_borrow(), self.writer.try_borrow()) else {
            return false;
        };
        reader.iter().chain(writer.iter()).for_each(visit);
        true
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        if let Ok(mut reader) = self.reader.try_borrow_mut() {
            taken.extend(reader.take());
        }
        if let Ok(mut writer) = self.writer.try_borrow_mut() {
            taken.extend(writer.take());
        }
    }
}

static RWPAIR_NEW: Signature =
    Signature::unlisted("BufferedRWPair", "__new__", "($type, *args, **kwargs)");
static RWPAIR_INIT: Signature = Signature::new(
    "BufferedRWPair",
    "($self, reader, writer, buffer_size=DEFAULT_BUFFER_SIZE, /)",
)
.not_listed();
static RWPAIR_FORWARD: Signature = Signature::unlisted("BufferedRWPair", "", "($self, *args)");
static RWPAIR_NOARGS: Signature = Signature::unlisted("BufferedRWPair", "", "($self, /)");

const RWPAIR_DOC: &str = "A buffered reader and writer object together.\n\n\
A buffered reader object and buffered writer object put together to\n\
form a sequential IO object that can read and write. This is typically\n\
used with a socket or two-way pipe.\n\n\
reader and writer are RawIOBase objects that are readable and\n\
writeable respectively. If the buffer_size is omitted it defaults to\n\
DEFAULT_BUFFER_SIZE.";

static RWPAIR_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(RWPAIR_DOC),
    subclassable: true,
    instance_dict: true,
    weakrefable: true,
    new: Some(rwpair_new),
    slots: &[NativeSlot::Init(rwpair_init)],
    methods: &[
        MethodDef::method("read", rwpair_read).with_signature(&RWPAIR_FORWARD),
        MethodDef::method("peek", rwpair_peek).with_signature(&RWPAIR_FORWARD),
        MethodDef::method("read1", rwpair_read1).with_signature(&RWPAIR_FORWARD),
        MethodDef::method("readinto", rwpair_readinto).with_signature(&RWPAIR_FORWARD),
        MethodDef::method("readinto1", rwpair_readinto1).with_signature(&RWPAIR_FORWARD),
        MethodDef::method("write", rwpair_write).with_signature(&RWPAIR_FORWARD),
        MethodDef::method("flush", rwpair_flush).with_signature(&RWPAIR_NOARGS),
        MethodDef::method("readable", rwpair_readable).with_signature(&RWPAIR_NOARGS),
        MethodDef::method("writable", rwpair_writable).with_signature(&RWPAIR_NOARGS),
        MethodDef::method("close", rwpair_close).with_signature(&RWPAIR_NOARGS),
        MethodDef::method("isatty", rwpair_isatty).with_signature(&RWPAIR_NOARGS),
    ],
    getsets: &[GetSet {
        name: "closed",
        get: rwpair_closed,
        set: None,
    }],
    text_signature: Some("(reader, writer, buffer_size=DEFAULT_BUFFER_SIZE, /)"),
    ..NativeTypeSpec::new("BufferedRWPair", "_io")
};

fn rwpair_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = RWPAIR_NEW.bind_all::<0>(vm, args)?;
    let cls = class_arg(vm, bound.this, "_io.BufferedRWPair")?;
    Ok(new_native_object(
        vm,
        &cls,
        RwPair {
            base: IoBaseState::default(),
            reader: RefCell::new(None),
            writer: RefCell::new(None),
        },
    ))
}

fn this_pair<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a RwPair> {
    native_data::<RwPair>(this).ok_or_else(|| wrong_receiver(vm, "_io.BufferedRWPair", this))
}

fn rwpair_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [reader, writer, buffer_size]) = RWPAIR_INIT.bind(vm, args)?;
    let this = given(this);
    let pair = this_pair(vm, &this)?;
    let (reader, writer) = (given(reader), given(writer));
    check_raw(vm, &reader, "readable", "File or stream is not readable.")?;
    check_raw(vm, &writer, "writable", "File or stream is not writable.")?;
    let size = Value::Int(size_arg(vm, buffer_size, DEFAULT_BUFFER_SIZE as isize)? as i64);
    let state = io_state(vm)?;
    let reader = vm.call1(
        &Value::Obj(state.buffered_reader.clone()),
        vec![reader, size.clone()],
    )?;
    let writer = vm.call1(
        &Value::Obj(state.buffered_writer.clone()),
        vec![writer, size],
    )?;
    *pair.reader.borrow_mut() = Some(reader);
    *pair.writer.borrow_mut() = Some(writer);
    Ok(Value::None)
}

/// Calls `name` on the pair's reader or writer with the arguments given (CPython's
/// `_forward_call`).
fn forward_call(
    vm: &mut Vm,
    this: &Value,
    to_writer: bool,
    name: &str,
    args: Vec<Value>,
) -> PyResult<Value> {
    let pair = this_pair(vm, this)?;
    let target = if to_writer {
        pair.writer.borrow().clone()
    } else {
        pair.reader.borrow().clone()
    };
    let Some(target) = target else {
        return Err(vm.new_value_error("I/O operation on uninitialized object".to_owned()));
    };
    let method = abstract_::getattr_str(vm, &target, name)?;
    vm.call(&method, Args::new(args))
}

/// A method of the pair that passes its arguments on.
fn forward(vm: &mut Vm, args: Args, to_writer: bool, name: &str) -> PyResult<Value> {
    let bound = RWPAIR_FORWARD.bind_all::<0>(vm, args)?;
    forward_call(vm, &given(bound.this), to_writer, name, bound.args)
}

/// A method of the pair that takes no arguments.
fn forward_noargs(vm: &mut Vm, args: Args, to_writer: bool, name: &str) -> PyResult<Value> {
    let (this, []) = RWPAIR_NOARGS.bind(vm, args)?;
    forward_call(vm, &given(this), to_writer, name, vec![])
}

fn rwpair_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    forward(vm, args, false, "read")
}

fn rwpair_peek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    forward(vm, args, false, "peek")
}

fn rwpair_read1(vm: &mut Vm, args: Args) -> PyResult<Value> {
    forward(vm, args, false, "read1")
}

fn rwpair_readinto(vm: &mut Vm, args: Args) -> PyResult<Value> {
    forward(vm, args, false, "readinto")
}

fn rwpair_readinto1(vm: &mut Vm, args: Args) -> PyResult<Value> {
    forward(vm, args, false, "readinto1")
}

fn rwpair_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    forward(vm, args, true, "write")
}

fn rwpair_flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    forward_noargs(vm, args, true, "flush")
}

fn rwpair_readable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    forward_noargs(vm, args, false, "readable")
}

fn rwpair_writable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    forward_noargs(vm, args, true, "writable")
}

/// `close()`: the writer, then the reader, whatever the writer did.
fn rwpair_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = RWPAIR_NOARGS.bind(vm, args)?;
    let this = given(this);
    let first = forward_call(vm, &this, true, "close", vec![]);
    let second = forward_call(vm, &this, false, "close", vec![]);
    chain_errors(vm, first, second)
}

fn rwpair_isatty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = RWPAIR_NOARGS.bind(vm, args)?;
    let this = given(this);
    let writer = forward_call(vm, &this, true, "isatty", vec![])?;
    if !matches!(writer, Value::Bool(false)) {
        return Ok(writer);
    }
    forward_call(vm, &this, false, "isatty", vec![])
}

fn rwpair_closed(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let pair = this_pair(vm, this)?;
    let writer = pair.writer.borrow().clone();
    match writer {
        Some(writer) => abstract_::getattr_str(vm, &writer, "closed"),
        None => Err(
            vm.new_runtime_error("the BufferedRWPair object is being garbage-collected".to_owned())
        ),
    }
}
