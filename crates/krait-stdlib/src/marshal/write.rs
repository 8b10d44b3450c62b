//! Writing values in `marshal` format (CPython's `w_object` and friends).
//!
//! From version 3 on, an object that may be met again gets a reference slot
//! (`FLAG_REF`), and later meetings write `TYPE_REF` and its index. CPython decides
//! "may be met again" by reference count (`w_ref`): an object with one reference
//! is written plainly, any other (and every interned str) gets a slot. Krait asks
//! the same of its objects: an `Rc` count above the references the writer itself
//! holds, or an interned str. What CPython keeps as one shared object, Krait has as
//! a value here and there, so those get a fixed identity: the small ints -5..=256,
//! the empty tuple, bytes and str, one-byte bytes, one-character latin-1 strs (all
//! always shared), and `co_code` (CPython caches it, so it always has two
//! references). Ints and floats that Krait keeps unboxed have no count; they are
//! shared when the same value occurs more than once in what is written, which is
//! exactly so for compiled code, whose equal constants CPython's compiler merges.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use krait_bytecode::marshal::*;
use krait_vm::objects::code::CodeData;
use krait_vm::objects::dict::as_dict;
use krait_vm::objects::format::{double_to_string, DtoaFlags};
use krait_vm::objects::set::set_items;
use krait_vm::{Exc, ObjRef, Payload, PyResult, Value, Vm};
use num_bigint::{BigInt, Sign};
use num_traits::Zero;

use super::MAX_DEPTH;

/// What a written object is for the reference table.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Identity {
    /// A heap object, by address.
    Object(usize),
    /// Unboxed numbers, by value (floats by bits).
    Int(i64),
    Float(u64),
    /// Values CPython keeps one object of.
    EmptyTuple,
    EmptyBytes,
    Byte(u8),
    Char(char),
    /// The `co_code` of the code object at this address.
    CodeBytes(usize),
}

/// Why a value could not be written.
enum Failure {
    Unmarshallable,
    TooDeep,
}

type Written = Result<(), Failure>;

/// The bytes of `value` in marshal format `version`.
pub fn dumps(vm: &mut Vm, value: &Value, version: i32) -> PyResult<Vec<u8>> {
    let mut numbers = HashMap::new();
    count_numbers(value, &mut numbers, &mut HashSet::new());
    let mut writer = Writer::new(vm, version, &numbers);
    // CPython's caller almost always holds the number it passes (in its constants
    // or a variable), so one given alone counts as shared.
    let written =
        writer.nested(|w| w.value(value, 0, matches!(value, Value::Int(_) | Value::Float(_))));
    match written {
        Ok(()) => Ok(writer.out),
        Err(Failure::Unmarshallable) => Err(vm.new_value_error("unmarshallable object".to_owned())),
        Err(Failure::TooDeep) => {
            Err(vm.new_value_error("object too deeply nested to marshal".to_owned()))
        }
    }
}

/// Counts how often each unboxed number occurs in `value`, each object visited once.
fn count_numbers(value: &Value, counts: &mut HashMap<Identity, usize>, seen: &mut HashSet<usize>) {
    let identity = match value {
        Value::Int(n) => Identity::Int(*n),
        Value::Float(x) => Identity::Float(x.to_bits()),
        Value::Obj(o) => {
            if seen.insert(Rc::as_ptr(o) as usize) {
                for item in items_of(o) {
                    count_numbers(&item, counts, seen);
                }
            }
            return;
        }
        _ => return,
    };
    *counts.entry(identity).or_default() += 1;
}

/// The values a container (or a code object's constants) holds.
fn items_of(o: &ObjRef) -> Vec<Value> {
    match &o.payload {
        Payload::Tuple(items) => items.to_vec(),
        Payload::List(items) => items.borrow().clone(),
        Payload::Dict(d) => d
            .borrow()
            .iter()
            .flat_map(|e| [e.key.clone(), e.value.clone()])
            .collect(),
        Payload::Set(_) | Payload::FrozenSet(_) => {
            set_items(&Value::Obj(o.clone())).unwrap_or_default()
        }
        // The constants tuple itself, which other code may share.
        Payload::Code(c) => vec![c.tables.consts.clone()],
        _ => Vec::new(),
    }
}

struct Writer<'a> {
    vm: &'a Vm,
    version: i32,
    out: Vec<u8>,
    /// Slot of each object written with `FLAG_REF`; `None` before version 3.
    refs: Option<HashMap<Identity, u32>>,
    depth: usize,
    numbers: &'a HashMap<Identity, usize>,
}

impl<'a> Writer<'a> {
    fn new(vm: &'a Vm, version: i32, numbers: &'a HashMap<Identity, usize>) -> Writer<'a> {
        Writer {
            vm,
            version,
            out: Vec::new(),
            refs: (version >= 3).then(HashMap::new),
            depth: 0,
            numbers,
        }
    }

    fn byte(&mut self, b: u8) {
        self.out.push(b);
    }

    fn long(&mut self, n: i32) {
        self.out.extend_from_slice(&n.to_le_bytes());
    }

    /// A size as a 32-bit count (`W_SIZE`): larger ones cannot be written.
    fn size(&mut self, n: usize) -> Written {
        let n = i32::try_from(n).map_err(|_| Failure::Unmarshallable)?;
        self.long(n);
        Ok(())
    }

    fn pstring(&mut self, data: &[u8]) -> Written {
        self.size(data.len())?;
        self.out.extend_from_slice(data);
        Ok(())
    }

    fn short_pstring(&mut self, data: &[u8]) {
        self.byte(data.len() as u8);
        self.out.extend_from_slice(data);
    }

    /// `w_object`: one value at one more level of nesting.
    fn object(&mut self, value: &Value, holds: usize) -> Written {
        self.nested(|w| w.value(value, holds, false))
    }

    fn nested(&mut self, write: impl FnOnce(&mut Self) -> Written) -> Written {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Failure::TooDeep);
        }
        write(self)?;
        self.depth -= 1;
        Ok(())
    }

    /// One value; `holds` is how many references to it the writer holds, and
    /// `always_shared` says that something else holds one too.
    fn value(&mut self, value: &Value, holds: usize, always_shared: bool) -> Written {
        match value {
            Value::None => self.byte(TYPE_NONE),
            Value::Bool(true) => self.byte(TYPE_TRUE),
            Value::Bool(false) => self.byte(TYPE_FALSE),
            Value::Int(n) => {
                let identity = Identity::Int(*n);
                let shared = (-5..=256).contains(n) || self.occurs_again(identity);
                if let Some(flag) = self.reference(identity, shared || always_shared) {
                    self.int(*n, flag);
                }
            }
            Value::Float(x) => {
                let identity = Identity::Float(x.to_bits());
                let shared = self.occurs_again(identity);
                if let Some(flag) = self.reference(identity, shared || always_shared) {
                    self.float(*x, flag, TYPE_BINARY_FLOAT, TYPE_FLOAT);
                }
            }
            Value::Obj(o) if Rc::ptr_eq(o, &self.vm.ellipsis) => self.byte(TYPE_ELLIPSIS),
            Value::Obj(o) if Rc::ptr_eq(o, self.vm.exc(Exc::StopIteration)) => {
                self.byte(TYPE_STOPITER)
            }
            Value::Obj(o) => {
                let (identity, shared) = self.identity(o, holds);
                if let Some(flag) = self.reference(identity, shared || always_shared) {
                    self.heap_object(o, flag)?;
                }
            }
        }
        Ok(())
    }

    fn occurs_again(&self, identity: Identity) -> bool {
        self.numbers.get(&identity).is_some_and(|n| *n > 1)
    }

    /// `w_ref`: for a shared object met before, writes a reference to it and gives
    /// `None`; otherwise gives the flag its type code takes (`FLAG_REF` when shared,
    /// which also gives it the next slot).
    fn reference(&mut self, identity: Identity, shared: bool) -> Option<u8> {
        let Some(refs) = self.refs.as_mut() else {
            return Some(0);
        };
        if !shared {
            return Some(0);
        }
        if let Some(&index) = refs.get(&identity) {
            self.out.push(TYPE_REF);
            self.out.extend_from_slice(&index.to_le_bytes());
            return None;
        }
        refs.insert(identity, refs.len() as u32);
        Some(FLAG_REF)
    }

    /// The type code (with `flag`) and contents of a heap object.
    fn heap_object(&mut self, o: &ObjRef, flag: u8) -> Written {
        let vm = self.vm;
        let types = &vm.types;
        let class = o.class_ref();
        let exact = |ty: &ObjRef| std::ptr::eq(class, &**ty);
        match &o.payload {
            Payload::Int(n) if exact(&types.int) => self.long_int(n, flag),
            Payload::Float(x) if exact(&types.float) => {
                self.float(*x, flag, TYPE_BINARY_FLOAT, TYPE_FLOAT)
            }
            Payload::Complex(re, im) if exact(&types.complex) => {
                self.float(*re, flag, TYPE_BINARY_COMPLEX, TYPE_COMPLEX);
                self.float_part(*im);
            }
            Payload::Bytes(b) if exact(&types.bytes) => {
                self.byte(TYPE_STRING | flag);
                self.pstring(b)?;
            }
            // Lone surrogates are written as UTF-8 would write any code point.
            Payload::Str(s) if exact(&types.str) && s.has_surrogates() => {
                let points: Vec<u32> = s.code_points().collect();
                let bytes = krait_bytecode::code::encode_surrogatepass(&points);
                self.byte(TYPE_UNICODE | flag);
                self.pstring(&bytes)?;
            }
            Payload::Str(s) if exact(&types.str) => {
                // A one-character latin-1 str is CPython's cached one, interned
                // once any str of that character is.
                let interned = vm.is_interned(o)
                    || (is_latin1_char(s.as_str()) && vm.is_interned_text(s.as_str()));
                self.str(s.as_str(), interned, flag)?
            }
            Payload::Tuple(items) if exact(&types.tuple) => self.tuple(items, flag, 0)?,
            Payload::List(items) if exact(&types.list) => {
                let items = items.borrow();
                self.byte(TYPE_LIST | flag);
                self.size(items.len())?;
                for item in items.iter() {
                    self.object(item, 0)?;
                }
            }
            Payload::Dict(_) if exact(&types.dict) => {
                self.byte(TYPE_DICT | flag);
                let data = as_dict(o).map(|d| d.borrow());
                for entry in data.iter().flat_map(|d| d.iter()) {
                    self.object(&entry.key, 0)?;
                    self.object(&entry.value, 0)?;
                }
                self.nested(|w| {
                    w.byte(TYPE_NULL);
                    Ok(())
                })?;
            }
            Payload::Set(_) if exact(&types.set) => self.set(o, TYPE_SET | flag)?,
            Payload::FrozenSet(_) if exact(&types.frozenset) => {
                self.set(o, TYPE_FROZENSET | flag)?
            }
            Payload::Code(c) => self.code(c, flag)?,
            _ => match buffer_contents(vm, o) {
                Some(data) => {
                    self.byte(TYPE_STRING | flag);
                    self.pstring(&data)?;
                }
                None => return Err(Failure::Unmarshallable),
            },
        }
        Ok(())
    }

    /// The identity of a heap object and whether CPython would see it shared.
    fn identity(&self, o: &ObjRef, holds: usize) -> (Identity, bool) {
        let vm = self.vm;
        let class = o.class_ref();
        let exact = |ty: &ObjRef| std::ptr::eq(class, &**ty);
        let singleton = match &o.payload {
            Payload::Tuple(items) if items.is_empty() && exact(&vm.types.tuple) => {
                Some(Identity::EmptyTuple)
            }
            Payload::Bytes(b) if exact(&vm.types.bytes) => match **b {
                [] => Some(Identity::EmptyBytes),
                [byte] => Some(Identity::Byte(byte)),
                _ => None,
            },
            // Interning such a str gives the cached one itself.
            Payload::Str(s) if exact(&vm.types.str) && is_latin1_char(s.as_str()) => {
                s.as_str().chars().next().map(Identity::Char)
            }
            _ => None,
        };
        match singleton {
            Some(identity) => (identity, true),
            None => {
                let shared = vm.is_interned(o) || Rc::strong_count(o) > 1 + holds;
                (Identity::Object(Rc::as_ptr(o) as usize), shared)
            }
        }
    }

    fn int(&mut self, n: i64, flag: u8) {
        match i32::try_from(n) {
            Ok(small) => {
                self.byte(TYPE_INT | flag);
                self.long(small);
            }
            Err(_) => self.long_int(&BigInt::from(n), flag),
        }
    }

    /// `TYPE_LONG`: the digit count (negative for a negative int), then 15-bit
    /// digits, least significant first.
    fn long_int(&mut self, n: &BigInt, flag: u8) {
        self.byte(TYPE_LONG | flag);
        let mut magnitude = n.magnitude().clone();
        let mut digits = Vec::new();
        let mask = num_bigint::BigUint::from((1u32 << LONG_SHIFT) - 1);
        while !magnitude.is_zero() {
            let digit = (&magnitude & &mask).iter_u32_digits().next().unwrap_or(0) as u16;
            digits.push(digit);
            magnitude >>= LONG_SHIFT;
        }
        let count = i32::try_from(digits.len()).unwrap_or(i32::MAX);
        self.long(if n.sign() == Sign::Minus {
            -count
        } else {
            count
        });
        for digit in digits {
            self.out.extend_from_slice(&digit.to_le_bytes());
        }
    }

    /// A float (or a complex's real part): binary from version 2, else as text.
    fn float(&mut self, x: f64, flag: u8, binary: u8, text: u8) {
        self.byte(if self.version > 1 { binary } else { text } | flag);
        self.float_part(x);
    }

    fn float_part(&mut self, x: f64) {
        if self.version > 1 {
            self.out.extend_from_slice(&x.to_le_bytes());
        } else {
            let text = double_to_string(x, 'g', 17, DtoaFlags::default());
            self.short_pstring(text.as_bytes());
        }
    }

    fn str(&mut self, s: &str, interned: bool, flag: u8) -> Written {
        if self.version >= 4 && s.is_ascii() {
            if s.len() < 256 {
                let code = if interned {
                    TYPE_SHORT_ASCII_INTERNED
                } else {
                    TYPE_SHORT_ASCII
                };
                self.byte(code | flag);
                self.short_pstring(s.as_bytes());
            } else {
                let code = if interned {
                    TYPE_ASCII_INTERNED
                } else {
                    TYPE_ASCII
                };
                self.byte(code | flag);
                self.pstring(s.as_bytes())?;
            }
        } else {
            let code = if self.version >= 3 && interned {
                TYPE_INTERNED
            } else {
                TYPE_UNICODE
            };
            self.byte(code | flag);
            self.pstring(s.as_bytes())?;
        }
        Ok(())
    }

    /// A tuple's items, each held `holds` more times by the writer.
    fn tuple(&mut self, items: &[Value], flag: u8, holds: usize) -> Written {
        if self.version >= 4 && items.len() < 256 {
            self.byte(TYPE_SMALL_TUPLE | flag);
            self.byte(items.len() as u8);
        } else {
            self.byte(TYPE_TUPLE | flag);
            self.size(items.len())?;
        }
        for item in items {
            self.object(item, holds)?;
        }
        Ok(())
    }

    /// Sets are written in the order of their elements' own marshal bytes, so the
    /// output does not depend on hashing (bpo-37596). CPython holds each element in
    /// a sorting list while writing it, so each is shared.
    fn set(&mut self, o: &ObjRef, code: u8) -> Written {
        let items = set_items(&Value::Obj(o.clone())).unwrap_or_default();
        self.byte(code);
        self.size(items.len())?;
        let mut keyed = Vec::with_capacity(items.len());
        for item in items {
            let mut alone = Writer::new(self.vm, self.version, self.numbers);
            alone
                .object(&item, 1)
                .map_err(|_| Failure::Unmarshallable)?;
            keyed.push((alone.out, item));
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, item) in keyed {
            self.nested(|w| w.value(&item, 1, true))?;
        }
        Ok(())
    }

    fn code(&mut self, c: &CodeData, flag: u8) -> Written {
        let code = &c.code;
        self.byte(TYPE_CODE | flag);
        for n in [
            code.argcount,
            code.posonlyargcount,
            code.kwonlyargcount,
            code.stacksize,
            code.flags,
        ] {
            self.long(n as i32);
        }
        let at = c as *const CodeData as usize;
        self.field_bytes(&code.code, Some(Identity::CodeBytes(at)))?;
        let tables = &c.tables;
        self.object(&tables.consts, 0)?;
        self.object(&tables.names, 0)?;
        self.object(&tables.localsplusnames, 0)?;
        self.field_bytes(&code.localspluskinds, None)?;
        for name in [&c.filename, &c.name, &c.qualname] {
            // Cloned into a value here: one more reference.
            self.object(&Value::Obj(name.clone()), 1)?;
        }
        self.long(code.firstlineno as i32);
        self.object(&tables.linetable, 0)?;
        self.object(&tables.exceptiontable, 0)
    }

    /// `co_code` or `co_localspluskinds`, which Krait keeps as plain bytes: shared
    /// when empty or given an identity, else written once.
    fn field_bytes(&mut self, data: &[u8], identity: Option<Identity>) -> Written {
        let identity = if data.is_empty() {
            Some(Identity::EmptyBytes)
        } else {
            identity
        };
        self.nested(|w| {
            let flag = match identity {
                Some(identity) => w.reference(identity, true),
                None => Some(0),
            };
            if let Some(flag) = flag {
                w.byte(TYPE_STRING | flag);
                w.pstring(data)?;
            }
            Ok(())
        })
    }
}

/// Whether `s` is one character below 256, which CPython keeps one str of.
fn is_latin1_char(s: &str) -> bool {
    let mut chars = s.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if (c as u32) < 256)
}

/// The bytes of an object that exposes a buffer (bytes and bytearray, their
/// subclasses, memoryview), which marshal writes as bytes.
fn buffer_contents(vm: &Vm, o: &ObjRef) -> Option<Vec<u8>> {
    match &o.payload {
        Payload::Bytes(b) => Some(b.to_vec()),
        Payload::ByteArray(b) => Some(b.borrow().clone()),
        _ => krait_vm::objects::memoryview::contents(vm, &Value::Obj(o.clone()))
            .or_else(|| krait_vm::native::native_buffer(&Value::Obj(o.clone()))),
    }
}
