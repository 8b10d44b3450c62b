//! Between the pattern, match and scanner types and the matcher: a subject in the
//! form the matcher reads, where a scan through it stands, and what a match found.
//!
//! Positions are character indices, as `re` reports them. A subject is read as bytes
//! when each character is one byte (bytes-like subjects, ASCII strs) and as code
//! points otherwise.

use krait_vm::{PyErr, PyResult, Vm};

use super::matcher::{Machine, Run, Stop, Unit};

/// A subject as the matcher reads it.
#[derive(Clone, Copy)]
pub(crate) enum Text<'a> {
    /// One character per byte.
    Narrow(&'a [u8]),
    /// One code point per character, lone surrogates included.
    Wide(&'a [u32]),
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
    /// How many group marks the code may set.
    marks: usize,
    pub progress: Progress,
    /// The matcher's working state, kept between attempts so its stacks are
    /// allocated once per scan.
    machine: Machine,
}

impl<'a> Scan<'a> {
    /// A scan of `text` by `code` (which has `groups` groups and sets up to `marks`
    /// marks), with `machine` to work in.
    pub fn new(
        text: Text<'a>,
        code: &'a [u32],
        (groups, marks): (usize, usize),
        progress: Progress,
        machine: Machine,
    ) -> Scan<'a> {
        Scan {
            text,
            code,
            groups,
            marks,
            progress,
            machine,
        }
    }

    /// The next match anchored as `anchor` says, advancing past it; `None` once no
    /// match is left. Signal handlers run while the matcher works (a pattern may
    /// take very long); an exception from one ends the scan with it.
    pub fn next_match(&mut self, vm: &mut Vm, anchor: Anchor) -> PyResult<Option<Found>> {
        let progress = self.progress;
        // A search cannot start past its end (a match can: an empty one there).
        if progress.exhausted || (anchor == Anchor::Anywhere && progress.start > progress.end) {
            self.progress.exhausted = true;
            return Ok(None);
        }
        self.machine.reset(
            self.marks,
            progress.start,
            progress.end,
            progress.must_advance,
        );
        let mut raised: Option<PyErr> = None;
        let mut interrupted = || match vm.handle_signals() {
            Ok(()) => false,
            Err(error) => {
                raised = Some(error);
                true
            }
        };
        let outcome = match self.text {
            Text::Narrow(text) => {
                attempt(&mut self.machine, text, self.code, anchor, &mut interrupted)
            }
            Text::Wide(text) => {
                attempt(&mut self.machine, text, self.code, anchor, &mut interrupted)
            }
        };
        let found = match outcome {
            Ok(found) => found,
            Err(stop) => return Err(stopped(vm, stop, raised)),
        };
        if !found {
            self.progress.exhausted = true;
            return Ok(None);
        }
        let (start, end) = (self.machine.start, self.machine.ptr);
        self.progress.must_advance = start == end;
        self.progress.start = end;
        Ok(Some(self.found()))
    }

    fn found(&self) -> Found {
        let machine = &self.machine;
        let mut spans = Vec::with_capacity(self.groups + 1);
        spans.push((machine.start as isize, machine.ptr as isize));
        for group in 0..self.groups {
            spans.push(match machine.group_span(group) {
                Some((start, end)) => (start as isize, end as isize),
                None => (-1, -1),
            });
        }
        Found {
            spans,
            lastindex: machine.lastindex,
        }
    }

    /// The working state, for a later scan of the same pattern.
    pub fn into_machine(self) -> Machine {
        self.machine
    }
}

/// One attempt of the matcher, anchored as `anchor` says; the match is left in
/// `machine`.
fn attempt<U: Unit>(
    machine: &mut Machine,
    text: &[U],
    code: &[u32],
    anchor: Anchor,
    interrupted: &mut dyn FnMut() -> bool,
) -> Result<bool, Stop> {
    let mut run = Run::new(machine, text, code, interrupted);
    match anchor {
        Anchor::Start => run.matches(false),
        Anchor::Whole => run.matches(true),
        Anchor::Anywhere => run.search(),
    }
}

/// The exception for a matcher that stopped: the signal handler's, `MemoryError`,
/// or CPython's `RuntimeError` for an engine in an impossible state.
fn stopped(vm: &mut Vm, stop: Stop, raised: Option<PyErr>) -> PyErr {
    match (stop, raised) {
        (Stop::Interrupted, Some(error)) => error,
        (Stop::NoMemory, _) => no_memory(vm),
        _ => vm.new_runtime_error("internal error in regular expression engine".to_owned()),
    }
}

/// A `MemoryError` with no message, as `PyErr_NoMemory` raises.
pub(crate) fn no_memory(vm: &mut Vm) -> PyErr {
    let class = vm.exc(krait_vm::Exc::MemoryError).clone();
    krait_vm::objects::exceptions::new_exception(vm, &class, vec![])
}
