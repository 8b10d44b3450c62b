//! The `_codecs` module (CPython's `Modules/_codecsmodule.c` and `Python/codecs.c`):
//! the codec registry that `codecs.py` and the `encodings` package build on, the
//! error-handler registry, and the codec functions `encodings/*.py` call.
//!
//! The registry holds search functions and a cache of what they found, by normalised
//! name; the first lookup imports `encodings`, which registers the standard search
//! function. The UTF-8/16/32, ASCII and Latin-1 codecs are the interpreter's own
//! (`bytes.decode`, `str.encode`); charmap and escape codecs are here.

use std::cell::RefCell;

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::bytes::decode as decode_text;
use krait_vm::objects::dict;
use krait_vm::objects::exceptions::new_unicode_error;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::str::{as_pystr, StrBuf};
use krait_vm::objects::str_methods::{self, encode as encode_text};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, Payload, PyResult, Value, Vm};

mod escapes;

use crate::unicodedata::names;
use crate::unicodedata::Version;

/// The registries of one interpreter.
struct CodecState {
    search_functions: RefCell<Vec<Value>>,
    /// Lookup results by normalised encoding name.
    cache: ObjRef,
    /// Error handlers by name.
    error_handlers: ObjRef,
    /// `encodings` has been imported (or is being).
    encodings_loaded: std::cell::Cell<bool>,
}

/// The registries, made by importing `_codecs` when nothing has yet (the text
/// layer of `_io` looks codecs up without importing the module itself).
fn state(vm: &mut Vm) -> PyResult<std::rc::Rc<CodecState>> {
    if let Some(state) = vm.module_state::<CodecState>() {
        return Ok(state);
    }
    krait_vm::import::import_full(vm, "_codecs")?;
    vm.module_state::<CodecState>()
        .ok_or_else(|| vm.new_runtime_error("_codecs is not initialised".to_owned()))
}

macro_rules! signatures {
    ($($name:ident = $text:literal;)*) => {
        $(static $name: Signature = Signature::of("_codecs", stringify!($name), $text);)*
    };
}

// The names passed to `Signature::of` are only used in messages through the
// function's own name, given again in `FUNCTIONS`.
signatures! {
    REGISTER = "($module, search_function, /)";
    UNREGISTER = "($module, search_function, /)";
    LOOKUP = "($module, encoding, /)";
    ENCODE = "($module, /, obj, encoding='utf-8', errors='strict')";
    DECODE = "($module, /, obj, encoding='utf-8', errors='strict')";
    FORGET_CODEC = "($module, encoding, /)";
    TEXT_ENCODE = "($module, str, errors=None, /)";
    TEXT_DECODE = "($module, data, errors=None, final=False, /)";
    PLAIN_DECODE = "($module, data, errors=None, /)";
    WIDE_ENCODE = "($module, str, errors=None, byteorder=0, /)";
    WIDE_EX_DECODE = "($module, data, errors=None, byteorder=0, final=False, /)";
    ESCAPE_DECODE = "($module, data, errors=None, final=True, /)";
    BYTES_ESCAPE = "($module, data, errors=None, /)";
    CHARMAP_ENCODE = "($module, str, errors=None, mapping=None, /)";
    CHARMAP_DECODE = "($module, data, errors=None, mapping=None, /)";
    CHARMAP_BUILD = "($module, map, /)";
    REGISTER_ERROR = "($module, errors, handler, /)";
    LOOKUP_ERROR = "($module, name, /)";
}

static FUNCTIONS: &[MethodDef] = &[
    MethodDef::staticmethod("register", register).with_signature(&REGISTER),
    MethodDef::staticmethod("unregister", unregister).with_signature(&UNREGISTER),
    MethodDef::staticmethod("lookup", lookup_fn).with_signature(&LOOKUP),
    MethodDef::staticmethod("encode", encode_fn).with_signature(&ENCODE),
    MethodDef::staticmethod("decode", decode_fn).with_signature(&DECODE),
    MethodDef::staticmethod("_forget_codec", forget_codec).with_signature(&FORGET_CODEC),
    MethodDef::staticmethod("utf_8_encode", utf_8_encode).with_signature(&TEXT_ENCODE),
    MethodDef::staticmethod("utf_8_decode", utf_8_decode).with_signature(&TEXT_DECODE),
    MethodDef::staticmethod("latin_1_encode", latin_1_encode).with_signature(&TEXT_ENCODE),
    MethodDef::staticmethod("latin_1_decode", latin_1_decode).with_signature(&PLAIN_DECODE),
    MethodDef::staticmethod("ascii_encode", ascii_encode).with_signature(&TEXT_ENCODE),
    MethodDef::staticmethod("ascii_decode", ascii_decode).with_signature(&PLAIN_DECODE),
    MethodDef::staticmethod("utf_7_encode", utf_7_encode).with_signature(&TEXT_ENCODE),
    MethodDef::staticmethod("utf_7_decode", utf_7_decode).with_signature(&TEXT_DECODE),
    MethodDef::staticmethod("utf_16_encode", utf_16_encode).with_signature(&WIDE_ENCODE),
    MethodDef::staticmethod("utf_16_le_encode", utf_16_le_encode).with_signature(&TEXT_ENCODE),
    MethodDef::staticmethod("utf_16_be_encode", utf_16_be_encode).with_signature(&TEXT_ENCODE),
    MethodDef::staticmethod("utf_16_decode", utf_16_decode).with_signature(&TEXT_DECODE),
    MethodDef::staticmethod("utf_16_le_decode", utf_16_le_decode).with_signature(&TEXT_DECODE),
    MethodDef::staticmethod("utf_16_be_decode", utf_16_be_decode).with_signature(&TEXT_DECODE),
    MethodDef::staticmethod("utf_16_ex_decode", utf_16_ex_decode).with_signature(&WIDE_EX_DECODE),
    MethodDef::staticmethod("utf_32_encode", utf_32_encode).with_signature(&WIDE_ENCODE),
    MethodDef::staticmethod("utf_32_le_encode", utf_32_le_encode).with_signature(&TEXT_ENCODE),
    MethodDef::staticmethod("utf_32_be_encode", utf_32_be_encode).with_signature(&TEXT_ENCODE),
    MethodDef::staticmethod("utf_32_decode", utf_32_decode).with_signature(&TEXT_DECODE),
    MethodDef::staticmethod("utf_32_le_decode", utf_32_le_decode).with_signature(&TEXT_DECODE),
    MethodDef::staticmethod("utf_32_be_decode", utf_32_be_decode).with_signature(&TEXT_DECODE),
    MethodDef::staticmethod("utf_32_ex_decode", utf_32_ex_decode).with_signature(&WIDE_EX_DECODE),
    MethodDef::staticmethod("unicode_escape_encode", unicode_escape_encode)
        .with_signature(&TEXT_ENCODE),
    MethodDef::staticmethod("unicode_escape_decode", unicode_escape_decode)
        .with_signature(&ESCAPE_DECODE),
    MethodDef::staticmethod("raw_unicode_escape_encode", raw_unicode_escape_encode)
        .with_signature(&TEXT_ENCODE),
    MethodDef::staticmethod("raw_unicode_escape_decode", raw_unicode_escape_decode)
        .with_signature(&ESCAPE_DECODE),
    MethodDef::staticmethod("escape_encode", escape_encode).with_signature(&BYTES_ESCAPE),
    MethodDef::staticmethod("escape_decode", escape_decode).with_signature(&BYTES_ESCAPE),
    MethodDef::staticmethod("readbuffer_encode", readbuffer_encode).with_signature(&BYTES_ESCAPE),
    MethodDef::staticmethod("charmap_encode", charmap_encode).with_signature(&CHARMAP_ENCODE),
    MethodDef::staticmethod("charmap_decode", charmap_decode).with_signature(&CHARMAP_DECODE),
    MethodDef::staticmethod("charmap_build", charmap_build).with_signature(&CHARMAP_BUILD),
    MethodDef::staticmethod("register_error", register_error).with_signature(&REGISTER_ERROR),
    MethodDef::staticmethod("lookup_error", lookup_error).with_signature(&LOOKUP_ERROR),
];

/// The error handlers every interpreter starts with, as functions of the exception.
static ERROR_HANDLERS: &[MethodDef] = &[
    MethodDef::staticmethod("strict_errors", strict_errors),
    MethodDef::staticmethod("ignore_errors", ignore_errors),
    MethodDef::staticmethod("replace_errors", replace_errors),
    MethodDef::staticmethod("backslashreplace_errors", backslashreplace_errors),
    MethodDef::staticmethod("xmlcharrefreplace_errors", xmlcharrefreplace_errors),
    MethodDef::staticmethod("namereplace_errors", namereplace_errors),
    MethodDef::staticmethod("surrogateescape", surrogateescape_errors),
    MethodDef::staticmethod("surrogatepass", surrogatepass_errors),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_codecs");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_codecs", FUNCTIONS);
    let handlers = vm.new_dict();
    let builtin_handlers = vm.new_dict();
    add_module_functions(vm, &builtin_handlers, "_codecs", ERROR_HANDLERS);
    // Strings cannot hold lone surrogates yet, so the surrogate handlers have
    // nothing they could produce or consume: they fail as `strict` does.
    for (name, function) in [
        ("strict", "strict_errors"),
        ("ignore", "ignore_errors"),
        ("replace", "replace_errors"),
        ("backslashreplace", "backslashreplace_errors"),
        ("xmlcharrefreplace", "xmlcharrefreplace_errors"),
        ("namereplace", "namereplace_errors"),
        ("surrogateescape", "surrogateescape"),
        ("surrogatepass", "surrogatepass"),
    ] {
        if let Some(f) = dict::dict_get_str(&builtin_handlers, function) {
            dict::dict_set_str(vm, &handlers, name, f);
        }
    }
    let cache = vm.new_dict();
    vm.set_module_state(CodecState {
        search_functions: RefCell::new(Vec::new()),
        cache,
        error_handlers: handlers,
        encodings_loaded: std::cell::Cell::new(false),
    });
    Ok(m)
}

// ---------------------------------------------------------------------------
// The codec registry

/// CPython's `_Py_normalize_encoding`: lower case, every run of characters other
/// than letters, digits and dots one underscore (none at the start).
fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut punct = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            punct = false;
            out.push(c.to_ascii_lowercase());
        } else {
            punct = true;
        }
    }
    out
}

fn str_arg(vm: &mut Vm, v: &Option<Value>, what: &str) -> PyResult<String> {
    match v.as_ref().and_then(abstract_::value_as_str) {
        Some(s) => Ok(s.to_owned()),
        None => {
            let given = v
                .as_ref()
                .map_or("NoneType".to_owned(), |v| vm.type_name_of(v));
            Err(vm.new_type_error(format!("{what} must be str, not {given}")))
        }
    }
}

fn register(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [func] = REGISTER.bind_args(vm, args)?;
    let func = func.unwrap_or(Value::None);
    if !krait_vm::builtins::is_callable(vm, &func) {
        return Err(vm.new_type_error("argument must be callable".to_owned()));
    }
    state(vm)?.search_functions.borrow_mut().push(func);
    Ok(Value::None)
}

fn unregister(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [func] = UNREGISTER.bind_args(vm, args)?;
    let func = func.unwrap_or(Value::None);
    let state = state(vm)?;
    let mut functions = state.search_functions.borrow_mut();
    if let Some(i) = functions.iter().position(|f| f.is(&func)) {
        functions.remove(i);
        drop(functions);
        if let Some(d) = dict::as_dict(&state.cache) {
            d.borrow_mut().clear();
        }
    }
    Ok(Value::None)
}

/// `codecs.lookup(encoding)`: the `CodecInfo` a search function returns for it.
pub fn lookup(vm: &mut Vm, encoding: &str) -> PyResult<Value> {
    let state = state(vm)?;
    if !state.encodings_loaded.replace(true) {
        krait_vm::import::import_full(vm, "encodings")?;
    }
    let key = normalize(encoding);
    if let Some(found) = dict::dict_get_str(&state.cache, &key) {
        return Ok(found);
    }
    let functions = state.search_functions.borrow().clone();
    if functions.is_empty() {
        return Err(vm.new_error(
            Exc::LookupError,
            "no codec search functions registered: can't find encoding",
        ));
    }
    let name = vm.new_str(key.clone());
    for func in functions {
        let result = vm.call1(&func, vec![name.clone()])?;
        if result.is_none() {
            continue;
        }
        if abstract_::tuple_items(&result).is_none_or(|items| items.len() != 4) {
            return Err(vm.new_type_error("codec search functions must return 4-tuples".to_owned()));
        }
        dict::dict_set_str(vm, &state.cache, &key, result.clone());
        return Ok(result);
    }
    Err(vm.new_error(Exc::LookupError, format!("unknown encoding: {encoding}")))
}

fn lookup_fn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [encoding] = LOOKUP.bind_args(vm, args)?;
    let encoding = str_arg(vm, &encoding, "lookup() argument")?;
    lookup(vm, &encoding)
}

fn forget_codec(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [encoding] = FORGET_CODEC.bind_args(vm, args)?;
    let encoding = str_arg(vm, &encoding, "_forget_codec() argument")?;
    let state = state(vm)?;
    if let Some(d) = dict::as_dict(&state.cache) {
        d.borrow_mut().remove_str(&normalize(&encoding));
    }
    Ok(Value::None)
}

/// `codecs.encode` / `codecs.decode`: the codec's function at `index` of its
/// `CodecInfo`, whose result must be `(object, length)`.
fn run_codec(vm: &mut Vm, args: Args, sig: &Signature, index: usize) -> PyResult<Value> {
    let [obj, encoding, errors] = sig.bind_args(vm, args)?;
    let obj = obj.unwrap_or(Value::None);
    let encoding = match &encoding {
        None => "utf-8".to_owned(),
        some => str_arg(vm, some, "argument 'encoding'")?,
    };
    let errors = match errors {
        None => vm.new_str("strict"),
        Some(e) => e,
    };
    let info = lookup(vm, &encoding)?;
    let items = abstract_::tuple_items(&info).unwrap_or_default();
    let func = items.get(index).cloned().unwrap_or(Value::None);
    let operation = if index == 0 { "encoding" } else { "decoding" };
    let result = vm
        .call1(&func, vec![obj, errors])
        .map_err(|e| str_methods::wrap_codec_error(vm, e, operation, &encoding))?;
    match abstract_::tuple_items(&result) {
        Some(items) if items.len() == 2 => Ok(items[0].clone()),
        _ => {
            let what = if index == 0 { "encoder" } else { "decoder" };
            Err(vm.new_type_error(format!("{what} must return a tuple (object, integer)")))
        }
    }
}

fn encode_fn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    run_codec(vm, args, &ENCODE, 0)
}

fn decode_fn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    run_codec(vm, args, &DECODE, 1)
}

// ---------------------------------------------------------------------------
// Error handlers

fn register_error(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name, handler] = REGISTER_ERROR.bind_args(vm, args)?;
    let name = str_arg(vm, &name, "register_error() argument 1")?;
    let handler = handler.unwrap_or(Value::None);
    if !krait_vm::builtins::is_callable(vm, &handler) {
        return Err(vm.new_type_error("handler must be callable".to_owned()));
    }
    let handlers = state(vm)?.error_handlers.clone();
    dict::dict_set_str(vm, &handlers, &name, handler);
    Ok(Value::None)
}

fn lookup_error(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name] = LOOKUP_ERROR.bind_args(vm, args)?;
    let name = str_arg(vm, &name, "lookup_error() argument")?;
    let handlers = state(vm)?.error_handlers.clone();
    dict::dict_get_str(&handlers, &name).ok_or_else(|| {
        vm.new_error(
            Exc::LookupError,
            format!("unknown error handler name '{name}'"),
        )
    })
}

/// The exception an error handler was given, with its `start` and `end`.
fn handler_args(vm: &mut Vm, args: Args) -> PyResult<(Value, usize, usize)> {
    let exc = args.pos.into_iter().next().unwrap_or(Value::None);
    // A plain UnicodeError has no position: only its three kinds are handled.
    let kinds = [
        Exc::UnicodeEncodeError,
        Exc::UnicodeDecodeError,
        Exc::UnicodeTranslateError,
    ];
    if !kinds
        .iter()
        .any(|k| vm.isinstance(&exc, &vm.exc(*k).clone()))
    {
        return Err(vm.new_type_error(format!(
            "don't know how to handle {} in error callback",
            vm.type_name_of(&exc)
        )));
    }
    let index = |vm: &mut Vm, name: &str| -> PyResult<usize> {
        let v = abstract_::getattr_str(vm, &exc, name)?;
        Ok(krait_vm::objects::int::as_i64(&v).unwrap_or(0).max(0) as usize)
    };
    let start = index(vm, "start")?;
    let end = index(vm, "end")?;
    Ok((exc, start, end.max(start)))
}

fn is_encode_error(vm: &Vm, exc: &Value) -> bool {
    vm.isinstance(exc, vm.exc(Exc::UnicodeEncodeError))
}

/// The code points an encode error is about.
fn unencodable(vm: &mut Vm, exc: &Value, start: usize, end: usize) -> PyResult<Vec<u32>> {
    let object = abstract_::getattr_str(vm, exc, "object")?;
    Ok(match as_pystr(&object) {
        Some(text) => text.code_points().skip(start).take(end - start).collect(),
        None => Vec::new(),
    })
}

fn strict_errors(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match args.pos.into_iter().next() {
        Some(Value::Obj(exc))
            if vm.isinstance(&Value::Obj(exc.clone()), vm.exc(Exc::BaseException)) =>
        {
            Err(krait_vm::PyErr(exc))
        }
        _ => Err(vm.new_type_error("codec must pass exception instance".to_owned())),
    }
}

fn ignore_errors(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_, _, end) = handler_args(vm, args)?;
    let empty = vm.new_str("");
    Ok(vm.new_tuple(vec![empty, Value::Int(end as i64)]))
}

fn replace_errors(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (exc, start, end) = handler_args(vm, args)?;
    let text = if is_encode_error(vm, &exc) {
        "?".repeat(end - start)
    } else if vm.isinstance(&exc, vm.exc(Exc::UnicodeTranslateError)) {
        "\u{fffd}".repeat(end - start)
    } else {
        '\u{fffd}'.to_string()
    };
    let text = vm.new_str(text);
    Ok(vm.new_tuple(vec![text, Value::Int(end as i64)]))
}

fn backslashreplace_errors(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (exc, start, end) = handler_args(vm, args)?;
    let mut text = String::new();
    if is_encode_error(vm, &exc) || vm.isinstance(&exc, vm.exc(Exc::UnicodeTranslateError)) {
        for c in unencodable(vm, &exc, start, end)? {
            text.push_str(&escape_char(c));
        }
    } else {
        let object = abstract_::getattr_str(vm, &exc, "object")?;
        let bytes = krait_vm::objects::bytes::as_bytes(&object).unwrap_or_default();
        for b in bytes.get(start..end.min(bytes.len())).unwrap_or(&[]) {
            text.push_str(&format!("\\x{b:02x}"));
        }
    }
    let text = vm.new_str(text);
    Ok(vm.new_tuple(vec![text, Value::Int(end as i64)]))
}

/// `namereplace`: `\N{NAME}` for each unencodable character, or its escape when it
/// has no name.
fn namereplace_errors(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (exc, start, end) = handler_args(vm, args)?;
    if !is_encode_error(vm, &exc) {
        return Err(vm.new_type_error(format!(
            "don't know how to handle {} in error callback",
            vm.type_name_of(&exc)
        )));
    }
    let text: String = unencodable(vm, &exc, start, end)?
        .into_iter()
        .map(|c| match names::name(Version::Current, c) {
            Some(name) => format!("\\N{{{name}}}"),
            None => escape_char(c),
        })
        .collect();
    let text = vm.new_str(text);
    Ok(vm.new_tuple(vec![text, Value::Int(end as i64)]))
}

/// The error an error handler cannot handle, raised again.
fn error_stands(vm: &mut Vm, exc: Value) -> PyResult<Value> {
    match exc {
        Value::Obj(e) => Err(krait_vm::PyErr(e)),
        _ => Err(vm.new_type_error("codec must pass exception instance".to_owned())),
    }
}

/// `surrogateescape` (PEP 383): undecodable bytes 0x80..0xff become U+DC80..U+DCFF,
/// and those code points encode back to the bytes.
fn surrogateescape_errors(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (exc, start, end) = handler_args(vm, args)?;
    if is_encode_error(vm, &exc) {
        let points = unencodable(vm, &exc, start, end)?;
        if points.len() != end - start || !points.iter().all(|c| (0xdc80..=0xdcff).contains(c)) {
            return error_stands(vm, exc);
        }
        let bytes = vm.new_bytes(points.iter().map(|c| (c - 0xdc00) as u8).collect());
        return Ok(vm.new_tuple(vec![bytes, Value::Int(end as i64)]));
    }
    if !vm.isinstance(&exc, vm.exc(Exc::UnicodeDecodeError)) {
        return Err(vm.new_type_error(format!(
            "don't know how to handle {} in error callback",
            vm.type_name_of(&exc)
        )));
    }
    let object = abstract_::getattr_str(vm, &exc, "object")?;
    let bytes = crate::bytes_like_arg(vm, &object)?;
    let bad = bytes.get(start..end).unwrap_or(&[]);
    if bad.is_empty() || bad.iter().any(|b| *b < 0x80) {
        return error_stands(vm, exc);
    }
    let mut text = StrBuf::new();
    bad.iter()
        .for_each(|b| text.push_code_point(0xdc00 + u32::from(*b)));
    let text = vm.new_text(text);
    Ok(vm.new_tuple(vec![text, Value::Int(end as i64)]))
}

/// The UTF codec an error's `encoding` names, in the form whose surrogates
/// `surrogatepass` writes or reads (the BOM codecs in native, little-endian order).
fn surrogatepass_codec(vm: &mut Vm, exc: &Value) -> PyResult<Option<&'static str>> {
    let encoding = abstract_::getattr_str(vm, exc, "encoding")?;
    let name = abstract_::value_as_str(&encoding).unwrap_or("");
    Ok(
        match krait_vm::objects::bytes::normalize_encoding(name).as_str() {
            "utf-8" => Some("utf-8"),
            "utf-16" | "utf-16-le" => Some("utf-16-le"),
            "utf-16-be" => Some("utf-16-be"),
            "utf-32" | "utf-32-le" => Some("utf-32-le"),
            "utf-32-be" => Some("utf-32-be"),
            _ => None,
        },
    )
}

/// `surrogatepass`: lone surrogates encode and decode as UTF codecs would encode any
/// other code point.
fn surrogatepass_errors(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (exc, start, end) = handler_args(vm, args)?;
    let Some(codec) = surrogatepass_codec(vm, &exc)? else {
        return error_stands(vm, exc);
    };
    if is_encode_error(vm, &exc) {
        let points = unencodable(vm, &exc, start, end)?;
        let all_surrogates = points.iter().all(|c| (0xd800..=0xdfff).contains(c));
        if points.len() != end - start || !all_surrogates {
            return error_stands(vm, exc);
        }
        let mut text = StrBuf::new();
        points.iter().for_each(|c| text.push_code_point(*c));
        let bytes = encode_text(vm, &text.into_pystr(), codec, "surrogatepass")?;
        let bytes = vm.new_bytes(bytes);
        return Ok(vm.new_tuple(vec![bytes, Value::Int(end as i64)]));
    }
    if !vm.isinstance(&exc, vm.exc(Exc::UnicodeDecodeError)) {
        return Err(vm.new_type_error(format!(
            "don't know how to handle {} in error callback",
            vm.type_name_of(&exc)
        )));
    }
    let object = abstract_::getattr_str(vm, &exc, "object")?;
    let bytes = crate::bytes_like_arg(vm, &object)?;
    let found =
        krait_vm::objects::bytes::encoded_surrogate(codec, bytes.get(start..).unwrap_or(&[]));
    let Some((code, width)) = found else {
        return error_stands(vm, exc);
    };
    let mut text = StrBuf::new();
    text.push_code_point(code);
    let text = vm.new_text(text);
    Ok(vm.new_tuple(vec![text, Value::Int((start + width) as i64)]))
}

fn xmlcharrefreplace_errors(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (exc, start, end) = handler_args(vm, args)?;
    if !is_encode_error(vm, &exc) {
        return Err(vm.new_type_error(format!(
            "don't know how to handle {} in error callback",
            vm.type_name_of(&exc)
        )));
    }
    let text: String = unencodable(vm, &exc, start, end)?
        .into_iter()
        .map(|c| format!("&#{c};"))
        .collect();
    let text = vm.new_str(text);
    Ok(vm.new_tuple(vec![text, Value::Int(end as i64)]))
}

// ---------------------------------------------------------------------------
// The interpreter's own codecs

fn errors_name(vm: &mut Vm, errors: &Option<Value>) -> PyResult<String> {
    match errors {
        None | Some(Value::None) => Ok("strict".to_owned()),
        some => str_arg(vm, some, "argument 2"),
    }
}

/// A str argument (its object, so lone surrogates come along).
fn text_arg(vm: &mut Vm, v: &Option<Value>, function: &str) -> PyResult<ObjRef> {
    match v
        .as_ref()
        .and_then(|v| v.as_obj().filter(|o| o.str_data().is_some()))
    {
        Some(s) => Ok(s.clone()),
        None => {
            let given = v
                .as_ref()
                .map_or("NoneType".to_owned(), |v| vm.type_name_of(v));
            Err(vm.new_type_error(format!("{function}() argument 1 must be str, not {given}")))
        }
    }
}

/// The bytes of a bytes-like argument (bytes, bytearray, memoryview).
fn data_arg(vm: &mut Vm, v: &Option<Value>) -> PyResult<Vec<u8>> {
    crate::bytes_like_arg(vm, v.as_ref().unwrap_or(&Value::None))
}

fn encoded(vm: &mut Vm, bytes: Vec<u8>, consumed: usize) -> Value {
    let bytes = vm.new_bytes(bytes);
    vm.new_tuple(vec![bytes, Value::Int(consumed as i64)])
}

fn decoded(vm: &mut Vm, text: StrBuf, consumed: usize) -> Value {
    let text = vm.new_text(text);
    vm.new_tuple(vec![text, Value::Int(consumed as i64)])
}

fn encode_with(vm: &mut Vm, args: Args, codec: &str, function: &str) -> PyResult<Value> {
    let [text, errors] = TEXT_ENCODE.bind_args(vm, args)?;
    let text = text_arg(vm, &text, function)?;
    let text = text.str_data().expect("checked by text_arg");
    let errors = errors_name(vm, &errors)?;
    let bytes = encode_text(vm, text, codec, &errors)?;
    Ok(encoded(vm, bytes, text.char_len()))
}

/// How many bytes at the end of UTF-16 `data` wait for more: an odd byte, and a
/// leading surrogate whose partner has not come yet.
fn utf16_tail(data: &[u8], big: bool) -> usize {
    let odd = data.len() % 2;
    let whole = data.len() - odd;
    if whole >= 2 {
        let pair = [data[whole - 2], data[whole - 1]];
        let unit = if big {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        };
        if (0xd800..0xdc00).contains(&unit) {
            return odd + 2;
        }
    }
    odd
}

/// How many bytes at the end of `data` may begin a character still to come, for a
/// decoder that is not told the input is final.
fn incomplete_tail(codec: &str, data: &[u8]) -> usize {
    match codec {
        "utf-8" => {
            // A lead byte within the last three bytes whose sequence runs past the end.
            for back in 1..=3.min(data.len()) {
                let b = data[data.len() - back];
                let needed = match b {
                    0xc2..=0xdf => 2,
                    0xe0..=0xef => 3,
                    0xf0..=0xf4 => 4,
                    0x80..=0xbf => continue,
                    _ => return 0,
                };
                let valid_so_far = std::str::from_utf8(&data[data.len() - back..])
                    .err()
                    .is_some_and(|e| e.error_len().is_none());
                return if needed > back && valid_so_far {
                    back
                } else {
                    0
                };
            }
            0
        }
        "utf-16" | "utf-16-le" => utf16_tail(data, false),
        "utf-16-be" => utf16_tail(data, true),
        "utf-32" | "utf-32-le" | "utf-32-be" => data.len() % 4,
        _ => 0,
    }
}

fn decode_with(vm: &mut Vm, args: Args, codec: &str, takes_final: bool) -> PyResult<Value> {
    let (data, errors, is_final) = if takes_final {
        let [data, errors, is_final] = TEXT_DECODE.bind_args(vm, args)?;
        let is_final = match is_final {
            Some(v) => abstract_::is_true(vm, &v)?,
            None => false,
        };
        (data, errors, is_final)
    } else {
        let [data, errors] = PLAIN_DECODE.bind_args(vm, args)?;
        (data, errors, true)
    };
    let bytes = data_arg(vm, &data)?;
    let errors = errors_name(vm, &errors)?;
    let usable = if is_final {
        bytes.len()
    } else {
        bytes.len() - incomplete_tail(codec, &bytes)
    };
    let text = decode_text(vm, &bytes[..usable], codec, &errors)?;
    Ok(decoded(vm, text, usable))
}

macro_rules! codec_functions {
    ($($encode:ident, $decode:ident => $codec:literal, $final:literal;)*) => {$(
        fn $encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
            encode_with(vm, args, $codec, stringify!($encode))
        }
        fn $decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
            decode_with(vm, args, $codec, $final)
        }
    )*};
}

codec_functions! {
    utf_8_encode, utf_8_decode => "utf-8", true;
    latin_1_encode, latin_1_decode => "latin-1", false;
    ascii_encode, ascii_decode => "ascii", false;
    utf_16_le_encode, utf_16_le_decode => "utf-16-le", true;
    utf_16_be_encode, utf_16_be_decode => "utf-16-be", true;
    utf_32_le_encode, utf_32_le_decode => "utf-32-le", true;
    utf_32_be_encode, utf_32_be_decode => "utf-32-be", true;
}

fn utf_7_encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [text, errors] = TEXT_ENCODE.bind_args(vm, args)?;
    let text = text_arg(vm, &text, "utf_7_encode")?;
    errors_name(vm, &errors)?;
    let text = text.str_data().expect("checked by text_arg");
    let bytes = krait_vm::objects::utf7::encode(text);
    Ok(encoded(vm, bytes, text.char_len()))
}

fn utf_7_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, errors, is_final] = TEXT_DECODE.bind_args(vm, args)?;
    let is_final = match is_final {
        Some(v) => abstract_::is_true(vm, &v)?,
        None => false,
    };
    let bytes = data_arg(vm, &data)?;
    let errors = errors_name(vm, &errors)?;
    let (text, consumed) = krait_vm::objects::utf7::decode(vm, &bytes, &errors, is_final)?;
    Ok(decoded(vm, text, consumed))
}

/// `utf_16_encode(str, errors, byteorder)`: native order with a BOM when the order
/// is 0, else little (-1) or big (1) endian without one.
fn wide_encode(vm: &mut Vm, args: Args, width: u8, function: &str) -> PyResult<Value> {
    let [text, errors, byteorder] = WIDE_ENCODE.bind_args(vm, args)?;
    let text = text_arg(vm, &text, function)?;
    let errors = errors_name(vm, &errors)?;
    let order = byteorder
        .and_then(|v| krait_vm::objects::int::as_i64(&v))
        .unwrap_or(0);
    let codec = match (width, order) {
        (2, 0) => "utf-16",
        (2, o) if o < 0 => "utf-16-le",
        (2, _) => "utf-16-be",
        (_, 0) => "utf-32",
        (_, o) if o < 0 => "utf-32-le",
        _ => "utf-32-be",
    };
    let text = text.str_data().expect("checked by text_arg");
    let bytes = encode_text(vm, text, codec, &errors)?;
    Ok(encoded(vm, bytes, text.char_len()))
}

fn utf_16_encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    wide_encode(vm, args, 2, "utf_16_encode")
}

fn utf_32_encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    wide_encode(vm, args, 4, "utf_32_encode")
}

/// Decodes UTF-16 or UTF-32 whose order a BOM may give: `(text, consumed, order)`,
/// the order -1 (little), 1 (big) or 0 (not known yet).
fn wide_ex_decode(vm: &mut Vm, args: Args, width: usize) -> PyResult<(StrBuf, usize, i64)> {
    let [data, errors, byteorder, is_final] = WIDE_EX_DECODE.bind_args(vm, args)?;
    let bytes = data_arg(vm, &data)?;
    let errors = errors_name(vm, &errors)?;
    let mut order = byteorder
        .and_then(|v| krait_vm::objects::int::as_i64(&v))
        .unwrap_or(0);
    let is_final = match is_final {
        Some(v) => abstract_::is_true(vm, &v)?,
        None => false,
    };
    let (le_bom, be_bom): (&[u8], &[u8]) = if width == 2 {
        (&[0xff, 0xfe], &[0xfe, 0xff])
    } else {
        (&[0xff, 0xfe, 0, 0], &[0, 0, 0xfe, 0xff])
    };
    let mut start = 0;
    if order == 0 && bytes.len() >= width {
        if bytes.starts_with(le_bom) {
            order = -1;
            start = width;
        } else if bytes.starts_with(be_bom) {
            order = 1;
            start = width;
        }
    }
    if order == 0 && bytes.len() < width && !is_final {
        return Ok((StrBuf::new(), 0, 0));
    }
    let body = &bytes[start..];
    let usable = if is_final {
        body.len()
    } else if width == 2 {
        body.len() - utf16_tail(body, order > 0)
    } else {
        body.len() - body.len() % width
    };
    let codec = match (width, order > 0) {
        (2, false) => "utf-16-le",
        (2, true) => "utf-16-be",
        (_, false) => "utf-32-le",
        (_, true) => "utf-32-be",
    };
    let text = decode_text(vm, &body[..usable], codec, &errors)?;
    Ok((text, start + usable, order))
}

fn utf_16_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let args = with_byteorder(args);
    let (text, consumed, _) = wide_ex_decode(vm, args, 2)?;
    Ok(decoded(vm, text, consumed))
}

fn utf_32_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let args = with_byteorder(args);
    let (text, consumed, _) = wide_ex_decode(vm, args, 4)?;
    Ok(decoded(vm, text, consumed))
}

/// `(data, errors, final)` as `(data, errors, 0, final)` for the `_ex` decoders.
fn with_byteorder(mut args: Args) -> Args {
    if args.pos.len() >= 2 {
        args.pos.insert(2, Value::Int(0));
    }
    args
}

fn utf_16_ex_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, consumed, order) = wide_ex_decode(vm, args, 2)?;
    let text = vm.new_text(text);
    Ok(vm.new_tuple(vec![text, Value::Int(consumed as i64), Value::Int(order)]))
}

fn utf_32_ex_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, consumed, order) = wide_ex_decode(vm, args, 4)?;
    let text = vm.new_text(text);
    Ok(vm.new_tuple(vec![text, Value::Int(consumed as i64), Value::Int(order)]))
}

// ---------------------------------------------------------------------------
// Escape codecs

/// `\xhh`, `\uhhhh` or `\Uhhhhhhhh` for a code point outside printable ASCII.
fn escape_char(c: u32) -> String {
    match c {
        n if n < 0x100 => format!("\\x{n:02x}"),
        n if n < 0x10000 => format!("\\u{n:04x}"),
        n => format!("\\U{n:08x}"),
    }
}

fn unicode_escape_encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [text, _errors] = TEXT_ENCODE.bind_args(vm, args)?;
    let text = text_arg(vm, &text, "unicode_escape_encode")?;
    let text = text.str_data().expect("checked by text_arg");
    let mut out = String::with_capacity(text.as_str().len());
    for c in text.code_points() {
        match char::from_u32(c) {
            Some('\\') => out.push_str("\\\\"),
            Some('\t') => out.push_str("\\t"),
            Some('\n') => out.push_str("\\n"),
            Some('\r') => out.push_str("\\r"),
            Some(c @ ' '..='~') => out.push(c),
            _ => out.push_str(&escape_char(c)),
        }
    }
    Ok(encoded(vm, out.into_bytes(), text.char_len()))
}

fn raw_unicode_escape_encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [text, _errors] = TEXT_ENCODE.bind_args(vm, args)?;
    let text = text_arg(vm, &text, "raw_unicode_escape_encode")?;
    let text = text.str_data().expect("checked by text_arg");
    let mut out = Vec::with_capacity(text.as_str().len());
    for c in text.code_points() {
        match c {
            n if n < 0x100 => out.push(n as u8),
            n if n < 0x10000 => out.extend(format!("\\u{n:04x}").bytes()),
            n => out.extend(format!("\\U{n:08x}").bytes()),
        }
    }
    Ok(encoded(vm, out, text.char_len()))
}

/// The data argument of the escape decoders: bytes-like, or a str as UTF-8.
fn escaped_data_arg(vm: &mut Vm, v: &Option<Value>) -> PyResult<Vec<u8>> {
    match v.as_ref().and_then(abstract_::value_as_str) {
        Some(s) => Ok(s.as_bytes().to_vec()),
        None => data_arg(vm, v),
    }
}

fn unicode_escape_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, errors, is_final] = ESCAPE_DECODE.bind_args(vm, args)?;
    let data = escaped_data_arg(vm, &data)?;
    let errors = errors_name(vm, &errors)?;
    let is_final = crate::_io::int_bool_arg(vm, is_final, true)?;
    let result = escapes::decode_unicode_escape(vm, &data, &errors, is_final)?;
    escapes::warn_invalid_escape(vm, &data, result.first_invalid_escape)?;
    Ok(decoded(vm, result.output, result.consumed))
}

fn raw_unicode_escape_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, errors, is_final] = ESCAPE_DECODE.bind_args(vm, args)?;
    let data = escaped_data_arg(vm, &data)?;
    let errors = errors_name(vm, &errors)?;
    let is_final = crate::_io::int_bool_arg(vm, is_final, true)?;
    let result = escapes::decode_raw_unicode_escape(vm, &data, &errors, is_final)?;
    Ok(decoded(vm, result.output, result.consumed))
}

/// `escape_encode(bytes)`: the body of the bytes literal's repr.
fn escape_encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, _errors] = BYTES_ESCAPE.bind_args(vm, args)?;
    let data = data.unwrap_or(Value::None);
    let Some(bytes) = (match &data {
        Value::Obj(o) if matches!(o.payload, Payload::Bytes(_)) => {
            krait_vm::objects::bytes::as_bytes(&data)
        }
        _ => None,
    }) else {
        return Err(vm.new_type_error(format!(
            "escape_encode() argument 1 must be bytes, not {}",
            vm.type_name_of(&data)
        )));
    };
    let mut out = Vec::with_capacity(bytes.len());
    for &b in &bytes {
        match b {
            b'\\' => out.extend(b"\\\\"),
            b'\'' => out.extend(b"\\'"),
            b'\t' => out.extend(b"\\t"),
            b'\n' => out.extend(b"\\n"),
            b'\r' => out.extend(b"\\r"),
            b' '..=b'~' => out.push(b),
            _ => out.extend(format!("\\x{b:02x}").bytes()),
        }
    }
    Ok(encoded(vm, out, bytes.len()))
}

/// `escape_decode(data)`: bytes-literal escapes to bytes.
fn escape_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, errors] = BYTES_ESCAPE.bind_args(vm, args)?;
    let data = escaped_data_arg(vm, &data)?;
    let errors = errors_name(vm, &errors)?;
    let result = escapes::decode_bytes_escape(vm, &data, &errors)?;
    escapes::warn_invalid_escape(vm, &data, result.first_invalid_escape)?;
    Ok(encoded(vm, result.output, result.consumed))
}

fn readbuffer_encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, _errors] = BYTES_ESCAPE.bind_args(vm, args)?;
    let bytes = match data.as_ref().and_then(abstract_::value_as_str) {
        Some(s) => s.as_bytes().to_vec(),
        None => data_arg(vm, &data)?,
    };
    let length = bytes.len();
    Ok(encoded(vm, bytes, length))
}

// ---------------------------------------------------------------------------
// Charmap codecs

/// `charmap_build(decoding_table)`: the encoding map, a dict from code point to byte.
fn charmap_build(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [table] = CHARMAP_BUILD.bind_args(vm, args)?;
    let Some(table) = table
        .as_ref()
        .and_then(abstract_::value_as_str)
        .map(str::to_owned)
    else {
        let given = table.map_or("NoneType".to_owned(), |v| vm.type_name_of(&v));
        return Err(vm.new_type_error(format!("charmap_build() argument must be str, not {given}")));
    };
    let map = vm.new_dict();
    // A full 256-entry table marks undefined bytes with U+FFFE, which CPython's
    // encoding map leaves out; a shorter table maps every character it has.
    let full = table.chars().count() == 256;
    for (byte, c) in table.chars().enumerate() {
        if !full || c != '\u{fffe}' {
            dict::dict_set_item(vm, &map, Value::Int(c as i64), Value::Int(byte as i64))?;
        }
    }
    Ok(Value::Obj(map))
}

/// Applies error handler `errors` to the error `exc` of a charmap codec over an
/// input of `length` items: `Ok(None)` when the error stands (`strict`), else the
/// replacement and where to go on.
fn charmap_handle_error(
    vm: &mut Vm,
    errors: &str,
    exc: krait_vm::PyErr,
    length: usize,
    decoding: bool,
) -> PyResult<(Value, usize)> {
    if errors == "strict" {
        return Err(exc);
    }
    let handler = str_methods::lookup_error_handler(vm, errors)?;
    str_methods::call_error_handler(vm, &handler, exc, length, decoding)
}

/// What `mapping[key]` gives for a charmap codec: `None` when the key is missing
/// (a LookupError) or maps to None.
fn charmap_lookup(vm: &mut Vm, mapping: &Value, key: i64) -> PyResult<Option<Value>> {
    match abstract_::getitem(vm, mapping, &Value::Int(key)) {
        Ok(Value::None) => Ok(None),
        Ok(v) => Ok(Some(v)),
        Err(e) if vm.err_matches(&e, Exc::LookupError) => Ok(None),
        Err(e) => Err(e),
    }
}

fn charmap_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, errors, mapping] = CHARMAP_DECODE.bind_args(vm, args)?;
    let bytes = data_arg(vm, &data)?;
    let errors = errors_name(vm, &errors)?;
    let mapping = mapping.unwrap_or(Value::None);
    if mapping.is_none() {
        let text: String = bytes.iter().map(|&b| b as char).collect();
        let length = bytes.len();
        return Ok(decoded(vm, StrBuf::from(text), length));
    }
    let table: Option<Vec<char>> = abstract_::value_as_str(&mapping).map(|s| s.chars().collect());
    let mut out = StrBuf::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let found: Option<String> = match &table {
            Some(table) => table
                .get(usize::from(b))
                .filter(|c| **c != '\u{fffe}')
                .map(|c| c.to_string()),
            None => match charmap_lookup(vm, &mapping, i64::from(b))? {
                // U+FFFE stands for "undefined" in a mapping, as a number too.
                None | Some(Value::Int(0xfffe)) => None,
                Some(Value::Int(n)) => match u32::try_from(n).ok().filter(|&n| n < 0x110000) {
                    Some(code) => {
                        // Surrogates included.
                        out.push_code_point(code);
                        i += 1;
                        continue;
                    }
                    None => {
                        return Err(vm.new_type_error(
                            "character mapping must be in range(0x110000)".to_owned(),
                        ))
                    }
                },
                Some(other) => match abstract_::value_as_str(&other) {
                    Some("\u{fffe}") => None,
                    Some(s) => Some(s.to_owned()),
                    None => {
                        return Err(vm.new_type_error(
                            "character mapping must return integer, None or str".to_owned(),
                        ))
                    }
                },
            },
        };
        if let Some(text) = found {
            out.push_str(&text);
            i += 1;
            continue;
        }
        let reason = "character maps to <undefined>";
        match errors.as_str() {
            "ignore" => i += 1,
            "replace" => {
                out.push('\u{fffd}');
                i += 1;
            }
            other => {
                let object = vm.new_bytes(bytes.clone());
                let exc = new_unicode_error(
                    vm,
                    Exc::UnicodeDecodeError,
                    "charmap",
                    object,
                    i,
                    i + 1,
                    reason,
                );
                let (replacement, resume) =
                    charmap_handle_error(vm, other, exc, bytes.len(), true)?;
                if let Some(text) = as_pystr(&replacement) {
                    out.push_pystr(text);
                }
                i = resume;
            }
        }
    }
    let length = bytes.len();
    Ok(decoded(vm, out, length))
}

/// The bytes `mapping` gives character `c`: `None` when it maps to nothing.
fn charmap_encode_char(vm: &mut Vm, mapping: &Value, c: u32) -> PyResult<Option<Vec<u8>>> {
    match charmap_lookup(vm, mapping, c as i64)? {
        None => Ok(None),
        Some(Value::Int(n)) if (0..256).contains(&n) => Ok(Some(vec![n as u8])),
        Some(Value::Int(_)) => {
            Err(vm.new_type_error("character mapping must be in range(256)".to_owned()))
        }
        Some(v) => match &v {
            Value::Obj(o) if matches!(o.payload, Payload::Bytes(_)) => {
                Ok(krait_vm::objects::bytes::as_bytes(&v))
            }
            _ => Err(vm.new_type_error(
                "character mapping must return integer, bytes or None, not str".to_owned(),
            )),
        },
    }
}

fn charmap_encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [text, errors, mapping] = CHARMAP_ENCODE.bind_args(vm, args)?;
    let text = text_arg(vm, &text, "charmap_encode")?;
    let errors = errors_name(vm, &errors)?;
    let mapping = mapping.unwrap_or(Value::None);
    let object = text.clone();
    let text = text.str_data().expect("checked by text_arg");
    if mapping.is_none() {
        let bytes = encode_text(vm, text, "latin-1", &errors)?;
        return Ok(encoded(vm, bytes, text.char_len()));
    }
    let chars: Vec<u32> = text.code_points().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some(bytes) = charmap_encode_char(vm, &mapping, chars[i])? {
            out.extend(bytes);
            i += 1;
            continue;
        }
        // The run of characters that map to nothing.
        let mut end = i + 1;
        while end < chars.len() && charmap_encode_char(vm, &mapping, chars[end])?.is_none() {
            end += 1;
        }
        let reason = "character maps to <undefined>";
        let error = |vm: &mut Vm| {
            let object = Value::Obj(object.clone());
            new_unicode_error(
                vm,
                Exc::UnicodeEncodeError,
                "charmap",
                object,
                i,
                end,
                reason,
            )
        };
        let (replacement, resume) = match errors.as_str() {
            "ignore" => (vm.new_str(""), end),
            "replace" => (vm.new_str("?".repeat(end - i)), end),
            other => {
                let exc = error(vm);
                charmap_handle_error(vm, other, exc, chars.len(), false)?
            }
        };
        if let Some(bytes) = krait_vm::objects::bytes::as_bytes(&replacement) {
            out.extend(bytes);
        } else {
            let replacement = abstract_::value_as_str(&replacement)
                .unwrap_or("")
                .to_owned();
            for c in replacement.chars() {
                match charmap_encode_char(vm, &mapping, c as u32)? {
                    Some(bytes) => out.extend(bytes),
                    None => return Err(error(vm)),
                }
            }
        }
        i = resume;
    }
    let length = chars.len();
    Ok(encoded(vm, out, length))
}
