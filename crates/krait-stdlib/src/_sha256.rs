//! The `_sha256` module (CPython's `Modules/sha256module.c`): SHA-224 and SHA-256
//! hash objects over the `sha2` crate, for `hashlib`. The hash objects themselves
//! are `hashobject`'s.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{ObjRef, PyResult, Value, Vm};
use sha2::{Digest, Sha224, Sha256};

use crate::hashobject::{add_hash_type, hash_class, hash_type, new_hash, Hasher};

hash_type!(static SHA224_TYPE = "sha224" in "_sha256", legacy, {});
hash_type!(static SHA256_TYPE = "sha256" in "_sha256", legacy, {});

static SHA256: Signature = Signature::of(
    "_sha256",
    "sha256",
    "($module, /, string=b'', *, usedforsecurity=True)",
);
static SHA224: Signature = Signature::of(
    "_sha256",
    "sha224",
    "($module, /, string=b'', *, usedforsecurity=True)",
);

static FUNCTIONS: [MethodDef; 2] = [
    MethodDef::staticmethod("sha256", new_sha256)
        .with_signature(&SHA256)
        .with_doc("Return a new SHA-256 hash object; optionally initialized with a string."),
    MethodDef::staticmethod("sha224", new_sha224)
        .with_signature(&SHA224)
        .with_doc("Return a new SHA-224 hash object; optionally initialized with a string."),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_sha256");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_sha256", &FUNCTIONS);
    add_hash_type(vm, &d, &SHA224_TYPE, "SHA224Type");
    add_hash_type(vm, &d, &SHA256_TYPE, "SHA256Type");
    Ok(m)
}

fn new_sha256(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, _usedforsecurity] = SHA256.bind_args(vm, args)?;
    let class = hash_class(vm, &SHA256_TYPE)?;
    new_hash(vm, &class, Hasher::Sha256(Sha256::new()), data)
}

fn new_sha224(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, _usedforsecurity] = SHA224.bind_args(vm, args)?;
    let class = hash_class(vm, &SHA224_TYPE)?;
    new_hash(vm, &class, Hasher::Sha224(Sha224::new()), data)
}
