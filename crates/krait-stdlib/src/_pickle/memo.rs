//! The memos: the pickler's table of objects already written (by identity) and
//! the unpickler's objects by index; and `PicklerMemoProxy` and
//! `UnpicklerMemoProxy`, what `Pickler.memo` and `Unpickler.memo` return. A proxy
//! lets Python code clear or copy a memo (`pickler.memo.clear()`), and assigning a
//! proxy or a dict of the same shape replaces it (`pickler.memo = saved`).

use std::cell::RefCell;
use std::rc::Rc;

use krait_vm::native::NativeTypeSpec;
use krait_vm::native::{native_data, new_native_object, new_native_type, MethodDef, NativeData};
use krait_vm::objects::dict::as_dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::typeobject::type_data;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{Exc, ObjRef, Payload, PyResult, Value, Vm};
use rustc_hash::FxHashMap;

use super::pickler::{self, Pickler};
use super::state;
use super::unpickler::{self, Unpickler};

// ---------------------------------------------------------------------------
// The pickler's memo

/// The memo: each object written so far, by identity, with its memo index. The
/// object itself is kept so that its address stays its own.
#[derive(Default, Clone)]
pub(crate) struct MemoTable {
    pub(crate) entries: FxHashMap<Identity, (usize, Value)>,
}

/// What makes two objects the same object for the memo: the address, except for
/// the strs and bytes CPython keeps one object of (the empty ones, one latin-1
/// character, one byte), which Krait may have made several times.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Identity {
    Object(usize),
    Char(u32),
    EmptyStr,
    Byte(u8),
    EmptyBytes,
}

impl MemoTable {
    pub(crate) fn get(&self, obj: &Value) -> Option<usize> {
        let key = identity(obj)?;
        self.entries.get(&key).map(|(index, _)| *index)
    }

    pub(crate) fn set(&mut self, obj: &Value, index: usize) {
        if let Some(key) = identity(obj) {
            self.entries.insert(key, (index, obj.clone()));
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }

    /// `(address, index, object)` for each entry, by index.
    pub(crate) fn items(&self) -> Vec<(usize, usize, Value)> {
        let mut items: Vec<_> = self
            .entries
            .values()
            .map(|(index, obj)| (address(obj), *index, obj.clone()))
            .collect();
        items.sort_by_key(|item| item.1);
        items
    }
}

pub(crate) fn address(obj: &Value) -> usize {
    obj.as_obj().map_or(0, |o| Rc::as_ptr(o) as usize)
}

/// The memo identity of an object. Values Krait keeps unboxed are never memoised
/// (CPython writes ints, floats, bools and None without the memo too).
fn identity(obj: &Value) -> Option<Identity> {
    let o = obj.as_obj()?;
    let builtin = || !type_data(o.class_ref()).heap;
    Some(match &o.payload {
        Payload::Str(s) if s.char_len() == 0 && builtin() => Identity::EmptyStr,
        Payload::Str(s) if s.char_len() == 1 && builtin() => match s.code_points().next() {
            Some(c) if c < 256 => Identity::Char(c),
            _ => Identity::Object(address(obj)),
        },
        Payload::Bytes(b) if b.is_empty() && builtin() => Identity::EmptyBytes,
        Payload::Bytes(b) if b.len() == 1 && builtin() => Identity::Byte(b[0]),
        _ => Identity::Object(address(obj)),
    })
}

// ---------------------------------------------------------------------------
// The unpickler's memo

/// Memo indexes below this live in a vector; larger ones (which only a hostile
/// pickle would use) in a map, so a huge index cannot ask for a huge vector.
const DENSE_MEMO_LIMIT: usize = 1 << 20;

/// Past this index CPython's memo (an array of twice the index) is larger than
/// memory: a MemoryError.
const MEMO_INDEX_LIMIT: usize = 1 << 28;

/// The unpickler's memo: objects by index.
#[derive(Default, Clone)]
pub(crate) struct UnpicklerMemo {
    pub(crate) dense: Vec<Option<Value>>,
    sparse: FxHashMap<usize, Value>,
    len: usize,
}

impl UnpicklerMemo {
    pub(crate) fn get(&self, index: usize) -> Option<&Value> {
        match self.dense.get(index) {
            Some(slot) => slot.as_ref(),
            None => self.sparse.get(&index),
        }
    }

    /// Stores `value` at `index`; a MemoryError for an index so large that
    /// CPython's memo array could not grow to it.
    pub(crate) fn put_checked(&mut self, vm: &mut Vm, index: usize, value: Value) -> PyResult<()> {
        if index >= MEMO_INDEX_LIMIT {
            return Err(vm.new_error(Exc::MemoryError, ""));
        }
        self.put(index, value);
        Ok(())
    }

    pub(crate) fn put(&mut self, index: usize, value: Value) {
        let old = if index < DENSE_MEMO_LIMIT {
            if index >= self.dense.len() {
                self.dense
                    .resize((index * 2).clamp(32, DENSE_MEMO_LIMIT), None);
            }
            self.dense[index].replace(value)
        } else {
            self.sparse.insert(index, value)
        };
        if old.is_none() {
            self.len += 1;
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// `(index, object)` for each entry, by index.
    pub(crate) fn items(&self) -> Vec<(usize, Value)> {
        let mut items: Vec<(usize, Value)> = self
            .dense
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.clone().map(|v| (i, v)))
            .collect();
        let mut sparse: Vec<(usize, Value)> =
            self.sparse.iter().map(|(i, v)| (*i, v.clone())).collect();
        sparse.sort_by_key(|(i, _)| *i);
        items.extend(sparse);
        items
    }

    pub(crate) fn values(&self) -> impl Iterator<Item = &Value> {
        self.dense.iter().flatten().chain(self.sparse.values())
    }
}

// ---------------------------------------------------------------------------
// The proxies

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
