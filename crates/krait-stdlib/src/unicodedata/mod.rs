//! The `unicodedata` module (CPython's `Modules/unicodedata.c`): the Unicode 14.0.0
//! character database, and `ucd_3_2_0`, a `UCD` object answering the same questions
//! for Unicode 3.2.0 (as `stringprep` and the IDNA codec need).
//!
//! The data comes from python3.11 itself (`scripts/gen-unicodedata.py` writes
//! `tables.rs`). CPython's `_ucnhash_CAPI` capsule is left out: Krait's codecs call
//! `names` directly.

pub mod names;
pub mod normalize;
mod records;
#[rustfmt::skip]
mod tables;

use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, ObjRef, Payload, PyResult, Value, Vm};

use crate::given;
use names::Named;
use normalize::Form;
pub use records::Version;

/// A version of the database (only `ucd_3_2_0` is ever made).
struct Ucd {
    version: Version,
}

impl NativeData for Ucd {
    fn holds_values(&self) -> bool {
        false
    }
}

/// Declares the functions of the module and the `UCD` methods of the same names:
/// each binds `($self, PARAMETERS)` and calls its answer with the version of the
/// database it asks about (14.0.0 for the module, the object's for a `UCD`).
macro_rules! database_functions {
    ($(($name:literal, $parameters:literal, $answer:ident)),* $(,)?) => {
        #[allow(non_upper_case_globals)]
        mod module_signatures {
            use super::Signature;
            $(
                pub static $answer: Signature =
                    Signature::of("unicodedata", $name, concat!("($module, ", $parameters));
            )*
        }

        #[allow(non_upper_case_globals)]
        mod ucd_signatures {
            use super::Signature;
            $(
                pub static $answer: Signature =
                    Signature::of("UCD", $name, concat!("($self, ", $parameters));
            )*
        }

        mod module_functions {
            use super::*;
            $(
                pub fn $answer(vm: &mut Vm, args: Args) -> PyResult<Value> {
                    let params = module_signatures::$answer.bind_args(vm, args)?;
                    super::$answer(vm, Version::Current, params)
                }
            )*
        }

        mod ucd_methods {
            use super::*;
            $(
                pub fn $answer(vm: &mut Vm, args: Args) -> PyResult<Value> {
                    let (this, params) = ucd_signatures::$answer.bind(vm, args)?;
                    let version = ucd_version(vm, &given(this))?;
                    super::$answer(vm, version, params)
                }
            )*
        }

        static MODULE_FUNCTIONS: &[MethodDef] = &[$(
            MethodDef::staticmethod($name, module_functions::$answer)
                .with_signature(&module_signatures::$answer)
        ),*];
        static UCD_METHODS: &[MethodDef] = &[$(
            MethodDef::method($name, ucd_methods::$answer).with_signature(&ucd_signatures::$answer)
        ),*];
    };
}

database_functions!(
    ("decimal", "chr, default=<unrepresentable>, /)", decimal_of),
    ("digit", "chr, default=<unrepresentable>, /)", digit_of),
    ("numeric", "chr, default=<unrepresentable>, /)", numeric_of),
    ("category", "chr, /)", category_of),
    ("bidirectional", "chr, /)", bidirectional_of),
    ("combining", "chr, /)", combining_of),
    ("mirrored", "chr, /)", mirrored_of),
    ("east_asian_width", "chr, /)", east_asian_width_of),
    ("decomposition", "chr, /)", decomposition_of),
    ("name", "chr, default=<unrepresentable>, /)", name_of),
    ("lookup", "name, /)", lookup_of),
    ("is_normalized", "form, unistr, /)", is_normalized_of),
    ("normalize", "form, unistr, /)", normalize_of),
);

static UCD_TYPE: NativeTypeSpec = NativeTypeSpec {
    methods: UCD_METHODS,
    getsets: &[GetSet {
        name: "unidata_version",
        get: ucd_unidata_version,
        set: Some(crate::readonly),
    }],
    ..NativeTypeSpec::new("UCD", "unicodedata")
};

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "unicodedata");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "unicodedata", MODULE_FUNCTIONS);
    let version = vm.new_str(tables::UNIDATA_VERSION);
    dict::dict_set_str(vm, &d, "unidata_version", version);
    let ucd = new_native_type(vm, &UCD_TYPE, None);
    dict::dict_set_str(vm, &d, "UCD", Value::Obj(ucd.clone()));
    let old = new_native_object(
        vm,
        &ucd,
        Ucd {
            version: Version::V3_2_0,
        },
    );
    dict::dict_set_str(vm, &d, "ucd_3_2_0", old);
    Ok(m)
}

fn ucd_version(vm: &mut Vm, this: &Value) -> PyResult<Version> {
    match native_data::<Ucd>(this) {
        Some(ucd) => Ok(ucd.version),
        None => Err(crate::wrong_receiver(vm, "unicodedata.UCD", this)),
    }
}

fn ucd_unidata_version(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let version = ucd_version(vm, this)?;
    Ok(vm.new_str(version.name()))
}

// ---------------------------------------------------------------------------
// Arguments and answers

/// A one-character str argument, as `int(accept={str})` converts it.
fn char_arg(vm: &mut Vm, function: &str, position: &str, arg: Option<Value>) -> PyResult<u32> {
    let arg = given(arg);
    // Code points, so that a lone surrogate is itself (category Cs), not the
    // U+FFFD that stands for it in the text.
    if let Some(text) = krait_vm::objects::str::as_pystr(&arg) {
        let mut codes = text.code_points();
        if let (Some(c), None) = (codes.next(), codes.next()) {
            return Ok(c);
        }
    }
    Err(vm.new_type_error(format!(
        "{function}() {position} must be a unicode character, not {}",
        vm.type_name_of(&arg)
    )))
}

/// A str argument of a function with several (`normalize(form, unistr)`).
fn str_arg<'a>(vm: &mut Vm, function: &str, position: usize, arg: &'a Value) -> PyResult<&'a str> {
    match abstract_::value_as_str(arg) {
        Some(text) => Ok(text),
        None => Err(vm.new_type_error(format!(
            "{function}() argument {position} must be str, not {}",
            vm.type_name_of(arg)
        ))),
    }
}

/// `answer`, else the caller's `default`, else `ValueError(message)`.
fn answer_or_default(
    vm: &mut Vm,
    answer: Option<Value>,
    default: Option<Value>,
    message: &str,
) -> PyResult<Value> {
    match (answer, default) {
        (Some(answer), _) => Ok(answer),
        (None, Some(default)) => Ok(default),
        (None, None) => Err(vm.new_value_error(message.to_owned())),
    }
}

fn decimal_of(
    vm: &mut Vm,
    version: Version,
    [chr, default]: [Option<Value>; 2],
) -> PyResult<Value> {
    let cp = char_arg(vm, "decimal", "argument 1", chr)?;
    let answer = version.decimal(cp).map(|d| Value::Int(i64::from(d)));
    answer_or_default(vm, answer, default, "not a decimal")
}

fn digit_of(vm: &mut Vm, version: Version, [chr, default]: [Option<Value>; 2]) -> PyResult<Value> {
    let cp = char_arg(vm, "digit", "argument 1", chr)?;
    let answer = version.digit(cp).map(|d| Value::Int(i64::from(d)));
    answer_or_default(vm, answer, default, "not a digit")
}

fn numeric_of(
    vm: &mut Vm,
    version: Version,
    [chr, default]: [Option<Value>; 2],
) -> PyResult<Value> {
    let cp = char_arg(vm, "numeric", "argument 1", chr)?;
    let answer = version.numeric(cp).map(Value::Float);
    answer_or_default(vm, answer, default, "not a numeric character")
}

fn name_of(vm: &mut Vm, version: Version, [chr, default]: [Option<Value>; 2]) -> PyResult<Value> {
    let cp = char_arg(vm, "name", "argument 1", chr)?;
    let answer = names::name(version, cp).map(|n| vm.new_str(n));
    answer_or_default(vm, answer, default, "no such name")
}

fn category_of(vm: &mut Vm, version: Version, [chr]: [Option<Value>; 1]) -> PyResult<Value> {
    let cp = char_arg(vm, "category", "argument", chr)?;
    Ok(vm.new_str(version.category(cp)))
}

fn bidirectional_of(vm: &mut Vm, version: Version, [chr]: [Option<Value>; 1]) -> PyResult<Value> {
    let cp = char_arg(vm, "bidirectional", "argument", chr)?;
    Ok(vm.new_str(version.bidirectional(cp)))
}

fn combining_of(vm: &mut Vm, version: Version, [chr]: [Option<Value>; 1]) -> PyResult<Value> {
    let cp = char_arg(vm, "combining", "argument", chr)?;
    Ok(Value::Int(i64::from(version.combining(cp))))
}

fn mirrored_of(vm: &mut Vm, version: Version, [chr]: [Option<Value>; 1]) -> PyResult<Value> {
    let cp = char_arg(vm, "mirrored", "argument", chr)?;
    Ok(Value::Int(i64::from(version.mirrored(cp))))
}

fn east_asian_width_of(
    vm: &mut Vm,
    version: Version,
    [chr]: [Option<Value>; 1],
) -> PyResult<Value> {
    let cp = char_arg(vm, "east_asian_width", "argument", chr)?;
    Ok(vm.new_str(version.east_asian_width(cp)))
}

fn decomposition_of(vm: &mut Vm, version: Version, [chr]: [Option<Value>; 1]) -> PyResult<Value> {
    let cp = char_arg(vm, "decomposition", "argument", chr)?;
    Ok(vm.new_str(decomposition_text(version, cp)))
}

/// A decomposition as UnicodeData.txt writes it: `<compat> 0020 0308`.
fn decomposition_text(version: Version, cp: u32) -> String {
    let Some((tag, points)) = version.decomposition(cp) else {
        return String::new();
    };
    let mut parts: Vec<String> = Vec::with_capacity(points.len() + 1);
    if !tag.is_empty() {
        parts.push(tag.to_owned());
    }
    parts.extend(points.iter().map(|p| format!("{p:04X}")));
    parts.join(" ")
}

fn lookup_of(vm: &mut Vm, version: Version, [name]: [Option<Value>; 1]) -> PyResult<Value> {
    let name = given(name);
    let bytes = lookup_name_arg(vm, &name)?;
    if bytes.len() > names::NAME_MAXLEN {
        let message = vm.new_str("name too long");
        return Err(vm.new_key_error(message));
    }
    match names::lookup(version, &bytes, true) {
        Some(Named::Char(cp)) => Ok(vm.new_str(char_of(cp).to_string())),
        Some(Named::Sequence(points)) => {
            let text: String = points.iter().map(|&p| char_of(p)).collect();
            Ok(vm.new_str(text))
        }
        None => {
            // CPython prints the name as a C string: up to its first NUL.
            let shown = bytes.split(|&b| b == 0).next().unwrap_or_default();
            let message = format!(
                "undefined character name '{}'",
                String::from_utf8_lossy(shown)
            );
            let message = vm.new_str(message);
            Err(vm.new_key_error(message))
        }
    }
}

fn char_of(cp: u32) -> char {
    char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// `lookup`'s argument: a str, or bytes (read-only buffers only).
fn lookup_name_arg(vm: &mut Vm, name: &Value) -> PyResult<Vec<u8>> {
    if let Some(text) = abstract_::value_as_str(name) {
        return Ok(text.as_bytes().to_vec());
    }
    if let Value::Obj(o) = name {
        if let Payload::Bytes(bytes) = &o.payload {
            return Ok(bytes.to_vec());
        }
    }
    let memoryview = vm.memoryview_type.clone();
    let bytearray = vm.types.bytearray.clone();
    if vm.isinstance(name, &bytearray) || vm.isinstance(name, &memoryview) {
        return Err(vm.new_type_error(format!(
            "lookup() argument must be read-only bytes-like object, not {}",
            vm.type_name_of(name)
        )));
    }
    Err(vm.new_type_error(format!(
        "a bytes-like object is required, not '{}'",
        vm.type_name_of(name)
    )))
}

fn is_normalized_of(
    vm: &mut Vm,
    version: Version,
    [form, text]: [Option<Value>; 2],
) -> PyResult<Value> {
    let (form, text) = (given(form), given(text));
    let form = str_arg(vm, "is_normalized", 1, &form)?;
    let text = str_arg(vm, "is_normalized", 2, &text)?;
    if text.is_empty() {
        return Ok(Value::Bool(true));
    }
    let form = form_of(vm, form)?;
    Ok(Value::Bool(
        normalize::normalize(version, form, text) == text,
    ))
}

fn normalize_of(
    vm: &mut Vm,
    version: Version,
    [form, text]: [Option<Value>; 2],
) -> PyResult<Value> {
    let (form_value, text_value) = (given(form), given(text));
    let form = str_arg(vm, "normalize", 1, &form_value)?;
    let text = str_arg(vm, "normalize", 2, &text_value)?;
    if text.is_empty() {
        return Ok(text_value.clone());
    }
    let form = form_of(vm, form)?;
    let normal = normalize::normalize(version, form, text);
    // Text already in the form comes back as the same object.
    if normal == text {
        return Ok(text_value.clone());
    }
    Ok(vm.new_str(normal))
}

fn form_of(vm: &mut Vm, form: &str) -> PyResult<Form> {
    Form::from_name(form).ok_or_else(|| vm.new_value_error("invalid normalization form".to_owned()))
}
