//! The `_imp` module (CPython's `Python/import.c` functions of that name): what the
//! import machinery written in Python, `importlib._bootstrap`, asks of the
//! interpreter: builtin modules, frozen modules, the import lock, and source hashes
//! for hash-based `.pyc` files. Extension modules do not exist here, so there are no
//! extension suffixes.

use std::cell::Cell;
use std::rc::Rc;

use crate::abstract_;
use crate::native::{add_module_functions, MethodDef};
use crate::objects::function::Args;
use crate::objects::module::{module_dict, new_module};
use crate::signature::Signature;
use crate::value::Value;
use crate::{Exc, ObjRef, PyResult, Vm};

static LOCK_HELD: Signature = Signature::of("_imp", "lock_held", "($module, /)");
static ACQUIRE_LOCK: Signature = Signature::of("_imp", "acquire_lock", "($module, /)");
static RELEASE_LOCK: Signature = Signature::of("_imp", "release_lock", "($module, /)");
static IS_BUILTIN: Signature = Signature::of("_imp", "is_builtin", "($module, name, /)");
static CREATE_BUILTIN: Signature = Signature::of("_imp", "create_builtin", "($module, spec, /)");
static EXEC_BUILTIN: Signature = Signature::of("_imp", "exec_builtin", "($module, mod, /)");
static CREATE_DYNAMIC: Signature = Signature::of(
    "_imp",
    "create_dynamic",
    "($module, spec, file=<unrepresentable>, /)",
);
static EXEC_DYNAMIC: Signature = Signature::of("_imp", "exec_dynamic", "($module, mod, /)");
static EXTENSION_SUFFIXES: Signature = Signature::of("_imp", "extension_suffixes", "($module, /)");
static IS_FROZEN: Signature = Signature::of("_imp", "is_frozen", "($module, name, /)");
static IS_FROZEN_PACKAGE: Signature =
    Signature::of("_imp", "is_frozen_package", "($module, name, /)");
static FIND_FROZEN: Signature = Signature::of(
    "_imp",
    "find_frozen",
    "($module, name, /, *, withdata=False)",
);
static GET_FROZEN_OBJECT: Signature =
    Signature::of("_imp", "get_frozen_object", "($module, name, data=None, /)");
static INIT_FROZEN: Signature = Signature::of("_imp", "init_frozen", "($module, name, /)");
static FROZEN_MODULE_NAMES: Signature =
    Signature::of("_imp", "_frozen_module_names", "($module, /)");
static OVERRIDE_FROZEN: Signature = Signature::of(
    "_imp",
    "_override_frozen_modules_for_tests",
    "($module, override, /)",
);
static FIX_CO_FILENAME: Signature =
    Signature::of("_imp", "_fix_co_filename", "($module, code, path, /)");
static SOURCE_HASH: Signature = Signature::of("_imp", "source_hash", "($module, /, key, source)");

static FUNCTIONS: [MethodDef; 18] = [
    MethodDef::staticmethod("lock_held", lock_held).with_signature(&LOCK_HELD),
    MethodDef::staticmethod("acquire_lock", acquire_lock).with_signature(&ACQUIRE_LOCK),
    MethodDef::staticmethod("release_lock", release_lock).with_signature(&RELEASE_LOCK),
    MethodDef::staticmethod("is_builtin", is_builtin).with_signature(&IS_BUILTIN),
    MethodDef::staticmethod("create_builtin", create_builtin).with_signature(&CREATE_BUILTIN),
    MethodDef::staticmethod("exec_builtin", exec_module).with_signature(&EXEC_BUILTIN),
    MethodDef::staticmethod("create_dynamic", create_dynamic).with_signature(&CREATE_DYNAMIC),
    MethodDef::staticmethod("exec_dynamic", exec_module).with_signature(&EXEC_DYNAMIC),
    MethodDef::staticmethod("extension_suffixes", extension_suffixes)
        .with_signature(&EXTENSION_SUFFIXES),
    MethodDef::staticmethod("is_frozen", is_frozen).with_signature(&IS_FROZEN),
    MethodDef::staticmethod("is_frozen_package", is_frozen_package)
        .with_signature(&IS_FROZEN_PACKAGE),
    MethodDef::staticmethod("find_frozen", find_frozen).with_signature(&FIND_FROZEN),
    MethodDef::staticmethod("get_frozen_object", get_frozen_object)
        .with_signature(&GET_FROZEN_OBJECT),
    MethodDef::staticmethod("init_frozen", init_frozen).with_signature(&INIT_FROZEN),
    MethodDef::staticmethod("_frozen_module_names", frozen_module_names)
        .with_signature(&FROZEN_MODULE_NAMES),
    MethodDef::staticmethod("_override_frozen_modules_for_tests", override_frozen)
        .with_signature(&OVERRIDE_FROZEN),
    MethodDef::staticmethod("_fix_co_filename", fix_co_filename).with_signature(&FIX_CO_FILENAME),
    MethodDef::staticmethod("source_hash", source_hash).with_signature(&SOURCE_HASH),
];

/// The interpreter's import state that `_imp` keeps.
#[derive(Default)]
struct ImportState {
    /// How many times the import lock is held (it is reentrant).
    lock_depth: Cell<usize>,
    /// `_override_frozen_modules_for_tests`: 1 forces frozen modules on, -1 off.
    frozen_override: Cell<i64>,
}

fn state(vm: &mut Vm) -> Rc<ImportState> {
    if let Some(state) = vm.module_state::<ImportState>() {
        return state;
    }
    vm.set_module_state(ImportState::default());
    vm.module_state::<ImportState>()
        .expect("the import state was just set")
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_imp");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_imp", &FUNCTIONS);
    let check = vm.new_str("default");
    crate::objects::dict::dict_set_str(vm, &d, "check_hash_based_pycs", check);
    Ok(m)
}

fn lock_held(vm: &mut Vm, args: Args) -> PyResult<Value> {
    LOCK_HELD.bind_args::<0>(vm, args)?;
    Ok(Value::Bool(state(vm).lock_depth.get() > 0))
}

fn acquire_lock(vm: &mut Vm, args: Args) -> PyResult<Value> {
    ACQUIRE_LOCK.bind_args::<0>(vm, args)?;
    let state = state(vm);
    state.lock_depth.set(state.lock_depth.get() + 1);
    Ok(Value::None)
}

fn release_lock(vm: &mut Vm, args: Args) -> PyResult<Value> {
    RELEASE_LOCK.bind_args::<0>(vm, args)?;
    let state = state(vm);
    match state.lock_depth.get() {
        0 => Err(vm.new_runtime_error("not holding the import lock".to_owned())),
        depth => {
            state.lock_depth.set(depth - 1);
            Ok(Value::None)
        }
    }
}

/// A module name argument, which CPython requires to be a str.
fn name_arg(vm: &mut Vm, function: &str, value: Option<Value>) -> PyResult<String> {
    let value = value.unwrap_or(Value::None);
    match abstract_::value_as_str(&value) {
        Some(name) => Ok(name.to_owned()),
        None => {
            let given = vm.type_name_of(&value);
            Err(vm.new_type_error(format!("{function}() argument 1 must be str, not {given}")))
        }
    }
}

/// `sys` and `builtins` exist before anything is imported and cannot be made again.
fn is_core_module(name: &str) -> bool {
    matches!(name, "sys" | "builtins")
}

fn is_builtin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name] = IS_BUILTIN.bind_args(vm, args)?;
    let name = name_arg(vm, "is_builtin", name)?;
    Ok(Value::Int(if is_core_module(&name) {
        -1
    } else {
        vm.native_modules.contains_key(&name) as i64
    }))
}

/// Makes the builtin module `spec.name`, or returns None when there is none.
fn create_builtin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [spec] = CREATE_BUILTIN.bind_args(vm, args)?;
    let spec = spec.unwrap_or(Value::None);
    let name = abstract_::getattr_str(vm, &spec, "name")?;
    let Some(name) = abstract_::value_as_str(&name).map(str::to_owned) else {
        let given = vm.type_name_of(&name);
        return Err(vm.new_type_error(format!("name must be string, not {given}")));
    };
    match name.as_str() {
        "sys" => return Ok(Value::Obj(vm.sys.clone())),
        "builtins" => return Ok(Value::Obj(vm.builtins.clone())),
        _ => {}
    }
    create_native_module(vm, &name).map(|m| m.map_or(Value::None, Value::Obj))
}

/// Runs the Rust initialiser of builtin module `name`, if there is one.
pub(crate) fn create_native_module(vm: &mut Vm, name: &str) -> PyResult<Option<ObjRef>> {
    match vm.native_modules.get(name).copied() {
        Some(init) => init(vm).map(Some),
        None => Ok(None),
    }
}

/// Builtin modules are complete when made: there is no second phase to run.
fn exec_module(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(0))
}

fn create_dynamic(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [spec, _file] = CREATE_DYNAMIC.bind_args(vm, args)?;
    let spec = spec.unwrap_or(Value::None);
    let name = abstract_::getattr_str(vm, &spec, "name")?;
    let shown = abstract_::repr_string(vm, &name)?;
    Err(vm.new_error(
        Exc::ImportError,
        format!("extension modules cannot be loaded by this interpreter: {shown}"),
    ))
}

fn extension_suffixes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    EXTENSION_SUFFIXES.bind_args::<0>(vm, args)?;
    Ok(vm.new_list(Vec::new()))
}

/// The frozen module `name`, unless frozen modules are switched off for tests.
fn frozen(vm: &mut Vm, name: &str) -> Option<&'static krait_frozen::FrozenModule> {
    // The import machinery itself is always frozen, as in CPython.
    let essential = matches!(
        name,
        "_frozen_importlib" | "_frozen_importlib_external" | "zipimport"
    );
    if state(vm).frozen_override.get() < 0 && !essential {
        return None;
    }
    krait_frozen::find(name)
}

fn is_frozen(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name] = IS_FROZEN.bind_args(vm, args)?;
    let name = name_arg(vm, "is_frozen", name)?;
    Ok(Value::Bool(frozen(vm, &name).is_some()))
}

/// The ImportError for a module that is not frozen.
fn not_frozen(vm: &mut Vm, name: &str) -> crate::PyErr {
    let err = vm.new_error(
        Exc::ImportError,
        format!("No such frozen object named '{name}'"),
    );
    let name = vm.new_str(name);
    crate::objects::exceptions::set_attr(vm, &err.0, "name", name);
    err
}

fn is_frozen_package(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name] = IS_FROZEN_PACKAGE.bind_args(vm, args)?;
    let name = name_arg(vm, "is_frozen_package", name)?;
    match frozen(vm, &name) {
        Some(module) => Ok(Value::Bool(module.is_package)),
        None => Err(not_frozen(vm, &name)),
    }
}

/// `(data, is_package, origname)` for a frozen module, or None; `data` is the
/// marshalled code when asked for, as a memoryview.
fn find_frozen(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name, withdata] = FIND_FROZEN.bind_args(vm, args)?;
    let name = name_arg(vm, "find_frozen", name)?;
    let Some(module) = frozen(vm, &name) else {
        return Ok(Value::None);
    };
    let with_data = match withdata {
        Some(flag) => abstract_::is_true(vm, &flag)?,
        None => false,
    };
    let data = if with_data {
        let bytes = vm.new_bytes(module.code.to_vec());
        let memoryview = vm.memoryview_type.clone();
        vm.call1(&Value::Obj(memoryview), vec![bytes])?
    } else {
        Value::None
    };
    let origname = module.origname.map_or(Value::None, |name| vm.new_str(name));
    Ok(vm.new_tuple(vec![data, Value::Bool(module.is_package), origname]))
}

/// The code object of frozen module `name` (from `data` when given).
fn get_frozen_object(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name, data] = GET_FROZEN_OBJECT.bind_args(vm, args)?;
    let name = name_arg(vm, "get_frozen_object", name)?;
    let given = match data {
        Some(Value::None) | None => None,
        Some(data) => Some(crate::objects::bytes::bytes_like_arg(vm, &data)?),
    };
    let code = match (given, frozen(vm, &name)) {
        (Some(bytes), _) => crate::unmarshal::loads(vm, &bytes),
        (None, Some(module)) => crate::unmarshal::load_frozen(vm, module.code),
        (None, None) => return Err(not_frozen(vm, &name)),
    };
    code_or_import_error(vm, &name, code)
}

/// The code object in `marshalled`, the data of frozen module `name` that Krait's
/// compiler made at build time.
pub fn frozen_code(vm: &mut Vm, name: &str, marshalled: &[u8]) -> PyResult<Value> {
    let code = crate::unmarshal::load_frozen(vm, marshalled);
    code_or_import_error(vm, name, code)
}

/// The code object read from the data of frozen module `name`.
fn code_or_import_error(vm: &mut Vm, name: &str, code: PyResult<Value>) -> PyResult<Value> {
    match code {
        Ok(code) if crate::objects::code::as_code(&code).is_some() => Ok(code),
        _ => Err(vm.new_error(
            Exc::ImportError,
            format!("Failed to unmarshal frozen module '{name}'"),
        )),
    }
}

/// Imports frozen module `name` the old way: made, run and put in `sys.modules`.
fn init_frozen(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name] = INIT_FROZEN.bind_args(vm, args)?;
    let name = name_arg(vm, "init_frozen", name)?;
    let Some(module) = frozen(vm, &name) else {
        return Ok(Value::None);
    };
    run_frozen_module(vm, module).map(Value::Obj)
}

/// Runs a frozen module in a new module object registered in `sys.modules`.
pub(crate) fn run_frozen_module(
    vm: &mut Vm,
    frozen: &krait_frozen::FrozenModule,
) -> PyResult<ObjRef> {
    let code = frozen_code(vm, frozen.name, frozen.code)?;
    let Some(code) = crate::objects::code::as_code(&code).cloned() else {
        return Err(vm.new_error(Exc::ImportError, "frozen data is not code"));
    };
    let module = new_module(vm, frozen.name);
    let d = module_dict(&module).expect("a module has a dict");
    // What `FrozenImporter._fix_up_module` later makes a spec from.
    if let Some(origname) = frozen.origname {
        let origname = vm.new_str(origname);
        crate::objects::dict::dict_set_str(vm, &d, "__origname__", origname);
    }
    if frozen.is_package {
        let path = vm.new_list(Vec::new());
        crate::objects::dict::dict_set_str(vm, &d, "__path__", path);
    }
    let modules = vm.modules.clone();
    crate::objects::dict::dict_set_str(vm, &modules, frozen.name, Value::Obj(module.clone()));
    if let Err(err) = crate::import::run_code(vm, code, d, None) {
        if let Some(m) = crate::objects::dict::as_dict(&modules) {
            m.borrow_mut().remove_str(frozen.name);
        }
        return Err(err);
    }
    Ok(module)
}

fn frozen_module_names(vm: &mut Vm, args: Args) -> PyResult<Value> {
    FROZEN_MODULE_NAMES.bind_args::<0>(vm, args)?;
    let names = krait_frozen::MODULES
        .iter()
        .map(|m| vm.new_str(m.name))
        .collect();
    Ok(vm.new_list(names))
}

fn override_frozen(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [value] = OVERRIDE_FROZEN.bind_args(vm, args)?;
    let value = abstract_::index(vm, &value.unwrap_or(Value::None))?;
    let value = crate::objects::int::as_i64(&value).unwrap_or(0);
    state(vm).frozen_override.set(value.signum());
    Ok(Value::None)
}

/// Code objects keep the file name they were compiled with: a `.pyc` moved since is
/// rare, and its tracebacks name the old place.
fn fix_co_filename(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [code, path] = FIX_CO_FILENAME.bind_args(vm, args)?;
    let code = code.unwrap_or(Value::None);
    if crate::objects::code::as_code(&code).is_none() {
        let given = vm.type_name_of(&code);
        return Err(vm.new_type_error(format!(
            "_fix_co_filename() argument 1 must be code, not {given}"
        )));
    }
    name_arg(vm, "_fix_co_filename", path)?;
    Ok(Value::None)
}

/// The 8-byte SipHash-1-3 of `source` keyed by `key`, as hash-based `.pyc` files
/// record it.
fn source_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [key, source] = SOURCE_HASH.bind_args(vm, args)?;
    let key = abstract_::index(vm, &key.unwrap_or(Value::None))?;
    let key = crate::objects::int::as_i64(&key).unwrap_or(0);
    let source = crate::objects::bytes::bytes_like_arg(vm, &source.unwrap_or(Value::None))?;
    let hash = crate::pyhash::siphash13_keyed(key as u64, 0, &source);
    Ok(vm.new_bytes(hash.to_le_bytes().to_vec()))
}
