//! The `_statistics` module (CPython's `Modules/_statisticsmodule.c`): the inverse
//! of the normal distribution's cumulative distribution function, which
//! `statistics.NormalDist.inv_cdf` uses when this module is there.
//!
//! No closed form exists; this is the rational approximation of Wichura's
//! Algorithm AS241 ("The Percentage Points of the Normal Distribution", Applied
//! Statistics 37 (3), 1988), accurate to about 1 part in 10^16. The polynomials are
//! evaluated highest power first, as the published algorithm writes them, so the
//! results are the same bits as CPython's.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{ObjRef, PyResult, Value, Vm};

static NORMAL_DIST_INV_CDF: Signature = Signature::of(
    "_statistics",
    "_normal_dist_inv_cdf",
    "($module, p, mu, sigma, /)",
);

static FUNCTIONS: [MethodDef; 1] =
    [
        MethodDef::staticmethod("_normal_dist_inv_cdf", normal_dist_inv_cdf)
            .with_signature(&NORMAL_DIST_INV_CDF),
    ];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_statistics");
    let d = module_dict(&m).expect("a module");
    add_module_functions(vm, &d, "_statistics", &FUNCTIONS);
    let doc = vm.new_str("Accelerators for the statistics module.\n");
    krait_vm::objects::dict::dict_set_str(vm, &d, "__doc__", doc);
    Ok(m)
}

fn normal_dist_inv_cdf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [p, mu, sigma] = NORMAL_DIST_INV_CDF.bind_args(vm, args)?;
    let mut real = |v: Option<Value>| crate::math::float_arg(vm, &v.unwrap_or(Value::None));
    let (p, mu, sigma) = (real(p)?, real(mu)?, real(sigma)?);
    // A NaN passes these tests (and makes a NaN result), as in CPython.
    if p <= 0.0 || p >= 1.0 || sigma <= 0.0 {
        return Err(vm.new_value_error("inv_cdf undefined for these parameters".to_owned()));
    }
    Ok(Value::Float(mu + standard_normal_quantile(p) * sigma))
}

/// The point below which a standard normal variable falls with probability `p`,
/// for `p` in (0, 1).
fn standard_normal_quantile(p: f64) -> f64 {
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        // The central region: a ratio of polynomials in q².
        let r = 0.180625 - q * q;
        return q * horner(&CENTRAL_NUMERATOR, r) / horner(&CENTRAL_DENOMINATOR, r);
    }
    // The tails: polynomials in sqrt(-ln(tail probability)).
    let tail = if q <= 0.0 { p } else { 1.0 - p };
    let r = (-tail.ln()).sqrt();
    let x = if r <= 5.0 {
        let r = r - 1.6;
        horner(&NEAR_NUMERATOR, r) / horner(&NEAR_DENOMINATOR, r)
    } else {
        let r = r - 5.0;
        horner(&FAR_NUMERATOR, r) / horner(&FAR_DENOMINATOR, r)
    };
    if q < 0.0 {
        -x
    } else {
        x
    }
}

/// A polynomial in `r` whose coefficients are listed highest power first.
fn horner(coefficients: &[f64; 8], r: f64) -> f64 {
    coefficients[1..]
        .iter()
        .fold(coefficients[0], |sum, c| sum * r + c)
}

// AS241's coefficients (PPND16) as published, highest power first: written to
// the paper's 20 digits, which the nearest doubles then stand for.
#[allow(clippy::excessive_precision)]
const CENTRAL_NUMERATOR: [f64; 8] = [
    2.5090809287301226727e3,
    3.3430575583588128105e4,
    6.7265770927008700853e4,
    4.5921953931549871457e4,
    1.3731693765509461125e4,
    1.9715909503065514427e3,
    1.3314166789178437745e2,
    3.3871328727963666080,
];
#[allow(clippy::excessive_precision)]
const CENTRAL_DENOMINATOR: [f64; 8] = [
    5.2264952788528545610e3,
    2.8729085735721942674e4,
    3.9307895800092710610e4,
    2.1213794301586595867e4,
    5.3941960214247511077e3,
    6.8718700749205790830e2,
    4.2313330701600911252e1,
    1.0,
];
#[allow(clippy::excessive_precision)]
const NEAR_NUMERATOR: [f64; 8] = [
    7.74545014278341407640e-4,
    2.27238449892691845833e-2,
    2.41780725177450611770e-1,
    1.27045825245236838258,
    3.64784832476320460504,
    5.76949722146069140550,
    4.63033784615654529590,
    1.42343711074968357734,
];
#[allow(clippy::excessive_precision)]
const NEAR_DENOMINATOR: [f64; 8] = [
    1.05075007164441684324e-9,
    5.47593808499534494600e-4,
    1.51986665636164571966e-2,
    1.48103976427480074590e-1,
    6.89767334985100004550e-1,
    1.67638483018380384940,
    2.05319162663775882187,
    1.0,
];
#[allow(clippy::excessive_precision)]
const FAR_NUMERATOR: [f64; 8] = [
    2.01033439929228813265e-7,
    2.71155556874348757815e-5,
    1.24266094738807843860e-3,
    2.65321895265761230930e-2,
    2.96560571828504891230e-1,
    1.78482653991729133580,
    5.46378491116411436990,
    6.65790464350110377720,
];
#[allow(clippy::excessive_precision)]
const FAR_DENOMINATOR: [f64; 8] = [
    2.04426310338993978564e-15,
    1.42151175831644588870e-7,
    1.84631831751005468180e-5,
    7.86869131145613259100e-4,
    1.48753612908506148525e-2,
    1.36929880922735805310e-1,
    5.99832206555887937690e-1,
    1.0,
];

#[cfg(test)]
mod tests {
    use super::standard_normal_quantile;

    #[test]
    fn quantiles_of_the_standard_normal() {
        assert_eq!(standard_normal_quantile(0.5), 0.0);
        let x = standard_normal_quantile(0.975);
        assert!((x - 1.959_963_984_540_054).abs() < 1e-15);
        assert!((standard_normal_quantile(0.025) + x).abs() < 1e-15);
        assert!(standard_normal_quantile(1e-300) < -37.0);
        assert!(standard_normal_quantile(f64::NAN).is_nan());
    }
}
