//! The `array` module (CPython's `Modules/arraymodule.c`): compact arrays of
//! machine numbers. An array keeps its items as bytes in native order, `itemsize`
//! bytes each, so `tobytes`/`frombytes` copy memory and items are converted only
//! when read or written.

use std::cell::{Cell, RefCell, RefMut};

use krait_bytecode::opcode_table::{CMP_EQ, CMP_GT, CMP_LE, CMP_LT, CMP_NE};
use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::str::{as_pystr, StrBuf};
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, PyResult, Value, Vm};
use num_bigint::BigInt;

const TYPECODES: &str = "bBuhHiIlLqQfd";

/// What an array holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Code {
    I8,
    U8,
    Unicode,
    I16,
    U16,
    I32,
    U32,
    /// `l` and `q`: C long and long long, both 64 bits here.
    I64(u8),
    /// `L` and `Q`.
    U64(u8),
    F32,
    F64,
}

impl Code {
    fn from_char(c: char) -> Option<Code> {
        Some(match c {
            'b' => Code::I8,
            'B' => Code::U8,
            'u' => Code::Unicode,
            'h' => Code::I16,
            'H' => Code::U16,
            'i' => Code::I32,
            'I' => Code::U32,
            'l' => Code::I64(b'l'),
            'q' => Code::I64(b'q'),
            'L' => Code::U64(b'L'),
            'Q' => Code::U64(b'Q'),
            'f' => Code::F32,
            'd' => Code::F64,
            _ => return None,
        })
    }

    fn letter(self) -> char {
        match self {
            Code::I8 => 'b',
            Code::U8 => 'B',
            Code::Unicode => 'u',
            Code::I16 => 'h',
            Code::U16 => 'H',
            Code::I32 => 'i',
            Code::U32 => 'I',
            Code::I64(c) | Code::U64(c) => c as char,
            Code::F32 => 'f',
            Code::F64 => 'd',
        }
    }

    fn size(self) -> usize {
        match self {
            Code::I8 | Code::U8 => 1,
            Code::I16 | Code::U16 => 2,
            Code::Unicode | Code::I32 | Code::U32 | Code::F32 => 4,
            Code::I64(_) | Code::U64(_) | Code::F64 => 8,
        }
    }

    fn is_float(self) -> bool {
        matches!(self, Code::F32 | Code::F64)
    }

    /// The item stored in `bytes` (one item's worth).
    fn read(self, vm: &mut Vm, bytes: &[u8]) -> Value {
        let b = |n: usize| -> [u8; 8] {
            let mut out = [0u8; 8];
            out[..n].copy_from_slice(&bytes[..n]);
            out
        };
        match self {
            Code::I8 => Value::Int(i64::from(bytes[0] as i8)),
            Code::U8 => Value::Int(i64::from(bytes[0])),
            Code::I16 => Value::Int(i64::from(i16::from_ne_bytes([bytes[0], bytes[1]]))),
            Code::U16 => Value::Int(i64::from(u16::from_ne_bytes([bytes[0], bytes[1]]))),
            Code::I32 => Value::Int(i64::from(i32::from_ne_bytes(four(bytes)))),
            Code::U32 => Value::Int(i64::from(u32::from_ne_bytes(four(bytes)))),
            Code::I64(_) => Value::Int(i64::from_ne_bytes(b(8))),
            Code::U64(_) => {
                let n = u64::from_ne_bytes(b(8));
                match i64::try_from(n) {
                    Ok(n) => Value::Int(n),
                    Err(_) => krait_vm::objects::int::int_from_big(vm, BigInt::from(n)),
                }
            }
            Code::F32 => Value::Float(f64::from(f32::from_ne_bytes(four(bytes)))),
            Code::F64 => Value::Float(f64::from_ne_bytes(b(8))),
            Code::Unicode => {
                let mut text = StrBuf::new();
                text.push_code_point(u32::from_ne_bytes(four(bytes)));
                vm.new_text(text)
            }
        }
    }

    /// The bytes of `value` as an item, or CPython's error for it.
    fn write(self, vm: &mut Vm, value: &Value) -> PyResult<Vec<u8>> {
        if self.is_float() {
            let x = real(vm, value)?;
            return Ok(match self {
                Code::F32 => (x as f32).to_ne_bytes().to_vec(),
                _ => x.to_ne_bytes().to_vec(),
            });
        }
        if self == Code::Unicode {
            return match as_pystr(value).filter(|s| s.char_len() == 1) {
                Some(s) => Ok(s.code_point_at(0).unwrap_or(0).to_ne_bytes().to_vec()),
                None => Err(vm.new_type_error("array item must be unicode character".to_owned())),
            };
        }
        let n = abstract_::index(vm, value)?;
        let small = krait_vm::objects::int::as_i64(&n);
        let overflow = |vm: &mut Vm, text: &str| Err(vm.new_overflow_error(text.to_owned()));
        // (minimum, maximum, what the messages call the type)
        let (low, high, name) = match self {
            Code::I8 => (i64::from(i8::MIN), i64::from(i8::MAX), "signed char"),
            Code::U8 => (0, 255, "unsigned byte integer"),
            Code::I16 => (
                i64::from(i16::MIN),
                i64::from(i16::MAX),
                "signed short integer",
            ),
            Code::U16 => (0, i64::from(u16::MAX), "unsigned short"),
            Code::I32 => (i64::from(i32::MIN), i64::from(i32::MAX), "signed integer"),
            Code::U32 => (0, i64::from(u32::MAX), "unsigned int"),
            Code::I64(c) => {
                return match small {
                    Some(n) => Ok(n.to_ne_bytes().to_vec()),
                    None if c == b'l' => overflow(vm, "Python int too large to convert to C long"),
                    None => overflow(vm, "int too big to convert"),
                }
            }
            Code::U64(c) => {
                let big = krait_vm::objects::int::as_big(&n).unwrap_or_default();
                if big.sign() == num_bigint::Sign::Minus {
                    return if c == b'L' {
                        overflow(vm, "can't convert negative value to unsigned int")
                    } else {
                        overflow(vm, "can't convert negative int to unsigned")
                    };
                }
                return match u64::try_from(&big) {
                    Ok(n) => Ok(n.to_ne_bytes().to_vec()),
                    Err(_) if c == b'L' => {
                        overflow(vm, "Python int too large to convert to C unsigned long")
                    }
                    Err(_) => overflow(vm, "int too big to convert"),
                };
            }
            _ => unreachable!("handled above"),
        };
        let Some(n) = small else {
            let sign_negative = krait_vm::objects::int::as_big(&n)
                .is_some_and(|b| b.sign() == num_bigint::Sign::Minus);
            return if sign_negative && self == Code::U32 {
                overflow(vm, "can't convert negative value to unsigned int")
            } else if sign_negative {
                overflow(vm, &format!("{name} is less than minimum"))
            } else {
                overflow(vm, &format!("{name} is greater than maximum"))
            };
        };
        if n < low {
            if self == Code::U32 {
                return overflow(vm, "can't convert negative value to unsigned int");
            }
            return overflow(vm, &format!("{name} is less than minimum"));
        }
        if n > high {
            return overflow(vm, &format!("{name} is greater than maximum"));
        }
        Ok(match self.size() {
            1 => vec![n as u8],
            2 => (n as u16).to_ne_bytes().to_vec(),
            _ => (n as u32).to_ne_bytes().to_vec(),
        })
    }
}

fn four(bytes: &[u8]) -> [u8; 4] {
    [bytes[0], bytes[1], bytes[2], bytes[3]]
}

/// A float item: any real number (`must be real number, not str`).
fn real(vm: &mut Vm, value: &Value) -> PyResult<f64> {
    krait_vm::objects::float::as_double(vm, value)
}

/// An array's items, as bytes.
struct ArrayData {
    code: Code,
    bytes: RefCell<Vec<u8>>,
    /// How many views use the memory: the array cannot be resized meanwhile.
    exports: Cell<usize>,
}

impl NativeData for ArrayData {
    fn holds_values(&self) -> bool {
        false
    }

    fn buffer(&self) -> Option<std::cell::Ref<'_, [u8]>> {
        Some(std::cell::Ref::map(self.bytes.borrow(), Vec::as_slice))
    }

    fn write_buffer(&self, f: &mut dyn FnMut(&mut [u8])) {
        f(&mut self.bytes.borrow_mut());
    }

    fn buffer_readonly(&self) -> bool {
        false
    }

    fn buffer_format(&self) -> (String, usize) {
        // Unicode items export as `wchar_t`, which CPython's format calls 'w'.
        let code = match self.code {
            Code::Unicode => 'w',
            code => code.letter(),
        };
        (code.to_string(), self.code.size())
    }

    fn buffer_exports(&self, delta: isize) {
        self.exports
            .set(self.exports.get().saturating_add_signed(delta));
    }
}

impl ArrayData {
    /// The items, for a change of length: refused while views use the memory.
    fn resizable(&self, vm: &mut Vm) -> PyResult<RefMut<'_, Vec<u8>>> {
        if self.exports.get() > 0 {
            return Err(vm.new_error(
                Exc::BufferError,
                "cannot resize an array that is exporting buffers",
            ));
        }
        Ok(self.bytes.borrow_mut())
    }

    fn len(&self) -> usize {
        self.bytes.borrow().len() / self.code.size()
    }

    fn item(&self, vm: &mut Vm, i: usize) -> Option<Value> {
        let size = self.code.size();
        let chunk = self.bytes.borrow().get(i * size..(i + 1) * size)?.to_vec();
        Some(self.code.read(vm, &chunk))
    }

    fn items(&self, vm: &mut Vm) -> Vec<Value> {
        let bytes = self.bytes.borrow().clone();
        bytes
            .chunks_exact(self.code.size())
            .map(|c| self.code.read(vm, c))
            .collect()
    }

    /// The bytes of every item of `iterable`, converted before any is stored.
    fn encode_all(&self, vm: &mut Vm, items: &[Value]) -> PyResult<Vec<u8>> {
        let mut out = Vec::with_capacity(items.len() * self.code.size());
        for item in items {
            out.extend(self.code.write(vm, item)?);
        }
        Ok(out)
    }
}

/// The module's types.
struct ArrayState {
    array_type: ObjRef,
    iterator_type: ObjRef,
}

fn state(vm: &mut Vm) -> PyResult<std::rc::Rc<ArrayState>> {
    vm.module_state::<ArrayState>()
        .ok_or_else(|| vm.new_runtime_error("array is not initialised".to_owned()))
}

fn data<'a>(vm: &mut Vm, v: &'a Value) -> PyResult<&'a ArrayData> {
    native_data::<ArrayData>(v).ok_or_else(|| {
        vm.new_type_error(format!(
            "descriptor requires a 'array.array' object but received a '{}'",
            vm.type_name_of(v)
        ))
    })
}

fn new_array(vm: &mut Vm, class: &ObjRef, code: Code, bytes: Vec<u8>) -> Value {
    new_native_object(
        vm,
        class,
        ArrayData {
            code,
            bytes: RefCell::new(bytes),
            exports: Cell::new(0),
        },
    )
}

fn plain_array(vm: &mut Vm, code: Code, bytes: Vec<u8>) -> PyResult<Value> {
    let class = state(vm)?.array_type.clone();
    Ok(new_array(vm, &class, code, bytes))
}

static ARRAY_NEW: Signature = Signature::new(
    "array",
    "($type, typecode, initializer=<unrepresentable>, /)",
);

fn array_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let exact = matches!(args.pos.first(), Some(Value::Obj(c)) if state(vm).is_ok_and(|s| std::rc::Rc::ptr_eq(c, &s.array_type)));
    let mut args = args;
    if !args.kw.is_empty() {
        if exact {
            return Err(vm.new_type_error("array.array() takes no keyword arguments".to_owned()));
        }
        // A subclass's own keywords are for its __init__.
        args.kw.clear();
    }
    let (class, [typecode, initializer]) = ARRAY_NEW.bind(vm, args)?;
    let Some(Value::Obj(class)) = class else {
        return Err(vm.new_type_error("array.__new__ needs a class".to_owned()));
    };
    let typecode = typecode.unwrap_or(Value::None);
    let letter = match as_pystr(&typecode) {
        Some(s) if s.char_len() == 1 => s.as_str().chars().next().unwrap_or(' '),
        _ => {
            return Err(vm.new_type_error(format!(
                "array() argument 1 must be a unicode character, not {}",
                vm.type_name_of(&typecode)
            )))
        }
    };
    let Some(code) = Code::from_char(letter) else {
        return Err(vm.new_value_error(
            "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)".to_owned(),
        ));
    };
    let array = new_array(vm, &class, code, Vec::new());
    let Some(init) = initializer else {
        return Ok(array);
    };
    let a = data(vm, &array)?;
    if let Some(text) = as_pystr(&init) {
        if code != Code::Unicode {
            return Err(vm.new_type_error(format!(
                "cannot use a str to initialize an array with typecode '{letter}'"
            )));
        }
        let bytes: Vec<u8> = text.code_points().flat_map(u32::to_ne_bytes).collect();
        *a.bytes.borrow_mut() = bytes;
        return Ok(array);
    }
    if let Some(other) = native_data::<ArrayData>(&init) {
        if other.code == Code::Unicode && code != Code::Unicode {
            return Err(vm.new_type_error(format!(
                "cannot use a unicode array to initialize an array with typecode '{letter}'"
            )));
        }
    }
    if let Some(bytes) = krait_vm::objects::bytes::as_bytes(&init) {
        frombytes_into(vm, a, &bytes)?;
        return Ok(array);
    }
    // A list, tuple or array gives its items by index (an array of another kind
    // too); any other iterable is taken as `extend` takes it.
    let indexed = abstract_::tuple_items(&init).is_some()
        || krait_vm::objects::list::list_cell(&init).is_some()
        || native_data::<ArrayData>(&init).is_some();
    if indexed {
        let items = abstract_::collect_iterable(vm, &init)?;
        let bytes = a.encode_all(vm, &items)?;
        *a.bytes.borrow_mut() = bytes;
    } else {
        extend_with(vm, a, &init)?;
    }
    Ok(array)
}

fn frombytes_into(vm: &mut Vm, a: &ArrayData, bytes: &[u8]) -> PyResult<()> {
    if !bytes.len().is_multiple_of(a.code.size()) {
        return Err(vm.new_value_error("bytes length not a multiple of item size".to_owned()));
    }
    a.resizable(vm)?.extend_from_slice(bytes);
    Ok(())
}

/// The index `i` of an array of `len` items, negative counting from the end.
fn normalize(i: isize, len: usize) -> Option<usize> {
    let i = if i < 0 { i + len as isize } else { i };
    (0..len as isize).contains(&i).then_some(i as usize)
}

fn array_getitem(vm: &mut Vm, this: &Value, key: &Value) -> PyResult<Value> {
    let a = data(vm, this)?;
    if let Value::Obj(k) = key {
        if matches!(k.payload, krait_vm::object::Payload::Slice { .. }) {
            let (start, _, step, count) = krait_vm::objects::slice::indices(vm, k, || a.len())?;
            let size = a.code.size();
            let bytes = a.bytes.borrow();
            let mut out = Vec::with_capacity(count * size);
            for n in 0..count {
                let i = (start + n as isize * step) as usize;
                out.extend_from_slice(&bytes[i * size..(i + 1) * size]);
            }
            drop(bytes);
            // A slice of a subclass's array is a plain array, as in CPython.
            return plain_array(vm, a.code, out);
        }
    }
    let i = abstract_::index_isize(vm, key)?;
    match normalize(i, a.len()).and_then(|i| a.item(vm, i)) {
        Some(v) => Ok(v),
        None => Err(vm.new_index_error("array index out of range".to_owned())),
    }
}

fn array_setitem(vm: &mut Vm, this: &Value, key: &Value, value: Option<Value>) -> PyResult<()> {
    let a = data(vm, this)?;
    let size = a.code.size();
    if let Value::Obj(k) = key {
        if matches!(k.payload, krait_vm::object::Payload::Slice { .. }) {
            let (start, stop, step, count) = krait_vm::objects::slice::indices(vm, k, || a.len())?;
            let indices: Vec<usize> = (0..count)
                .map(|n| (start + n as isize * step) as usize)
                .collect();
            let Some(value) = value else {
                let mut bytes = a.resizable(vm)?;
                let mut doomed = vec![false; bytes.len() / size];
                for &i in &indices {
                    doomed[i] = true;
                }
                let mut keep = Vec::with_capacity(bytes.len());
                for (item, gone) in bytes.chunks_exact(size).zip(doomed) {
                    if !gone {
                        keep.extend_from_slice(item);
                    }
                }
                *bytes = keep;
                return Ok(());
            };
            let Some(source) = native_data::<ArrayData>(&value) else {
                return Err(vm.new_type_error(format!(
                    "can only assign array (not \"{}\") to array slice",
                    vm.type_name_of(&value)
                )));
            };
            if source.code != a.code {
                return Err(
                    vm.new_type_error("bad argument type for built-in operation".to_owned())
                );
            }
            let new = source.bytes.borrow().clone();
            if step == 1 {
                let from = start.max(0) as usize * size;
                let replaced = (stop.max(start).max(0) as usize * size).min(a.bytes.borrow().len());
                let mut bytes = if new.len() == replaced.saturating_sub(from) {
                    a.bytes.borrow_mut()
                } else {
                    a.resizable(vm)?
                };
                let to = replaced.min(bytes.len()).max(from.min(bytes.len()));
                let from = from.min(to);
                bytes.splice(from..to, new);
                return Ok(());
            }
            let mut bytes = a.bytes.borrow_mut();
            if new.len() / size != count {
                return Err(vm.new_value_error(format!(
                    "attempt to assign array of size {} to extended slice of size {count}",
                    new.len() / size
                )));
            }
            for (n, i) in indices.iter().enumerate() {
                bytes[i * size..(i + 1) * size].copy_from_slice(&new[n * size..(n + 1) * size]);
            }
            return Ok(());
        }
    }
    let i = abstract_::index_isize(vm, key)?;
    let Some(i) = normalize(i, a.len()) else {
        return Err(vm.new_index_error("array assignment index out of range".to_owned()));
    };
    match value {
        Some(value) => {
            let item = a.code.write(vm, &value)?;
            let mut bytes = a.bytes.borrow_mut();
            if bytes.len() >= (i + 1) * size {
                bytes[i * size..(i + 1) * size].copy_from_slice(&item);
            }
        }
        None => {
            let mut bytes = a.resizable(vm)?;
            if bytes.len() >= (i + 1) * size {
                bytes.drain(i * size..(i + 1) * size);
            }
        }
    }
    Ok(())
}

fn array_len(vm: &mut Vm, this: &Value) -> PyResult<usize> {
    Ok(data(vm, this)?.len())
}

fn array_contains(vm: &mut Vm, this: &Value, item: &Value) -> PyResult<bool> {
    let items = data(vm, this)?.items(vm);
    for x in &items {
        if abstract_::rich_eq_bool(vm, x, item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn array_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let a = data(vm, this)?;
    let letter = a.code.letter();
    let class = vm.type_of(this);
    let name = krait_vm::objects::typeobject::type_name(&class);
    let name = name.rsplit('.').next().unwrap_or("array").to_owned();
    if a.len() == 0 {
        return Ok(vm.new_str(format!("{name}('{letter}')")));
    }
    let inner = if a.code == Code::Unicode {
        let text = tounicode_value(vm, a)?;
        abstract_::repr_string(vm, &text)?
    } else {
        let list = a.items(vm);
        let list = vm.new_list(list);
        abstract_::repr_string(vm, &list)?
    };
    Ok(vm.new_str(format!("{name}('{letter}', {inner})")))
}

/// The items of a `'u'` array as a str; a value past U+10FFFF is a ValueError
/// (CPython's `PyUnicode_FromWideChar`).
fn tounicode_value(vm: &mut Vm, a: &ArrayData) -> PyResult<Value> {
    let mut text = StrBuf::new();
    for c in a.bytes.borrow().chunks_exact(4) {
        let code = u32::from_ne_bytes(four(c));
        if code > 0x10ffff {
            return Err(vm.new_value_error(format!(
                "character U+{code:x} is not in range [U+0000; U+10ffff]"
            )));
        }
        text.push_code_point(code);
    }
    Ok(vm.new_text(text))
}

/// Arrays compare item by item as CPython's `array_richcompare` does: the items
/// are new objects each time, so a NaN never equals itself here.
fn array_compare(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    let (Some(x), Some(y)) = (native_data::<ArrayData>(a), native_data::<ArrayData>(b)) else {
        return Ok(vm.not_implemented());
    };
    if x.len() != y.len() && (op == CMP_EQ || op == CMP_NE) {
        return Ok(Value::Bool(op == CMP_NE));
    }
    let (left, right) = (x.items(vm), y.items(vm));
    for (l, r) in left.iter().zip(&right) {
        let equal = abstract_::compare(vm, l, r, CMP_EQ)?;
        if !abstract_::is_true(vm, &equal)? {
            return match op {
                CMP_EQ => Ok(Value::Bool(false)),
                CMP_NE => Ok(Value::Bool(true)),
                _ => abstract_::compare(vm, l, r, op),
            };
        }
    }
    let (la, lb) = (left.len(), right.len());
    Ok(Value::Bool(match op {
        CMP_LT => la < lb,
        CMP_LE => la <= lb,
        CMP_EQ => la == lb,
        CMP_NE => la != lb,
        CMP_GT => la > lb,
        _ => la >= lb,
    }))
}

fn array_iter(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    data(vm, this)?;
    let class = state(vm)?.iterator_type.clone();
    Ok(new_native_object(
        vm,
        &class,
        ArrayIter {
            array: RefCell::new(Some(this.clone())),
            index: std::cell::Cell::new(0),
        },
    ))
}

struct ArrayIter {
    /// The array, until the iterator is exhausted: it then lets it go and stays
    /// exhausted even if the array grows.
    array: RefCell<Option<Value>>,
    index: std::cell::Cell<usize>,
}

impl NativeData for ArrayIter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        match self.array.try_borrow() {
            Ok(array) => {
                array.iter().for_each(visit);
                true
            }
            Err(_) => false,
        }
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        taken.extend(self.array.borrow_mut().take());
    }
}

impl ArrayIter {
    fn array(&self) -> Option<Value> {
        self.array.borrow().clone()
    }
}

fn iterator_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let Some(it) = native_data::<ArrayIter>(this) else {
        return Ok(None);
    };
    let Some(array) = it.array() else {
        return Ok(None);
    };
    let Some(a) = native_data::<ArrayData>(&array) else {
        return Ok(None);
    };
    let i = it.index.get();
    let item = a.item(vm, i);
    match item {
        Some(_) => it.index.set(i + 1),
        None => drop(it.array.borrow_mut().take()),
    }
    Ok(item)
}

/// `self` and the one argument of a method.
fn self_and_arg(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<(Value, Value)> {
    let (this, [arg]) = signature.bind(vm, args)?;
    Ok((this.unwrap_or(Value::None), arg.unwrap_or(Value::None)))
}

macro_rules! signatures {
    ($($name:ident = $text:literal;)*) => {$(
        static $name: Signature = Signature::of("array", "", $text).not_listed();
    )*};
}

static APPEND: Signature = Signature::of("array", "append", "($self, v, /)");
static EXTEND: Signature = Signature::of("array", "extend", "($self, bb, /)");
static INSERT: Signature = Signature::of("array", "insert", "($self, i, v, /)");
static POP: Signature = Signature::of("array", "pop", "($self, i=-1, /)");
static REMOVE: Signature = Signature::of("array", "remove", "($self, v, /)");
static INDEX: Signature =
    Signature::of("array", "index", "($self, v, start=0, stop=sys.maxsize, /)");
static COUNT: Signature = Signature::of("array", "count", "($self, v, /)");
static FROMBYTES: Signature = Signature::of("array", "frombytes", "($self, buffer, /)");
static FROMLIST: Signature = Signature::of("array", "fromlist", "($self, list, /)");
static FROMUNICODE: Signature = Signature::of("array", "fromunicode", "($self, ustr, /)");
static FROMFILE: Signature = Signature::of("array", "fromfile", "($self, f, n, /)");
static TOFILE: Signature = Signature::of("array", "tofile", "($self, f, /)");
static REDUCE_EX: Signature = Signature::of("array", "__reduce_ex__", "($self, value, /)");
static DEEPCOPY: Signature = Signature::of("array", "__deepcopy__", "($self, unused, /)");
signatures! {
    NO_ARGS = "($self, /)";
}

fn this_only(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = NO_ARGS.bind(vm, args)?;
    Ok(this.unwrap_or(Value::None))
}

fn array_append(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, v) = self_and_arg(vm, &APPEND, args)?;
    let a = data(vm, &this)?;
    let item = a.code.write(vm, &v)?;
    a.resizable(vm)?.extend(item);
    Ok(Value::None)
}

fn extend_with(vm: &mut Vm, a: &ArrayData, other: &Value) -> PyResult<()> {
    if let Some(source) = native_data::<ArrayData>(other) {
        if source.code != a.code {
            return Err(vm.new_type_error("can only extend with array of same kind".to_owned()));
        }
        let bytes = source.bytes.borrow().clone();
        a.resizable(vm)?.extend(bytes);
        return Ok(());
    }
    // Each item is appended as it comes (CPython's `ins1`), so the iteration sees
    // the array grow and an item that does not fit leaves the earlier ones in.
    let it = abstract_::get_iter(vm, other)?;
    while let Some(item) = abstract_::iter_next(vm, &it)? {
        if !matches!(item, Value::Int(_) | Value::Bool(_) | Value::Float(_)) {
            // `ins1` converts an item twice, to check it and then to store it;
            // an `__index__` or `__float__` runs twice (a builtin number's
            // conversion is the same both times, so it is done once).
            a.code.write(vm, &item)?;
        }
        let bytes = a.code.write(vm, &item)?;
        a.resizable(vm)?.extend(bytes);
    }
    Ok(())
}

fn array_extend(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, other) = self_and_arg(vm, &EXTEND, args)?;
    let a = data(vm, &this)?;
    extend_with(vm, a, &other)?;
    Ok(Value::None)
}

fn array_insert(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [i, v]) = INSERT.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let a = data(vm, &this)?;
    let i = abstract_::index_isize(vm, &i.unwrap_or(Value::None))?;
    let item = a.code.write(vm, &v.unwrap_or(Value::None))?;
    let len = a.len() as isize;
    let at = if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
    let size = a.code.size();
    a.resizable(vm)?.splice(at * size..at * size, item);
    Ok(Value::None)
}

fn array_pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [i]) = POP.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let a = data(vm, &this)?;
    let i = match i {
        Some(i) => abstract_::index_isize(vm, &i)?,
        None => -1,
    };
    if a.len() == 0 {
        return Err(vm.new_index_error("pop from empty array".to_owned()));
    }
    let Some(i) = normalize(i, a.len()) else {
        return Err(vm.new_index_error("pop index out of range".to_owned()));
    };
    let item = a.item(vm, i).unwrap_or(Value::None);
    let size = a.code.size();
    a.resizable(vm)?.drain(i * size..(i + 1) * size);
    Ok(item)
}

/// The index of the first item equal to `v` in `start..stop`.
fn find(
    vm: &mut Vm,
    a: &ArrayData,
    v: &Value,
    start: usize,
    stop: usize,
) -> PyResult<Option<usize>> {
    let items = a.items(vm);
    for (i, x) in items.iter().enumerate().take(stop).skip(start) {
        if abstract_::rich_eq_bool(vm, x, v)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn array_remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, v) = self_and_arg(vm, &REMOVE, args)?;
    let a = data(vm, &this)?;
    let Some(i) = find(vm, a, &v, 0, usize::MAX)? else {
        return Err(vm.new_value_error("array.remove(x): x not in array".to_owned()));
    };
    let size = a.code.size();
    a.resizable(vm)?.drain(i * size..(i + 1) * size);
    Ok(Value::None)
}

fn array_index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [v, start, stop]) = INDEX.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let a = data(vm, &this)?;
    let len = a.len() as isize;
    let bound = |vm: &mut Vm, x: Option<Value>, default: isize| -> PyResult<usize> {
        let n = match x {
            Some(x) => abstract_::index_isize(vm, &x)?,
            None => default,
        };
        Ok(if n < 0 { (n + len).max(0) } else { n.min(len) } as usize)
    };
    let start = bound(vm, start, 0)?;
    let stop = bound(vm, stop, len)?;
    match find(vm, a, &v.unwrap_or(Value::None), start, stop)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(vm.new_value_error("array.index(x): x not in array".to_owned())),
    }
}

fn array_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, v) = self_and_arg(vm, &COUNT, args)?;
    let items = data(vm, &this)?.items(vm);
    let mut n = 0;
    for x in &items {
        if abstract_::rich_eq_bool(vm, x, &v)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn array_reverse(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = this_only(vm, args)?;
    let a = data(vm, &this)?;
    let size = a.code.size();
    let mut bytes = a.bytes.borrow_mut();
    let reversed: Vec<u8> = bytes.chunks_exact(size).rev().flatten().copied().collect();
    *bytes = reversed;
    Ok(Value::None)
}

fn array_byteswap(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = this_only(vm, args)?;
    let a = data(vm, &this)?;
    let size = a.code.size();
    a.bytes
        .borrow_mut()
        .chunks_exact_mut(size)
        .for_each(<[u8]>::reverse);
    Ok(Value::None)
}

fn array_buffer_info(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = this_only(vm, args)?;
    let a = data(vm, &this)?;
    let address = a.bytes.borrow().as_ptr() as usize as i64;
    let len = Value::Int(a.len() as i64);
    Ok(vm.new_tuple(vec![Value::Int(address), len]))
}

fn array_tobytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = this_only(vm, args)?;
    let bytes = data(vm, &this)?.bytes.borrow().clone();
    Ok(vm.new_bytes(bytes))
}

fn array_frombytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, buffer) = self_and_arg(vm, &FROMBYTES, args)?;
    let a = data(vm, &this)?;
    let bytes = crate::bytes_like_arg(vm, &buffer)?;
    frombytes_into(vm, a, &bytes)?;
    Ok(Value::None)
}

fn array_tolist(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = this_only(vm, args)?;
    let items = data(vm, &this)?.items(vm);
    Ok(vm.new_list(items))
}

fn array_fromlist(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, list) = self_and_arg(vm, &FROMLIST, args)?;
    let a = data(vm, &this)?;
    let Some(items) = abstract_::list_items(&list) else {
        return Err(vm.new_type_error("arg must be list".to_owned()));
    };
    let bytes = a.encode_all(vm, &items)?;
    a.resizable(vm)?.extend(bytes);
    Ok(Value::None)
}

fn array_fromunicode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, text) = self_and_arg(vm, &FROMUNICODE, args)?;
    let a = data(vm, &this)?;
    let Some(s) = as_pystr(&text) else {
        return Err(vm.new_type_error(format!(
            "fromunicode() argument must be str, not {}",
            vm.type_name_of(&text)
        )));
    };
    if a.code != Code::Unicode {
        return Err(vm.new_value_error(
            "fromunicode() may only be called on unicode type arrays".to_owned(),
        ));
    }
    let bytes: Vec<u8> = s.code_points().flat_map(u32::to_ne_bytes).collect();
    a.resizable(vm)?.extend(bytes);
    Ok(Value::None)
}

fn array_tounicode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = this_only(vm, args)?;
    let a = data(vm, &this)?;
    if a.code != Code::Unicode {
        return Err(
            vm.new_value_error("tounicode() may only be called on unicode type arrays".to_owned())
        );
    }
    tounicode_value(vm, a)
}

fn array_fromfile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [f, n]) = FROMFILE.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let a = data(vm, &this)?;
    let n = abstract_::index_isize(vm, &n.unwrap_or(Value::None))?;
    if n < 0 {
        return Err(vm.new_value_error("negative count".to_owned()));
    }
    let wanted = n as usize * a.code.size();
    let read = vm.call_method(
        &f.unwrap_or(Value::None),
        "read",
        vec![Value::Int(wanted as i64)],
    )?;
    let Some(bytes) = krait_vm::objects::bytes::as_bytes(&read) else {
        return Err(vm.new_type_error("read() didn't return bytes".to_owned()));
    };
    let whole = bytes.len() - bytes.len() % a.code.size();
    a.resizable(vm)?.extend_from_slice(&bytes[..whole]);
    if bytes.len() != wanted {
        return Err(vm.new_error(Exc::EOFError, "read() didn't return enough bytes"));
    }
    Ok(Value::None)
}

fn array_tofile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, f) = self_and_arg(vm, &TOFILE, args)?;
    let bytes = data(vm, &this)?.bytes.borrow().clone();
    // In blocks, as CPython writes large arrays.
    for block in bytes.chunks(64 * 1024) {
        let chunk = vm.new_bytes(block.to_vec());
        vm.call_method(&f, "write", vec![chunk])?;
    }
    Ok(Value::None)
}

/// The machine format code (`_array_reconstructor`'s) of this machine's items:
/// little-endian, C long 64 bits, wchar_t 32 bits.
fn machine_format(code: Code) -> i64 {
    match code {
        Code::U8 => 0,
        Code::I8 => 1,
        Code::U16 => 2,
        Code::I16 => 4,
        Code::U32 => 6,
        Code::I32 => 8,
        Code::U64(_) => 10,
        Code::I64(_) => 12,
        Code::F32 => 14,
        Code::F64 => 16,
        Code::Unicode => 20,
    }
}

/// `__reduce_ex__(protocol)`: `(class, (typecode, list), state)` for protocols 0-2,
/// `(_array_reconstructor, (class, typecode, format, bytes), state)` from 3 on.
fn array_reduce_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, protocol) = self_and_arg(vm, &REDUCE_EX, args)?;
    let a = data(vm, &this)?;
    let protocol = abstract_::index(vm, &protocol)?;
    let protocol = krait_vm::objects::int::as_i64(&protocol).unwrap_or(0);
    let class = Value::Obj(vm.type_of(&this));
    let letter = vm.new_str(a.code.letter().to_string());
    let state = match this.as_obj().and_then(|o| o.dict()) {
        Some(d) if dict::dict_len(&d) > 0 => Value::Obj(d),
        _ => Value::None,
    };
    if protocol < 3 {
        let items = a.items(vm);
        let items = vm.new_list(items);
        let args = vm.new_tuple(vec![letter, items]);
        return Ok(vm.new_tuple(vec![class, args, state]));
    }
    let module = krait_vm::import::import_full(vm, "array")?;
    let reconstructor = abstract_::getattr_str(vm, &module, "_array_reconstructor")?;
    let bytes = vm.new_bytes(a.bytes.borrow().clone());
    let format = Value::Int(machine_format(a.code));
    let args = vm.new_tuple(vec![class, letter, format, bytes]);
    Ok(vm.new_tuple(vec![reconstructor, args, state]))
}

fn array_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = this_only(vm, args)?;
    copy_of(vm, &this)
}

fn array_deepcopy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _memo) = self_and_arg(vm, &DEEPCOPY, args)?;
    copy_of(vm, &this)
}

fn copy_of(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let a = data(vm, this)?;
    let bytes = a.bytes.borrow().clone();
    let class = vm.type_of(this);
    Ok(new_array(vm, &class, a.code, bytes))
}

fn itemsize(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Int(data(vm, this)?.code.size() as i64))
}

fn typecode(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let letter = data(vm, this)?.code.letter();
    Ok(vm.new_str(letter.to_string()))
}

fn array_concat(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    let (Some(x), Some(y)) = (native_data::<ArrayData>(a), native_data::<ArrayData>(b)) else {
        if native_data::<ArrayData>(a).is_some() {
            return Err(vm.new_type_error(format!(
                "can only append array (not \"{}\") to array",
                vm.type_name_of(b)
            )));
        }
        return Ok(vm.not_implemented());
    };
    if x.code != y.code {
        return Err(vm.new_type_error("bad argument type for built-in operation".to_owned()));
    }
    let mut bytes = x.bytes.borrow().clone();
    bytes.extend_from_slice(&y.bytes.borrow());
    plain_array(vm, x.code, bytes)
}

fn array_inplace_concat(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    let Some(x) = native_data::<ArrayData>(a) else {
        return Ok(vm.not_implemented());
    };
    let Some(y) = native_data::<ArrayData>(b) else {
        return Err(vm.new_type_error(format!(
            "can only extend array with array (not \"{}\")",
            vm.type_name_of(b)
        )));
    };
    if x.code != y.code {
        return Err(vm.new_type_error("can only extend with array of same kind".to_owned()));
    }
    let extra = y.bytes.borrow().clone();
    x.resizable(vm)?.extend(extra);
    Ok(a.clone())
}

/// `array * n` with an `n` that is no integer: the other operand's `*` may still
/// answer, else it is a TypeError (as a sequence's repeat gives).
fn not_a_count(vm: &mut Vm, n: &Value) -> PyResult<Value> {
    // Only a class's own `__rmul__` may answer (builtin sequences would repeat).
    let class = vm.type_of(n);
    let heap = krait_vm::objects::typeobject::type_data(&class).heap;
    if heap && krait_vm::objects::typeobject::lookup(&class, "__rmul__").is_some() {
        return Ok(vm.not_implemented());
    }
    Err(vm.new_type_error(format!(
        "can't multiply sequence by non-int of type '{}'",
        vm.type_name_of(n)
    )))
}

fn array_repeat(vm: &mut Vm, a: &Value, n: &Value, _op: usize) -> PyResult<Value> {
    let (array, count) = match (native_data::<ArrayData>(a), native_data::<ArrayData>(n)) {
        (Some(x), _) => (x, n),
        (None, Some(y)) => (y, a),
        _ => return Ok(vm.not_implemented()),
    };
    let Some(count) = abstract_::repeat_count(vm, count)? else {
        return not_a_count(vm, count);
    };
    let bytes = array.bytes.borrow().clone();
    krait_vm::objects::str::repeat_size(vm, bytes.len(), count, "")
        .map_err(|_| vm.new_error(Exc::MemoryError, ""))?;
    plain_array(vm, array.code, bytes.repeat(count))
}

fn array_inplace_repeat(vm: &mut Vm, a: &Value, n: &Value, _op: usize) -> PyResult<Value> {
    let Some(x) = native_data::<ArrayData>(a) else {
        return Ok(vm.not_implemented());
    };
    let Some(count) = abstract_::repeat_count(vm, n)? else {
        return not_a_count(vm, n);
    };
    let len = x.bytes.borrow().len();
    krait_vm::objects::str::repeat_size(vm, len, count, "")
        .map_err(|_| vm.new_error(Exc::MemoryError, ""))?;
    let repeated = x.bytes.borrow().repeat(count);
    *x.resizable(vm)? = repeated;
    Ok(a.clone())
}

static ARRAY_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("array(typecode [, initializer]) -> array\n\nReturn a new array whose items are restricted by typecode, and\ninitialized from the optional initializer value, which must be a list,\nstring or iterable over elements of the appropriate type.\n"),
    subclassable: true,
    instance_dict: false,
    weakrefable: true,
    new: Some(array_new),
    slots: &[
        NativeSlot::Repr(array_repr),
        NativeSlot::RichCompare(array_compare),
        NativeSlot::Iter(array_iter),
        NativeSlot::Length(array_len),
        NativeSlot::GetItem(array_getitem),
        NativeSlot::SetItem(array_setitem),
        NativeSlot::Contains(array_contains),
        NativeSlot::Concat(array_concat),
        NativeSlot::InPlaceConcat(array_inplace_concat),
        NativeSlot::Repeat(array_repeat),
        NativeSlot::InPlaceRepeat(array_inplace_repeat),
    ],
    methods: &[
        MethodDef::method("append", array_append).with_signature(&APPEND),
        MethodDef::method("extend", array_extend).with_signature(&EXTEND),
        MethodDef::method("insert", array_insert).with_signature(&INSERT),
        MethodDef::method("pop", array_pop).with_signature(&POP),
        MethodDef::method("remove", array_remove).with_signature(&REMOVE),
        MethodDef::method("index", array_index).with_signature(&INDEX),
        MethodDef::method("count", array_count).with_signature(&COUNT),
        MethodDef::method("reverse", array_reverse),
        MethodDef::method("byteswap", array_byteswap),
        MethodDef::method("buffer_info", array_buffer_info),
        MethodDef::method("tobytes", array_tobytes),
        MethodDef::method("frombytes", array_frombytes).with_signature(&FROMBYTES),
        MethodDef::method("tolist", array_tolist),
        MethodDef::method("fromlist", array_fromlist).with_signature(&FROMLIST),
        MethodDef::method("fromunicode", array_fromunicode).with_signature(&FROMUNICODE),
        MethodDef::method("tounicode", array_tounicode),
        MethodDef::method("fromfile", array_fromfile).with_signature(&FROMFILE),
        MethodDef::method("tofile", array_tofile).with_signature(&TOFILE),
        MethodDef::method("__reduce_ex__", array_reduce_ex).with_signature(&REDUCE_EX),
        MethodDef::method("__copy__", array_copy),
        MethodDef::method("__deepcopy__", array_deepcopy).with_signature(&DEEPCOPY),
    ],
    getsets: &[
        krait_vm::object::GetSet {
            name: "itemsize",
            get: itemsize,
            set: None,
        },
        krait_vm::object::GetSet {
            name: "typecode",
            get: typecode,
            set: None,
        },
    ],
    ..NativeTypeSpec::new("array", "array")
};

static RECONSTRUCTOR: Signature = Signature::of(
    "array",
    "_array_reconstructor",
    "($module, arraytype, typecode, mformat_code, items, /)",
);

/// What `_array_reconstructor` builds the array from when the bytes are in
/// another machine's format.
enum Reconstructed {
    /// Numbers, for an array of this code (an integer format picks the code of
    /// its size and signedness, whatever code was asked for).
    Items(Code, Vec<Value>),
    /// Text decoded from UTF-16 or UTF-32 (a str).
    Text(Value),
}

/// Decodes `bytes` of machine format `mformat` (CPython's `enum
/// machine_format_code`: integer sizes and signedness in both byte orders, IEEE
/// floats, UTF-16 and UTF-32).
fn machine_items(vm: &mut Vm, code: Code, mformat: i64, bytes: &[u8]) -> PyResult<Reconstructed> {
    let big = mformat >= 2 && mformat % 2 == 1;
    if (18..=21).contains(&mformat) {
        let codec = match (mformat >= 20, big) {
            (false, false) => "utf-16-le",
            (false, true) => "utf-16-be",
            (true, false) => "utf-32-le",
            (true, true) => "utf-32-be",
        };
        let text = krait_vm::objects::bytes::decode(vm, bytes, codec, "strict")?;
        return Ok(Reconstructed::Text(vm.new_text(text)));
    }
    let Some(width) = machine_item_width(mformat) else {
        return Ok(Reconstructed::Items(code, Vec::new()));
    };
    let signed = matches!(mformat, 1 | 4 | 5 | 8 | 9 | 12 | 13);
    let mut out = Vec::with_capacity(bytes.len() / width);
    for chunk in bytes.chunks_exact(width) {
        let mut raw = [0u8; 8];
        if big {
            raw[8 - width..].copy_from_slice(chunk);
            raw.reverse();
        } else {
            raw[..width].copy_from_slice(chunk);
        }
        let unsigned = u64::from_le_bytes(raw);
        let value = match mformat {
            14 | 15 => Value::Float(f64::from(f32::from_bits(unsigned as u32))),
            16 | 17 => Value::Float(f64::from_bits(unsigned)),
            _ if signed => {
                let shift = 64 - 8 * width as u32;
                Value::Int(((unsigned << shift) as i64) >> shift)
            }
            _ => match i64::try_from(unsigned) {
                Ok(n) => Value::Int(n),
                Err(_) => krait_vm::objects::int::int_from_big(vm, BigInt::from(unsigned)),
            },
        };
        out.push(value);
    }
    if (14..=17).contains(&mformat) {
        return Ok(Reconstructed::Items(code, out));
    }
    // The last of CPython's type codes with this size and signedness.
    let fitting = match (width, signed) {
        (1, true) => Code::I8,
        (1, false) => Code::U8,
        (2, true) => Code::I16,
        (2, false) => Code::U16,
        (4, true) => Code::I32,
        (4, false) => Code::U32,
        (_, true) => Code::I64(b'q'),
        (_, false) => Code::U64(b'Q'),
    };
    Ok(Reconstructed::Items(fitting, out))
}

/// The size in bytes of one number of machine format `mformat`.
fn machine_item_width(mformat: i64) -> Option<usize> {
    Some(match mformat {
        0 | 1 => 1,
        2..=5 => 2,
        6..=9 | 14 | 15 => 4,
        10..=13 | 16 | 17 => 8,
        _ => return None,
    })
}

/// The unit `_array_reconstructor` wants the length of its bytes to be a
/// multiple of: CPython's table gives UTF-16 four bytes and UTF-32 eight.
fn reconstructor_unit(mformat: i64) -> usize {
    match mformat {
        18 | 19 => 4,
        20 | 21 => 8,
        other => machine_item_width(other).unwrap_or(1),
    }
}

/// `_array_reconstructor(arraytype, typecode, mformat_code, items)`: the array
/// pickles of protocol 3 and later rebuild through this.
fn array_reconstructor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [arraytype, typecode, mformat, items] = RECONSTRUCTOR.bind_args(vm, args)?;
    let arraytype = arraytype.unwrap_or(Value::None);
    let Some(class) = arraytype
        .as_obj()
        .filter(|o| o.type_data().is_some())
        .cloned()
    else {
        return Err(vm.new_type_error(format!(
            "first argument must be a type object, not {}",
            vm.type_name_of(&arraytype)
        )));
    };
    let base = state(vm)?.array_type.clone();
    if !krait_vm::objects::typeobject::is_subtype(&class, &base) {
        let name = krait_vm::objects::typeobject::type_name(&class);
        return Err(vm.new_type_error(format!("{name} is not a subtype of array.array")));
    }
    let code = typecode
        .as_ref()
        .and_then(as_pystr)
        .filter(|s| s.char_len() == 1)
        .and_then(|s| s.as_str().chars().next())
        .and_then(Code::from_char);
    let Some(code) = code else {
        return Err(vm.new_value_error("second argument must be a valid type code".to_owned()));
    };
    let mformat = abstract_::index(vm, &mformat.unwrap_or(Value::None))?;
    let mformat = krait_vm::objects::int::as_i64(&mformat).unwrap_or(-1);
    if !(0..=21).contains(&mformat) {
        return Err(
            vm.new_value_error("third argument must be a valid machine format code.".to_owned())
        );
    }
    let items = items.unwrap_or(Value::None);
    let Some(bytes) = krait_vm::objects::bytes::as_bytes(&items).filter(|_| {
        matches!(&items, Value::Obj(o) if matches!(o.payload, krait_vm::object::Payload::Bytes(_)))
    }) else {
        return Err(vm.new_type_error(format!(
            "fourth argument should be bytes, not {}",
            vm.type_name_of(&items)
        )));
    };
    // This machine's own format is the array's bytes as they are.
    if mformat == machine_format(code) {
        if bytes.len() % code.size() != 0 {
            return Err(vm.new_value_error("bytes length not a multiple of item size".to_owned()));
        }
        return Ok(new_array(vm, &class, code, bytes));
    }
    if bytes.len() % reconstructor_unit(mformat) != 0 {
        return Err(vm.new_value_error("string length not a multiple of item size".to_owned()));
    }
    let (code, values) = match machine_items(vm, code, mformat, &bytes)? {
        Reconstructed::Items(code, values) => (code, values),
        Reconstructed::Text(_) if code != Code::Unicode => {
            return Err(vm.new_type_error(format!(
                "cannot use a str to initialize an array with typecode '{}'",
                code.letter()
            )))
        }
        Reconstructed::Text(text) => {
            let text = as_pystr(&text).expect("decoding makes a str");
            let encoded = text.code_points().flat_map(u32::to_ne_bytes).collect();
            return Ok(new_array(vm, &class, code, encoded));
        }
    };
    let array = new_array(vm, &class, code, Vec::new());
    let a = data(vm, &array)?;
    let encoded = a.encode_all(vm, &values)?;
    *a.bytes.borrow_mut() = encoded;
    Ok(array)
}

static FUNCTIONS: [MethodDef; 1] =
    [
        MethodDef::staticmethod("_array_reconstructor", array_reconstructor)
            .with_signature(&RECONSTRUCTOR),
    ];

static ITER_REDUCE: Signature =
    Signature::of("arrayiterator", "__reduce__", "($self, /)").not_listed();
static ITER_SETSTATE: Signature =
    Signature::of("arrayiterator", "__setstate__", "($self, state, /)").not_listed();

/// `__reduce__`: `(iter, (array,), index)`, or an exhausted iterator's `(iter, ((),))`.
fn iterator_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ITER_REDUCE.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let iter = dict::dict_get_str(&vm.builtins_dict, "iter").unwrap_or(Value::None);
    let Some(it) = native_data::<ArrayIter>(&this) else {
        return Err(vm.new_type_error("an array iterator is required".to_owned()));
    };
    let Some(array) = it.array() else {
        let empty = vm.new_tuple(vec![]);
        let args = vm.new_tuple(vec![empty]);
        return Ok(vm.new_tuple(vec![iter, args]));
    };
    let args = vm.new_tuple(vec![array]);
    Ok(vm.new_tuple(vec![iter, args, Value::Int(it.index.get() as i64)]))
}

fn iterator_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [state]) = ITER_SETSTATE.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let index = abstract_::index_isize(vm, &state.unwrap_or(Value::None))?;
    if let Some(it) = native_data::<ArrayIter>(&this) {
        let len = it
            .array()
            .and_then(|a| native_data::<ArrayData>(&a).map(ArrayData::len))
            .unwrap_or(0);
        it.index.set(index.clamp(0, len as isize) as usize);
    }
    Ok(Value::None)
}

static ITERATOR_TYPE: NativeTypeSpec = NativeTypeSpec {
    methods: &[
        MethodDef::method("__reduce__", iterator_reduce).with_signature(&ITER_REDUCE),
        MethodDef::method("__setstate__", iterator_setstate).with_signature(&ITER_SETSTATE),
    ],
    slots: &[
        NativeSlot::Iter(crate::iter_self),
        NativeSlot::IterNext(iterator_next),
    ],
    ..NativeTypeSpec::new("arrayiterator", "array")
};

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "array");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "array", &FUNCTIONS);
    let array_type = new_native_type(vm, &ARRAY_TYPE, None);
    // `match` takes its instances for sequences (`Py_TPFLAGS_SEQUENCE`).
    krait_vm::objects::typeobject::type_data(&array_type)
        .collection_flags
        .set(krait_vm::pattern::TPFLAGS_SEQUENCE);
    // Arrays are mutable, so unhashable.
    krait_vm::objects::set_type_attr(vm, &array_type, "__hash__", Value::None);
    let iterator_type = new_native_type(vm, &ITERATOR_TYPE, None);
    dict::dict_set_str(vm, &d, "array", Value::Obj(array_type.clone()));
    dict::dict_set_str(vm, &d, "ArrayType", Value::Obj(array_type.clone()));
    let codes = vm.new_str(TYPECODES);
    dict::dict_set_str(vm, &d, "typecodes", codes);
    vm.set_module_state(ArrayState {
        array_type: array_type.clone(),
        iterator_type,
    });
    // Arrays are mutable sequences to `collections.abc`, as CPython registers them.
    let abc = krait_vm::import::import_full(vm, "_collections_abc")?;
    let mutable_sequence = abstract_::getattr_str(vm, &abc, "MutableSequence")?;
    vm.call_method(&mutable_sequence, "register", vec![Value::Obj(array_type)])?;
    Ok(m)
}
