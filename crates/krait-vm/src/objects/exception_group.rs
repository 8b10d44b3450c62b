//! `BaseExceptionGroup` and `ExceptionGroup` (PEP 654; CPython's
//! `Objects/exceptions.c`): construction rules, `split`, `subgroup`, `derive`, and
//! the helpers behind `except*` (`CHECK_EG_MATCH`, `PREP_RERAISE_STAR`).

use std::collections::HashSet;
use std::rc::Rc;

use crate::abstract_;
use crate::object::{ObjRef, Payload};
use crate::objects::exceptions::{data, exception_matches, is_exception_instance};
use crate::objects::function::Args;
use crate::objects::typeobject::is_subtype;
use crate::objects::{add_getset, add_method, add_method_sig, add_new};
use crate::signature::Signature;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};

/// What `split` keeps.
enum Matcher {
    /// `except*` classes or `split(type_or_tuple)`.
    Types(Value),
    /// `split(predicate)`.
    Predicate(Value),
    /// The leaves of these exceptions (by identity): `except*` re-raises.
    Leaves(HashSet<usize>),
}

fn is_group(vm: &Vm, v: &Value) -> bool {
    vm.isinstance(v, vm.exc(Exc::BaseExceptionGroup))
}

/// The member exceptions of a group.
pub fn members(vm: &mut Vm, group: &Value) -> Vec<Value> {
    let args = crate::objects::exceptions::args_of(group);
    let excs = abstract_::tuple_items(&args)
        .and_then(|t| t.get(1).cloned())
        .unwrap_or(Value::None);
    abstract_::collect_iterable(vm, &excs).unwrap_or_default()
}

fn matches(vm: &mut Vm, matcher: &Matcher, exc: &Value) -> PyResult<bool> {
    match matcher {
        Matcher::Types(classes) => exception_matches(vm, exc, classes),
        Matcher::Predicate(f) => {
            let r = vm.call1(f, vec![exc.clone()])?;
            abstract_::is_true(vm, &r)
        }
        Matcher::Leaves(ids) => Ok(!is_group(vm, exc)
            && exc
                .as_obj()
                .is_some_and(|o| ids.contains(&(Rc::as_ptr(o) as usize)))),
    }
}

/// Splits `exc` into (matching part, rest); either may be `None`.
fn split(vm: &mut Vm, exc: &Value, matcher: &Matcher) -> PyResult<(Value, Value)> {
    if matches(vm, matcher, exc)? {
        return Ok((exc.clone(), Value::None));
    }
    if !is_group(vm, exc) {
        return Ok((Value::None, exc.clone()));
    }
    let mut matched = Vec::new();
    let mut rest = Vec::new();
    vm.enter_recursive_call(" in exceptiongroup_split_recursive")?;
    for member in members(vm, exc) {
        let (m, r) = match split(vm, &member, matcher) {
            Ok(parts) => parts,
            Err(err) => {
                vm.leave_recursive_call();
                return Err(err);
            }
        };
        if !m.is_none() {
            matched.push(m);
        }
        if !r.is_none() {
            rest.push(r);
        }
    }
    vm.leave_recursive_call();
    let matched = derive_with_metadata(vm, exc, matched)?;
    let rest = derive_with_metadata(vm, exc, rest)?;
    Ok((matched, rest))
}

/// `exc.derive(items)` carrying over the traceback, cause, context and notes.
fn derive_with_metadata(vm: &mut Vm, exc: &Value, items: Vec<Value>) -> PyResult<Value> {
    if items.is_empty() {
        return Ok(Value::None);
    }
    let list = vm.new_list(items);
    let derived = vm.call_method(exc, "derive", vec![list])?;
    if !is_exception_instance(vm, &derived) {
        return Err(
            vm.new_type_error("derive must return an instance of BaseExceptionGroup".to_owned())
        );
    }
    copy_metadata(vm, exc, &derived);
    Ok(derived)
}

fn copy_metadata(vm: &mut Vm, from: &Value, to: &Value) {
    if let (Some(src), Some(dst)) = (data(from), data(to)) {
        let src = src.borrow();
        let mut dst = dst.borrow_mut();
        dst.traceback = src.traceback.clone();
        dst.cause = src.cause.clone();
        dst.context = src.context.clone();
    }
    // Notes that form a sequence are copied into a list of the derived group's
    // own; other values are not carried over.
    if let Ok(Some(notes)) = abstract_::getattr_optional(vm, from, "__notes__") {
        if crate::abstract_::sequence_check(vm, &notes) {
            if let Ok(items) = abstract_::collect_iterable(vm, &notes) {
                let copy = vm.new_list(items);
                let _ = abstract_::setattr_str(vm, to, "__notes__", copy);
            }
        }
    }
}

fn leaf_ids(vm: &mut Vm, exc: &Value, out: &mut HashSet<usize>) -> PyResult<()> {
    if is_group(vm, exc) {
        vm.enter_recursive_call(" in collect_exception_group_leaf_ids")?;
        let found = members(vm, exc)
            .iter()
            .try_for_each(|member| leaf_ids(vm, member, out));
        vm.leave_recursive_call();
        found?;
    } else if let Value::Obj(o) = exc {
        out.insert(Rc::as_ptr(o) as usize);
    }
    Ok(())
}

fn matcher_from(vm: &mut Vm, condition: Value) -> PyResult<Matcher> {
    let is_class = |v: &Value| matches!(v, Value::Obj(o) if o.type_data().is_some());
    let classes_ok = is_class(&condition)
        || abstract_::tuple_items(&condition).is_some_and(|items| items.iter().all(is_class));
    if classes_ok {
        return Ok(Matcher::Types(condition));
    }
    if crate::builtins::is_callable(vm, &condition) {
        return Ok(Matcher::Predicate(condition));
    }
    Err(vm.new_type_error(
        "expected a function, exception type or tuple of exception types".to_owned(),
    ))
}

/// `CHECK_EG_MATCH`: (rest, match) of the raised exception against `except*` classes.
pub fn check_eg_match(vm: &mut Vm, exc: &Value, classes: &Value) -> PyResult<(Value, Value)> {
    let all_classes = abstract_::tuple_items(classes).unwrap_or_else(|| vec![classes.clone()]);
    for c in &all_classes {
        if let Value::Obj(o) = c {
            if o.type_data().is_some() && is_subtype(o, vm.exc(Exc::BaseExceptionGroup)) {
                return Err(vm.new_type_error(
                    "catching ExceptionGroup with except* is not allowed. Use except instead."
                        .to_owned(),
                ));
            }
        }
    }
    if exc.is_none() {
        return Ok((Value::None, Value::None));
    }
    if exception_matches(vm, exc, classes)? {
        if is_group(vm, exc) {
            return Ok((Value::None, exc.clone()));
        }
        // A naked exception caught by except* is wrapped in a group.
        let eg_class = Value::Obj(vm.exc(Exc::ExceptionGroup).clone());
        let eg_class = if vm.isinstance(exc, &vm.exc(Exc::Exception).clone()) {
            eg_class
        } else {
            Value::Obj(vm.exc(Exc::BaseExceptionGroup).clone())
        };
        let members = vm.new_tuple(vec![exc.clone()]);
        let empty = vm.new_str("");
        let group = vm.call1(&eg_class, vec![empty, members])?;
        copy_metadata(vm, exc, &group);
        return Ok((Value::None, group));
    }
    if is_group(vm, exc) {
        let (m, r) = split(vm, exc, &Matcher::Types(classes.clone()))?;
        return Ok((r, m));
    }
    Ok((exc.clone(), Value::None))
}

fn same_metadata(a: &Value, b: &Value) -> bool {
    match (data(a), data(b)) {
        (Some(x), Some(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            let same_tb = match (&x.traceback, &y.traceback) {
                (Some(p), Some(q)) => Rc::ptr_eq(p, q),
                (None, None) => true,
                _ => false,
            };
            same_tb && x.cause.is(&y.cause) && x.context.is(&y.context)
        }
        _ => false,
    }
}

/// `PREP_RERAISE_STAR`: what an `except*` statement re-raises at its end.
pub fn prep_reraise_star(vm: &mut Vm, orig: &Value, excs: &Value) -> PyResult<Value> {
    let excs = abstract_::list_items(excs).unwrap_or_default();
    if excs.is_empty() {
        return Ok(Value::None);
    }
    if !is_group(vm, orig) {
        return Ok(excs[0].clone());
    }
    let mut raised = Vec::new();
    let mut reraised = Vec::new();
    for e in excs.into_iter().filter(|e| !e.is_none()) {
        if same_metadata(&e, orig) {
            reraised.push(e);
        } else {
            raised.push(e);
        }
    }
    let mut keep = HashSet::new();
    for e in &reraised {
        leaf_ids(vm, e, &mut keep)?;
    }
    let reraised_eg = if keep.is_empty() {
        Value::None
    } else {
        split(vm, orig, &Matcher::Leaves(keep))?.0
    };
    if raised.is_empty() {
        return Ok(reraised_eg);
    }
    if !reraised_eg.is_none() {
        raised.push(reraised_eg);
    }
    let list = vm.new_list(raised);
    let empty = vm.new_str("");
    let eg = Value::Obj(vm.exc(Exc::ExceptionGroup).clone());
    let all_exceptions = abstract_::list_items(&list)
        .unwrap_or_default()
        .iter()
        .all(|e| vm.isinstance(e, vm.exc(Exc::Exception)));
    let class = if all_exceptions {
        eg
    } else {
        Value::Obj(vm.exc(Exc::BaseExceptionGroup).clone())
    };
    vm.call1(&class, vec![empty, list])
}

/// `BaseExceptionGroup.__new__(cls, message, exceptions)`.
fn group_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut pos = args.pos;
    let Some(Value::Obj(mut class)) = pos.first().cloned() else {
        return Err(
            vm.new_type_error("BaseExceptionGroup.__new__(X): X is not a type object".to_owned())
        );
    };
    pos.remove(0);
    if pos.len() != 2 {
        return Err(vm.new_type_error(format!(
            "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
            pos.len()
        )));
    }
    let (message, excs) = (pos[0].clone(), pos[1].clone());
    if abstract_::value_as_str(&message).is_none() {
        return Err(vm.new_type_error(format!(
            "argument 1 must be str, not {}",
            vm.type_name_of(&message)
        )));
    }
    let is_sequence = matches!(&excs, Value::Obj(o) if matches!(o.payload, Payload::List(_) | Payload::Tuple(_)))
        || (abstract_::is_iterable(vm, &excs)
            && abstract_::getattr_optional(vm, &excs, "__getitem__")?.is_some()
            && !matches!(&excs, Value::Obj(o) if matches!(o.payload, Payload::Dict(_) | Payload::Set(_) | Payload::FrozenSet(_))));
    if !is_sequence {
        return Err(vm.new_type_error("second argument (exceptions) must be a sequence".to_owned()));
    }
    let items = abstract_::collect_iterable(vm, &excs)?;
    if items.is_empty() {
        return Err(vm.new_value_error(
            "second argument (exceptions) must be a non-empty sequence".to_owned(),
        ));
    }
    let exception = vm.exc(Exc::Exception).clone();
    let mut all_exceptions = true;
    for (i, item) in items.iter().enumerate() {
        if !is_exception_instance(vm, item) {
            return Err(vm.new_value_error(format!(
                "Item {i} of second argument (exceptions) is not an exception"
            )));
        }
        all_exceptions &= vm.isinstance(item, &exception);
    }
    let base_group = vm.exc(Exc::BaseExceptionGroup).clone();
    if Rc::ptr_eq(&class, &base_group) {
        if all_exceptions {
            class = vm.exc(Exc::ExceptionGroup).clone();
        }
    } else if is_subtype(&class, &exception) && !all_exceptions {
        let msg = if Rc::ptr_eq(&class, vm.exc(Exc::ExceptionGroup)) {
            "Cannot nest BaseExceptions in an ExceptionGroup".to_owned()
        } else {
            format!(
                "Cannot nest BaseExceptions in '{}'",
                crate::objects::typeobject::type_name(&class)
            )
        };
        return Err(vm.new_type_error(msg));
    }
    let mut new_args = vec![Value::Obj(class)];
    new_args.extend(pos);
    crate::objects::exceptions::exception_new_plain(vm, Args::new(new_args))
}

/// The methods' keyword error, worded as a call on the instance words it (CPython
/// names the bound method without its class when it is called after being taken).
fn no_keywords(vm: &mut Vm, args: &Args, name: &str) -> PyResult<()> {
    if args.kw.is_empty() {
        return Ok(());
    }
    Err(vm.new_type_error(format!(
        "BaseExceptionGroup.{name}() takes no keyword arguments"
    )))
}

static SPLIT: Signature = Signature::new("split", "($self, matcher_value, /)").not_listed();
static SUBGROUP: Signature = Signature::new("subgroup", "($self, matcher_value, /)").not_listed();
static DERIVE: Signature = Signature::new("derive", "($self, excs, /)")
    .parse_tuple_nameless()
    .not_listed();

pub fn init(vm: &mut Vm) {
    let eg = vm.exc(Exc::BaseExceptionGroup).clone();
    add_new(vm, &eg, group_new);
    crate::objects::generic_alias::add_class_getitem(vm, &eg);
    add_method(vm, &eg, "__init__", |_, _| Ok(Value::None));
    add_method_sig(vm, &eg, &SPLIT, |vm, args| {
        no_keywords(vm, &args, "split")?;
        let (me, [condition]) = SPLIT.bind(vm, args)?;
        let me = me.unwrap_or(Value::None);
        let matcher = matcher_from(vm, condition.unwrap_or(Value::None))?;
        let (m, r) = split(vm, &me, &matcher)?;
        Ok(vm.new_tuple(vec![m, r]))
    });
    add_method_sig(vm, &eg, &SUBGROUP, |vm, args| {
        no_keywords(vm, &args, "subgroup")?;
        let (me, [condition]) = SUBGROUP.bind(vm, args)?;
        let me = me.unwrap_or(Value::None);
        let matcher = matcher_from(vm, condition.unwrap_or(Value::None))?;
        Ok(split(vm, &me, &matcher)?.0)
    });
    add_method_sig(vm, &eg, &DERIVE, |vm, args| {
        no_keywords(vm, &args, "derive")?;
        let (me, [excs]) = DERIVE.bind(vm, args)?;
        let me = me.unwrap_or(Value::None);
        let msg = abstract_::getattr_str(vm, &me, "message")?;
        let base = Value::Obj(vm.exc(Exc::BaseExceptionGroup).clone());
        vm.call1(&base, vec![msg, excs.unwrap_or(Value::None)])
    });
    add_getset(
        vm,
        &eg,
        "exceptions",
        |vm, v| {
            let items = members(vm, v);
            Ok(vm.new_tuple(items))
        },
        None,
    );
    let _: Option<ObjRef> = None;
}
