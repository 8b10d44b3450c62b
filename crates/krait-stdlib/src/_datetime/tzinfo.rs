//! `tzinfo`, the abstract base of time zones, and `timezone`, a fixed offset from
//! UTC with an optional name. Also how the other types ask a tzinfo for its
//! offsets and name, with CPython's checks on what it answers.

use krait_bytecode::opcode_table::{CMP_EQ, CMP_NE, NB_ADD};
use krait_vm::native::{native_data, new_native_object, MethodDef, NativeData, NativeTypeSpec};
use krait_vm::objects::function::Args;
use krait_vm::objects::typeobject;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, PyResult, Value, Vm};

use super::calendar::US_PER_DAY;
use super::timedelta::{as_delta, new_delta, Delta};
use super::{datetime, state};

/// A `tzinfo` (or an instance of a Python class derived from it): no state.
pub(crate) struct TzInfoBase;

impl NativeData for TzInfoBase {
    fn holds_values(&self) -> bool {
        false
    }
}

/// A `timezone`: its offset and the name it was given.
pub(crate) struct Timezone {
    offset: Delta,
    name: Option<Value>,
}

impl NativeData for Timezone {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        if let Some(name) = &self.name {
            visit(name);
        }
        true
    }
}

pub(crate) fn is_tzinfo(v: &Value) -> bool {
    native_data::<TzInfoBase>(v).is_some() || native_data::<Timezone>(v).is_some()
}

/// `None` or a tzinfo, as the constructors require of their `tzinfo` argument.
pub(crate) fn check_tzinfo(vm: &mut Vm, v: &Value) -> PyResult<()> {
    if v.is_none() || is_tzinfo(v) {
        return Ok(());
    }
    let name = vm.type_name_of(v);
    Err(vm.new_error(
        Exc::TypeError,
        format!("tzinfo argument must be None or of a tzinfo subclass, not type '{name}'"),
    ))
}

/// `tzinfo.utcoffset(arg)` or `tzinfo.dst(arg)` (`method`), checked: `None`, or a
/// timedelta strictly within a day either way.
pub(crate) fn call_offset(
    vm: &mut Vm,
    tzinfo: &Value,
    method: &str,
    arg: &Value,
) -> PyResult<Option<Delta>> {
    if tzinfo.is_none() {
        return Ok(None);
    }
    let result = vm.call_method(tzinfo, method, vec![arg.clone()])?;
    if result.is_none() {
        return Ok(None);
    }
    let Some(offset) = as_delta(&result) else {
        let name = vm.type_name_of(&result);
        return Err(vm.new_error(
            Exc::TypeError,
            format!("tzinfo.{method}() must return None or timedelta, not '{name}'"),
        ));
    };
    if offset.micros().abs() >= i128::from(US_PER_DAY) {
        return Err(vm.new_error(
            Exc::ValueError,
            "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24).",
        ));
    }
    Ok(Some(offset))
}

/// `tzinfo.tzname(arg)`, checked: `None` or a str.
pub(crate) fn call_tzname(vm: &mut Vm, tzinfo: &Value, arg: &Value) -> PyResult<Value> {
    if tzinfo.is_none() {
        return Ok(Value::None);
    }
    let result = vm.call_method(tzinfo, "tzname", vec![arg.clone()])?;
    if result.is_none()
        || abstract_::value_as_str(&result).is_some()
        || is_str_subclass(vm, &result)
    {
        return Ok(result);
    }
    let name = vm.type_name_of(&result);
    Err(vm.new_error(
        Exc::TypeError,
        format!("tzinfo.tzname() must return None or a string, not '{name}'"),
    ))
}

fn is_str_subclass(vm: &Vm, v: &Value) -> bool {
    let str_type = vm.types.str.clone();
    vm.isinstance(v, &str_type)
}

/// `+HH:MM`, with `:SS` and `.ffffff` only when they are not zero; `sep` goes
/// between the fields (`%z` uses none).
pub(crate) fn format_offset(offset: Delta, sep: &str) -> String {
    let micros = offset.micros();
    let sign = if micros < 0 { '-' } else { '+' };
    let magnitude = micros.abs();
    let us = magnitude % 1_000_000;
    let seconds = magnitude / 1_000_000;
    let (hh, mm, ss) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut text = format!("{sign}{hh:02}{sep}{mm:02}");
    if ss != 0 || us != 0 {
        text.push_str(&format!("{sep}{ss:02}"));
        if us != 0 {
            text.push_str(&format!(".{us:06}"));
        }
    }
    text
}

pub(crate) static TZINFO_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("Abstract base class for time zone info objects."),
    subclassable: true,
    new: Some(tzinfo_new),
    methods: &[
        MethodDef::method("tzname", tzinfo_tzname)
            .with_signature(&TZNAME)
            .with_doc("datetime -> string name of time zone."),
        MethodDef::method("utcoffset", tzinfo_utcoffset)
            .with_signature(&UTCOFFSET)
            .with_doc("datetime -> timedelta showing offset from UTC, negative values indicating West of UTC"),
        MethodDef::method("dst", tzinfo_dst)
            .with_signature(&DST)
            .with_doc("datetime -> DST offset as timedelta positive east of UTC."),
        MethodDef::method("fromutc", tzinfo_fromutc)
            .with_signature(&FROMUTC)
            .with_doc("datetime in UTC -> datetime in local time."),
        MethodDef::method("__reduce__", tzinfo_reduce)
            .with_signature(&REDUCE)
            .with_doc("-> (cls, state)"),
    ],
    ..NativeTypeSpec::new("tzinfo", "datetime")
};

static TZNAME: Signature = Signature::unlisted("tzinfo", "tzname", "($self, dt, /)");
static UTCOFFSET: Signature = Signature::unlisted("tzinfo", "utcoffset", "($self, dt, /)");
static DST: Signature = Signature::unlisted("tzinfo", "dst", "($self, dt, /)");
static FROMUTC: Signature = Signature::unlisted("tzinfo", "fromutc", "($self, dt, /)");
static REDUCE: Signature = Signature::unlisted("tzinfo", "__reduce__", "($self, /)");

/// `tzinfo()` takes no arguments unless a derived class has an `__init__` that does.
fn tzinfo_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = super::class_of_arg(vm, args.pos.first().cloned())?;
    let has_args = args.pos.len() > 1 || !args.kw.is_empty();
    if has_args {
        let init = typeobject::lookup(&cls, "__init__");
        let object_init = typeobject::lookup(&vm.types.object.clone(), "__init__");
        if matches!((&init, &object_init), (Some(a), Some(b)) if a.is(b)) {
            let name = typeobject::type_name(&cls);
            return Err(vm.new_error(Exc::TypeError, format!("{name}() takes no arguments")));
        }
    }
    Ok(new_native_object(vm, &cls, TzInfoBase))
}

fn not_implemented(vm: &mut Vm, method: &str) -> krait_vm::PyErr {
    vm.new_error(
        Exc::NotImplementedError,
        format!("a tzinfo subclass must implement {method}()"),
    )
}

fn tzinfo_tzname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    TZNAME.bind::<1>(vm, args)?;
    Err(not_implemented(vm, "tzname"))
}

fn tzinfo_utcoffset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    UTCOFFSET.bind::<1>(vm, args)?;
    Err(not_implemented(vm, "utcoffset"))
}

fn tzinfo_dst(vm: &mut Vm, args: Args) -> PyResult<Value> {
    DST.bind::<1>(vm, args)?;
    Err(not_implemented(vm, "dst"))
}

/// The default conversion from UTC: add the standard offset (utcoffset - dst),
/// then the dst of the result.
fn tzinfo_fromutc(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [dt]) = FROMUTC.bind(vm, args)?;
    let (this, dt) = (this.unwrap_or(Value::None), dt.unwrap_or(Value::None));
    check_fromutc_argument(vm, &this, &dt)?;
    let Some(offset) = call_offset(vm, &this, "utcoffset", &dt)? else {
        return Err(vm.new_error(
            Exc::ValueError,
            "fromutc: non-None utcoffset() result required",
        ));
    };
    let Some(dst) = call_offset(vm, &this, "dst", &dt)? else {
        return Err(vm.new_error(Exc::ValueError, "fromutc: non-None dst() result required"));
    };
    let standard = super::timedelta::delta_from_micros(vm, offset.micros() - dst.micros())?;
    let standard = new_delta(vm, standard);
    let dt = abstract_::binary_op(vm, &dt, &standard, NB_ADD)?;
    let tzinfo = datetime::tzinfo_of(&dt);
    let Some(dst) = call_offset(vm, &tzinfo, "dst", &dt)? else {
        return Err(vm.new_error(
            Exc::ValueError,
            "fromutc: tz.dst() gave inconsistent results; cannot convert",
        ));
    };
    let dst = new_delta(vm, dst);
    abstract_::binary_op(vm, &dt, &dst, NB_ADD)
}

fn check_fromutc_argument(vm: &mut Vm, this: &Value, dt: &Value) -> PyResult<()> {
    if !datetime::is_datetime(dt) {
        return Err(vm.new_error(Exc::TypeError, "fromutc: argument must be a datetime"));
    }
    if !datetime::tzinfo_of(dt).is(this) {
        return Err(vm.new_error(Exc::ValueError, "fromutc: dt.tzinfo is not self"));
    }
    Ok(())
}

/// `(type(self), self.__getinitargs__() or (), self.__getstate__())`: a tzinfo
/// derived in Python pickles its constructor arguments and its `__dict__`.
fn tzinfo_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = REDUCE.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let init_args = match abstract_::getattr_optional(vm, &this, "__getinitargs__")? {
        Some(f) => vm.call1(&f, vec![])?,
        None => vm.new_tuple(vec![]),
    };
    let state = match abstract_::getattr_optional(vm, &this, "__getstate__")? {
        Some(f) => vm.call1(&f, vec![])?,
        None => Value::None,
    };
    let class = Value::Obj(vm.type_of(&this));
    Ok(vm.new_tuple(vec![class, init_args, state]))
}

pub(crate) static TIMEZONE_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("Fixed offset from UTC implementation of tzinfo."),
    new: Some(timezone_new),
    slots: &[
        NativeSlot::Repr(timezone_repr),
        NativeSlot::Str(timezone_str),
        NativeSlot::Hash(timezone_hash),
        NativeSlot::RichCompare(timezone_compare),
    ],
    methods: &[
        MethodDef::method("tzname", timezone_tzname)
            .with_signature(&TZ_TZNAME)
            .with_doc("If name is specified when timezone is created, returns the name.  Otherwise returns offset as 'UTC(+|-)HH:MM'."),
        MethodDef::method("utcoffset", timezone_utcoffset)
            .with_signature(&TZ_UTCOFFSET)
            .with_doc("Return fixed offset."),
        MethodDef::method("dst", timezone_dst)
            .with_signature(&TZ_DST)
            .with_doc("Return None."),
        MethodDef::method("fromutc", timezone_fromutc)
            .with_signature(&TZ_FROMUTC)
            .with_doc("datetime in UTC -> datetime in local time."),
        MethodDef::method("__getinitargs__", timezone_getinitargs)
            .with_signature(&TZ_GETINITARGS)
            .with_doc("pickle support"),
    ],
    ..NativeTypeSpec::new("timezone", "datetime")
};

static TIMEZONE_NEW: Signature =
    Signature::new("timezone", "($type, offset, name=<unrepresentable>)").not_listed();
static TZ_TZNAME: Signature = Signature::unlisted("timezone", "tzname", "($self, dt, /)");
static TZ_UTCOFFSET: Signature = Signature::unlisted("timezone", "utcoffset", "($self, dt, /)");
static TZ_DST: Signature = Signature::unlisted("timezone", "dst", "($self, dt, /)");
static TZ_FROMUTC: Signature = Signature::unlisted("timezone", "fromutc", "($self, dt, /)");
static TZ_GETINITARGS: Signature = Signature::unlisted("timezone", "__getinitargs__", "($self, /)");

/// A timezone object with no checks: the offset is in range.
pub(crate) fn new_timezone_unchecked(
    vm: &mut Vm,
    class: &ObjRef,
    offset: Delta,
    name: Option<Value>,
) -> Value {
    new_native_object(vm, class, Timezone { offset, name })
}

/// `timezone(offset, name)` after its checks: a zero offset without a name is
/// `timezone.utc` itself.
pub(crate) fn new_timezone(vm: &mut Vm, offset: Delta, name: Option<Value>) -> PyResult<Value> {
    let state = state(vm);
    if name.is_none() && offset.is_zero() {
        return Ok(state.utc.clone());
    }
    if offset.micros().abs() >= i128::from(US_PER_DAY) {
        let offset_value = new_delta(vm, offset);
        let text = abstract_::repr_string(vm, &offset_value)?;
        return Err(vm.new_error(Exc::ValueError, format!(
            "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not {text}."
        )));
    }
    Ok(new_timezone_unchecked(vm, &state.timezone, offset, name))
}

fn timezone_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_, [offset, name]) = TIMEZONE_NEW.bind(vm, args)?;
    let offset = offset.unwrap_or(Value::None);
    let Some(delta) = as_delta(&offset) else {
        let type_name = vm.type_name_of(&offset);
        return Err(vm.new_error(
            Exc::TypeError,
            format!("timezone() argument 1 must be datetime.timedelta, not {type_name}"),
        ));
    };
    if let Some(name) = &name {
        if !is_str_subclass(vm, name) {
            let type_name = vm.type_name_of(name);
            return Err(vm.new_error(
                Exc::TypeError,
                format!("timezone() argument 2 must be str, not {type_name}"),
            ));
        }
    }
    new_timezone(vm, delta, name)
}

fn this_timezone<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Timezone> {
    native_data::<Timezone>(this).ok_or_else(|| super::wrong_self(vm, "timezone", this))
}

/// The argument of `timezone.utcoffset()` and its kind: a datetime or None.
fn check_dt_argument(vm: &mut Vm, method: &str, dt: &Value) -> PyResult<()> {
    if dt.is_none() || datetime::is_datetime(dt) {
        return Ok(());
    }
    let name = vm.type_name_of(dt);
    Err(vm.new_error(
        Exc::TypeError,
        format!("{method}(dt) argument must be a datetime instance or None, not {name}"),
    ))
}

/// `UTC` for a zero offset, else `UTC+05:30` (the name is the offset's).
fn timezone_name(vm: &mut Vm, tz: &Timezone) -> Value {
    if let Some(name) = &tz.name {
        return name.clone();
    }
    if tz.offset.is_zero() {
        return vm.new_str("UTC");
    }
    vm.new_str(format!("UTC{}", format_offset(tz.offset, ":")))
}

fn timezone_tzname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [dt]) = TZ_TZNAME.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    check_dt_argument(vm, "tzname", &dt.unwrap_or(Value::None))?;
    let tz = this_timezone(vm, &this)?;
    Ok(timezone_name(vm, tz))
}

fn timezone_utcoffset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [dt]) = TZ_UTCOFFSET.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    check_dt_argument(vm, "utcoffset", &dt.unwrap_or(Value::None))?;
    let offset = this_timezone(vm, &this)?.offset;
    Ok(new_delta(vm, offset))
}

fn timezone_dst(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_, [dt]) = TZ_DST.bind(vm, args)?;
    check_dt_argument(vm, "dst", &dt.unwrap_or(Value::None))?;
    Ok(Value::None)
}

fn timezone_fromutc(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [dt]) = TZ_FROMUTC.bind(vm, args)?;
    let (this, dt) = (this.unwrap_or(Value::None), dt.unwrap_or(Value::None));
    check_fromutc_argument(vm, &this, &dt)?;
    let offset = this_timezone(vm, &this)?.offset;
    datetime::add_delta(vm, &dt, offset, false)
}

fn timezone_getinitargs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TZ_GETINITARGS.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let (offset, name) = {
        let tz = this_timezone(vm, &this)?;
        (tz.offset, tz.name.clone())
    };
    let mut items = vec![new_delta(vm, offset)];
    items.extend(name);
    Ok(vm.new_tuple(items))
}

fn timezone_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let (offset, name) = {
        let tz = this_timezone(vm, this)?;
        (tz.offset, tz.name.clone())
    };
    if this.is(&state(vm).utc) {
        return Ok(vm.new_str("datetime.timezone.utc"));
    }
    let offset = new_delta(vm, offset);
    let offset = abstract_::repr_string(vm, &offset)?;
    let text = match name {
        Some(name) => {
            let name = abstract_::repr_string(vm, &name)?;
            format!("datetime.timezone({offset}, {name})")
        }
        None => format!("datetime.timezone({offset})"),
    };
    Ok(vm.new_str(text))
}

fn timezone_str(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let tz = this_timezone(vm, this)?;
    Ok(timezone_name(vm, tz))
}

fn timezone_hash(vm: &mut Vm, this: &Value) -> PyResult<i64> {
    let offset = this_timezone(vm, this)?.offset;
    let offset = new_delta(vm, offset);
    abstract_::hash(vm, &offset)
}

/// Timezones are equal when their offsets are; they have no order.
fn timezone_compare(vm: &mut Vm, this: &Value, other: &Value, op: usize) -> PyResult<Value> {
    match (
        native_data::<Timezone>(this),
        native_data::<Timezone>(other),
    ) {
        (Some(a), Some(b)) if op == CMP_EQ || op == CMP_NE => {
            Ok(Value::Bool((a.offset == b.offset) == (op == CMP_EQ)))
        }
        _ => Ok(vm.not_implemented()),
    }
}

pub(crate) fn add_class_attributes(vm: &mut Vm, class: &ObjRef) -> PyResult<()> {
    let utc = state(vm).utc.clone();
    super::set_class_attr(vm, class, "utc", utc);
    let bound = i128::from(US_PER_DAY) - 60_000_000;
    for (name, micros) in [("min", -bound), ("max", bound)] {
        let offset = super::timedelta::delta_from_micros(vm, micros)?;
        let tz = new_timezone_unchecked(vm, class, offset, None);
        super::set_class_attr(vm, class, name, tz);
    }
    Ok(())
}
