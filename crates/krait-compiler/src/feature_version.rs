//! `ast.parse(..., feature_version=(3, minor))`: the grammar of an older Python 3 as
//! far as CPython 3.11's parser checks it (its `CHECK_VERSION` rules and the
//! f-string parser): a construct newer than `minor` is a SyntaxError "... only
//! supported in Python 3.N and greater".

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Mod, Operator, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::{error, CompileError, ErrorKind};

/// The first construct of `module` that Python 3.`minor` did not have, as the
/// SyntaxError CPython's parser raises for it.
pub fn check(module: &Mod, source: &str, filename: &str, minor: u32) -> Result<(), CompileError> {
    let mut finder = NewerThan {
        minor,
        source,
        found: None,
    };
    match module {
        Mod::Module(m) => finder.visit_body(&m.body),
        Mod::Expression(e) => finder.visit_expr(&e.body),
    }
    match finder.found {
        None => Ok(()),
        Some((msg, range)) => Err(error::error_at(
            ErrorKind::SyntaxError,
            msg,
            source,
            filename,
            range,
        )),
    }
}

struct NewerThan<'s> {
    minor: u32,
    source: &'s str,
    found: Option<(String, TextRange)>,
}

impl NewerThan<'_> {
    /// Notes `what` (CPython's words, "... are") when it came after 3.`minor`. The
    /// error stands where the construct ends, as CPython's parser raises it once it
    /// has read the whole rule.
    fn since(&mut self, version: u32, what: &str, range: TextRange) {
        if self.found.is_none() && self.minor < version {
            let msg = format!("{what} only supported in Python 3.{version} and greater");
            self.found = Some((msg, TextRange::empty(range.end())));
        }
    }

    /// Whether a (non-async) `with` statement puts its items in parentheses of
    /// their own (`with (a as b, c):`), which 3.9 added: the bracket after the
    /// keyword closes just before the colon.
    fn parenthesized_items(&self, with: &ast::StmtWith) -> bool {
        let text = &self.source[with.range()];
        let Some(rest) = text.strip_prefix("with") else {
            return false;
        };
        let rest = rest.trim_start();
        rest.starts_with('(')
            && closing_bracket(rest)
                .is_some_and(|end| rest[end + 1..].trim_start().starts_with(':'))
    }
}

/// The byte index of the bracket that closes the one `text` starts with, skipping
/// string literals and comments.
fn closing_bracket(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            quote @ (b'\'' | b'"') => {
                let triple = bytes[i..].starts_with(&[quote; 3]);
                let width = if triple { 3 } else { 1 };
                i += width;
                while i < bytes.len() {
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if bytes[i..].starts_with(&[quote; 3][..width]) {
                        i += width - 1;
                        break;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

impl<'a> Visitor<'a> for NewerThan<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::For(f) if f.is_async => self.since(5, "Async for loops are", f.range),
            // 3.11's grammar checks the version of the parenthesised form only
            // without `async`.
            Stmt::With(w) if w.is_async => self.since(5, "Async with statements are", w.range),
            Stmt::With(w) if self.parenthesized_items(w) => {
                self.since(9, "Parenthesized context managers are", w.range)
            }
            // The two grammar rules word it differently.
            Stmt::AnnAssign(a) if a.simple => {
                self.since(6, "Variable annotation syntax is", a.range)
            }
            Stmt::AnnAssign(a) => self.since(6, "Variable annotations syntax is", a.range),
            Stmt::AugAssign(a) if a.op == Operator::MatMult => {
                self.since(5, "The '@' operator is", a.range)
            }
            Stmt::Match(m) => self.since(10, "Pattern matching is", m.range),
            Stmt::Try(t) if t.is_star => self.since(11, "Exception groups are", t.range),
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Named(n) => self.since(8, "Assignment expressions are", n.range),
            Expr::Await(a) => self.since(5, "Await expressions are", a.range),
            Expr::BinOp(b) if b.op == Operator::MatMult => {
                self.since(5, "The '@' operator is", b.range)
            }
            Expr::FString(f) => self.since(6, "Format strings are", f.range),
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }

    fn visit_parameters(&mut self, parameters: &'a ast::Parameters) {
        if !parameters.posonlyargs.is_empty() {
            self.since(8, "Positional-only parameters are", parameters.range);
        }
        visitor::walk_parameters(self, parameters);
    }

    fn visit_comprehension(&mut self, comprehension: &'a ast::Comprehension) {
        if comprehension.is_async {
            self.since(6, "Async comprehensions are", comprehension.range);
        }
        visitor::walk_comprehension(self, comprehension);
    }

    fn visit_interpolated_string_element(&mut self, element: &'a ast::InterpolatedStringElement) {
        if let ast::InterpolatedStringElement::Interpolation(e) = element {
            if e.debug_text.is_some() {
                self.since(8, "f-string: self documenting expressions are", e.range);
            }
        }
        visitor::walk_interpolated_string_element(self, element);
    }
}
