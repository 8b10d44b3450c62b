//! `%`-formatting of str and bytes (CPython's `PyUnicode_Format` in
//! `Objects/unicodeobject.c`, `_PyBytes_FormatEx` in `Objects/bytesobject.c`) and
//! `str.format` (`Objects/stringlib/unicode_format.h`).

use num_bigint::{BigInt, Sign};

use crate::abstract_;
use crate::object::{ObjRef, Payload};
use crate::objects::str::{PyStr, StrBuf, SurrogateStandIns};
use crate::value::Value;
use crate::{PyResult, Vm};

// ---------------------------------------------------------------------------
// printf-style formatting

/// One conversion specifier: `%(key)-#08.3x`.
#[derive(Default)]
struct Conversion {
    minus: bool,
    plus: bool,
    space: bool,
    alternate: bool,
    zero: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

impl Conversion {
    /// No flags, width or precision.
    fn is_plain(&self) -> bool {
        !(self.minus || self.plus || self.space || self.alternate || self.zero)
            && self.width.is_none()
            && self.precision.is_none()
    }
}

/// Where `%` takes its arguments from.
struct Arguments {
    items: Vec<Value>,
    /// `fmt % value` with a single non-tuple value.
    single: bool,
    next: usize,
    mapping: Option<Value>,
}

impl Arguments {
    fn new(values: &Value) -> Arguments {
        let (items, single) = match abstract_::tuple_items(values) {
            Some(items) => (items, false),
            None => (vec![values.clone()], true),
        };
        // CPython treats any non-tuple, non-str object with `__getitem__` as a mapping.
        let mapping = match values {
            Value::Obj(o) => match &o.payload {
                Payload::Tuple(_) | Payload::Str(_) => None,
                _ if crate::objects::typeobject::lookup(&o.class(), "__getitem__").is_some() => {
                    Some(values.clone())
                }
                _ => None,
            },
            _ => None,
        };
        Arguments {
            items,
            single,
            next: 0,
            mapping,
        }
    }

    fn next(&mut self, vm: &mut Vm) -> PyResult<Value> {
        match self.items.get(self.next) {
            Some(v) => {
                self.next += 1;
                Ok(v.clone())
            }
            None => Err(vm.new_type_error("not enough arguments for format string".to_owned())),
        }
    }

    fn next_int(&mut self, vm: &mut Vm) -> PyResult<isize> {
        let v = self.next(vm)?;
        match v {
            Value::Int(n) => Ok(n as isize),
            Value::Bool(b) => Ok(b as isize),
            _ => Err(vm.new_type_error("* wants int".to_owned())),
        }
    }
}

/// Reads a decimal number; `None` when there are no digits.
fn read_number(vm: &mut Vm, chars: &[char], i: &mut usize, what: &str) -> PyResult<Option<usize>> {
    let start = *i;
    let mut n: usize = 0;
    while *i < chars.len() && chars[*i].is_ascii_digit() {
        n = match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(chars[*i] as usize - '0' as usize))
        {
            Some(n) if n <= isize::MAX as usize => n,
            _ => return Err(vm.new_value_error(format!("{what} too big"))),
        };
        *i += 1;
    }
    Ok(if *i > start { Some(n) } else { None })
}

/// `fmt % values` for str. Lone surrogates, in the format's literal text and in
/// what `%s` and `%c` insert, are kept.
pub fn percent_format(vm: &mut Vm, fmt: &PyStr, values: &Value) -> PyResult<StrBuf> {
    // The format's code points, when it holds surrogates: its chars read them as
    // U+FFFD, and the literal text is copied from here.
    let points: Option<Vec<u32>> = fmt.has_surrogates().then(|| fmt.code_points().collect());
    let chars = crate::objects::str::chars_of(fmt.as_str());
    let mut args = Arguments::new(values);
    let mut out = StrBuf::with_capacity(fmt.as_str().len());
    let mut used_key = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            match &points {
                Some(points) => out.push_code_point(points[i - 1]),
                None => out.push(c),
            }
            continue;
        }
        if i >= chars.len() {
            return Err(vm.new_value_error("incomplete format".to_owned()));
        }
        if chars[i] == '%' {
            out.push('%');
            i += 1;
            continue;
        }
        // A mapping key: %(name)s
        if chars[i] == '(' {
            let Some(mapping) = args.mapping.clone() else {
                return Err(vm.new_type_error("format requires a mapping".to_owned()));
            };
            let mut depth = 1;
            let start = i + 1;
            i += 1;
            while i < chars.len() && depth > 0 {
                match chars[i] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            if depth > 0 {
                return Err(vm.new_value_error("incomplete format key".to_owned()));
            }
            let key: String = chars[start..i - 1].iter().collect();
            let key = vm.new_str(key);
            // The looked-up value becomes the only argument, for `*` too.
            let value = abstract_::getitem(vm, &mapping, &key)?;
            args.items = vec![value];
            args.next = 0;
            args.single = true;
            used_key = true;
        }
        let mut spec = Conversion::default();
        while i < chars.len() {
            match chars[i] {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                ' ' => spec.space = true,
                '#' => spec.alternate = true,
                '0' => spec.zero = true,
                _ => break,
            }
            i += 1;
        }
        if i < chars.len() && chars[i] == '*' {
            i += 1;
            let w = args.next_int(vm)?;
            if w < 0 {
                spec.minus = true;
            }
            spec.width = Some(w.unsigned_abs());
        } else {
            spec.width = read_number(vm, &chars, &mut i, "width")?;
        }
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            if i < chars.len() && chars[i] == '*' {
                i += 1;
                let p = args.next_int(vm)?;
                if i32::try_from(p).is_err() {
                    return Err(vm.new_overflow_error(
                        "Python int too large to convert to C int".to_owned(),
                    ));
                }
                spec.precision = Some(p.max(0) as usize);
            } else {
                spec.precision = Some(read_number(vm, &chars, &mut i, "precision")?.unwrap_or(0));
            }
        }
        while i < chars.len() && matches!(chars[i], 'h' | 'l' | 'L') {
            i += 1;
        }
        if i >= chars.len() {
            return Err(vm.new_value_error("incomplete format".to_owned()));
        }
        let kind = chars[i];
        let kind_index = i;
        i += 1;
        let arg = args.next(vm)?;
        if spec.is_plain() && push_plain(vm, &mut out, kind, &arg) {
            continue;
        }
        check_spec_size(vm, &spec)?;
        match kind {
            's' => {
                let text = abstract_::str_(vm, &arg)?;
                if let Some(text) = crate::objects::str::as_pystr(&text) {
                    let len = spec
                        .precision
                        .map_or(text.char_len(), |p| p.min(text.char_len()));
                    let fill = spec.width.unwrap_or(0).saturating_sub(len);
                    pad(&mut out, &spec, fill, false);
                    if len == text.char_len() {
                        out.try_push_pystr(vm, text)?;
                    } else {
                        text.code_points()
                            .take(len)
                            .for_each(|c| out.push_code_point(c));
                    }
                    pad(&mut out, &spec, fill, true);
                }
            }
            'c' => {
                let code = char_code(vm, &arg)?;
                let fill = spec.width.unwrap_or(0).saturating_sub(1);
                pad(&mut out, &spec, fill, false);
                out.push_code_point(code);
                pad(&mut out, &spec, fill, true);
            }
            _ => {
                let text = format_one(vm, kind, kind_index, &spec, &arg)?;
                out.push_str(&text);
            }
        }
    }
    if args.next < args.items.len() && args.mapping.is_none() && !(args.single && used_key) {
        return Err(
            vm.new_type_error("not all arguments converted during string formatting".to_owned())
        );
    }
    Ok(out)
}

/// The commonest conversions with no flags, width or precision, written straight
/// into `out`: `%d` of a machine int, `%s` of an exact str. `false` (nothing
/// written) for anything else.
fn push_plain(vm: &Vm, out: &mut StrBuf, kind: char, arg: &Value) -> bool {
    match (kind, arg) {
        ('d' | 'i' | 'u', Value::Int(n)) => {
            use std::fmt::Write;
            let _ = write!(out, "{n}");
            true
        }
        ('s', Value::Obj(o)) if std::ptr::eq(o.class_ref(), &*vm.types.str) => match o.str_data() {
            Some(s) if !s.has_surrogates() => {
                out.push_str(s.as_str());
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// MemoryError for a width or precision no buffer can hold.
fn check_spec_size(vm: &mut Vm, spec: &Conversion) -> PyResult<()> {
    let n = spec.width.unwrap_or(0).max(spec.precision.unwrap_or(0));
    if n > 1 << 20 {
        crate::objects::str::check_alloc(vm, n.saturating_mul(2))?;
    }
    Ok(())
}

/// `fill` spaces of `%s`/`%c` padding, on the side `after` says (the left unless
/// the `-` flag is given).
fn pad(out: &mut StrBuf, spec: &Conversion, fill: usize, after: bool) {
    if fill > 0 && spec.minus == after {
        out.push_str(&" ".repeat(fill));
    }
}

/// The code point `%c` inserts: a str's one code point, or an int's value
/// (surrogates included).
fn char_code(vm: &mut Vm, arg: &Value) -> PyResult<u32> {
    if let Some(s) = crate::objects::str::as_pystr(arg) {
        let mut points = s.code_points();
        return match (points.next(), points.next()) {
            (Some(code), None) => Ok(code),
            _ => Err(vm.new_type_error("%c requires int or char".to_owned())),
        };
    }
    if crate::objects::int::is_int(arg) || matches!(arg, Value::Bool(_)) {
        let n = match arg {
            Value::Bool(b) => Some(*b as i64),
            _ => crate::objects::int::as_i64(arg),
        };
        return n
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n < 0x110000)
            .ok_or_else(|| vm.new_overflow_error("%c arg not in range(0x110000)".to_owned()));
    }
    Err(vm.new_type_error("%c requires int or char".to_owned()))
}

/// Pads `body` (sign and prefix already inside) to the width.
fn pad_text(spec: &Conversion, body: String) -> String {
    let width = spec.width.unwrap_or(0);
    let len = body.chars().count();
    if len >= width {
        return body;
    }
    let fill = " ".repeat(width - len);
    if spec.minus {
        body + &fill
    } else {
        fill + &body
    }
}

/// Whether `v` is a number for `%d` (`PyNumber_Check`).
fn is_number(v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Bool(_) | Value::Float(_) => true,
        Value::Obj(o) => {
            matches!(o.payload, Payload::Int(_) | Payload::Float(_))
                || ["__index__", "__int__", "__float__"]
                    .iter()
                    .any(|m| crate::objects::typeobject::lookup(&o.class(), m).is_some())
        }
        Value::None => false,
    }
}

fn format_one(
    vm: &mut Vm,
    kind: char,
    kind_index: usize,
    spec: &Conversion,
    arg: &Value,
) -> PyResult<String> {
    match kind {
        // (`%s` and `%c` are written by the callers, which keep surrogates or
        // bytes.)
        'r' | 'a' => {
            let mut text = match kind {
                'r' => abstract_::repr_string(vm, arg)?,
                _ => {
                    let r = abstract_::repr_string(vm, arg)?;
                    crate::objects::str::ascii_escape(&r)
                }
            };
            if let Some(p) = spec.precision {
                text = text.chars().take(p).collect();
            }
            Ok(pad_text(spec, text))
        }
        'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
            let n = percent_int(vm, kind, arg)?;
            format_int_conversion(vm, spec, kind, &n)
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let x = match arg {
                Value::Float(x) => *x,
                _ if is_number(arg) => crate::objects::float::float_from_value(vm, arg)?,
                _ => {
                    return Err(vm.new_type_error(format!(
                        "must be real number, not {}",
                        vm.type_name_of(arg)
                    )))
                }
            };
            format_float_conversion(vm, spec, kind, x)
        }
        other => Err(vm.new_value_error(format!(
            "unsupported format character '{}' (0x{:x}) at index {kind_index}",
            if is_printable_ascii(other) {
                other
            } else {
                '?'
            },
            other as u32
        ))),
    }
}

fn is_printable_ascii(c: char) -> bool {
    (' '..='~').contains(&c)
}

/// The integer of `%d` (any real number, truncated) or `%x`/`%o` (`__index__` only).
fn percent_int(vm: &mut Vm, kind: char, arg: &Value) -> PyResult<BigInt> {
    let v = if matches!(kind, 'x' | 'X' | 'o') {
        if !matches!(arg, Value::Int(_) | Value::Bool(_))
            && !crate::objects::int::is_int(arg)
            && !matches!(arg, Value::Obj(o) if crate::objects::typeobject::lookup(&o.class(), "__index__").is_some())
        {
            return Err(vm.new_type_error(format!(
                "%{kind} format: an integer is required, not {}",
                vm.type_name_of(arg)
            )));
        }
        abstract_::index(vm, arg)?
    } else {
        if !is_number(arg) {
            return Err(vm.new_type_error(format!(
                "%{kind} format: a real number is required, not {}",
                vm.type_name_of(arg)
            )));
        }
        crate::objects::int::int_from_value(vm, arg)?
    };
    Ok(match v {
        Value::Bool(b) => BigInt::from(b as i64),
        other => crate::objects::int::as_big(&other).unwrap_or_default(),
    })
}

fn format_int_conversion(
    vm: &mut Vm,
    spec: &Conversion,
    kind: char,
    n: &BigInt,
) -> PyResult<String> {
    let (radix, prefix) = match kind {
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        'o' => (8, "0o"),
        _ => (10, ""),
    };
    let mut digits = match radix {
        // Decimal digits are bound by `sys.set_int_max_str_digits`.
        10 => {
            let decimal = crate::objects::int::big_to_decimal(vm, n)?;
            decimal.trim_start_matches('-').to_owned()
        }
        _ => n.magnitude().to_str_radix(radix),
    };
    if kind == 'X' {
        digits = digits.to_uppercase();
    }
    if let Some(p) = spec.precision {
        if p > digits.len() {
            digits = "0".repeat(p - digits.len()) + &digits;
        }
    }
    let sign = if n.sign() == Sign::Minus {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    };
    let prefix = if spec.alternate { prefix } else { "" };
    let width = spec.width.unwrap_or(0);
    let len = sign.len() + prefix.len() + digits.len();
    if spec.zero && !spec.minus && len < width {
        digits = "0".repeat(width - len) + &digits;
    }
    Ok(pad_text(spec, format!("{sign}{prefix}{digits}")))
}

fn format_float_conversion(vm: &mut Vm, spec: &Conversion, kind: char, x: f64) -> PyResult<String> {
    let mut s = String::new();
    if spec.minus {
        s.push('<');
    }
    if spec.plus {
        s.push('+');
    } else if spec.space {
        s.push(' ');
    }
    if spec.alternate {
        s.push('#');
    }
    if spec.zero && !spec.minus {
        s.push('0');
    }
    if let Some(w) = spec.width {
        s.push_str(&w.to_string());
    }
    s.push('.');
    s.push_str(&spec.precision.unwrap_or(6).to_string());
    s.push(kind);
    crate::objects::format::format_float(vm, x, &s)
}

// ---------------------------------------------------------------------------
// str.format

/// Where `str.format` finds named fields.
pub enum Keywords<'a> {
    /// `fmt.format(**kwargs)`.
    Pairs(&'a [(ObjRef, Value)]),
    /// `fmt.format_map(mapping)`.
    Mapping(&'a Value),
}

/// Automatic (`{}`) versus manual (`{0}`) numbering, shared across nested specs.
#[derive(Clone, Copy, PartialEq)]
enum Numbering {
    Unknown,
    Auto(usize),
    Manual,
}

struct FormatState<'a> {
    args: Option<&'a [Value]>,
    kwargs: Keywords<'a>,
    numbering: Numbering,
    /// The format string's lone surrogates, each parsed as a private-use character
    /// the string does not hold (the parser reads `char`s), and given back in the
    /// literal text and specs it belongs to.
    stand_ins: SurrogateStandIns,
}

/// `fmt.format(*args, **kwargs)`; `args` is `None` for `format_map`.
pub fn str_format(
    vm: &mut Vm,
    fmt: &PyStr,
    args: Option<&[Value]>,
    kwargs: Keywords,
) -> PyResult<StrBuf> {
    // (Only a format string with surrogates is searched for characters that
    // cannot stand in.)
    let text = [fmt.as_str()];
    let searched: &[&str] = if fmt.has_surrogates() { &text } else { &[] };
    let mut state = FormatState {
        args,
        kwargs,
        numbering: Numbering::Unknown,
        stand_ins: SurrogateStandIns::new(searched),
    };
    let chars: Vec<char> = if fmt.has_surrogates() {
        // (A string holding all 6,400 private-use characters besides its
        // surrogates keeps reading them as U+FFFD.)
        fmt.code_points()
            .map(|code| {
                char::from_u32(code)
                    .or_else(|| state.stand_ins.stand_in(code))
                    .unwrap_or('\u{fffd}')
            })
            .collect()
    } else {
        crate::objects::str::chars_of(fmt.as_str())
    };
    format_markup(vm, &chars, &mut state, 2)
}

fn format_markup(
    vm: &mut Vm,
    chars: &[char],
    state: &mut FormatState,
    depth: usize,
) -> PyResult<StrBuf> {
    if depth == 0 {
        return Err(vm.new_value_error("Max string recursion exceeded".to_owned()));
    }
    let mut out = StrBuf::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(vm.new_value_error("Single '}' encountered in format string".to_owned()));
        }
        if c != '{' {
            out.push_code_point(state.stand_ins.code_point(c));
            i += 1;
            continue;
        }
        if chars.get(i + 1) == Some(&'{') {
            out.push('{');
            i += 2;
            continue;
        }
        if i + 1 >= chars.len() {
            return Err(vm.new_value_error("Single '{' encountered in format string".to_owned()));
        }
        let (field, next) = parse_field(vm, chars, i + 1)?;
        let formatted = format_field(vm, chars, &field, state, depth)?;
        if let Some(text) = formatted.as_obj().and_then(|o| o.str_data()) {
            out.try_push_pystr(vm, text)?;
        }
        i = next;
    }
    Ok(out)
}

/// The parts of one replacement field, as index ranges into the format string.
struct Field {
    name: std::ops::Range<usize>,
    conversion: Option<char>,
    spec: std::ops::Range<usize>,
    spec_needs_expanding: bool,
}

/// Parses the field starting at `i` (just after its `{`): returns it and the index
/// after its closing `}`.
fn parse_field(vm: &mut Vm, chars: &[char], mut i: usize) -> PyResult<(Field, usize)> {
    let name_start = i;
    let mut c = '\0';
    while i < chars.len() {
        c = chars[i];
        i += 1;
        match c {
            '{' => return Err(vm.new_value_error("unexpected '{' in field name".to_owned())),
            '[' => {
                while i < chars.len() && chars[i] != ']' {
                    i += 1;
                }
                continue;
            }
            '}' | ':' | '!' => break,
            _ => continue,
        }
    }
    let terminated = matches!(c, '}' | ':' | '!') && i > name_start;
    let mut field = Field {
        name: name_start..if terminated { i - 1 } else { i },
        conversion: None,
        spec: i..i,
        spec_needs_expanding: false,
    };
    if !terminated {
        return Err(vm.new_value_error("expected '}' before end of string".to_owned()));
    }
    if c == '}' {
        return Ok((field, i));
    }
    if c == '!' {
        if i >= chars.len() {
            return Err(vm.new_value_error(
                "end of string while looking for conversion specifier".to_owned(),
            ));
        }
        field.conversion = Some(chars[i]);
        i += 1;
        if i < chars.len() {
            let next = chars[i];
            i += 1;
            if next == '}' {
                field.spec = i..i;
                return Ok((field, i));
            }
            if next != ':' {
                return Err(
                    vm.new_value_error("expected ':' after conversion specifier".to_owned())
                );
            }
        }
    }
    let spec_start = i;
    let mut count = 1;
    while i < chars.len() {
        let ch = chars[i];
        i += 1;
        match ch {
            '{' => {
                field.spec_needs_expanding = true;
                count += 1;
            }
            '}' => {
                count -= 1;
                if count == 0 {
                    field.spec = spec_start..i - 1;
                    return Ok((field, i));
                }
            }
            _ => {}
        }
    }
    Err(vm.new_value_error("unmatched '{' in format spec".to_owned()))
}

/// Formats one parsed replacement field.
fn format_field(
    vm: &mut Vm,
    chars: &[char],
    field: &Field,
    state: &mut FormatState,
    depth: usize,
) -> PyResult<Value> {
    // (A name's lone surrogates read as U+FFFD.)
    let name: Vec<char> = chars[field.name.clone()]
        .iter()
        .map(|c| char::from_u32(state.stand_ins.code_point(*c)).unwrap_or('\u{fffd}'))
        .collect();
    let value = resolve_field(vm, &name, state)?;
    let value = match field.conversion {
        None => value,
        Some('r') => abstract_::repr(vm, &value)?,
        Some('s') => abstract_::str_(vm, &value)?,
        Some('a') => abstract_::ascii(vm, &value)?,
        Some(other) => {
            return Err(vm.new_value_error(format!(
                "Unknown conversion specifier {}",
                if (' '..='~').contains(&other) {
                    other.to_string()
                } else {
                    format!("\\x{:x}", other as u32)
                }
            )))
        }
    };
    let spec_chars = &chars[field.spec.clone()];
    if spec_chars.is_empty() {
        // No spec: no str to make for one.
        return abstract_::format(vm, &value, None);
    }
    let spec = if field.spec_needs_expanding {
        format_markup(vm, spec_chars, state, depth - 1)?
    } else {
        state.stand_ins.restore(spec_chars.iter().copied())
    };
    let spec_value = vm.new_text(spec);
    abstract_::format(vm, &value, Some(&spec_value))
}

/// A field name or key made of decimal digits (Unicode ones too) as a number, as
/// CPython's `get_integer` reads it: `None` when it is not all digits, ValueError
/// past the largest size.
fn field_integer(vm: &mut Vm, text: &str) -> PyResult<Option<usize>> {
    let mut n: usize = 0;
    for c in text.chars() {
        let Some(digit) = crate::objects::float::decimal_value(c) else {
            return Ok(None);
        };
        n = match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(digit as usize))
        {
            Some(n) if n <= isize::MAX as usize => n,
            _ => {
                return Err(
                    vm.new_value_error("Too many decimal digits in format string".to_owned())
                )
            }
        };
    }
    Ok((!text.is_empty()).then_some(n))
}

/// Looks up `name` (`0`, `key`, `0.attr[idx]`, or empty for the next automatic index).
fn resolve_field(vm: &mut Vm, name: &[char], state: &mut FormatState) -> PyResult<Value> {
    let first_end = name
        .iter()
        .position(|c| *c == '.' || *c == '[')
        .unwrap_or(name.len());
    let head: String = name[..first_end].iter().collect();
    let mut rest = &name[first_end..];
    let index: Option<usize> =
        if head.is_empty() {
            match state.numbering {
                Numbering::Manual => return Err(vm.new_value_error(
                    "cannot switch from manual field specification to automatic field numbering"
                        .to_owned(),
                )),
                Numbering::Unknown => {
                    state.numbering = Numbering::Auto(1);
                    Some(0)
                }
                Numbering::Auto(n) => {
                    state.numbering = Numbering::Auto(n + 1);
                    Some(n)
                }
            }
        } else if let Some(n) = field_integer(vm, &head)? {
            if let Numbering::Auto(_) = state.numbering {
                return Err(vm.new_value_error(
                    "cannot switch from automatic field numbering to manual field specification"
                        .to_owned(),
                ));
            }
            state.numbering = Numbering::Manual;
            Some(n)
        } else {
            None
        };
    let mut value = match index {
        Some(index) => {
            let Some(args) = state.args else {
                return Err(
                    vm.new_value_error("Format string contains positional fields".to_owned())
                );
            };
            match args.get(index) {
                Some(v) => v.clone(),
                None => {
                    return Err(vm.new_index_error(format!(
                        "Replacement index {index} out of range for positional args tuple"
                    )))
                }
            }
        }
        None => match &state.kwargs {
            Keywords::Pairs(pairs) => {
                match pairs
                    .iter()
                    .find(|(k, _)| abstract_::obj_as_str(k) == Some(head.as_str()))
                {
                    Some((_, v)) => v.clone(),
                    None => {
                        let key = vm.new_str(head);
                        return Err(vm.new_key_error(key));
                    }
                }
            }
            Keywords::Mapping(mapping) => {
                let mapping = (*mapping).clone();
                let key = vm.new_str(head);
                abstract_::getitem(vm, &mapping, &key)?
            }
        },
    };
    while !rest.is_empty() {
        match rest[0] {
            '.' => {
                let end = rest[1..]
                    .iter()
                    .position(|c| *c == '.' || *c == '[')
                    .map_or(rest.len(), |p| p + 1);
                let attr: String = rest[1..end].iter().collect();
                if attr.is_empty() {
                    return Err(vm.new_value_error("Empty attribute in format string".to_owned()));
                }
                value = abstract_::getattr_str(vm, &value, &attr)?;
                rest = &rest[end..];
            }
            '[' => {
                let Some(close) = rest.iter().position(|c| *c == ']') else {
                    return Err(vm.new_value_error("Missing ']' in format string".to_owned()));
                };
                let key_text: String = rest[1..close].iter().collect();
                if key_text.is_empty() {
                    return Err(vm.new_value_error("Empty attribute in format string".to_owned()));
                }
                let key = match field_integer(vm, &key_text)? {
                    Some(n) => Value::Int(n as i64),
                    None => vm.new_str(key_text),
                };
                value = abstract_::getitem(vm, &value, &key)?;
                rest = &rest[close + 1..];
                if !rest.is_empty() && rest[0] != '.' && rest[0] != '[' {
                    return Err(vm.new_value_error(
                        "Only '.' or '[' may follow ']' in format field specifier".to_owned(),
                    ));
                }
            }
            _ => {
                return Err(vm.new_value_error(
                    "Only '.' or '[' may follow ']' in format field specifier".to_owned(),
                ))
            }
        }
    }
    Ok(value)
}

// ---------------------------------------------------------------------------
// bytes % values

/// `fmt % values` for bytes and bytearray (`%b`, `%s` take bytes-like objects).
pub fn bytes_percent_format(vm: &mut Vm, fmt: &[u8], values: &Value) -> PyResult<Vec<u8>> {
    let chars: Vec<char> = fmt.iter().map(|b| *b as char).collect();
    let mut args = Arguments::new(values);
    let mut out = Vec::with_capacity(fmt.len());
    let mut used_key = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            out.push(c as u32 as u8);
            continue;
        }
        if i >= chars.len() {
            return Err(vm.new_value_error("incomplete format".to_owned()));
        }
        if chars[i] == '%' {
            out.push(b'%');
            i += 1;
            continue;
        }
        if chars[i] == '(' {
            let Some(mapping) = args.mapping.clone() else {
                return Err(vm.new_type_error("format requires a mapping".to_owned()));
            };
            let start = i + 1;
            let mut depth = 1;
            i += 1;
            while i < chars.len() && depth > 0 {
                match chars[i] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            if depth > 0 {
                return Err(vm.new_value_error("incomplete format key".to_owned()));
            }
            let key = vm.new_bytes(fmt[start..i - 1].to_vec());
            // The looked-up value becomes the only argument, for `*` too.
            let value = abstract_::getitem(vm, &mapping, &key)?;
            args.items = vec![value];
            args.next = 0;
            args.single = true;
            used_key = true;
        }
        let mut spec = Conversion::default();
        while i < chars.len() {
            match chars[i] {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                ' ' => spec.space = true,
                '#' => spec.alternate = true,
                '0' => spec.zero = true,
                _ => break,
            }
            i += 1;
        }
        if i < chars.len() && chars[i] == '*' {
            i += 1;
            let w = args.next_int(vm)?;
            if w < 0 {
                spec.minus = true;
            }
            spec.width = Some(w.unsigned_abs());
        } else {
            spec.width = read_number(vm, &chars, &mut i, "width")?;
        }
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            if i < chars.len() && chars[i] == '*' {
                i += 1;
                let p = args.next_int(vm)?;
                if i32::try_from(p).is_err() {
                    return Err(vm.new_overflow_error(
                        "Python int too large to convert to C int".to_owned(),
                    ));
                }
                spec.precision = Some(p.max(0) as usize);
            } else {
                spec.precision = Some(read_number(vm, &chars, &mut i, "precision")?.unwrap_or(0));
            }
        }
        while i < chars.len() && matches!(chars[i], 'h' | 'l' | 'L') {
            i += 1;
        }
        if i >= chars.len() {
            return Err(vm.new_value_error("incomplete format".to_owned()));
        }
        let kind = chars[i];
        let kind_index = i;
        i += 1;
        let arg = args.next(vm)?;
        check_spec_size(vm, &spec)?;
        match kind {
            'b' | 's' => {
                let mut b = match crate::objects::bytes::as_bytes(&arg) {
                    Some(b) => b,
                    None => match abstract_::call_special(vm, &arg, "__bytes__", &[])? {
                        Some(r) => crate::objects::bytes::as_bytes(&r).unwrap_or_default(),
                        None => {
                            return Err(vm.new_type_error(format!(
                                "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                                vm.type_name_of(&arg)
                            )))
                        }
                    },
                };
                if let Some(p) = spec.precision {
                    b.truncate(p);
                }
                pad_bytes(&spec, &mut out, b);
            }
            'r' | 'a' => {
                let r = abstract_::repr_string(vm, &arg)?;
                let mut b = crate::objects::str::ascii_escape(&r).into_bytes();
                if let Some(p) = spec.precision {
                    b.truncate(p);
                }
                pad_bytes(&spec, &mut out, b);
            }
            'c' => {
                let b = if let Some(b) = crate::objects::bytes::as_bytes(&arg) {
                    if b.len() != 1 {
                        return Err(vm.new_type_error(
                            "%c requires an integer in range(256) or a single byte".to_owned(),
                        ));
                    }
                    b[0]
                } else {
                    match crate::objects::int::as_i64(&arg) {
                        Some(n) if (0..256).contains(&n) => n as u8,
                        Some(_) => {
                            return Err(vm.new_overflow_error("%c arg not in range(256)".to_owned()))
                        }
                        None => {
                            return Err(vm.new_type_error(
                                "%c requires an integer in range(256) or a single byte".to_owned(),
                            ))
                        }
                    }
                };
                pad_bytes(&spec, &mut out, vec![b]);
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' if !is_number(&arg) => {
                return Err(vm.new_type_error(format!(
                    "float argument required, not {}",
                    vm.type_name_of(&arg)
                )))
            }
            _ => {
                let text = format_one(vm, kind, kind_index, &spec, &arg)?;
                out.extend(text.bytes());
            }
        }
    }
    if args.next < args.items.len() && args.mapping.is_none() && !(args.single && used_key) {
        return Err(
            vm.new_type_error("not all arguments converted during bytes formatting".to_owned())
        );
    }
    Ok(out)
}

fn pad_bytes(spec: &Conversion, out: &mut Vec<u8>, b: Vec<u8>) {
    let width = spec.width.unwrap_or(0);
    let fill = width.saturating_sub(b.len());
    if !spec.minus {
        out.extend(std::iter::repeat_n(b' ', fill));
    }
    out.extend(b);
    if spec.minus {
        out.extend(std::iter::repeat_n(b' ', fill));
    }
}
