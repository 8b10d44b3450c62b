//! The strings patterns match (CPython's `getstring` and `getslice`): a str, read in
//! place, or the contents of a bytes-like object, copied once per call as CPython
//! holds the buffer for the call.

use krait_vm::objects::str::PyStr;
use krait_vm::{abstract_, Payload, PyResult, Value, Vm};

use super::engine::Text;

/// A subject being matched.
pub(crate) enum Subject {
    /// A str (or an instance of a subclass), read from the object, which keeps
    /// its length and whether it is ASCII.
    Str(Value),
    /// A str holding lone surrogates, with its code points spelled as WTF-8 (the
    /// object's text stands U+FFFD in for them), which the matcher reads code
    /// point by code point.
    StrWithSurrogates(Value, Vec<u8>),
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
            if s.has_surrogates() {
                let points: Vec<u32> = s.code_points().collect();
                let spelled = krait_bytecode::code::encode_surrogatepass(&points);
                return Ok(Subject::StrWithSurrogates(v.clone(), spelled));
            }
            return Ok(Subject::Str(v.clone()));
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
            Subject::Str(v) | Subject::StrWithSurrogates(v, _) => {
                as_pystr(v).map_or(0, PyStr::char_len)
            }
            Subject::Bytes(bytes) => bytes.len(),
        }
    }

    /// The subject as the matcher reads it.
    pub fn text(&self) -> Text<'_> {
        match self {
            Subject::Str(v) => match as_pystr(v) {
                Some(s) if s.is_ascii() => Text::Narrow(s.as_str().as_bytes()),
                Some(s) => Text::Wide(s.as_str()),
                None => Text::Narrow(&[]),
            },
            // SAFETY: `encode_surrogatepass` spells every code point in UTF-8's
            // form, surrogates included: well-formed WTF-8.
            Subject::StrWithSurrogates(_, spelled) => {
                Text::Wtf8(unsafe { rustpython_wtf8::Wtf8::from_bytes_unchecked(spelled) })
            }
            Subject::Bytes(bytes) => Text::Narrow(bytes),
        }
    }

    /// Characters `start..end` as a new str or bytes object.
    pub fn slice(&self, vm: &mut Vm, start: usize, end: usize) -> Value {
        match self {
            Subject::Str(v) | Subject::StrWithSurrogates(v, _) => match as_pystr(v) {
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
