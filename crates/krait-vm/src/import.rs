//! Import (CPython's `Python/import.c` and the path finder of `importlib`): builtin
//! modules, then `.py` modules and packages on `sys.path`; plus `exec`, `eval` and
//! `compile`, which share the compile-and-run path.

use std::rc::Rc;

use crate::abstract_;
use crate::eval::FrameExit;
use crate::frame::Frame;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::code::{load_code, CodeData};
use crate::objects::dict;
use crate::objects::function::Args;
use crate::objects::module::{module_dict, new_module};
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
    let text = match &e.text {
        Some(t) => vm.new_str(t.clone()),
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

pub fn compile_source(
    vm: &mut Vm,
    source: &str,
    filename: &str,
    mode: krait_compiler::Mode,
) -> PyResult<Rc<CodeData>> {
    let options = krait_compiler::CompileOptions {
        optimize: vm.config.optimize,
        ..Default::default()
    };
    match krait_compiler::compile(source, filename, mode, &options) {
        Ok(code) => load_code(vm, Rc::new(code)),
        Err(e) => Err(syntax_error(vm, &e)),
    }
}

/// Runs module-level code with `globals` as its namespace.
pub fn run_code(
    vm: &mut Vm,
    code: Rc<CodeData>,
    globals: ObjRef,
    locals: Option<Value>,
) -> PyResult<Value> {
    let builtins = match dict::dict_get_str(&globals, "__builtins__") {
        Some(Value::Obj(b)) => match &b.payload {
            Payload::Module(m) => m.dict.clone(),
            Payload::Dict(_) => b,
            _ => vm.builtins_dict.clone(),
        },
        _ => {
            let b = Value::Obj(vm.builtins.clone());
            dict::dict_set_str(vm, &globals, "__builtins__", b);
            vm.builtins_dict.clone()
        }
    };
    let base = vm.stack.len();
    vm.stack.resize(base + code.nlocalsplus(), None);
    let locals = locals.unwrap_or_else(|| Value::Obj(globals.clone()));
    let frame = Frame::new(code, globals, builtins, Some(locals), base);
    match vm.run_frame(frame)? {
        FrameExit::Return(v) | FrameExit::Yield(v) => Ok(v),
    }
}

fn module_name_of(globals: &ObjRef) -> Option<String> {
    dict::dict_get_str(globals, "__name__")
        .and_then(|n| abstract_::value_as_str(&n).map(str::to_owned))
}

/// Resolves a relative import's package (`__package__`, else from `__name__`).
fn resolve_name(vm: &mut Vm, name: &str, level: usize, globals: &ObjRef) -> PyResult<String> {
    if level == 0 {
        return Ok(name.to_owned());
    }
    let package = dict::dict_get_str(globals, "__package__")
        .and_then(|p| abstract_::value_as_str(&p).map(str::to_owned));
    let package = match package {
        Some(p) => p,
        None => {
            let modname = module_name_of(globals).unwrap_or_default();
            if dict::dict_get_str(globals, "__path__").is_some() {
                modname
            } else {
                modname
                    .rsplit_once('.')
                    .map(|(p, _)| p.to_owned())
                    .unwrap_or_default()
            }
        }
    };
    if package.is_empty() {
        return Err(vm.new_error(
            Exc::ImportError,
            "attempted relative import with no known parent package",
        ));
    }
    let parts: Vec<&str> = package.split('.').collect();
    if level > parts.len() {
        return Err(vm.new_error(
            Exc::ImportError,
            "attempted relative import beyond top-level package",
        ));
    }
    let base = parts[..parts.len() - (level - 1)].join(".");
    Ok(if name.is_empty() {
        base
    } else {
        format!("{base}.{name}")
    })
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
        // Submodules named in the fromlist are imported too.
        if let Value::Obj(m) = &module {
            if module_dict(m).is_some_and(|d| dict::dict_get_str(&d, "__path__").is_some()) {
                for item in abstract_::collect_iterable(vm, fromlist)? {
                    let Some(attr) = abstract_::value_as_str(&item).map(str::to_owned) else {
                        continue;
                    };
                    if attr == "*" {
                        continue;
                    }
                    if abstract_::getattr_optional(vm, &module, &attr)?.is_none() {
                        let sub = format!("{full}.{attr}");
                        match import_full(vm, &sub) {
                            Ok(_) => {}
                            // Only the submodule itself being absent is not an error here.
                            Err(e)
                                if vm.err_matches(&e, Exc::ModuleNotFoundError)
                                    && missing_module_name(vm, &e).as_deref()
                                        == Some(sub.as_str()) => {}
                            Err(e) => return Err(e),
                        }
                    }
                }
            }
        }
        return Ok(module);
    }
    if level == 0 {
        let top = name.split('.').next().unwrap_or(name);
        return lookup_module(vm, top)
            .ok_or_else(|| vm.new_error(Exc::ImportError, format!("No module named '{top}'")));
    }
    // `import .a.b` style returns the top package of the relative name.
    let top_len = full.len() - name.len() + name.split('.').next().map(str::len).unwrap_or(0);
    let top = &full[..top_len.min(full.len())];
    lookup_module(vm, top)
        .ok_or_else(|| vm.new_error(Exc::ImportError, format!("No module named '{top}'")))
}

fn lookup_module(vm: &mut Vm, name: &str) -> Option<Value> {
    dict::dict_get_str(&vm.modules.clone(), name)
}

/// Imports `a.b.c`: each parent first, then the module itself.
pub fn import_full(vm: &mut Vm, full: &str) -> PyResult<Value> {
    if let Some(m) = lookup_module(vm, full) {
        if m.is_none() {
            return Err(module_not_found(vm, full, true));
        }
        return Ok(m);
    }
    let (parent, path) = match full.rsplit_once('.') {
        Some((parent, _)) => {
            let p = import_full(vm, parent)?;
            if let Some(m) = lookup_module(vm, full) {
                return Ok(m);
            }
            let path = match abstract_::getattr_optional(vm, &p, "__path__")? {
                Some(path) => abstract_::collect_iterable(vm, &path)?,
                None => {
                    let msg = format!("No module named '{full}'; '{parent}' is not a package");
                    return Err(module_not_found_msg(vm, full, msg));
                }
            };
            (Some((p, parent.to_owned())), path)
        }
        None => {
            if let Some(init) = vm.native_modules.get(full).copied() {
                let m = init(vm)?;
                let modules = vm.modules.clone();
                dict::dict_set_str(vm, &modules, full, Value::Obj(m.clone()));
                return Ok(Value::Obj(m));
            }
            let sys = crate::sys::sys_dict(vm);
            let path = dict::dict_get_str(&sys, "path").unwrap_or(Value::None);
            (
                None,
                abstract_::collect_iterable(vm, &path).unwrap_or_default(),
            )
        }
    };
    let short = full.rsplit('.').next().unwrap_or(full);
    for entry in path {
        let Some(dir) = abstract_::value_as_str(&entry) else {
            continue;
        };
        let dir = if dir.is_empty() {
            ".".to_owned()
        } else {
            dir.to_owned()
        };
        let base = std::path::Path::new(&dir).join(short);
        let init = base.join("__init__.py");
        let file = base.with_extension("py");
        let (source_path, is_package) = if init.is_file() {
            (init, true)
        } else if file.is_file() {
            (file, false)
        } else {
            continue;
        };
        let module = load_source_module(vm, full, &source_path, is_package.then(|| base.clone()))?;
        if let Some((parent, _)) = &parent {
            abstract_::setattr_str(vm, parent, short, module.clone())?;
        }
        return Ok(module);
    }
    Err(module_not_found(vm, full, false))
}

fn module_not_found(vm: &mut Vm, name: &str, halted: bool) -> PyErr {
    let msg = if halted {
        format!("import of {name} halted; None in sys.modules")
    } else {
        format!("No module named '{name}'")
    };
    module_not_found_msg(vm, name, msg)
}

fn module_not_found_msg(vm: &mut Vm, name: &str, msg: String) -> PyErr {
    let class = vm.exc(Exc::ModuleNotFoundError).clone();
    let msg = vm.new_str(msg);
    let err = crate::objects::exceptions::new_exception(vm, &class, vec![msg]);
    let name = vm.new_str(name.to_owned());
    crate::objects::exceptions::set_attr(vm, &err.0, "name", name);
    err
}

fn load_source_module(
    vm: &mut Vm,
    name: &str,
    path: &std::path::Path,
    package_dir: Option<std::path::PathBuf>,
) -> PyResult<Value> {
    let file = path.to_string_lossy().into_owned();
    let source = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => return Err(crate::oserror::os_error(vm, &e, &file)),
    };
    let module = new_module(vm, name);
    let d = module_dict(&module).expect("a module");
    let file_v = vm.new_str(file.clone());
    dict::dict_set_str(vm, &d, "__file__", file_v);
    let package = match &package_dir {
        Some(dir) => {
            let p = vm.new_str(dir.to_string_lossy().into_owned());
            let path_list = vm.new_list(vec![p]);
            dict::dict_set_str(vm, &d, "__path__", path_list);
            name.to_owned()
        }
        None => name
            .rsplit_once('.')
            .map(|(p, _)| p.to_owned())
            .unwrap_or_default(),
    };
    let package_v = vm.new_str(package);
    dict::dict_set_str(vm, &d, "__package__", package_v);
    let b = Value::Obj(vm.builtins.clone());
    dict::dict_set_str(vm, &d, "__builtins__", b);
    let modules = vm.modules.clone();
    dict::dict_set_str(vm, &modules, name, Value::Obj(module.clone()));
    let result = compile_source(vm, &source, &file, krait_compiler::Mode::Exec)
        .and_then(|code| run_code(vm, code, d.clone(), None));
    if let Err(e) = result {
        if let Some(m) = dict::as_dict(&modules) {
            m.borrow_mut().remove_str(name);
        }
        return Err(e);
    }
    // The module may have replaced itself in sys.modules.
    Ok(lookup_module(vm, name).unwrap_or(Value::Obj(module)))
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

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`.
pub fn builtin_import(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let parsed = crate::getargs::parse(
        vm,
        "__import__",
        args,
        &["name", "globals", "locals", "fromlist", "level"],
        1,
    )?;
    let Some(name) = parsed[0]
        .as_ref()
        .and_then(abstract_::value_as_str)
        .map(str::to_owned)
    else {
        return Err(vm.new_type_error("__import__() argument 1 must be str".to_owned()));
    };
    let globals = match &parsed[1] {
        Some(Value::Obj(g)) if dict::as_dict(g).is_some() => g.clone(),
        _ => vm.new_dict(),
    };
    let fromlist = parsed[3].clone().unwrap_or(Value::None);
    let level = parsed[4]
        .as_ref()
        .and_then(crate::objects::int::as_i64)
        .unwrap_or(0)
        .max(0) as usize;
    import_module_level(vm, &name, &globals, &fromlist, level)
}

fn source_text(vm: &mut Vm, v: &Value, what: &str) -> PyResult<String> {
    if let Some(s) = abstract_::value_as_str(v) {
        return Ok(s.to_owned());
    }
    if let Some(b) = crate::objects::bytes::as_bytes(v) {
        return Ok(String::from_utf8_lossy(&b).into_owned());
    }
    Err(vm.new_type_error(format!("{what} must be a string, bytes or code object")))
}

/// `exec(source, globals=None, locals=None)` and `eval(...)`.
pub fn builtin_exec(vm: &mut Vm, args: Args, is_eval: bool) -> PyResult<Value> {
    let name = if is_eval { "eval" } else { "exec" };
    let parsed = crate::getargs::parse(vm, name, args, &["source", "globals", "locals"], 1)?;
    let source = parsed[0].clone().unwrap_or(Value::None);
    let caller_globals = vm.frames.last().map(|f| f.globals.clone());
    let (globals, locals) = match (&parsed[1], &parsed[2]) {
        (None | Some(Value::None), None | Some(Value::None)) => {
            let g = caller_globals.unwrap_or_else(|| vm.new_dict());
            let depth = vm.frames.len().saturating_sub(1);
            let l = if vm.frames.is_empty() {
                Value::Obj(g.clone())
            } else {
                vm.locals_of_frame(depth)
            };
            (g, Some(l))
        }
        (Some(Value::Obj(g)), l) if dict::as_dict(g).is_some() => {
            let l = l.clone().filter(|v| !v.is_none());
            (g.clone(), l)
        }
        (Some(other), _) => {
            return Err(vm.new_type_error(format!(
                "{name}() globals must be a dict, not {}",
                vm.type_name_of(other)
            )))
        }
        (None, Some(l)) => {
            let g = caller_globals.unwrap_or_else(|| vm.new_dict());
            (g, Some(l.clone()))
        }
    };
    let code = match crate::objects::code::as_code(&source) {
        Some(c) => c.clone(),
        None => {
            let text = source_text(
                vm,
                &source,
                if is_eval {
                    "eval() arg 1"
                } else {
                    "exec() arg 1"
                },
            )?;
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
    let result = run_code(vm, code, globals, locals)?;
    Ok(if is_eval { result } else { Value::None })
}

/// `compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1)`.
pub fn builtin_compile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let parsed = crate::getargs::parse(
        vm,
        "compile",
        args,
        &[
            "source",
            "filename",
            "mode",
            "flags",
            "dont_inherit",
            "optimize",
            "_feature_version",
        ],
        3,
    )?;
    let source_arg = parsed[0].clone().unwrap_or(Value::None);
    let filename = parsed[1]
        .as_ref()
        .and_then(abstract_::value_as_str)
        .unwrap_or("<string>")
        .to_owned();
    let flags = parsed[3]
        .as_ref()
        .and_then(crate::objects::int::as_i64)
        .unwrap_or(0);
    if parsed[2].as_ref().and_then(abstract_::value_as_str) == Some("func_type") {
        if flags & crate::ast::PYCF_ONLY_AST == 0 {
            return Err(vm.new_value_error(
                "compile() mode 'func_type' requires flag PyCF_ONLY_AST".to_owned(),
            ));
        }
        let source = source_text(vm, &source_arg, "compile() arg 1")?;
        return crate::ast::parse_func_type_to_node(vm, &source, &filename);
    }
    let mode = match parsed[2].as_ref().and_then(abstract_::value_as_str) {
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
        return crate::ast::compile_node(vm, &source_arg, &filename, mode);
    }
    let source = source_text(vm, &source_arg, "compile() arg 1").map_err(|_| {
        vm.new_type_error("compile() arg 1 must be a string, bytes or AST object".to_owned())
    })?;
    if flags & crate::ast::PYCF_ONLY_AST != 0 {
        return crate::ast::parse_to_node(vm, &source, &filename, mode);
    }
    let code = compile_source(vm, &source, &filename, mode)?;
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
            return match &code {
                Value::None => 0,
                Value::Int(n) => *n as i32,
                Value::Bool(b) => *b as i32,
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
    /// `atexit` callbacks, flushing `sys.stdout` and `sys.stderr`, then emptying the
    /// modules, which finalises what they held. False when flushing the standard
    /// streams failed; the process then exits with status 120, as CPython's does.
    pub fn finish(&mut self) -> bool {
        self.shut_down_threading();
        crate::atexit::run_exitfuncs(self);
        self.run_finalizers();
        let flushed = crate::sys::flush_std_files(self);
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

/// The `name` attribute of an ImportError: the module that was not found.
fn missing_module_name(vm: &mut Vm, err: &PyErr) -> Option<String> {
    let exc = Value::Obj(err.0.clone());
    let name = abstract_::getattr_optional(vm, &exc, "name")
        .ok()
        .flatten()?;
    abstract_::value_as_str(&name).map(str::to_owned)
}
