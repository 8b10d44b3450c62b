//! The `math` module (CPython's `Modules/mathmodule.c`).

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use krait_vm::objects::dict;
use krait_vm::objects::function::{Args, NativeFn};
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::new_builtin_function;
use krait_vm::{abstract_, getargs, ObjRef, PyResult, Value, Vm};

fn float_arg(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(x) => Ok(*x),
        Value::Int(n) => Ok(*n as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        _ => {
            if let Some(n) = krait_vm::objects::int::as_big(v) {
                return n.to_f64().filter(|x| x.is_finite()).ok_or_else(|| {
                    vm.new_overflow_error("int too large to convert to float".to_owned())
                });
            }
            if let Some(r) = abstract_::call_special(vm, v, "__float__", vec![])? {
                if let Value::Float(x) = r {
                    return Ok(x);
                }
            }
            if let Some(r) = abstract_::call_special(vm, v, "__index__", vec![])? {
                return float_arg(vm, &r);
            }
            Err(vm.new_type_error(format!("must be real number, not {}", vm.type_name_of(v))))
        }
    }
}

fn domain_error(vm: &mut Vm) -> krait_vm::PyErr {
    vm.new_value_error("math domain error".to_owned())
}

/// A one-argument float function, with CPython's domain and range errors.
fn unary(vm: &mut Vm, name: &str, args: Args, f: fn(f64) -> f64) -> PyResult<Value> {
    let v = getargs::exactly_one(vm, name, args)?;
    let x = float_arg(vm, &v)?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error(vm));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(vm.new_overflow_error("math range error".to_owned()));
    }
    Ok(Value::Float(r))
}

macro_rules! unary_fns {
    ($($name:literal => $f:expr),* $(,)?) => {
        vec![$(($name, (|vm: &mut Vm, args: Args| unary(vm, $name, args, $f)) as NativeFn)),*]
    };
}

fn rounding(
    vm: &mut Vm,
    name: &str,
    args: Args,
    method: &str,
    f: fn(f64) -> f64,
) -> PyResult<Value> {
    let v = getargs::exactly_one(vm, name, args)?;
    if krait_vm::objects::int::is_int(&v) {
        return Ok(krait_vm::objects::int::int_from_value(vm, &v)?);
    }
    if !matches!(v, Value::Float(_)) {
        if let Some(r) = abstract_::call_special(vm, &v, method, vec![])? {
            return Ok(r);
        }
    }
    let x = float_arg(vm, &v)?;
    krait_vm::objects::int::float_to_int(vm, f(x))
}

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    let i = abstract_::index(vm, v)?;
    Ok(krait_vm::objects::int::as_big(&i).unwrap_or_default())
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "math");
    let d = module_dict(&m).expect("a module");
    for (name, x) in [
        ("pi", std::f64::consts::PI),
        ("e", std::f64::consts::E),
        ("tau", std::f64::consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ] {
        dict::dict_set_str(vm, &d, name, Value::Float(x));
    }
    let mut fns: Vec<(&'static str, NativeFn)> = unary_fns!(
        "sqrt" => f64::sqrt, "exp" => f64::exp, "sin" => f64::sin, "cos" => f64::cos, "tan" => f64::tan,
        "asin" => f64::asin, "acos" => f64::acos, "atan" => f64::atan, "sinh" => f64::sinh, "cosh" => f64::cosh,
        "tanh" => f64::tanh, "asinh" => f64::asinh, "acosh" => f64::acosh, "atanh" => f64::atanh,
        "fabs" => f64::abs, "log2" => f64::log2, "log10" => f64::log10, "log1p" => f64::ln_1p, "expm1" => f64::exp_m1,
        "degrees" => f64::to_degrees, "radians" => f64::to_radians, "exp2" => f64::exp2, "cbrt" => f64::cbrt,
    );
    fns.extend::<Vec<(&'static str, NativeFn)>>(vec![
        ("floor", |vm, args| {
            rounding(vm, "floor", args, "__floor__", f64::floor)
        }),
        ("ceil", |vm, args| {
            rounding(vm, "ceil", args, "__ceil__", f64::ceil)
        }),
        ("trunc", |vm, args| {
            rounding(vm, "trunc", args, "__trunc__", f64::trunc)
        }),
        ("log", |vm, args| {
            let pos = getargs::positional(vm, "log", args, 1, 2)?;
            let v = pos[0].clone().unwrap_or(Value::None);
            let ln = |vm: &mut Vm, v: &Value| -> PyResult<f64> {
                if let Some(n) = krait_vm::objects::int::as_big(v) {
                    if !n.is_positive() {
                        return Err(domain_error(vm));
                    }
                    if let Some(x) = n.to_f64().filter(|x| x.is_finite()) {
                        return Ok(x.ln());
                    }
                    let bits = n.bits() as i64 - 60;
                    let top = (&n >> bits as usize).to_f64().unwrap_or(1.0);
                    return Ok(top.ln() + bits as f64 * std::f64::consts::LN_2);
                }
                let x = float_arg(vm, v)?;
                if x <= 0.0 {
                    return Err(domain_error(vm));
                }
                Ok(x.ln())
            };
            let num = ln(vm, &v)?;
            match &pos[1] {
                None => Ok(Value::Float(num)),
                Some(b) => {
                    let den = ln(vm, b)?;
                    if den == 0.0 {
                        return Err(vm.new_zero_division_error("float division by zero".to_owned()));
                    }
                    Ok(Value::Float(num / den))
                }
            }
        }),
        ("pow", |vm, args| {
            let pos = getargs::positional(vm, "pow", args, 2, 2)?;
            let x = float_arg(vm, pos[0].as_ref().unwrap_or(&Value::None))?;
            let y = float_arg(vm, pos[1].as_ref().unwrap_or(&Value::None))?;
            let r = x.powf(y);
            if r.is_nan() && !x.is_nan() && !y.is_nan() {
                return Err(domain_error(vm));
            }
            if x == 0.0 && y < 0.0 {
                return Err(domain_error(vm));
            }
            if r.is_infinite() && x.is_finite() && y.is_finite() {
                return Err(vm.new_overflow_error("math range error".to_owned()));
            }
            Ok(Value::Float(r))
        }),
        ("atan2", |vm, args| {
            let pos = getargs::positional(vm, "atan2", args, 2, 2)?;
            let y = float_arg(vm, pos[0].as_ref().unwrap_or(&Value::None))?;
            let x = float_arg(vm, pos[1].as_ref().unwrap_or(&Value::None))?;
            Ok(Value::Float(y.atan2(x)))
        }),
        ("hypot", |vm, args| {
            let mut acc = 0.0f64;
            for v in &args.pos {
                let x = float_arg(vm, v)?;
                acc = acc.hypot(x);
            }
            Ok(Value::Float(acc))
        }),
        ("copysign", |vm, args| {
            let pos = getargs::positional(vm, "copysign", args, 2, 2)?;
            let x = float_arg(vm, pos[0].as_ref().unwrap_or(&Value::None))?;
            let y = float_arg(vm, pos[1].as_ref().unwrap_or(&Value::None))?;
            Ok(Value::Float(x.copysign(y)))
        }),
        ("fmod", |vm, args| {
            let pos = getargs::positional(vm, "fmod", args, 2, 2)?;
            let x = float_arg(vm, pos[0].as_ref().unwrap_or(&Value::None))?;
            let y = float_arg(vm, pos[1].as_ref().unwrap_or(&Value::None))?;
            if y == 0.0 && !x.is_nan() {
                return Err(domain_error(vm));
            }
            Ok(Value::Float(x % y))
        }),
        ("isnan", |vm, args| {
            let v = getargs::exactly_one(vm, "isnan", args)?;
            Ok(Value::Bool(float_arg(vm, &v)?.is_nan()))
        }),
        ("isinf", |vm, args| {
            let v = getargs::exactly_one(vm, "isinf", args)?;
            Ok(Value::Bool(float_arg(vm, &v)?.is_infinite()))
        }),
        ("isfinite", |vm, args| {
            let v = getargs::exactly_one(vm, "isfinite", args)?;
            Ok(Value::Bool(float_arg(vm, &v)?.is_finite()))
        }),
        ("isclose", |vm, mut args| {
            let kw = getargs::take_keywords(vm, "isclose", &mut args, &["rel_tol", "abs_tol"])?;
            let pos = getargs::positional(vm, "isclose", args, 2, 2)?;
            let a = float_arg(vm, pos[0].as_ref().unwrap_or(&Value::None))?;
            let b = float_arg(vm, pos[1].as_ref().unwrap_or(&Value::None))?;
            let rel = match &kw[0] {
                Some(v) => float_arg(vm, v)?,
                None => 1e-9,
            };
            let abs = match &kw[1] {
                Some(v) => float_arg(vm, v)?,
                None => 0.0,
            };
            if rel < 0.0 || abs < 0.0 {
                return Err(vm.new_value_error("tolerances must be non-negative".to_owned()));
            }
            if a == b {
                return Ok(Value::Bool(true));
            }
            if a.is_infinite() || b.is_infinite() {
                return Ok(Value::Bool(false));
            }
            let diff = (b - a).abs();
            Ok(Value::Bool(
                diff <= (rel * b).abs() || diff <= (rel * a).abs() || diff <= abs,
            ))
        }),
        ("gcd", |vm, args| {
            let mut acc = BigInt::zero();
            for v in &args.pos {
                let n = int_arg(vm, v)?;
                acc = num_integer::Integer::gcd(&acc, &n);
            }
            Ok(vm.new_big_int(acc))
        }),
        ("lcm", |vm, args| {
            let mut acc = BigInt::from(1);
            for v in &args.pos {
                let n = int_arg(vm, v)?;
                acc = num_integer::Integer::lcm(&acc, &n);
            }
            Ok(vm.new_big_int(acc))
        }),
        ("factorial", |vm, args| {
            let v = getargs::exactly_one(vm, "factorial", args)?;
            if matches!(v, Value::Float(_)) {
                return Err(vm.new_type_error(
                    "'float' object cannot be interpreted as an integer".to_owned(),
                ));
            }
            let n = int_arg(vm, &v)?;
            if n.is_negative() {
                return Err(
                    vm.new_value_error("factorial() not defined for negative values".to_owned())
                );
            }
            let n = n.to_u64().unwrap_or(u64::MAX);
            let mut acc = BigInt::from(1);
            for i in 2..=n {
                acc *= i;
            }
            Ok(vm.new_big_int(acc))
        }),
        ("isqrt", |vm, args| {
            let v = getargs::exactly_one(vm, "isqrt", args)?;
            let n = int_arg(vm, &v)?;
            if n.is_negative() {
                return Err(vm.new_value_error("isqrt() argument must be nonnegative".to_owned()));
            }
            Ok(vm.new_big_int(n.sqrt()))
        }),
        ("comb", |vm, args| {
            let pos = getargs::positional(vm, "comb", args, 2, 2)?;
            let n = int_arg(vm, pos[0].as_ref().unwrap_or(&Value::None))?;
            let k = int_arg(vm, pos[1].as_ref().unwrap_or(&Value::None))?;
            if n.is_negative() {
                return Err(vm.new_value_error("n must be a non-negative integer".to_owned()));
            }
            if k.is_negative() {
                return Err(vm.new_value_error("k must be a non-negative integer".to_owned()));
            }
            if k > n {
                return Ok(Value::Int(0));
            }
            let k = k
                .to_u64()
                .unwrap_or(0)
                .min((&n - &k).to_u64().unwrap_or(u64::MAX));
            let mut acc = BigInt::from(1);
            for i in 0..k {
                acc = acc * (&n - i) / (i + 1);
            }
            Ok(vm.new_big_int(acc))
        }),
        ("perm", |vm, args| {
            let pos = getargs::positional(vm, "perm", args, 1, 2)?;
            let n = int_arg(vm, pos[0].as_ref().unwrap_or(&Value::None))?;
            let k = match &pos[1] {
                Some(k) if !k.is_none() => int_arg(vm, k)?,
                _ => n.clone(),
            };
            if n.is_negative() || k.is_negative() {
                return Err(vm.new_value_error("n must be a non-negative integer".to_owned()));
            }
            if k > n {
                return Ok(Value::Int(0));
            }
            let mut acc = BigInt::from(1);
            for i in 0..k.to_u64().unwrap_or(0) {
                acc *= &n - i;
            }
            Ok(vm.new_big_int(acc))
        }),
        ("fsum", |vm, args| {
            let v = getargs::exactly_one(vm, "fsum", args)?;
            let items = abstract_::collect_iterable(vm, &v)?;
            // Neumaier summation: exact enough for the common cases.
            let (mut sum, mut c) = (0.0f64, 0.0f64);
            for item in items {
                let x = float_arg(vm, &item)?;
                let t = sum + x;
                c += if sum.abs() >= x.abs() {
                    (sum - t) + x
                } else {
                    (x - t) + sum
                };
                sum = t;
            }
            Ok(Value::Float(sum + c))
        }),
        ("prod", |vm, mut args| {
            let kw = getargs::take_keywords(vm, "prod", &mut args, &["start"])?;
            let v = getargs::exactly_one(vm, "prod", args)?;
            let mut acc = kw[0].clone().unwrap_or(Value::Int(1));
            let items = abstract_::collect_iterable(vm, &v)?;
            for item in items {
                acc = abstract_::binary_op(vm, &acc, &item, 5)?;
            }
            Ok(acc)
        }),
        ("modf", |vm, args| {
            let v = getargs::exactly_one(vm, "modf", args)?;
            let x = float_arg(vm, &v)?;
            let i = x.trunc();
            Ok(vm.new_tuple(vec![Value::Float((x - i).copysign(x)), Value::Float(i)]))
        }),
        ("frexp", |vm, args| {
            let v = getargs::exactly_one(vm, "frexp", args)?;
            let x = float_arg(vm, &v)?;
            let (m, e) = krait_vm::pyhash::frexp(x.abs());
            Ok(vm.new_tuple(vec![Value::Float(m.copysign(x)), Value::Int(e as i64)]))
        }),
        ("ldexp", |vm, args| {
            let pos = getargs::positional(vm, "ldexp", args, 2, 2)?;
            let x = float_arg(vm, pos[0].as_ref().unwrap_or(&Value::None))?;
            let e = int_arg(vm, pos[1].as_ref().unwrap_or(&Value::None))?
                .to_i32()
                .unwrap_or(i32::MAX);
            Ok(Value::Float(x * 2f64.powi(e)))
        }),
        ("dist", |vm, args| {
            let pos = getargs::positional(vm, "dist", args, 2, 2)?;
            let p = abstract_::collect_iterable(vm, pos[0].as_ref().unwrap_or(&Value::None))?;
            let q = abstract_::collect_iterable(vm, pos[1].as_ref().unwrap_or(&Value::None))?;
            let mut acc = 0.0f64;
            for (a, b) in p.iter().zip(&q) {
                acc = acc.hypot(float_arg(vm, a)? - float_arg(vm, b)?);
            }
            Ok(Value::Float(acc))
        }),
    ]);
    for (name, f) in fns {
        let v = new_builtin_function(vm, name, f, Some("math"));
        dict::dict_set_str(vm, &d, name, v);
    }
    Ok(m)
}
