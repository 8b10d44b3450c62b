//! Which CJK codec names exist, and the WHATWG encoding each one runs on.
//!
//! The tables come from `encoding_rs`, whose encodings are the WHATWG Encoding
//! Standard's. They match CPython's for the common range; the differences known:
//! - `shift_jis` and `cp932` both run on WHATWG Shift_JIS, which is Microsoft's
//!   cp932; `shift_jis` keeps to JIS X 0208's lead bytes (`valid_prefix` and
//!   `refuses`), which leaves out the NEC row 13 and the IBM extensions.
//! - `shift_jis`, `euc_jp` and `iso2022_jp` map six characters as JIS X 0208
//!   does (`JIS_CHARACTERS`: WAVE DASH, not FULLWIDTH TILDE ...); `euc_jp` leaves
//!   out the NEC and IBM rows, but decodes 0x8F 0xA2 0xB7 as U+301C (CPython: `~`).
//! - `cp932` refuses `¥` and `‾` (which WHATWG encodes as `\\` and `~`), and
//!   maps the single bytes 0xA0 and 0xFD..=0xFF to U+F8F0..=U+F8F3 as CPython's
//!   does (`single_byte`).
//! - `gb2312` and `gbk` run on WHATWG GBK (cp936); `gb2312` keeps to byte pairs
//!   in 0xA1..=0xFE and maps two characters as GB 2312 does
//!   (`GB2312_CHARACTERS`), but accepts the cells GB 2312 leaves empty in its
//!   rows. Both
//!   decode GBK's user-defined areas (as private-use characters), which
//!   CPython refuses.
//! - `big5` and `cp950` decode about 250 byte pairs to other characters than
//!   CPython's (Big5-2003's choices: U+2027 for 0xA145, where CPython has
//!   U+2022), and decode the HKSCS and user-defined areas CPython refuses.
//! - `euc_kr` and `cp949` run on WHATWG EUC-KR, which is cp949 (Unified Hangul
//!   Code); `euc_kr` keeps to byte pairs in 0xA1..=0xFE, but does not decode
//!   KS X 1001's eight-byte make-up sequences of syllables as CPython does.
//! - `iso2022_jp` also decodes half-width katakana (ESC ( I) and the NEC row 13.
//!
//! Unsupported (LookupError from `getcodec`): `shift_jis_2004`, `shift_jisx0213`,
//! `euc_jis_2004`, `euc_jisx0213`, `hz`, `johab`, `big5hkscs`, `iso2022_jp_1`,
//! `iso2022_jp_2`, `iso2022_jp_2004`, `iso2022_jp_3`, `iso2022_jp_ext` and
//! `iso2022_kr`.

use encoding_rs::Encoding;

/// The modules that hold codecs (`_codecs_jp` ...), and the names each one gives.
pub const MODULES: [(&str, &[&str]); 6] = [
    ("_codecs_jp", &["shift_jis", "cp932", "euc_jp"]),
    ("_codecs_cn", &["gb2312", "gbk", "gb18030"]),
    ("_codecs_kr", &["euc_kr", "cp949"]),
    ("_codecs_tw", &["big5", "cp950"]),
    ("_codecs_hk", &[]),
    ("_codecs_iso2022", &["iso2022_jp"]),
];

/// The encoding under CPython codec name `name`.
pub fn encoding_of(name: &str) -> Option<&'static Encoding> {
    Some(match name {
        "shift_jis" | "cp932" => encoding_rs::SHIFT_JIS,
        "euc_jp" => encoding_rs::EUC_JP,
        "gb2312" | "gbk" => encoding_rs::GBK,
        "gb18030" => encoding_rs::GB18030,
        "euc_kr" | "cp949" => encoding_rs::EUC_KR,
        "big5" | "cp950" => encoding_rs::BIG5,
        "iso2022_jp" => encoding_rs::ISO_2022_JP,
        _ => return None,
    })
}

/// Whether codec `name` refuses to encode `c` although its WHATWG encoding has it
/// (CPython's tables lack it).
pub fn refuses(name: &str, c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    if own_characters(name).iter().any(|(_, whatwg)| *whatwg == c) {
        return true;
    }
    match name {
        "big5" => c == '\u{20ac}',
        "cp932" => matches!(c, '\u{a5}' | '\u{203e}'),
        // JIS X 0208 as `euc_jp` has it, without JIS X 0201 kana or JIS X 0212.
        "iso2022_jp" => {
            let c = char_to_encode(name, c);
            let mut buffer = [0u8; 4];
            let (bytes, _, unmappable) = encoding_rs::EUC_JP.encode(c.encode_utf8(&mut buffer));
            let jis =
                bytes.len() == 2 && bytes[0] != 0x8e && valid_prefix("euc_jp", &bytes) == Some(2);
            unmappable || !(jis || bytes.len() == 1)
        }
        "shift_jis" | "euc_jp" | "euc_kr" | "gb2312" => {
            let Some(encoding) = encoding_of(name) else {
                return false;
            };
            let mut buffer = [0u8; 4];
            let c = char_to_encode(name, c);
            let (bytes, _, unmappable) = encoding.encode(c.encode_utf8(&mut buffer));
            unmappable || valid_prefix(name, &bytes) != Some(bytes.len())
        }
        _ => false,
    }
}

/// For a codec that keeps to part of its WHATWG encoding, how many bytes at the
/// start of `bytes` are whole sequences of that part; `None` for the others.
pub fn valid_prefix(name: &str, bytes: &[u8]) -> Option<usize> {
    if !matches!(name, "euc_kr" | "gb2312" | "shift_jis" | "euc_jp" | "cp932") {
        return None;
    }
    let mut i = 0;
    while let Some(length) = sequence_in_part(name, &bytes[i..]) {
        i += length;
    }
    Some(i)
}

/// The length of the sequence of codec `name`'s part of its encoding that
/// `bytes` begins with, if it begins with one.
fn sequence_in_part(name: &str, bytes: &[u8]) -> Option<usize> {
    let lead = *bytes.first()?;
    if lead < 0x80 {
        return Some(1);
    }
    let trail = |at: usize, ok: fn(u8) -> bool| bytes.get(at).copied().filter(|b| ok(*b));
    let fits = match name {
        "cp932" if matches!(lead, 0x80 | 0xa1..=0xdf) => return Some(1),
        "cp932" => {
            matches!(lead, 0x81..=0x9f | 0xe0..=0xfc)
                && trail(1, |b| matches!(b, 0x40..=0x7e | 0x80..=0xfc)).is_some()
        }
        "shift_jis" if (0xa1..=0xdf).contains(&lead) => return Some(1),
        "shift_jis" => {
            matches!(lead, 0x81..=0x86 | 0x88..=0x9f | 0xe0..=0xea)
                && trail(1, |b| matches!(b, 0x40..=0x7e | 0x80..=0xfc)).is_some()
        }
        // JIS X 0201 kana, JIS X 0212 and JIS X 0208 without the NEC and IBM rows.
        "euc_jp" if lead == 0x8e => trail(1, |b| (0xa1..=0xdf).contains(&b)).is_some(),
        "euc_jp" if lead == 0x8f => {
            return (trail(1, is_euc).is_some() && trail(2, is_euc).is_some()).then_some(3)
        }
        "euc_jp" => {
            is_euc(lead) && !matches!(lead, 0xad | 0xf9..=0xfc) && trail(1, is_euc).is_some()
        }
        // GB 2312's rows: symbols, then hanzi.
        "gb2312" => matches!(lead, 0xa1..=0xa9 | 0xb0..=0xf7) && trail(1, is_euc).is_some(),
        _ => is_euc(lead) && trail(1, is_euc).is_some(),
    };
    fits.then_some(2)
}

/// The characters JIS X 0208 has where WHATWG's tables (Microsoft's) have
/// others, as CPython's `shift_jis`, `euc_jp` and `iso2022_jp` map them.
const JIS_CHARACTERS: [(char, char); 6] = [
    ('\u{301c}', '\u{ff5e}'),
    ('\u{2016}', '\u{2225}'),
    ('\u{2212}', '\u{ff0d}'),
    ('\u{a2}', '\u{ffe0}'),
    ('\u{a3}', '\u{ffe1}'),
    ('\u{ac}', '\u{ffe2}'),
];

/// The characters GB 2312 has where WHATWG's GBK has others, as CPython's
/// `gb2312` maps them.
const GB2312_CHARACTERS: [(char, char); 2] = [('\u{30fb}', '\u{b7}'), ('\u{2015}', '\u{2014}')];

/// The pairs of (CPython's, WHATWG's) characters codec `name` maps the bytes of
/// to its own.
fn own_characters(name: &str) -> &'static [(char, char)] {
    match name {
        "shift_jis" | "euc_jp" | "iso2022_jp" => &JIS_CHARACTERS,
        "gb2312" => &GB2312_CHARACTERS,
        _ => &[],
    }
}

/// The character codec `name` decodes where its WHATWG encoding gives `c`.
pub fn decoded_char(name: &str, c: char) -> char {
    match own_characters(name).iter().find(|(_, whatwg)| *whatwg == c) {
        Some((own, _)) => *own,
        None => c,
    }
}

/// The character codec `name` encodes `c` as in its WHATWG encoding (`cp932`
/// encodes JIS X 0208's characters too, as Microsoft's).
pub fn char_to_encode(name: &str, c: char) -> char {
    let own = if name == "cp932" {
        &JIS_CHARACTERS
    } else {
        own_characters(name)
    };
    match own.iter().find(|(own, _)| *own == c) {
        Some((_, whatwg)) => *whatwg,
        None => c,
    }
}

fn is_euc(b: u8) -> bool {
    (0xa1..=0xfe).contains(&b)
}

/// The single bytes codec `name` has beyond its WHATWG encoding, and their
/// characters.
const SINGLE_BYTES: [(&str, u8, char); 4] = [
    ("cp932", 0xa0, '\u{f8f0}'),
    ("cp932", 0xfd, '\u{f8f1}'),
    ("cp932", 0xfe, '\u{f8f2}'),
    ("cp932", 0xff, '\u{f8f3}'),
];

/// The character codec `name` decodes byte `b` to, when it is one of those.
pub fn single_char(name: &str, b: u8) -> Option<char> {
    SINGLE_BYTES
        .iter()
        .find(|(n, byte, _)| *n == name && *byte == b)
        .map(|(_, _, c)| *c)
}

/// The byte codec `name` encodes `c` as, when it is one of those.
pub fn single_byte(name: &str, c: char) -> Option<u8> {
    SINGLE_BYTES
        .iter()
        .find(|(n, _, ch)| *n == name && *ch == c)
        .map(|(_, b, _)| *b)
}
