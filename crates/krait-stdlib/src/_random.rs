//! The `_random` module (CPython's `Modules/_randommodule.c`): `Random`, the Mersenne
//! Twister (MT19937) that `random.Random` derives from. Seeded with the same integer,
//! it produces the same numbers as CPython's.

use std::cell::RefCell;

use krait_vm::native::{
    native_data, new_native_object, new_native_type, MethodDef, NativeData, NativeTypeSpec,
};
use krait_vm::objects::dict;
use krait_vm::objects::function::{Args, FastCall};
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, Payload, PyResult, Value, Vm};
use num_bigint::{BigInt, Sign};

/// Words of generator state.
const N: usize = 624;
const M: usize = 397;

/// The generator's state: 624 words and the position of the next one.
struct Twister {
    state: [u32; N],
    index: usize,
}

impl Twister {
    fn from_seed(seed: u32) -> Twister {
        let mut state = [0u32; N];
        state[0] = seed;
        for i in 1..N {
            let prev = state[i - 1];
            state[i] = 1812433253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        Twister { state, index: N }
    }

    /// Seeds from an array of words (MT19937's `init_by_array`).
    fn from_key(key: &[u32]) -> Twister {
        let mut t = Twister::from_seed(19650218);
        let mt = &mut t.state;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1664525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1566083941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
        t
    }

    fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.refill();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    fn refill(&mut self) {
        let mt = &mut self.state;
        let twist = |upper: u32, lower: u32, far: u32| {
            let y = (upper & 0x8000_0000) | (lower & 0x7fff_ffff);
            far ^ (y >> 1) ^ if y & 1 == 1 { 0x9908_b0df } else { 0 }
        };
        for k in 0..N - M {
            mt[k] = twist(mt[k], mt[k + 1], mt[k + M]);
        }
        for k in N - M..N - 1 {
            mt[k] = twist(mt[k], mt[k + 1], mt[k + M - N]);
        }
        mt[N - 1] = twist(mt[N - 1], mt[0], mt[M - 1]);
        self.index = 0;
    }

    /// A float in [0, 1) with 53 random bits (`genrand_res53`).
    fn next_f64(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    }
}

struct RandomData {
    twister: RefCell<Twister>,
}

impl NativeData for RandomData {
    fn holds_values(&self) -> bool {
        false
    }
}

static RANDOM_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("Random() -> create a random number generator with its own internal state."),
    subclassable: true,
    new: Some(random_new),
    methods: &[
        MethodDef::method("__init__", random_init),
        MethodDef::method("random", random_random)
            .with_signature(&RANDOM)
            .with_doc("random() -> x in the interval [0, 1)."),
        MethodDef::method("seed", random_seed)
            .with_signature(&SEED)
            .with_doc("seed([n]) -> None.\n\nDefaults to use urandom and falls back to a combination\nof the current time and the process identifier."),
        MethodDef::method("getstate", random_getstate)
            .with_signature(&GETSTATE)
            .with_doc("getstate() -> tuple containing the current state."),
        MethodDef::method("setstate", random_setstate)
            .with_signature(&SETSTATE)
            .with_doc("setstate(state) -> None.  Restores generator state."),
        MethodDef::method("getrandbits", random_getrandbits)
            .with_signature(&GETRANDBITS)
            .with_doc("getrandbits(k) -> x.  Generates an int with k random bits."),
    ],
    ..NativeTypeSpec::new("Random", "_random")
};

static RANDOM: Signature = Signature::of("Random", "random", "($self, /)")
    .with_fast(FastCall::new(1, 1, |vm, args| random_of(vm, &args[0])));
static SEED: Signature = Signature::of("Random", "seed", "($self, n=None, /)");
static GETSTATE: Signature = Signature::of("Random", "getstate", "($self, /)");
static SETSTATE: Signature = Signature::of("Random", "setstate", "($self, state, /)");
static GETRANDBITS: Signature = Signature::of("Random", "getrandbits", "($self, k, /)").with_fast(
    FastCall::new(2, 2, |vm, args| getrandbits_of(vm, &args[0], &args[1])),
);

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_random");
    let d = module_dict(&m).expect("a module has a dict");
    let random = new_native_type(vm, &RANDOM_TYPE, None);
    dict::dict_set_str(vm, &d, "Random", Value::Obj(random));
    Ok(m)
}

fn this_random<'a>(vm: &mut Vm, this: &'a Option<Value>) -> PyResult<&'a RandomData> {
    match this {
        Some(this) => random_data(vm, this),
        None => Err(not_a_random(vm)),
    }
}

fn random_data<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a RandomData> {
    native_data::<RandomData>(this).ok_or_else(|| not_a_random(vm))
}

fn not_a_random(vm: &mut Vm) -> krait_vm::PyErr {
    vm.new_type_error("descriptor requires a '_random.Random' object".to_owned())
}

/// A generator not seeded yet: `__init__` seeds it.
fn random_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = match args.pos.first() {
        Some(Value::Obj(c)) if c.type_data().is_some() => c.clone(),
        _ => return Err(vm.new_type_error("Random.__new__(X): X is not a type object".to_owned())),
    };
    let data = RandomData {
        twister: RefCell::new(Twister::from_seed(0)),
    };
    Ok(new_native_object(vm, &cls, data))
}

/// `Random(seed=None)`: no keywords unless a subclass brings its own `__init__`.
fn random_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut pos = args.pos.into_iter();
    let this = pos.next().unwrap_or(Value::None);
    let rest: Vec<Value> = pos.collect();
    let class = vm.type_of(&this);
    let own_init = krait_vm::objects::typeobject::lookup(&class, "__init__");
    let base_init = {
        let base = krait_vm::objects::typeobject::type_data(&class)
            .mro
            .borrow()
            .iter()
            .find(|t| !krait_vm::objects::typeobject::type_data(t).heap)
            .cloned();
        base.and_then(|b| krait_vm::objects::typeobject::lookup(&b, "__init__"))
    };
    let inherits_init = matches!((&own_init, &base_init), (Some(a), Some(b)) if a.is(b));
    if inherits_init && !args.kw.is_empty() {
        return Err(vm.new_type_error("Random() takes no keyword arguments".to_owned()));
    }
    if rest.len() > 1 {
        return Err(vm.new_type_error("Random() requires 0 or 1 argument".to_owned()));
    }
    seed_from(vm, &this, &rest.into_iter().next().unwrap_or(Value::None))?;
    Ok(Value::None)
}

/// Seeds from `None` (the OS's randomness) or an int (its absolute value, as 32-bit
/// words, least significant first); other objects are hashed.
fn seed_from(vm: &mut Vm, this: &Value, seed: &Value) -> PyResult<()> {
    let key: Vec<u32> = match seed {
        Value::None => {
            let mut bytes = [0u8; N * 4];
            if std::fs::File::open("/dev/urandom")
                .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes))
                .is_err()
            {
                let nanos = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos());
                let mixed = nanos ^ u128::from(std::process::id());
                bytes[..16].copy_from_slice(&mixed.to_le_bytes());
            }
            bytes
                .chunks(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect()
        }
        _ => {
            let n = match abstract_::index(vm, seed) {
                Ok(n) => n,
                Err(_) => Value::Int(abstract_::hash(vm, seed)?),
            };
            let n = match &n {
                Value::Int(i) => BigInt::from(*i),
                Value::Bool(b) => BigInt::from(u8::from(*b)),
                Value::Obj(o) => match &o.payload {
                    Payload::Int(big) => big.clone(),
                    _ => BigInt::default(),
                },
                _ => BigInt::default(),
            };
            let words = n.magnitude().to_u32_digits();
            if words.is_empty() {
                vec![0]
            } else {
                words
            }
        }
    };
    let Some(data) = native_data::<RandomData>(this) else {
        return Err(vm.new_type_error("seed requires a '_random.Random' object".to_owned()));
    };
    *data.twister.borrow_mut() = Twister::from_key(&key);
    Ok(())
}

fn random_random(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = RANDOM.bind(vm, args)?;
    random_of(vm, &this.unwrap_or(Value::None))
}

fn random_of(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let data = random_data(vm, this)?;
    let x = data.twister.borrow_mut().next_f64();
    Ok(Value::Float(x))
}

fn random_seed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [n]) = SEED.bind(vm, args)?;
    let this = this.unwrap_or(Value::None);
    seed_from(vm, &this, &n.unwrap_or(Value::None))?;
    Ok(Value::None)
}

/// `(624 words..., index)`.
fn random_getstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = GETSTATE.bind(vm, args)?;
    let data = this_random(vm, &this)?;
    let twister = data.twister.borrow();
    let mut items: Vec<Value> = twister
        .state
        .iter()
        .map(|w| Value::Int(i64::from(*w)))
        .collect();
    items.push(Value::Int(twister.index as i64));
    drop(twister);
    Ok(vm.new_tuple(items))
}

fn random_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [state]) = SETSTATE.bind(vm, args)?;
    let state = state.unwrap_or(Value::None);
    let Some(items) = abstract_::tuple_items(&state) else {
        return Err(vm.new_type_error("state vector must be a tuple".to_owned()));
    };
    if items.len() != N + 1 {
        return Err(vm.new_value_error("state vector is the wrong size".to_owned()));
    }
    let mut words = [0u32; N];
    for (word, item) in words.iter_mut().zip(&items) {
        let n = abstract_::index(vm, item)?;
        *word = krait_vm::objects::int::as_i64(&n)
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| {
                vm.new_error(
                    Exc::OverflowError,
                    "Python int too large to convert to C unsigned long",
                )
            })?;
    }
    let index = abstract_::index(vm, &items[N])?;
    let index = krait_vm::objects::int::as_i64(&index).unwrap_or(-1);
    if !(0..=N as i64).contains(&index) {
        return Err(vm.new_value_error("invalid state".to_owned()));
    }
    let data = this_random(vm, &this)?;
    *data.twister.borrow_mut() = Twister {
        state: words,
        index: index as usize,
    };
    Ok(Value::None)
}

/// An int of `k` random bits, built from 32-bit words least significant first.
fn random_getrandbits(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [k]) = GETRANDBITS.bind(vm, args)?;
    getrandbits_of(vm, &this.unwrap_or(Value::None), &k.unwrap_or(Value::None))
}

fn getrandbits_of(vm: &mut Vm, this: &Value, k: &Value) -> PyResult<Value> {
    let k = abstract_::index(vm, k)?;
    let k = krait_vm::objects::int::as_i64(&k)
        .and_then(|k| i32::try_from(k).ok())
        .ok_or_else(|| {
            vm.new_error(
                Exc::OverflowError,
                "Python int too large to convert to C int",
            )
        })?;
    if k < 0 {
        return Err(vm.new_value_error("number of bits must be non-negative".to_owned()));
    }
    let data = random_data(vm, this)?;
    let mut twister = data.twister.borrow_mut();
    if k <= 32 {
        let bits = if k == 0 {
            0
        } else {
            twister.next_u32() >> (32 - k)
        };
        return Ok(Value::Int(i64::from(bits)));
    }
    let words = (k as usize).div_ceil(32);
    let mut digits = Vec::with_capacity(words);
    let mut remaining = k;
    for _ in 0..words {
        let mut r = twister.next_u32();
        if remaining < 32 {
            r >>= 32 - remaining;
        }
        digits.push(r);
        remaining -= 32;
    }
    drop(twister);
    let n = BigInt::from_slice(Sign::Plus, &digits);
    Ok(vm.new_big_int(n))
}
