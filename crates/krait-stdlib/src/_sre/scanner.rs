//! `_sre.SRE_Scanner` (CPython's `ScannerObject`): successive matches of a pattern in
//! one string, each starting where the last ended. `Pattern.finditer` iterates one.

use std::cell::{Cell, RefCell};

use super::engine::{Anchor, Progress};
use super::match_object::{new_match, Match};
use super::matcher::Machine;
use super::pattern::{pattern_of, wrong_span};
use super::state;
use super::subject::Subject;
use crate::{given, readonly, wrong_receiver};
use krait_vm::native::{native_data, new_native_object, MethodDef, NativeData, NativeTypeSpec};
use krait_vm::object::GetSet;
use krait_vm::objects::function::Args;
use krait_vm::signature::Signature;
use krait_vm::{ObjRef, PyResult, Value, Vm};

pub(crate) struct Scanner {
    /// The `re.Pattern` scanning.
    pattern: Value,
    /// The string as given, for the match objects.
    string: Value,
    /// The text being scanned, owned so that `state` may point into it.
    subject: Subject,
    /// Where the scan stands.
    progress: Cell<Progress>,
    /// `pos` and `endpos`, as the match objects report them.
    bounds: (usize, usize),
    /// The matcher's working state between calls.
    machine: RefCell<Machine>,
    /// A call is running (a scanner is not reentrant).
    executing: Cell<bool>,
}

impl Scanner {
    pub fn new(pattern: Value, string: Value, subject: Subject, progress: Progress) -> Scanner {
        Scanner {
            pattern,
            string,
            subject,
            progress: Cell::new(progress),
            bounds: (progress.start, progress.end),
            machine: RefCell::new(Machine::default()),
            executing: Cell::new(false),
        }
    }
}

impl NativeData for Scanner {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.pattern);
        visit(&self.string);
        true
    }
}

pub(crate) static SCANNER_TYPE: NativeTypeSpec = NativeTypeSpec {
    methods: &[
        MethodDef::method("match", scanner_match).with_signature(&MATCH),
        MethodDef::method("search", scanner_search).with_signature(&SEARCH),
    ],
    getsets: &[GetSet {
        name: "pattern",
        get: scanner_get_pattern,
        set: Some(readonly),
    }],
    ..NativeTypeSpec::new("SRE_Scanner", "_sre")
};

static MATCH: Signature = Signature::of("SRE_Scanner", "match", "($self, /)");
static SEARCH: Signature = Signature::of("SRE_Scanner", "search", "($self, /)");

pub(crate) fn new_scanner(vm: &mut Vm, class: &ObjRef, scanner: Scanner) -> Value {
    new_native_object(vm, class, scanner)
}

fn scanner_of<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Scanner> {
    native_data::<Scanner>(this).ok_or_else(|| wrong_receiver(vm, "_sre.SRE_Scanner", this))
}

/// The next match, anchored as `anchor` says, or None once there is none.
fn next_match(vm: &mut Vm, this: &Value, anchor: Anchor) -> PyResult<Value> {
    let scanner = scanner_of(vm, this)?;
    if scanner.executing.get() {
        return Err(vm.new_value_error("regular expression scanner already executing".to_owned()));
    }
    let pattern = pattern_of(vm, &scanner.pattern)?;
    scanner.executing.set(true);
    let machine = std::mem::take(&mut *scanner.machine.borrow_mut());
    let mut scan = pattern.scan(&scanner.subject, scanner.progress.get(), machine);
    let found = scan.next_match(vm, anchor);
    scanner.progress.set(scan.progress);
    *scanner.machine.borrow_mut() = scan.into_machine();
    scanner.executing.set(false);
    let Some(found) = found? else {
        return Ok(Value::None);
    };
    if found.has_wrong_span() {
        return Err(wrong_span(vm));
    }
    let (start, end) = scanner.bounds;
    let m = Match::new(
        scanner.pattern.clone(),
        scanner.string.clone(),
        found,
        Progress::new(start, end),
    );
    let class = state(vm)?.match_.clone();
    Ok(new_match(vm, &class, m))
}

fn scanner_match(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = MATCH.bind(vm, args)?;
    next_match(vm, &given(this), Anchor::Start)
}

fn scanner_search(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = SEARCH.bind(vm, args)?;
    next_match(vm, &given(this), Anchor::Anywhere)
}

fn scanner_get_pattern(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(scanner_of(vm, this)?.pattern.clone())
}
