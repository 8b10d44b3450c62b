//! Membership in a character set: the items between `IN` (or an `INFO` charset) and
//! the `FAILURE` that closes them, read in order until one decides.

use super::chars::{category_test, in_category, lower_locale, upper_locale, upper_unicode};
use super::opcodes::Op;

const FAILURE: u32 = Op::FAILURE as u32;
const LITERAL: u32 = Op::LITERAL as u32;
const CATEGORY: u32 = Op::CATEGORY as u32;
const CHARSET: u32 = Op::CHARSET as u32;
const RANGE: u32 = Op::RANGE as u32;
const RANGE_UNI_IGNORE: u32 = Op::RANGE_UNI_IGNORE as u32;
const NEGATE: u32 = Op::NEGATE as u32;
const BIGCHARSET: u32 = Op::BIGCHARSET as u32;

/// Whether `ch` is in the set whose items start at `code[0]`. Validation made sure the
/// items are well formed and end with `FAILURE`.
pub fn contains(code: &[u32], ch: u32) -> bool {
    // What a matching item means: flipped by each NEGATE.
    let mut member = true;
    let mut i = 0;
    loop {
        match code[i] {
            FAILURE => return !member,
            LITERAL => {
                if ch == code[i + 1] {
                    return member;
                }
                i += 2;
            }
            CATEGORY => {
                if in_category(code[i + 1], ch) {
                    return member;
                }
                i += 2;
            }
            CHARSET => {
                if ch < 256 && code[i + 1 + (ch as usize >> 5)] & (1 << (ch & 31)) != 0 {
                    return member;
                }
                i += 9;
            }
            RANGE => {
                if code[i + 1] <= ch && ch <= code[i + 2] {
                    return member;
                }
                i += 3;
            }
            RANGE_UNI_IGNORE => {
                if in_range_ignoring_case(code[i + 1], code[i + 2], ch) {
                    return member;
                }
                i += 3;
            }
            NEGATE => {
                member = !member;
                i += 1;
            }
            BIGCHARSET => {
                if in_big_charset(&code[i + 1..], ch) {
                    return member;
                }
                i += 66 + code[i + 1] as usize * 8;
            }
            _ => return false,
        }
    }
}

/// `RANGE_UNI_IGNORE`: `ch` comes lower-cased; its upper case may be in the range
/// instead. Kept out of `contains`, whose loop stays small.
#[cold]
#[inline(never)]
fn in_range_ignoring_case(low: u32, high: u32, ch: u32) -> bool {
    let range = low..=high;
    range.contains(&ch) || range.contains(&upper_unicode(ch))
}

/// `BIGCHARSET` from its block count: a byte per 256-character block naming its
/// bitmap (64 words), then the bitmaps (8 words each).
#[cold]
#[inline(never)]
fn in_big_charset(code: &[u32], ch: u32) -> bool {
    if ch >= 0x10000 {
        return false;
    }
    let high = (ch >> 8) as usize;
    let block = code[1 + high / 4].to_ne_bytes()[high % 4] as usize;
    let low = ch & 255;
    code[65 + block * 8 + (low as usize >> 5)] & (1 << (low & 31)) != 0
}

/// A set of one common shape, which a loop over many characters can test without
/// reading the items each time.
pub enum Shape {
    /// One range.
    Range(u32, u32),
    /// One character class.
    Category(fn(u32) -> bool),
    /// Anything else: ask `contains`.
    Items,
}

/// The shape of the set whose items start at `code[0]`.
pub fn shape(code: &[u32]) -> Shape {
    match code {
        [RANGE, low, high, FAILURE, ..] => Shape::Range(*low, *high),
        [CATEGORY, class, FAILURE, ..] => Shape::Category(category_test(*class)),
        _ => Shape::Items,
    }
}

/// Membership with the locale's case ignored: the lower case, else the upper.
pub fn contains_in_locale(code: &[u32], ch: u32) -> bool {
    let lower = lower_locale(ch);
    if contains(code, lower) {
        return true;
    }
    let upper = upper_locale(ch);
    upper != lower && contains(code, upper)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::_sre::opcodes::category;

    const F: u32 = Op::FAILURE as u32;

    #[test]
    fn items() {
        let set = [Op::LITERAL as u32, 97, Op::RANGE as u32, 48, 57, F];
        assert!(contains(&set, 97));
        assert!(contains(&set, 53));
        assert!(!contains(&set, 98));
        let negated = [Op::NEGATE as u32, Op::CATEGORY as u32, category::DIGIT, F];
        assert!(!contains(&negated, 52));
        assert!(contains(&negated, 65));
        let mut bitmap = vec![Op::CHARSET as u32, 0, 0, 0, 0, 0, 0, 0, 0, F];
        bitmap[1 + (200 >> 5)] |= 1 << (200 & 31);
        assert!(contains(&bitmap, 200));
        assert!(!contains(&bitmap, 201));
        assert!(!contains(&bitmap, 200 + 256));
        let uni = [Op::RANGE_UNI_IGNORE as u32, 0x41, 0x5a, F];
        assert!(contains(&uni, 0x71)); // 'q' upper-cases into A-Z
        assert!(!contains(&uni, 0x31));
    }

    #[test]
    fn shapes() {
        let range = [Op::RANGE as u32, 97, 122, F];
        assert!(matches!(shape(&range), Shape::Range(97, 122)));
        let class = [Op::CATEGORY as u32, category::UNI_DIGIT, F];
        let Shape::Category(test) = shape(&class) else {
            panic!("a lone category is a category shape");
        };
        assert!(test(0x663) && !test(0x41));
        let two = [Op::LITERAL as u32, 1, Op::LITERAL as u32, 2, F];
        assert!(matches!(shape(&two), Shape::Items));
    }

    #[test]
    fn big_charset() {
        // One bitmap, used by block 0x01 (U+0100..U+01FF), holding U+0141.
        let mut set = vec![Op::BIGCHARSET as u32, 1];
        // Every block uses bitmap 0.
        let table = [0u8; 256];
        let words: Vec<u32> = table
            .chunks(4)
            .map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        set.extend(words);
        let mut bitmap = [0u32; 8];
        bitmap[0x41 >> 5] |= 1 << (0x41 & 31);
        set.extend(bitmap);
        set.push(F);
        assert!(contains(&set, 0x141));
        // Block 0x00 shares the bitmap; U+10141 is beyond every block.
        assert!(contains(&set, 0x41));
        assert!(!contains(&set, 0x142));
        assert!(!contains(&set, 0x10141));
    }
}
