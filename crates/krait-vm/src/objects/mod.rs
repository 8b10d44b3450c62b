//! The builtin types, one module each (CPython's `Objects/`).

pub mod async_generator;
pub mod async_iter;
pub mod bool_;
pub mod bytearray;
pub mod bytes;
pub mod code;
pub mod code_new;
pub mod code_verify;
pub mod complex;
pub mod descr;
pub mod descriptors;
pub mod dict;
pub mod dict_index;
pub mod exception_group;
pub mod exceptions;
pub mod float;
pub mod format;
pub mod function;
pub mod generator;
pub mod generic_alias;
pub mod instance_values;
pub mod int;
pub mod iter;
pub mod list;
pub mod memoryview;
pub mod module;
pub mod none;
pub mod object;
pub mod percent;
pub mod range;
pub mod reduce;
pub mod set;
pub mod sizeof;
pub mod slice;
pub mod str;
pub mod str_methods;
pub mod structseq;
pub mod traceback;
pub mod tuple;
pub mod typeobject;
pub mod utf7;
pub mod weakref;

use crate::object::{GetSet, ObjRef, Payload, PyObject};
use crate::objects::function::{BuiltinFunction, NativeFn};
use crate::objects::typeobject::type_data;
use crate::signature::Signature;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};

/// Adds a method written in Rust to a builtin type: `self` arrives as the first
/// positional argument.
pub fn add_method(vm: &mut Vm, ty: &ObjRef, name: &'static str, func: NativeFn) {
    add_builtin_method(vm, ty, name, func, None, None, None);
}

/// Adds a method whose signature is declared: its name and `__text_signature__` come
/// from `signature`, with which `func` binds its arguments.
pub fn add_method_sig(vm: &mut Vm, ty: &ObjRef, signature: &'static Signature, func: NativeFn) {
    add_builtin_method(vm, ty, signature.name(), func, Some(signature), None, None);
}

/// Adds a special method that CPython defines both as a method and as a slot
/// (`METH_COEXIST`: `list.__getitem__`, `dict.__contains__`): calling the method runs
/// `func`, and the type's slot holds `slot` directly.
pub fn add_coexisting_method(
    vm: &mut Vm,
    ty: &ObjRef,
    signature: &'static Signature,
    func: NativeFn,
    slot: crate::slots::NativeSlot,
    doc: &'static str,
) {
    let name = signature.name();
    add_builtin_method(vm, ty, name, func, Some(signature), Some(slot), Some(doc));
}

fn add_builtin_method(
    vm: &mut Vm,
    ty: &ObjRef,
    name: &'static str,
    func: NativeFn,
    signature: Option<&'static Signature>,
    coexisting_slot: Option<crate::slots::NativeSlot>,
    doc: Option<&'static str>,
) {
    // CPython shows a type's slots as slot wrappers, its other methods (dunders
    // included) as method descriptors.
    let is_wrapper = crate::slots::is_slot_wrapper(&type_data(ty).name(), name);
    let f = BuiltinFunction {
        name,
        func,
        this: Some(Value::Obj(ty.clone())),
        module: None,
        doc,
        // A wrapper whose signature checks the arguments needs no generic check.
        wrapper_arity: if is_wrapper && !signature.is_some_and(Signature::is_slot_wrapper) {
            crate::slots::wrapper_arity(name)
        } else {
            None
        },
        // `__init__` fills the init slot directly (the slot wrapper calls `func`).
        slot: coexisting_slot
            .or_else(|| (name == "__init__").then_some(crate::slots::NativeSlot::Init(func))),
        signature,
        objclass: None,
    };
    let class = if is_wrapper {
        vm.types.wrapper_descriptor.clone()
    } else {
        vm.types.method_descriptor.clone()
    };
    let descr = PyObject::new(class, Payload::MethodDescriptor(Box::new(f)));
    set_type_attr(vm, ty, name, Value::Obj(descr));
}

/// Adds a class method written in Rust (`dict.fromkeys`): the class arrives first.
pub fn add_classmethod(vm: &mut Vm, ty: &ObjRef, name: &'static str, func: NativeFn) {
    add_builtin_classmethod(vm, ty, name, func, None);
}

/// Adds a class method whose signature is declared (`dict.fromkeys`).
pub fn add_classmethod_sig(
    vm: &mut Vm,
    ty: &ObjRef,
    signature: &'static Signature,
    func: NativeFn,
) {
    add_builtin_classmethod(vm, ty, signature.name(), func, Some(signature));
}

fn add_builtin_classmethod(
    vm: &mut Vm,
    ty: &ObjRef,
    name: &'static str,
    func: NativeFn,
    signature: Option<&'static Signature>,
) {
    let f = BuiltinFunction {
        name,
        func,
        this: None,
        module: None,
        doc: None,
        wrapper_arity: None,
        slot: None,
        signature,
        objclass: None,
    };
    let descr = PyObject::new(
        vm.types.classmethod_descriptor.clone(),
        Payload::ClassMethodDescriptor(Box::new(f)),
    );
    set_type_attr(vm, ty, name, Value::Obj(descr));
}

/// Adds a static method whose signature is declared (`str.maketrans`).
pub fn add_staticmethod_sig(
    vm: &mut Vm,
    ty: &ObjRef,
    signature: &'static Signature,
    func: NativeFn,
) {
    let f = BuiltinFunction {
        name: signature.name(),
        func,
        this: None,
        module: None,
        doc: None,
        wrapper_arity: None,
        slot: None,
        signature: Some(signature),
        objclass: None,
    };
    let function = PyObject::new(
        vm.types.builtin_function.clone(),
        Payload::BuiltinFunction(Box::new(f)),
    );
    let descr = PyObject::new(
        vm.types.staticmethod.clone(),
        Payload::StaticMethod(std::cell::RefCell::new(Value::Obj(function))),
    );
    set_type_attr(vm, ty, signature.name(), Value::Obj(descr));
}

/// Gives the builtin type `ty` a fast entry for calls with positional arguments
/// only, from `min` to `max` of them (CPython's `tp_vectorcall`): `ty(...)` then
/// runs `func` on the arguments where they lie, without binding `__new__`'s
/// parameters or looking for `__init__`. Subclasses do not inherit it.
pub fn set_vectorcall(ty: &ObjRef, min: u8, max: u8, func: crate::objects::function::FastFn) {
    type_data(ty)
        .vectorcall
        .set(Some(crate::objects::function::FastCall::new(
            min, max, func,
        )));
}

/// Sets `__new__`: a builtin called with the class first (`int.__new__(int, 5)`).
pub fn add_new(vm: &mut Vm, ty: &ObjRef, func: NativeFn) {
    let f = BuiltinFunction {
        name: "__new__",
        func,
        // `int.__new__.__self__` is `int`; the call does not pass it (`vm.call`).
        this: Some(Value::Obj(ty.clone())),
        module: None,
        doc: None,
        wrapper_arity: None,
        slot: Some(crate::slots::NativeSlot::New(func)),
        signature: None,
        objclass: None,
    };
    let obj = PyObject::new(
        vm.types.builtin_function.clone(),
        Payload::BuiltinFunction(Box::new(f)),
    );
    set_type_attr(vm, ty, "__new__", Value::Obj(obj));
}

/// Whether the constructor of the builtin `base` refuses keywords for the class
/// `args` make (their first item): CPython's constructors of `frozenset`, `float`,
/// `map`, `filter` do for `base` itself and for subclasses that keep its `__init__`,
/// and leave keywords to an `__init__` of the subclass's own.
pub fn constructor_refuses_keywords(args: &crate::objects::function::Args, base: &ObjRef) -> bool {
    let Some(Value::Obj(class)) = args.pos.first() else {
        return true;
    };
    if std::rc::Rc::ptr_eq(class, base) {
        return true;
    }
    match (
        typeobject::lookup(class, "__init__"),
        typeobject::lookup(base, "__init__"),
    ) {
        (Some(own), Some(inherited)) => own.is(&inherited),
        (None, None) => true,
        _ => false,
    }
}

/// Adds a computed attribute.
pub fn add_getset(
    vm: &mut Vm,
    ty: &ObjRef,
    name: &'static str,
    get: fn(&mut Vm, &Value) -> PyResult<Value>,
    set: Option<crate::object::Setter>,
) {
    let descr = PyObject::new(
        vm.types.getset_descriptor.clone(),
        Payload::GetSetDescriptor(GetSet { name, get, set }, ty.clone()),
    );
    set_type_attr(vm, ty, name, Value::Obj(descr));
}

/// The setter of an attribute that CPython keeps as a read-only member (a
/// property's `fget`, a function's `__globals__` ...): assignment and deletion
/// fail in these words.
pub fn readonly_member(vm: &mut Vm, _this: &Value, _value: Option<Value>) -> PyResult<()> {
    Err(vm.new_attribute_error("readonly attribute".to_owned()))
}

pub fn set_type_attr(vm: &mut Vm, ty: &ObjRef, name: &str, value: Value) {
    let dict = type_data(ty).dict.clone();
    crate::objects::dict::dict_set_str(vm, &dict, name, value);
    if !vm.bootstrapping {
        typeobject::invalidate_lookups(ty);
        crate::slots::update_slots_for_name(ty, name);
    }
}

/// A builtin function object (`len`, `math.sqrt`).
pub fn new_builtin_function(
    vm: &Vm,
    name: &'static str,
    func: NativeFn,
    module: Option<&'static str>,
) -> Value {
    let f = BuiltinFunction {
        name,
        func,
        this: None,
        module,
        doc: None,
        wrapper_arity: None,
        slot: None,
        signature: None,
        objclass: None,
    };
    Value::Obj(PyObject::new(
        vm.types.builtin_function.clone(),
        Payload::BuiltinFunction(Box::new(f)),
    ))
}

/// Fills the builtin types' namespaces.
pub fn init_types(vm: &mut Vm) {
    object::init(vm);
    typeobject::init(vm);
    typeobject::init_mappingproxy(vm);
    int::init(vm);
    bool_::init(vm);
    float::init(vm);
    complex::init(vm);
    str::init(vm);
    bytes::init(vm);
    bytearray::init(vm);
    list::init(vm);
    tuple::init(vm);
    dict::init(vm);
    set::init(vm);
    range::init(vm);
    slice::init(vm);
    none::init(vm);
    function::init(vm);
    function::init_cell(vm);
    code::init(vm);
    module::init(vm);
    descr::init(vm);
    descriptors::init(vm);
    iter::init(vm);
    generator::init(vm);
    traceback::init(vm);
    let t = &vm.types;
    for ty in [
        &t.type_,
        &t.set,
        &t.frozenset,
        &t.function,
        &t.builtin_function,
        &t.method,
        &t.module,
        &t.code,
        &t.generator,
        &t.coroutine,
    ] {
        type_data(ty).weakrefable.set(true);
    }
    let t = &vm.types;
    for (ty, text) in [
        (&t.object, "()"),
        (&t.list, "(iterable=(), /)"),
        (&t.tuple, "(iterable=(), /)"),
        (&t.float, "(x=0, /)"),
        (&t.complex, "(real=0, imag=0)"),
        (&t.enumerate, "(iterable, start=0)"),
        (&t.reversed, "(sequence, /)"),
        (&t.property, "(fget=None, fset=None, fdel=None, doc=None)"),
        (&vm.memoryview_type, "(object)"),
        (&t.cell, "([contents])"),
        (
            &t.code,
            "(argcount, posonlyargcount, kwonlyargcount, nlocals, stacksize,\n     flags, codestring, constants, names, varnames, filename, name,\n     qualname, firstlineno, linetable, exceptiontable, freevars=(),\n     cellvars=(), /)",
        ),
        (&t.function, "(code, globals, name=None, argdefs=None, closure=None)"),
        (&t.method, "(function, instance, /)"),
        (&t.module, "(name, doc=None)"),
    ] {
        type_data(ty).text_signature.set(Some(text));
    }
}

/// Every builtin type has a `__doc__` of its own, None when it has no docstring
/// (as CPython's `type_ready` gives it), so `None.__doc__` does not find
/// `object`'s. Runs once the builtin types, exceptions included, exist.
pub fn give_builtin_types_a_doc(vm: &mut Vm) {
    let object = vm.types.object.clone();
    for ty in typeobject::types_below(&object) {
        let data = type_data(&ty);
        if !data.heap && crate::objects::dict::dict_get_str(&data.dict, "__doc__").is_none() {
            set_type_attr(vm, &ty, "__doc__", Value::None);
        }
    }
}

/// A vector with room for `n` values, or the MemoryError CPython raises when the
/// memory cannot be had (sizes come from user input: `[0] * 10**12`).
pub fn reserve_values(vm: &mut Vm, n: u128) -> PyResult<Vec<Value>> {
    let mut out = Vec::new();
    let fits = usize::try_from(n).ok().filter(|n| {
        n.checked_mul(std::mem::size_of::<Value>())
            .is_some_and(|b| b <= isize::MAX as usize)
    });
    match fits {
        Some(n) if out.try_reserve_exact(n).is_ok() => Ok(out),
        _ => Err(vm.new_error(Exc::MemoryError, "")),
    }
}

/// `items` repeated `n` times (`seq * n`), or MemoryError when that cannot be had.
pub fn repeat_values(vm: &mut Vm, items: &[Value], n: usize) -> PyResult<Vec<Value>> {
    let mut out = reserve_values(vm, (items.len() as u128) * (n as u128))?;
    for _ in 0..n {
        out.extend(items.iter().cloned());
    }
    Ok(out)
}

/// `self` of a method call: the first positional argument.
pub fn this(args: &crate::objects::function::Args) -> Value {
    args.pos.first().cloned().unwrap_or(Value::None)
}
