//! Tracing and profiling: `sys.settrace` and `sys.setprofile` (CPython's tracing
//! path of `Python/ceval.c` and the trampolines of `Python/sysmodule.c`).
//!
//! A hook is either a Python callable, called as `hook(frame, event, arg)`, or a
//! profiler written in Rust (`_lsprof`), called with the frame's depth and no frame
//! object. While any hook is set and none is running, `Vm::use_tracing` is true and
//! the eval loop reports each instruction to `trace_instruction`: that one flag is
//! all that tracing costs when it is off.
//!
//! The events are CPython's: `call` when a frame starts or a generator resumes (its
//! `RESUME`), `line` when an instruction starts a new line or jumps back, `return`
//! when a frame returns, yields or is left by an exception, `exception` when one is
//! raised or passes through a frame (trace hooks only), `opcode` per instruction when
//! the frame asks for it, and `c_call`/`c_return`/`c_exception` around calls of
//! builtin functions (profile hooks only). A trace hook's `call` result becomes the
//! frame's `f_trace`, which receives the frame's other events.

use krait_bytecode::Opcode;

use crate::object::{ObjRef, Payload};
use crate::objects::function::Args;
use crate::objects::traceback::frame_data;
use crate::value::Value;
use crate::{PyErr, PyResult, Vm};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TraceEvent {
    Call,
    Exception,
    Line,
    Return,
    CCall,
    CException,
    CReturn,
    Opcode,
}

impl TraceEvent {
    /// The event's name as hooks written in Python receive it.
    pub fn name(self) -> &'static str {
        match self {
            TraceEvent::Call => "call",
            TraceEvent::Exception => "exception",
            TraceEvent::Line => "line",
            TraceEvent::Return => "return",
            TraceEvent::CCall => "c_call",
            TraceEvent::CException => "c_exception",
            TraceEvent::CReturn => "c_return",
            TraceEvent::Opcode => "opcode",
        }
    }
}

/// A profiler written in Rust: called with its own object, the depth in `Vm::frames`
/// of the frame the event is about, the event and its argument.
pub type NativeHook = fn(&mut Vm, &Value, usize, TraceEvent, &Value) -> PyResult<()>;

#[derive(Clone)]
pub enum Hook {
    Python(Value),
    Native { object: Value, callback: NativeHook },
}

impl Hook {
    /// What `sys.gettrace()`/`sys.getprofile()` return for it.
    pub fn object(&self) -> &Value {
        match self {
            Hook::Python(v) => v,
            Hook::Native { object, .. } => object,
        }
    }
}

/// Which of the two hooks an event goes to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Trace,
    Profile,
}

#[derive(Default)]
pub struct TraceState {
    pub trace: Option<Hook>,
    pub profile: Option<Hook>,
    /// Hooks now running (CPython's `tstate->tracing`): none fire inside them.
    pub running: u32,
    /// A hook is being replaced (see `install`).
    installing: bool,
    /// The event whose hook is running (CPython's `tstate->tracing_what`).
    event: Option<TraceEvent>,
    /// A jump a hook asked for by setting `f_lineno`, made once it returns: the
    /// depth of the frame and where it goes.
    jump: Option<(usize, crate::frame_jump::Jump)>,
}

impl Vm {
    fn update_use_tracing(&mut self) {
        self.use_tracing = self.tracer.running == 0
            && (self.tracer.trace.is_some() || self.tracer.profile.is_some());
    }

    pub fn set_trace_hook(&mut self, hook: Option<Hook>) {
        self.tracer.trace = hook;
        self.update_use_tracing();
    }

    pub fn set_profile_hook(&mut self, hook: Option<Hook>) {
        self.tracer.profile = hook;
        self.update_use_tracing();
    }

    /// Called by the eval loop before each instruction while tracing is on, with the
    /// instruction's code unit; sets it as the frame's current instruction.
    #[inline(never)]
    /// `Some(target)` when the hook set `f_lineno`: the loop goes on at `target`.
    pub(crate) fn trace_instruction(
        &mut self,
        at: usize,
        opcode: Opcode,
    ) -> PyResult<Option<usize>> {
        // What died since the last instruction is finalised now, traced, as CPython
        // finalises it when the last reference goes; not inside the hook.
        if self.finalizers.is_pending() {
            self.run_finalizers();
        }
        let depth = self.frames.len() - 1;
        let frame = &mut self.frames[depth];
        let previous = std::mem::replace(&mut frame.instr, at);
        let code = frame.code.clone();
        // What runs before the first `RESUME` (making cells, copying free variables,
        // making a generator) belongs to the call, not to the code.
        let first = code.first_traceable();
        if at < first {
            return Ok(None);
        }
        if opcode == Opcode::RESUME {
            self.trace_function_entry(depth)?;
            return Ok(None);
        }
        if self.tracer.trace.is_none() {
            return Ok(None);
        }
        let frame_obj = self.frame_object_at(depth);
        let (lines, opcodes) = match frame_data(&Value::Obj(frame_obj)) {
            Some(f) => {
                let f = f.borrow();
                (f.trace_lines, f.trace_opcodes)
            }
            None => (true, false),
        };
        if lines {
            if let Some(line) = code.line_at(at) {
                let last_line = if previous <= first {
                    None
                } else {
                    code.line_at(previous)
                };
                // A new line, or a jump back (but not the one that resumes a
                // `yield from`).
                let jumped_back = at < previous && opcode != Opcode::SEND;
                if last_line != Some(line) || jumped_back {
                    self.call_hook(Kind::Trace, depth, TraceEvent::Line, &Value::None)?;
                }
            }
        }
        if opcodes {
            self.call_hook(Kind::Trace, depth, TraceEvent::Opcode, &Value::None)?;
        }
        Ok(self.make_jump(depth))
    }

    /// Makes the jump a hook asked for in the frame at `depth` (the running one):
    /// what the target does not expect is popped from the stack, an exception
    /// being handled going back to being the handled one, as `POP_EXCEPT` would.
    fn make_jump(&mut self, depth: usize) -> Option<usize> {
        let (jump_depth, jump) = self.tracer.jump.take()?;
        if jump_depth != depth {
            return None;
        }
        let mut stack = jump.from_stack;
        while stack > jump.to_stack {
            let value = self.stack.pop().flatten();
            if crate::frame_jump::is_except(stack) {
                self.handled_exception = value.filter(|v| !v.is_none());
            }
            stack = crate::frame_jump::pop(stack);
        }
        self.frames[depth].instr = jump.target;
        Some(jump.target)
    }

    /// After the `return` event of a yield: a jump the hook asked for is where the
    /// generator resumes.
    #[inline(never)]
    pub(crate) fn jump_from_yield(&mut self) {
        let depth = self.frames.len() - 1;
        if let Some(target) = self.make_jump(depth) {
            self.frames[depth].pc = target;
        }
    }

    /// `frame.f_lineno = line` from a trace hook: checks the jump and plans it.
    pub fn set_frame_lineno(&mut self, frame_obj: &Value, line: Option<Value>) -> PyResult<()> {
        let Some(line) = line else {
            return Err(self.new_error(crate::Exc::AttributeError, "cannot delete attribute"));
        };
        if !matches!(&line, Value::Int(_))
            && !matches!(&line, Value::Obj(o) if matches!(o.payload, Payload::Int(_)) && std::rc::Rc::ptr_eq(&o.class(), &self.types.int))
        {
            return Err(self.new_value_error("lineno must be an integer".to_owned()));
        }
        let live = crate::objects::traceback::live_depth(self, frame_obj);
        let suspending = self.tracer.event == Some(TraceEvent::Return)
            && live.is_some_and(|depth| {
                let frame = &self.frames[depth];
                frame.generator.is_some()
                    && frame
                        .code
                        .instructions()
                        .get(frame.lasti())
                        .map(|i| i.opcode)
                        == Some(Opcode::YIELD_VALUE)
            });
        match self.tracer.event {
            Some(TraceEvent::Line) => {}
            Some(TraceEvent::Return) if suspending => {}
            // Outside any hook, the last event CPython remembers is a `call`.
            Some(TraceEvent::Call) | None => {
                return Err(self.new_value_error(
                    "can't jump from the 'call' trace event of a new frame".to_owned(),
                ))
            }
            _ => {
                return Err(
                    self.new_value_error("can only jump from a 'line' trace event".to_owned())
                )
            }
        }
        let Some(data) = frame_data(frame_obj) else {
            return Ok(());
        };
        if data.borrow().trace.is_none() {
            return Err(
                self.new_value_error("f_lineno can only be set by a trace function".to_owned())
            );
        }
        let line = match line {
            Value::Int(i) if i32::try_from(i).is_ok() => i,
            _ => return Err(self.new_value_error("lineno out of range".to_owned())),
        };
        let Some(depth) = live else {
            return Err(self.new_value_error("can only jump from a 'line' trace event".to_owned()));
        };
        let frame = &self.frames[depth];
        match crate::frame_jump::plan_jump(&frame.code, frame.lasti(), line) {
            Ok(mut jump) => {
                if suspending {
                    // The yielded value is no longer on the stack.
                    jump.from_stack = crate::frame_jump::pop(jump.from_stack);
                }
                data.borrow_mut().lineno = 0;
                self.tracer.jump = Some((depth, jump));
                Ok(())
            }
            Err(message) => Err(self.new_value_error(message)),
        }
    }

    /// The `call` event of the frame at `depth`, to the trace hook, then the profile
    /// hook (also for a generator resumed by an exception thrown in, which runs no
    /// `RESUME`).
    #[inline(never)]
    pub(crate) fn trace_function_entry(&mut self, depth: usize) -> PyResult<()> {
        if self.tracer.trace.is_some() {
            self.call_hook(Kind::Trace, depth, TraceEvent::Call, &Value::None)?;
        }
        if self.tracer.profile.is_some() {
            self.call_hook(Kind::Profile, depth, TraceEvent::Call, &Value::None)?;
        }
        Ok(())
    }

    /// The `return` event of the running frame: `value` is what it returns or yields,
    /// `None` when an exception leaves it.
    #[inline(never)]
    pub(crate) fn trace_function_exit(&mut self, value: &Value) -> PyResult<()> {
        let depth = self.frames.len() - 1;
        if self.tracer.trace.is_some() {
            self.call_hook(Kind::Trace, depth, TraceEvent::Return, value)?;
        }
        if self.tracer.profile.is_some() {
            self.call_hook(Kind::Profile, depth, TraceEvent::Return, value)?;
        }
        Ok(())
    }

    /// The `exception` event, when `err` is raised in or passes through the running
    /// frame. What the hook raises replaces `err`.
    #[inline(never)]
    pub(crate) fn trace_exception(&mut self, err: PyErr) -> PyErr {
        if self.tracer.trace.is_none() || self.tracer.running > 0 {
            return err;
        }
        let exc = Value::Obj(err.0.clone());
        let arg = self.new_tuple(vec![
            Value::Obj(err.0.class()),
            exc.clone(),
            crate::objects::exceptions::traceback_of(&exc),
        ]);
        let depth = self.frames.len() - 1;
        match self.call_hook(Kind::Trace, depth, TraceEvent::Exception, &arg) {
            Ok(()) => err,
            Err(new) => new,
        }
    }

    /// A generator driven by `FOR_ITER` or `SEND` returned `value`: with a trace
    /// hook set, the caller gets the `exception` event of the `StopIteration` that
    /// CPython raises there (none for a bare return through `__next__`, which raises
    /// nothing; `send()` raises it always).
    #[inline(never)]
    pub(crate) fn trace_generator_return(&mut self, value: &Value, by_send: bool) -> PyResult<()> {
        if self.tracer.trace.is_none() || self.tracer.running > 0 || (value.is_none() && !by_send) {
            return Ok(());
        }
        // A None return raises a bare `StopIteration()`, as `PyErr_SetObject` makes it.
        let stop = self.new_stop_iteration((!value.is_none()).then(|| value.clone()));
        let raised = self.trace_exception(stop.clone());
        if std::rc::Rc::ptr_eq(&raised.0, &stop.0) {
            Ok(())
        } else {
            Err(raised)
        }
    }

    /// Calls `callable` (a builtin function or method descriptor: see
    /// `is_traced_builtin`) between `c_call` and `c_return` or `c_exception` events
    /// to the profile hook. The event's argument is the function, a method
    /// descriptor bound to its first argument.
    #[inline(never)]
    pub(crate) fn call_builtin_profiled(
        &mut self,
        callable: &Value,
        args: Args,
    ) -> PyResult<Value> {
        let reported = match callable {
            Value::Obj(o) => match &o.payload {
                Payload::MethodDescriptor(f) => crate::objects::descriptors::bind_builtin(
                    f,
                    args.pos[0].clone(),
                    self.types.builtin_function.clone(),
                ),
                _ => callable.clone(),
            },
            _ => callable.clone(),
        };
        let depth = self.frames.len() - 1;
        self.call_hook(Kind::Profile, depth, TraceEvent::CCall, &reported)?;
        let result = self.call(callable, args);
        if self.tracer.profile.is_none() {
            return result;
        }
        match result {
            Ok(v) => {
                self.call_hook(Kind::Profile, depth, TraceEvent::CReturn, &reported)?;
                Ok(v)
            }
            Err(err) => {
                self.call_hook(Kind::Profile, depth, TraceEvent::CException, &reported)?;
                Err(err)
            }
        }
    }

    /// Whether a call of `callable` with `nargs` positional arguments gets `c_call`
    /// events: builtin functions and methods, and method descriptors given their
    /// `self` (CPython's `trace_call_function`).
    pub(crate) fn is_traced_builtin(&self, callable: &Value, nargs: usize) -> bool {
        let Value::Obj(o) = callable else {
            return false;
        };
        match &o.payload {
            Payload::BuiltinFunction(_) => {
                std::rc::Rc::ptr_eq(&o.class(), &self.types.builtin_function)
            }
            Payload::MethodDescriptor(_) => {
                nargs > 0 && std::rc::Rc::ptr_eq(&o.class(), &self.types.method_descriptor)
            }
            _ => false,
        }
    }

    /// Runs one hook for one event about the frame at `depth`, with tracing off
    /// while it runs. A Python hook gets the frame object, whose `f_lineno` reads
    /// the current line meanwhile and whose `f_locals`, if read before, are written
    /// back to the frame after (CPython's `call_trampoline`).
    fn call_hook(
        &mut self,
        kind: Kind,
        depth: usize,
        event: TraceEvent,
        arg: &Value,
    ) -> PyResult<()> {
        if self.tracer.running > 0 {
            return Ok(());
        }
        let hook = match kind {
            Kind::Trace => self.tracer.trace.clone(),
            Kind::Profile => self.tracer.profile.clone(),
        };
        let Some(hook) = hook else {
            return Ok(());
        };
        self.tracer.running += 1;
        self.use_tracing = false;
        let outer_event = self.tracer.event.replace(event);
        let result = match hook {
            Hook::Native { object, callback } => callback(self, &object, depth, event, arg),
            Hook::Python(callable) => self.call_python_hook(kind, &callable, depth, event, arg),
        };
        self.tracer.event = outer_event;
        self.tracer.running -= 1;
        self.update_use_tracing();
        result
    }

    fn call_python_hook(
        &mut self,
        kind: Kind,
        hook: &Value,
        depth: usize,
        event: TraceEvent,
        arg: &Value,
    ) -> PyResult<()> {
        let frame_obj = self.frame_object_at(depth);
        let frame_value = Value::Obj(frame_obj.clone());
        let Some(data) = frame_data(&frame_value) else {
            return Ok(());
        };
        // A trace hook's other events go to the frame's own `f_trace`.
        let callback = match (kind, event) {
            (Kind::Trace, TraceEvent::Call) | (Kind::Profile, _) => hook.clone(),
            (Kind::Trace, _) => match data.borrow().trace.clone() {
                Some(f) => f,
                None => return Ok(()),
            },
        };
        let lasti = self.frames[depth].lasti();
        let line = self.frames[depth].code.line_at(lasti);
        data.borrow_mut().lineno = line.map_or(0, |l| l as i32);
        self.refresh_frame_locals(depth, &frame_obj)?;
        let name = Value::Obj(self.intern(event.name()));
        let result = self.call(
            &callback,
            Args::new(vec![frame_value.clone(), name, arg.clone()]),
        );
        self.write_back_frame_locals(depth, &frame_obj)?;
        data.borrow_mut().lineno = 0;
        match result {
            Ok(Value::None) => Ok(()),
            Ok(new_trace) => {
                if kind == Kind::Trace {
                    data.borrow_mut().trace = Some(new_trace);
                }
                Ok(())
            }
            Err(err) => {
                // A hook that raises is removed (and a trace hook's frame loses its
                // `f_trace`); the error goes on from the frame.
                crate::objects::exceptions::push_traceback(self, &err.0, frame_obj, lasti);
                match kind {
                    Kind::Trace => {
                        self.set_trace_hook(None);
                        data.borrow_mut().trace = None;
                    }
                    Kind::Profile => self.set_profile_hook(None),
                }
                Err(err)
            }
        }
    }

    /// `f_locals` of a function frame is one dict, refreshed from the fast locals
    /// when read (CPython's `PyFrame_FastToLocals`); a frame whose `f_locals` was
    /// never read has none to refresh.
    fn refresh_frame_locals(&mut self, depth: usize, frame_obj: &ObjRef) -> PyResult<()> {
        let has_dict = frame_data(&Value::Obj(frame_obj.clone()))
            .is_some_and(|f| f.borrow().locals_dict.is_some());
        if has_dict {
            self.frame_locals_dict(depth, frame_obj)?;
        }
        Ok(())
    }

    /// Writes the frame's `f_locals` dict back into its fast locals and cells, after a
    /// hook that may have changed it (CPython's `PyFrame_LocalsToFast`).
    fn write_back_frame_locals(&mut self, depth: usize, frame_obj: &ObjRef) -> PyResult<()> {
        let Some(dict) =
            frame_data(&Value::Obj(frame_obj.clone())).and_then(|f| f.borrow().locals_dict.clone())
        else {
            return Ok(());
        };
        let Some(frame) = self.frames.get(depth) else {
            return Ok(());
        };
        if frame.locals.is_some() {
            return Ok(());
        }
        let (code, base) = (frame.code.clone(), frame.base);
        for (i, name) in code.code.localsplusnames.iter().enumerate() {
            let kind = code.cell_kind(i);
            if kind & krait_bytecode::LocalKind::FREE != 0
                && code.code.flags & krait_bytecode::CodeFlags::OPTIMIZED == 0
            {
                continue;
            }
            let value = crate::objects::dict::dict_get_str(&dict, name);
            let slot = base + i;
            let cell = match self.stack.get(slot) {
                Some(Some(Value::Obj(c)))
                    if kind
                        & (krait_bytecode::LocalKind::CELL | krait_bytecode::LocalKind::FREE)
                        != 0
                        && matches!(c.payload, Payload::Cell(_)) =>
                {
                    Some(c.clone())
                }
                _ => None,
            };
            match cell {
                Some(c) => {
                    if let Payload::Cell(content) = &c.payload {
                        let same = match (&*content.borrow(), &value) {
                            (Some(a), Some(b)) => a.is(b),
                            (None, None) => true,
                            _ => false,
                        };
                        if !same {
                            *content.borrow_mut() = value;
                        }
                    }
                }
                None => {
                    if let Some(entry) = self.stack.get_mut(slot) {
                        *entry = value;
                    }
                }
            }
        }
        Ok(())
    }

    /// The `f_locals` dict of the live frame at `depth`, made on first use and
    /// refreshed from its fast locals; a module or class frame's own mapping.
    pub fn frame_locals_dict(&mut self, depth: usize, frame_obj: &ObjRef) -> PyResult<Value> {
        if let Some(locals) = &self.frames[depth].locals {
            return Ok(locals.clone());
        }
        let frame_value = Value::Obj(frame_obj.clone());
        let data = frame_data(&frame_value);
        let existing = data.and_then(|f| f.borrow().locals_dict.clone());
        let dict = match existing {
            Some(d) => d,
            None => {
                let d = self.new_dict();
                if let Some(f) = data {
                    f.borrow_mut().locals_dict = Some(d.clone());
                }
                d
            }
        };
        let fresh = self.locals_of_frame(depth);
        let Value::Obj(fresh) = fresh else {
            return Ok(Value::Obj(dict));
        };
        let code = self.frames[depth].code.clone();
        for name in code.localsplus_names.iter() {
            let key = Value::Obj(name.clone());
            match crate::objects::dict::dict_get_item(self, &fresh, &key)? {
                Some(v) => crate::objects::dict::dict_set_item(self, &dict, key, v)?,
                None => {
                    crate::objects::dict::dict_del_item(self, &dict, &key)?;
                }
            }
        }
        Ok(Value::Obj(dict))
    }
}

/// `sys.settrace(function)`.
pub fn sys_settrace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let hook = one_hook_argument(vm, "settrace", args)?;
    install(vm, Kind::Trace, hook)?;
    Ok(Value::None)
}

/// `sys.setprofile(function)`.
pub fn sys_setprofile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let hook = one_hook_argument(vm, "setprofile", args)?;
    install(vm, Kind::Profile, hook)?;
    Ok(Value::None)
}

/// Replaces a hook. The old one is finalised at once, and may not install another
/// from its `__del__` meanwhile (CPython's guard in `_PyEval_SetTrace`).
pub fn install(vm: &mut Vm, kind: Kind, hook: Option<Hook>) -> PyResult<()> {
    let what = match kind {
        Kind::Trace => "trace",
        Kind::Profile => "profile",
    };
    if vm.tracer.installing {
        return Err(vm.new_runtime_error(format!(
            "Cannot install a {what} function while another {what} function is being installed"
        )));
    }
    vm.tracer.installing = true;
    let old = match kind {
        Kind::Trace => std::mem::replace(&mut vm.tracer.trace, hook),
        Kind::Profile => std::mem::replace(&mut vm.tracer.profile, hook),
    };
    vm.update_use_tracing();
    drop(old);
    if vm.finalizers.is_pending() {
        vm.run_finalizers();
    }
    vm.tracer.installing = false;
    Ok(())
}

pub fn sys_gettrace(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm
        .tracer
        .trace
        .as_ref()
        .map_or(Value::None, |h| h.object().clone()))
}

pub fn sys_getprofile(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm
        .tracer
        .profile
        .as_ref()
        .map_or(Value::None, |h| h.object().clone()))
}

/// `sys.call_tracing(func, args)`: calls `func(*args)` with tracing on again, even
/// from inside a hook (how a debugger debugs code it runs).
pub fn sys_call_tracing(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if !args.kw.is_empty() {
        return Err(vm.new_type_error("sys.call_tracing() takes no keyword arguments".to_owned()));
    }
    if args.pos.len() != 2 {
        return Err(vm.new_type_error(format!(
            "call_tracing expected 2 arguments, got {}",
            args.pos.len()
        )));
    }
    let Some(items) = crate::abstract_::tuple_items(&args.pos[1]) else {
        return Err(vm.new_type_error(format!(
            "call_tracing() argument 2 must be tuple, not {}",
            vm.type_name_of(&args.pos[1])
        )));
    };
    let saved = std::mem::replace(&mut vm.tracer.running, 0);
    vm.update_use_tracing();
    let result = vm.call(&args.pos[0], Args::new(items));
    vm.tracer.running = saved;
    vm.update_use_tracing();
    result
}

fn one_hook_argument(vm: &mut Vm, name: &str, args: Args) -> PyResult<Option<Hook>> {
    if !args.kw.is_empty() {
        return Err(vm.new_type_error(format!("sys.{name}() takes no keyword arguments")));
    }
    if args.pos.len() != 1 {
        return Err(vm.new_type_error(format!(
            "sys.{name}() takes exactly one argument ({} given)",
            args.pos.len()
        )));
    }
    Ok(match &args.pos[0] {
        Value::None => None,
        v => Some(Hook::Python(v.clone())),
    })
}
