//! The compiler's intermediate form: instructions in basic blocks, as
//! CPython 3.11's `Python/compile.c` keeps them (`struct instr`, `basicblock`),
//! including the pseudo-instructions that exist only before assembly.

use krait_bytecode::Opcode;

/// An opcode number: real 3.11 opcodes are below 256, pseudo-instructions above.
pub type Op = u16;

macro_rules! real_ops {
    ($($name:ident),* $(,)?) => {
        $(pub const $name: Op = Opcode::$name as Op;)*
    };
}

real_ops!(
    NOP,
    POP_TOP,
    PUSH_NULL,
    UNARY_POSITIVE,
    UNARY_NEGATIVE,
    UNARY_NOT,
    UNARY_INVERT,
    BINARY_SUBSCR,
    GET_LEN,
    MATCH_MAPPING,
    MATCH_SEQUENCE,
    MATCH_KEYS,
    PUSH_EXC_INFO,
    CHECK_EXC_MATCH,
    CHECK_EG_MATCH,
    WITH_EXCEPT_START,
    GET_AITER,
    GET_ANEXT,
    BEFORE_ASYNC_WITH,
    BEFORE_WITH,
    END_ASYNC_FOR,
    STORE_SUBSCR,
    DELETE_SUBSCR,
    GET_ITER,
    GET_YIELD_FROM_ITER,
    PRINT_EXPR,
    LOAD_BUILD_CLASS,
    LOAD_ASSERTION_ERROR,
    RETURN_GENERATOR,
    LIST_TO_TUPLE,
    RETURN_VALUE,
    IMPORT_STAR,
    SETUP_ANNOTATIONS,
    YIELD_VALUE,
    ASYNC_GEN_WRAP,
    PREP_RERAISE_STAR,
    POP_EXCEPT,
    STORE_NAME,
    DELETE_NAME,
    UNPACK_SEQUENCE,
    FOR_ITER,
    UNPACK_EX,
    STORE_ATTR,
    DELETE_ATTR,
    STORE_GLOBAL,
    DELETE_GLOBAL,
    SWAP,
    LOAD_CONST,
    LOAD_NAME,
    BUILD_TUPLE,
    BUILD_LIST,
    BUILD_SET,
    BUILD_MAP,
    LOAD_ATTR,
    COMPARE_OP,
    IMPORT_NAME,
    IMPORT_FROM,
    JUMP_FORWARD,
    JUMP_IF_FALSE_OR_POP,
    JUMP_IF_TRUE_OR_POP,
    POP_JUMP_FORWARD_IF_FALSE,
    POP_JUMP_FORWARD_IF_TRUE,
    LOAD_GLOBAL,
    IS_OP,
    CONTAINS_OP,
    RERAISE,
    COPY,
    BINARY_OP,
    SEND,
    LOAD_FAST,
    STORE_FAST,
    DELETE_FAST,
    POP_JUMP_FORWARD_IF_NOT_NONE,
    POP_JUMP_FORWARD_IF_NONE,
    RAISE_VARARGS,
    GET_AWAITABLE,
    MAKE_FUNCTION,
    BUILD_SLICE,
    JUMP_BACKWARD_NO_INTERRUPT,
    MAKE_CELL,
    LOAD_CLOSURE,
    LOAD_DEREF,
    STORE_DEREF,
    DELETE_DEREF,
    JUMP_BACKWARD,
    CALL_FUNCTION_EX,
    EXTENDED_ARG,
    LIST_APPEND,
    SET_ADD,
    MAP_ADD,
    LOAD_CLASSDEREF,
    COPY_FREE_VARS,
    RESUME,
    MATCH_CLASS,
    FORMAT_VALUE,
    BUILD_CONST_KEY_MAP,
    BUILD_STRING,
    LOAD_METHOD,
    LIST_EXTEND,
    SET_UPDATE,
    DICT_MERGE,
    DICT_UPDATE,
    PRECALL,
    CALL,
    KW_NAMES,
    POP_JUMP_BACKWARD_IF_NOT_NONE,
    POP_JUMP_BACKWARD_IF_NONE,
    POP_JUMP_BACKWARD_IF_FALSE,
    POP_JUMP_BACKWARD_IF_TRUE,
);

// Pseudo-instructions, resolved by the assembler.
pub const SETUP_FINALLY: Op = 256;
pub const SETUP_CLEANUP: Op = 257;
pub const SETUP_WITH: Op = 258;
pub const POP_BLOCK: Op = 259;
pub const JUMP: Op = 260;
pub const JUMP_NO_INTERRUPT: Op = 261;
pub const POP_JUMP_IF_FALSE: Op = 262;
pub const POP_JUMP_IF_TRUE: Op = 263;
pub const POP_JUMP_IF_NONE: Op = 264;
pub const POP_JUMP_IF_NOT_NONE: Op = 265;

pub type BlockId = usize;

/// A source span as CPython records it: 1-based lines, 0-based UTF-8 byte columns;
/// `lineno == -1` marks an artificial instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loc {
    pub lineno: i32,
    pub end_lineno: i32,
    pub col: i32,
    pub end_col: i32,
}

impl Loc {
    /// The location an artificial instruction gets (`UNSET_LOC`).
    pub const UNSET: Loc = Loc {
        lineno: -1,
        end_lineno: -1,
        col: -1,
        end_col: -1,
    };
    /// The location `ADDOP_NOLINE` gives.
    pub const NOLINE: Loc = Loc {
        lineno: -1,
        end_lineno: 0,
        col: 0,
        end_col: 0,
    };
}

#[derive(Clone, Debug)]
pub struct Instr {
    pub op: Op,
    pub arg: u32,
    pub target: Option<BlockId>,
    pub loc: Loc,
    /// The handler block in force here (set by the exception-table pass).
    pub except: Option<BlockId>,
}

#[derive(Clone, Debug, Default)]
pub struct Block {
    pub instrs: Vec<Instr>,
    pub next: Option<BlockId>,
    pub exit: bool,
    pub nofallthrough: bool,
    pub returns: bool,
    pub predecessors: u32,
    pub startdepth: i32,
    pub visited: bool,
    pub preserve_lasti: bool,
    pub offset: u32,
}

pub fn is_jump(op: Op) -> bool {
    matches!(
        op,
        JUMP | JUMP_NO_INTERRUPT
            | POP_JUMP_IF_FALSE
            | POP_JUMP_IF_TRUE
            | POP_JUMP_IF_NONE
            | POP_JUMP_IF_NOT_NONE
            | JUMP_FORWARD
            | JUMP_BACKWARD
            | JUMP_BACKWARD_NO_INTERRUPT
            | JUMP_IF_FALSE_OR_POP
            | JUMP_IF_TRUE_OR_POP
            | POP_JUMP_FORWARD_IF_FALSE
            | POP_JUMP_FORWARD_IF_TRUE
            | POP_JUMP_FORWARD_IF_NONE
            | POP_JUMP_FORWARD_IF_NOT_NONE
            | POP_JUMP_BACKWARD_IF_FALSE
            | POP_JUMP_BACKWARD_IF_TRUE
            | POP_JUMP_BACKWARD_IF_NONE
            | POP_JUMP_BACKWARD_IF_NOT_NONE
            | FOR_ITER
            | SEND
    )
}

pub fn is_block_push(op: Op) -> bool {
    matches!(op, SETUP_FINALLY | SETUP_CLEANUP | SETUP_WITH)
}

/// Stack effect of `op` with `arg`; `jump` selects the branch-taken effect.
pub fn stack_effect(op: Op, arg: u32, jump: bool) -> i32 {
    let a = arg as i32;
    match op {
        NOP
        | EXTENDED_ARG
        | RESUME
        | SWAP
        | UNARY_POSITIVE
        | UNARY_NEGATIVE
        | UNARY_NOT
        | UNARY_INVERT
        | GET_ITER
        | SETUP_ANNOTATIONS
        | ASYNC_GEN_WRAP
        | YIELD_VALUE
        | POP_BLOCK
        | DELETE_NAME
        | DELETE_GLOBAL
        | LOAD_ATTR
        | CHECK_EXC_MATCH
        | CHECK_EG_MATCH
        | JUMP_FORWARD
        | JUMP_BACKWARD
        | JUMP
        | JUMP_BACKWARD_NO_INTERRUPT
        | JUMP_NO_INTERRUPT
        | DELETE_FAST
        | RETURN_GENERATOR
        | KW_NAMES
        | MAKE_CELL
        | COPY_FREE_VARS
        | DELETE_DEREF
        | GET_AWAITABLE
        | GET_AITER
        | GET_YIELD_FROM_ITER
        | LIST_TO_TUPLE => 0,
        POP_TOP | SET_ADD | LIST_APPEND | BINARY_SUBSCR | PRINT_EXPR | RETURN_VALUE
        | IMPORT_STAR | POP_EXCEPT | STORE_NAME | DELETE_ATTR | STORE_GLOBAL | COMPARE_OP
        | IS_OP | CONTAINS_OP | IMPORT_NAME | PREP_RERAISE_STAR | RERAISE | STORE_FAST | CALL
        | STORE_DEREF | LIST_EXTEND | SET_UPDATE | DICT_MERGE | DICT_UPDATE | BINARY_OP => -1,
        POP_JUMP_IF_FALSE
        | POP_JUMP_IF_TRUE
        | POP_JUMP_IF_NONE
        | POP_JUMP_IF_NOT_NONE
        | POP_JUMP_FORWARD_IF_FALSE
        | POP_JUMP_FORWARD_IF_TRUE
        | POP_JUMP_FORWARD_IF_NONE
        | POP_JUMP_FORWARD_IF_NOT_NONE
        | POP_JUMP_BACKWARD_IF_FALSE
        | POP_JUMP_BACKWARD_IF_TRUE
        | POP_JUMP_BACKWARD_IF_NONE
        | POP_JUMP_BACKWARD_IF_NOT_NONE => -1,
        MAP_ADD | DELETE_SUBSCR | STORE_ATTR | END_ASYNC_FOR | MATCH_CLASS => -2,
        STORE_SUBSCR => -3,
        LOAD_BUILD_CLASS | LOAD_CONST | LOAD_NAME | IMPORT_FROM | PUSH_EXC_INFO
        | WITH_EXCEPT_START | LOAD_FAST | LOAD_CLOSURE | LOAD_DEREF | LOAD_CLASSDEREF
        | BEFORE_ASYNC_WITH | BEFORE_WITH | GET_ANEXT | LOAD_METHOD | LOAD_ASSERTION_ERROR
        | GET_LEN | MATCH_MAPPING | MATCH_SEQUENCE | MATCH_KEYS | COPY | PUSH_NULL => 1,
        UNPACK_SEQUENCE => a - 1,
        UNPACK_EX => (a & 0xFF) + (a >> 8),
        FOR_ITER => {
            if jump {
                -1
            } else {
                1
            }
        }
        SEND if jump => -1,
        SEND => 0,
        BUILD_TUPLE | BUILD_LIST | BUILD_SET | BUILD_STRING => 1 - a,
        BUILD_MAP => 1 - 2 * a,
        BUILD_CONST_KEY_MAP => -a,
        JUMP_IF_TRUE_OR_POP | JUMP_IF_FALSE_OR_POP => {
            if jump {
                0
            } else {
                -1
            }
        }
        LOAD_GLOBAL => (a & 1) + 1,
        SETUP_FINALLY => i32::from(jump),
        SETUP_CLEANUP if jump => 2,
        SETUP_CLEANUP => 0,
        SETUP_WITH => i32::from(jump),
        RAISE_VARARGS => -a,
        PRECALL => -a,
        CALL_FUNCTION_EX => -2 - (a & 1),
        MAKE_FUNCTION => -((a & 1) + ((a >> 1) & 1) + ((a >> 2) & 1) + ((a >> 3) & 1)),
        BUILD_SLICE => {
            if a == 3 {
                -2
            } else {
                -1
            }
        }
        FORMAT_VALUE if a & 0x04 == 0x04 => -1,
        FORMAT_VALUE => 0,
        _ => 0,
    }
}

/// Code units an instruction takes: EXTENDED_ARG prefixes, itself, its caches.
pub fn instr_size(op: Op, arg: u32) -> u32 {
    let arg = if op < 256 && (op as u8) < krait_bytecode::opcode_table::HAVE_ARGUMENT {
        0
    } else {
        arg
    };
    let ext = if arg >= 1 << 24 {
        3
    } else if arg >= 1 << 16 {
        2
    } else if arg >= 1 << 8 {
        1
    } else {
        0
    };
    let caches = Opcode::from_u8(op as u8).map_or(0, |o| o.cache_entries() as u32);
    ext + 1 + caches
}
