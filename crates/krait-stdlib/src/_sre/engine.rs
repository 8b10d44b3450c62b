//! The bridge to the matcher: the SRE opcode machine of the `rustpython-sre_engine`
//! crate, which runs the code `re._compiler` emits (3.11's opcode, category and
//! position numbering are the ones it implements). It backtracks with an explicit
//! stack of its own, so neither patterns nor subjects can exhaust the Rust stack; code
//! reaches it only after `validate` accepted it.
//!
//! Positions are character indices, as `re` reports them. A subject is read as bytes
//! when each character is one byte (bytes-like subjects, ASCII strs) and as UTF-8
//! otherwise.

use rustpython_sre_engine::{Request, State, StrDrive};

/// A subject as the matcher reads it.
#[derive(Clone, Copy)]
pub(crate) enum Text<'a> {
    /// One character per byte.
    Narrow(&'a [u8]),
    /// UTF-8, for strs that are not ASCII.
    Wide(&'a str),
    /// WTF-8, for strs holding lone surrogates.
    Wtf8(&'a rustpython_wtf8::Wtf8),
}

/// How a match is anchored.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// At the start position (`Pattern.match`).
    Start,
    /// At the start position, and reaching the end one (`Pattern.fullmatch`).
    Whole,
    /// Anywhere from the start position on (`Pattern.search`).
    Anywhere,
}

/// Where a scan through one subject stands between two matches (CPython keeps the
/// same in its `SRE_STATE`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Progress {
    /// Where the next attempt starts.
    pub start: usize,
    /// Where matches must end by (`endpos`).
    pub end: usize,
    /// The previous match was empty and ended at `start`: the next may not be both.
    pub must_advance: bool,
    /// An attempt failed, so no later one can succeed.
    pub exhausted: bool,
}

impl Progress {
    pub fn new(start: usize, end: usize) -> Progress {
        Progress {
            start,
            end,
            must_advance: false,
            exhausted: false,
        }
    }
}

/// One match: the span of the whole match, then one span per group, `(-1, -1)` for
/// a group that took no part.
pub(crate) struct Found {
    pub spans: Vec<(isize, isize)>,
    /// The index of the last group that closed, or -1.
    pub lastindex: isize,
}

impl Found {
    /// A group ends before it starts: a matcher bug, which CPython reports as a
    /// `SystemError` rather than returning nonsense.
    pub fn has_wrong_span(&self) -> bool {
        self.spans.iter().any(|(start, end)| start > end)
    }
}

/// Successive matches of one pattern in one subject, as `findall`, `sub`, `split`
/// and the scanner take them.
pub(crate) struct Scan<'a> {
    text: Text<'a>,
    code: &'a [u32],
    groups: usize,
    pub progress: Progress,
    /// The matcher's working state, kept between attempts so that reading a UTF-8
    /// subject resumes where the last attempt stopped instead of counting from the
    /// start.
    state: State,
}

impl<'a> Scan<'a> {
    /// A scan of `text` by `code` (which has `groups` groups). `state` must be new or
    /// come from an earlier scan of the same text.
    pub fn new(
        text: Text<'a>,
        code: &'a [u32],
        groups: usize,
        progress: Progress,
        state: State,
    ) -> Scan<'a> {
        Scan {
            text,
            code,
            groups,
            progress,
            state,
        }
    }

    /// The next match anchored as `anchor` says, advancing past it; `None` once no
    /// match is left.
    pub fn next_match(&mut self, anchor: Anchor) -> Option<Found> {
        let progress = self.progress;
        // The matcher expects its start within its end; CPython's finds no match
        // there either, except for patterns that match empty without looking.
        if progress.exhausted || progress.start > progress.end {
            self.progress.exhausted = true;
            return None;
        }
        let found = match self.text {
            Narrow(bytes) => attempt(&mut self.state, bytes, self.code, progress, anchor),
            Wide(text) => attempt(&mut self.state, text, self.code, progress, anchor),
            Text::Wtf8(text) => attempt(&mut self.state, text, self.code, progress, anchor),
        };
        if !found {
            self.progress.exhausted = true;
            return None;
        }
        let (start, end) = (self.state.start, self.state.cursor.position);
        self.progress.must_advance = start == end;
        self.progress.start = end;
        Some(self.found())
    }

    fn found(&self) -> Found {
        let state = &self.state;
        let mut spans = Vec::with_capacity(self.groups + 1);
        spans.push((state.start as isize, state.cursor.position as isize));
        for group in 0..self.groups {
            let (start, end) = state.marks.get(group);
            spans.push(match (start.into_option(), end.into_option()) {
                (Some(start), Some(end)) => (start as isize, end as isize),
                _ => (-1, -1),
            });
        }
        Found {
            spans,
            lastindex: state.marks.last_index(),
        }
    }

    /// The working state, for a later scan of the same text.
    pub fn into_state(self) -> State {
        self.state
    }
}

use Text::{Narrow, Wide};

/// One attempt of the matcher; the match is left in `state`.
fn attempt<S: StrDrive>(
    state: &mut State,
    text: S,
    code: &[u32],
    progress: Progress,
    anchor: Anchor,
) -> bool {
    let request = Request {
        string: text,
        start: progress.start,
        end: progress.end,
        pattern_codes: code,
        match_all: anchor == Anchor::Whole,
        must_advance: progress.must_advance,
    };
    state.reset(&request, progress.start);
    match anchor {
        Anchor::Start | Anchor::Whole => state.py_match(&request),
        Anchor::Anywhere => state.search(request),
    }
}
