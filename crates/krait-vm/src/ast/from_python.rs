//! `compile()` of an `ast` tree: the tree is checked against the grammar as
//! CPython's `obj2ast_*` check it (node kinds, required fields and positions, lists,
//! identifiers, integers, constants), converted to ruff's tree (`to_ruff.rs`) with
//! its own positions, and compiled.

use crate::abstract_;
use crate::objects::typeobject::is_subtype;
use crate::{Exc, PyResult, Value, Vm};

use super::layout::{Extent, Layout};
use super::to_ruff::{convert, Unconverted};
use super::{ast_state, node_class, AstState, Quantifier};

/// `compile(tree, filename, mode)`: the code object for an `ast.Module`,
/// `ast.Expression` or `ast.Interactive` tree.
pub fn compile_node(
    vm: &mut Vm,
    tree: &Value,
    filename: &str,
    mode: krait_compiler::Mode,
    optimize: u8,
) -> PyResult<Value> {
    let state = ast_state(vm)?;
    let expected = match mode {
        krait_compiler::Mode::Exec => "Module",
        krait_compiler::Mode::Eval => "Expression",
        krait_compiler::Mode::Single => "Interactive",
    };
    let class = vm.type_of(tree);
    if !is_subtype(&class, state.class(expected)) {
        let got = crate::objects::typeobject::type_name(&class);
        return Err(vm.new_type_error(format!("expected {expected} node, got {got}")));
    }
    let mut checker = Checker {
        state: &state,
        depth: 0,
        extent: Extent::default(),
        none_in_list: None,
    };
    checker.node(vm, tree, "mod")?;
    // The conversion takes None in a list of expressions or statements (as
    // CPython's `obj2ast_*` do); the validation that follows refuses it.
    if let Some(what) = checker.none_in_list {
        return Err(vm.new_value_error(format!("None disallowed in {what} list")));
    }
    let converted = match Layout::new(&checker.extent) {
        Some(layout) => match convert(vm, state.clone(), &layout, tree) {
            Ok(module) => Some((module, layout)),
            Err(Unconverted::Error(e)) => return Err(e),
            Err(Unconverted::NoForm) => None,
        },
        None => None,
    };
    let code = match converted {
        Some((module, layout)) => {
            let options = krait_compiler::CompileOptions {
                optimize,
                ..Default::default()
            };
            let mut warnings = Vec::new();
            let compiled = krait_compiler::compile_syntax_tree(
                &module,
                layout.text(),
                filename,
                mode,
                &options,
                &mut warnings,
            );
            crate::import::issue_compile_warnings(vm, &warnings, filename, None)?;
            match compiled {
                Ok(code) => crate::objects::code::load_code(vm, std::rc::Rc::new(code))?,
                Err(mut e) => {
                    // The laid-out text is blank: there is no source line to show.
                    e.text = None;
                    return Err(crate::import::syntax_error(vm, &e));
                }
            }
        }
        // A tree ruff's has no form for (or whose positions reach too far to lay
        // out) is compiled from `ast.unparse`'s text: its code then carries that
        // text's positions rather than the tree's.
        None => {
            let source = unparse(vm, tree)?;
            crate::import::compile_source(vm, &source, filename, mode)?
        }
    };
    Ok(Value::Obj(crate::object::PyObject::new(
        vm.types.code.clone(),
        crate::object::Payload::Code(code),
    )))
}

/// The tree's source text, as `ast.unparse` writes it.
fn unparse(vm: &mut Vm, tree: &Value) -> PyResult<String> {
    let name = vm.intern("ast");
    let ast_module = crate::import::import_name(vm, &name, &Value::None, &Value::Int(0))?;
    let unparse = abstract_::getattr_str(vm, &ast_module, "unparse")?;
    let text = vm.call(
        &unparse,
        crate::objects::function::Args::new(vec![tree.clone()]),
    )?;
    abstract_::value_as_str(&text)
        .map(str::to_owned)
        .ok_or_else(|| vm.new_type_error("ast.unparse() returned a non-string".to_owned()))
}

struct Checker<'s> {
    state: &'s AstState,
    depth: usize,
    /// The lines and columns the tree's positions use.
    extent: Extent,
    /// What the first None met in a list of expressions or statements stood for
    /// ("expression", "statement").
    none_in_list: Option<&'static str>,
}

impl Checker<'_> {
    /// Checks that `obj` is a node of the grammar type `kind` (`expr`, `stmt`,
    /// `arguments` ...) and, recursively, its fields.
    fn node(&mut self, vm: &mut Vm, obj: &Value, kind: &str) -> PyResult<()> {
        self.depth += 1;
        // A tree nests at most as deep as Python code may recurse.
        if self.depth > vm.recursion_limit {
            return Err(vm.new_error(
                Exc::RecursionError,
                format!("maximum recursion depth exceeded while traversing '{kind}' node"),
            ));
        }
        let result = stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.node_inner(vm, obj, kind));
        self.depth -= 1;
        result
    }

    fn node_inner(&mut self, vm: &mut Vm, obj: &Value, kind: &str) -> PyResult<()> {
        let Some(kind_spec) = node_class(kind) else {
            return Ok(());
        };
        // Positions are read before the node's class is looked at.
        let mut position: [Option<i64>; 4] = [None; 4];
        for (slot, attr) in position.iter_mut().zip(kind_spec.attributes) {
            let optional = attr.starts_with("end_") && kind != "pattern";
            match abstract_::getattr_optional(vm, obj, attr)? {
                None if optional => {}
                None => {
                    return Err(
                        vm.new_type_error(format!("required field \"{attr}\" missing from {kind}"))
                    )
                }
                Some(Value::None) if optional => {}
                Some(v) => {
                    self.int(vm, &v)?;
                    *slot = crate::objects::int::as_i64(&v);
                }
            }
        }
        if let [Some(line), Some(col), end_line, end_col] = position {
            // A missing end is the start, as CPython takes it.
            self.extent
                .note([line, col, end_line.unwrap_or(line), end_col.unwrap_or(col)]);
        }
        let class = vm.type_of(obj);
        let concrete = if kind_spec.fields.is_empty() {
            super::nodes::NODE_CLASSES
                .iter()
                .filter(|c| c.base == kind)
                .find(|c| is_subtype(&class, self.state.class(c.name)))
        } else {
            Some(kind_spec)
        };
        let Some(spec) = concrete.filter(|c| is_subtype(&class, self.state.class(c.name))) else {
            let repr = abstract_::repr(vm, obj)?;
            let repr = abstract_::value_as_str(&repr).unwrap_or("").to_owned();
            return Err(vm.new_type_error(format!("expected some sort of {kind}, but got {repr}")));
        };
        for field in spec.fields {
            let value = abstract_::getattr_optional(vm, obj, field.name)?;
            match (field.quantifier, value) {
                (Quantifier::Sequence, None) | (Quantifier::One, None) => {
                    return Err(vm.new_type_error(format!(
                        "required field \"{}\" missing from {}",
                        field.name, spec.name
                    )))
                }
                (Quantifier::Optional, None | Some(Value::None)) => {}
                (Quantifier::One, Some(Value::None)) if field.kind != "constant" => {
                    return Err(vm.new_value_error(format!(
                        "field '{}' is required for {}",
                        field.name, spec.name
                    )))
                }
                (Quantifier::Sequence, Some(list)) => {
                    let items = match &list {
                        Value::Obj(o) if is_subtype(&o.class(), &vm.types.list) => {
                            abstract_::collect_iterable(vm, &list)?
                        }
                        other => {
                            let got = vm.type_name_of(other);
                            return Err(vm.new_type_error(format!(
                                "{} field \"{}\" must be a list, not a {got}",
                                spec.name, field.name
                            )));
                        }
                    };
                    for item in &items {
                        // `Dict.keys` and `kw_defaults` hold None for `**` and no default.
                        if matches!(item, Value::None)
                            && matches!(field.name, "keys" | "kw_defaults")
                        {
                            continue;
                        }
                        if matches!(item, Value::None) {
                            let what = match field.kind {
                                "expr" => Some("expression"),
                                "stmt" => Some("statement"),
                                _ => None,
                            };
                            if let Some(what) = what {
                                self.none_in_list.get_or_insert(what);
                                continue;
                            }
                        }
                        self.value(vm, item, field.kind)?;
                    }
                }
                (_, Some(v)) => self.value(vm, &v, field.kind)?,
            }
        }
        Ok(())
    }

    fn value(&mut self, vm: &mut Vm, v: &Value, kind: &str) -> PyResult<()> {
        match kind {
            "identifier" | "string" => {
                if abstract_::value_as_str(v).is_none() {
                    return Err(vm.new_type_error(format!("AST {kind} must be of type str")));
                }
                Ok(())
            }
            "int" => self.int(vm, v),
            "constant" => self.constant(vm, v),
            _ => self.node(vm, v, kind),
        }
    }

    /// An int field as CPython's `obj2ast_int` takes it: an int within a C `int`.
    fn int(&self, vm: &mut Vm, v: &Value) -> PyResult<()> {
        if crate::objects::int::is_int(v) {
            return match crate::objects::int::as_i64(v) {
                Some(n) if i32::try_from(n).is_ok() => Ok(()),
                _ => {
                    Err(vm
                        .new_overflow_error("Python int too large to convert to C int".to_owned()))
                }
            };
        }
        let repr = abstract_::repr(vm, v)?;
        let repr = abstract_::value_as_str(&repr).unwrap_or("").to_owned();
        Err(vm.new_value_error(format!("invalid integer value: {repr}")))
    }

    /// A `Constant`'s value: None, Ellipsis, a number, str, bytes, or a tuple or
    /// frozenset of them, each of exactly that type (not a subclass), as CPython's
    /// `validate_constant` wants.
    fn constant(&self, vm: &mut Vm, v: &Value) -> PyResult<()> {
        let ok = match v {
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => true,
            Value::Obj(o) => {
                let class = o.class();
                let t = &vm.types;
                if [
                    &t.int,
                    &t.float,
                    &t.complex,
                    &t.str,
                    &t.bytes,
                    &t.ellipsis_type,
                    &t.bool_,
                ]
                .iter()
                .any(|c| std::rc::Rc::ptr_eq(&class, c))
                {
                    true
                } else if std::rc::Rc::ptr_eq(&class, &t.tuple)
                    || std::rc::Rc::ptr_eq(&class, &t.frozenset)
                {
                    let items = abstract_::collect_iterable(vm, v)?;
                    for item in &items {
                        self.constant(vm, item)?;
                    }
                    true
                } else {
                    false
                }
            }
        };
        if ok {
            return Ok(());
        }
        let got = vm.type_name_of(v);
        Err(vm.new_type_error(format!("got an invalid type in Constant: {got}")))
    }
}
