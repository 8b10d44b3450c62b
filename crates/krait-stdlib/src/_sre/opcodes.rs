//! The numbering of compiled patterns, as `re._constants` (3.11, `MAGIC` 20220615)
//! assigns it: the opcodes, the position tests of `AT`, the classes of `CATEGORY`
//! and the flags of an `INFO` block.

/// An opcode of compiled code, named as in `re._constants`.
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub(crate) enum Op {
    FAILURE = 0,
    SUCCESS = 1,
    ANY = 2,
    ANY_ALL = 3,
    ASSERT = 4,
    ASSERT_NOT = 5,
    AT = 6,
    BRANCH = 7,
    CATEGORY = 8,
    CHARSET = 9,
    BIGCHARSET = 10,
    GROUPREF = 11,
    GROUPREF_EXISTS = 12,
    IN = 13,
    INFO = 14,
    JUMP = 15,
    LITERAL = 16,
    MARK = 17,
    MAX_UNTIL = 18,
    MIN_UNTIL = 19,
    NOT_LITERAL = 20,
    NEGATE = 21,
    RANGE = 22,
    REPEAT = 23,
    REPEAT_ONE = 24,
    SUBPATTERN = 25,
    MIN_REPEAT_ONE = 26,
    ATOMIC_GROUP = 27,
    POSSESSIVE_REPEAT = 28,
    POSSESSIVE_REPEAT_ONE = 29,
    GROUPREF_IGNORE = 30,
    IN_IGNORE = 31,
    LITERAL_IGNORE = 32,
    NOT_LITERAL_IGNORE = 33,
    GROUPREF_LOC_IGNORE = 34,
    IN_LOC_IGNORE = 35,
    LITERAL_LOC_IGNORE = 36,
    NOT_LITERAL_LOC_IGNORE = 37,
    GROUPREF_UNI_IGNORE = 38,
    IN_UNI_IGNORE = 39,
    LITERAL_UNI_IGNORE = 40,
    NOT_LITERAL_UNI_IGNORE = 41,
    RANGE_UNI_IGNORE = 42,
}

impl Op {
    /// Every opcode, indexed by its number.
    const ALL: [Op; 43] = [
        Op::FAILURE,
        Op::SUCCESS,
        Op::ANY,
        Op::ANY_ALL,
        Op::ASSERT,
        Op::ASSERT_NOT,
        Op::AT,
        Op::BRANCH,
        Op::CATEGORY,
        Op::CHARSET,
        Op::BIGCHARSET,
        Op::GROUPREF,
        Op::GROUPREF_EXISTS,
        Op::IN,
        Op::INFO,
        Op::JUMP,
        Op::LITERAL,
        Op::MARK,
        Op::MAX_UNTIL,
        Op::MIN_UNTIL,
        Op::NOT_LITERAL,
        Op::NEGATE,
        Op::RANGE,
        Op::REPEAT,
        Op::REPEAT_ONE,
        Op::SUBPATTERN,
        Op::MIN_REPEAT_ONE,
        Op::ATOMIC_GROUP,
        Op::POSSESSIVE_REPEAT,
        Op::POSSESSIVE_REPEAT_ONE,
        Op::GROUPREF_IGNORE,
        Op::IN_IGNORE,
        Op::LITERAL_IGNORE,
        Op::NOT_LITERAL_IGNORE,
        Op::GROUPREF_LOC_IGNORE,
        Op::IN_LOC_IGNORE,
        Op::LITERAL_LOC_IGNORE,
        Op::NOT_LITERAL_LOC_IGNORE,
        Op::GROUPREF_UNI_IGNORE,
        Op::IN_UNI_IGNORE,
        Op::LITERAL_UNI_IGNORE,
        Op::NOT_LITERAL_UNI_IGNORE,
        Op::RANGE_UNI_IGNORE,
    ];

    /// The opcode numbered `word`, if there is one.
    #[inline]
    pub fn from_word(word: u32) -> Option<Op> {
        Op::ALL.get(word as usize).copied()
    }
}

impl TryFrom<u32> for Op {
    type Error = ();

    fn try_from(word: u32) -> Result<Op, ()> {
        Op::from_word(word).ok_or(())
    }
}

/// The position tests of `AT`.
pub(crate) mod at {
    pub const BEGINNING: u32 = 0;
    pub const BEGINNING_LINE: u32 = 1;
    pub const BEGINNING_STRING: u32 = 2;
    pub const BOUNDARY: u32 = 3;
    pub const NON_BOUNDARY: u32 = 4;
    pub const END: u32 = 5;
    pub const END_LINE: u32 = 6;
    pub const END_STRING: u32 = 7;
    pub const LOC_BOUNDARY: u32 = 8;
    pub const LOC_NON_BOUNDARY: u32 = 9;
    pub const UNI_BOUNDARY: u32 = 10;
    pub const UNI_NON_BOUNDARY: u32 = 11;
    /// How many there are.
    pub const COUNT: u32 = 12;
}

/// The character classes of `CATEGORY`.
pub(crate) mod category {
    pub const DIGIT: u32 = 0;
    pub const NOT_DIGIT: u32 = 1;
    pub const SPACE: u32 = 2;
    pub const NOT_SPACE: u32 = 3;
    pub const WORD: u32 = 4;
    pub const NOT_WORD: u32 = 5;
    pub const LINEBREAK: u32 = 6;
    pub const NOT_LINEBREAK: u32 = 7;
    pub const LOC_WORD: u32 = 8;
    pub const LOC_NOT_WORD: u32 = 9;
    pub const UNI_DIGIT: u32 = 10;
    pub const UNI_NOT_DIGIT: u32 = 11;
    pub const UNI_SPACE: u32 = 12;
    pub const UNI_NOT_SPACE: u32 = 13;
    pub const UNI_WORD: u32 = 14;
    pub const UNI_NOT_WORD: u32 = 15;
    pub const UNI_LINEBREAK: u32 = 16;
    pub const UNI_NOT_LINEBREAK: u32 = 17;
    /// How many there are.
    pub const COUNT: u32 = 18;
}

/// The flags of an `INFO` block.
pub(crate) mod info {
    /// The code starts with a known run of literals.
    pub const PREFIX: u32 = 1;
    /// The whole pattern is that run of literals.
    pub const LITERAL: u32 = 2;
    /// A match starts with a character of a known set.
    pub const CHARSET: u32 = 4;
}

#[cfg(test)]
mod tests {
    use super::Op;

    #[test]
    fn numbers_round_trip() {
        for word in 0..43 {
            assert_eq!(Op::from_word(word).map(|op| op as u32), Some(word));
        }
        assert_eq!(Op::from_word(43), None);
        assert_eq!(Op::from_word(u32::MAX), None);
    }
}
