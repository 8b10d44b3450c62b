//! `datetime`: a date and a time of day with an optional tzinfo and a fold
//! (PEP 495), derived from `date`. Also the conversions from POSIX timestamps
//! and local time that the constructors share.

use krait_bytecode::opcode_table::{CMP_EQ, CMP_NE, NB_ADD, NB_SUBTRACT};
use krait_vm::native::{native_data, new_native_object, MethodDef, NativeData, NativeTypeSpec};
use krait_vm::object::GetSet;
use krait_vm::objects::function::Args;
use krait_vm::objects::int;
use krait_vm::pyhash::hash_bytes;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, PyResult, Value, Vm};

use super::calendar::{MAX_ORDINAL, SECONDS_PER_DAY, US_PER_DAY, US_PER_SECOND};
use super::date::{self as date_mod, check_date, date_of, pickled_state, Date};
use super::time::{self as time_mod, check_state_tzinfo, check_time_fields, repr_suffix, Time};
use super::timedelta::{as_delta, delta_from_micros, float_value, new_delta, Delta};
use super::{c_int_or, class_of_arg, fold_arg, format, int_value, is_exactly, iso, state, tzinfo};

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

impl DateTime {
    fn time_fields(&self) -> (u32, u32, u32, u32) {
        (self.hour, self.minute, self.second, self.microsecond)
    }

    /// Microseconds since the start of ordinal day 0.
    fn micros(&self) -> i128 {
        let seconds =
            i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second);
        i128::from(self.date().ordinal() * SECONDS_PER_DAY + seconds) * i128::from(US_PER_SECOND)
            + i128::from(self.microsecond)
    }

    /// Seconds since the start of ordinal day 0, microseconds dropped.
    fn seconds(&self) -> i64 {
        (self.micros() / i128::from(US_PER_SECOND)) as i64
    }

    /// The naive datetime `micros` microseconds after ordinal day 0, if in range.
    fn from_micros(micros: i128, tzinfo: Value) -> Option<DateTime> {
        let day = micros.div_euclid(i128::from(US_PER_DAY));
        if !(1..=i128::from(MAX_ORDINAL)).contains(&day) {
            return None;
        }
        let d = Date::from_ordinal(day as i64);
        let of_day = micros.rem_euclid(i128::from(US_PER_DAY)) as i64;
        let seconds = of_day / US_PER_SECOND;
        Some(DateTime {
            hour: (seconds / 3600) as u32,
            minute: (seconds / 60 % 60) as u32,
            second: (seconds % 60) as u32,
            microsecond: (of_day % US_PER_SECOND) as u32,
            ..DateTime::midnight(d, tzinfo)
        })
    }

    /// The fields as they are pickled and hashed (fold not included).
    fn state_bytes(&self) -> [u8; 10] {
        let us = self.microsecond;
        [
            (self.year >> 8) as u8,
            self.year as u8,
            self.month as u8,
            self.day as u8,
            self.hour as u8,
            self.minute as u8,
            self.second as u8,
            (us >> 16) as u8,
            (us >> 8) as u8,
            us as u8,
        ]
    }

    fn ordering_key(&self) -> (i32, u32, u32, u32, u32, u32, u32) {
        (
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.microsecond,
        )
    }
}

pub(crate) static DATETIME_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("datetime(year, month, day[, hour[, minute[, second[, microsecond[,tzinfo]]]]])\n\nThe year, month and day arguments are required. tzinfo may be None, or an\ninstance of a tzinfo subclass. The remaining arguments may be ints.\n"),
    subclassable: true,
    new: Some(datetime_new),
    slots: &[
        NativeSlot::Repr(datetime_repr),
        NativeSlot::Str(datetime_str),
        NativeSlot::Hash(datetime_hash),
        NativeSlot::RichCompare(datetime_compare),
        NativeSlot::Binary(NB_ADD, datetime_number),
        NativeSlot::Binary(NB_SUBTRACT, datetime_number),
    ],
    methods: &[
        MethodDef::classmethod("now", datetime_now)
            .with_signature(&NOW)
            .with_doc("Returns new datetime object representing current time local to tz.\n\n  tz\n    Timezone object.\n\nIf no tz is specified, uses local timezone."),
        MethodDef::classmethod("utcnow", datetime_utcnow)
            .with_signature(&UTCNOW)
            .with_doc("Return a new datetime representing UTC day and time."),
        MethodDef::classmethod("fromtimestamp", datetime_fromtimestamp)
            .with_signature(&FROMTIMESTAMP)
            .with_doc("timestamp[, tz] -> tz's local time from POSIX timestamp."),
        MethodDef::classmethod("utcfromtimestamp", datetime_utcfromtimestamp)
            .with_signature(&UTCFROMTIMESTAMP)
            .with_doc("Construct a naive UTC datetime from a POSIX timestamp."),
        MethodDef::classmethod("strptime", datetime_strptime)
            .with_signature(&STRPTIME)
            .with_doc("string, format -> new datetime parsed from a string (like time.strptime())."),
        MethodDef::classmethod("combine", datetime_combine)
            .with_signature(&COMBINE)
            .with_doc("date, time -> datetime with same date and time fields"),
        MethodDef::classmethod("fromisoformat", datetime_fromisoformat)
            .with_signature(&FROMISOFORMAT)
            .with_doc("string -> datetime from a string in most ISO 8601 formats"),
        MethodDef::method("date", datetime_date)
            .with_signature(&DATE)
            .with_doc("Return date object with same year, month and day."),
        MethodDef::method("time", datetime_time)
            .with_signature(&TIME)
            .with_doc("Return time object with same time but with tzinfo=None."),
        MethodDef::method("timetz", datetime_timetz)
            .with_signature(&TIMETZ)
            .with_doc("Return time object with same time and tzinfo."),
        MethodDef::method("ctime", datetime_ctime)
            .with_signature(&CTIME)
            .with_doc("Return ctime() style string."),
        MethodDef::method("timetuple", datetime_timetuple)
            .with_signature(&TIMETUPLE)
            .with_doc("Return time tuple, compatible with time.localtime()."),
        MethodDef::method("timestamp", datetime_timestamp)
            .with_signature(&TIMESTAMP)
            .with_doc("Return POSIX timestamp as float."),
        MethodDef::method("utctimetuple", datetime_utctimetuple)
            .with_signature(&UTCTIMETUPLE)
            .with_doc("Return UTC time tuple, compatible with time.localtime()."),
        MethodDef::method("isoformat", datetime_isoformat)
            .with_signature(&ISOFORMAT)
            .with_doc("[sep] -> string in ISO 8601 format, YYYY-MM-DDT[HH[:MM[:SS[.mmm[uuu]]]]][+HH:MM].\nsep is used to separate the year from the time, and defaults to 'T'.\nThe optional argument timespec specifies the number of additional terms\nof the time to include. Valid options are 'auto', 'hours', 'minutes',\n'seconds', 'milliseconds' and 'microseconds'.\n"),
        MethodDef::method("utcoffset", datetime_utcoffset)
            .with_signature(&UTCOFFSET)
            .with_doc("Return self.tzinfo.utcoffset(self)."),
        MethodDef::method("tzname", datetime_tzname)
            .with_signature(&TZNAME)
            .with_doc("Return self.tzinfo.tzname(self)."),
        MethodDef::method("dst", datetime_dst)
            .with_signature(&DST)
            .with_doc("Return self.tzinfo.dst(self)."),
        MethodDef::method("replace", datetime_replace)
            .with_signature(&REPLACE)
            .with_doc("Return datetime with new specified fields."),
        MethodDef::method("astimezone", datetime_astimezone)
            .with_signature(&ASTIMEZONE)
            .with_doc("tz -> convert to local time in new timezone tz\n"),
        MethodDef::method("__reduce_ex__", datetime_reduce_ex)
            .with_signature(&REDUCE_EX)
            .with_doc("__reduce_ex__(proto) -> (cls, state)"),
        MethodDef::method("__reduce__", datetime_reduce)
            .with_signature(&REDUCE)
            .with_doc("__reduce__() -> (cls, state)"),
    ],
    getsets: &[
        GetSet { name: "hour", get: get_hour, set: None },
        GetSet { name: "minute", get: get_minute, set: None },
        GetSet { name: "second", get: get_second, set: None },
        GetSet { name: "microsecond", get: get_microsecond, set: None },
        GetSet { name: "tzinfo", get: get_tzinfo, set: None },
        GetSet { name: "fold", get: get_fold, set: None },
    ],
    ..NativeTypeSpec::new("datetime", "datetime")
};

static NEW: Signature = Signature::new(
    "datetime",
    "($type, year, month, day, hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *, fold=0)",
)
.parse_tuple_nameless()
.not_listed();
static NOW: Signature = Signature::of("datetime", "now", "($type, /, tz=None)");
static UTCNOW: Signature = Signature::unlisted("datetime", "utcnow", "($type, /)");
static FROMTIMESTAMP: Signature = Signature::new("fromtimestamp", "($type, timestamp, tz=None)")
    .parse_tuple()
    .not_listed();
static UTCFROMTIMESTAMP: Signature = Signature::new("utcfromtimestamp", "($type, timestamp, /)")
    .parse_tuple()
    .not_listed();
static STRPTIME: Signature = Signature::new("strptime", "($type, string, format, /)")
    .parse_tuple()
    .not_listed();
static COMBINE: Signature = Signature::new("combine", "($type, date, time, tzinfo=None)")
    .parse_tuple()
    .not_listed();
static FROMISOFORMAT: Signature =
    Signature::unlisted("datetime", "fromisoformat", "($type, date_string, /)");
static DATE: Signature = Signature::unlisted("datetime", "date", "($self, /)");
static TIME: Signature = Signature::unlisted("datetime", "time", "($self, /)");
static TIMETZ: Signature = Signature::unlisted("datetime", "timetz", "($self, /)");
static CTIME: Signature = Signature::unlisted("datetime", "ctime", "($self, /)");
static TIMETUPLE: Signature = Signature::unlisted("datetime", "timetuple", "($self, /)");
static TIMESTAMP: Signature = Signature::unlisted("datetime", "timestamp", "($self, /)");
static UTCTIMETUPLE: Signature = Signature::unlisted("datetime", "utctimetuple", "($self, /)");
static ISOFORMAT: Signature = Signature::new("isoformat", "($self, sep='T', timespec='auto')")
    .parse_tuple()
    .not_listed();
static UTCOFFSET: Signature = Signature::unlisted("datetime", "utcoffset", "($self, /)");
static TZNAME: Signature = Signature::unlisted("datetime", "tzname", "($self, /)");
static DST: Signature = Signature::unlisted("datetime", "dst", "($self, /)");
static REPLACE: Signature = Signature::new(
    "replace",
    "($self, year=None, month=None, day=None, hour=None, minute=None, second=None, microsecond=None, tzinfo=None, *, fold=None)",
)
.parse_tuple()
.not_listed();
static ASTIMEZONE: Signature = Signature::new("astimezone", "($self, tz=None)")
    .parse_tuple()
    .not_listed();
static REDUCE_EX: Signature = Signature::new("__reduce_ex__", "($self, proto, /)")
    .parse_tuple()
    .not_listed();
static REDUCE: Signature = Signature::unlisted("datetime", "__reduce__", "($self, /)");

pub(crate) fn add_class_attributes(vm: &mut Vm, class: &ObjRef) -> PyResult<()> {
    let min = DateTime::midnight(Date::from_ordinal(1), Value::None);
    let max = DateTime {
        hour: 23,
        minute: 59,
        second: 59,
        microsecond: 999_999,
        ..DateTime::midnight(Date::from_ordinal(MAX_ORDINAL), Value::None)
    };
    let min = new_datetime(vm, min);
    let max = new_datetime(vm, max);
    let resolution = new_delta(
        vm,
        Delta {
            microseconds: 1,
            ..Delta::ZERO
        },
    );
    super::set_class_attr(vm, class, "min", min);
    super::set_class_attr(vm, class, "max", max);
    super::set_class_attr(vm, class, "resolution", resolution);
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

/// A datetime of class `class`: made directly for `datetime` itself, through a
/// call with the eight fields for derived classes (the fold is not passed).
pub(crate) fn new_datetime_of_class(vm: &mut Vm, class: &ObjRef, dt: DateTime) -> PyResult<Value> {
    if is_exactly(class, &state(vm).datetime) {
        return Ok(new_datetime(vm, dt));
    }
    let fields = vec![
        int_value(dt.year),
        int_value(dt.month),
        int_value(dt.day),
        int_value(dt.hour),
        int_value(dt.minute),
        int_value(dt.second),
        int_value(dt.microsecond),
        dt.tzinfo,
    ];
    super::call_class(vm, class, fields)
}

fn out_of_range(vm: &mut Vm) -> krait_vm::PyErr {
    vm.new_error(Exc::OverflowError, "date value out of range")
}

/// `dt + delta` (or minus, when `negate`), of the class of `dt`.
pub(crate) fn add_delta(vm: &mut Vm, dt: &Value, delta: Delta, negate: bool) -> PyResult<Value> {
    let Some(d) = as_datetime(dt).cloned() else {
        return Ok(vm.not_implemented());
    };
    let shift = if negate {
        -delta.micros()
    } else {
        delta.micros()
    };
    let Some(result) = DateTime::from_micros(d.micros() + shift, d.tzinfo.clone()) else {
        return Err(out_of_range(vm));
    };
    let class = vm.type_of(dt);
    new_datetime_of_class(vm, &class, result)
}

fn datetime_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if let Some((cls, state, tz)) = super::pickle_call(&args, true) {
        let plausible: fn(&[u32]) -> bool = |b| (1..=12).contains(&(b[2] & 0x7f));
        if let Some(b) = pickled_state(vm, &state, 10, plausible, "datetime")? {
            let cls = class_of_arg(vm, Some(cls))?;
            check_state_tzinfo(vm, &tz)?;
            let dt = DateTime {
                year: i32::from(b[0]) << 8 | i32::from(b[1]),
                month: u32::from(b[2] & 0x7f),
                day: u32::from(b[3]),
                hour: u32::from(b[4]),
                minute: u32::from(b[5]),
                second: u32::from(b[6]),
                microsecond: u32::from(b[7]) << 16 | u32::from(b[8]) << 8 | u32::from(b[9]),
                fold: b[2] >> 7,
                tzinfo: tz,
            };
            return Ok(new_native_object(vm, &cls, dt));
        }
    }
    date_mod::convert_leading_fields(vm, &args)?;
    let (cls, [year, month, day, hour, minute, second, microsecond, tz, fold]) =
        NEW.bind(vm, args)?;
    let cls = class_of_arg(vm, cls)?;
    let year = c_int_or(vm, &year, 0)?;
    let month = c_int_or(vm, &month, 0)?;
    let day = c_int_or(vm, &day, 0)?;
    let hour = c_int_or(vm, &hour, 0)?;
    let minute = c_int_or(vm, &minute, 0)?;
    let second = c_int_or(vm, &second, 0)?;
    let microsecond = c_int_or(vm, &microsecond, 0)?;
    let tz = tz.unwrap_or(Value::None);
    let fold = fold_arg(vm, &fold)?;
    let d = check_date(vm, year, month, day)?;
    let (hour, minute, second, microsecond) =
        check_time_fields(vm, hour, minute, second, microsecond)?;
    tzinfo::check_tzinfo(vm, &tz)?;
    let dt = DateTime {
        hour,
        minute,
        second,
        microsecond,
        fold,
        ..DateTime::midnight(d, tz)
    };
    Ok(new_native_object(vm, &cls, dt))
}

fn this_datetime(vm: &mut Vm, this: &Value) -> PyResult<DateTime> {
    as_datetime(this)
        .cloned()
        .ok_or_else(|| super::wrong_self(vm, "datetime", this))
}

fn bound(vm: &mut Vm, this: Option<Value>) -> PyResult<(Value, DateTime)> {
    let this = this.unwrap_or(Value::None);
    let dt = this_datetime(vm, &this)?;
    Ok((this, dt))
}

time_of_day_getters!(this_datetime);

fn datetime_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let dt = this_datetime(vm, this)?;
    let name = super::repr_type_name(vm, this);
    let mut fields = vec![
        dt.year.to_string(),
        dt.month.to_string(),
        dt.day.to_string(),
        dt.hour.to_string(),
        dt.minute.to_string(),
    ];
    if dt.second != 0 || dt.microsecond != 0 {
        fields.push(dt.second.to_string());
    }
    if dt.microsecond != 0 {
        fields.push(dt.microsecond.to_string());
    }
    let mut text = format!("{name}({})", fields.join(", "));
    // A datetime names its fold before its tzinfo (a time the other way round).
    if dt.fold != 0 {
        text.pop();
        text.push_str(", fold=1)");
    }
    let text = repr_suffix(vm, text, &dt.tzinfo, 0)?;
    Ok(vm.new_str(text))
}

fn datetime_str(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let sep = vm.new_str(" ");
    vm.call_method(this, "isoformat", vec![sep])
}

fn offset_of(vm: &mut Vm, this: &Value, dt: &DateTime) -> PyResult<Option<Delta>> {
    tzinfo::call_offset(vm, &dt.tzinfo, "utcoffset", this)
}

fn datetime_isoformat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [sep, timespec]) = ISOFORMAT.bind(vm, args)?;
    let (this, dt) = bound(vm, this)?;
    // One code point, a lone surrogate too.
    let sep = match &sep {
        None => u32::from('T'),
        Some(v) => {
            let mut points = krait_vm::objects::str::as_pystr(v).map(|s| s.code_points());
            match points.as_mut().map(|c| (c.next(), c.next())) {
                Some((Some(c), None)) => c,
                _ => {
                    let name = vm.type_name_of(v);
                    return Err(vm.new_error(
                        Exc::TypeError,
                        format!("isoformat() argument 1 must be a unicode character, not {name}"),
                    ));
                }
            }
        }
    };
    let time = time_mod::time_text(vm, dt.time_fields(), &timespec)?;
    let mut text = krait_vm::objects::str::StrBuf::new();
    text.push_str(&dt.date().iso());
    text.push_code_point(sep);
    text.push_str(&time);
    if let Some(offset) = offset_of(vm, &this, &dt)? {
        text.push_str(&tzinfo::format_offset(offset, ":"));
    }
    Ok(vm.new_text(text))
}

fn datetime_ctime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CTIME.bind(vm, args)?;
    let (_, dt) = bound(vm, this)?;
    Ok(vm.new_str(format::ctime(dt.date(), dt.hour, dt.minute, dt.second)))
}

fn offset_value(vm: &mut Vm, offset: Option<Delta>) -> Value {
    match offset {
        Some(d) => new_delta(vm, d),
        None => Value::None,
    }
}

fn datetime_utcoffset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = UTCOFFSET.bind(vm, args)?;
    let (this, dt) = bound(vm, this)?;
    let offset = offset_of(vm, &this, &dt)?;
    Ok(offset_value(vm, offset))
}

fn datetime_dst(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DST.bind(vm, args)?;
    let (this, dt) = bound(vm, this)?;
    let offset = tzinfo::call_offset(vm, &dt.tzinfo, "dst", &this)?;
    Ok(offset_value(vm, offset))
}

fn datetime_tzname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TZNAME.bind(vm, args)?;
    let (this, dt) = bound(vm, this)?;
    tzinfo::call_tzname(vm, &dt.tzinfo, &this)
}

fn datetime_date(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DATE.bind(vm, args)?;
    let (_, dt) = bound(vm, this)?;
    Ok(date_mod::new_date(vm, dt.date()))
}

fn time_of(dt: &DateTime, tzinfo: Value) -> Time {
    Time {
        hour: dt.hour,
        minute: dt.minute,
        second: dt.second,
        microsecond: dt.microsecond,
        fold: dt.fold,
        tzinfo,
    }
}

fn datetime_time(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TIME.bind(vm, args)?;
    let (_, dt) = bound(vm, this)?;
    Ok(time_mod::new_time(vm, time_of(&dt, Value::None)))
}

fn datetime_timetz(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TIMETZ.bind(vm, args)?;
    let (_, dt) = bound(vm, this)?;
    let tz = dt.tzinfo.clone();
    Ok(time_mod::new_time(vm, time_of(&dt, tz)))
}

fn datetime_timetuple(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TIMETUPLE.bind(vm, args)?;
    let (this, dt) = bound(vm, this)?;
    let isdst = match tzinfo::call_offset(vm, &dt.tzinfo, "dst", &this)? {
        None => -1,
        Some(d) => i64::from(!d.is_zero()),
    };
    date_mod::struct_time(vm, dt.date(), (dt.hour, dt.minute, dt.second), isdst)
}

fn datetime_utctimetuple(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = UTCTIMETUPLE.bind(vm, args)?;
    let (this, dt) = bound(vm, this)?;
    let utc = match offset_of(vm, &this, &dt)? {
        None => dt,
        Some(offset) => match DateTime::from_micros(dt.micros() - offset.micros(), Value::None) {
            Some(utc) => utc,
            None => return Err(out_of_range(vm)),
        },
    };
    date_mod::struct_time(vm, utc.date(), (utc.hour, utc.minute, utc.second), 0)
}

/// The offset of `dt` with its fold flipped, for PEP 495's rule that a datetime
/// in a fold or gap is never equal to one in another zone.
fn flipped_fold_offset(vm: &mut Vm, this: &Value, dt: &DateTime) -> PyResult<Option<Delta>> {
    let flipped = DateTime {
        fold: 1 - dt.fold,
        ..dt.clone()
    };
    let class = vm.type_of(this);
    let flipped_value = new_native_object(vm, &class, flipped.clone());
    tzinfo::call_offset(vm, &flipped.tzinfo, "utcoffset", &flipped_value)
}

fn datetime_compare(vm: &mut Vm, this: &Value, other: &Value, op: usize) -> PyResult<Value> {
    let Some(a) = as_datetime(this).cloned() else {
        return Ok(vm.not_implemented());
    };
    let Some(b) = as_datetime(other).cloned() else {
        if date_of(other).is_some() {
            return match op {
                CMP_EQ => Ok(Value::Bool(false)),
                CMP_NE => Ok(Value::Bool(true)),
                _ => {
                    let (x, y) = (vm.type_name_of(this), vm.type_name_of(other));
                    let x = qualified_type_name(vm, this, x);
                    let y = qualified_type_name(vm, other, y);
                    Err(vm.new_error(Exc::TypeError, format!("can't compare {x} to {y}")))
                }
            };
        }
        return Ok(vm.not_implemented());
    };
    if a.tzinfo.is(&b.tzinfo) {
        let ord = a.ordering_key().cmp(&b.ordering_key());
        return Ok(Value::Bool(abstract_::ordering_result(Some(ord), op)));
    }
    let offset_a = offset_of(vm, this, &a)?;
    let offset_b = offset_of(vm, other, &b)?;
    let ord = match (offset_a, offset_b) {
        (x, y) if x == y => a.ordering_key().cmp(&b.ordering_key()),
        (Some(x), Some(y)) => (a.micros() - x.micros()).cmp(&(b.micros() - y.micros())),
        _ => {
            return match op {
                CMP_EQ => Ok(Value::Bool(false)),
                CMP_NE => Ok(Value::Bool(true)),
                _ => Err(vm.new_error(
                    Exc::TypeError,
                    "can't compare offset-naive and offset-aware datetimes",
                )),
            };
        }
    };
    if (op == CMP_EQ || op == CMP_NE) && ord.is_eq() {
        let flipped_a = flipped_fold_offset(vm, this, &a)?;
        let flipped_b = flipped_fold_offset(vm, other, &b)?;
        if flipped_a != offset_a || flipped_b != offset_b {
            return Ok(Value::Bool(op == CMP_NE));
        }
    }
    Ok(Value::Bool(abstract_::ordering_result(Some(ord), op)))
}

/// `datetime.date` for the module's types (CPython's `tp_name`).
fn qualified_type_name(vm: &Vm, v: &Value, name: String) -> String {
    let class = vm.type_of(v);
    if krait_vm::objects::typeobject::type_data(&class).heap {
        name
    } else {
        krait_vm::objects::typeobject::type_name(&class)
    }
}

fn datetime_hash(vm: &mut Vm, this: &Value) -> PyResult<i64> {
    let dt = this_datetime(vm, this)?;
    let probe = if dt.fold != 0 {
        let class = vm.type_of(this);
        new_native_object(
            vm,
            &class,
            DateTime {
                fold: 0,
                ..dt.clone()
            },
        )
    } else {
        this.clone()
    };
    match tzinfo::call_offset(vm, &dt.tzinfo, "utcoffset", &probe)? {
        None => Ok(hash_bytes(&dt.state_bytes())),
        Some(offset) => {
            let micros = dt.micros() - offset.micros();
            let delta = delta_from_micros(vm, micros)?;
            let delta = new_delta(vm, delta);
            abstract_::hash(vm, &delta)
        }
    }
}

fn datetime_number(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    match (op, is_datetime(a), is_datetime(b)) {
        (NB_ADD, true, false) => match as_delta(b) {
            Some(delta) => add_delta(vm, a, delta, false),
            None => Ok(vm.not_implemented()),
        },
        (NB_ADD, false, true) => match as_delta(a) {
            Some(delta) => add_delta(vm, b, delta, false),
            None => Ok(vm.not_implemented()),
        },
        (NB_SUBTRACT, true, false) => match as_delta(b) {
            Some(delta) => add_delta(vm, a, delta, true),
            None => Ok(vm.not_implemented()),
        },
        (NB_SUBTRACT, true, true) => subtract(vm, a, b),
        _ => Ok(vm.not_implemented()),
    }
}

/// `a - b` for two datetimes: the naive difference, less the difference of their
/// offsets unless they share a tzinfo.
fn subtract(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Value> {
    let x = this_datetime(vm, a)?;
    let y = this_datetime(vm, b)?;
    let mut micros = x.micros() - y.micros();
    if !x.tzinfo.is(&y.tzinfo) {
        let offset_x = offset_of(vm, a, &x)?;
        let offset_y = offset_of(vm, b, &y)?;
        match (offset_x, offset_y) {
            (Some(ox), Some(oy)) => micros -= ox.micros() - oy.micros(),
            (None, None) => {}
            _ => {
                return Err(vm.new_error(
                    Exc::TypeError,
                    "can't subtract offset-naive and offset-aware datetimes",
                ))
            }
        }
    }
    let delta = delta_from_micros(vm, micros)?;
    Ok(new_delta(vm, delta))
}

fn datetime_replace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [year, month, day, hour, minute, second, microsecond, tz, fold]) =
        REPLACE.bind(vm, args)?;
    let (this, dt) = bound(vm, this)?;
    let year = c_int_or(vm, &year, dt.year)?;
    let month = c_int_or(vm, &month, dt.month as i32)?;
    let day = c_int_or(vm, &day, dt.day as i32)?;
    let hour = c_int_or(vm, &hour, dt.hour as i32)?;
    let minute = c_int_or(vm, &minute, dt.minute as i32)?;
    let second = c_int_or(vm, &second, dt.second as i32)?;
    let microsecond = c_int_or(vm, &microsecond, dt.microsecond as i32)?;
    let tz = tz.unwrap_or_else(|| dt.tzinfo.clone());
    let fold = match fold {
        Some(_) => fold_arg(vm, &fold)?,
        None => dt.fold,
    };
    let d = check_date(vm, year, month, day)?;
    let (hour, minute, second, microsecond) =
        check_time_fields(vm, hour, minute, second, microsecond)?;
    tzinfo::check_tzinfo(vm, &tz)?;
    let class = vm.type_of(&this);
    let result = DateTime {
        hour,
        minute,
        second,
        microsecond,
        fold,
        ..DateTime::midnight(d, tz)
    };
    Ok(new_native_object(vm, &class, result))
}

/// `(type(self), (state,))` or `(type(self), (state, tzinfo))`; protocols above 3
/// carry the fold in the month's high bit.
fn reduce_with(vm: &mut Vm, this: &Value, dt: &DateTime, proto: i64) -> Value {
    let mut bytes = dt.state_bytes();
    if proto > 3 && dt.fold != 0 {
        bytes[2] |= 0x80;
    }
    let state = vm.new_bytes(bytes.to_vec());
    let args = if dt.tzinfo.is_none() {
        vm.new_tuple(vec![state])
    } else {
        vm.new_tuple(vec![state, dt.tzinfo.clone()])
    };
    let class = Value::Obj(vm.type_of(this));
    vm.new_tuple(vec![class, args])
}

fn datetime_reduce_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [proto]) = REDUCE_EX.bind(vm, args)?;
    let (this, dt) = bound(vm, this)?;
    let proto = c_int_or(vm, &proto, 0)?;
    Ok(reduce_with(vm, &this, &dt, i64::from(proto)))
}

fn datetime_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = REDUCE.bind(vm, args)?;
    let (this, dt) = bound(vm, this)?;
    Ok(reduce_with(vm, &this, &dt, 2))
}

fn datetime_fromisoformat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [text]) = FROMISOFORMAT.bind(vm, args)?;
    let cls = class_of_arg(vm, cls)?;
    let text = text.unwrap_or(Value::None);
    let Some(s) = abstract_::value_as_str(&text).map(str::to_owned) else {
        return Err(vm.new_error(Exc::TypeError, "fromisoformat: argument must be str"));
    };
    let Some(parsed) = iso::parse_datetime(&s) else {
        let text = abstract_::repr_string(vm, &text)?;
        return Err(vm.new_error(Exc::ValueError, format!("Invalid isoformat string: {text}")));
    };
    let tz = time_mod::parsed_tzinfo(vm, parsed.time.offset)?;
    let (year, month, day) = parsed.date;
    let d = check_date(vm, year, month, day)?;
    let t = &parsed.time;
    let (hour, minute, second, microsecond) =
        check_time_fields(vm, t.hour, t.minute, t.second, t.microsecond)?;
    let dt = DateTime {
        hour,
        minute,
        second,
        microsecond,
        ..DateTime::midnight(d, tz)
    };
    new_datetime_of_class(vm, &cls, dt)
}

fn datetime_combine(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [date, time, tz]) = COMBINE.bind(vm, args)?;
    let cls = class_of_arg(vm, cls)?;
    let date = date.unwrap_or(Value::None);
    let time = time.unwrap_or(Value::None);
    let Some(d) = date_of(&date) else {
        let name = vm.type_name_of(&date);
        return Err(vm.new_error(
            Exc::TypeError,
            format!("combine() argument 1 must be datetime.date, not {name}"),
        ));
    };
    let Some(t) = time_mod::as_time(&time).cloned() else {
        let name = vm.type_name_of(&time);
        return Err(vm.new_error(
            Exc::TypeError,
            format!("combine() argument 2 must be datetime.time, not {name}"),
        ));
    };
    let tz = tz.unwrap_or_else(|| t.tzinfo.clone());
    tzinfo::check_tzinfo(vm, &tz)?;
    let dt = DateTime {
        hour: t.hour,
        minute: t.minute,
        second: t.second,
        microsecond: t.microsecond,
        fold: t.fold,
        ..DateTime::midnight(d, tz)
    };
    new_datetime_of_class(vm, &cls, dt)
}

fn datetime_strptime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [string, fmt]) = STRPTIME.bind(vm, args)?;
    let cls = cls.unwrap_or(Value::None);
    for (index, v) in [(1, &string), (2, &fmt)] {
        let v = v.clone().unwrap_or(Value::None);
        if abstract_::value_as_str(&v).is_none() {
            let name = vm.type_name_of(&v);
            return Err(vm.new_error(
                Exc::TypeError,
                format!("strptime() argument {index} must be str, not {name}"),
            ));
        }
    }
    let module = krait_vm::import::import_full(vm, "_strptime")?;
    let parse = abstract_::getattr_str(vm, &module, "_strptime_datetime")?;
    vm.call1(
        &parse,
        vec![
            cls,
            string.unwrap_or(Value::None),
            fmt.unwrap_or(Value::None),
        ],
    )
}

/// The datetime of POSIX time `seconds` + `us`: local time (with its fold) when
/// `tz` is `None`, else `tz.fromutc` of the UTC time.
fn from_posix(
    vm: &mut Vm,
    cls: &ObjRef,
    seconds: i64,
    us: u32,
    tz: &Value,
    utc: bool,
) -> PyResult<Value> {
    let fields = if utc || !tz.is_none() {
        utc_time(vm, seconds)?
    } else {
        local_time(vm, seconds)?
    };
    let mut dt = DateTime {
        year: fields.year,
        month: fields.month,
        day: fields.day,
        hour: fields.hour,
        minute: fields.minute,
        second: fields.second,
        microsecond: us,
        fold: 0,
        tzinfo: tz.clone(),
    };
    if tz.is_none() && !utc {
        dt.fold = local_fold(vm, seconds, &dt)?;
    }
    let result = new_datetime_of_class(vm, cls, dt)?;
    if tz.is_none() {
        return Ok(result);
    }
    vm.call_method(tz, "fromutc", vec![result])
}

/// How far back a fold can reach: a day.
const MAX_FOLD_SECONDS: i64 = SECONDS_PER_DAY;
/// Seconds from ordinal day 0 to the POSIX epoch.
const EPOCH_SECONDS: i64 = 719_163 * SECONDS_PER_DAY;

/// Local time of POSIX time `u - EPOCH_SECONDS`, as seconds since ordinal day 0.
fn local_seconds(vm: &mut Vm, u: i64) -> PyResult<i64> {
    let t = local_time(vm, u - EPOCH_SECONDS)?;
    let d = Date {
        year: t.year,
        month: t.month,
        day: t.day,
    };
    Ok(d.ordinal() * SECONDS_PER_DAY
        + i64::from(t.hour) * 3600
        + i64::from(t.minute) * 60
        + i64::from(t.second))
}

/// 1 when the local time `dt` of POSIX time `timet` is the second of two equal
/// local times (a clock set back within the last day).
fn local_fold(vm: &mut Vm, timet: i64, dt: &DateTime) -> PyResult<u8> {
    let result = dt.seconds();
    let probe = local_seconds(vm, EPOCH_SECONDS + timet - MAX_FOLD_SECONDS)?;
    let transition = result - probe - MAX_FOLD_SECONDS;
    if transition < 0 {
        let probe = local_seconds(vm, EPOCH_SECONDS + timet + transition)?;
        if probe == result {
            return Ok(1);
        }
    }
    Ok(0)
}

/// The POSIX time (plus `EPOCH_SECONDS`) whose local time is `t` seconds since
/// ordinal day 0, choosing by `fold` between two solutions, or across a gap.
fn local_to_seconds(vm: &mut Vm, t: i64, fold: u8) -> PyResult<i64> {
    let lt = local_seconds(vm, t)?;
    let a = lt - t;
    let u1 = t - a;
    let t1 = local_seconds(vm, u1)?;
    let b;
    if t1 == t {
        let u2 = if fold != 0 {
            u1 + MAX_FOLD_SECONDS
        } else {
            u1 - MAX_FOLD_SECONDS
        };
        let lt = local_seconds(vm, u2)?;
        b = lt - u2;
        if a == b {
            return Ok(u1);
        }
    } else {
        b = t1 - u1;
    }
    let u2 = t - b;
    let t2 = local_seconds(vm, u2)?;
    if t2 == t {
        return Ok(u2);
    }
    if t1 == t {
        return Ok(u1);
    }
    // In a gap: neither offset gives `t`.
    Ok(if fold != 0 { u1.min(u2) } else { u1.max(u2) })
}

/// The fixed-offset timezone in effect at POSIX time `timestamp`, named as the
/// system names it.
fn local_timezone_at(vm: &mut Vm, timestamp: i64) -> PyResult<Value> {
    let t = local_time(vm, timestamp)?;
    let offset = delta_from_micros(vm, i128::from(t.gmtoff) * i128::from(US_PER_SECOND))?;
    let name = vm.new_str(t.zone);
    tzinfo::new_timezone(vm, offset, Some(name))
}

fn check_tz(vm: &mut Vm, tz: &Option<Value>) -> PyResult<Value> {
    let tz = tz.clone().unwrap_or(Value::None);
    tzinfo::check_tzinfo(vm, &tz)?;
    Ok(tz)
}

fn datetime_fromtimestamp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [timestamp, tz]) = FROMTIMESTAMP.bind(vm, args)?;
    let cls = class_of_arg(vm, cls)?;
    let tz = check_tz(vm, &tz)?;
    let (seconds, us) = timestamp_parts(vm, &timestamp.unwrap_or(Value::None))?;
    from_posix(vm, &cls, seconds, us, &tz, false)
}

fn datetime_utcfromtimestamp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [timestamp]) = UTCFROMTIMESTAMP.bind(vm, args)?;
    let cls = class_of_arg(vm, cls)?;
    let (seconds, us) = timestamp_parts(vm, &timestamp.unwrap_or(Value::None))?;
    from_posix(vm, &cls, seconds, us, &Value::None, true)
}

/// The current POSIX time, to the microsecond.
fn now_parts() -> (i64, u32) {
    let now = std::time::SystemTime::now();
    match now.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => (d.as_secs() as i64, d.subsec_micros()),
        Err(e) => {
            let d = e.duration();
            let micros = -(d.as_micros() as i128);
            (
                micros.div_euclid(1_000_000) as i64,
                micros.rem_euclid(1_000_000) as u32,
            )
        }
    }
}

fn datetime_now(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [tz]) = NOW.bind(vm, args)?;
    let cls = class_of_arg(vm, cls)?;
    let tz = check_tz(vm, &tz)?;
    let (seconds, us) = now_parts();
    from_posix(vm, &cls, seconds, us, &tz, false)
}

fn datetime_utcnow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, []) = UTCNOW.bind(vm, args)?;
    let cls = class_of_arg(vm, cls)?;
    let (seconds, us) = now_parts();
    from_posix(vm, &cls, seconds, us, &Value::None, true)
}

fn datetime_timestamp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TIMESTAMP.bind(vm, args)?;
    let (this, dt) = bound(vm, this)?;
    if let Some(offset) = offset_of(vm, &this, &dt)? {
        let epoch_micros = i128::from(EPOCH_SECONDS) * i128::from(US_PER_SECOND);
        let micros = dt.micros() - offset.micros() - epoch_micros;
        return int::int_binary(
            vm,
            &num_bigint::BigInt::from(micros),
            &num_bigint::BigInt::from(US_PER_SECOND),
            krait_bytecode::opcode_table::NB_TRUE_DIVIDE,
        );
    }
    let seconds = local_to_seconds(vm, dt.seconds(), dt.fold)?;
    let value = (seconds - EPOCH_SECONDS) as f64 + f64::from(dt.microsecond) / 1e6;
    Ok(Value::Float(value))
}

fn datetime_astimezone(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [tz]) = ASTIMEZONE.bind(vm, args)?;
    let (this, dt) = bound(vm, this)?;
    let tz = check_tz(vm, &tz)?;
    let mut self_tz = dt.tzinfo.clone();
    let mut offset = None;
    if !self_tz.is_none() {
        offset = offset_of(vm, &this, &dt)?;
    }
    if self_tz.is_none() || offset.is_none() {
        let local = local_to_seconds(vm, dt.seconds(), dt.fold)?;
        self_tz = local_timezone_at(vm, local - EPOCH_SECONDS)?;
        if self_tz.is(&tz) {
            return Ok(this);
        }
        offset = tzinfo::call_offset(vm, &self_tz, "utcoffset", &this)?;
    } else if self_tz.is(&tz) {
        return Ok(this);
    }
    let offset = offset.unwrap_or(Delta::ZERO);
    let utc = state(vm).utc.clone();
    let Some(mut result) = DateTime::from_micros(dt.micros() - offset.micros(), utc) else {
        return Err(out_of_range(vm));
    };
    let target = if tz.is_none() {
        let epoch_micros = i128::from(EPOCH_SECONDS) * i128::from(US_PER_SECOND);
        let timestamp = (result.micros() - epoch_micros).div_euclid(i128::from(US_PER_SECOND));
        local_timezone_at(vm, timestamp as i64)?
    } else {
        tz
    };
    result.tzinfo = target.clone();
    let class = vm.type_of(&this);
    let result = new_datetime_of_class(vm, &class, result)?;
    vm.call_method(&target, "fromutc", vec![result])
}

/// A POSIX timestamp argument: an int (anything with `__index__`) or a float.
enum Timestamp {
    Whole(i64),
    Float(f64),
}

fn out_of_time_t(vm: &mut Vm) -> krait_vm::PyErr {
    vm.new_error(
        Exc::OverflowError,
        "timestamp out of range for platform time_t",
    )
}

fn read_timestamp(vm: &mut Vm, timestamp: &Value) -> PyResult<Timestamp> {
    if let Some(x) = float_value(timestamp) {
        if x.is_nan() {
            return Err(vm.new_error(Exc::ValueError, "Invalid value NaN (not a number)"));
        }
        return Ok(Timestamp::Float(x));
    }
    let n = abstract_::index(vm, timestamp)?;
    match int::as_i64(&n) {
        Some(n) => Ok(Timestamp::Whole(n)),
        None => Err(out_of_time_t(vm)),
    }
}

/// A whole number of seconds held in a float, if a `time_t` holds it.
fn time_t_of(vm: &mut Vm, seconds: f64) -> PyResult<i64> {
    // CPython compares with the bounds converted to float, so 2**63 passes (and
    // then fails to break down, as i64::MAX does).
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if (-LIMIT..=LIMIT).contains(&seconds) {
        Ok(seconds as i64)
    } else {
        Err(out_of_time_t(vm))
    }
}

/// A timestamp as whole seconds and microseconds, the fraction of a float rounded
/// half to even to the microsecond.
pub(crate) fn timestamp_parts(vm: &mut Vm, timestamp: &Value) -> PyResult<(i64, u32)> {
    let x = match read_timestamp(vm, timestamp)? {
        Timestamp::Whole(n) => return Ok((n, 0)),
        Timestamp::Float(x) => x,
    };
    let mut whole = x.trunc();
    let mut micros = ((x - whole) * 1e6).round_ties_even();
    if micros >= 1e6 {
        micros -= 1e6;
        whole += 1.0;
    } else if micros < 0.0 {
        micros += 1e6;
        whole -= 1.0;
    }
    Ok((time_t_of(vm, whole)?, micros as u32))
}

/// A timestamp's whole seconds, a float rounded down (what `date` uses).
pub(crate) fn timestamp_seconds(vm: &mut Vm, timestamp: &Value) -> PyResult<i64> {
    match read_timestamp(vm, timestamp)? {
        Timestamp::Whole(n) => Ok(n),
        Timestamp::Float(x) => time_t_of(vm, x.floor()),
    }
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
        // The C library's reason (EOVERFLOW for years past an int), EINVAL if none.
        let errno = std::io::Error::last_os_error()
            .raw_os_error()
            .filter(|&e| e != 0)
            .unwrap_or(libc::EINVAL);
        let error = std::io::Error::from_raw_os_error(errno);
        return Err(krait_vm::oserror::os_error_no_filename(vm, &error));
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
        return Err(vm.new_error(Exc::ValueError, format!("year {year} is out of range")));
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
