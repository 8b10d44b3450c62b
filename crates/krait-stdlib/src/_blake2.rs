//! The `_blake2` module (CPython's `Modules/_blake2/`): BLAKE2b and BLAKE2s hash
//! objects over the `blake2` crate, for `hashlib`, with a digest size, key, salt
//! and personalisation. The hash objects themselves are `hashobject`'s; these types
//! are their own constructors. Deliberate difference: the crate computes only
//! sequential-mode BLAKE2, so the tree-hashing parameters (`fanout`, `depth`,
//! `leaf_size`, `node_offset`, `node_depth`, `inner_size`, `last_node`) are checked
//! as CPython checks them but only their defaults are accepted; other values raise
//! `NotImplementedError` rather than give a wrong digest.

use blake2::{Blake2bVarCore, Blake2sVarCore};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::set_type_attr;
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyResult, Value, Vm};

use crate::_io::c_int_arg;
use crate::hashobject::{add_hash_type, hash_type, new_hash, unsigned_long_arg, Blake2, Hasher};

hash_type!(static BLAKE2B_TYPE = "blake2b" in "_blake2", modern, {
    new: Some(new_blake2b),
    doc: Some("Return a new BLAKE2b hash object."),
    text_signature: Some(BLAKE2B_TEXT),
});
hash_type!(static BLAKE2S_TYPE = "blake2s" in "_blake2", modern, {
    new: Some(new_blake2s),
    doc: Some("Return a new BLAKE2s hash object."),
    text_signature: Some(BLAKE2S_TEXT),
});

const BLAKE2B_TEXT: &str =
    "(data=b'', /, *, digest_size=_blake2.blake2b.MAX_DIGEST_SIZE,\n        \
key=b'', salt=b'', person=b'', fanout=1, depth=1, leaf_size=0,\n        \
node_offset=0, node_depth=0, inner_size=0, last_node=False,\n        \
usedforsecurity=True)";
const BLAKE2S_TEXT: &str =
    "(data=b'', /, *, digest_size=_blake2.blake2s.MAX_DIGEST_SIZE,\n        \
key=b'', salt=b'', person=b'', fanout=1, depth=1, leaf_size=0,\n        \
node_offset=0, node_depth=0, inner_size=0, last_node=False,\n        \
usedforsecurity=True)";

static BLAKE2B_NEW: Signature = Signature::new(
    "blake2b",
    "($type, data=b'', /, *, digest_size=64, key=b'', salt=b'', person=b'', fanout=1, \
     depth=1, leaf_size=0, node_offset=0, node_depth=0, inner_size=0, last_node=False, \
     usedforsecurity=True)",
)
.not_listed();
static BLAKE2S_NEW: Signature = Signature::new(
    "blake2s",
    "($type, data=b'', /, *, digest_size=32, key=b'', salt=b'', person=b'', fanout=1, \
     depth=1, leaf_size=0, node_offset=0, node_depth=0, inner_size=0, last_node=False, \
     usedforsecurity=True)",
)
.not_listed();

/// The sizes one variant allows, in bytes.
struct Variant {
    name: &'static str,
    max_digest_size: usize,
    max_key_size: usize,
    salt_size: usize,
    person_size: usize,
    /// BLAKE2s keeps the node offset in 48 bits.
    max_node_offset: u64,
    signature: &'static Signature,
    /// The state for the checked parameters (salt, person, key, digest size).
    start: fn(&[u8], &[u8], &[u8], usize) -> Hasher,
}

static BLAKE2B: Variant = Variant {
    name: "blake2b",
    max_digest_size: 64,
    max_key_size: 64,
    salt_size: 16,
    person_size: 16,
    max_node_offset: u64::MAX,
    signature: &BLAKE2B_NEW,
    start: |salt, person, key, digest_size| {
        let core = Blake2bVarCore::new_with_params(salt, person, key.len(), digest_size);
        Hasher::Blake2b(keyed(Blake2::new(core, digest_size), key, 128))
    },
};

static BLAKE2S: Variant = Variant {
    name: "blake2s",
    max_digest_size: 32,
    max_key_size: 32,
    salt_size: 8,
    person_size: 8,
    max_node_offset: (1 << 48) - 1,
    signature: &BLAKE2S_NEW,
    start: |salt, person, key, digest_size| {
        let core = Blake2sVarCore::new_with_params(salt, person, key.len(), digest_size);
        Hasher::Blake2s(keyed(Blake2::new(core, digest_size), key, 64))
    },
};

/// A keyed BLAKE2 hashes its key, padded to a block, first.
fn keyed<C>(mut state: Blake2<C>, key: &[u8], block_size: usize) -> Blake2<C>
where
    C: blake2::digest::block_api::VariableOutputCore + Clone,
{
    if !key.is_empty() {
        let mut block = vec![0; block_size];
        block[..key.len()].copy_from_slice(key);
        state.update(&block);
    }
    state
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_blake2");
    let d = module_dict(&m).expect("a module has a dict");
    for (spec, variant, prefix) in [
        (&BLAKE2B_TYPE, &BLAKE2B, "BLAKE2B"),
        (&BLAKE2S_TYPE, &BLAKE2S, "BLAKE2S"),
    ] {
        let class = add_hash_type(vm, &d, spec, spec.name);
        for (name, size) in [
            ("SALT_SIZE", variant.salt_size),
            ("PERSON_SIZE", variant.person_size),
            ("MAX_KEY_SIZE", variant.max_key_size),
            ("MAX_DIGEST_SIZE", variant.max_digest_size),
        ] {
            set_type_attr(vm, &class, name, Value::Int(size as i64));
            dict::dict_set_str(vm, &d, &format!("{prefix}_{name}"), Value::Int(size as i64));
        }
    }
    Ok(m)
}

fn new_blake2b(vm: &mut Vm, args: Args) -> PyResult<Value> {
    new_blake2(vm, &BLAKE2B, args)
}

fn new_blake2s(vm: &mut Vm, args: Args) -> PyResult<Value> {
    new_blake2(vm, &BLAKE2S, args)
}

/// `blake2b(...)` and `blake2s(...)`: the arguments converted in order, then
/// checked in CPython's order, then the key and data hashed.
fn new_blake2(vm: &mut Vm, variant: &Variant, args: Args) -> PyResult<Value> {
    let (cls, params) = variant.signature.bind(vm, args)?;
    let [data, digest_size, key, salt, person, fanout, depth, leaf_size, node_offset, node_depth, inner_size, last_node, _usedforsecurity] =
        params;
    let class = crate::class_of_call(vm, cls, variant.name)?;
    let int_or = |vm: &mut Vm, v: Option<Value>, default: i32| match v {
        Some(v) => c_int_arg(vm, &v),
        None => Ok(default),
    };
    let bytes_or_empty = |vm: &mut Vm, v: Option<Value>| match v {
        Some(v) => crate::bytes_like_arg(vm, &v),
        None => Ok(Vec::new()),
    };
    let digest_size = int_or(vm, digest_size, variant.max_digest_size as i32)?;
    let key = bytes_or_empty(vm, key)?;
    let salt = bytes_or_empty(vm, salt)?;
    let person = bytes_or_empty(vm, person)?;
    let fanout = int_or(vm, fanout, 1)?;
    let depth = int_or(vm, depth, 1)?;
    let leaf_size = match leaf_size {
        Some(v) => unsigned_long_arg(vm, &v)?,
        None => 0,
    };
    let node_offset = match node_offset {
        Some(v) => unsigned_long_long_arg(vm, &v)?,
        None => 0,
    };
    let node_depth = int_or(vm, node_depth, 0)?;
    let inner_size = int_or(vm, inner_size, 0)?;
    let last_node = match last_node {
        Some(v) => abstract_::is_true(vm, &v)?,
        None => false,
    };

    let max_digest = variant.max_digest_size;
    if !(1..=max_digest as i32).contains(&digest_size) {
        return Err(vm.new_value_error(format!(
            "digest_size must be between 1 and {max_digest} bytes"
        )));
    }
    if salt.len() > variant.salt_size {
        let size = variant.salt_size;
        return Err(vm.new_value_error(format!("maximum salt length is {size} bytes")));
    }
    if person.len() > variant.person_size {
        let size = variant.person_size;
        return Err(vm.new_value_error(format!("maximum person length is {size} bytes")));
    }
    if !(0..=255).contains(&fanout) {
        return Err(vm.new_value_error("fanout must be between 0 and 255".to_owned()));
    }
    if !(1..=255).contains(&depth) {
        return Err(vm.new_value_error("depth must be between 1 and 255".to_owned()));
    }
    if leaf_size > u64::from(u32::MAX) {
        return Err(vm.new_error(Exc::OverflowError, "leaf_size is too large"));
    }
    if node_offset > variant.max_node_offset {
        return Err(vm.new_error(Exc::OverflowError, "node_offset is too large"));
    }
    if !(0..=255).contains(&node_depth) {
        return Err(vm.new_value_error("node_depth must be between 0 and 255".to_owned()));
    }
    if !(0..=max_digest as i32).contains(&inner_size) {
        return Err(vm.new_value_error(format!("inner_size must be between 0 and is {max_digest}")));
    }
    if key.len() > variant.max_key_size {
        let size = variant.max_key_size;
        return Err(vm.new_value_error(format!("maximum key length is {size} bytes")));
    }
    let sequential = (
        fanout,
        depth,
        leaf_size,
        node_offset,
        node_depth,
        inner_size,
        last_node,
    ) == (1, 1, 0, 0, 0, 0, false);
    if !sequential {
        return Err(vm.new_error(
            Exc::NotImplementedError,
            format!("{} tree hashing is not supported", variant.name),
        ));
    }
    let hasher = (variant.start)(&salt, &person, &key, digest_size as usize);
    new_hash(vm, &class, hasher, data)
}

/// An argument CPython converts with `_PyLong_UnsignedLongLong_Converter`.
fn unsigned_long_long_arg(vm: &mut Vm, v: &Value) -> PyResult<u64> {
    unsigned_long_arg(vm, v).map_err(|err| {
        if vm.err_matches(&err, Exc::OverflowError) {
            vm.new_error(Exc::OverflowError, "int too big to convert")
        } else {
            err
        }
    })
}
