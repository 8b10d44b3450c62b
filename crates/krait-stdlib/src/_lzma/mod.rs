//! The `_lzma` module (CPython's `Modules/_lzmamodule.c`): `.xz` and `.lzma`
//! compression over liblzma for `lzma.py` (and through it `tarfile`, `zipfile`
//! and `shutil`'s archives), with filter chains given as dicts.

mod stream;

use std::cell::{Cell, RefCell};

use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

use crate::given;
use crate::output::{grow, next_block};
use stream::{Code, Filter, FilterOptions, Setup, Stream};

const FORMAT_AUTO: i64 = 0;
const FORMAT_XZ: i64 = 1;
const FORMAT_ALONE: i64 = 2;
const FORMAT_RAW: i64 = 3;
const CHECK_NONE: i64 = 0;
const CHECK_CRC64: i64 = 4;
const CHECK_UNKNOWN: i64 = 16;
const PRESET_DEFAULT: u32 = 6;
/// `LZMA_TELL_ANY_CHECK | LZMA_TELL_NO_CHECK`: the decoder says which check the
/// stream uses.
const DECODER_FLAGS: u32 = 0x04 | 0x01;

const CONSTANTS: [(&str, i64); 27] = [
    ("FORMAT_AUTO", FORMAT_AUTO),
    ("FORMAT_XZ", FORMAT_XZ),
    ("FORMAT_ALONE", FORMAT_ALONE),
    ("FORMAT_RAW", FORMAT_RAW),
    ("CHECK_NONE", CHECK_NONE),
    ("CHECK_CRC32", 1),
    ("CHECK_CRC64", CHECK_CRC64),
    ("CHECK_SHA256", 10),
    ("CHECK_ID_MAX", 15),
    ("CHECK_UNKNOWN", CHECK_UNKNOWN),
    ("FILTER_LZMA1", stream::LZMA_FILTER_LZMA1 as i64),
    ("FILTER_LZMA2", stream::LZMA_FILTER_LZMA2 as i64),
    ("FILTER_DELTA", stream::LZMA_FILTER_DELTA as i64),
    ("FILTER_X86", stream::LZMA_FILTER_X86 as i64),
    ("FILTER_IA64", stream::LZMA_FILTER_IA64 as i64),
    ("FILTER_ARM", stream::LZMA_FILTER_ARM as i64),
    ("FILTER_ARMTHUMB", stream::LZMA_FILTER_ARMTHUMB as i64),
    ("FILTER_SPARC", stream::LZMA_FILTER_SPARC as i64),
    ("FILTER_POWERPC", stream::LZMA_FILTER_POWERPC as i64),
    ("MF_HC3", 0x03),
    ("MF_HC4", 0x04),
    ("MF_BT2", 0x12),
    ("MF_BT3", 0x13),
    ("MF_BT4", 0x14),
    ("MODE_FAST", 1),
    ("MODE_NORMAL", 2),
    ("PRESET_DEFAULT", PRESET_DEFAULT as i64),
];

struct LzmaState {
    error: ObjRef,
}

static IS_CHECK_SUPPORTED: Signature =
    Signature::of("_lzma", "is_check_supported", "($module, check_id, /)");
static ENCODE_FILTER_PROPERTIES: Signature =
    Signature::of("_lzma", "_encode_filter_properties", "($module, filter, /)");
static DECODE_FILTER_PROPERTIES: Signature = Signature::of(
    "_lzma",
    "_decode_filter_properties",
    "($module, filter_id, encoded_props, /)",
);

static FUNCTIONS: [MethodDef; 3] = [
    MethodDef::staticmethod("is_check_supported", is_check_supported)
        .with_signature(&IS_CHECK_SUPPORTED),
    MethodDef::staticmethod("_encode_filter_properties", encode_filter_properties)
        .with_signature(&ENCODE_FILTER_PROPERTIES),
    MethodDef::staticmethod("_decode_filter_properties", decode_filter_properties)
        .with_signature(&DECODE_FILTER_PROPERTIES),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_lzma");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_lzma", &FUNCTIONS);
    for (name, value) in CONSTANTS {
        dict::dict_set_str(vm, &d, name, Value::Int(value));
    }
    dict::dict_set_str(vm, &d, "PRESET_EXTREME", Value::Int(1 << 31));
    let error = crate::new_exception_class(vm, "_lzma", "LZMAError", Exc::Exception)?;
    dict::dict_set_str(vm, &d, "LZMAError", Value::Obj(error.clone()));
    let compressor = new_native_type(vm, &COMPRESSOR_TYPE, None);
    let decompressor = new_native_type(vm, &DECOMPRESSOR_TYPE, None);
    dict::dict_set_str(vm, &d, "LZMACompressor", Value::Obj(compressor));
    dict::dict_set_str(vm, &d, "LZMADecompressor", Value::Obj(decompressor));
    vm.set_module_state(LzmaState { error });
    Ok(m)
}

/// An `LZMAError` with `message`.
fn lzma_error(vm: &mut Vm, message: &str) -> PyErr {
    match vm.module_state::<LzmaState>() {
        Some(state) => {
            let class = Value::Obj(state.error.clone());
            let message = vm.new_str(message);
            match vm.call1(&class, vec![message]) {
                Ok(Value::Obj(e)) => PyErr(e),
                Ok(_) => vm.new_runtime_error("bad LZMAError".to_owned()),
                Err(e) => e,
            }
        }
        None => vm.new_runtime_error("_lzma is not initialised".to_owned()),
    }
}

/// The exception CPython raises for a liblzma code, or `None` for success.
fn check_code(vm: &mut Vm, code: Code) -> PyResult<()> {
    let message = match code {
        stream::LZMA_OK
        | stream::LZMA_GET_CHECK
        | stream::LZMA_NO_CHECK
        | stream::LZMA_STREAM_END => return Ok(()),
        stream::LZMA_UNSUPPORTED_CHECK => "Unsupported integrity check",
        stream::LZMA_MEM_ERROR => return Err(vm.new_error(Exc::MemoryError, "")),
        stream::LZMA_MEMLIMIT_ERROR => "Memory usage limit exceeded",
        stream::LZMA_FORMAT_ERROR => "Input format not supported by decoder",
        stream::LZMA_OPTIONS_ERROR => "Invalid or unsupported options",
        stream::LZMA_DATA_ERROR => "Corrupt input data",
        stream::LZMA_BUF_ERROR => "Insufficient buffer space",
        stream::LZMA_PROG_ERROR => "Internal error",
        other => {
            return Err(lzma_error(
                vm,
                &format!("Unrecognized error from liblzma: {other}"),
            ))
        }
    };
    Err(lzma_error(vm, message))
}

/// An unsigned integer that fits `bits` bits (CPython's converters).
fn unsigned(vm: &mut Vm, v: &Value, bits: u32, type_name: &str) -> PyResult<u64> {
    let n = abstract_::index(vm, v)?;
    let big = krait_vm::objects::int::as_big(&n).unwrap_or_default();
    if big.sign() == num_bigint::Sign::Minus {
        return Err(vm.new_overflow_error("can't convert negative int to unsigned".to_owned()));
    }
    match u64::try_from(&big) {
        Ok(value) if bits == 64 || value >> bits == 0 => Ok(value),
        Ok(_) => Err(vm.new_overflow_error(format!("Value too large for {type_name} type"))),
        Err(_) => Err(vm.new_overflow_error("int too big to convert".to_owned())),
    }
}

fn uint32(vm: &mut Vm, v: &Value) -> PyResult<u32> {
    Ok(unsigned(vm, v, 32, "uint32_t")? as u32)
}

/// `spec[key]`, or `None` when the mapping has no such key.
fn spec_item(vm: &mut Vm, spec: &Value, key: &str) -> PyResult<Option<Value>> {
    let key = vm.new_str(key);
    match abstract_::getitem(vm, spec, &key) {
        Ok(v) => Ok(Some(v)),
        Err(e) if vm.err_matches(&e, Exc::KeyError) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The keys of a filter specifier other than `allowed`: any makes it invalid.
fn has_unknown_keys(vm: &mut Vm, spec: &Value, allowed: &[&str]) -> PyResult<bool> {
    let keys = vm.call_method(spec, "keys", vec![])?;
    for key in abstract_::collect_iterable(vm, &keys)? {
        match abstract_::value_as_str(&key) {
            Some(k) if allowed.contains(&k) => {}
            _ => return Ok(true),
        }
    }
    Ok(false)
}

/// A filter from its specifier dict (CPython's `lzma_filter_converter`).
fn parse_filter(vm: &mut Vm, spec: &Value) -> PyResult<Filter> {
    let class = vm.type_of(spec);
    if krait_vm::objects::typeobject::lookup(&class, "__getitem__").is_none() {
        return Err(
            vm.new_type_error("Filter specifier must be a dict or dict-like object".to_owned())
        );
    }
    let Some(id) = spec_item(vm, spec, "id")? else {
        return Err(vm.new_value_error("Filter specifier must have an \"id\" entry".to_owned()));
    };
    let id = unsigned(vm, &id, 64, "lzma_vli")?;
    let options = match id {
        stream::LZMA_FILTER_LZMA1 | stream::LZMA_FILTER_LZMA2 => parse_lzma_options(vm, spec)?,
        stream::LZMA_FILTER_DELTA => {
            let invalid = "Invalid filter specifier for delta filter";
            let dist = field(vm, spec, "dist", &["id", "dist"], invalid)?.unwrap_or(1);
            FilterOptions::Delta { dist }
        }
        stream::LZMA_FILTER_X86
        | stream::LZMA_FILTER_POWERPC
        | stream::LZMA_FILTER_IA64
        | stream::LZMA_FILTER_ARM
        | stream::LZMA_FILTER_ARMTHUMB
        | stream::LZMA_FILTER_SPARC => {
            let invalid = "Invalid filter specifier for BCJ filter";
            let start_offset =
                field(vm, spec, "start_offset", &["id", "start_offset"], invalid)?.unwrap_or(0);
            FilterOptions::Bcj { start_offset }
        }
        other => return Err(vm.new_value_error(format!("Invalid filter ID: {other}"))),
    };
    Ok(Filter { id, options })
}

/// An optional uint32 entry of a specifier whose keys must be among `allowed`;
/// any problem is a ValueError with `invalid`.
fn field(
    vm: &mut Vm,
    spec: &Value,
    key: &str,
    allowed: &[&str],
    invalid: &str,
) -> PyResult<Option<u32>> {
    let parsed = (|| -> PyResult<Option<u32>> {
        if has_unknown_keys(vm, spec, allowed)? {
            return Err(vm.new_value_error(String::new()));
        }
        match spec_item(vm, spec, key)? {
            Some(v) => Ok(Some(uint32(vm, &v)?)),
            None => Ok(None),
        }
    })();
    parsed.map_err(|_| vm.new_value_error(invalid.to_owned()))
}

/// LZMA1/LZMA2 options: a preset's, with the entries given overriding them.
fn parse_lzma_options(vm: &mut Vm, spec: &Value) -> PyResult<FilterOptions> {
    let preset = match spec_item(vm, spec, "preset")? {
        Some(v) => uint32(vm, &v)?,
        None => PRESET_DEFAULT,
    };
    let Some(FilterOptions::Lzma {
        mut dict_size,
        mut lc,
        mut lp,
        mut pb,
        mut mode,
        mut nice_len,
        mut mf,
        mut depth,
    }) = stream::lzma_preset(preset)
    else {
        return Err(lzma_error(
            vm,
            &format!("Invalid compression preset: {preset}"),
        ));
    };
    const KEYS: [&str; 10] = [
        "id",
        "preset",
        "dict_size",
        "lc",
        "lp",
        "pb",
        "mode",
        "nice_len",
        "mf",
        "depth",
    ];
    let invalid = "Invalid filter specifier for LZMA filter";
    for (key, slot) in [
        ("dict_size", &mut dict_size),
        ("lc", &mut lc),
        ("lp", &mut lp),
        ("pb", &mut pb),
        ("mode", &mut mode),
        ("nice_len", &mut nice_len),
        ("mf", &mut mf),
        ("depth", &mut depth),
    ] {
        if let Some(value) = field(vm, spec, key, &KEYS, invalid)? {
            *slot = value;
        }
    }
    Ok(FilterOptions::Lzma {
        dict_size,
        lc,
        lp,
        pb,
        mode,
        nice_len,
        mf,
        depth,
    })
}

/// A filter chain from a sequence of specifiers.
fn parse_chain(vm: &mut Vm, specs: &Value) -> PyResult<Vec<Filter>> {
    // A sequence, read by length and index (a dict has a length but is not one).
    let dict_type = vm.types.dict.clone();
    if vm.isinstance(specs, &dict_type) {
        return Err(vm.new_type_error(format!("{} is not a sequence", vm.type_name_of(specs))));
    }
    let count = abstract_::len(vm, specs)?;
    let specs = (0..count)
        .map(|i| abstract_::getitem(vm, specs, &Value::Int(i as i64)))
        .collect::<PyResult<Vec<Value>>>()?;
    if specs.len() > stream::FILTERS_MAX {
        return Err(vm.new_value_error(format!(
            "Too many filters - liblzma supports a maximum of {}",
            stream::FILTERS_MAX
        )));
    }
    specs.iter().map(|spec| parse_filter(vm, spec)).collect()
}

fn is_check_supported(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [check] = IS_CHECK_SUPPORTED.bind_args(vm, args)?;
    let check = abstract_::index_isize(vm, &given(check))?;
    Ok(Value::Bool(
        u32::try_from(check).is_ok_and(stream::check_is_supported),
    ))
}

fn encode_filter_properties(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [filter] = ENCODE_FILTER_PROPERTIES.bind_args(vm, args)?;
    let filter = parse_filter(vm, &given(filter))?;
    let props = stream::encode_properties(&filter).map_err(|code| {
        check_code(vm, code)
            .err()
            .unwrap_or_else(|| lzma_error(vm, "Internal error"))
    })?;
    Ok(vm.new_bytes(props))
}

fn decode_filter_properties(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [filter_id, props] = DECODE_FILTER_PROPERTIES.bind_args(vm, args)?;
    let id = unsigned(vm, &given(filter_id), 64, "lzma_vli")?;
    let props = crate::bytes_like_arg(vm, &given(props))?;
    let options = stream::decode_properties(id, &props).map_err(|code| {
        check_code(vm, code)
            .err()
            .unwrap_or_else(|| lzma_error(vm, "Internal error"))
    })?;
    let d = vm.new_dict();
    let id_value = krait_vm::objects::int::int_from_big(vm, id.into());
    dict::dict_set_str(vm, &d, "id", id_value);
    match options {
        Some(FilterOptions::Lzma {
            dict_size,
            lc,
            lp,
            pb,
            ..
        }) => {
            if id == stream::LZMA_FILTER_LZMA1 {
                dict::dict_set_str(vm, &d, "lc", Value::Int(lc.into()));
                dict::dict_set_str(vm, &d, "lp", Value::Int(lp.into()));
                dict::dict_set_str(vm, &d, "pb", Value::Int(pb.into()));
            }
            dict::dict_set_str(vm, &d, "dict_size", Value::Int(dict_size.into()));
        }
        Some(FilterOptions::Delta { dist }) => {
            dict::dict_set_str(vm, &d, "dist", Value::Int(dist.into()));
        }
        Some(FilterOptions::Bcj { start_offset }) => {
            dict::dict_set_str(vm, &d, "start_offset", Value::Int(start_offset.into()));
        }
        None => {}
    }
    Ok(Value::Obj(d))
}

// ---------------------------------------------------------------------------
// LZMACompressor

struct Compressor {
    stream: RefCell<Stream>,
    flushed: Cell<bool>,
}

impl NativeData for Compressor {
    fn holds_values(&self) -> bool {
        false
    }
}

static COMPRESSOR_NEW: Signature = Signature::new(
    "LZMACompressor",
    "($type, /, format=1, check=-1, preset=None, filters=None)",
);
static COMPRESS: Signature = Signature::of("LZMACompressor", "compress", "($self, data, /)");
static FLUSH: Signature = Signature::of("LZMACompressor", "flush", "($self, /)");

static COMPRESSOR_TYPE: NativeTypeSpec = NativeTypeSpec {
    subclassable: true,
    new: Some(compressor_new),
    methods: &[
        MethodDef::method("compress", compressor_compress).with_signature(&COMPRESS),
        MethodDef::method("flush", compressor_flush).with_signature(&FLUSH),
    ],
    ..NativeTypeSpec::new("LZMACompressor", "_lzma")
};

fn compressor<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Compressor> {
    native_data::<Compressor>(this)
        .ok_or_else(|| crate::wrong_receiver(vm, "_lzma.LZMACompressor", this))
}

fn none_to_option(v: Option<Value>) -> Option<Value> {
    v.filter(|v| !v.is_none())
}

fn compressor_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [format, check, preset, filters]) = COMPRESSOR_NEW.bind(vm, args)?;
    let cls = crate::class_of_call(vm, cls, "LZMACompressor")?;
    let format = match format {
        Some(v) => abstract_::index_isize(vm, &v)? as i64,
        None => FORMAT_XZ,
    };
    let mut check = match check {
        Some(v) => abstract_::index_isize(vm, &v)? as i64,
        None => -1,
    };
    let preset = none_to_option(preset);
    let filters = none_to_option(filters);
    if format != FORMAT_XZ && check != -1 && check != CHECK_NONE {
        return Err(
            vm.new_value_error("Integrity checks are only supported by FORMAT_XZ".to_owned())
        );
    }
    if preset.is_some() && filters.is_some() {
        return Err(vm.new_value_error("Cannot specify both preset and filter chain".to_owned()));
    }
    let preset = match preset {
        Some(v) => uint32(vm, &v)?,
        None => PRESET_DEFAULT,
    };
    let chain = match &filters {
        Some(specs) => Some(parse_chain(vm, specs)?),
        None => None,
    };
    let setup = match format {
        FORMAT_XZ => {
            if check == -1 {
                check = CHECK_CRC64;
            }
            let check = check as u32;
            match &chain {
                None => Setup::Easy { preset, check },
                Some(filters) => Setup::XzEncoder { filters, check },
            }
        }
        FORMAT_ALONE => {
            let options = match &chain {
                None => match stream::lzma_preset(preset) {
                    Some(options) => options,
                    None => {
                        return Err(lzma_error(
                            vm,
                            &format!("Invalid compression preset: {preset}"),
                        ))
                    }
                },
                Some(filters)
                    if filters.len() == 1 && filters[0].id == stream::LZMA_FILTER_LZMA1 =>
                {
                    filters[0].options
                }
                Some(_) => {
                    return Err(vm.new_value_error(
                        "Invalid filter chain for FORMAT_ALONE - must be a single LZMA1 filter"
                            .to_owned(),
                    ))
                }
            };
            Setup::AloneEncoder { options }
        }
        FORMAT_RAW => match &chain {
            Some(filters) => Setup::RawEncoder { filters },
            None => {
                return Err(vm.new_value_error("Must specify filters for FORMAT_RAW".to_owned()))
            }
        },
        other => {
            return Err(vm.new_value_error(format!("Invalid container format: {other}")));
        }
    };
    let stream = match Stream::new(setup) {
        Ok(stream) => stream,
        Err(code) => {
            check_code(vm, code)?;
            return Err(lzma_error(vm, "Internal error"));
        }
    };
    let state = Compressor {
        stream: RefCell::new(stream),
        flushed: Cell::new(false),
    };
    Ok(new_native_object(vm, &cls, state))
}

/// Runs the encoder over `input` with `action` (`LZMA_RUN` until the input is
/// read, `LZMA_FINISH` until the stream ends): the bytes it gives out.
fn compress_with(
    vm: &mut Vm,
    stream: &mut Stream,
    input: &[u8],
    action: lzma_sys::lzma_action,
) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    let (mut read, mut produced) = (0, 0);
    grow(vm, &mut out, 0, next_block(0))?;
    loop {
        let step = stream.step(&input[read..], &mut out[produced..], action);
        read += step.consumed;
        produced += step.produced;
        let mut code = step.code;
        // No progress with no input and room to spare is not an error.
        if code == stream::LZMA_BUF_ERROR && input.is_empty() && !step.output_full {
            code = stream::LZMA_OK;
        }
        check_code(vm, code)?;
        if (action == stream::LZMA_RUN && read == input.len())
            || (action == stream::LZMA_FINISH && code == stream::LZMA_STREAM_END)
        {
            break;
        }
        if produced == out.len() {
            grow(vm, &mut out, produced, next_block(produced))?;
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
    let out = compress_with(vm, &mut state.stream.borrow_mut(), &data, stream::LZMA_RUN)?;
    Ok(vm.new_bytes(out))
}

fn compressor_flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = FLUSH.bind(vm, args)?;
    let this = given(this);
    let state = compressor(vm, &this)?;
    if state.flushed.replace(true) {
        return Err(vm.new_value_error("Repeated call to flush()".to_owned()));
    }
    let out = compress_with(vm, &mut state.stream.borrow_mut(), &[], stream::LZMA_FINISH)?;
    Ok(vm.new_bytes(out))
}

// ---------------------------------------------------------------------------
// LZMADecompressor

struct Decompressor {
    stream: RefCell<Stream>,
    check: Cell<i64>,
    eof: Cell<bool>,
    unused_data: RefCell<Vec<u8>>,
    /// Input not yet read because `max_length` bytes came out first.
    pending_input: RefCell<Vec<u8>>,
    needs_input: Cell<bool>,
}

impl NativeData for Decompressor {
    fn holds_values(&self) -> bool {
        false
    }
}

static DECOMPRESSOR_NEW: Signature = Signature::new(
    "LZMADecompressor",
    "($type, /, format=0, memlimit=None, filters=None)",
);
static DECOMPRESS: Signature = Signature::of(
    "LZMADecompressor",
    "decompress",
    "($self, /, data, max_length=-1)",
);

static DECOMPRESSOR_TYPE: NativeTypeSpec = NativeTypeSpec {
    subclassable: true,
    new: Some(decompressor_new),
    methods: &[MethodDef::method("decompress", decompressor_decompress).with_signature(&DECOMPRESS)],
    getsets: &[
        GetSet {
            name: "check",
            get: |vm, this| Ok(Value::Int(decompressor(vm, this)?.check.get())),
            set: Some(crate::readonly),
        },
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
    ..NativeTypeSpec::new("LZMADecompressor", "_lzma")
};

fn decompressor<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Decompressor> {
    native_data::<Decompressor>(this)
        .ok_or_else(|| crate::wrong_receiver(vm, "_lzma.LZMADecompressor", this))
}

fn decompressor_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [format, memlimit, filters]) = DECOMPRESSOR_NEW.bind(vm, args)?;
    let cls = crate::class_of_call(vm, cls, "LZMADecompressor")?;
    let format = match format {
        Some(v) => abstract_::index_isize(vm, &v)? as i64,
        None => FORMAT_AUTO,
    };
    let memlimit = none_to_option(memlimit);
    let filters = none_to_option(filters);
    if memlimit.is_some() && format == FORMAT_RAW {
        return Err(vm.new_value_error("Cannot specify memory limit with FORMAT_RAW".to_owned()));
    }
    let memlimit = match memlimit {
        Some(v) => unsigned(vm, &v, 64, "uint64_t")?,
        None => u64::MAX,
    };
    if format == FORMAT_RAW && filters.is_none() {
        return Err(vm.new_value_error("Must specify filters for FORMAT_RAW".to_owned()));
    }
    if format != FORMAT_RAW && filters.is_some() {
        return Err(vm.new_value_error("Cannot specify filters except with FORMAT_RAW".to_owned()));
    }
    let chain = match &filters {
        Some(specs) => parse_chain(vm, specs)?,
        None => Vec::new(),
    };
    let (setup, check) = match format {
        FORMAT_AUTO => (
            Setup::AutoDecoder {
                memlimit,
                flags: DECODER_FLAGS,
            },
            CHECK_UNKNOWN,
        ),
        FORMAT_XZ => (
            Setup::XzDecoder {
                memlimit,
                flags: DECODER_FLAGS,
            },
            CHECK_UNKNOWN,
        ),
        FORMAT_ALONE => (Setup::AloneDecoder { memlimit }, CHECK_NONE),
        FORMAT_RAW => (Setup::RawDecoder { filters: &chain }, CHECK_NONE),
        other => return Err(vm.new_value_error(format!("Invalid container format: {other}"))),
    };
    let stream = match Stream::new(setup) {
        Ok(stream) => stream,
        Err(code) => {
            check_code(vm, code)?;
            return Err(lzma_error(vm, "Internal error"));
        }
    };
    let state = Decompressor {
        stream: RefCell::new(stream),
        check: Cell::new(check),
        eof: Cell::new(false),
        unused_data: RefCell::new(Vec::new()),
        pending_input: RefCell::new(Vec::new()),
        needs_input: Cell::new(true),
    };
    Ok(new_native_object(vm, &cls, state))
}

/// `decompress(data, max_length=-1)`: as `BZ2Decompressor.decompress`, also
/// noting the stream's integrity check once the decoder knows it.
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
        return Err(vm.new_error(Exc::EOFError, "Already at end of stream"));
    }
    let mut input = std::mem::take(&mut *state.pending_input.borrow_mut());
    input.extend_from_slice(&data);
    let limit = usize::try_from(max_length).ok();
    let mut out = Vec::new();
    let (mut read, mut produced) = (0, 0);
    let mut output_full;
    let mut stream = state.stream.borrow_mut();
    let first = limit.map_or(next_block(0), |l| l.min(next_block(0)));
    grow(vm, &mut out, 0, first)?;
    loop {
        let step = stream.step(&input[read..], &mut out[produced..], stream::LZMA_RUN);
        read += step.consumed;
        produced += step.produced;
        output_full = step.output_full;
        let mut code = step.code;
        // Truncated input: no progress, all input read, room to spare.
        if code == stream::LZMA_BUF_ERROR && read == input.len() && !step.output_full {
            code = stream::LZMA_OK;
        }
        check_code(vm, code)?;
        if code == stream::LZMA_GET_CHECK || code == stream::LZMA_NO_CHECK {
            state.check.set(i64::from(stream.check()));
        }
        if code == stream::LZMA_STREAM_END {
            state.eof.set(true);
            break;
        }
        if step.output_full {
            if limit == Some(produced) {
                break;
            }
            let block = next_block(produced);
            let room = limit.map_or(block, |l| block.min(l - produced));
            grow(vm, &mut out, produced, room)?;
        } else if read == input.len() {
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
        // With the output full, the decoder may still hold bytes to give.
        state.needs_input.set(!output_full);
    } else {
        state.needs_input.set(false);
        *state.pending_input.borrow_mut() = input[read..].to_vec();
    }
    Ok(vm.new_bytes(out))
}
