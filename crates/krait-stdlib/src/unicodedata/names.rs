//! Character names, their aliases and the named sequences: `name()` and `lookup()`,
//! which `\N{...}` escapes and the `namereplace` error handler use too.
//!
//! Names are kept as `tables.rs` describes: Hangul syllables and the names ending in
//! their own code point are made by rule, the others are read from a phrasebook of
//! word numbers. Looking a name up reads every phrasebook name once, the first time,
//! into an index of name hashes.

use std::sync::OnceLock;

use super::records::Version;
use super::tables;

const HANGUL_PREFIX: &str = "HANGUL SYLLABLE ";
const HANGUL_BASE: u32 = 0xAC00;
const HANGUL_COUNT: u32 = 11172;
/// Unified ideographs are found by this prefix in capitals only, as in CPython.
const UNIFIED_PREFIX: &str = "CJK UNIFIED IDEOGRAPH-";

/// CPython refuses longer names before looking ("name too long").
pub const NAME_MAXLEN: usize = 256;

/// What a name stands for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Named {
    Char(u32),
    Sequence(&'static [u32]),
}

/// The name of `cp` in `version`, if it has one.
pub fn name(version: Version, cp: u32) -> Option<String> {
    if version.is_unassigned(cp) {
        return None;
    }
    if (HANGUL_BASE..HANGUL_BASE + HANGUL_COUNT).contains(&cp) {
        return Some(hangul_name(cp - HANGUL_BASE));
    }
    if let Some(prefix) = hex_named_prefix(cp) {
        return Some(format!("{prefix}{cp:04X}"));
    }
    phrasebook_name(cp)
}

fn hangul_name(index: u32) -> String {
    let part = |names: &[&'static str], i: u32| names.get(i as usize).copied().unwrap_or("");
    let lead = part(&tables::HANGUL_LEADS, index / 588);
    let vowel = part(&tables::HANGUL_VOWELS, index % 588 / 28);
    let trail = part(&tables::HANGUL_TRAILS, index % 28);
    format!("{HANGUL_PREFIX}{lead}{vowel}{trail}")
}

/// The prefix of `cp`'s name when it is named by its code point in hex.
fn hex_named_prefix(cp: u32) -> Option<&'static str> {
    let at = tables::HEX_NAMED.partition_point(|&(_, last, _)| last < cp);
    let &(first, _, prefix) = tables::HEX_NAMED.get(at)?;
    if cp < first {
        return None;
    }
    tables::HEX_NAME_PREFIXES.get(usize::from(prefix)).copied()
}

// ---------------------------------------------------------------------------
// The phrasebook

fn symbol_value(symbol: u8) -> usize {
    tables::SYMBOLS
        .bytes()
        .position(|s| s == symbol)
        .unwrap_or(0)
}

/// A reader of the phrasebook's symbols.
struct Symbols<'a> {
    text: &'a [u8],
    at: usize,
}

impl Symbols<'_> {
    fn next(&mut self) -> usize {
        let value = self.text.get(self.at).map_or(0, |&s| symbol_value(s));
        self.at += 1;
        value
    }

    /// A word number in one, two or three symbols.
    fn word(&mut self) -> usize {
        const RADIX: usize = 92;
        let one = tables::ONE_SYMBOL_WORDS;
        let two = tables::TWO_SYMBOL_LEADS;
        let lead = self.next();
        if lead < one {
            return lead;
        }
        if lead < one + two {
            return one + (lead - one) * RADIX + self.next();
        }
        let high = (lead - one - two) * RADIX * RADIX;
        let middle = self.next() * RADIX;
        one + two * RADIX + high + middle + self.next()
    }
}

/// Word number `n` of the lexicon.
fn word(n: usize) -> &'static str {
    let run = tables::WORD_RUNS.partition_point(|&(first, _, _)| usize::from(first) <= n);
    let Some(&(first, offset, length)) = run.checked_sub(1).and_then(|r| tables::WORD_RUNS.get(r))
    else {
        return "";
    };
    let start = offset as usize + (n - usize::from(first)) * usize::from(length);
    tables::LEXICON
        .get(start..start + usize::from(length))
        .unwrap_or("")
}

/// Calls `visit` with each code point of block entry `block_at` of
/// `tables::NAME_BLOCKS` and its name (as words), in order, until it returns true.
fn visit_block(block_at: usize, visit: &mut dyn FnMut(u32, &[&'static str]) -> bool) {
    let Some(&(block, start)) = tables::NAME_BLOCKS.get(block_at) else {
        return;
    };
    let end = tables::NAME_BLOCKS
        .get(block_at + 1)
        .map_or(tables::PHRASEBOOK.len(), |&(_, next)| next as usize);
    let text = tables::PHRASEBOOK.as_bytes().get(..end).unwrap_or_default();
    let mut symbols = Symbols {
        text,
        at: start as usize,
    };
    let mut words: Vec<&'static str> = Vec::new();
    while symbols.at < end {
        let cp = u32::from(block) * tables::NAME_BLOCK + symbols.next() as u32;
        let shared = symbols.next();
        let count = symbols.next();
        words.truncate(shared);
        for _ in 0..count {
            let n = symbols.word();
            words.push(word(n));
        }
        if visit(cp, &words) {
            return;
        }
    }
}

fn phrasebook_name(cp: u32) -> Option<String> {
    let block = cp / tables::NAME_BLOCK;
    let block_at = tables::NAME_BLOCKS
        .binary_search_by_key(&block, |&(b, _)| u32::from(b))
        .ok()?;
    let mut found = None;
    visit_block(block_at, &mut |named, words| {
        if named == cp {
            found = Some(words.join(" "));
        }
        named >= cp
    });
    found
}

// ---------------------------------------------------------------------------
// Lookup

/// The character or sequence named `name` in `version`: names compare without
/// regard to ASCII case, except those of Hangul syllables and unified ideographs,
/// which are made by rule from capitals. Aliases count, and named sequences when
/// `sequences` is set; 3.2.0 has neither.
pub fn lookup(version: Version, name: &[u8], sequences: bool) -> Option<Named> {
    if let Some(syllable) = name.strip_prefix(HANGUL_PREFIX.as_bytes()) {
        return hangul_syllable(syllable).map(Named::Char);
    }
    if let Some(digits) = name.strip_prefix(UNIFIED_PREFIX.as_bytes()) {
        return unified_ideograph(digits).map(Named::Char);
    }
    let upper = name.to_ascii_uppercase();
    let upper = std::str::from_utf8(&upper).ok()?;
    if let Some(cp) = table_name(upper) {
        return (!version.is_unassigned(cp)).then_some(Named::Char(cp));
    }
    if version == Version::V3_2_0 {
        return None;
    }
    if let Some(&(_, cp)) = tables::ALIASES.iter().find(|(alias, _)| *alias == upper) {
        return Some(Named::Char(cp));
    }
    if !sequences {
        return None;
    }
    let &(_, start, length) = tables::NAMED_SEQUENCES
        .iter()
        .find(|(sequence, _, _)| *sequence == upper)?;
    let start = usize::from(start);
    tables::SEQUENCE_POINTS
        .get(start..start + usize::from(length))
        .map(Named::Sequence)
}

/// A Hangul syllable by its jamo short names: the longest lead, vowel and trail
/// that match in turn must spell the whole name.
fn hangul_syllable(name: &[u8]) -> Option<u32> {
    fn longest(names: &[&str], text: &[u8]) -> Option<(usize, usize)> {
        names
            .iter()
            .enumerate()
            .filter(|(_, n)| text.starts_with(n.as_bytes()))
            .max_by_key(|(i, n)| (n.len(), std::cmp::Reverse(*i)))
            .map(|(i, n)| (i, n.len()))
    }
    let (lead, a) = longest(&tables::HANGUL_LEADS, name)?;
    let (vowel, b) = longest(&tables::HANGUL_VOWELS, name.get(a..)?)?;
    let (trail, c) = longest(&tables::HANGUL_TRAILS, name.get(a + b..)?)?;
    if a + b + c != name.len() {
        return None;
    }
    Some(HANGUL_BASE + ((lead * 21 + vowel) * 28 + trail) as u32)
}

/// A unified ideograph by four or five capital hex digits.
fn unified_ideograph(digits: &[u8]) -> Option<u32> {
    if !(4..=5).contains(&digits.len()) {
        return None;
    }
    let mut cp = 0u32;
    for &d in digits {
        let value = match d {
            b'0'..=b'9' => d - b'0',
            b'A'..=b'F' => d - b'A' + 10,
            _ => return None,
        };
        cp = cp * 16 + u32::from(value);
    }
    (hex_named_prefix(cp) == Some(UNIFIED_PREFIX)).then_some(cp)
}

/// The character whose name (from the phrasebook, or another prefix with its code
/// point in hex) is `upper`.
fn table_name(upper: &str) -> Option<u32> {
    for prefix in tables::HEX_NAME_PREFIXES {
        if prefix == UNIFIED_PREFIX {
            continue;
        }
        if let Some(digits) = upper.strip_prefix(prefix) {
            let cp = u32::from_str_radix(digits, 16).ok()?;
            let canonical = format!("{cp:04X}") == digits;
            return (canonical && hex_named_prefix(cp) == Some(prefix)).then_some(cp);
        }
    }
    let hash = name_hash(upper.split(' '));
    let index = name_index();
    let from = index.partition_point(|&(h, _)| h < hash);
    index
        .get(from..)?
        .iter()
        .take_while(|&&(h, _)| h == hash)
        .map(|&(_, cp)| cp)
        .find(|&cp| phrasebook_name(cp).as_deref() == Some(upper))
}

/// FNV-1a over the words of a name and the spaces between them.
fn name_hash<'a>(words: impl Iterator<Item = &'a str>) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut feed = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    for (i, word) in words.enumerate() {
        if i > 0 {
            feed(b' ');
        }
        word.bytes().for_each(&mut feed);
    }
    hash
}

/// (hash of name, code point) of every phrasebook name, sorted.
fn name_index() -> &'static [(u64, u32)] {
    static INDEX: OnceLock<Vec<(u64, u32)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = Vec::new();
        for block_at in 0..tables::NAME_BLOCKS.len() {
            visit_block(block_at, &mut |cp, words| {
                index.push((name_hash(words.iter().copied()), cp));
                false
            });
        }
        index.sort_unstable();
        index
    })
}
