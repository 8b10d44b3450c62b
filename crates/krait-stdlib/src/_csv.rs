//! The `_csv` module (CPython's `Modules/_csv.c`): dialects, the reader's state
//! machine and the writer's quoting, under the pure-Python `csv` module.
//!
//! Text is handled as code points, so fields may hold any character, lone
//! surrogates included. A dialect's characters are `Option<u32>` where CPython
//! keeps a `NOT_SET` marker.

use std::cell::{Cell, RefCell};

use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::str::{as_pystr, StrBuf};
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

const QUOTE_MINIMAL: i64 = 0;
const QUOTE_ALL: i64 = 1;
const QUOTE_NONNUMERIC: i64 = 2;
const QUOTE_NONE: i64 = 3;

/// The module's types, its error class, the dialect registry and the field limit.
struct CsvState {
    error: ObjRef,
    dialect_type: ObjRef,
    reader_type: ObjRef,
    writer_type: ObjRef,
    dialects: ObjRef,
    field_limit: Cell<i64>,
}

fn state(vm: &mut Vm) -> PyResult<std::rc::Rc<CsvState>> {
    vm.module_state::<CsvState>()
        .ok_or_else(|| vm.new_runtime_error("_csv is not initialised".to_owned()))
}

/// A `_csv.Error` with `message`.
fn csv_error(vm: &mut Vm, message: String) -> PyErr {
    let class = match state(vm) {
        Ok(state) => state.error.clone(),
        Err(e) => return e,
    };
    let message = vm.new_str(message);
    match vm.call1(&Value::Obj(class), vec![message]) {
        Ok(Value::Obj(e)) => PyErr(e),
        Ok(_) => vm.new_runtime_error("_csv.Error is not an exception".to_owned()),
        Err(e) => e,
    }
}

fn char_text(c: u32) -> String {
    let mut text = StrBuf::new();
    text.push_code_point(c);
    text.as_str().to_owned()
}

// ---------------------------------------------------------------------------
// Dialects

/// How a reader splits and a writer joins records.
struct Dialect {
    delimiter: u32,
    doublequote: bool,
    escapechar: Option<u32>,
    /// A str value, kept as given.
    lineterminator: Value,
    quotechar: Option<u32>,
    quoting: i64,
    skipinitialspace: bool,
    strict: bool,
}

impl NativeData for Dialect {
    fn holds_values(&self) -> bool {
        false
    }
}

impl Dialect {
    fn terminator_points(&self) -> Vec<u32> {
        as_pystr(&self.lineterminator).map_or_else(Vec::new, |s| s.code_points().collect())
    }
}

/// The settings a dialect is made from, in `Dialect()`'s argument order.
const SETTINGS: [&str; 8] = [
    "delimiter",
    "doublequote",
    "escapechar",
    "lineterminator",
    "quotechar",
    "quoting",
    "skipinitialspace",
    "strict",
];

fn readonly(vm: &mut Vm, _: &Value, _: Option<Value>) -> PyResult<()> {
    Err(vm.new_error(Exc::AttributeError, "readonly attribute"))
}

fn dialect_of(v: &Value) -> Option<&Dialect> {
    native_data::<Dialect>(v)
}

fn optional_char(vm: &mut Vm, c: Option<u32>) -> Value {
    c.map_or(Value::None, |c| vm.new_str(char_text(c)))
}

static DIALECT_GETSETS: &[GetSet] = &[
    GetSet {
        name: "delimiter",
        get: |vm, v| Ok(vm.new_str(char_text(dialect_of(v).map_or(44, |d| d.delimiter)))),
        set: None,
    },
    GetSet {
        name: "doublequote",
        get: |_, v| Ok(Value::Bool(dialect_of(v).is_some_and(|d| d.doublequote))),
        set: Some(readonly),
    },
    GetSet {
        name: "escapechar",
        get: |vm, v| Ok(optional_char(vm, dialect_of(v).and_then(|d| d.escapechar))),
        set: None,
    },
    GetSet {
        name: "lineterminator",
        get: |_, v| Ok(dialect_of(v).map_or(Value::None, |d| d.lineterminator.clone())),
        set: None,
    },
    GetSet {
        name: "quotechar",
        get: |vm, v| Ok(optional_char(vm, dialect_of(v).and_then(|d| d.quotechar))),
        set: None,
    },
    GetSet {
        name: "quoting",
        get: |_, v| Ok(Value::Int(dialect_of(v).map_or(0, |d| d.quoting))),
        set: None,
    },
    GetSet {
        name: "skipinitialspace",
        get: |_, v| {
            Ok(Value::Bool(
                dialect_of(v).is_some_and(|d| d.skipinitialspace),
            ))
        },
        set: Some(readonly),
    },
    GetSet {
        name: "strict",
        get: |_, v| Ok(Value::Bool(dialect_of(v).is_some_and(|d| d.strict))),
        set: Some(readonly),
    },
];

static DIALECT_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("CSV dialect\n\nThe Dialect type records CSV parsing and generation options.\n"),
    subclassable: true,
    new: Some(dialect_new),
    methods: &[
        MethodDef::method("__reduce__", dialect_reduce),
        MethodDef::method("__reduce_ex__", dialect_reduce),
    ],
    getsets: DIALECT_GETSETS,
    ..NativeTypeSpec::new("Dialect", "_csv")
};

fn dialect_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let class = vm.type_of(&this);
    let name = krait_vm::objects::typeobject::type_name(&class);
    let short = name.rsplit('.').next().unwrap_or(&name).to_owned();
    Err(vm.new_type_error(format!("cannot pickle '{short}' instances")))
}

/// `Dialect(dialect=None, **settings)`: a dialect from a registered name or an
/// object with the settings as attributes, overridden by the keywords given.
fn dialect_new(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    if args.pos.is_empty() {
        return Err(vm.new_type_error("Dialect.__new__(): not enough arguments".to_owned()));
    }
    let class = match args.pos.remove(0) {
        Value::Obj(c) if c.type_data().is_some() => c,
        other => {
            return Err(vm.new_type_error(format!(
                "Dialect.__new__(X): X is not a type object ({})",
                vm.type_name_of(&other)
            )))
        }
    };
    let total = args.pos.len() + args.kw.len();
    if args.pos.len() > 9 {
        return Err(vm.new_type_error(format!(
            "function takes at most 9 arguments ({total} given)"
        )));
    }
    // Every argument by position or keyword: `dialect` then the settings.
    let mut given: [Option<Value>; 9] = Default::default();
    for (slot, value) in given.iter_mut().zip(args.pos) {
        *slot = Some(value);
    }
    for (name, value) in args.kw {
        let name = abstract_::obj_as_str(&name).unwrap_or("").to_owned();
        let index = if name == "dialect" {
            Some(0)
        } else {
            SETTINGS.iter().position(|s| *s == name).map(|i| i + 1)
        };
        match index {
            Some(i) if given[i].is_none() => given[i] = Some(value),
            Some(_) => {
                return Err(vm.new_type_error(format!(
                    "argument for function given by name ('{name}') and position"
                )))
            }
            None => {
                return Err(vm.new_type_error(format!(
                    "'{name}' is an invalid keyword argument for this function"
                )))
            }
        }
    }
    let st = state(vm)?;
    let mut base = given[0].take();
    if let Some(name) = base.as_ref().filter(|b| as_pystr(b).is_some()).cloned() {
        base = Some(registered_dialect(vm, &st, &name)?);
    }
    if let Some(base) = &base {
        let reusable = given[1..].iter().all(Option::is_none)
            && vm.isinstance(base, &st.dialect_type)
            && std::rc::Rc::ptr_eq(&class, &st.dialect_type);
        if reusable {
            return Ok(base.clone());
        }
        for (i, name) in SETTINGS.iter().enumerate() {
            if given[i + 1].is_none() {
                // A missing attribute counts as not given, as any error does.
                given[i + 1] = abstract_::getattr_str(vm, base, name).ok();
            }
        }
    }
    let [_, delimiter, doublequote, escapechar, lineterminator, quotechar, quoting, skipinitialspace, strict] =
        given;
    let quotechar_none = matches!(quotechar, Some(Value::None));
    let quoting_given = quoting.is_some();
    let mut dialect = Dialect {
        delimiter: char_setting(vm, "delimiter", delimiter, Some(44), false)?.unwrap_or(u32::MAX),
        doublequote: bool_setting(vm, doublequote, true)?,
        escapechar: char_setting(vm, "escapechar", escapechar, None, true)?,
        lineterminator: str_setting(vm, "lineterminator", lineterminator)?,
        quotechar: char_setting(vm, "quotechar", quotechar, Some(34), true)?,
        quoting: int_setting(vm, "quoting", quoting, QUOTE_MINIMAL)?,
        skipinitialspace: bool_setting(vm, skipinitialspace, false)?,
        strict: bool_setting(vm, strict, false)?,
    };
    if !(QUOTE_MINIMAL..=QUOTE_NONE).contains(&dialect.quoting) {
        return Err(vm.new_type_error("bad \"quoting\" value".to_owned()));
    }
    if dialect.delimiter == u32::MAX {
        return Err(vm.new_type_error("\"delimiter\" must be a 1-character string".to_owned()));
    }
    if quotechar_none && !quoting_given {
        dialect.quoting = QUOTE_NONE;
    }
    if dialect.quoting != QUOTE_NONE && dialect.quotechar.is_none() {
        return Err(vm.new_type_error("quotechar must be set if quoting enabled".to_owned()));
    }
    if dialect.lineterminator.is_none() {
        return Err(vm.new_type_error("lineterminator must be set".to_owned()));
    }
    Ok(new_native_object(vm, &class, dialect))
}

/// A one-character setting; `None` allowed (as "not set") when `nullable`. A
/// delimiter of None comes back as `None` for the caller's check.
fn char_setting(
    vm: &mut Vm,
    name: &str,
    value: Option<Value>,
    default: Option<u32>,
    nullable: bool,
) -> PyResult<Option<u32>> {
    let Some(value) = value else {
        return Ok(default);
    };
    if nullable && value.is_none() {
        return Ok(None);
    }
    let Some(text) = as_pystr(&value) else {
        let kind = if nullable { "string or None" } else { "string" };
        return Err(vm.new_type_error(format!(
            "\"{name}\" must be {kind}, not {}",
            vm.type_name_of(&value)
        )));
    };
    if text.char_len() != 1 {
        return Err(vm.new_type_error(format!("\"{name}\" must be a 1-character string")));
    }
    Ok(text.code_point_at(0))
}

fn bool_setting(vm: &mut Vm, value: Option<Value>, default: bool) -> PyResult<bool> {
    match value {
        None => Ok(default),
        Some(v) => abstract_::is_true(vm, &v),
    }
}

fn int_setting(vm: &mut Vm, name: &str, value: Option<Value>, default: i64) -> PyResult<i64> {
    let Some(value) = value else {
        return Ok(default);
    };
    let exact_int = matches!(value, Value::Int(_))
        || matches!(&value, Value::Obj(o) if std::rc::Rc::ptr_eq(&o.class(), &vm.types.int));
    if !exact_int {
        return Err(vm.new_type_error(format!("\"{name}\" must be an integer")));
    }
    match krait_vm::objects::int::as_i64(&value).and_then(|n| i32::try_from(n).ok()) {
        Some(n) => Ok(i64::from(n)),
        None => Err(vm.new_overflow_error("Python int too large to convert to C int".to_owned())),
    }
}

/// The line terminator: `"\r\n"` by default; `None` (refused by the caller) or a str.
fn str_setting(vm: &mut Vm, name: &str, value: Option<Value>) -> PyResult<Value> {
    match value {
        None => Ok(vm.new_str("\r\n")),
        Some(Value::None) => Ok(Value::None),
        Some(v) if as_pystr(&v).is_some() => Ok(v),
        Some(_) => Err(vm.new_type_error(format!("\"{name}\" must be a string"))),
    }
}

fn registered_dialect(vm: &mut Vm, st: &CsvState, name: &Value) -> PyResult<Value> {
    match dict::dict_get_item(vm, &st.dialects, name)? {
        Some(dialect) => Ok(dialect),
        None => Err(csv_error(vm, "unknown dialect".to_owned())),
    }
}

/// The dialect of a reader or writer: `Dialect(dialect, **keywords)`.
fn make_dialect(vm: &mut Vm, dialect: Option<Value>, kw: Vec<(ObjRef, Value)>) -> PyResult<Value> {
    let class = Value::Obj(state(vm)?.dialect_type.clone());
    let pos = dialect.into_iter().collect();
    vm.call(&class, Args { pos, kw })
}

/// `(first, optional second)` of a function taking one or two positional arguments.
fn one_or_two(vm: &mut Vm, pos: Vec<Value>) -> PyResult<(Value, Option<Value>)> {
    let count = pos.len();
    let mut items = pos.into_iter();
    match (items.next(), items.next(), count) {
        (Some(first), second, 1 | 2) => Ok((first, second)),
        // CPython unpacks these arguments without a function name, hence the space.
        (_, _, 0) => Err(vm.new_type_error(" expected at least 1 argument, got 0".to_owned())),
        _ => Err(vm.new_type_error(format!(" expected at most 2 arguments, got {count}"))),
    }
}

// ---------------------------------------------------------------------------
// Reading

#[derive(Clone, Copy, PartialEq, Eq)]
enum ParseState {
    StartRecord,
    StartField,
    EscapedChar,
    InField,
    InQuotedField,
    EscapeInQuotedField,
    QuoteInQuotedField,
    EatCrnl,
    AfterEscapedCrnl,
}

/// The end of a line, fed to the state machine after each line's characters.
const EOL: u32 = u32::MAX - 1;

struct Reader {
    dialect: Value,
    input: Value,
    parse: RefCell<Parse>,
    line_num: Cell<i64>,
}

/// The record being parsed.
struct Parse {
    state: ParseState,
    fields: Vec<Value>,
    field: Vec<u32>,
    numeric_field: bool,
}

impl NativeData for Reader {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.dialect);
        visit(&self.input);
        match self.parse.try_borrow() {
            Ok(parse) => {
                parse.fields.iter().for_each(visit);
                true
            }
            Err(_) => false,
        }
    }
}

static READER_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "CSV reader\n\nReader objects are responsible for reading and parsing tabular data\nin CSV format.\n",
    ),
    slots: &[NativeSlot::Iter(crate::iter_self), NativeSlot::IterNext(reader_next)],
    getsets: &[
        GetSet {
            name: "dialect",
            get: |_, v| Ok(native_data::<Reader>(v).map_or(Value::None, |r| r.dialect.clone())),
            set: Some(readonly),
        },
        GetSet {
            name: "line_num",
            get: |_, v| Ok(Value::Int(native_data::<Reader>(v).map_or(0, |r| r.line_num.get()))),
            set: Some(readonly),
        },
    ],
    ..NativeTypeSpec::new("reader", "_csv")
};

fn csv_reader(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (iterable, dialect) = one_or_two(vm, args.pos.into_vec())?;
    let input = abstract_::get_iter(vm, &iterable)?;
    let dialect = make_dialect(vm, dialect, args.kw)?;
    let class = state(vm)?.reader_type.clone();
    let reader = Reader {
        dialect,
        input,
        parse: RefCell::new(Parse {
            state: ParseState::StartRecord,
            fields: Vec::new(),
            field: Vec::new(),
            numeric_field: false,
        }),
        line_num: Cell::new(0),
    };
    Ok(new_native_object(vm, &class, reader))
}

fn reader_next(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let Some(reader) = native_data::<Reader>(this) else {
        return Err(vm.new_type_error("a _csv.reader is required".to_owned()));
    };
    let Some(dialect) = dialect_of(&reader.dialect) else {
        return Err(vm.new_type_error("the reader has no dialect".to_owned()));
    };
    {
        let mut parse = reader.parse.borrow_mut();
        parse.fields.clear();
        parse.field.clear();
        parse.state = ParseState::StartRecord;
        parse.numeric_field = false;
    }
    loop {
        let Some(line) = abstract_::iter_next(vm, &reader.input)? else {
            let pending = {
                let parse = reader.parse.borrow();
                !parse.field.is_empty() || parse.state == ParseState::InQuotedField
            };
            if !pending {
                return Ok(None);
            }
            if dialect.strict {
                return Err(csv_error(vm, "unexpected end of data".to_owned()));
            }
            save_field(vm, reader)?;
            break;
        };
        let Some(text) = as_pystr(&line) else {
            let kind = vm.type_name_of(&line);
            return Err(csv_error(
                vm,
                format!(
                    "iterator should return strings, not {kind} (the file should be opened in text mode)"
                ),
            ));
        };
        reader.line_num.set(reader.line_num.get() + 1);
        for c in text.code_points().chain(std::iter::once(EOL)) {
            process_char(vm, reader, dialect, c)?;
        }
        if reader.parse.borrow().state == ParseState::StartRecord {
            break;
        }
    }
    let fields = std::mem::take(&mut reader.parse.borrow_mut().fields);
    Ok(Some(vm.new_list(fields)))
}

/// Ends the field being read: a str, or a float for an unquoted field under
/// QUOTE_NONNUMERIC.
fn save_field(vm: &mut Vm, reader: &Reader) -> PyResult<()> {
    let (points, numeric) = {
        let mut parse = reader.parse.borrow_mut();
        let numeric = std::mem::take(&mut parse.numeric_field);
        (std::mem::take(&mut parse.field), numeric)
    };
    let mut text = StrBuf::with_capacity(points.len());
    points.iter().for_each(|c| text.push_code_point(*c));
    let mut field = vm.new_text(text);
    if numeric {
        let float = Value::Obj(vm.types.float.clone());
        field = vm.call1(&float, vec![field])?;
    }
    reader.parse.borrow_mut().fields.push(field);
    Ok(())
}

fn add_char(vm: &mut Vm, reader: &Reader, c: u32) -> PyResult<()> {
    let limit = state(vm)?.field_limit.get();
    let len = reader.parse.borrow().field.len() as i64;
    if len >= limit {
        return Err(csv_error(
            vm,
            format!("field larger than field limit ({limit})"),
        ));
    }
    reader.parse.borrow_mut().field.push(c);
    Ok(())
}

fn set_state(reader: &Reader, state: ParseState) {
    reader.parse.borrow_mut().state = state;
}

fn is_newline(c: u32) -> bool {
    c == u32::from(b'\n') || c == u32::from(b'\r')
}

/// One step of the reader's state machine (CPython's `parse_process_char`).
fn process_char(vm: &mut Vm, reader: &Reader, d: &Dialect, mut c: u32) -> PyResult<()> {
    use ParseState::*;
    let quotes = d.quoting != QUOTE_NONE;
    let mut state = reader.parse.borrow().state;
    if state == StartRecord {
        if c == EOL {
            return Ok(());
        }
        if is_newline(c) {
            set_state(reader, EatCrnl);
            return Ok(());
        }
        state = StartField;
        set_state(reader, StartField);
    }
    if state == AfterEscapedCrnl {
        if c == EOL {
            return Ok(());
        }
        state = InField;
    }
    match state {
        StartField => {
            if is_newline(c) || c == EOL {
                save_field(vm, reader)?;
                set_state(reader, if c == EOL { StartRecord } else { EatCrnl });
            } else if Some(c) == d.quotechar && quotes {
                set_state(reader, InQuotedField);
            } else if Some(c) == d.escapechar {
                set_state(reader, EscapedChar);
            } else if c == u32::from(b' ') && d.skipinitialspace {
            } else if c == d.delimiter {
                save_field(vm, reader)?;
            } else {
                if d.quoting == QUOTE_NONNUMERIC {
                    reader.parse.borrow_mut().numeric_field = true;
                }
                add_char(vm, reader, c)?;
                set_state(reader, InField);
            }
        }
        EscapedChar => {
            if is_newline(c) {
                add_char(vm, reader, c)?;
                set_state(reader, AfterEscapedCrnl);
                return Ok(());
            }
            if c == EOL {
                c = u32::from(b'\n');
            }
            add_char(vm, reader, c)?;
            set_state(reader, InField);
        }
        InField => {
            if is_newline(c) || c == EOL {
                save_field(vm, reader)?;
                set_state(reader, if c == EOL { StartRecord } else { EatCrnl });
            } else if Some(c) == d.escapechar {
                set_state(reader, EscapedChar);
            } else if c == d.delimiter {
                save_field(vm, reader)?;
                set_state(reader, StartField);
            } else {
                add_char(vm, reader, c)?;
                set_state(reader, InField);
            }
        }
        InQuotedField => {
            if c == EOL {
            } else if Some(c) == d.escapechar {
                set_state(reader, EscapeInQuotedField);
            } else if Some(c) == d.quotechar && quotes {
                set_state(
                    reader,
                    if d.doublequote {
                        QuoteInQuotedField
                    } else {
                        InField
                    },
                );
            } else {
                add_char(vm, reader, c)?;
            }
        }
        EscapeInQuotedField => {
            if c == EOL {
                c = u32::from(b'\n');
            }
            add_char(vm, reader, c)?;
            set_state(reader, InQuotedField);
        }
        QuoteInQuotedField => {
            if quotes && Some(c) == d.quotechar {
                add_char(vm, reader, c)?;
                set_state(reader, InQuotedField);
            } else if c == d.delimiter {
                save_field(vm, reader)?;
                set_state(reader, StartField);
            } else if is_newline(c) || c == EOL {
                save_field(vm, reader)?;
                set_state(reader, if c == EOL { StartRecord } else { EatCrnl });
            } else if !d.strict {
                add_char(vm, reader, c)?;
                set_state(reader, InField);
            } else {
                let quote = d.quotechar.map(char_text).unwrap_or_default();
                return Err(csv_error(
                    vm,
                    format!("'{}' expected after '{quote}'", char_text(d.delimiter)),
                ));
            }
        }
        EatCrnl => {
            if is_newline(c) {
            } else if c == EOL {
                set_state(reader, StartRecord);
            } else {
                return Err(csv_error(
                    vm,
                    "new-line character seen in unquoted field - do you need to open the file in universal-newline mode?".to_owned(),
                ));
            }
        }
        StartRecord | AfterEscapedCrnl => {}
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Writing

struct Writer {
    dialect: Value,
    write: Value,
}

impl NativeData for Writer {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.dialect);
        visit(&self.write);
        true
    }
}

static WRITERROW: Signature = Signature::of("writer", "writerow", "($self, row, /)").not_listed();
static WRITERROWS: Signature =
    Signature::of("writer", "writerows", "($self, rows, /)").not_listed();

static WRITER_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(
        "CSV writer\n\nWriter objects are responsible for generating tabular data\nin CSV format from sequence input.\n",
    ),
    methods: &[
        MethodDef::method("writerow", writer_writerow).with_signature(&WRITERROW),
        MethodDef::method("writerows", writer_writerows).with_signature(&WRITERROWS),
    ],
    getsets: &[GetSet {
        name: "dialect",
        get: |_, v| Ok(native_data::<Writer>(v).map_or(Value::None, |w| w.dialect.clone())),
        set: Some(readonly),
    }],
    ..NativeTypeSpec::new("writer", "_csv")
};

fn csv_writer(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (file, dialect) = one_or_two(vm, args.pos.into_vec())?;
    let write = abstract_::getattr_optional(vm, &file, "write")?;
    let write = match write {
        Some(w) if krait_vm::builtins::is_callable(vm, &w) => w,
        _ => return Err(vm.new_type_error("argument 1 must have a \"write\" method".to_owned())),
    };
    let dialect = make_dialect(vm, dialect, args.kw)?;
    let class = state(vm)?.writer_type.clone();
    Ok(new_native_object(vm, &class, Writer { dialect, write }))
}

/// Whether `v` is a number to QUOTE_NONNUMERIC (CPython's `PyNumber_Check`).
fn is_number(vm: &Vm, v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => true,
        Value::Obj(o) => {
            let class = o.class();
            ["__index__", "__int__", "__float__", "__complex__"]
                .iter()
                .any(|name| krait_vm::objects::typeobject::lookup(&class, name).is_some())
                || vm.isinstance(v, &vm.types.complex)
        }
        _ => false,
    }
}

/// Appends one field to `record` as the dialect writes it (CPython's
/// `join_append_data`, whose counting pass decides the quoting first).
fn append_field(
    vm: &mut Vm,
    record: &mut Vec<u32>,
    d: &Dialect,
    terminator: &[u32],
    field: &[u32],
    mut quoted: bool,
    first: bool,
) -> PyResult<()> {
    let special = |c: u32| {
        c == d.delimiter
            || Some(c) == d.escapechar
            || Some(c) == d.quotechar
            || terminator.contains(&c)
    };
    // What a special character needs: a doubled quote, an escape, or quoting.
    let needs = |c: u32| -> (bool, bool) {
        if d.quoting == QUOTE_NONE {
            return (false, true);
        }
        if Some(c) == d.quotechar {
            return if d.doublequote {
                (true, false)
            } else {
                (false, true)
            };
        }
        (false, Some(c) == d.escapechar)
    };
    for &c in field.iter().filter(|c| special(**c)) {
        let (_, escape) = needs(c);
        if escape && d.escapechar.is_none() {
            return Err(csv_error(
                vm,
                "need to escape, but no escapechar set".to_owned(),
            ));
        }
        if !escape && d.quoting != QUOTE_NONE {
            quoted = true;
        }
    }
    if !first {
        record.push(d.delimiter);
    }
    let quote = d.quotechar.unwrap_or(u32::from(b'"'));
    if quoted {
        record.push(quote);
    }
    for &c in field {
        if special(c) {
            let (double, escape) = needs(c);
            if double {
                record.push(quote);
            }
            if let (true, Some(e)) = (escape, d.escapechar) {
                record.push(e);
            }
        }
        record.push(c);
    }
    if quoted {
        record.push(quote);
    }
    Ok(())
}

fn writerow(vm: &mut Vm, writer: &Writer, row: &Value) -> PyResult<Value> {
    let Some(d) = dialect_of(&writer.dialect) else {
        return Err(vm.new_type_error("the writer has no dialect".to_owned()));
    };
    let iter = match abstract_::get_iter(vm, row) {
        Ok(it) => it,
        Err(e) if vm.err_matches(&e, Exc::TypeError) => {
            let kind = vm.type_name_of(row);
            return Err(csv_error(vm, format!("iterable expected, not {kind}")));
        }
        Err(e) => return Err(e),
    };
    let terminator = d.terminator_points();
    let mut record: Vec<u32> = Vec::new();
    let mut count = 0usize;
    while let Some(field) = abstract_::iter_next(vm, &iter)? {
        let quoted = match d.quoting {
            QUOTE_NONNUMERIC => !is_number(vm, &field),
            QUOTE_ALL => true,
            _ => false,
        };
        let points: Vec<u32> = if field.is_none() {
            Vec::new()
        } else {
            let text = abstract_::str_(vm, &field)?;
            as_pystr(&text).map_or_else(Vec::new, |s| s.code_points().collect())
        };
        append_field(vm, &mut record, d, &terminator, &points, quoted, count == 0)?;
        count += 1;
    }
    if count == 1 && record.is_empty() {
        if d.quoting == QUOTE_NONE {
            return Err(csv_error(
                vm,
                "single empty field record must be quoted".to_owned(),
            ));
        }
        append_field(vm, &mut record, d, &terminator, &[], true, true)?;
    }
    let mut line = StrBuf::with_capacity(record.len() + terminator.len());
    record
        .iter()
        .chain(&terminator)
        .for_each(|c| line.push_code_point(*c));
    let line = vm.new_text(line);
    vm.call1(&writer.write, vec![line])
}

fn this_writer<'a>(vm: &mut Vm, this: &'a Option<Value>) -> PyResult<&'a Writer> {
    this.as_ref()
        .and_then(native_data::<Writer>)
        .ok_or_else(|| vm.new_type_error("a _csv.writer is required".to_owned()))
}

fn writer_writerow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [row]) = WRITERROW.bind(vm, args)?;
    let writer = this_writer(vm, &this)?;
    writerow(vm, writer, &row.unwrap_or(Value::None))
}

fn writer_writerows(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [rows]) = WRITERROWS.bind(vm, args)?;
    let writer = this_writer(vm, &this)?;
    let rows = abstract_::get_iter(vm, &rows.unwrap_or(Value::None))?;
    while let Some(row) = abstract_::iter_next(vm, &rows)? {
        writerow(vm, writer, &row)?;
    }
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// The registry and the module

static UNREGISTER_DIALECT: Signature =
    Signature::of("_csv", "unregister_dialect", "($module, /, name)");
static GET_DIALECT: Signature = Signature::of("_csv", "get_dialect", "($module, /, name)");
static LIST_DIALECTS: Signature = Signature::of("_csv", "list_dialects", "($module, /)");
static FIELD_SIZE_LIMIT: Signature = Signature::of(
    "_csv",
    "field_size_limit",
    "($module, /, new_limit=<unrepresentable>)",
);

static FUNCTIONS: [MethodDef; 7] = [
    MethodDef::staticmethod("reader", csv_reader),
    MethodDef::staticmethod("writer", csv_writer),
    MethodDef::staticmethod("register_dialect", register_dialect),
    MethodDef::staticmethod("unregister_dialect", unregister_dialect)
        .with_signature(&UNREGISTER_DIALECT),
    MethodDef::staticmethod("get_dialect", get_dialect).with_signature(&GET_DIALECT),
    MethodDef::staticmethod("list_dialects", list_dialects).with_signature(&LIST_DIALECTS),
    MethodDef::staticmethod("field_size_limit", field_size_limit).with_signature(&FIELD_SIZE_LIMIT),
];

fn register_dialect(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (name, dialect) = one_or_two(vm, args.pos.into_vec())?;
    if as_pystr(&name).is_none() {
        return Err(vm.new_type_error("dialect name must be a string".to_owned()));
    }
    let dialect = make_dialect(vm, dialect, args.kw)?;
    let dialects = state(vm)?.dialects.clone();
    dict::dict_set_item(vm, &dialects, name, dialect)?;
    Ok(Value::None)
}

fn unregister_dialect(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name] = UNREGISTER_DIALECT.bind_args(vm, args)?;
    let dialects = state(vm)?.dialects.clone();
    match dict::dict_del_item(vm, &dialects, &name.unwrap_or(Value::None))? {
        Some(_) => Ok(Value::None),
        None => Err(csv_error(vm, "unknown dialect".to_owned())),
    }
}

fn get_dialect(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name] = GET_DIALECT.bind_args(vm, args)?;
    let st = state(vm)?;
    registered_dialect(vm, &st, &name.unwrap_or(Value::None))
}

fn list_dialects(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = LIST_DIALECTS.bind_args(vm, args)?;
    let dialects = state(vm)?.dialects.clone();
    let names = dict::dict_items(&dialects)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    Ok(vm.new_list(names))
}

fn field_size_limit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [limit] = FIELD_SIZE_LIMIT.bind_args(vm, args)?;
    let st = state(vm)?;
    let old = st.field_limit.get();
    if let Some(limit) = limit {
        let exact_int = matches!(limit, Value::Int(_))
            || matches!(&limit, Value::Obj(o) if std::rc::Rc::ptr_eq(&o.class(), &vm.types.int));
        if !exact_int {
            return Err(vm.new_type_error("limit must be an integer".to_owned()));
        }
        match krait_vm::objects::int::as_i64(&limit) {
            Some(n) => st.field_limit.set(n),
            None => {
                return Err(
                    vm.new_overflow_error("Python int too large to convert to C long".to_owned())
                )
            }
        }
    }
    Ok(Value::Int(old))
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_csv");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_csv", &FUNCTIONS);
    let dialect_type = new_native_type(vm, &DIALECT_TYPE, None);
    let reader_type = new_native_type(vm, &READER_TYPE, None);
    let writer_type = new_native_type(vm, &WRITER_TYPE, None);
    let error = crate::new_exception_class(vm, "_csv", "Error", Exc::Exception)?;
    let dialects = vm.new_dict();
    for (name, value) in [
        ("Dialect", Value::Obj(dialect_type.clone())),
        ("Reader", Value::Obj(reader_type.clone())),
        ("Writer", Value::Obj(writer_type.clone())),
        ("Error", Value::Obj(error.clone())),
        ("_dialects", Value::Obj(dialects.clone())),
        ("QUOTE_MINIMAL", Value::Int(QUOTE_MINIMAL)),
        ("QUOTE_ALL", Value::Int(QUOTE_ALL)),
        ("QUOTE_NONNUMERIC", Value::Int(QUOTE_NONNUMERIC)),
        ("QUOTE_NONE", Value::Int(QUOTE_NONE)),
    ] {
        dict::dict_set_str(vm, &d, name, value);
    }
    let version = vm.new_str("1.0");
    dict::dict_set_str(vm, &d, "__version__", version);
    let doc = vm.new_str("CSV parsing and writing (PEP 305): readers, writers and dialects.");
    dict::dict_set_str(vm, &d, "__doc__", doc);
    vm.set_module_state(CsvState {
        error,
        dialect_type,
        reader_type,
        writer_type,
        dialects,
        field_limit: Cell::new(128 * 1024),
    });
    Ok(m)
}
