//! Code generation: walks the syntax tree and emits instructions into basic
//! blocks, one compiler unit per code object. Corresponds to the `compiler_*`
//! functions of CPython 3.11's `Python/compile.c`; expressions are in
//! `expr.rs`, statements in `stmt.rs`.

mod expr;
mod pattern;
mod stmt;
mod warnings;

pub use stmt::find_ann;

use std::collections::HashMap;
use std::rc::Rc;

use krait_bytecode::{CodeFlags, CodeObject, Constant};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::TextRange;

use crate::assemble::{assemble, UnitOutput};
use crate::ir::*;
use crate::optimize::Cfg;
use crate::symtable::{self, mangle, BlockType, ScopeId, ScopeNode, SymbolTable};

/// The location machinery: byte offsets to CPython line/column pairs.
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(source: &str) -> LineIndex {
        let mut starts = vec![0];
        let bytes = source.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i as u32 + 1),
                b'\r' => {
                    if i + 1 < bytes.len() && bytes[i + 1] == b'\n' {
                        i += 1;
                    }
                    starts.push(i as u32 + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// 1-based line and 0-based byte column of an offset.
    pub fn line_col(&self, offset: u32) -> (i32, i32) {
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        (line as i32 + 1, (offset - self.starts[line]) as i32)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ScopeType {
    Module,
    Class,
    Function,
    AsyncFunction,
    Lambda,
    Comprehension,
}

#[derive(Clone, Copy)]
pub enum FBlock<'a> {
    WhileLoop { block: BlockId, exit: BlockId },
    ForLoop { block: BlockId, exit: BlockId },
    TryExcept,
    FinallyTry { body: &'a [Stmt] },
    FinallyEnd,
    With { loc: Loc },
    AsyncWith { loc: Loc },
    AsyncComprehensionGenerator,
    HandlerCleanup { name: Option<&'a str> },
    PopValue,
    ExceptionHandler,
    ExceptionGroupHandler,
}

pub struct Unit<'a> {
    pub scope: ScopeId,
    pub scope_type: ScopeType,
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub private: Option<Rc<str>>,
    pub consts: Vec<Constant>,
    consts_index: HashMap<ConstKey, u32>,
    pub names: Vec<Rc<str>>,
    names_map: HashMap<Rc<str>, u32>,
    pub varnames: Vec<Rc<str>>,
    varnames_map: HashMap<Rc<str>, u32>,
    pub cellvars: Vec<Rc<str>>,
    pub freevars: Vec<Rc<str>>,
    pub blocks: Vec<Block>,
    pub cur: BlockId,
    need_new_block: bool,
    pub loc: Loc,
    pub fblocks: Vec<FBlock<'a>>,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub firstlineno: i32,
}

/// A compile-time error found during code generation.
#[derive(Debug)]
pub struct CodegenError {
    pub msg: String,
    pub loc: Loc,
}

pub type CResult<T = ()> = Result<T, CodegenError>;

pub struct Compiler<'a> {
    pub source: &'a str,
    pub lines: LineIndex,
    pub st: SymbolTable,
    pub filename: Rc<str>,
    pub optimize: u8,
    pub future_flags: u32,
    pub interactive: bool,
    pub future_line: i32,
    /// `PyCF_ALLOW_TOP_LEVEL_AWAIT`: `await` and `async for`/`with` at module level.
    pub top_level_await: bool,
    /// Expressions whose range in CPython's tree is wider than the parser's:
    /// an unparenthesized generator expression that is a call's sole argument
    /// takes the call's parentheses, and a bare tuple or generator in an
    /// f-string replacement field takes the braces (3.11 parses the field in
    /// parentheses).
    pub genexp_ranges: HashMap<(u32, u32), TextRange>,
    pub units: Vec<Unit<'a>>,
    /// The SyntaxWarnings issued so far (`compiler_warn`), each at the location
    /// being compiled when it was found.
    pub warnings: Vec<CodegenError>,
    depth: u32,
}

/// CPython's compiler gives up past about 3,000 nested visits (its C recursion
/// limit scaled for compilation); Krait reports the same error at this depth.
const MAX_NESTING: u32 = 3000;
pub const STACK_USE_GUIDELINE: usize = 30;

impl<'a> Compiler<'a> {
    pub fn new(
        source: &'a str,
        st: SymbolTable,
        filename: &str,
        optimize: u8,
        future_flags: u32,
    ) -> Compiler<'a> {
        Compiler {
            source,
            lines: LineIndex::new(source),
            st,
            filename: Rc::from(filename),
            optimize,
            future_flags,
            interactive: false,
            future_line: -1,
            top_level_await: false,
            genexp_ranges: HashMap::new(),
            units: Vec::new(),
            warnings: Vec::new(),
            depth: 0,
        }
    }

    pub fn u(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("compiler unit")
    }

    pub fn ur(&self) -> &Unit<'a> {
        self.units.last().expect("compiler unit")
    }

    pub fn loc_of(&self, range: TextRange) -> Loc {
        let (l, c) = self.lines.line_col(range.start().to_u32());
        let (el, ec) = self.lines.line_col(range.end().to_u32());
        Loc {
            lineno: l,
            end_lineno: el,
            col: c,
            end_col: ec,
        }
    }

    pub fn set_loc(&mut self, range: TextRange) {
        let loc = self.loc_of(range);
        self.u().loc = loc;
    }

    pub fn unset_loc(&mut self) {
        self.u().loc = Loc::UNSET;
    }

    /// A SyntaxWarning at the current location (CPython's `compiler_warn`).
    pub fn warn(&mut self, msg: impl Into<String>) {
        let loc = self.ur().loc;
        self.warnings.push(CodegenError {
            msg: msg.into(),
            loc,
        });
    }

    pub fn error<T>(&self, msg: impl Into<String>) -> CResult<T> {
        Err(CodegenError {
            msg: msg.into(),
            loc: self.ur().loc,
        })
    }

    pub fn error_at<T>(&self, msg: impl Into<String>, range: TextRange) -> CResult<T> {
        Err(CodegenError {
            msg: msg.into(),
            loc: self.loc_of(range),
        })
    }

    pub fn guard(&mut self, range: TextRange) -> CResult {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.error_at("maximum recursion depth exceeded during compilation", range);
        }
        Ok(())
    }

    pub fn unguard(&mut self) {
        self.depth -= 1;
    }

    pub fn scope(&self) -> &symtable::Scope {
        &self.st.scopes[self.ur().scope]
    }

    // ---- blocks and instructions ----

    pub fn new_block(&mut self) -> BlockId {
        let u = self.u();
        u.blocks.push(Block::default());
        u.blocks.len() - 1
    }

    pub fn use_next_block(&mut self, b: BlockId) {
        let u = self.u();
        let cur = u.cur;
        u.blocks[cur].next = Some(b);
        u.cur = b;
        u.need_new_block = false;
    }

    fn push_instr(&mut self, op: Op, arg: u32, target: Option<BlockId>, loc: Loc) {
        if self.ur().need_new_block {
            let b = self.new_block();
            self.use_next_block(b);
        }
        let u = self.u();
        let cur = u.cur;
        u.blocks[cur].instrs.push(Instr {
            op,
            arg,
            target,
            loc,
            except: None,
        });
        if op == RETURN_VALUE && target.is_none() && arg == 0 {
            u.blocks[cur].returns = true;
        }
        if is_jump(op) || matches!(op, RETURN_VALUE | RAISE_VARARGS | RERAISE) {
            u.need_new_block = true;
        }
    }

    pub fn addop(&mut self, op: Op) {
        let loc = self.ur().loc;
        self.push_instr(op, 0, None, loc);
    }

    pub fn addop_i(&mut self, op: Op, arg: u32) {
        let loc = self.ur().loc;
        self.push_instr(op, arg, None, loc);
    }

    pub fn addop_noline(&mut self, op: Op) {
        self.push_instr(op, 0, None, Loc::NOLINE);
    }

    pub fn addop_i_noline(&mut self, op: Op, arg: u32) {
        self.push_instr(op, arg, None, Loc::NOLINE);
    }

    pub fn addop_j(&mut self, op: Op, target: BlockId) {
        let loc = self.ur().loc;
        self.push_instr(op, 0, Some(target), loc);
    }

    pub fn addop_j_noline(&mut self, op: Op, target: BlockId) {
        self.push_instr(op, 0, Some(target), Loc::NOLINE);
    }

    pub fn add_const(&mut self, c: Constant) -> u32 {
        let u = self.u();
        let key = ConstKey::of(&c);
        match &key {
            Some(k) => {
                if let Some(&i) = u.consts_index.get(k) {
                    return i;
                }
            }
            None => {
                if let Some(i) = u.consts.iter().position(|x| const_identical(x, &c)) {
                    return i as u32;
                }
            }
        }
        let i = u.consts.len() as u32;
        u.consts.push(c);
        if let Some(k) = key {
            u.consts_index.insert(k, i);
        }
        i
    }

    pub fn load_const(&mut self, c: Constant) {
        let i = self.add_const(c);
        self.addop_i(LOAD_CONST, i);
    }

    pub fn add_name(&mut self, name: &str) -> u32 {
        let u = self.u();
        if let Some(&i) = u.names_map.get(name) {
            return i;
        }
        let n: Rc<str> = Rc::from(name);
        let i = u.names.len() as u32;
        u.names.push(n.clone());
        u.names_map.insert(n, i);
        i
    }

    pub fn add_varname(&mut self, name: &Rc<str>) -> u32 {
        let u = self.u();
        if let Some(&i) = u.varnames_map.get(name) {
            return i;
        }
        let i = u.varnames.len() as u32;
        u.varnames.push(name.clone());
        u.varnames_map.insert(name.clone(), i);
        i
    }

    pub fn mangle(&self, name: &str) -> Rc<str> {
        mangle(self.ur().private.as_deref(), name)
    }

    /// `ADDOP_NAME`: an instruction taking a (mangled) name from `co_names`.
    pub fn addop_name(&mut self, op: Op, name: &str) {
        let m = self.mangle(name);
        let i = self.add_name(&m);
        self.addop_i(op, i);
    }

    // ---- fblocks ----

    pub fn push_fblock(&mut self, f: FBlock<'a>) -> CResult {
        if self.ur().fblocks.len() >= 20 {
            return self.error("too many statically nested blocks");
        }
        self.u().fblocks.push(f);
        Ok(())
    }

    pub fn pop_fblock(&mut self) {
        self.u().fblocks.pop();
    }

    // ---- scopes ----

    pub fn enter_scope(
        &mut self,
        name: &str,
        scope_type: ScopeType,
        node: Option<ScopeNode>,
        lineno: i32,
    ) -> CResult {
        let scope_id = match node {
            None => 0,
            Some(n) => match self.st.scope_for(n) {
                Some(s) => s,
                None => return self.error_at("internal error: unknown scope", n.range()),
            },
        };
        let scope = &self.st.scopes[scope_id];
        let varnames = scope.varnames.clone();
        let mut cellvars = scope.names_by_scope(symtable::CELL, 0);
        if scope.needs_class_closure {
            cellvars.push(Rc::from("__class__"));
        }
        let freevars = scope.names_by_scope(symtable::FREE, symtable::DEF_FREE_CLASS);
        let private = self.units.last().and_then(|u| u.private.clone());
        let mut varnames_map = HashMap::new();
        for (i, v) in varnames.iter().enumerate() {
            varnames_map.entry(v.clone()).or_insert(i as u32);
        }
        let unit = Unit {
            scope: scope_id,
            scope_type,
            name: Rc::from(name),
            qualname: Rc::from(name),
            private,
            consts: Vec::new(),
            consts_index: HashMap::new(),
            names: Vec::new(),
            names_map: HashMap::new(),
            varnames,
            varnames_map,
            cellvars,
            freevars,
            blocks: vec![Block::default()],
            cur: 0,
            need_new_block: false,
            loc: Loc {
                lineno,
                end_lineno: lineno,
                col: 0,
                end_col: 0,
            },
            fblocks: Vec::new(),
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            firstlineno: lineno,
        };
        self.units.push(unit);
        if scope_type == ScopeType::Module {
            self.u().loc.lineno = 0;
        } else {
            self.set_qualname();
        }
        self.addop_i(RESUME, 0);
        if scope_type == ScopeType::Module {
            self.u().loc.lineno = -1;
        }
        Ok(())
    }

    fn set_qualname(&mut self) {
        let n = self.units.len();
        if n <= 2 {
            return;
        }
        let parent = &self.units[n - 2];
        let u = &self.units[n - 1];
        let mut force_global = false;
        if matches!(
            u.scope_type,
            ScopeType::Function | ScopeType::AsyncFunction | ScopeType::Class
        ) {
            let mangled = mangle(parent.private.as_deref(), &u.name);
            if self.st.scopes[parent.scope].scope_of(&mangled) == symtable::GLOBAL_EXPLICIT {
                force_global = true;
            }
        }
        if force_global {
            return;
        }
        let base = if matches!(
            parent.scope_type,
            ScopeType::Function | ScopeType::AsyncFunction | ScopeType::Lambda
        ) {
            format!("{}.<locals>", parent.qualname)
        } else {
            parent.qualname.to_string()
        };
        let q = format!("{base}.{}", u.name);
        self.u().qualname = Rc::from(q);
    }

    pub fn is_top_level_await(&self) -> bool {
        self.top_level_await && self.scope().kind == BlockType::Module
    }

    fn compute_code_flags(&self) -> u32 {
        let scope = self.scope();
        let mut flags = 0;
        if scope.kind == BlockType::Function {
            flags |= CodeFlags::NEWLOCALS | CodeFlags::OPTIMIZED;
            if scope.nested {
                flags |= CodeFlags::NESTED;
            }
            if scope.generator && !scope.coroutine {
                flags |= CodeFlags::GENERATOR;
            }
            if !scope.generator && scope.coroutine {
                flags |= CodeFlags::COROUTINE;
            }
            if scope.generator && scope.coroutine {
                flags |= CodeFlags::ASYNC_GENERATOR;
            }
            if scope.varargs {
                flags |= CodeFlags::VARARGS;
            }
            if scope.varkeywords {
                flags |= CodeFlags::VARKEYWORDS;
            }
        }
        if self.is_top_level_await() && scope.coroutine && !scope.generator {
            flags |= CodeFlags::COROUTINE;
        }
        flags | self.future_flags
    }

    /// Finish the current unit (`assemble`) and pop it.
    pub fn exit_scope_assemble(&mut self, add_none: bool) -> Rc<CodeObject> {
        let cur = self.ur().cur;
        if !self.ur().blocks[cur].returns {
            self.unset_loc();
            if add_none {
                self.load_const(Constant::None);
            }
            self.addop(RETURN_VALUE);
        }
        let flags = self.compute_code_flags();
        let u = self.units.pop().expect("compiler unit");
        let mut firstlineno = u.firstlineno;
        if firstlineno == 0 {
            firstlineno = u.blocks[0]
                .instrs
                .first()
                .map_or(1, |i| i.loc.lineno.max(1));
        }
        let out = UnitOutput {
            cfg: Cfg {
                blocks: u.blocks,
                entry: 0,
            },
            consts: u.consts,
            names: u.names,
            varnames: u.varnames,
            cellvars: u.cellvars,
            freevars: u.freevars,
            argcount: u.argcount + u.posonlyargcount,
            posonlyargcount: u.posonlyargcount,
            kwonlyargcount: u.kwonlyargcount,
            flags,
            firstlineno,
            name: u.name,
            qualname: u.qualname,
            filename: self.filename.clone(),
        };
        Rc::new(assemble(out))
    }

    // ---- names ----

    fn forbidden_name(&self, name: &str, store: bool, del: bool) -> CResult {
        if name == "__debug__" {
            if store {
                return self.error("cannot assign to __debug__");
            }
            if del {
                return self.error("cannot delete __debug__");
            }
        }
        Ok(())
    }

    pub fn nameop(&mut self, name: &str, ctx: Ctx) -> CResult {
        self.forbidden_name(name, ctx == Ctx::Store, ctx == Ctx::Del)?;
        let mangled = self.mangle(name);
        let scope = self.scope().scope_of(&mangled);
        let is_func = self.scope().kind == BlockType::Function;
        let is_class = self.scope().kind == BlockType::Class;
        enum Kind {
            Fast,
            Global,
            Deref(u32),
            Name,
        }
        let kind = match scope {
            symtable::FREE => {
                let u = self.ur();
                let i = u.freevars.iter().position(|v| *v == mangled).unwrap_or(0);
                Kind::Deref((u.cellvars.len() + i) as u32)
            }
            symtable::CELL => {
                let i = self
                    .ur()
                    .cellvars
                    .iter()
                    .position(|v| *v == mangled)
                    .unwrap_or(0);
                Kind::Deref(i as u32)
            }
            symtable::LOCAL if is_func => Kind::Fast,
            symtable::GLOBAL_IMPLICIT if is_func => Kind::Global,
            symtable::GLOBAL_EXPLICIT => Kind::Global,
            _ => Kind::Name,
        };
        match kind {
            Kind::Deref(i) => {
                let op = match ctx {
                    Ctx::Load => {
                        if is_class {
                            LOAD_CLASSDEREF
                        } else {
                            LOAD_DEREF
                        }
                    }
                    Ctx::Store => STORE_DEREF,
                    Ctx::Del => DELETE_DEREF,
                };
                self.addop_i(op, i);
            }
            Kind::Fast => {
                let i = self.add_varname(&mangled);
                let op = match ctx {
                    Ctx::Load => LOAD_FAST,
                    Ctx::Store => STORE_FAST,
                    Ctx::Del => DELETE_FAST,
                };
                self.addop_i(op, i);
            }
            Kind::Global => {
                let i = self.add_name(&mangled);
                match ctx {
                    Ctx::Load => self.addop_i(LOAD_GLOBAL, i << 1),
                    Ctx::Store => self.addop_i(STORE_GLOBAL, i),
                    Ctx::Del => self.addop_i(DELETE_GLOBAL, i),
                }
            }
            Kind::Name => {
                let i = self.add_name(&mangled);
                let op = match ctx {
                    Ctx::Load => LOAD_NAME,
                    Ctx::Store => STORE_NAME,
                    Ctx::Del => DELETE_NAME,
                };
                self.addop_i(op, i);
            }
        }
        Ok(())
    }

    /// Emit the closure tuple (if any) and MAKE_FUNCTION for a finished code object.
    pub fn make_closure(&mut self, co: Rc<CodeObject>, mut flags: u32) {
        let frees = co.freevars();
        if !frees.is_empty() {
            for name in &frees {
                let is_cell = (self.scope().kind == BlockType::Class && &**name == "__class__")
                    || self.scope().scope_of(name) == symtable::CELL;
                let u = self.ur();
                let arg = if is_cell {
                    u.cellvars.iter().position(|v| v == name).unwrap_or(0)
                } else {
                    u.cellvars.len() + u.freevars.iter().position(|v| v == name).unwrap_or(0)
                };
                self.addop_i(LOAD_CLOSURE, arg as u32);
            }
            flags |= 0x08;
            self.addop_i(BUILD_TUPLE, frees.len() as u32);
        }
        self.load_const(Constant::Code(co));
        self.addop_i(MAKE_FUNCTION, flags);
    }

    pub fn fold(&self, e: &Expr) -> Option<Constant> {
        crate::fold::constant(e, self.optimize, self.source)
    }

    /// The docstring of a body, as `_PyAST_GetDocString` finds it.
    pub fn docstring(&self, body: &[Stmt]) -> Option<Constant> {
        if let Some(Stmt::Expr(e)) = body.first() {
            if let Expr::StringLiteral(s) = &*e.value {
                return Some(crate::surrogates::string_constant(self.source, &s.value));
            }
        }
        None
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ctx {
    Load,
    Store,
    Del,
}

pub fn ctx_of(c: ruff_python_ast::ExprContext) -> Ctx {
    match c {
        ruff_python_ast::ExprContext::Store => Ctx::Store,
        ruff_python_ast::ExprContext::Del => Ctx::Del,
        _ => Ctx::Load,
    }
}

/// Constant identity as CPython's constant cache sees it: like `==` on
/// [`Constant`], but code objects compare by value, as `code.__eq__` does.
pub fn const_identical(a: &Constant, b: &Constant) -> bool {
    match (a, b) {
        (Constant::Code(x), Constant::Code(y)) => {
            Rc::ptr_eq(x, y)
                || (x.name == y.name
                    && x.argcount == y.argcount
                    && x.posonlyargcount == y.posonlyargcount
                    && x.kwonlyargcount == y.kwonlyargcount
                    && x.flags == y.flags
                    && x.firstlineno == y.firstlineno
                    && x.code == y.code
                    && x.names == y.names
                    && x.localsplusnames == y.localsplusnames
                    && x.linetable == y.linetable
                    && x.exceptiontable == y.exceptiontable
                    && x.consts.len() == y.consts.len()
                    && x.consts
                        .iter()
                        .zip(&y.consts)
                        .all(|(p, q)| const_identical(p, q)))
        }
        (Constant::Tuple(x), Constant::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| const_identical(p, q))
        }
        // Each NaN is its own constant: CPython's cache compares keys with `==`.
        (Constant::Float(x), _) if x.is_nan() => false,
        (Constant::Complex { real, imag }, _) if real.is_nan() || imag.is_nan() => false,
        _ => a == b,
    }
}

/// A hashable stand-in for a constant, for finding duplicates quickly. Code
/// objects and NaNs have none (they compare by value or never match).
#[derive(Hash, PartialEq, Eq)]
enum ConstKey {
    None,
    Ellipsis,
    Bool(bool),
    Int(i64),
    BigInt(String),
    Float(u64),
    Complex(u64, u64),
    Str(Rc<str>),
    SurrogateStr(Rc<[u32]>),
    Bytes(Rc<[u8]>),
    Tuple(Vec<ConstKey>),
    FrozenSet(Vec<ConstKey>),
}

impl ConstKey {
    fn of(c: &Constant) -> Option<ConstKey> {
        Some(match c {
            Constant::None => ConstKey::None,
            Constant::Ellipsis => ConstKey::Ellipsis,
            Constant::Bool(b) => ConstKey::Bool(*b),
            Constant::Int(i) => ConstKey::Int(*i),
            Constant::BigInt(b) => ConstKey::BigInt(b.to_string()),
            Constant::Float(f) if f.is_nan() => return None,
            Constant::Float(f) => ConstKey::Float(f.to_bits()),
            Constant::Complex { real, imag } if real.is_nan() || imag.is_nan() => return None,
            Constant::Complex { real, imag } => ConstKey::Complex(real.to_bits(), imag.to_bits()),
            Constant::Str(s) => ConstKey::Str(s.clone()),
            Constant::SurrogateStr(points) => ConstKey::SurrogateStr(points.clone()),
            Constant::Bytes(b) => ConstKey::Bytes(b.clone()),
            Constant::Tuple(t) => {
                ConstKey::Tuple(t.iter().map(ConstKey::of).collect::<Option<_>>()?)
            }
            Constant::FrozenSet(t) => {
                ConstKey::FrozenSet(t.iter().map(ConstKey::of).collect::<Option<_>>()?)
            }
            Constant::Code(_) => return None,
        })
    }
}
