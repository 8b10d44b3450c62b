//! Which CJK codec names exist, and the WHATWG encoding each one runs on.
//!
//! The tables come from `encoding_rs`, whose encodings are the WHATWG Encoding
//! Standard's. They match CPython's for the common range; the differences known:
//! - `shift_jis` and `cp932` both run on WHATWG Shift_JIS, which is Microsoft's
//!   cp932: `shift_jis` also accepts the NEC and IBM extensions and the
//!   user-defined area (as private-use characters), where CPython refuses them.
//! - `euc_jp` also encodes `¥` and `‾` (as `\` and `~`) and decodes JIS X 0212.
//! - `gb2312` and `gbk` run on WHATWG GBK (cp936), so `gb2312` also accepts GBK's
//!   extra characters, and `gbk` encodes `€` as 0x80.
//! - `euc_kr` and `cp949` run on WHATWG EUC-KR, which is cp949 (Unified Hangul
//!   Code), so `euc_kr` also accepts UHC's extra syllables.
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
    match name {
        "big5" => c == '\u{20ac}',
        _ => false,
    }
}
