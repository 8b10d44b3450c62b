# Builtins called by position run through their fast entries (from the eval
# loop and from map(), sorted() and other calls made by builtins); the results
# and errors must be those of the general path.
import bisect
import heapq
import math
import operator
import random
from collections import deque


def attempt(label, f, *args):
    try:
        print(label, repr(f(*args)))
    except Exception as e:
        print(label, type(e).__name__, e)


attempt("sqrt", math.sqrt, 2.25)
attempt("sqrt int", math.sqrt, 16)
attempt("sqrt neg", math.sqrt, -1)
attempt("sqrt str", math.sqrt, "x")
attempt("exp big", math.exp, 1000)
attempt("sqrt none", math.sqrt, None)
print(list(map(math.sqrt, [1, 4, 9.0])))
print(list(map(ord, "abc")), sum(map(ord, "hello")))

r = random.Random(42)
print([r.getrandbits(k) for k in (0, 1, 5, 32, 33, 70)])
print(r.random())
attempt("getrandbits neg", r.getrandbits, -1)
attempt("getrandbits float", r.getrandbits, 2.0)
attempt("getrandbits big", r.getrandbits, 2**40)
attempt("random unbound", random.Random.random, 5)


class Idx:
    def __index__(self):
        return 7


print(r.getrandbits(Idx()) < 128)
attempt("index int", operator.index, 5)
attempt("index obj", operator.index, Idx())
attempt("index str", operator.index, "a")
attempt("add", operator.add, 2, 3)
attempt("add bad", operator.add, 2, "x")
attempt("neg", operator.neg, 4)
print(sorted([3, -1, 2], key=operator.neg))

for n in (0, 1, -1, 255, -256, 2**63 - 1, -(2**63), 2**100, True, False):
    print("bit_length", n, n.bit_length())


class MyInt(int):
    pass


print(MyInt(1000).bit_length(), int.bit_length(12))
attempt("bit_length str", int.bit_length, "x")

s = {1, 2}
s.add(3)
attempt("add unhashable", s.add, [])
s.discard(2)
s.discard(99)
s.add(frozenset({1}))
s.discard({1})
print(sorted(s, key=repr))
attempt("discard unhashable", s.discard, [])
attempt("add to frozenset", set.add, frozenset(), 1)

d = deque([1, 2])
d.append(3)
print(d.popleft(), d)
d.clear()
attempt("popleft empty", d.popleft)

h = []
for x in (5, 1, 4, 2):
    heapq.heappush(h, x)
print([heapq.heappop(h) for _ in range(4)])
attempt("heappush tuple", heapq.heappush, (), 1)
attempt("heappop empty", heapq.heappop, [])
attempt("heappop tuple", heapq.heappop, ())

a = [1, 2, 2, 3, 5]
print(bisect.bisect_right(a, 2), bisect.bisect_left(a, 2))
print(bisect.bisect_right(a, 2, 3), bisect.bisect(a, 9, 0, 2), bisect.bisect(a, 0, 1, -1))
attempt("bisect lo", bisect.bisect_right, a, 2, -1)
attempt("bisect lo type", bisect.bisect_right, a, 2, "x")
attempt("bisect none", bisect.bisect_right, None, 2)

attempt("divmod", divmod, 7, -2)
attempt("divmod float", divmod, 7.5, 2)
attempt("divmod zero", divmod, 1, 0)
attempt("divmod str", divmod, "a", 1)

for value, spec in ((True, "d"), (True, ">5"), (False, "x"), (255, "#x"), (-3, "05d"),
                    (2.5, ".3f"), (1e20, "g"), (float("nan"), "^7"), ("ab", ">5"),
                    ("ab", "d"), (3, "s"), (2.5, "d"), (10**30, ","), (7, "\u2007>4")):
    attempt("format %r %r" % (value, spec), format, value, spec)
print(f"{3.14159:.2f}|{42:>6}|{'x':*^5}|{True:n}")
