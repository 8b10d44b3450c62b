//! The `zlib` module (CPython's `Modules/zlibmodule.c`) on the system's C zlib, the
//! library python3.11 uses, so compressed bytes are the same as CPython's: one-shot
//! `compress`/`decompress`, the `Compress` and `Decompress` stream objects, and the
//! `crc32`/`adler32` checksums.
//!
//! `ZLIB_VERSION` is the version of the library in use, as `ZLIB_RUNTIME_VERSION`
//! (CPython's is the version of the headers it was built with).

mod stream;

use std::cell::{Cell, RefCell};
use std::os::raw::c_int;

use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::str_methods::{c_int_arg, index_arg};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

use crate::given;
use stream::{Code, Stream};

const MAX_WBITS: c_int = 15;
const DEFLATED: c_int = 8;
const DEF_MEM_LEVEL: c_int = 8;
const DEF_BUF_SIZE: usize = 16 * 1024;
const Z_DEFAULT_COMPRESSION: c_int = -1;
const Z_DEFAULT_STRATEGY: c_int = 0;

/// The module's integer constants.
const CONSTANTS: [(&str, c_int); 20] = [
    ("MAX_WBITS", MAX_WBITS),
    ("DEFLATED", DEFLATED),
    ("DEF_MEM_LEVEL", DEF_MEM_LEVEL),
    ("DEF_BUF_SIZE", DEF_BUF_SIZE as c_int),
    ("Z_NO_COMPRESSION", 0),
    ("Z_BEST_SPEED", 1),
    ("Z_BEST_COMPRESSION", 9),
    ("Z_DEFAULT_COMPRESSION", Z_DEFAULT_COMPRESSION),
    ("Z_FILTERED", 1),
    ("Z_HUFFMAN_ONLY", 2),
    ("Z_RLE", 3),
    ("Z_FIXED", 4),
    ("Z_DEFAULT_STRATEGY", Z_DEFAULT_STRATEGY),
    ("Z_NO_FLUSH", stream::Z_NO_FLUSH),
    ("Z_PARTIAL_FLUSH", stream::Z_PARTIAL_FLUSH),
    ("Z_SYNC_FLUSH", stream::Z_SYNC_FLUSH),
    ("Z_FULL_FLUSH", stream::Z_FULL_FLUSH),
    ("Z_FINISH", stream::Z_FINISH),
    ("Z_BLOCK", stream::Z_BLOCK),
    ("Z_TREES", stream::Z_TREES),
];

/// `zlib.error` and the stream types.
struct ZlibState {
    error: ObjRef,
    compress_type: ObjRef,
    decompress_type: ObjRef,
}

static COMPRESS: Signature = Signature::of(
    "zlib",
    "compress",
    "($module, data, /, level=Z_DEFAULT_COMPRESSION, wbits=MAX_WBITS)",
);
static DECOMPRESS: Signature = Signature::of(
    "zlib",
    "decompress",
    "($module, data, /, wbits=MAX_WBITS, bufsize=DEF_BUF_SIZE)",
);
static COMPRESSOBJ: Signature = Signature::of(
    "zlib",
    "compressobj",
    "($module, /, level=Z_DEFAULT_COMPRESSION, method=DEFLATED,\n            wbits=MAX_WBITS, memLevel=DEF_MEM_LEVEL,\n            strategy=Z_DEFAULT_STRATEGY, zdict=None)",
);
static DECOMPRESSOBJ: Signature = Signature::of(
    "zlib",
    "decompressobj",
    "($module, /, wbits=MAX_WBITS, zdict=b'')",
);
static CRC32: Signature = Signature::of("zlib", "crc32", "($module, data, value=0, /)");
static ADLER32: Signature = Signature::of("zlib", "adler32", "($module, data, value=1, /)");

static FUNCTIONS: [MethodDef; 6] = [
    MethodDef::staticmethod("adler32", adler32).with_signature(&ADLER32),
    MethodDef::staticmethod("compress", compress).with_signature(&COMPRESS),
    MethodDef::staticmethod("compressobj", compressobj).with_signature(&COMPRESSOBJ),
    MethodDef::staticmethod("crc32", crc32).with_signature(&CRC32),
    MethodDef::staticmethod("decompress", decompress).with_signature(&DECOMPRESS),
    MethodDef::staticmethod("decompressobj", decompressobj).with_signature(&DECOMPRESSOBJ),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "zlib");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "zlib", &FUNCTIONS);
    let error = crate::new_exception_class(vm, "zlib", "error", Exc::Exception)?;
    dict::dict_set_str(vm, &d, "error", Value::Obj(error.clone()));
    for (name, value) in CONSTANTS {
        dict::dict_set_str(vm, &d, name, Value::Int(i64::from(value)));
    }
    let version = stream::runtime_version();
    for name in ["ZLIB_VERSION", "ZLIB_RUNTIME_VERSION"] {
        let value = vm.new_str(version.as_str());
        dict::dict_set_str(vm, &d, name, value);
    }
    let module_version = vm.new_str("1.0");
    dict::dict_set_str(vm, &d, "__version__", module_version);
    let compress_type = new_native_type(vm, &COMPRESS_TYPE, None);
    let decompress_type = new_native_type(vm, &DECOMPRESS_TYPE, None);
    vm.set_module_state(ZlibState {
        error,
        compress_type,
        decompress_type,
    });
    Ok(m)
}

fn state(vm: &mut Vm) -> PyResult<std::rc::Rc<ZlibState>> {
    vm.module_state::<ZlibState>()
        .ok_or_else(|| vm.new_runtime_error("zlib is not initialised".to_owned()))
}

/// A `zlib.error` with `message`.
fn error(vm: &mut Vm, message: String) -> PyErr {
    let class = match state(vm) {
        Ok(state) => state.error.clone(),
        Err(e) => return e,
    };
    let message = vm.new_str(message);
    match vm.call1(&Value::Obj(class), vec![message]) {
        Ok(Value::Obj(e)) => PyErr(e),
        Ok(_) => vm.new_runtime_error("zlib.error is not an exception".to_owned()),
        Err(e) => e,
    }
}

/// The `zlib.error` for zlib's `code` while doing `what`, with zlib's message or
/// the usual one for the code.
fn zlib_error(vm: &mut Vm, stream: &Stream, code: Code, what: &str) -> PyErr {
    code_error(vm, code, stream.message(), what)
}

/// `zlib_error` given zlib's message (or none) rather than the stream.
fn code_error(vm: &mut Vm, code: Code, message: Option<String>, what: &str) -> PyErr {
    let message = if code == stream::Z_VERSION_ERROR {
        Some("library version mismatch".to_owned())
    } else {
        message.or_else(|| {
            match code {
                stream::Z_BUF_ERROR => Some("incomplete or truncated stream"),
                stream::Z_STREAM_ERROR => Some("inconsistent stream state"),
                stream::Z_DATA_ERROR => Some("invalid input data"),
                _ => None,
            }
            .map(str::to_owned)
        })
    };
    match message {
        Some(message) => {
            let message: String = message.chars().take(200).collect();
            error(vm, format!("Error {code} {what}: {message}"))
        }
        None => error(vm, format!("Error {code} {what}")),
    }
}

// ---------------------------------------------------------------------------
// Arguments

fn int_arg(vm: &mut Vm, v: Option<Value>, default: c_int) -> PyResult<c_int> {
    match v {
        Some(v) => Ok(c_int_arg(vm, &v)? as c_int),
        None => Ok(default),
    }
}

fn ssize_arg(vm: &mut Vm, v: Option<Value>, default: isize) -> PyResult<isize> {
    match v {
        Some(v) => index_arg(vm, &v),
        None => Ok(default),
    }
}

/// An `unsigned_int(bitwise=True)` argument: any int, its low 32 bits.
fn checksum_arg(vm: &mut Vm, v: Option<Value>, default: u32) -> PyResult<u32> {
    match v {
        Some(v) => {
            let n = abstract_::index(vm, &v)?;
            Ok(crate::low_bits(&n) as u32)
        }
        None => Ok(default),
    }
}

fn data_arg(vm: &mut Vm, v: Option<Value>) -> PyResult<Vec<u8>> {
    crate::bytes_like_arg(vm, &given(v))
}

// ---------------------------------------------------------------------------
// Output

/// The sizes of the successive output blocks CPython gives zlib
/// (`pycore_blocks_output_buffer.h`), so zlib is called as often and with as much
/// room as there.
struct OutputBlocks {
    made: usize,
    allocated: usize,
    first: usize,
    limit: Option<usize>,
}

const BLOCK_SIZES: [usize; 17] = [
    32 << 10,
    64 << 10,
    256 << 10,
    1 << 20,
    4 << 20,
    8 << 20,
    16 << 20,
    16 << 20,
    32 << 20,
    32 << 20,
    32 << 20,
    32 << 20,
    64 << 20,
    64 << 20,
    128 << 20,
    128 << 20,
    256 << 20,
];

impl OutputBlocks {
    /// Blocks starting at `first` bytes (CPython's first block size unless a
    /// `bufsize` is given), in all at most `limit` bytes.
    fn new(first: Option<usize>, limit: Option<usize>) -> OutputBlocks {
        let first = first.unwrap_or(BLOCK_SIZES[0]);
        OutputBlocks {
            made: 0,
            allocated: 0,
            first: limit.map_or(first, |l| first.min(l)),
            limit,
        }
    }

    /// The room of the next block; 0 once the limit is reached.
    fn next(&mut self) -> usize {
        let size = if self.made == 0 {
            self.first
        } else {
            let size = BLOCK_SIZES
                .get(self.made)
                .copied()
                .unwrap_or(BLOCK_SIZES[BLOCK_SIZES.len() - 1]);
            self.limit
                .map_or(size, |l| size.min(l.saturating_sub(self.allocated)))
        };
        self.made += 1;
        self.allocated += size;
        size
    }

    fn full(&self) -> bool {
        self.limit.is_some_and(|l| self.allocated >= l)
    }
}

/// At most 4 GiB of input per round, as zlib's counters hold.
fn chunk_len(remaining: usize) -> usize {
    remaining.min(u32::MAX as usize)
}

/// Runs a deflate stream over `data` as CPython does: each chunk of input with
/// `flush` (Z_FINISH for the last one if `finish`), zlib called again while it
/// fills its output block. `what` names the work in errors.
fn deflate_all(
    vm: &mut Vm,
    stream: &mut Stream,
    data: &[u8],
    flush: c_int,
    finish: bool,
    what: &str,
) -> PyResult<(Vec<u8>, Code)> {
    let mut out = Vec::new();
    let mut blocks = OutputBlocks::new(None, None);
    let mut input = data;
    let mut code;
    loop {
        let mut chunk = &input[..chunk_len(input.len())];
        input = &input[chunk.len()..];
        let mode = if finish && input.is_empty() {
            stream::Z_FINISH
        } else {
            flush
        };
        loop {
            let room = blocks.next();
            let (result, taken) = stream.step(chunk, &mut out, room, mode);
            code = result;
            chunk = &chunk[taken..];
            if code == stream::Z_STREAM_ERROR {
                return Err(zlib_error(vm, stream, code, what));
            }
            if out.len() < blocks.allocated {
                break;
            }
        }
        if input.is_empty() {
            return Ok((out, code));
        }
    }
}

/// How `inflate_all` asks for output.
#[derive(Clone, Copy)]
enum InflateMode {
    /// Z_SYNC_FLUSH (`Decompress.decompress`).
    Sync,
    /// Z_FINISH for the last chunk of input (`decompress`, `Decompress.flush`).
    FinishAtEnd,
}

/// Runs an inflate stream over `data` as CPython does, until the stream ends, the
/// input is used up, `blocks` are full or zlib reports an error (its code is
/// returned; only a failure to set `zdict` raises). Returns the output, zlib's last
/// code and how much of `data` was taken.
fn inflate_all(
    vm: &mut Vm,
    stream: &mut Stream,
    data: &[u8],
    mode: InflateMode,
    mut blocks: OutputBlocks,
    zdict: Option<&Value>,
) -> PyResult<(Vec<u8>, Code, usize)> {
    let mut out = Vec::new();
    let mut taken_total = 0;
    let mut code = stream::Z_OK;
    'rounds: loop {
        let end = taken_total + chunk_len(data.len() - taken_total);
        let flush = match mode {
            InflateMode::Sync => stream::Z_SYNC_FLUSH,
            InflateMode::FinishAtEnd if end == data.len() => stream::Z_FINISH,
            InflateMode::FinishAtEnd => stream::Z_NO_FLUSH,
        };
        let mut room_left = 0;
        loop {
            if room_left == 0 {
                if blocks.full() {
                    break 'rounds;
                }
                room_left = blocks.next();
            }
            let before = out.len();
            let (result, taken) = stream.step(&data[taken_total..end], &mut out, room_left, flush);
            code = result;
            taken_total += taken;
            room_left -= out.len() - before;
            match code {
                stream::Z_OK | stream::Z_BUF_ERROR | stream::Z_STREAM_END => {}
                stream::Z_NEED_DICT if zdict.is_some() => {
                    set_inflate_dictionary(vm, stream, zdict)?;
                }
                _ => break 'rounds,
            }
            if room_left != 0 && code != stream::Z_NEED_DICT {
                break;
            }
        }
        if code == stream::Z_STREAM_END || end == data.len() {
            break;
        }
    }
    Ok((out, code, taken_total))
}

fn set_inflate_dictionary(vm: &mut Vm, stream: &mut Stream, zdict: Option<&Value>) -> PyResult<()> {
    let Some(zdict) = zdict else { return Ok(()) };
    let bytes = crate::bytes_like_arg(vm, zdict)?;
    if u32::try_from(bytes.len()).is_err() {
        return Err(
            vm.new_overflow_error("zdict length does not fit in an unsigned int".to_owned())
        );
    }
    let code = stream.set_dictionary(&bytes);
    if code != stream::Z_OK {
        return Err(zlib_error(vm, stream, code, "while setting zdict"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// One-shot functions and checksums

fn compress(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, level, wbits] = COMPRESS.bind_args(vm, args)?;
    let data = data_arg(vm, data)?;
    let level = int_arg(vm, level, Z_DEFAULT_COMPRESSION)?;
    let wbits = int_arg(vm, wbits, MAX_WBITS)?;
    let mut stream =
        match Stream::deflate(level, DEFLATED, wbits, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY) {
            Ok(stream) => stream,
            Err((stream::Z_MEM_ERROR, _)) => {
                return Err(vm.new_error(Exc::MemoryError, "Out of memory while compressing data"))
            }
            Err((stream::Z_STREAM_ERROR, _)) => {
                return Err(error(vm, "Bad compression level".to_owned()))
            }
            Err((code, message)) => {
                return Err(code_error(vm, code, message, "while compressing data"))
            }
        };
    let (out, _) = deflate_all(
        vm,
        &mut stream,
        &data,
        stream::Z_NO_FLUSH,
        true,
        "while compressing data",
    )?;
    let code = stream.end();
    if code != stream::Z_OK {
        return Err(zlib_error(vm, &stream, code, "while finishing compression"));
    }
    Ok(vm.new_bytes(out))
}

fn decompress(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, wbits, bufsize] = DECOMPRESS.bind_args(vm, args)?;
    let data = data_arg(vm, data)?;
    let wbits = int_arg(vm, wbits, MAX_WBITS)?;
    let bufsize = ssize_arg(vm, bufsize, DEF_BUF_SIZE as isize)?;
    if bufsize < 0 {
        return Err(vm.new_value_error("bufsize must be non-negative".to_owned()));
    }
    let mut stream = match Stream::inflate(wbits) {
        Ok(stream) => stream,
        Err((stream::Z_MEM_ERROR, _)) => {
            return Err(vm.new_error(Exc::MemoryError, "Out of memory while decompressing data"))
        }
        Err((code, message)) => {
            return Err(code_error(
                vm,
                code,
                message,
                "while preparing to decompress data",
            ))
        }
    };
    let blocks = OutputBlocks::new(Some(bufsize.max(1) as usize), None);
    let (out, code, _) = inflate_all(
        vm,
        &mut stream,
        &data,
        InflateMode::FinishAtEnd,
        blocks,
        None,
    )?;
    if code == stream::Z_MEM_ERROR {
        return Err(vm.new_error(Exc::MemoryError, "Out of memory while decompressing data"));
    }
    if code != stream::Z_STREAM_END {
        let err = zlib_error(vm, &stream, code, "while decompressing data");
        stream.end();
        return Err(err);
    }
    let code = stream.end();
    if code != stream::Z_OK {
        return Err(zlib_error(
            vm,
            &stream,
            code,
            "while finishing decompression",
        ));
    }
    Ok(vm.new_bytes(out))
}

fn crc32(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, value] = CRC32.bind_args(vm, args)?;
    let data = data_arg(vm, data)?;
    let value = checksum_arg(vm, value, 0)?;
    Ok(Value::Int(i64::from(stream::crc32(value, &data))))
}

fn adler32(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, value] = ADLER32.bind_args(vm, args)?;
    let data = data_arg(vm, data)?;
    let value = checksum_arg(vm, value, 1)?;
    Ok(Value::Int(i64::from(stream::adler32(value, &data))))
}

// ---------------------------------------------------------------------------
// Compress

struct Compressor {
    stream: RefCell<Stream>,
}

impl NativeData for Compressor {
    fn holds_values(&self) -> bool {
        false
    }
}

static COMPRESS_COMPRESS: Signature = Signature::of("Compress", "compress", "($self, data, /)");
static COMPRESS_FLUSH: Signature =
    Signature::of("Compress", "flush", "($self, mode=zlib.Z_FINISH, /)");
static COMPRESS_COPY: Signature = Signature::of("Compress", "copy", "($self, /)");
static COMPRESS_COPY_DUNDER: Signature = Signature::of("Compress", "__copy__", "($self, /)");
static COMPRESS_DEEPCOPY: Signature = Signature::of("Compress", "__deepcopy__", "($self, memo, /)");

static COMPRESS_TYPE: NativeTypeSpec = NativeTypeSpec {
    methods: &[
        MethodDef::method("compress", compress_compress).with_signature(&COMPRESS_COMPRESS),
        MethodDef::method("flush", compress_flush).with_signature(&COMPRESS_FLUSH),
        MethodDef::method("copy", compress_copy).with_signature(&COMPRESS_COPY),
        MethodDef::method("__copy__", compress_copy_dunder).with_signature(&COMPRESS_COPY_DUNDER),
        MethodDef::method("__deepcopy__", compress_deepcopy).with_signature(&COMPRESS_DEEPCOPY),
    ],
    ..NativeTypeSpec::new("Compress", "zlib")
};

fn compressor<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Compressor> {
    native_data::<Compressor>(this).ok_or_else(|| crate::wrong_receiver(vm, "zlib.Compress", this))
}

fn compressobj(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [level, method, wbits, mem_level, strategy, zdict] = COMPRESSOBJ.bind_args(vm, args)?;
    let level = int_arg(vm, level, Z_DEFAULT_COMPRESSION)?;
    let method = int_arg(vm, method, DEFLATED)?;
    let wbits = int_arg(vm, wbits, MAX_WBITS)?;
    let mem_level = int_arg(vm, mem_level, DEF_MEM_LEVEL)?;
    let strategy = int_arg(vm, strategy, Z_DEFAULT_STRATEGY)?;
    let zdict = match zdict {
        Some(Value::None) | None => None,
        Some(v) => Some(crate::bytes_like_arg(vm, &v)?),
    };
    if zdict
        .as_ref()
        .is_some_and(|d| u32::try_from(d.len()).is_err())
    {
        return Err(
            vm.new_overflow_error("zdict length does not fit in an unsigned int".to_owned())
        );
    }
    let mut stream = match Stream::deflate(level, method, wbits, mem_level, strategy) {
        Ok(stream) => stream,
        Err((stream::Z_MEM_ERROR, _)) => {
            return Err(vm.new_error(
                Exc::MemoryError,
                "Can't allocate memory for compression object",
            ))
        }
        Err((stream::Z_STREAM_ERROR, _)) => {
            return Err(vm.new_value_error("Invalid initialization option".to_owned()))
        }
        Err((code, message)) => {
            return Err(code_error(
                vm,
                code,
                message,
                "while creating compression object",
            ))
        }
    };
    if let Some(zdict) = zdict {
        match stream.set_dictionary(&zdict) {
            stream::Z_OK => {}
            stream::Z_STREAM_ERROR => {
                return Err(vm.new_value_error("Invalid dictionary".to_owned()))
            }
            _ => return Err(vm.new_value_error("deflateSetDictionary()".to_owned())),
        }
    }
    let class = state(vm)?.compress_type.clone();
    Ok(new_native_object(
        vm,
        &class,
        Compressor {
            stream: RefCell::new(stream),
        },
    ))
}

fn compress_compress(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [data]) = COMPRESS_COMPRESS.bind(vm, args)?;
    let this = given(this);
    let compressor = compressor(vm, &this)?;
    let data = data_arg(vm, data)?;
    let mut stream = compressor.stream.borrow_mut();
    let (out, _) = deflate_all(
        vm,
        &mut stream,
        &data,
        stream::Z_NO_FLUSH,
        false,
        "while compressing data",
    )?;
    Ok(vm.new_bytes(out))
}

fn compress_flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [mode]) = COMPRESS_FLUSH.bind(vm, args)?;
    let this = given(this);
    let compressor = compressor(vm, &this)?;
    let mode = int_arg(vm, mode, stream::Z_FINISH)?;
    // Flushing with Z_NO_FLUSH does nothing.
    if mode == stream::Z_NO_FLUSH {
        return Ok(vm.new_bytes(Vec::new()));
    }
    let mut stream = compressor.stream.borrow_mut();
    let (out, code) = deflate_all(vm, &mut stream, &[], mode, false, "while flushing")?;
    if code == stream::Z_STREAM_END && mode == stream::Z_FINISH {
        let code = stream.end();
        if code != stream::Z_OK {
            return Err(zlib_error(vm, &stream, code, "while finishing compression"));
        }
    } else if code != stream::Z_OK && code != stream::Z_BUF_ERROR {
        return Err(zlib_error(vm, &stream, code, "while flushing"));
    }
    Ok(vm.new_bytes(out))
}

fn copy_compressor(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let compressor = compressor(vm, this)?;
    let copy = compressor.stream.borrow_mut().copy();
    let stream = match copy {
        Ok(stream) => stream,
        Err(stream::Z_STREAM_ERROR) => {
            return Err(vm.new_value_error("Inconsistent stream state".to_owned()))
        }
        Err(stream::Z_MEM_ERROR) => {
            return Err(vm.new_error(
                Exc::MemoryError,
                "Can't allocate memory for compression object",
            ))
        }
        Err(code) => {
            let stream = compressor.stream.borrow();
            return Err(zlib_error(
                vm,
                &stream,
                code,
                "while copying compression object",
            ));
        }
    };
    let class = state(vm)?.compress_type.clone();
    Ok(new_native_object(
        vm,
        &class,
        Compressor {
            stream: RefCell::new(stream),
        },
    ))
}

fn compress_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = COMPRESS_COPY.bind(vm, args)?;
    copy_compressor(vm, &given(this))
}

fn compress_copy_dunder(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = COMPRESS_COPY_DUNDER.bind(vm, args)?;
    copy_compressor(vm, &given(this))
}

fn compress_deepcopy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [_memo]) = COMPRESS_DEEPCOPY.bind(vm, args)?;
    copy_compressor(vm, &given(this))
}

// ---------------------------------------------------------------------------
// Decompress

struct Decompressor {
    stream: RefCell<Stream>,
    /// Input past the end of the compressed stream.
    unused_data: RefCell<Vec<u8>>,
    /// Input not yet read because `max_length` was reached.
    unconsumed_tail: RefCell<Vec<u8>>,
    eof: Cell<bool>,
    zdict: Option<Value>,
}

impl NativeData for Decompressor {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        if let Some(zdict) = &self.zdict {
            visit(zdict);
        }
        true
    }
}

static DECOMPRESS_DECOMPRESS: Signature =
    Signature::of("Decompress", "decompress", "($self, data, /, max_length=0)");
static DECOMPRESS_FLUSH: Signature = Signature::of(
    "Decompress",
    "flush",
    "($self, length=zlib.DEF_BUF_SIZE, /)",
);
static DECOMPRESS_COPY: Signature = Signature::of("Decompress", "copy", "($self, /)");
static DECOMPRESS_COPY_DUNDER: Signature = Signature::of("Decompress", "__copy__", "($self, /)");
static DECOMPRESS_DEEPCOPY: Signature =
    Signature::of("Decompress", "__deepcopy__", "($self, memo, /)");

static DECOMPRESS_TYPE: NativeTypeSpec = NativeTypeSpec {
    methods: &[
        MethodDef::method("decompress", decompress_decompress)
            .with_signature(&DECOMPRESS_DECOMPRESS),
        MethodDef::method("flush", decompress_flush).with_signature(&DECOMPRESS_FLUSH),
        MethodDef::method("copy", decompress_copy).with_signature(&DECOMPRESS_COPY),
        MethodDef::method("__copy__", decompress_copy_dunder)
            .with_signature(&DECOMPRESS_COPY_DUNDER),
        MethodDef::method("__deepcopy__", decompress_deepcopy).with_signature(&DECOMPRESS_DEEPCOPY),
    ],
    getsets: &[
        GetSet {
            name: "unused_data",
            get: |vm, this| {
                let data = decompressor(vm, this)?.unused_data.borrow().clone();
                Ok(vm.new_bytes(data))
            },
            set: Some(crate::readonly),
        },
        GetSet {
            name: "unconsumed_tail",
            get: |vm, this| {
                let data = decompressor(vm, this)?.unconsumed_tail.borrow().clone();
                Ok(vm.new_bytes(data))
            },
            set: Some(crate::readonly),
        },
        GetSet {
            name: "eof",
            get: |vm, this| Ok(Value::Bool(decompressor(vm, this)?.eof.get())),
            set: Some(crate::readonly),
        },
    ],
    ..NativeTypeSpec::new("Decompress", "zlib")
};

fn decompressor<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Decompressor> {
    native_data::<Decompressor>(this)
        .ok_or_else(|| crate::wrong_receiver(vm, "zlib.Decompress", this))
}

fn decompressobj(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [wbits, zdict] = DECOMPRESSOBJ.bind_args(vm, args)?;
    let wbits = int_arg(vm, wbits, MAX_WBITS)?;
    if let Some(zdict) = &zdict {
        if crate::bytes_like(vm, zdict)?.is_none() {
            return Err(
                vm.new_type_error("zdict argument must support the buffer protocol".to_owned())
            );
        }
    }
    let mut stream = match Stream::inflate(wbits) {
        Ok(stream) => stream,
        Err((stream::Z_STREAM_ERROR, _)) => {
            return Err(vm.new_value_error("Invalid initialization option".to_owned()))
        }
        Err((stream::Z_MEM_ERROR, _)) => {
            return Err(vm.new_error(
                Exc::MemoryError,
                "Can't allocate memory for decompression object",
            ))
        }
        Err((code, message)) => {
            return Err(code_error(
                vm,
                code,
                message,
                "while creating decompression object",
            ))
        }
    };
    // A raw stream has no header to ask for its dictionary: it is set at once.
    if wbits < 0 {
        set_inflate_dictionary(vm, &mut stream, zdict.as_ref())?;
    }
    let class = state(vm)?.decompress_type.clone();
    Ok(new_native_object(
        vm,
        &class,
        Decompressor {
            stream: RefCell::new(stream),
            unused_data: RefCell::new(Vec::new()),
            unconsumed_tail: RefCell::new(Vec::new()),
            eof: Cell::new(false),
            zdict,
        },
    ))
}

/// Keeps the input `inflate_all` left (CPython's `save_unconsumed_input`): past the
/// end of the stream it goes to `unused_data`; `unconsumed_tail` becomes what is
/// left when the output limit stopped zlib, or when the tail had something before
/// (then even bytes that went to `unused_data`, as in CPython).
fn save_unconsumed_input(decompressor: &Decompressor, data: &[u8], taken: usize, code: Code) {
    let left = data.get(taken..).unwrap_or_default();
    let mut unread = left.len();
    if code == stream::Z_STREAM_END && !left.is_empty() {
        decompressor
            .unused_data
            .borrow_mut()
            .extend_from_slice(left);
        unread = 0;
    }
    let mut tail = decompressor.unconsumed_tail.borrow_mut();
    if unread > 0 || !tail.is_empty() {
        *tail = left.to_vec();
    }
}

fn decompress_decompress(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [data, max_length]) = DECOMPRESS_DECOMPRESS.bind(vm, args)?;
    let this = given(this);
    let decompressor = decompressor(vm, &this)?;
    let data = data_arg(vm, data)?;
    let max_length = ssize_arg(vm, max_length, 0)?;
    if max_length < 0 {
        return Err(vm.new_value_error("max_length must be non-negative".to_owned()));
    }
    let limit = (max_length > 0).then_some(max_length as usize);
    let mut stream = decompressor.stream.borrow_mut();
    let blocks = OutputBlocks::new(None, limit);
    let zdict = decompressor.zdict.as_ref();
    let (out, code, taken) = inflate_all(vm, &mut stream, &data, InflateMode::Sync, blocks, zdict)?;
    save_unconsumed_input(decompressor, &data, taken, code);
    if code == stream::Z_STREAM_END {
        decompressor.eof.set(true);
    } else if code != stream::Z_OK && code != stream::Z_BUF_ERROR {
        return Err(zlib_error(vm, &stream, code, "while decompressing data"));
    }
    Ok(vm.new_bytes(out))
}

fn decompress_flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [length]) = DECOMPRESS_FLUSH.bind(vm, args)?;
    let this = given(this);
    let decompressor = decompressor(vm, &this)?;
    let length = ssize_arg(vm, length, DEF_BUF_SIZE as isize)?;
    if length <= 0 {
        return Err(vm.new_value_error("length must be greater than zero".to_owned()));
    }
    let data = decompressor.unconsumed_tail.borrow().clone();
    let mut stream = decompressor.stream.borrow_mut();
    let blocks = OutputBlocks::new(Some(length as usize), None);
    let zdict = decompressor.zdict.as_ref();
    let (out, code, taken) = inflate_all(
        vm,
        &mut stream,
        &data,
        InflateMode::FinishAtEnd,
        blocks,
        zdict,
    )?;
    save_unconsumed_input(decompressor, &data, taken, code);
    // Errors other than in ending the stream pass silently, as in CPython.
    if code == stream::Z_STREAM_END {
        decompressor.eof.set(true);
        let code = stream.end();
        if code != stream::Z_OK {
            return Err(zlib_error(
                vm,
                &stream,
                code,
                "while finishing decompression",
            ));
        }
    }
    Ok(vm.new_bytes(out))
}

fn copy_decompressor(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let decompressor = decompressor(vm, this)?;
    let copy = decompressor.stream.borrow_mut().copy();
    let stream = match copy {
        Ok(stream) => stream,
        Err(stream::Z_STREAM_ERROR) => {
            return Err(vm.new_value_error("Inconsistent stream state".to_owned()))
        }
        Err(stream::Z_MEM_ERROR) => {
            return Err(vm.new_error(
                Exc::MemoryError,
                "Can't allocate memory for decompression object",
            ))
        }
        Err(code) => {
            let stream = decompressor.stream.borrow();
            return Err(zlib_error(
                vm,
                &stream,
                code,
                "while copying decompression object",
            ));
        }
    };
    let class = state(vm)?.decompress_type.clone();
    Ok(new_native_object(
        vm,
        &class,
        Decompressor {
            stream: RefCell::new(stream),
            unused_data: RefCell::new(decompressor.unused_data.borrow().clone()),
            unconsumed_tail: RefCell::new(decompressor.unconsumed_tail.borrow().clone()),
            eof: Cell::new(decompressor.eof.get()),
            zdict: decompressor.zdict.clone(),
        },
    ))
}

fn decompress_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DECOMPRESS_COPY.bind(vm, args)?;
    copy_decompressor(vm, &given(this))
}

fn decompress_copy_dunder(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DECOMPRESS_COPY_DUNDER.bind(vm, args)?;
    copy_decompressor(vm, &given(this))
}

fn decompress_deepcopy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [_memo]) = DECOMPRESS_DEEPCOPY.bind(vm, args)?;
    copy_decompressor(vm, &given(this))
}
