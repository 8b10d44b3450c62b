//! The `cmath` module (CPython's `Modules/cmathmodule.c`): the elementary functions
//! of a complex variable, with the results C99 Annex G gives for infinities, NaNs
//! and signed zeros, and CPython's errors where Annex G signals divide-by-zero or
//! invalid (`ValueError`) or overflow (`OverflowError`).
//!
//! Each function is a Rust function on `(re, im)` pairs returning the value or a
//! `MathError`; non-finite arguments are answered by rules per function (the facts
//! CPython keeps in 7x7 tables), finite ones by Kahan's formulas, with the C
//! library's functions (`crate::math`) so results agree with python3.11's.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::complex::{as_complex, new_complex, quot};
use krait_vm::objects::dict;
use krait_vm::objects::float::ldexp;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::{given, Signature};
use krait_vm::warnings::warn_ex;
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

use crate::math::{
    asinh as real_asinh, atan2, cos, cosh as real_cosh, exp as real_exp, float_arg, hypot,
    log as real_log, log1p, sin, sinh as real_sinh, tan as real_tan, tanh as real_tanh,
};

use std::rc::Rc;

use std::f64::consts::{E, FRAC_PI_2, FRAC_PI_4, LN_10, LN_2, PI};

/// A complex number as `(real, imag)`.
type Complex = (f64, f64);

/// What CPython reports through `errno`: Annex G's divide-by-zero or invalid
/// (`ValueError`), or overflow (`OverflowError`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MathError {
    Domain,
    Range,
}

type Outcome = Result<Complex, MathError>;

const INF: f64 = f64::INFINITY;
const NAN: f64 = f64::NAN;
const FRAC_3PI_4: f64 = 0.75 * PI;
/// Beyond this the formulas that square or add their arguments could overflow.
const LARGE: f64 = f64::MAX / 4.0;
/// `sqrt(f64::MIN_POSITIVE)`, exactly 2**-511.
const SQRT_MIN_POSITIVE: f64 = 1.491_668_146_240_041_3e-154;
/// The number of bits of a float's significand, the scale that makes a subnormal
/// normal.
const MANT_DIG: i64 = 53;

fn sqrt_large() -> f64 {
    LARGE.sqrt()
}

fn log_large() -> f64 {
    real_log(LARGE)
}

fn is_finite(z: Complex) -> bool {
    z.0.is_finite() && z.1.is_finite()
}

fn neg(z: Complex) -> Complex {
    (-z.0, -z.1)
}

/// `i*z`: the rotation that relates the circular functions to the hyperbolic ones.
fn times_i(z: Complex) -> Complex {
    (-z.1, z.0)
}

/// `-i*z`, the inverse rotation.
fn times_minus_i(z: Complex) -> Complex {
    (z.1, -z.0)
}

/// A zero whose sign is the product of the signs of `a` and `b`.
fn zero_signed_by(a: f64, b: f64) -> f64 {
    if a.is_sign_negative() == b.is_sign_negative() {
        0.0
    } else {
        -0.0
    }
}

/// The argument of `z`, in `[-pi, pi]`, with C99's answers for infinities and
/// zeros whatever the C library does.
fn phase_of(z: Complex) -> f64 {
    let (x, y) = z;
    if x.is_nan() || y.is_nan() {
        return NAN;
    }
    if y.is_infinite() {
        let angle = match x {
            INF => FRAC_PI_4,
            f64::NEG_INFINITY => FRAC_3PI_4,
            _ => FRAC_PI_2,
        };
        return angle.copysign(y);
    }
    if x.is_infinite() || y == 0.0 {
        return if x.is_sign_positive() {
            0.0f64.copysign(y)
        } else {
            PI.copysign(y)
        };
    }
    atan2(y, x)
}

/// `abs(z)`; a finite `z` whose modulus overflows is a range error.
fn modulus(z: Complex) -> Result<f64, MathError> {
    let (x, y) = z;
    if x.is_infinite() || y.is_infinite() {
        return Ok(INF);
    }
    if x.is_nan() || y.is_nan() {
        return Ok(NAN);
    }
    let r = hypot(x, y);
    if r.is_finite() {
        Ok(r)
    } else {
        Err(MathError::Range)
    }
}

/// `log(hypot(x, y))` for arguments so large that `hypot` itself could overflow.
fn log_hypot_large(x: f64, y: f64) -> f64 {
    real_log(hypot(x / 2.0, y / 2.0)) + 2.0 * LN_2
}

fn sqrt(z: Complex) -> Complex {
    let (x, y) = z;
    if !is_finite(z) {
        return if y.is_infinite() {
            (INF, y)
        } else if x == f64::NEG_INFINITY {
            if y.is_nan() {
                (NAN, INF)
            } else {
                (0.0, INF.copysign(y))
            }
        } else if x == INF {
            (INF, if y.is_nan() { y } else { 0.0f64.copysign(y) })
        } else {
            (NAN, NAN)
        };
    }
    if x == 0.0 && y == 0.0 {
        return (0.0, y);
    }
    let (ax, ay) = (x.abs(), y.abs());
    // With s = sqrt((|x| + |z|) / 2), the root is s + i*y/(2s) for x >= 0.
    let s = if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        // Subnormal parts: scale up so that `hypot` keeps its precision.
        let (sx, sy) = (ldexp(ax, MANT_DIG), ldexp(ay, MANT_DIG));
        ldexp((sx + hypot(sx, sy)).sqrt(), -(MANT_DIG + 1) / 2)
    } else {
        // Scaled by 1/8 so that x + hypot(x, y) cannot overflow.
        let ax = ax / 8.0;
        2.0 * (ax + hypot(ax, ay / 8.0)).sqrt()
    };
    let d = ay / (2.0 * s);
    if x >= 0.0 {
        (s, d.copysign(y))
    } else {
        (d, s.copysign(y))
    }
}

/// The natural logarithm, and the error CPython records for it (`log(0)` is a
/// domain error, yet its value, `-inf`, is what `log(0, base)` divides).
fn log_with_error(z: Complex) -> (Complex, Option<MathError>) {
    let (x, y) = z;
    if !is_finite(z) {
        let re = if x.is_infinite() || y.is_infinite() {
            INF
        } else {
            NAN
        };
        return ((re, phase_of(z)), None);
    }
    let (ax, ay) = (x.abs(), y.abs());
    let re = if ax > LARGE || ay > LARGE {
        real_log(hypot(ax / 2.0, ay / 2.0)) + LN_2
    } else if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        if ax == 0.0 && ay == 0.0 {
            return ((f64::NEG_INFINITY, atan2(y, x)), Some(MathError::Domain));
        }
        // A subnormal modulus: scale it to keep its precision.
        let h = hypot(ldexp(ax, MANT_DIG), ldexp(ay, MANT_DIG));
        real_log(h) - MANT_DIG as f64 * LN_2
    } else {
        let h = hypot(ax, ay);
        if (0.71..=1.73).contains(&h) {
            // Near the unit circle: log|z| = log1p(|z|^2 - 1) / 2, with |z|^2 - 1
            // formed without cancellation.
            let (big, small) = if ax > ay { (ax, ay) } else { (ay, ax) };
            log1p((big - 1.0) * (big + 1.0) + small * small) / 2.0
        } else {
            real_log(h)
        }
    };
    ((re, atan2(y, x)), None)
}

fn log(z: Complex) -> Outcome {
    match log_with_error(z) {
        (r, None) => Ok(r),
        (_, Some(e)) => Err(e),
    }
}

fn log10(z: Complex) -> Outcome {
    log(z).map(|(re, im)| (re / LN_10, im / LN_10))
}

fn exp(z: Complex) -> Outcome {
    let (x, y) = z;
    if !is_finite(z) {
        if x.is_infinite() && y.is_finite() && y != 0.0 {
            let mag = if x > 0.0 { INF } else { 0.0 };
            return Ok((mag.copysign(cos(y)), mag.copysign(sin(y))));
        }
        if y.is_infinite() && (x.is_finite() || x == INF) {
            return Err(MathError::Domain);
        }
        return Ok(if x == f64::NEG_INFINITY {
            (0.0, if y == 0.0 { y } else { 0.0 })
        } else if x == INF {
            (INF, if y == 0.0 { y } else { NAN })
        } else {
            (NAN, if y == 0.0 { y } else { NAN })
        });
    }
    let r = if x > log_large() {
        // exp(x) alone may overflow where exp(x) * cos(y) does not.
        let l = real_exp(x - 1.0);
        (l * cos(y) * E, l * sin(y) * E)
    } else {
        let l = real_exp(x);
        (l * cos(y), l * sin(y))
    };
    finite_or_range_error(r)
}

fn finite_or_range_error(r: Complex) -> Outcome {
    if r.0.is_infinite() || r.1.is_infinite() {
        Err(MathError::Range)
    } else {
        Ok(r)
    }
}

fn cosh(z: Complex) -> Outcome {
    let (x, y) = z;
    if !is_finite(z) {
        if x.is_infinite() && y.is_finite() && y != 0.0 {
            let im = INF.copysign(sin(y));
            return Ok((INF.copysign(cos(y)), if x > 0.0 { im } else { -im }));
        }
        if y.is_infinite() && !x.is_nan() {
            return Err(MathError::Domain);
        }
        return Ok(if x.is_infinite() {
            (INF, if y == 0.0 { zero_signed_by(x, y) } else { NAN })
        } else if x == 0.0 || y == 0.0 {
            // cosh(+-0 + i*nan) and cosh(nan +- i0): the zero's sign is unspecified.
            (NAN, 0.0)
        } else {
            (NAN, NAN)
        });
    }
    let r = if x.abs() > log_large() {
        let x1 = x - 1.0f64.copysign(x);
        (cos(y) * real_cosh(x1) * E, sin(y) * real_sinh(x1) * E)
    } else {
        (cos(y) * real_cosh(x), sin(y) * real_sinh(x))
    };
    finite_or_range_error(r)
}

fn sinh(z: Complex) -> Outcome {
    let (x, y) = z;
    if !is_finite(z) {
        if x.is_infinite() && y.is_finite() && y != 0.0 {
            let re = INF.copysign(cos(y));
            return Ok((if x > 0.0 { re } else { -re }, INF.copysign(sin(y))));
        }
        if y.is_infinite() && !x.is_nan() {
            return Err(MathError::Domain);
        }
        return Ok(if x.is_infinite() {
            if y == 0.0 {
                (x, y)
            } else {
                (INF, NAN)
            }
        } else if x == 0.0 {
            // sinh(+-0 + i*nan): the zero's sign is unspecified.
            (0.0, NAN)
        } else if y == 0.0 {
            (NAN, y)
        } else {
            (NAN, NAN)
        });
    }
    let r = if x.abs() > log_large() {
        let x1 = x - 1.0f64.copysign(x);
        (cos(y) * real_sinh(x1) * E, sin(y) * real_cosh(x1) * E)
    } else {
        (cos(y) * real_sinh(x), sin(y) * real_cosh(x))
    };
    finite_or_range_error(r)
}

fn tanh(z: Complex) -> Outcome {
    let (x, y) = z;
    if !is_finite(z) {
        if x.is_infinite() && y.is_finite() && y != 0.0 {
            return Ok((1.0f64.copysign(x), 0.0f64.copysign(2.0 * sin(y) * cos(y))));
        }
        if y.is_infinite() && x.is_finite() {
            return Err(MathError::Domain);
        }
        return Ok(if x.is_infinite() {
            (1.0f64.copysign(x), if y == 0.0 { y } else { 0.0 })
        } else if y == 0.0 {
            (NAN, y)
        } else {
            (NAN, NAN)
        });
    }
    if x.abs() > log_large() {
        // 1 - tanh(x)^2 ~ 4 exp(-2|x|), where cosh(x) would overflow.
        return Ok((
            1.0f64.copysign(x),
            4.0 * sin(y) * cos(y) * real_exp(-2.0 * x.abs()),
        ));
    }
    // tanh(x + iy) = (tx (1 + ty^2) + i ty (1 - tx^2)) / (1 + tx^2 ty^2), with
    // 1 - tx^2 written as 1/cosh(x)^2.
    let tx = real_tanh(x);
    let ty = real_tan(y);
    let cx = 1.0 / real_cosh(x);
    let txty = tx * ty;
    let denom = 1.0 + txty * txty;
    Ok((tx * (1.0 + ty * ty) / denom, ((ty / denom) * cx) * cx))
}

fn cos_(z: Complex) -> Outcome {
    cosh(times_i(z))
}

fn sin_(z: Complex) -> Outcome {
    sinh(times_i(z)).map(times_minus_i)
}

fn tan_(z: Complex) -> Outcome {
    tanh(times_i(z)).map(times_minus_i)
}

fn acos(z: Complex) -> Outcome {
    let (x, y) = z;
    if !is_finite(z) {
        if y.is_nan() {
            return Ok(if x == 0.0 {
                (FRAC_PI_2, NAN)
            } else if x.is_infinite() {
                (NAN, INF)
            } else {
                (NAN, NAN)
            });
        }
        if x.is_nan() {
            return Ok((NAN, if y.is_infinite() { -y } else { NAN }));
        }
        return Ok((phase_of((x, y.abs())), -INF.copysign(y)));
    }
    if x.abs() > LARGE || y.abs() > LARGE {
        let re = atan2(y.abs(), x);
        let l = log_hypot_large(x, y);
        let im = if x < 0.0 {
            -l.copysign(y)
        } else {
            l.copysign(-y)
        };
        return Ok((re, im));
    }
    let s1 = sqrt((1.0 - x, -y));
    let s2 = sqrt((1.0 + x, y));
    Ok((
        2.0 * atan2(s1.0, s2.0),
        real_asinh(s2.0 * s1.1 - s2.1 * s1.0),
    ))
}

fn acosh(z: Complex) -> Outcome {
    let (x, y) = z;
    if !is_finite(z) {
        // As log(2z): the same infinities and NaNs.
        return log(z);
    }
    if x.abs() > LARGE || y.abs() > LARGE {
        return Ok((log_hypot_large(x, y), atan2(y, x)));
    }
    let s1 = sqrt((x - 1.0, y));
    let s2 = sqrt((x + 1.0, y));
    Ok((
        real_asinh(s1.0 * s2.0 + s1.1 * s2.1),
        2.0 * atan2(s1.1, s2.0),
    ))
}

fn asinh(z: Complex) -> Outcome {
    let (x, y) = z;
    if !is_finite(z) {
        if x.is_nan() {
            return Ok(if y.is_infinite() {
                (INF, NAN)
            } else if y == 0.0 {
                (NAN, y)
            } else {
                (NAN, NAN)
            });
        }
        if y.is_nan() {
            return Ok((if x.is_infinite() { x } else { NAN }, NAN));
        }
        return Ok((INF.copysign(x), phase_of((x.abs(), y))));
    }
    if x.abs() > LARGE || y.abs() > LARGE {
        let l = log_hypot_large(x, y);
        let re = if y >= 0.0 {
            l.copysign(x)
        } else {
            -l.copysign(-x)
        };
        return Ok((re, atan2(y, x.abs())));
    }
    let s1 = sqrt((1.0 + y, -x));
    let s2 = sqrt((1.0 - y, x));
    Ok((
        real_asinh(s1.0 * s2.1 - s2.0 * s1.1),
        atan2(y, s1.0 * s2.0 - s1.1 * s2.1),
    ))
}

fn atanh(z: Complex) -> Outcome {
    let (x, y) = z;
    if !is_finite(z) {
        return Ok(if y.is_nan() {
            if x.is_infinite() || x == 0.0 {
                (0.0f64.copysign(x), NAN)
            } else {
                (NAN, NAN)
            }
        } else if x.is_nan() {
            if y.is_infinite() {
                (0.0, FRAC_PI_2.copysign(y))
            } else {
                (NAN, NAN)
            }
        } else {
            (0.0f64.copysign(x), FRAC_PI_2.copysign(y))
        });
    }
    if x < 0.0 {
        // atanh is odd: work in the right half-plane.
        return atanh(neg(z)).map(neg);
    }
    let ay = y.abs();
    if x > sqrt_large() || ay > sqrt_large() {
        // atanh(z) ~ 1/z +- i pi/2 for large |z|.
        let h = hypot(x / 2.0, y / 2.0);
        return Ok((x / 4.0 / h / h, -(FRAC_PI_2.copysign(-y))));
    }
    if x == 1.0 && ay < SQRT_MIN_POSITIVE {
        if ay == 0.0 {
            return Err(MathError::Domain);
        }
        return Ok((
            -real_log(ay.sqrt() / hypot(ay, 2.0).sqrt()),
            (atan2(2.0, -ay) / 2.0).copysign(y),
        ));
    }
    let one_minus_x = 1.0 - x;
    Ok((
        log1p(4.0 * x / (one_minus_x * one_minus_x + ay * ay)) / 4.0,
        -atan2(-2.0 * y, one_minus_x * (1.0 + x) - ay * ay) / 2.0,
    ))
}

fn asin(z: Complex) -> Outcome {
    asinh(times_i(z)).map(times_minus_i)
}

fn atan(z: Complex) -> Outcome {
    atanh(times_i(z)).map(times_minus_i)
}

/// `rect(r, phi)`: as `exp(log(r) + i*phi)` for a positive `r`, its negation for a
/// negative one.
fn rect(r: f64, phi: f64) -> Outcome {
    if !r.is_finite() || !phi.is_finite() {
        if r.is_infinite() && phi.is_finite() && phi != 0.0 {
            let (re, im) = (INF.copysign(cos(phi)), INF.copysign(sin(phi)));
            return Ok(if r > 0.0 { (re, im) } else { (-re, -im) });
        }
        if r != 0.0 && !r.is_nan() && phi.is_infinite() {
            return Err(MathError::Domain);
        }
        return Ok(if r.is_infinite() {
            if phi == 0.0 {
                (r, if r > 0.0 { phi } else { -phi })
            } else {
                (INF, NAN)
            }
        } else if r == 0.0 {
            (0.0, 0.0)
        } else if phi == 0.0 {
            (NAN, 0.0)
        } else {
            (NAN, NAN)
        });
    }
    if phi == 0.0 {
        return Ok((r, r * phi));
    }
    Ok((r * cos(phi), r * sin(phi)))
}

fn math_error(vm: &mut Vm, e: MathError) -> PyErr {
    match e {
        MathError::Domain => vm.new_value_error("math domain error".to_owned()),
        MathError::Range => vm.new_overflow_error("math range error".to_owned()),
    }
}

fn complex_result(vm: &mut Vm, r: Outcome) -> PyResult<Value> {
    match r {
        Ok((re, im)) => Ok(new_complex(vm, re, im)),
        Err(e) => Err(math_error(vm, e)),
    }
}

/// A complex argument as `PyComplex_AsCComplex` reads it: a complex, what
/// `__complex__` returns, or a real number.
fn complex_arg(vm: &mut Vm, v: &Value) -> PyResult<Complex> {
    if let Some(z) = as_complex(v) {
        return Ok(z);
    }
    if !matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_)) {
        if let Some(r) = abstract_::call_special(vm, v, "__complex__", &[])? {
            let Some(z) = as_complex(&r) else {
                return Err(vm.new_type_error(format!(
                    "__complex__ returned non-complex (type {})",
                    vm.type_name_of(&r)
                )));
            };
            if !Rc::ptr_eq(&vm.type_of(&r), &vm.types.complex) {
                let message = format!(
                    "__complex__ returned non-complex (type {}).  The ability to return an \
                     instance of a strict subclass of complex is deprecated, and may be \
                     removed in a future version of Python.",
                    vm.type_name_of(&r)
                );
                warn_ex(vm, Exc::DeprecationWarning, &message, 1)?;
            }
            return Ok(z);
        }
    }
    Ok((float_arg(vm, v)?, 0.0))
}

/// The one complex argument of `signature`.
fn one_complex(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<Complex> {
    let [z] = signature.bind_args(vm, args)?;
    complex_arg(vm, &given(z))
}

/// A one-argument function of `z`, with its signature and docstring.
macro_rules! complex_fn {
    ($name:literal, $f:expr, $doc:literal) => {{
        static SIGNATURE: Signature = Signature::of("cmath", $name, "($module, z, /)");
        MethodDef::staticmethod($name, |vm, args| {
            let z = one_complex(vm, &SIGNATURE, args)?;
            complex_result(vm, $f(z))
        })
        .with_signature(&SIGNATURE)
        .with_doc($doc)
    }};
}

static LOG: Signature = Signature::of("cmath", "log", "($module, z, base=<unrepresentable>, /)");
static PHASE: Signature = Signature::of("cmath", "phase", "($module, z, /)");
static POLAR: Signature = Signature::of("cmath", "polar", "($module, z, /)");
static RECT: Signature = Signature::of("cmath", "rect", "($module, r, phi, /)");
static ISFINITE: Signature = Signature::of("cmath", "isfinite", "($module, z, /)");
static ISNAN: Signature = Signature::of("cmath", "isnan", "($module, z, /)");
static ISINF: Signature = Signature::of("cmath", "isinf", "($module, z, /)");
static ISCLOSE: Signature = Signature::of(
    "cmath",
    "isclose",
    "($module, /, a, b, *, rel_tol=1e-09, abs_tol=0.0)",
);

static FUNCTIONS: [MethodDef; 23] = [
    complex_fn!("acos", acos, "Return the arc cosine of z."),
    complex_fn!("acosh", acosh, "Return the inverse hyperbolic cosine of z."),
    complex_fn!("asin", asin, "Return the arc sine of z."),
    complex_fn!("asinh", asinh, "Return the inverse hyperbolic sine of z."),
    complex_fn!("atan", atan, "Return the arc tangent of z."),
    complex_fn!(
        "atanh",
        atanh,
        "Return the inverse hyperbolic tangent of z."
    ),
    complex_fn!("cos", cos_, "Return the cosine of z."),
    complex_fn!("cosh", cosh, "Return the hyperbolic cosine of z."),
    complex_fn!("exp", exp, "Return the exponential value e**z."),
    MethodDef::staticmethod("isclose", cmath_isclose)
        .with_signature(&ISCLOSE)
        .with_doc(
            "Determine whether two complex numbers are close in value.\n\n  rel_tol\n    \
             maximum difference for being considered \"close\", relative to the\n    \
             magnitude of the input values\n  abs_tol\n    maximum difference for being \
             considered \"close\", regardless of the\n    magnitude of the input values\n\n\
             Return True if a is close in value to b, and False otherwise.\n\n\
             For the values to be considered close, the difference between them must be\n\
             smaller than at least one of the tolerances.\n\n\
             -inf, inf and NaN behave similarly to the IEEE 754 Standard. That is, NaN is\n\
             not close to anything, even itself. inf and -inf are only close to themselves.",
        ),
    MethodDef::staticmethod("isfinite", cmath_isfinite)
        .with_signature(&ISFINITE)
        .with_doc("Return True if both the real and imaginary parts of z are finite, else False."),
    MethodDef::staticmethod("isinf", cmath_isinf)
        .with_signature(&ISINF)
        .with_doc("Checks if the real or imaginary part of z is infinite."),
    MethodDef::staticmethod("isnan", cmath_isnan)
        .with_signature(&ISNAN)
        .with_doc("Checks if the real or imaginary part of z not a number (NaN)."),
    MethodDef::staticmethod("log", cmath_log)
        .with_signature(&LOG)
        .with_doc(
            "log(z[, base]) -> the logarithm of z to the given base.\n\n\
             If the base is not specified, returns the natural logarithm (base e) of z.",
        ),
    complex_fn!("log10", log10, "Return the base-10 logarithm of z."),
    MethodDef::staticmethod("phase", cmath_phase)
        .with_signature(&PHASE)
        .with_doc("Return argument, also known as the phase angle, of a complex."),
    MethodDef::staticmethod("polar", cmath_polar)
        .with_signature(&POLAR)
        .with_doc(
            "Convert a complex from rectangular coordinates to polar coordinates.\n\n\
             r is the distance from 0 and phi the phase angle.",
        ),
    MethodDef::staticmethod("rect", cmath_rect)
        .with_signature(&RECT)
        .with_doc("Convert from polar coordinates to rectangular coordinates."),
    complex_fn!("sin", sin_, "Return the sine of z."),
    complex_fn!("sinh", sinh, "Return the hyperbolic sine of z."),
    complex_fn!(
        "sqrt",
        |z| -> Outcome { Ok(sqrt(z)) },
        "Return the square root of z."
    ),
    complex_fn!("tan", tan_, "Return the tangent of z."),
    complex_fn!("tanh", tanh, "Return the hyperbolic tangent of z."),
];

/// `log(z[, base])`. The error is the one of the last logarithm taken, as CPython
/// keeps it in `errno`: `log(0, 2)` is `-inf+nanj`, `log(2, 0)` a domain error.
fn cmath_log(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [z, base] = LOG.bind_args(vm, args)?;
    let z = complex_arg(vm, &given(z))?;
    let (mut r, mut error) = log_with_error(z);
    if let Some(base) = base {
        let base = complex_arg(vm, &base)?;
        let (den, base_error) = log_with_error(base);
        error = base_error;
        match quot(r, den) {
            Some(q) => r = q,
            None => error = Some(MathError::Domain),
        }
    }
    match error {
        Some(e) => Err(math_error(vm, e)),
        None => Ok(new_complex(vm, r.0, r.1)),
    }
}

/// `phase(z)`. An angle that underflows to zero is a range error, as the C
/// library's `atan2` reports it through `errno` to CPython.
fn cmath_phase(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let z = one_complex(vm, &PHASE, args)?;
    let phi = phase_of(z);
    if phi == 0.0 && z.1 != 0.0 && is_finite(z) {
        return Err(math_error(vm, MathError::Range));
    }
    Ok(Value::Float(phi))
}

fn cmath_polar(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let z = one_complex(vm, &POLAR, args)?;
    let phi = phase_of(z);
    match modulus(z) {
        Ok(r) => Ok(vm.new_tuple(vec![Value::Float(r), Value::Float(phi)])),
        Err(e) => Err(math_error(vm, e)),
    }
}

fn cmath_rect(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [r, phi] = RECT.bind_args(vm, args)?;
    let r = float_arg(vm, &given(r))?;
    let phi = float_arg(vm, &given(phi))?;
    complex_result(vm, rect(r, phi))
}

fn cmath_isfinite(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let z = one_complex(vm, &ISFINITE, args)?;
    Ok(Value::Bool(is_finite(z)))
}

fn cmath_isnan(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = one_complex(vm, &ISNAN, args)?;
    Ok(Value::Bool(x.is_nan() || y.is_nan()))
}

fn cmath_isinf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = one_complex(vm, &ISINF, args)?;
    Ok(Value::Bool(x.is_infinite() || y.is_infinite()))
}

/// `isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)`: Boost's "weak" test on the
/// modulus of the difference.
fn cmath_isclose(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [a, b, rel_tol, abs_tol] = ISCLOSE.bind_args(vm, args)?;
    let a = complex_arg(vm, &given(a))?;
    let b = complex_arg(vm, &given(b))?;
    let rel_tol = match &rel_tol {
        Some(v) => float_arg(vm, v)?,
        None => 1e-9,
    };
    let abs_tol = match &abs_tol {
        Some(v) => float_arg(vm, v)?,
        None => 0.0,
    };
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(vm.new_value_error("tolerances must be non-negative".to_owned()));
    }
    if a == b {
        // Catches equal infinities, whose difference is a NaN.
        return Ok(Value::Bool(true));
    }
    if a.0.is_infinite() || a.1.is_infinite() || b.0.is_infinite() || b.1.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let abs = |z: Complex| modulus(z).unwrap_or(INF);
    let diff = abs((a.0 - b.0, a.1 - b.1));
    Ok(Value::Bool(
        diff <= rel_tol * abs(b) || diff <= rel_tol * abs(a) || diff <= abs_tol,
    ))
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "cmath");
    let Some(d) = module_dict(&m) else {
        return Err(vm.new_error(Exc::SystemError, "cmath: no module dict".to_owned()));
    };
    let doc =
        vm.new_str("This module provides access to mathematical functions for complex\nnumbers.");
    dict::dict_set_str(vm, &d, "__doc__", doc);
    for (name, x) in [
        ("pi", PI),
        ("e", E),
        ("tau", std::f64::consts::TAU),
        ("inf", INF),
        ("nan", NAN),
    ] {
        dict::dict_set_str(vm, &d, name, Value::Float(x));
    }
    let infj = new_complex(vm, 0.0, INF);
    dict::dict_set_str(vm, &d, "infj", infj);
    let nanj = new_complex(vm, 0.0, NAN);
    dict::dict_set_str(vm, &d, "nanj", nanj);
    add_module_functions(vm, &d, "cmath", &FUNCTIONS);
    Ok(m)
}
