//! `aiter()` and `anext()` (CPython's `builtin_aiter`, `builtin_anext` and the
//! `anext_awaitable` of `Objects/iterobject.c`).
//!
//! `anext(it)` is the awaitable `it.__anext__()` returns. With a default, that
//! awaitable is wrapped so that awaiting it gives the default instead of raising
//! `StopAsyncIteration`: every step of the wrapper steps the iterator the awaitable
//! is driven by, and turns `StopAsyncIteration` into `StopIteration(default)`.

use std::rc::Rc;

use crate::abstract_;
use crate::native::NativeTypeSpec;
use crate::native::{native_data, new_native_object, new_native_type, MethodDef, NativeData};
use crate::objects::function::Args;
use crate::objects::typeobject::type_data;
use crate::signature::Signature;
use crate::slots::{NativeSlot, SlotId};
use crate::value::Value;
use crate::{Exc, ObjRef, PyResult, Vm};

/// `aiter(async_iterable)`: its `__aiter__()`, which must be an async iterator.
pub fn aiter(vm: &mut Vm, iterable: &Value) -> PyResult<Value> {
    let Some(aiter) = type_data(&vm.type_of(iterable)).slots.aiter.get() else {
        return Err(vm.new_type_error(format!(
            "'{}' object is not an async iterable",
            vm.type_name_of(iterable)
        )));
    };
    let it = aiter(vm, iterable)?;
    if type_data(&vm.type_of(&it)).slots.anext.get().is_none() {
        return Err(vm.new_type_error(format!(
            "aiter() returned not an async iterator of type '{}'",
            vm.type_name_of(&it)
        )));
    }
    Ok(it)
}

/// `anext(aiterator[, default])`.
pub fn anext(vm: &mut Vm, it: &Value, default: Option<Value>) -> PyResult<Value> {
    let Some(anext) = type_data(&vm.type_of(it)).slots.anext.get() else {
        return Err(vm.new_type_error(format!(
            "'{}' object is not an async iterator",
            vm.type_name_of(it)
        )));
    };
    let awaitable = anext(vm, it)?;
    let Some(default) = default else {
        return Ok(awaitable);
    };
    let class = awaitable_type(vm);
    Ok(new_native_object(
        vm,
        &class,
        AnextAwaitable {
            wrapped: awaitable,
            default,
        },
    ))
}

/// What `anext(it, default)` returns.
struct AnextAwaitable {
    /// What `it.__anext__()` returned.
    wrapped: Value,
    default: Value,
}

impl NativeData for AnextAwaitable {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.wrapped);
        visit(&self.default);
        true
    }
}

/// The class, made the first time `anext` is given a default.
struct AnextState {
    class: ObjRef,
}

fn awaitable_type(vm: &mut Vm) -> ObjRef {
    if let Some(state) = vm.module_state::<AnextState>() {
        return state.class.clone();
    }
    let class = new_native_type(vm, &ANEXT_AWAITABLE_TYPE, None);
    vm.set_module_state(AnextState {
        class: class.clone(),
    });
    class
}

static SEND: Signature = Signature::unlisted("anext_awaitable", "send", "($self, value, /)");
static THROW: Signature = Signature::unlisted("anext_awaitable", "throw", "($self, *args)");
static CLOSE: Signature = Signature::unlisted("anext_awaitable", "close", "($self, /)");

static ANEXT_AWAITABLE_TYPE: NativeTypeSpec = NativeTypeSpec {
    slots: &[
        NativeSlot::Unary(SlotId::Await, crate::native::iter_self),
        NativeSlot::Iter(crate::native::iter_self),
        NativeSlot::IterNext(awaitable_next),
    ],
    methods: &[
        MethodDef::method("send", awaitable_send)
            .with_signature(&SEND)
            .with_doc("send(arg) -> send 'arg' into the wrapped iterator,\nreturn next yielded value or raise StopIteration."),
        MethodDef::method("throw", awaitable_throw)
            .with_signature(&THROW)
            .with_doc("throw(typ[,val[,tb]]) -> raise exception in the wrapped iterator,\nreturn next yielded value or raise StopIteration."),
        MethodDef::method("close", awaitable_close)
            .with_signature(&CLOSE)
            .with_doc("close() -> raise GeneratorExit inside generator."),
    ],
    ..NativeTypeSpec::new("anext_awaitable", "builtins")
};

/// The wrapper's state, and the iterator that drives its awaitable (a coroutine's
/// `__await__()`).
fn driven(vm: &mut Vm, this: &Value) -> PyResult<(Value, Value)> {
    let Some(state) = native_data::<AnextAwaitable>(this) else {
        return Err(vm.new_type_error("an anext_awaitable is required".to_owned()));
    };
    let (wrapped, default) = (state.wrapped.clone(), state.default.clone());
    let mut it = crate::objects::generator::get_awaitable(vm, &wrapped)?;
    if Rc::ptr_eq(&vm.type_of(&it), &vm.types.coroutine) {
        if let Some(await_) = type_data(&vm.type_of(&it)).slots.await_.get() {
            it = await_(vm, &it)?;
        }
    }
    Ok((it, default))
}

/// The end of the iteration gives the default.
fn default_at_end<T>(vm: &mut Vm, result: PyResult<T>, default: Value) -> PyResult<T> {
    match result {
        Err(err) if vm.err_matches(&err, Exc::StopAsyncIteration) => {
            Err(vm.new_stop_iteration(Some(default)))
        }
        other => other,
    }
}

fn awaitable_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let (it, default) = driven(vm, this)?;
    let Some(next) = type_data(&vm.type_of(&it)).slots.iternext.get() else {
        return Err(vm.new_type_error(format!(
            "'{}' object is not an iterator",
            vm.type_name_of(&it)
        )));
    };
    let result = abstract_::iter_next_raw(vm, &it, next);
    default_at_end(vm, result, default)
}

fn awaitable_send(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [value]) = SEND.bind(vm, args)?;
    let (it, default) = driven(vm, &this.unwrap_or(Value::None))?;
    let result = vm.call_method(&it, "send", vec![value.unwrap_or(Value::None)]);
    default_at_end(vm, result, default)
}

fn awaitable_throw(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = THROW.bind_all::<0>(vm, args)?;
    let (it, default) = driven(vm, &bound.this.unwrap_or(Value::None))?;
    let result = vm.call_method(&it, "throw", bound.args);
    default_at_end(vm, result, default)
}

fn awaitable_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CLOSE.bind(vm, args)?;
    let (it, default) = driven(vm, &this.unwrap_or(Value::None))?;
    let result = vm.call_method(&it, "close", vec![]);
    default_at_end(vm, result, default)
}
