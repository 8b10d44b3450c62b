//! `date`: a day of the proleptic Gregorian calendar. `datetime` derives from it;
//! the methods here read the date fields of either.

use krait_bytecode::opcode_table::{NB_ADD, NB_SUBTRACT};
use krait_vm::native::{native_data, new_native_object, MethodDef, NativeData, NativeTypeSpec};
use krait_vm::object::GetSet;
use krait_vm::objects::function::Args;
use krait_vm::objects::{add_method, structseq};
use krait_vm::pyhash::hash_bytes;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, Payload, PyResult, Value, Vm};

use super::calendar::{self, IsoError, MAXYEAR, MAX_ORDINAL, MINYEAR};
use super::timedelta::{as_delta, new_delta, Delta};
use super::{c_int, c_int_or, class_of_arg, datetime, format, int_value, is_exactly, iso, state};

/// A valid date.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(crate) struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl NativeData for Date {
    fn holds_values(&self) -> bool {
        false
    }
}

impl Date {
    pub fn ordinal(self) -> i64 {
        calendar::ymd_to_ord(self.year, self.month, self.day)
    }

    pub fn from_ordinal(ordinal: i64) -> Date {
        let (year, month, day) = calendar::ord_to_ymd(ordinal);
        Date { year, month, day }
    }

    pub fn weekday(self) -> u32 {
        calendar::weekday(self.year, self.month, self.day)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The pickled form: year in two bytes, month, day.
    pub fn state_bytes(self) -> [u8; 4] {
        [
            (self.year >> 8) as u8,
            self.year as u8,
            self.month as u8,
            self.day as u8,
        ]
    }
}

/// The date fields of a date or a datetime.
pub(crate) fn date_of(v: &Value) -> Option<Date> {
    native_data::<Date>(v)
        .copied()
        .or_else(|| datetime::as_datetime(v).map(|dt| dt.date()))
}

/// CPython's checks on the three fields, with its messages.
pub(crate) fn check_date(vm: &mut Vm, year: i32, month: i32, day: i32) -> PyResult<Date> {
    if !(MINYEAR..=MAXYEAR).contains(&year) {
        return Err(vm.new_error(Exc::ValueError, format!("year {year} is out of range")));
    }
    if !(1..=12).contains(&month) {
        return Err(vm.new_error(Exc::ValueError, "month must be in 1..12"));
    }
    if day < 1 || day as u32 > calendar::days_in_month(year, month as u32) {
        return Err(vm.new_error(Exc::ValueError, "day is out of range for month"));
    }
    Ok(Date {
        year,
        month: month as u32,
        day: day as u32,
    })
}

/// A new date of class `class`: made directly for `date` itself, through a call
/// for classes derived from it (whose `__new__` may differ), as CPython does.
pub(crate) fn new_date_of_class(vm: &mut Vm, class: &ObjRef, d: Date) -> PyResult<Value> {
    let state = state(vm);
    if is_exactly(class, &state.date) {
        return Ok(new_native_object(vm, class, d));
    }
    if is_exactly(class, &state.datetime) {
        return Ok(datetime::new_datetime(
            vm,
            datetime::DateTime::midnight(d, Value::None),
        ));
    }
    let fields = vec![int_value(d.year), int_value(d.month), int_value(d.day)];
    super::call_class(vm, class, fields)
}

pub(crate) fn new_date(vm: &mut Vm, d: Date) -> Value {
    let class = state(vm).date.clone();
    new_native_object(vm, &class, d)
}

pub(crate) static DATE_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("date(year, month, day) --> date object"),
    subclassable: true,
    new: Some(date_new),
    slots: &[
        NativeSlot::Repr(date_repr),
        NativeSlot::Str(date_str),
        NativeSlot::Hash(date_hash),
        NativeSlot::RichCompare(date_compare),
        NativeSlot::Binary(NB_ADD, date_number),
        NativeSlot::Binary(NB_SUBTRACT, date_number),
    ],
    methods: &[
        MethodDef::classmethod("fromtimestamp", date_fromtimestamp)
            .with_signature(&FROMTIMESTAMP)
            .with_doc("Create a date from a POSIX timestamp.\n\nThe timestamp is a number, e.g. created via time.time(), that is interpreted\nas local time."),
        MethodDef::classmethod("fromordinal", date_fromordinal)
            .with_signature(&FROMORDINAL)
            .with_doc("int -> date corresponding to a proleptic Gregorian ordinal."),
        MethodDef::classmethod("fromisoformat", date_fromisoformat)
            .with_signature(&FROMISOFORMAT)
            .with_doc("str -> Construct a date from a string in ISO 8601 format."),
        MethodDef::classmethod("fromisocalendar", date_fromisocalendar)
            .with_signature(&FROMISOCALENDAR)
            .with_doc("int, int, int -> Construct a date from the ISO year, week number and weekday.\n\nThis is the inverse of the date.isocalendar() function"),
        MethodDef::classmethod("today", date_today)
            .with_signature(&TODAY)
            .with_doc("Current date or datetime:  same as self.__class__.fromtimestamp(time.time())."),
        MethodDef::method("ctime", date_ctime)
            .with_signature(&CTIME)
            .with_doc("Return ctime() style string."),
        MethodDef::method("strftime", date_strftime)
            .with_signature(&STRFTIME)
            .with_doc("format -> strftime() style string."),
        MethodDef::method("__format__", date_format)
            .with_signature(&FORMAT)
            .with_doc("Formats self with strftime."),
        MethodDef::method("timetuple", date_timetuple)
            .with_signature(&TIMETUPLE)
            .with_doc("Return time tuple, compatible with time.localtime()."),
        MethodDef::method("isocalendar", date_isocalendar)
            .with_signature(&ISOCALENDAR)
            .with_doc("Return a named tuple containing ISO year, week number, and weekday."),
        MethodDef::method("isoformat", date_isoformat)
            .with_signature(&ISOFORMAT)
            .with_doc("Return string in ISO 8601 format, YYYY-MM-DD."),
        MethodDef::method("isoweekday", date_isoweekday)
            .with_signature(&ISOWEEKDAY)
            .with_doc("Return the day of the week represented by the date.\nMonday == 1 ... Sunday == 7"),
        MethodDef::method("toordinal", date_toordinal)
            .with_signature(&TOORDINAL)
            .with_doc("Return proleptic Gregorian ordinal.  January 1 of year 1 is day 1."),
        MethodDef::method("weekday", date_weekday)
            .with_signature(&WEEKDAY)
            .with_doc("Return the day of the week represented by the date.\nMonday == 0 ... Sunday == 6"),
        MethodDef::method("replace", date_replace)
            .with_signature(&REPLACE)
            .with_doc("Return date with new specified fields."),
        MethodDef::method("__reduce__", date_reduce)
            .with_signature(&REDUCE)
            .with_doc("__reduce__() -> (cls, state)"),
    ],
    getsets: &[
        GetSet {
            name: "year",
            get: get_year,
            set: None,
        },
        GetSet {
            name: "month",
            get: get_month,
            set: None,
        },
        GetSet {
            name: "day",
            get: get_day,
            set: None,
        },
    ],
    ..NativeTypeSpec::new("date", "datetime")
};

static NEW: Signature = Signature::new("", "($type, year, month, day)")
    .parse_tuple_nameless()
    .not_listed();
static FROMTIMESTAMP: Signature = Signature::of("date", "fromtimestamp", "($type, timestamp, /)");
static FROMORDINAL: Signature = Signature::new("fromordinal", "($type, ordinal, /)")
    .parse_tuple()
    .not_listed();
static FROMISOFORMAT: Signature =
    Signature::unlisted("date", "fromisoformat", "($type, date_string, /)");
static FROMISOCALENDAR: Signature = Signature::new("fromisocalendar", "($type, year, week, day)")
    .parse_tuple()
    .not_listed();
static TODAY: Signature = Signature::unlisted("date", "today", "($type, /)");
static CTIME: Signature = Signature::unlisted("date", "ctime", "($self, /)");
static STRFTIME: Signature = Signature::new("strftime", "($self, format)")
    .parse_tuple()
    .not_listed();
static FORMAT: Signature = Signature::new("__format__", "($self, format, /)")
    .parse_tuple()
    .not_listed();
static TIMETUPLE: Signature = Signature::unlisted("date", "timetuple", "($self, /)");
static ISOCALENDAR: Signature = Signature::unlisted("date", "isocalendar", "($self, /)");
static ISOFORMAT: Signature = Signature::unlisted("date", "isoformat", "($self, /)");
static ISOWEEKDAY: Signature = Signature::unlisted("date", "isoweekday", "($self, /)");
static TOORDINAL: Signature = Signature::unlisted("date", "toordinal", "($self, /)");
static WEEKDAY: Signature = Signature::unlisted("date", "weekday", "($self, /)");
static REPLACE: Signature = Signature::new("replace", "($self, year=None, month=None, day=None)")
    .parse_tuple()
    .not_listed();
static REDUCE: Signature = Signature::unlisted("date", "__reduce__", "($self, /)");

pub(crate) fn add_class_attributes(vm: &mut Vm, class: &ObjRef) -> PyResult<()> {
    let min = new_date(vm, Date::from_ordinal(1));
    let max = new_date(vm, Date::from_ordinal(MAX_ORDINAL));
    let resolution = new_delta(
        vm,
        Delta {
            days: 1,
            ..Delta::ZERO
        },
    );
    super::set_class_attr(vm, class, "min", min);
    super::set_class_attr(vm, class, "max", max);
    super::set_class_attr(vm, class, "resolution", resolution);
    Ok(())
}

/// `IsoCalendarDate` pickles as the plain tuple it is.
pub(crate) fn finish_iso_calendar_date(vm: &mut Vm, class: &ObjRef) {
    add_method(vm, class, "__reduce__", iso_calendar_date_reduce);
}

fn iso_calendar_date_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let items = abstract_::tuple_items(&this).unwrap_or_default();
    let tuple_class = Value::Obj(vm.types.tuple.clone());
    let plain = vm.new_tuple(items);
    let args = vm.new_tuple(vec![plain]);
    Ok(vm.new_tuple(vec![tuple_class, args]))
}

/// The pickled state in a constructor's first argument, if it is one: bytes, or a
/// str of latin-1 characters as Python 2 pickles arrive, of length `len`, which
/// `plausible` accepts. `kind` names the type in the error for other characters.
pub(crate) fn pickled_state(
    vm: &mut Vm,
    v: &Value,
    len: usize,
    plausible: fn(&[u32]) -> bool,
    kind: &str,
) -> PyResult<Option<Vec<u8>>> {
    let Value::Obj(o) = v else { return Ok(None) };
    let units: Vec<u32> = match &o.payload {
        Payload::Bytes(b) => b.iter().map(|&b| u32::from(b)).collect(),
        _ => match abstract_::value_as_str(v) {
            Some(text) => text.chars().map(u32::from).collect(),
            None => return Ok(None),
        },
    };
    if units.len() != len || !plausible(&units) {
        return Ok(None);
    }
    if units.iter().any(|&c| c > 0xff) {
        return Err(vm.new_error(Exc::ValueError, format!(
            "Failed to encode latin1 string when unpickling a {kind} object. pickle.load(data, encoding='latin1') is assumed."
        )));
    }
    Ok(Some(units.iter().map(|&c| c as u8).collect()))
}

fn date_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if let Some((cls, state, _)) = super::pickle_call(&args, false) {
        let plausible: fn(&[u32]) -> bool = |b| (1..=12).contains(&b[2]);
        if let Some(b) = pickled_state(vm, &state, 4, plausible, "date")? {
            let cls = class_of_arg(vm, Some(cls))?;
            // Like CPython, only the month of a pickled state is checked.
            let d = Date {
                year: i32::from(b[0]) << 8 | i32::from(b[1]),
                month: u32::from(b[2]),
                day: u32::from(b[3]),
            };
            return Ok(new_native_object(vm, &cls, d));
        }
    }
    convert_leading_fields(vm, &args)?;
    let (cls, [year, month, day]) = NEW.bind(vm, args)?;
    let cls = class_of_arg(vm, cls)?;
    let year = c_int_or(vm, &year, 0)?;
    let month = c_int_or(vm, &month, 0)?;
    let day = c_int_or(vm, &day, 0)?;
    let d = check_date(vm, year, month, day)?;
    Ok(new_native_object(vm, &cls, d))
}

/// When fewer than the three date fields come by position, the ones given are
/// converted before a missing one is reported: `date("2020")` complains about the
/// str, as CPython's argument parser, which converts in order, does.
pub(crate) fn convert_leading_fields(vm: &mut Vm, args: &Args) -> PyResult<()> {
    let [_, fields @ ..] = args.pos.as_slice() else {
        return Ok(());
    };
    if fields.len() < 3 {
        for v in fields {
            c_int(vm, v)?;
        }
    }
    Ok(())
}

fn this_date(vm: &mut Vm, this: &Option<Value>) -> PyResult<Date> {
    let this = this.clone().unwrap_or(Value::None);
    date_of(&this).ok_or_else(|| super::wrong_self(vm, "date", &this))
}

fn get_year(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(int_value(this_date(vm, &Some(this.clone()))?.year))
}

fn get_month(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(int_value(this_date(vm, &Some(this.clone()))?.month))
}

fn get_day(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(int_value(this_date(vm, &Some(this.clone()))?.day))
}

fn date_fromtimestamp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [timestamp]) = FROMTIMESTAMP.bind(vm, args)?;
    let cls = class_of_arg(vm, cls)?;
    let seconds = datetime::timestamp_seconds(vm, &timestamp.unwrap_or(Value::None))?;
    let local = datetime::local_time(vm, seconds)?;
    let d = check_date(vm, local.year, local.month as i32, local.day as i32)?;
    new_date_of_class(vm, &cls, d)
}

fn date_today(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, []) = TODAY.bind(vm, args)?;
    let now = datetime::time_time(vm)?;
    vm.call_method(&cls.unwrap_or(Value::None), "fromtimestamp", vec![now])
}

fn date_fromordinal(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [ordinal]) = FROMORDINAL.bind(vm, args)?;
    let cls = class_of_arg(vm, cls)?;
    let ordinal = c_int(vm, &ordinal.unwrap_or(Value::None))?;
    if ordinal < 1 {
        return Err(vm.new_error(Exc::ValueError, "ordinal must be >= 1"));
    }
    let d = Date::from_ordinal(i64::from(ordinal));
    let d = check_date(vm, d.year, d.month as i32, d.day as i32)?;
    new_date_of_class(vm, &cls, d)
}

fn date_fromisoformat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [text]) = FROMISOFORMAT.bind(vm, args)?;
    let cls = class_of_arg(vm, cls)?;
    let text = text.unwrap_or(Value::None);
    let Some(s) = abstract_::value_as_str(&text).map(str::to_owned) else {
        return Err(vm.new_error(Exc::TypeError, "fromisoformat: argument must be str"));
    };
    let Some((year, month, day)) = iso::parse_date_only(&s) else {
        let text = abstract_::repr_string(vm, &text)?;
        return Err(vm.new_error(Exc::ValueError, format!("Invalid isoformat string: {text}")));
    };
    let d = check_date(vm, year, month, day)?;
    new_date_of_class(vm, &cls, d)
}

fn date_fromisocalendar(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [year, week, day]) = FROMISOCALENDAR.bind(vm, args)?;
    let cls = class_of_arg(vm, cls)?;
    let mut fields = [0i32; 3];
    for (field, value) in fields.iter_mut().zip([&year, &week, &day]) {
        *field = match c_int_or(vm, value, 0) {
            Ok(n) => n,
            Err(e) if vm.err_matches(&e, Exc::OverflowError) => {
                return Err(vm.new_error(Exc::ValueError, "ISO calendar component out of range"))
            }
            Err(e) => return Err(e),
        };
    }
    let [year, week, day] = fields;
    let (y, m, d) = match calendar::iso_to_ymd(year, week, day) {
        Ok(ymd) => ymd,
        Err(IsoError::Year) => {
            return Err(vm.new_error(Exc::ValueError, format!("Year is out of range: {year}")))
        }
        Err(IsoError::Week) => {
            return Err(vm.new_error(Exc::ValueError, format!("Invalid week: {week}")))
        }
        Err(IsoError::Day) => {
            return Err(vm.new_error(
                Exc::ValueError,
                format!("Invalid day: {day} (range is [1, 7])"),
            ))
        }
    };
    new_date_of_class(
        vm,
        &cls,
        Date {
            year: y,
            month: m,
            day: d,
        },
    )
}

fn date_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let d = this_date(vm, &Some(this.clone()))?;
    let name = super::repr_type_name(vm, this);
    Ok(vm.new_str(format!("{name}({}, {}, {})", d.year, d.month, d.day)))
}

/// `str(d)` is `d.isoformat()`, looked up so that a derived class's is used.
fn date_str(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    vm.call_method(this, "isoformat", vec![])
}

fn date_isoformat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ISOFORMAT.bind(vm, args)?;
    let d = this_date(vm, &this)?;
    Ok(vm.new_str(d.iso()))
}

fn date_hash(vm: &mut Vm, this: &Value) -> PyResult<i64> {
    let d = this_date(vm, &Some(this.clone()))?;
    Ok(hash_bytes(&d.state_bytes()))
}

/// Dates compare by their date fields, a datetime's included when it is the other
/// operand (datetime's own comparison, tried first, refuses to mix the two).
fn date_compare(vm: &mut Vm, this: &Value, other: &Value, op: usize) -> PyResult<Value> {
    match (date_of(this), date_of(other)) {
        (Some(a), Some(b)) => Ok(Value::Bool(abstract_::ordering_result(Some(a.cmp(&b)), op))),
        _ => Ok(vm.not_implemented()),
    }
}

/// The date `days` after `d`, of the class of `like`.
fn shift_date(vm: &mut Vm, like: &Value, d: Date, days: i64) -> PyResult<Value> {
    let ordinal = d.ordinal() + days;
    if !(1..=MAX_ORDINAL).contains(&ordinal) {
        return Err(vm.new_error(Exc::OverflowError, "date value out of range"));
    }
    let class = vm.type_of(like);
    new_date_of_class(vm, &class, Date::from_ordinal(ordinal))
}

/// `date + timedelta`, `timedelta + date`, `date - timedelta`, `date - date`.
fn date_number(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    if datetime::is_datetime(a) || datetime::is_datetime(b) {
        return Ok(vm.not_implemented());
    }
    match (op, date_of(a), date_of(b)) {
        (NB_ADD, Some(d), None) => match as_delta(b) {
            Some(delta) => shift_date(vm, a, d, delta.days.into()),
            None => Ok(vm.not_implemented()),
        },
        (NB_ADD, None, Some(d)) => match as_delta(a) {
            Some(delta) => shift_date(vm, b, d, delta.days.into()),
            None => Ok(vm.not_implemented()),
        },
        (NB_SUBTRACT, Some(d), None) => match as_delta(b) {
            Some(delta) => shift_date(vm, a, d, -i64::from(delta.days)),
            None => Ok(vm.not_implemented()),
        },
        (NB_SUBTRACT, Some(x), Some(y)) => {
            let days = (x.ordinal() - y.ordinal()) as i32;
            Ok(new_delta(
                vm,
                Delta {
                    days,
                    ..Delta::ZERO
                },
            ))
        }
        _ => Ok(vm.not_implemented()),
    }
}

fn date_ctime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CTIME.bind(vm, args)?;
    let d = this_date(vm, &this)?;
    Ok(vm.new_str(format::ctime(d, 0, 0, 0)))
}

fn date_strftime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [fmt]) = STRFTIME.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let fmt = fmt.unwrap_or(Value::None);
    format::format_text(vm, &fmt)?;
    let timetuple = vm.call_method(&this, "timetuple", vec![])?;
    // A datetime formats through this method too, with its tzinfo and microseconds.
    let subject = match datetime::as_datetime(&this) {
        Some(dt) => format::Subject {
            tzinfo: dt.tzinfo.clone(),
            tzinfo_arg: this.clone(),
            microsecond: dt.microsecond,
        },
        None => format::Subject {
            tzinfo: Value::None,
            tzinfo_arg: Value::None,
            microsecond: 0,
        },
    };
    format::wrap_strftime(vm, &fmt, &timetuple, &subject)
}

/// `format(d, spec)`: `str(d)` for an empty spec, else `d.strftime(spec)`.
pub(crate) fn format_with_strftime(vm: &mut Vm, this: &Value, spec: &Value) -> PyResult<Value> {
    let Some(text) = abstract_::value_as_str(spec)
        .map(str::to_owned)
        .or_else(|| {
            let str_type = vm.types.str.clone();
            vm.isinstance(spec, &str_type).then(String::new)
        })
    else {
        let name = vm.type_name_of(spec);
        return Err(vm.new_error(
            Exc::TypeError,
            format!("__format__() argument 1 must be str, not {name}"),
        ));
    };
    if text.is_empty() {
        return abstract_::str_(vm, this);
    }
    vm.call_method(this, "strftime", vec![spec.clone()])
}

fn date_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [spec]) = FORMAT.bind(vm, args)?;
    format_with_strftime(
        vm,
        &this.unwrap_or(Value::None),
        &spec.unwrap_or(Value::None),
    )
}

/// `time.struct_time` of a date and time of day, with `isdst` as given.
pub(crate) fn struct_time(
    vm: &mut Vm,
    d: Date,
    hms: (u32, u32, u32),
    isdst: i64,
) -> PyResult<Value> {
    let year_day = d.ordinal() - calendar::ymd_to_ord(d.year, 1, 1) + 1;
    let fields = [
        i64::from(d.year),
        i64::from(d.month),
        i64::from(d.day),
        i64::from(hms.0),
        i64::from(hms.1),
        i64::from(hms.2),
        i64::from(d.weekday()),
        year_day,
        isdst,
    ];
    struct_time_of(vm, &fields)
}

/// `time.struct_time(fields)`.
pub(crate) fn struct_time_of(vm: &mut Vm, fields: &[i64; 9]) -> PyResult<Value> {
    let items = fields.iter().map(|&n| Value::Int(n)).collect();
    let time = krait_vm::import::import_full(vm, "time")?;
    let struct_time = abstract_::getattr_str(vm, &time, "struct_time")?;
    let tuple = vm.new_tuple(items);
    vm.call1(&struct_time, vec![tuple])
}

fn date_timetuple(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TIMETUPLE.bind(vm, args)?;
    let d = this_date(vm, &this)?;
    struct_time(vm, d, (0, 0, 0), -1)
}

fn date_isocalendar(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ISOCALENDAR.bind(vm, args)?;
    let d = this_date(vm, &this)?;
    let (year, week, weekday) = calendar::iso_calendar(d.year, d.month, d.day);
    let class = state(vm).iso_calendar_date.clone();
    let fields = vec![int_value(year), int_value(week), int_value(weekday)];
    Ok(structseq::new(vm, &class, fields))
}

fn date_isoweekday(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ISOWEEKDAY.bind(vm, args)?;
    Ok(int_value(this_date(vm, &this)?.weekday() + 1))
}

fn date_weekday(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = WEEKDAY.bind(vm, args)?;
    Ok(int_value(this_date(vm, &this)?.weekday()))
}

fn date_toordinal(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TOORDINAL.bind(vm, args)?;
    Ok(Value::Int(this_date(vm, &this)?.ordinal()))
}

/// A copy with some fields changed, of the same class (made without calling it).
fn date_replace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [year, month, day]) = REPLACE.bind(vm, args)?;
    let d = this_date(vm, &this)?;
    let year = c_int_or(vm, &year, d.year)?;
    let month = c_int_or(vm, &month, d.month as i32)?;
    let day = c_int_or(vm, &day, d.day as i32)?;
    let d = check_date(vm, year, month, day)?;
    let class = vm.type_of(&this.unwrap_or(Value::None));
    Ok(new_native_object(vm, &class, d))
}

fn date_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = REDUCE.bind(vm, args)?;
    let d = this_date(vm, &this)?;
    let class = Value::Obj(vm.type_of(&this.unwrap_or(Value::None)));
    let state = vm.new_bytes(d.state_bytes().to_vec());
    let args = vm.new_tuple(vec![state]);
    Ok(vm.new_tuple(vec![class, args]))
}
