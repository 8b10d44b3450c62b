# Digests of every algorithm hashlib guarantees, through hashlib, hmac and the
# builtin modules, compared across the block boundaries of each algorithm.
import hashlib
import hmac
import io
import warnings

LENGTHS = [0, 1, 3, 55, 56, 63, 64, 65, 71, 72, 103, 104, 127, 128, 129, 135, 136,
           143, 144, 167, 168, 169, 1000]


def data(n):
    return bytes((i * 7 + 3) % 256 for i in range(n))


for name in sorted(hashlib.algorithms_guaranteed):
    print(name)
    for n in LENGTHS:
        h = hashlib.new(name, data(n))
        if name.startswith("shake"):
            print(" ", n, h.hexdigest(n % 50 + 1))
        else:
            print(" ", n, h.hexdigest())
    # the same data fed in pieces, and a copy that goes on separately
    h = hashlib.new(name)
    for piece in (b"", b"a", b"bc" * 40, bytearray(b"def" * 70), memoryview(b"xyz" * 9)):
        h.update(piece)
    c = h.copy()
    c.update(b"tail")
    if name.startswith("shake"):
        print("  pieces", h.hexdigest(16), c.hexdigest(16), h.digest(0), len(h.digest(300)))
    else:
        print("  pieces", h.hexdigest(), c.hexdigest(), h.digest() == bytes.fromhex(h.hexdigest()))
    print("  sizes", h.name, h.digest_size, h.block_size)
    # the named constructor gives the same
    same = getattr(hashlib, name)(b"abc").digest(*([12] if name.startswith("shake") else []))
    again = hashlib.new(name, b"abc").digest(*([12] if name.startswith("shake") else []))
    print("  constructor", same == again, getattr(hashlib, name)(usedforsecurity=False).name)

print(hashlib.md5(string=b"keyword").hexdigest())
print(hashlib.sha256(b"a" * 1_000_000).hexdigest())

# hmac over each of them
for name in ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "blake2b", "blake2s"]:
    print("hmac", name, hmac.new(b"key", b"message", name).hexdigest())
    print("hmac long key", name, hmac.new(b"k" * 200, b"message", name).hexdigest())
m = hmac.new(b"secret", digestmod=hashlib.sha256)
m.update(b"part one ")
m2 = m.copy()
m.update(b"part two")
print(m.hexdigest(), m2.hexdigest(), m.name, m.digest_size, m.block_size)
print(hmac.digest(b"key", b"msg", "sha1").hex())
print(hmac.compare_digest(b"abc", b"abc"), hmac.compare_digest("abc", "abd"))

# pbkdf2_hmac
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    print(hashlib.pbkdf2_hmac("sha256", b"password", b"salt", 1000).hex())
    print(hashlib.pbkdf2_hmac("sha1", b"password", b"salt", 2, 50).hex())
    print(hashlib.pbkdf2_hmac("sha512", bytearray(b"pw"), b"NaCl", 10, 7).hex())

# file_digest
print(hashlib.file_digest(io.BytesIO(data(300000)), "sha1").hexdigest())
print(hashlib.file_digest(io.BytesIO(b""), hashlib.md5).hexdigest())
print(hashlib.file_digest(io.BytesIO(b"abc"), lambda: hashlib.blake2s(digest_size=8)).hexdigest())

# BLAKE2's parameters
B, S = hashlib.blake2b, hashlib.blake2s
print(B(b"abc", digest_size=20, key=b"k", salt=b"s", person=b"p").hexdigest())
print(S(b"abc", digest_size=7, key=b"k" * 32, salt=b"s" * 8, person=b"p" * 8).hexdigest())
print(B(key=b"k").hexdigest())
print(B(b"x" * 128, key=b"key").hexdigest())
print(B(b"x" * 129, key=b"k" * 64, digest_size=1).hexdigest())
print(S(b"", key=b"k").hexdigest(), S(b"y" * 64, key=b"k").hexdigest())
print(B(salt=b"s" * 16, person=b"p" * 16).hexdigest())
print(B(b"abc", digest_size=33).digest_size, B(b"abc", digest_size=33).copy().hexdigest())
h = S(b"ab", digest_size=10)
c = h.copy()
c.update(b"c")
print(h.hexdigest(), c.hexdigest(), c.digest_size, c.name, c.block_size)
print(B(b"abc", fanout=1, depth=1, leaf_size=0, node_offset=0, node_depth=0, inner_size=0,
        last_node=False).hexdigest())
