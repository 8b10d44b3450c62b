//! The `bytes` and `bytearray` types (CPython's `Objects/bytesobject.c`,
//! `Objects/bytearrayobject.c`).

use crate::abstract_;
use crate::object::Payload;
use crate::objects::function::Args;
use crate::objects::{add_method, add_new, this};
use crate::value::Value;
use crate::{PyResult, Vm};

/// `repr()` of bytes: `b'...'` with escapes.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from("b");
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote);
    out
}

pub fn as_bytes(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Bytes(b) => Some(b.to_vec()),
            Payload::ByteArray(b) => Some(b.borrow().clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Decodes bytes with a codec name (`utf-8`, `ascii`, `latin-1`).
pub fn decode(vm: &mut Vm, bytes: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    let enc = encoding.to_ascii_lowercase().replace('_', "-");
    match enc.as_str() {
        "utf-8" | "utf8" => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_owned()),
            Err(e) if errors == "strict" => {
                let pos = e.valid_up_to();
                Err(vm.new_error("UnicodeDecodeError", format!(
                    "'utf-8' codec can't decode byte 0x{:02x} in position {pos}: invalid start byte",
                    bytes[pos]
                )))
            }
            Err(_) => Ok(String::from_utf8_lossy(bytes).into_owned()),
        },
        "ascii" => {
            if let Some(pos) = bytes.iter().position(|b| *b >= 0x80) {
                if errors == "strict" {
                    return Err(vm.new_error("UnicodeDecodeError", format!(
                        "'ascii' codec can't decode byte 0x{:02x} in position {pos}: ordinal not in range(128)",
                        bytes[pos]
                    )));
                }
            }
            Ok(bytes
                .iter()
                .map(|b| if *b < 0x80 { *b as char } else { '\u{fffd}' })
                .collect())
        }
        "latin-1" | "latin1" | "iso-8859-1" => Ok(bytes.iter().map(|b| *b as char).collect()),
        _ => Err(vm.new_error("LookupError", format!("unknown encoding: {encoding}"))),
    }
}

fn self_bytes(vm: &mut Vm, args: &Args) -> PyResult<Vec<u8>> {
    let v = this(args);
    as_bytes(&v).ok_or_else(|| vm.new_type_error("descriptor requires a 'bytes' object".to_owned()))
}

pub fn init(vm: &mut Vm) {
    let ty = vm.types.bytes.clone();
    add_new(vm, &ty, |vm, args| {
        let rest = crate::getargs::parse(
            vm,
            "bytes",
            Args {
                pos: args.pos[1..].to_vec(),
                kw: args.kw,
            },
            &["source", "encoding", "errors"],
            0,
        )?;
        let bytes = match (&rest[0], &rest[1]) {
            (None, _) => Vec::new(),
            (Some(s), Some(_)) => match abstract_::value_as_str(s) {
                Some(text) => text.as_bytes().to_vec(),
                None => {
                    return Err(vm.new_type_error("encoding without a string argument".to_owned()))
                }
            },
            (Some(v), None) => {
                if abstract_::value_as_str(v).is_some() {
                    return Err(vm.new_type_error("string argument without an encoding".to_owned()));
                }
                if let Some(n) = crate::objects::int::as_i64(v) {
                    if n < 0 {
                        return Err(vm.new_value_error("negative count".to_owned()));
                    }
                    vec![0; n as usize]
                } else if let Some(b) = as_bytes(v) {
                    b
                } else {
                    let items = abstract_::collect_iterable(vm, v)?;
                    let mut out = Vec::with_capacity(items.len());
                    for item in items {
                        match crate::objects::int::as_i64(&item) {
                            Some(n) if (0..256).contains(&n) => out.push(n as u8),
                            Some(_) => {
                                return Err(
                                    vm.new_value_error("bytes must be in range(0, 256)".to_owned())
                                )
                            }
                            None => {
                                return Err(vm.new_type_error(format!(
                                    "'{}' object cannot be interpreted as an integer",
                                    vm.type_name_of(&item)
                                )))
                            }
                        }
                    }
                    out
                }
            }
        };
        Ok(vm.new_bytes(bytes))
    });
    add_method(vm, &ty, "__repr__", |vm, args| {
        let b = self_bytes(vm, &args)?;
        Ok(vm.new_str(bytes_repr(&b)))
    });
    add_method(vm, &ty, "__len__", |vm, args| {
        Ok(Value::Int(self_bytes(vm, &args)?.len() as i64))
    });
    add_method(vm, &ty, "__hash__", |vm, args| {
        Ok(Value::Int(crate::pyhash::hash_bytes(&self_bytes(
            vm, &args,
        )?)))
    });
    add_method(vm, &ty, "__eq__", |vm, args| {
        let a = self_bytes(vm, &args)?;
        match args.pos.get(1).and_then(as_bytes) {
            Some(b) => Ok(Value::Bool(a == b)),
            None => Ok(vm.not_implemented()),
        }
    });
    add_method(vm, &ty, "__ne__", |vm, args| {
        let a = self_bytes(vm, &args)?;
        match args.pos.get(1).and_then(as_bytes) {
            Some(b) => Ok(Value::Bool(a != b)),
            None => Ok(vm.not_implemented()),
        }
    });
    add_method(vm, &ty, "__lt__", |vm, args| {
        let a = self_bytes(vm, &args)?;
        match args.pos.get(1).and_then(as_bytes) {
            Some(b) => Ok(Value::Bool(a < b)),
            None => Ok(vm.not_implemented()),
        }
    });
    add_method(vm, &ty, "__add__", |vm, args| {
        let mut a = self_bytes(vm, &args)?;
        match args.pos.get(1).and_then(as_bytes) {
            Some(b) => {
                a.extend(b);
                Ok(vm.new_bytes(a))
            }
            None => Ok(vm.not_implemented()),
        }
    });
    add_method(vm, &ty, "__getitem__", |vm, args| {
        let b = self_bytes(vm, &args)?;
        let key = args.pos.get(1).cloned().unwrap_or(Value::None);
        if let Value::Obj(k) = &key {
            if let Payload::Slice { .. } = k.payload {
                let (start, _, step, count) = crate::objects::slice::indices(vm, k, b.len())?;
                let out = (0..count)
                    .map(|i| b[(start + i as isize * step) as usize])
                    .collect();
                return Ok(vm.new_bytes(out));
            }
        }
        let i = abstract_::index_isize(vm, &key)?;
        let len = b.len() as isize;
        let i = if i < 0 { i + len } else { i };
        if i < 0 || i >= len {
            return Err(vm.new_index_error("index out of range".to_owned()));
        }
        Ok(Value::Int(b[i as usize] as i64))
    });
    add_method(vm, &ty, "decode", |vm, args| {
        let b = self_bytes(vm, &args)?;
        let parsed = crate::getargs::parse(
            vm,
            "decode",
            Args {
                pos: args.pos[1..].to_vec(),
                kw: args.kw,
            },
            &["encoding", "errors"],
            0,
        )?;
        let enc = parsed[0]
            .as_ref()
            .and_then(abstract_::value_as_str)
            .unwrap_or("utf-8")
            .to_owned();
        let errors = parsed[1]
            .as_ref()
            .and_then(abstract_::value_as_str)
            .unwrap_or("strict")
            .to_owned();
        let s = decode(vm, &b, &enc, &errors)?;
        Ok(vm.new_str(s))
    });
    add_method(vm, &ty, "__iter__", |vm, args| {
        let v = this(&args);
        crate::objects::iter::builtin_iter(vm, &v)
            .ok_or_else(|| vm.new_type_error("not iterable".to_owned()))
    });
}
