# Instance dicts replaced under warmed attribute sites, cycles through
# instance dicts and __slots__ members collected, and the state of exceptions
# and properties.
import gc


# A site warmed on one dict, then the dict is swapped under it.
class Point:
    def __init__(self, x):
        self.x = x


def read(p):
    return p.x


points = [Point(i) for i in range(30)]
total = 0
for i, p in enumerate(points):
    if i == 20:
        p.__dict__ = {"x": 1000}
    if i == 25:
        vars(p).clear()
        p.x = -1
    total += read(p)
print(total)


class Slotted:
    __slots__ = ("a", "b", "__dict__")


s = Slotted()
s.a = s
s.b = [s]
s.c = {"me": s}
print(sorted(vars(s)), s.a is s, s.b[0] is s)


class Node:
    pass


def make_cycles(n):
    for _ in range(n):
        a, b = Node(), Node()
        a.other, b.other = b, a
        a.__dict__["self"] = a


gc.collect()
make_cycles(100)
print(gc.collect() >= 200)

# Exceptions and properties, boxed payloads, keep their state.
class P:
    @property
    def value(self):
        "the value"
        return 7

    @value.setter
    def value(self, v):
        self._v = v


p = P()
p.value = 3
print(p.value, p._v, P.value.__doc__, P.value.fset.__name__)
try:
    try:
        raise KeyError("inner")
    except KeyError as e:
        raise ValueError("outer") from e
except ValueError as e:
    print(repr(e), repr(e.__cause__), repr(e.__context__), e.__suppress_context__)
    e.extra = 1
    print(vars(e))
