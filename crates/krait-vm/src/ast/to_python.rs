//! ruff's tree to `ast` node objects (CPython's `ast2obj_*`), with 3.11's shapes
//! and positions: lines 1-based, columns in UTF-8 bytes, a decorated definition
//! starting at its `def`/`class`, `elif` as a nested `If`, f-strings as 3.11's
//! `JoinedStr` (literal parts merged, every part at the whole string's position).

use std::rc::Rc;

use num_bigint::BigInt;
use ruff_python_ast::{self as ast, Expr, Mod, Pattern, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{ast_state, new_node, AstState};
use crate::{PyResult, Value, Vm};

/// `compile(source, filename, mode, PyCF_ONLY_AST)`: the parsed tree as nodes.
/// `feature_version`: the minor version of Python 3 whose grammar the source must
/// keep to (`ast.parse(..., feature_version=(3, N))`), when given.
pub fn parse_to_node(
    vm: &mut Vm,
    source: &str,
    filename: &str,
    mode: krait_compiler::Mode,
    feature_version: Option<u32>,
) -> PyResult<Value> {
    let state = ast_state(vm)?;
    let source = &*krait_compiler::universal_newlines(source);
    // The tokenizer's and string parser's warnings come with the tree, as from
    // CPython's parser; the compiler's do not.
    let mut warnings = Vec::new();
    let parsed = krait_compiler::parse_reporting(source, filename, mode, &mut warnings);
    crate::import::issue_compile_warnings(vm, &warnings, filename, None)?;
    let module = match parsed {
        Ok(m) => m,
        Err(e) => return Err(crate::import::syntax_error(vm, &e)),
    };
    if let Some(minor) = feature_version {
        if let Err(e) = krait_compiler::check_feature_version(&module, source, filename, minor) {
            return Err(crate::import::syntax_error(vm, &e));
        }
    }
    let mut c = ToPython {
        vm,
        state,
        source,
        line_starts: line_starts(source),
    };
    Ok(c.module(&module, mode))
}

/// `compile(source, filename, 'func_type', PyCF_ONLY_AST)`: a signature type comment
/// such as `(int, *str) -> bool` as a `FunctionType` node. The arrow becomes `or`
/// (two bytes, so positions stay) and the text is parsed as an expression.
pub fn parse_func_type_to_node(vm: &mut Vm, source: &str, filename: &str) -> PyResult<Value> {
    let state = ast_state(vm)?;
    let invalid = |vm: &mut Vm| vm.new_error(crate::Exc::SyntaxError, "invalid syntax");
    let Some(arrow) = top_level_arrow(source) else {
        return Err(invalid(vm));
    };
    // `**kwargs` among the argument types is written `* kwargs` (same width), so
    // both starred forms parse inside a tuple; the types are the starred values.
    let mut args = source.as_bytes()[..arrow].to_vec();
    for i in 0..args.len().saturating_sub(1) {
        let before = args[..i].iter().rev().find(|b| !b.is_ascii_whitespace());
        if args[i] == b'*' && args[i + 1] == b'*' && matches!(before, Some(b'(' | b',')) {
            args[i + 1] = b' ';
        }
    }
    let args = String::from_utf8(args).unwrap_or_else(|_| source[..arrow].to_owned());
    let text = format!("{args}or{}", &source[arrow + 2..]);
    let module = match krait_compiler::parse(&text, filename, krait_compiler::Mode::Eval) {
        Ok(m) => m,
        Err(e) => return Err(crate::import::syntax_error(vm, &e)),
    };
    let Mod::Expression(e) = &module else {
        return Err(invalid(vm));
    };
    let Expr::BoolOp(b) = &*e.body else {
        return Err(invalid(vm));
    };
    let ([left, right], ast::BoolOp::Or) = (&b.values[..], b.op) else {
        return Err(invalid(vm));
    };
    let mut c = ToPython {
        vm,
        state,
        source: &text,
        line_starts: line_starts(&text),
    };
    let argtypes = match left {
        Expr::Tuple(t) if t.parenthesized => t.elts.iter().collect(),
        other => vec![other],
    };
    let argtypes = argtypes
        .into_iter()
        .map(|e| match e {
            Expr::Starred(s) => c.expr(&s.value),
            e => c.expr(e),
        })
        .collect();
    let argtypes = c.list(argtypes);
    let returns = c.expr(right);
    Ok(c.node(
        "FunctionType",
        vec![("argtypes", argtypes), ("returns", returns)],
        None,
    ))
}

/// Where the first `->` outside string literals starts.
fn top_level_arrow(source: &str) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (Some(_), b'\\') => i += 1,
            (Some(q), b) if b == q => quote = None,
            (None, b'\'' | b'"') => quote = Some(bytes[i]),
            (None, b'-') if bytes.get(i + 1) == Some(&b'>') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset at which each line starts (`\n`, `\r\n` and `\r` end lines).
fn line_starts(source: &str) -> Vec<usize> {
    let bytes = source.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i + 1),
            b'\r' => {
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                starts.push(i + 1);
            }
            _ => {}
        }
        i += 1;
    }
    starts
}

struct ToPython<'v, 's> {
    vm: &'v mut Vm,
    state: Rc<AstState>,
    source: &'s str,
    line_starts: Vec<usize>,
}

impl ToPython<'_, '_> {
    // --- positions -------------------------------------------------------------

    fn line_col(&self, offset: usize) -> (i64, i64) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        (line as i64 + 1, (offset - self.line_starts[line]) as i64)
    }

    fn position(&self, range: TextRange) -> Option<[i64; 4]> {
        let (l, c) = self.line_col(range.start().to_usize());
        let (el, ec) = self.line_col(range.end().to_usize());
        Some([l, c, el, ec])
    }

    /// A compound statement ends at the last token of its block, a `;` after the
    /// last simple statement included.
    fn compound(&self, range: TextRange) -> TextRange {
        let bytes = self.source.as_bytes();
        let mut p = range.end().to_usize();
        while p < bytes.len() && matches!(bytes[p], b' ' | b'\t' | b'\x0c') {
            p += 1;
        }
        if bytes.get(p) == Some(&b';') {
            TextRange::new(range.start(), ((p + 1) as u32).into())
        } else {
            range
        }
    }

    /// A decorated definition starts at its `def`, `async` or `class` keyword.
    fn definition(
        &self,
        range: TextRange,
        name: TextRange,
        decorated: bool,
        kw: &str,
    ) -> TextRange {
        if !decorated {
            return range;
        }
        let bytes = self.source.as_bytes();
        let skip_blanks = |mut p: usize| {
            while p > 0 && matches!(bytes[p - 1], b' ' | b'\t' | b'\n' | b'\r' | b'\\' | b'\x0c') {
                p -= 1;
            }
            p
        };
        let mut p = skip_blanks(name.start().to_usize());
        if p < kw.len() || self.source.get(p - kw.len()..p) != Some(kw) {
            return range;
        }
        p -= kw.len();
        if kw == "def" {
            let q = skip_blanks(p);
            if q >= 5 && self.source.get(q - 5..q) == Some("async") {
                p = q - 5;
            }
        }
        TextRange::new((p as u32).into(), range.end())
    }

    /// An unparenthesised generator expression, the sole argument of a call,
    /// takes the call's parentheses.
    fn generator_range(&self, g: &ast::ExprGenerator) -> TextRange {
        if g.parenthesized {
            return g.range;
        }
        let bytes = self.source.as_bytes();
        let blank = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\\' | b'\x0c');
        let mut a = g.range.start().to_usize();
        while a > 0 && blank(bytes[a - 1]) {
            a -= 1;
        }
        let mut b = g.range.end().to_usize();
        while b < bytes.len() && blank(bytes[b]) {
            b += 1;
        }
        if a > 0 && bytes[a - 1] == b'(' && bytes.get(b) == Some(&b')') {
            TextRange::new(((a - 1) as u32).into(), ((b + 1) as u32).into())
        } else {
            g.range
        }
    }

    /// 3.11 parses a replacement field's expression in parentheses put in place of
    /// its `{` and where the expression text ends (at the `!`, `:`, `=` or `}`),
    /// so a bare tuple or generator there spans them.
    fn field_braces(&self, i: &ast::InterpolatedElement) -> TextRange {
        let bytes = self.source.as_bytes();
        let mut end = match &*i.expression {
            Expr::Tuple(t) => t.elts.last().map_or(t.range.end(), |e| e.range().end()),
            e => e.range().end(),
        }
        .to_usize();
        while end < bytes.len() && matches!(bytes[end], b' ' | b'\t' | b'\n' | b'\r' | b',') {
            end += 1;
        }
        let end = (end + 1).min(bytes.len());
        TextRange::new(i.range.start(), (end as u32).into())
    }

    /// Moves a node made already to `range`.
    fn place(&mut self, node: &Value, range: TextRange) {
        let Some([lineno, col, end_lineno, end_col]) = self.position(range) else {
            return;
        };
        let Some(d) = node.as_obj().and_then(|o| o.dict()) else {
            return;
        };
        for (attr, v) in [
            ("lineno", lineno),
            ("col_offset", col),
            ("end_lineno", end_lineno),
            ("end_col_offset", end_col),
        ] {
            crate::objects::dict::dict_set_str(self.vm, &d, attr, Value::Int(v));
        }
    }

    // --- building --------------------------------------------------------------

    fn node(
        &mut self,
        name: &'static str,
        fields: Vec<(&'static str, Value)>,
        range: Option<TextRange>,
    ) -> Value {
        let position = range.and_then(|r| self.position(r));
        new_node(self.vm, &self.state, name, fields, position)
    }

    fn str(&self, s: &str) -> Value {
        self.vm.new_str(s)
    }

    fn opt_str(&self, s: Option<&ast::Identifier>) -> Value {
        s.map_or(Value::None, |s| self.vm.new_str(s.as_str()))
    }

    fn list(&self, items: Vec<Value>) -> Value {
        self.vm.new_list(items)
    }

    fn module(&mut self, module: &Mod, mode: krait_compiler::Mode) -> Value {
        match (module, mode) {
            (Mod::Expression(e), _) => {
                let body = self.expr(&e.body);
                self.node("Expression", vec![("body", body)], None)
            }
            (Mod::Module(m), krait_compiler::Mode::Single) => {
                let body = self.stmts(&m.body);
                self.node("Interactive", vec![("body", body)], None)
            }
            (Mod::Module(m), _) => {
                let body = self.stmts(&m.body);
                let ignores = self.list(vec![]);
                self.node(
                    "Module",
                    vec![("body", body), ("type_ignores", ignores)],
                    None,
                )
            }
        }
    }

    fn stmts(&mut self, body: &[Stmt]) -> Value {
        let items = body.iter().map(|s| self.stmt(s)).collect();
        self.list(items)
    }

    fn exprs(&mut self, items: &[Expr]) -> Value {
        let items = items.iter().map(|e| self.expr(e)).collect();
        self.list(items)
    }

    fn opt_expr(&mut self, e: Option<&Expr>) -> Value {
        e.map_or(Value::None, |e| self.expr(e))
    }

    fn stmt(&mut self, s: &Stmt) -> Value {
        // Deeply nested trees grow the stack rather than overflow it.
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.stmt_node(s))
    }

    fn stmt_node(&mut self, s: &Stmt) -> Value {
        let range = s.range();
        match s {
            Stmt::FunctionDef(f) => {
                let decorated = !f.decorator_list.is_empty();
                let range = self.compound(self.definition(range, f.name.range, decorated, "def"));
                let name = self.str(&f.name);
                let args = self.parameters(Some(&f.parameters));
                let body = self.stmts(&f.body);
                let decorators = f
                    .decorator_list
                    .iter()
                    .map(|d| self.expr(&d.expression))
                    .collect();
                let decorators = self.list(decorators);
                let returns = self.opt_expr(f.returns.as_deref());
                let class = if f.is_async {
                    "AsyncFunctionDef"
                } else {
                    "FunctionDef"
                };
                self.node(
                    class,
                    vec![
                        ("name", name),
                        ("args", args),
                        ("body", body),
                        ("decorator_list", decorators),
                        ("returns", returns),
                        ("type_comment", Value::None),
                    ],
                    Some(range),
                )
            }
            Stmt::ClassDef(c) => {
                let decorated = !c.decorator_list.is_empty();
                let range = self.compound(self.definition(range, c.name.range, decorated, "class"));
                let name = self.str(&c.name);
                let (bases, keywords) = match &c.arguments {
                    Some(a) => (self.exprs(&a.args), self.keywords(&a.keywords)),
                    None => (self.list(vec![]), self.list(vec![])),
                };
                let body = self.stmts(&c.body);
                let decorators = c
                    .decorator_list
                    .iter()
                    .map(|d| self.expr(&d.expression))
                    .collect();
                let decorators = self.list(decorators);
                self.node(
                    "ClassDef",
                    vec![
                        ("name", name),
                        ("bases", bases),
                        ("keywords", keywords),
                        ("body", body),
                        ("decorator_list", decorators),
                    ],
                    Some(range),
                )
            }
            Stmt::Return(r) => {
                let value = self.opt_expr(r.value.as_deref());
                self.node("Return", vec![("value", value)], Some(range))
            }
            Stmt::Delete(d) => {
                let targets = self.exprs(&d.targets);
                self.node("Delete", vec![("targets", targets)], Some(range))
            }
            Stmt::Assign(a) => {
                let targets = self.exprs(&a.targets);
                let value = self.expr(&a.value);
                self.node(
                    "Assign",
                    vec![
                        ("targets", targets),
                        ("value", value),
                        ("type_comment", Value::None),
                    ],
                    Some(range),
                )
            }
            Stmt::AugAssign(a) => {
                let target = self.expr(&a.target);
                let op = self.operator(a.op);
                let value = self.expr(&a.value);
                self.node(
                    "AugAssign",
                    vec![("target", target), ("op", op), ("value", value)],
                    Some(range),
                )
            }
            Stmt::AnnAssign(a) => {
                let target = self.expr(&a.target);
                let annotation = self.expr(&a.annotation);
                let value = self.opt_expr(a.value.as_deref());
                self.node(
                    "AnnAssign",
                    vec![
                        ("target", target),
                        ("annotation", annotation),
                        ("value", value),
                        ("simple", Value::Int(i64::from(a.simple))),
                    ],
                    Some(range),
                )
            }
            Stmt::For(f) => {
                let range = self.compound(range);
                let target = self.expr(&f.target);
                let iter = self.expr(&f.iter);
                let body = self.stmts(&f.body);
                let orelse = self.stmts(&f.orelse);
                let class = if f.is_async { "AsyncFor" } else { "For" };
                self.node(
                    class,
                    vec![
                        ("target", target),
                        ("iter", iter),
                        ("body", body),
                        ("orelse", orelse),
                        ("type_comment", Value::None),
                    ],
                    Some(range),
                )
            }
            Stmt::While(w) => {
                let range = self.compound(range);
                let test = self.expr(&w.test);
                let body = self.stmts(&w.body);
                let orelse = self.stmts(&w.orelse);
                self.node(
                    "While",
                    vec![("test", test), ("body", body), ("orelse", orelse)],
                    Some(range),
                )
            }
            Stmt::If(i) => {
                let range = self.compound(range);
                self.if_chain(&i.test, &i.body, &i.elif_else_clauses, range)
            }
            Stmt::With(w) => {
                let range = self.compound(range);
                let items = w.items.iter().map(|i| self.with_item(i)).collect();
                let items = self.list(items);
                let body = self.stmts(&w.body);
                let class = if w.is_async { "AsyncWith" } else { "With" };
                self.node(
                    class,
                    vec![
                        ("items", items),
                        ("body", body),
                        ("type_comment", Value::None),
                    ],
                    Some(range),
                )
            }
            Stmt::Match(m) => {
                let range = self.compound(range);
                let subject = self.expr(&m.subject);
                let cases = m.cases.iter().map(|c| self.match_case(c)).collect();
                let cases = self.list(cases);
                self.node(
                    "Match",
                    vec![("subject", subject), ("cases", cases)],
                    Some(range),
                )
            }
            Stmt::Raise(r) => {
                let exc = self.opt_expr(r.exc.as_deref());
                let cause = self.opt_expr(r.cause.as_deref());
                self.node("Raise", vec![("exc", exc), ("cause", cause)], Some(range))
            }
            Stmt::Try(t) => {
                let range = self.compound(range);
                let body = self.stmts(&t.body);
                let handlers = t
                    .handlers
                    .iter()
                    .map(|h| {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        self.except_handler(h)
                    })
                    .collect();
                let handlers = self.list(handlers);
                let orelse = self.stmts(&t.orelse);
                let finalbody = self.stmts(&t.finalbody);
                let class = if t.is_star { "TryStar" } else { "Try" };
                self.node(
                    class,
                    vec![
                        ("body", body),
                        ("handlers", handlers),
                        ("orelse", orelse),
                        ("finalbody", finalbody),
                    ],
                    Some(range),
                )
            }
            Stmt::Assert(a) => {
                let test = self.expr(&a.test);
                let msg = self.opt_expr(a.msg.as_deref());
                self.node("Assert", vec![("test", test), ("msg", msg)], Some(range))
            }
            Stmt::Import(i) => {
                let names = self.aliases(&i.names);
                self.node("Import", vec![("names", names)], Some(range))
            }
            Stmt::ImportFrom(i) => {
                let module = self.opt_str(i.module.as_ref());
                let names = self.aliases(&i.names);
                self.node(
                    "ImportFrom",
                    vec![
                        ("module", module),
                        ("names", names),
                        ("level", Value::Int(i64::from(i.level))),
                    ],
                    Some(range),
                )
            }
            Stmt::Global(g) => {
                let names = g.names.iter().map(|n| self.str(n)).collect();
                let names = self.list(names);
                self.node("Global", vec![("names", names)], Some(range))
            }
            Stmt::Nonlocal(g) => {
                let names = g.names.iter().map(|n| self.str(n)).collect();
                let names = self.list(names);
                self.node("Nonlocal", vec![("names", names)], Some(range))
            }
            Stmt::Expr(e) => {
                let value = self.expr(&e.value);
                self.node("Expr", vec![("value", value)], Some(range))
            }
            Stmt::Pass(_) => self.node("Pass", vec![], Some(range)),
            Stmt::Break(_) => self.node("Break", vec![], Some(range)),
            Stmt::Continue(_) => self.node("Continue", vec![], Some(range)),
            // Syntax 3.11 does not have; the parser has already refused it.
            Stmt::TypeAlias(_) | Stmt::IpyEscapeCommand(_) => {
                self.node("Pass", vec![], Some(range))
            }
        }
    }

    /// `if`/`elif`/`else`: each `elif` is an `If` in the `orelse` of the one before,
    /// from its keyword to the end of the chain.
    fn if_chain(
        &mut self,
        test: &Expr,
        body: &[Stmt],
        clauses: &[ast::ElifElseClause],
        range: TextRange,
    ) -> Value {
        let test = self.expr(test);
        let body = self.stmts(body);
        let orelse = match clauses.split_first() {
            None => self.list(vec![]),
            Some((first, rest)) => match &first.test {
                Some(elif_test) => {
                    let chain = TextRange::new(first.range.start(), range.end());
                    let nested = self.if_chain(elif_test, &first.body, rest, chain);
                    self.list(vec![nested])
                }
                None => self.stmts(&first.body),
            },
        };
        self.node(
            "If",
            vec![("test", test), ("body", body), ("orelse", orelse)],
            Some(range),
        )
    }

    fn except_handler(&mut self, h: &ast::ExceptHandlerExceptHandler) -> Value {
        let range = self.compound(h.range);
        let typ = self.opt_expr(h.type_.as_deref());
        let name = self.opt_str(h.name.as_ref());
        let body = self.stmts(&h.body);
        self.node(
            "ExceptHandler",
            vec![("type", typ), ("name", name), ("body", body)],
            Some(range),
        )
    }

    fn with_item(&mut self, item: &ast::WithItem) -> Value {
        let context = self.expr(&item.context_expr);
        let vars = self.opt_expr(item.optional_vars.as_deref());
        self.node(
            "withitem",
            vec![("context_expr", context), ("optional_vars", vars)],
            None,
        )
    }

    fn aliases(&mut self, names: &[ast::Alias]) -> Value {
        let items = names
            .iter()
            .map(|a| {
                let name = self.str(&a.name);
                let asname = self.opt_str(a.asname.as_ref());
                self.node(
                    "alias",
                    vec![("name", name), ("asname", asname)],
                    Some(a.range),
                )
            })
            .collect();
        self.list(items)
    }

    fn keywords(&mut self, keywords: &[ast::Keyword]) -> Value {
        let items = keywords
            .iter()
            .map(|k| {
                let arg = self.opt_str(k.arg.as_ref());
                let value = self.expr(&k.value);
                self.node(
                    "keyword",
                    vec![("arg", arg), ("value", value)],
                    Some(k.range),
                )
            })
            .collect();
        self.list(items)
    }

    fn arg(&mut self, p: &ast::Parameter) -> Value {
        let name = self.str(&p.name);
        let annotation = self.opt_expr(p.annotation.as_deref());
        self.node(
            "arg",
            vec![
                ("arg", name),
                ("annotation", annotation),
                ("type_comment", Value::None),
            ],
            // `*args` and `**kwargs` start at the name, after the stars.
            Some(TextRange::new(p.name.range.start(), p.range.end())),
        )
    }

    fn parameters(&mut self, p: Option<&ast::Parameters>) -> Value {
        let empty = ast::Parameters::default();
        let p = p.unwrap_or(&empty);
        let posonly = p
            .posonlyargs
            .iter()
            .map(|a| self.arg(&a.parameter))
            .collect();
        let posonly = self.list(posonly);
        let args = p.args.iter().map(|a| self.arg(&a.parameter)).collect();
        let args = self.list(args);
        let vararg = p.vararg.as_deref().map_or(Value::None, |a| self.arg(a));
        let kwonly = p
            .kwonlyargs
            .iter()
            .map(|a| self.arg(&a.parameter))
            .collect();
        let kwonly = self.list(kwonly);
        let kw_defaults = p
            .kwonlyargs
            .iter()
            .map(|a| self.opt_expr(a.default.as_deref()))
            .collect();
        let kw_defaults = self.list(kw_defaults);
        let kwarg = p.kwarg.as_deref().map_or(Value::None, |a| self.arg(a));
        let defaults = p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .filter_map(|a| a.default.as_deref())
            .map(|d| self.expr(d))
            .collect();
        let defaults = self.list(defaults);
        self.node(
            "arguments",
            vec![
                ("posonlyargs", posonly),
                ("args", args),
                ("vararg", vararg),
                ("kwonlyargs", kwonly),
                ("kw_defaults", kw_defaults),
                ("kwarg", kwarg),
                ("defaults", defaults),
            ],
            None,
        )
    }

    fn comprehensions(&mut self, generators: &[ast::Comprehension]) -> Value {
        let items = generators
            .iter()
            .map(|g| {
                let target = self.expr(&g.target);
                let iter = self.expr(&g.iter);
                let ifs = self.exprs(&g.ifs);
                self.node(
                    "comprehension",
                    vec![
                        ("target", target),
                        ("iter", iter),
                        ("ifs", ifs),
                        ("is_async", Value::Int(i64::from(g.is_async))),
                    ],
                    None,
                )
            })
            .collect();
        self.list(items)
    }

    // --- singletons ------------------------------------------------------------

    fn singleton(&mut self, name: &'static str) -> Value {
        self.node(name, vec![], None)
    }

    fn ctx(&mut self, ctx: ast::ExprContext) -> Value {
        self.singleton(match ctx {
            ast::ExprContext::Store => "Store",
            ast::ExprContext::Del => "Del",
            _ => "Load",
        })
    }

    fn operator(&mut self, op: ast::Operator) -> Value {
        use ast::Operator::*;
        self.singleton(match op {
            Add => "Add",
            Sub => "Sub",
            Mult => "Mult",
            MatMult => "MatMult",
            Div => "Div",
            Mod => "Mod",
            Pow => "Pow",
            LShift => "LShift",
            RShift => "RShift",
            BitOr => "BitOr",
            BitXor => "BitXor",
            BitAnd => "BitAnd",
            FloorDiv => "FloorDiv",
        })
    }

    fn cmpop(&mut self, op: ast::CmpOp) -> Value {
        use ast::CmpOp::*;
        self.singleton(match op {
            Eq => "Eq",
            NotEq => "NotEq",
            Lt => "Lt",
            LtE => "LtE",
            Gt => "Gt",
            GtE => "GtE",
            Is => "Is",
            IsNot => "IsNot",
            In => "In",
            NotIn => "NotIn",
        })
    }

    // --- expressions -----------------------------------------------------------

    fn constant(&mut self, value: Value, kind: Value, range: TextRange) -> Value {
        self.node(
            "Constant",
            vec![("value", value), ("kind", kind)],
            Some(range),
        )
    }

    fn expr(&mut self, e: &Expr) -> Value {
        // Deeply nested trees grow the stack rather than overflow it.
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.expr_node(e))
    }

    fn expr_node(&mut self, e: &Expr) -> Value {
        let range = e.range();
        match e {
            Expr::BoolOp(b) => {
                let op = self.singleton(match b.op {
                    ast::BoolOp::And => "And",
                    ast::BoolOp::Or => "Or",
                });
                let values = self.exprs(&b.values);
                self.node("BoolOp", vec![("op", op), ("values", values)], Some(range))
            }
            Expr::Named(n) => {
                let target = self.expr(&n.target);
                let value = self.expr(&n.value);
                self.node(
                    "NamedExpr",
                    vec![("target", target), ("value", value)],
                    Some(range),
                )
            }
            Expr::BinOp(b) => {
                let left = self.expr(&b.left);
                let op = self.operator(b.op);
                let right = self.expr(&b.right);
                self.node(
                    "BinOp",
                    vec![("left", left), ("op", op), ("right", right)],
                    Some(range),
                )
            }
            Expr::UnaryOp(u) => {
                let op = self.singleton(match u.op {
                    ast::UnaryOp::Invert => "Invert",
                    ast::UnaryOp::Not => "Not",
                    ast::UnaryOp::UAdd => "UAdd",
                    ast::UnaryOp::USub => "USub",
                });
                let operand = self.expr(&u.operand);
                self.node(
                    "UnaryOp",
                    vec![("op", op), ("operand", operand)],
                    Some(range),
                )
            }
            Expr::Lambda(l) => {
                let args = self.parameters(l.parameters.as_deref());
                let body = self.expr(&l.body);
                self.node("Lambda", vec![("args", args), ("body", body)], Some(range))
            }
            Expr::If(i) => {
                let test = self.expr(&i.test);
                let body = self.expr(&i.body);
                let orelse = self.expr(&i.orelse);
                self.node(
                    "IfExp",
                    vec![("test", test), ("body", body), ("orelse", orelse)],
                    Some(range),
                )
            }
            Expr::Dict(d) => {
                let keys = d
                    .items
                    .iter()
                    .map(|i| self.opt_expr(i.key.as_ref()))
                    .collect();
                let keys = self.list(keys);
                let values = d.items.iter().map(|i| self.expr(&i.value)).collect();
                let values = self.list(values);
                self.node(
                    "Dict",
                    vec![("keys", keys), ("values", values)],
                    Some(range),
                )
            }
            Expr::Set(s) => {
                let elts = self.exprs(&s.elts);
                self.node("Set", vec![("elts", elts)], Some(range))
            }
            Expr::ListComp(c) => {
                let elt = self.expr(&c.elt);
                let generators = self.comprehensions(&c.generators);
                self.node(
                    "ListComp",
                    vec![("elt", elt), ("generators", generators)],
                    Some(range),
                )
            }
            Expr::SetComp(c) => {
                let elt = self.expr(&c.elt);
                let generators = self.comprehensions(&c.generators);
                self.node(
                    "SetComp",
                    vec![("elt", elt), ("generators", generators)],
                    Some(range),
                )
            }
            Expr::DictComp(c) => {
                let key = self.opt_expr(c.key.as_deref());
                let value = self.expr(&c.value);
                let generators = self.comprehensions(&c.generators);
                self.node(
                    "DictComp",
                    vec![("key", key), ("value", value), ("generators", generators)],
                    Some(range),
                )
            }
            Expr::Generator(g) => {
                let range = self.generator_range(g);
                let elt = self.expr(&g.elt);
                let generators = self.comprehensions(&g.generators);
                self.node(
                    "GeneratorExp",
                    vec![("elt", elt), ("generators", generators)],
                    Some(range),
                )
            }
            Expr::Await(a) => {
                let value = self.expr(&a.value);
                self.node("Await", vec![("value", value)], Some(range))
            }
            Expr::Yield(y) => {
                let value = self.opt_expr(y.value.as_deref());
                self.node("Yield", vec![("value", value)], Some(range))
            }
            Expr::YieldFrom(y) => {
                let value = self.expr(&y.value);
                self.node("YieldFrom", vec![("value", value)], Some(range))
            }
            Expr::Compare(c) => {
                let left = self.expr(&c.left);
                let ops = c.ops.iter().map(|op| self.cmpop(*op)).collect();
                let ops = self.list(ops);
                let comparators = self.exprs(&c.comparators);
                self.node(
                    "Compare",
                    vec![("left", left), ("ops", ops), ("comparators", comparators)],
                    Some(range),
                )
            }
            Expr::Call(c) => {
                let func = self.expr(&c.func);
                let args = self.exprs(&c.arguments.args);
                let keywords = self.keywords(&c.arguments.keywords);
                self.node(
                    "Call",
                    vec![("func", func), ("args", args), ("keywords", keywords)],
                    Some(range),
                )
            }
            Expr::FString(f) => self.joined_str(f, range),
            Expr::StringLiteral(s) => {
                let value = self.str(s.value.to_str());
                let kind = if s.value.is_unicode() {
                    self.str("u")
                } else {
                    Value::None
                };
                self.constant(value, kind, range)
            }
            Expr::BytesLiteral(b) => {
                let bytes: Vec<u8> = b.value.bytes().collect();
                let value = self.vm.new_bytes(bytes);
                self.constant(value, Value::None, range)
            }
            Expr::NumberLiteral(n) => {
                let value = match &n.value {
                    ast::Number::Int(i) => match i.as_i64() {
                        Some(v) => Value::Int(v),
                        None => self.vm.new_big_int(big_int_literal(&i.to_string())),
                    },
                    ast::Number::Float(f) => Value::Float(*f),
                    ast::Number::Complex { real, imag } => {
                        crate::objects::complex::new_complex(self.vm, *real, *imag)
                    }
                };
                self.constant(value, Value::None, range)
            }
            Expr::BooleanLiteral(b) => self.constant(Value::Bool(b.value), Value::None, range),
            Expr::NoneLiteral(_) => self.constant(Value::None, Value::None, range),
            Expr::EllipsisLiteral(_) => {
                let value = self.vm.ellipsis();
                self.constant(value, Value::None, range)
            }
            Expr::Attribute(a) => {
                let value = self.expr(&a.value);
                let attr = self.str(&a.attr);
                let ctx = self.ctx(a.ctx);
                self.node(
                    "Attribute",
                    vec![("value", value), ("attr", attr), ("ctx", ctx)],
                    Some(range),
                )
            }
            Expr::Subscript(s) => {
                let value = self.expr(&s.value);
                let slice = self.expr(&s.slice);
                let ctx = self.ctx(s.ctx);
                self.node(
                    "Subscript",
                    vec![("value", value), ("slice", slice), ("ctx", ctx)],
                    Some(range),
                )
            }
            Expr::Starred(s) => {
                let value = self.expr(&s.value);
                let ctx = self.ctx(s.ctx);
                self.node("Starred", vec![("value", value), ("ctx", ctx)], Some(range))
            }
            Expr::Name(n) => {
                let id = self.str(&n.id);
                let ctx = self.ctx(n.ctx);
                self.node("Name", vec![("id", id), ("ctx", ctx)], Some(range))
            }
            Expr::List(l) => {
                let elts = self.exprs(&l.elts);
                let ctx = self.ctx(l.ctx);
                self.node("List", vec![("elts", elts), ("ctx", ctx)], Some(range))
            }
            Expr::Tuple(t) => {
                let elts = self.exprs(&t.elts);
                let ctx = self.ctx(t.ctx);
                self.node("Tuple", vec![("elts", elts), ("ctx", ctx)], Some(range))
            }
            Expr::Slice(s) => {
                let lower = self.opt_expr(s.lower.as_deref());
                let upper = self.opt_expr(s.upper.as_deref());
                let step = self.opt_expr(s.step.as_deref());
                self.node(
                    "Slice",
                    vec![("lower", lower), ("upper", upper), ("step", step)],
                    Some(range),
                )
            }
            // Syntax 3.11 does not have; the parser has already refused it.
            Expr::TString(_) | Expr::IpyEscapeCommand(_) => {
                self.constant(Value::None, Value::None, range)
            }
        }
    }

    /// An f-string (with any strings implicitly joined to it) as 3.11's
    /// `JoinedStr`: adjacent literal text merged into one `Constant`, `{x=}`'s
    /// text a literal before its value, every part at the whole string's position.
    fn joined_str(&mut self, f: &ast::ExprFString, range: TextRange) -> Value {
        let mut values = Vec::new();
        let mut pending = String::new();
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(s) => pending.push_str(&s.value),
                ast::FStringPart::FString(fs) => {
                    self.fstring_elements(&fs.elements, &mut pending, &mut values, range, fs.range)
                }
            }
        }
        if !pending.is_empty() {
            let text = self.str(&pending);
            values.push(self.constant(text, Value::None, range));
        }
        let values = self.list(values);
        self.node("JoinedStr", vec![("values", values)], Some(range))
    }

    fn fstring_elements(
        &mut self,
        elements: &ast::InterpolatedStringElements,
        pending: &mut String,
        values: &mut Vec<Value>,
        range: TextRange,
        part: TextRange,
    ) {
        for element in elements.iter() {
            match element {
                ast::InterpolatedStringElement::Literal(l) => pending.push_str(&l.value),
                ast::InterpolatedStringElement::Interpolation(i) => {
                    if let Some(d) = &i.debug_text {
                        pending.push_str(d.leading());
                        pending.push_str(d.expression());
                        pending.push_str(d.trailing());
                    }
                    if !pending.is_empty() {
                        let text = self.str(&std::mem::take(pending));
                        values.push(self.constant(text, Value::None, range));
                    }
                    values.push(self.formatted_value(i, range, part));
                }
            }
        }
    }

    /// A replacement field; its format spec is a `JoinedStr` at the position of
    /// the f-string token holding it, whose parts 3.11 places there too unless the
    /// spec has fields of its own (then at the whole string's position).
    fn formatted_value(
        &mut self,
        i: &ast::InterpolatedElement,
        range: TextRange,
        part: TextRange,
    ) -> Value {
        let value = self.expr(&i.expression);
        let unparenthesized = match &*i.expression {
            Expr::Tuple(t) => !t.parenthesized,
            Expr::Generator(g) => !g.parenthesized,
            _ => false,
        };
        if unparenthesized {
            let braces = self.field_braces(i);
            self.place(&value, braces);
        }
        let mut conversion = i.conversion as i8 as i64;
        if i.debug_text.is_some() && conversion == -1 && i.format_spec.is_none() {
            conversion = i64::from(b'r');
        }
        let spec = match &i.format_spec {
            Some(spec) => {
                let nested = spec
                    .elements
                    .iter()
                    .any(|e| matches!(e, ast::InterpolatedStringElement::Interpolation(_)));
                let inner = if nested { range } else { part };
                let mut values = Vec::new();
                let mut pending = String::new();
                self.fstring_elements(&spec.elements, &mut pending, &mut values, inner, part);
                if !pending.is_empty() {
                    let text = self.str(&pending);
                    values.push(self.constant(text, Value::None, inner));
                }
                let values = self.list(values);
                self.node("JoinedStr", vec![("values", values)], Some(part))
            }
            None => Value::None,
        };
        self.node(
            "FormattedValue",
            vec![
                ("value", value),
                ("conversion", Value::Int(conversion)),
                ("format_spec", spec),
            ],
            Some(range),
        )
    }

    // --- match statements ------------------------------------------------------

    fn match_case(&mut self, c: &ast::MatchCase) -> Value {
        let pattern = self.pattern(&c.pattern);
        let guard = self.opt_expr(c.guard.as_deref());
        let body = self.stmts(&c.body);
        self.node(
            "match_case",
            vec![("pattern", pattern), ("guard", guard), ("body", body)],
            None,
        )
    }

    fn patterns(&mut self, patterns: &[Pattern]) -> Value {
        let items = patterns.iter().map(|p| self.pattern(p)).collect();
        self.list(items)
    }

    fn pattern(&mut self, p: &Pattern) -> Value {
        // Deeply nested trees grow the stack rather than overflow it.
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.pattern_node(p))
    }

    fn pattern_node(&mut self, p: &Pattern) -> Value {
        let range = p.range();
        match p {
            Pattern::MatchValue(v) => {
                let value = self.expr(&v.value);
                self.node("MatchValue", vec![("value", value)], Some(range))
            }
            Pattern::MatchSingleton(s) => {
                let value = match s.value {
                    ast::Singleton::None => Value::None,
                    ast::Singleton::True => Value::Bool(true),
                    ast::Singleton::False => Value::Bool(false),
                };
                self.node("MatchSingleton", vec![("value", value)], Some(range))
            }
            Pattern::MatchSequence(s) => {
                let patterns = self.patterns(&s.patterns);
                self.node("MatchSequence", vec![("patterns", patterns)], Some(range))
            }
            Pattern::MatchMapping(m) => {
                let keys = self.exprs(&m.keys);
                let patterns = self.patterns(&m.patterns);
                let rest = self.opt_str(m.rest.as_ref());
                self.node(
                    "MatchMapping",
                    vec![("keys", keys), ("patterns", patterns), ("rest", rest)],
                    Some(range),
                )
            }
            Pattern::MatchClass(c) => {
                let cls = self.expr(&c.cls);
                let patterns = self.patterns(&c.arguments.patterns);
                let attrs = c
                    .arguments
                    .keywords
                    .iter()
                    .map(|k| self.str(&k.attr))
                    .collect();
                let attrs = self.list(attrs);
                let kwd_patterns = c
                    .arguments
                    .keywords
                    .iter()
                    .map(|k| self.pattern(&k.pattern))
                    .collect();
                let kwd_patterns = self.list(kwd_patterns);
                self.node(
                    "MatchClass",
                    vec![
                        ("cls", cls),
                        ("patterns", patterns),
                        ("kwd_attrs", attrs),
                        ("kwd_patterns", kwd_patterns),
                    ],
                    Some(range),
                )
            }
            Pattern::MatchStar(s) => {
                let name = self.opt_str(s.name.as_ref());
                self.node("MatchStar", vec![("name", name)], Some(range))
            }
            Pattern::MatchAs(a) => {
                let pattern = a
                    .pattern
                    .as_deref()
                    .map_or(Value::None, |p| self.pattern(p));
                let name = self.opt_str(a.name.as_ref());
                self.node(
                    "MatchAs",
                    vec![("pattern", pattern), ("name", name)],
                    Some(range),
                )
            }
            Pattern::MatchOr(o) => {
                let patterns = self.patterns(&o.patterns);
                self.node("MatchOr", vec![("patterns", patterns)], Some(range))
            }
        }
    }
}

/// An integer literal too large for an `i64` (`0x`, `0o`, `0b` prefixes and
/// underscores allowed; the parser has checked its digits).
fn big_int_literal(text: &str) -> BigInt {
    let digits: String = text.chars().filter(|c| *c != '_').collect();
    let lower = digits.to_ascii_lowercase();
    let (radix, body) = match lower.get(..2) {
        Some("0x") => (16, &lower[2..]),
        Some("0o") => (8, &lower[2..]),
        Some("0b") => (2, &lower[2..]),
        _ => (10, lower.as_str()),
    };
    BigInt::parse_bytes(body.as_bytes(), radix).unwrap_or_default()
}
