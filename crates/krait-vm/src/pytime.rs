//! Lengths of time given as Python numbers (`time.sleep(0.5)`, `lock.acquire(timeout=2)`),
//! read as CPython's `_PyTime_FromSecondsObject` reads them: a float or anything with
//! `__index__`, held as whole nanoseconds in an `i64`.

use crate::abstract_;
use crate::object::Payload;
use crate::objects::float;
use crate::value::Value;
use crate::{PyResult, Vm};

/// Seconds as an `f64`, from a float or an integer. Errors are CPython's: NaN is a
/// `ValueError`, a length beyond `i64` nanoseconds an `OverflowError`, anything else a
/// `TypeError` from the integer conversion.
pub fn seconds_from_object(vm: &mut Vm, value: &Value) -> PyResult<f64> {
    let limit = i64::MAX as f64 / 1e9;
    let is_float = matches!(value, Value::Float(_))
        || matches!(value, Value::Obj(o) if matches!(o.payload, Payload::Float(_)));
    let seconds = if is_float {
        let x = float::as_f64(value).unwrap_or(0.0);
        if x.is_nan() {
            return Err(vm.new_value_error("Invalid value NaN (not a number)".to_owned()));
        }
        x
    } else {
        let n = abstract_::index(vm, value)?;
        float::as_f64(&n).unwrap_or(f64::INFINITY)
    };
    if seconds.abs() >= limit {
        return Err(
            vm.new_overflow_error("timestamp too large to convert to C _PyTime_t".to_owned())
        );
    }
    Ok(seconds)
}
