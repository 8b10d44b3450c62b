//! Turning an annotation back into source text, for `from __future__ import
//! annotations`. Follows the precedence and spelling rules of CPython 3.11's
//! `Python/ast_unparse.c` for the expressions annotations use; rarer forms
//! (comprehensions, lambdas, f-strings) fall back to the source text.

use ruff_python_ast::{BoolOp, CmpOp, Expr, Number, Operator, UnaryOp};
use ruff_text_size::Ranged;

const PR_TUPLE: u8 = 0;
const PR_TEST: u8 = 1;
const PR_OR: u8 = 2;
const PR_AND: u8 = 3;
const PR_NOT: u8 = 4;
const PR_CMP: u8 = 5;
const PR_EXPR: u8 = 6;
const PR_BXOR: u8 = 7;
const PR_BAND: u8 = 8;
const PR_SHIFT: u8 = 9;
const PR_ARITH: u8 = 10;
const PR_TERM: u8 = 11;
const PR_FACTOR: u8 = 12;
const PR_POWER: u8 = 13;
const PR_AWAIT: u8 = 14;
const PR_ATOM: u8 = 15;

pub fn unparse(e: &Expr, source: &str) -> String {
    let mut out = String::new();
    Unparser {
        source,
        out: &mut out,
    }
    .expr(e, PR_TEST);
    out
}

struct Unparser<'s, 'o> {
    source: &'s str,
    out: &'o mut String,
}

impl Unparser<'_, '_> {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn source_text(&mut self, e: &Expr) {
        let r = e.range();
        let text = &self.source[r.start().to_usize()..r.end().to_usize()];
        self.out.push_str(text);
    }

    fn open(&mut self, cond: bool) {
        if cond {
            self.push("(");
        }
    }

    fn close(&mut self, cond: bool) {
        if cond {
            self.push(")");
        }
    }

    fn seq(&mut self, items: &[Expr], level: u8) {
        for (i, e) in items.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.expr(e, level);
        }
    }

    fn expr(&mut self, e: &Expr, level: u8) {
        match e {
            Expr::BoolOp(b) => {
                let (op, pr) = if b.op == BoolOp::And {
                    (" and ", PR_AND)
                } else {
                    (" or ", PR_OR)
                };
                self.open(level > pr);
                for (i, v) in b.values.iter().enumerate() {
                    if i > 0 {
                        self.push(op);
                    }
                    self.expr(v, pr + 1);
                }
                self.close(level > pr);
            }
            Expr::BinOp(b) => {
                let (op, pr) = match b.op {
                    Operator::Add => (" + ", PR_ARITH),
                    Operator::Sub => (" - ", PR_ARITH),
                    Operator::Mult => (" * ", PR_TERM),
                    Operator::MatMult => (" @ ", PR_TERM),
                    Operator::Div => (" / ", PR_TERM),
                    Operator::Mod => (" % ", PR_TERM),
                    Operator::LShift => (" << ", PR_SHIFT),
                    Operator::RShift => (" >> ", PR_SHIFT),
                    Operator::BitOr => (" | ", PR_EXPR),
                    Operator::BitXor => (" ^ ", PR_BXOR),
                    Operator::BitAnd => (" & ", PR_BAND),
                    Operator::FloorDiv => (" // ", PR_TERM),
                    Operator::Pow => (" ** ", PR_POWER),
                };
                let rassoc = u8::from(b.op == Operator::Pow);
                self.open(level > pr);
                self.expr(&b.left, pr + rassoc);
                self.push(op);
                self.expr(&b.right, pr + 1 - rassoc);
                self.close(level > pr);
            }
            Expr::UnaryOp(u) => {
                let (op, pr) = match u.op {
                    UnaryOp::Invert => ("~", PR_FACTOR),
                    UnaryOp::Not => ("not ", PR_NOT),
                    UnaryOp::UAdd => ("+", PR_FACTOR),
                    UnaryOp::USub => ("-", PR_FACTOR),
                };
                self.open(level > pr);
                self.push(op);
                self.expr(&u.operand, pr);
                self.close(level > pr);
            }
            Expr::If(i) => {
                self.open(level > PR_TEST);
                self.expr(&i.body, PR_TEST + 1);
                self.push(" if ");
                self.expr(&i.test, PR_TEST + 1);
                self.push(" else ");
                self.expr(&i.orelse, PR_TEST);
                self.close(level > PR_TEST);
            }
            Expr::Dict(d) => {
                self.push("{");
                for (i, item) in d.items.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    match &item.key {
                        Some(k) => {
                            self.expr(k, PR_TEST);
                            self.push(": ");
                            self.expr(&item.value, PR_TEST);
                        }
                        None => {
                            self.push("**");
                            self.expr(&item.value, PR_EXPR);
                        }
                    }
                }
                self.push("}");
            }
            Expr::Set(s) => {
                self.push("{");
                self.seq(&s.elts, PR_TEST);
                self.push("}");
            }
            Expr::List(l) => {
                self.push("[");
                self.seq(&l.elts, PR_TEST);
                self.push("]");
            }
            Expr::Tuple(t) => {
                if t.elts.is_empty() {
                    self.push("()");
                    return;
                }
                self.open(level > PR_TUPLE);
                self.seq(&t.elts, PR_TEST);
                if t.elts.len() == 1 {
                    self.push(",");
                }
                self.close(level > PR_TUPLE);
            }
            Expr::Await(a) => {
                self.open(level > PR_AWAIT);
                self.push("await ");
                self.expr(&a.value, PR_ATOM);
                self.close(level > PR_AWAIT);
            }
            Expr::Compare(c) => {
                self.open(level > PR_CMP);
                self.expr(&c.left, PR_CMP + 1);
                for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
                    self.push(match op {
                        CmpOp::Eq => " == ",
                        CmpOp::NotEq => " != ",
                        CmpOp::Lt => " < ",
                        CmpOp::LtE => " <= ",
                        CmpOp::Gt => " > ",
                        CmpOp::GtE => " >= ",
                        CmpOp::Is => " is ",
                        CmpOp::IsNot => " is not ",
                        CmpOp::In => " in ",
                        CmpOp::NotIn => " not in ",
                    });
                    self.expr(right, PR_CMP + 1);
                }
                self.close(level > PR_CMP);
            }
            Expr::Call(c) => {
                self.expr(&c.func, PR_ATOM);
                let args = &c.arguments;
                if args.args.len() == 1 && args.keywords.is_empty() {
                    if let Expr::Generator(_) = &args.args[0] {
                        self.source_text(&args.args[0]);
                        return;
                    }
                }
                self.push("(");
                let mut first = true;
                for a in args.args.iter() {
                    if !first {
                        self.push(", ");
                    }
                    first = false;
                    self.expr(a, PR_TEST);
                }
                for k in args.keywords.iter() {
                    if !first {
                        self.push(", ");
                    }
                    first = false;
                    match &k.arg {
                        Some(name) => {
                            self.push(name.as_str());
                            self.push("=");
                        }
                        None => self.push("**"),
                    }
                    self.expr(&k.value, PR_TEST);
                }
                self.push(")");
            }
            Expr::StringLiteral(s) => self.push(&str_repr(s.value.to_str())),
            Expr::BytesLiteral(b) => {
                let v: Vec<u8> = b.value.bytes().collect();
                self.push(&bytes_repr(&v));
            }
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => match i.as_i64() {
                    Some(v) => self.push(&v.to_string()),
                    None => match crate::fold::parse_int_literal(&i.to_string()) {
                        Some(b) => self.push(&b.to_string()),
                        None => self.source_text(e),
                    },
                },
                Number::Float(f) => self.push(&float_repr(*f)),
                Number::Complex { real, imag } => {
                    if *real == 0.0 {
                        let s = float_repr(*imag);
                        self.push(s.strip_suffix(".0").unwrap_or(&s));
                        self.push("j");
                    } else {
                        self.source_text(e);
                    }
                }
            },
            Expr::BooleanLiteral(b) => self.push(if b.value { "True" } else { "False" }),
            Expr::NoneLiteral(_) => self.push("None"),
            Expr::EllipsisLiteral(_) => self.push("..."),
            Expr::Attribute(a) => {
                self.expr(&a.value, PR_ATOM);
                let int_value = matches!(&*a.value, Expr::NumberLiteral(n) if matches!(n.value, Number::Int(_)));
                self.push(if int_value { " ." } else { "." });
                self.push(a.attr.as_str());
            }
            Expr::Subscript(s) => {
                self.expr(&s.value, PR_ATOM);
                self.push("[");
                self.expr(&s.slice, PR_TUPLE);
                self.push("]");
            }
            Expr::Starred(s) => {
                self.push("*");
                self.expr(&s.value, PR_EXPR);
            }
            Expr::Name(n) => self.push(n.id.as_str()),
            Expr::Slice(s) => {
                if let Some(l) = &s.lower {
                    self.expr(l, PR_TEST);
                }
                self.push(":");
                if let Some(u) = &s.upper {
                    self.expr(u, PR_TEST);
                }
                if let Some(st) = &s.step {
                    self.push(":");
                    self.expr(st, PR_TEST);
                }
            }
            Expr::Named(n) => {
                self.open(level > PR_TUPLE);
                self.expr(&n.target, PR_ATOM);
                self.push(" := ");
                self.expr(&n.value, PR_ATOM);
                self.close(level > PR_TUPLE);
            }
            _ => self.source_text(e),
        }
    }
}

/// Python's `repr()` of a folded constant, as CPython's messages quote a value;
/// None for the kinds a message never quotes.
pub fn constant_repr(c: &krait_bytecode::Constant) -> Option<String> {
    use krait_bytecode::Constant;
    let part = |x: f64| {
        let r = float_repr(x);
        r.strip_suffix(".0").map_or(r.clone(), str::to_owned)
    };
    Some(match c {
        Constant::None => "None".to_owned(),
        Constant::Ellipsis => "Ellipsis".to_owned(),
        Constant::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
        Constant::Int(i) => i.to_string(),
        Constant::BigInt(b) => b.to_string(),
        Constant::Float(f) => float_repr(*f),
        Constant::Complex { real, imag } => {
            let im = part(*imag);
            if *real == 0.0 && real.is_sign_positive() {
                format!("{im}j")
            } else {
                let sign = if im.starts_with('-') { "" } else { "+" };
                format!("({}{sign}{im}j)", part(*real))
            }
        }
        Constant::Str(s) => str_repr(s),
        Constant::Bytes(b) => bytes_repr(b),
        _ => return None,
    })
}

/// Python's `repr()` of a str.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if (0x80..0xa1).contains(&(c as u32)) || c as u32 == 0xad => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::from("b");
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote as char);
    out
}

/// Python's `repr()` of a float.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (neg, digits_part) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let digits: String = digits_part.chars().filter(|c| *c != '.').collect();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if !(-4..16).contains(&exp) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    } else if exp < 0 {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let point = exp as usize + 1;
        if digits.len() <= point {
            out.push_str(&digits);
            for _ in digits.len()..point {
                out.push('0');
            }
            out.push_str(".0");
        } else {
            out.push_str(&digits[..point]);
            out.push('.');
            out.push_str(&digits[point..]);
        }
    }
    out
}
