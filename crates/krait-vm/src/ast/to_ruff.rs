//! `ast` node objects to ruff's tree (CPython's `obj2ast_*`), the inverse of
//! `to_python.rs`, for compiling a tree. The tree has been checked first, so a
//! node here is of the kind its field holds. Positions become ranges in the
//! text `layout.rs` makes; identifiers are taken as any str, as CPython takes them.
//! The converted tree is validated as CPython validates it (`validate.rs`).
//! What ruff's tree has no form for (a `frozenset` constant, an expression other
//! than a string or a field inside a `JoinedStr`), and an
//! annotation the compiler would spell from source text, make the conversion give
//! up, and the caller compiles the tree another way.

use std::rc::Rc;

use num_bigint::Sign;
use ruff_python_ast::visitor::{walk_expr, Visitor};
use ruff_python_ast::{self as ast, name::Name, AtomicNodeIndex, Expr, Mod, Pattern, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::layout::Layout;
use super::{nodes, AstState};
use crate::abstract_;
use crate::object::Payload;
use crate::objects::typeobject::is_subtype;
use crate::{PyErr, Value, Vm};

/// Why a tree was not converted.
pub enum Unconverted {
    /// An error to raise, as CPython raises it for this tree.
    Error(PyErr),
    /// Something ruff's tree has no form for.
    NoForm,
}

impl From<PyErr> for Unconverted {
    fn from(e: PyErr) -> Self {
        Unconverted::Error(e)
    }
}

type Conv<T> = Result<T, Unconverted>;

/// Converts `tree` (a `Module`, `Expression` or `Interactive`) to ruff's tree.
pub fn convert(vm: &mut Vm, state: Rc<AstState>, layout: &Layout, tree: &Value) -> Conv<Mod> {
    let mut c = ToRuff { vm, state, layout };
    let module = c.module(tree)?;
    if let Err(message) = super::validate::validate(&module) {
        return Err(Unconverted::Error(c.vm.new_value_error(message)));
    }
    if annotations_need_source(&module) {
        return Err(Unconverted::NoForm);
    }
    Ok(module)
}

/// Whether, under `from __future__ import annotations`, an annotation holds a form
/// the compiler spells by copying its source text (a lambda, comprehension,
/// f-string, a call's sole bare generator, a complex with a real part): a laid-out
/// text has none to copy.
fn annotations_need_source(module: &Mod) -> bool {
    let Mod::Module(m) = module else {
        return false;
    };
    let future_annotations = m
        .body
        .iter()
        .enumerate()
        .take_while(|(i, s)| match s {
            Stmt::Expr(e) => *i == 0 && e.value.is_string_literal_expr(),
            Stmt::ImportFrom(f) => f.module.as_deref() == Some("__future__") && f.level == 0,
            _ => false,
        })
        .any(|(_, s)| {
            matches!(s, Stmt::ImportFrom(f) if f.names.iter().any(|a| a.name.as_str() == "annotations"))
        });
    if !future_annotations {
        return false;
    }
    let mut finder = SourceSpelledAnnotation::default();
    for s in &m.body {
        finder.visit_stmt(s);
    }
    finder.found
}

#[derive(Default)]
struct SourceSpelledAnnotation {
    in_annotation: bool,
    found: bool,
}

impl<'a> Visitor<'a> for SourceSpelledAnnotation {
    fn visit_annotation(&mut self, expr: &'a Expr) {
        let outer = std::mem::replace(&mut self.in_annotation, true);
        self.visit_expr(expr);
        self.in_annotation = outer;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.in_annotation {
            self.found |= match expr {
                Expr::Lambda(_)
                | Expr::ListComp(_)
                | Expr::SetComp(_)
                | Expr::DictComp(_)
                | Expr::Generator(_)
                | Expr::FString(_) => true,
                Expr::Call(c) => {
                    c.arguments.keywords.is_empty()
                        && matches!(&c.arguments.args[..], [Expr::Generator(_)])
                }
                Expr::NumberLiteral(n) => {
                    matches!(n.value, ast::Number::Complex { real, .. } if real != 0.0)
                }
                _ => false,
            };
        }
        walk_expr(self, expr);
    }
}

struct ToRuff<'v, 'l> {
    vm: &'v mut Vm,
    state: Rc<AstState>,
    layout: &'l Layout,
}

fn index() -> AtomicNodeIndex {
    AtomicNodeIndex::default()
}

/// The smallest range covering both.
fn cover(a: TextRange, b: TextRange) -> TextRange {
    TextRange::new(a.start().min(b.start()), a.end().max(b.end()))
}

impl ToRuff<'_, '_> {
    // --- reading node objects ----------------------------------------------------

    fn field(&mut self, obj: &Value, name: &str) -> Conv<Value> {
        Ok(abstract_::getattr_optional(self.vm, obj, name)?.unwrap_or(Value::None))
    }

    fn items(&mut self, obj: &Value, name: &str) -> Conv<Vec<Value>> {
        let list = self.field(obj, name)?;
        if matches!(list, Value::None) {
            return Ok(Vec::new());
        }
        Ok(abstract_::collect_iterable(self.vm, &list)?)
    }

    fn string(&mut self, v: &Value) -> Conv<String> {
        abstract_::value_as_str(v)
            .map(str::to_owned)
            .ok_or(Unconverted::NoForm)
    }

    fn name_field(&mut self, obj: &Value, name: &str) -> Conv<String> {
        let v = self.field(obj, name)?;
        self.string(&v)
    }

    fn identifier(&mut self, obj: &Value, name: &str, range: TextRange) -> Conv<ast::Identifier> {
        let text = self.name_field(obj, name)?;
        Ok(ast::Identifier::new(Name::new(text), range))
    }

    fn opt_identifier(
        &mut self,
        obj: &Value,
        name: &str,
        range: TextRange,
    ) -> Conv<Option<ast::Identifier>> {
        let v = self.field(obj, name)?;
        if matches!(v, Value::None) {
            return Ok(None);
        }
        let text = self.string(&v)?;
        Ok(Some(ast::Identifier::new(Name::new(text), range)))
    }

    fn int_field(&mut self, obj: &Value, name: &str) -> Conv<i64> {
        let v = self.field(obj, name)?;
        Ok(crate::objects::int::as_i64(&v).unwrap_or(0))
    }

    /// The node's range, its positions first checked as CPython checks those of
    /// statements, expressions, arguments, handlers and patterns.
    fn range(&mut self, obj: &Value) -> Conv<TextRange> {
        let position = self.position(obj)?;
        let [line, col, end_line, end_col] = position;
        let message = if line > end_line {
            Some(format!(
                "AST node line range ({line}, {end_line}) is not valid"
            ))
        } else if (line < 0 && end_line != line) || (col < 0 && col != end_col) {
            Some(format!(
                "AST node column range ({col}, {end_col}) for line range ({line}, {end_line}) is not valid"
            ))
        } else if line == end_line && col > end_col {
            Some(format!(
                "line {line}, column {col}-{end_col} is not a valid range"
            ))
        } else {
            None
        };
        if let Some(message) = message {
            return Err(self.vm.new_value_error(message).into());
        }
        Ok(self.layout.range(position))
    }

    /// The range of a keyword or alias, whose positions CPython does not check.
    fn unchecked_range(&mut self, obj: &Value) -> Conv<TextRange> {
        let position = self.position(obj)?;
        Ok(self.layout.range(position))
    }

    /// The node's `lineno`, `col_offset`, `end_lineno` and `end_col_offset` (a
    /// missing end is the start, as in CPython).
    fn position(&mut self, obj: &Value) -> Conv<[i64; 4]> {
        let line = self.int_field(obj, "lineno")?;
        let col = self.int_field(obj, "col_offset")?;
        let end_line = match self.field(obj, "end_lineno")? {
            Value::None => line,
            v => crate::objects::int::as_i64(&v).unwrap_or(line),
        };
        let end_col = match self.field(obj, "end_col_offset")? {
            Value::None => col,
            v => crate::objects::int::as_i64(&v).unwrap_or(col),
        };
        Ok([line, col, end_line, end_col])
    }

    /// The grammar class `obj` is an instance of, among those deriving from `base`.
    fn kind(&self, obj: &Value, base: &str) -> Conv<&'static str> {
        let class = self.vm.type_of(obj);
        nodes::NODE_CLASSES
            .iter()
            .filter(|c| c.base == base)
            .find(|c| is_subtype(&class, self.state.class(c.name)))
            .map(|c| c.name)
            .ok_or(Unconverted::NoForm)
    }

    // --- modules and statements ---------------------------------------------------

    fn module(&mut self, tree: &Value) -> Conv<Mod> {
        match self.kind(tree, "mod")? {
            "Expression" => {
                let body = self.expr_field(tree, "body")?;
                Ok(Mod::Expression(ast::ModExpression {
                    node_index: index(),
                    range: body.range(),
                    body: Box::new(body),
                }))
            }
            "Module" | "Interactive" => {
                let body = self.stmts(tree, "body")?;
                let range = body
                    .iter()
                    .map(Ranged::range)
                    .reduce(cover)
                    .unwrap_or_default();
                Ok(Mod::Module(ast::ModModule {
                    node_index: index(),
                    range,
                    body: body.into(),
                }))
            }
            _ => Err(Unconverted::NoForm),
        }
    }

    fn stmts(&mut self, obj: &Value, name: &str) -> Conv<Vec<Stmt>> {
        let items = self.items(obj, name)?;
        items.iter().map(|s| self.stmt(s)).collect()
    }

    fn stmt(&mut self, obj: &Value) -> Conv<Stmt> {
        // Deeply nested trees grow the stack rather than overflow it.
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.stmt_node(obj))
    }

    fn stmt_node(&mut self, obj: &Value) -> Conv<Stmt> {
        let kind = self.kind(obj, "stmt")?;
        let range = self.range(obj)?;
        let node_index = index();
        Ok(match kind {
            "FunctionDef" | "AsyncFunctionDef" => Stmt::FunctionDef(ast::StmtFunctionDef {
                node_index,
                range,
                is_async: kind == "AsyncFunctionDef",
                decorator_list: self.decorators(obj)?.into(),
                name: self.identifier(obj, "name", TextRange::empty(range.start()))?,
                type_params: None,
                parameters: Box::new(self.parameters_field(obj, "args", range)?),
                returns: self.opt_expr_field(obj, "returns")?.map(Box::new),
                body: self.stmts(obj, "body")?.into(),
            }),
            "ClassDef" => {
                let bases = self.exprs(obj, "bases")?;
                let keywords = self.keywords(obj)?;
                let arguments = if bases.is_empty() && keywords.is_empty() {
                    None
                } else {
                    Some(Box::new(ast::Arguments {
                        range,
                        node_index: index(),
                        args: bases.into(),
                        keywords: keywords.into(),
                    }))
                };
                Stmt::ClassDef(ast::StmtClassDef {
                    node_index,
                    range,
                    decorator_list: self.decorators(obj)?.into(),
                    name: self.identifier(obj, "name", TextRange::empty(range.start()))?,
                    type_params: None,
                    arguments,
                    body: self.stmts(obj, "body")?.into(),
                })
            }
            "Return" => Stmt::Return(ast::StmtReturn {
                node_index,
                range,
                value: self.opt_expr_field(obj, "value")?.map(Box::new),
            }),
            "Delete" => Stmt::Delete(ast::StmtDelete {
                node_index,
                range,
                targets: self.exprs(obj, "targets")?,
            }),
            "Assign" => Stmt::Assign(ast::StmtAssign {
                node_index,
                range,
                targets: self.exprs(obj, "targets")?,
                value: Box::new(self.expr_field(obj, "value")?),
            }),
            "AugAssign" => Stmt::AugAssign(ast::StmtAugAssign {
                node_index,
                range,
                target: Box::new(self.expr_field(obj, "target")?),
                op: self.operator(obj)?,
                value: Box::new(self.expr_field(obj, "value")?),
            }),
            "AnnAssign" => Stmt::AnnAssign(ast::StmtAnnAssign {
                node_index,
                range,
                target: Box::new(self.expr_field(obj, "target")?),
                annotation: Box::new(self.expr_field(obj, "annotation")?),
                value: self.opt_expr_field(obj, "value")?.map(Box::new),
                simple: self.int_field(obj, "simple")? != 0,
            }),
            "For" | "AsyncFor" => Stmt::For(ast::StmtFor {
                node_index,
                range,
                is_async: kind == "AsyncFor",
                target: Box::new(self.expr_field(obj, "target")?),
                iter: Box::new(self.expr_field(obj, "iter")?),
                body: self.stmts(obj, "body")?.into(),
                orelse: self.stmts(obj, "orelse")?.into(),
            }),
            "While" => Stmt::While(ast::StmtWhile {
                node_index,
                range,
                test: Box::new(self.expr_field(obj, "test")?),
                body: self.stmts(obj, "body")?.into(),
                orelse: self.stmts(obj, "orelse")?.into(),
            }),
            "If" => {
                let test = Box::new(self.expr_field(obj, "test")?);
                let body = self.stmts(obj, "body")?;
                let orelse = self.stmts(obj, "orelse")?;
                // An `elif` is an `If` alone in the `orelse`; compiled as an `else`
                // holding it, it gives the same code.
                let elif_else_clauses = match orelse.iter().map(Ranged::range).reduce(cover) {
                    Some(clause) => vec![ast::ElifElseClause {
                        range: clause,
                        node_index: index(),
                        test: None,
                        body: orelse.into(),
                    }],
                    None => Vec::new(),
                };
                Stmt::If(ast::StmtIf {
                    node_index,
                    range,
                    test,
                    body: body.into(),
                    elif_else_clauses,
                })
            }
            "With" | "AsyncWith" => {
                let items = self.items(obj, "items")?;
                let items = items
                    .iter()
                    .map(|i| self.with_item(i, range))
                    .collect::<Conv<Vec<_>>>()?;
                Stmt::With(ast::StmtWith {
                    node_index,
                    range,
                    is_async: kind == "AsyncWith",
                    items,
                    body: self.stmts(obj, "body")?.into(),
                })
            }
            "Match" => {
                let subject = Box::new(self.expr_field(obj, "subject")?);
                let cases = self.items(obj, "cases")?;
                let cases = cases
                    .iter()
                    .map(|c| self.match_case(c))
                    .collect::<Conv<Vec<_>>>()?;
                Stmt::Match(ast::StmtMatch {
                    node_index,
                    range,
                    subject,
                    cases,
                })
            }
            "Raise" => Stmt::Raise(ast::StmtRaise {
                node_index,
                range,
                exc: self.opt_expr_field(obj, "exc")?.map(Box::new),
                cause: self.opt_expr_field(obj, "cause")?.map(Box::new),
            }),
            "Try" | "TryStar" => {
                let body = self.stmts(obj, "body")?;
                let handlers = self.items(obj, "handlers")?;
                let handlers = handlers
                    .iter()
                    .map(|h| self.except_handler(h))
                    .collect::<Conv<Vec<_>>>()?;
                Stmt::Try(ast::StmtTry {
                    node_index,
                    range,
                    body: body.into(),
                    handlers,
                    orelse: self.stmts(obj, "orelse")?.into(),
                    finalbody: self.stmts(obj, "finalbody")?.into(),
                    is_star: kind == "TryStar",
                })
            }
            "Assert" => Stmt::Assert(ast::StmtAssert {
                node_index,
                range,
                test: Box::new(self.expr_field(obj, "test")?),
                msg: self.opt_expr_field(obj, "msg")?.map(Box::new),
            }),
            "Import" => Stmt::Import(ast::StmtImport {
                node_index,
                range,
                names: self.aliases(obj)?,
                is_lazy: false,
            }),
            "ImportFrom" => Stmt::ImportFrom(ast::StmtImportFrom {
                node_index,
                range,
                module: self.opt_identifier(obj, "module", range)?,
                names: self.aliases(obj)?,
                level: match u32::try_from(self.int_field(obj, "level")?) {
                    Ok(level) => level,
                    Err(_) => {
                        let e = self
                            .vm
                            .new_value_error("Negative ImportFrom level".to_owned());
                        return Err(e.into());
                    }
                },
                is_lazy: false,
            }),
            "Global" | "Nonlocal" => {
                let names = self.items(obj, "names")?;
                let names = names
                    .iter()
                    .map(|n| Ok(ast::Identifier::new(Name::new(self.string(n)?), range)))
                    .collect::<Conv<Vec<_>>>()?;
                if kind == "Global" {
                    Stmt::Global(ast::StmtGlobal {
                        node_index,
                        range,
                        names,
                    })
                } else {
                    Stmt::Nonlocal(ast::StmtNonlocal {
                        node_index,
                        range,
                        names,
                    })
                }
            }
            "Expr" => Stmt::Expr(ast::StmtExpr {
                node_index,
                range,
                value: Box::new(self.expr_field(obj, "value")?),
            }),
            "Pass" => Stmt::Pass(ast::StmtPass { node_index, range }),
            "Break" => Stmt::Break(ast::StmtBreak { node_index, range }),
            "Continue" => Stmt::Continue(ast::StmtContinue { node_index, range }),
            _ => return Err(Unconverted::NoForm),
        })
    }

    fn decorators(&mut self, obj: &Value) -> Conv<Vec<ast::Decorator>> {
        let items = self.items(obj, "decorator_list")?;
        items
            .iter()
            .map(|d| {
                let expression = self.expr(d)?;
                Ok(ast::Decorator {
                    range: expression.range(),
                    node_index: index(),
                    expression,
                })
            })
            .collect()
    }

    fn with_item(&mut self, item: &Value, statement: TextRange) -> Conv<ast::WithItem> {
        let context_expr = self.expr_field(item, "context_expr")?;
        let optional_vars = self.opt_expr_field(item, "optional_vars")?;
        let range = match &optional_vars {
            Some(v) => cover(context_expr.range(), v.range()),
            None => context_expr.range(),
        };
        Ok(ast::WithItem {
            range: if range.is_empty() { statement } else { range },
            node_index: index(),
            context_expr,
            optional_vars: optional_vars.map(Box::new),
        })
    }

    fn except_handler(&mut self, obj: &Value) -> Conv<ast::ExceptHandler> {
        let range = self.range(obj)?;
        Ok(ast::ExceptHandler::ExceptHandler(
            ast::ExceptHandlerExceptHandler {
                range,
                node_index: index(),
                type_: self.opt_expr_field(obj, "type")?.map(Box::new),
                name: self.opt_identifier(obj, "name", range)?,
                body: self.stmts(obj, "body")?.into(),
            },
        ))
    }

    fn aliases(&mut self, obj: &Value) -> Conv<Vec<ast::Alias>> {
        let items = self.items(obj, "names")?;
        items
            .iter()
            .map(|a| {
                let range = self.unchecked_range(a)?;
                Ok(ast::Alias {
                    range,
                    node_index: index(),
                    name: self.identifier(a, "name", range)?,
                    asname: self.opt_identifier(a, "asname", range)?,
                })
            })
            .collect()
    }

    fn keywords(&mut self, obj: &Value) -> Conv<Vec<ast::Keyword>> {
        let items = self.items(obj, "keywords")?;
        items
            .iter()
            .map(|k| {
                let range = self.unchecked_range(k)?;
                Ok(ast::Keyword {
                    range,
                    node_index: index(),
                    arg: self.opt_identifier(k, "arg", range)?,
                    value: self.expr_field(k, "value")?,
                })
            })
            .collect()
    }

    // --- function parameters --------------------------------------------------------

    fn parameter(&mut self, arg: &Value) -> Conv<ast::Parameter> {
        let range = self.range(arg)?;
        Ok(ast::Parameter {
            range,
            node_index: index(),
            name: self.identifier(arg, "arg", range)?,
            annotation: self.opt_expr_field(arg, "annotation")?.map(Box::new),
        })
    }

    fn with_default(
        &mut self,
        parameter: ast::Parameter,
        default: Option<Expr>,
    ) -> ast::ParameterWithDefault {
        let range = match &default {
            Some(d) => cover(parameter.range, d.range()),
            None => parameter.range,
        };
        ast::ParameterWithDefault {
            range,
            node_index: index(),
            parameter,
            default: default.map(Box::new),
        }
    }

    /// An `arguments` node; the positional defaults belong to the last positional
    /// parameters, as CPython lines them up.
    fn parameters_field(
        &mut self,
        obj: &Value,
        name: &str,
        owner: TextRange,
    ) -> Conv<ast::Parameters> {
        let args = self.field(obj, name)?;
        let posonly = self.items(&args, "posonlyargs")?;
        let positional = self.items(&args, "args")?;
        let kwonly = self.items(&args, "kwonlyargs")?;
        let kw_defaults = self.items(&args, "kw_defaults")?;
        let defaults = self.items(&args, "defaults")?;
        let count = posonly.len() + positional.len();
        let mismatch = if defaults.len() > count {
            Some("more positional defaults than args on arguments")
        } else if kw_defaults.len() != kwonly.len() {
            Some("length of kwonlyargs is not the same as kw_defaults on arguments")
        } else {
            None
        };
        if let Some(mismatch) = mismatch {
            // CPython validates the parameters' annotations first, in this order.
            let vararg = self.field(&args, "vararg")?;
            let kwarg = self.field(&args, "kwarg")?;
            let ordered = posonly
                .iter()
                .chain(&positional)
                .chain(std::iter::once(&vararg).filter(|v| !v.is_none()))
                .chain(&kwonly)
                .chain(std::iter::once(&kwarg).filter(|v| !v.is_none()));
            let mut params = Vec::new();
            for arg in ordered {
                params.push(self.parameter(arg)?);
            }
            let message = match super::validate::annotations(params.iter()) {
                Err(annotation) => annotation,
                Ok(()) => mismatch.to_owned(),
            };
            return Err(self.vm.new_value_error(message).into());
        }
        let first_default = count - defaults.len();
        let mut defaults = defaults.into_iter();
        let mut converted = Vec::with_capacity(count);
        for (i, arg) in posonly.iter().chain(positional.iter()).enumerate() {
            let parameter = self.parameter(arg)?;
            let default = match i >= first_default {
                true => defaults.next().map(|d| self.expr(&d)).transpose()?,
                false => None,
            };
            converted.push(self.with_default(parameter, default));
        }
        let positional_params = converted.split_off(posonly.len());
        let mut kwonly_params = Vec::with_capacity(kwonly.len());
        for (arg, default) in kwonly.iter().zip(kw_defaults.iter()) {
            let parameter = self.parameter(arg)?;
            let default = match default {
                Value::None => None,
                d => Some(self.expr(d)?),
            };
            kwonly_params.push(self.with_default(parameter, default));
        }
        let vararg = match self.field(&args, "vararg")? {
            Value::None => None,
            v => Some(Box::new(self.parameter(&v)?)),
        };
        let kwarg = match self.field(&args, "kwarg")? {
            Value::None => None,
            v => Some(Box::new(self.parameter(&v)?)),
        };
        Ok(ast::Parameters {
            range: owner,
            node_index: index(),
            posonlyargs: converted.into(),
            args: positional_params.into(),
            vararg,
            kwonlyargs: kwonly_params.into(),
            kwarg,
        })
    }

    // --- expressions --------------------------------------------------------------

    fn expr_field(&mut self, obj: &Value, name: &str) -> Conv<Expr> {
        let v = self.field(obj, name)?;
        self.expr(&v)
    }

    fn opt_expr_field(&mut self, obj: &Value, name: &str) -> Conv<Option<Expr>> {
        match self.field(obj, name)? {
            Value::None => Ok(None),
            v => self.expr(&v).map(Some),
        }
    }

    fn exprs(&mut self, obj: &Value, name: &str) -> Conv<Vec<Expr>> {
        let items = self.items(obj, name)?;
        items.iter().map(|e| self.expr(e)).collect()
    }

    fn expr(&mut self, obj: &Value) -> Conv<Expr> {
        // Deeply nested trees grow the stack rather than overflow it.
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.expr_node(obj))
    }

    fn expr_node(&mut self, obj: &Value) -> Conv<Expr> {
        let kind = self.kind(obj, "expr")?;
        let range = self.range(obj)?;
        let node_index = index();
        Ok(match kind {
            "BoolOp" => {
                let op = match self.field(obj, "op")? {
                    op if self.kind(&op, "boolop")? == "And" => ast::BoolOp::And,
                    _ => ast::BoolOp::Or,
                };
                Expr::BoolOp(ast::ExprBoolOp {
                    node_index,
                    range,
                    op,
                    values: self.exprs(obj, "values")?,
                })
            }
            "NamedExpr" => Expr::Named(ast::ExprNamed {
                node_index,
                range,
                target: Box::new(self.expr_field(obj, "target")?),
                value: Box::new(self.expr_field(obj, "value")?),
            }),
            "BinOp" => Expr::BinOp(ast::ExprBinOp {
                node_index,
                range,
                left: Box::new(self.expr_field(obj, "left")?),
                op: self.operator(obj)?,
                right: Box::new(self.expr_field(obj, "right")?),
            }),
            "UnaryOp" => {
                let op = self.field(obj, "op")?;
                let op = match self.kind(&op, "unaryop")? {
                    "Invert" => ast::UnaryOp::Invert,
                    "Not" => ast::UnaryOp::Not,
                    "UAdd" => ast::UnaryOp::UAdd,
                    _ => ast::UnaryOp::USub,
                };
                Expr::UnaryOp(ast::ExprUnaryOp {
                    node_index,
                    range,
                    op,
                    operand: Box::new(self.expr_field(obj, "operand")?),
                })
            }
            "Lambda" => Expr::Lambda(ast::ExprLambda {
                node_index,
                range,
                parameters: Some(Box::new(self.parameters_field(obj, "args", range)?)),
                body: Box::new(self.expr_field(obj, "body")?),
            }),
            "IfExp" => Expr::If(ast::ExprIf {
                node_index,
                range,
                test: Box::new(self.expr_field(obj, "test")?),
                body: Box::new(self.expr_field(obj, "body")?),
                orelse: Box::new(self.expr_field(obj, "orelse")?),
            }),
            "Dict" => {
                let keys = self.items(obj, "keys")?;
                let values = self.items(obj, "values")?;
                if keys.len() != values.len() {
                    let e = self.vm.new_value_error(
                        "Dict doesn't have the same number of keys as values".to_owned(),
                    );
                    return Err(e.into());
                }
                let items = keys
                    .iter()
                    .zip(values.iter())
                    .map(|(k, v)| {
                        let key = match k {
                            Value::None => None,
                            k => Some(self.expr(k)?),
                        };
                        Ok(ast::DictItem {
                            key,
                            value: self.expr(v)?,
                        })
                    })
                    .collect::<Conv<Vec<_>>>()?;
                Expr::Dict(ast::ExprDict {
                    node_index,
                    range,
                    items,
                })
            }
            "Set" => Expr::Set(ast::ExprSet {
                node_index,
                range,
                elts: self.exprs(obj, "elts")?,
            }),
            "ListComp" => Expr::ListComp(ast::ExprListComp {
                node_index,
                range,
                elt: Box::new(self.expr_field(obj, "elt")?),
                generators: self.comprehensions(obj)?,
            }),
            "SetComp" => Expr::SetComp(ast::ExprSetComp {
                node_index,
                range,
                elt: Box::new(self.expr_field(obj, "elt")?),
                generators: self.comprehensions(obj)?,
            }),
            "DictComp" => Expr::DictComp(ast::ExprDictComp {
                node_index,
                range,
                key: Some(Box::new(self.expr_field(obj, "key")?)),
                value: Box::new(self.expr_field(obj, "value")?),
                generators: self.comprehensions(obj)?,
            }),
            "GeneratorExp" => Expr::Generator(ast::ExprGenerator {
                node_index,
                range,
                elt: Box::new(self.expr_field(obj, "elt")?),
                generators: self.comprehensions(obj)?,
                // The range is the tree's own: nothing to take from parentheses.
                parenthesized: true,
            }),
            "Await" => Expr::Await(ast::ExprAwait {
                node_index,
                range,
                value: Box::new(self.expr_field(obj, "value")?),
            }),
            "Yield" => Expr::Yield(ast::ExprYield {
                node_index,
                range,
                value: self.opt_expr_field(obj, "value")?.map(Box::new),
            }),
            "YieldFrom" => Expr::YieldFrom(ast::ExprYieldFrom {
                node_index,
                range,
                value: Box::new(self.expr_field(obj, "value")?),
            }),
            "Compare" => {
                let left = Box::new(self.expr_field(obj, "left")?);
                let ops = self.items(obj, "ops")?;
                let ops = ops
                    .iter()
                    .map(|op| self.cmpop(op))
                    .collect::<Conv<Vec<_>>>()?;
                let comparators = self.exprs(obj, "comparators")?;
                if comparators.is_empty() {
                    let e = self
                        .vm
                        .new_value_error("Compare with no comparators".to_owned());
                    return Err(e.into());
                }
                if ops.len() != comparators.len() {
                    let e = self.vm.new_value_error(
                        "Compare has a different number of comparators and operands".to_owned(),
                    );
                    return Err(e.into());
                }
                Expr::Compare(ast::ExprCompare {
                    node_index,
                    range,
                    left,
                    ops: ops.into(),
                    comparators: comparators.into(),
                })
            }
            "Call" => {
                let func = Box::new(self.expr_field(obj, "func")?);
                let args = self.exprs(obj, "args")?;
                let keywords = self.keywords(obj)?;
                Expr::Call(ast::ExprCall {
                    node_index,
                    range_start: range.start(),
                    func,
                    arguments: ast::Arguments {
                        // A call ends where its arguments do.
                        range: TextRange::new(range.start(), range.end()),
                        node_index: index(),
                        args: args.into(),
                        keywords: keywords.into(),
                    },
                })
            }
            "JoinedStr" => {
                let values = self.items(obj, "values")?;
                let mut parts = self.fstring_parts(&values, range)?;
                let value = match parts.len() {
                    0 => ast::FStringValue::single(self.fstring(Vec::new(), range)),
                    1 => match parts.pop() {
                        Some(ast::FStringPart::FString(part)) => ast::FStringValue::single(part),
                        Some(ast::FStringPart::Literal(literal)) => {
                            let element = ast::InterpolatedStringElement::Literal(
                                ast::InterpolatedStringLiteralElement {
                                    range,
                                    node_index: index(),
                                    value: literal.value,
                                },
                            );
                            ast::FStringValue::single(self.fstring(vec![element], range))
                        }
                        None => return Err(Unconverted::NoForm),
                    },
                    _ => ast::FStringValue::concatenated(parts),
                };
                Expr::FString(ast::ExprFString {
                    node_index,
                    range,
                    value,
                })
            }
            "FormattedValue" => {
                let element = self.interpolation(obj, range)?;
                let part = self.fstring(vec![element], range);
                Expr::FString(ast::ExprFString {
                    node_index,
                    range,
                    value: ast::FStringValue::single(part),
                })
            }
            "Constant" => {
                let value = self.field(obj, "value")?;
                self.constant(&value, range)?
            }
            "Attribute" => {
                let value = Box::new(self.expr_field(obj, "value")?);
                Expr::Attribute(ast::ExprAttribute {
                    node_index,
                    range,
                    value,
                    attr: self.identifier(obj, "attr", range)?,
                    ctx: self.ctx(obj)?,
                })
            }
            "Subscript" => Expr::Subscript(ast::ExprSubscript {
                node_index,
                range,
                value: Box::new(self.expr_field(obj, "value")?),
                slice: Box::new(self.expr_field(obj, "slice")?),
                ctx: self.ctx(obj)?,
            }),
            "Starred" => Expr::Starred(ast::ExprStarred {
                node_index,
                range,
                value: Box::new(self.expr_field(obj, "value")?),
                ctx: self.ctx(obj)?,
            }),
            "Name" => Expr::Name(ast::ExprName {
                node_index,
                range,
                id: Name::new(self.name_field(obj, "id")?),
                ctx: self.ctx(obj)?,
            }),
            "List" => Expr::List(ast::ExprList {
                node_index,
                range,
                elts: self.exprs(obj, "elts")?,
                ctx: self.ctx(obj)?,
            }),
            "Tuple" => Expr::Tuple(ast::ExprTuple {
                node_index,
                range,
                elts: self.exprs(obj, "elts")?,
                ctx: self.ctx(obj)?,
                // The range is the tree's own: nothing to take from parentheses.
                parenthesized: true,
            }),
            "Slice" => Expr::Slice(ast::ExprSlice {
                node_index,
                range,
                lower: self.opt_expr_field(obj, "lower")?.map(Box::new),
                upper: self.opt_expr_field(obj, "upper")?.map(Box::new),
                step: self.opt_expr_field(obj, "step")?.map(Box::new),
            }),
            _ => return Err(Unconverted::NoForm),
        })
    }

    fn comprehensions(&mut self, obj: &Value) -> Conv<Vec<ast::Comprehension>> {
        let items = self.items(obj, "generators")?;
        if items.is_empty() {
            let e = self
                .vm
                .new_value_error("comprehension with no generators".to_owned());
            return Err(e.into());
        }
        items
            .iter()
            .map(|g| {
                let target = self.expr_field(g, "target")?;
                let iter = self.expr_field(g, "iter")?;
                let ifs = self.exprs(g, "ifs")?;
                let range = ifs
                    .iter()
                    .map(Ranged::range)
                    .fold(cover(target.range(), iter.range()), cover);
                Ok(ast::Comprehension {
                    range,
                    node_index: index(),
                    target,
                    iter,
                    ifs,
                    is_async: self.int_field(g, "is_async")? != 0,
                })
            })
            .collect()
    }

    // --- constants ------------------------------------------------------------------

    /// A `Constant`'s value as the literal that makes it. A negative number is
    /// the negation of its magnitude, which the compiler folds back; a tuple is a
    /// tuple display of constants, folded the same way.
    fn constant(&mut self, v: &Value, range: TextRange) -> Conv<Expr> {
        let node_index = index();
        let number = |value| {
            Expr::NumberLiteral(ast::ExprNumberLiteral {
                node_index: index(),
                range,
                value,
            })
        };
        Ok(match v {
            Value::None => Expr::NoneLiteral(ast::ExprNoneLiteral { node_index, range }),
            Value::Bool(b) => Expr::BooleanLiteral(ast::ExprBooleanLiteral {
                node_index,
                range,
                value: *b,
            }),
            Value::Float(f) => number(ast::Number::Float(*f)),
            Value::Int(_) => self.int_constant(v, range)?,
            Value::Obj(o) => match &o.payload {
                Payload::Int(_) => self.int_constant(v, range)?,
                Payload::Float(f) => number(ast::Number::Float(*f)),
                Payload::Complex(real, imag) => number(ast::Number::Complex {
                    real: *real,
                    imag: *imag,
                }),
                Payload::Bytes(b) => Expr::BytesLiteral(ast::ExprBytesLiteral {
                    node_index,
                    range,
                    value: ast::BytesLiteralValue::single(ast::BytesLiteral {
                        range,
                        node_index: index(),
                        value: b.to_vec().into_boxed_slice(),
                        flags: ast::BytesLiteralFlags::empty(),
                    }),
                }),
                Payload::Tuple(items) => {
                    let items = items.to_vec();
                    let elts = items
                        .iter()
                        .map(|item| self.constant(item, range))
                        .collect::<Conv<Vec<_>>>()?;
                    Expr::Tuple(ast::ExprTuple {
                        node_index,
                        range,
                        elts,
                        ctx: ast::ExprContext::Load,
                        parenthesized: true,
                    })
                }
                _ if abstract_::value_as_str(v).is_some() => {
                    let text = self.string(v)?;
                    Expr::StringLiteral(ast::ExprStringLiteral {
                        node_index,
                        range,
                        value: ast::StringLiteralValue::single(self.string_literal(text, range)),
                    })
                }
                _ if matches!(self.vm.ellipsis(), Value::Obj(e) if Rc::ptr_eq(&e, o)) => {
                    Expr::EllipsisLiteral(ast::ExprEllipsisLiteral { node_index, range })
                }
                _ => return Err(Unconverted::NoForm),
            },
        })
    }

    fn int_constant(&mut self, v: &Value, range: TextRange) -> Conv<Expr> {
        let value = crate::objects::int::as_big(v).ok_or(Unconverted::NoForm)?;
        let magnitude = value.magnitude().to_string();
        let int: ast::Int = magnitude.parse().map_err(|_| Unconverted::NoForm)?;
        let literal = Expr::NumberLiteral(ast::ExprNumberLiteral {
            node_index: index(),
            range,
            value: ast::Number::Int(int),
        });
        if value.sign() != Sign::Minus {
            return Ok(literal);
        }
        Ok(Expr::UnaryOp(ast::ExprUnaryOp {
            node_index: index(),
            range,
            op: ast::UnaryOp::USub,
            operand: Box::new(literal),
        }))
    }

    fn string_literal(&self, text: String, range: TextRange) -> ast::StringLiteral {
        ast::StringLiteral {
            range,
            node_index: index(),
            value: text.into_boxed_str(),
            flags: ast::StringLiteralFlags::empty(),
        }
    }

    // --- f-strings --------------------------------------------------------------------

    /// A `JoinedStr`'s values as f-string parts: its strings literal text, its
    /// `FormattedValue`s fields. Each field is a part of its own, placed where its
    /// format spec is (3.11 puts a spec at the f-string token that holds it).
    fn fstring_parts(&mut self, values: &[Value], range: TextRange) -> Conv<Vec<ast::FStringPart>> {
        let mut parts = Vec::new();
        for value in values {
            match self.kind(value, "expr")? {
                "Constant" => {
                    let text = self.field(value, "value")?;
                    let text = self.string(&text)?;
                    let literal = self.string_literal(text, range);
                    parts.push(ast::FStringPart::Literal(literal));
                }
                "FormattedValue" => {
                    let element = self.interpolation(value, range)?;
                    let part = match &element {
                        ast::InterpolatedStringElement::Interpolation(i) => {
                            i.format_spec.as_ref().map_or(range, |s| s.range)
                        }
                        ast::InterpolatedStringElement::Literal(l) => l.range,
                    };
                    parts.push(ast::FStringPart::FString(self.fstring(vec![element], part)));
                }
                _ => return Err(Unconverted::NoForm),
            }
        }
        Ok(parts)
    }

    fn fstring(
        &self,
        elements: Vec<ast::InterpolatedStringElement>,
        range: TextRange,
    ) -> ast::FString {
        ast::FString {
            range,
            node_index: index(),
            elements: elements.into(),
            flags: ast::FStringFlags::empty(),
        }
    }

    fn interpolation(
        &mut self,
        obj: &Value,
        range: TextRange,
    ) -> Conv<ast::InterpolatedStringElement> {
        let expression = Box::new(self.expr_field(obj, "value")?);
        let conversion = match self.int_field(obj, "conversion")? {
            -1 => ast::ConversionFlag::None,
            115 => ast::ConversionFlag::Str,
            114 => ast::ConversionFlag::Repr,
            97 => ast::ConversionFlag::Ascii,
            other => {
                let e = self.vm.new_error(
                    crate::Exc::SystemError,
                    format!("Unrecognized conversion character {other}"),
                );
                return Err(e.into());
            }
        };
        let format_spec = match self.field(obj, "format_spec")? {
            Value::None => None,
            spec => {
                if self.kind(&spec, "expr")? != "JoinedStr" {
                    return Err(Unconverted::NoForm);
                }
                let spec_range = self.range(&spec)?;
                let values = self.items(&spec, "values")?;
                let mut elements = Vec::with_capacity(values.len());
                for value in &values {
                    match self.kind(value, "expr")? {
                        "Constant" => {
                            let text = self.field(value, "value")?;
                            let text = self.string(&text)?;
                            elements.push(ast::InterpolatedStringElement::Literal(
                                ast::InterpolatedStringLiteralElement {
                                    range: spec_range,
                                    node_index: index(),
                                    value: text.into_boxed_str(),
                                },
                            ));
                        }
                        "FormattedValue" => elements.push(self.interpolation(value, range)?),
                        _ => return Err(Unconverted::NoForm),
                    }
                }
                Some(Box::new(ast::InterpolatedStringFormatSpec {
                    range: spec_range,
                    node_index: index(),
                    elements: elements.into(),
                }))
            }
        };
        Ok(ast::InterpolatedStringElement::Interpolation(
            ast::InterpolatedElement {
                range,
                node_index: index(),
                expression,
                debug_text: None,
                conversion,
                format_spec,
            },
        ))
    }

    // --- operators and contexts -------------------------------------------------------

    fn ctx(&mut self, obj: &Value) -> Conv<ast::ExprContext> {
        let ctx = self.field(obj, "ctx")?;
        Ok(match self.kind(&ctx, "expr_context")? {
            "Store" => ast::ExprContext::Store,
            "Del" => ast::ExprContext::Del,
            _ => ast::ExprContext::Load,
        })
    }

    fn operator(&mut self, obj: &Value) -> Conv<ast::Operator> {
        use ast::Operator::*;
        let op = self.field(obj, "op")?;
        Ok(match self.kind(&op, "operator")? {
            "Add" => Add,
            "Sub" => Sub,
            "Mult" => Mult,
            "MatMult" => MatMult,
            "Div" => Div,
            "Mod" => Mod,
            "Pow" => Pow,
            "LShift" => LShift,
            "RShift" => RShift,
            "BitOr" => BitOr,
            "BitXor" => BitXor,
            "BitAnd" => BitAnd,
            _ => FloorDiv,
        })
    }

    fn cmpop(&mut self, op: &Value) -> Conv<ast::CmpOp> {
        use ast::CmpOp::*;
        Ok(match self.kind(op, "cmpop")? {
            "Eq" => Eq,
            "NotEq" => NotEq,
            "Lt" => Lt,
            "LtE" => LtE,
            "Gt" => Gt,
            "GtE" => GtE,
            "Is" => Is,
            "IsNot" => IsNot,
            "In" => In,
            _ => NotIn,
        })
    }

    // --- match statements -------------------------------------------------------------

    fn match_case(&mut self, case: &Value) -> Conv<ast::MatchCase> {
        let pattern = self.pattern_field(case, "pattern")?;
        let guard = self.opt_expr_field(case, "guard")?;
        let body = self.stmts(case, "body")?;
        let range = body.iter().map(Ranged::range).fold(pattern.range(), cover);
        Ok(ast::MatchCase {
            range,
            node_index: index(),
            pattern,
            guard: guard.map(Box::new),
            body: body.into(),
        })
    }

    fn pattern_field(&mut self, obj: &Value, name: &str) -> Conv<Pattern> {
        let v = self.field(obj, name)?;
        self.pattern(&v)
    }

    fn patterns(&mut self, obj: &Value, name: &str) -> Conv<Vec<Pattern>> {
        let items = self.items(obj, name)?;
        items.iter().map(|p| self.pattern(p)).collect()
    }

    fn pattern(&mut self, obj: &Value) -> Conv<Pattern> {
        // Deeply nested trees grow the stack rather than overflow it.
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.pattern_node(obj))
    }

    fn pattern_node(&mut self, obj: &Value) -> Conv<Pattern> {
        let kind = self.kind(obj, "pattern")?;
        let range = self.range(obj)?;
        let node_index = index();
        Ok(match kind {
            "MatchValue" => Pattern::MatchValue(ast::PatternMatchValue {
                node_index,
                range,
                value: Box::new(self.expr_field(obj, "value")?),
            }),
            "MatchSingleton" => {
                let value = match self.field(obj, "value")? {
                    Value::None => ast::Singleton::None,
                    Value::Bool(true) => ast::Singleton::True,
                    Value::Bool(false) => ast::Singleton::False,
                    _ => {
                        let e = self.vm.new_value_error(
                            "MatchSingleton can only contain True, False and None".to_owned(),
                        );
                        return Err(e.into());
                    }
                };
                Pattern::MatchSingleton(ast::PatternMatchSingleton {
                    node_index,
                    range,
                    value,
                })
            }
            "MatchSequence" => Pattern::MatchSequence(ast::PatternMatchSequence {
                node_index,
                range,
                patterns: self.patterns(obj, "patterns")?,
            }),
            "MatchMapping" => Pattern::MatchMapping(ast::PatternMatchMapping {
                node_index,
                range,
                keys: self.exprs(obj, "keys")?.into(),
                patterns: self.patterns(obj, "patterns")?.into(),
                rest: self.opt_identifier(obj, "rest", range)?,
            }),
            "MatchClass" => {
                let cls = Box::new(self.expr_field(obj, "cls")?);
                let patterns = self.patterns(obj, "patterns")?;
                let attrs = self.items(obj, "kwd_attrs")?;
                let kwd_patterns = self.patterns(obj, "kwd_patterns")?;
                if attrs.len() != kwd_patterns.len() {
                    let e = self.vm.new_value_error(
                        "MatchClass doesn't have the same number of keyword attributes as patterns"
                            .to_owned(),
                    );
                    return Err(e.into());
                }
                let keywords = attrs
                    .iter()
                    .zip(kwd_patterns)
                    .map(|(attr, pattern)| {
                        Ok(ast::PatternKeyword {
                            range: pattern.range(),
                            node_index: index(),
                            attr: ast::Identifier::new(Name::new(self.string(attr)?), range),
                            pattern,
                        })
                    })
                    .collect::<Conv<Vec<_>>>()?;
                Pattern::MatchClass(ast::PatternMatchClass {
                    node_index,
                    range,
                    cls,
                    arguments: ast::PatternArguments {
                        range,
                        node_index: index(),
                        patterns: patterns.into(),
                        keywords,
                    },
                })
            }
            "MatchStar" => Pattern::MatchStar(ast::PatternMatchStar {
                node_index,
                range,
                name: self.opt_identifier(obj, "name", range)?,
            }),
            "MatchAs" => {
                let pattern = match self.field(obj, "pattern")? {
                    Value::None => None,
                    p => Some(Box::new(self.pattern(&p)?)),
                };
                let name = self.opt_identifier(obj, "name", range)?;
                if pattern.is_some() && name.is_none() {
                    let e = self.vm.new_value_error(
                        "MatchAs must specify a target name if a pattern is given".to_owned(),
                    );
                    return Err(e.into());
                }
                Pattern::MatchAs(ast::PatternMatchAs {
                    node_index,
                    range,
                    pattern,
                    name,
                })
            }
            "MatchOr" => Pattern::MatchOr(ast::PatternMatchOr {
                node_index,
                range,
                patterns: self.patterns(obj, "patterns")?,
            }),
            _ => return Err(Unconverted::NoForm),
        })
    }
}
