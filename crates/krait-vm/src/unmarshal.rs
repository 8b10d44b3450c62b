//! Reading values in `marshal` format (CPython's `r_object` and friends), from a
//! bytes-like object or, taking no more than it needs, from a file's `readinto`.
//! The `marshal` module reads with it, and so does the import system: `.pyc` data
//! and the frozen modules embedded in the binary become objects in one pass.

use std::borrow::Cow;

use crate::objects::code_new::{new_code_from, CodeFields, Origin};
use crate::objects::{bytes, dict, int, set};
use crate::{Exc, PyErr, PyResult, Value, Vm};
use krait_bytecode::marshal::*;
use num_bigint::{BigInt, BigUint, Sign};

/// How deeply values may nest, writing or reading (`MAX_MARSHAL_STACK_DEPTH`).
pub const MAX_DEPTH: usize = 2000;

/// The first value in `data`.
pub fn loads(vm: &mut Vm, data: &[u8]) -> PyResult<Value> {
    Reader::new(vm, Source::Bytes { data, pos: 0 }).read_top()
}

/// The code of a frozen module embedded in the binary, whose operands Krait's
/// compiler made and need no checking.
pub fn load_frozen(vm: &mut Vm, data: &[u8]) -> PyResult<Value> {
    let mut reader = Reader::new(vm, Source::Bytes { data, pos: 0 });
    reader.origin = Origin::Compiler;
    reader.read_top()
}

/// One value read from `file`.
pub fn load(vm: &mut Vm, file: Value) -> PyResult<Value> {
    Reader::new(vm, Source::File(file)).read_top()
}

enum Source<'a> {
    Bytes { data: &'a [u8], pos: usize },
    File(Value),
}

struct Reader<'a, 'v> {
    vm: &'v mut Vm,
    source: Source<'a>,
    /// The objects read with `FLAG_REF`, by index; `None` while one is being read
    /// that can only be registered once complete (tuples, frozensets, code).
    refs: Vec<Option<Value>>,
    depth: usize,
    /// Whose code objects these are.
    origin: Origin,
}

fn eof_error(vm: &mut Vm, message: &str) -> PyErr {
    vm.new_error(Exc::EOFError, message)
}

fn bad_data(vm: &mut Vm, what: &str) -> PyErr {
    vm.new_value_error(format!("bad marshal data ({what})"))
}

impl<'a, 'v> Reader<'a, 'v> {
    fn new(vm: &'v mut Vm, source: Source<'a>) -> Reader<'a, 'v> {
        Reader {
            vm,
            source,
            refs: Vec::new(),
            depth: 0,
            origin: Origin::Outside,
        }
    }

    fn read_top(&mut self) -> PyResult<Value> {
        match self.object()? {
            Some(v) => Ok(v),
            None => Err(self.null_error("object")),
        }
    }

    fn null_error(&mut self, container: &str) -> PyErr {
        self.vm
            .new_type_error(format!("NULL object in marshal data for {container}"))
    }

    // --- the bytes underneath ---------------------------------------------------

    /// `r_string`: exactly `n` bytes.
    fn take(&mut self, n: usize) -> PyResult<Cow<'a, [u8]>> {
        match &mut self.source {
            Source::Bytes { data, pos } => {
                let data: &'a [u8] = data;
                let end = pos.checked_add(n).filter(|end| *end <= data.len());
                let Some(end) = end else {
                    return Err(eof_error(self.vm, "marshal data too short"));
                };
                let taken = &data[*pos..end];
                *pos = end;
                Ok(Cow::Borrowed(taken))
            }
            Source::File(file) => {
                let file = file.clone();
                Ok(Cow::Owned(self.read_from_file(&file, n)?))
            }
        }
    }

    /// How many bytes are left of bytes data (a file's are not known).
    fn remaining(&self) -> usize {
        match &self.source {
            Source::Bytes { data, pos } => data.len() - pos,
            Source::File(_) => usize::MAX,
        }
    }

    /// `n` bytes through `file.readinto(memoryview)`, as CPython reads them. A
    /// count the data claims is read a block at a time, so that a file ending
    /// early is an EOFError, not a buffer of the size claimed.
    fn read_from_file(&mut self, file: &Value, n: usize) -> PyResult<Vec<u8>> {
        const BLOCK: usize = 1 << 20;
        if n <= BLOCK {
            return self.read_block(file, n);
        }
        let mut out = Vec::with_capacity(BLOCK);
        while out.len() < n {
            let block = self.read_block(file, (n - out.len()).min(BLOCK))?;
            out.extend_from_slice(&block);
        }
        Ok(out)
    }

    fn read_block(&mut self, file: &Value, n: usize) -> PyResult<Vec<u8>> {
        let vm = &mut *self.vm;
        let buffer = bytes::new_bytearray(vm, vec![0; n]);
        let view_type = Value::Obj(vm.memoryview_type.clone());
        let view = vm.call1(&view_type, vec![buffer.clone()])?;
        let result = vm.call_method(file, "readinto", vec![view])?;
        let read = crate::abstract_::index(vm, &result)
            .ok()
            .and_then(|v| int::as_i64(&v));
        let Some(read) = read else {
            let given = vm.type_name_of(&result);
            return Err(vm.new_type_error(format!(
                "'{given}' object cannot be interpreted as an integer"
            )));
        };
        if read != n as i64 {
            if read > n as i64 {
                return Err(vm.new_value_error(format!(
                    "read() returned too much data: {n} bytes requested, {read} returned"
                )));
            }
            return Err(eof_error(vm, "EOF read where not expected"));
        }
        Ok(bytes::as_bytes(&buffer).unwrap_or_default())
    }

    /// `r_byte`: the next byte; `None` at the end of bytes data (a file's end is an
    /// error already).
    #[inline]
    fn byte(&mut self) -> PyResult<Option<u8>> {
        match &mut self.source {
            Source::Bytes { data, pos } => {
                let b = data.get(*pos).copied();
                if b.is_some() {
                    *pos += 1;
                }
                Ok(b)
            }
            Source::File(_) => Ok(self.take(1)?.first().copied()),
        }
    }

    /// A byte that must be there: any failure to read it is CPython's "EOF read
    /// where object expected".
    #[inline(always)]
    fn expected_byte(&mut self) -> PyResult<u8> {
        if let Source::Bytes { data, pos } = &mut self.source {
            if let Some(&b) = data.get(*pos) {
                *pos += 1;
                return Ok(b);
            }
        }
        match self.byte() {
            Ok(Some(b)) => Ok(b),
            _ => Err(eof_error(self.vm, "EOF read where object expected")),
        }
    }

    #[inline(always)]
    fn long(&mut self) -> PyResult<i32> {
        // In memory (the common case): four bytes read where they are.
        if let Source::Bytes { data, pos } = &mut self.source {
            if let Some(&[a, b, c, d]) = data.get(*pos..).and_then(|rest| rest.first_chunk()) {
                *pos += 4;
                return Ok(i32::from_le_bytes([a, b, c, d]));
            }
        }
        let b = self.take(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn short(&mut self) -> PyResult<i16> {
        let b = self.take(2)?;
        Ok(i16::from_le_bytes([b[0], b[1]]))
    }

    /// A 32-bit size, refused when negative with "bad marshal data (`what` size out
    /// of range)".
    fn size(&mut self, what: &str) -> PyResult<usize> {
        let n = self.long()?;
        usize::try_from(n).map_err(|_| bad_data(self.vm, &format!("{what} size out of range")))
    }

    fn binary_float(&mut self) -> PyResult<f64> {
        let b = self.take(8)?;
        let mut raw = [0u8; 8];
        raw.copy_from_slice(&b);
        Ok(f64::from_le_bytes(raw))
    }

    /// A float written as text (`TYPE_FLOAT`, versions 0 and 1).
    fn text_float(&mut self) -> PyResult<f64> {
        let n = self.expected_byte()? as usize;
        let text = self.take(n)?;
        let text = String::from_utf8_lossy(&text).into_owned();
        match crate::objects::float::parse_float_prefix(&text) {
            Some((x, used)) if used == text.len() => Ok(x),
            _ => Err(self
                .vm
                .new_value_error(format!("could not convert string to float: '{text}'"))),
        }
    }

    // --- reference slots ----------------------------------------------------------

    fn reserve(&mut self, flag: bool) -> Option<usize> {
        flag.then(|| {
            self.refs.push(None);
            self.refs.len() - 1
        })
    }

    fn fill(&mut self, slot: Option<usize>, value: &Value) {
        if let Some(entry) = slot.and_then(|i| self.refs.get_mut(i)) {
            *entry = Some(value.clone());
        }
    }

    fn registered(&mut self, flag: bool, value: Value) -> Value {
        let slot = self.reserve(flag);
        self.fill(slot, &value);
        value
    }

    // --- objects ----------------------------------------------------------------

    /// `r_object`: one object, or `None` for `TYPE_NULL` (which ends a dict).
    fn object(&mut self) -> PyResult<Option<Value>> {
        let code = self.expected_byte()?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(self
                .vm
                .new_value_error("recursion limit exceeded".to_owned()));
        }
        let result = self.object_of_type(code & !FLAG_REF, code & FLAG_REF != 0);
        self.depth -= 1;
        result
    }

    fn object_of_type(&mut self, kind: u8, flag: bool) -> PyResult<Option<Value>> {
        let vm = &mut *self.vm;
        let value = match kind {
            TYPE_NULL => return Ok(None),
            TYPE_NONE => Value::None,
            TYPE_STOPITER => Value::Obj(vm.exc(Exc::StopIteration).clone()),
            TYPE_ELLIPSIS => vm.ellipsis(),
            TYPE_FALSE => Value::Bool(false),
            TYPE_TRUE => Value::Bool(true),
            TYPE_INT => {
                let n = self.long()?;
                self.registered(flag, Value::Int(n.into()))
            }
            TYPE_INT64 => {
                let b = self.take(8)?;
                let mut raw = [0u8; 8];
                raw.copy_from_slice(&b);
                self.registered(flag, Value::Int(i64::from_le_bytes(raw)))
            }
            TYPE_LONG => {
                let n = self.long_int()?;
                let n = self.vm.new_big_int(n);
                self.registered(flag, n)
            }
            TYPE_FLOAT => {
                let x = self.text_float()?;
                self.registered(flag, Value::Float(x))
            }
            TYPE_BINARY_FLOAT => {
                let x = self.binary_float()?;
                self.registered(flag, Value::Float(x))
            }
            TYPE_COMPLEX | TYPE_BINARY_COMPLEX => {
                let (re, im) = if kind == TYPE_COMPLEX {
                    (self.text_float()?, self.text_float()?)
                } else {
                    (self.binary_float()?, self.binary_float()?)
                };
                let complex = crate::objects::complex::new_complex(self.vm, re, im);
                self.registered(flag, complex)
            }
            TYPE_STRING => {
                let n = self.size("bytes object")?;
                let data = self.take(n)?.into_owned();
                let b = self.vm.new_bytes(data);
                self.registered(flag, b)
            }
            TYPE_ASCII | TYPE_ASCII_INTERNED => {
                let n = self.size("string")?;
                self.ascii(n, kind == TYPE_ASCII_INTERNED, flag)?
            }
            TYPE_SHORT_ASCII | TYPE_SHORT_ASCII_INTERNED => {
                let n = self.expected_byte()? as usize;
                self.ascii(n, kind == TYPE_SHORT_ASCII_INTERNED, flag)?
            }
            TYPE_UNICODE | TYPE_INTERNED => {
                let n = self.size("string")?;
                let data = self.take(n)?;
                let s = match std::str::from_utf8(&data) {
                    Ok(text) => self.new_str(text, kind == TYPE_INTERNED),
                    Err(_) => {
                        let text = bytes::decode(self.vm, &data, "utf-8", "surrogatepass")?;
                        // A str with lone surrogates is never interned.
                        if text.has_surrogates() {
                            self.vm.new_text(text)
                        } else {
                            self.new_str(text.as_str(), kind == TYPE_INTERNED)
                        }
                    }
                };
                self.registered(flag, s)
            }
            TYPE_SMALL_TUPLE | TYPE_TUPLE => {
                let n = if kind == TYPE_SMALL_TUPLE {
                    // At the end of bytes data CPython reads 255 here and fails on
                    // the first item.
                    self.byte()?.unwrap_or(255) as usize
                } else {
                    self.size("tuple")?
                };
                let slot = self.reserve(flag);
                let items = self.items(n, "tuple")?;
                let tuple = self.vm.new_tuple(items);
                self.fill(slot, &tuple);
                tuple
            }
            TYPE_LIST => {
                let n = self.size("list")?;
                self.check_room_for_items(n)?;
                let list = self.registered(flag, vm_list(self.vm));
                for _ in 0..n {
                    let item = self.item("list")?;
                    if let Value::Obj(o) = &list {
                        if let crate::Payload::List(items) = &o.payload {
                            items.borrow_mut().push(item);
                        }
                    }
                }
                list
            }
            TYPE_DICT => {
                let d = self.vm.new_dict();
                let value = self.registered(flag, Value::Obj(d.clone()));
                // Pairs run to a NULL key; a NULL value ends them too.
                while let Some(key) = self.object()? {
                    let Some(item) = self.object()? else { break };
                    dict::dict_set_item(self.vm, &d, key, item)?;
                }
                value
            }
            TYPE_SET | TYPE_FROZENSET => {
                let n = self.size("set")?;
                if kind == TYPE_SET {
                    let s = set::new_set(self.vm, Vec::new())?;
                    let s = self.registered(flag, s);
                    for _ in 0..n {
                        let item = self.item("set")?;
                        set::set_add(self.vm, &s, item)?;
                    }
                    s
                } else {
                    // Frozensets are registered once complete.
                    let slot = self.reserve(flag);
                    let mut items = Vec::new();
                    for _ in 0..n {
                        items.push(self.item("set")?);
                    }
                    let frozen = set::new_frozenset(self.vm, items)?;
                    self.fill(slot, &frozen);
                    frozen
                }
            }
            TYPE_CODE => {
                let slot = self.reserve(flag);
                let Some(code) = self.code()? else {
                    return Ok(None);
                };
                self.fill(slot, &code);
                code
            }
            TYPE_REF => {
                let n = self.long()?;
                let found = usize::try_from(n)
                    .ok()
                    .and_then(|i| self.refs.get(i).cloned().flatten());
                match found {
                    Some(v) => v,
                    None => return Err(bad_data(self.vm, "invalid reference")),
                }
            }
            _ => return Err(bad_data(self.vm, "unknown type code")),
        };
        Ok(Some(value))
    }

    /// An item of a tuple, list or set: NULL is refused.
    fn item(&mut self, container: &str) -> PyResult<Value> {
        match self.object()? {
            Some(v) => Ok(v),
            None => Err(self.null_error(container)),
        }
    }

    /// CPython makes a tuple or list of the size the data claims before reading
    /// its items: a size no memory can hold is a MemoryError there, and is one
    /// here too, though the items are only given room as they come.
    fn check_room_for_items(&mut self, n: usize) -> PyResult<()> {
        if n > self.remaining() {
            // A pointer an item, as in CPython's tuple and list.
            let bytes = n.saturating_mul(std::mem::size_of::<usize>());
            crate::objects::str::check_alloc(self.vm, bytes)?;
        }
        Ok(())
    }

    fn items(&mut self, n: usize, container: &str) -> PyResult<Vec<Value>> {
        self.check_room_for_items(n)?;
        // The count comes from the data: reserve no more than the bytes left
        // could hold (a file's are not known: the rest grows as items come).
        let mut items = Vec::with_capacity(n.min(self.remaining()).min(1 << 16));
        for _ in 0..n {
            items.push(self.item(container)?);
        }
        Ok(items)
    }

    /// An ASCII-typed str: its bytes are taken as latin-1, as CPython takes them.
    fn ascii(&mut self, n: usize, interned: bool, flag: bool) -> PyResult<Value> {
        let data = self.take(n)?;
        let s = match std::str::from_utf8(&data) {
            Ok(text) if data.is_ascii() => self.new_str(text, interned),
            _ => {
                let text: String = data.iter().map(|b| char::from(*b)).collect();
                self.new_str(&text, interned)
            }
        };
        Ok(self.registered(flag, s))
    }

    fn new_str(&mut self, text: &str, interned: bool) -> Value {
        if interned {
            Value::Obj(self.vm.intern(text))
        } else {
            self.vm.new_str(text)
        }
    }

    /// `TYPE_LONG`: a signed count of 15-bit digits, least significant first; the
    /// last must not be zero.
    fn long_int(&mut self) -> PyResult<BigInt> {
        let n = self.long()?;
        if n == 0 {
            return Ok(BigInt::from(0));
        }
        if n == i32::MIN {
            return Err(bad_data(self.vm, "long size out of range"));
        }
        let count = n.unsigned_abs() as usize;
        let mut digits = Vec::new();
        for i in 0..count {
            let digit = self.short()?;
            if digit < 0 {
                return Err(bad_data(self.vm, "digit out of range in long"));
            }
            if digit == 0 && i == count - 1 {
                return Err(bad_data(self.vm, "unnormalized long data"));
            }
            digits.push(digit as u16);
        }
        let mut magnitude = BigUint::from(0u32);
        for digit in digits.iter().rev() {
            magnitude = (magnitude << LONG_SHIFT) + BigUint::from(*digit);
        }
        let sign = if n < 0 { Sign::Minus } else { Sign::Plus };
        Ok(BigInt::from_biguint(sign, magnitude))
    }

    /// A code object's fields, in order; `None` when one of them is NULL.
    fn code(&mut self) -> PyResult<Option<Value>> {
        let argcount = self.long()?;
        let posonlyargcount = self.long()?;
        let kwonlyargcount = self.long()?;
        let stacksize = self.long()?;
        let flags = self.long()?;
        let Some(code) = self.object()? else {
            return Ok(None);
        };
        let Some(consts) = self.object()? else {
            return Ok(None);
        };
        let Some(names) = self.object()? else {
            return Ok(None);
        };
        let Some(localsplusnames) = self.object()? else {
            return Ok(None);
        };
        let Some(localspluskinds) = self.object()? else {
            return Ok(None);
        };
        let Some(filename) = self.object()? else {
            return Ok(None);
        };
        let Some(name) = self.object()? else {
            return Ok(None);
        };
        let Some(qualname) = self.object()? else {
            return Ok(None);
        };
        let firstlineno = self.long()?;
        let Some(linetable) = self.object()? else {
            return Ok(None);
        };
        let Some(exceptiontable) = self.object()? else {
            return Ok(None);
        };
        let fields = CodeFields {
            argcount,
            posonlyargcount,
            kwonlyargcount,
            stacksize,
            flags,
            code,
            consts,
            names,
            localsplusnames,
            localspluskinds,
            filename,
            name,
            qualname,
            firstlineno,
            linetable,
            exceptiontable,
        };
        new_code_from(self.vm, fields, self.origin).map(Some)
    }
}

fn vm_list(vm: &Vm) -> Value {
    vm.new_list(Vec::new())
}
