//! The `_string` module: `formatter_parser` and `formatter_field_name_split`, the
//! parsers behind `string.Formatter` (CPython's `Objects/stringlib/unicode_format.h`
//! as exposed by `Objects/unicodeobject.c`).
//!
//! The iterators parse lazily, one item per `__next__`, as CPython's do; they keep
//! the string and a byte offset in the instance dict (object payloads belong to the
//! VM).

use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::typeobject::{new_heap_type, new_instance};
use krait_vm::objects::{add_method, new_builtin_function};
use krait_vm::{abstract_, getargs, ObjRef, Payload, PyResult, Value, Vm};

const TEXT: &str = "_str";
const POS: &str = "_pos";

fn str_arg(vm: &mut Vm, name: &str, args: Args) -> PyResult<Value> {
    let v = getargs::exactly_one(vm, name, args)?;
    if abstract_::value_as_str(&v).is_none() {
        return Err(vm.new_type_error(format!("expected str, got {}", vm.type_name_of(&v))));
    }
    Ok(v)
}

/// The string and byte offset of an iterator, with its dict.
fn iter_state(vm: &mut Vm, args: &Args) -> PyResult<(ObjRef, String, usize)> {
    let d = match args.pos.first() {
        Some(Value::Obj(o)) => o.dict(),
        _ => None,
    }
    .ok_or_else(|| vm.new_type_error("iterator without state".to_owned()))?;
    let text = dict::dict_get_str(&d, TEXT)
        .and_then(|v| abstract_::value_as_str(&v).map(str::to_owned))
        .unwrap_or_default();
    let pos = match dict::dict_get_str(&d, POS) {
        Some(Value::Int(n)) => n as usize,
        _ => text.len(),
    };
    Ok((d, text, pos))
}

fn new_iterator(vm: &mut Vm, ty: &Value, text: Value, pos: usize) -> PyResult<Value> {
    let Value::Obj(ty) = ty else {
        return Err(vm.new_type_error("lost _string iterator type".to_owned()));
    };
    let it = new_instance(vm, ty, Payload::Instance);
    if let Some(d) = it.dict() {
        dict::dict_set_str(vm, &d, TEXT, text);
        dict::dict_set_str(vm, &d, POS, Value::Int(pos as i64));
    }
    Ok(Value::Obj(it))
}

/// The iterator type named `name` kept in this module's dict.
fn module_type(vm: &mut Vm, name: &str) -> Value {
    let modules = vm.modules.clone();
    match dict::dict_get_str(&modules, "_string") {
        Some(Value::Obj(m)) => module_dict(&m)
            .and_then(|d| dict::dict_get_str(&d, name))
            .unwrap_or(Value::None),
        _ => Value::None,
    }
}

fn formatter_parser(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = str_arg(vm, "_string.formatter_parser", args)?;
    let ty = module_type(vm, "_formatteriterator");
    new_iterator(vm, &ty, s, 0)
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

fn formatteriterator_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (d, s, start) = iter_state(vm, &args)?;
    if start >= s.len() {
        return Err(vm.new_stop_iteration(None));
    }
    let set_pos = |vm: &mut Vm, p: usize| dict::dict_set_str(vm, &d, POS, Value::Int(p as i64));
    let rest = &s[start..];
    let Some(b) = rest.find(['{', '}']) else {
        set_pos(vm, s.len());
        let lit = vm.new_str(rest);
        return Ok(vm.new_tuple(vec![lit, Value::None, Value::None, Value::None]));
    };
    let literal = &rest[..b];
    let c = &rest[b..b + 1];
    let after = &rest[b + 1..];
    if after.starts_with(c) {
        set_pos(vm, start + b + 2);
        let lit = vm.new_str(format!("{literal}{c}"));
        return Ok(vm.new_tuple(vec![lit, Value::None, Value::None, Value::None]));
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
    Ok(vm.new_tuple(vec![lit, name, spec, conversion]))
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

fn formatter_field_name_split(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = str_arg(vm, "_string.formatter_field_name_split", args)?;
    let text = abstract_::value_as_str(&s).unwrap_or("").to_owned();
    let first_end = text.find(['.', '[']).unwrap_or(text.len());
    let first = int_or_str(vm, &text[..first_end])?;
    let ty = module_type(vm, "_fieldnameiterator");
    let rest = new_iterator(vm, &ty, s, first_end)?;
    Ok(vm.new_tuple(vec![first, rest]))
}

fn fieldnameiterator_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (d, s, start) = iter_state(vm, &args)?;
    if start >= s.len() {
        return Err(vm.new_stop_iteration(None));
    }
    let set_pos = |vm: &mut Vm, p: usize| dict::dict_set_str(vm, &d, POS, Value::Int(p as i64));
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
        return Ok(vm.new_tuple(vec![Value::Bool(true), name]));
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
        return Ok(vm.new_tuple(vec![Value::Bool(false), key]));
    }
    set_pos(vm, s.len());
    Err(vm.new_value_error("Only '.' or '[' may follow ']' in format field specifier".to_owned()))
}

fn iter_self(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.pos
        .first()
        .cloned()
        .ok_or_else(|| vm.new_type_error("descriptor needs an argument".to_owned()))
}

fn new_iterator_type(
    vm: &mut Vm,
    name: &str,
    next: krait_vm::objects::function::NativeFn,
) -> PyResult<ObjRef> {
    let ns = vm.new_dict();
    let module = vm.new_str("builtins");
    dict::dict_set_str(vm, &ns, "__module__", module);
    let metatype = vm.types.type_.clone();
    let ty = new_heap_type(vm, &metatype, name, vec![], &ns)?;
    add_method(vm, &ty, "__iter__", iter_self);
    add_method(vm, &ty, "__next__", next);
    krait_vm::objects::typeobject::type_data(&ty)
        .base_type
        .set(false);
    Ok(ty)
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_string");
    let d = module_dict(&m).expect("a module has a dict");
    let f = new_builtin_function(vm, "formatter_parser", formatter_parser, Some("_string"));
    dict::dict_set_str(vm, &d, "formatter_parser", f);
    let f = new_builtin_function(
        vm,
        "formatter_field_name_split",
        formatter_field_name_split,
        Some("_string"),
    );
    dict::dict_set_str(vm, &d, "formatter_field_name_split", f);
    let ty = new_iterator_type(vm, "formatteriterator", formatteriterator_next)?;
    dict::dict_set_str(vm, &d, "_formatteriterator", Value::Obj(ty));
    let ty = new_iterator_type(vm, "fieldnameiterator", fieldnameiterator_next)?;
    dict::dict_set_str(vm, &d, "_fieldnameiterator", Value::Obj(ty));
    Ok(m)
}
