//! Instance attributes kept beside the class's shared keys (PEP 412, CPython's
//! split dictionaries and 3.11's inline values).
//!
//! The instances of a class usually get the same attributes in the same order, so
//! the class keeps the names once, in a `SharedKeys` table that only grows, and each
//! instance keeps just a vector of values indexed like it. Making an instance then
//! costs no dict, an attribute read is an index once a cache knows where the name
//! is, and `LOAD_METHOD` proves that no instance attribute shadows a method by
//! scanning a few names.
//!
//! An instance's values are in insertion order: a value is only added after every
//! value it has. When that cannot hold (an attribute deleted and set again, names
//! set in another order than the class's first instance set them), when the table
//! is full, or when something asks for the `__dict__` itself, the values move into
//! a real dict object (`materialize`) and the instance uses it from then on, as
//! every object with a `__dict__` does.

use std::cell::RefCell;
use std::rc::Rc;

use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::dict::{self, DictData};
use crate::value::Value;

/// At most this many names are shared (CPython's `SHARED_KEYS_MAX_SIZE`): a class
/// whose instances use more keeps them in dicts.
const MAX_SHARED_KEYS: usize = 30;

/// The attribute names of a class's instances, in the order they were first set.
pub struct SharedKeys {
    /// Each name (an exact str) with its hash. Names are never removed, so a
    /// position found once stays the name's.
    names: RefCell<Vec<(ObjRef, i64)>>,
    /// `dict`, for the instance dicts made by `materialize`.
    dict_class: ObjRef,
}

impl SharedKeys {
    pub fn new(dict_class: ObjRef) -> Rc<SharedKeys> {
        Rc::new(SharedKeys {
            names: RefCell::new(Vec::new()),
            dict_class,
        })
    }

    pub fn len(&self) -> usize {
        self.names.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The position of `name` (given as a str object), if it is a shared key.
    #[inline]
    pub fn find(&self, name: &ObjRef) -> Option<usize> {
        let text = name.str_data()?;
        let hash = text.hash();
        self.names.borrow().iter().position(|(key, key_hash)| {
            Rc::ptr_eq(key, name) || (*key_hash == hash && same_text(key, text.as_str()))
        })
    }

    /// The position of the name `text` (whose hash is `hash`), if it is a shared key.
    fn find_text(&self, text: &str, hash: i64) -> Option<usize> {
        self.names
            .borrow()
            .iter()
            .position(|(key, key_hash)| *key_hash == hash && same_text(key, text))
    }

    /// The position of `name`, adding it when there is room; `None` when the table
    /// is full or `name` is not an exact str.
    fn find_or_add(&self, name: &ObjRef, str_class: &PyObject) -> Option<usize> {
        if let Some(index) = self.find(name) {
            return Some(index);
        }
        let mut names = self.names.borrow_mut();
        if names.len() >= MAX_SHARED_KEYS || !std::ptr::eq(name.class_ref(), str_class) {
            return None;
        }
        let hash = name.str_data()?.hash();
        names.push((name.clone(), hash));
        Some(names.len() - 1)
    }
}

/// An instance's attribute values, by the position of their names in the keys.
pub struct InlineValues {
    keys: Rc<SharedKeys>,
    values: Vec<Option<Value>>,
    /// The values moved into the instance's `__dict__` object (`materialize`), which
    /// holds the attributes from then on.
    in_dict: bool,
}

impl InlineValues {
    pub fn new(keys: Rc<SharedKeys>) -> InlineValues {
        let values = Vec::with_capacity(keys.len());
        InlineValues {
            keys,
            values,
            in_dict: false,
        }
    }

    /// The names the values are indexed by.
    pub fn keys(&self) -> &SharedKeys {
        &self.keys
    }

    /// Whether the values are here (not moved into a dict).
    #[inline]
    pub fn is_inline(&self) -> bool {
        !self.in_dict
    }

    /// The value at `index`, for an inline cache that found the name there.
    #[inline]
    pub fn value_at(&self, index: usize) -> Option<&Value> {
        if self.in_dict {
            return None;
        }
        self.values.get(index)?.as_ref()
    }

    /// Whether a new value can go at `index` and keep insertion order: no value
    /// sits after it.
    #[inline]
    fn in_order(&self, index: usize) -> bool {
        self.values
            .get(index + 1..)
            .is_none_or(|after| after.iter().all(Option::is_none))
    }

    /// Stores `value` at `index` (a position of the keys) when the instance's
    /// values can hold it there: the old value, or `Err(value)` when the order
    /// forbids it (or the values are in a dict).
    #[inline(always)]
    pub fn store_at(&mut self, index: usize, value: Value) -> Result<Option<Value>, Value> {
        // The usual store, over a value already there, inline in the eval loop.
        if !self.in_dict {
            if let Some(slot @ Some(_)) = self.values.get_mut(index) {
                return Ok(slot.replace(value));
            }
        }
        self.store_new_at(index, value)
    }

    /// `store_at` where no value sits at `index` yet.
    #[inline(never)]
    fn store_new_at(&mut self, index: usize, value: Value) -> Result<Option<Value>, Value> {
        if self.in_dict {
            return Err(value);
        }
        if !self.in_order(index) {
            return Err(value);
        }
        if index >= self.values.len() {
            self.values.resize(index + 1, None);
        }
        self.values[index] = Some(value);
        Ok(None)
    }

    /// The values, for the cycle collector.
    pub fn for_each(&self, mut visit: impl FnMut(&Value)) {
        self.values.iter().flatten().for_each(&mut visit);
    }

    /// Takes every value out (the collector breaking a cycle).
    pub fn take_all(&mut self, taken: &mut Vec<Value>) {
        taken.extend(self.values.drain(..).flatten());
    }
}

/// The inline values of `obj`, if its attributes are kept that way.
#[inline]
pub fn of(obj: &PyObject) -> Option<&RefCell<InlineValues>> {
    match &obj.payload {
        Payload::Values(values) => Some(values),
        _ => None,
    }
}

/// What looking an attribute up in an object's inline values found.
pub enum Found {
    Value(Value),
    /// The values are inline and lack the name.
    Missing,
    /// The object keeps its attributes in a dict (or has none): look there.
    NotInline,
}

/// The attribute `name` (a str object) of `obj` from its inline values.
pub fn get(obj: &PyObject, name: &ObjRef) -> Found {
    let Some(cell) = of(obj) else {
        return Found::NotInline;
    };
    let values = cell.borrow();
    if values.in_dict {
        return Found::NotInline;
    }
    let value = values
        .keys
        .find(name)
        .and_then(|index| values.values.get(index)?.clone());
    match value {
        Some(v) => Found::Value(v),
        None => Found::Missing,
    }
}

/// What storing into an object's inline values did.
pub enum Stored {
    /// Stored (or deleted); the old value, dropped by the caller once no borrow
    /// is held, since its finaliser may read the object.
    Done(Option<Value>),
    /// A delete of a name the values lack.
    Missing,
    /// The values cannot take it here: the caller stores (or deletes) in the
    /// `__dict__`; the value given back.
    NotInline(Option<Value>),
}

/// Sets (or, given `None`, deletes) the attribute `name` in `obj`'s inline values.
/// `str_class` is `str`: only exact strs become shared keys.
pub fn store(obj: &PyObject, name: &ObjRef, value: Option<Value>, str_class: &PyObject) -> Stored {
    let Some(cell) = of(obj) else {
        return Stored::NotInline(value);
    };
    let Ok(mut values) = cell.try_borrow_mut() else {
        return Stored::NotInline(value);
    };
    if values.in_dict {
        return Stored::NotInline(value);
    }
    match value {
        None => {
            let slot = values
                .keys
                .find(name)
                .and_then(|index| values.values.get_mut(index)?.take());
            match slot {
                Some(old) => Stored::Done(Some(old)),
                None => Stored::Missing,
            }
        }
        Some(value) => {
            let Some(index) = values.keys.find_or_add(name, str_class) else {
                return Stored::NotInline(Some(value));
            };
            match values.store_at(index, value) {
                Ok(old) => Stored::Done(old),
                Err(value) => Stored::NotInline(Some(value)),
            }
        }
    }
}

/// Moves `obj`'s inline values into a new dict object that becomes its `__dict__`
/// (CPython's `_PyObject_MakeDictFromInstanceAttributes`); nothing when its
/// attributes are in a dict already.
pub fn materialize(obj: &PyObject) {
    let Some(cell) = of(obj) else { return };
    let mut values = cell.borrow_mut();
    if values.in_dict {
        return;
    }
    values.in_dict = true;
    let taken = std::mem::take(&mut values.values);
    let names = values.keys.names.borrow();
    let mut data = DictData::new();
    let hint = std::cell::Cell::new(0);
    for ((name, hash), value) in names.iter().zip(taken) {
        if let Some(value) = value {
            data.store_str_hinted(&hint, name, *hash, value);
        }
    }
    let dict = PyObject::new(
        values.keys.dict_class.clone(),
        Payload::Dict(RefCell::new(data)),
    );
    drop(names);
    drop(values);
    obj.dict.set(dict);
}

/// Forgets `obj`'s inline values for a `__dict__` assigned to it; the old values,
/// for the caller to drop.
pub fn replace_with_dict(obj: &PyObject) -> Vec<Option<Value>> {
    let Some(cell) = of(obj) else {
        return Vec::new();
    };
    let mut values = cell.borrow_mut();
    values.in_dict = true;
    std::mem::take(&mut values.values)
}

fn same_text(key: &ObjRef, text: &str) -> bool {
    key.str_data().is_some_and(|k| k.as_str() == text)
}

/// Whether `obj` has an instance attribute `name` (in its inline values or its
/// `__dict__`), without making a `__dict__`.
pub fn has_instance_attr(obj: &PyObject, name: &ObjRef) -> bool {
    match (get(obj, name), name.str_data()) {
        (Found::Value(_), _) => true,
        (Found::Missing, _) | (_, None) => false,
        (Found::NotInline, Some(text)) => in_dict(obj, text.as_str(), text.hash()),
    }
}

/// `has_instance_attr` for a name given as text.
pub fn has_instance_attr_text(obj: &PyObject, text: &str) -> bool {
    let hash = crate::pyhash::hash_str(text);
    if let Some(cell) = of(obj) {
        let values = cell.borrow();
        if !values.in_dict {
            return values
                .keys
                .find_text(text, hash)
                .is_some_and(|index| matches!(values.values.get(index), Some(Some(_))));
        }
    }
    in_dict(obj, text, hash)
}

fn in_dict(obj: &PyObject, text: &str, hash: i64) -> bool {
    obj.dict
        .get()
        .as_ref()
        .and_then(dict::as_dict)
        .is_some_and(|d| d.borrow().get_str_hashed(hash, text).is_some())
}
