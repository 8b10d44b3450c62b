//! `re.Match`, the result of a successful match (CPython's `MatchObject`): the spans
//! of the match and its groups in the string it was made on.

use std::cell::RefCell;

use krait_vm::native::{native_data, new_native_object, MethodDef, NativeData, NativeTypeSpec};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::int;
use krait_vm::objects::typeobject;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};

use super::engine::{Found, Progress};
use super::pattern::{pattern_of, Pattern};
use super::subject::slice_of;
use crate::{generic_alias, given, readonly, wrong_receiver};

/// A match of `pattern` in `string`.
pub(crate) struct Match {
    /// The `re.Pattern` that matched.
    pattern: Value,
    string: Value,
    /// The whole match, then each group; `(-1, -1)` for a group that took no part.
    spans: Box<[(isize, isize)]>,
    pos: usize,
    endpos: usize,
    /// The last group that closed, or -1.
    lastindex: isize,
    /// `regs`, made when first asked for.
    regs: RefCell<Option<Value>>,
}

impl Match {
    pub fn new(pattern: Value, string: Value, found: Found, progress: Progress) -> Match {
        Match {
            pattern,
            string,
            spans: found.spans.into_boxed_slice(),
            pos: progress.start,
            endpos: progress.end,
            lastindex: found.lastindex,
            regs: RefCell::new(None),
        }
    }
}

impl NativeData for Match {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.pattern);
        visit(&self.string);
        match self.regs.try_borrow() {
            Ok(regs) => {
                if let Some(regs) = regs.as_ref() {
                    visit(regs);
                }
                true
            }
            Err(_) => false,
        }
    }
}

pub(crate) static MATCH_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "The result of re.match() and re.search().\n\
         Match objects always have a boolean value of True.",
    ),
    slots: &[
        NativeSlot::Repr(match_repr),
        NativeSlot::GetItem(match_getitem),
    ],
    methods: &[
        MethodDef::method("group", match_group)
            .with_signature(&GROUP)
            .with_doc(
                "group([group1, ...]) -> str or tuple.\n    Return subgroup(s) of the match \
                 by indices or names.\n    For 0 returns the entire match.",
            ),
        MethodDef::method("start", match_start)
            .with_signature(&START)
            .with_doc("Return index of the start of the substring matched by group."),
        MethodDef::method("end", match_end)
            .with_signature(&END)
            .with_doc("Return index of the end of the substring matched by group."),
        MethodDef::method("span", match_span)
            .with_signature(&SPAN)
            .with_doc("For match object m, return the 2-tuple (m.start(group), m.end(group))."),
        MethodDef::method("groups", match_groups)
            .with_signature(&GROUPS)
            .with_doc(
                "Return a tuple containing all the subgroups of the match, from 1.\n\n  \
                 default\n    Is used for groups that did not participate in the match.",
            ),
        MethodDef::method("groupdict", match_groupdict)
            .with_signature(&GROUPDICT)
            .with_doc(
                "Return a dictionary containing all the named subgroups of the match, keyed \
                 by the subgroup name.\n\n  default\n    Is used for groups that did not \
                 participate in the match.",
            ),
        MethodDef::method("expand", match_expand)
            .with_signature(&EXPAND)
            .with_doc(
                "Return the string obtained by doing backslash substitution on the string \
                 template, as done by the sub() method.",
            ),
        MethodDef::method("__copy__", match_copy).with_signature(&COPY),
        MethodDef::method("__deepcopy__", match_deepcopy).with_signature(&DEEPCOPY),
        MethodDef::classmethod("__class_getitem__", match_class_getitem)
            .with_signature(&CLASS_GETITEM)
            .with_doc("See PEP 585"),
    ],
    getsets: &[
        GetSet {
            name: "string",
            get: match_get_string,
            set: Some(readonly),
        },
        GetSet {
            name: "re",
            get: match_get_re,
            set: Some(readonly),
        },
        GetSet {
            name: "pos",
            get: match_get_pos,
            set: Some(readonly),
        },
        GetSet {
            name: "endpos",
            get: match_get_endpos,
            set: Some(readonly),
        },
        GetSet {
            name: "lastindex",
            get: match_get_lastindex,
            set: None,
        },
        GetSet {
            name: "lastgroup",
            get: match_get_lastgroup,
            set: None,
        },
        GetSet {
            name: "regs",
            get: match_get_regs,
            set: None,
        },
    ],
    ..NativeTypeSpec::new("Match", "re")
};

static GROUP: Signature = Signature::unlisted("Match", "group", "($self, *args)");
static START: Signature = Signature::of("Match", "start", "($self, group=0, /)");
static END: Signature = Signature::of("Match", "end", "($self, group=0, /)");
static SPAN: Signature = Signature::of("Match", "span", "($self, group=0, /)");
static GROUPS: Signature = Signature::of("Match", "groups", "($self, /, default=None)");
static GROUPDICT: Signature = Signature::of("Match", "groupdict", "($self, /, default=None)");
static EXPAND: Signature = Signature::of("Match", "expand", "($self, /, template)");
static COPY: Signature = Signature::of("Match", "__copy__", "($self, /)");
static DEEPCOPY: Signature = Signature::of("Match", "__deepcopy__", "($self, memo, /)");
static CLASS_GETITEM: Signature =
    Signature::unlisted("Match", "__class_getitem__", "($type, item, /)");

pub(crate) fn new_match(vm: &mut Vm, class: &ObjRef, m: Match) -> Value {
    new_native_object(vm, class, m)
}

fn match_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Match> {
    native_data::<Match>(this).ok_or_else(|| wrong_receiver(vm, "re.Match", this))
}

impl Match {
    fn pattern(&self) -> Option<&Pattern> {
        native_data::<Pattern>(&self.pattern)
    }

    /// The group that `index` names: a number, or a name the pattern defines
    /// (`match_getindex`); `IndexError('no such group')` otherwise.
    fn group_index(&self, vm: &mut Vm, index: &Value) -> PyResult<usize> {
        let number = if int::is_int(index) || has_index(vm, index) {
            let n = abstract_::index(vm, index)?;
            // Too large for an index: certainly no such group.
            int::as_i64(&n).unwrap_or(-1)
        } else {
            match self.pattern().map(|p| p.groupindex.clone()) {
                Some(Value::Obj(names)) => match dict::dict_get_item(vm, &names, index)? {
                    Some(number) if int::is_int(&number) => int::as_i64(&number).unwrap_or(-1),
                    _ => -1,
                },
                _ => -1,
            }
        };
        match usize::try_from(number) {
            Ok(n) if n < self.spans.len() => Ok(n),
            _ => Err(vm.new_index_error("no such group".to_owned())),
        }
    }

    /// The text of group `group`, or `default` when it took no part.
    fn group_text(&self, vm: &mut Vm, group: usize, default: &Value) -> PyResult<Value> {
        match self.spans[group] {
            (start, end) if start >= 0 => slice_of(vm, &self.string, start as usize, end as usize),
            _ => Ok(default.clone()),
        }
    }

    fn group_by(&self, vm: &mut Vm, index: &Value, default: &Value) -> PyResult<Value> {
        let group = self.group_index(vm, index)?;
        self.group_text(vm, group, default)
    }

    /// The group that the optional argument of `start`, `end` and `span` names.
    fn group_arg(&self, vm: &mut Vm, group: Option<Value>) -> PyResult<usize> {
        match group {
            Some(index) => self.group_index(vm, &index),
            None => Ok(0),
        }
    }
}

/// Whether `v` can be used as an integer (`PyIndex_Check`).
fn has_index(vm: &mut Vm, v: &Value) -> bool {
    typeobject::lookup(&vm.type_of(v), "__index__").is_some()
}

fn match_group(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = GROUP.bind_all::<0>(vm, args)?;
    let this = given(bound.this);
    let m = match_of(vm, &this)?;
    match bound.args.as_slice() {
        [] => m.group_text(vm, 0, &Value::None),
        [index] => m.group_by(vm, index, &Value::None),
        indices => {
            let mut items = Vec::with_capacity(indices.len());
            for index in indices {
                items.push(m.group_by(vm, index, &Value::None)?);
            }
            Ok(vm.new_tuple(items))
        }
    }
}

fn match_getitem(vm: &mut Vm, this: &Value, key: &Value) -> PyResult<Value> {
    match_of(vm, this)?.group_by(vm, key, &Value::None)
}

fn match_start(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [group]) = START.bind(vm, args)?;
    let this = given(this);
    let m = match_of(vm, &this)?;
    let group = m.group_arg(vm, group)?;
    Ok(Value::Int(m.spans[group].0 as i64))
}

fn match_end(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [group]) = END.bind(vm, args)?;
    let this = given(this);
    let m = match_of(vm, &this)?;
    let group = m.group_arg(vm, group)?;
    Ok(Value::Int(m.spans[group].1 as i64))
}

fn span_tuple(vm: &mut Vm, (start, end): (isize, isize)) -> Value {
    vm.new_tuple(vec![Value::Int(start as i64), Value::Int(end as i64)])
}

fn match_span(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [group]) = SPAN.bind(vm, args)?;
    let this = given(this);
    let m = match_of(vm, &this)?;
    let group = m.group_arg(vm, group)?;
    Ok(span_tuple(vm, m.spans[group]))
}

fn match_groups(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [default]) = GROUPS.bind(vm, args)?;
    let (this, default) = (given(this), given(default));
    let m = match_of(vm, &this)?;
    let mut items = Vec::with_capacity(m.spans.len() - 1);
    for group in 1..m.spans.len() {
        items.push(m.group_text(vm, group, &default)?);
    }
    Ok(vm.new_tuple(items))
}

fn match_groupdict(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [default]) = GROUPDICT.bind(vm, args)?;
    let (this, default) = (given(this), given(default));
    let m = match_of(vm, &this)?;
    let result = vm.new_dict();
    if let Some(Value::Obj(names)) = m.pattern().map(|p| p.groupindex.clone()) {
        for (name, _) in dict::dict_items(&names) {
            let text = m.group_by(vm, &name, &default)?;
            dict::dict_set_item(vm, &result, name, text)?;
        }
    }
    Ok(Value::Obj(result))
}

/// `expand(template)`: left to `re._expand`, as in CPython.
fn match_expand(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [template]) = EXPAND.bind(vm, args)?;
    let (this, template) = (given(this), given(template));
    let pattern = match_of(vm, &this)?.pattern.clone();
    let re = krait_vm::import::import_full(vm, "re")?;
    let expand = abstract_::getattr_str(vm, &re, "_expand")?;
    vm.call1(&expand, vec![pattern, this, template])
}

fn match_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = COPY.bind(vm, args)?;
    let this = given(this);
    match_of(vm, &this)?;
    Ok(this)
}

fn match_deepcopy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [_memo]) = DEEPCOPY.bind(vm, args)?;
    let this = given(this);
    match_of(vm, &this)?;
    Ok(this)
}

fn match_class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    generic_alias(vm, &CLASS_GETITEM, args)
}

/// `<re.Match object; span=(0, 3), match='abc'>`, the match's repr cut to 50
/// characters.
fn match_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let m = match_of(vm, this)?;
    let text = m.group_text(vm, 0, &Value::None)?;
    let shown = abstract_::repr_string(vm, &text)?;
    let shown: String = shown.chars().take(50).collect();
    let (start, end) = m.spans[0];
    Ok(vm.new_str(format!(
        "<re.Match object; span=({start}, {end}), match={shown}>"
    )))
}

fn match_get_string(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(match_of(vm, this)?.string.clone())
}

fn match_get_re(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let pattern = match_of(vm, this)?.pattern.clone();
    pattern_of(vm, &pattern)?;
    Ok(pattern)
}

fn match_get_pos(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Int(match_of(vm, this)?.pos as i64))
}

fn match_get_endpos(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Int(match_of(vm, this)?.endpos as i64))
}

fn match_get_lastindex(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let lastindex = match_of(vm, this)?.lastindex;
    Ok(if lastindex >= 0 {
        Value::Int(lastindex as i64)
    } else {
        Value::None
    })
}

/// The name of the last group that closed, if it has one.
fn match_get_lastgroup(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let m = match_of(vm, this)?;
    let names = m
        .pattern()
        .and_then(|p| abstract_::tuple_items(&p.indexgroup))
        .unwrap_or_default();
    Ok(usize::try_from(m.lastindex)
        .ok()
        .and_then(|i| names.get(i).cloned())
        .unwrap_or(Value::None))
}

fn match_get_regs(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let m = match_of(vm, this)?;
    if let Some(regs) = m.regs.borrow().as_ref() {
        return Ok(regs.clone());
    }
    let spans = m.spans.iter().map(|span| span_tuple(vm, *span)).collect();
    let regs = vm.new_tuple(spans);
    *m.regs.borrow_mut() = Some(regs.clone());
    Ok(regs)
}
