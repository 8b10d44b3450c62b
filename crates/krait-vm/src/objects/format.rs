//! The format-spec mini-language (CPython's `Python/formatter_unicode.c`) and float to
//! text conversion (`Python/pystrtod.c`'s `PyOS_double_to_string`):
//! `[[fill]align][sign][z][#][0][width][grouping][.precision][type]` for str, int,
//! float and complex. Only the C locale exists, so `n` never groups.

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive};

use crate::{PyResult, Vm};

#[derive(Debug, Clone)]
pub struct Spec {
    pub fill: char,
    pub align: char,
    pub align_given: bool,
    pub sign: Option<char>,
    pub no_neg_zero: bool,
    pub alternate: bool,
    pub width: Option<usize>,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub kind: Option<char>,
}

fn is_align(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

fn read_integer(vm: &mut Vm, chars: &[char], i: &mut usize) -> PyResult<Option<usize>> {
    let start = *i;
    let mut value: usize = 0;
    while *i < chars.len() && chars[*i].is_ascii_digit() {
        let d = chars[*i] as usize - '0' as usize;
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(d))
            .filter(|v| *v <= isize::MAX as usize)
            .ok_or_else(|| {
                vm.new_value_error("Too many decimal digits in format string".to_owned())
            })?;
        *i += 1;
    }
    Ok((*i > start).then_some(value))
}

/// Parses a format spec; `default_align` is `<` for str and `>` for numbers,
/// `default_type` the type letter assumed when none is given (for the grouping check).
/// Widths past this many characters are checked against the memory the padded
/// text needs before any is laid out.
const LARGE_WIDTH: usize = 1 << 20;

/// A width too wide for the padded text to fit in memory is a MemoryError, as
/// CPython's allocation failure is, not an abort later while padding.
fn ensure_room_for_width(vm: &mut Vm, width: Option<usize>, fill_bytes: usize) -> PyResult<()> {
    match width {
        Some(w) if w > LARGE_WIDTH => {
            let room = w.checked_mul(fill_bytes).and_then(|bytes| {
                let mut probe: Vec<u8> = Vec::new();
                probe.try_reserve_exact(bytes).ok()
            });
            match room {
                Some(()) => Ok(()),
                None => Err(vm.new_error(crate::Exc::MemoryError, "")),
            }
        }
        _ => Ok(()),
    }
}

pub fn parse_spec(
    vm: &mut Vm,
    spec: &str,
    type_name: &str,
    default_align: char,
    default_type: Option<char>,
) -> PyResult<Spec> {
    // Specs are short: their characters are gathered on the stack.
    let mut short = ['\0'; 24];
    let long: Vec<char>;
    let chars: &[char] = if spec.len() <= short.len() {
        let mut n = 0;
        for c in spec.chars() {
            short[n] = c;
            n += 1;
        }
        &short[..n]
    } else {
        long = crate::objects::str::chars_of(spec);
        &long
    };
    let mut s = Spec {
        fill: ' ',
        align: default_align,
        align_given: false,
        sign: None,
        no_neg_zero: false,
        alternate: false,
        width: None,
        grouping: None,
        precision: None,
        kind: default_type,
    };
    let mut i = 0;
    let mut fill_given = false;
    if chars.len() >= 2 && is_align(chars[1]) {
        s.fill = chars[0];
        s.align = chars[1];
        fill_given = true;
        s.align_given = true;
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        s.align = chars[0];
        s.align_given = true;
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        s.sign = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == 'z' {
        s.no_neg_zero = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        s.alternate = true;
        i += 1;
    }
    if !fill_given && i < chars.len() && chars[i] == '0' {
        s.fill = '0';
        if !s.align_given && default_align == '>' {
            s.align = '=';
        }
        i += 1;
    }
    s.width = read_integer(vm, chars, &mut i)?;
    ensure_room_for_width(vm, s.width, s.fill.len_utf8())?;
    if i < chars.len() && chars[i] == ',' {
        s.grouping = Some(',');
        i += 1;
    }
    if i < chars.len() && chars[i] == '_' {
        if s.grouping.is_some() {
            return Err(vm.new_value_error("Cannot specify both ',' and '_'.".to_owned()));
        }
        s.grouping = Some('_');
        i += 1;
    }
    if i < chars.len() && chars[i] == ',' && s.grouping == Some('_') {
        return Err(vm.new_value_error("Cannot specify both ',' and '_'.".to_owned()));
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        match read_integer(vm, chars, &mut i)? {
            Some(p) => s.precision = Some(p),
            None => return Err(vm.new_value_error("Format specifier missing precision".to_owned())),
        }
    }
    if chars.len() - i > 1 {
        return Err(vm.new_value_error(format!(
            "Invalid format specifier '{spec}' for object of type '{type_name}'"
        )));
    }
    if i < chars.len() {
        s.kind = Some(chars[i]);
    }
    if let Some(sep) = s.grouping {
        match s.kind {
            None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => {}
            Some('b' | 'o' | 'x' | 'X') if sep == '_' => {}
            Some(k) => {
                return Err(vm.new_value_error(if k > ' ' && (k as u32) < 128 {
                    format!("Cannot specify '{sep}' with '{k}'.")
                } else {
                    format!("Cannot specify '{sep}' with '\\x{:x}'.", k as u32)
                }))
            }
        }
    }
    Ok(s)
}

fn unknown_code(vm: &mut Vm, code: char, type_name: &str) -> crate::PyErr {
    vm.new_value_error(if code > ' ' && (code as u32) < 128 {
        format!("Unknown format code '{code}' for object of type '{type_name}'")
    } else {
        format!(
            "Unknown format code '\\x{:x}' for object of type '{type_name}'",
            code as u32
        )
    })
}

/// Appends `k` copies of `fill` where they go (a width of millions is one
/// fill of bytes, with no copy made first).
fn push_fill(out: &mut String, fill: char, k: usize) {
    if fill.is_ascii() {
        let len = out.len();
        // SAFETY: only ASCII bytes are appended, so the text stays UTF-8
        // (exercised by every padded format, `format(1, '>9')` and wider).
        unsafe { out.as_mut_vec() }.resize(len + k, fill as u8);
    } else {
        let mut buf = [0; 4];
        let unit = fill.encode_utf8(&mut buf);
        for _ in 0..k {
            out.push_str(unit);
        }
    }
}

/// How `k` characters of padding split around a body: before it, between its
/// sign and digits (`=`), and after it.
fn split_padding(align: char, k: usize) -> (usize, usize, usize) {
    match align {
        '<' => (0, 0, k),
        '^' => (k / 2, 0, k - k / 2),
        '=' => (0, k, 0),
        _ => (k, 0, 0),
    }
}

/// Pads `body` to the spec's width with its fill and alignment (`=` treated as `>`
/// for text that has no sign).
fn pad_text(spec: &Spec, body: String) -> String {
    let width = spec.width.unwrap_or(0);
    let len = if body.is_ascii() {
        body.len()
    } else {
        body.chars().count()
    };
    if len >= width {
        return body;
    }
    let align = if spec.align == '=' { '>' } else { spec.align };
    let (before, _, after) = split_padding(align, width - len);
    let mut out = String::with_capacity(body.len() + (before + after) * spec.fill.len_utf8());
    push_fill(&mut out, spec.fill, before);
    out.push_str(&body);
    push_fill(&mut out, spec.fill, after);
    out
}

/// Inserts `sep` every `every` digits from the right; with `min_width`, pads with
/// zeros (grouped too) until the result is at least that wide.
fn group_digits(digits: &str, sep: char, every: usize, min_width: usize) -> String {
    let group = |d: &str| {
        let mut out = String::with_capacity(d.len() + d.len() / every);
        for (i, c) in d.chars().enumerate() {
            if i > 0 && (d.len() - i).is_multiple_of(every) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    };
    // The fewest digits n whose grouped width n + (n - 1) / every reaches min_width.
    let grouped_width = |n: usize| n + n.saturating_sub(1) / every;
    let mut n = digits
        .len()
        .max(min_width.saturating_mul(every) / (every + 1));
    while n > digits.len() && grouped_width(n - 1) >= min_width {
        n -= 1;
    }
    while grouped_width(n) < min_width {
        n += 1;
    }
    let mut padded = String::with_capacity(n);
    padded.extend(std::iter::repeat_n('0', n - digits.len()));
    padded.push_str(digits);
    group(&padded)
}

/// Lays out a number: sign, prefix, integer digits (grouped), the rest, then the
/// padding, as `calc_number_widths`/`fill_number` do, into one buffer.
fn layout_number(
    spec: &Spec,
    sign: &str,
    prefix: &str,
    digits: &str,
    rest: &str,
    every: usize,
) -> String {
    // Sign, prefix and digits are ASCII; the rest may hold a `c` conversion's
    // character.
    let leading = sign.len() + prefix.len();
    let rest_len = if rest.is_ascii() {
        rest.len()
    } else {
        rest.chars().count()
    };
    let width = spec.width.unwrap_or(0);
    let zero_fill = spec.fill == '0' && spec.align == '=';
    let grouped;
    let digits = match spec.grouping {
        // inf and nan have no digits to group, nor do their zeros.
        Some(sep) if !digits.is_empty() => {
            let min = if zero_fill {
                width.saturating_sub(leading + rest_len)
            } else {
                0
            };
            grouped = group_digits(digits, sep, every, min);
            grouped.as_str()
        }
        _ => digits,
    };
    let len = leading + digits.len() + rest_len;
    let (before, inside, after) = split_padding(spec.align, width.saturating_sub(len));
    let padding = (before + inside + after) * spec.fill.len_utf8();
    let mut out = String::with_capacity(leading + digits.len() + rest.len() + padding);
    push_fill(&mut out, spec.fill, before);
    out.push_str(sign);
    out.push_str(prefix);
    push_fill(&mut out, spec.fill, inside);
    out.push_str(digits);
    out.push_str(rest);
    push_fill(&mut out, spec.fill, after);
    out
}

fn sign_text(sign: Option<char>, negative: bool) -> &'static str {
    match (negative, sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

// ---------------------------------------------------------------------------
// int

/// An int to lay out: a machine int, or a big one.
#[derive(Clone, Copy)]
pub enum IntRef<'a> {
    Small(i64),
    Big(&'a BigInt),
}

impl IntRef<'_> {
    fn is_negative(self) -> bool {
        match self {
            IntRef::Small(n) => n < 0,
            IntRef::Big(n) => n.sign() == Sign::Minus,
        }
    }

    fn to_f64(self) -> Option<f64> {
        match self {
            IntRef::Small(n) => Some(n as f64),
            IntRef::Big(n) => n.to_f64(),
        }
    }

    fn to_i64(self) -> Option<i64> {
        match self {
            IntRef::Small(n) => Some(n),
            IntRef::Big(n) => n.to_i64(),
        }
    }

    /// The digits of the absolute value in `radix` (decimal within the
    /// interpreter's limit on digits).
    fn abs_digits(self, vm: &mut Vm, radix: u32) -> PyResult<String> {
        match self {
            IntRef::Small(n) => {
                let n = n.unsigned_abs();
                Ok(match radix {
                    16 => format!("{n:x}"),
                    8 => format!("{n:o}"),
                    2 => format!("{n:b}"),
                    _ => n.to_string(),
                })
            }
            IntRef::Big(n) if radix == 10 => crate::objects::int::big_to_decimal(vm, &n.abs()),
            IntRef::Big(n) => Ok(n.abs().to_str_radix(radix)),
        }
    }
}

impl std::fmt::Display for IntRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntRef::Small(n) => n.fmt(f),
            IntRef::Big(n) => n.fmt(f),
        }
    }
}

pub fn format_int(vm: &mut Vm, n: &BigInt, spec_text: &str) -> PyResult<String> {
    format_int_typed(vm, IntRef::Big(n), spec_text, "int")
}

/// `format(n, spec)` for an int whose type is named `type_name` in errors.
pub fn format_int_typed(
    vm: &mut Vm,
    n: IntRef<'_>,
    spec_text: &str,
    type_name: &str,
) -> PyResult<String> {
    if spec_text.is_empty() {
        return Ok(n.to_string());
    }
    let spec = parse_spec(vm, spec_text, type_name, '>', Some('d'))?;
    let kind = spec.kind.unwrap_or('d');
    if matches!(kind, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') {
        let x = match n.to_f64() {
            Some(x) if x.is_finite() => x,
            _ => return Err(vm.new_overflow_error("int too large to convert to float".to_owned())),
        };
        return format_float_with(vm, x, &spec, type_name);
    }
    if !matches!(kind, 'd' | 'n' | 'x' | 'X' | 'o' | 'b' | 'c') {
        return Err(unknown_code(vm, kind, type_name));
    }
    if spec.precision.is_some() {
        return Err(
            vm.new_value_error("Precision not allowed in integer format specifier".to_owned())
        );
    }
    if spec.no_neg_zero {
        return Err(vm.new_value_error(
            "Negative zero coercion (z) not allowed in integer format specifier".to_owned(),
        ));
    }
    if kind == 'c' {
        if spec.sign.is_some() {
            return Err(
                vm.new_value_error("Sign not allowed with integer format specifier 'c'".to_owned())
            );
        }
        if spec.alternate {
            return Err(vm.new_value_error(
                "Alternate form (#) not allowed with integer format specifier 'c'".to_owned(),
            ));
        }
        let Some(small) = n.to_i64() else {
            return Err(
                vm.new_overflow_error("Python int too large to convert to C long".to_owned())
            );
        };
        let c = u32::try_from(small)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| vm.new_overflow_error("%c arg not in range(0x110000)".to_owned()))?;
        let mut buf = [0; 4];
        return Ok(layout_number(&spec, "", "", "", c.encode_utf8(&mut buf), 3));
    }
    let (radix, prefix) = match kind {
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        'o' => (8, "0o"),
        'b' => (2, "0b"),
        _ => (10, ""),
    };
    let mut digits = n.abs_digits(vm, radix)?;
    if kind == 'X' {
        digits.make_ascii_uppercase();
    }
    let sign = sign_text(spec.sign, n.is_negative());
    let prefix = if spec.alternate { prefix } else { "" };
    let every = if radix == 10 { 3 } else { 4 };
    Ok(layout_number(&spec, sign, prefix, &digits, "", every))
}

// ---------------------------------------------------------------------------
// float

/// Options of `double_to_string` (CPython's `Py_DTSF_*` flags).
#[derive(Clone, Copy, Default)]
pub struct DtoaFlags {
    pub sign: bool,
    pub add_dot_0: bool,
    pub alt: bool,
    pub no_neg_0: bool,
}

/// The decimal digits of `|x|` (no leading or trailing zeros, `"0"` for zero) and
/// the position of the decimal point: `x = 0.DIGITS * 10**decpt`. `mode` 0 is the
/// shortest round-trip string, 2 is `n` significant digits, 3 is `n` digits after
/// the point; all correctly rounded, ties to even.
fn dtoa(x: f64, mode: u8, n: usize) -> (String, i64) {
    let ax = x.abs();
    if ax == 0.0 {
        return ("0".to_owned(), 1);
    }
    // A double's exact decimal value has at most 1,074 digits after the point and
    // 767 significant ones: asking for more only adds zeros, which are trimmed
    // below (and Rust's formatting refuses precisions above 65,535).
    let n = n.min(if mode == 3 { 1100 } else { 800 });
    if mode == 3 {
        if let Some(fixed) = fixed_digits(ax, n) {
            return fixed;
        }
    }
    let (mut digits, decpt) = if mode == 3 {
        let mut s = format!("{:.*}", n, ax);
        let int_len = s.find('.').unwrap_or(s.len()) as i64;
        s.retain(|c| c != '.');
        let zeros = s.bytes().take_while(|&b| b == b'0').count();
        s.drain(..zeros);
        (s, int_len - zeros as i64)
    } else {
        let mut s = if mode == 0 {
            shortest_exp(ax)
        } else {
            format!("{:.*e}", n.max(1) - 1, ax)
        };
        let e_at = s.find('e').unwrap_or(s.len());
        let exp: i64 = s[e_at + 1..].parse().unwrap_or(0);
        s.truncate(e_at);
        s.retain(|c| c != '.');
        (s, exp + 1)
    };
    let kept = digits.trim_end_matches('0').len();
    if kept == 0 {
        return ("0".to_owned(), 1);
    }
    digits.truncate(kept);
    (digits, decpt)
}

/// `dtoa` mode 3 (`n` digits after the point) by exact integer arithmetic, for
/// the common case of a positive float whose value times `10**n` fits in 128
/// bits: `ax = m / 2**k` exactly, so `ax * 10**n` rounded half to even is the
/// quotient of `m * 10**n` by `2**k`, corrected by its remainder. `None` for
/// other floats, which the general conversion takes.
fn fixed_digits(ax: f64, n: usize) -> Option<(String, i64)> {
    let bits = ax.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    if biased == 0 || biased == 0x7ff || n > 22 {
        return None;
    }
    let m = u128::from((bits & ((1u64 << 52) - 1)) | (1u64 << 52));
    let e = biased - 1075;
    let scaled = if e >= 0 {
        // An integer: exact when it fits in 64 bits; its fraction is zeros.
        if e > 11 {
            return None;
        }
        (m << e).checked_mul(10u128.pow(n as u32))?
    } else {
        let k = -e;
        if k > 127 {
            return None;
        }
        // m < 2**53 and 10**22 < 2**74: the product fits.
        let product = m * 10u128.pow(n as u32);
        let quotient = product >> k;
        let remainder = product & ((1u128 << k) - 1);
        let half = 1u128 << (k - 1);
        if remainder > half || (remainder == half && quotient & 1 == 1) {
            quotient + 1
        } else {
            quotient
        }
    };
    if scaled == 0 {
        return Some(("0".to_owned(), 1));
    }
    let mut digits = scaled.to_string();
    let decpt = digits.len() as i64 - n as i64;
    let kept = digits.trim_end_matches('0').len();
    digits.truncate(kept);
    Some((digits, decpt))
}

/// The shortest round-trip digits of a positive float in `{:e}` form. When two
/// strings of that length round-trip (the value lies halfway between them), the one
/// rounded half to even is taken, as David Gay's `dtoa` does.
fn shortest_exp(ax: f64) -> String {
    let s = format!("{:e}", ax);
    if !may_be_digit_tie(ax) {
        return s;
    }
    let n = s
        .split_once('e')
        .map_or(1, |(m, _)| m.len() - usize::from(m.contains('.')));
    let rounded = format!("{:.*e}", n - 1, ax);
    if rounded != s && rounded.parse::<f64>() == Ok(ax) {
        return rounded;
    }
    s
}

/// Whether two shortest strings can be equally near `ax`: only when its exact
/// decimal expansion is short (at most 18 significant digits), which needs a value
/// below 1e18 whose lowest set bit is at most 25 binary places after the point.
fn may_be_digit_tie(ax: f64) -> bool {
    let bits = ax.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mant, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    if mant == 0 {
        return false;
    }
    let lowest_bit = e + i64::from(mant.trailing_zeros());
    // Integers below 2**53 print exactly: no tie there.
    ax < 1e18 && lowest_bit >= -25 && (lowest_bit < 0 || ax >= 9007199254740992.0)
}

/// `PyOS_double_to_string`: `code` is one of `e E f F g G r`.
pub fn double_to_string(x: f64, code: char, precision: usize, flags: DtoaFlags) -> String {
    let upper = code.is_ascii_uppercase();
    let code = code.to_ascii_lowercase();
    let mut out = String::new();
    if x.is_nan() || x.is_infinite() {
        if x.is_infinite() && x < 0.0 {
            out.push('-');
        } else if flags.sign {
            out.push('+');
        }
        let word = if x.is_nan() { "nan" } else { "inf" };
        if upper {
            out.push_str(&word.to_uppercase());
        } else {
            out.push_str(word);
        }
        return out;
    }
    let precision = if code == 'g' && precision == 0 {
        1
    } else {
        precision
    };
    let (digits, mut decpt) = match code {
        'e' => dtoa(x, 2, precision + 1),
        'f' => dtoa(x, 3, precision),
        'g' => dtoa(x, 2, precision),
        _ => dtoa(x, 0, 0),
    };
    let digits_len = digits.len() as i64;
    let precision = precision as i64;
    let mut negative = x.is_sign_negative();
    if flags.no_neg_0 && negative && digits == "0" {
        negative = false;
    }
    let mut use_exp = false;
    let mut vdigits_end = digits_len;
    match code {
        'e' => {
            use_exp = true;
            vdigits_end = precision + 1;
        }
        'f' => vdigits_end = decpt + precision,
        'g' => {
            let limit = if flags.add_dot_0 {
                precision - 1
            } else {
                precision
            };
            if decpt <= -4 || decpt > limit {
                use_exp = true;
            }
            if flags.alt {
                vdigits_end = precision;
            }
        }
        _ => {
            if decpt <= -4 || decpt > 16 {
                use_exp = true;
            }
        }
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    vdigits_end = if !use_exp && flags.add_dot_0 {
        vdigits_end.max(decpt + 1)
    } else {
        vdigits_end.max(decpt)
    };
    if negative {
        out.push('-');
    } else if flags.sign {
        out.push('+');
    }
    out.reserve((vdigits_end - vdigits_start).max(0) as usize + 8);
    let zeros = |out: &mut String, k: i64| {
        for _ in 0..k.max(0) {
            out.push('0');
        }
    };
    if decpt <= 0 {
        zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        zeros(&mut out, -decpt);
    } else {
        zeros(&mut out, -vdigits_start);
    }
    if 0 < decpt && decpt <= digits_len {
        out.push_str(&digits[..decpt as usize]);
        out.push('.');
        out.push_str(&digits[decpt as usize..]);
    } else {
        out.push_str(&digits);
    }
    if digits_len < decpt {
        zeros(&mut out, decpt - digits_len);
        out.push('.');
        zeros(&mut out, vdigits_end - decpt);
    } else {
        zeros(&mut out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !flags.alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push(if exp < 0 { '-' } else { '+' });
        if exp.abs() < 10 {
            out.push('0');
        }
        out.push_str(&exp.abs().to_string());
    }
    out
}

pub fn format_float(vm: &mut Vm, x: f64, spec_text: &str) -> PyResult<String> {
    format_float_typed(vm, x, spec_text, "float")
}

/// `format(x, spec)` for a float whose type is named `type_name` in errors.
pub fn format_float_typed(
    vm: &mut Vm,
    x: f64,
    spec_text: &str,
    type_name: &str,
) -> PyResult<String> {
    if spec_text.is_empty() {
        return Ok(crate::objects::float::float_repr(x));
    }
    let spec = parse_spec(vm, spec_text, type_name, '>', None)?;
    format_float_with(vm, x, &spec, type_name)
}

/// Splits formatted number text into its integer digits and the rest (point,
/// fraction, exponent).
fn split_digits(body: &str) -> (&str, &str) {
    match body.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => (&body[..i], &body[i..]),
        None => (body, ""),
    }
}

fn format_float_with(vm: &mut Vm, x: f64, spec: &Spec, type_name: &str) -> PyResult<String> {
    let mut kind = spec.kind.unwrap_or('\0');
    if !matches!(kind, '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') {
        return Err(unknown_code(vm, kind, type_name));
    }
    if spec.precision.is_some_and(|p| p > i32::MAX as usize) {
        return Err(vm.new_value_error("precision too big".to_owned()));
    }
    let mut flags = DtoaFlags {
        alt: spec.alternate,
        no_neg_0: spec.no_neg_zero,
        ..DtoaFlags::default()
    };
    let mut default_precision = 6;
    if kind == '\0' {
        flags.add_dot_0 = true;
        kind = 'r';
        default_precision = 0;
    }
    if kind == 'n' {
        kind = 'g';
    }
    let mut value = x;
    let mut percent = "";
    if kind == '%' {
        kind = 'f';
        value *= 100.0;
        percent = "%";
    }
    let precision = match spec.precision {
        Some(p) => {
            if kind == 'r' {
                kind = 'g';
            }
            p
        }
        None => default_precision,
    };
    let text = double_to_string(value, kind, precision, flags);
    let (negative, body) = match text.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, text.as_str()),
    };
    let sign = sign_text(spec.sign, negative);
    let (digits, rest) = split_digits(body);
    let with_percent;
    let rest = if percent.is_empty() {
        rest
    } else {
        with_percent = format!("{rest}{percent}");
        &with_percent
    };
    Ok(layout_number(spec, sign, "", digits, rest, 3))
}

// ---------------------------------------------------------------------------
// complex

pub fn format_complex(
    vm: &mut Vm,
    re: f64,
    im: f64,
    spec_text: &str,
    type_name: &str,
) -> PyResult<String> {
    if spec_text.is_empty() {
        return Ok(crate::objects::complex::complex_repr(re, im));
    }
    let spec = parse_spec(vm, spec_text, type_name, '>', None)?;
    let mut kind = spec.kind.unwrap_or('\0');
    if !matches!(kind, '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n') {
        return Err(unknown_code(vm, kind, type_name));
    }
    if spec.precision.is_some_and(|p| p > i32::MAX as usize) {
        return Err(vm.new_value_error("precision too big".to_owned()));
    }
    if spec.fill == '0' {
        return Err(vm.new_value_error(
            "Zero padding is not allowed in complex format specifier".to_owned(),
        ));
    }
    if spec.align == '=' {
        return Err(vm.new_value_error(
            "'=' alignment flag is not allowed in complex format specifier".to_owned(),
        ));
    }
    let flags = DtoaFlags {
        alt: spec.alternate,
        no_neg_0: spec.no_neg_zero,
        ..DtoaFlags::default()
    };
    let mut default_precision = 6;
    let mut skip_re = false;
    let mut parens = false;
    if kind == '\0' {
        kind = 'r';
        default_precision = 0;
        if re == 0.0 && re.is_sign_positive() {
            skip_re = true;
        } else {
            parens = true;
        }
    }
    if kind == 'n' {
        kind = 'g';
    }
    let precision = match spec.precision {
        Some(p) => {
            if kind == 'r' {
                kind = 'g';
            }
            p
        }
        None => default_precision,
    };
    let plain = Spec {
        fill: ' ',
        align: '<',
        width: None,
        ..spec.clone()
    };
    let part = |x: f64, sign: Option<char>| {
        let text = double_to_string(x, kind, precision, flags);
        let (negative, body) = match text.strip_prefix('-') {
            Some(b) => (true, b.to_owned()),
            None => (false, text.clone()),
        };
        let (digits, rest) = split_digits(&body);
        layout_number(&plain, sign_text(sign, negative), "", digits, rest, 3)
    };
    let re_text = if skip_re {
        String::new()
    } else {
        part(re, spec.sign)
    };
    let im_text = part(im, if skip_re { spec.sign } else { Some('+') });
    let body = if parens {
        format!("({re_text}{im_text}j)")
    } else {
        format!("{re_text}{im_text}j")
    };
    Ok(pad_text(&spec, body))
}

// ---------------------------------------------------------------------------
// str

pub fn format_str(vm: &mut Vm, s: &str, spec_text: &str) -> PyResult<String> {
    if spec_text.is_empty() {
        return Ok(s.to_owned());
    }
    let spec = parse_spec(vm, spec_text, "str", '<', Some('s'))?;
    match spec.kind {
        Some('s') => {}
        Some(other) => return Err(unknown_code(vm, other, "str")),
        None => {}
    }
    if spec.sign == Some(' ') {
        return Err(vm.new_value_error("Space not allowed in string format specifier".to_owned()));
    }
    if spec.sign.is_some() {
        return Err(vm.new_value_error("Sign not allowed in string format specifier".to_owned()));
    }
    if spec.no_neg_zero {
        return Err(vm.new_value_error(
            "Negative zero coercion (z) not allowed in string format specifier".to_owned(),
        ));
    }
    if spec.alternate {
        return Err(vm.new_value_error(
            "Alternate form (#) not allowed in string format specifier".to_owned(),
        ));
    }
    if spec.align == '=' {
        return Err(
            vm.new_value_error("'=' alignment not allowed in string format specifier".to_owned())
        );
    }
    let body: String = match spec.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_owned(),
    };
    Ok(pad_text(&spec, body))
}
