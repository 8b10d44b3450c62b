//! The `_contextvars` module (CPython's `Python/context.c`): context variables,
//! their tokens, and the contexts that hold their values.
//!
//! Deliberate differences: the current context belongs to the interpreter (module
//! state), not to each thread; a context keeps its variables in a small vector that
//! a copy duplicates, where CPython shares a HAMT; `keys()`, `values()` and `items()`
//! return lists.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::object::{object_id, GetSet};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::set_type_attr;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, ObjRef, PyErr, PyResult, Value, Vm};

use crate::{generic_alias, given, readonly};
use krait_vm::Exc;

fn address(v: &Value) -> i64 {
    match v {
        Value::Obj(o) => object_id(o),
        _ => 0,
    }
}

/// The types and the current context (CPython keeps the latter in the thread state).
struct ContextState {
    context: ObjRef,
    context_var: ObjRef,
    token: ObjRef,
    missing: Value,
    current: RefCell<Option<Value>>,
}

fn context_state(vm: &mut Vm) -> PyResult<Rc<ContextState>> {
    vm.module_state::<ContextState>()
        .ok_or_else(|| vm.new_runtime_error("_contextvars is not initialised".to_owned()))
}

/// The current context, made empty on first use.
fn current_context(vm: &mut Vm) -> PyResult<Value> {
    let state = context_state(vm)?;
    if let Some(current) = state.current.borrow().clone() {
        return Ok(current);
    }
    let ctx = new_native_object(vm, &state.context, Context::new(Vec::new()));
    *state.current.borrow_mut() = Some(ctx.clone());
    Ok(ctx)
}

// ---------------------------------------------------------------------------
// Context

/// A context: each variable set in it with its value, whether it is running now,
/// and the context it replaced then.
struct Context {
    vars: RefCell<Vec<(Value, Value)>>,
    entered: Cell<bool>,
    prev: RefCell<Option<Value>>,
}

impl NativeData for Context {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        let (Ok(vars), Ok(prev)) = (self.vars.try_borrow(), self.prev.try_borrow()) else {
            return false;
        };
        for (var, value) in vars.iter() {
            visit(var);
            visit(value);
        }
        prev.iter().for_each(visit);
        true
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        if let Ok(mut vars) = self.vars.try_borrow_mut() {
            for (var, value) in vars.drain(..) {
                taken.push(var);
                taken.push(value);
            }
        }
        if let Ok(mut prev) = self.prev.try_borrow_mut() {
            taken.extend(prev.take());
        }
    }
}

impl Context {
    fn new(vars: Vec<(Value, Value)>) -> Context {
        Context {
            vars: RefCell::new(vars),
            entered: Cell::new(false),
            prev: RefCell::new(None),
        }
    }

    fn find(&self, var: &Value) -> Option<Value> {
        self.vars
            .borrow()
            .iter()
            .find(|(v, _)| v.is(var))
            .map(|(_, value)| value.clone())
    }

    fn set(&self, var: &Value, value: Value) -> Option<Value> {
        let mut vars = self.vars.borrow_mut();
        match vars.iter_mut().find(|(v, _)| v.is(var)) {
            Some(entry) => Some(std::mem::replace(&mut entry.1, value)),
            None => {
                vars.push((var.clone(), value));
                None
            }
        }
    }

    fn remove(&self, var: &Value) -> Option<Value> {
        let mut vars = self.vars.borrow_mut();
        let at = vars.iter().position(|(v, _)| v.is(var))?;
        Some(vars.remove(at).1)
    }

    fn copy(&self) -> Context {
        Context::new(self.vars.borrow().clone())
    }
}

static CONTEXT_TYPE: NativeTypeSpec = NativeTypeSpec {
    new: Some(context_new),
    slots: &[
        NativeSlot::RichCompare(context_richcompare),
        NativeSlot::Iter(context_iter),
        NativeSlot::Length(context_len),
        NativeSlot::GetItem(context_getitem),
        NativeSlot::Contains(context_contains),
    ],
    methods: &[
        MethodDef::method("get", context_get)
            .with_signature(&CONTEXT_GET)
            .with_doc(
                "Return the value for `key` if `key` has the value in the context object.\n\n\
                 If `key` does not exist, return `default`. If `default` is not given,\n\
                 return None.",
            ),
        MethodDef::method("items", context_items)
            .with_signature(&CONTEXT_ITEMS)
            .with_doc(
                "Return all variables and their values in the context object.\n\n\
                 The result is returned as a list of 2-tuples (variable, value).",
            ),
        MethodDef::method("keys", context_keys)
            .with_signature(&CONTEXT_KEYS)
            .with_doc("Return a list of all variables in the context object."),
        MethodDef::method("values", context_values)
            .with_signature(&CONTEXT_VALUES)
            .with_doc("Return a list of all variables' values in the context object."),
        MethodDef::method("copy", context_copy)
            .with_signature(&CONTEXT_COPY)
            .with_doc("Return a shallow copy of the context object."),
        MethodDef::method("run", context_run).with_signature(&CONTEXT_RUN),
    ],
    ..NativeTypeSpec::new("Context", "_contextvars")
};

static CONTEXT_NEW: Signature = Signature::new("Context", "($type, *args, **kwargs)").not_listed();
static CONTEXT_GET: Signature = Signature::new("get", "($self, key, default=None, /)");
static CONTEXT_ITEMS: Signature = Signature::of("Context", "items", "($self, /)");
static CONTEXT_KEYS: Signature = Signature::of("Context", "keys", "($self, /)");
static CONTEXT_VALUES: Signature = Signature::of("Context", "values", "($self, /)");
static CONTEXT_COPY: Signature = Signature::of("Context", "copy", "($self, /)");
static CONTEXT_RUN: Signature = Signature::new("run", "($self, *args, **kwargs)").not_listed();

fn context_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Context> {
    native_data::<Context>(this)
        .ok_or_else(|| vm.new_type_error("an instance of Context was expected".to_owned()))
}

/// `Context()`: a new, empty context.
fn context_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = CONTEXT_NEW.bind_all::<0>(vm, args)?;
    if !bound.args.is_empty() || !bound.kwargs.is_empty() {
        return Err(vm.new_type_error("Context() does not accept any arguments".to_owned()));
    }
    let class = context_state(vm)?.context.clone();
    Ok(new_native_object(vm, &class, Context::new(Vec::new())))
}

/// A key of a context, which must be a `ContextVar`.
fn check_key(vm: &mut Vm, key: &Value) -> PyResult<()> {
    if native_data::<ContextVar>(key).is_none() {
        let shown = abstract_::repr_string(vm, key)?;
        return Err(vm.new_type_error(format!("a ContextVar key was expected, got {shown}")));
    }
    Ok(())
}

fn context_getitem(vm: &mut Vm, this: &Value, key: &Value) -> PyResult<Value> {
    check_key(vm, key)?;
    match context_of(vm, this)?.find(key) {
        Some(value) => Ok(value),
        None => Err(vm.new_key_error(key.clone())),
    }
}

fn context_contains(vm: &mut Vm, this: &Value, key: &Value) -> PyResult<bool> {
    check_key(vm, key)?;
    Ok(context_of(vm, this)?.find(key).is_some())
}

fn context_len(vm: &mut Vm, this: &Value) -> PyResult<usize> {
    Ok(context_of(vm, this)?.vars.borrow().len())
}

fn context_column(
    vm: &mut Vm,
    this: &Value,
    column: fn(&(Value, Value)) -> Value,
) -> PyResult<Value> {
    let items: Vec<Value> = context_of(vm, this)?
        .vars
        .borrow()
        .iter()
        .map(column)
        .collect();
    Ok(vm.new_list(items))
}

fn context_iter(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let keys = context_column(vm, this, |(var, _)| var.clone())?;
    abstract_::get_iter(vm, &keys)
}

/// `get(key, default=None, /)`.
fn context_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [key, default]) = CONTEXT_GET.bind(vm, args)?;
    let (this, key) = (given(this), given(key));
    check_key(vm, &key)?;
    Ok(context_of(vm, &this)?.find(&key).unwrap_or(given(default)))
}

fn context_keys(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CONTEXT_KEYS.bind(vm, args)?;
    context_column(vm, &given(this), |(var, _)| var.clone())
}

fn context_values(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CONTEXT_VALUES.bind(vm, args)?;
    context_column(vm, &given(this), |(_, value)| value.clone())
}

fn context_items(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CONTEXT_ITEMS.bind(vm, args)?;
    let this = given(this);
    let pairs = context_of(vm, &this)?.vars.borrow().clone();
    let items = pairs
        .into_iter()
        .map(|(var, value)| vm.new_tuple(vec![var, value]))
        .collect();
    Ok(vm.new_list(items))
}

fn context_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CONTEXT_COPY.bind(vm, args)?;
    let this = given(this);
    let copy = context_of(vm, &this)?.copy();
    let class = context_state(vm)?.context.clone();
    Ok(new_native_object(vm, &class, copy))
}

/// `run(callable, /, *args, **kwargs)`: calls `callable` with this context current.
fn context_run(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = CONTEXT_RUN.bind_all::<0>(vm, args)?;
    let this = given(bound.this);
    let mut pos = bound.args.into_iter();
    let Some(callable) = pos.next() else {
        return Err(vm.new_type_error("run() missing 1 required positional argument".to_owned()));
    };
    context_enter(vm, &this)?;
    let result = vm.call(
        &callable,
        Args {
            pos: pos.collect(),
            kw: bound.kwargs,
        },
    );
    context_exit(vm, &this)?;
    result
}

fn context_enter(vm: &mut Vm, this: &Value) -> PyResult<()> {
    if context_of(vm, this)?.entered.get() {
        let shown = abstract_::repr_string(vm, this)?;
        return Err(
            vm.new_runtime_error(format!("cannot enter context: {shown} is already entered"))
        );
    }
    let prev = current_context(vm)?;
    let ctx = context_of(vm, this)?;
    ctx.entered.set(true);
    *ctx.prev.borrow_mut() = Some(prev);
    *context_state(vm)?.current.borrow_mut() = Some(this.clone());
    Ok(())
}

fn context_exit(vm: &mut Vm, this: &Value) -> PyResult<()> {
    let ctx = context_of(vm, this)?;
    let prev = ctx.prev.borrow_mut().take();
    ctx.entered.set(false);
    let old = context_state(vm)?.current.replace(prev);
    drop(old);
    Ok(())
}

/// `==` and `!=` between contexts: the same variables with equal values.
fn context_richcompare(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    const EQ: usize = 2;
    const NE: usize = 3;
    let (Some(x), Some(y)) = (native_data::<Context>(a), native_data::<Context>(b)) else {
        return Ok(vm.not_implemented());
    };
    if op != EQ && op != NE {
        return Ok(vm.not_implemented());
    }
    let (xs, ys) = (x.vars.borrow().clone(), y.vars.borrow().clone());
    let mut equal = xs.len() == ys.len();
    for (var, value) in &xs {
        if !equal {
            break;
        }
        equal = match ys.iter().find(|(v, _)| v.is(var)) {
            Some((_, other)) => value.is(other) || abstract_::rich_eq_bool(vm, value, other)?,
            None => false,
        };
    }
    Ok(Value::Bool(equal == (op == EQ)))
}

// ---------------------------------------------------------------------------
// ContextVar

/// A context variable: its name and its default, if it has one.
struct ContextVar {
    name: Value,
    default: Option<Value>,
}

impl NativeData for ContextVar {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.name);
        self.default.iter().for_each(visit);
        true
    }
}

static CONTEXT_VAR_TYPE: NativeTypeSpec = NativeTypeSpec {
    new: Some(context_var_new),
    slots: &[
        NativeSlot::Hash(context_var_hash),
        NativeSlot::Repr(context_var_repr),
    ],
    methods: &[
        MethodDef::method("get", context_var_get)
            .with_signature(&CONTEXT_VAR_GET)
            .with_doc(
                "Return a value for the context variable for the current context.\n\n\
                 If there is no value for the variable in the current context, the method will:\n \
                 * return the value of the default argument of the method, if provided; or\n \
                 * return the default value for the context variable, if it was created\n   \
                 with one; or\n * raise a LookupError.",
            ),
        MethodDef::method("set", context_var_set)
            .with_signature(&CONTEXT_VAR_SET)
            .with_doc(
                "Call to set a new value for the context variable in the current context.\n\n\
                 The required value argument is the new value for the context variable.\n\n\
                 Returns a Token object that can be used to restore the variable to its previous\n\
                 value via the `ContextVar.reset()` method.",
            ),
        MethodDef::method("reset", context_var_reset)
            .with_signature(&CONTEXT_VAR_RESET)
            .with_doc(
                "Reset the context variable.\n\n\
                 The variable is reset to the value it had before the `ContextVar.set()` that\n\
                 created the token was used.",
            ),
        MethodDef::classmethod("__class_getitem__", context_var_class_getitem)
            .with_signature(&CONTEXT_VAR_CLASS_GETITEM)
            .with_doc("See PEP 585"),
    ],
    getsets: &[GetSet {
        name: "name",
        get: context_var_get_name,
        set: Some(readonly),
    }],
    ..NativeTypeSpec::new("ContextVar", "_contextvars")
};

static CONTEXT_VAR_NEW: Signature = Signature::new(
    "ContextVar",
    "($type, name, /, *, default=<unrepresentable>)",
)
.parse_tuple()
.not_listed();
static CONTEXT_VAR_GET: Signature = Signature::new("get", "($self, default=<unrepresentable>, /)");
static CONTEXT_VAR_SET: Signature = Signature::of("ContextVar", "set", "($self, value, /)");
static CONTEXT_VAR_RESET: Signature = Signature::of("ContextVar", "reset", "($self, token, /)");
static CONTEXT_VAR_CLASS_GETITEM: Signature =
    Signature::of("ContextVar", "__class_getitem__", "($type, item, /)").not_listed();

fn context_var_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a ContextVar> {
    native_data::<ContextVar>(this)
        .ok_or_else(|| vm.new_type_error("an instance of ContextVar was expected".to_owned()))
}

/// `ContextVar(name, /, *, default)`.
fn context_var_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_, [name, default]) = CONTEXT_VAR_NEW.bind(vm, args)?;
    let name = given(name);
    if abstract_::value_as_str(&name).is_none() {
        return Err(vm.new_type_error("context variable name must be a str".to_owned()));
    }
    let class = context_state(vm)?.context_var.clone();
    Ok(new_native_object(vm, &class, ContextVar { name, default }))
}

/// The name's hash mixed with the variable's address (`contextvar_generate_hash`).
fn context_var_hash(vm: &mut Vm, this: &Value) -> PyResult<i64> {
    let name = context_var_of(vm, this)?.name.clone();
    let name_hash = abstract_::hash(vm, &name)?;
    let addr = address(this) as u64;
    let hash = (addr.rotate_right(4) as i64) ^ name_hash;
    Ok(if hash == -1 { -2 } else { hash })
}

/// `<ContextVar name='x' default=1 at 0x...>`.
fn context_var_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let var = context_var_of(vm, this)?;
    let (name, default) = (var.name.clone(), var.default.clone());
    let mut text = format!("<ContextVar name={}", abstract_::repr_string(vm, &name)?);
    if let Some(default) = default {
        text.push_str(&format!(
            " default={}",
            abstract_::repr_string(vm, &default)?
        ));
    }
    text.push_str(&format!(" at {:#x}>", address(this)));
    Ok(vm.new_str(text))
}

/// `get([default])`: the value in the current context, else `default`, else the
/// variable's default, else LookupError.
fn context_var_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [default]) = CONTEXT_VAR_GET.bind(vm, args)?;
    let this = given(this);
    let own_default = context_var_of(vm, &this)?.default.clone();
    let ctx = current_context(vm)?;
    if let Some(value) = context_of(vm, &ctx)?.find(&this) {
        return Ok(value);
    }
    match default.or(own_default) {
        Some(value) => Ok(value),
        None => Err(lookup_error(vm, this)),
    }
}

fn lookup_error(vm: &mut Vm, var: Value) -> PyErr {
    let class = vm.exc(Exc::LookupError).clone();
    krait_vm::objects::exceptions::new_exception(vm, &class, vec![var])
}

/// `set(value)`: a token that can restore the value the variable had.
fn context_var_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [value]) = CONTEXT_VAR_SET.bind(vm, args)?;
    let this = given(this);
    context_var_of(vm, &this)?;
    let ctx = current_context(vm)?;
    let old = context_of(vm, &ctx)?.set(&this, given(value));
    let class = context_state(vm)?.token.clone();
    let token = Token {
        context: ctx,
        var: this,
        old,
        used: Cell::new(false),
    };
    Ok(new_native_object(vm, &class, token))
}

/// `reset(token)`: the value the variable had before the `set` that made `token`.
fn context_var_reset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [token]) = CONTEXT_VAR_RESET.bind(vm, args)?;
    let (this, token_value) = (given(this), given(token));
    let Some(token) = native_data::<Token>(&token_value) else {
        let shown = abstract_::repr_string(vm, &token_value)?;
        return Err(vm.new_type_error(format!("expected an instance of Token, got {shown}")));
    };
    if token.used.get() {
        let shown = abstract_::repr_string(vm, &token_value)?;
        return Err(vm.new_runtime_error(format!("{shown} has already been used once")));
    }
    if !token.var.is(&this) {
        let shown = abstract_::repr_string(vm, &token_value)?;
        return Err(vm.new_value_error(format!("{shown} was created by a different ContextVar")));
    }
    let ctx = current_context(vm)?;
    if !token.context.is(&ctx) {
        let shown = abstract_::repr_string(vm, &token_value)?;
        return Err(vm.new_value_error(format!("{shown} was created in a different Context")));
    }
    token.used.set(true);
    let context = context_of(vm, &ctx)?;
    let replaced = match token.old.clone() {
        Some(old) => context.set(&this, old),
        None => match context.remove(&this) {
            Some(value) => Some(value),
            None => return Err(lookup_error(vm, this)),
        },
    };
    drop(replaced);
    Ok(Value::None)
}

fn context_var_class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    generic_alias(vm, &CONTEXT_VAR_CLASS_GETITEM, args)
}

fn context_var_get_name(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(context_var_of(vm, this)?.name.clone())
}

// ---------------------------------------------------------------------------
// Token

/// What `ContextVar.set` changed: in which context, which variable, and the value
/// it had (none if it had none), and whether `reset` has used it.
struct Token {
    context: Value,
    var: Value,
    old: Option<Value>,
    used: Cell<bool>,
}

impl NativeData for Token {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.context);
        visit(&self.var);
        self.old.iter().for_each(visit);
        true
    }
}

static TOKEN_TYPE: NativeTypeSpec = NativeTypeSpec {
    new: Some(token_new),
    slots: &[NativeSlot::Repr(token_repr)],
    methods: &[
        MethodDef::classmethod("__class_getitem__", token_class_getitem)
            .with_signature(&TOKEN_CLASS_GETITEM)
            .with_doc("See PEP 585"),
    ],
    getsets: &[
        GetSet {
            name: "var",
            get: token_get_var,
            set: None,
        },
        GetSet {
            name: "old_value",
            get: token_get_old_value,
            set: None,
        },
    ],
    ..NativeTypeSpec::new("Token", "_contextvars")
};

static TOKEN_NEW: Signature = Signature::new("Token", "($type, *args, **kwargs)").not_listed();
static TOKEN_CLASS_GETITEM: Signature =
    Signature::of("Token", "__class_getitem__", "($type, item, /)").not_listed();

fn token_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Token> {
    native_data::<Token>(this)
        .ok_or_else(|| vm.new_type_error("an instance of Token was expected".to_owned()))
}

fn token_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    TOKEN_NEW.bind_all::<0>(vm, args)?;
    Err(vm.new_runtime_error("Tokens can only be created by ContextVars".to_owned()))
}

/// `<Token used var=<ContextVar ...> at 0x...>`.
fn token_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let token = token_of(vm, this)?;
    let (used, var) = (token.used.get(), token.var.clone());
    let var = abstract_::repr_string(vm, &var)?;
    let used = if used { " used" } else { "" };
    let text = format!("<Token{used} var={var} at {:#x}>", address(this));
    Ok(vm.new_str(text))
}

fn token_class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    generic_alias(vm, &TOKEN_CLASS_GETITEM, args)
}

fn token_get_var(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(token_of(vm, this)?.var.clone())
}

/// The value the variable had, or `Token.MISSING`.
fn token_get_old_value(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let old = token_of(vm, this)?.old.clone();
    match old {
        Some(old) => Ok(old),
        None => Ok(context_state(vm)?.missing.clone()),
    }
}

/// `Token.MISSING`, the old value of a variable that had none.
struct Missing;

impl NativeData for Missing {
    fn holds_values(&self) -> bool {
        false
    }
}

static MISSING_TYPE: NativeTypeSpec = NativeTypeSpec {
    slots: &[NativeSlot::Repr(missing_repr)],
    ..NativeTypeSpec::new("MISSING", "Token")
};

fn missing_repr(vm: &mut Vm, _this: &Value) -> PyResult<Value> {
    Ok(vm.new_str("<Token.MISSING>"))
}

// ---------------------------------------------------------------------------
// The module

static COPY_CONTEXT: Signature = Signature::of("_contextvars", "copy_context", "($module, /)");

/// `copy_context()`: a copy of the current context.
fn copy_context(vm: &mut Vm, args: Args) -> PyResult<Value> {
    COPY_CONTEXT.bind_args::<0>(vm, args)?;
    let ctx = current_context(vm)?;
    let copy = context_of(vm, &ctx)?.copy();
    let class = context_state(vm)?.context.clone();
    Ok(new_native_object(vm, &class, copy))
}

static FUNCTIONS: [MethodDef; 1] =
    [MethodDef::staticmethod("copy_context", copy_context).with_signature(&COPY_CONTEXT)];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_contextvars");
    let d = module_dict(&m).expect("a module has a dict");
    let doc = vm.new_str("Context Variables");
    dict::dict_set_str(vm, &d, "__doc__", doc);
    add_module_functions(vm, &d, "_contextvars", &FUNCTIONS);
    let context = new_native_type(vm, &CONTEXT_TYPE, None);
    let context_var = new_native_type(vm, &CONTEXT_VAR_TYPE, None);
    let token = new_native_type(vm, &TOKEN_TYPE, None);
    let missing_type = new_native_type(vm, &MISSING_TYPE, None);
    // Contexts and tokens are not hashable (`PyObject_HashNotImplemented`).
    set_type_attr(vm, &context, "__hash__", Value::None);
    set_type_attr(vm, &token, "__hash__", Value::None);
    let missing = new_native_object(vm, &missing_type, Missing);
    set_type_attr(vm, &token, "MISSING", missing.clone());
    for (name, ty) in [
        ("Context", &context),
        ("ContextVar", &context_var),
        ("Token", &token),
    ] {
        dict::dict_set_str(vm, &d, name, Value::Obj(ty.clone()));
    }
    vm.set_module_state(ContextState {
        context,
        context_var,
        token,
        missing,
        current: RefCell::new(None),
    });
    Ok(m)
}
