//! The `_datetime` module (CPython's `Modules/_datetimemodule.c`): `timedelta`,
//! `date`, `time`, `datetime`, `tzinfo` and `timezone` with their state in Rust
//! fields. `Lib/datetime.py` ends with `from _datetime import *`, so these types
//! replace its pure-Python classes.
//!
//! One file per type; `calendar` holds the date arithmetic, `iso` the ISO 8601
//! parsers, `format` what `isoformat`, `ctime` and `strftime` share.

/// The getters of the time-of-day fields `time` and `datetime` share, over `$this`,
/// the function that reads `self` as the type's struct.
macro_rules! time_of_day_getters {
    ($this:ident) => {
        fn get_hour(vm: &mut Vm, this: &Value) -> PyResult<Value> {
            Ok(int_value($this(vm, this)?.hour))
        }

        fn get_minute(vm: &mut Vm, this: &Value) -> PyResult<Value> {
            Ok(int_value($this(vm, this)?.minute))
        }

        fn get_second(vm: &mut Vm, this: &Value) -> PyResult<Value> {
            Ok(int_value($this(vm, this)?.second))
        }

        fn get_microsecond(vm: &mut Vm, this: &Value) -> PyResult<Value> {
            Ok(int_value($this(vm, this)?.microsecond))
        }

        fn get_tzinfo(vm: &mut Vm, this: &Value) -> PyResult<Value> {
            Ok($this(vm, this)?.tzinfo)
        }

        fn get_fold(vm: &mut Vm, this: &Value) -> PyResult<Value> {
            Ok(int_value($this(vm, this)?.fold))
        }
    };
}

mod calendar;
mod date;
mod datetime;
mod format;
mod iso;
mod time;
mod timedelta;
mod tzinfo;

use krait_vm::abstract_::index_c_int as c_int;
use std::rc::Rc;

use krait_vm::native::new_native_type;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::typeobject;
use krait_vm::objects::{dict, set_type_attr, structseq};
use krait_vm::{Exc, ObjRef, PyErr, PyResult, Value, Vm};

pub use calendar::{MAXYEAR, MINYEAR};

/// The classes and objects the module keeps for itself.
pub(crate) struct State {
    timedelta: ObjRef,
    date: ObjRef,
    tzinfo: ObjRef,
    time: ObjRef,
    datetime: ObjRef,
    timezone: ObjRef,
    /// `timezone.utc`.
    utc: Value,
    /// What `isocalendar()` returns: a named 3-tuple.
    iso_calendar_date: ObjRef,
}

fn state(vm: &Vm) -> Rc<State> {
    vm.module_state::<State>()
        .expect("_datetime's functions run only after its init")
}

const DOC: &str = "Fast implementation of the datetime type.";

/// The module's namespace. The types are made once per interpreter, as CPython's
/// static types are: importing the module afresh gives the same classes, so values
/// made before still pickle and compare as instances of them.
pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let state = match vm.module_state::<State>() {
        Some(state) => state,
        None => {
            create_types(vm)?;
            state(vm)
        }
    };
    let m = new_module(vm, "_datetime");
    let d = module_dict(&m).expect("a module has a dict");
    for (name, class) in [
        ("timedelta", &state.timedelta),
        ("date", &state.date),
        ("tzinfo", &state.tzinfo),
        ("timezone", &state.timezone),
        ("time", &state.time),
        ("datetime", &state.datetime),
    ] {
        dict::dict_set_str(vm, &d, name, Value::Obj(class.clone()));
    }
    dict::dict_set_str(vm, &d, "UTC", state.utc.clone());
    dict::dict_set_str(vm, &d, "MINYEAR", Value::Int(MINYEAR.into()));
    dict::dict_set_str(vm, &d, "MAXYEAR", Value::Int(MAXYEAR.into()));
    let doc = vm.new_str(DOC);
    dict::dict_set_str(vm, &d, "__doc__", doc);
    Ok(m)
}

/// Makes the types, keeps them as the module state, then gives them their class
/// attributes (`date.min` ...), which are instances made through that state.
fn create_types(vm: &mut Vm) -> PyResult<()> {
    let timedelta = new_native_type(vm, &timedelta::TIMEDELTA_TYPE, None);
    let date = new_native_type(vm, &date::DATE_TYPE, None);
    let tzinfo = new_native_type(vm, &tzinfo::TZINFO_TYPE, None);
    let timezone = new_native_type(vm, &tzinfo::TIMEZONE_TYPE, Some(&tzinfo));
    let time = new_native_type(vm, &time::TIME_TYPE, None);
    let datetime = new_native_type(vm, &datetime::DATETIME_TYPE, Some(&date));
    let iso_calendar_date = structseq::new_type(
        vm,
        "datetime",
        "IsoCalendarDate",
        &["year", "week", "weekday"],
    );
    date::finish_iso_calendar_date(vm, &iso_calendar_date);

    let utc = tzinfo::new_timezone_unchecked(vm, &timezone, timedelta::Delta::ZERO, None);
    vm.set_module_state(State {
        timedelta: timedelta.clone(),
        date: date.clone(),
        tzinfo,
        time: time.clone(),
        datetime: datetime.clone(),
        timezone: timezone.clone(),
        utc,
        iso_calendar_date,
    });

    timedelta::add_class_attributes(vm, &timedelta)?;
    date::add_class_attributes(vm, &date)?;
    tzinfo::add_class_attributes(vm, &timezone)?;
    time::add_class_attributes(vm, &time)?;
    datetime::add_class_attributes(vm, &datetime)
}

/// Sets a class attribute such as `date.min`.
fn set_class_attr(vm: &mut Vm, class: &ObjRef, name: &str, value: Value) {
    set_type_attr(vm, class, name, value);
}

/// An optional C `int` argument.
fn c_int_or(vm: &mut Vm, v: &Option<Value>, default: i32) -> PyResult<i32> {
    match v {
        Some(v) => c_int(vm, v),
        None => Ok(default),
    }
}

/// The class a `$type` method was called on.
/// The arguments of a constructor called by unpickling, `(cls, state)` or, when
/// `with_tzinfo`, `(cls, state, tzinfo)`: what is tried as a pickled state before
/// the ordinary fields.
fn pickle_call(args: &Args, with_tzinfo: bool) -> Option<(Value, Value, Value)> {
    if !args.kw.is_empty() {
        return None;
    }
    match args.pos.as_slice() {
        [cls, state] => Some((cls.clone(), state.clone(), Value::None)),
        [cls, state, tzinfo] if with_tzinfo => Some((cls.clone(), state.clone(), tzinfo.clone())),
        _ => None,
    }
}

fn class_of_arg(vm: &mut Vm, cls: Option<Value>) -> PyResult<ObjRef> {
    match cls {
        Some(Value::Obj(c)) if c.type_data().is_some() => Ok(c),
        _ => Err(vm.new_error(Exc::TypeError, "expected a type object")),
    }
}

/// Whether `class` is exactly `base` (not a class derived from it): the fast paths
/// that make instances directly are taken only then.
fn is_exactly(class: &ObjRef, base: &ObjRef) -> bool {
    Rc::ptr_eq(class, base)
}

/// The type name that `repr` prints: `datetime.date` for the module's own types,
/// the bare name for classes derived from them (CPython's `tp_name`).
fn repr_type_name(vm: &Vm, v: &Value) -> String {
    typeobject::type_name(&vm.type_of(v))
}

/// `TypeError` for a method called on an object of the wrong kind.
fn wrong_self(vm: &mut Vm, expected: &str, got: &Value) -> PyErr {
    let name = vm.type_name_of(got);
    vm.new_error(
        Exc::TypeError,
        format!("descriptor requires a 'datetime.{expected}' object but received a '{name}'"),
    )
}

/// Calls `class(*pos, **kw)`: how instances of classes derived from the module's
/// types are made by the alternate constructors.
fn call_class(vm: &mut Vm, class: &ObjRef, pos: Vec<Value>) -> PyResult<Value> {
    vm.call(&Value::Obj(class.clone()), Args::new(pos))
}

/// A small int value.
fn int_value(n: impl Into<i64>) -> Value {
    Value::Int(n.into())
}

/// The `fold` keyword (0 or 1).
fn fold_arg(vm: &mut Vm, v: &Option<Value>) -> PyResult<u8> {
    let fold = c_int_or(vm, v, 0)?;
    if fold != 0 && fold != 1 {
        return Err(vm.new_error(Exc::ValueError, "fold must be either 0 or 1"));
    }
    Ok(fold as u8)
}
