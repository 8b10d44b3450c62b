//! Caret anchors for traceback source lines (CPython's `extract_anchors_from_line`
//! in `Python/traceback.c`): where the operator of a binary operation, or the
//! subscript of an item access, sits in the highlighted segment of a line.

use ruff_python_ast::PythonVersion;
use ruff_python_ast::{Expr, Stmt};
use ruff_python_parser::{parse_unchecked, Mode, ParseOptions};
use ruff_text_size::Ranged;

/// For `segment` (the characters a failing instruction covers), the character
/// offsets `(left_end, right_start)` of the part to mark with `^` when the rest is
/// marked with `~`; `None` when the segment is not a lone binary operation or
/// subscript.
pub fn caret_anchors(segment: &str) -> Option<(usize, usize)> {
    let parsed = parse_unchecked(
        segment,
        ParseOptions::from(Mode::Module).with_target_version(PythonVersion::PY311),
    );
    if !parsed.errors().is_empty() {
        return None;
    }
    let module = parsed.into_syntax();
    let body = &module.as_module()?.body;
    let [Stmt::Expr(statement)] = body.as_slice() else {
        return None;
    };
    let bytes = segment.as_bytes();
    let (left, right) = match &*statement.value {
        Expr::BinOp(binop) => {
            let from = binop.left.range().end().to_usize();
            let to = binop.right.range().start().to_usize();
            let i = (from..to).find(|&i| !is_whitespace(bytes[i]))?;
            let mut right = i + 1;
            if i + 1 < to && !is_whitespace(bytes[i + 1]) {
                right += 1;
            }
            (i, right)
        }
        Expr::Subscript(sub) => (
            sub.value.range().end().to_usize(),
            sub.slice.range().end().to_usize() + 1,
        ),
        _ => return None,
    };
    Some((char_offset(segment, left), char_offset(segment, right)))
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\x0c')
}

/// The number of characters in the first `byte` bytes of `s`.
fn char_offset(s: &str, byte: usize) -> usize {
    let mut b = byte.min(s.len());
    while !s.is_char_boundary(b) {
        b -= 1;
    }
    s[..b].chars().count() + (byte.saturating_sub(s.len()))
}
