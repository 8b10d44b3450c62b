//! `_io._TextIOBase`, `IncrementalNewlineDecoder` and `TextIOWrapper` (CPython's
//! `Modules/_io/textio.c`): text over a buffered binary stream, with an encoding,
//! an error handler and a newline convention.
//!
//! UTF-8, ASCII and Latin-1 with the standard error handlers are encoded and
//! decoded here; any other codec or handler goes through the codec registry's
//! incremental encoder and decoder, as CPython's do. `tell()` and `seek()` use
//! CPython's cookies (the position of a point where the decoder held nothing,
//! the decoder flags there, and how many bytes and characters to replay), so a
//! cookie from either interpreter means the same position.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use num_bigint::BigInt;

use krait_vm::native::NativeTypeSpec;
use krait_vm::native::{native_data, new_native_object, new_native_type, MethodDef, NativeData};
use krait_vm::object::GetSet;
use krait_vm::objects::function::Args;
use krait_vm::objects::str::{as_pystr, PyStr, StrBuf};
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, Payload, PyErr, PyResult, Value, Vm};

use super::bufferedio::{self, chain_errors};
use super::iobase::{check_closed as iobase_check_closed, class_arg, IoBaseState};
use super::{c_int_arg, closed_file_error, int_bool_arg, io_state, is_exact, optional_size};
use super::{optional_str_arg, unsupported};
use crate::{given, readonly, wrong_receiver};

// ---------------------------------------------------------------------------
// _TextIOBase

static BASE_DETACH: Signature = Signature::unlisted("_TextIOBase", "detach", "($self, /)");
static BASE_READ: Signature = Signature::unlisted("_TextIOBase", "read", "($self, *args)");
static BASE_READLINE: Signature = Signature::unlisted("_TextIOBase", "readline", "($self, *args)");
static BASE_WRITE: Signature = Signature::unlisted("_TextIOBase", "write", "($self, *args)");

const TEXTIOBASE_DOC: &str = "Base class for text I/O.\n\n\
This class provides a character and line based interface to stream\n\
I/O. There is no readinto method because Python's character strings\n\
are immutable.\n";

static TEXT_IOBASE_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(TEXTIOBASE_DOC),
    subclassable: true,
    instance_dict: true,
    weakrefable: true,
    methods: &[
        MethodDef::method("detach", base_detach).with_signature(&BASE_DETACH),
        MethodDef::method("read", base_read).with_signature(&BASE_READ),
        MethodDef::method("readline", base_readline).with_signature(&BASE_READLINE),
        MethodDef::method("write", base_write).with_signature(&BASE_WRITE),
    ],
    getsets: &[
        GetSet {
            name: "encoding",
            get: base_none,
            set: None,
        },
        GetSet {
            name: "newlines",
            get: base_none,
            set: None,
        },
        GetSet {
            name: "errors",
            get: base_none,
            set: None,
        },
    ],
    ..NativeTypeSpec::new("_TextIOBase", "_io")
};

pub(crate) fn new_text_iobase_type(vm: &mut Vm, iobase: &ObjRef) -> ObjRef {
    new_native_type(vm, &TEXT_IOBASE_TYPE, Some(iobase))
}

fn base_detach(vm: &mut Vm, args: Args) -> PyResult<Value> {
    BASE_DETACH.bind::<0>(vm, args)?;
    Err(unsupported(vm, "detach"))
}

fn base_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    BASE_READ.bind_all::<0>(vm, args)?;
    Err(unsupported(vm, "read"))
}

fn base_readline(vm: &mut Vm, args: Args) -> PyResult<Value> {
    BASE_READLINE.bind_all::<0>(vm, args)?;
    Err(unsupported(vm, "readline"))
}

fn base_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    BASE_WRITE.bind_all::<0>(vm, args)?;
    Err(unsupported(vm, "write"))
}

fn base_none(_vm: &mut Vm, _this: &Value) -> PyResult<Value> {
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// Newlines

const SEEN_CR: u8 = 1;
const SEEN_LF: u8 = 2;
const SEEN_CRLF: u8 = 4;
const SEEN_ALL: u8 = SEEN_CR | SEEN_LF | SEEN_CRLF;

/// Universal-newline decoding (CPython's `nldecoder_object` without its inner
/// decoder): a `\r` at the end of a chunk waits for the next one, so `\r\n` is
/// never split; the kinds of newline seen are recorded; with `translate`, `\r`
/// and `\r\n` become `\n`.
#[derive(Clone, Copy, Default)]
pub(super) struct NewlineState {
    translate: bool,
    pendingcr: bool,
    seennl: u8,
}

impl NewlineState {
    pub(super) fn new(translate: bool) -> NewlineState {
        NewlineState {
            translate,
            pendingcr: false,
            seennl: 0,
        }
    }

    /// Applies the newline handling to `output`, what the inner decoder produced.
    pub(super) fn process(&mut self, mut output: String, is_final: bool) -> String {
        if self.pendingcr && (is_final || !output.is_empty()) {
            output.insert(0, '\r');
            self.pendingcr = false;
        }
        if !is_final && output.ends_with('\r') {
            output.pop();
            self.pendingcr = true;
        }
        if output.is_empty() {
            return output;
        }
        let seennl = self.seennl;
        let only_lf = (seennl == SEEN_LF || seennl == 0) && !output.contains('\r');
        if only_lf {
            if seennl == 0 && output.contains('\n') {
                self.seennl |= SEEN_LF;
            }
            return output;
        }
        let bytes = output.as_bytes();
        if !self.translate {
            if seennl == SEEN_ALL {
                return output;
            }
            let mut seen = seennl;
            let mut i = 0;
            while i < bytes.len() && seen != SEEN_ALL {
                match bytes[i] {
                    b'\n' => seen |= SEEN_LF,
                    b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                        seen |= SEEN_CRLF;
                        i += 1;
                    }
                    b'\r' => seen |= SEEN_CR,
                    _ => {}
                }
                i += 1;
            }
            self.seennl |= seen;
            return output;
        }
        let mut translated = String::with_capacity(output.len());
        let mut seen = seennl;
        let mut copied = 0;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => seen |= SEEN_LF,
                b'\r' => {
                    translated.push_str(&output[copied..i]);
                    translated.push('\n');
                    if bytes.get(i + 1) == Some(&b'\n') {
                        seen |= SEEN_CRLF;
                        i += 1;
                    } else {
                        seen |= SEEN_CR;
                    }
                    copied = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        translated.push_str(&output[copied..]);
        self.seennl |= seen;
        translated
    }

    /// The `newlines` attribute: None, one newline kind, or a tuple of them.
    pub(super) fn newlines(&self, vm: &mut Vm) -> Value {
        let kinds: Vec<&str> = [(SEEN_CR, "\r"), (SEEN_LF, "\n"), (SEEN_CRLF, "\r\n")]
            .iter()
            .filter(|(bit, _)| self.seennl & bit != 0)
            .map(|(_, s)| *s)
            .collect();
        match kinds.as_slice() {
            [] => Value::None,
            [one] => vm.new_str(*one),
            many => {
                let items = many.iter().map(|s| vm.new_str(*s)).collect();
                vm.new_tuple(items)
            }
        }
    }

    pub(super) fn reset(&mut self) {
        self.seennl = 0;
        self.pendingcr = false;
    }
}

/// Where the first line of `text` ends: `Ok(end)`, the byte just past its line
/// ending, or `Err(consumed)`, how many bytes can be set aside because no line
/// ending starts in them (CPython's `_PyIO_find_line_ending`).
pub(super) fn find_line_ending(
    translated: bool,
    universal: bool,
    readnl: Option<&str>,
    text: &str,
) -> Result<usize, usize> {
    let bytes = text.as_bytes();
    if translated {
        return match bytes.iter().position(|b| *b == b'\n') {
            Some(i) => Ok(i + 1),
            None => Err(bytes.len()),
        };
    }
    if universal {
        return match bytes.iter().position(|b| *b == b'\n' || *b == b'\r') {
            Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => Ok(i + 2),
            Some(i) => Ok(i + 1),
            None => Err(bytes.len()),
        };
    }
    let nl = readnl.unwrap_or("\n").as_bytes();
    if nl.len() == 1 {
        return match bytes.iter().position(|b| *b == nl[0]) {
            Some(i) => Ok(i + 1),
            None => Err(bytes.len()),
        };
    }
    if let Some(i) = bytes.windows(nl.len()).position(|w| w == nl) {
        return Ok(i + nl.len());
    }
    // A partial terminator at the very end waits for the next chunk.
    let tail_start = bytes.len().saturating_sub(nl.len() - 1);
    match bytes[tail_start..].iter().position(|b| *b == nl[0]) {
        Some(i) => Err(tail_start + i),
        None => Err(bytes.len()),
    }
}

/// Checks a `newline` argument: None, '', '\n', '\r' or '\r\n'.
fn validate_newline(vm: &mut Vm, newline: Option<&str>) -> PyResult<()> {
    match newline {
        None | Some("" | "\n" | "\r" | "\r\n") => Ok(()),
        Some(other) => Err(vm.new_value_error(format!("illegal newline value: {other}"))),
    }
}

// ---------------------------------------------------------------------------
// IncrementalNewlineDecoder

/// An `IncrementalNewlineDecoder` object: an inner decoder (or None, for str
/// input) and the newline state.
pub(crate) struct NewlineDecoder {
    decoder: RefCell<Value>,
    /// `None` until `__init__` ran.
    errors: RefCell<Option<Value>>,
    state: Cell<NewlineState>,
}

impl NativeData for NewlineDecoder {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        let (Ok(decoder), Ok(errors)) = (self.decoder.try_borrow(), self.errors.try_borrow())
        else {
            return false;
        };
        visit(&decoder);
        errors.iter().for_each(visit);
        true
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        if let Ok(mut decoder) = self.decoder.try_borrow_mut() {
            taken.push(std::mem::replace(&mut *decoder, Value::None));
        }
    }
}

static NLD_NEW: Signature = Signature::unlisted(
    "IncrementalNewlineDecoder",
    "__new__",
    "($type, *args, **kwargs)",
);
static NLD_INIT: Signature = Signature::new(
    "IncrementalNewlineDecoder",
    "($self, /, decoder, translate, errors='strict')",
)
.not_listed();
static NLD_DECODE: Signature = Signature::of(
    "IncrementalNewlineDecoder",
    "decode",
    "($self, /, input, final=False)",
);
static NLD_GETSTATE: Signature =
    Signature::of("IncrementalNewlineDecoder", "getstate", "($self, /)");
static NLD_SETSTATE: Signature =
    Signature::of("IncrementalNewlineDecoder", "setstate", "($self, state, /)");
static NLD_RESET: Signature = Signature::of("IncrementalNewlineDecoder", "reset", "($self, /)");

const NLD_DOC: &str = "Codec used when reading a file in universal newlines mode.\n\n\
It wraps another incremental decoder, translating \\r\\n and \\r into \\n.\n\
It also records the types of newlines encountered.  When used with\n\
translate=False, it ensures that the newline sequence is returned in\n\
one piece. When used with decoder=None, it expects unicode strings as\n\
decode input and translates newlines without first invoking an external\n\
decoder.";

static NEWLINE_DECODER_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(NLD_DOC),
    subclassable: true,
    new: Some(nld_new),
    slots: &[NativeSlot::Init(nld_init)],
    methods: &[
        MethodDef::method("decode", nld_decode).with_signature(&NLD_DECODE),
        MethodDef::method("getstate", nld_getstate).with_signature(&NLD_GETSTATE),
        MethodDef::method("setstate", nld_setstate).with_signature(&NLD_SETSTATE),
        MethodDef::method("reset", nld_reset).with_signature(&NLD_RESET),
    ],
    getsets: &[GetSet {
        name: "newlines",
        get: nld_newlines,
        set: None,
    }],
    text_signature: Some("(decoder, translate, errors='strict')"),
    ..NativeTypeSpec::new("IncrementalNewlineDecoder", "_io")
};

pub(crate) fn new_newline_decoder_type(vm: &mut Vm) -> ObjRef {
    new_native_type(vm, &NEWLINE_DECODER_TYPE, None)
}

fn nld_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = NLD_NEW.bind_all::<0>(vm, args)?;
    let cls = class_arg(vm, bound.this, "_io.IncrementalNewlineDecoder")?;
    Ok(new_native_object(
        vm,
        &cls,
        NewlineDecoder {
            decoder: RefCell::new(Value::None),
            errors: RefCell::new(None),
            state: Cell::new(NewlineState::default()),
        },
    ))
}

fn this_nld<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a NewlineDecoder> {
    let d = native_data::<NewlineDecoder>(this)
        .ok_or_else(|| wrong_receiver(vm, "_io.IncrementalNewlineDecoder", this))?;
    if d.errors.borrow().is_none() {
        return Err(
            vm.new_value_error("IncrementalNewlineDecoder.__init__() not called".to_owned())
        );
    }
    Ok(d)
}

fn nld_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [decoder, translate, errors]) = NLD_INIT.bind(vm, args)?;
    let this = given(this);
    let d = native_data::<NewlineDecoder>(&this)
        .ok_or_else(|| wrong_receiver(vm, "_io.IncrementalNewlineDecoder", &this))?;
    let translate = int_bool_arg(vm, translate, false)?;
    let errors = match errors {
        Some(e) => e,
        None => vm.new_str("strict"),
    };
    *d.errors.borrow_mut() = Some(errors);
    *d.decoder.borrow_mut() = given(decoder);
    d.state.set(NewlineState::new(translate));
    Ok(Value::None)
}

/// `output` must be a str (CPython's `check_decoded`).
fn decoded_text(vm: &mut Vm, output: &Value) -> PyResult<String> {
    match abstract_::value_as_str(output) {
        Some(s) => Ok(s.to_owned()),
        None => Err(vm.new_type_error(format!(
            "decoder should return a string result, not '{}'",
            vm.type_name_of(output)
        ))),
    }
}

fn nld_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [input, is_final]) = NLD_DECODE.bind(vm, args)?;
    let this = given(this);
    let d = this_nld(vm, &this)?;
    let is_final = int_bool_arg(vm, is_final, false)?;
    let input = given(input);
    let inner = d.decoder.borrow().clone();
    let output = if inner.is_none() {
        input
    } else {
        vm.call_method(&inner, "decode", vec![input, Value::Bool(is_final)])?
    };
    let text = decoded_text(vm, &output)?;
    let mut state = d.state.get();
    let text = state.process(text, is_final);
    d.state.set(state);
    Ok(vm.new_str(text))
}

/// An unsigned `K` item of a decoder state (CPython masks it to 64 bits).
fn state_flag(vm: &mut Vm, v: &Value, message: &str) -> PyResult<u64> {
    match krait_vm::objects::int::as_big(v) {
        Some(n) => {
            let (_, digits) = (n & BigInt::from(u64::MAX)).to_u64_digits();
            Ok(digits.first().copied().unwrap_or(0))
        }
        None => Err(vm.new_type_error(format!(
            "{message}: an integer is required (got type {})",
            vm.type_name_of(v)
        ))),
    }
}

fn nld_getstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = NLD_GETSTATE.bind(vm, args)?;
    let this = given(this);
    let d = this_nld(vm, &this)?;
    let inner = d.decoder.borrow().clone();
    let (buffer, flag) = if inner.is_none() {
        (vm.new_bytes(Vec::new()), 0u64)
    } else {
        let state = vm.call_method(&inner, "getstate", vec![])?;
        let Some(items) = tuple_of(&state) else {
            return Err(vm.new_type_error("illegal decoder state".to_owned()));
        };
        if items.len() != 2 {
            return Err(vm.new_type_error(format!(
                "illegal decoder state (expected 2 items, got {})",
                items.len()
            )));
        }
        let flag = state_flag(vm, &items[1], "illegal decoder state")?;
        (items[0].clone(), flag)
    };
    let flag = (flag << 1) | u64::from(d.state.get().pendingcr);
    let flag = int_value(vm, flag);
    Ok(vm.new_tuple(vec![buffer, flag]))
}

fn nld_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [state]) = NLD_SETSTATE.bind(vm, args)?;
    let this = given(this);
    let d = this_nld(vm, &this)?;
    let state = given(state);
    let Some(items) = tuple_of(&state) else {
        return Err(vm.new_type_error("state argument must be a tuple".to_owned()));
    };
    if items.len() != 2 {
        return Err(vm.new_type_error(format!(
            "setstate(): illegal state argument (expected 2 items, got {})",
            items.len()
        )));
    }
    let flag = state_flag(vm, &items[1], "setstate(): illegal state argument")?;
    let mut st = d.state.get();
    st.pendingcr = flag & 1 == 1;
    d.state.set(st);
    let inner = d.decoder.borrow().clone();
    if inner.is_none() {
        return Ok(Value::None);
    }
    let flag = int_value(vm, flag >> 1);
    let inner_state = vm.new_tuple(vec![items[0].clone(), flag]);
    vm.call_method(&inner, "setstate", vec![inner_state])
}

fn nld_reset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = NLD_RESET.bind(vm, args)?;
    let this = given(this);
    let d = this_nld(vm, &this)?;
    let mut st = d.state.get();
    st.reset();
    d.state.set(st);
    let inner = d.decoder.borrow().clone();
    if inner.is_none() {
        return Ok(Value::None);
    }
    vm.call_method(&inner, "reset", vec![])
}

fn nld_newlines(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let d = this_nld(vm, this)?;
    Ok(d.state.get().newlines(vm))
}

fn tuple_of(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Obj(o) if matches!(o.payload, Payload::Tuple(_)) => abstract_::tuple_items(v),
        _ => None,
    }
}

fn int_value(vm: &Vm, n: u64) -> Value {
    match i64::try_from(n) {
        Ok(n) => Value::Int(n),
        Err(_) => vm.new_big_int(n.into()),
    }
}

// ---------------------------------------------------------------------------
// Codecs

/// The codecs this file encodes and decodes itself.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

impl Codec {
    fn of(encoding: &str) -> Option<Codec> {
        match krait_vm::objects::bytes::normalize_encoding(encoding).as_str() {
            "utf-8" => Some(Codec::Utf8),
            "ascii" => Some(Codec::Ascii),
            "latin-1" => Some(Codec::Latin1),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }
}

/// Error handlers the interpreter's own codecs apply without the registry.
fn native_errors(errors: &str, decoding: bool) -> bool {
    match errors {
        "strict" | "ignore" | "replace" | "backslashreplace" | "surrogateescape" => true,
        "xmlcharrefreplace" | "surrogatepass" => !decoding,
        _ => false,
    }
}

/// How many bytes at the end of `data` may start a UTF-8 sequence still to come.
fn incomplete_utf8_tail(data: &[u8]) -> usize {
    for back in 1..=3.min(data.len()) {
        let b = data[data.len() - back];
        let needed = match b {
            0x80..=0xbf => continue,
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => return 0,
        };
        let tail = &data[data.len() - back..];
        let valid_so_far = match std::str::from_utf8(tail) {
            Ok(_) => false,
            Err(e) => e.error_len().is_none(),
        };
        return if needed > back && valid_so_far {
            back
        } else {
            0
        };
    }
    0
}

/// The decoder of a text stream: the codec's (here or the registry's
/// incremental decoder) and, in universal-newline mode, the newline state.
pub(super) struct TextDecoder {
    core: DecoderCore,
    errors: String,
    newline: Option<Cell<NewlineState>>,
}

enum DecoderCore {
    /// Bytes of an incomplete UTF-8 sequence wait in `pending`.
    Native {
        codec: Codec,
        pending: RefCell<Vec<u8>>,
    },
    Python(Value),
}

impl TextDecoder {
    fn decode(&self, vm: &mut Vm, input: &[u8], is_final: bool) -> PyResult<String> {
        let text = match &self.core {
            DecoderCore::Native { codec, pending } => {
                let mut data = std::mem::take(&mut *pending.borrow_mut());
                data.extend_from_slice(input);
                let usable = if is_final || *codec != Codec::Utf8 {
                    data.len()
                } else {
                    data.len() - incomplete_utf8_tail(&data)
                };
                let text = krait_vm::objects::bytes::decode(
                    vm,
                    &data[..usable],
                    codec.name(),
                    &self.errors,
                )?;
                *pending.borrow_mut() = data[usable..].to_vec();
                // The decoded-text buffer holds Rust text: a lone surrogate from
                // `surrogateescape` is read as U+FFFD.
                text.into_string_lossy()
            }
            DecoderCore::Python(decoder) => {
                let input = vm.new_bytes(input.to_vec());
                let output =
                    vm.call_method(decoder, "decode", vec![input, Value::Bool(is_final)])?;
                decoded_text(vm, &output)?
            }
        };
        Ok(match &self.newline {
            Some(cell) => {
                let mut state = cell.get();
                let text = state.process(text, is_final);
                cell.set(state);
                text
            }
            None => text,
        })
    }

    /// `getstate()`: the bytes buffered and the flags.
    fn getstate(&self, vm: &mut Vm) -> PyResult<(Vec<u8>, u64)> {
        let (buffer, flags) = match &self.core {
            DecoderCore::Native { pending, .. } => (pending.borrow().clone(), 0),
            DecoderCore::Python(decoder) => {
                let state = vm.call_method(decoder, "getstate", vec![])?;
                let Some(items) = tuple_of(&state).filter(|items| items.len() == 2) else {
                    return Err(vm.new_type_error("illegal decoder state".to_owned()));
                };
                let Some(buffer) = super::fileio::is_bytes(&items[0])
                    .then(|| krait_vm::objects::bytes::as_bytes(&items[0]))
                    .flatten()
                else {
                    return Err(vm.new_type_error(format!(
                        "illegal decoder state: the first item should be a bytes object, not '{}'",
                        vm.type_name_of(&items[0])
                    )));
                };
                let flags = state_flag(vm, &items[1], "illegal decoder state")?;
                (buffer, flags)
            }
        };
        Ok(match &self.newline {
            Some(cell) => (buffer, (flags << 1) | u64::from(cell.get().pendingcr)),
            None => (buffer, flags),
        })
    }

    fn setstate(&self, vm: &mut Vm, buffer: &[u8], flags: u64) -> PyResult<()> {
        let flags = match &self.newline {
            Some(cell) => {
                let mut state = cell.get();
                state.pendingcr = flags & 1 == 1;
                cell.set(state);
                flags >> 1
            }
            None => flags,
        };
        match &self.core {
            DecoderCore::Native { pending, .. } => *pending.borrow_mut() = buffer.to_vec(),
            DecoderCore::Python(decoder) => {
                let buffer = vm.new_bytes(buffer.to_vec());
                let flags = int_value(vm, flags);
                let state = vm.new_tuple(vec![buffer, flags]);
                vm.call_method(decoder, "setstate", vec![state])?;
            }
        }
        Ok(())
    }

    fn reset(&self, vm: &mut Vm) -> PyResult<()> {
        if let Some(cell) = &self.newline {
            let mut state = cell.get();
            state.reset();
            cell.set(state);
        }
        match &self.core {
            DecoderCore::Native { pending, .. } => pending.borrow_mut().clear(),
            DecoderCore::Python(decoder) => {
                vm.call_method(decoder, "reset", vec![])?;
            }
        }
        Ok(())
    }

    fn newlines(&self, vm: &mut Vm) -> Value {
        match &self.newline {
            Some(cell) => cell.get().newlines(vm),
            None => Value::None,
        }
    }

    fn values(&self) -> Option<&Value> {
        match &self.core {
            DecoderCore::Python(decoder) => Some(decoder),
            DecoderCore::Native { .. } => None,
        }
    }
}

/// `encoder.encode(text)` of a Python incremental encoder, checked to give bytes.
fn python_encode(vm: &mut Vm, encoder: &Value, text: Value) -> PyResult<Vec<u8>> {
    let b = vm.call_method(encoder, "encode", vec![text])?;
    if !super::fileio::is_bytes(&b) {
        return Err(vm.new_type_error(format!(
            "encoder should return a bytes object, not '{}'",
            vm.type_name_of(&b)
        )));
    }
    Ok(krait_vm::objects::bytes::as_bytes(&b).unwrap_or_default())
}

/// The encoder of a text stream.
pub(super) enum TextEncoder {
    Native { codec: Codec, errors: String },
    Python(Value),
}

impl TextEncoder {
    /// Encodes a str that holds lone surrogates.
    fn encode_pystr(&self, vm: &mut Vm, text: &PyStr) -> PyResult<Vec<u8>> {
        match self {
            TextEncoder::Native { codec, errors } => {
                krait_vm::objects::str_methods::encode(vm, text, codec.name(), errors)
            }
            TextEncoder::Python(encoder) => {
                let mut copy = StrBuf::new();
                copy.push_pystr(text);
                let text = vm.new_text(copy);
                python_encode(vm, encoder, text)
            }
        }
    }

    fn encode(&self, vm: &mut Vm, text: &str) -> PyResult<Vec<u8>> {
        match self {
            TextEncoder::Native {
                codec: Codec::Utf8, ..
            } => Ok(text.as_bytes().to_vec()),
            TextEncoder::Native { .. } if text.is_ascii() => Ok(text.as_bytes().to_vec()),
            TextEncoder::Native { codec, errors } => {
                krait_vm::objects::str_methods::encode_str(vm, text, codec.name(), errors)
            }
            TextEncoder::Python(encoder) => {
                let text = vm.new_str(text);
                python_encode(vm, encoder, text)
            }
        }
    }

    fn is_native(&self) -> bool {
        matches!(self, TextEncoder::Native { .. })
    }

    /// `reset()` at the start of the stream, else `setstate(0)` (no BOM then).
    fn reset(&self, vm: &mut Vm, start_of_stream: bool) -> PyResult<()> {
        if let TextEncoder::Python(encoder) = self {
            if start_of_stream {
                vm.call_method(encoder, "reset", vec![])?;
            } else {
                vm.call_method(encoder, "setstate", vec![Value::Int(0)])?;
            }
        }
        Ok(())
    }
}

/// The codec registry's entry for a text encoding (CPython's
/// `_PyCodec_LookupTextEncoding`).
fn lookup_text_encoding(vm: &mut Vm, encoding: &str) -> PyResult<Value> {
    let info = crate::_codecs::lookup(vm, encoding)?;
    if let Some(is_text) = abstract_::getattr_optional(vm, &info, "_is_text_encoding")? {
        if !abstract_::is_true(vm, &is_text)? {
            return Err(vm.new_error(
                Exc::LookupError,
                format!(
                    "'{encoding}' is not a text encoding; use codecs.open() to handle arbitrary codecs"
                ),
            ));
        }
    }
    Ok(info)
}

/// The codec of a stream: one of ours, or the registry's entry.
enum CodecChoice {
    Native(Codec),
    Registry(Value),
}

fn choose_codec(vm: &mut Vm, encoding: &str, errors: &str) -> PyResult<CodecChoice> {
    if let Some(codec) = Codec::of(encoding) {
        if native_errors(errors, true) && native_errors(errors, false) {
            return Ok(CodecChoice::Native(codec));
        }
    }
    Ok(CodecChoice::Registry(lookup_text_encoding(vm, encoding)?))
}

fn make_decoder(
    vm: &mut Vm,
    codec: &CodecChoice,
    errors: &str,
    universal: bool,
    translate: bool,
) -> PyResult<TextDecoder> {
    let core = match codec {
        CodecChoice::Native(codec) => DecoderCore::Native {
            codec: *codec,
            pending: RefCell::new(Vec::new()),
        },
        CodecChoice::Registry(info) => {
            let factory = abstract_::getattr_str(vm, info, "incrementaldecoder")?;
            let errors = vm.new_str(errors);
            DecoderCore::Python(vm.call1(&factory, vec![errors])?)
        }
    };
    Ok(TextDecoder {
        core,
        errors: errors.to_owned(),
        newline: universal.then(|| Cell::new(NewlineState::new(translate))),
    })
}

fn make_encoder(vm: &mut Vm, codec: &CodecChoice, errors: &str) -> PyResult<TextEncoder> {
    Ok(match codec {
        CodecChoice::Native(codec) => TextEncoder::Native {
            codec: *codec,
            errors: errors.to_owned(),
        },
        CodecChoice::Registry(info) => {
            let factory = abstract_::getattr_str(vm, info, "incrementalencoder")?;
            let errors = vm.new_str(errors);
            TextEncoder::Python(vm.call1(&factory, vec![errors])?)
        }
    })
}

/// The encoding `None` and `"locale"` stand for.
const LOCALE_ENCODING: &str = "UTF-8";

// ---------------------------------------------------------------------------
// Text helpers

fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// The byte offset of code point `n` of `s` (its length when `n` is past the end).
fn byte_offset(s: &str, n: usize) -> usize {
    if s.is_ascii() {
        return n.min(s.len());
    }
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// Decoded text not yet read (CPython's `decoded_chars` and `decoded_chars_used`).
#[derive(Default)]
struct Decoded {
    text: String,
    used_chars: usize,
    used_bytes: usize,
}

impl Decoded {
    fn new(text: String) -> Decoded {
        Decoded {
            text,
            used_chars: 0,
            used_bytes: 0,
        }
    }

    /// Takes up to `n` characters (all when `n < 0`).
    fn take(&mut self, n: isize) -> String {
        let rest = &self.text[self.used_bytes..];
        let end = if n < 0 {
            rest.len()
        } else {
            byte_offset(rest, n as usize)
        };
        let taken = rest[..end].to_owned();
        self.used_bytes += end;
        self.used_chars += char_count(&taken);
        taken
    }
}

// ---------------------------------------------------------------------------
// TextIOWrapper

/// The state of a TextIOWrapper.
pub(crate) struct TextIO {
    base: IoBaseState,
    ok: Cell<bool>,
    detached: Cell<bool>,
    /// The object is exactly a TextIOWrapper (not of a derived class).
    exact: Cell<bool>,
    /// The buffer is exactly a BufferedReader, BufferedWriter or BufferedRandom.
    buffer_exact: Cell<bool>,
    /// The buffer is exactly a FileIO (unbuffered standard streams).
    buffer_fileio: Cell<bool>,
    chunk_size: Cell<usize>,
    buffer: RefCell<Value>,
    encoding: RefCell<Value>,
    errors: RefCell<Value>,
    encoder: RefCell<Option<Rc<TextEncoder>>>,
    decoder: RefCell<Option<Rc<TextDecoder>>>,
    readnl: RefCell<Option<String>>,
    /// `None` writes `\n` as it is.
    writenl: RefCell<Option<String>>,
    line_buffering: Cell<bool>,
    write_through: Cell<bool>,
    readuniversal: Cell<bool>,
    readtranslate: Cell<bool>,
    writetranslate: Cell<bool>,
    seekable: Cell<bool>,
    has_read1: Cell<bool>,
    telling: Cell<bool>,
    finalizing: Cell<bool>,
    encoding_start_of_stream: Cell<bool>,
    decoded: RefCell<Option<Decoded>>,
    pending: RefCell<Vec<u8>>,
    /// `(dec_flags, next_input)`: the decoder flags at the start of the last chunk
    /// read, and the bytes fed to the decoder from there.
    snapshot: RefCell<Option<(u64, Vec<u8>)>>,
    b2cratio: Cell<f64>,
}

impl NativeData for TextIO {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        let (Ok(buffer), Ok(decoder), Ok(encoder)) = (
            self.buffer.try_borrow(),
            self.decoder.try_borrow(),
            self.encoder.try_borrow(),
        ) else {
            return false;
        };
        visit(&buffer);
        if let Some(d) = decoder.as_ref().and_then(|d| d.values()) {
            visit(d);
        }
        if let Some(TextEncoder::Python(e)) = encoder.as_deref() {
            visit(e);
        }
        true
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        if let Ok(mut buffer) = self.buffer.try_borrow_mut() {
            taken.push(std::mem::replace(&mut *buffer, Value::None));
        }
        self.ok.set(false);
        if let Ok(mut decoder) = self.decoder.try_borrow_mut() {
            if let Some(DecoderCore::Python(d)) = decoder.take().as_deref().map(|d| &d.core) {
                taken.push(d.clone());
            }
        }
        if let Ok(mut encoder) = self.encoder.try_borrow_mut() {
            if let Some(TextEncoder::Python(e)) = encoder.take().as_deref() {
                taken.push(e.clone());
            }
        }
    }
}

pub(super) fn iobase_state(v: &Value) -> Option<&IoBaseState> {
    native_data::<TextIO>(v).map(|t| &t.base)
}

impl TextIO {
    fn new() -> TextIO {
        TextIO {
            base: IoBaseState::default(),
            ok: Cell::new(false),
            detached: Cell::new(false),
            exact: Cell::new(false),
            buffer_exact: Cell::new(false),
            buffer_fileio: Cell::new(false),
            chunk_size: Cell::new(8192),
            buffer: RefCell::new(Value::None),
            encoding: RefCell::new(Value::None),
            errors: RefCell::new(Value::None),
            encoder: RefCell::new(None),
            decoder: RefCell::new(None),
            readnl: RefCell::new(None),
            writenl: RefCell::new(None),
            line_buffering: Cell::new(false),
            write_through: Cell::new(false),
            readuniversal: Cell::new(false),
            readtranslate: Cell::new(false),
            writetranslate: Cell::new(false),
            seekable: Cell::new(false),
            has_read1: Cell::new(false),
            telling: Cell::new(false),
            finalizing: Cell::new(false),
            encoding_start_of_stream: Cell::new(false),
            decoded: RefCell::new(None),
            pending: RefCell::new(Vec::new()),
            snapshot: RefCell::new(None),
            b2cratio: Cell::new(0.0),
        }
    }

    /// The buffer of an initialised object that was not detached.
    fn attached(&self, vm: &mut Vm) -> PyResult<Value> {
        if !self.ok.get() {
            let message = if self.detached.get() {
                "underlying buffer has been detached"
            } else {
                "I/O operation on uninitialized object"
            };
            return Err(vm.new_value_error(message.to_owned()));
        }
        Ok(self.buffer.borrow().clone())
    }

    fn decoder(&self) -> Option<Rc<TextDecoder>> {
        self.decoder.borrow().clone()
    }

    fn encoder(&self) -> Option<Rc<TextEncoder>> {
        self.encoder.borrow().clone()
    }

    fn set_decoded(&self, text: Option<String>) {
        *self.decoded.borrow_mut() = text.map(Decoded::new);
    }

    /// Up to `n` decoded characters not yet read (all when `n < 0`).
    fn take_decoded(&self, n: isize) -> String {
        match self.decoded.borrow_mut().as_mut() {
            Some(d) => d.take(n),
            None => String::new(),
        }
    }

    fn decoded_chars_used(&self) -> usize {
        self.decoded.borrow().as_ref().map_or(0, |d| d.used_chars)
    }

    /// Set the line-ending conventions for `newline` (CPython's `set_newline`).
    fn set_newline(&self, newline: Option<&str>) {
        *self.readnl.borrow_mut() = newline.map(str::to_owned);
        self.readuniversal.set(matches!(newline, None | Some("")));
        self.readtranslate.set(newline.is_none());
        self.writetranslate.set(newline != Some(""));
        *self.writenl.borrow_mut() = match newline {
            Some(nl) if !nl.is_empty() && nl != "\n" => Some(nl.to_owned()),
            _ => None,
        };
    }
}

fn this_textio<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a TextIO> {
    native_data::<TextIO>(this).ok_or_else(|| wrong_receiver(vm, "_io.TextIOWrapper", this))
}

/// The ValueError of an operation on a closed stream (CPython's `CHECK_CLOSED`):
/// an exact TextIOWrapper asks its buffer, an object of a derived class its own
/// `closed`.
fn check_closed(vm: &mut Vm, this: &Value, t: &TextIO, buffer: &Value) -> PyResult<()> {
    if !t.exact.get() {
        return iobase_check_closed(vm, this);
    }
    if t.buffer_fileio.get() {
        if let Some(file) = super::fileio::file_io(buffer) {
            return if file.is_closed() {
                Err(closed_file_error(vm))
            } else {
                Ok(())
            };
        }
    }
    if t.buffer_exact.get() {
        if let Some(b) = native_data::<bufferedio::Buffered>(buffer) {
            if let Some(closed) = bufferedio::fast_closed(b) {
                return if closed {
                    Err(closed_file_error(vm))
                } else {
                    Ok(())
                };
            }
        }
    }
    let closed = abstract_::getattr_str(vm, buffer, "closed")?;
    if abstract_::is_true(vm, &closed)? {
        return Err(closed_file_error(vm));
    }
    Ok(())
}

/// Hands the pending encoded text to the buffer (CPython's
/// `_textiowrapper_writeflush`); the pending bytes are dropped even if that fails.
fn writeflush(vm: &mut Vm, t: &TextIO) -> PyResult<()> {
    if t.pending.borrow().is_empty() {
        return Ok(());
    }
    let pending = std::mem::take(&mut *t.pending.borrow_mut());
    let buffer = t.buffer.borrow().clone();
    if t.buffer_exact.get() {
        if let Some(b) = native_data::<bufferedio::Buffered>(&buffer) {
            return bufferedio::write_direct(vm, &buffer, b, &pending);
        }
    }
    if t.buffer_fileio.get() {
        if let Some(file) = super::fileio::file_io(&buffer) {
            // One raw write, as `buffer.write(data)` makes.
            return file.write(vm, &pending).map(|_| ());
        }
    }
    let data = vm.new_bytes(pending);
    loop {
        match vm.call_method(&buffer, "write", vec![data.clone()]) {
            Ok(_) => return Ok(()),
            Err(e) if is_eintr(vm, &e) => continue,
            Err(e) => return Err(e),
        }
    }
}

fn is_eintr(vm: &mut Vm, e: &PyErr) -> bool {
    if !vm.err_matches(e, Exc::OSError) {
        return false;
    }
    let exc = Value::Obj(e.0.clone());
    matches!(
        abstract_::getattr_optional(vm, &exc, "errno"),
        Ok(Some(Value::Int(4)))
    )
}

/// `write(text)`: encodes and buffers `text`, flushing as the buffering mode says.
/// `full` is the str itself when it holds lone surrogates (which `text` shows as
/// U+FFFD).
fn write_text(
    vm: &mut Vm,
    this: &Value,
    t: &TextIO,
    text: &str,
    full: Option<&PyStr>,
) -> PyResult<()> {
    let buffer = t.attached(vm)?;
    check_closed(vm, this, t, &buffer)?;
    let Some(encoder) = t.encoder() else {
        return Err(unsupported(vm, "not writable"));
    };
    let translated = {
        let writenl = t.writenl.borrow();
        match writenl.as_deref() {
            Some(nl) if t.writetranslate.get() && text.contains('\n') => {
                Some(text.replace('\n', nl))
            }
            _ => None,
        }
    };
    let haslf = translated.is_some() || (t.line_buffering.get() && text.contains('\n'));
    let text = translated.as_deref().unwrap_or(text);
    let text_needflush = t.write_through.get();
    let needflush = t.line_buffering.get() && (haslf || text.contains('\r'));
    // UTF-8, and ASCII text in the ASCII-compatible codecs, is its own encoding.
    let encoded: Cow<[u8]> = match (&*encoder, full) {
        (_, Some(full)) => {
            let full = match t.writenl.borrow().as_deref() {
                Some(nl) if t.writetranslate.get() => translate_newlines(full, nl),
                _ => full.slice(0, full.char_len()),
            };
            Cow::Owned(encoder.encode_pystr(vm, &full)?)
        }
        (_, None) => match &*encoder {
            TextEncoder::Native {
                codec: Codec::Utf8, ..
            } => Cow::Borrowed(text.as_bytes()),
            TextEncoder::Native { .. } if text.is_ascii() => Cow::Borrowed(text.as_bytes()),
            _ => Cow::Owned(encoder.encode(vm, text)?),
        },
    };
    if encoder.is_native() {
        t.encoding_start_of_stream.set(false);
    }
    let chunk_size = t.chunk_size.get();
    let must_flush_first = {
        let pending = t.pending.borrow();
        !pending.is_empty() && pending.len() + encoded.len() > chunk_size
    };
    if must_flush_first {
        writeflush(vm, t)?;
    }
    let total = {
        let mut pending = t.pending.borrow_mut();
        pending.extend_from_slice(&encoded);
        pending.len()
    };
    if total >= chunk_size || needflush || text_needflush {
        writeflush(vm, t)?;
    }
    if needflush {
        flush_buffer(vm, t, &buffer)?;
    }
    if t.decoded.borrow().is_some() {
        t.set_decoded(None);
    }
    if t.snapshot.borrow().is_some() {
        *t.snapshot.borrow_mut() = None;
    }
    if let Some(decoder) = t.decoder() {
        decoder.reset(vm)?;
    }
    Ok(())
}

/// `text` with each `\n` written as `nl`, lone surrogates kept.
fn translate_newlines(text: &PyStr, nl: &str) -> PyStr {
    let mut out = StrBuf::with_capacity(text.as_str().len());
    for c in text.code_points() {
        if c == u32::from(b'\n') {
            out.push_str(nl);
        } else {
            out.push_code_point(c);
        }
    }
    out.into_pystr()
}

/// `buffer.flush()`.
fn flush_buffer(vm: &mut Vm, t: &TextIO, buffer: &Value) -> PyResult<()> {
    if t.buffer_exact.get() {
        if let Some(b) = native_data::<bufferedio::Buffered>(buffer) {
            return bufferedio::flush_exact(vm, buffer, b);
        }
    }
    vm.call_method(buffer, "flush", vec![]).map(|_| ())
}

/// Whether `stream` is exactly a TextIOWrapper, whose writes nothing else observes.
pub fn is_exact_wrapper(stream: &Value) -> bool {
    native_data::<TextIO>(stream).is_some_and(|t| t.exact.get())
}

/// Writes `text` to `stream` when it is an exact TextIOWrapper (the fast path of
/// `print()`); `None` when `stream` is anything else.
pub fn write_fast(vm: &mut Vm, stream: &Value, text: &str) -> Option<PyResult<()>> {
    let t = native_data::<TextIO>(stream)?;
    if !t.exact.get() {
        return None;
    }
    Some(write_text(vm, stream, t, text, None))
}

/// Reads and decodes the next chunk from the buffer; false at end of file
/// (CPython's `textiowrapper_read_chunk`).
fn read_chunk(vm: &mut Vm, t: &TextIO, buffer: &Value, size_hint: usize) -> PyResult<bool> {
    let Some(decoder) = t.decoder() else {
        return Err(unsupported(vm, "not readable"));
    };
    let before = if t.telling.get() {
        Some(decoder.getstate(vm)?)
    } else {
        None
    };
    let size_hint = if size_hint > 0 {
        (t.b2cratio.get().max(1.0) * size_hint as f64) as usize
    } else {
        0
    };
    let chunk_size = t.chunk_size.get().max(size_hint);
    let method = if t.has_read1.get() { "read1" } else { "read" };
    let exact = t
        .buffer_exact
        .get()
        .then(|| native_data::<bufferedio::Buffered>(buffer))
        .flatten();
    let input = match exact {
        Some(b) if t.has_read1.get() => {
            bufferedio::read1_direct(vm, buffer, b, chunk_size as isize)?
        }
        _ => {
            let chunk = vm.call_method(buffer, method, vec![Value::Int(chunk_size as i64)])?;
            match crate::bytes_like(vm, &chunk)? {
                Some(bytes) => bytes,
                None => {
                    return Err(vm.new_type_error(format!(
                        "underlying {method}() should have returned a bytes-like object, not '{}'",
                        vm.type_name_of(&chunk)
                    )))
                }
            }
        }
    };
    let mut eof = input.is_empty();
    let text = decoder.decode(vm, &input, eof)?;
    let nchars = char_count(&text);
    t.b2cratio.set(if nchars > 0 {
        input.len() as f64 / nchars as f64
    } else {
        0.0
    });
    if nchars > 0 {
        eof = false;
    }
    t.set_decoded(Some(text));
    if let Some((mut dec_buffer, dec_flags)) = before {
        dec_buffer.extend_from_slice(&input);
        *t.snapshot.borrow_mut() = Some((dec_flags, dec_buffer));
    }
    Ok(!eof)
}

fn read_text(vm: &mut Vm, this: &Value, t: &TextIO, n: isize) -> PyResult<String> {
    let buffer = t.attached(vm)?;
    check_closed(vm, this, t, &buffer)?;
    let Some(decoder) = t.decoder() else {
        return Err(unsupported(vm, "not readable"));
    };
    writeflush(vm, t)?;
    if n < 0 {
        let bytes = vm.call_method(&buffer, "read", vec![])?;
        let Some(bytes) = crate::bytes_like(vm, &bytes)? else {
            return Err(vm.new_type_error(format!(
                "a bytes-like object is required, not '{}'",
                vm.type_name_of(&bytes)
            )));
        };
        let decoded = decoder.decode(vm, &bytes, true)?;
        let mut result = t.take_decoded(-1);
        result.push_str(&decoded);
        t.set_decoded(None);
        *t.snapshot.borrow_mut() = None;
        return Ok(result);
    }
    let mut result = t.take_decoded(n);
    let mut remaining = n as usize - char_count(&result);
    while remaining > 0 {
        match read_chunk(vm, t, &buffer, remaining) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) if is_eintr(vm, &e) => continue,
            Err(e) => return Err(e),
        }
        let more = t.take_decoded(remaining as isize);
        remaining -= char_count(&more);
        result.push_str(&more);
    }
    Ok(result)
}

/// `readline(limit)` (CPython's `_textiowrapper_readline`).
fn readline_text(vm: &mut Vm, this: &Value, t: &TextIO, limit: isize) -> PyResult<String> {
    let buffer = t.attached(vm)?;
    check_closed(vm, this, t, &buffer)?;
    writeflush(vm, t)?;
    let readnl = t.readnl.borrow().clone();
    let (translated, universal) = (t.readtranslate.get(), t.readuniversal.get());
    let mut chunks = String::new();
    let mut chunked = 0usize;
    let mut remaining: Option<String> = None;
    loop {
        let mut eof = false;
        while t
            .decoded
            .borrow()
            .as_ref()
            .is_none_or(|d| d.text.is_empty())
        {
            match read_chunk(vm, t, &buffer, 0) {
                Ok(true) => {}
                Ok(false) => {
                    eof = true;
                    break;
                }
                Err(e) if is_eintr(vm, &e) => continue,
                Err(e) => return Err(e),
            }
        }
        if eof {
            t.set_decoded(None);
            *t.snapshot.borrow_mut() = None;
            break;
        }
        let mut decoded_ref = t.decoded.borrow_mut();
        let Some(decoded) = decoded_ref.as_mut() else {
            break;
        };
        // The text searched: what was set aside last time, then the new chunk.
        let prefix_len = remaining.as_ref().map_or(0, String::len);
        let joined;
        let (hay, start) = match remaining.take() {
            Some(mut r) => {
                r.push_str(&decoded.text);
                joined = r;
                (joined.as_str(), 0)
            }
            None => (decoded.text.as_str(), decoded.used_bytes),
        };
        let found = find_line_ending(translated, universal, readnl.as_deref(), &hay[start..]);
        let (mut endpos, is_line) = match found {
            Ok(end) => (start + end, true),
            Err(consumed) => (start + consumed, false),
        };
        let mut within = char_count(&hay[start..endpos]);
        let hit_limit = limit >= 0 && within + chunked >= limit as usize;
        if hit_limit {
            within = limit as usize - chunked;
            endpos = start + byte_offset(&hay[start..], within);
        }
        if is_line || hit_limit {
            chunks.push_str(&hay[start..endpos]);
            let used_bytes = endpos.saturating_sub(prefix_len);
            decoded.used_chars = if prefix_len == 0 {
                decoded.used_chars + within
            } else {
                char_count(&decoded.text[..used_bytes])
            };
            decoded.used_bytes = used_bytes;
            return Ok(chunks);
        }
        if endpos > start {
            chunks.push_str(&hay[start..endpos]);
            chunked += within;
        }
        if endpos < hay.len() {
            remaining = Some(hay[endpos..].to_owned());
        }
        drop(decoded_ref);
        t.set_decoded(None);
    }
    if let Some(r) = remaining {
        chunks.push_str(&r);
    }
    Ok(chunks)
}

// ---------------------------------------------------------------------------
// Cookies for tell() and seek()

/// A position `tell()` gives and `seek()` takes (CPython's `cookie_type`).
#[derive(Default, Clone, Copy)]
struct Cookie {
    start_pos: i64,
    dec_flags: i32,
    bytes_to_feed: i32,
    chars_to_skip: i32,
    need_eof: bool,
}

impl Cookie {
    /// The cookie as CPython packs it: the fields' bytes, little-endian, as one
    /// unsigned integer.
    fn build(&self, vm: &Vm) -> Value {
        let mut bytes = Vec::with_capacity(21);
        bytes.extend_from_slice(&self.start_pos.to_le_bytes());
        bytes.extend_from_slice(&self.dec_flags.to_le_bytes());
        bytes.extend_from_slice(&self.bytes_to_feed.to_le_bytes());
        bytes.extend_from_slice(&self.chars_to_skip.to_le_bytes());
        bytes.push(u8::from(self.need_eof));
        let n = BigInt::from_bytes_le(num_bigint::Sign::Plus, &bytes);
        krait_vm::objects::int::int_from_big(vm, n)
    }

    fn parse(vm: &mut Vm, cookie: &Value) -> PyResult<Cookie> {
        let int_class = Value::Obj(vm.types.int.clone());
        let n = vm.call1(&int_class, vec![cookie.clone()])?;
        let n = krait_vm::objects::int::as_big(&n).unwrap_or_default();
        if n.sign() == num_bigint::Sign::Minus {
            return Err(vm.new_overflow_error("can't convert negative int to unsigned".to_owned()));
        }
        let (_, mut bytes) = n.to_bytes_le();
        if bytes.len() > 21 {
            return Err(vm.new_overflow_error("int too big to convert".to_owned()));
        }
        bytes.resize(21, 0);
        let word = |range: std::ops::Range<usize>| {
            let mut b = [0u8; 4];
            b.copy_from_slice(&bytes[range]);
            i32::from_le_bytes(b)
        };
        let mut start = [0u8; 8];
        start.copy_from_slice(&bytes[..8]);
        Ok(Cookie {
            start_pos: i64::from_le_bytes(start),
            dec_flags: word(8..12),
            bytes_to_feed: word(12..16),
            chars_to_skip: word(16..20),
            need_eof: bytes[20] != 0,
        })
    }
}

/// Puts the decoder in its state at the cookie's start point: `reset()` at the
/// start of the stream (some decoders then expect a BOM), else `setstate`.
fn decoder_setstate(vm: &mut Vm, decoder: &TextDecoder, cookie: &Cookie) -> PyResult<()> {
    if cookie.start_pos == 0 && cookie.dec_flags == 0 {
        decoder.reset(vm)
    } else {
        decoder.setstate(vm, b"", cookie.dec_flags as u32 as u64)
    }
}

fn tell(vm: &mut Vm, this: &Value, t: &TextIO) -> PyResult<Value> {
    let buffer = t.attached(vm)?;
    check_closed(vm, this, t, &buffer)?;
    if !t.seekable.get() {
        return Err(unsupported(vm, "underlying stream is not seekable"));
    }
    if !t.telling.get() {
        return Err(vm.new_error(Exc::OSError, "telling position disabled by next() call"));
    }
    writeflush(vm, t)?;
    vm.call_method(this, "flush", vec![])?;
    let posobj = vm.call_method(&buffer, "tell", vec![])?;
    let decoder = t.decoder();
    let snapshot = t.snapshot.borrow().clone();
    let (Some(decoder), Some((dec_flags, next_input))) = (decoder, snapshot) else {
        return Ok(posobj);
    };
    let position = abstract_::index(vm, &posobj)?;
    let Some(position) = krait_vm::objects::int::as_i64(&position) else {
        return Err(vm.new_overflow_error("Python int too large to convert to C long".to_owned()));
    };
    let mut cookie = Cookie {
        start_pos: position.saturating_sub(next_input.len() as i64),
        dec_flags: dec_flags as i32,
        ..Cookie::default()
    };
    let used = t.decoded_chars_used();
    if used == 0 {
        return Ok(cookie.build(vm));
    }
    let saved = decoder.getstate(vm)?;
    let result = reconstruct_cookie(vm, t, &decoder, &next_input, used, &mut cookie);
    let restored = decoder.setstate(vm, &saved.0, saved.1);
    result?;
    restored?;
    Ok(cookie.build(vm))
}

/// Finds the last point before the reader's position where the decoder held
/// nothing, and what to replay from there (the heart of CPython's `tell()`).
fn reconstruct_cookie(
    vm: &mut Vm,
    t: &TextIO,
    decoder: &TextDecoder,
    next_input: &[u8],
    used: usize,
    cookie: &mut Cookie,
) -> PyResult<()> {
    let mut chars_to_skip = used as i64;
    // A quick first guess from the bytes-per-character ratio, backing off until
    // the decoder holds nothing there.
    let mut skip_bytes = (t.b2cratio.get() * chars_to_skip as f64) as i64;
    let mut skip_back = 1i64;
    while skip_bytes > 0 {
        decoder_setstate(vm, decoder, cookie)?;
        let end = (skip_bytes as usize).min(next_input.len());
        let chars_decoded = char_count(&decoder.decode(vm, &next_input[..end], false)?) as i64;
        if chars_decoded <= chars_to_skip {
            let (dec_buffer, dec_flags) = decoder.getstate(vm)?;
            if dec_buffer.is_empty() {
                cookie.dec_flags = dec_flags as i32;
                chars_to_skip -= chars_decoded;
                break;
            }
            skip_bytes -= dec_buffer.len() as i64;
            skip_back = 1;
        } else {
            skip_bytes -= skip_back;
            skip_back *= 2;
        }
    }
    if skip_bytes <= 0 {
        skip_bytes = 0;
        decoder_setstate(vm, decoder, cookie)?;
    }
    cookie.start_pos = cookie.start_pos.saturating_add(skip_bytes);
    cookie.chars_to_skip = chars_to_skip as i32;
    if chars_to_skip == 0 {
        return Ok(());
    }
    // Feed the decoder a byte at a time, noting each safe start point passed.
    let mut chars_decoded = 0i64;
    let mut input = skip_bytes as usize;
    while input < next_input.len() {
        let n = char_count(&decoder.decode(vm, &next_input[input..input + 1], false)?) as i64;
        chars_decoded += n;
        cookie.bytes_to_feed += 1;
        let (dec_buffer, dec_flags) = decoder.getstate(vm)?;
        if dec_buffer.is_empty() && chars_decoded <= chars_to_skip {
            cookie.start_pos = cookie
                .start_pos
                .saturating_add(i64::from(cookie.bytes_to_feed));
            chars_to_skip -= chars_decoded;
            cookie.dec_flags = dec_flags as i32;
            cookie.bytes_to_feed = 0;
            chars_decoded = 0;
        }
        if chars_decoded >= chars_to_skip {
            break;
        }
        input += 1;
    }
    if input >= next_input.len() {
        // Not enough decoded yet: signal end of input to get the rest out.
        chars_decoded += char_count(&decoder.decode(vm, b"", true)?) as i64;
        cookie.need_eof = true;
        if chars_decoded < chars_to_skip {
            return Err(vm.new_error(Exc::OSError, "can't reconstruct logical file position"));
        }
    }
    cookie.chars_to_skip = chars_to_skip as i32;
    Ok(())
}

fn seek(vm: &mut Vm, this: &Value, t: &TextIO, cookie_v: Value, whence: i32) -> PyResult<Value> {
    let buffer = t.attached(vm)?;
    check_closed(vm, this, t, &buffer)?;
    if !t.seekable.get() {
        return Err(unsupported(vm, "underlying stream is not seekable"));
    }
    let is_zero = |vm: &mut Vm, v: &Value| abstract_::rich_eq_bool(vm, v, &Value::Int(0));
    let cookie_v = match whence {
        1 => {
            if !is_zero(vm, &cookie_v)? {
                return Err(unsupported(vm, "can't do nonzero cur-relative seeks"));
            }
            vm.call_method(this, "tell", vec![])?
        }
        2 => {
            if !is_zero(vm, &cookie_v)? {
                return Err(unsupported(vm, "can't do nonzero end-relative seeks"));
            }
            vm.call_method(this, "flush", vec![])?;
            t.set_decoded(None);
            *t.snapshot.borrow_mut() = None;
            if let Some(decoder) = t.decoder() {
                decoder.reset(vm)?;
            }
            let res = vm.call_method(&buffer, "seek", vec![Value::Int(0), Value::Int(2)])?;
            if let Some(encoder) = t.encoder() {
                let at_start = is_zero(vm, &res)?;
                encoder.reset(vm, at_start)?;
                t.encoding_start_of_stream.set(at_start);
            }
            return Ok(res);
        }
        0 => cookie_v,
        _ => {
            return Err(
                vm.new_value_error(format!("invalid whence ({whence}, should be 0, 1 or 2)"))
            )
        }
    };
    let negative = abstract_::compare(
        vm,
        &cookie_v,
        &Value::Int(0),
        krait_bytecode::opcode_table::CMP_LT,
    )?;
    if abstract_::is_true(vm, &negative)? {
        let shown = abstract_::repr_string(vm, &cookie_v)?;
        return Err(vm.new_value_error(format!("negative seek position {shown}")));
    }
    vm.call_method(this, "flush", vec![])?;
    let cookie = Cookie::parse(vm, &cookie_v)?;
    vm.call_method(&buffer, "seek", vec![Value::Int(cookie.start_pos)])?;
    t.set_decoded(None);
    *t.snapshot.borrow_mut() = None;
    if let Some(decoder) = t.decoder() {
        decoder_setstate(vm, &decoder, &cookie)?;
    }
    if cookie.chars_to_skip != 0 {
        let input = vm.call_method(
            &buffer,
            "read",
            vec![Value::Int(i64::from(cookie.bytes_to_feed))],
        )?;
        if !super::fileio::is_bytes(&input) {
            return Err(vm.new_type_error(format!(
                "underlying read() should have returned a bytes object, not '{}'",
                vm.type_name_of(&input)
            )));
        }
        let input = krait_vm::objects::bytes::as_bytes(&input).unwrap_or_default();
        *t.snapshot.borrow_mut() = Some((cookie.dec_flags as u32 as u64, input.clone()));
        let Some(decoder) = t.decoder() else {
            return Err(unsupported(vm, "not readable"));
        };
        let decoded = decoder.decode(vm, &input, cookie.need_eof)?;
        if char_count(&decoded) < cookie.chars_to_skip as usize {
            t.set_decoded(Some(decoded));
            return Err(vm.new_error(Exc::OSError, "can't restore logical file position"));
        }
        let mut d = Decoded::new(decoded);
        d.take(cookie.chars_to_skip as isize);
        *t.decoded.borrow_mut() = Some(d);
    } else {
        *t.snapshot.borrow_mut() = Some((cookie.dec_flags as u32 as u64, Vec::new()));
    }
    if let Some(encoder) = t.encoder() {
        let at_start = cookie.start_pos == 0 && cookie.dec_flags == 0;
        encoder.reset(vm, at_start)?;
        t.encoding_start_of_stream.set(at_start);
    }
    Ok(cookie_v)
}

// ---------------------------------------------------------------------------
// The type

static NEW: Signature = Signature::unlisted("TextIOWrapper", "__new__", "($type, *args, **kwargs)");
static INIT: Signature = Signature::new(
    "TextIOWrapper",
    "($self, /, buffer, encoding=None, errors=None, newline=None, line_buffering=False, \
     write_through=False)",
)
.not_listed();
static DETACH: Signature = Signature::of("TextIOWrapper", "detach", "($self, /)");
static RECONFIGURE: Signature = Signature::of(
    "TextIOWrapper",
    "reconfigure",
    "($self, /, *, encoding=None, errors=None, newline=None,\n            line_buffering=None, \
     write_through=None)",
);
static WRITE: Signature = Signature::of("TextIOWrapper", "write", "($self, text, /)");
static READ: Signature = Signature::of("TextIOWrapper", "read", "($self, size=-1, /)");
static READLINE: Signature = Signature::of("TextIOWrapper", "readline", "($self, size=-1, /)");
static FLUSH: Signature = Signature::of("TextIOWrapper", "flush", "($self, /)");
static CLOSE: Signature = Signature::of("TextIOWrapper", "close", "($self, /)");
static FILENO: Signature = Signature::of("TextIOWrapper", "fileno", "($self, /)");
static SEEKABLE: Signature = Signature::of("TextIOWrapper", "seekable", "($self, /)");
static READABLE: Signature = Signature::of("TextIOWrapper", "readable", "($self, /)");
static WRITABLE: Signature = Signature::of("TextIOWrapper", "writable", "($self, /)");
static ISATTY: Signature = Signature::of("TextIOWrapper", "isatty", "($self, /)");
static SEEK: Signature = Signature::of("TextIOWrapper", "seek", "($self, cookie, whence=0, /)");
static TELL: Signature = Signature::of("TextIOWrapper", "tell", "($self, /)");
static TRUNCATE: Signature = Signature::of("TextIOWrapper", "truncate", "($self, pos=None, /)");

const TEXTIOWRAPPER_DOC: &str = "Character and line based layer over a BufferedIOBase object, \
buffer.\n\n\
encoding gives the name of the encoding that the stream will be\n\
decoded or encoded with. It defaults to locale.getencoding().\n\n\
errors determines the strictness of encoding and decoding (see\n\
help(codecs.Codec) or the documentation for codecs.register) and\n\
defaults to \"strict\".\n\n\
newline controls how line endings are handled. It can be None, '',\n\
'\\n', '\\r', and '\\r\\n'.  It works as follows:\n\n\
* On input, if newline is None, universal newlines mode is\n  \
enabled. Lines in the input can end in '\\n', '\\r', or '\\r\\n', and\n  \
these are translated into '\\n' before being returned to the\n  \
caller. If it is '', universal newline mode is enabled, but line\n  \
endings are returned to the caller untranslated. If it has any of\n  \
the other legal values, input lines are only terminated by the given\n  \
string, and the line ending is returned to the caller untranslated.\n\n\
* On output, if newline is None, any '\\n' characters written are\n  \
translated to the system default line separator, os.linesep. If\n  \
newline is '' or '\\n', no translation takes place. If newline is any\n  \
of the other legal values, any '\\n' characters written are translated\n  \
to the given string.\n\n\
If line_buffering is True, a call to flush is implied when a call to\n\
write contains a newline character.";

static TEXTIOWRAPPER_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(TEXTIOWRAPPER_DOC),
    subclassable: true,
    instance_dict: true,
    weakrefable: true,
    new: Some(textio_new),
    slots: &[
        NativeSlot::Repr(textio_repr),
        NativeSlot::IterNext(textio_iternext),
        NativeSlot::Init(textio_init),
    ],
    methods: &[
        MethodDef::method("detach", textio_detach).with_signature(&DETACH),
        MethodDef::method("reconfigure", textio_reconfigure).with_signature(&RECONFIGURE),
        MethodDef::method("write", textio_write).with_signature(&WRITE),
        MethodDef::method("read", textio_read).with_signature(&READ),
        MethodDef::method("readline", textio_readline).with_signature(&READLINE),
        MethodDef::method("flush", textio_flush).with_signature(&FLUSH),
        MethodDef::method("close", textio_close).with_signature(&CLOSE),
        MethodDef::method("fileno", textio_fileno).with_signature(&FILENO),
        MethodDef::method("seekable", textio_seekable).with_signature(&SEEKABLE),
        MethodDef::method("readable", textio_readable).with_signature(&READABLE),
        MethodDef::method("writable", textio_writable).with_signature(&WRITABLE),
        MethodDef::method("isatty", textio_isatty).with_signature(&ISATTY),
        MethodDef::method("seek", textio_seek).with_signature(&SEEK),
        MethodDef::method("tell", textio_tell).with_signature(&TELL),
        MethodDef::method("truncate", textio_truncate).with_signature(&TRUNCATE),
    ],
    getsets: &[
        GetSet {
            name: "encoding",
            get: get_encoding,
            set: Some(readonly),
        },
        GetSet {
            name: "buffer",
            get: get_buffer,
            set: Some(readonly),
        },
        GetSet {
            name: "line_buffering",
            get: get_line_buffering,
            set: Some(readonly),
        },
        GetSet {
            name: "write_through",
            get: get_write_through,
            set: Some(readonly),
        },
        GetSet {
            name: "_finalizing",
            get: get_finalizing,
            set: Some(set_finalizing),
        },
        GetSet {
            name: "name",
            get: get_name,
            set: None,
        },
        GetSet {
            name: "closed",
            get: get_closed,
            set: None,
        },
        GetSet {
            name: "newlines",
            get: get_newlines,
            set: None,
        },
        GetSet {
            name: "errors",
            get: get_errors,
            set: None,
        },
        GetSet {
            name: "_CHUNK_SIZE",
            get: get_chunk_size,
            set: Some(set_chunk_size),
        },
    ],
    text_signature: Some("(buffer, encoding=None, errors=None, newline=None,\n              line_buffering=False, write_through=False)"),
    ..NativeTypeSpec::new("TextIOWrapper", "_io")
};

pub(crate) fn new_wrapper_type(vm: &mut Vm, text_iobase: &ObjRef) -> ObjRef {
    new_native_type(vm, &TEXTIOWRAPPER_TYPE, Some(text_iobase))
}

fn textio_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = NEW.bind_all::<0>(vm, args)?;
    let cls = class_arg(vm, bound.this, "_io.TextIOWrapper")?;
    Ok(new_native_object(vm, &cls, TextIO::new()))
}

/// The settings `__init__` takes, checked.
pub(super) struct TextSettings {
    pub encoding: Option<String>,
    pub errors: Option<String>,
    pub newline: Option<String>,
    pub line_buffering: bool,
    pub write_through: bool,
}

fn textio_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [buffer, encoding, errors, newline, line_buffering, write_through]) =
        INIT.bind(vm, args)?;
    let this = given(this);
    let buffer = given(buffer);
    let encoding = optional_str_arg(vm, &encoding, "TextIOWrapper", "encoding")?;
    let errors = match &errors {
        None | Some(Value::None) => None,
        Some(e) => match abstract_::value_as_str(e) {
            Some(s) => Some(s.to_owned()),
            None => {
                return Err(vm.new_type_error(format!(
                    "TextIOWrapper() argument 'errors' must be str or None, not {}",
                    vm.type_name_of(e)
                )))
            }
        },
    };
    let newline = optional_str_arg(vm, &newline, "TextIOWrapper", "newline")?;
    let settings = TextSettings {
        encoding,
        errors,
        newline,
        line_buffering: int_bool_arg(vm, line_buffering, false)?,
        write_through: int_bool_arg(vm, write_through, false)?,
    };
    init_wrapper(vm, &this, buffer, settings)?;
    Ok(Value::None)
}

/// `TextIOWrapper.__init__` once the arguments are checked.
pub(super) fn init_wrapper(
    vm: &mut Vm,
    this: &Value,
    buffer: Value,
    settings: TextSettings,
) -> PyResult<()> {
    let t = this_textio(vm, this)?;
    t.ok.set(false);
    t.detached.set(false);
    validate_newline(vm, settings.newline.as_deref())?;
    let encoding = match settings.encoding.as_deref() {
        None | Some("locale") => LOCALE_ENCODING.to_owned(),
        Some(e) => e.to_owned(),
    };
    let errors = settings.errors.unwrap_or_else(|| "strict".to_owned());
    let codec = choose_codec(vm, &encoding, &errors)?;
    *t.decoded.borrow_mut() = None;
    *t.snapshot.borrow_mut() = None;
    t.pending.borrow_mut().clear();
    t.b2cratio.set(0.0);
    *t.encoding.borrow_mut() = vm.new_str(encoding);
    *t.errors.borrow_mut() = vm.new_str(errors.clone());
    t.chunk_size.set(8192);
    t.line_buffering.set(settings.line_buffering);
    t.write_through.set(settings.write_through);
    t.set_newline(settings.newline.as_deref());
    *t.buffer.borrow_mut() = buffer.clone();

    let state = io_state(vm)?;
    t.exact.set(is_exact(this, &state.text_io_wrapper));
    t.buffer_exact
        .set(bufferedio::exact_buffered(vm, &buffer).is_some());
    t.buffer_fileio.set(is_exact(&buffer, &state.file_io));
    set_codec(vm, t, &buffer, &codec, &errors)?;
    let seekable = super::call_bool(vm, &buffer, "seekable")?;
    t.seekable.set(seekable);
    t.telling.set(seekable);
    t.has_read1
        .set(abstract_::getattr_optional(vm, &buffer, "read1")?.is_some());
    t.encoding_start_of_stream.set(false);
    fix_encoder_state(vm, t, &buffer)?;
    t.ok.set(true);
    Ok(())
}

/// Makes the decoder (when the buffer is readable) and the encoder (when it is
/// writable) for `codec`.
fn set_codec(
    vm: &mut Vm,
    t: &TextIO,
    buffer: &Value,
    codec: &CodecChoice,
    errors: &str,
) -> PyResult<()> {
    if super::call_bool(vm, buffer, "readable")? {
        let decoder = make_decoder(
            vm,
            codec,
            errors,
            t.readuniversal.get(),
            t.readtranslate.get(),
        )?;
        *t.decoder.borrow_mut() = Some(Rc::new(decoder));
    }
    if super::call_bool(vm, buffer, "writable")? {
        let encoder = make_encoder(vm, codec, errors)?;
        *t.encoder.borrow_mut() = Some(Rc::new(encoder));
    }
    Ok(())
}

/// An encoder that does not start at the start of the stream writes no BOM
/// (CPython's `_textiowrapper_fix_encoder_state`).
fn fix_encoder_state(vm: &mut Vm, t: &TextIO, buffer: &Value) -> PyResult<()> {
    let Some(encoder) = t.encoder() else {
        return Ok(());
    };
    if !t.seekable.get() {
        return Ok(());
    }
    t.encoding_start_of_stream.set(true);
    let position = vm.call_method(buffer, "tell", vec![])?;
    if !abstract_::rich_eq_bool(vm, &position, &Value::Int(0))? {
        t.encoding_start_of_stream.set(false);
        encoder.reset(vm, false)?;
    }
    Ok(())
}

/// Makes an exact TextIOWrapper over `buffer` with these settings (the standard
/// streams).
pub(super) fn new_std(vm: &mut Vm, buffer: Value, settings: TextSettings) -> PyResult<Value> {
    let state = io_state(vm)?;
    let obj = new_native_object(vm, &state.text_io_wrapper, TextIO::new());
    init_wrapper(vm, &obj, buffer, settings)?;
    Ok(obj)
}

fn textio_detach(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DETACH.bind(vm, args)?;
    let this = given(this);
    let t = this_textio(vm, &this)?;
    t.attached(vm)?;
    vm.call_method(&this, "flush", vec![])?;
    let buffer = std::mem::replace(&mut *t.buffer.borrow_mut(), Value::None);
    t.detached.set(true);
    t.ok.set(false);
    Ok(buffer)
}

fn textio_reconfigure(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [encoding, errors, newline, line_buffering, write_through]) =
        RECONFIGURE.bind(vm, args)?;
    let this = given(this);
    let t = this_textio(vm, &this)?;
    let newline_given = newline.is_some();
    let encoding = encoding.unwrap_or(Value::None);
    let errors = errors.unwrap_or(Value::None);
    if t.decoded.borrow().is_some() && (!encoding.is_none() || !errors.is_none() || newline_given) {
        return Err(unsupported(
            vm,
            "It is not possible to set the encoding or newline of stream after the first read",
        ));
    }
    let newline = match &newline {
        None | Some(Value::None) => None,
        Some(v) => match abstract_::value_as_str(v) {
            Some(s) => Some(s.to_owned()),
            None => {
                return Err(vm.new_type_error(format!(
                    "reconfigure() argument 'newline' must be str or None, not {}",
                    vm.type_name_of(v)
                )))
            }
        },
    };
    validate_newline(vm, newline.as_deref())?;
    let optional_bool = |vm: &mut Vm, v: Option<Value>, default: bool| match v {
        None | Some(Value::None) => Ok(default),
        some => int_bool_arg(vm, some, default),
    };
    let line_buffering = optional_bool(vm, line_buffering, t.line_buffering.get())?;
    let write_through = optional_bool(vm, write_through, t.write_through.get())?;
    vm.call_method(&this, "flush", vec![])?;
    t.b2cratio.set(0.0);
    if newline_given {
        t.set_newline(newline.as_deref());
    }
    if !encoding.is_none() || !errors.is_none() || newline_given {
        let (encoding, errors) = if encoding.is_none() {
            let errors = if errors.is_none() {
                t.errors.borrow().clone()
            } else {
                errors
            };
            (t.encoding.borrow().clone(), errors)
        } else {
            let encoding = match abstract_::value_as_str(&encoding) {
                Some("locale") => vm.new_str(LOCALE_ENCODING),
                Some(_) => encoding,
                None => {
                    return Err(vm.new_type_error(format!(
                        "reconfigure() argument 'encoding' must be str or None, not {}",
                        vm.type_name_of(&encoding)
                    )))
                }
            };
            let errors = if errors.is_none() {
                vm.new_str("strict")
            } else {
                errors
            };
            (encoding, errors)
        };
        let Some(errors_text) = abstract_::value_as_str(&errors).map(str::to_owned) else {
            return Err(vm.new_type_error(format!(
                "reconfigure() argument 'errors' must be str or None, not {}",
                vm.type_name_of(&errors)
            )));
        };
        let encoding_text = abstract_::value_as_str(&encoding)
            .unwrap_or(LOCALE_ENCODING)
            .to_owned();
        let codec = choose_codec(vm, &encoding_text, &errors_text)?;
        let buffer = t.attached(vm)?;
        set_codec(vm, t, &buffer, &codec, &errors_text)?;
        *t.encoding.borrow_mut() = encoding;
        *t.errors.borrow_mut() = errors;
        fix_encoder_state(vm, t, &buffer)?;
    }
    t.line_buffering.set(line_buffering);
    t.write_through.set(write_through);
    Ok(Value::None)
}

fn textio_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [text]) = WRITE.bind(vm, args)?;
    let this = given(this);
    let text = given(text);
    let Some(s) = as_pystr(&text) else {
        return Err(vm.new_type_error(format!(
            "write() argument must be str, not {}",
            vm.type_name_of(&text)
        )));
    };
    let t = this_textio(vm, &this)?;
    let full = s.has_surrogates().then_some(s);
    write_text(vm, &this, t, s.as_str(), full)?;
    let n = s.char_len();
    Ok(Value::Int(n as i64))
}

fn textio_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = READ.bind(vm, args)?;
    let this = given(this);
    let n = optional_size(vm, size)?;
    let t = this_textio(vm, &this)?;
    let text = read_text(vm, &this, t, n)?;
    Ok(vm.new_str(text))
}

fn textio_readline(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [size]) = READLINE.bind(vm, args)?;
    let this = given(this);
    let limit = match size {
        None => -1,
        Some(v) => abstract_::index_isize(vm, &v)?,
    };
    let t = this_textio(vm, &this)?;
    let line = readline_text(vm, &this, t, limit)?;
    Ok(vm.new_str(line))
}

/// `readline()` of an exact TextIOWrapper (for `input()` on the standard input);
/// `None` when `stream` is anything else.
pub fn readline_fast(vm: &mut Vm, stream: &Value) -> Option<PyResult<String>> {
    let t = native_data::<TextIO>(stream)?;
    if !t.exact.get() {
        return None;
    }
    Some(readline_text(vm, stream, t, -1))
}

fn textio_iternext(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let t = this_textio(vm, this)?;
    t.attached(vm)?;
    t.telling.set(false);
    let line = if t.exact.get() {
        let line = readline_text(vm, this, t, -1)?;
        vm.new_str(line)
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
        *t.snapshot.borrow_mut() = None;
        t.telling.set(t.seekable.get());
        return Ok(None);
    }
    Ok(Some(line))
}

/// `flush()` of a TextIOWrapper.
fn flush_text(vm: &mut Vm, this: &Value, t: &TextIO) -> PyResult<()> {
    let buffer = t.attached(vm)?;
    check_closed(vm, this, t, &buffer)?;
    t.telling.set(t.seekable.get());
    writeflush(vm, t)?;
    flush_buffer(vm, t, &buffer)
}

/// Flushes `stream` if it is an exact TextIOWrapper; `None` otherwise.
pub fn flush_fast(vm: &mut Vm, stream: &Value) -> Option<PyResult<()>> {
    let t = native_data::<TextIO>(stream)?;
    if !t.exact.get() {
        return None;
    }
    Some(flush_text(vm, stream, t))
}

fn textio_flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = FLUSH.bind(vm, args)?;
    let this = given(this);
    let t = this_textio(vm, &this)?;
    flush_text(vm, &this, t)?;
    Ok(Value::None)
}

fn textio_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CLOSE.bind(vm, args)?;
    let this = given(this);
    let t = this_textio(vm, &this)?;
    let buffer = t.attached(vm)?;
    let closed = abstract_::getattr_str(vm, &buffer, "closed")?;
    if abstract_::is_true(vm, &closed)? {
        return Ok(Value::None);
    }
    let flushed = vm.call_method(&this, "flush", vec![]);
    let closed = vm.call_method(&buffer, "close", vec![]);
    chain_errors(vm, flushed, closed)
}

/// The buffer's method `name`, called without arguments.
fn delegate(vm: &mut Vm, this: &Value, name: &str) -> PyResult<Value> {
    let t = this_textio(vm, this)?;
    let buffer = t.attached(vm)?;
    vm.call_method(&buffer, name, vec![])
}

fn textio_fileno(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = FILENO.bind(vm, args)?;
    delegate(vm, &given(this), "fileno")
}

fn textio_seekable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = SEEKABLE.bind(vm, args)?;
    delegate(vm, &given(this), "seekable")
}

fn textio_readable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = READABLE.bind(vm, args)?;
    delegate(vm, &given(this), "readable")
}

fn textio_writable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = WRITABLE.bind(vm, args)?;
    delegate(vm, &given(this), "writable")
}

fn textio_isatty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ISATTY.bind(vm, args)?;
    delegate(vm, &given(this), "isatty")
}

fn textio_seek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [cookie, whence]) = SEEK.bind(vm, args)?;
    let this = given(this);
    let whence = match whence {
        None => 0,
        Some(w) => c_int_arg(vm, &w)?,
    };
    let t = this_textio(vm, &this)?;
    seek(vm, &this, t, given(cookie), whence)
}

fn textio_tell(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = TELL.bind(vm, args)?;
    let this = given(this);
    let t = this_textio(vm, &this)?;
    tell(vm, &this, t)
}

fn textio_truncate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [pos]) = TRUNCATE.bind(vm, args)?;
    let this = given(this);
    let t = this_textio(vm, &this)?;
    let buffer = t.attached(vm)?;
    vm.call_method(&this, "flush", vec![])?;
    vm.call_method(&buffer, "truncate", vec![pos.unwrap_or(Value::None)])
}

fn textio_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let t = this_textio(vm, this)?;
    if !t.ok.get() && !t.detached.get() {
        return Err(vm.new_value_error("I/O operation on uninitialized object".to_owned()));
    }
    let id = match this {
        Value::Obj(o) => Rc::as_ptr(o) as *const () as usize,
        _ => 0,
    };
    if vm.repr_guard.contains(&id) {
        let name = bufferedio::tp_name(vm, this);
        return Err(vm.new_runtime_error(format!("reentrant call inside {name}.__repr__")));
    }
    vm.repr_guard.insert(id);
    let result = textio_repr_parts(vm, this, t);
    vm.repr_guard.remove(&id);
    let text = result?;
    Ok(vm.new_str(text))
}

fn textio_repr_parts(vm: &mut Vm, this: &Value, t: &TextIO) -> PyResult<String> {
    let mut text = "<_io.TextIOWrapper".to_owned();
    let name = match abstract_::getattr_optional(vm, this, "name") {
        Ok(name) => name,
        Err(e) if vm.err_matches(&e, Exc::ValueError) => None,
        Err(e) => return Err(e),
    };
    if let Some(name) = name {
        text.push_str(&format!(" name={}", abstract_::repr_string(vm, &name)?));
    }
    if let Some(mode) = abstract_::getattr_optional(vm, this, "mode")? {
        text.push_str(&format!(" mode={}", abstract_::repr_string(vm, &mode)?));
    }
    let encoding = t.encoding.borrow().clone();
    text.push_str(&format!(
        " encoding={}>",
        abstract_::repr_string(vm, &encoding)?
    ));
    Ok(text)
}

fn get_encoding(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let t = this_textio(vm, this)?;
    let encoding = t.encoding.borrow().clone();
    Ok(encoding)
}

fn get_buffer(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let t = this_textio(vm, this)?;
    let buffer = t.buffer.borrow().clone();
    Ok(buffer)
}

fn get_line_buffering(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Bool(this_textio(vm, this)?.line_buffering.get()))
}

fn get_write_through(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Bool(this_textio(vm, this)?.write_through.get()))
}

fn get_finalizing(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Bool(this_textio(vm, this)?.finalizing.get()))
}

fn set_finalizing(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    let t = this_textio(vm, this)?;
    super::fileio::set_bool_member(vm, &t.finalizing, value)
}

fn get_name(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let t = this_textio(vm, this)?;
    let buffer = t.attached(vm)?;
    abstract_::getattr_str(vm, &buffer, "name")
}

fn get_closed(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let t = this_textio(vm, this)?;
    let buffer = t.attached(vm)?;
    abstract_::getattr_str(vm, &buffer, "closed")
}

fn get_newlines(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let t = this_textio(vm, this)?;
    t.attached(vm)?;
    Ok(match t.decoder() {
        Some(decoder) => decoder.newlines(vm),
        None => Value::None,
    })
}

fn get_errors(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let t = this_textio(vm, this)?;
    if !t.ok.get() {
        t.attached(vm)?;
    }
    let errors = t.errors.borrow().clone();
    Ok(errors)
}

fn get_chunk_size(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let t = this_textio(vm, this)?;
    t.attached(vm)?;
    Ok(Value::Int(t.chunk_size.get() as i64))
}

fn set_chunk_size(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    let t = this_textio(vm, this)?;
    t.attached(vm)?;
    let Some(value) = value else {
        return Err(vm.new_attribute_error("cannot delete attribute".to_owned()));
    };
    let n = abstract_::index_isize(vm, &value)?;
    if n <= 0 {
        return Err(vm.new_value_error("a strictly positive integer is required".to_owned()));
    }
    t.chunk_size.set(n as usize);
    Ok(())
}
