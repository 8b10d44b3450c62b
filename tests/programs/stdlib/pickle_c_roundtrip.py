# The C pickler (_pickle) against python3.11's: the bytes of pickle.dumps for
# builtin objects, instances, globals and shared or recursive structures, in
# every protocol, and what loads makes of them again.
import collections
import copyreg
import io
import pickle
import _pickle

assert pickle.Pickler is _pickle.Pickler
assert pickle.dumps is _pickle.dumps


class Plain:
    def __init__(self):
        self.a = 1
        self.b = [1, 2]

    def __eq__(self, other):
        return type(self) is type(other) and self.__dict__ == other.__dict__


class Slotted:
    __slots__ = ("x", "y")

    def __init__(self):
        self.x = "x"

    def __eq__(self, other):
        return type(self) is type(other) and self.x == other.x


class WithState:
    def __init__(self, v):
        self.v = v

    def __getstate__(self):
        return {"v": self.v * 2}

    def __setstate__(self, state):
        self.v = state["v"] // 2

    def __eq__(self, other):
        return type(self) is type(other) and self.v == other.v


class Reduced:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def __reduce__(self):
        return (Reduced, (self.a, self.b))

    def __eq__(self, other):
        return type(self) is type(other) and (self.a, self.b) == (other.a, other.b)


class NewArgs(int):
    def __new__(cls, value, tag):
        self = super().__new__(cls, value)
        self.tag = tag
        return self

    def __getnewargs__(self):
        return (int(self), self.tag)


class NewArgsEx(tuple):
    def __new__(cls, *items, label=""):
        self = super().__new__(cls, items)
        self.label = label
        return self

    def __getnewargs_ex__(self):
        return tuple(self), {"label": self.label}


class Outer:
    class Inner:
        def __eq__(self, other):
            return type(self) is type(other)


class MyList(list):
    pass


class MyDict(dict):
    pass


def function():
    pass


shared = ["shared"]
recursive_list = [1]
recursive_list.append(recursive_list)
recursive_dict = {}
recursive_dict["self"] = recursive_dict
recursive_tuple = ([],)
recursive_tuple[0].append(recursive_tuple)

objects = [
    None, True, False, 0, 1, -1, 127, 128, 255, 256, 65535, 65536, 2**31 - 1, -2**31,
    2**31, -2**31 - 1, 2**63, -2**63, 2**64, 2**1000, -2**1000, 255 * 256**300,
    0.0, -0.0, 1.5, 1e300, -1e-300, float("inf"), float("-inf"),
    "", "a", "abc", "é", "\u20ac", "\U0001f600", "a\nb\\c\r\x00\x1a", "x" * 300,
    chr(0xd800), b"", b"\x00\xff", b"x" * 300, bytearray(), bytearray(b"ab"),
    (), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), ((),), [], [1], [1, 2], list(range(2500)),
    {}, {"a": 1}, {i: str(i) for i in range(1500)}, set(), {1, 2, 3}, frozenset(), frozenset((1, 2)),
    set(range(1200)), [shared, shared, (shared, shared)], 1 + 2j, range(3), range(1, 10, 2),
    slice(1, 2, 3), Ellipsis, NotImplemented, type(None), type(Ellipsis), type(NotImplemented),
    int, str, list, object, len, print, function, pickle.dumps, Plain, Outer.Inner,
    collections.OrderedDict, Plain(), Slotted(), WithState(21), Reduced(1, "two"),
    NewArgs(5, "five"), NewArgsEx(1, 2, label="L"), Outer.Inner(), MyList([1, 2]),
    MyDict(a=1), collections.OrderedDict(a=1, b=2), collections.deque([1, 2]),
    collections.Counter("hello"), collections.defaultdict(list, {1: [2]}),
    object(), ValueError("bad", 3), KeyError("k"), map, iter([1, 2, 3]),
    recursive_list, recursive_dict, recursive_tuple,
]

for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    print("protocol", proto)
    for obj in objects:
        try:
            data = pickle.dumps(obj, proto)
        except Exception as e:
            print(" ", type(obj).__name__, type(e).__name__, e)
            continue
        shown = repr(data) if len(data) < 400 else f"{len(data)} bytes ending {data[-40:]!r}"
        print(" ", type(obj).__name__, shown)
        back = pickle.loads(data)
        if obj is recursive_list:
            assert back[1] is back
        elif obj is recursive_dict:
            assert back["self"] is back
        elif obj is recursive_tuple:
            assert back[0][0] is back
        elif type(obj).__name__ == "list_iterator":
            assert list(back) == [1, 2, 3]
        elif isinstance(obj, (BaseException, object)) and type(obj) in (ValueError, KeyError, object):
            assert type(back) is type(obj)
        elif obj == obj:
            assert back == obj, (proto, obj, back)
            assert type(back) is type(obj), (proto, obj, back)

# Large data goes outside the frames, straight to the file.
big = b"z" * 70000
for proto in (4, 5):
    data = pickle.dumps([big, "small", big], proto)
    print(proto, len(data), data[:40], data[-30:])
    f = io.BytesIO()
    writes = []

    class Recorder(io.BytesIO):
        def write(self, b):
            writes.append(len(b))
            return super().write(b)

    r = Recorder()
    pickle.dump([big, list(range(20000)), big], r, proto)
    print(" writes", writes)
    print(" same as dumps", r.getvalue() == pickle.dumps([big, list(range(20000)), big], proto))
    assert pickle.loads(r.getvalue())[0] == big

# Extension codes.
copyreg.add_extension(__name__, "Plain", 0xf0)
copyreg.add_extension(__name__, "Reduced", 0xfff0)
copyreg.add_extension(__name__, "WithState", 0xffffff0)
try:
    for proto in range(6):
        print(proto, pickle.dumps([Plain, Reduced, WithState], proto))
        assert pickle.loads(pickle.dumps([Plain, Reduced, WithState], proto)) == [Plain, Reduced, WithState]
finally:
    copyreg.remove_extension(__name__, "Plain", 0xf0)
    copyreg.remove_extension(__name__, "Reduced", 0xfff0)
    copyreg.remove_extension(__name__, "WithState", 0xffffff0)

# Python 2 names for protocols 0-2.
for proto in range(4):
    print(proto, pickle.dumps([range, collections.UserDict, ValueError, map, filter, io.StringIO], proto))
    print(proto, pickle.dumps(range, proto, fix_imports=False))

# Loading Python 2 pickles.
print(pickle.loads(b"c__builtin__\nxrange\np0\n(I0\nI5\nI1\ntp1\nRp2\n."))
print(pickle.loads(b"S'abc'\np0\n."), pickle.loads(b"U\x03abcq\x00.", encoding="bytes"))
print(pickle.loads(b"T\x03\x00\x00\x00\xe9\xe8\xe7.", encoding="latin-1"))
print(pickle.loads(b"(dp0\nS'k'\np1\nI01\nsI00\n."))
print(pickle.loads(b"I010\n."), pickle.loads(b"L123L\n."), pickle.loads(b"F1.25\n."))
print(pickle.loads(b"Vx\\u20acy\n."))
print(pickle.loads(b"cexceptions\nValueError\n(S'x'\ntR."))

# Strs and bytes CPython keeps one object of are one object to the memo.
print(pickle.dumps(list("hello"), 2))
print(pickle.dumps(["", "".join([]), str()], 2))
print(pickle.dumps([b"ab"[0:1], bytes([97]), b"a", b"", bytes()], 3))
print(pickle.dumps(["\xe9"[0], chr(233), "\u20ac"[0], chr(0x20ac)], 4))
