//! Code generation for statements: assignments of every form, control flow
//! with its frame-block unwinding (break/continue/return through try and
//! with), try/except/finally, with, imports, function and class definitions.
//! Corresponds to `compiler_visit_stmt` and its helpers in CPython 3.11's
//! `Python/compile.c`.

use std::rc::Rc;

use krait_bytecode::Constant;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::*;

impl<'a> Compiler<'a> {
    /// The range CPython gives a def or class: from the `def`/`class` (or
    /// `async`) keyword, not from the first decorator.
    fn def_range(&self, range: TextRange, name: TextRange, decorated: bool, kw: &str) -> TextRange {
        if !decorated {
            return range;
        }
        let bytes = self.source.as_bytes();
        let mut pos = name.start().to_usize();
        let skip_ws = |mut p: usize| {
            while p > 0 && matches!(bytes[p - 1], b' ' | b'\t' | b'\n' | b'\r' | b'\\' | b'\x0c') {
                p -= 1;
            }
            p
        };
        pos = skip_ws(pos);
        if pos >= kw.len() && self.source.get(pos - kw.len()..pos) == Some(kw) {
            pos -= kw.len();
            if kw == "def" {
                let p2 = skip_ws(pos);
                if p2 >= 5 && self.source.get(p2 - 5..p2) == Some("async") {
                    pos = p2 - 5;
                }
            }
            TextRange::new(TextSize::from(pos as u32), range.end())
        } else {
            range
        }
    }

    fn stmt_range(&self, s: &Stmt) -> TextRange {
        match s {
            Stmt::FunctionDef(f) => self.compound_range(self.def_range(
                f.range,
                f.name.range,
                !f.decorator_list.is_empty(),
                "def",
            )),
            Stmt::ClassDef(c) => self.compound_range(self.def_range(
                c.range,
                c.name.range,
                !c.decorator_list.is_empty(),
                "class",
            )),
            Stmt::If(_)
            | Stmt::For(_)
            | Stmt::While(_)
            | Stmt::With(_)
            | Stmt::Try(_)
            | Stmt::Match(_) => self.compound_range(s.range()),
            _ => s.range(),
        }
    }

    /// A compound statement (or clause) ends, in CPython's tree, at the last
    /// token of its block: a `;` after the last simple statement included.
    pub fn compound_range(&self, range: TextRange) -> TextRange {
        let bytes = self.source.as_bytes();
        let mut p = range.end().to_usize();
        while p < bytes.len() && matches!(bytes[p], b' ' | b'\t' | b'\x0c') {
            p += 1;
        }
        if p < bytes.len() && bytes[p] == b';' {
            TextRange::new(range.start(), TextSize::from(p as u32 + 1))
        } else {
            range
        }
    }

    pub fn visit_body(&mut self, body: &'a [Stmt]) -> CResult {
        for s in body {
            self.visit_stmt(s)?;
        }
        Ok(())
    }

    /// Module and class bodies: annotations setup and the docstring.
    pub fn compile_body(&mut self, stmts: &'a [Stmt]) -> CResult {
        if self.ur().scope_type == ScopeType::Module && !stmts.is_empty() {
            let r = self.stmt_range(&stmts[0]);
            self.set_loc(r);
        }
        if find_ann(stmts) {
            self.addop(SETUP_ANNOTATIONS);
        }
        if stmts.is_empty() {
            return Ok(());
        }
        let mut i = 0;
        if self.optimize < 2 && self.docstring(stmts).is_some() {
            i = 1;
            if let Stmt::Expr(e) = &stmts[0] {
                self.visit_expr(&e.value)?;
            }
            self.unset_loc();
            self.nameop("__doc__", Ctx::Store)?;
        }
        self.visit_body(&stmts[i..])
    }

    pub fn visit_stmt(&mut self, s: &'a Stmt) -> CResult {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
            self.guard(s.range())?;
            let r = self.visit_stmt_inner(s);
            self.unguard();
            r
        })
    }

    fn visit_stmt_inner(&mut self, s: &'a Stmt) -> CResult {
        let range = self.stmt_range(s);
        self.set_loc(range);
        match s {
            Stmt::FunctionDef(f) => self.compile_function(f, range),
            Stmt::ClassDef(c) => self.compile_class(c, range),
            Stmt::Return(r) => self.compile_return(r),
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.visit_expr(t)?;
                }
                Ok(())
            }
            Stmt::Assign(a) => {
                self.visit_expr(&a.value)?;
                let n = a.targets.len();
                for (i, t) in a.targets.iter().enumerate() {
                    if i < n - 1 {
                        self.addop_i(COPY, 1);
                    }
                    self.visit_expr(t)?;
                }
                Ok(())
            }
            Stmt::AugAssign(a) => self.compile_augassign(a),
            Stmt::AnnAssign(a) => self.compile_annassign(a),
            Stmt::For(f) => {
                if f.is_async {
                    return self.compile_async_for(f);
                }
                self.compile_for(f)
            }
            Stmt::While(w) => self.compile_while(w),
            Stmt::If(i) => self.compile_if(&i.test, &i.body, &i.elif_else_clauses),
            Stmt::Match(m) => self.compile_match(m),
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.visit_expr(e)?;
                    n += 1;
                    if let Some(c) = &r.cause {
                        self.visit_expr(c)?;
                        n += 1;
                    }
                }
                self.addop_i(RAISE_VARARGS, n);
                Ok(())
            }
            Stmt::Try(t) => {
                if !t.finalbody.is_empty() {
                    self.compile_try_finally(t)
                } else if t.is_star {
                    self.compile_try_star_except(t)
                } else {
                    self.compile_try_except(t)
                }
            }
            Stmt::Assert(a) => {
                self.check_assert(&a.test);
                if self.optimize > 0 {
                    return Ok(());
                }
                let end = self.new_block();
                self.jump_if(&a.test, end, true)?;
                self.addop(LOAD_ASSERTION_ERROR);
                if let Some(m) = &a.msg {
                    self.visit_expr(m)?;
                    self.addop_i(PRECALL, 0);
                    self.addop_i(CALL, 0);
                }
                self.addop_i(RAISE_VARARGS, 1);
                self.use_next_block(end);
                Ok(())
            }
            Stmt::Import(i) => self.compile_import(i),
            Stmt::ImportFrom(i) => self.compile_from_import(i),
            Stmt::Global(_) | Stmt::Nonlocal(_) => Ok(()),
            Stmt::Expr(e) => {
                if self.interactive && self.units.len() <= 1 {
                    self.visit_expr(&e.value)?;
                    self.addop(PRINT_EXPR);
                    return Ok(());
                }
                if self.fold(&e.value).is_some() {
                    self.addop(NOP);
                    return Ok(());
                }
                self.visit_expr(&e.value)?;
                self.unset_loc();
                self.addop(POP_TOP);
                Ok(())
            }
            Stmt::Pass(_) => {
                self.addop(NOP);
                Ok(())
            }
            Stmt::Break(_) => self.compile_break(),
            Stmt::Continue(_) => self.compile_continue(),
            Stmt::With(w) => {
                if w.is_async {
                    return self.compile_async_with(w, 0);
                }
                self.compile_with(w, 0)
            }
            Stmt::TypeAlias(_) | Stmt::IpyEscapeCommand(_) => self.error("invalid syntax"),
        }
    }

    fn compile_if(
        &mut self,
        test: &'a Expr,
        body: &'a [Stmt],
        clauses: &'a [ast::ElifElseClause],
    ) -> CResult {
        let end = self.new_block();
        let next = if clauses.is_empty() {
            end
        } else {
            self.new_block()
        };
        self.jump_if(test, next, false)?;
        self.visit_body(body)?;
        if !clauses.is_empty() {
            self.addop_j_noline(JUMP, end);
            self.use_next_block(next);
            let first = &clauses[0];
            match &first.test {
                Some(t) => {
                    let last = clauses.last().expect("non-empty");
                    self.set_loc(
                        self.compound_range(TextRange::new(first.range.start(), last.range.end())),
                    );
                    self.guard(first.range)?;
                    let r = stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
                        self.compile_if(t, &first.body, &clauses[1..])
                    });
                    self.unguard();
                    r?;
                }
                None => self.visit_body(&first.body)?,
            }
        }
        self.use_next_block(end);
        Ok(())
    }

    fn compile_for(&mut self, f: &'a ast::StmtFor) -> CResult {
        let start = self.new_block();
        let body = self.new_block();
        let cleanup = self.new_block();
        let end = self.new_block();
        self.push_fblock(FBlock::ForLoop {
            block: start,
            exit: end,
        })?;
        self.visit_iter(&f.iter)?;
        self.addop(GET_ITER);
        self.use_next_block(start);
        self.addop_j(FOR_ITER, cleanup);
        self.use_next_block(body);
        self.visit_expr(&f.target)?;
        self.visit_body(&f.body)?;
        self.unset_loc();
        self.addop_j(JUMP, start);
        self.use_next_block(cleanup);
        self.pop_fblock();
        self.visit_body(&f.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    fn check_async(&mut self, what: &str) -> CResult {
        if self.is_top_level_await() {
            let id = self.ur().scope;
            self.st.scopes[id].coroutine = true;
            return Ok(());
        }
        if self.ur().scope_type != ScopeType::AsyncFunction {
            return self.error(format!("'{what}' outside async function"));
        }
        Ok(())
    }

    fn compile_async_for(&mut self, f: &'a ast::StmtFor) -> CResult {
        self.check_async("async for")?;
        let start = self.new_block();
        let except = self.new_block();
        let end = self.new_block();
        self.visit_expr(&f.iter)?;
        self.addop(GET_AITER);
        self.use_next_block(start);
        self.push_fblock(FBlock::ForLoop {
            block: start,
            exit: end,
        })?;
        self.addop_j(SETUP_FINALLY, except);
        self.addop(GET_ANEXT);
        self.load_const(Constant::None);
        self.add_yield_from(true);
        self.addop(POP_BLOCK);
        self.visit_expr(&f.target)?;
        self.visit_body(&f.body)?;
        self.unset_loc();
        self.addop_j(JUMP, start);
        self.pop_fblock();
        self.use_next_block(except);
        self.set_loc(f.iter.range());
        self.addop(END_ASYNC_FOR);
        self.visit_body(&f.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    fn compile_async_with(&mut self, w: &'a ast::StmtWith, pos: usize) -> CResult {
        self.check_async("async with")?;
        let item = &w.items[pos];
        let block = self.new_block();
        let final_ = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.visit_expr(&item.context_expr)?;
        self.addop(BEFORE_ASYNC_WITH);
        self.addop_i(GET_AWAITABLE, 1);
        self.load_const(Constant::None);
        self.add_yield_from(true);
        self.addop_j(SETUP_WITH, final_);
        self.use_next_block(block);
        let wloc = self.loc_of(self.compound_range(w.range));
        self.push_fblock(FBlock::AsyncWith { loc: wloc })?;
        match &item.optional_vars {
            Some(v) => self.visit_expr(v)?,
            None => self.addop(POP_TOP),
        }
        if pos + 1 == w.items.len() {
            self.visit_body(&w.body)?;
        } else {
            self.compile_async_with(w, pos + 1)?;
        }
        self.pop_fblock();
        self.addop(POP_BLOCK);
        self.set_loc(self.compound_range(w.range));
        self.call_exit_with_nones();
        self.addop_i(GET_AWAITABLE, 2);
        self.load_const(Constant::None);
        self.add_yield_from(true);
        self.addop(POP_TOP);
        self.addop_j(JUMP, exit);
        self.use_next_block(final_);
        self.addop_j(SETUP_CLEANUP, cleanup);
        self.addop(PUSH_EXC_INFO);
        self.addop(WITH_EXCEPT_START);
        self.addop_i(GET_AWAITABLE, 2);
        self.load_const(Constant::None);
        self.add_yield_from(true);
        self.with_except_finish(cleanup);
        self.use_next_block(exit);
        Ok(())
    }

    fn with_except_finish(&mut self, cleanup: BlockId) {
        self.unset_loc();
        let exit2 = self.new_block();
        self.addop_j(POP_JUMP_IF_TRUE, exit2);
        self.addop_i(RERAISE, 2);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(exit2);
        self.addop(POP_TOP);
        self.addop(POP_BLOCK);
        self.addop(POP_EXCEPT);
        self.addop(POP_TOP);
        self.addop(POP_TOP);
    }

    fn compile_while(&mut self, w: &'a ast::StmtWhile) -> CResult {
        let lp = self.new_block();
        let body = self.new_block();
        let anchor = self.new_block();
        let end = self.new_block();
        self.use_next_block(lp);
        self.push_fblock(FBlock::WhileLoop {
            block: lp,
            exit: end,
        })?;
        self.jump_if(&w.test, anchor, false)?;
        self.use_next_block(body);
        self.visit_body(&w.body)?;
        self.set_loc(self.compound_range(w.range));
        self.jump_if(&w.test, body, true)?;
        self.pop_fblock();
        self.use_next_block(anchor);
        self.visit_body(&w.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    fn compile_return(&mut self, r: &'a ast::StmtReturn) -> CResult {
        let value = r.value.as_deref();
        let folded = value.and_then(|v| self.fold(v));
        let preserve_tos = value.is_some() && folded.is_none();
        if self.scope().kind != BlockType::Function {
            return self.error("'return' outside function");
        }
        if value.is_some() && self.scope().coroutine && self.scope().generator {
            return self.error("'return' with value in async generator");
        }
        if preserve_tos {
            self.visit_expr(value.expect("value"))?;
        } else if let Some(v) = value {
            self.set_loc(v.range());
            self.addop(NOP);
        }
        let same_line = value
            .map(|v| self.loc_of(v.range()).lineno == self.loc_of(r.range).lineno)
            .unwrap_or(false);
        if !same_line {
            self.set_loc(r.range);
            self.addop(NOP);
        }
        self.unwind_fblock_stack(preserve_tos, false)?;
        match (value, folded) {
            (None, _) => self.load_const(Constant::None),
            (Some(_), Some(c)) => self.load_const(c),
            _ => {}
        }
        self.addop(RETURN_VALUE);
        Ok(())
    }

    fn compile_break(&mut self) -> CResult {
        let saved = self.ur().loc;
        self.addop(NOP);
        let Some(lp) = self.unwind_fblock_stack(false, true)? else {
            self.u().loc = saved;
            return self.error("'break' outside loop");
        };
        self.unwind_fblock(lp, false)?;
        match lp {
            FBlock::WhileLoop { exit, .. } | FBlock::ForLoop { exit, .. } => {
                self.addop_j(JUMP, exit)
            }
            _ => {}
        }
        Ok(())
    }

    fn compile_continue(&mut self) -> CResult {
        let saved = self.ur().loc;
        self.addop(NOP);
        let Some(lp) = self.unwind_fblock_stack(false, true)? else {
            self.u().loc = saved;
            return self.error("'continue' not properly in loop");
        };
        match lp {
            FBlock::WhileLoop { block, .. } | FBlock::ForLoop { block, .. } => {
                self.addop_j(JUMP, block)
            }
            _ => {}
        }
        Ok(())
    }

    fn call_exit_with_nones(&mut self) {
        self.load_const(Constant::None);
        self.load_const(Constant::None);
        self.load_const(Constant::None);
        self.addop_i(PRECALL, 2);
        self.addop_i(CALL, 2);
    }

    fn unwind_fblock(&mut self, f: FBlock<'a>, preserve_tos: bool) -> CResult {
        match f {
            FBlock::WhileLoop { .. }
            | FBlock::ExceptionHandler
            | FBlock::ExceptionGroupHandler
            | FBlock::AsyncComprehensionGenerator => {}
            FBlock::ForLoop { .. } => {
                if preserve_tos {
                    self.addop_i(SWAP, 2);
                }
                self.addop(POP_TOP);
            }
            FBlock::TryExcept => self.addop(POP_BLOCK),
            FBlock::FinallyTry { body } => {
                self.addop(POP_BLOCK);
                if preserve_tos {
                    self.push_fblock(FBlock::PopValue)?;
                }
                self.visit_body(body)?;
                if preserve_tos {
                    self.pop_fblock();
                }
                self.unset_loc();
            }
            FBlock::FinallyEnd => {
                if preserve_tos {
                    self.addop_i(SWAP, 2);
                }
                self.addop(POP_TOP);
                if preserve_tos {
                    self.addop_i(SWAP, 2);
                }
                self.addop(POP_BLOCK);
                self.addop(POP_EXCEPT);
            }
            FBlock::With { loc } | FBlock::AsyncWith { loc } => {
                self.u().loc = loc;
                self.addop(POP_BLOCK);
                if preserve_tos {
                    self.addop_i(SWAP, 2);
                }
                self.call_exit_with_nones();
                if matches!(f, FBlock::AsyncWith { .. }) {
                    self.addop_i(GET_AWAITABLE, 2);
                    self.load_const(Constant::None);
                    self.add_yield_from(true);
                }
                self.addop(POP_TOP);
                self.unset_loc();
            }
            FBlock::HandlerCleanup { name } => {
                if name.is_some() {
                    self.addop(POP_BLOCK);
                }
                if preserve_tos {
                    self.addop_i(SWAP, 2);
                }
                self.addop(POP_BLOCK);
                self.addop(POP_EXCEPT);
                if let Some(n) = name {
                    self.load_const(Constant::None);
                    self.nameop(n, Ctx::Store)?;
                    self.nameop(n, Ctx::Del)?;
                }
            }
            FBlock::PopValue => {
                if preserve_tos {
                    self.addop_i(SWAP, 2);
                }
                self.addop(POP_TOP);
            }
        }
        Ok(())
    }

    /// Unwind the frame blocks; with `to_loop`, stop at (and return) the innermost loop.
    fn unwind_fblock_stack(
        &mut self,
        preserve_tos: bool,
        to_loop: bool,
    ) -> CResult<Option<FBlock<'a>>> {
        let Some(&top) = self.ur().fblocks.last() else {
            return Ok(None);
        };
        if matches!(top, FBlock::ExceptionGroupHandler) {
            return self
                .error("'break', 'continue' and 'return' cannot appear in an except* block");
        }
        if to_loop && matches!(top, FBlock::WhileLoop { .. } | FBlock::ForLoop { .. }) {
            return Ok(Some(top));
        }
        self.u().fblocks.pop();
        self.unwind_fblock(top, preserve_tos)?;
        let r = self.unwind_fblock_stack(preserve_tos, to_loop)?;
        self.u().fblocks.push(top);
        Ok(r)
    }

    fn pop_except_and_reraise(&mut self) {
        self.addop_i(COPY, 3);
        self.addop(POP_EXCEPT);
        self.addop_i(RERAISE, 1);
    }

    fn compile_try_finally(&mut self, t: &'a ast::StmtTry) -> CResult {
        let body = self.new_block();
        let end = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.addop_j(SETUP_FINALLY, end);
        self.use_next_block(body);
        self.push_fblock(FBlock::FinallyTry { body: &t.finalbody })?;
        if !t.handlers.is_empty() {
            if t.is_star {
                self.compile_try_star_except(t)?;
            } else {
                self.compile_try_except(t)?;
            }
        } else {
            self.visit_body(&t.body)?;
        }
        self.addop_noline(POP_BLOCK);
        self.pop_fblock();
        self.visit_body(&t.finalbody)?;
        self.addop_j_noline(JUMP, exit);
        self.use_next_block(end);
        self.unset_loc();
        self.addop_j(SETUP_CLEANUP, cleanup);
        self.addop(PUSH_EXC_INFO);
        self.push_fblock(FBlock::FinallyEnd)?;
        self.visit_body(&t.finalbody)?;
        self.pop_fblock();
        self.addop_i(RERAISE, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(exit);
        Ok(())
    }

    fn compile_try_star_except(&mut self, t: &'a ast::StmtTry) -> CResult {
        let body = self.new_block();
        let mut except = self.new_block();
        let orelse = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        let reraise_star = self.new_block();
        self.addop_j(SETUP_FINALLY, except);
        self.use_next_block(body);
        self.push_fblock(FBlock::TryExcept)?;
        self.visit_body(&t.body)?;
        self.pop_fblock();
        self.addop_noline(POP_BLOCK);
        self.addop_j_noline(JUMP, orelse);
        let n = t.handlers.len();
        self.use_next_block(except);
        self.unset_loc();
        self.addop_j(SETUP_CLEANUP, cleanup);
        self.addop(PUSH_EXC_INFO);
        self.push_fblock(FBlock::ExceptionGroupHandler)?;
        for (i, h) in t.handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_loc(self.compound_range(h.range));
            except = self.new_block();
            let handle_match = self.new_block();
            if i == 0 {
                self.addop_i(COPY, 1);
                self.addop_i(BUILD_LIST, 0);
                self.addop_i(SWAP, 2);
            }
            if let Some(ty) = &h.type_ {
                self.visit_expr(ty)?;
                self.addop(CHECK_EG_MATCH);
                self.addop_i(COPY, 1);
                self.addop_j(POP_JUMP_IF_NOT_NONE, handle_match);
                self.addop(POP_TOP);
                self.addop_j(JUMP, except);
            }
            self.use_next_block(handle_match);
            let cleanup_end = self.new_block();
            let cleanup_body = self.new_block();
            match &h.name {
                Some(name) => self.nameop(name, Ctx::Store)?,
                None => self.addop(POP_TOP),
            }
            self.addop_j(SETUP_CLEANUP, cleanup_end);
            self.use_next_block(cleanup_body);
            let name = h.name.as_ref().map(|n| n.as_str());
            self.push_fblock(FBlock::HandlerCleanup { name })?;
            self.visit_body(&h.body)?;
            self.pop_fblock();
            self.unset_loc();
            self.addop(POP_BLOCK);
            if let Some(name) = name {
                self.load_const(Constant::None);
                self.nameop(name, Ctx::Store)?;
                self.nameop(name, Ctx::Del)?;
            }
            self.addop_j(JUMP, except);
            self.use_next_block(cleanup_end);
            self.unset_loc();
            if let Some(name) = name {
                self.load_const(Constant::None);
                self.nameop(name, Ctx::Store)?;
                self.nameop(name, Ctx::Del)?;
            }
            self.addop_i(LIST_APPEND, 3);
            self.addop(POP_TOP);
            self.addop_j(JUMP, except);
            self.use_next_block(except);
            if i == n - 1 {
                self.addop_i(LIST_APPEND, 1);
                self.addop_j(JUMP, reraise_star);
            }
        }
        self.unset_loc();
        self.pop_fblock();
        let reraise = self.new_block();
        self.use_next_block(reraise_star);
        self.addop(PREP_RERAISE_STAR);
        self.addop_i(COPY, 1);
        self.addop_j(POP_JUMP_IF_NOT_NONE, reraise);
        self.addop(POP_TOP);
        self.addop(POP_BLOCK);
        self.addop(POP_EXCEPT);
        self.addop_j(JUMP, end);
        self.use_next_block(reraise);
        self.addop(POP_BLOCK);
        self.addop_i(SWAP, 2);
        self.addop(POP_EXCEPT);
        self.addop_i(RERAISE, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(orelse);
        self.visit_body(&t.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    fn compile_try_except(&mut self, t: &'a ast::StmtTry) -> CResult {
        let body = self.new_block();
        let mut except = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        self.addop_j(SETUP_FINALLY, except);
        self.use_next_block(body);
        self.push_fblock(FBlock::TryExcept)?;
        self.visit_body(&t.body)?;
        self.pop_fblock();
        self.addop_noline(POP_BLOCK);
        self.visit_body(&t.orelse)?;
        self.addop_j_noline(JUMP, end);
        let n = t.handlers.len();
        self.use_next_block(except);
        self.unset_loc();
        self.addop_j(SETUP_CLEANUP, cleanup);
        self.addop(PUSH_EXC_INFO);
        self.push_fblock(FBlock::ExceptionHandler)?;
        for (i, h) in t.handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_loc(self.compound_range(h.range));
            if h.type_.is_none() && i < n - 1 {
                return self.error("default 'except:' must be last");
            }
            except = self.new_block();
            if let Some(ty) = &h.type_ {
                self.visit_expr(ty)?;
                self.addop(CHECK_EXC_MATCH);
                self.addop_j(POP_JUMP_IF_FALSE, except);
            }
            if let Some(name) = &h.name {
                let cleanup_end = self.new_block();
                let cleanup_body = self.new_block();
                self.nameop(name, Ctx::Store)?;
                self.addop_j(SETUP_CLEANUP, cleanup_end);
                self.use_next_block(cleanup_body);
                self.push_fblock(FBlock::HandlerCleanup {
                    name: Some(name.as_str()),
                })?;
                self.visit_body(&h.body)?;
                self.pop_fblock();
                self.unset_loc();
                self.addop(POP_BLOCK);
                self.addop(POP_BLOCK);
                self.addop(POP_EXCEPT);
                self.load_const(Constant::None);
                self.nameop(name, Ctx::Store)?;
                self.nameop(name, Ctx::Del)?;
                self.addop_j(JUMP, end);
                self.use_next_block(cleanup_end);
                self.unset_loc();
                self.load_const(Constant::None);
                self.nameop(name, Ctx::Store)?;
                self.nameop(name, Ctx::Del)?;
                self.addop_i(RERAISE, 1);
            } else {
                let cleanup_body = self.new_block();
                self.addop(POP_TOP);
                self.use_next_block(cleanup_body);
                self.push_fblock(FBlock::HandlerCleanup { name: None })?;
                self.visit_body(&h.body)?;
                self.pop_fblock();
                self.unset_loc();
                self.addop(POP_BLOCK);
                self.addop(POP_EXCEPT);
                self.addop_j(JUMP, end);
            }
            self.use_next_block(except);
        }
        self.unset_loc();
        self.pop_fblock();
        self.addop_i(RERAISE, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(end);
        Ok(())
    }

    fn compile_with(&mut self, w: &'a ast::StmtWith, pos: usize) -> CResult {
        let item = &w.items[pos];
        let block = self.new_block();
        let final_ = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.visit_expr(&item.context_expr)?;
        self.addop(BEFORE_WITH);
        self.addop_j(SETUP_WITH, final_);
        self.use_next_block(block);
        let wloc = self.loc_of(self.compound_range(w.range));
        self.push_fblock(FBlock::With { loc: wloc })?;
        match &item.optional_vars {
            Some(v) => self.visit_expr(v)?,
            None => self.addop(POP_TOP),
        }
        if pos + 1 == w.items.len() {
            self.visit_body(&w.body)?;
        } else {
            self.compile_with(w, pos + 1)?;
        }
        self.unset_loc();
        self.addop(POP_BLOCK);
        self.pop_fblock();
        self.set_loc(self.compound_range(w.range));
        self.call_exit_with_nones();
        self.addop(POP_TOP);
        self.addop_j(JUMP, exit);
        self.use_next_block(final_);
        self.addop_j(SETUP_CLEANUP, cleanup);
        self.addop(PUSH_EXC_INFO);
        self.addop(WITH_EXCEPT_START);
        self.with_except_finish(cleanup);
        self.use_next_block(exit);
        Ok(())
    }

    fn compile_import(&mut self, i: &'a ast::StmtImport) -> CResult {
        for alias in &i.names {
            self.load_const(Constant::Int(0));
            self.load_const(Constant::None);
            self.addop_name(IMPORT_NAME, &alias.name);
            let full = alias.name.as_str();
            if let Some(asname) = &alias.asname {
                let parts: Vec<&str> = full.split('.').collect();
                if parts.len() > 1 {
                    for (k, attr) in parts[1..].iter().enumerate() {
                        self.addop_name(IMPORT_FROM, attr);
                        if k + 2 == parts.len() {
                            break;
                        }
                        self.addop_i(SWAP, 2);
                        self.addop(POP_TOP);
                    }
                    self.nameop(asname, Ctx::Store)?;
                    self.addop(POP_TOP);
                } else {
                    self.nameop(asname, Ctx::Store)?;
                }
            } else {
                let first = full.split('.').next().unwrap_or(full);
                self.nameop(first, Ctx::Store)?;
            }
        }
        Ok(())
    }

    fn compile_from_import(&mut self, i: &'a ast::StmtImportFrom) -> CResult {
        self.load_const(Constant::Int(i64::from(i.level)));
        let names: Vec<Constant> = i
            .names
            .iter()
            .map(|a| Constant::Str(Rc::from(a.name.as_str())))
            .collect();
        if let Some(m) = &i.module {
            if m.as_str() == "__future__" && self.loc_of(i.range).lineno > self.future_lineno() {
                return self
                    .error("from __future__ imports must occur at the beginning of the file");
            }
        }
        self.load_const(Constant::Tuple(names.into()));
        match &i.module {
            Some(m) => self.addop_name(IMPORT_NAME, m),
            None => self.addop_name(IMPORT_NAME, ""),
        }
        for (k, alias) in i.names.iter().enumerate() {
            if k == 0 && alias.name.as_str().starts_with('*') {
                self.addop(IMPORT_STAR);
                return Ok(());
            }
            self.addop_name(IMPORT_FROM, &alias.name);
            let store = alias.asname.as_ref().unwrap_or(&alias.name);
            self.nameop(store, Ctx::Store)?;
        }
        self.addop(POP_TOP);
        Ok(())
    }

    fn future_lineno(&self) -> i32 {
        self.future_line
    }

    fn compile_augassign(&mut self, a: &'a ast::StmtAugAssign) -> CResult {
        let old = self.ur().loc;
        let e = &*a.target;
        self.set_loc(e.range());
        match e {
            Expr::Attribute(at) => {
                self.visit_expr(&at.value)?;
                self.addop_i(COPY, 1);
                self.update_attr_loc(at);
                self.addop_name(LOAD_ATTR, &at.attr);
            }
            Expr::Subscript(s) => {
                self.visit_expr(&s.value)?;
                self.visit_expr(&s.slice)?;
                self.addop_i(COPY, 2);
                self.addop_i(COPY, 2);
                self.addop(BINARY_SUBSCR);
            }
            Expr::Name(n) => self.nameop(&n.id, Ctx::Load)?,
            _ => {
                return self.error("'expression' is an illegal expression for augmented assignment")
            }
        }
        self.u().loc = old;
        self.visit_expr(&a.value)?;
        self.addop_i(BINARY_OP, inplace_arg(a.op));
        self.set_loc(e.range());
        match e {
            Expr::Attribute(at) => {
                self.update_attr_loc(at);
                self.addop_i(SWAP, 2);
                self.addop_name(STORE_ATTR, &at.attr);
            }
            Expr::Subscript(_) => {
                self.addop_i(SWAP, 3);
                self.addop_i(SWAP, 2);
                self.addop(STORE_SUBSCR);
            }
            Expr::Name(n) => self.nameop(&n.id, Ctx::Store)?,
            _ => {}
        }
        Ok(())
    }

    fn update_attr_loc(&mut self, at: &ast::ExprAttribute) {
        let end = self.loc_of(at.range);
        let u = self.u();
        if u.loc.lineno != end.end_lineno {
            u.loc.lineno = end.end_lineno;
            let len = at.attr.as_str().chars().count() as i32;
            if len <= end.end_col {
                u.loc.col = end.end_col - len;
            } else {
                u.loc.col = -1;
                u.loc.end_col = -1;
            }
            u.loc.end_lineno = u.loc.lineno.max(u.loc.end_lineno);
            if u.loc.lineno == u.loc.end_lineno {
                u.loc.end_col = u.loc.col.max(u.loc.end_col);
            }
        }
    }

    fn check_ann_expr(&mut self, e: &'a Expr) -> CResult {
        self.visit_expr(e)?;
        self.addop(POP_TOP);
        Ok(())
    }

    fn check_ann_subscr(&mut self, e: &'a Expr) -> CResult {
        match e {
            Expr::Slice(s) => {
                for v in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.check_ann_expr(v)?;
                }
                Ok(())
            }
            Expr::Tuple(t) => {
                for v in &t.elts {
                    self.check_ann_subscr(v)?;
                }
                Ok(())
            }
            _ => self.check_ann_expr(e),
        }
    }

    fn future_annotations(&self) -> bool {
        self.future_flags & krait_bytecode::CodeFlags::FUTURE_ANNOTATIONS != 0
    }

    fn visit_annexpr(&mut self, e: &'a Expr) {
        let text = crate::unparse::unparse(e, self.source);
        self.load_const(Constant::Str(Rc::from(text)));
    }

    fn compile_annassign(&mut self, a: &'a ast::StmtAnnAssign) -> CResult {
        let targ = &*a.target;
        if let Some(v) = &a.value {
            self.visit_expr(v)?;
            self.visit_expr(targ)?;
        }
        let module_or_class = matches!(self.ur().scope_type, ScopeType::Module | ScopeType::Class);
        match targ {
            Expr::Name(n) => {
                if n.id.as_str() == "__debug__" {
                    return self.error("cannot assign to __debug__");
                }
                if a.simple && module_or_class {
                    if self.future_annotations() {
                        self.visit_annexpr(&a.annotation);
                    } else {
                        self.visit_expr(&a.annotation)?;
                    }
                    self.addop_name(LOAD_NAME, "__annotations__");
                    let m = self.mangle(&n.id);
                    self.load_const(Constant::Str(m));
                    self.addop(STORE_SUBSCR);
                }
            }
            Expr::Attribute(at) => {
                if at.attr.as_str() == "__debug__" {
                    return self.error("cannot assign to __debug__");
                }
                if a.value.is_none() {
                    self.check_ann_expr(&at.value)?;
                }
            }
            Expr::Subscript(s) => {
                if a.value.is_none() {
                    self.check_ann_expr(&s.value)?;
                    self.check_ann_subscr(&s.slice)?;
                }
            }
            _ => return self.error("invalid node type for annotated assignment"),
        }
        if !a.simple && !self.future_annotations() && module_or_class {
            self.check_ann_expr(&a.annotation)?;
        }
        Ok(())
    }

    fn visit_argannotation(&mut self, name: &str, ann: Option<&'a Expr>, n: &mut u32) -> CResult {
        let Some(ann) = ann else { return Ok(()) };
        let m = self.mangle(name);
        self.load_const(Constant::Str(m));
        if self.future_annotations() {
            self.visit_annexpr(ann);
        } else if let Expr::Starred(s) = ann {
            self.visit_expr(&s.value)?;
            self.addop_i(UNPACK_SEQUENCE, 1);
        } else {
            self.visit_expr(ann)?;
        }
        *n += 2;
        Ok(())
    }

    fn visit_annotations(
        &mut self,
        p: &'a ast::Parameters,
        returns: Option<&'a Expr>,
    ) -> CResult<bool> {
        let mut n = 0;
        for a in p.args.iter() {
            self.visit_argannotation(&a.parameter.name, a.parameter.annotation.as_deref(), &mut n)?;
        }
        for a in p.posonlyargs.iter() {
            self.visit_argannotation(&a.parameter.name, a.parameter.annotation.as_deref(), &mut n)?;
        }
        if let Some(v) = &p.vararg {
            self.visit_argannotation(&v.name, v.annotation.as_deref(), &mut n)?;
        }
        for a in p.kwonlyargs.iter() {
            self.visit_argannotation(&a.parameter.name, a.parameter.annotation.as_deref(), &mut n)?;
        }
        if let Some(k) = &p.kwarg {
            self.visit_argannotation(&k.name, k.annotation.as_deref(), &mut n)?;
        }
        self.visit_argannotation("return", returns, &mut n)?;
        if n > 0 {
            self.addop_i(BUILD_TUPLE, n);
            return Ok(true);
        }
        Ok(false)
    }

    fn compile_function(&mut self, f: &'a ast::StmtFunctionDef, range: TextRange) -> CResult {
        if f.type_params.is_some() {
            return self.error("invalid syntax");
        }
        self.check_debug_args(&f.parameters)?;
        for d in &f.decorator_list {
            self.visit_expr(&d.expression)?;
        }
        let mut firstlineno = self.loc_of(range).lineno;
        if let Some(d) = f.decorator_list.first() {
            firstlineno = self.loc_of(d.expression.range()).lineno;
        }
        let mut flags = self.default_arguments(&f.parameters)?;
        if self.visit_annotations(&f.parameters, f.returns.as_deref())? {
            flags |= 0x04;
        }
        let st = if f.is_async {
            ScopeType::AsyncFunction
        } else {
            ScopeType::Function
        };
        self.enter_scope(&f.name, st, Some(ScopeNode::of(f, f.range)), firstlineno)?;
        let doc = if self.optimize < 2 {
            self.docstring(&f.body)
        } else {
            None
        };
        let has_doc = doc.is_some();
        self.add_const(doc.unwrap_or(Constant::None));
        let p = &f.parameters;
        self.u().argcount = p.args.len() as u32;
        self.u().posonlyargcount = p.posonlyargs.len() as u32;
        self.u().kwonlyargcount = p.kwonlyargs.len() as u32;
        let start = usize::from(has_doc);
        if let Err(e) = self.visit_body(&f.body[start..]) {
            self.units.pop();
            return Err(e);
        }
        let co = self.exit_scope_assemble(true);
        self.make_closure(co, flags);
        self.apply_decorators(&f.decorator_list);
        self.nameop(&f.name, Ctx::Store)
    }

    fn apply_decorators(&mut self, decos: &'a [ast::Decorator]) {
        let old = self.ur().loc;
        for d in decos.iter().rev() {
            self.set_loc(d.expression.range());
            self.addop_i(PRECALL, 0);
            self.addop_i(CALL, 0);
        }
        self.u().loc = old;
    }

    fn compile_class(&mut self, c: &'a ast::StmtClassDef, range: TextRange) -> CResult {
        if c.type_params.is_some() {
            return self.error("invalid syntax");
        }
        for d in &c.decorator_list {
            self.visit_expr(&d.expression)?;
        }
        let mut firstlineno = self.loc_of(range).lineno;
        if let Some(d) = c.decorator_list.first() {
            firstlineno = self.loc_of(d.expression.range()).lineno;
        }
        self.enter_scope(
            &c.name,
            ScopeType::Class,
            Some(ScopeNode::of(c, c.range)),
            firstlineno,
        )?;
        self.u().private = Some(Rc::from(c.name.as_str()));
        let r = (|| -> CResult {
            self.nameop("__name__", Ctx::Load)?;
            self.nameop("__module__", Ctx::Store)?;
            let q = self.ur().qualname.clone();
            self.load_const(Constant::Str(q));
            self.nameop("__qualname__", Ctx::Store)?;
            self.compile_body(&c.body)
        })();
        if let Err(e) = r {
            self.units.pop();
            return Err(e);
        }
        self.unset_loc();
        if self.scope().needs_class_closure {
            let i = self
                .ur()
                .cellvars
                .iter()
                .position(|v| &**v == "__class__")
                .unwrap_or(0);
            self.addop_i(LOAD_CLOSURE, i as u32);
            self.addop_i(COPY, 1);
            self.nameop("__classcell__", Ctx::Store)?;
        } else {
            self.load_const(Constant::None);
        }
        self.addop(RETURN_VALUE);
        let co = self.exit_scope_assemble(true);
        self.addop(PUSH_NULL);
        self.addop(LOAD_BUILD_CLASS);
        self.make_closure(co, 0);
        self.load_const(Constant::Str(Rc::from(c.name.as_str())));
        let (args, kwds): (&'a [Expr], &'a [ast::Keyword]) = match &c.arguments {
            Some(a) => {
                self.note_genexp_argument(a);
                (&a.args, &a.keywords)
            }
            None => (&[], &[]),
        };
        self.call_helper(2, args, kwds)?;
        self.apply_decorators(&c.decorator_list);
        self.nameop(&c.name, Ctx::Store)
    }
}

fn inplace_arg(op: ast::Operator) -> u32 {
    use ast::Operator::*;
    13 + match op {
        Add => 0,
        BitAnd => 1,
        FloorDiv => 2,
        LShift => 3,
        MatMult => 4,
        Mult => 5,
        Mod => 6,
        BitOr => 7,
        Pow => 8,
        RShift => 9,
        Sub => 10,
        Div => 11,
        BitXor => 12,
    }
}

/// Whether a body contains annotated assignments that need `__annotations__`.
pub fn find_ann(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match s {
        Stmt::AnnAssign(_) => true,
        Stmt::For(f) => find_ann(&f.body) || find_ann(&f.orelse),
        Stmt::While(w) => find_ann(&w.body) || find_ann(&w.orelse),
        Stmt::If(i) => find_ann(&i.body) || i.elif_else_clauses.iter().any(|c| find_ann(&c.body)),
        Stmt::With(w) => find_ann(&w.body),
        Stmt::Try(t) => {
            t.handlers.iter().any(|h| {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                find_ann(&h.body)
            }) || find_ann(&t.body)
                || find_ann(&t.finalbody)
                || find_ann(&t.orelse)
        }
        _ => false,
    })
}
