//! The `marshal` module (CPython's `Python/marshal.c`): values to bytes and back in
//! the format `.pyc` files hold, versions 0 to 4. Writing is in `write.rs`; reading
//! is the VM's (`krait_vm::unmarshal`), which the import system shares; the type
//! codes are `krait_bytecode::marshal`'s.
//!
//! Differences that follow from Krait's values: numbers Krait keeps unboxed count
//! as shared (written with a reference slot) when they occur more than once in the
//! value written, which is what CPython's shared constants give for compiled code
//! (see `write.rs`); tuples that contain themselves cannot be read back; lone
//! surrogates in str data, which Krait's str cannot hold, are read as U+FFFD.

mod write;

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::str_methods::c_int_arg;
use krait_vm::signature::Signature;
use krait_vm::{ObjRef, Payload, PyResult, Value, Vm};

/// `marshal.version`: the format `dumps` writes unless told otherwise.
const VERSION: i32 = 4;

use krait_vm::unmarshal as read;
use krait_vm::unmarshal::MAX_DEPTH;

static DUMPS: Signature = Signature::of("marshal", "dumps", "($module, value, version=4, /)");
static LOADS: Signature = Signature::of("marshal", "loads", "($module, bytes, /)");
static DUMP: Signature = Signature::of("marshal", "dump", "($module, value, file, version=4, /)");
static LOAD: Signature = Signature::of("marshal", "load", "($module, file, /)");

static FUNCTIONS: [MethodDef; 4] = [
    MethodDef::staticmethod("dump", marshal_dump).with_signature(&DUMP),
    MethodDef::staticmethod("load", marshal_load).with_signature(&LOAD),
    MethodDef::staticmethod("dumps", marshal_dumps).with_signature(&DUMPS),
    MethodDef::staticmethod("loads", marshal_loads).with_signature(&LOADS),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "marshal");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "marshal", &FUNCTIONS);
    dict::dict_set_str(vm, &d, "version", Value::Int(VERSION.into()));
    Ok(m)
}

/// The `version` argument (Argument Clinic's `int`), 4 when not given.
fn version_arg(vm: &mut Vm, version: Option<Value>) -> PyResult<i32> {
    match version {
        Some(v) => Ok(i32::try_from(c_int_arg(vm, &v)?).unwrap_or(VERSION)),
        None => Ok(VERSION),
    }
}

/// `marshal.dumps(value, version=4, /)`.
fn marshal_dumps(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [value, version] = DUMPS.bind_args(vm, args)?;
    let version = version_arg(vm, version)?;
    let data = write::dumps(vm, &crate::given(value), version)?;
    Ok(vm.new_bytes(data))
}

/// `marshal.dump(value, file, version=4, /)`: writes the bytes with `file.write` and
/// returns what that returns.
fn marshal_dump(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [value, file, version] = DUMP.bind_args(vm, args)?;
    let version = version_arg(vm, version)?;
    let data = write::dumps(vm, &crate::given(value), version)?;
    let data = vm.new_bytes(data);
    vm.call_method(&crate::given(file), "write", vec![data])
}

/// `marshal.loads(bytes, /)`: the first value in a bytes-like object; what follows
/// it is ignored.
fn marshal_loads(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data] = LOADS.bind_args(vm, args)?;
    let data = crate::bytes_like_arg(vm, &crate::given(data))?;
    read::loads(vm, &data)
}

/// `marshal.load(file, /)`: one value read from `file` with `readinto`, taking no
/// more bytes than it needs.
fn marshal_load(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [file] = LOAD.bind_args(vm, args)?;
    let file = crate::given(file);
    // Reading nothing first checks that the file gives bytes, as CPython does.
    let probe = vm.call_method(&file, "read", vec![Value::Int(0)])?;
    let gives_bytes = matches!(&probe, Value::Obj(o) if matches!(o.payload, Payload::Bytes(_)));
    if !gives_bytes {
        let given = vm.type_name_of(&probe);
        return Err(vm.new_type_error(format!("file.read() returned not bytes but {given}")));
    }
    read::load(vm, file)
}
