# The builtin modules hashlib falls back on: their types, attributes, constructors
# and CPython's errors.
import _blake2
import _md5
import _sha1
import _sha256
import _sha3
import _sha512


def attempt(f):
    try:
        print("  ok", f())
    except Exception as e:
        print("  %s: %s" % (type(e).__name__, e))


for m in (_md5, _sha1, _sha256, _sha512, _sha3, _blake2):
    print(m.__name__, sorted(n for n in dir(m) if not n.startswith("__")))
print(_md5.MD5Type, _sha1.SHA1Type, _sha256.SHA224Type, _sha256.SHA256Type, _sha512.SHA384Type)

constructors = [_md5.md5, _sha1.sha1, _sha256.sha224, _sha256.sha256, _sha512.sha384,
                _sha512.sha512, _sha3.sha3_224, _sha3.sha3_256, _sha3.sha3_384,
                _sha3.sha3_512, _sha3.shake_128, _sha3.shake_256, _blake2.blake2b,
                _blake2.blake2s]
for f in constructors:
    o = f()
    tp = type(o)
    shake = tp.__name__.startswith("shake")
    print(f.__name__, tp.__name__, tp.__module__, tp.__qualname__, o.name, o.digest_size,
          o.block_size, repr(o).startswith("<%s.%s object at 0x" % (tp.__module__, tp.__name__)))
    print(" ", sorted(n for n in dir(o) if not n.startswith("__")))
    print(" ", getattr(f, "__text_signature__", None), repr(f.__doc__))
    print(" ", o.update.__text_signature__, o.digest.__text_signature__,
          o.copy.__text_signature__, repr(o.copy.__doc__), repr(o.update.__doc__),
          repr(o.digest.__doc__), repr(o.hexdigest.__doc__))
    for method in ("update", "digest", "hexdigest"):
        attempt(lambda: getattr(o, method)(1, 2))
    for arg in (1, "a", bytearray(b"x"), None, memoryview(b"abc"), [1]):
        attempt(lambda: o.update(arg))
    attempt(lambda: f(b"", b""))
    attempt(lambda: f(foo=1))
    attempt(lambda: f("abc"))
    attempt(lambda: f(None))
    attempt(lambda: f(b"abc", usedforsecurity=False).hexdigest(*([7] if shake else [])))
    attempt(lambda: tp.update(1, b""))
    attempt(lambda: tp.digest(o, *([3] if shake else [])))
    attempt(lambda: type("X", (tp,), {}))
    attempt(lambda: f(b"abc").copy().copy().hexdigest(*([5] if shake else [])))

attempt(lambda: _md5.md5(string=b"a").hexdigest())
attempt(lambda: _sha512.sha384(string=b"a").hexdigest())
attempt(lambda: _sha3.sha3_224(string=b"a"))
attempt(lambda: _sha3.sha3_224(data=b"a"))
attempt(lambda: _blake2.blake2b(data=b"a"))
attempt(lambda: _md5.MD5Type())
attempt(lambda: _sha256.SHA256Type(b""))

print("shake lengths")
s = _sha3.shake_128(b"abc")
for args in [(-1,), (), ("x",), (2**64,), (2**31,), (2**29,), (1.5,), (True,), (0,), (2**29 - 1 - 2**29 + 9,)]:
    attempt(lambda: s.digest(*args)[:4])
    attempt(lambda: s.hexdigest(*args)[:8])
attempt(lambda: s.digest(length=3))

print("sponges")
for o in (_sha3.sha3_224(), _sha3.sha3_256(), _sha3.sha3_384(), _sha3.sha3_512(),
          _sha3.shake_128(), _sha3.shake_256()):
    print(o.name, o._capacity_bits, o._rate_bits, o._suffix, o.block_size)
print(_sha3.keccakopt, type(_sha3.implementation))

print("blake2")
print(_blake2.BLAKE2B_MAX_DIGEST_SIZE, _blake2.BLAKE2B_MAX_KEY_SIZE, _blake2.BLAKE2B_PERSON_SIZE,
      _blake2.BLAKE2B_SALT_SIZE, _blake2.BLAKE2S_MAX_DIGEST_SIZE, _blake2.BLAKE2S_MAX_KEY_SIZE,
      _blake2.BLAKE2S_PERSON_SIZE, _blake2.BLAKE2S_SALT_SIZE)
for b in (_blake2.blake2b, _blake2.blake2s):
    print(b.MAX_DIGEST_SIZE, b.MAX_KEY_SIZE, b.PERSON_SIZE, b.SALT_SIZE, b.__text_signature__)


class Three:
    def __index__(self):
        return 3


class Int(int):
    pass


def params(c, **kw):
    shown = {k: (v if isinstance(v, (int, bytes, str, float)) else type(v).__name__)
             for k, v in kw.items()}
    try:
        print(" ", c.__name__, shown, c(b"data", **kw).hexdigest())
    except Exception as e:
        print(" ", c.__name__, shown, "%s: %s" % (type(e).__name__, e))


for c in (_blake2.blake2b, _blake2.blake2s):
    for kw in [dict(digest_size=0), dict(digest_size=65), dict(digest_size=33),
               dict(key=b"x" * 65), dict(key=b"x" * 33), dict(salt=b"x" * 17),
               dict(salt=b"x" * 9), dict(person=b"x" * 17), dict(person=b"x" * 9),
               dict(fanout=256), dict(fanout=-1), dict(depth=0), dict(depth=256),
               dict(leaf_size=-1), dict(leaf_size=2**32), dict(node_offset=-1),
               dict(node_offset=2**64), dict(node_depth=256),
               dict(node_depth=-1), dict(inner_size=65),
               dict(inner_size=-1), dict(digest_size="x"), dict(key="x"), dict(salt=1),
               dict(person=None), dict(fanout=1.5), dict(fanout=2**40), dict(leaf_size=1.5),
               dict(node_offset=1.5), dict(digest_size=True), dict(digest_size=2**70),
               dict(digest_size=Three()), dict(digest_size=Int(5)), dict(leaf_size=Three()),
               dict(key=bytearray(b"k")), dict(salt=memoryview(b"ss")), dict(digest_size=1),
               dict(key=b"", salt=b"", person=b""), dict(digest_size=1, salt=b"x" * 99),
               dict(digest_size=0, salt=b"x" * 99), dict(salt=b"x" * 99, key=b"k" * 99),
               dict(last_node=False, usedforsecurity=0), dict(leaf_size=0, node_offset=0)]:
        params(c, **kw)
    if c is _blake2.blake2s:
        # BLAKE2s's limits (in BLAKE2b's range these values are accepted)
        params(c, node_offset=2**48)
        params(c, inner_size=33)
    attempt(lambda: c("text"))
    attempt(lambda: c(b"", b""))
    attempt(lambda: c(b"", digest_size=None))
