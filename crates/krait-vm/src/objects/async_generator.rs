//! Async generators (CPython's `async_generator`, `async_generator_asend`,
//! `async_generator_athrow` and `_PyAsyncGenWrappedValue` in `Objects/genobject.c`).
//!
//! An async generator runs on the generator machinery: its frame suspends at every
//! `yield`, and also wherever an `await` inside it suspends. `ASYNC_GEN_WRAP` marks
//! the values of its own `yield`s, so the awaitables that drive it (`asend()`, what
//! `__anext__()` returns, and `athrow()`/`aclose()`) can tell them apart: a marked
//! value ends the awaitable with `StopIteration(value)`, anything else is passed up
//! to the event loop; the generator's end becomes `StopAsyncIteration`.

use std::cell::{Cell, RefCell};

use crate::eval::FrameExit;
use crate::native::NativeTypeSpec;
use crate::native::{native_data, new_native_object, new_native_type, MethodDef, NativeData};
use crate::object::ObjRef;
use crate::objects::add_method_sig;
use crate::objects::function::Args;
use crate::objects::generator::{gen_data, resume, thrown_error};
use crate::signature::Signature;
use crate::slots::{NativeSlot, SlotId};
use crate::value::Value;
use crate::{Exc, PyErr, PyResult, Vm};

/// What an async generator keeps beside its frame.
#[derive(Default)]
pub struct AsyncGenState {
    /// `sys.set_asyncgen_hooks`' `firstiter` ran (at the first `asend`/`athrow`),
    /// and the `finalizer` hook it recorded then.
    pub hooks_done: bool,
    pub finalizer: Option<Value>,
    /// An `asend`/`athrow` is driving the generator.
    pub running_async: bool,
    /// `aclose()` ran, or the generator ended with `StopAsyncIteration` or
    /// `GeneratorExit`.
    pub closed: bool,
}

/// A value an async generator yields (`ASYNC_GEN_WRAP`), as opposed to one an
/// `await` inside it passes up.
struct WrappedValue(Value);

impl NativeData for WrappedValue {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.0);
        true
    }
}

/// The classes made at start-up.
struct AsyncGenTypes {
    wrapped: ObjRef,
    asend: ObjRef,
    athrow: ObjRef,
}

fn types(vm: &Vm) -> std::rc::Rc<AsyncGenTypes> {
    vm.module_state::<AsyncGenTypes>()
        .expect("async generator types are made at start-up")
}

/// `ASYNC_GEN_WRAP`: marks `value` as yielded by the async generator.
pub fn wrap(vm: &mut Vm, value: Value) -> Value {
    let class = types(vm).wrapped.clone();
    new_native_object(vm, &class, WrappedValue(value))
}

fn unwrapped(v: &Value) -> Option<Value> {
    native_data::<WrappedValue>(v).map(|w| w.0.clone())
}

fn with_state<R>(gen: &ObjRef, f: impl FnOnce(&mut AsyncGenState) -> R) -> Option<R> {
    gen_data(&Value::Obj(gen.clone())).map(|d| f(&mut d.borrow_mut().async_state))
}

/// Runs `firstiter` the first time the generator is driven (CPython's
/// `async_gen_init_hooks`), and records `finalizer`.
fn init_hooks(vm: &mut Vm, gen: &ObjRef) -> PyResult<()> {
    if with_state(gen, |s| std::mem::replace(&mut s.hooks_done, true)).unwrap_or(true) {
        return Ok(());
    }
    let (firstiter, finalizer) = crate::sys::asyncgen_hooks(vm);
    if !finalizer.is_none() {
        with_state(gen, |s| s.finalizer = Some(finalizer));
    }
    if !firstiter.is_none() {
        vm.call1(&firstiter, vec![Value::Obj(gen.clone())])?;
    }
    Ok(())
}

/// What one step of the generator means to an awaitable driving it (CPython's
/// `async_gen_unwrap_value`): its own yield ends the awaitable with the value, an
/// inner await's value is passed up, its end is `StopAsyncIteration`.
fn unwrap_step(vm: &mut Vm, gen: &ObjRef, step: PyResult<FrameExit>) -> PyResult<Value> {
    match step {
        Ok(FrameExit::Yield(v)) => match unwrapped(&v) {
            Some(value) => {
                with_state(gen, |s| s.running_async = false);
                Err(vm.new_stop_iteration(Some(value)))
            }
            None => Ok(v),
        },
        Ok(FrameExit::Return(_)) => {
            with_state(gen, |s| s.running_async = false);
            Err(stop_async_iteration(vm))
        }
        Err(err) => {
            if vm.err_matches(&err, Exc::StopAsyncIteration)
                || vm.err_matches(&err, Exc::GeneratorExit)
            {
                with_state(gen, |s| s.closed = true);
            }
            with_state(gen, |s| s.running_async = false);
            Err(err)
        }
    }
}

/// A `StopAsyncIteration` with no arguments.
fn stop_async_iteration(vm: &mut Vm) -> PyErr {
    let class = vm.exc(Exc::StopAsyncIteration).clone();
    crate::objects::exceptions::new_exception(vm, &class, vec![])
}

// ---------------------------------------------------------------------------
// asend: what `__anext__()` and `asend(value)` return

const INIT: u8 = 0;
const ITER: u8 = 1;
const CLOSED: u8 = 2;

struct Asend {
    gen: ObjRef,
    value: RefCell<Value>,
    state: Cell<u8>,
}

impl NativeData for Asend {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&Value::Obj(self.gen.clone()));
        match self.value.try_borrow() {
            Ok(v) => {
                visit(&v);
                true
            }
            Err(_) => false,
        }
    }
}

fn asend_of<'a>(vm: &mut Vm, v: &'a Value) -> PyResult<&'a Asend> {
    native_data::<Asend>(v)
        .ok_or_else(|| vm.new_type_error("an async_generator_asend is required".to_owned()))
}

fn asend_step(vm: &mut Vm, this: &Value, sent: Value) -> PyResult<Value> {
    let me = asend_of(vm, this)?;
    if me.state.get() == CLOSED {
        return Err(
            vm.new_runtime_error("cannot reuse already awaited __anext__()/asend()".to_owned())
        );
    }
    let gen = me.gen.clone();
    let mut sent = sent;
    if me.state.get() == INIT {
        if with_state(&gen, |s| s.running_async).unwrap_or(false) {
            me.state.set(CLOSED);
            return Err(vm.new_runtime_error(
                "anext(): asynchronous generator is already running".to_owned(),
            ));
        }
        if sent.is_none() {
            sent = me.value.borrow().clone();
        }
        me.state.set(ITER);
    }
    with_state(&gen, |s| s.running_async = true);
    let step = resume(vm, &gen, sent, None);
    let result = unwrap_step(vm, &gen, step);
    if result.is_err() {
        me.state.set(CLOSED);
    }
    result
}

fn asend_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    asend_step(vm, this, Value::None).map(Some)
}

static ASEND_SEND: Signature =
    Signature::unlisted("async_generator_asend", "send", "($self, value, /)");
static ASEND_THROW: Signature = Signature::unlisted(
    "async_generator_asend",
    "throw",
    "($self, typ, val=None, tb=None, /)",
);
static ASEND_CLOSE: Signature = Signature::unlisted("async_generator_asend", "close", "($self, /)");

fn asend_send(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [value]) = ASEND_SEND.bind(vm, args)?;
    asend_step(
        vm,
        &this.unwrap_or(Value::None),
        value.unwrap_or(Value::None),
    )
}

fn asend_throw(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [typ, val, _]) = ASEND_THROW.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let me = asend_of(vm, &this)?;
    if me.state.get() == CLOSED {
        return Err(
            vm.new_runtime_error("cannot reuse already awaited __anext__()/asend()".to_owned())
        );
    }
    let gen = me.gen.clone();
    let err = thrown_error(vm, typ.unwrap_or(Value::None), val)?;
    let step = throw_into(vm, &gen, err);
    let result = unwrap_step(vm, &gen, step);
    if result.is_err() {
        me.state.set(CLOSED);
    }
    result
}

fn asend_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ASEND_CLOSE.bind(vm, args)?;
    if let Some(me) = native_data::<Asend>(&this.unwrap_or(Value::None)) {
        me.state.set(CLOSED);
    }
    Ok(Value::None)
}

/// Throws `err` into the generator: raised at once if it has not started.
fn throw_into(vm: &mut Vm, gen: &ObjRef, err: PyErr) -> PyResult<FrameExit> {
    let suspended = gen_data(&Value::Obj(gen.clone()))
        .is_some_and(|d| d.borrow().frame.is_some() && d.borrow().started);
    if !suspended {
        crate::objects::generator::mark_finished(gen);
        return Err(err);
    }
    resume(vm, gen, Value::None, Some(err))
}

static ASEND_TYPE: NativeTypeSpec = NativeTypeSpec {
    slots: &[
        NativeSlot::Unary(SlotId::Await, crate::native::iter_self),
        NativeSlot::Iter(crate::native::iter_self),
        NativeSlot::IterNext(asend_next),
    ],
    methods: &[
        MethodDef::method("send", asend_send).with_signature(&ASEND_SEND),
        MethodDef::method("throw", asend_throw).with_signature(&ASEND_THROW),
        MethodDef::method("close", asend_close).with_signature(&ASEND_CLOSE),
    ],
    ..NativeTypeSpec::new("async_generator_asend", "builtins")
};

// ---------------------------------------------------------------------------
// athrow: what `athrow(...)` and `aclose()` return

struct Athrow {
    gen: ObjRef,
    /// The exception to throw; `None` for `aclose()`.
    error: RefCell<Option<(Value, Option<Value>)>>,
    closing: bool,
    state: Cell<u8>,
}

impl NativeData for Athrow {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&Value::Obj(self.gen.clone()));
        match self.error.try_borrow() {
            Ok(error) => {
                if let Some((typ, val)) = &*error {
                    visit(typ);
                    val.iter().for_each(&mut *visit);
                }
                true
            }
            Err(_) => false,
        }
    }
}

fn athrow_of<'a>(vm: &mut Vm, v: &'a Value) -> PyResult<&'a Athrow> {
    native_data::<Athrow>(v)
        .ok_or_else(|| vm.new_type_error("an async_generator_athrow is required".to_owned()))
}

/// How an `athrow`/`aclose` step ends (CPython's `async_gen_athrow_send`): for
/// `aclose()`, the generator's own yield means it ignored `GeneratorExit`, and its
/// end is a `StopIteration`.
fn athrow_result(vm: &mut Vm, me: &Athrow, step: PyResult<FrameExit>) -> PyResult<Value> {
    let gen = &me.gen;
    if !me.closing {
        let result = unwrap_step(vm, gen, step);
        if result.is_err() {
            me.state.set(CLOSED);
        }
        return result;
    }
    let finish = |vm: &mut Vm| {
        with_state(gen, |s| s.running_async = false);
        me.state.set(CLOSED);
        let _ = vm;
    };
    match step {
        Ok(FrameExit::Yield(v)) if unwrapped(&v).is_some() => {
            finish(vm);
            Err(vm.new_runtime_error("async generator ignored GeneratorExit".to_owned()))
        }
        Ok(FrameExit::Yield(v)) => Ok(v),
        Ok(FrameExit::Return(_)) => {
            finish(vm);
            Err(vm.new_stop_iteration(None))
        }
        Err(err) => {
            finish(vm);
            if vm.err_matches(&err, Exc::StopAsyncIteration)
                || vm.err_matches(&err, Exc::GeneratorExit)
            {
                Err(vm.new_stop_iteration(None))
            } else {
                Err(err)
            }
        }
    }
}

fn athrow_step(vm: &mut Vm, this: &Value, sent: Value) -> PyResult<Value> {
    let me = athrow_of(vm, this)?;
    let gen = me.gen.clone();
    if me.state.get() == CLOSED {
        return Err(
            vm.new_runtime_error("cannot reuse already awaited aclose()/athrow()".to_owned())
        );
    }
    let finished = gen_data(&Value::Obj(gen.clone())).is_none_or(|d| d.borrow().frame.is_none());
    if finished {
        me.state.set(CLOSED);
        return Err(vm.new_stop_iteration(None));
    }
    if me.state.get() == ITER {
        let step = resume(vm, &gen, sent, None);
        return athrow_result(vm, me, step);
    }
    if with_state(&gen, |s| s.running_async).unwrap_or(false) {
        me.state.set(CLOSED);
        let which = if me.closing { "aclose" } else { "athrow" };
        return Err(vm.new_runtime_error(format!(
            "{which}(): asynchronous generator is already running"
        )));
    }
    if with_state(&gen, |s| s.closed).unwrap_or(false) {
        me.state.set(CLOSED);
        return Err(stop_async_iteration(vm));
    }
    if !sent.is_none() {
        return Err(vm.new_runtime_error(
            "can't send non-None value to a just-started coroutine".to_owned(),
        ));
    }
    me.state.set(ITER);
    with_state(&gen, |s| s.running_async = true);
    let err = match me.error.borrow_mut().take() {
        Some((typ, val)) => thrown_error(vm, typ, val)?,
        None => {
            with_state(&gen, |s| s.closed = true);
            let exit = vm.exc(Exc::GeneratorExit).clone();
            crate::objects::exceptions::new_exception(vm, &exit, vec![])
        }
    };
    let step = throw_into(vm, &gen, err);
    athrow_result(vm, me, step)
}

fn athrow_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    athrow_step(vm, this, Value::None).map(Some)
}

static ATHROW_SEND: Signature =
    Signature::unlisted("async_generator_athrow", "send", "($self, value, /)");
static ATHROW_THROW: Signature = Signature::unlisted(
    "async_generator_athrow",
    "throw",
    "($self, typ, val=None, tb=None, /)",
);
static ATHROW_CLOSE: Signature =
    Signature::unlisted("async_generator_athrow", "close", "($self, /)");

fn athrow_send(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [value]) = ATHROW_SEND.bind(vm, args)?;
    athrow_step(
        vm,
        &this.unwrap_or(Value::None),
        value.unwrap_or(Value::None),
    )
}

fn athrow_throw(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [typ, val, _]) = ATHROW_THROW.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let me = athrow_of(vm, &this)?;
    if me.state.get() == CLOSED {
        return Err(
            vm.new_runtime_error("cannot reuse already awaited aclose()/athrow()".to_owned())
        );
    }
    let gen = me.gen.clone();
    let err = thrown_error(vm, typ.unwrap_or(Value::None), val)?;
    let step = throw_into(vm, &gen, err);
    athrow_result(vm, me, step)
}

fn athrow_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ATHROW_CLOSE.bind(vm, args)?;
    if let Some(me) = native_data::<Athrow>(&this.unwrap_or(Value::None)) {
        me.state.set(CLOSED);
    }
    Ok(Value::None)
}

static ATHROW_TYPE: NativeTypeSpec = NativeTypeSpec {
    slots: &[
        NativeSlot::Unary(SlotId::Await, crate::native::iter_self),
        NativeSlot::Iter(crate::native::iter_self),
        NativeSlot::IterNext(athrow_next),
    ],
    methods: &[
        MethodDef::method("send", athrow_send).with_signature(&ATHROW_SEND),
        MethodDef::method("throw", athrow_throw).with_signature(&ATHROW_THROW),
        MethodDef::method("close", athrow_close).with_signature(&ATHROW_CLOSE),
    ],
    ..NativeTypeSpec::new("async_generator_athrow", "builtins")
};

static WRAPPED_TYPE: NativeTypeSpec =
    NativeTypeSpec::new("async_generator_wrapped_value", "builtins");

// ---------------------------------------------------------------------------
// The async_generator type

static ANEXT: Signature = Signature::unlisted("async_generator", "__anext__", "($self, /)");
static ASEND: Signature = Signature::unlisted("async_generator", "asend", "($self, value, /)");
static ATHROW: Signature = Signature::unlisted(
    "async_generator",
    "athrow",
    "($self, typ, val=None, tb=None, /)",
);
static ACLOSE: Signature = Signature::unlisted("async_generator", "aclose", "($self, /)");

fn bound_async_gen(vm: &mut Vm, this: Option<Value>) -> PyResult<ObjRef> {
    match this {
        Some(Value::Obj(o)) if gen_data(&Value::Obj(o.clone())).is_some() => Ok(o),
        _ => Err(vm.new_type_error("expected an async generator".to_owned())),
    }
}

fn new_asend(vm: &mut Vm, gen: ObjRef, value: Value) -> PyResult<Value> {
    init_hooks(vm, &gen)?;
    let class = types(vm).asend.clone();
    Ok(new_native_object(
        vm,
        &class,
        Asend {
            gen,
            value: RefCell::new(value),
            state: Cell::new(INIT),
        },
    ))
}

fn new_athrow(vm: &mut Vm, gen: ObjRef, error: Option<(Value, Option<Value>)>) -> PyResult<Value> {
    init_hooks(vm, &gen)?;
    let class = types(vm).athrow.clone();
    let closing = error.is_none();
    Ok(new_native_object(
        vm,
        &class,
        Athrow {
            gen,
            error: RefCell::new(error),
            closing,
            state: Cell::new(INIT),
        },
    ))
}

pub fn init(vm: &mut Vm) {
    let wrapped = new_native_type(vm, &WRAPPED_TYPE, None);
    let asend = new_native_type(vm, &ASEND_TYPE, None);
    let athrow = new_native_type(vm, &ATHROW_TYPE, None);
    vm.set_module_state(AsyncGenTypes {
        wrapped,
        asend,
        athrow,
    });
    let ty = vm.types.async_generator.clone();
    crate::objects::typeobject::type_data(&ty)
        .weakrefable
        .set(true);
    crate::native::add_slot(
        vm,
        &ty,
        NativeSlot::Unary(SlotId::AIter, crate::native::iter_self),
    );
    crate::native::add_slot(
        vm,
        &ty,
        NativeSlot::Unary(SlotId::ANext, |vm, this| {
            let gen = bound_async_gen(vm, Some(this.clone()))?;
            new_asend(vm, gen, Value::None)
        }),
    );
    let _ = &ANEXT;
    add_method_sig(vm, &ty, &ASEND, |vm, args| {
        let (this, [value]) = ASEND.bind(vm, args)?;
        let gen = bound_async_gen(vm, this)?;
        new_asend(vm, gen, value.unwrap_or(Value::None))
    });
    add_method_sig(vm, &ty, &ATHROW, |vm, args| {
        let (this, [typ, val, _]) = ATHROW.bind(vm, args)?;
        let gen = bound_async_gen(vm, this)?;
        new_athrow(vm, gen, Some((typ.unwrap_or(Value::None), val)))
    });
    add_method_sig(vm, &ty, &ACLOSE, |vm, args| {
        let (this, []) = ACLOSE.bind(vm, args)?;
        let gen = bound_async_gen(vm, this)?;
        new_athrow(vm, gen, None)
    });
    add_attributes(vm, &ty);
}

fn add_attributes(vm: &mut Vm, ty: &ObjRef) {
    crate::native::add_slot(
        vm,
        ty,
        NativeSlot::Repr(|vm, v| {
            let q = gen_data(v)
                .map(|d| d.borrow().qualname.clone())
                .unwrap_or(Value::None);
            let q = crate::abstract_::value_as_str(&q).unwrap_or("?").to_owned();
            let id = v.as_obj().map(crate::object::object_id).unwrap_or(0);
            Ok(vm.new_str(format!("<async_generator object {q} at {id:#x}>")))
        }),
    );
    crate::objects::generator::add_name_attributes(vm, ty);
    crate::objects::generator::add_frame_attributes(
        vm,
        ty,
        ["ag_running", "ag_code", "ag_frame", "", "ag_await"],
    );
}

/// The finaliser of an async generator dropped while suspended: the `finalizer`
/// hook recorded at its first step, if any (asyncio schedules `aclose()`), else
/// closing its frame as a generator's.
pub fn finalizer_hook(gen: &ObjRef) -> Option<Value> {
    with_state(gen, |s| s.finalizer.clone()).flatten()
}
