//! Import (CPython's `Python/import.c` and the path finder of `importlib`): builtin
//! modules, then `.py` modules and packages on `sys.path`; plus `exec`, `eval` and
//! `compile`, which share the compile-and-run path.

use std::rc::Rc;

use crate::abstract_;
use crate::eval::FrameExit;
use crate::frame::Frame;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::code::{load_code, load_code_named, CodeData};
use crate::objects::dict;
use crate::objects::function::Args;
use crate::objects::module::{module_dict, new_module};
use crate::signature::Signature;
use crate::value::Value;
use crate::Exc;
use crate::{PyErr, PyResult, Vm};

/// Turns a compile error into the SyntaxError (or subclass) CPython raises.
pub fn syntax_error(vm: &mut Vm, e: &krait_compiler::CompileError) -> PyErr {
    let kind = match e.kind {
        krait_compiler::ErrorKind::SyntaxError => Exc::SyntaxError,
        krait_compiler::ErrorKind::IndentationError => Exc::IndentationError,
        krait_compiler::ErrorKind::TabError => Exc::TabError,
    };
    let class = vm.exc(kind).clone();
    let filename = vm.new_str(e.filename.clone());
    let text = match e.text_from_file {
        true => program_text(&e.filename, e.lineno),
        false => e.text.clone(),
    };
    let text = match text {
        Some(t) => vm.new_str(t),
        None => Value::None,
    };
    let details = vm.new_tuple(vec![
        filename,
        Value::Int(e.lineno as i64),
        Value::Int(e.offset as i64),
        text,
        Value::Int(e.end_lineno as i64),
        Value::Int(e.end_offset as i64),
    ]);
    let msg = vm.new_str(e.msg.clone());
    crate::objects::exceptions::new_exception(vm, &class, vec![msg, details])
}

/// Line `lineno` of the file `filename`, with its newline, if the file can be
/// read (CPython's `PyErr_ProgramTextObject`); bytes that are not UTF-8 are
/// replaced.
fn program_text(filename: &str, lineno: usize) -> Option<String> {
    use std::io::BufRead;
    if lineno == 0 || filename.is_empty() {
        return None;
    }
    let file = std::fs::File::open(filename).ok()?;
    let mut reader = std::io::BufReader::new(file);
    let mut line = Vec::new();
    for _ in 0..lineno {
        line.clear();
        if reader.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
    }
    let text = match lineno {
        1 => line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&line),
        _ => &line,
    };
    Some(String::from_utf8_lossy(text).into_owned())
}

pub fn compile_source(
    vm: &mut Vm,
    source: &str,
    filename: &str,
    mode: krait_compiler::Mode,
) -> PyResult<Rc<CodeData>> {
    let optimize = vm.config.optimize;
    compile_source_named(vm, source, filename, None, mode, optimize)
}

/// `compile_source` whose code keeps `filename_obj` (the str `filename` is the text
/// of) as its `co_filename`, as `compile()` keeps the object it is given.
pub fn compile_source_named(
    vm: &mut Vm,
    source: &str,
    filename: &str,
    filename_obj: Option<ObjRef>,
    mode: krait_compiler::Mode,
    optimize: u8,
) -> PyResult<Rc<CodeData>> {
    let options = krait_compiler::CompileOptions {
        optimize,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    let compiled =
        krait_compiler::compile_reporting(source, filename, mode, &options, &mut warnings);
    issue_compile_warnings(vm, &warnings, filename, filename_obj.as_ref())?;
    match compiled {
        Ok(code) => load_code_named(vm, Rc::new(code), filename_obj),
        Err(e) => Err(syntax_error(vm, &e)),
    }
}

/// Issues the compiler's warnings in order, as CPython's compiler does while it
/// runs. A warning that a filter turns into an exception of its own category
/// (`-W error`) becomes the SyntaxError the compiler raises at that place.
pub fn issue_compile_warnings(
    vm: &mut Vm,
    warnings: &[krait_compiler::CompileWarning],
    filename: &str,
    filename_obj: Option<&ObjRef>,
) -> PyResult<()> {
    use krait_compiler::WarningCategory;
    for warning in warnings {
        let category = match warning.category {
            WarningCategory::SyntaxWarning => Exc::SyntaxWarning,
            WarningCategory::DeprecationWarning => Exc::DeprecationWarning,
        };
        let file = match filename_obj {
            Some(obj) => Value::Obj(obj.clone()),
            None => vm.new_str(filename),
        };
        let error = &warning.as_error;
        let issued =
            crate::warnings::warn_explicit_ex(vm, category, &error.msg, file, error.lineno as i32);
        if let Err(err) = issued {
            return Err(match vm.err_matches(&err, category) {
                true => syntax_error(vm, error),
                false => err,
            });
        }
    }
    Ok(())
}

/// The builtins namespace that `globals["__builtins__"]` names (a module's dict or
/// a dict; the interpreter's own for another object); `None` when it is absent or
/// not an object.
pub fn builtins_of_globals(vm: &Vm, globals: &ObjRef) -> Option<ObjRef> {
    match dict::dict_get_str(globals, "__builtins__")? {
        Value::Obj(b) => Some(match &b.payload {
            Payload::Module(m) => m.dict.clone(),
            Payload::Dict(_) => b,
            _ => vm.builtins_dict.clone(),
        }),
        _ => None,
    }
}

/// Runs module-level code with `globals` as its namespace.
pub fn run_code(
    vm: &mut Vm,
    code: Rc<CodeData>,
    globals: ObjRef,
    locals: Option<Value>,
) -> PyResult<Value> {
    run_code_with_closure(vm, code, globals, locals, None)
}

/// [`run_code`] with the cells of `exec(..., closure=...)` in the free variables'
/// slots (where `COPY_FREE_VARS` of a function would put its closure).
fn run_code_with_closure(
    vm: &mut Vm,
    code: Rc<CodeData>,
    globals: ObjRef,
    locals: Option<Value>,
    closure: Option<Vec<Value>>,
) -> PyResult<Value> {
    let builtins = match builtins_of_globals(vm, &globals) {
        Some(b) => b,
        None => {
            // The running frame's builtins namespace, as CPython's exec() gives
            // globals without one (the interpreter's when no frame runs).
            let b = vm
                .frames
                .last()
                .map_or_else(|| vm.builtins_dict.clone(), |f| f.builtins.clone());
            dict::dict_set_str(vm, &globals, "__builtins__", Value::Obj(b.clone()));
            b
        }
    };
    let base = vm.stack.len();
    vm.stack.resize(base + code.nlocalsplus(), None);
    if let Err(err) = crate::call::bind_no_arguments(vm, &code, base) {
        vm.stack.truncate(base);
        return Err(err);
    }
    if let Some(cells) = closure {
        let first = base + code.nlocalsplus() - cells.len();
        for (slot, cell) in vm.stack[first..].iter_mut().zip(cells) {
            *slot = Some(cell);
        }
    }
    let locals = locals.unwrap_or_else(|| Value::Obj(globals.clone()));
    let frame = Frame::new(code, globals, builtins, Some(locals), base);
    match vm.run_frame(frame)? {
        FrameExit::Return(v) | FrameExit::Yield(v) => Ok(v),
    }
}

/// The absolute name of a relative import of `name`, `level` packages up from the
/// importing module's package (CPython's `resolve_name`).
fn resolve_name(vm: &mut Vm, name: &str, level: usize, globals: &ObjRef) -> PyResult<String> {
    if level == 0 {
        return Ok(name.to_owned());
    }
    let package = importing_package(vm, globals)?;
    if package.is_empty() {
        return Err(no_parent_package(vm));
    }
    // Each level above the first drops the package's last part.
    let mut base = package.as_str();
    for _ in 1..level {
        match base.rsplit_once('.') {
            Some((parent, _)) => base = parent,
            None => {
                return Err(vm.new_error(
                    Exc::ImportError,
                    "attempted relative import beyond top-level package",
                ))
            }
        }
    }
    Ok(if name.is_empty() {
        base.to_owned()
    } else {
        format!("{base}.{name}")
    })
}

/// The package a relative import in the module of `globals` starts from: its
/// `__package__`, else its `__spec__.parent`, else (with an ImportWarning) its
/// `__name__`, less the last part unless `__path__` says it is a package itself.
fn importing_package(vm: &mut Vm, globals: &ObjRef) -> PyResult<String> {
    let given = |name| match dict::dict_get_str(globals, name) {
        Some(Value::None) | None => None,
        found => found,
    };
    let (package, spec) = (given("__package__"), given("__spec__"));
    if let Some(package) = package {
        let Some(text) = abstract_::value_as_str(&package).map(str::to_owned) else {
            return Err(vm.new_type_error("package must be a string".to_owned()));
        };
        if let Some(spec) = spec {
            let parent = abstract_::getattr_str(vm, &spec, "parent")?;
            if !abstract_::rich_eq_bool(vm, &package, &parent)? {
                let message = "__package__ != __spec__.parent";
                crate::warnings::warn_ex(vm, Exc::ImportWarning, message, 1)?;
            }
        }
        return Ok(text);
    }
    if let Some(spec) = spec {
        let parent = abstract_::getattr_str(vm, &spec, "parent")?;
        return match abstract_::value_as_str(&parent) {
            Some(text) => Ok(text.to_owned()),
            None => Err(vm.new_type_error("__spec__.parent must be a string".to_owned())),
        };
    }
    crate::warnings::warn_ex(
        vm,
        Exc::ImportWarning,
        "can't resolve package from __spec__ or __package__, \
         falling back on __name__ and __path__",
        1,
    )?;
    let Some(module_name) = dict::dict_get_str(globals, "__name__") else {
        return Err(name_not_in_globals(vm));
    };
    let Some(module_name) = abstract_::value_as_str(&module_name).map(str::to_owned) else {
        return Err(vm.new_type_error("__name__ must be a string".to_owned()));
    };
    if dict::dict_get_str(globals, "__path__").is_some() {
        return Ok(module_name);
    }
    match module_name.rsplit_once('.') {
        Some((parent, _)) => Ok(parent.to_owned()),
        None => Err(no_parent_package(vm)),
    }
}

fn no_parent_package(vm: &mut Vm) -> crate::PyErr {
    vm.new_error(
        Exc::ImportError,
        "attempted relative import with no known parent package",
    )
}

fn name_not_in_globals(vm: &mut Vm) -> crate::PyErr {
    let message = vm.new_str("'__name__' not in globals");
    vm.new_key_error(message)
}

/// `IMPORT_NAME`: `__import__(name, globals, None, fromlist, level)`.
pub fn import_name(vm: &mut Vm, name: &ObjRef, fromlist: &Value, level: &Value) -> PyResult<Value> {
    let name = abstract_::obj_as_str(name).unwrap_or("").to_owned();
    let level = crate::objects::int::as_i64(level).unwrap_or(0).max(0) as usize;
    let globals = vm
        .frames
        .last()
        .map(|f| f.globals.clone())
        .unwrap_or_else(|| vm.new_dict());
    import_module_level(vm, &name, &globals, fromlist, level)
}

pub fn import_module_level(
    vm: &mut Vm,
    name: &str,
    globals: &ObjRef,
    fromlist: &Value,
    level: usize,
) -> PyResult<Value> {
    let full = resolve_name(vm, name, level, globals)?;
    if full.is_empty() {
        return Err(vm.new_value_error("Empty module name".to_owned()));
    }
    let module = import_full(vm, &full)?;
    let has_fromlist = !fromlist.is_none() && abstract_::is_true(vm, fromlist)?;
    if has_fromlist {
        // A package imports the submodules its fromlist names.
        let is_package = abstract_::getattr_optional(vm, &module, "__path__")?.is_some();
        return match (&vm.importlib.clone(), is_package) {
            (Some(bootstrap), true) => {
                let handle =
                    abstract_::getattr_str(vm, &Value::Obj(bootstrap.clone()), "_handle_fromlist")?;
                let import = import_function(vm);
                vm.call1(&handle, vec![module, fromlist.clone(), import])
                    .map_err(|e| remove_importlib_frames(vm, e))
            }
            _ => Ok(module),
        };
    }
    // `import a.b.c` binds the top package `a`.
    let Some((front, _)) = name.split_once('.') else {
        return Ok(module);
    };
    if level == 0 {
        return import_full(vm, front);
    }
    // A relative `from . import` names no module, so `name` has a dot here: what
    // is bound is the package the relative name starts in.
    let cut_off = name.len() - front.len();
    let top = &full[..full.len() - cut_off];
    match lookup_module(vm, top) {
        Some(m) if !m.is_none() => Ok(m),
        _ => {
            let key = vm.new_str(top);
            let shown = abstract_::repr_string(vm, &key)?;
            Err(vm.new_error(
                Exc::KeyError,
                format!("{shown} not in sys.modules as expected"),
            ))
        }
    }
}

fn lookup_module(vm: &mut Vm, name: &str) -> Option<Value> {
    dict::dict_get_str(&vm.modules.clone(), name)
}

/// `builtins.__import__`, which the import machinery passes on to the loaders.
fn import_function(vm: &mut Vm) -> Value {
    dict::dict_get_str(&vm.builtins_dict.clone(), "__import__").unwrap_or(Value::None)
}

/// Imports the module with absolute name `full` (each parent first) and returns it:
/// `sys.modules` answers if it can, `importlib._bootstrap._find_and_load` otherwise.
pub fn import_full(vm: &mut Vm, full: &str) -> PyResult<Value> {
    if let Some(m) = lookup_module(vm, full) {
        if !m.is_none() {
            return Ok(m);
        }
    }
    let Some(bootstrap) = vm.importlib.clone() else {
        return import_before_importlib(vm, full);
    };
    let find_and_load = abstract_::getattr_str(vm, &Value::Obj(bootstrap), "_find_and_load")?;
    let name = vm.new_str(full);
    let import = import_function(vm);
    let timing = vm.config.import_time.then(|| vm.import_clock.start());
    let module = vm
        .call1(&find_and_load, vec![name, import])
        .map_err(|e| remove_importlib_frames(vm, e));
    if let Some(timing) = timing {
        vm.import_clock.finish(timing, full);
    }
    module
}

/// `-X importtime`: how long each import took, itself and with the imports it
/// made, written to standard error when it ends (CPython's `import_find_and_load`).
#[derive(Default)]
pub struct ImportClock {
    header_written: bool,
    depth: usize,
    /// The time taken by the finished imports made by the one under way.
    children: std::time::Duration,
}

/// An import under way: when it started, and its parent's children time so far.
pub struct ImportTiming {
    start: std::time::Instant,
    parent_children: std::time::Duration,
}

impl ImportClock {
    fn start(&mut self) -> ImportTiming {
        if !self.header_written {
            self.header_written = true;
            eprintln!("import time: self [us] | cumulative | imported package");
        }
        self.depth += 1;
        let parent_children = std::mem::take(&mut self.children);
        ImportTiming {
            start: std::time::Instant::now(),
            parent_children,
        }
    }

    fn finish(&mut self, timing: ImportTiming, name: &str) {
        let total = timing.start.elapsed();
        self.depth -= 1;
        let micros = |d: std::time::Duration| d.as_nanos().div_ceil(1000);
        eprintln!(
            "import time: {:>9} | {:>10} | {:indent$}{name}",
            micros(total.saturating_sub(self.children)),
            micros(total),
            "",
            indent = self.depth * 2,
        );
        self.children = timing.parent_children + total;
    }
}

/// While the interpreter starts, before the import machinery is installed: only
/// builtin modules can be imported.
fn import_before_importlib(vm: &mut Vm, name: &str) -> PyResult<Value> {
    match crate::imp::create_native_module(vm, name)? {
        Some(module) => {
            let modules = vm.modules.clone();
            dict::dict_set_str(vm, &modules, name, Value::Obj(module.clone()));
            Ok(Value::Obj(module))
        }
        None => {
            let err = vm.new_error(
                Exc::ModuleNotFoundError,
                format!("No module named '{name}'"),
            );
            let name = vm.new_str(name);
            crate::objects::exceptions::set_attr(vm, &err.0, "name", name);
            Err(err)
        }
    }
}

/// The file names of the import machinery's frozen code.
const IMPORTLIB_FILENAMES: [&str; 2] = [
    "<frozen importlib._bootstrap>",
    "<frozen importlib._bootstrap_external>",
];

/// Takes the import machinery's own frames out of an exception's traceback, as
/// CPython does (`remove_importlib_frames`): all of them for an ImportError, and
/// otherwise each run of them that ends in `_call_with_frames_removed`, the call
/// that runs the module's own code.
fn remove_importlib_frames(vm: &mut Vm, err: PyErr) -> PyErr {
    use crate::objects::traceback::{frame_data, TracebackData};
    fn traceback_data(tb: &ObjRef) -> Option<&TracebackData> {
        match &tb.payload {
            Payload::Traceback(data) => Some(data),
            _ => None,
        }
    }
    let always_trim = vm.err_matches(&err, Exc::ImportError);
    let exc = Value::Obj(err.0.clone());
    let first = crate::objects::exceptions::traceback_of(&exc);
    // The kept entries, in order; a run of importlib entries waits in `pending`
    // until it is known whether to drop it.
    let mut kept: Vec<ObjRef> = Vec::new();
    let mut pending: Vec<ObjRef> = Vec::new();
    let mut changed = false;
    let mut entry = match first {
        Value::Obj(tb) => Some(tb),
        _ => None,
    };
    while let Some(tb) = entry {
        let Some(data) = traceback_data(&tb) else {
            break;
        };
        let next = data.next.borrow().clone();
        let (filename, name) = match frame_data(&Value::Obj(data.frame.clone())) {
            Some(frame) => {
                let frame = frame.borrow();
                (
                    frame.code.code.filename.to_string(),
                    frame.code.code.name.to_string(),
                )
            }
            None => (String::new(), String::new()),
        };
        if IMPORTLIB_FILENAMES.contains(&filename.as_str()) {
            pending.push(tb);
            if always_trim || name == "_call_with_frames_removed" {
                pending.clear();
                changed = true;
            }
        } else {
            kept.append(&mut pending);
            kept.push(tb);
        }
        entry = next;
    }
    kept.append(&mut pending);
    if !changed {
        return err;
    }
    // Relink what is left.
    for pair in kept.windows(2) {
        if let Some(data) = traceback_data(&pair[0]) {
            *data.next.borrow_mut() = Some(pair[1].clone());
        }
    }
    if let Some(last) = kept.last() {
        if let Some(data) = traceback_data(last) {
            *data.next.borrow_mut() = None;
        }
    }
    crate::objects::exceptions::replace_traceback(&err.0, kept.first().cloned());
    err
}

impl Vm {
    /// Installs the import machinery as CPython does at start-up: the frozen
    /// `importlib._bootstrap` runs and takes over `sys.meta_path` with the builtin
    /// and frozen importers, then `_bootstrap_external` adds the path finder and
    /// file loaders, then `zipimport` its path hook. Call it once the builtin
    /// modules are registered.
    pub fn install_importlib(&mut self) -> PyResult<()> {
        let Some(frozen) = krait_frozen::find("_frozen_importlib") else {
            return Err(self.new_error(Exc::ImportError, "importlib is not frozen in"));
        };
        let bootstrap = crate::imp::run_frozen_module(self, frozen)?;
        let imp = import_full(self, "_imp")?;
        let sys = Value::Obj(self.sys.clone());
        let bootstrap_value = Value::Obj(bootstrap.clone());
        self.call_method(&bootstrap_value, "_install", vec![sys, imp])?;
        self.importlib = Some(bootstrap);
        self.call_method(&bootstrap_value, "_install_external_importers", vec![])?;
        let zipimport = import_full(self, "zipimport")?;
        let zipimporter = abstract_::getattr_str(self, &zipimport, "zipimporter")?;
        let sys_dict = crate::sys::sys_dict(self);
        if let Some(hooks) = dict::dict_get_str(&sys_dict, "path_hooks") {
            self.call_method(&hooks, "insert", vec![Value::Int(0), zipimporter])?;
        }
        Ok(())
    }
}

/// `IMPORT_FROM`: an attribute of the module, or its submodule.
pub fn import_from(vm: &mut Vm, module: &Value, name: &ObjRef) -> PyResult<Value> {
    let text = abstract_::obj_as_str(name).unwrap_or("").to_owned();
    match abstract_::getattr(vm, module, name) {
        Ok(v) => Ok(v),
        Err(e) if vm.err_matches(&e, Exc::AttributeError) => {
            let modname = abstract_::getattr_optional(vm, module, "__name__")?
                .and_then(|n| abstract_::value_as_str(&n).map(str::to_owned));
            if let Some(m) = &modname {
                if let Some(sub) = lookup_module(vm, &format!("{m}.{text}")) {
                    return Ok(sub);
                }
            }
            let modname = modname.unwrap_or_else(|| "<unknown module name>".to_owned());
            let file = abstract_::getattr_optional(vm, module, "__file__")?
                .and_then(|f| abstract_::value_as_str(&f).map(str::to_owned));
            let msg = match file {
                Some(f) => format!("cannot import name '{text}' from '{modname}' ({f})"),
                None => format!("cannot import name '{text}' from '{modname}' (unknown location)"),
            };
            let err = vm.new_error(Exc::ImportError, msg);
            let n = vm.new_str(modname);
            crate::objects::exceptions::set_attr(vm, &err.0, "name", n);
            Err(err)
        }
        Err(e) => Err(e),
    }
}

/// `IMPORT_STAR`: public names (or `__all__`) into the current locals.
pub fn import_star(vm: &mut Vm, module: &Value) -> PyResult<()> {
    let Some(locals) = vm.frames.last().and_then(|f| f.locals.clone()) else {
        return Err(vm.new_error(Exc::SystemError, "no locals found during 'import *'"));
    };
    let names = match abstract_::getattr_optional(vm, module, "__all__")? {
        Some(all) => abstract_::collect_iterable(vm, &all)?,
        None => {
            let d = abstract_::getattr_str(vm, module, "__dict__")?;
            abstract_::mapping_keys(vm, &d)?
                .into_iter()
                .filter(|k| !abstract_::value_as_str(k).is_some_and(|s| s.starts_with('_')))
                .collect()
        }
    };
    for name in names {
        let Value::Obj(n) = &name else { continue };
        let v = abstract_::getattr(vm, module, n)?;
        abstract_::setitem(vm, &locals, name.clone(), v)?;
    }
    Ok(())
}

pub static IMPORT: Signature = Signature::of(
    "builtins",
    "__import__",
    "($module, /, name, globals=None, locals=None, fromlist=(),\n           level=0)",
);
pub static EXEC: Signature = Signature::of(
    "builtins",
    "exec",
    "($module, source, globals=None, locals=None, /, *, closure=None)",
);
pub static EVAL: Signature = Signature::of(
    "builtins",
    "eval",
    "($module, source, globals=None, locals=None, /)",
);
pub static COMPILE: Signature = Signature::of(
    "builtins",
    "compile",
    "($module, /, source, filename, mode, flags=0,\n        dont_inherit=False, optimize=-1, *, _feature_version=-1)",
);

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`.
pub fn builtin_import(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name, globals, _locals, fromlist, level] = IMPORT.bind_args(vm, args)?;
    let Some(name) = name
        .as_ref()
        .and_then(abstract_::value_as_str)
        .map(str::to_owned)
    else {
        return Err(vm.new_type_error("module name must be a string".to_owned()));
    };
    let level = match level {
        Some(level) => {
            let level = abstract_::index(vm, &level)?;
            crate::objects::int::as_i64(&level).ok_or_else(|| {
                vm.new_error(
                    Exc::OverflowError,
                    "Python int too large to convert to C int",
                )
            })?
        }
        None => 0,
    };
    if level < 0 {
        return Err(vm.new_value_error("level must be >= 0".to_owned()));
    }
    // Only a relative import reads the globals.
    let globals = match globals {
        Some(Value::Obj(g)) if dict::as_dict(&g).is_some() => g,
        None | Some(Value::None) if level > 0 => return Err(name_not_in_globals(vm)),
        Some(_) if level > 0 => return Err(vm.new_type_error("globals must be a dict".to_owned())),
        _ => vm.new_dict(),
    };
    let fromlist = fromlist.unwrap_or(Value::None);
    let level = usize::try_from(level).unwrap_or(usize::MAX);
    import_module_level(vm, &name, &globals, &fromlist, level)
}

/// The text of source given as a str, or as bytes in their declared encoding
/// (PEP 263); anything else is refused as `what`, which may also be `other`.
fn source_text(
    vm: &mut Vm,
    v: &Value,
    filename: &str,
    what: &str,
    other: &str,
) -> PyResult<String> {
    // A string given to compile(), exec() or eval() may not hold NUL (a ValueError;
    // a file holding one is a SyntaxError).
    let null_bytes =
        |vm: &mut Vm| vm.new_value_error("source code string cannot contain null bytes".to_owned());
    if let Some(s) = abstract_::value_as_str(v) {
        if s.contains('\0') {
            return Err(null_bytes(vm));
        }
        return Ok(s.to_owned());
    }
    // Bytes, a bytearray or any other exporter of a buffer (`memoryview`, `array`).
    if let Some(b) = crate::objects::bytes::as_bytes(v).or_else(|| crate::buffer::to_vec(v)) {
        if b.contains(&0) {
            return Err(null_bytes(vm));
        }
        return crate::source::decode_source(vm, &b, filename, crate::source::Origin::Bytes);
    }
    Err(vm.new_type_error(format!("{what} must be a string, bytes or {other}")))
}

/// `exec(source, globals=None, locals=None, *, closure=None)`.
pub fn builtin_exec(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [source, globals, locals, closure] = EXEC.bind_args(vm, args)?;
    let closure = closure.filter(|c| !c.is_none());
    let free = source
        .as_ref()
        .and_then(crate::objects::code::as_code)
        .map(|code| code.code.freevars().len());
    let cells = match (free, &closure) {
        (None, None) | (Some(0), None) => None,
        (None, Some(_)) => {
            return Err(vm.new_type_error(
                "closure can only be used when source is a code object".to_owned(),
            ))
        }
        (Some(0), Some(_)) => {
            return Err(vm.new_type_error("cannot use a closure with this code object".to_owned()))
        }
        (Some(free), closure) => match closure.as_ref().and_then(|c| closure_cells(c, free)) {
            Some(cells) => Some(cells),
            None => {
                return Err(vm.new_type_error(format!(
                    "code object requires a closure of exactly length {free}"
                )))
            }
        },
    };
    run_source(vm, [source, globals, locals], false, cells)
}

/// The cells of `closure` when it is an exact tuple of exactly `free` cells.
fn closure_cells(closure: &Value, free: usize) -> Option<Vec<Value>> {
    let Value::Obj(o) = closure else { return None };
    let Payload::Tuple(items) = &o.payload else {
        return None;
    };
    let all_cells = items
        .iter()
        .all(|c| matches!(c, Value::Obj(c) if matches!(c.payload, Payload::Cell(_))));
    (items.len() == free && all_cells && crate::abstract_::is_exact_builtin(o))
        .then(|| items.to_vec())
}

/// `eval(source, globals=None, locals=None)`.
pub fn builtin_eval(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let arguments = EVAL.bind_args(vm, args)?;
    run_source(vm, arguments, true, None)
}

/// `PyMapping_Check`: the type can be subscripted.
fn is_mapping(vm: &Vm, v: &Value) -> bool {
    crate::objects::typeobject::type_data(&vm.type_of(v))
        .slots
        .getitem
        .get()
        .is_some()
}

/// The checks `eval` and `exec` make of their namespaces (`None` already taken
/// as not given), in their order and words.
fn check_namespaces(
    vm: &mut Vm,
    globals: Option<&Value>,
    locals: Option<&Value>,
    is_eval: bool,
) -> PyResult<()> {
    let bad_globals = globals.filter(|g| g.as_obj().is_none_or(|o| dict::as_dict(o).is_none()));
    let bad_locals = locals.filter(|l| !is_mapping(vm, l));
    if is_eval {
        if bad_locals.is_some() {
            return Err(vm.new_type_error("locals must be a mapping".to_owned()));
        }
        if let Some(g) = bad_globals {
            let message = if is_mapping(vm, g) {
                "globals must be a real dict; try eval(expr, {}, mapping)"
            } else {
                "globals must be a dict"
            };
            return Err(vm.new_type_error(message.to_owned()));
        }
        return Ok(());
    }
    if let Some(g) = bad_globals {
        let message = format!("exec() globals must be a dict, not {}", vm.type_name_of(g));
        return Err(vm.new_type_error(message));
    }
    if let Some(l) = bad_locals {
        let message = format!(
            "locals must be a mapping or None, not {}",
            vm.type_name_of(l)
        );
        return Err(vm.new_type_error(message));
    }
    Ok(())
}

/// What `exec` and `eval` share: the namespaces, then compiling and running.
fn run_source(
    vm: &mut Vm,
    arguments: [Option<Value>; 3],
    is_eval: bool,
    closure: Option<Vec<Value>>,
) -> PyResult<Value> {
    let [source, globals, locals] = arguments;
    let source = source.unwrap_or(Value::None);
    let globals = globals.filter(|g| !g.is_none());
    let locals = locals.filter(|l| !l.is_none());
    check_namespaces(vm, globals.as_ref(), locals.as_ref(), is_eval)?;
    // Checked: the globals, when given, are a dict.
    let globals = globals.and_then(|g| g.as_obj().cloned());
    let (globals, locals) = match (globals, locals) {
        (Some(g), l) => (g, l),
        (None, Some(l)) => {
            let caller_globals = vm.frames.last().map(|f| f.globals.clone());
            (caller_globals.unwrap_or_else(|| vm.new_dict()), Some(l))
        }
        (None, None) => {
            let caller_globals = vm.frames.last().map(|f| f.globals.clone());
            let g = caller_globals.unwrap_or_else(|| vm.new_dict());
            let l = match vm.frames.len().checked_sub(1) {
                Some(depth) => vm.locals_of_frame(depth),
                None => Value::Obj(g.clone()),
            };
            (g, Some(l))
        }
    };
    let code = match crate::objects::code::as_code(&source) {
        // eval() has no way to give a closure.
        Some(c) if is_eval && !c.code.freevars().is_empty() => {
            return Err(vm.new_type_error(
                "code object passed to eval() may not contain free variables".to_owned(),
            ))
        }
        Some(c) => c.clone(),
        None => {
            let what = if is_eval {
                "eval() arg 1"
            } else {
                "exec() arg 1"
            };
            let text = source_text(vm, &source, "<string>", what, "code object")?;
            let mode = if is_eval {
                krait_compiler::Mode::Eval
            } else {
                krait_compiler::Mode::Exec
            };
            let text = if is_eval {
                text.trim_start_matches([' ', '\t']).to_owned()
            } else {
                text
            };
            compile_source(vm, &text, "<string>", mode)?
        }
    };
    let result = run_code_with_closure(vm, code, globals, locals, closure)?;
    Ok(if is_eval { result } else { Value::None })
}

/// The flags `compile()` knows: the `__future__` features (`CO_FUTURE_*`), the
/// obsolete `CO_NESTED`, and `PyCF_DONT_IMPLY_DEDENT`, `PyCF_ONLY_AST`,
/// `PyCF_TYPE_COMMENTS`, `PyCF_ALLOW_TOP_LEVEL_AWAIT`, `PyCF_ALLOW_INCOMPLETE_INPUT`.
const COMPILE_FLAGS: i64 = 0x1fe_0000 | 0x10 | 0x200 | 0x400 | 0x1000 | 0x2000 | 0x4000;

/// `compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1)`.
pub fn builtin_compile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [source_arg, filename_arg, mode, flags, _, optimize, feature_version] =
        COMPILE.bind_args(vm, args)?;
    // `optimize=-1` is the interpreter's own level.
    let level = match &optimize {
        Some(v) => abstract_::index_isize(vm, v)?,
        None => -1,
    };
    let optimize = match level {
        -1 => vm.config.optimize,
        0..=2 => level as u8,
        _ => return Err(vm.new_value_error("compile(): invalid optimize value".to_owned())),
    };
    // CPython reads `_feature_version` only when it parses to a tree.
    let feature_version = feature_version
        .as_ref()
        .and_then(crate::objects::int::as_i64)
        .and_then(|minor| u32::try_from(minor).ok());
    let source_arg = source_arg.unwrap_or(Value::None);
    let filename = filename_arg
        .as_ref()
        .and_then(abstract_::value_as_str)
        .unwrap_or("<string>")
        .to_owned();
    let flags = flags
        .as_ref()
        .and_then(crate::objects::int::as_i64)
        .unwrap_or(0);
    if flags & !COMPILE_FLAGS != 0 {
        return Err(vm.new_value_error("compile(): unrecognised flags".to_owned()));
    }
    let mode = mode.as_ref().and_then(abstract_::value_as_str);
    if mode == Some("func_type") {
        if flags & crate::ast::PYCF_ONLY_AST == 0 {
            return Err(vm.new_value_error(
                "compile() mode 'func_type' requires flag PyCF_ONLY_AST".to_owned(),
            ));
        }
        let source = source_text(vm, &source_arg, &filename, "compile() arg 1", "code object")?;
        return crate::ast::parse_func_type_to_node(vm, &source, &filename);
    }
    let mode = match mode {
        Some("exec") => krait_compiler::Mode::Exec,
        Some("eval") => krait_compiler::Mode::Eval,
        Some("single") => krait_compiler::Mode::Single,
        _ => {
            return Err(
                vm.new_value_error("compile() mode must be 'exec', 'eval' or 'single'".to_owned())
            )
        }
    };
    if crate::ast::is_ast_node(vm, &source_arg)? {
        if flags & crate::ast::PYCF_ONLY_AST != 0 {
            return Ok(source_arg);
        }
        return crate::ast::compile_node(vm, &source_arg, &filename, mode, optimize);
    }
    let source = source_text(vm, &source_arg, &filename, "compile() arg 1", "AST object")?;
    if flags & crate::ast::PYCF_ONLY_AST != 0 {
        return crate::ast::parse_to_node(vm, &source, &filename, mode, feature_version);
    }
    // The code keeps the str it was given as its `co_filename`, as CPython's does.
    let filename_obj = filename_arg
        .as_ref()
        .and_then(Value::as_obj)
        .filter(|o| Rc::ptr_eq(&o.class(), &vm.types.str))
        .cloned();
    let code = compile_source_named(vm, &source, &filename, filename_obj, mode, optimize)?;
    Ok(Value::Obj(PyObject::new(
        vm.types.code.clone(),
        Payload::Code(code),
    )))
}

impl Vm {
    /// Runs `source` as the `__main__` module (a script, `-c` or stdin).
    pub fn run_main_source(
        &mut self,
        source: &str,
        filename: &str,
        file_attr: Option<&str>,
    ) -> PyResult<()> {
        let main = new_module(self, "__main__");
        let d = module_dict(&main).expect("a module");
        if let Some(f) = file_attr {
            let fv = self.new_str(f.to_owned());
            dict::dict_set_str(self, &d, "__file__", fv);
        }
        let b = Value::Obj(self.builtins.clone());
        dict::dict_set_str(self, &d, "__builtins__", b);
        let modules = self.modules.clone();
        dict::dict_set_str(self, &modules, "__main__", Value::Obj(main));
        let code = compile_source(self, source, filename, krait_compiler::Mode::Exec)?;
        run_code(self, code, d, None)?;
        Ok(())
    }

    /// `-m NAME`: runs module `NAME` (a package's `__main__`) as `__main__`, through
    /// `runpy._run_module_as_main`, which also sets `sys.argv[0]` to its file.
    pub fn run_module_as_main(&mut self, name: &str) -> PyResult<()> {
        let main = new_module(self, "__main__");
        let d = module_dict(&main).expect("a module");
        let b = Value::Obj(self.builtins.clone());
        dict::dict_set_str(self, &d, "__builtins__", b);
        let modules = self.modules.clone();
        dict::dict_set_str(self, &modules, "__main__", Value::Obj(main));
        let runpy = import_full(self, "runpy")?;
        let name = self.new_str(name);
        self.call_method(&runpy, "_run_module_as_main", vec![name, Value::Bool(true)])?;
        Ok(())
    }

    /// Runs an already-compiled module code object as `__main__`.
    pub fn run_main_code(
        &mut self,
        code: Rc<krait_bytecode::CodeObject>,
        file_attr: Option<&str>,
    ) -> PyResult<()> {
        let main = new_module(self, "__main__");
        let d = module_dict(&main).expect("a module");
        if let Some(f) = file_attr {
            let fv = self.new_str(f.to_owned());
            dict::dict_set_str(self, &d, "__file__", fv);
        }
        let b = Value::Obj(self.builtins.clone());
        dict::dict_set_str(self, &d, "__builtins__", b);
        let modules = self.modules.clone();
        dict::dict_set_str(self, &modules, "__main__", Value::Obj(main));
        let code = load_code(self, code)?;
        run_code(self, code, d, None)?;
        Ok(())
    }

    /// Handles an exception that reached the top: prints it (or exits for
    /// `SystemExit`) and returns the process exit status.
    pub fn report_uncaught(&mut self, err: PyErr) -> i32 {
        let exc = Value::Obj(err.0.clone());
        if crate::exc::is_system_exit(self, &exc) {
            let code = abstract_::getattr_optional(self, &exc, "code")
                .ok()
                .flatten()
                .unwrap_or(Value::None);
            // An int (of any subclass) is the status as a C long cut to an int;
            // one past a C long reads as -1, as `PyLong_AsLong` gives it.
            if let Some(n) = crate::objects::int::as_big(&code) {
                return num_traits::ToPrimitive::to_i64(&n).map_or(-1, |n| n as i32);
            }
            return match &code {
                Value::None => 0,
                other => {
                    let text = abstract_::str_string(self, other).unwrap_or_default();
                    crate::sys::write_stderr(self, &format!("{text}\n"));
                    1
                }
            };
        }
        crate::sys::display_uncaught(self, &exc);
        1
    }

    /// Last steps before the process exits (CPython's `Py_FinalizeEx`): threads,
    /// `atexit` callbacks, flushing `sys.stdout` and `sys.stderr`, a collection of
    /// the cycles that are garbage, then emptying the modules, which finalises what
    /// they held. False when flushing the standard
    /// streams failed; the process then exits with status 120, as CPython's does.
    pub fn finish(&mut self) -> bool {
        self.shut_down_threading();
        if let Some(finalizing) = self.module_state::<crate::sys::Finalizing>() {
            finalizing.0.set(true);
        }
        crate::atexit::run_exitfuncs(self);
        self.run_finalizers();
        let flushed = crate::sys::flush_std_files(self);
        // Cycles that are garbage already are finalised while the modules are
        // whole, as CPython's collection after it drops `sys.modules` finds them
        // (a file held only by a cycle is flushed then; CPython's is not).
        self.collect_cycles();
        self.run_finalizers();
        self.clear_modules();
        self.run_finalizers();
        // What finalisers printed. CPython closes the streams as it tears `sys`
        // down, silently; Krait keeps them, so it flushes them silently.
        for name in ["stdout", "__stdout__", "stderr", "__stderr__"] {
            let stream = crate::sys::std_stream(self, name);
            if !stream.is_none() {
                let _ = crate::sys::stream_flush(self, &stream);
            }
        }
        flushed
    }

    /// Interpreter shutdown: module namespaces are emptied, latest import first, so
    /// objects they held are finalised (CPython's `finalize_modules`). Names with one
    /// leading underscore go first, then the rest but `__builtins__`.
    fn clear_modules(&mut self) {
        let modules: Vec<Value> = dict::dict_items(&self.modules)
            .into_iter()
            .map(|(_, m)| m)
            .collect();
        for module in modules.into_iter().rev() {
            let Value::Obj(m) = module else { continue };
            let Some(d) = module_dict(&m) else { continue };
            if Rc::ptr_eq(&d, &self.builtins_dict) || Rc::ptr_eq(&m, &self.sys) {
                continue;
            }
            for underscore_pass in [true, false] {
                for (key, _) in dict::dict_items(&d) {
                    let Some(name) = abstract_::value_as_str(&key) else {
                        continue;
                    };
                    let single_underscore = name.starts_with('_') && !name.starts_with("__");
                    if (underscore_pass && single_underscore)
                        || (!underscore_pass && name != "__builtins__")
                    {
                        let _ = dict::dict_set_item(self, &d, key.clone(), Value::None);
                        self.run_finalizers();
                    }
                }
            }
        }
    }

    /// Flushes `sys.stdout` and `sys.stderr`, ignoring errors (before the prompt of
    /// the interactive loop).
    pub fn flush_stdout(&mut self) {
        for name in ["stdout", "stderr"] {
            let stream = crate::sys::std_stream(self, name);
            if !stream.is_none() {
                let _ = crate::sys::stream_flush(self, &stream);
            }
        }
    }
}

impl Vm {
    /// Replaces `sys.argv[0]` (for `-m`, once the module's file is known).
    pub fn set_argv0(&mut self, value: &str) {
        let sys = crate::sys::sys_dict(self);
        if let Some(argv) = dict::dict_get_str(&sys, "argv") {
            if let Some(l) = crate::objects::list::list_cell(&argv) {
                let v = self.new_str(value.to_owned());
                if let Some(first) = l.borrow_mut().first_mut() {
                    *first = v;
                }
            }
        }
    }

    /// Runs one interactive statement in `__main__` ('single' mode).
    pub fn run_interactive(&mut self, source: &str) -> PyResult<()> {
        let main = match lookup_module(self, "__main__") {
            Some(Value::Obj(m)) => m,
            _ => {
                let m = new_module(self, "__main__");
                let b = Value::Obj(self.builtins.clone());
                let d = module_dict(&m).expect("a module");
                dict::dict_set_str(self, &d, "__builtins__", b);
                let modules = self.modules.clone();
                dict::dict_set_str(self, &modules, "__main__", Value::Obj(m.clone()));
                m
            }
        };
        let d = module_dict(&main).expect("a module");
        let code = compile_source(self, source, "<stdin>", krait_compiler::Mode::Single)?;
        run_code(self, code, d, None)?;
        Ok(())
    }

    /// `threading._shutdown()`, when `threading` was imported: the main thread is
    /// marked stopped and `threading`'s own exit hooks run, as before CPython exits.
    fn shut_down_threading(&mut self) {
        let Some(threading) = crate::objects::dict::dict_get_str(&self.modules, "threading") else {
            return;
        };
        let shutdown = match abstract_::getattr_optional(self, &threading, "_shutdown") {
            Ok(Some(f)) => f,
            _ => return,
        };
        if let Err(err) = self.call1(&shutdown, vec![]) {
            crate::sys::display_uncaught(self, &Value::Obj(err.0));
        }
    }

    /// Reports an exception at the prompt; `Some(status)` when it was `SystemExit`.
    pub fn report_uncaught_interactive(&mut self, err: PyErr) -> Option<i32> {
        let exc = Value::Obj(err.0.clone());
        if crate::exc::is_system_exit(self, &exc) {
            return Some(self.report_uncaught(err));
        }
        crate::sys::display_uncaught(self, &exc);
        None
    }
}
