//! "Did you mean: ...?" (CPython's `Python/suggestions.c`): for an uncaught
//! `AttributeError` the closest of `dir(obj)` to the missing name, for a
//! `NameError` the closest of the failing frame's variables, then its globals,
//! then its builtins. Closeness is an edit distance over the names' UTF-8 bytes
//! in which changing a letter's case costs half of any other edit; a name is
//! offered only when at most a third of the characters involved change.

use crate::abstract_;
use crate::objects::str::as_pystr;
use crate::value::Value;
use crate::{Exc, Vm};

/// Lists this long or longer are not searched.
const MAX_CANDIDATES: usize = 750;
/// Names differing in a longer stretch than this (after their common prefix
/// and suffix) are not compared.
const MAX_NAME_BYTES: usize = 40;
/// The cost of inserting, deleting or substituting a byte.
const MOVE_COST: usize = 2;
/// The cost of substituting a letter by itself in the other case.
const CASE_COST: usize = 1;

/// The name to suggest for `exc`, when it is exactly an `AttributeError` or a
/// `NameError` and a close enough name exists. Errors met on the way (a `dir()`
/// that raises, a name that is not a str) mean no suggestion.
pub fn offer(vm: &mut Vm, exc: &Value) -> Option<String> {
    let class = vm.type_of(exc);
    if std::rc::Rc::ptr_eq(&class, vm.exc(Exc::AttributeError)) {
        for_attribute_error(vm, exc)
    } else if std::rc::Rc::ptr_eq(&class, vm.exc(Exc::NameError)) {
        for_name_error(vm, exc)
    } else {
        None
    }
}

fn for_attribute_error(vm: &mut Vm, exc: &Value) -> Option<String> {
    let name = exact_str_field(vm, exc, "name")?;
    let Value::Obj(e) = exc else { return None };
    // An error made without an `obj` has none to search (reading it gives None).
    let obj = crate::objects::exceptions::member_field(e, "obj")?;
    // `dir(obj)`, as CPython's `PyObject_Dir`.
    let dir = crate::objects::dict::dict_get_str(&vm.builtins_dict, "dir")?;
    let names = vm.call1(&dir, vec![obj]).ok()?;
    let candidates = abstract_::list_items(&names)?;
    closest(&candidates, &name)
}

fn for_name_error(vm: &mut Vm, exc: &Value) -> Option<String> {
    let name = exact_str_field(vm, exc, "name")?;
    let attr =
        |vm: &mut Vm, v: &Value, name: &str| abstract_::getattr_optional(vm, v, name).ok()?;
    // The frame the error was raised in: the traceback's last entry.
    let mut tb = attr(vm, exc, "__traceback__").filter(|tb| !tb.is_none())?;
    while let Some(next) = attr(vm, &tb, "tb_next").filter(|next| !next.is_none()) {
        tb = next;
    }
    let frame = attr(vm, &tb, "tb_frame")?;
    let code = attr(vm, &frame, "f_code")?;
    let varnames = attr(vm, &code, "co_varnames")?;
    if let Some(found) = closest(&abstract_::tuple_items(&varnames)?, &name) {
        return Some(found);
    }
    for scope in ["f_globals", "f_builtins"] {
        let namespace = attr(vm, &frame, scope)?;
        let keys = abstract_::collect_iterable(vm, &namespace).ok()?;
        if let Some(found) = closest(&keys, &name) {
            return Some(found);
        }
    }
    None
}

/// The exception's field `field` when it is an exact str.
fn exact_str_field(vm: &mut Vm, exc: &Value, field: &str) -> Option<String> {
    let value = abstract_::getattr_optional(vm, exc, field).ok()??;
    let Value::Obj(o) = &value else { return None };
    if !abstract_::is_exact_builtin(o) {
        return None;
    }
    let text = as_pystr(&value)?;
    (!text.has_surrogates()).then(|| text.as_str().to_owned())
}

/// The closest of `candidates` to `name` within the distance allowed, the first
/// of equally close ones; `None` also when a candidate is not a str (CPython
/// gives up there).
fn closest(candidates: &[Value], name: &str) -> Option<String> {
    if candidates.len() >= MAX_CANDIDATES {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for candidate in candidates {
        let text = as_pystr(candidate)
            .filter(|s| !s.has_surrogates())?
            .as_str();
        if text == name {
            continue;
        }
        // No more than a third of the characters involved may change, and a
        // match must beat the best so far.
        let mut max_cost = (name.len() + text.len() + 3) * MOVE_COST / 6;
        if let Some((_, best_cost)) = best {
            max_cost = max_cost.min(best_cost.saturating_sub(1));
        }
        let cost = edit_distance(name.as_bytes(), text.as_bytes(), max_cost);
        if cost <= max_cost && best.is_none_or(|(_, best_cost)| cost < best_cost) {
            best = Some((text, cost));
        }
    }
    best.map(|(text, _)| text.to_owned())
}

/// The cost of substituting byte `b` for byte `a`.
fn substitution_cost(a: u8, b: u8) -> usize {
    if a == b {
        0
    } else if a.is_ascii_alphabetic() && a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// The edit distance between `a` and `b`, or anything above `max_cost` once it
/// is certain to exceed it.
fn edit_distance<'a>(mut a: &'a [u8], mut b: &'a [u8], max_cost: usize) -> usize {
    // Common prefix and suffix cost nothing.
    while let ([x, rest_a @ ..], [y, rest_b @ ..]) = (a, b) {
        if x != y {
            break;
        }
        (a, b) = (rest_a, rest_b);
    }
    while let ([rest_a @ .., x], [rest_b @ .., y]) = (a, b) {
        if x != y {
            break;
        }
        (a, b) = (rest_a, rest_b);
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_NAME_BYTES || b.len() > MAX_NAME_BYTES {
        return max_cost + 1;
    }
    // The shorter one indexes the row kept.
    if b.len() < a.len() {
        (a, b) = (b, a);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    // row[i]: the cost from the part of `b` seen so far to a[..=i].
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (b_index, &code) in b.iter().enumerate() {
        let mut diagonal = b_index * MOVE_COST;
        result = diagonal;
        let mut row_minimum = usize::MAX;
        for (cell, &other) in row.iter_mut().zip(a) {
            let substitute = diagonal + substitution_cost(code, other);
            diagonal = *cell;
            result = (result.min(diagonal) + MOVE_COST).min(substitute);
            *cell = result;
            row_minimum = row_minimum.min(result);
        }
        if row_minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn case_changes_cost_half_an_edit() {
        assert_eq!(edit_distance(b"bluch", b"blech", 10), 2);
        assert_eq!(edit_distance(b"Blech", b"blech", 10), 1);
        assert_eq!(edit_distance(b"abc", b"abcd", 10), 2);
        assert_eq!(edit_distance(b"kitten", b"sitting", 2), 3);
    }
}
