//! `time`: a time of day with an optional tzinfo and a fold (PEP 495).

use krait_bytecode::opcode_table::{CMP_EQ, CMP_NE};
use krait_vm::native::{native_data, new_native_object, MethodDef, NativeData, NativeTypeSpec};
use krait_vm::object::GetSet;
use krait_vm::objects::function::Args;
use krait_vm::pyhash::hash_bytes;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, PyResult, Value, Vm};

use super::date::{format_with_strftime, pickled_state};
use super::timedelta::{delta_from_micros, new_delta, Delta};
use super::{c_int_or, class_of_arg, fold_arg, format, int_value, is_exactly, iso, state, tzinfo};

/// A valid time of day.
#[derive(Clone)]
pub(crate) struct Time {
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub microsecond: u32,
    pub fold: u8,
    pub tzinfo: Value,
}

impl NativeData for Time {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.tzinfo);
        true
    }
}

impl Time {
    /// The fields as they are pickled and hashed (fold not included).
    fn state_bytes(&self) -> [u8; 6] {
        let us = self.microsecond;
        [
            self.hour as u8,
            self.minute as u8,
            self.second as u8,
            (us >> 16) as u8,
            (us >> 8) as u8,
            us as u8,
        ]
    }

    fn seconds(&self) -> i64 {
        i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second)
    }
}

/// The time-of-day checks shared with `datetime`, with CPython's messages.
pub(crate) fn check_time_fields(
    vm: &mut Vm,
    hour: i32,
    minute: i32,
    second: i32,
    microsecond: i32,
) -> PyResult<(u32, u32, u32, u32)> {
    if !(0..=23).contains(&hour) {
        return Err(vm.new_error(Exc::ValueError, "hour must be in 0..23"));
    }
    if !(0..=59).contains(&minute) {
        return Err(vm.new_error(Exc::ValueError, "minute must be in 0..59"));
    }
    if !(0..=59).contains(&second) {
        return Err(vm.new_error(Exc::ValueError, "second must be in 0..59"));
    }
    if !(0..=999_999).contains(&microsecond) {
        return Err(vm.new_error(Exc::ValueError, "microsecond must be in 0..999999"));
    }
    Ok((
        hour as u32,
        minute as u32,
        second as u32,
        microsecond as u32,
    ))
}

/// `HH:MM:SS[.ffffff]` as `timespec` asks.
pub(crate) fn time_text(
    vm: &mut Vm,
    (h, m, s, us): (u32, u32, u32, u32),
    timespec: &Option<Value>,
) -> PyResult<String> {
    let spec = match timespec {
        None => "auto".to_owned(),
        Some(v) => match abstract_::value_as_str(v) {
            Some(s) => s.to_owned(),
            None => {
                let name = vm.type_name_of(v);
                return Err(vm.new_error(
                    Exc::TypeError,
                    format!("isoformat() argument 1 must be str, not {name}"),
                ));
            }
        },
    };
    Ok(match spec.as_str() {
        "auto" if us == 0 => format!("{h:02}:{m:02}:{s:02}"),
        "auto" | "microseconds" => format!("{h:02}:{m:02}:{s:02}.{us:06}"),
        "hours" => format!("{h:02}"),
        "minutes" => format!("{h:02}:{m:02}"),
        "seconds" => format!("{h:02}:{m:02}:{s:02}"),
        "milliseconds" => format!("{h:02}:{m:02}:{s:02}.{:03}", us / 1000),
        _ => return Err(vm.new_error(Exc::ValueError, "Unknown timespec value")),
    })
}

/// `, tzinfo=...)` and `, fold=1)` appended to a repr that ends in `)`.
pub(crate) fn repr_suffix(
    vm: &mut Vm,
    mut text: String,
    tzinfo: &Value,
    fold: u8,
) -> PyResult<String> {
    if !tzinfo.is_none() {
        let tz = abstract_::repr_string(vm, tzinfo)?;
        text.pop();
        text.push_str(&format!(", tzinfo={tz})"));
    }
    if fold != 0 {
        text.pop();
        text.push_str(", fold=1)");
    }
    Ok(text)
}

/// The timezone `fromisoformat` gives an offset it parsed.
pub(crate) fn parsed_tzinfo(vm: &mut Vm, offset: Option<(i32, i32)>) -> PyResult<Value> {
    match offset {
        None => Ok(Value::None),
        Some((0, 0)) => Ok(state(vm).utc.clone()),
        Some((seconds, us)) => {
            let delta = delta_from_micros(vm, i128::from(seconds) * 1_000_000 + i128::from(us))?;
            tzinfo::new_timezone(vm, delta, None)
        }
    }
}

pub(crate) fn as_time(v: &Value) -> Option<&Time> {
    native_data::<Time>(v)
}

pub(crate) fn new_time(vm: &mut Vm, t: Time) -> Value {
    let class = state(vm).time.clone();
    new_native_object(vm, &class, t)
}

pub(crate) static TIME_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("time([hour[, minute[, second[, microsecond[, tzinfo]]]]]) --> a time object\n\nAll arguments are optional. tzinfo may be None, or an instance of\na tzinfo subclass. The remaining arguments may be ints.\n"),
    subclassable: true,
    new: Some(time_new),
    slots: &[
        NativeSlot::Repr(time_repr),
        NativeSlot::Str(time_str),
        NativeSlot::Hash(time_hash),
        NativeSlot::RichCompare(time_compare),
    ],
    methods: &[
        MethodDef::method("isoformat", time_isoformat)
            .with_signature(&ISOFORMAT)
            .with_doc("Return string in ISO 8601 format, [HH[:MM[:SS[.mmm[uuu]]]]][+HH:MM].\n\nThe optional argument timespec specifies the number of additional terms\nof the time to include. Valid options are 'auto', 'hours', 'minutes',\n'seconds', 'milliseconds' and 'microseconds'.\n"),
        MethodDef::method("strftime", time_strftime)
            .with_signature(&STRFTIME)
            .with_doc("format -> strftime() style string."),
        MethodDef::method("__format__", time_format)
            .with_signature(&FORMAT)
            .with_doc("Formats self with strftime."),
        MethodDef::method("utcoffset", time_utcoffset)
            .with_signature(&UTCOFFSET)
            .with_doc("Return self.tzinfo.utcoffset(self)."),
        MethodDef::method("tzname", time_tzname)
            .with_signature(&TZNAME)
            .with_doc("Return self.tzinfo.tzname(self)."),
        MethodDef::method("dst", time_dst)
            .with_signature(&DST)
            .with_doc("Return self.tzinfo.dst(self)."),
        MethodDef::method("replace", time_replace)
            .with_signature(&REPLACE)
            .with_doc("Return time with new specified fields."),
        MethodDef::classmethod("fromisoformat", time_fromisoformat)
            .with_signature(&FROMISOFORMAT)
            .with_doc("string -> time from a string in ISO 8601 format"),
        MethodDef::method("__reduce_ex__", time_reduce_ex)
            .with_signature(&REDUCE_EX)
            .with_doc("__reduce_ex__(proto) -> (cls, state)"),
        MethodDef::method("__reduce__", time_reduce)
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
    ..NativeTypeSpec::new("time", "datetime")
};

static NEW: Signature = Signature::new(
    "time",
    "($type, hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *, fold=0)",
)
.parse_tuple_nameless()
.not_listed();
static ISOFORMAT: Signature = Signature::new("isoformat", "($self, timespec='auto')")
    .parse_tuple()
    .not_listed();
static STRFTIME: Signature = Signature::new("strftime", "($self, format)")
    .parse_tuple()
    .not_listed();
static FORMAT: Signature = Signature::new("__format__", "($self, format, /)")
    .parse_tuple()
    .not_listed();
static UTCOFFSET: Signature = Signature::unlisted("time", "utcoffset", "($self, /)");
static TZNAME: Signature = Signature::unlisted("time", "tzname", "($self, /)");
static DST: Signature = Signature::unlisted("time", "dst", "($self, /)");
static REPLACE: Signature = Signature::new(
    "replace",
    "($self, hour=None, minute=None, second=None, microsecond=None, tzinfo=None, *, fold=None)",
)
.parse_tuple()
.not_listed();
static FROMISOFORMAT: Signature =
    Signature::unlisted("time", "fromisoformat", "($type, time_string, /)");
static REDUCE_EX: Signature = Signature::new("__reduce_ex__", "($self, proto, /)")
    .parse_tuple()
    .not_listed();
static REDUCE: Signature = Signature::unlisted("time", "__reduce__", "($self, /)");

pub(crate) fn add_class_attributes(vm: &mut Vm, class: &ObjRef) -> PyResult<()> {
    let min = Time {
        hour: 0,
        minute: 0,
        second: 0,
        microsecond: 0,
        fold: 0,
        tzinfo: Value::None,
    };
    let max = Time {
        hour: 23,
        minute: 59,
        second: 59,
        microsecond: 999_999,
        ..min.clone()
    };
    let min = new_time(vm, min);
    let max = new_time(vm, max);
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

/// A tzinfo that arrived with a pickled state.
pub(crate) fn check_state_tzinfo(vm: &mut Vm, tzinfo: &Value) -> PyResult<()> {
    if tzinfo.is_none() || tzinfo::is_tzinfo(tzinfo) {
        Ok(())
    } else {
        Err(vm.new_error(Exc::TypeError, "bad tzinfo state arg"))
    }
}

fn time_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if let Some((cls, state, tzinfo)) = super::pickle_call(&args, true) {
        let plausible: fn(&[u32]) -> bool = |b| (b[0] & 0x7f) < 24;
        if let Some(b) = pickled_state(vm, &state, 6, plausible, "time")? {
            let cls = class_of_arg(vm, Some(cls))?;
            check_state_tzinfo(vm, &tzinfo)?;
            let t = Time {
                hour: u32::from(b[0] & 0x7f),
                minute: u32::from(b[1]),
                second: u32::from(b[2]),
                microsecond: u32::from(b[3]) << 16 | u32::from(b[4]) << 8 | u32::from(b[5]),
                fold: b[0] >> 7,
                tzinfo,
            };
            return Ok(new_native_object(vm, &cls, t));
        }
    }
    let (cls, [hour, minute, second, microsecond, tz, fold]) = NEW.bind(vm, args)?;
    let cls = class_of_arg(vm, cls)?;
    let hour = c_int_or(vm, &hour, 0)?;
    let minute = c_int_or(vm, &minute, 0)?;
    let second = c_int_or(vm, &second, 0)?;
    let microsecond = c_int_or(vm, &microsecond, 0)?;
    let tz = tz.unwrap_or(Value::None);
    let fold = fold_arg(vm, &fold)?;
    let (hour, minute, second, microsecond) =
        check_time_fields(vm, hour, minute, second, microsecond)?;
    tzinfo::check_tzinfo(vm, &tz)?;
    let t = Time {
        hour,
        minute,
        second,
        microsecond,
        fold,
        tzinfo: tz,
    };
    Ok(new_native_object(vm, &cls, t))
}

fn this_time(vm: &mut Vm, this: &Value) -> PyResult<Time> {
    as_time(this)
        .cloned()
        .ok_or_else(|| super::wrong_self(vm, "time", this))
}

fn bound_time(vm: &mut Vm, this: Option<Value>) -> PyResult<(Value, Time)> {
    let this = this.unwrap_or(Value::None);
    let t = this_time(vm, &this)?;
    Ok((this, t))
}

time_of_day_getters!(this_time);

fn time_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let t = this_time(vm, this)?;
    let name = super::repr_type_name(vm, this);
    let text = if t.microsecond != 0 {
        format!(
            "{name}({}, {}, {}, {})",
            t.hour, t.minute, t.second, t.microsecond
        )
    } else if t.second != 0 {
        format!("{name}({}, {}, {})", t.hour, t.minute, t.second)
    } else {
        format!("{name}({}, {})", t.hour, t.minute)
    };
    let text = repr_suffix(vm, text, &t.tzinfo, t.fold)?;
    Ok(vm.new_str(text))
}

fn time_str(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    vm.call_method(this, "isoformat", vec![])
}

fn time_isoformat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [timespec]) = ISOFORMAT.bind(vm, args)?;
    let (_, t) = bound_time(vm, this)?;
    let mut text = time_text(vm, (t.hour, t.minute, t.second, t.microsecond), &timespec)?;
    if let Some(offset) = tzinfo::call_offset(vm, &t.tzinfo, "utcoffset", &Value::None)? {
        text.push_str(&tzinfo::format_offset(offset, ":"));
    }
    Ok(vm.new_str(text))
}

fn time_strftime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [fmt]) = STRFTIME.bind(vm, args)?;
    let (_, t) = bound_time(vm, this)?;
    let fmt = fmt.unwrap_or(Value::None);
    format::format_text(vm, &fmt)?;
    // The date part of a time's struct_time is 1900-01-01.
    let fields = [
        1900,
        1,
        1,
        i64::from(t.hour),
        i64::from(t.minute),
        i64::from(t.second),
        0,
        1,
        -1,
    ];
    let timetuple = super::date::struct_time_of(vm, &fields)?;
    let subject = format::Subject {
        tzinfo: t.tzinfo.clone(),
        tzinfo_arg: Value::None,
        microsecond: t.microsecond,
    };
    format::wrap_strftime(vm, &fmt, &timetuple, &subject)
}

fn time_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [spec]) = FORMAT.bind(vm, args)?;
    format_with_strftime(
        vm,
        &this.unwrap_or(Value::None),
        &spec.unwrap_or(Value::None),
    )
}

fn offset_value(vm: &mut Vm, offset: Option<Delta>) -> Value {
    match offset {
        Some(d) => new_delta(vm, d),
        None => Value::None,
    }
}

fn time_utcoffset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = UTCOFFSET.bind(vm, args)?;
    let (_, t) = bound_time(vm, this)?;
    let offset = tzinfo::call_offset(vm, &t.tzinfo, "utcoffset", &Value::None)?;
    Ok(offset_value(vm, offset))
}

fn time_dst(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DST.bind(vm, args)?;
    let (_, t) = bound_time(vm, this)?;
    let offset = tzinfo::call_offset(vm, &t.tzinfo, "dst", &Value::None)?;
    Ok(offset_value(vm, offset))
}

fn time_tzname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TZNAME.bind(vm, args)?;
    let (_, t) = bound_time(vm, this)?;
    tzinfo::call_tzname(vm, &t.tzinfo, &Value::None)
}

fn time_hash(vm: &mut Vm, this: &Value) -> PyResult<i64> {
    let t = this_time(vm, this)?;
    let unfolded = Time {
        fold: 0,
        ..t.clone()
    };
    let probe = if t.fold != 0 {
        let class = vm.type_of(this);
        new_native_object(vm, &class, unfolded.clone())
    } else {
        this.clone()
    };
    match tzinfo::call_offset(vm, &t.tzinfo, "utcoffset", &Value::None)? {
        None => {
            let _ = probe;
            Ok(hash_bytes(&unfolded.state_bytes()))
        }
        Some(offset) => {
            let micros =
                i128::from(t.seconds()) * 1_000_000 + i128::from(t.microsecond) - offset.micros();
            let delta = delta_from_micros(vm, micros)?;
            let delta = new_delta(vm, delta);
            abstract_::hash(vm, &delta)
        }
    }
}

fn time_compare(vm: &mut Vm, this: &Value, other: &Value, op: usize) -> PyResult<Value> {
    let (Some(a), Some(b)) = (as_time(this).cloned(), as_time(other).cloned()) else {
        return Ok(vm.not_implemented());
    };
    let fields = |t: &Time| (t.hour, t.minute, t.second, t.microsecond);
    if a.tzinfo.is(&b.tzinfo) {
        let ord = fields(&a).cmp(&fields(&b));
        return Ok(Value::Bool(abstract_::ordering_result(Some(ord), op)));
    }
    let offset_a = tzinfo::call_offset(vm, &a.tzinfo, "utcoffset", &Value::None)?;
    let offset_b = tzinfo::call_offset(vm, &b.tzinfo, "utcoffset", &Value::None)?;
    let ord = match (offset_a, offset_b) {
        (x, y) if x == y => fields(&a).cmp(&fields(&b)),
        (Some(x), Some(y)) => {
            let shifted = |t: &Time, o: Delta| {
                (
                    t.seconds() - i64::from(o.days) * 86400 - i64::from(o.seconds),
                    t.microsecond,
                )
            };
            shifted(&a, x).cmp(&shifted(&b, y))
        }
        _ => {
            return match op {
                CMP_EQ => Ok(Value::Bool(false)),
                CMP_NE => Ok(Value::Bool(true)),
                _ => Err(vm.new_error(
                    Exc::TypeError,
                    "can't compare offset-naive and offset-aware times",
                )),
            };
        }
    };
    Ok(Value::Bool(abstract_::ordering_result(Some(ord), op)))
}

/// A copy with some fields changed, of the same class (made without calling it).
fn time_replace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [hour, minute, second, microsecond, tz, fold]) = REPLACE.bind(vm, args)?;
    let (this, t) = bound_time(vm, this)?;
    let hour = c_int_or(vm, &hour, t.hour as i32)?;
    let minute = c_int_or(vm, &minute, t.minute as i32)?;
    let second = c_int_or(vm, &second, t.second as i32)?;
    let microsecond = c_int_or(vm, &microsecond, t.microsecond as i32)?;
    let tz = tz.unwrap_or_else(|| t.tzinfo.clone());
    let fold = match fold {
        Some(_) => fold_arg(vm, &fold)?,
        None => t.fold,
    };
    let (hour, minute, second, microsecond) =
        check_time_fields(vm, hour, minute, second, microsecond)?;
    tzinfo::check_tzinfo(vm, &tz)?;
    let class = vm.type_of(&this);
    let t = Time {
        hour,
        minute,
        second,
        microsecond,
        fold,
        tzinfo: tz,
    };
    Ok(new_native_object(vm, &class, t))
}

fn time_fromisoformat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [text]) = FROMISOFORMAT.bind(vm, args)?;
    let cls = class_of_arg(vm, cls)?;
    let text = text.unwrap_or(Value::None);
    let Some(s) = abstract_::value_as_str(&text).map(str::to_owned) else {
        return Err(vm.new_error(Exc::TypeError, "fromisoformat: argument must be str"));
    };
    let Some(parsed) = iso::parse_time_only(&s) else {
        let text = abstract_::repr_string(vm, &text)?;
        return Err(vm.new_error(Exc::ValueError, format!("Invalid isoformat string: {text}")));
    };
    let tz = parsed_tzinfo(vm, parsed.offset)?;
    let (hour, minute, second, microsecond) = check_time_fields(
        vm,
        parsed.hour,
        parsed.minute,
        parsed.second,
        parsed.microsecond,
    )?;
    if is_exactly(&cls, &state(vm).time) {
        let t = Time {
            hour,
            minute,
            second,
            microsecond,
            fold: 0,
            tzinfo: tz,
        };
        return Ok(new_time(vm, t));
    }
    let fields = vec![
        int_value(hour),
        int_value(minute),
        int_value(second),
        int_value(microsecond),
        tz,
    ];
    super::call_class(vm, &cls, fields)
}

/// `(type(self), (state,))` or `(type(self), (state, tzinfo))`; protocols above 3
/// carry the fold in the hour's high bit.
fn reduce_with(vm: &mut Vm, this: &Value, t: &Time, proto: i64) -> Value {
    let mut bytes = t.state_bytes();
    if proto > 3 && t.fold != 0 {
        bytes[0] |= 0x80;
    }
    let state = vm.new_bytes(bytes.to_vec());
    let args = if t.tzinfo.is_none() {
        vm.new_tuple(vec![state])
    } else {
        vm.new_tuple(vec![state, t.tzinfo.clone()])
    };
    let class = Value::Obj(vm.type_of(this));
    vm.new_tuple(vec![class, args])
}

fn time_reduce_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [proto]) = REDUCE_EX.bind(vm, args)?;
    let (this, t) = bound_time(vm, this)?;
    let proto = c_int_or(vm, &proto, 0)?;
    Ok(reduce_with(vm, &this, &t, i64::from(proto)))
}

fn time_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = REDUCE.bind(vm, args)?;
    let (this, t) = bound_time(vm, this)?;
    Ok(reduce_with(vm, &this, &t, 2))
}
