//! The backtracking machine that runs compiled code at one position of a subject
//! (CPython's `SRE(match)`), and the search that tries successive positions, helped
//! by the `INFO` block (`SRE(search)`).
//!
//! Backtracking never recurses on the Rust stack. Each construct that must try
//! something and come back (an alternative, one more repetition, the tail after a
//! repeat, an assertion) pushes a `Frame` naming how to resume, and the driver loop
//! runs the frame on top; when a frame ends, its result goes to the frame below,
//! which picks up where it left off. Group marks that a construct may have to undo
//! are copied onto one contiguous `saved` stack and copied back, so saving costs no
//! allocation once the stacks have grown. A success ends every frame above the one
//! waiting for it: what was tried inside an assertion, an atomic group or a
//! possessive repeat cannot be retried, as in CPython.
//!
//! Tries that are bound to fail at their first character are not made: a search
//! skips positions where the code's first tests fail, and a single-character
//! repeat skips counts after which its tail's first character cannot match. Only
//! tries whose failure would leave no trace are skipped, and `ptr` is left where
//! CPython's tries would leave it (a failed round of a possessive repeat shows it).

use super::chars::{
    equals_in_locale, is_linebreak, is_locale_word, is_unicode_word, is_word, lower_ascii,
    lower_locale, lower_unicode,
};
use super::charset::{self, Shape};
use super::opcodes::{at, info, Op};

/// A mark not set, a repeat's first round not taken.
const UNSET: usize = usize::MAX;
/// No repeat is open.
const NO_REPEAT: usize = usize::MAX;
/// The repeat count meaning "no limit".
const MAXREPEAT: u32 = u32::MAX;
/// How many frames are pushed between two looks for a signal.
const SIGNAL_INTERVAL: u32 = 4096;

/// One character of a subject: a byte (bytes-like and ASCII subjects) or a code point.
pub(crate) trait Unit: Copy {
    fn code(self) -> u32;
}

impl Unit for u8 {
    #[inline(always)]
    fn code(self) -> u32 {
        u32::from(self)
    }
}

impl Unit for u32 {
    #[inline(always)]
    fn code(self) -> u32 {
        self
    }
}

/// Why matching stopped without an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// A stack could not grow (`MemoryError`).
    NoMemory,
    /// The code asked for something impossible (no repeat open at an `UNTIL`, an
    /// opcode out of place); CPython reports an internal error.
    Internal,
    /// A signal handler raised; its exception is pending in the caller.
    Interrupted,
}

type Outcome<T> = Result<T, Stop>;

/// What the frame below does with the result of a frame when it ends (CPython's
/// jump labels).
#[derive(Clone, Copy, Debug)]
enum Resume {
    /// The bottom frame: its result is the attempt's.
    Caller,
    Branch,
    RepeatOne,
    MinRepeatOne,
    Repeat,
    MaxUntilBelowMin,
    MaxUntilOneMore,
    MaxUntilTail,
    MinUntilBelowMin,
    MinUntilTail,
    MinUntilOneMore,
    PossessiveBelowMin,
    PossessiveOneMore,
    AtomicGroup,
    Assert,
    AssertNot,
}

/// The state of one construct waiting for a nested attempt (CPython's match context).
#[derive(Clone, Copy)]
struct Frame {
    /// How the frame below resumes when this one ends.
    resume: Resume,
    /// This frame belongs to the outermost attempt: the end-of-pattern checks
    /// (`fullmatch`, an empty match where one may not be) apply to it.
    toplevel: bool,
    /// The arguments of the opcode that is waiting.
    pc: usize,
    /// Where the subject stood when it started waiting.
    pos: usize,
    /// Repetitions made, or a count of other progress.
    count: usize,
    /// The open repeat (`REPEAT` and the `UNTIL`s) or the start of the last round
    /// (`POSSESSIVE_REPEAT`).
    aux: usize,
    /// What the tail of a single-character repeat must start with.
    guard: CharTest,
    /// `lastmark` and `lastindex` to restore when a try fails.
    lastmark: isize,
    lastindex: isize,
}

/// An open `REPEAT`: how many times its body has matched, and the empty-match guard.
struct Repeat {
    count: usize,
    /// The arguments of the `REPEAT` op (skip, min, max, then the body).
    pc: usize,
    /// The repeat around this one.
    prev: usize,
    /// Where the latest round started; a round that starts there again matched empty.
    last_pos: usize,
}

/// A test of one character, prepared from a single-character op so that loops
/// need not read the op each time.
#[derive(Clone, Copy, Debug)]
enum CharTest {
    /// No test: anything may come.
    Nothing,
    /// Anything but a line break (`ANY`).
    NotLinebreak,
    Literal(u32),
    NotLiteral(u32),
    /// A literal, lower case, compared with the character's simple lower case.
    LiteralIgnoringCase(u32),
    Range(u32, u32),
    Class(fn(u32) -> bool),
    /// The set whose items start here.
    Set(usize),
    /// The op at this position, read each time.
    Op(usize),
}

/// What the code of a single-character repeat says, worked out once per scan.
#[derive(Clone, Copy, Debug)]
struct RepeatShape {
    /// The test of the repeated item.
    item: CharTest,
    /// The test of the tail's first character, with every mark before it stepped
    /// over (see `tail_guard`).
    tail: CharTest,
    /// The lowest of those marks, `isize::MAX` for none.
    tail_lowest_mark: isize,
    /// The tail opens with a literal, which CPython tests before each try (so a
    /// try it rules out leaves `ptr` alone).
    tail_is_literal: bool,
    /// Counting the item leaves `ptr` after the characters counted: CPython
    /// counts these items (`IN_IGNORE` and its kin) by running them, and a
    /// possessive repeat that fails a round goes on from wherever `ptr` was left.
    count_moves_ptr: bool,
}

/// The single-character tests of a code's start, one per alternative.
type Tests = smallvec::SmallVec<[CharTest; 8]>;

/// The first tests of a code, which rule out positions where it cannot match
/// before an attempt is made.
struct Starts {
    /// The first `AT` test, which must hold; `NO_AT` for none.
    at: u32,
    /// The test the first character must pass.
    first: CharTest,
    /// For a `BRANCH`, the tests of each alternative's first character, of which
    /// one must pass; empty when some alternative can start anywhere.
    alternatives: Tests,
}

/// No `AT` test.
const NO_AT: u32 = u32::MAX;

impl Default for Starts {
    fn default() -> Starts {
        Starts {
            at: NO_AT,
            first: CharTest::Nothing,
            alternatives: Tests::new(),
        }
    }
}

/// What the driver does next.
enum Next {
    /// The current frame ends with this result.
    Return(bool),
    /// A nested attempt starts at `code`, from `ptr`.
    Call {
        code: usize,
        resume: Resume,
        toplevel: bool,
    },
    /// The current frame goes on at `pc`, at subject position `pos`.
    Dispatch { pc: usize, pos: usize },
    /// Matching cannot go on.
    Stopped(Stop),
}

/// The machine's working state. It is kept across the attempts of a scan, so its
/// stacks grow once and are reused.
#[derive(Default)]
pub(crate) struct Machine {
    /// Group marks: even for starts, odd for ends; `UNSET` when not set.
    marks: Vec<usize>,
    /// The highest mark set, or -1.
    pub lastmark: isize,
    /// The group that closed last, or -1.
    pub lastindex: isize,
    /// Marks and guards saved by constructs that may need them back.
    saved: Vec<usize>,
    frames: Vec<Frame>,
    repeats: Vec<Repeat>,
    /// The innermost open repeat.
    repeat: usize,
    /// Where the current match starts.
    pub start: usize,
    /// Where the current match ends, once found; the start of nested attempts.
    pub ptr: usize,
    /// Where matches must end by.
    end: usize,
    /// The match must reach `end` (`fullmatch`).
    match_all: bool,
    /// An empty match at `start` does not count.
    must_advance: bool,
    /// Frames pushed, for the signal check.
    pushes: u32,
    /// For each single-character repeat, by the position of its arguments, what
    /// `repeat_shape` worked out.
    shapes: Vec<Option<RepeatShape>>,
    /// The code `shapes` describes, by address and length.
    shapes_of: (usize, usize),
}

impl Machine {
    /// The span of group `group` (from 0) of the last match, if it took part.
    pub fn group_span(&self, group: usize) -> Option<(usize, usize)> {
        let (start, end) = (2 * group, 2 * group + 1);
        if end as isize > self.lastmark {
            return None;
        }
        match (self.marks[start], self.marks[end]) {
            (UNSET, _) | (_, UNSET) => None,
            span => Some(span),
        }
    }

    /// Prepares an attempt from `start` to `end` for code that sets up to `marks`
    /// marks.
    pub fn reset(&mut self, marks: usize, start: usize, end: usize, must_advance: bool) {
        if self.marks.len() < marks {
            self.marks.resize(marks, UNSET);
        }
        self.lastmark = -1;
        self.lastindex = -1;
        self.start = start;
        self.ptr = start;
        self.end = end;
        self.must_advance = must_advance;
        self.match_all = false;
    }
}

/// One subject and code under the machine.
pub(crate) struct Run<'a, U: Unit> {
    m: &'a mut Machine,
    text: &'a [U],
    code: &'a [u32],
    /// Called when a signal is pending; true when its handler raised.
    interrupted: &'a mut dyn FnMut() -> bool,
}

/// Pushes onto a stack that may fail to grow.
#[inline(always)]
fn push<T>(stack: &mut Vec<T>, item: T) -> Outcome<()> {
    if stack.len() == stack.capacity() {
        stack.try_reserve(1).map_err(|_| Stop::NoMemory)?;
    }
    stack.push(item);
    Ok(())
}

impl<'a, U: Unit> Run<'a, U> {
    pub fn new(
        m: &'a mut Machine,
        text: &'a [U],
        code: &'a [u32],
        interrupted: &'a mut dyn FnMut() -> bool,
    ) -> Self {
        // What `repeat_shape` worked out belongs to one code.
        let code_id = (code.as_ptr() as usize, code.len());
        if m.shapes_of != code_id {
            m.shapes.clear();
            m.shapes.resize(code.len(), None);
            m.shapes_of = code_id;
        }
        Run {
            m,
            text,
            code,
            interrupted,
        }
    }

    /// `match` and `fullmatch`: one attempt at the start position.
    pub fn matches(&mut self, whole: bool) -> Outcome<bool> {
        self.m.match_all = whole;
        self.attempt(0, true)
    }

    /// One attempt of the code from `code_at`, starting at `ptr`. Leaves the match's
    /// end in `ptr`.
    fn attempt(&mut self, code_at: usize, toplevel: bool) -> Outcome<bool> {
        let m = &mut *self.m;
        m.frames.clear();
        m.saved.clear();
        m.repeats.clear();
        m.repeat = NO_REPEAT;
        self.push_frame(Resume::Caller, toplevel)?;
        let mut next = self.enter(code_at);
        loop {
            next = match next {
                Next::Dispatch { pc, pos } => self.execute(pc, pos),
                Next::Call {
                    code,
                    resume,
                    toplevel,
                } => {
                    self.push_frame(resume, toplevel)?;
                    self.enter(code)
                }
                Next::Stopped(stop) => return Err(stop),
                Next::Return(matched) => {
                    let done = self.m.frames.pop().ok_or(Stop::Internal)?;
                    if self.m.frames.is_empty() {
                        return Ok(matched);
                    }
                    self.resume(done.resume, matched)
                }
            };
        }
    }

    fn push_frame(&mut self, resume: Resume, toplevel: bool) -> Outcome<()> {
        self.m.pushes = self.m.pushes.wrapping_add(1);
        if self.m.pushes.is_multiple_of(SIGNAL_INTERVAL)
            && krait_vm::signals::pending()
            && (self.interrupted)()
        {
            return Err(Stop::Interrupted);
        }
        let frame = Frame {
            resume,
            toplevel,
            pc: 0,
            pos: 0,
            count: 0,
            aux: 0,
            guard: CharTest::Nothing,
            lastmark: -1,
            lastindex: -1,
        };
        push(&mut self.m.frames, frame)
    }

    #[inline(always)]
    fn top(&mut self) -> &mut Frame {
        let n = self.m.frames.len();
        &mut self.m.frames[n - 1]
    }

    /// Starts a frame at `code`: an `INFO` block there first rules out subjects too
    /// short for a match, then is stepped over.
    fn enter(&mut self, code_at: usize) -> Next {
        let pos = self.m.ptr;
        let code = self.code;
        let mut pc = code_at;
        if code[pc] == Op::INFO as u32 {
            let min = code[pc + 3] as usize;
            let end = self.m.end;
            if min != 0 && pos <= end && end - pos < min {
                return Next::Return(false);
            }
            pc += code[pc + 1] as usize + 1;
        }
        Next::Dispatch { pc, pos }
    }

    #[inline(always)]
    fn char_at(&self, pos: usize) -> u32 {
        self.text[pos].code()
    }

    // ---- group marks -------------------------------------------------------

    fn set_mark(&mut self, mark: usize, pos: usize) {
        let m = &mut *self.m;
        if mark & 1 != 0 {
            m.lastindex = (mark / 2 + 1) as isize;
        }
        if mark as isize > m.lastmark {
            // Marks between the old highest and this one were not set in this try.
            let first = (m.lastmark + 1) as usize;
            m.marks[first..mark].fill(UNSET);
            m.lastmark = mark as isize;
        }
        m.marks[mark] = pos;
    }

    fn save_lastmark(&mut self) {
        let (lastmark, lastindex) = (self.m.lastmark, self.m.lastindex);
        let frame = self.top();
        frame.lastmark = lastmark;
        frame.lastindex = lastindex;
    }

    fn restore_lastmark(&mut self) {
        let frame = *self.top();
        self.m.lastmark = frame.lastmark;
        self.m.lastindex = frame.lastindex;
    }

    /// Saves marks `0..=lastmark` on the saved stack.
    fn push_marks(&mut self, lastmark: isize) -> Outcome<()> {
        if lastmark < 0 {
            return Ok(());
        }
        let m = &mut *self.m;
        let n = lastmark as usize + 1;
        m.saved.try_reserve(n).map_err(|_| Stop::NoMemory)?;
        m.saved.extend_from_slice(&m.marks[..n]);
        Ok(())
    }

    /// Copies the marks saved by `push_marks(lastmark)` back, keeping them saved
    /// when `keep`.
    fn pop_marks(&mut self, lastmark: isize, keep: bool) {
        if lastmark < 0 {
            return;
        }
        let m = &mut *self.m;
        let n = lastmark as usize + 1;
        let base = m.saved.len() - n;
        m.marks[..n].copy_from_slice(&m.saved[base..]);
        if !keep {
            m.saved.truncate(base);
        }
    }

    /// Drops the marks saved by `push_marks(lastmark)`.
    fn drop_marks(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let m = &mut *self.m;
            m.saved.truncate(m.saved.len() - (lastmark as usize + 1));
        }
    }

    /// A group's span if it took part: the marks of group `group` (0-based) as
    /// `GROUPREF` reads them.
    fn group_text(&self, group: u32) -> Option<(usize, usize)> {
        let start = group as usize * 2;
        if start as isize >= self.m.lastmark {
            return None;
        }
        match (self.m.marks[start], self.m.marks[start + 1]) {
            (UNSET, _) | (_, UNSET) => None,
            (start, end) if end < start => None,
            span => Some(span),
        }
    }

    /// Matches the text of `group` again at `pos`, comparing characters as `fold`
    /// makes them; the position after it.
    fn backreference(&self, group: u32, pos: usize, fold: impl Fn(u32) -> u32) -> Option<usize> {
        let (start, end) = self.group_text(group)?;
        let length = end - start;
        if pos > self.m.end || self.m.end - pos < length {
            return None;
        }
        let text = self.text;
        let same = (0..length).all(|i| fold(text[pos + i].code()) == fold(text[start + i].code()));
        same.then_some(pos + length)
    }

    // ---- single characters -------------------------------------------------

    /// Whether the single-character op at `item` accepts `ch`.
    #[inline]
    fn accepts(&self, item: usize, ch: u32) -> bool {
        let code = self.code;
        let arg = code[item + 1];
        match Op::from_word(code[item]) {
            Some(Op::ANY) => !is_linebreak(ch),
            Some(Op::ANY_ALL) => true,
            Some(Op::CATEGORY) => super::chars::in_category(arg, ch),
            Some(Op::LITERAL) => ch == arg,
            Some(Op::NOT_LITERAL) => ch != arg,
            Some(Op::LITERAL_IGNORE) => lower_ascii(ch) == arg,
            Some(Op::NOT_LITERAL_IGNORE) => lower_ascii(ch) != arg,
            Some(Op::LITERAL_UNI_IGNORE) => lower_unicode(ch) == arg,
            Some(Op::NOT_LITERAL_UNI_IGNORE) => lower_unicode(ch) != arg,
            Some(Op::LITERAL_LOC_IGNORE) => equals_in_locale(arg, ch),
            Some(Op::NOT_LITERAL_LOC_IGNORE) => !equals_in_locale(arg, ch),
            Some(Op::IN) => charset::contains(&code[item + 2..], ch),
            Some(Op::IN_IGNORE) => charset::contains(&code[item + 2..], lower_ascii(ch)),
            Some(Op::IN_UNI_IGNORE) => charset::contains(&code[item + 2..], lower_unicode(ch)),
            Some(Op::IN_LOC_IGNORE) => charset::contains_in_locale(&code[item + 2..], ch),
            _ => false,
        }
    }

    /// How many characters from `pos` on pass `item` (a repeated item's test),
    /// `max` at most (CPython's `SRE(count)`).
    fn count(&self, item: CharTest, pos: usize, max: u32) -> usize {
        let end = self.m.end;
        if pos >= end {
            return 0;
        }
        let limit = if max != MAXREPEAT && (max as usize) < end - pos {
            pos + max as usize
        } else {
            end
        };
        let run = &self.text[pos..limit];
        let stop = match item {
            CharTest::Nothing => None,
            CharTest::NotLinebreak => run.iter().position(|c| is_linebreak(c.code())),
            CharTest::Literal(literal) => run.iter().position(|c| c.code() != literal),
            CharTest::NotLiteral(literal) => run.iter().position(|c| c.code() == literal),
            CharTest::Range(low, high) => run.iter().position(|c| {
                let c = c.code();
                c < low || c > high
            }),
            CharTest::Class(test) => run.iter().position(|c| !test(c.code())),
            _ => run.iter().position(|c| !self.test_char(item, c.code())),
        };
        stop.unwrap_or(run.len())
    }

    /// `count` from `pos`, leaving `ptr` where CPython's count leaves it.
    fn count_at(&mut self, shape: RepeatShape, pos: usize, max: u32) -> usize {
        self.m.ptr = pos;
        let count = self.count(shape.item, pos, max);
        if shape.count_moves_ptr {
            self.m.ptr = pos + count;
        }
        count
    }

    /// What the single-character repeat whose arguments are at `a` tests, worked
    /// out on first use.
    #[inline]
    fn repeat_shape(&mut self, a: usize) -> RepeatShape {
        if let Some(shape) = self.m.shapes[a] {
            return shape;
        }
        let mut tail = a + self.code[a] as usize;
        let mut tail_lowest_mark = isize::MAX;
        while self.code[tail] == Op::MARK as u32 {
            tail_lowest_mark = tail_lowest_mark.min(self.code[tail + 1] as isize);
            tail += 2;
        }
        let item_op = Op::from_word(self.code[a + 3]);
        let shape = RepeatShape {
            item: self.prepare(a + 3),
            tail: self.char_test(tail, 0),
            tail_lowest_mark,
            tail_is_literal: self.code[a + self.code[a] as usize] == Op::LITERAL as u32,
            count_moves_ptr: matches!(
                item_op,
                Some(Op::IN_IGNORE | Op::IN_UNI_IGNORE | Op::IN_LOC_IGNORE)
            ),
        };
        self.m.shapes[a] = Some(shape);
        shape
    }

    /// The test of `AT` `kind` at `pos`.
    #[inline]
    fn at(&self, pos: usize, kind: u32) -> bool {
        let (text, end) = (self.text, self.m.end);
        match kind {
            at::BEGINNING | at::BEGINNING_STRING => pos == 0,
            at::BEGINNING_LINE => pos == 0 || is_linebreak(text[pos - 1].code()),
            // Past `end` only when `pos` is: CPython reads on there, as long as the
            // string goes on.
            at::END => pos == end || (pos + 1 == end && is_linebreak(text[pos].code())),
            at::END_LINE => pos == end || (pos < text.len() && is_linebreak(text[pos].code())),
            at::END_STRING => pos == end,
            at::BOUNDARY => self.boundary(pos, is_word) == Some(true),
            at::NON_BOUNDARY => self.boundary(pos, is_word) == Some(false),
            at::LOC_BOUNDARY => self.boundary(pos, is_locale_word) == Some(true),
            at::LOC_NON_BOUNDARY => self.boundary(pos, is_locale_word) == Some(false),
            at::UNI_BOUNDARY => self.boundary(pos, is_unicode_word) == Some(true),
            at::UNI_NON_BOUNDARY => self.boundary(pos, is_unicode_word) == Some(false),
            _ => false,
        }
    }

    /// Whether `pos` is between a word character and another one, by `is_word`;
    /// `None` in an empty subject, where neither test holds.
    #[inline(always)]
    fn boundary(&self, pos: usize, is_word: impl Fn(u32) -> bool) -> Option<bool> {
        let (text, end) = (self.text, self.m.end);
        if end == 0 {
            return None;
        }
        let before = pos > 0 && is_word(text[pos - 1].code());
        let after = pos < end && is_word(text[pos].code());
        Some(before != after)
    }

    /// Whether the current frame may end its match at `pos`: the outermost attempt
    /// may not stop short of `end` in `fullmatch`, nor match empty where the last
    /// match ended.
    fn may_end_at(&mut self, pos: usize) -> bool {
        let toplevel = self.top().toplevel;
        let m = &*self.m;
        !(toplevel && ((m.match_all && pos != m.end) || (m.must_advance && pos == m.start)))
    }

    // ---- the dispatch loop -------------------------------------------------

    /// Runs ops from `pc` at `pos` until the frame ends or waits for a nested try.
    fn execute(&mut self, mut pc: usize, mut pos: usize) -> Next {
        let code = self.code;
        let end = self.m.end;
        loop {
            let a = pc + 1;
            let Some(op) = Op::from_word(code[pc]) else {
                return Next::Return(false);
            };
            // Ops that read one character fail at the end.
            macro_rules! one_char {
                ($accepts:expr, $next:expr) => {{
                    if pos >= end || !$accepts(self.char_at(pos)) {
                        return Next::Return(false);
                    }
                    pos += 1;
                    pc = $next;
                }};
            }
            match op {
                Op::FAILURE => return Next::Return(false),
                Op::SUCCESS => {
                    if !self.may_end_at(pos) {
                        return Next::Return(false);
                    }
                    self.m.ptr = pos;
                    return Next::Return(true);
                }
                Op::MARK => {
                    self.set_mark(code[a] as usize, pos);
                    pc = a + 1;
                }
                Op::LITERAL => one_char!(|c| c == code[a], a + 1),
                Op::NOT_LITERAL => one_char!(|c| c != code[a], a + 1),
                Op::ANY => one_char!(|c| !is_linebreak(c), a),
                Op::ANY_ALL => one_char!(|_| true, a),
                Op::AT => {
                    if !self.at(pos, code[a]) {
                        return Next::Return(false);
                    }
                    pc = a + 1;
                }
                Op::CATEGORY => {
                    one_char!(|c| super::chars::in_category(code[a], c), a + 1)
                }
                Op::IN => one_char!(
                    |c| charset::contains(&code[a + 1..], c),
                    a + code[a] as usize
                ),
                Op::IN_IGNORE => one_char!(
                    |c| charset::contains(&code[a + 1..], lower_ascii(c)),
                    a + code[a] as usize
                ),
                Op::IN_UNI_IGNORE => one_char!(
                    |c| charset::contains(&code[a + 1..], lower_unicode(c)),
                    a + code[a] as usize
                ),
                Op::IN_LOC_IGNORE => one_char!(
                    |c| charset::contains_in_locale(&code[a + 1..], c),
                    a + code[a] as usize
                ),
                Op::LITERAL_IGNORE => one_char!(|c| lower_ascii(c) == code[a], a + 1),
                Op::NOT_LITERAL_IGNORE => one_char!(|c| lower_ascii(c) != code[a], a + 1),
                Op::LITERAL_UNI_IGNORE => one_char!(|c| lower_unicode(c) == code[a], a + 1),
                Op::NOT_LITERAL_UNI_IGNORE => {
                    one_char!(|c| lower_unicode(c) != code[a], a + 1)
                }
                Op::LITERAL_LOC_IGNORE => one_char!(|c| equals_in_locale(code[a], c), a + 1),
                Op::NOT_LITERAL_LOC_IGNORE => {
                    one_char!(|c| !equals_in_locale(code[a], c), a + 1)
                }
                Op::JUMP | Op::INFO => pc = a + code[a] as usize,
                Op::GROUPREF => match self.backreference(code[a], pos, |c| c) {
                    Some(after) => (pos, pc) = (after, a + 1),
                    None => return Next::Return(false),
                },
                Op::GROUPREF_IGNORE => match self.backreference(code[a], pos, lower_ascii) {
                    Some(after) => (pos, pc) = (after, a + 1),
                    None => return Next::Return(false),
                },
                Op::GROUPREF_UNI_IGNORE => match self.backreference(code[a], pos, lower_unicode) {
                    Some(after) => (pos, pc) = (after, a + 1),
                    None => return Next::Return(false),
                },
                Op::GROUPREF_LOC_IGNORE => match self.backreference(code[a], pos, lower_locale) {
                    Some(after) => (pos, pc) = (after, a + 1),
                    None => return Next::Return(false),
                },
                Op::GROUPREF_EXISTS => {
                    // <GROUPREF_EXISTS> <group> <skip> yes <JUMP> no
                    pc = if self.group_text(code[a]).is_some() {
                        a + 2
                    } else {
                        a + code[a + 1] as usize
                    };
                }
                Op::BRANCH => {
                    if let Err(stop) = self.begin_tries() {
                        return Next::Stopped(stop);
                    }
                    return self.next_alternative(a, pos);
                }
                Op::REPEAT_ONE | Op::MIN_REPEAT_ONE | Op::POSSESSIVE_REPEAT_ONE => {
                    // <op> <skip> <min> <max> item <SUCCESS> tail
                    let min = code[a + 1] as usize;
                    if pos > end || end - pos < min {
                        return Next::Return(false);
                    }
                    self.m.ptr = pos;
                    let tail = a + code[a] as usize;
                    match op {
                        Op::REPEAT_ONE => return self.repeat_one(a, pos),
                        Op::MIN_REPEAT_ONE => return self.min_repeat_one(a, pos),
                        _ => {}
                    }
                    let shape = self.repeat_shape(a);
                    let count = self.count_at(shape, pos, code[a + 2]);
                    if count < min {
                        return Next::Return(false);
                    }
                    pos += count;
                    pc = tail;
                    if code[tail] == Op::SUCCESS as u32 && pos == end && self.may_advance_to(pos) {
                        self.m.ptr = pos;
                        return Next::Return(true);
                    }
                }
                Op::REPEAT => {
                    // <REPEAT> <skip> <min> <max> body <UNTIL> tail
                    let repeat = Repeat {
                        count: UNSET,
                        pc: a,
                        prev: self.m.repeat,
                        last_pos: UNSET,
                    };
                    if let Err(stop) = push(&mut self.m.repeats, repeat) {
                        return Next::Stopped(stop);
                    }
                    self.m.repeat = self.m.repeats.len() - 1;
                    self.top().aux = self.m.repeat;
                    self.m.ptr = pos;
                    // The UNTIL op runs the body as many times as it can.
                    return self.call(a + code[a] as usize, Resume::Repeat);
                }
                Op::MAX_UNTIL | Op::MIN_UNTIL => return self.until(op, a, pos),
                Op::POSSESSIVE_REPEAT => {
                    // <POSSESSIVE_REPEAT> <skip> <min> <max> body <SUCCESS> tail
                    self.m.ptr = pos;
                    let frame = self.top();
                    frame.pc = a;
                    frame.pos = pos;
                    frame.count = 0;
                    // No round beyond the minimum has started anywhere yet.
                    frame.aux = UNSET;
                    return self.possessive_next();
                }
                Op::ATOMIC_GROUP => {
                    // <ATOMIC_GROUP> <skip> body <SUCCESS> tail
                    self.m.ptr = pos;
                    return self.call_nested(a, pos, a + 1, Resume::AtomicGroup);
                }
                Op::ASSERT => {
                    // <ASSERT> <skip> <back> body <SUCCESS>
                    let back = code[a + 1] as usize;
                    if pos < back {
                        return Next::Return(false);
                    }
                    self.m.ptr = pos - back;
                    return self.call_nested(a, pos, a + 2, Resume::Assert);
                }
                Op::ASSERT_NOT => {
                    let back = code[a + 1] as usize;
                    if pos >= back {
                        self.m.ptr = pos - back;
                        if let Err(stop) = self.begin_tries() {
                            return Next::Stopped(stop);
                        }
                        return self.call_nested(a, pos, a + 2, Resume::AssertNot);
                    }
                    pc = a + code[a] as usize;
                }
                Op::SUBPATTERN
                | Op::RANGE
                | Op::RANGE_UNI_IGNORE
                | Op::NEGATE
                | Op::CHARSET
                | Op::BIGCHARSET => return Next::Stopped(Stop::Internal),
            }
        }
    }
}

impl<U: Unit> Run<'_, U> {
    /// A nested attempt at `code` that inherits whether it is the outermost one.
    /// Leaves the current frame at `pc` and `pos` to run the body at `code` of an
    /// assertion or atomic group: never at the top level (its success ends no match).
    fn call_nested(&mut self, pc: usize, pos: usize, code: usize, resume: Resume) -> Next {
        let frame = self.top();
        frame.pc = pc;
        frame.pos = pos;
        Next::Call {
            code,
            resume,
            toplevel: false,
        }
    }

    fn call(&mut self, code: usize, resume: Resume) -> Next {
        let toplevel = self.top().toplevel;
        Next::Call {
            code,
            resume,
            toplevel,
        }
    }

    /// Whether the current frame may end a match at `pos` where `fullmatch` cannot
    /// object (`pos` is the end): only the empty-match rule applies.
    fn may_advance_to(&mut self, pos: usize) -> bool {
        let toplevel = self.top().toplevel;
        !(toplevel && self.m.must_advance && pos == self.m.start)
    }

    /// Whether constructs must save the marks they may have to restore: only inside
    /// a repeat, where a later round could otherwise see an earlier round's marks.
    fn saving_marks(&self) -> bool {
        self.m.repeat != NO_REPEAT
    }

    /// Fails the current frame, dropping the marks it saved.
    fn give_up(&mut self) -> Next {
        if self.saving_marks() {
            let lastmark = self.top().lastmark;
            self.drop_marks(lastmark);
        }
        Next::Return(false)
    }

    /// Succeeds, dropping the marks the current frame saved.
    fn succeed(&mut self) -> Next {
        if self.saving_marks() {
            let lastmark = self.top().lastmark;
            self.drop_marks(lastmark);
        }
        Next::Return(true)
    }

    /// After a failed try: the marks as they were before it.
    fn undo_try(&mut self) {
        if self.saving_marks() {
            let lastmark = self.top().lastmark;
            self.pop_marks(lastmark, true);
        }
        self.restore_lastmark();
    }

    /// Saves what a construct that tries several ways must restore between them.
    fn begin_tries(&mut self) -> Result<(), Stop> {
        self.save_lastmark();
        if self.saving_marks() {
            let lastmark = self.m.lastmark;
            self.push_marks(lastmark)?;
        }
        Ok(())
    }

    // ---- BRANCH ------------------------------------------------------------

    /// Tries the alternatives of a `BRANCH` from the one whose skip is at `alt`.
    fn next_alternative(&mut self, mut alt: usize, pos: usize) -> Next {
        let (code, end) = (self.code, self.m.end);
        loop {
            let skip = code[alt] as usize;
            if skip == 0 {
                return self.give_up();
            }
            // An alternative opening with a literal or a set cannot match unless the
            // next character fits.
            let first = code[alt + 1];
            let hopeless = if first == Op::LITERAL as u32 {
                pos >= end || self.char_at(pos) != code[alt + 2]
            } else if first == Op::IN as u32 {
                pos >= end || !charset::contains(&code[alt + 3..], self.char_at(pos))
            } else {
                false
            };
            if !hopeless {
                self.m.ptr = pos;
                let frame = self.top();
                frame.pc = alt;
                frame.pos = pos;
                return self.call(alt + 1, Resume::Branch);
            }
            alt += skip;
        }
    }

    // ---- single-character repeats ------------------------------------------

    /// `REPEAT_ONE` at `pos` (its arguments at `a`): as many characters as the item
    /// takes, then fewer until the tail matches.
    fn repeat_one(&mut self, a: usize, pos: usize) -> Next {
        let code = self.code;
        let min = code[a + 1] as usize;
        let shape = self.repeat_shape(a);
        let count = self.count_at(shape, pos, code[a + 2]);
        if count < min {
            return Next::Return(false);
        }
        let after = pos + count;
        let tail = a + code[a] as usize;
        if code[tail] == Op::SUCCESS as u32 && after == self.m.end && self.may_advance_to(after) {
            self.m.ptr = after;
            return Next::Return(true);
        }
        if let Err(stop) = self.begin_tries() {
            return Next::Stopped(stop);
        }
        self.start_tail_tries(a, pos, shape);
        self.repeat_one_try(count)
    }

    /// Records a single-character repeat's tries in the current frame: the repeat's
    /// arguments, where it started, and the op that must accept the first character
    /// of the tail, if the tail has one that can be tested alone.
    fn start_tail_tries(&mut self, a: usize, pos: usize, shape: RepeatShape) {
        // A try ruled out is never made, so whatever marks it would have set must
        // be ones a failed try leaves no trace of.
        let hidden_marks_from = if self.saving_marks() {
            0
        } else {
            self.top().lastmark + 1
        };
        let guard = if shape.tail_lowest_mark >= hidden_marks_from {
            shape.tail
        } else {
            self.char_test(a + self.code[a] as usize, hidden_marks_from)
        };
        let frame = self.top();
        frame.pc = a;
        frame.pos = pos;
        frame.guard = guard;
    }

    /// The op that must accept the character at a position for the code at `pc` to
    /// match there: the first op, after marks numbered `hidden_marks_from` or more,
    /// when it reads one character or repeats one at least once.
    fn char_test(&self, pc: usize, hidden_marks_from: isize) -> CharTest {
        match self.char_op(pc, hidden_marks_from) {
            Some(op) => self.prepare(op),
            None => CharTest::Nothing,
        }
    }

    /// The test of the single-character op at `pc`, in its fastest form.
    fn prepare(&self, pc: usize) -> CharTest {
        let code = self.code;
        match Op::from_word(code[pc]) {
            Some(Op::ANY_ALL) => CharTest::Nothing,
            Some(Op::ANY) => CharTest::NotLinebreak,
            Some(Op::LITERAL) => CharTest::Literal(code[pc + 1]),
            Some(Op::NOT_LITERAL) => CharTest::NotLiteral(code[pc + 1]),
            Some(Op::LITERAL_UNI_IGNORE) => CharTest::LiteralIgnoringCase(code[pc + 1]),
            Some(Op::CATEGORY) => CharTest::Class(super::chars::category_test(code[pc + 1])),
            Some(Op::IN) => match charset::shape(&code[pc + 2..]) {
                Shape::Range(low, high) => CharTest::Range(low, high),
                Shape::Category(test) => CharTest::Class(test),
                Shape::Items => CharTest::Set(pc + 2),
            },
            _ => CharTest::Op(pc),
        }
    }

    /// The single-character op that `char_test` describes.
    fn char_op(&self, mut pc: usize, hidden_marks_from: isize) -> Option<usize> {
        let code = self.code;
        loop {
            match Op::from_word(code[pc])? {
                Op::MARK if code[pc + 1] as isize >= hidden_marks_from => pc += 2,
                Op::ANY
                | Op::ANY_ALL
                | Op::CATEGORY
                | Op::LITERAL
                | Op::NOT_LITERAL
                | Op::LITERAL_IGNORE
                | Op::NOT_LITERAL_IGNORE
                | Op::LITERAL_UNI_IGNORE
                | Op::NOT_LITERAL_UNI_IGNORE
                | Op::LITERAL_LOC_IGNORE
                | Op::NOT_LITERAL_LOC_IGNORE
                | Op::IN
                | Op::IN_IGNORE
                | Op::IN_UNI_IGNORE
                | Op::IN_LOC_IGNORE => return Some(pc),
                Op::REPEAT_ONE | Op::MIN_REPEAT_ONE | Op::POSSESSIVE_REPEAT_ONE
                    if code[pc + 2] >= 1 =>
                {
                    return Some(pc + 4)
                }
                _ => return None,
            }
        }
    }

    /// Whether the character at `pos` passes `test`.
    #[inline(always)]
    fn passes(&self, test: CharTest, pos: usize) -> bool {
        if let CharTest::Nothing = test {
            return true;
        }
        if pos >= self.m.end {
            return false;
        }
        self.test_char(test, self.char_at(pos))
    }

    /// Whether `ch` passes `test`.
    #[inline(always)]
    fn test_char(&self, test: CharTest, ch: u32) -> bool {
        match test {
            CharTest::Nothing => true,
            CharTest::NotLinebreak => !is_linebreak(ch),
            CharTest::Literal(literal) => ch == literal,
            CharTest::NotLiteral(literal) => ch != literal,
            CharTest::LiteralIgnoringCase(literal) => lower_unicode(ch) == literal,
            CharTest::Range(low, high) => low <= ch && ch <= high,
            CharTest::Class(test) => test(ch),
            CharTest::Set(set) => charset::contains(&self.code[set..], ch),
            CharTest::Op(pc) => self.accepts(pc, ch),
        }
    }

    /// The last position from `first` up to `last` whose character passes `test`.
    fn last_passing(&self, test: CharTest, first: usize, last: usize) -> Option<usize> {
        let stop = last.saturating_add(1).min(self.m.end);
        if first >= stop {
            return None;
        }
        let run = &self.text[first..stop];
        let offset = match test {
            CharTest::Nothing => Some(run.len() - 1),
            CharTest::Literal(literal) => run.iter().rposition(|c| c.code() == literal),
            CharTest::Range(low, high) => run.iter().rposition(|c| {
                let c = c.code();
                low <= c && c <= high
            }),
            CharTest::Class(test) => run.iter().rposition(|c| test(c.code())),
            _ => run.iter().rposition(|c| self.test_char(test, c.code())),
        };
        offset.map(|offset| first + offset)
    }

    /// The first position from `from` up to `last` whose character passes `test`.
    fn next_passing(&self, test: CharTest, from: usize, last: usize) -> Option<usize> {
        let stop = last.saturating_add(1).min(self.m.end);
        if from >= stop {
            return None;
        }
        let run = &self.text[from..stop];
        let offset = match test {
            CharTest::Nothing => Some(0),
            CharTest::Literal(literal) => run.iter().position(|c| c.code() == literal),
            CharTest::LiteralIgnoringCase(literal) => {
                run.iter().position(|c| lower_unicode(c.code()) == literal)
            }
            CharTest::Range(low, high) => run.iter().position(|c| {
                let c = c.code();
                low <= c && c <= high
            }),
            CharTest::Class(test) => run.iter().position(|c| test(c.code())),
            CharTest::Set(set) => {
                let set = &self.code[set..];
                run.iter().position(|c| charset::contains(set, c.code()))
            }
            _ => run.iter().position(|c| self.test_char(test, c.code())),
        };
        offset.map(|offset| from + offset)
    }

    /// Tries the tail after `count` repetitions, or after fewer: the most that leave
    /// a character the tail can start with.
    fn repeat_one_try(&mut self, mut count: usize) -> Next {
        let frame = *self.top();
        let (a, base) = (frame.pc, frame.pos);
        let min = self.code[a + 1] as usize;
        if !self.passes(frame.guard, base + count) {
            match self.last_passing(frame.guard, base + min, base + count) {
                Some(pos) => count = pos - base,
                None => {
                    // CPython would have tried down to the minimum, unless it
                    // skipped the tries itself, leaving `ptr` there.
                    if !self.repeat_shape(a).tail_is_literal {
                        self.m.ptr = base + min;
                    }
                    return self.give_up();
                }
            }
        }
        self.top().count = count;
        self.m.ptr = base + count;
        self.call(a + self.code[a] as usize, Resume::RepeatOne)
    }

    /// `MIN_REPEAT_ONE` at `pos`: as few characters as the item must take, then
    /// one more each time the tail fails.
    fn min_repeat_one(&mut self, a: usize, pos: usize) -> Next {
        let code = self.code;
        let min = code[a + 1] as usize;
        let shape = self.repeat_shape(a);
        let mut count = 0;
        if min != 0 {
            count = self.count_at(shape, pos, min as u32);
            if count < min {
                return Next::Return(false);
            }
        }
        let after = pos + count;
        let tail = a + code[a] as usize;
        if code[tail] == Op::SUCCESS as u32 && self.may_end_at(after) {
            self.m.ptr = after;
            return Next::Return(true);
        }
        if let Err(stop) = self.begin_tries() {
            return Next::Stopped(stop);
        }
        self.start_tail_tries(a, pos, shape);
        self.min_repeat_one_try(count)
    }

    /// Tries the tail after `count` repetitions, or after more: the fewest that
    /// leave a character the tail can start with.
    fn min_repeat_one_try(&mut self, mut count: usize) -> Next {
        let frame = *self.top();
        let (a, base) = (frame.pc, frame.pos);
        let max = self.code[a + 2];
        loop {
            if max != MAXREPEAT && count > max as usize {
                return self.give_up();
            }
            if self.passes(frame.guard, base + count) {
                break;
            }
            // The try ruled out would have failed at `base + count`.
            let shape = self.repeat_shape(a);
            if self.count_at(shape, base + count, 1) == 0 {
                return self.give_up();
            }
            count += 1;
        }
        self.top().count = count;
        self.m.ptr = base + count;
        self.call(a + self.code[a] as usize, Resume::MinRepeatOne)
    }

    // ---- REPEAT and its UNTILs ---------------------------------------------

    /// `MAX_UNTIL` or `MIN_UNTIL` at `pos`, with `a` just after it (where the tail
    /// starts): one more round of the open repeat, or the tail.
    fn until(&mut self, op: Op, a: usize, pos: usize) -> Next {
        let rp = self.m.repeat;
        if rp == NO_REPEAT {
            return Next::Stopped(Stop::Internal);
        }
        self.m.ptr = pos;
        let count = self.m.repeats[rp].count.wrapping_add(1);
        let rpc = self.m.repeats[rp].pc;
        let (min, max) = (self.code[rpc + 1] as usize, self.code[rpc + 2]);
        let frame = self.top();
        frame.pc = a;
        frame.pos = pos;
        frame.count = count;
        frame.aux = rp;
        if count < min {
            self.m.repeats[rp].count = count;
            let resume = if op == Op::MAX_UNTIL {
                Resume::MaxUntilBelowMin
            } else {
                Resume::MinUntilBelowMin
            };
            return self.call(rpc + 3, resume);
        }
        if op == Op::MIN_UNTIL {
            // The tail first, outside this repeat.
            self.m.repeat = self.m.repeats[rp].prev;
            if let Err(stop) = self.begin_tries() {
                return Next::Stopped(stop);
            }
            return self.call(a, Resume::MinUntilTail);
        }
        if (max == MAXREPEAT || count < max as usize) && pos != self.m.repeats[rp].last_pos {
            // One more round, unless the last one started here (it matched empty).
            self.m.repeats[rp].count = count;
            self.save_lastmark();
            let lastmark = self.m.lastmark;
            if let Err(stop) = self.guard_round(rp, lastmark) {
                return Next::Stopped(stop);
            }
            return self.call(rpc + 3, Resume::MaxUntilOneMore);
        }
        self.max_until_tail()
    }

    /// Saves the marks (for `MAX_UNTIL`, when `lastmark` says so) and the repeat's
    /// empty-round guard, then moves the guard to where the new round starts.
    fn guard_round(&mut self, rp: usize, lastmark: isize) -> Result<(), Stop> {
        self.push_marks(lastmark)?;
        let last = self.m.repeats[rp].last_pos;
        push(&mut self.m.saved, last)?;
        self.m.repeats[rp].last_pos = self.m.ptr;
        Ok(())
    }

    /// Restores the guard `guard_round` saved.
    fn unguard_round(&mut self, rp: usize) {
        let last = self.m.saved.pop().unwrap_or(UNSET);
        self.m.repeats[rp].last_pos = last;
    }

    /// The tail after a `MAX_UNTIL`, outside the repeat.
    fn max_until_tail(&mut self) -> Next {
        let frame = *self.top();
        self.m.repeat = self.m.repeats[frame.aux].prev;
        self.call(frame.pc, Resume::MaxUntilTail)
    }

    // ---- POSSESSIVE_REPEAT -------------------------------------------------

    /// The next round of a `POSSESSIVE_REPEAT`, or its tail once no round is left.
    fn possessive_next(&mut self) -> Next {
        let frame = *self.top();
        let a = frame.pc;
        let (min, max) = (self.code[a + 1] as usize, self.code[a + 2]);
        if frame.count < min {
            return Next::Call {
                code: a + 3,
                resume: Resume::PossessiveBelowMin,
                toplevel: false,
            };
        }
        // More rounds while they take something.
        if (max == MAXREPEAT || frame.count < max as usize) && self.m.ptr != frame.aux {
            self.save_lastmark();
            let lastmark = self.m.lastmark;
            if let Err(stop) = self.push_marks(lastmark) {
                return Next::Stopped(stop);
            }
            self.top().aux = self.m.ptr;
            return Next::Call {
                code: a + 3,
                resume: Resume::PossessiveOneMore,
                toplevel: false,
            };
        }
        Next::Dispatch {
            pc: a + self.code[a] as usize + 1,
            pos: self.m.ptr,
        }
    }

    // ---- resuming ----------------------------------------------------------

    /// Goes on in the current frame, which waited for a nested attempt that ended
    /// with `matched`.
    fn resume(&mut self, resume: Resume, matched: bool) -> Next {
        let frame = *self.top();
        let code = self.code;
        match resume {
            Resume::Caller => Next::Return(matched),
            Resume::Branch => {
                if matched {
                    return self.succeed();
                }
                self.undo_try();
                self.next_alternative(frame.pc + code[frame.pc] as usize, frame.pos)
            }
            Resume::RepeatOne => {
                if matched {
                    return self.succeed();
                }
                self.undo_try();
                if frame.count <= code[frame.pc + 1] as usize {
                    return self.give_up();
                }
                self.repeat_one_try(frame.count - 1)
            }
            Resume::MinRepeatOne => {
                if matched {
                    return self.succeed();
                }
                self.undo_try();
                let shape = self.repeat_shape(frame.pc);
                if self.count_at(shape, frame.pos + frame.count, 1) == 0 {
                    return self.give_up();
                }
                self.min_repeat_one_try(frame.count + 1)
            }
            Resume::Repeat => {
                self.m.repeat = self.m.repeats[frame.aux].prev;
                self.m.repeats.pop();
                Next::Return(matched)
            }
            Resume::MaxUntilBelowMin | Resume::MinUntilBelowMin => {
                if matched {
                    return Next::Return(true);
                }
                self.m.repeats[frame.aux].count = frame.count.wrapping_sub(1);
                self.m.ptr = frame.pos;
                Next::Return(false)
            }
            Resume::MaxUntilOneMore => {
                self.unguard_round(frame.aux);
                if matched {
                    self.drop_marks(frame.lastmark);
                    return Next::Return(true);
                }
                self.pop_marks(frame.lastmark, false);
                self.restore_lastmark();
                self.m.repeats[frame.aux].count = frame.count.wrapping_sub(1);
                self.m.ptr = frame.pos;
                self.max_until_tail()
            }
            Resume::MaxUntilTail => {
                self.m.repeat = frame.aux;
                if !matched {
                    self.m.ptr = frame.pos;
                }
                Next::Return(matched)
            }
            Resume::MinUntilTail => {
                let rp = frame.aux;
                // Marks were saved only if a repeat was open around the tail.
                let saved_marks = self.m.repeats[rp].prev != NO_REPEAT;
                self.m.repeat = rp;
                if matched {
                    if saved_marks {
                        self.drop_marks(frame.lastmark);
                    }
                    return Next::Return(true);
                }
                if saved_marks {
                    self.pop_marks(frame.lastmark, false);
                }
                self.restore_lastmark();
                self.m.ptr = frame.pos;
                let max = code[self.m.repeats[rp].pc + 2];
                let at_max = max != MAXREPEAT && frame.count >= max as usize;
                if at_max || frame.pos == self.m.repeats[rp].last_pos {
                    return Next::Return(false);
                }
                self.m.repeats[rp].count = frame.count;
                if let Err(stop) = self.guard_round(rp, -1) {
                    return Next::Stopped(stop);
                }
                let body = self.m.repeats[rp].pc + 3;
                self.call(body, Resume::MinUntilOneMore)
            }
            Resume::MinUntilOneMore => {
                self.unguard_round(frame.aux);
                if matched {
                    return Next::Return(true);
                }
                self.m.repeats[frame.aux].count = frame.count.wrapping_sub(1);
                self.m.ptr = frame.pos;
                Next::Return(false)
            }
            Resume::PossessiveBelowMin => {
                if !matched {
                    self.m.ptr = frame.pos;
                    return Next::Return(false);
                }
                self.top().count += 1;
                self.possessive_next()
            }
            Resume::PossessiveOneMore => {
                if matched {
                    self.drop_marks(frame.lastmark);
                    self.top().count += 1;
                    return self.possessive_next();
                }
                self.pop_marks(frame.lastmark, false);
                self.restore_lastmark();
                // The tail starts where `ptr` is, which the failed round may have
                // moved (3.11 leaves it there).
                Next::Dispatch {
                    pc: frame.pc + code[frame.pc] as usize + 1,
                    pos: self.m.ptr,
                }
            }
            Resume::AtomicGroup => {
                if !matched {
                    self.m.ptr = frame.pos;
                    return Next::Return(false);
                }
                Next::Dispatch {
                    pc: frame.pc + code[frame.pc] as usize,
                    pos: self.m.ptr,
                }
            }
            Resume::Assert => {
                if !matched {
                    return Next::Return(false);
                }
                Next::Dispatch {
                    pc: frame.pc + code[frame.pc] as usize,
                    pos: frame.pos,
                }
            }
            Resume::AssertNot => {
                if matched {
                    return self.give_up();
                }
                if self.saving_marks() {
                    self.pop_marks(frame.lastmark, false);
                }
                self.restore_lastmark();
                Next::Dispatch {
                    pc: frame.pc + code[frame.pc] as usize,
                    pos: frame.pos,
                }
            }
        }
    }
}

impl<U: Unit> Run<'_, U> {
    /// Forgets the groups of a failed attempt before the next position.
    fn clear_marks(&mut self) {
        self.m.lastmark = -1;
        self.m.lastindex = -1;
    }

    /// `search`: the first position from `start` on where the code matches, which
    /// is left in `start` (and the match's end in `ptr`). An `INFO` block narrows
    /// the positions tried: to those where its literal prefix occurs, or where a
    /// character of its set is.
    pub fn search(&mut self) -> Outcome<bool> {
        let (code, text) = (self.code, self.text);
        let mut pos = self.m.start;
        let end = self.m.end;
        if pos > end {
            return Ok(false);
        }
        let mut body = 0;
        let mut flags = 0;
        // The last position a match can start at, for the general case.
        let mut last_start = end;
        let mut prefix = 0..0;
        let mut prefix_skip = 0;
        let mut charset = None;
        if code[0] == Op::INFO as u32 {
            // <INFO> <skip> <flags> <min> <max> then a prefix or a charset
            flags = code[2];
            let min = code[3] as usize;
            if end - pos < min {
                return Ok(false);
            }
            if min > 1 {
                last_start = end - (min - 1);
            }
            if flags & info::PREFIX != 0 {
                // <length> <skip> <characters> <overlap table>
                let length = code[5] as usize;
                prefix_skip = code[6] as usize;
                prefix = 7..7 + length;
            } else if flags & info::CHARSET != 0 {
                charset = Some(5);
            }
            body = 1 + code[1] as usize;
        }
        let whole_literal = flags & info::LITERAL != 0;
        let after_prefix = body + 2 * prefix_skip;

        if prefix.len() == 1 {
            let literal = code[prefix.start];
            self.m.must_advance = false;
            while pos < end {
                match text[pos..end].iter().position(|c| c.code() == literal) {
                    Some(offset) => pos += offset,
                    None => return Ok(false),
                }
                self.m.start = pos;
                self.m.ptr = pos + prefix_skip;
                if whole_literal || self.attempt(after_prefix, false)? {
                    return Ok(true);
                }
                pos += 1;
                self.clear_marks();
            }
            return Ok(false);
        }

        if prefix.len() > 1 {
            let length = prefix.len();
            if length > end - pos {
                return Ok(false);
            }
            let literals = &code[prefix.clone()];
            // After `i` characters matched and the next did not, how many of them
            // still match as the start of the prefix: `overlap[i - 1]`.
            let overlap = &code[prefix.end..prefix.end + length];
            while pos < end {
                // The next place the first character is.
                match text[pos..end].iter().position(|c| c.code() == literals[0]) {
                    Some(offset) => pos += offset + 1,
                    None => return Ok(false),
                }
                if pos >= end {
                    return Ok(false);
                }
                let mut matched = 1;
                self.m.must_advance = false;
                loop {
                    if text[pos].code() == literals[matched] {
                        matched += 1;
                        if matched != length {
                            pos += 1;
                            if pos >= end {
                                return Ok(false);
                            }
                            continue;
                        }
                        let start = pos + 1 - length;
                        self.m.start = start;
                        self.m.ptr = start + prefix_skip;
                        if whole_literal || self.attempt(after_prefix, false)? {
                            return Ok(true);
                        }
                        pos += 1;
                        if pos >= end {
                            return Ok(false);
                        }
                        self.clear_marks();
                    }
                    matched = overlap[matched - 1] as usize;
                    if matched == 0 {
                        break;
                    }
                }
            }
            return Ok(false);
        }

        if let Some(set) = charset {
            let test = match charset::shape(&code[set..]) {
                Shape::Range(low, high) => CharTest::Range(low, high),
                Shape::Category(test) => CharTest::Class(test),
                Shape::Items => CharTest::Set(set),
            };
            self.m.must_advance = false;
            loop {
                match self.next_passing(test, pos, end) {
                    Some(next) => pos = next,
                    None => return Ok(false),
                }
                self.m.start = pos;
                self.m.ptr = pos;
                if self.attempt(body, false)? {
                    return Ok(true);
                }
                pos += 1;
                self.clear_marks();
            }
        }

        let anchored = code[body] == Op::AT as u32
            && matches!(code[body + 1], at::BEGINNING | at::BEGINNING_STRING);
        // Positions where the code's first tests fail are not tried at all.
        let starts = self.starts(body);
        if self.could_start(&starts, pos) && self.attempt(body, true)? {
            return Ok(true);
        }
        self.m.must_advance = false;
        if anchored {
            return Ok(false);
        }
        while pos < last_start {
            pos += 1;
            if starts.at == at::BEGINNING_LINE && !is_linebreak(text[pos - 1].code()) {
                // Straight to the next line.
                match text[pos..last_start]
                    .iter()
                    .position(|c| is_linebreak(c.code()))
                {
                    Some(offset) => pos += offset + 1,
                    None => return Ok(false),
                }
            }
            if !self.passes(starts.first, pos) {
                // Straight to the next character the code can start with.
                match self.next_passing(starts.first, pos + 1, last_start) {
                    Some(next) => pos = next,
                    None => return Ok(false),
                }
            }
            if !starts.alternatives.is_empty() {
                // Straight to the next character an alternative can start with.
                let stop = last_start.min(end.saturating_sub(1));
                if pos > stop {
                    return Ok(false);
                }
                let run = &text[pos..=stop];
                match run
                    .iter()
                    .position(|c| self.fits_an_alternative(&starts, c.code()))
                {
                    Some(offset) => pos += offset,
                    None => return Ok(false),
                }
            }
            if self.could_start(&starts, pos) {
                self.clear_marks();
                self.m.start = pos;
                self.m.ptr = pos;
                if self.attempt(body, false)? {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// What the code at `pc` tests first: the position tests it opens with, then
    /// the first character (of each alternative, if it opens with a `BRANCH`).
    fn starts(&self, mut pc: usize) -> Starts {
        let code = self.code;
        let mut starts = Starts::default();
        loop {
            match Op::from_word(code[pc]) {
                Some(Op::MARK) => pc += 2,
                Some(Op::AT) => {
                    if starts.at == NO_AT {
                        starts.at = code[pc + 1];
                    }
                    pc += 2;
                }
                Some(Op::BRANCH) => {
                    let mut alt = pc + 1;
                    let mut tests = Tests::new();
                    while code[alt] != 0 {
                        match self.char_test(alt + 1, 0) {
                            // An alternative that can start anywhere.
                            CharTest::Nothing => return starts,
                            _ if tests.len() == tests.capacity() => return starts,
                            test => tests.push(test),
                        }
                        alt += code[alt] as usize;
                    }
                    starts.alternatives = tests;
                    return starts;
                }
                _ => {
                    starts.first = self.char_test(pc, 0);
                    return starts;
                }
            }
        }
    }

    /// Whether the code may match at `pos` as far as `starts` can tell. An attempt
    /// ruled out here would have failed without effects that outlive it.
    #[inline(always)]
    fn could_start(&self, starts: &Starts, pos: usize) -> bool {
        self.passes(starts.first, pos)
            && (starts.alternatives.is_empty() || self.some_alternative_fits(starts, pos))
            && (starts.at == NO_AT || self.at(pos, starts.at))
    }

    fn some_alternative_fits(&self, starts: &Starts, pos: usize) -> bool {
        pos < self.m.end && self.fits_an_alternative(starts, self.char_at(pos))
    }

    #[inline(always)]
    fn fits_an_alternative(&self, starts: &Starts, ch: u32) -> bool {
        starts
            .alternatives
            .iter()
            .any(|&test| self.test_char(test, ch))
    }
}
