//! Code generation for expressions: names, operators, calls (with the
//! LOAD_METHOD/PRECALL/CALL/KW_NAMES protocol), displays and unpacking,
//! comprehensions in their own code objects, lambdas, f-strings, yields and the
//! conditional-jump helper. Corresponds to `compiler_visit_expr1` and its
//! helpers in CPython 3.11's `Python/compile.c`.

use std::rc::Rc;

use krait_bytecode::Constant;
use ruff_python_ast::{self as ast, CmpOp, Expr, Operator, UnaryOp};
use ruff_text_size::{Ranged, TextRange};

use super::*;

fn binop_arg(op: Operator, inplace: bool) -> u32 {
    let base = match op {
        Operator::Add => 0,
        Operator::BitAnd => 1,
        Operator::FloorDiv => 2,
        Operator::LShift => 3,
        Operator::MatMult => 4,
        Operator::Mult => 5,
        Operator::Mod => 6,
        Operator::BitOr => 7,
        Operator::Pow => 8,
        Operator::RShift => 9,
        Operator::Sub => 10,
        Operator::Div => 11,
        Operator::BitXor => 12,
    };
    if inplace {
        base + 13
    } else {
        base
    }
}

/// `not (a is b)` and friends, which 3.11's AST optimiser rewrites into the
/// inverted comparison. Returns the comparison's operands, operator and range.
fn not_compare(e: &Expr) -> Option<(&Expr, CmpOp, &Expr, TextRange)> {
    match e {
        Expr::Compare(c) if c.ops.len() == 1 => {
            Some((&c.left, c.ops[0], &c.comparators[0], c.range))
        }
        Expr::UnaryOp(u) if u.op == UnaryOp::Not => {
            let (l, op, r, range) = not_compare(&u.operand)?;
            let inv = match op {
                CmpOp::Is => CmpOp::IsNot,
                CmpOp::IsNot => CmpOp::Is,
                CmpOp::In => CmpOp::NotIn,
                CmpOp::NotIn => CmpOp::In,
                _ => return None,
            };
            Some((l, inv, r, range))
        }
        _ => None,
    }
}

fn folded_not(e: &Expr) -> Option<(&Expr, CmpOp, &Expr, TextRange)> {
    match e {
        Expr::UnaryOp(u) if u.op == UnaryOp::Not => not_compare(e),
        _ => None,
    }
}

impl<'a> Compiler<'a> {
    pub fn visit_expr(&mut self, e: &'a Expr) -> CResult {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
            self.guard(e.range())?;
            let old = self.ur().loc;
            let range = self.expr_loc_range(e);
            self.set_loc(range);
            let r = self.visit_expr1(e);
            self.u().loc = old;
            self.unguard();
            r
        })
    }

    /// The range CPython's AST gives `e`: a folded `not` takes the comparison's
    /// range; see `genexp_ranges` for the others.
    pub fn expr_loc_range(&self, e: &Expr) -> TextRange {
        if let Some(f) = folded_not(e) {
            return f.3;
        }
        if let Expr::Tuple(t) = e {
            if let Some(r) = self.genexp_ranges.get(&crate::symtable::key(t.range)) {
                return *r;
            }
        }
        if let Expr::Generator(g) = e {
            if let Some(r) = self.genexp_ranges.get(&crate::symtable::key(g.range)) {
                return *r;
            }
            if !g.parenthesized {
                let bytes = self.source.as_bytes();
                let mut a = g.range.start().to_usize();
                while a > 0 && matches!(bytes[a - 1], b' ' | b'\t' | b'\n' | b'\r' | b'\\') {
                    a -= 1;
                }
                let mut b = g.range.end().to_usize();
                while b < bytes.len() && matches!(bytes[b], b' ' | b'\t' | b'\n' | b'\r' | b'\\') {
                    b += 1;
                }
                if a > 0 && bytes[a - 1] == b'(' && b < bytes.len() && bytes[b] == b')' {
                    return TextRange::new(
                        ruff_text_size::TextSize::from(a as u32 - 1),
                        ruff_text_size::TextSize::from(b as u32 + 1),
                    );
                }
            }
        }
        e.range()
    }

    fn visit_expr1(&mut self, e: &'a Expr) -> CResult {
        if let Some(c) = self.fold(e) {
            self.load_const(c);
            return Ok(());
        }
        match e {
            Expr::Named(n) => {
                self.visit_expr(&n.value)?;
                self.addop_i(COPY, 1);
                self.visit_expr(&n.target)?;
            }
            Expr::BoolOp(b) => {
                let jumpi = if b.op == ast::BoolOp::And {
                    JUMP_IF_FALSE_OR_POP
                } else {
                    JUMP_IF_TRUE_OR_POP
                };
                let end = self.new_block();
                let n = b.values.len() - 1;
                for v in &b.values[..n] {
                    self.visit_expr(v)?;
                    self.addop_j(jumpi, end);
                    let next = self.new_block();
                    self.use_next_block(next);
                }
                self.visit_expr(&b.values[n])?;
                self.use_next_block(end);
            }
            Expr::BinOp(b) => {
                if b.op == Operator::Mod {
                    if let (Some(Constant::Str(fmt)), Expr::Tuple(t)) =
                        (self.fold(&b.left), &*b.right)
                    {
                        if !t.elts.iter().any(|x| x.is_starred_expr())
                            && self.fold(&b.right).is_none()
                        {
                            if let Some(parts) = percent_format_parts(&fmt, &t.elts) {
                                return self.compile_percent_format(parts);
                            }
                        }
                    }
                }
                self.visit_expr(&b.left)?;
                self.visit_expr(&b.right)?;
                self.addop_i(BINARY_OP, binop_arg(b.op, false));
            }
            Expr::UnaryOp(u) => {
                if let Some((l, op, r, _)) = folded_not(e) {
                    return self.compile_compare(l, &[op], std::slice::from_ref(r));
                }
                self.visit_expr(&u.operand)?;
                self.addop(match u.op {
                    UnaryOp::Invert => UNARY_INVERT,
                    UnaryOp::Not => UNARY_NOT,
                    UnaryOp::UAdd => UNARY_POSITIVE,
                    UnaryOp::USub => UNARY_NEGATIVE,
                });
            }
            Expr::Lambda(l) => self.compile_lambda(l)?,
            Expr::If(i) => {
                let end = self.new_block();
                let next = self.new_block();
                self.jump_if(&i.test, next, false)?;
                self.visit_expr(&i.body)?;
                self.addop_j_noline(JUMP, end);
                self.use_next_block(next);
                self.visit_expr(&i.orelse)?;
                self.use_next_block(end);
            }
            Expr::Dict(d) => self.compile_dict(d)?,
            Expr::Set(s) => self.starunpack(&s.elts, 0, BUILD_SET, SET_ADD, SET_UPDATE, false)?,
            Expr::ListComp(c) => self.compile_comprehension(
                e,
                Comp::List,
                "<listcomp>",
                &c.generators,
                &c.elt,
                None,
            )?,
            Expr::SetComp(c) => {
                self.compile_comprehension(e, Comp::Set, "<setcomp>", &c.generators, &c.elt, None)?
            }
            Expr::DictComp(c) => {
                let Some(k) = &c.key else {
                    return self.error("invalid syntax");
                };
                self.compile_comprehension(
                    e,
                    Comp::Dict,
                    "<dictcomp>",
                    &c.generators,
                    k,
                    Some(&c.value),
                )?
            }
            Expr::Generator(c) => {
                self.compile_comprehension(e, Comp::Gen, "<genexpr>", &c.generators, &c.elt, None)?
            }
            Expr::Yield(y) => {
                if self.scope().kind != BlockType::Function {
                    return self.error("'yield' outside function");
                }
                match &y.value {
                    Some(v) => self.visit_expr(v)?,
                    None => self.load_const(Constant::None),
                }
                self.addop_yield();
            }
            Expr::YieldFrom(y) => {
                if self.scope().kind != BlockType::Function {
                    return self.error("'yield' outside function");
                }
                if self.ur().scope_type == ScopeType::AsyncFunction {
                    return self.error("'yield from' inside async function");
                }
                self.visit_expr(&y.value)?;
                self.addop(GET_YIELD_FROM_ITER);
                self.load_const(Constant::None);
                self.add_yield_from(false);
            }
            Expr::Await(a) => {
                if !self.is_top_level_await() {
                    if self.scope().kind != BlockType::Function {
                        return self.error("'await' outside function");
                    }
                    if !matches!(
                        self.ur().scope_type,
                        ScopeType::AsyncFunction | ScopeType::Comprehension
                    ) {
                        return self.error("'await' outside async function");
                    }
                }
                self.visit_expr(&a.value)?;
                self.addop_i(GET_AWAITABLE, 0);
                self.load_const(Constant::None);
                self.add_yield_from(true);
            }
            Expr::Compare(c) => self.compile_compare(&c.left, &c.ops, &c.comparators)?,
            Expr::Call(c) => self.compile_call(e, c)?,
            Expr::FString(f) => self.compile_fstring(f)?,
            Expr::Attribute(a) => {
                self.visit_expr(&a.value)?;
                self.update_start_location_to_match_attr(a);
                match ctx_of(a.ctx) {
                    Ctx::Load => self.addop_name(LOAD_ATTR, &a.attr),
                    Ctx::Store => {
                        self.forbidden_attr(&a.attr)?;
                        self.addop_name(STORE_ATTR, &a.attr)
                    }
                    Ctx::Del => self.addop_name(DELETE_ATTR, &a.attr),
                }
            }
            Expr::Subscript(s) => {
                if ctx_of(s.ctx) == Ctx::Load {
                    self.check_subscript(&s.value, &s.slice);
                }
                self.visit_expr(&s.value)?;
                self.visit_expr(&s.slice)?;
                self.addop(match ctx_of(s.ctx) {
                    Ctx::Load => BINARY_SUBSCR,
                    Ctx::Store => STORE_SUBSCR,
                    Ctx::Del => DELETE_SUBSCR,
                });
            }
            Expr::Starred(s) => {
                if s.ctx == ast::ExprContext::Store {
                    return self.error("starred assignment target must be in a list or tuple");
                }
                return self.error("can't use starred expression here");
            }
            Expr::Slice(s) => {
                let mut n = 2;
                match &s.lower {
                    Some(v) => self.visit_expr(v)?,
                    None => self.load_const(Constant::None),
                }
                match &s.upper {
                    Some(v) => self.visit_expr(v)?,
                    None => self.load_const(Constant::None),
                }
                if let Some(v) = &s.step {
                    n += 1;
                    self.visit_expr(v)?;
                }
                self.addop_i(BUILD_SLICE, n);
            }
            Expr::Name(n) => self.nameop(&n.id, ctx_of(n.ctx))?,
            Expr::List(l) => match ctx_of(l.ctx) {
                Ctx::Store => self.assignment_helper(&l.elts)?,
                Ctx::Load => {
                    self.starunpack(&l.elts, 0, BUILD_LIST, LIST_APPEND, LIST_EXTEND, false)?
                }
                Ctx::Del => {
                    for el in &l.elts {
                        self.visit_expr(el)?;
                    }
                }
            },
            Expr::Tuple(t) => match ctx_of(t.ctx) {
                Ctx::Store => self.assignment_helper(&t.elts)?,
                Ctx::Load => {
                    self.starunpack(&t.elts, 0, BUILD_LIST, LIST_APPEND, LIST_EXTEND, true)?
                }
                Ctx::Del => {
                    for el in &t.elts {
                        self.visit_expr(el)?;
                    }
                }
            },
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => {
                let c = self.fold(e).unwrap_or(Constant::None);
                self.load_const(c);
            }
            Expr::TString(_) | Expr::IpyEscapeCommand(_) => return self.error("invalid syntax"),
        }
        Ok(())
    }

    fn forbidden_attr(&self, name: &str) -> CResult {
        if name == "__debug__" {
            return self.error("cannot assign to __debug__");
        }
        Ok(())
    }

    /// An iterable in `for`, a comprehension, or after `in`: 3.11 turns a list
    /// display into a tuple, and a list or set of constants into a constant.
    pub fn visit_iter(&mut self, e: &'a Expr) -> CResult {
        match e {
            Expr::List(l) if !l.elts.iter().any(|x| x.is_starred_expr()) => {
                if let Some(c) = crate::fold::iter_constant(e, self.optimize, self.source) {
                    let old = self.ur().loc;
                    self.set_loc(e.range());
                    self.load_const(c);
                    self.u().loc = old;
                    return Ok(());
                }
                self.guard(e.range())?;
                let old = self.ur().loc;
                self.set_loc(e.range());
                let r = self.starunpack(&l.elts, 0, BUILD_LIST, LIST_APPEND, LIST_EXTEND, true);
                self.u().loc = old;
                self.unguard();
                r
            }
            Expr::Set(_) => {
                if let Some(c) = crate::fold::iter_constant(e, self.optimize, self.source) {
                    let old = self.ur().loc;
                    self.set_loc(e.range());
                    self.load_const(c);
                    self.u().loc = old;
                    return Ok(());
                }
                self.visit_expr(e)
            }
            _ => self.visit_expr(e),
        }
    }

    pub fn addop_yield(&mut self) {
        let s = self.scope();
        if s.generator && s.coroutine {
            self.addop(ASYNC_GEN_WRAP);
        }
        self.addop(YIELD_VALUE);
        self.addop_i(RESUME, 1);
    }

    pub fn add_yield_from(&mut self, is_await: bool) {
        let start = self.new_block();
        let resume = self.new_block();
        let exit = self.new_block();
        self.use_next_block(start);
        self.addop_j(SEND, exit);
        self.use_next_block(resume);
        self.addop(YIELD_VALUE);
        self.addop_i(RESUME, if is_await { 3 } else { 2 });
        self.addop_j(JUMP_NO_INTERRUPT, start);
        self.use_next_block(exit);
    }

    fn update_start_location_to_match_attr(&mut self, a: &ast::ExprAttribute) {
        let end = self.loc_of(a.range);
        let u = self.u();
        if u.loc.lineno != end.end_lineno {
            u.loc.lineno = end.end_lineno;
            let len = a.attr.as_str().chars().count() as i32;
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

    pub fn addcompare(&mut self, op: CmpOp) {
        match op {
            CmpOp::Eq => self.addop_i(COMPARE_OP, 2),
            CmpOp::NotEq => self.addop_i(COMPARE_OP, 3),
            CmpOp::Lt => self.addop_i(COMPARE_OP, 0),
            CmpOp::LtE => self.addop_i(COMPARE_OP, 1),
            CmpOp::Gt => self.addop_i(COMPARE_OP, 4),
            CmpOp::GtE => self.addop_i(COMPARE_OP, 5),
            CmpOp::Is => self.addop_i(IS_OP, 0),
            CmpOp::IsNot => self.addop_i(IS_OP, 1),
            CmpOp::In => self.addop_i(CONTAINS_OP, 0),
            CmpOp::NotIn => self.addop_i(CONTAINS_OP, 1),
        }
    }

    /// A comparator: the last one after `in`/`not in` gets `fold_iter`.
    fn visit_comparator(&mut self, e: &'a Expr, op: CmpOp, last: bool) -> CResult {
        if last && matches!(op, CmpOp::In | CmpOp::NotIn) {
            self.visit_iter(e)
        } else {
            self.visit_expr(e)
        }
    }

    fn compile_compare(&mut self, left: &'a Expr, ops: &[CmpOp], comps: &'a [Expr]) -> CResult {
        self.check_compare(left, ops, comps);
        self.visit_expr(left)?;
        let n = ops.len() - 1;
        if n == 0 {
            self.visit_comparator(&comps[0], ops[0], true)?;
            self.addcompare(ops[0]);
        } else {
            let cleanup = self.new_block();
            for i in 0..n {
                self.visit_expr(&comps[i])?;
                self.addop_i(SWAP, 2);
                self.addop_i(COPY, 2);
                self.addcompare(ops[i]);
                self.addop_j(JUMP_IF_FALSE_OR_POP, cleanup);
            }
            self.visit_comparator(&comps[n], ops[n], true)?;
            self.addcompare(ops[n]);
            let end = self.new_block();
            self.addop_j_noline(JUMP, end);
            self.use_next_block(cleanup);
            self.addop_i(SWAP, 2);
            self.addop(POP_TOP);
            self.use_next_block(end);
        }
        Ok(())
    }

    pub fn jump_if(&mut self, e: &'a Expr, next: BlockId, cond: bool) -> CResult {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
            self.guard(e.range())?;
            let r = self.jump_if_inner(e, next, cond);
            self.unguard();
            r
        })
    }

    fn jump_if_inner(&mut self, e: &'a Expr, next: BlockId, cond: bool) -> CResult {
        if self.fold(e).is_none() {
            if let Some((_, _, _, r)) = folded_not(e) {
                self.set_loc(r);
            } else if let Expr::Compare(c) = e {
                self.set_loc(c.range);
            }
        }
        if self.fold(e).is_none() && folded_not(e).is_none() {
            match e {
                Expr::UnaryOp(u) if u.op == UnaryOp::Not => {
                    return self.jump_if(&u.operand, next, !cond);
                }
                Expr::BoolOp(b) => {
                    let n = b.values.len() - 1;
                    let cond2 = b.op == ast::BoolOp::Or;
                    let next2 = if cond2 != cond {
                        self.new_block()
                    } else {
                        next
                    };
                    for v in &b.values[..n] {
                        self.jump_if(v, next2, cond2)?;
                    }
                    self.jump_if(&b.values[n], next, cond)?;
                    if next2 != next {
                        self.use_next_block(next2);
                    }
                    return Ok(());
                }
                Expr::If(i) => {
                    let end = self.new_block();
                    let next2 = self.new_block();
                    self.jump_if(&i.test, next2, false)?;
                    self.jump_if(&i.body, next, cond)?;
                    self.addop_j_noline(JUMP, end);
                    self.use_next_block(next2);
                    self.jump_if(&i.orelse, next, cond)?;
                    self.use_next_block(end);
                    return Ok(());
                }
                Expr::Compare(c) if c.ops.len() > 1 => {
                    self.check_compare(&c.left, &c.ops, &c.comparators);
                    let n = c.ops.len() - 1;
                    let cleanup = self.new_block();
                    self.visit_expr(&c.left)?;
                    for i in 0..n {
                        self.visit_expr(&c.comparators[i])?;
                        self.addop_i(SWAP, 2);
                        self.addop_i(COPY, 2);
                        self.addcompare(c.ops[i]);
                        self.addop_j(POP_JUMP_IF_FALSE, cleanup);
                    }
                    self.visit_comparator(&c.comparators[n], c.ops[n], true)?;
                    self.addcompare(c.ops[n]);
                    self.addop_j(
                        if cond {
                            POP_JUMP_IF_TRUE
                        } else {
                            POP_JUMP_IF_FALSE
                        },
                        next,
                    );
                    let end = self.new_block();
                    self.addop_j_noline(JUMP, end);
                    self.use_next_block(cleanup);
                    self.addop(POP_TOP);
                    if !cond {
                        self.addop_j_noline(JUMP, next);
                    }
                    self.use_next_block(end);
                    return Ok(());
                }
                _ => {}
            }
        }
        self.visit_expr(e)?;
        self.addop_j(
            if cond {
                POP_JUMP_IF_TRUE
            } else {
                POP_JUMP_IF_FALSE
            },
            next,
        );
        Ok(())
    }

    pub fn starunpack(
        &mut self,
        elts: &'a [Expr],
        pushed: u32,
        build: Op,
        add: Op,
        extend: Op,
        tuple: bool,
    ) -> CResult {
        let n = elts.len();
        if n > 2 {
            let folded: Option<Vec<Constant>> = elts.iter().map(|e| self.fold(e)).collect();
            if let Some(items) = folded {
                if tuple && pushed == 0 {
                    self.load_const(Constant::Tuple(items.into()));
                } else {
                    let c = if add == SET_ADD {
                        let mut uniq: Vec<Constant> = Vec::new();
                        for it in items {
                            if !uniq.contains(&it) {
                                uniq.push(it);
                            }
                        }
                        Constant::FrozenSet(uniq.into())
                    } else {
                        Constant::Tuple(items.into())
                    };
                    self.addop_i(build, pushed);
                    self.load_const(c);
                    self.addop_i(extend, 1);
                    if tuple {
                        self.addop(LIST_TO_TUPLE);
                    }
                }
                return Ok(());
            }
        }
        let big = n + pushed as usize > STACK_USE_GUIDELINE;
        let seen_star = elts.iter().any(|e| e.is_starred_expr());
        if !seen_star && !big {
            for e in elts {
                self.visit_expr(e)?;
            }
            if tuple {
                self.addop_i(BUILD_TUPLE, n as u32 + pushed);
            } else {
                self.addop_i(build, n as u32 + pushed);
            }
            return Ok(());
        }
        let mut built = false;
        if big {
            self.addop_i(build, pushed);
            built = true;
        }
        for (i, e) in elts.iter().enumerate() {
            if let Expr::Starred(s) = e {
                if !built {
                    self.addop_i(build, i as u32 + pushed);
                    built = true;
                }
                self.visit_expr(&s.value)?;
                self.addop_i(extend, 1);
            } else {
                self.visit_expr(e)?;
                if built {
                    self.addop_i(add, 1);
                }
            }
        }
        if tuple {
            self.addop(LIST_TO_TUPLE);
        }
        Ok(())
    }

    fn unpack_helper(&mut self, elts: &[Expr]) -> CResult {
        let n = elts.len();
        let mut seen_star = false;
        for (i, e) in elts.iter().enumerate() {
            if e.is_starred_expr() {
                if seen_star {
                    return self.error("multiple starred expressions in assignment");
                }
                if i >= 256 || n - i > (i32::MAX >> 8) as usize {
                    return self.error("too many expressions in star-unpacking assignment");
                }
                self.addop_i(UNPACK_EX, (i + ((n - i - 1) << 8)) as u32);
                seen_star = true;
            }
        }
        if !seen_star {
            self.addop_i(UNPACK_SEQUENCE, n as u32);
        }
        Ok(())
    }

    fn assignment_helper(&mut self, elts: &'a [Expr]) -> CResult {
        self.unpack_helper(elts)?;
        for e in elts {
            match e {
                Expr::Starred(s) => self.visit_expr(&s.value)?,
                _ => self.visit_expr(e)?,
            }
        }
        Ok(())
    }

    fn subdict(&mut self, items: &'a [ast::DictItem]) -> CResult {
        let n = items.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            let keys: Option<Vec<Constant>> = items
                .iter()
                .map(|it| it.key.as_ref().and_then(|k| self.fold(k)))
                .collect();
            if let Some(keys) = keys {
                for it in items {
                    self.visit_expr(&it.value)?;
                }
                self.load_const(Constant::Tuple(keys.into()));
                self.addop_i(BUILD_CONST_KEY_MAP, n as u32);
                return Ok(());
            }
        }
        if big {
            self.addop_i(BUILD_MAP, 0);
        }
        for it in items {
            if let Some(k) = &it.key {
                self.visit_expr(k)?;
            }
            self.visit_expr(&it.value)?;
            if big {
                self.addop_i(MAP_ADD, 1);
            }
        }
        if !big {
            self.addop_i(BUILD_MAP, n as u32);
        }
        Ok(())
    }

    fn compile_dict(&mut self, d: &'a ast::ExprDict) -> CResult {
        let items = &d.items;
        let n = items.len();
        let mut have_dict = false;
        let mut elements = 0usize;
        for i in 0..n {
            if items[i].key.is_none() {
                if elements > 0 {
                    self.subdict(&items[i - elements..i])?;
                    if have_dict {
                        self.addop_i(DICT_UPDATE, 1);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.addop_i(BUILD_MAP, 0);
                    have_dict = true;
                }
                self.visit_expr(&items[i].value)?;
                self.addop_i(DICT_UPDATE, 1);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(&items[i - elements..=i])?;
                if have_dict {
                    self.addop_i(DICT_UPDATE, 1);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(&items[n - elements..n])?;
            if have_dict {
                self.addop_i(DICT_UPDATE, 1);
            }
            have_dict = true;
        }
        if !have_dict {
            self.addop_i(BUILD_MAP, 0);
        }
        Ok(())
    }

    fn is_import_originated(&self, e: &Expr) -> bool {
        match e {
            Expr::Name(n) => self.st.scopes[0].flags(&n.id) & crate::symtable::DEF_IMPORT != 0,
            _ => false,
        }
    }

    fn validate_keywords(&mut self, keywords: &[ast::Keyword]) -> CResult {
        for (i, k) in keywords.iter().enumerate() {
            let Some(arg) = &k.arg else { continue };
            if arg.as_str() == "__debug__" {
                return self.error("cannot assign to __debug__");
            }
            for other in &keywords[i + 1..] {
                if other.arg.as_ref().map(|a| a.as_str()) == Some(arg.as_str()) {
                    return self.error_at(format!("keyword argument repeated: {arg}"), other.range);
                }
            }
        }
        Ok(())
    }

    /// Note the call's parentheses for a sole unparenthesized generator argument.
    pub fn note_genexp_argument(&mut self, args: &ast::Arguments) {
        if let [Expr::Generator(g)] = &*args.args {
            if !g.parenthesized && args.keywords.is_empty() {
                self.genexp_ranges
                    .insert(crate::symtable::key(g.range), args.range);
            }
        }
    }

    fn compile_call(&mut self, e: &'a Expr, c: &'a ast::ExprCall) -> CResult {
        self.note_genexp_argument(&c.arguments);
        self.validate_keywords(&c.arguments.keywords)?;
        let args = &c.arguments.args;
        let kwds = &c.arguments.keywords;
        if let Expr::Attribute(meth) = &*c.func {
            if meth.ctx == ast::ExprContext::Load
                && !self.is_import_originated(&meth.value)
                && args.len() + kwds.len() + usize::from(!kwds.is_empty()) < STACK_USE_GUIDELINE
                && !args.iter().any(|a| a.is_starred_expr())
                && !kwds.iter().any(|k| k.arg.is_none())
            {
                self.visit_expr(&meth.value)?;
                self.set_loc(meth.range);
                self.update_start_location_to_match_attr(meth);
                self.addop_name(LOAD_METHOD, &meth.attr);
                for a in args.iter() {
                    self.visit_expr(a)?;
                }
                if !kwds.is_empty() {
                    for k in kwds.iter() {
                        self.visit_expr(&k.value)?;
                    }
                    self.kw_names(kwds);
                }
                self.set_loc(e.range());
                self.update_start_location_to_match_attr(meth);
                let n = (args.len() + kwds.len()) as u32;
                self.addop_i(PRECALL, n);
                self.addop_i(CALL, n);
                return Ok(());
            }
        }
        self.check_caller(&c.func);
        self.set_loc(c.func.range());
        self.addop(PUSH_NULL);
        self.set_loc(e.range());
        self.visit_expr(&c.func)?;
        self.call_helper(0, args, kwds)
    }

    fn kw_names(&mut self, kwds: &[ast::Keyword]) {
        let names: Vec<Constant> = kwds
            .iter()
            .map(|k| Constant::Str(Rc::from(k.arg.as_ref().map_or("", |a| a.as_str()))))
            .collect();
        let i = self.add_const(Constant::Tuple(names.into()));
        self.addop_i(KW_NAMES, i);
    }

    fn subkwargs(&mut self, kwds: &'a [ast::Keyword]) -> CResult {
        let n = kwds.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            for k in kwds {
                self.visit_expr(&k.value)?;
            }
            let keys: Vec<Constant> = kwds
                .iter()
                .map(|k| Constant::Str(Rc::from(k.arg.as_ref().map_or("", |a| a.as_str()))))
                .collect();
            self.load_const(Constant::Tuple(keys.into()));
            self.addop_i(BUILD_CONST_KEY_MAP, n as u32);
            return Ok(());
        }
        if big {
            self.addop_i_noline(BUILD_MAP, 0);
        }
        for k in kwds {
            let name = k.arg.as_ref().map_or("", |a| a.as_str());
            self.load_const(Constant::Str(Rc::from(name)));
            self.visit_expr(&k.value)?;
            if big {
                self.addop_i_noline(MAP_ADD, 1);
            }
        }
        if !big {
            self.addop_i(BUILD_MAP, n as u32);
        }
        Ok(())
    }

    pub fn call_helper(&mut self, n: u32, args: &'a [Expr], kwds: &'a [ast::Keyword]) -> CResult {
        self.validate_keywords(kwds)?;
        let nelts = args.len();
        let nkw = kwds.len();
        let ex_call = nelts + nkw * 2 > STACK_USE_GUIDELINE
            || args.iter().any(|a| a.is_starred_expr())
            || kwds.iter().any(|k| k.arg.is_none());
        if !ex_call {
            for a in args {
                self.visit_expr(a)?;
            }
            if nkw > 0 {
                for k in kwds {
                    self.visit_expr(&k.value)?;
                }
                self.kw_names(kwds);
            }
            let total = n + (nelts + nkw) as u32;
            self.addop_i(PRECALL, total);
            self.addop_i(CALL, total);
            return Ok(());
        }
        if n == 0 && nelts == 1 {
            if let Expr::Starred(s) = &args[0] {
                self.visit_expr(&s.value)?;
            } else {
                self.starunpack(args, n, BUILD_LIST, LIST_APPEND, LIST_EXTEND, true)?;
            }
        } else {
            self.starunpack(args, n, BUILD_LIST, LIST_APPEND, LIST_EXTEND, true)?;
        }
        if nkw > 0 {
            let mut have_dict = false;
            let mut nseen = 0;
            for i in 0..nkw {
                if kwds[i].arg.is_none() {
                    if nseen > 0 {
                        self.subkwargs(&kwds[i - nseen..i])?;
                        if have_dict {
                            self.addop_i(DICT_MERGE, 1);
                        }
                        have_dict = true;
                        nseen = 0;
                    }
                    if !have_dict {
                        self.addop_i(BUILD_MAP, 0);
                        have_dict = true;
                    }
                    self.visit_expr(&kwds[i].value)?;
                    self.addop_i(DICT_MERGE, 1);
                } else {
                    nseen += 1;
                }
            }
            if nseen > 0 {
                self.subkwargs(&kwds[nkw - nseen..])?;
                if have_dict {
                    self.addop_i(DICT_MERGE, 1);
                }
            }
        }
        self.addop_i(CALL_FUNCTION_EX, u32::from(nkw > 0));
        Ok(())
    }

    /// `'%s %r' % (a, b)` compiled as an f-string, as 3.11's AST optimiser does.
    fn compile_percent_format(&mut self, parts: Vec<PctPart<'a>>) -> CResult {
        let n = parts.len();
        let big = n > STACK_USE_GUIDELINE;
        if big {
            self.load_const(Constant::Str(Rc::from("")));
            self.addop_name(LOAD_METHOD, "join");
            self.addop_i(BUILD_LIST, 0);
        }
        for p in parts {
            match p {
                PctPart::Lit(s) => {
                    let old = self.ur().loc;
                    self.u().loc = Loc::UNSET;
                    self.load_const(Constant::Str(Rc::from(s)));
                    self.u().loc = old;
                }
                PctPart::Value(arg, conv, spec) => {
                    let old = self.ur().loc;
                    self.set_loc(arg.range());
                    self.visit_expr(arg)?;
                    let mut oparg = conv;
                    if let Some(spec) = spec {
                        let l = self.ur().loc;
                        self.u().loc = Loc::UNSET;
                        self.load_const(Constant::Str(Rc::from(spec)));
                        self.u().loc = l;
                        oparg |= 4;
                    }
                    self.addop_i(FORMAT_VALUE, oparg);
                    self.u().loc = old;
                }
            }
            if big {
                self.addop_i(LIST_APPEND, 1);
            }
        }
        if big {
            self.addop_i(PRECALL, 1);
            self.addop_i(CALL, 1);
        } else if n != 1 {
            self.addop_i(BUILD_STRING, n as u32);
        }
        Ok(())
    }

    // ---- f-strings ----

    fn fstring_values(&self, f: &'a ast::ExprFString) -> Vec<FPart<'a>> {
        let mut out = Vec::new();
        let mut pending = Vec::new();
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(s) => {
                    pending.extend(crate::surrogates::literal_points(self.source, s))
                }
                ast::FStringPart::FString(fs) => {
                    let elements = &fs.elements;
                    collect_elements(self.source, elements, &mut pending, &mut out, fs.range);
                }
            }
        }
        if !pending.is_empty() {
            out.push(FPart::Lit(pending));
        }
        out
    }

    fn compile_fparts(&mut self, parts: Vec<FPart<'a>>) -> CResult {
        if parts.len() > STACK_USE_GUIDELINE {
            self.load_const(Constant::Str(Rc::from("")));
            self.addop_name(LOAD_METHOD, "join");
            self.addop_i(BUILD_LIST, 0);
            for p in parts {
                self.compile_fpart(p)?;
                self.addop_i(LIST_APPEND, 1);
            }
            self.addop_i(PRECALL, 1);
            self.addop_i(CALL, 1);
        } else {
            let n = parts.len();
            for p in parts {
                self.compile_fpart(p)?;
            }
            if n != 1 {
                self.addop_i(BUILD_STRING, n as u32);
            }
        }
        Ok(())
    }

    fn compile_fpart(&mut self, p: FPart<'a>) -> CResult {
        match p {
            FPart::Lit(points) => self.load_const(Constant::str_of(points)),
            FPart::Value(el, part_range) => {
                match &*el.expression {
                    Expr::Tuple(t) if !t.parenthesized => {
                        let braces = self.field_braces(el);
                        self.genexp_ranges
                            .insert(crate::symtable::key(t.range), braces);
                    }
                    Expr::Generator(g) if !g.parenthesized => {
                        let braces = self.field_braces(el);
                        self.genexp_ranges
                            .insert(crate::symtable::key(g.range), braces);
                    }
                    _ => {}
                }
                self.visit_expr(&el.expression)?;
                let mut conv = match el.conversion {
                    ast::ConversionFlag::None => 0,
                    ast::ConversionFlag::Str => 1,
                    ast::ConversionFlag::Repr => 2,
                    ast::ConversionFlag::Ascii => 3,
                };
                if el.debug_text.is_some() && conv == 0 && el.format_spec.is_none() {
                    conv = 2;
                }
                if let Some(spec) = &el.format_spec {
                    let mut pending = Vec::new();
                    let mut parts = Vec::new();
                    let elements = &spec.elements;
                    collect_elements(self.source, elements, &mut pending, &mut parts, part_range);
                    if !pending.is_empty() {
                        parts.push(FPart::Lit(pending));
                    }
                    let old = self.ur().loc;
                    self.set_loc(part_range);
                    self.compile_fparts(parts)?;
                    self.u().loc = old;
                    conv |= 4;
                }
                self.addop_i(FORMAT_VALUE, conv);
            }
        }
        Ok(())
    }

    /// A replacement field's expression as 3.11 parses it: `{` becomes `(`, and
    /// `)` goes where the expression text ends (at the `!`, `:`, `=` or `}`).
    fn field_braces(&self, el: &ast::InterpolatedElement) -> TextRange {
        let start = el.range.start();
        let b = self.source.as_bytes();
        let mut end = match &*el.expression {
            Expr::Tuple(t) => t.elts.last().map_or(t.range.end(), |e| e.range().end()),
            e => e.range().end(),
        }
        .to_usize();
        while end < b.len() && matches!(b[end], b' ' | b'\t' | b'\n' | b'\r' | b',') {
            end += 1;
        }
        let end = (end + 1).min(b.len());
        TextRange::new(start, ruff_text_size::TextSize::from(end as u32))
    }

    fn compile_fstring(&mut self, f: &'a ast::ExprFString) -> CResult {
        let parts = self.fstring_values(f);
        self.compile_fparts(parts)
    }

    // ---- functions, lambdas, comprehensions ----

    pub fn default_arguments(&mut self, params: &'a ast::Parameters) -> CResult<u32> {
        let mut flags = 0;
        let defaults: Vec<&'a Expr> = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .filter_map(|p| p.default.as_deref())
            .collect();
        if !defaults.is_empty() {
            for d in &defaults {
                self.visit_expr(d)?;
            }
            self.addop_i(BUILD_TUPLE, defaults.len() as u32);
            flags |= 0x01;
        }
        let mut keys = Vec::new();
        for p in params.kwonlyargs.iter() {
            if let Some(d) = &p.default {
                keys.push(Constant::Str(self.mangle(&p.parameter.name)));
                self.visit_expr(d)?;
            }
        }
        if !keys.is_empty() {
            let n = keys.len() as u32;
            self.load_const(Constant::Tuple(keys.into()));
            self.addop_i(BUILD_CONST_KEY_MAP, n);
            flags |= 0x02;
        }
        Ok(flags)
    }

    pub fn check_debug_args(&self, params: &ast::Parameters) -> CResult {
        for p in params.iter_non_variadic_params() {
            if p.parameter.name.as_str() == "__debug__" {
                return self.error("cannot assign to __debug__");
            }
        }
        for p in [&params.vararg, &params.kwarg].into_iter().flatten() {
            if p.name.as_str() == "__debug__" {
                return self.error("cannot assign to __debug__");
            }
        }
        Ok(())
    }

    fn compile_lambda(&mut self, l: &'a ast::ExprLambda) -> CResult {
        let empty = ast::Parameters::default();
        let params: &ast::Parameters = l.parameters.as_deref().unwrap_or(&empty);
        self.check_debug_args(params)?;
        let flags = match &l.parameters {
            Some(p) => self.default_arguments(p)?,
            None => 0,
        };
        let lineno = self.loc_of(l.range).lineno;
        self.enter_scope(
            "<lambda>",
            ScopeType::Lambda,
            Some(ScopeNode::of(l, l.range)),
            lineno,
        )?;
        self.add_const(Constant::None);
        self.u().argcount = params.args.len() as u32;
        self.u().posonlyargcount = params.posonlyargs.len() as u32;
        self.u().kwonlyargcount = params.kwonlyargs.len() as u32;
        self.visit_expr(&l.body)?;
        let co = if self.scope().generator {
            self.exit_scope_assemble(false)
        } else {
            self.addop(RETURN_VALUE);
            self.exit_scope_assemble(true)
        };
        self.make_closure(co, flags);
        Ok(())
    }

    fn compile_comprehension(
        &mut self,
        e: &'a Expr,
        kind: Comp,
        name: &str,
        generators: &'a [ast::Comprehension],
        elt: &'a Expr,
        val: Option<&'a Expr>,
    ) -> CResult {
        let outer_scope_type = self.ur().scope_type;
        let is_top_level_await = self.is_top_level_await();
        let lrange = self.expr_loc_range(e);
        let lineno = self.loc_of(lrange).lineno;
        self.enter_scope(
            name,
            ScopeType::Comprehension,
            Some(ScopeNode::of(e, e.range())),
            lineno,
        )?;
        self.set_loc(lrange);
        let is_async_generator = self.scope().coroutine;
        if is_async_generator
            && kind != Comp::Gen
            && !matches!(
                outer_scope_type,
                ScopeType::AsyncFunction | ScopeType::Comprehension
            )
            && !is_top_level_await
        {
            self.units.pop();
            return self.error("asynchronous comprehension outside of an asynchronous function");
        }
        match kind {
            Comp::List => self.addop_i(BUILD_LIST, 0),
            Comp::Set => self.addop_i(BUILD_SET, 0),
            Comp::Dict => self.addop_i(BUILD_MAP, 0),
            Comp::Gen => {}
        }
        if let Err(err) = self.comprehension_generator(generators, 0, 0, elt, val, kind) {
            self.units.pop();
            return Err(err);
        }
        if kind != Comp::Gen {
            self.addop(RETURN_VALUE);
        }
        let co = self.exit_scope_assemble(true);
        if is_top_level_await && is_async_generator {
            let id = self.ur().scope;
            self.st.scopes[id].coroutine = true;
        }
        self.make_closure(co, 0);
        let outermost = &generators[0];
        self.visit_iter(&outermost.iter)?;
        if outermost.is_async {
            self.addop(GET_AITER);
        } else {
            self.addop(GET_ITER);
        }
        self.addop_i(PRECALL, 0);
        self.addop_i(CALL, 0);
        if is_async_generator && kind != Comp::Gen {
            self.addop_i(GET_AWAITABLE, 0);
            self.load_const(Constant::None);
            self.add_yield_from(true);
        }
        Ok(())
    }

    fn async_comprehension_generator(
        &mut self,
        generators: &'a [ast::Comprehension],
        gen_index: usize,
        mut depth: u32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        kind: Comp,
    ) -> CResult {
        let gen = &generators[gen_index];
        let start = self.new_block();
        let except = self.new_block();
        let if_cleanup = self.new_block();
        if gen_index == 0 {
            self.u().argcount = 1;
            self.addop_i(LOAD_FAST, 0);
        } else {
            self.visit_iter(&gen.iter)?;
            self.addop(GET_AITER);
        }
        self.use_next_block(start);
        self.push_fblock(FBlock::AsyncComprehensionGenerator)?;
        self.addop_j(SETUP_FINALLY, except);
        self.addop(GET_ANEXT);
        self.load_const(Constant::None);
        self.add_yield_from(true);
        self.addop(POP_BLOCK);
        self.visit_expr(&gen.target)?;
        for cond in &gen.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        depth += 1;
        if gen_index + 1 < generators.len() {
            self.comprehension_generator(generators, gen_index + 1, depth, elt, val, kind)?;
        } else {
            self.comprehension_element(elt, val, kind, depth)?;
        }
        self.use_next_block(if_cleanup);
        self.addop_j(JUMP, start);
        self.pop_fblock();
        self.use_next_block(except);
        self.addop(END_ASYNC_FOR);
        Ok(())
    }

    fn comprehension_element(
        &mut self,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        kind: Comp,
        depth: u32,
    ) -> CResult {
        match kind {
            Comp::Gen => {
                self.visit_expr(elt)?;
                self.addop_yield();
                self.addop(POP_TOP);
            }
            Comp::List => {
                self.visit_expr(elt)?;
                self.addop_i(LIST_APPEND, depth + 1);
            }
            Comp::Set => {
                self.visit_expr(elt)?;
                self.addop_i(SET_ADD, depth + 1);
            }
            Comp::Dict => {
                self.visit_expr(elt)?;
                if let Some(v) = val {
                    self.visit_expr(v)?;
                }
                self.addop_i(MAP_ADD, depth + 1);
            }
        }
        Ok(())
    }

    fn comprehension_generator(
        &mut self,
        generators: &'a [ast::Comprehension],
        gen_index: usize,
        mut depth: u32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        kind: Comp,
    ) -> CResult {
        let gen = &generators[gen_index];
        if gen.is_async {
            return self
                .async_comprehension_generator(generators, gen_index, depth, elt, val, kind);
        }
        let start = self.new_block();
        let if_cleanup = self.new_block();
        let anchor = self.new_block();
        let mut start = Some(start);
        if gen_index == 0 {
            self.u().argcount = 1;
            self.addop_i(LOAD_FAST, 0);
        } else {
            let elts: Option<&'a [Expr]> = match &gen.iter {
                Expr::List(l) => Some(&l.elts),
                Expr::Tuple(t) => Some(&t.elts),
                _ => None,
            };
            let folded =
                crate::fold::iter_constant(&gen.iter, self.optimize, self.source).is_some();
            if let Some(elts) = elts {
                if elts.len() == 1 && !elts[0].is_starred_expr() && !folded {
                    self.visit_expr(&elts[0])?;
                    start = None;
                }
            }
            if start.is_some() {
                self.visit_iter(&gen.iter)?;
                self.addop(GET_ITER);
            }
        }
        if let Some(s) = start {
            depth += 1;
            self.use_next_block(s);
            self.addop_j(FOR_ITER, anchor);
        }
        self.visit_expr(&gen.target)?;
        for cond in &gen.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        if gen_index + 1 < generators.len() {
            self.comprehension_generator(generators, gen_index + 1, depth, elt, val, kind)?;
        } else {
            self.comprehension_element(elt, val, kind, depth)?;
        }
        self.use_next_block(if_cleanup);
        if let Some(s) = start {
            self.addop_j(JUMP, s);
            self.use_next_block(anchor);
        }
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Comp {
    List,
    Set,
    Dict,
    Gen,
}

pub enum FPart<'a> {
    /// Literal text, as code points (it may hold lone surrogates).
    Lit(Vec<u32>),
    Value(&'a ast::InterpolatedElement, TextRange),
}

fn collect_elements<'a>(
    source: &str,
    elements: &'a ast::InterpolatedStringElements,
    pending: &mut Vec<u32>,
    out: &mut Vec<FPart<'a>>,
    part_range: TextRange,
) {
    let fstring_start = part_range.start().to_usize();
    for el in elements.iter() {
        match el {
            ast::InterpolatedStringElement::Literal(l) => pending.extend(
                crate::surrogates::fstring_literal_points(source, fstring_start, l.range, &l.value),
            ),
            ast::InterpolatedStringElement::Interpolation(i) => {
                if let Some(d) = &i.debug_text {
                    for text in [d.leading(), d.expression(), d.trailing()] {
                        pending.extend(text.chars().map(u32::from));
                    }
                }
                if !pending.is_empty() {
                    out.push(FPart::Lit(std::mem::take(pending)));
                }
                out.push(FPart::Value(i, part_range));
            }
        }
    }
}

pub enum PctPart<'a> {
    Lit(String),
    Value(&'a Expr, u32, Option<String>),
}

/// Split a `%`-format string into literals and `%s`/`%r`/`%a` conversions
/// (`optimize_format` in `Python/ast_opt.c`); `None` when it can't be done.
fn percent_format_parts<'a>(fmt: &str, elts: &'a [Expr]) -> Option<Vec<PctPart<'a>>> {
    let chars: Vec<char> = fmt.chars().collect();
    let len = chars.len();
    let mut pos = 0;
    let mut cnt = 0;
    let mut out = Vec::new();
    loop {
        let start = pos;
        let mut lit = String::new();
        while pos < len {
            if chars[pos] != '%' {
                lit.push(chars[pos]);
                pos += 1;
            } else if pos + 1 < len && chars[pos + 1] == '%' {
                lit.push('%');
                pos += 2;
            } else {
                break;
            }
        }
        if pos != start {
            out.push(PctPart::Lit(lit));
        }
        if pos >= len {
            break;
        }
        if cnt >= elts.len() {
            return None;
        }
        pos += 1;
        let (spec, ljust, width, prec) = parse_simple_format(&chars, &mut pos)?;
        let conv = match spec {
            's' => 1,
            'r' => 2,
            'a' => 3,
            _ => return None,
        };
        let mut buf = String::new();
        if !ljust && width > 0 {
            buf.push('>');
        }
        if width >= 0 {
            buf.push_str(&width.to_string());
        }
        if prec >= 0 {
            buf.push_str(&format!(".{prec}"));
        }
        out.push(PctPart::Value(
            &elts[cnt],
            conv,
            if buf.is_empty() { None } else { Some(buf) },
        ));
        cnt += 1;
    }
    if cnt < elts.len() {
        return None;
    }
    Some(out)
}

fn parse_simple_format(chars: &[char], ppos: &mut usize) -> Option<(char, bool, i32, i32)> {
    let mut pos = *ppos;
    let mut next = || -> Option<char> {
        let c = chars.get(pos).copied()?;
        pos += 1;
        Some(c)
    };
    let mut ljust = false;
    let mut ch;
    loop {
        ch = next()?;
        match ch {
            '-' => ljust = true,
            '+' | ' ' | '#' | '0' | 'z' => {}
            _ => break,
        }
    }
    let mut width = -1;
    let mut prec = -1;
    if ch.is_ascii_digit() {
        width = 0;
        let mut digits = 0;
        while ch.is_ascii_digit() {
            width = width * 10 + (ch as i32 - '0' as i32);
            ch = next()?;
            digits += 1;
            if digits >= 3 {
                return None;
            }
        }
    }
    if ch == '.' {
        ch = next()?;
        prec = 0;
        if ch.is_ascii_digit() {
            let mut digits = 0;
            while ch.is_ascii_digit() {
                prec = prec * 10 + (ch as i32 - '0' as i32);
                ch = next()?;
                digits += 1;
                if digits >= 3 {
                    return None;
                }
            }
        }
    }
    *ppos = pos;
    Some((ch, ljust, width, prec))
}
