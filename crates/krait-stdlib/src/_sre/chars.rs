//! What the matcher asks of one character: the classes of `CATEGORY` and the word
//! tests of `AT`, and the case mappings of the three case-insensitive families (ASCII,
//! the C library's locale, Unicode). Characters are code points as `u32`, lone
//! surrogates included; those are in no class and have no other case.

use krait_vm::objects::str as unicode;

use super::opcodes::category;

/// `\n`, the only line break outside Unicode mode.
#[inline]
pub fn is_linebreak(ch: u32) -> bool {
    ch == u32::from(b'\n')
}

#[inline]
fn is_digit(ch: u32) -> bool {
    (u32::from(b'0')..=u32::from(b'9')).contains(&ch)
}

/// ASCII whitespace: space, `\t`, `\n`, `\v`, `\f`, `\r`.
#[inline]
fn is_space(ch: u32) -> bool {
    ch == 0x20 || (0x09..=0x0d).contains(&ch)
}

/// An ASCII letter, digit or `_`.
#[inline]
pub fn is_word(ch: u32) -> bool {
    ch < 128 && (ch as u8 == b'_' || (ch as u8).is_ascii_alphanumeric())
}

/// A letter, digit or `_` of the current C locale (only single bytes can be).
pub fn is_locale_word(ch: u32) -> bool {
    // SAFETY: `isalnum` accepts any value of `unsigned char`, which `ch` is here.
    ch == u32::from(b'_') || (ch < 256 && unsafe { libc::isalnum(ch as libc::c_int) } != 0)
}

#[inline]
fn as_char(ch: u32) -> Option<char> {
    char::from_u32(ch)
}

fn is_unicode_digit(ch: u32) -> bool {
    if ch < 128 {
        return is_digit(ch);
    }
    as_char(ch).is_some_and(unicode::is_decimal)
}

fn is_unicode_space(ch: u32) -> bool {
    if ch < 128 {
        return is_space(ch) || (0x1c..=0x1f).contains(&ch);
    }
    as_char(ch).is_some_and(unicode::is_space)
}

fn is_unicode_linebreak(ch: u32) -> bool {
    as_char(ch).is_some_and(unicode::is_linebreak)
}

/// A Unicode letter, digit or numeral, or `_` (`str.isalnum`'s sense).
pub fn is_unicode_word(ch: u32) -> bool {
    if ch < 128 {
        return is_word(ch);
    }
    as_char(ch).is_some_and(unicode::is_alnum)
}

/// Whether `ch` is in class `class` (a `CATEGORY` argument that validation accepted).
pub fn in_category(class: u32, ch: u32) -> bool {
    match class {
        category::DIGIT => is_digit(ch),
        category::NOT_DIGIT => !is_digit(ch),
        category::SPACE => is_space(ch),
        category::NOT_SPACE => !is_space(ch),
        category::WORD => is_word(ch),
        category::NOT_WORD => !is_word(ch),
        category::LINEBREAK => is_linebreak(ch),
        category::NOT_LINEBREAK => !is_linebreak(ch),
        category::LOC_WORD => is_locale_word(ch),
        category::LOC_NOT_WORD => !is_locale_word(ch),
        category::UNI_DIGIT => is_unicode_digit(ch),
        category::UNI_NOT_DIGIT => !is_unicode_digit(ch),
        category::UNI_SPACE => is_unicode_space(ch),
        category::UNI_NOT_SPACE => !is_unicode_space(ch),
        category::UNI_WORD => is_unicode_word(ch),
        category::UNI_NOT_WORD => !is_unicode_word(ch),
        category::UNI_LINEBREAK => is_unicode_linebreak(ch),
        category::UNI_NOT_LINEBREAK => !is_unicode_linebreak(ch),
        _ => false,
    }
}

/// The test of class `class`, for loops that apply one class to many characters.
pub fn category_test(class: u32) -> fn(u32) -> bool {
    match class {
        category::DIGIT => is_digit,
        category::NOT_DIGIT => |ch| !is_digit(ch),
        category::SPACE => is_space,
        category::NOT_SPACE => |ch| !is_space(ch),
        category::WORD => is_word,
        category::NOT_WORD => |ch| !is_word(ch),
        category::LINEBREAK => is_linebreak,
        category::NOT_LINEBREAK => |ch| !is_linebreak(ch),
        category::LOC_WORD => is_locale_word,
        category::LOC_NOT_WORD => |ch| !is_locale_word(ch),
        category::UNI_DIGIT => is_unicode_digit,
        category::UNI_NOT_DIGIT => |ch| !is_unicode_digit(ch),
        category::UNI_SPACE => is_unicode_space,
        category::UNI_NOT_SPACE => |ch| !is_unicode_space(ch),
        category::UNI_WORD => is_unicode_word,
        category::UNI_NOT_WORD => |ch| !is_unicode_word(ch),
        category::UNI_LINEBREAK => is_unicode_linebreak,
        category::UNI_NOT_LINEBREAK => |ch| !is_unicode_linebreak(ch),
        _ => |_| false,
    }
}

/// The lower case of an ASCII letter; anything else unchanged.
#[inline]
pub fn lower_ascii(ch: u32) -> u32 {
    if (u32::from(b'A')..=u32::from(b'Z')).contains(&ch) {
        ch + 32
    } else {
        ch
    }
}

/// The lower case in the current C locale, for single bytes.
pub fn lower_locale(ch: u32) -> u32 {
    if ch < 256 {
        // SAFETY: `tolower` accepts any value of `unsigned char`, which `ch` is here.
        (unsafe { libc::tolower(ch as libc::c_int) }) as u32
    } else {
        ch
    }
}

/// The upper case in the current C locale, for single bytes.
pub fn upper_locale(ch: u32) -> u32 {
    if ch < 256 {
        // SAFETY: `toupper` accepts any value of `unsigned char`, which `ch` is here.
        (unsafe { libc::toupper(ch as libc::c_int) }) as u32
    } else {
        ch
    }
}

/// The simple (one-to-one) Unicode lower case.
#[inline]
pub fn lower_unicode(ch: u32) -> u32 {
    if ch < 128 {
        return lower_ascii(ch);
    }
    as_char(ch).map_or(ch, |c| u32::from(unicode::to_lower_one(c)))
}

/// The simple (one-to-one) Unicode upper case.
pub fn upper_unicode(ch: u32) -> u32 {
    if ch < 128 {
        return if (u32::from(b'a')..=u32::from(b'z')).contains(&ch) {
            ch - 32
        } else {
            ch
        };
    }
    as_char(ch).map_or(ch, |c| u32::from(unicode::to_upper_one(c)))
}

/// Whether `ch` equals the pattern's `literal` in the locale's either case.
pub fn equals_in_locale(literal: u32, ch: u32) -> bool {
    ch == literal || lower_locale(ch) == literal || upper_locale(ch) == literal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories() {
        assert!(in_category(category::DIGIT, u32::from(b'7')));
        assert!(!in_category(category::DIGIT, 0x663)); // ARABIC-INDIC DIGIT THREE
        assert!(in_category(category::UNI_DIGIT, 0x663));
        assert!(in_category(category::SPACE, 0x0b));
        assert!(!in_category(category::SPACE, 0x1c));
        assert!(in_category(category::UNI_SPACE, 0x1c));
        assert!(in_category(category::UNI_SPACE, 0x3000));
        assert!(in_category(category::UNI_WORD, 0xe9));
        assert!(!in_category(category::WORD, 0xe9));
        assert!(in_category(category::UNI_LINEBREAK, 0x2028));
        assert!(!in_category(category::LINEBREAK, 0x2028));
        // A lone surrogate is in no class.
        assert!(in_category(category::UNI_NOT_WORD, 0xd800));
        assert!(!in_category(category::UNI_SPACE, 0xd800));
        // The tests for loops agree with the single ones.
        for class in 0..category::COUNT {
            for ch in [
                0x30, 0x41, 0x5f, 0x20, 0x0a, 0xe9, 0x663, 0x2028, 0x3000, 0xd800,
            ] {
                assert_eq!(category_test(class)(ch), in_category(class, ch));
            }
        }
    }

    #[test]
    fn locale() {
        // Tests run in the C locale, where only ASCII letters have cases.
        assert!(is_locale_word(u32::from(b'a')) && is_locale_word(u32::from(b'_')));
        assert!(!is_locale_word(0xe9) && !is_locale_word(0x100));
        assert_eq!(lower_locale(u32::from(b'Q')), u32::from(b'q'));
        assert_eq!(upper_locale(u32::from(b'q')), u32::from(b'Q'));
        assert_eq!(lower_locale(0xc9), 0xc9);
        assert_eq!(upper_locale(0x1e9e), 0x1e9e);
        assert!(equals_in_locale(u32::from(b'a'), u32::from(b'A')));
        assert!(!equals_in_locale(u32::from(b'a'), u32::from(b'b')));
    }

    #[test]
    fn cases() {
        assert_eq!(lower_unicode(0x130), u32::from(b'i'));
        assert_eq!(upper_unicode(0xdf), u32::from(b'S'));
        assert_eq!(lower_unicode(0x3a3), 0x3c3);
        assert_eq!(upper_unicode(0x3c2), 0x3a3);
        assert_eq!(lower_unicode(0xdc80), 0xdc80);
        assert_eq!(lower_ascii(0xc9), 0xc9);
        assert_eq!(lower_ascii(u32::from(b'Q')), u32::from(b'q'));
    }
}
