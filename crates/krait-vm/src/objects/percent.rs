//! `%`-formatting of str (CPython's `PyUnicode_Format`) and `str.format`
//! (`Objects/stringlib/unicode_format.h`).

use crate::abstract_;
use crate::object::ObjRef;
use crate::value::Value;
use crate::{PyResult, Vm};

/// `fmt % values`.
pub fn percent_format(vm: &mut Vm, fmt: &str, values: &Value) -> PyResult<String> {
    let args: Vec<Value> = match abstract_::tuple_items(values) {
        Some(items) => items,
        None => vec![values.clone()],
    };
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    let mut next = 0;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        let kind = loop {
            match chars.next() {
                Some(k) if k.is_ascii_alphabetic() || k == '%' => break k,
                Some(k) => spec.push(k),
                None => return Err(vm.new_value_error("incomplete format".to_owned())),
            }
        };
        if kind == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next).cloned() else {
            return Err(vm.new_type_error("not enough arguments for format string".to_owned()));
        };
        next += 1;
        let text = match kind {
            's' => abstract_::str_string(vm, &arg)?,
            'r' => abstract_::repr_string(vm, &arg)?,
            'd' | 'i' => {
                let n = crate::objects::int::int_from_value(vm, &arg)?;
                let n = crate::objects::int::as_big(&n).unwrap_or_default();
                crate::objects::format::format_int(vm, &n, &spec)?
            }
            'f' | 'e' | 'g' | 'x' | 'X' | 'o' => {
                let full = format!("{spec}{kind}");
                if matches!(kind, 'x' | 'X' | 'o') {
                    let n = crate::objects::int::as_big(&arg).unwrap_or_default();
                    crate::objects::format::format_int(vm, &n, &full)?
                } else {
                    let x = crate::objects::float::float_from_value(vm, &arg)?;
                    crate::objects::format::format_float(vm, x, &full)?
                }
            }
            other => {
                return Err(vm.new_value_error(format!(
                    "unsupported format character '{other}' (0x{:x}) at index {}",
                    other as u32,
                    fmt.find(other).unwrap_or(0)
                )))
            }
        };
        if matches!(kind, 's' | 'r') && !spec.is_empty() {
            let width: usize = spec.trim_start_matches('-').parse().unwrap_or(0);
            let pad = width.saturating_sub(text.chars().count());
            if spec.starts_with('-') {
                out.push_str(&text);
                out.push_str(&" ".repeat(pad));
            } else {
                out.push_str(&" ".repeat(pad));
                out.push_str(&text);
            }
        } else {
            out.push_str(&text);
        }
    }
    if next < args.len() && abstract_::tuple_items(values).is_some() {
        return Err(
            vm.new_type_error("not all arguments converted during string formatting".to_owned())
        );
    }
    Ok(out)
}

/// `fmt.format(*args, **kwargs)`.
pub fn str_format(
    vm: &mut Vm,
    fmt: &str,
    args: &[Value],
    kwargs: &[(ObjRef, Value)],
) -> PyResult<String> {
    let mut out = String::new();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    let mut auto = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            if chars.get(i + 1) == Some(&'{') {
                out.push('{');
                i += 2;
                continue;
            }
            let mut depth = 1;
            let mut j = i + 1;
            while j < chars.len() && depth > 0 {
                match chars[j] {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                j += 1;
            }
            if depth > 0 {
                return Err(vm.new_value_error("expected '}' before end of string".to_owned()));
            }
            let field: String = chars[i + 1..j - 1].iter().collect();
            let (name_conv, spec) = match field.find(':') {
                Some(p) => (field[..p].to_owned(), field[p + 1..].to_owned()),
                None => (field.clone(), String::new()),
            };
            let (name, conv) = match name_conv.find('!') {
                Some(p) => (name_conv[..p].to_owned(), name_conv[p + 1..].chars().next()),
                None => (name_conv, None),
            };
            let spec = if spec.contains('{') {
                str_format(vm, &spec, args, kwargs)?
            } else {
                spec
            };
            let value = resolve_field(vm, &name, args, kwargs, &mut auto)?;
            let value = match conv {
                Some('r') => abstract_::repr(vm, &value)?,
                Some('s') => abstract_::str_(vm, &value)?,
                Some('a') => abstract_::ascii(vm, &value)?,
                Some(other) => {
                    return Err(vm.new_value_error(format!("Unknown conversion specifier {other}")))
                }
                None => value,
            };
            let spec_value = vm.new_str(spec);
            let formatted = abstract_::format(vm, &value, Some(&spec_value))?;
            out.push_str(abstract_::value_as_str(&formatted).unwrap_or(""));
            i = j;
        } else if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(vm.new_value_error("Single '}' encountered in format string".to_owned()));
        } else {
            out.push(c);
            i += 1;
        }
    }
    Ok(out)
}

fn resolve_field(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    kwargs: &[(ObjRef, Value)],
    auto: &mut usize,
) -> PyResult<Value> {
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let (head, mut rest) = name.split_at(first_end);
    let mut value = if head.is_empty() {
        let v = args.get(*auto).cloned();
        *auto += 1;
        match v {
            Some(v) => v,
            None => {
                return Err(vm.new_index_error(format!(
                    "Replacement index {} out of range for positional args tuple",
                    *auto - 1
                )))
            }
        }
    } else if let Ok(index) = head.parse::<usize>() {
        match args.get(index) {
            Some(v) => v.clone(),
            None => {
                return Err(vm.new_index_error(format!(
                    "Replacement index {index} out of range for positional args tuple"
                )))
            }
        }
    } else {
        match kwargs
            .iter()
            .find(|(k, _)| abstract_::obj_as_str(k) == Some(head))
        {
            Some((_, v)) => v.clone(),
            None => {
                let key = vm.new_str(head.to_owned());
                return Err(vm.new_key_error(key));
            }
        }
    };
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            value = abstract_::getattr_str(vm, &value, &r[..end])?;
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').unwrap_or(r.len());
            let key_text = &r[..end];
            let key = match key_text.parse::<i64>() {
                Ok(n) => Value::Int(n),
                Err(_) => vm.new_str(key_text.to_owned()),
            };
            value = abstract_::getitem(vm, &value, &key)?;
            rest = r.get(end + 1..).unwrap_or("");
        } else {
            break;
        }
    }
    Ok(value)
}
