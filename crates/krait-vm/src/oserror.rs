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

/// Runs a system call until no signal interrupts it (PEP 475): after EINTR the
/// Python signal handlers run, and an exception they raise ends the call. `call`
/// gives its result or the errno it failed with; any errno but EINTR comes back.
pub fn retry_interrupted<T>(
    vm: &mut Vm,
    mut call: impl FnMut() -> Result<T, i32>,
) -> crate::PyResult<Result<T, i32>> {
    loop {
        match call() {
            Err(libc::EINTR) => vm.handle_signals()?,
            other => return Ok(other),
        }
    }
}

/// `retry_interrupted` for a C call that returns -1 and sets errno on failure:
/// its result, or the OSError for the errno.
pub fn retry_syscall(vm: &mut Vm, mut call: impl FnMut() -> i64) -> crate::PyResult<i64> {
    let result = retry_interrupted(vm, || match call() {
        n if n >= 0 => Ok(n),
        _ => Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(0)),
    })?;
    result.map_err(|errno| os_error_no_filename(vm, &std::io::Error::from_raw_os_error(errno)))
}
