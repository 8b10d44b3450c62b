//! Code generation for `match` statements (PEP 634): each pattern consumes the
//! subject on top of the stack and jumps to a "fail pop" block on a mismatch;
//! captured names are kept on the stack and stored once the whole pattern has
//! matched. Corresponds to `compiler_match` and the `compiler_pattern_*`
//! functions of CPython 3.11's `Python/compile.c`.

use std::rc::Rc;

use krait_bytecode::Constant;
use ruff_python_ast::{self as ast, CmpOp, Expr, Pattern};
use ruff_text_size::Ranged;

use super::*;

struct PatternContext {
    stores: Vec<Rc<str>>,
    allow_irrefutable: bool,
    fail_pop: Vec<BlockId>,
    on_top: isize,
}

fn is_wildcard(p: &Pattern) -> bool {
    matches!(p, Pattern::MatchAs(a) if a.pattern.is_none() && a.name.is_none())
}

fn is_star_wildcard(p: &Pattern) -> bool {
    matches!(p, Pattern::MatchStar(s) if s.name.is_none())
}

impl<'a> Compiler<'a> {
    pub fn compile_match(&mut self, m: &'a ast::StmtMatch) -> CResult {
        self.visit_expr(&m.subject)?;
        let end = self.new_block();
        let cases = m.cases.len();
        let last = &m.cases[cases - 1];
        let has_default = usize::from(is_wildcard(&last.pattern) && cases > 1);
        let mut pc = PatternContext {
            stores: Vec::new(),
            allow_irrefutable: false,
            fail_pop: Vec::new(),
            on_top: 0,
        };
        for i in 0..cases - has_default {
            let case = &m.cases[i];
            self.set_loc(case.pattern.range());
            if i != cases - has_default - 1 {
                self.addop_i(COPY, 1);
            }
            pc.stores = Vec::new();
            pc.allow_irrefutable = case.guard.is_some() || i == cases - 1;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.compile_pattern(&case.pattern, &mut pc)?;
            let stores = pc.stores.clone();
            for name in &stores {
                self.nameop(name, Ctx::Store)?;
            }
            if let Some(g) = &case.guard {
                self.ensure_fail_pop(&mut pc, 0);
                let target = pc.fail_pop[0];
                self.jump_if(g, target, false)?;
            }
            if i != cases - has_default - 1 {
                self.addop(POP_TOP);
            }
            self.visit_body(&case.body)?;
            self.addop_j(JUMP, end);
            self.set_loc(case.pattern.range());
            self.emit_and_reset_fail_pop(&mut pc);
        }
        if has_default == 1 {
            self.set_loc(last.pattern.range());
            if cases == 1 {
                self.addop(POP_TOP);
            } else {
                self.addop(NOP);
            }
            if let Some(g) = &last.guard {
                self.jump_if(g, end, false)?;
            }
            self.visit_body(&last.body)?;
        }
        self.use_next_block(end);
        Ok(())
    }

    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: usize) {
        while pc.fail_pop.len() < n + 1 {
            let b = self.new_block();
            pc.fail_pop.push(b);
        }
    }

    fn jump_to_fail_pop(&mut self, pc: &mut PatternContext, op: Op) {
        let pops = (pc.on_top + pc.stores.len() as isize).max(0) as usize;
        self.ensure_fail_pop(pc, pops);
        self.addop_j(op, pc.fail_pop[pops]);
    }

    fn emit_and_reset_fail_pop(&mut self, pc: &mut PatternContext) {
        if pc.fail_pop.is_empty() {
            return;
        }
        for i in (1..pc.fail_pop.len()).rev() {
            self.use_next_block(pc.fail_pop[i]);
            self.addop(POP_TOP);
        }
        self.use_next_block(pc.fail_pop[0]);
        pc.fail_pop.clear();
    }

    fn pattern_rotate(&mut self, mut count: isize) {
        while count > 1 {
            self.addop_i(SWAP, count as u32);
            count -= 1;
        }
    }

    fn pattern_store_name(
        &mut self,
        name: Option<&ast::Identifier>,
        pc: &mut PatternContext,
    ) -> CResult {
        let Some(name) = name else {
            self.addop(POP_TOP);
            return Ok(());
        };
        if name.as_str() == "__debug__" {
            return self.error("cannot assign to __debug__");
        }
        if pc.stores.iter().any(|s| &**s == name.as_str()) {
            return self.error(format!("multiple assignments to name '{name}' in pattern"));
        }
        let rotations = pc.on_top + pc.stores.len() as isize + 1;
        self.pattern_rotate(rotations);
        pc.stores.push(Rc::from(name.as_str()));
        Ok(())
    }

    fn compile_subpattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult {
        let allow = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        self.compile_pattern(p, pc)?;
        pc.allow_irrefutable = allow;
        Ok(())
    }

    fn compile_pattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult {
        self.guard(p.range())?;
        self.set_loc(p.range());
        let r = match p {
            Pattern::MatchValue(v) => {
                let ok = self.fold(&v.value).is_some() || matches!(&*v.value, Expr::Attribute(_));
                if !ok {
                    return self.error("patterns may only match literals and attribute lookups");
                }
                self.visit_expr(&v.value)?;
                self.addcompare(CmpOp::Eq);
                self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
                Ok(())
            }
            Pattern::MatchSingleton(s) => {
                self.load_const(match s.value {
                    ast::Singleton::None => Constant::None,
                    ast::Singleton::True => Constant::Bool(true),
                    ast::Singleton::False => Constant::Bool(false),
                });
                self.addcompare(CmpOp::Is);
                self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
                Ok(())
            }
            Pattern::MatchSequence(s) => self.pattern_sequence(&s.patterns, pc),
            Pattern::MatchMapping(m) => self.pattern_mapping(m, pc),
            Pattern::MatchClass(c) => self.pattern_class(c, pc),
            Pattern::MatchStar(s) => self.pattern_store_name(s.name.as_ref(), pc),
            Pattern::MatchAs(a) => match &a.pattern {
                None => {
                    if !pc.allow_irrefutable {
                        if let Some(n) = &a.name {
                            return self.error(format!(
                                "name capture '{n}' makes remaining patterns unreachable"
                            ));
                        }
                        return self.error("wildcard makes remaining patterns unreachable");
                    }
                    self.pattern_store_name(a.name.as_ref(), pc)
                }
                Some(inner) => {
                    pc.on_top += 1;
                    self.addop_i(COPY, 1);
                    self.compile_pattern(inner, pc)?;
                    pc.on_top -= 1;
                    self.pattern_store_name(a.name.as_ref(), pc)
                }
            },
            Pattern::MatchOr(o) => self.pattern_or(o, pc),
        };
        self.unguard();
        r
    }

    fn pattern_sequence(&mut self, patterns: &'a [Pattern], pc: &mut PatternContext) -> CResult {
        let size = patterns.len();
        let mut star: isize = -1;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, p) in patterns.iter().enumerate() {
            if let Pattern::MatchStar(_) = p {
                if star >= 0 {
                    return self.error("multiple starred names in sequence pattern");
                }
                star_wildcard = is_star_wildcard(p);
                only_wildcard &= star_wildcard;
                star = i as isize;
                continue;
            }
            only_wildcard &= is_wildcard(p);
        }
        pc.on_top += 1;
        self.addop(MATCH_SEQUENCE);
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        if star < 0 {
            self.addop(GET_LEN);
            self.load_const(Constant::Int(size as i64));
            self.addcompare(CmpOp::Eq);
            self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        } else if size > 1 {
            self.addop(GET_LEN);
            self.load_const(Constant::Int(size as i64 - 1));
            self.addcompare(CmpOp::GtE);
            self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.addop(POP_TOP);
        } else if star_wildcard {
            pc.on_top += 1;
            for (i, p) in patterns.iter().enumerate() {
                if is_wildcard(p) || i as isize == star {
                    continue;
                }
                self.addop_i(COPY, 1);
                if (i as isize) < star {
                    self.load_const(Constant::Int(i as i64));
                } else {
                    self.addop(GET_LEN);
                    self.load_const(Constant::Int((size - i) as i64));
                    self.addop_i(BINARY_OP, 10);
                }
                self.addop(BINARY_SUBSCR);
                self.compile_subpattern(p, pc)?;
            }
            pc.on_top -= 1;
            self.addop(POP_TOP);
        } else {
            let n = patterns.len();
            let mut seen_star = false;
            for (i, p) in patterns.iter().enumerate() {
                if let Pattern::MatchStar(_) = p {
                    if seen_star {
                        return self.error("multiple starred expressions in sequence pattern");
                    }
                    self.addop_i(UNPACK_EX, (i + ((n - i - 1) << 8)) as u32);
                    seen_star = true;
                }
            }
            if !seen_star {
                self.addop_i(UNPACK_SEQUENCE, n as u32);
            }
            pc.on_top += n as isize;
            for p in patterns {
                pc.on_top -= 1;
                self.compile_subpattern(p, pc)?;
            }
        }
        Ok(())
    }

    fn pattern_class(&mut self, c: &'a ast::PatternMatchClass, pc: &mut PatternContext) -> CResult {
        let patterns = &c.arguments.patterns;
        let kwds = &c.arguments.keywords;
        let nargs = patterns.len();
        let nattrs = kwds.len();
        if nattrs > 0 {
            for (i, k) in kwds.iter().enumerate() {
                self.set_loc(k.pattern.range());
                if k.attr.as_str() == "__debug__" {
                    return self.error("cannot assign to __debug__");
                }
                for other in &kwds[i + 1..] {
                    if other.attr.as_str() == k.attr.as_str() {
                        self.set_loc(other.pattern.range());
                        return self.error(format!(
                            "attribute name repeated in class pattern: {}",
                            k.attr
                        ));
                    }
                }
            }
            self.set_loc(c.range);
        }
        self.visit_expr(&c.cls)?;
        let names: Vec<Constant> = kwds
            .iter()
            .map(|k| Constant::Str(Rc::from(k.attr.as_str())))
            .collect();
        self.load_const(Constant::Tuple(names.into()));
        self.addop_i(MATCH_CLASS, nargs as u32);
        self.addop_i(COPY, 1);
        self.load_const(Constant::None);
        self.addop_i(IS_OP, 1);
        pc.on_top += 1;
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        self.addop_i(UNPACK_SEQUENCE, (nargs + nattrs) as u32);
        pc.on_top += (nargs + nattrs) as isize - 1;
        for i in 0..nargs + nattrs {
            pc.on_top -= 1;
            let p = if i < nargs {
                &patterns[i]
            } else {
                &kwds[i - nargs].pattern
            };
            if is_wildcard(p) {
                self.addop(POP_TOP);
                continue;
            }
            self.compile_subpattern(p, pc)?;
        }
        Ok(())
    }

    fn pattern_mapping(
        &mut self,
        m: &'a ast::PatternMatchMapping,
        pc: &mut PatternContext,
    ) -> CResult {
        let size = m.keys.len();
        pc.on_top += 1;
        self.addop(MATCH_MAPPING);
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        if size == 0 && m.rest.is_none() {
            pc.on_top -= 1;
            self.addop(POP_TOP);
            return Ok(());
        }
        if size > 0 {
            self.addop(GET_LEN);
            self.load_const(Constant::Int(size as i64));
            self.addcompare(CmpOp::GtE);
            self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        }
        let mut seen: Vec<Constant> = Vec::new();
        for key in m.keys.iter() {
            if let Some(c) = self.fold(key) {
                if seen.iter().any(|s| same_key(s, &c)) {
                    // CPython quotes the key's value, not its spelling.
                    let text = crate::unparse::constant_repr(&c).unwrap_or_else(|| {
                        self.source[key.range().start().to_usize()..key.range().end().to_usize()]
                            .to_owned()
                    });
                    return self.error(format!("mapping pattern checks duplicate key ({text})"));
                }
                seen.push(c);
            } else if !matches!(key, Expr::Attribute(_)) {
                return self
                    .error("mapping pattern keys may only match literals and attribute lookups");
            }
            self.visit_expr(key)?;
        }
        self.addop_i(BUILD_TUPLE, size as u32);
        self.addop(MATCH_KEYS);
        pc.on_top += 2;
        self.addop_i(COPY, 1);
        self.load_const(Constant::None);
        self.addop_i(IS_OP, 1);
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        self.addop_i(UNPACK_SEQUENCE, size as u32);
        pc.on_top += size as isize - 1;
        for p in m.patterns.iter() {
            pc.on_top -= 1;
            self.compile_subpattern(p, pc)?;
        }
        pc.on_top -= 2;
        if let Some(rest) = &m.rest {
            self.addop_i(BUILD_MAP, 0);
            self.addop_i(SWAP, 3);
            self.addop_i(DICT_UPDATE, 2);
            self.addop_i(UNPACK_SEQUENCE, size as u32);
            let mut n = size;
            while n > 0 {
                self.addop_i(COPY, 1 + n as u32);
                n -= 1;
                self.addop_i(SWAP, 2);
                self.addop(DELETE_SUBSCR);
            }
            self.pattern_store_name(Some(rest), pc)?;
        } else {
            self.addop(POP_TOP);
            self.addop(POP_TOP);
        }
        Ok(())
    }

    fn pattern_or(&mut self, o: &'a ast::PatternMatchOr, pc: &mut PatternContext) -> CResult {
        let end = self.new_block();
        let size = o.patterns.len();
        let old_stores = std::mem::take(&mut pc.stores);
        let old_allow = pc.allow_irrefutable;
        let old_fail_pop = std::mem::take(&mut pc.fail_pop);
        let old_on_top = pc.on_top;
        let mut control: Option<Vec<Rc<str>>> = None;
        for (i, alt) in o.patterns.iter().enumerate() {
            self.set_loc(alt.range());
            pc.stores = Vec::new();
            pc.allow_irrefutable = i == size - 1 && old_allow;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.addop_i(COPY, 1);
            self.compile_pattern(alt, pc)?;
            let nstores = pc.stores.len();
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(ctl) if ctl.len() != nstores => {
                    return self.error("alternative patterns bind different names");
                }
                Some(ctl) if nstores > 0 => {
                    let ctl = ctl.clone();
                    let mut icontrol = nstores;
                    while icontrol > 0 {
                        icontrol -= 1;
                        let name = &ctl[icontrol];
                        let Some(istores) = pc.stores.iter().position(|s| s == name) else {
                            return self.error("alternative patterns bind different names");
                        };
                        if icontrol != istores {
                            let rotations = istores + 1;
                            let rotated: Vec<Rc<str>> = pc.stores.drain(0..rotations).collect();
                            let at = icontrol - istores;
                            for (k, r) in rotated.into_iter().enumerate() {
                                pc.stores.insert(at + k, r);
                            }
                            for _ in 0..rotations {
                                self.pattern_rotate(icontrol as isize + 1);
                            }
                        }
                    }
                }
                Some(_) => {}
            }
            self.addop_j(JUMP, end);
            self.emit_and_reset_fail_pop(pc);
        }
        pc.stores = old_stores;
        pc.allow_irrefutable = old_allow;
        pc.fail_pop = old_fail_pop;
        pc.on_top = old_on_top;
        self.addop(POP_TOP);
        self.jump_to_fail_pop(pc, JUMP);
        self.use_next_block(end);
        let control = control.unwrap_or_default();
        let nstores = control.len() as isize;
        let nrots = nstores + 1 + pc.on_top + pc.stores.len() as isize;
        for name in control {
            self.pattern_rotate(nrots);
            if pc.stores.contains(&name) {
                return self.error(format!("multiple assignments to name '{name}' in pattern"));
            }
            pc.stores.push(name);
        }
        self.addop(POP_TOP);
        Ok(())
    }
}

/// Whether two constant keys of a mapping pattern are equal as Python compares
/// them, so that `{0: _, False: _}`, `{0: _, 0.0: _}` and `{0: _, 0j: _}` repeat a
/// key (CPython checks them with a set).
fn same_key(a: &Constant, b: &Constant) -> bool {
    match (number_parts(a), number_parts(b)) {
        (Some((ra, ia)), Some((rb, ib))) => ia == ib && ra.equals(&rb),
        (None, None) => a == b,
        _ => false,
    }
}

/// A real number as a key compares it: exact for ints, as a double for floats.
enum RealPart {
    Exact(num_bigint::BigInt),
    Double(f64),
}

impl RealPart {
    fn equals(&self, other: &RealPart) -> bool {
        use num_traits::FromPrimitive;
        match (self, other) {
            (RealPart::Exact(x), RealPart::Exact(y)) => x == y,
            (RealPart::Double(x), RealPart::Double(y)) => x == y,
            (RealPart::Exact(n), RealPart::Double(f))
            | (RealPart::Double(f), RealPart::Exact(n)) => {
                f.fract() == 0.0 && num_bigint::BigInt::from_f64(*f).is_some_and(|m| &m == n)
            }
        }
    }
}

/// The real and imaginary parts of a numeric constant.
fn number_parts(c: &Constant) -> Option<(RealPart, f64)> {
    Some(match c {
        Constant::Bool(b) => (RealPart::Exact((*b as i64).into()), 0.0),
        Constant::Int(n) => (RealPart::Exact((*n).into()), 0.0),
        Constant::BigInt(n) => (RealPart::Exact(n.clone()), 0.0),
        Constant::Float(x) => (RealPart::Double(*x), 0.0),
        Constant::Complex { real, imag } => (RealPart::Double(*real), *imag),
        _ => return None,
    })
}
