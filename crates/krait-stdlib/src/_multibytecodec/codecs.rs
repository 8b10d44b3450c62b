//! Which CJK codec names exist, and the WHATWG encoding each one runs on.
//!
//! The tables come from `encoding_rs`, whose encodings are the WHATWG Encoding
//! Standard's. They match CPython's for the common range; the differences known:
//! - `shift_jis` and `cp932` both run on WHATWG Shift_JIS, which is Microsoft's
//!   cp932; `shift_jis` keeps to JIS X 0208's lead bytes (`valid_prefix` and
//!   `refuses`), which leaves out the NEC row 13 and the IBM extensions.
//! - `euc_jp` also encodes `¥` and `‾` (as `\` and `~`) and decodes JIS X 0212.
//! - `gb2312` and `gbk` run on WHATWG GBK (cp936); `gb2312` keeps to byte pairs
//!   in 0xA1..=0xFE, but accepts the user-defined rows there (as private-use
//!   characters).
//! - `euc_kr` and `cp949` run on WHATWG EUC-KR, which is cp949 (Unified Hangul
//!   Code); `euc_kr` keeps to byte pairs in 0xA1..=0xFE, but does not decode
//!   KS X 1001's eight-byte make-up sequences of syllables as CPython does.
//! - `big5` and `cp950` run on WHATWG Big5, which decodes HKSCS too.
//! - `iso2022_jp` also decodes half-width katakana (ESC ( I).
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
    match name {
        "big5" => c == '\u{20ac}',
        "shift_jis" | "euc_kr" | "gb2312" => {
            let Some(encoding) = encoding_of(name) else {
                return false;
            };
            let mut buffer = [0u8; 4];
            let (bytes, _, unmappable) = encoding.encode(c.encode_utf8(&mut buffer));
            unmappable || valid_prefix(name, &bytes) != Some(bytes.len())
        }
        _ => false,
    }
}

/// For a codec that keeps to part of its WHATWG encoding, how many bytes at the
/// start of `bytes` are whole sequences of that part; `None` for the others.
pub fn valid_prefix(name: &str, bytes: &[u8]) -> Option<usize> {
    let pair: fn(u8, u8) -> bool = match name {
        "euc_kr" | "gb2312" => |lead, trail| is_euc(lead) && is_euc(trail),
        "shift_jis" => |lead, trail| {
            matches!(lead, 0x81..=0x86 | 0x88..=0x9f | 0xe0..=0xea)
                && matches!(trail, 0x40..=0x7e | 0x80..=0xfc)
        },
        _ => return None,
    };
    let single = |b: u8| b < 0x80 || (name == "shift_jis" && (0xa1..=0xdf).contains(&b));
    let mut i = 0;
    while i < bytes.len() {
        if single(bytes[i]) {
            i += 1;
        } else if i + 1 < bytes.len() && pair(bytes[i], bytes[i + 1]) {
            i += 2;
        } else {
            break;
        }
    }
    Some(i)
}

fn is_euc(b: u8) -> bool {
    (0xa1..=0xfe).contains(&b)
}
