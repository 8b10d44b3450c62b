//! The `marshal` format, version 4, as CPython 3.11 writes it (`Python/marshal.c`):
//! enough to write and read code objects and their constants, which is what `.pyc`
//! files hold.

use std::collections::HashMap;
use std::rc::Rc;

use num_bigint::{BigInt, Sign};
use num_traits::{ToPrimitive, Zero};

use crate::code::{CodeObject, Constant};

pub const TYPE_NULL: u8 = b'0';
pub const TYPE_NONE: u8 = b'N';
pub const TYPE_FALSE: u8 = b'F';
pub const TYPE_TRUE: u8 = b'T';
pub const TYPE_STOPITER: u8 = b'S';
pub const TYPE_ELLIPSIS: u8 = b'.';
pub const TYPE_INT: u8 = b'i';
/// Read for old data; never written.
pub const TYPE_INT64: u8 = b'I';
pub const TYPE_LONG: u8 = b'l';
pub const TYPE_FLOAT: u8 = b'f';
pub const TYPE_BINARY_FLOAT: u8 = b'g';
pub const TYPE_COMPLEX: u8 = b'x';
pub const TYPE_BINARY_COMPLEX: u8 = b'y';
pub const TYPE_STRING: u8 = b's';
pub const TYPE_INTERNED: u8 = b't';
pub const TYPE_REF: u8 = b'r';
pub const TYPE_TUPLE: u8 = b'(';
pub const TYPE_LIST: u8 = b'[';
pub const TYPE_DICT: u8 = b'{';
pub const TYPE_CODE: u8 = b'c';
pub const TYPE_UNICODE: u8 = b'u';
pub const TYPE_SET: u8 = b'<';
pub const TYPE_FROZENSET: u8 = b'>';
pub const TYPE_ASCII: u8 = b'a';
pub const TYPE_ASCII_INTERNED: u8 = b'A';
pub const TYPE_SMALL_TUPLE: u8 = b')';
pub const TYPE_SHORT_ASCII: u8 = b'z';
pub const TYPE_SHORT_ASCII_INTERNED: u8 = b'Z';
pub const TYPE_UNKNOWN: u8 = b'?';
pub const FLAG_REF: u8 = 0x80;

/// Digits of marshalled ints are 15 bits wide, whatever the platform's digit size.
pub const LONG_SHIFT: u32 = 15;

/// What went wrong reading marshal data; the VM raises it as `ValueError`/`EOFError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarshalError {
    /// "EOF read where object expected" and friends.
    Eof,
    /// "bad marshal data (...)".
    BadData(&'static str),
    /// A value of a type this reader keeps no constant form of (lists, dicts ...).
    Unsupported(u8),
}

impl std::fmt::Display for MarshalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MarshalError::Eof => write!(f, "EOF read where object expected"),
            MarshalError::BadData(why) => write!(f, "bad marshal data ({why})"),
            MarshalError::Unsupported(code) => {
                write!(
                    f,
                    "bad marshal data (unsupported type code {:?})",
                    *code as char
                )
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Writing

/// Serialises one constant to marshal bytes.
pub fn dumps(constant: &Constant) -> Vec<u8> {
    let mut writer = Writer::default();
    writer.count_constant(constant);
    writer.constant(constant);
    writer.out
}

/// Serialises a code object to marshal bytes, as `marshal.dumps(code)` does.
///
/// What CPython's compiler makes one object (equal constants, names tuples and
/// tables of one compilation, merged by `merge_consts_recursive`; the filename all
/// its code shares) is written once with a reference slot (`FLAG_REF`) and then
/// as `TYPE_REF`, so a reader makes one object of it again; identifier-like strs,
/// which code interns, are written as interned.
pub fn dumps_code(code: &CodeObject) -> Vec<u8> {
    let mut writer = Writer::default();
    writer.count_code(code);
    writer.code(code);
    writer.out
}

/// A value that may be shared: a str, bytes, tuple, frozenset or complex, by value.
type Shared = Constant;

#[derive(Default)]
struct Writer {
    out: Vec<u8>,
    /// How often each shareable value occurs in what is written (first pass).
    counts: HashMap<Shared, u32>,
    /// The reference slot of each value written with `FLAG_REF` so far.
    slots: HashMap<Shared, u32>,
}

/// Whether `constant` is an object a reader could share (numbers Krait keeps
/// unboxed and the singletons need no slot; a code object is never repeated).
fn shareable(constant: &Constant) -> bool {
    matches!(
        constant,
        Constant::Str(_)
            | Constant::SurrogateStr(_)
            | Constant::Bytes(_)
            | Constant::Tuple(_)
            | Constant::FrozenSet(_)
            | Constant::BigInt(_)
            | Constant::Complex { .. }
    )
}

/// `all_name_chars`: the strs code interns among its constants.
fn is_identifier_like(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn names_tuple(names: &[Rc<str>]) -> Constant {
    Constant::Tuple(names.iter().map(|n| Constant::Str(n.clone())).collect())
}

impl Writer {
    // --- the first pass: counting -------------------------------------------

    fn count(&mut self, constant: &Constant) -> bool {
        if !shareable(constant) {
            return true;
        }
        let seen = self.counts.entry(constant.clone()).or_insert(0);
        *seen += 1;
        // A repeated container's items are written only once.
        *seen == 1
    }

    fn count_constant(&mut self, constant: &Constant) {
        if !self.count(constant) {
            return;
        }
        match constant {
            Constant::Tuple(items) | Constant::FrozenSet(items) => {
                for item in items.iter() {
                    self.count_constant(item);
                }
            }
            Constant::Code(code) => self.count_code(code),
            _ => {}
        }
    }

    fn count_code(&mut self, code: &CodeObject) {
        for field in [
            Constant::Bytes(Rc::from(code.code.as_slice())),
            Constant::Tuple(Rc::from(code.consts.as_slice())),
            names_tuple(&code.names),
            names_tuple(&code.localsplusnames),
            Constant::Bytes(Rc::from(code.localspluskinds.as_slice())),
            Constant::Str(code.filename.clone()),
            Constant::Str(code.name.clone()),
            Constant::Str(code.qualname.clone()),
            Constant::Bytes(Rc::from(code.linetable.as_slice())),
            Constant::Bytes(Rc::from(code.exceptiontable.as_slice())),
        ] {
            self.count_constant(&field);
        }
    }

    // --- the second pass: writing ---------------------------------------------

    fn u32(&mut self, n: u32) {
        self.out.extend_from_slice(&n.to_le_bytes());
    }

    fn size(&mut self, n: usize) {
        self.u32(n as u32);
    }

    /// Writes the type code of a shareable value, or a reference to it when it
    /// was written before; `false` when a reference was written (nothing follows).
    fn start(&mut self, constant: &Constant, type_code: u8) -> bool {
        if let Some(slot) = self.slots.get(constant) {
            let slot = *slot;
            self.out.push(TYPE_REF);
            self.u32(slot);
            return false;
        }
        if self.counts.get(constant).is_some_and(|n| *n > 1) {
            let slot = self.slots.len() as u32;
            self.slots.insert(constant.clone(), slot);
            self.out.push(type_code | FLAG_REF);
        } else {
            self.out.push(type_code);
        }
        true
    }

    fn str(&mut self, constant: &Constant, s: &str) {
        self.text(constant, s, is_identifier_like(s));
    }

    /// A name (of `co_names` or the localsplus names), which code always interns.
    /// One that is not identifier-like is written apart, never shared with an equal
    /// str constant, which code leaves alone.
    fn name(&mut self, name: &Rc<str>) {
        let constant = Constant::Str(name.clone());
        if is_identifier_like(name) {
            self.text(&constant, name, true);
        } else {
            self.out.push(TYPE_INTERNED);
            self.size(name.len());
            self.out.extend_from_slice(name.as_bytes());
        }
    }

    /// A names tuple; one holding a name that is not identifier-like is written
    /// apart too, so that every name in it reads back interned.
    fn names(&mut self, names: &[Rc<str>]) {
        let small = names.len() < 256;
        let type_code = if small { TYPE_SMALL_TUPLE } else { TYPE_TUPLE };
        if names.iter().all(|n| is_identifier_like(n)) {
            if !self.start(&names_tuple(names), type_code) {
                return;
            }
        } else {
            self.out.push(type_code);
        }
        if small {
            self.out.push(names.len() as u8);
        } else {
            self.size(names.len());
        }
        for name in names {
            self.name(name);
        }
    }

    fn text(&mut self, constant: &Constant, s: &str, interned: bool) {
        let type_code = match (s.is_ascii(), s.len() < 256, interned) {
            (true, true, true) => TYPE_SHORT_ASCII_INTERNED,
            (true, true, false) => TYPE_SHORT_ASCII,
            (true, false, true) => TYPE_ASCII_INTERNED,
            (true, false, false) => TYPE_ASCII,
            (false, _, true) => TYPE_INTERNED,
            (false, _, false) => TYPE_UNICODE,
        };
        if !self.start(constant, type_code) {
            return;
        }
        if type_code == TYPE_SHORT_ASCII || type_code == TYPE_SHORT_ASCII_INTERNED {
            self.out.push(s.len() as u8);
        } else {
            self.size(s.len());
        }
        self.out.extend_from_slice(s.as_bytes());
    }

    fn bytes(&mut self, constant: &Constant, b: &[u8]) {
        if self.start(constant, TYPE_STRING) {
            self.size(b.len());
            self.out.extend_from_slice(b);
        }
    }

    fn tuple(&mut self, constant: &Constant, items: &[Constant]) {
        let small = items.len() < 256;
        if !self.start(constant, if small { TYPE_SMALL_TUPLE } else { TYPE_TUPLE }) {
            return;
        }
        if small {
            self.out.push(items.len() as u8);
        } else {
            self.size(items.len());
        }
        for item in items {
            self.constant(item);
        }
    }

    fn big_int(&mut self, n: &BigInt) {
        let (sign, mut magnitude) = (n.sign(), n.magnitude().clone());
        let mut digits = Vec::new();
        let mask = num_bigint::BigUint::from((1u32 << LONG_SHIFT) - 1);
        while !magnitude.is_zero() {
            let digit = (&magnitude & &mask).to_u16().expect("masked to 15 bits");
            digits.push(digit);
            magnitude >>= LONG_SHIFT;
        }
        let count = digits.len() as i32;
        let signed = if sign == Sign::Minus { -count } else { count };
        self.out.extend_from_slice(&signed.to_le_bytes());
        for d in digits {
            self.out.extend_from_slice(&d.to_le_bytes());
        }
    }

    fn constant(&mut self, constant: &Constant) {
        match constant {
            Constant::None => self.out.push(TYPE_NONE),
            Constant::Ellipsis => self.out.push(TYPE_ELLIPSIS),
            Constant::Bool(true) => self.out.push(TYPE_TRUE),
            Constant::Bool(false) => self.out.push(TYPE_FALSE),
            Constant::Int(n) => match i32::try_from(*n) {
                Ok(small) => {
                    self.out.push(TYPE_INT);
                    self.out.extend_from_slice(&small.to_le_bytes());
                }
                Err(_) => {
                    self.out.push(TYPE_LONG);
                    self.big_int(&BigInt::from(*n));
                }
            },
            Constant::BigInt(n) => {
                if self.start(constant, TYPE_LONG) {
                    self.big_int(n);
                }
            }
            Constant::Float(x) => {
                self.out.push(TYPE_BINARY_FLOAT);
                self.out.extend_from_slice(&x.to_le_bytes());
            }
            Constant::Complex { real, imag } => {
                if self.start(constant, TYPE_BINARY_COMPLEX) {
                    self.out.extend_from_slice(&real.to_le_bytes());
                    self.out.extend_from_slice(&imag.to_le_bytes());
                }
            }
            Constant::Str(s) => self.str(constant, s),
            // Never interned: a lone surrogate is no name character.
            Constant::SurrogateStr(points) => {
                if self.start(constant, TYPE_UNICODE) {
                    let bytes = crate::code::encode_surrogatepass(points);
                    self.size(bytes.len());
                    self.out.extend_from_slice(&bytes);
                }
            }
            Constant::Bytes(b) => self.bytes(constant, b),
            Constant::Tuple(items) => self.tuple(constant, items),
            Constant::FrozenSet(items) => {
                if self.start(constant, TYPE_FROZENSET) {
                    self.size(items.len());
                    for item in items.iter() {
                        self.constant(item);
                    }
                }
            }
            Constant::Code(code) => self.code(code),
        }
    }

    fn code(&mut self, code: &CodeObject) {
        self.out.push(TYPE_CODE);
        for n in [
            code.argcount,
            code.posonlyargcount,
            code.kwonlyargcount,
            code.stacksize,
            code.flags,
        ] {
            self.u32(n);
        }
        self.constant(&Constant::Bytes(Rc::from(code.code.as_slice())));
        self.constant(&Constant::Tuple(Rc::from(code.consts.as_slice())));
        self.names(&code.names);
        self.names(&code.localsplusnames);
        self.constant(&Constant::Bytes(Rc::from(code.localspluskinds.as_slice())));
        self.constant(&Constant::Str(code.filename.clone()));
        self.constant(&Constant::Str(code.name.clone()));
        self.constant(&Constant::Str(code.qualname.clone()));
        self.u32(code.firstlineno);
        self.constant(&Constant::Bytes(Rc::from(code.linetable.as_slice())));
        self.constant(&Constant::Bytes(Rc::from(code.exceptiontable.as_slice())));
    }
}

// ---------------------------------------------------------------------------
// Reading

/// Reads one constant (a code object included) from marshal bytes.
pub fn loads(data: &[u8]) -> Result<Constant, MarshalError> {
    let mut reader = Reader {
        data,
        pos: 0,
        refs: Vec::new(),
    };
    reader.read_constant()
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    refs: Vec<Option<Constant>>,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, MarshalError> {
        let b = *self.data.get(self.pos).ok_or(MarshalError::Eof)?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&[u8], MarshalError> {
        let end = self.pos.checked_add(n).ok_or(MarshalError::Eof)?;
        let slice = self.data.get(self.pos..end).ok_or(MarshalError::Eof)?;
        self.pos = end;
        Ok(slice)
    }

    fn i32(&mut self) -> Result<i32, MarshalError> {
        let b = self.take(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn size(&mut self) -> Result<usize, MarshalError> {
        let n = self.i32()?;
        usize::try_from(n).map_err(|_| MarshalError::BadData("size out of range"))
    }

    fn f64(&mut self) -> Result<f64, MarshalError> {
        let b = self.take(8)?;
        Ok(f64::from_le_bytes(b.try_into().expect("took 8 bytes")))
    }

    fn text_float(&mut self) -> Result<f64, MarshalError> {
        let n = self.byte()? as usize;
        let text =
            std::str::from_utf8(self.take(n)?).map_err(|_| MarshalError::BadData("float"))?;
        text.trim()
            .parse()
            .map_err(|_| MarshalError::BadData("float"))
    }

    /// A str of `n` bytes of UTF-8, which may hold lone surrogates as
    /// `surrogatepass` writes them.
    fn text(&mut self, n: usize) -> Result<Constant, MarshalError> {
        let bytes = self.take(n)?;
        if let Ok(text) = std::str::from_utf8(bytes) {
            return Ok(Constant::Str(Rc::from(text)));
        }
        match crate::code::decode_surrogatepass(bytes) {
            Some(points) => Ok(Constant::str_of(points)),
            None => Err(MarshalError::BadData("str")),
        }
    }

    fn str_of(&mut self, n: usize) -> Result<Rc<str>, MarshalError> {
        let bytes = self.take(n)?;
        // Lone surrogates arrive as CESU-style bytes (surrogatepass); keep the text
        // readable rather than failing the whole load.
        Ok(match std::str::from_utf8(bytes) {
            Ok(s) => Rc::from(s),
            Err(_) => Rc::from(String::from_utf8_lossy(bytes).as_ref()),
        })
    }

    fn seq(&mut self, n: usize) -> Result<Vec<Constant>, MarshalError> {
        let mut items = Vec::with_capacity(n.min(4096));
        for _ in 0..n {
            items.push(self.read_constant()?);
        }
        Ok(items)
    }

    fn read_constant(&mut self) -> Result<Constant, MarshalError> {
        let code = self.byte()?;
        let flag = code & FLAG_REF != 0;
        let kind = code & !FLAG_REF;
        // A flagged object takes its reference slot before its contents are read.
        let slot = if flag {
            self.refs.push(None);
            Some(self.refs.len() - 1)
        } else {
            None
        };
        let value = self.read_kind(kind)?;
        if let Some(slot) = slot {
            self.refs[slot] = Some(value.clone());
        }
        Ok(value)
    }

    fn read_kind(&mut self, kind: u8) -> Result<Constant, MarshalError> {
        Ok(match kind {
            TYPE_NONE => Constant::None,
            TYPE_ELLIPSIS => Constant::Ellipsis,
            TYPE_TRUE => Constant::Bool(true),
            TYPE_FALSE => Constant::Bool(false),
            TYPE_INT => Constant::Int(self.i32()? as i64),
            TYPE_LONG => self.read_long()?,
            TYPE_BINARY_FLOAT => Constant::Float(self.f64()?),
            TYPE_FLOAT => Constant::Float(self.text_float()?),
            TYPE_BINARY_COMPLEX => Constant::Complex {
                real: self.f64()?,
                imag: self.f64()?,
            },
            TYPE_COMPLEX => Constant::Complex {
                real: self.text_float()?,
                imag: self.text_float()?,
            },
            TYPE_STRING => {
                let n = self.size()?;
                Constant::Bytes(Rc::from(self.take(n)?))
            }
            TYPE_UNICODE | TYPE_INTERNED | TYPE_ASCII | TYPE_ASCII_INTERNED => {
                let n = self.size()?;
                self.text(n)?
            }
            TYPE_SHORT_ASCII | TYPE_SHORT_ASCII_INTERNED => {
                let n = self.byte()? as usize;
                Constant::Str(self.str_of(n)?)
            }
            TYPE_SMALL_TUPLE => {
                let n = self.byte()? as usize;
                Constant::Tuple(Rc::from(self.seq(n)?))
            }
            TYPE_TUPLE => {
                let n = self.size()?;
                Constant::Tuple(Rc::from(self.seq(n)?))
            }
            TYPE_FROZENSET => {
                let n = self.size()?;
                Constant::FrozenSet(Rc::from(self.seq(n)?))
            }
            TYPE_REF => {
                let index = self.size()?;
                match self.refs.get(index) {
                    Some(Some(value)) => value.clone(),
                    _ => return Err(MarshalError::BadData("invalid reference")),
                }
            }
            TYPE_CODE => Constant::Code(Rc::new(self.read_code()?)),
            TYPE_NULL | TYPE_STOPITER | TYPE_LIST | TYPE_DICT | TYPE_SET => {
                return Err(MarshalError::Unsupported(kind))
            }
            _ => return Err(MarshalError::BadData("unknown type code")),
        })
    }

    fn read_long(&mut self) -> Result<Constant, MarshalError> {
        let signed = self.i32()?;
        let count = signed.unsigned_abs() as usize;
        let mut magnitude = num_bigint::BigUint::zero();
        let digits = self
            .take(count.checked_mul(2).ok_or(MarshalError::Eof)?)?
            .to_vec();
        for chunk in digits.chunks(2).rev() {
            let digit = u16::from_le_bytes([chunk[0], chunk[1]]);
            if digit >= 1 << LONG_SHIFT {
                return Err(MarshalError::BadData("digit out of range in long"));
            }
            magnitude = (magnitude << LONG_SHIFT) + digit;
        }
        let sign = if signed < 0 { Sign::Minus } else { Sign::Plus };
        let n = BigInt::from_biguint(sign, magnitude);
        Ok(match n.to_i64() {
            Some(small) => Constant::Int(small),
            None => Constant::BigInt(n),
        })
    }

    fn read_str_field(&mut self) -> Result<Rc<str>, MarshalError> {
        match self.read_constant()? {
            Constant::Str(s) => Ok(s),
            _ => Err(MarshalError::BadData("expected a str in a code object")),
        }
    }

    fn read_bytes_field(&mut self) -> Result<Vec<u8>, MarshalError> {
        match self.read_constant()? {
            Constant::Bytes(b) => Ok(b.to_vec()),
            _ => Err(MarshalError::BadData("expected bytes in a code object")),
        }
    }

    fn read_tuple_field(&mut self) -> Result<Vec<Constant>, MarshalError> {
        match self.read_constant()? {
            Constant::Tuple(items) => Ok(items.to_vec()),
            _ => Err(MarshalError::BadData("expected a tuple in a code object")),
        }
    }

    fn read_names_field(&mut self) -> Result<Vec<Rc<str>>, MarshalError> {
        self.read_tuple_field()?
            .into_iter()
            .map(|item| match item {
                Constant::Str(s) => Ok(s),
                _ => Err(MarshalError::BadData("expected a tuple of str")),
            })
            .collect()
    }

    fn read_code(&mut self) -> Result<CodeObject, MarshalError> {
        let argcount = self.i32()? as u32;
        let posonlyargcount = self.i32()? as u32;
        let kwonlyargcount = self.i32()? as u32;
        let stacksize = self.i32()? as u32;
        let flags = self.i32()? as u32;
        let code = self.read_bytes_field()?;
        let consts = self.read_tuple_field()?;
        let names = self.read_names_field()?;
        let localsplusnames = self.read_names_field()?;
        let localspluskinds = self.read_bytes_field()?;
        let filename = self.read_str_field()?;
        let name = self.read_str_field()?;
        let qualname = self.read_str_field()?;
        let firstlineno = self.i32()? as u32;
        let linetable = self.read_bytes_field()?;
        let exceptiontable = self.read_bytes_field()?;
        Ok(CodeObject {
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
        })
    }
}
