//! The `_ast` module (CPython's `Python/Python-ast.c`): the node classes of
//! `Parser/Python.asdl` as ordinary heap classes named in `ast`, the `AST` base with
//! 3.11's constructor and `__reduce__`, and the conversions between ruff's tree and
//! node objects that `compile()` uses for `PyCF_ONLY_AST` and for compiling a tree.

mod from_python;
mod layout;
mod nodes;
mod to_python;
mod to_ruff;
mod validate;

use std::collections::HashMap;

use crate::abstract_;
use crate::objects::dict;
use crate::objects::function::Args;
use crate::objects::module::{module_dict, new_module};
use crate::objects::typeobject::new_heap_type;
use crate::objects::{add_method, add_method_sig};
use crate::signature::{given, Signature};
use crate::{Exc, ObjRef, PyResult, Value, Vm};

pub use from_python::compile_node;
pub use to_python::{parse_func_type_to_node, parse_to_node};

/// `ast.PyCF_ONLY_AST`: `compile()` returns the tree instead of code.
pub const PYCF_ONLY_AST: i64 = 0x400;
/// `ast.PyCF_TYPE_COMMENTS`.
pub const PYCF_TYPE_COMMENTS: i64 = 0x1000;
/// `ast.PyCF_ALLOW_TOP_LEVEL_AWAIT`.
pub const PYCF_ALLOW_TOP_LEVEL_AWAIT: i64 = 0x2000;

/// How many values a field holds (ASDL's `?` and `*`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Quantifier {
    One,
    Optional,
    Sequence,
}

/// One field of a node class: its name and ASDL type (`expr`, `identifier` ...).
pub struct Field {
    pub name: &'static str,
    pub kind: &'static str,
    pub quantifier: Quantifier,
}

/// One node class of the grammar, as `scripts/gen-ast-nodes.py` reads it from python3.11.
pub struct NodeClass {
    pub name: &'static str,
    /// The class it derives from; empty for `AST` itself.
    pub base: &'static str,
    pub fields: &'static [Field],
    pub attributes: &'static [&'static str],
    pub doc: &'static str,
}

/// Looks a node class's description up by name.
pub fn node_class(name: &str) -> Option<&'static NodeClass> {
    nodes::NODE_CLASSES.iter().find(|c| c.name == name)
}

/// The `_ast` module's state: its classes (so `del ast.Name` cannot change what
/// `ast.parse` builds) and the shared instances of the field-less classes
/// (`Load()`, `Add()` ...), which the parser hands out as CPython's does.
pub struct AstState {
    classes: HashMap<&'static str, ObjRef>,
    singletons: HashMap<&'static str, Value>,
}

impl AstState {
    pub fn class(&self, name: &str) -> &ObjRef {
        self.classes
            .get(name)
            .expect("every class the conversions name is in the generated table")
    }
}

/// The `_ast` state, importing the module first if nothing has yet.
pub fn ast_state(vm: &mut Vm) -> PyResult<std::rc::Rc<AstState>> {
    if let Some(state) = vm.module_state::<AstState>() {
        return Ok(state);
    }
    let name = vm.intern("_ast");
    crate::import::import_name(vm, &name, &Value::None, &Value::Int(0))?;
    vm.module_state::<AstState>()
        .ok_or_else(|| vm.new_error(Exc::SystemError, "_ast module state missing"))
}

/// Makes the `_ast` module.
pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_ast");
    let d = module_dict(&m).expect("a module has a dict");
    let mut classes: HashMap<&'static str, ObjRef> = HashMap::new();
    let mut singletons = HashMap::new();
    for spec in nodes::NODE_CLASSES {
        let class = make_node_class(vm, spec, &classes)?;
        if spec.name == "AST" {
            add_method(vm, &class, "__init__", ast_init);
            add_method_sig(vm, &class, &REDUCE, ast_reduce);
            crate::objects::typeobject::add_instance_dict_descriptor(vm, &class);
        }
        let is_leaf = !spec.base.is_empty()
            && spec.fields.is_empty()
            && spec.attributes.is_empty()
            && !nodes::NODE_CLASSES.iter().any(|c| c.base == spec.name);
        if is_leaf && spec.base != "AST" && spec.base != "mod" && spec.base != "type_ignore" {
            let instance = vm.call(&Value::Obj(class.clone()), Args::new(vec![]))?;
            singletons.insert(spec.name, instance);
        }
        dict::dict_set_str(vm, &d, spec.name, Value::Obj(class.clone()));
        classes.insert(spec.name, class);
    }
    for (name, value) in [
        ("PyCF_ONLY_AST", PYCF_ONLY_AST),
        ("PyCF_TYPE_COMMENTS", PYCF_TYPE_COMMENTS),
        ("PyCF_ALLOW_TOP_LEVEL_AWAIT", PYCF_ALLOW_TOP_LEVEL_AWAIT),
    ] {
        dict::dict_set_str(vm, &d, name, Value::Int(value));
    }
    vm.set_module_state(AstState {
        classes,
        singletons,
    });
    Ok(m)
}

/// A node class: `_fields`, `__match_args__`, `_attributes`, `None` defaults for
/// the optional fields and end positions, `__module__ == 'ast'`.
fn make_node_class(
    vm: &mut Vm,
    spec: &NodeClass,
    made: &HashMap<&'static str, ObjRef>,
) -> PyResult<ObjRef> {
    let ns = vm.new_dict();
    let fields: Vec<Value> = spec.fields.iter().map(|f| vm.new_str(f.name)).collect();
    let fields = vm.new_tuple(fields);
    dict::dict_set_str(vm, &ns, "_fields", fields.clone());
    dict::dict_set_str(vm, &ns, "__match_args__", fields);
    dict::dict_set_str(vm, &ns, "__module__", vm.new_str("ast"));
    let doc = if spec.doc.is_empty() {
        Value::None
    } else {
        vm.new_str(spec.doc)
    };
    dict::dict_set_str(vm, &ns, "__doc__", doc);
    // The grammar's types (the classes right under `AST`) declare `_attributes`;
    // their constructors inherit it.
    if spec.name == "AST" || spec.base == "AST" {
        let attributes: Vec<Value> = spec.attributes.iter().map(|a| vm.new_str(*a)).collect();
        let attributes = vm.new_tuple(attributes);
        dict::dict_set_str(vm, &ns, "_attributes", attributes);
        // The end positions are optional (`int? end_lineno`) except in patterns.
        if !spec.attributes.is_empty() && spec.name != "pattern" {
            dict::dict_set_str(vm, &ns, "end_lineno", Value::None);
            dict::dict_set_str(vm, &ns, "end_col_offset", Value::None);
        }
    }
    for field in spec.fields {
        if field.quantifier == Quantifier::Optional {
            dict::dict_set_str(vm, &ns, field.name, Value::None);
        }
    }
    let bases = match made.get(spec.base) {
        Some(base) => vec![base.clone()],
        None => vec![],
    };
    let metatype = vm.types.type_.clone();
    new_heap_type(vm, &metatype, spec.name, bases, &ns)
}

static INIT: Signature = Signature::slot_wrapper("AST", "__init__", "($self, /, *args, **kwargs)");
static REDUCE: Signature = Signature::unlisted("AST", "__reduce__", "($self, /)");

/// `AST.__init__(self, *args, **kwargs)`: positional arguments fill `_fields` in
/// order, keywords set attributes of any name.
fn ast_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = INIT.bind_all::<0>(vm, args)?;
    let node = given(bound.this);
    let class = Value::Obj(vm.type_of(&node));
    let positional = bound.args.as_slice();
    if !positional.is_empty() {
        let fields = abstract_::getattr_str(vm, &class, "_fields")?;
        let fields = abstract_::collect_iterable(vm, &fields)?;
        if positional.len() > fields.len() {
            let name = crate::objects::typeobject::type_name(&vm.type_of(&node));
            let plural = if fields.len() == 1 { "" } else { "s" };
            return Err(vm.new_type_error(format!(
                "{name} constructor takes at most {} positional argument{plural}",
                fields.len()
            )));
        }
        for (field, value) in fields.iter().zip(positional) {
            let name = match field {
                Value::Obj(o) => o.clone(),
                _ => return Err(vm.new_type_error("attribute name must be string".to_owned())),
            };
            abstract_::setattr(vm, &node, &name, Some(value.clone()))?;
        }
    }
    for (name, value) in bound.kwargs {
        abstract_::setattr(vm, &node, &name, Some(value))?;
    }
    Ok(Value::None)
}

/// `AST.__reduce__`: `(type(self), (), self.__dict__)`.
fn ast_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let node = given(REDUCE.bind::<0>(vm, args)?.0);
    let class = Value::Obj(vm.type_of(&node));
    let state = match &node {
        Value::Obj(o) => o.dict().map(Value::Obj),
        _ => None,
    };
    let empty = vm.new_tuple(vec![]);
    let mut items = vec![class, empty];
    items.extend(state);
    Ok(vm.new_tuple(items))
}

/// A new node of class `name` with `fields` and, when given, its position.
pub(crate) fn new_node(
    vm: &mut Vm,
    state: &AstState,
    name: &'static str,
    fields: Vec<(&'static str, Value)>,
    position: Option<[i64; 4]>,
) -> Value {
    if fields.is_empty() && position.is_none() {
        if let Some(shared) = state.singletons.get(name) {
            return shared.clone();
        }
    }
    let class = state.class(name);
    let d = vm.new_dict();
    for (field, value) in fields {
        dict::dict_set_str(vm, &d, field, value);
    }
    if let Some([lineno, col, end_lineno, end_col]) = position {
        for (attr, v) in [
            ("lineno", lineno),
            ("col_offset", col),
            ("end_lineno", end_lineno),
            ("end_col_offset", end_col),
        ] {
            dict::dict_set_str(vm, &d, attr, Value::Int(v));
        }
    }
    Value::Obj(crate::object::PyObject::with_dict(
        class.clone(),
        crate::object::Payload::Instance,
        d,
    ))
}

/// Whether `v` is an `ast.AST` instance (without importing `_ast` when nothing has).
pub fn is_ast_node(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    let Some(state) = vm.module_state::<AstState>() else {
        return Ok(false);
    };
    let class = vm.type_of(v);
    Ok(crate::objects::typeobject::is_subtype(
        &class,
        state.class("AST"),
    ))
}
