//! The `_bz2` module (CPython's `Modules/_bz2module.c`): incremental bzip2
//! compression and decompression over libbzip2, for `bz2.py` (and through it
//! `tarfile`, `zipfile` and `shutil`'s archives).

mod stream;

use std::cell::{Cell, RefCell};
use std::os::raw::c_int;

use krait_vm::native::NativeTypeSpec;
use krait_vm::native::{native_data, new_native_object, new_native_type, MethodDef, NativeData};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

use crate::given;
use crate::output::{grow, next_block};
use stream::{Code, Stream};

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_bz2");
    let d = module_dict(&m).expect("a module has a dict");
    let compressor = new_native_type(vm, &COMPRESSOR_TYPE, None);
    let decompressor = new_native_type(vm, &DECOMPRESSOR_TYPE, None);
    dict::dict_set_str(vm, &d, "BZ2Compressor", Value::Obj(compressor));
    dict::dict_set_str(vm, &d, "BZ2Decompressor", Value::Obj(decompressor));
    Ok(m)
}

/// The exception CPython raises for a libbzip2 error code.
fn bz2_error(vm: &mut Vm, code: Code) -> PyErr {
    match code {
        stream::BZ_PARAM_ERROR => {
            vm.new_value_error("Internal error - invalid parameters passed to libbzip2".to_owned())
        }
        stream::BZ_MEM_ERROR => vm.new_error(Exc::MemoryError, ""),
        stream::BZ_DATA_ERROR | stream::BZ_DATA_ERROR_MAGIC => {
            vm.new_error(Exc::OSError, "Invalid data stream")
        }
        stream::BZ_IO_ERROR => vm.new_error(Exc::OSError, "Unknown I/O error"),
        stream::BZ_UNEXPECTED_EOF => vm.new_error(
            Exc::EOFError,
            "Compressed file ended before the logical end-of-stream was detected",
        ),
        stream::BZ_SEQUENCE_ERROR => vm.new_runtime_error(
            "Internal error - Invalid sequence of commands sent to libbzip2".to_owned(),
        ),
        other => vm.new_error(
            Exc::SystemError,
            format!("Unrecognized error from libbzip2: {other}"),
        ),
    }
}

/// Whether `code` is one of libbzip2's errors (they are negative).
fn is_error(code: Code) -> bool {
    code < 0
}

// ---------------------------------------------------------------------------
// BZ2Compressor

struct Compressor {
    stream: RefCell<Stream>,
    flushed: Cell<bool>,
}

impl NativeData for Compressor {
    fn holds_values(&self) -> bool {
        false
    }
}

static COMPRESSOR_NEW: Signature = Signature::new("BZ2Compressor", "($type, compresslevel=9, /)");
static COMPRESS: Signature = Signature::of("BZ2Compressor", "compress", "($self, data, /)");
static FLUSH: Signature = Signature::of("BZ2Compressor", "flush", "($self, /)");

static COMPRESSOR_TYPE: NativeTypeSpec = NativeTypeSpec {
    subclassable: true,
    new: Some(compressor_new),
    methods: &[
        MethodDef::method("compress", compressor_compress).with_signature(&COMPRESS),
        MethodDef::method("flush", compressor_flush).with_signature(&FLUSH),
    ],
    ..NativeTypeSpec::new("BZ2Compressor", "_bz2")
};

fn compressor<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Compressor> {
    native_data::<Compressor>(this)
        .ok_or_else(|| crate::wrong_receiver(vm, "_bz2.BZ2Compressor", this))
}

fn compressor_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [level]) = COMPRESSOR_NEW.bind(vm, args)?;
    let cls = crate::class_of_call(vm, cls, "BZ2Compressor")?;
    let level = match level {
        Some(v) => abstract_::index_isize(vm, &v)?,
        None => 9,
    };
    if !(1..=9).contains(&level) {
        return Err(vm.new_value_error("compresslevel must be between 1 and 9".to_owned()));
    }
    let stream = Stream::compressor(level as c_int).map_err(|code| bz2_error(vm, code))?;
    let state = Compressor {
        stream: RefCell::new(stream),
        flushed: Cell::new(false),
    };
    Ok(new_native_object(vm, &cls, state))
}

/// Runs the compressor over `input` with `action` (`BZ_RUN` until the input is
/// read, `BZ_FINISH` until the stream ends): the bytes it gives out.
fn compress_with(
    vm: &mut Vm,
    stream: &mut Stream,
    input: &[u8],
    action: c_int,
) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    let (mut read, mut produced) = (0, 0);
    loop {
        if action == stream::BZ_RUN && read == input.len() {
            break;
        }
        if produced == out.len() {
            grow(vm, &mut out, produced, next_block(produced))?;
        }
        let step = stream.step(&input[read..], &mut out[produced..], action);
        read += step.consumed;
        produced += step.produced;
        if is_error(step.code) {
            return Err(bz2_error(vm, step.code));
        }
        if action == stream::BZ_FINISH && step.code == stream::BZ_STREAM_END {
            break;
        }
    }
    out.truncate(produced);
    Ok(out)
}

fn compressor_compress(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [data]) = COMPRESS.bind(vm, args)?;
    let this = given(this);
    let state = compressor(vm, &this)?;
    let data = crate::bytes_like_arg(vm, &given(data))?;
    if state.flushed.get() {
        return Err(vm.new_value_error("Compressor has been flushed".to_owned()));
    }
    let out = compress_with(vm, &mut state.stream.borrow_mut(), &data, stream::BZ_RUN)?;
    Ok(vm.new_bytes(out))
}

fn compressor_flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = FLUSH.bind(vm, args)?;
    let this = given(this);
    let state = compressor(vm, &this)?;
    if state.flushed.replace(true) {
        return Err(vm.new_value_error("Repeated call to flush()".to_owned()));
    }
    let out = compress_with(vm, &mut state.stream.borrow_mut(), &[], stream::BZ_FINISH)?;
    Ok(vm.new_bytes(out))
}

// ---------------------------------------------------------------------------
// BZ2Decompressor

struct Decompressor {
    stream: RefCell<Stream>,
    eof: Cell<bool>,
    /// Input past the end of the stream.
    unused_data: RefCell<Vec<u8>>,
    /// Input not yet read because `max_length` bytes came out first.
    pending_input: RefCell<Vec<u8>>,
    needs_input: Cell<bool>,
    /// libbzip2 reported an error: its state is no longer usable.
    failed: Cell<bool>,
}

impl NativeData for Decompressor {
    fn holds_values(&self) -> bool {
        false
    }
}

static DECOMPRESSOR_NEW: Signature = Signature::new("BZ2Decompressor", "($type, /)");
static DECOMPRESS: Signature = Signature::of(
    "BZ2Decompressor",
    "decompress",
    "($self, /, data, max_length=-1)",
);

static DECOMPRESSOR_TYPE: NativeTypeSpec = NativeTypeSpec {
    subclassable: true,
    new: Some(decompressor_new),
    methods: &[MethodDef::method("decompress", decompressor_decompress).with_signature(&DECOMPRESS)],
    getsets: &[
        GetSet {
            name: "eof",
            get: |vm, this| Ok(Value::Bool(decompressor(vm, this)?.eof.get())),
            set: Some(crate::readonly),
        },
        GetSet {
            name: "unused_data",
            get: |vm, this| {
                let data = decompressor(vm, this)?.unused_data.borrow().clone();
                Ok(vm.new_bytes(data))
            },
            set: Some(crate::readonly),
        },
        GetSet {
            name: "needs_input",
            get: |vm, this| Ok(Value::Bool(decompressor(vm, this)?.needs_input.get())),
            set: Some(crate::readonly),
        },
    ],
    ..NativeTypeSpec::new("BZ2Decompressor", "_bz2")
};

fn decompressor<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Decompressor> {
    native_data::<Decompressor>(this)
        .ok_or_else(|| crate::wrong_receiver(vm, "_bz2.BZ2Decompressor", this))
}

fn decompressor_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, []) = DECOMPRESSOR_NEW.bind(vm, args)?;
    let cls = crate::class_of_call(vm, cls, "BZ2Decompressor")?;
    let stream = Stream::decompressor().map_err(|code| bz2_error(vm, code))?;
    let state = Decompressor {
        stream: RefCell::new(stream),
        eof: Cell::new(false),
        unused_data: RefCell::new(Vec::new()),
        pending_input: RefCell::new(Vec::new()),
        needs_input: Cell::new(true),
        failed: Cell::new(false),
    };
    Ok(new_native_object(vm, &cls, state))
}

/// `decompress(data, max_length=-1)`: at most `max_length` bytes (all when
/// negative) from what was given so far; input not read yet is kept for the next
/// call, input after the end of the stream becomes `unused_data`.
fn decompressor_decompress(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [data, max_length]) = DECOMPRESS.bind(vm, args)?;
    let this = given(this);
    let state = decompressor(vm, &this)?;
    let data = crate::bytes_like_arg(vm, &given(data))?;
    let max_length = match max_length {
        Some(v) => abstract_::index_isize(vm, &v)?,
        None => -1,
    };
    if state.eof.get() {
        return Err(vm.new_error(Exc::EOFError, "End of stream already reached"));
    }
    if state.failed.get() {
        return Err(
            vm.new_value_error("Decompressor is unusable after a previous error".to_owned())
        );
    }
    let mut input = std::mem::take(&mut *state.pending_input.borrow_mut());
    input.extend_from_slice(&data);
    let limit = usize::try_from(max_length).ok();
    let mut out = Vec::new();
    let (mut read, mut produced) = (0, 0);
    let mut stream = state.stream.borrow_mut();
    loop {
        if produced == out.len() && limit != Some(produced) {
            let block = next_block(produced);
            let room = limit.map_or(block, |l| block.min(l - produced));
            grow(vm, &mut out, produced, room)?;
        }
        let step = stream.step(&input[read..], &mut out[produced..], stream::BZ_RUN);
        read += step.consumed;
        produced += step.produced;
        if is_error(step.code) {
            state.failed.set(true);
            state.needs_input.set(false);
            return Err(bz2_error(vm, step.code));
        }
        if step.code == stream::BZ_STREAM_END {
            state.eof.set(true);
            break;
        }
        if read == input.len() || (produced == out.len() && limit == Some(produced)) {
            break;
        }
    }
    out.truncate(produced);
    if state.eof.get() {
        state.needs_input.set(false);
        state
            .unused_data
            .borrow_mut()
            .extend_from_slice(&input[read..]);
    } else if read == input.len() {
        state.needs_input.set(true);
    } else {
        state.needs_input.set(false);
        *state.pending_input.borrow_mut() = input[read..].to_vec();
    }
    Ok(vm.new_bytes(out))
}
