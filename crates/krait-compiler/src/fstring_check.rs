//! Python 3.11 reads an f-string as one string token and then scans its
//! replacement fields itself (`fstring_find_literal` and `fstring_find_expr` in
//! `Parser/string_parser.c`), before and around parsing each field's expression.
//! That scan has errors of its own ("f-string: unmatched ')'", "f-string
//! expression part cannot include a backslash" ...), which the 3.12-style parser
//! Krait uses does not know. This module repeats the scan on each f-string token.

/// The first error of 3.11's scan of one f-string body, with the offset in the
/// body from which it stands: errors the scan finds before the field's expression
/// is parsed stand from the field's start, the others from the expression's end
/// (an error in the expression itself would have come first).
pub struct ScanError<E> {
    pub error: FieldError<E>,
    pub after: usize,
}

/// What went wrong: the scan's own message, or the error the expression checker
/// gave for a field's expression.
pub enum FieldError<E> {
    Message(String),
    Expression(E),
}

/// Checks a field's expression, given as a range of the body, when 3.11 parses
/// it: between the field's scan and its conversion and format spec.
pub type ExpressionCheck<'a, E> = &'a mut dyn FnMut(usize, usize) -> Option<E>;

/// Scans the body of an f-string token (between its quotes).
pub fn scan<E>(body: &[u8], raw: bool, check: ExpressionCheck<E>) -> Result<(), ScanError<E>> {
    let mut scanner = Scanner { body, raw, check };
    let mut pos = 0;
    scanner.parse(&mut pos, 0)
}

struct Scanner<'a, 'c, E> {
    body: &'a [u8],
    raw: bool,
    check: ExpressionCheck<'c, E>,
}

impl<E> Scanner<'_, '_, E> {
    /// `fstring_parse`: literals and fields up to the end of the body, or, in a
    /// format spec (`level` 1), up to its closing brace.
    fn parse(&mut self, pos: &mut usize, level: u32) -> Result<(), ScanError<E>> {
        let (body, raw) = (self.body, self.raw);
        loop {
            let doubled = literal(body, pos, raw, level)?;
            if doubled {
                continue;
            }
            if *pos >= body.len() || body[*pos] == b'}' {
                break;
            }
            self.field(pos, level)?;
        }
        if level != 0 && body.get(*pos) != Some(&b'}') {
            return Err(error("f-string: expecting '}'", *pos));
        }
        Ok(())
    }

    /// `fstring_find_expr`: one replacement field, from its `{` to past its `}`.
    fn field(&mut self, pos: &mut usize, level: u32) -> Result<(), ScanError<E>> {
        let body = self.body;
        let field_start = *pos;
        if level >= 2 {
            return Err(error(
                "f-string: expressions nested too deeply",
                field_start,
            ));
        }
        let mut s = *pos + 1;
        let expr_start = s;
        let mut quote: Option<(u8, bool)> = None;
        let mut brackets: Vec<u8> = Vec::new();
        while s < body.len() {
            let ch = body[s];
            if ch == b'\\' {
                return Err(error(
                    "f-string expression part cannot include a backslash",
                    field_start,
                ));
            }
            if let Some((q, triple)) = quote {
                if ch == q {
                    if !triple {
                        quote = None;
                    } else if body.get(s + 1) == Some(&ch) && body.get(s + 2) == Some(&ch) {
                        s += 2;
                        quote = None;
                    }
                }
                s += 1;
                continue;
            }
            match ch {
                b'\'' | b'"' => {
                    let triple = body.get(s + 1) == Some(&ch) && body.get(s + 2) == Some(&ch);
                    if triple {
                        s += 2;
                    }
                    quote = Some((ch, triple));
                }
                b'[' | b'{' | b'(' => {
                    if brackets.len() >= 200 {
                        return Err(error("f-string: too many nested parenthesis", field_start));
                    }
                    brackets.push(ch);
                }
                b'#' => {
                    return Err(error(
                        "f-string expression part cannot include '#'",
                        field_start,
                    ))
                }
                b'!' | b':' | b'}' | b'=' | b'>' | b'<' if brackets.is_empty() => {
                    let next = body.get(s + 1).copied();
                    if next == Some(b'=') && matches!(ch, b'!' | b'=' | b'<' | b'>') {
                        s += 2;
                        continue;
                    }
                    if ch != b'>' && ch != b'<' {
                        break;
                    }
                }
                b']' | b'}' | b')' => {
                    let Some(opening) = brackets.pop() else {
                        let msg = format!("f-string: unmatched '{}'", ch as char);
                        return Err(error(msg, field_start));
                    };
                    let matching =
                        matches!((opening, ch), (b'(', b')') | (b'[', b']') | (b'{', b'}'));
                    if !matching {
                        let msg = format!(
                        "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                        ch as char, opening as char
                    );
                        return Err(error(msg, field_start));
                    }
                }
                _ => {}
            }
            s += 1;
        }
        let expr_end = s;
        if quote.is_some() {
            return Err(error("f-string: unterminated string", field_start));
        }
        if let Some(&opening) = brackets.last() {
            let msg = format!("f-string: unmatched '{}'", opening as char);
            return Err(error(msg, field_start));
        }
        let expecting = |at: usize| error::<E>("f-string: expecting '}'", at);
        if s >= body.len() {
            return Err(expecting(field_start));
        }
        let blank = body[expr_start..expr_end]
            .iter()
            .all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\x0c'));
        if blank {
            let msg = match body[expr_end] {
                c @ (b'!' | b':' | b'=') => {
                    format!("f-string: expression required before '{}'", c as char)
                }
                _ => "f-string: empty expression not allowed".to_owned(),
            };
            return Err(error(msg, field_start));
        }
        if let Some(e) = (self.check)(expr_start, expr_end) {
            return Err(ScanError {
                error: FieldError::Expression(e),
                after: field_start,
            });
        }
        // From here on, an error in the expression would have been reported first.
        if body[s] == b'=' {
            s += 1;
            while s < body.len() && body[s].is_ascii_whitespace() {
                s += 1;
            }
            if s >= body.len() {
                return Err(expecting(expr_end));
            }
        }
        if body[s] == b'!' {
            s += 1;
            if s >= body.len() {
                return Err(expecting(expr_end));
            }
            let conversion = body[s];
            s += 1;
            if !matches!(conversion, b's' | b'r' | b'a') {
                return Err(error(
                    "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                    expr_end,
                ));
            }
        }
        if s >= body.len() {
            return Err(expecting(expr_end));
        }
        if body[s] == b':' {
            s += 1;
            if s >= body.len() {
                return Err(expecting(expr_end));
            }
            self.parse(&mut s, level + 1)?;
        }
        if s >= body.len() || body[s] != b'}' {
            return Err(expecting(expr_end));
        }
        *pos = s + 1;
        Ok(())
    }
}

fn error<E>(msg: impl Into<String>, after: usize) -> ScanError<E> {
    ScanError {
        error: FieldError::Message(msg.into()),
        after,
    }
}

/// `fstring_find_literal`: skips literal text up to a `{` or `}`; `true` when it
/// stopped after a doubled brace (the scan goes on with more literal text).
fn literal<E>(body: &[u8], pos: &mut usize, raw: bool, level: u32) -> Result<bool, ScanError<E>> {
    let mut s = *pos;
    while s < body.len() {
        let mut ch = body[s];
        s += 1;
        if !raw && ch == b'\\' && s < body.len() {
            ch = body[s];
            s += 1;
            if ch == b'N' {
                // `\N{name}`: its braces are not a field.
                if s < body.len() && body[s] == b'{' {
                    s += 1;
                    while s < body.len() {
                        s += 1;
                        if body[s - 1] == b'}' {
                            break;
                        }
                    }
                }
                continue;
            }
        }
        if ch == b'{' || ch == b'}' {
            if level == 0 {
                if body.get(s) == Some(&ch) {
                    *pos = s + 1;
                    return Ok(true);
                }
                if ch == b'}' {
                    return Err(error("f-string: single '}' is not allowed", s - 1));
                }
            }
            s -= 1;
            break;
        }
    }
    *pos = s;
    Ok(false)
}
