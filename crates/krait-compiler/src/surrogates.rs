//! String literals that hold lone surrogates (`'\udc80'`). The parser hands a
//! literal's value over as a Rust `str`, which cannot hold a surrogate, so it
//! puts U+FFFD in its place; a Python str can hold one. For the literals whose
//! source has a `\u` or `\U` escape naming a surrogate, the value is decoded
//! again here from the source text, escape by escape as CPython's
//! `_PyUnicode_DecodeUnicodeEscapeInternal` does, into code points. The literal
//! text of f-strings is decoded the same way, its doubled braces undoubled.

use std::rc::Rc;

use krait_bytecode::code::is_surrogate;
use krait_bytecode::Constant;
use ruff_python_ast::{StringLiteral, StringLiteralValue};

/// The constant of a (possibly implicitly concatenated) string literal.
pub fn string_constant(source: &str, value: &StringLiteralValue) -> Constant {
    let parts = value.as_slice();
    if !parts
        .iter()
        .any(|part| literal_body(source, part).is_some_and(names_surrogate))
    {
        return Constant::Str(Rc::from(value.to_str()));
    }
    Constant::str_of(
        parts
            .iter()
            .flat_map(|part| literal_points(source, part))
            .collect(),
    )
}

/// The code points of one part of a string literal, lone surrogates included.
pub fn literal_points(source: &str, part: &StringLiteral) -> Vec<u32> {
    match literal_body(source, part).filter(|body| names_surrogate(body)) {
        Some(body) => decode_escapes(body),
        None => part.value.chars().map(u32::from).collect(),
    }
}

/// The code points of a stretch of literal text in an f-string (`range`, in an
/// f-string whose own text starts at `fstring_start`), whose parsed value is
/// `value`: decoded again from the source when an escape there names a
/// surrogate, `{{` and `}}` standing for one brace.
pub fn fstring_literal_points(
    source: &str,
    fstring_start: usize,
    range: ruff_text_size::TextRange,
    value: &str,
) -> Vec<u32> {
    let raw = source
        .get(fstring_start..)
        .is_none_or(|text| split_prefix(text).0.contains(['r', 'R']));
    let text = source.get(range.start().to_usize()..range.end().to_usize());
    match text.filter(|text| !raw && names_surrogate(text)) {
        Some(text) => decode_escapes(&text.replace("{{", "{").replace("}}", "}")),
        None => value.chars().map(u32::from).collect(),
    }
}

/// A literal's text split into its prefix letters (`rb`, `f` ...) and the rest.
fn split_prefix(text: &str) -> (&str, &str) {
    text.split_at(text.bytes().take_while(u8::is_ascii_alphabetic).count())
}

/// The text between the quotes of a literal that is not raw; `None` for a raw
/// one (whose backslashes are text) or one without source.
fn literal_body<'s>(source: &'s str, part: &StringLiteral) -> Option<&'s str> {
    let text = source.get(part.range.start().to_usize()..part.range.end().to_usize())?;
    let (prefix, quoted) = split_prefix(text);
    if prefix.contains(['r', 'R']) {
        return None;
    }
    let quotes = if quoted.starts_with("'''") || quoted.starts_with("\"\"\"") {
        3
    } else {
        1
    };
    quoted.get(quotes..quoted.len().checked_sub(quotes)?)
}

/// Whether a literal's body has a `\uXXXX` or `\UXXXXXXXX` escape naming a
/// surrogate (a backslash escaped by another is no escape).
fn names_surrogate(body: &str) -> bool {
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let digits = match bytes.get(i + 1) {
            Some(b'u') => 4,
            Some(b'U') => 8,
            _ => {
                i += 2;
                continue;
            }
        };
        let hex = body.get(i + 2..i + 2 + digits);
        if hex
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .is_some_and(is_surrogate)
        {
            return true;
        }
        i += 2;
    }
    false
}

/// The code points of a literal's body, its escapes decoded. The parser has
/// accepted the literal, so every `\x`, `\u`, `\U` and `\N` escape in it is
/// well formed.
fn decode_escapes(body: &str) -> Vec<u32> {
    let mut points = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '\\' {
            points.push(u32::from(c));
            continue;
        }
        let Some((at, escape)) = chars.next() else {
            points.push(u32::from('\\'));
            break;
        };
        let hex = |digits: usize| {
            body.get(at + 1..at + 1 + digits)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
        };
        let skip = |chars: &mut std::iter::Peekable<std::str::CharIndices>, n: usize| {
            for _ in 0..n {
                chars.next();
            }
        };
        match escape {
            '\n' => {}
            '\\' | '\'' | '"' => points.push(u32::from(escape)),
            'a' => points.push(0x07),
            'b' => points.push(0x08),
            'f' => points.push(0x0c),
            'n' => points.push(0x0a),
            'r' => points.push(0x0d),
            't' => points.push(0x09),
            'v' => points.push(0x0b),
            '0'..='7' => {
                let mut value = escape as u32 - '0' as u32;
                for _ in 0..2 {
                    match chars.peek() {
                        Some(&(_, d @ '0'..='7')) => {
                            value = value * 8 + (d as u32 - '0' as u32);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                points.push(value);
            }
            'x' | 'u' | 'U' => {
                let digits = match escape {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                match hex(digits) {
                    Some(value) => {
                        points.push(value);
                        skip(&mut chars, digits);
                    }
                    None => points.extend([u32::from('\\'), u32::from(escape)]),
                }
            }
            'N' => {
                let name = body[at + 1..]
                    .strip_prefix('{')
                    .and_then(|rest| rest.split_once('}'))
                    .map(|(name, _)| name);
                match name.and_then(unicode_names2::character) {
                    Some(named) => {
                        points.push(u32::from(named));
                        skip(&mut chars, name.map_or(0, |n| n.chars().count() + 2));
                    }
                    None => points.extend([u32::from('\\'), u32::from('N')]),
                }
            }
            other => points.extend([u32::from('\\'), u32::from(other)]),
        }
    }
    points
}
