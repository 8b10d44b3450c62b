//! The `_operator` module (CPython's `Modules/_operator.c`): the operators as
//! functions, and the `itemgetter`, `attrgetter` and `methodcaller` types.
//! `Lib/operator.py` defines everything in Python and then replaces what this
//! module provides with `from _operator import *`.

use krait_bytecode::opcode_table::{
    NB_ADD, NB_AND, NB_FLOOR_DIVIDE, NB_INPLACE_ADD, NB_INPLACE_AND, NB_INPLACE_FLOOR_DIVIDE,
    NB_INPLACE_LSHIFT, NB_INPLACE_MATRIX_MULTIPLY, NB_INPLACE_MULTIPLY, NB_INPLACE_OR,
    NB_INPLACE_POWER, NB_INPLACE_REMAINDER, NB_INPLACE_RSHIFT, NB_INPLACE_SUBTRACT,
    NB_INPLACE_TRUE_DIVIDE, NB_INPLACE_XOR, NB_LSHIFT, NB_MATRIX_MULTIPLY, NB_MULTIPLY, NB_OR,
    NB_POWER, NB_REMAINDER, NB_RSHIFT, NB_SUBTRACT, NB_TRUE_DIVIDE, NB_XOR,
};
use krait_bytecode::Opcode;
use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::objects::dict;
use krait_vm::objects::function::{Args, FastCall};
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::typeobject::{lookup, type_data};
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};

use crate::{given, wrong_receiver};
use krait_vm::Exc;

// ---------------------------------------------------------------------------
// The operators as functions

/// Declares operator functions of two operands: each binds `($module, a, b, /)`.
macro_rules! two_operand_functions {
    ($table:ident; $($f:ident = $name:literal, $sig:ident, $doc:literal =>
        |$vm:ident, $a:ident, $b:ident| $body:expr;)*) => {
        $(
            static $sig: Signature = Signature::of("_operator", $name, "($module, a, b, /)")
                .with_fast(FastCall::new(2, 2, |vm, args| {
                    $f::apply(vm, args[0].clone(), args[1].clone())
                }));

            #[doc = $doc]
            fn $f($vm: &mut Vm, args: Args) -> PyResult<Value> {
                let [$a, $b] = $sig.bind_args($vm, args)?;
                $f::apply($vm, given($a), given($b))
            }

            mod $f {
                use super::*;

                pub(super) fn apply($vm: &mut Vm, $a: Value, $b: Value) -> PyResult<Value> {
                    $body
                }
            }
        )*
        static $table: &[MethodDef] = &[$(
            MethodDef::staticmethod($name, $f).with_signature(&$sig).with_doc($doc)
        ),*];
    };
}

/// Declares operator functions of one operand: each binds `($module, a, /)`
/// (`METH_O`).
macro_rules! one_operand_functions {
    ($table:ident; $($f:ident = $name:literal, $sig:ident, $doc:literal =>
        |$vm:ident, $a:ident| $body:expr;)*) => {
        $(
            static $sig: Signature = Signature::of("_operator", $name, "($module, a, /)")
                .with_fast(FastCall::new(1, 1, |vm, args| $f::apply(vm, args[0].clone())));

            #[doc = $doc]
            fn $f($vm: &mut Vm, args: Args) -> PyResult<Value> {
                let [$a] = $sig.bind_args($vm, args)?;
                $f::apply($vm, given($a))
            }

            mod $f {
                use super::*;

                pub(super) fn apply($vm: &mut Vm, $a: Value) -> PyResult<Value> {
                    $body
                }
            }
        )*
        static $table: &[MethodDef] = &[$(
            MethodDef::staticmethod($name, $f).with_signature(&$sig).with_doc($doc)
        ),*];
    };
}

two_operand_functions! {
    TWO_OPERAND_FUNCTIONS;
    add = "add", ADD, "Same as a + b." => |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_ADD);
    and_ = "and_", AND, "Same as a & b." => |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_AND);
    floordiv = "floordiv", FLOORDIV, "Same as a // b." =>
        |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_FLOOR_DIVIDE);
    lshift = "lshift", LSHIFT, "Same as a << b." => |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_LSHIFT);
    matmul = "matmul", MATMUL, "Same as a @ b." =>
        |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_MATRIX_MULTIPLY);
    mul = "mul", MUL, "Same as a * b." => |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_MULTIPLY);
    modulo = "mod", MOD, "Same as a % b." => |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_REMAINDER);
    or_ = "or_", OR, "Same as a | b." => |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_OR);
    pow = "pow", POW, "Same as a ** b." => |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_POWER);
    rshift = "rshift", RSHIFT, "Same as a >> b." => |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_RSHIFT);
    sub = "sub", SUB, "Same as a - b." => |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_SUBTRACT);
    truediv = "truediv", TRUEDIV, "Same as a / b." =>
        |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_TRUE_DIVIDE);
    xor = "xor", XOR, "Same as a ^ b." => |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_XOR);
    iadd = "iadd", IADD, "Same as a += b." => |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_INPLACE_ADD);
    iand = "iand", IAND, "Same as a &= b." => |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_INPLACE_AND);
    ifloordiv = "ifloordiv", IFLOORDIV, "Same as a //= b." =>
        |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_INPLACE_FLOOR_DIVIDE);
    ilshift = "ilshift", ILSHIFT, "Same as a <<= b." =>
        |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_INPLACE_LSHIFT);
    imatmul = "imatmul", IMATMUL, "Same as a @= b." =>
        |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_INPLACE_MATRIX_MULTIPLY);
    imul = "imul", IMUL, "Same as a *= b." =>
        |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_INPLACE_MULTIPLY);
    imod = "imod", IMOD, "Same as a %= b." =>
        |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_INPLACE_REMAINDER);
    ior = "ior", IOR, "Same as a |= b." => |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_INPLACE_OR);
    ipow = "ipow", IPOW, "Same as a **= b." =>
        |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_INPLACE_POWER);
    irshift = "irshift", IRSHIFT, "Same as a >>= b." =>
        |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_INPLACE_RSHIFT);
    isub = "isub", ISUB, "Same as a -= b." =>
        |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_INPLACE_SUBTRACT);
    itruediv = "itruediv", ITRUEDIV, "Same as a /= b." =>
        |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_INPLACE_TRUE_DIVIDE);
    ixor = "ixor", IXOR, "Same as a ^= b." => |vm, a, b| abstract_::binary_op(vm, &a, &b, NB_INPLACE_XOR);
    lt = "lt", LT, "Same as a < b." => |vm, a, b| abstract_::compare(vm, &a, &b, 0);
    le = "le", LE, "Same as a <= b." => |vm, a, b| abstract_::compare(vm, &a, &b, 1);
    eq = "eq", EQ, "Same as a == b." => |vm, a, b| abstract_::compare(vm, &a, &b, 2);
    ne = "ne", NE, "Same as a != b." => |vm, a, b| abstract_::compare(vm, &a, &b, 3);
    gt = "gt", GT, "Same as a > b." => |vm, a, b| abstract_::compare(vm, &a, &b, 4);
    ge = "ge", GE, "Same as a >= b." => |vm, a, b| abstract_::compare(vm, &a, &b, 5);
    is_ = "is_", IS, "Same as a is b." => |_vm, a, b| Ok(Value::Bool(same_object(&a, &b)));
    is_not = "is_not", IS_NOT, "Same as a is not b." => |_vm, a, b| Ok(Value::Bool(!same_object(&a, &b)));
    getitem = "getitem", GETITEM, "Same as a[b]." => |vm, a, b| abstract_::getitem(vm, &a, &b);
    delitem = "delitem", DELITEM, "Same as del a[b]." => |vm, a, b| {
        abstract_::delitem(vm, &a, &b)?;
        Ok(Value::None)
    };
    contains = "contains", CONTAINS, "Same as b in a (note reversed operands)." =>
        |vm, a, b| Ok(Value::Bool(abstract_::contains(vm, &a, &b)?));
    count_of_function = "countOf", COUNT_OF, "Return the number of items in a which are, or which equal, b." =>
        |vm, a, b| count_of(vm, &a, &b);
    index_of_function = "indexOf", INDEX_OF, "Return the first index of b in a." => |vm, a, b| index_of(vm, &a, &b);
    concat = "concat", CONCAT, "Same as a + b, for a and b sequences." =>
        |vm, a, b| concat_sequences(vm, &a, &b, NB_ADD);
    iconcat = "iconcat", ICONCAT, "Same as a += b, for a and b sequences." =>
        |vm, a, b| concat_sequences(vm, &a, &b, NB_INPLACE_ADD);
    compare_digest_function = "_compare_digest", COMPARE_DIGEST,
        "Return 'a == b'.\n\nThis function uses an approach designed to prevent\n\
         timing analysis, making it appropriate for cryptography.\n\n\
         a and b must both be of the same type: either str (ASCII only),\n\
         or any bytes-like object.\n\n\
         Note: If a and b are of different lengths, or if an error occurs,\n\
         a timing attack could theoretically reveal information about the\n\
         types and lengths of a and b--but not their values." =>
        |vm, a, b| compare_digest(vm, &a, &b);
}

one_operand_functions! {
    ONE_OPERAND_FUNCTIONS;
    neg = "neg", NEG, "Same as -a." => |vm, a| abstract_::unary_op(vm, &a, Opcode::UNARY_NEGATIVE);
    pos = "pos", POS, "Same as +a." => |vm, a| abstract_::unary_op(vm, &a, Opcode::UNARY_POSITIVE);
    inv = "inv", INV, "Same as ~a." => |vm, a| abstract_::unary_op(vm, &a, Opcode::UNARY_INVERT);
    invert = "invert", INVERT, "Same as ~a." => |vm, a| abstract_::unary_op(vm, &a, Opcode::UNARY_INVERT);
    not_ = "not_", NOT, "Same as not a." => |vm, a| Ok(Value::Bool(!abstract_::is_true(vm, &a)?));
    truth = "truth", TRUTH, "Return True if a is true, False otherwise." =>
        |vm, a| Ok(Value::Bool(abstract_::is_true(vm, &a)?));
    index = "index", INDEX, "Same as a.__index__()" => |vm, a| abstract_::index(vm, &a);
    abs = "abs", ABS, "Same as abs(a)." => |vm, a| abstract_::absolute(vm, &a);
}

static SETITEM: Signature = Signature::of("_operator", "setitem", "($module, a, b, c, /)");

/// `a[b] = c`.
fn setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [a, b, c] = SETITEM.bind_args(vm, args)?;
    abstract_::setitem(vm, &given(a), given(b), given(c))?;
    Ok(Value::None)
}

static LENGTH_HINT: Signature =
    Signature::of("_operator", "length_hint", "($module, obj, default=0, /)");

static CALL: Signature = Signature::of("_operator", "call", "($module, obj, /, *args, **kwargs)");

/// `obj(*args, **kwargs)`.
fn call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = CALL.bind_all::<1>(vm, args)?;
    let [obj] = bound.params;
    vm.call(
        &given(obj),
        Args {
            pos: bound.args.into(),
            kw: bound.kwargs,
        },
    )
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

/// The iterator of a sequence argument, with `operator`'s message for a non-iterable.
fn sequence_iter(vm: &mut Vm, seq: &Value) -> PyResult<Value> {
    abstract_::get_iter(vm, seq).map_err(|e| {
        if vm.err_matches(&e, Exc::TypeError) {
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

fn count_of(vm: &mut Vm, seq: &Value, value: &Value) -> PyResult<Value> {
    let it = sequence_iter(vm, seq)?;
    let mut n = 0i64;
    while let Some(item) = abstract_::iter_next(vm, &it)? {
        if same_or_equal(vm, &item, value)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn index_of(vm: &mut Vm, seq: &Value, value: &Value) -> PyResult<Value> {
    let it = sequence_iter(vm, seq)?;
    let mut i = 0i64;
    while let Some(item) = abstract_::iter_next(vm, &it)? {
        if same_or_equal(vm, &item, value)? {
            return Ok(Value::Int(i));
        }
        i += 1;
    }
    Err(vm.new_value_error("sequence.index(x): x not in sequence".to_owned()))
}

/// `a + b` for sequences (`PySequence_Concat`): `a` must support indexing.
fn concat_sequences(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    if lookup(&vm.type_of(a), "__getitem__").is_none() {
        let msg = format!("'{}' object can't be concatenated", vm.type_name_of(a));
        return Err(vm.new_type_error(msg));
    }
    abstract_::binary_op(vm, a, b, op)
}

/// `length_hint(obj, default=0, /)`: `len(obj)`, else `obj.__length_hint__()`, else
/// `default`.
fn length_hint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj, default] = LENGTH_HINT.bind_args(vm, args)?;
    let obj = given(obj);
    let default = match default {
        None => 0,
        Some(d) => match abstract_::index(vm, &d)? {
            Value::Int(n) => n,
            _ => {
                return Err(vm
                    .new_overflow_error("Python int too large to convert to C ssize_t".to_owned()))
            }
        },
    };
    let hint = abstract_::length_hint_given(vm, &obj)?;
    Ok(Value::Int(hint.map_or(default, |n| n as i64)))
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
fn compare_digest(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Value> {
    let (a, b) = (a.clone(), b.clone());
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

static OTHER_FUNCTIONS: [MethodDef; 3] = [
    MethodDef::staticmethod("setitem", setitem)
        .with_signature(&SETITEM)
        .with_doc("Same as a[b] = c."),
    MethodDef::staticmethod("length_hint", length_hint)
        .with_signature(&LENGTH_HINT)
        .with_doc(
            "Return an estimate of the number of items in obj.\n\n\
             This is useful for presizing containers when building from an iterable.\n\n\
             If the object supports len(), the result will be exact.\n\
             Otherwise, it may over- or under-estimate by an arbitrary amount.\n\
             The result will be an integer >= 0.",
        ),
    MethodDef::staticmethod("call", call)
        .with_signature(&CALL)
        .with_doc("Same as obj(*args, **kwargs)."),
];

// ---------------------------------------------------------------------------
// itemgetter, attrgetter, methodcaller

/// What an `itemgetter` fetches, or the attribute names an `attrgetter` follows.
struct Getter {
    items: Vec<Value>,
}

impl NativeData for Getter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        self.items.iter().for_each(visit);
        true
    }
}

/// A `methodcaller`: the method's name and the arguments to call it with (the
/// keywords are `None` when none were given).
struct MethodCaller {
    name: Value,
    args: Vec<Value>,
    kwargs: Option<ObjRef>,
}

impl NativeData for MethodCaller {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.name);
        self.args.iter().for_each(&mut *visit);
        if let Some(k) = &self.kwargs {
            visit(&Value::Obj(k.clone()));
        }
        true
    }
}

static ITEMGETTER_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "itemgetter(item, ...) --> itemgetter object\n\n\
         Return a callable object that fetches the given item(s) from its operand.\n\
         After f = itemgetter(2), the call f(r) returns r[2].\n\
         After g = itemgetter(2, 5, 3), the call g(r) returns (r[2], r[5], r[3])",
    ),
    new: Some(itemgetter_new),
    slots: &[
        NativeSlot::Call(itemgetter_call),
        NativeSlot::Repr(getter_repr),
    ],
    methods: &[MethodDef::method("__reduce__", itemgetter_reduce)
        .with_signature(&ITEMGETTER_REDUCE)
        .with_doc("Return state information for pickling")],
    ..NativeTypeSpec::new("itemgetter", "operator")
};

static ATTRGETTER_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "attrgetter(attr, ...) --> attrgetter object\n\n\
         Return a callable object that fetches the given attribute(s) from its operand.\n\
         After f = attrgetter('name'), the call f(r) returns r.name.\n\
         After g = attrgetter('name', 'date'), the call g(r) returns (r.name, r.date).\n\
         After h = attrgetter('name.first', 'name.last'), the call h(r) returns\n\
         (r.name.first, r.name.last).",
    ),
    new: Some(attrgetter_new),
    slots: &[
        NativeSlot::Call(attrgetter_call),
        NativeSlot::Repr(getter_repr),
    ],
    methods: &[MethodDef::method("__reduce__", attrgetter_reduce)
        .with_signature(&ATTRGETTER_REDUCE)
        .with_doc("Return state information for pickling")],
    ..NativeTypeSpec::new("attrgetter", "operator")
};

static METHODCALLER_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "methodcaller(name, ...) --> methodcaller object\n\n\
         Return a callable object that calls the given method on its operand.\n\
         After f = methodcaller('name'), the call f(r) returns r.name().\n\
         After g = methodcaller('name', 'date', foo=1), the call g(r) returns\n\
         r.name('date', foo=1).",
    ),
    new: Some(methodcaller_new),
    slots: &[
        NativeSlot::Call(methodcaller_call),
        NativeSlot::Repr(methodcaller_repr),
    ],
    methods: &[MethodDef::method("__reduce__", methodcaller_reduce)
        .with_signature(&METHODCALLER_REDUCE)
        .with_doc("Return state information for pickling")],
    ..NativeTypeSpec::new("methodcaller", "operator")
};

static ITEMGETTER_NEW: Signature = Signature::new("itemgetter", "($type, *items)").not_listed();
static ITEMGETTER_CALL: Signature = Signature::new("itemgetter", "(obj, /)").not_listed();
static ITEMGETTER_REDUCE: Signature =
    Signature::of("itemgetter", "__reduce__", "($self, /)").not_listed();
static ATTRGETTER_NEW: Signature = Signature::new("attrgetter", "($type, *attrs)").not_listed();
static ATTRGETTER_CALL: Signature = Signature::new("attrgetter", "(obj, /)").not_listed();
static ATTRGETTER_REDUCE: Signature =
    Signature::of("attrgetter", "__reduce__", "($self, /)").not_listed();
static METHODCALLER_NEW: Signature =
    Signature::new("methodcaller", "($type, *args, **kwargs)").not_listed();
static METHODCALLER_CALL: Signature = Signature::new("methodcaller", "(obj, /)").not_listed();
static METHODCALLER_REDUCE: Signature =
    Signature::of("methodcaller", "__reduce__", "($self, /)").not_listed();

/// The types, for the constructors (which ignore the class they are given: the
/// types cannot be subclassed).
struct OperatorState {
    itemgetter: ObjRef,
    attrgetter: ObjRef,
    methodcaller: ObjRef,
}

fn operator_state(vm: &mut Vm) -> PyResult<std::rc::Rc<OperatorState>> {
    vm.module_state::<OperatorState>()
        .ok_or_else(|| vm.new_runtime_error("_operator is not initialised".to_owned()))
}

fn getter_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Getter> {
    native_data::<Getter>(this).ok_or_else(|| wrong_receiver(vm, "operator.itemgetter", this))
}

/// The one item or name a getter needs at least (`PyArg_UnpackTuple(args, name, 1, 1)`).
fn at_least_one(vm: &mut Vm, name: &str, items: &[Value]) -> PyResult<()> {
    if items.is_empty() {
        return Err(vm.new_type_error(format!("{name} expected 1 argument, got 0")));
    }
    Ok(())
}

/// `itemgetter(item, ...)`.
fn itemgetter_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = ITEMGETTER_NEW.bind_all::<0>(vm, args)?;
    at_least_one(vm, "itemgetter", &bound.args)?;
    let class = operator_state(vm)?.itemgetter.clone();
    let getter = Getter { items: bound.args };
    Ok(new_native_object(vm, &class, getter))
}

/// `f(obj)`: `obj[item]`, or a tuple of `obj[item]` for each item.
fn itemgetter_call(vm: &mut Vm, this: &Value, args: Args) -> PyResult<Value> {
    let [obj] = ITEMGETTER_CALL.bind_args(vm, args)?;
    let obj = given(obj);
    let items = getter_of(vm, this)?.items.clone();
    if let [item] = &items[..] {
        return abstract_::getitem(vm, &obj, item);
    }
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        out.push(abstract_::getitem(vm, &obj, item)?);
    }
    Ok(vm.new_tuple(out))
}

/// `attrgetter(attr, ...)`: the names must be strs (dotted names are followed).
fn attrgetter_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = ATTRGETTER_NEW.bind_all::<0>(vm, args)?;
    at_least_one(vm, "attrgetter", &bound.args)?;
    if bound
        .args
        .iter()
        .any(|a| abstract_::value_as_str(a).is_none())
    {
        return Err(vm.new_type_error("attribute name must be a string".to_owned()));
    }
    let class = operator_state(vm)?.attrgetter.clone();
    let getter = Getter { items: bound.args };
    Ok(new_native_object(vm, &class, getter))
}

/// `obj.a.b.c` for the dotted name `a.b.c`.
fn dotted_getattr(vm: &mut Vm, obj: Value, path: &Value) -> PyResult<Value> {
    let path = abstract_::value_as_str(path).unwrap_or("").to_owned();
    let mut obj = obj;
    for name in path.split('.') {
        let name = vm.intern(name);
        obj = abstract_::getattr(vm, &obj, &name)?;
    }
    Ok(obj)
}

/// `f(obj)`: the attribute, or a tuple of the attributes.
fn attrgetter_call(vm: &mut Vm, this: &Value, args: Args) -> PyResult<Value> {
    let [obj] = ATTRGETTER_CALL.bind_args(vm, args)?;
    let obj = given(obj);
    let attrs = getter_of(vm, this)?.items.clone();
    if let [attr] = &attrs[..] {
        return dotted_getattr(vm, obj, attr);
    }
    let mut out = Vec::with_capacity(attrs.len());
    for attr in &attrs {
        out.push(dotted_getattr(vm, obj.clone(), attr)?);
    }
    Ok(vm.new_tuple(out))
}

/// The part of a repr inside the parentheses, with `...` for an object inside itself.
fn repr_guarded(
    vm: &mut Vm,
    this: &Value,
    inner: impl FnOnce(&mut Vm) -> PyResult<String>,
) -> PyResult<Value> {
    let name = type_data(&vm.type_of(this)).tp_name();
    let id = match this {
        Value::Obj(o) => std::rc::Rc::as_ptr(o) as usize,
        _ => 0,
    };
    if vm.repr_guard.contains(&id) {
        return Ok(vm.new_str(format!("{name}(...)")));
    }
    vm.repr_guard.insert(id);
    let inner = inner(vm);
    vm.repr_guard.remove(&id);
    Ok(vm.new_str(format!("{name}({})", inner?)))
}

/// `operator.itemgetter(1, 2)`, `operator.attrgetter('a.b')`.
fn getter_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let items = getter_of(vm, this)?.items.clone();
    repr_guarded(vm, this, |vm| {
        let mut parts = Vec::with_capacity(items.len());
        for item in &items {
            parts.push(abstract_::repr_string(vm, item)?);
        }
        Ok(parts.join(", "))
    })
}

fn itemgetter_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ITEMGETTER_REDUCE.bind(vm, args)?;
    getter_reduce(vm, &given(this))
}

fn attrgetter_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ATTRGETTER_REDUCE.bind(vm, args)?;
    getter_reduce(vm, &given(this))
}

/// `(type(f), (item, ...))`.
fn getter_reduce(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let this = this.clone();
    let items = getter_of(vm, &this)?.items.clone();
    let class = Value::Obj(vm.type_of(&this));
    let items = vm.new_tuple(items);
    Ok(vm.new_tuple(vec![class, items]))
}

fn methodcaller_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a MethodCaller> {
    native_data::<MethodCaller>(this)
        .ok_or_else(|| wrong_receiver(vm, "operator.methodcaller", this))
}

/// `methodcaller(name, /, *args, **kwargs)`.
fn methodcaller_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = METHODCALLER_NEW.bind_all::<0>(vm, args)?;
    let mut rest = bound.args.into_iter();
    let Some(name) = rest.next() else {
        return Err(vm.new_type_error(
            "methodcaller needs at least one argument, the method name".to_owned(),
        ));
    };
    if abstract_::value_as_str(&name).is_none() {
        return Err(vm.new_type_error("method name must be a string".to_owned()));
    }
    let kwargs = if bound.kwargs.is_empty() {
        None
    } else {
        let d = vm.new_dict();
        for (k, v) in bound.kwargs {
            dict::dict_set_item(vm, &d, Value::Obj(k), v)?;
        }
        Some(d)
    };
    let class = operator_state(vm)?.methodcaller.clone();
    let caller = MethodCaller {
        name,
        args: rest.collect(),
        kwargs,
    };
    Ok(new_native_object(vm, &class, caller))
}

/// The keyword arguments of a methodcaller, as call arguments.
fn methodcaller_keywords(caller: &MethodCaller) -> Vec<(ObjRef, Value)> {
    caller
        .kwargs
        .as_ref()
        .map(dict::dict_items)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| match k {
            Value::Obj(k) => Some((k, v)),
            _ => None,
        })
        .collect()
}

/// `f(obj)`: `obj.name(*args, **kwargs)`.
fn methodcaller_call(vm: &mut Vm, this: &Value, args: Args) -> PyResult<Value> {
    let [obj] = METHODCALLER_CALL.bind_args(vm, args)?;
    let caller = methodcaller_of(vm, this)?;
    let (name, pos, kw) = (
        caller.name.clone(),
        caller.args.clone(),
        methodcaller_keywords(caller),
    );
    let name = vm.intern(abstract_::value_as_str(&name).unwrap_or(""));
    let method = abstract_::getattr(vm, &given(obj), &name)?;
    vm.call(
        &method,
        Args {
            pos: pos.into(),
            kw,
        },
    )
}

/// `operator.methodcaller('name', arg, key=value)`.
fn methodcaller_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let caller = methodcaller_of(vm, this)?;
    let (name, args, kw) = (
        caller.name.clone(),
        caller.args.clone(),
        methodcaller_keywords(caller),
    );
    repr_guarded(vm, this, |vm| {
        let mut parts = vec![abstract_::repr_string(vm, &name)?];
        for arg in &args {
            parts.push(abstract_::repr_string(vm, arg)?);
        }
        for (key, value) in &kw {
            let key = abstract_::obj_as_str(key).unwrap_or("").to_owned();
            parts.push(format!("{key}={}", abstract_::repr_string(vm, value)?));
        }
        Ok(parts.join(", "))
    })
}

/// `(type(f), (name, *args))`, or with keywords
/// `(functools.partial(type(f), name, **kwargs), args)`.
fn methodcaller_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = METHODCALLER_REDUCE.bind(vm, args)?;
    let this = given(this);
    let caller = methodcaller_of(vm, &this)?;
    let (name, rest, kw) = (
        caller.name.clone(),
        caller.args.clone(),
        methodcaller_keywords(caller),
    );
    let class = Value::Obj(vm.type_of(&this));
    if kw.is_empty() {
        let mut ctor_args = vec![name];
        ctor_args.extend(rest);
        let ctor_args = vm.new_tuple(ctor_args);
        return Ok(vm.new_tuple(vec![class, ctor_args]));
    }
    let import = dict::dict_get_str(&vm.builtins_dict.clone(), "__import__")
        .ok_or_else(|| vm.new_runtime_error("lost builtins.__import__".to_owned()))?;
    let module_name = vm.new_str("functools");
    let functools = vm.call1(&import, vec![module_name])?;
    let partial = abstract_::getattr_str(vm, &functools, "partial")?;
    let ctor = vm.call(
        &partial,
        Args {
            pos: smallvec::smallvec![class, name],
            kw,
        },
    )?;
    let rest = vm.new_tuple(rest);
    Ok(vm.new_tuple(vec![ctor, rest]))
}

// ---------------------------------------------------------------------------
// The module

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_operator");
    let d = module_dict(&m).expect("a module has a dict");
    let doc = vm.new_str(
        "Operator interface.\n\n\
         This module exports a set of functions implemented in C corresponding\n\
         to the intrinsic operators of Python.  For example, operator.add(x, y)\n\
         is equivalent to the expression x+y.  The function names are those\n\
         used for special methods; variants without leading and trailing\n\
         '__' are also provided for convenience.",
    );
    dict::dict_set_str(vm, &d, "__doc__", doc);
    add_module_functions(vm, &d, "_operator", TWO_OPERAND_FUNCTIONS);
    add_module_functions(vm, &d, "_operator", ONE_OPERAND_FUNCTIONS);
    add_module_functions(vm, &d, "_operator", &OTHER_FUNCTIONS);
    let itemgetter = new_native_type(vm, &ITEMGETTER_TYPE, None);
    let attrgetter = new_native_type(vm, &ATTRGETTER_TYPE, None);
    let methodcaller = new_native_type(vm, &METHODCALLER_TYPE, None);
    for (name, ty) in [
        ("itemgetter", &itemgetter),
        ("attrgetter", &attrgetter),
        ("methodcaller", &methodcaller),
    ] {
        dict::dict_set_str(vm, &d, name, Value::Obj(ty.clone()));
    }
    vm.set_module_state(OperatorState {
        itemgetter,
        attrgetter,
        methodcaller,
    });
    Ok(m)
}
