//! The `str` type (CPython's `Objects/unicodeobject.c`): storage, the Unicode
//! character classes behind the predicates and case mappings, `repr`, the operator
//! dunders and `str()` itself. Named methods are in `str_methods.rs`.
//!
//! Storage is UTF-8 with the length in code points cached, so `len()` is O(1) and
//! ASCII strings index in O(1). A Python str may also hold lone surrogates
//! (U+D800..U+DFFF, from `surrogateescape` decoding, `chr()` ...), which UTF-8
//! cannot: the text keeps U+FFFD in each one's place and a side table records which
//! surrogate stands there. Both take three bytes, so byte offsets are the same in
//! the text and in the code points it stands for. Operations that build strs from
//! strs (slicing, concatenation, join, codecs, repr) carry the table; the others see
//! the text, in which a surrogate reads as U+FFFD. Character classes and case
//! mappings come from tables generated from python3.11 (`str/unicode_tables.rs`), so
//! they follow 3.11's Unicode 14 rather than Rust's.

use std::cell::{Cell, OnceCell};
use std::cmp::Ordering;

use thin_vec::ThinVec;

use crate::pyhash;

#[cfg(test)]
mod tests;
mod unicode_tables;

/// A lone surrogate of a str: the byte offset of the U+FFFD that stands for it in
/// the text, and its code point.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Surrogate {
    pub at: usize,
    pub code: u16,
}

/// What stands in the text for a lone surrogate.
const PLACEHOLDER: char = '\u{fffd}';

/// Whether `code` is a surrogate code point.
/// The characters of `s`, gathered in one allocation (ASCII text, the usual
/// case, a byte at a time: `Chars` cannot say its length in advance).
pub fn chars_of(s: &str) -> Vec<char> {
    if s.is_ascii() {
        s.bytes().map(char::from).collect()
    } else {
        s.chars().collect()
    }
}

pub fn is_surrogate(code: u32) -> bool {
    (0xd800..=0xdfff).contains(&code)
}

pub struct PyStr {
    /// A `String` rather than a `Box<str>` so that `s += t` on a str nothing else
    /// refers to can grow it in place (see `eval.rs`).
    value: String,
    char_len: usize,
    /// The lone surrogates, by offset; `None` for the (usual) strs without any.
    /// (Thin vectors, as `checkpoints`: a pointer each keeps a str within the
    /// payload size every object pays for.)
    surrogates: Option<ThinVec<Surrogate>>,
    hash: Cell<i64>,
    /// For non-ASCII strings that get indexed: the byte offset of every
    /// `CHECKPOINT`-th code point, so indexing walks at most `CHECKPOINT - 1` chars.
    checkpoints: OnceCell<ThinVec<u32>>,
}

/// Code points between two entries of `PyStr::checkpoints`.
const CHECKPOINT: usize = 32;

impl PyStr {
    pub fn new(value: &str) -> PyStr {
        PyStr::from_string(value.to_owned())
    }

    pub fn from_string(value: String) -> PyStr {
        PyStr::with_surrogates(value, Vec::new())
    }

    /// A str of `value` whose U+FFFD at the offsets of `surrogates` stand for them
    /// (the offsets in increasing order, each at a U+FFFD of `value`).
    pub fn with_surrogates(value: String, surrogates: Vec<Surrogate>) -> PyStr {
        let char_len = if value.is_ascii() {
            value.len()
        } else {
            value.chars().count()
        };
        PyStr {
            value,
            char_len,
            surrogates: (!surrogates.is_empty()).then(|| ThinVec::from(surrogates)),
            hash: Cell::new(-1),
            checkpoints: OnceCell::new(),
        }
    }

    /// Appends `tail` (the caller holds the only reference to this str).
    pub fn append(&mut self, tail: &PyStr) {
        if tail.has_surrogates() {
            let offset = self.value.len();
            let mut all = self.surrogates.take().unwrap_or_default();
            all.extend(tail.surrogates().iter().map(|s| Surrogate {
                at: s.at + offset,
                code: s.code,
            }));
            self.surrogates = Some(all);
        }
        self.value.push_str(&tail.value);
        self.char_len += tail.char_len;
        self.hash.set(-1);
        self.checkpoints = OnceCell::new();
    }

    /// `self + other`.
    pub fn concat(&self, other: &PyStr) -> PyStr {
        if self.surrogates.is_none() && other.surrogates.is_none() {
            // Both lengths are known: nothing to count again.
            let mut value = String::with_capacity(self.value.len() + other.value.len());
            value.push_str(&self.value);
            value.push_str(&other.value);
            return PyStr {
                value,
                char_len: self.char_len + other.char_len,
                surrogates: None,
                hash: Cell::new(-1),
                checkpoints: OnceCell::new(),
            };
        }
        let mut out = StrBuf::with_capacity(self.value.len() + other.value.len());
        out.push_pystr(self);
        out.push_pystr(other);
        out.into_pystr()
    }

    /// The text, in which each lone surrogate reads as U+FFFD.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Whether the str holds lone surrogates (so `as_str` is not all of it).
    pub fn has_surrogates(&self) -> bool {
        self.surrogates.is_some()
    }

    /// The lone surrogates, by offset.
    pub fn surrogates(&self) -> &[Surrogate] {
        self.surrogates.as_deref().unwrap_or(&[])
    }

    /// The code points, lone surrogates included.
    pub fn code_points(&self) -> CodePoints<'_> {
        CodePoints {
            chars: self.value.char_indices(),
            surrogates: self.surrogates(),
        }
    }

    /// Length in code points.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    pub fn is_ascii(&self) -> bool {
        self.char_len == self.value.len()
    }

    /// `hash(s)`, computed once.
    pub fn hash(&self) -> i64 {
        let cached = self.hash.get();
        if cached != -1 {
            return cached;
        }
        let h = if self.has_surrogates() {
            pyhash::hash_code_points(self.code_points())
        } else {
            pyhash::hash_str(&self.value)
        };
        self.hash.set(h);
        h
    }

    /// Whether two strs hold the same code points.
    pub fn same_text(&self, other: &PyStr) -> bool {
        self.value == other.value && self.surrogates() == other.surrogates()
    }

    /// Code point order (for the usual strs, UTF-8 byte order is the same).
    pub fn cmp_text(&self, other: &PyStr) -> Ordering {
        if !self.has_surrogates() && !other.has_surrogates() {
            return self.value.cmp(&other.value);
        }
        self.code_points().cmp(other.code_points())
    }

    /// The code point at `index` (0 <= index < char_len); a lone surrogate reads as
    /// U+FFFD (`code_point_at` gives it).
    pub fn char_at(&self, index: usize) -> Option<char> {
        if self.is_ascii() {
            self.value.as_bytes().get(index).map(|b| *b as char)
        } else if index >= self.char_len {
            None
        } else {
            self.value[self.byte_offset(index)..].chars().next()
        }
    }

    /// The code point at `index`, lone surrogates included.
    pub fn code_point_at(&self, index: usize) -> Option<u32> {
        let c = self.char_at(index)?;
        if c == PLACEHOLDER && self.has_surrogates() {
            let at = self.byte_offset(index);
            if let Some(s) = self.surrogates().iter().find(|s| s.at == at) {
                return Some(u32::from(s.code));
            }
        }
        Some(c as u32)
    }

    /// The byte offset of code point `index` (may equal the byte length).
    pub fn byte_offset(&self, index: usize) -> usize {
        if self.is_ascii() {
            return index.min(self.value.len());
        }
        if index >= self.char_len {
            return self.value.len();
        }
        // Texts over 4 GiB get no checkpoints and walk from the start.
        let checkpoints = self.checkpoints.get_or_init(|| {
            if self.value.len() > u32::MAX as usize {
                return ThinVec::new();
            }
            self.value
                .char_indices()
                .step_by(CHECKPOINT)
                .map(|(b, _)| b as u32)
                .collect()
        });
        let (from, skip) = match checkpoints.get(index / CHECKPOINT) {
            Some(b) => (*b as usize, index % CHECKPOINT),
            None => (0, index),
        };
        self.value[from..]
            .char_indices()
            .nth(skip)
            .map(|(i, _)| from + i)
            .unwrap_or(self.value.len())
    }

    /// The text of code points `start..end` (clamped); lone surrogates read as U+FFFD.
    pub fn substring(&self, start: usize, end: usize) -> &str {
        let a = self.byte_offset(start);
        let b = self.byte_offset(end.max(start));
        &self.value[a..b]
    }

    /// The str of code points `start..end` (clamped), lone surrogates included.
    pub fn slice(&self, start: usize, end: usize) -> PyStr {
        let a = self.byte_offset(start);
        let b = self.byte_offset(end.max(start));
        self.slice_bytes(a, b)
    }

    /// The str of bytes `a..b` of the text (on character boundaries), lone
    /// surrogates included.
    pub fn slice_bytes(&self, a: usize, b: usize) -> PyStr {
        let surrogates = self
            .surrogates()
            .iter()
            .filter(|s| (a..b).contains(&s.at))
            .map(|s| Surrogate {
                at: s.at - a,
                code: s.code,
            })
            .collect();
        PyStr::with_surrogates(self.value[a..b].to_owned(), surrogates)
    }
}

/// The code points of a str (`PyStr::code_points`).
#[derive(Clone)]
pub struct CodePoints<'a> {
    chars: std::str::CharIndices<'a>,
    surrogates: &'a [Surrogate],
}

impl Iterator for CodePoints<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let (at, c) = self.chars.next()?;
        if let [first, rest @ ..] = self.surrogates {
            if first.at == at {
                self.surrogates = rest;
                return Some(u32::from(first.code));
            }
        }
        Some(c as u32)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.chars.size_hint()
    }
}

/// Lone surrogates read as private-use characters while code that works on text
/// (the format-spec and `str.format` parsers) handles them, and given back after:
/// each distinct surrogate gets a character none of the texts involved holds.
pub struct SurrogateStandIns {
    /// Stand-in and the surrogate it stands for.
    pairs: Vec<(char, u32)>,
    /// The private-use characters the texts hold, which cannot stand in.
    held: Vec<char>,
    next: u32,
}

impl SurrogateStandIns {
    const FIRST: u32 = 0xe000;
    const LAST: u32 = 0xf8ff;

    /// Stand-ins for surrogates of strs whose text is among `texts`.
    pub fn new(texts: &[&str]) -> SurrogateStandIns {
        let private = |c: &char| (Self::FIRST..=Self::LAST).contains(&(*c as u32));
        SurrogateStandIns {
            pairs: Vec::new(),
            held: texts
                .iter()
                .flat_map(|t| t.chars().filter(private))
                .collect(),
            next: Self::FIRST,
        }
    }

    /// The character standing for `code` (a surrogate), `None` once the private-use
    /// characters ran out.
    pub fn stand_in(&mut self, code: u32) -> Option<char> {
        if let Some((c, _)) = self.pairs.iter().find(|(_, s)| *s == code) {
            return Some(*c);
        }
        while self.next <= Self::LAST {
            let c = char::from_u32(self.next)?;
            self.next += 1;
            if !self.held.contains(&c) {
                self.pairs.push((c, code));
                return Some(c);
            }
        }
        None
    }

    /// The text of `s`, its surrogates as stand-ins.
    pub fn plain(&mut self, s: &PyStr) -> Option<String> {
        s.code_points()
            .map(|code| char::from_u32(code).or_else(|| self.stand_in(code)))
            .collect()
    }

    /// The code point `c` stands for (itself unless it is a stand-in).
    pub fn code_point(&self, c: char) -> u32 {
        self.pairs
            .iter()
            .find(|(s, _)| *s == c)
            .map_or(c as u32, |(_, code)| *code)
    }

    /// The str of `chars` with the surrogates given back.
    pub fn restore(&self, chars: impl Iterator<Item = char>) -> StrBuf {
        let mut out = StrBuf::with_capacity(chars.size_hint().0);
        for c in chars {
            out.push_code_point(self.code_point(c));
        }
        out
    }
}

/// Writing formatted text (`write!`) appends it.
impl std::fmt::Write for StrBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

/// A str being built: text and lone surrogates.
#[derive(Default)]
pub struct StrBuf {
    text: String,
    surrogates: Vec<Surrogate>,
}

impl StrBuf {
    pub fn new() -> StrBuf {
        StrBuf::default()
    }

    pub fn with_capacity(bytes: usize) -> StrBuf {
        StrBuf {
            text: String::with_capacity(bytes),
            surrogates: Vec::new(),
        }
    }

    pub fn push(&mut self, c: char) {
        self.text.push(c);
    }

    pub fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Appends any code point below 0x110000, lone surrogates included (others are
    /// ignored).
    pub fn push_code_point(&mut self, code: u32) {
        if is_surrogate(code) {
            self.surrogates.push(Surrogate {
                at: self.text.len(),
                code: code as u16,
            });
            self.text.push(PLACEHOLDER);
        } else if let Some(c) = char::from_u32(code) {
            self.text.push(c);
        }
    }

    /// Appends all of `s`, lone surrogates included.
    pub fn push_pystr(&mut self, s: &PyStr) {
        let offset = self.text.len();
        self.surrogates
            .extend(s.surrogates().iter().map(|x| Surrogate {
                at: x.at + offset,
                code: x.code,
            }));
        self.text.push_str(&s.value);
    }

    /// `push_pystr`, or MemoryError (as CPython's allocator fails) when the
    /// text cannot grow by that much.
    pub fn try_push_pystr(&mut self, vm: &mut Vm, s: &PyStr) -> PyResult<()> {
        if self.text.try_reserve(s.value.len()).is_err() {
            return Err(vm.new_error(Exc::MemoryError, ""));
        }
        self.push_pystr(s);
        Ok(())
    }

    /// The text so far, lone surrogates reading as U+FFFD.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The length of the text so far in UTF-8 bytes (a position to `truncate` to).
    pub fn byte_len(&self) -> usize {
        self.text.len()
    }

    /// Drops what was pushed after byte position `len`.
    pub fn truncate(&mut self, len: usize) {
        self.text.truncate(len);
        self.surrogates.retain(|s| s.at < len);
    }

    pub fn has_surrogates(&self) -> bool {
        !self.surrogates.is_empty()
    }

    pub fn into_pystr(self) -> PyStr {
        PyStr::with_surrogates(self.text, self.surrogates)
    }

    /// The text, lone surrogates becoming U+FFFD.
    pub fn into_string_lossy(self) -> String {
        self.text
    }
}

impl From<String> for StrBuf {
    fn from(text: String) -> StrBuf {
        StrBuf {
            text,
            surrogates: Vec::new(),
        }
    }
}

impl From<&str> for StrBuf {
    fn from(text: &str) -> StrBuf {
        StrBuf::from(text.to_owned())
    }
}

// ---------------------------------------------------------------------------
// Character classes (CPython's `Objects/unicodectype.c`)

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let n = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < n {
                std::cmp::Ordering::Less
            } else if lo > n {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Whether `repr` shows `c` as itself (CPython's `Py_UNICODE_ISPRINTABLE`).
pub fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    in_table(unicode_tables::PRINTABLE, c)
}

pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_table(unicode_tables::ALPHA, c)
}

pub fn is_decimal(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(unicode_tables::DECIMAL, c)
}

pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(unicode_tables::DIGIT, c)
}

pub fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(unicode_tables::NUMERIC, c)
}

pub fn is_alnum(c: char) -> bool {
    is_alpha(c) || is_decimal(c) || is_digit(c) || is_numeric(c)
}

/// CPython's whitespace: Unicode White_Space plus the ASCII separators 0x1c..0x1f.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// The line boundaries of `str.splitlines`.
pub fn is_linebreak(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

pub fn is_xid_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic() || c == '_';
    }
    in_table(unicode_tables::XID_START, c)
}

pub fn is_xid_continue(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    in_table(unicode_tables::XID_CONTINUE, c)
}

/// Category Lt (`ǅ`).
pub fn is_titlecase(c: char) -> bool {
    !c.is_ascii() && in_table(unicode_tables::TITLECASE, c)
}

/// Unicode Lowercase (`'a'.islower()`).
pub fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    in_table(unicode_tables::LOWERCASE, c)
}

/// Unicode Uppercase (`'A'.isupper()`).
pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    in_table(unicode_tables::UPPERCASE, c)
}

pub fn is_cased(c: char) -> bool {
    is_lower(c) || is_upper(c) || is_titlecase(c)
}

/// Appends `c`'s full mapping from `table`, or `c` itself when it has none.
fn push_mapped(out: &mut String, table: &[(u32, &str)], c: char) {
    match table.binary_search_by_key(&(c as u32), |e| e.0) {
        Ok(i) => out.push_str(table[i].1),
        Err(_) => out.push(c),
    }
}

/// The first character of `c`'s full mapping in `table`, or `c` when it has none.
fn first_mapped(table: &[(u32, &str)], c: char) -> char {
    match table.binary_search_by_key(&(c as u32), |e| e.0) {
        Ok(i) => table[i].1.chars().next().unwrap_or(c),
        Err(_) => c,
    }
}

/// CPython's `Py_UNICODE_TOLOWER`: one character for one, the first of the full
/// mapping when that has several (`İ` -> `i`).
pub fn to_lower_one(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    first_mapped(unicode_tables::LOWER_MAP, c)
}

/// CPython's `Py_UNICODE_TOUPPER`: one character for one, the first of the full
/// mapping when that has several (`ß` -> `S`).
pub fn to_upper_one(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    first_mapped(unicode_tables::UPPER_MAP, c)
}

/// Unicode Case_Ignorable (apostrophes, dots, modifiers, combining marks ...).
fn is_case_ignorable(c: char) -> bool {
    in_table(unicode_tables::CASE_IGNORABLE, c)
}

/// Whether the capital sigma at `i` lowercases to the final form `ς`.
fn is_final_sigma(chars: &[char], i: usize) -> bool {
    let before = chars[..i]
        .iter()
        .rev()
        .find(|c| !is_case_ignorable(**c))
        .is_some_and(|c| is_cased(*c));
    let after = chars[i + 1..]
        .iter()
        .find(|c| !is_case_ignorable(**c))
        .is_some_and(|c| is_cased(*c));
    before && !after
}

/// Appends the full lowercase mapping of `chars[i]`, final sigma included.
pub fn push_lower(out: &mut String, chars: &[char], i: usize) {
    let c = chars[i];
    if c == 'Σ' {
        out.push(if is_final_sigma(chars, i) { 'ς' } else { 'σ' });
    } else {
        push_mapped(out, unicode_tables::LOWER_MAP, c);
    }
}

pub fn push_upper(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
    } else {
        push_mapped(out, unicode_tables::UPPER_MAP, c);
    }
}

/// Appends the full titlecase mapping of `c`.
pub fn push_title(out: &mut String, c: char) {
    if !c.is_ascii() {
        if let Ok(i) = unicode_tables::TITLE_MAP.binary_search_by_key(&(c as u32), |e| e.0) {
            out.push_str(unicode_tables::TITLE_MAP[i].1);
            return;
        }
    }
    push_upper(out, c);
}

/// Appends the full case folding of `c`.
pub fn push_casefold(out: &mut String, c: char) {
    if !c.is_ascii() {
        if let Ok(i) = unicode_tables::FOLD_MAP.binary_search_by_key(&(c as u32), |e| e.0) {
            out.push_str(unicode_tables::FOLD_MAP[i].1);
            return;
        }
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        push_mapped(out, unicode_tables::LOWER_MAP, c);
    }
}

// ---------------------------------------------------------------------------
// repr and the type's methods

use crate::abstract_;
use crate::native::add_slot;
use crate::object::{ObjRef, Payload};
use crate::objects::function::Args;
use crate::objects::{add_method_sig, add_new, this};
use crate::signature::Signature;
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};
use krait_bytecode::opcode_table::NB_REMAINDER;

/// `repr()` of a str: single quotes unless the text has single and no double quotes.
pub fn repr_str(s: &str) -> String {
    repr_code_points(
        s.chars().map(|c| c as u32),
        s.contains('\''),
        s.contains('"'),
    )
}

/// `repr()` of a str that may hold lone surrogates (shown as `\udc80`).
pub fn repr_pystr(s: &PyStr) -> String {
    let text = s.as_str();
    repr_code_points(s.code_points(), text.contains('\''), text.contains('"'))
}

fn repr_code_points(points: impl Iterator<Item = u32>, single: bool, double: bool) -> String {
    let quote = if single && !double { '"' } else { '\'' };
    let mut out = String::new();
    out.push(quote);
    for n in points {
        let Some(c) = char::from_u32(n) else {
            out.push_str(&format!("\\u{n:04x}"));
            continue;
        };
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            _ => push_escape(&mut out, n),
        }
    }
    out.push(quote);
    out
}

/// Appends `\xNN`, `\uNNNN` or `\UNNNNNNNN` for code point `n`.
fn push_escape(out: &mut String, n: u32) {
    if n < 0x100 {
        out.push_str(&format!("\\x{n:02x}"));
    } else if n < 0x10000 {
        out.push_str(&format!("\\u{n:04x}"));
    } else {
        out.push_str(&format!("\\U{n:08x}"));
    }
}

/// `ascii()`: escapes every non-ASCII character of a repr.
pub fn ascii_escape(s: &str) -> String {
    ascii_escape_code_points(s.chars().map(|c| c as u32))
}

/// `ascii_escape` of code points, lone surrogates included.
pub fn ascii_escape_code_points(points: impl Iterator<Item = u32>) -> String {
    let mut out = String::new();
    for n in points {
        match char::from_u32(n) {
            Some(c) if n < 0x80 => out.push(c),
            _ => push_escape(&mut out, n),
        }
    }
    out
}

/// The one-character str of code point `code` (a lone surrogate included).
pub fn new_char(vm: &Vm, code: u32) -> Value {
    if let Some(one) = vm.latin1_char(code) {
        return one;
    }
    let mut text = StrBuf::new();
    text.push_code_point(code);
    vm.new_text(text)
}

/// `s[index]` of an exact str `container` by a machine int, when in range: the
/// eval loop's shortcut past the subscript slot (`None` sends it the long way,
/// which also raises the errors).
#[inline]
pub fn exact_str_item(vm: &Vm, container: &ObjRef, index: i64) -> Option<Value> {
    let Payload::Str(s) = &container.payload else {
        return None;
    };
    if !abstract_::is_exact_builtin(container) {
        return None;
    }
    let len = s.char_len() as i64;
    let i = if index < 0 { index + len } else { index };
    if !(0..len).contains(&i) {
        return None;
    }
    if s.is_ascii() {
        return vm.latin1_char(u32::from(s.as_str().as_bytes()[i as usize]));
    }
    Some(new_char(vm, s.code_point_at(i as usize)?))
}

/// The str held by `v`, if it is one.
pub fn as_pystr(v: &Value) -> Option<&PyStr> {
    match v {
        Value::Obj(o) => o.str_data(),
        _ => None,
    }
}

/// CPython's TypeError for a str method called on something else (`str.upper(1)`).
pub fn check_self(vm: &mut Vm, args: &Args, name: &str) -> PyResult<()> {
    let v = this(args);
    match &v {
        Value::Obj(o) if o.str_data().is_some() => Ok(()),
        _ => Err(crate::objects::int::descriptor_self_error(
            vm, name, "str", &v,
        )),
    }
}

/// `self` of a str method, checked to be a str, without copying its text.
pub fn self_obj(vm: &mut Vm, args: &Args) -> PyResult<ObjRef> {
    match this(args) {
        Value::Obj(o) if o.str_data().is_some() => Ok(o),
        other => Err(vm.new_type_error(format!(
            "descriptor requires a 'str' object but received a '{}'",
            vm.type_name_of(&other)
        ))),
    }
}

/// The text of `self` for str methods.
pub fn self_str(vm: &mut Vm, args: &Args) -> PyResult<(ObjRef, String)> {
    match this(args) {
        Value::Obj(o) if o.str_data().is_some() => {
            let s = o
                .str_data()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default();
            Ok((o, s))
        }
        other => Err(vm.new_type_error(format!(
            "descriptor requires a 'str' object but received a '{}'",
            vm.type_name_of(&other)
        ))),
    }
}

static FORMAT: Signature = Signature::of("str", "__format__", "($self, format_spec, /)");
static GETNEWARGS: Signature = Signature::unlisted("str", "__getnewargs__", "($self, /)");

static SIZEOF: crate::signature::Signature =
    crate::signature::Signature::of("str", "__sizeof__", "($self, /)");

pub fn init(vm: &mut Vm) {
    let ty = vm.types.str.clone();
    crate::objects::add_method_sig(vm, &ty, &SIZEOF, |vm, args| {
        crate::objects::object::sizeof(vm, &SIZEOF, args)
    });
    add_new(vm, &ty, str_new);
    // `str()` and `str(x)` without the binding and the `__init__` call.
    crate::objects::set_vectorcall(&ty, 0, 1, |vm, args| match args.first() {
        Some(v) => abstract_::str_(vm, v),
        None => Ok(vm.new_str("")),
    });
    for slot in [
        NativeSlot::Repr(|vm, this| {
            let s = str_of(vm, this)?;
            Ok(vm.new_str(repr_pystr(s)))
        }),
        NativeSlot::Str(str_str),
        NativeSlot::Hash(|vm, this| Ok(str_of(vm, this)?.hash())),
        NativeSlot::Length(|vm, this| Ok(str_of(vm, this)?.char_len())),
        NativeSlot::RichCompare(str_compare),
        NativeSlot::Concat(str_concat),
        NativeSlot::Repeat(str_repeat),
        NativeSlot::Binary(NB_REMAINDER, str_remainder),
        NativeSlot::Contains(str_contains),
        NativeSlot::GetItem(str_subscript),
        NativeSlot::Iter(|vm, this| {
            str_of(vm, this)?;
            crate::objects::iter::container_iter(vm, this)
        }),
    ] {
        add_slot(vm, &ty, slot);
    }
    add_method_sig(vm, &ty, &GETNEWARGS, |vm, args| {
        check_self(vm, &args, GETNEWARGS.name())?;
        let (this, []) = GETNEWARGS.bind(vm, args)?;
        let o = crate::objects::str_methods::bound_str(vm, this)?;
        let copy = copy_of(vm, &o);
        Ok(vm.new_tuple(vec![copy]))
    });
    add_method_sig(vm, &ty, &FORMAT, |vm, args| {
        check_self(vm, &args, FORMAT.name())?;
        let (this, [spec]) = FORMAT.bind(vm, args)?;
        let o = crate::objects::str_methods::bound_str(vm, this)?;
        let spec = spec.expect("required by the signature");
        let Some(spec) = abstract_::value_as_str(&spec) else {
            return Err(vm.new_type_error(format!(
                "__format__() argument must be str, not {}",
                crate::objects::str_methods::argument_type_name(vm, &spec)
            )));
        };
        // An empty spec formats a subclass instance as its str().
        if spec.is_empty() {
            return abstract_::str_(vm, &Value::Obj(o));
        }
        let s = o.str_data().expect("checked by bound_str").as_str();
        let r = crate::objects::format::format_str(vm, s, spec)?;
        Ok(vm.new_str(r))
    });
    crate::objects::str_methods::init(vm, &ty);
}

/// The text of the str a slot runs on (a `str` or a subclass instance, as the
/// wrapper's caller checked): anything else is a TypeError, never a panic.
fn str_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a PyStr> {
    match this {
        Value::Obj(o) if o.str_data().is_some() => Ok(o.str_data().expect("just checked")),
        other => Err(vm.new_type_error(format!(
            "descriptor requires a 'str' object but received a '{}'",
            vm.type_name_of(other)
        ))),
    }
}

/// `str(s)`: an exact str is itself; a subclass instance gives an exact copy.
fn str_str(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    str_of(vm, this)?;
    match this {
        Value::Obj(o) if !std::rc::Rc::ptr_eq(&o.class(), &vm.types.str) => Ok(copy_of(vm, o)),
        _ => Ok(this.clone()),
    }
}

/// `str + str` (`sq_concat`).
/// `a + b` for two exact strs, which the eval loop's fast tier makes without the
/// operator's slot dispatch; `None` for anything else.
#[inline]
pub fn concat_exact(vm: &Vm, a: &Value, b: &Value) -> Option<Value> {
    let (Value::Obj(a), Value::Obj(b)) = (a, b) else {
        return None;
    };
    let str_type = &*vm.types.str;
    if !std::ptr::eq(a.class_ref(), str_type) || !std::ptr::eq(b.class_ref(), str_type) {
        return None;
    }
    let (Payload::Str(a), Payload::Str(b)) = (&a.payload, &b.payload) else {
        return None;
    };
    Some(vm.new_pystr(a.concat(b)))
}

fn str_concat(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    let left = str_of(vm, a)?;
    let Some(right) = as_pystr(b) else {
        return Err(vm.new_type_error(format!(
            "can only concatenate str (not \"{}\") to str",
            vm.type_name_of(b)
        )));
    };
    Ok(vm.new_pystr(left.concat(right)))
}

/// `s * n` and `n * s` (`sq_repeat`), called with the str first.
fn str_repeat(vm: &mut Vm, this: &Value, n: &Value, _op: usize) -> PyResult<Value> {
    let s = str_of(vm, this)?;
    let Some(count) = abstract_::repeat_count(vm, n)? else {
        return Ok(vm.not_implemented());
    };
    let size = repeat_size(vm, s.as_str().len(), count, "repeated string is too long")?;
    if !s.has_surrogates() {
        return Ok(vm.new_str(s.as_str().repeat(count)));
    }
    let mut out = StrBuf::with_capacity(size);
    for _ in 0..count {
        out.push_pystr(s);
    }
    Ok(vm.new_text(out))
}

/// `format % values` (`nb_remainder`): only a str on the left formats.
fn str_remainder(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    let Some(fmt) = as_pystr(a) else {
        return Ok(vm.not_implemented());
    };
    let s = crate::objects::percent::percent_format(vm, fmt, b)?;
    Ok(vm.new_text(s))
}

/// `needle in s`.
fn str_contains(vm: &mut Vm, this: &Value, needle: &Value) -> PyResult<bool> {
    let s = str_of(vm, this)?;
    match as_pystr(needle) {
        // Lone surrogates read as U+FFFD in the text: compared as code points.
        Some(n) if s.has_surrogates() || n.has_surrogates() => {
            let haystack: Vec<u32> = s.code_points().collect();
            let needle: Vec<u32> = n.code_points().collect();
            Ok(needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle))
        }
        Some(n) => Ok(s.as_str().contains(n.as_str())),
        None => Err(vm.new_type_error(format!(
            "'in <string>' requires string as left operand, not {}",
            vm.type_name_of(needle)
        ))),
    }
}

/// A new exact str with the code points of the str (or str subclass instance) `o`.
fn copy_of(vm: &Vm, o: &ObjRef) -> Value {
    let mut text = StrBuf::new();
    if let Some(s) = o.str_data() {
        text.push_pystr(s);
    }
    vm.new_text(text)
}

/// Fails with MemoryError, as CPython's allocator does, when `n` bytes cannot be had,
/// instead of aborting the process.
pub fn check_alloc(vm: &mut Vm, n: usize) -> PyResult<()> {
    if n > isize::MAX as usize || Vec::<u8>::new().try_reserve_exact(n).is_err() {
        return Err(vm.new_error(Exc::MemoryError, ""));
    }
    Ok(())
}

/// The byte size of `seq * count`, or OverflowError with `message` past `isize::MAX`.
pub fn repeat_size(vm: &mut Vm, len: usize, count: usize, message: &str) -> PyResult<usize> {
    match len.checked_mul(count) {
        Some(n) if n <= isize::MAX as usize => {
            check_alloc(vm, n)?;
            Ok(n)
        }
        _ => Err(vm.new_overflow_error(message.to_owned())),
    }
}

/// `s[key]`: a one-character str, or a str for a slice.
fn str_subscript(vm: &mut Vm, this: &Value, key: &Value) -> PyResult<Value> {
    let s = str_of(vm, this)?;
    if let Value::Obj(k) = key {
        if let Payload::Slice { .. } = k.payload {
            let (start, _stop, step, len) = crate::objects::slice::indices(vm, k, || s.char_len())?;
            if len == 0 {
                return Ok(vm.new_str(""));
            }
            if step == 1 {
                let start = start as usize;
                return Ok(vm.new_pystr(s.slice(start, start + len)));
            }
            if s.has_surrogates() {
                let points: Vec<u32> = s.code_points().collect();
                let mut out = StrBuf::with_capacity(len);
                for n in 0..len {
                    out.push_code_point(points[(start + n as isize * step) as usize]);
                }
                return Ok(vm.new_text(out));
            }
            let mut out = String::with_capacity(len);
            if s.is_ascii() {
                let bytes = s.as_str().as_bytes();
                for n in 0..len {
                    out.push(bytes[(start + n as isize * step) as usize] as char);
                }
            } else {
                let chars: Vec<char> = s.as_str().chars().collect();
                for n in 0..len {
                    out.push(chars[(start + n as isize * step) as usize]);
                }
            }
            return Ok(vm.new_str(out));
        }
    }
    let index = abstract_::subscript_index(vm, key, |t| {
        format!("string indices must be integers, not '{t}'")
    })?;
    let len = s.char_len() as isize;
    let i = if index < 0 { index + len } else { index };
    if i < 0 || i >= len {
        return Err(vm.new_index_error("string index out of range".to_owned()));
    }
    let code = s.code_point_at(i as usize).unwrap_or(0);
    Ok(new_char(vm, code))
}

static NEW: Signature = Signature::new(
    "str",
    "($type, object=<unrepresentable>, encoding='utf-8', errors='strict')",
);

/// `str(object='')` and `str(bytes, encoding, errors)`.
fn str_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (class, parsed) = NEW.bind::<3>(vm, args)?;
    let class = match class {
        Some(Value::Obj(c)) if c.type_data().is_some() => c,
        _ => vm.types.str.clone(),
    };
    for (value, name) in [(&parsed[1], "encoding"), (&parsed[2], "errors")] {
        if let Some(v) = value
            .as_ref()
            .filter(|v| abstract_::value_as_str(v).is_none())
        {
            return Err(vm.new_type_error(format!(
                "str() argument '{name}' must be str, not {}",
                crate::objects::str_methods::argument_type_name(vm, v)
            )));
        }
    }
    let value = match (&parsed[0], &parsed[1], &parsed[2]) {
        (None, _, _) => vm.new_str(""),
        (Some(v), None, None) => abstract_::str_(vm, v)?,
        (Some(v), _, _) => {
            let Some(bytes) = crate::objects::bytes::bytes_like(vm, v)? else {
                return Err(vm.new_type_error(format!(
                    "decoding to str: need a bytes-like object, {} found",
                    vm.type_name_of(v)
                )));
            };
            let encoding = parsed[1]
                .as_ref()
                .and_then(abstract_::value_as_str)
                .unwrap_or("utf-8")
                .to_owned();
            let errors = parsed[2]
                .as_ref()
                .and_then(abstract_::value_as_str)
                .unwrap_or("strict")
                .to_owned();
            if crate::objects::str_methods::is_builtin_codec(&encoding) {
                let s = crate::objects::bytes::decode(vm, &bytes, &encoding, &errors)?;
                vm.new_text(s)
            } else {
                let source = v.clone();
                crate::objects::str_methods::run_registered_codec(
                    vm, source, &encoding, &errors, false,
                )?
            }
        }
    };
    if std::rc::Rc::ptr_eq(&class, &vm.types.str) {
        return Ok(value);
    }
    let mut text = StrBuf::new();
    if let Some(s) = as_pystr(&value) {
        text.push_pystr(s);
    }
    Ok(Value::Obj(crate::objects::typeobject::new_instance(
        vm,
        &class,
        Payload::Str(text.into_pystr()),
    )))
}

/// Strs compare by code points (UTF-8 byte order is code point order).
fn str_compare(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    let (Some(a), Some(b)) = (as_pystr(a), as_pystr(b)) else {
        return Ok(vm.not_implemented());
    };
    let ordering = a.cmp_text(b);
    Ok(Value::Bool(abstract_::ordering_result(Some(ordering), op)))
}
