//! `OSError` from an operating-system error, with its errno, message and file name
//! (CPython's `PyErr_SetFromErrnoWithFilenameObject`): calling the class picks the
//! subclass the errno names (`FileNotFoundError` for ENOENT ...).

use crate::value::Value;
use crate::Exc;
use crate::Vm;

/// The OSError subclass for `e`, naming `filename`.
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

/// The OSError subclass for the calling thread's last errno, naming no file.
pub fn last_os_error(vm: &mut Vm) -> crate::PyErr {
    os_error_no_filename(vm, &std::io::Error::last_os_error())
}

/// The OSError subclass for `e`, naming no file.
pub fn os_error_no_filename(vm: &mut Vm, e: &std::io::Error) -> crate::PyErr {
    let errno = e.raw_os_error().unwrap_or(0);
    let text = strerror(errno, e);
    let class = vm.exc(Exc::OSError).clone();
    let args = vec![Value::Int(errno as i64), vm.new_str(text)];
    match vm.call1(&Value::Obj(class), args) {
        Ok(Value::Obj(exc)) => crate::PyErr(exc),
        Ok(_) => vm.new_error(Exc::OSError, "I/O error"),
        Err(e) => e,
    }
}
