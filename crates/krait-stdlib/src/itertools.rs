//! The `itertools` module (CPython's `Modules/itertoolsmodule.c`).
//!
//! Each type is a native type: a Rust struct holding exactly its object's state
//! (CPython's `chainobject { source; active; }` ...), declared once by a
//! `NativeTypeSpec` naming its slots and methods, in CPython's file order. Every
//! `__new__` and method binds its arguments through a `Signature`. The module keeps
//! its types in its module state, for the objects its code makes itself (`_grouper`,
//! `_tee`, `chain` for `accumulate.__reduce__`).
//!
//! State that changes sits in `Cell`s and `ValueCell`s, read and written whole, so no
//! borrow is held while Python code runs (a key function may re-enter its iterator).
//! As in CPython, the cycle collector empties only the fields that change; the
//! others are only visited, since a cycle through them passes through some mutable
//! object that the collector empties.
//!
//! Deliberate differences: `count(sys.maxsize)` shows and reduces as the count it
//! is (CPython 3.11 prints `count(<NULL>)` and fails to reduce); the `__reduce__` of
//! a `cycle` past its first pass slices the saved list when the list iterator
//! cannot take `__setstate__`; `combinations` and `permutations` with `r` larger
//! than the pool make no index arrays, so a huge `r` gives an empty iterator where
//! CPython raises MemoryError.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::iter_self;
use krait_bytecode::opcode_table::NB_ADD;
use krait_vm::native::{
    native_data, new_native_object, new_native_type, MethodDef, NativeData, NativeTypeSpec,
};
use krait_vm::objects::dict;
use krait_vm::objects::function::{Args, BuiltinFunction};
use krait_vm::objects::generic_alias::new_alias;
use krait_vm::objects::int::{as_i64, is_int};
use krait_vm::objects::list::{list_append, list_cell};
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::typeobject::{is_subtype, lookup, type_name};
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::Exc;
use krait_vm::{abstract_, ObjRef, Payload, PyErr, PyObject, PyResult, Value, Vm};

const MODULE_DOC: &str = "Functional tools for creating and using iterators.\n\n\
Infinite iterators:\n\
count(start=0, step=1) --> start, start+step, start+2*step, ...\n\
cycle(p) --> p0, p1, ... plast, p0, p1, ...\n\
repeat(elem [,n]) --> elem, elem, elem, ... endlessly or up to n times\n\n\
Iterators terminating on the shortest input sequence:\n\
accumulate(p[, func]) --> p0, p0+p1, p0+p1+p2\n\
chain(p, q, ...) --> p0, p1, ... plast, q0, q1, ...\n\
chain.from_iterable([p, q, ...]) --> p0, p1, ... plast, q0, q1, ...\n\
compress(data, selectors) --> (d[0] if s[0]), (d[1] if s[1]), ...\n\
dropwhile(pred, seq) --> seq[n], seq[n+1], starting when pred fails\n\
groupby(iterable[, keyfunc]) --> sub-iterators grouped by value of keyfunc(v)\n\
filterfalse(pred, seq) --> elements of seq where pred(elem) is False\n\
islice(seq, [start,] stop [, step]) --> elements from\n       seq[start:stop:step]\n\
pairwise(s) --> (s[0],s[1]), (s[1],s[2]), (s[2], s[3]), ...\n\
starmap(fun, seq) --> fun(*seq[0]), fun(*seq[1]), ...\n\
tee(it, n=2) --> (it1, it2 , ... itn) splits one iterator into n\n\
takewhile(pred, seq) --> seq[0], seq[1], until pred fails\n\
zip_longest(p, q, ...) --> (p[0], q[0]), (p[1], q[1]), ...\n\n\
Combinatoric generators:\n\
product(p, q, ... [repeat=1]) --> cartesian product\n\
permutations(p[, r])\n\
combinations(p, r)\n\
combinations_with_replacement(p, r)\n";

const REDUCE_DOC: &str = "Return state information for pickling.";
const SETSTATE_DOC: &str = "Set state information for unpickling.";

// ---------------------------------------------------------------------------
// Module state and shared helpers

/// The module's types, which its own code names (CPython's static type objects).
struct Types {
    pairwise: ObjRef,
    groupby: ObjRef,
    grouper: ObjRef,
    tee_dataobject: ObjRef,
    tee: ObjRef,
    cycle: ObjRef,
    dropwhile: ObjRef,
    takewhile: ObjRef,
    islice: ObjRef,
    starmap: ObjRef,
    chain: ObjRef,
    product: ObjRef,
    combinations: ObjRef,
    cwr: ObjRef,
    permutations: ObjRef,
    accumulate: ObjRef,
    compress: ObjRef,
    filterfalse: ObjRef,
    count: ObjRef,
    repeat: ObjRef,
    zip_longest: ObjRef,
}

/// Picks one type out of the module state.
type PickType = fn(&Types) -> &ObjRef;

fn types(vm: &mut Vm) -> PyResult<Rc<Types>> {
    vm.module_state::<Types>()
        .ok_or_else(|| vm.new_error(Exc::SystemError, "itertools is not initialised"))
}

/// A value an object holds and may drop or replace (a C field that may be NULL).
/// Each method borrows only for its own duration and calls no Python code.
#[derive(Default)]
struct ValueCell(RefCell<Option<Value>>);

impl ValueCell {
    fn new(v: Value) -> ValueCell {
        ValueCell(RefCell::new(Some(v)))
    }

    fn get(&self) -> Option<Value> {
        self.0.borrow().clone()
    }

    fn set(&self, v: Option<Value>) {
        // The old value is dropped after the borrow ends.
        drop(self.0.replace(v));
    }

    fn take(&self) -> Option<Value> {
        self.0.take()
    }

    fn is_set(&self) -> bool {
        self.0.borrow().is_some()
    }

    fn visit(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        match self.0.try_borrow() {
            Ok(v) => {
                if let Some(v) = &*v {
                    visit(v);
                }
                true
            }
            Err(_) => false,
        }
    }

    fn clear_into(&self, taken: &mut Vec<Value>) {
        if let Ok(mut v) = self.0.try_borrow_mut() {
            taken.extend(v.take());
        }
    }
}

/// The state of an object of one of this module's types.
trait IterState: NativeData {
    const SPEC: &'static NativeTypeSpec;
}

/// `this`'s state; a mismatch means a class's `__new__` did not make the state.
fn state_of<'a, T: IterState>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a T> {
    native_data::<T>(this).ok_or_else(|| {
        let given = vm.type_name_of(this);
        vm.new_type_error(format!(
            "descriptor requires a '{}.{}' object but received a '{given}'",
            T::SPEC.module,
            T::SPEC.name
        ))
    })
}

/// The class a `__new__` is called for, checked as CPython's `tp_new_wrapper` checks
/// it before the arguments are bound.
fn new_class(vm: &mut Vm, pick: PickType, args: &Args) -> PyResult<ObjRef> {
    let types = types(vm)?;
    let ty = pick(&types);
    let name = type_name(ty);
    match args.pos.first() {
        None => Err(vm.new_type_error(format!("{name}.__new__(): not enough arguments"))),
        Some(Value::Obj(cls)) if cls.type_data().is_some() => {
            if is_subtype(cls, ty) {
                Ok(cls.clone())
            } else {
                let sub = type_name(cls);
                Err(vm.new_type_error(format!(
                    "{name}.__new__({sub}): {sub} is not a subtype of {name}"
                )))
            }
        }
        Some(other) => Err(vm.new_type_error(format!(
            "{name}.__new__(X): X is not a type object ({})",
            vm.type_name_of(other)
        ))),
    }
}

/// The arguments of a positional-only `__new__`, without the keywords a derived class
/// with its own `__init__` may pass it: clinic's `__new__` refuses keywords only when
/// the class keeps the base's `__init__`.
fn without_init_keywords(vm: &Vm, args: Args) -> Args {
    let own_init = match args.pos.first() {
        Some(Value::Obj(cls)) if cls.type_data().is_some() => {
            match (
                lookup(cls, "__init__"),
                lookup(&vm.types.object, "__init__"),
            ) {
                (Some(init), Some(base)) => !init.is(&base),
                _ => false,
            }
        }
        _ => false,
    };
    if own_init && !args.kw.is_empty() {
        Args::new(args.pos)
    } else {
        args
    }
}

/// The object a method without arguments (`METH_NOARGS`) is called on. The methods
/// CPython shows no `__text_signature__` for declare theirs `unlisted`.
fn bind_self(vm: &mut Vm, sig: &Signature, args: Args) -> PyResult<Value> {
    let (this, []) = sig.bind(vm, args)?;
    Ok(this.unwrap_or(Value::None))
}

/// The object a method of one argument (`METH_O`) is called on, and the argument.
fn bind_self_and_arg(vm: &mut Vm, sig: &Signature, args: Args) -> PyResult<(Value, Value)> {
    let (this, [arg]) = sig.bind(vm, args)?;
    Ok((this.unwrap_or(Value::None), arg.unwrap_or(Value::None)))
}

/// `(type(this), args)` or `(type(this), args, state)`, what `__reduce__` returns.
fn reduce_value(vm: &mut Vm, this: &Value, args: Vec<Value>, state: Option<Value>) -> Value {
    let class = Value::Obj(vm.type_of(this));
    let args = vm.new_tuple(args);
    let mut items = vec![class, args];
    items.extend(state);
    vm.new_tuple(items)
}

/// `__name__` of the object's class, as the reprs print it (`_PyType_Name`).
fn short_type_name(vm: &Vm, this: &Value) -> String {
    vm.type_of(this)
        .type_data()
        .map(|t| t.name())
        .unwrap_or_default()
}

fn tuple_of(v: &Value) -> Option<&[Value]> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Tuple(items) => Some(items),
            _ => None,
        },
        _ => None,
    }
}

fn state_tuple<'a>(vm: &mut Vm, state: &'a Value) -> PyResult<&'a [Value]> {
    tuple_of(state).ok_or_else(|| vm.new_type_error("state is not a tuple".to_owned()))
}

/// `PyArg_ParseTuple`'s count check on a state tuple (its messages name no function).
fn state_arity(vm: &mut Vm, items: &[Value], min: usize, max: usize) -> PyResult<()> {
    let n = items.len();
    if (min..=max).contains(&n) {
        return Ok(());
    }
    let (bound, count) = match (min == max, n < min) {
        (true, _) => ("exactly", min),
        (false, true) => ("at least", min),
        (false, false) => ("at most", max),
    };
    let s = if count == 1 { "" } else { "s" };
    Err(vm.new_type_error(format!(
        "function takes {bound} {count} argument{s} ({n} given)"
    )))
}

/// `PyArg_ParseTuple`'s message for an argument of the wrong type.
fn bad_state_item(vm: &mut Vm, index: usize, expected: &str, got: &Value) -> PyErr {
    let got = vm.type_name_of(got);
    vm.new_type_error(format!(
        "argument {} must be {expected}, not {got}",
        index + 1
    ))
}

fn ssize_overflow(vm: &mut Vm) -> PyErr {
    vm.new_overflow_error("Python int too large to convert to C ssize_t".to_owned())
}

/// A `Py_ssize_t` argument (`PyNumber_AsSsize_t` with OverflowError, after
/// `__index__`).
fn ssize_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match abstract_::index(vm, v)? {
        Value::Int(n) => Ok(n),
        _ => Err(ssize_overflow(vm)),
    }
}

/// `PyLong_AsSsize_t`: an int, without `__index__`.
fn ssize_of_int(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if !is_int(v) {
        return Err(vm.new_type_error("an integer is required".to_owned()));
    }
    as_i64(v).ok_or_else(|| ssize_overflow(vm))
}

/// `PySequence_Tuple`'s items.
fn sequence_items(vm: &mut Vm, v: &Value) -> PyResult<Vec<Value>> {
    abstract_::collect_iterable(vm, v)
}

fn int_tuple(vm: &mut Vm, items: &[usize]) -> Value {
    vm.new_tuple(items.iter().map(|&i| Value::Int(i as i64)).collect())
}

/// `pool[i]` for each index; an index past the pool (only a hostile `__setstate__`
/// makes one) reads as None.
fn pick_items(pool: &[Value], indices: &[usize]) -> Vec<Value> {
    indices
        .iter()
        .map(|&i| pool.get(i).cloned().unwrap_or(Value::None))
        .collect()
}

fn visit_all(values: &[Value], visit: &mut dyn FnMut(&Value)) {
    values.iter().for_each(visit);
}

// ---------------------------------------------------------------------------
// pairwise

/// `pairwise(iterable)`: the source, and the item to pair with the next one.
struct Pairwise {
    it: ValueCell,
    old: ValueCell,
}

impl NativeData for Pairwise {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        self.it.visit(visit) && self.old.visit(visit)
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        self.it.clear_into(taken);
        self.old.clear_into(taken);
    }
}

impl IterState for Pairwise {
    const SPEC: &'static NativeTypeSpec = &PAIRWISE_TYPE;
}

static PAIRWISE_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "Return an iterator of overlapping pairs taken from the input iterator.\n\n    \
         s -> (s0,s1), (s1,s2), (s2, s3), ...",
    ),
    subclassable: true,
    new: Some(pairwise_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(pairwise_next),
    ],
    text_signature: Some("(iterable, /)"),
    ..NativeTypeSpec::new("pairwise", "itertools")
};

static PAIRWISE_NEW: Signature = Signature::new("pairwise", "($type, iterable, /)");

fn pairwise_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = new_class(vm, |t| &t.pairwise, &args)?;
    let args = without_init_keywords(vm, args);
    let (_, [iterable]) = PAIRWISE_NEW.bind(vm, args)?;
    let it = abstract_::get_iter(vm, &iterable.unwrap_or(Value::None))?;
    let state = Pairwise {
        it: ValueCell::new(it),
        old: ValueCell::default(),
    };
    Ok(new_native_object(vm, &cls, state))
}

fn pairwise_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let p: &Pairwise = state_of(vm, this)?;
    let Some(it) = p.it.get() else {
        return Ok(None);
    };
    let old = match p.old.get() {
        Some(old) => old,
        None => match abstract_::iter_next(vm, &it) {
            Ok(Some(old)) => {
                p.old.set(Some(old.clone()));
                old
            }
            other => {
                p.it.set(None);
                return other;
            }
        },
    };
    match abstract_::iter_next(vm, &it) {
        Ok(Some(new)) => {
            p.old.set(Some(new.clone()));
            Ok(Some(vm.new_tuple(vec![old, new])))
        }
        other => {
            p.it.set(None);
            p.old.set(None);
            other
        }
    }
}

// ---------------------------------------------------------------------------
// groupby

/// `groupby(iterable, key=None)`. Its current group is the `_grouper` made last:
/// each one carries the generation it was made in, and making one (or starting the
/// next group) moves the generation on, which retires the older ones.
struct GroupBy {
    it: Value,
    keyfunc: Value,
    tgtkey: ValueCell,
    currkey: ValueCell,
    currvalue: ValueCell,
    generation: Cell<u64>,
}

impl NativeData for GroupBy {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.it);
        visit(&self.keyfunc);
        self.tgtkey.visit(visit) && self.currkey.visit(visit) && self.currvalue.visit(visit)
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        self.tgtkey.clear_into(taken);
        self.currkey.clear_into(taken);
        self.currvalue.clear_into(taken);
    }
}

impl IterState for GroupBy {
    const SPEC: &'static NativeTypeSpec = &GROUPBY_TYPE;
}

static GROUPBY_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "make an iterator that returns consecutive keys and groups from the iterable\n\n  \
         iterable\n    Elements to divide into groups according to the key function.\n  \
         key\n    A function for computing the group category for each element.\n    \
         If the key function is not specified or is None, the element itself\n    \
         is used for grouping.",
    ),
    subclassable: true,
    new: Some(groupby_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(groupby_next),
    ],
    methods: &[
        MethodDef::method("__reduce__", groupby_reduce)
            .with_signature(&GROUPBY_REDUCE)
            .with_doc(REDUCE_DOC),
        MethodDef::method("__setstate__", groupby_setstate)
            .with_signature(&GROUPBY_SETSTATE)
            .with_doc(SETSTATE_DOC),
    ],
    text_signature: Some("(iterable, key=None)"),
    ..NativeTypeSpec::new("groupby", "itertools")
};

static GROUPBY_NEW: Signature = Signature::new("groupby", "($type, iterable, key=None)");
static GROUPBY_REDUCE: Signature = Signature::unlisted("groupby", "__reduce__", "($self, /)");
static GROUPBY_SETSTATE: Signature =
    Signature::unlisted("groupby", "__setstate__", "($self, state, /)");

fn groupby_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = new_class(vm, |t| &t.groupby, &args)?;
    let (_, [iterable, key]) = GROUPBY_NEW.bind(vm, args)?;
    let it = abstract_::get_iter(vm, &iterable.unwrap_or(Value::None))?;
    let state = GroupBy {
        it,
        keyfunc: key.unwrap_or(Value::None),
        tgtkey: ValueCell::default(),
        currkey: ValueCell::default(),
        currvalue: ValueCell::default(),
        generation: Cell::new(0),
    };
    Ok(new_native_object(vm, &cls, state))
}

/// Reads the next item and its key into `currvalue` and `currkey`; false once the
/// source is exhausted.
fn groupby_step(vm: &mut Vm, gb: &GroupBy) -> PyResult<bool> {
    let Some(value) = abstract_::iter_next(vm, &gb.it)? else {
        return Ok(false);
    };
    let key = match &gb.keyfunc {
        Value::None => value.clone(),
        keyfunc => vm.call1(keyfunc, vec![value.clone()])?,
    };
    gb.currvalue.set(Some(value));
    gb.currkey.set(Some(key));
    Ok(true)
}

fn groupby_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let gb: &GroupBy = state_of(vm, this)?;
    gb.generation.set(gb.generation.get().wrapping_add(1));
    // Skip to the first item whose key differs from the current group's.
    loop {
        match (gb.currkey.get(), gb.tgtkey.get()) {
            (None, _) => {}
            (Some(_), None) => break,
            (Some(curr), Some(tgt)) => {
                if !abstract_::rich_eq_bool(vm, &tgt, &curr)? {
                    break;
                }
            }
        }
        if !groupby_step(vm, gb)? {
            return Ok(None);
        }
    }
    let Some(key) = gb.currkey.get() else {
        return Ok(None);
    };
    gb.tgtkey.set(Some(key.clone()));
    let grouper = new_grouper(vm, this, key.clone())?;
    Ok(Some(vm.new_tuple(vec![key, grouper])))
}

fn groupby_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &GROUPBY_REDUCE, args)?;
    let gb: &GroupBy = state_of(vm, &this)?;
    let ctor = vec![gb.it.clone(), gb.keyfunc.clone()];
    let state = match (gb.currkey.get(), gb.currvalue.get(), gb.tgtkey.get()) {
        (Some(currkey), Some(currvalue), Some(tgtkey)) => {
            Some(vm.new_tuple(vec![currkey, currvalue, tgtkey]))
        }
        _ => None,
    };
    Ok(reduce_value(vm, &this, ctor, state))
}

fn groupby_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, state) = bind_self_and_arg(vm, &GROUPBY_SETSTATE, args)?;
    let gb: &GroupBy = state_of(vm, &this)?;
    let items = state_tuple(vm, &state)?;
    state_arity(vm, items, 3, 3)?;
    gb.currkey.set(Some(items[0].clone()));
    gb.currvalue.set(Some(items[1].clone()));
    gb.tgtkey.set(Some(items[2].clone()));
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// _grouper

/// One group of a `groupby`: its parent, the group's key, and the parent's
/// generation it belongs to.
struct Grouper {
    parent: Value,
    tgtkey: Value,
    generation: u64,
}

impl NativeData for Grouper {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.parent);
        visit(&self.tgtkey);
        true
    }
}

impl IterState for Grouper {
    const SPEC: &'static NativeTypeSpec = &GROUPER_TYPE;
}

static GROUPER_TYPE: NativeTypeSpec = NativeTypeSpec {
    new: Some(grouper_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(grouper_next),
    ],
    methods: &[MethodDef::method("__reduce__", grouper_reduce)
        .with_signature(&GROUPER_REDUCE)
        .with_doc(REDUCE_DOC)],
    ..NativeTypeSpec::new("_grouper", "itertools")
};

static GROUPER_NEW: Signature = Signature::new("_grouper", "($type, parent, tgtkey, /)");
static GROUPER_REDUCE: Signature = Signature::unlisted("_grouper", "__reduce__", "($self, /)");

fn grouper_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    new_class(vm, |t| &t.grouper, &args)?;
    let args = without_init_keywords(vm, args);
    let (_, [parent, tgtkey]) = GROUPER_NEW.bind(vm, args)?;
    let parent = parent.unwrap_or(Value::None);
    if native_data::<GroupBy>(&parent).is_none() {
        let got = vm.type_name_of(&parent);
        return Err(vm.new_type_error(format!(
            "_grouper() argument 1 must be itertools.groupby, not {got}"
        )));
    }
    new_grouper(vm, &parent, tgtkey.unwrap_or(Value::None))
}

/// A new group of `parent`, which becomes its current one.
fn new_grouper(vm: &mut Vm, parent: &Value, tgtkey: Value) -> PyResult<Value> {
    let gb: &GroupBy = state_of(vm, parent)?;
    let generation = gb.generation.get().wrapping_add(1);
    gb.generation.set(generation);
    let class = types(vm)?.grouper.clone();
    let state = Grouper {
        parent: parent.clone(),
        tgtkey,
        generation,
    };
    Ok(new_native_object(vm, &class, state))
}

/// The parent's state when `g` is its current group.
fn current_parent<'a>(vm: &mut Vm, g: &'a Grouper) -> PyResult<Option<&'a GroupBy>> {
    let gb: &GroupBy = state_of(vm, &g.parent)?;
    Ok((gb.generation.get() == g.generation).then_some(gb))
}

fn grouper_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let g: &Grouper = state_of(vm, this)?;
    let Some(gb) = current_parent(vm, g)? else {
        return Ok(None);
    };
    if !gb.currvalue.is_set() && !groupby_step(vm, gb)? {
        return Ok(None);
    }
    let Some(currkey) = gb.currkey.get() else {
        return Ok(None);
    };
    if !abstract_::rich_eq_bool(vm, &g.tgtkey, &currkey)? {
        return Ok(None);
    }
    let value = gb.currvalue.take();
    gb.currkey.set(None);
    Ok(value)
}

fn grouper_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &GROUPER_REDUCE, args)?;
    let g: &Grouper = state_of(vm, &this)?;
    if current_parent(vm, g)?.is_some() {
        let ctor = vec![g.parent.clone(), g.tgtkey.clone()];
        return Ok(reduce_value(vm, &this, ctor, None));
    }
    // A finished group pickles as an empty iterator.
    let iter = dict::dict_get_str(&vm.builtins_dict, "iter").unwrap_or(Value::None);
    let empty = vm.new_tuple(vec![]);
    let args = vm.new_tuple(vec![empty]);
    Ok(vm.new_tuple(vec![iter, args]))
}

// ---------------------------------------------------------------------------
// _tee_dataobject, _tee and tee()

/// How many items one `_tee_dataobject` holds before it links to the next.
const LINKCELLS: usize = 57;

/// A run of items read from the source that the `_tee` iterators over it share.
struct TeeData {
    it: ValueCell,
    values: RefCell<Vec<Value>>,
    running: Cell<bool>,
    nextlink: ValueCell,
}

impl NativeData for TeeData {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        let Ok(values) = self.values.try_borrow() else {
            return false;
        };
        visit_all(&values, visit);
        self.it.visit(visit) && self.nextlink.visit(visit)
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        self.it.clear_into(taken);
        if let Ok(mut values) = self.values.try_borrow_mut() {
            taken.append(&mut values);
        }
        self.nextlink.clear_into(taken);
    }
}

impl Drop for TeeData {
    /// Frees the links that only this one holds one at a time, not by recursion
    /// (CPython's `teedataobject_safe_decref`): a long-lagging `_tee` holds millions.
    fn drop(&mut self) {
        let mut next = self.nextlink.0.get_mut().take();
        while let Some(Value::Obj(link)) = next.take() {
            let Ok(mut link) = Rc::try_unwrap(link) else {
                break;
            };
            if let Payload::Native(data) = &mut link.payload {
                let data: &mut dyn Any = data.as_mut();
                if let Some(data) = data.downcast_mut::<TeeData>() {
                    next = data.nextlink.0.get_mut().take();
                }
            }
        }
    }
}

impl IterState for TeeData {
    const SPEC: &'static NativeTypeSpec = &TEE_DATAOBJECT_TYPE;
}

static TEE_DATAOBJECT_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "teedataobject(iterable, values, next, /)\n--\n\n\
         Data container common to multiple tee objects.",
    ),
    new: Some(tee_dataobject_new),
    methods: &[MethodDef::method("__reduce__", tee_dataobject_reduce)
        .with_signature(&TEE_DATAOBJECT_REDUCE)
        .with_doc(REDUCE_DOC)],
    ..NativeTypeSpec::new("_tee_dataobject", "itertools")
};

static TEE_DATAOBJECT_NEW: Signature =
    Signature::new("teedataobject", "($type, iterable, values, next, /)");
static TEE_DATAOBJECT_REDUCE: Signature =
    Signature::unlisted("_tee_dataobject", "__reduce__", "($self, /)");

fn new_tee_data(
    vm: &mut Vm,
    it: Value,
    values: Vec<Value>,
    next: Option<Value>,
) -> PyResult<Value> {
    let class = types(vm)?.tee_dataobject.clone();
    let state = TeeData {
        it: ValueCell::new(it),
        values: RefCell::new(values),
        running: Cell::new(false),
        nextlink: ValueCell(RefCell::new(next)),
    };
    Ok(new_native_object(vm, &class, state))
}

fn tee_dataobject_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    new_class(vm, |t| &t.tee_dataobject, &args)?;
    let args = without_init_keywords(vm, args);
    let (_, [it, values, next]) = TEE_DATAOBJECT_NEW.bind(vm, args)?;
    let (it, values, next) = (
        it.unwrap_or(Value::None),
        values.unwrap_or(Value::None),
        next.unwrap_or(Value::None),
    );
    let Some(values) = list_cell(&values).map(|l| l.borrow().clone()) else {
        let got = vm.type_name_of(&values);
        return Err(vm.new_type_error(format!(
            "teedataobject() argument 2 must be list, not {got}"
        )));
    };
    let next = match next {
        Value::None if values.len() <= LINKCELLS => None,
        next if values.len() == LINKCELLS && native_data::<TeeData>(&next).is_some() => Some(next),
        _ => return Err(vm.new_value_error("Invalid arguments".to_owned())),
    };
    new_tee_data(vm, it, values, next)
}

/// Item `i` of the run, read from the source when `i` is the next one to read.
fn tee_data_item(vm: &mut Vm, td: &TeeData, i: usize) -> PyResult<Option<Value>> {
    let cached = td.values.borrow().get(i).cloned();
    if cached.is_some() {
        return Ok(cached);
    }
    if td.running.get() {
        return Err(vm.new_runtime_error("cannot re-enter the tee iterator".to_owned()));
    }
    let Some(it) = td.it.get() else {
        return Ok(None);
    };
    td.running.set(true);
    let value = abstract_::iter_next(vm, &it);
    td.running.set(false);
    let Some(value) = value? else {
        return Ok(None);
    };
    td.values.borrow_mut().push(value.clone());
    Ok(Some(value))
}

/// The run after `td`, made when first needed.
fn tee_data_next_link(vm: &mut Vm, td: &TeeData) -> PyResult<Value> {
    if let Some(link) = td.nextlink.get() {
        return Ok(link);
    }
    let it = td.it.get().unwrap_or(Value::None);
    let link = new_tee_data(vm, it, Vec::new(), None)?;
    td.nextlink.set(Some(link.clone()));
    Ok(link)
}

fn tee_dataobject_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &TEE_DATAOBJECT_REDUCE, args)?;
    let td: &TeeData = state_of(vm, &this)?;
    let values = td.values.borrow().clone();
    let values = vm.new_list(values);
    let ctor = vec![
        td.it.get().unwrap_or(Value::None),
        values,
        td.nextlink.get().unwrap_or(Value::None),
    ];
    Ok(reduce_value(vm, &this, ctor, None))
}

/// One of the iterators `tee()` makes: a run of shared items and its place in it.
struct Tee {
    dataobj: ValueCell,
    index: Cell<usize>,
}

impl NativeData for Tee {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        self.dataobj.visit(visit)
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        self.dataobj.clear_into(taken);
    }
}

impl IterState for Tee {
    const SPEC: &'static NativeTypeSpec = &TEE_TYPE;
}

static TEE_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("Iterator wrapped to make it copyable."),
    new: Some(tee_new),
    slots: &[NativeSlot::Iter(iter_self), NativeSlot::IterNext(tee_next)],
    methods: &[
        MethodDef::method("__copy__", tee_copy)
            .with_signature(&TEE_COPY)
            .with_doc("Returns an independent iterator."),
        MethodDef::method("__reduce__", tee_reduce)
            .with_signature(&TEE_REDUCE)
            .with_doc(REDUCE_DOC),
        MethodDef::method("__setstate__", tee_setstate)
            .with_signature(&TEE_SETSTATE)
            .with_doc(SETSTATE_DOC),
    ],
    text_signature: Some("(iterable, /)"),
    weakrefable: true,
    ..NativeTypeSpec::new("_tee", "itertools")
};

static TEE_NEW: Signature = Signature::new("_tee", "($type, iterable, /)");
static TEE_COPY: Signature = Signature::unlisted("_tee", "__copy__", "($self, /)");
static TEE_REDUCE: Signature = Signature::unlisted("_tee", "__reduce__", "($self, /)");
static TEE_SETSTATE: Signature = Signature::unlisted("_tee", "__setstate__", "($self, state, /)");
static TEE_FUNCTION: Signature = Signature::of("itertools", "tee", "($module, iterable, n=2, /)");

fn new_tee(vm: &mut Vm, dataobj: Value, index: usize) -> PyResult<Value> {
    let class = types(vm)?.tee.clone();
    let state = Tee {
        dataobj: ValueCell::new(dataobj),
        index: Cell::new(index),
    };
    Ok(new_native_object(vm, &class, state))
}

/// `_tee(iterable)`: a copy when the iterator is a `_tee` already.
fn tee_from_iterable(vm: &mut Vm, iterable: &Value) -> PyResult<Value> {
    let it = abstract_::get_iter(vm, iterable)?;
    if let Some(t) = native_data::<Tee>(&it) {
        let dataobj = t.dataobj.get().unwrap_or(Value::None);
        return new_tee(vm, dataobj, t.index.get());
    }
    let dataobj = new_tee_data(vm, it, Vec::new(), None)?;
    new_tee(vm, dataobj, 0)
}

fn tee_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    new_class(vm, |t| &t.tee, &args)?;
    let args = without_init_keywords(vm, args);
    let (_, [iterable]) = TEE_NEW.bind(vm, args)?;
    tee_from_iterable(vm, &iterable.unwrap_or(Value::None))
}

fn tee_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let t: &Tee = state_of(vm, this)?;
    let Some(mut dataobj) = t.dataobj.get() else {
        return Ok(None);
    };
    if t.index.get() >= LINKCELLS {
        let td: &TeeData = state_of(vm, &dataobj)?;
        dataobj = tee_data_next_link(vm, td)?;
        t.dataobj.set(Some(dataobj.clone()));
        t.index.set(0);
    }
    let td: &TeeData = state_of(vm, &dataobj)?;
    let Some(value) = tee_data_item(vm, td, t.index.get())? else {
        return Ok(None);
    };
    t.index.set(t.index.get() + 1);
    Ok(Some(value))
}

fn tee_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &TEE_COPY, args)?;
    let t: &Tee = state_of(vm, &this)?;
    let dataobj = t.dataobj.get().unwrap_or(Value::None);
    new_tee(vm, dataobj, t.index.get())
}

fn tee_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &TEE_REDUCE, args)?;
    let t: &Tee = state_of(vm, &this)?;
    let dataobj = t.dataobj.get().unwrap_or(Value::None);
    let state = vm.new_tuple(vec![dataobj, Value::Int(t.index.get() as i64)]);
    let empty = vm.new_tuple(vec![]);
    Ok(reduce_value(vm, &this, vec![empty], Some(state)))
}

fn tee_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, state) = bind_self_and_arg(vm, &TEE_SETSTATE, args)?;
    let t: &Tee = state_of(vm, &this)?;
    let items = state_tuple(vm, &state)?;
    state_arity(vm, items, 2, 2)?;
    if native_data::<TeeData>(&items[0]).is_none() {
        return Err(bad_state_item(
            vm,
            0,
            "itertools._tee_dataobject",
            &items[0],
        ));
    }
    let index = i64::from(abstract_::index_c_int(vm, &items[1])?);
    if !(0..=LINKCELLS as i64).contains(&index) {
        return Err(vm.new_value_error("Index out of range".to_owned()));
    }
    t.dataobj.set(Some(items[0].clone()));
    t.index.set(index as usize);
    Ok(Value::None)
}

/// `tee(iterable, n=2)`: `n` iterators sharing what they read from one.
fn tee(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_, [iterable, n]) = TEE_FUNCTION.bind(vm, args)?;
    let n = match n {
        Some(n) => ssize_arg(vm, &n)?,
        None => 2,
    };
    if n < 0 {
        return Err(vm.new_value_error("n must be >= 0".to_owned()));
    }
    if n == 0 {
        return Ok(vm.new_tuple(vec![]));
    }
    let it = abstract_::get_iter(vm, &iterable.unwrap_or(Value::None))?;
    let (first, copy) = match abstract_::getattr_optional(vm, &it, "__copy__")? {
        Some(copy) => (it, copy),
        None => {
            let first = tee_from_iterable(vm, &it)?;
            let copy = abstract_::getattr_str(vm, &first, "__copy__")?;
            (first, copy)
        }
    };
    let mut result = vec![first];
    for _ in 1..n {
        result.push(vm.call1(&copy, vec![])?);
    }
    Ok(vm.new_tuple(result))
}

// ---------------------------------------------------------------------------
// cycle

/// `cycle(iterable)`: the source until it runs out, the list of the items seen, and
/// the place in that list once the source has run out.
struct Cycle {
    it: ValueCell,
    saved: ValueCell,
    index: Cell<usize>,
    /// The saved list is complete already (a state set by `__setstate__`).
    firstpass: Cell<bool>,
}

impl NativeData for Cycle {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        self.it.visit(visit) && self.saved.visit(visit)
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        self.it.clear_into(taken);
        self.saved.clear_into(taken);
    }
}

impl IterState for Cycle {
    const SPEC: &'static NativeTypeSpec = &CYCLE_TYPE;
}

static CYCLE_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "Return elements from the iterable until it is exhausted. \
         Then repeat the sequence indefinitely.",
    ),
    subclassable: true,
    new: Some(cycle_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(cycle_next),
    ],
    methods: &[
        MethodDef::method("__reduce__", cycle_reduce)
            .with_signature(&CYCLE_REDUCE)
            .with_doc(REDUCE_DOC),
        MethodDef::method("__setstate__", cycle_setstate)
            .with_signature(&CYCLE_SETSTATE)
            .with_doc(SETSTATE_DOC),
    ],
    text_signature: Some("(iterable, /)"),
    ..NativeTypeSpec::new("cycle", "itertools")
};

static CYCLE_NEW: Signature = Signature::new("cycle", "($type, iterable, /)");
static CYCLE_REDUCE: Signature = Signature::unlisted("cycle", "__reduce__", "($self, /)");
static CYCLE_SETSTATE: Signature =
    Signature::unlisted("cycle", "__setstate__", "($self, state, /)");

fn cycle_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = new_class(vm, |t| &t.cycle, &args)?;
    let args = without_init_keywords(vm, args);
    let (_, [iterable]) = CYCLE_NEW.bind(vm, args)?;
    let it = abstract_::get_iter(vm, &iterable.unwrap_or(Value::None))?;
    let saved = vm.new_list(vec![]);
    let state = Cycle {
        it: ValueCell::new(it),
        saved: ValueCell::new(saved),
        index: Cell::new(0),
        firstpass: Cell::new(false),
    };
    Ok(new_native_object(vm, &cls, state))
}

fn cycle_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let c: &Cycle = state_of(vm, this)?;
    let Some(saved) = c.saved.get() else {
        return Ok(None);
    };
    if let Some(it) = c.it.get() {
        if let Some(item) = abstract_::iter_next(vm, &it)? {
            if !c.firstpass.get() {
                list_append(vm, &saved, item.clone())?;
            }
            return Ok(Some(item));
        }
        c.it.set(None);
    }
    let Some(items) = list_cell(&saved) else {
        return Ok(None);
    };
    let (item, len) = {
        let items = items.borrow();
        let index = if c.index.get() < items.len() {
            c.index.get()
        } else {
            0
        };
        (items.get(index).cloned().map(|v| (v, index)), items.len())
    };
    let Some((item, index)) = item else {
        return Ok(None);
    };
    c.index.set(if index + 1 >= len { 0 } else { index + 1 });
    Ok(Some(item))
}

fn cycle_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &CYCLE_REDUCE, args)?;
    let c: &Cycle = state_of(vm, &this)?;
    let saved = c.saved.get().unwrap_or(Value::None);
    if let Some(it) = c.it.get() {
        let state = vm.new_tuple(vec![saved, Value::Bool(c.firstpass.get())]);
        return Ok(reduce_value(vm, &this, vec![it], Some(state)));
    }
    // Past the first pass: an iterator over the saved items from the current one.
    let index = c.index.get();
    let mut it = abstract_::get_iter(vm, &saved)?;
    if index != 0 {
        match abstract_::getattr_optional(vm, &it, "__setstate__")? {
            Some(setstate) => {
                vm.call1(&setstate, vec![Value::Int(index as i64)])?;
            }
            None => {
                let rest = list_cell(&saved)
                    .map(|l| l.borrow().get(index..).unwrap_or(&[]).to_vec())
                    .unwrap_or_default();
                let rest = vm.new_list(rest);
                it = abstract_::get_iter(vm, &rest)?;
            }
        }
    }
    let state = vm.new_tuple(vec![saved, Value::Bool(true)]);
    Ok(reduce_value(vm, &this, vec![it], Some(state)))
}

fn cycle_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, state) = bind_self_and_arg(vm, &CYCLE_SETSTATE, args)?;
    let c: &Cycle = state_of(vm, &this)?;
    let items = state_tuple(vm, &state)?;
    state_arity(vm, items, 2, 2)?;
    if list_cell(&items[0]).is_none() {
        return Err(bad_state_item(vm, 0, "list", &items[0]));
    }
    let firstpass = i64::from(abstract_::index_c_int(vm, &items[1])?);
    c.saved.set(Some(items[0].clone()));
    c.firstpass.set(firstpass != 0);
    c.index.set(0);
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// dropwhile and takewhile

/// `dropwhile(predicate, iterable)`; `start` once an item failed the predicate.
struct DropWhile {
    func: Value,
    it: Value,
    start: Cell<bool>,
}

impl NativeData for DropWhile {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.func);
        visit(&self.it);
        true
    }
}

impl IterState for DropWhile {
    const SPEC: &'static NativeTypeSpec = &DROPWHILE_TYPE;
}

static DROPWHILE_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "Drop items from the iterable while predicate(item) is true.\n\n\
         Afterwards, return every element until the iterable is exhausted.",
    ),
    subclassable: true,
    new: Some(dropwhile_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(dropwhile_next),
    ],
    methods: &[
        MethodDef::method("__reduce__", dropwhile_reduce)
            .with_signature(&DROPWHILE_REDUCE)
            .with_doc(REDUCE_DOC),
        MethodDef::method("__setstate__", dropwhile_setstate)
            .with_signature(&DROPWHILE_SETSTATE)
            .with_doc(SETSTATE_DOC),
    ],
    text_signature: Some("(predicate, iterable, /)"),
    ..NativeTypeSpec::new("dropwhile", "itertools")
};

static DROPWHILE_NEW: Signature = Signature::new("dropwhile", "($type, predicate, iterable, /)");
static DROPWHILE_REDUCE: Signature = Signature::unlisted("dropwhile", "__reduce__", "($self, /)");
static DROPWHILE_SETSTATE: Signature =
    Signature::unlisted("dropwhile", "__setstate__", "($self, state, /)");

/// The predicate and the iterator of `dropwhile`, `takewhile`, `starmap` and
/// `filterfalse`.
fn func_and_iter(
    vm: &mut Vm,
    pick: PickType,
    sig: &Signature,
    args: Args,
) -> PyResult<(ObjRef, Value, Value)> {
    let cls = new_class(vm, pick, &args)?;
    let args = without_init_keywords(vm, args);
    let (_, [func, iterable]) = sig.bind(vm, args)?;
    let it = abstract_::get_iter(vm, &iterable.unwrap_or(Value::None))?;
    Ok((cls, func.unwrap_or(Value::None), it))
}

fn dropwhile_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, func, it) = func_and_iter(vm, |t| &t.dropwhile, &DROPWHILE_NEW, args)?;
    let state = DropWhile {
        func,
        it,
        start: Cell::new(false),
    };
    Ok(new_native_object(vm, &cls, state))
}

fn dropwhile_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let d: &DropWhile = state_of(vm, this)?;
    loop {
        let Some(item) = abstract_::iter_next(vm, &d.it)? else {
            return Ok(None);
        };
        if d.start.get() {
            return Ok(Some(item));
        }
        let verdict = vm.call1(&d.func, vec![item.clone()])?;
        if !abstract_::is_true(vm, &verdict)? {
            d.start.set(true);
            return Ok(Some(item));
        }
    }
}

fn dropwhile_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &DROPWHILE_REDUCE, args)?;
    let d: &DropWhile = state_of(vm, &this)?;
    let ctor = vec![d.func.clone(), d.it.clone()];
    let state = Value::Int(d.start.get() as i64);
    Ok(reduce_value(vm, &this, ctor, Some(state)))
}

fn dropwhile_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, state) = bind_self_and_arg(vm, &DROPWHILE_SETSTATE, args)?;
    let d: &DropWhile = state_of(vm, &this)?;
    let start = abstract_::is_true(vm, &state)?;
    d.start.set(start);
    Ok(Value::None)
}

/// `takewhile(predicate, iterable)`; `stop` once an item failed the predicate.
struct TakeWhile {
    func: Value,
    it: Value,
    stop: Cell<bool>,
}

impl NativeData for TakeWhile {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.func);
        visit(&self.it);
        true
    }
}

impl IterState for TakeWhile {
    const SPEC: &'static NativeTypeSpec = &TAKEWHILE_TYPE;
}

static TAKEWHILE_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "Return successive entries from an iterable as long as the predicate evaluates \
         to true for each entry.",
    ),
    subclassable: true,
    new: Some(takewhile_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(takewhile_next),
    ],
    methods: &[
        MethodDef::method("__reduce__", takewhile_reduce)
            .with_signature(&TAKEWHILE_REDUCE)
            .with_doc(REDUCE_DOC),
        MethodDef::method("__setstate__", takewhile_setstate)
            .with_signature(&TAKEWHILE_SETSTATE)
            .with_doc(SETSTATE_DOC),
    ],
    text_signature: Some("(predicate, iterable, /)"),
    ..NativeTypeSpec::new("takewhile", "itertools")
};

static TAKEWHILE_NEW: Signature = Signature::new("takewhile", "($type, predicate, iterable, /)");
static TAKEWHILE_REDUCE: Signature = Signature::unlisted("takewhile", "__reduce__", "($self, /)");
static TAKEWHILE_SETSTATE: Signature =
    Signature::unlisted("takewhile", "__setstate__", "($self, state, /)");

fn takewhile_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, func, it) = func_and_iter(vm, |t| &t.takewhile, &TAKEWHILE_NEW, args)?;
    let state = TakeWhile {
        func,
        it,
        stop: Cell::new(false),
    };
    Ok(new_native_object(vm, &cls, state))
}

fn takewhile_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let t: &TakeWhile = state_of(vm, this)?;
    if t.stop.get() {
        return Ok(None);
    }
    let Some(item) = abstract_::iter_next(vm, &t.it)? else {
        return Ok(None);
    };
    let verdict = vm.call1(&t.func, vec![item.clone()])?;
    if abstract_::is_true(vm, &verdict)? {
        return Ok(Some(item));
    }
    t.stop.set(true);
    Ok(None)
}

fn takewhile_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &TAKEWHILE_REDUCE, args)?;
    let t: &TakeWhile = state_of(vm, &this)?;
    let ctor = vec![t.func.clone(), t.it.clone()];
    let state = Value::Int(t.stop.get() as i64);
    Ok(reduce_value(vm, &this, ctor, Some(state)))
}

fn takewhile_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, state) = bind_self_and_arg(vm, &TAKEWHILE_SETSTATE, args)?;
    let t: &TakeWhile = state_of(vm, &this)?;
    let stop = abstract_::is_true(vm, &state)?;
    t.stop.set(stop);
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// islice

/// `islice(iterable, [start,] stop [, step])`: `next` is the source position of the
/// next item to give, `cnt` how many items were read; a stop of None is `-1`.
struct ISlice {
    it: ValueCell,
    next: Cell<i64>,
    stop: i64,
    step: i64,
    cnt: Cell<i64>,
}

impl NativeData for ISlice {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        self.it.visit(visit)
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        self.it.clear_into(taken);
    }
}

impl IterState for ISlice {
    const SPEC: &'static NativeTypeSpec = &ISLICE_TYPE;
}

static ISLICE_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "islice(iterable, stop) --> islice object\n\
         islice(iterable, start, stop[, step]) --> islice object\n\n\
         Return an iterator whose next() method returns selected values from an\n\
         iterable.  If start is specified, will skip all preceding elements;\n\
         otherwise, start defaults to zero.  Step defaults to one.  If\n\
         specified as another value, step determines how many values are\n\
         skipped between successive calls.  Works like a slice() on a list\n\
         but returns an iterator.",
    ),
    subclassable: true,
    new: Some(islice_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(islice_next),
    ],
    methods: &[
        MethodDef::method("__reduce__", islice_reduce)
            .with_signature(&ISLICE_REDUCE)
            .with_doc(REDUCE_DOC),
        MethodDef::method("__setstate__", islice_setstate)
            .with_signature(&ISLICE_SETSTATE)
            .with_doc(SETSTATE_DOC),
    ],
    ..NativeTypeSpec::new("islice", "itertools")
};

/// With two arguments, the second is the stop.
static ISLICE_NEW: Signature = Signature::new(
    "islice",
    "($type, iterable, start, stop=None, step=None, /)",
);
static ISLICE_REDUCE: Signature = Signature::unlisted("islice", "__reduce__", "($self, /)");
static ISLICE_SETSTATE: Signature =
    Signature::unlisted("islice", "__setstate__", "($self, state, /)");

const ISLICE_STOP_MSG: &str =
    "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
const ISLICE_INDEX_MSG: &str =
    "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
const ISLICE_STEP_MSG: &str = "Step for islice() must be a positive integer or None.";

/// An islice bound as CPython reads it: None gives `default`, and any failure to
/// read an index-sized integer gives `-1` (the error is dropped).
fn islice_bound(vm: &mut Vm, v: &Value, default: i64) -> i64 {
    match v {
        Value::None => default,
        v => match abstract_::index(vm, v) {
            Ok(Value::Int(n)) => n,
            _ => -1,
        },
    }
}

/// The stop of an islice: None gives `-1`; so does any failure, which is an error.
fn islice_stop(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::None => Ok(-1),
        v => match islice_bound(vm, v, -1) {
            -1 => Err(vm.new_value_error(ISLICE_STOP_MSG.to_owned())),
            stop => Ok(stop),
        },
    }
}

fn islice_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = new_class(vm, |t| &t.islice, &args)?;
    let args = without_init_keywords(vm, args);
    let (_, [iterable, a1, a2, a3]) = ISLICE_NEW.bind(vm, args)?;
    let a1 = a1.unwrap_or(Value::None);
    let (start, stop) = match a2 {
        None => (0, islice_stop(vm, &a1)?),
        Some(a2) => {
            let start = islice_bound(vm, &a1, 0);
            (start, islice_stop(vm, &a2)?)
        }
    };
    if start < 0 || stop < -1 {
        return Err(vm.new_value_error(ISLICE_INDEX_MSG.to_owned()));
    }
    let step = match a3 {
        Some(a3) => islice_bound(vm, &a3, 1),
        None => 1,
    };
    if step < 1 {
        return Err(vm.new_value_error(ISLICE_STEP_MSG.to_owned()));
    }
    let it = abstract_::get_iter(vm, &iterable.unwrap_or(Value::None))?;
    let state = ISlice {
        it: ValueCell::new(it),
        next: Cell::new(start),
        stop,
        step,
        cnt: Cell::new(0),
    };
    Ok(new_native_object(vm, &cls, state))
}

fn islice_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let s: &ISlice = state_of(vm, this)?;
    let Some(it) = s.it.get() else {
        return Ok(None);
    };
    let stop = s.stop;
    while s.cnt.get() < s.next.get() {
        match abstract_::iter_next(vm, &it) {
            Ok(Some(_)) => s.cnt.set(s.cnt.get().saturating_add(1)),
            other => {
                s.it.set(None);
                return other;
            }
        }
    }
    if stop != -1 && s.cnt.get() >= stop {
        s.it.set(None);
        return Ok(None);
    }
    let item = match abstract_::iter_next(vm, &it) {
        Ok(Some(item)) => item,
        other => {
            s.it.set(None);
            return other;
        }
    };
    s.cnt.set(s.cnt.get().saturating_add(1));
    let old = s.next.get();
    let mut next = old.wrapping_add(s.step);
    if next < old || (stop != -1 && next > stop) {
        next = stop;
    }
    s.next.set(next);
    Ok(Some(item))
}

fn islice_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &ISLICE_REDUCE, args)?;
    let s: &ISlice = state_of(vm, &this)?;
    let Some(it) = s.it.get() else {
        // Exhausted: an islice of nothing.
        let empty = vm.new_list(vec![]);
        let empty = abstract_::get_iter(vm, &empty)?;
        return Ok(reduce_value(
            vm,
            &this,
            vec![empty, Value::Int(0)],
            Some(Value::Int(0)),
        ));
    };
    let stop = match s.stop {
        -1 => Value::None,
        stop => Value::Int(stop),
    };
    let ctor = vec![it, Value::Int(s.next.get()), stop, Value::Int(s.step)];
    let state = Value::Int(s.cnt.get());
    Ok(reduce_value(vm, &this, ctor, Some(state)))
}

fn islice_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, state) = bind_self_and_arg(vm, &ISLICE_SETSTATE, args)?;
    let s: &ISlice = state_of(vm, &this)?;
    let cnt = ssize_of_int(vm, &state)?;
    s.cnt.set(cnt);
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// starmap

/// `starmap(function, iterable)`.
struct StarMap {
    func: Value,
    it: Value,
}

impl NativeData for StarMap {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.func);
        visit(&self.it);
        true
    }
}

impl IterState for StarMap {
    const SPEC: &'static NativeTypeSpec = &STARMAP_TYPE;
}

static STARMAP_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "Return an iterator whose values are returned from the function evaluated with \
         an argument tuple taken from the given sequence.",
    ),
    subclassable: true,
    new: Some(starmap_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(starmap_next),
    ],
    methods: &[MethodDef::method("__reduce__", starmap_reduce)
        .with_signature(&STARMAP_REDUCE)
        .with_doc(REDUCE_DOC)],
    text_signature: Some("(function, iterable, /)"),
    ..NativeTypeSpec::new("starmap", "itertools")
};

static STARMAP_NEW: Signature = Signature::new("starmap", "($type, function, iterable, /)");
static STARMAP_REDUCE: Signature = Signature::unlisted("starmap", "__reduce__", "($self, /)");

fn starmap_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, func, it) = func_and_iter(vm, |t| &t.starmap, &STARMAP_NEW, args)?;
    Ok(new_native_object(vm, &cls, StarMap { func, it }))
}

fn starmap_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let s: &StarMap = state_of(vm, this)?;
    let Some(item) = abstract_::iter_next(vm, &s.it)? else {
        return Ok(None);
    };
    let exact_tuple = matches!(&item, Value::Obj(o) if Rc::ptr_eq(&o.class(), &vm.types.tuple));
    let call_args = match tuple_of(&item) {
        Some(items) if exact_tuple => items.to_vec(),
        _ => sequence_items(vm, &item)?,
    };
    vm.call1(&s.func, call_args).map(Some)
}

fn starmap_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &STARMAP_REDUCE, args)?;
    let s: &StarMap = state_of(vm, &this)?;
    let ctor = vec![s.func.clone(), s.it.clone()];
    Ok(reduce_value(vm, &this, ctor, None))
}

// ---------------------------------------------------------------------------
// chain

/// `chain(*iterables)`: the iterator over the iterables, and the iterator of the
/// current one; each is dropped once exhausted.
struct Chain {
    source: ValueCell,
    active: ValueCell,
}

impl NativeData for Chain {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        self.source.visit(visit) && self.active.visit(visit)
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        self.source.clear_into(taken);
        self.active.clear_into(taken);
    }
}

impl IterState for Chain {
    const SPEC: &'static NativeTypeSpec = &CHAIN_TYPE;
}

static CHAIN_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "chain(*iterables) --> chain object\n\n\
         Return a chain object whose .__next__() method returns elements from the\n\
         first iterable until it is exhausted, then elements from the next\n\
         iterable, until all of the iterables are exhausted.",
    ),
    subclassable: true,
    new: Some(chain_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(chain_next),
    ],
    methods: &[
        MethodDef::classmethod("from_iterable", chain_from_iterable)
            .with_signature(&CHAIN_FROM_ITERABLE)
            .with_doc(
                "Alternative chain() constructor taking a single iterable argument that \
                 evaluates lazily.",
            ),
        MethodDef::method("__reduce__", chain_reduce)
            .with_signature(&CHAIN_REDUCE)
            .with_doc(REDUCE_DOC),
        MethodDef::method("__setstate__", chain_setstate)
            .with_signature(&CHAIN_SETSTATE)
            .with_doc(SETSTATE_DOC),
        MethodDef::classmethod("__class_getitem__", chain_class_getitem)
            .with_signature(&CHAIN_CLASS_GETITEM)
            .with_doc("See PEP 585"),
    ],
    ..NativeTypeSpec::new("chain", "itertools")
};

static CHAIN_NEW: Signature = Signature::new("chain", "($type, *iterables)");
static CHAIN_FROM_ITERABLE: Signature =
    Signature::of("chain", "from_iterable", "($type, iterable, /)");
static CHAIN_REDUCE: Signature = Signature::unlisted("chain", "__reduce__", "($self, /)");
static CHAIN_SETSTATE: Signature =
    Signature::unlisted("chain", "__setstate__", "($self, state, /)");
static CHAIN_CLASS_GETITEM: Signature =
    Signature::unlisted("chain", "__class_getitem__", "($type, item, /)");

fn new_chain(vm: &mut Vm, cls: &ObjRef, source: Value) -> Value {
    let state = Chain {
        source: ValueCell::new(source),
        active: ValueCell::default(),
    };
    new_native_object(vm, cls, state)
}

fn chain_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = new_class(vm, |t| &t.chain, &args)?;
    let args = without_init_keywords(vm, args);
    let iterables = CHAIN_NEW.bind_all::<0>(vm, args)?.args;
    let iterables = vm.new_tuple(iterables);
    let source = abstract_::get_iter(vm, &iterables)?;
    Ok(new_chain(vm, &cls, source))
}

/// `chain.from_iterable(iterable)`, a classmethod.
fn chain_from_iterable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [iterable]) = CHAIN_FROM_ITERABLE.bind(vm, args)?;
    let cls = match cls {
        Some(Value::Obj(cls)) if cls.type_data().is_some() => cls,
        _ => types(vm)?.chain.clone(),
    };
    let source = abstract_::get_iter(vm, &iterable.unwrap_or(Value::None))?;
    Ok(new_chain(vm, &cls, source))
}

fn chain_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let c: &Chain = state_of(vm, this)?;
    while let Some(source) = c.source.get() {
        let active = match c.active.get() {
            Some(active) => active,
            None => {
                let iterable = match abstract_::iter_next(vm, &source) {
                    Ok(Some(iterable)) => iterable,
                    other => {
                        c.source.set(None);
                        return other;
                    }
                };
                match abstract_::get_iter(vm, &iterable) {
                    Ok(active) => {
                        c.active.set(Some(active.clone()));
                        active
                    }
                    Err(err) => {
                        c.source.set(None);
                        return Err(err);
                    }
                }
            }
        };
        if let Some(item) = abstract_::iter_next(vm, &active)? {
            return Ok(Some(item));
        }
        c.active.set(None);
    }
    Ok(None)
}

fn chain_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &CHAIN_REDUCE, args)?;
    let c: &Chain = state_of(vm, &this)?;
    let state = c.source.get().map(|source| {
        let mut items = vec![source];
        items.extend(c.active.get());
        vm.new_tuple(items)
    });
    Ok(reduce_value(vm, &this, vec![], state))
}

/// Whether `v`'s type has a `next` slot (`PyIter_Check`).
fn is_iterator(vm: &Vm, v: &Value) -> bool {
    vm.type_of(v)
        .type_data()
        .is_some_and(|t| t.slots.iternext.get().is_some())
}

fn chain_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, state) = bind_self_and_arg(vm, &CHAIN_SETSTATE, args)?;
    let c: &Chain = state_of(vm, &this)?;
    let items = state_tuple(vm, &state)?;
    state_arity(vm, items, 1, 2)?;
    if !items.iter().all(|v| is_iterator(vm, v)) {
        return Err(vm.new_type_error("Arguments must be iterators.".to_owned()));
    }
    c.source.set(Some(items[0].clone()));
    c.active.set(items.get(1).cloned());
    Ok(Value::None)
}

/// `chain[int]`.
fn chain_class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, item) = bind_self_and_arg(vm, &CHAIN_CLASS_GETITEM, args)?;
    Ok(new_alias(vm, cls, item))
}

// ---------------------------------------------------------------------------
// product

/// `product(*iterables, repeat=1)`: the pools, and the index of the item each gave
/// to the last result (an odometer).
struct Product {
    pools: Vec<Rc<[Value]>>,
    indices: RefCell<Vec<usize>>,
    started: Cell<bool>,
    stopped: Cell<bool>,
}

impl NativeData for Product {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        self.pools.iter().for_each(|p| visit_all(p, visit));
        true
    }
}

impl IterState for Product {
    const SPEC: &'static NativeTypeSpec = &PRODUCT_TYPE;
}

static PRODUCT_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "product(*iterables, repeat=1) --> product object\n\n\
         Cartesian product of input iterables.  Equivalent to nested for-loops.\n\n\
         For example, product(A, B) returns the same as:  ((x,y) for x in A for y in B).\n\
         The leftmost iterators are in the outermost for-loop, so the output tuples\n\
         cycle in a manner similar to an odometer (with the rightmost element changing\n\
         on every iteration).\n\n\
         To compute the product of an iterable with itself, specify the number\n\
         of repetitions with the optional repeat keyword argument. For example,\n\
         product(A, repeat=4) means the same as product(A, A, A, A).\n\n\
         product('ab', range(3)) --> ('a',0) ('a',1) ('a',2) ('b',0) ('b',1) ('b',2)\n\
         product((0,1), (0,1), (0,1)) --> (0,0,0) (0,0,1) (0,1,0) (0,1,1) (1,0,0) ...",
    ),
    subclassable: true,
    new: Some(product_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(product_next),
    ],
    methods: &[
        MethodDef::method("__reduce__", product_reduce)
            .with_signature(&PRODUCT_REDUCE)
            .with_doc(REDUCE_DOC),
        MethodDef::method("__setstate__", product_setstate)
            .with_signature(&PRODUCT_SETSTATE)
            .with_doc(SETSTATE_DOC),
    ],
    ..NativeTypeSpec::new("product", "itertools")
};

static PRODUCT_NEW: Signature =
    Signature::new("product", "($type, *iterables, repeat=1)").parse_tuple();
static PRODUCT_REDUCE: Signature = Signature::unlisted("product", "__reduce__", "($self, /)");
static PRODUCT_SETSTATE: Signature =
    Signature::unlisted("product", "__setstate__", "($self, state, /)");

fn product_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = new_class(vm, |t| &t.product, &args)?;
    let bound = PRODUCT_NEW.bind_all(vm, args)?;
    let (iterables, [repeat]) = (bound.args, bound.params);
    let repeat = match repeat {
        Some(repeat) => ssize_arg(vm, &repeat)?,
        None => 1,
    };
    if repeat < 0 {
        return Err(vm.new_value_error("repeat argument cannot be negative".to_owned()));
    }
    let iterables = if repeat == 0 { &[][..] } else { &iterables[..] };
    // CPython's bound: the indices of all the pools must fit in memory.
    let limit = (isize::MAX as u64) / 8 / (repeat.max(1) as u64);
    if iterables.len() as u64 > limit {
        return Err(vm.new_overflow_error("repeat argument too large".to_owned()));
    }
    let npools = iterables.len() * repeat as usize;
    let mut pools = Vec::new();
    if pools.try_reserve_exact(npools).is_err() {
        return Err(vm.new_error(Exc::MemoryError, ""));
    }
    for iterable in iterables {
        pools.push(Rc::from(sequence_items(vm, iterable)?));
    }
    // The repeats share the pools.
    for i in iterables.len()..npools {
        let pool = Rc::clone(&pools[i - iterables.len()]);
        pools.push(pool);
    }
    let state = Product {
        indices: RefCell::new(vec![0; npools]),
        pools,
        started: Cell::new(false),
        stopped: Cell::new(false),
    };
    Ok(new_native_object(vm, &cls, state))
}

/// The result for the current indices.
fn product_result(vm: &Vm, p: &Product) -> Value {
    let indices = p.indices.borrow();
    let items = p
        .pools
        .iter()
        .zip(indices.iter())
        .map(|(pool, &i)| pool.get(i).cloned().unwrap_or(Value::None))
        .collect();
    vm.new_tuple(items)
}

fn product_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let p: &Product = state_of(vm, this)?;
    if p.stopped.get() {
        return Ok(None);
    }
    if !p.started.get() {
        p.started.set(true);
        if p.pools.iter().any(|pool| pool.is_empty()) {
            p.stopped.set(true);
            return Ok(None);
        }
        return Ok(Some(product_result(vm, p)));
    }
    // Advance the rightmost pool, rolling over into the ones to its left.
    let advanced = {
        let mut indices = p.indices.borrow_mut();
        let mut advanced = false;
        for (i, pool) in p.pools.iter().enumerate().rev() {
            indices[i] += 1;
            if indices[i] < pool.len() {
                advanced = true;
                break;
            }
            indices[i] = 0;
        }
        advanced
    };
    if !advanced {
        p.stopped.set(true);
        return Ok(None);
    }
    Ok(Some(product_result(vm, p)))
}

fn product_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &PRODUCT_REDUCE, args)?;
    let p: &Product = state_of(vm, &this)?;
    if p.stopped.get() {
        let empty = vm.new_tuple(vec![]);
        return Ok(reduce_value(vm, &this, vec![empty], None));
    }
    let pools = p
        .pools
        .iter()
        .map(|pool| vm.new_tuple(pool.to_vec()))
        .collect();
    let indices = p.started.get().then(|| {
        let indices = p.indices.borrow().clone();
        int_tuple(vm, &indices)
    });
    Ok(reduce_value(vm, &this, pools, indices))
}

fn product_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, state) = bind_self_and_arg(vm, &PRODUCT_SETSTATE, args)?;
    let p: &Product = state_of(vm, &this)?;
    let items = match tuple_of(&state) {
        Some(items) if items.len() == p.pools.len() => items,
        _ => return Err(vm.new_value_error("invalid arguments".to_owned())),
    };
    for (i, (item, pool)) in items.iter().zip(&p.pools).enumerate() {
        let index = ssize_of_int(vm, item)?;
        if pool.is_empty() {
            p.stopped.set(true);
            return Ok(Value::None);
        }
        p.indices.borrow_mut()[i] = index.clamp(0, pool.len() as i64 - 1) as usize;
    }
    p.started.set(true);
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// combinations and combinations_with_replacement

/// `combinations(iterable, r)`, and with `replace` set
/// `combinations_with_replacement(iterable, r)`: the pool and the indices of the
/// last result.
struct Combinations {
    pool: Vec<Value>,
    r: usize,
    indices: RefCell<Vec<usize>>,
    started: Cell<bool>,
    stopped: Cell<bool>,
    replace: bool,
}

impl NativeData for Combinations {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit_all(&self.pool, visit);
        true
    }
}

impl IterState for Combinations {
    const SPEC: &'static NativeTypeSpec = &COMBINATIONS_TYPE;
}

static COMBINATIONS_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "Return successive r-length combinations of elements in the iterable.\n\n\
         combinations(range(4), 3) --> (0,1,2), (0,1,3), (0,2,3), (1,2,3)",
    ),
    subclassable: true,
    new: Some(combinations_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(combinations_next),
    ],
    methods: &[
        MethodDef::method("__reduce__", combinations_reduce)
            .with_signature(&COMBINATIONS_REDUCE)
            .with_doc(REDUCE_DOC),
        MethodDef::method("__setstate__", combinations_setstate)
            .with_signature(&COMBINATIONS_SETSTATE)
            .with_doc(SETSTATE_DOC),
    ],
    text_signature: Some("(iterable, r)"),
    ..NativeTypeSpec::new("combinations", "itertools")
};

static COMBINATIONS_NEW: Signature = Signature::new("combinations", "($type, iterable, r)");
static COMBINATIONS_REDUCE: Signature =
    Signature::unlisted("combinations", "__reduce__", "($self, /)");
static COMBINATIONS_SETSTATE: Signature =
    Signature::unlisted("combinations", "__setstate__", "($self, state, /)");

/// The same state under its own type: `combinations_with_replacement` is not a
/// subclass of `combinations`.
struct Cwr(Combinations);

impl NativeData for Cwr {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        self.0.traverse(visit)
    }
}

impl IterState for Cwr {
    const SPEC: &'static NativeTypeSpec = &CWR_TYPE;
}

static CWR_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "Return successive r-length combinations of elements in the iterable allowing \
         individual elements to have successive repeats.\n\n\
         combinations_with_replacement('ABC', 2) --> ('A','A'), ('A','B'), ('A','C'), \
         ('B','B'), ('B','C'), ('C','C')",
    ),
    subclassable: true,
    new: Some(cwr_new),
    slots: &[NativeSlot::Iter(iter_self), NativeSlot::IterNext(cwr_next)],
    methods: &[
        MethodDef::method("__reduce__", cwr_reduce)
            .with_signature(&CWR_REDUCE)
            .with_doc(REDUCE_DOC),
        MethodDef::method("__setstate__", cwr_setstate)
            .with_signature(&CWR_SETSTATE)
            .with_doc(SETSTATE_DOC),
    ],
    text_signature: Some("(iterable, r)"),
    ..NativeTypeSpec::new("combinations_with_replacement", "itertools")
};

static CWR_NEW: Signature = Signature::new("combinations_with_replacement", "($type, iterable, r)");
static CWR_REDUCE: Signature =
    Signature::unlisted("combinations_with_replacement", "__reduce__", "($self, /)");
static CWR_SETSTATE: Signature = Signature::unlisted(
    "combinations_with_replacement",
    "__setstate__",
    "($self, state, /)",
);

/// The pool and `r` of `combinations` and `combinations_with_replacement`.
fn combinations_args(
    vm: &mut Vm,
    pick: PickType,
    sig: &Signature,
    args: Args,
    replace: bool,
) -> PyResult<(ObjRef, Combinations)> {
    let cls = new_class(vm, pick, &args)?;
    let (_, [iterable, r]) = sig.bind(vm, args)?;
    let r = ssize_arg(vm, &r.unwrap_or(Value::None))?;
    let pool = sequence_items(vm, &iterable.unwrap_or(Value::None))?;
    if r < 0 {
        return Err(vm.new_value_error("r must be non-negative".to_owned()));
    }
    let r = r as usize;
    let stopped = if replace {
        pool.is_empty() && r > 0
    } else {
        r > pool.len()
    };
    // A stopped iterator never reads its indices, so none are made for it.
    let indices = match (stopped, replace) {
        (true, _) => Vec::new(),
        (false, true) => vec![0; r],
        (false, false) => (0..r).collect(),
    };
    let state = Combinations {
        pool,
        r,
        indices: RefCell::new(indices),
        started: Cell::new(false),
        stopped: Cell::new(stopped),
        replace,
    };
    Ok((cls, state))
}

fn combinations_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pick: PickType = |t| &t.combinations;
    let (cls, state) = combinations_args(vm, pick, &COMBINATIONS_NEW, args, false)?;
    Ok(new_native_object(vm, &cls, state))
}

fn cwr_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, state) = combinations_args(vm, |t| &t.cwr, &CWR_NEW, args, true)?;
    Ok(new_native_object(vm, &cls, Cwr(state)))
}

fn combinations_result(vm: &Vm, c: &Combinations) -> Value {
    let items = pick_items(&c.pool, &c.indices.borrow());
    vm.new_tuple(items)
}

/// Moves the indices to the next combination; false after the last.
fn combinations_advance(c: &Combinations) -> bool {
    let n = c.pool.len();
    let r = c.r;
    let mut indices = c.indices.borrow_mut();
    if indices.len() != r || n == 0 && r > 0 {
        return false;
    }
    // The rightmost index not at its maximum moves up; those right of it follow.
    let max = |i: usize| if c.replace { n - 1 } else { i + n - r };
    let Some(i) = (0..r).rev().find(|&i| indices[i] < max(i)) else {
        return false;
    };
    indices[i] += 1;
    for j in i + 1..r {
        indices[j] = if c.replace {
            indices[i]
        } else {
            indices[j - 1] + 1
        };
    }
    true
}

fn combinations_step(vm: &Vm, c: &Combinations) -> Option<Value> {
    if c.stopped.get() {
        return None;
    }
    if c.started.get() && !combinations_advance(c) {
        c.stopped.set(true);
        return None;
    }
    c.started.set(true);
    Some(combinations_result(vm, c))
}

fn combinations_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let c: &Combinations = state_of(vm, this)?;
    Ok(combinations_step(vm, c))
}

fn cwr_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let c: &Cwr = state_of(vm, this)?;
    Ok(combinations_step(vm, &c.0))
}

fn combinations_reduce_value(vm: &mut Vm, this: &Value, c: &Combinations) -> Value {
    let r = Value::Int(c.r as i64);
    if !c.started.get() {
        let pool = vm.new_tuple(c.pool.clone());
        return reduce_value(vm, this, vec![pool, r], None);
    }
    if c.stopped.get() {
        let empty = vm.new_tuple(vec![]);
        return reduce_value(vm, this, vec![empty, r], None);
    }
    let pool = vm.new_tuple(c.pool.clone());
    let indices = c.indices.borrow().clone();
    let indices = int_tuple(vm, &indices);
    reduce_value(vm, this, vec![pool, r], Some(indices))
}

fn combinations_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &COMBINATIONS_REDUCE, args)?;
    let c: &Combinations = state_of(vm, &this)?;
    Ok(combinations_reduce_value(vm, &this, c))
}

fn cwr_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &CWR_REDUCE, args)?;
    let c: &Cwr = state_of(vm, &this)?;
    Ok(combinations_reduce_value(vm, &this, &c.0))
}

/// Sets the indices from a state tuple, each clamped to where it may stand.
fn combinations_set_indices(vm: &mut Vm, c: &Combinations, state: &Value) -> PyResult<Value> {
    let items = match tuple_of(state) {
        Some(items) if items.len() == c.r => items,
        _ => return Err(vm.new_value_error("invalid arguments".to_owned())),
    };
    let n = c.pool.len() as i64;
    let r = c.r as i64;
    let mut indices = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let index = ssize_of_int(vm, item)?;
        let max = if c.replace { n - 1 } else { i as i64 + n - r };
        indices.push(index.min(max).max(0) as usize);
    }
    *c.indices.borrow_mut() = indices;
    c.started.set(true);
    Ok(Value::None)
}

fn combinations_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, state) = bind_self_and_arg(vm, &COMBINATIONS_SETSTATE, args)?;
    let c: &Combinations = state_of(vm, &this)?;
    combinations_set_indices(vm, c, &state)
}

fn cwr_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, state) = bind_self_and_arg(vm, &CWR_SETSTATE, args)?;
    let c: &Cwr = state_of(vm, &this)?;
    combinations_set_indices(vm, &c.0, &state)
}

// ---------------------------------------------------------------------------
// permutations

/// `permutations(iterable, r=None)`: the pool, an arrangement of all its indices
/// (the first `r` make the last result), and a countdown per result position.
struct Permutations {
    pool: Vec<Value>,
    r: usize,
    indices: RefCell<Vec<usize>>,
    cycles: RefCell<Vec<usize>>,
    started: Cell<bool>,
    stopped: Cell<bool>,
}

impl NativeData for Permutations {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit_all(&self.pool, visit);
        true
    }
}

impl IterState for Permutations {
    const SPEC: &'static NativeTypeSpec = &PERMUTATIONS_TYPE;
}

static PERMUTATIONS_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "Return successive r-length permutations of elements in the iterable.\n\n\
         permutations(range(3), 2) --> (0,1), (0,2), (1,0), (1,2), (2,0), (2,1)",
    ),
    subclassable: true,
    new: Some(permutations_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(permutations_next),
    ],
    methods: &[
        MethodDef::method("__reduce__", permutations_reduce)
            .with_signature(&PERMUTATIONS_REDUCE)
            .with_doc(REDUCE_DOC),
        MethodDef::method("__setstate__", permutations_setstate)
            .with_signature(&PERMUTATIONS_SETSTATE)
            .with_doc(SETSTATE_DOC),
    ],
    text_signature: Some("(iterable, r=None)"),
    ..NativeTypeSpec::new("permutations", "itertools")
};

static PERMUTATIONS_NEW: Signature = Signature::new("permutations", "($type, iterable, r=None)");
static PERMUTATIONS_REDUCE: Signature =
    Signature::unlisted("permutations", "__reduce__", "($self, /)");
static PERMUTATIONS_SETSTATE: Signature =
    Signature::unlisted("permutations", "__setstate__", "($self, state, /)");

fn permutations_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = new_class(vm, |t| &t.permutations, &args)?;
    let (_, [iterable, r]) = PERMUTATIONS_NEW.bind(vm, args)?;
    let pool = sequence_items(vm, &iterable.unwrap_or(Value::None))?;
    let n = pool.len();
    let r = match r.unwrap_or(Value::None) {
        Value::None => n as i64,
        r if is_int(&r) => ssize_of_int(vm, &r)?,
        _ => return Err(vm.new_type_error("Expected int as r".to_owned())),
    };
    if r < 0 {
        return Err(vm.new_value_error("r must be non-negative".to_owned()));
    }
    let r = r as usize;
    let stopped = r > n;
    let (indices, cycles) = if stopped {
        (Vec::new(), Vec::new())
    } else {
        ((0..n).collect(), (0..r).map(|i| n - i).collect())
    };
    let state = Permutations {
        pool,
        r,
        indices: RefCell::new(indices),
        cycles: RefCell::new(cycles),
        started: Cell::new(false),
        stopped: Cell::new(stopped),
    };
    Ok(new_native_object(vm, &cls, state))
}

/// Moves to the next permutation; false after the last.
fn permutations_advance(p: &Permutations) -> bool {
    let n = p.pool.len();
    let mut indices = p.indices.borrow_mut();
    let mut cycles = p.cycles.borrow_mut();
    if n == 0 || indices.len() != n || cycles.len() != p.r || p.r > n {
        return false;
    }
    for i in (0..p.r).rev() {
        cycles[i] -= 1;
        if cycles[i] == 0 {
            indices[i..].rotate_left(1);
            cycles[i] = n - i;
        } else {
            let j = cycles[i];
            indices.swap(i, n - j);
            return true;
        }
    }
    false
}

fn permutations_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let p: &Permutations = state_of(vm, this)?;
    if p.stopped.get() {
        return Ok(None);
    }
    if p.started.get() && !permutations_advance(p) {
        p.stopped.set(true);
        return Ok(None);
    }
    p.started.set(true);
    let items = {
        let indices = p.indices.borrow();
        pick_items(&p.pool, indices.get(..p.r).unwrap_or(&indices))
    };
    Ok(Some(vm.new_tuple(items)))
}

fn permutations_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &PERMUTATIONS_REDUCE, args)?;
    let p: &Permutations = state_of(vm, &this)?;
    let r = Value::Int(p.r as i64);
    if !p.started.get() {
        let pool = vm.new_tuple(p.pool.clone());
        return Ok(reduce_value(vm, &this, vec![pool, r], None));
    }
    if p.stopped.get() {
        let empty = vm.new_tuple(vec![]);
        return Ok(reduce_value(vm, &this, vec![empty, r], None));
    }
    let pool = vm.new_tuple(p.pool.clone());
    let indices = p.indices.borrow().clone();
    let cycles = p.cycles.borrow().clone();
    let indices = int_tuple(vm, &indices);
    let cycles = int_tuple(vm, &cycles);
    let state = vm.new_tuple(vec![indices, cycles]);
    Ok(reduce_value(vm, &this, vec![pool, r], Some(state)))
}

fn permutations_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, state) = bind_self_and_arg(vm, &PERMUTATIONS_SETSTATE, args)?;
    let p: &Permutations = state_of(vm, &this)?;
    let items = state_tuple(vm, &state)?;
    state_arity(vm, items, 2, 2)?;
    let (Some(indices), Some(cycles)) = (tuple_of(&items[0]), tuple_of(&items[1])) else {
        let bad = if tuple_of(&items[0]).is_none() { 0 } else { 1 };
        return Err(bad_state_item(vm, bad, "tuple", &items[bad]));
    };
    let n = p.pool.len();
    if indices.len() != n || cycles.len() != p.r {
        return Err(vm.new_value_error("invalid arguments".to_owned()));
    }
    let mut new_indices = Vec::with_capacity(n);
    for item in indices {
        let index = ssize_of_int(vm, item)?;
        new_indices.push(index.min(n as i64 - 1).max(0) as usize);
    }
    let mut new_cycles = Vec::with_capacity(p.r);
    for (i, item) in cycles.iter().enumerate() {
        let cycle = ssize_of_int(vm, item)?;
        // Past the pool (only when r > n, which stops the iterator) the top is 1.
        let top = (n as i64 - i as i64).max(1);
        new_cycles.push(cycle.clamp(1, top) as usize);
    }
    *p.indices.borrow_mut() = new_indices;
    *p.cycles.borrow_mut() = new_cycles;
    p.started.set(true);
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// accumulate

/// `accumulate(iterable, func=None, *, initial=None)`: `total` is unset until the
/// first item (and may then be None itself); `initial` waits to be given first.
struct Accumulate {
    it: Value,
    binop: Value,
    total: ValueCell,
    initial: ValueCell,
}

impl NativeData for Accumulate {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.it);
        visit(&self.binop);
        self.total.visit(visit) && self.initial.visit(visit)
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        self.total.clear_into(taken);
        self.initial.clear_into(taken);
    }
}

impl IterState for Accumulate {
    const SPEC: &'static NativeTypeSpec = &ACCUMULATE_TYPE;
}

static ACCUMULATE_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("Return series of accumulated sums (or other binary function results)."),
    subclassable: true,
    new: Some(accumulate_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(accumulate_next),
    ],
    methods: &[
        MethodDef::method("__reduce__", accumulate_reduce)
            .with_signature(&ACCUMULATE_REDUCE)
            .with_doc(REDUCE_DOC),
        MethodDef::method("__setstate__", accumulate_setstate)
            .with_signature(&ACCUMULATE_SETSTATE)
            .with_doc(SETSTATE_DOC),
    ],
    text_signature: Some("(iterable, func=None, *, initial=None)"),
    ..NativeTypeSpec::new("accumulate", "itertools")
};

static ACCUMULATE_NEW: Signature = Signature::new(
    "accumulate",
    "($type, iterable, func=None, *, initial=None)",
);
static ACCUMULATE_REDUCE: Signature = Signature::unlisted("accumulate", "__reduce__", "($self, /)");
static ACCUMULATE_SETSTATE: Signature =
    Signature::unlisted("accumulate", "__setstate__", "($self, state, /)");

fn accumulate_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = new_class(vm, |t| &t.accumulate, &args)?;
    let (_, [iterable, func, initial]) = ACCUMULATE_NEW.bind(vm, args)?;
    let it = abstract_::get_iter(vm, &iterable.unwrap_or(Value::None))?;
    let initial = match initial {
        None | Some(Value::None) => ValueCell::default(),
        Some(initial) => ValueCell::new(initial),
    };
    let state = Accumulate {
        it,
        binop: func.unwrap_or(Value::None),
        total: ValueCell::default(),
        initial,
    };
    Ok(new_native_object(vm, &cls, state))
}

fn accumulate_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let a: &Accumulate = state_of(vm, this)?;
    if let Some(initial) = a.initial.take() {
        a.total.set(Some(initial.clone()));
        return Ok(Some(initial));
    }
    let Some(item) = abstract_::iter_next(vm, &a.it)? else {
        return Ok(None);
    };
    let total = match a.total.get() {
        None => item,
        Some(total) => match &a.binop {
            Value::None => abstract_::binary_op(vm, &total, &item, NB_ADD)?,
            binop => vm.call1(binop, vec![total, item])?,
        },
    };
    a.total.set(Some(total.clone()));
    Ok(Some(total))
}

fn accumulate_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &ACCUMULATE_REDUCE, args)?;
    let a: &Accumulate = state_of(vm, &this)?;
    let types = types(vm)?;
    let chain = Value::Obj(types.chain.clone());
    if let Some(initial) = a.initial.get() {
        // Not started: the initial value goes in front of the source.
        let first = vm.new_tuple(vec![initial]);
        let it = vm.call1(&chain, vec![first, a.it.clone()])?;
        let ctor = vec![it, a.binop.clone()];
        return Ok(reduce_value(vm, &this, ctor, Some(Value::None)));
    }
    match a.total.get() {
        Some(Value::None) => {
            // A total of None cannot be told from no total in a state, so the
            // copy starts over with None in front, and skips it.
            let first = vm.new_tuple(vec![Value::None]);
            let it = vm.call1(&chain, vec![first, a.it.clone()])?;
            let class = Value::Obj(vm.type_of(&this));
            let it = vm.call1(&class, vec![it, a.binop.clone()])?;
            let islice = Value::Obj(types.islice.clone());
            let args = vm.new_tuple(vec![it, Value::Int(1), Value::None]);
            Ok(vm.new_tuple(vec![islice, args]))
        }
        total => {
            let ctor = vec![a.it.clone(), a.binop.clone()];
            Ok(reduce_value(
                vm,
                &this,
                ctor,
                Some(total.unwrap_or(Value::None)),
            ))
        }
    }
}

fn accumulate_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, state) = bind_self_and_arg(vm, &ACCUMULATE_SETSTATE, args)?;
    let a: &Accumulate = state_of(vm, &this)?;
    a.total.set(Some(state));
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// compress

/// `compress(data, selectors)`.
struct Compress {
    data: Value,
    selectors: Value,
}

impl NativeData for Compress {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.data);
        visit(&self.selectors);
        true
    }
}

impl IterState for Compress {
    const SPEC: &'static NativeTypeSpec = &COMPRESS_TYPE;
}

static COMPRESS_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "Return data elements corresponding to true selector elements.\n\n\
         Forms a shorter iterator from selected data elements using the selectors to\n\
         choose the data elements.",
    ),
    subclassable: true,
    new: Some(compress_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(compress_next),
    ],
    methods: &[MethodDef::method("__reduce__", compress_reduce)
        .with_signature(&COMPRESS_REDUCE)
        .with_doc(REDUCE_DOC)],
    text_signature: Some("(data, selectors)"),
    ..NativeTypeSpec::new("compress", "itertools")
};

static COMPRESS_NEW: Signature = Signature::new("compress", "($type, data, selectors)");
static COMPRESS_REDUCE: Signature = Signature::unlisted("compress", "__reduce__", "($self, /)");

fn compress_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = new_class(vm, |t| &t.compress, &args)?;
    let (_, [data, selectors]) = COMPRESS_NEW.bind(vm, args)?;
    let data = abstract_::get_iter(vm, &data.unwrap_or(Value::None))?;
    let selectors = abstract_::get_iter(vm, &selectors.unwrap_or(Value::None))?;
    Ok(new_native_object(vm, &cls, Compress { data, selectors }))
}

fn compress_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let c: &Compress = state_of(vm, this)?;
    loop {
        // The datum is read before its selector, as the pure Python version does.
        let Some(datum) = abstract_::iter_next(vm, &c.data)? else {
            return Ok(None);
        };
        let Some(selector) = abstract_::iter_next(vm, &c.selectors)? else {
            return Ok(None);
        };
        if abstract_::is_true(vm, &selector)? {
            return Ok(Some(datum));
        }
    }
}

fn compress_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &COMPRESS_REDUCE, args)?;
    let c: &Compress = state_of(vm, &this)?;
    let ctor = vec![c.data.clone(), c.selectors.clone()];
    Ok(reduce_value(vm, &this, ctor, None))
}

// ---------------------------------------------------------------------------
// filterfalse

/// `filterfalse(function, iterable)`.
struct FilterFalse {
    func: Value,
    it: Value,
}

impl NativeData for FilterFalse {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.func);
        visit(&self.it);
        true
    }
}

impl IterState for FilterFalse {
    const SPEC: &'static NativeTypeSpec = &FILTERFALSE_TYPE;
}

static FILTERFALSE_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "Return those items of iterable for which function(item) is false.\n\n\
         If function is None, return the items that are false.",
    ),
    subclassable: true,
    new: Some(filterfalse_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(filterfalse_next),
    ],
    methods: &[MethodDef::method("__reduce__", filterfalse_reduce)
        .with_signature(&FILTERFALSE_REDUCE)
        .with_doc(REDUCE_DOC)],
    text_signature: Some("(function, iterable, /)"),
    ..NativeTypeSpec::new("filterfalse", "itertools")
};

static FILTERFALSE_NEW: Signature = Signature::new("filterfalse", "($type, function, iterable, /)");
static FILTERFALSE_REDUCE: Signature =
    Signature::unlisted("filterfalse", "__reduce__", "($self, /)");

fn filterfalse_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, func, it) = func_and_iter(vm, |t| &t.filterfalse, &FILTERFALSE_NEW, args)?;
    Ok(new_native_object(vm, &cls, FilterFalse { func, it }))
}

fn filterfalse_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let f: &FilterFalse = state_of(vm, this)?;
    // None and `bool` test the items themselves, without a call.
    let plain_truth = match &f.func {
        Value::None => true,
        Value::Obj(func) => Rc::ptr_eq(func, &vm.types.bool_),
        _ => false,
    };
    loop {
        let Some(item) = abstract_::iter_next(vm, &f.it)? else {
            return Ok(None);
        };
        let verdict = if plain_truth {
            item.clone()
        } else {
            vm.call1(&f.func, vec![item.clone()])?
        };
        if !abstract_::is_true(vm, &verdict)? {
            return Ok(Some(item));
        }
    }
}

fn filterfalse_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &FILTERFALSE_REDUCE, args)?;
    let f: &FilterFalse = state_of(vm, &this)?;
    let ctor = vec![f.func.clone(), f.it.clone()];
    Ok(reduce_value(vm, &this, ctor, None))
}

// ---------------------------------------------------------------------------
// count

/// `count(start=0, step=1)`: the value the next step returns, and the step. While
/// counting by one from an int that fits (CPython's fast mode), the repr and the
/// reduction leave the step out.
struct Count {
    current: ValueCell,
    step: Value,
    fast: Cell<bool>,
}

impl NativeData for Count {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.step);
        self.current.visit(visit)
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        self.current.clear_into(taken);
    }
}

impl IterState for Count {
    const SPEC: &'static NativeTypeSpec = &COUNT_TYPE;
}

static COUNT_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "Return a count object whose .__next__() method returns consecutive values.\n\n\
         Equivalent to:\n    def count(firstval=0, step=1):\n        x = firstval\n        \
         while 1:\n            yield x\n            x += step",
    ),
    subclassable: true,
    new: Some(count_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(count_next),
        NativeSlot::Repr(count_repr),
    ],
    methods: &[MethodDef::method("__reduce__", count_reduce)
        .with_signature(&COUNT_REDUCE)
        .with_doc(REDUCE_DOC)],
    text_signature: Some("(start=0, step=1)"),
    ..NativeTypeSpec::new("count", "itertools")
};

static COUNT_NEW: Signature = Signature::new("count", "($type, start=0, step=1)");
static COUNT_REDUCE: Signature = Signature::unlisted("count", "__reduce__", "($self, /)");

/// CPython's `PyNumber_Check`.
fn is_number(vm: &Vm, v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => true,
        _ => {
            let ty = vm.type_of(v);
            ["__index__", "__int__", "__float__", "__complex__"]
                .iter()
                .any(|m| lookup(&ty, m).is_some())
        }
    }
}

/// An int equal to 1 (a step the repr leaves out).
fn is_int_one(v: &Value) -> bool {
    is_int(v) && as_i64(v) == Some(1)
}

fn count_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = new_class(vm, |t| &t.count, &args)?;
    let (_, [start, step]) = COUNT_NEW.bind(vm, args)?;
    if !start.iter().chain(&step).all(|v| is_number(vm, v)) {
        return Err(vm.new_type_error("a number is required".to_owned()));
    }
    let start = start.unwrap_or(Value::Int(0));
    let step = step.unwrap_or(Value::Int(1));
    let counts_by_one = is_int_one(&step);
    let fast_start = if is_int(&start) { as_i64(&start) } else { None };
    let (current, fast) = match fast_start {
        Some(n) if counts_by_one && n != i64::MAX => (Value::Int(n), true),
        _ => (start, false),
    };
    let state = Count {
        current: ValueCell::new(current),
        step,
        fast: Cell::new(fast),
    };
    Ok(new_native_object(vm, &cls, state))
}

fn count_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let count: &Count = state_of(vm, this)?;
    let Some(current) = count.current.get() else {
        return Ok(None);
    };
    let next = abstract_::binary_op(vm, &current, &count.step, NB_ADD)?;
    if matches!(next, Value::Int(i64::MAX)) {
        count.fast.set(false);
    }
    count.current.set(Some(next));
    Ok(Some(current))
}

fn count_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let count: &Count = state_of(vm, this)?;
    let name = short_type_name(vm, this);
    let current = count.current.get().unwrap_or(Value::None);
    let current = abstract_::repr_string(vm, &current)?;
    let text = if is_int_one(&count.step) {
        format!("{name}({current})")
    } else {
        let step = abstract_::repr_string(vm, &count.step)?;
        format!("{name}({current}, {step})")
    };
    Ok(vm.new_str(text))
}

fn count_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &COUNT_REDUCE, args)?;
    let count: &Count = state_of(vm, &this)?;
    let current = count.current.get().unwrap_or(Value::None);
    let ctor = if count.fast.get() {
        vec![current]
    } else {
        vec![current, count.step.clone()]
    };
    Ok(reduce_value(vm, &this, ctor, None))
}

// ---------------------------------------------------------------------------
// repeat

/// `repeat(object[, times])`: how many times are left, `-1` for ever.
struct Repeat {
    element: Value,
    cnt: Cell<i64>,
}

impl NativeData for Repeat {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.element);
        true
    }
}

impl IterState for Repeat {
    const SPEC: &'static NativeTypeSpec = &REPEAT_TYPE;
}

static REPEAT_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "repeat(object [,times]) -> create an iterator which returns the object\n\
         for the specified number of times.  If not specified, returns the object\n\
         endlessly.",
    ),
    subclassable: true,
    new: Some(repeat_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(repeat_next),
        NativeSlot::Repr(repeat_repr),
    ],
    methods: &[
        MethodDef::method("__length_hint__", repeat_length_hint)
            .with_signature(&REPEAT_LENGTH_HINT)
            .with_doc("Private method returning an estimate of len(list(it))."),
        MethodDef::method("__reduce__", repeat_reduce)
            .with_signature(&REPEAT_REDUCE)
            .with_doc(REDUCE_DOC),
    ],
    ..NativeTypeSpec::new("repeat", "itertools")
};

static REPEAT_NEW: Signature = Signature::new("repeat", "($type, object, times=None)");
static REPEAT_LENGTH_HINT: Signature =
    Signature::unlisted("repeat", "__length_hint__", "($self, /)");
static REPEAT_REDUCE: Signature = Signature::unlisted("repeat", "__reduce__", "($self, /)");

fn repeat_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = new_class(vm, |t| &t.repeat, &args)?;
    let (_, [element, times]) = REPEAT_NEW.bind(vm, args)?;
    // A negative count given counts as none left.
    let cnt = match times {
        Some(times) => ssize_arg(vm, &times)?.max(0),
        None => -1,
    };
    let state = Repeat {
        element: element.unwrap_or(Value::None),
        cnt: Cell::new(cnt),
    };
    Ok(new_native_object(vm, &cls, state))
}

fn repeat_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let r: &Repeat = state_of(vm, this)?;
    match r.cnt.get() {
        0 => Ok(None),
        n => {
            if n > 0 {
                r.cnt.set(n - 1);
            }
            Ok(Some(r.element.clone()))
        }
    }
}

fn repeat_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let r: &Repeat = state_of(vm, this)?;
    let name = short_type_name(vm, this);
    let element = abstract_::repr_string(vm, &r.element)?;
    let text = match r.cnt.get() {
        -1 => format!("{name}({element})"),
        n => format!("{name}({element}, {n})"),
    };
    Ok(vm.new_str(text))
}

fn repeat_length_hint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &REPEAT_LENGTH_HINT, args)?;
    let r: &Repeat = state_of(vm, &this)?;
    match r.cnt.get() {
        -1 => Err(vm.new_type_error("len() of unsized object".to_owned())),
        n => Ok(Value::Int(n)),
    }
}

fn repeat_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &REPEAT_REDUCE, args)?;
    let r: &Repeat = state_of(vm, &this)?;
    let mut ctor = vec![r.element.clone()];
    if r.cnt.get() >= 0 {
        ctor.push(Value::Int(r.cnt.get()));
    }
    Ok(reduce_value(vm, &this, ctor, None))
}

// ---------------------------------------------------------------------------
// zip_longest

/// `zip_longest(*iterables, fillvalue=None)`: an iterator per iterable, None where
/// one has run out, and how many still run.
struct ZipLongest {
    iters: RefCell<Vec<Option<Value>>>,
    numactive: Cell<usize>,
    fillvalue: ValueCell,
}

impl NativeData for ZipLongest {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        let Ok(iters) = self.iters.try_borrow() else {
            return false;
        };
        iters.iter().flatten().for_each(&mut *visit);
        self.fillvalue.visit(visit)
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        if let Ok(mut iters) = self.iters.try_borrow_mut() {
            taken.extend(iters.iter_mut().filter_map(Option::take));
        }
        self.fillvalue.clear_into(taken);
    }
}

impl IterState for ZipLongest {
    const SPEC: &'static NativeTypeSpec = &ZIP_LONGEST_TYPE;
}

static ZIP_LONGEST_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "zip_longest(iter1 [,iter2 [...]], [fillvalue=None]) --> zip_longest object\n\n\
         Return a zip_longest object whose .__next__() method returns a tuple where\n\
         the i-th element comes from the i-th iterable argument.  The .__next__()\n\
         method continues until the longest iterable in the argument sequence\n\
         is exhausted and then it raises StopIteration.  When the shorter iterables\n\
         are exhausted, the fillvalue is substituted in their place.  The fillvalue\n\
         defaults to None or can be specified by a keyword argument.\n",
    ),
    subclassable: true,
    new: Some(zip_longest_new),
    slots: &[
        NativeSlot::Iter(iter_self),
        NativeSlot::IterNext(zip_longest_next),
    ],
    methods: &[
        MethodDef::method("__reduce__", zip_longest_reduce)
            .with_signature(&ZIP_LONGEST_REDUCE)
            .with_doc(REDUCE_DOC),
        MethodDef::method("__setstate__", zip_longest_setstate)
            .with_signature(&ZIP_LONGEST_SETSTATE)
            .with_doc(SETSTATE_DOC),
    ],
    ..NativeTypeSpec::new("zip_longest", "itertools")
};

static ZIP_LONGEST_NEW: Signature =
    Signature::new("zip_longest", "($type, *iterables, fillvalue=None)");
static ZIP_LONGEST_REDUCE: Signature =
    Signature::unlisted("zip_longest", "__reduce__", "($self, /)");
static ZIP_LONGEST_SETSTATE: Signature =
    Signature::unlisted("zip_longest", "__setstate__", "($self, state, /)");

fn zip_longest_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = new_class(vm, |t| &t.zip_longest, &args)?;
    // CPython checks the keywords itself, with its own message.
    let only_fillvalue = args.kw.len() <= 1
        && args
            .kw
            .iter()
            .all(|(k, _)| abstract_::obj_as_str(k) == Some("fillvalue"));
    if !only_fillvalue {
        return Err(
            vm.new_type_error("zip_longest() got an unexpected keyword argument".to_owned())
        );
    }
    let bound = ZIP_LONGEST_NEW.bind_all(vm, args)?;
    let (iterables, [fillvalue]) = (bound.args, bound.params);
    let mut iters = Vec::with_capacity(iterables.len());
    for iterable in &iterables {
        iters.push(Some(abstract_::get_iter(vm, iterable)?));
    }
    let state = ZipLongest {
        numactive: Cell::new(iters.len()),
        iters: RefCell::new(iters),
        fillvalue: ValueCell::new(fillvalue.unwrap_or(Value::None)),
    };
    Ok(new_native_object(vm, &cls, state))
}

fn zip_longest_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let z: &ZipLongest = state_of(vm, this)?;
    let size = z.iters.borrow().len();
    if size == 0 || z.numactive.get() == 0 {
        return Ok(None);
    }
    let fillvalue = z.fillvalue.get().unwrap_or(Value::None);
    let mut result = Vec::with_capacity(size);
    for i in 0..size {
        let it = z.iters.borrow().get(i).cloned().flatten();
        let Some(it) = it else {
            result.push(fillvalue.clone());
            continue;
        };
        match abstract_::iter_next(vm, &it) {
            Ok(Some(item)) => result.push(item),
            Ok(None) => {
                let active = z.numactive.get().saturating_sub(1);
                z.numactive.set(active);
                if active == 0 {
                    return Ok(None);
                }
                if let Some(slot) = z.iters.borrow_mut().get_mut(i) {
                    *slot = None;
                }
                result.push(fillvalue.clone());
            }
            Err(err) => {
                z.numactive.set(0);
                return Err(err);
            }
        }
    }
    Ok(Some(vm.new_tuple(result)))
}

fn zip_longest_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = bind_self(vm, &ZIP_LONGEST_REDUCE, args)?;
    let z: &ZipLongest = state_of(vm, &this)?;
    let iters = z.iters.borrow().clone();
    // An exhausted iterator pickles as an empty tuple.
    let ctor = iters
        .into_iter()
        .map(|it| it.unwrap_or_else(|| vm.new_tuple(vec![])))
        .collect();
    let fillvalue = z.fillvalue.get().unwrap_or(Value::None);
    Ok(reduce_value(vm, &this, ctor, Some(fillvalue)))
}

fn zip_longest_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, state) = bind_self_and_arg(vm, &ZIP_LONGEST_SETSTATE, args)?;
    let z: &ZipLongest = state_of(vm, &this)?;
    z.fillvalue.set(Some(state));
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// The module

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "itertools");
    let d = module_dict(&m).expect("a module has a dict");
    let doc = vm.new_str(MODULE_DOC);
    dict::dict_set_str(vm, &d, "__doc__", doc);
    let mut make = |spec: &NativeTypeSpec| {
        let ty = new_native_type(vm, spec, None);
        dict::dict_set_str(vm, &d, spec.name, Value::Obj(ty.clone()));
        ty
    };
    let types = Types {
        accumulate: make(&ACCUMULATE_TYPE),
        combinations: make(&COMBINATIONS_TYPE),
        cwr: make(&CWR_TYPE),
        cycle: make(&CYCLE_TYPE),
        dropwhile: make(&DROPWHILE_TYPE),
        takewhile: make(&TAKEWHILE_TYPE),
        islice: make(&ISLICE_TYPE),
        starmap: make(&STARMAP_TYPE),
        chain: make(&CHAIN_TYPE),
        compress: make(&COMPRESS_TYPE),
        filterfalse: make(&FILTERFALSE_TYPE),
        count: make(&COUNT_TYPE),
        zip_longest: make(&ZIP_LONGEST_TYPE),
        pairwise: make(&PAIRWISE_TYPE),
        permutations: make(&PERMUTATIONS_TYPE),
        product: make(&PRODUCT_TYPE),
        repeat: make(&REPEAT_TYPE),
        groupby: make(&GROUPBY_TYPE),
        grouper: make(&GROUPER_TYPE),
        tee: make(&TEE_TYPE),
        tee_dataobject: make(&TEE_DATAOBJECT_TYPE),
    };
    vm.set_module_state(types);
    let tee = BuiltinFunction {
        name: "tee",
        func: tee,
        this: None,
        module: Some("itertools"),
        doc: Some("Returns a tuple of n independent iterators."),
        wrapper_arity: None,
        slot: None,
        signature: Some(&TEE_FUNCTION),
        objclass: None,
    };
    let tee = PyObject::new(
        vm.types.builtin_function.clone(),
        Payload::BuiltinFunction(Box::new(tee)),
    );
    dict::dict_set_str(vm, &d, "tee", Value::Obj(tee));
    Ok(m)
}
