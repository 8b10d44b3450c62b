//! The format-spec mini-language (CPython's `Python/formatter_unicode.c`):
//! `[[fill]align][sign][z][#][0][width][grouping][.precision][type]` for str, int and
//! float.

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive};

use crate::{PyResult, Vm};

#[derive(Debug, Clone, Default)]
pub struct Spec {
    pub fill: Option<char>,
    pub align: Option<char>,
    pub sign: Option<char>,
    pub no_neg_zero: bool,
    pub alternate: bool,
    pub zero: bool,
    pub width: Option<usize>,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub kind: Option<char>,
}

pub fn parse_spec(vm: &mut Vm, spec: &str) -> PyResult<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut s = Spec::default();
    let mut i = 0;
    let is_align = |c: char| matches!(c, '<' | '>' | '=' | '^');
    if chars.len() >= 2 && is_align(chars[1]) {
        s.fill = Some(chars[0]);
        s.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        s.align = Some(chars[0]);
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
    if i < chars.len() && chars[i] == '0' {
        s.zero = true;
        i += 1;
    }
    let start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    if i > start {
        let w: String = chars[start..i].iter().collect();
        s.width = Some(w.parse().map_err(|_| {
            vm.new_value_error("Too many decimal digits in format string".to_owned())
        })?);
    }
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        s.grouping = Some(chars[i]);
        i += 1;
        if i < chars.len() && matches!(chars[i], ',' | '_') {
            return Err(vm.new_value_error("Cannot specify both ',' and '_'.".to_owned()));
        }
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err(vm.new_value_error("Format specifier missing precision".to_owned()));
        }
        let p: String = chars[start..i].iter().collect();
        s.precision = Some(p.parse().map_err(|_| {
            vm.new_value_error("Too many decimal digits in format string".to_owned())
        })?);
    }
    if i < chars.len() {
        s.kind = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() {
        return Err(vm.new_value_error("Invalid format specifier".to_owned()));
    }
    Ok(s)
}

/// Pads `body` (with its sign/prefix `prefix`) to the spec's width.
fn pad(spec: &Spec, prefix: &str, body: &str, default_align: char) -> String {
    let fill = spec.fill.unwrap_or(if spec.zero && spec.align.is_none() {
        '0'
    } else {
        ' '
    });
    let align = spec
        .align
        .unwrap_or(if spec.zero { '=' } else { default_align });
    let len = prefix.chars().count() + body.chars().count();
    let width = spec.width.unwrap_or(0);
    if len >= width {
        return format!("{prefix}{body}");
    }
    let n = width - len;
    let fills = |k: usize| std::iter::repeat(fill).take(k).collect::<String>();
    match align {
        '<' => format!("{prefix}{body}{}", fills(n)),
        '^' => format!("{}{prefix}{body}{}", fills(n / 2), fills(n - n / 2)),
        '=' => format!("{prefix}{}{body}", fills(n)),
        _ => format!("{}{prefix}{body}", fills(n)),
    }
}

fn group_digits(digits: &str, sep: char, every: usize) -> String {
    let chars: Vec<char> = digits.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if i > 0 && (chars.len() - i) % every == 0 {
            out.push(sep);
        }
        out.push(*c);
    }
    out
}

fn sign_prefix(spec: &Spec, negative: bool) -> &'static str {
    match (negative, spec.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// Zero padding with grouping inserts separators into the padding too.
fn zero_pad_grouped(
    spec: &Spec,
    prefix: &str,
    digits: &str,
    sep: Option<char>,
    every: usize,
) -> String {
    let Some(sep) = sep else {
        return pad(spec, prefix, digits, '>');
    };
    let grouped = group_digits(digits, sep, every);
    let zero_fill = spec.zero && spec.fill.is_none() && spec.align.is_none();
    let width = spec.width.unwrap_or(0);
    if !zero_fill || prefix.len() + grouped.len() >= width {
        return pad(spec, prefix, &grouped, '>');
    }
    let mut d = digits.to_owned();
    loop {
        let g = group_digits(&d, sep, every);
        if prefix.len() + g.len() >= width {
            return format!("{prefix}{g}");
        }
        d.insert(0, '0');
    }
}

pub fn format_int(vm: &mut Vm, n: &BigInt, spec_text: &str) -> PyResult<String> {
    if spec_text.is_empty() {
        return Ok(n.to_string());
    }
    let spec = parse_spec(vm, spec_text)?;
    let kind = spec.kind.unwrap_or('d');
    if matches!(kind, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') {
        let x = n.to_f64().unwrap_or(f64::INFINITY);
        return format_float(vm, x, spec_text);
    }
    if spec.precision.is_some() {
        return Err(
            vm.new_value_error("Precision not allowed in integer format specifier".to_owned())
        );
    }
    if kind == 'c' {
        if spec.sign.is_some() {
            return Err(
                vm.new_value_error("Sign not allowed with integer format specifier 'c'".to_owned())
            );
        }
        let c = n
            .to_u32()
            .and_then(char::from_u32)
            .ok_or_else(|| vm.new_overflow_error("%c arg not in range(0x110000)".to_owned()))?;
        return Ok(pad(&spec, "", &c.to_string(), '<'));
    }
    let (radix, prefix) = match kind {
        'd' | 'n' => (10, ""),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        'o' => (8, "0o"),
        'b' => (2, "0b"),
        other => {
            return Err(vm.new_value_error(format!(
                "Unknown format code '{other}' for object of type 'int'"
            )))
        }
    };
    let mut digits = n.abs().to_str_radix(radix);
    if kind == 'X' {
        digits = digits.to_uppercase();
    }
    let sign = sign_prefix(&spec, n.sign() == Sign::Minus);
    let full_prefix = format!("{sign}{}", if spec.alternate { prefix } else { "" });
    let every = if radix == 10 { 3 } else { 4 };
    if spec.grouping == Some(',') && radix != 10 {
        return Err(vm.new_value_error(format!("Cannot specify ',' with '{kind}'.")));
    }
    Ok(zero_pad_grouped(
        &spec,
        &full_prefix,
        &digits,
        spec.grouping,
        every,
    ))
}

pub fn format_float(vm: &mut Vm, x: f64, spec_text: &str) -> PyResult<String> {
    if spec_text.is_empty() {
        return Ok(crate::objects::float::float_repr(x));
    }
    let spec = parse_spec(vm, spec_text)?;
    let kind = spec.kind;
    let negative = x.is_sign_negative() && !(spec.no_neg_zero && x == 0.0);
    let ax = x.abs();
    let body = if !x.is_finite() {
        let s = if x.is_nan() { "nan" } else { "inf" };
        if matches!(kind, Some('E' | 'F' | 'G')) {
            s.to_uppercase()
        } else {
            s.to_owned()
        }
    } else {
        match kind {
            Some('f' | 'F') => format!("{:.*}", spec.precision.unwrap_or(6), ax),
            Some('%') => format!("{:.*}%", spec.precision.unwrap_or(6), ax * 100.0),
            Some('e' | 'E') => {
                let s = format_exp(ax, spec.precision.unwrap_or(6), spec.alternate);
                if kind == Some('E') {
                    s.to_uppercase()
                } else {
                    s
                }
            }
            Some('g' | 'G') => {
                let s = format_general(ax, spec.precision.unwrap_or(6), spec.alternate);
                if kind == Some('G') {
                    s.to_uppercase()
                } else {
                    s
                }
            }
            None | Some('n') => match spec.precision {
                None => crate::objects::float::float_repr(ax),
                Some(p) => {
                    let s = format_general(ax, p, spec.alternate);
                    if s.contains(['.', 'e']) || s.contains("inf") {
                        s
                    } else {
                        format!("{s}.0")
                    }
                }
            },
            Some(other) => {
                return Err(vm.new_value_error(format!(
                    "Unknown format code '{other}' for object of type 'float'"
                )))
            }
        }
    };
    let sign = sign_prefix(&spec, negative);
    if let Some(sep) = spec.grouping {
        let (int_part, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
            Some(i) => (&body[..i], &body[i..]),
            None => (body.as_str(), ""),
        };
        let grouped = group_digits(int_part, sep, 3);
        return Ok(pad(&spec, sign, &format!("{grouped}{rest}"), '>'));
    }
    Ok(pad(&spec, sign, &body, '>'))
}

/// `%e`-style: one digit, `precision` decimals, a two-digit signed exponent.
pub fn format_exp(x: f64, precision: usize, alternate: bool) -> String {
    let s = format!("{:.*e}", precision, x);
    let (mant, exp) = s.split_once('e').expect("`{:e}` has an exponent");
    let exp: i32 = exp.parse().unwrap_or(0);
    let mant = if alternate && !mant.contains('.') {
        format!("{mant}.")
    } else {
        mant.to_owned()
    };
    format!("{mant}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
}

/// `%g`-style: `precision` significant digits, trailing zeros removed unless `#`.
pub fn format_general(x: f64, precision: usize, alternate: bool) -> String {
    let p = precision.max(1);
    if x == 0.0 {
        return if alternate {
            format!("{:.*}", p - 1, 0.0)
        } else {
            "0".to_owned()
        };
    }
    let sci = format!("{:.*e}", p - 1, x);
    let exp: i32 = sci
        .split_once('e')
        .map(|(_, e)| e.parse().unwrap_or(0))
        .unwrap_or(0);
    let s = if exp < -4 || exp >= p as i32 {
        format_exp(x, p - 1, alternate)
    } else {
        format!("{:.*}", (p as i32 - 1 - exp).max(0) as usize, x)
    };
    if alternate {
        return s;
    }
    match s.split_once('e') {
        Some((m, e)) => {
            let m = if m.contains('.') {
                m.trim_end_matches('0').trim_end_matches('.')
            } else {
                m
            };
            format!("{m}e{e}")
        }
        None if s.contains('.') => s.trim_end_matches('0').trim_end_matches('.').to_owned(),
        None => s,
    }
}

pub fn format_str(vm: &mut Vm, s: &str, spec_text: &str) -> PyResult<String> {
    if spec_text.is_empty() {
        return Ok(s.to_owned());
    }
    let spec = parse_spec(vm, spec_text)?;
    match spec.kind {
        None | Some('s') => {}
        Some(other) => {
            return Err(vm.new_value_error(format!(
                "Unknown format code '{other}' for object of type 'str'"
            )))
        }
    }
    if spec.sign.is_some() {
        return Err(vm.new_value_error("Sign not allowed in string format specifier".to_owned()));
    }
    if spec.align == Some('=') {
        return Err(
            vm.new_value_error("'=' alignment not allowed in string format specifier".to_owned())
        );
    }
    let body: String = match spec.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_owned(),
    };
    Ok(pad(&spec, "", &body, '<'))
}
