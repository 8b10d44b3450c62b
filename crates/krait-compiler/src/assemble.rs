//! The assembler: prefix instructions (RETURN_GENERATOR, MAKE_CELL,
//! COPY_FREE_VARS), cell offsets, stack depth, the exception table, jump
//! resolution with EXTENDED_ARG, `co_linetable`, and the final code object.
//! Corresponds to `assemble()` and its helpers in CPython 3.11's
//! `Python/compile.c`; the table formats are those of `Objects/locations.md` and
//! `Objects/exception_handling_notes.txt`.

use std::rc::Rc;

use krait_bytecode::tables::{write_signed_varint_le, write_varint_le};
use krait_bytecode::{CodeFlags, CodeObject, Constant, LocalKind};

use crate::ir::*;
use crate::optimize::Cfg;

/// Everything a finished code unit hands to the assembler.
pub struct UnitOutput {
    pub cfg: Cfg,
    pub consts: Vec<Constant>,
    pub names: Vec<Rc<str>>,
    pub varnames: Vec<Rc<str>>,
    pub cellvars: Vec<Rc<str>>,
    pub freevars: Vec<Rc<str>>,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: u32,
    pub firstlineno: i32,
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub filename: Rc<str>,
}

fn mk(op: Op, arg: u32, loc: Loc) -> Instr {
    Instr {
        op,
        arg,
        target: None,
        loc,
        except: None,
    }
}

pub fn assemble(mut u: UnitOutput) -> CodeObject {
    let cfg = &mut u.cfg;
    cfg.normalize_blocks();
    cfg.extend_all();

    let nlocals = u.varnames.len();
    let ncells = u.cellvars.len();
    let nfrees = u.freevars.len();
    // Cell slots that are also arguments share the argument's slot.
    let mut fixed: Vec<usize> = (0..ncells + nfrees).map(|i| nlocals + i).collect();
    for (ci, name) in u.cellvars.iter().enumerate() {
        if let Some(vi) = u.varnames.iter().position(|v| v == name) {
            fixed[ci] = vi;
        }
    }

    // Prefix instructions.
    let entry = cfg.entry;
    let mut prefix = Vec::new();
    if u.flags & (CodeFlags::GENERATOR | CodeFlags::COROUTINE | CodeFlags::ASYNC_GENERATOR) != 0 {
        let l = Loc {
            lineno: u.firstlineno,
            end_lineno: u.firstlineno,
            col: -1,
            end_col: -1,
        };
        prefix.push(mk(RETURN_GENERATOR, 0, l));
        prefix.push(mk(POP_TOP, 0, Loc::UNSET));
    }
    if ncells > 0 {
        let nvars = ncells + nlocals;
        let mut sorted = vec![0usize; nvars];
        for (i, f) in fixed.iter().take(ncells).enumerate() {
            sorted[*f] = i + 1;
        }
        let mut cells = Vec::new();
        for s in sorted {
            if s != 0 {
                cells.push(mk(MAKE_CELL, (s - 1) as u32, Loc::UNSET));
            }
        }
        prefix.splice(0..0, cells);
    }
    if nfrees > 0 {
        prefix.insert(0, mk(COPY_FREE_VARS, nfrees as u32, Loc::UNSET));
    }
    cfg.blocks[entry].instrs.splice(0..0, prefix);

    // fix_cell_offsets
    let mut numdropped = 0;
    for (i, f) in fixed.iter_mut().enumerate() {
        if *f == i + nlocals {
            *f -= numdropped;
        } else {
            numdropped += 1;
        }
    }
    for b in cfg.chain() {
        for ins in &mut cfg.blocks[b].instrs {
            if matches!(
                ins.op,
                MAKE_CELL
                    | LOAD_CLOSURE
                    | LOAD_DEREF
                    | STORE_DEREF
                    | DELETE_DEREF
                    | LOAD_CLASSDEREF
            ) {
                ins.arg = fixed[ins.arg as usize] as u32;
            }
        }
    }

    cfg.optimize(&mut u.consts);
    cfg.duplicate_exits_without_lineno();
    // trim_unused_consts
    let mut max_const = 0usize;
    for b in cfg.chain() {
        for ins in &cfg.blocks[b].instrs {
            if matches!(ins.op, LOAD_CONST | KW_NAMES) {
                max_const = max_const.max(ins.arg as usize);
            }
        }
    }
    u.consts.truncate(max_const + 1);
    cfg.propagate_line_numbers();
    cfg.guarantee_lineno_for_exits(u.firstlineno);
    let is_gen =
        u.flags & (CodeFlags::GENERATOR | CodeFlags::COROUTINE | CodeFlags::ASYNC_GENERATOR) != 0;
    let maxdepth = stackdepth(cfg, is_gen);
    label_exception_targets(cfg);
    for b in cfg.chain() {
        for ins in &mut cfg.blocks[b].instrs {
            if is_block_push(ins.op) || ins.op == POP_BLOCK {
                ins.op = NOP;
            }
        }
    }
    for b in cfg.chain() {
        cfg.clean_block(b);
    }
    normalize_jumps(cfg);
    resolve_jumps(cfg);

    let chain = cfg.chain();
    let mut code = Vec::new();
    for &b in &chain {
        for ins in &cfg.blocks[b].instrs {
            write_instr(&mut code, ins);
        }
    }
    let linetable = write_linetable(cfg, &chain, u.firstlineno);
    let exceptiontable = write_exception_table(cfg, &chain);

    // Localsplus names and kinds.
    let total = nlocals + ncells + nfrees - numdropped;
    let mut names: Vec<Rc<str>> = vec![Rc::from(""); total];
    let mut kinds = vec![0u8; total];
    for (i, v) in u.varnames.iter().enumerate() {
        names[i] = v.clone();
        kinds[i] = LocalKind::LOCAL;
    }
    let mut dropped = 0;
    for (ci, c) in u.cellvars.iter().enumerate() {
        if let Some(vi) = u.varnames.iter().position(|v| v == c) {
            kinds[vi] |= LocalKind::CELL;
            dropped += 1;
            continue;
        }
        let off = ci + nlocals - dropped;
        names[off] = c.clone();
        kinds[off] = LocalKind::CELL;
    }
    for (fi, f) in u.freevars.iter().enumerate() {
        let off = ncells + fi + nlocals - dropped;
        names[off] = f.clone();
        kinds[off] = LocalKind::FREE;
    }

    CodeObject {
        argcount: u.argcount,
        posonlyargcount: u.posonlyargcount,
        kwonlyargcount: u.kwonlyargcount,
        stacksize: maxdepth as u32,
        flags: u.flags,
        code,
        consts: u.consts,
        names: u.names,
        localsplusnames: names,
        localspluskinds: kinds,
        filename: u.filename,
        name: u.name,
        qualname: u.qualname,
        firstlineno: u.firstlineno as u32,
        linetable,
        exceptiontable,
    }
}

fn stackdepth(cfg: &mut Cfg, is_gen: bool) -> i32 {
    for b in &mut cfg.blocks {
        b.startdepth = i32::MIN;
    }
    let mut stack: Vec<BlockId> = Vec::new();
    fn push(cfg: &mut Cfg, stack: &mut Vec<BlockId>, b: BlockId, depth: i32) {
        if cfg.blocks[b].startdepth < depth && cfg.blocks[b].startdepth < 100 {
            cfg.blocks[b].startdepth = depth;
            stack.push(b);
        }
    }
    let entry = cfg.entry;
    push(cfg, &mut stack, entry, i32::from(is_gen));
    let mut maxdepth = 0;
    while let Some(b) = stack.pop() {
        let mut depth = cfg.blocks[b].startdepth;
        let mut next = cfg.blocks[b].next;
        for i in 0..cfg.blocks[b].instrs.len() {
            let ins = cfg.blocks[b].instrs[i].clone();
            let new_depth = depth + stack_effect(ins.op, ins.arg, false);
            maxdepth = maxdepth.max(new_depth);
            if is_jump(ins.op) || is_block_push(ins.op) {
                let target_depth = depth + stack_effect(ins.op, ins.arg, true);
                maxdepth = maxdepth.max(target_depth);
                push(
                    cfg,
                    &mut stack,
                    ins.target.expect("jump target"),
                    target_depth,
                );
            }
            depth = new_depth;
            if matches!(
                ins.op,
                JUMP_NO_INTERRUPT | JUMP | RETURN_VALUE | RAISE_VARARGS | RERAISE
            ) {
                next = None;
                break;
            }
        }
        if let Some(n) = next {
            push(cfg, &mut stack, n, depth);
        }
    }
    maxdepth
}

fn label_exception_targets(cfg: &mut Cfg) {
    for b in &mut cfg.blocks {
        b.visited = false;
    }
    let mut stacks: Vec<Option<Vec<Option<BlockId>>>> = vec![None; cfg.blocks.len()];
    let entry = cfg.entry;
    let mut todo = vec![entry];
    cfg.blocks[entry].visited = true;
    stacks[entry] = Some(vec![None]);
    while let Some(b) = todo.pop() {
        let mut except_stack = stacks[b].take();
        let mut handler = except_stack.as_ref().and_then(|s| *s.last().expect("base"));
        let nofall = cfg.blocks[b].nofallthrough;
        for i in 0..cfg.blocks[b].instrs.len() {
            let op = cfg.blocks[b].instrs[i].op;
            let target = cfg.blocks[b].instrs[i].target;
            if is_block_push(op) {
                let t = target.expect("handler");
                if !cfg.blocks[t].visited {
                    stacks[t] = except_stack.clone();
                    todo.push(t);
                    cfg.blocks[t].visited = true;
                }
                if op == SETUP_WITH || op == SETUP_CLEANUP {
                    cfg.blocks[t].preserve_lasti = true;
                }
                if let Some(s) = except_stack.as_mut() {
                    s.push(Some(t));
                }
                handler = Some(t);
            } else if op == POP_BLOCK {
                if let Some(s) = except_stack.as_mut() {
                    if s.len() > 1 {
                        s.pop();
                    }
                    handler = *s.last().expect("base");
                }
            } else if is_jump(op) {
                cfg.blocks[b].instrs[i].except = handler;
                let t = target.expect("jump target");
                if !cfg.blocks[t].visited {
                    if !nofall {
                        stacks[t] = except_stack.clone();
                    } else {
                        stacks[t] = except_stack.take();
                    }
                    todo.push(t);
                    cfg.blocks[t].visited = true;
                }
            } else {
                cfg.blocks[b].instrs[i].except = handler;
            }
        }
        if !nofall {
            if let Some(n) = cfg.blocks[b].next {
                if !cfg.blocks[n].visited {
                    stacks[n] = except_stack;
                    todo.push(n);
                    cfg.blocks[n].visited = true;
                }
            }
        }
    }
}

fn normalize_jumps(cfg: &mut Cfg) {
    for b in &mut cfg.blocks {
        b.visited = false;
    }
    for b in cfg.chain() {
        cfg.blocks[b].visited = true;
        let Some(last) = cfg.blocks[b].instrs.last() else {
            continue;
        };
        if !is_jump(last.op) {
            continue;
        }
        let fwd = !cfg.blocks[last.target.expect("jump target")].visited;
        let newop = match last.op {
            JUMP => Some(if fwd { JUMP_FORWARD } else { JUMP_BACKWARD }),
            JUMP_NO_INTERRUPT => Some(if fwd {
                JUMP_FORWARD
            } else {
                JUMP_BACKWARD_NO_INTERRUPT
            }),
            POP_JUMP_IF_NOT_NONE => Some(if fwd {
                POP_JUMP_FORWARD_IF_NOT_NONE
            } else {
                POP_JUMP_BACKWARD_IF_NOT_NONE
            }),
            POP_JUMP_IF_NONE => Some(if fwd {
                POP_JUMP_FORWARD_IF_NONE
            } else {
                POP_JUMP_BACKWARD_IF_NONE
            }),
            POP_JUMP_IF_FALSE => Some(if fwd {
                POP_JUMP_FORWARD_IF_FALSE
            } else {
                POP_JUMP_BACKWARD_IF_FALSE
            }),
            POP_JUMP_IF_TRUE => Some(if fwd {
                POP_JUMP_FORWARD_IF_TRUE
            } else {
                POP_JUMP_BACKWARD_IF_TRUE
            }),
            _ => None,
        };
        if let Some(op) = newop {
            cfg.blocks[b].instrs.last_mut().expect("non-empty").op = op;
        }
    }
}

fn is_backward(op: Op) -> bool {
    matches!(
        op,
        JUMP_BACKWARD
            | JUMP_BACKWARD_NO_INTERRUPT
            | POP_JUMP_BACKWARD_IF_FALSE
            | POP_JUMP_BACKWARD_IF_TRUE
            | POP_JUMP_BACKWARD_IF_NONE
            | POP_JUMP_BACKWARD_IF_NOT_NONE
    )
}

fn resolve_jumps(cfg: &mut Cfg) {
    let chain = cfg.chain();
    for b in &mut cfg.blocks {
        for ins in &mut b.instrs {
            if is_jump(ins.op) {
                ins.arg = 0;
            }
        }
    }
    loop {
        let mut total = 0;
        for &b in &chain {
            cfg.blocks[b].offset = total;
            total += cfg.blocks[b]
                .instrs
                .iter()
                .map(|i| instr_size(i.op, i.arg))
                .sum::<u32>();
        }
        let mut again = false;
        for b in (0..cfg.blocks.len()).rev() {
            let mut pos = cfg.blocks[b].offset;
            for i in 0..cfg.blocks[b].instrs.len() {
                let (op, arg, target) = {
                    let ins = &cfg.blocks[b].instrs[i];
                    (ins.op, ins.arg, ins.target)
                };
                let isize = instr_size(op, arg);
                pos += isize;
                if is_jump(op) {
                    let t = cfg.blocks[target.expect("jump target")].offset;
                    let new_arg = if is_backward(op) {
                        pos.saturating_sub(t)
                    } else {
                        t.saturating_sub(pos)
                    };
                    cfg.blocks[b].instrs[i].arg = new_arg;
                    if instr_size(op, new_arg) != isize {
                        again = true;
                    }
                }
            }
        }
        if !again {
            break;
        }
    }
}

fn write_instr(code: &mut Vec<u8>, ins: &Instr) {
    let arg = if (ins.op as u8) < krait_bytecode::opcode_table::HAVE_ARGUMENT {
        0
    } else {
        ins.arg
    };
    let size = instr_size(ins.op, arg);
    let caches = size - 1 - ext_count(arg);
    let ext = ext_count(arg);
    for k in (1..=ext).rev() {
        code.push(EXTENDED_ARG as u8);
        code.push((arg >> (8 * k)) as u8);
    }
    code.push(ins.op as u8);
    code.push(arg as u8);
    for _ in 0..caches {
        code.push(0);
        code.push(0);
    }
}

fn ext_count(arg: u32) -> u32 {
    if arg >= 1 << 24 {
        3
    } else if arg >= 1 << 16 {
        2
    } else if arg >= 1 << 8 {
        1
    } else {
        0
    }
}

fn write_linetable(cfg: &Cfg, chain: &[BlockId], firstlineno: i32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut cur_line = firstlineno;
    for &b in chain {
        for ins in &cfg.blocks[b].instrs {
            let mut isize = instr_size(ins.op, ins.arg) as i32;
            while isize > 8 {
                write_location_entry(&mut out, ins.loc, 8, &mut cur_line);
                isize -= 8;
            }
            write_location_entry(&mut out, ins.loc, isize, &mut cur_line);
        }
    }
    out
}

fn first_byte(out: &mut Vec<u8>, code: u8, length: i32) {
    out.push(0x80 | (code << 3) | (length - 1) as u8);
}

fn write_location_entry(out: &mut Vec<u8>, loc: Loc, isize: i32, cur_line: &mut i32) {
    if loc.lineno < 0 {
        first_byte(out, 15, isize);
        return;
    }
    let line_delta = loc.lineno - *cur_line;
    let column = loc.col;
    let end_column = loc.end_col;
    if column < 0 || end_column < 0 {
        if loc.end_lineno == loc.lineno || loc.end_lineno == -1 {
            first_byte(out, 13, isize);
            write_signed_varint_le(out, line_delta);
            *cur_line = loc.lineno;
            return;
        }
    } else if loc.end_lineno == loc.lineno {
        if line_delta == 0 && column < 80 && end_column - column < 16 && end_column >= column {
            first_byte(out, (column >> 3) as u8, isize);
            out.push((((column & 7) << 4) | (end_column - column)) as u8);
            return;
        }
        if (0..3).contains(&line_delta) && column < 128 && end_column < 128 {
            first_byte(out, 10 + line_delta as u8, isize);
            out.push(column as u8);
            out.push(end_column as u8);
            *cur_line = loc.lineno;
            return;
        }
    }
    first_byte(out, 14, isize);
    write_signed_varint_le(out, line_delta);
    write_varint_le(out, (loc.end_lineno - loc.lineno) as u32);
    write_varint_le(out, (column + 1) as u32);
    write_varint_le(out, (end_column + 1) as u32);
    *cur_line = loc.lineno;
}

fn write_exception_item(out: &mut Vec<u8>, value: u32, mut msb: u8) {
    for shift in [24u32, 18, 12, 6] {
        if value >= 1 << shift {
            out.push((((value >> shift) & 0x3f) as u8) | 0x40 | msb);
            msb = 0;
        }
    }
    out.push(((value & 0x3f) as u8) | msb);
}

fn write_exception_table(cfg: &Cfg, chain: &[BlockId]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut handler: Option<BlockId> = None;
    let mut start = 0u32;
    let mut ioffset = 0u32;
    let emit = |out: &mut Vec<u8>, start: u32, end: u32, h: BlockId| {
        let hb = &cfg.blocks[h];
        let mut depth = hb.startdepth - 1;
        if hb.preserve_lasti {
            depth -= 1;
        }
        let depth_lasti = ((depth.max(0) as u32) << 1) | u32::from(hb.preserve_lasti);
        write_exception_item(out, start, 0x80);
        write_exception_item(out, end - start, 0);
        write_exception_item(out, hb.offset, 0);
        write_exception_item(out, depth_lasti, 0);
    };
    for &b in chain {
        ioffset = cfg.blocks[b].offset;
        for ins in &cfg.blocks[b].instrs {
            if ins.except != handler {
                if let Some(h) = handler {
                    emit(&mut out, start, ioffset, h);
                }
                start = ioffset;
                handler = ins.except;
            }
            ioffset += instr_size(ins.op, ins.arg);
        }
    }
    if let Some(h) = handler {
        emit(&mut out, start, ioffset, h);
    }
    out
}
