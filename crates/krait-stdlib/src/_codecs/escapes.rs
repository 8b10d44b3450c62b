//! The backslash-escape decoders of `_codecs` (CPython's
//! `_PyUnicode_DecodeUnicodeEscapeInternal`,
//! `_PyUnicode_DecodeRawUnicodeEscapeStateful` and `_PyBytes_DecodeEscape`).
//!
//! A decoder that is not told its input is final stops before an escape cut off
//! at the end and reports how much it consumed, so incremental decoders and
//! stream readers can wait for the rest.

use std::borrow::Cow;

use krait_vm::objects::bytes::decode_bad;
use krait_vm::objects::str::StrBuf;
use krait_vm::warnings::warn_ex;
use krait_vm::{Exc, PyResult, Vm};

use crate::unicodedata::names::{self, Named};
use crate::unicodedata::Version;

/// What an escape decoder made of its input.
pub(super) struct Unescaped<T> {
    pub output: T,
    /// How many input bytes were decoded (all of them unless the input is not
    /// final and ends inside an escape).
    pub consumed: usize,
    /// Where the first escape that Python does not know begins (after its
    /// backslash), for the DeprecationWarning.
    pub first_invalid_escape: Option<usize>,
}

/// How one escape sequence ended, when it did not make a character.
enum Bad {
    /// The input ended inside it.
    Incomplete(&'static str),
    /// Its characters are wrong up to (not including) this index.
    Invalid(usize, &'static str),
}

/// The value of `count` hex digits at `at`, or why there is none.
fn hex_digits(data: &[u8], at: usize, count: usize, message: &'static str) -> Result<u32, Bad> {
    let mut value = 0u32;
    for i in at..at + count {
        let Some(&c) = data.get(i) else {
            return Err(Bad::Incomplete(message));
        };
        let Some(digit) = (c as char).to_digit(16) else {
            return Err(Bad::Invalid(i, message));
        };
        value = value << 4 | digit;
    }
    Ok(value)
}

/// Decodes the `unicode_escape` codec: the escapes of Python's str literals, every
/// other byte as its Latin-1 character.
pub(super) fn decode_unicode_escape(
    vm: &mut Vm,
    data: &[u8],
    errors: &str,
    is_final: bool,
) -> PyResult<Unescaped<StrBuf>> {
    const CODEC: &str = "unicodeescape";
    let mut out = StrBuf::with_capacity(data.len());
    let mut first_invalid_escape = None;
    let mut consumed = data.len();
    let mut i = 0;
    // An error handler may give other bytes to go on with.
    let mut input = Cow::Borrowed(data);
    while i < input.len() {
        let data = &*input;
        let c = data[i];
        i += 1;
        if c != b'\\' {
            out.push(c as char);
            continue;
        }
        let start = i - 1;
        let Some(&kind) = data.get(i) else {
            match bad_escape(
                vm,
                &mut out,
                &mut input,
                start,
                Bad::Incomplete("\\ at end of string"),
                errors,
                is_final,
                CODEC,
            )? {
                Some(resume) => {
                    i = resume;
                    continue;
                }
                None => {
                    consumed = start;
                    break;
                }
            }
        };
        i += 1;
        let simple = match kind {
            b'\n' => Some(None),
            b'\\' => Some(Some('\\')),
            b'\'' => Some(Some('\'')),
            b'"' => Some(Some('"')),
            b'b' => Some(Some('\x08')),
            b'f' => Some(Some('\x0c')),
            b't' => Some(Some('\t')),
            b'n' => Some(Some('\n')),
            b'r' => Some(Some('\r')),
            b'v' => Some(Some('\x0b')),
            b'a' => Some(Some('\x07')),
            _ => None,
        };
        if let Some(simple) = simple {
            if let Some(c) = simple {
                out.push(c);
            }
            continue;
        }
        let result = match kind {
            b'0'..=b'7' => {
                let (value, end) = octal_escape(data, i - 1);
                if value > 0o377 && first_invalid_escape.is_none() {
                    first_invalid_escape = Some(i - 1);
                }
                i = end;
                Ok(value)
            }
            b'x' => hex_digits(data, i, 2, "truncated \\xXX escape").inspect(|_| i += 2),
            b'u' => hex_digits(data, i, 4, "truncated \\uXXXX escape").inspect(|_| i += 4),
            b'U' => match hex_digits(data, i, 8, "truncated \\UXXXXXXXX escape") {
                Ok(value) if value > 0x10ffff => {
                    Err(Bad::Invalid(i + 8, "illegal Unicode character"))
                }
                other => other.inspect(|_| i += 8),
            },
            b'N' => named_escape(data, i)
                .inspect(|&(_, end)| i = end)
                .map(|(c, _)| c),
            _ => {
                if first_invalid_escape.is_none() {
                    first_invalid_escape = Some(i - 1);
                }
                out.push('\\');
                out.push(kind as char);
                continue;
            }
        };
        match result {
            Ok(code) => out.push_code_point(code),
            Err(bad) => {
                match bad_escape(
                    vm, &mut out, &mut input, start, bad, errors, is_final, CODEC,
                )? {
                    Some(resume) => i = resume,
                    None => {
                        consumed = start;
                        break;
                    }
                }
            }
        }
    }
    Ok(Unescaped {
        output: out,
        consumed,
        first_invalid_escape,
    })
}

/// `\ooo`: up to three octal digits from `at`; the value and where it ends.
fn octal_escape(data: &[u8], at: usize) -> (u32, usize) {
    let mut value = 0;
    let mut end = at;
    while end < data.len() && end < at + 3 && (b'0'..=b'7').contains(&data[end]) {
        value = value * 8 + u32::from(data[end] - b'0');
        end += 1;
    }
    (value, end)
}

/// `\N{NAME}` after its `N` (at `at`): the named character and where the escape
/// ends.
fn named_escape(data: &[u8], at: usize) -> Result<(u32, usize), Bad> {
    const MALFORMED: &str = "malformed \\N character escape";
    match data.get(at) {
        None => return Err(Bad::Incomplete(MALFORMED)),
        Some(b'{') => {}
        Some(_) => return Err(Bad::Invalid(at, MALFORMED)),
    }
    let name_start = at + 1;
    let Some(length) = data[name_start..].iter().position(|&c| c == b'}') else {
        return Err(Bad::Incomplete(MALFORMED));
    };
    let close = name_start + length;
    if length == 0 {
        return Err(Bad::Invalid(close, MALFORMED));
    }
    match names::lookup(Version::Current, &data[name_start..close], false) {
        Some(Named::Char(code)) => Ok((code, close + 1)),
        _ => Err(Bad::Invalid(close + 1, "unknown Unicode character name")),
    }
}

/// Decodes the `raw_unicode_escape` codec: only `\uXXXX` and `\UXXXXXXXX` are
/// escapes, every other byte is its Latin-1 character.
pub(super) fn decode_raw_unicode_escape(
    vm: &mut Vm,
    data: &[u8],
    errors: &str,
    is_final: bool,
) -> PyResult<Unescaped<StrBuf>> {
    const CODEC: &str = "rawunicodeescape";
    let mut out = StrBuf::with_capacity(data.len());
    let mut consumed = data.len();
    let mut i = 0;
    let mut input = Cow::Borrowed(data);
    while i < input.len() {
        let data = &*input;
        let c = data[i];
        i += 1;
        // A final backslash is itself, unless more input may come.
        if c != b'\\' || (i >= data.len() && is_final) {
            out.push(c as char);
            continue;
        }
        let start = i - 1;
        let Some(&kind) = data.get(i) else {
            consumed = start;
            break;
        };
        i += 1;
        let result = match kind {
            b'u' => hex_digits(data, i, 4, "truncated \\uXXXX escape").inspect(|_| i += 4),
            b'U' => match hex_digits(data, i, 8, "truncated \\UXXXXXXXX escape") {
                Ok(value) if value > 0x10ffff => {
                    Err(Bad::Invalid(i + 8, "\\Uxxxxxxxx out of range"))
                }
                other => other.inspect(|_| i += 8),
            },
            _ => {
                out.push('\\');
                out.push(kind as char);
                continue;
            }
        };
        match result {
            Ok(code) => out.push_code_point(code),
            Err(bad) => {
                match bad_escape(
                    vm, &mut out, &mut input, start, bad, errors, is_final, CODEC,
                )? {
                    Some(resume) => i = resume,
                    None => {
                        consumed = start;
                        break;
                    }
                }
            }
        }
    }
    Ok(Unescaped {
        output: out,
        consumed,
        first_invalid_escape: None,
    })
}

/// Handles a bad escape starting at `start`: `None` when decoding should stop
/// there to wait for more input, else where to go on after the error handler.
#[allow(clippy::too_many_arguments)]
fn bad_escape(
    vm: &mut Vm,
    out: &mut StrBuf,
    input: &mut Cow<'_, [u8]>,
    start: usize,
    bad: Bad,
    errors: &str,
    is_final: bool,
    codec: &str,
) -> PyResult<Option<usize>> {
    let (end, reason) = match bad {
        Bad::Incomplete(_) if !is_final => return Ok(None),
        Bad::Incomplete(reason) => (input.len(), reason),
        Bad::Invalid(end, reason) => (end, reason),
    };
    decode_bad(vm, out, codec, input, start, end, reason, errors).map(Some)
}

/// Decodes the escapes of Python's bytes literals (`codecs.escape_decode`).
/// Errors are ValueErrors, and only `strict`, `replace` and `ignore` are known.
pub(super) fn decode_bytes_escape(
    vm: &mut Vm,
    data: &[u8],
    errors: &str,
) -> PyResult<Unescaped<Vec<u8>>> {
    let mut out = Vec::with_capacity(data.len());
    let mut first_invalid_escape = None;
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&kind) = data.get(i) else {
            return Err(vm.new_value_error("Trailing \\ in string".to_owned()));
        };
        i += 1;
        match kind {
            b'\n' => {}
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'b' => out.push(b'\x08'),
            b'f' => out.push(b'\x0c'),
            b't' => out.push(b'\t'),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b'v' => out.push(b'\x0b'),
            b'a' => out.push(b'\x07'),
            b'0'..=b'7' => {
                let (value, end) = octal_escape(data, i - 1);
                if value > 0o377 && first_invalid_escape.is_none() {
                    first_invalid_escape = Some(i - 1);
                }
                // Only the low byte of a value past 0o377 is kept.
                out.push(value as u8);
                i = end;
            }
            b'x' => match hex_digits(data, i, 2, "") {
                Ok(value) => {
                    out.push(value as u8);
                    i += 2;
                }
                Err(_) => {
                    match errors {
                        "strict" => {
                            return Err(vm.new_value_error(format!(
                                "invalid \\x escape at position {}",
                                i - 2
                            )))
                        }
                        "replace" => out.push(b'?'),
                        "ignore" => {}
                        other => {
                            return Err(vm.new_value_error(format!(
                                "decoding error; unknown error handling code: {other}"
                            )))
                        }
                    }
                    // One hex digit belongs to the broken escape.
                    if data.get(i).is_some_and(u8::is_ascii_hexdigit) {
                        i += 1;
                    }
                }
            },
            _ => {
                if first_invalid_escape.is_none() {
                    first_invalid_escape = Some(i - 1);
                }
                // The backslash stays, and what follows it is read again.
                out.push(b'\\');
                i -= 1;
            }
        }
    }
    Ok(Unescaped {
        output: out,
        consumed: data.len(),
        first_invalid_escape,
    })
}

/// The DeprecationWarning for the first escape Python does not know (`at` is
/// just after its backslash).
pub(super) fn warn_invalid_escape(vm: &mut Vm, data: &[u8], at: Option<usize>) -> PyResult<()> {
    let Some(at) = at else { return Ok(()) };
    let message = match data[at] {
        b'4'..=b'7' => {
            let digits = &data[at..(at + 3).min(data.len())];
            let digits: String = digits.iter().map(|&b| b as char).collect();
            format!("invalid octal escape sequence '\\{digits}'")
        }
        c => format!("invalid escape sequence '\\{}'", c as char),
    };
    warn_ex(vm, Exc::DeprecationWarning, &message, 1)
}
