//! The `bytes` type (CPython's `Objects/bytesobject.c`) and the byte-string methods it
//! shares with `bytearray` (`Objects/bytes_methods.c`, `Objects/stringlib/`). Each
//! shared method works on either payload and returns the type of `self`.

use std::borrow::Cow;

use crate::abstract_;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::function::Args;
use crate::objects::str::StrBuf;
use crate::objects::str_methods::{adjust_indices, argument_type_name, index_arg, slice_bound};
use crate::objects::{add_classmethod_sig, add_method_sig, add_new, add_staticmethod_sig, this};
use crate::signature::Signature;
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};
use krait_bytecode::opcode_table::NB_REMAINDER;

/// `repr()` of bytes: `b'...'` with escapes.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from("b");
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote);
    out
}

/// The contents of a bytes-like object (bytes, bytearray), copied.
pub fn as_bytes(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Bytes(b) => Some(b.to_vec()),
            Payload::ByteArray(b) => Some(b.borrow().clone()),
            _ => None,
        },
        _ => None,
    }
}

/// A bytes-like argument (bytes, bytearray or a memoryview of either), or `a
/// bytes-like object is required, not 'str'`.
pub fn bytes_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    bytes_like_arg(vm, v)
}

/// A byte value 0..=255 from an int (`byte must be in range(0, 256)`).
pub fn byte_value(vm: &mut Vm, v: &Value) -> PyResult<u8> {
    checked_byte(vm, v, "byte must be in range(0, 256)")
}

/// `v` through `__index__`, which must give 0 to 255 (else ValueError `message`).
fn checked_byte(vm: &mut Vm, v: &Value, message: &str) -> PyResult<u8> {
    let n = abstract_::index(vm, v)?;
    match crate::objects::int::as_i64(&n).or(match n {
        Value::Bool(b) => Some(b as i64),
        _ => None,
    }) {
        Some(n) if (0..256).contains(&n) => Ok(n as u8),
        _ => Err(vm.new_value_error(message.to_owned())),
    }
}

/// The canonical name of a codec this build knows, or the lowered input.
pub fn normalize_encoding(encoding: &str) -> String {
    let e = encoding.to_ascii_lowercase().replace(['_', ' '], "-");
    match e.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => "utf-8".to_owned(),
        "ascii" | "us-ascii" | "646" | "us" => "ascii".to_owned(),
        "latin-1" | "latin1" | "latin" | "l1" | "iso-8859-1" | "iso8859-1" | "8859" | "cp819"
        | "iso-ir-100" => "latin-1".to_owned(),
        "utf-7" | "utf7" | "u7" | "unicode-1-1-utf-7" => "utf-7".to_owned(),
        "utf-16" | "utf16" => "utf-16".to_owned(),
        "utf-16-le" | "utf-16le" => "utf-16-le".to_owned(),
        "utf-16-be" | "utf-16be" => "utf-16-be".to_owned(),
        "utf-32" | "utf32" => "utf-32".to_owned(),
        "utf-32-le" | "utf-32le" => "utf-32-le".to_owned(),
        "utf-32-be" | "utf-32be" => "utf-32-be".to_owned(),
        _ => e,
    }
}

/// Applies the error handler to the undecodable bytes `start..end` of `input`;
/// where decoding goes on (`end`, or where a registered handler says). A
/// registered handler may replace the error's `object`: decoding then goes on
/// in those bytes (`input` becomes them), as CPython's decoders do (one that
/// kept reading the old bytes would ask the handler forever).
#[allow(clippy::too_many_arguments)]
pub fn decode_bad(
    vm: &mut Vm,
    out: &mut StrBuf,
    codec: &str,
    input: &mut Cow<'_, [u8]>,
    start: usize,
    end: usize,
    reason: &str,
    errors: &str,
) -> PyResult<usize> {
    let bytes: &[u8] = input;
    match errors {
        "ignore" => Ok(end),
        "replace" => {
            out.push('\u{fffd}');
            Ok(end)
        }
        "backslashreplace" => {
            for b in &bytes[start..end] {
                out.push_str(&format!("\\x{b:02x}"));
            }
            Ok(end)
        }
        // Each undecodable byte becomes U+DC80..U+DCFF; ASCII bytes cannot.
        "surrogateescape" if bytes[start..end].iter().all(|b| *b >= 0x80) => {
            for b in &bytes[start..end] {
                out.push_code_point(0xdc00 + u32::from(*b));
            }
            Ok(end)
        }
        // A surrogate encoded as the codec would encode any other code point.
        "surrogatepass" => match encoded_surrogate(codec, &bytes[start..]) {
            Some((code, width)) => {
                out.push_code_point(code);
                Ok(start + width)
            }
            None => Err(decode_error(vm, codec, bytes, start, end, reason)),
        },
        "strict" | "surrogateescape" => Err(decode_error(vm, codec, bytes, start, end, reason)),
        other => {
            let handler = crate::objects::str_methods::lookup_error_handler(vm, other)?;
            let exc = Value::Obj(decode_error(vm, codec, bytes, start, end, reason).0);
            let result = vm.call1(&handler, vec![exc.clone()])?;
            if let Some(object) = abstract_::getattr_optional(vm, &exc, "object")? {
                match as_bytes(&object) {
                    Some(now) if now != **input => *input = Cow::Owned(now),
                    Some(_) => {}
                    None => {
                        return Err(vm.new_type_error("object attribute must be bytes".to_owned()))
                    }
                }
            }
            let (replacement, resume) =
                crate::objects::str_methods::error_handler_result(vm, &result, input.len(), true)?;
            if let Some(text) = crate::objects::str::as_pystr(&replacement) {
                out.push_pystr(text);
            }
            Ok(resume)
        }
    }
}

/// The surrogate code point that `data` starts with in `codec`'s encoding, and how
/// many bytes encode it (what `surrogatepass` lets through).
pub fn encoded_surrogate(codec: &str, data: &[u8]) -> Option<(u32, usize)> {
    let code = match codec {
        "utf-8" => match data {
            [0xed, b @ 0xa0..=0xbf, c @ 0x80..=0xbf, ..] => {
                let code = 0xd000 | (u32::from(b & 0x3f) << 6) | u32::from(c & 0x3f);
                return Some((code, 3));
            }
            _ => return None,
        },
        "utf-16-le" => u32::from(u16::from_le_bytes([*data.first()?, *data.get(1)?])),
        "utf-16-be" => u32::from(u16::from_be_bytes([*data.first()?, *data.get(1)?])),
        "utf-32-le" => u32::from_le_bytes(data.get(..4)?.try_into().ok()?),
        "utf-32-be" => u32::from_be_bytes(data.get(..4)?.try_into().ok()?),
        _ => return None,
    };
    let width = if codec.starts_with("utf-16") { 2 } else { 4 };
    crate::objects::str::is_surrogate(code).then_some((code, width))
}

/// UTF-16 in either byte order; `None` order reads a BOM (little-endian without one).
fn decode_utf16(vm: &mut Vm, bytes: &[u8], big: Option<bool>, errors: &str) -> PyResult<StrBuf> {
    let (mut i, big) = match big {
        Some(b) => (0, b),
        None => match bytes {
            [0xff, 0xfe, ..] => (2, false),
            [0xfe, 0xff, ..] => (2, true),
            _ => (0, false),
        },
    };
    let codec = if big { "utf-16-be" } else { "utf-16-le" };
    let unit = |bytes: &[u8], k: usize| {
        let pair = [bytes[k], bytes[k + 1]];
        if big {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    };
    let mut out = StrBuf::with_capacity(bytes.len() / 2);
    // An error handler may give other bytes to go on with.
    let mut input = Cow::Borrowed(bytes);
    while i < input.len() {
        let bytes = &*input;
        let (end, reason) = if i + 1 >= bytes.len() {
            (bytes.len(), "truncated data")
        } else {
            match unit(bytes, i) {
                u @ 0xd800..=0xdbff => {
                    if i + 3 >= bytes.len() {
                        // The error covers the rest of the data, a stray odd byte too.
                        (bytes.len(), "unexpected end of data")
                    } else {
                        let low = unit(bytes, i + 2);
                        if (0xdc00..=0xdfff).contains(&low) {
                            let high = (u as u32) - 0xd800;
                            let c = 0x10000 + (high << 10) + ((low as u32) - 0xdc00);
                            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                            i += 4;
                            continue;
                        }
                        (i + 2, "illegal UTF-16 surrogate")
                    }
                }
                0xdc00..=0xdfff => (i + 2, "illegal encoding"),
                u => {
                    out.push(char::from_u32(u as u32).unwrap_or('\u{fffd}'));
                    i += 2;
                    continue;
                }
            }
        };
        i = decode_bad(vm, &mut out, codec, &mut input, i, end, reason, errors)?;
    }
    Ok(out)
}

/// UTF-32 in either byte order; `None` order reads a BOM (little-endian without one).
fn decode_utf32(vm: &mut Vm, bytes: &[u8], big: Option<bool>, errors: &str) -> PyResult<StrBuf> {
    let (mut i, big) = match big {
        Some(b) => (0, b),
        None => match bytes {
            [0xff, 0xfe, 0, 0, ..] => (4, false),
            [0, 0, 0xfe, 0xff, ..] => (4, true),
            _ => (0, false),
        },
    };
    let codec = if big { "utf-32-be" } else { "utf-32-le" };
    let mut out = StrBuf::with_capacity(bytes.len() / 4);
    let mut input = Cow::Borrowed(bytes);
    while i < input.len() {
        let bytes = &*input;
        let (end, reason) = if i + 3 >= bytes.len() {
            (bytes.len(), "truncated data")
        } else {
            let quad = [bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]];
            let n = if big {
                u32::from_be_bytes(quad)
            } else {
                u32::from_le_bytes(quad)
            };
            match char::from_u32(n) {
                Some(c) => {
                    out.push(c);
                    i += 4;
                    continue;
                }
                None if (0xd800..0xe000).contains(&n) => (
                    i + 4,
                    "code point in surrogate code point range(0xd800, 0xe000)",
                ),
                None => (i + 4, "code point not in range(0x110000)"),
            }
        };
        i = decode_bad(vm, &mut out, codec, &mut input, i, end, reason, errors)?;
    }
    Ok(out)
}

fn decode_error(
    vm: &mut Vm,
    codec: &str,
    bytes: &[u8],
    start: usize,
    end: usize,
    reason: &str,
) -> crate::PyErr {
    let object = vm.new_bytes(bytes.to_vec());
    let exc = Exc::UnicodeDecodeError;
    crate::objects::exceptions::new_unicode_error(vm, exc, codec, object, start, end, reason)
}

/// Decodes bytes with a codec name (`utf-8`, `ascii`, `latin-1`) and error handler.
pub fn decode(vm: &mut Vm, bytes: &[u8], encoding: &str, errors: &str) -> PyResult<StrBuf> {
    let codec = normalize_encoding(encoding);
    match codec.as_str() {
        "utf-7" => return super::utf7::decode(vm, bytes, errors, true).map(|(text, _)| text),
        "utf-16" => return decode_utf16(vm, bytes, None, errors),
        "utf-16-le" => return decode_utf16(vm, bytes, Some(false), errors),
        "utf-16-be" => return decode_utf16(vm, bytes, Some(true), errors),
        "utf-32" => return decode_utf32(vm, bytes, None, errors),
        "utf-32-le" => return decode_utf32(vm, bytes, Some(false), errors),
        "utf-32-be" => return decode_utf32(vm, bytes, Some(true), errors),
        _ => {}
    }
    let mut out = StrBuf::with_capacity(bytes.len());
    let mut i = 0;
    // An error handler may give other bytes to go on with.
    let mut input = Cow::Borrowed(bytes);
    while i < input.len() {
        let bytes = &*input;
        // The next bad range start..end with its reason, after the good prefix.
        let (start, end, reason) = match codec.as_str() {
            "utf-8" => match std::str::from_utf8(&bytes[i..]) {
                Ok(s) => {
                    out.push_str(s);
                    break;
                }
                Err(e) => {
                    let good = i + e.valid_up_to();
                    out.push_str(std::str::from_utf8(&bytes[i..good]).unwrap_or(""));
                    match e.error_len() {
                        None => (good, bytes.len(), "unexpected end of data"),
                        Some(n) => {
                            let first = bytes[good];
                            let invalid_start = matches!(first, 0x80..=0xc1 | 0xf5..=0xff);
                            let reason = if invalid_start {
                                "invalid start byte"
                            } else {
                                "invalid continuation byte"
                            };
                            (good, good + n, reason)
                        }
                    }
                }
            },
            "ascii" => {
                let bad = bytes[i..].iter().position(|b| *b >= 0x80).map(|p| p + i);
                match bad {
                    None => {
                        bytes[i..].iter().for_each(|b| out.push(*b as char));
                        break;
                    }
                    Some(p) => {
                        bytes[i..p].iter().for_each(|b| out.push(*b as char));
                        (p, p + 1, "ordinal not in range(128)")
                    }
                }
            }
            "latin-1" => {
                bytes[i..].iter().for_each(|b| out.push(*b as char));
                break;
            }
            _ => {
                return Err(vm.new_error(Exc::LookupError, format!("unknown encoding: {encoding}")))
            }
        };
        i = match errors {
            "strict" => return Err(decode_error(vm, &codec, bytes, start, end, reason)),
            other => decode_bad(vm, &mut out, &codec, &mut input, start, end, reason, other)?,
        };
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Making values

pub fn new_bytearray(vm: &Vm, data: Vec<u8>) -> Value {
    Value::Obj(PyObject::new(
        vm.types.bytearray.clone(),
        Payload::ByteArray(crate::object::ByteArrayData::new(data)),
    ))
}

fn is_bytearray(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(o.payload, Payload::ByteArray(_)))
}

/// A result of the type of `self`: bytes for bytes, bytearray for bytearray.
fn new_like(vm: &Vm, this: &Value, data: Vec<u8>) -> Value {
    if is_bytearray(this) {
        new_bytearray(vm, data)
    } else {
        vm.new_bytes(data)
    }
}

/// CPython's TypeError for a bytes (or bytearray) method called on another type.
fn check_self(vm: &mut Vm, args: &Args, name: &str, bytearray: bool) -> PyResult<()> {
    let v = this(args);
    let ok = match &v {
        Value::Obj(o) => match &o.payload {
            Payload::Bytes(_) => !bytearray,
            Payload::ByteArray(_) => bytearray,
            _ => false,
        },
        _ => false,
    };
    if ok {
        return Ok(());
    }
    let expected = if bytearray { "bytearray" } else { "bytes" };
    Err(crate::objects::int::descriptor_self_error(
        vm, name, expected, &v,
    ))
}

/// `self` of a bytes or bytearray method with a declared signature (its type checked
/// by the call), and a copy of its contents.
fn bound_bytes(vm: &mut Vm, this: Option<Value>) -> PyResult<(Value, Vec<u8>)> {
    let this = this.unwrap_or(Value::None);
    match as_bytes(&this) {
        Some(b) => Ok((this, b)),
        None => Err(vm.new_type_error(format!(
            "descriptor requires a 'bytes' object but received a '{}'",
            vm.type_name_of(&this)
        ))),
    }
}

/// The contents of `self` (bytes or bytearray).
/// Runs `f` on the bytes of a bytes or bytearray object without copying them; `f`
/// must not run Python code (a bytearray stays borrowed while it runs).
pub fn with_bytes<R>(v: &Value, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Bytes(b) => Some(f(b)),
            Payload::ByteArray(b) => Some(f(&b.borrow())),
            _ => None,
        },
        _ => None,
    }
}

/// Runs `f` on the bytes of the object `v` a method is bound to, without copying.
fn with_bound_bytes<R>(vm: &mut Vm, v: &Value, f: impl FnOnce(&[u8]) -> R) -> PyResult<R> {
    match with_bytes(v, f) {
        Some(r) => Ok(r),
        None => Err(vm.new_type_error(format!(
            "descriptor requires a 'bytes' object but received a '{}'",
            vm.type_name_of(v)
        ))),
    }
}

pub fn self_bytes(vm: &mut Vm, args: &Args) -> PyResult<Vec<u8>> {
    let v = this(args);
    as_bytes(&v).ok_or_else(|| {
        vm.new_type_error(format!(
            "descriptor requires a 'bytes' object but received a '{}'",
            vm.type_name_of(&v)
        ))
    })
}

fn type_label(v: &Value) -> &'static str {
    if is_bytearray(v) {
        "bytearray"
    } else {
        "bytes"
    }
}

/// What `v.__bytes__()` returns, checked to be bytes; `None` without the method.
fn bytes_by_dunder(vm: &mut Vm, v: &Value) -> PyResult<Option<Vec<u8>>> {
    let Some(result) = abstract_::call_special(vm, v, "__bytes__", &[])? else {
        return Ok(None);
    };
    match as_bytes(&result) {
        Some(b) if vm.isinstance(&result, &vm.types.bytes.clone()) => Ok(Some(b)),
        _ => Err(vm.new_type_error(format!(
            "__bytes__ returned non-bytes (type {})",
            vm.type_name_of(&result)
        ))),
    }
}

/// `bytes(x)` of one argument as the C API has it (`PyObject_Bytes`): `__bytes__`
/// first, then a buffer's contents or the byte values of an iterable (never a
/// count, never a str).
pub fn object_bytes(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if matches!(v, Value::Obj(o) if std::rc::Rc::ptr_eq(&o.class(), &vm.types.bytes)) {
        return Ok(as_bytes(v).unwrap_or_default());
    }
    if let Some(b) = bytes_by_dunder(vm, v)? {
        return Ok(b);
    }
    if let Some(b) = as_bytes(v).or_else(|| crate::buffer::to_vec(v)) {
        return Ok(b);
    }
    if abstract_::value_as_str(v).is_some() || !abstract_::is_iterable(vm, v) {
        return Err(vm.new_type_error(format!(
            "cannot convert '{}' object to bytes",
            vm.type_name_of(v)
        )));
    }
    bytes_of_iterable(vm, v, |vm, item| {
        checked_byte(vm, item, "bytes must be in range(0, 256)")
    })
}

/// The bytes of `bytes(x)`/`bytearray(x)` for a non-str source.
pub fn bytes_from_source(vm: &mut Vm, v: &Value, target: &str) -> PyResult<Vec<u8>> {
    if let Some(b) = as_bytes(v) {
        return Ok(b);
    }
    released_wrapper(vm, v)?;
    if crate::objects::memoryview::is_released(v) {
        return Err(
            vm.new_value_error("operation forbidden on released memoryview object".to_owned())
        );
    }
    // A strided view is copied item by item (`PyBuffer_ToContiguous`).
    if let Some(b) =
        crate::objects::memoryview::contents(vm, v).or_else(|| crate::native::native_buffer(v))
    {
        return Ok(b);
    }
    if matches!(v, Value::Float(_)) {
        return Err(vm.new_type_error(format!(
            "cannot convert '{}' object to {target}",
            vm.type_name_of(v)
        )));
    }
    let has_index = match v {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => {
            matches!(o.payload, Payload::Int(_))
                || crate::objects::typeobject::lookup(&o.class(), "__index__").is_some()
        }
        _ => false,
    };
    if has_index {
        let n = index_arg(vm, v)?;
        if n < 0 {
            return Err(vm.new_value_error("negative count".to_owned()));
        }
        crate::objects::str::check_alloc(vm, n as usize)?;
        return Ok(vec![0; n as usize]);
    }
    if !abstract_::is_iterable(vm, v) {
        return Err(vm.new_type_error(format!(
            "cannot convert '{}' object to {target}",
            vm.type_name_of(v)
        )));
    }
    bytes_of_iterable(vm, v, |vm, item| {
        checked_byte(vm, item, "bytes must be in range(0, 256)")
    })
}

/// The bytes of the items of iterating `v`, each converted by `convert` as it
/// comes, as CPython does: an `__index__` may run Python code, and an item out
/// of range ends the iteration there.
pub(crate) fn bytes_of_iterable(
    vm: &mut Vm,
    v: &Value,
    convert: fn(&mut Vm, &Value) -> PyResult<u8>,
) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    if let Value::Obj(gen) = v {
        if std::ptr::eq(gen.class_ref(), &*vm.types.generator) {
            // A generator's plain small ints need nothing run to convert them:
            // they are taken in batches (`generator::drain_each`).
            crate::objects::generator::drain_each(vm, gen, is_byte, |vm, item| {
                out.push(match plain_byte(&item) {
                    Some(byte) => byte,
                    None => convert(vm, &item)?,
                });
                Ok(true)
            })?;
            return Ok(out);
        }
    }
    let it = abstract_::get_iter(vm, v)?;
    while let Some(item) = abstract_::iter_next(vm, &it)? {
        out.push(convert(vm, &item)?);
    }
    Ok(out)
}

/// A machine int or bool that is a byte as it is.
fn plain_byte(item: &Value) -> Option<u8> {
    match item {
        Value::Int(n) => u8::try_from(*n).ok(),
        Value::Bool(b) => Some(*b as u8),
        _ => None,
    }
}

fn is_byte(item: &Value) -> bool {
    plain_byte(item).is_some()
}

/// `bytes(source, encoding, errors)` and `bytearray(...)`: the initial contents, from
/// the arguments bound to `(source, encoding, errors)`.
pub fn constructor_contents(
    vm: &mut Vm,
    name: &str,
    parsed: [Option<Value>; 3],
) -> PyResult<Vec<u8>> {
    let mut texts = Vec::new();
    for (value, what) in [(&parsed[1], "encoding"), (&parsed[2], "errors")] {
        match value {
            None => texts.push(None),
            Some(v) => match abstract_::value_as_str(v) {
                Some(t) => texts.push(Some(t.to_owned())),
                None => {
                    return Err(vm.new_type_error(format!(
                        "{name}() argument '{what}' must be str, not {}",
                        argument_type_name(vm, v)
                    )))
                }
            },
        }
    }
    if let (Some(source), None, None, "bytes") = (&parsed[0], &texts[0], &texts[1], name) {
        // `__bytes__` comes first, even for a str or a bytes subclass.
        if let Some(b) = bytes_by_dunder(vm, source)? {
            return Ok(b);
        }
    }
    match (&parsed[0], &texts[0], &texts[1]) {
        (None, None, None) => Ok(Vec::new()),
        (None, Some(_), _) => {
            Err(vm.new_type_error("encoding without a string argument".to_owned()))
        }
        (None, None, Some(_)) => {
            Err(vm.new_type_error("errors without a string argument".to_owned()))
        }
        (Some(s), enc, errors) => match crate::objects::str::as_pystr(s) {
            Some(text) => {
                let Some(enc) = enc else {
                    return Err(vm.new_type_error("string argument without an encoding".to_owned()));
                };
                let errors = errors.clone().unwrap_or_else(|| "strict".to_owned());
                // As `str.encode`: the codecs the interpreter does not run itself
                // come from the registry.
                if !crate::objects::str_methods::is_builtin_codec(enc) {
                    let encoded = crate::objects::str_methods::run_registered_codec(
                        vm,
                        s.clone(),
                        enc,
                        &errors,
                        true,
                    )?;
                    return Ok(as_bytes(&encoded).unwrap_or_default());
                }
                crate::objects::str_methods::encode(vm, text, enc, &errors)
            }
            None if enc.is_some() => {
                Err(vm.new_type_error("encoding without a string argument".to_owned()))
            }
            None if errors.is_some() => {
                Err(vm.new_type_error("errors without a string argument".to_owned()))
            }
            None => bytes_from_source(vm, s, name),
        },
    }
}

static BYTES_NEW: Signature = Signature::new(
    "bytes",
    "($type, source=<unrepresentable>, encoding=<unrepresentable>, errors=<unrepresentable>)",
);

fn bytes_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (class, parsed) = BYTES_NEW.bind(vm, args)?;
    let class = match class {
        Some(Value::Obj(c)) if c.type_data().is_some() => c,
        _ => vm.types.bytes.clone(),
    };
    let data = constructor_contents(vm, "bytes", parsed)?;
    if std::rc::Rc::ptr_eq(&class, &vm.types.bytes) {
        return Ok(vm.new_bytes(data));
    }
    Ok(Value::Obj(crate::objects::typeobject::new_instance(
        vm,
        &class,
        Payload::Bytes(data.into_boxed_slice()),
    )))
}

// ---------------------------------------------------------------------------
// Searching

/// A search argument: bytes-like, or an int naming one byte.
fn sub_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = as_bytes(v) {
        return Ok(b);
    }
    let is_index = match v {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => {
            matches!(o.payload, Payload::Int(_))
                || crate::objects::typeobject::lookup(&o.class(), "__index__").is_some()
        }
        _ => false,
    };
    if is_index {
        return Ok(vec![byte_value(vm, v)?]);
    }
    Err(vm.new_type_error(format!(
        "argument should be integer or bytes-like object, not '{}'",
        vm.type_name_of(v)
    )))
}

fn find_sub(hay: &[u8], sub: &[u8], reverse: bool) -> Option<usize> {
    if sub.is_empty() {
        return Some(if reverse { hay.len() } else { 0 });
    }
    if sub.len() > hay.len() {
        return None;
    }
    if reverse {
        (0..=hay.len() - sub.len())
            .rev()
            .find(|&i| &hay[i..i + sub.len()] == sub)
    } else {
        hay.windows(sub.len()).position(|w| w == sub)
    }
}

fn count_sub(hay: &[u8], sub: &[u8]) -> usize {
    if sub.is_empty() {
        return hay.len() + 1;
    }
    let mut n = 0;
    let mut i = 0;
    while i + sub.len() <= hay.len() {
        if &hay[i..i + sub.len()] == sub {
            n += 1;
            i += sub.len();
        } else {
            i += 1;
        }
    }
    n
}

/// Binds `(sub[, start[, end]])`: the needle and the window of `b`.
fn search_args(
    vm: &mut Vm,
    signature: &Signature,
    args: Args,
) -> PyResult<(Vec<u8>, Vec<u8>, usize, usize)> {
    let (this, [sub, start, end]) = signature.bind(vm, args)?;
    let (_, b) = bound_bytes(vm, this)?;
    let sub = sub_arg(vm, sub.as_ref().expect("required by the signature"))?;
    let start = slice_bound(vm, &start)?;
    let end = slice_bound(vm, &end)?;
    let (start, end) = adjust_indices(start, end, b.len());
    Ok((b, sub, start, end))
}

fn bytes_find(
    vm: &mut Vm,
    signature: &Signature,
    args: Args,
    reverse: bool,
) -> PyResult<Option<usize>> {
    let (b, sub, start, end) = search_args(vm, signature, args)?;
    if end < start || end - start < sub.len() {
        return Ok(None);
    }
    Ok(find_sub(&b[start..end], &sub, reverse).map(|i| i + start))
}

fn affix(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<Value> {
    let name = signature.name();
    let (this, [arg, start, end]) = signature.bind(vm, args)?;
    let (_, b) = bound_bytes(vm, this)?;
    let arg = arg.expect("required by the signature");
    let start = slice_bound(vm, &start)?;
    let end = slice_bound(vm, &end)?;
    let (start, end) = adjust_indices(start, end, b.len());
    let candidates = match abstract_::tuple_items(&arg) {
        Some(items) => items,
        None if as_bytes(&arg).is_some() => vec![arg],
        None => {
            return Err(vm.new_type_error(format!(
                "{name} first arg must be bytes or a tuple of bytes, not {}",
                vm.type_name_of(&arg)
            )))
        }
    };
    for c in candidates {
        let Some(c) = as_bytes(&c) else {
            return Err(vm.new_type_error(format!(
                "a bytes-like object is required, not '{}'",
                vm.type_name_of(&c)
            )));
        };
        if end < start || end - start < c.len() {
            continue;
        }
        let w = &b[start..end];
        let hit = if name == "startswith" {
            w.starts_with(&c)
        } else {
            w.ends_with(&c)
        };
        if hit {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

// ---------------------------------------------------------------------------
// Splitting, stripping, padding

fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

fn split_whitespace(b: &[u8], maxsplit: isize, reverse: bool) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut splits = 0;
    if !reverse {
        let mut i = 0;
        loop {
            while i < b.len() && is_ascii_space(b[i]) {
                i += 1;
            }
            if i == b.len() {
                break;
            }
            if maxsplit >= 0 && splits == maxsplit {
                out.push(b[i..].to_vec());
                break;
            }
            let start = i;
            while i < b.len() && !is_ascii_space(b[i]) {
                i += 1;
            }
            out.push(b[start..i].to_vec());
            splits += 1;
        }
    } else {
        let mut i = b.len();
        loop {
            while i > 0 && is_ascii_space(b[i - 1]) {
                i -= 1;
            }
            if i == 0 {
                break;
            }
            if maxsplit >= 0 && splits == maxsplit {
                out.push(b[..i].to_vec());
                break;
            }
            let end = i;
            while i > 0 && !is_ascii_space(b[i - 1]) {
                i -= 1;
            }
            out.push(b[i..end].to_vec());
            splits += 1;
        }
        out.reverse();
    }
    out
}

fn split_on(b: &[u8], sep: &[u8], maxsplit: isize, reverse: bool) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let limit = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    if !reverse {
        let mut start = 0;
        let mut i = 0;
        while out.len() < limit && i + sep.len() <= b.len() {
            if &b[i..i + sep.len()] == sep {
                out.push(b[start..i].to_vec());
                i += sep.len();
                start = i;
            } else {
                i += 1;
            }
        }
        out.push(b[start..].to_vec());
    } else {
        let mut end = b.len();
        let mut i = b.len();
        while out.len() < limit && i >= sep.len() {
            if &b[i - sep.len()..i] == sep {
                out.push(b[i..end].to_vec());
                i -= sep.len();
                end = i;
            } else {
                i -= 1;
            }
        }
        out.push(b[..end].to_vec());
        out.reverse();
    }
    out
}

fn bytes_split(vm: &mut Vm, signature: &Signature, args: Args, reverse: bool) -> PyResult<Value> {
    let (this, [sep, maxsplit]) = signature.bind(vm, args)?;
    let (this_v, b) = bound_bytes(vm, this)?;
    let maxsplit = match &maxsplit {
        Some(v) => index_arg(vm, v)?,
        None => -1,
    };
    let parts = match sep.as_ref().filter(|v| !v.is_none()) {
        None => split_whitespace(&b, maxsplit, reverse),
        Some(sep) => {
            let sep = bytes_arg(vm, sep)?;
            if sep.is_empty() {
                return Err(vm.new_value_error("empty separator".to_owned()));
            }
            split_on(&b, &sep, maxsplit, reverse)
        }
    };
    let items = parts
        .into_iter()
        .map(|p| new_like(vm, &this_v, p))
        .collect();
    Ok(vm.new_list(items))
}

fn bytes_strip(
    vm: &mut Vm,
    signature: &Signature,
    args: Args,
    left: bool,
    right: bool,
) -> PyResult<Value> {
    let (this, [chars]) = signature.bind(vm, args)?;
    let (this_v, b) = bound_bytes(vm, this)?;
    let set: Option<Vec<u8>> = match &chars {
        None | Some(Value::None) => None,
        Some(v) => Some(bytes_arg(vm, v)?),
    };
    let strip = |c: u8| match &set {
        Some(s) => s.contains(&c),
        None => is_ascii_space(c),
    };
    let mut start = 0;
    let mut end = b.len();
    if left {
        while start < end && strip(b[start]) {
            start += 1;
        }
    }
    if right {
        while end > start && strip(b[end - 1]) {
            end -= 1;
        }
    }
    Ok(new_like(vm, &this_v, b[start..end].to_vec()))
}

fn bytes_pad(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<Value> {
    let name = signature.name();
    let (this, [width, fill]) = signature.bind(vm, args)?;
    let (this_v, b) = bound_bytes(vm, this)?;
    let width = index_arg(vm, width.as_ref().expect("required by the signature"))?;
    let fill = match &fill {
        None => b' ',
        Some(v) => match as_bytes(v) {
            Some(f) if f.len() == 1 => f[0],
            _ => {
                return Err(vm.new_type_error(format!(
                    "{name}() argument 2 must be a byte string of length 1, not {}",
                    vm.type_name_of(v)
                )))
            }
        },
    };
    let len = b.len() as isize;
    if width <= len {
        return Ok(new_like(vm, &this_v, b));
    }
    let marg = (width - len) as usize;
    let (left, right) = match name {
        "ljust" => (0, marg),
        "rjust" => (marg, 0),
        _ => {
            let left = marg / 2 + (marg & width as usize & 1);
            (left, marg - left)
        }
    };
    crate::objects::str::check_alloc(vm, b.len().saturating_add(marg))?;
    let mut out = vec![fill; left];
    out.extend_from_slice(&b);
    out.extend(std::iter::repeat_n(fill, right));
    Ok(new_like(vm, &this_v, out))
}

// ---------------------------------------------------------------------------
// Case and classification (ASCII only, as CPython's bytes methods)

fn title_bytes(b: &[u8]) -> Vec<u8> {
    let mut previous_cased = false;
    b.iter()
        .map(|&c| {
            let r = if previous_cased {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            };
            previous_cased = c.is_ascii_alphabetic();
            r
        })
        .collect()
}

fn capitalize_bytes(b: &[u8]) -> Vec<u8> {
    b.iter()
        .enumerate()
        .map(|(i, c)| {
            if i == 0 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

fn swapcase_bytes(b: &[u8]) -> Vec<u8> {
    b.iter()
        .map(|&c| {
            if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

fn istitle_bytes(b: &[u8]) -> bool {
    let mut cased = false;
    let mut previous_cased = false;
    for &c in b {
        if c.is_ascii_uppercase() {
            if previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else if c.is_ascii_lowercase() {
            if !previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else {
            previous_cased = false;
        }
    }
    cased
}

// ---------------------------------------------------------------------------
// hex

/// The `sep` and `bytes_per_sep` arguments of `hex()` (bytes, bytearray, memoryview).
pub fn hex_args(
    vm: &mut Vm,
    [sep, bytes_per_sep]: [Option<Value>; 2],
) -> PyResult<(Option<u8>, isize)> {
    let sep = match &sep {
        None => None,
        Some(v) => {
            let s: Vec<u8> = match abstract_::value_as_str(v) {
                Some(s) => s.as_bytes().to_vec(),
                None => match as_bytes(v) {
                    Some(b) => b,
                    None => {
                        return Err(vm.new_type_error(format!(
                            "object of type '{}' has no len()",
                            vm.type_name_of(v)
                        )))
                    }
                },
            };
            if s.len() != 1 {
                return Err(vm.new_value_error("sep must be length 1.".to_owned()));
            }
            if !s[0].is_ascii() {
                return Err(vm.new_value_error("sep must be ASCII.".to_owned()));
            }
            Some(s[0])
        }
    };
    let per = match &bytes_per_sep {
        Some(v) => index_arg(vm, v)?,
        None => 1,
    };
    Ok((sep, per))
}

/// `bytes.hex(sep, bytes_per_sep)`: groups of `per` bytes counted from the right
/// when positive, from the left when negative; 0 puts no separator.
pub fn hex_string(b: &[u8], sep: Option<u8>, per: isize) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let group = per.unsigned_abs();
    let sep = sep.filter(|_| group > 0);
    let mut out = String::with_capacity(b.len() * 3);
    for (i, byte) in b.iter().enumerate() {
        if let Some(sep) = sep {
            // Bytes before this one, counted from the side the groups start at.
            let boundary = if per > 0 { b.len() - i } else { i };
            if i > 0 && boundary % group == 0 {
                out.push(char::from(sep));
            }
        }
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 15)]));
    }
    out
}

fn fromhex(vm: &mut Vm, text: &str) -> PyResult<Vec<u8>> {
    let chars = crate::objects::str::chars_of(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // C's whitespace, vertical tab included (Rust's ASCII whitespace lacks it).
        if matches!(chars[i], ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r') {
            i += 1;
            continue;
        }
        let hi = chars[i].to_digit(16).filter(|_| chars[i].is_ascii());
        let Some(hi) = hi else {
            return Err(vm.new_value_error(format!(
                "non-hexadecimal number found in fromhex() arg at position {i}"
            )));
        };
        let lo = chars
            .get(i + 1)
            .and_then(|c| c.to_digit(16).filter(|_| c.is_ascii()));
        let Some(lo) = lo else {
            return Err(vm.new_value_error(format!(
                "non-hexadecimal number found in fromhex() arg at position {}",
                i + 1
            )));
        };
        out.push((hi * 16 + lo) as u8);
        i += 2;
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Operators shared by bytes and bytearray

/// `b[key]` of bytes and bytearray: an int, or the same kind for a slice.
fn bytes_subscript(vm: &mut Vm, this_v: &Value, key: &Value) -> PyResult<Value> {
    let len = with_bound_bytes(vm, this_v, <[u8]>::len)?;
    if let Value::Obj(k) = key {
        if let Payload::Slice { .. } = k.payload {
            let (start, _, step, count) = crate::objects::slice::indices(vm, k, || len)?;
            // The slice's `__index__` calls may have resized a bytearray.
            let out = with_bound_bytes(vm, this_v, |b| match step {
                1 => {
                    let from = (start as usize).min(b.len());
                    b[from..(from + count).min(b.len())].to_vec()
                }
                _ => (0..count)
                    .filter_map(|i| b.get((start + i as isize * step) as usize).copied())
                    .collect(),
            })?;
            return Ok(new_like(vm, this_v, out));
        }
    }
    let label = type_label(this_v);
    let i = abstract_::subscript_index(vm, key, |t| {
        let kind = if label == "bytes" {
            "byte"
        } else {
            "bytearray"
        };
        format!("{kind} indices must be integers or slices, not {t}")
    })?;
    let byte = with_bound_bytes(vm, this_v, |b| {
        let len = b.len() as isize;
        let i = if i < 0 { i + len } else { i };
        usize::try_from(i).ok().and_then(|i| b.get(i).copied())
    })?;
    match byte {
        Some(byte) => Ok(Value::Int(byte as i64)),
        None => {
            let msg = if label == "bytes" {
                "index out of range"
            } else {
                "bytearray index out of range"
            };
            Err(vm.new_index_error(msg.to_owned()))
        }
    }
}

/// Bytes and bytearrays compare by their bytes with any bytes-like object.
fn bytes_compare(vm: &mut Vm, this: &Value, other: &Value, op: usize) -> PyResult<Value> {
    let ordering = with_bound_bytes(vm, this, |a| with_bytes(other, |b| a.cmp(b)))?;
    match ordering {
        Some(ordering) => Ok(Value::Bool(crate::abstract_::ordering_result(
            Some(ordering),
            op,
        ))),
        None => Ok(vm.not_implemented()),
    }
}

/// `x in b`: a byte value or a bytes-like subsequence.
fn bytes_contains(vm: &mut Vm, this: &Value, needle: &Value) -> PyResult<bool> {
    with_bound_bytes(vm, this, |_| ())?;
    let sub = match as_bytes(needle) {
        Some(s) => s,
        None => {
            if abstract_::value_as_str(needle).is_some()
                || matches!(needle, Value::None | Value::Float(_))
            {
                return Err(vm.new_type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    vm.type_name_of(needle)
                )));
            }
            vec![byte_value(vm, needle)?]
        }
    };
    with_bound_bytes(vm, this, |b| find_sub(b, &sub, false).is_some())
}

/// `b % values` (`nb_remainder`): only bytes or a bytearray on the left formats.
fn bytes_remainder(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    let Some(fmt) = as_bytes(a) else {
        return Ok(vm.not_implemented());
    };
    let out = crate::objects::percent::bytes_percent_format(vm, &fmt, b)?;
    Ok(new_like(vm, a, out))
}

/// `b * n` and `n * b` (`sq_repeat` of bytes and bytearray), the bytes first.
fn bytes_repeat(vm: &mut Vm, this: &Value, n: &Value, _op: usize) -> PyResult<Value> {
    let (this_v, b) = bound_bytes(vm, Some(this.clone()))?;
    let Some(count) = abstract_::repeat_count(vm, n)? else {
        return Ok(vm.not_implemented());
    };
    crate::objects::str::repeat_size(vm, b.len(), count, "repeated bytes are too long")?;
    Ok(new_like(vm, &this_v, b.repeat(count)))
}

/// `b + other` (`sq_concat` of bytes and bytearray).
fn bytes_concat(vm: &mut Vm, this: &Value, other: &Value, _op: usize) -> PyResult<Value> {
    let (this_v, mut a) = bound_bytes(vm, Some(this.clone()))?;
    // Any buffer exporter concatenates; one that cannot lend its buffer (a
    // released view) is refused like a non-buffer (CPython's `bytes_concat`).
    match bytes_like(vm, other).ok().flatten() {
        Some(b) => {
            a.extend(b);
            Ok(new_like(vm, &this_v, a))
        }
        None => Err(vm.new_type_error(format!(
            "can't concat {} to {}",
            vm.type_name_of(other),
            vm.type_name_of(&this_v)
        ))),
    }
}

fn bytes_translate(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<Value> {
    let (this, [table, delete]) = signature.bind(vm, args)?;
    let (this_v, b) = bound_bytes(vm, this)?;
    let table = match table.as_ref().filter(|v| !v.is_none()) {
        None => None,
        Some(t) => {
            let t = bytes_arg(vm, t)?;
            if t.len() != 256 {
                return Err(
                    vm.new_value_error("translation table must be 256 characters long".to_owned())
                );
            }
            Some(t)
        }
    };
    let delete = match &delete {
        Some(d) => bytes_arg(vm, d)?,
        None => Vec::new(),
    };
    let out = b
        .iter()
        .filter(|c| !delete.contains(c))
        .map(|&c| table.as_ref().map_or(c, |t| t[c as usize]))
        .collect();
    Ok(new_like(vm, &this_v, out))
}

fn bytes_maketrans(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<Value> {
    let [from, to] = signature.bind_args(vm, args)?;
    let from = bytes_arg(vm, from.as_ref().expect("required by the signature"))?;
    let to = bytes_arg(vm, to.as_ref().expect("required by the signature"))?;
    if from.len() != to.len() {
        return Err(vm.new_value_error("maketrans arguments must have same length".to_owned()));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (f, t) in from.iter().zip(to.iter()) {
        table[*f as usize] = *t;
    }
    Ok(vm.new_bytes(table))
}

fn bytes_join(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<Value> {
    let (this, [iterable]) = signature.bind(vm, args)?;
    let (this_v, sep) = bound_bytes(vm, this)?;
    let iterable = iterable.expect("required by the signature");
    if !abstract_::is_iterable(vm, &iterable) {
        return Err(vm.new_type_error("can only join an iterable".to_owned()));
    }
    let items = abstract_::collect_iterable(vm, &iterable)?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        let data = as_bytes(item).or_else(|| crate::native::native_buffer(item));
        match data {
            Some(b) => out.extend(b),
            None => {
                return Err(vm.new_type_error(format!(
                    "sequence item {i}: expected a bytes-like object, {} found",
                    vm.type_name_of(item)
                )))
            }
        }
    }
    Ok(new_like(vm, &this_v, out))
}

fn bytes_replace(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<Value> {
    let (this, [old, new, count]) = signature.bind(vm, args)?;
    let (this_v, b) = bound_bytes(vm, this)?;
    let old = bytes_arg(vm, old.as_ref().expect("required by the signature"))?;
    let new = bytes_arg(vm, new.as_ref().expect("required by the signature"))?;
    let count = match &count {
        Some(v) => index_arg(vm, v)?,
        None => -1,
    };
    let limit = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    let mut out = Vec::with_capacity(b.len());
    let mut done = 0;
    if old.is_empty() {
        for &c in b.iter() {
            if done < limit {
                out.extend_from_slice(&new);
                done += 1;
            }
            out.push(c);
        }
        if done < limit {
            out.extend_from_slice(&new);
        }
    } else {
        let mut i = 0;
        while i < b.len() {
            if done < limit && b[i..].starts_with(&old) {
                out.extend_from_slice(&new);
                i += old.len();
                done += 1;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    Ok(new_like(vm, &this_v, out))
}

fn bytes_partition(
    vm: &mut Vm,
    signature: &Signature,
    args: Args,
    reverse: bool,
) -> PyResult<Value> {
    let (this, [sep]) = signature.bind(vm, args)?;
    let (this_v, b) = bound_bytes(vm, this)?;
    let sep = bytes_arg(vm, sep.as_ref().expect("required by the signature"))?;
    if sep.is_empty() {
        return Err(vm.new_value_error("empty separator".to_owned()));
    }
    let parts = match find_sub(&b, &sep, reverse) {
        Some(i) => [b[..i].to_vec(), sep.clone(), b[i + sep.len()..].to_vec()],
        None if reverse => [Vec::new(), Vec::new(), b],
        None => [b, Vec::new(), Vec::new()],
    };
    let items = parts
        .into_iter()
        .map(|p| new_like(vm, &this_v, p))
        .collect();
    Ok(vm.new_tuple(items))
}

fn bytes_splitlines(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<Value> {
    let (this, [keepends]) = signature.bind(vm, args)?;
    let (this_v, b) = bound_bytes(vm, this)?;
    let keepends = match &keepends {
        Some(v) => index_arg(vm, v)? != 0,
        None => false,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
            i += 1;
        }
        let mut eol = i;
        if i < b.len() {
            i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            if keepends {
                eol = i;
            }
        }
        out.push(new_like(vm, &this_v, b[start..eol].to_vec()));
    }
    Ok(vm.new_list(out))
}

fn bytes_expandtabs(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<Value> {
    let (this, [tabsize]) = signature.bind(vm, args)?;
    let (this_v, b) = bound_bytes(vm, this)?;
    let tabsize = match &tabsize {
        Some(v) => crate::objects::str_methods::c_int_arg(vm, v)?,
        None => 8,
    };
    let mut out = Vec::with_capacity(b.len());
    let mut column = 0usize;
    for &c in &b {
        match c {
            b'\t' => {
                if tabsize > 0 {
                    let n = tabsize as usize - column % tabsize as usize;
                    crate::objects::str::check_alloc(vm, out.len().saturating_add(n))?;
                    out.extend(std::iter::repeat_n(b' ', n));
                    column += n;
                }
            }
            b'\n' | b'\r' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    Ok(new_like(vm, &this_v, out))
}

fn bytes_zfill(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<Value> {
    let (this, [width]) = signature.bind(vm, args)?;
    let (this_v, b) = bound_bytes(vm, this)?;
    let width = index_arg(vm, width.as_ref().expect("required by the signature"))?;
    if width <= b.len() as isize {
        return Ok(new_like(vm, &this_v, b));
    }
    crate::objects::str::check_alloc(vm, width as usize)?;
    let fill = width as usize - b.len();
    let mut out = Vec::with_capacity(width as usize);
    let body = match b.first() {
        Some(&s @ (b'+' | b'-')) => {
            out.push(s);
            &b[1..]
        }
        _ => &b[..],
    };
    out.extend(std::iter::repeat_n(b'0', fill));
    out.extend_from_slice(body);
    Ok(new_like(vm, &this_v, out))
}

fn bytes_remove_affix(
    vm: &mut Vm,
    signature: &Signature,
    args: Args,
    prefix: bool,
) -> PyResult<Value> {
    let (this, [affix]) = signature.bind(vm, args)?;
    let (this_v, b) = bound_bytes(vm, this)?;
    let affix = bytes_arg(vm, affix.as_ref().expect("required by the signature"))?;
    let out = if prefix && b.starts_with(&affix) {
        b[affix.len()..].to_vec()
    } else if !prefix && b.ends_with(&affix) {
        b[..b.len() - affix.len()].to_vec()
    } else {
        b
    };
    Ok(new_like(vm, &this_v, out))
}

fn bytes_decode(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<Value> {
    let (this, codec) = signature.bind(vm, args)?;
    let (this, b) = bound_bytes(vm, this)?;
    let (encoding, errors) = super::str_methods::codec_arguments(vm, "decode", codec)?;
    if !super::str_methods::is_builtin_codec(&encoding) {
        return super::str_methods::run_registered_codec(vm, this, &encoding, &errors, false);
    }
    let s = decode(vm, &b, &encoding, &errors)?;
    Ok(vm.new_text(s))
}

/// The signatures of a method bytes and bytearray share, one for each owner (bytes
/// first), as `__text_signature__` shows them.
macro_rules! shared_signature {
    ($name:literal, $text:literal) => {
        [
            Signature::of("bytes", $name, $text),
            Signature::of("bytearray", $name, $text),
        ]
    };
    // A method whose `__text_signature__` is `None`.
    (unlisted $name:literal, $text:literal) => {
        [
            Signature::unlisted("bytes", $name, $text),
            Signature::unlisted("bytearray", $name, $text),
        ]
    };
    // A slot wrapper.
    (wrapper $name:literal, $text:literal) => {
        [
            Signature::slot_wrapper("bytes", $name, $text),
            Signature::slot_wrapper("bytearray", $name, $text),
        ]
    };
    // A slot wrapper that unpacks its arguments as a tuple (`sq_repeat`).
    (wrapper_tuple $name:literal, $text:literal) => {
        [
            Signature::slot_wrapper_tuple("bytes", $name, $text),
            Signature::slot_wrapper_tuple("bytearray", $name, $text),
        ]
    };
    // A method that parses with `PyArg_ParseTuple` (no `__text_signature__`).
    (parse_tuple $name:literal, $text:literal) => {
        [
            Signature::unlisted("bytes", $name, $text).parse_tuple(),
            Signature::unlisted("bytearray", $name, $text).parse_tuple(),
        ]
    };
}

type SharedSignature = [Signature; 2];

static DECODE: SharedSignature =
    shared_signature!("decode", "($self, /, encoding='utf-8', errors='strict')");
static HEX: SharedSignature =
    shared_signature!("hex", "($self, /, sep=<unrepresentable>, bytes_per_sep=1)");
static FROMHEX: SharedSignature = shared_signature!("fromhex", "($type, string, /)");
static JOIN: SharedSignature = shared_signature!("join", "($self, iterable_of_bytes, /)");
static SPLIT: SharedSignature = shared_signature!("split", "($self, /, sep=None, maxsplit=-1)");
static RSPLIT: SharedSignature = shared_signature!("rsplit", "($self, /, sep=None, maxsplit=-1)");
static SPLITLINES: SharedSignature = shared_signature!("splitlines", "($self, /, keepends=False)");
static STRIP: SharedSignature = shared_signature!("strip", "($self, bytes=None, /)");
static LSTRIP: SharedSignature = shared_signature!("lstrip", "($self, bytes=None, /)");
static RSTRIP: SharedSignature = shared_signature!("rstrip", "($self, bytes=None, /)");
static REPLACE: SharedSignature = shared_signature!("replace", "($self, old, new, count=-1, /)");
static FIND: SharedSignature =
    shared_signature!(parse_tuple "find", "($self, sub, start=None, end=None, /)");
static RFIND: SharedSignature =
    shared_signature!(parse_tuple "rfind", "($self, sub, start=None, end=None, /)");
static INDEX: SharedSignature =
    shared_signature!(parse_tuple "index", "($self, sub, start=None, end=None, /)");
static RINDEX: SharedSignature =
    shared_signature!(parse_tuple "rindex", "($self, sub, start=None, end=None, /)");
static COUNT: SharedSignature =
    shared_signature!(parse_tuple "count", "($self, sub, start=None, end=None, /)");
static STARTSWITH: SharedSignature =
    shared_signature!(parse_tuple "startswith", "($self, prefix, start=None, end=None, /)");
static ENDSWITH: SharedSignature =
    shared_signature!(parse_tuple "endswith", "($self, suffix, start=None, end=None, /)");
static PARTITION: SharedSignature = shared_signature!("partition", "($self, sep, /)");
static RPARTITION: SharedSignature = shared_signature!("rpartition", "($self, sep, /)");
static CENTER: SharedSignature = shared_signature!("center", "($self, width, fillchar=b' ', /)");
static LJUST: SharedSignature = shared_signature!("ljust", "($self, width, fillchar=b' ', /)");
static RJUST: SharedSignature = shared_signature!("rjust", "($self, width, fillchar=b' ', /)");
static ZFILL: SharedSignature = shared_signature!("zfill", "($self, width, /)");
static EXPANDTABS: SharedSignature = shared_signature!("expandtabs", "($self, /, tabsize=8)");
static REMOVEPREFIX: SharedSignature = shared_signature!("removeprefix", "($self, prefix, /)");
static REMOVESUFFIX: SharedSignature = shared_signature!("removesuffix", "($self, suffix, /)");
static TRANSLATE: SharedSignature = shared_signature!("translate", "($self, table, /, delete=b'')");
static MAKETRANS: SharedSignature = shared_signature!("maketrans", "(frm, to, /)");

/// Fills the methods bytes and bytearray share into `ty` (`BYTEARRAY` says which, for
/// the descriptor check of `self` and the signatures' owner).
pub fn add_shared_methods<const BYTEARRAY: bool>(vm: &mut Vm, ty: &ObjRef) {
    /// Registers a method with its signature for this owner; `self` is checked first
    /// (`bytes.upper(1)`), then `$f` binds the arguments with the signature.
    macro_rules! bytes_method {
        ($signatures:expr, $f:expr) => {
            add_method_sig(
                vm,
                ty,
                &$signatures[BYTEARRAY as usize],
                |vm: &mut Vm, args: Args| {
                    let signature = &$signatures[BYTEARRAY as usize];
                    check_self(vm, &args, signature.name(), BYTEARRAY)?;
                    let method: fn(&mut Vm, &'static Signature, Args) -> PyResult<Value> = $f;
                    method(vm, signature, args)
                },
            )
        };
    }
    for slot in [
        NativeSlot::Repr(|vm, this| {
            let (this_v, b) = bound_bytes(vm, Some(this.clone()))?;
            let r = bytes_repr(&b);
            if is_bytearray(&this_v) {
                let name = vm.type_name_of(&this_v);
                return Ok(vm.new_str(format!("{name}({r})")));
            }
            Ok(vm.new_str(r))
        }),
        NativeSlot::Length(|vm, this| with_bound_bytes(vm, this, <[u8]>::len)),
        NativeSlot::RichCompare(bytes_compare),
    ] {
        crate::native::add_slot(vm, ty, slot);
    }
    for slot in [
        NativeSlot::Concat(bytes_concat),
        NativeSlot::Repeat(bytes_repeat),
    ] {
        crate::native::add_slot(vm, ty, slot);
    }
    for slot in [
        NativeSlot::Binary(NB_REMAINDER, bytes_remainder),
        NativeSlot::Contains(bytes_contains),
        NativeSlot::GetItem(bytes_subscript),
        NativeSlot::Iter(crate::objects::iter::container_iter),
    ] {
        crate::native::add_slot(vm, ty, slot);
    }
    bytes_method!(DECODE, bytes_decode);
    bytes_method!(HEX, |vm, signature, args| {
        let (this, hex) = signature.bind(vm, args)?;
        let (_, b) = bound_bytes(vm, this)?;
        let (sep, per) = hex_args(vm, hex)?;
        Ok(vm.new_str(hex_string(&b, sep, per)))
    });
    add_classmethod_sig(vm, ty, &FROMHEX[BYTEARRAY as usize], |vm, args| {
        let (class, [string]) = FROMHEX[BYTEARRAY as usize].bind(vm, args)?;
        let class = class.unwrap_or(Value::None);
        let string = string.expect("required by the signature");
        let Some(text) = abstract_::value_as_str(&string).map(str::to_owned) else {
            return Err(vm.new_type_error(format!(
                "fromhex() argument must be str, not {}",
                argument_type_name(vm, &string)
            )));
        };
        let data = fromhex(vm, &text)?;
        match &class {
            Value::Obj(c) if std::rc::Rc::ptr_eq(c, &vm.types.bytearray) => {
                Ok(new_bytearray(vm, data))
            }
            Value::Obj(c) if std::rc::Rc::ptr_eq(c, &vm.types.bytes) => Ok(vm.new_bytes(data)),
            _ => {
                let b = vm.new_bytes(data);
                vm.call1(&class, vec![b])
            }
        }
    });
    bytes_method!(JOIN, bytes_join);
    bytes_method!(SPLIT, |vm, signature, args| {
        bytes_split(vm, signature, args, false)
    });
    bytes_method!(RSPLIT, |vm, signature, args| {
        bytes_split(vm, signature, args, true)
    });
    bytes_method!(SPLITLINES, bytes_splitlines);
    bytes_method!(STRIP, |vm, signature, args| {
        bytes_strip(vm, signature, args, true, true)
    });
    bytes_method!(LSTRIP, |vm, signature, args| {
        bytes_strip(vm, signature, args, true, false)
    });
    bytes_method!(RSTRIP, |vm, signature, args| {
        bytes_strip(vm, signature, args, false, true)
    });
    bytes_method!(REPLACE, bytes_replace);
    bytes_method!(FIND, |vm, signature, args| {
        let r = bytes_find(vm, signature, args, false)?;
        Ok(Value::Int(r.map_or(-1, |i| i as i64)))
    });
    bytes_method!(RFIND, |vm, signature, args| {
        let r = bytes_find(vm, signature, args, true)?;
        Ok(Value::Int(r.map_or(-1, |i| i as i64)))
    });
    bytes_method!(INDEX, |vm, signature, args| {
        match bytes_find(vm, signature, args, false)? {
            Some(i) => Ok(Value::Int(i as i64)),
            None => Err(vm.new_value_error("subsection not found".to_owned())),
        }
    });
    bytes_method!(RINDEX, |vm, signature, args| {
        match bytes_find(vm, signature, args, true)? {
            Some(i) => Ok(Value::Int(i as i64)),
            None => Err(vm.new_value_error("subsection not found".to_owned())),
        }
    });
    bytes_method!(COUNT, |vm, signature, args| {
        let (b, sub, start, end) = search_args(vm, signature, args)?;
        if end < start || end - start < sub.len() {
            return Ok(Value::Int(0));
        }
        Ok(Value::Int(count_sub(&b[start..end], &sub) as i64))
    });
    bytes_method!(STARTSWITH, affix);
    bytes_method!(ENDSWITH, affix);
    bytes_method!(PARTITION, |vm, signature, args| {
        bytes_partition(vm, signature, args, false)
    });
    bytes_method!(RPARTITION, |vm, signature, args| {
        bytes_partition(vm, signature, args, true)
    });
    bytes_method!(CENTER, bytes_pad);
    bytes_method!(LJUST, bytes_pad);
    bytes_method!(RJUST, bytes_pad);
    bytes_method!(ZFILL, bytes_zfill);
    bytes_method!(EXPANDTABS, bytes_expandtabs);
    bytes_method!(REMOVEPREFIX, |vm, signature, args| {
        bytes_remove_affix(vm, signature, args, true)
    });
    bytes_method!(REMOVESUFFIX, |vm, signature, args| {
        bytes_remove_affix(vm, signature, args, false)
    });
    bytes_method!(TRANSLATE, bytes_translate);
    /// A method that maps the contents to new contents of the same type.
    macro_rules! map_method {
        ($name:literal, $f:expr) => {{
    static SIGNATURES: SharedSignature = shared_signature!(unlisted $name, "($self, /)");
            bytes_method!(SIGNATURES, |vm, signature, args| {
                let (this, []) = signature.bind(vm, args)?;
                let (this_v, b) = bound_bytes(vm, this)?;
                let map: fn(&[u8]) -> Vec<u8> = $f;
                Ok(new_like(vm, &this_v, map(&b)))
            });
        }};
    }
    map_method!("upper", |b| b.to_ascii_uppercase());
    map_method!("lower", |b| b.to_ascii_lowercase());
    map_method!("title", title_bytes);
    map_method!("capitalize", capitalize_bytes);
    map_method!("swapcase", swapcase_bytes);
    /// A predicate of the contents.
    macro_rules! predicate {
        ($name:literal, $test:expr) => {{
    static SIGNATURES: SharedSignature = shared_signature!(unlisted $name, "($self, /)");
            bytes_method!(SIGNATURES, |vm, signature, args| {
                let (this, []) = signature.bind(vm, args)?;
                let (_, b) = bound_bytes(vm, this)?;
                let test: fn(&[u8]) -> bool = $test;
                Ok(Value::Bool(test(&b)))
            });
        }};
    }
    predicate!("isalnum", |b| !b.is_empty()
        && b.iter().all(u8::is_ascii_alphanumeric));
    predicate!("isalpha", |b| !b.is_empty()
        && b.iter().all(u8::is_ascii_alphabetic));
    predicate!("isascii", |b| b.is_ascii());
    predicate!("isdigit", |b| !b.is_empty()
        && b.iter().all(u8::is_ascii_digit));
    predicate!("isspace", |b| !b.is_empty()
        && b.iter().all(|c| is_ascii_space(*c)));
    predicate!("islower", |b| {
        b.iter().any(u8::is_ascii_lowercase) && !b.iter().any(u8::is_ascii_uppercase)
    });
    predicate!("isupper", |b| {
        b.iter().any(u8::is_ascii_uppercase) && !b.iter().any(u8::is_ascii_lowercase)
    });
    predicate!("istitle", istitle_bytes);
    add_staticmethod_sig(vm, ty, &MAKETRANS[BYTEARRAY as usize], |vm, args| {
        bytes_maketrans(vm, &MAKETRANS[BYTEARRAY as usize], args)
    });
}

static BYTES_BYTES: Signature = Signature::of("bytes", "__bytes__", "($self, /)");
static GETNEWARGS: Signature = Signature::unlisted("bytes", "__getnewargs__", "($self, /)");

pub fn init(vm: &mut Vm) {
    let ty = vm.types.bytes.clone();
    add_new(vm, &ty, bytes_new);
    add_shared_methods::<false>(vm, &ty);
    crate::native::add_slot(
        vm,
        &ty,
        NativeSlot::Hash(|vm, this| with_bound_bytes(vm, this, crate::pyhash::hash_bytes)),
    );
    add_method_sig(vm, &ty, &BYTES_BYTES, |vm, args| {
        let (this, []) = BYTES_BYTES.bind(vm, args)?;
        let (_, b) = bound_bytes(vm, this)?;
        Ok(vm.new_bytes(b))
    });
    add_method_sig(vm, &ty, &GETNEWARGS, |vm, args| {
        let (this, []) = GETNEWARGS.bind(vm, args)?;
        let (_, b) = bound_bytes(vm, this)?;
        let v = vm.new_bytes(b);
        Ok(vm.new_tuple(vec![v]))
    });
}

/// The bytes of a bytes-like object (bytes, bytearray, or a memoryview of either),
/// copied; `None` for anything else.
pub fn bytes_like(vm: &mut Vm, v: &Value) -> PyResult<Option<Vec<u8>>> {
    if let Some(bytes) = as_bytes(v) {
        return Ok(Some(bytes));
    }
    if crate::objects::memoryview::is_released(v) {
        return Err(
            vm.new_value_error("operation forbidden on released memoryview object".to_owned())
        );
    }
    match crate::native::native_buffer(v) {
        Some(bytes) => Ok(Some(bytes)),
        None => released_wrapper(vm, v).map(|()| None),
    }
}

/// The error of a buffer wrapper whose buffer is gone (a released
/// `PickleBuffer`), if `v` is one.
fn released_wrapper(vm: &mut Vm, v: &Value) -> PyResult<()> {
    match crate::native::buffer_owner(vm, v) {
        Some(Err(err)) => Err(err),
        _ => Ok(()),
    }
}

/// A bytes-like argument, or `a bytes-like object is required, not 'str'`.
pub fn bytes_like_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    match bytes_like(vm, v)? {
        Some(bytes) => Ok(bytes),
        None => Err(vm.new_type_error(format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name_of(v)
        ))),
    }
}
