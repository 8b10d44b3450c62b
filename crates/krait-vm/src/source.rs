//! Source files as text (PEP 263, CPython's `Parser/tokenizer.c`): source is UTF-8
//! unless a UTF-8 byte-order mark or a coding declaration on its first or second
//! line (`# -*- coding: latin-1 -*-`) says otherwise; the declared codec decodes it.
//! Bytes that do not decode raise the SyntaxError CPython raises.

use crate::abstract_;
use crate::objects::exceptions::new_exception;
use crate::value::Value;
use crate::{Exc, PyErr, PyResult, Vm};

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// Where the source comes from, which decides how CPython words some errors.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A script run from its file (`krait prog.py`): read by the file tokenizer.
    File,
    /// Bytes given to `compile()`, `exec()` or an importer.
    Bytes,
}

/// The text of source `bytes` read from `filename`.
pub fn decode_source(
    vm: &mut Vm,
    bytes: &[u8],
    filename: &str,
    origin: Origin,
) -> PyResult<String> {
    let (has_bom, body) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let declared = coding_declaration(body).map(|name| (normal_name(&name), name));
    match declared {
        Some((normal, _)) if has_bom && normal != "utf-8" => Err(syntax_error(
            vm,
            &format!("encoding problem: {normal} with BOM"),
            filename,
            origin,
        )),
        Some((normal, name)) if normal != "utf-8" => {
            decode_declared(vm, body, &name, filename, origin)
        }
        // Declared UTF-8 is checked token by token, as source from bytes is.
        Some(_) => decode_utf8(vm, body, filename, Origin::Bytes),
        None => decode_utf8(vm, body, filename, origin),
    }
}

/// Source with no declaration (or a UTF-8 one): it must be UTF-8.
fn decode_utf8(vm: &mut Vm, body: &[u8], filename: &str, origin: Origin) -> PyResult<String> {
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok(text.to_owned());
    }
    let mut from = 0;
    loop {
        let error = match std::str::from_utf8(&body[from..]) {
            // Bad bytes in comments only: they are never read as text.
            Ok(_) => return Ok(String::from_utf8_lossy(body).into_owned()),
            Err(e) => e,
        };
        let at = from + error.valid_up_to();
        if origin == Origin::File {
            let line = body[..at].iter().filter(|b| **b == b'\n').count() + 1;
            let message = format!(
                "Non-UTF-8 code starting with '\\x{:02x}' in file {filename} on line {line}, \
                 but no encoding declared; see https://peps.python.org/pep-0263/ for details",
                body[at]
            );
            return Err(vm.new_error(Exc::SyntaxError, message));
        }
        // From bytes, the parser meets a bad byte in a token: a comment may hold
        // anything, a literal or a name may not.
        let line_start = body[..at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1);
        let before = &body[line_start..at];
        let in_comment =
            before.contains(&b'#') && !before.iter().any(|b| *b == b'"' || *b == b'\'');
        if !in_comment {
            return Err(undecodable_token(vm, body, at, line_start, filename));
        }
        from = at + error.error_len().unwrap_or(body.len() - at);
    }
}

/// The SyntaxError the parser raises for the bad byte at `at` in a token of the
/// line starting at `line_start`.
fn undecodable_token(
    vm: &mut Vm,
    body: &[u8],
    at: usize,
    line_start: usize,
    filename: &str,
) -> PyErr {
    let byte = body[at];
    let before = &body[line_start..at];
    let line_end = body[at..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(body.len(), |p| at + p);
    // In a string literal, the codec sees the literal's contents only.
    let quote = before.iter().rev().find(|b| matches!(b, b'"' | b'\''));
    let token_end = quote
        .and_then(|q| body[at..line_end].iter().position(|b| b == q))
        .map_or(line_end, |p| at + p);
    let reason = match std::str::from_utf8(&body[at..token_end]).map_err(|e| e.error_len()) {
        Err(None) | Ok(_) => "unexpected end of data",
        Err(Some(_)) if matches!(byte, 0x80..=0xc1 | 0xf5..=0xff) => "invalid start byte",
        Err(Some(_)) => "invalid continuation byte",
    };
    let message = format!(
        "(unicode error) 'utf-8' codec can't decode byte 0x{byte:02x} in position 0: {reason}"
    );
    let line = body[..at].iter().filter(|b| **b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(before).chars().count() + 1;
    let text = String::from_utf8_lossy(&body[line_start..line_end]).into_owned() + "\n";
    located_syntax_error(
        vm,
        &message,
        filename,
        line as i64,
        column as i64,
        Some(&text),
    )
}

/// Source in a declared encoding, decoded by that codec.
fn decode_declared(
    vm: &mut Vm,
    body: &[u8],
    name: &str,
    filename: &str,
    origin: Origin,
) -> PyResult<String> {
    // The file tokenizer reads lines through the codec, which a UTF-16 or UTF-32
    // file cannot give.
    let normal = name.to_ascii_lowercase().replace('_', "-");
    if origin == Origin::File && (normal.starts_with("utf-16") || normal.starts_with("utf-32")) {
        return Err(syntax_error(
            vm,
            &format!("encoding problem: {name}"),
            filename,
            origin,
        ));
    }
    let data = vm.new_bytes(body.to_vec());
    let encoding = vm.new_str(name);
    let decoded = vm
        .call_method(&data, "decode", vec![encoding])
        .and_then(|text| abstract_::str_string(vm, &text));
    match decoded {
        Ok(text) => Ok(text),
        Err(e) if vm.err_matches(&e, Exc::LookupError) => {
            let message = match origin {
                Origin::File => format!("encoding problem: {name}"),
                Origin::Bytes => format!("unknown encoding: {name}"),
            };
            Err(syntax_error(vm, &message, filename, origin))
        }
        Err(e) if vm.err_matches(&e, Exc::UnicodeDecodeError) => {
            let message = abstract_::str_string(vm, &Value::Obj(e.0.clone()))?;
            Err(syntax_error(vm, &message, filename, origin))
        }
        Err(e) => Err(e),
    }
}

/// A SyntaxError about the whole source: bare from a file, placed at line 0 of
/// the file otherwise.
fn syntax_error(vm: &mut Vm, message: &str, filename: &str, origin: Origin) -> PyErr {
    match origin {
        Origin::File => vm.new_error(Exc::SyntaxError, message),
        Origin::Bytes => located_syntax_error(vm, message, filename, 0, -1, None),
    }
}

fn located_syntax_error(
    vm: &mut Vm,
    message: &str,
    filename: &str,
    line: i64,
    column: i64,
    text: Option<&str>,
) -> PyErr {
    let class = vm.exc(Exc::SyntaxError).clone();
    let msg = vm.new_str(message);
    let filename = vm.new_str(filename);
    let text = text.map_or(Value::None, |t| vm.new_str(t));
    let details = vm.new_tuple(vec![filename, Value::Int(line), Value::Int(column), text]);
    new_exception(vm, &class, vec![msg, details])
}

/// The encoding a coding declaration names, on the first line or on the second
/// after a first line that is blank or only a comment.
fn coding_declaration(source: &[u8]) -> Option<String> {
    let mut lines = source.split(|b| *b == b'\n');
    let first = lines.next()?;
    if let Some(name) = coding_spec(first) {
        return Some(name);
    }
    let trimmed = first.trim_ascii_start();
    if !(trimmed.is_empty() || trimmed.starts_with(b"#")) {
        return None;
    }
    coding_spec(lines.next()?)
}

/// `coding[:=]NAME` in a comment line (CPython's `get_coding_spec`).
fn coding_spec(line: &[u8]) -> Option<String> {
    let start = line
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\x0c'))?;
    if line[start] != b'#' {
        return None;
    }
    let comment = &line[start..];
    let mut from = 0;
    while let Some(found) = find(&comment[from..], b"coding") {
        let after = from + found + b"coding".len();
        if matches!(comment.get(after), Some(b':' | b'=')) {
            let rest = &comment[after + 1..];
            let rest = &rest[rest
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count()..];
            let name: String = rest
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
                .map(|b| *b as char)
                .collect();
            if !name.is_empty() {
                return Some(name);
            }
        }
        from = after;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The tokenizer's own names for UTF-8 and Latin-1 (`get_normal_name`); other
/// names are kept as written.
fn normal_name(name: &str) -> String {
    let head: String = name
        .chars()
        .take(12)
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if head == "utf-8" || head.starts_with("utf-8-") {
        return "utf-8".to_owned();
    }
    let latin = ["latin-1", "iso-8859-1", "iso-latin-1"];
    if latin
        .iter()
        .any(|l| head == *l || head.starts_with(&format!("{l}-")))
    {
        return "iso-8859-1".to_owned();
    }
    name.to_owned()
}
