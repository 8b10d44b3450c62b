//! The `_json` module (CPython's `Modules/_json.c`): the decoder's scanner and
//! string scanner, and the string escapers of the encoder, which `json` uses in
//! place of its pure-Python versions.
//!
//! Indices are code points, as in the Python API; the scanner reads the document
//! as a vector of code points once per call.

use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::str::{as_pystr, StrBuf};
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

/// The module's types, and its string escapers (which the encoder calls directly).
struct JsonState {
    scanner_type: ObjRef,
    escapers: [Value; 2],
}

/// `json.decoder.JSONDecodeError(message, document, position)`.
fn decode_error(vm: &mut Vm, message: &str, document: &Value, position: usize) -> PyErr {
    let class = match json_decode_error_class(vm) {
        Ok(class) => class,
        Err(e) => return e,
    };
    let message = vm.new_str(message);
    match vm.call1(
        &class,
        vec![message, document.clone(), Value::Int(position as i64)],
    ) {
        Ok(Value::Obj(e)) => PyErr(e),
        Ok(_) => vm.new_type_error("JSONDecodeError is not an exception".to_owned()),
        Err(e) => e,
    }
}

fn json_decode_error_class(vm: &mut Vm) -> PyResult<Value> {
    krait_vm::import::import_full(vm, "json.decoder")?;
    let module = dict::dict_get_str(&vm.modules, "json.decoder").unwrap_or(Value::None);
    abstract_::getattr_str(vm, &module, "JSONDecodeError")
}

/// `StopIteration(idx)`: no JSON value starts at `idx`.
fn stop_iteration(vm: &mut Vm, idx: usize) -> PyErr {
    let class = Value::Obj(vm.exc(Exc::StopIteration).clone());
    match vm.call1(&class, vec![Value::Int(idx as i64)]) {
        Ok(Value::Obj(e)) => PyErr(e),
        Ok(_) => vm.new_runtime_error("StopIteration is not an exception".to_owned()),
        Err(e) => e,
    }
}

fn string_arg<'a>(vm: &mut Vm, v: &'a Value) -> PyResult<&'a krait_vm::objects::str::PyStr> {
    as_pystr(v).ok_or_else(|| {
        vm.new_type_error(format!(
            "first argument must be a string, not {}",
            vm.type_name_of(v)
        ))
    })
}

/// A `Py_ssize_t` argument: an integer, OverflowError past 64 bits.
fn ssize_arg(vm: &mut Vm, v: &Value) -> PyResult<isize> {
    let n = abstract_::index(vm, v)?;
    krait_vm::objects::int::as_i64(&n)
        .map(|n| n as isize)
        .ok_or_else(|| {
            vm.new_overflow_error("Python int too large to convert to C ssize_t".to_owned())
        })
}

fn is_whitespace(c: u32) -> bool {
    matches!(c, 0x20 | 0x09 | 0x0a | 0x0d)
}

fn hex_value(c: u32) -> Option<u32> {
    char::from_u32(c).and_then(|c| c.to_digit(16))
}

/// A JSON document being read: its code points and the str object (for errors).
struct Document<'a> {
    text: &'a [u32],
    object: &'a Value,
}

impl Document<'_> {
    fn at(&self, i: usize) -> Option<u32> {
        self.text.get(i).copied()
    }

    fn skip_whitespace(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(is_whitespace) {
            i += 1;
        }
        i
    }

    /// Whether `word` is spelled at `i`.
    fn has(&self, i: usize, word: &str) -> bool {
        word.bytes()
            .enumerate()
            .all(|(k, b)| self.at(i + k) == Some(u32::from(b)))
    }
}

/// The JSON string whose opening quote is just before `end`: its value and the
/// index after its closing quote (CPython's `scanstring_unicode`).
fn scan_string(vm: &mut Vm, doc: &Document, end: usize, strict: bool) -> PyResult<(Value, usize)> {
    let len = doc.text.len();
    let begin = end.wrapping_sub(1);
    if end > len {
        return Err(vm.new_value_error("end is out of bounds".to_owned()));
    }
    let mut out = StrBuf::new();
    let mut end = end;
    loop {
        let mut next = end;
        let mut c = 0;
        while next < len {
            c = doc.text[next];
            if c == u32::from(b'"') || c == u32::from(b'\\') {
                break;
            }
            if c <= 0x1f && strict {
                return Err(decode_error(
                    vm,
                    "Invalid control character at",
                    doc.object,
                    next,
                ));
            }
            next += 1;
        }
        if next >= len || (c != u32::from(b'"') && c != u32::from(b'\\')) {
            return Err(decode_error(
                vm,
                "Unterminated string starting at",
                doc.object,
                begin,
            ));
        }
        doc.text[end..next]
            .iter()
            .for_each(|c| out.push_code_point(*c));
        next += 1;
        if c == u32::from(b'"') {
            end = next;
            break;
        }
        if next == len {
            return Err(decode_error(
                vm,
                "Unterminated string starting at",
                doc.object,
                begin,
            ));
        }
        let escape = doc.text[next];
        if escape != u32::from(b'u') {
            end = next + 1;
            let decoded = match char::from_u32(escape) {
                Some('"') => '"',
                Some('\\') => '\\',
                Some('/') => '/',
                Some('b') => '\u{8}',
                Some('f') => '\u{c}',
                Some('n') => '\n',
                Some('r') => '\r',
                Some('t') => '\t',
                _ => return Err(decode_error(vm, "Invalid \\escape", doc.object, end - 2)),
            };
            out.push(decoded);
            continue;
        }
        next += 1;
        end = next + 4;
        if end >= len {
            return Err(decode_error(
                vm,
                "Invalid \\uXXXX escape",
                doc.object,
                next - 1,
            ));
        }
        let Some(mut code) = hex4(&doc.text[next..end]) else {
            return Err(decode_error(
                vm,
                "Invalid \\uXXXX escape",
                doc.object,
                end - 5,
            ));
        };
        // A high surrogate escape followed by a low one is one character.
        if (0xd800..0xdc00).contains(&code)
            && end + 6 < len
            && doc.text[end] == u32::from(b'\\')
            && doc.text[end + 1] == u32::from(b'u')
        {
            let Some(low) = hex4(&doc.text[end + 2..end + 6]) else {
                return Err(decode_error(
                    vm,
                    "Invalid \\uXXXX escape",
                    doc.object,
                    end + 1,
                ));
            };
            if (0xdc00..0xe000).contains(&low) {
                code = 0x10000 + (((code - 0xd800) << 10) | (low - 0xdc00));
                end += 6;
            }
        }
        out.push_code_point(code);
    }
    Ok((vm.new_text(out), end))
}

fn hex4(digits: &[u32]) -> Option<u32> {
    digits
        .iter()
        .try_fold(0u32, |acc, d| hex_value(*d).map(|v| (acc << 4) | v))
}

static SCANSTRING: Signature = Signature::of(
    "_json",
    "scanstring",
    "($module, string, end, strict=True, /)",
)
.not_listed();

fn scanstring(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [string, end, strict] = SCANSTRING.bind_args(vm, args)?;
    // The index is converted first, as CPython's argument parser does.
    let end = ssize_arg(vm, &end.unwrap_or(Value::None))?;
    let string = string.unwrap_or(Value::None);
    let text: Vec<u32> = string_arg(vm, &string)?.code_points().collect();
    let strict = match strict {
        Some(v) => abstract_::is_true(vm, &v)?,
        None => true,
    };
    if end < 0 {
        return Err(vm.new_value_error("end is out of bounds".to_owned()));
    }
    let doc = Document {
        text: &text,
        object: &string,
    };
    let (value, next) = scan_string(vm, &doc, end as usize, strict)?;
    Ok(vm.new_tuple(vec![value, Value::Int(next as i64)]))
}

// ---------------------------------------------------------------------------
// The scanner

/// `make_scanner(context)`: the decoder's settings, read once.
struct Scanner {
    strict: bool,
    object_hook: Value,
    object_pairs_hook: Value,
    parse_float: Value,
    parse_int: Value,
    parse_constant: Value,
}

impl NativeData for Scanner {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        for v in [
            &self.object_hook,
            &self.object_pairs_hook,
            &self.parse_float,
            &self.parse_int,
            &self.parse_constant,
        ] {
            visit(v);
        }
        true
    }
}

static SCANNER_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("JSON scanner object"),
    subclassable: true,
    new: Some(scanner_new),
    slots: &[NativeSlot::Call(scanner_call)],
    ..NativeTypeSpec::new("Scanner", "_json")
};

static SCANNER_NEW: Signature = Signature::new("Scanner", "($type, context)");

fn scanner_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (class, [context]) = SCANNER_NEW.bind(vm, args)?;
    let class = match class {
        Some(Value::Obj(c)) if c.type_data().is_some() => c,
        _ => state(vm)?.scanner_type.clone(),
    };
    let context = context.unwrap_or(Value::None);
    let strict = abstract_::getattr_str(vm, &context, "strict")?;
    let scanner = Scanner {
        strict: abstract_::is_true(vm, &strict)?,
        object_hook: abstract_::getattr_str(vm, &context, "object_hook")?,
        object_pairs_hook: abstract_::getattr_str(vm, &context, "object_pairs_hook")?,
        parse_float: abstract_::getattr_str(vm, &context, "parse_float")?,
        parse_int: abstract_::getattr_str(vm, &context, "parse_int")?,
        parse_constant: abstract_::getattr_str(vm, &context, "parse_constant")?,
    };
    Ok(new_native_object(vm, &class, scanner))
}

fn state(vm: &mut Vm) -> PyResult<std::rc::Rc<JsonState>> {
    vm.module_state::<JsonState>()
        .ok_or_else(|| vm.new_runtime_error("_json is not initialised".to_owned()))
}

static SCANNER_CALL: Signature = Signature::new("scan_once", "(string, idx, /)").not_listed();

fn scanner_call(vm: &mut Vm, this: &Value, args: Args) -> PyResult<Value> {
    let [string, idx] = SCANNER_CALL.bind_args(vm, args)?;
    let Some(scanner) = native_data::<Scanner>(this) else {
        return Err(vm.new_type_error("a _json.Scanner is required".to_owned()));
    };
    let string = string.unwrap_or(Value::None);
    let text: Vec<u32> = string_arg(vm, &string)?.code_points().collect();
    let idx = ssize_arg(vm, &idx.unwrap_or(Value::None))?;
    if idx < 0 {
        return Err(vm.new_value_error("idx cannot be negative".to_owned()));
    }
    let doc = Document {
        text: &text,
        object: &string,
    };
    // Keys met in this document, so equal keys share one str.
    let memo = vm.new_dict();
    let mut reader = Reading { scanner, doc, memo };
    let (value, next) = reader.scan_once(vm, idx as usize)?;
    Ok(vm.new_tuple(vec![value, Value::Int(next as i64)]))
}

/// One scanner call over one document.
struct Reading<'a> {
    scanner: &'a Scanner,
    doc: Document<'a>,
    memo: ObjRef,
}

impl Reading<'_> {
    /// The JSON value at `idx` and the index after it (CPython's
    /// `scan_once_unicode`).
    fn scan_once(&mut self, vm: &mut Vm, idx: usize) -> PyResult<(Value, usize)> {
        let Some(c) = self.doc.at(idx) else {
            return Err(stop_iteration(vm, idx));
        };
        match char::from_u32(c) {
            Some('"') => scan_string(vm, &self.doc, idx + 1, self.scanner.strict),
            Some('{') => {
                vm.enter_recursive_call(" while decoding a JSON object from a unicode string")?;
                let result = self.parse_object(vm, idx + 1);
                vm.leave_recursive_call();
                result
            }
            Some('[') => {
                vm.enter_recursive_call(" while decoding a JSON array from a unicode string")?;
                let result = self.parse_array(vm, idx + 1);
                vm.leave_recursive_call();
                result
            }
            Some('n') if self.doc.has(idx, "null") => Ok((Value::None, idx + 4)),
            Some('t') if self.doc.has(idx, "true") => Ok((Value::Bool(true), idx + 4)),
            Some('f') if self.doc.has(idx, "false") => Ok((Value::Bool(false), idx + 5)),
            Some('N') if self.doc.has(idx, "NaN") => self.constant(vm, "NaN", idx),
            Some('I') if self.doc.has(idx, "Infinity") => self.constant(vm, "Infinity", idx),
            Some('-') if self.doc.has(idx, "-Infinity") => self.constant(vm, "-Infinity", idx),
            _ => self.number(vm, idx),
        }
    }

    fn constant(&mut self, vm: &mut Vm, word: &str, idx: usize) -> PyResult<(Value, usize)> {
        let text = vm.new_str(word);
        let value = vm.call1(&self.scanner.parse_constant, vec![text])?;
        Ok((value, idx + word.len()))
    }

    fn digit_at(&self, i: usize) -> bool {
        self.doc.at(i).is_some_and(|c| (0x30..=0x39).contains(&c))
    }

    /// A number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`, made by
    /// `parse_int`/`parse_float` when the decoder has its own.
    fn number(&mut self, vm: &mut Vm, start: usize) -> PyResult<(Value, usize)> {
        let end_idx = self.doc.text.len().saturating_sub(1);
        let mut idx = start;
        if self.doc.at(idx) == Some(u32::from(b'-')) {
            idx += 1;
            if idx > end_idx {
                return Err(stop_iteration(vm, start));
            }
        }
        match self.doc.at(idx) {
            Some(c) if (0x31..=0x39).contains(&c) => {
                idx += 1;
                while self.digit_at(idx) {
                    idx += 1;
                }
            }
            Some(0x30) => idx += 1,
            _ => return Err(stop_iteration(vm, start)),
        }
        let mut is_float = false;
        if idx < end_idx && self.doc.at(idx) == Some(u32::from(b'.')) && self.digit_at(idx + 1) {
            is_float = true;
            idx += 2;
            while self.digit_at(idx) {
                idx += 1;
            }
        }
        if idx < end_idx && matches!(self.doc.at(idx), Some(0x65 | 0x45)) {
            let e_start = idx;
            idx += 1;
            if idx < end_idx && matches!(self.doc.at(idx), Some(0x2b | 0x2d)) {
                idx += 1;
            }
            while self.digit_at(idx) {
                idx += 1;
            }
            if self.digit_at(idx - 1) {
                is_float = true;
            } else {
                idx = e_start;
            }
        }
        let text: String = self.doc.text[start..idx]
            .iter()
            .filter_map(|c| char::from_u32(*c))
            .collect();
        let custom = if is_float {
            Some(&self.scanner.parse_float).filter(|f| !is_type(f, &vm.types.float))
        } else {
            Some(&self.scanner.parse_int).filter(|f| !is_type(f, &vm.types.int))
        };
        let value = match custom {
            Some(func) => {
                let text = vm.new_str(text);
                vm.call1(func, vec![text])?
            }
            None if is_float => Value::Float(text.parse::<f64>().unwrap_or(f64::NAN)),
            None => krait_vm::objects::int::parse_int_literal(vm, &text, 10)?,
        };
        Ok((value, idx))
    }

    fn parse_object(&mut self, vm: &mut Vm, start: usize) -> PyResult<(Value, usize)> {
        let end_idx = self.doc.text.len().wrapping_sub(1);
        let pairs_hook = !self.scanner.object_pairs_hook.is_none();
        let mut pairs: Vec<Value> = Vec::new();
        let object = vm.new_dict();
        let mut idx = self.doc.skip_whitespace(start);
        let empty = idx <= end_idx && self.doc.at(idx) == Some(u32::from(b'}'));
        if !empty {
            loop {
                if self.doc.at(idx) != Some(u32::from(b'"')) {
                    return Err(decode_error(
                        vm,
                        "Expecting property name enclosed in double quotes",
                        self.doc.object,
                        idx,
                    ));
                }
                let (key, next) = scan_string(vm, &self.doc, idx + 1, self.scanner.strict)?;
                let key = match dict::dict_get_item(vm, &self.memo, &key)? {
                    Some(shared) => shared,
                    None => {
                        dict::dict_set_item(vm, &self.memo, key.clone(), key.clone())?;
                        key
                    }
                };
                idx = self.doc.skip_whitespace(next);
                if self.doc.at(idx) != Some(u32::from(b':')) {
                    return Err(decode_error(
                        vm,
                        "Expecting ':' delimiter",
                        self.doc.object,
                        idx,
                    ));
                }
                idx = self.doc.skip_whitespace(idx + 1);
                let (value, next) = self.scan_once(vm, idx)?;
                if pairs_hook {
                    pairs.push(vm.new_tuple(vec![key, value]));
                } else {
                    dict::dict_set_item(vm, &object, key, value)?;
                }
                match self.after_item(vm, next, b'}')? {
                    Ok(following) => idx = following,
                    Err(closing) => {
                        idx = closing;
                        break;
                    }
                }
            }
        }
        let next = idx + 1;
        if pairs_hook {
            let pairs = vm.new_list(pairs);
            let value = vm.call1(&self.scanner.object_pairs_hook, vec![pairs])?;
            return Ok((value, next));
        }
        if !self.scanner.object_hook.is_none() {
            let value = vm.call1(&self.scanner.object_hook, vec![Value::Obj(object)])?;
            return Ok((value, next));
        }
        Ok((Value::Obj(object), next))
    }

    /// After an item of an object or array: `Ok` with where the next item starts
    /// (after a comma), `Err` with where `close` stands, or the delimiter error.
    fn after_item(&self, vm: &mut Vm, next: usize, close: u8) -> PyResult<Result<usize, usize>> {
        let idx = self.doc.skip_whitespace(next);
        if self.doc.at(idx) == Some(u32::from(close)) {
            return Ok(Err(idx));
        }
        if self.doc.at(idx) != Some(u32::from(b',')) {
            return Err(decode_error(
                vm,
                "Expecting ',' delimiter",
                self.doc.object,
                idx,
            ));
        }
        Ok(Ok(self.doc.skip_whitespace(idx + 1)))
    }

    fn parse_array(&mut self, vm: &mut Vm, start: usize) -> PyResult<(Value, usize)> {
        let end_idx = self.doc.text.len().wrapping_sub(1);
        let mut items = Vec::new();
        let mut idx = self.doc.skip_whitespace(start);
        let empty = idx <= end_idx && self.doc.at(idx) == Some(u32::from(b']'));
        if !empty {
            loop {
                let (value, next) = self.scan_once(vm, idx)?;
                items.push(value);
                match self.after_item(vm, next, b']')? {
                    Ok(following) => idx = following,
                    Err(closing) => {
                        idx = closing;
                        break;
                    }
                }
            }
        }
        Ok((vm.new_list(items), idx + 1))
    }
}

fn is_type(v: &Value, ty: &ObjRef) -> bool {
    matches!(v, Value::Obj(o) if std::rc::Rc::ptr_eq(o, ty))
}

// ---------------------------------------------------------------------------
// Escaping strings

/// Appends `\uXXXX` (a surrogate pair above U+FFFF).
fn push_unicode_escape(out: &mut String, code: u32) {
    if code >= 0x10000 {
        let v = code - 0x10000;
        push_unicode_escape(out, 0xd800 | (v >> 10));
        push_unicode_escape(out, 0xdc00 | (v & 0x3ff));
        return;
    }
    out.push_str(&format!("\\u{code:04x}"));
}

/// `"..."` with JSON's escapes; `ascii_only` escapes everything outside printable
/// ASCII too.
fn escape_string(s: &krait_vm::objects::str::PyStr, ascii_only: bool) -> StrBuf {
    let mut out = StrBuf::with_capacity(s.as_str().len() + 2);
    let mut escaped = String::new();
    out.push('"');
    for code in s.code_points() {
        escaped.clear();
        match code {
            0x22 => escaped.push_str("\\\""),
            0x5c => escaped.push_str("\\\\"),
            0x08 => escaped.push_str("\\b"),
            0x0c => escaped.push_str("\\f"),
            0x0a => escaped.push_str("\\n"),
            0x0d => escaped.push_str("\\r"),
            0x09 => escaped.push_str("\\t"),
            c if c < 0x20 || (ascii_only && c >= 0x7f) => push_unicode_escape(&mut escaped, c),
            c => {
                out.push_code_point(c);
                continue;
            }
        }
        out.push_str(&escaped);
    }
    out.push('"');
    out
}

static ENCODE_BASESTRING_ASCII: Signature =
    Signature::of("_json", "encode_basestring_ascii", "($module, s, /)").not_listed();
static ENCODE_BASESTRING: Signature =
    Signature::of("_json", "encode_basestring", "($module, s, /)").not_listed();

fn encode_basestring_ascii(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [s] = ENCODE_BASESTRING_ASCII.bind_args(vm, args)?;
    let s = s.unwrap_or(Value::None);
    let text = escape_string(string_arg(vm, &s)?, true);
    Ok(vm.new_text(text))
}

fn encode_basestring(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [s] = ENCODE_BASESTRING.bind_args(vm, args)?;
    let s = s.unwrap_or(Value::None);
    let text = escape_string(string_arg(vm, &s)?, false);
    Ok(vm.new_text(text))
}

// ---------------------------------------------------------------------------
// The encoder

/// `make_encoder(...)`: `JSONEncoder`'s settings for its one-shot encoding.
struct Encoder {
    markers: Value,
    default: Value,
    encoder: Value,
    /// Which of this module's escapers `encoder` is (called without a Python call).
    fast: Option<bool>,
    indent: Value,
    key_separator: Value,
    item_separator: Value,
    sort_keys: bool,
    skipkeys: bool,
    allow_nan: bool,
}

impl NativeData for Encoder {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        for v in [
            &self.markers,
            &self.default,
            &self.encoder,
            &self.indent,
            &self.key_separator,
            &self.item_separator,
        ] {
            visit(v);
        }
        true
    }
}

static ENCODER_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("_iterencode(obj, _current_indent_level) -> iterable"),
    subclassable: true,
    new: Some(encoder_new),
    slots: &[NativeSlot::Call(encoder_call)],
    ..NativeTypeSpec::new("Encoder", "_json")
};

static ENCODER_NEW: Signature = Signature::new(
    "make_encoder",
    "($type, markers, default, encoder, indent, key_separator, item_separator, sort_keys, skipkeys, allow_nan)",
)
.not_listed();
static ENCODER_CALL: Signature =
    Signature::new("_iterencode", "(obj, _current_indent_level)").not_listed();

fn encoder_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (class, parsed) = ENCODER_NEW.bind::<9>(vm, args)?;
    let [markers, default, encoder, indent, key_separator, item_separator, sort_keys, skipkeys, allow_nan] =
        parsed.map(|v| v.unwrap_or(Value::None));
    let Some(Value::Obj(class)) = class else {
        return Err(vm.new_type_error("make_encoder needs a class".to_owned()));
    };
    if !markers.is_none() && dict_obj(&markers).is_none() {
        return Err(vm.new_type_error(format!(
            "make_encoder() argument 1 must be dict or None, not {}",
            vm.type_name_of(&markers)
        )));
    }
    for (value, position) in [(&key_separator, 5), (&item_separator, 6)] {
        if as_pystr(value).is_none() {
            return Err(vm.new_type_error(format!(
                "make_encoder() argument {position} must be str, not {}",
                vm.type_name_of(value)
            )));
        }
    }
    let escapers = state(vm)?.escapers.clone();
    let fast = escapers.iter().position(|e| e.is(&encoder)).map(|i| i == 0);
    let data = Encoder {
        markers,
        default,
        encoder,
        fast,
        indent,
        key_separator,
        item_separator,
        sort_keys: abstract_::is_true(vm, &sort_keys)?,
        skipkeys: abstract_::is_true(vm, &skipkeys)?,
        allow_nan: abstract_::is_true(vm, &allow_nan)?,
    };
    Ok(new_native_object(vm, &class, data))
}

fn encoder_call(vm: &mut Vm, this: &Value, args: Args) -> PyResult<Value> {
    let [obj, level] = ENCODER_CALL.bind_args(vm, args)?;
    ssize_arg(vm, &level.unwrap_or(Value::None))?;
    let Some(encoder) = native_data::<Encoder>(this) else {
        return Err(vm.new_type_error("a _json.Encoder is required".to_owned()));
    };
    let mut out = StrBuf::new();
    encoder.encode(vm, &mut out, &obj.unwrap_or(Value::None))?;
    let text = vm.new_text(out);
    Ok(vm.new_list(vec![text]))
}

/// The dict (or dict subclass instance) `v` holds.
fn dict_obj(v: &Value) -> Option<ObjRef> {
    v.as_obj().filter(|o| dict::as_dict(o).is_some()).cloned()
}

fn push_value(out: &mut StrBuf, text: &Value) {
    if let Some(s) = as_pystr(text) {
        out.push_pystr(s);
    }
}

impl Encoder {
    fn encode(&self, vm: &mut Vm, out: &mut StrBuf, obj: &Value) -> PyResult<()> {
        match obj {
            Value::None => out.push_str("null"),
            Value::Bool(true) => out.push_str("true"),
            Value::Bool(false) => out.push_str("false"),
            Value::Int(n) => out.push_str(&n.to_string()),
            Value::Float(x) => out.push_str(&self.float_text(vm, *x)?),
            _ if as_pystr(obj).is_some() => {
                let text = self.encode_string(vm, obj)?;
                push_value(out, &text);
            }
            _ if krait_vm::objects::int::is_int(obj) => {
                let exact = krait_vm::objects::int::int_from_value(vm, obj)?;
                let text = abstract_::repr(vm, &exact)?;
                push_value(out, &text);
            }
            _ if vm.isinstance(obj, &vm.types.float.clone()) => {
                let x = krait_vm::objects::float::as_f64(obj).unwrap_or(f64::NAN);
                out.push_str(&self.float_text(vm, x)?);
            }
            _ if vm.isinstance(obj, &vm.types.list.clone())
                || vm.isinstance(obj, &vm.types.tuple.clone()) =>
            {
                vm.enter_recursive_call(" while encoding a JSON object")?;
                let result = self.encode_list(vm, out, obj);
                vm.leave_recursive_call();
                result?;
            }
            _ if dict_obj(obj).is_some() => {
                vm.enter_recursive_call(" while encoding a JSON object")?;
                let result = self.encode_dict(vm, out, obj);
                vm.leave_recursive_call();
                result?;
            }
            _ => {
                let marker = self.mark(vm, obj)?;
                let replacement = vm.call1(&self.default, vec![obj.clone()])?;
                vm.enter_recursive_call(" while encoding a JSON object")?;
                let result = self.encode(vm, out, &replacement);
                vm.leave_recursive_call();
                result?;
                self.unmark(vm, marker)?;
            }
        }
        Ok(())
    }

    fn float_text(&self, vm: &mut Vm, x: f64) -> PyResult<String> {
        if x.is_finite() {
            let text = abstract_::repr(vm, &Value::Float(x))?;
            return Ok(abstract_::value_as_str(&text).unwrap_or("").to_owned());
        }
        if !self.allow_nan {
            return Err(
                vm.new_value_error("Out of range float values are not JSON compliant".to_owned())
            );
        }
        Ok(if x > 0.0 {
            "Infinity"
        } else if x < 0.0 {
            "-Infinity"
        } else {
            "NaN"
        }
        .to_owned())
    }

    fn encode_string(&self, vm: &mut Vm, obj: &Value) -> PyResult<Value> {
        if let (Some(ascii_only), Some(s)) = (self.fast, as_pystr(obj)) {
            let text = escape_string(s, ascii_only);
            return Ok(vm.new_text(text));
        }
        let encoded = vm.call1(&self.encoder, vec![obj.clone()])?;
        if as_pystr(&encoded).is_none() {
            return Err(vm.new_type_error(format!(
                "encoder() must return a string, not {}",
                vm.type_name_of(&encoded)
            )));
        }
        Ok(encoded)
    }

    /// Records that `obj` is being encoded, refusing a container met again inside
    /// itself; the key to remove afterwards.
    fn mark(&self, vm: &mut Vm, obj: &Value) -> PyResult<Option<Value>> {
        let Some(markers) = dict_obj(&self.markers) else {
            return Ok(None);
        };
        let id = Value::Int(obj.as_obj().map_or(0, krait_vm::object::object_id));
        if dict::dict_get_item(vm, &markers, &id)?.is_some() {
            return Err(vm.new_value_error("Circular reference detected".to_owned()));
        }
        dict::dict_set_item(vm, &markers, id.clone(), obj.clone())?;
        Ok(Some(id))
    }

    fn unmark(&self, vm: &mut Vm, marker: Option<Value>) -> PyResult<()> {
        if let (Some(id), Some(markers)) = (marker, dict_obj(&self.markers)) {
            dict::dict_del_item(vm, &markers, &id)?;
        }
        Ok(())
    }

    fn encode_list(&self, vm: &mut Vm, out: &mut StrBuf, seq: &Value) -> PyResult<()> {
        // A list is read live: `default` may change it while it is encoded.
        let item_at = |i: usize| match krait_vm::objects::list::list_cell(seq) {
            Some(items) => items.borrow().get(i).cloned(),
            None => abstract_::tuple_items(seq).and_then(|t| t.get(i).cloned()),
        };
        if item_at(0).is_none() {
            out.push_str("[]");
            return Ok(());
        }
        let marker = self.mark(vm, seq)?;
        out.push('[');
        let mut i = 0;
        while let Some(item) = item_at(i) {
            if i > 0 {
                push_value(out, &self.item_separator);
            }
            self.encode(vm, out, &item)?;
            i += 1;
        }
        out.push(']');
        self.unmark(vm, marker)
    }

    fn encode_dict(&self, vm: &mut Vm, out: &mut StrBuf, d: &Value) -> PyResult<()> {
        if dict_obj(d).is_some_and(|o| dict::dict_len(&o) == 0) {
            out.push_str("{}");
            return Ok(());
        }
        let marker = self.mark(vm, d)?;
        out.push('{');
        let items = vm.call_method(d, "items", vec![])?;
        let items = vm.call1(&Value::Obj(vm.types.list.clone()), vec![items])?;
        if self.sort_keys {
            vm.call_method(&items, "sort", vec![])?;
        }
        let mut first = true;
        for item in abstract_::list_items(&items).unwrap_or_default() {
            let pair = abstract_::tuple_items(&item).filter(|p| p.len() == 2);
            let Some([key, value]) = pair.map(|p| [p[0].clone(), p[1].clone()]) else {
                return Err(vm.new_value_error("items must return 2-tuples".to_owned()));
            };
            let key_text = match &key {
                k if as_pystr(k).is_some() => k.clone(),
                Value::Float(_) => {
                    let x = krait_vm::objects::float::as_f64(&key).unwrap_or(f64::NAN);
                    let text = self.float_text(vm, x)?;
                    vm.new_str(text)
                }
                k if vm.isinstance(k, &vm.types.float.clone()) => {
                    let x = krait_vm::objects::float::as_f64(k).unwrap_or(f64::NAN);
                    let text = self.float_text(vm, x)?;
                    vm.new_str(text)
                }
                Value::Bool(true) => vm.new_str("true"),
                Value::Bool(false) => vm.new_str("false"),
                Value::None => vm.new_str("null"),
                k if krait_vm::objects::int::is_int(k) => {
                    let exact = krait_vm::objects::int::int_from_value(vm, k)?;
                    abstract_::repr(vm, &exact)?
                }
                _ if self.skipkeys => continue,
                k => {
                    return Err(vm.new_type_error(format!(
                        "keys must be str, int, float, bool or None, not {}",
                        vm.type_name_of(k)
                    )))
                }
            };
            if !first {
                push_value(out, &self.item_separator);
            }
            first = false;
            let encoded = self.encode_string(vm, &key_text)?;
            push_value(out, &encoded);
            push_value(out, &self.key_separator);
            self.encode(vm, out, &value)?;
        }
        out.push('}');
        self.unmark(vm, marker)
    }
}

static FUNCTIONS: [MethodDef; 3] = [
    MethodDef::staticmethod("scanstring", scanstring).with_signature(&SCANSTRING),
    MethodDef::staticmethod("encode_basestring_ascii", encode_basestring_ascii)
        .with_signature(&ENCODE_BASESTRING_ASCII),
    MethodDef::staticmethod("encode_basestring", encode_basestring)
        .with_signature(&ENCODE_BASESTRING),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_json");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_json", &FUNCTIONS);
    let scanner_type = new_native_type(vm, &SCANNER_TYPE, None);
    dict::dict_set_str(vm, &d, "make_scanner", Value::Obj(scanner_type.clone()));
    let encoder_type = new_native_type(vm, &ENCODER_TYPE, None);
    dict::dict_set_str(vm, &d, "make_encoder", Value::Obj(encoder_type));
    let doc = vm.new_str("json speedups");
    dict::dict_set_str(vm, &d, "__doc__", doc);
    let escapers = ["encode_basestring_ascii", "encode_basestring"]
        .map(|name| dict::dict_get_str(&d, name).unwrap_or(Value::None));
    vm.set_module_state(JsonState {
        scanner_type,
        escapers,
    });
    Ok(m)
}
