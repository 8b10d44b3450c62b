//! The `_locale` module (CPython's `Modules/_localemodule.c`): the C library's
//! locale functions, `setlocale`, `localeconv`, `nl_langinfo`, `getencoding`,
//! `strcoll` and `strxfrm`, under which `locale` runs. The message-catalogue
//! functions (`gettext` ...) are left out, as in CPython builds without libintl.

use std::ffi::{CStr, CString};

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

extern "C" {
    fn wcscoll(a: *const libc::wchar_t, b: *const libc::wchar_t) -> libc::c_int;
    fn wcsxfrm(
        dest: *mut libc::wchar_t,
        src: *const libc::wchar_t,
        n: libc::size_t,
    ) -> libc::size_t;
}

/// `_DATE_FMT`, glibc's `date(1)` format (not in the `libc` crate).
const DATE_FMT: libc::nl_item = 0x2006C;

/// The `nl_langinfo` keys CPython exposes, with their names.
const LANGINFO: &[(&str, libc::nl_item)] = &[
    ("CODESET", libc::CODESET),
    ("D_T_FMT", libc::D_T_FMT),
    ("D_FMT", libc::D_FMT),
    ("T_FMT", libc::T_FMT),
    ("T_FMT_AMPM", libc::T_FMT_AMPM),
    ("AM_STR", libc::AM_STR),
    ("PM_STR", libc::PM_STR),
    ("DAY_1", libc::DAY_1),
    ("DAY_2", libc::DAY_2),
    ("DAY_3", libc::DAY_3),
    ("DAY_4", libc::DAY_4),
    ("DAY_5", libc::DAY_5),
    ("DAY_6", libc::DAY_6),
    ("DAY_7", libc::DAY_7),
    ("ABDAY_1", libc::ABDAY_1),
    ("ABDAY_2", libc::ABDAY_2),
    ("ABDAY_3", libc::ABDAY_3),
    ("ABDAY_4", libc::ABDAY_4),
    ("ABDAY_5", libc::ABDAY_5),
    ("ABDAY_6", libc::ABDAY_6),
    ("ABDAY_7", libc::ABDAY_7),
    ("MON_1", libc::MON_1),
    ("MON_2", libc::MON_2),
    ("MON_3", libc::MON_3),
    ("MON_4", libc::MON_4),
    ("MON_5", libc::MON_5),
    ("MON_6", libc::MON_6),
    ("MON_7", libc::MON_7),
    ("MON_8", libc::MON_8),
    ("MON_9", libc::MON_9),
    ("MON_10", libc::MON_10),
    ("MON_11", libc::MON_11),
    ("MON_12", libc::MON_12),
    ("ABMON_1", libc::ABMON_1),
    ("ABMON_2", libc::ABMON_2),
    ("ABMON_3", libc::ABMON_3),
    ("ABMON_4", libc::ABMON_4),
    ("ABMON_5", libc::ABMON_5),
    ("ABMON_6", libc::ABMON_6),
    ("ABMON_7", libc::ABMON_7),
    ("ABMON_8", libc::ABMON_8),
    ("ABMON_9", libc::ABMON_9),
    ("ABMON_10", libc::ABMON_10),
    ("ABMON_11", libc::ABMON_11),
    ("ABMON_12", libc::ABMON_12),
    ("RADIXCHAR", libc::RADIXCHAR),
    ("THOUSEP", libc::THOUSEP),
    ("YESEXPR", libc::YESEXPR),
    ("NOEXPR", libc::NOEXPR),
    ("CRNCYSTR", libc::CRNCYSTR),
    ("ERA", libc::ERA),
    ("ERA_D_FMT", libc::ERA_D_FMT),
    ("ALT_DIGITS", libc::ALT_DIGITS),
    ("ERA_D_T_FMT", libc::ERA_D_T_FMT),
    ("ERA_T_FMT", libc::ERA_T_FMT),
    ("_DATE_FMT", DATE_FMT),
];

const CATEGORIES: [(&str, libc::c_int); 7] = [
    ("LC_CTYPE", libc::LC_CTYPE),
    ("LC_COLLATE", libc::LC_COLLATE),
    ("LC_TIME", libc::LC_TIME),
    ("LC_MONETARY", libc::LC_MONETARY),
    ("LC_NUMERIC", libc::LC_NUMERIC),
    ("LC_ALL", libc::LC_ALL),
    ("LC_MESSAGES", libc::LC_MESSAGES),
];

/// The module's exception class, `locale.Error`.
struct LocaleState {
    error: ObjRef,
}

fn locale_error(vm: &mut Vm, message: &str) -> PyErr {
    let Some(state) = vm.module_state::<LocaleState>() else {
        return vm.new_runtime_error(message.to_owned());
    };
    let class = state.error.clone();
    let text = vm.new_str(message);
    krait_vm::objects::exceptions::new_exception(vm, &class, vec![text])
}

/// A C string the library returned, as str (lossily, for the rare non-UTF-8 one).
fn c_text(ptr: *const libc::c_char) -> String {
    if ptr.is_null() {
        return String::new();
    }
    // SAFETY: the C library returns NUL-terminated strings it keeps alive until
    // the next locale call, and the text is copied at once.
    unsafe { CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned()
}

static SETLOCALE: Signature = Signature::of(
    "_locale",
    "setlocale",
    "($module, category, locale=<unrepresentable>, /)",
);
static LOCALECONV: Signature = Signature::of("_locale", "localeconv", "($module, /)");
static NL_LANGINFO: Signature = Signature::of("_locale", "nl_langinfo", "($module, key, /)");
static GETENCODING: Signature = Signature::of("_locale", "getencoding", "($module, /)");
static STRCOLL: Signature = Signature::of("_locale", "strcoll", "($module, os1, os2, /)");
static STRXFRM: Signature = Signature::of("_locale", "strxfrm", "($module, string, /)");

static FUNCTIONS: [MethodDef; 6] = [
    MethodDef::staticmethod("setlocale", locale_setlocale)
        .with_signature(&SETLOCALE)
        .with_doc("Activates/queries locale processing."),
    MethodDef::staticmethod("localeconv", locale_localeconv)
        .with_signature(&LOCALECONV)
        .with_doc("Returns numeric and monetary locale-specific parameters."),
    MethodDef::staticmethod("nl_langinfo", locale_nl_langinfo)
        .with_signature(&NL_LANGINFO)
        .with_doc("Return the value for the locale information associated with key."),
    MethodDef::staticmethod("getencoding", locale_getencoding)
        .with_signature(&GETENCODING)
        .with_doc("Get the current locale encoding."),
    MethodDef::staticmethod("strcoll", locale_strcoll)
        .with_signature(&STRCOLL)
        .with_doc("Compares two strings according to the locale."),
    MethodDef::staticmethod("strxfrm", locale_strxfrm)
        .with_signature(&STRXFRM)
        .with_doc("Return a string that can be used as a key for locale-aware comparisons."),
];

fn locale_setlocale(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [category, locale] = SETLOCALE.bind_args(vm, args)?;
    let category = abstract_::index(vm, &category.unwrap_or(Value::None))?;
    let category = krait_vm::objects::int::as_i64(&category)
        .and_then(|c| libc::c_int::try_from(c).ok())
        .unwrap_or(-1);
    let result = match locale.filter(|l| !l.is_none()) {
        None => {
            // SAFETY: a null locale only queries the category's setting.
            let current = unsafe { libc::setlocale(category, std::ptr::null()) };
            if current.is_null() {
                return Err(locale_error(vm, "locale query failed"));
            }
            current
        }
        Some(locale) => {
            let Some(text) = abstract_::value_as_str(&locale).map(str::to_owned) else {
                return Err(vm.new_type_error(format!(
                    "setlocale() argument 2 must be str or None, not {}",
                    vm.type_name_of(&locale)
                )));
            };
            let Ok(text) = CString::new(text) else {
                return Err(vm.new_value_error("embedded null character".to_owned()));
            };
            // SAFETY: `text` is a valid NUL-terminated string for the call.
            let set = unsafe { libc::setlocale(category, text.as_ptr()) };
            if set.is_null() {
                return Err(locale_error(vm, "unsupported locale setting"));
            }
            set
        }
    };
    Ok(vm.new_str(c_text(result)))
}

/// A `grouping` string as CPython lists it: the sizes, ending with the 0 or
/// `CHAR_MAX` that ends them.
fn grouping(vm: &mut Vm, ptr: *const libc::c_char) -> Value {
    let mut sizes = Vec::new();
    if !ptr.is_null() {
        // SAFETY: `localeconv` gives NUL-terminated strings.
        let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes_with_nul();
        if bytes[0] != 0 {
            for &b in bytes {
                sizes.push(Value::Int(i64::from(b as i8)));
                if b == 0 || b == 127 {
                    break;
                }
            }
        }
    }
    vm.new_list(sizes)
}

fn locale_localeconv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    LOCALECONV.bind_args::<0>(vm, args)?;
    // SAFETY: `localeconv` returns a pointer to static data, read at once.
    let conv = unsafe { &*libc::localeconv() };
    let result = vm.new_dict();
    let texts = [
        ("int_curr_symbol", conv.int_curr_symbol),
        ("currency_symbol", conv.currency_symbol),
        ("mon_decimal_point", conv.mon_decimal_point),
        ("mon_thousands_sep", conv.mon_thousands_sep),
    ];
    for (name, ptr) in texts {
        let v = vm.new_str(c_text(ptr));
        dict::dict_set_str(vm, &result, name, v);
    }
    let mon_grouping = grouping(vm, conv.mon_grouping);
    dict::dict_set_str(vm, &result, "mon_grouping", mon_grouping);
    for (name, ptr) in [
        ("positive_sign", conv.positive_sign),
        ("negative_sign", conv.negative_sign),
    ] {
        let v = vm.new_str(c_text(ptr));
        dict::dict_set_str(vm, &result, name, v);
    }
    let numbers = [
        ("int_frac_digits", conv.int_frac_digits),
        ("frac_digits", conv.frac_digits),
        ("p_cs_precedes", conv.p_cs_precedes),
        ("p_sep_by_space", conv.p_sep_by_space),
        ("n_cs_precedes", conv.n_cs_precedes),
        ("n_sep_by_space", conv.n_sep_by_space),
        ("p_sign_posn", conv.p_sign_posn),
        ("n_sign_posn", conv.n_sign_posn),
    ];
    for (name, n) in numbers {
        dict::dict_set_str(vm, &result, name, Value::Int(i64::from(n)));
    }
    for (name, ptr) in [
        ("decimal_point", conv.decimal_point),
        ("thousands_sep", conv.thousands_sep),
    ] {
        let v = vm.new_str(c_text(ptr));
        dict::dict_set_str(vm, &result, name, v);
    }
    let numeric_grouping = grouping(vm, conv.grouping);
    dict::dict_set_str(vm, &result, "grouping", numeric_grouping);
    Ok(Value::Obj(result))
}

fn locale_nl_langinfo(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [key] = NL_LANGINFO.bind_args(vm, args)?;
    let key = abstract_::index(vm, &key.unwrap_or(Value::None))?;
    let key = krait_vm::objects::int::as_i64(&key);
    let known = LANGINFO
        .iter()
        .find(|(_, item)| Some(i64::from(*item)) == key);
    let Some(&(_, item)) = known else {
        return Err(vm.new_value_error("unsupported langinfo constant".to_owned()));
    };
    // SAFETY: `item` is one of the C library's own keys.
    let text = c_text(unsafe { libc::nl_langinfo(item) });
    Ok(vm.new_str(text))
}

fn locale_getencoding(vm: &mut Vm, args: Args) -> PyResult<Value> {
    GETENCODING.bind_args::<0>(vm, args)?;
    // SAFETY: CODESET is a valid key.
    let codeset = c_text(unsafe { libc::nl_langinfo(libc::CODESET) });
    let encoding = if codeset.is_empty() {
        "utf-8".to_owned()
    } else {
        codeset
    };
    Ok(vm.new_str(encoding))
}

/// `text` as a NUL-terminated wide string (`wchar_t` holds a code point here).
fn wide(vm: &mut Vm, v: &Value, function: &str, position: usize) -> PyResult<Vec<libc::wchar_t>> {
    let Some(text) = krait_vm::objects::str::as_pystr(v) else {
        return Err(vm.new_type_error(format!(
            "{function}() argument {position} must be str, not {}",
            vm.type_name_of(v)
        )));
    };
    let mut out: Vec<libc::wchar_t> = text.code_points().map(|c| c as libc::wchar_t).collect();
    if out.contains(&0) {
        return Err(vm.new_value_error("embedded null character".to_owned()));
    }
    out.push(0);
    Ok(out)
}

fn locale_strcoll(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [a, b] = STRCOLL.bind_args(vm, args)?;
    let a = wide(vm, &a.unwrap_or(Value::None), "strcoll", 1)?;
    let b = wide(vm, &b.unwrap_or(Value::None), "strcoll", 2)?;
    // SAFETY: both are NUL-terminated wide strings alive for the call.
    let order = unsafe { wcscoll(a.as_ptr(), b.as_ptr()) };
    Ok(Value::Int(i64::from(order)))
}

fn locale_strxfrm(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [s] = STRXFRM.bind_args(vm, args)?;
    let src = wide(vm, &s.unwrap_or(Value::None), "strxfrm", 1)?;
    // SAFETY: a zero-length destination only measures the result.
    let needed = unsafe { wcsxfrm(std::ptr::null_mut(), src.as_ptr(), 0) };
    let mut dest: Vec<libc::wchar_t> = vec![0; needed + 1];
    // SAFETY: `dest` has room for the result and its NUL.
    unsafe { wcsxfrm(dest.as_mut_ptr(), src.as_ptr(), dest.len()) };
    let text: String = dest
        .iter()
        .take(needed)
        .map(|&c| char::from_u32(c as u32).unwrap_or('\u{fffd}'))
        .collect();
    Ok(vm.new_str(text))
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_locale");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_locale", &FUNCTIONS);
    let error = match vm.module_state::<LocaleState>() {
        Some(state) => state.error.clone(),
        None => {
            // CPython sets the character type from the environment at start-up;
            // here that happens when the module is first needed.
            // SAFETY: the empty string asks for the environment's locale.
            unsafe { libc::setlocale(libc::LC_CTYPE, c"".as_ptr()) };
            let error = crate::new_exception_class(vm, "locale", "Error", Exc::Exception)?;
            vm.set_module_state(LocaleState {
                error: error.clone(),
            });
            error
        }
    };
    dict::dict_set_str(vm, &d, "Error", Value::Obj(error));
    for (name, value) in CATEGORIES {
        dict::dict_set_str(vm, &d, name, Value::Int(i64::from(value)));
    }
    for (name, item) in LANGINFO {
        dict::dict_set_str(vm, &d, name, Value::Int(i64::from(*item)));
    }
    dict::dict_set_str(vm, &d, "CHAR_MAX", Value::Int(127));
    Ok(m)
}
