//! Turning the parser's errors into CPython-style SyntaxErrors: the message
//! python3.11 prints, the 1-based line and character column, and the source
//! line. Corresponds to the error paths of CPython's `Parser/pegen_errors.c`,
//! `Parser/tokenizer.c` and the `invalid_*` rules of `Grammar/python.gram`.

use ruff_python_ast::Expr;
use ruff_python_parser::{
    LexicalErrorType, ParseError, ParseErrorType, UnsupportedSyntaxError,
    UnsupportedSyntaxErrorKind,
};
use ruff_text_size::{TextRange, TextSize};

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

fn range(a: usize, b: usize) -> TextRange {
    TextRange::new(TextSize::from(a as u32), TextSize::from(b as u32))
}

/// What CPython calls an expression in "cannot assign to ..." messages
/// (`_PyPegen_get_expr_name`).
pub fn expr_name(e: &Expr) -> &'static str {
    match e {
        Expr::Attribute(_) => "attribute",
        Expr::Subscript(_) => "subscript",
        Expr::Starred(_) => "starred",
        Expr::Name(_) => "name",
        Expr::List(_) => "list",
        Expr::Tuple(_) => "tuple",
        Expr::Lambda(_) => "lambda",
        Expr::Call(_) => "function call",
        Expr::BoolOp(_) | Expr::BinOp(_) | Expr::UnaryOp(_) => "expression",
        Expr::Generator(_) => "generator expression",
        Expr::Yield(_) | Expr::YieldFrom(_) => "yield expression",
        Expr::Await(_) => "await expression",
        Expr::ListComp(_) => "list comprehension",
        Expr::SetComp(_) => "set comprehension",
        Expr::DictComp(_) => "dict comprehension",
        Expr::Dict(_) => "dict literal",
        Expr::Set(_) => "set display",
        Expr::FString(_) | Expr::TString(_) => "f-string expression",
        Expr::NoneLiteral(_) => "None",
        Expr::BooleanLiteral(b) => {
            if b.value {
                "True"
            } else {
                "False"
            }
        }
        Expr::EllipsisLiteral(_) => "ellipsis",
        Expr::StringLiteral(_) | Expr::BytesLiteral(_) | Expr::NumberLiteral(_) => "literal",
        Expr::Compare(_) => "comparison",
        Expr::If(_) => "conditional expression",
        Expr::Named(_) => "named expression",
        Expr::Slice(_) | Expr::IpyEscapeCommand(_) => "expression",
    }
}

/// The expression kind at `r`, found by parsing that slice of the source.
fn target_name(source: &str, r: TextRange) -> Option<&'static str> {
    let text = source.get(r.start().to_usize()..r.end().to_usize())?;
    let parsed = ruff_python_parser::parse_expression(text.trim())
        .or_else(|_| ruff_python_parser::parse_expression(&format!("({})", text.trim())))
        .ok()?;
    Some(expr_name(parsed.expr()))
}

/// Unclosed or unmatched brackets, which CPython's tokenizer reports first.
fn bracket_error(source: &str) -> Option<(String, TextRange)> {
    let bytes = source.as_bytes();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                let triple = i + 2 < bytes.len() && bytes[i + 1] == c && bytes[i + 2] == c;
                let start = i;
                i += if triple { 3 } else { 1 };
                loop {
                    if i >= bytes.len() {
                        return None;
                    }
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if !triple && bytes[i] == b'\n' {
                        return None;
                    }
                    if bytes[i] == c
                        && (!triple
                            || (i + 2 < bytes.len() && bytes[i + 1] == c && bytes[i + 2] == c))
                    {
                        i += if triple { 3 } else { 1 };
                        break;
                    }
                    i += 1;
                }
                let _ = start;
                continue;
            }
            b'(' | b'[' | b'{' => stack.push((c, i)),
            b')' | b']' | b'}' => {
                let open = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.pop() {
                    Some((o, _)) if o == open => {}
                    Some((o, _)) => {
                        return Some((
                            format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}'",
                                c as char, o as char
                            ),
                            range(i, i + 1),
                        ))
                    }
                    None => return Some((format!("unmatched '{}'", c as char), range(i, i + 1))),
                }
            }
            _ => {}
        }
        i += 1;
    }
    stack.first().map(|(o, at)| {
        (
            format!("'{}' was never closed", *o as char),
            range(*at, *at + 1),
        )
    })
}

/// The statement that owns the block an IndentationError is about.
fn block_owner(source: &str, at: usize) -> Option<String> {
    let before = &source[..at.min(source.len())];
    let mut lines: Vec<(usize, &str)> = before.lines().enumerate().collect();
    while let Some((n, line)) = lines.pop() {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let word = t
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .next()
            .unwrap_or("");
        let lineno = n + 1;
        let what = match word {
            "def" => format!("function definition on line {lineno}"),
            "class" => format!("class definition on line {lineno}"),
            "async" => {
                let rest = t[5..].trim_start();
                if rest.starts_with("def") {
                    format!("function definition on line {lineno}")
                } else if rest.starts_with("with") {
                    format!("'with' statement on line {lineno}")
                } else {
                    format!("'for' statement on line {lineno}")
                }
            }
            "if" | "elif" | "else" | "for" | "while" | "with" | "try" | "except" | "finally"
            | "match" | "case" => format!("'{word}' statement on line {lineno}"),
            _ => return None,
        };
        return Some(format!("expected an indented block after {what}"));
    }
    None
}

pub fn from_parse_error(e: &ParseError, source: &str, filename: &str) -> CompileError {
    let at = e.location.start().to_usize().min(source.len());
    let syntax =
        |msg: String, r: TextRange| error_at(ErrorKind::SyntaxError, msg, source, filename, r);
    if let ParseErrorType::Lexical(l) = &e.error {
        match l {
            LexicalErrorType::IndentationError => {
                return error_at(
                    ErrorKind::IndentationError,
                    "unindent does not match any outer indentation level".into(),
                    source,
                    filename,
                    e.location,
                );
            }
            LexicalErrorType::UnclosedStringError => {
                let (line, _, _) = position(source, at);
                let rest = &source[at..];
                let triple = rest.contains("\"\"\"") || rest.contains("'''");
                let detected = source.lines().count().max(line);
                let msg = if triple {
                    format!(
                        "unterminated triple-quoted string literal (detected at line {detected})"
                    )
                } else {
                    format!("unterminated string literal (detected at line {line})")
                };
                return syntax(msg, range(at, at));
            }
            _ => {}
        }
    }
    if let Some((msg, r)) = bracket_error(source) {
        let at_eof = source[at..].trim().is_empty();
        let never_closed = msg.ends_with("was never closed");
        if (never_closed && at_eof) || (!never_closed && r.start().to_usize() <= at) {
            return syntax(msg, r);
        }
    }
    if let Some(r) = tab_error(source).filter(|r| r.start().to_usize() <= at) {
        return error_at(
            ErrorKind::TabError,
            "inconsistent use of tabs and spaces in indentation".into(),
            source,
            filename,
            r,
        );
    }
    if let Some((msg, r)) = number_error(source, at) {
        return syntax(msg, r);
    }
    let text = &source[at..e.location.end().to_usize().min(source.len()).max(at)];
    let stmt_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let msg = match &e.error {
        ParseErrorType::UnexpectedIndentation => {
            let line = &source[stmt_start..];
            let indent = line.len() - line.trim_start_matches([' ', '\t', '\x0c']).len();
            let p = stmt_start + indent.saturating_sub(1);
            return error_at(
                ErrorKind::IndentationError,
                "unexpected indent".into(),
                source,
                filename,
                range(p, p),
            );
        }
        ParseErrorType::OtherError(m) if m.contains("indented block") => {
            let msg = block_owner(source, stmt_start)
                .unwrap_or_else(|| "expected an indented block".to_string());
            return error_at(
                ErrorKind::IndentationError,
                msg,
                source,
                filename,
                e.location,
            );
        }
        ParseErrorType::InvalidAssignmentTarget => {
            let name = target_name(source, e.location).unwrap_or("expression");
            let after = source[e.location.end().to_usize().min(source.len())..]
                .trim_start_matches([')', ' ', '\t']);
            let whole_lhs = source[stmt_start..at]
                .trim()
                .trim_start_matches('(')
                .is_empty()
                && after.starts_with('=')
                && !after.starts_with("==");
            let target_text = source
                .get(e.location.start().to_usize()..e.location.end().to_usize())
                .unwrap_or("");
            if name == "yield expression" || target_text.trim_start().starts_with("yield") {
                "assignment to yield expression not possible".to_string()
            } else if whole_lhs && !matches!(name, "None" | "True" | "False") {
                format!("cannot assign to {name} here. Maybe you meant '==' instead of '='?")
            } else {
                format!("cannot assign to {name}")
            }
        }
        ParseErrorType::InvalidDeleteTarget => {
            format!(
                "cannot delete {}",
                target_name(source, e.location).unwrap_or("expression")
            )
        }
        ParseErrorType::InvalidAugmentedAssignmentTarget => format!(
            "'{}' is an illegal expression for augmented assignment",
            target_name(source, e.location).unwrap_or("expression")
        ),
        ParseErrorType::InvalidNamedAssignmentTarget => format!(
            "cannot use assignment expressions with {}",
            target_name(source, e.location).unwrap_or("expression")
        ),
        ParseErrorType::InvalidAnnotatedAssignmentTarget => "illegal target for annotation".into(),
        ParseErrorType::NonDefaultParamAfterDefaultParam => {
            "non-default argument follows default argument".into()
        }
        ParseErrorType::PositionalAfterKeywordArgument => {
            let end = e.location.end().to_usize();
            return syntax(
                "positional argument follows keyword argument".into(),
                range(end, end),
            );
        }
        ParseErrorType::PositionalAfterKeywordUnpacking => {
            "positional argument follows keyword argument unpacking".into()
        }
        ParseErrorType::InvalidArgumentUnpackingOrder => {
            let p = source[..at].rfind("**").unwrap_or(at);
            return syntax(
                "iterable argument unpacking follows keyword argument unpacking".into(),
                range(p, at),
            );
        }
        ParseErrorType::UnparenthesizedGeneratorExpression => {
            "Generator expression must be parenthesized".into()
        }
        ParseErrorType::IterableUnpackingInComprehension => {
            "iterable unpacking cannot be used in comprehension".into()
        }
        ParseErrorType::ExpectedToken { .. } => {
            let shown = e.error.to_string();
            let line = source[stmt_start..]
                .lines()
                .next()
                .unwrap_or("")
                .trim_start();
            if text.starts_with('=')
                && ["if ", "elif ", "while "]
                    .iter()
                    .any(|k| line.starts_with(k))
            {
                let full = &source[stmt_start..];
                let indent = full.len() - full.trim_start().len();
                let kw = line.split(' ').next().unwrap_or("").len();
                let after_kw = &full[indent + kw..];
                let p = stmt_start + indent + kw + (after_kw.len() - after_kw.trim_start().len());
                return syntax(
                    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?".into(),
                    range(p, e.location.end().to_usize()),
                );
            } else if shown.starts_with("Expected `:`") || shown.starts_with("Expected ':'") {
                "expected ':'".into()
            } else if shown.starts_with("Expected `else`") {
                let if_at = source[..at].rfind(" if ").unwrap_or(at);
                let bytes = source.as_bytes();
                let mut p = if_at;
                let mut depth = 0i32;
                while p > stmt_start {
                    let c = bytes[p - 1];
                    match c {
                        b')' | b']' | b'}' => depth += 1,
                        b'(' | b'[' | b'{' if depth == 0 => break,
                        b'(' | b'[' | b'{' => depth -= 1,
                        b'=' | b',' | b':' if depth == 0 => break,
                        _ => {}
                    }
                    p -= 1;
                }
                while p < if_at && bytes[p].is_ascii_whitespace() {
                    p += 1;
                }
                return syntax("expected 'else' after 'if' expression".into(), range(p, at));
            } else {
                "invalid syntax".into()
            }
        }
        _ => {
            let line = source[stmt_start..]
                .lines()
                .next()
                .unwrap_or("")
                .trim_start();
            if (line.starts_with("print ") || line.starts_with("exec ")) && !text.starts_with('(') {
                let word = if line.starts_with("print") {
                    "print"
                } else {
                    "exec"
                };
                let full = &source[stmt_start..];
                let p = stmt_start + (full.len() - full.trim_start().len());
                let end = p + line.trim_end().len();
                return syntax(
                    format!("Missing parentheses in call to '{word}'. Did you mean {word}(...)?"),
                    range(p, end),
                );
            } else {
                "invalid syntax".into()
            }
        }
    };
    syntax(msg, e.location)
}

pub fn from_unsupported(e: &UnsupportedSyntaxError, source: &str, filename: &str) -> CompileError {
    let (line, _, _) = position(source, e.range.start().to_usize());
    // Some payload enums of these kinds are private to the parser; their
    // `Debug` names are what is available.
    let kind = format!("{:?}", e.kind);
    let msg = match e.kind {
        UnsupportedSyntaxErrorKind::TypeParameterList => "expected '('".to_string(),
        UnsupportedSyntaxErrorKind::UnparenthesizedExceptionTypes => {
            "multiple exception types must be parenthesized".to_string()
        }
        UnsupportedSyntaxErrorKind::UnpackingInComprehension(_) if kind.contains("DictInDict") => {
            "dict unpacking cannot be used in dict comprehension".to_string()
        }
        UnsupportedSyntaxErrorKind::UnpackingInComprehension(_) => {
            "iterable unpacking cannot be used in comprehension".to_string()
        }
        UnsupportedSyntaxErrorKind::Pep701FString(_) if kind.contains("Backslash") => {
            "f-string expression part cannot include a backslash".to_string()
        }
        UnsupportedSyntaxErrorKind::Pep701FString(_) if kind.contains("Comment") => {
            "f-string expression part cannot include '#'".to_string()
        }
        UnsupportedSyntaxErrorKind::Pep701FString(_) if kind.contains("LineBreak") => {
            format!("unterminated string literal (detected at line {line})")
        }
        UnsupportedSyntaxErrorKind::Pep701FString(_) => "f-string: expecting '}'".to_string(),
        _ => "invalid syntax".to_string(),
    };
    error_at(ErrorKind::SyntaxError, msg, source, filename, e.range)
}

/// CPython's tokenizer check: indentation must compare the same way whether a
/// tab counts as 8 columns or as 1.
fn tab_error(source: &str) -> Option<TextRange> {
    let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
    let mut offset = 0;
    let mut depth = 0i32;
    let mut continued = false;
    for line in source.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let stripped = body.trim_start_matches([' ', '\t', '\x0c']);
        let logical_start = depth == 0 && !continued;
        if logical_start && !stripped.is_empty() && !stripped.starts_with('#') {
            let indent = &body[..body.len() - stripped.len()];
            let (mut col, mut alt) = (0usize, 0usize);
            for ch in indent.chars() {
                match ch {
                    '\t' => {
                        col = (col / 8 + 1) * 8;
                        alt += 1;
                    }
                    '\x0c' => {
                        col = 0;
                        alt = 0;
                    }
                    _ => {
                        col += 1;
                        alt += 1;
                    }
                }
            }
            let &(top, alttop) = stack.last()?;
            let bad = if col == top {
                alt != alttop
            } else if col > top {
                if alt <= alttop {
                    true
                } else {
                    stack.push((col, alt));
                    false
                }
            } else {
                while stack.len() > 1 && col < stack.last()?.0 {
                    stack.pop();
                }
                col == stack.last()?.0 && alt != stack.last()?.1
            };
            if bad {
                return Some(range(start, start + body.len()));
            }
        }
        // Track brackets and continuations (strings are rare enough here to ignore).
        for ch in stripped.split('#').next().unwrap_or("").chars() {
            match ch {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth = (depth - 1).max(0),
                _ => {}
            }
        }
        continued = body.ends_with('\\');
    }
    None
}

/// Bad number literals, with the tokenizer's messages.
fn number_error(source: &str, at: usize) -> Option<(String, TextRange)> {
    let bytes = source.as_bytes();
    let mut start = at.min(bytes.len());
    while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
        start -= 1;
    }
    if start >= bytes.len() || !bytes[start].is_ascii_digit() {
        return None;
    }
    let mut end = start;
    while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
        end += 1;
    }
    let tok = &source[start..end];
    let lower = tok.to_ascii_lowercase();
    for (prefix, name, ok) in [
        ("0b", "binary", "01"),
        ("0o", "octal", "01234567"),
        ("0x", "hexadecimal", "0123456789abcdef"),
    ] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            for (i, c) in rest.char_indices() {
                if c != '_' && !ok.contains(c) {
                    if c.is_ascii_digit() {
                        let p = start + 2 + i;
                        return Some((
                            format!("invalid digit '{c}' in {name} literal"),
                            range(p, p + 1),
                        ));
                    }
                    let p = start + 2 + i;
                    return Some((format!("invalid {name} literal"), range(p, p)));
                }
            }
            if rest.ends_with('_') || rest.is_empty() {
                return Some((format!("invalid {name} literal"), range(end, end)));
            }
            return None;
        }
    }
    if tok.len() > 1
        && tok.starts_with('0')
        && tok.bytes().all(|b| b.is_ascii_digit() || b == b'_')
        && tok.bytes().any(|b| b != b'0' && b != b'_')
    {
        return Some((
            "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers".into(),
            range(start, start + 1),
        ));
    }
    if tok.ends_with('_') || tok.contains("__") {
        return Some(("invalid decimal literal".into(), range(end - 1, end - 1)));
    }
    None
}

/// The tokenizer's limits: at most 200 nested brackets and 100 indentation
/// levels (`MAXLEVEL` and `MAXINDENT` in CPython's `Parser/tokenizer.c`).
pub fn tokenizer_limits(source: &str) -> Option<(ErrorKind, String, TextRange)> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let mut line_start = true;
    let mut indents: Vec<usize> = vec![0];
    while i < bytes.len() {
        let c = bytes[i];
        if line_start && depth == 0 {
            line_start = false;
            let mut col = 0;
            let mut j = i;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\x0c') {
                col = if bytes[j] == b'\t' {
                    (col / 8 + 1) * 8
                } else {
                    col + 1
                };
                j += 1;
            }
            if j < bytes.len() && !matches!(bytes[j], b'#' | b'\n' | b'\r') {
                if col > *indents.last()? {
                    indents.push(col);
                    if indents.len() > 100 {
                        return Some((
                            ErrorKind::IndentationError,
                            "too many levels of indentation".into(),
                            range(j, j),
                        ));
                    }
                } else {
                    while indents.len() > 1 && col < *indents.last()? {
                        indents.pop();
                    }
                }
            }
            i = j;
            continue;
        }
        match c {
            b'\n' => line_start = true,
            b'\\' => {
                i += 2;
                continue;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                let triple = i + 2 < bytes.len() && bytes[i + 1] == c && bytes[i + 2] == c;
                i += if triple { 3 } else { 1 };
                while i < bytes.len() {
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if !triple && bytes[i] == b'\n' {
                        break;
                    }
                    if bytes[i] == c
                        && (!triple
                            || (i + 2 < bytes.len() && bytes[i + 1] == c && bytes[i + 2] == c))
                    {
                        i += if triple { 3 } else { 1 };
                        break;
                    }
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > 200 {
                    return Some((
                        ErrorKind::SyntaxError,
                        "too many nested parentheses".into(),
                        range(i, i + 1),
                    ));
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}
