//! Krait's builtin modules written in Rust (CPython's `Modules/`), one file each.
//!
//! Some modules define part of their classes in a short Python source frozen into
//! the binary (DESIGN §6, `frozen/*.py`) and run in the module's namespace by
//! `frozen_module`, after the parts written in Rust.

pub mod _abc;
pub mod _bisect;
pub mod _blake2;
pub mod _bz2;
pub mod _codecs;
pub mod _collections;
pub mod _contextvars;
pub mod _csv;
pub mod _datetime;
pub mod _functools;
pub mod _heapq;
pub mod _io;
pub mod _json;
pub mod _locale;
pub mod _lsprof;
pub mod _lzma;
pub mod _md5;
pub mod _multibytecodec;
pub mod _opcode;
pub mod _operator;
pub mod _pickle;
pub mod _posixsubprocess;
pub mod _random;
pub mod _sha1;
pub mod _sha256;
pub mod _sha3;
pub mod _sha512;
pub mod _socket;
pub mod _sre;
pub mod _stat;
pub mod _statistics;
pub mod _string;
pub mod _struct;
pub mod _testinternalcapi;
pub mod array;
pub mod binascii;
pub mod cmath;
pub mod errno;
pub mod faulthandler;
pub mod fcntl;
mod hashobject;
pub mod itertools;
pub mod marshal;
pub mod math;
mod output;
pub mod posix;
pub mod pwd;
pub mod resource;
pub mod select;
pub mod termios;
mod termios_constants;
pub mod time;
pub mod unicodedata;
pub mod zlib;

use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{ObjRef, Payload, PyErr, PyResult, Value, Vm};

/// Makes the builtin modules importable in `vm`.
pub fn register(vm: &mut Vm) {
    vm.register_native_modules(&[
        ("math", math::init),
        ("cmath", cmath::init),
        ("_bisect", _bisect::init),
        ("_statistics", _statistics::init),
        ("_lsprof", _lsprof::init),
        ("_bz2", _bz2::init),
        ("_locale", _locale::init),
        ("_lzma", _lzma::init),
        ("_testinternalcapi", _testinternalcapi::init),
        ("array", array::init),
        ("_csv", _csv::init),
        ("_heapq", _heapq::init),
        ("_json", _json::init),
        ("_pickle", _pickle::init),
        ("marshal", marshal::init),
        ("time", time::init),
        ("termios", termios::init),
        ("errno", errno::init),
        ("faulthandler", faulthandler::init),
        ("fcntl", fcntl::init),
        ("binascii", binascii::init),
        ("itertools", itertools::init),
        ("_abc", _abc::init),
        ("_codecs", _codecs::init),
        ("_multibytecodec", _multibytecodec::init),
        ("_codecs_jp", _multibytecodec::init_jp),
        ("_codecs_cn", _multibytecodec::init_cn),
        ("_codecs_kr", _multibytecodec::init_kr),
        ("_codecs_tw", _multibytecodec::init_tw),
        ("_codecs_hk", _multibytecodec::init_hk),
        ("_codecs_iso2022", _multibytecodec::init_iso2022),
        ("_collections", _collections::init),
        ("_datetime", _datetime::init),
        ("_io", _io::init),
        ("_functools", _functools::init),
        ("_operator", _operator::init),
        ("_opcode", _opcode::init),
        ("_posixsubprocess", _posixsubprocess::init),
        ("_random", _random::init),
        ("_md5", _md5::init),
        ("_sha1", _sha1::init),
        ("_sha256", _sha256::init),
        ("_sha512", _sha512::init),
        ("_sha3", _sha3::init),
        ("_blake2", _blake2::init),
        ("_struct", _struct::init),
        ("_string", _string::init),
        ("_sre", _sre::init),
        ("_socket", _socket::init),
        ("posix", posix::init),
        ("_stat", _stat::init),
        ("pwd", pwd::init_pwd),
        ("grp", pwd::init_grp),
        ("resource", resource::init),
        ("select", select::init),
        ("unicodedata", unicodedata::init),
        ("zlib", zlib::init),
        ("_contextvars", _contextvars::init),
    ]);
    if let Err(err) = _io::install(vm) {
        let shown = krait_vm::exc::format_exception(vm, &Value::Obj(err.0));
        eprint!("krait: cannot set up the standard streams:\n{shown}");
    }
}

/// Makes module `name` by running its Python part (`marshalled`: the code
/// `build.rs` compiled) in a fresh module namespace, after `prepare` has put the
/// Rust-written names there.
pub(crate) fn frozen_module(
    vm: &mut Vm,
    name: &str,
    marshalled: &[u8],
    prepare: fn(&mut Vm, &ObjRef) -> PyResult<()>,
) -> PyResult<ObjRef> {
    let m = new_module(vm, name);
    let d = module_dict(&m).expect("a module has a dict");
    prepare(vm, &d)?;
    let code = krait_vm::imp::frozen_code(vm, name, marshalled)?;
    let Some(code) = krait_vm::objects::code::as_code(&code).cloned() else {
        return Err(vm.new_runtime_error(format!("frozen code of {name} is not code")));
    };
    krait_vm::import::run_code(vm, code, d, None)?;
    Ok(m)
}

/// The marshal data `build.rs` made of a module's Python part.
macro_rules! python_part {
    ($name:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".marshal"))
    };
}
pub(crate) use python_part;

// ---------------------------------------------------------------------------
// Pieces the native types of several modules share

/// An argument a signature bound, or the object a `$self`/`$type` signature was
/// bound to; `None` when absent (the signature already refused a missing one).
pub(crate) fn given(v: Option<Value>) -> Value {
    v.unwrap_or(Value::None)
}

/// The `TypeError` for a method of native type `what` called on another object.
pub(crate) fn wrong_receiver(vm: &mut Vm, what: &str, this: &Value) -> PyErr {
    let given = vm.type_name_of(this);
    vm.new_type_error(format!(
        "descriptor requires a '{what}' object but received a '{given}'"
    ))
}

/// The setter of a read-only member (CPython's `READONLY` `PyMemberDef`).
pub(crate) fn readonly(vm: &mut Vm, _this: &Value, _value: Option<Value>) -> PyResult<()> {
    Err(vm.new_attribute_error("readonly attribute".to_owned()))
}

/// `cls[item]` for a native type's `__class_getitem__` (CPython's `Py_GenericAlias`),
/// binding through the type's own `__class_getitem__` signature.
pub(crate) fn generic_alias(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<Value> {
    let (cls, [item]) = signature.bind(vm, args)?;
    Ok(krait_vm::objects::generic_alias::new_alias(
        vm,
        given(cls),
        given(item),
    ))
}

/// The class a `$type` signature was bound to.
pub(crate) fn class_of_call(vm: &mut Vm, cls: Option<Value>, name: &str) -> PyResult<ObjRef> {
    match cls {
        Some(Value::Obj(c)) if c.type_data().is_some() => Ok(c),
        other => {
            let given = other
                .map(|v| vm.type_name_of(&v))
                .unwrap_or_else(|| "nothing".to_owned());
            Err(vm.new_type_error(format!(
                "{name}.__new__(X): X is not a type object ({given})"
            )))
        }
    }
}

pub(crate) use krait_vm::native::iter_self;

pub(crate) use krait_vm::objects::bytes::{bytes_like, bytes_like_arg};

/// An exception class a module defines (`struct.error`, `binascii.Error`).
pub(crate) fn new_exception_class(
    vm: &mut Vm,
    module: &str,
    name: &str,
    base: krait_vm::Exc,
) -> PyResult<ObjRef> {
    let ns = vm.new_dict();
    let module = vm.new_str(module);
    dict::dict_set_str(vm, &ns, "__module__", module);
    let base = vm.exc(base).clone();
    let metatype = vm.types.type_.clone();
    krait_vm::objects::typeobject::new_heap_type(vm, &metatype, name, vec![base], &ns)
}

/// The low 64 bits of an int, as C's unsigned conversion keeps them.
pub(crate) fn low_bits(n: &Value) -> u64 {
    match n {
        Value::Int(i) => *i as u64,
        Value::Bool(b) => u64::from(*b),
        Value::Obj(o) => match &o.payload {
            Payload::Int(big) => {
                let (sign, digits) = big.to_u64_digits();
                let low = digits.first().copied().unwrap_or(0);
                if sign == num_bigint::Sign::Minus {
                    low.wrapping_neg()
                } else {
                    low
                }
            }
            _ => 0,
        },
        _ => 0,
    }
}

/// The descriptor an object stands for: an int, or what its `fileno()` returns
/// (CPython's `PyObject_AsFileDescriptor`).
pub(crate) fn fileno_arg(vm: &mut Vm, value: &Value) -> PyResult<i32> {
    let number = match value {
        Value::Int(_) | Value::Bool(_) => value.clone(),
        _ if krait_vm::objects::int::as_i64(value).is_some() => value.clone(),
        _ => match krait_vm::abstract_::getattr_optional(vm, value, "fileno")? {
            Some(fileno) => {
                let fd = vm.call1(&fileno, vec![])?;
                if krait_vm::objects::int::as_i64(&fd).is_none() {
                    return Err(vm.new_type_error("fileno() returned a non-integer".to_owned()));
                }
                fd
            }
            None => {
                return Err(vm.new_type_error(
                    "argument must be an int, or have a fileno() method.".to_owned(),
                ))
            }
        },
    };
    let fd = krait_vm::objects::int::as_i64(&number).unwrap_or(-1);
    if fd < 0 {
        return Err(vm.new_value_error(format!(
            "file descriptor cannot be a negative integer ({fd})"
        )));
    }
    i32::try_from(fd).map_err(|_| {
        vm.new_error(
            krait_vm::Exc::OverflowError,
            "Python int too large to convert to C int",
        )
    })
}
