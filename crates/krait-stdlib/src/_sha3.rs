//! The `_sha3` module (CPython's `Modules/_sha3/sha3module.c`): the SHA-3 hashes
//! and the SHAKE extendable-output functions over the `sha3` crate, for `hashlib`.
//! The hash objects themselves are `hashobject`'s; these types are their own
//! constructors. `implementation` names CPython's Keccak code, which `hashlib`
//! never reads; it is kept so the module lists what CPython's does.

use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{ObjRef, PyResult, Value, Vm};
use sha3::Digest;

use crate::hashobject::{
    add_hash_type, hash_type, hasher_of, new_hash, Hasher, BLOCK_SIZE_GETSET, DIGEST_SIZE_GETSET,
    NAME_GETSET,
};

/// The width of the Keccak-f[1600] permutation, in bits.
const KECCAK_WIDTH: i64 = 1600;

/// The sponge's attributes: its rate, the capacity the permutation keeps back, and
/// the domain bits padding appends (SHA-3's `01`, SHAKE's `1111`).
const SHA3_GETSETS: &[GetSet] = &[
    BLOCK_SIZE_GETSET,
    NAME_GETSET,
    DIGEST_SIZE_GETSET,
    GetSet {
        name: "_capacity_bits",
        get: |_, v| Ok(Value::Int(KECCAK_WIDTH - rate_bits(v))),
        set: None,
    },
    GetSet {
        name: "_rate_bits",
        get: |_, v| Ok(Value::Int(rate_bits(v))),
        set: None,
    },
    GetSet {
        name: "_suffix",
        get: |vm, v| {
            let shake = hasher_of(v).is_some_and(|h| h.borrow().is_shake());
            Ok(vm.new_bytes(vec![if shake { 0x1f } else { 0x06 }]))
        },
        set: None,
    },
];

/// The sponge's rate in bits: its block size.
fn rate_bits(v: &Value) -> i64 {
    hasher_of(v).map_or(0, |h| h.borrow().block_size() as i64 * 8)
}

hash_type!(static SHA3_224_TYPE = "sha3_224" in "_sha3", modern, {
    getsets: SHA3_GETSETS,
    new: Some(new_sha3_224),
    doc: Some("sha3_224([data], *, usedforsecurity=True) -> SHA3 object\n\n\
               Return a new SHA3 hash object with a hashbit length of 28 bytes."),
});
hash_type!(static SHA3_256_TYPE = "sha3_256" in "_sha3", modern, {
    getsets: SHA3_GETSETS,
    new: Some(new_sha3_256),
    doc: Some("sha3_256([data], *, usedforsecurity=True) -> SHA3 object\n\n\
               Return a new SHA3 hash object with a hashbit length of 32 bytes."),
});
hash_type!(static SHA3_384_TYPE = "sha3_384" in "_sha3", modern, {
    getsets: SHA3_GETSETS,
    new: Some(new_sha3_384),
    doc: Some("sha3_384([data], *, usedforsecurity=True) -> SHA3 object\n\n\
               Return a new SHA3 hash object with a hashbit length of 48 bytes."),
});
hash_type!(static SHA3_512_TYPE = "sha3_512" in "_sha3", modern, {
    getsets: SHA3_GETSETS,
    new: Some(new_sha3_512),
    doc: Some("sha3_512([data], *, usedforsecurity=True) -> SHA3 object\n\n\
               Return a new SHA3 hash object with a hashbit length of 64 bytes."),
});
hash_type!(static SHAKE_128_TYPE = "shake_128" in "_sha3", shake, {
    getsets: SHA3_GETSETS,
    new: Some(new_shake_128),
    doc: Some("shake_128([data], *, usedforsecurity=True) -> SHAKE object\n\n\
               Return a new SHAKE hash object."),
});
hash_type!(static SHAKE_256_TYPE = "shake_256" in "_sha3", shake, {
    getsets: SHA3_GETSETS,
    new: Some(new_shake_256),
    doc: Some("shake_256([data], *, usedforsecurity=True) -> SHAKE object\n\n\
               Return a new SHAKE hash object."),
});

/// The constructor's signature, shared by the six types.
static SHA3_NEW: Signature =
    Signature::new("sha3_224", "($type, data=b'', /, *, usedforsecurity=True)").not_listed();

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_sha3");
    let d = module_dict(&m).expect("a module has a dict");
    for spec in [
        &SHA3_224_TYPE,
        &SHA3_256_TYPE,
        &SHA3_384_TYPE,
        &SHA3_512_TYPE,
        &SHAKE_128_TYPE,
        &SHAKE_256_TYPE,
    ] {
        add_hash_type(vm, &d, spec, spec.name);
    }
    dict::dict_set_str(vm, &d, "keccakopt", Value::Int(0));
    let implementation = vm.new_str("tiny_sha3");
    dict::dict_set_str(vm, &d, "implementation", implementation);
    Ok(m)
}

/// `__new__` of a SHA-3 or SHAKE type: a new hash of class `cls`, fed `data` when
/// given. Argument errors name `sha3_224()` whichever the type, as CPython's do
/// (one constructor serves all six).
fn new_sha3(vm: &mut Vm, args: Args, hasher: Hasher) -> PyResult<Value> {
    let (cls, [data, _usedforsecurity]) = SHA3_NEW.bind(vm, args)?;
    let class = crate::class_of_call(vm, cls, SHA3_NEW.name())?;
    new_hash(vm, &class, hasher, data)
}

fn new_sha3_224(vm: &mut Vm, args: Args) -> PyResult<Value> {
    new_sha3(vm, args, Hasher::Sha3_224(sha3::Sha3_224::new()))
}

fn new_sha3_256(vm: &mut Vm, args: Args) -> PyResult<Value> {
    new_sha3(vm, args, Hasher::Sha3_256(sha3::Sha3_256::new()))
}

fn new_sha3_384(vm: &mut Vm, args: Args) -> PyResult<Value> {
    new_sha3(vm, args, Hasher::Sha3_384(sha3::Sha3_384::new()))
}

fn new_sha3_512(vm: &mut Vm, args: Args) -> PyResult<Value> {
    new_sha3(vm, args, Hasher::Sha3_512(sha3::Sha3_512::new()))
}

fn new_shake_128(vm: &mut Vm, args: Args) -> PyResult<Value> {
    new_sha3(vm, args, Hasher::Shake128(Default::default()))
}

fn new_shake_256(vm: &mut Vm, args: Args) -> PyResult<Value> {
    new_sha3(vm, args, Hasher::Shake256(Default::default()))
}
