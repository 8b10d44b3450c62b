//! The `binascii` module (CPython's `Modules/binascii.c`): hex, base64 and uuencode
//! conversions, quoted-printable, and the CRC-32 and CRC-CCITT checksums.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

/// `binascii.Error` and `binascii.Incomplete`.
struct BinasciiState {
    error: ObjRef,
}

static HEXLIFY: Signature = Signature::of(
    "binascii",
    "hexlify",
    "($module, /, data, sep=<unrepresentable>, bytes_per_sep=1)",
);
static B2A_HEX: Signature = Signature::of(
    "binascii",
    "b2a_hex",
    "($module, /, data, sep=<unrepresentable>, bytes_per_sep=1)",
);
static UNHEXLIFY: Signature = Signature::of("binascii", "unhexlify", "($module, hexstr, /)");
static A2B_HEX: Signature = Signature::of("binascii", "a2b_hex", "($module, hexstr, /)");
static B2A_BASE64: Signature = Signature::of(
    "binascii",
    "b2a_base64",
    "($module, data, /, *, newline=True)",
);
static A2B_BASE64: Signature = Signature::of(
    "binascii",
    "a2b_base64",
    "($module, data, /, *, strict_mode=False)",
);
static CRC32: Signature = Signature::of("binascii", "crc32", "($module, data, crc=0, /)");
static CRC_HQX: Signature = Signature::of("binascii", "crc_hqx", "($module, data, crc, /)");
static B2A_UU: Signature = Signature::of(
    "binascii",
    "b2a_uu",
    "($module, data, /, *, backtick=False)",
);
static A2B_UU: Signature = Signature::of("binascii", "a2b_uu", "($module, data, /)");
static A2B_QP: Signature = Signature::of("binascii", "a2b_qp", "($module, /, data, header=False)");
static B2A_QP: Signature = Signature::of(
    "binascii",
    "b2a_qp",
    "($module, /, data, quotetabs=False, istext=True, header=False)",
);

static FUNCTIONS: [MethodDef; 12] = [
    MethodDef::staticmethod("hexlify", hexlify).with_signature(&HEXLIFY),
    MethodDef::staticmethod("b2a_hex", b2a_hex).with_signature(&B2A_HEX),
    MethodDef::staticmethod("unhexlify", unhexlify).with_signature(&UNHEXLIFY),
    MethodDef::staticmethod("a2b_hex", a2b_hex).with_signature(&A2B_HEX),
    MethodDef::staticmethod("b2a_base64", b2a_base64).with_signature(&B2A_BASE64),
    MethodDef::staticmethod("a2b_base64", a2b_base64).with_signature(&A2B_BASE64),
    MethodDef::staticmethod("crc32", crc32).with_signature(&CRC32),
    MethodDef::staticmethod("crc_hqx", crc_hqx).with_signature(&CRC_HQX),
    MethodDef::staticmethod("b2a_uu", b2a_uu).with_signature(&B2A_UU),
    MethodDef::staticmethod("a2b_uu", a2b_uu).with_signature(&A2B_UU),
    MethodDef::staticmethod("a2b_qp", a2b_qp).with_signature(&A2B_QP),
    MethodDef::staticmethod("b2a_qp", b2a_qp).with_signature(&B2A_QP),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "binascii");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "binascii", &FUNCTIONS);
    let error = crate::new_exception_class(vm, "binascii", "Error", Exc::ValueError)?;
    let incomplete = crate::new_exception_class(vm, "binascii", "Incomplete", Exc::Exception)?;
    dict::dict_set_str(vm, &d, "Error", Value::Obj(error.clone()));
    dict::dict_set_str(vm, &d, "Incomplete", Value::Obj(incomplete));
    vm.set_module_state(BinasciiState { error });
    Ok(m)
}

fn error(vm: &mut Vm, message: &str) -> PyErr {
    let class = match vm.module_state::<BinasciiState>() {
        Some(state) => state.error.clone(),
        None => vm.exc(Exc::ValueError).clone(),
    };
    let message = vm.new_str(message);
    match vm.call1(&Value::Obj(class), vec![message]) {
        Ok(Value::Obj(e)) => PyErr(e),
        Ok(_) => vm.new_value_error("binascii.Error is not an exception".to_owned()),
        Err(e) => e,
    }
}

/// A bytes-like argument.
fn data_arg(vm: &mut Vm, v: &Option<Value>) -> PyResult<Vec<u8>> {
    crate::bytes_like_arg(vm, v.as_ref().unwrap_or(&Value::None))
}

/// A bytes-like argument, or an ASCII str (the `a2b_*` functions accept both).
fn ascii_data_arg(vm: &mut Vm, v: &Option<Value>) -> PyResult<Vec<u8>> {
    if let Some(s) = v.as_ref().and_then(abstract_::value_as_str) {
        if !s.is_ascii() {
            return Err(vm.new_value_error(
                "string argument should contain only ASCII characters".to_owned(),
            ));
        }
        return Ok(s.as_bytes().to_vec());
    }
    data_arg(vm, v)
}

// ---------------------------------------------------------------------------
// Hex

fn hex_with(vm: &mut Vm, args: Args, sig: &Signature) -> PyResult<Value> {
    let [data, sep, per] = sig.bind_args(vm, args)?;
    let data = data_arg(vm, &data)?;
    let sep = match sep {
        None => None,
        Some(v) => {
            let text = match abstract_::value_as_str(&v) {
                Some(s) => s.as_bytes().to_vec(),
                None => data_arg(vm, &Some(v))?,
            };
            if text.len() != 1 {
                return Err(vm.new_value_error("sep must be length 1.".to_owned()));
            }
            if !text[0].is_ascii() {
                return Err(vm.new_value_error("sep must be ASCII.".to_owned()));
            }
            Some(text[0])
        }
    };
    let per = match per {
        Some(v) => krait_vm::objects::int::as_i64(&abstract_::index(vm, &v)?).unwrap_or(1),
        None => 1,
    };
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = Vec::with_capacity(data.len() * 3);
    let group = per.unsigned_abs() as usize;
    for (i, b) in data.iter().enumerate() {
        if let Some(sep) = sep {
            // Groups count from the right for a positive size, from the left else.
            let boundary = if per >= 0 {
                i > 0 && group > 0 && (data.len() - i) % group == 0
            } else {
                i > 0 && group > 0 && i % group == 0
            };
            if boundary {
                out.push(sep);
            }
        }
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 15)]);
    }
    Ok(vm.new_bytes(out))
}

fn hexlify(vm: &mut Vm, args: Args) -> PyResult<Value> {
    hex_with(vm, args, &HEXLIFY)
}

fn b2a_hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    hex_with(vm, args, &B2A_HEX)
}

fn from_hex(vm: &mut Vm, data: &Option<Value>) -> PyResult<Value> {
    let data = ascii_data_arg(vm, data)?;
    if data.len() % 2 != 0 {
        return Err(error(vm, "Odd-length string"));
    }
    let mut out = Vec::with_capacity(data.len() / 2);
    for pair in data.chunks(2) {
        let (Some(hi), Some(lo)) = (
            (pair[0] as char).to_digit(16),
            (pair[1] as char).to_digit(16),
        ) else {
            return Err(error(vm, "Non-hexadecimal digit found"));
        };
        out.push((hi * 16 + lo) as u8);
    }
    Ok(vm.new_bytes(out))
}

fn unhexlify(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data] = UNHEXLIFY.bind_args(vm, args)?;
    from_hex(vm, &data)
}

fn a2b_hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data] = A2B_HEX.bind_args(vm, args)?;
    from_hex(vm, &data)
}

// ---------------------------------------------------------------------------
// Base64

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b2a_base64(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, newline] = B2A_BASE64.bind_args(vm, args)?;
    let data = data_arg(vm, &data)?;
    let newline = crate::_io::int_bool_arg(vm, newline, true)?;
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4 + 1);
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(BASE64[(n >> (18 - 6 * k) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    if newline {
        out.push(b'\n');
    }
    Ok(vm.new_bytes(out))
}

fn a2b_base64(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, strict] = A2B_BASE64.bind_args(vm, args)?;
    let data = ascii_data_arg(vm, &data)?;
    let strict = crate::_io::int_bool_arg(vm, strict, false)?;
    let value_of = |c: u8| BASE64.iter().position(|b| *b == c).map(|p| p as u32);
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let (mut acc, mut bits, mut quads, mut pads) = (0u32, 0u32, 0usize, 0usize);
    let mut padding_started = false;
    for (i, &c) in data.iter().enumerate() {
        if c == b'=' {
            padding_started = true;
            if strict && i == 0 {
                return Err(error(vm, "Leading padding not allowed"));
            }
            // Enough padding completes the group and ends the data.
            if quads >= 2 && quads + pads + 1 >= 4 {
                if strict && i + 1 != data.len() {
                    return Err(error(vm, "Excess data after padding"));
                }
                quads = 0;
                break;
            }
            pads += 1;
            continue;
        }
        let Some(v) = value_of(c) else {
            if strict {
                return Err(error(vm, "Only base64 data is allowed"));
            }
            continue;
        };
        if strict && padding_started {
            return Err(error(vm, "Discontinuous padding not allowed"));
        }
        pads = 0;
        acc = acc << 6 | v;
        bits += 6;
        quads = (quads + 1) % 4;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if quads != 0 {
        let message = if quads == 1 {
            let count = data.iter().filter(|c| value_of(**c).is_some()).count();
            format!("Invalid base64-encoded string: number of data characters ({count}) cannot be 1 more than a multiple of 4")
        } else {
            "Incorrect padding".to_owned()
        };
        return Err(error(vm, &message));
    }
    Ok(vm.new_bytes(out))
}

// ---------------------------------------------------------------------------
// Checksums

fn crc32(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, crc] = CRC32.bind_args(vm, args)?;
    let data = data_arg(vm, &data)?;
    let start = match crc {
        Some(v) => {
            let n = abstract_::index(vm, &v)?;
            crate::low_bits(&n) as u32
        }
        None => 0,
    };
    let mut crc = !start;
    for &b in &data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    Ok(Value::Int(i64::from(!crc)))
}

fn crc_hqx(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, crc] = CRC_HQX.bind_args(vm, args)?;
    let data = data_arg(vm, &data)?;
    let crc = crc.unwrap_or(Value::Int(0));
    let n = abstract_::index(vm, &crc)?;
    let mut crc = (crate::low_bits(&n) & 0xffff) as u16;
    for &b in &data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    Ok(Value::Int(i64::from(crc)))
}

// ---------------------------------------------------------------------------
// uuencode

fn b2a_uu(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, backtick] = B2A_UU.bind_args(vm, args)?;
    let data = data_arg(vm, &data)?;
    let backtick = crate::_io::int_bool_arg(vm, backtick, false)?;
    if data.len() > 45 {
        return Err(error(vm, "At most 45 bytes at once"));
    }
    let encode = |v: u8| if backtick && v == 0 { b'`' } else { b' ' + v };
    let mut out = vec![encode(data.len() as u8)];
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for k in 0..4 {
            out.push(encode((n >> (18 - 6 * k) & 63) as u8));
        }
    }
    out.push(b'\n');
    Ok(vm.new_bytes(out))
}

fn a2b_uu(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data] = A2B_UU.bind_args(vm, args)?;
    let data = ascii_data_arg(vm, &data)?;
    let Some(&first) = data.first() else {
        return Ok(vm.new_bytes(vec![0; 32]));
    };
    let length = usize::from(first.wrapping_sub(b' ') & 63);
    let mut out = Vec::with_capacity(length);
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut rest = data[1..].iter();
    while out.len() < length {
        let c = match rest.next() {
            Some(b'\n' | b'\r') | None => 0,
            Some(&c) => {
                if !(b' '..=b' ' + 64).contains(&c) {
                    return Err(error(vm, "Illegal char"));
                }
                c.wrapping_sub(b' ') & 63
            }
        };
        acc = acc << 6 | u32::from(c);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    for &c in rest {
        if !matches!(c, b' ' | b'`' | b'\n' | b'\r') {
            return Err(error(vm, "Trailing garbage"));
        }
    }
    Ok(vm.new_bytes(out))
}

// ---------------------------------------------------------------------------
// Quoted-printable (RFC 1521)

/// The longest encoded line `b2a_qp` writes before a soft line break.
const QP_MAX_LINE: usize = 76;

fn a2b_qp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, header] = A2B_QP.bind_args(vm, args)?;
    let data = ascii_data_arg(vm, &data)?;
    let header = crate::_io::int_bool_arg(vm, header, false)?;
    let hex_value = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        i += 1;
        if c == b'_' && header {
            out.push(b' ');
            continue;
        }
        if c != b'=' {
            out.push(c);
            continue;
        }
        // A lone '=' at the end is dropped.
        let Some(&next) = data.get(i) else { break };
        match next {
            // A soft line break: everything up to and including the '\n' goes.
            b'\n' | b'\r' => {
                while i < data.len() && data[i] != b'\n' {
                    i += 1;
                }
                i = (i + 1).min(data.len());
            }
            // "==" decodes as '=' (what old encoders wrote).
            b'=' => {
                out.push(b'=');
                i += 1;
            }
            _ => match (hex_value(next), data.get(i + 1).and_then(|&c| hex_value(c))) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                // Anything else keeps the '=' and the characters after it.
                _ => out.push(b'='),
            },
        }
    }
    Ok(vm.new_bytes(out))
}

fn b2a_qp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, quotetabs, istext, header] = B2A_QP.bind_args(vm, args)?;
    let data = data_arg(vm, &data)?;
    let quotetabs = crate::_io::int_bool_arg(vm, quotetabs, false)?;
    let istext = crate::_io::int_bool_arg(vm, istext, true)?;
    let header = crate::_io::int_bool_arg(vm, header, false)?;
    Ok(vm.new_bytes(qp_encode(&data, quotetabs, istext, header)))
}

/// Quoted-printable encoding as `binascii.b2a_qp` does it. The line ends of the
/// output are all those of the first line end of the input ("\r\n" or "\n").
fn qp_encode(data: &[u8], quotetabs: bool, istext: bool, header: bool) -> Vec<u8> {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let crlf = data
        .iter()
        .position(|&c| c == b'\n')
        .is_some_and(|p| p > 0 && data[p - 1] == b'\r');
    let line_end: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let push_escaped = |out: &mut Vec<u8>, c: u8| {
        out.extend_from_slice(&[
            b'=',
            DIGITS[usize::from(c >> 4)],
            DIGITS[usize::from(c & 15)],
        ]);
    };
    let mut out = Vec::with_capacity(data.len() * 3 / 2);
    let mut line_len = 0;
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        let next = data.get(i + 1).copied();
        let is_last = next.is_none();
        // A '.' alone on a line could end an SMTP message.
        let lone_dot =
            c == b'.' && line_len == 0 && matches!(next, None | Some(b'\n' | b'\r' | b'\0'));
        let needs_escape = c > 126
            || c == b'='
            || (header && c == b'_')
            || lone_dot
            || (!istext && (c == b'\r' || c == b'\n'))
            || ((c == b'\t' || c == b' ') && is_last)
            || (c < 33 && c != b'\r' && c != b'\n' && (quotetabs || (c != b'\t' && c != b' ')));
        if needs_escape {
            if line_len + 3 >= QP_MAX_LINE {
                out.push(b'=');
                out.extend_from_slice(line_end);
                line_len = 0;
            }
            push_escaped(&mut out, c);
            line_len += 3;
            i += 1;
        } else if istext && (c == b'\n' || (c == b'\r' && next == Some(b'\n'))) {
            // Whitespace before a line end would be lost in transport.
            if let Some(&last @ (b' ' | b'\t')) = out.last() {
                out.pop();
                push_escaped(&mut out, last);
            }
            out.extend_from_slice(line_end);
            line_len = 0;
            i += if c == b'\r' { 2 } else { 1 };
        } else {
            if !is_last && next != Some(b'\n') && line_len + 1 >= QP_MAX_LINE {
                out.push(b'=');
                out.extend_from_slice(line_end);
                line_len = 0;
            }
            line_len += 1;
            out.push(if header && c == b' ' { b'_' } else { c });
            i += 1;
        }
    }
    out
}
