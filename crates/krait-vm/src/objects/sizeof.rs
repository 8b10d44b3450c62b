//! Object sizes as CPython reports them on a 64-bit build: `type.__basicsize__`,
//! `type.__itemsize__`, `object.__sizeof__` and `sys.getsizeof`.
//!
//! Krait's objects are laid out differently, but programs and tests compare these
//! numbers with CPython's (`test.support.check_sizeof`, memory estimates), so they
//! are computed from CPython's layouts: the fixed part of each builtin type, the
//! variable part from the object's length, and what a class statement adds (a
//! pointer per `__slots__` name, for the weak reference list, for a `__dict__` that
//! cannot be kept before the object).

use super::typeobject::{base_of, type_data, Layout};
use crate::object::{ObjRef, Payload};
use crate::value::Value;

const POINTER: usize = 8;

/// CPython's `tp_basicsize` and `tp_itemsize` of the builtin types Krait has.
fn builtin_sizes(name: &str) -> (usize, usize) {
    match name {
        "int" => (24, 4),
        "bool" => (32, 4),
        "float" => (24, 0),
        "complex" => (32, 0),
        "str" => (80, 0),
        "bytes" => (33, 1),
        "bytearray" => (56, 0),
        "tuple" => (24, 8),
        "list" | "slice" | "super" | "traceback" => (40, 0),
        "dict" | "range" | "method" | "zip" => (48, 0),
        "set" | "frozenset" => (200, 0),
        // A dict and its order's list ends, fast-node table, state and dicts.
        "OrderedDict" => (112, 0),
        "type" => (904, 40),
        "function" => (136, 0),
        "builtin_function_or_method" | "module" | "enumerate" => (56, 0),
        "property" => (64, 0),
        "classmethod" | "staticmethod" | "map" | "filter" | "reversed" => (32, 0),
        "code" => (184, 2),
        "cell" => (24, 0),
        "generator" | "coroutine" => (152, 8),
        "frame" => (120, 8),
        "memoryview" => (144, 8),
        "OSError"
        | "ConnectionError"
        | "BlockingIOError"
        | "ChildProcessError"
        | "FileExistsError"
        | "FileNotFoundError"
        | "InterruptedError"
        | "IsADirectoryError"
        | "NotADirectoryError"
        | "PermissionError"
        | "ProcessLookupError"
        | "TimeoutError"
        | "BrokenPipeError"
        | "ConnectionAbortedError"
        | "ConnectionRefusedError"
        | "ConnectionResetError" => (112, 0),
        _ => (16, 0),
    }
}

/// `tp_itemsize`: what each item adds to a variable-sized object.
pub fn itemsize(ty: &ObjRef) -> usize {
    let data = type_data(ty);
    if data.heap {
        return base_of(ty).map_or(0, |b| itemsize(&b));
    }
    builtin_sizes(&data.name()).1
}

/// `tp_basicsize`: the fixed part of an instance.
pub fn basicsize(ty: &ObjRef) -> usize {
    let data = type_data(ty);
    if !data.heap {
        if data.layout == Layout::Exception && !matches!(builtin_sizes(&data.name()), (112, _)) {
            return exception_basicsize(ty);
        }
        return builtin_sizes(&data.name()).0;
    }
    let Some(base) = base_of(ty) else {
        return 16;
    };
    let base_data = type_data(&base);
    let own_slots = super::typeobject::own_slot_names(ty).len();
    let mut size = basicsize(&base) + own_slots * POINTER;
    if data.weakrefable.get() && !base_data.weakrefable.get() {
        size += POINTER;
    }
    // A `__dict__` goes before the object (CPython's managed dict) unless the base
    // ends in items; then it takes a pointer at the end.
    if data.instance_dict.get() && !base_data.instance_dict.get() && itemsize(&base) != 0 {
        size += POINTER;
    }
    size
}

/// Builtin exception classes: `BaseException`'s 72 bytes plus what the subclasses
/// of the C level add (`OSError`'s are listed with the builtin sizes).
fn exception_basicsize(ty: &ObjRef) -> usize {
    match type_data(ty).name().as_str() {
        "SyntaxError" | "IndentationError" | "TabError" => 136,
        "ImportError" | "ModuleNotFoundError" | "ExceptionGroup" => 96,
        "UnicodeEncodeError" | "UnicodeDecodeError" | "UnicodeTranslateError" => 112,
        "StopIteration" | "SystemExit" | "NameError" => 80,
        "AttributeError" | "BaseExceptionGroup" => 88,
        _ => 72,
    }
}

/// Whether instances keep their `__dict__` before the object (CPython's
/// `Py_TPFLAGS_MANAGED_DICT`), which `sys.getsizeof` counts.
fn managed_dict(ty: &ObjRef) -> bool {
    let data = type_data(ty);
    if !data.heap || !data.instance_dict.get() {
        return false;
    }
    match base_of(ty) {
        Some(base) if type_data(&base).instance_dict.get() => managed_dict(&base),
        Some(base) => itemsize(&base) == 0,
        None => true,
    }
}

/// The number of entries a dict's key table has for `len` items: a power of two of
/// at least 8 whose two thirds hold them.
pub fn dict_table_size(len: usize) -> usize {
    let mut size = 8;
    while size * 2 / 3 < len {
        size *= 2;
    }
    size
}

/// `object.__sizeof__()`: the fixed part of the object's type plus its items.
pub fn object_sizeof(obj: &ObjRef) -> usize {
    let base = basicsize(&obj.class());
    let extra = match &obj.payload {
        Payload::Tuple(items) => items.len() * POINTER,
        Payload::Bytes(b) => b.len(),
        Payload::List(items) => items.borrow().capacity() * POINTER,
        Payload::ByteArray(b) => {
            let b = b.borrow();
            if b.is_empty() {
                0
            } else {
                b.capacity().max(b.len() + 1)
            }
        }
        Payload::Str(s) => return str_sizeof(obj, s.as_str()),
        Payload::Dict(d) => {
            let d = d.borrow();
            if d.is_empty() {
                0
            } else {
                let size = dict_table_size(d.len());
                let index_bytes = if size <= 128 {
                    1
                } else if size <= 1 << 15 {
                    2
                } else {
                    4
                };
                let all_str = d
                    .keys()
                    .iter()
                    .all(|k| matches!(k, Value::Obj(o) if matches!(o.payload, Payload::Str(_))));
                let entry = if all_str { 16 } else { 24 };
                32 + size * index_bytes + size * 2 / 3 * entry
            }
        }
        _ => 0,
    };
    base + extra
}

/// A str's size: exact strs are CPython's compact strings (a 48-byte header for
/// ASCII, 72 otherwise, then the code points at 1, 2 or 4 bytes and a terminator);
/// a subclass's instances have the type's fixed part instead of the header.
fn str_sizeof(obj: &ObjRef, text: &str) -> usize {
    let widest = text.chars().map(|c| c as u32).max().unwrap_or(0);
    let kind = match widest {
        0..=0xff => 1,
        0x100..=0xffff => 2,
        _ => 4,
    };
    let units = (text.chars().count() + 1) * kind;
    let class = obj.class();
    if type_data(&class).heap {
        return basicsize(&class) + units;
    }
    if widest < 0x80 {
        48 + units
    } else {
        72 + units
    }
}

/// What `sys.getsizeof` adds to `__sizeof__()`: the collector's header for objects
/// it tracks and the two pointers before an object with a managed `__dict__`.
pub fn getsizeof_overhead(obj: &Value) -> usize {
    let Value::Obj(o) = obj else {
        return 0;
    };
    let class = o.class();
    let mut extra = 0;
    if type_data(&class).heap || crate::gc::is_container(&o.payload) {
        extra += 16;
    }
    if managed_dict(&class) {
        extra += 2 * POINTER;
    }
    extra
}
