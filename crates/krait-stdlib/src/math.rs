//! The `math` module (CPython's `Modules/mathmodule.c`).

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::dict;
use krait_vm::objects::function::{Args, FastCall};
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::{given, Signature};
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};

/// A real argument as `PyFloat_AsDouble` reads it.
pub(crate) fn float_arg(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    krait_vm::objects::float::as_double(vm, v)
}

fn domain_error(vm: &mut Vm) -> krait_vm::PyErr {
    vm.new_value_error("math domain error".to_owned())
}

fn range_error(vm: &mut Vm) -> krait_vm::PyErr {
    vm.new_overflow_error("math range error".to_owned())
}

/// A one-argument float function, with CPython's domain and range errors: a NaN
/// from a non-NaN is a domain error, an infinity from a finite value a range error
/// (`can_overflow`) or a domain error.
fn unary_of(vm: &mut Vm, x: &Value, f: fn(f64) -> f64, can_overflow: bool) -> PyResult<Value> {
    let x = float_arg(vm, x)?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error(vm));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            range_error(vm)
        } else {
            domain_error(vm)
        });
    }
    Ok(Value::Float(r))
}

/// The table entry of a one-argument float function, with its signature.
macro_rules! unary_fn {
    ($name:literal, $f:expr, $can_overflow:expr) => {{
        static SIGNATURE: Signature = Signature::of("math", $name, "($module, x, /)").with_fast(
            FastCall::new(1, 1, |vm, args| unary_of(vm, &args[0], $f, $can_overflow)),
        );
        MethodDef::staticmethod($name, |vm, args| {
            let [x] = SIGNATURE.bind_args(vm, args)?;
            unary_of(vm, &given(x), $f, $can_overflow)
        })
        .with_signature(&SIGNATURE)
    }};
}

/// The C library's functions where CPython calls them, so results agree to the last
/// bit with python3.11 on the same platform. They are looked up in the shared libm
/// (the statically linked Rust runtime carries software versions under the same
/// names, which differ in the last bit); Rust's own versions serve if that fails.
mod libm {
    use std::ffi::{c_char, c_int, c_void};
    use std::sync::OnceLock;

    extern "C" {
        fn dlopen(filename: *const c_char, flag: c_int) -> *mut c_void;
        fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    }

    type Unary = extern "C" fn(f64) -> f64;
    type Binary = extern "C" fn(f64, f64) -> f64;

    const RTLD_NOW: c_int = 2;

    struct Handle(usize);

    fn library() -> usize {
        static LIB: OnceLock<Handle> = OnceLock::new();
        LIB.get_or_init(|| {
            // SAFETY: dlopen with a NUL-terminated name; a null result is handled.
            let h = unsafe { dlopen(c"libm.so.6".as_ptr(), RTLD_NOW) };
            Handle(h as usize)
        })
        .0
    }

    fn symbol(name: &std::ffi::CStr) -> usize {
        let lib = library();
        if lib == 0 {
            return 0;
        }
        // SAFETY: a valid handle from dlopen and a NUL-terminated name.
        unsafe { dlsym(lib as *mut c_void, name.as_ptr()) as usize }
    }

    pub fn unary(
        cache: &OnceLock<usize>,
        name: &std::ffi::CStr,
        fallback: fn(f64) -> f64,
        x: f64,
    ) -> f64 {
        let f = *cache.get_or_init(|| symbol(name));
        if f == 0 {
            return fallback(x);
        }
        // SAFETY: the address of libm's `double f(double)` found by dlsym.
        let f: Unary = unsafe { std::mem::transmute::<usize, Unary>(f) };
        f(x)
    }

    pub fn binary(
        cache: &OnceLock<usize>,
        name: &std::ffi::CStr,
        fallback: fn(f64, f64) -> f64,
        x: f64,
        y: f64,
    ) -> f64 {
        let f = *cache.get_or_init(|| symbol(name));
        if f == 0 {
            return fallback(x, y);
        }
        // SAFETY: the address of libm's `double f(double, double)` found by dlsym.
        let f: Binary = unsafe { std::mem::transmute::<usize, Binary>(f) };
        f(x, y)
    }
}

macro_rules! libm_fns {
    ($($name:ident = $sym:literal or $fallback:expr),* $(,)?) => {
        $(pub(crate) fn $name(x: f64) -> f64 {
            static CACHE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
            libm::unary(&CACHE, $sym, $fallback, x)
        })*
    };
}
libm_fns!(
    erf = c"erf" or |x| x,
    erfc = c"erfc" or |x| 1.0 - x,
    cbrt = c"cbrt" or f64::cbrt,
    expm1 = c"expm1" or f64::exp_m1,
    sinh = c"sinh" or f64::sinh,
    cosh = c"cosh" or f64::cosh,
    tanh = c"tanh" or f64::tanh,
    asinh = c"asinh" or f64::asinh,
    acosh = c"acosh" or f64::acosh,
    atanh = c"atanh" or f64::atanh,
    tan = c"tan" or f64::tan,
    asin = c"asin" or f64::asin,
    acos = c"acos" or f64::acos,
    atan = c"atan" or f64::atan,
    exp2 = c"exp2" or f64::exp2,
    log1p_raw = c"log1p" or f64::ln_1p,
    sin = c"sin" or f64::sin,
    cos = c"cos" or f64::cos,
    exp = c"exp" or f64::exp,
    log = c"log" or f64::ln,
);

/// `log1p`, keeping the sign of a zero argument.
pub(crate) fn log1p(x: f64) -> f64 {
    if x == 0.0 {
        return x;
    }
    log1p_raw(x)
}

pub(crate) fn atan2(y: f64, x: f64) -> f64 {
    static CACHE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    libm::binary(&CACHE, c"atan2", f64::atan2, y, x)
}

pub(crate) fn hypot(x: f64, y: f64) -> f64 {
    static CACHE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    libm::binary(&CACHE, c"hypot", f64::hypot, x, y)
}

const PI: f64 = std::f64::consts::PI;

fn degrees(x: f64) -> f64 {
    x * (180.0 / PI)
}

fn radians(x: f64) -> f64 {
    x * (PI / 180.0)
}
const LOG_PI: f64 = 1.144_729_885_849_400_2;

/// `sin(pi * x)`, reduced first so integers give exact zeros.
fn sin_pi(x: f64) -> f64 {
    let y = x.abs() % 2.0;
    let r = match (2.0 * y).round() as i32 {
        0 => (PI * y).sin(),
        1 => (PI * (y - 0.5)).cos(),
        2 => (PI * (1.0 - y)).sin(),
        3 => -(PI * (y - 1.5)).cos(),
        _ => (PI * (y - 2.0)).sin(),
    };
    1.0f64.copysign(x) * r
}

// The Lanczos approximation (Boost's `lanczos13m53`: N = 13, g ~ 6.0247) used by
// CPython for `gamma` and `lgamma`; the constants are written as published.
#[allow(clippy::excessive_precision)]
const LANCZOS_G: f64 = 6.024_680_040_776_729_583_740_234_375;
#[allow(clippy::excessive_precision)]
const LANCZOS_G_MINUS_HALF: f64 = 5.524_680_040_776_729_583_740_234_375;
#[allow(clippy::excessive_precision)]
const LANCZOS_NUM: [f64; 13] = [
    23531376880.41076,
    42919803642.6491,
    35711959237.35567,
    17921034426.03721,
    6039542586.352028,
    1439720407.3117216,
    248874557.86205417,
    31426415.585400194,
    2876370.6289353725,
    186056.26539522348,
    8071.672002365816,
    210.82427775157936,
    2.5066282746310002,
];
/// The denominator `x (x+1) ... (x+11)` expanded.
const LANCZOS_DEN: [f64; 13] = [
    0.0,
    39_916_800.0,
    120_543_840.0,
    150_917_976.0,
    105_258_076.0,
    45_995_730.0,
    13_339_535.0,
    2_637_558.0,
    357_423.0,
    32_670.0,
    1_925.0,
    66.0,
    1.0,
];

fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0f64, 0.0f64);
    if x < 5.0 {
        for i in (0..13).rev() {
            num = num * x + LANCZOS_NUM[i];
            den = den * x + LANCZOS_DEN[i];
        }
    } else {
        // In 1/x, to avoid overflow for large x.
        for i in 0..13 {
            num = num / x + LANCZOS_NUM[i];
            den = den / x + LANCZOS_DEN[i];
        }
    }
    num / den
}

fn gamma(x: f64) -> f64 {
    if !x.is_finite() {
        return if x.is_nan() || x > 0.0 { x } else { f64::NAN };
    }
    if x == 0.0 {
        // A pole: reported as a domain error by the caller's NaN check.
        return f64::NAN;
    }
    if x == x.floor() {
        if x < 0.0 {
            return f64::NAN;
        }
        if x <= 23.0 {
            let mut f = 1.0f64;
            for k in 2..(x as u32) {
                f *= k as f64;
            }
            return f;
        }
    }
    let ax = x.abs();
    if ax < 1e-20 {
        return 1.0 / x;
    }
    if ax > 200.0 {
        return if x < 0.0 {
            0.0 / sin_pi(x)
        } else {
            f64::INFINITY
        };
    }
    let y = ax + LANCZOS_G_MINUS_HALF;
    // The rounding error in y, carried as a correction.
    let z = if ax > LANCZOS_G_MINUS_HALF {
        (y - ax) - LANCZOS_G_MINUS_HALF
    } else {
        (y - LANCZOS_G_MINUS_HALF) - ax
    };
    let z = z * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -PI / sin_pi(ax) / ax * y.exp() / lanczos_sum(ax);
        r -= z * r;
        if ax < 140.0 {
            r /= y.powf(ax - 0.5);
        } else {
            let half = y.powf(ax / 2.0 - 0.25);
            r /= half;
            r /= half;
        }
    } else {
        r = lanczos_sum(ax) / y.exp();
        r += z * r;
        if ax < 140.0 {
            r *= y.powf(ax - 0.5);
        } else {
            let half = y.powf(ax / 2.0 - 0.25);
            r *= half;
            r *= half;
        }
    }
    r
}

fn lgamma(x: f64) -> f64 {
    if !x.is_finite() {
        return if x.is_nan() { x } else { f64::INFINITY };
    }
    if x == x.floor() && x <= 2.0 {
        // Poles at the non-positive integers: a domain error for the caller.
        return if x <= 0.0 { f64::NAN } else { 0.0 };
    }
    let ax = x.abs();
    if ax < 1e-20 {
        return -ax.ln();
    }
    let mut r = lanczos_sum(ax).ln() - LANCZOS_G;
    r += (ax - 0.5) * ((ax + LANCZOS_G - 0.5).ln() - 1.0);
    if x < 0.0 {
        r = LOG_PI - sin_pi(ax).abs().ln() - ax.ln() - r;
    }
    r
}

/// `frexp` for any float: `(m, e)` with `0.5 <= |m| < 1`, `(x, 0)` for 0, inf, nan.
fn frexp(x: f64) -> (f64, i64) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (x, extra) = if x.abs() < f64::MIN_POSITIVE {
        (x * 2f64.powi(54), -54)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022 + extra)
}

/// The Euclidean norm of `v`, as CPython's `vector_norm`: scaled, with the squares
/// summed exactly enough and one correction step.
fn vector_norm(v: &[f64]) -> f64 {
    let mut max = 0.0f64;
    let mut found_nan = false;
    for &x in v {
        let x = x.abs();
        if x.is_nan() {
            found_nan = true;
        }
        if x > max {
            max = x;
        }
    }
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || v.len() <= 1 {
        return max;
    }
    let (_, max_e) = frexp(max);
    let scale = |x: f64| krait_vm::objects::float::ldexp(x, -max_e);
    let (mut sum, mut comp) = (0.0f64, 0.0f64);
    for &x in v {
        let x = scale(x.abs());
        let sq = x * x;
        let sq_err = x.mul_add(x, -sq);
        for term in [sq, sq_err] {
            let t = sum + term;
            comp += if sum.abs() >= term.abs() {
                (sum - t) + term
            } else {
                (term - t) + sum
            };
            sum = t;
        }
    }
    let total = sum + comp;
    let mut h = total.sqrt();
    // One Newton step on the exact residual.
    let residual = (-h).mul_add(h, sum) + comp;
    h += residual / (2.0 * h);
    krait_vm::objects::float::ldexp(h, max_e)
}

/// `math.fsum`: Shewchuk's exact partials, correctly rounded.
fn fsum(vm: &mut Vm, items: Vec<Value>) -> PyResult<f64> {
    let mut partials: Vec<f64> = Vec::new();
    let (mut special_sum, mut inf_sum) = (0.0f64, 0.0f64);
    for item in items {
        let mut x = float_arg(vm, &item)?;
        let xsave = x;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(vm.new_overflow_error("intermediate overflow in fsum".to_owned()));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(vm.new_value_error("-inf + inf in fsum".to_owned()));
        }
        return Ok(special_sum);
    }
    let mut n = partials.len();
    let mut hi = 0.0f64;
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0f64;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(hi)
}

/// `log` of an int or float, exact enough for ints beyond the float range.
fn log_of(vm: &mut Vm, v: &Value, f: fn(f64) -> f64) -> PyResult<f64> {
    if let Some(n) = krait_vm::objects::int::as_big(v) {
        if !n.is_positive() {
            return Err(domain_error(vm));
        }
        if let Some(x) = n.to_f64().filter(|x| x.is_finite()) {
            return Ok(f(x));
        }
        // n = m * 2**e with m in [0.5, 1).
        let e = n.bits() as i64;
        let shift = e - 60;
        let top = (&n >> shift as usize).to_f64().unwrap_or(1.0) / 2f64.powi(60);
        return Ok(f(top) + f(2.0) * e as f64);
    }
    let x = float_arg(vm, v)?;
    if x.is_nan() || x == f64::INFINITY {
        return Ok(x);
    }
    if x <= 0.0 {
        return Err(domain_error(vm));
    }
    Ok(f(x))
}

/// IEEE 754 remainder: `x - n*y` with `n` the nearest integer to `x/y`, ties to even.
fn remainder(x: f64, y: f64) -> Option<f64> {
    if x.is_nan() || y.is_nan() {
        return Some(f64::NAN);
    }
    if x.is_infinite() || y == 0.0 {
        return None;
    }
    if y.is_infinite() {
        return Some(x);
    }
    let (ax, ay) = (x.abs(), y.abs());
    let m = ax % ay;
    let c = ay - m;
    let r = if m < c {
        m
    } else if m > c {
        -c
    } else {
        m - 2.0 * ((0.5 * (ax - m)) % ay)
    };
    Some(1.0f64.copysign(x) * r)
}

/// `n (n-1) ... (n-k+1)`: by binary splitting when `n` is machine-sized.
fn falling_product(n: &BigInt, k: u64) -> BigInt {
    if let Some(top) = n.to_u64().filter(|t| *t < u64::MAX) {
        return range_product(top - k + 1, top + 1);
    }
    let mut acc = BigInt::from(1);
    for i in 0..k {
        acc *= n - i;
    }
    acc
}

/// The product of the integers in `lo..hi`, by binary splitting.
fn range_product(lo: u64, hi: u64) -> BigInt {
    if hi.saturating_sub(lo) <= 16 {
        let mut acc = BigInt::from(1);
        for i in lo..hi {
            acc *= i;
        }
        return acc;
    }
    let mid = lo + (hi - lo) / 2;
    range_product(lo, mid) * range_product(mid, hi)
}

/// `math.floor` (`up` false) and `math.ceil` (`up` true): ints as they are, else
/// the special `method`, else the value as a float rounded.
fn rounding(vm: &mut Vm, v: &Value, method: &'static str, up: bool) -> PyResult<Value> {
    if krait_vm::objects::int::is_int(v) {
        return krait_vm::objects::int::int_from_value(vm, v);
    }
    if !matches!(v, Value::Float(_)) {
        if let Some(r) = abstract_::call_special(vm, v, method, &[])? {
            return Ok(r);
        }
    }
    let x = float_arg(vm, v)?;
    // Within a machine int: a truncation and a step, without the library's
    // `floor`/`ceil`.
    if x.abs() < 9.2e18 {
        let truncated = x as i64;
        let t = truncated as f64;
        let step = match up {
            true => i64::from(t < x),
            false => -i64::from(t > x),
        };
        return Ok(Value::Int(truncated + step));
    }
    let rounded = if up { x.ceil() } else { x.floor() };
    krait_vm::objects::int::float_to_int(vm, rounded)
}

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    if let Value::Float(_) = v {
        return Err(
            vm.new_type_error("'float' object cannot be interpreted as an integer".to_owned())
        );
    }
    let i = abstract_::index(vm, v)?;
    Ok(krait_vm::objects::int::as_big(&i).unwrap_or_default())
}

/// The next float after `x` towards `y`.
fn next_after(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    let up = (y > x) == (x > 0.0);
    f64::from_bits(if up { bits + 1 } else { bits - 1 })
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
    add_module_functions(vm, &d, "math", &FUNCTIONS);
    Ok(m)
}

static FLOOR: Signature =
    Signature::of("math", "floor", "($module, x, /)").with_fast(FastCall::new(1, 1, |vm, args| {
        rounding(vm, &args[0], "__floor__", false)
    }));
static CEIL: Signature =
    Signature::of("math", "ceil", "($module, x, /)").with_fast(FastCall::new(1, 1, |vm, args| {
        rounding(vm, &args[0], "__ceil__", true)
    }));
static TRUNC: Signature = Signature::of("math", "trunc", "($module, x, /)");
/// `log` counts its arguments itself ("math.log requires 1 to 2 arguments"); as a
/// `METH_VARARGS` function it refuses keywords under its bare name.
static LOG: Signature = Signature::new("log", "(*args)").not_listed();
static LOG2: Signature = Signature::of("math", "log2", "($module, x, /)");
static LOG10: Signature = Signature::of("math", "log10", "($module, x, /)");
static POW: Signature = Signature::of("math", "pow", "($module, x, y, /)");
static ATAN2: Signature = Signature::of("math", "atan2", "($module, y, x, /)");
static HYPOT: Signature = Signature::unlisted("math", "hypot", "(*coordinates)");
static DIST: Signature = Signature::of("math", "dist", "($module, p, q, /)");
static COPYSIGN: Signature = Signature::of("math", "copysign", "($module, x, y, /)");
static FMOD: Signature = Signature::of("math", "fmod", "($module, x, y, /)");
static REMAINDER: Signature = Signature::of("math", "remainder", "($module, x, y, /)");
static NEXTAFTER: Signature = Signature::of("math", "nextafter", "($module, x, y, /)");
static ULP: Signature = Signature::of("math", "ulp", "($module, x, /)");
static ISNAN: Signature = Signature::of("math", "isnan", "($module, x, /)");
static ISINF: Signature = Signature::of("math", "isinf", "($module, x, /)");
static ISFINITE: Signature = Signature::of("math", "isfinite", "($module, x, /)");
static ISCLOSE: Signature = Signature::of(
    "math",
    "isclose",
    "($module, /, a, b, *, rel_tol=1e-09, abs_tol=0.0)",
);
static GCD: Signature = Signature::of("math", "gcd", "($module, *integers)");
static LCM: Signature = Signature::of("math", "lcm", "($module, *integers)");
static FACTORIAL: Signature = Signature::of("math", "factorial", "($module, n, /)");
static ISQRT: Signature = Signature::of("math", "isqrt", "($module, n, /)");
static COMB: Signature = Signature::of("math", "comb", "($module, n, k, /)");
static PERM: Signature = Signature::of("math", "perm", "($module, n, k=None, /)");
static FSUM: Signature = Signature::of("math", "fsum", "($module, seq, /)");
static PROD: Signature = Signature::of("math", "prod", "($module, iterable, /, *, start=1)");
static MODF: Signature = Signature::of("math", "modf", "($module, x, /)");
static FREXP: Signature = Signature::of("math", "frexp", "($module, x, /)");
static LDEXP: Signature = Signature::of("math", "ldexp", "($module, x, i, /)");

static FUNCTIONS: [MethodDef; 55] = [
    unary_fn!("sqrt", f64::sqrt, false),
    unary_fn!("exp", f64::exp, true),
    unary_fn!("sin", f64::sin, false),
    unary_fn!("cos", f64::cos, false),
    unary_fn!("tan", tan, false),
    unary_fn!("asin", asin, false),
    unary_fn!("acos", acos, false),
    unary_fn!("atan", atan, false),
    unary_fn!("sinh", sinh, true),
    unary_fn!("cosh", cosh, true),
    unary_fn!("tanh", tanh, false),
    unary_fn!("asinh", asinh, false),
    unary_fn!("acosh", acosh, false),
    unary_fn!("atanh", atanh, false),
    unary_fn!("fabs", f64::abs, false),
    unary_fn!("log1p", log1p, false),
    unary_fn!("expm1", expm1, true),
    unary_fn!("degrees", degrees, false),
    unary_fn!("radians", radians, false),
    unary_fn!("exp2", exp2, true),
    unary_fn!("cbrt", cbrt, false),
    unary_fn!("erf", erf, false),
    unary_fn!("erfc", erfc, false),
    unary_fn!("gamma", gamma, true),
    unary_fn!("lgamma", lgamma, true),
    MethodDef::staticmethod("floor", math_floor).with_signature(&FLOOR),
    MethodDef::staticmethod("ceil", math_ceil).with_signature(&CEIL),
    MethodDef::staticmethod("trunc", math_trunc).with_signature(&TRUNC),
    MethodDef::staticmethod("log", math_log).with_signature(&LOG),
    MethodDef::staticmethod("log2", math_log2).with_signature(&LOG2),
    MethodDef::staticmethod("log10", math_log10).with_signature(&LOG10),
    MethodDef::staticmethod("pow", math_pow).with_signature(&POW),
    MethodDef::staticmethod("atan2", math_atan2).with_signature(&ATAN2),
    MethodDef::staticmethod("hypot", math_hypot).with_signature(&HYPOT),
    MethodDef::staticmethod("dist", math_dist).with_signature(&DIST),
    MethodDef::staticmethod("copysign", math_copysign).with_signature(&COPYSIGN),
    MethodDef::staticmethod("fmod", math_fmod).with_signature(&FMOD),
    MethodDef::staticmethod("remainder", math_remainder).with_signature(&REMAINDER),
    MethodDef::staticmethod("nextafter", math_nextafter).with_signature(&NEXTAFTER),
    MethodDef::staticmethod("ulp", math_ulp).with_signature(&ULP),
    MethodDef::staticmethod("isnan", math_isnan).with_signature(&ISNAN),
    MethodDef::staticmethod("isinf", math_isinf).with_signature(&ISINF),
    MethodDef::staticmethod("isfinite", math_isfinite).with_signature(&ISFINITE),
    MethodDef::staticmethod("isclose", math_isclose).with_signature(&ISCLOSE),
    MethodDef::staticmethod("gcd", math_gcd).with_signature(&GCD),
    MethodDef::staticmethod("lcm", math_lcm).with_signature(&LCM),
    MethodDef::staticmethod("factorial", math_factorial).with_signature(&FACTORIAL),
    MethodDef::staticmethod("isqrt", math_isqrt).with_signature(&ISQRT),
    MethodDef::staticmethod("comb", math_comb).with_signature(&COMB),
    MethodDef::staticmethod("perm", math_perm).with_signature(&PERM),
    MethodDef::staticmethod("fsum", math_fsum).with_signature(&FSUM),
    MethodDef::staticmethod("prod", math_prod).with_signature(&PROD),
    MethodDef::staticmethod("modf", math_modf).with_signature(&MODF),
    MethodDef::staticmethod("frexp", math_frexp).with_signature(&FREXP),
    MethodDef::staticmethod("ldexp", math_ldexp).with_signature(&LDEXP),
];

/// The one float argument of `signature`.
fn one_float(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<f64> {
    let [x] = signature.bind_args(vm, args)?;
    float_arg(vm, &given(x))
}

/// The two float arguments of `signature`.
fn two_floats(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<(f64, f64)> {
    let [x, y] = signature.bind_args(vm, args)?;
    Ok((float_arg(vm, &given(x))?, float_arg(vm, &given(y))?))
}

fn math_floor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [x] = FLOOR.bind_args(vm, args)?;
    rounding(vm, &given(x), "__floor__", false)
}

fn math_ceil(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [x] = CEIL.bind_args(vm, args)?;
    rounding(vm, &given(x), "__ceil__", true)
}

fn math_trunc(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [x] = TRUNC.bind_args(vm, args)?;
    let v = given(x);
    if let Value::Float(x) = v {
        return krait_vm::objects::int::float_to_int(vm, x.trunc());
    }
    match abstract_::call_special(vm, &v, "__trunc__", &[])? {
        Some(r) => Ok(r),
        None => Err(vm.new_type_error(format!(
            "type {} doesn't define __trunc__ method",
            vm.type_name_of(&v)
        ))),
    }
}

fn math_log(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = LOG.bind_all::<0>(vm, args)?;
    let mut values = bound.args.into_iter();
    let (Some(x), base, None) = (values.next(), values.next(), values.next()) else {
        return Err(vm.new_type_error("math.log requires 1 to 2 arguments".to_owned()));
    };
    let num = log_of(vm, &x, f64::ln)?;
    let Some(base) = base else {
        return Ok(Value::Float(num));
    };
    let den = log_of(vm, &base, f64::ln)?;
    if den == 0.0 {
        return Err(vm.new_zero_division_error("float division by zero".to_owned()));
    }
    Ok(Value::Float(num / den))
}

fn math_log2(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [x] = LOG2.bind_args(vm, args)?;
    Ok(Value::Float(log_of(vm, &given(x), f64::log2)?))
}

fn math_log10(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [x] = LOG10.bind_args(vm, args)?;
    Ok(Value::Float(log_of(vm, &given(x), f64::log10)?))
}

fn math_pow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &POW, args)?;
    let r = x.powf(y);
    if x.is_finite() && y.is_finite() {
        if r.is_nan() {
            return Err(domain_error(vm));
        }
        if r.is_infinite() {
            return Err(if x == 0.0 {
                domain_error(vm)
            } else {
                range_error(vm)
            });
        }
    }
    Ok(Value::Float(r))
}

fn math_atan2(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (y, x) = two_floats(vm, &ATAN2, args)?;
    Ok(Value::Float(atan2(y, x)))
}

fn math_hypot(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = HYPOT.bind_all::<0>(vm, args)?;
    let mut coords = Vec::with_capacity(bound.args.len());
    for v in &bound.args {
        coords.push(float_arg(vm, v)?);
    }
    Ok(Value::Float(vector_norm(&coords)))
}

fn math_dist(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [p, q] = DIST.bind_args(vm, args)?;
    let p = abstract_::collect_iterable(vm, &given(p))?;
    let q = abstract_::collect_iterable(vm, &given(q))?;
    if p.len() != q.len() {
        return Err(
            vm.new_value_error("both points must have the same number of dimensions".to_owned())
        );
    }
    let mut diffs = Vec::with_capacity(p.len());
    for (a, b) in p.iter().zip(&q) {
        diffs.push(float_arg(vm, a)? - float_arg(vm, b)?);
    }
    Ok(Value::Float(vector_norm(&diffs)))
}

fn math_copysign(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &COPYSIGN, args)?;
    Ok(Value::Float(x.copysign(y)))
}

fn math_fmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &FMOD, args)?;
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::Float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error(vm));
    }
    Ok(Value::Float(r))
}

fn math_remainder(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &REMAINDER, args)?;
    match remainder(x, y) {
        Some(r) => Ok(Value::Float(r)),
        None => Err(domain_error(vm)),
    }
}

fn math_nextafter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &NEXTAFTER, args)?;
    Ok(Value::Float(next_after(x, y)))
}

fn math_ulp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = one_float(vm, &ULP, args)?.abs();
    if x.is_nan() || x.is_infinite() {
        return Ok(Value::Float(x));
    }
    let up = next_after(x, f64::INFINITY);
    if up.is_infinite() {
        return Ok(Value::Float(x - next_after(x, 0.0)));
    }
    Ok(Value::Float(up - x))
}

fn math_isnan(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(one_float(vm, &ISNAN, args)?.is_nan()))
}

fn math_isinf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(one_float(vm, &ISINF, args)?.is_infinite()))
}

fn math_isfinite(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(one_float(vm, &ISFINITE, args)?.is_finite()))
}

fn math_isclose(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [a, b, rel_tol, abs_tol] = ISCLOSE.bind_args(vm, args)?;
    let a = float_arg(vm, &given(a))?;
    let b = float_arg(vm, &given(b))?;
    let rel = match &rel_tol {
        Some(v) => float_arg(vm, v)?,
        None => 1e-9,
    };
    let abs = match &abs_tol {
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
}

fn math_gcd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = GCD.bind_all::<0>(vm, args)?;
    let mut acc = BigInt::zero();
    for v in &bound.args {
        let n = int_arg(vm, v)?;
        acc = num_integer::Integer::gcd(&acc, &n);
    }
    Ok(vm.new_big_int(acc))
}

fn math_lcm(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = LCM.bind_all::<0>(vm, args)?;
    let mut acc = BigInt::from(1);
    for v in &bound.args {
        let n = int_arg(vm, v)?;
        acc = num_integer::Integer::lcm(&acc, &n);
    }
    Ok(vm.new_big_int(acc))
}

fn math_factorial(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [n] = FACTORIAL.bind_args(vm, args)?;
    let n = int_arg(vm, &given(n))?;
    if n.is_negative() {
        return Err(vm.new_value_error("factorial() not defined for negative values".to_owned()));
    }
    let Some(n) = n.to_i64() else {
        return Err(vm.new_overflow_error(format!(
            "factorial() argument should not exceed {}",
            i64::MAX
        )));
    };
    Ok(vm.new_big_int(range_product(2, n as u64 + 1)))
}

fn math_isqrt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [n] = ISQRT.bind_args(vm, args)?;
    let n = int_arg(vm, &given(n))?;
    if n.is_negative() {
        return Err(vm.new_value_error("isqrt() argument must be nonnegative".to_owned()));
    }
    Ok(vm.new_big_int(n.sqrt()))
}

/// The `n` and `k` of `comb` and `perm`, both non-negative.
fn n_and_k(vm: &mut Vm, n: BigInt, k: BigInt) -> PyResult<(BigInt, BigInt)> {
    if n.is_negative() {
        return Err(vm.new_value_error("n must be a non-negative integer".to_owned()));
    }
    if k.is_negative() {
        return Err(vm.new_value_error("k must be a non-negative integer".to_owned()));
    }
    Ok((n, k))
}

fn math_comb(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [n, k] = COMB.bind_args(vm, args)?;
    let n = int_arg(vm, &given(n))?;
    let k = int_arg(vm, &given(k))?;
    let (n, k) = n_and_k(vm, n, k)?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = k.clone().min(&n - &k);
    // CPython keeps `k` in a C long.
    let Some(k) = k.to_i64().map(|k| k as u64) else {
        return Err(vm.new_overflow_error(format!("min(n - k, k) must not exceed {}", i64::MAX)));
    };
    Ok(vm.new_big_int(falling_product(&n, k) / range_product(2, k + 1)))
}

fn math_perm(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [n, k] = PERM.bind_args(vm, args)?;
    let n = int_arg(vm, &given(n))?;
    let k = match &k {
        Some(k) if !k.is_none() => int_arg(vm, k)?,
        _ => n.clone(),
    };
    let (n, k) = n_and_k(vm, n, k)?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let Some(k) = k.to_i64().map(|k| k as u64) else {
        return Err(vm.new_overflow_error(format!("k must not exceed {}", i64::MAX)));
    };
    Ok(vm.new_big_int(falling_product(&n, k)))
}

fn math_fsum(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [seq] = FSUM.bind_args(vm, args)?;
    let items = abstract_::collect_iterable(vm, &given(seq))?;
    Ok(Value::Float(fsum(vm, items)?))
}

fn math_prod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [iterable, start] = PROD.bind_args(vm, args)?;
    let mut acc = start.unwrap_or(Value::Int(1));
    let items = abstract_::collect_iterable(vm, &given(iterable))?;
    for item in items {
        acc = abstract_::binary_op(vm, &acc, &item, 5)?;
    }
    Ok(acc)
}

fn math_modf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = one_float(vm, &MODF, args)?;
    if x.is_infinite() {
        return Ok(vm.new_tuple(vec![Value::Float(0.0f64.copysign(x)), Value::Float(x)]));
    }
    let i = x.trunc();
    Ok(vm.new_tuple(vec![Value::Float((x - i).copysign(x)), Value::Float(i)]))
}

fn math_frexp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = one_float(vm, &FREXP, args)?;
    let (m, e) = frexp(x);
    Ok(vm.new_tuple(vec![Value::Float(m), Value::Int(e)]))
}

fn math_ldexp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [x, i] = LDEXP.bind_args(vm, args)?;
    let x = float_arg(vm, &given(x))?;
    let ev = given(i);
    if !krait_vm::objects::int::is_int(&ev) {
        return Err(vm.new_type_error("Expected an int as second argument to ldexp.".to_owned()));
    }
    let e = krait_vm::objects::int::as_big(&ev).unwrap_or_default();
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::Float(x));
    }
    let e = e.to_i64().unwrap_or(if e.is_negative() {
        i64::MIN / 2
    } else {
        i64::MAX / 2
    });
    let e = e.clamp(-1_000_000, 1_000_000);
    let r = krait_vm::objects::float::ldexp(x, e);
    if r.is_infinite() {
        return Err(range_error(vm));
    }
    Ok(Value::Float(r))
}
