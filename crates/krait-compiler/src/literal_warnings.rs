//! The warnings CPython issues while reading literals: a number run into a
//! keyword (`1if x else y`, a SyntaxWarning from `Parser/tokenizer.c`'s
//! `verify_end_of_number`) and an invalid escape sequence in a string or bytes
//! literal (`"\d"`, a DeprecationWarning from `Parser/string_parser.c`).

use ruff_text_size::{TextRange, TextSize};

use crate::tokenizer::TokenizerCheck;
use crate::{error, CompileWarning, ErrorKind, WarningCategory};

/// The literal warnings of a source file, in source order. When a SyntaxError
/// stopped the parser at `limit`, the strings after it were never decoded, but
/// CPython's tokenizer has gone on through the file looking for errors of its
/// own, warning about numbers on the way.
pub fn warnings(
    tok: &TokenizerCheck,
    source: &str,
    filename: &str,
    limit: Option<usize>,
) -> Vec<CompileWarning> {
    let mut found: Vec<(usize, WarningCategory, String, TextRange)> = Vec::new();
    for (msg, at) in &tok.number_warnings {
        let range = TextRange::empty(TextSize::from(*at as u32));
        found.push((*at, WarningCategory::SyntaxWarning, msg.clone(), range));
    }
    for &(start, body_start, body_end, end) in &tok.strings {
        if limit.is_some_and(|limit| start >= limit) {
            continue;
        }
        if let Some(msg) = first_invalid_escape(source, start, body_start, body_end) {
            let range = TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32));
            for m in msg {
                found.push((start, WarningCategory::DeprecationWarning, m, range));
            }
        }
    }
    found.sort_by_key(|w| w.0);
    found
        .into_iter()
        .map(|(_, category, msg, range)| CompileWarning {
            category,
            as_error: error::error_at(ErrorKind::SyntaxError, msg, source, filename, range),
        })
        .collect()
}

/// The warnings of one string token: the first invalid escape of its text, or
/// of each literal stretch of an f-string (the parts outside its replacement
/// fields, decoded one by one).
fn first_invalid_escape(
    source: &str,
    start: usize,
    body_start: usize,
    body_end: usize,
) -> Option<Vec<String>> {
    let prefix: String = source[start..body_start]
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if prefix.contains('r') {
        return None;
    }
    let bytes = prefix.contains('b');
    let body = source.as_bytes().get(body_start..body_end)?;
    let stretches = match prefix.contains('f') {
        true => literal_stretches(body),
        false => vec![(0, body.len())],
    };
    let messages: Vec<String> = stretches
        .into_iter()
        .filter_map(|(from, to)| invalid_escape(body, from, to, bytes))
        .collect();
    (!messages.is_empty()).then_some(messages)
}

/// The parts of an f-string's body outside its replacement fields, a doubled
/// brace ending a part.
fn literal_stretches(body: &[u8]) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let (mut i, mut from) = (0, 0);
    while i < body.len() {
        match body[i] {
            b'\\' => i += 2,
            b'{' | b'}' if body.get(i + 1) == Some(&body[i]) => {
                parts.push((from, i + 1));
                i += 2;
                from = i;
            }
            b'{' => {
                parts.push((from, i));
                i = field_end(body, i);
                from = i;
            }
            _ => i += 1,
        }
    }
    parts.push((from, body.len().min(i)));
    parts
}

/// Where the replacement field opening at `open` ends (after its `}`); its
/// format spec's own literal text is left out, as nested fields would need.
fn field_end(body: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = open;
    while i < body.len() {
        let c = body[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'\'' | b'"' => quote = Some(c),
                b'{' | b'[' | b'(' => depth += 1,
                b'}' | b']' | b')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    body.len()
}

/// The message for the first invalid escape in `body[from..to]`, if any.
fn invalid_escape(body: &[u8], from: usize, to: usize, bytes: bool) -> Option<String> {
    let mut i = from;
    while i < to {
        if body[i] != b'\\' {
            i += 1;
            continue;
        }
        let &c = body.get(i + 1)?;
        match c {
            b'\n' | b'\\' | b'\'' | b'"' | b'a' | b'b' | b'f' | b'n' | b'r' | b't' | b'v'
            | b'x' => i += 2,
            b'N' | b'u' | b'U' if !bytes => i += 2,
            b'0'..=b'7' => {
                let digits = body[i + 1..]
                    .iter()
                    .take(3)
                    .take_while(|d| (b'0'..=b'7').contains(d))
                    .count();
                let text = &body[i + 1..i + 1 + digits];
                let value = text.iter().fold(0u32, |v, d| v * 8 + u32::from(d - b'0'));
                if value > 0o377 {
                    let text = String::from_utf8_lossy(text);
                    return Some(format!("invalid octal escape sequence '\\{text}'"));
                }
                i += 1 + digits;
            }
            // CPython names the escape by its first byte.
            other => return Some(format!("invalid escape sequence '\\{}'", other as char)),
        }
    }
    None
}
