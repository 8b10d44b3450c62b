//! The `_sha512` module (CPython's `Modules/sha512module.c`): SHA-512 and SHA-384
//! hash objects over the `sha2` crate. `random` seeds from strs with it, and
//! `hashlib` offers it. The hash objects themselves are `hashobject`'s.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{ObjRef, PyResult, Value, Vm};
use sha2::{Digest, Sha384, Sha512};

use crate::hashobject::{add_hash_type, hash_class, hash_type, new_hash, Hasher};

hash_type!(static SHA384_TYPE = "sha384" in "_sha512", legacy, {});
hash_type!(static SHA512_TYPE = "sha512" in "_sha512", legacy, {});

static SHA512: Signature = Signature::of(
    "_sha512",
    "sha512",
    "($module, /, string=b'', *, usedforsecurity=True)",
);
static SHA384: Signature = Signature::of(
    "_sha512",
    "sha384",
    "($module, /, string=b'', *, usedforsecurity=True)",
);

static FUNCTIONS: [MethodDef; 2] = [
    MethodDef::staticmethod("sha512", new_sha512)
        .with_signature(&SHA512)
        .with_doc("Return a new SHA-512 hash object; optionally initialized with a string."),
    MethodDef::staticmethod("sha384", new_sha384)
        .with_signature(&SHA384)
        .with_doc("Return a new SHA-384 hash object; optionally initialized with a string."),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_sha512");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_sha512", &FUNCTIONS);
    add_hash_type(vm, &d, &SHA384_TYPE, "SHA384Type");
    // CPython 3.11 lists the SHA-512 type under the same name, replacing SHA-384's.
    add_hash_type(vm, &d, &SHA512_TYPE, "SHA384Type");
    Ok(m)
}

fn new_sha512(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, _usedforsecurity] = SHA512.bind_args(vm, args)?;
    let class = hash_class(vm, &SHA512_TYPE)?;
    new_hash(vm, &class, Hasher::Sha512(Sha512::new()), data)
}

fn new_sha384(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, _usedforsecurity] = SHA384.bind_args(vm, args)?;
    let class = hash_class(vm, &SHA384_TYPE)?;
    new_hash(vm, &class, Hasher::Sha384(Sha384::new()), data)
}
