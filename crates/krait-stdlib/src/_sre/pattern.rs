//! `re.Pattern`, a compiled regular expression (CPython's `PatternObject`): its
//! code, the source it came from, and the searching methods.

use std::cell::RefCell;

use super::engine::{no_memory, Anchor, Found, Progress, Scan};
use super::matcher::Machine;
use super::subject::{as_pystr, bytes_like, Subject};
use super::{match_object, scanner, ssize, state};
use crate::{generic_alias, given, readonly, wrong_receiver};
use krait_vm::native::{native_data, new_native_object, MethodDef, NativeData, NativeTypeSpec};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::typeobject;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, ObjRef, PyErr, PyResult, Value, Vm};

/// The most group marks a match may keep (two per group, 16 bytes each).
const MAX_MARKS: usize = 1 << 26;

/// A compiled pattern.
pub(crate) struct Pattern {
    /// The validated code.
    pub code: Box<[u32]>,
    /// How many group marks a match may set.
    pub marks: usize,
    /// The source: a str, a bytes-like object, or None.
    pub pattern: Value,
    pub flags: i32,
    /// How many capturing groups the pattern has.
    pub groups: usize,
    /// Group names to numbers (a dict), or None when no group is named.
    pub groupindex: Value,
    /// Group numbers to names (a tuple), or None.
    pub indexgroup: Value,
    /// Whether the source is bytes-like; `None` when there is no source.
    pub is_bytes: Option<bool>,
    /// The matcher's working state, kept between calls so that its stacks are
    /// reused (a call that finds it taken, being nested in another, makes its own).
    pub spare: RefCell<Machine>,
}

impl NativeData for Pattern {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.pattern);
        visit(&self.groupindex);
        visit(&self.indexgroup);
        true
    }
}

pub(crate) static PATTERN_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("Compiled regular expression object."),
    slots: &[
        NativeSlot::Repr(pattern_repr),
        NativeSlot::Hash(pattern_hash),
        NativeSlot::RichCompare(pattern_richcompare),
    ],
    methods: &[
        MethodDef::method("match", pattern_match)
            .with_signature(&MATCH)
            .with_doc("Matches zero or more characters at the beginning of the string."),
        MethodDef::method("fullmatch", pattern_fullmatch)
            .with_signature(&FULLMATCH)
            .with_doc("Matches against all of the string."),
        MethodDef::method("search", pattern_search)
            .with_signature(&SEARCH)
            .with_doc(
                "Scan through string looking for a match, and return a corresponding match \
                 object instance.\n\nReturn None if no position in the string matches.",
            ),
        MethodDef::method("sub", pattern_sub)
            .with_signature(&SUB)
            .with_doc(
                "Return the string obtained by replacing the leftmost non-overlapping \
                 occurrences of pattern in string by the replacement repl.",
            ),
        MethodDef::method("subn", pattern_subn)
            .with_signature(&SUBN)
            .with_doc(
                "Return the tuple (new_string, number_of_subs_made) found by replacing the \
                 leftmost non-overlapping occurrences of pattern with the replacement repl.",
            ),
        MethodDef::method("findall", pattern_findall)
            .with_signature(&FINDALL)
            .with_doc("Return a list of all non-overlapping matches of pattern in string."),
        MethodDef::method("split", pattern_split)
            .with_signature(&SPLIT)
            .with_doc("Split string by the occurrences of pattern."),
        MethodDef::method("finditer", pattern_finditer)
            .with_signature(&FINDITER)
            .with_doc(
                "Return an iterator over all non-overlapping matches for the RE pattern in \
                 string.\n\nFor each match, the iterator returns a match object.",
            ),
        MethodDef::method("scanner", pattern_scanner).with_signature(&SCANNER),
        MethodDef::method("__copy__", pattern_copy).with_signature(&COPY),
        MethodDef::method("__deepcopy__", pattern_deepcopy).with_signature(&DEEPCOPY),
        MethodDef::classmethod("__class_getitem__", pattern_class_getitem)
            .with_signature(&CLASS_GETITEM)
            .with_doc("See PEP 585"),
    ],
    getsets: &[
        GetSet {
            name: "pattern",
            get: pattern_get_pattern,
            set: Some(readonly),
        },
        GetSet {
            name: "flags",
            get: pattern_get_flags,
            set: Some(readonly),
        },
        GetSet {
            name: "groups",
            get: pattern_get_groups,
            set: Some(readonly),
        },
        GetSet {
            name: "groupindex",
            get: pattern_get_groupindex,
            set: None,
        },
    ],
    weakrefable: true,
    ..NativeTypeSpec::new("Pattern", "re")
};

const SEARCHING: &str = "($self, /, string, pos=0, endpos=sys.maxsize)";
static MATCH: Signature = Signature::of("Pattern", "match", SEARCHING);
static FULLMATCH: Signature = Signature::of("Pattern", "fullmatch", SEARCHING);
static SEARCH: Signature = Signature::of("Pattern", "search", SEARCHING);
static FINDALL: Signature = Signature::of("Pattern", "findall", SEARCHING);
static FINDITER: Signature = Signature::of("Pattern", "finditer", SEARCHING);
static SCANNER: Signature = Signature::of("Pattern", "scanner", SEARCHING);
static SUB: Signature = Signature::of("Pattern", "sub", "($self, /, repl, string, count=0)");
static SUBN: Signature = Signature::of("Pattern", "subn", "($self, /, repl, string, count=0)");
static SPLIT: Signature = Signature::of("Pattern", "split", "($self, /, string, maxsplit=0)");
static COPY: Signature = Signature::of("Pattern", "__copy__", "($self, /)");
static DEEPCOPY: Signature = Signature::of("Pattern", "__deepcopy__", "($self, memo, /)");
static CLASS_GETITEM: Signature =
    Signature::unlisted("Pattern", "__class_getitem__", "($type, item, /)");

pub(crate) fn new_pattern(vm: &mut Vm, class: &ObjRef, pattern: Pattern) -> Value {
    new_native_object(vm, class, pattern)
}

pub(crate) fn pattern_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Pattern> {
    native_data::<Pattern>(this).ok_or_else(|| wrong_receiver(vm, "re.Pattern", this))
}

impl Pattern {
    /// `subject` read for this pattern: CPython's `state_init` checks, after the
    /// subject's own type check.
    fn subject(&self, vm: &mut Vm, string: &Value) -> PyResult<Subject> {
        // Code made by hand may claim far more groups than memory holds (CPython
        // fails to allocate its marks there too).
        if self.marks > MAX_MARKS {
            return Err(no_memory(vm));
        }
        let subject = Subject::of(vm, string)?;
        match (subject.is_bytes(), self.is_bytes) {
            (true, Some(false)) => Err(
                vm.new_type_error("cannot use a string pattern on a bytes-like object".to_owned())
            ),
            (false, Some(true)) => Err(
                vm.new_type_error("cannot use a bytes pattern on a string-like object".to_owned())
            ),
            _ => Ok(subject),
        }
    }

    /// The working state kept from the last call, to give back with `keep`.
    pub fn machine(&self) -> Machine {
        self.spare.take()
    }

    pub fn keep(&self, scan: Scan) {
        self.spare.replace(scan.into_machine());
    }

    /// A scan of `subject` by this pattern, working in `machine`.
    pub fn scan<'a>(
        &'a self,
        subject: &'a Subject,
        progress: Progress,
        machine: Machine,
    ) -> Scan<'a> {
        Scan::new(
            subject.text(),
            &self.code,
            (self.groups, self.marks),
            progress,
            machine,
        )
    }
}

/// `pos` and `endpos` clamped to a subject of `len` characters (`state_init`).
fn clamp(pos: isize, endpos: isize, len: usize) -> Progress {
    let clamp_one = |n: isize| (n.max(0) as usize).min(len);
    Progress::new(clamp_one(pos), clamp_one(endpos))
}

/// The `pos` and `endpos` arguments.
fn positions(vm: &mut Vm, pos: Option<Value>, endpos: Option<Value>) -> PyResult<(isize, isize)> {
    let pos = match pos {
        Some(v) => ssize(vm, &v)?,
        None => 0,
    };
    let endpos = match endpos {
        Some(v) => ssize(vm, &v)?,
        None => isize::MAX,
    };
    Ok((pos, endpos))
}

/// A match object for `found`, or the `SystemError` CPython raises for a group
/// that ends before it starts.
fn match_or_error(
    vm: &mut Vm,
    this: &Value,
    string: &Value,
    found: Found,
    progress: Progress,
) -> PyResult<Value> {
    if found.has_wrong_span() {
        return Err(wrong_span(vm));
    }
    let class = state(vm)?.match_.clone();
    Ok(match_object::new_match(
        vm,
        &class,
        match_object::Match::new(this.clone(), string.clone(), found, progress),
    ))
}

pub(crate) fn wrong_span(vm: &mut Vm) -> PyErr {
    vm.new_error(
        krait_vm::Exc::SystemError,
        "The span of capturing group is wrong, please report a bug for the re module.",
    )
}

/// `match`, `fullmatch` and `search`: one attempt anchored as `anchor` says.
fn match_once(vm: &mut Vm, signature: &Signature, args: Args, anchor: Anchor) -> PyResult<Value> {
    let (this, [string, pos, endpos]) = signature.bind(vm, args)?;
    let (this, string) = (given(this), given(string));
    let pattern = pattern_of(vm, &this)?;
    let (pos, endpos) = positions(vm, pos, endpos)?;
    let subject = pattern.subject(vm, &string)?;
    let progress = clamp(pos, endpos, subject.len());
    let mut scan = pattern.scan(&subject, progress, pattern.machine());
    let found = scan.next_match(vm, anchor);
    pattern.keep(scan);
    let found = found?;
    match found {
        Some(found) => match_or_error(vm, &this, &string, found, progress),
        None => Ok(Value::None),
    }
}

fn pattern_match(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match_once(vm, &MATCH, args, Anchor::Start)
}

fn pattern_fullmatch(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match_once(vm, &FULLMATCH, args, Anchor::Whole)
}

fn pattern_search(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match_once(vm, &SEARCH, args, Anchor::Anywhere)
}

/// The text of group `group` of `found`; `default` when it took no part.
fn group_slice(
    vm: &mut Vm,
    subject: &Subject,
    found: &Found,
    group: usize,
    default: Option<&Value>,
) -> Value {
    match found.spans[group] {
        (start, end) if start >= 0 => subject.slice(vm, start as usize, end as usize),
        _ => match default {
            Some(value) => value.clone(),
            None => subject.empty(vm),
        },
    }
}

fn pattern_findall(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [string, pos, endpos]) = FINDALL.bind(vm, args)?;
    let (this, string) = (given(this), given(string));
    let pattern = pattern_of(vm, &this)?;
    let (pos, endpos) = positions(vm, pos, endpos)?;
    let subject = pattern.subject(vm, &string)?;
    let progress = clamp(pos, endpos, subject.len());
    let mut scan = pattern.scan(&subject, progress, pattern.machine());
    let mut items = Vec::new();
    while let Some(found) = scan.next_match(vm, Anchor::Anywhere)? {
        if found.has_wrong_span() {
            return Err(wrong_span(vm));
        }
        let item = match pattern.groups {
            0 => group_slice(vm, &subject, &found, 0, None),
            1 => group_slice(vm, &subject, &found, 1, None),
            groups => {
                let parts = (1..=groups)
                    .map(|g| group_slice(vm, &subject, &found, g, None))
                    .collect();
                vm.new_tuple(parts)
            }
        };
        items.push(item);
    }
    pattern.keep(scan);
    Ok(vm.new_list(items))
}

fn pattern_split(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [string, maxsplit]) = SPLIT.bind(vm, args)?;
    let (this, string) = (given(this), given(string));
    let pattern = pattern_of(vm, &this)?;
    let maxsplit = match maxsplit {
        Some(v) => ssize(vm, &v)?,
        None => 0,
    };
    let subject = pattern.subject(vm, &string)?;
    let len = subject.len();
    let mut scan = pattern.scan(&subject, Progress::new(0, len), pattern.machine());
    let mut items = Vec::new();
    let (mut splits, mut last) = (0, 0);
    while maxsplit == 0 || splits < maxsplit {
        let Some(found) = scan.next_match(vm, Anchor::Anywhere)? else {
            break;
        };
        if found.has_wrong_span() {
            return Err(wrong_span(vm));
        }
        let (start, end) = found.spans[0];
        items.push(subject.slice(vm, last, start as usize));
        for group in 1..=pattern.groups {
            items.push(group_slice(vm, &subject, &found, group, Some(&Value::None)));
        }
        splits += 1;
        last = end as usize;
    }
    pattern.keep(scan);
    items.push(subject.slice(vm, last, len));
    Ok(vm.new_list(items))
}

/// What replaces each match in `sub`.
enum Replacement {
    /// Called with each match object.
    Callable(Value),
    /// Put in as it is.
    Literal(Value),
}

/// `repl` as `sub` uses it: a callable, a template without backslashes, or what
/// `re._subx` compiles any other template to.
fn replacement(vm: &mut Vm, this: &Value, repl: &Value) -> PyResult<Replacement> {
    if krait_vm::builtins::is_callable(vm, repl) {
        return Ok(Replacement::Callable(repl.clone()));
    }
    let literal = match as_pystr(repl) {
        Some(s) => !s.as_str().contains('\\'),
        None => match bytes_like(vm, repl) {
            Ok(Some(bytes)) => !bytes.contains(&b'\\'),
            _ => false,
        },
    };
    if literal {
        return Ok(Replacement::Literal(repl.clone()));
    }
    let re = krait_vm::import::import_full(vm, "re")?;
    let subx = abstract_::getattr_str(vm, &re, "_subx")?;
    let filter = vm.call1(&subx, vec![this.clone(), repl.clone()])?;
    if krait_vm::builtins::is_callable(vm, &filter) {
        Ok(Replacement::Callable(filter))
    } else {
        Ok(Replacement::Literal(filter))
    }
}

fn pattern_sub(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [repl, string, count]) = SUB.bind(vm, args)?;
    let (text, _) = substitute(vm, given(this), given(repl), given(string), count)?;
    Ok(text)
}

fn pattern_subn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [repl, string, count]) = SUBN.bind(vm, args)?;
    let (text, n) = substitute(vm, given(this), given(repl), given(string), count)?;
    Ok(vm.new_tuple(vec![text, Value::Int(n as i64)]))
}

/// `sub` and `subn` (CPython's `pattern_subx`): the new string and how many
/// replacements were made.
fn substitute(
    vm: &mut Vm,
    this: Value,
    repl: Value,
    string: Value,
    count: Option<Value>,
) -> PyResult<(Value, usize)> {
    let pattern = pattern_of(vm, &this)?;
    let count = match count {
        Some(v) => ssize(vm, &v)?,
        None => 0,
    };
    let replacement = replacement(vm, &this, &repl)?;
    let subject = pattern.subject(vm, &string)?;
    let len = subject.len();
    let progress = Progress::new(0, len);
    let mut scan = pattern.scan(&subject, progress, pattern.machine());
    let mut pieces = Vec::new();
    let (mut done, mut copied_to) = (0usize, 0usize);
    while count == 0 || (done as isize) < count {
        let Some(found) = scan.next_match(vm, Anchor::Anywhere)? else {
            break;
        };
        let (start, end) = (found.spans[0].0 as usize, found.spans[0].1 as usize);
        if copied_to < start {
            pieces.push(subject.slice(vm, copied_to, start));
        }
        let piece = match &replacement {
            Replacement::Callable(filter) => {
                let m = match_or_error(vm, &this, &string, found, progress)?;
                vm.call1(filter, vec![m])?
            }
            Replacement::Literal(text) => text.clone(),
        };
        if !matches!(piece, Value::None) {
            pieces.push(piece);
        }
        copied_to = end;
        done += 1;
    }
    pattern.keep(scan);
    if copied_to < len {
        pieces.push(subject.slice(vm, copied_to, len));
    }
    let joined = join(vm, &subject, pieces)?;
    Ok((joined, done))
}

/// The pieces of a substitution joined (`PyUnicode_Join` or `_PyBytes_Join`, with
/// their messages for pieces of the wrong type).
fn join(vm: &mut Vm, subject: &Subject, pieces: Vec<Value>) -> PyResult<Value> {
    if subject.is_bytes() {
        let mut out = Vec::new();
        for (i, piece) in pieces.iter().enumerate() {
            match bytes_like(vm, piece)? {
                Some(bytes) => out.extend_from_slice(&bytes),
                None => {
                    let given = vm.type_name_of(piece);
                    return Err(vm.new_type_error(format!(
                        "sequence item {i}: expected a bytes-like object, {given} found"
                    )));
                }
            }
        }
        return Ok(vm.new_bytes(out));
    }
    if let [only] = pieces.as_slice() {
        if matches!(only, Value::Obj(o) if abstract_::is_exact_builtin(o) && as_pystr(only).is_some())
        {
            return Ok(only.clone());
        }
    }
    // A StrBuf, so the pieces' lone surrogates are kept.
    let mut out = krait_vm::objects::str::StrBuf::new();
    for (i, piece) in pieces.iter().enumerate() {
        match as_pystr(piece) {
            Some(s) => out.push_pystr(s),
            None => {
                let given = vm.type_name_of(piece);
                return Err(vm.new_type_error(format!(
                    "sequence item {i}: expected str instance, {given} found"
                )));
            }
        }
    }
    Ok(vm.new_pystr(out.into_pystr()))
}

/// A scanner over `string` from `pos` to `endpos`.
fn new_scanner(
    vm: &mut Vm,
    this: &Value,
    string: Value,
    pos: Option<Value>,
    endpos: Option<Value>,
) -> PyResult<Value> {
    let pattern = pattern_of(vm, this)?;
    let (pos, endpos) = positions(vm, pos, endpos)?;
    let subject = pattern.subject(vm, &string)?;
    let progress = clamp(pos, endpos, subject.len());
    let class = state(vm)?.scanner.clone();
    Ok(scanner::new_scanner(
        vm,
        &class,
        scanner::Scanner::new(this.clone(), string, subject, progress),
    ))
}

fn pattern_scanner(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [string, pos, endpos]) = SCANNER.bind(vm, args)?;
    new_scanner(vm, &given(this), given(string), pos, endpos)
}

/// `finditer`: as CPython, `iter(scanner.search, None)`.
fn pattern_finditer(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [string, pos, endpos]) = FINDITER.bind(vm, args)?;
    let scanner = new_scanner(vm, &given(this), given(string), pos, endpos)?;
    let search = abstract_::getattr_str(vm, &scanner, "search")?;
    let Some(iter) = dict::dict_get_str(&vm.builtins_dict.clone(), "iter") else {
        return Err(vm.new_runtime_error("lost builtins.iter".to_owned()));
    };
    vm.call1(&iter, vec![search, Value::None])
}

fn pattern_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = COPY.bind(vm, args)?;
    let this = given(this);
    pattern_of(vm, &this)?;
    Ok(this)
}

fn pattern_deepcopy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [_memo]) = DEEPCOPY.bind(vm, args)?;
    let this = given(this);
    pattern_of(vm, &this)?;
    Ok(this)
}

fn pattern_class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    generic_alias(vm, &CLASS_GETITEM, args)
}

const FLAG_NAMES: [(&str, i32); 9] = [
    ("re.TEMPLATE", 1),
    ("re.IGNORECASE", 2),
    ("re.LOCALE", 4),
    ("re.MULTILINE", 8),
    ("re.DOTALL", 16),
    ("re.UNICODE", 32),
    ("re.VERBOSE", 64),
    ("re.DEBUG", 128),
    ("re.ASCII", 256),
];
const LOCALE: i32 = 4;
const UNICODE: i32 = 32;
const ASCII: i32 = 256;

/// `re.compile('...', re.IGNORECASE|re.DOTALL)`: the source's repr cut to 200
/// characters, and the flags by name.
fn pattern_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let pattern = pattern_of(vm, this)?;
    let mut flags = pattern.flags;
    // A str pattern is Unicode unless it says otherwise: not worth showing.
    if pattern.is_bytes == Some(false) && flags & (LOCALE | UNICODE | ASCII) == UNICODE {
        flags &= !UNICODE;
    }
    let mut names: Vec<String> = Vec::new();
    for (name, bit) in FLAG_NAMES {
        if flags & bit != 0 {
            names.push(name.to_owned());
            flags &= !bit;
        }
    }
    if flags != 0 {
        names.push(format!("0x{:x}", flags as u32));
    }
    let source = abstract_::repr_string(vm, &pattern.pattern)?;
    let source: String = source.chars().take(200).collect();
    let text = if names.is_empty() {
        format!("re.compile({source})")
    } else {
        format!("re.compile({source}, {})", names.join("|"))
    };
    Ok(vm.new_str(text))
}

fn is_bytes_code(pattern: &Pattern) -> i64 {
    match pattern.is_bytes {
        None => -1,
        Some(b) => b as i64,
    }
}

fn pattern_hash(vm: &mut Vm, this: &Value) -> PyResult<i64> {
    let pattern = pattern_of(vm, this)?;
    let mut hash = abstract_::hash(vm, &pattern.pattern)?;
    let code: Vec<u8> = pattern.code.iter().flat_map(|w| w.to_ne_bytes()).collect();
    hash ^= krait_vm::pyhash::hash_bytes(&code);
    hash ^= i64::from(pattern.flags);
    hash ^= is_bytes_code(pattern);
    hash ^= pattern.code.len() as i64;
    Ok(if hash == -1 { -2 } else { hash })
}

/// Patterns are equal when their flags, code and source are.
fn pattern_richcompare(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    const EQ: usize = 2;
    const NE: usize = 3;
    let (Some(left), Some(right)) = (native_data::<Pattern>(a), native_data::<Pattern>(b)) else {
        return Ok(vm.not_implemented());
    };
    if op != EQ && op != NE {
        return Ok(vm.not_implemented());
    }
    let same_object = matches!((a, b), (Value::Obj(x), Value::Obj(y)) if std::rc::Rc::ptr_eq(x, y));
    let equal = same_object
        || (left.flags == right.flags
            && left.is_bytes == right.is_bytes
            && left.code == right.code
            && abstract_::rich_eq_bool(vm, &left.pattern, &right.pattern)?);
    Ok(Value::Bool(equal == (op == EQ)))
}

fn pattern_get_pattern(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(pattern_of(vm, this)?.pattern.clone())
}

fn pattern_get_flags(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Int(i64::from(pattern_of(vm, this)?.flags)))
}

fn pattern_get_groups(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Int(pattern_of(vm, this)?.groups as i64))
}

/// A read-only view of the group names, or a new empty dict when none is named.
fn pattern_get_groupindex(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    match &pattern_of(vm, this)?.groupindex {
        Value::Obj(d) => {
            let d = d.clone();
            Ok(typeobject::mappingproxy(vm, d))
        }
        _ => Ok(Value::Obj(vm.new_dict())),
    }
}
