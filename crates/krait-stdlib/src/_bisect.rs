//! The `_bisect` module (CPython's `Modules/_bisectmodule.c`): binary search of a
//! sorted sequence with `<`, and insertion that keeps it sorted. Items are read with
//! `a[i]` (any sequence works) and an optional `key` applies to each item read.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::function::{Args, FastCall};
use krait_vm::objects::list::list_cell;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};

const PARAMETERS: &str = "($module, /, a, x, lo=0, hi=None, *, key=None)";
static BISECT_RIGHT: Signature = Signature::of("_bisect", "bisect_right", PARAMETERS).with_fast(
    FastCall::new(2, 4, |vm, args| bisect_positional(vm, args, Side::Right)),
);
static BISECT_LEFT: Signature = Signature::of("_bisect", "bisect_left", PARAMETERS).with_fast(
    FastCall::new(2, 4, |vm, args| bisect_positional(vm, args, Side::Left)),
);
static INSORT_RIGHT: Signature = Signature::of("_bisect", "insort_right", PARAMETERS);
static INSORT_LEFT: Signature = Signature::of("_bisect", "insort_left", PARAMETERS);

static FUNCTIONS: [MethodDef; 4] = [
    MethodDef::staticmethod("bisect_right", bisect_right).with_signature(&BISECT_RIGHT),
    MethodDef::staticmethod("insort_right", insort_right).with_signature(&INSORT_RIGHT),
    MethodDef::staticmethod("bisect_left", bisect_left).with_signature(&BISECT_LEFT),
    MethodDef::staticmethod("insort_left", insort_left).with_signature(&INSORT_LEFT),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_bisect");
    let d = module_dict(&m).expect("a module");
    add_module_functions(vm, &d, "_bisect", &FUNCTIONS);
    let doc =
        vm.new_str("Bisection algorithms: binary search and insertion into sorted sequences.");
    krait_vm::objects::dict::dict_set_str(vm, &d, "__doc__", doc);
    Ok(m)
}

/// Which end of a run of equal items a search finds.
#[derive(Clone, Copy)]
enum Side {
    Left,
    Right,
}

/// The arguments every function takes.
struct Search {
    seq: Value,
    x: Value,
    lo: isize,
    hi: Option<isize>,
    key: Option<Value>,
}

fn search_args(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<Search> {
    let [a, x, lo, hi, key] = signature.bind_args(vm, args)?;
    search_from(vm, a, x, lo, hi, key)
}

fn search_from(
    vm: &mut Vm,
    a: Option<Value>,
    x: Option<Value>,
    lo: Option<Value>,
    hi: Option<Value>,
    key: Option<Value>,
) -> PyResult<Search> {
    let lo = match lo {
        Some(v) => abstract_::index_isize(vm, &v)?,
        None => 0,
    };
    // -1 means "the length", as None does.
    let hi = match hi {
        None | Some(Value::None) => None,
        Some(v) => Some(abstract_::index_isize(vm, &v)?).filter(|h| *h != -1),
    };
    Ok(Search {
        seq: a.unwrap_or(Value::None),
        x: x.unwrap_or(Value::None),
        lo,
        hi,
        key: key.filter(|k| !k.is_none()),
    })
}

/// Where `x` goes in `s.seq[lo:hi]` (x already passed through the key when
/// inserting).
fn search(vm: &mut Vm, s: &Search, x: &Value, side: Side) -> PyResult<usize> {
    if s.lo < 0 {
        return Err(vm.new_value_error("lo must be non-negative".to_owned()));
    }
    let mut lo = s.lo as usize;
    let mut hi = match s.hi {
        Some(h) => h.max(0) as usize,
        None => abstract_::len(vm, &s.seq)?,
    };
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let mut item = item_at(vm, &s.seq, mid)?;
        if let Some(key) = &s.key {
            item = vm.call1(key, vec![item])?;
        }
        let goes_left = match side {
            Side::Right => abstract_::less_than(vm, x, &item)?,
            Side::Left => !abstract_::less_than(vm, &item, x)?,
        };
        if goes_left {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

/// `seq[i]`, read straight from an exact list (a comparison may have shrunk it, so
/// the index is checked each time).
fn item_at(vm: &mut Vm, seq: &Value, i: usize) -> PyResult<Value> {
    if let Value::Obj(o) = seq {
        if std::ptr::eq(o.class_ref(), &*vm.types.list) {
            if let Some(item) = list_cell(seq).and_then(|items| items.borrow().get(i).cloned()) {
                return Ok(item);
            }
        }
    }
    abstract_::getitem(vm, seq, &Value::Int(i as i64))
}

fn bisect(vm: &mut Vm, signature: &Signature, args: Args, side: Side) -> PyResult<Value> {
    let s = search_args(vm, signature, args)?;
    let at = search(vm, &s, &s.x, side)?;
    Ok(Value::Int(at as i64))
}

/// `bisect(a, x[, lo[, hi]])`, all given by position (no key).
fn bisect_positional(vm: &mut Vm, args: &[Value], side: Side) -> PyResult<Value> {
    let [a, x, lo, hi] = [0, 1, 2, 3].map(|i| args.get(i).cloned());
    let s = search_from(vm, a, x, lo, hi, None)?;
    let at = search(vm, &s, &s.x, side)?;
    Ok(Value::Int(at as i64))
}

/// Inserts `x` where the search puts it: `list.insert` for a list, else the
/// sequence's own `insert` method.
fn insort(vm: &mut Vm, signature: &Signature, args: Args, side: Side) -> PyResult<Value> {
    let s = search_args(vm, signature, args)?;
    let probe = match &s.key {
        Some(key) => vm.call1(key, vec![s.x.clone()])?,
        None => s.x.clone(),
    };
    let at = search(vm, &s, &probe, side)?;
    let index = Value::Int(at as i64);
    let exact_list =
        matches!(&s.seq, Value::Obj(o) if std::rc::Rc::ptr_eq(&o.class(), &vm.types.list));
    if exact_list {
        let insert = abstract_::getattr_str(vm, &Value::Obj(vm.types.list.clone()), "insert")?;
        vm.call1(&insert, vec![s.seq.clone(), index, s.x.clone()])?;
    } else {
        vm.call_method(&s.seq, "insert", vec![index, s.x.clone()])?;
    }
    Ok(Value::None)
}

fn bisect_right(vm: &mut Vm, args: Args) -> PyResult<Value> {
    bisect(vm, &BISECT_RIGHT, args, Side::Right)
}

fn bisect_left(vm: &mut Vm, args: Args) -> PyResult<Value> {
    bisect(vm, &BISECT_LEFT, args, Side::Left)
}

fn insort_right(vm: &mut Vm, args: Args) -> PyResult<Value> {
    insort(vm, &INSORT_RIGHT, args, Side::Right)
}

fn insort_left(vm: &mut Vm, args: Args) -> PyResult<Value> {
    insort(vm, &INSORT_LEFT, args, Side::Left)
}
