//! `timedelta`: a signed duration kept as days, seconds (0..86400) and
//! microseconds (0..1000000), the days bounded by 999999999 either way.
//!
//! Arithmetic works on the total in microseconds, exact with big ints; a float
//! operand enters as its exact ratio (`as_integer_ratio`) and results are rounded
//! half to even, as CPython does.

use krait_bytecode::opcode_table::{
    NB_ADD, NB_FLOOR_DIVIDE, NB_MULTIPLY, NB_REMAINDER, NB_SUBTRACT, NB_TRUE_DIVIDE,
};
use krait_vm::native::{native_data, new_native_object, MethodDef, NativeData, NativeTypeSpec};
use krait_vm::object::GetSet;
use krait_vm::objects::function::Args;
use krait_vm::objects::int::{self, as_big, int_binary, int_from_big};
use krait_vm::signature::Signature;
use krait_vm::slots::{NativeSlot, SlotId, NB_DIVMOD};
use krait_vm::{abstract_, Exc, ObjRef, Payload, PyResult, Value, Vm};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};

use super::calendar::{SECONDS_PER_DAY, US_PER_DAY, US_PER_SECOND};
use super::{repr_type_name, state};

const MAX_DAYS: i64 = 999_999_999;

/// A normalised duration.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Delta {
    pub days: i32,
    pub seconds: i32,
    pub microseconds: i32,
}

impl NativeData for Delta {
    fn holds_values(&self) -> bool {
        false
    }
}

impl Delta {
    pub const ZERO: Delta = Delta {
        days: 0,
        seconds: 0,
        microseconds: 0,
    };

    pub fn micros(self) -> i128 {
        (i128::from(self.days) * i128::from(SECONDS_PER_DAY) + i128::from(self.seconds))
            * i128::from(US_PER_SECOND)
            + i128::from(self.microseconds)
    }

    /// The duration of `micros` microseconds, if its days are in range.
    pub fn from_micros(micros: i128) -> Option<Delta> {
        let days = micros.div_euclid(i128::from(US_PER_DAY));
        let rest = micros.rem_euclid(i128::from(US_PER_DAY)) as i64;
        if days.abs() > i128::from(MAX_DAYS) {
            return None;
        }
        Some(Delta {
            days: days as i32,
            seconds: (rest / US_PER_SECOND) as i32,
            microseconds: (rest % US_PER_SECOND) as i32,
        })
    }

    pub fn is_zero(self) -> bool {
        self == Delta::ZERO
    }
}

/// The duration of `micros` microseconds, or CPython's `OverflowError`.
pub(crate) fn delta_from_micros(vm: &mut Vm, micros: i128) -> PyResult<Delta> {
    match Delta::from_micros(micros) {
        Some(d) => Ok(d),
        None => {
            let days = micros.div_euclid(i128::from(US_PER_DAY));
            Err(if i32::try_from(days).is_err() {
                vm.new_error(
                    Exc::OverflowError,
                    "Python int too large to convert to C int",
                )
            } else {
                vm.new_error(
                    Exc::OverflowError,
                    format!("days={days}; must have magnitude <= {MAX_DAYS}"),
                )
            })
        }
    }
}

fn delta_from_big(vm: &mut Vm, micros: &BigInt) -> PyResult<Delta> {
    match micros.to_i128() {
        Some(m) => delta_from_micros(vm, m),
        None => Err(vm.new_error(
            Exc::OverflowError,
            "Python int too large to convert to C int",
        )),
    }
}

/// The state of `v` if it is a timedelta.
pub(crate) fn as_delta(v: &Value) -> Option<Delta> {
    native_data::<Delta>(v).copied()
}

/// A new `datetime.timedelta`.
pub(crate) fn new_delta(vm: &mut Vm, delta: Delta) -> Value {
    let class = state(vm).timedelta.clone();
    new_native_object(vm, &class, delta)
}

fn new_delta_micros(vm: &mut Vm, micros: i128) -> PyResult<Value> {
    let delta = delta_from_micros(vm, micros)?;
    Ok(new_delta(vm, delta))
}

fn new_delta_big(vm: &mut Vm, micros: &BigInt) -> PyResult<Value> {
    let delta = delta_from_big(vm, micros)?;
    Ok(new_delta(vm, delta))
}

pub(crate) static TIMEDELTA_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "Difference between two datetime values.\n\n\
timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)\n\n\
All arguments are optional and default to 0.\n\
Arguments may be integers or floats, and may be positive or negative.",
    ),
    subclassable: true,
    new: Some(timedelta_new),
    slots: &[
        NativeSlot::Repr(timedelta_repr),
        NativeSlot::Str(timedelta_str),
        NativeSlot::Hash(timedelta_hash),
        NativeSlot::RichCompare(timedelta_compare),
        NativeSlot::Bool(timedelta_bool),
        NativeSlot::Binary(NB_ADD, timedelta_number),
        NativeSlot::Binary(NB_SUBTRACT, timedelta_number),
        NativeSlot::Binary(NB_MULTIPLY, timedelta_number),
        NativeSlot::Binary(NB_TRUE_DIVIDE, timedelta_number),
        NativeSlot::Binary(NB_FLOOR_DIVIDE, timedelta_number),
        NativeSlot::Binary(NB_REMAINDER, timedelta_number),
        NativeSlot::Binary(NB_DIVMOD, |vm, a, b, _| divmod_pair(vm, a, b)),
        NativeSlot::Unary(SlotId::Negative, timedelta_neg),
        NativeSlot::Unary(SlotId::Positive, timedelta_pos),
        NativeSlot::Unary(SlotId::Absolute, timedelta_abs),
    ],
    methods: &[
        MethodDef::method("total_seconds", timedelta_total_seconds)
            .with_signature(&TOTAL_SECONDS)
            .with_doc("Total seconds in the duration."),
        MethodDef::method("__reduce__", timedelta_reduce)
            .with_signature(&REDUCE)
            .with_doc("__reduce__() -> (cls, state)"),
    ],
    getsets: &[
        GetSet {
            name: "days",
            get: get_days,
            set: None,
        },
        GetSet {
            name: "seconds",
            get: get_seconds,
            set: None,
        },
        GetSet {
            name: "microseconds",
            get: get_microseconds,
            set: None,
        },
    ],
    ..NativeTypeSpec::new("timedelta", "datetime")
};

static NEW: Signature = Signature::new(
    "__new__",
    "($type, days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)",
)
.parse_tuple()
.not_listed();
static TOTAL_SECONDS: Signature = Signature::unlisted("timedelta", "total_seconds", "($self, /)");
static REDUCE: Signature = Signature::unlisted("timedelta", "__reduce__", "($self, /)");

pub(crate) fn add_class_attributes(vm: &mut Vm, class: &ObjRef) -> PyResult<()> {
    let min = Delta {
        days: -MAX_DAYS as i32,
        seconds: 0,
        microseconds: 0,
    };
    let max = Delta {
        days: MAX_DAYS as i32,
        seconds: (SECONDS_PER_DAY - 1) as i32,
        microseconds: (US_PER_SECOND - 1) as i32,
    };
    let resolution = Delta {
        microseconds: 1,
        ..Delta::ZERO
    };
    for (name, delta) in [("min", min), ("max", max), ("resolution", resolution)] {
        let value = new_delta(vm, delta);
        super::set_class_attr(vm, class, name, value);
    }
    Ok(())
}

/// `timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks)`:
/// integer parts add up exactly; the fractional parts of floats are gathered
/// separately and rounded once, half to even.
fn timedelta_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, params) = NEW.bind::<7>(vm, args)?;
    let cls = super::class_of_arg(vm, cls)?;
    // (argument, its name, microseconds per unit), in the order CPython adds them.
    let units: [(usize, &str, i64); 7] = [
        (2, "microseconds", 1),
        (3, "milliseconds", 1000),
        (1, "seconds", US_PER_SECOND),
        (4, "minutes", 60 * US_PER_SECOND),
        (5, "hours", 3600 * US_PER_SECOND),
        (0, "days", US_PER_DAY),
        (6, "weeks", 7 * US_PER_DAY),
    ];
    let mut total = BigInt::zero();
    let mut leftover = 0.0f64;
    for (index, name, factor) in units {
        let Some(value) = &params[index] else {
            continue;
        };
        accumulate(vm, value, name, factor, &mut total, &mut leftover)?;
    }
    if leftover != 0.0 {
        let mut whole = leftover.round();
        if (whole - leftover).abs() == 0.5 {
            // Exactly halfway: round to make the total even.
            let odd = if total.is_odd() { 1.0 } else { 0.0 };
            whole = 2.0 * ((leftover + odd) * 0.5).round() - odd;
        }
        total += BigInt::from(whole as i64);
    }
    let delta = delta_from_big(vm, &total)?;
    Ok(new_native_object(vm, &cls, delta))
}

/// Adds `value` units of `factor` microseconds to `total`; a float's fraction of a
/// microsecond goes to `leftover`.
fn accumulate(
    vm: &mut Vm,
    value: &Value,
    name: &str,
    factor: i64,
    total: &mut BigInt,
    leftover: &mut f64,
) -> PyResult<()> {
    if let Some(n) = as_big(value) {
        *total += n * factor;
        return Ok(());
    }
    let Some(x) = float_value(value) else {
        let type_name = vm.type_name_of(value);
        return Err(vm.new_error(
            Exc::TypeError,
            format!("unsupported type for timedelta {name} component: {type_name}"),
        ));
    };
    let whole = x.trunc();
    let fraction = x - whole;
    *total += float_to_big(vm, whole)? * factor;
    if fraction != 0.0 {
        let scaled = fraction * factor as f64;
        let whole = scaled.trunc();
        *total += float_to_big(vm, whole)?;
        *leftover += scaled - whole;
    }
    Ok(())
}

/// The value of a float operand (subclasses included).
pub(crate) fn float_value(v: &Value) -> Option<f64> {
    match v {
        Value::Float(x) => Some(*x),
        Value::Obj(o) => match &o.payload {
            Payload::Float(x) => Some(*x),
            _ => None,
        },
        _ => None,
    }
}

fn float_to_big(vm: &mut Vm, x: f64) -> PyResult<BigInt> {
    let n = int::float_to_int(vm, x)?;
    Ok(as_big(&n).unwrap_or_default())
}

fn this_delta(vm: &mut Vm, this: &Value) -> PyResult<Delta> {
    as_delta(this).ok_or_else(|| super::wrong_self(vm, "timedelta", this))
}

fn get_days(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(super::int_value(this_delta(vm, this)?.days))
}

fn get_seconds(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(super::int_value(this_delta(vm, this)?.seconds))
}

fn get_microseconds(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(super::int_value(this_delta(vm, this)?.microseconds))
}

/// `datetime.timedelta(days=1, seconds=2)`, naming only the fields that are not 0.
fn timedelta_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let d = this_delta(vm, this)?;
    let mut fields = Vec::new();
    for (name, value) in [
        ("days", d.days),
        ("seconds", d.seconds),
        ("microseconds", d.microseconds),
    ] {
        if value != 0 {
            fields.push(format!("{name}={value}"));
        }
    }
    if fields.is_empty() {
        fields.push("0".to_owned());
    }
    let name = repr_type_name(vm, this);
    Ok(vm.new_str(format!("{name}({})", fields.join(", "))))
}

/// `-1 day, 23:59:59.000001`.
pub(crate) fn delta_text(d: Delta) -> String {
    let mut text = String::new();
    if d.days != 0 {
        let plural = if d.days.abs() != 1 { "s" } else { "" };
        text.push_str(&format!("{} day{plural}, ", d.days));
    }
    text.push_str(&format!(
        "{}:{:02}:{:02}",
        d.seconds / 3600,
        d.seconds / 60 % 60,
        d.seconds % 60
    ));
    if d.microseconds != 0 {
        text.push_str(&format!(".{:06}", d.microseconds));
    }
    text
}

fn timedelta_str(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let d = this_delta(vm, this)?;
    Ok(vm.new_str(delta_text(d)))
}

fn timedelta_hash(vm: &mut Vm, this: &Value) -> PyResult<i64> {
    let d = this_delta(vm, this)?;
    let state = vm.new_tuple(vec![
        super::int_value(d.days),
        super::int_value(d.seconds),
        super::int_value(d.microseconds),
    ]);
    abstract_::hash(vm, &state)
}

fn timedelta_compare(vm: &mut Vm, this: &Value, other: &Value, op: usize) -> PyResult<Value> {
    match (as_delta(this), as_delta(other)) {
        (Some(a), Some(b)) => Ok(Value::Bool(abstract_::ordering_result(
            Some(a.micros().cmp(&b.micros())),
            op,
        ))),
        _ => Ok(vm.not_implemented()),
    }
}

fn timedelta_bool(vm: &mut Vm, this: &Value) -> PyResult<bool> {
    Ok(!this_delta(vm, this)?.is_zero())
}

fn timedelta_neg(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let d = this_delta(vm, this)?;
    new_delta_micros(vm, -d.micros())
}

/// `+td` is a plain timedelta even for a derived class (CPython copies it).
fn timedelta_pos(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let d = this_delta(vm, this)?;
    Ok(new_delta(vm, d))
}

fn timedelta_abs(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let d = this_delta(vm, this)?;
    new_delta_micros(vm, d.micros().abs())
}

fn big(n: i128) -> BigInt {
    BigInt::from(n)
}

/// The quotient `a / b` rounded half to even (`b` not zero).
pub(crate) fn divide_nearest(a: &BigInt, b: &BigInt) -> BigInt {
    let (mut q, r) = a.div_mod_floor(b);
    let r2: BigInt = r * 2;
    let beyond_half = if b.sign() == num_bigint::Sign::Plus {
        &r2 > b
    } else {
        &r2 < b
    };
    if beyond_half || (&r2 == b && q.is_odd()) {
        q += 1;
    }
    q
}

/// `x.as_integer_ratio()` of a float operand, checked as CPython checks it.
fn float_ratio(vm: &mut Vm, x: &Value) -> PyResult<(BigInt, BigInt)> {
    let ratio = vm.call_method(x, "as_integer_ratio", vec![])?;
    let Some(items) = abstract_::tuple_items(&ratio) else {
        let name = vm.type_name_of(&ratio);
        return Err(vm.new_error(
            Exc::TypeError,
            format!("unexpected return type from as_integer_ratio(): expected tuple, got '{name}'"),
        ));
    };
    match items.as_slice() {
        [n, d] => match (as_big(n), as_big(d)) {
            (Some(n), Some(d)) => Ok((n, d)),
            _ => Err(vm.new_error(
                Exc::TypeError,
                "as_integer_ratio() must return a 2-tuple of ints",
            )),
        },
        _ => Err(vm.new_error(Exc::ValueError, "as_integer_ratio() must return a 2-tuple")),
    }
}

fn zero_division(vm: &mut Vm) -> krait_vm::PyErr {
    vm.new_error(Exc::ZeroDivisionError, "integer division or modulo by zero")
}

/// The binary operators where a timedelta is one operand (dates and datetimes
/// answer for themselves when they are the other).
fn timedelta_number(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    let (x, y) = (as_delta(a), as_delta(b));
    match (op, x, y) {
        (NB_ADD, Some(x), Some(y)) => new_delta_micros(vm, x.micros() + y.micros()),
        (NB_SUBTRACT, Some(x), Some(y)) => new_delta_micros(vm, x.micros() - y.micros()),
        (NB_MULTIPLY, Some(d), None) => multiply(vm, d, b),
        (NB_MULTIPLY, None, Some(d)) => multiply(vm, d, a),
        (NB_TRUE_DIVIDE, Some(x), Some(y)) => {
            if y.is_zero() {
                return Err(vm.new_error(Exc::ZeroDivisionError, "division by zero"));
            }
            int_binary(vm, &big(x.micros()), &big(y.micros()), NB_TRUE_DIVIDE)
        }
        (NB_TRUE_DIVIDE, Some(x), None) => {
            if let Some(n) = exact_int(b) {
                if n.is_zero() {
                    return Err(zero_division(vm));
                }
                let q = divide_nearest(&big(x.micros()), &n);
                new_delta_big(vm, &q)
            } else if float_value(b).is_some() {
                let (n, d) = float_ratio(vm, b)?;
                if n.is_zero() {
                    return Err(zero_division(vm));
                }
                let q = divide_nearest(&(big(x.micros()) * d), &n);
                new_delta_big(vm, &q)
            } else {
                Ok(vm.not_implemented())
            }
        }
        (NB_FLOOR_DIVIDE, Some(x), Some(y)) => {
            if y.is_zero() {
                return Err(zero_division(vm));
            }
            Ok(int_from_big(
                vm,
                big(x.micros()).div_floor(&big(y.micros())),
            ))
        }
        (NB_FLOOR_DIVIDE, Some(x), None) => match exact_int(b) {
            Some(n) if n.is_zero() => Err(zero_division(vm)),
            Some(n) => new_delta_big(vm, &big(x.micros()).div_floor(&n)),
            None => Ok(vm.not_implemented()),
        },
        (NB_REMAINDER, Some(x), Some(y)) => {
            if y.is_zero() {
                return Err(vm.new_error(Exc::ZeroDivisionError, "integer modulo by zero"));
            }
            new_delta_micros(vm, floor_mod(x.micros(), y.micros()))
        }
        _ => Ok(vm.not_implemented()),
    }
}

/// Python's `%` on machine integers (the result takes the divisor's sign).
fn floor_mod(a: i128, b: i128) -> i128 {
    let r = a % b;
    if r != 0 && ((r < 0) != (b < 0)) {
        r + b
    } else {
        r
    }
}

/// An int operand (bools and int subclasses included), as CPython's `PyLong_Check`.
fn exact_int(v: &Value) -> Option<BigInt> {
    as_big(v)
}

fn multiply(vm: &mut Vm, d: Delta, factor: &Value) -> PyResult<Value> {
    if let Some(n) = exact_int(factor) {
        return new_delta_big(vm, &(big(d.micros()) * n));
    }
    if float_value(factor).is_some() {
        let (n, den) = float_ratio(vm, factor)?;
        let q = divide_nearest(&(big(d.micros()) * n), &den);
        return new_delta_big(vm, &q);
    }
    Ok(vm.not_implemented())
}

/// `divmod(td, other)` for two timedeltas: `(int, timedelta)`.
fn divmod_pair(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Value> {
    let (Some(x), Some(y)) = (as_delta(a), as_delta(b)) else {
        return Ok(vm.not_implemented());
    };
    if y.is_zero() {
        return Err(zero_division(vm));
    }
    let (q, r) = big(x.micros()).div_mod_floor(&big(y.micros()));
    let q = int_from_big(vm, q);
    let r = new_delta_big(vm, &r)?;
    Ok(vm.new_tuple(vec![q, r]))
}

/// The duration in seconds, the microseconds divided exactly and rounded once.
fn timedelta_total_seconds(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TOTAL_SECONDS.bind(vm, args)?;
    let d = this_delta(vm, &this.unwrap_or(Value::None))?;
    int_binary(
        vm,
        &big(d.micros()),
        &BigInt::from(US_PER_SECOND),
        NB_TRUE_DIVIDE,
    )
}

fn timedelta_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = REDUCE.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let d = this_delta(vm, &this)?;
    let class = Value::Obj(vm.type_of(&this));
    let fields = vm.new_tuple(vec![
        super::int_value(d.days),
        super::int_value(d.seconds),
        super::int_value(d.microseconds),
    ]);
    Ok(vm.new_tuple(vec![class, fields]))
}
