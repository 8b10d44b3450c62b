//! The checks CPython's `_PyAST_Validate` makes of a tree given to `compile()`
//! beyond its node types: expression contexts that match where an expression
//! stands, and the lists that may not be empty. The compiler takes a tree it
//! is given as well-formed, so these run on the converted tree before it.

use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};

/// The first problem in `module`, in CPython's words (raised as ValueError).
pub fn validate(module: &ast::Mod) -> Result<(), String> {
    match module {
        ast::Mod::Module(m) => stmts(&m.body),
        ast::Mod::Expression(e) => expr(&e.body, ExprContext::Load),
    }
}

fn ctx_name(ctx: ExprContext) -> &'static str {
    match ctx {
        ExprContext::Store => "Store",
        ExprContext::Del => "Del",
        _ => "Load",
    }
}

fn nonempty<T>(items: &[T], what: &str, owner: &str) -> Result<(), String> {
    if items.is_empty() {
        return Err(format!("empty {what} on {owner}"));
    }
    Ok(())
}

fn body(items: &[Stmt], owner: &str) -> Result<(), String> {
    nonempty(items, "body", owner)?;
    stmts(items)
}

fn stmts(items: &[Stmt]) -> Result<(), String> {
    items.iter().try_for_each(stmt)
}

fn loads(items: &[Expr]) -> Result<(), String> {
    items.iter().try_for_each(|e| expr(e, ExprContext::Load))
}

fn opt_load(e: Option<&Expr>) -> Result<(), String> {
    e.map_or(Ok(()), |e| expr(e, ExprContext::Load))
}

fn parameters(p: &ast::Parameters) -> Result<(), String> {
    let annotated = p
        .posonlyargs
        .iter()
        .chain(&p.args)
        .chain(&p.kwonlyargs)
        .map(|a| &a.parameter)
        .chain(p.vararg.as_deref())
        .chain(p.kwarg.as_deref());
    for param in annotated {
        opt_load(param.annotation.as_deref())?;
    }
    let defaults = p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs);
    for param in defaults {
        opt_load(param.default.as_deref())?;
    }
    Ok(())
}

/// The annotations of `params`, each an expression that must load: what CPython
/// validates of an `arguments` node before it compares its lists' lengths.
pub fn annotations<'a>(mut params: impl Iterator<Item = &'a ast::Parameter>) -> Result<(), String> {
    params.try_for_each(|p| opt_load(p.annotation.as_deref()))
}

fn keywords(items: &[ast::Keyword]) -> Result<(), String> {
    items
        .iter()
        .try_for_each(|k| expr(&k.value, ExprContext::Load))
}

fn stmt(s: &Stmt) -> Result<(), String> {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || stmt_inner(s))
}

fn stmt_inner(s: &Stmt) -> Result<(), String> {
    match s {
        Stmt::FunctionDef(f) => {
            let owner = if f.is_async {
                "AsyncFunctionDef"
            } else {
                "FunctionDef"
            };
            body(&f.body, owner)?;
            parameters(&f.parameters)?;
            for d in &f.decorator_list {
                expr(&d.expression, ExprContext::Load)?;
            }
            opt_load(f.returns.as_deref())
        }
        Stmt::ClassDef(c) => {
            body(&c.body, "ClassDef")?;
            if let Some(a) = &c.arguments {
                loads(&a.args)?;
                keywords(&a.keywords)?;
            }
            for d in &c.decorator_list {
                expr(&d.expression, ExprContext::Load)?;
            }
            Ok(())
        }
        Stmt::Return(r) => opt_load(r.value.as_deref()),
        Stmt::Delete(d) => {
            nonempty(&d.targets, "targets", "Delete")?;
            d.targets.iter().try_for_each(|t| expr(t, ExprContext::Del))
        }
        Stmt::Assign(a) => {
            nonempty(&a.targets, "targets", "Assign")?;
            a.targets
                .iter()
                .try_for_each(|t| expr(t, ExprContext::Store))?;
            expr(&a.value, ExprContext::Load)
        }
        Stmt::AugAssign(a) => {
            expr(&a.target, ExprContext::Store)?;
            expr(&a.value, ExprContext::Load)
        }
        Stmt::AnnAssign(a) => {
            if a.simple && !a.target.is_name_expr() {
                return Err("AnnAssign with simple non-Name target".to_owned());
            }
            expr(&a.target, ExprContext::Store)?;
            opt_load(a.value.as_deref())?;
            expr(&a.annotation, ExprContext::Load)
        }
        Stmt::For(f) => {
            expr(&f.target, ExprContext::Store)?;
            expr(&f.iter, ExprContext::Load)?;
            body(&f.body, if f.is_async { "AsyncFor" } else { "For" })?;
            stmts(&f.orelse)
        }
        Stmt::While(w) => {
            expr(&w.test, ExprContext::Load)?;
            body(&w.body, "While")?;
            stmts(&w.orelse)
        }
        Stmt::If(i) => {
            expr(&i.test, ExprContext::Load)?;
            body(&i.body, "If")?;
            i.elif_else_clauses.iter().try_for_each(|c| {
                opt_load(c.test.as_ref())?;
                stmts(&c.body)
            })
        }
        Stmt::With(w) => {
            let owner = if w.is_async { "AsyncWith" } else { "With" };
            nonempty(&w.items, "items", owner)?;
            for item in &w.items {
                expr(&item.context_expr, ExprContext::Load)?;
                if let Some(v) = &item.optional_vars {
                    expr(v, ExprContext::Store)?;
                }
            }
            body(&w.body, owner)
        }
        Stmt::Match(m) => {
            expr(&m.subject, ExprContext::Load)?;
            nonempty(&m.cases, "cases", "Match")?;
            m.cases.iter().try_for_each(|c| {
                pattern(&c.pattern, false)?;
                opt_load(c.guard.as_deref())?;
                body(&c.body, "match_case")
            })
        }
        Stmt::Raise(r) => {
            if r.exc.is_none() && r.cause.is_some() {
                return Err("Raise with cause but no exception".to_owned());
            }
            opt_load(r.exc.as_deref())?;
            opt_load(r.cause.as_deref())
        }
        Stmt::Try(t) => {
            let owner = if t.is_star { "TryStar" } else { "Try" };
            body(&t.body, owner)?;
            if t.handlers.is_empty() && t.finalbody.is_empty() {
                return Err(format!("{owner} has neither except handlers nor finalbody"));
            }
            if t.handlers.is_empty() && !t.orelse.is_empty() {
                return Err(format!("{owner} has orelse but no except handlers"));
            }
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                opt_load(h.type_.as_deref())?;
                body(&h.body, "ExceptHandler")?;
            }
            stmts(&t.finalbody)?;
            stmts(&t.orelse)
        }
        Stmt::Assert(a) => {
            expr(&a.test, ExprContext::Load)?;
            opt_load(a.msg.as_deref())
        }
        Stmt::Import(i) => nonempty(&i.names, "names", "Import"),
        Stmt::ImportFrom(i) => nonempty(&i.names, "names", "ImportFrom"),
        Stmt::Global(g) => nonempty(&g.names, "names", "Global"),
        Stmt::Nonlocal(n) => nonempty(&n.names, "names", "Nonlocal"),
        Stmt::Expr(e) => expr(&e.value, ExprContext::Load),
        _ => Ok(()),
    }
}

fn expr(e: &Expr, ctx: ExprContext) -> Result<(), String> {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || expr_inner(e, ctx))
}

fn comprehensions(generators: &[ast::Comprehension]) -> Result<(), String> {
    generators.iter().try_for_each(|g| {
        expr(&g.target, ExprContext::Store)?;
        expr(&g.iter, ExprContext::Load)?;
        loads(&g.ifs)
    })
}

/// A pattern of a `match` statement, as CPython's `validate_pattern` checks it;
/// `star_ok` where a `MatchStar` may stand (directly in a sequence pattern).
fn pattern(p: &ast::Pattern, star_ok: bool) -> Result<(), String> {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || pattern_inner(p, star_ok))
}

fn patterns(items: &[ast::Pattern], star_ok: bool) -> Result<(), String> {
    items.iter().try_for_each(|p| pattern(p, star_ok))
}

fn pattern_inner(p: &ast::Pattern, star_ok: bool) -> Result<(), String> {
    use ast::Pattern;
    match p {
        Pattern::MatchValue(v) => match_value(&v.value),
        // Its conversion already refused any other value.
        Pattern::MatchSingleton(_) => Ok(()),
        Pattern::MatchSequence(s) => patterns(&s.patterns, true),
        Pattern::MatchMapping(m) => {
            if m.keys.len() != m.patterns.len() {
                return Err(
                    "MatchMapping doesn't have the same number of keys as patterns".to_owned(),
                );
            }
            if let Some(rest) = &m.rest {
                capture(rest)?;
            }
            for key in &m.keys {
                // None, True and False are valid keys though not literal patterns.
                if !matches!(key, Expr::NoneLiteral(_) | Expr::BooleanLiteral(_)) {
                    match_value(key)?;
                }
            }
            patterns(&m.patterns, false)
        }
        Pattern::MatchClass(c) => {
            expr(&c.cls, ExprContext::Load)?;
            let mut cls = &*c.cls;
            while let Expr::Attribute(a) = cls {
                cls = &a.value;
            }
            if !matches!(cls, Expr::Name(_)) {
                return Err(
                    "MatchClass cls field can only contain Name or Attribute nodes.".to_owned(),
                );
            }
            for keyword in &c.arguments.keywords {
                name(&keyword.attr)?;
            }
            patterns(&c.arguments.patterns, false)?;
            c.arguments
                .keywords
                .iter()
                .try_for_each(|k| pattern(&k.pattern, false))
        }
        Pattern::MatchStar(s) => {
            if !star_ok {
                return Err("can't use MatchStar here".to_owned());
            }
            s.name.as_ref().map_or(Ok(()), |n| capture(n))
        }
        Pattern::MatchAs(a) => {
            if let Some(n) = &a.name {
                capture(n)?;
            }
            a.pattern.as_deref().map_or(Ok(()), |p| pattern(p, false))
        }
        Pattern::MatchOr(o) => {
            if o.patterns.len() < 2 {
                return Err("MatchOr requires at least 2 patterns".to_owned());
            }
            patterns(&o.patterns, false)
        }
    }
}

/// The value of a literal pattern (or a mapping pattern's key): a number, string
/// or bytes constant, an attribute, a negated number or a complex literal.
fn match_value(value: &Expr) -> Result<(), String> {
    expr(value, ExprContext::Load)?;
    match value {
        Expr::NumberLiteral(_)
        | Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::FString(_)
        | Expr::Attribute(_) => Ok(()),
        Expr::NoneLiteral(_) | Expr::BooleanLiteral(_) | Expr::EllipsisLiteral(_) => {
            Err("unexpected constant inside of a literal pattern".to_owned())
        }
        Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => Ok(()),
        Expr::BinOp(b) if matches!(b.op, ast::Operator::Add | ast::Operator::Sub) => Ok(()),
        _ => Err("patterns may only match literals and attribute lookups".to_owned()),
    }
}

/// A name a pattern binds: not `_`, nor a constant's name.
fn capture(id: &str) -> Result<(), String> {
    if id == "_" {
        return Err("can't capture name '_' in patterns".to_owned());
    }
    name(id)
}

/// A name that a `Name` node (or a capture in a pattern) may not hold, as
/// CPython's `validate_name` refuses it.
fn name(id: &str) -> Result<(), String> {
    match id {
        "None" | "True" | "False" => {
            Err(format!("identifier field can't represent '{id}' constant"))
        }
        _ => Ok(()),
    }
}

fn expr_inner(e: &Expr, ctx: ExprContext) -> Result<(), String> {
    if let Expr::Name(n) = e {
        name(&n.id)?;
    }
    let own = match e {
        Expr::Attribute(a) => Some(a.ctx),
        Expr::Subscript(s) => Some(s.ctx),
        Expr::Starred(s) => Some(s.ctx),
        Expr::Name(n) => Some(n.ctx),
        Expr::List(l) => Some(l.ctx),
        Expr::Tuple(t) => Some(t.ctx),
        _ => None,
    };
    match own {
        Some(own) if ctx_name(own) != ctx_name(ctx) => {
            return Err(format!(
                "expression must have {} context but has {} instead",
                ctx_name(ctx),
                ctx_name(own)
            ))
        }
        None if ctx_name(ctx) != "Load" => {
            return Err(format!(
                "expression which can't be assigned to in {} context",
                ctx_name(ctx)
            ))
        }
        _ => {}
    }
    let load = ExprContext::Load;
    match e {
        Expr::BoolOp(b) => {
            if b.values.len() < 2 {
                return Err("BoolOp with less than 2 values".to_owned());
            }
            loads(&b.values)
        }
        Expr::Named(n) => {
            if !n.target.is_name_expr() {
                return Err("NamedExpr target must be a Name".to_owned());
            }
            expr(&n.target, ExprContext::Store)?;
            expr(&n.value, load)
        }
        Expr::BinOp(b) => {
            expr(&b.left, load)?;
            expr(&b.right, load)
        }
        Expr::UnaryOp(u) => expr(&u.operand, load),
        Expr::Lambda(l) => {
            if let Some(p) = &l.parameters {
                parameters(p)?;
            }
            expr(&l.body, load)
        }
        Expr::If(i) => {
            expr(&i.test, load)?;
            expr(&i.body, load)?;
            expr(&i.orelse, load)
        }
        Expr::Dict(d) => d.items.iter().try_for_each(|item| {
            opt_load(item.key.as_ref())?;
            expr(&item.value, load)
        }),
        Expr::Set(s) => loads(&s.elts),
        Expr::ListComp(c) => {
            comprehensions(&c.generators)?;
            expr(&c.elt, load)
        }
        Expr::SetComp(c) => {
            comprehensions(&c.generators)?;
            expr(&c.elt, load)
        }
        Expr::DictComp(c) => {
            comprehensions(&c.generators)?;
            opt_load(c.key.as_deref())?;
            expr(&c.value, load)
        }
        Expr::Generator(c) => {
            comprehensions(&c.generators)?;
            expr(&c.elt, load)
        }
        Expr::Await(a) => expr(&a.value, load),
        Expr::Yield(y) => opt_load(y.value.as_deref()),
        Expr::YieldFrom(y) => expr(&y.value, load),
        Expr::Compare(c) => {
            expr(&c.left, load)?;
            loads(&c.comparators)
        }
        Expr::Call(c) => {
            expr(&c.func, load)?;
            loads(&c.arguments.args)?;
            keywords(&c.arguments.keywords)
        }
        Expr::FString(f) => {
            for part in f.value.iter() {
                if let ast::FStringPart::FString(part) = part {
                    interpolations(&part.elements)?;
                }
            }
            Ok(())
        }
        Expr::Attribute(a) => expr(&a.value, load),
        Expr::Subscript(s) => {
            expr(&s.value, load)?;
            expr(&s.slice, load)
        }
        Expr::Starred(s) => expr(&s.value, ctx),
        Expr::List(l) => l.elts.iter().try_for_each(|x| expr(x, ctx)),
        Expr::Tuple(t) => t.elts.iter().try_for_each(|x| expr(x, ctx)),
        Expr::Slice(s) => {
            opt_load(s.lower.as_deref())?;
            opt_load(s.upper.as_deref())?;
            opt_load(s.step.as_deref())
        }
        _ => Ok(()),
    }
}

fn interpolations(elements: &ast::InterpolatedStringElements) -> Result<(), String> {
    for element in elements.iter() {
        if let ast::InterpolatedStringElement::Interpolation(i) = element {
            expr(&i.expression, ExprContext::Load)?;
            if let Some(spec) = &i.format_spec {
                interpolations(&spec.elements)?;
            }
        }
    }
    Ok(())
}
