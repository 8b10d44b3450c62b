//! `PicklerMemoProxy` and `UnpicklerMemoProxy`: what `Pickler.memo` and
//! `Unpickler.memo` return. The memos themselves are Rust tables; a proxy lets
//! Python code clear or copy one (`pickler.memo.clear()`) and assigning a proxy or
//! a dict of the same shape replaces it (`pickler.memo = saved`).

use std::cell::RefCell;

use krait_vm::native::NativeTypeSpec;
use krait_vm::native::{native_data, new_native_object, new_native_type, MethodDef, NativeData};
use krait_vm::objects::dict::as_dict;
use krait_vm::objects::function::Args;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{ObjRef, PyResult, Value, Vm};

use super::pickler::{self, MemoTable, Pickler};
use super::state;
use super::unpickler::{self, Unpickler, UnpicklerMemo};

/// A proxy: the pickler or unpickler whose memo it shows.
struct MemoProxy {
    owner: RefCell<Value>,
}

impl NativeData for MemoProxy {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        match self.owner.try_borrow() {
            Ok(owner) => {
                visit(&owner);
                true
            }
            Err(_) => false,
        }
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        if let Ok(mut owner) = self.owner.try_borrow_mut() {
            taken.push(std::mem::replace(&mut *owner, Value::None));
        }
    }
}

static PICKLER_MEMO_TYPE: NativeTypeSpec = NativeTypeSpec {
    subclassable: true,
    slots: &[NativeSlot::Hash(krait_vm::slots::hash_not_implemented)],
    methods: &[
        MethodDef::method("clear", proxy_clear).with_signature(&PICKLER_CLEAR),
        MethodDef::method("copy", proxy_copy).with_signature(&PICKLER_COPY),
        MethodDef::method("__reduce__", proxy_reduce).with_signature(&PICKLER_REDUCE),
    ],
    ..NativeTypeSpec::new("PicklerMemoProxy", "_pickle")
};

static UNPICKLER_MEMO_TYPE: NativeTypeSpec = NativeTypeSpec {
    subclassable: true,
    slots: &[NativeSlot::Hash(krait_vm::slots::hash_not_implemented)],
    methods: &[
        MethodDef::method("clear", proxy_clear).with_signature(&UNPICKLER_CLEAR),
        MethodDef::method("copy", proxy_copy).with_signature(&UNPICKLER_COPY),
        MethodDef::method("__reduce__", proxy_reduce).with_signature(&UNPICKLER_REDUCE),
    ],
    ..NativeTypeSpec::new("UnpicklerMemoProxy", "_pickle")
};

static PICKLER_CLEAR: Signature = Signature::of("PicklerMemoProxy", "clear", "($self, /)");
static PICKLER_COPY: Signature = Signature::of("PicklerMemoProxy", "copy", "($self, /)");
static PICKLER_REDUCE: Signature = Signature::of("PicklerMemoProxy", "__reduce__", "($self, /)");
static UNPICKLER_CLEAR: Signature = Signature::of("UnpicklerMemoProxy", "clear", "($self, /)");
static UNPICKLER_COPY: Signature = Signature::of("UnpicklerMemoProxy", "copy", "($self, /)");
static UNPICKLER_REDUCE: Signature =
    Signature::of("UnpicklerMemoProxy", "__reduce__", "($self, /)");

pub(crate) fn new_pickler_memo_type(vm: &mut Vm) -> ObjRef {
    new_native_type(vm, &PICKLER_MEMO_TYPE, None)
}

pub(crate) fn new_unpickler_memo_type(vm: &mut Vm) -> ObjRef {
    new_native_type(vm, &UNPICKLER_MEMO_TYPE, None)
}

pub(crate) fn new_pickler_proxy(vm: &mut Vm, pickler: &Value) -> PyResult<Value> {
    let class = state(vm)?.pickler_memo_type.clone();
    let proxy = MemoProxy {
        owner: RefCell::new(pickler.clone()),
    };
    Ok(new_native_object(vm, &class, proxy))
}

pub(crate) fn new_unpickler_proxy(vm: &mut Vm, unpickler: &Value) -> PyResult<Value> {
    let class = state(vm)?.unpickler_memo_type.clone();
    let proxy = MemoProxy {
        owner: RefCell::new(unpickler.clone()),
    };
    Ok(new_native_object(vm, &class, proxy))
}

fn owner(vm: &mut Vm, this: &Option<Value>) -> PyResult<Value> {
    match this.as_ref().and_then(native_data::<MemoProxy>) {
        Some(proxy) => Ok(proxy.owner.borrow().clone()),
        None => Err(vm.new_type_error("a memo proxy is required".to_owned())),
    }
}

fn proxy_clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = PICKLER_CLEAR.bind(vm, args)?;
    let owner = owner(vm, &this)?;
    if let Some(p) = native_data::<Pickler>(&owner) {
        p.memo.borrow_mut().clear();
    } else if let Some(u) = native_data::<Unpickler>(&owner) {
        *u.memo.borrow_mut() = UnpicklerMemo::default();
    }
    Ok(Value::None)
}

/// The memo as a dict: `{id(obj): (index, obj)}` for a pickler, `{index: obj}`
/// for an unpickler.
fn memo_dict(vm: &mut Vm, owner: &Value) -> PyResult<Value> {
    let d = vm.new_dict();
    if let Some(p) = native_data::<Pickler>(owner) {
        let items = p.memo.borrow().items();
        for (address, index, obj) in items {
            let entry = vm.new_tuple(vec![Value::Int(index as i64), obj]);
            krait_vm::objects::dict::dict_set_item(vm, &d, Value::Int(address as i64), entry)?;
        }
    } else if let Some(u) = native_data::<Unpickler>(owner) {
        let items = u.memo.borrow().items();
        for (index, obj) in items {
            krait_vm::objects::dict::dict_set_item(vm, &d, Value::Int(index as i64), obj)?;
        }
    }
    Ok(Value::Obj(d))
}

fn proxy_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = PICKLER_COPY.bind(vm, args)?;
    let owner = owner(vm, &this)?;
    memo_dict(vm, &owner)
}

fn proxy_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = PICKLER_REDUCE.bind(vm, args)?;
    let owner = owner(vm, &this)?;
    let contents = memo_dict(vm, &owner)?;
    let args = vm.new_tuple(vec![contents]);
    Ok(vm.new_tuple(vec![Value::Obj(vm.types.dict.clone()), args]))
}

/// The proxy's owner when `value` is a proxy of the type `class`.
fn proxied(value: &Value, class: &ObjRef) -> Option<Value> {
    let o = value.as_obj()?;
    if !std::ptr::eq(o.class_ref(), &**class) {
        return None;
    }
    native_data::<MemoProxy>(value).map(|p| p.owner.borrow().clone())
}

/// The memo that assigning `value` to `Pickler.memo` gives.
pub(crate) fn pickler_memo_from(vm: &mut Vm, value: &Value) -> PyResult<MemoTable> {
    let class = state(vm)?.pickler_memo_type.clone();
    if let Some(owner) = proxied(value, &class) {
        return Ok(native_data::<Pickler>(&owner)
            .map(|p| p.memo.borrow().clone())
            .unwrap_or_default());
    }
    if let Some(d) = value.as_obj().filter(|o| as_dict(o).is_some()) {
        return pickler::memo_from_dict(vm, d);
    }
    let given = vm.type_name_of(value);
    Err(vm.new_type_error(format!(
        "'memo' attribute must be a PicklerMemoProxy object or dict, not {given}"
    )))
}

/// The memo that assigning `value` to `Unpickler.memo` gives.
pub(crate) fn unpickler_memo_from(vm: &mut Vm, value: &Value) -> PyResult<UnpicklerMemo> {
    let class = state(vm)?.unpickler_memo_type.clone();
    if let Some(owner) = proxied(value, &class) {
        return Ok(native_data::<Unpickler>(&owner)
            .map(|u| u.memo.borrow().clone())
            .unwrap_or_default());
    }
    if let Some(d) = value.as_obj().filter(|o| as_dict(o).is_some()) {
        return unpickler::memo_from_dict(vm, d);
    }
    let given = vm.type_name_of(value);
    Err(vm.new_type_error(format!(
        "'memo' attribute must be an UnpicklerMemoProxy object or dict, not {given}"
    )))
}
