//! The named methods of `str` (`str.join`, `str.split` ...), apart from the operators
//! in `str.rs` (CPython's `Objects/unicodeobject.c` and `Objects/stringlib/`).

use crate::abstract_;
use crate::object::ObjRef;
use crate::objects::add_method;
use crate::objects::function::Args;
use crate::objects::str::{arg_str, self_str};
use crate::value::Value;
use crate::{PyResult, Vm};

pub fn init(vm: &mut Vm, ty: &ObjRef) {
    add_method(vm, ty, "join", str_join);
    add_method(vm, ty, "upper", |vm, args| {
        let (_, s) = self_str(vm, &args)?;
        Ok(vm.new_str(s.to_uppercase()))
    });
    add_method(vm, ty, "lower", |vm, args| {
        let (_, s) = self_str(vm, &args)?;
        Ok(vm.new_str(s.to_lowercase()))
    });
    add_method(vm, ty, "strip", |vm, args| strip(vm, args, true, true));
    add_method(vm, ty, "lstrip", |vm, args| strip(vm, args, true, false));
    add_method(vm, ty, "rstrip", |vm, args| strip(vm, args, false, true));
    add_method(vm, ty, "split", str_split);
    add_method(vm, ty, "startswith", |vm, args| affix(vm, args, true));
    add_method(vm, ty, "endswith", |vm, args| affix(vm, args, false));
    add_method(vm, ty, "replace", |vm, args| {
        let (_, s) = self_str(vm, &args)?;
        let old = arg_str(vm, &args, 1, "replace() argument 1")?;
        let new = arg_str(vm, &args, 2, "replace() argument 2")?;
        let count = match args.pos.get(3) {
            Some(c) => crate::objects::int::as_i64(c).unwrap_or(-1),
            None => -1,
        };
        let r = if count < 0 {
            s.replace(&old, &new)
        } else {
            s.replacen(&old, &new, count as usize)
        };
        Ok(vm.new_str(r))
    });
    add_method(vm, ty, "find", |vm, args| {
        let (_, s) = self_str(vm, &args)?;
        let sub = arg_str(vm, &args, 1, "must be str")?;
        Ok(Value::Int(
            s.find(&sub)
                .map(|b| s[..b].chars().count() as i64)
                .unwrap_or(-1),
        ))
    });
    add_method(vm, ty, "format", |vm, args| {
        let (_, s) = self_str(vm, &args)?;
        let r = crate::objects::percent::str_format(vm, &s, &args.pos[1..], &args.kw)?;
        Ok(vm.new_str(r))
    });
    add_method(vm, ty, "encode", |vm, args| {
        let (_, s) = self_str(vm, &args)?;
        Ok(vm.new_bytes(s.into_bytes()))
    });
}

fn str_join(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_, sep) = self_str(vm, &args)?;
    let Some(iterable) = args.pos.get(1).cloned() else {
        return Err(vm.new_type_error("str.join() takes exactly one argument (0 given)".to_owned()));
    };
    let items = abstract_::collect_iterable(vm, &iterable)?;
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match abstract_::value_as_str(item) {
            Some(s) => out.push_str(s),
            None => {
                return Err(vm.new_type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    vm.type_name_of(item)
                )))
            }
        }
    }
    Ok(vm.new_str(out))
}

fn strip(vm: &mut Vm, args: Args, left: bool, right: bool) -> PyResult<Value> {
    let (_, s) = self_str(vm, &args)?;
    let chars: Option<Vec<char>> = match args.pos.get(1) {
        None | Some(Value::None) => None,
        Some(v) => match abstract_::value_as_str(v) {
            Some(c) => Some(c.chars().collect()),
            None => {
                return Err(vm.new_type_error(format!(
                    "strip arg must be None or str, not {}",
                    vm.type_name_of(v)
                )))
            }
        },
    };
    let matches = |c: char| match &chars {
        Some(set) => set.contains(&c),
        None => c.is_whitespace(),
    };
    let mut r: &str = &s;
    if left {
        r = r.trim_start_matches(matches);
    }
    if right {
        r = r.trim_end_matches(matches);
    }
    Ok(vm.new_str(r.to_owned()))
}

fn str_split(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_, s) = self_str(vm, &args)?;
    let parsed = crate::getargs::parse(
        vm,
        "split",
        Args {
            pos: args.pos[1..].to_vec(),
            kw: args.kw,
        },
        &["sep", "maxsplit"],
        0,
    )?;
    let maxsplit = parsed[1]
        .as_ref()
        .and_then(crate::objects::int::as_i64)
        .unwrap_or(-1);
    let parts: Vec<String> = match parsed[0].as_ref().filter(|v| !v.is_none()) {
        None => {
            let mut out = Vec::new();
            let mut rest = s.trim_start();
            while !rest.is_empty() {
                if maxsplit >= 0 && out.len() as i64 == maxsplit {
                    out.push(rest.to_owned());
                    break;
                }
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                out.push(rest[..end].to_owned());
                rest = rest[end..].trim_start();
            }
            out
        }
        Some(sep) => {
            let Some(sep) = abstract_::value_as_str(sep) else {
                return Err(
                    vm.new_type_error(format!("must be str or None, not {}", vm.type_name_of(sep)))
                );
            };
            if sep.is_empty() {
                return Err(vm.new_value_error("empty separator".to_owned()));
            }
            if maxsplit < 0 {
                s.split(sep).map(str::to_owned).collect()
            } else {
                s.splitn(maxsplit as usize + 1, sep)
                    .map(str::to_owned)
                    .collect()
            }
        }
    };
    let items = parts.into_iter().map(|p| vm.new_str(p)).collect();
    Ok(vm.new_list(items))
}

fn affix(vm: &mut Vm, args: Args, prefix: bool) -> PyResult<Value> {
    let (_, s) = self_str(vm, &args)?;
    let arg = args.pos.get(1).cloned().unwrap_or(Value::None);
    let candidates: Vec<Value> = match abstract_::tuple_items(&arg) {
        Some(items) => items,
        None => vec![arg],
    };
    for c in candidates {
        let Some(c) = abstract_::value_as_str(&c) else {
            let which = if prefix { "startswith" } else { "endswith" };
            return Err(vm.new_type_error(format!(
                "{which} first arg must be str or a tuple of str, not {}",
                vm.type_name_of(&c)
            )));
        };
        if (prefix && s.starts_with(c)) || (!prefix && s.ends_with(c)) {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}
