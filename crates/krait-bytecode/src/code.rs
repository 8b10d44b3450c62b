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
    Bytes(Rc<[u8]>),
    Tuple(Rc<[Constant]>),
    FrozenSet(Rc<[Constant]>),
    Code(Rc<CodeObject>),
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
