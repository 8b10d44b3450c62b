//! The unpickler's input: a buffer of the pickle's bytes, all of them for
//! `loads`, or for a file what its last `read`, `readline` or `peek` gave (a FRAME
//! reads its whole frame at once), so the file is read no further than the
//! pickle goes.

use std::ops::Range;

use krait_vm::{Exc, Payload, PyErr, PyResult, Value, Vm};

use super::{repr_of, unpickling_error};

/// Where the bytes come from: a buffer, refilled from a file's methods.
///
/// A file with `peek` is read ahead without moving it: the buffer then holds
/// bytes the file still has, and what the unpickler used of them (from
/// `peeked_from` to `pos`) is read off the file before it is read again and at
/// the end of `load`, so the file stops just after the pickle.
#[derive(Default)]
pub(super) struct Input {
    pub(super) data: Vec<u8>,
    pub(super) pos: usize,
    /// Where the bytes start that were only peeked at; `data.len()` when the
    /// buffer came from `read` or `readline`.
    pub(super) peeked_from: usize,
    pub(super) read: Option<Value>,
    pub(super) readline: Option<Value>,
    pub(super) peek: Option<Value>,
}

/// How much a `peek` asks for.
const PREFETCH: usize = 8192 * 16;

impl Input {
    pub(super) fn truncated(vm: &mut Vm) -> PyErr {
        unpickling_error(vm, "pickle data was truncated")
    }

    /// Calls `read(n)`, which must give a bytes-like object.
    pub(super) fn read_file(&mut self, vm: &mut Vm, n: usize) -> PyResult<Vec<u8>> {
        let Some(read) = self.read.clone() else {
            return Err(Input::truncated(vm));
        };
        let data = vm.call1(&read, vec![Value::Int(n as i64)])?;
        krait_vm::objects::bytes::bytes_like_arg(vm, &data)
    }

    /// Reads off the file what was used of peeked bytes.
    pub(super) fn skip_consumed(&mut self, vm: &mut Vm) -> PyResult<()> {
        if self.pos > self.peeked_from && self.read.is_some() {
            self.read_file(vm, self.pos - self.peeked_from)?;
            self.peeked_from = self.pos;
        }
        Ok(())
    }

    /// Makes `data` what the file gives next: peeked at if the file can, read
    /// otherwise; the number of bytes that are there.
    pub(super) fn refill(&mut self, vm: &mut Vm, n: usize) -> PyResult<usize> {
        self.skip_consumed(vm)?;
        if let Some(peek) = self.peek.clone().filter(|_| n < PREFETCH) {
            match vm.call1(&peek, vec![Value::Int(PREFETCH as i64)]) {
                Ok(data) => {
                    self.data = krait_vm::objects::bytes::bytes_like_arg(vm, &data)?;
                    self.pos = 0;
                    self.peeked_from = 0;
                    if n <= self.data.len() {
                        return Ok(self.data.len());
                    }
                }
                // A `peek` that is not supported after all.
                Err(err) if vm.err_matches(&err, Exc::NotImplementedError) => self.peek = None,
                Err(err) => return Err(err),
            }
        }
        self.data = self.read_file(vm, n)?;
        self.pos = 0;
        self.peeked_from = self.data.len();
        Ok(self.data.len())
    }

    /// The next `n` bytes, as a range of `data`.
    pub(super) fn read(&mut self, vm: &mut Vm, n: usize) -> PyResult<Range<usize>> {
        if n <= self.data.len() - self.pos {
            self.pos += n;
            return Ok(self.pos - n..self.pos);
        }
        if self.read.is_none() {
            return Err(Input::truncated(vm));
        }
        if self.refill(vm, n)? < n {
            return Err(Input::truncated(vm));
        }
        self.pos = n;
        Ok(0..n)
    }

    pub(super) fn read_byte(&mut self, vm: &mut Vm) -> PyResult<u8> {
        let range = self.read(vm, 1)?;
        Ok(self.data[range.start])
    }

    /// `n` bytes that may be large: what is buffered, then the rest from the file.
    pub(super) fn read_owned(&mut self, vm: &mut Vm, n: usize) -> PyResult<Vec<u8>> {
        let available = (self.data.len() - self.pos).min(n);
        let mut out = self.data[self.pos..self.pos + available].to_vec();
        self.pos += available;
        if available == n {
            return Ok(out);
        }
        let Some(read) = self.read.clone() else {
            return Err(Input::truncated(vm));
        };
        self.skip_consumed(vm)?;
        let rest = n - available;
        let data = vm.call1(&read, vec![Value::Int(rest as i64)])?;
        // Large data is read straight from the file, which must give bytes.
        let bytes = match &data {
            Value::Obj(o) => match &o.payload {
                Payload::Bytes(bytes) => Some(bytes),
                _ => None,
            },
            _ => None,
        };
        let Some(bytes) = bytes else {
            let class = Value::Obj(vm.type_of(&data));
            let shown = repr_of(vm, &class);
            return Err(vm.new_value_error(format!("read() returned non-bytes object ({shown})")));
        };
        if bytes.len() < rest {
            return Err(Input::truncated(vm));
        }
        out.extend_from_slice(&bytes[..rest]);
        Ok(out)
    }

    /// The next line, its newline included.
    pub(super) fn readline(&mut self, vm: &mut Vm) -> PyResult<Vec<u8>> {
        if let Some(i) = self.data[self.pos..].iter().position(|&b| b == b'\n') {
            let line = self.data[self.pos..self.pos + i + 1].to_vec();
            self.pos += i + 1;
            return Ok(line);
        }
        let Some(readline) = self.readline.clone() else {
            return Err(Input::truncated(vm));
        };
        self.skip_consumed(vm)?;
        let data = vm.call1(&readline, vec![])?;
        self.data = krait_vm::objects::bytes::bytes_like_arg(vm, &data)?;
        self.pos = self.data.len();
        self.peeked_from = self.data.len();
        if self.data.last() != Some(&b'\n') {
            return Err(Input::truncated(vm));
        }
        Ok(self.data.clone())
    }
}

/// An unsigned little-endian size, or `None` past `isize::MAX`.
pub(super) fn binsize(bytes: &[u8]) -> Option<usize> {
    let mut n: u64 = 0;
    for (i, b) in bytes.iter().enumerate() {
        n |= u64::from(*b) << (8 * i);
    }
    usize::try_from(n)
        .ok()
        .filter(|n| *n <= isize::MAX as usize)
}

/// A little-endian int of 1 or 2 bytes (unsigned) or 4 (signed).
pub(super) fn binint(bytes: &[u8]) -> i64 {
    match bytes.len() {
        4 => i64::from(i32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])),
        _ => bytes
            .iter()
            .enumerate()
            .fold(0, |n, (i, b)| n | (i64::from(*b) << (8 * i))),
    }
}
