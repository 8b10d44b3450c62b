//! The symbol table: one scope per module, class, function, lambda and
//! comprehension; each name's flags and, after analysis, its scope (local,
//! global explicit/implicit, free, cell). Corresponds to CPython 3.11's
//! `Python/symtable.c`, including its compile-time SyntaxErrors.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

pub const DEF_GLOBAL: u32 = 1;
pub const DEF_LOCAL: u32 = 2;
pub const DEF_PARAM: u32 = 4;
pub const DEF_NONLOCAL: u32 = 8;
pub const USE: u32 = 16;
pub const DEF_FREE_CLASS: u32 = 64;
pub const DEF_IMPORT: u32 = 128;
pub const DEF_ANNOT: u32 = 256;
pub const DEF_COMP_ITER: u32 = 512;
const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;
const SCOPE_OFFSET: u32 = 11;
const SCOPE_MASK: u32 = 15;

pub const LOCAL: u32 = 1;
pub const GLOBAL_EXPLICIT: u32 = 2;
pub const GLOBAL_IMPLICIT: u32 = 3;
pub const FREE: u32 = 4;
pub const CELL: u32 = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockType {
    Module,
    Function,
    Class,
}

pub type ScopeId = usize;

#[derive(Debug)]
pub struct Scope {
    /// The scope's name as `symtable` reports it (`top`, `lambda`, `listcomp` ...).
    #[allow(dead_code)]
    pub name: Rc<str>,
    pub kind: BlockType,
    pub symbols: Vec<(Rc<str>, u32)>,
    index: HashMap<Rc<str>, usize>,
    pub varnames: Vec<Rc<str>>,
    pub children: Vec<ScopeId>,
    pub nested: bool,
    pub generator: bool,
    pub coroutine: bool,
    pub varargs: bool,
    pub varkeywords: bool,
    pub free: bool,
    pub child_free: bool,
    pub needs_class_closure: bool,
    pub comprehension: bool,
    /// `listcomp`, `setcomp`, `dictcomp` or `genexpr` for comprehension scopes.
    comp_kind: &'static str,
    comp_iter_target: bool,
    /// Where each `global`/`nonlocal` name was declared, for error locations.
    directives: HashMap<Rc<str>, TextRange>,
    comp_iter_expr: u32,
}

impl Scope {
    pub fn flags(&self, name: &str) -> u32 {
        self.index.get(name).map_or(0, |&i| self.symbols[i].1)
    }

    /// The analysed scope of `name` (`_PyST_GetScope`), 0 when unknown.
    pub fn scope_of(&self, name: &str) -> u32 {
        (self.flags(name) >> SCOPE_OFFSET) & SCOPE_MASK
    }

    fn set(&mut self, name: &Rc<str>, flags: u32) {
        match self.index.get(name) {
            Some(&i) => self.symbols[i].1 = flags,
            None => {
                self.index.insert(name.clone(), self.symbols.len());
                self.symbols.push((name.clone(), flags));
            }
        }
    }

    /// Names with the given scope or flag, sorted as CPython's `dictbytype` does.
    pub fn names_by_scope(&self, scope: u32, flag: u32) -> Vec<Rc<str>> {
        let mut v: Vec<Rc<str>> = self
            .symbols
            .iter()
            .filter(|(_, f)| ((f >> SCOPE_OFFSET) & SCOPE_MASK) == scope || f & flag != 0)
            .map(|(n, _)| n.clone())
            .collect();
        v.sort();
        v
    }
}

/// A SyntaxError found while building the table: message and source range.
#[derive(Debug)]
pub struct SymtableError {
    pub msg: String,
    pub range: TextRange,
}

type Res<T> = Result<T, SymtableError>;

pub struct SymbolTable {
    pub scopes: Vec<Scope>,
    /// Scopes by the identity of the node that opens them: a tree built by hand
    /// may give two nodes the same range.
    by_node: HashMap<usize, ScopeId>,
    /// Scopes by range, for a node met again through a copy.
    by_range: HashMap<(u32, u32), ScopeId>,
    stack: Vec<ScopeId>,
    private: Option<Rc<str>>,
    global_names: HashSet<Rc<str>>,
    depth: u32,
    /// Under `from __future__ import annotations` annotations are never
    /// evaluated, so their names bind nothing here.
    future_annotations: bool,
}

pub fn key(range: TextRange) -> (u32, u32) {
    (range.start().to_u32(), range.end().to_u32())
}

/// The node that opens a scope (a def, class, lambda or comprehension): its
/// address in the tree and its range.
#[derive(Clone, Copy, Debug)]
pub struct ScopeNode {
    address: usize,
    range: TextRange,
}

impl ScopeNode {
    pub fn of<T>(node: &T, range: TextRange) -> ScopeNode {
        ScopeNode {
            address: node as *const T as usize,
            range,
        }
    }

    pub fn range(&self) -> TextRange {
        self.range
    }
}

/// Python's private-name mangling (`_Py_Mangle`).
pub fn mangle(private: Option<&str>, name: &str) -> Rc<str> {
    let Some(class) = private else {
        return Rc::from(name);
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return Rc::from(name);
    }
    let stripped = class.trim_start_matches('_');
    if stripped.is_empty() {
        return Rc::from(name);
    }
    Rc::from(format!("_{stripped}{name}"))
}

const MAX_DEPTH: u32 = 3000;

/// `sys.get_int_max_str_digits()`'s default: longer decimal literals are refused.
const MAX_STR_DIGITS: usize = 4300;

impl SymbolTable {
    pub fn build(body: &[Stmt], expr: Option<&Expr>, future_annotations: bool) -> Res<SymbolTable> {
        let mut st = SymbolTable {
            scopes: Vec::new(),
            by_node: HashMap::new(),
            by_range: HashMap::new(),
            stack: Vec::new(),
            private: None,
            global_names: HashSet::new(),
            depth: 0,
            future_annotations,
        };
        st.enter(Rc::from("top"), BlockType::Module, None);
        for s in body {
            st.visit_stmt(s)?;
        }
        if let Some(e) = expr {
            st.visit_expr(e)?;
        }
        st.stack.pop();
        st.analyze()?;
        Ok(st)
    }

    pub fn scope_for(&self, node: ScopeNode) -> Option<ScopeId> {
        self.by_node
            .get(&node.address)
            .or_else(|| self.by_range.get(&key(node.range)))
            .copied()
    }

    fn cur(&mut self) -> &mut Scope {
        let id = *self.stack.last().expect("scope stack");
        &mut self.scopes[id]
    }

    fn enter(&mut self, name: Rc<str>, kind: BlockType, node: Option<ScopeNode>) {
        let id = self.scopes.len();
        let (nested, comp_iter_expr) = match self.stack.last() {
            Some(&p) => (
                self.scopes[p].nested || self.scopes[p].kind == BlockType::Function,
                self.scopes[p].comp_iter_expr,
            ),
            None => (false, 0),
        };
        if let Some(&p) = self.stack.last() {
            self.scopes[p].children.push(id);
        }
        self.scopes.push(Scope {
            name,
            kind,
            symbols: Vec::new(),
            index: HashMap::new(),
            varnames: Vec::new(),
            children: Vec::new(),
            nested,
            generator: false,
            coroutine: false,
            varargs: false,
            varkeywords: false,
            free: false,
            child_free: false,
            needs_class_closure: false,
            comprehension: false,
            comp_kind: "",
            comp_iter_target: false,
            directives: HashMap::new(),
            comp_iter_expr,
        });
        if let Some(n) = node {
            self.by_node.insert(n.address, id);
            self.by_range.insert(key(n.range), id);
        }
        self.stack.push(id);
    }

    fn add_def_in(&mut self, sid: ScopeId, name: &str, flag: u32, range: TextRange) -> Res<()> {
        let mangled = mangle(self.private.as_deref(), name);
        let scope = &mut self.scopes[sid];
        let old = scope.flags(&mangled);
        let exists = scope.index.contains_key(&mangled);
        let mut val = flag;
        if exists {
            if flag & DEF_PARAM != 0 && old & DEF_PARAM != 0 {
                return Err(SymtableError {
                    msg: format!("duplicate argument '{mangled}' in function definition"),
                    range,
                });
            }
            val |= old;
        }
        if scope.comp_iter_target {
            // An iteration variable named earlier by an assignment expression
            // of this comprehension (which made it global or nonlocal here).
            if val & (DEF_GLOBAL | DEF_NONLOCAL) != 0 {
                return Err(SymtableError {
                    msg: format!(
                        "comprehension inner loop cannot rebind assignment expression target '{mangled}'"
                    ),
                    range,
                });
            }
            val |= DEF_COMP_ITER;
        }
        scope.set(&mangled, val);
        if flag & DEF_PARAM != 0 {
            scope.varnames.push(mangled.clone());
        } else if flag & DEF_GLOBAL != 0 {
            self.global_names.insert(mangled.clone());
            let top = 0;
            let tf = self.scopes[top].flags(&mangled);
            self.scopes[top].set(&mangled, tf | flag);
        }
        Ok(())
    }

    fn add_def(&mut self, name: &str, flag: u32, range: TextRange) -> Res<()> {
        let sid = *self.stack.last().expect("scope stack");
        self.add_def_in(sid, name, flag, range)
    }

    fn err<T>(&self, msg: String, range: TextRange) -> Res<T> {
        Err(SymtableError { msg, range })
    }

    fn visit_body(&mut self, body: &[Stmt]) -> Res<()> {
        for s in body {
            self.visit_stmt(s)?;
        }
        Ok(())
    }

    fn guard(&mut self, range: TextRange) -> Res<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(
                "maximum recursion depth exceeded during compilation".into(),
                range,
            );
        }
        Ok(())
    }

    fn visit_params(&mut self, params: &ast::Parameters) -> Res<()> {
        for p in params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .chain(params.kwonlyargs.iter())
        {
            self.add_def(&p.parameter.name, DEF_PARAM, p.parameter.range)?;
        }
        if let Some(v) = &params.vararg {
            let r = TextRange::new(v.name.range.start(), v.range.end());
            self.add_def(&v.name, DEF_PARAM, r)?;
            self.cur().varargs = true;
        }
        if let Some(k) = &params.kwarg {
            let r = TextRange::new(k.name.range.start(), k.range.end());
            self.add_def(&k.name, DEF_PARAM, r)?;
            self.cur().varkeywords = true;
        }
        Ok(())
    }

    fn visit_defaults(&mut self, params: &ast::Parameters) -> Res<()> {
        for p in params.posonlyargs.iter().chain(params.args.iter()) {
            if let Some(d) = &p.default {
                self.visit_expr(d)?;
            }
        }
        for p in params.kwonlyargs.iter() {
            if let Some(d) = &p.default {
                self.visit_expr(d)?;
            }
        }
        Ok(())
    }

    fn visit_annotations(&mut self, params: &ast::Parameters, returns: Option<&Expr>) -> Res<()> {
        if self.future_annotations {
            return Ok(());
        }
        for p in params.posonlyargs.iter().chain(params.args.iter()) {
            if let Some(a) = &p.parameter.annotation {
                self.visit_expr(a)?;
            }
        }
        if let Some(v) = &params.vararg {
            if let Some(a) = &v.annotation {
                self.visit_expr(a)?;
            }
        }
        for p in params.kwonlyargs.iter() {
            if let Some(a) = &p.parameter.annotation {
                self.visit_expr(a)?;
            }
        }
        if let Some(k) = &params.kwarg {
            if let Some(a) = &k.annotation {
                self.visit_expr(a)?;
            }
        }
        if let Some(r) = returns {
            self.visit_expr(r)?;
        }
        Ok(())
    }

    fn visit_stmt(&mut self, s: &Stmt) -> Res<()> {
        self.guard(s.range())?;
        let r = stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.visit_stmt_inner(s));
        self.depth -= 1;
        r
    }

    fn visit_stmt_inner(&mut self, s: &Stmt) -> Res<()> {
        match s {
            Stmt::FunctionDef(f) => {
                self.add_def(&f.name, DEF_LOCAL, f.range)?;
                self.visit_defaults(&f.parameters)?;
                self.visit_annotations(&f.parameters, f.returns.as_deref())?;
                for d in &f.decorator_list {
                    self.visit_expr(&d.expression)?;
                }
                self.enter(
                    Rc::from(f.name.as_str()),
                    BlockType::Function,
                    Some(ScopeNode::of(f, f.range)),
                );
                if f.is_async {
                    self.cur().coroutine = true;
                }
                self.visit_params(&f.parameters)?;
                self.visit_body(&f.body)?;
                self.stack.pop();
            }
            Stmt::ClassDef(c) => {
                self.add_def(&c.name, DEF_LOCAL, c.range)?;
                if let Some(args) = &c.arguments {
                    for a in args.args.iter() {
                        self.visit_expr(a)?;
                    }
                    for k in args.keywords.iter() {
                        self.visit_expr(&k.value)?;
                    }
                }
                for d in &c.decorator_list {
                    self.visit_expr(&d.expression)?;
                }
                self.enter(
                    Rc::from(c.name.as_str()),
                    BlockType::Class,
                    Some(ScopeNode::of(c, c.range)),
                );
                let saved = self.private.replace(Rc::from(c.name.as_str()));
                self.visit_body(&c.body)?;
                self.private = saved;
                self.stack.pop();
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.visit_expr(v)?;
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.visit_expr(t)?;
                }
            }
            Stmt::Assign(a) => {
                for t in &a.targets {
                    self.visit_expr(t)?;
                }
                self.visit_expr(&a.value)?;
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    let m = mangle(self.private.as_deref(), &n.id);
                    let cur = self.cur().flags(&m);
                    let at_module = *self.stack.last().expect("scope") == 0;
                    if cur & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && !at_module && a.simple {
                        let which = if cur & DEF_GLOBAL != 0 {
                            "global"
                        } else {
                            "nonlocal"
                        };
                        return self.err(
                            format!("annotated name '{}' can't be {which}", n.id),
                            a.range,
                        );
                    }
                    if a.simple {
                        self.add_def(&n.id, DEF_ANNOT | DEF_LOCAL, n.range)?;
                    } else if a.value.is_some() {
                        self.add_def(&n.id, DEF_LOCAL, n.range)?;
                    }
                } else {
                    self.visit_expr(&a.target)?;
                }
                if !self.future_annotations {
                    self.visit_expr(&a.annotation)?;
                }
                if let Some(v) = &a.value {
                    self.visit_expr(v)?;
                }
            }
            Stmt::AugAssign(a) => {
                self.visit_expr(&a.target)?;
                self.visit_expr(&a.value)?;
            }
            Stmt::For(f) => {
                self.visit_expr(&f.target)?;
                self.visit_expr(&f.iter)?;
                self.visit_body(&f.body)?;
                self.visit_body(&f.orelse)?;
            }
            Stmt::While(w) => {
                self.visit_expr(&w.test)?;
                self.visit_body(&w.body)?;
                self.visit_body(&w.orelse)?;
            }
            Stmt::If(i) => {
                self.visit_expr(&i.test)?;
                self.visit_body(&i.body)?;
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.visit_expr(t)?;
                    }
                    self.visit_body(&c.body)?;
                }
            }
            Stmt::Match(m) => {
                self.visit_expr(&m.subject)?;
                for case in &m.cases {
                    self.visit_pattern(&case.pattern)?;
                    if let Some(g) = &case.guard {
                        self.visit_expr(g)?;
                    }
                    self.visit_body(&case.body)?;
                }
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.visit_expr(e)?;
                    if let Some(c) = &r.cause {
                        self.visit_expr(c)?;
                    }
                }
            }
            Stmt::Try(t) => {
                self.visit_body(&t.body)?;
                self.visit_body(&t.orelse)?;
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.visit_expr(ty)?;
                    }
                    if let Some(n) = &h.name {
                        self.add_def(n, DEF_LOCAL, n.range)?;
                    }
                    self.visit_body(&h.body)?;
                }
                self.visit_body(&t.finalbody)?;
            }
            Stmt::Assert(a) => {
                self.visit_expr(&a.test)?;
                if let Some(m) = &a.msg {
                    self.visit_expr(m)?;
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    self.visit_alias(a)?;
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    self.visit_alias(a)?;
                }
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    let m = mangle(self.private.as_deref(), n);
                    let cur = self.cur().flags(&m);
                    if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if cur & DEF_PARAM != 0 {
                            format!("name '{n}' is parameter and global")
                        } else if cur & USE != 0 {
                            format!("name '{n}' is used prior to global declaration")
                        } else if cur & DEF_ANNOT != 0 {
                            format!("annotated name '{n}' can't be global")
                        } else {
                            format!("name '{n}' is assigned to before global declaration")
                        };
                        return self.err(msg, g.range);
                    }
                    self.add_def(n, DEF_GLOBAL, n.range)?;
                    let m = mangle(self.private.as_deref(), n);
                    self.cur().directives.entry(m).or_insert(g.range);
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    let m = mangle(self.private.as_deref(), n);
                    let cur = self.cur().flags(&m);
                    if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if cur & DEF_PARAM != 0 {
                            format!("name '{n}' is parameter and nonlocal")
                        } else if cur & USE != 0 {
                            format!("name '{n}' is used prior to nonlocal declaration")
                        } else if cur & DEF_ANNOT != 0 {
                            format!("annotated name '{n}' can't be nonlocal")
                        } else {
                            format!("name '{n}' is assigned to before nonlocal declaration")
                        };
                        return self.err(msg, g.range);
                    }
                    self.add_def(n, DEF_NONLOCAL, n.range)?;
                    let m = mangle(self.private.as_deref(), n);
                    self.cur().directives.entry(m).or_insert(g.range);
                }
            }
            Stmt::Expr(e) => self.visit_expr(&e.value)?,
            Stmt::With(w) => {
                for item in &w.items {
                    self.visit_expr(&item.context_expr)?;
                    if let Some(v) = &item.optional_vars {
                        self.visit_expr(v)?;
                    }
                }
                self.visit_body(&w.body)?;
            }
            Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
            Stmt::TypeAlias(t) => {
                return self.err("invalid syntax".into(), t.range);
            }
            Stmt::IpyEscapeCommand(t) => {
                return self.err("invalid syntax".into(), t.range);
            }
        }
        Ok(())
    }

    fn visit_pattern(&mut self, p: &ast::Pattern) -> Res<()> {
        self.guard(p.range())?;
        match p {
            ast::Pattern::MatchValue(v) => self.visit_expr(&v.value)?,
            ast::Pattern::MatchSingleton(_) => {}
            ast::Pattern::MatchSequence(s) => {
                for q in &s.patterns {
                    self.visit_pattern(q)?;
                }
            }
            ast::Pattern::MatchStar(s) => {
                if let Some(n) = &s.name {
                    self.add_def(n, DEF_LOCAL, n.range)?;
                }
            }
            ast::Pattern::MatchAs(a) => {
                if let Some(q) = &a.pattern {
                    self.visit_pattern(q)?;
                }
                if let Some(n) = &a.name {
                    self.add_def(n, DEF_LOCAL, n.range)?;
                }
            }
            ast::Pattern::MatchOr(o) => {
                for q in &o.patterns {
                    self.visit_pattern(q)?;
                }
            }
            ast::Pattern::MatchClass(c) => {
                self.visit_expr(&c.cls)?;
                for q in c.arguments.patterns.iter() {
                    self.visit_pattern(q)?;
                }
                for k in &c.arguments.keywords {
                    self.visit_pattern(&k.pattern)?;
                }
            }
            ast::Pattern::MatchMapping(m) => {
                for k in m.keys.iter() {
                    self.visit_expr(k)?;
                }
                for q in m.patterns.iter() {
                    self.visit_pattern(q)?;
                }
                if let Some(n) = &m.rest {
                    self.add_def(n, DEF_LOCAL, n.range)?;
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    fn visit_alias(&mut self, a: &ast::Alias) -> Res<()> {
        let name: &str = match &a.asname {
            Some(n) => n.as_str(),
            None => {
                let full = a.name.as_str();
                full.split('.').next().unwrap_or(full)
            }
        };
        if name == "*" {
            let kind = self.scopes[*self.stack.last().expect("scope")].kind;
            if kind != BlockType::Module {
                return self.err("import * only allowed at module level".into(), a.range);
            }
            return Ok(());
        }
        self.add_def(name, DEF_IMPORT, a.range)
    }

    fn visit_expr(&mut self, e: &Expr) -> Res<()> {
        self.guard(e.range())?;
        let r = stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.visit_expr_inner(e));
        self.depth -= 1;
        r
    }

    fn visit_expr_inner(&mut self, e: &Expr) -> Res<()> {
        match e {
            Expr::Named(n) => {
                if self.cur().comp_iter_expr > 0 {
                    return self.err(
                        "assignment expression cannot be used in a comprehension iterable expression"
                            .into(),
                        n.range,
                    );
                }
                if self.cur().comprehension {
                    self.extend_namedexpr_scope(&n.target)?;
                }
                self.visit_expr(&n.value)?;
                self.visit_expr(&n.target)?;
            }
            Expr::BoolOp(b) => {
                for v in &b.values {
                    self.visit_expr(v)?;
                }
            }
            Expr::BinOp(b) => {
                self.visit_expr(&b.left)?;
                self.visit_expr(&b.right)?;
            }
            Expr::UnaryOp(u) => self.visit_expr(&u.operand)?,
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.visit_defaults(p)?;
                }
                self.enter(
                    Rc::from("lambda"),
                    BlockType::Function,
                    Some(ScopeNode::of(l, l.range)),
                );
                if let Some(p) = &l.parameters {
                    self.visit_params(p)?;
                }
                self.visit_expr(&l.body)?;
                self.stack.pop();
            }
            Expr::If(i) => {
                self.visit_expr(&i.test)?;
                self.visit_expr(&i.body)?;
                self.visit_expr(&i.orelse)?;
            }
            Expr::Dict(d) => {
                for item in &d.items {
                    if let Some(k) = &item.key {
                        self.visit_expr(k)?;
                    }
                    self.visit_expr(&item.value)?;
                }
            }
            Expr::Set(s) => {
                for v in &s.elts {
                    self.visit_expr(v)?;
                }
            }
            Expr::ListComp(c) => self.visit_comprehension(
                ScopeNode::of(e, e.range()),
                "listcomp",
                &c.generators,
                &c.elt,
                None,
                false,
            )?,
            Expr::SetComp(c) => self.visit_comprehension(
                ScopeNode::of(e, e.range()),
                "setcomp",
                &c.generators,
                &c.elt,
                None,
                false,
            )?,
            Expr::DictComp(c) => match &c.key {
                Some(k) => self.visit_comprehension(
                    ScopeNode::of(e, e.range()),
                    "dictcomp",
                    &c.generators,
                    k,
                    Some(&c.value),
                    false,
                )?,
                None => {
                    return self.err(
                        "dict unpacking cannot be used in dict comprehension".into(),
                        c.range,
                    )
                }
            },
            Expr::Generator(c) => self.visit_comprehension(
                ScopeNode::of(e, e.range()),
                "genexpr",
                &c.generators,
                &c.elt,
                None,
                true,
            )?,
            Expr::Await(a) => {
                self.visit_expr(&a.value)?;
                self.cur().coroutine = true;
            }
            Expr::Yield(y) => {
                if let Some(v) = &y.value {
                    self.visit_expr(v)?;
                }
                self.mark_generator(y.range)?;
            }
            Expr::YieldFrom(y) => {
                self.visit_expr(&y.value)?;
                self.mark_generator(y.range)?;
            }
            Expr::Compare(c) => {
                self.visit_expr(&c.left)?;
                for v in c.comparators.iter() {
                    self.visit_expr(v)?;
                }
            }
            Expr::Call(c) => {
                self.visit_expr(&c.func)?;
                for a in c.arguments.args.iter() {
                    self.visit_expr(a)?;
                }
                for k in c.arguments.keywords.iter() {
                    self.visit_expr(&k.value)?;
                }
            }
            Expr::FString(f) => {
                for part in f.value.iter() {
                    if let ast::FStringPart::FString(fs) = part {
                        self.visit_fstring_elements(&fs.elements, 0, fs.range)?;
                    }
                }
            }
            Expr::TString(t) => return self.err("invalid syntax".into(), t.range),
            Expr::NumberLiteral(n) => {
                if let ast::Number::Int(i) = &n.value {
                    if i.as_u64().is_none() {
                        let text = i.to_string();
                        let lower = text.to_ascii_lowercase();
                        let digits = text.bytes().filter(u8::is_ascii_digit).count();
                        let decimal = !(lower.starts_with("0x")
                            || lower.starts_with("0o")
                            || lower.starts_with("0b"));
                        if decimal && digits > MAX_STR_DIGITS {
                            return self.err(
                                format!(
                                    "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits."
                                ),
                                n.range,
                            );
                        }
                    }
                }
            }
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => {}
            Expr::Attribute(a) => self.visit_expr(&a.value)?,
            Expr::Subscript(s) => {
                self.visit_expr(&s.value)?;
                self.visit_expr(&s.slice)?;
            }
            Expr::Starred(s) => self.visit_expr(&s.value)?,
            Expr::Slice(s) => {
                for v in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.visit_expr(v)?;
                }
            }
            Expr::Name(n) => {
                let flag = if n.ctx == ast::ExprContext::Load {
                    USE
                } else {
                    DEF_LOCAL
                };
                self.add_def(&n.id, flag, n.range)?;
                if n.ctx == ast::ExprContext::Load
                    && self.cur().kind == BlockType::Function
                    && n.id.as_str() == "super"
                {
                    self.add_def("__class__", USE, n.range)?;
                }
            }
            Expr::List(l) => {
                for v in &l.elts {
                    self.visit_expr(v)?;
                }
            }
            Expr::Tuple(t) => {
                for v in &t.elts {
                    self.visit_expr(v)?;
                }
            }
            Expr::IpyEscapeCommand(i) => return self.err("invalid syntax".into(), i.range),
        }
        Ok(())
    }

    fn visit_fstring_elements(
        &mut self,
        elements: &ast::InterpolatedStringElements,
        level: u32,
        whole: TextRange,
    ) -> Res<()> {
        for el in elements.iter() {
            if let ast::InterpolatedStringElement::Interpolation(i) = el {
                if level >= 2 {
                    let end = whole.end();
                    return self.err(
                        "f-string: expressions nested too deeply".into(),
                        TextRange::new(end, end),
                    );
                }
                self.visit_expr(&i.expression)?;
                if let Some(spec) = &i.format_spec {
                    self.visit_fstring_elements(&spec.elements, level + 1, whole)?;
                }
            }
        }
        Ok(())
    }

    fn mark_generator(&mut self, range: TextRange) -> Res<()> {
        let cur = self.cur();
        if cur.comprehension {
            let kind = cur.comp_kind;
            return self.err(format!("'yield' inside {kind}"), range);
        }
        cur.generator = true;
        Ok(())
    }

    fn extend_namedexpr_scope(&mut self, target: &Expr) -> Res<()> {
        let Expr::Name(n) = target else { return Ok(()) };
        let name = n.id.as_str();
        for i in (0..self.stack.len()).rev() {
            let sid = self.stack[i];
            let scope = &self.scopes[sid];
            if scope.comprehension {
                if scope.flags(name) & DEF_COMP_ITER != 0 {
                    return self.err(
                        format!("assignment expression cannot rebind comprehension iteration variable '{name}'"),
                        n.range,
                    );
                }
                continue;
            }
            match scope.kind {
                BlockType::Function => {
                    let in_scope = scope.flags(name);
                    let flag = if in_scope & DEF_GLOBAL != 0 {
                        DEF_GLOBAL
                    } else {
                        DEF_NONLOCAL
                    };
                    self.add_def(name, flag, n.range)?;
                    return self.add_def_in(sid, name, DEF_LOCAL, n.range);
                }
                BlockType::Module => {
                    self.add_def(name, DEF_GLOBAL, n.range)?;
                    return self.add_def_in(sid, name, DEF_GLOBAL, n.range);
                }
                BlockType::Class => {
                    return self.err(
                        "assignment expression within a comprehension cannot be used in a class body"
                            .into(),
                        n.range,
                    );
                }
            }
        }
        Ok(())
    }

    fn visit_comprehension(
        &mut self,
        node: ScopeNode,
        name: &str,
        generators: &[ast::Comprehension],
        elt: &Expr,
        value: Option<&Expr>,
        is_generator: bool,
    ) -> Res<()> {
        let outermost = &generators[0];
        self.cur().comp_iter_expr += 1;
        self.visit_expr(&outermost.iter)?;
        self.cur().comp_iter_expr -= 1;
        self.enter(Rc::from(name), BlockType::Function, Some(node));
        self.cur().comprehension = true;
        self.cur().comp_kind = match name {
            "listcomp" => "list comprehension",
            "setcomp" => "set comprehension",
            "dictcomp" => "dict comprehension",
            _ => "generator expression",
        };
        if outermost.is_async {
            self.cur().coroutine = true;
        }
        self.add_def(".0", DEF_PARAM, node.range())?;
        self.cur().comp_iter_target = true;
        self.visit_expr(&outermost.target)?;
        self.cur().comp_iter_target = false;
        for i in &outermost.ifs {
            self.visit_expr(i)?;
        }
        for g in &generators[1..] {
            self.cur().comp_iter_target = true;
            self.visit_expr(&g.target)?;
            self.cur().comp_iter_target = false;
            self.cur().comp_iter_expr += 1;
            self.visit_expr(&g.iter)?;
            self.cur().comp_iter_expr -= 1;
            for i in &g.ifs {
                self.visit_expr(i)?;
            }
            if g.is_async {
                self.cur().coroutine = true;
            }
        }
        if let Some(v) = value {
            self.visit_expr(v)?;
        }
        self.visit_expr(elt)?;
        self.cur().generator = is_generator;
        let is_async = self.cur().coroutine && !is_generator;
        self.stack.pop();
        if is_async {
            self.cur().coroutine = true;
        }
        Ok(())
    }

    // ---- analysis ----

    fn analyze(&mut self) -> Res<()> {
        let mut free = HashSet::new();
        let global = HashSet::new();
        self.analyze_block(0, None, &mut free, &global)
    }

    fn analyze_block(
        &mut self,
        sid: ScopeId,
        bound: Option<&HashSet<Rc<str>>>,
        free: &mut HashSet<Rc<str>>,
        global: &HashSet<Rc<str>>,
    ) -> Res<()> {
        let mut local: HashSet<Rc<str>> = HashSet::new();
        let mut scopes: HashMap<Rc<str>, u32> = HashMap::new();
        let mut newglobal: HashSet<Rc<str>> = HashSet::new();
        let mut newfree: HashSet<Rc<str>> = HashSet::new();
        let mut newbound: HashSet<Rc<str>> = HashSet::new();
        let kind = self.scopes[sid].kind;
        let mut bound_copy: Option<HashSet<Rc<str>>> = bound.cloned();
        let mut global_copy = global.clone();
        if kind == BlockType::Class {
            newglobal.extend(global.iter().cloned());
            if let Some(b) = bound {
                newbound.extend(b.iter().cloned());
            }
        }
        let symbols = self.scopes[sid].symbols.clone();
        for (name, flags) in &symbols {
            self.analyze_name(
                sid,
                &mut scopes,
                name,
                *flags,
                bound_copy.as_mut(),
                &mut local,
                free,
                &mut global_copy,
            )?;
        }
        if kind != BlockType::Class {
            if kind == BlockType::Function {
                newbound.extend(local.iter().cloned());
            }
            if let Some(b) = &bound_copy {
                newbound.extend(b.iter().cloned());
            }
            newglobal.extend(global_copy.iter().cloned());
        } else {
            newbound.insert(Rc::from("__class__"));
        }
        let mut allfree: HashSet<Rc<str>> = HashSet::new();
        let children = self.scopes[sid].children.clone();
        for child in children {
            let mut temp_free = newfree.clone();
            let temp_bound = newbound.clone();
            let temp_global = newglobal.clone();
            self.analyze_block(child, Some(&temp_bound), &mut temp_free, &temp_global)?;
            allfree.extend(temp_free);
            if self.scopes[child].free || self.scopes[child].child_free {
                self.scopes[sid].child_free = true;
            }
        }
        newfree.extend(allfree);
        if kind == BlockType::Function {
            for (name, sc) in scopes.iter_mut() {
                if *sc == LOCAL && newfree.contains(name) {
                    *sc = CELL;
                    newfree.remove(name);
                }
            }
        } else if kind == BlockType::Class && newfree.remove("__class__") {
            self.scopes[sid].needs_class_closure = true;
        }
        // update_symbols
        let scope = &mut self.scopes[sid];
        for (name, flags) in scope.symbols.iter_mut() {
            let sc = scopes.get(name).copied().unwrap_or(0);
            *flags |= sc << SCOPE_OFFSET;
        }
        let mut newfree_sorted: Vec<Rc<str>> = newfree.iter().cloned().collect();
        newfree_sorted.sort();
        for name in newfree_sorted {
            if let Some(&i) = scope.index.get(&name) {
                if kind == BlockType::Class && scope.symbols[i].1 & (DEF_BOUND | DEF_GLOBAL) != 0 {
                    scope.symbols[i].1 |= DEF_FREE_CLASS;
                }
                continue;
            }
            if let Some(b) = &bound_copy {
                if !b.contains(&name) {
                    continue;
                }
            }
            scope.set(&name, FREE << SCOPE_OFFSET);
        }
        free.extend(newfree);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn analyze_name(
        &mut self,
        sid: ScopeId,
        scopes: &mut HashMap<Rc<str>, u32>,
        name: &Rc<str>,
        flags: u32,
        bound: Option<&mut HashSet<Rc<str>>>,
        local: &mut HashSet<Rc<str>>,
        free: &mut HashSet<Rc<str>>,
        global: &mut HashSet<Rc<str>>,
    ) -> Res<()> {
        let range = self.scopes[sid]
            .directives
            .get(name)
            .copied()
            .unwrap_or_default();
        if flags & DEF_GLOBAL != 0 {
            if flags & DEF_NONLOCAL != 0 {
                return self.err(format!("name '{name}' is nonlocal and global"), range);
            }
            scopes.insert(name.clone(), GLOBAL_EXPLICIT);
            global.insert(name.clone());
            if let Some(b) = bound {
                b.remove(name);
            }
            return Ok(());
        }
        if flags & DEF_NONLOCAL != 0 {
            let Some(b) = bound else {
                return self.err(
                    "nonlocal declaration not allowed at module level".into(),
                    range,
                );
            };
            if !b.contains(name) {
                return self.err(format!("no binding for nonlocal '{name}' found"), range);
            }
            scopes.insert(name.clone(), FREE);
            self.scopes[sid].free = true;
            free.insert(name.clone());
            return Ok(());
        }
        if flags & DEF_BOUND != 0 {
            scopes.insert(name.clone(), LOCAL);
            local.insert(name.clone());
            global.remove(name);
            return Ok(());
        }
        if let Some(b) = &bound {
            if b.contains(name) {
                scopes.insert(name.clone(), FREE);
                self.scopes[sid].free = true;
                free.insert(name.clone());
                return Ok(());
            }
        }
        if global.contains(name) {
            scopes.insert(name.clone(), GLOBAL_IMPLICIT);
            return Ok(());
        }
        if self.scopes[sid].nested {
            self.scopes[sid].free = true;
        }
        scopes.insert(name.clone(), GLOBAL_IMPLICIT);
        Ok(())
    }
}
