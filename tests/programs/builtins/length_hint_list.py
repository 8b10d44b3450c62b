# list(), tuple() and list.extend() ask an iterable for its length first, as
# CPython's PyObject_LengthHint does: __len__, then __length_hint__; a TypeError
# from either is ignored, other errors and bad hints are raised.
import operator


class Items:
    def __init__(self, n, length=None, hint=None):
        self.n, self.length, self.hint = n, length, hint

    def __iter__(self):
        return iter(range(self.n))


def with_len(behaviour):
    class C(Items):
        def __len__(self):
            print("  __len__ called")
            return behaviour()
    return C(3)


def with_hint(behaviour):
    class C(Items):
        def __length_hint__(self):
            print("  __length_hint__ called")
            return behaviour()
    return C(3)


def raise_(exc):
    def f():
        raise exc
    return f


cases = [
    ("len ok", with_len(lambda: 3)),
    ("len TypeError", with_len(raise_(TypeError("no")))),
    ("len ValueError", with_len(raise_(ValueError("bad len")))),
    ("hint ok", with_hint(lambda: 100)),
    ("hint NotImplemented", with_hint(lambda: NotImplemented)),
    ("hint TypeError", with_hint(raise_(TypeError("no")))),
    ("hint negative", with_hint(lambda: -1)),
    ("hint str", with_hint(lambda: "x")),
    ("hint huge", with_hint(lambda: 2**70)),
    ("hint KeyError", with_hint(raise_(KeyError("k")))),
]
for label, obj in cases:
    for make in (list, tuple, lambda o: [].extend(o) or "extended"):
        try:
            print(label, "->", make(obj))
        except Exception as e:
            print(label, "!!", type(e).__name__, e)
    try:
        print(label, "length_hint ->", operator.length_hint(obj, 5))
    except Exception as e:
        print(label, "length_hint !!", type(e).__name__, e)

try:
    list(range(10**20))
except OverflowError as e:
    print("OverflowError:", e)
print(list(range(3)), tuple(range(2, 5)), list(iter([1, 2])))
