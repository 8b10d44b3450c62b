//! The `_operator` module (CPython's `Modules/_operator.c`): the operators as
//! functions. `Lib/operator.py` defines everything in Python and then replaces
//! what this module provides with `from _operator import *`.
//!
//! `itemgetter`, `attrgetter` and `methodcaller` are Rust types keeping their
//! arguments in the instance dict (object payloads belong to the VM).

use krait_bytecode::Opcode;
use krait_vm::objects::dict;
use krait_vm::objects::function::{Args, NativeFn};
use krait_vm::objects::typeobject::{new_heap_type, new_instance};
use krait_vm::objects::{add_method, add_new, new_builtin_function};
use krait_vm::{abstract_, getargs, ObjRef, Payload, PyResult, Value, Vm};

/// The two arguments of a two-operand operator function (`add(a, b, /)`).
fn two_args(vm: &mut Vm, name: &str, args: Args) -> PyResult<(Value, Value)> {
    let mut a = getargs::positional(vm, name, args, 2, 2)?
        .into_iter()
        .flatten();
    match (a.next(), a.next()) {
        (Some(x), Some(y)) => Ok((x, y)),
        _ => Err(getargs::arity_error(vm, name, 0, 2, 2)),
    }
}

fn binary(vm: &mut Vm, name: &str, args: Args, op: usize) -> PyResult<Value> {
    let (a, b) = two_args(vm, name, args)?;
    abstract_::binary_op(vm, &a, &b, op)
}

fn rich_compare(vm: &mut Vm, name: &str, args: Args, op: usize) -> PyResult<Value> {
    let (a, b) = two_args(vm, name, args)?;
    abstract_::compare(vm, &a, &b, op)
}

fn unary(vm: &mut Vm, name: &str, args: Args, op: Opcode) -> PyResult<Value> {
    let v = getargs::exactly_one(vm, name, args)?;
    abstract_::unary_op(vm, &v, op)
}

macro_rules! binary_fns {
    ($($name:literal => $op:expr),* $(,)?) => {
        vec![$(($name, (|vm: &mut Vm, args: Args| binary(vm, $name, args, $op)) as NativeFn)),*]
    };
}

macro_rules! compare_fns {
    ($($name:literal => $op:expr),* $(,)?) => {
        vec![$(($name, (|vm: &mut Vm, args: Args| rich_compare(vm, $name, args, $op)) as NativeFn)),*]
    };
}

fn op_not(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = getargs::exactly_one(vm, "not_", args)?;
    Ok(Value::Bool(!abstract_::is_true(vm, &v)?))
}

fn op_truth(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = getargs::exactly_one(vm, "truth", args)?;
    Ok(Value::Bool(abstract_::is_true(vm, &v)?))
}

fn same_object(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Obj(x), Value::Obj(y)) => std::rc::Rc::ptr_eq(x, y),
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::None, Value::None) => true,
        _ => false,
    }
}

fn op_is(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = two_args(vm, "is_", args)?;
    Ok(Value::Bool(same_object(&a, &b)))
}

fn op_is_not(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = two_args(vm, "is_not", args)?;
    Ok(Value::Bool(!same_object(&a, &b)))
}

fn op_index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = getargs::exactly_one(vm, "index", args)?;
    abstract_::index(vm, &v)
}

fn op_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = two_args(vm, "getitem", args)?;
    abstract_::getitem(vm, &a, &b)
}

fn op_setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut a = getargs::positional(vm, "setitem", args, 3, 3)?
        .into_iter()
        .flatten();
    let (Some(obj), Some(key), Some(value)) = (a.next(), a.next(), a.next()) else {
        return Err(getargs::arity_error(vm, "setitem", 0, 3, 3));
    };
    abstract_::setitem(vm, &obj, key, value)?;
    Ok(Value::None)
}

fn op_delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = two_args(vm, "delitem", args)?;
    abstract_::delitem(vm, &a, &b)?;
    Ok(Value::None)
}

fn op_contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = two_args(vm, "contains", args)?;
    Ok(Value::Bool(abstract_::contains(vm, &a, &b)?))
}

/// The iterator of a sequence argument, with `operator`'s message for a non-iterable.
fn sequence_iter(vm: &mut Vm, seq: &Value) -> PyResult<Value> {
    abstract_::get_iter(vm, seq).map_err(|e| {
        if vm.err_matches(&e, "TypeError") {
            let msg = format!(
                "argument of type '{}' is not iterable",
                vm.type_name_of(seq)
            );
            vm.new_type_error(msg)
        } else {
            e
        }
    })
}

/// `a is b or a == b`, as sequence searches compare.
fn same_or_equal(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    if same_object(a, b) {
        return Ok(true);
    }
    abstract_::rich_eq_bool(vm, a, b)
}

fn op_count_of(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (seq, value) = two_args(vm, "countOf", args)?;
    let it = sequence_iter(vm, &seq)?;
    let mut n = 0i64;
    while let Some(item) = abstract_::iter_next(vm, &it)? {
        if same_or_equal(vm, &item, &value)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn op_index_of(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (seq, value) = two_args(vm, "indexOf", args)?;
    let it = sequence_iter(vm, &seq)?;
    let mut i = 0i64;
    while let Some(item) = abstract_::iter_next(vm, &it)? {
        if same_or_equal(vm, &item, &value)? {
            return Ok(Value::Int(i));
        }
        i += 1;
    }
    Err(vm.new_value_error("sequence.index(x): x not in sequence".to_owned()))
}

/// `a + b` for sequences: `a` must support indexing.
fn concat_common(vm: &mut Vm, name: &str, args: Args, op: usize) -> PyResult<Value> {
    let (a, b) = two_args(vm, name, args)?;
    let ty = vm.type_of(&a);
    if krait_vm::objects::typeobject::lookup(&ty, "__getitem__").is_none() {
        let msg = format!("'{}' object can't be concatenated", vm.type_name_of(&a));
        return Err(vm.new_type_error(msg));
    }
    abstract_::binary_op(vm, &a, &b, op)
}

fn op_concat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    concat_common(vm, "concat", args, 0)
}

fn op_iconcat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    concat_common(vm, "iconcat", args, 13)
}

/// `length_hint(obj, default=0, /)`: `len(obj)`, else `obj.__length_hint__()`, else
/// `default`.
fn op_length_hint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut a = getargs::positional(vm, "length_hint", args, 1, 2)?.into_iter();
    let obj = a.next().flatten().unwrap_or(Value::None);
    let default = match a.next().flatten() {
        None => 0,
        Some(Value::Int(n)) => n,
        Some(Value::Bool(b)) => b as i64,
        Some(v) => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name_of(&v)
            );
            return Err(vm.new_type_error(msg));
        }
    };
    match abstract_::len(vm, &obj) {
        Ok(n) => return Ok(Value::Int(n as i64)),
        Err(e) if !vm.err_matches(&e, "TypeError") => return Err(e),
        Err(_) => {}
    }
    let hint = match abstract_::call_special(vm, &obj, "__length_hint__", vec![])? {
        None => return Ok(Value::Int(default)),
        Some(h) => h,
    };
    match hint {
        Value::Int(n) if n >= 0 => Ok(Value::Int(n)),
        Value::Int(_) => Err(vm.new_value_error("__length_hint__() should return >= 0".to_owned())),
        Value::Bool(b) => Ok(Value::Int(b as i64)),
        v if v.is(&vm.not_implemented()) => Ok(Value::Int(default)),
        v => {
            let msg = format!(
                "__length_hint__ must be an integer, not {}",
                vm.type_name_of(&v)
            );
            Err(vm.new_type_error(msg))
        }
    }
}

fn bytes_required(vm: &mut Vm, v: &Value) -> krait_vm::PyErr {
    let msg = format!(
        "a bytes-like object is required, not '{}'",
        vm.type_name_of(v)
    );
    vm.new_type_error(msg)
}

/// `_compare_digest(a, b, /)`: equality of two ASCII strs or two bytes-like objects
/// in time that depends on the length only.
fn op_compare_digest(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = two_args(vm, "_compare_digest", args)?;
    let (x, y) = match (abstract_::value_as_str(&a), abstract_::value_as_str(&b)) {
        (Some(x), Some(y)) => {
            if !x.is_ascii() || !y.is_ascii() {
                return Err(vm.new_type_error(
                    "comparing strings with non-ASCII characters is not supported".to_owned(),
                ));
            }
            (x.as_bytes().to_vec(), y.as_bytes().to_vec())
        }
        _ => {
            let bytes_a = krait_vm::objects::bytes::as_bytes(&a);
            let bytes_b = krait_vm::objects::bytes::as_bytes(&b);
            match (bytes_a, bytes_b) {
                (Some(x), Some(y)) => (x, y),
                (None, None) => {
                    let msg = format!(
                        "unsupported operand types(s) or combination of types: '{}' and '{}'",
                        vm.type_name_of(&a),
                        vm.type_name_of(&b)
                    );
                    return Err(vm.new_type_error(msg));
                }
                (None, Some(_)) => return Err(bytes_required(vm, &a)),
                (Some(_), None) => return Err(bytes_required(vm, &b)),
            }
        }
    };
    // Every byte is looked at whatever the result, as CPython does.
    let mut diff = (x.len() != y.len()) as u8;
    let other = if x.len() == y.len() { &x } else { &y };
    for (p, q) in other.iter().zip(&y) {
        diff |= p ^ q;
    }
    Ok(Value::Bool(diff == 0))
}

/// The instance-dict key holding the arguments of an `itemgetter`/`attrgetter`.
const ARGS: &str = "_args";

/// Makes an `itemgetter`/`attrgetter` instance of `cls` from `args`, CPython's checks
/// included.
fn getter_new(vm: &mut Vm, name: &str, mut args: Args, strings: bool) -> PyResult<Value> {
    let cls = match args.pos.first() {
        Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
        _ => return Err(vm.new_type_error(format!("{name}.__new__(X): X is not a type object"))),
    };
    args.pos.remove(0);
    getargs::no_keywords(vm, name, &args)?;
    if args.pos.is_empty() {
        return Err(getargs::arity_error(vm, name, 0, 1, 1));
    }
    if strings
        && args
            .pos
            .iter()
            .any(|a| abstract_::value_as_str(a).is_none())
    {
        return Err(vm.new_type_error("attribute name must be a string".to_owned()));
    }
    let obj = new_instance(vm, &cls, Payload::Instance);
    let items = vm.new_tuple(args.pos);
    if let Some(d) = obj.dict() {
        dict::dict_set_str(vm, &d, ARGS, items);
    }
    Ok(Value::Obj(obj))
}

/// The receiver and the arguments given to a getter at creation.
fn getter_args(vm: &mut Vm, args: &Args) -> PyResult<(Value, Vec<Value>)> {
    let this = args
        .pos
        .first()
        .cloned()
        .ok_or_else(|| vm.new_type_error("descriptor needs an argument".to_owned()))?;
    let stored = match &this {
        Value::Obj(o) => o.dict().and_then(|d| dict::dict_get_str(&d, ARGS)),
        _ => None,
    };
    match stored {
        Some(Value::Obj(t)) => match &t.payload {
            Payload::Tuple(items) => Ok((this, items.to_vec())),
            _ => Err(vm.new_type_error("getter without arguments".to_owned())),
        },
        _ => Err(vm.new_type_error("getter without arguments".to_owned())),
    }
}

/// The one operand of a getter call (`f(obj)`).
fn getter_operand(vm: &mut Vm, name: &str, mut args: Args) -> PyResult<(Vec<Value>, Value)> {
    let (_, items) = getter_args(vm, &args)?;
    args.pos.remove(0);
    getargs::no_keywords(vm, name, &args)?;
    match <[Value; 1]>::try_from(args.pos) {
        Ok([operand]) => Ok((items, operand)),
        Err(pos) => Err(getargs::arity_error(vm, name, pos.len(), 1, 1)),
    }
}

fn getter_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, items) = getter_args(vm, &args)?;
    let class = vm.type_of(&this);
    let mut name = class.type_data().map(|t| t.name()).unwrap_or_default();
    if matches!(name.as_str(), "itemgetter" | "attrgetter") {
        name = format!("operator.{name}");
    }
    let mut parts = Vec::with_capacity(items.len());
    for item in &items {
        parts.push(abstract_::repr_string(vm, item)?);
    }
    Ok(vm.new_str(format!("{name}({})", parts.join(", "))))
}

fn getter_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, items) = getter_args(vm, &args)?;
    let class = Value::Obj(vm.type_of(&this));
    let items = vm.new_tuple(items);
    Ok(vm.new_tuple(vec![class, items]))
}

fn itemgetter_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    getter_new(vm, "itemgetter", args, false)
}

fn itemgetter_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (items, obj) = getter_operand(vm, "itemgetter", args)?;
    if let [item] = &items[..] {
        return abstract_::getitem(vm, &obj, item);
    }
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        out.push(abstract_::getitem(vm, &obj, item)?);
    }
    Ok(vm.new_tuple(out))
}

fn attrgetter_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    getter_new(vm, "attrgetter", args, true)
}

/// `obj.a.b.c` for the dotted name `a.b.c`.
fn dotted_getattr(vm: &mut Vm, obj: Value, path: &Value) -> PyResult<Value> {
    let path = abstract_::value_as_str(path).unwrap_or("").to_owned();
    let mut obj = obj;
    for name in path.split('.') {
        obj = abstract_::getattr_str(vm, &obj, name)?;
    }
    Ok(obj)
}

fn attrgetter_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (attrs, obj) = getter_operand(vm, "attrgetter", args)?;
    if let [attr] = &attrs[..] {
        return dotted_getattr(vm, obj, attr);
    }
    let mut out = Vec::with_capacity(attrs.len());
    for attr in &attrs {
        out.push(dotted_getattr(vm, obj.clone(), attr)?);
    }
    Ok(vm.new_tuple(out))
}

const METHOD_NAME: &str = "_name";
const METHOD_KWARGS: &str = "_kwargs";

/// `methodcaller(name, /, *args, **kwargs)`.
fn methodcaller_new(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let cls = match args.pos.first() {
        Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
        _ => {
            return Err(
                vm.new_type_error("methodcaller.__new__(X): X is not a type object".to_owned())
            )
        }
    };
    args.pos.remove(0);
    if args.pos.is_empty() {
        return Err(vm.new_type_error(
            "methodcaller needs at least one argument, the method name".to_owned(),
        ));
    }
    let name = args.pos.remove(0);
    if abstract_::value_as_str(&name).is_none() {
        return Err(vm.new_type_error("method name must be a string".to_owned()));
    }
    let kwargs = vm.new_dict();
    for (k, v) in args.kw {
        dict::dict_set_item(vm, &kwargs, Value::Obj(k), v)?;
    }
    let obj = new_instance(vm, &cls, Payload::Instance);
    let rest = vm.new_tuple(args.pos);
    if let Some(d) = obj.dict() {
        dict::dict_set_str(vm, &d, METHOD_NAME, name);
        dict::dict_set_str(vm, &d, ARGS, rest);
        dict::dict_set_str(vm, &d, METHOD_KWARGS, Value::Obj(kwargs));
    }
    Ok(Value::Obj(obj))
}

/// A methodcaller, its method name, positional and keyword arguments.
type MethodCall = (Value, Value, Vec<Value>, Vec<(Value, Value)>);

/// The name, positional arguments and keyword arguments of a methodcaller.
fn methodcaller_state(vm: &mut Vm, args: &Args) -> PyResult<MethodCall> {
    let (this, rest) = getter_args(vm, args)?;
    let d = match &this {
        Value::Obj(o) => o.dict(),
        _ => None,
    }
    .ok_or_else(|| vm.new_type_error("methodcaller without state".to_owned()))?;
    let name = dict::dict_get_str(&d, METHOD_NAME).unwrap_or(Value::None);
    let kwargs = match dict::dict_get_str(&d, METHOD_KWARGS) {
        Some(Value::Obj(k)) => dict::dict_items(&k),
        _ => vec![],
    };
    Ok((this, name, rest, kwargs))
}

fn methodcaller_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_, name, rest, kwargs) = methodcaller_state(vm, &args)?;
    let (_, obj) = getter_operand(vm, "methodcaller", args)?;
    let name = abstract_::value_as_str(&name).unwrap_or("").to_owned();
    let method = abstract_::getattr_str(vm, &obj, &name)?;
    let kw = kwargs
        .into_iter()
        .filter_map(|(k, v)| match k {
            Value::Obj(k) => Some((k, v)),
            _ => None,
        })
        .collect();
    vm.call(&method, Args { pos: rest, kw })
}

fn methodcaller_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, name, rest, kwargs) = methodcaller_state(vm, &args)?;
    let class = vm.type_of(&this);
    let mut type_name = class.type_data().map(|t| t.name()).unwrap_or_default();
    if type_name == "methodcaller" {
        type_name = "operator.methodcaller".to_owned();
    }
    let mut parts = vec![abstract_::repr_string(vm, &name)?];
    for a in &rest {
        parts.push(abstract_::repr_string(vm, a)?);
    }
    for (k, v) in &kwargs {
        let key = abstract_::value_as_str(k).unwrap_or("").to_owned();
        parts.push(format!("{key}={}", abstract_::repr_string(vm, v)?));
    }
    Ok(vm.new_str(format!("{type_name}({})", parts.join(", "))))
}

fn methodcaller_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, name, rest, kwargs) = methodcaller_state(vm, &args)?;
    let class = Value::Obj(vm.type_of(&this));
    if kwargs.is_empty() {
        let mut ctor = vec![name];
        ctor.extend(rest);
        let ctor = vm.new_tuple(ctor);
        return Ok(vm.new_tuple(vec![class, ctor]));
    }
    // partial(type(self), name, **kwargs), with the positional arguments to follow.
    let import = dict::dict_get_str(&vm.builtins_dict.clone(), "__import__")
        .ok_or_else(|| vm.new_runtime_error("lost builtins.__import__".to_owned()))?;
    let module_name = vm.new_str("functools");
    let functools = vm.call1(&import, vec![module_name])?;
    let partial = abstract_::getattr_str(vm, &functools, "partial")?;
    let kw = kwargs
        .into_iter()
        .filter_map(|(k, v)| match k {
            Value::Obj(k) => Some((k, v)),
            _ => None,
        })
        .collect();
    let ctor = vm.call(
        &partial,
        Args {
            pos: vec![class, name],
            kw,
        },
    )?;
    let rest = vm.new_tuple(rest);
    Ok(vm.new_tuple(vec![ctor, rest]))
}

/// A class of `operator` made from Rust.
fn new_getter_class(vm: &mut Vm, name: &str) -> PyResult<ObjRef> {
    let ns = vm.new_dict();
    let module = vm.new_str("operator");
    dict::dict_set_str(vm, &ns, "__module__", module);
    let metatype = vm.types.type_.clone();
    let ty = new_heap_type(vm, &metatype, name, vec![], &ns)?;
    add_method(vm, &ty, "__repr__", getter_repr);
    add_method(vm, &ty, "__reduce__", getter_reduce);
    // Krait's object.__reduce_ex__ does not yet defer to an overridden __reduce__.
    add_method(vm, &ty, "__reduce_ex__", getter_reduce);
    // As in CPython, the getters cannot be subclassed.
    krait_vm::objects::typeobject::type_data(&ty)
        .base_type
        .set(false);
    Ok(ty)
}

fn add_getter_types(vm: &mut Vm, d: &ObjRef) -> PyResult<()> {
    let itemgetter = new_getter_class(vm, "itemgetter")?;
    add_new(vm, &itemgetter, itemgetter_new);
    add_method(vm, &itemgetter, "__call__", itemgetter_call);
    dict::dict_set_str(vm, d, "itemgetter", Value::Obj(itemgetter));
    let attrgetter = new_getter_class(vm, "attrgetter")?;
    add_new(vm, &attrgetter, attrgetter_new);
    add_method(vm, &attrgetter, "__call__", attrgetter_call);
    dict::dict_set_str(vm, d, "attrgetter", Value::Obj(attrgetter));
    let methodcaller = new_getter_class(vm, "methodcaller")?;
    add_new(vm, &methodcaller, methodcaller_new);
    add_method(vm, &methodcaller, "__call__", methodcaller_call);
    add_method(vm, &methodcaller, "__repr__", methodcaller_repr);
    add_method(vm, &methodcaller, "__reduce__", methodcaller_reduce);
    add_method(vm, &methodcaller, "__reduce_ex__", methodcaller_reduce);
    dict::dict_set_str(vm, d, "methodcaller", Value::Obj(methodcaller));
    Ok(())
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = krait_vm::objects::module::new_module(vm, "_operator");
    let d = krait_vm::objects::module::module_dict(&m).expect("a module has a dict");
    add_operator_functions(vm, &d)?;
    Ok(m)
}

fn add_operator_functions(vm: &mut Vm, d: &ObjRef) -> PyResult<()> {
    let mut fns: Vec<(&'static str, NativeFn)> = binary_fns![
        "add" => 0, "and_" => 1, "floordiv" => 2, "lshift" => 3, "matmul" => 4,
        "mul" => 5, "mod" => 6, "or_" => 7, "pow" => 8, "rshift" => 9, "sub" => 10,
        "truediv" => 11, "xor" => 12,
        "iadd" => 13, "iand" => 14, "ifloordiv" => 15, "ilshift" => 16, "imatmul" => 17,
        "imul" => 18, "imod" => 19, "ior" => 20, "ipow" => 21, "irshift" => 22,
        "isub" => 23, "itruediv" => 24, "ixor" => 25,
    ];
    fns.extend(compare_fns![
        "lt" => 0, "le" => 1, "eq" => 2, "ne" => 3, "gt" => 4, "ge" => 5,
    ]);
    fns.extend([
        (
            "neg",
            (|vm: &mut Vm, a: Args| unary(vm, "neg", a, Opcode::UNARY_NEGATIVE)) as NativeFn,
        ),
        ("pos", |vm, a| unary(vm, "pos", a, Opcode::UNARY_POSITIVE)),
        ("inv", |vm, a| unary(vm, "inv", a, Opcode::UNARY_INVERT)),
        ("invert", |vm, a| {
            unary(vm, "invert", a, Opcode::UNARY_INVERT)
        }),
        ("not_", op_not),
        ("truth", op_truth),
        ("is_", op_is),
        ("is_not", op_is_not),
        ("index", op_index),
        ("getitem", op_getitem),
        ("setitem", op_setitem),
        ("delitem", op_delitem),
        ("contains", op_contains),
        ("countOf", op_count_of),
        ("indexOf", op_index_of),
        ("concat", op_concat),
        ("iconcat", op_iconcat),
        ("length_hint", op_length_hint),
        ("_compare_digest", op_compare_digest),
    ]);
    for (name, f) in fns {
        let func = new_builtin_function(vm, name, f, Some("_operator"));
        dict::dict_set_str(vm, d, name, func);
    }
    add_getter_types(vm, d)
}
