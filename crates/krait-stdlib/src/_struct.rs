//! The `_struct` module (CPython's `Modules/_struct.c`): packing values into bytes
//! and back by a format string (`'<hq'`), with CPython's sizes, alignment and
//! error messages.

use std::cell::RefCell;

use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::typeobject;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, Payload, PyErr, PyResult, Value, Vm};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

/// Native sizes and alignment (`@`), or standard sizes in an order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    Native,
    /// `=`: native order, standard sizes, no alignment.
    NativeStandard,
    Little,
    Big,
}

/// One item of a format: a code, repeated `count` times (for `s` and `p`, the
/// length of one bytes value), at `offset`.
#[derive(Clone, Copy)]
struct Item {
    code: u8,
    count: usize,
    offset: usize,
}

/// A parsed format.
struct Layout {
    order: Order,
    items: Vec<Item>,
    size: usize,
    /// How many values `pack` takes and `unpack` gives.
    values: usize,
}

fn item_size(code: u8, order: Order) -> Option<usize> {
    let native = order == Order::Native;
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' => {
            if native {
                8
            } else {
                4
            }
        }
        b'q' | b'Q' | b'd' => 8,
        b'n' | b'N' | b'P' if native => 8,
        _ => return None,
    })
}

fn parse(vm: &mut Vm, format: &[u8]) -> PyResult<Layout> {
    // The format is a C string in CPython: a NUL cannot be part of it.
    if format.contains(&0) {
        return Err(struct_error(vm, "embedded null character"));
    }
    let (order, body) = match format.first() {
        Some(b'@') => (Order::Native, &format[1..]),
        Some(b'=') => (Order::NativeStandard, &format[1..]),
        Some(b'<') => (Order::Little, &format[1..]),
        Some(b'>' | b'!') => (Order::Big, &format[1..]),
        _ => (Order::Native, format),
    };
    let mut items = Vec::new();
    let (mut size, mut values, mut i) = (0usize, 0usize, 0usize);
    while i < body.len() {
        let c = body[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut count: Option<usize> = None;
        while i < body.len() && body[i].is_ascii_digit() {
            let digit = usize::from(body[i] - b'0');
            count = Some(
                count
                    .unwrap_or(0)
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(digit))
                    .ok_or_else(|| struct_error(vm, "total struct size too long"))?,
            );
            i += 1;
        }
        let Some(&code) = body.get(i) else {
            return Err(struct_error(
                vm,
                "repeat count given without format specifier",
            ));
        };
        i += 1;
        let Some(unit) = item_size(code, order) else {
            return Err(struct_error(vm, "bad char in struct format"));
        };
        if count.is_some() && code.is_ascii_whitespace() {
            return Err(struct_error(vm, "bad char in struct format"));
        }
        let count = count.unwrap_or(1);
        if order == Order::Native && !matches!(code, b's' | b'p') {
            size = size.div_ceil(unit) * unit;
        }
        let bytes = unit
            .checked_mul(count)
            .and_then(|n| n.checked_add(size))
            .filter(|n| *n <= isize::MAX as usize)
            .ok_or_else(|| struct_error(vm, "total struct size too long"))?;
        items.push(Item {
            code,
            count,
            offset: size,
        });
        values += match code {
            b'x' => 0,
            b's' | b'p' => 1,
            _ => count,
        };
        size = bytes;
    }
    Ok(Layout {
        order,
        items,
        size,
        values,
    })
}

/// The module's state: `struct.error`, the `Struct` and iterator types, and a
/// cache of formats the module functions used.
struct StructState {
    error: ObjRef,
    struct_type: ObjRef,
    iterator_type: ObjRef,
    cache: RefCell<Vec<(Vec<u8>, Value)>>,
}

fn state(vm: &mut Vm) -> PyResult<std::rc::Rc<StructState>> {
    vm.module_state::<StructState>()
        .ok_or_else(|| vm.new_runtime_error("_struct is not initialised".to_owned()))
}

fn struct_error(vm: &mut Vm, message: &str) -> PyErr {
    let class = match vm.module_state::<StructState>() {
        Some(state) => state.error.clone(),
        None => vm.exc(Exc::Exception).clone(),
    };
    let message = vm.new_str(message);
    match vm.call1(&Value::Obj(class), vec![message]) {
        Ok(Value::Obj(e)) => PyErr(e),
        Ok(_) => vm.new_runtime_error("struct.error is not an exception".to_owned()),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------------
// Packing

/// An int argument, or `required argument is not an integer`.
fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    let is_int = match v {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => {
            matches!(o.payload, Payload::Int(_))
                || typeobject::type_data(o.class_ref())
                    .slots
                    .index
                    .get()
                    .is_some()
        }
        _ => false,
    };
    if !is_int {
        return Err(struct_error(vm, "required argument is not an integer"));
    }
    let n = abstract_::index(vm, v)?;
    Ok(match &n {
        Value::Int(i) => BigInt::from(*i),
        Value::Bool(b) => BigInt::from(u8::from(*b)),
        Value::Obj(o) => match &o.payload {
            Payload::Int(big) => big.clone(),
            _ => BigInt::default(),
        },
        _ => BigInt::default(),
    })
}

fn float_arg(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if let Some(x) = krait_vm::objects::float::as_f64(v) {
        return Ok(x);
    }
    let has_float = match v {
        Value::Obj(o) => {
            let slots = &typeobject::type_data(o.class_ref()).slots;
            slots.float.get().is_some() || slots.index.get().is_some()
        }
        _ => false,
    };
    if !has_float {
        return Err(struct_error(vm, "required argument is not a float"));
    }
    let float = dict::dict_get_str(&vm.builtins_dict, "float").unwrap_or(Value::None);
    let x = vm.call1(&float, vec![v.clone()])?;
    Ok(krait_vm::objects::float::as_f64(&x).unwrap_or(0.0))
}

/// The range message of an integer code, as CPython words it for each size.
fn range_error(vm: &mut Vm, code: u8, order: Order, n: &BigInt) -> PyErr {
    let (lo, hi): (i128, i128) = match code {
        b'b' => return struct_error(vm, "byte format requires -128 <= number <= 127"),
        b'B' => return struct_error(vm, "ubyte format requires 0 <= number <= 255"),
        b'h' => return struct_error(vm, "short format requires -32768 <= number <= 32767"),
        b'H' => return struct_error(vm, "ushort format requires 0 <= number <= 65535"),
        b'i' => (i32::MIN.into(), i32::MAX.into()),
        b'I' => (0, u32::MAX.into()),
        b'l' if order != Order::Native => (i32::MIN.into(), i32::MAX.into()),
        b'L' if order != Order::Native => (0, u32::MAX.into()),
        _ => return struct_error(vm, "argument out of range"),
    };
    // A value beyond a C long, or below zero for an unsigned code, fails its
    // conversion before the range is checked.
    let unsigned = code.is_ascii_uppercase();
    if n.to_i64().is_none() || (unsigned && n.is_negative()) {
        return struct_error(vm, "argument out of range");
    }
    let code = code as char;
    struct_error(
        vm,
        &format!("'{code}' format requires {lo} <= number <= {hi}"),
    )
}

fn put_int(out: &mut [u8], value: i128, order: Order) {
    let bytes = value.to_le_bytes();
    let n = out.len();
    let big = match order {
        Order::Big => true,
        Order::Little => false,
        Order::Native | Order::NativeStandard => cfg!(target_endian = "big"),
    };
    for i in 0..n {
        out[if big { n - 1 - i } else { i }] = bytes[i];
    }
}

fn get_int(data: &[u8], order: Order, signed: bool) -> i128 {
    let big = match order {
        Order::Big => true,
        Order::Little => false,
        Order::Native | Order::NativeStandard => cfg!(target_endian = "big"),
    };
    let mut value: u128 = 0;
    for i in 0..data.len() {
        let b = if big {
            data[i]
        } else {
            data[data.len() - 1 - i]
        };
        value = (value << 8) | u128::from(b);
    }
    let bits = data.len() * 8;
    if signed && bits < 128 && value >> (bits - 1) & 1 == 1 {
        (value as i128) - (1i128 << bits)
    } else {
        value as i128
    }
}

fn pack_into_buffer(vm: &mut Vm, layout: &Layout, args: &[Value], out: &mut [u8]) -> PyResult<()> {
    if args.len() != layout.values {
        return Err(struct_error(
            vm,
            &format!(
                "pack expected {} items for packing (got {})",
                layout.values,
                args.len()
            ),
        ));
    }
    let mut next = args.iter();
    for item in &layout.items {
        let unit = item_size(item.code, layout.order).unwrap_or(1);
        match item.code {
            b'x' => {}
            b's' | b'p' => {
                let v = next.next().cloned().unwrap_or(Value::None);
                let bytes = match &v {
                    Value::Obj(o) => match &o.payload {
                        Payload::Bytes(b) => Some(std::borrow::Cow::Borrowed(&b[..])),
                        _ => bytes_value(&v).map(std::borrow::Cow::Owned),
                    },
                    _ => None,
                };
                let Some(bytes) = bytes else {
                    let code = item.code as char;
                    return Err(struct_error(
                        vm,
                        &format!("argument for '{code}' must be a bytes object"),
                    ));
                };
                let field = &mut out[item.offset..item.offset + item.count];
                if item.code == b's' {
                    let n = bytes.len().min(item.count);
                    field[..n].copy_from_slice(&bytes[..n]);
                } else if item.count > 0 {
                    // All that fits is stored; the length byte saturates at 255.
                    let n = bytes.len().min(item.count - 1);
                    field[0] = n.min(255) as u8;
                    field[1..=n].copy_from_slice(&bytes[..n]);
                }
            }
            code => {
                for k in 0..item.count {
                    let v = next.next().cloned().unwrap_or(Value::None);
                    let at = item.offset + k * unit;
                    let field = &mut out[at..at + unit];
                    pack_one(vm, code, layout.order, &v, field)?;
                }
            }
        }
    }
    Ok(())
}

fn bytes_value(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::Obj(o) if matches!(o.payload, Payload::Bytes(_) | Payload::ByteArray(_)) => {
            krait_vm::objects::bytes::as_bytes(v)
        }
        _ => None,
    }
}

fn pack_one(vm: &mut Vm, code: u8, order: Order, v: &Value, field: &mut [u8]) -> PyResult<()> {
    match code {
        b'c' => match bytes_value(v) {
            Some(b) if b.len() == 1 => field[0] = b[0],
            _ => {
                return Err(struct_error(
                    vm,
                    "char format requires a bytes object of length 1",
                ))
            }
        },
        b'?' => field[0] = u8::from(abstract_::is_true(vm, v)?),
        b'e' => {
            let x = float_arg(vm, v)?;
            let half = f64_to_half(x).ok_or_else(|| {
                vm.new_error(Exc::OverflowError, "float too large to pack with e format")
            })?;
            put_int(field, i128::from(half), order);
        }
        b'f' => {
            let x = float_arg(vm, v)?;
            let y = x as f32;
            if y.is_infinite() && x.is_finite() {
                return Err(
                    vm.new_error(Exc::OverflowError, "float too large to pack with f format")
                );
            }
            put_int(field, i128::from(y.to_bits()), order);
        }
        b'd' => {
            let x = float_arg(vm, v)?;
            put_int(field, i128::from(x.to_bits()), order);
        }
        b'P' => {
            let n = int_arg(vm, v)?;
            let value = n
                .to_i64()
                .map(i128::from)
                .or_else(|| n.to_u64().map(i128::from))
                .ok_or_else(|| struct_error(vm, "int too large to convert"))?;
            put_int(field, value, order);
        }
        _ => {
            let bits = field.len() * 8;
            let unsigned = code.is_ascii_uppercase();
            let (lo, hi) = if unsigned {
                (0i128, (1i128 << bits) - 1)
            } else {
                (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
            };
            // A machine int needs no big-int conversion unless it is out of range,
            // whose message shows the value.
            let small = match v {
                Value::Int(i) => Some(i128::from(*i)),
                Value::Bool(b) => Some(i128::from(*b)),
                _ => None,
            };
            if let Some(x) = small.filter(|x| (lo..=hi).contains(x)) {
                put_int(field, x, order);
                return Ok(());
            }
            let n = int_arg(vm, v)?;
            match n.to_i128() {
                Some(x) if (lo..=hi).contains(&x) => put_int(field, x, order),
                _ => return Err(range_error(vm, code, order, &n)),
            }
        }
    }
    Ok(())
}

/// IEEE 754 half precision, rounding to nearest even; `None` when too large.
fn f64_to_half(x: f64) -> Option<u16> {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    let a = x.abs();
    if a.is_infinite() {
        return Some(sign | 0x7c00);
    }
    // Largest half is 65504; values that round up past it overflow.
    if a >= 65520.0 {
        return None;
    }
    if a < 6.103515625e-05 {
        // Subnormal: multiples of 2**-24.
        let m = (a * 16777216.0).round_ties_even() as u16;
        return Some(sign | m);
    }
    let bits = a.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32 - 1023;
    let mant = bits & ((1u64 << 52) - 1);
    // Keep 10 mantissa bits, rounding the 42 dropped ones to nearest even.
    let shift = 42;
    let mut m = mant >> shift;
    let rest = mant & ((1u64 << shift) - 1);
    let half = 1u64 << (shift - 1);
    if rest > half || (rest == half && m & 1 == 1) {
        m += 1;
    }
    let mut e = (exp + 15) as u64;
    if m == 1 << 10 {
        m = 0;
        e += 1;
    }
    if e >= 31 {
        return None;
    }
    Some(sign | (e as u16) << 10 | m as u16)
}

fn half_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = (h >> 10) & 0x1f;
    let m = f64::from(h & 0x3ff);
    sign * match e {
        0 => m * 2f64.powi(-24),
        31 if m == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + m / 1024.0) * 2f64.powi(i32::from(e) - 15),
    }
}

fn unpack_buffer(vm: &mut Vm, layout: &Layout, data: &[u8]) -> Value {
    let mut values = Vec::with_capacity(layout.values);
    for item in &layout.items {
        let unit = item_size(item.code, layout.order).unwrap_or(1);
        match item.code {
            b'x' => {}
            b's' => values.push(vm.new_bytes(data[item.offset..item.offset + item.count].to_vec())),
            b'p' => {
                let field = &data[item.offset..item.offset + item.count];
                let n = field
                    .first()
                    .map_or(0, |n| usize::from(*n))
                    .min(item.count.saturating_sub(1));
                values.push(vm.new_bytes(field.get(1..=n).unwrap_or(&[]).to_vec()));
            }
            code => {
                for k in 0..item.count {
                    let at = item.offset + k * unit;
                    let field = &data[at..at + unit];
                    values.push(unpack_one(vm, code, layout.order, field));
                }
            }
        }
    }
    vm.new_tuple(values)
}

fn unpack_one(vm: &mut Vm, code: u8, order: Order, field: &[u8]) -> Value {
    match code {
        b'c' => vm.new_bytes(field.to_vec()),
        b'?' => Value::Bool(field[0] != 0),
        b'e' => Value::Float(half_to_f64(get_int(field, order, false) as u16)),
        b'f' => Value::Float(f64::from(f32::from_bits(
            get_int(field, order, false) as u32
        ))),
        b'd' => Value::Float(f64::from_bits(get_int(field, order, false) as u64)),
        _ => {
            let n = get_int(field, order, !code.is_ascii_uppercase() && code != b'P');
            match i64::try_from(n) {
                Ok(i) => Value::Int(i),
                Err(_) => vm.new_big_int(BigInt::from(n)),
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The Struct type and the module functions

struct StructData {
    format: Value,
    layout: Layout,
}

impl NativeData for StructData {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.format);
        true
    }
}

struct UnpackIter {
    layout_of: Value,
    data: Vec<u8>,
    pos: RefCell<usize>,
}

impl NativeData for UnpackIter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.layout_of);
        true
    }
}

static STRUCT_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("Struct(fmt) --> compiled struct object\n\n"),
    subclassable: true,
    weakrefable: true,
    new: Some(struct_new),
    methods: &[
        MethodDef::method("pack", struct_pack),
        MethodDef::method("pack_into", struct_pack_into),
        MethodDef::method("unpack", struct_unpack).with_signature(&S_UNPACK),
        MethodDef::method("unpack_from", struct_unpack_from).with_signature(&S_UNPACK_FROM),
        MethodDef::method("iter_unpack", struct_iter_unpack).with_signature(&S_ITER_UNPACK),
    ],
    getsets: &[
        GetSet {
            name: "format",
            get: |_, v| Ok(struct_data(v).map_or(Value::None, |s| s.format.clone())),
            set: None,
        },
        GetSet {
            name: "size",
            get: |_, v| {
                Ok(Value::Int(
                    struct_data(v).map_or(0, |s| s.layout.size as i64),
                ))
            },
            set: None,
        },
    ],
    ..NativeTypeSpec::new("Struct", "_struct")
};

static ITER_TYPE: NativeTypeSpec = NativeTypeSpec {
    slots: &[
        NativeSlot::Iter(crate::iter_self),
        NativeSlot::IterNext(unpack_iter_next),
    ],
    methods: &[MethodDef::method(
        "__length_hint__",
        unpack_iter_length_hint,
    )],
    ..NativeTypeSpec::new("unpack_iterator", "_struct")
};

static STRUCT_NEW: Signature = Signature::new("Struct", "($type, format)").not_listed();
static S_UNPACK: Signature = Signature::of("Struct", "unpack", "($self, buffer, /)");
static S_UNPACK_FROM: Signature =
    Signature::of("Struct", "unpack_from", "($self, /, buffer, offset=0)");
static S_ITER_UNPACK: Signature = Signature::of("Struct", "iter_unpack", "($self, buffer, /)");
static CALCSIZE: Signature = Signature::of("_struct", "calcsize", "($module, format, /)");
static UNPACK: Signature = Signature::of("_struct", "unpack", "($module, format, buffer, /)");
static UNPACK_FROM: Signature = Signature::of(
    "_struct",
    "unpack_from",
    "($module, format, /, buffer, offset=0)",
);
static ITER_UNPACK: Signature =
    Signature::of("_struct", "iter_unpack", "($module, format, buffer, /)");
static CLEARCACHE: Signature = Signature::of("_struct", "_clearcache", "($module, /)");

static FUNCTIONS: [MethodDef; 7] = [
    MethodDef::staticmethod("pack", module_pack),
    MethodDef::staticmethod("pack_into", module_pack_into),
    MethodDef::staticmethod("unpack", module_unpack).with_signature(&UNPACK),
    MethodDef::staticmethod("unpack_from", module_unpack_from).with_signature(&UNPACK_FROM),
    MethodDef::staticmethod("iter_unpack", module_iter_unpack).with_signature(&ITER_UNPACK),
    MethodDef::staticmethod("calcsize", module_calcsize).with_signature(&CALCSIZE),
    MethodDef::staticmethod("_clearcache", module_clearcache).with_signature(&CLEARCACHE),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_struct");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_struct", &FUNCTIONS);
    // The state is made once per interpreter: the functions of every copy of the
    // module (a fresh import included) read it, so they raise the same `error`.
    let state = match vm.module_state::<StructState>() {
        Some(state) => state,
        None => {
            let struct_type = new_native_type(vm, &STRUCT_TYPE, None);
            let iterator_type = new_native_type(vm, &ITER_TYPE, None);
            let error = crate::new_exception_class(vm, "struct", "error", Exc::Exception)?;
            vm.set_module_state(StructState {
                error,
                struct_type,
                iterator_type,
                cache: RefCell::new(Vec::new()),
            });
            vm.module_state::<StructState>()
                .expect("the state was just set")
        }
    };
    dict::dict_set_str(vm, &d, "error", Value::Obj(state.error.clone()));
    dict::dict_set_str(vm, &d, "Struct", Value::Obj(state.struct_type.clone()));
    Ok(m)
}

fn struct_data(v: &Value) -> Option<&StructData> {
    native_data::<StructData>(v)
}

fn this_struct<'a>(vm: &mut Vm, s: &'a Value) -> PyResult<&'a StructData> {
    struct_data(s).ok_or_else(|| {
        vm.new_type_error("descriptor requires a '_struct.Struct' object".to_owned())
    })
}

/// The format's bytes: a str or bytes.
fn format_bytes(vm: &mut Vm, format: &Value) -> PyResult<Vec<u8>> {
    if let Some(s) = abstract_::value_as_str(format) {
        return Ok(s.as_bytes().to_vec());
    }
    match bytes_value(format) {
        Some(b) if matches!(format, Value::Obj(o) if matches!(o.payload, Payload::Bytes(_))) => {
            Ok(b)
        }
        _ => Err(vm.new_type_error(format!(
            "Struct() argument 1 must be a str or bytes object, not {}",
            vm.type_name_of(format)
        ))),
    }
}

fn make_struct(vm: &mut Vm, cls: &ObjRef, format: Value) -> PyResult<Value> {
    let bytes = format_bytes(vm, &format)?;
    let layout = parse(vm, &bytes)?;
    // `format` reads back as a str, as in 3.11.
    let format = match &format {
        Value::Obj(o) if matches!(o.payload, Payload::Bytes(_)) => {
            vm.new_str(String::from_utf8_lossy(&bytes).into_owned())
        }
        _ => format,
    };
    Ok(new_native_object(vm, cls, StructData { format, layout }))
}

fn struct_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [format]) = STRUCT_NEW.bind(vm, args)?;
    let cls = match cls {
        Some(Value::Obj(c)) => c,
        _ => return Err(vm.new_type_error("Struct.__new__(X): X is not a type".to_owned())),
    };
    make_struct(vm, &cls, format.unwrap_or(Value::None))
}

/// The `Struct` for a format, from the cache when the module functions saw it.
fn cached_struct(vm: &mut Vm, format: &Value) -> PyResult<Value> {
    let key = format_bytes(vm, format)?;
    let state = state(vm)?;
    if let Some((_, s)) = state.cache.borrow().iter().find(|(k, _)| *k == key) {
        return Ok(s.clone());
    }
    let s = make_struct(vm, &state.struct_type, format.clone())?;
    let mut cache = state.cache.borrow_mut();
    if cache.len() >= 100 {
        cache.clear();
    }
    cache.push((key, s.clone()));
    Ok(s)
}

/// The bytes of a readable buffer argument.
fn buffer_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    crate::bytes_like_arg(vm, v)
}

fn do_pack(vm: &mut Vm, s: &Value, args: &[Value]) -> PyResult<Value> {
    let data = this_struct(vm, s)?;
    let mut out = vec![0u8; data.layout.size];
    pack_into_buffer(vm, &data.layout, args, &mut out)?;
    Ok(vm.new_bytes(out))
}

fn do_pack_into(vm: &mut Vm, s: &Value, args: &[Value]) -> PyResult<Value> {
    let data = this_struct(vm, s)?;
    let [buffer, offset, values @ ..] = args else {
        let message = if args.is_empty() {
            "pack_into expected buffer argument"
        } else {
            "pack_into expected offset argument"
        };
        return Err(struct_error(vm, message));
    };
    let Some(len) = krait_vm::buffer::with_writable(buffer, |bytes| bytes.len() as i64) else {
        return Err(vm.new_type_error(format!(
            "argument must be read-write bytes-like object, not {}",
            vm.type_name_of(buffer)
        )));
    };
    let offset = int_arg(vm, offset)?.to_i64().unwrap_or(i64::MAX);
    let size = data.layout.size as i64;
    let start = if offset < 0 {
        if offset + size > 0 {
            return Err(struct_error(
                vm,
                &format!("no space to pack {size} bytes at offset {offset}"),
            ));
        }
        if offset + len < 0 {
            return Err(struct_error(
                vm,
                &format!("offset {offset} out of range for {len}-byte buffer"),
            ));
        }
        offset + len
    } else {
        offset
    };
    if len - start < size {
        return Err(struct_error(
            vm,
            &format!(
                "pack_into requires a buffer of at least {} bytes for packing {size} bytes at offset {start} (actual buffer size is {len})",
                i128::from(size) + i128::from(start)
            ),
        ));
    }
    let mut packed = vec![0u8; data.layout.size];
    pack_into_buffer(vm, &data.layout, values, &mut packed)?;
    let start = start as usize;
    // Packing ran Python code (`__index__`): the buffer may have shrunk since.
    krait_vm::buffer::with_writable(buffer, |bytes| {
        if let Some(slot) = bytes.get_mut(start..start + packed.len()) {
            slot.copy_from_slice(&packed);
        }
    });
    Ok(Value::None)
}

fn do_unpack(vm: &mut Vm, s: &Value, buffer: &Value) -> PyResult<Value> {
    let bytes = buffer_arg(vm, buffer)?;
    let data = this_struct(vm, s)?;
    if bytes.len() != data.layout.size {
        let size = data.layout.size;
        return Err(struct_error(
            vm,
            &format!("unpack requires a buffer of {size} bytes"),
        ));
    }
    Ok(unpack_buffer(vm, &data.layout, &bytes))
}

fn do_unpack_from(
    vm: &mut Vm,
    s: &Value,
    buffer: &Value,
    offset: Option<Value>,
) -> PyResult<Value> {
    // Only the bytes unpacked are copied out of a buffer, however large it is.
    let mut copied = None;
    let len = match krait_vm::buffer::with_readable(buffer, <[u8]>::len) {
        Some(len) => len,
        None => copied.insert(buffer_arg(vm, buffer)?).len(),
    };
    let offset = match offset {
        Some(v) => int_arg(vm, &v)?.to_i64().unwrap_or(i64::MAX),
        None => 0,
    };
    let data = this_struct(vm, s)?;
    let (len, size) = (len as i64, data.layout.size as i64);
    let start = if offset < 0 {
        if offset + len < 0 {
            return Err(struct_error(
                vm,
                &format!("offset {offset} out of range for {len}-byte buffer"),
            ));
        }
        offset + len
    } else {
        offset
    };
    if len - start < size {
        let message = if offset < 0 {
            format!("not enough data to unpack {size} bytes at offset {offset}")
        } else {
            format!(
                "unpack_from requires a buffer of at least {} bytes for unpacking {size} bytes at offset {start} (actual buffer size is {len})",
                i128::from(size) + i128::from(start)
            )
        };
        return Err(struct_error(vm, &message));
    }
    let window = start as usize..(start + size) as usize;
    let bytes = match copied {
        Some(bytes) => bytes.get(window).map(<[u8]>::to_vec),
        // `__index__` of the offset ran Python code: the buffer may have shrunk.
        None => {
            krait_vm::buffer::with_readable(buffer, |b| b.get(window).map(<[u8]>::to_vec)).flatten()
        }
    };
    let Some(bytes) = bytes else {
        return Err(struct_error(vm, "unpack_from: the buffer changed size"));
    };
    Ok(unpack_buffer(vm, &data.layout, &bytes))
}

fn do_iter_unpack(vm: &mut Vm, s: &Value, buffer: &Value) -> PyResult<Value> {
    let bytes = buffer_arg(vm, buffer)?;
    let data = this_struct(vm, s)?;
    let size = data.layout.size;
    if size == 0 {
        return Err(struct_error(
            vm,
            "cannot iteratively unpack with a struct of length 0",
        ));
    }
    if bytes.len() % size != 0 {
        return Err(struct_error(
            vm,
            &format!("iterative unpacking requires a buffer of a multiple of {size} bytes"),
        ));
    }
    let class = state(vm)?.iterator_type.clone();
    let it = UnpackIter {
        layout_of: s.clone(),
        data: bytes,
        pos: RefCell::new(0),
    };
    Ok(new_native_object(vm, &class, it))
}

fn unpack_iter_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let Some(it) = native_data::<UnpackIter>(this) else {
        return Ok(None);
    };
    let Some(data) = struct_data(&it.layout_of) else {
        return Ok(None);
    };
    let pos = *it.pos.borrow();
    let size = data.layout.size;
    if pos + size > it.data.len() {
        return Ok(None);
    }
    *it.pos.borrow_mut() = pos + size;
    Ok(Some(unpack_buffer(
        vm,
        &data.layout,
        &it.data[pos..pos + size],
    )))
}

fn unpack_iter_length_hint(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let left = native_data::<UnpackIter>(&this).and_then(|it| {
        let size = struct_data(&it.layout_of)?.layout.size.max(1);
        Some((it.data.len() - *it.pos.borrow()) / size)
    });
    Ok(Value::Int(left.unwrap_or(0) as i64))
}

fn struct_pack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, values) = split_first(vm, args, "pack")?;
    do_pack(vm, &s, &values)
}

fn struct_pack_into(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, values) = split_first(vm, args, "pack_into")?;
    do_pack_into(vm, &s, &values)
}

fn struct_unpack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [buffer]) = S_UNPACK.bind(vm, args)?;
    do_unpack(
        vm,
        &this.unwrap_or(Value::None),
        &buffer.unwrap_or(Value::None),
    )
}

fn struct_unpack_from(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [buffer, offset]) = S_UNPACK_FROM.bind(vm, args)?;
    do_unpack_from(
        vm,
        &this.unwrap_or(Value::None),
        &buffer.unwrap_or(Value::None),
        offset,
    )
}

fn struct_iter_unpack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [buffer]) = S_ITER_UNPACK.bind(vm, args)?;
    do_iter_unpack(
        vm,
        &this.unwrap_or(Value::None),
        &buffer.unwrap_or(Value::None),
    )
}

/// The first positional argument (a `Struct`, or a module function's format) and the
/// values after it; these functions take no keywords.
fn split_first(vm: &mut Vm, args: Args, name: &str) -> PyResult<(Value, Vec<Value>)> {
    if !args.kw.is_empty() {
        return Err(vm.new_type_error(format!("{name}() takes no keyword arguments")));
    }
    let mut pos = args.pos.into_iter();
    let Some(first) = pos.next() else {
        return Err(vm.new_type_error(format!("{name} expected at least 1 argument, got 0")));
    };
    Ok((first, pos.collect()))
}

fn module_pack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (format, rest) = split_first(vm, args, "pack")?;
    let s = cached_struct(vm, &format)?;
    do_pack(vm, &s, &rest)
}

fn module_pack_into(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (format, rest) = split_first(vm, args, "pack_into")?;
    let s = cached_struct(vm, &format)?;
    do_pack_into(vm, &s, &rest)
}

fn module_unpack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [format, buffer] = UNPACK.bind_args(vm, args)?;
    let s = cached_struct(vm, &format.unwrap_or(Value::None))?;
    do_unpack(vm, &s, &buffer.unwrap_or(Value::None))
}

fn module_unpack_from(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [format, buffer, offset] = UNPACK_FROM.bind_args(vm, args)?;
    let s = cached_struct(vm, &format.unwrap_or(Value::None))?;
    do_unpack_from(vm, &s, &buffer.unwrap_or(Value::None), offset)
}

fn module_iter_unpack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [format, buffer] = ITER_UNPACK.bind_args(vm, args)?;
    let s = cached_struct(vm, &format.unwrap_or(Value::None))?;
    do_iter_unpack(vm, &s, &buffer.unwrap_or(Value::None))
}

fn module_calcsize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [format] = CALCSIZE.bind_args(vm, args)?;
    let s = cached_struct(vm, &format.unwrap_or(Value::None))?;
    Ok(Value::Int(
        struct_data(&s).map_or(0, |d| d.layout.size as i64),
    ))
}

fn module_clearcache(vm: &mut Vm, args: Args) -> PyResult<Value> {
    CLEARCACHE.bind_args::<0>(vm, args)?;
    state(vm)?.cache.borrow_mut().clear();
    Ok(Value::None)
}
