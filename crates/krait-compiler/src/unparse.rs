//! Annotation strings for `from __future__ import annotations`. CPython
//! unparses the annotation's syntax tree (`Python/ast_unparse.c`); Krait uses
//! the annotation's source text with line breaks and redundant spaces
//! collapsed, which agrees for the common single-line annotations.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

pub fn unparse(e: &Expr, source: &str) -> String {
    let r = e.range();
    let text = &source[r.start().to_usize()..r.end().to_usize()];
    let mut out = String::with_capacity(text.len());
    let mut last_space = false;
    for ch in text.chars() {
        if ch == '\n' || ch == '\r' || ch == '\\' {
            continue;
        }
        if ch == ' ' || ch == '\t' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(ch);
            last_space = false;
        }
    }
    out
}
