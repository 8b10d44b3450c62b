//! The `marshal` format, version 4, as CPython 3.11 writes it (`Python/marshal.c`):
//! enough to write and read code objects and their constants, which is what `.pyc`
//! files hold.

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

/// Serialises a constant (a code object included) to marshal bytes.
pub fn dumps(constant: &Constant) -> Vec<u8> {
    let mut out = Vec::new();
    write_constant(&mut out, constant);
    out
}

/// Serialises a code object to marshal bytes, as `marshal.dumps(code)` does.
pub fn dumps_code(code: &CodeObject) -> Vec<u8> {
    let mut out = Vec::new();
    write_code(&mut out, code);
    out
}

fn write_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn write_size(out: &mut Vec<u8>, n: usize) {
    write_u32(out, n as u32);
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    if s.is_ascii() {
        if s.len() < 256 {
            out.push(TYPE_SHORT_ASCII);
            out.push(s.len() as u8);
        } else {
            out.push(TYPE_ASCII);
            write_size(out, s.len());
        }
    } else {
        out.push(TYPE_UNICODE);
        write_size(out, s.len());
    }
    out.extend_from_slice(s.as_bytes());
}

fn write_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.push(TYPE_STRING);
    write_size(out, b.len());
    out.extend_from_slice(b);
}

fn write_big_int(out: &mut Vec<u8>, n: &BigInt) {
    out.push(TYPE_LONG);
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
    out.extend_from_slice(&signed.to_le_bytes());
    for d in digits {
        out.extend_from_slice(&d.to_le_bytes());
    }
}

fn write_tuple(out: &mut Vec<u8>, items: &[Constant]) {
    if items.len() < 256 {
        out.push(TYPE_SMALL_TUPLE);
        out.push(items.len() as u8);
    } else {
        out.push(TYPE_TUPLE);
        write_size(out, items.len());
    }
    for item in items {
        write_constant(out, item);
    }
}

fn write_constant(out: &mut Vec<u8>, constant: &Constant) {
    match constant {
        Constant::None => out.push(TYPE_NONE),
        Constant::Ellipsis => out.push(TYPE_ELLIPSIS),
        Constant::Bool(true) => out.push(TYPE_TRUE),
        Constant::Bool(false) => out.push(TYPE_FALSE),
        Constant::Int(n) => match i32::try_from(*n) {
            Ok(small) => {
                out.push(TYPE_INT);
                out.extend_from_slice(&small.to_le_bytes());
            }
            Err(_) => write_big_int(out, &BigInt::from(*n)),
        },
        Constant::BigInt(n) => write_big_int(out, n),
        Constant::Float(x) => {
            out.push(TYPE_BINARY_FLOAT);
            out.extend_from_slice(&x.to_le_bytes());
        }
        Constant::Complex { real, imag } => {
            out.push(TYPE_BINARY_COMPLEX);
            out.extend_from_slice(&real.to_le_bytes());
            out.extend_from_slice(&imag.to_le_bytes());
        }
        Constant::Str(s) => write_str(out, s),
        Constant::Bytes(b) => write_bytes(out, b),
        Constant::Tuple(items) => write_tuple(out, items),
        Constant::FrozenSet(items) => {
            out.push(TYPE_FROZENSET);
            write_size(out, items.len());
            for item in items.iter() {
                write_constant(out, item);
            }
        }
        Constant::Code(code) => write_code(out, code),
    }
}

fn write_str_tuple(out: &mut Vec<u8>, names: &[Rc<str>]) {
    let items: Vec<Constant> = names.iter().map(|n| Constant::Str(n.clone())).collect();
    write_tuple(out, &items);
}

fn write_code(out: &mut Vec<u8>, code: &CodeObject) {
    out.push(TYPE_CODE);
    write_u32(out, code.argcount);
    write_u32(out, code.posonlyargcount);
    write_u32(out, code.kwonlyargcount);
    write_u32(out, code.stacksize);
    write_u32(out, code.flags);
    write_bytes(out, &code.code);
    write_tuple(out, &code.consts);
    write_str_tuple(out, &code.names);
    write_str_tuple(out, &code.localsplusnames);
    write_bytes(out, &code.localspluskinds);
    write_str(out, &code.filename);
    write_str(out, &code.name);
    write_str(out, &code.qualname);
    write_u32(out, code.firstlineno);
    write_bytes(out, &code.linetable);
    write_bytes(out, &code.exceptiontable);
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
                Constant::Str(self.str_of(n)?)
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
