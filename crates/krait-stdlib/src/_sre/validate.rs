//! Checks a compiled pattern before the matcher may run it (the job of `_validate` in
//! CPython's `Modules/_sre/sre.c`): every skip stays inside the code, every opcode and
//! argument is one the matcher knows, and nested parts end with the opcode their
//! construct requires. Code reaches `_sre.compile` from Python, so it is untrusted.
//!
//! Two checks go further than CPython's, because the matcher relies on them: the body
//! of a single-character repeat (`REPEAT_ONE` and its kin) must be one
//! single-character opcode, as `re._compiler` always emits, and an `INFO` prefix may
//! only skip literals that the code really starts with. Nesting is followed with an
//! explicit stack, so deeply nested code cannot exhaust the Rust stack.

use super::opcodes::{at, category, info, Op};

use super::MAXGROUPS;

/// Why code was refused; the caller raises `RuntimeError('invalid SRE code')`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct InvalidCode;

type Check<T = ()> = Result<T, InvalidCode>;

fn require(condition: bool) -> Check {
    if condition {
        Ok(())
    } else {
        Err(InvalidCode)
    }
}

const INFO_PREFIX: u32 = info::PREFIX;
const INFO_LITERAL: u32 = info::LITERAL;
const INFO_CHARSET: u32 = info::CHARSET;

/// What the check learnt about valid code.
pub(crate) struct Checked {
    /// How many group marks the code sets at most (one more than the highest).
    pub marks: usize,
}

/// Checks `code` for a pattern with `groups` capturing groups.
pub(crate) fn validate(code: &[u32], groups: usize) -> Check<Checked> {
    require(groups <= MAXGROUPS)?;
    require(code.last() == Some(&(Op::SUCCESS as u32)))?;
    let mut checker = Checker {
        code,
        groups,
        marks: 0,
    };
    checker.run(code.len() - 1)?;
    Ok(Checked {
        marks: checker.marks,
    })
}

struct Checker<'a> {
    code: &'a [u32],
    groups: usize,
    marks: usize,
}

/// A stretch of code being checked: ops from `pos` up to `end`, and what the stretch
/// around it expects once this one is done.
struct Region {
    pos: usize,
    end: usize,
    then: After,
}

/// What follows a nested region, checked when it is done.
#[derive(Clone, Copy)]
enum After {
    /// The whole program.
    Program,
    /// The body of a construct, closed by one of `closers` at `at`.
    Body { at: usize, closers: &'static [Op] },
    /// An alternative of a `BRANCH`, closed by the `JUMP` at `jump`; `target` is where
    /// the earlier alternatives' jumps land.
    Alternative { jump: usize, target: Option<usize> },
    /// The 'then' part of `GROUPREF_EXISTS`; an 'else' part follows when it ends
    /// with a `JUMP`, otherwise the code goes on at `resume`.
    Then { resume: usize },
    /// The 'else' part of `GROUPREF_EXISTS`.
    Else { resume: usize },
}

/// How a region ended.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ending {
    Plain,
    /// Its last op is a `JUMP`, which only a `BRANCH` alternative or a 'then' part
    /// may end with.
    Jump,
}

/// What one step of a region did.
enum Step {
    Next,
    Ended(Ending),
    Enter(Region),
}

const UNTIL: &[Op] = &[Op::MAX_UNTIL, Op::MIN_UNTIL];
const SUCCESS: &[Op] = &[Op::SUCCESS];

impl Checker<'_> {
    fn at(&self, pos: usize, end: usize) -> Check<u32> {
        if pos < end {
            Ok(self.code[pos])
        } else {
            Err(InvalidCode)
        }
    }

    /// The skip stored at `pos`, which may reach at most to `end`.
    fn skip(&self, pos: usize, end: usize) -> Check<usize> {
        let skip = self.at(pos, end)? as usize;
        require(skip <= end - pos)?;
        Ok(skip)
    }

    fn run(&mut self, end: usize) -> Check {
        let mut stack = vec![Region {
            pos: 0,
            end,
            then: After::Program,
        }];
        while let Some(top) = stack.last_mut() {
            let step = if top.pos == top.end {
                Step::Ended(Ending::Plain)
            } else {
                self.step(top)?
            };
            match step {
                Step::Next => {}
                Step::Enter(region) => stack.push(region),
                Step::Ended(ending) => {
                    let done = stack.pop().ok_or(InvalidCode)?;
                    match stack.last_mut() {
                        Some(parent) => {
                            if let Some(region) = self.resume(parent, done.then, ending)? {
                                stack.push(region);
                            }
                        }
                        None => require(ending == Ending::Plain)?,
                    }
                }
            }
        }
        Ok(())
    }

    /// Checks the op at `region.pos` and moves past it, or starts its nested part.
    fn step(&mut self, region: &mut Region) -> Check<Step> {
        let (p, end) = (region.pos, region.end);
        let Ok(opcode) = Op::try_from(self.code[p]) else {
            return Err(InvalidCode);
        };
        match opcode {
            Op::MARK => {
                let mark = self.at(p + 1, end)? as usize;
                require(mark <= 2 * self.groups + 1)?;
                self.marks = self.marks.max(mark + 1);
                region.pos = p + 2;
            }
            Op::LITERAL
            | Op::NOT_LITERAL
            | Op::LITERAL_IGNORE
            | Op::NOT_LITERAL_IGNORE
            | Op::LITERAL_UNI_IGNORE
            | Op::NOT_LITERAL_UNI_IGNORE
            | Op::LITERAL_LOC_IGNORE
            | Op::NOT_LITERAL_LOC_IGNORE => {
                self.at(p + 1, end)?;
                region.pos = p + 2;
            }
            Op::SUCCESS | Op::FAILURE | Op::ANY | Op::ANY_ALL => region.pos = p + 1,
            Op::AT => {
                require(self.at(p + 1, end)? < at::COUNT)?;
                region.pos = p + 2;
            }
            Op::IN | Op::IN_IGNORE | Op::IN_UNI_IGNORE | Op::IN_LOC_IGNORE => {
                let s = p + 1;
                let skip = self.skip(s, end)?;
                require(skip >= 2)?;
                self.charset(s + 1, s + skip - 1)?;
                require(self.code[s + skip - 1] == Op::FAILURE as u32)?;
                region.pos = s + skip;
            }
            Op::INFO => region.pos = self.info(p, end)?,
            Op::BRANCH => return self.alternative(region, p + 1, None),
            Op::REPEAT_ONE | Op::MIN_REPEAT_ONE | Op::POSSESSIVE_REPEAT_ONE => {
                let s = p + 1;
                let skip = self.skip(s, end)?;
                require(skip >= 4)?;
                let (min, max) = (self.at(s + 1, end)?, self.at(s + 2, end)?);
                require(min <= max)?;
                self.single_character(s + 3, s + skip - 1)?;
                require(self.code[s + skip - 1] == Op::SUCCESS as u32)?;
                region.pos = s + skip;
            }
            Op::REPEAT | Op::POSSESSIVE_REPEAT => {
                let s = p + 1;
                let skip = self.skip(s, end)?;
                require(skip >= 3)?;
                let (min, max) = (self.at(s + 1, end)?, self.at(s + 2, end)?);
                require(min <= max)?;
                let closers = if opcode == Op::REPEAT { UNTIL } else { SUCCESS };
                return Ok(Step::Enter(Region {
                    pos: s + 3,
                    end: s + skip,
                    then: After::Body {
                        at: s + skip,
                        closers,
                    },
                }));
            }
            Op::ATOMIC_GROUP => {
                let s = p + 1;
                let skip = self.skip(s, end)?;
                require(skip >= 2)?;
                return Ok(Step::Enter(Region {
                    pos: s + 1,
                    end: s + skip - 1,
                    then: After::Body {
                        at: s + skip - 1,
                        closers: SUCCESS,
                    },
                }));
            }
            Op::GROUPREF
            | Op::GROUPREF_IGNORE
            | Op::GROUPREF_UNI_IGNORE
            | Op::GROUPREF_LOC_IGNORE => {
                require((self.at(p + 1, end)? as usize) < self.groups)?;
                region.pos = p + 2;
            }
            Op::GROUPREF_EXISTS => {
                require((self.at(p + 1, end)? as usize) < self.groups)?;
                // The skip counts from the group argument, one word before it.
                let s = p + 2;
                let skip = self.at(s, end)? as usize;
                require(skip >= 2 && skip - 1 <= end - s)?;
                return Ok(Step::Enter(Region {
                    pos: p + 3,
                    end: p + 1 + skip,
                    then: After::Then {
                        resume: p + 1 + skip,
                    },
                }));
            }
            Op::ASSERT | Op::ASSERT_NOT => {
                let s = p + 1;
                let skip = self.skip(s, end)?;
                require(skip >= 3)?;
                let width = self.at(s + 1, end)?;
                require(width & 0x8000_0000 == 0)?;
                return Ok(Step::Enter(Region {
                    pos: s + 2,
                    end: s + skip - 1,
                    then: After::Body {
                        at: s + skip - 1,
                        closers: SUCCESS,
                    },
                }));
            }
            Op::JUMP => {
                require(p + 2 == end)?;
                return Ok(Step::Ended(Ending::Jump));
            }
            _ => return Err(InvalidCode),
        }
        Ok(Step::Next)
    }

    /// Goes on in `parent` after a nested region that ended with `ending`; returns the
    /// next nested region to check, if the construct has one.
    fn resume(&self, parent: &mut Region, then: After, ending: Ending) -> Check<Option<Region>> {
        let end = parent.end;
        match then {
            After::Program => Err(InvalidCode),
            After::Body { at, closers } => {
                require(ending == Ending::Plain)?;
                let closer = self.at(at, end)?;
                require(closers.iter().any(|c| *c as u32 == closer))?;
                parent.pos = at + 1;
                Ok(None)
            }
            After::Alternative { jump, target } => {
                require(ending == Ending::Plain)?;
                require(self.at(jump, end)? == Op::JUMP as u32)?;
                let j = jump + 1;
                let landing = j + self.skip(j, end)?;
                require(target.is_none_or(|t| t == landing))?;
                match self.alternative(parent, j + 1, Some(landing))? {
                    Step::Enter(region) => Ok(Some(region)),
                    _ => Ok(None),
                }
            }
            After::Then { resume } => match ending {
                Ending::Plain => {
                    parent.pos = resume;
                    Ok(None)
                }
                Ending::Jump => {
                    // The 'then' part's final JUMP skips the 'else' part.
                    let s = resume - 1;
                    let skip = self.skip(s, end)?;
                    require(skip >= 1)?;
                    Ok(Some(Region {
                        pos: s + 1,
                        end: s + skip,
                        then: After::Else { resume: s + skip },
                    }))
                }
            },
            After::Else { resume } => {
                require(ending == Ending::Plain)?;
                parent.pos = resume;
                Ok(None)
            }
        }
    }

    /// The `BRANCH` alternative whose skip is at `s`, or the end of the branch (a zero
    /// skip), which must be where every alternative's jump lands.
    fn alternative(&self, parent: &mut Region, s: usize, target: Option<usize>) -> Check<Step> {
        let skip = self.skip(s, parent.end)?;
        if skip == 0 {
            require(target == Some(s + 1))?;
            parent.pos = s + 1;
            return Ok(Step::Next);
        }
        require(skip >= 3)?;
        Ok(Step::Enter(Region {
            pos: s + 1,
            end: s + skip - 2,
            then: After::Alternative {
                jump: s + skip - 2,
                target,
            },
        }))
    }

    /// The body of a single-character repeat: one op that matches one character.
    fn single_character(&mut self, start: usize, end: usize) -> Check {
        require(start < end)?;
        let width = match Op::try_from(self.code[start]).map_err(|_| InvalidCode)? {
            Op::ANY | Op::ANY_ALL => 1,
            Op::LITERAL
            | Op::NOT_LITERAL
            | Op::LITERAL_IGNORE
            | Op::NOT_LITERAL_IGNORE
            | Op::LITERAL_UNI_IGNORE
            | Op::NOT_LITERAL_UNI_IGNORE
            | Op::LITERAL_LOC_IGNORE
            | Op::NOT_LITERAL_LOC_IGNORE => 2,
            Op::IN | Op::IN_IGNORE | Op::IN_UNI_IGNORE | Op::IN_LOC_IGNORE => {
                1 + self.at(start + 1, end)? as usize
            }
            _ => return Err(InvalidCode),
        };
        require(end - start == width)?;
        let mut region = Region {
            pos: start,
            end,
            then: After::Program,
        };
        match self.step(&mut region)? {
            Step::Next if region.pos == end => Ok(()),
            _ => Err(InvalidCode),
        }
    }

    /// `<INFO> <skip> <flags> <min> <max>`, then a literal prefix (its length, how
    /// many of its literals the code may skip, the characters and an overlap table)
    /// or a charset. Returns where the code goes on.
    fn info(&self, p: usize, end: usize) -> Check<usize> {
        let s = p + 1;
        let skip = self.skip(s, end)?;
        let after = s + skip;
        let flags = self.at(s + 1, end)?;
        self.at(s + 3, end)?;
        require(flags & !(INFO_PREFIX | INFO_LITERAL | INFO_CHARSET) == 0)?;
        require(flags & INFO_PREFIX == 0 || flags & INFO_CHARSET == 0)?;
        require(flags & INFO_LITERAL == 0 || flags & INFO_PREFIX != 0)?;
        let mut q = s + 4;
        require(q <= after)?;
        if flags & INFO_PREFIX != 0 {
            let length = self.at(q, after)? as usize;
            let literals_skipped = self.at(q + 1, after)? as usize;
            q += 2;
            require(length >= 1 && length <= (after - q) / 2)?;
            let overlap = &self.code[q + length..q + 2 * length];
            require(overlap.iter().all(|o| (*o as usize) < length))?;
            require(literals_skipped <= length)?;
            // The matcher steps over that many LITERAL ops after the INFO block.
            for k in 0..literals_skipped {
                require(self.code.get(after + 2 * k) == Some(&(Op::LITERAL as u32)))?;
                require(after + 2 * k + 1 < end)?;
            }
            q += 2 * length;
        }
        if flags & INFO_CHARSET != 0 {
            require(q < after)?;
            self.charset(q, after - 1)?;
            require(self.code[after - 1] == Op::FAILURE as u32)?;
        } else {
            require(q == after)?;
        }
        Ok(after)
    }

    /// The items of a character set, from `start` up to `end`.
    fn charset(&self, start: usize, end: usize) -> Check {
        let mut q = start;
        while q < end {
            let opcode = Op::try_from(self.code[q]).map_err(|_| InvalidCode)?;
            q += match opcode {
                Op::NEGATE => 1,
                Op::LITERAL => {
                    self.at(q + 1, end)?;
                    2
                }
                Op::RANGE | Op::RANGE_UNI_IGNORE => {
                    self.at(q + 2, end)?;
                    3
                }
                // A 256-bit bitmap.
                Op::CHARSET => {
                    require(end - q > 8)?;
                    9
                }
                // A block count, 256 block numbers (one byte each), then the blocks.
                Op::BIGCHARSET => {
                    let blocks = self.at(q + 1, end)? as usize;
                    require(64 <= end - q - 2)?;
                    let table = &self.code[q + 2..q + 66];
                    let in_range = table
                        .iter()
                        .flat_map(|word| word.to_ne_bytes())
                        .all(|b| (b as usize) < blocks);
                    require(in_range)?;
                    require(blocks.checked_mul(8).is_some_and(|n| n <= end - q - 66))?;
                    66 + blocks * 8
                }
                Op::CATEGORY => {
                    require(self.at(q + 1, end)? < category::COUNT)?;
                    2
                }
                _ => return Err(InvalidCode),
            };
        }
        require(q == end)
    }
}
