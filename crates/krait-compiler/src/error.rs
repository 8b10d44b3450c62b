//! Turning the parser's errors into CPython-style SyntaxErrors: the message
//! python3.11 prints, the 1-based line and character column, and the source
//! line. Corresponds to the error paths of CPython's `Parser/pegen_errors.c`.

use ruff_python_parser::{ParseError, ParseErrorType, UnsupportedSyntaxError};
use ruff_text_size::TextRange;

use crate::{CompileError, ErrorKind};

/// Build a SyntaxError for a byte range of `source`.
pub fn error_at(
    kind: ErrorKind,
    msg: String,
    source: &str,
    filename: &str,
    range: TextRange,
) -> CompileError {
    let start = (range.start().to_usize()).min(source.len());
    let end = (range.end().to_usize()).min(source.len()).max(start);
    let (lineno, offset, text) = position(source, start);
    let (end_lineno, end_offset, _) = position(source, end);
    CompileError {
        kind,
        msg,
        filename: filename.to_string(),
        lineno,
        offset,
        end_lineno,
        end_offset,
        text,
    }
}

/// Line (1-based), column (1-based, in characters) and the line's text.
pub fn position(source: &str, byte: usize) -> (usize, usize, Option<String>) {
    let mut byte = byte.min(source.len());
    while !source.is_char_boundary(byte) {
        byte -= 1;
    }
    let before = &source[..byte];
    let lineno = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..byte].chars().count() + 1;
    let line_end = source[line_start..]
        .find('\n')
        .map_or(source.len(), |i| line_start + i);
    let text = source[line_start..line_end].to_string();
    (lineno, col, Some(format!("{text}\n")))
}

pub fn from_parse_error(e: &ParseError, source: &str, filename: &str) -> CompileError {
    let (kind, msg) = match &e.error {
        ParseErrorType::Lexical(l) => {
            let s = l.to_string();
            if s.contains("indent") || s.contains("Indent") {
                (
                    ErrorKind::IndentationError,
                    "unindent does not match any outer indentation level".to_string(),
                )
            } else if s.to_lowercase().contains("tab") {
                (
                    ErrorKind::TabError,
                    "inconsistent use of tabs and spaces in indentation".to_string(),
                )
            } else if s.contains("unterminated") || s.contains("Unterminated") {
                (
                    ErrorKind::SyntaxError,
                    "unterminated string literal".to_string(),
                )
            } else {
                (ErrorKind::SyntaxError, "invalid syntax".to_string())
            }
        }
        ParseErrorType::OtherError(s) if s.contains("indent") => (
            ErrorKind::IndentationError,
            "expected an indented block".to_string(),
        ),
        _ => (ErrorKind::SyntaxError, "invalid syntax".to_string()),
    };
    error_at(kind, msg, source, filename, e.location)
}

pub fn from_unsupported(e: &UnsupportedSyntaxError, source: &str, filename: &str) -> CompileError {
    error_at(
        ErrorKind::SyntaxError,
        "invalid syntax".to_string(),
        source,
        filename,
        e.range,
    )
}
