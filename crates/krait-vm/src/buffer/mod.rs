//! The buffer protocol (CPython's `Py_buffer`, PEP 3118): how an object lends its
//! memory to another without a copy.
//!
//! An exporter is a bytes or bytearray object, or an object of a native type whose
//! `NativeData` lends bytes (`read_buffer`, and `write_buffer` when writable) and
//! describes them (`buffer_format`: `array('i')` exports items of format `'i'` and
//! size 4). `memoryview` is itself a native exporter of the memory it shows. The
//! functions here lend the bytes to a closure that must not run Python code: the
//! memory stays borrowed while it runs.

pub mod items;

use crate::object::Payload;
use crate::value::Value;

/// What an exporter lends: the item format (`struct` syntax), the size of one item,
/// how many bytes in all, and whether they may be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BufferInfo {
    pub format: String,
    pub itemsize: usize,
    pub len: usize,
    pub readonly: bool,
}

/// What `v` exports, if it is an exporter.
pub fn info(v: &Value) -> Option<BufferInfo> {
    let Value::Obj(o) = v else { return None };
    match &o.payload {
        Payload::Bytes(b) => Some(byte_info(b.len(), true)),
        Payload::ByteArray(b) => Some(byte_info(b.borrow().len(), false)),
        Payload::Native(data) => {
            let len = with_readable(v, <[u8]>::len)?;
            let (format, itemsize) = data.buffer_format();
            Some(BufferInfo {
                format,
                itemsize,
                len,
                readonly: data.buffer_readonly(),
            })
        }
        _ => None,
    }
}

fn byte_info(len: usize, readonly: bool) -> BufferInfo {
    BufferInfo {
        format: "B".to_owned(),
        itemsize: 1,
        len,
        readonly,
    }
}

/// Lends the bytes `v` exports to `f`; `None` when `v` exports nothing.
pub fn with_readable<R>(v: &Value, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    let Value::Obj(o) = v else { return None };
    match &o.payload {
        Payload::Bytes(b) => Some(f(b)),
        Payload::ByteArray(b) => Some(f(&b.borrow())),
        Payload::Native(data) => {
            let mut f = Some(f);
            let mut result = None;
            data.read_buffer(&mut |bytes| result = f.take().map(|f| f(bytes)));
            result
        }
        _ => None,
    }
}

/// Lends the bytes `v` exports to `f` for writing; `None` when `v` exports nothing
/// or lends it read-only.
pub fn with_writable<R>(v: &Value, f: impl FnOnce(&mut [u8]) -> R) -> Option<R> {
    let Value::Obj(o) = v else { return None };
    match &o.payload {
        Payload::ByteArray(b) => Some(f(&mut b.borrow_mut())),
        Payload::Native(data) => {
            let mut f = Some(f);
            let mut result = None;
            data.write_buffer(&mut |bytes| result = f.take().map(|f| f(bytes)));
            result
        }
        _ => None,
    }
}

/// A copy of the bytes `v` exports.
pub fn to_vec(v: &Value) -> Option<Vec<u8>> {
    with_readable(v, <[u8]>::to_vec)
}

/// Tells an exporter that a view of it started (`+1`) or stopped (`-1`) using its
/// memory: an exporting bytearray or array cannot be resized.
pub fn count_export(v: &Value, delta: isize) {
    if let Value::Obj(o) = v {
        match &o.payload {
            Payload::Native(data) => data.buffer_exports(delta),
            Payload::ByteArray(b) => b.exports.set(b.exports.get().saturating_add_signed(delta)),
            _ => {}
        }
    }
}
