# Comparisons of instances whose class defines comparison methods in Python (run
# as frames of the loop): results, NotImplemented and the reflected method, `!=`
# through `__eq__`, errors and tracebacks, recursion, and the cases that take
# the general path (a subclass on the right, another class).
import sys
import traceback
from dataclasses import dataclass


class P:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        if not isinstance(other, P):
            return NotImplemented
        return self.v == other.v

    def __lt__(self, other):
        if not isinstance(other, P):
            return NotImplemented
        return self.v < other.v

    def __gt__(self, other):
        if not isinstance(other, P):
            return NotImplemented
        return self.v > other.v

    __hash__ = None


a, b, c = P(1), P(2), P(1)
for x, y in [(a, b), (a, c), (b, a)]:
    print(x == y, x != y, x < y, x > y)
print(a == 1, a != 1, 1 == a, a == None, a != "s")
for op in ("a < 1", "a <= b", "1 > a", "a >= None"):
    try:
        print(op, eval(op))
    except TypeError as exc:
        print(op, "TypeError:", exc)


class Declines:
    def __init__(self, name):
        self.name = name

    def __eq__(self, other):
        print("eq", self.name, other.name)
        return NotImplemented

    def __lt__(self, other):
        print("lt", self.name, other.name)
        return NotImplemented

    def __gt__(self, other):
        print("gt", self.name, other.name)
        return NotImplemented


l, r = Declines("l"), Declines("r")
print(l == r, l != r, l == l)
try:
    l < r
except TypeError as exc:
    print("TypeError:", exc)


class Weird:
    def __init__(self, result):
        self.result = result

    def __eq__(self, other):
        return self.result


class NoBool:
    def __bool__(self):
        raise ValueError("no truth")


print(Weird([1]) != Weird(0), Weird([]) != Weird(0), Weird("x") == Weird(0))
try:
    Weird(NoBool()) != Weird(0)
except ValueError as exc:
    print("ValueError:", exc)


class OwnNe(P):
    def __ne__(self, other):
        return "ne called"


print(OwnNe(1) != OwnNe(1), OwnNe(1) == OwnNe(1))


class Sub(P):
    def __eq__(self, other):
        print("Sub.__eq__ first")
        return True

    __hash__ = None


print(P(1) == Sub(5), Sub(5) == P(1))


class Other:
    def __eq__(self, other):
        print("Other.__eq__")
        return "other"


print(P(1) == Other(), Other() == P(1))


class Defaults:
    def __eq__(self, other, extra=5):
        return extra

    def __lt__(self, other, *, key=None):
        return "kwonly"

    def __le__(*args):
        return len(args)


print(Defaults() == Defaults(), Defaults() < Defaults(), Defaults() <= Defaults())


class Gen:
    def __eq__(self, other):
        yield 1


print(type(Gen() == Gen()).__name__)


class Lam:
    __eq__ = lambda self, other: ("lambda", type(other).__name__)


print(Lam() == Lam(), Lam() != Lam())


class Raises:
    def __lt__(self, other):
        raise KeyError("in __lt__")


def compare_raising():
    return Raises() < Raises()


try:
    compare_raising()
except KeyError:
    lines = traceback.format_exc().splitlines()
    print("\n".join(line for line in lines if not line.startswith("  File") or "comparison_methods" in line))


class Deep:
    def __eq__(self, other):
        return self == other


try:
    Deep() == Deep()
except RecursionError as exc:
    print("RecursionError:", exc)


class Where:
    def __lt__(self, other):
        caller = sys._getframe(1)
        return caller.f_code.co_name, caller.f_lineno - caller.f_code.co_firstlineno


def ask():
    x = 0
    return Where() < Where()


print(ask())


@dataclass(order=True, frozen=True)
class Point:
    x: int
    y: int


pts = [Point(2, 1), Point(1, 5), Point(1, 2)]
print(Point(1, 2) == Point(1, 2), Point(1, 2) != Point(1, 3), Point(1, 2) < Point(1, 3))
print(Point(1, 2) == (1, 2), Point(1, 2) != (1, 2))
try:
    Point(1, 2) < (1, 2)
except TypeError as exc:
    print("TypeError:", exc)
print(sorted(pts), max(pts), pts[0] > pts[1])

count = 0
for i in range(1000):
    if P(i) == P(i) and not P(i) != P(i) and P(i) < P(i + 1):
        count += 1
print(count)


class Mutating:
    def __eq__(self, other):
        del Mutating.__eq__
        return "first"


m = Mutating()
print(m == m, m == Mutating())
