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
    /// The lines the tree uses, in order: the line, where it starts and its width.
    /// The lines between them are empty, so where they start follows.
    lines: Vec<UsedLine>,
    /// The last line of the text.
    last: u32,
}

#[derive(Clone, Copy)]
struct UsedLine {
    line: u32,
    start: u32,
    width: u32,
}

impl Layout {
    /// The text for `extent`, or None when it would be too large. Runs of empty
    /// lines are written at once: a tree may put a node on line 10**8.
    pub fn new(extent: &Extent) -> Option<Layout> {
        if extent.too_far {
            return None;
        }
        let last = extent.widths.keys().next_back().copied().unwrap_or(1);
        let widths: usize = extent.widths.values().map(|w| *w as usize).sum();
        let size = last as usize + widths;
        if size > MAX_TEXT {
            return None;
        }
        let mut text = String::with_capacity(size);
        let mut lines = Vec::with_capacity(extent.widths.len());
        let mut next_line = 1;
        for (&line, &width) in &extent.widths {
            text.extend(std::iter::repeat_n('\n', (line - next_line) as usize));
            lines.push(UsedLine {
                line,
                start: text.len() as u32,
                width,
            });
            text.extend(std::iter::repeat_n(' ', width as usize));
            text.push('\n');
            next_line = line + 1;
        }
        if text.is_empty() {
            text.push('\n');
        }
        Some(Layout { text, lines, last })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where `line` starts and how wide it is.
    fn line(&self, line: u32) -> (u32, u32) {
        let before = self.lines.partition_point(|used| used.line <= line);
        match before.checked_sub(1).map(|i| self.lines[i]) {
            Some(used) if used.line == line => (used.start, used.width),
            // An empty line after a used one.
            Some(used) => (used.start + used.width + 1 + (line - used.line - 1), 0),
            // An empty line before the first used one.
            None => (line - 1, 0),
        }
    }

    /// The offset of `(line, col)`, kept inside the text.
    pub fn offset(&self, line: i64, col: i64) -> TextSize {
        let (line, col) = clamp(line, col);
        let line = u32::try_from(line).unwrap_or(u32::MAX).min(self.last);
        let (start, width) = self.line(line);
        // The last line's newline still counts as a column of it.
        let room = if line == self.last { width + 1 } else { width };
        let col = u32::try_from(col).unwrap_or(u32::MAX).min(room);
        TextSize::from(start + col)
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
