//! The `_pickle` module (CPython's `Modules/_pickle.c`): the pickler and unpickler
//! that `pickle` uses in place of its pure-Python classes, and `PickleBuffer`
//! (CPython's `Objects/picklebufobject.c`).
//!
//! - `opcodes.rs`: the opcodes and the sizes of batches and frames;
//! - `pickler.rs`: `Pickler` and `dump`/`dumps`: the pickler's state, its output
//!   cut into frames, and the Python type;
//! - `save.rs`: how the pickler writes objects, with fast paths for the builtin
//!   types and `__reduce_ex__` for the rest;
//! - `unpickler.rs`: `Unpickler` and `load`/`loads`;
//! - `input.rs`: the unpickler's input, read from bytes or a file;
//! - `load.rs`: the stack machine that runs the opcodes;
//! - `memo.rs`: the memos, and the proxies `Pickler.memo` and `Unpickler.memo`
//!   return;
//! - `buffer.rs`: `PickleBuffer`, a wrapper that marks a buffer for protocol 5.
//!
//! The module state keeps what the C module keeps: its exception classes and types,
//! `copyreg`'s registries and `_compat_pickle`'s name mappings (read once, at
//! import, as CPython does), `codecs.encode`, `getattr` and `functools.partial`.

mod buffer;
mod input;
mod load;
mod memo;
mod opcodes;
mod pickler;
mod save;
mod unpickler;

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::dict;
use krait_vm::objects::exceptions::new_exception;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

/// What the module keeps for itself (CPython's `PickleState`).
pub(crate) struct PickleState {
    pickling_error: ObjRef,
    unpickling_error: ObjRef,
    unpickler_type: ObjRef,
    pickler_memo_type: ObjRef,
    unpickler_memo_type: ObjRef,
    buffer_type: ObjRef,
    /// `copyreg.dispatch_table`: `{type: reducer}`.
    dispatch_table: ObjRef,
    /// `copyreg._extension_registry`: `{(module, name): code}`.
    extension_registry: ObjRef,
    /// `copyreg._inverted_registry`: `{code: (module, name)}`.
    inverted_registry: ObjRef,
    /// `copyreg._extension_cache`: `{code: object}`.
    extension_cache: ObjRef,
    /// `_compat_pickle`'s mappings, Python 2 names to 3 and back.
    name_mapping_2to3: ObjRef,
    import_mapping_2to3: ObjRef,
    name_mapping_3to2: ObjRef,
    import_mapping_3to2: ObjRef,
    codecs_encode: Value,
    getattr: Value,
    /// The module names CPython's C functions hold, one str per module apart
    /// from the interned one (see `pickler::canonical_module_name`).
    c_module_names: std::cell::RefCell<rustc_hash::FxHashMap<String, Value>>,
    partial: Value,
}

/// The module state, or a RuntimeError if `_pickle` was never imported.
pub(crate) fn state(vm: &mut Vm) -> PyResult<std::rc::Rc<PickleState>> {
    vm.module_state::<PickleState>()
        .ok_or_else(|| vm.new_runtime_error("_pickle is not initialised".to_owned()))
}

/// An exception of one of the module's classes, carrying `message`.
fn error_of(vm: &mut Vm, class: impl Fn(&PickleState) -> &ObjRef, message: &str) -> PyErr {
    let class = match vm.module_state::<PickleState>() {
        Some(st) => class(&st).clone(),
        None => vm.exc(Exc::Exception).clone(),
    };
    let message = vm.new_str(message);
    new_exception(vm, &class, vec![message])
}

pub(crate) fn pickling_error(vm: &mut Vm, message: &str) -> PyErr {
    error_of(vm, |st| &st.pickling_error, message)
}

pub(crate) fn unpickling_error(vm: &mut Vm, message: &str) -> PyErr {
    error_of(vm, |st| &st.unpickling_error, message)
}

/// Whether `err` is an UnpicklingError (or derives from it).
pub(crate) fn is_unpickling_error(vm: &mut Vm, err: &PyErr) -> bool {
    match vm.module_state::<PickleState>() {
        Some(st) => vm.isinstance(&Value::Obj(err.0.clone()), &st.unpickling_error),
        None => false,
    }
}

/// `repr(v)` for messages, which never fail because of it.
pub(crate) fn repr_of(vm: &mut Vm, v: &Value) -> String {
    abstract_::repr_string(vm, v).unwrap_or_else(|_| format!("<{} object>", vm.type_name_of(v)))
}

/// `str(v)` for messages.
pub(crate) fn str_of(vm: &mut Vm, v: &Value) -> String {
    abstract_::str_string(vm, v).unwrap_or_else(|_| repr_of(vm, v))
}

/// A heap exception class of this module deriving from `base`.
fn exception_class(vm: &mut Vm, name: &str, base: ObjRef) -> PyResult<ObjRef> {
    let ns = vm.new_dict();
    let module = vm.new_str("_pickle");
    dict::dict_set_str(vm, &ns, "__module__", module);
    let metatype = vm.types.type_.clone();
    krait_vm::objects::typeobject::new_heap_type(vm, &metatype, name, vec![base], &ns)
}

/// Attribute `name` of module `module`, which must be an exact dict.
fn module_dict_attr(
    vm: &mut Vm,
    module: &Value,
    module_name: &str,
    name: &str,
) -> PyResult<ObjRef> {
    let value = abstract_::getattr_str(vm, module, name)?;
    match &value {
        Value::Obj(o)
            if dict::as_dict(o).is_some() && std::rc::Rc::ptr_eq(&o.class(), &vm.types.dict) =>
        {
            Ok(o.clone())
        }
        _ => {
            let given = vm.type_name_of(&value);
            Err(vm.new_runtime_error(format!(
                "{module_name}.{name} should be a dict, not {given}"
            )))
        }
    }
}

static FUNCTIONS: [MethodDef; 4] = [
    MethodDef::staticmethod("dump", pickler::module_dump).with_signature(&pickler::DUMP),
    MethodDef::staticmethod("dumps", pickler::module_dumps).with_signature(&pickler::DUMPS),
    MethodDef::staticmethod("load", unpickler::module_load).with_signature(&unpickler::LOAD),
    MethodDef::staticmethod("loads", unpickler::module_loads).with_signature(&unpickler::LOADS),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_pickle");
    let d = module_dict(&m).expect("a module has a dict");
    let doc = vm.new_str("Optimized C implementation for the Python pickle module.");
    dict::dict_set_str(vm, &d, "__doc__", doc);
    add_module_functions(vm, &d, "_pickle", &FUNCTIONS);

    let exception = vm.exc(Exc::Exception).clone();
    let pickle_error = exception_class(vm, "PickleError", exception)?;
    let pickling_error = exception_class(vm, "PicklingError", pickle_error.clone())?;
    let unpickling_error = exception_class(vm, "UnpicklingError", pickle_error.clone())?;

    let buffer_type = buffer::new_type(vm);
    let pickler_type = pickler::new_type(vm);
    let unpickler_type = unpickler::new_type(vm);
    let pickler_memo_type = memo::new_pickler_memo_type(vm);
    let unpickler_memo_type = memo::new_unpickler_memo_type(vm);
    for (name, value) in [
        ("PickleError", &pickle_error),
        ("PicklingError", &pickling_error),
        ("UnpicklingError", &unpickling_error),
        ("Pickler", &pickler_type),
        ("Unpickler", &unpickler_type),
        ("PickleBuffer", &buffer_type),
    ] {
        dict::dict_set_str(vm, &d, name, Value::Obj(value.clone()));
    }

    let builtins = vm.builtins_dict.clone();
    let getattr = dict::dict_get_str(&builtins, "getattr").unwrap_or(Value::None);
    let copyreg = krait_vm::import::import_full(vm, "copyreg")?;
    let dispatch_table = module_dict_attr(vm, &copyreg, "copyreg", "dispatch_table")?;
    let extension_registry = module_dict_attr(vm, &copyreg, "copyreg", "_extension_registry")?;
    let inverted_registry = module_dict_attr(vm, &copyreg, "copyreg", "_inverted_registry")?;
    let extension_cache = module_dict_attr(vm, &copyreg, "copyreg", "_extension_cache")?;
    let compat = krait_vm::import::import_full(vm, "_compat_pickle")?;
    let name_mapping_2to3 = module_dict_attr(vm, &compat, "_compat_pickle", "NAME_MAPPING")?;
    let import_mapping_2to3 = module_dict_attr(vm, &compat, "_compat_pickle", "IMPORT_MAPPING")?;
    let name_mapping_3to2 =
        module_dict_attr(vm, &compat, "_compat_pickle", "REVERSE_NAME_MAPPING")?;
    let import_mapping_3to2 =
        module_dict_attr(vm, &compat, "_compat_pickle", "REVERSE_IMPORT_MAPPING")?;
    let codecs = krait_vm::import::import_full(vm, "codecs")?;
    let codecs_encode = abstract_::getattr_str(vm, &codecs, "encode")?;
    let functools = krait_vm::import::import_full(vm, "functools")?;
    let partial = abstract_::getattr_str(vm, &functools, "partial")?;

    vm.set_module_state(PickleState {
        pickling_error,
        unpickling_error,
        unpickler_type,
        pickler_memo_type,
        unpickler_memo_type,
        buffer_type,
        dispatch_table,
        extension_registry,
        inverted_registry,
        extension_cache,
        name_mapping_2to3,
        import_mapping_2to3,
        name_mapping_3to2,
        import_mapping_3to2,
        codecs_encode,
        getattr,
        c_module_names: Default::default(),
        partial,
    });
    Ok(m)
}
