//! The `_testinternalcapi` module (CPython's `Modules/_testinternalcapi.c`): the
//! interpreter internals that CPython's own test package reads, such as the start-up
//! configuration (`test.support.requires_debug_ranges` asks it whether code objects
//! carry column positions) and the recursion depth, and the locale codec that
//! file names and command-line arguments go through (`EncodeLocaleEx`,
//! `DecodeLocaleEx`).

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::dict::dict_set_str;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::str::StrBuf;
use krait_vm::signature::Signature;
use krait_vm::{abstract_, import, ObjRef, PyResult, Value, Vm};

static GET_CONFIG: Signature = Signature::of("_testinternalcapi", "get_config", "($module, /)");
static GET_RECURSION_DEPTH: Signature =
    Signature::of("_testinternalcapi", "get_recursion_depth", "($module, /)");

static ENCODE_LOCALE_EX: Signature = Signature::unlisted(
    "_testinternalcapi",
    "EncodeLocaleEx",
    "($module, text, current_locale=0, errors=None, /)",
);
static DECODE_LOCALE_EX: Signature = Signature::unlisted(
    "_testinternalcapi",
    "DecodeLocaleEx",
    "($module, data, current_locale=0, errors=None, /)",
);

static FUNCTIONS: [MethodDef; 4] = [
    MethodDef::staticmethod("get_config", get_config).with_signature(&GET_CONFIG),
    MethodDef::staticmethod("get_recursion_depth", get_recursion_depth)
        .with_signature(&GET_RECURSION_DEPTH),
    MethodDef::staticmethod("EncodeLocaleEx", encode_locale_ex).with_signature(&ENCODE_LOCALE_EX),
    MethodDef::staticmethod("DecodeLocaleEx", decode_locale_ex).with_signature(&DECODE_LOCALE_EX),
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

// ---------------------------------------------------------------------------
// The locale codec

/// The error handlers the locale codec knows: `true` for `surrogateescape`,
/// `false` for `strict`; any other is refused as CPython's `get_surrogateescape`
/// refuses it.
fn locale_surrogateescape(vm: &mut Vm, errors: &Option<Value>) -> PyResult<bool> {
    let name = match errors {
        None => None,
        Some(v) => match abstract_::value_as_str(v) {
            Some(name) => Some(name.to_owned()),
            None => {
                return Err(vm.new_type_error(format!(
                    "argument 3 must be str, not {}",
                    vm.type_name_of(v)
                )))
            }
        },
    };
    match name.as_deref() {
        None | Some("strict") => Ok(false),
        Some("surrogateescape") => Ok(true),
        Some(_) => Err(vm.new_value_error("unsupported error handler".to_owned())),
    }
}

/// The `current_locale` argument: an int, checked and otherwise unused, since
/// Krait's locale encoding is always UTF-8.
fn check_current_locale(vm: &mut Vm, current_locale: &Option<Value>) -> PyResult<()> {
    if let Some(v) = current_locale {
        crate::_io::c_int_arg(vm, v)?;
    }
    Ok(())
}

/// `EncodeLocaleEx(text, current_locale=0, errors=None)`: `text` in the locale
/// encoding (UTF-8) as `Py_EncodeLocale` makes it; `surrogateescape` turns
/// U+DC80..U+DCFF back into bytes, any other surrogate is an encoding error.
fn encode_locale_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [text, current_locale, errors] = ENCODE_LOCALE_EX.bind_args(vm, args)?;
    let text = crate::given(text);
    let Some(text) = text.as_obj().and_then(|o| o.str_data()) else {
        return Err(vm.new_type_error(format!(
            "argument 1 must be str, not {}",
            vm.type_name_of(&text)
        )));
    };
    check_current_locale(vm, &current_locale)?;
    if text.as_str().contains('\0') {
        return Err(vm.new_value_error("embedded null character".to_owned()));
    }
    let surrogateescape = locale_surrogateescape(vm, &errors)?;
    let mut out = Vec::with_capacity(text.as_str().len());
    for (position, code) in text.code_points().enumerate() {
        match char::from_u32(code) {
            Some(c) => {
                let mut buffer = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
            }
            None if surrogateescape && (0xdc80..=0xdcff).contains(&code) => {
                out.push((code - 0xdc00) as u8);
            }
            None => {
                return Err(vm.new_runtime_error(format!(
                    "encode error: pos={position}, reason=encoding error"
                )))
            }
        }
    }
    Ok(vm.new_bytes(out))
}

/// `DecodeLocaleEx(data, current_locale=0, errors=None)`: `data` decoded from the
/// locale encoding (UTF-8) as `Py_DecodeLocale` does; `surrogateescape` turns
/// each undecodable byte into U+DC80..U+DCFF.
fn decode_locale_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, current_locale, errors] = DECODE_LOCALE_EX.bind_args(vm, args)?;
    let data = crate::given(data);
    let bytes = crate::bytes_like_arg(vm, &data)?;
    check_current_locale(vm, &current_locale)?;
    if bytes.contains(&0) {
        return Err(vm.new_value_error("embedded null byte".to_owned()));
    }
    let surrogateescape = locale_surrogateescape(vm, &errors)?;
    let mut out = StrBuf::with_capacity(bytes.len());
    let mut rest = &bytes[..];
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                out.push_str(text);
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..valid]).unwrap_or_default());
                if !surrogateescape {
                    let position = bytes.len() - rest.len() + valid;
                    return Err(vm.new_runtime_error(format!(
                        "decode error: pos={position}, reason=decoding error"
                    )));
                }
                // One byte at a time, as the C library's decoder is restarted.
                out.push_code_point(0xdc00 + u32::from(rest[valid]));
                rest = &rest[valid + 1..];
            }
        }
    }
    Ok(vm.new_text(out))
}
