//! Constant folding on the syntax tree, as CPython 3.11's `Python/ast_opt.c`
//! does before code generation: literals, `__debug__`, unary and binary
//! operators on constants (with the same size limits), tuples of constants and
//! constant subscripts. The tree is not rewritten; code generation asks
//! [`constant`] for the folded value of an expression instead.

use std::rc::Rc;

use krait_bytecode::Constant;
use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};
use ruff_python_ast::{self as ast, Expr, Number, Operator, UnaryOp};

const MAX_INT_SIZE: u64 = 128;
const MAX_COLLECTION_SIZE: i64 = 256;
const MAX_STR_SIZE: i64 = 4096;
const MAX_TOTAL_ITEMS: i64 = 1024;

pub fn int_const(v: BigInt) -> Constant {
    match v.to_i64() {
        Some(i) => Constant::Int(i),
        None => Constant::BigInt(v),
    }
}

fn as_int(c: &Constant) -> Option<BigInt> {
    match c {
        Constant::Bool(b) => Some(BigInt::from(i64::from(*b))),
        Constant::Int(i) => Some(BigInt::from(*i)),
        Constant::BigInt(b) => Some(b.clone()),
        _ => None,
    }
}

fn as_float(c: &Constant) -> Option<f64> {
    match c {
        Constant::Float(f) => Some(*f),
        _ => as_int(c).and_then(|i| int_to_f64(&i)),
    }
}

fn int_to_f64(i: &BigInt) -> Option<f64> {
    let f = i.to_f64()?;
    if f.is_finite() {
        Some(f)
    } else {
        None
    }
}

fn as_complex(c: &Constant) -> Option<(f64, f64)> {
    match c {
        Constant::Complex { real, imag } => Some((*real, *imag)),
        _ => as_float(c).map(|f| (f, 0.0)),
    }
}

fn is_num(c: &Constant) -> bool {
    matches!(
        c,
        Constant::Bool(_)
            | Constant::Int(_)
            | Constant::BigInt(_)
            | Constant::Float(_)
            | Constant::Complex { .. }
    )
}

fn numbits(i: &BigInt) -> u64 {
    i.bits()
}

/// Parse an integer literal's source text (`0x1F`, `1_000`, `0o17`, `0b1`).
pub fn parse_int_literal(text: &str) -> Option<BigInt> {
    let t: String = text.chars().filter(|c| *c != '_').collect();
    let lower = t.to_ascii_lowercase();
    let (digits, radix) = if let Some(r) = lower.strip_prefix("0x") {
        (r.to_string(), 16)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (r.to_string(), 8)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (r.to_string(), 2)
    } else {
        (lower, 10)
    };
    BigInt::parse_bytes(digits.as_bytes(), radix)
}

/// The constant an expression folds to, if any.
pub fn constant(e: &Expr, optimize: u8, source: &str) -> Option<Constant> {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
        constant_inner(e, optimize, source)
    })
}

fn constant_inner(e: &Expr, optimize: u8, source: &str) -> Option<Constant> {
    match e {
        Expr::NoneLiteral(_) => Some(Constant::None),
        Expr::EllipsisLiteral(_) => Some(Constant::Ellipsis),
        Expr::BooleanLiteral(b) => Some(Constant::Bool(b.value)),
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => match i.as_i64() {
                Some(v) => Some(Constant::Int(v)),
                None => parse_int_literal(&i.to_string()).map(int_const),
            },
            Number::Float(f) => Some(Constant::Float(*f)),
            Number::Complex { real, imag } => Some(Constant::Complex {
                real: *real,
                imag: *imag,
            }),
        },
        Expr::StringLiteral(s) => Some(crate::surrogates::string_constant(source, &s.value)),
        Expr::BytesLiteral(b) => {
            let v: Vec<u8> = b.value.bytes().collect();
            Some(Constant::Bytes(Rc::from(v)))
        }
        Expr::Name(n) => {
            if n.id.as_str() == "__debug__" && n.ctx == ast::ExprContext::Load {
                Some(Constant::Bool(optimize == 0))
            } else {
                None
            }
        }
        Expr::Tuple(t) => {
            if t.ctx != ast::ExprContext::Load {
                return None;
            }
            let mut items = Vec::with_capacity(t.elts.len());
            for el in &t.elts {
                items.push(constant(el, optimize, source)?);
            }
            Some(Constant::Tuple(items.into()))
        }
        Expr::UnaryOp(u) => {
            let v = constant(&u.operand, optimize, source)?;
            fold_unary(u.op, &v)
        }
        Expr::BinOp(b) => {
            let l = constant(&b.left, optimize, source)?;
            let r = constant(&b.right, optimize, source)?;
            fold_binop(b.op, &l, &r)
        }
        Expr::Subscript(s) => {
            if s.ctx != ast::ExprContext::Load {
                return None;
            }
            let v = constant(&s.value, optimize, source)?;
            let i = constant(&s.slice, optimize, source)?;
            fold_subscript(&v, &i)
        }
        _ => None,
    }
}

/// `fold_iter`: a list or set of constants in `for ... in` or `x in ...`.
pub fn iter_constant(e: &Expr, optimize: u8, source: &str) -> Option<Constant> {
    match e {
        Expr::List(l) => {
            let mut items = Vec::new();
            for el in &l.elts {
                items.push(constant(el, optimize, source)?);
            }
            Some(Constant::Tuple(items.into()))
        }
        Expr::Set(s) => {
            let mut items: Vec<Constant> = Vec::new();
            for el in &s.elts {
                let c = constant(el, optimize, source)?;
                if !items.contains(&c) {
                    items.push(c);
                }
            }
            Some(Constant::FrozenSet(items.into()))
        }
        _ => constant(e, optimize, source),
    }
}

fn fold_unary(op: UnaryOp, v: &Constant) -> Option<Constant> {
    match op {
        UnaryOp::Not => Some(Constant::Bool(!crate::optimize::const_truth(v))),
        UnaryOp::UAdd => match v {
            Constant::Bool(b) => Some(Constant::Int(i64::from(*b))),
            c if is_num(c) => Some(c.clone()),
            _ => None,
        },
        UnaryOp::USub => match v {
            Constant::Float(f) => Some(Constant::Float(-f)),
            Constant::Complex { real, imag } => Some(Constant::Complex {
                real: -real,
                imag: -imag,
            }),
            c => as_int(c).map(|i| int_const(-i)),
        },
        UnaryOp::Invert => as_int(v).map(|i| int_const(-i - BigInt::one())),
    }
}

fn check_complexity(c: &Constant, mut limit: i64) -> i64 {
    if let Constant::Tuple(items) | Constant::FrozenSet(items) = c {
        limit -= items.len() as i64;
        for item in items.iter() {
            if limit < 0 {
                break;
            }
            limit = check_complexity(item, limit);
        }
    }
    limit
}

fn seq_len(c: &Constant) -> Option<i64> {
    match c {
        Constant::Str(s) => Some(s.chars().count() as i64),
        Constant::SurrogateStr(points) => Some(points.len() as i64),
        Constant::Bytes(b) => Some(b.len() as i64),
        Constant::Tuple(t) => Some(t.len() as i64),
        _ => None,
    }
}

fn repeat(seq: &Constant, n: i64) -> Option<Constant> {
    let n = n.max(0) as usize;
    match seq {
        Constant::Str(s) => Some(Constant::Str(Rc::from(s.repeat(n)))),
        Constant::SurrogateStr(points) => Some(Constant::str_of(points.repeat(n))),
        Constant::Bytes(b) => Some(Constant::Bytes(Rc::from(b.repeat(n)))),
        Constant::Tuple(t) if t.is_empty() => Some(Constant::Tuple(Rc::from(Vec::new()))),
        Constant::Tuple(t) => {
            let mut v = Vec::with_capacity(t.len() * n);
            for _ in 0..n {
                v.extend(t.iter().cloned());
            }
            Some(Constant::Tuple(v.into()))
        }
        _ => None,
    }
}

fn safe_multiply(l: &Constant, r: &Constant) -> Option<Constant> {
    if let (Some(a), Some(b)) = (as_int(l), as_int(r)) {
        if !a.is_zero() && !b.is_zero() && numbits(&a) + numbits(&b) > MAX_INT_SIZE {
            return None;
        }
        return Some(int_const(a * b));
    }
    if let Some(n) = as_int(l) {
        if let Some(size) = seq_len(r) {
            let n = n.to_i64()?;
            let is_tuple = matches!(r, Constant::Tuple(_));
            if size > 0 {
                let max = if is_tuple {
                    MAX_COLLECTION_SIZE
                } else {
                    MAX_STR_SIZE
                };
                if n < 0 || n > max / size {
                    return None;
                }
                if is_tuple && n != 0 && check_complexity(r, MAX_TOTAL_ITEMS / n) < 0 {
                    return None;
                }
            }
            return repeat(r, n);
        }
    }
    if as_int(r).is_some() && seq_len(l).is_some() {
        return safe_multiply(r, l);
    }
    numeric(
        l,
        r,
        |a, b| a * b,
        |a, b| a * b,
        |(a, b), (c, d)| (a * c - b * d, a * d + b * c),
    )
}

fn numeric(
    l: &Constant,
    r: &Constant,
    int_op: impl Fn(BigInt, BigInt) -> BigInt,
    float_op: impl Fn(f64, f64) -> f64,
    complex_op: impl Fn((f64, f64), (f64, f64)) -> (f64, f64),
) -> Option<Constant> {
    if !is_num(l) || !is_num(r) {
        return None;
    }
    if matches!(l, Constant::Complex { .. }) || matches!(r, Constant::Complex { .. }) {
        let (re, im) = complex_op(as_complex(l)?, as_complex(r)?);
        return Some(Constant::Complex { real: re, imag: im });
    }
    if matches!(l, Constant::Float(_)) || matches!(r, Constant::Float(_)) {
        return Some(Constant::Float(float_op(as_float(l)?, as_float(r)?)));
    }
    Some(int_const(int_op(as_int(l)?, as_int(r)?)))
}

fn float_divmod(vx: f64, wx: f64) -> Option<(f64, f64)> {
    if wx == 0.0 {
        return None;
    }
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    Some((floordiv, m))
}

fn int_floordiv(a: &BigInt, b: &BigInt) -> BigInt {
    use num_integer_div::div_floor;
    div_floor(a, b)
}

mod num_integer_div {
    use num_bigint::BigInt;
    use num_traits::{Signed, Zero};

    pub fn div_floor(a: &BigInt, b: &BigInt) -> BigInt {
        let q = a / b;
        let r = a - &q * b;
        if !r.is_zero() && (r.is_negative() != b.is_negative()) {
            q - 1
        } else {
            q
        }
    }
}

fn fold_binop(op: Operator, l: &Constant, r: &Constant) -> Option<Constant> {
    let both_bool = matches!((l, r), (Constant::Bool(_), Constant::Bool(_)));
    match op {
        Operator::Add => match (l, r) {
            (Constant::Str(a), Constant::Str(b)) => {
                Some(Constant::Str(Rc::from(format!("{a}{b}"))))
            }
            (
                Constant::Str(_) | Constant::SurrogateStr(_),
                Constant::Str(_) | Constant::SurrogateStr(_),
            ) => {
                let mut points = l.str_points()?;
                points.extend(r.str_points()?);
                Some(Constant::str_of(points))
            }
            (Constant::Bytes(a), Constant::Bytes(b)) => {
                Some(Constant::Bytes(Rc::from([&a[..], &b[..]].concat())))
            }
            (Constant::Tuple(a), Constant::Tuple(b)) => {
                let v: Vec<Constant> = a.iter().chain(b.iter()).cloned().collect();
                Some(Constant::Tuple(v.into()))
            }
            _ => numeric(
                l,
                r,
                |a, b| a + b,
                |a, b| a + b,
                |(a, b), (c, d)| (a + c, b + d),
            ),
        },
        Operator::Sub => numeric(
            l,
            r,
            |a, b| a - b,
            |a, b| a - b,
            |(a, b), (c, d)| (a - c, b - d),
        ),
        Operator::Mult => safe_multiply(l, r),
        Operator::Div => {
            if matches!(l, Constant::Complex { .. }) || matches!(r, Constant::Complex { .. }) {
                if !is_num(l) || !is_num(r) {
                    return None;
                }
                let (re, im) = complex_quot(as_complex(l)?, as_complex(r)?)?;
                return Some(Constant::Complex { real: re, imag: im });
            }
            if let (Some(a), Some(b)) = (as_int(l), as_int(r)) {
                if b.is_zero() {
                    return None;
                }
                let limit = BigInt::from(1u64 << 53);
                if a.abs() > limit || b.abs() > limit {
                    return None;
                }
                return Some(Constant::Float(a.to_f64()? / b.to_f64()?));
            }
            let (a, b) = (as_float(l)?, as_float(r)?);
            if b == 0.0 || !is_num(l) || !is_num(r) {
                return None;
            }
            Some(Constant::Float(a / b))
        }
        Operator::FloorDiv => {
            if let (Some(a), Some(b)) = (as_int(l), as_int(r)) {
                if b.is_zero() {
                    return None;
                }
                return Some(int_const(int_floordiv(&a, &b)));
            }
            if matches!(l, Constant::Complex { .. }) || matches!(r, Constant::Complex { .. }) {
                return None;
            }
            if !is_num(l) || !is_num(r) {
                return None;
            }
            float_divmod(as_float(l)?, as_float(r)?).map(|(d, _)| Constant::Float(d))
        }
        Operator::Mod => {
            if let (Some(a), Some(b)) = (as_int(l), as_int(r)) {
                if b.is_zero() {
                    return None;
                }
                let q = int_floordiv(&a, &b);
                return Some(int_const(a - q * b));
            }
            if matches!(l, Constant::Complex { .. }) || matches!(r, Constant::Complex { .. }) {
                return None;
            }
            if !is_num(l) || !is_num(r) {
                return None;
            }
            float_divmod(as_float(l)?, as_float(r)?).map(|(_, m)| Constant::Float(m))
        }
        Operator::Pow => {
            if let (Some(a), Some(b)) = (as_int(l), as_int(r)) {
                if b.is_negative() {
                    let (x, y) = (int_to_f64(&a)?, int_to_f64(&b)?);
                    if x == 0.0 {
                        return None;
                    }
                    return Some(Constant::Float(x.powf(y)));
                }
                if !a.is_zero() && !b.is_zero() {
                    let w = b.to_u64()?;
                    if numbits(&a) > MAX_INT_SIZE / w {
                        return None;
                    }
                }
                let e = b.to_u32()?;
                return Some(int_const(num_traits::pow::pow(a, e as usize)));
            }
            if matches!(l, Constant::Complex { .. }) || matches!(r, Constant::Complex { .. }) {
                if !is_num(l) || !is_num(r) {
                    return None;
                }
                let (re, im) = complex_pow(as_complex(l)?, as_complex(r)?)?;
                if !re.is_finite() || !im.is_finite() {
                    return None;
                }
                return Some(Constant::Complex { real: re, imag: im });
            }
            if !is_num(l) || !is_num(r) {
                return None;
            }
            let (x, y) = (as_float(l)?, as_float(r)?);
            if x == 0.0 && y < 0.0 {
                return None;
            }
            if x < 0.0 && y.fract() != 0.0 {
                return None;
            }
            let v = x.powf(y);
            if !v.is_finite() && x.is_finite() && y.is_finite() {
                return None;
            }
            Some(Constant::Float(v))
        }
        Operator::LShift => {
            let (a, b) = (as_int(l)?, as_int(r)?);
            if b.is_negative() {
                return None;
            }
            if !a.is_zero() && !b.is_zero() {
                let w = b.to_u64()?;
                if w > MAX_INT_SIZE || numbits(&a) > MAX_INT_SIZE - w {
                    return None;
                }
            }
            let s = b.to_usize()?;
            Some(int_const(a << s))
        }
        Operator::RShift => {
            let (a, b) = (as_int(l)?, as_int(r)?);
            if b.is_negative() {
                return None;
            }
            let s = b.to_usize().unwrap_or(usize::MAX);
            if s >= 1 << 20 {
                return Some(int_const(if a.is_negative() {
                    BigInt::from(-1)
                } else {
                    BigInt::zero()
                }));
            }
            Some(int_const(a >> s))
        }
        Operator::BitAnd | Operator::BitOr | Operator::BitXor => {
            let (a, b) = (as_int(l)?, as_int(r)?);
            let v = match op {
                Operator::BitAnd => a & b,
                Operator::BitOr => a | b,
                _ => a ^ b,
            };
            if both_bool {
                Some(Constant::Bool(!v.is_zero()))
            } else {
                Some(int_const(v))
            }
        }
        Operator::MatMult => None,
    }
}

fn fold_subscript(v: &Constant, i: &Constant) -> Option<Constant> {
    let idx = as_int(i)?.to_i64()?;
    let norm = |len: usize| -> Option<usize> {
        let len = len as i64;
        let j = if idx < 0 { idx + len } else { idx };
        if j < 0 || j >= len {
            None
        } else {
            Some(j as usize)
        }
    };
    match v {
        Constant::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            let j = norm(chars.len())?;
            Some(Constant::Str(Rc::from(chars[j].to_string())))
        }
        Constant::SurrogateStr(points) => Some(Constant::str_of(vec![points[norm(points.len())?]])),
        Constant::Bytes(b) => Some(Constant::Int(i64::from(b[norm(b.len())?]))),
        Constant::Tuple(t) => Some(t[norm(t.len())?].clone()),
        _ => None,
    }
}

fn complex_prod(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// Complex division as CPython's `_Py_c_quot` does it (Smith's method).
fn complex_quot(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let abs_breal = b.0.abs();
    let abs_bimag = b.1.abs();
    if abs_breal >= abs_bimag {
        if abs_breal == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bimag >= abs_breal {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

/// Complex power as CPython's `complex_pow` computes it.
fn complex_pow(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        let powu = |x: (f64, f64), n: i64| {
            let mut r = (1.0, 0.0);
            let mut p = x;
            let mut mask: i64 = 1;
            while mask > 0 && n >= mask {
                if n & mask != 0 {
                    r = complex_prod(r, p);
                }
                mask <<= 1;
                p = complex_prod(p, p);
            }
            r
        };
        return if n > 0 {
            Some(powu(a, n))
        } else {
            complex_quot((1.0, 0.0), powu(a, -n))
        };
    }
    if b.0 == 0.0 && b.1 == 0.0 {
        return Some((1.0, 0.0));
    }
    if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            return None;
        }
        return Some((0.0, 0.0));
    }
    let vabs = a.0.hypot(a.1);
    let mut len = vabs.powf(b.0);
    let at = a.1.atan2(a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= (at * b.1).exp();
        phase += b.1 * vabs.ln();
    }
    Some((len * phase.cos(), len * phase.sin()))
}
