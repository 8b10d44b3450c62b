//! The `float` type (CPython's `Objects/floatobject.c`): shortest round-trip repr,
//! hashing consistent with ints, and arithmetic with Python's floor semantics.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::{FromPrimitive, ToPrimitive};

use crate::abstract_;
use crate::object::Payload;
use crate::objects::function::Args;
use crate::objects::int::{as_big, int_from_big};
use crate::objects::typeobject;
use crate::objects::{add_getset, add_method, add_new, this};
use crate::pyhash;
use crate::value::Value;
use crate::{PyResult, Vm};

/// `hash(x)`; a NaN hashes by the identity of its object, as in CPython 3.10+.
pub fn float_hash(x: f64, v: &Value) -> i64 {
    if x.is_nan() {
        return match v {
            Value::Obj(o) => (crate::object::object_id(o) as u64).rotate_right(4) as i64,
            _ => 0,
        };
    }
    pyhash::hash_f64(x)
}

/// `repr(x)`: the shortest string that round-trips, in Python's layout (`1e+16`,
/// `1e-05`, `0.1`, `100.0`).
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.to_owned();
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "d.ddddde<exp>".
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').expect("`{:e}` always has an exponent");
    let exp: i32 = exp.parse().expect("`{:e}` exponent is an integer");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if x < 0.0 { "-" } else { "" };
    let body = if (-4..16).contains(&exp) {
        let point = exp + 1;
        if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if point as usize >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        }
    } else {
        let frac = &digits[1..];
        let mant = if frac.is_empty() {
            digits[..1].to_owned()
        } else {
            format!("{}.{}", &digits[..1], frac)
        };
        format!("{mant}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    };
    format!("{sign}{body}")
}

pub fn compare_int_float(i: i64, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if i.unsigned_abs() < (1 << 53) {
        return (i as f64).partial_cmp(&f);
    }
    compare_big_float(&BigInt::from(i), f)
}

/// Exact comparison of an int with a float (no rounding of the int).
pub fn compare_big_float(i: &BigInt, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let fl = f.floor();
    let fb = BigInt::from_f64(fl)?;
    match i.cmp(&fb) {
        Ordering::Equal => Some(if fl == f {
            Ordering::Equal
        } else {
            Ordering::Less
        }),
        o => Some(o),
    }
}

/// The float value of an int or float operand.
pub fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Float(x) => Some(*x),
        Value::Int(n) => Some(*n as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Obj(o) => match &o.payload {
            Payload::Float(x) => Some(*x),
            Payload::Int(n) => n.to_f64(),
            _ => None,
        },
        _ => None,
    }
}

fn is_number(v: &Value) -> bool {
    match v {
        Value::Float(_) | Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => matches!(o.payload, Payload::Float(_) | Payload::Int(_)),
        _ => false,
    }
}

/// Fast path for `BINARY_OP` on two floats; `None` to take the general path.
pub fn float_op(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> Option<PyResult<Value>> {
    let (Some(x), Some(y)) = (as_f64(a), as_f64(b)) else {
        return None;
    };
    Some(float_binary(vm, x, y, op))
}

pub fn float_binary(vm: &mut Vm, x: f64, y: f64, op: usize) -> PyResult<Value> {
    Ok(Value::Float(match op {
        0 => x + y,
        10 => x - y,
        5 => x * y,
        11 => {
            if y == 0.0 {
                return Err(vm.new_zero_division_error("float division by zero".to_owned()));
            }
            x / y
        }
        2 => {
            if y == 0.0 {
                return Err(vm.new_zero_division_error("float floor division by zero".to_owned()));
            }
            float_divmod(x, y).0
        }
        6 => {
            if y == 0.0 {
                return Err(vm.new_zero_division_error("float modulo".to_owned()));
            }
            float_divmod(x, y).1
        }
        8 => return float_pow(vm, x, y),
        _ => return Ok(vm.not_implemented()),
    }))
}

/// Python's `divmod` for floats: the remainder takes the divisor's sign.
pub fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(x / y)
    };
    (floordiv, m)
}

fn float_pow(vm: &mut Vm, x: f64, y: f64) -> PyResult<Value> {
    if x == 0.0 && y < 0.0 {
        return Err(
            vm.new_zero_division_error("0.0 cannot be raised to a negative power".to_owned())
        );
    }
    if x < 0.0 && y.fract() != 0.0 && y.is_finite() {
        // A negative base to a fractional power is complex.
        let (r, theta) = (x.abs().powf(y), std::f64::consts::PI * y);
        return Ok(Value::Obj(crate::object::PyObject::new(
            vm.types.complex.clone(),
            Payload::Complex(r * theta.cos(), r * theta.sin()),
        )));
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(vm.new_overflow_error("(34, 'Numerical result out of range')".to_owned()));
    }
    Ok(Value::Float(r))
}

pub fn init(vm: &mut Vm) {
    let ty = vm.types.float.clone();
    add_new(vm, &ty, float_new);
    macro_rules! binary {
        ($name:literal, $rname:literal, $op:expr) => {
            add_method(vm, &ty, $name, |vm, args| {
                float_method_binary(vm, args, $op, false)
            });
            add_method(vm, &ty, $rname, |vm, args| {
                float_method_binary(vm, args, $op, true)
            });
        };
    }
    binary!("__add__", "__radd__", 0);
    binary!("__sub__", "__rsub__", 10);
    binary!("__mul__", "__rmul__", 5);
    binary!("__truediv__", "__rtruediv__", 11);
    binary!("__floordiv__", "__rfloordiv__", 2);
    binary!("__mod__", "__rmod__", 6);
    binary!("__pow__", "__rpow__", 8);
    add_method(vm, &ty, "__divmod__", |vm, args| {
        float_divmod_method(vm, args, false)
    });
    add_method(vm, &ty, "__rdivmod__", |vm, args| {
        float_divmod_method(vm, args, true)
    });
    macro_rules! compare {
        ($name:literal, $op:expr) => {
            add_method(vm, &ty, $name, |vm, args| float_compare(vm, args, $op));
        };
    }
    compare!("__lt__", 0);
    compare!("__le__", 1);
    compare!("__eq__", 2);
    compare!("__ne__", 3);
    compare!("__gt__", 4);
    compare!("__ge__", 5);
    add_method(vm, &ty, "__neg__", |vm, args| {
        Ok(Value::Float(-self_f64(vm, &args)?))
    });
    add_method(vm, &ty, "__pos__", |vm, args| {
        Ok(Value::Float(self_f64(vm, &args)?))
    });
    add_method(vm, &ty, "__abs__", |vm, args| {
        Ok(Value::Float(self_f64(vm, &args)?.abs()))
    });
    add_method(vm, &ty, "__bool__", |vm, args| {
        Ok(Value::Bool(self_f64(vm, &args)? != 0.0))
    });
    add_method(vm, &ty, "__float__", |vm, args| {
        Ok(Value::Float(self_f64(vm, &args)?))
    });
    add_method(vm, &ty, "__int__", |vm, args| {
        let x = self_f64(vm, &args)?;
        crate::objects::int::float_to_int(vm, x)
    });
    add_method(vm, &ty, "__trunc__", |vm, args| {
        let x = self_f64(vm, &args)?;
        crate::objects::int::float_to_int(vm, x)
    });
    add_method(vm, &ty, "__floor__", |vm, args| {
        let x = self_f64(vm, &args)?;
        crate::objects::int::float_to_int(vm, x.floor())
    });
    add_method(vm, &ty, "__ceil__", |vm, args| {
        let x = self_f64(vm, &args)?;
        crate::objects::int::float_to_int(vm, x.ceil())
    });
    add_method(vm, &ty, "__round__", float_round);
    add_method(vm, &ty, "__hash__", |vm, args| {
        let v = this(&args);
        Ok(Value::Int(float_hash(self_f64(vm, &args)?, &v)))
    });
    add_method(vm, &ty, "__repr__", |vm, args| {
        let x = self_f64(vm, &args)?;
        Ok(vm.new_str(float_repr(x)))
    });
    add_method(vm, &ty, "__format__", |vm, args| {
        let x = self_f64(vm, &args)?;
        let spec = args
            .pos
            .get(1)
            .and_then(abstract_::value_as_str)
            .unwrap_or("")
            .to_owned();
        let s = crate::objects::format::format_float(vm, x, &spec)?;
        Ok(vm.new_str(s))
    });
    add_method(vm, &ty, "is_integer", |vm, args| {
        let x = self_f64(vm, &args)?;
        Ok(Value::Bool(x.is_finite() && x.fract() == 0.0))
    });
    add_method(vm, &ty, "conjugate", |vm, args| {
        Ok(Value::Float(self_f64(vm, &args)?))
    });
    add_method(vm, &ty, "as_integer_ratio", |vm, args| {
        let x = self_f64(vm, &args)?;
        if !x.is_finite() {
            return Err(if x.is_nan() {
                vm.new_value_error("cannot convert NaN to integer ratio".to_owned())
            } else {
                vm.new_overflow_error("cannot convert Infinity to integer ratio".to_owned())
            });
        }
        let (m, e) = pyhash::frexp(x);
        let mut mant = m;
        let mut exp = e;
        while mant.fract() != 0.0 {
            mant *= 2.0;
            exp -= 1;
        }
        let mut num = BigInt::from_f64(mant).unwrap_or_default();
        let mut den = BigInt::from(1);
        if exp > 0 {
            num <<= exp as usize;
        } else {
            den <<= (-exp) as usize;
        }
        let (n, d) = (int_from_big(vm, num), int_from_big(vm, den));
        Ok(vm.new_tuple(vec![n, d]))
    });
    add_getset(
        vm,
        &ty,
        "real",
        |_, v| Ok(Value::Float(as_f64(v).unwrap_or(0.0))),
        None,
    );
    add_getset(vm, &ty, "imag", |_, _| Ok(Value::Float(0.0)), None);
}

fn self_f64(vm: &mut Vm, args: &Args) -> PyResult<f64> {
    let v = this(args);
    match v {
        Value::Float(x) => Ok(x),
        Value::Obj(ref o) => match o.payload {
            Payload::Float(x) => Ok(x),
            _ => Err(vm.new_type_error(format!(
                "descriptor requires a 'float' object but received a '{}'",
                vm.type_name_of(&v)
            ))),
        },
        _ => Err(vm.new_type_error(format!(
            "descriptor requires a 'float' object but received a '{}'",
            vm.type_name_of(&v)
        ))),
    }
}

fn float_method_binary(vm: &mut Vm, args: Args, op: usize, reflected: bool) -> PyResult<Value> {
    let x = self_f64(vm, &args)?;
    let other = args.pos.get(1).cloned().unwrap_or(Value::None);
    if !is_number(&other) {
        return Ok(vm.not_implemented());
    }
    let Some(y) = as_f64(&other) else {
        return Err(vm.new_overflow_error("int too large to convert to float".to_owned()));
    };
    if reflected {
        float_binary(vm, y, x, op)
    } else {
        float_binary(vm, x, y, op)
    }
}

fn float_divmod_method(vm: &mut Vm, args: Args, reflected: bool) -> PyResult<Value> {
    let x = self_f64(vm, &args)?;
    let other = args.pos.get(1).cloned().unwrap_or(Value::None);
    let Some(y) = as_f64(&other).filter(|_| is_number(&other)) else {
        return Ok(vm.not_implemented());
    };
    let (a, b) = if reflected { (y, x) } else { (x, y) };
    if b == 0.0 {
        return Err(vm.new_zero_division_error("float divmod()".to_owned()));
    }
    let (q, r) = float_divmod(a, b);
    Ok(vm.new_tuple(vec![Value::Float(q), Value::Float(r)]))
}

fn float_compare(vm: &mut Vm, args: Args, op: usize) -> PyResult<Value> {
    let x = self_f64(vm, &args)?;
    let other = args.pos.get(1).cloned().unwrap_or(Value::None);
    let ord = match &other {
        Value::Float(y) => x.partial_cmp(y),
        _ => match as_big(&other) {
            Some(n) => compare_big_float(&n, x).map(Ordering::reverse),
            None => match as_f64(&other) {
                Some(y) => x.partial_cmp(&y),
                None => return Ok(vm.not_implemented()),
            },
        },
    };
    Ok(Value::Bool(match ord {
        None => op == 3,
        Some(o) => match op {
            0 => o == Ordering::Less,
            1 => o != Ordering::Greater,
            2 => o == Ordering::Equal,
            3 => o != Ordering::Equal,
            4 => o == Ordering::Greater,
            _ => o != Ordering::Less,
        },
    }))
}

/// `round(x[, ndigits])` with round-half-even on the exact decimal value.
fn float_round(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = self_f64(vm, &args)?;
    match args.pos.get(1) {
        None | Some(Value::None) => {
            let r = x.round_ties_even();
            crate::objects::int::float_to_int(vm, r)
        }
        Some(nd) => {
            let nd = abstract_::index(vm, nd)?;
            let nd = crate::objects::int::as_i64(&nd).unwrap_or(0);
            if !x.is_finite() || nd > 323 {
                return Ok(Value::Float(x));
            }
            if nd < -308 {
                return Ok(Value::Float(0.0f64.copysign(x)));
            }
            // Format with enough digits, which rounds half-even on the exact value.
            let s = if nd >= 0 {
                format!("{:.*}", nd as usize, x)
            } else {
                let p = 10f64.powi((-nd) as i32);
                let r = (x / p).round_ties_even() * p;
                return Ok(Value::Float(r));
            };
            Ok(Value::Float(s.parse().unwrap_or(x)))
        }
    }
}

/// `float(x=0.0)`.
fn float_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut pos = args.pos;
    let class = match pos.first() {
        Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
        _ => vm.types.float.clone(),
    };
    if !pos.is_empty() {
        pos.remove(0);
    }
    crate::getargs::no_keywords(
        vm,
        "float",
        &Args {
            pos: vec![],
            kw: args.kw,
        },
    )?;
    if pos.len() > 1 {
        return Err(vm.new_type_error(format!(
            "float expected at most 1 argument, got {}",
            pos.len()
        )));
    }
    let x = match pos.first() {
        None => 0.0,
        Some(v) => float_from_value(vm, v)?,
    };
    if std::rc::Rc::ptr_eq(&class, &vm.types.float) {
        return Ok(Value::Float(x));
    }
    Ok(Value::Obj(typeobject::new_instance(
        vm,
        &class,
        Payload::Float(x),
    )))
}

pub fn float_from_value(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if let Some(x) = as_f64(v) {
        if let Value::Obj(o) = v {
            if matches!(o.payload, Payload::Int(_)) && !x.is_finite() {
                return Err(vm.new_overflow_error("int too large to convert to float".to_owned()));
            }
        }
        return Ok(x);
    }
    if let Some(s) = abstract_::value_as_str(v) {
        return parse_float(s).ok_or_else(|| {
            vm.new_value_error(format!(
                "could not convert string to float: {}",
                crate::objects::str::repr_str(s)
            ))
        });
    }
    for method in ["__float__", "__index__"] {
        if let Some(r) = abstract_::call_special(vm, v, method, vec![])? {
            return match as_f64(&r) {
                Some(x) => Ok(x),
                None => Err(vm.new_type_error(format!(
                    "{method} returned non-float (type {})",
                    vm.type_name_of(&r)
                ))),
            };
        }
    }
    Err(vm.new_type_error(format!(
        "float() argument must be a string or a real number, not '{}'",
        vm.type_name_of(v)
    )))
}

/// Parses float text as `float()` accepts it.
pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    let negative = lower.starts_with('-');
    let special = match unsigned {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(x) = special {
        if lower.len() - unsigned.len() > 1 {
            return None;
        }
        return Some(if negative { -x } else { x });
    }
    if t.contains("__")
        || t.starts_with('_')
        || t.ends_with('_')
        || t.contains("_.")
        || t.contains("._")
    {
        return None;
    }
    let clean: String = t.chars().filter(|c| *c != '_').collect();
    if clean.is_empty()
        || !clean
            .chars()
            .all(|c| c.is_ascii_digit() || "+-.eE".contains(c))
    {
        return None;
    }
    clean.parse().ok()
}
