//! Weak references (CPython's `Objects/weakrefobject.c`) and the `_weakref` module.
//!
//! A weak reference holds an `rc::Weak` to its referent. The interpreter keeps, by
//! referent address, the weak references made to each object (`Vm::weakrefs`, what
//! CPython keeps in the object's weak reference list): `getweakrefcount` and
//! `getweakrefs` read it, and a basic `ref(obj)` is shared. A referent is marked when
//! its first weak reference is made; when it dies, `Drop` reports its address to the
//! finaliser queue and `run_callbacks` calls the callbacks, newest first, at the
//! next safe point (so `WeakValueDictionary`, `WeakSet` and `weakref.finalize` see
//! deaths as CPython's do).

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use crate::abstract_;
use crate::native::MethodDef;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::function::Args;
use crate::objects::typeobject::{self, type_data};
use crate::objects::{add_getset, add_method, add_new};
use crate::signature::Signature;
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};
use krait_bytecode::opcode_table::{CMP_EQ, CMP_NE};

pub struct WeakRefData {
    pub target: Weak<PyObject>,
    /// Emptied once called (or when the referent died), as CPython clears it.
    pub callback: RefCell<Value>,
    hash: Cell<Option<i64>>,
}

/// The weak references made to each live object, by the object's address, in the
/// order they were made.
pub type WeakRegistry = std::collections::HashMap<usize, Vec<Weak<PyObject>>>;

fn weak_data(v: &Value) -> Option<&WeakRefData> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::WeakRef(w) => Some(w),
            _ => None,
        },
        _ => None,
    }
}

fn referent(v: &Value) -> Option<ObjRef> {
    weak_data(v).and_then(|w| w.target.upgrade())
}

/// The object, if its type allows weak references to it.
fn weakrefable(v: &Value) -> Option<&ObjRef> {
    match v {
        Value::Obj(o) if type_data(o.class_ref()).weakrefable.get() => Some(o),
        _ => None,
    }
}

fn new_ref(vm: &mut Vm, class: &ObjRef, target: &Value, callback: Value) -> PyResult<Value> {
    let Some(obj) = weakrefable(target) else {
        return Err(vm.new_type_error(format!(
            "cannot create weak reference to '{}' object",
            vm.type_name_of(target)
        )));
    };
    let address = Rc::as_ptr(obj) as usize;
    let basic = callback.is_none()
        && [
            &vm.weakref_types.reference,
            &vm.weakref_types.proxy,
            &vm.weakref_types.callable_proxy,
        ]
        .into_iter()
        .any(|t| Rc::ptr_eq(t, class));
    let entry = vm.weakrefs.entry(address).or_default();
    // References made to an object that died at this address are gone from here
    // once the death was handled; the ones left have died themselves.
    entry.retain(|w| w.strong_count() > 0);
    if basic {
        // A basic reference without a callback is shared, as CPython shares it.
        let existing = entry.iter().filter_map(Weak::upgrade).find(|w| {
            Rc::ptr_eq(&w.class(), class)
                && matches!(&w.payload, Payload::WeakRef(d) if d.callback.borrow().is_none())
        });
        if let Some(existing) = existing {
            return Ok(Value::Obj(existing));
        }
    }
    let data = WeakRefData {
        target: Rc::downgrade(obj),
        callback: RefCell::new(callback),
        hash: Cell::new(None),
    };
    let weakref = typeobject::new_instance(vm, class, Payload::WeakRef(data));
    vm.weakrefs
        .entry(address)
        .or_default()
        .push(Rc::downgrade(&weakref));
    obj.weak_callbacks.set(true);
    let queue = vm.finalizers.clone();
    type_data(obj.class_ref())
        .weak_callback_queue
        .borrow_mut()
        .get_or_insert(queue);
    Ok(Value::Obj(weakref))
}

/// The live weak references to `obj`, oldest first.
fn weakrefs_to(vm: &Vm, obj: &ObjRef) -> Vec<ObjRef> {
    let address = Rc::as_ptr(obj) as usize;
    vm.weakrefs
        .get(&address)
        .into_iter()
        .flatten()
        .filter_map(Weak::upgrade)
        .filter(
            |w| matches!(&w.payload, Payload::WeakRef(d) if std::ptr::eq(d.target.as_ptr(), Rc::as_ptr(obj))),
        )
        .collect()
}

/// Called for an object that died at `address` with weak references: each callback
/// runs with its reference, newest reference first; an exception is reported as
/// unraisable, as CPython's `PyObject_ClearWeakRefs` does.
pub fn run_callbacks(vm: &mut Vm, address: usize) {
    let Some(entry) = vm.weakrefs.remove(&address) else {
        return;
    };
    // A new object may live at the address by now: its references stay listed.
    let (dead, alive): (Vec<_>, Vec<_>) = entry.into_iter().partition(|w| {
        w.upgrade().is_none_or(|w| match &w.payload {
            Payload::WeakRef(d) => d.target.strong_count() == 0,
            _ => true,
        })
    });
    if !alive.is_empty() {
        vm.weakrefs.insert(address, alive);
    }
    for weakref in dead.iter().rev().filter_map(Weak::upgrade) {
        let callback = match &weakref.payload {
            Payload::WeakRef(d) => std::mem::replace(&mut *d.callback.borrow_mut(), Value::None),
            _ => continue,
        };
        if callback.is_none() {
            continue;
        }
        if let Err(err) = vm.call1(&callback, vec![Value::Obj(weakref.clone())]) {
            vm.report_unraisable(&err, Some(callback), None);
        }
    }
}

// `ref(object, callback=None, /)`: CPython refuses keywords under the name `ref`,
// then counts the arguments under the name `__new__`.
static REF_NEW: Signature = Signature::new("__new__", "($type, object, callback=None, /)");
// Calling a reference takes no arguments.
static REF_CALL: Signature = Signature::new("weakref", "($self, /)");

fn ref_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if !args.kw.is_empty() {
        return Err(vm.new_type_error("ref() takes no keyword arguments".to_owned()));
    }
    let (class, [target, callback]) = REF_NEW.bind(vm, args)?;
    let class = match class {
        Some(Value::Obj(c)) if c.type_data().is_some() => c,
        _ => vm.weakref_types.reference.clone(),
    };
    let target = target.expect("required by the signature");
    new_ref(vm, &class, &target, callback.unwrap_or(Value::None))
}

/// The weak-reference classes of `_weakref`.
pub struct WeakRefTypes {
    pub reference: ObjRef,
    pub proxy: ObjRef,
    pub callable_proxy: ObjRef,
}

impl WeakRefTypes {
    pub fn new(types: &crate::vm::Types) -> WeakRefTypes {
        let make = |name: &str| {
            typeobject::new_builtin_type(
                Some(&types.type_),
                name,
                Some(&types.object),
                typeobject::Layout::Opaque,
                Some(&types.dict),
            )
        };
        WeakRefTypes {
            reference: make("ReferenceType"),
            proxy: make("ProxyType"),
            callable_proxy: make("CallableProxyType"),
        }
    }
}

pub fn init(vm: &mut Vm) {
    let ty = vm.weakref_types.reference.clone();
    add_new(vm, &ty, ref_new);
    add_method(vm, &ty, "__init__", |_, _| Ok(Value::None));
    for slot in [
        NativeSlot::Call(|vm, this, args| {
            let mut pos = args.pos;
            pos.insert(0, this.clone());
            REF_CALL.bind::<0>(vm, Args { pos, kw: args.kw })?;
            Ok(referent(this).map(Value::Obj).unwrap_or(Value::None))
        }),
        NativeSlot::Hash(ref_hash),
        NativeSlot::RichCompare(ref_richcompare),
    ] {
        crate::native::add_slot(vm, &ty, slot);
    }
    crate::native::add_slot(
        vm,
        &ty,
        crate::slots::NativeSlot::Repr(|vm, this| {
            let id = this.as_obj().map(crate::object::object_id).unwrap_or(0);
            let Some(obj) = referent(this) else {
                return Ok(vm.new_str(format!("<weakref at {id:#x}; dead>")));
            };
            let class = typeobject::type_name(&obj.class());
            let at = crate::object::object_id(&obj);
            // A referent with a str `__name__` shows it, as CPython's does.
            let name = abstract_::getattr_optional(vm, &Value::Obj(obj), "__name__")?;
            let s = match name.as_ref().and_then(abstract_::value_as_str) {
                Some(name) => format!("<weakref at {id:#x}; to '{class}' at {at:#x} ({name})>"),
                None => format!("<weakref at {id:#x}; to '{class}' at {at:#x}>"),
            };
            Ok(vm.new_str(s))
        }),
    );
    add_getset(
        vm,
        &ty,
        "__callback__",
        |_, v| {
            Ok(weak_data(v)
                .map(|w| w.callback.borrow().clone())
                .unwrap_or(Value::None))
        },
        None,
    );
    for proxy in [
        vm.weakref_types.proxy.clone(),
        vm.weakref_types.callable_proxy.clone(),
    ] {
        for slot in [
            NativeSlot::GetAttr(|vm, me, name| {
                let target = live_referent(vm, me)?;
                abstract_::getattr(vm, &target, name)
            }),
            NativeSlot::SetAttr(|vm, me, name, value| {
                let target = live_referent(vm, me)?;
                abstract_::setattr(vm, &target, name, value)
            }),
        ] {
            crate::native::add_slot(vm, &proxy, slot);
        }
    }
    // Only a proxy to a callable object is callable.
    crate::native::add_slot(
        vm,
        &vm.weakref_types.callable_proxy.clone(),
        NativeSlot::Call(|vm, me, args| {
            let target = live_referent(vm, me)?;
            vm.call(&target, args)
        }),
    );
    for proxy in [
        vm.weakref_types.proxy.clone(),
        vm.weakref_types.callable_proxy.clone(),
    ] {
        add_proxy_slots(vm, &proxy);
    }
    for t in [
        vm.weakref_types.reference.clone(),
        vm.weakref_types.proxy.clone(),
        vm.weakref_types.callable_proxy.clone(),
    ] {
        let module = vm.new_str("weakref");
        crate::objects::set_type_attr(vm, &t, "__module__", module);
        *type_data(&t).module.borrow_mut() = Some("weakref".to_owned());
    }
    vm.register_native_module("_weakref", module_init);
}

// ---------------------------------------------------------------------------
// Proxies pass every protocol on to their referent (CPython's `proxy_*` slots)

/// What a proxy stands for (`ReferenceError` once it is gone); any other value is
/// itself, so binary operators can unwrap either operand.
fn unwrap_proxy(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if !is_proxy(vm, v) {
        return Ok(v.clone());
    }
    match referent(v) {
        Some(target) => Ok(Value::Obj(target)),
        None => Err(vm.new_error(
            Exc::ReferenceError,
            "weakly-referenced object no longer exists",
        )),
    }
}

/// The referent of a proxy, or ReferenceError once it is gone.
fn live_referent(vm: &mut Vm, me: &Value) -> PyResult<Value> {
    match referent(me) {
        Some(target) => Ok(Value::Obj(target)),
        None => Err(vm.new_error(
            Exc::ReferenceError,
            "weakly-referenced object no longer exists",
        )),
    }
}

fn is_proxy(vm: &Vm, v: &Value) -> bool {
    let class = vm.type_of(v);
    Rc::ptr_eq(&class, &vm.weakref_types.proxy)
        || Rc::ptr_eq(&class, &vm.weakref_types.callable_proxy)
}

fn add_proxy_slots(vm: &mut Vm, proxy: &ObjRef) {
    use crate::slots::{NativeSlot, SlotId, NB_DIVMOD, NUMBER_OPS};
    use krait_bytecode::opcode_table::NB_POWER;
    let mut slots = vec![
        NativeSlot::Length(|vm, me| {
            let target = unwrap_proxy(vm, me)?;
            abstract_::len(vm, &target)
        }),
        NativeSlot::GetItem(|vm, me, key| {
            let target = unwrap_proxy(vm, me)?;
            abstract_::getitem(vm, &target, key)
        }),
        NativeSlot::SetItem(|vm, me, key, value| {
            let target = unwrap_proxy(vm, me)?;
            match value {
                Some(value) => abstract_::setitem(vm, &target, key.clone(), value),
                None => abstract_::delitem(vm, &target, key),
            }
        }),
        NativeSlot::Contains(|vm, me, item| {
            let target = unwrap_proxy(vm, me)?;
            abstract_::contains(vm, &target, item)
        }),
        NativeSlot::Bool(|vm, me| {
            let target = unwrap_proxy(vm, me)?;
            abstract_::is_true(vm, &target)
        }),
        NativeSlot::Iter(|vm, me| {
            let target = unwrap_proxy(vm, me)?;
            abstract_::get_iter(vm, &target)
        }),
        NativeSlot::IterNext(|vm, me| {
            let target = unwrap_proxy(vm, me)?;
            if type_data(&vm.type_of(&target))
                .slots
                .iternext
                .get()
                .is_none()
            {
                return Err(vm.new_type_error(format!(
                    "Weakref proxy referenced a non-iterator '{}' object",
                    vm.type_name_of(&target)
                )));
            }
            abstract_::iter_next(vm, &target)
        }),
        NativeSlot::Str(|vm, me| {
            let target = unwrap_proxy(vm, me)?;
            abstract_::str_(vm, &target)
        }),
        NativeSlot::RichCompare(|vm, a, b, op| {
            let (a, b) = (unwrap_proxy(vm, a)?, unwrap_proxy(vm, b)?);
            abstract_::compare(vm, &a, &b, op)
        }),
        NativeSlot::Unary(SlotId::Negative, |vm, me| {
            let target = unwrap_proxy(vm, me)?;
            abstract_::unary_op(vm, &target, krait_bytecode::Opcode::UNARY_NEGATIVE)
        }),
        NativeSlot::Unary(SlotId::Positive, |vm, me| {
            let target = unwrap_proxy(vm, me)?;
            abstract_::unary_op(vm, &target, krait_bytecode::Opcode::UNARY_POSITIVE)
        }),
        NativeSlot::Unary(SlotId::Invert, |vm, me| {
            let target = unwrap_proxy(vm, me)?;
            abstract_::unary_op(vm, &target, krait_bytecode::Opcode::UNARY_INVERT)
        }),
        NativeSlot::Unary(SlotId::Absolute, |vm, me| {
            let target = unwrap_proxy(vm, me)?;
            abstract_::absolute(vm, &target)
        }),
        NativeSlot::Unary(SlotId::Index, |vm, me| {
            let target = unwrap_proxy(vm, me)?;
            abstract_::index(vm, &target)
        }),
        NativeSlot::Unary(SlotId::Int, |vm, me| {
            let target = unwrap_proxy(vm, me)?;
            crate::objects::int::int_from_value(vm, &target)
        }),
        NativeSlot::Unary(SlotId::Float, |vm, me| {
            let target = unwrap_proxy(vm, me)?;
            crate::objects::float::float_from_value(vm, &target).map(Value::Float)
        }),
    ];
    for op in 0..NUMBER_OPS {
        // The whole operator on the referents (`PyNumber_Add` ...), sequence
        // operators and errors included.
        if op != NB_POWER {
            slots.push(NativeSlot::Binary(op, |vm, a, b, op| {
                let (a, b) = (unwrap_proxy(vm, a)?, unwrap_proxy(vm, b)?);
                abstract_::binary_op(vm, &a, &b, op)
            }));
        }
        slots.push(NativeSlot::InPlace(op, |vm, a, b, op| {
            let (a, b) = (unwrap_proxy(vm, a)?, unwrap_proxy(vm, b)?);
            abstract_::binary_op(vm, &a, &b, op + NUMBER_OPS)
        }));
    }
    slots.push(NativeSlot::Binary(NB_DIVMOD, |vm, a, b, _| {
        let (a, b) = (unwrap_proxy(vm, a)?, unwrap_proxy(vm, b)?);
        abstract_::divmod(vm, &a, &b)
    }));
    slots.push(NativeSlot::Power(|vm, a, b, m| {
        let (a, b, m) = (
            unwrap_proxy(vm, a)?,
            unwrap_proxy(vm, b)?,
            unwrap_proxy(vm, m)?,
        );
        abstract_::ternary_op(vm, &a, &b, &m, "** or pow()")
    }));
    for slot in slots {
        crate::native::add_slot(vm, proxy, slot);
    }
}

/// A reference's hash is its referent's, remembered once computed so that it
/// survives the referent.
fn ref_hash(vm: &mut Vm, me: &Value) -> PyResult<i64> {
    let Some(w) = weak_data(me) else {
        return Ok(0);
    };
    if let Some(h) = w.hash.get() {
        return Ok(h);
    }
    match w.target.upgrade() {
        Some(obj) => {
            let h = abstract_::hash(vm, &Value::Obj(obj))?;
            w.hash.set(Some(h));
            Ok(h)
        }
        None => Err(vm.new_type_error("weak object has gone away".to_owned())),
    }
}

/// Two live references are equal when their referents are; dead ones only when
/// they are the same reference. They have no order.
fn ref_richcompare(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    if weak_data(b).is_none() || (op != CMP_EQ && op != CMP_NE) {
        return Ok(vm.not_implemented());
    }
    let equal = match (referent(a), referent(b)) {
        (Some(x), Some(y)) => abstract_::rich_eq_bool(vm, &Value::Obj(x), &Value::Obj(y))?,
        _ => a.is(b),
    };
    Ok(Value::Bool(equal == (op == CMP_EQ)))
}

// The signatures of `_weakref`'s functions, as `__text_signature__` shows them.
static GETWEAKREFCOUNT: Signature =
    Signature::of("_weakref", "getweakrefcount", "($module, object, /)");
static GETWEAKREFS: Signature = Signature::of("_weakref", "getweakrefs", "($module, object, /)");
static PROXY: Signature = Signature::of("_weakref", "proxy", "($module, object, callback=None, /)");
static REMOVE_DEAD_WEAKREF: Signature =
    Signature::of("_weakref", "_remove_dead_weakref", "($module, dct, key, /)");

static MODULE_FUNCTIONS: [MethodDef; 4] = [
    MethodDef::method("getweakrefcount", |vm, args| {
        let [object] = GETWEAKREFCOUNT.bind_args(vm, args)?;
        let count = match object {
            Some(Value::Obj(o)) => weakrefs_to(vm, &o).len(),
            _ => 0,
        };
        Ok(Value::Int(count as i64))
    })
    .with_signature(&GETWEAKREFCOUNT),
    MethodDef::method("getweakrefs", |vm, args| {
        let [object] = GETWEAKREFS.bind_args(vm, args)?;
        let refs = match object {
            Some(Value::Obj(o)) => weakrefs_to(vm, &o),
            _ => Vec::new(),
        };
        // CPython's list: the shared basic reference, the shared basic proxy, then
        // the others newest first.
        let rank = |vm: &Vm, w: &ObjRef| {
            let plain = matches!(&w.payload, Payload::WeakRef(d) if d.callback.borrow().is_none());
            let class = w.class();
            if plain && Rc::ptr_eq(&class, &vm.weakref_types.reference) {
                0
            } else if plain
                && (Rc::ptr_eq(&class, &vm.weakref_types.proxy)
                    || Rc::ptr_eq(&class, &vm.weakref_types.callable_proxy))
            {
                1
            } else {
                2
            }
        };
        let mut refs: Vec<(usize, ObjRef)> =
            refs.into_iter().rev().map(|w| (rank(vm, &w), w)).collect();
        refs.sort_by_key(|(rank, _)| *rank);
        let refs = refs.into_iter().map(|(_, w)| Value::Obj(w)).collect();
        Ok(vm.new_list(refs))
    })
    .with_signature(&GETWEAKREFS),
    MethodDef::method("proxy", |vm, args| {
        let [target, callback] = PROXY.bind_args(vm, args)?;
        let target = target.expect("required by the signature");
        let callable = crate::builtins::is_callable(vm, &target);
        let class = if callable {
            vm.weakref_types.callable_proxy.clone()
        } else {
            vm.weakref_types.proxy.clone()
        };
        new_ref(vm, &class, &target, callback.unwrap_or(Value::None))
    })
    .with_signature(&PROXY),
    MethodDef::method("_remove_dead_weakref", |vm, args| {
        let [d, key] = REMOVE_DEAD_WEAKREF.bind_args(vm, args)?;
        let key = key.expect("required by the signature");
        if let Some(Value::Obj(dict)) = &d {
            if let Some(v) = crate::objects::dict::dict_get_item(vm, dict, &key)? {
                if referent(&v).is_none() {
                    crate::objects::dict::dict_del_item(vm, dict, &key)?;
                }
            }
        }
        Ok(Value::None)
    })
    .with_signature(&REMOVE_DEAD_WEAKREF),
];

/// The `_weakref` module.
fn module_init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = crate::objects::module::new_module(vm, "_weakref");
    let d = crate::objects::module::module_dict(&m).expect("a module");
    let reference = Value::Obj(vm.weakref_types.reference.clone());
    crate::objects::dict::dict_set_str(vm, &d, "ref", reference.clone());
    crate::objects::dict::dict_set_str(vm, &d, "ReferenceType", reference);
    let proxy = Value::Obj(vm.weakref_types.proxy.clone());
    crate::objects::dict::dict_set_str(vm, &d, "ProxyType", proxy);
    let callable_proxy = Value::Obj(vm.weakref_types.callable_proxy.clone());
    crate::objects::dict::dict_set_str(vm, &d, "CallableProxyType", callable_proxy);
    crate::native::add_module_functions(vm, &d, "_weakref", &MODULE_FUNCTIONS);
    Ok(m)
}
