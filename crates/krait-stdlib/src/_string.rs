//! The `_string` module: `formatter_parser` and `formatter_field_name_split`, the
//! parsers behind `string.Formatter` (CPython's `Objects/stringlib/unicode_format.h`
//! as exposed by `Objects/unicodeobject.c`).
//!
//! The iterators parse lazily, one item per `__next__`, as CPython's do; each keeps
//! the string and a byte offset into it.

use std::cell::Cell;

use crate::iter_self;
use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};

/// A parser's string and how far it has read (a byte offset).
struct ParserIter {
    text: Value,
    pos: Cell<usize>,
}

impl NativeData for ParserIter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.text);
        true
    }
}

static FORMATTER_ITERATOR_TYPE: NativeTypeSpec = NativeTypeSpec {
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(formatteriterator_next),
    ],
    ..NativeTypeSpec::new("formatteriterator", "builtins")
};

static FIELDNAME_ITERATOR_TYPE: NativeTypeSpec = NativeTypeSpec {
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(fieldnameiterator_next),
    ],
    ..NativeTypeSpec::new("fieldnameiterator", "builtins")
};

static FORMATTER_PARSER: Signature =
    Signature::of("_string", "formatter_parser", "($module, format_string, /)").not_listed();
static FORMATTER_FIELD_NAME_SPLIT: Signature = Signature::of(
    "_string",
    "formatter_field_name_split",
    "($module, field_name, /)",
)
.not_listed();

/// The iterator types, which the functions make.
struct StringState {
    formatter_iterator: ObjRef,
    fieldname_iterator: ObjRef,
}

fn string_state(vm: &mut Vm) -> PyResult<std::rc::Rc<StringState>> {
    vm.module_state::<StringState>()
        .ok_or_else(|| vm.new_runtime_error("_string is not initialised".to_owned()))
}

/// The one argument, which must be a str.
fn str_arg(vm: &mut Vm, v: Option<Value>) -> PyResult<Value> {
    let v = v.unwrap_or(Value::None);
    if abstract_::value_as_str(&v).is_none() {
        return Err(vm.new_type_error(format!("expected str, got {}", vm.type_name_of(&v))));
    }
    Ok(v)
}

/// The string a parser reads, where it is, and its state.
fn parser_state<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<(String, usize, &'a ParserIter)> {
    let it = native_data::<ParserIter>(this)
        .ok_or_else(|| vm.new_type_error("iterator without state".to_owned()))?;
    let text = abstract_::value_as_str(&it.text).unwrap_or("").to_owned();
    Ok((text, it.pos.get(), it))
}

fn new_parser(vm: &mut Vm, class: &ObjRef, text: Value, pos: usize) -> Value {
    let it = ParserIter {
        text,
        pos: Cell::new(pos),
    };
    new_native_object(vm, class, it)
}

/// `formatter_parser(str)`: an iterator over the literal text and fields.
fn formatter_parser(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [s] = FORMATTER_PARSER.bind_args(vm, args)?;
    let s = str_arg(vm, s)?;
    let class = string_state(vm)?.formatter_iterator.clone();
    Ok(new_parser(vm, &class, s, 0))
}

fn opt_str(vm: &mut Vm, s: Option<&str>) -> Value {
    s.map_or(Value::None, |s| vm.new_str(s))
}

/// A parsed replacement field: name, format spec, conversion, and the bytes of the
/// input it used (the closing brace included).
type Field = (String, String, Option<char>, usize);

/// Parses the replacement field that starts `text` (just after its `{`), as
/// CPython's `parse_field` does: the name runs to `}`, `:` or `!` (skipping `[...]`),
/// then an optional conversion character, then a format spec with nested braces.
fn parse_field(text: &str) -> Result<Field, &'static str> {
    let mut chars = text.char_indices();
    let mut stop = None;
    while let Some((i, c)) = chars.next() {
        match c {
            '{' => return Err("unexpected '{' in field name"),
            '[' => {
                // To the `]`, which the loop then reads as an ordinary character.
                let mut ahead = chars.clone();
                while let Some((_, c)) = ahead.clone().next() {
                    if c == ']' {
                        break;
                    }
                    ahead.next();
                }
                chars = ahead;
            }
            '}' | ':' | '!' => {
                stop = Some((i, c));
                break;
            }
            _ => {}
        }
    }
    let Some((name_end, c)) = stop else {
        return Err("expected '}' before end of string");
    };
    let name = text[..name_end].to_owned();
    if c == '}' {
        return Ok((name, String::new(), None, name_end + 1));
    }
    let mut conversion = None;
    if c == '!' {
        let Some((_, conv)) = chars.next() else {
            return Err("end of string while looking for conversion specifier");
        };
        conversion = Some(conv);
        if let Some((i, next)) = chars.next() {
            if next == '}' {
                return Ok((name, String::new(), conversion, i + 1));
            }
            if next != ':' {
                return Err("expected ':' after conversion specifier");
            }
        }
    }
    let spec_start = chars.clone().next().map_or(text.len(), |(i, _)| i);
    let mut depth = 1;
    for (i, c) in chars {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Ok((name, text[spec_start..i].to_owned(), conversion, i + 1));
                }
            }
            _ => {}
        }
    }
    Err("unmatched '{' in format spec")
}

/// The next `(literal, field name, format spec, conversion)` of a format string.
fn formatteriterator_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let (s, start, it) = parser_state(vm, this)?;
    if start >= s.len() {
        return Ok(None);
    }
    let set_pos = |_: &mut Vm, p: usize| it.pos.set(p);
    let rest = &s[start..];
    let Some(b) = rest.find(['{', '}']) else {
        set_pos(vm, s.len());
        let lit = vm.new_str(rest);
        return Ok(Some(vm.new_tuple(vec![
            lit,
            Value::None,
            Value::None,
            Value::None,
        ])));
    };
    let literal = &rest[..b];
    let c = &rest[b..b + 1];
    let after = &rest[b + 1..];
    if after.starts_with(c) {
        set_pos(vm, start + b + 2);
        let lit = vm.new_str(format!("{literal}{c}"));
        return Ok(Some(vm.new_tuple(vec![
            lit,
            Value::None,
            Value::None,
            Value::None,
        ])));
    }
    set_pos(vm, s.len());
    if c == "}" {
        return Err(vm.new_value_error("Single '}' encountered in format string".to_owned()));
    }
    if after.is_empty() {
        return Err(vm.new_value_error("Single '{' encountered in format string".to_owned()));
    }
    let (name, spec, conversion, used) =
        parse_field(after).map_err(|msg| vm.new_value_error(msg.to_owned()))?;
    set_pos(vm, start + b + 1 + used);
    let lit = vm.new_str(literal);
    let name = vm.new_str(name);
    let spec = vm.new_str(spec);
    let conversion = opt_str(vm, conversion.map(|c| c.to_string()).as_deref());
    Ok(Some(vm.new_tuple(vec![lit, name, spec, conversion])))
}

/// An int for an all-digit name (`0`, `12`), else the name as a str.
fn int_or_str(vm: &mut Vm, s: &str) -> PyResult<Value> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return match s.parse::<i64>() {
            Ok(n) => Ok(Value::Int(n)),
            Err(_) => {
                Err(vm.new_value_error("Too many decimal digits in format string".to_owned()))
            }
        };
    }
    Ok(vm.new_str(s))
}

/// `formatter_field_name_split(str)`: the first part of a field name, and an
/// iterator over the attribute and index lookups that follow.
fn formatter_field_name_split(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [s] = FORMATTER_FIELD_NAME_SPLIT.bind_args(vm, args)?;
    let s = str_arg(vm, s)?;
    let text = abstract_::value_as_str(&s).unwrap_or("").to_owned();
    let first_end = text.find(['.', '[']).unwrap_or(text.len());
    let first = int_or_str(vm, &text[..first_end])?;
    let class = string_state(vm)?.fieldname_iterator.clone();
    let rest = new_parser(vm, &class, s, first_end);
    Ok(vm.new_tuple(vec![first, rest]))
}

/// The next `(is_attribute, name or key)` of a field name.
fn fieldnameiterator_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let (s, start, it) = parser_state(vm, this)?;
    if start >= s.len() {
        return Ok(None);
    }
    let set_pos = |_: &mut Vm, p: usize| it.pos.set(p);
    let rest = &s[start..];
    let body = &rest[1..];
    if rest.starts_with('.') {
        let end = body.find(['.', '[']).unwrap_or(body.len());
        set_pos(vm, start + 1 + end);
        if end == 0 {
            set_pos(vm, s.len());
            return Err(vm.new_value_error("Empty attribute in format string".to_owned()));
        }
        let name = vm.new_str(&body[..end]);
        return Ok(Some(vm.new_tuple(vec![Value::Bool(true), name])));
    }
    if rest.starts_with('[') {
        let Some(end) = body.find(']') else {
            set_pos(vm, s.len());
            return Err(vm.new_value_error("Missing ']' in format string".to_owned()));
        };
        if end == 0 {
            set_pos(vm, s.len());
            return Err(vm.new_value_error("Empty attribute in format string".to_owned()));
        }
        let next = start + 1 + end + 1;
        if next < s.len() && !s[next..].starts_with(['.', '[']) {
            set_pos(vm, s.len());
            return Err(vm.new_value_error(
                "Only '.' or '[' may follow ']' in format field specifier".to_owned(),
            ));
        }
        set_pos(vm, next);
        let key = int_or_str(vm, &body[..end])?;
        return Ok(Some(vm.new_tuple(vec![Value::Bool(false), key])));
    }
    set_pos(vm, s.len());
    Err(vm.new_value_error("Only '.' or '[' may follow ']' in format field specifier".to_owned()))
}

static FUNCTIONS: [MethodDef; 2] = [
    MethodDef::staticmethod("formatter_parser", formatter_parser)
        .with_signature(&FORMATTER_PARSER)
        .with_doc("parse the argument as a format string"),
    MethodDef::staticmethod("formatter_field_name_split", formatter_field_name_split)
        .with_signature(&FORMATTER_FIELD_NAME_SPLIT)
        .with_doc("split the argument as a field name"),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_string");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_string", &FUNCTIONS);
    let formatter_iterator = new_native_type(vm, &FORMATTER_ITERATOR_TYPE, None);
    let fieldname_iterator = new_native_type(vm, &FIELDNAME_ITERATOR_TYPE, None);
    vm.set_module_state(StringState {
        formatter_iterator,
        fieldname_iterator,
    });
    Ok(m)
}
