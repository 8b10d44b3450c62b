# int() and float() as CPython's PyNumber_Long/PyNumber_Float: number methods
# first (a str subclass's __float__ wins), then text and any buffer.
import array
import warnings

warnings.simplefilter("always")


def attempt(label, action):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = action()
            print(label, type(result).__name__, result)
        except Exception as e:
            print(label, type(e).__name__, e)
    for w in caught:
        print("   ", w.category.__name__, w.message)


attempt("int memoryview", lambda: int(memoryview(b"123")[1:3]))
attempt("int array", lambda: int(array.array("b", b"42")))
attempt("int bad buffer", lambda: int(memoryview(b"12x")))
attempt("float memoryview", lambda: float(memoryview(b"12.5")[1:4]))
attempt("float array", lambda: float(array.array("b", b"3.25")))
attempt("float bad buffer", lambda: float(array.array("b", b"1.x")))
attempt("int object", lambda: int(object()))
attempt("float object", lambda: float(object()))


class FooStr(str):
    def __float__(self):
        return float(str(self)) + 1

    def __int__(self):
        return int(str(self)) + 1


attempt("float FooStr", lambda: float(FooStr("8")))
attempt("int FooStr", lambda: int(FooStr("8")))


class PlainStr(str):
    pass


attempt("float PlainStr", lambda: float(PlainStr(" 2.5 ")))
attempt("int PlainStr", lambda: int(PlainStr(" 25 ")))


class FloatSub(float):
    pass


attempt("float FloatSub", lambda: float(FloatSub(1.5)))


class BadIndex:
    def __index__(self):
        return True


class BadIndex2(int):
    def __index__(self):
        return True


class BadInt:
    def __int__(self):
        return True


class TruncBadIndex:
    def __trunc__(self):
        return BadIndex()


class TruncBadInt:
    def __trunc__(self):
        return BadInt()


class TruncBool:
    def __trunc__(self):
        return True


class TruncStr:
    def __trunc__(self):
        return "7"


for obj in (BadIndex(), BadIndex2(), BadInt(), TruncBadIndex(), TruncBadInt(), TruncBool(), TruncStr()):
    attempt("int " + type(obj).__name__, lambda: int(obj))


class ValidBytes:
    def __bytes__(self):
        return b"\x01"


class InvalidBytes:
    def __bytes__(self):
        return "abc"


attempt("from_bytes __bytes__", lambda: int.from_bytes(ValidBytes(), "big"))
attempt("from_bytes bad __bytes__", lambda: int.from_bytes(InvalidBytes(), "big"))
attempt("from_bytes list", lambda: int.from_bytes([1, 2], "big"))
attempt("from_bytes str", lambda: int.from_bytes("ab", "big"))
attempt("from_bytes int", lambda: int.from_bytes(3, "big"))
attempt("from_bytes memoryview", lambda: int.from_bytes(memoryview(b"\x01\x00"), "little"))

nan = float("nan")
print(hash(nan) == object.__hash__(nan), hash(nan) == hash(nan))
print(hash(complex(nan, 1)) == hash(complex(nan, 1)) or "differs")

# slice.indices with ints of any size
big = 2 ** 100
for s in (slice(-big, big), slice(None, None, -1), slice(big, -big, -3), slice(5, None, big)):
    print(s.indices(10), s.indices(big))
print(slice(None).indices(True))
for bad in (-1, "3", 2.0):
    attempt("indices " + repr(bad), lambda: slice(None).indices(bad))
attempt("zero step", lambda: slice(0, 1, 0).indices(5))
attempt("str start", lambda: slice("a", 1).indices(5))
print(list(range(10))[::2 ** 62], list(range(10))[-big:big])

# A slice that refers back to its owner is collected with it.
import gc
import weakref


class Holder:
    pass


h = Holder()
h.s = slice(h)
w = weakref.ref(h)
del h
gc.collect()
print(w())
