//! Calling (CPython's `Objects/call.c` and the argument binding of `ceval.c`): the one
//! entry point through which Rust calls any Python callable, and the binding of
//! arguments to a Python function's parameters, with CPython's error messages.

use std::rc::Rc;

use krait_bytecode::CodeFlags;

use crate::abstract_;
use crate::eval::FrameExit;
use crate::frame::Frame;
use crate::object::{ObjRef, Payload};
use crate::objects::code::CodeData;
use crate::objects::dict;
use crate::objects::function::{Args, FastCall, FastFn, FunctionData};
use crate::value::{RawSlot, Value};
use crate::Exc;
use crate::{PyErr, PyResult, Vm};

impl Vm {
    /// Calls any callable with `args`: `callable(*args.pos, **args.kw)`.
    pub fn call(&mut self, callable: &Value, args: Args) -> PyResult<Value> {
        let Value::Obj(obj) = callable else {
            return Err(self.not_callable(callable));
        };
        match &obj.payload {
            Payload::Function(_) => {
                let frame = function_frame(self, obj, args)?;
                match self.run_frame(frame)? {
                    FrameExit::Return(v) | FrameExit::Yield(v) => Ok(v),
                }
            }
            Payload::BuiltinFunction(f) => {
                let args = match &f.this {
                    Some(this) if !f.is_type_new() => prepend(this.clone(), args),
                    _ => args,
                };
                if args.kw.is_empty() {
                    if let Some(fast) = fast_entry_for(f, args.pos.len()) {
                        return self.run_fast_entry(fast, &args.pos);
                    }
                }
                self.enter_native()?;
                let result = f.invoke(self, args);
                self.leave_native();
                result
            }
            Payload::Method { func, this } => {
                let (func, this) = (func.clone(), this.clone());
                self.call(&func, prepend(this, args))
            }
            Payload::MethodDescriptor(f) => {
                check_descriptor_call(self, obj, f, &args)?;
                if args.kw.is_empty() {
                    if let Some(fast) = fast_entry_for(f, args.pos.len()) {
                        return self.run_fast_entry(fast, &args.pos);
                    }
                }
                self.enter_native()?;
                let result = f.invoke(self, args);
                self.leave_native();
                result
            }
            Payload::ClassMethodDescriptor(f) => f.invoke(self, args),
            Payload::Type(_) => crate::objects::typeobject::type_call(self, obj, args),
            _ => match crate::objects::typeobject::type_data(&obj.class())
                .slots
                .call
                .get()
            {
                Some(call) => call(self, callable, args),
                None => Err(self.not_callable(callable)),
            },
        }
    }

    /// `CALL` of a builtin function or of a builtin type's method found by
    /// `LOAD_METHOD`, with positional arguments only, when nothing traces: the
    /// arguments move off the value stack and the builtin runs at once, through its
    /// fast entry when it has one for this many arguments (`FastCall`), else with
    /// `Args` but without the general dispatch of `call`. `None` (the stack
    /// untouched) for any other callable.
    pub(crate) fn call_native_in_place(&mut self, argc: usize) -> Option<PyResult<Value>> {
        let len = self.stack.len();
        let is_method = self.stack[len - argc - 2].is_some();
        let callable_slot = len - argc - 1 - is_method as usize;
        let Some(Value::Obj(callable)) = &self.stack[callable_slot] else {
            return None;
        };
        let (f, this) = match &callable.payload {
            // A builtin bound to its object (`append = items.append`) takes the
            // object first, as `call` prepends it; a type's `__new__` does not.
            Payload::BuiltinFunction(f)
                if !f.runs_slot() && (f.this.is_none() || !(is_method || f.is_type_new())) =>
            {
                (f, f.this.clone())
            }
            // A method descriptor's function keeps its type in `this`: no argument.
            Payload::MethodDescriptor(f) if is_method && !f.runs_slot() => (f, None),
            Payload::Type(data) if !is_method => {
                let fast = data.vectorcall.get()?;
                if !(fast.min as usize..=fast.max as usize).contains(&argc) {
                    return None;
                }
                return Some(self.call_fast(fast.func, None, len - argc, len - argc - 2));
            }
            _ => return None,
        };
        let first = len - argc - is_method as usize;
        let given = len - first + this.is_some() as usize;
        if let Some(fast) = fast_entry_for(f, given) {
            let applies = match (&callable.payload, self.stack.get(first)) {
                (Payload::MethodDescriptor(_), Some(Some(this))) => {
                    descriptor_applies(self, f, this)
                }
                (Payload::MethodDescriptor(_), _) => false,
                _ => true,
            };
            if applies {
                return Some(self.call_fast(fast, this, first, len - argc - 2));
            }
        }
        let func = f.func;
        let callable = callable.clone();
        let mut pos = crate::objects::function::ArgValues::new();
        if let Some(this) = this {
            pos.push(this);
        }
        move_stack_tail(&mut self.stack, first, &mut pos);
        self.stack.truncate(len - argc - 2);
        let args = Args {
            pos,
            kw: Vec::new(),
        };
        if let Payload::MethodDescriptor(f) = &callable.payload {
            if let Err(err) = check_descriptor_call(self, &callable, f, &args) {
                return Some(Err(err));
            }
        }
        if let Err(err) = self.enter_native() {
            return Some(Err(err));
        }
        let result = func(self, args);
        self.leave_native();
        Some(result)
    }

    /// Runs a fast entry on `this` (a bound builtin's object), if any, and the
    /// arguments from stack slot `first` to the top, which move off the stack first
    /// (the builtin may use the stack); the stack is then cut back to `keep` slots
    /// (the callable and the slot below it go too).
    #[inline(always)]
    fn call_fast(
        &mut self,
        fast: FastFn,
        this: Option<Value>,
        first: usize,
        keep: usize,
    ) -> PyResult<Value> {
        let mut args = MovedArgs::new();
        args.take(&mut self.stack, this, first);
        // The callable and the slot below it.
        self.pop_down_to(keep);
        self.run_fast_entry(fast, args.as_slice())
    }

    /// Pops the value stack down to `len` slots, one at a time and inline (where
    /// `truncate` calls the general drop of a slice): only objects own anything.
    #[inline(always)]
    pub(crate) fn pop_down_to(&mut self, len: usize) {
        while self.stack.len() > len {
            match self.stack.pop() {
                Some(Some(Value::Obj(o))) => drop(o),
                other => std::mem::forget(other),
            }
        }
    }

    /// `CALL` of a builtin through its fast entry, in the eval loop's fast tier: a
    /// builtin function called with NULL below it, or a builtin type's method found
    /// by `LOAD_METHOD` on an object it applies to, with positional arguments the
    /// entry takes, or a type with a fast entry (`TypeData::vectorcall`). `None`
    /// (the stack untouched) for anything else, which the general path then takes.
    #[inline(always)]
    pub(crate) fn call_native_fast(&mut self, argc: usize) -> Option<PyResult<Value>> {
        let len = self.stack.len();
        let below = len.checked_sub(argc + 2)?;
        let (callable, first) = match &self.stack[below..] {
            [None, Some(Value::Obj(callable)), ..] => (callable, below + 2),
            [Some(Value::Obj(callable)), Some(_), ..] => (callable, below + 1),
            _ => return None,
        };
        let fast = match &callable.payload {
            Payload::BuiltinFunction(f)
                if f.this.is_none() && !f.runs_slot() && first == below + 2 =>
            {
                f.signature?.fast()?
            }
            // A method descriptor takes its object first, found by `LOAD_METHOD`
            // or given as the first argument (`list.append(xs, 1)`).
            Payload::MethodDescriptor(f) if !f.runs_slot() => {
                let Some(Some(this)) = self.stack.get(first) else {
                    return None;
                };
                if !descriptor_applies(self, f, this) {
                    return None;
                }
                f.signature?.fast()?
            }
            Payload::Type(data) if first == below + 2 => {
                if argc == 1 && std::ptr::eq(&**callable, &*self.types.type_) {
                    // `type(x)`: the class of `x`, answered where `x` lies
                    // (CPython's `PRECALL_NO_KW_TYPE_1`).
                    let class = match &self.stack[first] {
                        Some(x) => self.type_of(x),
                        None => return None,
                    };
                    self.pop_down_to(below);
                    return Some(Ok(Value::Obj(class)));
                }
                let fast = data.vectorcall.get()?;
                if (fast.min as usize..=fast.max as usize).contains(&argc) {
                    return Some(self.call_fast(fast.func, None, first, below));
                }
                return None;
            }
            _ => return None,
        };
        if !(fast.min as usize..=fast.max as usize).contains(&(len - first)) {
            return None;
        }
        if let Some(answer) = self.answer_without_call(fast.func, &self.stack[first..]) {
            self.pop_down_to(below);
            return Some(Ok(answer));
        }
        Some(self.call_fast(fast.func, None, first, below))
    }

    /// `len(x)` of an exact builtin container, `isinstance(x, cls)` where the
    /// class of `x` is `cls` or a subclass of it (with `cls` a plain class), and
    /// `xs.append(x)` and `xs.pop()` on a list, answered from the arguments where
    /// they lie (CPython's `PRECALL_NO_KW_LEN`, `PRECALL_NO_KW_ISINSTANCE` and
    /// `PRECALL_NO_KW_LIST_APPEND`). `None` for everything else, which the builtin
    /// itself then answers (with its errors: an empty list, no memory).
    #[inline(always)]
    fn answer_without_call(
        &self,
        func: fn(&mut Vm, &[Value]) -> PyResult<Value>,
        args: &[Option<Value>],
    ) -> Option<Value> {
        type Fast = fn(&mut Vm, &[Value]) -> PyResult<Value>;
        match args {
            [Some(Value::Obj(o))]
                if std::ptr::fn_addr_eq(func, crate::builtins::len_fast as Fast) =>
            {
                abstract_::exact_len(o).map(|n| Value::Int(n as i64))
            }
            [Some(obj), Some(Value::Obj(cls))]
                if std::ptr::fn_addr_eq(func, crate::builtins::isinstance_fast as Fast) =>
            {
                // A class whose metaclass is `type` has no `__instancecheck__`
                // of its own; a false answer goes the long way (`__class__`).
                let plain = std::ptr::eq(cls.class_ref(), &*self.types.type_);
                (plain && self.isinstance(obj, cls)).then_some(Value::Bool(true))
            }
            [Some(Value::Obj(o)), Some(item)]
                if std::ptr::fn_addr_eq(func, crate::objects::list::append_fast as Fast) =>
            {
                let Payload::List(items) = &o.payload else {
                    return None;
                };
                let mut items = items.try_borrow_mut().ok()?;
                items.try_reserve(1).ok()?;
                items.push(item.clone());
                Some(Value::None)
            }
            [Some(Value::Obj(o))]
                if std::ptr::fn_addr_eq(func, crate::objects::list::pop_fast as Fast) =>
            {
                let Payload::List(items) = &o.payload else {
                    return None;
                };
                items.try_borrow_mut().ok()?.pop()
            }
            _ => None,
        }
    }

    /// Calls the Python function `func` with `this` and then `args` as its
    /// positional arguments (a method found on a type), without collecting them.
    pub fn call_with_self(
        &mut self,
        func: &ObjRef,
        this: &Value,
        args: &[Value],
    ) -> PyResult<Value> {
        if let Some(code) = exact_positional_entry(func, args.len() + 1) {
            let base = self.stack.len();
            self.stack.push(Some(this.clone()));
            self.stack.extend(args.iter().cloned().map(Some));
            return self.run_function(func, code, base);
        }
        let mut pos = Vec::with_capacity(args.len() + 1);
        pos.push(this.clone());
        pos.extend_from_slice(args);
        self.call1(&Value::Obj(func.clone()), pos)
    }

    /// Calls with positional arguments only.
    pub fn call1(&mut self, callable: &Value, pos: Vec<Value>) -> PyResult<Value> {
        if let Value::Obj(func) = callable {
            if let Some(code) = exact_positional_entry(func, pos.len()) {
                let base = self.stack.len();
                self.stack.extend(pos.into_iter().map(Some));
                return self.run_function(func, code, base);
            }
        }
        self.call(callable, Args::new(pos))
    }

    /// `call1` with borrowed arguments (CPython's vectorcall from C): a Python
    /// function taking exactly these gets them as its locals, copied straight onto
    /// the value stack.
    pub fn call_positional(&mut self, callable: &Value, args: &[Value]) -> PyResult<Value> {
        if let Value::Obj(func) = callable {
            if let Some(code) = exact_positional_entry(func, args.len()) {
                let base = self.stack.len();
                self.stack.extend(args.iter().cloned().map(Some));
                return self.run_function(func, code, base);
            }
            if let Payload::BuiltinFunction(f) = &func.payload {
                if f.this.is_none() {
                    if let Some(fast) = fast_entry_for(f, args.len()) {
                        return self.run_fast_entry(fast, args);
                    }
                }
            }
        }
        self.call(callable, Args::new(args.to_vec()))
    }

    /// Runs a builtin's fast entry on `args`, counted as a call into Rust.
    #[inline(always)]
    fn run_fast_entry(&mut self, fast: FastFn, args: &[Value]) -> PyResult<Value> {
        self.enter_native()?;
        let result = fast(self, args);
        self.leave_native();
        result
    }

    /// Runs `func` (whose code is `code`) on the arguments already at `base` on the
    /// value stack, its only parameters.
    fn run_function(&mut self, func: &ObjRef, code: Rc<CodeData>, base: usize) -> PyResult<Value> {
        let Payload::Function(data) = &func.payload else {
            self.stack.truncate(base);
            return Err(self.new_type_error("expected a function".to_owned()));
        };
        self.stack.resize(base + code.nlocalsplus(), None);
        let frame = Frame::for_function(func, data, code, base);
        match self.run_frame(frame)? {
            FrameExit::Return(v) | FrameExit::Yield(v) => Ok(v),
        }
    }

    /// Calls the method `name` of `obj` (looked up on its type) with `pos`.
    pub fn call_method(&mut self, obj: &Value, name: &str, pos: Vec<Value>) -> PyResult<Value> {
        let interned = self.intern(name);
        let method = abstract_::getattr(self, obj, &interned)?;
        self.call(&method, Args::new(pos))
    }

    fn not_callable(&mut self, v: &Value) -> PyErr {
        let msg = format!("'{}' object is not callable", self.type_name_of(v));
        self.new_type_error(msg)
    }

    /// Counts a call into Rust code, which may call back into Python: the recursion
    /// limit bounds Python frames and these together (with a little headroom for
    /// builtins called at the deepest Python level), so no input can exhaust the
    /// Rust stack.
    #[inline]
    fn enter_native(&mut self) -> PyResult<()> {
        if self.frames.len() + self.native_depth > self.recursion_limit + NATIVE_HEADROOM
            || self.stack_guard.exhausted()
        {
            return Err(self.new_error(Exc::RecursionError, "maximum recursion depth exceeded"));
        }
        self.native_depth += 1;
        Ok(())
    }

    #[inline]
    fn leave_native(&mut self) {
        self.native_depth -= 1;
    }

    /// Counts one level of a Rust recursion over nested data (CPython's
    /// `Py_EnterRecursiveCall`); `context` ends the RecursionError's message.
    pub fn enter_recursive_call(&mut self, context: &str) -> PyResult<()> {
        if self.frames.len() + self.native_depth >= self.recursion_limit
            || self.stack_guard.exhausted()
        {
            return Err(self.new_error(
                Exc::RecursionError,
                format!("maximum recursion depth exceeded{context}"),
            ));
        }
        self.native_depth += 1;
        Ok(())
    }

    pub fn leave_recursive_call(&mut self) {
        self.native_depth -= 1;
    }
}

/// Whether a builtin type's method may run on `this` (an instance of its type),
/// which `check_descriptor_call` otherwise refuses with CPython's message.
fn descriptor_applies(
    vm: &Vm,
    f: &crate::objects::function::BuiltinFunction,
    this: &Value,
) -> bool {
    let Some(Value::Obj(owner)) = &f.this else {
        return false;
    };
    if let Value::Obj(o) = this {
        if std::ptr::eq(o.class_ref(), &**owner) {
            return true;
        }
    }
    owner.type_data().is_some() && crate::objects::typeobject::is_subtype(&vm.type_of(this), owner)
}

/// Native calls allowed beyond the recursion limit.
const NATIVE_HEADROOM: usize = 50;

fn prepend(first: Value, mut args: Args) -> Args {
    args.pos.insert(0, first);
    args
}

/// Makes the frame for calling the Python function `func` with `args`: its locals
/// are pushed on the value stack, bound to the arguments.
pub fn function_frame(vm: &mut Vm, func: &ObjRef, args: Args) -> PyResult<Frame> {
    let Payload::Function(data) = &func.payload else {
        return Err(vm.new_type_error("expected a function".to_owned()));
    };
    let code = data.code_data();
    let base = vm.stack.len();
    vm.stack.resize(base + code.nlocalsplus(), None);
    if let Err(err) = bind_arguments(vm, data, base, args) {
        vm.stack.truncate(base);
        return Err(err);
    }
    Ok(Frame::for_function(func, data, code, base))
}

/// Code flags of functions that take `*args` or `**kwargs`: a call binds them
/// through the general path.
pub(crate) const VARIADIC: u32 = CodeFlags::VARARGS | CodeFlags::VARKEYWORDS;

/// Code flags of functions the loop does not enter on its own for a getter or an
/// `__init__`: variadic ones, and generators and coroutines, whose call returns a
/// new object.
pub(crate) const NOT_PLAIN: u32 = VARIADIC
    | CodeFlags::GENERATOR
    | CodeFlags::COROUTINE
    | CodeFlags::ITERABLE_COROUTINE
    | CodeFlags::ASYNC_GENERATOR;

/// How many trailing defaults a call of `func` with `given` positional arguments
/// needs, when the loop can enter it directly: a Python function without the code
/// flags in `excluded` or keyword-only parameters, taking that many. `None` otherwise.
#[inline(always)]
pub(crate) fn defaults_needed(func: &ObjRef, given: usize, excluded: u32) -> Option<usize> {
    let Payload::Function(data) = &func.payload else {
        return None;
    };
    missing_defaults(data, &data.code.borrow().1, given, excluded)
}

/// The code of `func` when it is a plain Python function (no `*args`, `**kwargs`,
/// keyword-only parameters, nor a generator) taking exactly `given` positional
/// arguments.
#[inline]
fn exact_positional_entry(func: &ObjRef, given: usize) -> Option<Rc<CodeData>> {
    match in_place_entry(func, given, NOT_PLAIN)? {
        (code, 0) => Some(code),
        _ => None,
    }
}

/// `defaults_needed` with the function's code, read under one borrow: what the
/// loop needs to push the function's frame.
#[inline(always)]
pub(crate) fn in_place_entry(
    func: &ObjRef,
    given: usize,
    excluded: u32,
) -> Option<(Rc<CodeData>, usize)> {
    let Payload::Function(data) = &func.payload else {
        return None;
    };
    let code = data.code.borrow();
    let missing = missing_defaults(data, &code.1, given, excluded)?;
    Some((code.1.clone(), missing))
}

#[inline(always)]
fn missing_defaults(
    data: &FunctionData,
    code: &CodeData,
    given: usize,
    excluded: u32,
) -> Option<usize> {
    let co = &code.code;
    if co.flags & excluded != 0 || co.kwonlyargcount != 0 {
        return None;
    }
    let wanted = co.argcount as usize;
    if given == wanted {
        return Some(0);
    }
    let ndefaults = match &*data.defaults.borrow() {
        Value::Obj(t) => match &t.payload {
            Payload::Tuple(items) => items.len(),
            _ => 0,
        },
        _ => 0,
    };
    (given < wanted && given + ndefaults >= wanted).then(|| wanted - given)
}

/// The name used in argument errors: the function's `__qualname__` and "()".
fn display_name(data: &FunctionData) -> String {
    format!(
        "{}()",
        abstract_::value_as_str(&data.qualname.borrow()).unwrap_or("?")
    )
}

fn quoted_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Binds `args` to the parameters of `data`'s code, writing locals from `base`.
fn bind_arguments(vm: &mut Vm, data: &FunctionData, base: usize, args: Args) -> PyResult<()> {
    let code = data.code_data();
    let co = &code.code;
    let argcount = co.argcount as usize;
    let posonly = co.posonlyargcount as usize;
    let kwonly = co.kwonlyargcount as usize;
    let total = argcount + kwonly;
    let has_varargs = co.flags & CodeFlags::VARARGS != 0;
    let has_varkw = co.flags & CodeFlags::VARKEYWORDS != 0;
    let npos = args.pos.len();
    // The common call: exactly the positional parameters, given positionally.
    if npos == argcount && kwonly == 0 && !has_varargs && !has_varkw && args.kw.is_empty() {
        for (slot, value) in vm.stack[base..base + npos].iter_mut().zip(args.pos) {
            *slot = Some(value);
        }
        return Ok(());
    }

    let mut pos = args.pos.into_iter();
    for i in 0..npos.min(argcount) {
        vm.stack[base + i] = pos.next();
    }
    if has_varargs {
        let rest: Vec<Value> = pos.collect();
        let tuple = vm.new_tuple(rest);
        vm.stack[base + total] = Some(tuple);
    }
    let kwdict = if has_varkw {
        let d = vm.new_dict();
        vm.stack[base + total + has_varargs as usize] = Some(Value::Obj(d.clone()));
        Some(d)
    } else {
        None
    };

    let mut posonly_as_keyword = Vec::new();
    for (name, value) in args.kw {
        let text = abstract_::obj_as_str(&name).unwrap_or("").to_owned();
        let index = co.localsplusnames[posonly..total]
            .iter()
            .position(|n| **n == *text);
        match index {
            Some(i) => {
                let slot = base + posonly + i;
                if vm.stack[slot].is_some() {
                    return Err(vm.new_type_error(format!(
                        "{} got multiple values for argument '{text}'",
                        display_name(data)
                    )));
                }
                vm.stack[slot] = Some(value);
            }
            None => {
                if let Some(kwdict) = &kwdict {
                    dict::dict_set_item(vm, kwdict, Value::Obj(name), value)?;
                } else if co.localsplusnames[..posonly].iter().any(|n| **n == *text) {
                    posonly_as_keyword.push(text);
                } else {
                    return Err(vm.new_type_error(format!(
                        "{} got an unexpected keyword argument '{text}'",
                        display_name(data)
                    )));
                }
            }
        }
    }
    if !posonly_as_keyword.is_empty() {
        return Err(vm.new_type_error(format!(
            "{} got some positional-only arguments passed as keyword arguments: '{}'",
            display_name(data),
            posonly_as_keyword.join(", ")
        )));
    }

    let defaults = abstract_::tuple_items(&data.defaults.borrow()).unwrap_or_default();
    if npos > argcount && !has_varargs {
        let given_kwonly = (argcount..total)
            .filter(|i| vm.stack[base + i].is_some())
            .count();
        let takes = if defaults.is_empty() {
            plural(argcount, "positional argument")
        } else {
            format!(
                "from {} to {} positional arguments",
                argcount - defaults.len(),
                argcount
            )
        };
        let given = if given_kwonly > 0 {
            format!(
                "{} (and {}) were",
                plural(npos, "positional argument"),
                plural(given_kwonly, "keyword-only argument")
            )
        } else if npos == 1 {
            "1 was".to_owned()
        } else {
            format!("{npos} were")
        };
        return Err(vm.new_type_error(format!(
            "{} takes {takes} but {given} given",
            display_name(data)
        )));
    }

    // Fill positional defaults, then report the missing ones.
    let first_default = argcount - defaults.len().min(argcount);
    let mut missing = Vec::new();
    for i in 0..argcount {
        if vm.stack[base + i].is_none() {
            if i >= first_default {
                vm.stack[base + i] = Some(defaults[i - first_default].clone());
            } else {
                missing.push(co.localsplusnames[i].to_string());
            }
        }
    }
    if !missing.is_empty() {
        return Err(missing_arguments(
            vm,
            &display_name(data),
            "positional",
            &missing,
        ));
    }
    let kwdefaults = data.kwdefaults.borrow().clone();
    for i in argcount..total {
        if vm.stack[base + i].is_none() {
            let name = co.localsplusnames[i].clone();
            let default = match &kwdefaults {
                Value::Obj(d) => dict::dict_get_str(d, &name),
                _ => None,
            };
            match default {
                Some(v) => vm.stack[base + i] = Some(v),
                None => missing.push(name.to_string()),
            }
        }
    }
    if !missing.is_empty() {
        return Err(missing_arguments(
            vm,
            &display_name(data),
            "keyword-only",
            &missing,
        ));
    }
    Ok(())
}

/// "f() missing 2 required positional arguments: 'a' and 'b'".
fn missing_arguments(vm: &mut Vm, callee: &str, kind: &str, missing: &[String]) -> PyErr {
    vm.new_type_error(format!(
        "{callee} missing {} required {kind} argument{}: {}",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" },
        quoted_list(missing)
    ))
}

/// Binds no arguments to the parameters of `code`, whose locals start at `base`:
/// what running a function's code directly (`exec(f.__code__)`) does, as CPython
/// calls it with none. Parameters without defaults are missing; `*args` and
/// `**kwargs` are empty.
pub(crate) fn bind_no_arguments(vm: &mut Vm, code: &CodeData, base: usize) -> PyResult<()> {
    let co = &code.code;
    let (argcount, kwonly) = (co.argcount as usize, co.kwonlyargcount as usize);
    let callee = format!(
        "{}()",
        abstract_::value_as_str(&Value::Obj(code.name.clone())).unwrap_or("?")
    );
    let names = |range: std::ops::Range<usize>| -> Vec<String> {
        range.map(|i| co.localsplusnames[i].to_string()).collect()
    };
    if argcount > 0 {
        return Err(missing_arguments(
            vm,
            &callee,
            "positional",
            &names(0..argcount),
        ));
    }
    if kwonly > 0 {
        return Err(missing_arguments(
            vm,
            &callee,
            "keyword-only",
            &names(0..kwonly),
        ));
    }
    let mut slot = base;
    if co.flags & CodeFlags::VARARGS != 0 {
        vm.stack[slot] = Some(vm.new_tuple(vec![]));
        slot += 1;
    }
    if co.flags & CodeFlags::VARKEYWORDS != 0 {
        vm.stack[slot] = Some(Value::Obj(vm.new_dict()));
    }
    Ok(())
}

/// The argument count of a slot wrapper (`int.__add__` takes exactly one), whose
/// misuse CPython reports as "expected 1 argument, got 0".
/// The checks made before a builtin type's method runs unbound (`list.append(x, 1)`,
/// `int.__add__(1, 2)`): a `self` of the owner type and, for a slot wrapper, its fixed
/// argument count; worded as CPython's descriptor errors.
fn check_descriptor_call(
    vm: &mut Vm,
    descr: &ObjRef,
    f: &crate::objects::function::BuiltinFunction,
    args: &Args,
) -> PyResult<()> {
    let is_wrapper = std::ptr::eq(descr.class_ref(), &*vm.types.wrapper_descriptor);
    let owner = match &f.this {
        Some(Value::Obj(t)) if t.type_data().is_some() => Some(t),
        _ => None,
    };
    // Named only in the errors: a call that passes its checks makes no string.
    let owner_name = || {
        owner
            .map(crate::objects::typeobject::type_name)
            .unwrap_or_else(|| "object".to_owned())
    };
    let Some(this) = args.pos.first() else {
        let owner_name = owner_name();
        return Err(vm.new_type_error(if is_wrapper {
            format!(
                "descriptor '{}' of '{owner_name}' object needs an argument",
                f.name
            )
        } else {
            // CPython names the method by its `__qualname__`, without the module.
            let owner = owner.map_or(owner_name, |t| {
                crate::objects::typeobject::type_data(t)
                    .qualname
                    .borrow()
                    .clone()
            });
            format!("unbound method {owner}.{}() needs an argument", f.name)
        }));
    };
    if let Some(owner) = owner {
        if !vm.isinstance(this, owner) {
            let owner_name = owner_name();
            let given = vm.type_name_of(this);
            return Err(vm.new_type_error(if is_wrapper {
                format!(
                    "descriptor '{}' requires a '{owner_name}' object but received a '{given}'",
                    f.name
                )
            } else {
                format!(
                    "descriptor '{}' for '{owner_name}' objects doesn't apply to a '{given}' object",
                    f.name
                )
            }));
        }
    }
    if let Some(expected) = f.wrapper_arity {
        let expected = expected as usize;
        let given = args.pos.len() - 1;
        if !args.kw.is_empty() {
            return Err(
                vm.new_type_error(format!("wrapper {}() takes no keyword arguments", f.name))
            );
        }
        if given != expected {
            return Err(crate::slots::wrapper_arity_error(
                vm, f.name, expected, given,
            ));
        }
    }
    Ok(())
}

/// Moves `stack[first..]` to the end of `to` (as `value::move_slots` moves them)
/// and cuts the stack to `first` slots.
#[inline(always)]
pub(crate) fn move_stack_tail(
    stack: &mut Vec<Option<Value>>,
    first: usize,
    to: &mut crate::objects::function::ArgValues,
) {
    let first = first.min(stack.len());
    let count = stack.len() - first;
    to.reserve(count);
    let len = to.len();
    // SAFETY: the stack's slots from `first` on are initialised, and it stops
    // counting them just below; `to` has room for `count` more, which it counts.
    unsafe {
        crate::value::move_slots(stack.as_ptr().add(first), to.as_mut_ptr().add(len), count);
        to.set_len(len + count);
        stack.set_len(first);
    }
}

/// Up to `FastCall::MAX_ARGS` values moved off the value stack for a fast entry,
/// which takes them as a slice while it may itself grow (and so move) the stack.
/// Filled in place (`take`), a word at a time (`RawSlot`).
struct MovedArgs {
    values: [RawSlot; FastCall::MAX_ARGS as usize],
    len: usize,
}

impl MovedArgs {
    #[inline(always)]
    fn new() -> MovedArgs {
        MovedArgs {
            values: [RawSlot::EMPTY; FastCall::MAX_ARGS as usize],
            len: 0,
        }
    }

    /// Moves `stack[first..]` in, after `this` if given, and cuts the stack to
    /// `first` slots. The caller checked that at most `MAX_ARGS` values come.
    #[inline(always)]
    fn take(&mut self, stack: &mut Vec<Option<Value>>, this: Option<Value>, first: usize) {
        if let Some(this) = this {
            self.values[0] = RawSlot::from_slot(Some(this));
            self.len = 1;
        }
        let count = stack.len().saturating_sub(first);
        let room = self.values.len() - self.len;
        if count > room {
            // Not reached: fast entries take at most `MAX_ARGS`. Leaves the
            // arguments that do not fit to be dropped with the stack.
            stack.truncate(first + room);
        }
        for i in 0..count.min(room) {
            // SAFETY: slot `first + i` is below the stack's length, so it holds an
            // initialised value; the stack stops counting it just below, so it is
            // moved exactly once.
            let value = unsafe { RawSlot::read(stack.as_ptr().add(first + i)) };
            // An empty slot (a NULL that malformed bytecode left among the
            // arguments) is passed as None, as the general path does.
            self.values[self.len] = if value.is_empty() {
                RawSlot::NONE
            } else {
                value
            };
            self.len += 1;
        }
        // SAFETY: the slots from `first` on were moved out above; the first
        // `first` stay initialised.
        unsafe { stack.set_len(first.min(stack.len())) };
    }

    #[inline(always)]
    fn as_slice(&self) -> &[Value] {
        // SAFETY: the first `len` words are those of non-empty slots, each a
        // `Some(value)`, whose bytes are the value's (`Option<Value>` keeps the
        // value in place and tells `None` by a tag no `Value` uses).
        unsafe { std::slice::from_raw_parts(self.values.as_ptr().cast::<Value>(), self.len) }
    }
}

impl Drop for MovedArgs {
    fn drop(&mut self) {
        for value in &self.values[..self.len] {
            value.release();
        }
    }
}

/// The fast entry of builtin `f` for a call with `count` positional arguments (and
/// no keywords), if it has one that takes that many; a type's `__new__` and a slot
/// wrapper have none.
fn fast_entry_for(f: &crate::objects::function::BuiltinFunction, count: usize) -> Option<FastFn> {
    if f.runs_slot() {
        return None;
    }
    let fast = f.signature?.fast()?;
    (fast.min as usize..=fast.max as usize)
        .contains(&count)
        .then_some(fast.func)
}
