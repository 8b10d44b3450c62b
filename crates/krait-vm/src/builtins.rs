//! The `builtins` module (CPython's `Python/bltinmodule.c`).

use crate::abstract_;
use crate::native::MethodDef;
use crate::object::{ObjRef, Payload};
use crate::objects::dict;
use crate::objects::function::{ArgValues, Args, FastCall};
use crate::objects::module::{module_dict, new_module};
use crate::objects::typeobject;
use crate::signature::{given, Signature};
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};

pub fn init(vm: &mut Vm) {
    let module = new_module(vm, "builtins");
    let d = module_dict(&module).expect("a module");
    vm.builtins = module.clone();
    // The builtins dict object is the module's namespace.
    vm.builtins_dict = d.clone();
    let t = &vm.types;
    let types: Vec<(&str, ObjRef)> = vec![
        ("object", t.object.clone()),
        ("type", t.type_.clone()),
        ("int", t.int.clone()),
        ("bool", t.bool_.clone()),
        ("float", t.float.clone()),
        ("complex", t.complex.clone()),
        ("str", t.str.clone()),
        ("bytes", t.bytes.clone()),
        ("bytearray", t.bytearray.clone()),
        ("list", t.list.clone()),
        ("tuple", t.tuple.clone()),
        ("dict", t.dict.clone()),
        ("set", t.set.clone()),
        ("frozenset", t.frozenset.clone()),
        ("range", t.range.clone()),
        ("slice", t.slice.clone()),
        ("property", t.property.clone()),
        ("classmethod", t.classmethod.clone()),
        ("staticmethod", t.staticmethod.clone()),
        ("super", t.super_.clone()),
        ("enumerate", t.enumerate.clone()),
        ("zip", t.zip.clone()),
        ("map", t.map.clone()),
        ("filter", t.filter.clone()),
        ("reversed", t.reversed.clone()),
        ("memoryview", vm.memoryview_type.clone()),
    ];
    for (name, ty) in types {
        dict::dict_set_str(vm, &d, name, Value::Obj(ty));
    }
    for &exc in Exc::ALL {
        let ty = Value::Obj(vm.exc(exc).clone());
        dict::dict_set_str(vm, &d, exc.name(), ty);
    }
    for alias in ["EnvironmentError", "IOError"] {
        let os_error = Value::Obj(vm.exc(Exc::OSError).clone());
        dict::dict_set_str(vm, &d, alias, os_error);
    }
    dict::dict_set_str(vm, &d, "None", Value::None);
    dict::dict_set_str(vm, &d, "True", Value::Bool(true));
    dict::dict_set_str(vm, &d, "False", Value::Bool(false));
    let ni = vm.not_implemented();
    dict::dict_set_str(vm, &d, "NotImplemented", ni);
    let el = vm.ellipsis();
    dict::dict_set_str(vm, &d, "Ellipsis", el);
    dict::dict_set_str(vm, &d, "__debug__", Value::Bool(vm.config.optimize == 0));
    crate::native::add_module_functions(vm, &d, "builtins", &FUNCTIONS);
    let modules = vm.modules.clone();
    dict::dict_set_str(vm, &modules, "builtins", Value::Obj(module));
}

// The signatures of the builtin functions, as `bltinmodule.c` declares them. Those
// CPython describes with several signatures (`iter`, `min` ...) show none.
static PRINT: Signature = Signature::of(
    "builtins",
    "print",
    "($module, /, *args, sep=' ', end='\\n', file=None, flush=False)",
);
static LEN: Signature =
    Signature::of("builtins", "len", "($module, obj, /)").with_fast(FastCall::new(1, 1, len_fast));
static REPR: Signature = Signature::of("builtins", "repr", "($module, obj, /)")
    .with_fast(FastCall::new(1, 1, repr_fast));
static ASCII: Signature = Signature::of("builtins", "ascii", "($module, obj, /)")
    .with_fast(FastCall::new(1, 1, ascii_fast));
static HASH: Signature = Signature::of("builtins", "hash", "($module, obj, /)")
    .with_fast(FastCall::new(1, 1, hash_fast));
static ID: Signature = Signature::of("builtins", "id", "($module, obj, /)");
static ABS: Signature =
    Signature::of("builtins", "abs", "($module, x, /)").with_fast(FastCall::new(1, 1, abs_fast));
static CALLABLE: Signature = Signature::of("builtins", "callable", "($module, obj, /)")
    .with_fast(FastCall::new(1, 1, callable_fast));
static CHR: Signature =
    Signature::of("builtins", "chr", "($module, i, /)").with_fast(FastCall::new(1, 1, chr_fast));
static ORD: Signature =
    Signature::of("builtins", "ord", "($module, c, /)").with_fast(FastCall::new(1, 1, ord_fast));
static HEX: Signature = Signature::of("builtins", "hex", "($module, number, /)");
static OCT: Signature = Signature::of("builtins", "oct", "($module, number, /)");
static BIN: Signature = Signature::of("builtins", "bin", "($module, number, /)");
static ISINSTANCE: Signature = Signature::of(
    "builtins",
    "isinstance",
    "($module, obj, class_or_tuple, /)",
)
.with_fast(FastCall::new(2, 2, isinstance_fast));
static ISSUBCLASS: Signature = Signature::of(
    "builtins",
    "issubclass",
    "($module, cls, class_or_tuple, /)",
);
static GETATTR: Signature =
    Signature::unlisted("builtins", "getattr", "(object, name, default=?, /)")
        .with_fast(FastCall::new(2, 3, getattr_fast));
static SETATTR: Signature = Signature::of("builtins", "setattr", "($module, obj, name, value, /)");
static DELATTR: Signature = Signature::of("builtins", "delattr", "($module, obj, name, /)");
static HASATTR: Signature = Signature::of("builtins", "hasattr", "($module, obj, name, /)")
    .with_fast(FastCall::new(2, 2, hasattr_fast));
static ITER: Signature = Signature::unlisted("builtins", "iter", "(object, sentinel=?, /)");
static NEXT: Signature = Signature::unlisted("builtins", "next", "(iterator, default=?, /)")
    .with_fast(FastCall::new(1, 2, next_fast));
static AITER: Signature = Signature::of("builtins", "aiter", "($module, async_iterable, /)");
static ANEXT: Signature = Signature::of(
    "builtins",
    "anext",
    "($module, aiterator, default=<unrepresentable>, /)",
);
static FORMAT: Signature =
    Signature::of("builtins", "format", "($module, value, format_spec='', /)");
static DIVMOD: Signature = Signature::of("builtins", "divmod", "($module, x, y, /)").with_fast(
    FastCall::new(2, 2, |vm, args| abstract_::divmod(vm, &args[0], &args[1])),
);
static POW: Signature = Signature::of("builtins", "pow", "($module, /, base, exp, mod=None)");
static ROUND: Signature = Signature::of("builtins", "round", "($module, /, number, ndigits=None)");
static SUM: Signature = Signature::of("builtins", "sum", "($module, iterable, /, start=0)")
    .with_fast(FastCall::new(1, 2, |vm, args| {
        sum_of(vm, args[0].clone(), args.get(1).cloned())
    }));
/// `min` and `max` check their positional count themselves, then parse the keywords
/// with `PyArg_ParseTupleAndKeywords`.
static MIN: Signature = Signature::unlisted("builtins", "min", "(*args, key=None, default=?)")
    .parse_tuple()
    .with_fast(FastCall::new(1, FastCall::MAX_ARGS, |vm, args| {
        min_max_of(vm, "min", args.to_vec(), None, None, 0)
    }));
static MAX: Signature = Signature::unlisted("builtins", "max", "(*args, key=None, default=?)")
    .parse_tuple()
    .with_fast(FastCall::new(1, FastCall::MAX_ARGS, |vm, args| {
        min_max_of(vm, "max", args.to_vec(), None, None, 4)
    }));
static ANY: Signature = Signature::of("builtins", "any", "($module, iterable, /)")
    .with_fast(FastCall::new(1, 1, |vm, args| any_all(vm, &args[0], true)));
static ALL: Signature = Signature::of("builtins", "all", "($module, iterable, /)")
    .with_fast(FastCall::new(1, 1, |vm, args| any_all(vm, &args[0], false)));
static SORTED: Signature = Signature::of(
    "builtins",
    "sorted",
    "($module, iterable, /, *, key=None, reverse=False)",
)
.with_fast(FastCall::new(1, 1, sorted_fast));
/// How `sorted` binds: it counts its positional arguments and hands the keywords to
/// `list.sort`, whose errors they get.
static SORTED_CALL: Signature =
    Signature::unlisted("builtins", "sorted", "(iterable, /, **kwargs)");
static GLOBALS: Signature = Signature::of("builtins", "globals", "($module, /)");
static LOCALS: Signature = Signature::of("builtins", "locals", "($module, /)");
static VARS: Signature = Signature::unlisted("builtins", "vars", "(object=?, /)");
static DIR: Signature = Signature::unlisted("builtins", "dir", "(object=?, /)");
static INPUT: Signature = Signature::of("builtins", "input", "($module, prompt='', /)");

static FUNCTIONS: [MethodDef; 44] = [
    MethodDef::staticmethod("print", builtin_print)
        .with_signature(&PRINT)
        .with_doc("Print the values to a stream, or to sys.stdout by default."),
    MethodDef::staticmethod("len", builtin_len)
        .with_signature(&LEN)
        .with_doc("Return the number of items in a container."),
    MethodDef::staticmethod("repr", builtin_repr)
        .with_signature(&REPR)
        .with_doc("Return the canonical string representation of the object."),
    MethodDef::staticmethod("ascii", builtin_ascii)
        .with_signature(&ASCII)
        .with_doc("Return an ASCII-only representation of an object."),
    MethodDef::staticmethod("hash", builtin_hash)
        .with_signature(&HASH)
        .with_doc("Return the hash value for the given object."),
    MethodDef::staticmethod("id", builtin_id)
        .with_signature(&ID)
        .with_doc("Return the identity of an object."),
    MethodDef::staticmethod("abs", builtin_abs)
        .with_signature(&ABS)
        .with_doc("Return the absolute value of the argument."),
    MethodDef::staticmethod("callable", builtin_callable)
        .with_signature(&CALLABLE)
        .with_doc("Return whether the object is callable."),
    MethodDef::staticmethod("chr", builtin_chr)
        .with_signature(&CHR)
        .with_doc("Return a Unicode string of one character with the given ordinal."),
    MethodDef::staticmethod("ord", builtin_ord)
        .with_signature(&ORD)
        .with_doc("Return the Unicode code point for a one-character string."),
    MethodDef::staticmethod("hex", builtin_hex)
        .with_signature(&HEX)
        .with_doc("Return the hexadecimal representation of an integer."),
    MethodDef::staticmethod("oct", builtin_oct)
        .with_signature(&OCT)
        .with_doc("Return the octal representation of an integer."),
    MethodDef::staticmethod("bin", builtin_bin)
        .with_signature(&BIN)
        .with_doc("Return the binary representation of an integer."),
    MethodDef::staticmethod("isinstance", builtin_isinstance)
        .with_signature(&ISINSTANCE)
        .with_doc("Return whether an object is an instance of a class or of a subclass thereof."),
    MethodDef::staticmethod("issubclass", builtin_issubclass)
        .with_signature(&ISSUBCLASS)
        .with_doc("Return whether 'cls' is derived from another class or is the same class."),
    MethodDef::staticmethod("getattr", builtin_getattr)
        .with_signature(&GETATTR)
        .with_doc("Get a named attribute from an object, with an optional default."),
    MethodDef::staticmethod("setattr", builtin_setattr)
        .with_signature(&SETATTR)
        .with_doc("Set the named attribute on the given object to the specified value."),
    MethodDef::staticmethod("delattr", builtin_delattr)
        .with_signature(&DELATTR)
        .with_doc("Delete the named attribute from the given object."),
    MethodDef::staticmethod("hasattr", builtin_hasattr)
        .with_signature(&HASATTR)
        .with_doc("Return whether the object has an attribute with the given name."),
    MethodDef::staticmethod("iter", builtin_iter)
        .with_signature(&ITER)
        .with_doc(
            "Get an iterator from an object, or call a function until it returns a sentinel.",
        ),
    MethodDef::staticmethod("next", builtin_next)
        .with_signature(&NEXT)
        .with_doc("Return the next item from the iterator, or a default when it is exhausted."),
    MethodDef::staticmethod("aiter", builtin_aiter)
        .with_signature(&AITER)
        .with_doc("Return an AsyncIterator for an AsyncIterable object."),
    MethodDef::staticmethod("anext", builtin_anext)
        .with_signature(&ANEXT)
        .with_doc(
            "async anext(aiterator[, default])\n\n\
             Return the next item from the async iterator.  If default is given and the async\n\
             iterator is exhausted, it is returned instead of raising StopAsyncIteration.",
        ),
    MethodDef::staticmethod("breakpoint", builtin_breakpoint).with_doc(
        "breakpoint(*args, **kws)\n\n\
         Call sys.breakpointhook(*args, **kws).  sys.breakpointhook() must accept\n\
         whatever arguments are passed.\n\n\
         By default, this drops you into the pdb debugger.",
    ),
    MethodDef::staticmethod("format", builtin_format)
        .with_signature(&FORMAT)
        .with_doc("Return value.__format__(format_spec)."),
    MethodDef::staticmethod("divmod", builtin_divmod)
        .with_signature(&DIVMOD)
        .with_doc("Return the tuple (x//y, x%y)."),
    MethodDef::staticmethod("pow", builtin_pow)
        .with_signature(&POW)
        .with_doc("Equivalent to base**exp with 2 arguments or base**exp % mod with 3 arguments."),
    MethodDef::staticmethod("round", builtin_round)
        .with_signature(&ROUND)
        .with_doc("Round a number to a given precision in decimal digits."),
    MethodDef::staticmethod("sum", builtin_sum)
        .with_signature(&SUM)
        .with_doc("Return the sum of a 'start' value (default: 0) plus an iterable of numbers."),
    MethodDef::staticmethod("min", builtin_min)
        .with_signature(&MIN)
        .with_doc("Return the smallest item of an iterable or of two or more arguments."),
    MethodDef::staticmethod("max", builtin_max)
        .with_signature(&MAX)
        .with_doc("Return the largest item of an iterable or of two or more arguments."),
    MethodDef::staticmethod("any", builtin_any)
        .with_signature(&ANY)
        .with_doc("Return True if bool(x) is True for any x in the iterable."),
    MethodDef::staticmethod("all", builtin_all)
        .with_signature(&ALL)
        .with_doc("Return True if bool(x) is True for all values x in the iterable."),
    MethodDef::staticmethod("sorted", builtin_sorted)
        .with_signature(&SORTED)
        .with_doc("Return a new list containing all items from the iterable in ascending order."),
    MethodDef::staticmethod("globals", builtin_globals)
        .with_signature(&GLOBALS)
        .with_doc("Return the dictionary containing the current scope's global variables."),
    MethodDef::staticmethod("locals", builtin_locals)
        .with_signature(&LOCALS)
        .with_doc("Return a dictionary containing the current scope's local variables."),
    MethodDef::staticmethod("vars", builtin_vars)
        .with_signature(&VARS)
        .with_doc("Without arguments, equivalent to locals(); with an argument, its __dict__."),
    MethodDef::staticmethod("dir", builtin_dir)
        .with_signature(&DIR)
        .with_doc("Show the names in the current scope or the attributes of an object."),
    MethodDef::staticmethod("input", builtin_input)
        .with_signature(&INPUT)
        .with_doc("Read a string from standard input; the trailing newline is stripped."),
    MethodDef::staticmethod("exec", crate::import::builtin_exec)
        .with_signature(&crate::import::EXEC)
        .with_doc("Execute the given source in the context of globals and locals."),
    MethodDef::staticmethod("eval", crate::import::builtin_eval)
        .with_signature(&crate::import::EVAL)
        .with_doc("Evaluate the given source in the context of globals and locals."),
    MethodDef::staticmethod("compile", crate::import::builtin_compile)
        .with_signature(&crate::import::COMPILE)
        .with_doc("Compile source into a code object that can be executed by exec() or eval()."),
    MethodDef::staticmethod("__import__", crate::import::builtin_import)
        .with_signature(&crate::import::IMPORT)
        .with_doc("Import a module."),
    MethodDef::staticmethod("__build_class__", build_class)
        .with_doc("Internal helper function used by the class statement."),
];

pub(crate) fn len_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(abstract_::len(vm, &args[0])? as i64))
}

fn builtin_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj] = LEN.bind_args(vm, args)?;
    Ok(Value::Int(abstract_::len(vm, &given(obj))? as i64))
}

fn builtin_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj] = REPR.bind_args(vm, args)?;
    repr_fast(vm, &[given(obj)])
}

fn repr_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    abstract_::repr(vm, &args[0])
}

fn builtin_ascii(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj] = ASCII.bind_args(vm, args)?;
    ascii_fast(vm, &[given(obj)])
}

fn ascii_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    abstract_::ascii(vm, &args[0])
}

fn builtin_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj] = HASH.bind_args(vm, args)?;
    hash_fast(vm, &[given(obj)])
}

fn hash_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(abstract_::hash(vm, &args[0])?))
}

fn builtin_id(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj] = ID.bind_args(vm, args)?;
    Ok(Value::Int(crate::object::value_id(&given(obj))))
}

fn builtin_abs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [x] = ABS.bind_args(vm, args)?;
    abs_fast(vm, &[given(x)])
}

fn abs_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    abstract_::absolute(vm, &args[0])
}

fn builtin_callable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj] = CALLABLE.bind_args(vm, args)?;
    callable_fast(vm, &[given(obj)])
}

fn callable_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(is_callable(vm, &args[0])))
}

fn builtin_chr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [i] = CHR.bind_args(vm, args)?;
    chr_fast(vm, &[given(i)])
}

fn chr_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let n = abstract_::index(vm, &args[0])?;
    match crate::objects::int::as_i64(&n).and_then(|n| u32::try_from(n).ok()) {
        Some(code) if code < 0x110000 => Ok(crate::objects::str::new_char(vm, code)),
        _ => Err(vm.new_value_error("chr() arg not in range(0x110000)".to_owned())),
    }
}

fn builtin_ord(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [c] = ORD.bind_args(vm, args)?;
    ord_fast(vm, &[given(c)])
}

fn ord_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let c = &args[0];
    if let Some(s) = crate::objects::str::as_pystr(c) {
        return match s.char_len() {
            1 => Ok(Value::Int(i64::from(s.code_point_at(0).unwrap_or(0)))),
            n => Err(vm.new_type_error(format!(
                "ord() expected a character, but string of length {n} found"
            ))),
        };
    }
    if let Some(b) = crate::objects::bytes::as_bytes(c) {
        return match b.as_slice() {
            [only] => Ok(Value::Int(*only as i64)),
            _ => Err(vm.new_type_error(format!(
                "ord() expected a character, but string of length {} found",
                b.len()
            ))),
        };
    }
    Err(vm.new_type_error(format!(
        "ord() expected string of length 1, but {} found",
        vm.type_name_of(c)
    )))
}

fn builtin_hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [number] = HEX.bind_args(vm, args)?;
    radix(vm, &given(number), 'x')
}

fn builtin_oct(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [number] = OCT.bind_args(vm, args)?;
    radix(vm, &given(number), 'o')
}

fn builtin_bin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [number] = BIN.bind_args(vm, args)?;
    radix(vm, &given(number), 'b')
}

/// `hex`, `oct` and `bin`: the integer `number` in base `kind`, with its prefix.
fn radix(vm: &mut Vm, number: &Value, kind: char) -> PyResult<Value> {
    let n = abstract_::index(vm, number)?;
    let n = crate::objects::int::as_big(&n).unwrap_or_default();
    let s = crate::objects::format::format_int(vm, &n, &format!("#{kind}"))?;
    Ok(vm.new_str(s))
}

fn builtin_getattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match GETATTR.bind_args(vm, args)? {
        [obj, name, Some(default)] => getattr_fast(vm, &[given(obj), given(name), default]),
        [obj, name, None] => getattr_fast(vm, &[given(obj), given(name)]),
    }
}

/// `getattr(object, name[, default])`.
fn getattr_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let name = attr_name(vm, &args[1])?;
    match abstract_::getattr(vm, &args[0], &name) {
        Err(e) if args.len() > 2 && vm.err_matches(&e, Exc::AttributeError) => Ok(args[2].clone()),
        other => other,
    }
}

fn builtin_setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj, name, value] = SETATTR.bind_args(vm, args)?;
    let name = attr_name(vm, &given(name))?;
    abstract_::setattr(vm, &given(obj), &name, value)?;
    Ok(Value::None)
}

fn builtin_delattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj, name] = DELATTR.bind_args(vm, args)?;
    let name = attr_name(vm, &given(name))?;
    abstract_::setattr(vm, &given(obj), &name, None)?;
    Ok(Value::None)
}

fn builtin_hasattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj, name] = HASATTR.bind_args(vm, args)?;
    hasattr_fast(vm, &[given(obj), given(name)])
}

fn hasattr_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let name = attr_name(vm, &args[1])?;
    match abstract_::getattr(vm, &args[0], &name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if vm.err_matches(&e, Exc::AttributeError) => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn builtin_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [object, sentinel] = ITER.bind_args(vm, args)?;
    let object = given(object);
    let Some(sentinel) = sentinel else {
        return abstract_::get_iter(vm, &object);
    };
    if !is_callable(vm, &object) {
        return Err(vm.new_type_error("iter(v, w): v must be callable".to_owned()));
    }
    Ok(crate::objects::iter::new_iter(
        vm,
        crate::objects::iter::IterData::Callable {
            func: object,
            sentinel,
        },
    ))
}

fn builtin_aiter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [iterable] = AITER.bind_args(vm, args)?;
    crate::objects::async_iter::aiter(vm, &given(iterable))
}

fn builtin_anext(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [aiterator, default] = ANEXT.bind_args(vm, args)?;
    crate::objects::async_iter::anext(vm, &given(aiterator), default)
}

/// `breakpoint(*args, **kws)`: `sys.breakpointhook(*args, **kws)`.
fn builtin_breakpoint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let sys = crate::objects::module::module_dict(&vm.sys).expect("sys has a namespace");
    let hook = crate::objects::dict::dict_get_str(&sys, "breakpointhook");
    match hook {
        Some(hook) => vm.call(&hook, args),
        None => Err(vm.new_runtime_error("lost sys.breakpointhook".to_owned())),
    }
}

fn builtin_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match NEXT.bind_args(vm, args)? {
        [iterator, Some(default)] => next_fast(vm, &[given(iterator), default]),
        [iterator, None] => next_fast(vm, &[given(iterator)]),
    }
}

/// `next(iterator[, default])`.
fn next_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let it = &args[0];
    let default = args.get(1).cloned();
    let next = typeobject::type_data(&vm.type_of(it)).slots.iternext.get();
    let Some(next) = next else {
        return Err(vm.new_type_error(format!(
            "'{}' object is not an iterator",
            vm.type_name_of(it)
        )));
    };
    match (abstract_::iter_next_raw(vm, it, next), default) {
        (Ok(Some(v)), _) => Ok(v),
        (Ok(None), Some(d)) => Ok(d),
        (Ok(None), None) => Err(vm.new_stop_iteration(None)),
        (Err(e), Some(d)) if vm.err_matches(&e, Exc::StopIteration) => Ok(d),
        (Err(e), _) => Err(e),
    }
}

fn builtin_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [value, spec] = FORMAT.bind_args(vm, args)?;
    if let Some(spec) = spec
        .as_ref()
        .filter(|s| abstract_::value_as_str(s).is_none())
    {
        return Err(vm.new_type_error(format!(
            "format() argument 2 must be str, not {}",
            crate::objects::str_methods::argument_type_name(vm, spec)
        )));
    }
    abstract_::format(vm, &given(value), spec.as_ref())
}

fn builtin_divmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [a, b] = DIVMOD.bind_args(vm, args)?;
    abstract_::divmod(vm, &given(a), &given(b))
}

fn builtin_pow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [base, exp, modulus] = POW.bind_args(vm, args)?;
    let modulus = modulus.unwrap_or(Value::None);
    abstract_::ternary_op(vm, &given(base), &given(exp), &modulus, "** or pow()")
}

fn builtin_round(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [number, ndigits] = ROUND.bind_args(vm, args)?;
    let x = given(number);
    let margs: Vec<Value> = ndigits.filter(|n| !n.is_none()).into_iter().collect();
    match abstract_::call_special(vm, &x, "__round__", &margs)? {
        Some(r) => Ok(r),
        None => Err(vm.new_type_error(format!(
            "type {} doesn't define __round__ method",
            vm.type_name_of(&x)
        ))),
    }
}

fn builtin_min(vm: &mut Vm, args: Args) -> PyResult<Value> {
    min_max(vm, args, &MIN, 0)
}

fn builtin_max(vm: &mut Vm, args: Args) -> PyResult<Value> {
    min_max(vm, args, &MAX, 4)
}

fn builtin_any(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [iterable] = ANY.bind_args(vm, args)?;
    any_all(vm, &given(iterable), true)
}

fn builtin_all(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [iterable] = ALL.bind_args(vm, args)?;
    any_all(vm, &given(iterable), false)
}

/// `any(iterable)` (`stop_at` true) or `all(iterable)` (`stop_at` false): whether
/// an item whose truth is `stop_at` comes before the end.
fn any_all(vm: &mut Vm, iterable: &Value, stop_at: bool) -> PyResult<Value> {
    let it = abstract_::get_iter(vm, iterable)?;
    while let Some(x) = abstract_::iter_next(vm, &it)? {
        if abstract_::is_true(vm, &x)? == stop_at {
            return Ok(Value::Bool(stop_at));
        }
    }
    Ok(Value::Bool(!stop_at))
}

/// `sorted(iterable)` without keywords: the items sorted as `list.sort` sorts them.
/// (The new list is seen by no one until it is sorted, so it is made after.)
fn sorted_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let items = abstract_::collect_iterable(vm, &args[0])?;
    match crate::objects::list::sort_values(vm, items, None, false) {
        Ok(sorted) => Ok(vm.new_list(sorted)),
        Err((err, _)) => Err(err),
    }
}

fn builtin_sorted(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = SORTED_CALL.bind_all::<1>(vm, args)?;
    let [iterable] = bound.params;
    let items = abstract_::collect_iterable(vm, &given(iterable))?;
    let list = vm.new_list(items);
    // The new list is exact, so its `sort` is `list.sort`: called straight.
    let mut pos = ArgValues::new();
    pos.push(list.clone());
    crate::objects::list::list_sort(
        vm,
        Args {
            pos,
            kw: bound.kwargs,
        },
    )?;
    Ok(list)
}

fn builtin_globals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GLOBALS.bind_args(vm, args)?;
    Ok(vm
        .frames
        .last()
        .map(|f| Value::Obj(f.globals.clone()))
        .unwrap_or(Value::None))
}

fn builtin_locals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = LOCALS.bind_args(vm, args)?;
    let depth = vm.frames.len().saturating_sub(1);
    Ok(vm.locals_of_frame(depth))
}

fn builtin_vars(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [object] = VARS.bind_args(vm, args)?;
    let Some(object) = object else {
        let depth = vm.frames.len().saturating_sub(1);
        return Ok(vm.locals_of_frame(depth));
    };
    match abstract_::getattr_optional(vm, &object, "__dict__")? {
        Some(d) => Ok(d),
        None => Err(vm.new_type_error("vars() argument must have __dict__ attribute".to_owned())),
    }
}

fn attr_name(vm: &mut Vm, v: &Value) -> PyResult<ObjRef> {
    match v {
        Value::Obj(o) if o.str_data().is_some() => Ok(o.clone()),
        other => Err(vm.new_type_error(format!(
            "attribute name must be string, not '{}'",
            vm.type_name_of(other)
        ))),
    }
}

pub fn is_callable(_vm: &mut Vm, v: &Value) -> bool {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Function(_)
            | Payload::BuiltinFunction(_)
            | Payload::Method { .. }
            | Payload::Type(_)
            | Payload::MethodDescriptor(_) => true,
            _ => typeobject::lookup(&o.class(), "__call__").is_some(),
        },
        _ => false,
    }
}

fn builtin_print(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = PRINT.bind_all::<4>(vm, args)?;
    let (values, [sep, end, file, flush]) = (bound.args, bound.params);
    let text_arg =
        |vm: &mut Vm, v: &Option<Value>, default: &str, what: &str| -> PyResult<String> {
            match v {
                None | Some(Value::None) => Ok(default.to_owned()),
                Some(v) => match abstract_::value_as_str(v) {
                    Some(s) => Ok(s.to_owned()),
                    None => Err(vm.new_type_error(format!(
                        "{what} must be None or a string, not {}",
                        vm.type_name_of(v)
                    ))),
                },
            }
        };
    let file = match file {
        None | Some(Value::None) => {
            let stdout = crate::sys::std_stream(vm, "stdout");
            // CPython prints nothing when there is no sys.stdout.
            if stdout.is_none() {
                return Ok(Value::None);
            }
            stdout
        }
        Some(f) => f,
    };
    let sep = text_arg(vm, &sep, " ", "sep")?;
    let end = text_arg(vm, &end, "\n", "end")?;
    if vm
        .stream_hooks
        .is_text_stream
        .is_some_and(|known| known(&file))
    {
        // One write for the whole line: nothing else can observe the pieces.
        let mut out = crate::objects::str::StrBuf::new();
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                out.push_str(&sep);
            }
            let text = abstract_::str_(vm, v)?;
            if let Some(text) = crate::objects::str::as_pystr(&text) {
                out.push_pystr(text);
            }
        }
        out.push_str(&end);
        if out.has_surrogates() {
            let line = vm.new_text(out);
            vm.call_method(&file, "write", vec![line])?;
        } else {
            crate::sys::stream_write(vm, &file, out.as_str())?;
        }
    } else {
        // `file.write` for each piece, as CPython calls it.
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                write_to(vm, &file, &sep)?;
            }
            let text = abstract_::str_(vm, v)?;
            vm.call_method(&file, "write", vec![text])?;
        }
        write_to(vm, &file, &end)?;
    }
    if let Some(flush) = flush {
        if abstract_::is_true(vm, &flush)? {
            crate::sys::stream_flush(vm, &file)?;
        }
    }
    Ok(Value::None)
}

fn write_to(vm: &mut Vm, file: &Value, s: &str) -> PyResult<()> {
    let text = vm.new_str(s.to_owned());
    vm.call_method(file, "write", vec![text])?;
    Ok(())
}

/// `input(prompt)`: the prompt to `sys.stdout`, then a line of `sys.stdin` without
/// its newline (CPython's fallback for streams that are not the console's).
fn builtin_input(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [prompt] = INPUT.bind_args(vm, args)?;
    let stdin = crate::sys::std_stream(vm, "stdin");
    let stdout = crate::sys::std_stream(vm, "stdout");
    let stderr = crate::sys::std_stream(vm, "stderr");
    for (stream, name) in [(&stdin, "stdin"), (&stdout, "stdout"), (&stderr, "stderr")] {
        if stream.is_none() {
            return Err(vm.new_runtime_error(format!("input(): lost sys.{name}")));
        }
    }
    let _ = crate::sys::stream_flush(vm, &stderr);
    if let Some(prompt) = prompt {
        let text = abstract_::str_string(vm, &prompt)?;
        crate::sys::stream_write(vm, &stdout, &text)?;
    }
    let _ = crate::sys::stream_flush(vm, &stdout);
    let fast = vm
        .stream_hooks
        .readline
        .and_then(|readline| readline(vm, &stdin));
    let mut line = match fast {
        Some(line) => line?,
        None => {
            let line = vm.call_method(&stdin, "readline", vec![])?;
            match abstract_::value_as_str(&line) {
                Some(s) => s.to_owned(),
                None => {
                    return Err(
                        vm.new_type_error("object.readline() returned non-string".to_owned())
                    )
                }
            }
        }
    };
    if line.is_empty() {
        return Err(vm.new_error(Exc::EOFError, "EOF when reading a line"));
    }
    if line.ends_with('\n') {
        line.pop();
    }
    Ok(vm.new_str(line))
}

/// `isinstance(subject, cls)` or `issubclass(subject, cls)`: exact types answer
/// at once, tuples and unions member by member, anything else through its
/// type's `__instancecheck__`/`__subclasscheck__` (CPython's
/// `object_recursive_isinstance` and `object_issubclass`).
fn class_check(vm: &mut Vm, subject: &Value, cls: &Value, instance: bool) -> PyResult<bool> {
    if let Value::Obj(c) = cls {
        // `type`'s own hooks are known: run them without a call.
        if std::ptr::eq(c.class_ref(), &*vm.types.type_) {
            return if instance {
                real_isinstance(vm, subject, cls)
            } else if subject.is(cls) {
                Ok(true)
            } else {
                real_issubclass(vm, subject, cls)
            };
        }
        if instance && std::rc::Rc::ptr_eq(&vm.type_of(subject), c) {
            return Ok(true);
        }
    }
    let members;
    let cls = if vm.isinstance(cls, &vm.union_type.clone()) {
        members = abstract_::getattr_str(vm, cls, "__args__")?;
        &members
    } else {
        cls
    };
    let context = if instance {
        " in __instancecheck__"
    } else {
        " in __subclasscheck__"
    };
    if let Some(items) = abstract_::tuple_items(cls) {
        vm.enter_recursive_call(context)?;
        let mut found = Ok(false);
        for c in items {
            match class_check(vm, subject, &c, instance) {
                Ok(false) => {}
                other => {
                    found = other;
                    break;
                }
            }
        }
        vm.leave_recursive_call();
        return found;
    }
    let hook = if instance {
        "__instancecheck__"
    } else {
        "__subclasscheck__"
    };
    let meta = vm.type_of(cls);
    if let Some(h) = typeobject::lookup(&meta, hook) {
        vm.enter_recursive_call(context)?;
        let r = abstract_::call_unbound(vm, &h, cls, std::slice::from_ref(subject));
        vm.leave_recursive_call();
        return abstract_::is_true(vm, &r?);
    }
    if instance {
        real_isinstance(vm, subject, cls)
    } else {
        real_issubclass(vm, subject, cls)
    }
}

/// `type.__instancecheck__`: by the MRO of the object's type, or of the class
/// its `__class__` claims; a `cls` that is not a type counts as a class when it
/// has a `__bases__` tuple, and is searched through those (CPython's
/// `object_isinstance`).
pub fn real_isinstance(vm: &mut Vm, obj: &Value, cls: &Value) -> PyResult<bool> {
    if let Some(c) = cls.as_obj().filter(|c| c.type_data().is_some()) {
        if vm.isinstance(obj, c) {
            return Ok(true);
        }
        if !may_claim_other_class(vm, obj) {
            return Ok(false);
        }
        // An object may claim another class through `__class__` (a proxy): it
        // counts when it is a class other than the object's own type.
        let claimed = abstract_::getattr_optional(vm, obj, "__class__")?;
        return Ok(match claimed {
            Some(Value::Obj(k)) if k.type_data().is_some() => {
                !std::rc::Rc::ptr_eq(&k, &vm.type_of(obj)) && typeobject::is_subtype(&k, c)
            }
            _ => false,
        });
    }
    check_class(
        vm,
        cls,
        "isinstance() arg 2 must be a type, a tuple of types, or a union",
    )?;
    match abstract_::getattr_optional(vm, obj, "__class__")? {
        Some(claimed) => abstract_issubclass(vm, &claimed, cls),
        None => Ok(false),
    }
}

/// `type.__subclasscheck__`: by the MRO when both are types, else through the
/// `__bases__` tuples of objects that stand for classes (CPython's
/// `recursive_issubclass`).
pub fn real_issubclass(vm: &mut Vm, derived: &Value, cls: &Value) -> PyResult<bool> {
    if let (Some(d), Some(c)) = (derived.as_obj(), cls.as_obj()) {
        if d.type_data().is_some() && c.type_data().is_some() {
            return Ok(typeobject::is_subtype(d, c));
        }
    }
    check_class(vm, derived, "issubclass() arg 1 must be a class")?;
    if !vm.isinstance(cls, &vm.union_type.clone()) {
        check_class(
            vm,
            cls,
            "issubclass() arg 2 must be a class, a tuple of classes, or a union",
        )?;
    }
    abstract_issubclass(vm, derived, cls)
}

/// `cls.__bases__` when it is a tuple: what makes an object a class to
/// `isinstance` and `issubclass`. Errors other than AttributeError pass.
fn abstract_bases(vm: &mut Vm, cls: &Value) -> PyResult<Option<Vec<Value>>> {
    let bases = abstract_::getattr_optional(vm, cls, "__bases__")?;
    Ok(bases.as_ref().and_then(abstract_::tuple_items))
}

/// A TypeError with `message` unless `cls` has a `__bases__` tuple.
fn check_class(vm: &mut Vm, cls: &Value, message: &str) -> PyResult<()> {
    match abstract_bases(vm, cls)? {
        Some(_) => Ok(()),
        None => Err(vm.new_type_error(message.to_owned())),
    }
}

/// Whether `cls` is `derived` or among its `__bases__`, searched depth first:
/// single inheritance by a loop, branching by recursion under the recursion
/// limit (CPython's `abstract_issubclass`).
fn abstract_issubclass(vm: &mut Vm, derived: &Value, cls: &Value) -> PyResult<bool> {
    let mut derived = derived.clone();
    let bases = loop {
        if derived.is(cls) {
            return Ok(true);
        }
        let Some(mut bases) = abstract_bases(vm, &derived)? else {
            return Ok(false);
        };
        match bases.len() {
            0 => return Ok(false),
            1 => derived = bases.pop().expect("one base"),
            _ => break bases,
        }
    };
    vm.enter_recursive_call(" in __issubclass__")?;
    let mut found = Ok(false);
    for base in &bases {
        match abstract_issubclass(vm, base, cls) {
            Ok(false) => {}
            other => {
                found = other;
                break;
            }
        }
    }
    vm.leave_recursive_call();
    found
}

/// Whether reading `obj.__class__` might give something other than its type:
/// not when the type reads attributes as `object` does and its `__class__` is
/// `object`'s own data descriptor, which no instance attribute can shadow (the
/// usual case, answered without the attribute read).
fn may_claim_other_class(vm: &Vm, obj: &Value) -> bool {
    let class = vm.type_of(obj);
    if !abstract_::has_generic_getattr(&class) {
        return true;
    }
    let own = typeobject::lookup_static(&class, "__class__");
    let object_own = typeobject::lookup_static(&vm.types.object, "__class__");
    !matches!((own, object_own), (Some(Value::Obj(a)), Some(Value::Obj(b))) if std::rc::Rc::ptr_eq(&a, &b))
}

/// `isinstance(obj, cls)` with `__instancecheck__` honoured.
pub fn is_instance_of(vm: &mut Vm, obj: &Value, cls: &Value) -> PyResult<bool> {
    class_check(vm, obj, cls, true)
}

/// `issubclass(sub, cls)` with `__subclasscheck__` honoured.
pub fn is_subclass_of(vm: &mut Vm, sub: &Value, cls: &Value) -> PyResult<bool> {
    class_check(vm, sub, cls, false)
}

pub(crate) fn isinstance_fast(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(class_check(vm, &args[0], &args[1], true)?))
}

fn builtin_isinstance(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj, class_or_tuple] = ISINSTANCE.bind_args(vm, args)?;
    let r = class_check(vm, &given(obj), &given(class_or_tuple), true)?;
    Ok(Value::Bool(r))
}

fn builtin_issubclass(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cls, class_or_tuple] = ISSUBCLASS.bind_args(vm, args)?;
    let r = class_check(vm, &given(cls), &given(class_or_tuple), false)?;
    Ok(Value::Bool(r))
}

fn builtin_sum(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [iterable, start] = SUM.bind_args(vm, args)?;
    sum_of(vm, given(iterable), start)
}

/// `sum(iterable, start)`.
fn sum_of(vm: &mut Vm, iterable: Value, start: Option<Value>) -> PyResult<Value> {
    let mut acc = start.unwrap_or(Value::Int(0));
    if abstract_::value_as_str(&acc).is_some() {
        return Err(
            vm.new_type_error("sum() can't sum strings [use ''.join(seq) instead]".to_owned())
        );
    }
    if crate::objects::bytes::as_bytes(&acc).is_some() {
        return Err(
            vm.new_type_error("sum() can't sum bytes [use b''.join(seq) instead]".to_owned())
        );
    }
    if let Value::Obj(gen) = &iterable {
        if std::ptr::eq(gen.class_ref(), &*vm.types.generator) {
            // While the total is a builtin number, adding a builtin number to it
            // runs no Python code: a generator's numbers are taken a batch at a
            // time and added after (`generator::drain_each`).
            if is_plain_number(vm, &acc) {
                let ended = crate::objects::generator::drain_each(
                    vm,
                    gen,
                    is_plain_number_value,
                    |vm, x| {
                        acc = add_to_sum(vm, std::mem::replace(&mut acc, Value::None), x)?;
                        Ok(is_plain_number(vm, &acc))
                    },
                )?;
                if ended {
                    return Ok(acc);
                }
            }
        }
    }
    let it = abstract_::get_iter(vm, &iterable)?;
    while let Some(x) = abstract_::iter_next(vm, &it)? {
        acc = add_to_sum(vm, acc, x)?;
    }
    Ok(acc)
}

/// `acc + x` for `sum()`: machine ints and floats add here, as CPython's fast
/// paths do (3.11 adds floats plainly, uncompensated); the rest, and overflow,
/// through `+`.
fn add_to_sum(vm: &mut Vm, acc: Value, x: Value) -> PyResult<Value> {
    Ok(match (&acc, &x) {
        (Value::Int(a), Value::Int(b)) if a.checked_add(*b).is_some() => Value::Int(a + b),
        (Value::Float(a), Value::Float(b)) => Value::Float(a + b),
        _ => abstract_::binary_op(vm, &acc, &x, 0)?,
    })
}

/// An int, bool or float held as a machine value (what adds without Python code).
fn is_plain_number_value(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_))
}

/// `is_plain_number_value`, or an exact big int.
fn is_plain_number(vm: &Vm, v: &Value) -> bool {
    is_plain_number_value(v)
        || matches!(v, Value::Obj(o) if std::ptr::eq(o.class_ref(), &*vm.types.int)
            && matches!(o.payload, Payload::Int(_)))
}

/// `min` and `max`: the item of the one iterable argument, or of the arguments,
/// whose key compares best under the rich comparison `op`.
fn min_max(vm: &mut Vm, args: Args, signature: &Signature, op: usize) -> PyResult<Value> {
    let name = signature.name();
    // CPython counts the positional arguments before it reads the keywords.
    if args.pos.is_empty() {
        return Err(vm.new_type_error(format!("{name} expected at least 1 argument, got 0")));
    }
    let bound = signature.bind_all::<2>(vm, args)?;
    let [key, default] = bound.params;
    min_max_of(vm, name, bound.args, key, default, op)
}

/// `min`/`max` of the positional arguments `values` (at least one), with the
/// `key` and `default` keywords.
fn min_max_of(
    vm: &mut Vm,
    name: &str,
    mut values: Vec<Value>,
    key: Option<Value>,
    default: Option<Value>,
    op: usize,
) -> PyResult<Value> {
    let key = key.filter(|k| !k.is_none());
    // One iterable is consumed as it goes, never held whole.
    let (iterator, mut listed) = if values.len() == 1 {
        let only = values.pop().unwrap_or(Value::None);
        (
            Some(abstract_::get_iter(vm, &only)?),
            Vec::new().into_iter(),
        )
    } else {
        if default.is_some() {
            return Err(vm.new_type_error(format!(
                "Cannot specify a default for {name}() with multiple positional arguments"
            )));
        }
        (None, values.into_iter())
    };
    let mut best: Option<(Value, Value)> = None;
    let better = |vm: &mut Vm, best: Option<(Value, Value)>, k: Value, item: Value| {
        Ok::<_, crate::PyErr>(match best {
            None => Some((k, item)),
            Some((bk, bi)) => {
                if abstract_::compare_bool(vm, &k, &bk, op)? {
                    Some((k, item))
                } else {
                    Some((bk, bi))
                }
            }
        })
    };
    if let (Some(Value::Obj(gen)), None) = (&iterator, &key) {
        if std::ptr::eq(gen.class_ref(), &*vm.types.generator) {
            // While the best so far is a builtin number, comparing builtin numbers
            // with it runs no Python code and cannot fail: a generator's numbers
            // are taken a batch at a time and compared after, as `sum()` adds
            // them (`generator::drain_each`).
            let ended =
                crate::objects::generator::drain_each(vm, gen, is_plain_number_value, |vm, x| {
                    best = better(vm, best.take(), x.clone(), x)?;
                    Ok(best.as_ref().is_none_or(|(b, _)| is_plain_number_value(b)))
                })?;
            if ended {
                return min_max_result(vm, name, best, default);
            }
        }
    }
    loop {
        let item = match &iterator {
            Some(it) => abstract_::iter_next(vm, it)?,
            None => listed.next(),
        };
        let Some(item) = item else { break };
        let k = match &key {
            Some(f) => vm.call1(f, vec![item.clone()])?,
            None => item.clone(),
        };
        best = better(vm, best, k, item)?;
    }
    min_max_result(vm, name, best, default)
}

/// What `min()`/`max()` answer once the items ran out.
fn min_max_result(
    vm: &mut Vm,
    name: &str,
    best: Option<(Value, Value)>,
    default: Option<Value>,
) -> PyResult<Value> {
    match best {
        Some((_, item)) => Ok(item),
        None => match default {
            Some(d) => Ok(d),
            None => Err(vm.new_value_error(format!("{name}() arg is an empty sequence"))),
        },
    }
}

fn builtin_dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [object] = DIR.bind_args(vm, args)?;
    let names = match &object {
        None => {
            let depth = vm.frames.len().saturating_sub(1);
            let locals = vm.locals_of_frame(depth);
            abstract_::mapping_keys(vm, &locals)?
        }
        Some(v) => {
            // Looked up on the type, as CPython's `_PyObject_LookupSpecial`: an
            // object's own attributes (or a `__getattr__`) cannot supply it; a
            // class's metaclass gives its own (`type.__dir__` by default).
            let Some(r) = abstract_::call_special(vm, v, "__dir__", &[])? else {
                return Err(vm.new_type_error("object does not provide __dir__".to_owned()));
            };
            abstract_::collect_iterable(vm, &r)?
        }
    };
    // Sorted as `sorted()` sorts, duplicates and all.
    let list = vm.new_list(names);
    vm.call_method(&list, "sort", vec![])?;
    Ok(list)
}

/// `__build_class__(func, name, *bases, metaclass=None, **kwds)`.
fn build_class(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut pos = args.pos.into_iter();
    let (Some(func), Some(name)) = (pos.next(), pos.next()) else {
        return Err(vm.new_type_error("__build_class__: not enough arguments".to_owned()));
    };
    let orig_bases: Vec<Value> = pos.collect();
    let keywords = args.kw;
    let Value::Obj(func_obj) = &func else {
        return Err(vm.new_type_error("__build_class__: func must be a function".to_owned()));
    };
    if !matches!(func_obj.payload, Payload::Function(_)) {
        return Err(vm.new_type_error("__build_class__: func must be a function".to_owned()));
    }
    if abstract_::value_as_str(&name).is_none() {
        return Err(vm.new_type_error("__build_class__: name is not a string".to_owned()));
    }
    // PEP 560: `__mro_entries__` of non-class bases.
    let mut bases = Vec::new();
    let mut changed = false;
    for b in &orig_bases {
        if let Value::Obj(o) = b {
            if o.type_data().is_none() {
                if let Some(r) = abstract_::getattr_optional(vm, b, "__mro_entries__")? {
                    let t = vm.new_tuple(orig_bases.clone());
                    let entries = vm.call1(&r, vec![t])?;
                    bases.extend(abstract_::tuple_items(&entries).unwrap_or_default());
                    changed = true;
                    continue;
                }
            }
        }
        bases.push(b.clone());
    }
    let mut metaclass = None;
    let mut kwds = Vec::new();
    for (k, v) in keywords {
        if abstract_::obj_as_str(&k) == Some("metaclass") {
            metaclass = Some(v);
        } else {
            kwds.push((k, v));
        }
    }
    let is_class = metaclass
        .as_ref()
        .is_none_or(|m| matches!(m, Value::Obj(o) if o.type_data().is_some()));
    let mut meta = match metaclass {
        Some(m) => m,
        None => match bases.first() {
            Some(b) => Value::Obj(vm.type_of(b)),
            None => Value::Obj(vm.types.type_.clone()),
        },
    };
    if is_class {
        // The most derived metaclass among the explicit one and the bases' metaclasses.
        if let Value::Obj(mut winner) = meta.clone() {
            for b in &bases {
                let bm = vm.type_of(b);
                if typeobject::is_subtype(&winner, &bm) {
                    continue;
                }
                if typeobject::is_subtype(&bm, &winner) {
                    winner = bm;
                    continue;
                }
                return Err(vm.new_type_error("metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases".to_owned()));
            }
            meta = Value::Obj(winner);
        }
    }
    let bases_tuple = vm.new_tuple(bases.clone());
    let ns = match abstract_::getattr_optional(vm, &meta, "__prepare__")? {
        Some(prepare) => vm.call(
            &prepare,
            Args {
                pos: smallvec::smallvec![name.clone(), bases_tuple.clone()],
                kw: kwds.clone(),
            },
        )?,
        None => Value::Obj(vm.new_dict()),
    };
    let Payload::Function(fdata) = &func_obj.payload else {
        unreachable!("checked above")
    };
    let code = fdata.code_data();
    let base = vm.stack.len();
    vm.stack.resize(base + code.nlocalsplus(), None);
    let mut frame = crate::frame::Frame::new(
        code,
        fdata.globals.clone(),
        fdata.builtins.clone(),
        Some(ns.clone()),
        base,
    );
    frame.func = Some(func_obj.clone());
    let cell = match vm.run_frame(frame)? {
        crate::eval::FrameExit::Return(v) | crate::eval::FrameExit::Yield(v) => v,
    };
    if changed {
        let key = Value::Obj(vm.intern("__orig_bases__"));
        let value = vm.new_tuple(orig_bases);
        abstract_::setitem(vm, &ns, key, value)?;
    }
    let name_value = name.clone();
    let class = vm.call(
        &meta,
        Args {
            pos: smallvec::smallvec![name, bases_tuple, ns],
            kw: kwds,
        },
    )?;
    // `type.__new__` filled the body's `__class__` cell from `__classcell__`; a
    // metaclass that did not pass the namespace on left it empty.
    if let (Value::Obj(c), Some(k)) = (&cell, class.as_obj()) {
        if let (Payload::Cell(cell), Some(_)) = (&c.payload, k.type_data()) {
            let filled = cell.borrow().clone();
            match filled {
                Some(v) if v.is(&class) => {}
                Some(v) => {
                    let [v, name, class] =
                        [&v, &name_value, &class].map(|x| abstract_::repr_string(vm, x));
                    return Err(vm.new_type_error(format!(
                        "__class__ set to {} defining {} as {}",
                        v?, name?, class?
                    )));
                }
                None => {
                    let name = abstract_::repr_string(vm, &name_value)?;
                    let class = abstract_::repr_string(vm, &class)?;
                    return Err(vm.new_runtime_error(format!(
                        "__class__ not set defining {name} as {class}. Was __classcell__ propagated to type.__new__?"
                    )));
                }
            }
        }
    }
    Ok(class)
}
