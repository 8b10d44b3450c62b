//! The items of an exported buffer: reading and writing one item of a native
//! single-character `struct` format, as `memoryview` indexing and `tolist` do
//! (CPython's `unpack_single`/`pack_single` in `memoryobject.c`).

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::value::Value;
use crate::{Exc, PyResult, Vm};

/// The code and item size of a format that names one native item (`'i'`, `'@d'`);
/// `None` for any other format.
pub fn native_code(format: &str) -> Option<(char, usize)> {
    let code = format.strip_prefix('@').unwrap_or(format);
    let mut chars = code.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    item_size(c).map(|size| (c, size))
}

/// The size of one item of native format `code`.
pub fn item_size(code: char) -> Option<usize> {
    Some(match code {
        'c' | 'b' | 'B' | '?' => 1,
        'h' | 'H' => 2,
        'i' | 'I' | 'f' => 4,
        'l' | 'L' | 'q' | 'Q' | 'n' | 'N' | 'P' | 'd' => 8,
        _ => return None,
    })
}

fn is_signed(code: char) -> bool {
    matches!(code, 'b' | 'h' | 'i' | 'l' | 'q' | 'n')
}

/// The value of the item in `bytes` (exactly one item of `code`, native order).
pub fn unpack(vm: &Vm, code: char, bytes: &[u8]) -> Value {
    match code {
        'c' => vm.new_bytes(bytes.to_vec()),
        '?' => Value::Bool(bytes[0] != 0),
        'f' => Value::Float(f64::from(f32::from_ne_bytes(fixed(bytes)))),
        'd' => Value::Float(f64::from_ne_bytes(fixed(bytes))),
        _ => {
            let mut word = [0u8; 8];
            let negative = is_signed(code) && sign_byte(bytes) & 0x80 != 0;
            if negative {
                word = [0xff; 8];
            }
            if cfg!(target_endian = "little") {
                word[..bytes.len()].copy_from_slice(bytes);
            } else {
                word[8 - bytes.len()..].copy_from_slice(bytes);
            }
            if is_signed(code) {
                return Value::Int(i64::from_ne_bytes(word));
            }
            let n = u64::from_ne_bytes(word);
            match i64::try_from(n) {
                Ok(n) => Value::Int(n),
                Err(_) => vm.new_big_int(n.into()),
            }
        }
    }
}

/// The most significant byte of a native-order integer.
fn sign_byte(bytes: &[u8]) -> u8 {
    let byte = if cfg!(target_endian = "little") {
        bytes.last()
    } else {
        bytes.first()
    };
    byte.copied().unwrap_or(0)
}

fn fixed<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&bytes[..N]);
    out
}

/// Writes `value` as one item of `code` into `out`; `format` is the view's format
/// as its messages show it.
pub fn pack(vm: &mut Vm, format: &str, code: char, value: &Value, out: &mut [u8]) -> PyResult<()> {
    let invalid_type =
        |vm: &mut Vm| vm.new_type_error(format!("memoryview: invalid type for format '{format}'"));
    let invalid_value = |vm: &mut Vm| {
        vm.new_value_error(format!("memoryview: invalid value for format '{format}'"))
    };
    match code {
        'c' => match crate::objects::bytes::as_bytes(value) {
            Some(b) if b.len() == 1 && is_bytes(value) => out[0] = b[0],
            Some(_) if is_bytes(value) => return Err(invalid_value(vm)),
            _ => return Err(invalid_type(vm)),
        },
        '?' => out[0] = u8::from(crate::abstract_::is_true(vm, value)?),
        'f' | 'd' => {
            if !is_real(value) {
                return Err(invalid_type(vm));
            }
            let x = crate::objects::float::as_double(vm, value)?;
            if code == 'f' {
                let narrow = x as f32;
                if narrow.is_infinite() && x.is_finite() {
                    return Err(
                        vm.new_error(Exc::OverflowError, "float too large to pack with f format")
                    );
                }
                out.copy_from_slice(&narrow.to_ne_bytes());
            } else {
                out.copy_from_slice(&x.to_ne_bytes());
            }
        }
        _ => {
            if !crate::abstract_::has_index(vm, value) || matches!(value, Value::Float(_)) {
                return Err(invalid_type(vm));
            }
            let n = crate::abstract_::index(vm, value)?;
            let n: BigInt = crate::objects::int::as_big(&n).unwrap_or_default();
            let size = out.len();
            let fits = if is_signed(code) {
                n.to_i64().filter(|n| {
                    let bits = size * 8;
                    bits == 64 || (-(1i64 << (bits - 1))..(1i64 << (bits - 1))).contains(n)
                })
            } else {
                n.to_u64()
                    .filter(|n| size == 8 || *n < (1u64 << (size * 8)))
                    .map(|n| n as i64)
            };
            let Some(n) = fits else {
                return Err(invalid_value(vm));
            };
            let word = n.to_ne_bytes();
            if cfg!(target_endian = "little") {
                out.copy_from_slice(&word[..size]);
            } else {
                out.copy_from_slice(&word[8 - size..]);
            }
        }
    }
    Ok(())
}

fn is_bytes(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(o.payload, crate::object::Payload::Bytes(_)))
}

/// Whether `v` is a real number (a float, an int, or has `__float__`/`__index__`).
fn is_real(v: &Value) -> bool {
    match v {
        Value::Float(_) | Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => {
            matches!(
                o.payload,
                crate::object::Payload::Float(_) | crate::object::Payload::Int(_)
            ) || {
                let slots = &crate::objects::typeobject::type_data(o.class_ref()).slots;
                slots.float.get().is_some() || slots.index.get().is_some()
            }
        }
        Value::None => false,
    }
}
