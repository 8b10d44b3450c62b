//! The `sys` module (CPython's `Python/sysmodule.c`) and the standard streams.

use std::io::Write;
use std::os::unix::ffi::OsStrExt;

use crate::abstract_;
use crate::native::MethodDef;
use crate::object::{ObjRef, Payload};
use crate::objects::dict;
use crate::objects::function::Args;
use crate::objects::module::{module_dict, new_module};
use crate::objects::new_builtin_function;
use crate::objects::structseq;
use crate::signature::Signature;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};

/// A fast `stream.write(text)`: `None` when the stream is not one it knows.
pub type StreamWrite = fn(&mut Vm, &Value, &str) -> Option<PyResult<()>>;
/// A fast `stream.flush()`.
pub type StreamFlush = fn(&mut Vm, &Value) -> Option<PyResult<()>>;
/// A fast `stream.readline()`.
pub type StreamReadline = fn(&mut Vm, &Value) -> Option<PyResult<String>>;

/// Fast paths into the standard streams' own type, which `_io` provides: each
/// answers `None` when the stream is not an object it knows, and the caller then
/// goes through the stream's Python methods. `krait-vm` cannot name `_io`'s types,
/// so the module fills these in when it is registered.
#[derive(Default, Clone, Copy)]
pub struct StreamHooks {
    /// Whether `stream` is a text stream the hooks below write to.
    pub is_text_stream: Option<fn(&Value) -> bool>,
    /// `stream.write(text)`.
    pub write: Option<StreamWrite>,
    /// `stream.flush()`.
    pub flush: Option<StreamFlush>,
    /// `stream.readline()`.
    pub readline: Option<StreamReadline>,
}

/// `sys.<name>` (None when missing).
pub fn std_stream(vm: &Vm, name: &str) -> Value {
    dict::dict_get_str(&sys_dict(vm), name).unwrap_or(Value::None)
}

/// `stream.write(text)`, through the fast path when there is one.
pub fn stream_write(vm: &mut Vm, stream: &Value, text: &str) -> PyResult<()> {
    if let Some(write) = vm.stream_hooks.write {
        if let Some(result) = write(vm, stream, text) {
            return result;
        }
    }
    let text = vm.new_str(text);
    vm.call_method(stream, "write", vec![text])?;
    Ok(())
}

/// `stream.flush()`, through the fast path when there is one.
pub fn stream_flush(vm: &mut Vm, stream: &Value) -> PyResult<()> {
    if let Some(flush) = vm.stream_hooks.flush {
        if let Some(result) = flush(vm, stream) {
            return result;
        }
    }
    vm.call_method(stream, "flush", vec![])?;
    Ok(())
}

/// Writes `s` to `sys.stderr` and flushes it (CPython's `PyFile_WriteString` of
/// error reports); without a usable `sys.stderr`, to the process's stderr.
pub fn write_stderr(vm: &mut Vm, s: &str) {
    let stderr = std_stream(vm, "stderr");
    if !stderr.is_none() {
        let saved = vm.handled_exception.take();
        let written = stream_write(vm, &stderr, s).and_then(|_| stream_flush(vm, &stderr));
        vm.handled_exception = saved;
        if written.is_ok() {
            return;
        }
    }
    let mut err = std::io::stderr();
    let _ = err.write_all(s.as_bytes());
    let _ = err.flush();
}

/// Flushes `sys.stdout` and `sys.stderr` at exit (CPython's `flush_std_files`):
/// false when flushing stdout failed, which is then reported as unraisable.
pub fn flush_std_files(vm: &mut Vm) -> bool {
    let mut ok = true;
    let stdout = std_stream(vm, "stdout");
    if !stdout.is_none() && !stream_is_closed(vm, &stdout) {
        if let Err(e) = stream_flush(vm, &stdout) {
            vm.write_unraisable(&e, &stdout, true);
            ok = false;
        }
    }
    let stderr = std_stream(vm, "stderr");
    if !stderr.is_none() && !stream_is_closed(vm, &stderr) && stream_flush(vm, &stderr).is_err() {
        ok = false;
    }
    ok
}

/// `stream.closed`, false when it cannot be read.
fn stream_is_closed(vm: &mut Vm, stream: &Value) -> bool {
    match abstract_::getattr_optional(vm, stream, "closed") {
        Ok(Some(closed)) => abstract_::is_true(vm, &closed).unwrap_or(false),
        _ => false,
    }
}

/// `sys.argv` from the configuration. The process's own arguments end with the
/// configured ones after the first; where they match, they are decoded as CPython
/// decodes them, undecodable bytes as lone surrogates.
fn process_argv(vm: &mut Vm) -> Vec<Value> {
    let configured = vm.config.argv.clone();
    let process: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let skip = process
        .len()
        .saturating_sub(configured.len().saturating_sub(1));
    let tail = &process[skip.min(process.len())..];
    configured
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let raw = i.checked_sub(1).and_then(|k| tail.get(k));
            match raw {
                Some(raw) if raw.to_string_lossy() == text.as_str() => {
                    crate::objects::str_methods::fs_decode(vm, raw.as_bytes())
                }
                _ => vm.new_str(text.as_str()),
            }
        })
        .collect()
}

pub fn init(vm: &mut Vm) {
    let sys = new_module(vm, "sys");
    let d = module_dict(&sys).expect("a module");
    vm.sys = sys.clone();
    let modules = Value::Obj(vm.modules.clone());
    dict::dict_set_str(vm, &d, "modules", modules);
    let argv = process_argv(vm);
    let argv = vm.new_list(argv);
    dict::dict_set_str(vm, &d, "argv", argv);
    // The script's folder (`path0`) comes first, but only once `site` has run
    // (`Vm::initialize_site`), as in CPython.
    let mut path: Vec<Value> = Vec::new();
    for p in vm.config.extra_paths.clone() {
        path.push(vm.new_str(p));
    }
    if let Some(stdlib) = vm.config.stdlib.clone() {
        // CPython's layout: the zipped library beside the folder, then the folder,
        // then its extension modules (none of which Krait can load).
        let folder = std::path::Path::new(&stdlib);
        if let Some(parent) = folder.parent() {
            let zipped = parent.join("python311.zip").to_string_lossy().into_owned();
            path.push(vm.new_str(zipped));
        }
        path.push(vm.new_str(stdlib.clone()));
        let dynload = folder.join("lib-dynload").to_string_lossy().into_owned();
        path.push(vm.new_str(dynload));
    }
    // Where frozen standard-library modules find their `__file__`.
    let stdlib_dir = match vm.config.stdlib.clone() {
        Some(dir) => vm.new_str(dir),
        None => Value::None,
    };
    dict::dict_set_str(vm, &d, "_stdlib_dir", stdlib_dir);
    let path = vm.new_list(path);
    dict::dict_set_str(vm, &d, "path", path);
    let copyright = vm.new_str(
        "Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.\n\nCopyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\nCopyright (c) 1995-2001 Corporation for National Research Initiatives.\nAll Rights Reserved.\n\nCopyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\nAll Rights Reserved.",
    );
    dict::dict_set_str(vm, &d, "copyright", copyright);
    let version = vm.new_str("3.11.2 (krait) [Rust]");
    dict::dict_set_str(vm, &d, "version", version);
    let vi_type = structseq::new_private_type(
        vm,
        "sys",
        "version_info",
        &["major", "minor", "micro", "releaselevel", "serial"],
    );
    let final_ = vm.new_str("final");
    let vi = structseq::new(
        vm,
        &vi_type,
        vec![
            Value::Int(3),
            Value::Int(11),
            Value::Int(2),
            final_,
            Value::Int(0),
        ],
    );
    dict::dict_set_str(vm, &d, "version_info", vi.clone());
    let fi_type = structseq::new_private_type(
        vm,
        "sys",
        "float_info",
        &[
            "max",
            "max_exp",
            "max_10_exp",
            "min",
            "min_exp",
            "min_10_exp",
            "dig",
            "mant_dig",
            "epsilon",
            "radix",
            "rounds",
        ],
    );
    let fi = structseq::new(
        vm,
        &fi_type,
        vec![
            Value::Float(f64::MAX),
            Value::Int(f64::MAX_EXP as i64),
            Value::Int(f64::MAX_10_EXP as i64),
            Value::Float(f64::MIN_POSITIVE),
            Value::Int(f64::MIN_EXP as i64),
            Value::Int(f64::MIN_10_EXP as i64),
            Value::Int(f64::DIGITS as i64),
            Value::Int(f64::MANTISSA_DIGITS as i64),
            Value::Float(f64::EPSILON),
            Value::Int(f64::RADIX as i64),
            Value::Int(1),
        ],
    );
    dict::dict_set_str(vm, &d, "float_info", fi);
    let ii_type = structseq::new_private_type(
        vm,
        "sys",
        "int_info",
        &[
            "bits_per_digit",
            "sizeof_digit",
            "default_max_str_digits",
            "str_digits_check_threshold",
        ],
    );
    let ii = structseq::new(
        vm,
        &ii_type,
        vec![
            Value::Int(30),
            Value::Int(4),
            Value::Int(4300),
            Value::Int(640),
        ],
    );
    dict::dict_set_str(vm, &d, "int_info", ii);
    let hi_type = structseq::new_private_type(
        vm,
        "sys",
        "hash_info",
        &[
            "width",
            "modulus",
            "inf",
            "nan",
            "imag",
            "algorithm",
            "hash_bits",
            "seed_bits",
            "cutoff",
        ],
    );
    let algorithm = vm.new_str("siphash13");
    let hi = structseq::new(
        vm,
        &hi_type,
        vec![
            Value::Int(64),
            Value::Int(crate::pyhash::HASH_MODULUS as i64),
            Value::Int(crate::pyhash::HASH_INF),
            Value::Int(0),
            Value::Int(1000003),
            algorithm,
            Value::Int(64),
            Value::Int(128),
            Value::Int(0),
        ],
    );
    dict::dict_set_str(vm, &d, "hash_info", hi);
    let flag_names = [
        "debug",
        "inspect",
        "interactive",
        "optimize",
        "dont_write_bytecode",
        "no_user_site",
        "no_site",
        "ignore_environment",
        "verbose",
        "bytes_warning",
        "quiet",
        "hash_randomization",
        "isolated",
        "dev_mode",
        "utf8_mode",
        "warn_default_encoding",
        "safe_path",
        "int_max_str_digits",
    ];
    let flags_type = structseq::new_private_type(vm, "sys", "flags", &flag_names);
    let c = vm.config.clone();
    let flag_values = vec![
        Value::Int(0),
        Value::Int(0),
        Value::Int(0),
        Value::Int(c.optimize as i64),
        Value::Int(c.dont_write_bytecode as i64),
        Value::Int(c.no_user_site as i64),
        Value::Int(c.no_site as i64),
        Value::Int(c.ignore_environment as i64),
        Value::Int(0),
        Value::Int(c.bytes_warning as i64),
        Value::Int(0),
        Value::Int(0),
        Value::Int(c.isolated as i64),
        Value::Bool(c.dev_mode),
        Value::Int(0),
        Value::Int(0),
        Value::Bool(false),
        Value::Int(-1),
    ];
    let flags = structseq::new(vm, &flags_type, flag_values);
    dict::dict_set_str(vm, &d, "flags", flags);
    dict::dict_set_str(vm, &d, "maxunicode", Value::Int(0x10ffff));
    let namespace = vm.namespace_type.clone();
    let implementation =
        crate::objects::typeobject::new_instance(vm, &namespace, Payload::Instance);
    let impl_dict = implementation.dict().expect("a namespace has a __dict__");
    let name = vm.new_str("krait");
    dict::dict_set_str(vm, &impl_dict, "name", name);
    let tag = vm.new_str("krait-311");
    dict::dict_set_str(vm, &impl_dict, "cache_tag", tag);
    dict::dict_set_str(vm, &impl_dict, "version", vi);
    dict::dict_set_str(vm, &impl_dict, "hexversion", Value::Int(0x030B02F0));
    let multiarch = vm.new_str("x86_64-linux-gnu");
    dict::dict_set_str(vm, &impl_dict, "_multiarch", multiarch);
    dict::dict_set_str(vm, &d, "implementation", Value::Obj(implementation));
    let warnoptions = c
        .warnoptions
        .iter()
        .map(|w| vm.new_str(w.as_str()))
        .collect();
    let warnoptions = vm.new_list(warnoptions);
    dict::dict_set_str(vm, &d, "warnoptions", warnoptions);
    let xoptions = vm.new_dict();
    for (name, value) in &c.xoptions {
        let value = match value {
            Some(v) => vm.new_str(v.as_str()),
            None => Value::Bool(true),
        };
        dict::dict_set_str(vm, &xoptions, name, value);
    }
    dict::dict_set_str(vm, &d, "_xoptions", Value::Obj(xoptions));
    for (key, value) in [
        ("prefix", "/usr"),
        ("exec_prefix", "/usr"),
        ("base_prefix", "/usr"),
        ("base_exec_prefix", "/usr"),
        ("platlibdir", "lib"),
        ("float_repr_style", "short"),
        ("abiflags", ""),
    ] {
        let v = vm.new_str(value);
        dict::dict_set_str(vm, &d, key, v);
    }
    let prefix = match vm.config.pycache_prefix.clone() {
        Some(p) => vm.new_str(p),
        None => Value::None,
    };
    dict::dict_set_str(vm, &d, "pycache_prefix", prefix);
    dict::dict_set_str(vm, &d, "api_version", Value::Int(1013));
    for name in ["meta_path", "path_hooks"] {
        let l = vm.new_list(vec![]);
        dict::dict_set_str(vm, &d, name, l);
    }
    let cache = Value::Obj(vm.new_dict());
    dict::dict_set_str(vm, &d, "path_importer_cache", cache);
    let orig: Vec<Value> = std::env::args_os()
        .map(|a| crate::objects::str_methods::fs_decode(vm, a.as_bytes()))
        .collect();
    let orig = vm.new_list(orig);
    dict::dict_set_str(vm, &d, "orig_argv", orig);
    let more: [(&'static str, crate::objects::function::NativeFn); 6] = [
        ("getdefaultencoding", |vm, _| Ok(vm.new_str("utf-8"))),
        ("getfilesystemencoding", |vm, _| Ok(vm.new_str("utf-8"))),
        ("getfilesystemencodeerrors", |vm, _| {
            Ok(vm.new_str("surrogateescape"))
        }),
        ("get_int_max_str_digits", |vm, _| {
            Ok(Value::Int(vm.int_max_str_digits as i64))
        }),
        ("audit", |_, _| Ok(Value::None)),
        ("addaudithook", |_, _| Ok(Value::None)),
    ];
    for (name, f) in more {
        let v = new_builtin_function(vm, name, f, Some("sys"));
        dict::dict_set_str(vm, &d, name, v);
    }
    let hexversion = Value::Int(0x030B02F0);
    dict::dict_set_str(vm, &d, "hexversion", hexversion);
    let platform = vm.new_str("linux");
    dict::dict_set_str(vm, &d, "platform", platform);
    let byteorder = vm.new_str("little");
    dict::dict_set_str(vm, &d, "byteorder", byteorder);
    dict::dict_set_str(vm, &d, "maxsize", Value::Int(i64::MAX));
    let exe = vm.new_str(vm.config.executable.clone());
    dict::dict_set_str(vm, &d, "executable", exe);
    let impl_name = vm.new_str("krait");
    dict::dict_set_str(vm, &d, "implementation_name", impl_name);
    let builtin_names = vm.new_tuple(vec![
        vm.new_str("builtins"),
        vm.new_str("sys"),
        vm.new_str("math"),
        vm.new_str("time"),
    ]);
    dict::dict_set_str(vm, &d, "builtin_module_names", builtin_names);
    let dont = Value::Bool(vm.config.dont_write_bytecode);
    dict::dict_set_str(vm, &d, "dont_write_bytecode", dont);
    add_hook_functions(vm, &d);
    let funcs: [(&'static str, crate::objects::function::NativeFn); 3] = [
        ("getrecursionlimit", |vm, _| {
            Ok(Value::Int(vm.recursion_limit as i64))
        }),
        ("exc_info", sys_exc_info),
        ("exception", |vm, _| {
            Ok(vm.topmost_handled().unwrap_or(Value::None))
        }),
    ];
    for (name, f) in funcs {
        let v = new_builtin_function(vm, name, f, Some("sys"));
        dict::dict_set_str(vm, &d, name, v);
    }
    // The standard streams are `_io` objects, which `_io` puts here when it is
    // registered; until then there are none.
    for name in [
        "stdout",
        "__stdout__",
        "stderr",
        "__stderr__",
        "stdin",
        "__stdin__",
    ] {
        dict::dict_set_str(vm, &d, name, Value::None);
    }
    crate::native::add_module_functions(vm, &d, "sys", &FUNCTIONS);
    for name in [
        "displayhook",
        "excepthook",
        "unraisablehook",
        "breakpointhook",
    ] {
        let hook = dict::dict_get_str(&d, name).unwrap_or(Value::None);
        dict::dict_set_str(vm, &d, &format!("__{name}__"), hook);
    }
    let modules = vm.modules.clone();
    dict::dict_set_str(vm, &modules, "sys", Value::Obj(sys));
}

static SET_INT_MAX_STR_DIGITS: Signature =
    Signature::of("sys", "set_int_max_str_digits", "($module, /, maxdigits)");
static GETREFCOUNT: Signature = Signature::of("sys", "getrefcount", "($module, object, /)");
static INTERN: Signature = Signature::of("sys", "intern", "($module, string, /)");
static DISPLAYHOOK: Signature = Signature::of("sys", "displayhook", "($module, object, /)");
static EXIT: Signature = Signature::of("sys", "exit", "($module, status=None, /)");
static SETRECURSIONLIMIT: Signature =
    Signature::of("sys", "setrecursionlimit", "($module, limit, /)");
static GETFRAME: Signature = Signature::of("sys", "_getframe", "($module, depth=0, /)");

static GETSIZEOF: Signature = Signature::unlisted(
    "sys",
    "getsizeof",
    "($module, object, default=<unrepresentable>, /)",
);

static GETSWITCHINTERVAL: Signature = Signature::of("sys", "getswitchinterval", "($module, /)");
static SETSWITCHINTERVAL: Signature =
    Signature::of("sys", "setswitchinterval", "($module, interval, /)");

static GETTRACE: Signature = Signature::of("sys", "gettrace", "($module, /)");
static GETPROFILE: Signature = Signature::of("sys", "getprofile", "($module, /)");

static FUNCTIONS: [MethodDef; 18] = [
    MethodDef::staticmethod("settrace", crate::trace::sys_settrace).with_doc(
        "settrace(function)\n\n\
         Set the global debug tracing function.  It will be called on each\n\
         function call.  See the debugger chapter in the library manual.",
    ),
    MethodDef::staticmethod("gettrace", crate::trace::sys_gettrace).with_signature(&GETTRACE),
    MethodDef::staticmethod("setprofile", crate::trace::sys_setprofile).with_doc(
        "setprofile(function)\n\n\
         Set the profiling function.  It will be called on each function call\n\
         and return.  See the profiler chapter in the library manual.",
    ),
    MethodDef::staticmethod("getprofile", crate::trace::sys_getprofile).with_signature(&GETPROFILE),
    MethodDef::staticmethod("call_tracing", crate::trace::sys_call_tracing),
    MethodDef::staticmethod("getswitchinterval", sys_getswitchinterval)
        .with_signature(&GETSWITCHINTERVAL),
    MethodDef::staticmethod("setswitchinterval", sys_setswitchinterval)
        .with_signature(&SETSWITCHINTERVAL),
    MethodDef::staticmethod("unraisablehook", crate::unraisable::sys_unraisablehook)
        .with_signature(&crate::unraisable::UNRAISABLEHOOK),
    MethodDef::staticmethod("getsizeof", sys_getsizeof).with_signature(&GETSIZEOF),
    MethodDef::staticmethod("exit", sys_exit).with_signature(&EXIT),
    MethodDef::staticmethod("setrecursionlimit", sys_setrecursionlimit)
        .with_signature(&SETRECURSIONLIMIT),
    MethodDef::staticmethod("_getframe", sys_getframe).with_signature(&GETFRAME),
    MethodDef::staticmethod("intern", sys_intern).with_signature(&INTERN),
    MethodDef::staticmethod("getrefcount", sys_getrefcount).with_signature(&GETREFCOUNT),
    MethodDef::staticmethod("set_int_max_str_digits", sys_set_int_max_str_digits)
        .with_signature(&SET_INT_MAX_STR_DIGITS),
    MethodDef::staticmethod("displayhook", sys_displayhook).with_signature(&DISPLAYHOOK),
    MethodDef::staticmethod("excepthook", sys_excepthook)
        .with_signature(&EXCEPTHOOK)
        .with_doc("Handle an exception by displaying it with a traceback on sys.stderr."),
    MethodDef::staticmethod("breakpointhook", sys_breakpointhook).with_doc(
        "breakpointhook(*args, **kws)\n\n\
         This hook function is called by built-in breakpoint().\n",
    ),
];

/// `sys.breakpointhook(*args, **kws)`: calls the function `PYTHONBREAKPOINT` names
/// (`pdb.set_trace` when unset or empty; nothing when it is `0`).
fn sys_breakpointhook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let setting = if vm.config.ignore_environment {
        None
    } else {
        std::env::var("PYTHONBREAKPOINT").ok()
    };
    let name = match setting.as_deref() {
        Some("0") => return Ok(Value::None),
        None | Some("") => "pdb.set_trace".to_owned(),
        Some(name) => name.to_owned(),
    };
    let (module, attribute) = match name.rsplit_once('.') {
        Some((module, attribute)) => (module.to_owned(), attribute.to_owned()),
        None => ("builtins".to_owned(), name.clone()),
    };
    let hook = crate::import::import_full(vm, &module)
        .and_then(|m| abstract_::getattr_str(vm, &m, &attribute));
    match hook {
        Ok(hook) => vm.call(&hook, args),
        Err(err)
            if vm.err_matches(&err, Exc::ImportError)
                || vm.err_matches(&err, Exc::AttributeError) =>
        {
            let message = format!("Ignoring unimportable $PYTHONBREAKPOINT: \"{name}\"");
            crate::warnings::warn_ex(vm, Exc::RuntimeWarning, &message, 1)?;
            Ok(Value::None)
        }
        Err(err) => Err(err),
    }
}

fn sys_intern(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [string] = INTERN.bind_args(vm, args)?;
    let s = string.unwrap_or(Value::None);
    match abstract_::value_as_str(&s) {
        Some(t) => Ok(Value::Obj(vm.intern(t))),
        None => Err(vm.new_type_error(format!(
            "intern() argument must be str, not {}",
            vm.type_name_of(&s)
        ))),
    }
}

/// `getsizeof(object[, default])`: `object.__sizeof__()` plus what CPython's
/// allocator adds for the object (`sizeof.rs`); `default` answers for objects whose
/// `__sizeof__` raises `TypeError`.
fn sys_getsizeof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [object, default] = GETSIZEOF.bind_args(vm, args)?;
    let object = object.unwrap_or(Value::None);
    let class = vm.type_of(&object);
    let Some(method) = crate::objects::typeobject::lookup(&class, "__sizeof__") else {
        return match default {
            Some(d) => Ok(d),
            None => Err(vm.new_type_error(format!(
                "Type {} doesn't define __sizeof__",
                crate::objects::typeobject::type_name(&class)
            ))),
        };
    };
    let size = match abstract_::call_unbound(vm, &method, &object, &[]) {
        Ok(size) => size,
        Err(e) if default.is_some() && vm.err_matches(&e, crate::Exc::TypeError) => {
            return Ok(default.unwrap_or(Value::None))
        }
        Err(e) => return Err(e),
    };
    let size = abstract_::index_isize(vm, &size)?;
    if size < 0 {
        return Err(vm.new_value_error("__sizeof__() should return >= 0".to_owned()));
    }
    let extra = crate::objects::sizeof::getsizeof_overhead(&object) as isize;
    Ok(Value::Int((size + extra) as i64))
}

/// `getswitchinterval()`: how often a thread would be asked to give way (one
/// thread runs, so the value is only kept).
fn sys_getswitchinterval(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GETSWITCHINTERVAL.bind_args(vm, args)?;
    Ok(Value::Float(vm.switch_interval))
}

fn sys_setswitchinterval(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [interval] = SETSWITCHINTERVAL.bind_args(vm, args)?;
    let interval = crate::objects::float::as_double(vm, &interval.unwrap_or(Value::None))?;
    if interval <= 0.0 {
        return Err(vm.new_value_error("switch interval must be strictly positive".to_owned()));
    }
    // CPython keeps whole microseconds.
    vm.switch_interval = (interval * 1e6).floor() / 1e6;
    Ok(Value::None)
}

fn sys_getrefcount(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [object] = GETREFCOUNT.bind_args(vm, args)?;
    Ok(Value::Int(match &object.unwrap_or(Value::None) {
        Value::Obj(o) => std::rc::Rc::strong_count(o) as i64,
        _ => 1 << 30,
    }))
}

fn sys_set_int_max_str_digits(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [maxdigits] = SET_INT_MAX_STR_DIGITS.bind_args(vm, args)?;
    let n = crate::objects::int::as_i64(&maxdigits.unwrap_or(Value::None)).unwrap_or(-1);
    if n != 0 && n < 640 {
        return Err(vm.new_value_error("maxdigits must be 0 or larger than 640".to_owned()));
    }
    vm.int_max_str_digits = n as usize;
    Ok(Value::None)
}

fn sys_displayhook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [object] = DISPLAYHOOK.bind_args(vm, args)?;
    displayhook_default(vm, object.unwrap_or(Value::None))
}

fn sys_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [status] = EXIT.bind_args(vm, args)?;
    let class = vm.exc(Exc::SystemExit).clone();
    let args = status.into_iter().collect();
    Err(crate::objects::exceptions::new_exception(vm, &class, args))
}

fn sys_setrecursionlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [limit] = SETRECURSIONLIMIT.bind_args(vm, args)?;
    let n = limit.unwrap_or(Value::None);
    let Some(n) = crate::objects::int::as_i64(&n) else {
        return Err(vm.new_type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name_of(&n)
        )));
    };
    if n < 1 {
        return Err(
            vm.new_value_error("recursion limit must be greater or equal than 1".to_owned())
        );
    }
    vm.recursion_limit = n as usize;
    Ok(Value::None)
}

static EXCEPTHOOK: Signature = Signature::of(
    "sys",
    "excepthook",
    "($module, exctype, value, traceback, /)",
);

/// `sys.excepthook(type, value, traceback)`: the report of an uncaught exception.
fn sys_excepthook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [_, value, _] = EXCEPTHOOK.bind_args(vm, args)?;
    let value = value.unwrap_or(Value::None);
    if crate::objects::exceptions::is_exception_instance(vm, &value) {
        crate::exc::print_exception(vm, &value);
    } else {
        // Reported, not raised: the hook runs when nothing can catch.
        let text = format!(
            "TypeError: print_exception(): Exception expected for value, {} found\n",
            vm.type_name_of(&value)
        );
        write_stderr(vm, &text);
    }
    Ok(Value::None)
}

/// Reports an exception nothing caught: through `sys.excepthook` when a program
/// replaced it, and directly otherwise (or when the hook itself fails).
pub fn display_uncaught(vm: &mut Vm, exc: &Value) {
    let d = module_dict(&vm.sys).expect("sys has a namespace");
    let hook = dict::dict_get_str(&d, "excepthook");
    let default = dict::dict_get_str(&d, "__excepthook__");
    let hook = match (hook, default) {
        (Some(hook), Some(default)) if !hook.is(&default) && !hook.is_none() => hook,
        _ => return crate::exc::print_exception(vm, exc),
    };
    let class = Value::Obj(vm.type_of(exc));
    let tb = crate::objects::exceptions::traceback_of(exc);
    if let Err(err) = vm.call1(&hook, vec![class, exc.clone(), tb]) {
        write_stderr(vm, "Error in sys.excepthook:\n");
        crate::exc::print_exception(vm, &Value::Obj(err.0));
        write_stderr(vm, "\nOriginal exception was:\n");
        crate::exc::print_exception(vm, exc);
    }
}

fn sys_getframe(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [depth] = GETFRAME.bind_args(vm, args)?;
    let depth = depth
        .as_ref()
        .and_then(crate::objects::int::as_i64)
        .unwrap_or(0)
        .max(0) as usize;
    if depth >= vm.frames.len() {
        return Err(vm.new_value_error("call stack is not deep enough".to_owned()));
    }
    let index = vm.frames.len() - 1 - depth;
    Ok(Value::Obj(vm.frame_object_at(index)))
}

fn sys_exc_info(vm: &mut Vm, _: Args) -> PyResult<Value> {
    match vm.topmost_handled() {
        Some(e) => {
            let t = Value::Obj(vm.type_of(&e));
            let tb = crate::objects::exceptions::traceback_of(&e);
            Ok(vm.new_tuple(vec![t, e, tb]))
        }
        None => Ok(vm.new_tuple(vec![Value::None, Value::None, Value::None])),
    }
}

/// `PRINT_EXPR`: calls `sys.displayhook`.
pub fn displayhook(vm: &mut Vm, v: Value) -> PyResult<()> {
    let d = module_dict(&vm.sys.clone()).expect("sys is a module");
    match dict::dict_get_str(&d, "displayhook") {
        Some(hook) => {
            vm.call1(&hook, vec![v])?;
            Ok(())
        }
        None => Err(vm.new_runtime_error("lost sys.displayhook".to_owned())),
    }
}

fn displayhook_default(vm: &mut Vm, v: Value) -> PyResult<Value> {
    if v.is_none() {
        return Ok(Value::None);
    }
    let builtins = vm.builtins_dict.clone();
    dict::dict_set_str(vm, &builtins, "_", Value::None);
    let r = abstract_::repr_string(vm, &v)?;
    let stdout = std_stream(vm, "stdout");
    if stdout.is_none() {
        return Err(vm.new_runtime_error("lost sys.stdout".to_owned()));
    }
    stream_write(vm, &stdout, &format!("{r}\n"))?;
    dict::dict_set_str(vm, &builtins, "_", v);
    Ok(Value::None)
}

/// The `sys` module's namespace.
pub fn sys_dict(vm: &Vm) -> ObjRef {
    module_dict(&vm.sys).expect("sys is a module")
}

impl Vm {
    /// The last step of start-up: `site` runs (unless `-S`), adding the
    /// site-packages folders and running `.pth` files, then the script's folder goes
    /// first on `sys.path`.
    pub fn initialize_site(&mut self) -> PyResult<()> {
        // As CPython, `warnings` is imported at start-up when there are options for
        // it, so they apply from the first warning on.
        let warnings = if self.config.warnoptions.is_empty() {
            Ok(())
        } else {
            crate::import::import_full(self, "warnings").map(|_| ())
        };
        let result = if self.config.no_site {
            warnings
        } else {
            warnings.and_then(|()| crate::import::import_full(self, "site").map(|_| ()))
        };
        if let Some(path0) = self.config.path0.clone() {
            let sys = sys_dict(self);
            if let Some(path) = dict::dict_get_str(&sys, "path") {
                let entry = self.new_str(path0);
                self.call_method(&path, "insert", vec![Value::Int(0), entry])?;
            }
        }
        result
    }
}

// ---------------------------------------------------------------------------
// Async generator hooks and finalisation state

static GET_ASYNCGEN_HOOKS: crate::signature::Signature =
    crate::signature::Signature::of("sys", "get_asyncgen_hooks", "($module, /)");
static SET_ASYNCGEN_HOOKS: crate::signature::Signature = crate::signature::Signature::of(
    "sys",
    "set_asyncgen_hooks",
    "($module, /, firstiter=<unrepresentable>, finalizer=<unrepresentable>)",
)
.not_listed();
static IS_FINALIZING: crate::signature::Signature =
    crate::signature::Signature::of("sys", "is_finalizing", "($module, /)");

static GET_COROUTINE_ORIGIN_TRACKING_DEPTH: crate::signature::Signature =
    crate::signature::Signature::of("sys", "get_coroutine_origin_tracking_depth", "($module, /)");
static SET_COROUTINE_ORIGIN_TRACKING_DEPTH: crate::signature::Signature =
    crate::signature::Signature::of(
        "sys",
        "set_coroutine_origin_tracking_depth",
        "($module, /, depth)",
    );

static HOOK_FUNCTIONS: [crate::native::MethodDef; 5] = [
    crate::native::MethodDef::staticmethod(
        "get_coroutine_origin_tracking_depth",
        get_coroutine_origin_tracking_depth,
    )
    .with_signature(&GET_COROUTINE_ORIGIN_TRACKING_DEPTH),
    crate::native::MethodDef::staticmethod(
        "set_coroutine_origin_tracking_depth",
        set_coroutine_origin_tracking_depth,
    )
    .with_signature(&SET_COROUTINE_ORIGIN_TRACKING_DEPTH),
    crate::native::MethodDef::staticmethod("get_asyncgen_hooks", get_asyncgen_hooks)
        .with_signature(&GET_ASYNCGEN_HOOKS),
    crate::native::MethodDef::staticmethod("set_asyncgen_hooks", set_asyncgen_hooks)
        .with_signature(&SET_ASYNCGEN_HOOKS),
    crate::native::MethodDef::staticmethod("is_finalizing", is_finalizing)
        .with_signature(&IS_FINALIZING),
];

/// The hooks `set_asyncgen_hooks` stored, and the type `get_asyncgen_hooks` shows
/// them in.
struct AsyncGenHooks {
    firstiter: std::cell::RefCell<Value>,
    finalizer: std::cell::RefCell<Value>,
    shown_as: ObjRef,
}

/// How many frames of a coroutine's creator `cr_origin` records (0: none).
#[derive(Default)]
struct CoroutineOriginDepth(std::cell::Cell<i64>);

/// `sys.get_coroutine_origin_tracking_depth()`.
pub fn coroutine_origin_depth(vm: &Vm) -> usize {
    vm.module_state::<CoroutineOriginDepth>()
        .map_or(0, |d| d.0.get() as usize)
}

fn get_coroutine_origin_tracking_depth(vm: &mut Vm, args: Args) -> PyResult<Value> {
    GET_COROUTINE_ORIGIN_TRACKING_DEPTH.bind_args::<0>(vm, args)?;
    let depth = vm
        .module_state::<CoroutineOriginDepth>()
        .map_or(0, |d| d.0.get());
    Ok(Value::Int(depth))
}

fn set_coroutine_origin_tracking_depth(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [depth] = SET_COROUTINE_ORIGIN_TRACKING_DEPTH.bind_args(vm, args)?;
    let depth = crate::abstract_::index(vm, &depth.unwrap_or(Value::None))?;
    let depth = crate::objects::int::as_i64(&depth).unwrap_or(i64::MAX);
    if depth < 0 {
        return Err(vm.new_value_error("depth must be >= 0".to_owned()));
    }
    if let Some(state) = vm.module_state::<CoroutineOriginDepth>() {
        state.0.set(depth);
    }
    Ok(Value::None)
}

/// The state the interpreter keeps while it shuts down.
#[derive(Default)]
pub struct Finalizing(pub std::cell::Cell<bool>);

fn add_hook_functions(vm: &mut Vm, d: &ObjRef) {
    crate::native::add_module_functions(vm, d, "sys", &HOOK_FUNCTIONS);
    let shown_as = structseq::new_private_type(
        vm,
        "builtins",
        "asyncgen_hooks",
        &["firstiter", "finalizer"],
    );
    vm.set_module_state(AsyncGenHooks {
        firstiter: std::cell::RefCell::new(Value::None),
        finalizer: std::cell::RefCell::new(Value::None),
        shown_as,
    });
    vm.set_module_state(Finalizing::default());
    vm.set_module_state(CoroutineOriginDepth::default());
}

fn get_asyncgen_hooks(vm: &mut Vm, args: Args) -> PyResult<Value> {
    GET_ASYNCGEN_HOOKS.bind_args::<0>(vm, args)?;
    let Some(hooks) = vm.module_state::<AsyncGenHooks>() else {
        return Ok(Value::None);
    };
    let values = vec![
        hooks.firstiter.borrow().clone(),
        hooks.finalizer.borrow().clone(),
    ];
    Ok(structseq::new(vm, &hooks.shown_as, values))
}

/// The `firstiter` and `finalizer` hooks `sys.set_asyncgen_hooks` installed.
pub(crate) fn asyncgen_hooks(vm: &Vm) -> (Value, Value) {
    match vm.module_state::<AsyncGenHooks>() {
        Some(hooks) => (
            hooks.firstiter.borrow().clone(),
            hooks.finalizer.borrow().clone(),
        ),
        None => (Value::None, Value::None),
    }
}

fn set_asyncgen_hooks(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [firstiter, finalizer] = SET_ASYNCGEN_HOOKS.bind_args(vm, args)?;
    for (name, value) in [("finalizer", &finalizer), ("firstiter", &firstiter)] {
        if let Some(v) = value {
            if !v.is_none() && !crate::builtins::is_callable(vm, v) {
                let given = vm.type_name_of(v);
                return Err(vm.new_type_error(format!("callable {name} expected, got {given}")));
            }
        }
    }
    if let Some(hooks) = vm.module_state::<AsyncGenHooks>() {
        if let Some(v) = firstiter {
            *hooks.firstiter.borrow_mut() = v;
        }
        if let Some(v) = finalizer {
            *hooks.finalizer.borrow_mut() = v;
        }
    }
    Ok(Value::None)
}

fn is_finalizing(vm: &mut Vm, args: Args) -> PyResult<Value> {
    IS_FINALIZING.bind_args::<0>(vm, args)?;
    let finalizing = vm.module_state::<Finalizing>().is_some_and(|f| f.0.get());
    Ok(Value::Bool(finalizing))
}
