//! The `dict` type (CPython's `Objects/dictobject.c`).
//!
//! The compact ordered layout: a sparse table of indices, probed with CPython's
//! perturbation scheme, over a dense array of entries in insertion order. Keys are
//! compared through `__eq__` with its exceptions propagated; exact `str` and `int` keys
//! are compared without calling into Python. A lookup never holds a borrow of the
//! table while Python code runs, and restarts if that code mutated the dict.

use std::cell::RefCell;

use crate::objects::dict_index::IndexTable;

use crate::abstract_;
use crate::object::{ObjRef, Payload};
use crate::objects::typeobject;
use crate::value::Value;
use crate::{PyResult, Vm};

const EMPTY: u32 = u32::MAX;
const DUMMY: u32 = u32::MAX - 1;
const PERTURB_SHIFT: u32 = 5;
const MIN_SIZE: usize = 8;
/// The most index slots a table has: its entries (at most two thirds of it) stay
/// below `DUMMY`, and its counts fit a `u32`.
const MAX_SIZE: usize = 1 << 32;

#[derive(Clone)]
pub struct DictEntry {
    pub hash: i64,
    pub key: Value,
    pub value: Value,
}

#[derive(Default, Clone)]
pub struct DictData {
    indices: IndexTable,
    entries: Vec<Option<DictEntry>>,
    /// Live entries. Counts fit 32 bits: entries are indexed by `u32`, and `grow`
    /// makes no table of more than `MAX_SIZE` slots.
    used: u32,
    /// Index slots that are not empty (entries and dummies): probes end only at an
    /// empty one, so this, not just the entry count, decides when to grow.
    fill: u32,
    /// Bumped (wrapping) on every insertion of a new key, deletion and clear: lets
    /// a lookup that ran Python code notice that the table changed under it.
    pub version: u32,
    /// Names the current layout of keys for inline caches (CPython's `dk_version`):
    /// 0 until a cache asks for one, back to 0 whenever a key is added or removed.
    /// Versions come from one counter, so equal versions mean equal layouts (a copy
    /// keeps its original's, rightly: its keys sit at the same indices).
    keys_version: u32,
}

/// The source of dict key-layout versions; 0 is never handed out.
/// Once all 32-bit versions are used, layouts get none (0) and caches stop
/// specialising on them, as in CPython.
static NEXT_KEYS_VERSION: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

/// Probe result for one table slot.
enum Slot {
    Empty(usize),
    Entry(usize, usize),
}

impl DictData {
    pub fn new() -> DictData {
        DictData::default()
    }

    pub fn len(&self) -> usize {
        self.used as usize
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// Entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &DictEntry> {
        self.entries.iter().flatten()
    }

    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|e| e.key.clone()).collect()
    }

    pub fn values(&self) -> Vec<Value> {
        self.iter().map(|e| e.value.clone()).collect()
    }

    pub fn items(&self) -> Vec<(Value, Value)> {
        self.iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect()
    }

    /// The entry at dense position `pos` or later, for iterators: (next pos, entry).
    pub fn entry_from(&self, pos: usize) -> Option<(usize, &DictEntry)> {
        self.entries[pos.min(self.entries.len())..]
            .iter()
            .enumerate()
            .find_map(|(i, e)| e.as_ref().map(|e| (pos + i + 1, e)))
    }

    /// The last live entry before dense position `pos`: (its position, entry).
    pub fn entry_before(&self, pos: usize) -> Option<(usize, &DictEntry)> {
        self.entries[..pos.min(self.entries.len())]
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, e)| e.as_ref().map(|e| (i, e)))
    }

    /// The length of the dense entry array, deleted entries included.
    pub fn entries_len(&self) -> usize {
        self.entries.len()
    }

    pub fn clear(&mut self) {
        self.indices = IndexTable::default();
        self.entries.clear();
        self.used = 0;
        self.fill = 0;
        self.keys_changed();
    }

    /// Records that the set of keys (or their positions) changed.
    fn keys_changed(&mut self) {
        self.version = self.version.wrapping_add(1);
        self.keys_version = 0;
    }

    /// The version of the current key layout, assigning one if it has none; 0 once
    /// versions ran out (then nothing may be cached on the layout).
    pub fn keys_version(&mut self) -> u64 {
        use std::sync::atomic::Ordering::Relaxed;
        if self.keys_version == 0 {
            self.keys_version = NEXT_KEYS_VERSION
                .fetch_update(Relaxed, Relaxed, |next| next.checked_add(1))
                .unwrap_or(0);
        }
        u64::from(self.keys_version)
    }

    /// The version of the current key layout, 0 if none was assigned since it changed.
    #[inline]
    pub fn current_keys_version(&self) -> u64 {
        u64::from(self.keys_version)
    }

    /// The value of the live entry at dense position `ix`.
    #[inline]
    pub fn value_at(&self, ix: usize) -> Option<&Value> {
        self.entries.get(ix)?.as_ref().map(|e| &e.value)
    }

    /// The dense position of the interned name `key` (its hash given): `hint`, a
    /// position remembered from an earlier lookup, when the key there is `key`
    /// itself, else wherever probing finds it.
    #[inline]
    pub fn find_name_hinted(&self, hint: usize, key: &ObjRef, hash: i64) -> Option<usize> {
        let at_hint = self
            .entries
            .get(hint)
            .and_then(|e| e.as_ref())
            .is_some_and(|e| matches!(&e.key, Value::Obj(k) if std::rc::Rc::ptr_eq(k, key)));
        if at_hint {
            return Some(hint);
        }
        self.find_str(hash, abstract_::obj_as_str(key)?)
    }

    /// Sets the interned name `key` (its hash given) to `value`, trying the position
    /// `hint` remembers first and remembering where it went; returns the old value.
    pub fn store_str_hinted(
        &mut self,
        hint: &std::cell::Cell<u64>,
        key: &ObjRef,
        hash: i64,
        value: Value,
    ) -> Option<Value> {
        let found = self.find_name_hinted(hint.get() as usize, key, hash);
        match found.and_then(|ix| self.entries[ix].as_mut().map(|e| (ix, e))) {
            Some((ix, entry)) => {
                hint.set(ix as u64);
                Some(std::mem::replace(&mut entry.value, value))
            }
            None => {
                let key = Value::Obj(key.clone());
                // Without the memory for a larger table the name is not stored:
                // this path cannot raise.
                let _stored = self.insert_new(DictEntry { hash, key, value });
                // A grow compacts the entries: the new one is the last.
                hint.set(self.entries.len().saturating_sub(1) as u64);
                None
            }
        }
    }

    /// Walks the probe sequence for `hash`, calling `visit` on each slot until it
    /// returns `Some`.
    fn probe<T>(&self, hash: i64, mut visit: impl FnMut(Slot) -> Option<T>) -> Option<T> {
        // The table's length is read once (it sits in front of the slots).
        let indices = self.indices.slots();
        if indices.is_empty() {
            return None;
        }
        let mask = indices.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let ix = indices[i];
            let slot = match ix {
                EMPTY => Slot::Empty(i),
                DUMMY => Slot::Entry(i, usize::MAX),
                _ => Slot::Entry(i, ix as usize),
            };
            if let Some(found) = visit(slot) {
                return Some(found);
            }
            if ix == EMPTY {
                return None;
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
    }

    /// Finds `key` comparing only without Python: `Ok(Some(ix))` found, `Ok(None)`
    /// absent, `Err(candidates)` entries with equal hash that need `__eq__`.
    fn find_fast(&self, hash: i64, key: &Value) -> Result<Option<usize>, Vec<usize>> {
        let mut slow = Vec::new();
        let found = self.probe(hash, |slot| match slot {
            Slot::Empty(_) => Some(None),
            Slot::Entry(_, usize::MAX) => None,
            Slot::Entry(_, ix) => {
                let entry = self.entries[ix].as_ref()?;
                if entry.hash != hash {
                    return None;
                }
                match crate::objects::set::fast_key_eq(&entry.key, key) {
                    Some(true) => Some(Some(ix)),
                    Some(false) => None,
                    None => {
                        slow.push(ix);
                        None
                    }
                }
            }
        });
        match found.flatten() {
            Some(ix) => Ok(Some(ix)),
            None if slow.is_empty() => Ok(None),
            None => Err(slow),
        }
    }

    /// The dense position of a str key whose hash is known.
    pub fn find_str(&self, hash: i64, name: &str) -> Option<usize> {
        self.probe(hash, |slot| match slot {
            Slot::Empty(_) => Some(None),
            Slot::Entry(_, usize::MAX) => None,
            Slot::Entry(_, ix) => {
                let entry = self.entries[ix].as_ref()?;
                // An interned name finds its own key: same buffer, no compare needed.
                let same = entry.hash == hash
                    && abstract_::value_as_str(&entry.key)
                        .is_some_and(|k| std::ptr::eq(k, name) || k == name);
                if same {
                    Some(Some(ix))
                } else {
                    None
                }
            }
        })
        .flatten()
    }

    pub fn get_str(&self, name: &str) -> Option<Value> {
        let hash = crate::pyhash::hash_str(name);
        self.find_str(hash, name)
            .and_then(|ix| self.entries[ix].as_ref())
            .map(|e| e.value.clone())
    }

    /// Lookup by a str key whose hash is already known.
    pub fn get_str_hashed(&self, hash: i64, name: &str) -> Option<Value> {
        self.find_str(hash, name)
            .and_then(|ix| self.entries[ix].as_ref())
            .map(|e| e.value.clone())
    }

    /// Rebuilds the table for the live entries, at CPython's size (the smallest
    /// power of two holding three times as many, `GROWTH_RATE`), with room for
    /// entries up to its 2/3 load so that adding them allocates nothing. A table
    /// that filled up with deleted entries may stay as large or shrink, as
    /// CPython's does; the size decides where later keys go, which iteration
    /// that changes the dict can observe. `false` (and the table unchanged) when
    /// the memory for it cannot be had.
    fn grow(&mut self) -> bool {
        let size = (self.used as usize * 3).next_power_of_two().max(MIN_SIZE);
        if size > MAX_SIZE {
            return false;
        }
        let Some(indices) = IndexTable::try_new(size, EMPTY) else {
            return false;
        };
        let mut entries = Vec::new();
        if entries.try_reserve_exact(size * 2 / 3 + 1).is_err() {
            return false;
        }
        let live = std::mem::replace(&mut self.entries, entries);
        self.indices = indices;
        self.used = 0;
        self.fill = 0;
        for entry in live.into_iter().flatten() {
            self.insert_new_unchecked(entry);
        }
        true
    }

    fn insert_new_unchecked(&mut self, entry: DictEntry) {
        let ix = self.entries.len() as u32;
        let slot = self
            .probe(entry.hash, |slot| match slot {
                Slot::Empty(i) => Some(i),
                Slot::Entry(i, usize::MAX) => Some(i),
                Slot::Entry(..) => None,
            })
            .expect("the table always has a free slot after grow");
        if self.indices[slot] == EMPTY {
            self.fill += 1;
        }
        self.indices[slot] = ix;
        self.entries.push(Some(entry));
        self.used += 1;
    }

    /// Adds an entry for a key known to be absent; `false` when the table had to
    /// grow and the memory for it could not be had (as in CPython, the key is then
    /// not added, and callers that can raise report MemoryError).
    fn insert_new(&mut self, entry: DictEntry) -> bool {
        // Keep the table at most 2/3 full, counting deleted entries and the dummies
        // `popitem` leaves behind it.
        let taken = self.entries.len().max(self.fill as usize);
        let full = self.indices.is_empty() || (taken + 1) * 3 > self.indices.len() * 2;
        if full && !self.grow() {
            return false;
        }
        self.insert_new_unchecked(entry);
        self.keys_changed();
        true
    }

    fn remove_at(&mut self, ix: usize) -> Option<DictEntry> {
        let entry = self.entries[ix].take()?;
        let slot = self.probe(entry.hash, |slot| match slot {
            Slot::Entry(i, found) if found == ix => Some(i),
            _ => None,
        });
        if let Some(slot) = slot {
            self.indices[slot] = DUMMY;
        }
        self.used -= 1;
        self.keys_changed();
        Some(entry)
    }

    /// Sets a str key (the key object supplied by the caller) without calling Python.
    pub fn set_str(&mut self, name: &str, key: Value, value: Value) {
        self.set_str_hashed(crate::pyhash::hash_str(name), name, key, value)
    }

    /// `set_str` with the name's hash known.
    pub fn set_str_hashed(&mut self, hash: i64, name: &str, key: Value, value: Value) {
        match self.find_str(hash, name) {
            Some(ix) => {
                if let Some(entry) = self.entries[ix].as_mut() {
                    entry.value = value;
                }
            }
            None => {
                // Without the memory for a larger table the name is not stored:
                // this path cannot raise (as `store_str_hinted`).
                let _stored = self.insert_new(DictEntry { hash, key, value });
            }
        }
    }

    pub fn remove_str(&mut self, name: &str) -> Option<Value> {
        let hash = crate::pyhash::hash_str(name);
        let ix = self.find_str(hash, name)?;
        self.remove_at(ix).map(|e| e.value)
    }

    /// Removes and returns the last entry (`dict.popitem`).
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        let ix = self.entries.iter().rposition(|e| e.is_some())?;
        let entry = self.remove_at(ix)?;
        // Trailing deleted entries can go; the dense array stays compact.
        while matches!(self.entries.last(), Some(None)) {
            self.entries.pop();
        }
        if self.used == 0 {
            self.clear();
        }
        Some((entry.key, entry.value))
    }
}

/// The dict payload of `obj`, if it is a dict (or dict subclass instance).
pub fn as_dict(obj: &ObjRef) -> Option<&RefCell<DictData>> {
    match &obj.payload {
        Payload::Dict(d) => Some(d),
        _ => None,
    }
}

/// Finds the dense index of `key`, calling `__eq__` where needed.
fn lookup(
    vm: &mut Vm,
    cell: &RefCell<DictData>,
    key: &Value,
    hash: i64,
) -> PyResult<Option<usize>> {
    'restart: loop {
        let (candidates, version) = {
            let data = cell.borrow();
            match data.find_fast(hash, key) {
                Ok(found) => return Ok(found),
                Err(candidates) => (candidates, data.version),
            }
        };
        for ix in candidates {
            let candidate = match cell.borrow().entries.get(ix).cloned().flatten() {
                Some(entry) => entry.key,
                None => continue 'restart,
            };
            let equal = crate::objects::set::keys_equal(vm, &candidate, key)?;
            if cell.borrow().version != version {
                continue 'restart;
            }
            if equal {
                return Ok(Some(ix));
            }
        }
        return Ok(None);
    }
}

/// `dict[key]` for an exact dict and an exact str key, when the lookup needs no
/// Python code (no other key of that hash asks `__eq__`): the value, or `None` to
/// leave the subscript to `dict_get_item` (absent keys and every other case).
#[inline]
pub fn str_item_without_python(vm: &Vm, dict: &ObjRef, key: &Value) -> Option<Value> {
    let Value::Obj(k) = key else {
        return None;
    };
    if !std::ptr::eq(dict.class_ref(), &*vm.types.dict)
        || !std::ptr::eq(k.class_ref(), &*vm.types.str)
    {
        return None;
    }
    let hash = k.str_data()?.hash();
    let data = as_dict(dict)?.try_borrow().ok()?;
    let ix = data.find_fast(hash, key).ok()??;
    Some(data.entries[ix].as_ref()?.value.clone())
}

/// Whether `dict` holds `key` (whose hash is `hash`), when telling needs no Python
/// code; `None` otherwise.
#[inline]
pub fn contains_without_python(dict: &ObjRef, hash: i64, key: &Value) -> Option<bool> {
    let data = as_dict(dict)?.try_borrow().ok()?;
    data.find_fast(hash, key).ok().map(|ix| ix.is_some())
}

pub fn dict_get_item(vm: &mut Vm, dict: &ObjRef, key: &Value) -> PyResult<Option<Value>> {
    let Some(cell) = as_dict(dict) else {
        return Ok(None);
    };
    let hash = abstract_::hash(vm, key)?;
    value_of(vm, cell, key, hash)
}

/// `dict_get_item` for a key whose hash is known (CPython's
/// `_PyDict_GetItem_KnownHash`).
pub fn dict_get_item_hashed(
    vm: &mut Vm,
    dict: &ObjRef,
    key: &Value,
    hash: i64,
) -> PyResult<Option<Value>> {
    match as_dict(dict) {
        Some(cell) => value_of(vm, cell, key, hash),
        None => Ok(None),
    }
}

#[inline(always)]
fn value_of(
    vm: &mut Vm,
    cell: &RefCell<DictData>,
    key: &Value,
    hash: i64,
) -> PyResult<Option<Value>> {
    let ix = lookup(vm, cell, key, hash)?;
    Ok(ix.and_then(|ix| cell.borrow().entries[ix].as_ref().map(|e| e.value.clone())))
}

/// The error of a dict operation given a non-dict (reachable only from malformed
/// bytecode), as CPython's `PyDict_SetItem` reports it.
fn not_a_dict(vm: &mut Vm) -> crate::PyErr {
    vm.new_error(Exc::SystemError, "bad argument to internal function")
}

pub fn dict_set_item(vm: &mut Vm, dict: &ObjRef, key: Value, value: Value) -> PyResult<()> {
    let hash = abstract_::hash(vm, &key)?;
    store_hashed(vm, dict, key, hash, value).map(drop)
}

/// `dict[key] = value` for a key whose hash is known: the key object the dict
/// already held under an equal key (it keeps that one), or `None` when `key` went
/// in. `collections.OrderedDict` keeps its order by the key objects the dict holds.
pub fn dict_set_item_hashed(
    vm: &mut Vm,
    dict: &ObjRef,
    key: Value,
    hash: i64,
    value: Value,
) -> PyResult<Option<Value>> {
    let held = store_hashed(vm, dict, key, hash, value)?;
    Ok(held.and_then(|ix| {
        let data = as_dict(dict)?.borrow();
        data.entries.get(ix)?.as_ref().map(|e| e.key.clone())
    }))
}

/// Stores `value` under `key`: the dense position of the entry that was there, or
/// `None` for a new one.
fn store_hashed(
    vm: &mut Vm,
    dict: &ObjRef,
    key: Value,
    hash: i64,
    value: Value,
) -> PyResult<Option<usize>> {
    let Some(cell) = as_dict(dict) else {
        return Err(not_a_dict(vm));
    };
    let ix = lookup(vm, cell, &key, hash)?;
    let mut data = cell.borrow_mut();
    match ix.and_then(|ix| data.entries[ix].as_mut().map(|e| (ix, e))) {
        Some((ix, entry)) => {
            entry.value = value;
            Ok(Some(ix))
        }
        None => {
            if !data.insert_new(DictEntry { hash, key, value }) {
                drop(data);
                return Err(vm.new_error(Exc::MemoryError, ""));
            }
            Ok(None)
        }
    }
}

/// `d.setdefault(key, default)`: the key is hashed and looked up once (its
/// `__hash__` and `__eq__` run once, as CPython's).
fn set_default(vm: &mut Vm, dict: &ObjRef, key: Value, default: Value) -> PyResult<Value> {
    let Some(cell) = as_dict(dict) else {
        return Err(not_a_dict(vm));
    };
    let hash = abstract_::hash(vm, &key)?;
    let ix = lookup(vm, cell, &key, hash)?;
    let mut data = cell.borrow_mut();
    if let Some(entry) = ix.and_then(|ix| data.entries[ix].as_ref()) {
        return Ok(entry.value.clone());
    }
    let entry = DictEntry {
        hash,
        key,
        value: default.clone(),
    };
    if !data.insert_new(entry) {
        drop(data);
        return Err(vm.new_error(Exc::MemoryError, ""));
    }
    Ok(default)
}

/// Removes `key`; returns its value, or `None` when absent (the caller raises).
pub fn dict_del_item(vm: &mut Vm, dict: &ObjRef, key: &Value) -> PyResult<Option<Value>> {
    let hash = abstract_::hash(vm, key)?;
    Ok(dict_pop_hashed(vm, dict, key, hash)?.map(|(_, value)| value))
}

/// Removes `key`, whose hash is known: the key object the dict held and its value,
/// or `None` when absent.
pub fn dict_pop_hashed(
    vm: &mut Vm,
    dict: &ObjRef,
    key: &Value,
    hash: i64,
) -> PyResult<Option<(Value, Value)>> {
    let Some(cell) = as_dict(dict) else {
        return Err(not_a_dict(vm));
    };
    let ix = lookup(vm, cell, key, hash)?;
    Ok(ix
        .and_then(|ix| cell.borrow_mut().remove_at(ix))
        .map(|e| (e.key, e.value)))
}

/// The key object `dict` holds under a key equal to `key` (whose hash is known),
/// which may be another object than `key`; `None` when absent.
pub fn dict_held_key(
    vm: &mut Vm,
    dict: &ObjRef,
    key: &Value,
    hash: i64,
) -> PyResult<Option<Value>> {
    let Some(cell) = as_dict(dict) else {
        return Ok(None);
    };
    let ix = lookup(vm, cell, key, hash)?;
    Ok(ix.and_then(|ix| {
        cell.borrow()
            .entries
            .get(ix)?
            .as_ref()
            .map(|e| e.key.clone())
    }))
}

/// Whether `dict` holds the object `key` itself as a key (found by its hash and
/// compared by identity alone, so no Python code runs).
pub fn dict_holds_key_object(dict: &ObjRef, key: &Value, hash: i64) -> bool {
    let Some(data) = as_dict(dict).and_then(|d| d.try_borrow().ok()) else {
        return false;
    };
    data.probe(hash, |slot| match slot {
        Slot::Empty(_) => Some(false),
        Slot::Entry(_, usize::MAX) => None,
        Slot::Entry(_, ix) => data.entries[ix]
            .as_ref()
            .filter(|e| e.hash == hash && e.key.is(key))
            .map(|_| true),
    })
    .unwrap_or(false)
}

/// Empties `dict` (`dict.clear`), handing back the old contents to drop once no
/// borrow is held.
pub fn dict_clear(dict: &ObjRef) -> DictData {
    let Some(cell) = as_dict(dict) else {
        return DictData::default();
    };
    let old = std::mem::take(&mut *cell.borrow_mut());
    // A lookup that ran Python code meanwhile must see the change.
    cell.borrow_mut().version = old.version.wrapping_add(1);
    old
}

pub fn dict_contains(vm: &mut Vm, dict: &ObjRef, key: &Value) -> PyResult<bool> {
    Ok(dict_get_item(vm, dict, key)?.is_some())
}

/// Lookup of a str key without calling Python (namespaces, keyword arguments).
pub fn dict_get_str(dict: &ObjRef, name: &str) -> Option<Value> {
    as_dict(dict).and_then(|d| d.borrow().get_str(name))
}

/// Sets a str key, interning the name.
pub fn dict_set_str(vm: &mut Vm, dict: &ObjRef, name: &str, value: Value) {
    let key = vm.intern(name);
    // The interned str keeps its hash: a name set in many dicts is hashed once.
    let hash = key
        .str_data()
        .map_or_else(|| crate::pyhash::hash_str(name), |s| s.hash());
    if let Some(d) = as_dict(dict) {
        d.borrow_mut()
            .set_str_hashed(hash, name, Value::Obj(key), value);
    }
}

/// `dict[name]`, made a new empty dict first when missing (how the
/// `__annotations__` of classes and modules appear on first read).
pub fn dict_get_or_new_dict(vm: &mut Vm, dict: &ObjRef, name: &str) -> Value {
    if let Some(found) = dict_get_str(dict, name) {
        return found;
    }
    let fresh = Value::Obj(vm.new_dict());
    dict_set_str(vm, dict, name, fresh.clone());
    fresh
}

/// Sets `dict[name]`, or removes it when `value` is None; `false` when there
/// was nothing to remove.
pub fn dict_set_or_remove_str(
    vm: &mut Vm,
    dict: &ObjRef,
    name: &str,
    value: Option<Value>,
) -> bool {
    match value {
        Some(v) => {
            dict_set_str(vm, dict, name, v);
            true
        }
        None => {
            // The old value dies after the dict is no longer borrowed.
            let removed = as_dict(dict).and_then(|d| d.borrow_mut().remove_str(name));
            removed.is_some()
        }
    }
}

pub fn dict_len(dict: &ObjRef) -> usize {
    as_dict(dict).map(|d| d.borrow().len()).unwrap_or(0)
}

/// A snapshot of the items, for code that iterates while it may run Python.
pub fn dict_items(dict: &ObjRef) -> Vec<(Value, Value)> {
    as_dict(dict)
        .map(|d| d.borrow().items())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------
// The type's methods

use crate::objects::function::{Args, FastCall};
use crate::objects::{
    add_classmethod_sig, add_coexisting_method, add_method, add_method_sig, add_new, set_type_attr,
    this,
};
use crate::signature::{given, Signature};
use crate::slots::NativeSlot;
use crate::Exc;
use krait_bytecode::opcode_table::{CMP_EQ, CMP_NE, NB_OR};

fn self_dict(vm: &mut Vm, args: &Args) -> PyResult<ObjRef> {
    bound_dict(vm, Some(this(args)))
}

/// The dict a method with a declared signature was bound to.
fn bound_dict(vm: &mut Vm, this: Option<Value>) -> PyResult<ObjRef> {
    dict_of(vm, &this.unwrap_or(Value::None)).cloned()
}

/// Whether `obj`, a dict, iterates as dict does: it is an exact dict, or its class
/// keeps dict's `__iter__` (an `OrderedDict` follows an order of its own).
pub fn iterates_as_dict(vm: &Vm, obj: &ObjRef) -> bool {
    if std::ptr::eq(obj.class_ref(), &*vm.types.dict) {
        return true;
    }
    let own_iter = typeobject::lookup(&obj.class(), "__iter__");
    let dict_iter = typeobject::lookup(&vm.types.dict, "__iter__");
    matches!((own_iter, dict_iter), (Some(a), Some(b)) if a.is(&b))
}

/// The entries of a dict, a subclass's included, as a merge reads them, with their
/// hashes (a merge does not hash the keys again): CPython copies a dict's entries
/// unless its class overrides `__iter__`, whatever its `keys` or `__getitem__`
/// say. `None` for other objects.
pub fn merge_source_entries(vm: &Vm, other: &Value) -> Option<MergeSource> {
    let Value::Obj(o) = other else { return None };
    let src = as_dict(o)?;
    if !iterates_as_dict(vm, o) {
        return None;
    }
    let data = src.borrow();
    Some(MergeSource {
        entries: data.iter().cloned().collect(),
        dict: o.clone(),
        entries_len: data.entries_len(),
    })
}

/// A dict's entries taken for a merge, and how many entry slots it had then.
pub struct MergeSource {
    pub entries: Vec<DictEntry>,
    dict: ObjRef,
    entries_len: usize,
}

impl MergeSource {
    /// The RuntimeError CPython raises when the source changed during the merge
    /// (an `__eq__` of a key it called changed it).
    pub fn check_unchanged(&self, vm: &mut Vm) -> PyResult<()> {
        let now = as_dict(&self.dict).map_or(0, |d| d.borrow().entries_len());
        if now != self.entries_len {
            return Err(vm.new_runtime_error("dict mutated during update".to_owned()));
        }
        Ok(())
    }
}

/// `dict.update`-style merge of a mapping or an iterable of pairs into `target`.
pub fn dict_merge(vm: &mut Vm, target: &ObjRef, other: &Value, overwrite: bool) -> PyResult<()> {
    {
        if let Some(mut source) = merge_source_entries(vm, other) {
            for entry in std::mem::take(&mut source.entries) {
                let present = !overwrite
                    && dict_get_item_hashed(vm, target, &entry.key, entry.hash)?.is_some();
                if !present {
                    store_hashed(vm, target, entry.key, entry.hash, entry.value)?;
                }
                source.check_unchanged(vm)?;
            }
            return Ok(());
        }
    }
    if abstract_::keys_method(vm, other).is_some() {
        let keys = abstract_::mapping_keys(vm, other)?;
        for k in keys {
            if !overwrite && dict_contains(vm, target, &k)? {
                continue;
            }
            let v = abstract_::getitem(vm, other, &k)?;
            dict_set_item(vm, target, k, v)?;
        }
        return Ok(());
    }
    // Pairs are taken one at a time: those before a failing one stay inserted.
    let it = abstract_::get_iter(vm, other)?;
    let mut i = 0usize;
    while let Some(item) = abstract_::iter_next(vm, &it)? {
        let pair = match abstract_::collect_iterable(vm, &item) {
            Ok(p) => p,
            Err(e) if vm.err_matches(&e, Exc::TypeError) && !abstract_::is_iterable(vm, &item) => {
                return Err(vm.new_type_error(format!(
                    "cannot convert dictionary update sequence element #{i} to a sequence"
                )))
            }
            Err(e) => return Err(e),
        };
        if pair.len() != 2 {
            return Err(vm.new_value_error(format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                pair.len()
            )));
        }
        let mut it = pair.into_iter();
        let (k, v) = (
            it.next().unwrap_or(Value::None),
            it.next().unwrap_or(Value::None),
        );
        dict_set_item(vm, target, k, v)?;
        i += 1;
    }
    Ok(())
}

fn dict_repr(vm: &mut Vm, d: &ObjRef) -> PyResult<String> {
    let id = std::rc::Rc::as_ptr(d) as usize;
    if vm.repr_guard.contains(&id) {
        return Ok("{...}".to_owned());
    }
    vm.repr_guard.insert(id);
    let items = dict_items(d);
    let mut parts = Vec::new();
    let mut result = Ok(());
    for (k, v) in items {
        match abstract_::repr_string(vm, &k).and_then(|k| Ok((k, abstract_::repr_string(vm, &v)?)))
        {
            Ok((k, v)) => parts.push(format!("{k}: {v}")),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    vm.repr_guard.remove(&id);
    result?;
    Ok(format!("{{{}}}", parts.join(", ")))
}

// The signatures of dict's methods, as `__text_signature__` shows them.
static GET: Signature = Signature::of("dict", "get", "($self, key, default=None, /)")
    .with_fast(FastCall::new(2, 3, get_fast));
static SETDEFAULT: Signature = Signature::of("dict", "setdefault", "($self, key, default=None, /)");
static POP: Signature = Signature::of("dict", "pop", "($self, key, default=<unrepresentable>, /)");
static POPITEM: Signature = Signature::of("dict", "popitem", "($self, /)");
static VIEWS: [Signature; 3] = [
    Signature::unlisted("dict", "keys", "($self, /)"),
    Signature::unlisted("dict", "values", "($self, /)"),
    Signature::unlisted("dict", "items", "($self, /)"),
];
static CLEAR: Signature = Signature::unlisted("dict", "clear", "($self, /)");
static COPY: Signature = Signature::unlisted("dict", "copy", "($self, /)");
static FROMKEYS: Signature = Signature::of("dict", "fromkeys", "($type, iterable, value=None, /)");

static SIZEOF: crate::signature::Signature =
    crate::signature::Signature::unlisted("dict", "__sizeof__", "($self, /)");

/// The dict a slot runs on: an instance of `dict` or a subclass.
fn dict_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a ObjRef> {
    match this {
        Value::Obj(o) if as_dict(o).is_some() => Ok(o),
        other => Err(vm.new_type_error(format!(
            "descriptor requires a 'dict' object but received a '{}'",
            vm.type_name_of(other)
        ))),
    }
}

/// `d[key]` (`mp_subscript`): a missing key asks a subclass's `__missing__`.
fn dict_subscript(vm: &mut Vm, this: &Value, key: &Value) -> PyResult<Value> {
    let d = dict_of(vm, this)?;
    if let Some(v) = dict_get_item(vm, d, key)? {
        return Ok(v);
    }
    if !std::rc::Rc::ptr_eq(&d.class(), &vm.types.dict) {
        if let Some(r) =
            abstract_::call_special(vm, this, "__missing__", std::slice::from_ref(key))?
        {
            return Ok(r);
        }
    }
    Err(vm.new_key_error(key.clone()))
}

/// `d[key] = value` and `del d[key]` (`mp_ass_subscript`).
fn dict_ass_subscript(
    vm: &mut Vm,
    this: &Value,
    key: &Value,
    value: Option<Value>,
) -> PyResult<()> {
    let d = dict_of(vm, this)?;
    match value {
        Some(value) => dict_set_item(vm, d, key.clone(), value),
        None => match dict_del_item(vm, d, key)? {
            Some(_) => Ok(()),
            None => Err(vm.new_key_error(key.clone())),
        },
    }
}

/// `key in d` (`sq_contains`).
fn dict_has(vm: &mut Vm, this: &Value, key: &Value) -> PyResult<bool> {
    let d = dict_of(vm, this)?;
    dict_contains(vm, d, key)
}

pub fn init(vm: &mut Vm) {
    let ty = vm.types.dict.clone();
    crate::objects::add_method_sig(vm, &ty, &SIZEOF, |vm, args| {
        crate::objects::object::sizeof(vm, &SIZEOF, args)
    });
    add_new(vm, &ty, |vm, args| {
        let class = match args.pos.first() {
            Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
            _ => vm.types.dict.clone(),
        };
        Ok(Value::Obj(crate::objects::typeobject::new_instance(
            vm,
            &class,
            Payload::Dict(RefCell::new(DictData::new())),
        )))
    });
    add_method(vm, &ty, "__init__", |vm, args| dict_update(vm, &INIT, args));
    // `dict()` and `dict(mapping_or_pairs)`: a new dict, then what `__init__` does.
    crate::objects::set_vectorcall(&ty, 0, 1, |vm, args| {
        let d = vm.new_dict();
        if let Some(other) = args.first() {
            dict_merge(vm, &d, other, true)?;
        }
        Ok(Value::Obj(d))
    });
    add_coexisting_method(
        vm,
        &ty,
        &GETITEM,
        |vm, args| {
            let (this, [key]) = GETITEM.bind(vm, args)?;
            let d = Value::Obj(bound_dict(vm, this)?);
            dict_subscript(vm, &d, &given(key))
        },
        NativeSlot::GetItem(dict_subscript),
        "x.__getitem__(y) <==> x[y]",
    );
    add_coexisting_method(
        vm,
        &ty,
        &CONTAINS,
        |vm, args| {
            let (this, [key]) = CONTAINS.bind(vm, args)?;
            let d = Value::Obj(bound_dict(vm, this)?);
            Ok(Value::Bool(dict_has(vm, &d, &given(key))?))
        },
        NativeSlot::Contains(dict_has),
        "True if the dictionary has the specified key, else False.",
    );
    for slot in [
        NativeSlot::Length(|vm, this| Ok(dict_len(dict_of(vm, this)?))),
        NativeSlot::Repr(|vm, this| {
            let d = dict_of(vm, this)?;
            let s = dict_repr(vm, d)?;
            Ok(vm.new_str(s))
        }),
        NativeSlot::SetItem(dict_ass_subscript),
        NativeSlot::Iter(|vm, this| {
            dict_of(vm, this)?;
            crate::objects::iter::container_iter(vm, this)
        }),
    ] {
        crate::native::add_slot(vm, &ty, slot);
    }
    for slot in [
        NativeSlot::RichCompare(dict_richcompare),
        NativeSlot::Binary(NB_OR, dict_or),
        NativeSlot::InPlace(NB_OR, |vm, this, other, _| {
            let d = dict_of(vm, this)?;
            dict_merge(vm, d, other, true)?;
            Ok(this.clone())
        }),
    ] {
        crate::native::add_slot(vm, &ty, slot);
    }
    set_type_attr(vm, &ty, "__hash__", Value::None);
    add_method_sig(vm, &ty, &GET, |vm, args| {
        let (this, [key, default]) = GET.bind(vm, args)?;
        match default {
            Some(default) => get_fast(vm, &[given(this), given(key), default]),
            None => get_fast(vm, &[given(this), given(key)]),
        }
    });
    add_method_sig(vm, &ty, &SETDEFAULT, |vm, args| {
        let (this, [key, default]) = SETDEFAULT.bind(vm, args)?;
        let d = bound_dict(vm, this)?;
        let key = key.unwrap_or(Value::None);
        let default = default.unwrap_or(Value::None);
        set_default(vm, &d, key, default)
    });
    add_method_sig(vm, &ty, &POP, |vm, args| {
        let (this, [key, default]) = POP.bind(vm, args)?;
        let d = bound_dict(vm, this)?;
        let key = key.unwrap_or(Value::None);
        match dict_del_item(vm, &d, &key)? {
            Some(v) => Ok(v),
            None => match default {
                Some(default) => Ok(default),
                None => Err(vm.new_key_error(key)),
            },
        }
    });
    add_method_sig(vm, &ty, &POPITEM, |vm, args| {
        let (this, []) = POPITEM.bind(vm, args)?;
        let d = bound_dict(vm, this)?;
        let item = as_dict(&d).and_then(|x| x.borrow_mut().pop_last());
        match item {
            Some((k, v)) => Ok(vm.new_tuple(vec![k, v])),
            None => {
                let msg = vm.new_str("popitem(): dictionary is empty");
                Err(crate::objects::exceptions::new_exception(
                    vm,
                    &vm.exc(Exc::KeyError).clone(),
                    vec![msg],
                ))
            }
        }
    });
    add_method_sig(vm, &ty, &VIEWS[0], |vm, args| view(vm, args, 0));
    add_method_sig(vm, &ty, &VIEWS[1], |vm, args| view(vm, args, 1));
    add_method_sig(vm, &ty, &VIEWS[2], |vm, args| view(vm, args, 2));
    add_method_sig(vm, &ty, &REVERSED, |vm, args| {
        let (this, []) = REVERSED.bind(vm, args)?;
        let d = self_dict(vm, &Args::new(Vec::from_iter(this)))?;
        Ok(crate::objects::iter::dict_iter(vm, &d, 0, true))
    });
    add_method_sig(vm, &ty, &UPDATE, |vm, args| dict_update(vm, &UPDATE, args));
    add_method_sig(vm, &ty, &CLEAR, |vm, args| {
        let (this, []) = CLEAR.bind(vm, args)?;
        let d = bound_dict(vm, this)?;
        drop(dict_clear(&d));
        Ok(Value::None)
    });
    add_method_sig(vm, &ty, &COPY, |vm, args| {
        let (this, []) = COPY.bind(vm, args)?;
        let d = bound_dict(vm, this)?;
        let data = as_dict(&d).map(|x| x.borrow().clone()).unwrap_or_default();
        Ok(Value::Obj(vm.new_dict_from(data)))
    });
    add_classmethod_sig(vm, &ty, &FROMKEYS, |vm, args| {
        let (class, [iterable, value]) = FROMKEYS.bind(vm, args)?;
        let class = class.unwrap_or(Value::None);
        let value = value.unwrap_or(Value::None);
        // As CPython: the class is called first, then each key stored as it comes
        // (a key's `__hash__` runs between two steps of the iteration).
        let d = vm.call1(&class, vec![])?;
        let iterable = iterable.unwrap_or(Value::None);
        if let Some(keys) = hashed_keys_for_new_dict(vm, &d, &iterable) {
            let Value::Obj(target) = &d else {
                return Ok(d);
            };
            for (hash, key) in keys {
                store_hashed(vm, target, key, hash, value.clone())?;
            }
            return Ok(d);
        }
        let it = abstract_::get_iter(vm, &iterable)?;
        while let Some(k) = abstract_::iter_next(vm, &it)? {
            abstract_::setitem(vm, &d, k, value.clone())?;
        }
        Ok(d)
    });
}

/// The keys of an exact dict, set or frozenset with the hashes it keeps, when
/// `fromkeys` fills `d`, a new empty exact dict, from it: they are not hashed
/// again (CPython's `_PyDict_FromKeys`).
fn hashed_keys_for_new_dict(vm: &Vm, d: &Value, iterable: &Value) -> Option<Vec<(i64, Value)>> {
    let Value::Obj(target) = d else { return None };
    let Value::Obj(source) = iterable else {
        return None;
    };
    if !std::ptr::eq(target.class_ref(), &*vm.types.dict) || dict_len(target) != 0 {
        return None;
    }
    let class = source.class_ref();
    if std::ptr::eq(class, &*vm.types.dict) {
        let data = as_dict(source)?.borrow();
        return Some(data.iter().map(|e| (e.hash, e.key.clone())).collect());
    }
    let exact_set =
        std::ptr::eq(class, &*vm.types.set) || std::ptr::eq(class, &*vm.types.frozenset);
    if exact_set {
        return crate::objects::set::set_ref(iterable).map(|s| s.read(|data| data.entries()));
    }
    None
}

// `dict.__getitem__` and `__contains__` are methods as well as slots (CPython's
// `METH_COEXIST`), so they check their own arguments.
static GETITEM: Signature = Signature::unlisted("dict", "__getitem__", "($self, key, /)");
static CONTAINS: Signature = Signature::of("dict", "__contains__", "($self, key, /)");
static REVERSED: Signature = Signature::of("dict", "__reversed__", "($self, /)");
// `dict(...)` and `update` unpack at most one positional argument
// (`PyArg_UnpackTuple`); `__init__` shows the slot wrapper's text signature.
static INIT: Signature =
    Signature::new("dict", "($self, other=<unrepresentable>, /, **kwargs)").not_listed();
static UPDATE: Signature = Signature::unlisted(
    "dict",
    "update",
    "($self, other=<unrepresentable>, /, **kwargs)",
);

/// `dict.__init__` and `dict.update`: merges the one positional argument, if any,
/// then the keywords.
fn dict_update(vm: &mut Vm, signature: &'static Signature, args: Args) -> PyResult<Value> {
    let bound = signature.bind_all::<1>(vm, args)?;
    let d = bound_dict(vm, bound.this)?;
    if let [Some(other)] = &bound.params {
        dict_merge(vm, &d, other, true)?;
    }
    for (k, v) in bound.kwargs {
        dict_set_item(vm, &d, Value::Obj(k), v)?;
    }
    Ok(Value::None)
}

/// Dicts are equal when they hold equal values under the same keys; they have no
/// order.
fn dict_richcompare(vm: &mut Vm, this: &Value, other: &Value, op: usize) -> PyResult<Value> {
    let (Value::Obj(d), Value::Obj(other)) = (this, other) else {
        return Ok(vm.not_implemented());
    };
    if as_dict(d).is_none() || as_dict(other).is_none() || (op != CMP_EQ && op != CMP_NE) {
        return Ok(vm.not_implemented());
    }
    let (a, b) = (dict_items(d), dict_items(other));
    let mut equal = a.len() == b.len();
    if equal {
        for (k, v) in a {
            match dict_get_item(vm, other, &k)? {
                Some(w) if crate::objects::set::keys_equal(vm, &v, &w)? => {}
                _ => {
                    equal = false;
                    break;
                }
            }
        }
    }
    Ok(Value::Bool(equal == (op == CMP_EQ)))
}

/// `a | b` of two dicts: a new dict with `a`'s items updated with `b`'s.
fn dict_or(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    let (Value::Obj(x), Value::Obj(y)) = (a, b) else {
        return Ok(vm.not_implemented());
    };
    let Some(left) = as_dict(x) else {
        return Ok(vm.not_implemented());
    };
    if as_dict(y).is_none() {
        return Ok(vm.not_implemented());
    }
    let new = vm.new_dict_from(left.borrow().clone());
    dict_merge(vm, &new, b, true)?;
    Ok(Value::Obj(new))
}

fn view(vm: &mut Vm, args: Args, kind: u8) -> PyResult<Value> {
    let (this, []) = VIEWS[kind as usize].bind(vm, args)?;
    let d = bound_dict(vm, this)?;
    Ok(crate::objects::iter::dict_view(vm, &d, kind))
}

/// `dict.get(self, key, default=None)`.
fn get_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let d = bound_dict(vm, Some(args[0].clone()))?;
    Ok(dict_get_item(vm, &d, &args[1])?
        .or_else(|| args.get(2).cloned())
        .unwrap_or(Value::None))
}
