//! The `_testinternalcapi` module (CPython's `Modules/_testinternalcapi.c`): the
//! interpreter internals that CPython's own test package reads, such as the start-up
//! configuration (`test.support.requires_debug_ranges` asks it whether code objects
//! carry column positions) and the recursion depth.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::dict::dict_set_str;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, import, ObjRef, PyResult, Value, Vm};

static GET_CONFIG: Signature = Signature::of("_testinternalcapi", "get_config", "($module, /)");
static GET_RECURSION_DEPTH: Signature =
    Signature::of("_testinternalcapi", "get_recursion_depth", "($module, /)");

static FUNCTIONS: [MethodDef; 2] = [
    MethodDef::staticmethod("get_config", get_config).with_signature(&GET_CONFIG),
    MethodDef::staticmethod("get_recursion_depth", get_recursion_depth)
        .with_signature(&GET_RECURSION_DEPTH),
];

/// What CPython's `sizeof(PyGC_Head)` is on a 64-bit build; `test.support`'s size
/// checks add it for objects the collector tracks.
const SIZEOF_PYGC_HEAD: i64 = 16;

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_testinternalcapi");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_testinternalcapi", &FUNCTIONS);
    dict_set_str(vm, &d, "SIZEOF_PYGC_HEAD", Value::Int(SIZEOF_PYGC_HEAD));
    Ok(m)
}

/// `get_recursion_depth()`: the frames and Rust-level calls now counted against the
/// recursion limit, without this call itself.
fn get_recursion_depth(vm: &mut Vm, args: Args) -> PyResult<Value> {
    GET_RECURSION_DEPTH.bind_args::<0>(vm, args)?;
    Ok(Value::Int((vm.frames.len() + vm.native_depth) as i64))
}

/// `get_config()`: the interpreter's configuration as a dict with `PyConfig`'s
/// members, in CPython's order. Values `sys` also shows are read from `sys`, so the
/// two agree.
fn get_config(vm: &mut Vm, args: Args) -> PyResult<Value> {
    GET_CONFIG.bind_args::<0>(vm, args)?;
    let sys = import::import_full(vm, "sys")?;
    let from_sys = |vm: &mut Vm, name: &str| -> PyResult<Value> {
        match abstract_::getattr_str(vm, &sys, name) {
            Ok(v) => Ok(v),
            Err(_) => Ok(Value::None),
        }
    };
    let copy_list = |vm: &mut Vm, name: &str| -> PyResult<Value> {
        let v = from_sys(vm, name)?;
        let items = abstract_::collect_iterable(vm, &v)?;
        Ok(vm.new_list(items))
    };
    let c = vm.config.clone();
    let flag = |b: bool| Value::Int(b as i64);
    let text = |vm: &Vm, s: &str| vm.new_str(s);

    let d = vm.new_dict();
    let set = |vm: &mut Vm, key: &str, value: Value| dict_set_str(vm, &d, key, value);
    set(vm, "_config_init", Value::Int(2));
    set(vm, "isolated", flag(c.isolated));
    set(vm, "use_environment", flag(!c.ignore_environment));
    set(vm, "dev_mode", flag(c.dev_mode));
    set(vm, "install_signal_handlers", Value::Int(1));
    set(vm, "use_hash_seed", Value::Int(0));
    set(vm, "hash_seed", Value::Int(0));
    set(vm, "faulthandler", Value::Int(0));
    set(vm, "tracemalloc", Value::Int(0));
    set(vm, "import_time", Value::Int(0));
    set(vm, "code_debug_ranges", flag(!c.no_debug_ranges));
    set(vm, "show_ref_count", Value::Int(0));
    set(vm, "dump_refs", Value::Int(0));
    set(vm, "malloc_stats", Value::Int(0));
    let v = text(vm, "utf-8");
    set(vm, "filesystem_encoding", v);
    let v = text(vm, "surrogateescape");
    set(vm, "filesystem_errors", v);
    let v = from_sys(vm, "pycache_prefix")?;
    set(vm, "pycache_prefix", v);
    let v = text(vm, &c.executable);
    set(vm, "program_name", v);
    set(vm, "parse_argv", Value::Int(2));
    let v = copy_list(vm, "argv")?;
    set(vm, "argv", v);
    let xoptions = c
        .xoptions
        .iter()
        .map(|(name, value)| match value {
            Some(value) => vm.new_str(format!("{name}={value}")),
            None => vm.new_str(name.as_str()),
        })
        .collect();
    let v = vm.new_list(xoptions);
    set(vm, "xoptions", v);
    let v = copy_list(vm, "warnoptions")?;
    set(vm, "warnoptions", v);
    let pythonpath = if c.ignore_environment {
        None
    } else {
        std::env::var("PYTHONPATH").ok()
    };
    let v = match pythonpath {
        Some(p) => vm.new_str(p),
        None => Value::None,
    };
    set(vm, "pythonpath_env", v);
    set(vm, "home", Value::None);
    set(vm, "module_search_paths_set", Value::Int(1));
    let v = copy_list(vm, "path")?;
    set(vm, "module_search_paths", v);
    let v = from_sys(vm, "_stdlib_dir")?;
    set(vm, "stdlib_dir", v);
    for (key, attr) in [
        ("executable", "executable"),
        ("base_executable", "_base_executable"),
        ("prefix", "prefix"),
        ("base_prefix", "base_prefix"),
        ("exec_prefix", "exec_prefix"),
        ("base_exec_prefix", "base_exec_prefix"),
        ("platlibdir", "platlibdir"),
    ] {
        let v = from_sys(vm, attr)?;
        set(vm, key, v);
    }
    set(vm, "site_import", flag(!c.no_site));
    set(vm, "bytes_warning", Value::Int(c.bytes_warning as i64));
    set(vm, "warn_default_encoding", Value::Int(0));
    set(vm, "inspect", Value::Int(0));
    set(vm, "interactive", Value::Int(0));
    set(vm, "optimization_level", Value::Int(c.optimize as i64));
    set(vm, "parser_debug", Value::Int(0));
    set(vm, "write_bytecode", flag(!c.dont_write_bytecode));
    set(vm, "verbose", Value::Int(0));
    set(vm, "quiet", Value::Int(0));
    set(vm, "user_site_directory", flag(!c.no_user_site));
    set(vm, "configure_c_stdio", Value::Int(1));
    set(vm, "buffered_stdio", flag(!c.unbuffered));
    let v = text(vm, "utf-8");
    set(vm, "stdio_encoding", v);
    let v = text(vm, "strict");
    set(vm, "stdio_errors", v);
    set(vm, "skip_source_first_line", Value::Int(0));
    set(vm, "run_command", Value::None);
    set(vm, "run_module", Value::None);
    set(vm, "run_filename", Value::None);
    set(vm, "_install_importlib", Value::Int(1));
    let v = text(vm, "default");
    set(vm, "check_hash_pycs_mode", v);
    set(vm, "pathconfig_warnings", Value::Int(1));
    set(vm, "_init_main", Value::Int(1));
    set(vm, "_isolated_interpreter", Value::Int(0));
    let v = copy_list(vm, "orig_argv")?;
    set(vm, "orig_argv", v);
    set(vm, "use_frozen_modules", Value::Int(1));
    set(vm, "safe_path", Value::Int(0));
    set(vm, "_is_python_build", Value::Int(0));
    Ok(Value::Obj(d))
}
