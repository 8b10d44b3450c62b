//! The eval loop (CPython's `Python/ceval.c`).
//!
//! One loop runs code units with a `match` on the opcode. A call from Python to a
//! Python function pushes a frame and continues in the same loop; only Rust code that
//! calls back into Python (and generator resumption, for now) enters the loop anew,
//! through `run_frame`, which counts its depth. Exceptions unwind through the
//! exception table: no cost until one is raised.

use std::rc::Rc;

use krait_bytecode::opcode_table::{
    NB_ADD, NB_INPLACE_ADD, NB_INPLACE_OFFSET, NB_MULTIPLY, NB_SUBTRACT, NB_TRUE_DIVIDE,
};
use krait_bytecode::Opcode;

use crate::abstract_;
use crate::frame::{Frame, OnReturn, ResumedBy};
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::code::{CodeData, Instruction};
use crate::objects::dict;
use crate::objects::exceptions;
use crate::objects::function::Args;
use crate::objects::generator;
use crate::specialize;
use crate::value::{RawSlot, Value};
use crate::Exc;
use crate::{PyErr, PyResult, Vm};

mod calls;

/// How a frame run by `run_frame` finished.
pub enum FrameExit {
    Return(Value),
    Yield(Value),
}

/// What an instruction tells the loop.
enum Flow {
    /// The current frame returned this value.
    Return(Value),
    Yield(Value),
}

/// What the slow tier tells the fast one after an instruction.
enum Step {
    /// Go on at this code unit of the same frame.
    Next(usize),
    /// The running frame changed (a call, a return, a generator entered).
    Switch,
    /// Leave the loop.
    Leave(Flow),
}

/// The value stack as the fast tier keeps it: `self.stack`'s buffer, length and
/// capacity in registers. Fast arms push only below `cap` and pop only above the
/// frame's slots they read, and `commit` writes the length back before anything
/// that could look at `self.stack` (a drop, a call, the slow tier), so `self.stack`
/// is exact whenever other code runs. Reloaded after anything that can run Python
/// code (the slow tier, a call, finalisers), which may have grown and so moved the
/// buffer.
struct LiveStack {
    data: *mut Option<Value>,
    len: usize,
    cap: usize,
}

impl LiveStack {
    #[inline(always)]
    fn of(stack: &mut Vec<Option<Value>>) -> LiveStack {
        LiveStack {
            data: stack.as_mut_ptr(),
            len: stack.len(),
            cap: stack.capacity(),
        }
    }

    /// The live slots, for indexing with bounds checks.
    #[inline(always)]
    fn slots(&mut self) -> &mut [Option<Value>] {
        // SAFETY: `data` is the buffer of `Vm::stack`, whose first `len` slots are
        // initialised (fast arms write a slot before counting it, and stop counting
        // one before moving it out). The buffer does not move while this `LiveStack`
        // is used: it is reloaded after anything that could grow `Vm::stack`, and
        // nothing else touches `Vm::stack` in between.
        unsafe { std::slice::from_raw_parts_mut(self.data, self.len) }
    }

    #[inline(always)]
    fn has_room(&self) -> bool {
        self.len < self.cap
    }

    /// Pushes into room that `has_room` found.
    #[inline(always)]
    fn push(&mut self, value: Option<Value>) {
        self.push_raw(RawSlot::from_slot(value));
    }

    /// Pushes a slot's words into room that `has_room` found.
    #[inline(always)]
    fn push_raw(&mut self, value: RawSlot) {
        assert!(self.len < self.cap);
        // SAFETY: `len < cap`, so the slot is inside the buffer, and it holds no
        // value (it is past the live ones), so nothing is overwritten unread.
        unsafe { value.write(self.data.add(self.len)) };
        self.len += 1;
    }

    /// Pops from a stack that holds at least one slot.
    #[inline(always)]
    fn pop(&mut self) -> Option<Value> {
        self.pop_raw().into_slot()
    }

    /// Pops a slot's words from a stack that holds at least one slot; they own
    /// what the slot owned.
    #[inline(always)]
    fn pop_raw(&mut self) -> RawSlot {
        assert!(self.len > 0);
        self.len -= 1;
        // SAFETY: the slot was live and initialised; it is no longer counted, so
        // it is moved out exactly once.
        unsafe { RawSlot::read(self.data.add(self.len)) }
    }

    /// The words of live slot `index`, left in place (they own nothing).
    #[inline(always)]
    fn peek_raw(&self, index: usize) -> Option<RawSlot> {
        // SAFETY: slots below `len` are live and initialised (see `slots`).
        (index < self.len).then(|| unsafe { RawSlot::read(self.data.add(index)) })
    }

    /// Writes `value` into live slot `index` (below `len`), returning the words
    /// it held, which the caller now owns.
    #[inline(always)]
    fn replace_raw(&mut self, index: usize, value: RawSlot) -> RawSlot {
        assert!(index < self.len);
        // SAFETY: `index < len`, so the slot is live and initialised; its old
        // words move to the caller as the new ones move in.
        unsafe {
            let slot = self.data.add(index);
            let old = RawSlot::read(slot);
            value.write(slot);
            old
        }
    }

    /// Writes the length back into `Vm::stack`.
    #[inline(always)]
    fn commit(&self, stack: &mut Vec<Option<Value>>) {
        debug_assert!(self.len <= stack.capacity());
        // SAFETY: `len <= cap` (pushes check it) and the first `len` slots are
        // initialised, as `slots` explains.
        unsafe { stack.set_len(self.len) };
    }
}

/// After a fast arm released a value whose drop may have queued finalisers: they
/// run (Python code, which may grow and so move the value stack, or start
/// tracing), the stack's registers are reloaded, and a frame now traced goes on in
/// the traced loop (`$frame` names the loop over frames).
macro_rules! run_queued_finalizers {
    ($vm:expr, $stack:ident, $pc:expr, $frame:lifetime) => {
        if $vm.finalizers.is_pending() {
            $vm.run_finalizers();
            $stack = LiveStack::of(&mut $vm.stack);
            if $vm.tracing_started($pc) {
                continue $frame;
            }
        }
    };
}

/// The end of a fast-tier arm that called out (and committed `self.stack`
/// first): the registers are reloaded and the loop goes on at `$next`, in the
/// traced loop if the code called started tracing.
macro_rules! go_on_after_call_out {
    ($vm:expr, $stack:ident, $pc:ident, $next:expr, $frame:lifetime) => {{
        $stack = LiveStack::of(&mut $vm.stack);
        $pc = $next;
        if $vm.tracing_started($pc) {
            continue $frame;
        }
        continue;
    }};
}

macro_rules! pop {
    ($vm:expr) => {
        $vm.stack.pop().flatten().unwrap_or(Value::None)
    };
}

impl Vm {
    #[inline(always)]
    fn push(&mut self, v: Value) {
        // Written as words (see `RawSlot`) into the next slot, then counted.
        let slot = crate::value::next_slot(&mut self.stack);
        // SAFETY: `next_slot` gives the slot past the stack's end, inside its buffer;
        // once written it is initialised and may be counted.
        unsafe {
            RawSlot::from_slot(Some(v)).write(slot);
            self.stack.set_len(self.stack.len() + 1);
        }
    }

    fn top(&self) -> Value {
        self.stack.last().cloned().flatten().unwrap_or(Value::None)
    }

    /// The value `n` places from the top (1 = top).
    fn peek(&self, n: usize) -> Option<Value> {
        self.stack
            .get(self.stack.len().wrapping_sub(n))
            .cloned()
            .flatten()
    }

    fn frame(&self) -> &Frame {
        self.frames.last().expect("the loop runs only with a frame")
    }

    pub(crate) fn frame_mut(&mut self) -> &mut Frame {
        self.frames
            .last_mut()
            .expect("the loop runs only with a frame")
    }

    /// Runs `frame` to its return (or yield) in a nested loop.
    pub fn run_frame(&mut self, frame: Frame) -> PyResult<FrameExit> {
        self.run_frame_with(frame, None)
    }

    /// Runs `frame`, first raising `error` in it if given (`generator.throw`).
    pub fn run_frame_with(
        &mut self,
        mut frame: Frame,
        error: Option<PyErr>,
    ) -> PyResult<FrameExit> {
        if self.frames.len() + self.native_depth >= self.recursion_limit
            || self.stack_guard.exhausted()
        {
            self.stack.truncate(frame.base);
            return Err(self.new_error(Exc::RecursionError, "maximum recursion depth exceeded"));
        }
        frame.is_entry = true;
        self.push_frame(frame);
        self.execute(error)
    }

    /// Runs the frame on top of the frame stack, which was pushed as an entry frame,
    /// with `pending` raised in it first when given.
    pub(crate) fn execute(&mut self, mut pending: Option<PyErr>) -> PyResult<FrameExit> {
        if pending.is_some() && self.use_tracing {
            // An exception thrown in (`generator.throw`, `close`) resumes the frame
            // without its `RESUME`: the `call` event comes here.
            let depth = self.frames.len() - 1;
            if let Err(err) = self.trace_function_entry(depth) {
                let frame = self.frames.pop().expect("the frame being entered");
                self.stack.truncate(frame.call_bottom());
                if let Some(gen) = &frame.generator {
                    generator::mark_finished(gen);
                }
                return Err(err);
            }
        }
        loop {
            if let Some(err) = pending.take() {
                let reraise = std::mem::replace(&mut self.reraising, false);
                match self.unwind(err, reraise) {
                    Ok(()) => {}
                    Err(err) => return Err(err),
                }
            }
            match self.run_instructions() {
                Ok(Flow::Return(value)) => {
                    if self.pop_returning_frame() {
                        return Ok(FrameExit::Return(value));
                    }
                    self.push(value);
                }
                Ok(Flow::Yield(value)) => {
                    // Generators run in their own `run_frame`, so the frame is an entry.
                    crate::objects::generator::suspend(self);
                    return Ok(FrameExit::Yield(value));
                }
                Err(err) => pending = Some(err),
            }
        }
    }

    /// `FOR_ITER` or `SEND` on a suspended generator (or coroutine): its frame is
    /// pushed with `value` sent in, to go on at `exit` once the generator returns.
    #[inline(never)]
    fn enter_generator_in_loop(
        &mut self,
        gen: &ObjRef,
        value: Value,
        exit: usize,
        by: ResumedBy,
    ) -> PyResult<()> {
        self.check_recursion()?;
        generator::enter_in_loop(self, gen, value, exit, by)
    }

    /// A generator that `FOR_ITER` or `SEND` resumed in this loop returns. After
    /// `FOR_ITER` it is exhausted: its caller drops it and leaves the loop. After
    /// `SEND` the returned value replaces it (the value of `yield from`/`await`).
    #[inline(never)]
    fn return_to_resumer(&mut self, value: Value) -> PyResult<()> {
        let frame = self.frame();
        let (gen, exit, by) = (
            frame.generator.clone(),
            frame.resumed_exit as usize,
            frame.resumed_by,
        );
        self.pop_returning_frame();
        if let Some(gen) = gen {
            generator::leave_running(self, &gen, false);
        }
        self.stack.pop();
        self.frame_mut().pc = exit;
        let sent = match by {
            ResumedBy::ForIter => false,
            ResumedBy::Send { by_next } => !by_next,
        };
        if self.use_tracing {
            self.trace_generator_return(&value, sent)?;
        }
        if let ResumedBy::Send { .. } = by {
            self.push(value);
        }
        Ok(())
    }

    /// A generator that `FOR_ITER` resumed in this loop yields: the value is its
    /// caller's next item.
    #[inline(never)]
    fn yield_to_for_iter(&mut self, value: Value) {
        let gen = self.frame().generator.clone();
        generator::suspend(self);
        if let Some(gen) = gen {
            generator::leave_running(self, &gen, true);
        }
        self.push(value);
    }

    /// Pops a frame that returns `value` to a caller in this loop, with its
    /// locals and what its call left below them, and gives the caller the result
    /// (not for an `__init__`, whose instance is the result already).
    #[inline(always)]
    fn return_in_loop(&mut self, value: Option<Value>, returns_instance: bool, at: usize) {
        self.record_frame_end(at);
        let keep = self.frame().call_bottom();
        // Dropped where it lies: moving a frame out costs more than its fields.
        self.frames.truncate(self.frames.len() - 1);
        if returns_instance {
            self.pop_down_to(keep);
        } else if keep < self.stack.len() {
            // The bottom slot of the call (the callable or the NULL below it)
            // takes the result: no push, so no capacity check.
            self.pop_down_to(keep + 1);
            release(std::mem::replace(&mut self.stack[keep], value));
        } else {
            self.stack.push(value);
        }
    }

    /// Pops the frame that returns, with its locals and what its call left below
    /// them; `true` when it was an entry frame.
    fn pop_returning_frame(&mut self) -> bool {
        let lasti = self.frame().lasti();
        self.record_frame_end(lasti);
        let frame = self.frame();
        let (keep, is_entry) = (frame.call_bottom(), frame.is_entry);
        // Dropped where it lies: moving a frame out costs more than its fields.
        self.frames.truncate(self.frames.len() - 1);
        self.pop_down_to(keep);
        is_entry
    }

    /// Finds a handler for `err`, starting in the current frame and popping frames
    /// that have none. `Ok` when a handler now runs; `Err` when the entry frame was
    /// left. A re-raise (`RERAISE`) adds no traceback entry for its own frame.
    fn unwind(&mut self, mut err: PyErr, mut reraise: bool) -> Result<(), PyErr> {
        loop {
            let is_reraise = std::mem::replace(&mut reraise, false);
            if !is_reraise {
                self.add_traceback_entry(&err);
                self.chain_context(&err);
                if self.tracer.trace.is_some() {
                    err = self.trace_exception(err);
                }
            }
            let frame = self.frame();
            if let Some(handler) = frame.code.handler_for(frame.instr) {
                let depth = frame.stack_base() + handler.depth as usize;
                let lasti = frame.lasti();
                self.stack.truncate(depth);
                if handler.lasti {
                    self.push(Value::Int(lasti as i64));
                }
                self.push(Value::Obj(err.0.clone()));
                let frame = self.frame_mut();
                frame.pc = handler.target as usize;
                frame.restored_lasti = None;
                return Ok(());
            }
            if self.use_tracing {
                // The frame is left: its `return` event, with `None`. What a hook
                // raises there goes on in place of `err`.
                if let Err(new) = self.trace_function_exit(&Value::None) {
                    err = new;
                }
            }
            // The last instruction, or the one a `RERAISE` restored.
            let lasti = self.frame().lasti();
            self.record_frame_end(lasti);
            let frame = self.frames.pop().expect("unwinding frame");
            self.stack.truncate(frame.call_bottom());
            if let Some(gen) = &frame.generator {
                if frame.is_entry {
                    generator::mark_finished(gen);
                } else {
                    // Resumed by `FOR_ITER` in this loop: the caller sees what
                    // `next()` would have raised.
                    generator::leave_running(self, gen, false);
                    err = generator::escaping_error(self, gen, err);
                }
            }
            if frame.is_entry {
                return Err(err);
            }
        }
    }

    /// Sets `__context__` of a newly raised exception to the one being handled.
    fn chain_context(&mut self, err: &PyErr) {
        if let Some(Value::Obj(handled)) = self.topmost_handled() {
            if !Rc::ptr_eq(&handled, &err.0) {
                exceptions::set_context_if_unset(&err.0, &handled);
            }
        }
    }

    fn add_traceback_entry(&mut self, err: &PyErr) {
        let frame_obj = self.current_frame_object();
        let lasti = self.frame().lasti();
        exceptions::push_traceback(self, &err.0, frame_obj, lasti);
    }

    /// The frame object of the running frame, made on first request.
    pub fn current_frame_object(&mut self) -> ObjRef {
        let depth = self.frames.len() - 1;
        self.frame_object_at(depth)
    }

    /// The frame object of `self.frames[depth]`, with `f_back` linked: the frames
    /// below it that have none get theirs first, from the deepest one that has one
    /// (a loop, since a RecursionError may need hundreds of thousands).
    pub fn frame_object_at(&mut self, depth: usize) -> ObjRef {
        let mut first_missing = depth + 1;
        while first_missing > 0 && self.frames[first_missing - 1].frame_object.is_none() {
            first_missing -= 1;
        }
        let mut back = match first_missing {
            0 => None,
            n => {
                let below = &self.frames[n - 1];
                let obj = below.frame_object.clone().expect("a frame object");
                crate::objects::traceback::update_frame_object(&obj, below.lasti());
                Some(obj)
            }
        };
        for d in first_missing..=depth {
            let obj = crate::objects::traceback::new_frame_object(self, d, back);
            self.frames[d].frame_object = Some(obj.clone());
            back = Some(obj);
        }
        back.expect("the frame object at depth")
    }

    /// Runs the running frame's instructions until it calls a Python function, returns,
    /// yields or raises. The frame's code, stack base and next instruction stay in
    /// locals, and so does the value stack (`LiveStack`). Where to resume (`pc`) is
    /// written only when the frame is left: a call, a yield.
    ///
    /// Two tiers. The fast tier here runs the commonest instructions in their
    /// commonest case on registers. Most of its arms (locals, constants, jumps,
    /// unboxed arithmetic and comparisons, cached globals, list and range iteration)
    /// cannot raise, call out or look at the frame, so they record nothing; the few
    /// that call out (attributes, subscripts, calls, returns, yields) commit the
    /// stack and record the frame's position first. Anything else, or any case a
    /// fast arm declines before it has changed anything, goes to the slow tier,
    /// `execute_instruction`, which runs every opcode on `self.stack`.
    fn run_instructions(&mut self) -> PyResult<Flow> {
        use Opcode::*;
        // Calls and returns between Python frames switch frames here, without leaving.
        'frame: loop {
            let frame = self.frame();
            let code = frame.code.clone();
            let base = frame.base;
            let mut pc = frame.pc;
            let instructions = code.instructions();
            // Room for the frame's deepest stack, so that fast pushes find it.
            self.stack.reserve(code.code.stacksize as usize + 1);
            let mut stack = LiveStack::of(&mut self.stack);
            if self.use_tracing {
                // Traced, every instruction takes the slow tier, until the frame
                // changes or tracing stops.
                loop {
                    let Some(instruction) = instructions.get(pc) else {
                        return Err(self.ran_off_the_end());
                    };
                    match self.execute_instruction(&code, base, instruction)? {
                        Step::Next(to) => pc = to,
                        Step::Switch => continue 'frame,
                        Step::Leave(flow) => return Ok(flow),
                    }
                    if !self.use_tracing {
                        self.frame_mut().pc = pc;
                        continue 'frame;
                    }
                }
            }
            // Untraced: only what runs Python code can start tracing, so each arm
            // that called out, and the slow tier, look again after it.
            loop {
                // Read in place: a copy of the instruction would put a store and a
                // reload of its opcode on the path to the dispatching jump.
                let Some(instruction) = instructions.get(pc) else {
                    return Err(self.ran_off_the_end());
                };
                let opcode = instruction.opcode;
                let next = instruction.next as usize;
                let oparg = instruction.arg as usize;
                match opcode {
                    NOP | RESUME | CACHE | PRECALL => {
                        pc = next;
                        continue;
                    }
                    LOAD_FAST if stack.has_room() => {
                        if let Some(local) = stack.peek_raw(base + oparg) {
                            if !local.is_empty() {
                                stack.push_raw(local.share());
                                pc = next;
                                // A second `LOAD_FAST` straight after (the commonest
                                // pair) runs here, saving a dispatch (CPython's
                                // `LOAD_FAST__LOAD_FAST`).
                                if let Some(second) = instructions.get(pc) {
                                    if second.opcode == LOAD_FAST && stack.has_room() {
                                        let local = stack.peek_raw(base + second.arg as usize);
                                        if let Some(local) = local.filter(|l| !l.is_empty()) {
                                            stack.push_raw(local.share());
                                            pc = second.next as usize;
                                        }
                                    }
                                }
                                stack.commit(&mut self.stack);
                                continue;
                            }
                        }
                    }
                    STORE_FAST if base + oparg + 1 < stack.len => {
                        let v = stack.pop_raw();
                        stack.commit(&mut self.stack);
                        stack.replace_raw(base + oparg, v).release();
                        pc = next;
                        continue;
                    }
                    LOAD_CONST if stack.has_room() => {
                        if let Some(v) = code.consts().get(oparg) {
                            stack.push_raw(RawSlot::of_value(v).share());
                            stack.commit(&mut self.stack);
                            pc = next;
                            continue;
                        }
                    }
                    PUSH_NULL if stack.has_room() => {
                        stack.push_raw(RawSlot::EMPTY);
                        stack.commit(&mut self.stack);
                        pc = next;
                        continue;
                    }
                    POP_TOP if stack.len > 0 => {
                        let v = stack.pop_raw();
                        stack.commit(&mut self.stack);
                        v.release();
                        pc = next;
                        run_queued_finalizers!(self, stack, pc, 'frame);
                        continue;
                    }
                    JUMP_FORWARD => {
                        pc = next + oparg;
                        continue;
                    }
                    KW_NAMES => {
                        if let Some(names) = code.consts().get(oparg) {
                            let names = names.clone();
                            self.frame_mut().kwnames = Some(names);
                            pc = next;
                            continue;
                        }
                    }
                    JUMP_BACKWARD | JUMP_BACKWARD_NO_INTERRUPT if !self.eval_breaker_due() => {
                        pc = next.saturating_sub(oparg);
                        continue;
                    }
                    POP_JUMP_FORWARD_IF_FALSE
                    | POP_JUMP_FORWARD_IF_TRUE
                    | POP_JUMP_BACKWARD_IF_FALSE
                    | POP_JUMP_BACKWARD_IF_TRUE => {
                        let backward = matches!(
                            opcode,
                            POP_JUMP_BACKWARD_IF_FALSE | POP_JUMP_BACKWARD_IF_TRUE
                        );
                        let truth = top_truth(stack.slots());
                        if let Some(truth) = truth {
                            if !backward || !self.eval_breaker_due() {
                                stack.pop_raw().release();
                                stack.commit(&mut self.stack);
                                let want = matches!(
                                    opcode,
                                    POP_JUMP_FORWARD_IF_TRUE | POP_JUMP_BACKWARD_IF_TRUE
                                );
                                pc = if truth == want {
                                    conditional_jump_target(opcode, next, oparg)
                                } else {
                                    next
                                };
                                run_queued_finalizers!(self, stack, pc, 'frame);
                                continue;
                            }
                        }
                    }
                    // `a and b`, `a or b`: the value stays when the jump is taken.
                    JUMP_IF_FALSE_OR_POP | JUMP_IF_TRUE_OR_POP => {
                        let truth = top_truth(stack.slots());
                        if let Some(truth) = truth {
                            if truth == (opcode == JUMP_IF_TRUE_OR_POP) {
                                pc = next + oparg;
                            } else {
                                stack.pop_raw().release();
                                stack.commit(&mut self.stack);
                                pc = next;
                                run_queued_finalizers!(self, stack, pc, 'frame);
                            }
                            continue;
                        }
                    }
                    UNARY_NOT => {
                        let truth = top_truth(stack.slots());
                        if let Some(truth) = truth {
                            let top = stack.len - 1;
                            let value = RawSlot::from_slot(Some(Value::Bool(!truth)));
                            stack.replace_raw(top, value).release();
                            pc = next;
                            run_queued_finalizers!(self, stack, pc, 'frame);
                            continue;
                        }
                    }
                    POP_JUMP_FORWARD_IF_NONE
                    | POP_JUMP_FORWARD_IF_NOT_NONE
                    | POP_JUMP_BACKWARD_IF_NONE
                    | POP_JUMP_BACKWARD_IF_NOT_NONE
                        if stack.len > 0
                            && (matches!(
                                opcode,
                                POP_JUMP_FORWARD_IF_NONE | POP_JUMP_FORWARD_IF_NOT_NONE
                            ) || !self.eval_breaker_due()) =>
                    {
                        let v = stack.pop();
                        stack.commit(&mut self.stack);
                        let is_none = matches!(v, Some(Value::None));
                        release(v);
                        let want_none =
                            matches!(opcode, POP_JUMP_FORWARD_IF_NONE | POP_JUMP_BACKWARD_IF_NONE);
                        pc = if is_none == want_none {
                            conditional_jump_target(opcode, next, oparg)
                        } else {
                            next
                        };
                        continue;
                    }
                    CONTAINS_OP if stack.len >= 2 => {
                        let found = match stack.slots() {
                            [.., Some(item), Some(Value::Obj(c))] => {
                                abstract_::contains_without_python(self, c, item)
                            }
                            _ => None,
                        };
                        if let Some(found) = found {
                            let container = stack.pop_raw();
                            let item = stack.replace_raw(
                                stack.len - 1,
                                RawSlot::from_slot(Some(Value::Bool(found != (oparg == 1)))),
                            );
                            stack.commit(&mut self.stack);
                            container.release();
                            item.release();
                            pc = next;
                            continue;
                        }
                    }
                    COPY if oparg >= 1 && oparg <= stack.len && stack.has_room() => {
                        if let Some(v) = stack.peek_raw(stack.len - oparg) {
                            stack.push_raw(v.share());
                        }
                        stack.commit(&mut self.stack);
                        pc = next;
                        continue;
                    }
                    SWAP if oparg >= 1 && oparg <= stack.len => {
                        // As words (`RawSlot`): a slice swap moves whole slots.
                        let (top, other) = (stack.len - 1, stack.len - oparg);
                        let below = stack.replace_raw(other, RawSlot::EMPTY);
                        let above = stack.replace_raw(top, below);
                        stack.replace_raw(other, above);
                        pc = next;
                        continue;
                    }
                    LOAD_DEREF if stack.has_room() => {
                        let value = match stack.slots().get(base + oparg) {
                            Some(Some(Value::Obj(cell))) => match &cell.payload {
                                Payload::Cell(c) => c.borrow().clone(),
                                _ => None,
                            },
                            _ => None,
                        };
                        if let Some(v) = value {
                            stack.push(Some(v));
                            stack.commit(&mut self.stack);
                            pc = next;
                            continue;
                        }
                    }
                    BUILD_SLICE if stack.len >= oparg && (oparg == 2 || oparg == 3) => {
                        let step = if oparg == 3 { stack.pop() } else { None };
                        let stop = stack.pop();
                        let start = stack.pop();
                        let none = || Value::None;
                        let slice = PyObject::new(
                            self.types.slice.clone(),
                            Payload::Slice {
                                start: start.unwrap_or_else(none),
                                stop: stop.unwrap_or_else(none),
                                step: step.unwrap_or_else(none),
                            },
                        );
                        stack.push(Some(Value::Obj(slice)));
                        stack.commit(&mut self.stack);
                        pc = next;
                        continue;
                    }
                    MAKE_CELL if base + oparg < stack.len => {
                        stack.commit(&mut self.stack);
                        self.make_cell(base + oparg);
                        pc = next;
                        continue;
                    }
                    COPY_FREE_VARS => {
                        self.copy_free_vars(oparg)?;
                        pc = next;
                        continue;
                    }
                    IS_OP if stack.len >= 2 => {
                        let right = stack.pop();
                        let left = stack.pop();
                        let same = match (&left, &right) {
                            (Some(a), Some(b)) => a.is(b),
                            _ => false,
                        };
                        stack.push(Some(Value::Bool(same != (oparg == 1))));
                        stack.commit(&mut self.stack);
                        release(left);
                        release(right);
                        pc = next;
                        continue;
                    }
                    COMPARE_OP if compare_op_unboxed(stack.slots(), oparg) => {
                        stack.len -= 1;
                        stack.commit(&mut self.stack);
                        pc = next;
                        continue;
                    }
                    COMPARE_OP if stack.len >= 2 => {
                        let equal = match stack.slots() {
                            [.., Some(Value::Obj(a)), Some(Value::Obj(b))]
                                if oparg == 2 || oparg == 3 =>
                            {
                                exact_str_equal(a, b)
                            }
                            _ => None,
                        };
                        if let Some(equal) = equal {
                            let right = stack.pop();
                            let left = stack.pop();
                            stack.push(Some(Value::Bool(equal == (oparg == 2))));
                            stack.commit(&mut self.stack);
                            release(left);
                            release(right);
                            pc = next;
                            continue;
                        }
                        // A comparison method in Python runs as a frame of this
                        // loop; anything else compares here, as the slow tier would.
                        stack.commit(&mut self.stack);
                        let frame = self.frame_mut();
                        frame.instr = instruction.at as usize;
                        frame.pc = next;
                        if !self.eval_breaker_due() && self.enter_comparison(oparg)? {
                            continue 'frame;
                        }
                        self.compare_op(oparg)?;
                        go_on_after_call_out!(self, stack, pc, next, 'frame);
                    }
                    BINARY_OP if binary_op_unboxed(stack.slots(), oparg) => {
                        stack.len -= 1;
                        stack.commit(&mut self.stack);
                        pc = next;
                        continue;
                    }
                    // `a + b` of two exact strs, unless the result is stored back
                    // into the local holding `a` (`s = s + t`), which the slow tier
                    // grows in place (`concat_in_place`), as it does `s += t`.
                    BINARY_OP if stack.len >= 2 => {
                        let stores_back = oparg == NB_ADD
                            && match instructions.get(next) {
                                Some(store) if store.opcode == STORE_FAST => {
                                    let slots = stack.slots();
                                    let left = &slots[slots.len() - 2];
                                    match (slots.get(base + store.arg as usize), left) {
                                        (Some(Some(Value::Obj(local))), Some(Value::Obj(left))) => {
                                            Rc::ptr_eq(local, left)
                                        }
                                        _ => false,
                                    }
                                }
                                _ => false,
                            };
                        let sum = match stack.slots() {
                            [.., Some(a), Some(b)] if oparg == NB_ADD && !stores_back => {
                                crate::objects::str::concat_exact(self, a, b)
                            }
                            _ => None,
                        };
                        if let Some(sum) = sum {
                            let right = stack.pop_raw();
                            let top = stack.len - 1;
                            let left = stack.replace_raw(top, RawSlot::from_slot(Some(sum)));
                            stack.commit(&mut self.stack);
                            right.release();
                            left.release();
                            pc = next;
                            continue;
                        }
                        // Anything else is computed here, as the slow tier would.
                        stack.commit(&mut self.stack);
                        self.frame_mut().instr = instruction.at as usize;
                        self.binary_op_general(oparg, next)?;
                        go_on_after_call_out!(self, stack, pc, next, 'frame);
                    }
                    FOR_ITER if stack.has_room() => {
                        // Straight into `UNPACK_SEQUENCE 2`: the pair goes on the
                        // stack as the unpacking leaves it, without a tuple.
                        let unpacks_pair = instructions
                            .get(next)
                            .is_some_and(|u| u.opcode == UNPACK_SEQUENCE && u.arg == 2);
                        if unpacks_pair && stack.len + 2 <= stack.cap {
                            let pair = match stack.slots().last() {
                                Some(Some(it)) => crate::objects::iter::next_pair_in_place(it),
                                _ => None,
                            };
                            match pair {
                                Some(Some((first, second))) => {
                                    stack.push(Some(second));
                                    stack.push(Some(first));
                                    stack.commit(&mut self.stack);
                                    pc = instructions[next].next as usize;
                                    continue;
                                }
                                Some(None) => {
                                    let it = stack.pop();
                                    stack.commit(&mut self.stack);
                                    release(it);
                                    pc = next + oparg;
                                    continue;
                                }
                                None => {}
                            }
                        }
                        let in_place = match stack.slots().last() {
                            Some(Some(it)) => crate::objects::iter::next_in_place(it),
                            _ => None,
                        };
                        match in_place {
                            Some(Some(v)) => {
                                stack.push(Some(v));
                                stack.commit(&mut self.stack);
                                pc = next;
                                continue;
                            }
                            Some(None) => {
                                let it = stack.pop();
                                stack.commit(&mut self.stack);
                                release(it);
                                pc = next + oparg;
                                continue;
                            }
                            None => {}
                        }
                        // A plain generator resumes as a frame of this loop.
                        let gen = match stack.slots().last() {
                            Some(Some(it)) => {
                                generator::resumable_in_loop(self, it, false).cloned()
                            }
                            _ => None,
                        };
                        if let Some(gen) = gen {
                            stack.commit(&mut self.stack);
                            let frame = self.frame_mut();
                            frame.instr = instruction.at as usize;
                            frame.pc = next;
                            self.enter_generator_in_loop(
                                &gen,
                                Value::None,
                                next + oparg,
                                ResumedBy::ForIter,
                            )?;
                            continue 'frame;
                        }
                    }
                    LOAD_GLOBAL if stack.len + 2 <= stack.cap => {
                        let frame = self.frame();
                        if let Some(v) = specialize::load_global(
                            &code,
                            instruction.at as usize,
                            &frame.globals,
                            &frame.builtins,
                            oparg >> 1,
                        ) {
                            if oparg & 1 != 0 {
                                stack.push(None);
                            }
                            stack.push(Some(v));
                            stack.commit(&mut self.stack);
                            pc = next;
                            continue;
                        }
                    }
                    // The rest of the fast tier are the commonest instructions
                    // that call out: `self.stack` is made exact and the frame's
                    // position recorded first, as the slow tier does, and the
                    // registers are reloaded after.
                    LOAD_ATTR => {
                        let at = instruction.at as usize;
                        if let Some(Some(owner)) = stack.slots().last() {
                            let cached = specialize::cached_instance_value(&code, at, owner)
                                .or_else(|| specialize::cached_module_value(&code, at, owner));
                            if let Some(v) = cached {
                                let top = stack.len - 1;
                                stack
                                    .replace_raw(top, RawSlot::from_slot(Some(v)))
                                    .release();
                                pc = next;
                                continue;
                            }
                        }
                        stack.commit(&mut self.stack);
                        self.frame_mut().instr = at;
                        if self.load_attr_op(&code, at, oparg, next)? {
                            continue 'frame;
                        }
                        go_on_after_call_out!(self, stack, pc, next, 'frame);
                    }
                    LOAD_METHOD | STORE_ATTR | BINARY_SUBSCR | STORE_SUBSCR => {
                        let at = instruction.at as usize;
                        if opcode == BINARY_SUBSCR && stack.len >= 2 {
                            let item = match stack.slots() {
                                [.., Some(Value::Obj(c)), Some(Value::Int(i))] => {
                                    abstract_::sequence_item(c, *i).or_else(|| {
                                        crate::objects::str::exact_str_item(self, c, *i)
                                    })
                                }
                                [.., Some(Value::Obj(c)), Some(key)] => {
                                    dict::str_item_without_python(self, c, key)
                                }
                                _ => None,
                            };
                            if let Some(item) = item {
                                let key = stack.pop_raw();
                                let top = stack.len - 1;
                                stack
                                    .replace_raw(top, RawSlot::from_slot(Some(item)))
                                    .release();
                                stack.commit(&mut self.stack);
                                key.release();
                                pc = next;
                                continue;
                            }
                        }
                        if opcode == LOAD_METHOD && stack.has_room() {
                            let method = match stack.slots().last() {
                                Some(Some(owner)) => {
                                    specialize::cached_method_fast(&code, at, owner)
                                }
                                _ => None,
                            };
                            if let Some(method) = method {
                                let top = stack.len - 1;
                                let this = stack.replace_raw(top, RawSlot::from_slot(Some(method)));
                                stack.push_raw(this);
                                stack.commit(&mut self.stack);
                                pc = next;
                                continue;
                            }
                        }
                        if opcode == STORE_ATTR && stack.len >= 2 {
                            let slots = stack.slots();
                            let (below, top) = slots.split_at_mut(slots.len() - 1);
                            let stored = match (&top[0], below.last_mut()) {
                                (Some(owner), Some(slot)) => match slot.take() {
                                    Some(value) => {
                                        match specialize::cached_instance_store(
                                            &code, at, owner, value,
                                        ) {
                                            Ok(old) => Some(old),
                                            Err(value) => {
                                                *slot = Some(value);
                                                None
                                            }
                                        }
                                    }
                                    None => None,
                                },
                                _ => None,
                            };
                            if let Some(old) = stored {
                                // The value moved into the owner: its slot is empty.
                                let owner = stack.pop();
                                stack.len -= 1;
                                stack.commit(&mut self.stack);
                                release(owner);
                                release(old);
                                pc = next;
                                continue;
                            }
                        }
                        stack.commit(&mut self.stack);
                        self.frame_mut().instr = at;
                        match opcode {
                            LOAD_METHOD => self.load_method_op(&code, at, oparg)?,
                            STORE_ATTR => self.store_attr_op(&code, at, oparg)?,
                            BINARY_SUBSCR => self.binary_subscr_op()?,
                            _ => self.store_subscr_op()?,
                        }
                        go_on_after_call_out!(self, stack, pc, next, 'frame);
                    }
                    CALL if !self.eval_breaker_due() => {
                        stack.commit(&mut self.stack);
                        let frame = self.frame_mut();
                        frame.instr = instruction.at as usize;
                        frame.pc = next;
                        // A Python function first (the commonest callee), then a
                        // builtin through its fast entry, then the general paths.
                        let plain = frame.kwnames.is_none();
                        if plain && self.call_python_in_place(oparg)? {
                            continue 'frame;
                        }
                        if plain && !self.use_tracing {
                            if let Some(result) = self.call_native_fast(oparg) {
                                let result = RawSlot::from_slot(Some(result?));
                                // The call took at least the callable and the slot
                                // below it, so the result has room.
                                stack = LiveStack::of(&mut self.stack);
                                stack.push_raw(result);
                                stack.commit(&mut self.stack);
                                pc = next;
                                if self.tracing_started(pc) {
                                    continue 'frame;
                                }
                                continue;
                            }
                        }
                        let pushed = if plain {
                            self.call_other(oparg, true)?
                        } else {
                            self.call_instruction(oparg)?
                        };
                        if pushed {
                            continue 'frame;
                        }
                        if crate::signals::pending() {
                            self.handle_signals()?;
                        }
                        go_on_after_call_out!(self, stack, pc, next, 'frame);
                    }
                    BUILD_TUPLE | BUILD_LIST if stack.len >= oparg && stack.has_room() => {
                        stack.commit(&mut self.stack);
                        let items = self.pop_n(oparg);
                        let built = if opcode == BUILD_TUPLE {
                            self.new_tuple(items)
                        } else {
                            self.new_list(items)
                        };
                        stack = LiveStack::of(&mut self.stack);
                        stack.push(Some(built));
                        stack.commit(&mut self.stack);
                        pc = next;
                        continue;
                    }
                    // Comprehensions' adds may hash and compare in Python.
                    SET_ADD | MAP_ADD if stack.len > oparg + 1 => {
                        stack.commit(&mut self.stack);
                        self.frame_mut().instr = instruction.at as usize;
                        if opcode == SET_ADD {
                            self.set_add_op(oparg)?;
                        } else {
                            self.map_add_op(oparg)?;
                        }
                        go_on_after_call_out!(self, stack, pc, next, 'frame);
                    }
                    // A comprehension's append to its own (exact) list.
                    LIST_APPEND if stack.len > oparg + 1 => {
                        let at = stack.len - 1 - oparg;
                        let list = match &stack.slots()[at] {
                            Some(Value::Obj(list))
                                if std::ptr::eq(list.class_ref(), &*self.types.list) =>
                            {
                                Some(list.clone())
                            }
                            _ => None,
                        };
                        let value = stack.peek_raw(stack.len - 1);
                        if let (Some(list), Some(value)) = (list, value) {
                            if !value.is_empty() && crate::objects::list::append_raw(&list, value) {
                                // The list owns the value's words now: the slot is
                                // let go without releasing them.
                                let _moved = stack.pop_raw();
                                stack.commit(&mut self.stack);
                                pc = next;
                                continue;
                            }
                        }
                    }
                    // `a, b = t` for an exact tuple of the right length.
                    UNPACK_SEQUENCE if stack.len > 0 && stack.len - 1 + oparg <= stack.cap => {
                        let tuple = match stack.slots().last() {
                            Some(Some(Value::Obj(t)))
                                if std::ptr::eq(t.class_ref(), &*self.types.tuple)
                                    && matches!(&t.payload, Payload::Tuple(items) if items.len() == oparg) =>
                            {
                                Some(t.clone())
                            }
                            _ => None,
                        };
                        if let Some(tuple) = tuple {
                            let seq = stack.pop_raw();
                            if let Payload::Tuple(items) = &tuple.payload {
                                for item in items.iter().rev() {
                                    stack.push_raw(RawSlot::of_value(item).share());
                                }
                            }
                            stack.commit(&mut self.stack);
                            drop(tuple);
                            seq.release();
                            pc = next;
                            run_queued_finalizers!(self, stack, pc, 'frame);
                            continue;
                        }
                    }
                    // An iterator over an exact list, tuple or range of small ints.
                    GET_ITER => {
                        // A generator (of the exact class: no `__iter__` of a
                        // subclass) is its own iterator: nothing to do.
                        if let Some(Some(Value::Obj(o))) = stack.slots().last() {
                            if std::ptr::eq(o.class_ref(), &*self.types.generator) {
                                pc = next;
                                continue;
                            }
                        }
                        let it = match stack.slots().last() {
                            Some(Some(v)) => crate::objects::iter::builtin_iter_in_place(self, v),
                            _ => None,
                        };
                        if let Some(it) = it {
                            let top = stack.len - 1;
                            let iterable = stack.replace_raw(top, RawSlot::from_slot(Some(it)));
                            stack.commit(&mut self.stack);
                            iterable.release();
                            pc = next;
                            run_queued_finalizers!(self, stack, pc, 'frame);
                            continue;
                        }
                    }
                    YIELD_VALUE => {
                        stack.commit(&mut self.stack);
                        let frame = self.frame_mut();
                        frame.instr = instruction.at as usize;
                        frame.pc = next;
                        let value = pop!(self);
                        let frame = self.frame();
                        if !frame.is_entry && frame.generator.is_some() {
                            self.yield_to_for_iter(value);
                            continue 'frame;
                        }
                        if self.drain.frame == self.frames.len() - 1
                            && (self.drain.accept)(&value)
                            && self.drain.sink.len() < self.drain.limit
                            && self.drain.sink.try_reserve(1).is_ok()
                        {
                            // A drained generator (`list(gen)`): the value is
                            // collected, and None sent back at once.
                            self.drain.sink.push(value);
                            self.push(Value::None);
                            continue 'frame;
                        }
                        return Ok(Flow::Yield(value));
                    }
                    RETURN_VALUE => {
                        let frame = self.frame();
                        let leaves_loop = frame.is_entry && frame.generator.is_none();
                        if leaves_loop {
                            // Back to the Rust caller that pushed the frame.
                            if let Some(Some(_)) = stack.slots().last() {
                                let value = stack.pop();
                                stack.commit(&mut self.stack);
                                if let Some(value) = value {
                                    return Ok(Flow::Return(value));
                                }
                            }
                        }
                        // An `__init__` leaves the instance below it, when it
                        // returns None; a comparison method, the comparison's result.
                        let frame = self.frame();
                        let on_return = frame.on_return;
                        if !frame.is_entry && frame.generator.is_none() {
                            let returns_instance = on_return == OnReturn::Instance;
                            if on_return == OnReturn::Value
                                || returns_instance
                                    && matches!(stack.slots().last(), Some(Some(Value::None)))
                            {
                                let value = stack.pop();
                                stack.commit(&mut self.stack);
                                self.return_in_loop(
                                    value,
                                    returns_instance,
                                    instruction.at as usize,
                                );
                                continue 'frame;
                            }
                            if let OnReturn::Comparison { op, negate } = on_return {
                                let value = stack.pop().unwrap_or(Value::None);
                                stack.commit(&mut self.stack);
                                self.frame_mut().instr = instruction.at as usize;
                                self.return_comparison(value, op, negate)?;
                                continue 'frame;
                            }
                        }
                    }
                    _ => {}
                }
                match self.execute_instruction(&code, base, instruction)? {
                    Step::Next(to) => pc = to,
                    Step::Switch => continue 'frame,
                    Step::Leave(flow) => return Ok(flow),
                }
                stack = LiveStack::of(&mut self.stack);
                if self.tracing_started(pc) {
                    continue 'frame;
                }
            }
        }
    }

    /// Whether code the fast tier called out to started tracing: the frame then
    /// goes on at `pc` in the traced loop.
    #[inline(always)]
    fn tracing_started(&mut self, pc: usize) -> bool {
        if self.use_tracing {
            self.frame_mut().pc = pc;
        }
        self.use_tracing
    }

    #[cold]
    fn ran_off_the_end(&mut self) -> PyErr {
        self.new_error(Exc::SystemError, "bytecode ran off the end of the code")
    }

    /// The slow tier: one instruction, any opcode, run on `self.stack` as it is
    /// (the fast tier committed its registers first). Records where the frame is
    /// (`instr`) before anything can raise or look at the frame.
    ///
    /// One arm per opcode, its stack effect in a `// (in -- out)` comment above it
    /// (checked against `dis.stack_effect` by `tests/stack_comments.rs`). Arms try the
    /// unboxed case first and leave the rest to `abstract_`.
    #[inline(never)]
    fn execute_instruction(
        &mut self,
        code: &Rc<CodeData>,
        base: usize,
        instruction: &Instruction,
    ) -> PyResult<Step> {
        use Opcode::*;
        let opcode = instruction.opcode;
        let mut pc = instruction.next as usize;
        let at = instruction.at as usize;
        if self.use_tracing {
            if let Some(target) = self.trace_instruction(at, opcode)? {
                return Ok(Step::Next(target));
            }
        }
        self.frame_mut().instr = at;
        let oparg = instruction.arg as usize;
        match opcode {
            // (--)
            NOP | RESUME | CACHE => {}
            // (value --)
            POP_TOP => {
                release(self.stack.pop().flatten());
                // An expression statement's result may have been the last
                // reference (a coroutine never awaited, a file object).
                self.finalize_released();
            }
            // (-- null)
            PUSH_NULL => self.stack.push(None),
            // (value, above[oparg - 1] -- value, above[oparg - 1], value)
            COPY => {
                let v = self.stack[self.stack.len() - oparg].clone();
                self.stack.push(v);
            }
            // (bottom, between[oparg - 2], top -- top, between[oparg - 2], bottom)
            SWAP => {
                let len = self.stack.len();
                self.stack.swap(len - 1, len - oparg);
            }

            // Locals, cells and constants.
            // (-- value)
            LOAD_FAST => match &self.stack[base + oparg] {
                Some(v) => {
                    let v = v.clone();
                    self.stack.push(Some(v));
                }
                None => return Err(self.unbound_local_error(oparg)),
            },
            // (value --)
            STORE_FAST => {
                let v = self.stack.pop().flatten();
                release(std::mem::replace(&mut self.stack[base + oparg], v));
            }
            // (--)
            DELETE_FAST => {
                if self.stack[base + oparg].take().is_none() {
                    return Err(self.unbound_local_error(oparg));
                }
                self.finalize_released();
            }
            // (-- value)
            LOAD_CONST => self.stack.push(Some(code.consts()[oparg].clone())),
            // (--)
            MAKE_CELL => self.make_cell(base + oparg),
            // (--)
            COPY_FREE_VARS => self.copy_free_vars(oparg)?,
            // (-- cell)
            LOAD_CLOSURE => {
                let cell = self.stack[base + oparg].clone().flatten_value();
                self.push(cell);
            }
            // (-- value)
            LOAD_DEREF => {
                let v = self.load_deref(oparg)?;
                self.push(v);
            }
            // (-- value)
            LOAD_CLASSDEREF => {
                let v = self.load_classderef(oparg)?;
                self.push(v);
            }
            // (value --)
            STORE_DEREF => {
                let v = pop!(self);
                let cell = self.cell_at(oparg);
                if let Payload::Cell(c) = &cell.payload {
                    *c.borrow_mut() = Some(v);
                }
            }
            // (--)
            DELETE_DEREF => {
                let cell = self.cell_at(oparg);
                let old = match &cell.payload {
                    Payload::Cell(c) => c.borrow_mut().take(),
                    _ => None,
                };
                if old.is_none() {
                    return Err(self.unbound_deref_error(oparg));
                }
                drop(old);
                self.finalize_released();
            }

            // Globals and names.
            // (-- null if oparg & 1, value)
            LOAD_GLOBAL => {
                if oparg & 1 != 0 {
                    self.stack.push(None);
                }
                let name = &code.names[oparg >> 1];
                let frame = self.frame();
                let (globals, builtins) = (&frame.globals, &frame.builtins);
                let v = match specialize::load_global(code, at, globals, builtins, oparg >> 1) {
                    Some(v) => v,
                    None => self.load_global(name)?,
                };
                self.push(v);
            }
            // (value --)
            STORE_GLOBAL => {
                let name = Value::Obj(code.names[oparg].clone());
                let v = pop!(self);
                let globals = self.frame().globals.clone();
                dict::dict_set_item(self, &globals, name, v)?;
                self.finalize_released();
            }
            // (--)
            DELETE_GLOBAL => {
                let name = &code.names[oparg];
                let globals = self.frame().globals.clone();
                if dict::dict_del_item(self, &globals, &Value::Obj(name.clone()))?.is_none() {
                    return Err(self.name_error(name));
                }
                self.finalize_released();
            }
            // (-- value)
            LOAD_NAME => {
                let v = self.load_name(&code.names[oparg])?;
                self.push(v);
            }
            // (value --)
            STORE_NAME => {
                let name = Value::Obj(code.names[oparg].clone());
                let v = pop!(self);
                let Some(locals) = self.frame().locals.clone() else {
                    return Err(
                        self.new_error(Exc::SystemError, "no locals found when storing name")
                    );
                };
                abstract_::setitem(self, &locals, name, v)?;
                self.finalize_released();
            }
            // (--)
            DELETE_NAME => {
                self.delete_name(&code.names[oparg])?;
                self.finalize_released();
            }

            // Attributes.
            // (owner -- attr)
            LOAD_ATTR => {
                if self.load_attr_op(code, at, oparg, pc)? {
                    return Ok(Step::Switch);
                }
            }
            // (owner -- NULL | meth, attr | self)
            LOAD_METHOD => self.load_method_op(code, at, oparg)?,
            // (value, owner --)
            STORE_ATTR => self.store_attr_op(code, at, oparg)?,
            // (owner --)
            DELETE_ATTR => {
                let owner = pop!(self);
                abstract_::setattr(self, &owner, &code.names[oparg], None)?;
                drop(owner);
                self.finalize_released();
            }

            // Subscripts.
            // (container, sub -- res)
            BINARY_SUBSCR => self.binary_subscr_op()?,
            // (value, container, sub --)
            STORE_SUBSCR => self.store_subscr_op()?,
            // (container, sub --)
            DELETE_SUBSCR => {
                let sub = pop!(self);
                let container = pop!(self);
                abstract_::delitem(self, &container, &sub)?;
                drop((container, sub));
                self.finalize_released();
            }

            // Operators.
            // (left, right -- res)
            BINARY_OP => self.binary_op_general(oparg, pc)?,
            // (left, right -- res)
            COMPARE_OP => self.compare_op(oparg)?,
            // (left, right -- bool)
            IS_OP => {
                let right = pop!(self);
                let left = pop!(self);
                self.push(Value::Bool(left.is(&right) != (oparg == 1)));
            }
            // (item, container -- bool)
            CONTAINS_OP => {
                let container = pop!(self);
                let item = pop!(self);
                let found = abstract_::contains(self, &container, &item)?;
                self.push(Value::Bool(found != (oparg == 1)));
            }
            // (value -- bool)
            UNARY_NOT => {
                let v = pop!(self);
                let truth = abstract_::is_true(self, &v)?;
                self.push(Value::Bool(!truth));
            }
            // (value -- res)
            UNARY_NEGATIVE | UNARY_POSITIVE | UNARY_INVERT => {
                let v = pop!(self);
                let r = abstract_::unary_op(self, &v, opcode)?;
                self.push(r);
            }

            // Jumps: arguments count code units from the next instruction.
            // (--)
            JUMP_FORWARD => pc += oparg,
            // (--)
            JUMP_BACKWARD | JUMP_BACKWARD_NO_INTERRUPT => {
                pc = pc.saturating_sub(oparg);
                self.check_eval_breaker()?;
            }
            // (cond --)
            POP_JUMP_FORWARD_IF_FALSE
            | POP_JUMP_FORWARD_IF_TRUE
            | POP_JUMP_BACKWARD_IF_FALSE
            | POP_JUMP_BACKWARD_IF_TRUE => {
                let truth = self.pop_truth()?;
                let want = matches!(opcode, POP_JUMP_FORWARD_IF_TRUE | POP_JUMP_BACKWARD_IF_TRUE);
                if truth == want {
                    pc = conditional_jump_target(opcode, pc, oparg);
                    if matches!(
                        opcode,
                        POP_JUMP_BACKWARD_IF_FALSE | POP_JUMP_BACKWARD_IF_TRUE
                    ) {
                        self.check_eval_breaker()?;
                    }
                }
            }
            // (value --)
            POP_JUMP_FORWARD_IF_NONE
            | POP_JUMP_FORWARD_IF_NOT_NONE
            | POP_JUMP_BACKWARD_IF_NONE
            | POP_JUMP_BACKWARD_IF_NOT_NONE => {
                let v = pop!(self);
                let want_none =
                    matches!(opcode, POP_JUMP_FORWARD_IF_NONE | POP_JUMP_BACKWARD_IF_NONE);
                if v.is_none() == want_none {
                    pc = conditional_jump_target(opcode, pc, oparg);
                    if matches!(
                        opcode,
                        POP_JUMP_BACKWARD_IF_NONE | POP_JUMP_BACKWARD_IF_NOT_NONE
                    ) {
                        self.check_eval_breaker()?;
                    }
                }
            }
            // (cond --), or when jumping (cond -- cond)
            JUMP_IF_FALSE_OR_POP | JUMP_IF_TRUE_OR_POP => {
                let v = self.top();
                let truth = abstract_::is_true(self, &v)?;
                if truth == (opcode == JUMP_IF_TRUE_OR_POP) {
                    pc += oparg;
                } else {
                    self.stack.pop();
                }
            }

            // Iteration.
            // (iterable -- iter)
            GET_ITER => {
                let v = pop!(self);
                let it = abstract_::get_iter(self, &v)?;
                self.push(it);
            }
            // (iterable -- iter)
            GET_YIELD_FROM_ITER => {
                let v = self.top();
                let class = self.type_of(&v);
                if Rc::ptr_eq(&class, &self.types.coroutine) {
                    // Only a coroutine (or a `types.coroutine` generator) may
                    // delegate to a coroutine.
                    let flags = code.code.flags;
                    let awaits = krait_bytecode::CodeFlags::COROUTINE
                        | krait_bytecode::CodeFlags::ITERABLE_COROUTINE;
                    if flags & awaits == 0 {
                        return Err(self.new_type_error(
                            "cannot 'yield from' a coroutine object in a non-coroutine generator"
                                .to_owned(),
                        ));
                    }
                } else if !Rc::ptr_eq(&class, &self.types.generator) {
                    let it = abstract_::get_iter(self, &v)?;
                    self.stack.pop();
                    self.push(it);
                }
            }
            // (iter -- iter, next), or when exhausted (iter --) and jump past the loop
            // (Lists, tuples and ranges step in place in the fast tier.)
            FOR_ITER => {
                let it = self.top();
                // A plain generator runs as a frame of this loop (3.12's
                // `FOR_ITER_GEN`): its yield comes back here as a value.
                if let Some(gen) = generator::resumable_in_loop(self, &it, false) {
                    self.frame_mut().pc = pc;
                    self.enter_generator_in_loop(gen, Value::None, pc + oparg, ResumedBy::ForIter)?;
                    return Ok(Step::Switch);
                }
                match abstract_::iter_next(self, &it)? {
                    Some(v) => self.push(v),
                    None => {
                        self.stack.pop();
                        pc += oparg;
                    }
                }
            }

            // Building and unpacking.
            // (values[oparg] -- tuple)
            BUILD_TUPLE => {
                let items = self.pop_n(oparg);
                let t = self.new_tuple(items);
                self.push(t);
            }
            // (values[oparg] -- list)
            BUILD_LIST => {
                let items = self.pop_n(oparg);
                let l = self.new_list(items);
                self.push(l);
            }
            // (values[oparg] -- set)
            BUILD_SET => {
                let items = self.pop_n(oparg);
                let s = crate::objects::set::new_set(self, items)?;
                self.push(s);
            }
            // (keys_and_values[oparg * 2] -- dict)
            BUILD_MAP => {
                let items = self.pop_n(oparg * 2);
                let d = self.new_dict();
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    dict::dict_set_item(self, &d, k, v)?;
                }
                self.push(Value::Obj(d));
            }
            // (values[oparg], keys -- dict)
            BUILD_CONST_KEY_MAP => {
                let keys = pop!(self);
                let values = self.pop_n(oparg);
                let d = self.new_dict();
                let keys = abstract_::tuple_items(&keys).unwrap_or_default();
                for (k, v) in keys.into_iter().zip(values) {
                    dict::dict_set_item(self, &d, k, v)?;
                }
                self.push(Value::Obj(d));
            }
            // (pieces[oparg] -- str)
            BUILD_STRING => {
                let parts = self.pop_n(oparg);
                let mut s = crate::objects::str::StrBuf::new();
                for p in &parts {
                    if let Some(part) = crate::objects::str::as_pystr(p) {
                        s.push_pystr(part);
                    }
                }
                let v = self.new_text(s);
                self.push(v);
            }
            // (start, stop, step if oparg == 3 -- slice)
            BUILD_SLICE => {
                let step = if oparg == 3 { pop!(self) } else { Value::None };
                let stop = pop!(self);
                let start = pop!(self);
                let s = PyObject::new(
                    self.types.slice.clone(),
                    Payload::Slice { start, stop, step },
                );
                self.push(Value::Obj(s));
            }
            // (list, unused[oparg - 1], value -- list, unused[oparg - 1])
            LIST_APPEND => {
                let v = pop!(self);
                let list = self.peek(oparg).unwrap_or(Value::None);
                crate::objects::list::list_append(self, &list, v)?;
            }
            // (set, unused[oparg - 1], value -- set, unused[oparg - 1])
            SET_ADD => self.set_add_op(oparg)?,
            // (dict, unused[oparg - 1], key, value -- dict, unused[oparg - 1])
            MAP_ADD => self.map_add_op(oparg)?,
            // (list, unused[oparg - 1], iterable -- list, unused[oparg - 1])
            LIST_EXTEND => {
                let iterable = pop!(self);
                let list = self.peek(oparg).unwrap_or(Value::None);
                self.list_extend_op(&list, &iterable)?;
            }
            // (set, unused[oparg - 1], iterable -- set, unused[oparg - 1])
            SET_UPDATE => {
                let iterable = pop!(self);
                let set = self.peek(oparg).unwrap_or(Value::None);
                crate::objects::set::set_update(self, &set, &iterable)?;
            }
            // (dict, unused[oparg - 1], update -- dict, unused[oparg - 1])
            DICT_UPDATE | DICT_MERGE => {
                let update = pop!(self);
                let target = self.peek(oparg).unwrap_or(Value::None);
                self.dict_update_op(opcode, &target, &update, oparg)?;
            }
            // (list -- tuple)
            LIST_TO_TUPLE => {
                let list = pop!(self);
                let items = abstract_::list_items(&list).unwrap_or_default();
                let t = self.new_tuple(items);
                self.push(t);
            }
            // (seq -- values[oparg])
            UNPACK_SEQUENCE => {
                let seq = pop!(self);
                self.unpack_sequence(&seq, oparg)?;
            }
            // (seq -- before[oparg & 0xff], rest, after[oparg >> 8])
            UNPACK_EX => {
                let seq = pop!(self);
                self.unpack_starred(&seq, oparg & 0xff, oparg >> 8)?;
            }
            // (value, spec if oparg & 4 -- str)
            FORMAT_VALUE => {
                let spec = if oparg & 4 != 0 {
                    Some(pop!(self))
                } else {
                    None
                };
                let value = pop!(self);
                let formatted = self.format_value(value, spec.as_ref(), oparg & 3)?;
                self.push(formatted);
            }

            // Calls.
            // (--)
            KW_NAMES => self.frame_mut().kwnames = Some(code.consts()[oparg].clone()),
            // (--), leaving the callable and its arguments to CALL
            PRECALL => {}
            // (NULL | meth, callable | self, args[oparg] -- res)
            CALL => {
                self.check_eval_breaker()?;
                self.frame_mut().pc = pc;
                if self.call_instruction(oparg)? {
                    return Ok(Step::Switch);
                }
                // A signal that came during a call into Rust (`os.kill` of
                // this process, say) is handled before the next instruction.
                if crate::signals::pending() {
                    self.handle_signals()?;
                }
            }
            // (NULL, func, callargs, kwargs if oparg & 1 -- res)
            CALL_FUNCTION_EX => {
                let kwargs = if oparg & 1 != 0 {
                    Some(pop!(self))
                } else {
                    None
                };
                let callargs = pop!(self);
                let func = pop!(self);
                self.stack.pop(); // the NULL below the callable
                let args = self.collect_call_ex_args(&func, &callargs, kwargs)?;
                let result = if self.use_tracing && self.is_traced_builtin(&func, args.pos.len()) {
                    self.call_builtin_profiled(&func, args)?
                } else {
                    self.call(&func, args)?
                };
                self.push(result);
            }
            // (defaults if oparg & 1, kwdefaults if oparg & 2, annotations if oparg & 4,
            //  closure if oparg & 8, code -- func)
            MAKE_FUNCTION => {
                let f = crate::objects::function::make_function(self, oparg)?;
                self.push(f);
            }
            // (value --) and return it to the caller
            RETURN_VALUE => {
                let value = pop!(self);
                if self.use_tracing {
                    self.trace_function_exit(&value)?;
                }
                let frame = self.frame();
                if frame.is_entry {
                    return Ok(Step::Leave(Flow::Return(value)));
                }
                if frame.generator.is_some() {
                    self.return_to_resumer(value)?;
                    return Ok(Step::Switch);
                }
                match frame.on_return {
                    OnReturn::Value => {
                        self.pop_returning_frame();
                        self.push(value);
                    }
                    OnReturn::Instance => {
                        self.pop_returning_frame();
                        if !value.is_none() {
                            return Err(self.new_type_error(format!(
                                "__init__() should return None, not '{}'",
                                self.type_name_of(&value)
                            )));
                        }
                    }
                    OnReturn::Comparison { op, negate } => {
                        self.return_comparison(value, op, negate)?
                    }
                }
                return Ok(Step::Switch);
            }
            // (--) and return a new generator that holds this frame
            RETURN_GENERATOR => {
                self.frame_mut().pc = pc;
                let gen = crate::objects::generator::make_generator(self)?;
                return Ok(Step::Leave(Flow::Return(gen)));
            }
            // (value -- sent): the frame suspends with value; resuming pushes what was sent
            YIELD_VALUE => {
                self.frame_mut().pc = pc;
                let value = pop!(self);
                if self.use_tracing {
                    self.trace_function_exit(&value)?;
                    self.jump_from_yield();
                }
                let frame = self.frame();
                if !frame.is_entry && frame.generator.is_some() {
                    self.yield_to_for_iter(value);
                    return Ok(Step::Switch);
                }
                return Ok(Step::Leave(Flow::Yield(value)));
            }
            // (receiver, value -- receiver, yielded), or when the receiver finishes
            // (receiver, value -- res) and jump
            SEND => {
                // A generator or coroutine runs as a frame of this loop (3.12's
                // `SEND_GEN`): its yield comes back here as the value to yield on,
                // its return as the value of the `yield from` or `await`.
                let gen = match self.stack.len().checked_sub(2) {
                    Some(at) if !self.use_tracing => match &self.stack[at] {
                        Some(receiver) => {
                            generator::resumable_in_loop(self, receiver, true).cloned()
                        }
                        None => None,
                    },
                    _ => None,
                };
                if let Some(gen) = gen {
                    let value = pop!(self);
                    let by_next =
                        value.is_none() && !std::ptr::eq(gen.class_ref(), &*self.types.coroutine);
                    self.frame_mut().pc = pc;
                    let by = ResumedBy::Send { by_next };
                    self.enter_generator_in_loop(&gen, value, pc + oparg, by)?;
                    return Ok(Step::Switch);
                }
                if self.send_to_receiver()? {
                    pc += oparg;
                }
            }

            // Exceptions.
            // (exc -- prev_exc, exc)
            PUSH_EXC_INFO => {
                let exc = pop!(self);
                let previous = self.handled_exception.take().unwrap_or(Value::None);
                self.push(previous);
                self.handled_exception = Some(exc.clone());
                self.push(exc);
            }
            // (prev_exc --)
            POP_EXCEPT => {
                let previous = pop!(self);
                self.handled_exception = (!previous.is_none()).then_some(previous);
            }
            // (exc, classes -- rest, match)
            CHECK_EG_MATCH => {
                let classes = pop!(self);
                let exc = pop!(self);
                let (rest, matched) =
                    crate::objects::exception_group::check_eg_match(self, &exc, &classes)?;
                if !matched.is_none() {
                    self.handled_exception = Some(matched.clone());
                }
                self.push(rest);
                self.push(matched);
            }
            // (orig, excs -- exc_to_raise)
            PREP_RERAISE_STAR => {
                let excs = pop!(self);
                let orig = pop!(self);
                let r = crate::objects::exception_group::prep_reraise_star(self, &orig, &excs)?;
                self.push(r);
            }
            // (exc, class -- exc, bool)
            CHECK_EXC_MATCH => {
                let class = pop!(self);
                let exc = self.top();
                let matches = exceptions::exception_matches(self, &exc, &class)?;
                self.push(Value::Bool(matches));
            }
            // (values[oparg], exc -- values[oparg]) and raise exc; values[0] is lasti
            RERAISE => {
                if oparg != 0 {
                    if let Some(Value::Int(lasti)) = self.peek(oparg + 1) {
                        self.frame_mut().restored_lasti = u32::try_from(lasti).ok();
                    }
                }
                let exc = pop!(self);
                let err = exceptions::as_error(self, exc);
                self.reraising = true;
                return Err(err);
            }
            // (args[oparg] --) and raise
            RAISE_VARARGS => return Err(self.raise_varargs(oparg)),
            // (-- AssertionError)
            LOAD_ASSERTION_ERROR => {
                let class = self.exc(Exc::AssertionError).clone();
                self.push(Value::Obj(class));
            }

            // With statements.
            // (mgr -- exit, res)
            BEFORE_WITH => {
                let mgr = pop!(self);
                self.frame_mut().pc = pc;
                if self.before_with(mgr)? {
                    return Ok(Step::Switch);
                }
            }
            // (exit, lasti, prev_exc, exc -- exit, lasti, prev_exc, exc, res)
            WITH_EXCEPT_START => {
                let exc = self.top();
                let exit = self.peek(4).unwrap_or(Value::None);
                let class = Value::Obj(self.type_of(&exc));
                let tb = exceptions::traceback_of(&exc);
                let res = self.call(&exit, Args::new(vec![class, exc, tb]))?;
                self.push(res);
            }

            // Classes, modules and the REPL.
            // (-- build_class)
            LOAD_BUILD_CLASS => {
                let builtins = self.frame().builtins.clone();
                match dict::dict_get_str(&builtins, "__build_class__") {
                    Some(v) => self.push(v),
                    None => return Err(self.new_error(Exc::NameError, "__build_class__ not found")),
                }
            }
            // (--)
            SETUP_ANNOTATIONS => self.setup_annotations()?,
            // (level, fromlist -- module)
            IMPORT_NAME => {
                let fromlist = pop!(self);
                let level = pop!(self);
                let module =
                    crate::import::import_name(self, &code.names[oparg], &fromlist, &level)?;
                self.push(module);
            }
            // (module -- module, attr)
            IMPORT_FROM => {
                let module = self.top();
                let v = crate::import::import_from(self, &module, &code.names[oparg])?;
                self.push(v);
            }
            // (module --)
            IMPORT_STAR => {
                let module = pop!(self);
                crate::import::import_star(self, &module)?;
            }
            // (value --)
            PRINT_EXPR => {
                let v = pop!(self);
                crate::sys::displayhook(self, v)?;
            }

            // Coroutines and async.
            // (value -- awaitable_iter)
            GET_AWAITABLE => {
                let v = pop!(self);
                let it = match crate::objects::generator::get_awaitable(self, &v) {
                    Err(err) if oparg != 0 => Err(
                        crate::objects::generator::async_with_await_error(self, &v, oparg, err),
                    ),
                    other => other,
                }?;
                self.push(it);
            }
            // (mgr -- aexit, aenter_res)
            BEFORE_ASYNC_WITH => {
                let mgr = pop!(self);
                let (exit, res) = self.before_async_with(&mgr)?;
                self.push(exit);
                self.push(res);
            }
            // (aiterable -- aiterator)
            GET_AITER => {
                let obj = pop!(self);
                let it = self.get_aiter(&obj)?;
                self.push(it);
            }
            // (aiterator -- aiterator, awaitable)
            GET_ANEXT => {
                let it = self.top();
                let awaitable = self.get_anext(&it)?;
                self.push(awaitable);
            }
            // (aiterator, exc --) on StopAsyncIteration; anything else is re-raised
            END_ASYNC_FOR => {
                let exc = pop!(self);
                if self.isinstance(&exc, &self.exc(Exc::StopAsyncIteration).clone()) {
                    self.stack.pop();
                } else {
                    let err = exceptions::as_error(self, exc);
                    self.reraising = true;
                    return Err(err);
                }
            }

            // Pattern matching.
            // (subject -- subject, bool)
            MATCH_MAPPING | MATCH_SEQUENCE => {
                let subject = self.top();
                let r = if opcode == MATCH_MAPPING {
                    crate::pattern::is_mapping(self, &subject)
                } else {
                    crate::pattern::is_sequence(self, &subject)
                };
                self.push(Value::Bool(r));
            }
            // (subject, keys -- subject, keys, values_or_none)
            MATCH_KEYS => {
                let keys = self.top();
                let subject = self.peek(2).unwrap_or(Value::None);
                let r = crate::pattern::match_keys(self, &subject, &keys)?;
                self.push(r);
            }
            // (subject, cls, names -- attrs_or_none)
            MATCH_CLASS => {
                let names = pop!(self);
                let class = pop!(self);
                let subject = pop!(self);
                let r = crate::pattern::match_class(self, &subject, &class, oparg, &names)?;
                self.push(r);
            }
            // (obj -- obj, len)
            GET_LEN => {
                let v = self.top();
                let n = abstract_::len(self, &v)?;
                self.push(Value::Int(n as i64));
            }

            // (value -- wrapped): an async generator's own yield, told apart from
            // the values its awaits pass up.
            ASYNC_GEN_WRAP => {
                let v = pop!(self);
                let wrapped = crate::objects::async_generator::wrap(self, v);
                self.push(wrapped);
            }

            // EXTENDED_ARG is folded into the instruction it prefixes when code is
            // loaded (a byte that is no opcode reads as one), and the specialised
            // forms are never written into code.
            _ => {
                let byte = code.code.code[at * 2];
                if krait_bytecode::Opcode::from_u8(byte).is_none() {
                    return Err(self.new_error(Exc::SystemError, format!("unknown opcode {byte}")));
                }
                return Err(self.new_error(
                    Exc::SystemError,
                    format!("opcode {} is not supported yet", opcode.name()),
                ));
            }
        }
        Ok(Step::Next(pc))
    }

    /// After a statement that let go of a reference (`del x`, rebinding a name): the
    /// finalisers and weak-reference callbacks of what died run now, as CPython's
    /// would when the count reached zero, rather than at the next call.
    #[inline(always)]
    fn finalize_released(&mut self) {
        if self.finalizers.is_pending() {
            self.run_finalizers();
        }
    }

    /// The one periodic check, at backward jumps and calls (CPython's eval breaker):
    /// signal handlers run, queued finalizers run and the cycle collector gets its
    /// turn.
    #[inline(always)]
    fn check_eval_breaker(&mut self) -> PyResult<()> {
        if crate::signals::pending() {
            self.handle_signals()?;
        }
        if self.finalizers.is_pending() {
            self.run_finalizers();
        }
        self.maybe_collect();
        Ok(())
    }

    /// Whether the eval breaker has anything to do: the fast tier's backward jumps
    /// leave it to the slow tier then.
    #[inline(always)]
    fn eval_breaker_due(&self) -> bool {
        crate::signals::pending() || self.finalizers.is_pending() || self.gc.is_due()
    }

    /// Pops a condition and tests its truth; a bool is read where it lies, unmoved.
    #[inline(always)]
    fn pop_truth(&mut self) -> PyResult<bool> {
        if let Some(Some(Value::Bool(b))) = self.stack.last() {
            let b = *b;
            // A bool owns nothing: forgetting it saves its drop.
            std::mem::forget(self.stack.pop());
            return Ok(b);
        }
        let cond = pop!(self);
        abstract_::is_true(self, &cond)
    }

    /// `s = s + t` / `s += t` where the next instruction stores back into the local
    /// holding `s`: if that local and the stack hold the only references, `s` grows
    /// in place instead of being copied (CPython's `unicode_concatenate`), which keeps
    /// string building in a loop linear.
    fn concat_in_place(&mut self, next: usize) -> bool {
        let frame = self.frames.last().expect("the loop runs only with a frame");
        let code = &frame.code.code.code;
        if code.get(next * 2) != Some(&(Opcode::STORE_FAST as u8)) {
            return false;
        }
        let slot = frame.base + code[next * 2 + 1] as usize;
        let len = self.stack.len();
        let (Some(Value::Obj(left)), Some(Value::Obj(right))) =
            (&self.stack[len - 2], &self.stack[len - 1])
        else {
            return false;
        };
        let exact_str =
            |o: &ObjRef| o.str_data().is_some() && Rc::ptr_eq(&o.class(), &self.types.str);
        if !exact_str(left) || !exact_str(right) {
            return false;
        }
        if !matches!(&self.stack[slot], Some(Value::Obj(local)) if Rc::ptr_eq(local, left)) {
            return false;
        }
        // The local gives up its reference; the store that follows puts the result back.
        let saved = self.stack[slot].take();
        let Some(Some(Value::Obj(mut left))) = self.stack.get_mut(len - 2).map(Option::take) else {
            self.stack[slot] = saved;
            return false;
        };
        drop(saved);
        let right = self.stack.pop().flatten();
        let Some(Value::Obj(right)) = right else {
            unreachable!("checked to be a str above");
        };
        let tail = right.str_data().expect("checked to be a str above");
        match Rc::get_mut(&mut left) {
            Some(obj) => {
                if let Payload::Str(s) = &mut obj.payload {
                    s.append(tail);
                }
                self.stack[len - 2] = Some(Value::Obj(left));
            }
            None => {
                // Someone else holds the str too: make a new one.
                let head = left.str_data().expect("checked to be a str above");
                self.stack[len - 2] = Some(self.new_pystr(head.concat(tail)));
            }
        }
        true
    }

    fn local_slot(&self, index: usize) -> usize {
        self.frame().base + index
    }

    /// `LOAD_CLASSDEREF`: a class body reads a free variable from its namespace first.
    fn load_classderef(&mut self, index: usize) -> PyResult<Value> {
        let name = self.frame().code.localsplus_names[index].clone();
        let found = match self.frame().locals.clone() {
            Some(locals) => abstract_::mapping_get_optional(self, &locals, &Value::Obj(name))?,
            None => None,
        };
        match found {
            Some(v) => Ok(v),
            None => self.load_deref(index),
        }
    }

    /// `DELETE_NAME`: a missing name is a `NameError`, not the mapping's `KeyError`.
    fn delete_name(&mut self, name: &ObjRef) -> PyResult<()> {
        let Some(locals) = self.frame().locals.clone() else {
            return Err(self.new_error(Exc::SystemError, "no locals when deleting name"));
        };
        match abstract_::delitem(self, &locals, &Value::Obj(name.clone())) {
            Err(err) if self.err_matches(&err, Exc::KeyError) => Err(self.name_error(name)),
            other => other,
        }
    }

    /// `UNPACK_SEQUENCE`: pushes `count` items of `seq`, the first on top. Exact tuples
    /// and lists of the right length unpack without a copy.
    fn unpack_sequence(&mut self, seq: &Value, count: usize) -> PyResult<()> {
        if let Value::Obj(o) = seq {
            let exact = !crate::objects::typeobject::type_data(&o.class()).heap;
            match &o.payload {
                Payload::Tuple(items) if exact && items.len() == count => {
                    self.stack.extend(items.iter().rev().cloned().map(Some));
                    return Ok(());
                }
                Payload::List(items) if exact && items.borrow().len() == count => {
                    let items = items.borrow();
                    self.stack.extend(items.iter().rev().cloned().map(Some));
                    return Ok(());
                }
                _ => {}
            }
        }
        let items = abstract_::unpack(self, seq, count, None)?;
        self.stack.extend(items.into_iter().rev().map(Some));
        Ok(())
    }

    /// `UNPACK_EX`: pushes `after` items of `seq` from its end, a list of those
    /// between, and `before` from its start, the first on top. Exact tuples and
    /// lists long enough are read in place.
    fn unpack_starred(&mut self, seq: &Value, before: usize, after: usize) -> PyResult<()> {
        if let Value::Obj(o) = seq {
            let exact = !crate::objects::typeobject::type_data(&o.class()).heap;
            let push_parts = |vm: &mut Vm, items: &[Value]| {
                let middle = vm.new_list(items[before..items.len() - after].to_vec());
                vm.stack
                    .extend(items[items.len() - after..].iter().rev().cloned().map(Some));
                vm.stack.push(Some(middle));
                vm.stack
                    .extend(items[..before].iter().rev().cloned().map(Some));
            };
            match &o.payload {
                Payload::Tuple(items) if exact && items.len() >= before + after => {
                    push_parts(self, items);
                    return Ok(());
                }
                Payload::List(items) if exact && items.borrow().len() >= before + after => {
                    let items = items.borrow().clone();
                    push_parts(self, &items);
                    return Ok(());
                }
                _ => {}
            }
        }
        let items = abstract_::unpack(self, seq, before, Some(after))?;
        self.stack.extend(items.into_iter().rev().map(Some));
        Ok(())
    }

    /// `FORMAT_VALUE`: converts `value` (`!s`, `!r`, `!a` for 1, 2, 3), then formats it.
    fn format_value(
        &mut self,
        value: Value,
        spec: Option<&Value>,
        conversion: usize,
    ) -> PyResult<Value> {
        let converted = match conversion {
            1 => abstract_::str_(self, &value)?,
            2 => abstract_::repr(self, &value)?,
            3 => abstract_::ascii(self, &value)?,
            _ => value,
        };
        abstract_::format(self, &converted, spec)
    }

    /// `LIST_EXTEND`: `[*x]` and `f(*x)` say which operand was not iterable.
    fn list_extend_op(&mut self, list: &Value, iterable: &Value) -> PyResult<()> {
        let Err(err) = crate::objects::list::list_extend(self, list, iterable) else {
            return Ok(());
        };
        if self.err_matches(&err, Exc::TypeError) && !abstract_::is_iterable(self, iterable) {
            return Err(self.new_type_error(format!(
                "Value after * must be an iterable, not {}",
                self.type_name_of(iterable)
            )));
        }
        Err(err)
    }

    /// `BINARY_OP` on `self.stack`, any operands (unboxed numbers were tried by
    /// the fast tier unless tracing). `next` is the code unit after it, where
    /// `s = s + t` finds its store.
    #[inline(never)]
    fn binary_op_general(&mut self, oparg: usize, next: usize) -> PyResult<()> {
        if matches!(oparg, NB_ADD | NB_INPLACE_ADD) && self.concat_in_place(next) {
            return Ok(());
        }
        let right = pop!(self);
        let left = pop!(self);
        let v = abstract_::binary_op(self, &left, &right, oparg)?;
        self.push(v);
        Ok(())
    }

    /// `MAKE_CELL`: the local at `slot` becomes a cell holding its value.
    #[inline]
    fn make_cell(&mut self, slot: usize) {
        let initial = self.stack[slot].take();
        let cell = PyObject::new(
            self.types.cell.clone(),
            Payload::Cell(std::cell::RefCell::new(initial)),
        );
        self.stack[slot] = Some(Value::Obj(cell));
    }

    /// A comprehension's `SET_ADD`.
    #[inline(never)]
    fn set_add_op(&mut self, oparg: usize) -> PyResult<()> {
        let v = pop!(self);
        let set = self.peek(oparg).unwrap_or(Value::None);
        crate::objects::set::set_add(self, &set, v)
    }

    /// A comprehension's `MAP_ADD`.
    #[inline(never)]
    fn map_add_op(&mut self, oparg: usize) -> PyResult<()> {
        let value = pop!(self);
        let key = pop!(self);
        if let Some(Value::Obj(d)) = self.peek(oparg) {
            dict::dict_set_item(self, &d, key, value)?;
        }
        Ok(())
    }

    /// `COMPARE_OP` on `self.stack`, any operands.
    #[inline(never)]
    fn compare_op(&mut self, oparg: usize) -> PyResult<()> {
        let right = pop!(self);
        let left = pop!(self);
        let v = abstract_::compare(self, &left, &right, oparg)?;
        self.push(v);
        Ok(())
    }

    /// The top `n` values, moved off the stack (`value::move_slots`).
    fn pop_n(&mut self, n: usize) -> Vec<Value> {
        let start = self.stack.len() - n;
        let mut items: Vec<Value> = Vec::with_capacity(n);
        // SAFETY: the stack's top `n` slots are initialised, and it stops counting
        // them just below; `items` has room for `n`, which it then counts.
        unsafe {
            crate::value::move_slots(self.stack.as_ptr().add(start), items.as_mut_ptr(), n);
            items.set_len(n);
            self.stack.set_len(start);
        }
        items
    }

    fn cell_at(&self, index: usize) -> ObjRef {
        let slot = self.local_slot(index);
        match &self.stack[slot] {
            Some(Value::Obj(cell)) => cell.clone(),
            _ => self.none_obj.clone(),
        }
    }

    fn load_deref(&mut self, index: usize) -> PyResult<Value> {
        let cell = self.cell_at(index);
        let v = match &cell.payload {
            Payload::Cell(c) => c.borrow().clone(),
            _ => None,
        };
        match v {
            Some(v) => Ok(v),
            None => Err(self.unbound_deref_error(index)),
        }
    }

    fn copy_free_vars(&mut self, n: usize) -> PyResult<()> {
        let frame = self.frames.last().expect("the loop runs only with a frame");
        let cells = match frame.func.as_ref().map(|f| &f.payload) {
            Some(Payload::Function(data)) => match &data.closure {
                Value::Obj(t) => match &t.payload {
                    Payload::Tuple(cells) => &cells[..],
                    _ => &[],
                },
                _ => &[],
            },
            _ => &[],
        };
        let offset = frame.base + frame.code.nlocalsplus() - n;
        for (slot, cell) in self.stack[offset..].iter_mut().zip(cells.iter().take(n)) {
            *slot = Some(cell.clone());
        }
        Ok(())
    }

    fn unbound_local_error(&mut self, index: usize) -> PyErr {
        let name = self.frame().code.code.localsplusnames[index].clone();
        self.new_error(
            Exc::UnboundLocalError,
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    }

    fn unbound_deref_error(&mut self, index: usize) -> PyErr {
        let code = self.frame().code.clone();
        let name = code.code.localsplusnames[index].clone();
        if code.cell_kind(index) & krait_bytecode::LocalKind::FREE != 0 {
            self.new_name_error(format!(
                "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
            ))
        } else {
            self.new_error(
                Exc::UnboundLocalError,
                format!(
                    "cannot access local variable '{name}' where it is not associated with a value"
                ),
            )
        }
    }

    fn name_error(&mut self, name: &ObjRef) -> PyErr {
        let text = abstract_::obj_as_str(name).unwrap_or("");
        let err = self.new_name_error(format!("name '{text}' is not defined"));
        exceptions::set_attr(self, &err.0, "name", Value::Obj(name.clone()));
        err
    }

    fn load_global(&mut self, name: &ObjRef) -> PyResult<Value> {
        let frame = self.frame();
        if let Some(v) = dict_get_interned(&frame.globals, name) {
            return Ok(v);
        }
        if let Some(v) = dict_get_interned(&frame.builtins, name) {
            return Ok(v);
        }
        Err(self.name_error(name))
    }

    fn load_name(&mut self, name: &ObjRef) -> PyResult<Value> {
        if let Some(locals) = self.frame().locals.clone() {
            if let Some(v) =
                abstract_::mapping_get_optional(self, &locals, &Value::Obj(name.clone()))?
            {
                return Ok(v);
            }
        }
        self.load_global(name)
    }

    fn setup_annotations(&mut self) -> PyResult<()> {
        let Some(locals) = self.frame().locals.clone() else {
            return Err(self.new_error(
                Exc::SystemError,
                "no locals found when setting up annotations",
            ));
        };
        let key = Value::Obj(self.intern("__annotations__"));
        if abstract_::mapping_get_optional(self, &locals, &key)?.is_none() {
            let d = Value::Obj(self.new_dict());
            abstract_::setitem(self, &locals, key, d)?;
        }
        Ok(())
    }

    fn raise_varargs(&mut self, oparg: usize) -> PyErr {
        match oparg {
            0 => match self.topmost_handled() {
                Some(exc) => {
                    // A bare `raise` re-raises with the traceback it had, adding no entry.
                    self.reraising = true;
                    exceptions::as_error(self, exc)
                }
                None => self.new_runtime_error("No active exception to reraise".to_owned()),
            },
            1 => {
                let exc = pop!(self);
                let err = exceptions::make_raisable(self, exc, None).unwrap_or_else(|e| e);
                self.chain_raised(err)
            }
            _ => {
                let cause = pop!(self);
                let exc = pop!(self);
                let err = exceptions::make_raisable(self, exc, Some(cause)).unwrap_or_else(|e| e);
                self.chain_raised(err)
            }
        }
    }

    /// A `raise` makes the exception being handled the raised one's `__context__`,
    /// replacing any it had (an exception object may be raised again).
    fn chain_raised(&mut self, err: PyErr) -> PyErr {
        if let Some(Value::Obj(handled)) = self.topmost_handled() {
            exceptions::set_context_on_raise(&err.0, &handled);
        }
        err
    }

    /// `BEFORE_WITH`: pushes the bound `__exit__`, then what `__enter__()`
    /// returns. A Python `__enter__` runs as a frame of this loop, whose return
    /// leaves its result there: `true` when that frame was pushed.
    fn before_with(&mut self, mgr: Value) -> PyResult<bool> {
        use crate::objects::typeobject::lookup_static;
        let class = self.type_of(&mgr);
        let Some(enter) = lookup_static(&class, "__enter__") else {
            return Err(self.new_type_error(format!(
                "'{}' object does not support the context manager protocol",
                self.type_name_of(&mgr)
            )));
        };
        let Some(exit) = lookup_static(&class, "__exit__") else {
            return Err(self.new_type_error(format!(
                "'{}' object does not support the context manager protocol (missed __exit__ method)",
                self.type_name_of(&mgr)
            )));
        };
        let exit = abstract_::bind_descriptor(self, exit, &mgr)?;
        if let Value::Obj(func) = &enter {
            if let Some((code, missing)) =
                crate::call::in_place_entry(func, 1, crate::call::NOT_PLAIN)
            {
                self.check_recursion()?;
                self.push(exit);
                // [exit, enter, mgr]: `enter`'s slot takes the result.
                let base = self.stack.len() + 1;
                self.push(enter.clone());
                self.push(mgr);
                self.enter_function(func.clone(), code, base, missing, 1, OnReturn::Value);
                return Ok(true);
            }
        }
        let enter = abstract_::bind_descriptor(self, enter, &mgr)?;
        let res = self.call(&enter, Args::default())?;
        self.push(exit);
        self.push(res);
        Ok(false)
    }

    fn before_async_with(&mut self, mgr: &Value) -> PyResult<(Value, Value)> {
        let class = self.type_of(mgr);
        let Some(enter) = crate::objects::typeobject::lookup(&class, "__aenter__") else {
            return Err(self.new_type_error(format!(
                "'{}' object does not support the asynchronous context manager protocol",
                self.type_name_of(mgr)
            )));
        };
        let Some(exit) = crate::objects::typeobject::lookup(&class, "__aexit__") else {
            return Err(self.new_type_error(format!(
                "'{}' object does not support the asynchronous context manager protocol (missed __aexit__ method)",
                self.type_name_of(mgr)
            )));
        };
        let exit = abstract_::bind_descriptor(self, exit, mgr)?;
        let res = abstract_::call_unbound(self, &enter, mgr, &[])?;
        Ok((exit, res))
    }

    fn get_aiter(&mut self, obj: &Value) -> PyResult<Value> {
        let Some(aiter) = crate::objects::typeobject::type_data(&self.type_of(obj))
            .slots
            .aiter
            .get()
        else {
            return Err(self.new_type_error(format!(
                "'async for' requires an object with __aiter__ method, got {}",
                self.type_name_of(obj)
            )));
        };
        let it = aiter(self, obj)?;
        if crate::objects::typeobject::type_data(&self.type_of(&it))
            .slots
            .anext
            .get()
            .is_none()
        {
            return Err(self.new_type_error(format!(
                "'async for' received an object from __aiter__ that does not implement __anext__: {}",
                self.type_name_of(&it)
            )));
        }
        Ok(it)
    }

    fn get_anext(&mut self, it: &Value) -> PyResult<Value> {
        let Some(anext) = crate::objects::typeobject::type_data(&self.type_of(it))
            .slots
            .anext
            .get()
        else {
            return Err(self.new_type_error(format!(
                "'async for' requires an iterator with __anext__ method, got {}",
                self.type_name_of(it)
            )));
        };
        let awaitable = anext(self, it)?;
        match crate::objects::generator::get_awaitable(self, &awaitable) {
            Ok(a) => Ok(a),
            Err(e) if self.err_matches(&e, Exc::TypeError) => Err(self.new_type_error(format!(
                "'async for' received an invalid object from __anext__: {}",
                self.type_name_of(&awaitable)
            ))),
            Err(e) => Err(e),
        }
    }

    fn dict_update_op(
        &mut self,
        opcode: Opcode,
        target: &Value,
        update: &Value,
        oparg: usize,
    ) -> PyResult<()> {
        let Value::Obj(target) = target else {
            return Ok(());
        };
        if opcode == Opcode::DICT_UPDATE {
            if abstract_::keys_method(self, update).is_none() {
                return Err(self.new_type_error(format!(
                    "'{}' object is not a mapping",
                    self.type_name_of(update)
                )));
            }
            return crate::objects::dict::dict_merge(self, target, update, true);
        }
        // DICT_MERGE: `**kwargs` in a call; duplicate keys are an error naming the callee.
        if abstract_::keys_method(self, update).is_none() {
            let func = self.peek(oparg + 2).unwrap_or(Value::None);
            let fname = abstract_::function_display_name(self, &func);
            return Err(self.new_type_error(format!(
                "{fname} argument after ** must be a mapping, not {}",
                self.type_name_of(update)
            )));
        }
        let items: Vec<(Value, Option<Value>)> = match dict::merge_source_entries(self, update) {
            Some(source) => source
                .entries
                .into_iter()
                .map(|e| (e.key, Some(e.value)))
                .collect(),
            None => abstract_::mapping_keys(self, update)?
                .into_iter()
                .map(|k| (k, None))
                .collect(),
        };
        for (key, value) in items {
            if dict::dict_contains(self, target, &key)? {
                let func = self.peek(oparg + 2).unwrap_or(Value::None);
                let fname = abstract_::function_display_name(self, &func);
                // The key as `str()` shows it (CPython's `%S`).
                let key_text = match abstract_::value_as_str(&key) {
                    Some(text) => text.to_owned(),
                    None => abstract_::str_string(self, &key)?,
                };
                return Err(self.new_type_error(format!(
                    "{fname} got multiple values for keyword argument '{key_text}'"
                )));
            }
            let value = match value {
                Some(v) => v,
                None => abstract_::getitem(self, update, &key)?,
            };
            dict::dict_set_item(self, target, key, value)?;
        }
        Ok(())
    }

    fn collect_call_ex_args(
        &mut self,
        func: &Value,
        callargs: &Value,
        kwargs: Option<Value>,
    ) -> PyResult<Args> {
        let exact_tuple = matches!(callargs, Value::Obj(o) if abstract_::is_exact_builtin(o));
        let pos = match abstract_::tuple_items(callargs) {
            Some(items) if exact_tuple => items,
            _ => {
                if !abstract_::is_iterable(self, callargs) {
                    let fname = abstract_::function_display_name(self, func);
                    return Err(self.new_type_error(format!(
                        "{fname} argument after * must be an iterable, not {}",
                        self.type_name_of(callargs)
                    )));
                }
                abstract_::collect_iterable(self, callargs)?
            }
        };
        let mut kw = Vec::new();
        if let Some(kwargs) = kwargs {
            for (k, v) in dict::dict_items(kwargs.as_obj().unwrap_or(&self.none_obj)) {
                match k {
                    Value::Obj(name) if name.str_data().is_some() => kw.push((name, v)),
                    _ => return Err(self.new_type_error("keywords must be strings".to_owned())),
                }
            }
        }
        Ok(Args {
            pos: pos.into(),
            kw,
        })
    }

    /// `LOAD_ATTR`, through its inline cache; `true` when a property's getter was
    /// pushed as a frame, to go on at `next` with its result.
    #[inline(always)]
    fn load_attr_op(
        &mut self,
        code: &Rc<CodeData>,
        at: usize,
        oparg: usize,
        next: usize,
    ) -> PyResult<bool> {
        let owner = pop!(self);
        match specialize::load_attr(self, code, at, &owner, &code.names[oparg])? {
            specialize::Loaded::Value(v) => self.push(v),
            specialize::Loaded::Getter(getter) => {
                self.frame_mut().pc = next;
                self.push_getter_frame(getter, owner)?;
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `LOAD_METHOD`, through its inline cache.
    #[inline(always)]
    fn load_method_op(&mut self, code: &Rc<CodeData>, at: usize, oparg: usize) -> PyResult<()> {
        let owner = pop!(self);
        match specialize::load_method(self, code, at, &owner, &code.names[oparg])? {
            // `this` is the owner, or the instance of a `super()`.
            (Some(meth), this) => {
                self.push(meth);
                self.push(this);
            }
            (None, attr) => {
                self.stack.push(None);
                self.push(attr);
            }
        }
        Ok(())
    }

    /// `STORE_ATTR`, through its inline cache.
    #[inline(always)]
    fn store_attr_op(&mut self, code: &Rc<CodeData>, at: usize, oparg: usize) -> PyResult<()> {
        let owner = pop!(self);
        let v = pop!(self);
        specialize::store_attr(self, code, at, &owner, &code.names[oparg], v)
    }

    #[inline(always)]
    fn binary_subscr_op(&mut self) -> PyResult<()> {
        let sub = pop!(self);
        let container = pop!(self);
        let v = abstract_::getitem(self, &container, &sub)?;
        self.push(v);
        Ok(())
    }

    #[inline(always)]
    fn store_subscr_op(&mut self) -> PyResult<()> {
        let sub = pop!(self);
        let container = pop!(self);
        let v = pop!(self);
        abstract_::setitem(self, &container, sub, v)
    }

    /// `SEND`: sends the value on top into the receiver below it. `true` when the
    /// receiver finished, leaving its result in its place (the loop then jumps).
    fn send_to_receiver(&mut self) -> PyResult<bool> {
        let value = pop!(self);
        let receiver = self.top();
        // CPython's `SEND` under tracing calls `__next__` only for None sent to an
        // iterator; `send()` raises `StopIteration` even for a bare return.
        let by_next = value.is_none()
            && matches!(&receiver, Value::Obj(o) if !Rc::ptr_eq(&o.class(), &self.types.coroutine));
        match crate::objects::generator::send_value(self, &receiver, value)? {
            FrameExit::Yield(v) => {
                self.push(v);
                Ok(false)
            }
            FrameExit::Return(v) => {
                self.stack.pop();
                if self.use_tracing {
                    self.trace_generator_return(&v, !by_next)?;
                }
                self.push(v);
                Ok(true)
            }
        }
    }
}

trait FlattenValue {
    fn flatten_value(self) -> Value;
}

impl FlattenValue for Option<Value> {
    fn flatten_value(self) -> Value {
        self.unwrap_or(Value::None)
    }
}

/// Looks up an interned name (its hash is cached in the str) in a namespace dict.
#[inline]
fn dict_get_interned(dict: &ObjRef, name: &ObjRef) -> Option<Value> {
    let (Some(d), Some(s)) = (dict::as_dict(dict), name.str_data()) else {
        return None;
    };
    d.borrow().get_str_hashed(s.hash(), s.as_str())
}

/// `BINARY_OP` on two machine ints, or on two floats for `+ - * /`, done in place:
/// the result overwrites the left operand and the right one is popped, with no object
/// touched. `false` leaves the stack as it was for the general path (other types,
/// overflow, division by zero).
#[inline(always)]
fn binary_op_unboxed(stack: &mut [Option<Value>], op: usize) -> bool {
    let op = if op >= NB_INPLACE_OFFSET {
        op - NB_INPLACE_OFFSET
    } else {
        op
    };
    let [.., left, right] = &mut stack[..] else {
        return false;
    };
    // Results are written into the left operand's own number, so that no `Value` is
    // dropped or moved whole.
    match (&mut *left, &*right) {
        (Some(Value::Int(a)), Some(Value::Int(b))) => {
            let (x, y) = (*a, *b);
            let common = match op {
                NB_ADD => Some(x.checked_add(y)),
                NB_SUBTRACT => Some(x.checked_sub(y)),
                NB_MULTIPLY => Some(x.checked_mul(y)),
                _ => None,
            };
            match common {
                Some(Some(r)) => *a = r,
                Some(None) => return false,
                None => match crate::objects::int::small_int_op(x, y, op) {
                    Some(Value::Int(r)) => *a = r,
                    Some(other) => *left = Some(other),
                    None => return false,
                },
            }
        }
        (Some(Value::Float(a)), Some(Value::Float(b))) => match float_op(*a, *b, op) {
            Some(r) => *a = r,
            None => return false,
        },
        // An int meets a float as `float(int)` (rounded to nearest, as CPython's
        // `PyLong_AsDouble`), when it is exactly representable.
        (Some(Value::Float(a)), Some(Value::Int(b))) => {
            match exact_f64(*b).and_then(|b| float_op(*a, b, op)) {
                Some(r) => *a = r,
                None => return false,
            }
        }
        (Some(Value::Int(a)), Some(Value::Float(b))) => {
            match exact_f64(*a).and_then(|a| float_op(a, *b, op)) {
                Some(r) => *left = Some(Value::Float(r)),
                None => return false,
            }
        }
        _ => return false,
    }
    // The right operand is a number, which owns nothing: the caller forgets it.
    true
}

/// `+ - * /` on two floats, which cannot fail but for division by zero.
#[inline(always)]
fn float_op(a: f64, b: f64, op: usize) -> Option<f64> {
    match op {
        NB_ADD => Some(a + b),
        NB_MULTIPLY => Some(a * b),
        NB_SUBTRACT => Some(a - b),
        NB_TRUE_DIVIDE if b != 0.0 => Some(a / b),
        _ => None,
    }
}

/// An int as a float when the conversion is exact (|i| <= 2**53).
#[inline(always)]
fn exact_f64(i: i64) -> Option<f64> {
    const LIMIT: i64 = 1 << 53;
    (-LIMIT..=LIMIT).contains(&i).then_some(i as f64)
}

/// `COMPARE_OP` on two machine ints or two floats, done in place as `binary_op_unboxed`
/// does; the argument indexes `opcode.cmp_op`.
#[inline(always)]
fn compare_op_unboxed(stack: &mut [Option<Value>], op: usize) -> bool {
    let [.., left, right] = &mut stack[..] else {
        return false;
    };
    let r = match (&*left, &*right) {
        (Some(Value::Int(a)), Some(Value::Int(b))) => compare_ordered(a, b, op),
        (Some(Value::Float(a)), Some(Value::Float(b))) => compare_ordered(a, b, op),
        (Some(Value::Int(a)), Some(Value::Float(b))) => match exact_f64(*a) {
            Some(a) => compare_ordered(&a, b, op),
            None => return false,
        },
        (Some(Value::Float(a)), Some(Value::Int(b))) => match exact_f64(*b) {
            Some(b) => compare_ordered(a, &b, op),
            None => return false,
        },
        _ => return false,
    };
    // Both operands are numbers, which own nothing: the left one is overwritten
    // and the caller forgets the right one.
    std::mem::forget(left.replace(Value::Bool(r)));
    true
}

/// `a == b` for two exact strs (whose equality no subclass can change); `None`
/// for anything else.
#[inline(always)]
fn exact_str_equal(a: &ObjRef, b: &ObjRef) -> Option<bool> {
    let (Payload::Str(x), Payload::Str(y)) = (&a.payload, &b.payload) else {
        return None;
    };
    if a.has_heap_class() || b.has_heap_class() {
        return None;
    }
    Some(Rc::ptr_eq(a, b) || x.same_text(y))
}

/// The truth of the value on top of the stack when it runs no Python code
/// (`abstract_::truth_without_python`).
#[inline(always)]
fn top_truth(slots: &[Option<Value>]) -> Option<bool> {
    match slots.last() {
        Some(Some(v)) => abstract_::truth_without_python(v),
        _ => None,
    }
}

/// Drops a value the loop is done with, without a call for the numbers, bools and
/// `None`, which own nothing.
#[inline(always)]
fn release(value: Option<Value>) {
    match value {
        Some(Value::Obj(o)) => drop(o),
        other => std::mem::forget(other),
    }
}

#[inline(always)]
fn compare_ordered<T: PartialOrd>(a: &T, b: &T, op: usize) -> bool {
    match op {
        0 => a < b,
        1 => a <= b,
        2 => a == b,
        3 => a != b,
        4 => a > b,
        _ => a >= b,
    }
}

/// Where a taken `POP_JUMP_*` goes from the next instruction: the backward forms
/// count back.
fn conditional_jump_target(opcode: Opcode, next: usize, delta: usize) -> usize {
    use Opcode::*;
    match opcode {
        POP_JUMP_BACKWARD_IF_FALSE
        | POP_JUMP_BACKWARD_IF_TRUE
        | POP_JUMP_BACKWARD_IF_NONE
        | POP_JUMP_BACKWARD_IF_NOT_NONE => next.saturating_sub(delta),
        _ => next + delta,
    }
}
