//! `datetime`: a date and a time of day with an optional tzinfo, derived from
//! `date`. Also the conversions from POSIX timestamps the constructors share.

use krait_vm::native::{native_data, new_native_object, NativeData, NativeTypeSpec};
use krait_vm::objects::int;
use krait_vm::{abstract_, ObjRef, Payload, PyResult, Value, Vm};

use super::date::Date;
use super::state;
use super::timedelta::Delta;

/// A valid datetime.
#[derive(Clone)]
pub(crate) struct DateTime {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub microsecond: u32,
    pub fold: u8,
    pub tzinfo: Value,
}

impl NativeData for DateTime {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.tzinfo);
        true
    }
}

impl DateTime {
    pub fn date(&self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: self.day,
        }
    }

    pub fn midnight(d: Date, tzinfo: Value) -> DateTime {
        DateTime {
            year: d.year,
            month: d.month,
            day: d.day,
            hour: 0,
            minute: 0,
            second: 0,
            microsecond: 0,
            fold: 0,
            tzinfo,
        }
    }
}

pub(crate) static DATETIME_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("datetime(year, month, day[, hour[, minute[, second[, microsecond[,tzinfo]]]]])\n\nThe year, month and day arguments are required. tzinfo may be None, or an\ninstance of a tzinfo subclass. The remaining arguments may be ints.\n"),
    subclassable: true,
    ..NativeTypeSpec::new("datetime", "datetime")
};

pub(crate) fn add_class_attributes(_vm: &mut Vm, _class: &ObjRef) -> PyResult<()> {
    Ok(())
}

pub(crate) fn as_datetime(v: &Value) -> Option<&DateTime> {
    native_data::<DateTime>(v)
}

pub(crate) fn is_datetime(v: &Value) -> bool {
    as_datetime(v).is_some()
}

pub(crate) fn tzinfo_of(v: &Value) -> Value {
    as_datetime(v).map_or(Value::None, |dt| dt.tzinfo.clone())
}

pub(crate) fn new_datetime(vm: &mut Vm, dt: DateTime) -> Value {
    let class = state(vm).datetime.clone();
    new_native_object(vm, &class, dt)
}

pub(crate) fn add_delta(vm: &mut Vm, _dt: &Value, _delta: Delta, _negate: bool) -> PyResult<Value> {
    Ok(vm.not_implemented())
}

/// A POSIX timestamp argument as whole seconds and microseconds, a float rounded
/// half to even to the microsecond.
pub(crate) fn timestamp_parts(vm: &mut Vm, timestamp: &Value) -> PyResult<(i64, u32)> {
    let x = match timestamp {
        Value::Float(x) => *x,
        Value::Obj(o) if matches!(o.payload, Payload::Float(_)) => match o.payload {
            Payload::Float(x) => x,
            _ => 0.0,
        },
        _ => {
            let n = abstract_::index(vm, timestamp)?;
            return match int::as_i64(&n) {
                Some(n) => Ok((n, 0)),
                None => Err(vm.new_overflow_error(
                    "timestamp out of range for platform time_t".to_owned(),
                )),
            };
        }
    };
    if x.is_nan() {
        return Err(vm.new_value_error("Invalid value NaN (not a number)".to_owned()));
    }
    let whole = x.floor();
    let mut micros = ((x - whole) * 1e6).round_ties_even();
    let mut seconds = whole;
    if micros >= 1e6 {
        micros -= 1e6;
        seconds += 1.0;
    }
    if !(-9.2e18..9.2e18).contains(&seconds) {
        return Err(vm.new_overflow_error(
            "timestamp out of range for platform time_t".to_owned(),
        ));
    }
    Ok((seconds as i64, micros as u32))
}

/// Whole seconds of a timestamp (the microseconds dropped, as `date` does).
pub(crate) fn timestamp_seconds(vm: &mut Vm, timestamp: &Value) -> PyResult<i64> {
    Ok(timestamp_parts(vm, timestamp)?.0)
}

/// The broken-down fields of a time, as `localtime_r` and `gmtime_r` give them.
pub(crate) struct BrokenDown {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// `tm_gmtoff`: the offset from UTC in seconds.
    pub gmtoff: i64,
    pub zone: String,
}

fn broken_down(vm: &mut Vm, seconds: i64, local: bool) -> PyResult<BrokenDown> {
    let t: libc::time_t = seconds;
    // SAFETY: `tm` is plain data that the call fills; zeroed is a valid value.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for the duration of the call.
    let ok = unsafe {
        if local {
            !libc::localtime_r(&t, &mut tm).is_null()
        } else {
            !libc::gmtime_r(&t, &mut tm).is_null()
        }
    };
    if !ok {
        return Err(vm.new_error(
            krait_vm::Exc::OSError,
            "Value too large for defined data type".to_owned(),
        ));
    }
    let zone = if tm.tm_zone.is_null() {
        String::new()
    } else {
        // SAFETY: a non-null `tm_zone` points at a NUL-terminated static string.
        unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
            .to_string_lossy()
            .into_owned()
    };
    let year = i64::from(tm.tm_year) + 1900;
    if !(1..=9999).contains(&year) {
        return Err(vm.new_value_error(format!("year {year} is out of range")));
    }
    Ok(BrokenDown {
        year: year as i32,
        month: (tm.tm_mon + 1) as u32,
        day: tm.tm_mday as u32,
        hour: tm.tm_hour as u32,
        // A leap second reads as the second before it.
        minute: tm.tm_min as u32,
        second: tm.tm_sec.min(59) as u32,
        gmtoff: tm.tm_gmtoff,
        zone,
    })
}

pub(crate) fn local_time(vm: &mut Vm, seconds: i64) -> PyResult<BrokenDown> {
    broken_down(vm, seconds, true)
}

pub(crate) fn utc_time(vm: &mut Vm, seconds: i64) -> PyResult<BrokenDown> {
    broken_down(vm, seconds, false)
}

/// `time.time()`.
pub(crate) fn time_time(vm: &mut Vm) -> PyResult<Value> {
    let time = krait_vm::import::import_full(vm, "time")?;
    let f = abstract_::getattr_str(vm, &time, "time")?;
    vm.call1(&f, vec![])
}
