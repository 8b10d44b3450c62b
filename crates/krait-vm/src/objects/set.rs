//! The `set` and `frozenset` types (CPython's `Objects/setobject.c`).
//!
//! The table is CPython's: open addressing over a power-of-two array of slots, each
//! probe a run of `LINEAR_PROBES + 1` neighbouring slots followed by a jump driven by
//! the perturbed hash; deleted slots become dummies; the table grows when it is 60%
//! full (counting dummies) to four times the live count. A set built by the same
//! operations as in CPython therefore iterates in the same order. Keys are compared
//! through `__eq__` with no borrow of the table held; a lookup restarts if that code
//! replaced the table or the slot, as CPython's does.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::abstract_;
use crate::native::add_slot;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::function::{Args, FastCall};
use crate::objects::typeobject;
use crate::objects::{
    add_coexisting_method, add_method, add_method_sig, add_new, constructor_refuses_keywords,
    set_type_attr, this,
};
use crate::signature::{given, Signature};
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};
use krait_bytecode::opcode_table::{
    CMP_EQ, CMP_GT, CMP_LE, CMP_LT, CMP_NE, NB_AND, NB_OR, NB_SUBTRACT, NB_XOR,
};

pub const MIN_SIZE: usize = 8;
/// The most slots a table has, so that its counts fit 32 bits.
const MAX_SIZE: usize = 1 << 31;
pub const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone)]
enum Slot {
    Empty,
    Dummy,
    Active { hash: i64, key: Value },
}

/// The hash table of a set or frozenset.
#[derive(Clone)]
pub struct SetData {
    table: Box<[Slot]>,
    /// Active plus dummy slots. (The counts are 32-bit, as a table has at most
    /// `MAX_SIZE` slots, so that a set stays within the payload size every object
    /// pays for.)
    fill: u32,
    /// Active slots.
    used: u32,
    /// Where `pop` starts looking.
    finger: u32,
    /// Bumped (wrapping) whenever the table array is replaced (resize, clear, swap).
    version: u32,
    /// The frozenset hash once computed (`-1` = not yet).
    hash_cache: Cell<i64>,
    /// A larger table could not be allocated: the addition that found it out
    /// raises MemoryError (`take_growth_failure`).
    growth_failed: bool,
}

impl Default for SetData {
    fn default() -> SetData {
        SetData::new()
    }
}

/// The slot sequence a key's hash visits: runs of consecutive slots, then a jump.
#[derive(Clone, Copy)]
pub struct Probe {
    start: usize,
    offset: usize,
    limit: usize,
    perturb: u64,
    mask: usize,
}

impl Probe {
    pub fn new(hash: i64, mask: usize) -> Probe {
        let start = (hash as u64 as usize) & mask;
        Probe {
            start,
            offset: 0,
            limit: Self::run_length(start, mask),
            perturb: hash as u64,
            mask,
        }
    }

    fn run_length(start: usize, mask: usize) -> usize {
        if start + LINEAR_PROBES <= mask {
            LINEAR_PROBES
        } else {
            0
        }
    }

    pub fn slot(&self) -> usize {
        self.start + self.offset
    }

    pub fn advance(&mut self) {
        if self.offset < self.limit {
            self.offset += 1;
            return;
        }
        self.perturb >>= PERTURB_SHIFT;
        self.start = self
            .start
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(self.perturb as usize)
            & self.mask;
        self.offset = 0;
        self.limit = Self::run_length(self.start, self.mask);
    }
}

/// What a scan of the table found without running Python code.
enum Step {
    Found(usize),
    Absent { empty: usize },
    NeedEq { slot: usize, key: Value },
}

/// Equality of two keys when no Python code can be involved: identical objects,
/// unboxed scalars, exact `str`s. `None` when `__eq__` must decide.
pub fn fast_key_eq(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Obj(x), Value::Obj(y)) => {
            if Rc::ptr_eq(x, y) {
                return Some(true);
            }
            match (&x.payload, &y.payload) {
                (Payload::Str(s), Payload::Str(t))
                    if !typeobject::type_data(&x.class()).heap
                        && !typeobject::type_data(&y.class()).heap =>
                {
                    Some(s.same_text(t))
                }
                _ => None,
            }
        }
        (Value::Obj(_), _) | (_, Value::Obj(_)) => None,
        // A float is its own object in CPython: the same NaN value is found again.
        _ => Some(a.is(b) || scalar_eq(a, b)),
    }
}

/// Key equality for hash tables, as CPython's `PyObject_RichCompareBool`: identity,
/// then the no-Python cases, then `__eq__` (a str subclass's own included).
pub fn keys_equal(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    if let Some(eq) = fast_key_eq(a, b) {
        return Ok(eq);
    }
    let r = abstract_::compare(vm, a, b, 2)?;
    match r {
        Value::Bool(t) => Ok(t),
        other => abstract_::is_true(vm, &other),
    }
}

/// `==` between unboxed scalars (`None`, bools, machine ints, floats), exact for
/// ints beyond 2**53 compared with floats.
pub fn scalar_eq(a: &Value, b: &Value) -> bool {
    fn as_int(v: &Value) -> Option<i64> {
        match v {
            Value::Int(n) => Some(*n),
            Value::Bool(b) => Some(*b as i64),
            _ => None,
        }
    }
    fn int_eq_float(n: i64, f: f64) -> bool {
        f.fract() == 0.0 && (i64::MIN as f64..-(i64::MIN as f64)).contains(&f) && f as i64 == n
    }
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Float(f), other) | (other, Value::Float(f)) => match as_int(other) {
            Some(n) => int_eq_float(n, *f),
            None => false,
        },
        _ => match (as_int(a), as_int(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

impl SetData {
    pub fn new() -> SetData {
        SetData::with_size(MIN_SIZE)
    }

    fn with_size(size: usize) -> SetData {
        SetData {
            table: vec![Slot::Empty; size].into_boxed_slice(),
            fill: 0,
            used: 0,
            finger: 0,
            version: 0,
            hash_cache: Cell::new(-1),
            growth_failed: false,
        }
    }

    pub fn len(&self) -> usize {
        self.used as usize
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// Active plus dummy slots.
    pub fn fill(&self) -> usize {
        self.fill as usize
    }

    /// The table size minus one.
    pub fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// Live keys with their hashes, in table (iteration) order.
    pub fn entries(&self) -> Vec<(i64, Value)> {
        let mut out = Vec::with_capacity(self.len());
        for slot in &self.table {
            if let Slot::Active { hash, key } = slot {
                out.push((*hash, key.clone()));
            }
        }
        out
    }

    /// Live keys in iteration order.
    pub fn keys(&self) -> Vec<Value> {
        let mut out = Vec::with_capacity(self.len());
        for slot in &self.table {
            if let Slot::Active { key, .. } = slot {
                out.push(key.clone());
            }
        }
        out
    }

    /// The first live key at table position `pos` or later: (next position, key).
    pub fn next_from(&self, pos: usize) -> Option<(usize, Value)> {
        let mut i = pos;
        while i < self.table.len() {
            if let Slot::Active { key, .. } = &self.table[i] {
                return Some((i + 1, key.clone()));
            }
            i += 1;
        }
        None
    }

    /// The table position of each live key (for tests of the layout).
    pub fn positions(&self) -> Vec<usize> {
        (0..self.table.len())
            .filter(|&i| matches!(self.table[i], Slot::Active { .. }))
            .collect()
    }

    /// What a lookup compares to tell whether `__eq__` replaced the table under it.
    /// CPython compares the table's address (`table != so->table`); a table freed
    /// and remade at the same size comes back at the same address from its
    /// allocator, so the size stands for the address here, and a lookup restarts
    /// only when the table grew or shrank (otherwise it could restart forever).
    fn table_identity(&self) -> usize {
        self.table.len()
    }

    fn slot_holds(&self, slot: usize, key: &Value) -> bool {
        matches!(self.table.get(slot), Some(Slot::Active { key: k, .. }) if k.is(key))
    }

    /// Walks the probe sequence from `probe` until an answer or a key needing `__eq__`.
    /// `freeslot` records the last dummy seen (where an insertion goes).
    fn scan(
        &self,
        probe: &mut Probe,
        hash: i64,
        key: &Value,
        freeslot: &mut Option<usize>,
    ) -> Step {
        // The walk runs on copies kept in registers, written back once at the end:
        // a table of dummies (keys added and discarded in turn) makes it long.
        let table = &*self.table;
        let mut walk = *probe;
        let mut dummy = *freeslot;
        let step = loop {
            let i = walk.slot();
            match &table[i] {
                Slot::Empty => break Step::Absent { empty: i },
                Slot::Dummy => dummy = Some(i),
                Slot::Active { hash: h, key: k } if *h == hash => match fast_key_eq(k, key) {
                    Some(true) => break Step::Found(i),
                    Some(false) => {}
                    None => {
                        break Step::NeedEq {
                            slot: i,
                            key: k.clone(),
                        }
                    }
                },
                Slot::Active { .. } => {}
            }
            walk.advance();
        };
        *probe = walk;
        *freeslot = dummy;
        step
    }

    /// Inserts a key known to be absent into a table without dummies.
    fn insert_clean(&mut self, hash: i64, key: Value) {
        let mut probe = Probe::new(hash, self.mask());
        while !matches!(self.table[probe.slot()], Slot::Empty) {
            probe.advance();
        }
        self.table[probe.slot()] = Slot::Active { hash, key };
    }

    /// Rebuilds the table at the smallest size above `minused`, dropping dummies.
    pub fn resize(&mut self, minused: usize) {
        // Never smaller than the live keys: the table needs a free slot to end probes.
        let minused = minused.max(self.len());
        let mut newsize = MIN_SIZE;
        while newsize <= minused {
            newsize <<= 1;
        }
        if newsize == MIN_SIZE && self.table.len() == MIN_SIZE && self.fill == self.used {
            return;
        }
        let mut table = Vec::new();
        if newsize > MAX_SIZE || table.try_reserve_exact(newsize).is_err() {
            // The table stays as it is, with room left: the caller reports it.
            self.growth_failed = true;
            return;
        }
        table.resize(newsize, Slot::Empty);
        let old = std::mem::replace(&mut self.table, table.into_boxed_slice());
        self.fill = self.used;
        self.version = self.version.wrapping_add(1);
        for slot in old {
            if let Slot::Active { hash, key } = slot {
                self.insert_clean(hash, key);
            }
        }
    }

    /// Stores a new key at `empty` or `freeslot` after a failed lookup.
    fn store_new(&mut self, hash: i64, key: Value, empty: usize, freeslot: Option<usize>) {
        if let Some(f) = freeslot {
            self.table[f] = Slot::Active { hash, key };
            self.used += 1;
            return;
        }
        // Probes end at an empty slot: the last one is never filled, even when the
        // table could not grow.
        if self.fill as usize + 1 >= self.table.len() {
            self.growth_failed = true;
            return;
        }
        self.table[empty] = Slot::Active { hash, key };
        self.fill += 1;
        self.used += 1;
        if self.fill as usize * 5 >= self.mask() * 3 {
            let used = self.len();
            let minused = if used > 50000 { used * 2 } else { used * 4 };
            self.resize(minused);
        }
    }

    /// Adds a key whose equality with every present key is decidable without Python
    /// (ints, floats, exact strs). Returns `false` when Python would be needed.
    pub fn add_scalar(&mut self, hash: i64, key: Value) -> bool {
        let mut probe = Probe::new(hash, self.mask());
        let mut freeslot = None;
        match self.scan(&mut probe, hash, &key, &mut freeslot) {
            Step::Found(_) => true,
            Step::Absent { empty } => {
                self.store_new(hash, key, empty, freeslot);
                true
            }
            Step::NeedEq { .. } => false,
        }
    }

    /// Looks up a key needing no Python; `None` when Python would be needed.
    pub fn contains_scalar(&self, hash: i64, key: &Value) -> Option<bool> {
        let mut probe = Probe::new(hash, self.mask());
        match self.scan(&mut probe, hash, key, &mut None) {
            Step::Found(_) => Some(true),
            Step::Absent { .. } => Some(false),
            Step::NeedEq { .. } => None,
        }
    }

    /// Removes a key needing no Python; `None` when Python would be needed.
    pub fn discard_scalar(&mut self, hash: i64, key: &Value) -> Option<bool> {
        let mut probe = Probe::new(hash, self.mask());
        match self.scan(&mut probe, hash, key, &mut None) {
            Step::Found(slot) => Some(self.remove_slot(slot).is_some()),
            Step::Absent { .. } => Some(false),
            Step::NeedEq { .. } => None,
        }
    }

    fn remove_slot(&mut self, slot: usize) -> Option<Value> {
        match std::mem::replace(&mut self.table[slot], Slot::Dummy) {
            Slot::Active { key, .. } => {
                self.used -= 1;
                Some(key)
            }
            other => {
                self.table[slot] = other;
                None
            }
        }
    }

    /// Empties the table to its minimum size and returns the old contents (to be
    /// dropped once no borrow is held). The `pop` finger is kept, as CPython keeps it.
    pub fn clear(&mut self) -> SetData {
        let mut fresh = SetData::new();
        fresh.finger = self.finger;
        fresh.version = self.version.wrapping_add(1);
        std::mem::replace(self, fresh)
    }

    /// Removes and returns an arbitrary key, scanning from the finger.
    pub fn pop(&mut self) -> Option<Value> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut i = self.finger as usize & mask;
        while !matches!(self.table[i], Slot::Active { .. }) {
            i += 1;
            if i > mask {
                i = 0;
            }
        }
        let key = self.remove_slot(i);
        // The table has at most `MAX_SIZE` slots: the position fits.
        self.finger = (i + 1) as u32;
        key
    }

    /// The frozenset hash: order-independent, as CPython's `frozenset_hash`.
    pub fn frozen_hash(&self) -> i64 {
        let cached = self.hash_cache.get();
        if cached != -1 {
            return cached;
        }
        fn shuffle(h: u64) -> u64 {
            ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167)
        }
        let mut h: u64 = 0;
        for slot in &self.table {
            if let Slot::Active { hash, .. } = slot {
                h ^= shuffle(*hash as u64);
            }
        }
        h ^= (self.used as u64).wrapping_add(1).wrapping_mul(1927868237);
        h ^= (h >> 11) ^ (h >> 25);
        h = h.wrapping_mul(69069).wrapping_add(907133923);
        let mut h = h as i64;
        if h == -1 {
            h = 590923713;
        }
        self.hash_cache.set(h);
        h
    }
}

// ---------------------------------------------------------------------------
// Access to a set's table, mutable or frozen

/// The table of a set (in a `RefCell`) or of a frozenset (immutable).
#[derive(Clone, Copy)]
pub enum SetRef<'a> {
    Mutable(&'a RefCell<SetData>),
    Frozen(&'a SetData),
}

impl SetRef<'_> {
    pub fn read<R>(&self, f: impl FnOnce(&SetData) -> R) -> R {
        match self {
            SetRef::Mutable(c) => f(&c.borrow()),
            SetRef::Frozen(d) => f(d),
        }
    }
}

pub fn set_ref(v: &Value) -> Option<SetRef<'_>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Set(c) => Some(SetRef::Mutable(c)),
            Payload::FrozenSet(d) => Some(SetRef::Frozen(d)),
            _ => None,
        },
        _ => None,
    }
}

fn is_anyset(v: &Value) -> bool {
    set_ref(v).is_some()
}

fn is_frozen(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(o.payload, Payload::FrozenSet(_)))
}

/// A `set` (not frozenset) instance, subclasses included.
fn is_mutable_set(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Set(_)))
}

fn mutable_cell(v: &Value) -> Option<&RefCell<SetData>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Set(c) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

fn same_object(a: &Value, b: &Value) -> bool {
    matches!((a, b), (Value::Obj(x), Value::Obj(y)) if Rc::ptr_eq(x, y))
}

/// The elements of a set or frozenset, in iteration order.
pub fn set_items(v: &Value) -> Option<Vec<Value>> {
    set_ref(v).map(|s| s.read(|d| d.keys()))
}

pub fn set_len(v: &Value) -> usize {
    set_ref(v).map(|s| s.read(|d| d.len())).unwrap_or(0)
}

// ---------------------------------------------------------------------------
// Lookups that may run Python code

enum Lookup {
    Found,
    Absent {
        empty: usize,
        freeslot: Option<usize>,
        version: u32,
    },
}

/// Finds `key` in the table, calling `__eq__` on candidates with equal hashes.
/// `add_semantics`: an equal key found wins even if the table changed meanwhile (as
/// in CPython's insertion).
fn lookup(
    vm: &mut Vm,
    set: SetRef,
    key: &Value,
    hash: i64,
    add_semantics: bool,
) -> PyResult<(Lookup, Option<usize>)> {
    'restart: loop {
        let (mut probe, mut version, table) =
            set.read(|d| (Probe::new(hash, d.mask()), d.version, d.table_identity()));
        let mut freeslot = None;
        loop {
            let step = set.read(|d| d.scan(&mut probe, hash, key, &mut freeslot));
            match step {
                Step::Found(slot) => return Ok((Lookup::Found, Some(slot))),
                Step::Absent { empty } => {
                    return Ok((
                        Lookup::Absent {
                            empty,
                            freeslot,
                            version,
                        },
                        None,
                    ))
                }
                Step::NeedEq { slot, key: start } => {
                    let equal = keys_equal(vm, &start, key)?;
                    if equal && add_semantics {
                        return Ok((Lookup::Found, None));
                    }
                    let (unchanged, now) = set.read(|d| {
                        let same = d.table_identity() == table && d.slot_holds(slot, &start);
                        (same, d.version)
                    });
                    if !unchanged {
                        continue 'restart;
                    }
                    if now != version {
                        // Remade in place: probe on in the new table, where a dummy
                        // seen before may hold a key now.
                        version = now;
                        freeslot = None;
                    }
                    if equal {
                        return Ok((Lookup::Found, Some(slot)));
                    }
                    probe.advance();
                }
            }
        }
    }
}

fn contains_entry(vm: &mut Vm, set: SetRef, key: &Value, hash: i64) -> PyResult<bool> {
    if let Some(found) = set.read(|d| d.contains_scalar(hash, key)) {
        return Ok(found);
    }
    Ok(matches!(
        lookup(vm, set, key, hash, false)?.0,
        Lookup::Found
    ))
}

fn contains_key(vm: &mut Vm, set: SetRef, key: &Value) -> PyResult<bool> {
    let hash = abstract_::hash(vm, key)?;
    contains_entry(vm, set, key, hash)
}

fn add_entry(vm: &mut Vm, cell: &RefCell<SetData>, key: Value, hash: i64) -> PyResult<()> {
    loop {
        let (found, _) = lookup(vm, SetRef::Mutable(cell), &key, hash, true)?;
        let Lookup::Absent {
            empty,
            freeslot,
            version,
        } = found
        else {
            return Ok(());
        };
        let mut d = cell.borrow_mut();
        // No Python ran since the lookup, but be safe against a replaced table.
        if d.version != version {
            continue;
        }
        d.store_new(hash, key, empty, freeslot);
        drop(d);
        return growth_result(vm, cell);
    }
}

fn add_key(vm: &mut Vm, cell: &RefCell<SetData>, key: Value) -> PyResult<()> {
    let hash = abstract_::hash(vm, &key)?;
    if cell.borrow_mut().add_scalar(hash, key.clone()) {
        return growth_result(vm, cell);
    }
    add_entry(vm, cell, key, hash)
}

/// MemoryError when the last addition needed a larger table that could not be made
/// (the key is kept when there was room for it, as in CPython).
fn growth_result(vm: &mut Vm, cell: &RefCell<SetData>) -> PyResult<()> {
    if std::mem::take(&mut cell.borrow_mut().growth_failed) {
        return Err(vm.new_error(Exc::MemoryError, ""));
    }
    Ok(())
}

/// Removes `key`; whether it was present.
fn discard_entry(vm: &mut Vm, cell: &RefCell<SetData>, key: &Value, hash: i64) -> PyResult<bool> {
    let (found, slot) = lookup(vm, SetRef::Mutable(cell), key, hash, false)?;
    match (found, slot) {
        (Lookup::Found, Some(slot)) => {
            let old = cell.borrow_mut().remove_slot(slot);
            drop(old);
            Ok(true)
        }
        _ => Ok(false),
    }
}

fn discard_key(vm: &mut Vm, cell: &RefCell<SetData>, key: &Value) -> PyResult<bool> {
    let hash = abstract_::hash(vm, key)?;
    discard_entry(vm, cell, key, hash)
}

/// Retries an operation on an unhashable `set` key with `frozenset(key)`, as
/// `in`, `remove` and `discard` do.
fn with_frozen_retry<T>(
    vm: &mut Vm,
    key: &Value,
    mut op: impl FnMut(&mut Vm, &Value) -> PyResult<T>,
) -> PyResult<T> {
    match op(vm, key) {
        Err(e) if is_mutable_set(key) && vm.err_matches(&e, Exc::TypeError) => {
            let tmp = wrap(vm, true, copy_data(key));
            op(vm, &tmp)
        }
        other => other,
    }
}

// ---------------------------------------------------------------------------
// Bulk operations

/// Adds every key of another set (`set_merge`).
fn merge(vm: &mut Vm, cell: &RefCell<SetData>, other: SetRef) -> PyResult<()> {
    let other_used = other.read(|o| o.len());
    if other_used == 0 {
        return Ok(());
    }
    {
        let mut d = cell.borrow_mut();
        if (d.fill() + other_used) * 5 >= d.mask() * 3 {
            let minused = (d.len() + other_used) * 2;
            d.resize(minused);
        }
        if d.fill == 0 {
            other.read(|o| merge_into_empty(&mut d, o));
            return Ok(());
        }
    }
    for (hash, key) in other.read(|o| o.entries()) {
        add_entry(vm, cell, key, hash)?;
    }
    Ok(())
}

/// `set_update_internal`: adds the elements of any iterable.
fn update_internal(vm: &mut Vm, cell: &RefCell<SetData>, other: &Value) -> PyResult<()> {
    add_all(vm, cell, other, false)
}

/// `update_internal`, where `fresh` says that `cell` is a new set's table that
/// only this call can reach.
fn add_all(vm: &mut Vm, cell: &RefCell<SetData>, other: &Value, fresh: bool) -> PyResult<()> {
    if let Some(o) = set_ref(other) {
        if let SetRef::Mutable(oc) = o {
            if std::ptr::eq(oc, cell) {
                return Ok(());
            }
        }
        return merge(vm, cell, o);
    }
    if let Value::Obj(o) = other {
        if let Payload::Dict(dc) = &o.payload {
            if Rc::ptr_eq(&o.class(), &vm.types.dict) {
                let entries: Vec<(i64, Value)> = dc
                    .borrow()
                    .iter()
                    .map(|e| (e.hash, e.key.clone()))
                    .collect();
                {
                    let mut d = cell.borrow_mut();
                    if (d.fill() + entries.len()) * 5 >= d.mask() * 3 {
                        let minused = (d.len() + entries.len()) * 2;
                        d.resize(minused);
                    }
                }
                for (hash, key) in entries {
                    add_entry(vm, cell, key, hash)?;
                }
                return Ok(());
            }
        }
    }
    if let Some(items) = abstract_::tuple_items(other) {
        for item in items {
            add_key(vm, cell, item)?;
        }
        return Ok(());
    }
    if let Value::Obj(gen) = other {
        // Into a new set (no one else can see it: `data_from`), adding keys that
        // hash and compare as builtin strs and numbers do runs no Python code: a
        // generator's such keys are taken a batch at a time, until another key
        // goes in (`generator::drain_each`).
        if fresh && std::ptr::eq(gen.class_ref(), &*vm.types.generator) {
            let ended = crate::objects::generator::drain_each(
                vm,
                gen,
                abstract_::is_plain_key,
                |vm, key| {
                    let plain = abstract_::is_plain_key(&key);
                    add_key(vm, cell, key)?;
                    Ok(plain)
                },
            )?;
            if ended {
                return Ok(());
            }
        }
    }
    let it = abstract_::get_iter(vm, other)?;
    while let Some(item) = abstract_::iter_next(vm, &it)? {
        add_key(vm, cell, item)?;
    }
    Ok(())
}

/// A new table holding the elements of `iterable`.
fn data_from(vm: &mut Vm, iterable: Option<&Value>) -> PyResult<SetData> {
    let cell = RefCell::new(SetData::new());
    if let Some(it) = iterable {
        add_all(vm, &cell, it, true)?;
    }
    Ok(cell.into_inner())
}

/// A fresh table holding the keys of `v`, laid out as CPython's `set_merge` lays
/// out a copy (which may differ from the source's layout).
fn copy_data(v: &Value) -> SetData {
    let mut d = SetData::new();
    if let Some(src) = set_ref(v) {
        src.read(|o| merge_into_empty(&mut d, o));
    }
    d
}

/// `set_merge` into an empty table: no comparisons are needed.
fn merge_into_empty(d: &mut SetData, o: &SetData) {
    if o.used == 0 {
        return;
    }
    if (d.fill() + o.len()) * 5 >= d.mask() * 3 {
        d.resize((d.len() + o.len()) * 2);
    }
    if d.mask() == o.mask() && o.fill == o.used {
        for (i, slot) in o.table.iter().enumerate() {
            if let Slot::Active { .. } = slot {
                d.table[i] = slot.clone();
            }
        }
    } else {
        for slot in &o.table {
            if let Slot::Active { hash, key } = slot {
                d.insert_clean(*hash, key.clone());
            }
        }
    }
    d.fill = o.used;
    d.used = o.used;
}

/// A set or frozenset object holding `data`.
fn wrap(vm: &Vm, frozen: bool, data: SetData) -> Value {
    if frozen {
        Value::Obj(PyObject::new(
            vm.types.frozenset.clone(),
            Payload::FrozenSet(data),
        ))
    } else {
        Value::Obj(PyObject::new(
            vm.types.set.clone(),
            Payload::Set(RefCell::new(data)),
        ))
    }
}

pub fn new_set(vm: &mut Vm, items: Vec<Value>) -> PyResult<Value> {
    let cell = RefCell::new(SetData::new());
    for item in items {
        add_key(vm, &cell, item)?;
    }
    Ok(wrap(vm, false, cell.into_inner()))
}

/// A frozenset of `items`, added in their order (`PyFrozenSet_New` of a tuple).
pub fn new_frozenset(vm: &mut Vm, items: Vec<Value>) -> PyResult<Value> {
    let cell = RefCell::new(SetData::new());
    for item in items {
        add_key(vm, &cell, item)?;
    }
    Ok(wrap(vm, true, cell.into_inner()))
}

/// A frozenset constant of the compiler's code, from its items in source order.
///
/// CPython's compiler builds such a constant more than once, and colliding items
/// can land elsewhere at each build, so the layout (the iteration order `dis` and
/// `{"a", "b", "c"}` show) is the last build's. Constant folding builds it from the
/// source order; the constant cache rebuilds it from that one's iteration order;
/// and making the code object rebuilds it once more when one of its strs was
/// swapped for an equal one interned before (`interned_before`).
pub fn new_frozenset_constant(
    vm: &mut Vm,
    items: Vec<Value>,
    interned_before: bool,
) -> PyResult<Value> {
    let mut data = RefCell::new(SetData::new());
    for item in items {
        add_key(vm, &data, item)?;
    }
    let rebuilds = if interned_before { 2 } else { 1 };
    for _ in 0..rebuilds {
        let rebuilt = RefCell::new(SetData::new());
        for (hash, key) in data.into_inner().entries() {
            add_entry(vm, &rebuilt, key, hash)?;
        }
        data = rebuilt;
    }
    Ok(wrap(vm, true, data.into_inner()))
}

/// `SET_ADD`: adds one element to a set.
pub fn set_add(vm: &mut Vm, set: &Value, item: Value) -> PyResult<()> {
    match mutable_cell(set) {
        Some(cell) => add_key(vm, cell, item),
        None => Ok(()),
    }
}

/// `SET_UPDATE` and `set.update`: adds the elements of an iterable.
pub fn set_update(vm: &mut Vm, set: &Value, iterable: &Value) -> PyResult<()> {
    match mutable_cell(set) {
        Some(cell) => update_internal(vm, cell, iterable),
        None => Ok(()),
    }
}

/// `x in s` for a set or frozenset.
pub fn set_contains(vm: &mut Vm, set: &Value, key: &Value) -> PyResult<bool> {
    let Some(s) = set_ref(set) else {
        return Ok(false);
    };
    with_frozen_retry(vm, key, |vm, k| contains_key(vm, s, k))
}

/// `so & other` (`set_intersection`); the result has `so`'s base kind.
fn intersection(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<Value> {
    let frozen = is_frozen(so);
    if same_object(so, other) {
        return Ok(wrap(vm, frozen, copy_data(so)));
    }
    let result = RefCell::new(SetData::new());
    if is_anyset(other) {
        let (small, big) = if set_len(other) > set_len(so) {
            (so, other)
        } else {
            (other, so)
        };
        let entries = set_ref(small)
            .map(|s| s.read(|d| d.entries()))
            .unwrap_or_default();
        for (hash, key) in entries {
            let Some(b) = set_ref(big) else { break };
            if contains_entry(vm, b, &key, hash)? {
                add_entry(vm, &result, key, hash)?;
            }
        }
        return Ok(wrap(vm, frozen, result.into_inner()));
    }
    let it = abstract_::get_iter(vm, other)?;
    while let Some(key) = abstract_::iter_next(vm, &it)? {
        let hash = abstract_::hash(vm, &key)?;
        let Some(s) = set_ref(so) else { break };
        if contains_entry(vm, s, &key, hash)? {
            add_entry(vm, &result, key, hash)?;
            if result.borrow().len() >= set_len(so) {
                break;
            }
        }
    }
    Ok(wrap(vm, frozen, result.into_inner()))
}

/// `set_difference_update_internal`: removes the elements of `other` from `cell`.
fn difference_update_internal(
    vm: &mut Vm,
    so: &Value,
    cell: &RefCell<SetData>,
    other: &Value,
) -> PyResult<()> {
    if same_object(so, other) {
        let old = cell.borrow_mut().clear();
        drop(old);
        return Ok(());
    }
    if is_anyset(other) {
        let source = if (set_len(other) >> 3) > cell.borrow().len() {
            let probe = wrap(vm, false, cell.borrow().clone());
            intersection(vm, &probe, other)?
        } else {
            other.clone()
        };
        let entries = set_ref(&source)
            .map(|s| s.read(|d| d.entries()))
            .unwrap_or_default();
        for (hash, key) in entries {
            discard_entry(vm, cell, &key, hash)?;
        }
    } else {
        let it = abstract_::get_iter(vm, other)?;
        while let Some(key) = abstract_::iter_next(vm, &it)? {
            discard_key(vm, cell, &key)?;
        }
    }
    let mut d = cell.borrow_mut();
    if d.fill() - d.len() > d.mask() / 4 {
        let used = d.len();
        let minused = if used > 50000 { used * 2 } else { used * 4 };
        d.resize(minused);
    }
    Ok(())
}

/// `so - other` (`set_difference`).
fn difference(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<Value> {
    let frozen = is_frozen(so);
    let dict = match other {
        Value::Obj(o) if Rc::ptr_eq(&o.class(), &vm.types.dict) => Some(o.clone()),
        _ => None,
    };
    let other_size = if is_anyset(other) {
        set_len(other)
    } else if let Some(d) = &dict {
        crate::objects::dict::dict_len(d)
    } else {
        return copy_and_difference(vm, so, other);
    };
    if (set_len(so) >> 2) > other_size {
        return copy_and_difference(vm, so, other);
    }
    let result = RefCell::new(SetData::new());
    let entries = set_ref(so)
        .map(|s| s.read(|d| d.entries()))
        .unwrap_or_default();
    for (hash, key) in entries {
        let present = match &dict {
            Some(d) => crate::objects::dict::dict_get_item_hashed(vm, d, &key, hash)?.is_some(),
            None => match set_ref(other) {
                Some(o) => contains_entry(vm, o, &key, hash)?,
                None => false,
            },
        };
        if !present {
            add_entry(vm, &result, key, hash)?;
        }
    }
    Ok(wrap(vm, frozen, result.into_inner()))
}

fn copy_and_difference(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<Value> {
    let cell = RefCell::new(copy_data(so));
    difference_update_internal(vm, &Value::None, &cell, other)?;
    Ok(wrap(vm, is_frozen(so), cell.into_inner()))
}

/// `symmetric_difference_update(cell, other)`.
fn symmetric_difference_update(
    vm: &mut Vm,
    so: &Value,
    cell: &RefCell<SetData>,
    other: &Value,
) -> PyResult<()> {
    if same_object(so, other) {
        let old = cell.borrow_mut().clear();
        drop(old);
        return Ok(());
    }
    let entries: Vec<(i64, Value)> = match other {
        Value::Obj(o) if Rc::ptr_eq(&o.class(), &vm.types.dict) => crate::objects::dict::as_dict(o)
            .map(|d| d.borrow().iter().map(|e| (e.hash, e.key.clone())).collect())
            .unwrap_or_default(),
        _ => match set_ref(other) {
            Some(s) => s.read(|d| d.entries()),
            None => data_from(vm, Some(other))?.entries(),
        },
    };
    for (hash, key) in entries {
        if !discard_entry(vm, cell, &key, hash)? {
            add_entry(vm, cell, key, hash)?;
        }
    }
    Ok(())
}

/// `so ^ other`: a copy of `other` (as `so`'s kind) updated with `so`.
fn symmetric_difference(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<Value> {
    let cell = RefCell::new(data_from(vm, Some(other))?);
    let placeholder = Value::None;
    symmetric_difference_update(vm, &placeholder, &cell, so)?;
    Ok(wrap(vm, is_frozen(so), cell.into_inner()))
}

/// `so | other`.
fn union(vm: &mut Vm, so: &Value, others: &[Value]) -> PyResult<Value> {
    let cell = RefCell::new(copy_data(so));
    for other in others {
        if same_object(so, other) {
            continue;
        }
        update_internal(vm, &cell, other)?;
    }
    Ok(wrap(vm, is_frozen(so), cell.into_inner()))
}

/// Whether every element of `so` is in `other` (any iterable).
fn issubset(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<bool> {
    if !is_anyset(other) {
        let tmp = data_from(vm, Some(other))?;
        let tmp = wrap(vm, false, tmp);
        return issubset(vm, so, &tmp);
    }
    if set_len(so) > set_len(other) {
        return Ok(false);
    }
    let entries = set_ref(so)
        .map(|s| s.read(|d| d.entries()))
        .unwrap_or_default();
    for (hash, key) in entries {
        let Some(o) = set_ref(other) else {
            return Ok(false);
        };
        if !contains_entry(vm, o, &key, hash)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn issuperset(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<bool> {
    if is_anyset(other) {
        return issubset(vm, other, so);
    }
    let it = abstract_::get_iter(vm, other)?;
    while let Some(key) = abstract_::iter_next(vm, &it)? {
        let Some(s) = set_ref(so) else {
            return Ok(false);
        };
        if !contains_key(vm, s, &key)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn isdisjoint(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<bool> {
    if same_object(so, other) {
        return Ok(set_len(so) == 0);
    }
    let exact = match other {
        Value::Obj(o) => {
            Rc::ptr_eq(&o.class(), &vm.types.set) || Rc::ptr_eq(&o.class(), &vm.types.frozenset)
        }
        _ => false,
    };
    if exact {
        let (small, big) = if set_len(other) > set_len(so) {
            (so, other)
        } else {
            (other, so)
        };
        let entries = set_ref(small)
            .map(|s| s.read(|d| d.entries()))
            .unwrap_or_default();
        for (hash, key) in entries {
            let Some(b) = set_ref(big) else { break };
            if contains_entry(vm, b, &key, hash)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    let it = abstract_::get_iter(vm, other)?;
    while let Some(key) = abstract_::iter_next(vm, &it)? {
        let Some(s) = set_ref(so) else { break };
        if contains_key(vm, s, &key)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn set_equal(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    if set_len(a) != set_len(b) {
        return Ok(false);
    }
    if is_frozen(a) && is_frozen(b) {
        let ha = set_ref(a)
            .map(|s| s.read(|d| d.hash_cache.get()))
            .unwrap_or(-1);
        let hb = set_ref(b)
            .map(|s| s.read(|d| d.hash_cache.get()))
            .unwrap_or(-1);
        if ha != -1 && hb != -1 && ha != hb {
            return Ok(false);
        }
    }
    issubset(vm, a, b)
}

// ---------------------------------------------------------------------------
// The types' methods

fn self_set(vm: &mut Vm, args: &Args, frozen_ok: bool) -> PyResult<Value> {
    let v = this(args);
    if is_mutable_set(&v) || (frozen_ok && is_frozen(&v)) {
        return Ok(v);
    }
    let want = if frozen_ok && is_frozen(&v) {
        "frozenset"
    } else {
        "set"
    };
    Err(vm.new_type_error(format!(
        "descriptor requires a '{want}' object but received a '{}'",
        vm.type_name_of(&v)
    )))
}

/// `self` of a set or frozenset method with a declared signature (its type checked
/// by the call); `frozen_ok` when a frozenset will do.
fn bound_set(vm: &mut Vm, this: Option<Value>, frozen_ok: bool) -> PyResult<Value> {
    set_of(vm, &this.unwrap_or(Value::None), frozen_ok).cloned()
}

/// The set (or, when `frozen_ok`, frozenset) a slot or method runs on.
fn set_of<'a>(vm: &mut Vm, v: &'a Value, frozen_ok: bool) -> PyResult<&'a Value> {
    if is_mutable_set(v) || (frozen_ok && is_frozen(v)) {
        return Ok(v);
    }
    let want = if frozen_ok { "frozenset" } else { "set" };
    Err(vm.new_type_error(format!(
        "descriptor requires a '{want}' object but received a '{}'",
        vm.type_name_of(v)
    )))
}

fn set_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let v = set_of(vm, this, true)?;
    let Value::Obj(o) = &v else {
        return Ok(vm.new_str("set()"));
    };
    let name = typeobject::type_name(&o.class());
    let id = Rc::as_ptr(o) as usize;
    if vm.repr_guard.contains(&id) {
        return Ok(vm.new_str(format!("{name}(...)")));
    }
    let items = set_items(v).unwrap_or_default();
    if items.is_empty() {
        return Ok(vm.new_str(format!("{name}()")));
    }
    vm.repr_guard.insert(id);
    let mut parts = Vec::with_capacity(items.len());
    let mut result = Ok(());
    for item in &items {
        match abstract_::repr_string(vm, item) {
            Ok(s) => parts.push(s),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    vm.repr_guard.remove(&id);
    result?;
    let inner = parts.join(", ");
    let exact_set = Rc::ptr_eq(&o.class(), &vm.types.set);
    let s = if exact_set {
        format!("{{{inner}}}")
    } else {
        format!("{name}({{{inner}}})")
    };
    Ok(vm.new_str(s))
}

/// A binary operator: both operands must be sets, else NotImplemented.
fn binary(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    if !is_anyset(a) || !is_anyset(b) {
        return Ok(vm.not_implemented());
    }
    match op {
        NB_OR => union(vm, a, std::slice::from_ref(b)),
        NB_AND => intersection(vm, a, b),
        NB_SUBTRACT => difference(vm, a, b),
        _ => symmetric_difference(vm, a, b),
    }
}

/// Sets compare by inclusion with sets and frozensets.
fn richcompare(vm: &mut Vm, v: &Value, w: &Value, op: usize) -> PyResult<Value> {
    if !is_anyset(v) || !is_anyset(w) {
        return Ok(vm.not_implemented());
    }
    let (lv, lw) = (set_len(v), set_len(w));
    let r = match op {
        CMP_LT => lv < lw && issubset(vm, v, w)?,
        CMP_LE => issubset(vm, v, w)?,
        CMP_EQ => set_equal(vm, v, w)?,
        CMP_NE => !set_equal(vm, v, w)?,
        CMP_GT => lv > lw && issuperset(vm, v, w)?,
        _ => issuperset(vm, v, w)?,
    };
    Ok(Value::Bool(r))
}

/// `|=`, `&=`, `-=`, `^=` of a set: both operands must be sets.
fn inplace(vm: &mut Vm, so: &Value, other: &Value, op: usize) -> PyResult<Value> {
    let (so, other) = (so.clone(), other.clone());
    if !is_anyset(&other) {
        return Ok(vm.not_implemented());
    }
    let Some(cell) = mutable_cell(&so) else {
        return Ok(vm.not_implemented());
    };
    match op {
        NB_OR => update_internal(vm, cell, &other)?,
        NB_AND => {
            let r = intersection(vm, &so, &other)?;
            replace_body(cell, &r);
        }
        NB_SUBTRACT => difference_update_internal(vm, &so, cell, &other)?,
        _ => symmetric_difference_update(vm, &so, cell, &other)?,
    }
    Ok(so)
}

/// Moves the table of the private result `from` into `cell` (`set_swap_bodies`).
fn replace_body(cell: &RefCell<SetData>, from: &Value) {
    let data = set_ref(from)
        .map(|s| s.read(|d| d.clone()))
        .unwrap_or_default();
    let mut d = cell.borrow_mut();
    let version = d.version.wrapping_add(1);
    let finger = d.finger;
    let old = std::mem::replace(&mut *d, data);
    d.version = version;
    d.finger = finger;
    d.hash_cache.set(-1);
    drop(d);
    drop(old);
}

fn set_remove(vm: &mut Vm, signature: &Signature, args: Args, must_exist: bool) -> PyResult<Value> {
    let (this, [key]) = signature.bind(vm, args)?;
    remove_key(vm, &given(this), &given(key), must_exist)
}

/// `set.discard(key)`, or with `must_exist` `set.remove(key)`.
fn remove_key(vm: &mut Vm, this: &Value, key: &Value, must_exist: bool) -> PyResult<Value> {
    let so = set_of(vm, this, false)?;
    let Some(cell) = mutable_cell(so) else {
        return Ok(Value::None);
    };
    let found = with_frozen_retry(vm, key, |vm, k| discard_key(vm, cell, k))?;
    if !found && must_exist {
        return Err(vm.new_key_error(key.clone()));
    }
    Ok(Value::None)
}

/// The signatures of a method set and frozenset share, one for each owner (set
/// first); CPython shows no `__text_signature__` for them.
macro_rules! shared_signature {
    ($name:literal, $text:literal) => {
        [
            Signature::unlisted("set", $name, $text),
            Signature::unlisted("frozenset", $name, $text),
        ]
    };
}

type SharedSignature = [Signature; 2];

static CONTAINS: SharedSignature = shared_signature!("__contains__", "($self, object, /)");
static SIZEOF: SharedSignature = shared_signature!("__sizeof__", "($self, /)");
static UNION: SharedSignature = shared_signature!("union", "($self, *others)");
static INTERSECTION: SharedSignature = shared_signature!("intersection", "($self, *others)");
static DIFFERENCE: SharedSignature = shared_signature!("difference", "($self, *others)");
static SYMMETRIC_DIFFERENCE: SharedSignature =
    shared_signature!("symmetric_difference", "($self, other, /)");
static ISSUBSET: SharedSignature = shared_signature!("issubset", "($self, other, /)");
static ISSUPERSET: SharedSignature = shared_signature!("issuperset", "($self, other, /)");
static ISDISJOINT: SharedSignature = shared_signature!("isdisjoint", "($self, other, /)");

pub fn init(vm: &mut Vm) {
    let (set, frozenset) = (vm.types.set.clone(), vm.types.frozenset.clone());
    add_shared_methods::<false>(vm, &set);
    add_shared_methods::<true>(vm, &frozenset);
    init_set(vm);
    init_frozenset(vm);
    for ty in [set, frozenset] {
        add_method_sig(vm, &ty, &REDUCE, set_reduce);
    }
}

static REDUCE: Signature = Signature::shared("__reduce__", "($self, /)").not_listed();

/// `__reduce__`: `(type(s), (list(s),), state)`, the state what `__getstate__`
/// gives (the instance dict, and the slots' values when there are any).
fn set_reduce(vm: &mut Vm, args: crate::objects::function::Args) -> PyResult<Value> {
    let s = given(REDUCE.bind::<0>(vm, args)?.0);
    let class = Value::Obj(vm.type_of(&s));
    let items = set_items(&s).unwrap_or_default();
    let items = vm.new_list(items);
    let state = crate::objects::reduce::object_state(vm, &s)?;
    let args = vm.new_tuple(vec![items]);
    Ok(vm.new_tuple(vec![class, args, state]))
}

/// Fills the methods set and frozenset share into `ty` (`FROZEN` says which, for the
/// signatures' owner).
fn add_shared_methods<const FROZEN: bool>(vm: &mut Vm, ty: &ObjRef) {
    /// Registers a method with its signature for this owner.
    macro_rules! set_method {
        ($signatures:expr, $f:expr) => {
            add_method_sig(vm, ty, &$signatures[FROZEN as usize], |vm, args| {
                let method: fn(&mut Vm, &'static Signature, Args) -> PyResult<Value> = $f;
                method(vm, &$signatures[FROZEN as usize], args)
            })
        };
    }
    add_coexisting_method(
        vm,
        ty,
        &CONTAINS[FROZEN as usize],
        |vm, args| {
            let (this, [key]) = CONTAINS[FROZEN as usize].bind(vm, args)?;
            let s = bound_set(vm, this, true)?;
            let key = key.expect("required by the signature");
            Ok(Value::Bool(set_contains(vm, &s, &key)?))
        },
        NativeSlot::Contains(|vm, this, key| {
            let s = set_of(vm, this, true)?;
            set_contains(vm, s, key)
        }),
        "x.__contains__(y) <==> y in x.",
    );
    for slot in [
        NativeSlot::Length(|vm, this| Ok(set_len(set_of(vm, this, true)?))),
        NativeSlot::Repr(set_repr),
        NativeSlot::Iter(|vm, this| {
            let s = set_of(vm, this, true)?;
            Ok(set_iter(vm, s))
        }),
        NativeSlot::RichCompare(richcompare),
    ] {
        add_slot(vm, ty, slot);
    }
    for op in [NB_OR, NB_AND, NB_SUBTRACT, NB_XOR] {
        add_slot(vm, ty, NativeSlot::Binary(op, binary));
    }
    set_method!(SIZEOF, |vm, signature, args| {
        let (this, []) = signature.bind(vm, args)?;
        let s = bound_set(vm, this, true)?;
        // CPython's layout: a 200-byte object holding a table of 8 entries, and a
        // table of 16-byte entries of its own once it outgrows that.
        let table = set_ref(&s).map_or(MIN_SIZE, |s| s.read(|d| d.mask() + 1));
        let own_table = if table > MIN_SIZE { table * 16 } else { 0 };
        Ok(Value::Int((200 + own_table) as i64))
    });
    set_method!(UNION, |vm, signature, args| {
        let bound = signature.bind_all::<0>(vm, args)?;
        let so = bound_set(vm, bound.this, true)?;
        union(vm, &so, &bound.args)
    });
    set_method!(INTERSECTION, |vm, signature, args| {
        let bound = signature.bind_all::<0>(vm, args)?;
        let so = bound_set(vm, bound.this, true)?;
        intersection_multi(vm, &so, &bound.args)
    });
    set_method!(DIFFERENCE, |vm, signature, args| {
        let bound = signature.bind_all::<0>(vm, args)?;
        let so = bound_set(vm, bound.this, true)?;
        difference_multi(vm, &so, &bound.args)
    });
    set_method!(SYMMETRIC_DIFFERENCE, |vm, signature, args| {
        let (so, other) = set_and_other(vm, signature, args)?;
        symmetric_difference(vm, &so, &other)
    });
    set_method!(ISSUBSET, |vm, signature, args| {
        let (so, other) = set_and_other(vm, signature, args)?;
        Ok(Value::Bool(issubset(vm, &so, &other)?))
    });
    set_method!(ISSUPERSET, |vm, signature, args| {
        let (so, other) = set_and_other(vm, signature, args)?;
        Ok(Value::Bool(issuperset(vm, &so, &other)?))
    });
    set_method!(ISDISJOINT, |vm, signature, args| {
        let (so, other) = set_and_other(vm, signature, args)?;
        Ok(Value::Bool(isdisjoint(vm, &so, &other)?))
    });
}

/// `self` and the one argument of a method that `signature` declares as
/// `($self, other, /)`; a frozenset will do as `self`.
fn set_and_other(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<(Value, Value)> {
    let (this, [other]) = signature.bind(vm, args)?;
    let so = bound_set(vm, this, true)?;
    Ok((so, other.expect("required by the signature")))
}

fn intersection_multi(vm: &mut Vm, so: &Value, others: &[Value]) -> PyResult<Value> {
    if others.is_empty() {
        return Ok(wrap(vm, is_frozen(so), copy_data(so)));
    }
    let mut result = so.clone();
    for other in others {
        result = intersection(vm, &result, other)?;
    }
    Ok(result)
}

fn difference_multi(vm: &mut Vm, so: &Value, others: &[Value]) -> PyResult<Value> {
    let Some((first, rest)) = others.split_first() else {
        return Ok(wrap(vm, is_frozen(so), copy_data(so)));
    };
    let result = difference(vm, so, first)?;
    if rest.is_empty() {
        return Ok(result);
    }
    // Continue on a mutable copy, then give it `so`'s kind.
    let work = wrap(vm, false, copy_data(&result));
    if let Some(cell) = mutable_cell(&work) {
        for other in rest {
            difference_update_internal(vm, &work, cell, other)?;
        }
    }
    Ok(wrap(vm, is_frozen(so), copy_data(&work)))
}

// The signatures of set's own methods; CPython shows no `__text_signature__` for them.
static SET_INIT: Signature = Signature::new("set", "($self, iterable=(), /)");
static ADD: Signature = Signature::unlisted("set", "add", "($self, object, /)").with_fast(
    FastCall::new(2, 2, |vm, args| {
        let so = set_of(vm, &args[0], false)?;
        set_add(vm, so, args[1].clone())?;
        Ok(Value::None)
    }),
);
static UPDATE: Signature = Signature::unlisted("set", "update", "($self, *others)");
static DISCARD: Signature = Signature::unlisted("set", "discard", "($self, object, /)").with_fast(
    FastCall::new(2, 2, |vm, args| remove_key(vm, &args[0], &args[1], false)),
);
static REMOVE: Signature = Signature::unlisted("set", "remove", "($self, object, /)");
static POP: Signature = Signature::unlisted("set", "pop", "($self, /)");
static CLEAR: Signature = Signature::unlisted("set", "clear", "($self, /)");
static COPY: Signature = Signature::unlisted("set", "copy", "($self, /)");
static DIFFERENCE_UPDATE: Signature =
    Signature::unlisted("set", "difference_update", "($self, *others)");
static INTERSECTION_UPDATE: Signature =
    Signature::unlisted("set", "intersection_update", "($self, *others)");
static SYMMETRIC_DIFFERENCE_UPDATE: Signature =
    Signature::unlisted("set", "symmetric_difference_update", "($self, other, /)");

fn init_set(vm: &mut Vm) {
    let set = vm.types.set.clone();
    add_new(vm, &set, |vm, args| {
        let class = match args.pos.first() {
            Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
            _ => vm.types.set.clone(),
        };
        Ok(Value::Obj(typeobject::new_instance(
            vm,
            &class,
            Payload::Set(RefCell::new(SetData::new())),
        )))
    });
    // `set()` and `set(iterable)`: a new set, then what `__init__` does.
    crate::objects::set_vectorcall(&set, 0, 1, |vm, args| {
        let data = data_from(vm, args.first())?;
        Ok(wrap(vm, false, data))
    });
    add_method(vm, &set, "__init__", |vm, args| {
        let so = self_set(vm, &args, false)?;
        let class = vm.type_name_of(&so);
        let iterable = bind_constructor(vm, &SET_INIT, &class, args)?;
        let Some(cell) = mutable_cell(&so) else {
            return Ok(Value::None);
        };
        if cell.borrow().fill > 0 {
            let old = cell.borrow_mut().clear();
            drop(old);
        }
        if let Some(it) = iterable {
            update_internal(vm, cell, &it)?;
        }
        Ok(Value::None)
    });
    set_type_attr(vm, &set, "__hash__", Value::None);
    add_method_sig(vm, &set, &ADD, |vm, args| {
        let (this, [key]) = ADD.bind(vm, args)?;
        let so = bound_set(vm, this, false)?;
        set_add(vm, &so, key.expect("required by the signature"))?;
        Ok(Value::None)
    });
    add_method_sig(vm, &set, &UPDATE, |vm, args| {
        let bound = UPDATE.bind_all::<0>(vm, args)?;
        let so = bound_set(vm, bound.this, false)?;
        for other in &bound.args {
            set_update(vm, &so, other)?;
        }
        Ok(Value::None)
    });
    add_method_sig(vm, &set, &DISCARD, |vm, args| {
        set_remove(vm, &DISCARD, args, false)
    });
    add_method_sig(vm, &set, &REMOVE, |vm, args| {
        set_remove(vm, &REMOVE, args, true)
    });
    add_method_sig(vm, &set, &POP, |vm, args| {
        let (this, []) = POP.bind(vm, args)?;
        let so = bound_set(vm, this, false)?;
        let popped = mutable_cell(&so).and_then(|c| c.borrow_mut().pop());
        match popped {
            Some(v) => Ok(v),
            None => {
                let msg = vm.new_str("pop from an empty set");
                Err(vm.new_key_error(msg))
            }
        }
    });
    add_method_sig(vm, &set, &CLEAR, |vm, args| {
        let (this, []) = CLEAR.bind(vm, args)?;
        let so = bound_set(vm, this, false)?;
        if let Some(c) = mutable_cell(&so) {
            let old = c.borrow_mut().clear();
            drop(old);
        }
        Ok(Value::None)
    });
    add_method_sig(vm, &set, &COPY, |vm, args| {
        let (this, []) = COPY.bind(vm, args)?;
        let so = bound_set(vm, this, false)?;
        Ok(wrap(vm, false, copy_data(&so)))
    });
    for op in [NB_OR, NB_AND, NB_SUBTRACT, NB_XOR] {
        add_slot(vm, &set, NativeSlot::InPlace(op, inplace));
    }
    add_method_sig(vm, &set, &DIFFERENCE_UPDATE, |vm, args| {
        let bound = DIFFERENCE_UPDATE.bind_all::<0>(vm, args)?;
        let so = bound_set(vm, bound.this, false)?;
        if let Some(cell) = mutable_cell(&so) {
            for other in &bound.args {
                difference_update_internal(vm, &so, cell, other)?;
            }
        }
        Ok(Value::None)
    });
    add_method_sig(vm, &set, &INTERSECTION_UPDATE, |vm, args| {
        let bound = INTERSECTION_UPDATE.bind_all::<0>(vm, args)?;
        let so = bound_set(vm, bound.this, false)?;
        let r = intersection_multi(vm, &so, &bound.args)?;
        if let Some(cell) = mutable_cell(&so) {
            replace_body(cell, &r);
        }
        Ok(Value::None)
    });
    add_method_sig(vm, &set, &SYMMETRIC_DIFFERENCE_UPDATE, |vm, args| {
        let (this, [other]) = SYMMETRIC_DIFFERENCE_UPDATE.bind(vm, args)?;
        let so = bound_set(vm, this, false)?;
        let other = other.expect("required by the signature");
        if let Some(cell) = mutable_cell(&so) {
            symmetric_difference_update(vm, &so, cell, &other)?;
        }
        Ok(Value::None)
    });
}

/// The iterable of `set(...)` or `frozenset(...)`, bound by `signature`: keywords are
/// refused as `set() takes no keyword arguments`, surplus arguments counted under
/// the name of the class being made (`S expected at most 1 argument, got 2`).
fn bind_constructor(
    vm: &mut Vm,
    signature: &Signature,
    class: &str,
    args: Args,
) -> PyResult<Option<Value>> {
    if args.pos.len() > 2 && args.kw.is_empty() {
        return Err(vm.new_type_error(format!(
            "{class} expected at most 1 argument, got {}",
            args.pos.len() - 1
        )));
    }
    let (_, [iterable]) = signature.bind(vm, args)?;
    Ok(iterable)
}

static FROZENSET_NEW: Signature = Signature::new("frozenset", "($type, iterable=(), /)");
static FROZENSET_COPY: Signature = Signature::unlisted("frozenset", "copy", "($self, /)");

fn init_frozenset(vm: &mut Vm) {
    let frozenset = vm.types.frozenset.clone();
    add_new(vm, &frozenset, |vm, mut args| {
        let class = match args.pos.first() {
            Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
            _ => vm.types.frozenset.clone(),
        };
        let exact = Rc::ptr_eq(&class, &vm.types.frozenset);
        if !constructor_refuses_keywords(&args, &vm.types.frozenset) {
            args.kw.clear();
        }
        let name = typeobject::type_name(&class);
        let iterable = bind_constructor(vm, &FROZENSET_NEW, &name, args)?;
        if exact {
            if let Some(it @ Value::Obj(o)) = &iterable {
                if Rc::ptr_eq(&o.class(), &vm.types.frozenset) {
                    return Ok(it.clone());
                }
            }
        }
        let data = data_from(vm, iterable.as_ref())?;
        if exact {
            return Ok(wrap(vm, true, data));
        }
        Ok(Value::Obj(typeobject::new_instance(
            vm,
            &class,
            Payload::FrozenSet(data),
        )))
    });
    // `frozenset()` and `frozenset(iterable)` of the exact type.
    crate::objects::set_vectorcall(&frozenset, 0, 1, |vm, args| {
        if let Some(it @ Value::Obj(o)) = args.first() {
            if Rc::ptr_eq(&o.class(), &vm.types.frozenset) {
                return Ok(it.clone());
            }
        }
        let data = data_from(vm, args.first())?;
        Ok(wrap(vm, true, data))
    });
    add_slot(
        vm,
        &frozenset,
        NativeSlot::Hash(|vm, this| {
            let so = set_of(vm, this, true)?;
            Ok(set_ref(so).map_or(0, |s| s.read(|d| d.frozen_hash())))
        }),
    );
    add_method_sig(vm, &frozenset, &FROZENSET_COPY, |vm, args| {
        let (this, []) = FROZENSET_COPY.bind(vm, args)?;
        let so = bound_set(vm, this, true)?;
        if let Value::Obj(o) = &so {
            if Rc::ptr_eq(&o.class(), &vm.types.frozenset) {
                return Ok(so);
            }
        }
        Ok(wrap(vm, true, copy_data(&so)))
    });
}

/// `iter(s)` for a set or frozenset.
pub fn set_iter(vm: &Vm, s: &Value) -> Value {
    let Value::Obj(o) = s else {
        return crate::objects::iter::new_iter(vm, crate::objects::iter::IterData::Exhausted);
    };
    let used = set_len(s);
    crate::objects::iter::new_iter(
        vm,
        crate::objects::iter::IterData::Set {
            set: o.clone(),
            used,
            pos: 0,
            len: used,
        },
    )
}

/// Reads the table of a set object (for the set iterator).
pub fn with_set_data<R>(o: &ObjRef, f: impl FnOnce(&SetData) -> R) -> Option<R> {
    match &o.payload {
        Payload::Set(c) => Some(f(&c.borrow())),
        Payload::FrozenSet(d) => Some(f(d)),
        _ => None,
    }
}
