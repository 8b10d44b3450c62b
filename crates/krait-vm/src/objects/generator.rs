//! Generators (CPython's `Objects/genobject.c`).
//!
//! A generator owns its suspended frame: the frame's fields and its slice of the
//! value stack. Resuming copies them back onto the value stack and runs the frame in
//! a nested loop until it yields or returns (as CPython 3.11 does).

use std::cell::RefCell;
use std::rc::Rc;

use crate::eval::FrameExit;
use crate::frame::{Frame, ResumedBy};
use crate::native::add_slot;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::code::CodeData;
use crate::objects::function::{Args, FastCall};
use crate::objects::{add_getset, add_method_sig, this};
use crate::signature::{given, Signature};
use crate::slots::{NativeSlot, SlotId};
use crate::value::Value;
use crate::Exc;
use crate::{PyErr, PyResult, Vm};

pub struct GeneratorData {
    pub code: Rc<CodeData>,
    pub name: Value,
    pub qualname: Value,
    /// The suspended frame; `None` once finished. The frame is kept whole (its
    /// `generator` unset, `instr` its `f_lasti`), so resuming pushes it as it is.
    /// (Kept apart from its values so that it moves without a `memcpy` call.)
    pub frame: Option<Frame>,
    /// The suspended frame's values (its locals and stack). While the frame runs
    /// they are on the value stack and this is their emptied buffer, kept so that
    /// suspending allocates nothing.
    pub values: Vec<Option<Value>>,
    pub running: bool,
    pub started: bool,
    /// The exception being handled inside the generator when it yielded.
    pub handled_exception: Option<Value>,
    /// Where the generator goes to be closed if dropped while suspended.
    pub finalizer: Option<crate::finalize::SharedQueue>,
    /// What an async generator keeps beside (`async_generator.rs`).
    pub async_state: crate::objects::async_generator::AsyncGenState,
    /// A coroutine's `cr_origin`: where it was made, when
    /// `sys.set_coroutine_origin_tracking_depth` asked for it; otherwise `None`.
    pub origin: Value,
}

/// What `cr_origin` of a coroutine made now holds (CPython's `compute_cr_origin`):
/// `(filename, line, function)` of up to `depth` frames below the coroutine's own,
/// innermost first; `None` when not tracked.
fn coroutine_origin(vm: &mut Vm, depth: usize) -> Value {
    if depth == 0 {
        return Value::None;
    }
    let below = &vm.frames[..vm.frames.len().saturating_sub(1)];
    let origin: Vec<(ObjRef, i64, ObjRef)> = below
        .iter()
        .rev()
        .take(depth)
        .map(|f| {
            let line = f.code.line_at(f.lasti()).map_or(-1, i64::from);
            (f.code.filename.clone(), line, f.code.name.clone())
        })
        .collect();
    let entries = origin
        .into_iter()
        .map(|(file, line, name)| {
            vm.new_tuple(vec![Value::Obj(file), Value::Int(line), Value::Obj(name)])
        })
        .collect();
    vm.new_tuple(entries)
}

/// `RETURN_GENERATOR`: copies the running frame into a new generator object.
pub fn make_generator(vm: &mut Vm) -> PyResult<Value> {
    let frame = vm.frames.last().expect("RETURN_GENERATOR runs in a frame");
    let values = vm.stack[frame.base..].to_vec();
    let code = frame.code.clone();
    let mut saved = Frame::new(
        code.clone(),
        frame.globals.clone(),
        frame.builtins.clone(),
        frame.locals.clone(),
        0,
    );
    saved.func = frame.func.clone();
    saved.pc = frame.pc;
    saved.instr = frame.lasti();
    let (name, qualname) = match frame.func.as_ref().map(|f| &f.payload) {
        Some(Payload::Function(f)) => (f.name.borrow().clone(), f.qualname.borrow().clone()),
        _ => (
            Value::Obj(code.name.clone()),
            Value::Obj(code.qualname.clone()),
        ),
    };
    let data = GeneratorData {
        code,
        name,
        qualname,
        frame: Some(saved),
        values,
        running: false,
        started: false,
        handled_exception: None,
        finalizer: Some(vm.finalizers.clone()),
        async_state: Default::default(),
        origin: Value::None,
    };
    let mut data = data;
    let flags = data.code.code.flags;
    if flags & krait_bytecode::CodeFlags::COROUTINE != 0 {
        data.origin = coroutine_origin(vm, crate::sys::coroutine_origin_depth(vm));
    }
    let class = if flags & krait_bytecode::CodeFlags::COROUTINE != 0 {
        vm.types.coroutine.clone()
    } else if flags & krait_bytecode::CodeFlags::ASYNC_GENERATOR != 0 {
        vm.types.async_generator.clone()
    } else {
        vm.types.generator.clone()
    };
    Ok(Value::Obj(PyObject::new(
        class,
        Payload::Generator(Box::new(RefCell::new(data))),
    )))
}

pub fn mark_finished(gen: &ObjRef) {
    if let Payload::Generator(g) = &gen.payload {
        let mut g = g.borrow_mut();
        g.frame = None;
        g.values.clear();
        g.running = false;
    }
}

/// Resumes `gen` with `value` sent in (or `error` thrown in).
pub(crate) fn resume(
    vm: &mut Vm,
    gen: &ObjRef,
    value: Value,
    error: Option<PyErr>,
) -> PyResult<FrameExit> {
    vm.check_recursion()?;
    if vm.stack_guard.exhausted() {
        return Err(vm.new_error(Exc::RecursionError, "maximum recursion depth exceeded"));
    }
    if !push_resumed_frame(vm, gen, value, error.is_some())? {
        // A finished coroutine cannot run again (its `close()` does not come here).
        if std::ptr::eq(gen.class_ref(), &*vm.types.coroutine) {
            return Err(vm.new_runtime_error("cannot reuse already awaited coroutine".to_owned()));
        }
        return match error {
            Some(e) => Err(e),
            None => Ok(FrameExit::Return(Value::None)),
        };
    }
    let result = vm.execute(error);
    leave_running(vm, gen, matches!(result, Ok(FrameExit::Yield(_))));
    match result {
        Err(err) => Err(escaping_error(vm, gen, err)),
        other => other,
    }
}

/// Pushes `gen`'s suspended frame to run it, as an entry frame: its values go back
/// on the stack and `value` is pushed as the result of the `yield` (unless an error
/// is thrown in). The exception the generator was handling when it yielded becomes
/// the handled one, its caller's waiting in `Vm::outer_handled` until
/// `leave_running`. `false` when the generator has finished.
fn push_resumed_frame(vm: &mut Vm, gen: &ObjRef, value: Value, throwing: bool) -> PyResult<bool> {
    let Payload::Generator(cell) = &gen.payload else {
        return Err(vm.new_type_error("expected a generator".to_owned()));
    };
    let mut g = cell.borrow_mut();
    if g.running {
        drop(g);
        return Err(already_executing(vm, gen));
    }
    if !g.started && !value.is_none() && !throwing && g.frame.is_some() {
        drop(g);
        let kind = kind_name(vm, gen);
        return Err(vm.new_type_error(format!(
            "can't send non-None value to a just-started {kind}"
        )));
    }
    let g = &mut *g;
    let Some(saved) = &g.frame else {
        return Ok(false);
    };
    let saved: *const Frame = saved;
    g.running = true;
    g.started = true;
    let handled = g.handled_exception.take();
    let base = vm.stack.len();
    vm.stack.append(&mut g.values);
    if !throwing {
        vm.stack.push(Some(value));
    }
    // Moved straight from the generator into the frame stack (a copy through a
    // temporary was made in differently placed pieces, which the processor
    // cannot forward), then changed where it lies.
    let place = crate::value::next_slot(&mut vm.frames);
    // SAFETY: `place` is the slot past the frame stack's end, inside its buffer,
    // holding no frame; `saved` points to the generator's frame, which nothing has
    // touched since it was found. The frame is copied bitwise and the generator's
    // copy overwritten with `None` without being dropped, so it has one owner, the
    // frame stack, which counts it.
    unsafe {
        std::ptr::copy_nonoverlapping(saved, place, 1);
        std::ptr::write(&mut g.frame, None);
        vm.frames.set_len(vm.frames.len() + 1);
    }
    let frame = vm.frame_mut();
    frame.base = base;
    frame.is_entry = true;
    frame.generator = Some(gen.clone());
    let outer = std::mem::replace(&mut vm.handled_exception, handled);
    vm.push_outer_handled(outer);
    Ok(true)
}

/// What messages call `gen`: a generator, a coroutine or an async generator.
fn kind_name(vm: &Vm, gen: &ObjRef) -> &'static str {
    let class = gen.class_ref();
    if std::ptr::eq(class, &*vm.types.coroutine) {
        "coroutine"
    } else if std::ptr::eq(class, &*vm.types.async_generator) {
        "async generator"
    } else {
        "generator"
    }
}

fn already_executing(vm: &mut Vm, gen: &ObjRef) -> PyErr {
    let kind = kind_name(vm, gen);
    vm.new_value_error(format!("{kind} already executing"))
}

/// The error a generator's caller sees when `err` escapes the generator. PEP 479: a
/// StopIteration escaping a generator becomes a RuntimeError, as does a
/// StopAsyncIteration escaping an async generator.
pub(crate) fn escaping_error(vm: &mut Vm, gen: &ObjRef, err: PyErr) -> PyErr {
    let is_async = std::ptr::eq(gen.class_ref(), &*vm.types.async_generator);
    let stop = vm.err_matches(&err, Exc::StopIteration);
    let stop_async = is_async && vm.err_matches(&err, Exc::StopAsyncIteration);
    if !stop && !stop_async {
        return err;
    }
    let is_coroutine = std::ptr::eq(gen.class_ref(), &*vm.types.coroutine);
    let what = match (is_async, stop) {
        (false, _) if is_coroutine => "coroutine raised StopIteration",
        (false, _) => "generator raised StopIteration",
        (true, true) => "async generator raised StopIteration",
        (true, false) => "async generator raised StopAsyncIteration",
    };
    let new = vm.new_runtime_error(what.to_owned());
    crate::objects::exceptions::chain_from_cause(&new, &err);
    new
}

/// The generator `FOR_ITER` may resume as a frame of the eval loop: a plain
/// generator (not an async generator) that is suspended; for `SEND`
/// (`with_coroutines`) a coroutine too.
pub(crate) fn resumable_in_loop<'a>(
    vm: &Vm,
    it: &'a Value,
    with_coroutines: bool,
) -> Option<&'a ObjRef> {
    let Value::Obj(o) = it else { return None };
    let class = o.class_ref();
    let resumable = std::ptr::eq(class, &*vm.types.generator)
        || (with_coroutines && std::ptr::eq(class, &*vm.types.coroutine));
    if !resumable {
        return None;
    }
    let Payload::Generator(cell) = &o.payload else {
        return None;
    };
    let g = cell.try_borrow().ok()?;
    (!g.running && g.frame.is_some()).then_some(o)
}

/// Pushes the frame of `gen` (which `resumable_in_loop` chose) for `FOR_ITER` or
/// `SEND`, with `value` sent in: it runs in the caller's loop, and its caller goes
/// on at `exit` once it returns.
pub(crate) fn enter_in_loop(
    vm: &mut Vm,
    gen: &ObjRef,
    value: Value,
    exit: usize,
    by: ResumedBy,
) -> PyResult<()> {
    if !push_resumed_frame(vm, gen, value, false)? {
        return Err(vm.new_error(Exc::SystemError, "resuming a finished generator"));
    }
    let frame = vm.frame_mut();
    frame.is_entry = false;
    frame.resumed_exit = exit as u32;
    frame.resumed_by = by;
    Ok(())
}

/// A resumed generator's frame is left: its caller's handled exception comes back;
/// `suspended` keeps the generator's own for the next resume, otherwise it is
/// finished.
pub(crate) fn leave_running(vm: &mut Vm, gen: &ObjRef, suspended: bool) {
    let Payload::Generator(cell) = &gen.payload else {
        return;
    };
    let mut g = cell.borrow_mut();
    g.running = false;
    let outer = vm.pop_outer_handled();
    let inner = std::mem::replace(&mut vm.handled_exception, outer);
    if suspended {
        g.handled_exception = inner;
    } else {
        g.frame = None;
    }
}

/// Called by the eval loop when a generator frame yields: saves its state.
pub fn suspend(vm: &mut Vm) {
    // `gi_frame.f_locals` reads what the generator holds while suspended.
    let with_object = vm.frames.last().filter(|f| f.frame_object.is_some());
    if let Some(lasti) = with_object.map(Frame::lasti) {
        vm.record_frame_end(lasti);
    }
    let Some(frame) = vm.frames.last() else {
        return;
    };
    let (generator, base) = (frame.generator.clone(), frame.base);
    let Some(Payload::Generator(cell)) = generator.as_ref().map(|g| &g.payload) else {
        vm.frames.pop();
        vm.stack.truncate(base);
        return;
    };
    let mut g = cell.borrow_mut();
    move_tail(&mut vm.stack, base, &mut g.values);
    // Moved as it is, then changed where it now lies (see `push_resumed_frame`).
    g.frame = vm.frames.pop();
    if let Some(frame) = &mut g.frame {
        frame.instr = frame.lasti();
        frame.restored_lasti = None;
        // The generator holds its frame: the frame must not hold it back.
        frame.generator = None;
    }
}

/// Moves `stack[from..]` to the end of `to`, as one copy of the slots.
fn move_tail(stack: &mut Vec<Option<Value>>, from: usize, to: &mut Vec<Option<Value>>) {
    let count = stack.len().saturating_sub(from);
    to.reserve(count);
    // SAFETY: `to` has room for `count` more slots (reserved above) and `stack`'s
    // slots `from..from + count` are initialised. They are copied bitwise, then
    // `stack` stops counting them and `to` starts: each value is owned once, by
    // `to`. The two buffers are distinct vectors, so they do not overlap.
    unsafe {
        let source = stack.as_ptr().add(from);
        let target = to.as_mut_ptr().add(to.len());
        std::ptr::copy_nonoverlapping(source, target, count);
        stack.set_len(from.min(stack.len()));
        to.set_len(to.len() + count);
    }
}

/// `SEND`/`next()`: sends `value` into a generator or any iterator with `send`.
pub fn send_value(vm: &mut Vm, receiver: &Value, value: Value) -> PyResult<FrameExit> {
    if let Value::Obj(o) = receiver {
        if let Payload::Generator(_) = o.payload {
            return resume(vm, o, value, None);
        }
    }
    let result = if value.is_none() {
        // Through the slot itself, so that a `StopIteration` keeps its value.
        let class = vm.type_of(receiver);
        match crate::objects::typeobject::type_data(&class)
            .slots
            .iternext
            .get()
        {
            Some(next) => crate::abstract_::iter_next_raw(vm, receiver, next).map(|v| v.ok_or(())),
            None => crate::abstract_::iter_next(vm, receiver).map(|v| v.ok_or(())),
        }
    } else {
        vm.call_method(receiver, "send", vec![value]).map(Ok)
    };
    match result {
        Ok(Ok(v)) => Ok(FrameExit::Yield(v)),
        Ok(Err(())) => Ok(FrameExit::Return(Value::None)),
        Err(err) if vm.err_matches(&err, Exc::StopIteration) => {
            let v = crate::objects::exceptions::stop_iteration_value(vm, &err);
            Ok(FrameExit::Return(v))
        }
        Err(err) => Err(err),
    }
}

/// A generator run to its end for a consumer that takes every item before it
/// uses any (`list(gen)`, `tuple(gen)`, `''.join(gen)`), or that can use the
/// items `accept` approves later without anyone seeing the difference (`bytes`
/// of plain ints): the frame's yields of such items do not leave the eval loop,
/// each value going to `sink` and the frame going on at once, as if `next()` had
/// resumed it (nothing could run in between).
pub(crate) struct Drain {
    /// The index in the frame stack of the drained frame (`usize::MAX`: none).
    pub(crate) frame: usize,
    pub(crate) sink: Vec<Value>,
    pub(crate) accept: fn(&Value) -> bool,
    /// The most items the sink takes before a yield leaves the loop anyway (for
    /// a consumer that would otherwise hold less).
    pub(crate) limit: usize,
}

impl Default for Drain {
    fn default() -> Drain {
        Drain {
            frame: usize::MAX,
            sink: Vec::new(),
            accept: accept_any,
            limit: usize::MAX,
        }
    }
}

fn accept_any(_: &Value) -> bool {
    true
}

/// How many items `drain_each` takes from a drained generator at a time.
const DRAIN_BATCH: usize = 1024;

/// Appends every item `gen` (an exact generator) yields to `out`.
pub(crate) fn drain_into(vm: &mut Vm, gen: &ObjRef, out: &mut Vec<Value>) -> PyResult<()> {
    while let Some(item) = drain_step(vm, gen, out, accept_any, usize::MAX)? {
        crate::objects::list::push_or_memory_error(vm, out, item)?;
    }
    Ok(())
}

/// Runs `gen` (an exact generator) as a drained frame, appending to `out` what it
/// yields that `accept` approves, until it yields something else (returned, the
/// generator suspended there) or ends (`None`). A yield that leaves the loop
/// anyway (traced, `out` holding `limit` items, or no room left) is returned too.
pub(crate) fn drain_step(
    vm: &mut Vm,
    gen: &ObjRef,
    out: &mut Vec<Value>,
    accept: fn(&Value) -> bool,
    limit: usize,
) -> PyResult<Option<Value>> {
    // `resume` pushes the generator's frame where the frame stack ends now.
    let drained = Drain {
        frame: vm.frames.len(),
        sink: std::mem::take(out),
        accept,
        limit,
    };
    let outer = std::mem::replace(&mut vm.drain, drained);
    let result = resume(vm, gen, Value::None, None);
    *out = std::mem::replace(&mut vm.drain, outer).sink;
    match result? {
        FrameExit::Yield(v) => Ok(Some(v)),
        FrameExit::Return(_) => Ok(None),
    }
}

/// Hands each item of `gen` (an exact generator) to `take`, in order, running the
/// generator as a drained frame: the items `accept` approves come a batch at a
/// time, the others one by one (`bytes`, `sum`, `min`/`max` and `set` take
/// generators so). `take` answers whether draining may go on; once it says no,
/// the items already taken from the generator are handed over, the generator is
/// left suspended and `false` returned, for the caller to go on one item at a
/// time. `true` when the generator ended.
pub(crate) fn drain_each(
    vm: &mut Vm,
    gen: &ObjRef,
    accept: fn(&Value) -> bool,
    mut take: impl FnMut(&mut Vm, Value) -> PyResult<bool>,
) -> PyResult<bool> {
    let mut batch = Vec::new();
    loop {
        let next = drain_step(vm, gen, &mut batch, accept, DRAIN_BATCH)?;
        let mut go_on = true;
        for item in batch.drain(..) {
            go_on &= take(vm, item)?;
        }
        match next {
            Some(item) => go_on &= take(vm, item)?,
            None => return Ok(true),
        }
        if !go_on {
            return Ok(false);
        }
    }
}

/// `next(gen)`: `Ok(None)` when the generator returns.
pub fn generator_next(vm: &mut Vm, gen: &ObjRef) -> PyResult<Option<Value>> {
    match resume(vm, gen, Value::None, None)? {
        FrameExit::Yield(v) => Ok(Some(v)),
        FrameExit::Return(_) => Ok(None),
    }
}

/// The generator or coroutine a method was bound to.
fn bound_gen(vm: &mut Vm, this: Option<Value>) -> PyResult<ObjRef> {
    match this {
        Some(Value::Obj(o)) if matches!(o.payload, Payload::Generator(_)) => Ok(o),
        _ => Err(vm.new_type_error("expected a generator".to_owned())),
    }
}

/// What `throw()` accepts as its first argument: an exception class or instance.
fn is_exception_class_or_instance(vm: &Vm, v: &Value) -> bool {
    let base = vm.exc(Exc::BaseException).clone();
    match v {
        Value::Obj(o) if o.type_data().is_some() => {
            crate::objects::typeobject::is_subtype(o, &base) || vm.isinstance(v, &base)
        }
        _ => vm.isinstance(v, &base),
    }
}

/// The exception `throw(typ, val)` raises inside a generator.
pub(crate) fn thrown_error(vm: &mut Vm, typ: Value, val: Option<Value>) -> PyResult<PyErr> {
    if !is_exception_class_or_instance(vm, &typ) {
        return Err(vm.new_type_error(format!(
            "exceptions must be classes or instances deriving from BaseException, not {}",
            vm.type_name_of(&typ)
        )));
    }
    let exc = match val {
        Some(v) if !v.is_none() => {
            if let Value::Obj(t) = &typ {
                if t.type_data().is_some() && !vm.isinstance(&v, t) {
                    vm.call1(&typ, vec![v])?
                } else {
                    v
                }
            } else {
                v
            }
        }
        _ => typ,
    };
    Ok(crate::objects::exceptions::make_raisable(vm, exc, None).unwrap_or_else(|e| e))
}

/// `gen.throw(typ, val, tb)`: into what the generator delegates to, if anything,
/// else raised where the generator is suspended.
fn throw(
    vm: &mut Vm,
    g: &ObjRef,
    typ: Value,
    val: Option<Value>,
    tb: Option<Value>,
) -> PyResult<Value> {
    if let Some(result) = throw_into_delegate(vm, g, &typ, &val, &tb) {
        return result;
    }
    let err = thrown_error(vm, typ, val)?;
    let suspended = gen_data(&Value::Obj(g.clone())).is_some_and(|d| d.borrow().frame.is_some());
    if !suspended && !std::ptr::eq(g.class_ref(), &*vm.types.coroutine) {
        return Err(err);
    }
    // A finished coroutine says it cannot run again (`resume`).
    let exit = resume(vm, g, Value::None, Some(err))?;
    finish(vm, exit)
}

/// `throw()` on a generator suspended in `yield from` or `await` (CPython's
/// `_gen_throw`): the exception goes to what it delegates to, a generator's or
/// coroutine's `throw`, or the object's own `throw` method. What that yields, the
/// generator yields; when it finishes or raises, the generator leaves its
/// delegation loop and goes on with the return value, or with the exception
/// raised where the loop ends. `None` when there is no delegate to throw into
/// (the exception is then raised in the generator itself); `GeneratorExit` is
/// left to `close()`'s path.
fn throw_into_delegate(
    vm: &mut Vm,
    g: &ObjRef,
    typ: &Value,
    val: &Option<Value>,
    tb: &Option<Value>,
) -> Option<PyResult<Value>> {
    let delegate = delegate_of(&Value::Obj(g.clone()));
    if delegate.is_none() {
        return None;
    }
    let exit = vm.exc(Exc::GeneratorExit).clone();
    let is_exit = match typ {
        Value::Obj(t) if t.type_data().is_some() => {
            crate::objects::typeobject::is_subtype(t, &exit)
        }
        other => vm.isinstance(other, &exit),
    };
    if is_exit {
        return None;
    }
    // A plain generator or a coroutine is thrown into directly; anything else
    // through its own `throw` method, if it has one.
    enum Target {
        Generator(ObjRef),
        Method(Value),
    }
    let target = match &delegate {
        Value::Obj(o)
            if std::ptr::eq(o.class_ref(), &*vm.types.generator)
                || std::ptr::eq(o.class_ref(), &*vm.types.coroutine) =>
        {
            Target::Generator(o.clone())
        }
        _ => match crate::abstract_::getattr_optional(vm, &delegate, "throw") {
            Ok(Some(method)) => Target::Method(method),
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        },
    };
    set_running(g, true);
    let result = match target {
        Target::Generator(inner) => throw(vm, &inner, typ.clone(), val.clone(), tb.clone()),
        Target::Method(method) => {
            let mut args = vec![typ.clone()];
            args.extend(val.iter().cloned());
            args.extend(tb.iter().cloned());
            vm.call1(&method, args)
        }
    };
    set_running(g, false);
    let err = match result {
        Ok(v) => return Some(Ok(v)),
        Err(err) => err,
    };
    leave_delegation(g);
    let exit = if vm.err_matches(&err, Exc::StopIteration) {
        let value = crate::objects::exceptions::stop_iteration_value(vm, &err);
        resume(vm, g, value, None)
    } else {
        resume(vm, g, Value::None, Some(err))
    };
    Some(exit.and_then(|exit| finish(vm, exit)))
}

fn set_running(g: &ObjRef, running: bool) {
    if let Some(data) = gen_data(&Value::Obj(g.clone())) {
        data.borrow_mut().running = running;
    }
}

/// Takes a suspended generator out of its `yield from` loop: the delegate comes
/// off its stack and it goes on after the loop's `SEND` (where the result of
/// `yield from` lands), as if the delegate had finished.
fn leave_delegation(g: &ObjRef) {
    let Payload::Generator(data) = &g.payload else {
        return;
    };
    let mut data = data.borrow_mut();
    let data = &mut *data;
    let (Some(saved), values) = (&mut data.frame, &mut data.values) else {
        return;
    };
    let instructions = data.code.instructions();
    let send_at = saved.instr.checked_sub(1);
    let Some(send) = send_at.and_then(|at| instructions.get(at).map(|i| (at, i))) else {
        return;
    };
    if send.1.opcode != krait_bytecode::Opcode::SEND {
        return;
    }
    let target = send.0 + 1 + send.1.arg as usize;
    values.pop();
    saved.pc = target;
    saved.instr = target - 1;
}

/// `close()`: throws `GeneratorExit` into a suspended generator, which must not
/// yield again.
pub(crate) fn close(vm: &mut Vm, g: &ObjRef) -> PyResult<Value> {
    if gen_data(&Value::Obj(g.clone())).is_some_and(|d| d.borrow().running) {
        return Err(already_executing(vm, g));
    }
    let alive = gen_data(&Value::Obj(g.clone()))
        .map(|d| d.borrow().frame.is_some() && d.borrow().started)
        .unwrap_or(false);
    if !alive {
        mark_finished(g);
        return Ok(Value::None);
    }
    let exit_class = vm.exc(Exc::GeneratorExit).clone();
    let err = crate::objects::exceptions::new_exception(vm, &exit_class, vec![]);
    match resume(vm, g, Value::None, Some(err)) {
        Ok(FrameExit::Yield(_)) => {
            let kind = kind_name(vm, g);
            Err(vm.new_runtime_error(format!("{kind} ignored GeneratorExit")))
        }
        Ok(FrameExit::Return(_)) => Ok(Value::None),
        Err(e)
            if vm.err_matches(&e, Exc::GeneratorExit) || vm.err_matches(&e, Exc::StopIteration) =>
        {
            Ok(Value::None)
        }
        Err(e) => Err(e),
    }
}

fn finish(vm: &mut Vm, exit: FrameExit) -> PyResult<Value> {
    match exit {
        FrameExit::Yield(v) => Ok(v),
        FrameExit::Return(v) => {
            Err(vm.new_stop_iteration(if v.is_none() { None } else { Some(v) }))
        }
    }
}

pub(crate) fn gen_data(v: &Value) -> Option<&RefCell<GeneratorData>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Generator(g) => Some(g),
            _ => None,
        },
        _ => None,
    }
}

/// `next(gen)` (the generator's `next` slot): a returned value other than `None`
/// travels in the StopIteration, as CPython's `gen_iternext` sets it.
fn gen_iternext(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let g = bound_gen(vm, Some(this.clone()))?;
    match resume(vm, &g, Value::None, None)? {
        FrameExit::Yield(v) => Ok(Some(v)),
        FrameExit::Return(v) if v.is_none() => Ok(None),
        FrameExit::Return(v) => Err(vm.new_stop_iteration(Some(v))),
    }
}

/// `<generator object f at 0x...>`, and the same for coroutines.
fn gen_repr(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let q = gen_data(v)
        .map(|d| d.borrow().qualname.clone())
        .unwrap_or(Value::None);
    let q = crate::abstract_::value_as_str(&q).unwrap_or("?").to_owned();
    let id = v.as_obj().map(crate::object::object_id).unwrap_or(0);
    Ok(vm.new_str(format!("<{} object {q} at {id:#x}>", vm.type_name_of(v))))
}

/// `coro.__await__()`: an iterator that drives the coroutine.
fn coroutine_await(vm: &mut Vm, coro: &Value) -> PyResult<Value> {
    let wrapper = Value::Obj(crate::objects::typeobject::new_instance(
        vm,
        &vm.types.coroutine_wrapper.clone(),
        Payload::Instance,
    ));
    crate::native::set_member_value(&wrapper, 0, coro.clone());
    Ok(wrapper)
}

pub fn init(vm: &mut Vm) {
    let ty = vm.types.generator.clone();
    add_slot(vm, &ty, NativeSlot::Iter(crate::objects::iter::iter_self));
    add_slot(vm, &ty, NativeSlot::IterNext(gen_iternext));
    init_coroutine(vm);
    crate::objects::async_generator::init(vm);
    init_shared::<false>(vm, &ty);
    let coroutine = vm.types.coroutine.clone();
    init_shared::<true>(vm, &coroutine);
}

/// The signatures of a method generators, coroutines and the iterator of
/// `coroutine.__await__()` share, one for each owner; CPython shows no
/// `__text_signature__` for them.
macro_rules! shared_signature {
    ($name:literal, $text:literal) => {
        [
            Signature::unlisted("generator", $name, $text),
            Signature::unlisted("coroutine", $name, $text),
            Signature::unlisted("coroutine_wrapper", $name, $text),
        ]
    };
}

type SharedSignature = [Signature; 3];

static SEND: SharedSignature = [
    Signature::unlisted("generator", "send", "($self, value, /)")
        .with_fast(FastCall::new(2, 2, send_fast)),
    Signature::unlisted("coroutine", "send", "($self, value, /)")
        .with_fast(FastCall::new(2, 2, send_fast)),
    Signature::unlisted("coroutine_wrapper", "send", "($self, value, /)"),
];

/// `gen.send(value)` called by position.
fn send_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    // The arguments keep the generator alive while it runs.
    let g = match &args[0] {
        Value::Obj(o) if matches!(o.payload, Payload::Generator(_)) => o,
        _ => return Err(vm.new_type_error("expected a generator".to_owned())),
    };
    let exit = resume(vm, g, args[1].clone(), None)?;
    finish(vm, exit)
}
static THROW: SharedSignature = shared_signature!(
    "throw",
    "($self, typ, val=<unrepresentable>, tb=<unrepresentable>, /)"
);
static CLOSE: SharedSignature = shared_signature!("close", "($self, /)");

/// The methods generators and coroutines share (`COROUTINE` says which, for the
/// signatures' owner): `send`, `throw`, `close` ...
fn init_shared<const COROUTINE: bool>(vm: &mut Vm, ty: &ObjRef) {
    let ty = ty.clone();
    add_method_sig(vm, &ty, &SEND[COROUTINE as usize], |vm, args| {
        let (this, [value]) = SEND[COROUTINE as usize].bind(vm, args)?;
        send_fast(vm, &[given(this), given(value)])
    });
    add_method_sig(vm, &ty, &THROW[COROUTINE as usize], |vm, args| {
        let (this, [typ, val, tb]) = THROW[COROUTINE as usize].bind(vm, args)?;
        let g = bound_gen(vm, this)?;
        let typ = typ.expect("required by the signature");
        throw(vm, &g, typ, val, tb)
    });
    add_method_sig(vm, &ty, &CLOSE[COROUTINE as usize], |vm, args| {
        let (this, []) = CLOSE[COROUTINE as usize].bind(vm, args)?;
        let g = bound_gen(vm, this)?;
        close(vm, &g)
    });
    add_slot(vm, &ty, NativeSlot::Repr(gen_repr));
    add_name_attributes(vm, &ty);
    let names: [&'static str; 5] = if COROUTINE {
        [
            "cr_running",
            "cr_code",
            "cr_frame",
            "cr_suspended",
            "cr_await",
        ]
    } else {
        [
            "gi_running",
            "gi_code",
            "gi_frame",
            "gi_suspended",
            "gi_yieldfrom",
        ]
    };
    add_frame_attributes(vm, &ty, names);
    if COROUTINE {
        add_getset(
            vm,
            &ty,
            "cr_origin",
            |_, v| {
                Ok(match v {
                    Value::Obj(o) => match &o.payload {
                        Payload::Generator(g) => g.borrow().origin.clone(),
                        _ => Value::None,
                    },
                    _ => Value::None,
                })
            },
            None,
        );
    }
}

/// `__name__` and `__qualname__` of generators, coroutines and async generators:
/// strs that may be replaced (CPython's `gen_set_name`/`gen_set_qualname`).
pub(crate) fn add_name_attributes(vm: &mut Vm, ty: &ObjRef) {
    add_getset(
        vm,
        ty,
        "__name__",
        |_, v| Ok(gen_data(v).map_or(Value::None, |d| d.borrow().name.clone())),
        Some(|vm, v, value| {
            let name = name_value(vm, value, "__name__")?;
            if let Some(d) = gen_data(v) {
                d.borrow_mut().name = name;
            }
            Ok(())
        }),
    );
    add_getset(
        vm,
        ty,
        "__qualname__",
        |_, v| Ok(gen_data(v).map_or(Value::None, |d| d.borrow().qualname.clone())),
        Some(|vm, v, value| {
            let name = name_value(vm, value, "__qualname__")?;
            if let Some(d) = gen_data(v) {
                d.borrow_mut().qualname = name;
            }
            Ok(())
        }),
    );
}

/// A new `__name__`/`__qualname__`: a str, and it cannot be deleted.
fn name_value(vm: &mut Vm, value: Option<Value>, attribute: &str) -> PyResult<Value> {
    match value {
        Some(v) if crate::abstract_::value_as_str(&v).is_some() => Ok(v),
        _ => Err(vm.new_type_error(format!("{attribute} must be set to a string object"))),
    }
}

/// The attributes generators, coroutines and async generators show of their frame,
/// under each kind's names: running, code, frame, suspended (none when empty), and
/// the object it delegates to (`yield from`/`await`).
pub(crate) fn add_frame_attributes(vm: &mut Vm, ty: &ObjRef, names: [&'static str; 5]) {
    let [running, code, frame, suspended, delegate] = names;
    add_getset(
        vm,
        ty,
        running,
        |_, v| Ok(Value::Bool(gen_data(v).is_some_and(|d| d.borrow().running))),
        None,
    );
    add_getset(
        vm,
        ty,
        code,
        |vm, v| {
            Ok(gen_data(v).map_or(Value::None, |d| {
                Value::Obj(PyObject::new(
                    vm.types.code.clone(),
                    Payload::Code(d.borrow().code.clone()),
                ))
            }))
        },
        None,
    );
    add_getset(vm, ty, frame, frame_of, None);
    if suspended.is_empty() {
        // Async generators show no `ag_suspended` in 3.11.
    } else {
        add_suspended(vm, ty, suspended);
    }
    add_getset(vm, ty, delegate, |_, v| Ok(delegate_of(v)), None);
}

fn add_suspended(vm: &mut Vm, ty: &ObjRef, suspended: &'static str) {
    add_getset(
        vm,
        ty,
        suspended,
        |_, v| {
            Ok(Value::Bool(gen_data(v).is_some_and(|d| {
                let d = d.borrow();
                d.frame.is_some() && d.started && !d.running
            })))
        },
        None,
    );
}

/// The suspended frame of a generator, as a frame object (the same one each time);
/// `None` once finished.
fn frame_of(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let Some(data) = gen_data(v) else {
        return Ok(Value::None);
    };
    let mut g = data.borrow_mut();
    let code = g.code.clone();
    let Some(saved) = &mut g.frame else {
        return Ok(Value::None);
    };
    if let Some(obj) = &saved.frame_object {
        crate::objects::traceback::update_frame_object(obj, saved.instr);
        return Ok(Value::Obj(obj.clone()));
    }
    let mut frame = crate::objects::traceback::FrameData::new(
        code.clone(),
        saved.globals.clone(),
        saved.builtins.clone(),
        saved.instr,
        None,
    );
    // What `f_locals` reads until the generator runs again (`suspend` renews it).
    let locals = &g.values[..code.nlocalsplus().min(g.values.len())];
    frame.kept_slots = Some(locals.into());
    let obj = PyObject::new(
        vm.types.frame.clone(),
        Payload::Frame(Box::new(RefCell::new(frame))),
    );
    if let Some(saved) = &mut g.frame {
        saved.frame_object = Some(obj.clone());
    }
    Ok(Value::Obj(obj))
}

/// What a suspended generator delegates to (CPython's `_PyGen_yf`): when it stopped
/// inside `yield from` or `await` (its next instruction resumes one, `RESUME` 2 or
/// 3), the receiver on top of its stack.
fn delegate_of(v: &Value) -> Value {
    let Some(data) = gen_data(v) else {
        return Value::None;
    };
    let g = data.borrow();
    let (Some(saved), values) = (&g.frame, &g.values) else {
        return Value::None;
    };
    let resumes_delegation = g
        .code
        .instructions()
        .get(saved.pc)
        .is_some_and(|i| i.opcode == krait_bytecode::Opcode::RESUME && i.arg >= 2);
    if !g.started || !resumes_delegation {
        return Value::None;
    }
    values.last().cloned().flatten().unwrap_or(Value::None)
}

/// `coroutine.__await__()` and the `coroutine_wrapper` it returns: an iterator that
/// drives the coroutine.
fn init_coroutine(vm: &mut Vm) {
    let coroutine = vm.types.coroutine.clone();
    add_slot(
        vm,
        &coroutine,
        NativeSlot::Unary(SlotId::Await, coroutine_await),
    );
    let wrapper = vm.types.coroutine_wrapper.clone();
    // The coroutine it drives is its one member.
    crate::objects::typeobject::type_data(&wrapper)
        .member_count
        .set(1);
    add_slot(
        vm,
        &wrapper,
        NativeSlot::Iter(crate::objects::iter::iter_self),
    );
    add_slot(
        vm,
        &wrapper,
        NativeSlot::IterNext(|vm, this| {
            let coro = crate::native::member_value(this, 0).unwrap_or(Value::None);
            vm.call_method(&coro, "send", vec![Value::None]).map(Some)
        }),
    );
    add_method_sig(vm, &wrapper, &SEND[2], |vm, args| {
        let coro = wrapped_coroutine(vm, &args)?;
        let (_, [value]) = SEND[2].bind(vm, args)?;
        vm.call_method(&coro, "send", value.into_iter().collect())
    });
    add_method_sig(vm, &wrapper, &THROW[2], |vm, args| {
        let coro = wrapped_coroutine(vm, &args)?;
        let (_, arguments) = THROW[2].bind::<3>(vm, args)?;
        vm.call_method(&coro, "throw", arguments.into_iter().flatten().collect())
    });
    add_method_sig(vm, &wrapper, &CLOSE[2], |vm, args| {
        let coro = wrapped_coroutine(vm, &args)?;
        let (_, []) = CLOSE[2].bind(vm, args)?;
        vm.call_method(&coro, "close", vec![])
    });
}

fn wrapped_coroutine(vm: &mut Vm, args: &Args) -> PyResult<Value> {
    let me = this(args);
    if !Rc::ptr_eq(&vm.type_of(&me), &vm.types.coroutine_wrapper) {
        return Err(vm.new_type_error("expected a coroutine_wrapper".to_owned()));
    }
    Ok(crate::native::member_value(&me, 0).unwrap_or(Value::None))
}

/// The error of `GET_AWAITABLE` for the result of `__aenter__` (`where_` 1) or
/// `__aexit__` (2) of an `async with` that has no `__await__` (CPython's
/// `format_awaitable_error`); any other error as it was.
pub fn async_with_await_error(vm: &mut Vm, value: &Value, where_: usize, err: PyErr) -> PyErr {
    let has_await = crate::objects::typeobject::type_data(&vm.type_of(value))
        .slots
        .await_
        .get()
        .is_some();
    if has_await || !vm.err_matches(&err, Exc::TypeError) {
        return err;
    }
    let method = if where_ == 1 {
        "__aenter__"
    } else {
        "__aexit__"
    };
    vm.new_type_error(format!(
        "'async with' received an object from {method} that does not implement __await__: {}",
        vm.type_name_of(value)
    ))
}

/// `GET_AWAITABLE`: what `await value` iterates: a coroutine itself, or what its
/// type's `__await__` returns.
pub fn get_awaitable(vm: &mut Vm, value: &Value) -> PyResult<Value> {
    if let Value::Obj(o) = value {
        if let Payload::Generator(g) = &o.payload {
            let iterable =
                g.borrow().code.code.flags & krait_bytecode::CodeFlags::ITERABLE_COROUTINE != 0;
            if Rc::ptr_eq(&o.class(), &vm.types.coroutine) || iterable {
                return Ok(value.clone());
            }
        }
    }
    let Some(await_) = crate::objects::typeobject::type_data(&vm.type_of(value))
        .slots
        .await_
        .get()
    else {
        return Err(vm.new_type_error(format!(
            "object {} can't be used in 'await' expression",
            vm.type_name_of(value)
        )));
    };
    let it = await_(vm, value)?;
    if let Value::Obj(o) = &it {
        if Rc::ptr_eq(&o.class(), &vm.types.coroutine) {
            return Err(vm.new_type_error("__await__() returned a coroutine".to_owned()));
        }
    }
    let is_iterator = crate::objects::typeobject::type_data(&vm.type_of(&it))
        .slots
        .iternext
        .get()
        .is_some();
    if !is_iterator {
        return Err(vm.new_type_error(format!(
            "__await__() returned non-iterator of type '{}'",
            vm.type_name_of(&it)
        )));
    }
    Ok(it)
}
