//! Printing an uncaught exception the way CPython 3.11 does (`Python/pythonrun.c`,
//! `Python/traceback.c`): the chain of causes and contexts, each traceback entry
//! with its source line and caret line, then `Type: message`.

use std::rc::Rc;

use crate::abstract_;
use crate::object::ObjRef;
use crate::objects::exceptions;
use crate::objects::traceback::{frame_data, traceback_data};
use crate::objects::typeobject;
use crate::value::Value;
use crate::Exc;
use crate::Vm;

const CAUSE_MESSAGE: &str =
    "\nThe above exception was the direct cause of the following exception:\n\n";
const CONTEXT_MESSAGE: &str =
    "\nDuring handling of the above exception, another exception occurred:\n\n";
const RECURSIVE_CUTOFF: usize = 3;

/// The full report for `exc`, as `traceback.print_exception` writes it.
pub fn format_exception(vm: &mut Vm, exc: &Value) -> String {
    let mut chain: Vec<(Option<&str>, Value)> = Vec::new();
    let mut seen: Vec<ObjRef> = Vec::new();
    let mut cur = Some((None, exc.clone()));
    while let Some((msg, e)) = cur.take() {
        if let Value::Obj(o) = &e {
            seen.push(o.clone());
        }
        let (cause, context, suppress) = match exceptions::data(&e) {
            Some(d) => {
                let d = d.borrow();
                (d.cause.clone(), d.context.clone(), d.suppress_context)
            }
            None => (Value::None, Value::None, false),
        };
        chain.push((msg, e));
        let unseen =
            |v: &Value| matches!(v, Value::Obj(o) if !seen.iter().any(|s| Rc::ptr_eq(s, o)));
        if !cause.is_none() && unseen(&cause) {
            cur = Some((Some(CAUSE_MESSAGE), cause));
        } else if !context.is_none() && !suppress && unseen(&context) {
            cur = Some((Some(CONTEXT_MESSAGE), context));
        }
    }
    let mut out = String::new();
    for (msg, e) in chain.into_iter().rev() {
        let tb = exceptions::traceback_of(&e);
        if !tb.is_none() {
            out.push_str("Traceback (most recent call last):\n");
            out.push_str(&format_traceback(vm, &tb));
        }
        out.push_str(&format_exception_only(vm, &e));
        if let Some(msg) = msg {
            out.push_str(msg);
        }
    }
    out
}

/// The report for `exc` alone, without its cause or context (what CPython's
/// default unraisable hook prints).
pub fn format_exception_unchained(vm: &mut Vm, exc: &Value) -> String {
    let mut out = String::new();
    let tb = exceptions::traceback_of(exc);
    if !tb.is_none() {
        out.push_str("Traceback (most recent call last):\n");
        out.push_str(&format_traceback(vm, &tb));
    }
    out.push_str(&format_exception_only(vm, exc));
    out
}

/// Writes the report for an uncaught exception to stderr.
pub fn print_exception(vm: &mut Vm, exc: &Value) {
    let text = format_exception(vm, exc);
    crate::sys::write_stderr(vm, &text);
}

fn format_traceback(vm: &mut Vm, tb: &Value) -> String {
    let mut out = String::new();
    let mut cur = tb.clone();
    let mut last: Option<(String, u32, String)> = None;
    let mut count = 0usize;
    let flush_repeats = |out: &mut String, count: usize| {
        if count > RECURSIVE_CUTOFF {
            let n = count - RECURSIVE_CUTOFF;
            out.push_str(&format!(
                "  [Previous line repeated {n} more time{}]\n",
                if n > 1 { "s" } else { "" }
            ));
        }
    };
    while let Some(t) = traceback_data(&cur) {
        let frame = Value::Obj(t.frame.clone());
        let Some(f) = frame_data(&frame) else { break };
        let code = f.borrow().code.clone();
        let pos = code.position(t.lasti);
        let filename = code.code.filename.to_string();
        let name = code.code.name.to_string();
        let line = pos.line.unwrap_or(0);
        let key = (filename.clone(), line, name.clone());
        if last.as_ref() != Some(&key) {
            flush_repeats(&mut out, count);
            last = Some(key);
            count = 0;
        }
        count += 1;
        if count <= RECURSIVE_CUTOFF {
            out.push_str(&format!("  File \"{filename}\", line {line}, in {name}\n"));
            if let Some(source) = source_line(vm, &filename, line) {
                out.push_str(&format_source_line(&source, pos));
            }
        }
        let next = t
            .next
            .borrow()
            .clone()
            .map(Value::Obj)
            .unwrap_or(Value::None);
        cur = next;
    }
    flush_repeats(&mut out, count);
    out
}

fn format_source_line(source: &str, pos: krait_bytecode::tables::Position) -> String {
    let stripped = source.trim();
    if stripped.is_empty() {
        return String::new();
    }
    let mut out = format!("    {stripped}\n");
    let (Some(col), Some(end_col)) = (pos.col, pos.end_col) else {
        return out;
    };
    let leading = source.chars().count() - source.trim_start().chars().count();
    let start = byte_to_char(source, col as usize);
    let end = if pos.line == pos.end_line {
        byte_to_char(source, end_col as usize)
    } else {
        leading + stripped.chars().count()
    };
    if end <= start || start < leading {
        return out;
    }
    let anchors = if pos.line == pos.end_line {
        let segment: String = source.chars().skip(start).take(end - start).collect();
        caret_anchors(&segment)
    } else {
        None
    };
    let spans_line = end - start == stripped.chars().count();
    if spans_line && anchors.is_none() {
        return out;
    }
    out.push_str("    ");
    out.push_str(&" ".repeat(start - leading));
    for i in start..end {
        let secondary = anchors.is_some_and(|(left, right)| left + start <= i && i < right + start);
        out.push(if anchors.is_none() || secondary {
            '^'
        } else {
            '~'
        });
    }
    out.push('\n');
    out
}

fn byte_to_char(s: &str, byte: usize) -> usize {
    let mut b = byte.min(s.len());
    while !s.is_char_boundary(b) {
        b -= 1;
    }
    s[..b].chars().count()
}

/// Line `line` (1-based) of a source file, as `linecache` finds it.
pub fn source_line(vm: &mut Vm, filename: &str, line: u32) -> Option<String> {
    if line == 0 || filename.starts_with('<') {
        return None;
    }
    let text = vm.source_cache.get(filename).cloned().or_else(|| {
        let t = std::fs::read_to_string(filename).ok()?;
        let t: Rc<str> = Rc::from(t);
        vm.source_cache.insert(filename.to_owned(), t.clone());
        Some(t)
    })?;
    text.lines().nth(line as usize - 1).map(str::to_owned)
}

/// The last line(s) of a report: `Type: message`, or SyntaxError's layout.
pub fn format_exception_only(vm: &mut Vm, exc: &Value) -> String {
    let class = vm.type_of(exc);
    let data = typeobject::type_data(&class);
    let qualname = data.qualname.borrow().clone();
    let module = typeobject::type_module(vm, &class);
    let stype = match module.as_deref() {
        Some("builtins") | Some("__main__") | None => qualname,
        Some(m) => format!("{m}.{qualname}"),
    };
    let mut out = String::new();
    if vm.isinstance(exc, &vm.exc(Exc::SyntaxError).clone()) {
        out.push_str(&format_syntax_error(vm, exc, &stype));
    } else {
        let text = match abstract_::str_string(vm, exc) {
            Ok(s) => s,
            Err(_) => "<exception str() failed>".to_owned(),
        };
        if text.is_empty() {
            out.push_str(&stype);
        } else {
            out.push_str(&format!("{stype}: {text}"));
        }
        if let Some(name) = crate::suggestions::offer(vm, exc) {
            out.push_str(&format!(". Did you mean: '{name}'?"));
        }
        out.push('\n');
    }
    if let Ok(Some(notes)) = abstract_::getattr_optional(vm, exc, "__notes__") {
        if let Ok(items) = abstract_::collect_iterable(vm, &notes) {
            for note in items {
                let s = abstract_::str_string(vm, &note).unwrap_or_default();
                for l in s.split('\n') {
                    out.push_str(l);
                    out.push('\n');
                }
            }
        }
    }
    out
}

fn format_syntax_error(vm: &mut Vm, exc: &Value, stype: &str) -> String {
    let get = |vm: &mut Vm, name: &str| {
        abstract_::getattr_optional(vm, exc, name)
            .ok()
            .flatten()
            .unwrap_or(Value::None)
    };
    let int = |v: &Value| crate::objects::int::as_i64(v);
    let filename = get(vm, "filename");
    let lineno = int(&get(vm, "lineno"));
    let text = get(vm, "text");
    let offset = int(&get(vm, "offset")).unwrap_or(-1);
    // Only an exact SyntaxError shows its end position; subclasses get one caret.
    let exact = Rc::ptr_eq(&vm.type_of(exc), vm.exc(Exc::SyntaxError));
    let (end_lineno, mut end_offset) = if exact {
        (
            int(&get(vm, "end_lineno")).or(lineno),
            int(&get(vm, "end_offset")).unwrap_or(-1),
        )
    } else {
        (lineno, -1)
    };
    let msg = get(vm, "msg");
    let mut out = String::new();
    let mut suffix = String::new();
    let fname = abstract_::value_as_str(&filename).map(str::to_owned);
    match lineno {
        Some(l) => out.push_str(&format!(
            "  File \"{}\", line {l}\n",
            fname.clone().unwrap_or_else(|| "<string>".to_owned())
        )),
        None => {
            if let Some(f) = &fname {
                suffix = format!(" ({f})");
            }
        }
    }
    if let Some(text) = abstract_::value_as_str(&text) {
        let line_size = text.len() as i64;
        if end_lineno > lineno {
            end_offset = line_size;
        }
        if end_offset > line_size + 1 {
            end_offset = line_size + 1;
        }
        out.push_str(&error_text(text, offset, end_offset));
    }
    let msg = abstract_::value_as_str(&msg)
        .map(str::to_owned)
        .unwrap_or_else(|| "<no detail available>".to_owned());
    out.push_str(&format!("{stype}: {msg}{suffix}\n"));
    out
}

/// The source line of a SyntaxError and its caret line (CPython's
/// `print_error_text`): leading blanks stripped, the caret clipped to the line.
fn error_text(text: &str, offset: i64, end_offset: i64) -> String {
    let carets = if end_offset > 0 && end_offset > offset {
        (end_offset - offset) as usize
    } else {
        1
    };
    let mut offset = offset - 1;
    let mut text = text;
    while let Some(rest) = text.strip_prefix([' ', '\t', '\x0c']) {
        text = rest;
        offset -= 1;
    }
    let mut len = text.len() as i64;
    if text.ends_with('\n') {
        len -= 1;
    }
    offset = offset.min(len);
    // Skip to the line holding the offset when the text spans several.
    while let Some(nl) = text.find('\n') {
        let inl = nl as i64;
        if inl >= offset {
            break;
        }
        text = &text[nl + 1..];
        offset -= inl + 1;
    }
    let mut out = format!("    {text}");
    if !text.ends_with('\n') {
        out.push('\n');
    }
    if offset < 0 {
        return out;
    }
    out.push_str("    ");
    out.push_str(&" ".repeat(offset as usize));
    out.push_str(&"^".repeat(carets));
    out.push('\n');
    out
}

/// Whether `v` is an instance of `SystemExit`.
pub fn is_system_exit(vm: &Vm, v: &Value) -> bool {
    vm.isinstance(v, vm.exc(Exc::SystemExit))
}

/// Where a binary operator or subscript sits in a caret segment: (left end, right
/// start) in characters, as `traceback._extract_caret_anchors_from_line_segment`.
fn caret_anchors(segment: &str) -> Option<(usize, usize)> {
    krait_compiler::caret_anchors(segment)
}
