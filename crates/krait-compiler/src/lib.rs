//! Krait's compiler: Python 3.11 source text to CPython 3.11 code objects,
//! byte-identical to python3.11's. The pipeline is CPython's: parse (ruff's
//! parser, with CPython's tokenizer errors from `tokenizer.rs` and its parser
//! messages from `error.rs`), symbol table (`symtable.rs`), code generation
//! (`codegen/`), and assembly with the CFG optimiser (`assemble.rs`,
//! `optimize.rs`). Constant folding (`fold.rs`) stands in for
//! `Python/ast_opt.c`, `unparse.rs` for `Python/ast_unparse.c`, and
//! `anchors.rs` finds traceback caret anchors for the VM.

mod anchors;
mod assemble;
mod codegen;
mod error;
mod feature_version;
mod fold;
mod fstring_check;
mod ir;
mod literal_warnings;
mod nesting;
mod optimize;
mod surrogates;
mod symtable;
mod tokenizer;
mod unparse;

#[cfg(test)]
mod unit_tests;

pub use anchors::caret_anchors;

/// `dis.stack_effect(opcode, oparg, jump=jump)` for one of 3.11's base opcodes;
/// `None` for a number that is not one (specialised forms included).
pub fn stack_effect(opcode: u8, oparg: u32, jump: bool) -> Option<i32> {
    krait_bytecode::opcode_table::STACK_EFFECTS[usize::from(opcode)]?;
    Some(ir::stack_effect(u16::from(opcode), oparg, jump))
}
use krait_bytecode::{CodeFlags, CodeObject};
use ruff_python_ast::{Expr, Mod, PythonVersion, Stmt};
use ruff_python_parser::{parse_unchecked, Mode as ParseMode, ParseOptions};
use ruff_text_size::{Ranged, TextRange, TextSize};

/// What `compile()` is compiling: `'exec'`, `'eval'` or `'single'`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Exec,
    Eval,
    Single,
}

/// `compile()`'s options: the `-O` level and the `PyCF_*` / future flags.
#[derive(Clone, Debug, Default)]
pub struct CompileOptions {
    pub optimize: u8,
    pub flags: u32,
}

/// The exception class a [`CompileError`] becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    SyntaxError,
    IndentationError,
    TabError,
}

/// A SyntaxError (or subclass) with CPython's fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    pub kind: ErrorKind,
    pub msg: String,
    pub filename: String,
    pub lineno: usize,
    /// 1-based column in characters, as CPython reports it.
    pub offset: usize,
    pub end_lineno: usize,
    pub end_offset: usize,
    /// The source line.
    pub text: Option<String>,
    /// Found after parsing (by the future-statement scan, the symbol table or the
    /// code generator): CPython shows the line of the file named, read afresh
    /// (`PyErr_ProgramTextObject`), and no line when there is no such file.
    pub text_from_file: bool,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?}: {} ({}, line {})",
            self.kind, self.msg, self.filename, self.lineno
        )
    }
}

impl std::error::Error for CompileError {}

/// The warning classes the compiler issues.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarningCategory {
    SyntaxWarning,
    DeprecationWarning,
}

/// A warning found while compiling, for the caller to issue through the warnings
/// machinery in order. When a filter turns it into an exception of its category,
/// CPython reports `as_error` instead: a SyntaxError with the message, at the
/// place the warning points to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileWarning {
    pub category: WarningCategory,
    pub as_error: CompileError,
}

/// `ast.PyCF_ALLOW_TOP_LEVEL_AWAIT`.
pub const PYCF_ALLOW_TOP_LEVEL_AWAIT: u32 = 0x2000;

const FUTURE_FLAG_MASK: u32 = CodeFlags::FUTURE_DIVISION
    | CodeFlags::FUTURE_ABSOLUTE_IMPORT
    | CodeFlags::FUTURE_WITH_STATEMENT
    | CodeFlags::FUTURE_PRINT_FUNCTION
    | CodeFlags::FUTURE_UNICODE_LITERALS
    | CodeFlags::FUTURE_BARRY_AS_BDFL
    | CodeFlags::FUTURE_GENERATOR_STOP
    | CodeFlags::FUTURE_ANNOTATIONS;

/// Compile Python 3.11 source to a module (or expression) code object.
pub fn compile(
    source: &str,
    filename: &str,
    mode: Mode,
    options: &CompileOptions,
) -> Result<CodeObject, CompileError> {
    compile_reporting(source, filename, mode, options, &mut Vec::new())
}

/// [`compile`], appending the warnings CPython issues while compiling to
/// `warnings`, in its order; those found before an error are there too.
pub fn compile_reporting(
    source: &str,
    filename: &str,
    mode: Mode,
    options: &CompileOptions,
    warnings: &mut Vec<CompileWarning>,
) -> Result<CodeObject, CompileError> {
    let source = universal_newlines(source);
    let module = parse_reporting(&source, filename, mode, warnings)?;
    if let (Mode::Single, Mod::Module(m)) = (mode, &module) {
        check_single_statement(&m.body, &source, filename)?;
    }
    compile_checked_tree(&module, &source, filename, mode, options, warnings)
}

/// Source as CPython's tokenizer reads it (`translate_newlines`): a line may end
/// with `\r\n` or a lone `\r`, and either is a `\n`, in string literals too.
/// `compile` does this itself; a caller of `parse` does it first, and takes
/// positions in the tree as positions in the text it returns.
pub fn universal_newlines(source: &str) -> std::borrow::Cow<'_, str> {
    if !source.contains('\r') {
        return std::borrow::Cow::Borrowed(source);
    }
    std::borrow::Cow::Owned(source.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Parses source as `compile()` reads it, with the SyntaxErrors CPython's tokenizer
/// and parser raise; `ast.parse` builds its tree from this one.
pub fn parse(source: &str, filename: &str, mode: Mode) -> Result<Mod, CompileError> {
    parse_reporting(source, filename, mode, &mut Vec::new())
}

/// [`parse`], appending the warnings about literals that CPython's tokenizer and
/// string parser issue to `warnings` (those before the error, when there is one).
pub use feature_version::check as check_feature_version;
/// Private-name mangling, which `__slots__` names undergo too.
pub use symtable::mangle;

pub fn parse_reporting(
    source: &str,
    filename: &str,
    mode: Mode,
    warnings: &mut Vec<CompileWarning>,
) -> Result<Mod, CompileError> {
    let tok = tokenizer::check(source);
    let result = parse_checked(source, filename, mode, &tok);
    let limit = match &result {
        Ok(_) => None,
        Err(e) => Some(error::byte_offset(source, e.lineno, e.offset)),
    };
    warnings.extend(literal_warnings::warnings(&tok, source, filename, limit));
    result
}

fn parse_checked(
    source: &str,
    filename: &str,
    mode: Mode,
    tok: &tokenizer::TokenizerCheck,
) -> Result<Mod, CompileError> {
    if let Some(nul) = source.find('\0') {
        // compile() raises ValueError with these words; importing a file, SyntaxError.
        let at = TextSize::from(nul as u32);
        return Err(error::error_at(
            ErrorKind::SyntaxError,
            "source code string cannot contain null bytes".into(),
            source,
            filename,
            TextRange::new(at, at),
        ));
    }
    let pmode = match mode {
        Mode::Eval => ParseMode::Expression,
        _ => ParseMode::Module,
    };
    let options = ParseOptions::from(pmode).with_target_version(PythonVersion::PY311);
    let extent = nesting::parse_extent(source);
    let mut parsed = parse_unchecked(&source[..extent], options.clone());
    if extent < source.len() && parsed.errors().is_empty() {
        // Cut short, the text always fails; were it not to, the whole is read.
        parsed = parse_unchecked(source, options);
    }
    // CPython's tokenizer errors take precedence over the parser's: the ones it
    // meets before the parser fails, and exception-raising ones anywhere.
    if let Some((kind, msg, range)) = tok.error.clone() {
        let parse_error = parsed.errors().first();
        // An unexpected indent is reported as such, before any full-source pass.
        let unexpected_indent = parse_error.is_some_and(|e| {
            matches!(
                e.error,
                ruff_python_parser::ParseErrorType::UnexpectedIndentation
            ) && e.location.start() < range.start()
        });
        // The parser reads the next token before failing, so an error right
        // after the failing position (only blanks between) is met first.
        let reached = parse_error.is_none_or(|e| {
            if matches!(
                e.error,
                ruff_python_parser::ParseErrorType::Lexical(
                    ruff_python_parser::LexicalErrorType::IndentationError
                )
            ) && kind == ErrorKind::IndentationError
            {
                return true;
            }
            let p = e.location.start().to_usize();
            range.start().to_usize() <= p
                || source
                    .get(p..range.start().to_usize())
                    .is_some_and(|gap| gap.chars().all(char::is_whitespace))
        });
        if !unexpected_indent && (tok.overrides || reached) {
            return Err(error::error_at(kind, msg, source, filename, range));
        }
    }
    // 3.11's own scan of f-string fields fails before the expression parser
    // would, unless an expression it parsed first is in error.
    let parse_error_at = parsed
        .errors()
        .first()
        .map(|e| e.location.start().to_usize())
        .or_else(|| {
            let e = parsed.unsupported_syntax_errors().first()?;
            Some(e.range.start().to_usize())
        });
    // A starred field (`f"{*a}"`) parses under 3.12's rules but not as 3.11's
    // `(*a)`: its string is scanned as one the parser failed in.
    let starred = parse_error_at.map_or_else(|| starred_field_at(source, tok), |_| None);
    let scanned_for = parse_error_at.or(starred);
    if let Some((scan_error_at, err)) = first_fstring_error(source, filename, tok, scanned_for) {
        if parse_error_at.is_none_or(|at| at >= scan_error_at) {
            return Err(err);
        }
    }
    // A malformed escape (`'\N{NAME'`) that the parser reports as something else
    // inside the string: 3.11's decoder names it.
    let failing_string = parse_error_at.and_then(|at| {
        let t = tok.strings.iter().find(|t| t.0 <= at && at < t.3)?;
        let msg = error::escape_error(source, *t)?;
        (msg.contains("malformed") || msg.contains("truncated")).then_some((msg, t.3))
    });
    if let Some((msg, end)) = failing_string {
        let at = TextSize::from(end as u32);
        let range = TextRange::new(at, at);
        return Err(error::error_at(
            ErrorKind::SyntaxError,
            msg,
            source,
            filename,
            range,
        ));
    }
    if let Some(e) = parsed.errors().first() {
        return Err(error::from_parse_error(
            e,
            source,
            filename,
            tok.open_bracket,
        ));
    }
    if let Some(e) = parsed.unsupported_syntax_errors().first() {
        return Err(error::from_unsupported(e, source, filename));
    }
    Ok(parsed.into_syntax())
}

/// The body of the string token at `start` when it is an f-string.
fn fstring_body(source: &str, start: usize, body_start: usize, body_end: usize) -> Option<&[u8]> {
    // The prefix runs to the quotes, which hold no letter.
    let is_fstring = source[start..body_start]
        .bytes()
        .any(|b| b.eq_ignore_ascii_case(&b'f'));
    is_fstring
        .then(|| source.as_bytes().get(body_start..body_end))
        .flatten()
}

/// Where the first f-string field that begins with a single star begins.
fn starred_field_at(source: &str, tok: &tokenizer::TokenizerCheck) -> Option<usize> {
    tok.strings
        .iter()
        .find_map(|&(start, body_start, body_end, _)| {
            let body = fstring_body(source, start, body_start, body_end)?;
            let mut i = 0;
            while i < body.len() {
                if body[i] == b'{' {
                    if body.get(i + 1) == Some(&b'{') {
                        i += 2;
                        continue;
                    }
                    let field = &body[i + 1..];
                    let blanks = field
                        .iter()
                        .take_while(|c| matches!(c, b' ' | b'\t'))
                        .count();
                    if field.get(blanks) == Some(&b'*') && field.get(blanks + 1) != Some(&b'*') {
                        return Some(body_start + i);
                    }
                }
                i += 1;
            }
            None
        })
}

/// The first error of 3.11's scan of f-string fields, with the byte from which it
/// stands. The scan's own errors point at the end of the string token. When the
/// parser found an error inside a token, its fields' expressions are parsed one
/// by one as 3.11 does, as `(expression)`, whose text and columns the error shows.
fn first_fstring_error(
    source: &str,
    filename: &str,
    tok: &tokenizer::TokenizerCheck,
    parse_error_at: Option<usize>,
) -> Option<(usize, CompileError)> {
    tok.strings
        .iter()
        .find_map(|&(start, body_start, body_end, end)| {
            let body = fstring_body(source, start, body_start, body_end)?;
            let raw = source[start..body_start].to_ascii_lowercase().contains('r');
            let parse_error_inside = parse_error_at.is_some_and(|at| start <= at && at < end);
            let mut check = |from: usize, to: usize| -> Option<CompileError> {
                if !parse_error_inside {
                    return None;
                }
                let text = format!("({})", source.get(body_start + from..body_start + to)?);
                let tok = tokenizer::check(&text);
                let mut e = parse_checked(&text, filename, Mode::Eval, &tok).err()?;
                // The parser's messages say where they come from; the tokenizer's
                // do not.
                let from_tokenizer = tok.error.as_ref().is_some_and(|t| t.1 == e.msg);
                if !from_tokenizer && !e.msg.starts_with("f-string") {
                    e.msg = format!("f-string: {}", e.msg);
                }
                // Lines count from the line the expression starts on.
                let (line, _, _) = error::position(source, body_start + from);
                e.lineno += line - 1;
                e.end_lineno += line - 1;
                if text.contains('\n') {
                    e.text = e.text.map(|t| t.trim_end_matches('\n').to_owned());
                }
                Some(e)
            };
            let error = fstring_check::scan(body, raw, &mut check).err()?;
            let err = match error.error {
                fstring_check::FieldError::Expression(e) => e,
                fstring_check::FieldError::Message(msg) => error::error_at(
                    ErrorKind::SyntaxError,
                    msg,
                    source,
                    filename,
                    error::token_after_strings(source, end),
                ),
            };
            Some((body_start + error.after, err))
        })
}

/// Compiles a tree built from `ast` nodes rather than parsed, whose ranges are
/// offsets into `source` (any text whose lines put each range at its line and
/// column). An `Interactive` tree may hold several statements; the compiler's
/// warnings go to `warnings`.
pub fn compile_syntax_tree(
    module: &Mod,
    source: &str,
    filename: &str,
    mode: Mode,
    options: &CompileOptions,
    warnings: &mut Vec<CompileWarning>,
) -> Result<CodeObject, CompileError> {
    compile_checked_tree(module, source, filename, mode, options, warnings)
}

fn compile_checked_tree(
    module: &Mod,
    source: &str,
    filename: &str,
    mode: Mode,
    options: &CompileOptions,
    warnings: &mut Vec<CompileWarning>,
) -> Result<CodeObject, CompileError> {
    let (body, expr): (&[Stmt], Option<&Expr>) = match module {
        Mod::Module(m) => (&m.body, None),
        Mod::Expression(e) => (&[], Some(&e.body)),
    };
    let mut future_flags = options.flags & FUTURE_FLAG_MASK;
    let from_file = |mut e: CompileError| {
        e.text_from_file = true;
        e
    };
    let future_line = scan_future(body, source, filename, &mut future_flags).map_err(from_file)?;
    let future_annotations = future_flags & CodeFlags::FUTURE_ANNOTATIONS != 0;
    let st = symtable::SymbolTable::build(body, expr, future_annotations).map_err(|e| {
        let no_column = e.msg.starts_with("Exceeds the limit");
        let mut err = error::error_at(ErrorKind::SyntaxError, e.msg, source, filename, e.range);
        if no_column {
            // CPython raises this one while converting, without a column.
            err.offset = 0;
        }
        from_file(err)
    })?;
    let mut c = codegen::Compiler::new(source, st, filename, options.optimize, future_flags);
    c.future_line = future_line;
    c.top_level_await = options.flags & PYCF_ALLOW_TOP_LEVEL_AWAIT != 0;
    let result = (|| -> codegen::CResult<std::rc::Rc<CodeObject>> {
        c.enter_scope("<module>", codegen::ScopeType::Module, None, 1)?;
        c.u().loc.lineno = 1;
        match mode {
            Mode::Exec => {
                c.compile_body(body)?;
                Ok(c.exit_scope_assemble(true))
            }
            Mode::Single => {
                if codegen::find_ann(body) {
                    c.addop(ir::SETUP_ANNOTATIONS);
                }
                c.interactive = true;
                c.visit_body(body)?;
                Ok(c.exit_scope_assemble(true))
            }
            Mode::Eval => {
                if let Some(e) = expr {
                    c.visit_expr(e)?;
                }
                Ok(c.exit_scope_assemble(false))
            }
        }
    })();
    warnings.extend(c.warnings.iter().map(|w| CompileWarning {
        category: WarningCategory::SyntaxWarning,
        as_error: codegen_error(w, source, filename),
    }));
    match result {
        Ok(co) => Ok(std::rc::Rc::try_unwrap(co).unwrap_or_else(|rc| (*rc).clone())),
        Err(e) => Err(codegen_error(&e, source, filename)),
    }
}

fn codegen_error(e: &codegen::CodegenError, source: &str, filename: &str) -> CompileError {
    let line_start = |line: i32| -> usize {
        if line <= 1 {
            return 0;
        }
        let mut n = 1;
        for (i, b) in source.bytes().enumerate() {
            if b == b'\n' {
                n += 1;
                if n == line {
                    return i + 1;
                }
            }
        }
        source.len()
    };
    let lineno = e.loc.lineno.max(1);
    let start = (line_start(lineno) + e.loc.col.max(0) as usize).min(source.len());
    let end_line = e.loc.end_lineno.max(lineno);
    let end = (line_start(end_line) + e.loc.end_col.max(0) as usize)
        .min(source.len())
        .max(start);
    let range = TextRange::new((start as u32).into(), (end as u32).into());
    let mut error = error::error_at(
        ErrorKind::SyntaxError,
        e.msg.clone(),
        source,
        filename,
        range,
    );
    error.text_from_file = true;
    error
}

/// `'single'` mode compiles one statement (simple statements joined by `;`
/// count as one), as the interactive prompt reads them.
fn check_single_statement(body: &[Stmt], source: &str, filename: &str) -> Result<(), CompileError> {
    let Some(first) = body.first() else {
        let end = TextSize::from(source.len() as u32);
        return Err(error::error_at(
            ErrorKind::SyntaxError,
            "invalid syntax".into(),
            source,
            filename,
            TextRange::new(end, end),
        ));
    };
    let (first_end_line, _, _) = error::position(source, first.range().end().to_usize());
    for s in &body[1..] {
        let (line, _, _) = error::position(source, s.range().start().to_usize());
        if line > first_end_line {
            let end = first.range().end();
            return Err(error::error_at(
                ErrorKind::SyntaxError,
                "multiple statements found while compiling a single statement".into(),
                source,
                filename,
                TextRange::new(end, end),
            ));
        }
    }
    Ok(())
}

/// Find the `from __future__` imports at the top of a module; returns the line
/// of the last one (-1 if none) and adds their flags.
fn scan_future(
    body: &[Stmt],
    source: &str,
    filename: &str,
    flags: &mut u32,
) -> Result<i32, CompileError> {
    let mut future_line = -1;
    let mut done = false;
    let mut prev_line = 0;
    for (i, s) in body.iter().enumerate() {
        let (line, _, _) = error::position(source, s.range().start().to_usize());
        if done && line > prev_line {
            break;
        }
        prev_line = line;
        match s {
            Stmt::ImportFrom(imp)
                if done
                    && imp.module.as_ref().map(|m| m.as_str()) == Some("__future__")
                    && imp.level == 0 =>
            {
                let mut err = error::error_at(
                    ErrorKind::SyntaxError,
                    "from __future__ imports must occur at the beginning of the file".into(),
                    source,
                    filename,
                    imp.range(),
                );
                // CPython reports this one with the 0-based column.
                err.offset -= 1;
                return Err(err);
            }
            Stmt::ImportFrom(imp)
                if imp.module.as_ref().map(|m| m.as_str()) == Some("__future__")
                    && imp.level == 0 =>
            {
                for alias in &imp.names {
                    match alias.name.as_str() {
                        "nested_scopes" | "generators" | "division" | "absolute_import"
                        | "with_statement" | "print_function" | "unicode_literals"
                        | "generator_stop" => {}
                        "barry_as_FLUFL" => *flags |= CodeFlags::FUTURE_BARRY_AS_BDFL,
                        "annotations" => *flags |= CodeFlags::FUTURE_ANNOTATIONS,
                        "braces" => {
                            return Err(error::error_at(
                                ErrorKind::SyntaxError,
                                "not a chance".into(),
                                source,
                                filename,
                                imp.range(),
                            ))
                        }
                        other => {
                            return Err(error::error_at(
                                ErrorKind::SyntaxError,
                                format!("future feature {other} is not defined"),
                                source,
                                filename,
                                imp.range(),
                            ))
                        }
                    }
                }
                let (line, _, _) = error::position(source, imp.range().start().to_usize());
                future_line = line as i32;
            }
            Stmt::Expr(e) if i == 0 && e.value.is_string_literal_expr() => {}
            _ => done = true,
        }
    }
    Ok(future_line)
}
