//! The `_warnings` module (CPython's `Python/_warnings.c`): the warning filters,
//! the once-registry and the default action, and `warn`/`warn_explicit`, which
//! consult them. Lib's `warnings` imports all of these and adds the rest in Python
//! (`catch_warnings`, formatting, `-W` option parsing), so a warning raised by
//! Rust code, or a module that only imports `warnings`, costs no import of `re`.
//!
//! Once `warnings` is imported, its module attributes (`filters`, `defaultaction`,
//! `onceregistry`, `_showwarnmsg`) are read at each warning, so programs that
//! replace them (as `catch_warnings` does) are obeyed; before that, the state here
//! answers and warnings are printed by Rust.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::abstract_;
use crate::native::{add_module_functions, MethodDef};
use crate::objects::dict;
use crate::objects::function::Args;
use crate::objects::module::{module_dict, new_module};
use crate::signature::Signature;
use crate::value::Value;
use crate::{Exc, ObjRef, PyResult, Vm};

static WARN: Signature = Signature::of(
    "_warnings",
    "warn",
    "($module, /, message, category=None, stacklevel=1, source=None)",
);

static WARN_EXPLICIT: Signature = Signature::unlisted(
    "_warnings",
    "warn_explicit",
    "($module, /, message, category, filename, lineno, module=None, registry=None, \
     module_globals=None, source=None)",
)
.parse_tuple();

static FILTERS_MUTATED: Signature =
    Signature::unlisted("_warnings", "_filters_mutated", "($module, /)");

static FUNCTIONS: [MethodDef; 3] = [
    MethodDef::staticmethod("warn", warnings_warn)
        .with_signature(&WARN)
        .with_doc("Issue a warning, or maybe ignore it or raise an exception."),
    MethodDef::staticmethod("warn_explicit", warnings_warn_explicit)
        .with_signature(&WARN_EXPLICIT)
        .with_doc("Low-level interface to warnings functionality."),
    MethodDef::staticmethod("_filters_mutated", filters_mutated).with_signature(&FILTERS_MUTATED),
];

const DOC: &str = "_warnings provides basic warning filtering support.\n\
                   It is a helper module to speed up interpreter start-up.";

/// The interpreter's warning state. The objects are replaced by those of the
/// `warnings` module whenever it has its own (CPython's `Py_SETREF` on read).
struct WarningsState {
    filters: RefCell<Value>,
    once_registry: RefCell<Value>,
    default_action: RefCell<Value>,
    /// Bumped by `_filters_mutated()`: registries made under older filters are
    /// cleared when next consulted.
    filters_version: Cell<i64>,
}

/// The warning state, made with the default filters when first needed: a release
/// build ignores deprecation, import and resource warnings, except deprecation
/// warnings raised by code in `__main__`.
fn state(vm: &mut Vm) -> Rc<WarningsState> {
    if let Some(state) = vm.module_state::<WarningsState>() {
        return state;
    }
    let filter = |vm: &mut Vm, action: &str, category: Exc, module: Option<&str>| {
        let action = Value::Obj(vm.intern(action));
        let module = module.map_or(Value::None, |m| Value::Obj(vm.intern(m)));
        let category = Value::Obj(vm.exc(category).clone());
        vm.new_tuple(vec![action, Value::None, category, module, Value::Int(0)])
    };
    let filters = vec![
        filter(vm, "default", Exc::DeprecationWarning, Some("__main__")),
        filter(vm, "ignore", Exc::DeprecationWarning, None),
        filter(vm, "ignore", Exc::PendingDeprecationWarning, None),
        filter(vm, "ignore", Exc::ImportWarning, None),
        filter(vm, "ignore", Exc::ResourceWarning, None),
    ];
    let state = WarningsState {
        filters: RefCell::new(vm.new_list(filters)),
        once_registry: RefCell::new(Value::Obj(vm.new_dict())),
        default_action: RefCell::new(vm.new_str("default")),
        filters_version: Cell::new(0),
    };
    vm.set_module_state(state);
    vm.module_state::<WarningsState>()
        .expect("the warning state was just set")
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_warnings");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_warnings", &FUNCTIONS);
    let state = state(vm);
    let doc = vm.new_str(DOC);
    dict::dict_set_str(vm, &d, "__doc__", doc);
    dict::dict_set_str(vm, &d, "filters", state.filters.borrow().clone());
    dict::dict_set_str(
        vm,
        &d,
        "_onceregistry",
        state.once_registry.borrow().clone(),
    );
    dict::dict_set_str(
        vm,
        &d,
        "_defaultaction",
        state.default_action.borrow().clone(),
    );
    Ok(m)
}

// ---------------------------------------------------------------------------
// Python-level functions

/// `warn(message, category=None, stacklevel=1, source=None)`.
fn warnings_warn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [message, category, stacklevel, source] = WARN.bind_args(vm, args)?;
    let message = message.unwrap_or(Value::None);
    // The arguments are converted before the category is checked.
    let stacklevel = match stacklevel {
        Some(level) => abstract_::index_ssize(vm, &level)?,
        None => 1,
    };
    let category = warning_category(vm, &message, category)?;
    do_warn(vm, message, category, stacklevel, source)
}

/// `warn_explicit(message, category, filename, lineno, module=None, registry=None,
/// module_globals=None, source=None)`.
fn warnings_warn_explicit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [message, category, filename, lineno, module, registry, module_globals, source] =
        WARN_EXPLICIT.bind_args(vm, args)?;
    let filename = filename.unwrap_or(Value::None);
    if abstract_::value_as_str(&filename).is_none() {
        return Err(vm.new_type_error(format!(
            "warn_explicit() argument 3 must be str, not {}",
            vm.type_name_of(&filename)
        )));
    }
    let lineno = abstract_::index_c_int(vm, &lineno.unwrap_or(Value::None))?;
    let mut source_line = None;
    if let Some(globals) = module_globals.filter(|g| !g.is_none()) {
        let Some(globals) = globals.as_obj().filter(|g| dict::as_dict(g).is_some()) else {
            return Err(vm.new_type_error(format!(
                "module_globals must be a dict, not '{}'",
                vm.type_name_of(&globals)
            )));
        };
        source_line = loader_source_line(vm, &globals.clone(), lineno)?;
    }
    let warning = Warning {
        category: category.unwrap_or(Value::None),
        message: message.unwrap_or(Value::None),
        filename,
        lineno,
        module,
        registry,
        source_line,
        source,
    };
    warn_explicit(vm, warning)
}

/// `_filters_mutated()`: the filters changed, so every registry starts afresh.
fn filters_mutated(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = FILTERS_MUTATED.bind_args(vm, args)?;
    let state = state(vm);
    state.filters_version.set(state.filters_version.get() + 1);
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// Warnings from Rust

/// Issues a warning of `category` from Rust code, as `PyErr_WarnEx` does: filters
/// apply, and an "error" filter raises it here. `stacklevel` 1 blames the Python
/// code running now.
pub fn warn_ex(vm: &mut Vm, category: Exc, message: &str, stacklevel: i64) -> PyResult<()> {
    let message = vm.new_str(message);
    let category = Value::Obj(vm.exc(category).clone());
    do_warn(vm, message, category, stacklevel as isize, None)?;
    Ok(())
}

/// Issues a warning with its origin given (`PyErr_WarnExplicitObject`), as the
/// compiler does for the code it compiles.
pub fn warn_explicit_ex(
    vm: &mut Vm,
    category: Exc,
    message: &str,
    filename: Value,
    lineno: i32,
) -> PyResult<()> {
    let warning = Warning {
        category: Value::Obj(vm.exc(category).clone()),
        message: vm.new_str(message),
        filename,
        lineno,
        module: None,
        registry: None,
        source_line: None,
        source: None,
    };
    warn_explicit(vm, warning)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// The machinery

/// One warning on its way through the filters.
struct Warning {
    category: Value,
    /// A `Warning` instance, or the text to make one of `category` from.
    message: Value,
    filename: Value,
    lineno: i32,
    /// The module the warning is blamed on; made from `filename` when not given.
    module: Option<Value>,
    /// Where warnings already shown from the module are noted (`__warningregistry__`).
    registry: Option<Value>,
    /// The source line to print, when the caller knows it.
    source_line: Option<Value>,
    /// The object the warning is about (`ResourceWarning`s name it).
    source: Option<Value>,
}

/// The category of a `warn()`: the message's class when it is a warning instance,
/// `UserWarning` when none is given; anything but a `Warning` subclass is refused.
fn warning_category(vm: &mut Vm, message: &Value, category: Option<Value>) -> PyResult<Value> {
    let warning = Value::Obj(vm.exc(Exc::Warning).clone());
    let category = if crate::builtins::is_instance_of(vm, message, &warning)? {
        Value::Obj(vm.type_of(message))
    } else {
        match category {
            Some(c) if !c.is_none() => c,
            _ => Value::Obj(vm.exc(Exc::UserWarning).clone()),
        }
    };
    let is_warning = category.as_obj().is_some_and(|c| c.type_data().is_some())
        && crate::builtins::is_subclass_of(vm, &category, &warning).unwrap_or(false);
    if !is_warning {
        return Err(vm.new_type_error(format!(
            "category must be a Warning subclass, not '{}'",
            vm.type_name_of(&category)
        )));
    }
    Ok(category)
}

/// `warn()` once the category is known: finds who the warning is blamed on,
/// `stacklevel` Python frames up, and passes it to `warn_explicit`.
fn do_warn(
    vm: &mut Vm,
    message: Value,
    category: Value,
    stacklevel: isize,
    source: Option<Value>,
) -> PyResult<Value> {
    let (globals, filename, lineno) = match blamed_frame(vm, stacklevel) {
        Some(depth) => {
            let frame = &vm.frames[depth];
            let line = frame.code.line_at(frame.lasti()).map_or(-1, |l| l as i32);
            (
                frame.globals.clone(),
                Value::Obj(frame.code.filename.clone()),
                line,
            )
        }
        None => (crate::sys::sys_dict(vm), vm.new_str("sys"), 1),
    };
    let registry = match dict::dict_get_str(&globals, "__warningregistry__") {
        Some(registry) => registry,
        None => {
            let registry = Value::Obj(vm.new_dict());
            dict::dict_set_str(vm, &globals, "__warningregistry__", registry.clone());
            registry
        }
    };
    let module = match dict::dict_get_str(&globals, "__name__") {
        Some(name) if name.is_none() || abstract_::value_as_str(&name).is_some() => name,
        _ => vm.new_str("<string>"),
    };
    let warning = Warning {
        category,
        message,
        filename,
        lineno,
        module: Some(module),
        registry: Some(registry),
        source_line: None,
        source,
    };
    warn_explicit(vm, warning)
}

/// The index in `vm.frames` of the frame `stacklevel` levels up from the running
/// one. Above the first level, frames of the import machinery
/// (`importlib._bootstrap*`) are not counted, unless the warning comes from there.
fn blamed_frame(vm: &Vm, stacklevel: isize) -> Option<usize> {
    let mut depth = vm.frames.len().checked_sub(1)?;
    let mut level = stacklevel;
    let skip_internal = stacklevel > 0 && !is_internal_frame(vm, depth);
    loop {
        level -= 1;
        if level <= 0 {
            return Some(depth);
        }
        depth = depth.checked_sub(1)?;
        if skip_internal {
            while is_internal_frame(vm, depth) {
                depth = depth.checked_sub(1)?;
            }
        }
    }
}

/// Whether the frame runs the import machinery's code.
fn is_internal_frame(vm: &Vm, depth: usize) -> bool {
    let filename = &vm.frames[depth].code.filename;
    abstract_::obj_as_str(filename)
        .is_some_and(|f| f.contains("importlib") && f.contains("_bootstrap"))
}

/// CPython's `warn_explicit`: the message made a warning, the registry and the
/// filters consulted, and the warning raised, shown or dropped as they say.
fn warn_explicit(vm: &mut Vm, w: Warning) -> PyResult<Value> {
    // Late in shutdown the module may be gone: the filters cannot be trusted then.
    if w.module.as_ref().is_some_and(Value::is_none) {
        return Ok(Value::None);
    }
    let registry = w.registry.clone().filter(|r| !r.is_none());
    let registry = match registry {
        Some(Value::Obj(r)) if dict::as_dict(&r).is_some() => Some(r),
        Some(_) => {
            return Err(vm.new_type_error("'registry' must be a dict or None".to_owned()));
        }
        None => None,
    };
    let module = match &w.module {
        Some(m) => m.clone(),
        None => module_of_filename(vm, &w.filename),
    };
    let warning_class = Value::Obj(vm.exc(Exc::Warning).clone());
    let (text, category, message) =
        if crate::builtins::is_instance_of(vm, &w.message, &warning_class)? {
            let text = abstract_::str_string(vm, &w.message)?;
            let text = vm.new_str(text);
            (text, Value::Obj(vm.type_of(&w.message)), w.message.clone())
        } else {
            let message = vm.call1(&w.category, vec![w.message.clone()])?;
            (w.message.clone(), w.category.clone(), message)
        };
    let lineno = Value::Int(i64::from(w.lineno));
    let key = vm.new_tuple(vec![text.clone(), category.clone(), lineno.clone()]);
    if let Some(registry) = &registry {
        if already_warned(vm, registry, &key, false)? {
            return Ok(Value::None);
        }
    }
    let (action, item) = matching_filter(vm, &category, &text, w.lineno, &module)?;
    let action_text = abstract_::value_as_str(&action)
        .unwrap_or_default()
        .to_owned();
    match action_text.as_str() {
        "error" => return Err(crate::PyErr(exception_object(vm, &category, message)?)),
        "ignore" => return Ok(Value::None),
        _ => {}
    }
    let mut already = false;
    if action_text != "always" {
        if let Some(registry) = &registry {
            dict::dict_set_item(vm, registry, key, Value::Bool(true))?;
        }
        match action_text.as_str() {
            "once" => {
                let once = match &registry {
                    Some(r) => r.clone(),
                    None => once_registry(vm)?,
                };
                already = update_registry(vm, &once, &text, &category, false)?;
            }
            "module" => {
                if let Some(registry) = &registry {
                    already = update_registry(vm, registry, &text, &category, false)?;
                }
            }
            "default" => {}
            _ => {
                let action_repr = abstract_::repr_string(vm, &action)?;
                let item_repr = abstract_::repr_string(vm, &item)?;
                return Err(vm.new_runtime_error(format!(
                    "Unrecognized action ({action_repr}) in warnings.filters:\n {item_repr}"
                )));
            }
        }
    }
    if !already {
        let shown = Shown {
            category,
            text,
            message,
            filename: w.filename,
            lineno: w.lineno,
            source_line: w.source_line,
            source: w.source,
        };
        show_warning(vm, shown)?;
    }
    Ok(Value::None)
}

/// The exception an "error" filter raises: the warning instance itself.
fn exception_object(vm: &mut Vm, category: &Value, message: Value) -> PyResult<ObjRef> {
    if let Value::Obj(o) = &message {
        if crate::builtins::is_instance_of(vm, &message, category)? {
            return Ok(o.clone());
        }
    }
    let made = vm.call1(category, vec![message])?;
    made.as_obj()
        .cloned()
        .ok_or_else(|| vm.new_type_error("exceptions must derive from BaseException".to_owned()))
}

/// The module name a warning without one is blamed on: its file name without a
/// `.py` ending (`<unknown>` when empty).
fn module_of_filename(vm: &mut Vm, filename: &Value) -> Value {
    let text = abstract_::value_as_str(filename).unwrap_or_default();
    if text.is_empty() {
        return vm.new_str("<unknown>");
    }
    match text.strip_suffix(".py") {
        Some(stem) => vm.new_str(stem),
        None => filename.clone(),
    }
}

/// An attribute of the `warnings` module, if it is imported (or can be, when
/// `try_import`) and has it.
fn warnings_attr(vm: &mut Vm, name: &str, try_import: bool) -> PyResult<Option<Value>> {
    let module = if try_import {
        match crate::import::import_full(vm, "warnings") {
            Ok(m) => m,
            Err(e) if vm.err_matches(&e, Exc::ImportError) => return Ok(None),
            Err(e) => return Err(e),
        }
    } else {
        let modules = vm.modules.clone();
        match dict::dict_get_str(&modules, "warnings") {
            Some(m) => m,
            None => return Ok(None),
        }
    };
    abstract_::getattr_optional(vm, &module, name)
}

/// The first filter that matches the warning, as `(action, filter)`; the default
/// action and `None` when none does.
fn matching_filter(
    vm: &mut Vm,
    category: &Value,
    text: &Value,
    lineno: i32,
    module: &Value,
) -> PyResult<(Value, Value)> {
    let state = state(vm);
    if let Some(filters) = warnings_attr(vm, "filters", false)? {
        *state.filters.borrow_mut() = filters;
    }
    let filters = state.filters.borrow().clone();
    if crate::objects::list::list_cell(&filters).is_none() {
        return Err(vm.new_value_error("_warnings.filters must be a list".to_owned()));
    }
    let mut i = 0;
    // The list may change while a filter's `match` runs: read it afresh each time.
    while let Some(item) = list_item(&filters, i) {
        let [action, msg, cat, mod_, ln] = match crate::objects::code::tuple_of(&item) {
            Some([action, msg, cat, mod_, ln]) => [action, msg, cat, mod_, ln].map(Value::clone),
            _ => {
                return Err(
                    vm.new_value_error(format!("_warnings.filters item {i} isn't a 5-tuple"))
                );
            }
        };
        if abstract_::value_as_str(&action).is_none() {
            return Err(vm.new_type_error(format!(
                "action must be a string, not '{}'",
                vm.type_name_of(&action)
            )));
        }
        let good_msg = filter_matches(vm, &msg, text)?;
        let good_mod = filter_matches(vm, &mod_, module)?;
        let is_subclass = crate::builtins::is_subclass_of(vm, category, &cat)?;
        let ln = abstract_::index_isize(vm, &ln)?;
        if good_msg && is_subclass && good_mod && (ln == 0 || ln == lineno as isize) {
            return Ok((action, item));
        }
        i += 1;
    }
    Ok((default_action(vm)?, Value::None))
}

/// Whether a filter's message or module pattern matches: `None` matches anything,
/// a plain str matches itself, anything else is asked with its `match()`.
fn filter_matches(vm: &mut Vm, pattern: &Value, arg: &Value) -> PyResult<bool> {
    if pattern.is_none() {
        return Ok(true);
    }
    if is_exact_str(vm, pattern) {
        let (Some(a), Some(b)) = (
            abstract_::value_as_str(pattern),
            abstract_::value_as_str(arg),
        ) else {
            return Err(vm.new_type_error(format!(
                "Can't compare {} and {}",
                vm.type_name_of(pattern),
                vm.type_name_of(arg)
            )));
        };
        return Ok(a == b);
    }
    let result = vm.call_method(pattern, "match", vec![arg.clone()])?;
    abstract_::is_true(vm, &result)
}

fn list_item(list: &Value, i: usize) -> Option<Value> {
    crate::objects::list::list_cell(list)?
        .borrow()
        .get(i)
        .cloned()
}

fn is_exact_str(vm: &Vm, v: &Value) -> bool {
    matches!(v, Value::Obj(o) if std::rc::Rc::ptr_eq(&o.class(), &vm.types.str))
}

/// `warnings.defaultaction`, or the state's.
fn default_action(vm: &mut Vm) -> PyResult<Value> {
    let state = state(vm);
    let Some(action) = warnings_attr(vm, "defaultaction", false)? else {
        return Ok(state.default_action.borrow().clone());
    };
    if abstract_::value_as_str(&action).is_none() {
        return Err(vm.new_type_error(format!(
            "_warnings.defaultaction must be a string, not '{}'",
            vm.type_name_of(&action)
        )));
    }
    *state.default_action.borrow_mut() = action.clone();
    Ok(action)
}

/// `warnings.onceregistry`, or the state's.
fn once_registry(vm: &mut Vm) -> PyResult<ObjRef> {
    let state = state(vm);
    let registry = match warnings_attr(vm, "onceregistry", false)? {
        None => state.once_registry.borrow().clone(),
        Some(registry) => {
            if registry.as_obj().is_none_or(|r| dict::as_dict(r).is_none()) {
                return Err(vm.new_type_error(format!(
                    "_warnings.onceregistry must be a dict, not '{}'",
                    vm.type_name_of(&registry)
                )));
            }
            *state.once_registry.borrow_mut() = registry.clone();
            registry
        }
    };
    Ok(registry.as_obj().expect("a registry is a dict").clone())
}

/// Whether `registry` notes `key` as shown already (under the current filters);
/// with `should_set`, notes it when not.
fn already_warned(vm: &mut Vm, registry: &ObjRef, key: &Value, should_set: bool) -> PyResult<bool> {
    let version = state(vm).filters_version.get();
    let version_key = Value::Obj(vm.intern("version"));
    let current = dict::dict_get_item(vm, registry, &version_key)?;
    let up_to_date = matches!(current, Some(Value::Int(v)) if v == version);
    if !up_to_date {
        if let Some(d) = dict::as_dict(registry) {
            d.borrow_mut().clear();
        }
        dict::dict_set_item(vm, registry, version_key, Value::Int(version))?;
    } else if let Some(seen) = dict::dict_get_item(vm, registry, key)? {
        if abstract_::is_true(vm, &seen)? {
            return Ok(true);
        }
    }
    if should_set {
        dict::dict_set_item(vm, registry, key.clone(), Value::Bool(true))?;
    }
    Ok(false)
}

/// Notes `(text, category)` (with a zero line when `add_zero`) in `registry`.
fn update_registry(
    vm: &mut Vm,
    registry: &ObjRef,
    text: &Value,
    category: &Value,
    add_zero: bool,
) -> PyResult<bool> {
    let mut key = vec![text.clone(), category.clone()];
    if add_zero {
        key.push(Value::Int(0));
    }
    let key = vm.new_tuple(key);
    already_warned(vm, registry, &key, true)
}

/// A warning that passed the filters, to be shown.
struct Shown {
    category: Value,
    text: Value,
    message: Value,
    filename: Value,
    lineno: i32,
    source_line: Option<Value>,
    source: Option<Value>,
}

/// Shows a warning through `warnings._showwarnmsg` once `warnings` is imported
/// (imported for a warning about an object, whose allocation it can trace), by
/// printing it to `sys.stderr` otherwise.
fn show_warning(vm: &mut Vm, w: Shown) -> PyResult<()> {
    let source = w.source.clone().filter(|s| !s.is_none());
    let Some(show) = warnings_attr(vm, "_showwarnmsg", source.is_some())? else {
        print_warning(vm, &w);
        return Ok(());
    };
    if !crate::builtins::is_callable(vm, &show) {
        return Err(
            vm.new_type_error("warnings._showwarnmsg() must be set to a callable".to_owned())
        );
    }
    let Some(message_class) = warnings_attr(vm, "WarningMessage", false)? else {
        return Err(vm.new_runtime_error("unable to get warnings.WarningMessage".to_owned()));
    };
    let args = vec![
        w.message,
        w.category,
        w.filename,
        Value::Int(i64::from(w.lineno)),
        Value::None,
        Value::None,
        source.unwrap_or(Value::None),
    ];
    let message = vm.call1(&message_class, args)?;
    vm.call1(&show, vec![message])?;
    Ok(())
}

/// `filename:lineno: Category: text` and the source line, indented, on
/// `sys.stderr`; errors while printing are dropped.
fn print_warning(vm: &mut Vm, w: &Shown) {
    let name = abstract_::getattr_str(vm, &w.category, "__name__")
        .and_then(|n| abstract_::str_string(vm, &n));
    let (Ok(name), Ok(filename), Ok(text)) = (
        name,
        abstract_::str_string(vm, &w.filename),
        abstract_::str_string(vm, &w.text),
    ) else {
        return;
    };
    let mut out = format!("{filename}:{}: {name}: {text}\n", w.lineno);
    match &w.source_line {
        Some(line) => {
            if let Ok(line) = abstract_::str_string(vm, line) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        None => {
            if let Some(line) = u32::try_from(w.lineno)
                .ok()
                .and_then(|n| crate::exc::source_line(vm, &filename, n))
            {
                let stripped = line.trim_start_matches([' ', '\t', '\x0c']);
                out.push_str(&format!("  {stripped}\n"));
            }
        }
    }
    crate::sys::write_stderr(vm, &out);
}

/// Line `lineno` of the source `module_globals.__loader__.get_source(__name__)`
/// gives, for `warn_explicit(module_globals=...)`.
fn loader_source_line(vm: &mut Vm, globals: &ObjRef, lineno: i32) -> PyResult<Option<Value>> {
    let (Some(loader), Some(name)) = (
        dict::dict_get_str(globals, "__loader__"),
        dict::dict_get_str(globals, "__name__"),
    ) else {
        return Ok(None);
    };
    let Some(get_source) = abstract_::getattr_optional(vm, &loader, "get_source")? else {
        return Ok(None);
    };
    let source = vm.call1(&get_source, vec![name])?;
    if source.is_none() {
        return Ok(None);
    }
    // str's own line splitting, whatever `splitlines` a subclass defines; a line
    // past the end raises (`PyList_GetItem`).
    let Some(text) = abstract_::value_as_str(&source) else {
        return Err(vm.new_type_error("bad argument type for built-in operation".to_owned()));
    };
    let line = usize::try_from(i64::from(lineno) - 1)
        .ok()
        .and_then(|i| crate::objects::str_methods::split_lines(text).nth(i));
    match line {
        Some(line) => Ok(Some(vm.new_str(line))),
        None => Err(vm.new_index_error("list index out of range".to_owned())),
    }
}
