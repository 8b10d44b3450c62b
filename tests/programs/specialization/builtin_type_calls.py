# Calls of builtin types with positional arguments take a fast entry (no binding,
# no __init__ lookup): results, identities and errors must be those of the full path.


class Num:
    def __int__(self):
        return 7

    def __float__(self):
        return 2.5

    def __index__(self):
        return 3


class Trunc:
    def __trunc__(self):
        return 9


class Truthy:
    def __init__(self, value):
        self.value = value

    def __bool__(self):
        return self.value

    def __len__(self):
        return 0


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


for _ in range(3):  # warm every call site up
    attempt("int()", lambda: int())
    attempt("int(2.7)", lambda: int(2.7))
    attempt("int(-2.7)", lambda: int(-2.7))
    attempt("int(' 12 ')", lambda: int(" 12 "))
    attempt("int(True)", lambda: int(True))
    attempt("int(Num())", lambda: int(Num()))
    attempt("int(Trunc())", lambda: int(Trunc()))
    attempt("int(b'42')", lambda: int(b"42"))
    attempt("int('x')", lambda: int("x"))
    attempt("int(None)", lambda: int(None))
    attempt("int(1e400)", lambda: int(1e400))
    attempt("int(float('nan'))", lambda: int(float("nan")))
    attempt("int('ff', 16)", lambda: int("ff", 16))
    attempt("int(x=1)", lambda: int(x=1))
    attempt("int(1, 2, 3)", lambda: int(1, 2, 3))

    attempt("float()", lambda: float())
    attempt("float('1e3')", lambda: float("1e3"))
    attempt("float(' nan ')", lambda: float(" nan "))
    attempt("float(Num())", lambda: float(Num()))
    attempt("float(10**400)", lambda: float(10**400))
    attempt("float([])", lambda: float([]))
    attempt("float('')", lambda: float(""))
    attempt("float(1, 2)", lambda: float(1, 2))

    attempt("bool()", lambda: bool())
    attempt("bool([])", lambda: bool([]))
    attempt("bool(Truthy(True))", lambda: bool(Truthy(True)))
    attempt("bool(Truthy(1))", lambda: bool(Truthy(1)))

    t = (1, 2)
    print("tuple(t) is t", tuple(t) is t)
    attempt("tuple()", lambda: tuple())
    attempt("tuple([1, 2])", lambda: tuple([1, 2]))
    attempt("tuple(gen)", lambda: tuple(x * x for x in range(4)))
    attempt("tuple('ab')", lambda: tuple("ab"))
    attempt("tuple(5)", lambda: tuple(5))
    attempt("tuple(iterable=[1])", lambda: tuple(iterable=[1]))

    xs = [3, 1]
    print("list(xs) is xs", list(xs) is xs, list(xs) == xs)
    attempt("list()", lambda: list())
    attempt("list(range(3))", lambda: list(range(3)))
    attempt("list({'a': 1, 'b': 2})", lambda: list({"a": 1, "b": 2}))
    attempt("list(5)", lambda: list(5))
    attempt("list(1, 2)", lambda: list(1, 2))

    attempt("dict()", lambda: dict())
    attempt("dict([(1, 2), (3, 4)])", lambda: dict([(1, 2), (3, 4)]))
    attempt("dict({'a': 1})", lambda: dict({"a": 1}))
    attempt("dict(a=1)", lambda: dict(a=1))
    attempt("dict([1])", lambda: dict([1]))
    attempt("dict([(1, 2, 3)])", lambda: dict([(1, 2, 3)]))
    attempt("dict(5)", lambda: dict(5))

    attempt("set()", lambda: set())
    attempt("sorted(set('abca'))", lambda: sorted(set("abca")))
    attempt("set({1: 2})", lambda: set({1: 2}))
    attempt("set(5)", lambda: set(5))
    attempt("set([[]])", lambda: set([[]]))
    fs = frozenset({1, 2})
    print("frozenset(fs) is fs", frozenset(fs) is fs)
    attempt("frozenset()", lambda: frozenset())
    attempt("frozenset([1, 1])", lambda: frozenset([1, 1]))
    attempt("frozenset(5)", lambda: frozenset(5))


# Subclasses keep the full path: their __new__/__init__ run.
class MyInt(int):
    pass


class MyList(list):
    def __init__(self, *args):
        print("MyList.__init__", args)
        super().__init__(*args)


class MyTuple(tuple):
    pass


class MyFrozen(frozenset):
    pass


for _ in range(2):
    v = MyInt(2.5)
    print(type(v).__name__, v)
    m = MyList((1, 2))
    print(type(m).__name__, m)
    mt = MyTuple((1,))
    print(type(mt).__name__, mt, MyTuple(mt) is mt)
    mf = MyFrozen(fs)
    print(type(mf).__name__, sorted(mf), mf is fs, frozenset(mf) is mf)


# A name rebound to another callable at the same call site.
def make(kind, value):
    return kind(value)


for kind in (int, float, str, tuple, list, set, frozenset, bool, MyInt, len):
    print(kind.__name__, repr(make(kind, "1") if kind not in (tuple, list, set, frozenset, len) else make(kind, "12")))


# type(x) is answered where x lies; type with three arguments still makes a class.
class Meta(type):
    pass


class WithMeta(metaclass=Meta):
    pass


for _ in range(3):
    print([type(v).__name__ for v in (1, True, 1.5, None, "s", int, MyInt(1), WithMeta, WithMeta(), type)])
    made = type("Made", (MyInt,), {"x": 1})
    print(made.__name__, made.__mro__[1].__name__, made(5) + made.x)
    attempt("type()", lambda: type())
    attempt("type(1, 2)", lambda: type(1, 2))
