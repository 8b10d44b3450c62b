//! The `_sha512` module (CPython's `Modules/sha512module.c`): SHA-512 and SHA-384
//! hash objects, over the `sha2` crate. `random` seeds from strs with it, and
//! `hashlib` offers it.

use std::cell::RefCell;

use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::object::GetSet;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};
use sha2::{Digest, Sha384, Sha512};

/// The running state of one hash.
#[derive(Clone)]
enum Hasher {
    Sha512(Sha512),
    Sha384(Sha384),
}

impl Hasher {
    fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Sha512(h) => h.update(data),
            Hasher::Sha384(h) => h.update(data),
        }
    }

    /// The digest so far; the hash can go on being updated.
    fn digest(&self) -> Vec<u8> {
        match self {
            Hasher::Sha512(h) => h.clone().finalize().to_vec(),
            Hasher::Sha384(h) => h.clone().finalize().to_vec(),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Hasher::Sha512(_) => "sha512",
            Hasher::Sha384(_) => "sha384",
        }
    }

    fn digest_size(&self) -> i64 {
        match self {
            Hasher::Sha512(_) => 64,
            Hasher::Sha384(_) => 48,
        }
    }
}

struct HashData {
    hasher: RefCell<Hasher>,
}

impl NativeData for HashData {
    fn holds_values(&self) -> bool {
        false
    }
}

const HASH_METHODS: &[MethodDef] = &[
    MethodDef::method("update", hash_update)
        .with_signature(&UPDATE)
        .with_doc("Update this hash object's state with the provided string."),
    MethodDef::method("digest", hash_digest)
        .with_signature(&DIGEST)
        .with_doc("Return the digest value as a bytes object."),
    MethodDef::method("hexdigest", hash_hexdigest)
        .with_signature(&HEXDIGEST)
        .with_doc("Return the digest value as a string of hexadecimal digits."),
    MethodDef::method("copy", hash_copy)
        .with_signature(&COPY)
        .with_doc("Return a copy of the hash object."),
];

const HASH_GETSETS: &[GetSet] = &[
    GetSet {
        name: "name",
        get: |vm, v| {
            let name = hasher_of(v).map_or("sha512", |h| h.borrow().name());
            Ok(vm.new_str(name))
        },
        set: None,
    },
    GetSet {
        name: "digest_size",
        get: |_, v| {
            Ok(Value::Int(
                hasher_of(v).map_or(64, |h| h.borrow().digest_size()),
            ))
        },
        set: None,
    },
    GetSet {
        name: "block_size",
        get: |_, _| Ok(Value::Int(128)),
        set: None,
    },
];

static SHA512_TYPE: NativeTypeSpec = NativeTypeSpec {
    methods: HASH_METHODS,
    getsets: HASH_GETSETS,
    ..NativeTypeSpec::new("sha512", "_sha512")
};

static SHA384_TYPE: NativeTypeSpec = NativeTypeSpec {
    methods: HASH_METHODS,
    getsets: HASH_GETSETS,
    ..NativeTypeSpec::new("sha384", "_sha512")
};

static UPDATE: Signature = Signature::of("SHA512Type", "update", "($self, obj, /)");
static DIGEST: Signature = Signature::of("SHA512Type", "digest", "($self, /)");
static HEXDIGEST: Signature = Signature::of("SHA512Type", "hexdigest", "($self, /)");
static COPY: Signature = Signature::of("SHA512Type", "copy", "($self, /)");
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

/// The module's hash types.
struct Sha512State {
    sha512: ObjRef,
    sha384: ObjRef,
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_sha512");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_sha512", &FUNCTIONS);
    let sha512 = new_native_type(vm, &SHA512_TYPE, None);
    let sha384 = new_native_type(vm, &SHA384_TYPE, None);
    vm.set_module_state(Sha512State { sha512, sha384 });
    Ok(m)
}

fn hasher_of(v: &Value) -> Option<&RefCell<Hasher>> {
    native_data::<HashData>(v).map(|d| &d.hasher)
}

fn this_hasher<'a>(vm: &mut Vm, this: &'a Option<Value>) -> PyResult<&'a RefCell<Hasher>> {
    this.as_ref().and_then(hasher_of).ok_or_else(|| {
        vm.new_type_error("descriptor requires a '_sha512.sha512' object".to_owned())
    })
}

/// The bytes to hash: bytes-like objects only (`Strings must be encoded before
/// hashing` for a str).
fn data_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if abstract_::value_as_str(v).is_some() {
        return Err(vm.new_type_error("Strings must be encoded before hashing".to_owned()));
    }
    match crate::bytes_like(vm, v)? {
        Some(bytes) => Ok(bytes),
        None => Err(vm.new_type_error(format!(
            "object supporting the buffer API required, not '{}'",
            vm.type_name_of(v)
        ))),
    }
}

fn make(vm: &mut Vm, mut hasher: Hasher, data: Option<Value>) -> PyResult<Value> {
    if let Some(data) = data {
        let bytes = data_arg(vm, &data)?;
        hasher.update(&bytes);
    }
    let Some(state) = vm.module_state::<Sha512State>() else {
        return Err(vm.new_runtime_error("_sha512 is not initialised".to_owned()));
    };
    let class = match hasher {
        Hasher::Sha512(_) => state.sha512.clone(),
        Hasher::Sha384(_) => state.sha384.clone(),
    };
    let data = HashData {
        hasher: RefCell::new(hasher),
    };
    Ok(new_native_object(vm, &class, data))
}

fn new_sha512(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, _usedforsecurity] = SHA512.bind_args(vm, args)?;
    make(vm, Hasher::Sha512(Sha512::new()), data)
}

fn new_sha384(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, _usedforsecurity] = SHA384.bind_args(vm, args)?;
    make(vm, Hasher::Sha384(Sha384::new()), data)
}

fn hash_update(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [data]) = UPDATE.bind(vm, args)?;
    let bytes = data_arg(vm, &data.unwrap_or(Value::None))?;
    this_hasher(vm, &this)?.borrow_mut().update(&bytes);
    Ok(Value::None)
}

fn hash_digest(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DIGEST.bind(vm, args)?;
    let digest = this_hasher(vm, &this)?.borrow().digest();
    Ok(vm.new_bytes(digest))
}

fn hash_hexdigest(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = HEXDIGEST.bind(vm, args)?;
    let digest = this_hasher(vm, &this)?.borrow().digest();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok(vm.new_str(hex))
}

fn hash_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = COPY.bind(vm, args)?;
    let hasher = this_hasher(vm, &this)?.borrow().clone();
    make(vm, hasher, None)
}
