//! The `_heapq` module (CPython's `Modules/_heapqmodule.c`): the heap operations of
//! `heapq` on a list, comparing items with `<` only. A comparison runs Python code
//! that may change the list, so no borrow of it is held across one, and a change of
//! size is reported as CPython reports it.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::function::{Args, FastCall};
use krait_vm::objects::list::list_cell;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};

static HEAPPUSH: Signature = Signature::of("_heapq", "heappush", "($module, heap, item, /)")
    .with_fast(FastCall::new(2, 2, |vm, args| {
        push(vm, Some(args[0].clone()), args[1].clone())
    }));
static HEAPPOP: Signature = Signature::of("_heapq", "heappop", "($module, heap, /)").with_fast(
    FastCall::new(1, 1, |vm, args| {
        let heap = heap_arg(vm, &HEAPPOP, Some(args[0].clone()))?;
        pop(vm, &heap, Order::Min)
    }),
);
static HEAPIFY: Signature = Signature::of("_heapq", "heapify", "($module, heap, /)");
static HEAPREPLACE: Signature = Signature::of("_heapq", "heapreplace", "($module, heap, item, /)");
static HEAPPUSHPOP: Signature = Signature::of("_heapq", "heappushpop", "($module, heap, item, /)");
static HEAPPOP_MAX: Signature = Signature::of("_heapq", "_heappop_max", "($module, heap, /)");
static HEAPIFY_MAX: Signature = Signature::of("_heapq", "_heapify_max", "($module, heap, /)");
static HEAPREPLACE_MAX: Signature =
    Signature::of("_heapq", "_heapreplace_max", "($module, heap, item, /)");

static FUNCTIONS: [MethodDef; 8] = [
    MethodDef::staticmethod("heappush", heappush).with_signature(&HEAPPUSH),
    MethodDef::staticmethod("heappop", heappop).with_signature(&HEAPPOP),
    MethodDef::staticmethod("heapify", heapify).with_signature(&HEAPIFY),
    MethodDef::staticmethod("heapreplace", heapreplace).with_signature(&HEAPREPLACE),
    MethodDef::staticmethod("heappushpop", heappushpop).with_signature(&HEAPPUSHPOP),
    MethodDef::staticmethod("_heappop_max", heappop_max).with_signature(&HEAPPOP_MAX),
    MethodDef::staticmethod("_heapify_max", heapify_max).with_signature(&HEAPIFY_MAX),
    MethodDef::staticmethod("_heapreplace_max", heapreplace_max).with_signature(&HEAPREPLACE_MAX),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_heapq");
    let d = module_dict(&m).expect("a module");
    add_module_functions(vm, &d, "_heapq", &FUNCTIONS);
    let doc = vm.new_str(
        "Heap queue algorithm: a list kept so that a[k] <= a[2*k+1] and a[k] <= a[2*k+2].",
    );
    krait_vm::objects::dict::dict_set_str(vm, &d, "__doc__", doc);
    Ok(m)
}

/// Which way a heap is ordered: the smallest item on top, or the largest.
#[derive(Clone, Copy)]
enum Order {
    Min,
    Max,
}

impl Order {
    /// Whether `a` belongs above `b`.
    fn above(self, vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
        let (left, right) = match self {
            Order::Min => (a, b),
            Order::Max => (b, a),
        };
        abstract_::less_than(vm, left, right)
    }
}

/// The heap argument of `signature`'s function, which must be a list.
fn heap_arg(vm: &mut Vm, signature: &Signature, heap: Option<Value>) -> PyResult<Value> {
    let heap = heap.unwrap_or(Value::None);
    if list_cell(&heap).is_none() {
        // A function of one argument names it without a number.
        let which = if std::ptr::eq(signature, &HEAPPOP)
            || std::ptr::eq(signature, &HEAPIFY)
            || std::ptr::eq(signature, &HEAPPOP_MAX)
            || std::ptr::eq(signature, &HEAPIFY_MAX)
        {
            "argument"
        } else {
            "argument 1"
        };
        return Err(vm.new_type_error(format!(
            "{}() {which} must be list, not {}",
            signature.name(),
            vm.type_name_of(&heap)
        )));
    }
    Ok(heap)
}

fn len(heap: &Value) -> usize {
    list_cell(heap).map_or(0, |l| l.borrow().len())
}

fn get(heap: &Value, i: usize) -> Value {
    list_cell(heap)
        .and_then(|l| l.borrow().get(i).cloned())
        .unwrap_or(Value::None)
}

fn swap(heap: &Value, i: usize, j: usize) {
    if let Some(l) = list_cell(heap) {
        let mut items = l.borrow_mut();
        if i < items.len() && j < items.len() {
            items.swap(i, j);
        }
    }
}

fn changed_size(vm: &mut Vm) -> krait_vm::PyErr {
    vm.new_runtime_error("list changed size during iteration".to_owned())
}

/// Moves the item at `pos` up towards `start` while it belongs above its parent.
fn sift_down(
    vm: &mut Vm,
    heap: &Value,
    start: usize,
    mut pos: usize,
    order: Order,
) -> PyResult<()> {
    let size = len(heap);
    if pos >= size {
        return Err(vm.new_index_error("list index out of range".to_owned()));
    }
    while pos > start {
        let parent = (pos - 1) >> 1;
        let (item, above) = (get(heap, pos), get(heap, parent));
        let higher = order.above(vm, &item, &above)?;
        if len(heap) != size {
            return Err(changed_size(vm));
        }
        if !higher {
            break;
        }
        swap(heap, pos, parent);
        pos = parent;
    }
    Ok(())
}

/// Moves the item at `pos` down to a leaf along the path of higher children, then
/// back up to where it belongs.
fn sift_up(vm: &mut Vm, heap: &Value, mut pos: usize, order: Order) -> PyResult<()> {
    let end = len(heap);
    let start = pos;
    if pos >= end {
        return Err(vm.new_index_error("list index out of range".to_owned()));
    }
    let limit = end >> 1;
    while pos < limit {
        let mut child = 2 * pos + 1;
        if child + 1 < end {
            let (left, right) = (get(heap, child), get(heap, child + 1));
            let left_higher = order.above(vm, &left, &right)?;
            if len(heap) != end {
                return Err(changed_size(vm));
            }
            if !left_higher {
                child += 1;
            }
        }
        swap(heap, pos, child);
        pos = child;
    }
    sift_down(vm, heap, start, pos, order)
}

fn heappush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [heap, item] = HEAPPUSH.bind_args(vm, args)?;
    push(vm, heap, item.unwrap_or(Value::None))
}

fn push(vm: &mut Vm, heap: Option<Value>, item: Value) -> PyResult<Value> {
    let heap = heap_arg(vm, &HEAPPUSH, heap)?;
    krait_vm::objects::list::list_append(vm, &heap, item)?;
    let last = len(&heap) - 1;
    sift_down(vm, &heap, 0, last, Order::Min)?;
    Ok(Value::None)
}

fn pop(vm: &mut Vm, heap: &Value, order: Order) -> PyResult<Value> {
    let last = list_cell(heap).and_then(|l| l.borrow_mut().pop());
    let Some(last) = last else {
        return Err(vm.new_index_error("index out of range".to_owned()));
    };
    if len(heap) == 0 {
        return Ok(last);
    }
    let top = replace_top(heap, last);
    sift_up(vm, heap, 0, order)?;
    Ok(top)
}

/// Puts `item` on top of a non-empty heap and gives what was there.
fn replace_top(heap: &Value, item: Value) -> Value {
    list_cell(heap)
        .and_then(|l| {
            l.borrow_mut()
                .first_mut()
                .map(|top| std::mem::replace(top, item))
        })
        .unwrap_or(Value::None)
}

fn heappop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [heap] = HEAPPOP.bind_args(vm, args)?;
    let heap = heap_arg(vm, &HEAPPOP, heap)?;
    pop(vm, &heap, Order::Min)
}

fn heappop_max(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [heap] = HEAPPOP_MAX.bind_args(vm, args)?;
    let heap = heap_arg(vm, &HEAPPOP_MAX, heap)?;
    pop(vm, &heap, Order::Max)
}

fn replace(vm: &mut Vm, heap: &Value, item: Value, order: Order) -> PyResult<Value> {
    if len(heap) == 0 {
        return Err(vm.new_index_error("index out of range".to_owned()));
    }
    let top = replace_top(heap, item);
    sift_up(vm, heap, 0, order)?;
    Ok(top)
}

fn heapreplace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [heap, item] = HEAPREPLACE.bind_args(vm, args)?;
    let heap = heap_arg(vm, &HEAPREPLACE, heap)?;
    replace(vm, &heap, item.unwrap_or(Value::None), Order::Min)
}

fn heapreplace_max(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [heap, item] = HEAPREPLACE_MAX.bind_args(vm, args)?;
    let heap = heap_arg(vm, &HEAPREPLACE_MAX, heap)?;
    replace(vm, &heap, item.unwrap_or(Value::None), Order::Max)
}

fn heappushpop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [heap, item] = HEAPPUSHPOP.bind_args(vm, args)?;
    let heap = heap_arg(vm, &HEAPPUSHPOP, heap)?;
    let item = item.unwrap_or(Value::None);
    if len(&heap) == 0 {
        return Ok(item);
    }
    let top = get(&heap, 0);
    let top_first = Order::Min.above(vm, &top, &item)?;
    if !top_first {
        return Ok(item);
    }
    if len(&heap) == 0 {
        return Err(vm.new_index_error("index out of range".to_owned()));
    }
    let top = replace_top(&heap, item);
    sift_up(vm, &heap, 0, Order::Min)?;
    Ok(top)
}

fn heapify_as(vm: &mut Vm, heap: &Value, order: Order) -> PyResult<()> {
    for i in (0..len(heap) / 2).rev() {
        sift_up(vm, heap, i, order)?;
    }
    Ok(())
}

fn heapify(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [heap] = HEAPIFY.bind_args(vm, args)?;
    let heap = heap_arg(vm, &HEAPIFY, heap)?;
    heapify_as(vm, &heap, Order::Min)?;
    Ok(Value::None)
}

fn heapify_max(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [heap] = HEAPIFY_MAX.bind_args(vm, args)?;
    let heap = heap_arg(vm, &HEAPIFY_MAX, heap)?;
    heapify_as(vm, &heap, Order::Max)?;
    Ok(Value::None)
}
