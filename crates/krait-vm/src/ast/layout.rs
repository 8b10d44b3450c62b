//! The text a tree built from `ast` nodes is compiled against. The compiler reads
//! lines and columns from byte offsets into its source, so the text here has, for
//! each line the tree's positions use, a line of spaces as wide as the largest
//! column on it, and a position `(line, col)` becomes that line's start plus `col`.
//! CPython's columns count UTF-8 bytes, as offsets do.

use std::collections::BTreeMap;

use ruff_text_size::{TextRange, TextSize};

/// The largest text laid out; a tree reaching further is compiled another way.
const MAX_TEXT: usize = 1 << 28;

/// The lines a tree uses and the largest column on each.
#[derive(Default)]
pub struct Extent {
    widths: BTreeMap<u32, u32>,
    too_far: bool,
}

impl Extent {
    /// Notes the node positions `[lineno, col_offset, end_lineno, end_col_offset]`.
    pub fn note(&mut self, position: [i64; 4]) {
        let [line, col, end_line, end_col] = position;
        self.note_point(line, col);
        self.note_point(end_line, end_col);
    }

    fn note_point(&mut self, line: i64, col: i64) {
        let (line, col) = clamp(line, col);
        match (u32::try_from(line), u32::try_from(col)) {
            (Ok(line), Ok(col)) => {
                let width = self.widths.entry(line).or_insert(0);
                *width = (*width).max(col);
            }
            _ => self.too_far = true,
        }
    }
}

/// Lines before the first and columns before the line's start are taken as the
/// first line and the line's start: no offset comes before them.
fn clamp(line: i64, col: i64) -> (i64, i64) {
    (line.max(1), col.max(0))
}

pub struct Layout {
    text: String,
    /// Where each line starts, the first line at index 0.
    line_starts: Vec<u32>,
}

impl Layout {
    /// The text for `extent`, or None when it would be too large.
    pub fn new(extent: &Extent) -> Option<Layout> {
        if extent.too_far {
            return None;
        }
        let last = extent.widths.keys().next_back().copied().unwrap_or(1);
        let mut size = 0usize;
        for line in 1..=last {
            size += extent.widths.get(&line).copied().unwrap_or(0) as usize + 1;
            if size > MAX_TEXT {
                return None;
            }
        }
        let mut text = String::with_capacity(size);
        let mut line_starts = Vec::with_capacity(last as usize);
        for line in 1..=last {
            line_starts.push(text.len() as u32);
            let width = extent.widths.get(&line).copied().unwrap_or(0) as usize;
            text.push_str(&" ".repeat(width));
            text.push('\n');
        }
        Some(Layout { text, line_starts })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The offset of `(line, col)`, kept inside the text.
    pub fn offset(&self, line: i64, col: i64) -> TextSize {
        let (line, col) = clamp(line, col);
        let index = usize::try_from(line - 1)
            .unwrap_or(0)
            .min(self.line_starts.len().saturating_sub(1));
        let start = self.line_starts.get(index).copied().unwrap_or(0) as usize;
        let next = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |n| *n as usize - 1);
        let col = usize::try_from(col).unwrap_or(usize::MAX).min(next - start);
        TextSize::from((start + col) as u32)
    }

    /// The range of a node at `[lineno, col_offset, end_lineno, end_col_offset]`;
    /// an end before the start is taken as the start.
    pub fn range(&self, position: [i64; 4]) -> TextRange {
        let [line, col, end_line, end_col] = position;
        let start = self.offset(line, col);
        let end = self.offset(end_line, end_col).max(start);
        TextRange::new(start, end)
    }
}
