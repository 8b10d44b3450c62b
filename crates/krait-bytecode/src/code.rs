//! Code objects as CPython 3.11 lays them out (`Include/cpython/code.h`): the
//! `co_*` fields, with locals, cells and free variables kept together as
//! "localsplus" names and kinds.

use std::rc::Rc;

use num_bigint::BigInt;

/// A compile-time constant, as it can appear in `co_consts` (and in `marshal` data).
#[derive(Debug, Clone)]
pub enum Constant {
    None,
    Ellipsis,
    Bool(bool),
    Int(i64),
    /// An int outside `i64`; never holds a value that fits `Int`.
    BigInt(BigInt),
    Float(f64),
    Complex {
        real: f64,
        imag: f64,
    },
    Str(Rc<str>),
    /// A str holding lone surrogates (U+D800 to U+DFFF), which `Str` cannot: its
    /// code points. Text without one is always a `Str` (`Constant::str_of`).
    SurrogateStr(Rc<[u32]>),
    Bytes(Rc<[u8]>),
    Tuple(Rc<[Constant]>),
    FrozenSet(Rc<[Constant]>),
    Code(Rc<CodeObject>),
}

impl Constant {
    /// The str constant of `points`: a `Str` unless one of them is a lone surrogate.
    /// Points above U+10FFFF are not code points and must not be passed.
    pub fn str_of(points: Vec<u32>) -> Constant {
        if points.iter().any(|p| is_surrogate(*p)) {
            return Constant::SurrogateStr(Rc::from(points));
        }
        let text: String = points.iter().filter_map(|p| char::from_u32(*p)).collect();
        Constant::Str(Rc::from(text))
    }

    /// The code points of a str constant, lone surrogates included.
    pub fn str_points(&self) -> Option<Vec<u32>> {
        match self {
            Constant::Str(s) => Some(s.chars().map(u32::from).collect()),
            Constant::SurrogateStr(points) => Some(points.to_vec()),
            _ => None,
        }
    }
}

/// Whether `point` is a surrogate, which a Python str may hold alone.
pub fn is_surrogate(point: u32) -> bool {
    (0xd800..=0xdfff).contains(&point)
}

/// `points` in UTF-8 as the `surrogatepass` error handler writes it (and marshal
/// stores strs): a lone surrogate takes three bytes, as any other point below
/// U+10000, and two in a row stay two.
pub fn encode_surrogatepass(points: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(points.len());
    for &p in points {
        match p {
            0..=0x7f => out.push(p as u8),
            0x80..=0x7ff => out.extend([0xc0 | (p >> 6) as u8, 0x80 | (p & 0x3f) as u8]),
            0x800..=0xffff => out.extend([
                0xe0 | (p >> 12) as u8,
                0x80 | ((p >> 6) & 0x3f) as u8,
                0x80 | (p & 0x3f) as u8,
            ]),
            _ => out.extend([
                0xf0 | (p >> 18) as u8,
                0x80 | ((p >> 12) & 0x3f) as u8,
                0x80 | ((p >> 6) & 0x3f) as u8,
                0x80 | (p & 0x3f) as u8,
            ]),
        }
    }
    out
}

/// The code points of UTF-8 that may hold surrogates written by `surrogatepass`;
/// `None` for bytes that are not that.
pub fn decode_surrogatepass(bytes: &[u8]) -> Option<Vec<u32>> {
    let mut points = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                points.extend(text.chars().map(u32::from));
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                points.extend(std::str::from_utf8(valid).ok()?.chars().map(u32::from));
                // What stopped the decoder must be a surrogate's three bytes.
                let [lead @ 0xed, b1 @ 0xa0..=0xbf, b2 @ 0x80..=0xbf, ..] = *after else {
                    return None;
                };
                points.push(
                    (u32::from(lead) & 0x0f) << 12
                        | (u32::from(b1) & 0x3f) << 6
                        | (u32::from(b2) & 0x3f),
                );
                rest = &after[3..];
            }
        }
    }
    Some(points)
}

impl PartialEq for Constant {
    /// Constants are equal when they are the same kind and value; floats compare by bit
    /// pattern so that `0.0` and `-0.0` (and NaNs) stay distinct, as the compiler's
    /// constant de-duplication requires.
    fn eq(&self, other: &Self) -> bool {
        use Constant::*;
        match (self, other) {
            (None, None) | (Ellipsis, Ellipsis) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (BigInt(a), BigInt(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            (Complex { real: a, imag: b }, Complex { real: c, imag: d }) => {
                a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
            }
            (Str(a), Str(b)) => a == b,
            (SurrogateStr(a), SurrogateStr(b)) => a == b,
            (Bytes(a), Bytes(b)) => a == b,
            (Tuple(a), Tuple(b)) | (FrozenSet(a), FrozenSet(b)) => a == b,
            (Code(a), Code(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// Floats compare by bit pattern, so equality is an equivalence.
impl Eq for Constant {}

impl std::hash::Hash for Constant {
    /// Hashes what `eq` compares: the kind and the value (floats by bits, code
    /// objects by identity), so constants can key a de-duplicating map.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        use Constant::*;
        std::mem::discriminant(self).hash(state);
        match self {
            None | Ellipsis => {}
            Bool(b) => b.hash(state),
            Int(n) => n.hash(state),
            BigInt(n) => n.hash(state),
            Float(x) => x.to_bits().hash(state),
            Complex { real, imag } => {
                real.to_bits().hash(state);
                imag.to_bits().hash(state);
            }
            Str(s) => s.hash(state),
            SurrogateStr(points) => points.hash(state),
            Bytes(b) => b.hash(state),
            Tuple(items) | FrozenSet(items) => items.hash(state),
            Code(code) => Rc::as_ptr(code).hash(state),
        }
    }
}

/// The kind byte of each localsplus slot (`co_localspluskinds`).
pub struct LocalKind;

impl LocalKind {
    pub const ARG_VAR: u8 = 0x02;
    pub const ARG_VARARGS: u8 = 0x04;
    pub const ARG_VARKEYWORDS: u8 = 0x08;
    pub const HIDDEN: u8 = 0x10;
    pub const LOCAL: u8 = 0x20;
    pub const CELL: u8 = 0x40;
    pub const FREE: u8 = 0x80;
}

/// `co_flags` bits (`Include/cpython/code.h`).
pub struct CodeFlags;

impl CodeFlags {
    pub const OPTIMIZED: u32 = 0x0001;
    pub const NEWLOCALS: u32 = 0x0002;
    pub const VARARGS: u32 = 0x0004;
    pub const VARKEYWORDS: u32 = 0x0008;
    pub const NESTED: u32 = 0x0010;
    pub const GENERATOR: u32 = 0x0020;
    pub const NOFREE: u32 = 0x0040;
    pub const COROUTINE: u32 = 0x0080;
    pub const ITERABLE_COROUTINE: u32 = 0x0100;
    pub const ASYNC_GENERATOR: u32 = 0x0200;
    pub const FUTURE_DIVISION: u32 = 0x20000;
    pub const FUTURE_ABSOLUTE_IMPORT: u32 = 0x40000;
    pub const FUTURE_WITH_STATEMENT: u32 = 0x80000;
    pub const FUTURE_PRINT_FUNCTION: u32 = 0x100000;
    pub const FUTURE_UNICODE_LITERALS: u32 = 0x200000;
    pub const FUTURE_BARRY_AS_BDFL: u32 = 0x400000;
    pub const FUTURE_GENERATOR_STOP: u32 = 0x800000;
    pub const FUTURE_ANNOTATIONS: u32 = 0x1000000;
}

/// A CPython 3.11 code object. Field names follow `co_*` without the prefix.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeObject {
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub stacksize: u32,
    pub flags: u32,
    /// Code units: opcode byte, argument byte; `CACHE` units included, unspecialised.
    pub code: Vec<u8>,
    pub consts: Vec<Constant>,
    pub names: Vec<Rc<str>>,
    pub localsplusnames: Vec<Rc<str>>,
    pub localspluskinds: Vec<u8>,
    pub filename: Rc<str>,
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub firstlineno: u32,
    /// `co_linetable` in 3.11's location-table format (`Objects/locations.md`).
    pub linetable: Vec<u8>,
    /// `co_exceptiontable` (`Objects/exception_handling_notes.txt`).
    pub exceptiontable: Vec<u8>,
}

impl CodeObject {
    fn names_with_kind(&self, mask: u8) -> Vec<Rc<str>> {
        self.localsplusnames
            .iter()
            .zip(&self.localspluskinds)
            .filter(|(_, kind)| *kind & mask != 0)
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// `co_varnames`: the plain locals, arguments first.
    pub fn varnames(&self) -> Vec<Rc<str>> {
        self.names_with_kind(LocalKind::LOCAL)
    }

    /// `co_cellvars`: locals that inner functions capture.
    pub fn cellvars(&self) -> Vec<Rc<str>> {
        self.names_with_kind(LocalKind::CELL)
    }

    /// `co_freevars`: variables captured from enclosing functions.
    pub fn freevars(&self) -> Vec<Rc<str>> {
        self.names_with_kind(LocalKind::FREE)
    }

    /// `co_nlocals`: the number of `co_varnames`.
    pub fn nlocals(&self) -> usize {
        self.localspluskinds
            .iter()
            .filter(|kind| **kind & LocalKind::LOCAL != 0)
            .count()
    }
}
