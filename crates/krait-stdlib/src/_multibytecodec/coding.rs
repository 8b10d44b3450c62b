//! Encoding and decoding with a CJK codec, applying the error handler at each
//! character the tables lack (CPython's `multibytecodec_encode` and
//! `multibytecodec_decode` with `multibytecodec_encerror`/`_decerror`).

use encoding_rs::{Decoder, DecoderResult, Encoder, EncoderResult, Encoding};
use krait_vm::objects::bytes::as_bytes;
use krait_vm::objects::exceptions::new_unicode_error;
use krait_vm::objects::str::{as_pystr, StrBuf};
use krait_vm::objects::str_methods::lookup_error_handler;
use krait_vm::{Exc, Payload, PyErr, PyResult, Value, Vm};

/// CPython's reason for bytes or a character the tables lack.
const ILLEGAL: &str = "illegal multibyte sequence";
/// CPython's reason for a sequence cut off by the end of the input.
const INCOMPLETE: &str = "incomplete multibyte sequence";

/// The bytes a decoder is given in one call, after the last few it was given
/// before (which may hold the start of a sequence the decoder kept).
pub struct Input<'a> {
    pub before: &'a [u8],
    pub data: &'a [u8],
}

impl Input<'_> {
    /// The bytes an error at `start..end` of `data` (where `start` may reach back
    /// into `before`) reports, and its position in them: `data` itself unless the
    /// sequence began in an earlier call.
    fn error_object(&self, start: isize, end: usize) -> (Vec<u8>, usize, usize) {
        if start >= 0 {
            let start = start as usize;
            return (
                self.data.to_vec(),
                start,
                end.max(start + 1).min(self.data.len()),
            );
        }
        let back = start.unsigned_abs().min(self.before.len());
        let mut joined = self.before[self.before.len() - back..].to_vec();
        joined.extend_from_slice(self.data);
        (joined, 0, (end + back).max(1))
    }
}

/// Decodes `input.data` into `out` with `decoder`, which keeps any sequence cut
/// off at the end for the next call unless `last`. Error positions count from the
/// start of `input.data`.
#[allow(clippy::too_many_arguments)]
pub fn decode(
    vm: &mut Vm,
    name: &str,
    encoding: &'static Encoding,
    decoder: &mut Decoder,
    input: Input<'_>,
    errors: &str,
    last: bool,
    out: &mut StrBuf,
) -> PyResult<()> {
    let data = input.data;
    let mut pos = 0;
    while pos < data.len() {
        // A codec that keeps to part of its encoding stops at the first bytes
        // outside it, which are one illegal byte (or a lead cut off at the end).
        let limit = match super::codecs::valid_prefix(name, &data[pos..]) {
            Some(0) if super::codecs::single_char(name, data[pos]).is_some() => {
                out.push(super::codecs::single_char(name, data[pos]).unwrap_or('\u{fffd}'));
                pos += 1;
                continue;
            }
            Some(0) => {
                let cut_off = pos + 1 == data.len()
                    && super::codecs::valid_prefix(name, &[data[pos], data[pos]]) == Some(2);
                let reason = if cut_off { INCOMPLETE } else { ILLEGAL };
                let bad = input.error_object(pos as isize, pos + 1);
                let resume = decode_error(vm, name, bad, reason, errors, out)?;
                pos = resume.unwrap_or(pos + 1);
                continue;
            }
            Some(valid) => pos + valid,
            None => data.len(),
        };
        let rest = &data[pos..limit];
        let room = decoder
            .max_utf8_buffer_length_without_replacement(rest.len())
            .unwrap_or(rest.len().saturating_mul(3).saturating_add(16));
        let mut chunk = String::with_capacity(room);
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut chunk, false);
        push_decoded(name, &chunk, out);
        let here = pos + read;
        match result {
            DecoderResult::InputEmpty | DecoderResult::OutputFull => pos = here,
            DecoderResult::Malformed(bad, after) => {
                let end = here.saturating_sub(usize::from(after));
                let start = end as isize - isize::from(bad);
                let bad = input.error_object(start, end);
                let resume = decode_error(vm, name, bad, ILLEGAL, errors, out)?;
                // CPython's tables reject the first byte only and go on with the
                // next, where WHATWG's may take in a bad trail byte too.
                let next = (start >= 0 && !stateful(encoding)).then(|| start as usize + 1);
                match resume.or(next) {
                    Some(at) if at != here => {
                        // The handler moved on elsewhere: start over there.
                        *decoder = encoding.new_decoder_without_bom_handling();
                        pos = at;
                    }
                    _ => pos = here,
                }
            }
        }
    }
    if last {
        let mut chunk = String::with_capacity(16);
        let (result, _) = decoder.decode_to_string_without_replacement(&[], &mut chunk, true);
        push_decoded(name, &chunk, out);
        *decoder = encoding.new_decoder_without_bom_handling();
        if let DecoderResult::Malformed(bad, _) = result {
            let start = data.len() as isize - isize::from(bad.max(1));
            let bad = input.error_object(start, data.len());
            decode_error(vm, name, bad, INCOMPLETE, errors, out)?;
        }
    }
    Ok(())
}

/// Appends what the WHATWG decoder gave, with codec `name`'s own characters.
fn push_decoded(name: &str, chunk: &str, out: &mut StrBuf) {
    for c in chunk.chars() {
        out.push(super::codecs::decoded_char(name, c));
    }
}

/// Whether the encoding shifts between character sets (whose decoder cannot be
/// started afresh in the middle of the input).
pub fn stateful(encoding: &'static Encoding) -> bool {
    encoding == encoding_rs::ISO_2022_JP
}

/// Applies `errors` to the bytes `start..end` of `data`: `Some(position)` when a
/// registered handler said where to go on.
#[allow(clippy::too_many_arguments)]
fn decode_error(
    vm: &mut Vm,
    name: &str,
    (data, start, end): (Vec<u8>, usize, usize),
    reason: &str,
    errors: &str,
    out: &mut StrBuf,
) -> PyResult<Option<usize>> {
    let length = data.len();
    match errors {
        "ignore" => Ok(None),
        "replace" => {
            out.push('\u{fffd}');
            Ok(None)
        }
        _ => {
            let object = vm.new_bytes(data);
            let exc = new_unicode_error(
                vm,
                Exc::UnicodeDecodeError,
                name,
                object,
                start,
                end,
                reason,
            );
            if errors == "strict" {
                return Err(exc);
            }
            let handler = lookup_error_handler(vm, errors)?;
            let (replacement, resume) = call_handler(vm, &handler, exc, length, true)?;
            if let Some(text) = as_pystr(&replacement) {
                out.push_pystr(text);
            }
            Ok(Some(resume))
        }
    }
}

/// Encodes the code points `points` (of the str `object`) onto `out` with
/// `encoder`, flushing its shift state when `last`.
#[allow(clippy::too_many_arguments)]
pub fn encode(
    vm: &mut Vm,
    name: &str,
    encoder: &mut Encoder,
    object: &Value,
    points: &[u32],
    errors: &str,
    last: bool,
    out: &mut Vec<u8>,
) -> PyResult<()> {
    let mut i = 0;
    while i < points.len() {
        // The run of characters up to the next lone surrogate (which no table has)
        // or character the codec refuses.
        let run: String = points[i..]
            .iter()
            .map_while(|&c| {
                char::from_u32(c).filter(|c| {
                    !super::codecs::refuses(name, *c)
                        && super::codecs::single_byte(name, *c).is_none()
                })
            })
            .map(|c| super::codecs::char_to_encode(name, c))
            .collect();
        let run_end = i + run.chars().count();
        match encode_run(encoder, &run, out) {
            None => {
                i = run_end;
                let single = char::from_u32(points.get(i).copied().unwrap_or(0))
                    .and_then(|c| super::codecs::single_byte(name, c));
                if let Some(byte) = single {
                    out.push(byte);
                    i += 1;
                } else if i < points.len() {
                    i = encode_error(vm, name, encoder, object, points, i, errors, out)?;
                }
            }
            Some(bad) => {
                i = encode_error(vm, name, encoder, object, points, i + bad, errors, out)?;
            }
        }
    }
    if last {
        out.reserve(16);
        let (_, _) = encoder.encode_from_utf8_to_vec_without_replacement("", out, true);
    }
    Ok(())
}

/// Encodes `text` onto `out`: `Some(index)` of the first character the table
/// lacks, having written what comes before it.
fn encode_run(encoder: &mut Encoder, text: &str, out: &mut Vec<u8>) -> Option<usize> {
    let mut rest = text;
    let mut done = 0;
    loop {
        let room = encoder
            .max_buffer_length_from_utf8_without_replacement(rest.len())
            .unwrap_or(rest.len().saturating_mul(4).saturating_add(16));
        out.reserve(room);
        let (result, read) = encoder.encode_from_utf8_to_vec_without_replacement(rest, out, false);
        let (taken, left) = rest.split_at(read);
        match result {
            EncoderResult::InputEmpty => return None,
            EncoderResult::OutputFull => {
                done += taken.chars().count();
                rest = left;
            }
            EncoderResult::Unmappable(_) => return Some(done + taken.chars().count() - 1),
        }
    }
}

/// Applies `errors` to the character at `at`: where to go on.
#[allow(clippy::too_many_arguments)]
fn encode_error(
    vm: &mut Vm,
    name: &str,
    encoder: &mut Encoder,
    object: &Value,
    points: &[u32],
    at: usize,
    errors: &str,
    out: &mut Vec<u8>,
) -> PyResult<usize> {
    let code = points[at];
    let ascii = match errors {
        "ignore" => Some(String::new()),
        "replace" => Some("?".to_owned()),
        "backslashreplace" => Some(krait_vm::objects::str::ascii_escape_code_points(
            std::iter::once(code),
        )),
        "xmlcharrefreplace" => Some(format!("&#{code};")),
        _ => None,
    };
    if let Some(text) = ascii {
        encode_run(encoder, &text, out);
        return Ok(at + 1);
    }
    let exc = new_unicode_error(
        vm,
        Exc::UnicodeEncodeError,
        name,
        object.clone(),
        at,
        at + 1,
        ILLEGAL,
    );
    if errors == "strict" {
        return Err(exc);
    }
    let handler = lookup_error_handler(vm, errors)?;
    let saved = PyErr(exc.0.clone());
    let (replacement, resume) = call_handler(vm, &handler, exc, points.len(), false)?;
    if let Some(bytes) = as_bytes(&replacement) {
        out.extend(bytes);
    } else if let Some(text) = as_pystr(&replacement) {
        if text.has_surrogates() || encode_run(encoder, text.as_str(), out).is_some() {
            return Err(saved);
        }
    }
    Ok(resume)
}

/// Calls a registered error handler with `exc` (for an input of `length` items):
/// its replacement (a str, or bytes when encoding) and where to go on, which a
/// negative position counts from the end.
fn call_handler(
    vm: &mut Vm,
    handler: &Value,
    exc: PyErr,
    length: usize,
    decoding: bool,
) -> PyResult<(Value, usize)> {
    let result = vm.call1(handler, vec![Value::Obj(exc.0)])?;
    let items = match &result {
        Value::Obj(o) if matches!(o.payload, Payload::Tuple(_)) => {
            krait_vm::abstract_::tuple_items(&result).unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let int_type = vm.types.int.clone();
    let valid = match items.as_slice() {
        [replacement, position] => {
            (as_pystr(replacement).is_some() || (!decoding && as_bytes(replacement).is_some()))
                && vm.isinstance(position, &int_type)
        }
        _ => false,
    };
    if !valid {
        let what = if decoding { "decoding" } else { "encoding" };
        return Err(vm.new_type_error(format!("{what} error handler must return (str, int) tuple")));
    }
    // A position past any index reads as -1, as CPython's overflow does.
    let position = krait_vm::objects::int::as_i64(&items[1]).unwrap_or(-1);
    let position = if position < 0 && krait_vm::objects::int::as_i64(&items[1]).is_some() {
        position + length as i64
    } else {
        position
    };
    if position < 0 || position > length as i64 {
        return Err(vm.new_index_error(format!(
            "position {position} from error handler out of bounds"
        )));
    }
    Ok((items[0].clone(), position as usize))
}

/// How many bytes at the end of `data` begin a sequence that needs more: what an
/// incremental decoder of a stateless encoding keeps for the next call.
pub fn incomplete_tail(encoding: &'static Encoding, data: &[u8]) -> usize {
    let mut i = 0;
    while i < data.len() {
        let need = sequence_length(encoding, &data[i..]);
        if i + need > data.len() {
            return data.len() - i;
        }
        i += need;
    }
    0
}

/// The length of the sequence `bytes` begins with, by its first bytes (one for a
/// byte that begins none).
fn sequence_length(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    let lead = bytes[0];
    if encoding == encoding_rs::SHIFT_JIS {
        return match lead {
            0x81..=0x9f | 0xe0..=0xfc => 2,
            _ => 1,
        };
    }
    if encoding == encoding_rs::EUC_JP {
        return match lead {
            0x8f => 3,
            0x8e | 0xa1..=0xfe => 2,
            _ => 1,
        };
    }
    let four_byte = encoding == encoding_rs::GB18030 || encoding == encoding_rs::GBK;
    match (lead, bytes.get(1)) {
        (0x81..=0xfe, Some(0x30..=0x39)) if four_byte => 4,
        (0x81..=0xfe, _) => 2,
        _ => 1,
    }
}
