//! The `float` type (CPython's `Objects/floatobject.c`): shortest round-trip repr,
//! hashing consistent with ints, and arithmetic with Python's floor semantics.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::{FromPrimitive, ToPrimitive};

use crate::abstract_;
use crate::native::add_slot;
use crate::object::Payload;
use crate::objects::function::Args;
use crate::objects::int::{as_big, descriptor_self_error, int_from_big};
use crate::objects::typeobject;
use crate::objects::{add_classmethod_sig, add_getset, add_method_sig, add_new};
use crate::pyhash;
use crate::signature::Signature;
use crate::slots::{NativeSlot, SlotId};
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};
use krait_bytecode::opcode_table::NB_POWER;

/// `hash(x)`; a NaN hashes by the identity of its object, as in CPython 3.10+.
pub fn float_hash(x: f64, v: &Value) -> i64 {
    if x.is_nan() {
        // A float held in a value has the identity `id()` gives it.
        return crate::object::identity_hash(v);
    }
    pyhash::hash_f64(x)
}

/// `repr(x)`: the shortest string that round-trips, in Python's layout (`1e+16`,
/// `1e-05`, `0.1`, `100.0`).
pub fn float_repr(x: f64) -> String {
    crate::objects::format::double_to_string(
        x,
        'r',
        0,
        crate::objects::format::DtoaFlags {
            add_dot_0: true,
            ..Default::default()
        },
    )
}

pub fn compare_int_float(i: i64, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if i.unsigned_abs() < (1 << 53) {
        return (i as f64).partial_cmp(&f);
    }
    compare_big_float(&BigInt::from(i), f)
}

/// Exact comparison of an int with a float (no rounding of the int).
pub fn compare_big_float(i: &BigInt, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let fl = f.floor();
    let fb = BigInt::from_f64(fl)?;
    match i.cmp(&fb) {
        Ordering::Equal => Some(if fl == f {
            Ordering::Equal
        } else {
            Ordering::Less
        }),
        o => Some(o),
    }
}

/// The float value of an int or float operand.
pub fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Float(x) => Some(*x),
        Value::Int(n) => Some(*n as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Obj(o) => match &o.payload {
            Payload::Float(x) => Some(*x),
            Payload::Int(n) => n.to_f64(),
            _ => None,
        },
        _ => None,
    }
}

fn is_number(v: &Value) -> bool {
    match v {
        Value::Float(_) | Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => matches!(o.payload, Payload::Float(_) | Payload::Int(_)),
        _ => false,
    }
}

/// Fast path for `BINARY_OP` on two floats; `None` to take the general path.
pub fn float_op(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> Option<PyResult<Value>> {
    let (Some(x), Some(y)) = (as_f64(a), as_f64(b)) else {
        return None;
    };
    Some(float_binary(vm, x, y, op))
}

pub fn float_binary(vm: &mut Vm, x: f64, y: f64, op: usize) -> PyResult<Value> {
    Ok(Value::Float(match op {
        0 => x + y,
        10 => x - y,
        5 => x * y,
        11 => {
            if y == 0.0 {
                return Err(vm.new_zero_division_error("float division by zero".to_owned()));
            }
            x / y
        }
        2 => {
            if y == 0.0 {
                return Err(vm.new_zero_division_error("float floor division by zero".to_owned()));
            }
            float_divmod(x, y).0
        }
        6 => {
            if y == 0.0 {
                return Err(vm.new_zero_division_error("float modulo".to_owned()));
            }
            float_divmod(x, y).1
        }
        8 => return float_pow(vm, x, y),
        _ => return Ok(vm.not_implemented()),
    }))
}

/// Python's `divmod` for floats: the remainder takes the divisor's sign.
pub fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(x / y)
    };
    (floordiv, m)
}

fn is_odd_integer(y: f64) -> bool {
    y.is_finite() && (y % 2.0).abs() == 1.0
}

/// `x ** y` for floats, with C99's special cases and CPython's errors.
pub fn float_pow(vm: &mut Vm, x: f64, y: f64) -> PyResult<Value> {
    if y == 0.0 {
        return Ok(Value::Float(1.0));
    }
    if x.is_nan() {
        return Ok(Value::Float(x));
    }
    if y.is_nan() {
        return Ok(Value::Float(if x == 1.0 { 1.0 } else { y }));
    }
    if y.is_infinite() {
        let ax = x.abs();
        return Ok(Value::Float(if ax == 1.0 {
            1.0
        } else if (y > 0.0) == (ax > 1.0) {
            y.abs()
        } else {
            0.0
        }));
    }
    if x.is_infinite() {
        let odd = is_odd_integer(y);
        return Ok(Value::Float(if y > 0.0 {
            if odd {
                x
            } else {
                x.abs()
            }
        } else if odd {
            0.0f64.copysign(x)
        } else {
            0.0
        }));
    }
    if x == 0.0 {
        if y < 0.0 {
            return Err(
                vm.new_zero_division_error("0.0 cannot be raised to a negative power".to_owned())
            );
        }
        return Ok(Value::Float(if is_odd_integer(y) { x } else { 0.0 }));
    }
    let mut negate = false;
    let mut base = x;
    if x < 0.0 {
        if y != y.floor() {
            // A negative base to a fractional power is complex.
            return crate::objects::complex::complex_pow(vm, (x, 0.0), (y, 0.0));
        }
        base = -x;
        negate = is_odd_integer(y);
    }
    if base == 1.0 {
        return Ok(Value::Float(if negate { -1.0 } else { 1.0 }));
    }
    let r = base.powf(y);
    if r.is_infinite() {
        // CPython raises it from errno ERANGE: args are (34, strerror).
        let class = vm.exc(Exc::OverflowError).clone();
        let args = vec![Value::Int(34), vm.new_str("Numerical result out of range")];
        return Err(crate::objects::exceptions::new_exception(vm, &class, args));
    }
    Ok(Value::Float(if negate { -r } else { r }))
}

// The signatures of float's methods, as `__text_signature__` shows them.
static TRUNC: Signature = Signature::of("float", "__trunc__", "($self, /)");
static FLOOR: Signature = Signature::of("float", "__floor__", "($self, /)");
static CEIL: Signature = Signature::of("float", "__ceil__", "($self, /)");
static ROUND: Signature = Signature::of("float", "__round__", "($self, ndigits=None, /)");
static FORMAT: Signature = Signature::of("float", "__format__", "($self, format_spec, /)");
static IS_INTEGER: Signature = Signature::of("float", "is_integer", "($self, /)");
static CONJUGATE: Signature = Signature::of("float", "conjugate", "($self, /)");
static AS_INTEGER_RATIO: Signature = Signature::of("float", "as_integer_ratio", "($self, /)");
static HEX: Signature = Signature::of("float", "hex", "($self, /)");
static GETNEWARGS: Signature = Signature::of("float", "__getnewargs__", "($self, /)");
static FROMHEX: Signature = Signature::of("float", "fromhex", "($type, string, /)");
static GETFORMAT: Signature = Signature::of("float", "__getformat__", "($type, typestr, /)");

pub fn init(vm: &mut Vm) {
    use krait_bytecode::opcode_table::*;
    let ty = vm.types.float.clone();
    add_new(vm, &ty, float_new);
    // `float()` and `float(x)`: what `float_new` does for the exact type.
    crate::objects::set_vectorcall(&ty, 0, 1, |vm, args| match args.first() {
        Some(x) => Ok(Value::Float(float_from_value(vm, x)?)),
        None => Ok(Value::Float(0.0)),
    });
    for op in [
        NB_ADD,
        NB_SUBTRACT,
        NB_MULTIPLY,
        NB_TRUE_DIVIDE,
        NB_FLOOR_DIVIDE,
        NB_REMAINDER,
    ] {
        add_slot(vm, &ty, NativeSlot::Binary(op, float_number_slot));
    }
    add_slot(vm, &ty, NativeSlot::Power(float_power));
    add_slot(
        vm,
        &ty,
        NativeSlot::Binary(crate::slots::NB_DIVMOD, float_divmod_slot),
    );
    crate::native::add_slot(
        vm,
        &ty,
        crate::slots::NativeSlot::RichCompare(float_compare),
    );
    for slot in [
        NativeSlot::Unary(SlotId::Negative, |vm, v| {
            Ok(Value::Float(-value_f64(vm, v, "__neg__")?))
        }),
        NativeSlot::Unary(SlotId::Positive, |vm, v| {
            Ok(Value::Float(value_f64(vm, v, "__pos__")?))
        }),
        NativeSlot::Unary(SlotId::Absolute, |vm, v| {
            Ok(Value::Float(value_f64(vm, v, "__abs__")?.abs()))
        }),
        NativeSlot::Unary(SlotId::Float, |vm, v| {
            Ok(Value::Float(value_f64(vm, v, "__float__")?))
        }),
        NativeSlot::Unary(SlotId::Int, |vm, v| {
            let x = value_f64(vm, v, "__int__")?;
            crate::objects::int::float_to_int(vm, x)
        }),
        NativeSlot::Bool(|vm, v| Ok(value_f64(vm, v, "__bool__")? != 0.0)),
        NativeSlot::Hash(|vm, v| {
            let x = value_f64(vm, v, "__hash__")?;
            Ok(float_hash(x, v))
        }),
        NativeSlot::Repr(|vm, v| {
            let x = value_f64(vm, v, "__repr__")?;
            Ok(vm.new_str(float_repr(x)))
        }),
    ] {
        crate::native::add_slot(vm, &ty, slot);
    }
    add_method_sig(vm, &ty, &TRUNC, |vm, args| {
        let x = no_arg_self(vm, &TRUNC, args)?;
        crate::objects::int::float_to_int(vm, x)
    });
    add_method_sig(vm, &ty, &FLOOR, |vm, args| {
        let x = no_arg_self(vm, &FLOOR, args)?;
        crate::objects::int::float_to_int(vm, x.floor())
    });
    add_method_sig(vm, &ty, &CEIL, |vm, args| {
        let x = no_arg_self(vm, &CEIL, args)?;
        crate::objects::int::float_to_int(vm, x.ceil())
    });
    add_method_sig(vm, &ty, &ROUND, float_round);
    add_method_sig(vm, &ty, &FORMAT, |vm, args| {
        let (this, [spec]) = FORMAT.bind(vm, args)?;
        let this = this.unwrap_or(Value::None);
        let x = value_f64(vm, &this, "__format__")?;
        let spec = format_spec(vm, spec)?;
        if spec.is_empty() {
            return abstract_::str_(vm, &this);
        }
        let type_name = vm.type_name_of(&this);
        let s = crate::objects::format::format_float_typed(vm, x, &spec, &type_name)?;
        Ok(vm.new_str(s))
    });
    add_method_sig(vm, &ty, &IS_INTEGER, |vm, args| {
        let x = no_arg_self(vm, &IS_INTEGER, args)?;
        Ok(Value::Bool(x.is_finite() && x.fract() == 0.0))
    });
    add_method_sig(vm, &ty, &CONJUGATE, |vm, args| {
        Ok(Value::Float(no_arg_self(vm, &CONJUGATE, args)?))
    });
    add_method_sig(vm, &ty, &AS_INTEGER_RATIO, |vm, args| {
        let x = no_arg_self(vm, &AS_INTEGER_RATIO, args)?;
        if !x.is_finite() {
            return Err(if x.is_nan() {
                vm.new_value_error("cannot convert NaN to integer ratio".to_owned())
            } else {
                vm.new_overflow_error("cannot convert Infinity to integer ratio".to_owned())
            });
        }
        let (m, e) = pyhash::frexp(x);
        let mut mant = m;
        let mut exp = e;
        while mant.fract() != 0.0 {
            mant *= 2.0;
            exp -= 1;
        }
        let mut num = BigInt::from_f64(mant).unwrap_or_default();
        let mut den = BigInt::from(1);
        if exp > 0 {
            num <<= exp as usize;
        } else {
            den <<= (-exp) as usize;
        }
        let (n, d) = (int_from_big(vm, num), int_from_big(vm, den));
        Ok(vm.new_tuple(vec![n, d]))
    });
    add_method_sig(vm, &ty, &HEX, |vm, args| {
        let x = no_arg_self(vm, &HEX, args)?;
        Ok(vm.new_str(float_hex(x)))
    });
    add_method_sig(vm, &ty, &GETNEWARGS, |vm, args| {
        let x = no_arg_self(vm, &GETNEWARGS, args)?;
        Ok(vm.new_tuple(vec![Value::Float(x)]))
    });
    add_classmethod_sig(vm, &ty, &FROMHEX, |vm, args| {
        let (class, [string]) = FROMHEX.bind(vm, args)?;
        let class = class.unwrap_or(Value::None);
        let arg = string.expect("required by the signature");
        let Some(text) = abstract_::value_as_str(&arg) else {
            return Err(vm.new_type_error("bad argument type for built-in operation".to_owned()));
        };
        let x = float_fromhex(vm, text)?;
        if matches!(&class, Value::Obj(c) if std::rc::Rc::ptr_eq(c, &vm.types.float)) {
            return Ok(Value::Float(x));
        }
        vm.call1(&class, vec![Value::Float(x)])
    });
    add_classmethod_sig(vm, &ty, &GETFORMAT, |vm, args| {
        let (_, [typestr]) = GETFORMAT.bind(vm, args)?;
        let arg = typestr.expect("required by the signature");
        match abstract_::value_as_str(&arg) {
            Some("double" | "float") => Ok(vm.new_str("IEEE, little-endian")),
            Some(_) => Err(vm.new_value_error(
                "__getformat__() argument 1 must be 'double' or 'float'".to_owned(),
            )),
            None => Err(vm.new_type_error(format!(
                "__getformat__() argument must be str, not {}",
                crate::objects::str_methods::argument_type_name(vm, &arg)
            ))),
        }
    });
    add_getset(
        vm,
        &ty,
        "real",
        |_, v| Ok(Value::Float(as_f64(v).unwrap_or(0.0))),
        None,
    );
    add_getset(vm, &ty, "imag", |_, _| Ok(Value::Float(0.0)), None);
}

/// The `format_spec` argument a `__format__` signature bound: a str.
pub fn format_spec(vm: &mut Vm, spec: Option<Value>) -> PyResult<String> {
    let spec = spec.unwrap_or(Value::None);
    match abstract_::value_as_str(&spec) {
        Some(s) => Ok(s.to_owned()),
        None => Err(vm.new_type_error(format!(
            "__format__() argument must be str, not {}",
            crate::objects::str_methods::argument_type_name(vm, &spec)
        ))),
    }
}

/// The value of `self` of a float method that `signature` declares without
/// parameters (`float.hex() takes no arguments (1 given)`).
fn no_arg_self(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<f64> {
    let (this, []) = signature.bind(vm, args)?;
    value_f64(vm, &this.unwrap_or(Value::None), signature.name())
}

/// The value of the float `v`, `self` of the method `name`.
fn value_f64(vm: &mut Vm, v: &Value, name: &str) -> PyResult<f64> {
    match *v {
        Value::Float(x) => Ok(x),
        Value::Obj(ref o) => match o.payload {
            Payload::Float(x) => Ok(x),
            _ => Err(descriptor_self_error(vm, name, "float", v)),
        },
        _ => Err(descriptor_self_error(vm, name, "float", v)),
    }
}

/// The other operand of a float operation: a float, or an int converted exactly
/// enough (OverflowError past the float range); `None` for other types.
fn other_as_f64(vm: &mut Vm, other: &Value) -> PyResult<Option<f64>> {
    if !is_number(other) {
        return Ok(None);
    }
    let is_float = match other {
        Value::Float(_) => true,
        Value::Obj(o) => matches!(o.payload, Payload::Float(_)),
        _ => false,
    };
    match as_f64(other) {
        Some(y) if is_float || y.is_finite() => Ok(Some(y)),
        _ => Err(vm.new_overflow_error("int too large to convert to float".to_owned())),
    }
}

/// The slot of float's arithmetic operators (all but `**` and `divmod`): a float and
/// a float or int, or NotImplemented for the other operand's type to try.
fn float_number_slot(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    let (Some(x), Some(y)) = (other_as_f64(vm, a)?, other_as_f64(vm, b)?) else {
        return Ok(vm.not_implemented());
    };
    float_binary(vm, x, y, op)
}

/// The error of a float's power with a modulus, whichever operand the float is.
pub(crate) fn modulus_refused(vm: &mut Vm) -> crate::PyErr {
    vm.new_type_error("pow() 3rd argument not allowed unless all arguments are integers".to_owned())
}

/// `**` and `pow()` on floats: no modulus, a float and a float or int.
fn float_power(vm: &mut Vm, base: &Value, exponent: &Value, modulus: &Value) -> PyResult<Value> {
    if !modulus.is_none() {
        return Err(modulus_refused(vm));
    }
    let (Some(x), Some(y)) = (other_as_f64(vm, base)?, other_as_f64(vm, exponent)?) else {
        return Ok(vm.not_implemented());
    };
    float_binary(vm, x, y, NB_POWER)
}

fn float_divmod_slot(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    let (Some(a), Some(b)) = (other_as_f64(vm, a)?, other_as_f64(vm, b)?) else {
        return Ok(vm.not_implemented());
    };
    if b == 0.0 {
        return Err(vm.new_zero_division_error("float divmod()".to_owned()));
    }
    let (q, r) = float_divmod(a, b);
    Ok(vm.new_tuple(vec![Value::Float(q), Value::Float(r)]))
}

/// Floats compare by value with floats and ints of any size (exactly, not through a
/// conversion of the int).
fn float_compare(vm: &mut Vm, this: &Value, other: &Value, op: usize) -> PyResult<Value> {
    let x = match this {
        Value::Float(x) => *x,
        Value::Obj(o) => match &o.payload {
            Payload::Float(x) => *x,
            _ => return Ok(vm.not_implemented()),
        },
        _ => return Ok(vm.not_implemented()),
    };
    let other = other.clone();
    let ord = match &other {
        Value::Float(y) => x.partial_cmp(y),
        _ => match as_big(&other) {
            Some(n) => compare_big_float(&n, x).map(Ordering::reverse),
            None => match as_f64(&other) {
                Some(y) => x.partial_cmp(&y),
                None => return Ok(vm.not_implemented()),
            },
        },
    };
    Ok(Value::Bool(abstract_::ordering_result(ord, op)))
}

/// `round(x[, ndigits])`: half to even on the exact binary value.
fn float_round(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [ndigits]) = ROUND.bind(vm, args)?;
    let x = value_f64(vm, &this.unwrap_or(Value::None), "__round__")?;
    let nd = match &ndigits {
        None | Some(Value::None) => {
            let r = x.round_ties_even();
            return crate::objects::int::float_to_int(vm, r);
        }
        Some(nd) => {
            let nd = abstract_::index(vm, nd)?;
            match as_big(&nd).and_then(|n| n.to_i64()) {
                Some(n) => n,
                None => {
                    if as_big(&nd).is_some_and(|n| n.sign() == num_bigint::Sign::Minus) {
                        i64::MIN
                    } else {
                        i64::MAX
                    }
                }
            }
        }
    };
    if nd > 323 {
        return Ok(Value::Float(x));
    }
    if nd < -308 {
        return Ok(Value::Float(0.0 * x));
    }
    if !x.is_finite() || x == 0.0 {
        return Ok(Value::Float(x));
    }
    if nd >= 0 {
        let s = format!("{:.*}", nd as usize, x);
        return Ok(Value::Float(s.parse().unwrap_or(x)));
    }
    // Round to a multiple of 10**-nd exactly, in integers.
    let (num, den) = exact_ratio(x.abs());
    let pow10 = num_traits::pow(BigInt::from(10), (-nd) as usize);
    let (q, r) = num_integer::Integer::div_rem(&num, &(&den * &pow10));
    let twice = r * 2u32;
    let limit = &den * &pow10;
    let q = match twice.cmp(&limit) {
        Ordering::Greater => q + 1u32,
        Ordering::Equal if num_integer::Integer::is_odd(&q) => q + 1u32,
        _ => q,
    };
    let r = (q * pow10).to_f64().unwrap_or(f64::INFINITY);
    if r.is_infinite() {
        return Err(vm.new_overflow_error("rounded value too large to represent".to_owned()));
    }
    Ok(Value::Float(r.copysign(x)))
}

/// A finite non-negative float as an exact fraction `num / den` (den a power of 2).
fn exact_ratio(x: f64) -> (BigInt, BigInt) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mant, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    if e >= 0 {
        (BigInt::from(mant) << e as usize, BigInt::from(1))
    } else {
        (BigInt::from(mant), BigInt::from(1) << (-e) as usize)
    }
}

static NEW: Signature = Signature::new("float", "($type, x=0, /)");

/// `float(x=0.0)`.
fn float_new(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    if !crate::objects::constructor_refuses_keywords(&args, &vm.types.float) {
        args.kw.clear();
    }
    let (class, [x]) = NEW.bind(vm, args)?;
    let class = match class {
        Some(Value::Obj(c)) if c.type_data().is_some() => c,
        _ => vm.types.float.clone(),
    };
    let x = match &x {
        None => 0.0,
        Some(v) => float_from_value(vm, v)?,
    };
    if std::rc::Rc::ptr_eq(&class, &vm.types.float) {
        return Ok(Value::Float(x));
    }
    Ok(Value::Obj(typeobject::new_instance(
        vm,
        &class,
        Payload::Float(x),
    )))
}

/// A real argument as `PyFloat_AsDouble` reads it: a float, an int, `__float__`,
/// then `__index__` (`must be real number, not str` otherwise).
#[inline]
pub fn as_double(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    // A float, by far the commonest, is read where the caller is.
    match v {
        Value::Float(x) => Ok(*x),
        _ => as_double_other(vm, v),
    }
}

fn as_double_other(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(x) => Ok(*x),
        Value::Int(n) => Ok(*n as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        _ => {
            if let Value::Obj(o) = v {
                if let Payload::Float(x) = o.payload {
                    return Ok(x);
                }
            }
            if let Some(n) = as_big(v).filter(|_| !v.as_obj().is_some_and(|o| o.has_heap_class())) {
                return n.to_f64().filter(|x| x.is_finite()).ok_or_else(|| {
                    vm.new_overflow_error("int too large to convert to float".to_owned())
                });
            }
            match by_float_slots(vm, v)? {
                Some(x) => Ok(x),
                None => {
                    Err(vm
                        .new_type_error(format!("must be real number, not {}", vm.type_name_of(v))))
                }
            }
        }
    }
}

/// The value of `v` through its type's `__float__` slot, else its `__index__` slot
/// (`None` when it has neither), with CPython's checks of what they return.
fn by_float_slots(vm: &mut Vm, v: &Value) -> PyResult<Option<f64>> {
    let class = vm.type_of(v);
    let slots = &typeobject::type_data(&class).slots;
    if let Some(float) = slots.float.get() {
        let result = float(vm, v)?;
        return match float_value(&result) {
            Some(x) => {
                if !matches!(result, Value::Float(_)) {
                    let message = format!(
                        "{}.__float__ returned non-float (type {}).  The ability to return an \
                         instance of a strict subclass of float is deprecated, and may be \
                         removed in a future version of Python.",
                        typeobject::type_name(&class),
                        vm.type_name_of(&result)
                    );
                    crate::warnings::warn_ex(vm, Exc::DeprecationWarning, &message, 1)?;
                }
                Ok(Some(x))
            }
            None => Err(vm.new_type_error(format!(
                "{}.__float__ returned non-float (type {})",
                typeobject::type_name(&class),
                vm.type_name_of(&result)
            ))),
        };
    }
    if slots.index.get().is_some() {
        let n = abstract_::index(vm, v)?;
        return as_double(vm, &n).map(Some);
    }
    Ok(None)
}

/// The value of a float or of an instance of a float subclass.
fn float_value(v: &Value) -> Option<f64> {
    match v {
        Value::Float(x) => Some(*x),
        Value::Obj(o) => match o.payload {
            Payload::Float(x) => Some(x),
            _ => None,
        },
        _ => None,
    }
}

pub fn float_from_value(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    // A subclass may override `__float__`: only the builtins themselves are read
    // directly.
    let exact = match v {
        Value::Obj(o) => abstract_::is_exact_builtin(o),
        _ => true,
    };
    if let Some(x) = as_f64(v).filter(|_| exact) {
        if let Value::Obj(o) = v {
            if matches!(o.payload, Payload::Int(_)) && !x.is_finite() {
                return Err(vm.new_overflow_error("int too large to convert to float".to_owned()));
            }
        }
        return Ok(x);
    }
    // The builtin text types have no number methods: parse at once.
    if matches!(v, Value::Obj(o) if abstract_::is_exact_builtin(o)) {
        if let Some(text) = float_text(v) {
            return parse_float_text(vm, &text, v);
        }
    }
    if let Some(x) = by_float_slots(vm, v)? {
        return Ok(x);
    }
    // A float subclass without `__float__`: its value.
    if let Some(x) = float_value(v) {
        return Ok(x);
    }
    if let Some(text) = float_text(v) {
        return parse_float_text(vm, &text, v);
    }
    // Other buffers are read as bytes (the error shows the object itself).
    if let Some(bytes) = crate::buffer::to_vec(v) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        return parse_float_text(vm, &text, v);
    }
    Err(vm.new_type_error(format!(
        "float() argument must be a string or a real number, not '{}'",
        vm.type_name_of(v)
    )))
}

/// The text of a str, bytes or bytearray (subclasses too) for `float()`.
fn float_text(v: &Value) -> Option<String> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Str(s) => Some(s.as_str().to_owned()),
            Payload::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
            Payload::ByteArray(b) => Some(String::from_utf8_lossy(&b.borrow()).into_owned()),
            _ => None,
        },
        _ => None,
    }
}

fn parse_float_text(vm: &mut Vm, text: &str, shown: &Value) -> PyResult<f64> {
    match parse_float(text) {
        Some(x) => Ok(x),
        None => {
            let shown = abstract_::repr_string(vm, shown)?;
            Err(vm.new_value_error(format!("could not convert string to float: {shown}")))
        }
    }
}

/// Python's ASCII whitespace (`Py_ISSPACE`).
pub fn is_py_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1c..=0x1f)
}

/// Starts of the runs of ten Unicode decimal digits outside ASCII (`str.isdecimal`).
const DECIMAL_ZEROS: [u32; 65] = [
    0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6,
    0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50,
    0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// The value of a Unicode decimal digit (ASCII included).
pub fn decimal_value(c: char) -> Option<u32> {
    let cp = c as u32;
    if c.is_ascii_digit() {
        return Some(cp - '0' as u32);
    }
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= cp);
    let zero = *DECIMAL_ZEROS.get(i.checked_sub(1)?)?;
    (cp - zero < 10).then_some(cp - zero)
}

fn is_unicode_space(c: char) -> bool {
    matches!(
        c as u32,
        0x85 | 0xa0 | 0x1680 | 0x2000..=0x200a | 0x2028 | 0x2029 | 0x202f | 0x205f | 0x3000
    )
}

/// CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`: Unicode digits become
/// ASCII digits, Unicode spaces become ' ', anything else non-ASCII becomes '?'.
pub fn transform_decimal_and_space(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                c
            } else if is_unicode_space(c) {
                ' '
            } else if let Some(d) = decimal_value(c) {
                char::from_digit(d, 10).unwrap_or('?')
            } else {
                '?'
            }
        })
        .collect()
}

/// Removes underscores that sit between digits; `None` if one is misplaced.
pub fn remove_underscores(s: &str) -> Option<String> {
    if !s.contains('_') {
        return Some(s.to_owned());
    }
    let mut out = String::with_capacity(s.len());
    let mut prev = '\0';
    for c in s.chars() {
        if c == '_' {
            if !prev.is_ascii_digit() {
                return None;
            }
        } else {
            if prev == '_' && !c.is_ascii_digit() {
                return None;
            }
            out.push(c);
        }
        prev = c;
    }
    (prev != '_').then_some(out)
}

/// Reads a float at the start of `s` (C's `strtod` in the C locale, plus `inf`,
/// `infinity` and `nan` in any case): the value and the bytes used.
pub fn parse_float_prefix(s: &str) -> Option<(f64, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    let negative = matches!(b.first(), Some(b'-'));
    if matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    let lower = |k: usize, n: usize| {
        b.get(k..k + n)
            .map(|w| w.to_ascii_lowercase())
            .unwrap_or_default()
    };
    if lower(i, 3) == b"inf" {
        let used = if lower(i, 8) == b"infinity" {
            i + 8
        } else {
            i + 3
        };
        return Some((
            if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            },
            used,
        ));
    }
    if lower(i, 3) == b"nan" {
        return Some((if negative { -f64::NAN } else { f64::NAN }, i + 3));
    }
    let mut ndigits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        ndigits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            ndigits += 1;
        }
    }
    if ndigits == 0 {
        return None;
    }
    let mantissa_end = i;
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        let exp_digits = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > exp_digits {
            i = j;
        }
    }
    let text = &s[..i];
    let value = match text.parse::<f64>() {
        Ok(v) => v,
        Err(_) => {
            // An exponent too long for Rust's parser: decide by its sign.
            let mant: f64 = s[..mantissa_end].parse().ok()?;
            let exp_negative = s[mantissa_end..i].contains('-');
            if mant == 0.0 || exp_negative {
                0.0f64.copysign(mant)
            } else {
                f64::INFINITY.copysign(mant)
            }
        }
    };
    Some((value, i))
}

/// Parses float text as `float()` accepts it (after Unicode digits and spaces are
/// made ASCII); `None` for a malformed string.
pub fn parse_float(s: &str) -> Option<f64> {
    let ascii = transform_decimal_and_space(s);
    let clean = remove_underscores(&ascii)?;
    let b = clean.as_bytes();
    let mut start = 0;
    let mut end = b.len();
    while start < end && is_py_space(b[start]) {
        start += 1;
    }
    while end > start && is_py_space(b[end - 1]) {
        end -= 1;
    }
    if start == end {
        return None;
    }
    let (x, used) = parse_float_prefix(&clean[start..end])?;
    (used == end - start).then_some(x)
}

/// `float.hex()`: `0x1.<13 hex digits>p<exp>`, `0x0.0p+0` for zero.
pub fn float_hex(x: f64) -> String {
    if x.is_nan() || x.is_infinite() {
        return float_repr(x);
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (lead, e) = if exp == 0 {
        (0, -1022)
    } else {
        (1, exp - 1023)
    };
    format!("{sign}0x{lead}.{frac:013x}p{e:+}")
}

/// `ldexp` that stays exact whenever the result is representable.
pub fn ldexp(mut x: f64, mut e: i64) -> f64 {
    let pow2 = |k: i64| f64::from_bits(((k + 1023) as u64) << 52);
    while e > 1000 {
        x *= pow2(1000);
        e -= 1000;
        if x.is_infinite() {
            return x;
        }
    }
    while e < -1000 {
        x *= pow2(-1000);
        e += 1000;
        if x == 0.0 {
            return x;
        }
    }
    x * pow2(e)
}

/// `float.fromhex(s)`, correctly rounded (half to even).
pub fn float_fromhex(vm: &mut Vm, text: &str) -> PyResult<f64> {
    let invalid =
        |vm: &mut Vm| vm.new_value_error("invalid hexadecimal floating-point string".to_owned());
    let s = text.trim_matches(|c: char| c.is_ascii() && is_py_space(c as u8));
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Ok(if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if lower == "nan" {
        return Ok(if negative { -f64::NAN } else { f64::NAN });
    }
    let body = lower.strip_prefix("0x").unwrap_or(&lower);
    let (mant, exp_text) = match body.split_once('p') {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let (int_part, frac_part) = match mant.split_once('.') {
        Some((a, b)) => (a, b),
        None => (mant, ""),
    };
    if int_part.is_empty() && frac_part.is_empty()
        || !int_part
            .chars()
            .chain(frac_part.chars())
            .all(|c| c.is_ascii_hexdigit())
    {
        return Err(invalid(vm));
    }
    let mut exp: i64 = match exp_text {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return Err(invalid(vm));
            }
            match e.parse::<i64>() {
                Ok(v) => v.clamp(-(1 << 40), 1 << 40),
                Err(_) => {
                    if e.starts_with('-') {
                        -(1 << 40)
                    } else {
                        1 << 40
                    }
                }
            }
        }
    };
    let all = format!("{int_part}{frac_part}");
    let all = all.trim_start_matches('0');
    exp -= 4 * frac_part.len() as i64;
    if all.is_empty() {
        return Ok(if negative { -0.0 } else { 0.0 });
    }
    let m = num_bigint::BigUint::parse_bytes(all.as_bytes(), 16).unwrap_or_default();
    // value = m * 2**exp; keep 53 bits (fewer for subnormals), round half to even.
    let nbits = m.bits() as i64;
    let top = nbits + exp; // value < 2**top
    if top > 1024 {
        return Err(
            vm.new_overflow_error("hexadecimal value too large to represent as a float".to_owned())
        );
    }
    let lsb = (top - 53).max(-1074);
    let x = if exp >= lsb {
        ldexp(m.to_f64().unwrap_or(0.0), exp)
    } else {
        let drop = (lsb - exp) as u64;
        let q = &m >> drop;
        let half = m.bit(drop - 1);
        let rest = (m.trailing_zeros().unwrap_or(0)) < drop - 1;
        let mut q = q.to_u64().unwrap_or(0);
        if half && (rest || q & 1 == 1) {
            q += 1;
        }
        ldexp(q as f64, lsb)
    };
    if x.is_infinite() {
        return Err(
            vm.new_overflow_error("hexadecimal value too large to represent as a float".to_owned())
        );
    }
    Ok(if negative { -x } else { x })
}
