//! The `_md5` module (CPython's `Modules/md5module.c`): MD5 hash objects over the
//! `md-5` crate, for `hashlib`. The hash objects themselves are `hashobject`'s.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{ObjRef, PyResult, Value, Vm};
use md5::Digest;

use crate::hashobject::{add_hash_type, hash_class, hash_type, new_hash, Hasher};

hash_type!(static MD5_TYPE = "md5" in "_md5", legacy, {});

static MD5: Signature = Signature::of(
    "_md5",
    "md5",
    "($module, /, string=b'', *, usedforsecurity=True)",
);

static FUNCTIONS: [MethodDef; 1] = [MethodDef::staticmethod("md5", new_md5)
    .with_signature(&MD5)
    .with_doc("Return a new MD5 hash object; optionally initialized with a string.")];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_md5");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_md5", &FUNCTIONS);
    add_hash_type(vm, &d, &MD5_TYPE, "MD5Type");
    Ok(m)
}

fn new_md5(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, _usedforsecurity] = MD5.bind_args(vm, args)?;
    let class = hash_class(vm, &MD5_TYPE)?;
    new_hash(vm, &class, Hasher::Md5(md5::Md5::new()), data)
}
