//! Interpreter frames (CPython's `_PyInterpreterFrame`, `Include/internal/pycore_frame.h`).
//!
//! A frame's locals, cells, free variables and operand stack live contiguously in
//! `Vm::stack`, from `base` on; only the running frame's operand stack can grow, so it
//! is simply the top of that stack. A Python-visible frame object is made only when
//! something asks for it (a traceback, `sys._getframe`).

use std::rc::Rc;

use crate::object::ObjRef;
use crate::objects::code::CodeData;
use crate::value::Value;

pub struct Frame {
    pub code: Rc<CodeData>,
    /// The function being run, for `COPY_FREE_VARS` and `RETURN_GENERATOR`.
    pub func: Option<ObjRef>,
    pub globals: ObjRef,
    pub builtins: ObjRef,
    /// The locals mapping of module, class and `exec` frames (`LOAD_NAME`).
    pub locals: Option<Value>,
    /// Index in `Vm::stack` of the first localsplus slot.
    pub base: usize,
    /// The code unit to resume at. The loop keeps the running frame's in a local and
    /// writes it here only when the frame is left (a call, a yield) or given a
    /// handler.
    pub pc: usize,
    /// The code unit of the instruction running or last run: where the exception
    /// table is consulted, and `f_lasti / 2` unless `restored_lasti` says otherwise.
    /// The only field the loop writes as each instruction starts.
    pub instr: usize,
    /// `f_lasti / 2` as a `RERAISE` restored it (the instruction that first raised),
    /// until a handler in this frame runs.
    pub restored_lasti: Option<u32>,
    /// Returning from this frame returns from the Rust call that pushed it.
    pub is_entry: bool,
    /// The generator this frame runs for, if any.
    pub generator: Option<ObjRef>,
    /// The frame object, once one was asked for.
    pub frame_object: Option<ObjRef>,
    /// Slots below `base` that belong to the call (the callable and its NULL or
    /// self slot when the arguments became the locals in place); removed on return.
    pub call_shrink: u32,
    /// What returning leaves the caller besides the value (an `__init__`'s
    /// instance, a comparison's result).
    pub on_return: OnReturn,
    /// Keyword names set by `KW_NAMES` for the next `CALL`.
    pub kwnames: Option<Value>,
    /// For a generator frame that `FOR_ITER` or `SEND` resumed within the loop: the
    /// code unit where the caller goes on when the generator returns.
    pub resumed_exit: u32,
    /// Which instruction resumed it, which says what its return leaves the caller.
    pub resumed_by: ResumedBy,
}

/// What a frame called from the loop leaves its caller when it returns.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum OnReturn {
    /// The returned value is the call's result.
    Value,
    /// The frame runs `__init__` for an instance that its caller's stack holds just
    /// below it: that instance is the call's result (`None` must be returned).
    Instance,
    /// The frame runs a comparison method for `COMPARE_OP op`, whose two operands
    /// the caller's stack holds just below it. A result other than NotImplemented
    /// is the comparison's (negated when `negate`: `object.__ne__` running
    /// `__eq__`); NotImplemented goes on to the reflected method and the default.
    Comparison { op: u8, negate: bool },
}

/// The instruction that resumed a generator as a frame of the loop.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ResumedBy {
    /// `FOR_ITER`: a return ends the loop; the iterator is dropped.
    ForIter,
    /// `SEND` (`yield from`, `await`): a return's value replaces the receiver. The
    /// flag says whether None was sent to a generator (for the tracer, a `next()`).
    Send { by_next: bool },
}

impl Frame {
    pub fn new(
        code: Rc<CodeData>,
        globals: ObjRef,
        builtins: ObjRef,
        locals: Option<Value>,
        base: usize,
    ) -> Frame {
        Frame {
            code,
            func: None,
            globals,
            builtins,
            locals,
            base,
            pc: 0,
            instr: 0,
            restored_lasti: None,
            is_entry: true,
            generator: None,
            frame_object: None,
            call_shrink: 0,
            on_return: OnReturn::Value,
            kwnames: None,
            resumed_exit: 0,
            resumed_by: ResumedBy::ForIter,
        }
    }

    /// A frame running the Python function `func` (whose data is `data` and code
    /// `code`) on the locals from `base`, as an entry frame.
    pub fn for_function(
        func: &ObjRef,
        data: &crate::objects::function::FunctionData,
        code: Rc<CodeData>,
        base: usize,
    ) -> Frame {
        let mut frame = Frame::new(
            code,
            data.globals.clone(),
            data.builtins.clone(),
            None,
            base,
        );
        frame.func = Some(func.clone());
        frame
    }

    /// Writes, field by field into `place`, the frame of a call from the eval loop
    /// (not an entry frame) to the function `func` running `code` on the locals
    /// from `base`. Built in place: a frame assembled on the machine stack and then
    /// copied moved its narrowly written fields with wide loads, which the processor
    /// cannot forward from those stores, on every call.
    ///
    /// # Safety
    /// `place` must be valid for writes and aligned; what it held is not dropped.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub unsafe fn write_called(
        place: *mut Frame,
        code: Rc<CodeData>,
        func: ObjRef,
        globals: ObjRef,
        builtins: ObjRef,
        base: usize,
        call_shrink: u32,
        on_return: OnReturn,
    ) {
        use std::ptr::addr_of_mut;
        // SAFETY: each field of `*place` is written once, through its own
        // address, which the caller vouches for.
        unsafe {
            addr_of_mut!((*place).code).write(code);
            addr_of_mut!((*place).func).write(Some(func));
            addr_of_mut!((*place).globals).write(globals);
            addr_of_mut!((*place).builtins).write(builtins);
            addr_of_mut!((*place).locals).write(None);
            addr_of_mut!((*place).base).write(base);
            addr_of_mut!((*place).pc).write(0);
            addr_of_mut!((*place).instr).write(0);
            addr_of_mut!((*place).restored_lasti).write(None);
            addr_of_mut!((*place).is_entry).write(false);
            addr_of_mut!((*place).generator).write(None);
            addr_of_mut!((*place).frame_object).write(None);
            addr_of_mut!((*place).call_shrink).write(call_shrink);
            addr_of_mut!((*place).on_return).write(on_return);
            addr_of_mut!((*place).kwnames).write(None);
            addr_of_mut!((*place).resumed_exit).write(0);
            addr_of_mut!((*place).resumed_by).write(ResumedBy::ForIter);
        }
    }

    /// The code unit of the instruction running or last run (`f_lasti / 2`).
    #[inline]
    pub fn lasti(&self) -> usize {
        self.restored_lasti.map_or(self.instr, |at| at as usize)
    }

    /// Index in `Vm::stack` of the first slot the frame's call owns (its locals and
    /// the `call_shrink` slots below them): where the stack ends once it is gone.
    #[inline]
    pub fn call_bottom(&self) -> usize {
        self.base - self.call_shrink as usize
    }

    /// The code object of the function the frame runs, when it runs that
    /// function's code (what `f_code` shows, so `frame.f_code is f.__code__`).
    pub fn function_code_object(&self) -> Option<ObjRef> {
        let crate::object::Payload::Function(func) = &self.func.as_ref()?.payload else {
            return None;
        };
        let (object, code) = &*func.code.borrow();
        Rc::ptr_eq(code, &self.code).then(|| object.clone())
    }

    /// Index in `Vm::stack` where the operand stack begins.
    pub fn stack_base(&self) -> usize {
        self.base + self.code.nlocalsplus()
    }
}

// Frames are moved on every call and return; past this size LLVM moves them with a
// `memcpy` call, which cost fib a tenth more instructions.
const _: () = assert!(std::mem::size_of::<Frame>() <= 136);
