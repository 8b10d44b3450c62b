//! The named methods of `str` (`str.join`, `str.split` ...), apart from the operators
//! in `str.rs` (CPython's `Objects/unicodeobject.c` and `Objects/stringlib/`).
//!
//! Positions are code points: start/end arguments are clipped as slices are, and
//! search results are converted from byte offsets back to code-point indices.

use crate::abstract_;
use crate::object::ObjRef;
use crate::objects::function::{Args, FastCall};
use crate::objects::str::{
    is_alnum, is_alpha, is_cased, is_decimal, is_digit, is_linebreak, is_lower, is_numeric,
    is_printable, is_space, is_titlecase, is_upper, is_xid_continue, is_xid_start, push_casefold,
    push_lower, push_title, push_upper, PyStr, StrBuf,
};
use crate::objects::typeobject;
use crate::objects::{add_method_sig, add_staticmethod_sig};
use crate::signature::{given, Signature};
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};
use std::rc::Rc;

/// Registers a method of `str` whose `self` is checked first, so that
/// `str.upper(1)` fails with CPython's descriptor message.
macro_rules! str_method {
    ($vm:expr, $ty:expr, $sig:expr, $f:expr) => {
        add_method_sig($vm, $ty, $sig, |vm: &mut Vm, args: Args| {
            $crate::objects::str::check_self(vm, &args, $sig.name())?;
            let method: $crate::objects::function::NativeFn = $f;
            method(vm, args)
        })
    };
}

// The signatures of str's methods, as `__text_signature__` shows them; those CPython
// parses with `PyArg_ParseTuple` show none.
static JOIN: Signature =
    Signature::of("str", "join", "($self, iterable, /)").with_fast(FastCall::new(2, 2, join_fast));
static STRIP: Signature = Signature::of("str", "strip", "($self, chars=None, /)").with_fast(
    FastCall::new(1, 2, |vm, args| strip_bound(vm, "strip", args, true, true)),
);
static LSTRIP: Signature = Signature::of("str", "lstrip", "($self, chars=None, /)").with_fast(
    FastCall::new(1, 2, |vm, args| {
        strip_bound(vm, "lstrip", args, true, false)
    }),
);
static RSTRIP: Signature = Signature::of("str", "rstrip", "($self, chars=None, /)").with_fast(
    FastCall::new(1, 2, |vm, args| {
        strip_bound(vm, "rstrip", args, false, true)
    }),
);
static SPLIT: Signature = Signature::of("str", "split", "($self, /, sep=None, maxsplit=-1)")
    .with_fast(FastCall::new(1, 3, |vm, args| split_bound(vm, args, false)));
static RSPLIT: Signature = Signature::of("str", "rsplit", "($self, /, sep=None, maxsplit=-1)")
    .with_fast(FastCall::new(1, 3, |vm, args| split_bound(vm, args, true)));
static SPLITLINES: Signature = Signature::of("str", "splitlines", "($self, /, keepends=False)");
static STARTSWITH: Signature = Signature::unlisted(
    "str",
    "startswith",
    "($self, prefix, start=None, end=None, /)",
)
.parse_tuple()
.with_fast(FastCall::new(2, 4, |vm, args| {
    affix_bound(vm, "startswith", args)
}));
static ENDSWITH: Signature = Signature::unlisted(
    "str",
    "endswith",
    "($self, suffix, start=None, end=None, /)",
)
.parse_tuple()
.with_fast(FastCall::new(2, 4, |vm, args| {
    affix_bound(vm, "endswith", args)
}));
static FIND: Signature =
    Signature::unlisted("str", "find", "($self, sub, start=None, end=None, /)").parse_tuple();
static RFIND: Signature =
    Signature::unlisted("str", "rfind", "($self, sub, start=None, end=None, /)").parse_tuple();
static INDEX: Signature =
    Signature::unlisted("str", "index", "($self, sub, start=None, end=None, /)").parse_tuple();
static RINDEX: Signature =
    Signature::unlisted("str", "rindex", "($self, sub, start=None, end=None, /)").parse_tuple();
static COUNT: Signature =
    Signature::unlisted("str", "count", "($self, sub, start=None, end=None, /)").parse_tuple();
static REPLACE: Signature = Signature::of("str", "replace", "($self, old, new, count=-1, /)");
static PARTITION: Signature = Signature::of("str", "partition", "($self, sep, /)");
static RPARTITION: Signature = Signature::of("str", "rpartition", "($self, sep, /)");
static CENTER: Signature = Signature::of("str", "center", "($self, width, fillchar=' ', /)");
static LJUST: Signature = Signature::of("str", "ljust", "($self, width, fillchar=' ', /)");
static RJUST: Signature = Signature::of("str", "rjust", "($self, width, fillchar=' ', /)");
static ZFILL: Signature = Signature::of("str", "zfill", "($self, width, /)");
static EXPANDTABS: Signature = Signature::of("str", "expandtabs", "($self, /, tabsize=8)");
static REMOVEPREFIX: Signature = Signature::of("str", "removeprefix", "($self, prefix, /)");
static REMOVESUFFIX: Signature = Signature::of("str", "removesuffix", "($self, suffix, /)");
static TRANSLATE: Signature = Signature::of("str", "translate", "($self, table, /)");
static FORMAT: Signature = Signature::unlisted("str", "format", "($self, /, *args, **kwargs)");
static FORMAT_MAP: Signature = Signature::unlisted("str", "format_map", "($self, mapping, /)");
static ENCODE: Signature = Signature::of(
    "str",
    "encode",
    "($self, /, encoding='utf-8', errors='strict')",
);
static MAKETRANS: Signature = Signature::of(
    "str",
    "maketrans",
    "(x, y=<unrepresentable>, z=<unrepresentable>, /)",
);

pub fn init(vm: &mut Vm, ty: &ObjRef) {
    str_method!(vm, ty, &JOIN, str_join);
    /// A method that maps the text to new text.
    macro_rules! text_method {
        ($name:literal, $f:expr) => {{
            static SIGNATURE: Signature =
                Signature::of("str", $name, "($self, /)").with_fast(FastCall::new(1, 1, fast));
            fn fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
                let o = bound_str(vm, Some(args[0].clone()))?;
                let map: fn(&str) -> String = $f;
                let data = o.str_data().expect("checked by bound_str");
                let out = map(data.as_str());
                Ok(with_surrogates_of(vm, data, out))
            }
            str_method!(vm, ty, &SIGNATURE, |vm: &mut Vm, args: Args| {
                let (this, []) = SIGNATURE.bind(vm, args)?;
                fast(vm, &[given(this)])
            });
        }};
    }
    text_method!("upper", |s| {
        let mut out = String::with_capacity(s.len());
        s.chars().for_each(|c| push_upper(&mut out, c));
        out
    });
    text_method!("lower", |s| {
        if s.is_ascii() {
            return s.to_ascii_lowercase();
        }
        let chars = crate::objects::str::chars_of(s);
        let mut out = String::with_capacity(s.len());
        (0..chars.len()).for_each(|i| push_lower(&mut out, &chars, i));
        out
    });
    text_method!("casefold", |s| {
        let mut out = String::with_capacity(s.len());
        s.chars().for_each(|c| push_casefold(&mut out, c));
        out
    });
    text_method!("swapcase", swapcase);
    text_method!("title", title);
    text_method!("capitalize", capitalize);
    str_method!(vm, ty, &STRIP, |vm, args| strip(
        vm, &STRIP, args, true, true
    ));
    str_method!(vm, ty, &LSTRIP, |vm, args| strip(
        vm, &LSTRIP, args, true, false
    ));
    str_method!(vm, ty, &RSTRIP, |vm, args| strip(
        vm, &RSTRIP, args, false, true
    ));
    str_method!(vm, ty, &SPLIT, |vm, args| str_split(
        vm, &SPLIT, args, false
    ));
    str_method!(vm, ty, &RSPLIT, |vm, args| str_split(
        vm, &RSPLIT, args, true
    ));
    str_method!(vm, ty, &SPLITLINES, str_splitlines);
    str_method!(vm, ty, &STARTSWITH, |vm, args| affix(vm, &STARTSWITH, args));
    str_method!(vm, ty, &ENDSWITH, |vm, args| affix(vm, &ENDSWITH, args));
    str_method!(vm, ty, &REPLACE, str_replace);
    str_method!(vm, ty, &FIND, |vm, args| {
        let r = find(vm, &FIND, args, false)?;
        Ok(Value::Int(r.map_or(-1, |i| i as i64)))
    });
    str_method!(vm, ty, &RFIND, |vm, args| {
        let r = find(vm, &RFIND, args, true)?;
        Ok(Value::Int(r.map_or(-1, |i| i as i64)))
    });
    str_method!(vm, ty, &INDEX, |vm, args| {
        match find(vm, &INDEX, args, false)? {
            Some(i) => Ok(Value::Int(i as i64)),
            None => Err(vm.new_value_error("substring not found".to_owned())),
        }
    });
    str_method!(vm, ty, &RINDEX, |vm, args| {
        match find(vm, &RINDEX, args, true)? {
            Some(i) => Ok(Value::Int(i as i64)),
            None => Err(vm.new_value_error("substring not found".to_owned())),
        }
    });
    str_method!(vm, ty, &COUNT, str_count);
    str_method!(vm, ty, &PARTITION, |vm, args| {
        partition(vm, &PARTITION, args, false)
    });
    str_method!(vm, ty, &RPARTITION, |vm, args| {
        partition(vm, &RPARTITION, args, true)
    });
    str_method!(vm, ty, &CENTER, |vm, args| pad(vm, &CENTER, args));
    str_method!(vm, ty, &LJUST, |vm, args| pad(vm, &LJUST, args));
    str_method!(vm, ty, &RJUST, |vm, args| pad(vm, &RJUST, args));
    str_method!(vm, ty, &ZFILL, str_zfill);
    str_method!(vm, ty, &EXPANDTABS, str_expandtabs);
    str_method!(vm, ty, &REMOVEPREFIX, |vm, args| {
        remove_affix(vm, &REMOVEPREFIX, args, true)
    });
    str_method!(vm, ty, &REMOVESUFFIX, |vm, args| {
        remove_affix(vm, &REMOVESUFFIX, args, false)
    });
    str_method!(vm, ty, &TRANSLATE, str_translate);
    str_method!(vm, ty, &FORMAT, |vm, args| {
        let bound = FORMAT.bind_all::<0>(vm, args)?;
        let o = bound_str(vm, bound.this)?;
        let s = o.str_data().expect("checked by bound_str");
        let kwargs = crate::objects::percent::Keywords::Pairs(&bound.kwargs);
        let r = crate::objects::percent::str_format(vm, s, Some(&bound.args), kwargs)?;
        Ok(vm.new_text(r))
    });
    str_method!(vm, ty, &FORMAT_MAP, |vm, args| {
        let (this, [mapping]) = FORMAT_MAP.bind(vm, args)?;
        let o = bound_str(vm, this)?;
        let s = o.str_data().expect("checked by bound_str");
        let mapping = mapping.expect("required by the signature");
        let kwargs = crate::objects::percent::Keywords::Mapping(&mapping);
        let r = crate::objects::percent::str_format(vm, s, None, kwargs)?;
        Ok(vm.new_text(r))
    });
    str_method!(vm, ty, &ENCODE, str_encode);
    /// A predicate of the characters (true for every one, and some there are), of
    /// the text or (`str ...`) of the whole str. A lone surrogate reads as U+FFFD
    /// in the text, which belongs to none of the classes tested but the printable.
    macro_rules! predicate {
        ($name:literal, str $test:expr) => {{
            static SIGNATURE: Signature = Signature::of("str", $name, "($self, /)");
            str_method!(vm, ty, &SIGNATURE, |vm: &mut Vm, args: Args| {
                let (this, []) = SIGNATURE.bind(vm, args)?;
                let o = bound_str(vm, this)?;
                let test: fn(&PyStr) -> bool = $test;
                Ok(Value::Bool(test(
                    o.str_data().expect("checked by bound_str"),
                )))
            });
        }};
        ($name:literal, $test:expr) => {
            predicate!(
                $name,
                str | s | {
                    let test: fn(&str) -> bool = $test;
                    test(s.as_str())
                }
            )
        };
    }
    predicate!("isalnum", |s| !s.is_empty() && s.chars().all(is_alnum));
    predicate!("isalpha", |s| !s.is_empty() && s.chars().all(is_alpha));
    predicate!("isascii", |s| s.is_ascii());
    predicate!("isdecimal", |s| !s.is_empty() && s.chars().all(is_decimal));
    predicate!("isdigit", |s| !s.is_empty() && s.chars().all(is_digit));
    predicate!("isnumeric", |s| !s.is_empty() && s.chars().all(is_numeric));
    predicate!(
        "isprintable",
        str | s | { !s.has_surrogates() && s.as_str().chars().all(is_printable) }
    );
    predicate!("isspace", |s| !s.is_empty() && s.chars().all(is_space));
    predicate!("isidentifier", |s| {
        let mut chars = s.chars();
        chars.next().is_some_and(is_xid_start) && chars.all(is_xid_continue)
    });
    predicate!("islower", |s| cased_only(s, false));
    predicate!("isupper", |s| cased_only(s, true));
    predicate!("istitle", is_title);
    add_staticmethod_sig(vm, ty, &MAKETRANS, str_maketrans);
}

// ---------------------------------------------------------------------------
// Argument helpers

/// The str a method was bound to: `self`, whose type the call checked.
pub fn bound_str(vm: &mut Vm, this: Option<Value>) -> PyResult<ObjRef> {
    match this {
        Some(Value::Obj(o)) if o.str_data().is_some() => Ok(o),
        other => {
            let other = other.unwrap_or(Value::None);
            Err(vm.new_type_error(format!(
                "descriptor requires a 'str' object but received a '{}'",
                vm.type_name_of(&other)
            )))
        }
    }
}

/// The type name Argument Clinic's converters print for a wrong argument: `None` for
/// `None` ("must be str, not None").
pub fn argument_type_name(vm: &Vm, v: &Value) -> String {
    if v.is_none() {
        "None".to_owned()
    } else {
        vm.type_name_of(v)
    }
}

/// A str argument, or `TypeError: must be str, not int` (`str.find(1)`).
fn must_be_str(vm: &mut Vm, v: &Value) -> PyResult<String> {
    match abstract_::value_as_str(v) {
        Some(s) => Ok(s.to_owned()),
        None => Err(vm.new_type_error(format!("must be str, not {}", vm.type_name_of(v)))),
    }
}

/// A str argument of a clinic method: `replace() argument 1 must be str, not int`.
fn str_argument(vm: &mut Vm, v: &Value, func: &str, which: &str) -> PyResult<String> {
    match abstract_::value_as_str(v) {
        Some(s) => Ok(s.to_owned()),
        None => Err(vm.new_type_error(format!(
            "{func}() argument {which} must be str, not {}",
            argument_type_name(vm, v)
        ))),
    }
}

/// An optional slice bound (`None` or absent: the default).
pub fn slice_bound(vm: &mut Vm, v: &Option<Value>) -> PyResult<Option<isize>> {
    let Some(v) = v else { return Ok(None) };
    if v.is_none() {
        return Ok(None);
    }
    match abstract_::index(vm, v) {
        Ok(Value::Int(n)) => Ok(Some(n as isize)),
        Ok(Value::Bool(b)) => Ok(Some(b as isize)),
        Ok(other) => {
            let negative = crate::objects::int::as_big(&other)
                .is_some_and(|n| n.sign() == num_bigint::Sign::Minus);
            Ok(Some(if negative {
                isize::MIN / 2
            } else {
                isize::MAX / 2
            }))
        }
        Err(_) => Err(vm.new_type_error(
            "slice indices must be integers or None or have an __index__ method".to_owned(),
        )),
    }
}

/// CPython's `ADJUST_INDICES`: negative bounds count from the end, `end` is clipped
/// to `len`; `start` may stay beyond `len`.
pub fn adjust_indices(start: Option<isize>, end: Option<isize>, len: usize) -> (usize, usize) {
    let len = len as isize;
    let mut end = end.unwrap_or(len);
    if end > len {
        end = len;
    } else if end < 0 {
        end = (end + len).max(0);
    }
    let mut start = start.unwrap_or(0);
    if start < 0 {
        start = (start + len).max(0);
    }
    (start as usize, end as usize)
}

/// An integer argument through `__index__` (`'str' object cannot be interpreted as an
/// integer`), saturated to `isize`.
pub fn index_arg(vm: &mut Vm, v: &Value) -> PyResult<isize> {
    match abstract_::index(vm, v)? {
        Value::Int(n) => Ok(n as isize),
        Value::Bool(b) => Ok(b as isize),
        other => {
            let negative = crate::objects::int::as_big(&other)
                .is_some_and(|n| n.sign() == num_bigint::Sign::Minus);
            if negative {
                Ok(isize::MIN)
            } else {
                Err(vm
                    .new_overflow_error("Python int too large to convert to C ssize_t".to_owned()))
            }
        }
    }
}

/// An argument that CPython converts to a C `int` (`expandtabs(tabsize)`).
pub fn c_int_arg(vm: &mut Vm, v: &Value) -> PyResult<isize> {
    let n = index_arg(vm, v);
    match n {
        Ok(n) if i32::try_from(n).is_ok() => Ok(n),
        Ok(_) => Err(vm.new_overflow_error("Python int too large to convert to C int".to_owned())),
        Err(e) if vm.err_matches(&e, Exc::OverflowError) => {
            Err(vm.new_overflow_error("Python int too large to convert to C int".to_owned()))
        }
        Err(e) => Err(e),
    }
}

/// The char-index range `start..end` of `text` as a byte range, or `None` when fewer
/// than `min_len` code points fit in it (`end` is already clipped to the length).
fn byte_window(text: &PyStr, start: usize, end: usize, min_len: usize) -> Option<(usize, usize)> {
    if end < start || end - start < min_len {
        return None;
    }
    Some((text.byte_offset(start), text.byte_offset(end)))
}

fn char_index(s: &str, byte: usize) -> usize {
    if s.is_ascii() {
        byte
    } else {
        s[..byte].chars().count()
    }
}

// ---------------------------------------------------------------------------
// Searching

/// `find`/`rfind`/`index`/`rindex`: the code-point index of `sub` in `s[start:end]`.
fn find(vm: &mut Vm, signature: &Signature, args: Args, reverse: bool) -> PyResult<Option<usize>> {
    let (this, [sub, start, end]) = signature.bind(vm, args)?;
    let o = bound_str(vm, this)?;
    let text = o.str_data().expect("checked by bound_str");
    let s = text.as_str();
    let sub = must_be_str(vm, sub.as_ref().expect("required by the signature"))?;
    let start = slice_bound(vm, &start)?;
    let end = slice_bound(vm, &end)?;
    let (start, end) = adjust_indices(start, end, text.char_len());
    let sub_len = sub.chars().count();
    let Some((a, b)) = byte_window(text, start, end, sub_len) else {
        return Ok(None);
    };
    let hay = &s[a..b];
    let found = if reverse {
        hay.rfind(&sub)
    } else {
        hay.find(&sub)
    };
    Ok(found.map(|i| start + char_index(hay, i)))
}

fn str_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [sub, start, end]) = COUNT.bind(vm, args)?;
    let o = bound_str(vm, this)?;
    let text = o.str_data().expect("checked by bound_str");
    let s = text.as_str();
    let sub = must_be_str(vm, sub.as_ref().expect("required by the signature"))?;
    let start = slice_bound(vm, &start)?;
    let end = slice_bound(vm, &end)?;
    let (start, end) = adjust_indices(start, end, text.char_len());
    let Some((a, b)) = byte_window(text, start, end, sub.chars().count()) else {
        return Ok(Value::Int(0));
    };
    let hay = &s[a..b];
    let n = if sub.is_empty() {
        hay.chars().count() + 1
    } else {
        hay.matches(sub.as_str()).count()
    };
    Ok(Value::Int(n as i64))
}

/// `startswith`/`endswith` with a str or a tuple of strs and optional bounds.
fn affix(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<Value> {
    let (this, [arg, start, end]) = signature.bind(vm, args)?;
    let mut given_args = vec![given(this), given(arg)];
    given_args.extend(start);
    given_args.extend(end);
    affix_bound(vm, signature.name(), &given_args)
}

/// `startswith` and `endswith` on `self`, the affix and the optional bounds.
fn affix_bound(vm: &mut Vm, name: &str, args: &[Value]) -> PyResult<Value> {
    let o = bound_str(vm, Some(args[0].clone()))?;
    let text = o.str_data().expect("checked by bound_str");
    let s = text.as_str();
    let arg = args[1].clone();
    let start = slice_bound(vm, &args.get(2).cloned())?;
    let end = slice_bound(vm, &args.get(3).cloned())?;
    let (start, end) = adjust_indices(start, end, text.char_len());
    let candidates: Vec<Value> = match abstract_::tuple_items(&arg) {
        Some(items) => items,
        None => match abstract_::value_as_str(&arg) {
            Some(_) => vec![arg],
            None => {
                return Err(vm.new_type_error(format!(
                    "{name} first arg must be str or a tuple of str, not {}",
                    vm.type_name_of(&arg)
                )))
            }
        },
    };
    for c in candidates {
        let Some(c) = abstract_::value_as_str(&c) else {
            return Err(vm.new_type_error(format!(
                "tuple for {name} must only contain str, not {}",
                vm.type_name_of(&c)
            )));
        };
        let Some((a, b)) = byte_window(text, start, end, c.chars().count()) else {
            continue;
        };
        let window = &s[a..b];
        let hit = if name == "startswith" {
            window.starts_with(c)
        } else {
            window.ends_with(c)
        };
        if hit {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn partition(vm: &mut Vm, signature: &Signature, args: Args, reverse: bool) -> PyResult<Value> {
    let (this, [sep]) = signature.bind(vm, args)?;
    let o = bound_str(vm, this)?;
    let data = o.str_data().expect("checked by bound_str");
    let s = data.as_str();
    let sep = must_be_str(vm, sep.as_ref().expect("required by the signature"))?;
    if sep.is_empty() {
        return Err(vm.new_value_error("empty separator".to_owned()));
    }
    let found = if reverse { s.rfind(&sep) } else { s.find(&sep) };
    let parts = match found {
        Some(i) => vec![
            new_piece(vm, data, &s[..i]),
            vm.new_str(sep.as_str()),
            new_piece(vm, data, &s[i + sep.len()..]),
        ],
        None => {
            let whole = exact_or_copy(vm, &o, s);
            if reverse {
                vec![vm.new_str(""), vm.new_str(""), whole]
            } else {
                vec![whole, vm.new_str(""), vm.new_str("")]
            }
        }
    };
    Ok(vm.new_tuple(parts))
}

/// `self` itself when it is an exact str (CPython returns it unchanged), else a copy.
fn exact_or_copy(vm: &mut Vm, o: &ObjRef, s: &str) -> Value {
    if std::rc::Rc::ptr_eq(&o.class(), &vm.types.str) {
        return Value::Obj(o.clone());
    }
    match o.str_data() {
        Some(data) => new_piece(vm, data, s),
        None => vm.new_str(s),
    }
}

/// A new str of `piece`, a part of `data`'s text, with the lone surrogates in it.
fn new_piece(vm: &mut Vm, data: &PyStr, piece: &str) -> Value {
    let text = data.as_str();
    let start = (piece.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    if !data.has_surrogates() || start > text.len() || start + piece.len() > text.len() {
        // The empty str and one latin-1 character are shared, as CPython's: no
        // text is copied for them.
        return vm
            .shared_short_str(piece)
            .unwrap_or_else(|| vm.new_str(piece));
    }
    vm.new_pystr(data.slice_bytes(start, start + piece.len()))
}

/// The str of `mapped`, text that a mapping which keeps each U+FFFD (as every case
/// mapping does, a lone surrogate being uncased) made from `original`: the lone
/// surrogates of `original` come back in place of their stand-ins, the n-th
/// U+FFFD of the result being the n-th of the original.
fn with_surrogates_of(vm: &mut Vm, original: &PyStr, mapped: String) -> Value {
    if !original.has_surrogates() {
        return vm.new_str(mapped);
    }
    let mut surrogates = original.surrogates().iter().peekable();
    let mut buf = crate::objects::str::StrBuf::with_capacity(mapped.len());
    let mut stand_ins = original
        .as_str()
        .match_indices('\u{fffd}')
        .map(|(at, _)| at);
    for c in mapped.chars() {
        if c != '\u{fffd}' {
            buf.push(c);
            continue;
        }
        let at = stand_ins.next();
        match surrogates.peek() {
            Some(s) if Some(s.at) == at => {
                buf.push_code_point(u32::from(s.code));
                surrogates.next();
            }
            _ => buf.push(c),
        }
    }
    vm.new_text(buf)
}

// ---------------------------------------------------------------------------
// Splitting and joining

fn str_join(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [iterable]) = JOIN.bind(vm, args)?;
    join_fast(vm, &[given(this), given(iterable)])
}

/// `str.join(self, iterable)`.
fn join_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let o = bound_str(vm, Some(args[0].clone()))?;
    let iterable = args[1].clone();
    if !abstract_::is_iterable(vm, &iterable) {
        return Err(vm.new_type_error("can only join an iterable".to_owned()));
    }
    let items = abstract_::collect_iterable(vm, &iterable)?;
    if items.len() == 1 {
        if let Value::Obj(o) = &items[0] {
            if std::rc::Rc::ptr_eq(&o.class(), &vm.types.str) {
                return Ok(items[0].clone());
            }
        }
    }
    let sep = o.str_data().expect("checked by bound_str");
    let mut size = sep
        .as_str()
        .len()
        .saturating_mul(items.len().saturating_sub(1));
    for (i, item) in items.iter().enumerate() {
        match crate::objects::str::as_pystr(item) {
            Some(s) => size = size.saturating_add(s.as_str().len()),
            None => {
                return Err(vm.new_type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    vm.type_name_of(item)
                )))
            }
        }
    }
    crate::objects::str::check_alloc(vm, size)?;
    let mut out = StrBuf::with_capacity(size);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_pystr(sep);
        }
        if let Some(s) = crate::objects::str::as_pystr(item) {
            out.push_pystr(s);
        }
    }
    Ok(vm.new_text(out))
}

fn strip(
    vm: &mut Vm,
    signature: &Signature,
    args: Args,
    left: bool,
    right: bool,
) -> PyResult<Value> {
    let (this, [chars]) = signature.bind(vm, args)?;
    match chars {
        Some(chars) => strip_bound(vm, signature.name(), &[given(this), chars], left, right),
        None => strip_bound(vm, signature.name(), &[given(this)], left, right),
    }
}

/// `strip`, `lstrip` and `rstrip` on `self` and the optional `chars`.
fn strip_bound(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    left: bool,
    right: bool,
) -> PyResult<Value> {
    let o = bound_str(vm, Some(args[0].clone()))?;
    let data = o.str_data().expect("checked by bound_str");
    let s = data.as_str();
    let chars: Option<&str> = match args.get(1) {
        None | Some(Value::None) => None,
        Some(v) => match abstract_::value_as_str(v) {
            Some(c) => Some(c),
            None => {
                return Err(vm.new_type_error(format!("{name} arg must be None or str")));
            }
        },
    };
    let matches = |c: char| match chars {
        Some(set) => set.contains(c),
        None => is_space(c),
    };
    let mut r: &str = s;
    if left {
        r = r.trim_start_matches(matches);
    }
    if right {
        r = r.trim_end_matches(matches);
    }
    if r.len() == s.len() {
        return Ok(exact_or_copy(vm, &o, s));
    }
    Ok(new_piece(vm, data, r))
}

/// Splits on runs of whitespace, at most `maxsplit` times (negative: no limit).
/// What is left after the last split keeps its whitespace on the far side.
fn split_whitespace(s: &str, maxsplit: isize, reverse: bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    let limit_reached = |out: &Vec<&str>| maxsplit >= 0 && out.len() as isize == maxsplit;
    if !reverse {
        loop {
            rest = rest.trim_start_matches(is_space);
            if rest.is_empty() {
                break;
            }
            if limit_reached(&out) {
                out.push(rest);
                break;
            }
            let end = rest.find(is_space).unwrap_or(rest.len());
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    } else {
        loop {
            rest = rest.trim_end_matches(is_space);
            if rest.is_empty() {
                break;
            }
            if limit_reached(&out) {
                out.push(rest);
                break;
            }
            let start = match rest.char_indices().rev().find(|&(_, c)| is_space(c)) {
                Some((at, c)) => at + c.len_utf8(),
                None => 0,
            };
            out.push(&rest[start..]);
            rest = &rest[..start];
        }
        out.reverse();
    }
    out
}

fn str_split(vm: &mut Vm, signature: &Signature, args: Args, reverse: bool) -> PyResult<Value> {
    let (this, [sep, maxsplit]) = signature.bind(vm, args)?;
    let this = given(this);
    match (sep, maxsplit) {
        (sep, Some(maxsplit)) => {
            split_bound(vm, &[this, sep.unwrap_or(Value::None), maxsplit], reverse)
        }
        (Some(sep), None) => split_bound(vm, &[this, sep], reverse),
        (None, None) => split_bound(vm, &[this], reverse),
    }
}

/// `split` and `rsplit` on `self` and the optional `sep` and `maxsplit`.
fn split_bound(vm: &mut Vm, args: &[Value], reverse: bool) -> PyResult<Value> {
    let o = bound_str(vm, Some(args[0].clone()))?;
    let data = o.str_data().expect("checked by bound_str");
    let s = data.as_str();
    let maxsplit = match args.get(2) {
        Some(v) => index_arg(vm, v)?,
        None => -1,
    };
    let parts: Vec<&str> = match args.get(1).filter(|v| !v.is_none()) {
        None => split_whitespace(s, maxsplit, reverse),
        Some(sep) => {
            let Some(sep) = abstract_::value_as_str(sep) else {
                return Err(
                    vm.new_type_error(format!("must be str or None, not {}", vm.type_name_of(sep)))
                );
            };
            if sep.is_empty() {
                return Err(vm.new_value_error("empty separator".to_owned()));
            }
            match (maxsplit < 0, reverse) {
                (true, _) => s.split(sep).collect(),
                (false, false) => s.splitn(maxsplit as usize + 1, sep).collect(),
                (false, true) => {
                    let mut v: Vec<&str> = s.rsplitn(maxsplit as usize + 1, sep).collect();
                    v.reverse();
                    v
                }
            }
        }
    };
    let items = parts.into_iter().map(|p| new_piece(vm, data, p)).collect();
    Ok(vm.new_list(items))
}

/// The lines of `s` without their line breaks, as `str.splitlines()` splits them.
pub fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some((at, c)) = rest.char_indices().find(|&(_, c)| is_linebreak(c)) else {
            return Some(std::mem::take(&mut rest));
        };
        let line = &rest[..at];
        let after = if rest[at..].starts_with("\r\n") {
            at + 2
        } else {
            at + c.len_utf8()
        };
        rest = &rest[after..];
        Some(line)
    })
}

fn str_splitlines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [keepends]) = SPLITLINES.bind(vm, args)?;
    let o = bound_str(vm, this)?;
    let data = o.str_data().expect("checked by bound_str");
    let s = data.as_str();
    let keepends = match &keepends {
        Some(v) => index_arg(vm, v)? != 0,
        None => false,
    };
    let chars = crate::objects::str::chars_of(s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && !is_linebreak(chars[i]) {
            i += 1;
        }
        let mut eol = i;
        if i < chars.len() {
            if chars[i] == '\r' && chars.get(i + 1) == Some(&'\n') {
                i += 2;
            } else {
                i += 1;
            }
            if keepends {
                eol = i;
            }
        }
        if data.has_surrogates() {
            out.push(vm.new_pystr(data.slice(start, eol)));
            continue;
        }
        let line: String = chars[start..eol].iter().collect();
        out.push(vm.new_str(line));
    }
    Ok(vm.new_list(out))
}

// ---------------------------------------------------------------------------
// Case

fn swapcase(s: &str) -> String {
    let chars = crate::objects::str::chars_of(s);
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if is_upper(c) {
            push_lower(&mut out, &chars, i);
        } else if is_lower(c) {
            push_upper(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

fn title(s: &str) -> String {
    let chars = crate::objects::str::chars_of(s);
    let mut out = String::with_capacity(s.len());
    let mut previous_cased = false;
    for (i, &c) in chars.iter().enumerate() {
        if previous_cased {
            push_lower(&mut out, &chars, i);
        } else {
            push_title(&mut out, c);
        }
        previous_cased = is_cased(c);
    }
    out
}

fn capitalize(s: &str) -> String {
    let chars = crate::objects::str::chars_of(s);
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 {
            push_title(&mut out, c);
        } else {
            push_lower(&mut out, &chars, i);
        }
    }
    out
}

/// `islower` (`upper` false) or `isupper`: some cased character, none of the other case.
fn cased_only(s: &str, upper: bool) -> bool {
    let mut cased = false;
    for c in s.chars() {
        let (this, other) = if upper {
            (is_upper(c), is_lower(c) || is_titlecase(c))
        } else {
            (is_lower(c), is_upper(c) || is_titlecase(c))
        };
        if other {
            return false;
        }
        cased |= this;
    }
    cased
}

fn is_title(s: &str) -> bool {
    let mut cased = false;
    let mut previous_cased = false;
    for c in s.chars() {
        if is_upper(c) || is_titlecase(c) {
            if previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else if is_lower(c) {
            if !previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else {
            previous_cased = false;
        }
    }
    cased
}

// ---------------------------------------------------------------------------
// Padding, replacing, translating

/// The fill character of `center`/`ljust`/`rjust`, as a code point (a lone
/// surrogate included).
fn fill_char(vm: &mut Vm, v: &Option<Value>) -> PyResult<u32> {
    let Some(v) = v else {
        return Ok(u32::from(' '));
    };
    let Some(s) = crate::objects::str::as_pystr(v) else {
        return Err(vm.new_type_error(format!(
            "The fill character must be a unicode character, not {}",
            vm.type_name_of(v)
        )));
    };
    let mut codes = s.code_points();
    match (codes.next(), codes.next()) {
        (Some(c), None) => Ok(c),
        _ => {
            Err(vm
                .new_type_error("The fill character must be exactly one character long".to_owned()))
        }
    }
}

fn pad(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<Value> {
    let name = signature.name();
    let (this, [width, fill]) = signature.bind(vm, args)?;
    let o = bound_str(vm, this)?;
    let text = o.str_data().expect("checked by bound_str");
    let s = text.as_str();
    let width = index_arg(vm, width.as_ref().expect("required by the signature"))?;
    let fill = fill_char(vm, &fill)?;
    let len = text.char_len() as isize;
    if width <= len {
        return Ok(exact_or_copy(vm, &o, s));
    }
    let marg = (width - len) as usize;
    let (left, right) = match name {
        "ljust" => (0, marg),
        "rjust" => (marg, 0),
        _ => {
            let left = marg / 2 + (marg & width as usize & 1);
            (left, marg - left)
        }
    };
    let fill_len = char::from_u32(fill).map_or(3, char::len_utf8);
    crate::objects::str::check_alloc(vm, s.len().saturating_add(marg.saturating_mul(fill_len)))?;
    let mut out = crate::objects::str::StrBuf::with_capacity(s.len() + marg);
    (0..left).for_each(|_| out.push_code_point(fill));
    out.push_pystr(text);
    (0..right).for_each(|_| out.push_code_point(fill));
    Ok(vm.new_text(out))
}

fn str_zfill(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [width]) = ZFILL.bind(vm, args)?;
    let o = bound_str(vm, this)?;
    let text = o.str_data().expect("checked by bound_str");
    let s = text.as_str();
    let width = index_arg(vm, width.as_ref().expect("required by the signature"))?;
    let len = text.char_len() as isize;
    if width <= len {
        return Ok(exact_or_copy(vm, &o, s));
    }
    crate::objects::str::check_alloc(vm, width as usize)?;
    let fill = "0".repeat((width - len) as usize);
    let out = match s.chars().next() {
        Some(sign @ ('+' | '-')) => format!("{sign}{fill}{}", &s[1..]),
        _ => format!("{fill}{s}"),
    };
    // Only zeros went in: each U+FFFD is where it was, in order.
    Ok(with_surrogates_of(vm, text, out))
}

fn str_expandtabs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [tabsize]) = EXPANDTABS.bind(vm, args)?;
    let o = bound_str(vm, this)?;
    let data = o.str_data().expect("checked by bound_str");
    let s = data.as_str();
    let tabsize = match &tabsize {
        Some(v) => c_int_arg(vm, v)?,
        None => 8,
    };
    let mut out = String::with_capacity(s.len());
    let mut column: usize = 0;
    for c in s.chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let n = tabsize as usize - column % tabsize as usize;
                    crate::objects::str::check_alloc(vm, out.len().saturating_add(n))?;
                    out.extend(std::iter::repeat_n(' ', n));
                    column += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    Ok(with_surrogates_of(vm, data, out))
}

fn str_replace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [old, new, count]) = REPLACE.bind(vm, args)?;
    let o = bound_str(vm, this)?;
    let s = o.str_data().expect("checked by bound_str").as_str();
    let old_value = old.expect("required by the signature");
    let new_value = new.expect("required by the signature");
    let old = str_argument(vm, &old_value, "replace", "1")?;
    let new = str_argument(vm, &new_value, "replace", "2")?;
    let count = match &count {
        Some(v) => index_arg(vm, v)?,
        None => -1,
    };
    let data = o.str_data().expect("checked by bound_str");
    let old_arg = args_str(&old_value);
    let new_arg = args_str(&new_value);
    if data.has_surrogates() || old_arg.has_surrogates() || new_arg.has_surrogates() {
        return Ok(replace_code_points(vm, data, old_arg, new_arg, count));
    }
    let r = if count < 0 {
        s.replace(&old, &new)
    } else {
        s.replacen(&old, &new, count as usize)
    };
    Ok(vm.new_str(r))
}

/// A str argument already checked to be a str.
fn args_str(v: &Value) -> &PyStr {
    crate::objects::str::as_pystr(v).expect("checked by str_argument")
}

/// `str.replace` over code points, for strs holding lone surrogates: at most
/// `count` (all when negative) non-overlapping occurrences of `old`, from the left;
/// an empty `old` matches between code points.
fn replace_code_points(vm: &mut Vm, s: &PyStr, old: &PyStr, new: &PyStr, count: isize) -> Value {
    let text: Vec<u32> = s.code_points().collect();
    let old: Vec<u32> = old.code_points().collect();
    let mut left = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    let mut out = crate::objects::str::StrBuf::with_capacity(s.as_str().len());
    let mut i = 0;
    while i <= text.len() {
        let matches = left > 0 && text[i..].starts_with(&old);
        if matches {
            out.push_pystr(new);
            left -= 1;
            if old.is_empty() {
                if let Some(&c) = text.get(i) {
                    out.push_code_point(c);
                }
                i += 1;
            } else {
                i += old.len();
            }
        } else if let Some(&c) = text.get(i) {
            out.push_code_point(c);
            i += 1;
        } else {
            break;
        }
    }
    vm.new_text(out)
}

fn remove_affix(vm: &mut Vm, signature: &Signature, args: Args, prefix: bool) -> PyResult<Value> {
    let (this, [arg]) = signature.bind(vm, args)?;
    let o = bound_str(vm, this)?;
    let data = o.str_data().expect("checked by bound_str");
    let s = data.as_str();
    let arg = arg.expect("required by the signature");
    let Some(affix) = abstract_::value_as_str(&arg) else {
        return Err(vm.new_type_error(format!(
            "{}() argument must be str, not {}",
            signature.name(),
            argument_type_name(vm, &arg)
        )));
    };
    let r = if prefix {
        s.strip_prefix(affix)
    } else {
        s.strip_suffix(affix)
    };
    match r {
        Some(r) if !affix.is_empty() => Ok(new_piece(vm, data, r)),
        _ => Ok(exact_or_copy(vm, &o, s)),
    }
}

fn str_translate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [table]) = TRANSLATE.bind(vm, args)?;
    let o = bound_str(vm, this)?;
    let s = o.str_data().expect("checked by bound_str");
    let table = table.expect("required by the signature");
    // Code points, lone surrogates included, both read and written.
    let mut out = crate::objects::str::StrBuf::with_capacity(s.as_str().len());
    for code in s.code_points() {
        let key = Value::Int(i64::from(code));
        let mapped = match abstract_::getitem(vm, &table, &key) {
            Ok(v) => v,
            Err(e) if vm.err_matches(&e, Exc::LookupError) => {
                out.push_code_point(code);
                continue;
            }
            Err(e) => return Err(e),
        };
        if mapped.is_none() {
            continue;
        }
        if let Some(text) = crate::objects::str::as_pystr(&mapped) {
            out.push_pystr(text);
            continue;
        }
        if crate::objects::int::is_int(&mapped) || matches!(mapped, Value::Bool(_)) {
            let n = match &mapped {
                Value::Bool(b) => Some(*b as i64),
                other => crate::objects::int::as_i64(other),
            };
            match n
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| *n < 0x110000)
            {
                Some(point) => out.push_code_point(point),
                None => {
                    return Err(vm.new_value_error(
                        "character mapping must be in range(0x110000)".to_owned(),
                    ))
                }
            }
            continue;
        }
        return Err(
            vm.new_type_error("character mapping must return integer, None or str".to_owned())
        );
    }
    Ok(vm.new_text(out))
}

/// `str.maketrans(x[, y[, z]])` (a static method).
fn str_maketrans(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [x, y, z] = MAKETRANS.bind_args(vm, args)?;
    let dict = vm.new_dict();
    let x = x.expect("required by the signature");
    match &y {
        None => {
            let Value::Obj(d) = &x else {
                return Err(vm.new_type_error(
                    "if you give only one argument to maketrans it must be a dict".to_owned(),
                ));
            };
            if crate::objects::dict::as_dict(d).is_none() {
                return Err(vm.new_type_error(
                    "if you give only one argument to maketrans it must be a dict".to_owned(),
                ));
            }
            for (k, v) in crate::objects::dict::dict_items(d) {
                let key = if let Some(ks) = crate::objects::str::as_pystr(&k) {
                    let mut it = ks.code_points();
                    match (it.next(), it.next()) {
                        (Some(c), None) => Value::Int(i64::from(c)),
                        _ => {
                            return Err(vm.new_value_error(
                                "string keys in translate table must be of length 1".to_owned(),
                            ))
                        }
                    }
                } else if crate::objects::int::is_int(&k) || matches!(k, Value::Bool(_)) {
                    k.clone()
                } else {
                    return Err(vm.new_type_error(
                        "keys in translate table must be strings or integers".to_owned(),
                    ));
                };
                crate::objects::dict::dict_set_item(vm, &dict, key, v)?;
            }
        }
        Some(y) => {
            // Code points, lone surrogates included.
            let points = |v: &Value| -> Vec<u32> {
                crate::objects::str::as_pystr(v).map_or(Vec::new(), |s| s.code_points().collect())
            };
            str_argument(vm, y, "maketrans", "2")?;
            let ys = points(y);
            let zs = match &z {
                Some(z) => {
                    str_argument(vm, z, "maketrans", "3")?;
                    Some(points(z))
                }
                None => None,
            };
            let Some(xs) = crate::objects::str::as_pystr(&x).map(|_| points(&x)) else {
                return Err(vm.new_type_error(
                    "first maketrans argument must be a string if there is a second argument"
                        .to_owned(),
                ));
            };
            if xs.len() != ys.len() {
                return Err(vm.new_value_error(
                    "the first two maketrans arguments must have equal length".to_owned(),
                ));
            }
            for (cx, cy) in xs.into_iter().zip(ys) {
                let (cx, cy) = (Value::Int(i64::from(cx)), Value::Int(i64::from(cy)));
                crate::objects::dict::dict_set_item(vm, &dict, cx, cy)?;
            }
            for c in zs.unwrap_or_default() {
                crate::objects::dict::dict_set_item(
                    vm,
                    &dict,
                    Value::Int(i64::from(c)),
                    Value::None,
                )?;
            }
        }
    }
    Ok(Value::Obj(dict))
}

// ---------------------------------------------------------------------------
// Encoding

fn str_encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [encoding, errors]) = ENCODE.bind(vm, args)?;
    let this = bound_str(vm, this)?;
    let (encoding, errors) = codec_arguments(vm, "encode", [encoding, errors])?;
    if !is_builtin_codec(&encoding) {
        return run_registered_codec(vm, Value::Obj(this), &encoding, &errors, true);
    }
    let s = this.str_data().expect("checked by bound_str");
    let bytes = encode(vm, s, &encoding, &errors)?;
    Ok(vm.new_bytes(bytes))
}

/// Whether the interpreter encodes and decodes `encoding` itself rather than
/// through the codec registry: the names CPython's `PyUnicode_Decode` and
/// `PyUnicode_AsEncodedString` take a shortcut for (after lowering the name and
/// turning punctuation into `_`).
pub(crate) fn is_builtin_codec(encoding: &str) -> bool {
    let mut name = String::with_capacity(encoding.len());
    let mut punct = false;
    for c in encoding.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if punct && !name.is_empty() {
                name.push('_');
            }
            punct = false;
            name.push(c.to_ascii_lowercase());
        } else {
            punct = true;
        }
    }
    matches!(
        name.as_str(),
        "utf_8"
            | "utf8"
            | "utf_16"
            | "utf16"
            | "utf_32"
            | "utf32"
            | "ascii"
            | "us_ascii"
            | "latin1"
            | "latin_1"
            | "iso_8859_1"
            | "iso8859_1"
    )
}

/// An error a registered codec raised, reworded as CPython's `wrap_codec_error`
/// does: "encoding with 'cp1252' codec failed (LookupError: ...)", a new exception
/// of the same class with the original as its cause. Only exceptions that hold
/// nothing but a message are reworded (`can_rewrap`); others pass unchanged.
pub fn wrap_codec_error(
    vm: &mut Vm,
    err: crate::PyErr,
    operation: &str,
    encoding: &str,
) -> crate::PyErr {
    let class = err.0.class();
    let original = Value::Obj(err.0.clone());
    if !can_rewrap(vm, &class, &original) {
        return err;
    }
    let shown = abstract_::str_string(vm, &original).unwrap_or_default();
    let type_name = vm.type_name_of(&original);
    let message = vm.new_str(format!(
        "{operation} with '{encoding}' codec failed ({type_name}: {shown})"
    ));
    match vm.call1(&Value::Obj(class), vec![message]) {
        Ok(Value::Obj(wrapped)) => {
            let wrapped_v = Value::Obj(wrapped.clone());
            let _ = abstract_::setattr_str(vm, &wrapped_v, "__cause__", original);
            crate::PyErr(wrapped)
        }
        _ => err,
    }
}

/// Whether an exception can be made again from its message alone (CPython's
/// `_PyErr_TrySetFromCause`): its class keeps BaseException's `__new__`,
/// `__init__` and layout (no state of its own, no `__slots__` members), its
/// arguments are none or one exact str, and its instance dict is empty.
fn can_rewrap(vm: &mut Vm, class: &ObjRef, exc: &Value) -> bool {
    // The builtin exceptions that keep fields of their own.
    let stateful = [
        Exc::StopIteration,
        Exc::SystemExit,
        Exc::BaseExceptionGroup,
        Exc::ImportError,
        Exc::OSError,
        Exc::NameError,
        Exc::AttributeError,
        Exc::SyntaxError,
        Exc::UnicodeEncodeError,
        Exc::UnicodeDecodeError,
        Exc::UnicodeTranslateError,
        Exc::MemoryError,
    ];
    if stateful
        .iter()
        .any(|&e| typeobject::is_subtype(class, vm.exc(e)))
    {
        return false;
    }
    let base = vm.exc(Exc::BaseException).clone();
    let same_as_base = |name: &str| match (
        typeobject::lookup(class, name),
        typeobject::lookup(&base, name),
    ) {
        (Some(Value::Obj(a)), Some(Value::Obj(b))) => Rc::ptr_eq(&a, &b),
        _ => false,
    };
    if !same_as_base("__new__") || !same_as_base("__init__") {
        return false;
    }
    if class.type_data().is_none_or(|d| d.member_count.get() > 0) {
        return false;
    }
    let args = crate::objects::exceptions::data(exc)
        .map(|d| d.borrow().args.clone())
        .and_then(|args| abstract_::tuple_items(&args));
    let plain_args = match args.as_deref() {
        Some([]) => true,
        Some([Value::Obj(arg)]) => Rc::ptr_eq(&arg.class(), &vm.types.str),
        _ => false,
    };
    let empty_dict = exc
        .as_obj()
        .and_then(|o| o.dict())
        .is_none_or(|d| crate::objects::dict::dict_len(&d) == 0);
    plain_args && empty_dict
}

/// `str.encode` / `bytes.decode` through the codec registry (`codecs.lookup`), for
/// the encodings the `encodings` package provides: text encodings only, and the
/// result must be bytes (encoding) or str (decoding).
pub(crate) fn run_registered_codec(
    vm: &mut Vm,
    obj: Value,
    encoding: &str,
    errors: &str,
    encoding_text: bool,
) -> PyResult<Value> {
    crate::import::import_full(vm, "codecs")?;
    let codecs = crate::objects::dict::dict_get_str(&vm.modules, "codecs").unwrap_or(Value::None);
    let name = vm.new_str(encoding);
    let info = vm.call_method(&codecs, "lookup", vec![name])?;
    let is_text = abstract_::getattr_optional(vm, &info, "_is_text_encoding")?;
    if let Some(flag) = is_text {
        if !abstract_::is_true(vm, &flag)? {
            let use_instead = if encoding_text { "encode" } else { "decode" };
            return Err(vm.new_error(
                crate::Exc::LookupError,
                format!("'{encoding}' is not a text encoding; use codecs.{use_instead}() to handle arbitrary codecs"),
            ));
        }
    }
    let function =
        abstract_::getattr_str(vm, &info, if encoding_text { "encode" } else { "decode" })?;
    let errors = vm.new_str(errors);
    let operation = if encoding_text {
        "encoding"
    } else {
        "decoding"
    };
    let result = vm
        .call1(&function, vec![obj, errors])
        .map_err(|e| wrap_codec_error(vm, e, operation, encoding))?;
    let value = abstract_::tuple_items(&result)
        .filter(|items| items.len() == 2)
        .map(|items| items[0].clone());
    let Some(value) = value else {
        let what = if encoding_text { "encoder" } else { "decoder" };
        return Err(vm.new_type_error(format!("{what} must return a tuple (object, integer)")));
    };
    let (wanted, ok) = if encoding_text {
        ("bytes", crate::objects::bytes::as_bytes(&value).is_some())
    } else {
        ("str", abstract_::value_as_str(&value).is_some())
    };
    if !ok {
        let (what, method) = if encoding_text {
            ("encoder", "encode")
        } else {
            ("decoder", "decode")
        };
        return Err(vm.new_type_error(format!(
            "'{encoding}' {what} returned '{}' instead of '{wanted}'; use codecs.{method}() to {method} to arbitrary types",
            vm.type_name_of(&value)
        )));
    }
    if encoding_text {
        // A bytearray result reads as bytes.
        let bytes = crate::objects::bytes::as_bytes(&value).unwrap_or_default();
        return Ok(vm.new_bytes(bytes));
    }
    Ok(value)
}

/// The `encoding` and `errors` arguments of `str.encode` and `bytes.decode`
/// (`func` names which), with their defaults `"utf-8"` and `"strict"`.
pub(crate) fn codec_arguments(
    vm: &mut Vm,
    func: &str,
    [encoding, errors]: [Option<Value>; 2],
) -> PyResult<(String, String)> {
    let mut texts = Vec::with_capacity(2);
    for (value, name, default) in [
        (&encoding, "encoding", "utf-8"),
        (&errors, "errors", "strict"),
    ] {
        match value {
            None => texts.push(default.to_owned()),
            Some(v) => match abstract_::value_as_str(v) {
                Some(t) => texts.push(t.to_owned()),
                None => {
                    return Err(vm.new_type_error(format!(
                        "{func}() argument '{name}' must be str, not {}",
                        argument_type_name(vm, v)
                    )))
                }
            },
        }
    }
    let errors = texts.pop().unwrap_or_default();
    let encoding = texts.pop().unwrap_or_default();
    Ok((encoding, errors))
}

/// Encodes text with a codec name (`utf-8`, `ascii`, `latin-1`, `utf-16`, `utf-32`
/// ...) and an error handler.
pub fn encode_str(vm: &mut Vm, s: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    if crate::objects::bytes::normalize_encoding(encoding) == "utf-8" {
        return Ok(s.as_bytes().to_vec());
    }
    encode(vm, &PyStr::new(s), encoding, errors)
}

/// A file name as the operating system takes it: UTF-8, each U+DC80..U+DCFF the byte
/// it escapes (`os.fsencode`; other lone surrogates are refused).
pub fn fs_encode(vm: &mut Vm, s: &PyStr) -> PyResult<Vec<u8>> {
    if !s.has_surrogates() {
        return Ok(s.as_str().as_bytes().to_vec());
    }
    encode(vm, s, "utf-8", "surrogateescape")
}

/// A file name from the operating system as a str: UTF-8, each undecodable byte
/// escaped as U+DC80..U+DCFF (`os.fsdecode`).
pub fn fs_decode(vm: &mut Vm, bytes: &[u8]) -> Value {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return vm.new_str(text);
    }
    match crate::objects::bytes::decode(vm, bytes, "utf-8", "surrogateescape") {
        Ok(text) => vm.new_text(text),
        Err(_) => vm.new_str(String::from_utf8_lossy(bytes).into_owned()),
    }
}

/// The encoders built into the VM.
#[derive(Clone, Copy, PartialEq)]
enum Encoder {
    Utf8,
    Utf16 {
        big: bool,
    },
    Utf32 {
        big: bool,
    },
    /// ASCII (limit 0x80) and latin-1 (0x100).
    Below(u32),
}

impl Encoder {
    /// The encoder of a normalized codec name, and the byte-order mark it starts with.
    fn of(codec: &str) -> Option<(Encoder, &'static [u8])> {
        Some(match codec {
            "utf-8" => (Encoder::Utf8, &[]),
            "utf-16" => (Encoder::Utf16 { big: false }, &[0xff, 0xfe]),
            "utf-16-le" => (Encoder::Utf16 { big: false }, &[]),
            "utf-16-be" => (Encoder::Utf16 { big: true }, &[]),
            "utf-32" => (Encoder::Utf32 { big: false }, &[0xff, 0xfe, 0, 0]),
            "utf-32-le" => (Encoder::Utf32 { big: false }, &[]),
            "utf-32-be" => (Encoder::Utf32 { big: true }, &[]),
            "ascii" => (Encoder::Below(0x80), &[]),
            "latin-1" => (Encoder::Below(0x100), &[]),
            _ => return None,
        })
    }

    fn can_encode(self, code: u32) -> bool {
        match self {
            Encoder::Below(limit) => code < limit,
            _ => !crate::objects::str::is_surrogate(code),
        }
    }

    /// Appends `code` as this codec writes it (which `can_encode` must allow).
    fn push(self, code: u32, out: &mut Vec<u8>) {
        match self {
            Encoder::Below(_) => out.push(code as u8),
            Encoder::Utf8 => match char::from_u32(code) {
                Some(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
                None => self.push_surrogate(code, out),
            },
            Encoder::Utf16 { big } => {
                let mut buf = [code as u16; 2];
                let units: &[u16] = match char::from_u32(code) {
                    Some(c) => c.encode_utf16(&mut buf),
                    None => &buf[..1],
                };
                for u in units {
                    out.extend(if big {
                        u.to_be_bytes()
                    } else {
                        u.to_le_bytes()
                    });
                }
            }
            Encoder::Utf32 { big } => out.extend(if big {
                code.to_be_bytes()
            } else {
                code.to_le_bytes()
            }),
        }
    }

    /// Appends a surrogate as the codec would any other code point (`surrogatepass`).
    fn push_surrogate(self, code: u32, out: &mut Vec<u8>) {
        match self {
            Encoder::Utf8 => out.extend([
                0xe0 | (code >> 12) as u8,
                0x80 | ((code >> 6) & 0x3f) as u8,
                0x80 | (code & 0x3f) as u8,
            ]),
            Encoder::Utf16 { .. } | Encoder::Utf32 { .. } => self.push(code, out),
            Encoder::Below(_) => {}
        }
    }

    /// Whether one error covers a whole run of unencodable code points (UTF-16 and
    /// UTF-32 report them one at a time, as CPython's encoders do).
    fn reports_runs(self) -> bool {
        matches!(self, Encoder::Utf8 | Encoder::Below(_))
    }

    /// The bytes a replacement must come in whole multiples of.
    fn unit(self) -> usize {
        match self {
            Encoder::Utf16 { .. } => 2,
            Encoder::Utf32 { .. } => 4,
            _ => 1,
        }
    }

    fn reason(self) -> String {
        match self {
            Encoder::Below(limit) => format!("ordinal not in range({limit})"),
            _ => "surrogates not allowed".to_owned(),
        }
    }
}

/// Encodes a str (lone surrogates included) with a codec name and an error handler.
pub fn encode(vm: &mut Vm, s: &PyStr, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    let codec = crate::objects::bytes::normalize_encoding(encoding);
    if codec == "utf-7" {
        return Ok(crate::objects::utf7::encode(s));
    }
    let Some((encoder, bom)) = Encoder::of(&codec) else {
        return Err(vm.new_error(Exc::LookupError, format!("unknown encoding: {encoding}")));
    };
    if encoder == Encoder::Utf8 && !s.has_surrogates() {
        return Ok(s.as_str().as_bytes().to_vec());
    }
    let points: Vec<u32> = s.code_points().collect();
    let mut out = Vec::with_capacity(bom.len() + s.as_str().len());
    out.extend_from_slice(bom);
    // The error for code points start..end, made when it is needed.
    let error = |vm: &mut Vm, start: usize, end: usize| {
        let object = vm.new_pystr(s.slice(0, s.char_len()));
        crate::objects::exceptions::new_unicode_error(
            vm,
            Exc::UnicodeEncodeError,
            &codec,
            object,
            start,
            end,
            &encoder.reason(),
        )
    };
    let mut i = 0;
    while i < points.len() {
        if encoder.can_encode(points[i]) {
            encoder.push(points[i], &mut out);
            i += 1;
            continue;
        }
        let mut end = i + 1;
        if encoder.reports_runs() {
            while end < points.len() && !encoder.can_encode(points[end]) {
                end += 1;
            }
        }
        let bad = &points[i..end];
        let push_ascii = |text: &str, out: &mut Vec<u8>| {
            text.bytes().for_each(|b| encoder.push(u32::from(b), out))
        };
        match errors {
            "ignore" => {}
            "replace" => bad
                .iter()
                .for_each(|_| encoder.push(u32::from(b'?'), &mut out)),
            "backslashreplace" => {
                let text = crate::objects::str::ascii_escape_code_points(bad.iter().copied());
                push_ascii(&text, &mut out);
            }
            "xmlcharrefreplace" => {
                for code in bad {
                    push_ascii(&format!("&#{code};"), &mut out);
                }
            }
            "surrogateescape"
                if encoder.unit() == 1 && bad.iter().all(|c| (0xdc80..=0xdcff).contains(c)) =>
            {
                out.extend(bad.iter().map(|c| (c - 0xdc00) as u8));
            }
            "surrogatepass"
                if !matches!(encoder, Encoder::Below(_))
                    && bad.iter().all(|c| crate::objects::str::is_surrogate(*c)) =>
            {
                bad.iter()
                    .for_each(|c| encoder.push_surrogate(*c, &mut out));
            }
            "strict" | "surrogateescape" | "surrogatepass" => return Err(error(vm, i, end)),
            other => {
                let handler = lookup_error_handler(vm, other)?;
                let exc = error(vm, i, end);
                let (replacement, resume) =
                    call_error_handler(vm, &handler, exc, points.len(), false)?;
                if let Some(bytes) = crate::objects::bytes::as_bytes(&replacement) {
                    if bytes.len() % encoder.unit() != 0 {
                        return Err(error(vm, i, end));
                    }
                    out.extend(bytes);
                } else if let Some(text) = crate::objects::str::as_pystr(&replacement) {
                    // A replacement must be ASCII (below the limit for the 8-bit
                    // codecs), or the original error stands.
                    let fits = |c: u32| match encoder {
                        Encoder::Below(limit) => c < limit,
                        _ => c < 0x80,
                    };
                    if !text.code_points().all(fits) {
                        return Err(error(vm, i, end));
                    }
                    text.code_points().for_each(|c| encoder.push(c, &mut out));
                }
                i = resume;
                continue;
            }
        }
        i = end;
    }
    Ok(out)
}

/// The error handler registered under `name` (`codecs.lookup_error(name)`).
pub fn lookup_error_handler(vm: &mut Vm, name: &str) -> PyResult<Value> {
    let codecs = crate::import::import_full(vm, "_codecs")?;
    let name = vm.new_str(name);
    vm.call_method(&codecs, "lookup_error", vec![name])
}

/// Calls a registered error handler with the Unicode error `exc` of an input of
/// `length` items: the replacement (str, or bytes when encoding) and where to go on
/// (CPython's `unicode_encode_call_errorhandler` and its decoding twin).
pub fn call_error_handler(
    vm: &mut Vm,
    handler: &Value,
    exc: crate::PyErr,
    length: usize,
    decoding: bool,
) -> PyResult<(Value, usize)> {
    let result = vm.call1(handler, vec![Value::Obj(exc.0)])?;
    error_handler_result(vm, &result, length, decoding)
}

/// What an error handler returned, checked: the replacement and the position to
/// go on from in an input of `length` (negative positions count from its end).
pub fn error_handler_result(
    vm: &mut Vm,
    result: &Value,
    length: usize,
    decoding: bool,
) -> PyResult<(Value, usize)> {
    let items = match &result {
        Value::Obj(o) if matches!(o.payload, crate::Payload::Tuple(_)) => {
            abstract_::tuple_items(result).unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let replacement_ok = |v: &Value| {
        abstract_::value_as_str(v).is_some()
            || (!decoding
                && matches!(v, Value::Obj(o) if matches!(o.payload, crate::Payload::Bytes(_))))
    };
    let position = items.get(1).and_then(crate::objects::int::as_i64);
    let (Some(replacement), Some(position), 2) = (items.first(), position, items.len()) else {
        let message = if decoding {
            "decoding error handler must return (str, int) tuple"
        } else {
            "encoding error handler must return (str/bytes, int) tuple"
        };
        return Err(vm.new_type_error(message.to_owned()));
    };
    if !replacement_ok(replacement) {
        let message = if decoding {
            "decoding error handler must return (str, int) tuple"
        } else {
            "encoding error handler must return (str/bytes, int) tuple"
        };
        return Err(vm.new_type_error(message.to_owned()));
    }
    let resume = if position < 0 {
        position + length as i64
    } else {
        position
    };
    if resume < 0 || resume > length as i64 {
        return Err(vm.new_index_error(format!(
            "position {position} from error handler out of bounds"
        )));
    }
    Ok((replacement.clone(), resume as usize))
}
