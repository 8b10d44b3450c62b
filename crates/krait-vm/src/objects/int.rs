//! The `int` type (CPython's `Objects/longobject.c`).
//!
//! Machine-sized ints are `Value::Int` and never allocate; an operation that
//! overflows `i64` continues in `BigInt` and the result is narrowed back when it fits.

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::abstract_;
use crate::native::add_slot;
use crate::object::Payload;
use crate::objects::function::{Args, FastCall};
use crate::objects::typeobject::{self, type_data};
use crate::objects::{add_classmethod_sig, add_getset, add_method_sig, add_new};
use crate::pyhash;
use crate::signature::Signature;
use crate::slots::{NativeSlot, SlotId, NB_DIVMOD};
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};

/// An int value from a `BigInt`, unboxed when it fits in `i64`.
pub fn int_from_big(vm: &Vm, n: BigInt) -> Value {
    match n.to_i64() {
        Some(small) => Value::Int(small),
        None => Value::Obj(crate::object::PyObject::new(
            vm.types.int.clone(),
            Payload::Int(n),
        )),
    }
}

/// The integer value of an int or bool (subclass instances included).
pub fn as_big(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(n) => Some(BigInt::from(*n)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Obj(o) => match &o.payload {
            Payload::Int(n) => Some(n.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The value as `i64` if it is an int that fits.
pub fn as_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Int(n) => Some(*n),
        Value::Bool(b) => Some(*b as i64),
        Value::Obj(o) => match &o.payload {
            Payload::Int(n) => n.to_i64(),
            _ => None,
        },
        _ => None,
    }
}

pub fn is_int(v: &Value) -> bool {
    as_big_ref_kind(v)
}

fn as_big_ref_kind(v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => matches!(o.payload, Payload::Int(_)),
        _ => false,
    }
}

pub fn big_hash(obj: &crate::ObjRef) -> i64 {
    match &obj.payload {
        Payload::Int(n) => hash_big(n),
        _ => 0,
    }
}

pub fn hash_big(n: &BigInt) -> i64 {
    if let Some(small) = n.to_i64() {
        return pyhash::hash_i64(small);
    }
    let modulus = BigInt::from(pyhash::HASH_MODULUS);
    let r = (n.abs() % &modulus).to_i64().unwrap_or(0);
    let h = if n.sign() == Sign::Minus { -r } else { r };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// The default limit on the digits of int<->str conversions (`sys.int_info`).
pub const MAX_STR_DIGITS: usize = 4300;

/// Values above this many decimal digits are checked against the limit.
const STR_DIGITS_CHECK_THRESHOLD: usize = 640;

/// The interpreter's limit on int<->str digits (`sys.get_int_max_str_digits()`);
/// 0 means no limit. The one place that reads it.
pub fn max_str_digits(vm: &Vm) -> usize {
    vm.int_max_str_digits
}

/// `str(n)` in decimal, refusing more digits than the conversion limit allows.
pub fn big_to_decimal(vm: &mut Vm, n: &BigInt) -> PyResult<String> {
    if let Some(small) = n.to_i64() {
        return Ok(small.to_string());
    }
    let limit = max_str_digits(vm);
    if limit == 0 {
        return Ok(n.to_string());
    }
    // log10(2) < 0.30103: a cheap bound before converting.
    let min_digits = ((n.bits() - 1) as f64 * std::f64::consts::LOG10_2) as usize + 1;
    if min_digits > limit + 1 {
        return Err(vm.new_value_error(format!(
            "Exceeds the limit ({limit} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
        )));
    }
    let s = n.to_string();
    let digits = s.len() - usize::from(n.sign() == Sign::Minus);
    if digits > STR_DIGITS_CHECK_THRESHOLD && digits > limit {
        return Err(vm.new_value_error(format!(
            "Exceeds the limit ({limit} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
        )));
    }
    Ok(s)
}

/// Python's floor division and modulo on machine ints; `None` on overflow or zero.
fn floor_divmod(x: i64, y: i64) -> Option<(i64, i64)> {
    if y == 0 || (x == i64::MIN && y == -1) {
        return None;
    }
    Some((Integer::div_floor(&x, &y), Integer::mod_floor(&x, &y)))
}

/// Fast path for `BINARY_OP` on two machine ints; `None` to take the general path.
pub fn small_int_op(x: i64, y: i64, op: usize) -> Option<Value> {
    Some(Value::Int(match op {
        0 => x.checked_add(y)?,
        1 => x & y,
        2 => floor_divmod(x, y)?.0,
        3 => {
            if !(0..64).contains(&y) {
                return None;
            }
            let r = x.checked_shl(y as u32)?;
            if r >> y != x {
                return None;
            }
            r
        }
        5 => x.checked_mul(y)?,
        6 => floor_divmod(x, y)?.1,
        7 => x | y,
        8 => {
            if y < 0 {
                return None;
            }
            x.checked_pow(u32::try_from(y).ok()?)?
        }
        9 => {
            if y < 0 {
                return None;
            }
            x >> y.min(63)
        }
        10 => x.checked_sub(y)?,
        11 => {
            if y == 0 {
                return None;
            }
            return Some(Value::Float(true_divide(
                &BigInt::from(x),
                &BigInt::from(y),
            )?));
        }
        12 => x ^ y,
        _ => return None,
    }))
}

/// Correctly rounded int / int; `None` for a zero divisor. An overflowing result
/// is infinite.
fn true_divide(a: &BigInt, b: &BigInt) -> Option<f64> {
    if b.is_zero() {
        return None;
    }
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if x.unsigned_abs() <= (1 << 53) && y.unsigned_abs() <= (1 << 53) {
            return Some(x as f64 / y as f64);
        }
    }
    let negative = (a.sign() == Sign::Minus) != (b.sign() == Sign::Minus);
    let (na, nb) = (a.magnitude(), b.magnitude());
    if na.is_zero() {
        return Some(if negative { -0.0 } else { 0.0 });
    }
    // Scale so the quotient has at least 55 bits, keep a sticky bit for the rest.
    let e = na.bits() as i64 - nb.bits() as i64;
    let shift = 55 - e;
    let (q, r) = if shift >= 0 {
        (na << shift as usize).div_rem(nb)
    } else {
        na.div_rem(&(nb << (-shift) as usize))
    };
    let qbits = q.bits() as i64;
    let msb = qbits - 1 - shift;
    if msb > 1023 {
        return Some(if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    let lsb = (msb - 52).max(-1074);
    let drop = (lsb + shift) as u64;
    let mut m = (&q >> drop).to_u64().unwrap_or(0);
    let half = drop > 0 && q.bit(drop - 1);
    let rest = !r.is_zero() || (drop > 1 && q.trailing_zeros().unwrap_or(0) < drop - 1);
    if half && (rest || m & 1 == 1) {
        m += 1;
    }
    let x = crate::objects::float::ldexp(m as f64, lsb);
    Some(if negative { -x } else { x })
}

/// `a <op> b` for ints of any size; `Err` for ZeroDivisionError/ValueError cases.
pub fn int_binary(vm: &mut Vm, a: &BigInt, b: &BigInt, op: usize) -> PyResult<Value> {
    use krait_bytecode::opcode_table::{
        NB_ADD, NB_AND, NB_FLOOR_DIVIDE, NB_LSHIFT, NB_MULTIPLY, NB_OR, NB_POWER, NB_REMAINDER,
        NB_RSHIFT, NB_SUBTRACT, NB_TRUE_DIVIDE, NB_XOR,
    };
    Ok(match op {
        NB_ADD => int_from_big(vm, a + b),
        NB_AND => int_from_big(vm, a & b),
        NB_FLOOR_DIVIDE | NB_REMAINDER => {
            if b.is_zero() {
                let msg = if op == NB_FLOOR_DIVIDE {
                    "integer division or modulo by zero"
                } else {
                    "integer modulo by zero"
                };
                return Err(vm.new_zero_division_error(msg.to_owned()));
            }
            let (q, r) = a.div_mod_floor(b);
            int_from_big(vm, if op == NB_FLOOR_DIVIDE { q } else { r })
        }
        NB_LSHIFT | NB_RSHIFT => {
            if b.sign() == Sign::Minus {
                return Err(vm.new_value_error("negative shift count".to_owned()));
            }
            let Some(shift) = b.to_usize() else {
                if op == NB_RSHIFT || a.is_zero() {
                    return Ok(Value::Int(if a.sign() == Sign::Minus { -1 } else { 0 }));
                }
                return Err(vm.new_overflow_error("too many digits in integer".to_owned()));
            };
            if op == NB_LSHIFT {
                if shift > 1 << 32 && !a.is_zero() {
                    return Err(vm.new_error(Exc::MemoryError, ""));
                }
                int_from_big(vm, a << shift)
            } else if shift as u64 >= a.bits() {
                // Every bit shifted out: what is left is the sign.
                Value::Int(if a.sign() == Sign::Minus { -1 } else { 0 })
            } else {
                // Floor semantics for negative numbers, as Python's >>.
                int_from_big(vm, a.div_floor(&(BigInt::one() << shift)))
            }
        }
        NB_MULTIPLY => int_from_big(vm, a * b),
        NB_OR => int_from_big(vm, a | b),
        NB_POWER => {
            if b.sign() == Sign::Minus {
                let (x, y) = (
                    a.to_f64().unwrap_or(f64::INFINITY),
                    b.to_f64().unwrap_or(f64::NEG_INFINITY),
                );
                if x == 0.0 {
                    return Err(vm.new_zero_division_error(
                        "0.0 cannot be raised to a negative power".to_owned(),
                    ));
                }
                return Ok(Value::Float(x.powf(y)));
            }
            let Some(exp) = b.to_u32() else {
                if a.is_zero() || a.is_one() {
                    return Ok(int_from_big(vm, a.clone()));
                }
                if (-a).is_one() {
                    return Ok(Value::Int(if b.is_even() { 1 } else { -1 }));
                }
                return Err(vm.new_overflow_error("exponent too large".to_owned()));
            };
            int_from_big(vm, num_traits::pow(a.clone(), exp as usize))
        }
        NB_SUBTRACT => int_from_big(vm, a - b),
        NB_TRUE_DIVIDE => match true_divide(a, b) {
            Some(x) if x.is_finite() => Value::Float(x),
            Some(_) => {
                return Err(vm.new_overflow_error(
                    "integer division result too large for a float".to_owned(),
                ))
            }
            None => return Err(vm.new_zero_division_error("division by zero".to_owned())),
        },
        NB_XOR => int_from_big(vm, a ^ b),
        _ => vm.not_implemented(),
    })
}

// The signatures of int's methods, as `__text_signature__` shows them.
static TRUNC: Signature = Signature::unlisted("int", "__trunc__", "($self, /)");
static FLOOR: Signature = Signature::unlisted("int", "__floor__", "($self, /)");
static CEIL: Signature = Signature::unlisted("int", "__ceil__", "($self, /)");
static CONJUGATE: Signature = Signature::unlisted("int", "conjugate", "($self, /)");
static ROUND: Signature =
    Signature::of("int", "__round__", "($self, ndigits=<unrepresentable>, /)");
static FORMAT: Signature = Signature::of("int", "__format__", "($self, format_spec, /)");
static GETNEWARGS: Signature = Signature::of("int", "__getnewargs__", "($self, /)");
static BIT_LENGTH: Signature = Signature::of("int", "bit_length", "($self, /)")
    .with_fast(FastCall::new(1, 1, |vm, args| bit_length(vm, &args[0])));

/// `int.bit_length()`: a machine int's without making a big one.
fn bit_length(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let bits = match this {
        Value::Int(n) => 64 - n.unsigned_abs().leading_zeros() as u64,
        Value::Bool(b) => *b as u64,
        this => match as_big(this) {
            Some(n) => n.bits(),
            None => return Err(descriptor_self_error(vm, "bit_length", "int", this)),
        },
    };
    Ok(Value::Int(bits as i64))
}
static BIT_COUNT: Signature = Signature::of("int", "bit_count", "($self, /)");
static AS_INTEGER_RATIO: Signature = Signature::of("int", "as_integer_ratio", "($self, /)");
static SIZEOF: Signature = Signature::of("int", "__sizeof__", "($self, /)");
static TO_BYTES: Signature = Signature::of(
    "int",
    "to_bytes",
    "($self, /, length=1, byteorder='big', *, signed=False)",
);
static FROM_BYTES: Signature = Signature::of(
    "int",
    "from_bytes",
    "($type, /, bytes, byteorder='big', *, signed=False)",
);

pub fn init(vm: &mut Vm) {
    use krait_bytecode::opcode_table::{
        NB_ADD, NB_AND, NB_FLOOR_DIVIDE, NB_LSHIFT, NB_MULTIPLY, NB_OR, NB_REMAINDER, NB_RSHIFT,
        NB_SUBTRACT, NB_TRUE_DIVIDE, NB_XOR,
    };
    let ty = vm.types.int.clone();
    add_new(vm, &ty, int_new);
    // `int()` and `int(x)`: what `int_new` does for the exact type.
    crate::objects::set_vectorcall(&ty, 0, 1, |vm, args| match args.first() {
        Some(x) => int_from_value(vm, x),
        None => Ok(Value::Int(0)),
    });
    for op in [
        NB_ADD,
        NB_AND,
        NB_FLOOR_DIVIDE,
        NB_LSHIFT,
        NB_MULTIPLY,
        NB_REMAINDER,
        NB_OR,
        NB_RSHIFT,
        NB_SUBTRACT,
        NB_TRUE_DIVIDE,
        NB_XOR,
    ] {
        add_slot(vm, &ty, NativeSlot::Binary(op, int_number_slot));
    }
    add_slot(vm, &ty, NativeSlot::Power(int_power));
    add_slot(vm, &ty, NativeSlot::Binary(NB_DIVMOD, int_divmod));
    add_slot(vm, &ty, NativeSlot::RichCompare(int_compare));
    for slot in [
        NativeSlot::Unary(SlotId::Negative, |vm, v| {
            int_unary(vm, v, "__neg__", i64::checked_neg, |n| -n)
        }),
        NativeSlot::Unary(SlotId::Positive, |vm, v| {
            int_unary(vm, v, "__pos__", Some, |n| n)
        }),
        NativeSlot::Unary(SlotId::Absolute, |vm, v| {
            int_unary(vm, v, "__abs__", i64::checked_abs, |n| n.abs())
        }),
        NativeSlot::Unary(SlotId::Invert, |vm, v| {
            int_unary(vm, v, "__invert__", |n| Some(!n), |n| -n - 1)
        }),
        NativeSlot::Unary(SlotId::Int, |vm, v| {
            int_unary(vm, v, "__int__", Some, |n| n)
        }),
        NativeSlot::Unary(SlotId::Index, |vm, v| {
            int_unary(vm, v, "__index__", Some, |n| n)
        }),
        NativeSlot::Unary(SlotId::Float, |vm, v| {
            let n = int_self(vm, v, "__float__")?;
            match n.to_f64() {
                Some(x) if x.is_finite() => Ok(Value::Float(x)),
                _ => Err(vm.new_overflow_error("int too large to convert to float".to_owned())),
            }
        }),
        NativeSlot::Bool(|vm, v| match v {
            Value::Int(n) => Ok(*n != 0),
            Value::Bool(b) => Ok(*b),
            _ => Ok(!int_self(vm, v, "__bool__")?.is_zero()),
        }),
        NativeSlot::Hash(|vm, v| match v {
            Value::Int(n) => Ok(crate::pyhash::hash_i64(*n)),
            _ => Ok(hash_big(&int_self(vm, v, "__hash__")?)),
        }),
        NativeSlot::Repr(|vm, v| {
            let n = int_self(vm, v, "__repr__")?;
            let s = big_to_decimal(vm, &n)?;
            Ok(vm.new_str(s))
        }),
    ] {
        add_slot(vm, &ty, slot);
    }
    // The methods that round or conjugate a number give an int's value as an int.
    macro_rules! int_value {
        ($signature:expr) => {
            add_method_sig(vm, &ty, &$signature, |vm, args| {
                let n = no_arg_self(vm, &$signature, args)?;
                Ok(int_from_big(vm, n))
            })
        };
    }
    int_value!(TRUNC);
    int_value!(FLOOR);
    int_value!(CEIL);
    int_value!(CONJUGATE);
    add_method_sig(vm, &ty, &ROUND, int_round);
    add_method_sig(vm, &ty, &FORMAT, |vm, args| {
        let (this, [spec]) = FORMAT.bind(vm, args)?;
        let this = this.unwrap_or(Value::None);
        let Some(n) = as_big(&this) else {
            return Err(descriptor_self_error(vm, "__format__", "int", &this));
        };
        let spec = crate::objects::float::format_spec(vm, spec)?;
        if spec.is_empty() {
            return abstract_::str_(vm, &this);
        }
        let type_name = vm.type_name_of(&this);
        let n = crate::objects::format::IntRef::Big(&n);
        let s = crate::objects::format::format_int_typed(vm, n, &spec, &type_name)?;
        Ok(vm.new_str(s))
    });
    add_method_sig(vm, &ty, &GETNEWARGS, |vm, args| {
        let n = no_arg_self(vm, &GETNEWARGS, args)?;
        let v = int_from_big(vm, n);
        Ok(vm.new_tuple(vec![v]))
    });
    add_method_sig(vm, &ty, &BIT_LENGTH, |vm, args| {
        let (this, []) = BIT_LENGTH.bind(vm, args)?;
        bit_length(vm, &this.unwrap_or(Value::None))
    });
    add_method_sig(vm, &ty, &BIT_COUNT, |vm, args| {
        let n = no_arg_self(vm, &BIT_COUNT, args)?;
        Ok(Value::Int(n.magnitude().count_ones() as i64))
    });
    add_method_sig(vm, &ty, &AS_INTEGER_RATIO, |vm, args| {
        let n = no_arg_self(vm, &AS_INTEGER_RATIO, args)?;
        let v = int_from_big(vm, n);
        Ok(vm.new_tuple(vec![v, Value::Int(1)]))
    });
    add_method_sig(vm, &ty, &SIZEOF, |vm, args| {
        let n = no_arg_self(vm, &SIZEOF, args)?;
        // CPython's layout: a 24-byte header and at least one 30-bit digit of 4 bytes.
        let digits = n.bits().div_ceil(30).max(1) as i64;
        Ok(Value::Int(24 + 4 * digits))
    });
    add_method_sig(vm, &ty, &TO_BYTES, int_to_bytes);
    add_classmethod_sig(vm, &ty, &FROM_BYTES, int_from_bytes);
    add_getset(
        vm,
        &ty,
        "real",
        |vm, v| Ok(int_from_big(vm, as_big(v).unwrap_or_default())),
        None,
    );
    add_getset(vm, &ty, "imag", |_, _| Ok(Value::Int(0)), None);
    add_getset(
        vm,
        &ty,
        "numerator",
        |vm, v| Ok(int_from_big(vm, as_big(v).unwrap_or_default())),
        None,
    );
    add_getset(vm, &ty, "denominator", |_, _| Ok(Value::Int(1)), None);
}

/// The value of `self` of an int method that `signature` declares without
/// parameters (`int.bit_length() takes no arguments (1 given)`).
fn no_arg_self(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<BigInt> {
    let (this, []) = signature.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    match as_big(&this) {
        Some(n) => Ok(n),
        None => Err(descriptor_self_error(vm, signature.name(), "int", &this)),
    }
}

/// The signatures of the number types' binary slot wrappers, found by name (the
/// The arity check of a slot wrapper (`int.__neg__`, `int.__add__`): exactly
/// `n` arguments after `self`.
pub fn slot_arity(vm: &mut Vm, args: &Args, n: usize) -> PyResult<()> {
    let given = args.pos.len().saturating_sub(1);
    if given != n {
        return Err(vm.new_type_error(format!(
            "expected {n} argument{}, got {given}",
            if n == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

/// CPython's error for a method of `expected` called on another type: slot
/// wrappers (`__add__`) and method descriptors (`bit_length`) word it differently.
pub fn descriptor_self_error(vm: &mut Vm, name: &str, expected: &str, got: &Value) -> crate::PyErr {
    let got = vm.type_name_of(got);
    let is_plain_method = !name.starts_with("__")
        || matches!(
            name,
            "__trunc__"
                | "__floor__"
                | "__ceil__"
                | "__round__"
                | "__getnewargs__"
                | "__format__"
                | "__sizeof__"
                | "__complex__"
        );
    vm.new_type_error(if is_plain_method {
        format!("descriptor '{name}' for '{expected}' objects doesn't apply to a '{got}' object")
    } else {
        format!("descriptor '{name}' requires a '{expected}' object but received a '{got}'")
    })
}

/// The value of the int a slot runs on; anything else gets the descriptor error of
/// the slot's wrapper `name`.
fn int_self(vm: &mut Vm, v: &Value, name: &str) -> PyResult<BigInt> {
    match as_big(v) {
        Some(n) => Ok(n),
        None => Err(descriptor_self_error(vm, name, "int", v)),
    }
}

/// A unary slot (`-n`, `abs(n)` ...): `small` on a machine int when it fits, else
/// `big` on the value.
fn int_unary(
    vm: &mut Vm,
    v: &Value,
    name: &str,
    small: fn(i64) -> Option<i64>,
    big: fn(BigInt) -> BigInt,
) -> PyResult<Value> {
    if let Value::Int(n) = v {
        if let Some(r) = small(*n) {
            return Ok(Value::Int(r));
        }
    }
    let n = int_self(vm, v, name)?;
    Ok(int_from_big(vm, big(n)))
}

/// The slot of int's binary operators (all but `**`): both operands ints, or
/// NotImplemented for the other operand's type to try.
fn int_number_slot(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        if let Some(r) = small_int_op(*x, *y, op) {
            return Ok(r);
        }
    }
    match (as_big(a), as_big(b)) {
        (Some(a), Some(b)) => int_binary(vm, &a, &b, op),
        _ => Ok(vm.not_implemented()),
    }
}

/// `**` and `pow()` on ints: all of base, exponent and modulus (if any) ints, or
/// NotImplemented for another operand's type to try.
fn int_power(vm: &mut Vm, base: &Value, exponent: &Value, modulus: &Value) -> PyResult<Value> {
    let (Some(base), Some(exponent)) = (as_big(base), as_big(exponent)) else {
        return Ok(vm.not_implemented());
    };
    match modulus {
        Value::None => int_binary(vm, &base, &exponent, krait_bytecode::opcode_table::NB_POWER),
        m => match as_big(m) {
            Some(m) => pow_mod(vm, &base, &exponent, &m),
            None => Ok(vm.not_implemented()),
        },
    }
}

/// Three-argument `pow` on ints.
pub fn pow_mod(vm: &mut Vm, base: &BigInt, exp: &BigInt, m: &BigInt) -> PyResult<Value> {
    if m.is_zero() {
        return Err(vm.new_value_error("pow() 3rd argument cannot be 0".to_owned()));
    }
    let (base, exp) = if exp.sign() == Sign::Minus {
        // A negative exponent needs the modular inverse of the base.
        let g = base.extended_gcd(m);
        if !g.gcd.is_one() && !(-&g.gcd).is_one() {
            return Err(
                vm.new_value_error("base is not invertible for the given modulus".to_owned())
            );
        }
        (g.x.mod_floor(m), -exp)
    } else {
        (base.clone(), exp.clone())
    };
    let r = base.modpow(&exp, &m.abs());
    // Python's result has the sign of the modulus.
    let r = if m.sign() == Sign::Minus && !r.is_zero() {
        r + m
    } else {
        r
    };
    Ok(int_from_big(vm, r))
}

fn int_divmod(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    let (Some(a), Some(b)) = (as_big(a), as_big(b)) else {
        return Ok(vm.not_implemented());
    };
    if b.is_zero() {
        return Err(vm.new_zero_division_error("integer division or modulo by zero".to_owned()));
    }
    let (q, r) = a.div_mod_floor(&b);
    let (q, r) = (int_from_big(vm, q), int_from_big(vm, r));
    Ok(vm.new_tuple(vec![q, r]))
}

/// Ints compare with ints (and bools); a float answers for itself (reflected).
fn int_compare(vm: &mut Vm, this: &Value, other: &Value, op: usize) -> PyResult<Value> {
    let (Some(a), Some(b)) = (as_big(this), as_big(other)) else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Bool(abstract_::ordering_result(Some(a.cmp(&b)), op)))
}

fn int_round(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [ndigits]) = ROUND.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let Some(n) = as_big(&this) else {
        return Err(descriptor_self_error(vm, "__round__", "int", &this));
    };
    let ndigits = match &ndigits {
        None => return Ok(int_from_big(vm, n)),
        Some(d) => {
            let d = abstract_::index(vm, d)?;
            as_big(&d).unwrap_or_default()
        }
    };
    if ndigits.sign() != Sign::Minus {
        return Ok(int_from_big(vm, n));
    }
    let Some(k) = (-ndigits).to_u32() else {
        return Ok(Value::Int(0));
    };
    let pow10 = num_traits::pow(BigInt::from(10), k as usize);
    // Round half to even at 10**k.
    let (q, r) = n.div_mod_floor(&pow10);
    let twice: BigInt = &r * 2;
    let q = match twice.cmp(&pow10) {
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal if q.is_odd() => q + 1,
        _ => q,
    };
    Ok(int_from_big(vm, q * pow10))
}

static NEW: Signature = Signature::new("int", "($type, x=<unrepresentable>, /, base=10)");

/// `int(x=0, base=10)`.
fn int_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (class, parsed) = NEW.bind::<2>(vm, args)?;
    let class = match class {
        Some(Value::Obj(c)) if c.type_data().is_some() => c,
        _ => vm.types.int.clone(),
    };
    let value = match (&parsed[0], &parsed[1]) {
        (None, None) => Value::Int(0),
        (None, Some(_)) => {
            return Err(vm.new_type_error("int() missing string argument".to_owned()))
        }
        (Some(x), None) => int_from_value(vm, x)?,
        (Some(x), Some(base)) => {
            let base = abstract_::index(vm, base)?;
            let base = as_i64(&base).unwrap_or(-1);
            if base != 0 && !(2..=36).contains(&base) {
                return Err(
                    vm.new_value_error("int() base must be >= 2 and <= 36, or 0".to_owned())
                );
            }
            let text = match x {
                Value::Obj(o) => match &o.payload {
                    Payload::Str(s) => s.as_str().to_owned(),
                    Payload::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                    Payload::ByteArray(b) => String::from_utf8_lossy(&b.borrow()).into_owned(),
                    _ => {
                        return Err(vm.new_type_error(
                            "int() can't convert non-string with explicit base".to_owned(),
                        ))
                    }
                },
                _ => {
                    return Err(vm.new_type_error(
                        "int() can't convert non-string with explicit base".to_owned(),
                    ))
                }
            };
            parse_int_value(vm, &text, base as u32, x)?
        }
    };
    if std::rc::Rc::ptr_eq(&class, &vm.types.int) {
        return Ok(value);
    }
    let n = as_big(&value).unwrap_or_default();
    Ok(Value::Obj(typeobject::new_instance(
        vm,
        &class,
        Payload::Int(n),
    )))
}

/// `int(x)` for one argument: strings parse, numbers truncate, others use
/// `__int__`, `__index__` or `__trunc__`.
/// An int subclass's value as a plain int (what `int()` returns).
fn exact_int(vm: &mut Vm, v: &Value) -> Value {
    match v {
        Value::Bool(b) => Value::Int(*b as i64),
        Value::Obj(o) if !matches!(o.payload, Payload::Int(_)) => v.clone(),
        Value::Obj(o) if std::rc::Rc::ptr_eq(&o.class(), &vm.types.int) => v.clone(),
        _ => match as_big(v) {
            Some(n) => int_from_big(vm, n),
            None => v.clone(),
        },
    }
}

/// `int(x)` (CPython's `PyNumber_Long`): the number's `__int__`, `__index__` or
/// `__trunc__`, else the digits of a str, bytes, bytearray or other buffer.
pub fn int_from_value(vm: &mut Vm, x: &Value) -> PyResult<Value> {
    match x {
        Value::Int(_) => return Ok(x.clone()),
        Value::Bool(b) => return Ok(Value::Int(*b as i64)),
        Value::Float(f) => return float_to_int(vm, *f),
        Value::Obj(o) => match &o.payload {
            // An exact int is returned as it is, as CPython does.
            Payload::Int(_) if std::rc::Rc::ptr_eq(&o.class(), &vm.types.int) => {
                return Ok(x.clone())
            }
            Payload::Int(n) if !type_data(&o.class()).heap => {
                return Ok(int_from_big(vm, n.clone()))
            }
            // The builtin text types have no number methods: parse at once.
            Payload::Str(_) | Payload::Bytes(_) | Payload::ByteArray(_)
                if abstract_::is_exact_builtin(o) =>
            {
                return int_from_text(vm, x)
            }
            _ => {}
        },
        Value::None => {}
    }
    let class = vm.type_of(x);
    let slots = &type_data(&class).slots;
    if let Some(int) = slots.int.get() {
        let result = int(vm, x)?;
        let result = abstract_::expect_int_result(vm, result, "__int__")?;
        return Ok(exact_int(vm, &result));
    }
    if slots.index.get().is_some() {
        let result = abstract_::index(vm, x)?;
        return Ok(exact_int(vm, &result));
    }
    // `__trunc__` is looked up by name, as CPython does (deprecated in 3.11).
    if let Some(trunc) = typeobject::lookup(&class, "__trunc__") {
        crate::warnings::warn_ex(
            vm,
            Exc::DeprecationWarning,
            "The delegation of int() to __trunc__ is deprecated.",
            1,
        )?;
        let r = abstract_::call_unbound(vm, &trunc, x, &[])?;
        if let Some(n) = as_big(&r) {
            return Ok(int_from_big(vm, n));
        }
        // An Integral that is not an int converts through `__index__`.
        if type_data(&vm.type_of(&r)).slots.index.get().is_none() {
            return Err(vm.new_type_error(format!(
                "__trunc__ returned non-Integral (type {})",
                vm.type_name_of(&r)
            )));
        }
        let result = abstract_::index(vm, &r)?;
        return Ok(exact_int(vm, &result));
    }
    int_from_text(vm, x)
}

/// `int(text)` for a str, bytes or bytearray (subclasses too) or an object
/// exporting a buffer, in base 10.
fn int_from_text(vm: &mut Vm, x: &Value) -> PyResult<Value> {
    if let Value::Obj(o) = x {
        match &o.payload {
            Payload::Str(s) => {
                let text = s.as_str().to_owned();
                return parse_int_value(vm, &text, 10, x);
            }
            Payload::Bytes(b) => {
                let text = String::from_utf8_lossy(b).into_owned();
                return parse_int_value(vm, &text, 10, x);
            }
            Payload::ByteArray(b) => {
                let text = String::from_utf8_lossy(&b.borrow()).into_owned();
                return parse_int_value(vm, &text, 10, x);
            }
            _ => {}
        }
    }
    // Other buffers are read as bytes, and shown as bytes in the error.
    if let Some(bytes) = crate::buffer::to_vec(x) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let shown = vm.new_bytes(bytes);
        return parse_int_value(vm, &text, 10, &shown);
    }
    Err(vm.new_type_error(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        vm.type_name_of(x)
    )))
}

pub fn float_to_int(vm: &mut Vm, f: f64) -> PyResult<Value> {
    // The usual case: the conversion truncates towards zero itself (no call to
    // `trunc`), and NaN and the infinities fail the comparison.
    if f.abs() < 9.2e18 {
        return Ok(Value::Int(f as i64));
    }
    if f.is_nan() {
        return Err(vm.new_value_error("cannot convert float NaN to integer".to_owned()));
    }
    if f.is_infinite() {
        return Err(vm.new_overflow_error("cannot convert float infinity to integer".to_owned()));
    }
    let t = f.trunc();
    if t.abs() < 9.2e18 {
        return Ok(Value::Int(t as i64));
    }
    Ok(int_from_big(
        vm,
        num_traits::FromPrimitive::from_f64(t).unwrap_or_default(),
    ))
}

/// Parses an int literal as `int(text, base)` does: surrounding whitespace, a sign,
/// a base prefix (with base 0 or a matching base), single underscores between digits,
/// Unicode decimal digits.
pub fn parse_int_literal(vm: &mut Vm, text: &str, base: u32) -> PyResult<Value> {
    let original = vm.new_str(text);
    parse_int_value(vm, text, base, &original)
}

fn parse_int_value(vm: &mut Vm, text: &str, base: u32, original: &Value) -> PyResult<Value> {
    let limit = max_str_digits(vm);
    match parse_int_text(text, base, limit) {
        Ok(n) => Ok(int_from_big(vm, n)),
        Err(Some(digits)) => Err(vm.new_value_error(format!(
            "Exceeds the limit ({limit} digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
        ))),
        Err(None) => {
            let shown: String = abstract_::repr_string(vm, original)?.chars().take(200).collect();
            Err(vm.new_value_error(format!(
                "invalid literal for int() with base {base}: {shown}"
            )))
        }
    }
}

/// `Err(None)` for a malformed literal, `Err(Some(n))` for one over the digit limit.
fn parse_int_text(text: &str, base: u32, limit: usize) -> Result<BigInt, Option<usize>> {
    let ascii = crate::objects::float::transform_decimal_and_space(text);
    let b = ascii.as_bytes();
    let is_space = crate::objects::float::is_py_space;
    let mut i = 0;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let mut end = b.len();
    while end > i && is_space(b[end - 1]) {
        end -= 1;
    }
    let mut negative = false;
    if i < end && (b[i] == b'+' || b[i] == b'-') {
        negative = b[i] == b'-';
        i += 1;
    }
    let mut base = base;
    let prefix_at =
        |i: usize, c: u8| i + 1 < end && b[i] == b'0' && b[i + 1].to_ascii_lowercase() == c;
    if base == 0 {
        base = if prefix_at(i, b'x') {
            16
        } else if prefix_at(i, b'o') {
            8
        } else if prefix_at(i, b'b') {
            2
        } else if i < end && b[i] == b'0' {
            // Old-style octal is refused: only zeros may follow a leading 0.
            let rest = &b[i..end];
            if rest.iter().all(|&c| c == b'0' || c == b'_')
                && !rest.windows(2).any(|w| w == b"__")
                && rest.last() != Some(&b'_')
            {
                return Ok(BigInt::zero());
            }
            return Err(None);
        } else {
            10
        };
    }
    let prefix = match base {
        16 => b'x',
        8 => b'o',
        2 => b'b',
        _ => 0,
    };
    if prefix != 0 && prefix_at(i, prefix) {
        i += 2;
        if i < end && b[i] == b'_' {
            i += 1;
        }
    }
    let digits = &b[i..end];
    if digits.is_empty() || digits[0] == b'_' || digits[digits.len() - 1] == b'_' {
        return Err(None);
    }
    let mut clean = Vec::with_capacity(digits.len());
    let mut prev_underscore = false;
    for &c in digits {
        if c == b'_' {
            if prev_underscore {
                return Err(None);
            }
            prev_underscore = true;
            continue;
        }
        prev_underscore = false;
        let d = match c {
            b'0'..=b'9' => (c - b'0') as u32,
            b'a'..=b'z' => (c - b'a') as u32 + 10,
            b'A'..=b'Z' => (c - b'A') as u32 + 10,
            _ => return Err(None),
        };
        if d >= base {
            return Err(None);
        }
        clean.push(c);
    }
    if !base.is_power_of_two()
        && limit > 0
        && clean.len() > STR_DIGITS_CHECK_THRESHOLD
        && clean.len() > limit
    {
        return Err(Some(clean.len()));
    }
    let n = BigInt::parse_bytes(&clean, base).ok_or(None)?;
    Ok(if negative { -n } else { n })
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`.
fn int_to_bytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [length, order_arg, signed]) = TO_BYTES.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let Some(n) = as_big(&this) else {
        return Err(descriptor_self_error(vm, "to_bytes", "int", &this));
    };
    let signed = match &signed {
        Some(v) => abstract_::is_true(vm, v)?,
        None => false,
    };
    let length = match &length {
        Some(v) => {
            let v = abstract_::index(vm, v)?;
            match as_big(&v).and_then(|l| l.to_i64()) {
                Some(l) if l < 0 => {
                    return Err(
                        vm.new_value_error("length argument must be non-negative".to_owned())
                    )
                }
                Some(l) => l as usize,
                None => {
                    return Err(vm.new_overflow_error(
                        "Python int too large to convert to C ssize_t".to_owned(),
                    ))
                }
            }
        }
        None => 1,
    };
    let little = byteorder_arg(vm, order_arg.as_ref())?;
    if !signed && n.sign() == Sign::Minus {
        return Err(vm.new_overflow_error("can't convert negative int to unsigned".to_owned()));
    }
    let mut bytes = if signed {
        n.to_signed_bytes_le()
    } else {
        n.magnitude().to_bytes_le()
    };
    if n.is_zero() {
        bytes.clear();
    }
    if bytes.len() > length {
        return Err(vm.new_overflow_error("int too big to convert".to_owned()));
    }
    let fill = if n.sign() == Sign::Minus { 0xff } else { 0 };
    if bytes.try_reserve_exact(length - bytes.len()).is_err() {
        return Err(vm.new_error(crate::Exc::MemoryError, ""));
    }
    bytes.resize(length, fill);
    if !little {
        bytes.reverse();
    }
    Ok(vm.new_bytes(bytes))
}

fn byteorder_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<bool> {
    match v {
        None => Ok(false),
        Some(v) => match abstract_::value_as_str(v) {
            Some("little") => Ok(true),
            Some("big") => Ok(false),
            Some(_) => {
                Err(vm.new_value_error("byteorder must be either 'little' or 'big'".to_owned()))
            }
            None => Err(vm.new_type_error(format!(
                "to_bytes() argument 'byteorder' must be str, not {}",
                crate::objects::str_methods::argument_type_name(vm, v)
            ))),
        },
    }
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`.
fn int_from_bytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (class, [source, order_arg, signed]) = FROM_BYTES.bind(vm, args)?;
    let class = class.unwrap_or(Value::None);
    let source = source.expect("required by the signature");
    let signed = match &signed {
        Some(v) => abstract_::is_true(vm, v)?,
        None => false,
    };
    let little = match byteorder_arg(vm, order_arg.as_ref()) {
        Err(e) if vm.err_matches(&e, Exc::TypeError) => {
            let v = order_arg.clone().unwrap_or(Value::None);
            return Err(vm.new_type_error(format!(
                "from_bytes() argument 'byteorder' must be str, not {}",
                crate::objects::str_methods::argument_type_name(vm, &v)
            )));
        }
        other => other?,
    };
    let mut bytes = crate::objects::bytes::object_bytes(vm, &source)?;
    if !little {
        bytes.reverse();
    }
    let n = if signed {
        BigInt::from_signed_bytes_le(&bytes)
    } else {
        BigInt::from_bytes_le(Sign::Plus, &bytes)
    };
    let value = int_from_big(vm, n);
    if matches!(&class, Value::Obj(c) if std::rc::Rc::ptr_eq(c, &vm.types.int)) {
        return Ok(value);
    }
    vm.call1(&class, vec![value])
}
