//! The `_sre` module (CPython's `Modules/_sre/sre.c`): the compiled-pattern, match
//! and scanner types under `re`, and `compile`, which turns the code `re._compiler`
//! produces into a pattern.
//!
//! `pattern.rs`, `match_object.rs` and `scanner.rs` hold the three types,
//! `subject.rs` reads the strings they match and `validate.rs` checks compiled code.
//! The code runs on Krait's own matcher: `matcher.rs` backtracks through it on an
//! explicit stack (CPython's `sre_lib.h`), with `charset.rs` for character sets,
//! `chars.rs` for character classes and case, and `opcodes.rs` for the numbering;
//! `engine.rs` connects it to the types. Replacement templates are expanded by
//! `re._subx` and `re._expand`, as in CPython 3.11.

mod chars;
mod charset;
mod engine;
mod match_object;
mod matcher;
mod opcodes;
mod pattern;
mod scanner;
mod subject;
mod validate;

use chars::{lower_ascii, lower_unicode, upper_unicode};
use krait_vm::native::{add_module_functions, new_native_type, MethodDef};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::int;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::typeobject;
use krait_vm::signature::Signature;
use krait_vm::{abstract_, ObjRef, Payload, PyResult, Value, Vm};

/// The version of the compiled code this module runs (`re._constants.MAGIC` of 3.11).
const MAGIC: i64 = 20220615;
/// Bytes per code word.
const CODESIZE: i64 = 4;
/// The repeat count that means "no limit".
const MAXREPEAT: i64 = u32::MAX as i64;
/// The most groups a pattern may have (CPython's `SRE_MAXGROUPS` for 32-bit code words).
const MAXGROUPS: usize = i32::MAX as usize / 2;
const COPYRIGHT: &str = " SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB ";

/// The module's classes, for its functions to make instances of.
struct SreState {
    pattern: ObjRef,
    match_: ObjRef,
    scanner: ObjRef,
}

fn state(vm: &mut Vm) -> PyResult<std::rc::Rc<SreState>> {
    vm.module_state::<SreState>()
        .ok_or_else(|| vm.new_runtime_error("_sre is not initialised".to_owned()))
}

static FUNCTIONS: [MethodDef; 6] = [
    MethodDef::method("compile", compile).with_signature(&COMPILE),
    MethodDef::method("getcodesize", getcodesize).with_signature(&GETCODESIZE),
    MethodDef::method("ascii_iscased", ascii_iscased).with_signature(&ASCII_ISCASED),
    MethodDef::method("unicode_iscased", unicode_iscased).with_signature(&UNICODE_ISCASED),
    MethodDef::method("ascii_tolower", ascii_tolower).with_signature(&ASCII_TOLOWER),
    MethodDef::method("unicode_tolower", unicode_tolower).with_signature(&UNICODE_TOLOWER),
];

static COMPILE: Signature = Signature::new(
    "compile",
    "($module, /, pattern, flags, code, groups, groupindex,\n        indexgroup)",
);
static GETCODESIZE: Signature = Signature::new("getcodesize", "($module, /)");
static ASCII_ISCASED: Signature = Signature::new("ascii_iscased", "($module, character, /)");
static UNICODE_ISCASED: Signature = Signature::new("unicode_iscased", "($module, character, /)");
static ASCII_TOLOWER: Signature = Signature::new("ascii_tolower", "($module, character, /)");
static UNICODE_TOLOWER: Signature = Signature::new("unicode_tolower", "($module, character, /)");

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_sre");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_sre", &FUNCTIONS);
    for (name, value) in [
        ("MAGIC", MAGIC),
        ("CODESIZE", CODESIZE),
        ("MAXREPEAT", MAXREPEAT),
        ("MAXGROUPS", MAXGROUPS as i64),
    ] {
        dict::dict_set_str(vm, &d, name, Value::Int(value));
    }
    let copyright = vm.new_str(COPYRIGHT);
    dict::dict_set_str(vm, &d, "copyright", copyright);
    let pattern = new_native_type(vm, &pattern::PATTERN_TYPE, None);
    let match_ = new_native_type(vm, &match_object::MATCH_TYPE, None);
    let scanner = new_native_type(vm, &scanner::SCANNER_TYPE, None);
    vm.set_module_state(SreState {
        pattern,
        match_,
        scanner,
    });
    Ok(m)
}

/// `_sre.compile(pattern, flags, code, groups, groupindex, indexgroup)`: the pattern
/// object for code that `re._compiler` made.
fn compile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [pattern, flags, code, groups, groupindex, indexgroup] = COMPILE.bind_args(vm, args)?;
    let [pattern, flags, code, groups, groupindex, indexgroup] =
        [pattern, flags, code, groups, groupindex, indexgroup].map(crate::given);
    let flags = c_int(vm, &flags)?;
    let list = vm.types.list.clone();
    require_instance(vm, &code, &list, "code")?;
    let code_items = abstract_::list_items(&code).unwrap_or_default();
    let groups = ssize(vm, &groups)?;
    let dict_class = vm.types.dict.clone();
    require_instance(vm, &groupindex, &dict_class, "groupindex")?;
    let tuple = vm.types.tuple.clone();
    require_instance(vm, &indexgroup, &tuple, "indexgroup")?;
    let mut words = Vec::with_capacity(code_items.len());
    for item in &code_items {
        words.push(code_word(vm, item)?);
    }
    let is_bytes = match &pattern {
        Value::None => None,
        other => Some(subject::Subject::of(vm, other)?.is_bytes()),
    };
    let named = matches!(&groupindex, Value::Obj(o) if dict::dict_len(o) > 0);
    let has_names = named && abstract_::tuple_items(&indexgroup).is_some_and(|t| !t.is_empty());
    let groups = usize::try_from(groups).map_err(|_| invalid_code(vm))?;
    let Ok(checked) = validate::validate(&words, groups) else {
        return Err(invalid_code(vm));
    };
    let state = state(vm)?;
    Ok(pattern::new_pattern(
        vm,
        &state.pattern,
        pattern::Pattern {
            code: words.into_boxed_slice(),
            marks: checked.marks,
            pattern,
            flags,
            groups,
            groupindex: if named { groupindex } else { Value::None },
            indexgroup: if has_names { indexgroup } else { Value::None },
            is_bytes,
            spare: Default::default(),
        },
    ))
}

fn invalid_code(vm: &mut Vm) -> krait_vm::PyErr {
    vm.new_runtime_error("invalid SRE code".to_owned())
}

/// One word of compiled code. CPython converts with `PyLong_AsUnsignedLong` and
/// then checks that the word kept its value, so whatever does not fit (or is no int
/// at all) ends in the same `OverflowError`.
fn code_word(vm: &mut Vm, item: &Value) -> PyResult<u32> {
    int::as_i64(item)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| {
            vm.new_overflow_error("regular expression code size limit exceeded".to_owned())
        })
}

/// Argument Clinic's `subclass_of` check of argument `name`.
fn require_instance(vm: &mut Vm, v: &Value, class: &ObjRef, name: &str) -> PyResult<()> {
    if vm.isinstance(v, class) {
        return Ok(());
    }
    let expected = typeobject::type_data(class).name();
    let given = vm.type_name_of(v);
    Err(vm.new_type_error(format!(
        "compile() argument '{name}' must be {expected}, not {given}"
    )))
}

/// An `int` argument as Argument Clinic converts it to a C `int`.
fn c_int(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    if matches!(v, Value::Float(_)) {
        return Err(vm.new_type_error("integer argument expected, got float".to_owned()));
    }
    let n = abstract_::index(vm, v)?;
    int::as_i64(&n)
        .or(match n {
            Value::Bool(b) => Some(b as i64),
            _ => None,
        })
        .and_then(|n| i32::try_from(n).ok())
        .ok_or_else(|| {
            let message = if big_is_negative(&n) {
                "Python int too small to convert to C int"
            } else {
                "Python int too large to convert to C int"
            };
            vm.new_overflow_error(message.to_owned())
        })
}

/// A `Py_ssize_t` argument as Argument Clinic converts it.
fn ssize(vm: &mut Vm, v: &Value) -> PyResult<isize> {
    let n = abstract_::index(vm, v)?;
    match n {
        Value::Int(n) => Ok(n as isize),
        Value::Bool(b) => Ok(b as isize),
        _ => Err(vm.new_overflow_error("Python int too large to convert to C ssize_t".to_owned())),
    }
}

fn getcodesize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    GETCODESIZE.bind_args::<0>(vm, args)?;
    Ok(Value::Int(CODESIZE))
}

/// The `character` argument of the case helpers, as the C code reads it.
fn character(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<u32> {
    let [character] = signature.bind_args(vm, args)?;
    Ok(c_int(vm, &crate::given(character))? as u32)
}

fn ascii_iscased(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let ch = character(vm, &ASCII_ISCASED, args)?;
    Ok(Value::Bool(ch < 128 && (ch as u8).is_ascii_alphabetic()))
}

/// Whether a character has another case. CPython's upper case of a character whose
/// full mapping has several characters is the first of them (`ß` -> `S`), so `ß` is
/// cased and `(?i)ß` matches `ẞ`.
fn unicode_iscased(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let ch = character(vm, &UNICODE_ISCASED, args)?;
    Ok(Value::Bool(
        ch != lower_unicode(ch) || ch != upper_unicode(ch),
    ))
}

fn ascii_tolower(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let ch = character(vm, &ASCII_TOLOWER, args)?;
    Ok(Value::Int(i64::from(lower_ascii(ch) as i32)))
}

fn unicode_tolower(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let ch = character(vm, &UNICODE_TOLOWER, args)?;
    Ok(Value::Int(i64::from(lower_unicode(ch) as i32)))
}

/// The sign of an int too large for `i64`.
fn big_is_negative(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(&o.payload, Payload::Int(n) if n.sign() == num_bigint::Sign::Minus))
}
