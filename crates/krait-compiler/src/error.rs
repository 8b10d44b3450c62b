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
        text_from_file: false,
    }
}

/// The byte offset of a 1-based line and character column (the inverse of
/// [`position`]), clamped to the source.
pub fn byte_offset(source: &str, lineno: usize, offset: usize) -> usize {
    let line_start = match lineno {
        0 | 1 => 0,
        n => source
            .match_indices('\n')
            .nth(n - 2)
            .map_or(source.len(), |(i, _)| i + 1),
    };
    let column = source[line_start..]
        .char_indices()
        .nth(offset.saturating_sub(1))
        .map_or(source.len() - line_start, |(i, _)| i);
    line_start + column
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

/// Whether the text from `at` is an expression and then `)`.
fn closes_after_expression(source: &str, at: usize) -> bool {
    let b = source.as_bytes();
    let mut depth = 0usize;
    for (i, c) in b.iter().enumerate().skip(at) {
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b')' if depth == 0 => {
                return ruff_python_parser::parse_expression(source[at..i].trim()).is_ok();
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// The expression kind at `r`, found by parsing that slice of the source.
fn target_name(source: &str, r: TextRange) -> Option<&'static str> {
    let text = source.get(r.start().to_usize()..r.end().to_usize())?;
    if text.trim_start().starts_with('*') && !text.trim_start().starts_with("**") {
        return Some("starred");
    }
    let parsed = ruff_python_parser::parse_expression(text.trim())
        .or_else(|_| ruff_python_parser::parse_expression(&format!("({})", text.trim())))
        .ok()?;
    Some(expr_name(parsed.expr()))
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

pub fn from_parse_error(
    e: &ParseError,
    source: &str,
    filename: &str,
    open_bracket: Option<(char, usize, usize)>,
) -> CompileError {
    let at = e.location.start().to_usize().min(source.len());
    let syntax =
        |msg: String, r: TextRange| error_at(ErrorKind::SyntaxError, msg, source, filename, r);
    if let ParseErrorType::Lexical(l) = &e.error {
        match l {
            LexicalErrorType::InvalidByteLiteral => {
                let end = crate::tokenizer::string_at(source, at).map_or(at, |t| t.3);
                return syntax_at(
                    source,
                    filename,
                    "bytes can only contain ASCII literal characters",
                    end,
                );
            }
            LexicalErrorType::UnicodeError => {
                if let Some(t) = crate::tokenizer::string_at(source, at) {
                    if let Some(msg) = escape_error(source, t) {
                        return syntax_at(source, filename, &msg, t.3);
                    }
                }
            }
            LexicalErrorType::FStringError(f) => {
                let end = crate::tokenizer::string_at(source, at).map_or(at, |t| t.3);
                let msg = fstring_message(&format!("{f:?}"));
                return syntax(msg, token_after_strings(source, end));
            }
            LexicalErrorType::LineContinuationError => {
                return error_at(
                    ErrorKind::SyntaxError,
                    "unexpected character after line continuation character".into(),
                    source,
                    filename,
                    range(at + 1, at + 1),
                );
            }
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
    // A bracket left open: CPython reports it when the parser ran into the end
    // of the file, or failed on a later line than the bracket's.
    if let Some((c, line, off)) = open_bracket {
        let (mut err_line, _, _) = position(source, at);
        if e.error.to_string().ends_with("found newline") {
            // Inside brackets CPython's parser reads on to the next line.
            err_line += 1;
        }
        if source[at..].trim().is_empty() || err_line > line {
            return syntax(format!("'{c}' was never closed"), range(off, off + 1));
        }
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
        // `f(a.b=1)`: a keyword argument whose name is an expression; the range
        // runs from the expression through the `=`.
        ParseErrorType::OtherError(m) if m == "Expected a parameter name" => {
            let end = e.location.end().to_usize().min(source.len());
            let after = &source[end..];
            let equals = end + (after.len() - after.trim_start().len()) + 1;
            let name = source[at..end].trim();
            let msg = if ["True", "False", "None"].contains(&name) {
                format!("cannot assign to {name}")
            } else {
                "expression cannot contain assignment, perhaps you meant \"==\"?".to_owned()
            };
            return syntax(msg, range(at, equals.min(source.len())));
        }
        // A handler of the other kind than the first: the range covers its
        // `except` keyword, and its `*` when it has one.
        ParseErrorType::OtherError(m)
            if m.starts_with("Cannot have both 'except' and 'except*'") =>
        {
            let after = source[at..].strip_prefix("except").unwrap_or("");
            let star = after.trim_start_matches([' ', '\t', '\x0c']);
            let end = match star.strip_prefix('*') {
                Some(rest) => source.len() - rest.len(),
                None => at + "except".len(),
            };
            return syntax(
                "cannot have both 'except' and 'except*' on the same 'try'".into(),
                range(at, end.min(source.len())),
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
        ParseErrorType::InvalidAnnotatedAssignmentTarget => {
            let after = source[e.location.end().to_usize().min(source.len())..]
                .trim_start_matches([' ', '\t']);
            let annotation = after
                .strip_prefix(':')
                .map(|r| r.lines().next().unwrap_or("").trim())
                .unwrap_or("");
            if annotation.is_empty() || annotation.starts_with('#') {
                "invalid syntax".into()
            } else {
                "illegal target for annotation".into()
            }
        }
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
        // 3.11 points at the arguments before the `*`: from the first to the
        // comma.
        ParseErrorType::InvalidArgumentUnpackingOrder => {
            let before = source[..at].trim_end();
            let before = before.strip_suffix(',').unwrap_or(before).trim_end();
            let first =
                crate::tokenizer::innermost_bracket_at(source, before.len()).map_or(at, |open| {
                    let args = &source[open + 1..];
                    open + 1 + (args.len() - args.trim_start().len())
                });
            return syntax(
                "iterable argument unpacking follows keyword argument unpacking".into(),
                range(first.min(before.len()), before.len()),
            );
        }
        ParseErrorType::UnparenthesizedGeneratorExpression => {
            "Generator expression must be parenthesized".into()
        }
        ParseErrorType::IterableUnpackingInComprehension => {
            "iterable unpacking cannot be used in comprehension".into()
        }
        // `{*x: 1}`, `{**x: 1}`: a set or dict display that meets a colon.
        ParseErrorType::InvalidStarredExpressionUsage
            if crate::tokenizer::innermost_bracket_at(source, at)
                .is_some_and(|open| source.as_bytes()[open] == b'{')
                && source[e.location.end().to_usize()..]
                    .trim_start()
                    .starts_with(':') =>
        {
            let after = e.location.end().to_usize();
            let colon = after + source[after..].find(':').unwrap_or(0);
            return syntax("invalid syntax".into(), range(colon, colon + 1));
        }
        // `(*x)`: a parenthesized starred expression is no target, nor a value.
        ParseErrorType::InvalidStarredExpressionUsage
            if text.starts_with('(') || source[..at].trim_end().ends_with('(') =>
        {
            let end = e.location.end().to_usize().min(source.len());
            let inner = text.trim_start_matches('(').trim_start();
            let start = end - text.len() + (text.len() - inner.len());
            let inner = inner.trim_end_matches(')').trim_end();
            return syntax(
                "cannot use starred expression here".into(),
                range(start, start + inner.len()),
            );
        }
        ParseErrorType::FStringError(f) => {
            let end = crate::tokenizer::string_at(source, at).map_or(at, |t| t.3);
            return syntax(
                fstring_message(&format!("{f:?}")),
                token_after_strings(source, end),
            );
        }
        ParseErrorType::ExpectedExpression
            if text == "}" && source[..at].trim_end().ends_with('{') =>
        {
            let end = crate::tokenizer::string_at(source, at).map_or(at, |t| t.3);
            return syntax(
                "f-string: empty expression not allowed".into(),
                token_after_strings(source, end),
            );
        }
        // `(**x)`: 3.11's grammar names a double star inside a group.
        ParseErrorType::ExpectedExpression
            if text == "**" && source[..at].trim_end().ends_with('(') =>
        {
            let after = e.location.end().to_usize();
            if closes_after_expression(source, after) {
                return syntax(
                    "cannot use double starred expression here".into(),
                    e.location,
                );
            }
            "invalid syntax".into()
        }
        ParseErrorType::OtherError(m) if m.contains("cannot be mixed with non-bytes") => {
            let end = e.location.end().to_usize();
            return syntax(
                "cannot mix bytes and nonbytes literals".into(),
                range(end, end),
            );
        }
        ParseErrorType::OtherError(m) if m.contains("`except` or `finally`") => {
            "expected 'except' or 'finally' block".into()
        }
        ParseErrorType::ExpectedToken { .. } => {
            let shown = e.error.to_string();
            let found = shown.split(", found ").nth(1).unwrap_or("");
            let starts_expr = [
                "name",
                "int",
                "float",
                "complex",
                "string",
                "FStringStart",
                "`(`",
                "`[`",
                "`{`",
                "`True`",
                "`False`",
                "`None`",
                "`lambda`",
                "`not`",
                "`await`",
                "`...`",
            ]
            .contains(&found);
            let line = source[stmt_start..]
                .lines()
                .next()
                .unwrap_or("")
                .trim_start();
            let header = line
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .next()
                .unwrap_or("");
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
            } else if shown.starts_with("Expected `:`")
                && (found == "newline"
                    || ["def", "async", "else", "try", "finally"].contains(&header))
            {
                "expected ':'".into()
            } else if shown.starts_with("Expected `(`") && ["def", "async"].contains(&header) {
                "expected '('".into()
            } else if let Some((word, at)) = legacy_statement(source, at) {
                return syntax(
                    format!("Missing parentheses in call to '{word}'. Did you mean {word}(...)?"),
                    at,
                );
            } else if let Some(p) = comma_error_start(source, at, &shown, found, starts_expr) {
                return syntax(
                    "invalid syntax. Perhaps you forgot a comma?".into(),
                    range(p, e.location.end().to_usize()),
                );
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
            if let Some((word, at)) = legacy_statement(source, at) {
                return syntax(
                    format!("Missing parentheses in call to '{word}'. Did you mean {word}(...)?"),
                    at,
                );
            }
            "invalid syntax".into()
        }
    };
    // Errors inside an f-string's replacement fields are reported as f-string
    // errors, as 3.11 parses those expressions separately.
    let in_fstring =
        crate::tokenizer::string_at(source, at).is_some_and(|(start, body_start, _, _)| {
            source[start..body_start].to_ascii_lowercase().contains('f')
        });
    if in_fstring && !msg.starts_with("f-string") {
        return syntax(format!("f-string: {msg}"), e.location);
    }
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
        // `f((a)=1)`: from the name inside the parentheses through the `=`.
        UnsupportedSyntaxErrorKind::ParenthesizedKeywordArgumentName => {
            let (start, end) = (e.range.start().to_usize(), e.range.end().to_usize());
            let inner = source[start..end].trim_start_matches(['(', ' ', '\t']);
            let name_at = end - inner.len();
            let after = &source[end..];
            let equals = end + (after.len() - after.trim_start().len()) + 1;
            return error_at(
                ErrorKind::SyntaxError,
                "expression cannot contain assignment, perhaps you meant \"==\"?".to_string(),
                source,
                filename,
                range(name_at, equals.min(source.len())),
            );
        }
        _ => "invalid syntax".to_string(),
    };
    error_at(ErrorKind::SyntaxError, msg, source, filename, e.range)
}

/// Where the expression ending just before `pos` starts (names, numbers,
/// strings, attribute chains and bracketed groups, walking backwards).
fn previous_expression_start(source: &str, pos: usize) -> usize {
    let b = source.as_bytes();
    let mut p = pos;
    while p > 0 && matches!(b[p - 1], b' ' | b'\t' | b'\n' | b'\r') {
        p -= 1;
    }
    loop {
        if p == 0 {
            return 0;
        }
        let c = b[p - 1];
        if matches!(c, b')' | b']' | b'}') {
            let mut depth = 0i32;
            while p > 0 {
                p -= 1;
                match b[p] {
                    b')' | b']' | b'}' => depth += 1,
                    b'(' | b'[' | b'{' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
        } else if c == b'\'' || c == b'"' {
            p -= 1;
            while p > 0 && b[p - 1] != c {
                p -= 1;
            }
            p = p.saturating_sub(1);
            while p > 0 && b[p - 1].is_ascii_alphabetic() {
                p -= 1;
            }
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c >= 128 {
            while p > 0
                && (b[p - 1].is_ascii_alphanumeric()
                    || matches!(b[p - 1], b'_' | b'.')
                    || b[p - 1] >= 128)
            {
                p -= 1;
            }
        } else {
            return p;
        }
        if p == 0
            || !(b[p - 1].is_ascii_alphanumeric()
                || matches!(b[p - 1], b'_' | b'.' | b')' | b']' | b'}'))
        {
            return p;
        }
    }
}

/// CPython's "Perhaps you forgot a comma?": two expressions side by side inside
/// brackets that are not a `def`'s parameter list, and not `name "string"`.
/// Returns where the first expression starts.
fn comma_error_start(
    source: &str,
    at: usize,
    shown: &str,
    found: &str,
    starts_expr: bool,
) -> Option<usize> {
    // A parenthesised expression followed by another (`(a b)`) is where the
    // parser expects its `)`.
    let expects = |what: &str| shown.starts_with(&format!("Expected `{what}`"));
    if !(expects(",") || expects(")")) || !starts_expr {
        return None;
    }
    let open = crate::tokenizer::innermost_bracket_at(source, at)?;
    if expects(")") && source.as_bytes().get(open) != Some(&b'(') {
        return None;
    }
    let before = source[..open].trim_end();
    let name_end = before.len();
    let name_start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    if name_start < name_end && source[..name_start].trim_end().ends_with("def") {
        return None;
    }
    let p = previous_expression_start(source, at);
    let prev = source[p..at].trim();
    if found == "string"
        && !prev.is_empty()
        && prev.chars().all(|c| c.is_alphanumeric() || c == '_')
    {
        return None;
    }
    Some(p)
}

/// `print x` / `exec x` inside an expression (CPython's legacy-expression rule).
/// A Python 2 `print x` or `exec x` statement on the line of `at` (CPython's
/// `invalid_legacy_expression`: the name, then something other than `(` that
/// reads as expressions, wherever an expression may stand): the word, and the
/// range from it to the end of the expressions.
fn legacy_statement(source: &str, at: usize) -> Option<(&'static str, TextRange)> {
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    let line = &source[line_start..line_end];
    // Each `print` or `exec` standing as a word outside a string.
    let words = line.char_indices().filter_map(|(i, _)| {
        let rest = &line[i..];
        let word = ["print", "exec"].into_iter().find(|w| {
            rest.strip_prefix(w)
                .is_some_and(|r| r.starts_with([' ', '\t']))
        })?;
        let before = line[..i].chars().next_back();
        let starts_word = !before.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let outside_strings = crate::tokenizer::string_at(source, line_start + i).is_none();
        (starts_word && outside_strings).then_some((i, word))
    });
    for (start, word) in words.take(8) {
        let rest = &line[start..];
        let word_at = line_start + start;
        let after = rest[word.len()..].trim_start();
        if after.is_empty() || after.starts_with('(') || at < word_at {
            continue;
        }
        // The longest start of the rest that reads as expressions, as the PEG
        // rule takes it (`print foo bar` names `print foo`).
        let body_at = word_at + (rest.len() - after.len());
        // A comment ends the statement.
        let comment = after
            .char_indices()
            .find(|&(i, c)| c == '#' && crate::tokenizer::string_at(source, body_at + i).is_none());
        let after = &after[..comment.map_or(after.len(), |(i, _)| i)];
        // Bounded, so that a hostile long line cannot make this quadratic.
        const ATTEMPTS: usize = 256;
        let longest = after
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .rev()
            .take(ATTEMPTS)
            .map(|end| after[..end].trim_end())
            .find(|body| ruff_python_parser::parse_expression(&format!("({body}\n)")).is_ok());
        if let Some(body) = longest {
            return Some((word, range(word_at, body_at + body.len())));
        }
    }
    None
}

/// Where 3.11 reports an error found in a string literal ending at `end`: at the
/// token its parser had read next, past any strings concatenated after it (a
/// comment counts as its own extent, the end of the line as a point).
pub fn token_after_strings(source: &str, end: usize) -> TextRange {
    let b = source.as_bytes();
    let mut p = end;
    loop {
        while p < b.len() && matches!(b[p], b' ' | b'\t' | b'\x0c') {
            p += 1;
        }
        match crate::tokenizer::string_at(source, p) {
            Some(t) if t.0 == p && t.3 > p => p = t.3,
            _ => break,
        }
    }
    let rest = &source[p..];
    let length = match b.get(p) {
        None | Some(b'\n' | b'\r') => 0,
        Some(b'#') => rest.find(['\r', '\n']).unwrap_or(rest.len()),
        Some(c) if c.is_ascii_alphanumeric() || *c == b'_' || *c >= 0x80 => rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len()),
        Some(_) => {
            const OPERATORS: [&str; 24] = [
                "**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "<<", ">>", "<=", ">=", "==",
                "!=", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
            ];
            OPERATORS
                .iter()
                .find(|op| rest.starts_with(*op))
                .map_or(rest.chars().next().map_or(0, char::len_utf8), |op| op.len())
        }
    };
    range(p, p + length)
}

fn syntax_at(source: &str, filename: &str, msg: &str, pos: usize) -> CompileError {
    error_at(
        ErrorKind::SyntaxError,
        msg.to_string(),
        source,
        filename,
        range(pos, pos),
    )
}

/// CPython's messages for f-string errors, from the parser's error kind name.
fn fstring_message(kind: &str) -> String {
    let msg = if kind.contains("InvalidConversionFlag") {
        "invalid conversion character: expected 's', 'r', or 'a'"
    } else if kind.contains("UnclosedLbrace") {
        "expecting '}'"
    } else if kind.contains("SingleRbrace") {
        "single '}' is not allowed"
    } else if kind.contains("UnterminatedString") || kind.contains("UnterminatedTripleQuotedString")
    {
        "expecting '}'"
    } else if kind.contains("LambdaWithoutParentheses") {
        "invalid syntax"
    } else if kind.contains("Backslash") {
        "expression part cannot include a backslash"
    } else if kind.contains("Comment") {
        "expression part cannot include '#'"
    } else {
        "invalid syntax"
    };
    format!("f-string: {msg}")
}

/// The first malformed escape in a string token, described as CPython's
/// decoder does (positions are within the string's body).
pub fn escape_error(
    source: &str,
    (start, body_start, body_end, _): (usize, usize, usize, usize),
) -> Option<String> {
    let prefix = source[start..body_start].to_ascii_lowercase();
    if prefix.contains('r') {
        return None;
    }
    let is_bytes = prefix.contains('b');
    let body = &source.as_bytes()[body_start..body_end];
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            i += 1;
            continue;
        }
        let s = i;
        let &kind = body.get(i + 1)?;
        let (want, name) = match kind {
            b'x' => (2, "truncated \\xXX escape"),
            b'u' if !is_bytes => (4, "truncated \\uXXXX escape"),
            b'U' if !is_bytes => (8, "truncated \\UXXXXXXXX escape"),
            b'N' if !is_bytes => {
                if body.get(i + 2) != Some(&b'{') {
                    return Some(format!(
                        "(unicode error) 'unicodeescape' codec can't decode bytes in position {s}-{}: malformed \\N character escape",
                        s + 1
                    ));
                }
                let close = body[i + 2..]
                    .iter()
                    .position(|&c| c == b'}')
                    .map(|p| i + 2 + p);
                match close {
                    None => {
                        return Some(format!(
                            "(unicode error) 'unicodeescape' codec can't decode bytes in position {s}-{}: malformed \\N character escape",
                            body.len() - 1
                        ))
                    }
                    Some(e) => {
                        return Some(format!(
                            "(unicode error) 'unicodeescape' codec can't decode bytes in position {s}-{e}: unknown Unicode character name"
                        ))
                    }
                }
            }
            _ => {
                i += 2;
                continue;
            }
        };
        let digits = body[i + 2..]
            .iter()
            .take(want)
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        if digits < want {
            if is_bytes {
                return Some(format!("(value error) invalid \\x escape at position {s}"));
            }
            let e = s + 1 + digits;
            return Some(format!(
                "(unicode error) 'unicodeescape' codec can't decode bytes in position {s}-{e}: {name}"
            ));
        }
        if kind == b'U' {
            let text = std::str::from_utf8(&body[i + 2..i + 10]).ok()?;
            if u32::from_str_radix(text, 16).ok()? > 0x10FFFF {
                return Some(format!(
                    "(unicode error) 'unicodeescape' codec can't decode bytes in position {s}-{}: illegal Unicode character",
                    s + 9
                ));
            }
        }
        i += 2 + want;
    }
    None
}
