//! The CJK codecs (CPython's `Modules/cjkcodecs`): `_multibytecodec` with the
//! `MultibyteCodec` type and the base classes of the incremental coders and
//! streams, and the modules `_codecs_jp`, `_codecs_cn`, `_codecs_kr`,
//! `_codecs_tw`, `_codecs_hk` and `_codecs_iso2022`, whose `getcodec(name)` gives
//! the codecs the `encodings` package wraps. Which names exist and how far their
//! tables follow CPython's is in `codecs`.

mod codecs;
mod coding;

use std::cell::RefCell;

use encoding_rs::{Decoder, Encoder, Encoding};
use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::str::StrBuf;
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyResult, Value, Vm};

/// The types, made once per interpreter so every import shares them.
struct CjkState {
    codec_type: ObjRef,
    decoder_type: ObjRef,
    encoder_type: ObjRef,
}

/// A codec: its CPython name and the encoding it runs on.
struct CodecData {
    name: &'static str,
    encoding: &'static Encoding,
}

impl NativeData for CodecData {
    fn holds_values(&self) -> bool {
        false
    }
}

/// The state of an incremental decoder: what a sequence cut off so far needs.
struct DecoderData {
    name: &'static str,
    encoding: &'static Encoding,
    decoder: RefCell<Option<Decoder>>,
    /// The last bytes given, where a sequence the decoder keeps began.
    tail: RefCell<Vec<u8>>,
}

impl NativeData for DecoderData {
    fn holds_values(&self) -> bool {
        false
    }
}

/// The state of an incremental encoder: the shift state of a stateful encoding.
struct EncoderData {
    name: &'static str,
    encoding: &'static Encoding,
    encoder: RefCell<Option<Encoder>>,
}

impl NativeData for EncoderData {
    fn holds_values(&self) -> bool {
        false
    }
}

static CODEC_ENCODE: Signature =
    Signature::of("MultibyteCodec", "encode", "($self, /, input, errors=None)");
static CODEC_DECODE: Signature =
    Signature::of("MultibyteCodec", "decode", "($self, /, input, errors=None)");
static CODEC_MAKE: Signature = Signature::of("MultibyteCodec", "_coder", "($self, /)");
static CODER_ENCODE: Signature = Signature::of(
    "_Encoder",
    "encode",
    "($self, input, errors, final=False, /)",
);
static CODER_DECODE: Signature = Signature::of(
    "_Decoder",
    "decode",
    "($self, input, errors, final=False, /)",
);
static CODER_RESET: Signature = Signature::of("_Coder", "reset", "($self, /)");
static GET_PENDING: Signature = Signature::of("_Decoder", "getpending", "($self, /)");
static SET_PENDING: Signature = Signature::of("_Decoder", "setpending", "($self, pending, /)");

static CODEC_TYPE: NativeTypeSpec = NativeTypeSpec {
    methods: &[
        MethodDef::method("encode", codec_encode).with_signature(&CODEC_ENCODE),
        MethodDef::method("decode", codec_decode).with_signature(&CODEC_DECODE),
        MethodDef::method("_encoder", codec_encoder).with_signature(&CODEC_MAKE),
        MethodDef::method("_decoder", codec_decoder).with_signature(&CODEC_MAKE),
    ],
    ..NativeTypeSpec::new("MultibyteCodec", "_multibytecodec")
};

static DECODER_TYPE: NativeTypeSpec = NativeTypeSpec {
    methods: &[
        MethodDef::method("decode", coder_decode).with_signature(&CODER_DECODE),
        MethodDef::method("reset", decoder_reset).with_signature(&CODER_RESET),
        MethodDef::method("getpending", decoder_getpending).with_signature(&GET_PENDING),
        MethodDef::method("setpending", decoder_setpending).with_signature(&SET_PENDING),
    ],
    ..NativeTypeSpec::new("_Decoder", "_multibytecodec")
};

static ENCODER_TYPE: NativeTypeSpec = NativeTypeSpec {
    methods: &[
        MethodDef::method("encode", coder_encode).with_signature(&CODER_ENCODE),
        MethodDef::method("reset", encoder_reset).with_signature(&CODER_RESET),
    ],
    ..NativeTypeSpec::new("_Encoder", "_multibytecodec")
};

fn state(vm: &mut Vm) -> std::rc::Rc<CjkState> {
    if let Some(state) = vm.module_state::<CjkState>() {
        return state;
    }
    let codec_type = new_native_type(vm, &CODEC_TYPE, None);
    let decoder_type = new_native_type(vm, &DECODER_TYPE, None);
    let encoder_type = new_native_type(vm, &ENCODER_TYPE, None);
    vm.set_module_state(CjkState {
        codec_type,
        decoder_type,
        encoder_type,
    });
    vm.module_state::<CjkState>()
        .expect("the state was just set")
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    crate::frozen_module(
        vm,
        "_multibytecodec",
        crate::python_part!("_multibytecodec"),
        |vm, d| {
            let codec_type = state(vm).codec_type.clone();
            dict::dict_set_str(vm, d, "MultibyteCodec", Value::Obj(codec_type));
            Ok(())
        },
    )
}

// ---------------------------------------------------------------------------
// The codec modules

fn codec_module(vm: &mut Vm, name: &'static str, defs: &'static [MethodDef]) -> ObjRef {
    let m = new_module(vm, name);
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, name, defs);
    m
}

/// `getcodec(encoding)` of the module that holds the names `names`.
fn getcodec(
    vm: &mut Vm,
    signature: &Signature,
    args: Args,
    names: &[&'static str],
) -> PyResult<Value> {
    let [encoding] = signature.bind_args(vm, args)?;
    let encoding = encoding.unwrap_or(Value::None);
    let Some(name) = abstract_::value_as_str(&encoding) else {
        return Err(vm.new_type_error("encoding name must be a string.".to_owned()));
    };
    let found = names
        .iter()
        .find(|n| **n == name)
        .and_then(|n| codecs::encoding_of(n).map(|e| (*n, e)));
    let Some((name, encoding)) = found else {
        return Err(vm.new_error(Exc::LookupError, "no such codec is supported."));
    };
    let class = state(vm).codec_type.clone();
    Ok(new_native_object(vm, &class, CodecData { name, encoding }))
}

/// Declares a `_codecs_*` module: its `init` and its `getcodec`.
macro_rules! codec_module {
    ($init:ident, $index:expr) => {
        pub fn $init(vm: &mut Vm) -> PyResult<ObjRef> {
            const MODULE: &str = codecs::MODULES[$index].0;
            static GETCODEC: Signature =
                Signature::of(MODULE, "getcodec", "($module, encoding, /)");
            fn getcodec_here(vm: &mut Vm, args: Args) -> PyResult<Value> {
                getcodec(vm, &GETCODEC, args, codecs::MODULES[$index].1)
            }
            static FUNCTIONS: [MethodDef; 1] =
                [MethodDef::staticmethod("getcodec", getcodec_here).with_signature(&GETCODEC)];
            Ok(codec_module(vm, MODULE, &FUNCTIONS))
        }
    };
}

codec_module!(init_jp, 0);
codec_module!(init_cn, 1);
codec_module!(init_kr, 2);
codec_module!(init_tw, 3);
codec_module!(init_hk, 4);
codec_module!(init_iso2022, 5);

// ---------------------------------------------------------------------------
// MultibyteCodec

fn this_codec<'a>(vm: &mut Vm, this: &'a Option<Value>) -> PyResult<&'a CodecData> {
    match this.as_ref().and_then(native_data::<CodecData>) {
        Some(codec) => Ok(codec),
        None => Err(vm.new_type_error(
            "descriptor requires a '_multibytecodec.MultibyteCodec' object".to_owned(),
        )),
    }
}

fn errors_name(vm: &mut Vm, errors: Option<Value>) -> PyResult<String> {
    match errors {
        None | Some(Value::None) => Ok("strict".to_owned()),
        Some(v) => match abstract_::value_as_str(&v) {
            Some(s) => Ok(s.to_owned()),
            None => Err(vm.new_type_error(format!(
                "errors must be a string, not {}",
                vm.type_name_of(&v)
            ))),
        },
    }
}

/// The code points of a str argument (lone surrogates included).
fn text_points(vm: &mut Vm, input: &Value) -> PyResult<Vec<u32>> {
    match input.as_obj().and_then(|o| o.str_data()) {
        Some(s) => Ok(s.code_points().collect()),
        None => Err(vm.new_type_error("couldn't convert the object to unicode.".to_owned())),
    }
}

fn codec_encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [input, errors]) = CODEC_ENCODE.bind(vm, args)?;
    let codec = this_codec(vm, &this)?;
    let (name, encoding) = (codec.name, codec.encoding);
    let input = input.unwrap_or(Value::None);
    let errors = errors_name(vm, errors)?;
    let points = text_points(vm, &input)?;
    let mut encoder = encoding.new_encoder();
    let mut out = Vec::with_capacity(points.len() * 2);
    coding::encode(
        vm,
        name,
        &mut encoder,
        &input,
        &points,
        &errors,
        true,
        &mut out,
    )?;
    let bytes = vm.new_bytes(out);
    Ok(vm.new_tuple(vec![bytes, Value::Int(points.len() as i64)]))
}

fn codec_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [input, errors]) = CODEC_DECODE.bind(vm, args)?;
    let codec = this_codec(vm, &this)?;
    let (name, encoding) = (codec.name, codec.encoding);
    let data = crate::bytes_like_arg(vm, input.as_ref().unwrap_or(&Value::None))?;
    let errors = errors_name(vm, errors)?;
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = StrBuf::with_capacity(data.len() * 2);
    let input = coding::Input {
        before: &[],
        data: &data,
    };
    coding::decode(
        vm,
        name,
        encoding,
        &mut decoder,
        input,
        &errors,
        true,
        &mut out,
    )?;
    let text = vm.new_text(out);
    Ok(vm.new_tuple(vec![text, Value::Int(data.len() as i64)]))
}

fn codec_encoder(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CODEC_MAKE.bind(vm, args)?;
    let codec = this_codec(vm, &this)?;
    let data = EncoderData {
        name: codec.name,
        encoding: codec.encoding,
        encoder: RefCell::new(Some(codec.encoding.new_encoder())),
    };
    let class = state(vm).encoder_type.clone();
    Ok(new_native_object(vm, &class, data))
}

fn codec_decoder(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CODEC_MAKE.bind(vm, args)?;
    let codec = this_codec(vm, &this)?;
    let data = DecoderData {
        name: codec.name,
        encoding: codec.encoding,
        decoder: RefCell::new(Some(codec.encoding.new_decoder_without_bom_handling())),
        tail: RefCell::new(Vec::new()),
    };
    let class = state(vm).decoder_type.clone();
    Ok(new_native_object(vm, &class, data))
}

// ---------------------------------------------------------------------------
// The incremental coders

fn is_final(vm: &mut Vm, last: Option<Value>) -> PyResult<bool> {
    match last {
        None => Ok(false),
        Some(v) => abstract_::is_true(vm, &v),
    }
}

fn coder_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [input, errors, last]) = CODER_DECODE.bind(vm, args)?;
    let Some(coder) = this.as_ref().and_then(native_data::<DecoderData>) else {
        return Err(vm.new_type_error("expected a decoder".to_owned()));
    };
    let data = crate::bytes_like_arg(vm, input.as_ref().unwrap_or(&Value::None))?;
    let errors = errors_name(vm, errors)?;
    let last = is_final(vm, last)?;
    let mut out = StrBuf::with_capacity(data.len() * 2);
    if !coding::stateful(coder.encoding) {
        return decode_stateless(vm, coder, &data, &errors, last, out);
    }
    // The decoder is taken out while error handlers (Python code) may run.
    let mut decoder = coder
        .decoder
        .take()
        .unwrap_or_else(|| coder.encoding.new_decoder_without_bom_handling());
    let before = coder.tail.take();
    let input = coding::Input {
        before: &before,
        data: &data,
    };
    let result = coding::decode(
        vm,
        coder.name,
        coder.encoding,
        &mut decoder,
        input,
        &errors,
        last,
        &mut out,
    );
    coder.decoder.replace(Some(decoder));
    if !last {
        // Four bytes cover the longest sequence (GB18030's).
        let mut tail = before;
        tail.extend_from_slice(&data);
        let keep = tail.len().saturating_sub(4);
        tail.drain(..keep);
        coder.tail.replace(tail);
    }
    result?;
    Ok(vm.new_text(out))
}

/// Decoding with an encoding without shift states: the bytes of a sequence cut
/// off are kept (`tail`) and go before the next input, and an error leaves them
/// as they were, as CPython's decoder does.
fn decode_stateless(
    vm: &mut Vm,
    coder: &DecoderData,
    data: &[u8],
    errors: &str,
    last: bool,
    mut out: StrBuf,
) -> PyResult<Value> {
    let mut buffer = coder.tail.borrow().clone();
    buffer.extend_from_slice(data);
    let keep = if last {
        0
    } else {
        coding::incomplete_tail(coder.encoding, &buffer)
    };
    let (body, rest) = buffer.split_at(buffer.len() - keep);
    let mut decoder = coder.encoding.new_decoder_without_bom_handling();
    let input = coding::Input {
        before: &[],
        data: body,
    };
    coding::decode(
        vm,
        coder.name,
        coder.encoding,
        &mut decoder,
        input,
        errors,
        true,
        &mut out,
    )?;
    coder.tail.replace(rest.to_vec());
    Ok(vm.new_text(out))
}

fn coder_encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [input, errors, last]) = CODER_ENCODE.bind(vm, args)?;
    let Some(coder) = this.as_ref().and_then(native_data::<EncoderData>) else {
        return Err(vm.new_type_error("expected an encoder".to_owned()));
    };
    let input = input.unwrap_or(Value::None);
    let points = text_points(vm, &input)?;
    let errors = errors_name(vm, errors)?;
    let last = is_final(vm, last)?;
    let mut encoder = coder
        .encoder
        .take()
        .unwrap_or_else(|| coder.encoding.new_encoder());
    let mut out = Vec::with_capacity(points.len() * 2);
    let result = coding::encode(
        vm,
        coder.name,
        &mut encoder,
        &input,
        &points,
        &errors,
        last,
        &mut out,
    );
    if last {
        encoder = coder.encoding.new_encoder();
    }
    coder.encoder.replace(Some(encoder));
    result?;
    Ok(vm.new_bytes(out))
}

fn decoder_reset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CODER_RESET.bind(vm, args)?;
    if let Some(coder) = this.as_ref().and_then(native_data::<DecoderData>) {
        coder
            .decoder
            .replace(Some(coder.encoding.new_decoder_without_bom_handling()));
        coder.tail.take();
    }
    Ok(Value::None)
}

fn encoder_reset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CODER_RESET.bind(vm, args)?;
    if let Some(coder) = this.as_ref().and_then(native_data::<EncoderData>) {
        coder.encoder.replace(Some(coder.encoding.new_encoder()));
    }
    Ok(Value::None)
}

/// The bytes of a sequence cut off that the decoder keeps (none are known for a
/// stateful encoding, whose decoder keeps them itself).
fn decoder_getpending(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = GET_PENDING.bind(vm, args)?;
    let pending = match this.as_ref().and_then(native_data::<DecoderData>) {
        Some(coder) if !coding::stateful(coder.encoding) => coder.tail.borrow().clone(),
        _ => Vec::new(),
    };
    Ok(vm.new_bytes(pending))
}

fn decoder_setpending(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [pending]) = SET_PENDING.bind(vm, args)?;
    let pending = crate::bytes_like_arg(vm, pending.as_ref().unwrap_or(&Value::None))?;
    if let Some(coder) = this.as_ref().and_then(native_data::<DecoderData>) {
        coder
            .decoder
            .replace(Some(coder.encoding.new_decoder_without_bom_handling()));
        if !coding::stateful(coder.encoding) {
            coder.tail.replace(pending);
        }
    }
    Ok(Value::None)
}
