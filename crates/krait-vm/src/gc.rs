//! The cycle collector (CPython's `Modules/gcmodule.c`): reference counting frees
//! everything but cycles; this finds groups of container objects that only refer
//! to each other and breaks them.
//!
//! Container objects register themselves (through their class) when made. A
//! collection counts, for each live container, the references that come from other
//! containers; one whose reference count is higher is reachable from outside
//! (the value stack, a Rust local, a non-container). Everything reachable from those
//! survives; the rest is garbage, and emptying its mutable parts (list items, dict
//! entries, instance dicts, cells, function defaults, generator frames) lets the
//! counts fall to zero. Collections run at the eval loop's safe points once enough
//! containers were made since the last one, so the cost per allocation stays
//! constant and memory stays bounded in a loop that makes cycles forever.
//!
//! The registry holds a weak reference to each tracked container, and a container
//! leaves it as it dies (`untrack`, from its `Drop`), as CPython unlinks a dying
//! object from its generation's list: so the memory of a container that reference
//! counting freed goes back to the allocator at once, and the registry holds only
//! live objects. Each object knows its index (`PyObject::gc_slot`); the old
//! generation is the front of the vector, the young one the rest.
//!
//! Collections are generational, as CPython's: most cycles die young, so a young
//! collection looks only at the containers made since the last collection, counting
//! any reference from an older container as one from outside (so it may miss a
//! cycle through old objects, never free a live one). Survivors join the old
//! generation; a full collection runs once the old generation grew by a quarter
//! since the last full one, which keeps its cost per allocation constant too.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use crate::object::{ObjRef, Payload, PyObject};
use crate::value::Value;
use crate::Vm;

/// A young collection runs after this many containers were made.
const YOUNG_THRESHOLD: usize = 5_000;

/// The old generation is collected once it grew by this fraction (1/4) of its size
/// after the last full collection, and at least by `YOUNG_THRESHOLD`.
const OLD_GROWTH_DIVISOR: usize = 4;

/// `PyObject::gc_slot` of an object the collector does not track.
pub const UNTRACKED: u32 = u32::MAX;

#[derive(Default)]
pub struct GcRegistry {
    /// Every tracked container: the old generation, then the young one. Each
    /// entry's object has its index as its `gc_slot`. An entry can be dead only if
    /// its object's class changed to one without this registry before it died;
    /// collections drop such entries.
    objects: RefCell<Vec<Weak<PyObject>>>,
    /// Where the young generation (made since the last collection) starts.
    young_start: Cell<usize>,
    /// How many containers the last full collection left.
    old_after_full: Cell<usize>,
    made_since: Cell<usize>,
    pub enabled: Cell<bool>,
    /// `gc.set_debug` flags (kept for `get_debug`; the collector prints nothing).
    pub debug_flags: Cell<i64>,
    collecting: Cell<bool>,
    /// Per generation (young, middle, old), how many collections ran and how many
    /// unreachable objects they found (`gc.get_stats()`).
    pub stats: [GenerationStats; 3],
}

/// What `gc.get_stats()` reports for one generation.
#[derive(Default)]
pub struct GenerationStats {
    pub collections: Cell<usize>,
    pub collected: Cell<usize>,
}

impl GcRegistry {
    pub fn new() -> GcRegistry {
        let gc = GcRegistry::default();
        gc.enabled.set(true);
        gc
    }

    /// Whether the next collection should take the old generation too.
    fn full_due(&self) -> bool {
        let old = self.young_start.get();
        let last = self.old_after_full.get();
        old.saturating_sub(last) > (last / OLD_GROWTH_DIVISOR).max(YOUNG_THRESHOLD)
    }

    pub fn track(&self, obj: &ObjRef) {
        let mut objects = self.objects.borrow_mut();
        let Ok(slot) = u32::try_from(objects.len()) else {
            return;
        };
        if slot == UNTRACKED {
            return;
        }
        obj.gc_slot.set(slot);
        objects.push(Rc::downgrade(obj));
        self.made_since.set(self.made_since.get() + 1);
    }

    /// Takes a dying object out of the registry (its `Drop` calls this first): the
    /// last old entry fills its place if it was old, and the last entry fills the
    /// hole that leaves, so the generations stay apart.
    pub(crate) fn untrack(&self, obj: &PyObject) {
        let slot = obj.gc_slot.replace(UNTRACKED);
        if slot == UNTRACKED {
            return;
        }
        // Nothing drops an object while the registry is borrowed; if something did,
        // the entry would stay, dead, until the next collection drops it.
        let Ok(mut objects) = self.objects.try_borrow_mut() else {
            return;
        };
        let at = slot as usize;
        let is_self = objects
            .get(at)
            .is_some_and(|w| std::ptr::eq(w.as_ptr(), obj as *const PyObject));
        if !is_self {
            return;
        }
        let young_start = self.young_start.get();
        let last = objects.len() - 1;
        if at < young_start {
            let last_old = young_start - 1;
            objects.swap(at, last_old);
            objects.swap(last_old, last);
            objects.pop();
            self.young_start.set(last_old);
            renumber(&objects, at);
            renumber(&objects, last_old);
        } else {
            objects.swap_remove(at);
            renumber(&objects, at);
        }
    }

    fn count_collection(&self, generation: usize, found: usize) {
        let stats = &self.stats[generation];
        stats.collections.set(stats.collections.get() + 1);
        stats.collected.set(stats.collected.get() + found);
    }

    /// A collection is due.
    #[inline]
    pub fn is_due(&self) -> bool {
        self.made_since.get() > YOUNG_THRESHOLD && self.enabled.get() && !self.collecting.get()
    }

    pub fn count(&self) -> usize {
        self.made_since.get()
    }

    /// The tracked containers still alive, oldest first (`gc.get_objects()`).
    pub fn live_objects(&self) -> Vec<ObjRef> {
        self.objects
            .borrow()
            .iter()
            .filter_map(Weak::upgrade)
            .collect()
    }
}

/// Tells the object at `at`, if any, that it is there now.
fn renumber(objects: &[Weak<PyObject>], at: usize) {
    if let Some(obj) = objects.get(at).and_then(Weak::upgrade) {
        obj.gc_slot.set(at as u32);
    }
}

/// The objects `obj` refers to, as the collector sees them (`gc.get_referents`).
pub fn referents(obj: &PyObject) -> Vec<ObjRef> {
    let mut found = Vec::new();
    traverse(obj, &mut |o| found.push(o.clone()));
    found
}

/// Whether objects with this payload can be part of a cycle worth tracking.
pub fn is_container(payload: &Payload) -> bool {
    matches!(
        payload,
        Payload::Instance
            | Payload::Values(_)
            | Payload::List(_)
            | Payload::Tuple(_)
            | Payload::Dict(_)
            | Payload::Set(_)
            | Payload::FrozenSet(_)
            | Payload::Function(_)
            | Payload::Method { .. }
            | Payload::Cell(_)
            | Payload::Generator(_)
            | Payload::Property(_)
            | Payload::ClassMethod(_)
            | Payload::StaticMethod(_)
            | Payload::Exception(_)
            | Payload::Frame(_)
            | Payload::Traceback(_)
            | Payload::Slice { .. }
    ) || matches!(payload, Payload::Native(data) if data.holds_values())
        || matches!(payload, Payload::Iter(data) if data.try_borrow().is_ok_and(|d| d.is_container()))
}

/// Whether `value` is an object the collector tracks: what a new tuple looks for
/// in its items to tell whether it could ever be part of a cycle.
#[inline(always)]
pub(crate) fn may_be_tracked(value: &Value) -> bool {
    matches!(value, Value::Obj(o) if o.gc_slot.get() != UNTRACKED)
}

#[inline(always)]
fn visit_value<F: FnMut(&ObjRef)>(v: &Value, visit: &mut F) {
    if let Value::Obj(o) = v {
        visit(o);
    }
}

/// Calls `visit` on each object `obj` refers to; `false` when part of it was
/// borrowed and could not be read (the caller then keeps it alive). Generic, so
/// that the collector's visits are inlined rather than called per reference.
fn traverse<F: FnMut(&ObjRef)>(obj: &PyObject, visit: &mut F) -> bool {
    // Read by taking it out and putting it back: a counted copy would show the
    // collector one reference too many.
    let dict = obj.dict.replace(None);
    if let Some(d) = &dict {
        visit(d);
    }
    obj.dict.replace(dict);
    obj.members.for_each(&mut |v| visit_value(v, visit));
    match &obj.payload {
        Payload::Values(values) => match values.try_borrow() {
            Ok(values) => values.for_each(|v| visit_value(v, visit)),
            Err(_) => return false,
        },
        Payload::Native(data) if !data.traverse(&mut |v| visit_value(v, visit)) => {
            return false;
        }
        Payload::List(items) => match items.try_borrow() {
            Ok(items) => items.iter().for_each(|v| visit_value(v, visit)),
            Err(_) => return false,
        },
        Payload::Tuple(items) => items.iter().for_each(|v| visit_value(v, visit)),
        Payload::Dict(d) => match d.try_borrow() {
            Ok(d) => {
                for e in d.iter() {
                    visit_value(&e.key, visit);
                    visit_value(&e.value, visit);
                }
            }
            Err(_) => return false,
        },
        Payload::Set(s) => match s.try_borrow() {
            Ok(s) => s.keys().iter().for_each(|v| visit_value(v, visit)),
            Err(_) => return false,
        },
        Payload::FrozenSet(s) => s.keys().iter().for_each(|v| visit_value(v, visit)),
        Payload::Function(f) => {
            let (
                Ok(defaults),
                Ok(kwdefaults),
                Ok(annotations),
                Ok(doc),
                Ok(name),
                Ok(qualname),
                Ok(module),
            ) = (
                f.defaults.try_borrow(),
                f.kwdefaults.try_borrow(),
                f.annotations.try_borrow(),
                f.doc.try_borrow(),
                f.name.try_borrow(),
                f.qualname.try_borrow(),
                f.module.try_borrow(),
            )
            else {
                return false;
            };
            if let Ok(code) = f.code.try_borrow() {
                visit(&code.0);
            }
            visit(&f.globals);
            visit(&f.builtins);
            for v in [
                &*defaults,
                &*kwdefaults,
                &*annotations,
                &*doc,
                &*name,
                &*qualname,
                &*module,
                &f.closure,
            ] {
                visit_value(v, visit);
            }
        }
        Payload::Method { func, this } => {
            visit_value(func, visit);
            visit_value(this, visit);
        }
        // A slice cannot be cleared (its fields are fixed), but clearing what
        // it refers to breaks the cycle.
        Payload::Slice { start, stop, step } => {
            for v in [start, stop, step] {
                visit_value(v, visit);
            }
        }
        Payload::Cell(c) => match c.try_borrow() {
            Ok(c) => {
                if let Some(v) = &*c {
                    visit_value(v, visit);
                }
            }
            Err(_) => return false,
        },
        Payload::Generator(g) => match g.try_borrow() {
            Ok(g) => {
                if g.running {
                    return false;
                }
                visit_value(&g.name, visit);
                visit_value(&g.qualname, visit);
                visit_value(&g.origin, visit);
                if let (Some(saved), values) = (&g.frame, &g.values) {
                    if let Some(f) = &saved.func {
                        visit(f);
                    }
                    visit(&saved.globals);
                    visit(&saved.builtins);
                    if let Some(l) = &saved.locals {
                        visit_value(l, visit);
                    }
                    values.iter().flatten().for_each(|v| visit_value(v, visit));
                    if let Some(object) = &saved.frame_object {
                        visit(object);
                    }
                }
                if let Some(h) = &g.handled_exception {
                    visit_value(h, visit);
                }
            }
            Err(_) => return false,
        },
        Payload::Property(p) => match p.try_borrow() {
            Ok(p) => {
                for v in [&p.fget, &p.fset, &p.fdel, &p.doc, &p.name] {
                    visit_value(v, visit);
                }
            }
            Err(_) => return false,
        },
        Payload::ClassMethod(f) | Payload::StaticMethod(f) => match f.try_borrow() {
            Ok(f) => visit_value(&f, visit),
            Err(_) => return false,
        },
        Payload::Exception(e) => match e.try_borrow() {
            Ok(e) => {
                for v in [&e.args, &e.cause, &e.context] {
                    visit_value(v, visit);
                }
                if let Some(tb) = &e.traceback {
                    visit(tb);
                }
            }
            Err(_) => return false,
        },
        // A frame object keeps its frame's locals once the frame is done, and a
        // traceback its frame: an exception held in a local closes a cycle.
        Payload::Frame(f) => match f.try_borrow() {
            Ok(f) => {
                visit(&f.globals);
                if let Some(back) = &f.back {
                    visit(back);
                }
                if let Some(locals) = &f.locals {
                    visit_value(locals, visit);
                }
                for v in f.kept_slots.iter().flat_map(|s| s.iter().flatten()) {
                    visit_value(v, visit);
                }
                if let Some(d) = &f.locals_dict {
                    visit(d);
                }
                if let Some(trace) = &f.trace {
                    visit_value(trace, visit);
                }
            }
            Err(_) => return false,
        },
        Payload::Traceback(tb) => match tb.next.try_borrow() {
            Ok(next) => {
                visit(&tb.frame);
                if let Some(next) = &*next {
                    visit(next);
                }
            }
            Err(_) => return false,
        },
        Payload::Iter(data) => match data.try_borrow() {
            Ok(data) => data.for_each_object(visit),
            Err(_) => return false,
        },
        _ => {}
    }
    true
}

/// Takes out the mutable contents of a garbage object, breaking the cycles through
/// it; the caller drops them once every garbage object has been emptied.
fn clear(obj: &PyObject, taken: &mut Vec<Value>) {
    if let Some(d) = obj.dict.replace(None) {
        taken.push(Value::Obj(d));
    }
    taken.append(&mut obj.members.take_all());
    match &obj.payload {
        Payload::Values(values) => {
            if let Ok(mut values) = values.try_borrow_mut() {
                values.take_all(taken);
            }
        }
        Payload::Native(data) => data.clear(taken),
        // What it holds is kept in `taken` (so nothing dies here) and the
        // iterator is left exhausted.
        Payload::Iter(data) => {
            if let Ok(mut data) = data.try_borrow_mut() {
                data.for_each_object(&mut |o| taken.push(Value::Obj(o.clone())));
                *data = crate::objects::iter::IterData::Exhausted;
            }
        }
        Payload::List(items) => {
            if let Ok(mut items) = items.try_borrow_mut() {
                taken.append(&mut items);
            }
        }
        Payload::Dict(d) => {
            if let Ok(mut d) = d.try_borrow_mut() {
                for e in d.iter() {
                    taken.push(e.key.clone());
                    taken.push(e.value.clone());
                }
                d.clear();
            }
        }
        Payload::Set(s) => {
            if let Ok(mut s) = s.try_borrow_mut() {
                taken.extend(s.keys());
                let old = s.clear();
                drop(old);
            }
        }
        Payload::Function(f) => {
            for cell in [&f.defaults, &f.kwdefaults, &f.annotations, &f.doc] {
                if let Ok(mut v) = cell.try_borrow_mut() {
                    taken.push(std::mem::replace(&mut *v, Value::None));
                }
            }
        }
        Payload::Cell(c) => {
            if let Ok(mut c) = c.try_borrow_mut() {
                if let Some(v) = c.take() {
                    taken.push(v);
                }
            }
        }
        Payload::Generator(g) => {
            if let Ok(mut g) = g.try_borrow_mut() {
                if g.frame.take().is_some() {
                    let values = std::mem::take(&mut g.values);
                    taken.extend(values.into_iter().flatten());
                }
            }
        }
        Payload::Property(p) => {
            if let Ok(mut p) = p.try_borrow_mut() {
                let p = &mut *p;
                for v in [&mut p.fget, &mut p.fset, &mut p.fdel, &mut p.name] {
                    taken.push(std::mem::replace(v, Value::None));
                }
            }
        }
        Payload::ClassMethod(f) | Payload::StaticMethod(f) => {
            if let Ok(mut f) = f.try_borrow_mut() {
                taken.push(std::mem::replace(&mut *f, Value::None));
            }
        }
        Payload::Exception(e) => {
            if let Ok(mut e) = e.try_borrow_mut() {
                taken.push(std::mem::replace(&mut e.cause, Value::None));
                taken.push(std::mem::replace(&mut e.context, Value::None));
                if let Some(tb) = e.traceback.take() {
                    taken.push(Value::Obj(tb));
                }
            }
        }
        Payload::Frame(f) => {
            if let Ok(mut f) = f.try_borrow_mut() {
                taken.extend(f.locals.take());
                let slots = f.kept_slots.take().map(Vec::from).unwrap_or_default();
                taken.extend(slots.into_iter().flatten());
                taken.extend(f.locals_dict.take().map(Value::Obj));
                taken.extend(f.trace.take());
                taken.extend(f.back.take().map(Value::Obj));
            }
        }
        Payload::Traceback(tb) => {
            if let Ok(mut next) = tb.next.try_borrow_mut() {
                taken.extend(next.take().map(Value::Obj));
            }
        }
        _ => {}
    }
}

impl Vm {
    /// Runs a collection if enough containers were made since the last one.
    #[inline]
    pub fn maybe_collect(&mut self) {
        if self.gc.is_due() {
            let full = self.gc.full_due();
            let found = self.collect_generation(full);
            self.gc.count_collection(if full { 2 } else { 0 }, found);
        }
    }

    /// A full collection; returns how many unreachable objects it found.
    pub fn collect_cycles(&mut self) -> usize {
        self.collect_generation(true)
    }

    /// `gc.collect(generation)`: Krait's young collection serves generations 0
    /// and 1 alike; it is counted as the generation asked for.
    pub fn collect_for_module(&mut self, generation: usize) -> usize {
        let found = self.collect_generation(generation == 2);
        self.gc.count_collection(generation.min(2), found);
        found
    }

    /// Collects the young generation, or every generation when `full`; returns how
    /// many unreachable objects it found.
    fn collect_generation(&mut self, full: bool) -> usize {
        let gc = self.gc.clone();
        if gc.collecting.replace(true) {
            return 0;
        }
        if full {
            // What the literal-name lookup cache holds would keep garbage alive.
            crate::objects::typeobject::clear_static_lookups();
        }
        let start = if full { 0 } else { gc.young_start.get() };
        // The generation's objects, at their registry positions less `start`
        // (`None` for an entry that is dead), so that an object's `gc_slot` finds
        // its place with no map.
        let slots: Vec<Option<ObjRef>> = {
            let registry = gc.objects.borrow();
            let start = start.min(registry.len());
            registry[start..].iter().map(Weak::upgrade).collect()
        };
        let index = |r: &ObjRef| -> Option<usize> {
            let at = (r.gc_slot.get() as usize).checked_sub(start)?;
            let there = slots.get(at)?.as_ref()?;
            Rc::ptr_eq(there, r).then_some(at)
        };
        let mut internal = vec![0usize; slots.len()];
        let mut pinned = vec![false; slots.len()];
        for (i, obj) in slots.iter().enumerate() {
            let Some(obj) = obj else { continue };
            let complete = traverse(obj, &mut |r| {
                if let Some(j) = index(r) {
                    internal[j] += 1;
                }
            });
            pinned[i] = !complete;
        }
        // Reachable: referred to from outside the containers (the one extra count
        // is `slots` itself), or not fully readable; then all they reach. A dead
        // entry counts as reachable, so that it is never garbage.
        let mut reachable: Vec<bool> = slots
            .iter()
            .enumerate()
            .map(|(i, o)| {
                o.as_ref()
                    .is_none_or(|o| pinned[i] || Rc::strong_count(o) - 1 > internal[i])
            })
            .collect();
        let mut work: Vec<usize> = (0..slots.len())
            .filter(|&i| reachable[i] && slots[i].is_some())
            .collect();
        while let Some(i) = work.pop() {
            let Some(obj) = &slots[i] else { continue };
            traverse(obj, &mut |r| {
                if let Some(j) = index(r) {
                    if !reachable[j] {
                        reachable[j] = true;
                        work.push(j);
                    }
                }
            });
        }
        let garbage: Vec<ObjRef> = slots
            .into_iter()
            .zip(&reachable)
            .filter(|(_, reachable)| !**reachable)
            .filter_map(|(o, _)| o)
            .collect();
        // Finalisers run before anything is cleared, on whole objects (PEP 442).
        // They may make garbage reachable again, so the collection then starts
        // over; each object is finalised once, so the second pass clears.
        let finalizable: Vec<ObjRef> = garbage
            .iter()
            .filter(|o| o.finalizer_queue().is_some())
            .cloned()
            .collect();
        if !finalizable.is_empty() {
            drop(garbage);
            for obj in finalizable {
                self.run_finalizer(obj);
            }
            gc.collecting.set(false);
            return self.collect_generation(full);
        }
        // An instance and its `__dict__` count as one object, as in CPython 3.11,
        // where instance dicts are part of the instance.
        let header_dicts: rustc_hash::FxHashSet<*const PyObject> = garbage
            .iter()
            .filter_map(|o| o.dict.get().as_ref().map(Rc::as_ptr))
            .collect();
        let found = garbage
            .iter()
            .filter(|o| !header_dicts.contains(&Rc::as_ptr(o)))
            .count();
        let mut taken = Vec::new();
        for obj in &garbage {
            clear(obj, &mut taken);
        }
        drop(garbage);
        drop(taken);
        // What is left joins the old generation: the young entries are the old
        // generation's tail from now on. Dead entries (see `objects`) go, and the
        // entries after them are renumbered.
        let tracked = {
            let mut registry = gc.objects.borrow_mut();
            let start = start.min(registry.len());
            if registry[start..].iter().any(|w| w.strong_count() == 0) {
                let live: Vec<Weak<PyObject>> = registry
                    .drain(start..)
                    .filter(|w| w.strong_count() > 0)
                    .collect();
                registry.extend(live);
                for at in start..registry.len() {
                    renumber(&registry, at);
                }
            }
            registry.len()
        };
        gc.young_start.set(tracked);
        if full {
            gc.old_after_full.set(tracked);
        }
        gc.made_since.set(0);
        gc.collecting.set(false);
        self.run_finalizers();
        found
    }
}
