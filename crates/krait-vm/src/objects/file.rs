//! File objects returned by `open()`: the parts of `_io.TextIOWrapper`,
//! `_io.BufferedReader` and friends that programs use (CPython's `Modules/_io/`).

use std::fs::File;
use std::io::{Read, Write};

use crate::abstract_;
use crate::object::{Payload, PyObject};
use crate::objects::function::Args;
use crate::objects::{add_getset, add_method, this};
use crate::value::Value;
use crate::{PyResult, Vm};

pub struct FileData {
    pub file: Option<File>,
    pub name: String,
    pub mode: String,
    pub binary: bool,
    /// Unread data (files are read whole on first read).
    pub buffer: Option<Vec<u8>>,
    pub pos: usize,
    pub write_buffer: Vec<u8>,
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

/// `open(file, mode='r', ...)`.
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
    let name = match parsed[0].as_ref().and_then(abstract_::value_as_str) {
        Some(n) => n.to_owned(),
        None => {
            return Err(vm.new_type_error("expected str, bytes or os.PathLike object".to_owned()))
        }
    };
    let mode = parsed[1]
        .as_ref()
        .and_then(abstract_::value_as_str)
        .unwrap_or("r")
        .to_owned();
    let binary = mode.contains('b');
    let mut options = std::fs::OpenOptions::new();
    let plus = mode.contains('+');
    if mode.contains('r') {
        options.read(true).write(plus);
    } else if mode.contains('w') {
        options.write(true).create(true).truncate(true).read(plus);
    } else if mode.contains('a') {
        options.append(true).create(true).read(plus);
    } else if mode.contains('x') {
        options.write(true).create_new(true).read(plus);
    } else {
        return Err(vm.new_value_error(format!("invalid mode: '{mode}'")));
    }
    let file = match options.open(&name) {
        Ok(f) => f,
        Err(e) => return Err(os_error(vm, &e, &name)),
    };
    let data = FileData {
        file: Some(file),
        name,
        mode,
        binary,
        buffer: None,
        pos: 0,
        write_buffer: Vec::new(),
    };
    Ok(Value::Obj(PyObject::new(
        vm.types.file.clone(),
        Payload::File(std::cell::RefCell::new(data)),
    )))
}

/// The OSError subclass CPython raises for an I/O error, with errno and filename.
pub fn os_error(vm: &mut Vm, e: &std::io::Error, filename: &str) -> crate::PyErr {
    let errno = e.raw_os_error().unwrap_or(0);
    let (class, text) = match e.kind() {
        std::io::ErrorKind::NotFound => ("FileNotFoundError", "No such file or directory"),
        std::io::ErrorKind::PermissionDenied => ("PermissionError", "Permission denied"),
        std::io::ErrorKind::AlreadyExists => ("FileExistsError", "File exists"),
        _ if errno == 21 => ("IsADirectoryError", "Is a directory"),
        _ if errno == 20 => ("NotADirectoryError", "Not a directory"),
        _ => ("OSError", "I/O error"),
    };
    let class = vm.exception_type(class);
    let args = vec![
        Value::Int(errno as i64),
        vm.new_str(text),
        vm.new_str(filename.to_owned()),
    ];
    let err = crate::objects::exceptions::new_exception(vm, &class, args);
    err
}

fn with_file<T>(
    vm: &mut Vm,
    args: &Args,
    f: impl FnOnce(&mut Vm, &mut FileData) -> PyResult<T>,
) -> PyResult<T> {
    let v = this(args);
    let Some(cell) = file_cell(&v) else {
        return Err(vm.new_type_error("expected a file".to_owned()));
    };
    let mut data = cell.borrow_mut();
    if data.file.is_none() {
        drop(data);
        return Err(vm.new_value_error("I/O operation on closed file.".to_owned()));
    }
    f(vm, &mut data)
}

fn fill(data: &mut FileData) {
    if data.buffer.is_none() {
        let mut buf = Vec::new();
        if let Some(file) = data.file.as_mut() {
            let _ = file.read_to_end(&mut buf);
        }
        data.buffer = Some(buf);
        data.pos = 0;
    }
}

fn make_text(vm: &mut Vm, data: &FileData, bytes: Vec<u8>) -> Value {
    if data.binary {
        vm.new_bytes(bytes)
    } else {
        vm.new_str(String::from_utf8_lossy(&bytes).replace("\r\n", "\n"))
    }
}

fn flush(data: &mut FileData) {
    if let Some(file) = data.file.as_mut() {
        let _ = file.write_all(&data.write_buffer);
    }
    data.write_buffer.clear();
}

pub fn init(vm: &mut Vm) {
    let ty = vm.types.file.clone();
    add_method(vm, &ty, "read", |vm, args| {
        let n = args
            .pos
            .get(1)
            .and_then(crate::objects::int::as_i64)
            .unwrap_or(-1);
        with_file(vm, &args, |vm, data| {
            fill(data);
            let buf = data.buffer.as_ref().expect("filled");
            let end = if n < 0 {
                buf.len()
            } else {
                (data.pos + n as usize).min(buf.len())
            };
            let chunk = buf[data.pos.min(end)..end].to_vec();
            data.pos = end;
            Ok(make_text(vm, data, chunk))
        })
    });
    add_method(vm, &ty, "readline", |vm, args| {
        with_file(vm, &args, |vm, data| {
            fill(data);
            let buf = data.buffer.as_ref().expect("filled");
            let start = data.pos.min(buf.len());
            let end = buf[start..]
                .iter()
                .position(|b| *b == b'\n')
                .map(|i| start + i + 1)
                .unwrap_or(buf.len());
            let chunk = buf[start..end].to_vec();
            data.pos = end;
            Ok(make_text(vm, data, chunk))
        })
    });
    add_method(vm, &ty, "readlines", |vm, args| {
        let mut lines = Vec::new();
        let me = this(&args);
        loop {
            let line = vm.call_method(&me, "readline", vec![])?;
            if abstract_::len(vm, &line)? == 0 {
                break;
            }
            lines.push(line);
        }
        Ok(vm.new_list(lines))
    });
    add_method(vm, &ty, "write", |vm, args| {
        let v = args.pos.get(1).cloned().unwrap_or(Value::None);
        with_file(vm, &args, |vm, data| {
            let (bytes, count) = if data.binary {
                match crate::objects::bytes::as_bytes(&v) {
                    Some(b) => {
                        let n = b.len();
                        (b, n)
                    }
                    None => {
                        return Err(vm.new_type_error(format!(
                            "a bytes-like object is required, not '{}'",
                            vm.type_name_of(&v)
                        )))
                    }
                }
            } else {
                match abstract_::value_as_str(&v) {
                    Some(s) => (s.as_bytes().to_vec(), s.chars().count()),
                    None => {
                        return Err(vm.new_type_error(format!(
                            "write() argument must be str, not {}",
                            vm.type_name_of(&v)
                        )))
                    }
                }
            };
            data.write_buffer.extend(bytes);
            if data.write_buffer.len() > 8192 {
                flush(data);
            }
            Ok(Value::Int(count as i64))
        })
    });
    add_method(vm, &ty, "flush", |vm, args| {
        with_file(vm, &args, |_, data| {
            flush(data);
            Ok(Value::None)
        })
    });
    add_method(vm, &ty, "close", |vm, args| {
        let v = this(&args);
        if let Some(cell) = file_cell(&v) {
            let mut data = cell.borrow_mut();
            flush(&mut data);
            data.file = None;
        }
        let _ = vm;
        Ok(Value::None)
    });
    add_method(vm, &ty, "__enter__", |_, args| Ok(this(&args)));
    add_method(vm, &ty, "__exit__", |vm, args| {
        let me = this(&args);
        vm.call_method(&me, "close", vec![])?;
        Ok(Value::None)
    });
    add_method(vm, &ty, "__iter__", |_, args| Ok(this(&args)));
    add_method(vm, &ty, "__next__", |vm, args| {
        let me = this(&args);
        let line = vm.call_method(&me, "readline", vec![])?;
        if abstract_::len(vm, &line)? == 0 {
            return Err(vm.new_stop_iteration(None));
        }
        Ok(line)
    });
    add_getset(
        vm,
        &ty,
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
        &ty,
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
        &ty,
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
}
