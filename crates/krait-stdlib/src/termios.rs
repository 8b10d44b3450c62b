//! The `termios` module (CPython's `Modules/termios.c`): terminal attributes and
//! line control for a descriptor. `tty` and `pty` are built on it.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

static TCGETATTR: Signature = Signature::of("termios", "tcgetattr", "($module, fd, /)");
static TCSETATTR: Signature =
    Signature::of("termios", "tcsetattr", "($module, fd, when, attributes, /)");
static TCSENDBREAK: Signature =
    Signature::of("termios", "tcsendbreak", "($module, fd, duration, /)");
static TCDRAIN: Signature = Signature::of("termios", "tcdrain", "($module, fd, /)");
static TCFLUSH: Signature = Signature::of("termios", "tcflush", "($module, fd, queue, /)");
static TCFLOW: Signature = Signature::of("termios", "tcflow", "($module, fd, action, /)");
static TCGETWINSIZE: Signature = Signature::of("termios", "tcgetwinsize", "($module, fd, /)");
static TCSETWINSIZE: Signature =
    Signature::of("termios", "tcsetwinsize", "($module, fd, winsize, /)");

static FUNCTIONS: [MethodDef; 8] = [
    MethodDef::staticmethod("tcgetattr", tcgetattr).with_signature(&TCGETATTR),
    MethodDef::staticmethod("tcsetattr", tcsetattr).with_signature(&TCSETATTR),
    MethodDef::staticmethod("tcsendbreak", tcsendbreak).with_signature(&TCSENDBREAK),
    MethodDef::staticmethod("tcdrain", tcdrain).with_signature(&TCDRAIN),
    MethodDef::staticmethod("tcflush", tcflush).with_signature(&TCFLUSH),
    MethodDef::staticmethod("tcflow", tcflow).with_signature(&TCFLOW),
    MethodDef::staticmethod("tcgetwinsize", tcgetwinsize).with_signature(&TCGETWINSIZE),
    MethodDef::staticmethod("tcsetwinsize", tcsetwinsize).with_signature(&TCSETWINSIZE),
];

/// `termios.error`, made once per interpreter.
struct TermiosError(ObjRef);

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "termios");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "termios", &FUNCTIONS);
    for &(name, value) in crate::termios_constants::CONSTANTS {
        dict::dict_set_str(vm, &d, name, Value::Int(value));
    }
    let error = match vm.module_state::<TermiosError>() {
        Some(e) => e.0.clone(),
        None => {
            let e = crate::new_exception_class(vm, "termios", "error", Exc::Exception)?;
            vm.set_module_state(TermiosError(e.clone()));
            e
        }
    };
    dict::dict_set_str(vm, &d, "error", Value::Obj(error));
    Ok(m)
}

/// `termios.error(errno, message)` for the last system error.
fn termios_error(vm: &mut Vm) -> PyErr {
    let e = std::io::Error::last_os_error();
    let errno = e.raw_os_error().unwrap_or(0);
    let text = krait_vm::oserror::strerror(errno, &e);
    let Some(class) = vm.module_state::<TermiosError>().map(|e| e.0.clone()) else {
        return vm.new_error(Exc::OSError, text);
    };
    let args = vec![Value::Int(errno as i64), vm.new_str(text)];
    match vm.call1(&Value::Obj(class), args) {
        Ok(Value::Obj(exc)) => PyErr(exc),
        Ok(_) => vm.new_error(Exc::OSError, "termios error"),
        Err(e) => e,
    }
}

/// A descriptor: an int or an object with `fileno()`.
fn fd_arg(vm: &mut Vm, value: Option<Value>) -> PyResult<i32> {
    crate::fileno_arg(vm, &value.unwrap_or(Value::None))
}

fn int_arg(vm: &mut Vm, value: Option<Value>) -> PyResult<i64> {
    let value = abstract_::index(vm, &value.unwrap_or(Value::None))?;
    Ok(krait_vm::objects::int::as_i64(&value).unwrap_or(0))
}

fn check(vm: &mut Vm, result: i32) -> PyResult<Value> {
    if result < 0 {
        return Err(termios_error(vm));
    }
    Ok(Value::None)
}

fn get_termios(vm: &mut Vm, fd: i32) -> PyResult<libc::termios> {
    // SAFETY: `tcgetattr` fills the zeroed struct it is given.
    let mut mode: libc::termios = unsafe { std::mem::zeroed() };
    if unsafe { libc::tcgetattr(fd, &mut mode) } < 0 {
        return Err(termios_error(vm));
    }
    Ok(mode)
}

/// `[iflag, oflag, cflag, lflag, ispeed, ospeed, cc]`; in non-canonical mode
/// `cc[VMIN]` and `cc[VTIME]` are ints, the other entries one-byte bytes.
fn tcgetattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = TCGETATTR.bind_args(vm, args)?;
    let fd = fd_arg(vm, fd)?;
    let mode = get_termios(vm, fd)?;
    // SAFETY: the speed getters only read the struct.
    let (ispeed, ospeed) = unsafe { (libc::cfgetispeed(&mode), libc::cfgetospeed(&mode)) };
    let canonical = mode.c_lflag & libc::ICANON != 0;
    let cc = mode
        .c_cc
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if !canonical && (i == libc::VMIN || i == libc::VTIME) {
                Value::Int(c as i64)
            } else {
                vm.new_bytes(vec![c])
            }
        })
        .collect();
    let cc = vm.new_list(cc);
    Ok(vm.new_list(vec![
        Value::Int(mode.c_iflag as i64),
        Value::Int(mode.c_oflag as i64),
        Value::Int(mode.c_cflag as i64),
        Value::Int(mode.c_lflag as i64),
        Value::Int(ispeed as i64),
        Value::Int(ospeed as i64),
        cc,
    ]))
}

fn tcsetattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, when, attributes] = TCSETATTR.bind_args(vm, args)?;
    let fd = fd_arg(vm, fd)?;
    let when = int_arg(vm, when)? as i32;
    let attributes = attributes.unwrap_or(Value::None);
    let items = abstract_::list_items(&attributes).filter(|items| items.len() == 7);
    let Some(items) = items else {
        return Err(vm.new_type_error("tcsetattr, arg 3: must be 7 element list".to_owned()));
    };
    let mut mode = get_termios(vm, fd)?;
    mode.c_iflag = int_arg(vm, Some(items[0].clone()))? as libc::tcflag_t;
    mode.c_oflag = int_arg(vm, Some(items[1].clone()))? as libc::tcflag_t;
    mode.c_cflag = int_arg(vm, Some(items[2].clone()))? as libc::tcflag_t;
    mode.c_lflag = int_arg(vm, Some(items[3].clone()))? as libc::tcflag_t;
    let ispeed = int_arg(vm, Some(items[4].clone()))? as libc::speed_t;
    let ospeed = int_arg(vm, Some(items[5].clone()))? as libc::speed_t;
    let cc = abstract_::list_items(&items[6]).filter(|cc| cc.len() == libc::NCCS);
    let Some(cc) = cc else {
        return Err(vm.new_type_error(format!(
            "tcsetattr: attributes[6] must be {} element list",
            libc::NCCS
        )));
    };
    for (slot, value) in mode.c_cc.iter_mut().zip(&cc) {
        *slot = match krait_vm::objects::bytes::as_bytes(value) {
            Some(b) if b.len() == 1 => b[0],
            _ => match krait_vm::objects::int::as_i64(value) {
                Some(n) => n as libc::cc_t,
                None => {
                    return Err(vm.new_type_error(
                        "tcsetattr: elements of attributes must be characters or integers"
                            .to_owned(),
                    ))
                }
            },
        };
    }
    // SAFETY: the struct was read by `tcgetattr` and only its fields changed.
    unsafe {
        if libc::cfsetispeed(&mut mode, ispeed) < 0 || libc::cfsetospeed(&mut mode, ospeed) < 0 {
            return Err(termios_error(vm));
        }
        let result = libc::tcsetattr(fd, when, &mode);
        check(vm, result)
    }
}

fn tcsendbreak(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, duration] = TCSENDBREAK.bind_args(vm, args)?;
    let fd = fd_arg(vm, fd)?;
    let duration = int_arg(vm, duration)? as i32;
    // SAFETY: no memory is passed.
    let result = unsafe { libc::tcsendbreak(fd, duration) };
    check(vm, result)
}

fn tcdrain(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = TCDRAIN.bind_args(vm, args)?;
    let fd = fd_arg(vm, fd)?;
    // SAFETY: no memory is passed.
    let result = unsafe { libc::tcdrain(fd) };
    check(vm, result)
}

fn tcflush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, queue] = TCFLUSH.bind_args(vm, args)?;
    let fd = fd_arg(vm, fd)?;
    let queue = int_arg(vm, queue)? as i32;
    // SAFETY: no memory is passed.
    let result = unsafe { libc::tcflush(fd, queue) };
    check(vm, result)
}

fn tcflow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, action] = TCFLOW.bind_args(vm, args)?;
    let fd = fd_arg(vm, fd)?;
    let action = int_arg(vm, action)? as i32;
    // SAFETY: no memory is passed.
    let result = unsafe { libc::tcflow(fd, action) };
    check(vm, result)
}

fn tcgetwinsize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = TCGETWINSIZE.bind_args(vm, args)?;
    let fd = fd_arg(vm, fd)?;
    // SAFETY: TIOCGWINSZ fills the zeroed winsize it is given.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    if unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut size) } < 0 {
        return Err(termios_error(vm));
    }
    Ok(vm.new_tuple(vec![
        Value::Int(size.ws_row as i64),
        Value::Int(size.ws_col as i64),
    ]))
}

fn tcsetwinsize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, winsize] = TCSETWINSIZE.bind_args(vm, args)?;
    let fd = fd_arg(vm, fd)?;
    let items = abstract_::collect_iterable(vm, &winsize.unwrap_or(Value::None))?;
    let [rows, cols] = items.as_slice() else {
        return Err(
            vm.new_type_error("tcsetwinsize, arg 2: must be a two-item sequence".to_owned())
        );
    };
    // SAFETY: TIOCGWINSZ fills the zeroed winsize; TIOCSWINSZ reads it back.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    if unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut size) } < 0 {
        return Err(termios_error(vm));
    }
    size.ws_row = int_arg(vm, Some(rows.clone()))? as u16;
    size.ws_col = int_arg(vm, Some(cols.clone()))? as u16;
    let result = unsafe { libc::ioctl(fd, libc::TIOCSWINSZ, &size) };
    check(vm, result)
}
