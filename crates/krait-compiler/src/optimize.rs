//! The control-flow-graph optimiser that runs inside assembly: constant
//! conditional jumps, tuple folding, jump threading, SWAP shuffling, NOP removal,
//! unreachable-block removal and line-number propagation. Corresponds to the
//! `optimize_cfg` family in CPython 3.11's `Python/compile.c`.

use krait_bytecode::Constant;

use crate::ir::*;

const MAX_COPY_SIZE: usize = 4;

/// The blocks of one code unit, in creation order (CPython walks `b_list`
/// newest first; callers iterate `(0..len).rev()` for that).
pub struct Cfg {
    pub blocks: Vec<Block>,
    pub entry: BlockId,
}

impl Cfg {
    pub fn chain(&self) -> Vec<BlockId> {
        let mut out = Vec::new();
        let mut b = Some(self.entry);
        while let Some(id) = b {
            out.push(id);
            b = self.blocks[id].next;
        }
        out
    }

    fn skip_empty(&self, mut b: BlockId) -> BlockId {
        while self.blocks[b].instrs.is_empty() {
            match self.blocks[b].next {
                Some(n) => b = n,
                None => break,
            }
        }
        b
    }

    /// Mark exit and no-fallthrough blocks; retarget jumps past empty blocks.
    pub fn normalize_blocks(&mut self) {
        for id in (0..self.blocks.len()).rev() {
            for i in 0..self.blocks[id].instrs.len() {
                let op = self.blocks[id].instrs[i].op;
                match op {
                    RETURN_VALUE | RAISE_VARARGS | RERAISE => {
                        self.blocks[id].exit = true;
                        self.blocks[id].nofallthrough = true;
                    }
                    _ => {}
                }
                if matches!(op, JUMP | JUMP_NO_INTERRUPT) {
                    self.blocks[id].nofallthrough = true;
                }
                if matches!(
                    op,
                    JUMP | JUMP_NO_INTERRUPT
                        | POP_JUMP_IF_NOT_NONE
                        | POP_JUMP_IF_NONE
                        | POP_JUMP_IF_FALSE
                        | POP_JUMP_IF_TRUE
                        | JUMP_IF_FALSE_OR_POP
                        | JUMP_IF_TRUE_OR_POP
                        | FOR_ITER
                ) {
                    if let Some(t) = self.blocks[id].instrs[i].target {
                        let t = self.skip_empty(t);
                        self.blocks[id].instrs[i].target = Some(t);
                    }
                }
            }
        }
    }

    fn has_lineno(&self, b: BlockId) -> bool {
        self.blocks[b].instrs.iter().any(|i| i.loc.lineno > 0)
    }

    /// A block ending in an unconditional jump to a small exit block without line
    /// numbers gets a copy of that block instead.
    pub fn extend_block(&mut self, b: BlockId) {
        let Some(last) = self.blocks[b].instrs.last() else {
            return;
        };
        if !matches!(last.op, JUMP | JUMP_FORWARD | JUMP_BACKWARD) {
            return;
        }
        let Some(target) = last.target else { return };
        if self.blocks[target].exit && self.blocks[target].instrs.len() <= MAX_COPY_SIZE {
            if self.has_lineno(target) {
                return;
            }
            let copy = self.blocks[target].instrs.clone();
            let n = self.blocks[b].instrs.len();
            self.blocks[b].instrs[n - 1].op = NOP;
            self.blocks[b].instrs.extend(copy);
            self.blocks[b].exit = true;
        }
    }

    pub fn extend_all(&mut self) {
        for id in (0..self.blocks.len()).rev() {
            self.extend_block(id);
        }
    }

    /// Remove NOPs where that keeps line events intact.
    pub fn clean_block(&mut self, b: BlockId) {
        let next_first_line = {
            let mut next = self.blocks[b].next;
            while let Some(n) = next {
                if self.blocks[n].instrs.is_empty() {
                    next = self.blocks[n].next;
                } else {
                    break;
                }
            }
            next.map(|n| self.blocks[n].instrs[0].loc.lineno)
        };
        let instrs = &mut self.blocks[b].instrs;
        let mut dest = 0;
        let mut prev_lineno = -1;
        let len = instrs.len();
        for src in 0..len {
            let lineno = instrs[src].loc.lineno;
            if instrs[src].op == NOP {
                if lineno < 0 || prev_lineno == lineno {
                    continue;
                }
                if src < len - 1 {
                    let next_lineno = instrs[src + 1].loc.lineno;
                    if next_lineno == lineno {
                        continue;
                    }
                    if next_lineno < 0 {
                        instrs[src + 1].loc = instrs[src].loc;
                        continue;
                    }
                } else if next_first_line == Some(lineno) {
                    continue;
                }
            }
            if dest != src {
                instrs[dest] = instrs[src].clone();
            }
            dest += 1;
            prev_lineno = lineno;
        }
        instrs.truncate(dest);
    }

    fn mark_reachable(&mut self) {
        for b in &mut self.blocks {
            b.predecessors = 0;
        }
        let mut stack = vec![self.entry];
        self.blocks[self.entry].predecessors = 1;
        while let Some(b) = stack.pop() {
            if let Some(next) = self.blocks[b].next {
                if !self.blocks[b].nofallthrough {
                    if self.blocks[next].predecessors == 0 {
                        stack.push(next);
                    }
                    self.blocks[next].predecessors += 1;
                }
            }
            for i in 0..self.blocks[b].instrs.len() {
                let ins = &self.blocks[b].instrs[i];
                if is_jump(ins.op) || is_block_push(ins.op) {
                    let t = ins.target.expect("jumps have targets");
                    if self.blocks[t].predecessors == 0 {
                        stack.push(t);
                    }
                    self.blocks[t].predecessors += 1;
                }
            }
        }
    }

    fn eliminate_empty_blocks(&mut self) {
        for b in self.chain() {
            if let Some(mut next) = self.blocks[b].next {
                while self.blocks[next].instrs.is_empty() {
                    match self.blocks[next].next {
                        Some(n) => next = n,
                        None => break,
                    }
                }
                self.blocks[b].next = Some(next);
            }
        }
        for b in self.chain() {
            if let Some(last) = self.blocks[b].instrs.last() {
                if is_jump(last.op) {
                    let t = self.skip_empty(last.target.expect("jump target"));
                    self.blocks[b].instrs.last_mut().expect("non-empty").target = Some(t);
                }
            }
        }
    }

    pub fn optimize(&mut self, consts: &mut Vec<Constant>) {
        for b in self.chain() {
            self.optimize_block(b, consts);
            self.clean_block(b);
        }
        self.extend_all();
        self.mark_reachable();
        for b in self.chain() {
            if self.blocks[b].predecessors == 0 {
                self.blocks[b].instrs.clear();
                self.blocks[b].nofallthrough = false;
            }
        }
        self.eliminate_empty_blocks();
        for b in self.chain() {
            self.clean_block(b);
        }
        let mut maybe_empty = false;
        for b in self.chain() {
            let next = self.blocks[b].next;
            if let Some(last) = self.blocks[b].instrs.last_mut() {
                if matches!(last.op, JUMP | JUMP_NO_INTERRUPT) && last.target == next {
                    last.op = NOP;
                    self.blocks[b].nofallthrough = false;
                    maybe_empty = true;
                }
            }
        }
        if maybe_empty {
            self.eliminate_empty_blocks();
        }
    }

    fn jump_thread(&mut self, b: BlockId, i: usize, target_ins: &Instr, op: Op) -> bool {
        let ins = &mut self.blocks[b].instrs[i];
        if ins.loc.lineno == target_ins.loc.lineno && ins.target != target_ins.target {
            ins.target = target_ins.target;
            ins.op = op;
            true
        } else {
            false
        }
    }

    fn optimize_block(&mut self, b: BlockId, consts: &mut Vec<Constant>) {
        let nop = Instr {
            op: NOP,
            arg: 0,
            target: None,
            loc: Loc::UNSET,
            except: None,
        };
        let mut i: isize = 0;
        while (i as usize) < self.blocks[b].instrs.len() {
            let iu = i as usize;
            let len = self.blocks[b].instrs.len();
            let nextop = if iu + 1 < len {
                self.blocks[b].instrs[iu + 1].op
            } else {
                0xffff
            };
            let op = self.blocks[b].instrs[iu].op;
            let arg = self.blocks[b].instrs[iu].arg;
            let target = if is_jump(op) || is_block_push(op) {
                let t = self.skip_empty(self.blocks[b].instrs[iu].target.expect("target"));
                self.blocks[b].instrs[iu].target = Some(t);
                self.blocks[t]
                    .instrs
                    .first()
                    .cloned()
                    .unwrap_or_else(|| nop.clone())
            } else {
                nop.clone()
            };
            match op {
                LOAD_CONST => match nextop {
                    POP_JUMP_IF_FALSE | POP_JUMP_IF_TRUE => {
                        let is_true = const_truth(&consts[arg as usize]);
                        self.blocks[b].instrs[iu].op = NOP;
                        let jump_if_true = nextop == POP_JUMP_IF_TRUE;
                        if is_true == jump_if_true {
                            self.blocks[b].instrs[iu + 1].op = JUMP;
                            self.blocks[b].nofallthrough = true;
                        } else {
                            self.blocks[b].instrs[iu + 1].op = NOP;
                        }
                    }
                    JUMP_IF_FALSE_OR_POP | JUMP_IF_TRUE_OR_POP => {
                        let is_true = const_truth(&consts[arg as usize]);
                        let jump_if_true = nextop == JUMP_IF_TRUE_OR_POP;
                        if is_true == jump_if_true {
                            self.blocks[b].instrs[iu + 1].op = JUMP;
                            self.blocks[b].nofallthrough = true;
                        } else {
                            self.blocks[b].instrs[iu].op = NOP;
                            self.blocks[b].instrs[iu + 1].op = NOP;
                        }
                    }
                    IS_OP => {
                        let jump_op = if iu + 2 < len {
                            self.blocks[b].instrs[iu + 2].op
                        } else {
                            0xffff
                        };
                        if matches!(consts[arg as usize], Constant::None)
                            && (jump_op == POP_JUMP_IF_FALSE || jump_op == POP_JUMP_IF_TRUE)
                        {
                            let nextarg = self.blocks[b].instrs[iu + 1].arg;
                            self.blocks[b].instrs[iu].op = NOP;
                            self.blocks[b].instrs[iu + 1].op = NOP;
                            let flip = nextarg ^ u32::from(jump_op == POP_JUMP_IF_FALSE);
                            self.blocks[b].instrs[iu + 2].op = if flip != 0 {
                                POP_JUMP_IF_NOT_NONE
                            } else {
                                POP_JUMP_IF_NONE
                            };
                        }
                    }
                    _ => {}
                },
                BUILD_TUPLE => {
                    if nextop == UNPACK_SEQUENCE && arg == self.blocks[b].instrs[iu + 1].arg {
                        match arg {
                            1 => {
                                self.blocks[b].instrs[iu].op = NOP;
                                self.blocks[b].instrs[iu + 1].op = NOP;
                                i += 1;
                                continue;
                            }
                            2 | 3 => {
                                self.blocks[b].instrs[iu].op = NOP;
                                self.blocks[b].instrs[iu + 1].op = SWAP;
                                i += 1;
                                continue;
                            }
                            _ => {}
                        }
                    }
                    if iu >= arg as usize {
                        self.fold_tuple_on_constants(b, iu, arg as usize, consts);
                    }
                }
                JUMP_IF_FALSE_OR_POP | JUMP_IF_TRUE_OR_POP => {
                    let (same_pop, opposite_pop, opposite_keep) = if op == JUMP_IF_FALSE_OR_POP {
                        (POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE, JUMP_IF_TRUE_OR_POP)
                    } else {
                        (POP_JUMP_IF_TRUE, POP_JUMP_IF_FALSE, JUMP_IF_FALSE_OR_POP)
                    };
                    if target.op == same_pop {
                        i -= isize::from(self.jump_thread(b, iu, &target, same_pop));
                    } else if target.op == JUMP || target.op == op {
                        i -= isize::from(self.jump_thread(b, iu, &target, op));
                    } else if target.op == opposite_keep || target.op == opposite_pop {
                        let ins_line = self.blocks[b].instrs[iu].loc.lineno;
                        if ins_line == target.loc.lineno {
                            let t = self.blocks[b].instrs[iu].target.expect("target");
                            let tn = self.blocks[t].next;
                            let ins = &mut self.blocks[b].instrs[iu];
                            ins.op = same_pop;
                            ins.target = tn;
                            i -= 1;
                        }
                    }
                }
                POP_JUMP_IF_NOT_NONE | POP_JUMP_IF_NONE | POP_JUMP_IF_FALSE | POP_JUMP_IF_TRUE
                | JUMP
                    if target.op == JUMP =>
                {
                    i -= isize::from(self.jump_thread(b, iu, &target, op));
                }
                SWAP => {
                    if arg == 1 {
                        self.blocks[b].instrs[iu].op = NOP;
                    } else {
                        let mut ix = iu;
                        swaptimize(&mut self.blocks[b].instrs, &mut ix);
                        apply_static_swaps(&mut self.blocks[b].instrs, ix as isize);
                        i = ix as isize;
                    }
                }
                PUSH_NULL
                    if nextop == LOAD_GLOBAL && self.blocks[b].instrs[iu + 1].arg & 1 == 0 =>
                {
                    self.blocks[b].instrs[iu].op = NOP;
                    self.blocks[b].instrs[iu].arg = 0;
                    self.blocks[b].instrs[iu + 1].arg |= 1;
                }
                _ => {}
            }
            i += 1;
        }
    }

    fn fold_tuple_on_constants(
        &mut self,
        b: BlockId,
        at: usize,
        n: usize,
        consts: &mut Vec<Constant>,
    ) {
        let start = at - n;
        let instrs = &mut self.blocks[b].instrs;
        if instrs[start..at].iter().any(|ins| ins.op != LOAD_CONST) {
            return;
        }
        let items: Vec<Constant> = instrs[start..at]
            .iter()
            .map(|ins| consts[ins.arg as usize].clone())
            .collect();
        let newconst = Constant::Tuple(items.into());
        let index = match consts.iter().position(|c| *c == newconst) {
            Some(i) => i,
            None => {
                consts.push(newconst);
                consts.len() - 1
            }
        };
        for ins in &mut instrs[start..at] {
            ins.op = NOP;
        }
        instrs[at].op = LOAD_CONST;
        instrs[at].arg = index as u32;
    }

    /// Give exit blocks without a line number one copy per jump that reaches them.
    pub fn duplicate_exits_without_lineno(&mut self) {
        let count = self.blocks.len();
        for b in (0..count).rev() {
            let Some(last) = self.blocks[b].instrs.last() else {
                continue;
            };
            if !is_jump(last.op) {
                continue;
            }
            let target = last.target.expect("jump target");
            let last_loc = last.loc;
            if self.is_exit_without_lineno(target) && self.blocks[target].predecessors > 1 {
                let mut copy = Block {
                    instrs: self.blocks[target].instrs.clone(),
                    exit: self.blocks[target].exit,
                    nofallthrough: true,
                    ..Block::default()
                };
                copy.instrs[0].loc = last_loc;
                copy.predecessors = 1;
                copy.next = self.blocks[target].next;
                self.blocks.push(copy);
                let new_id = self.blocks.len() - 1;
                self.blocks[b].instrs.last_mut().expect("non-empty").target = Some(new_id);
                self.blocks[target].predecessors -= 1;
                self.blocks[target].next = Some(new_id);
            }
        }
        for b in (0..self.blocks.len()).rev() {
            while let Some(n) = self.blocks[b].next {
                if self.blocks[n].instrs.is_empty() {
                    self.blocks[b].next = self.blocks[n].next;
                } else {
                    break;
                }
            }
        }
        for b in (0..self.blocks.len()).rev() {
            if !self.blocks[b].nofallthrough && !self.blocks[b].instrs.is_empty() {
                if let Some(n) = self.blocks[b].next {
                    if self.is_exit_without_lineno(n) {
                        let loc = self.blocks[b].instrs.last().expect("non-empty").loc;
                        self.blocks[n].instrs[0].loc = loc;
                    }
                }
            }
        }
    }

    fn is_exit_without_lineno(&self, b: BlockId) -> bool {
        self.blocks[b].exit && self.blocks[b].instrs.iter().all(|i| i.loc.lineno < 0)
    }

    pub fn propagate_line_numbers(&mut self) {
        for b in self.chain() {
            if self.blocks[b].instrs.is_empty() {
                continue;
            }
            let mut prev = Loc::UNSET;
            for ins in &mut self.blocks[b].instrs {
                if ins.loc.lineno < 0 {
                    ins.loc = prev;
                } else {
                    prev = ins.loc;
                }
            }
            if !self.blocks[b].nofallthrough {
                if let Some(n) = self.blocks[b].next {
                    if self.blocks[n].predecessors == 1
                        && !self.blocks[n].instrs.is_empty()
                        && self.blocks[n].instrs[0].loc.lineno < 0
                    {
                        self.blocks[n].instrs[0].loc = prev;
                    }
                }
            }
            let last = self.blocks[b].instrs.last().expect("non-empty");
            if is_jump(last.op) {
                let t = last.target.expect("jump target");
                if self.blocks[t].predecessors == 1
                    && !self.blocks[t].instrs.is_empty()
                    && self.blocks[t].instrs[0].loc.lineno < 0
                {
                    self.blocks[t].instrs[0].loc = prev;
                }
            }
        }
    }

    pub fn guarantee_lineno_for_exits(&mut self, firstlineno: i32) {
        let mut lineno = firstlineno;
        for b in self.chain() {
            let Some(last) = self.blocks[b].instrs.last() else {
                continue;
            };
            if last.loc.lineno < 0 {
                if last.op == RETURN_VALUE {
                    for ins in &mut self.blocks[b].instrs {
                        ins.loc.lineno = lineno;
                    }
                }
            } else {
                lineno = last.loc.lineno;
            }
        }
    }
}

pub fn const_truth(c: &Constant) -> bool {
    match c {
        Constant::None => false,
        Constant::Ellipsis | Constant::Code(_) | Constant::SurrogateStr(_) => true,
        Constant::Bool(b) => *b,
        Constant::Int(i) => *i != 0,
        Constant::BigInt(_) => true,
        Constant::Float(f) => *f != 0.0,
        Constant::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
        Constant::Str(s) => !s.is_empty(),
        Constant::Bytes(b) => !b.is_empty(),
        Constant::Tuple(t) | Constant::FrozenSet(t) => !t.is_empty(),
    }
}

/// Replace a run of SWAPs and NOPs with the shortest run of SWAPs that permutes
/// the stack the same way.
fn swaptimize(instrs: &mut [Instr], ix: &mut usize) {
    let run = &mut instrs[*ix..];
    let mut depth = run[0].arg as usize;
    let mut len = 0;
    let mut more = false;
    let limit = run.len();
    loop {
        len += 1;
        if len >= limit {
            break;
        }
        match run[len].op {
            SWAP => {
                depth = depth.max(run[len].arg as usize);
                more = true;
            }
            NOP => {}
            _ => break,
        }
    }
    if !more {
        return;
    }
    const VISITED: isize = -1;
    let mut stack: Vec<isize> = (0..depth as isize).collect();
    for ins in run.iter().take(len) {
        if ins.op == SWAP {
            let oparg = ins.arg as usize;
            stack.swap(0, oparg - 1);
        }
    }
    let mut current = len as isize - 1;
    for i in 0..depth {
        if stack[i] == VISITED || stack[i] == i as isize {
            continue;
        }
        let mut j = i;
        loop {
            if j != 0 {
                run[current as usize].op = SWAP;
                run[current as usize].arg = j as u32 + 1;
                current -= 1;
            }
            if stack[j] == VISITED {
                break;
            }
            let next_j = stack[j] as usize;
            stack[j] = VISITED;
            j = next_j;
        }
    }
    while current >= 0 {
        run[current as usize].op = NOP;
        current -= 1;
    }
    *ix += len - 1;
}

fn swappable(op: Op) -> bool {
    op == STORE_FAST || op == POP_TOP
}

fn next_swappable_instruction(instrs: &[Instr], mut i: usize, lineno: i32) -> Option<usize> {
    loop {
        i += 1;
        if i >= instrs.len() {
            return None;
        }
        let ins = &instrs[i];
        if lineno >= 0 && ins.loc.lineno != lineno {
            return None;
        }
        if ins.op == NOP {
            continue;
        }
        if swappable(ins.op) {
            return Some(i);
        }
        return None;
    }
}

fn apply_static_swaps(instrs: &mut [Instr], mut i: isize) {
    while i >= 0 {
        let iu = i as usize;
        if instrs[iu].op != SWAP {
            if instrs[iu].op == NOP || swappable(instrs[iu].op) {
                i -= 1;
                continue;
            }
            return;
        }
        let Some(j) = next_swappable_instruction(instrs, iu, -1) else {
            return;
        };
        let mut k = j;
        let lineno = instrs[j].loc.lineno;
        let mut count = instrs[iu].arg as i32 - 1;
        while count > 0 {
            match next_swappable_instruction(instrs, k, lineno) {
                Some(n) => k = n,
                None => return,
            }
            count -= 1;
        }
        instrs[iu].op = NOP;
        instrs.swap(j, k);
        i -= 1;
    }
}
