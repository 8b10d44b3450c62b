# set(), frozenset(), dict.fromkeys() and the other constructors take the items of
# an iterable as they come: a key's __hash__ runs between two steps of a
# generator, and dict.fromkeys calls the class first.
class H:
    def __init__(s, v): s.v = v
    def __hash__(s): print("hash", s.v); return s.v
    def __eq__(s, o): return s is o
def g():
    for i in range(2):
        print("yield", i); yield H(i)
s = set(g())
f = frozenset(g())
d = dict.fromkeys(g())
print(len(s), len(f), len(d))
print(max(x for x in range(5)), min((x for x in [3.5, 1, 2]), default=0))
t = tuple(g()); l = []; l.extend(g()); l2 = [*g()]

class D(dict):
    def __init__(self):
        print("D made")
        super().__init__()
    def __setitem__(self, k, v):
        print("set", k)
        super().__setitem__(k, v)
def g():
    for i in range(2):
        print("yield", i)
        yield i
print(D.fromkeys(g(), 0))
try:
    D.fromkeys(5)
except TypeError as e:
    print("TypeError:", e)
print(dict.fromkeys("abc"), dict.fromkeys(range(3), []), dict.fromkeys({1: 2}), dict.fromkeys({5, 6}))
import collections
print(collections.OrderedDict.fromkeys(x for x in "ba"))
print(len(dict.fromkeys(range(100000))))

# dict(), update() and bytearray.extend() take the items as they come too.
class H:
    def __init__(s, v): s.v = v
    def __hash__(s): print("hash", s.v); return s.v
    def __eq__(s, o): return s is o
    def __index__(s): print("index", s.v); return s.v
def g():
    for i in range(2):
        print("yield", i); yield (H(i), i)
def k():
    for i in range(2):
        print("yield", i); yield H(i)
d = dict(g())
d2 = {}; d2.update(g())
s = set(); s.update(k())
s2 = {1}; s2 |= set(k())
fs = frozenset(k()) - {1}
ba = bytearray(); ba.extend(k())
print(len(d), len(d2), len(s), len(ba), ba)
