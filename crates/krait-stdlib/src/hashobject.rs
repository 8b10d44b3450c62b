//! The hash objects of the builtin hash modules `_md5`, `_sha1`, `_sha256`,
//! `_sha512`, `_sha3` and `_blake2` (what CPython's `Modules/hashlib.h` and the
//! method tables of each module's C file share): the running state of every
//! algorithm over the RustCrypto crates, the methods and attributes every hash type
//! has, and the check of the data to hash. Each module declares its types with
//! `hash_type!` and writes only its constructors.

use std::cell::RefCell;
use std::rc::Rc;

use blake2::digest::block_api::{Buffer, VariableOutputCore};
use blake2::digest::{Digest, ExtendableOutput, Output, Update, XofReader};
use krait_vm::native::NativeTypeSpec;
use krait_vm::native::{native_data, new_native_object, new_native_type, NativeData};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyResult, Value, Vm};

// ---------------------------------------------------------------------------
// The running state of a hash

/// A BLAKE2 state whose digest size is chosen at run time (the crate fixes it in
/// the type): the block function with its input buffer.
#[derive(Clone)]
pub(crate) struct Blake2<C: VariableOutputCore + Clone> {
    core: C,
    buffer: Buffer<C>,
    digest_size: usize,
}

impl<C: VariableOutputCore + Clone> Blake2<C> {
    pub(crate) fn new(core: C, digest_size: usize) -> Self {
        Blake2 {
            core,
            buffer: Default::default(),
            digest_size,
        }
    }

    pub(crate) fn update(&mut self, data: &[u8]) {
        let core = &mut self.core;
        self.buffer
            .digest_blocks(data, |blocks| core.update_blocks(blocks));
    }

    fn digest(&self) -> Vec<u8> {
        let mut core = self.core.clone();
        let mut buffer = self.buffer.clone();
        let mut full = Output::<C>::default();
        core.finalize_variable_core(&mut buffer, &mut full);
        // BLAKE2 keeps the first bytes of its state as a shorter digest.
        full[..self.digest_size].to_vec()
    }
}

pub(crate) type Blake2b = Blake2<blake2::Blake2bVarCore>;
pub(crate) type Blake2s = Blake2<blake2::Blake2sVarCore>;

/// The running state of one hash.
#[derive(Clone)]
pub(crate) enum Hasher {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    Sha3_224(sha3::Sha3_224),
    Sha3_256(sha3::Sha3_256),
    Sha3_384(sha3::Sha3_384),
    Sha3_512(sha3::Sha3_512),
    Shake128(sha3::Shake128),
    Shake256(sha3::Shake256),
    Blake2b(Blake2b),
    Blake2s(Blake2s),
}

impl Hasher {
    pub(crate) fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Md5(h) => Digest::update(h, data),
            Hasher::Sha1(h) => Digest::update(h, data),
            Hasher::Sha224(h) => Digest::update(h, data),
            Hasher::Sha256(h) => Digest::update(h, data),
            Hasher::Sha384(h) => Digest::update(h, data),
            Hasher::Sha512(h) => Digest::update(h, data),
            Hasher::Sha3_224(h) => Digest::update(h, data),
            Hasher::Sha3_256(h) => Digest::update(h, data),
            Hasher::Sha3_384(h) => Digest::update(h, data),
            Hasher::Sha3_512(h) => Digest::update(h, data),
            Hasher::Shake128(h) => Update::update(h, data),
            Hasher::Shake256(h) => Update::update(h, data),
            Hasher::Blake2b(h) => h.update(data),
            Hasher::Blake2s(h) => h.update(data),
        }
    }

    /// The digest so far (the hash can go on being updated); `length` bytes of
    /// it for the SHAKE functions, whose output has no fixed size.
    pub(crate) fn digest(&self, length: usize) -> Vec<u8> {
        fn fixed<D: Digest + Clone>(h: &D) -> Vec<u8> {
            h.clone().finalize().to_vec()
        }
        fn xof<D: ExtendableOutput + Clone>(h: &D, length: usize) -> Vec<u8> {
            let mut out = vec![0; length];
            h.clone().finalize_xof().read(&mut out);
            out
        }
        match self {
            Hasher::Md5(h) => fixed(h),
            Hasher::Sha1(h) => fixed(h),
            Hasher::Sha224(h) => fixed(h),
            Hasher::Sha256(h) => fixed(h),
            Hasher::Sha384(h) => fixed(h),
            Hasher::Sha512(h) => fixed(h),
            Hasher::Sha3_224(h) => fixed(h),
            Hasher::Sha3_256(h) => fixed(h),
            Hasher::Sha3_384(h) => fixed(h),
            Hasher::Sha3_512(h) => fixed(h),
            Hasher::Shake128(h) => xof(h, length),
            Hasher::Shake256(h) => xof(h, length),
            Hasher::Blake2b(h) => h.digest(),
            Hasher::Blake2s(h) => h.digest(),
        }
    }

    /// The algorithm's name, as `hashlib.new` takes it.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Hasher::Md5(_) => "md5",
            Hasher::Sha1(_) => "sha1",
            Hasher::Sha224(_) => "sha224",
            Hasher::Sha256(_) => "sha256",
            Hasher::Sha384(_) => "sha384",
            Hasher::Sha512(_) => "sha512",
            Hasher::Sha3_224(_) => "sha3_224",
            Hasher::Sha3_256(_) => "sha3_256",
            Hasher::Sha3_384(_) => "sha3_384",
            Hasher::Sha3_512(_) => "sha3_512",
            Hasher::Shake128(_) => "shake_128",
            Hasher::Shake256(_) => "shake_256",
            Hasher::Blake2b(_) => "blake2b",
            Hasher::Blake2s(_) => "blake2s",
        }
    }

    /// The size of the digest in bytes; 0 for the SHAKE functions.
    pub(crate) fn digest_size(&self) -> usize {
        match self {
            Hasher::Md5(_) => 16,
            Hasher::Sha1(_) => 20,
            Hasher::Sha224(_) | Hasher::Sha3_224(_) => 28,
            Hasher::Sha256(_) | Hasher::Sha3_256(_) => 32,
            Hasher::Sha384(_) | Hasher::Sha3_384(_) => 48,
            Hasher::Sha512(_) | Hasher::Sha3_512(_) => 64,
            Hasher::Shake128(_) | Hasher::Shake256(_) => 0,
            Hasher::Blake2b(h) => h.digest_size,
            Hasher::Blake2s(h) => h.digest_size,
        }
    }

    /// Whether this is a SHAKE function, whose digests have any length.
    pub(crate) fn is_shake(&self) -> bool {
        matches!(self, Hasher::Shake128(_) | Hasher::Shake256(_))
    }

    /// The size of the blocks the algorithm consumes, in bytes (a Keccak sponge's
    /// rate).
    pub(crate) fn block_size(&self) -> usize {
        match self {
            Hasher::Md5(_) | Hasher::Sha1(_) | Hasher::Sha224(_) | Hasher::Sha256(_) => 64,
            Hasher::Sha384(_) | Hasher::Sha512(_) => 128,
            Hasher::Sha3_224(_) => 144,
            Hasher::Sha3_256(_) | Hasher::Shake256(_) => 136,
            Hasher::Sha3_384(_) => 104,
            Hasher::Sha3_512(_) => 72,
            Hasher::Shake128(_) => 168,
            Hasher::Blake2b(_) => 128,
            Hasher::Blake2s(_) => 64,
        }
    }
}

// ---------------------------------------------------------------------------
// Hash objects

/// The state of one hash object.
pub(crate) struct HashData {
    hasher: RefCell<Hasher>,
}

impl NativeData for HashData {
    fn holds_values(&self) -> bool {
        false
    }
}

/// The classes the hash modules made, by the spec that declared each, so that the
/// constructor functions of `_md5` and the like find theirs.
#[derive(Default)]
struct HashClasses {
    classes: RefCell<Vec<(&'static NativeTypeSpec, ObjRef)>>,
}

/// Makes the hash type `spec` declares and puts it in module namespace `d` as
/// `attr` (CPython's modules list `MD5Type` and the like, or the type's own name).
pub(crate) fn add_hash_type(
    vm: &mut Vm,
    d: &ObjRef,
    spec: &'static NativeTypeSpec,
    attr: &str,
) -> ObjRef {
    let class = new_native_type(vm, spec, None);
    let classes = match vm.module_state::<HashClasses>() {
        Some(classes) => classes,
        None => {
            vm.set_module_state(HashClasses::default());
            vm.module_state::<HashClasses>()
                .expect("the hash classes were just stored")
        }
    };
    classes.classes.borrow_mut().push((spec, class.clone()));
    dict::dict_set_str(vm, d, attr, Value::Obj(class.clone()));
    class
}

/// The class `spec` declares, as its module last made it.
pub(crate) fn hash_class(vm: &mut Vm, spec: &'static NativeTypeSpec) -> PyResult<ObjRef> {
    let found = vm
        .module_state::<HashClasses>()
        .and_then(|classes: Rc<HashClasses>| {
            let classes = classes.classes.borrow();
            classes
                .iter()
                .rev()
                .find(|(s, _)| std::ptr::eq(*s, spec))
                .map(|(_, class)| class.clone())
        });
    found.ok_or_else(|| {
        vm.new_runtime_error(format!("{}.{} is not initialised", spec.module, spec.name))
    })
}

/// A new hash object of `class` over `hasher`, fed `data` first when given.
pub(crate) fn new_hash(
    vm: &mut Vm,
    class: &ObjRef,
    mut hasher: Hasher,
    data: Option<Value>,
) -> PyResult<Value> {
    if let Some(data) = data {
        let bytes = data_arg(vm, &data)?;
        hasher.update(&bytes);
    }
    let data = HashData {
        hasher: RefCell::new(hasher),
    };
    Ok(new_native_object(vm, class, data))
}

/// The bytes to hash: a bytes-like object (a str must be encoded first).
pub(crate) fn data_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if abstract_::value_as_str(v).is_some() {
        return Err(vm.new_type_error("Strings must be encoded before hashing".to_owned()));
    }
    match crate::bytes_like(vm, v)? {
        Some(bytes) => Ok(bytes),
        None => Err(vm.new_type_error("object supporting the buffer API required".to_owned())),
    }
}

/// The running state of hash object `v`.
pub(crate) fn hasher_of(v: &Value) -> Option<&RefCell<Hasher>> {
    native_data::<HashData>(v).map(|d| &d.hasher)
}

/// The state of the object a method was called on.
fn this_hasher<'a>(
    vm: &mut Vm,
    spec: &NativeTypeSpec,
    this: &'a Option<Value>,
) -> PyResult<&'a RefCell<Hasher>> {
    let this = this.as_ref().unwrap_or(&Value::None);
    hasher_of(this).ok_or_else(|| {
        let given = vm.type_name_of(this);
        vm.new_type_error(format!(
            "descriptor requires a '{}.{}' object but received a '{given}'",
            spec.module, spec.name
        ))
    })
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

// The methods every hash type has; `hash_type!` binds each to the type's own
// signatures, so argument errors name the type (`md5.update()`).

pub(crate) fn hash_update(
    vm: &mut Vm,
    spec: &NativeTypeSpec,
    signature: &Signature,
    args: Args,
) -> PyResult<Value> {
    let (this, [data]) = signature.bind(vm, args)?;
    let bytes = data_arg(vm, &crate::given(data))?;
    this_hasher(vm, spec, &this)?.borrow_mut().update(&bytes);
    Ok(Value::None)
}

pub(crate) fn hash_digest(
    vm: &mut Vm,
    spec: &NativeTypeSpec,
    signature: &Signature,
    args: Args,
) -> PyResult<Value> {
    let (this, []) = signature.bind(vm, args)?;
    let digest = this_hasher(vm, spec, &this)?.borrow().digest(0);
    Ok(vm.new_bytes(digest))
}

pub(crate) fn hash_hexdigest(
    vm: &mut Vm,
    spec: &NativeTypeSpec,
    signature: &Signature,
    args: Args,
) -> PyResult<Value> {
    let (this, []) = signature.bind(vm, args)?;
    let digest = this_hasher(vm, spec, &this)?.borrow().digest(0);
    Ok(vm.new_str(hex(&digest)))
}

pub(crate) fn hash_copy(
    vm: &mut Vm,
    spec: &NativeTypeSpec,
    signature: &Signature,
    args: Args,
) -> PyResult<Value> {
    let (this, []) = signature.bind(vm, args)?;
    let hasher = this_hasher(vm, spec, &this)?.borrow().clone();
    let class = vm.type_of(&crate::given(this));
    new_hash(vm, &class, hasher, None)
}

/// `digest(length)` of a SHAKE hash.
pub(crate) fn shake_digest(
    vm: &mut Vm,
    spec: &NativeTypeSpec,
    signature: &Signature,
    args: Args,
) -> PyResult<Value> {
    let (this, [length]) = signature.bind(vm, args)?;
    let length = shake_length(vm, &crate::given(length))?;
    let digest = this_hasher(vm, spec, &this)?.borrow().digest(length);
    Ok(vm.new_bytes(digest))
}

/// `hexdigest(length)` of a SHAKE hash.
pub(crate) fn shake_hexdigest(
    vm: &mut Vm,
    spec: &NativeTypeSpec,
    signature: &Signature,
    args: Args,
) -> PyResult<Value> {
    let (this, [length]) = signature.bind(vm, args)?;
    let length = shake_length(vm, &crate::given(length))?;
    let digest = this_hasher(vm, spec, &this)?.borrow().digest(length);
    Ok(vm.new_str(hex(&digest)))
}

/// The length of a SHAKE digest: a C `unsigned long`, below 2**29.
fn shake_length(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    let length = unsigned_long_arg(vm, v)?;
    if length >= 1 << 29 {
        return Err(vm.new_value_error("length is too large".to_owned()));
    }
    Ok(length as usize)
}

/// An argument CPython converts with `_PyLong_UnsignedLong_Converter`: an int (no
/// `__index__`), not negative, that fits 64 bits.
pub(crate) fn unsigned_long_arg(vm: &mut Vm, v: &Value) -> PyResult<u64> {
    let Some(n) = krait_vm::objects::int::as_big(v) else {
        return Err(vm.new_type_error("an integer is required".to_owned()));
    };
    if n.sign() == num_bigint::Sign::Minus {
        return Err(vm.new_value_error("value must be positive".to_owned()));
    }
    u64::try_from(&n).map_err(|_| {
        vm.new_error(
            Exc::OverflowError,
            "Python int too large to convert to C unsigned long",
        )
    })
}

// The attributes every hash type has.

pub(crate) const NAME_GETSET: GetSet = GetSet {
    name: "name",
    get: |vm, v| {
        let name = hasher_of(v).map_or("", |h| h.borrow().name());
        Ok(vm.new_str(name))
    },
    set: None,
};

pub(crate) const DIGEST_SIZE_GETSET: GetSet = GetSet {
    name: "digest_size",
    get: |_, v| {
        let size = hasher_of(v).map_or(0, |h| h.borrow().digest_size());
        Ok(Value::Int(size as i64))
    },
    set: None,
};

pub(crate) const BLOCK_SIZE_GETSET: GetSet = GetSet {
    name: "block_size",
    get: |_, v| {
        let size = hasher_of(v).map_or(0, |h| h.borrow().block_size());
        Ok(Value::Int(size as i64))
    },
    set: None,
};

pub(crate) const HASH_GETSETS: &[GetSet] = &[BLOCK_SIZE_GETSET, NAME_GETSET, DIGEST_SIZE_GETSET];

/// Declares the type of a hash object: a `NativeTypeSpec` named `$spec` whose
/// methods `update`, `digest`, `hexdigest` and `copy` are the shared ones, bound
/// to signatures that name the type. The flavour picks CPython's wording:
/// `legacy` for the MD5 and SHA-1/SHA-2 modules (`update(obj)`), `modern` for
/// SHA-3 and BLAKE2 (`update(data)`), `shake` for SHAKE (`digest(length)`). The
/// fields after the flavour fill in the rest of the spec (`getsets` defaults to
/// `HASH_GETSETS`).
macro_rules! hash_type {
    ($vis:vis static $spec:ident = $name:literal in $module:literal, legacy,
     { $($field:ident : $value:expr),* $(,)? }) => {
        $crate::hashobject::hash_type!(@make $vis $spec, $name, $module,
            "($self, obj, /)",
            "Update this hash object's state with the provided string.",
            "($self, /)", hash_digest, hash_hexdigest, None,
            { $($field: $value),* });
    };
    ($vis:vis static $spec:ident = $name:literal in $module:literal, modern,
     { $($field:ident : $value:expr),* $(,)? }) => {
        $crate::hashobject::hash_type!(@make $vis $spec, $name, $module,
            "($self, data, /)",
            "Update this hash object's state with the provided bytes-like object.",
            "($self, /)", hash_digest, hash_hexdigest,
            Some("Return a copy of the hash object."),
            { $($field: $value),* });
    };
    ($vis:vis static $spec:ident = $name:literal in $module:literal, shake,
     { $($field:ident : $value:expr),* $(,)? }) => {
        $crate::hashobject::hash_type!(@make $vis $spec, $name, $module,
            "($self, data, /)",
            "Update this hash object's state with the provided bytes-like object.",
            "($self, length, /)", shake_digest, shake_hexdigest,
            Some("Return a copy of the hash object."),
            { $($field: $value),* });
    };
    (@make $vis:vis $spec:ident, $name:literal, $module:literal, $update_text:literal,
     $update_doc:literal, $digest_text:literal, $digest:ident, $hexdigest:ident,
     $copy_doc:expr, { $($field:ident : $value:expr),* }) => {
        $vis static $spec: krait_vm::native::NativeTypeSpec = {
            use krait_vm::native::MethodDef;
            use krait_vm::objects::function::Args;
            use krait_vm::signature::Signature;
            use krait_vm::{PyResult, Value, Vm};
            use $crate::hashobject as hash;

            static UPDATE: Signature = Signature::of($name, "update", $update_text);
            static DIGEST: Signature = Signature::of($name, "digest", $digest_text);
            static HEXDIGEST: Signature = Signature::of($name, "hexdigest", $digest_text);
            static COPY: Signature = Signature::of($name, "copy", "($self, /)");
            fn update(vm: &mut Vm, args: Args) -> PyResult<Value> {
                hash::hash_update(vm, &$spec, &UPDATE, args)
            }
            fn digest(vm: &mut Vm, args: Args) -> PyResult<Value> {
                hash::$digest(vm, &$spec, &DIGEST, args)
            }
            fn hexdigest(vm: &mut Vm, args: Args) -> PyResult<Value> {
                hash::$hexdigest(vm, &$spec, &HEXDIGEST, args)
            }
            fn copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
                hash::hash_copy(vm, &$spec, &COPY, args)
            }
            static METHODS: [MethodDef; 4] = [
                {
                    let def = MethodDef::method("copy", copy).with_signature(&COPY);
                    match $copy_doc {
                        Some(doc) => def.with_doc(doc),
                        None => def,
                    }
                },
                MethodDef::method("digest", digest)
                    .with_signature(&DIGEST)
                    .with_doc("Return the digest value as a bytes object."),
                MethodDef::method("hexdigest", hexdigest)
                    .with_signature(&HEXDIGEST)
                    .with_doc("Return the digest value as a string of hexadecimal digits."),
                MethodDef::method("update", update)
                    .with_signature(&UPDATE)
                    .with_doc($update_doc),
            ];
            krait_vm::native::NativeTypeSpec {
                $($field: $value,)*
                ..krait_vm::native::NativeTypeSpec {
                    methods: &METHODS,
                    getsets: hash::HASH_GETSETS,
                    ..krait_vm::native::NativeTypeSpec::new($name, $module)
                }
            }
        };
    };
}

pub(crate) use hash_type;
