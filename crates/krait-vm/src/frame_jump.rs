//! Setting `f_lineno` from a trace function: the jump a debugger makes
//! (CPython's `frame_setlineno` in `Objects/frameobject.c`).
//!
//! A jump is safe when the target expects no more on the value stack than is there
//! now, and of the same kinds. Each code unit's stack is worked out by following
//! the code and the exception table, a stack being a list of kinds (an iterator of
//! a `for` loop, an exception being handled, a plain object, a NULL, a saved
//! `lasti`) packed three bits to an entry in an `i64`, as CPython packs it, so
//! that the same jumps are refused with the same messages.

use krait_bytecode::Opcode;

use crate::objects::code::CodeData;

const ITERATOR: i64 = 1;
const EXCEPT: i64 = 2;
const OBJECT: i64 = 3;
const NULL: i64 = 4;
const LASTI: i64 = 5;

const BITS: u32 = 3;
const MASK: i64 = (1 << BITS) - 1;
const UNINITIALIZED: i64 = -2;
const OVERFLOWED: i64 = -1;
const MAX_ENTRIES: u32 = 63 / BITS;
const WILL_OVERFLOW: u64 = 1 << ((MAX_ENTRIES - 1) * BITS);

fn push(stack: i64, kind: i64) -> i64 {
    if stack as u64 >= WILL_OVERFLOW {
        OVERFLOWED
    } else {
        (stack << BITS) | kind
    }
}

pub(crate) fn pop(stack: i64) -> i64 {
    stack >> BITS
}

pub(crate) fn top(stack: i64) -> i64 {
    stack & MASK
}

fn peek(stack: i64, n: u32) -> i64 {
    (stack >> (BITS * (n - 1))) & MASK
}

fn swap(stack: i64, n: u32) -> i64 {
    let deep = peek(stack, n);
    let shift = BITS * (n - 1);
    let replaced = (stack & !(MASK << shift)) | (top(stack) << shift);
    (replaced & !MASK) | deep
}

fn pop_to_level(mut stack: i64, level: u32) -> i64 {
    if level == 0 {
        return 0;
    }
    let level_max = MASK << ((level - 1) * BITS);
    while stack > level_max {
        stack = pop(stack);
    }
    stack
}

/// Whether a value of kind `from` can stand where the target expects `to`.
fn compatible_kind(from: i64, to: i64) -> bool {
    match to {
        0 => false,
        OBJECT => from != NULL,
        NULL => true,
        _ => from == to,
    }
}

fn compatible_stack(mut from: i64, mut to: i64) -> bool {
    if from < 0 || to < 0 {
        return false;
    }
    while from > to {
        from = pop(from);
    }
    while from != 0 {
        if !compatible_kind(top(from), top(to)) {
            return false;
        }
        from = pop(from);
        to = pop(to);
    }
    to == 0
}

fn explain_incompatible(to: i64) -> &'static str {
    match to {
        OVERFLOWED => "stack is too deep to analyze",
        UNINITIALIZED => "can't jump into an exception handler, or code may be unreachable",
        _ => match top(to) {
            EXCEPT => "can't jump into an 'except' block as there's no exception",
            LASTI => "can't jump into a re-raising block as there's no location",
            ITERATOR => "can't jump into the body of a for loop",
            _ => "incompatible stacks",
        },
    }
}

/// The argument of the instruction at code unit `i`, with its `EXTENDED_ARG`
/// prefixes.
fn arg_at(code: &[u8], i: usize) -> u32 {
    let mut arg = u32::from(code[i * 2 + 1]);
    for back in 1..=3 {
        if i < back || code[(i - back) * 2] != Opcode::EXTENDED_ARG as u8 {
            break;
        }
        arg |= u32::from(code[(i - back) * 2 + 1]) << (8 * back);
    }
    arg
}

/// The stack at the start of each code unit (`UNINITIALIZED` where the code
/// cannot be reached).
fn mark_stacks(code: &CodeData) -> Vec<i64> {
    use Opcode::*;
    let bytes = &code.code.code[..];
    let len = bytes.len() / 2;
    let mut stacks = vec![UNINITIALIZED; len + 1];
    stacks[0] = 0;
    let generator_flags = krait_bytecode::CodeFlags::GENERATOR
        | krait_bytecode::CodeFlags::COROUTINE
        | krait_bytecode::CodeFlags::ASYNC_GENERATOR;
    if code.code.flags & generator_flags != 0 {
        // A generator is sent None as it starts.
        stacks[0] = push(stacks[0], OBJECT);
    }
    let mut todo = true;
    while todo {
        todo = false;
        for i in 0..len {
            let mut next = stacks[i];
            if next == UNINITIALIZED {
                continue;
            }
            let Some(opcode) = Opcode::from_u8(bytes[i * 2]) else {
                stacks[i + 1] = next;
                continue;
            };
            let arg = arg_at(bytes, i);
            let set = |stacks: &mut Vec<i64>, j: usize, value: i64| {
                if j < len {
                    stacks[j] = value;
                }
            };
            match opcode {
                JUMP_IF_FALSE_OR_POP
                | JUMP_IF_TRUE_OR_POP
                | POP_JUMP_FORWARD_IF_FALSE
                | POP_JUMP_BACKWARD_IF_FALSE
                | POP_JUMP_FORWARD_IF_TRUE
                | POP_JUMP_BACKWARD_IF_TRUE => {
                    let backward = matches!(
                        opcode,
                        POP_JUMP_BACKWARD_IF_FALSE | POP_JUMP_BACKWARD_IF_TRUE
                    );
                    let j = if backward {
                        (i + 1).saturating_sub(arg as usize)
                    } else {
                        i + 1 + arg as usize
                    };
                    if j < len && stacks[j] == UNINITIALIZED && j < i {
                        todo = true;
                    }
                    let target = if matches!(opcode, JUMP_IF_FALSE_OR_POP | JUMP_IF_TRUE_OR_POP) {
                        let target = next;
                        next = pop(next);
                        target
                    } else {
                        next = pop(next);
                        next
                    };
                    set(&mut stacks, j, target);
                    stacks[i + 1] = next;
                }
                SEND => {
                    set(&mut stacks, i + 1 + arg as usize, pop(next));
                    stacks[i + 1] = next;
                }
                JUMP_FORWARD => set(&mut stacks, i + 1 + arg as usize, next),
                JUMP_BACKWARD | JUMP_BACKWARD_NO_INTERRUPT => {
                    let j = (i + 1).saturating_sub(arg as usize);
                    if j < len && stacks[j] == UNINITIALIZED && j < i {
                        todo = true;
                    }
                    set(&mut stacks, j, next);
                }
                GET_ITER | GET_AITER => stacks[i + 1] = push(pop(next), ITERATOR),
                FOR_ITER => {
                    set(&mut stacks, i + 1 + arg as usize, pop(next));
                    stacks[i + 1] = push(next, OBJECT);
                }
                END_ASYNC_FOR => stacks[i + 1] = pop(pop(next)),
                PUSH_EXC_INFO => stacks[i + 1] = push(next, EXCEPT),
                POP_EXCEPT => stacks[i + 1] = pop(next),
                RETURN_VALUE | RAISE_VARARGS | RERAISE => {}
                PUSH_NULL => stacks[i + 1] = push(next, NULL),
                LOAD_GLOBAL => {
                    if arg & 1 != 0 {
                        next = push(next, NULL);
                    }
                    stacks[i + 1] = push(next, OBJECT);
                }
                LOAD_METHOD => stacks[i + 1] = push(push(pop(next), NULL), OBJECT),
                CALL => stacks[i + 1] = push(pop(pop(next)), OBJECT),
                SWAP => stacks[i + 1] = swap(next, arg.max(1)),
                COPY => stacks[i + 1] = push(next, peek(next, arg.max(1))),
                _ => {
                    let effect =
                        |jump| krait_compiler::stack_effect(opcode as u8, arg, jump).unwrap_or(0);
                    let mut delta = effect(true).max(effect(false));
                    while delta < 0 {
                        next = pop(next);
                        delta += 1;
                    }
                    while delta > 0 {
                        next = push(next, OBJECT);
                        delta -= 1;
                    }
                    stacks[i + 1] = next;
                }
            }
        }
        for entry in code.exception_table() {
            let (start, handler) = (entry.start as usize, entry.target as usize);
            if start >= len || handler >= len {
                continue;
            }
            if stacks[start] != UNINITIALIZED && stacks[handler] == UNINITIALIZED {
                todo = true;
                let mut target = pop_to_level(stacks[start], entry.depth);
                if entry.lasti {
                    target = push(target, LASTI);
                }
                stacks[handler] = push(target, EXCEPT);
            }
        }
    }
    stacks
}

/// The line each code unit starts, where one starts (CPython's `marklines`).
fn line_starts(code: &CodeData) -> Vec<Option<u32>> {
    let len = code.code.code.len() / 2;
    let mut last = None;
    (0..len)
        .map(|i| {
            let line = code.line_at(i);
            if line.is_some() && line != last {
                last = line;
                line
            } else {
                None
            }
        })
        .collect()
}

/// Where a jump lands and what it leaves on the stack.
pub(crate) struct Jump {
    pub target: usize,
    /// The stack at the current instruction and at the target.
    pub from_stack: i64,
    pub to_stack: i64,
}

/// Plans a jump of a frame running `code`, now at code unit `lasti`, to `line`:
/// the error is the `ValueError` message CPython gives.
pub(crate) fn plan_jump(code: &CodeData, lasti: usize, line: i64) -> Result<Jump, String> {
    let first_line = i64::from(code.code.firstlineno);
    if line < first_line {
        return Err(format!("line {line} comes before the current code block"));
    }
    let starts = line_starts(code);
    let Some(new_line) = starts
        .iter()
        .flatten()
        .filter(|&&l| i64::from(l) >= line)
        .min()
        .copied()
    else {
        return Err(format!("line {line} comes after the current code block"));
    };
    let stacks = mark_stacks(code);
    let from_stack = stacks.get(lasti).copied().unwrap_or(UNINITIALIZED);
    let mut best: Option<(i64, usize)> = None;
    let mut message = "cannot find bytecode for specified line";
    let mut explained = false;
    for (i, start) in starts.iter().enumerate() {
        if *start != Some(new_line) {
            continue;
        }
        let to_stack = stacks[i];
        if compatible_stack(from_stack, to_stack) {
            if best.is_none_or(|(stack, _)| to_stack > stack) {
                best = Some((to_stack, i));
            }
        } else if best.is_none() && !explained {
            message = match from_stack {
                OVERFLOWED => "stack to deep to analyze",
                UNINITIALIZED => "can't jump from unreachable code",
                _ => {
                    explained = true;
                    explain_incompatible(to_stack)
                }
            };
        }
    }
    match best {
        Some((to_stack, target)) => Ok(Jump {
            target,
            from_stack,
            to_stack,
        }),
        None => Err(message.to_owned()),
    }
}

/// Whether an entry of the packed stack is an exception being handled.
pub(crate) fn is_except(stack: i64) -> bool {
    top(stack) == EXCEPT
}
