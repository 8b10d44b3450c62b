//! The errors CPython's tokenizer raises on its own, found by one forward scan
//! of the source: unterminated strings, unmatched or mismatched brackets, bad
//! indentation (IndentationError, TabError), invalid characters, malformed
//! number literals and stray line continuations. CPython reports the first of
//! these in a file in preference to the parser's errors (its "tokenize the full
//! source" pass). Corresponds to the error paths of `Parser/tokenizer.c`.

use ruff_text_size::{TextRange, TextSize};

use crate::ErrorKind;

/// What the scan found.
#[derive(Debug, Default)]
pub struct TokenizerCheck {
    /// The first tokenizer error: class, message, and the byte range whose start
    /// gives the reported column.
    pub error: Option<(ErrorKind, String, TextRange)>,
    /// Whether that error replaces a parser error found earlier in the file.
    /// CPython raises most tokenizer errors as exceptions, which its
    /// full-source pass reports; indentation errors, TabError and stray line
    /// continuations are status codes that only surface when the parser
    /// itself reaches them.
    pub overrides: bool,
    /// The innermost bracket still open where scanning stopped (end of file or
    /// a character the tokenizer cannot use): the bracket, its line and offset.
    pub open_bracket: Option<(char, usize, usize)>,
    /// Numbers run into a keyword (`1if x else y`): the SyntaxWarning's message
    /// and where its SyntaxError would point, in source order.
    pub number_warnings: Vec<(String, usize)>,
    /// The string tokens scanned: (token start, body start, body end, token end).
    pub strings: Vec<(usize, usize, usize, usize)>,
}

fn at(p: usize) -> TextRange {
    TextRange::new(TextSize::from(p as u32), TextSize::from(p as u32))
}

struct Scanner<'s> {
    src: &'s str,
    b: &'s [u8],
    i: usize,
    line: usize,
    line_start: usize,
    brackets: Vec<(u8, usize, usize)>,
    indents: Vec<(usize, usize)>,
    /// String tokens seen: (token start, body start, body end, token end).
    strings: Vec<(usize, usize, usize, usize)>,
    number_warnings: Vec<(String, usize)>,
}

type Error = (ErrorKind, String, TextRange);

fn syntax(msg: String, p: usize) -> Error {
    (ErrorKind::SyntaxError, msg, at(p))
}

impl<'s> Scanner<'s> {
    fn new(src: &'s str, b: &'s [u8]) -> Scanner<'s> {
        Scanner {
            src,
            b,
            i: 0,
            line: 1,
            line_start: 0,
            brackets: Vec::new(),
            indents: vec![(0, 0)],
            strings: Vec::new(),
            number_warnings: Vec::new(),
        }
    }

    fn peek(&self, k: usize) -> u8 {
        self.b.get(self.i + k).copied().unwrap_or(0)
    }

    fn newline(&mut self) {
        self.line += 1;
        self.line_start = self.i;
    }

    /// Indentation of a new logical line; `Ok(false)` when the line is blank.
    fn indentation(&mut self) -> Result<(), Error> {
        let (mut col, mut alt) = (0usize, 0usize);
        while self.i < self.b.len() {
            match self.b[self.i] {
                b' ' => {
                    col += 1;
                    alt += 1;
                }
                b'\t' => {
                    col = (col / 8 + 1) * 8;
                    alt += 1;
                }
                b'\x0c' => {
                    col = 0;
                    alt = 0;
                }
                _ => break,
            }
            self.i += 1;
        }
        if self.i >= self.b.len() || matches!(self.b[self.i], b'#' | b'\n' | b'\r' | b'\\') {
            return Ok(());
        }
        let tab_error = |s: &Self| {
            (
                ErrorKind::TabError,
                "inconsistent use of tabs and spaces in indentation".to_string(),
                at(s.line_start),
            )
        };
        let (top, alttop) = *self.indents.last().expect("indent stack has a base");
        if col == top {
            if alt != alttop {
                return Err(tab_error(self));
            }
        } else if col > top {
            if self.indents.len() >= 100 {
                return Err((
                    ErrorKind::IndentationError,
                    "too many levels of indentation".into(),
                    at(self.i),
                ));
            }
            if alt <= alttop {
                return Err(tab_error(self));
            }
            self.indents.push((col, alt));
        } else {
            while self.indents.len() > 1 && col < self.indents.last().expect("non-empty").0 {
                self.indents.pop();
            }
            let (top, alttop) = *self.indents.last().expect("non-empty");
            if col != top {
                let mut end = self.i;
                while end < self.b.len() && self.b[end] != b'\n' {
                    end += 1;
                }
                return Err((
                    ErrorKind::IndentationError,
                    "unindent does not match any outer indentation level".into(),
                    at(end.max(self.line_start)),
                ));
            }
            if alt != alttop {
                return Err(tab_error(self));
            }
        }
        Ok(())
    }

    fn string(&mut self, quote: u8, token_start: usize) -> Result<(), Error> {
        let start = self.i;
        let triple = self.peek(1) == quote && self.peek(2) == quote;
        self.i += if triple { 3 } else { 1 };
        loop {
            if self.i >= self.b.len() {
                let detected =
                    self.src.matches('\n').count() + usize::from(!self.src.ends_with('\n'));
                let msg = if triple {
                    format!(
                        "unterminated triple-quoted string literal (detected at line {})",
                        detected.max(1)
                    )
                } else {
                    format!(
                        "unterminated string literal (detected at line {})",
                        self.line
                    )
                };
                return Err(syntax(msg, start));
            }
            let c = self.b[self.i];
            if c == b'\\' {
                self.i += 1;
                if self.i < self.b.len() {
                    if self.b[self.i] == b'\r' && self.peek(1) == b'\n' {
                        self.i += 1;
                    }
                    if matches!(self.b[self.i], b'\n' | b'\r') {
                        self.i += 1;
                        self.newline();
                        continue;
                    }
                    self.i += 1;
                }
                continue;
            }
            if c == b'\n' || c == b'\r' {
                if !triple {
                    return Err(syntax(
                        format!(
                            "unterminated string literal (detected at line {})",
                            self.line
                        ),
                        start,
                    ));
                }
                if c == b'\r' && self.peek(1) == b'\n' {
                    self.i += 1;
                }
                self.i += 1;
                self.newline();
                continue;
            }
            if c == quote && (!triple || (self.peek(1) == quote && self.peek(2) == quote)) {
                let body_start = start + if triple { 3 } else { 1 };
                let body_end = self.i;
                self.i += if triple { 3 } else { 1 };
                self.strings
                    .push((token_start, body_start, body_end, self.i));
                return Ok(());
            }
            self.i += 1;
        }
    }

    fn is_ident_char(c: u8) -> bool {
        c.is_ascii_alphanumeric() || c == b'_' || c >= 128
    }

    /// After a number: an identifier character right after it is an error,
    /// except that one of the keywords that may follow a number in valid code
    /// (`1if x else y`) is only warned about (`verify_end_of_number`).
    fn end_of_number(&mut self, kind: &str) -> Result<(), Error> {
        let rest = &self.b[self.i..];
        let keyword = |word: &[u8]| {
            rest.starts_with(word)
                && !rest
                    .get(word.len())
                    .is_some_and(|&c| Self::is_ident_char(c))
        };
        let before_keyword = match rest.first() {
            Some(b'a') => keyword(b"and"),
            Some(b'e') => keyword(b"else"),
            Some(b'f') => keyword(b"for"),
            // `if`, `in` and `is` are taken at their second letter.
            Some(b'i') => matches!(rest.get(1), Some(b'f' | b'n' | b's')),
            Some(b'o') => keyword(b"or"),
            Some(b'n') => keyword(b"not"),
            _ => false,
        };
        let at = self.i.saturating_sub(1);
        if before_keyword {
            self.number_warnings
                .push((format!("invalid {kind} literal"), at));
        } else if rest.first().is_some_and(|&c| Self::is_ident_char(c)) {
            return Err(syntax(format!("invalid {kind} literal"), at));
        }
        Ok(())
    }

    fn digits(&mut self, ok: impl Fn(u8) -> bool, kind: &str) -> Result<bool, Error> {
        let mut any = false;
        loop {
            while self.i < self.b.len() && ok(self.b[self.i]) {
                self.i += 1;
                any = true;
            }
            if self.peek(0) == b'_' {
                self.i += 1;
                // A decimal digit out of a binary or octal literal's range is
                // named; anything else makes the literal invalid.
                let next = self.peek(0);
                if !ok(next) && next.is_ascii_digit() && matches!(kind, "binary" | "octal") {
                    return Err(syntax(
                        format!("invalid digit '{}' in {kind} literal", next as char),
                        self.i,
                    ));
                }
                if !ok(next) {
                    return Err(syntax(
                        format!("invalid {kind} literal"),
                        self.i.saturating_sub(1),
                    ));
                }
                continue;
            }
            return Ok(any);
        }
    }

    fn number(&mut self) -> Result<(), Error> {
        let start = self.i;
        if self.b[self.i] == b'0' && matches!(self.peek(1) | 0x20, b'x' | b'o' | b'b') {
            let (kind, ok): (&str, fn(u8) -> bool) = match self.peek(1) | 0x20 {
                b'x' => ("hexadecimal", |c: u8| c.is_ascii_hexdigit()),
                b'o' => ("octal", |c: u8| (b'0'..=b'7').contains(&c)),
                _ => ("binary", |c: u8| c == b'0' || c == b'1'),
            };
            self.i += 2;
            if self.peek(0) == b'_' {
                self.i += 1;
            }
            let any = self.digits(ok, kind)?;
            if self.peek(0).is_ascii_digit() {
                let c = self.peek(0) as char;
                return Err(syntax(
                    format!("invalid digit '{c}' in {kind} literal"),
                    self.i,
                ));
            }
            if !any {
                return Err(syntax(
                    format!("invalid {kind} literal"),
                    self.i.saturating_sub(1),
                ));
            }
            return self.end_of_number(kind);
        }
        let int_part = self.digits(|c| c.is_ascii_digit(), "decimal")?;
        if int_part {
            let text = &self.src[start..self.i];
            if text.len() > 1
                && text.starts_with('0')
                && text.bytes().any(|c| c != b'0' && c != b'_')
                && !matches!(self.peek(0), b'.' | b'e' | b'E' | b'j' | b'J')
            {
                return Err(syntax(
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers".into(),
                    start,
                ));
            }
        }
        if self.peek(0) == b'.' {
            self.i += 1;
            self.digits(|c| c.is_ascii_digit(), "decimal")?;
        }
        if matches!(self.peek(0), b'e' | b'E') {
            let e_at = self.i;
            self.i += 1;
            if matches!(self.peek(0), b'+' | b'-') {
                self.i += 1;
            }
            if !self.peek(0).is_ascii_digit() {
                if self.i == e_at + 1 {
                    // No exponent after all: the number ends before the `e`,
                    // which may begin `else`.
                    self.i = e_at;
                    return self.end_of_number("decimal");
                }
                // After a sign, 3.11 points at the sign.
                return Err(syntax("invalid decimal literal".into(), self.i - 1));
            }
            self.digits(|c| c.is_ascii_digit(), "decimal")?;
        }
        if matches!(self.peek(0), b'j' | b'J') {
            self.i += 1;
            return self.end_of_number("imaginary");
        }
        self.end_of_number("decimal")
    }

    fn run(&mut self) -> Result<(), Error> {
        let mut logical_start = true;
        while self.i < self.b.len() {
            if logical_start && self.brackets.is_empty() {
                logical_start = false;
                self.indentation()?;
                continue;
            }
            let c = self.b[self.i];
            match c {
                b' ' | b'\t' | b'\x0c' => self.i += 1,
                b'#' => {
                    while self.i < self.b.len() && !matches!(self.b[self.i], b'\n' | b'\r') {
                        self.i += 1;
                    }
                }
                b'\n' | b'\r' => {
                    if c == b'\r' && self.peek(1) == b'\n' {
                        self.i += 1;
                    }
                    self.i += 1;
                    self.newline();
                    logical_start = self.brackets.is_empty();
                }
                b'\\' => {
                    self.i += 1;
                    if self.i >= self.b.len() {
                        return Err(syntax("unexpected EOF while parsing".into(), self.i));
                    }
                    if self.b[self.i] == b'\r' && self.peek(1) == b'\n' {
                        self.i += 1;
                    }
                    if !matches!(self.b[self.i], b'\n' | b'\r') {
                        return Err(syntax(
                            "unexpected character after line continuation character".into(),
                            self.i,
                        ));
                    }
                    self.i += 1;
                    self.newline();
                }
                b'\'' | b'"' => self.string(c, self.i)?,
                b'0'..=b'9' => self.number()?,
                b'.' if self.peek(1).is_ascii_digit() => self.number()?,
                b'(' | b'[' | b'{' => {
                    if self.brackets.len() >= 200 {
                        return Err(syntax("too many nested parentheses".into(), self.i));
                    }
                    self.brackets.push((c, self.line, self.i));
                    self.i += 1;
                }
                b')' | b']' | b'}' => {
                    let open = match c {
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    };
                    match self.brackets.pop() {
                        None => {
                            return Err(syntax(format!("unmatched '{}'", c as char), self.i));
                        }
                        Some((o, line, _)) if o != open => {
                            let msg = if line != self.line {
                                format!(
                                    "closing parenthesis '{}' does not match opening parenthesis '{}' on line {line}",
                                    c as char, o as char
                                )
                            } else {
                                format!(
                                    "closing parenthesis '{}' does not match opening parenthesis '{}'",
                                    c as char, o as char
                                )
                            };
                            return Err(syntax(msg, self.i));
                        }
                        Some(_) => self.i += 1,
                    }
                }
                b'$' | b'?' | b'`' => return Ok(()),
                b'!' if self.peek(1) != b'=' => return Ok(()),
                _ if Self::is_ident_char(c) => {
                    let start = self.i;
                    while self.i < self.b.len() && Self::is_ident_char(self.b[self.i]) {
                        if self.b[self.i] >= 128 {
                            let ch = self.src[self.i..].chars().next().unwrap_or('\u{fffd}');
                            let ok = ch.is_alphanumeric() || ch == '_' || is_id_mark(ch);
                            if !ok {
                                let msg = if ch.is_whitespace()
                                    || ch.is_control()
                                    || ch == '\u{feff}'
                                {
                                    format!("invalid non-printable character U+{:04X}", ch as u32)
                                } else {
                                    format!("invalid character '{ch}' (U+{:04X})", ch as u32)
                                };
                                return Err(syntax(msg, self.i));
                            }
                            self.i += ch.len_utf8();
                        } else {
                            self.i += 1;
                        }
                    }
                    let word = &self.b[start..self.i];
                    let is_prefix = word.len() <= 2
                        && word
                            .iter()
                            .all(|c| matches!(c | 0x20, b'r' | b'b' | b'u' | b'f'));
                    if is_prefix && matches!(self.peek(0), b'\'' | b'"') {
                        self.string(self.peek(0), start)?;
                    }
                }
                _ => self.i += 1,
            }
        }
        Ok(())
    }
}

/// Combining marks and connectors that may continue an identifier.
fn is_id_mark(ch: char) -> bool {
    matches!(ch as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x200C | 0x200D | 0x203F | 0x2040)
        || (ch as u32 >= 0x0900
            && !ch.is_whitespace()
            && !ch.is_ascii_punctuation()
            && !is_symbol(ch))
}

fn is_symbol(ch: char) -> bool {
    matches!(ch as u32, 0x2000..=0x2BFF | 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFFF0..=0xFFFF | 0x1F000..=0x1FAFF)
}

pub fn check(source: &str) -> TokenizerCheck {
    let mut s = Scanner::new(source, source.as_bytes());
    if source.starts_with('\u{feff}') {
        s.i = 3;
    }
    let error = s.run().err();
    let overrides = match &error {
        Some((ErrorKind::SyntaxError, msg, _)) => {
            msg != "unexpected character after line continuation character"
                && msg != "unexpected EOF while parsing"
                && msg != "too many levels of indentation"
        }
        _ => false,
    };
    let open_bracket = s
        .brackets
        .last()
        .map(|&(c, line, off)| (c as char, line, off));
    TokenizerCheck {
        error,
        overrides,
        open_bracket,
        number_warnings: s.number_warnings,
        strings: s.strings,
    }
}

/// The innermost bracket open at byte `pos` (strings and comments skipped):
/// its offset, or `None` outside brackets.
pub fn innermost_bracket_at(source: &str, pos: usize) -> Option<usize> {
    let mut s = Scanner::new(source, &source.as_bytes()[..pos.min(source.len())]);
    // Errors don't matter here, only how far the brackets got.
    s.run().ok();
    s.brackets.last().map(|&(_, _, off)| off)
}

/// The string token containing byte `pos`: (token start, body start, body
/// end, token end).
pub fn string_at(source: &str, pos: usize) -> Option<(usize, usize, usize, usize)> {
    let mut s = Scanner::new(source, source.as_bytes());
    s.run().ok();
    s.strings
        .into_iter()
        .find(|&(start, _, _, end)| start <= pos && pos <= end)
}
