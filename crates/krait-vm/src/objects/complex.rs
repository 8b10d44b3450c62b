//! The `complex` type (CPython's `Objects/complexobject.c`): a pair of floats with
//! Smith's division, integer powers by repeated squaring, and CPython's repr.

use crate::abstract_;
use crate::native::add_slot;
use crate::object::{Payload, PyObject};
use crate::objects::float::{as_f64, float_hash};
use crate::objects::format::{double_to_string, DtoaFlags};
use crate::objects::function::Args;
use crate::objects::int::{as_big, descriptor_self_error};
use crate::objects::typeobject;
use crate::objects::{add_getset, add_method_sig, add_new};
use crate::signature::Signature;
use crate::slots::{NativeSlot, SlotId};
use crate::value::Value;
use crate::{PyResult, Vm};
use std::rc::Rc;

/// An exact `complex` value.
pub fn new_complex(vm: &Vm, re: f64, im: f64) -> Value {
    Value::Obj(PyObject::new(
        vm.types.complex.clone(),
        Payload::Complex(re, im),
    ))
}

/// The parts of a complex value (subclass instances included).
pub fn as_complex(v: &Value) -> Option<(f64, f64)> {
    match v {
        Value::Obj(o) => match o.payload {
            Payload::Complex(re, im) => Some((re, im)),
            _ => None,
        },
        _ => None,
    }
}

/// `repr(complex)`: `1j`, `(1+2j)`, `(-0-0j)`, `(nan+infj)`.
pub fn complex_repr(re: f64, im: f64) -> String {
    let plain = DtoaFlags::default();
    if re == 0.0 && re.is_sign_positive() {
        return format!("{}j", double_to_string(im, 'r', 0, plain));
    }
    let signed = DtoaFlags {
        sign: true,
        ..plain
    };
    format!(
        "({}{}j)",
        double_to_string(re, 'r', 0, plain),
        double_to_string(im, 'r', 0, signed)
    )
}

/// An operand as a complex number: complex, int or float; `Ok(None)` for other types.
fn to_complex(vm: &mut Vm, v: &Value) -> PyResult<Option<(f64, f64)>> {
    if let Some(c) = as_complex(v) {
        return Ok(Some(c));
    }
    if let Some(n) = as_big(v) {
        return match num_traits::ToPrimitive::to_f64(&n) {
            Some(x) if x.is_finite() => Ok(Some((x, 0.0))),
            _ => Err(vm.new_overflow_error("int too large to convert to float".to_owned())),
        };
    }
    Ok(as_f64(v).map(|x| (x, 0.0)))
}

fn prod(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// Smith's algorithm; `None` for division by zero.
pub fn quot(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let (abs_re, abs_im) = (b.0.abs(), b.1.abs());
    if abs_re >= abs_im {
        if abs_re == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_im >= abs_re {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

fn pow_unsigned(x: (f64, f64), n: u64) -> (f64, f64) {
    let mut r = (1.0, 0.0);
    let mut p = x;
    let mut mask: u64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = prod(r, p);
        }
        mask <<= 1;
        p = prod(p, p);
    }
    r
}

/// `a ** b`, with CPython's errors.
pub fn complex_pow(vm: &mut Vm, a: (f64, f64), b: (f64, f64)) -> PyResult<Value> {
    let mut domain_error = false;
    let r = if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        if n >= 0 {
            pow_unsigned(a, n as u64)
        } else {
            match quot((1.0, 0.0), pow_unsigned(a, n.unsigned_abs())) {
                Some(q) => q,
                None => {
                    domain_error = true;
                    (0.0, 0.0)
                }
            }
        }
    } else if b.0 == 0.0 && b.1 == 0.0 {
        (1.0, 0.0)
    } else if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            domain_error = true;
        }
        (0.0, 0.0)
    } else {
        let vabs = a.0.hypot(a.1);
        let mut len = vabs.powf(b.0);
        let at = a.1.atan2(a.0);
        let mut phase = at * b.0;
        if b.1 != 0.0 {
            len /= (at * b.1).exp();
            phase += b.1 * vabs.ln();
        }
        (len * phase.cos(), len * phase.sin())
    };
    if domain_error {
        return Err(vm.new_zero_division_error("0.0 to a negative or complex power".to_owned()));
    }
    if r.0.is_infinite() || r.1.is_infinite() {
        return Err(vm.new_overflow_error("complex exponentiation".to_owned()));
    }
    Ok(new_complex(vm, r.0, r.1))
}

/// `_PyHASH_IMAG`: the multiplier of the imaginary part's hash.
const HASH_IMAG: u64 = 1000003;

pub fn complex_hash(re: f64, im: f64, v: &Value) -> i64 {
    let hr = float_hash(re, v) as u64;
    let hi = float_hash(im, v) as u64;
    let combined = hr.wrapping_add(HASH_IMAG.wrapping_mul(hi)) as i64;
    if combined == -1 {
        -2
    } else {
        combined
    }
}

/// The slot of complex's `+`, `-`, `*` and `/`: both operands complex, float or
/// int, or NotImplemented for the other operand's type to try.
fn complex_number_slot(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    use krait_bytecode::opcode_table::{NB_ADD, NB_MULTIPLY, NB_SUBTRACT};
    let (Some(a), Some(b)) = (to_complex(vm, a)?, to_complex(vm, b)?) else {
        return Ok(vm.not_implemented());
    };
    let (re, im) = match op {
        NB_ADD => (a.0 + b.0, a.1 + b.1),
        NB_SUBTRACT => (a.0 - b.0, a.1 - b.1),
        NB_MULTIPLY => prod(a, b),
        _ => match quot(a, b) {
            Some(q) => q,
            None => return Err(vm.new_zero_division_error("complex division by zero".to_owned())),
        },
    };
    Ok(new_complex(vm, re, im))
}

/// `**` and `pow()` on complex numbers, which take no modulus.
fn complex_power(vm: &mut Vm, base: &Value, exponent: &Value, modulus: &Value) -> PyResult<Value> {
    if !modulus.is_none() {
        return Err(modulus_refused(vm));
    }
    let (Some(a), Some(b)) = (to_complex(vm, base)?, to_complex(vm, exponent)?) else {
        return Ok(vm.not_implemented());
    };
    complex_pow(vm, a, b)
}

/// The parts of the complex a unary slot runs on (a wrapper checked its type).
fn parts(v: &Value) -> (f64, f64) {
    as_complex(v).unwrap_or_default()
}

fn complex_abs(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let (re, im) = parts(v);
    let r = if re.is_infinite() || im.is_infinite() {
        f64::INFINITY
    } else if re.is_nan() || im.is_nan() {
        f64::NAN
    } else {
        let r = re.hypot(im);
        if r.is_infinite() {
            return Err(vm.new_overflow_error("absolute value too large".to_owned()));
        }
        r
    };
    Ok(Value::Float(r))
}

/// Complex numbers compare for equality only.
fn complex_richcompare(vm: &mut Vm, this: &Value, other: &Value, op: usize) -> PyResult<Value> {
    use krait_bytecode::opcode_table::{CMP_EQ, CMP_NE};
    let Some((re, im)) = as_complex(this) else {
        return Ok(vm.not_implemented());
    };
    let other = other.clone();
    if op != CMP_EQ && op != CMP_NE {
        return Ok(vm.not_implemented());
    }
    let equal = if let Some(n) = as_big(&other) {
        im == 0.0
            && crate::objects::float::compare_big_float(&n, re) == Some(std::cmp::Ordering::Equal)
    } else if let Some((ore, oim)) = as_complex(&other) {
        re == ore && im == oim
    } else if let (Some(x), Value::Float(_)) | (Some(x), Value::Obj(_)) = (as_f64(&other), &other) {
        re == x && im == 0.0
    } else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Bool(equal == (op == CMP_EQ)))
}

// The signatures of complex's methods, as `__text_signature__` shows them.
static COMPLEX: Signature = Signature::of("complex", "__complex__", "($self, /)");
static CONJUGATE: Signature = Signature::of("complex", "conjugate", "($self, /)");
static GETNEWARGS: Signature = Signature::of("complex", "__getnewargs__", "($self, /)");
static FORMAT: Signature = Signature::of("complex", "__format__", "($self, format_spec, /)");

/// The parts of `self` of a complex method with a declared signature.
fn bound_complex(vm: &mut Vm, this: Option<Value>, name: &str) -> PyResult<(f64, f64)> {
    let this = this.unwrap_or(Value::None);
    as_complex(&this).ok_or_else(|| descriptor_self_error(vm, name, "complex", &this))
}

pub fn init(vm: &mut Vm) {
    let ty = vm.types.complex.clone();
    add_new(vm, &ty, complex_new);
    use krait_bytecode::opcode_table::{NB_ADD, NB_MULTIPLY, NB_SUBTRACT, NB_TRUE_DIVIDE};
    for op in [NB_ADD, NB_SUBTRACT, NB_MULTIPLY, NB_TRUE_DIVIDE] {
        add_slot(vm, &ty, NativeSlot::Binary(op, complex_number_slot));
    }
    for slot in [
        NativeSlot::Power(complex_power),
        NativeSlot::RichCompare(complex_richcompare),
        NativeSlot::Unary(SlotId::Negative, |vm, v| {
            let (re, im) = parts(v);
            Ok(new_complex(vm, -re, -im))
        }),
        NativeSlot::Unary(SlotId::Positive, |vm, v| {
            let (re, im) = parts(v);
            Ok(new_complex(vm, re, im))
        }),
        NativeSlot::Unary(SlotId::Absolute, complex_abs),
        NativeSlot::Bool(|_, v| {
            let (re, im) = parts(v);
            Ok(re != 0.0 || im != 0.0)
        }),
        NativeSlot::Hash(|_, v| {
            let (re, im) = parts(v);
            Ok(complex_hash(re, im, v))
        }),
        NativeSlot::Repr(|vm, v| {
            let (re, im) = parts(v);
            Ok(vm.new_str(complex_repr(re, im)))
        }),
    ] {
        add_slot(vm, &ty, slot);
    }
    add_method_sig(vm, &ty, &COMPLEX, |vm, args| {
        let (this, []) = COMPLEX.bind(vm, args)?;
        let (re, im) = bound_complex(vm, this, "__complex__")?;
        Ok(new_complex(vm, re, im))
    });
    add_method_sig(vm, &ty, &CONJUGATE, |vm, args| {
        let (this, []) = CONJUGATE.bind(vm, args)?;
        let (re, im) = bound_complex(vm, this, "conjugate")?;
        Ok(new_complex(vm, re, -im))
    });
    add_method_sig(vm, &ty, &GETNEWARGS, |vm, args| {
        let (this, []) = GETNEWARGS.bind(vm, args)?;
        let (re, im) = bound_complex(vm, this, "__getnewargs__")?;
        Ok(vm.new_tuple(vec![Value::Float(re), Value::Float(im)]))
    });
    add_method_sig(vm, &ty, &FORMAT, |vm, args| {
        let (this, [spec]) = FORMAT.bind(vm, args)?;
        let (re, im) = bound_complex(vm, this.clone(), "__format__")?;
        let this = this.unwrap_or(Value::None);
        let spec = crate::objects::float::format_spec(vm, spec)?;
        if spec.is_empty() {
            return abstract_::str_(vm, &this);
        }
        let type_name = vm.type_name_of(&this);
        let s = crate::objects::format::format_complex(vm, re, im, &spec, &type_name)?;
        Ok(vm.new_str(s))
    });
    add_getset(
        vm,
        &ty,
        "real",
        |_, v| Ok(Value::Float(as_complex(v).map_or(0.0, |c| c.0))),
        None,
    );
    add_getset(
        vm,
        &ty,
        "imag",
        |_, v| Ok(Value::Float(as_complex(v).map_or(0.0, |c| c.1))),
        None,
    );
}

fn is_number_like(vm: &Vm, v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Bool(_) | Value::Float(_) => true,
        Value::Obj(o) => {
            matches!(
                o.payload,
                Payload::Int(_) | Payload::Float(_) | Payload::Complex(..)
            ) || {
                let class = vm.type_of(v);
                typeobject::lookup(&class, "__float__").is_some()
                    || typeobject::lookup(&class, "__index__").is_some()
            }
        }
        Value::None => false,
    }
}

static NEW: Signature = Signature::new("complex", "($type, real=0, imag=0)");

/// `complex(real=0, imag=0)`.
fn complex_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (class, parsed) = NEW.bind::<2>(vm, args)?;
    let class = match class {
        Some(Value::Obj(c)) if c.type_data().is_some() => c,
        _ => vm.types.complex.clone(),
    };
    let exact = std::rc::Rc::ptr_eq(&class, &vm.types.complex);
    if let (true, Some(Value::Obj(r)), None) = (exact, &parsed[0], &parsed[1]) {
        // complex(z) is z for an exact complex.
        if std::rc::Rc::ptr_eq(&r.class(), &vm.types.complex)
            && matches!(r.payload, Payload::Complex(..))
        {
            return Ok(Value::Obj(r.clone()));
        }
    }
    let (re, im) = complex_from_args(vm, parsed[0].clone(), parsed[1].clone())?;
    if exact {
        return Ok(new_complex(vm, re, im));
    }
    Ok(Value::Obj(typeobject::new_instance(
        vm,
        &class,
        Payload::Complex(re, im),
    )))
}

fn complex_from_args(vm: &mut Vm, r: Option<Value>, i: Option<Value>) -> PyResult<(f64, f64)> {
    let r = r.unwrap_or(Value::Int(0));
    if let Some(s) = abstract_::value_as_str(&r) {
        if i.is_some() {
            return Err(vm.new_type_error(
                "complex() can't take second arg if first is a string".to_owned(),
            ));
        }
        let s = s.to_owned();
        return parse_complex(vm, &s, &r);
    }
    if let Some(iv) = &i {
        if abstract_::value_as_str(iv).is_some() {
            return Err(vm.new_type_error("complex() second arg can't be a string".to_owned()));
        }
    }
    // `__complex__` comes first, for anything but an exact complex.
    let mut r = r;
    let complex_type = vm.types.complex.clone();
    let exact = |v: &Value| matches!(v, Value::Obj(o) if Rc::ptr_eq(&o.class(), &complex_type));
    if !exact(&r) {
        if let Some(c) = abstract_::call_special(vm, &r, "__complex__", &[])? {
            if as_complex(&c).is_none() {
                return Err(vm.new_type_error(format!(
                    "__complex__ returned non-complex (type {})",
                    vm.type_name_of(&c)
                )));
            }
            if !exact(&c) {
                let message = format!(
                    "__complex__ returned non-complex (type {}).  The ability to return an \
                     instance of a strict subclass of complex is deprecated, and may be \
                     removed in a future version of Python.",
                    vm.type_name_of(&c)
                );
                crate::warnings::warn_ex(vm, crate::Exc::DeprecationWarning, &message, 1)?;
            }
            r = c;
        }
    }
    if !is_number_like(vm, &r) {
        return Err(vm.new_type_error(format!(
            "complex() first argument must be a string or a number, not '{}'",
            vm.type_name_of(&r)
        )));
    }
    if let Some(iv) = &i {
        if !is_number_like(vm, iv) {
            return Err(vm.new_type_error(format!(
                "complex() second argument must be a number, not '{}'",
                vm.type_name_of(iv)
            )));
        }
    }
    let (cr, cr_is_complex) = match as_complex(&r) {
        Some(c) => (c, true),
        None => (
            (crate::objects::float::float_from_value(vm, &r)?, 0.0),
            false,
        ),
    };
    let mut re = cr.0;
    let im = match &i {
        None => cr.1,
        Some(iv) => {
            let mut im = match as_complex(iv) {
                Some((ire, iim)) => {
                    re -= iim;
                    ire
                }
                None => crate::objects::float::float_from_value(vm, iv)?,
            };
            if cr_is_complex {
                im += cr.1;
            }
            im
        }
    };
    Ok((re, im))
}

/// Parses `complex('1+2j')`: the forms `<float>`, `<float>j`, `<float><signed
/// float>j`, `<float><sign>j`, `<sign>j` and `j`, optionally in parentheses.
fn parse_complex(vm: &mut Vm, text: &str, original: &Value) -> PyResult<(f64, f64)> {
    let ascii = crate::objects::float::transform_decimal_and_space(text);
    let clean = match crate::objects::float::remove_underscores(&ascii) {
        Some(c) => c,
        None => {
            let shown = abstract_::repr_string(vm, original)?;
            return Err(vm.new_value_error(format!("could not convert string to complex: {shown}")));
        }
    };
    parse_complex_inner(&clean)
        .ok_or_else(|| vm.new_value_error("complex() arg is a malformed string".to_owned()))
}

fn parse_complex_inner(s: &str) -> Option<(f64, f64)> {
    use crate::objects::float::{is_py_space, parse_float_prefix};
    let b = s.as_bytes();
    let mut i = 0;
    let skip_space = |i: &mut usize| {
        while *i < b.len() && is_py_space(b[*i]) {
            *i += 1;
        }
    };
    skip_space(&mut i);
    let bracket = i < b.len() && b[i] == b'(';
    if bracket {
        i += 1;
        skip_space(&mut i);
    }
    let is_j = |i: usize| i < b.len() && (b[i] == b'j' || b[i] == b'J');
    let (mut x, mut y) = (0.0, 0.0);
    match parse_float_prefix(&s[i..]) {
        Some((z, used)) => {
            i += used;
            if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                x = z;
                match parse_float_prefix(&s[i..]) {
                    Some((w, used)) => {
                        y = w;
                        i += used;
                    }
                    None => {
                        y = if b[i] == b'+' { 1.0 } else { -1.0 };
                        i += 1;
                    }
                }
                if !is_j(i) {
                    return None;
                }
                i += 1;
            } else if is_j(i) {
                i += 1;
                y = z;
            } else {
                x = z;
            }
        }
        None => {
            if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                y = if b[i] == b'+' { 1.0 } else { -1.0 };
                i += 1;
            } else {
                y = 1.0;
            }
            if !is_j(i) {
                return None;
            }
            i += 1;
        }
    }
    skip_space(&mut i);
    if bracket {
        if i >= b.len() || b[i] != b')' {
            return None;
        }
        i += 1;
        skip_space(&mut i);
    }
    (i == b.len()).then_some((x, y))
}

/// The error of a complex power with a modulus, whichever operand the complex is.
pub(crate) fn modulus_refused(vm: &mut Vm) -> crate::PyErr {
    vm.new_value_error("complex modulo".to_owned())
}
