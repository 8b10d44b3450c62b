//! `_io.StringIO` (CPython's `Modules/_io/stringio.c`): a text stream over an
//! in-memory string, with the newline handling of a TextIOWrapper.
//!
//! The text is kept as UTF-8 with its length in code points; positions are code
//! points, found from a remembered cursor, so reading straight through is linear
//! and appending (the common use) never walks the text. A position past the end
//! is padded with NUL characters when written to, as CPython does.

use std::cell::{Cell, RefCell};

use krait_vm::native::NativeTypeSpec;
use krait_vm::native::{native_data, new_native_object, new_native_type, MethodDef, NativeData};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::str::{as_pystr, PyStr, Surrogate};
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, Payload, PyResult, Value, Vm};

use super::iobase::{class_arg, IoBaseState};
use super::textio::{find_line_ending, NewlineState};
use super::{c_int_arg, io_state, is_exact, optional_size};
use crate::{given, wrong_receiver};

/// The text of a StringIO, indexed by code point.
#[derive(Default)]
struct Text {
    text: String,
    chars: usize,
    /// A code point index and its byte offset, remembered from the last lookup.
    cursor: (usize, usize),
    /// The lone surrogates, by byte offset, as a str keeps them (`PyStr`).
    surrogates: Vec<Surrogate>,
}

impl Text {
    fn set(&mut self, text: String, surrogates: Vec<Surrogate>) {
        self.chars = text.chars().count();
        self.text = text;
        self.cursor = (0, 0);
        self.surrogates = surrogates;
    }

    /// The str of bytes `a..b` of the text, lone surrogates kept.
    fn pystr(&self, a: usize, b: usize) -> PyStr {
        let surrogates = self
            .surrogates
            .iter()
            .filter(|s| (a..b).contains(&s.at))
            .map(|s| Surrogate {
                at: s.at - a,
                code: s.code,
            })
            .collect();
        PyStr::with_surrogates(self.text[a..b].to_owned(), surrogates)
    }

    fn value(&self) -> PyStr {
        self.pystr(0, self.text.len())
    }

    /// The byte offset of code point `index` (the end when past it).
    fn byte_offset(&mut self, index: usize) -> usize {
        if self.chars == self.text.len() {
            return index.min(self.text.len());
        }
        if index >= self.chars {
            return self.text.len();
        }
        let (from_char, from_byte) = if index >= self.cursor.0 {
            self.cursor
        } else {
            (0, 0)
        };
        let offset = self.text[from_byte..]
            .char_indices()
            .nth(index - from_char)
            .map_or(self.text.len(), |(i, _)| from_byte + i);
        self.cursor = (index, offset);
        offset
    }

    /// The code points `start..end`.
    fn slice(&mut self, start: usize, end: usize) -> PyStr {
        let a = self.byte_offset(start);
        let b = self.byte_offset(end);
        self.pystr(a, b)
    }

    /// Writes `s` (whose lone surrogates are `surrogates`) at code point `pos`,
    /// padding with NULs up to it.
    fn write_at(&mut self, pos: usize, s: &str, surrogates: &[Surrogate]) {
        let n = s.chars().count();
        if pos >= self.chars {
            let padding = pos - self.chars;
            self.text.extend(std::iter::repeat_n('\0', padding));
            let base = self.text.len();
            self.text.push_str(s);
            self.chars = pos + n;
            self.surrogates.extend(surrogates.iter().map(|x| Surrogate {
                at: x.at + base,
                code: x.code,
            }));
            return;
        }
        let start = self.byte_offset(pos);
        let end = self.byte_offset(pos + n);
        self.text.replace_range(start..end, s);
        self.chars = self.chars.max(pos + n);
        self.cursor = (0, 0);
        if !self.surrogates.is_empty() || !surrogates.is_empty() {
            let mut kept: Vec<Surrogate> = Vec::new();
            for x in &self.surrogates {
                if x.at < start {
                    kept.push(*x);
                } else if x.at >= end {
                    kept.push(Surrogate {
                        at: x.at - end + start + s.len(),
                        code: x.code,
                    });
                }
            }
            kept.extend(surrogates.iter().map(|x| Surrogate {
                at: x.at + start,
                code: x.code,
            }));
            kept.sort_by_key(|x| x.at);
            self.surrogates = kept;
        }
    }

    fn truncate(&mut self, size: usize) {
        if size < self.chars {
            let at = self.byte_offset(size);
            self.surrogates.retain(|x| x.at < at);
            self.text.truncate(at);
            self.chars = size;
            self.cursor = (0, 0);
        }
    }
}

/// The state of a StringIO.
pub(crate) struct StringIO {
    base: IoBaseState,
    buf: RefCell<Text>,
    pos: Cell<usize>,
    ok: Cell<bool>,
    closed: Cell<bool>,
    readnl: RefCell<Option<String>>,
    writenl: RefCell<Option<String>>,
    readuniversal: Cell<bool>,
    readtranslate: Cell<bool>,
    /// The newline decoder of universal-newline mode.
    decoder: Cell<Option<NewlineState>>,
}

impl NativeData for StringIO {
    fn holds_values(&self) -> bool {
        false
    }
}

pub(super) fn iobase_state(v: &Value) -> Option<&IoBaseState> {
    native_data::<StringIO>(v).map(|s| &s.base)
}

impl StringIO {
    fn new() -> StringIO {
        StringIO {
            base: IoBaseState::default(),
            buf: RefCell::new(Text::default()),
            pos: Cell::new(0),
            ok: Cell::new(false),
            closed: Cell::new(false),
            readnl: RefCell::new(None),
            writenl: RefCell::new(None),
            readuniversal: Cell::new(false),
            readtranslate: Cell::new(false),
            decoder: Cell::new(None),
        }
    }

    /// Writes `s` (whose lone surrogates are `surrogates`) at the position,
    /// translating newlines as the mode says.
    fn write_str(&self, s: &str, surrogates: &[Surrogate]) {
        let mut text = s.to_owned();
        if let Some(mut decoder) = self.decoder.get() {
            text = decoder.process(text, true);
            self.decoder.set(Some(decoder));
        }
        if let Some(nl) = self.writenl.borrow().as_deref() {
            text = text.replace('\n', nl);
        }
        if text.is_empty() {
            return;
        }
        let surrogates = if text.len() == s.len() || surrogates.is_empty() {
            surrogates.to_vec()
        } else {
            surrogates_moved(s, surrogates, &text)
        };
        let pos = self.pos.get();
        self.buf.borrow_mut().write_at(pos, &text, &surrogates);
        self.pos.set(pos + text.chars().count());
    }

    /// The line at the position, at most `limit` characters when `limit >= 0`.
    fn readline(&self, limit: isize) -> PyStr {
        let mut buf = self.buf.borrow_mut();
        let pos = self.pos.get();
        if pos >= buf.chars {
            return PyStr::new("");
        }
        let available = buf.chars - pos;
        let limit = if limit < 0 || limit as usize > available {
            available
        } else {
            limit as usize
        };
        let start = buf.byte_offset(pos);
        let end = buf.byte_offset(pos + limit);
        let region = &buf.text[start..end];
        let readnl = self.readnl.borrow();
        let line_end = find_line_ending(
            self.readtranslate.get(),
            self.readuniversal.get(),
            readnl.as_deref(),
            region,
        )
        .unwrap_or(region.len());
        let n = region[..line_end].chars().count();
        let line = buf.pystr(start, start + line_end);
        buf.cursor = (pos + n, start + line_end);
        self.pos.set(pos + n);
        line
    }
}

/// Where the lone surrogates of `original` stand in `translated`, which newline
/// translation made from it: translation keeps every U+FFFD, in order, so the k-th
/// U+FFFD of one is the k-th of the other.
fn surrogates_moved(original: &str, surrogates: &[Surrogate], translated: &str) -> Vec<Surrogate> {
    let mut codes = Vec::new();
    let mut rest = surrogates.iter().peekable();
    for (at, _) in original.match_indices('\u{fffd}') {
        match rest.peek() {
            Some(x) if x.at == at => {
                codes.push(Some(x.code));
                rest.next();
            }
            _ => codes.push(None),
        }
    }
    translated
        .match_indices('\u{fffd}')
        .zip(codes)
        .filter_map(|((at, _), code)| code.map(|code| Surrogate { at, code }))
        .collect()
}

fn this_stringio<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a StringIO> {
    native_data::<StringIO>(this).ok_or_else(|| wrong_receiver(vm, "_io.StringIO", this))
}

/// An initialised StringIO (CPython's `CHECK_INITIALIZED`).
fn initialised<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a StringIO> {
    let s = this_stringio(vm, this)?;
    if !s.ok.get() {
        return Err(vm.new_value_error("I/O operation on uninitialized object".to_owned()));
    }
    Ok(s)
}

/// An initialised, open StringIO.
fn open_stringio<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a StringIO> {
    let s = initialised(vm, this)?;
    if s.closed.get() {
        return Err(vm.new_value_error("I/O operation on closed file".to_owned()));
    }
    Ok(s)
}

static NEW: Signature = Signature::unlisted("StringIO", "__new__", "($type, *args, **kwargs)");
static INIT: Signature =
    Signature::new("StringIO", "($self, /, initial_value='', newline='\\n')").not_listed();
static CLOSE: Signature = Signature::of("StringIO", "close", "($self, /)");
static GETVALUE: Signature = Signature::of("StringIO", "getvalue", "($self, /)");
static READ: Signature = Signature::of("StringIO", "read", "($self, size=-1, /)");
static READLINE: Signature = Signature::of("StringIO", "readline", "($self, size=-1, /)");
static TELL: Signature = Signature::of("StringIO", "tell", "($self, /)");
static TRUNCATE: Signature = Signature::of("StringIO", "truncate", "($self, pos=None, /)");
static SEEK: Signature = Signature::of("StringIO", "seek", "($self, pos, whence=0, /)");
static WRITE: Signature = Signature::of("StringIO", "write", "($self, s, /)");
static SEEKABLE: Signature = Signature::of("StringIO", "seekable", "($self, /)");
static READABLE: Signature = Signature::of("StringIO", "readable", "($self, /)");
static WRITABLE: Signature = Signature::of("StringIO", "writable", "($self, /)");
static GETSTATE: Signature = Signature::unlisted("StringIO", "__getstate__", "($self, /)");
static SETSTATE: Signature = Signature::unlisted("StringIO", "__setstate__", "($self, state, /)");

const STRINGIO_DOC: &str = "Text I/O implementation using an in-memory buffer.\n\n\
The initial_value argument sets the value of object.  The newline\n\
argument is like the one of TextIOWrapper's constructor.";

static STRINGIO_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(STRINGIO_DOC),
    subclassable: true,
    instance_dict: true,
    weakrefable: true,
    new: Some(stringio_new),
    slots: &[
        NativeSlot::IterNext(stringio_iternext),
        NativeSlot::Init(stringio_init),
    ],
    methods: &[
        MethodDef::method("close", stringio_close).with_signature(&CLOSE),
        MethodDef::method("getvalue", stringio_getvalue).with_signature(&GETVALUE),
        MethodDef::method("read", stringio_read).with_signature(&READ),
        MethodDef::method("readline", stringio_readline).with_signature(&READLINE),
        MethodDef::method("tell", stringio_tell).with_signature(&TELL),
        MethodDef::method("truncate", stringio_truncate).with_signature(&TRUNCATE),
        MethodDef::method("seek", stringio_seek).with_signature(&SEEK),
        MethodDef::method("write", stringio_write).with_signature(&WRITE),
        MethodDef::method("seekable", stringio_seekable).with_signature(&SEEKABLE),
        MethodDef::method("readable", stringio_readable).with_signature(&READABLE),
        MethodDef::method("writable", stringio_writable).with_signature(&WRITABLE),
        MethodDef::method("__getstate__", stringio_getstate).with_signature(&GETSTATE),
        MethodDef::method("__setstate__", stringio_setstate).with_signature(&SETSTATE),
    ],
    getsets: &[
        GetSet {
            name: "closed",
            get: stringio_closed,
            set: None,
        },
        GetSet {
            name: "newlines",
            get: stringio_newlines,
            set: None,
        },
        GetSet {
            name: "line_buffering",
            get: stringio_line_buffering,
            set: None,
        },
    ],
    text_signature: Some("(initial_value='', newline='\\n')"),
    ..NativeTypeSpec::new("StringIO", "_io")
};

pub(crate) fn new_type(vm: &mut Vm, text_iobase: &ObjRef) -> ObjRef {
    new_native_type(vm, &STRINGIO_TYPE, Some(text_iobase))
}

fn stringio_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = NEW.bind_all::<0>(vm, args)?;
    let cls = class_arg(vm, bound.this, "_io.StringIO")?;
    Ok(new_native_object(vm, &cls, StringIO::new()))
}

fn stringio_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [value, newline]) = INIT.bind(vm, args)?;
    let this = given(this);
    let s = this_stringio(vm, &this)?;
    let newline: Option<String> = match &newline {
        None => Some("\n".to_owned()),
        Some(Value::None) => None,
        Some(v) => match abstract_::value_as_str(v) {
            Some(nl) => Some(nl.to_owned()),
            None => {
                return Err(vm.new_type_error(format!(
                    "newline must be str or None, not {}",
                    vm.type_name_of(v)
                )))
            }
        },
    };
    if let Some(nl) = &newline {
        if !matches!(nl.as_str(), "" | "\n" | "\r" | "\r\n") {
            let nl = vm.new_str(nl.as_str());
            let shown = abstract_::repr_string(vm, &nl)?;
            return Err(vm.new_value_error(format!("illegal newline value: {shown}")));
        }
    }
    let (initial, initial_surrogates) = match &value {
        None | Some(Value::None) => (String::new(), Vec::new()),
        Some(v) => match as_pystr(v) {
            Some(text) => (text.as_str().to_owned(), text.surrogates().to_vec()),
            None => {
                return Err(vm.new_type_error(format!(
                    "initial_value must be str or None, not {}",
                    vm.type_name_of(v)
                )))
            }
        },
    };
    s.ok.set(false);
    let universal = matches!(newline.as_deref(), None | Some(""));
    s.readuniversal.set(universal);
    s.readtranslate.set(newline.is_none());
    *s.writenl.borrow_mut() = newline.clone().filter(|nl| nl.starts_with('\r'));
    *s.readnl.borrow_mut() = newline.clone();
    s.decoder
        .set(universal.then(|| NewlineState::new(newline.is_none())));
    s.buf.borrow_mut().set(String::new(), Vec::new());
    s.pos.set(0);
    if !initial.is_empty() {
        s.write_str(&initial, &initial_surrogates);
    }
    s.pos.set(0);
    s.closed.set(false);
    s.ok.set(true);
    Ok(Value::None)
}

fn stringio_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CLOSE.bind(vm, args)?;
    let this = given(this);
    let s = this_stringio(vm, &this)?;
    s.closed.set(true);
    s.buf.borrow_mut().set(String::new(), Vec::new());
    Ok(Value::None)
}

fn stringio_getvalue(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = GETVALUE.bind(vm, args)?;
    let this = given(this);
    let s = open_stringio(vm, &this)?;
    let text = s.buf.borrow().value();
    Ok(vm.new_pystr(text))
}

fn stringio_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = READ.bind(vm, args)?;
    let this = given(this);
    let size = optional_size(vm, size)?;
    let s = open_stringio(vm, &this)?;
    let mut buf = s.buf.borrow_mut();
    let pos = s.pos.get();
    let available = buf.chars.saturating_sub(pos);
    let n = if size < 0 || size as usize > available {
        available
    } else {
        size as usize
    };
    let text = buf.slice(pos, pos + n);
    s.pos.set(pos + n);
    drop(buf);
    Ok(vm.new_pystr(text))
}

fn stringio_readline(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = READLINE.bind(vm, args)?;
    let this = given(this);
    let limit = optional_size(vm, size)?;
    let s = open_stringio(vm, &this)?;
    let line = s.readline(limit);
    Ok(vm.new_pystr(line))
}

fn stringio_iternext(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let s = open_stringio(vm, this)?;
    let state = io_state(vm)?;
    let line = if is_exact(this, &state.string_io) {
        vm.new_pystr(s.readline(-1))
    } else {
        let line = vm.call_method(this, "readline", vec![])?;
        if abstract_::value_as_str(&line).is_none() {
            return Err(vm.new_error(
                Exc::OSError,
                format!(
                    "readline() should have returned a str object, not '{}'",
                    vm.type_name_of(&line)
                ),
            ));
        }
        line
    };
    if abstract_::value_as_str(&line).is_some_and(str::is_empty) {
        return Ok(None);
    }
    Ok(Some(line))
}

fn stringio_tell(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TELL.bind(vm, args)?;
    let this = given(this);
    let s = open_stringio(vm, &this)?;
    Ok(Value::Int(s.pos.get() as i64))
}

fn stringio_truncate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [pos]) = TRUNCATE.bind(vm, args)?;
    let this = given(this);
    let s = open_stringio(vm, &this)?;
    let size = match pos {
        None | Some(Value::None) => s.pos.get() as isize,
        some => optional_size(vm, some)?,
    };
    if size < 0 {
        return Err(vm.new_value_error(format!("Negative size value {size}")));
    }
    s.buf.borrow_mut().truncate(size as usize);
    Ok(Value::Int(size as i64))
}

fn stringio_seek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [pos, whence]) = SEEK.bind(vm, args)?;
    let this = given(this);
    let pos = abstract_::index_isize(vm, &given(pos))?;
    let whence = match whence {
        None => 0,
        Some(w) => c_int_arg(vm, &w)?,
    };
    let s = open_stringio(vm, &this)?;
    if !(0..=2).contains(&whence) {
        return Err(vm.new_value_error(format!("Invalid whence ({whence}, should be 0, 1 or 2)")));
    }
    if pos < 0 && whence == 0 {
        return Err(vm.new_value_error(format!("Negative seek position {pos}")));
    }
    if whence != 0 && pos != 0 {
        return Err(vm.new_error(Exc::OSError, "Can't do nonzero cur-relative seeks"));
    }
    let target = match whence {
        1 => s.pos.get(),
        2 => s.buf.borrow().chars,
        _ => pos as usize,
    };
    s.pos.set(target);
    Ok(Value::Int(target as i64))
}

fn stringio_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [text]) = WRITE.bind(vm, args)?;
    let this = given(this);
    initialised(vm, &this)?;
    let text = given(text);
    let Some(text) = as_pystr(&text) else {
        return Err(vm.new_type_error(format!(
            "string argument expected, got '{}'",
            vm.type_name_of(&text)
        )));
    };
    let s = open_stringio(vm, &this)?;
    let n = text.char_len();
    if n > 0 {
        let padding = s.pos.get().saturating_sub(s.buf.borrow().chars);
        krait_vm::objects::str::check_alloc(vm, padding.saturating_add(text.as_str().len()))?;
        s.write_str(text.as_str(), text.surrogates());
    }
    Ok(Value::Int(n as i64))
}

fn stringio_seekable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = SEEKABLE.bind(vm, args)?;
    open_stringio(vm, &given(this))?;
    Ok(Value::Bool(true))
}

fn stringio_readable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = READABLE.bind(vm, args)?;
    open_stringio(vm, &given(this))?;
    Ok(Value::Bool(true))
}

fn stringio_writable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = WRITABLE.bind(vm, args)?;
    open_stringio(vm, &given(this))?;
    Ok(Value::Bool(true))
}

fn stringio_closed(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let s = initialised(vm, this)?;
    Ok(Value::Bool(s.closed.get()))
}

fn stringio_line_buffering(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    open_stringio(vm, this)?;
    Ok(Value::Bool(false))
}

fn stringio_newlines(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let s = open_stringio(vm, this)?;
    Ok(match s.decoder.get() {
        Some(decoder) => decoder.newlines(vm),
        None => Value::None,
    })
}

fn stringio_getstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = GETSTATE.bind(vm, args)?;
    let this = given(this);
    let s = open_stringio(vm, &this)?;
    let value = vm.new_pystr(s.buf.borrow().value());
    let readnl = match s.readnl.borrow().as_deref() {
        Some(nl) => vm.new_str(nl),
        None => Value::None,
    };
    let pos = Value::Int(s.pos.get() as i64);
    let state_dict = match this.as_obj().and_then(|o| o.dict()) {
        Some(d) => {
            let copy = vm.new_dict();
            dict::dict_merge(vm, &copy, &Value::Obj(d), true)?;
            Value::Obj(copy)
        }
        None => Value::None,
    };
    Ok(vm.new_tuple(vec![value, readnl, pos, state_dict]))
}

fn stringio_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [state]) = SETSTATE.bind(vm, args)?;
    let this = given(this);
    let state = given(state);
    // An uninitialised StringIO may take a state: unpickling makes one that way.
    if this_stringio(vm, &this)?.closed.get() {
        return Err(vm.new_value_error("I/O operation on closed file".to_owned()));
    }
    let items = match &state {
        Value::Obj(o) if matches!(o.payload, Payload::Tuple(_)) => {
            abstract_::tuple_items(&state).unwrap_or_default()
        }
        _ => Vec::new(),
    };
    if items.len() < 4 {
        return Err(vm.new_type_error(format!(
            "{}.__setstate__ argument should be 4-tuple, got {}",
            vm.type_name_of(&this),
            vm.type_name_of(&state)
        )));
    }
    stringio_init(
        vm,
        Args::new(vec![this.clone(), items[0].clone(), items[1].clone()]),
    )?;
    let s = this_stringio(vm, &this)?;
    // The saved value was translated once already: restore it as it is.
    let (value, surrogates) = match as_pystr(&items[0]) {
        Some(text) => (text.as_str().to_owned(), text.surrogates().to_vec()),
        None => (String::new(), Vec::new()),
    };
    s.buf.borrow_mut().set(value, surrogates);
    if !krait_vm::objects::int::is_int(&items[2]) {
        return Err(vm.new_type_error(format!(
            "third item of state must be an integer, got {}",
            vm.type_name_of(&items[2])
        )));
    }
    let pos = abstract_::index_isize(vm, &items[2])?;
    if pos < 0 {
        return Err(vm.new_value_error("position value cannot be negative".to_owned()));
    }
    s.pos.set(pos as usize);
    super::bytesio::restore_instance_dict(vm, &this, &items[3], "fourth")?;
    Ok(Value::None)
}
