//! The `_sha1` module (CPython's `Modules/sha1module.c`): SHA-1 hash objects over
//! the `sha1` crate, for `hashlib`. The hash objects themselves are `hashobject`'s.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{ObjRef, PyResult, Value, Vm};
use sha1::Digest;

use crate::hashobject::{add_hash_type, hash_class, hash_type, new_hash, Hasher};

hash_type!(static SHA1_TYPE = "sha1" in "_sha1", legacy, {});

static SHA1: Signature = Signature::of(
    "_sha1",
    "sha1",
    "($module, /, string=b'', *, usedforsecurity=True)",
);

static FUNCTIONS: [MethodDef; 1] = [MethodDef::staticmethod("sha1", new_sha1)
    .with_signature(&SHA1)
    .with_doc("Return a new SHA1 hash object; optionally initialized with a string.")];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_sha1");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_sha1", &FUNCTIONS);
    add_hash_type(vm, &d, &SHA1_TYPE, "SHA1Type");
    Ok(m)
}

fn new_sha1(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, _usedforsecurity] = SHA1.bind_args(vm, args)?;
    let class = hash_class(vm, &SHA1_TYPE)?;
    new_hash(vm, &class, Hasher::Sha1(sha1::Sha1::new()), data)
}
