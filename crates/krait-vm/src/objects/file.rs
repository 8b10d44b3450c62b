//! File objects returned by `open()`: text files (`_io.TextIOWrapper`) and binary
//! files (`_io.BufferedReader`, `BufferedWriter`, `BufferedRandom`), with the
//! methods programs use (CPython's `Modules/_io/`).
//!
//! Reads pull the rest of the file into a buffer on first use; writes are buffered
//! and flushed on `flush`, `seek`, `close` and when the buffer grows large. Text
//! files are UTF-8 with universal newlines on input.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

use crate::abstract_;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::function::Args;
use crate::objects::{add_getset, add_method, this};
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};

pub struct FileData {
    pub file: Option<File>,
    pub name: String,
    pub mode: String,
    pub binary: bool,
    pub readable: bool,
    pub writable: bool,
    /// Bytes read from the file and not yet consumed, starting at file offset
    /// `buffer_start`.
    buffer: Option<Vec<u8>>,
    buffer_start: u64,
    pos: usize,
    write_buffer: Vec<u8>,
}

fn file_cell(v: &Value) -> Option<&std::cell::RefCell<FileData>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::File(f) => Some(f),
            _ => None,
        },
        _ => None,
    }
}

/// Checks an `open()` mode string as CPython does: (read, write, append, create,
/// plus, binary).
fn parse_mode(mode: &str) -> Option<(bool, bool, bool, bool, bool, bool)> {
    let mut seen = std::collections::HashSet::new();
    for c in mode.chars() {
        if !"rwxabt+".contains(c) || !seen.insert(c) {
            return None;
        }
    }
    let kinds = ['r', 'w', 'x', 'a']
        .iter()
        .filter(|c| seen.contains(c))
        .count();
    if kinds != 1 || (seen.contains(&'b') && seen.contains(&'t')) {
        return None;
    }
    Some((
        seen.contains(&'r'),
        seen.contains(&'w'),
        seen.contains(&'a'),
        seen.contains(&'x'),
        seen.contains(&'+'),
        seen.contains(&'b'),
    ))
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None)`.
pub fn open(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let parsed = crate::getargs::parse(
        vm,
        "open",
        args,
        &[
            "file",
            "mode",
            "buffering",
            "encoding",
            "errors",
            "newline",
            "closefd",
            "opener",
        ],
        1,
    )?;
    let file_arg = parsed[0].clone().unwrap_or(Value::None);
    let name = match abstract_::value_as_str(&file_arg) {
        Some(n) => n.to_owned(),
        None => match crate::objects::bytes::as_bytes(&file_arg) {
            Some(b) => String::from_utf8_lossy(&b).into_owned(),
            None => {
                return Err(vm.new_type_error(format!(
                    "expected str, bytes or os.PathLike object, not {}",
                    vm.type_name_of(&file_arg)
                )))
            }
        },
    };
    let mode = match &parsed[1] {
        Some(m) => match abstract_::value_as_str(m) {
            Some(s) => s.to_owned(),
            None => {
                return Err(vm.new_type_error(format!(
                    "open() argument 'mode' must be str, not {}",
                    vm.type_name_of(m)
                )))
            }
        },
        None => "r".to_owned(),
    };
    let Some((read, write, append, create, plus, binary)) = parse_mode(&mode) else {
        return Err(vm.new_value_error(format!("invalid mode: '{mode}'")));
    };
    if binary && parsed[3].as_ref().is_some_and(|e| !e.is_none()) {
        return Err(vm.new_value_error("binary mode doesn't take an encoding argument".to_owned()));
    }
    let mut options = std::fs::OpenOptions::new();
    if read {
        options.read(true).write(plus);
    } else if write {
        options.write(true).create(true).truncate(true).read(plus);
    } else if append {
        options.append(true).create(true).read(plus);
    } else if create {
        options.write(true).create_new(true).read(plus);
    }
    let file = match options.open(&name) {
        Ok(f) => f,
        Err(e) => return Err(os_error(vm, &e, &name)),
    };
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        let e = std::io::Error::from_raw_os_error(21);
        return Err(os_error(vm, &e, &name));
    }
    let class = match (binary, read || plus, write || append || create || plus) {
        (false, _, _) => vm.types.file.clone(),
        (true, true, true) => vm.file_types.random.clone(),
        (true, true, false) => vm.file_types.reader.clone(),
        (true, _, _) => vm.file_types.writer.clone(),
    };
    let data = FileData {
        file: Some(file),
        name,
        mode: mode.replace('t', ""),
        binary,
        readable: read || plus,
        writable: write || append || create || plus,
        buffer: None,
        buffer_start: 0,
        pos: 0,
        write_buffer: Vec::new(),
    };
    Ok(Value::Obj(PyObject::new(
        class,
        Payload::File(std::cell::RefCell::new(data)),
    )))
}

/// The OSError subclass CPython raises for an I/O error, with errno and filename.
pub fn os_error(vm: &mut Vm, e: &std::io::Error, filename: &str) -> crate::PyErr {
    let errno = e.raw_os_error().unwrap_or(0);
    let text = strerror(errno, e);
    let class = vm.exc(Exc::OSError).clone();
    let args = vec![
        Value::Int(errno as i64),
        vm.new_str(text),
        vm.new_str(filename.to_owned()),
    ];
    match vm.call1(&Value::Obj(class), args) {
        Ok(Value::Obj(exc)) => crate::PyErr(exc),
        Ok(_) => vm.new_error(Exc::OSError, "I/O error"),
        Err(e) => e,
    }
}

/// The C library's message for an errno, as `os.strerror` gives it.
pub fn strerror(errno: i32, e: &std::io::Error) -> String {
    let text = e.to_string();
    // Rust appends " (os error N)"; CPython shows the bare C message.
    match text.rfind(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => match errno {
            21 => "Is a directory".to_owned(),
            _ => text,
        },
    }
}

fn closed_error(vm: &mut Vm) -> crate::PyErr {
    vm.new_value_error("I/O operation on closed file.".to_owned())
}

/// Runs `f` on the open file of `self`.
fn with_file<T>(
    vm: &mut Vm,
    args: &Args,
    f: impl FnOnce(&mut Vm, &mut FileData) -> PyResult<T>,
) -> PyResult<T> {
    let v = this(args);
    let Some(cell) = file_cell(&v) else {
        return Err(vm.new_type_error("expected a file object".to_owned()));
    };
    let mut data = cell.borrow_mut();
    if data.file.is_none() {
        drop(data);
        return Err(closed_error(vm));
    }
    f(vm, &mut data)
}

fn flush_writes(data: &mut FileData) -> std::io::Result<()> {
    if !data.write_buffer.is_empty() {
        if let Some(file) = data.file.as_mut() {
            file.write_all(&data.write_buffer)?;
        }
        data.write_buffer.clear();
    }
    Ok(())
}

/// Makes sure the unread part of the file is in the buffer.
fn fill(data: &mut FileData) -> std::io::Result<()> {
    if data.buffer.is_none() {
        flush_writes(data)?;
        let mut buf = Vec::new();
        let file = data.file.as_mut().expect("checked open");
        data.buffer_start = file.stream_position()?;
        file.read_to_end(&mut buf)?;
        data.buffer = Some(buf);
        data.pos = 0;
    }
    Ok(())
}

/// Forgets read-ahead, putting the OS file offset where the reader is.
fn drop_buffer(data: &mut FileData) -> std::io::Result<()> {
    if data.buffer.take().is_some() {
        let at = data.buffer_start + data.pos as u64;
        if let Some(file) = data.file.as_mut() {
            file.seek(SeekFrom::Start(at))?;
        }
    }
    data.pos = 0;
    Ok(())
}

/// Text-mode decoding with universal newlines.
fn decode_text(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.into_owned()
    }
}

fn not_readable(vm: &mut Vm) -> crate::PyErr {
    // `io.UnsupportedOperation` derives from OSError (and ValueError).
    vm.new_error(Exc::OSError, "not readable")
}

fn not_writable(vm: &mut Vm) -> crate::PyErr {
    vm.new_error(Exc::OSError, "not writable")
}

fn io_err(vm: &mut Vm, e: std::io::Error, name: &str) -> crate::PyErr {
    os_error(vm, &e, name)
}

/// Reads up to `limit` characters (text) or bytes (binary), or all when `None`;
/// with `line`, stops after a newline.
fn read_some(
    vm: &mut Vm,
    data: &mut FileData,
    limit: Option<usize>,
    line: bool,
) -> PyResult<Value> {
    if !data.readable {
        return Err(not_readable(vm));
    }
    if let Err(e) = fill(data) {
        let name = data.name.clone();
        return Err(io_err(vm, e, &name));
    }
    let buf = data.buffer.as_ref().expect("filled");
    let rest = &buf[data.pos.min(buf.len())..];
    if data.binary {
        let mut end = limit.map_or(rest.len(), |n| n.min(rest.len()));
        if line {
            if let Some(i) = rest[..end].iter().position(|b| *b == b'\n') {
                end = i + 1;
            }
        }
        let chunk = rest[..end].to_vec();
        data.pos += end;
        return Ok(vm.new_bytes(chunk));
    }
    // Text: count characters; a "\r\n" pair is one newline.
    let mut end = 0;
    let mut chars = 0;
    while end < rest.len() && limit.is_none_or(|n| chars < n) {
        let b = rest[end];
        let width = if b < 0x80 {
            1
        } else if b >= 0xf0 {
            4
        } else if b >= 0xe0 {
            3
        } else if b >= 0xc0 {
            2
        } else {
            1
        };
        let is_newline = b == b'\n' || b == b'\r';
        end = (end + width).min(rest.len());
        if b == b'\r' && rest.get(end) == Some(&b'\n') {
            end += 1;
        }
        chars += 1;
        if line && is_newline {
            break;
        }
    }
    let text = decode_text(&rest[..end]);
    data.pos += end;
    Ok(vm.new_str(text))
}

fn size_arg(vm: &mut Vm, args: &Args) -> PyResult<Option<usize>> {
    match args.pos.get(1) {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let n = abstract_::index_isize(vm, v)?;
            Ok(if n < 0 { None } else { Some(n as usize) })
        }
    }
}

fn write_value(vm: &mut Vm, data: &mut FileData, v: &Value) -> PyResult<usize> {
    if !data.writable {
        return Err(not_writable(vm));
    }
    let (bytes, count) = if data.binary {
        match crate::objects::bytes::as_bytes(v) {
            Some(b) => {
                let n = b.len();
                (b, n)
            }
            None => {
                return Err(vm.new_type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    vm.type_name_of(v)
                )))
            }
        }
    } else {
        match abstract_::value_as_str(v) {
            Some(s) => (s.as_bytes().to_vec(), s.chars().count()),
            None => {
                return Err(vm.new_type_error(format!(
                    "write() argument must be str, not {}",
                    vm.type_name_of(v)
                )))
            }
        }
    };
    if let Err(e) = drop_buffer(data) {
        let name = data.name.clone();
        return Err(io_err(vm, e, &name));
    }
    data.write_buffer.extend(bytes);
    if data.write_buffer.len() > 1 << 16 {
        if let Err(e) = flush_writes(data) {
            let name = data.name.clone();
            return Err(io_err(vm, e, &name));
        }
    }
    Ok(count)
}

fn close(data: &mut FileData) {
    let _ = flush_writes(data);
    data.file = None;
    data.buffer = None;
}

pub fn init(vm: &mut Vm) {
    let file_types = [
        vm.types.file.clone(),
        vm.file_types.reader.clone(),
        vm.file_types.writer.clone(),
        vm.file_types.random.clone(),
    ];
    for ty in file_types {
        init_type(vm, &ty);
    }
}

fn init_type(vm: &mut Vm, ty: &ObjRef) {
    add_method(vm, ty, "read", |vm, args| {
        let n = size_arg(vm, &args)?;
        with_file(vm, &args, |vm, data| read_some(vm, data, n, false))
    });
    add_method(vm, ty, "readline", |vm, args| {
        let n = size_arg(vm, &args)?;
        with_file(vm, &args, |vm, data| read_some(vm, data, n, true))
    });
    add_method(vm, ty, "readlines", |vm, args| {
        let mut lines = Vec::new();
        loop {
            let line = with_file(vm, &args, |vm, data| read_some(vm, data, None, true))?;
            if abstract_::len(vm, &line)? == 0 {
                break;
            }
            lines.push(line);
        }
        Ok(vm.new_list(lines))
    });
    add_method(vm, ty, "write", |vm, args| {
        let v = args.pos.get(1).cloned().unwrap_or(Value::None);
        let n = with_file(vm, &args, |vm, data| write_value(vm, data, &v))?;
        Ok(Value::Int(n as i64))
    });
    add_method(vm, ty, "writelines", |vm, args| {
        let lines = args.pos.get(1).cloned().unwrap_or(Value::None);
        for line in abstract_::collect_iterable(vm, &lines)? {
            with_file(vm, &args, |vm, data| write_value(vm, data, &line))?;
        }
        Ok(Value::None)
    });
    add_method(vm, ty, "flush", |vm, args| {
        with_file(vm, &args, |vm, data| match flush_writes(data) {
            Ok(()) => Ok(Value::None),
            Err(e) => {
                let name = data.name.clone();
                Err(io_err(vm, e, &name))
            }
        })
    });
    add_method(vm, ty, "close", |_, args| {
        if let Some(cell) = file_cell(&this(&args)) {
            close(&mut cell.borrow_mut());
        }
        Ok(Value::None)
    });
    add_method(vm, ty, "seek", |vm, args| {
        crate::getargs::no_keywords(vm, "seek", &args)?;
        let pos = crate::getargs::positional(vm, "seek", Args::new(args.pos[1..].to_vec()), 1, 2)?;
        let offset = abstract_::index_isize(vm, pos[0].as_ref().unwrap_or(&Value::Int(0)))? as i64;
        let whence = match &pos[1] {
            Some(w) => abstract_::index_isize(vm, w)?,
            None => 0,
        };
        with_file(vm, &args, |vm, data| {
            let target = match whence {
                0 => SeekFrom::Start(offset.max(0) as u64),
                1 => SeekFrom::Current(offset),
                2 => SeekFrom::End(offset),
                _ => {
                    return Err(vm.new_value_error(format!(
                        "invalid whence ({whence}, should be 0, 1 or 2)"
                    )))
                }
            };
            let result = flush_writes(data)
                .and_then(|_| drop_buffer(data))
                .and_then(|_| data.file.as_mut().expect("checked open").seek(target));
            match result {
                Ok(at) => Ok(Value::Int(at as i64)),
                Err(e) => {
                    let name = data.name.clone();
                    Err(io_err(vm, e, &name))
                }
            }
        })
    });
    add_method(vm, ty, "tell", |vm, args| {
        with_file(vm, &args, |vm, data| {
            if data.buffer.is_some() {
                return Ok(Value::Int((data.buffer_start + data.pos as u64) as i64));
            }
            let pending = data.write_buffer.len() as u64;
            match data.file.as_mut().expect("checked open").stream_position() {
                Ok(at) => Ok(Value::Int((at + pending) as i64)),
                Err(e) => {
                    let name = data.name.clone();
                    Err(io_err(vm, e, &name))
                }
            }
        })
    });
    add_method(vm, ty, "truncate", |vm, args| {
        with_file(vm, &args, |vm, data| {
            let _ = flush_writes(data);
            let _ = drop_buffer(data);
            let file = data.file.as_mut().expect("checked open");
            let at = file.stream_position().unwrap_or(0);
            match file.set_len(at) {
                Ok(()) => Ok(Value::Int(at as i64)),
                Err(e) => {
                    let name = data.name.clone();
                    Err(io_err(vm, e, &name))
                }
            }
        })
    });
    add_method(vm, ty, "readable", |vm, args| {
        with_file(vm, &args, |_, d| Ok(Value::Bool(d.readable)))
    });
    add_method(vm, ty, "writable", |vm, args| {
        with_file(vm, &args, |_, d| Ok(Value::Bool(d.writable)))
    });
    add_method(vm, ty, "seekable", |vm, args| {
        with_file(vm, &args, |_, _| Ok(Value::Bool(true)))
    });
    add_method(vm, ty, "isatty", |vm, args| {
        with_file(vm, &args, |_, _| Ok(Value::Bool(false)))
    });
    add_method(vm, ty, "fileno", |vm, args| {
        with_file(vm, &args, |_, d| {
            use std::os::fd::AsRawFd;
            Ok(Value::Int(
                d.file.as_ref().map(|f| f.as_raw_fd() as i64).unwrap_or(-1),
            ))
        })
    });
    add_method(vm, ty, "__enter__", |vm, args| {
        with_file(vm, &args, |_, _| Ok(this(&args)))
    });
    add_method(vm, ty, "__exit__", |_, args| {
        if let Some(cell) = file_cell(&this(&args)) {
            close(&mut cell.borrow_mut());
        }
        Ok(Value::None)
    });
    add_method(vm, ty, "__iter__", |vm, args| {
        with_file(vm, &args, |_, _| Ok(this(&args)))
    });
    add_method(vm, ty, "__next__", |vm, args| {
        let line = with_file(vm, &args, |vm, data| read_some(vm, data, None, true))?;
        if abstract_::len(vm, &line)? == 0 {
            return Err(vm.new_stop_iteration(None));
        }
        Ok(line)
    });
    add_method(vm, ty, "__repr__", |vm, args| {
        let v = this(&args);
        let class = vm.type_name_of(&v);
        let Some(cell) = file_cell(&v) else {
            return Ok(vm.new_str("<file>"));
        };
        let d = cell.borrow();
        let name = crate::objects::str::repr_str(&d.name);
        let s = if d.file.is_none() || d.binary {
            format!("<_io.{class} name={name}>")
        } else {
            format!(
                "<_io.{class} name={name} mode='{}' encoding='UTF-8'>",
                d.mode
            )
        };
        Ok(vm.new_str(s))
    });
    add_getset(
        vm,
        ty,
        "closed",
        |_, v| {
            Ok(Value::Bool(
                file_cell(v)
                    .map(|d| d.borrow().file.is_none())
                    .unwrap_or(true),
            ))
        },
        None,
    );
    add_getset(
        vm,
        ty,
        "name",
        |vm, v| {
            Ok(vm.new_str(
                file_cell(v)
                    .map(|d| d.borrow().name.clone())
                    .unwrap_or_default(),
            ))
        },
        None,
    );
    add_getset(
        vm,
        ty,
        "mode",
        |vm, v| {
            Ok(vm.new_str(
                file_cell(v)
                    .map(|d| d.borrow().mode.clone())
                    .unwrap_or_default(),
            ))
        },
        None,
    );
    add_getset(vm, ty, "encoding", |vm, _| Ok(vm.new_str("UTF-8")), None);
    add_getset(vm, ty, "errors", |vm, _| Ok(vm.new_str("strict")), None);
}

/// The binary file types, beside `Types::file` (text).
pub struct FileTypes {
    pub reader: ObjRef,
    pub writer: ObjRef,
    pub random: ObjRef,
}

impl FileTypes {
    pub fn new(vm_types: &crate::vm::Types) -> FileTypes {
        let make = |name: &str| {
            crate::objects::typeobject::new_builtin_type(
                Some(&vm_types.type_),
                name,
                Some(&vm_types.object),
                crate::objects::typeobject::Layout::Opaque,
                Some(&vm_types.dict),
            )
        };
        FileTypes {
            reader: make("BufferedReader"),
            writer: make("BufferedWriter"),
            random: make("BufferedRandom"),
        }
    }
}
