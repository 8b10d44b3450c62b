//! Functions (CPython's `Objects/funcobject.c`) and builtin functions
//! (`Objects/methodobject.c`).

use std::cell::RefCell;
use std::rc::Rc;

use crate::object::ObjRef;
use crate::objects::code::CodeData;
use crate::value::Value;
use crate::{PyResult, Vm};

/// Arguments of a call into native code: positional, then keyword (name, value).
#[derive(Default)]
pub struct Args {
    pub pos: ArgValues,
    pub kw: Vec<(ObjRef, Value)>,
}

/// Positional arguments: the few of a typical builtin call are held inline, so a
/// call like `l.append(x)` allocates nothing for them.
pub type ArgValues = smallvec::SmallVec<[Value; 4]>;

impl Args {
    pub fn new(pos: impl Into<ArgValues>) -> Args {
        Args {
            pos: pos.into(),
            kw: Vec::new(),
        }
    }

    /// The object a method is called on (if any) and the arguments after it,
    /// keywords kept.
    pub fn split_self(mut self) -> (Option<Value>, Args) {
        if self.pos.is_empty() {
            return (None, self);
        }
        let this = self.pos.remove(0);
        (Some(this), self)
    }

    /// The arguments after a method's `self`.
    pub fn after_self(&self) -> Args {
        Args {
            pos: self.pos.iter().skip(1).cloned().collect(),
            kw: self.kw.clone(),
        }
    }
}

pub type NativeFn = fn(&mut Vm, Args) -> PyResult<Value>;

/// A builtin's fast entry (CPython's `METH_O`/`METH_FASTCALL` without keywords, which
/// Argument Clinic writes beside the parser), declared with its signature: the
/// positional arguments, `self` first for a method, as a slice. The eval loop calls
/// it when a call passes no keywords and between `min` and `max` arguments; any other
/// call goes through the builtin's `func`, whose binding words the errors. Both must
/// behave alike on the calls the fast entry accepts.
#[derive(Clone, Copy)]
pub struct FastCall {
    pub min: u8,
    pub max: u8,
    pub func: FastFn,
}

/// A fast entry's function: the positional arguments as a slice.
pub type FastFn = fn(&mut Vm, &[Value]) -> PyResult<Value>;

impl FastCall {
    /// The most arguments a fast entry takes (the eval loop's buffer).
    pub const MAX_ARGS: u8 = 4;

    pub const fn new(min: u8, max: u8, func: FastFn) -> Self {
        assert!(min <= max && max <= Self::MAX_ARGS);
        FastCall { min, max, func }
    }
}

/// A function written in Rust; `this` is the bound object of a builtin method
/// (`[].append` carries its list).
#[derive(Clone)]
pub struct BuiltinFunction {
    pub name: &'static str,
    pub func: NativeFn,
    pub this: Option<Value>,
    pub module: Option<&'static str>,
    pub doc: Option<&'static str>,
    /// For a slot wrapper (`list.__len__`): how many arguments follow `self`, checked
    /// before the call (`slots::wrapper_arity`).
    pub wrapper_arity: Option<u8>,
    /// For a slot wrapper of a slot written in Rust: the slot it calls.
    pub slot: Option<crate::slots::NativeSlot>,
    /// The declared signature, for `__text_signature__`.
    pub signature: Option<&'static crate::signature::Signature>,
    /// For a method-wrapper (`(1).__add__`): the class of the slot wrapper it
    /// binds, its `__objclass__`.
    pub objclass: Option<ObjRef>,
}

impl BuiltinFunction {
    /// `__text_signature__`: the declared one, or a slot wrapper's fixed form.
    pub fn text_signature(&self, is_wrapper: bool) -> Option<&'static str> {
        if let Some(sig) = self.signature {
            // A slot wrapper whose declared signature is not shown shows the slot's.
            if sig.text_signature().is_some() || !is_wrapper {
                return sig.text_signature();
            }
        }
        if is_wrapper || self.slot.is_some() || self.wrapper_arity.is_some() {
            return crate::slots::wrapper_text_signature(self.name);
        }
        None
    }
}

pub struct FunctionData {
    pub code: RefCell<(ObjRef, Rc<CodeData>)>,
    pub globals: ObjRef,
    pub builtins: ObjRef,
    pub name: RefCell<Value>,
    pub qualname: RefCell<Value>,
    /// `__defaults__`: a tuple or `None`.
    pub defaults: RefCell<Value>,
    /// `__kwdefaults__`: a dict or `None`.
    pub kwdefaults: RefCell<Value>,
    /// `__closure__`: a tuple of cells or `None`.
    pub closure: Value,
    pub doc: RefCell<Value>,
    pub module: RefCell<Value>,
    /// `__annotations__`: a dict, a tuple of (name, annotation) pairs as
    /// MAKE_FUNCTION gives it, or `None`.
    pub annotations: RefCell<Value>,
}

impl FunctionData {
    pub fn code_data(&self) -> Rc<CodeData> {
        self.code.borrow().1.clone()
    }
}

// ---------------------------------------------------------------------------
// MAKE_FUNCTION and the attributes of functions, methods and builtins

use crate::abstract_;
use crate::object::{Payload, PyObject};
use crate::objects::{add_getset, add_method, add_method_sig};
use crate::signature::{given, Signature};
use crate::slots::NativeSlot;
use crate::Exc;
use crate::Vm as VmState;

/// `MAKE_FUNCTION flags`: (defaults?, kwdefaults?, annotations?, closure?, code -- function).
pub fn make_function(vm: &mut VmState, flags: usize) -> PyResult<Value> {
    let pop = |vm: &mut VmState| vm.stack.pop().flatten().unwrap_or(Value::None);
    let code_value = pop(vm);
    let closure = if flags & 8 != 0 { pop(vm) } else { Value::None };
    let annotations = if flags & 4 != 0 { pop(vm) } else { Value::None };
    let kwdefaults = if flags & 2 != 0 { pop(vm) } else { Value::None };
    let defaults = if flags & 1 != 0 { pop(vm) } else { Value::None };
    let Value::Obj(code_obj) = &code_value else {
        return Err(vm.new_type_error("MAKE_FUNCTION expects a code object".to_owned()));
    };
    let Payload::Code(code) = &code_obj.payload else {
        return Err(vm.new_type_error("MAKE_FUNCTION expects a code object".to_owned()));
    };
    let frame = vm.frames.last().expect("MAKE_FUNCTION runs in a frame");
    let (globals, builtins) = (frame.globals.clone(), frame.builtins.clone());
    let parts = FunctionParts {
        defaults,
        kwdefaults,
        annotations,
        closure,
    };
    Ok(new_function(vm, code_obj, code, globals, builtins, parts))
}

/// What `MAKE_FUNCTION` or `function(...)` gives a function besides its code.
pub struct FunctionParts {
    pub defaults: Value,
    pub kwdefaults: Value,
    pub annotations: Value,
    pub closure: Value,
}

/// A function over `code` (whose object is `code_obj`), named after it, with its
/// docstring and `__module__` from `globals` (CPython's `PyFunction_New`).
pub fn new_function(
    vm: &mut VmState,
    code_obj: &ObjRef,
    code: &Rc<crate::objects::code::CodeData>,
    globals: ObjRef,
    builtins: ObjRef,
    parts: FunctionParts,
) -> Value {
    // The code's own str objects, as `PyFunction_New` takes them.
    let name = Value::Obj(code.name.clone());
    let qualname = Value::Obj(code.qualname.clone());
    let doc = match code.consts().first() {
        Some(v) if abstract_::value_as_str(v).is_some() && code.code.flags & 0x4000000 == 0 => {
            v.clone()
        }
        _ => Value::None,
    };
    let doc = if has_docstring(code) {
        doc
    } else {
        Value::None
    };
    let module = module_name(vm, &globals);
    let data = FunctionData {
        code: RefCell::new((code_obj.clone(), code.clone())),
        globals,
        builtins,
        name: RefCell::new(name),
        qualname: RefCell::new(qualname),
        defaults: RefCell::new(parts.defaults),
        kwdefaults: RefCell::new(parts.kwdefaults),
        closure: parts.closure,
        doc: RefCell::new(doc),
        module: RefCell::new(module),
        annotations: RefCell::new(parts.annotations),
    };
    let f = PyObject::new(vm.types.function.clone(), Payload::Function(Box::new(data)));
    Value::Obj(f)
}

/// `globals['__name__']`, a new function's `__module__`: looked up with the hash
/// the interned name keeps, not hashed again for every function made.
fn module_name(vm: &VmState, globals: &ObjRef) -> Value {
    // The interned text itself is looked for: a module's `__name__` key is that
    // same str, found by address without comparing the text.
    let found = match (
        vm.dunder_name.str_data(),
        crate::objects::dict::as_dict(globals),
    ) {
        (Some(key), Some(d)) => d.borrow().get_str_hashed(key.hash(), key.as_str()),
        _ => crate::objects::dict::dict_get_str(globals, "__name__"),
    };
    found.unwrap_or(Value::None)
}

static FUNCTION_NEW: Signature = Signature::new(
    "function",
    "(code, globals, name=None, argdefs=None, closure=None)",
);

/// `function(code, globals, name=None, argdefs=None, closure=None)`.
fn function_new(vm: &mut VmState, args: Args) -> PyResult<Value> {
    let (_cls, rest) = args.split_self();
    let [code, globals, name, argdefs, closure] = FUNCTION_NEW.bind_args(vm, rest)?;
    let code = given(code);
    let globals = given(globals);
    let name = name.unwrap_or(Value::None);
    let defaults = argdefs.unwrap_or(Value::None);
    let closure = closure.unwrap_or(Value::None);
    let (code_obj, code_data) = match &code {
        Value::Obj(o) => match &o.payload {
            Payload::Code(c) => (o.clone(), c.clone()),
            _ => return Err(argument_type(vm, "code", "code", &code)),
        },
        _ => return Err(argument_type(vm, "code", "code", &code)),
    };
    let globals_dict = match &globals {
        Value::Obj(o) if matches!(o.payload, Payload::Dict(_)) => o.clone(),
        _ => return Err(argument_type(vm, "globals", "dict", &globals)),
    };
    if !name.is_none() && abstract_::value_as_str(&name).is_none() {
        return Err(vm.new_type_error("arg 3 (name) must be None or string".to_owned()));
    }
    if !defaults.is_none() && abstract_::tuple_items(&defaults).is_none() {
        return Err(vm.new_type_error("arg 4 (defaults) must be None or tuple".to_owned()));
    }
    let nfree = code_data.code.freevars().len();
    let cells = match abstract_::tuple_items(&closure) {
        Some(cells) => cells,
        None if closure.is_none() && nfree > 0 => {
            return Err(vm.new_type_error("arg 5 (closure) must be tuple".to_owned()))
        }
        None if !closure.is_none() => {
            return Err(vm.new_type_error("arg 5 (closure) must be None or tuple".to_owned()))
        }
        None => Vec::new(),
    };
    if cells.len() != nfree {
        return Err(vm.new_value_error(format!(
            "{} requires closure of length {nfree}, not {}",
            code_data.code.name,
            cells.len()
        )));
    }
    if let Some(bad) = cells
        .iter()
        .find(|c| !matches!(c, Value::Obj(o) if matches!(o.payload, Payload::Cell(_))))
    {
        return Err(vm.new_type_error(format!(
            "arg 5 (closure) expected cell, found {}",
            vm.type_name_of(bad)
        )));
    }
    let builtins = crate::import::builtins_of_globals(vm, &globals_dict).unwrap_or_else(|| {
        vm.frames
            .last()
            .map_or_else(|| vm.builtins_dict.clone(), |frame| frame.builtins.clone())
    });
    let parts = FunctionParts {
        defaults,
        kwdefaults: Value::None,
        annotations: Value::None,
        closure,
    };
    let f = new_function(vm, &code_obj, &code_data, globals_dict, builtins, parts);
    if !name.is_none() {
        if let Some(data) = function_data(&f) {
            *data.name.borrow_mut() = name;
        }
    }
    Ok(f)
}

fn argument_type(vm: &mut VmState, arg: &str, expected: &str, got: &Value) -> crate::PyErr {
    vm.new_type_error(format!(
        "function() argument '{arg}' must be {expected}, not {}",
        vm.type_name_of(got)
    ))
}

/// A function's docstring is its first constant when its body began with a string
/// expression; the compiler puts `None` first otherwise.
fn has_docstring(code: &crate::objects::code::CodeData) -> bool {
    matches!(code.consts().first(), Some(v) if abstract_::value_as_str(v).is_some())
}

fn function_data(v: &Value) -> Option<&FunctionData> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Function(f) => Some(f),
            _ => None,
        },
        _ => None,
    }
}

/// A function attribute kept in a field, and what the field accepts (CPython's
/// `func_set_*` checks and their messages).
macro_rules! function_field {
    ($vm:expr, $ty:expr, $name:literal, $field:ident, $accepts:expr) => {
        add_getset(
            $vm,
            $ty,
            $name,
            |_, v| {
                Ok(function_data(v)
                    .map(|f| f.$field.borrow().clone())
                    .unwrap_or(Value::None))
            },
            Some(|vm, v, new| {
                let new = $accepts(vm, new)?;
                if let Some(f) = function_data(v) {
                    let old = std::mem::replace(&mut *f.$field.borrow_mut(), new);
                    drop(old);
                }
                Ok(())
            }),
        );
    };
}

/// Any value; deleting leaves None.
fn any_value(_vm: &mut Vm, new: Option<Value>) -> PyResult<Value> {
    Ok(new.unwrap_or(Value::None))
}

/// A str, never deleted (`__name__`, `__qualname__`).
fn string_field(vm: &mut Vm, new: Option<Value>, name: &str) -> PyResult<Value> {
    match new {
        Some(v) if crate::objects::str::as_pystr(&v).is_some() => Ok(v),
        _ => Err(vm.new_type_error(format!("{name} must be set to a string object"))),
    }
}

/// None (or deleted) or a value `fits` accepts (`__defaults__`, `__kwdefaults__`).
fn optional_field(
    vm: &mut Vm,
    new: Option<Value>,
    fits: fn(&Value) -> bool,
    message: &str,
) -> PyResult<Value> {
    match new {
        None | Some(Value::None) => Ok(Value::None),
        Some(v) if fits(&v) => Ok(v),
        Some(_) => Err(vm.new_type_error(message.to_owned())),
    }
}

fn is_tuple(v: &Value) -> bool {
    abstract_::tuple_items(v).is_some()
}

fn is_dict(v: &Value) -> bool {
    v.as_obj()
        .is_some_and(|o| crate::objects::dict::as_dict(o).is_some())
}

pub fn init(vm: &mut VmState) {
    let t = &vm.types;
    let callables = [
        t.function.clone(),
        t.builtin_function.clone(),
        t.method_wrapper.clone(),
        t.method.clone(),
        t.method_descriptor.clone(),
        t.wrapper_descriptor.clone(),
        t.classmethod_descriptor.clone(),
    ];
    for ty in callables {
        crate::native::add_slot(vm, &ty, NativeSlot::Call(call_callable));
    }
    let ty = vm.types.function.clone();
    crate::objects::typeobject::type_data(&ty)
        .instance_dict
        .set(true);
    crate::objects::add_new(vm, &ty, function_new);
    function_field!(vm, &ty, "__name__", name, |vm, new| string_field(
        vm, new, "__name__"
    ));
    function_field!(vm, &ty, "__qualname__", qualname, |vm, new| string_field(
        vm,
        new,
        "__qualname__"
    ));
    function_field!(vm, &ty, "__defaults__", defaults, |vm, new| optional_field(
        vm,
        new,
        is_tuple,
        "__defaults__ must be set to a tuple object"
    ));
    function_field!(vm, &ty, "__kwdefaults__", kwdefaults, |vm, new| {
        optional_field(
            vm,
            new,
            is_dict,
            "__kwdefaults__ must be set to a dict object",
        )
    });
    function_field!(vm, &ty, "__doc__", doc, any_value);
    function_field!(vm, &ty, "__module__", module, any_value);
    add_getset(
        vm,
        &ty,
        "__annotations__",
        |vm, v| {
            let Some(f) = function_data(v) else {
                return Ok(Value::None);
            };
            let current = f.annotations.borrow().clone();
            let d = match &current {
                Value::Obj(o) if crate::objects::dict::as_dict(o).is_some() => {
                    return Ok(current.clone())
                }
                Value::Obj(_) => {
                    // MAKE_FUNCTION leaves a flat tuple (name, value, name, value ...).
                    let items = abstract_::tuple_items(&current).unwrap_or_default();
                    let d = vm.new_dict();
                    for pair in items.chunks(2) {
                        if let [k, v] = pair {
                            crate::objects::dict::dict_set_item(vm, &d, k.clone(), v.clone())?;
                        }
                    }
                    d
                }
                _ => vm.new_dict(),
            };
            *f.annotations.borrow_mut() = Value::Obj(d.clone());
            Ok(Value::Obj(d))
        },
        Some(|vm, v, new| {
            let new = optional_field(
                vm,
                new,
                is_dict,
                "__annotations__ must be set to a dict object",
            )?;
            if let Some(f) = function_data(v) {
                let old = std::mem::replace(&mut *f.annotations.borrow_mut(), new);
                drop(old);
            }
            Ok(())
        }),
    );
    add_getset(
        vm,
        &ty,
        "__code__",
        |_, v| {
            Ok(function_data(v)
                .map(|f| Value::Obj(f.code.borrow().0.clone()))
                .unwrap_or(Value::None))
        },
        Some(|vm, v, new| {
            let Some(f) = function_data(v) else {
                return Ok(());
            };
            let code = match &new {
                Some(Value::Obj(o)) => match &o.payload {
                    Payload::Code(c) => Some((o.clone(), c.clone())),
                    _ => None,
                },
                _ => None,
            };
            let Some((object, code)) = code else {
                return Err(vm.new_type_error("__code__ must be set to a code object".to_owned()));
            };
            // The closure holds a cell per free variable of the code it runs.
            let free = code.code.freevars().len();
            let cells = abstract_::tuple_items(&f.closure).map_or(0, |c| c.len());
            if free != cells {
                let name = abstract_::str_string(vm, &f.name.borrow().clone())?;
                return Err(vm.new_value_error(format!(
                    "{name}() requires a code object with {cells} free vars, not {free}"
                )));
            }
            let old = std::mem::replace(&mut *f.code.borrow_mut(), (object, code));
            drop(old);
            Ok(())
        }),
    );
    add_getset(
        vm,
        &ty,
        "__globals__",
        |_, v| {
            Ok(function_data(v)
                .map(|f| Value::Obj(f.globals.clone()))
                .unwrap_or(Value::None))
        },
        Some(crate::objects::readonly_member),
    );
    add_getset(
        vm,
        &ty,
        "__builtins__",
        |_, v| {
            Ok(function_data(v)
                .map(|f| Value::Obj(f.builtins.clone()))
                .unwrap_or(Value::None))
        },
        Some(crate::objects::readonly_member),
    );
    add_getset(
        vm,
        &ty,
        "__closure__",
        |_, v| {
            Ok(function_data(v)
                .map(|f| f.closure.clone())
                .unwrap_or(Value::None))
        },
        Some(crate::objects::readonly_member),
    );
    add_getset(
        vm,
        &ty,
        "__dict__",
        instance_dict,
        Some(crate::objects::typeobject::set_instance_dict),
    );
    crate::native::add_slot(
        vm,
        &ty,
        crate::slots::NativeSlot::Repr(|vm, this| {
            let v = this;
            let q = function_data(v)
                .map(|f| {
                    abstract_::value_as_str(&f.qualname.borrow())
                        .unwrap_or("?")
                        .to_owned()
                })
                .unwrap_or_default();
            let id = v.as_obj().map(crate::object::object_id).unwrap_or(0);
            Ok(vm.new_str(format!("<function {q} at {id:#x}>")))
        }),
    );

    let method = vm.types.method.clone();
    add_getset(
        vm,
        &method,
        "__doc__",
        |vm, v| {
            let func = method_parts(v).0;
            Ok(abstract_::getattr_optional(vm, &func, "__doc__")?.unwrap_or(Value::None))
        },
        None,
    );
    crate::objects::add_new(vm, &method, method_new);
    add_getset(vm, &method, "__func__", |_, v| Ok(method_parts(v).0), None);
    add_getset(vm, &method, "__self__", |_, v| Ok(method_parts(v).1), None);
    add_method_sig(vm, &method, &METHOD_REDUCE, |vm, args| {
        let (me, []) = METHOD_REDUCE.bind(vm, args)?;
        let me = given(me);
        // `getattr(obj, name)` gets the method back.
        let (func, this_obj) = method_parts(&me);
        let name = abstract_::getattr_str(vm, &func, "__name__")?;
        let getattr =
            crate::objects::dict::dict_get_str(&vm.builtins_dict, "getattr").unwrap_or(Value::None);
        let args = vm.new_tuple(vec![this_obj, name]);
        Ok(vm.new_tuple(vec![getattr, args]))
    });
    crate::native::add_slot(vm, &method, NativeSlot::GetAttr(method_getattro));
    crate::native::add_slot(
        vm,
        &method,
        crate::slots::NativeSlot::Repr(|vm, me| {
            let (func, this_obj) = method_parts(me);
            // `__qualname__`, else `__name__`; a name that is no str shows as `?`.
            let name = match abstract_::getattr_optional(vm, &func, "__qualname__")? {
                Some(q) => Some(q),
                None => abstract_::getattr_optional(vm, &func, "__name__")?,
            };
            let q = name
                .and_then(|q| abstract_::value_as_str(&q).map(str::to_owned))
                .unwrap_or_else(|| "?".to_owned());
            let r = abstract_::repr_string(vm, &this_obj)?;
            Ok(vm.new_str(format!("<bound method {q} of {r}>")))
        }),
    );
    crate::native::add_slot(vm, &method, NativeSlot::RichCompare(method_richcompare));
    crate::native::add_slot(vm, &method, NativeSlot::Hash(method_hash));

    let builtin = vm.types.builtin_function.clone();
    crate::native::add_slot(vm, &builtin, NativeSlot::RichCompare(builtin_richcompare));
    crate::native::add_slot(vm, &builtin, NativeSlot::Hash(builtin_hash));
    add_method(vm, &builtin, "__reduce__", builtin_reduce);
    add_getset(
        vm,
        &builtin,
        "__name__",
        |vm, v| {
            let name = builtin_data(v).map(|f| f.name).unwrap_or("?");
            Ok(vm.new_str(name))
        },
        None,
    );
    add_getset(
        vm,
        &builtin,
        "__qualname__",
        |vm, v| {
            let f = builtin_data(v);
            let name = f.map(|f| f.name).unwrap_or("?");
            match f.and_then(|f| f.this.clone().or_else(|| static_owner(vm, f))) {
                Some(Value::Obj(o)) if o.type_data().is_some() => Ok(vm.new_str(format!(
                    "{}.{name}",
                    crate::objects::typeobject::type_name(&o)
                ))),
                Some(this_obj) if !matches!(&this_obj, Value::Obj(o) if matches!(o.payload, Payload::Module(_))) =>
                {
                    let t = vm.type_name_of(&this_obj);
                    Ok(vm.new_str(format!("{t}.{name}")))
                }
                _ => Ok(vm.new_str(name)),
            }
        },
        None,
    );
    add_getset(
        vm,
        &builtin,
        "__self__",
        |vm, v| {
            let Some(f) = builtin_data(v) else {
                return Ok(Value::None);
            };
            if let Some(this) = &f.this {
                return Ok(this.clone());
            }
            // A module's function is bound to its module, which it is never passed.
            let module = f
                .module
                .and_then(|m| crate::objects::dict::dict_get_str(&vm.modules, m));
            Ok(module.unwrap_or(Value::None))
        },
        None,
    );
    add_getset(
        vm,
        &builtin,
        "__module__",
        |vm, v| {
            Ok(match builtin_data(v).and_then(|f| f.module) {
                Some(m) => vm.new_str(m),
                None => Value::None,
            })
        },
        None,
    );
    add_getset(
        vm,
        &builtin,
        "__doc__",
        |vm, v| {
            Ok(match builtin_data(v).and_then(|f| f.doc) {
                Some(d) => vm.new_str(d),
                None => Value::None,
            })
        },
        None,
    );
    add_getset(vm, &builtin, "__text_signature__", text_signature, None);
    let classmethod_descr = vm.types.classmethod_descriptor.clone();
    add_getset(
        vm,
        &classmethod_descr,
        "__text_signature__",
        text_signature,
        None,
    );
    add_getset(vm, &classmethod_descr, "__doc__", descriptor_doc, None);
    crate::native::add_slot(
        vm,
        &builtin,
        crate::slots::NativeSlot::Repr(|vm, this| {
            let v = this;
            let f = builtin_data(v);
            let name = f.map(|f| f.name).unwrap_or("?");
            let s = match f.and_then(|f| f.this.clone()) {
                None => format!("<built-in function {name}>"),
                Some(Value::Obj(o)) if matches!(o.payload, Payload::Module(_)) => {
                    format!("<built-in function {name}>")
                }
                Some(obj) => {
                    let t = vm.type_name_of(&obj);
                    let id = obj.as_obj().map(crate::object::object_id).unwrap_or(0);
                    format!("<built-in method {name} of {t} object at {id:#x}>")
                }
            };
            Ok(vm.new_str(s))
        }),
    );
    init_method_wrapper(vm);
    let descr = vm.types.method_descriptor.clone();
    crate::native::add_slot(
        vm,
        &descr,
        crate::slots::NativeSlot::Repr(|vm, this| {
            let v = this;
            let name = match &v {
                Value::Obj(o) => match &o.payload {
                    Payload::MethodDescriptor(f) => f.name,
                    _ => "?",
                },
                _ => "?",
            };
            let (_, owner) = descriptor_parts(v);
            Ok(vm.new_str(format!("<method '{name}' of '{owner}' objects>")))
        }),
    );
    add_getset(
        vm,
        &descr,
        "__name__",
        |vm, v| {
            let name = match v {
                Value::Obj(o) => match &o.payload {
                    Payload::MethodDescriptor(f) => f.name,
                    _ => "?",
                },
                _ => "?",
            };
            Ok(vm.new_str(name))
        },
        None,
    );
}

fn method_parts(v: &Value) -> (Value, Value) {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Method { func, this } => (func.clone(), this.clone()),
            _ => (Value::None, Value::None),
        },
        _ => (Value::None, Value::None),
    }
}

/// Bound methods are equal when their functions are equal and they are bound to
/// the same object (CPython's `method_richcompare`); they have no order.
fn method_richcompare(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    use krait_bytecode::opcode_table::{CMP_EQ, CMP_NE};
    let is_method =
        |v: &Value| matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Method { .. }));
    if !(op == CMP_EQ || op == CMP_NE) || !is_method(a) || !is_method(b) {
        return Ok(vm.not_implemented());
    }
    let ((func_a, self_a), (func_b, self_b)) = (method_parts(a), method_parts(b));
    let equal = abstract_::rich_eq_bool(vm, &func_a, &func_b)? && self_a.is(&self_b);
    Ok(Value::Bool(equal == (op == CMP_EQ)))
}

/// The hash of the function combined with the identity of the object bound, so
/// that equal methods hash alike.
fn method_hash(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let (func, this) = method_parts(v);
    let h = crate::object::identity_hash(&this) ^ abstract_::hash(vm, &func)?;
    Ok(if h == -1 { -2 } else { h })
}

/// `__doc__` of a method, classmethod or slot descriptor: the doc its definition
/// gives, if any.
fn descriptor_doc(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let doc = match v {
        Value::Obj(o) => match &o.payload {
            Payload::MethodDescriptor(f) | Payload::ClassMethodDescriptor(f) => f.doc,
            _ => None,
        },
        _ => None,
    };
    Ok(doc.map_or(Value::None, |d| vm.new_str(d)))
}

/// Builtin functions and methods (and method-wrappers) are equal when they run
/// the same code for the same object (CPython's `meth_richcompare`,
/// `wrapper_richcompare`): `[].append == [].append` is false, `l.append ==
/// l.append` true. They have no order.
fn builtin_richcompare(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    use krait_bytecode::opcode_table::{CMP_EQ, CMP_NE};
    let (Some(fa), Some(fb)) = (builtin_data(a), builtin_data(b)) else {
        return Ok(vm.not_implemented());
    };
    if !(op == CMP_EQ || op == CMP_NE) || !Rc::ptr_eq(&vm.type_of(a), &vm.type_of(b)) {
        return Ok(vm.not_implemented());
    }
    let same_self = match (&fa.this, &fb.this) {
        (Some(x), Some(y)) => x.is(y),
        (None, None) => true,
        _ => false,
    };
    let equal = same_self && same_code(fa, fb);
    Ok(Value::Bool(equal == (op == CMP_EQ)))
}

/// Whether two builtin function objects run the same code.
fn same_code(a: &BuiltinFunction, b: &BuiltinFunction) -> bool {
    std::ptr::fn_addr_eq(a.func, b.func) && a.name == b.name && a.module == b.module
}

/// The identity of the object bound combined with the code run, so that equal
/// builtin methods hash alike.
fn builtin_hash(_vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let Some(f) = builtin_data(v) else {
        return Ok(crate::object::identity_hash(v));
    };
    let this = f.this.as_ref().map_or(0, crate::object::identity_hash);
    let code = (f.func as usize as i64).rotate_right(4) ^ crate::pyhash::hash_str(f.name);
    let h = this ^ code;
    Ok(if h == -1 { -2 } else { h })
}

fn builtin_data(v: &Value) -> Option<&BuiltinFunction> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::BuiltinFunction(f) => Some(f),
            _ => None,
        },
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Cells (CPython's `Objects/cellobject.c`)

/// `method-wrapper`: a slot wrapper bound to an instance (`(1).__add__`).
fn init_method_wrapper(vm: &mut VmState) {
    let ty = vm.types.method_wrapper.clone();
    crate::native::add_slot(vm, &ty, NativeSlot::RichCompare(builtin_richcompare));
    crate::native::add_slot(vm, &ty, NativeSlot::Hash(builtin_hash));
    add_getset(
        vm,
        &ty,
        "__name__",
        |vm, v| Ok(vm.new_str(builtin_data(v).map_or("?", |f| f.name))),
        None,
    );
    add_getset(
        vm,
        &ty,
        "__qualname__",
        |vm, v| {
            let name = builtin_data(v).map_or("?", |f| f.name);
            let owner = wrapper_objclass(v)
                .map(|class| crate::objects::typeobject::type_name(&class))
                .unwrap_or_default();
            Ok(vm.new_str(format!("{owner}.{name}")))
        },
        None,
    );
    add_getset(
        vm,
        &ty,
        "__objclass__",
        |vm, v| match wrapper_objclass(v) {
            Some(class) => Ok(Value::Obj(class)),
            None => Err(vm.new_attribute_error(
                "'method-wrapper' object has no attribute '__objclass__'".to_owned(),
            )),
        },
        None,
    );
    add_getset(
        vm,
        &ty,
        "__self__",
        |_, v| {
            Ok(builtin_data(v)
                .and_then(|f| f.this.clone())
                .unwrap_or(Value::None))
        },
        None,
    );
    add_getset(vm, &ty, "__text_signature__", text_signature, None);
    add_getset(vm, &ty, "__doc__", |_, _| Ok(Value::None), None);
    add_method(vm, &ty, "__reduce__", reduce_by_getattr);
    crate::native::add_slot(
        vm,
        &ty,
        crate::slots::NativeSlot::Repr(|vm, this| {
            let v = this;
            let name = builtin_data(v).map_or("?", |f| f.name);
            let this_obj = builtin_data(v)
                .and_then(|f| f.this.clone())
                .unwrap_or(Value::None);
            let t = vm.type_name_of(&this_obj);
            let id = this_obj.as_obj().map(crate::object::object_id).unwrap_or(0);
            Ok(vm.new_str(format!(
                "<method-wrapper '{name}' of {t} object at {id:#x}>"
            )))
        }),
    );
}

/// The class whose slot wrapper a method-wrapper binds (`(1).__add__` -> `int`),
/// kept when it was bound (CPython keeps the descriptor itself).
fn wrapper_objclass(v: &Value) -> Option<ObjRef> {
    builtin_data(v)?.objclass.clone()
}

/// A bound method's attributes are its own, then its function's.
fn method_getattro(vm: &mut VmState, m: &Value, name: &ObjRef) -> PyResult<Value> {
    let class = vm.type_of(m);
    match abstract_::generic_getattr(vm, m, &class, name) {
        Ok(v) => Ok(v),
        Err(err) if vm.err_matches(&err, Exc::AttributeError) => {
            let func = method_parts(m).0;
            abstract_::getattr(vm, &func, name)
        }
        Err(err) => Err(err),
    }
}

/// The call slot of the function and method types: `vm.call` knows their layouts.
fn call_callable(vm: &mut VmState, this: &Value, args: Args) -> PyResult<Value> {
    vm.call(this, args)
}

/// What a cell holds, None when it is empty or `v` is not a cell.
fn cell_contents(v: &Value) -> Option<Value> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Cell(c) => c.borrow().clone(),
            _ => None,
        },
        _ => None,
    }
}

fn is_cell(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Cell(_)))
}

/// `cell([contents])`: a new cell, empty without an argument.
fn cell_new(vm: &mut VmState, args: Args) -> PyResult<Value> {
    static NEW: Signature = Signature::new("cell", "($type, contents=<unrepresentable>, /)");
    let (_, [contents]) = NEW.bind(vm, args)?;
    Ok(Value::Obj(PyObject::new(
        vm.types.cell.clone(),
        Payload::Cell(RefCell::new(contents)),
    )))
}

/// Cells compare by their contents; an empty cell comes before any other.
fn cell_richcompare(vm: &mut VmState, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    if !is_cell(a) || !is_cell(b) {
        return Ok(vm.not_implemented());
    }
    match (cell_contents(a), cell_contents(b)) {
        (Some(x), Some(y)) => abstract_::compare(vm, &x, &y, op),
        (x, y) => Ok(Value::Bool(abstract_::ordering_result(
            Some(x.is_some().cmp(&y.is_some())),
            op,
        ))),
    }
}

pub fn init_cell(vm: &mut VmState) {
    let ty = vm.types.cell.clone();
    crate::objects::add_new(vm, &ty, cell_new);
    crate::native::add_slot(vm, &ty, NativeSlot::RichCompare(cell_richcompare));
    add_getset(
        vm,
        &ty,
        "cell_contents",
        |vm, v| cell_contents(v).ok_or_else(|| vm.new_value_error("Cell is empty".to_owned())),
        Some(|_, v, new| {
            if let Value::Obj(o) = v {
                if let Payload::Cell(c) = &o.payload {
                    *c.borrow_mut() = new;
                }
            }
            Ok(())
        }),
    );
    crate::native::add_slot(
        vm,
        &ty,
        crate::slots::NativeSlot::Repr(|vm, this| {
            let v = this;
            let id = v.as_obj().map(crate::object::object_id).unwrap_or(0);
            let s = match cell_contents(v) {
                None => format!("<cell at {id:#x}: empty>"),
                Some(c) => {
                    let cid = match &c {
                        Value::Obj(o) => crate::object::object_id(o),
                        _ => 0,
                    };
                    format!(
                        "<cell at {id:#x}: {} object at {cid:#x}>",
                        vm.type_name_of(&c)
                    )
                }
            };
            Ok(vm.new_str(s))
        }),
    );
    for descr_type in [
        vm.types.method_descriptor.clone(),
        vm.types.wrapper_descriptor.clone(),
    ] {
        add_getset(
            vm,
            &descr_type,
            "__qualname__",
            |vm, v| {
                let (name, owner) = descriptor_parts(v);
                Ok(vm.new_str(format!("{owner}.{name}")))
            },
            None,
        );
        add_getset(
            vm,
            &descr_type,
            "__objclass__",
            |_, v| {
                Ok(match v {
                    Value::Obj(o) => match &o.payload {
                        Payload::MethodDescriptor(f) => f.this.clone().unwrap_or(Value::None),
                        _ => Value::None,
                    },
                    _ => Value::None,
                })
            },
            None,
        );
        add_getset(vm, &descr_type, "__doc__", descriptor_doc, None);
        add_getset(vm, &descr_type, "__text_signature__", text_signature, None);
        add_method(vm, &descr_type, "__reduce__", reduce_by_getattr);
    }
    let wrapper = vm.types.wrapper_descriptor.clone();
    crate::native::add_slot(
        vm,
        &wrapper,
        crate::slots::NativeSlot::Repr(|vm, me| {
            let (name, owner) = descriptor_parts(me);
            Ok(vm.new_str(format!("<slot wrapper '{name}' of '{owner}' objects>")))
        }),
    );
    add_getset(
        vm,
        &wrapper,
        "__name__",
        |vm, v| {
            let (name, _) = descriptor_parts(v);
            Ok(vm.new_str(name))
        },
        None,
    );
}

/// `__text_signature__` of a builtin function or method descriptor.
fn text_signature(vm: &mut VmState, v: &Value) -> PyResult<Value> {
    let text = match v {
        Value::Obj(o) => match &o.payload {
            Payload::BuiltinFunction(f)
            | Payload::MethodDescriptor(f)
            | Payload::ClassMethodDescriptor(f) => {
                let class = o.class_ref();
                let is_wrapper = std::ptr::eq(class, &*vm.types.wrapper_descriptor)
                    || std::ptr::eq(class, &*vm.types.method_wrapper);
                f.text_signature(is_wrapper)
            }
            _ => None,
        },
        _ => None,
    };
    Ok(match text {
        Some(text) => vm.new_str(text),
        None => Value::None,
    })
}

/// (method name, owner type name) of a method or slot descriptor.
/// The builtin type a static method of a builtin type belongs to (CPython keeps
/// it as the function's hidden `m_self`): the type its signature names, when
/// that builtin type has the function.
fn static_owner(vm: &Vm, f: &BuiltinFunction) -> Option<Value> {
    if f.this.is_some() || f.module.is_some() {
        return None;
    }
    let owner = f.signature?.owner()?;
    let ty = crate::objects::dict::dict_get_str(&vm.builtins_dict, owner)?;
    let class = ty.as_obj().filter(|o| o.type_data().is_some())?;
    let attr = crate::objects::dict::dict_get_str(
        &crate::objects::typeobject::type_data(class).dict,
        f.name,
    )?;
    let Value::Obj(attr) = attr else { return None };
    match &attr.payload {
        Payload::StaticMethod(func) => {
            let same = matches!(&*func.borrow(), Value::Obj(g) if matches!(&g.payload,
                Payload::BuiltinFunction(g) if g.func as usize == f.func as usize));
            same.then_some(ty)
        }
        _ => None,
    }
}

static METHOD_REDUCE: Signature = Signature::unlisted("method", "__reduce__", "($self, /)");

static SHARED_REDUCE: Signature = Signature::shared("__reduce__", "($self, /)").not_listed();
static BUILTIN_REDUCE: Signature =
    Signature::unlisted("builtin_function_or_method", "__reduce__", "($self, /)");

/// `__reduce__` of the builtin method and slot descriptors and of bound slot
/// wrappers: `getattr(owner, name)`, with the type (or the bound object) as owner.
fn reduce_by_getattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (v, []) = SHARED_REDUCE.bind(vm, args)?;
    let v = given(v);
    let Some(f) = builtin_data(&v).or_else(|| match &v {
        Value::Obj(o) => match &o.payload {
            Payload::MethodDescriptor(f) => Some(f),
            _ => None,
        },
        _ => None,
    }) else {
        return Err(vm.new_type_error("__reduce__ needs a builtin method".to_owned()));
    };
    let owner = f.this.clone().unwrap_or(Value::None);
    let name = vm.new_str(f.name);
    let getattr =
        crate::objects::dict::dict_get_str(&vm.builtins_dict, "getattr").unwrap_or(Value::None);
    let args = vm.new_tuple(vec![owner, name]);
    Ok(vm.new_tuple(vec![getattr, args]))
}

fn descriptor_parts(v: &Value) -> (String, String) {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::MethodDescriptor(f) => {
                let owner = match &f.this {
                    Some(Value::Obj(t)) if t.type_data().is_some() => {
                        crate::objects::typeobject::type_name(t)
                    }
                    _ => "?".to_owned(),
                };
                (f.name.to_owned(), owner)
            }
            _ => ("?".to_owned(), "?".to_owned()),
        },
        _ => ("?".to_owned(), "?".to_owned()),
    }
}

static METHOD_NEW: crate::signature::Signature =
    crate::signature::Signature::new("method", "($type, function, instance, /)");

/// `types.MethodType(function, instance)`: `function` bound to `instance`.
fn method_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_, [function, instance]) = METHOD_NEW.bind(vm, args)?;
    let (function, instance) = (
        function.unwrap_or(Value::None),
        instance.unwrap_or(Value::None),
    );
    if !crate::builtins::is_callable(vm, &function) {
        return Err(vm.new_type_error("first argument must be callable".to_owned()));
    }
    if instance.is_none() {
        return Err(vm.new_type_error("instance must not be None".to_owned()));
    }
    Ok(abstract_::new_method(vm, function, instance))
}

/// `__reduce__` of a builtin function: a module's function pickles as its name (a
/// global), a method as `getattr(self, name)` (CPython's `meth_reduce`).
fn builtin_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (v, []) = BUILTIN_REDUCE.bind(vm, args)?;
    let v = given(v);
    let Some(f) = builtin_data(&v) else {
        return Err(vm.new_type_error("__reduce__ needs a builtin function".to_owned()));
    };
    let name = vm.new_str(f.name);
    match f.this.clone().or_else(|| static_owner(vm, f)) {
        Some(owner) if !matches!(&owner, Value::Obj(o) if matches!(o.payload, Payload::Module(_))) =>
        {
            let getattr = crate::objects::dict::dict_get_str(&vm.builtins_dict, "getattr")
                .unwrap_or(Value::None);
            let args = vm.new_tuple(vec![owner, name]);
            Ok(vm.new_tuple(vec![getattr, args]))
        }
        _ => abstract_::getattr_str(vm, &v, "__qualname__"),
    }
}

/// `__dict__` of a builtin object that keeps attributes (functions, static and
/// class methods): made empty on first use.
pub(crate) fn instance_dict(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let Value::Obj(o) = v else {
        return Ok(Value::None);
    };
    if o.dict().is_none() {
        o.dict.set(vm.new_dict());
    }
    Ok(o.dict().map(Value::Obj).unwrap_or(Value::None))
}
