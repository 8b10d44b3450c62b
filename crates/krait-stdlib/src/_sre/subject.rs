//! The strings patterns match (CPython's `getstring` and `getslice`): a str, read in
//! place, or the contents of a bytes-like object, copied once per call as CPython
//! holds the buffer for the call.

use krait_vm::objects::str::PyStr;
use krait_vm::{abstract_, Payload, PyResult, Value, Vm};

use super::engine::Text;

/// A subject being matched.
pub(crate) enum Subject {
    /// A str (or an instance of a subclass). An ASCII one is read in place; any
    /// other is decoded once to its code points (lone surrogates included), which
    /// the matcher indexes directly.
    Str {
        string: Value,
        points: Option<Box<[u32]>>,
    },
    /// The bytes of a bytes-like object.
    Bytes(Vec<u8>),
}

/// The text of `v` if it is a str.
pub(crate) fn as_pystr(v: &Value) -> Option<&PyStr> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Str(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

pub(crate) use crate::bytes_like;

impl Subject {
    /// The subject `v`, or CPython's `TypeError` for anything that is neither a str
    /// nor bytes-like.
    pub fn of(vm: &mut Vm, v: &Value) -> PyResult<Subject> {
        if let Some(s) = as_pystr(v) {
            let points = if s.is_ascii() {
                None
            } else if s.has_surrogates() {
                Some(s.code_points().collect())
            } else {
                Some(s.as_str().chars().map(u32::from).collect())
            };
            return Ok(Subject::Str {
                string: v.clone(),
                points,
            });
        }
        match bytes_like(vm, v)? {
            Some(bytes) => Ok(Subject::Bytes(bytes)),
            None => {
                let given = vm.type_name_of(v);
                Err(vm.new_type_error(format!(
                    "expected string or bytes-like object, got '{given}'"
                )))
            }
        }
    }

    pub fn is_bytes(&self) -> bool {
        matches!(self, Subject::Bytes(_))
    }

    /// The length in characters.
    pub fn len(&self) -> usize {
        match self {
            Subject::Str { string, .. } => as_pystr(string).map_or(0, PyStr::char_len),
            Subject::Bytes(bytes) => bytes.len(),
        }
    }

    /// The subject as the matcher reads it.
    pub fn text(&self) -> Text<'_> {
        match self {
            Subject::Str {
                points: Some(points),
                ..
            } => Text::Wide(points),
            Subject::Str { string, .. } => {
                Text::Narrow(as_pystr(string).map_or(&[], |s| s.as_str().as_bytes()))
            }
            Subject::Bytes(bytes) => Text::Narrow(bytes),
        }
    }

    /// Characters `start..end` as a new str or bytes object.
    pub fn slice(&self, vm: &mut Vm, start: usize, end: usize) -> Value {
        match self {
            Subject::Str { string, .. } => match as_pystr(string) {
                Some(s) => str_slice(vm, s, start, end),
                None => vm.new_str(""),
            },
            Subject::Bytes(bytes) => {
                let end = end.min(bytes.len());
                vm.new_bytes(bytes[start.min(end)..end].to_vec())
            }
        }
    }

    /// An empty str or bytes, matching the subject.
    pub fn empty(&self, vm: &mut Vm) -> Value {
        match self {
            Subject::Bytes(_) => vm.new_bytes(Vec::new()),
            _ => vm.new_str(""),
        }
    }
}

/// Characters `start..end` of a str, lone surrogates kept.
fn str_slice(vm: &mut Vm, s: &PyStr, start: usize, end: usize) -> Value {
    if s.has_surrogates() {
        return vm.new_pystr(s.slice(start, end));
    }
    vm.new_str(s.substring(start, end))
}

/// Characters `start..end` of the object a match was made on, read again as CPython
/// does (a bytearray may have changed since).
pub(crate) fn slice_of(vm: &mut Vm, string: &Value, start: usize, end: usize) -> PyResult<Value> {
    if let Some(s) = as_pystr(string) {
        let exact = matches!(string, Value::Obj(o) if abstract_::is_exact_builtin(o));
        if exact && start == 0 && end >= s.char_len() {
            return Ok(string.clone());
        }
        return Ok(str_slice(vm, s, start, end));
    }
    if let Value::Obj(o) = string {
        if let Payload::Bytes(bytes) = &o.payload {
            let end = end.min(bytes.len());
            if abstract_::is_exact_builtin(o) && start == 0 && end == bytes.len() {
                return Ok(string.clone());
            }
            return Ok(vm.new_bytes(bytes[start.min(end)..end].to_vec()));
        }
    }
    match Subject::of(vm, string)? {
        Subject::Bytes(bytes) => {
            let end = end.min(bytes.len());
            Ok(vm.new_bytes(bytes[start.min(end)..end].to_vec()))
        }
        other => Ok(other.slice(vm, start, end)),
    }
}
