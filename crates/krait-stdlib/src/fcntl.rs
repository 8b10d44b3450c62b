//! The `fcntl` module (CPython's `Modules/fcntlmodule.c`): `fcntl` and `ioctl` on
//! descriptors, with an int argument or a buffer passed by address, and the two
//! file-locking interfaces, `flock` and `lockf`.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};

use crate::given;

static FCNTL: Signature = Signature::of("fcntl", "fcntl", "($module, fd, cmd, arg=0, /)");
static IOCTL: Signature = Signature::of(
    "fcntl",
    "ioctl",
    "($module, fd, request, arg=0, mutate_flag=True, /)",
);
static FLOCK: Signature = Signature::of("fcntl", "flock", "($module, fd, operation, /)");
static LOCKF: Signature = Signature::of(
    "fcntl",
    "lockf",
    "($module, fd, cmd, len=0, start=0, whence=0, /)",
);

static FUNCTIONS: [MethodDef; 4] = [
    MethodDef::staticmethod("fcntl", fcntl).with_signature(&FCNTL),
    MethodDef::staticmethod("ioctl", ioctl).with_signature(&IOCTL),
    MethodDef::staticmethod("flock", flock).with_signature(&FLOCK),
    MethodDef::staticmethod("lockf", lockf).with_signature(&LOCKF),
];

/// The Linux values, as CPython's module defines them.
const CONSTANTS: [(&str, i64); 52] = [
    ("DN_ACCESS", 1),
    ("DN_ATTRIB", 32),
    ("DN_CREATE", 4),
    ("DN_DELETE", 8),
    ("DN_MODIFY", 2),
    ("DN_MULTISHOT", 2147483648),
    ("DN_RENAME", 16),
    ("FASYNC", 8192),
    ("FD_CLOEXEC", 1),
    ("F_ADD_SEALS", 1033),
    ("F_DUPFD", 0),
    ("F_DUPFD_CLOEXEC", 1030),
    ("F_EXLCK", 4),
    ("F_GETFD", 1),
    ("F_GETFL", 3),
    ("F_GETLEASE", 1025),
    ("F_GETLK", 5),
    ("F_GETLK64", 5),
    ("F_GETOWN", 9),
    ("F_GETPIPE_SZ", 1032),
    ("F_GETSIG", 11),
    ("F_GET_SEALS", 1034),
    ("F_NOTIFY", 1026),
    ("F_OFD_GETLK", 36),
    ("F_OFD_SETLK", 37),
    ("F_OFD_SETLKW", 38),
    ("F_RDLCK", 0),
    ("F_SEAL_GROW", 4),
    ("F_SEAL_SEAL", 1),
    ("F_SEAL_SHRINK", 2),
    ("F_SEAL_WRITE", 8),
    ("F_SETFD", 2),
    ("F_SETFL", 4),
    ("F_SETLEASE", 1024),
    ("F_SETLK", 6),
    ("F_SETLK64", 6),
    ("F_SETLKW", 7),
    ("F_SETLKW64", 7),
    ("F_SETOWN", 8),
    ("F_SETPIPE_SZ", 1031),
    ("F_SETSIG", 10),
    ("F_SHLCK", 8),
    ("F_UNLCK", 2),
    ("F_WRLCK", 1),
    ("LOCK_EX", 2),
    ("LOCK_MAND", 32),
    ("LOCK_NB", 4),
    ("LOCK_READ", 64),
    ("LOCK_RW", 192),
    ("LOCK_SH", 1),
    ("LOCK_UN", 8),
    ("LOCK_WRITE", 128),
];

/// The most a buffer argument may hold (CPython copies it into a 1 kB buffer).
const BUFFER_MAX: usize = 1024;

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "fcntl");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "fcntl", &FUNCTIONS);
    for (name, value) in CONSTANTS {
        dict::dict_set_str(vm, &d, name, Value::Int(value));
    }
    Ok(m)
}

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let n = abstract_::index(vm, v)?;
    krait_vm::objects::int::as_i64(&n).ok_or_else(|| {
        vm.new_overflow_error("Python int too large to convert to C long".to_owned())
    })
}

/// What `fcntl` and `ioctl` pass: an int, or bytes copied into a buffer whose
/// address is passed and whose contents come back.
enum Argument {
    Int(i64),
    Buffer(Vec<u8>),
}

fn argument(vm: &mut Vm, v: Option<Value>, function: &str) -> PyResult<Argument> {
    let Some(v) = v else {
        return Ok(Argument::Int(0));
    };
    if let Some(text) = abstract_::value_as_str(&v) {
        return buffer(vm, text.as_bytes().to_vec(), function);
    }
    if let Some(bytes) = crate::bytes_like(vm, &v)? {
        return buffer(vm, bytes, function);
    }
    Ok(Argument::Int(int_arg(vm, &v)?))
}

fn buffer(vm: &mut Vm, bytes: Vec<u8>, function: &str) -> PyResult<Argument> {
    if bytes.len() > BUFFER_MAX {
        return Err(vm.new_value_error(format!("{function} string arg too long")));
    }
    Ok(Argument::Buffer(bytes))
}

/// Calls `call` with the argument as C wants it until no signal interrupts it:
/// the call's result, and the buffer as the call left it.
fn call_with(
    vm: &mut Vm,
    argument: &Argument,
    mut call: impl FnMut(libc::c_ulong) -> i32,
) -> PyResult<(i32, Vec<u8>)> {
    let mut room = [0u8; BUFFER_MAX];
    let len = match argument {
        Argument::Int(_) => 0,
        Argument::Buffer(bytes) => bytes.len(),
    };
    let result = krait_vm::oserror::retry_syscall(vm, || {
        let value = match argument {
            Argument::Int(n) => call(*n as libc::c_ulong),
            Argument::Buffer(bytes) => {
                room[..bytes.len()].copy_from_slice(bytes);
                call(room.as_mut_ptr() as libc::c_ulong)
            }
        };
        i64::from(value)
    })?;
    Ok((result as i32, room[..len].to_vec()))
}

fn fcntl(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, cmd, arg] = FCNTL.bind_args(vm, args)?;
    let fd = crate::fileno_arg(vm, &given(fd))?;
    let cmd = int_arg(vm, &given(cmd))? as i32;
    let arg = argument(vm, arg, "fcntl")?;
    // SAFETY: the argument is an int or the address of a 1 kB buffer that lives
    // across the call, which is as much as any fcntl command reads or writes.
    let (result, data) = call_with(vm, &arg, |a| unsafe { libc::fcntl(fd, cmd, a) })?;
    Ok(match arg {
        Argument::Int(_) => Value::Int(i64::from(result)),
        Argument::Buffer(_) => vm.new_bytes(data),
    })
}

fn ioctl(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, request, arg, mutate] = IOCTL.bind_args(vm, args)?;
    let fd = crate::fileno_arg(vm, &given(fd))?;
    let request = int_arg(vm, &given(request))? as libc::c_ulong;
    let mutate = match mutate {
        Some(v) => abstract_::is_true(vm, &v)?,
        None => true,
    };
    // A writable buffer is changed in place when `mutate_flag` is true.
    let writable = arg
        .as_ref()
        .filter(|v| mutate && krait_vm::objects::bytes::with_bytes(v, |_| ()).is_some())
        .filter(
            |v| matches!(v, Value::Obj(o) if matches!(o.payload, krait_vm::Payload::ByteArray(_))),
        )
        .cloned();
    let argument = match &writable {
        Some(v) => {
            let bytes = krait_vm::objects::bytes::as_bytes(v).unwrap_or_default();
            if bytes.len() > BUFFER_MAX {
                // A large writable buffer is used in place by CPython; copying it
                // through a 1 kB buffer would lose data.
                return Err(vm.new_value_error("ioctl string arg too long".to_owned()));
            }
            Argument::Buffer(bytes)
        }
        None => argument(vm, arg, "ioctl")?,
    };
    // SAFETY: as in `fcntl`: an int, or the address of a 1 kB buffer.
    let (result, data) = call_with(vm, &argument, |a| unsafe { libc::ioctl(fd, request, a) })?;
    if let Some(Value::Obj(target)) = &writable {
        if let krait_vm::Payload::ByteArray(b) = &target.payload {
            b.borrow_mut().copy_from_slice(&data);
        }
        return Ok(Value::Int(i64::from(result)));
    }
    Ok(match argument {
        Argument::Int(_) => Value::Int(i64::from(result)),
        Argument::Buffer(_) => vm.new_bytes(data),
    })
}

fn flock(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, operation] = FLOCK.bind_args(vm, args)?;
    let fd = crate::fileno_arg(vm, &given(fd))?;
    let operation = int_arg(vm, &given(operation))? as i32;
    // SAFETY: flock locks a descriptor's file and touches no Rust memory.
    call_with(vm, &Argument::Int(0), |_| unsafe {
        libc::flock(fd, operation)
    })?;
    Ok(Value::None)
}

fn lockf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, cmd, len, start, whence] = LOCKF.bind_args(vm, args)?;
    let fd = crate::fileno_arg(vm, &given(fd))?;
    let cmd = int_arg(vm, &given(cmd))?;
    let len = match len {
        Some(v) => int_arg(vm, &v)?,
        None => 0,
    };
    let start = match start {
        Some(v) => int_arg(vm, &v)?,
        None => 0,
    };
    let whence = match whence {
        Some(v) => int_arg(vm, &v)? as i16,
        None => 0,
    };
    const LOCK_UN: i64 = 8;
    const LOCK_SH: i64 = 1;
    const LOCK_EX: i64 = 2;
    const LOCK_NB: i64 = 4;
    // As CPython reads it: exactly LOCK_UN, else the shared bit, else the
    // exclusive bit.
    let kind = if cmd == LOCK_UN {
        libc::F_UNLCK
    } else if cmd & LOCK_SH != 0 {
        libc::F_RDLCK
    } else if cmd & LOCK_EX != 0 {
        libc::F_WRLCK
    } else {
        return Err(vm.new_value_error("unrecognized lockf argument".to_owned()));
    };
    let command = if cmd & LOCK_NB != 0 {
        libc::F_SETLK
    } else {
        libc::F_SETLKW
    };
    // SAFETY: all zero bits is a valid `flock`; the fields are set below.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = kind as i16;
    lock.l_whence = whence;
    lock.l_start = start;
    lock.l_len = len;
    // SAFETY: `lock` is a live struct that fcntl reads.
    call_with(vm, &Argument::Int(0), |_| unsafe {
        libc::fcntl(fd, command, &mut lock as *mut libc::flock)
    })?;
    Ok(Value::None)
}
