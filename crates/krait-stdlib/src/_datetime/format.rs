//! What `ctime`, `strftime` and `__format__` of the three kinds share. `strftime`
//! expands `%z`, `%Z` and `%f` itself and hands the rest to `time.strftime`.

use krait_vm::objects::str_methods;
use krait_vm::{abstract_, Exc, PyResult, Value, Vm};

use super::calendar::{self, DAY_NAMES, MONTH_NAMES};
use super::date::Date;
use super::tzinfo;

/// `Sun Jan  2 03:04:05 2020`.
pub(crate) fn ctime(d: Date, hour: u32, minute: u32, second: u32) -> String {
    let weekday = calendar::weekday(d.year, d.month, d.day) as usize;
    format!(
        "{} {} {:2} {hour:02}:{minute:02}:{second:02} {:04}",
        DAY_NAMES[weekday], MONTH_NAMES[d.month as usize], d.day, d.year
    )
}

/// What a `strftime` method needs to know of the object it formats.
pub(crate) struct Subject {
    /// The object's `tzinfo` (`None` for dates and naive values).
    pub tzinfo: Value,
    /// What the tzinfo methods are called with: the datetime itself, or `None`
    /// for a time.
    pub tzinfo_arg: Value,
    pub microsecond: u32,
}

/// The text of a str that must encode to UTF-8: a lone surrogate raises CPython's
/// `UnicodeEncodeError`.
fn utf8_text(vm: &mut Vm, v: &Value) -> PyResult<Option<String>> {
    let Value::Obj(o) = v else { return Ok(None) };
    let Some(s) = o.str_data() else {
        return Ok(None);
    };
    if s.has_surrogates() {
        str_methods::encode(vm, s, "utf-8", "strict")?;
    }
    Ok(Some(s.as_str().to_owned()))
}

/// The `format` argument of `strftime`: a str.
pub(crate) fn format_text(vm: &mut Vm, fmt: &Value) -> PyResult<String> {
    match utf8_text(vm, fmt)? {
        Some(s) => Ok(s),
        None => {
            let name = vm.type_name_of(fmt);
            Err(vm.new_error(
                Exc::TypeError,
                format!("strftime() argument 1 must be str, not {name}"),
            ))
        }
    }
}

/// What `%Z` becomes: the tzname with its `%` doubled, through the name's own
/// `replace` (a str subclass may redefine it).
fn zone_name(vm: &mut Vm, subject: &Subject) -> PyResult<String> {
    let name = tzinfo::call_tzname(vm, &subject.tzinfo, &subject.tzinfo_arg)?;
    if name.is_none() {
        return Ok(String::new());
    }
    let percent = vm.new_str("%");
    let doubled = vm.new_str("%%");
    let replaced = vm.call_method(&name, "replace", vec![percent, doubled])?;
    match utf8_text(vm, &replaced)? {
        Some(text) => Ok(text),
        None => Err(vm.new_error(Exc::TypeError, "tzname.replace() did not return a string")),
    }
}

/// Expands `%z`, `%Z` and `%f` in `fmt` and formats `timetuple` with
/// `time.strftime`. Like CPython, the format ends at its first NUL.
pub(crate) fn wrap_strftime(
    vm: &mut Vm,
    fmt: &Value,
    timetuple: &Value,
    subject: &Subject,
) -> PyResult<Value> {
    let text = format_text(vm, fmt)?;
    let text = text.split('\0').next().unwrap_or("");
    let mut out = String::with_capacity(text.len());
    let mut z_text: Option<String> = None;
    let mut name_text: Option<String> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            None => out.push('%'),
            Some('z') => {
                if z_text.is_none() {
                    let offset =
                        tzinfo::call_offset(vm, &subject.tzinfo, "utcoffset", &subject.tzinfo_arg)?;
                    z_text = Some(
                        offset
                            .map(|o| tzinfo::format_offset(o, ""))
                            .unwrap_or_default(),
                    );
                }
                out.push_str(z_text.as_deref().unwrap_or(""));
            }
            Some('Z') => {
                if name_text.is_none() {
                    name_text = Some(zone_name(vm, subject)?);
                }
                out.push_str(name_text.as_deref().unwrap_or(""));
            }
            Some('f') => out.push_str(&format!("{:06}", subject.microsecond)),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
        }
    }
    let time = krait_vm::import::import_full(vm, "time")?;
    let strftime = abstract_::getattr_str(vm, &time, "strftime")?;
    let fmt = vm.new_str(out);
    vm.call1(&strftime, vec![fmt, timetuple.clone()])
}
