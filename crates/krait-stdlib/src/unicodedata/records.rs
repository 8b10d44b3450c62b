//! The character database: a code point's properties in Unicode 14.0.0, or in
//! Unicode 3.2.0 as CPython's `ucd_3_2_0` reports them (today's record with the
//! changes `tables::CHANGES_3_2_0` lists, characters added since 3.2.0 unassigned).

use super::tables;

/// A table from code points to small numbers in three levels: the top level picks a
/// block of the middle one, which picks a block of leaves.
pub struct Trie<T: 'static, M: 'static, L: 'static> {
    pub leaf_shift: u32,
    pub mid_shift: u32,
    pub top: &'static [T],
    pub mid: &'static [M],
    pub leaf: &'static [L],
}

impl<T, M, L> Trie<T, M, L>
where
    T: Copy + Into<usize>,
    M: Copy + Into<usize>,
    L: Copy + Into<usize>,
{
    /// The value for `cp`; 0 (the value of unassigned code points) past the table.
    pub fn get(&self, cp: u32) -> usize {
        let cp = cp as usize;
        let mid_mask = (1usize << self.mid_shift) - 1;
        let leaf_mask = (1usize << self.leaf_shift) - 1;
        let top = self
            .top
            .get(cp >> (self.leaf_shift + self.mid_shift))
            .map_or(0, |&t| t.into());
        let mid = self
            .mid
            .get((top << self.mid_shift) + ((cp >> self.leaf_shift) & mid_mask))
            .map_or(0, |&m| m.into());
        self.leaf
            .get((mid << self.leaf_shift) + (cp & leaf_mask))
            .map_or(0, |&l| l.into())
    }
}

/// The properties most characters share with many others.
pub struct Properties {
    /// Indexes into `tables::CATEGORY_NAMES`, `BIDIRECTIONAL_NAMES` and
    /// `EAST_ASIAN_WIDTH_NAMES`.
    pub category: u8,
    pub bidirectional: u8,
    pub combining: u8,
    pub east_asian_width: u8,
    pub mirrored: bool,
}

/// A character's numeric values; -1 for none.
pub struct Numeric {
    pub decimal: i8,
    pub digit: i8,
    pub numeric: Option<f64>,
}

/// What Unicode 3.2.0 says differently about a character.
pub struct Change {
    /// Added after 3.2.0: no name, decomposition, combining class or numeric value.
    pub unassigned: bool,
    pub category: u8,
    pub bidirectional: u8,
    pub east_asian_width: u8,
    pub mirrored: bool,
    /// The decimal (and numeric) value: -2 for today's, -1 for none.
    pub decimal: i8,
}

const DECIMAL_UNCHANGED: i8 = -2;

/// Which version of the database a question is asked of: the module's own functions
/// answer for 14.0.0, the methods of `ucd_3_2_0` for 3.2.0.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Version {
    Current,
    V3_2_0,
}

impl Version {
    pub fn name(self) -> &'static str {
        match self {
            Version::Current => tables::UNIDATA_VERSION,
            Version::V3_2_0 => "3.2.0",
        }
    }

    /// The 3.2.0 record of `cp`, when it differs from today's.
    fn change(self, cp: u32) -> Option<&'static Change> {
        match self {
            Version::Current => None,
            Version::V3_2_0 => match tables::CHANGE_INDEX_3_2_0.get(cp) {
                0 => None,
                n => tables::CHANGES_3_2_0.get(n - 1),
            },
        }
    }

    /// Whether `cp` has no character in this version (only 3.2.0 says so of
    /// characters it lacks; today's unassigned ones simply have no properties).
    pub fn is_unassigned(self, cp: u32) -> bool {
        self.change(cp).is_some_and(|c| c.unassigned)
    }

    pub fn category(self, cp: u32) -> &'static str {
        let index = match self.change(cp) {
            Some(change) => change.category,
            None => properties(cp).category,
        };
        name_at(&tables::CATEGORY_NAMES, index)
    }

    pub fn bidirectional(self, cp: u32) -> &'static str {
        let index = match self.change(cp) {
            Some(change) => change.bidirectional,
            None => properties(cp).bidirectional,
        };
        name_at(&tables::BIDIRECTIONAL_NAMES, index)
    }

    pub fn east_asian_width(self, cp: u32) -> &'static str {
        let index = match self.change(cp) {
            Some(change) => change.east_asian_width,
            None => properties(cp).east_asian_width,
        };
        name_at(&tables::EAST_ASIAN_WIDTH_NAMES, index)
    }

    pub fn mirrored(self, cp: u32) -> bool {
        match self.change(cp) {
            Some(change) => change.mirrored,
            None => properties(cp).mirrored,
        }
    }

    pub fn combining(self, cp: u32) -> u8 {
        if self.is_unassigned(cp) {
            return 0;
        }
        properties(cp).combining
    }

    pub fn decimal(self, cp: u32) -> Option<u8> {
        match self.change(cp) {
            Some(change) if change.unassigned => None,
            Some(change) if change.decimal != DECIMAL_UNCHANGED => {
                u8::try_from(change.decimal).ok()
            }
            _ => u8::try_from(numeric_record(cp).decimal).ok(),
        }
    }

    /// The digit value; CPython answers from today's data in either version.
    pub fn digit(self, cp: u32) -> Option<u8> {
        u8::try_from(numeric_record(cp).digit).ok()
    }

    pub fn numeric(self, cp: u32) -> Option<f64> {
        match self.change(cp) {
            Some(change) if change.unassigned => None,
            Some(change) if change.decimal != DECIMAL_UNCHANGED => {
                u8::try_from(change.decimal).ok().map(f64::from)
            }
            _ => numeric_record(cp).numeric,
        }
    }

    /// The decomposition mapping of `cp`: its tag (`""` for a canonical one, else
    /// `<compat>`, `<font>` ...) and code points; `None` when it has none.
    pub fn decomposition(self, cp: u32) -> Option<(&'static str, &'static [u32])> {
        if self.is_unassigned(cp) {
            return None;
        }
        let at = tables::DECOMPOSITION_INDEX.get(cp);
        let header = *tables::DECOMPOSITIONS.get(at)?;
        let count = (header >> 8) as usize;
        if count == 0 {
            return None;
        }
        let tag = name_at(&tables::DECOMPOSITION_TAGS, (header & 0xff) as u8);
        let points = tables::DECOMPOSITIONS.get(at + 1..at + 1 + count)?;
        Some((tag, points))
    }

    /// The character `cp` decomposes to in 3.2.0 where that differs from today's
    /// decomposition (five CJK compatibility ideographs).
    pub fn decomposition_correction(self, cp: u32) -> Option<u32> {
        if self == Version::Current {
            return None;
        }
        tables::NORMALIZATION_3_2_0
            .iter()
            .find(|(from, _)| *from == cp)
            .map(|(_, to)| *to)
    }
}

/// Today's shared properties of `cp` (the record of unassigned code points past the
/// table).
pub fn properties(cp: u32) -> &'static Properties {
    let index = tables::PROPERTY_INDEX.get(cp);
    tables::PROPERTIES
        .get(index)
        .unwrap_or(&tables::PROPERTIES[0])
}

fn numeric_record(cp: u32) -> &'static Numeric {
    let index = tables::NUMERIC_INDEX.get(cp);
    tables::NUMERICS.get(index).unwrap_or(&tables::NUMERICS[0])
}

fn name_at(names: &[&'static str], index: u8) -> &'static str {
    names.get(usize::from(index)).copied().unwrap_or("")
}

/// The composite NFC makes of `first` followed by `second`, besides Hangul.
pub fn composition(first: u32, second: u32) -> Option<u32> {
    tables::COMPOSITIONS
        .binary_search_by(|&(a, b, _)| (a, b).cmp(&(first, second)))
        .ok()
        .and_then(|at| tables::COMPOSITIONS.get(at))
        .map(|&(_, _, composite)| composite)
}
