//! UTF-7 (RFC 2152), as CPython's codec: characters of the direct set stand for
//! themselves, others go as UTF-16 units in base 64 between `+` and an optional
//! `-`. Every code point can be encoded (a lone surrogate as its own unit); the
//! decoder reports errors under the codec name `utf7`, CPython's.

use std::borrow::Cow;

use super::bytes::decode_bad;
use super::str::{PyStr, StrBuf};
use crate::{PyResult, Vm};

/// The codec's name in its errors.
const CODEC: &str = "utf7";

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// How a character below 128 is written: 0 always directly, 1 optional direct
/// characters ("set O"), 2 white space, 3 only in base 64.
const CATEGORY: [u8; 128] = [
    3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 3, 3, 2, 3, 3, //
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, //
    2, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 3, 0, 0, 0, 0, //
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, //
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, //
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 1, 1, 1, //
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, //
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 3, 3, //
];

fn is_base64(c: u32) -> bool {
    matches!(c, 0x41..=0x5a | 0x61..=0x7a | 0x30..=0x39 | 0x2b | 0x2f)
}

fn from_base64(c: u8) -> u32 {
    match c {
        b'A'..=b'Z' => u32::from(c - b'A'),
        b'a'..=b'z' => u32::from(c - b'a') + 26,
        b'0'..=b'9' => u32::from(c - b'0') + 52,
        b'+' => 62,
        _ => 63,
    }
}

/// Written as itself by the encoder (set O and white space included).
fn encode_direct(c: u32) -> bool {
    c > 0 && c < 128 && CATEGORY[c as usize] != 3
}

/// Read as itself by the decoder.
fn decode_direct(c: u8) -> bool {
    c <= 127 && c != b'+'
}

/// `s` in UTF-7.
pub fn encode(s: &PyStr) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.as_str().len());
    let mut in_shift = false;
    let (mut bits, mut buffer) = (0u32, 0u64);
    for c in s.code_points() {
        if in_shift && encode_direct(c) {
            if bits > 0 {
                out.push(BASE64[((buffer << (6 - bits)) & 63) as usize]);
                buffer = 0;
                bits = 0;
            }
            in_shift = false;
            // A base-64 character or '-' after the run needs the explicit end.
            if is_base64(c) || c == u32::from(b'-') {
                out.push(b'-');
            }
            out.push(c as u8);
            continue;
        }
        if !in_shift {
            if c == u32::from(b'+') {
                out.extend_from_slice(b"+-");
                continue;
            }
            if encode_direct(c) {
                out.push(c as u8);
                continue;
            }
            out.push(b'+');
            in_shift = true;
        }
        if c >= 0x10000 {
            let c = c - 0x10000;
            push_units(0xd800 | (c >> 10), &mut bits, &mut buffer, &mut out);
            push_units(0xdc00 | (c & 0x3ff), &mut bits, &mut buffer, &mut out);
        } else {
            push_units(c, &mut bits, &mut buffer, &mut out);
        }
        buffer &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(BASE64[((buffer << (6 - bits)) & 63) as usize]);
    }
    if in_shift {
        out.push(b'-');
    }
    out
}

/// Appends a UTF-16 unit to the base-64 run: the whole sextets it completes go out.
fn push_units(unit: u32, bits: &mut u32, buffer: &mut u64, out: &mut Vec<u8>) {
    *bits += 16;
    *buffer = (*buffer << 16) | u64::from(unit);
    while *bits >= 6 {
        out.push(BASE64[((*buffer >> (*bits - 6)) & 63) as usize]);
        *bits -= 6;
    }
}

/// Decodes `bytes`; unless `is_final`, a base-64 run still open at the end is
/// left for the next call. Returns the text and how many bytes it used.
pub fn decode(
    vm: &mut Vm,
    bytes: &[u8],
    errors: &str,
    is_final: bool,
) -> PyResult<(StrBuf, usize)> {
    let mut out = StrBuf::with_capacity(bytes.len());
    let mut in_shift = false;
    let mut shift_start = 0; // where the open run began in the input
    let mut shift_out_start = 0; // and in the output
    let (mut bits, mut buffer) = (0u32, 0u64);
    let mut surrogate: u32 = 0;
    let mut i = 0;
    // An error handler may give other bytes to go on with.
    let mut input = Cow::Borrowed(bytes);
    'outer: loop {
        while i < input.len() {
            let bytes = &*input;
            let c = bytes[i];
            let (start, reason) = if in_shift {
                if is_base64(u32::from(c)) {
                    buffer = (buffer << 6) | u64::from(from_base64(c));
                    bits += 6;
                    i += 1;
                    if bits >= 16 {
                        let unit = (buffer >> (bits - 16)) as u32 & 0xffff;
                        bits -= 16;
                        buffer &= (1 << bits) - 1;
                        if surrogate != 0 {
                            if (0xdc00..0xe000).contains(&unit) {
                                let joined =
                                    0x10000 + ((surrogate - 0xd800) << 10) + (unit - 0xdc00);
                                out.push_code_point(joined);
                                surrogate = 0;
                                continue;
                            }
                            out.push_code_point(surrogate);
                            surrogate = 0;
                        }
                        if (0xd800..0xdc00).contains(&unit) {
                            surrogate = unit;
                        } else {
                            out.push_code_point(unit);
                        }
                    }
                    continue;
                }
                // The run ends here.
                in_shift = false;
                if bits >= 6 {
                    i += 1;
                    (shift_start, "partial character in shift sequence")
                } else if bits > 0 && buffer != 0 {
                    i += 1;
                    (shift_start, "non-zero padding bits in shift sequence")
                } else {
                    if surrogate != 0 && decode_direct(c) {
                        out.push_code_point(surrogate);
                    }
                    surrogate = 0;
                    // '-' is absorbed; other characters end the run and stay.
                    if c == b'-' {
                        i += 1;
                    }
                    continue;
                }
            } else if c == b'+' {
                let start = i;
                i += 1;
                if bytes.get(i) == Some(&b'-') {
                    i += 1;
                    out.push('+');
                    continue;
                }
                if i < bytes.len() && !is_base64(u32::from(bytes[i])) {
                    i += 1;
                    (start, "ill-formed sequence")
                } else {
                    in_shift = true;
                    shift_start = start;
                    surrogate = 0;
                    shift_out_start = out.byte_len();
                    bits = 0;
                    buffer = 0;
                    continue;
                }
            } else if decode_direct(c) {
                i += 1;
                out.push(char::from(c));
                continue;
            } else {
                i += 1;
                (i - 1, "unexpected special character")
            };
            i = decode_bad(vm, &mut out, CODEC, &mut input, start, i, reason, errors)?;
        }
        // The end of the input.
        if in_shift && is_final {
            in_shift = false;
            if surrogate != 0 || bits >= 6 || (bits > 0 && buffer != 0) {
                let end = input.len();
                i = decode_bad(
                    vm,
                    &mut out,
                    CODEC,
                    &mut input,
                    shift_start,
                    end,
                    "unterminated shift sequence",
                    errors,
                )?;
                if i < input.len() {
                    continue 'outer;
                }
            }
        }
        break;
    }
    if in_shift {
        // Not final: the open run is read again with what follows.
        out.truncate(shift_out_start);
        return Ok((out, shift_start));
    }
    Ok((out, i))
}
