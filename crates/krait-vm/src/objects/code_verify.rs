//! The stack check of code objects from outside the compiler (marshal data,
//! `CodeType(...)`, `code.replace`): every path through the code, from its start
//! and from each exception handler, keeps the value stack at least as deep as
//! each instruction takes, and reaches each instruction at one depth. Frames
//! share one value stack, so code that took more than it pushed would take its
//! caller's values (DESIGN §2). A `co_stacksize` too small is allowed, as
//! CPython allows it: the loop's pushes check for room, and grow the stack.

use krait_bytecode::tables::ExceptionEntry;
use krait_bytecode::Opcode;

use super::code::Instruction;

/// How deep the stack must be for `op` with argument `arg` to run: the values
/// it takes or reads below the top. `None` for a byte that is no opcode (the
/// loop raises on it).
fn depth_needed(op: Opcode, arg: u32) -> Option<i64> {
    use Opcode::*;
    let n = i64::from(arg);
    Some(match op {
        NOP
        | CACHE
        | RESUME
        | PUSH_NULL
        | LOAD_BUILD_CLASS
        | LOAD_ASSERTION_ERROR
        | RETURN_GENERATOR
        | SETUP_ANNOTATIONS
        | DELETE_NAME
        | DELETE_GLOBAL
        | LOAD_CONST
        | LOAD_NAME
        | JUMP_FORWARD
        | LOAD_GLOBAL
        | LOAD_FAST
        | DELETE_FAST
        | JUMP_BACKWARD_NO_INTERRUPT
        | MAKE_CELL
        | LOAD_CLOSURE
        | LOAD_DEREF
        | DELETE_DEREF
        | JUMP_BACKWARD
        | EXTENDED_ARG
        | LOAD_CLASSDEREF
        | COPY_FREE_VARS
        | KW_NAMES
        | PRECALL => 0,
        POP_TOP
        | UNARY_POSITIVE
        | UNARY_NEGATIVE
        | UNARY_NOT
        | UNARY_INVERT
        | GET_LEN
        | MATCH_MAPPING
        | MATCH_SEQUENCE
        | PUSH_EXC_INFO
        | GET_AITER
        | GET_ANEXT
        | BEFORE_ASYNC_WITH
        | BEFORE_WITH
        | GET_ITER
        | GET_YIELD_FROM_ITER
        | PRINT_EXPR
        | LIST_TO_TUPLE
        | RETURN_VALUE
        | IMPORT_STAR
        | YIELD_VALUE
        | ASYNC_GEN_WRAP
        | POP_EXCEPT
        | STORE_NAME
        | UNPACK_SEQUENCE
        | FOR_ITER
        | UNPACK_EX
        | DELETE_ATTR
        | STORE_GLOBAL
        | LOAD_ATTR
        | IMPORT_FROM
        | JUMP_IF_FALSE_OR_POP
        | JUMP_IF_TRUE_OR_POP
        | POP_JUMP_FORWARD_IF_FALSE
        | POP_JUMP_FORWARD_IF_TRUE
        | STORE_FAST
        | POP_JUMP_FORWARD_IF_NOT_NONE
        | POP_JUMP_FORWARD_IF_NONE
        | GET_AWAITABLE
        | STORE_DEREF
        | LOAD_METHOD
        | POP_JUMP_BACKWARD_IF_NOT_NONE
        | POP_JUMP_BACKWARD_IF_NONE
        | POP_JUMP_BACKWARD_IF_FALSE
        | POP_JUMP_BACKWARD_IF_TRUE => 1,
        BINARY_SUBSCR | MATCH_KEYS | CHECK_EXC_MATCH | CHECK_EG_MATCH | END_ASYNC_FOR
        | DELETE_SUBSCR | PREP_RERAISE_STAR | STORE_ATTR | COMPARE_OP | IMPORT_NAME | IS_OP
        | CONTAINS_OP | BINARY_OP | SEND => 2,
        STORE_SUBSCR | MATCH_CLASS => 3,
        WITH_EXCEPT_START => 4,
        RERAISE => 1 + i64::from(arg != 0),
        SWAP | COPY => n.max(1),
        BUILD_TUPLE | BUILD_LIST | BUILD_SET | BUILD_STRING | RAISE_VARARGS | BUILD_SLICE => n,
        BUILD_MAP => 2 * n,
        BUILD_CONST_KEY_MAP | LIST_APPEND | SET_ADD | LIST_EXTEND | SET_UPDATE | DICT_MERGE
        | DICT_UPDATE => n + 1,
        MAP_ADD | CALL => n + 2,
        MAKE_FUNCTION => 1 + i64::from((arg & 0xf).count_ones()),
        CALL_FUNCTION_EX => 3 + i64::from(arg & 1),
        FORMAT_VALUE => 1 + i64::from(arg & 4 != 0),
        _ => return None,
    })
}

/// Where `op` jumps to, for the instructions that jump.
fn jump_target(op: Opcode, arg: u32, next: usize) -> Option<usize> {
    use Opcode::*;
    let delta = arg as usize;
    match op {
        JUMP_FORWARD
        | POP_JUMP_FORWARD_IF_FALSE
        | POP_JUMP_FORWARD_IF_TRUE
        | POP_JUMP_FORWARD_IF_NOT_NONE
        | POP_JUMP_FORWARD_IF_NONE
        | JUMP_IF_FALSE_OR_POP
        | JUMP_IF_TRUE_OR_POP
        | FOR_ITER
        | SEND => Some(next + delta),
        JUMP_BACKWARD
        | JUMP_BACKWARD_NO_INTERRUPT
        | POP_JUMP_BACKWARD_IF_NOT_NONE
        | POP_JUMP_BACKWARD_IF_NONE
        | POP_JUMP_BACKWARD_IF_FALSE
        | POP_JUMP_BACKWARD_IF_TRUE => next.checked_sub(delta),
        _ => None,
    }
}

/// Whether the next instruction never runs after `op`.
fn ends_path(op: Opcode) -> bool {
    use Opcode::*;
    matches!(
        op,
        RETURN_VALUE
            | RAISE_VARARGS
            | RERAISE
            | JUMP_FORWARD
            | JUMP_BACKWARD
            | JUMP_BACKWARD_NO_INTERRUPT
    )
}

/// Checks the stack depth along every path; the message of a `ValueError`
/// otherwise.
pub(crate) fn check_stack(
    instructions: &[Instruction],
    handlers: &[ExceptionEntry],
) -> Result<(), String> {
    let units = instructions.len();
    let mut depth_at: Vec<i64> = vec![-1; units];
    let mut pending: Vec<(usize, i64)> = Vec::new();
    if units > 0 {
        pending.push((0, 0));
    }
    for entry in handlers {
        // A handler outside the code would be entered, run off the end, and
        // be entered again for that error.
        if entry.target as usize >= units || entry.start > entry.end || entry.end as usize > units {
            return Err("code: exception table entry outside the code".to_owned());
        }
        // The handler gets the stack cut to `depth`, then `lasti` if asked
        // for, then the exception.
        let depth = i64::from(entry.depth) + i64::from(entry.lasti) + 1;
        pending.push((entry.target as usize, depth));
    }
    let bad = |what: &str, at: usize| Err(format!("code: {what} at code unit {at}"));
    while let Some((at, depth)) = pending.pop() {
        let Some(seen) = depth_at.get_mut(at) else {
            // Past the end: the loop reports running off the code.
            continue;
        };
        if *seen >= 0 {
            if *seen != depth {
                return bad("stack depth differs between paths", at);
            }
            continue;
        }
        *seen = depth;
        let instruction = &instructions[at];
        let op = instruction.opcode.base();
        let Some(needed) = depth_needed(op, instruction.arg) else {
            // No opcode: running it raises.
            continue;
        };
        if depth < needed {
            return bad("stack underflow", at);
        }
        // `COPY 0` and `SWAP 0` would reach one slot past the top.
        if matches!(op, Opcode::SWAP | Opcode::COPY) && instruction.arg == 0 {
            return bad("stack underflow", at);
        }
        let next = instruction.next as usize;
        // (`dis.stack_effect` counts a call's arguments off at `PRECALL`;
        // the loop takes them, and the callable, at `CALL`.)
        // `RETURN_GENERATOR` leaves, once resumed, the value sent in (which the
        // `POP_TOP` after it drops).
        let effect = |jump| match op {
            Opcode::PRECALL => 0,
            Opcode::RETURN_GENERATOR => 1,
            Opcode::CALL => -(i64::from(instruction.arg) + 1),
            _ => krait_compiler::stack_effect(op as u8, instruction.arg, jump).map_or(0, i64::from),
        };
        if let Some(target) = jump_target(op, instruction.arg, next) {
            pending.push((target, depth + effect(true)));
        }
        if !ends_path(op) {
            pending.push((next, depth + effect(false)));
        }
    }
    // An exception in a protected range cuts the stack to the handler's depth,
    // which must not be above it.
    for entry in handlers {
        let range = entry.start as usize..(entry.end as usize).min(units);
        if let Some(at) = range
            .clone()
            .find(|&at| depth_at[at] >= 0 && depth_at[at] < i64::from(entry.depth))
        {
            return bad("stack shallower than its exception handler's depth", at);
        }
    }
    Ok(())
}
