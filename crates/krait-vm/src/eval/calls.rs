//! Calls from the eval loop: the `CALL` instruction's paths (a Python function
//! bound in place, with positional or keyword arguments; a class whose `__init__`
//! runs as a frame; anything else through `Args`), and pushing a called
//! function's frame.

use std::rc::Rc;

use super::LiveStack;
use crate::abstract_;
use crate::call;
use crate::frame::{Frame, OnReturn};
use crate::object::{ObjRef, Payload};
use crate::objects::code::CodeData;
use crate::objects::dict;
use crate::objects::function::{ArgValues, Args};
use crate::value::{RawSlot, Value};
use crate::Exc;
use crate::{PyResult, Vm};

impl Vm {
    /// `CALL argc`: calls a Python function by pushing its frame, anything else
    /// directly. `true` when a frame was pushed, which the loop then runs.
    #[inline]
    pub(super) fn call_instruction(&mut self, argc: usize) -> PyResult<bool> {
        let plain = self.frame().kwnames.is_none();
        if plain && self.call_python_in_place(argc)? {
            return Ok(true);
        }
        if !plain && self.call_python_with_keywords(argc)? {
            return Ok(true);
        }
        self.call_other(argc, plain)
    }

    /// `CALL` with keyword names (`KW_NAMES`) of a Python function without
    /// `*args` or `**kwargs`: the arguments are bound where they lie (the keyword
    /// values move to their parameters' slots, defaults fill the rest) and the
    /// frame is pushed, without the `Args` of the general path. `false`, with
    /// nothing changed, for any call the general binder must take or reject.
    #[inline(never)]
    fn call_python_with_keywords(&mut self, argc: usize) -> PyResult<bool> {
        /// Keywords bound here at most (more take the general path).
        const MAX_KEYWORDS: usize = 6;
        let Some(Value::Obj(kwnames)) = &self.frame().kwnames else {
            return Ok(false);
        };
        let kwnames = kwnames.clone();
        let Payload::Tuple(names) = &kwnames.payload else {
            return Ok(false);
        };
        let nkw = names.len();
        let len = self.stack.len();
        if nkw > MAX_KEYWORDS || nkw > argc || len < argc + 2 {
            return Ok(false);
        }
        let Some((func, bound_self, is_method)) = self.python_callee(argc) else {
            return Ok(false);
        };
        let Payload::Function(data) = &func.payload else {
            return Ok(false);
        };
        let code = data.code_data();
        let co = &code.code;
        let (argcount, posonly) = (co.argcount as usize, co.posonlyargcount as usize);
        let total = argcount + co.kwonlyargcount as usize;
        let npos = argc - nkw + is_method as usize + bound_self.is_some() as usize;
        if co.flags & call::VARIADIC != 0 || npos > argcount || total >= 64 {
            return Ok(false);
        }
        // Where each keyword goes; parameters given so far, by bit.
        let mut targets = [0usize; MAX_KEYWORDS];
        let mut given: u64 = (1u64 << npos) - 1;
        for (target, name) in targets.iter_mut().zip(names.iter()) {
            let Some(text) = abstract_::value_as_str(name) else {
                return Ok(false);
            };
            let Some(at) = co.localsplusnames[posonly..total]
                .iter()
                .position(|n| **n == *text)
            else {
                return Ok(false);
            };
            let at = posonly + at;
            if given & (1 << at) != 0 {
                return Ok(false);
            }
            given |= 1 << at;
            *target = at;
        }
        // Every parameter left must have a default.
        let defaults_tuple = data.defaults.borrow();
        let defaults: &[Value] = match &*defaults_tuple {
            Value::Obj(t) => match &t.payload {
                Payload::Tuple(items) => items,
                _ => &[],
            },
            _ => &[],
        };
        let first_default = argcount.saturating_sub(defaults.len());
        if (npos..first_default).any(|i| given & (1 << i) == 0) {
            return Ok(false);
        }
        // Keyword-only parameters not given take their `__kwdefaults__` (held as
        // words, `RawSlot`, which need no drop where the array ends).
        if total - argcount > MAX_KEYWORDS {
            return Ok(false);
        }
        let mut kw_defaults = [RawSlot::EMPTY; MAX_KEYWORDS];
        for (i, place) in (argcount..total).zip(kw_defaults.iter_mut()) {
            if given & (1 << i) == 0 {
                let default = match &*data.kwdefaults.borrow() {
                    Value::Obj(d) => dict::dict_get_str(d, &co.localsplusnames[i]),
                    _ => None,
                };
                let Some(default) = default else {
                    for taken in &kw_defaults {
                        taken.release();
                    }
                    return Ok(false);
                };
                *place = RawSlot::from_slot(Some(default));
            }
        }
        self.check_recursion()?;
        let (base, shrink) = self.place_self(argc, bound_self, is_method);
        // The keyword values leave the top of the stack for their parameters'
        // slots; the slots between start empty.
        let mut values = [RawSlot::EMPTY; MAX_KEYWORDS];
        for (value, slot) in values.iter_mut().zip(&mut self.stack[len - nkw..]) {
            *value = RawSlot::from_slot(slot.take());
        }
        self.stack.truncate(base + npos);
        while self.stack.len() < base + total {
            self.stack.push(None);
        }
        for (value, at) in values.into_iter().zip(targets).take(nkw) {
            self.stack[base + at] = value.into_slot();
        }
        for i in npos..argcount {
            if self.stack[base + i].is_none() {
                self.stack[base + i] = defaults.get(i - first_default).cloned();
            }
        }
        for (i, default) in (argcount..total).zip(kw_defaults) {
            if !default.is_empty() {
                self.stack[base + i] = default.into_slot();
            }
        }
        drop(defaults_tuple);
        self.frame_mut().kwnames = None;
        self.enter_function(func, code, base, 0, shrink, OnReturn::Value);
        Ok(true)
    }

    /// `CALL` of anything but a Python function taking its positional arguments
    /// in place; `plain` when no keyword names were given.
    #[inline(never)]
    pub(super) fn call_other(&mut self, argc: usize, plain: bool) -> PyResult<bool> {
        if plain {
            // The in-place paths take disjoint kinds of callable.
            if !self.use_tracing {
                if let Some(result) = self.call_native_in_place(argc) {
                    self.push(result?);
                    return Ok(false);
                }
            }
            if self.call_class_in_place(argc)? {
                return Ok(true);
            }
        }
        let kwnames = self.frame_mut().kwnames.take();
        let len = self.stack.len();
        let is_method = self.stack[len - argc - 2].is_some();
        let total = argc + is_method as usize;
        let callable_index = len - total - 1;
        let callable = if is_method {
            self.stack[len - argc - 2].clone().unwrap_or(Value::None)
        } else {
            self.stack[len - argc - 1].clone().unwrap_or(Value::None)
        };
        let mut values = ArgValues::new();
        call::move_stack_tail(&mut self.stack, len - total, &mut values);
        // Drop the callable and the NULL/self slot below the arguments.
        self.stack.truncate(callable_index.min(len - argc - 2));
        let kw = match kwnames.as_ref().and_then(abstract_::tuple_items) {
            Some(names) => {
                let split = values.len() - names.len();
                names
                    .into_iter()
                    .zip(values.drain(split..))
                    .filter_map(|(n, v)| n.as_obj().cloned().map(|n| (n, v)))
                    .collect()
            }
            None => Vec::new(),
        };
        let args = Args { pos: values, kw };
        // Python functions run in this loop: push their frame and go on.
        let (func, args) = match &callable {
            Value::Obj(o) => match &o.payload {
                Payload::Method { func, this } if matches!(func, Value::Obj(f) if matches!(f.payload, Payload::Function(_))) =>
                {
                    let mut args = args;
                    args.pos.insert(0, this.clone());
                    (func.clone(), args)
                }
                _ => (callable.clone(), args),
            },
            _ => (callable.clone(), args),
        };
        if let Value::Obj(f) = &func {
            if let Payload::Function(_) = f.payload {
                if self.frames.len() + self.native_depth >= self.recursion_limit {
                    return Err(
                        self.new_error(Exc::RecursionError, "maximum recursion depth exceeded")
                    );
                }
                let mut frame = crate::call::function_frame(self, f, args)?;
                frame.is_entry = false;
                self.push_frame(frame);
                return Ok(true);
            }
        }
        let result = if self.use_tracing && self.is_traced_builtin(&func, args.pos.len()) {
            self.call_builtin_profiled(&func, args)?
        } else {
            self.call(&func, args)?
        };
        self.push(result);
        Ok(false)
    }

    /// The Python function a `CALL` of `argc` arguments calls, with the object it
    /// is bound to when called as a method object, and whether `LOAD_METHOD` left
    /// the function and its object below the arguments.
    #[inline(always)]
    fn python_callee(&self, argc: usize) -> Option<(ObjRef, Option<Value>, bool)> {
        let len = self.stack.len();
        let is_method = self.stack[len - argc - 2].is_some();
        let callable = if is_method {
            &self.stack[len - argc - 2]
        } else {
            &self.stack[len - argc - 1]
        };
        let Some(Value::Obj(callable)) = callable else {
            return None;
        };
        let (func, bound_self) = match &callable.payload {
            Payload::Function(_) => (callable.clone(), None),
            // (In the method slot, a bound method's `self` goes before the
            // arguments, the first of which is in the self slot: `__exit__`.)
            Payload::Method {
                func: Value::Obj(f),
                this,
            } if matches!(f.payload, Payload::Function(_)) => (f.clone(), Some(this.clone())),
            _ => return None,
        };
        Some((func, bound_self, is_method))
    }

    /// Where the callee's locals begin once `self` (if any) is in place, and how
    /// many slots below them the call leaves to drop on return.
    #[inline(always)]
    fn place_self(
        &mut self,
        argc: usize,
        bound_self: Option<Value>,
        is_method: bool,
    ) -> (usize, u32) {
        let len = self.stack.len();
        match bound_self {
            Some(this) if is_method => {
                // [method, arg0, args...] -> [self, arg0, args...]
                self.stack[len - argc - 2] = Some(this);
                (len - argc - 2, 0)
            }
            Some(this) => {
                // [NULL, method, args...] -> [NULL, self, args...]
                self.stack[len - argc - 1] = Some(this);
                (len - argc - 1, 1)
            }
            None if is_method => (len - argc - 1, 1),
            None => (len - argc, 2),
        }
    }

    /// The fast call: a Python function taking exactly the positional arguments
    /// given (defaults may fill the rest) gets its frame right where the arguments
    /// lie on the stack, so they become its first locals without being copied.
    /// `false` when the call needs another path.
    #[inline(always)]
    pub(super) fn call_python_in_place(&mut self, argc: usize) -> PyResult<bool> {
        let Some((func, bound_self, is_method)) = self.python_callee(argc) else {
            return Ok(false);
        };
        let given = argc + is_method as usize + bound_self.is_some() as usize;
        let Some((code, missing)) = call::in_place_entry(&func, given, call::VARIADIC) else {
            return self.call_variadic_in_place(argc, func, bound_self, is_method);
        };
        self.check_recursion()?;
        let (base, shrink) = self.place_self(argc, bound_self, is_method);
        self.enter_function(func, code, base, missing, shrink, OnReturn::Value);
        Ok(true)
    }

    /// A Python function with `*args` or `**kwargs` (and no keyword-only
    /// parameters) called with positional arguments, at least as many as its
    /// named parameters (the wrappers decorators make, `__exit__(self, *exc)`):
    /// the extra arguments become the `*args` tuple where they lie, `**kwargs` a
    /// new dict, and the frame is pushed as for an exact call. `false`, with
    /// nothing changed, for any other call.
    #[inline(never)]
    fn call_variadic_in_place(
        &mut self,
        argc: usize,
        func: ObjRef,
        bound_self: Option<Value>,
        is_method: bool,
    ) -> PyResult<bool> {
        use krait_bytecode::CodeFlags;
        let Payload::Function(data) = &func.payload else {
            return Ok(false);
        };
        let code = data.code_data();
        let co = &code.code;
        let given = argc + is_method as usize + bound_self.is_some() as usize;
        let argcount = co.argcount as usize;
        let varargs = co.flags & CodeFlags::VARARGS != 0;
        let varkeywords = co.flags & CodeFlags::VARKEYWORDS != 0;
        let fits = if varargs {
            given >= argcount
        } else {
            given == argcount
        };
        if !(varargs || varkeywords) || co.kwonlyargcount != 0 || !fits {
            return Ok(false);
        }
        self.check_recursion()?;
        let (base, shrink) = self.place_self(argc, bound_self, is_method);
        if varargs {
            let extra: Vec<Value> = self
                .stack
                .drain(base + argcount..)
                .map(|v| v.unwrap_or(Value::None))
                .collect();
            let extra = self.new_tuple(extra);
            self.stack.push(Some(extra));
        }
        if varkeywords {
            let kwargs = self.new_dict();
            self.stack.push(Some(Value::Obj(kwargs)));
        }
        self.enter_function(func, code, base, 0, shrink, OnReturn::Value);
        Ok(true)
    }

    /// `cls(args)` for a class whose instances come from `object.__new__` and whose
    /// `__init__` is a Python function taking exactly these positional arguments
    /// (defaults may fill the rest): the instance is made here and `__init__` runs as
    /// a frame of this loop whose return leaves the instance (what CPython 3.12's
    /// `CALL_ALLOC_AND_ENTER_INIT` does). `false` when the call needs the general path.
    fn call_class_in_place(&mut self, argc: usize) -> PyResult<bool> {
        let len = self.stack.len();
        if self.stack[len - argc - 2].is_some() {
            return Ok(false);
        }
        let Some(Value::Obj(class)) = &self.stack[len - argc - 1] else {
            return Ok(false);
        };
        let Some(init) = plain_init_of(self, class) else {
            return Ok(false);
        };
        let Some((code, missing)) = call::in_place_entry(&init, argc + 1, call::NOT_PLAIN) else {
            return Ok(false);
        };
        let class = class.clone();
        self.check_recursion()?;
        let instance = Value::Obj(crate::objects::typeobject::new_instance(
            self,
            &class,
            Payload::Instance,
        ));
        // [NULL, cls, args...] -> [instance, instance, args...]: the first stays as
        // the call's result, the second is `self`.
        self.stack[len - argc - 2] = Some(instance.clone());
        self.stack[len - argc - 1] = Some(instance);
        self.enter_function(init, code, len - argc - 1, missing, 0, OnReturn::Instance);
        Ok(true)
    }

    /// Runs a property's getter (`specialize::is_plain_getter`) on `owner` as a frame
    /// of this loop; its return value lands where `LOAD_ATTR`'s result goes.
    pub(super) fn push_getter_frame(&mut self, getter: ObjRef, owner: Value) -> PyResult<()> {
        self.check_recursion()?;
        let base = self.stack.len();
        self.stack.push(Some(owner));
        let Payload::Function(data) = &getter.payload else {
            return Ok(());
        };
        let code = data.code_data();
        self.enter_function(getter, code, base, 0, 0, OnReturn::Value);
        Ok(())
    }

    /// `COMPARE_OP op` of an instance whose class compares through a Python
    /// method (`__lt__` ..., or `__eq__` behind `object.__ne__`): the method runs as
    /// a frame of this loop on copies of the operands, which stay below it for
    /// what a NotImplemented leads to (`return_comparison`). Only where CPython
    /// tries the left operand first: the right one is of the same class or of a
    /// builtin type (which a class statement's class never is a base of).
    /// `false`, with nothing changed, when the general path must compare.
    pub(super) fn enter_comparison(&mut self, op: usize) -> PyResult<bool> {
        let len = self.stack.len();
        let [.., Some(Value::Obj(left)), Some(right)] = &self.stack[..] else {
            return Ok(false);
        };
        let class = left.class_ref();
        let Some(data) = class.type_data() else {
            return Ok(false);
        };
        let python_slot: crate::slots::RichCompareFn = crate::slots::slot_richcompare;
        let compares_in_python = data.heap
            && data
                .slots
                .richcompare
                .get()
                .is_some_and(|f| std::ptr::fn_addr_eq(f, python_slot));
        let left_first = match right {
            Value::Obj(r) => {
                let right_class = r.class_ref();
                std::ptr::eq(right_class, class) || !right_class.type_data().is_some_and(|t| t.heap)
            }
            _ => true,
        };
        if !compares_in_python || !left_first || op > 5 {
            return Ok(false);
        }
        let class = left.class();
        let is_function =
            |v: &Value| matches!(v, Value::Obj(f) if matches!(f.payload, Payload::Function(_)));
        let method = crate::objects::typeobject::lookup_static(&class, abstract_::CMP_DUNDERS[op]);
        let (method, negate) = match method {
            Some(m) if is_function(&m) => (m, false),
            Some(m) if op == krait_bytecode::opcode_table::CMP_NE && m.is(&self.object_ne()) => {
                match crate::objects::typeobject::lookup_static(&class, "__eq__") {
                    Some(eq) if is_function(&eq) => (eq, true),
                    _ => return Ok(false),
                }
            }
            _ => return Ok(false),
        };
        let Value::Obj(func) = method else {
            return Ok(false);
        };
        let Some((code, missing)) = call::in_place_entry(&func, 2, call::NOT_PLAIN) else {
            return Ok(false);
        };
        self.check_recursion()?;
        // [.., left, right] -> [.., left, right, left, right]: the copies are the
        // method's `self` and `other`.
        let operands = [self.stack[len - 2].clone(), self.stack[len - 1].clone()];
        self.stack.extend(operands);
        let on_return = OnReturn::Comparison {
            op: op as u8,
            negate,
        };
        self.enter_function(func, code, len, missing, 2, on_return);
        Ok(true)
    }

    /// `object.__ne__`, as `lookup_static` finds it.
    fn object_ne(&self) -> Value {
        let object = self.types.object.clone();
        crate::objects::typeobject::lookup_static(&object, "__ne__").unwrap_or(Value::None)
    }

    /// The frame `enter_comparison` pushed returns `value`: it goes with the
    /// operands below it, and the comparison's result takes their place.
    pub(super) fn return_comparison(&mut self, value: Value, op: u8, negate: bool) -> PyResult<()> {
        let lasti = self.frame().lasti();
        self.record_frame_end(lasti);
        let keep = self.frame().call_bottom();
        self.frames.truncate(self.frames.len() - 1);
        let op = op as usize;
        let result = if !abstract_::is_not_implemented(self, &value) {
            self.stack.truncate(keep);
            if negate {
                Value::Bool(!abstract_::is_true(self, &value)?)
            } else {
                value
            }
        } else {
            let right = self.stack[keep + 1].take().unwrap_or(Value::None);
            let left = self.stack[keep].take().unwrap_or(Value::None);
            self.stack.truncate(keep);
            abstract_::compare_after_left(self, &left, &right, op)?
        };
        self.push(result);
        Ok(())
    }

    /// Pushes the last `missing` of the function's positional defaults.
    #[cold]
    fn push_defaults(&mut self, data: &crate::objects::function::FunctionData, missing: usize) {
        if let Value::Obj(t) = &*data.defaults.borrow() {
            if let Payload::Tuple(defaults) = &t.payload {
                let from = defaults.len().saturating_sub(missing);
                self.stack
                    .extend(defaults[from..].iter().cloned().map(Some));
            }
        }
    }

    #[inline(always)]
    pub(crate) fn check_recursion(&mut self) -> PyResult<()> {
        if self.frames.len() + self.native_depth >= self.recursion_limit {
            return Err(self.new_error(Exc::RecursionError, "maximum recursion depth exceeded"));
        }
        Ok(())
    }

    /// Pushes a frame for the Python function `func` whose positional arguments lie
    /// on the stack from `base`: the last `missing` defaults fill the rest, and the
    /// frame's other locals start unbound. `call_shrink` slots below `base` go with
    /// the frame when it returns; `on_return` says what the return leaves.
    #[inline(always)]
    pub(super) fn enter_function(
        &mut self,
        func: ObjRef,
        code: Rc<CodeData>,
        base: usize,
        missing: usize,
        call_shrink: u32,
        on_return: OnReturn,
    ) {
        let Payload::Function(data) = &func.payload else {
            return;
        };
        if missing > 0 {
            self.push_defaults(data, missing);
        }
        // Room for the locals and the frame's deepest stack at once, so that the
        // loop's fast pushes find it; the locals past the arguments start unbound.
        let locals_end = base + code.nlocalsplus();
        self.stack.reserve(
            (locals_end + code.code.stacksize as usize + 1).saturating_sub(self.stack.len()),
        );
        let mut stack = LiveStack::of(&mut self.stack);
        while stack.len < locals_end {
            stack.push(None);
        }
        stack.commit(&mut self.stack);
        let (globals, builtins) = (data.globals.clone(), data.builtins.clone());
        let place = crate::value::next_slot(&mut self.frames);
        // SAFETY: `place` is the slot past the frame stack's end, inside its buffer,
        // holding no frame; `Frame::write_called` writes every field, after which
        // counting it leaves one more initialised frame.
        unsafe {
            Frame::write_called(
                place,
                code,
                func,
                globals,
                builtins,
                base,
                call_shrink,
                on_return,
            );
            self.frames.set_len(self.frames.len() + 1);
        }
    }

    /// Pushes `frame` on the frame stack, written straight into its buffer
    /// (`Vec::push` is left out of line here, and moves the frame twice).
    #[inline(always)]
    pub(crate) fn push_frame(&mut self, frame: Frame) {
        let place = crate::value::next_slot(&mut self.frames);
        // SAFETY: `place` is the slot past the frame stack's end, inside its buffer,
        // holding no frame: written, it may be counted.
        unsafe {
            place.write(frame);
            self.frames.set_len(self.frames.len() + 1);
        }
    }
}

/// The `__init__` of `class` when calling it is `type.__call__` running
/// `object.__new__` and then that Python function: no metaclass `__call__`, no
/// `__new__` of its own, a layout `object.__new__` can make, not abstract.
fn plain_init_of(vm: &Vm, class: &ObjRef) -> Option<ObjRef> {
    let Payload::Type(data) = &class.payload else {
        return None;
    };
    // Remembered under the class's version, which any change to the class or its
    // bases resets; a metaclass other than `type` could gain a `__call__` unseen.
    let metatype_is_type = std::ptr::eq(class.class_ref(), &*vm.types.type_);
    let tag = data.version_tag.get();
    if tag != 0 && metatype_is_type {
        if let Some((seen, init)) = &*data.plain_init.borrow() {
            if *seen == tag {
                match init {
                    None => return None,
                    Some(init) => {
                        if let Some(init) = init.upgrade() {
                            return Some(init);
                        }
                    }
                }
            }
        }
    }
    let found = find_plain_init(vm, class, data);
    if metatype_is_type {
        let tag = crate::objects::typeobject::version_tag(class);
        *data.plain_init.borrow_mut() = Some((tag, found.as_ref().map(Rc::downgrade)));
    }
    found
}

/// `plain_init_of` worked out from the class's slots and namespace.
fn find_plain_init(
    vm: &Vm,
    class: &ObjRef,
    data: &crate::objects::typeobject::TypeData,
) -> Option<ObjRef> {
    let object_new: crate::slots::NewOrInitFn = crate::objects::object::object_new;
    let slot_init: crate::slots::NewOrInitFn = crate::slots::slot_init;
    let plain = data
        .slots
        .new
        .get()
        .is_some_and(|f| std::ptr::fn_addr_eq(f, object_new))
        && data
            .slots
            .init
            .get()
            .is_some_and(|f| std::ptr::fn_addr_eq(f, slot_init))
        && data.layout == crate::objects::typeobject::Layout::Object
        && !data.is_abstract.get();
    if !plain {
        return None;
    }
    let metatype = class.class_ref();
    if !std::ptr::eq(metatype, &*vm.types.type_) {
        let (_, owner) = crate::objects::typeobject::lookup_with_owner(&class.class(), "__call__")?;
        if !Rc::ptr_eq(&owner, &vm.types.type_) {
            return None;
        }
    }
    match crate::objects::typeobject::lookup(class, "__init__")? {
        Value::Obj(init) if matches!(init.payload, Payload::Function(_)) => Some(init),
        _ => None,
    }
}
