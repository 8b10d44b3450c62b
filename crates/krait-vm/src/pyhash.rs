//! Hashing as CPython 3.11 does it (`Python/pyhash.c`, `Include/pyhash.h`): ints
//! modulo the Mersenne prime 2**61 - 1, floats consistent with ints, and str/bytes
//! by SipHash-1-3 over the string's fixed-width storage. The hash secret is zero,
//! which is what CPython uses under `PYTHONHASHSEED=0`.

pub const HASH_BITS: u32 = 61;
pub const HASH_MODULUS: u64 = (1 << HASH_BITS) - 1;
pub const HASH_INF: i64 = 314159;

/// `hash()` of a machine int.
pub fn hash_i64(n: i64) -> i64 {
    let magnitude = (n.unsigned_abs() % HASH_MODULUS) as i64;
    let h = if n < 0 { -magnitude } else { magnitude };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash()` of a finite or infinite float; NaN hashes by identity and is the caller's.
pub fn hash_f64(x: f64) -> i64 {
    if x.is_infinite() {
        return if x > 0.0 { HASH_INF } else { -HASH_INF };
    }
    if x == 0.0 {
        return 0;
    }
    let (mut m, mut e) = frexp(x.abs());
    let mut acc: u64 = 0;
    // Take 28 bits of mantissa at a time, folding into the modulus.
    while m != 0.0 {
        acc = ((acc << 28) & HASH_MODULUS) | (acc >> (HASH_BITS - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        acc += y;
        if acc >= HASH_MODULUS {
            acc -= HASH_MODULUS;
        }
    }
    let e = if e >= 0 {
        e % HASH_BITS as i32
    } else {
        HASH_BITS as i32 - 1 - ((-1 - e) % HASH_BITS as i32)
    };
    acc = ((acc << e) & HASH_MODULUS) | (acc >> (HASH_BITS as i32 - e));
    let h = if x < 0.0 { -(acc as i64) } else { acc as i64 };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `math.frexp` for a finite positive float: `x == m * 2**e`, `0.5 <= m < 1`.
pub fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up into the normal range first.
        let (m, e) = frexp(x * (1u64 << 54) as f64);
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, exp - 1022)
}

/// SipHash-1-3 with a zero key over `data`, as CPython hashes bytes and strs.
pub fn siphash13(data: &[u8]) -> u64 {
    siphash13_keyed(0, 0, data)
}

/// SipHash-1-3 of `data` under the key `(k0, k1)` (`_imp.source_hash` keys it).
pub fn siphash13_keyed(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v0 = k0 ^ 0x736f6d6570736575;
    let mut v1 = k1 ^ 0x646f72616e646f6d;
    let mut v2 = k0 ^ 0x6c7967656e657261;
    let mut v3 = k1 ^ 0x7465646279746573;

    macro_rules! round {
        () => {
            v0 = v0.wrapping_add(v1);
            v1 = v1.rotate_left(13);
            v1 ^= v0;
            v0 = v0.rotate_left(32);
            v2 = v2.wrapping_add(v3);
            v3 = v3.rotate_left(16);
            v3 ^= v2;
            v0 = v0.wrapping_add(v3);
            v3 = v3.rotate_left(21);
            v3 ^= v0;
            v2 = v2.wrapping_add(v1);
            v1 = v1.rotate_left(17);
            v1 ^= v2;
            v2 = v2.rotate_left(32);
        };
    }

    let chunks = data.chunks_exact(8);
    let tail = chunks.remainder();
    for chunk in chunks {
        let m = u64::from_le_bytes(chunk.try_into().expect("chunks_exact gives 8 bytes"));
        v3 ^= m;
        round!();
        v0 ^= m;
    }
    let mut last = (data.len() as u64) << 56;
    for (i, byte) in tail.iter().enumerate() {
        last |= (*byte as u64) << (8 * i);
    }
    v3 ^= last;
    round!();
    v0 ^= last;
    v2 ^= 0xff;
    round!();
    round!();
    round!();
    v0 ^ v1 ^ v2 ^ v3
}

/// `hash()` of bytes.
pub fn hash_bytes(data: &[u8]) -> i64 {
    if data.is_empty() {
        return 0;
    }
    let h = siphash13(data) as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash()` of a str: SipHash over its code points stored 1, 2 or 4 bytes wide, the
/// narrowest width that holds its largest code point (CPython's PEP 393 storage).
pub fn hash_str(s: &str) -> i64 {
    if s.is_ascii() {
        return if s.is_empty() {
            0
        } else {
            hash_bytes(s.as_bytes())
        };
    }
    hash_code_points(s.chars().map(|c| c as u32))
}

/// `hash_str` of a str that lives as long as the program (a literal such as a
/// special method's name), remembered by its address and length: a `&'static str`
/// can neither change nor be freed, and hashes are not seeded, so the first answer
/// stands. Class creation looks up some sixty such names along each new class's
/// MRO; each would be hashed anew.
#[inline]
pub fn hash_static_str(text: &'static str) -> i64 {
    const SLOTS: usize = 256;
    type Memo = [std::cell::Cell<(usize, usize, i64)>; SLOTS];
    thread_local! {
        static MEMO: Memo = const {
            [const { std::cell::Cell::new((0, 0, 0)) }; SLOTS]
        };
    }
    let key = (text.as_ptr() as usize, text.len());
    let slot = (key.0 >> 3 ^ key.1) % SLOTS;
    MEMO.with(|memo| {
        let (ptr, len, hash) = memo[slot].get();
        if (ptr, len) == key && ptr != 0 {
            return hash;
        }
        let hash = hash_str(text);
        memo[slot].set((key.0, key.1, hash));
        hash
    })
}

/// `hash()` of a str given as code points (lone surrogates included), as `hash_str`.
pub fn hash_code_points(points: impl Iterator<Item = u32> + Clone) -> i64 {
    let Some(max) = points.clone().max() else {
        return 0;
    };
    let mut buf = Vec::with_capacity(points.size_hint().0 * 2);
    for c in points {
        if max < 0x100 {
            buf.push(c as u8);
        } else if max < 0x10000 {
            buf.extend_from_slice(&(c as u16).to_le_bytes());
        } else {
            buf.extend_from_slice(&c.to_le_bytes());
        }
    }
    hash_bytes(&buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_str_hashes_are_the_str_hashes_remembered() {
        let names: Vec<&'static str> = (0..2000)
            .map(|i| &*Box::leak(format!("__name{i}__").into_boxed_str()))
            .collect();
        // Twice over, so the second pass meets both remembered and evicted slots.
        for _ in 0..2 {
            for name in &names {
                assert_eq!(hash_static_str(name), hash_str(name));
            }
        }
        // The same text at another address, and a prefix at the same address.
        let repr: &'static str = "__repr__";
        assert_eq!(hash_static_str(repr), hash_str("__repr__"));
        assert_eq!(hash_static_str(&repr[..6]), hash_str("__repr"));
        assert_eq!(hash_static_str(""), 0);
    }
}
