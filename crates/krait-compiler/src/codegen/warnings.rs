//! The SyntaxWarnings of CPython's compiler (`compiler_warn` in
//! `Python/compile.c`): code that is valid but almost surely a mistake, such as
//! `x is 1`, `assert (x, "message")` or a missing comma between two literals
//! (`[(1, 2) (3, 4)]`). The checks see the tree as 3.11's AST optimiser leaves
//! it, so a folded constant (`-1`, `(1, 2)`) counts as a literal.

use krait_bytecode::Constant;
use ruff_python_ast::{CmpOp, Expr};

use super::Compiler;

/// The type of the value `e` evaluates to, when the tree alone tells
/// (`infer_type`).
fn inferred_type(c: &Compiler, e: &Expr) -> Option<&'static str> {
    match e {
        Expr::FString(_) => return Some("str"),
        Expr::Slice(_) => return None,
        _ => {}
    }
    if let Some(value) = c.fold(e) {
        return Some(constant_type(&value));
    }
    Some(match e {
        Expr::Tuple(_) => "tuple",
        Expr::List(_) | Expr::ListComp(_) => "list",
        Expr::Dict(_) | Expr::DictComp(_) => "dict",
        Expr::Set(_) | Expr::SetComp(_) => "set",
        Expr::Generator(_) => "generator",
        Expr::Lambda(_) => "function",
        _ => return None,
    })
}

fn constant_type(value: &Constant) -> &'static str {
    match value {
        Constant::None => "NoneType",
        Constant::Ellipsis => "ellipsis",
        Constant::Bool(_) => "bool",
        Constant::Int(_) | Constant::BigInt(_) => "int",
        Constant::Float(_) => "float",
        Constant::Complex { .. } => "complex",
        Constant::Str(_) | Constant::SurrogateStr(_) => "str",
        Constant::Bytes(_) => "bytes",
        Constant::Tuple(_) => "tuple",
        Constant::FrozenSet(_) => "frozenset",
        Constant::Code(_) => "code",
    }
}

/// The constant `e` is after folding; f-strings stay expressions, as in
/// CPython's tree.
fn literal(c: &Compiler, e: &Expr) -> Option<Constant> {
    match e {
        Expr::FString(_) => None,
        _ => c.fold(e),
    }
}

impl<'a> Compiler<'a> {
    /// `is` or `is not` with a literal other than a named singleton on either
    /// side (`check_compare`): only the first such operator of a chain warns.
    pub fn check_compare(&mut self, left: &Expr, ops: &[CmpOp], comparators: &[Expr]) {
        let allowed = |c: &Compiler, e: &Expr| match literal(c, e) {
            None => true,
            Some(value) => matches!(
                value,
                Constant::None | Constant::Bool(_) | Constant::Ellipsis
            ),
        };
        let mut left_ok = allowed(self, left);
        for (op, right) in ops.iter().zip(comparators) {
            let right_ok = allowed(self, right);
            if matches!(op, CmpOp::Is | CmpOp::IsNot) && !(left_ok && right_ok) {
                self.warn(if *op == CmpOp::Is {
                    "\"is\" with a literal. Did you mean \"==\"?"
                } else {
                    "\"is not\" with a literal. Did you mean \"!=\"?"
                });
                return;
            }
            left_ok = right_ok;
        }
    }

    /// `assert (test, message)`: a non-empty tuple is always true.
    pub fn check_assert(&mut self, test: &Expr) {
        let always_true = match test {
            Expr::Tuple(t) => !t.elts.is_empty(),
            _ => matches!(literal(self, test), Some(Constant::Tuple(items)) if !items.is_empty()),
        };
        if always_true {
            self.warn("assertion is always true, perhaps remove parentheses?");
        }
    }

    /// A call of a literal or display, which cannot be callable (`check_caller`).
    pub fn check_caller(&mut self, func: &Expr) {
        match inferred_type(self, func) {
            // A lambda may well be called.
            None | Some("function") => {}
            Some(name) => self.warn(format!(
                "'{name}' object is not callable; perhaps you missed a comma?"
            )),
        }
    }

    /// `value[index]` read where the value cannot be subscripted, or where a
    /// sequence literal gets an index that is no integer or slice
    /// (`check_subscripter` and `check_index`).
    pub fn check_subscript(&mut self, value: &Expr, index: &Expr) {
        let Some(value_type) = inferred_type(self, value) else {
            return;
        };
        let not_subscriptable = matches!(
            value_type,
            "NoneType"
                | "ellipsis"
                | "bool"
                | "int"
                | "float"
                | "complex"
                | "frozenset"
                | "set"
                | "generator"
                | "function"
        );
        if not_subscriptable {
            self.warn(format!(
                "'{value_type}' object is not subscriptable; perhaps you missed a comma?"
            ));
            return;
        }
        if !matches!(value_type, "str" | "bytes" | "tuple" | "list") {
            return;
        }
        match inferred_type(self, index) {
            None | Some("int" | "bool") => {}
            Some(index_type) => self.warn(format!(
                "{value_type} indices must be integers or slices, not {index_type}; \
                 perhaps you missed a comma?"
            )),
        }
    }
}
