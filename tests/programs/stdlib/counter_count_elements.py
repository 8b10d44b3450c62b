# collections._count_elements (Counter's counting): each key hashed once, a dict
# subclass's own __setitem__ honoured, errors from __hash__, and the counts.
from collections import Counter
class K:
    calls = 0
    def __init__(self, v): self.v = v
    def __hash__(self):
        K.calls += 1
        return hash(self.v)
    def __eq__(self, o): return isinstance(o, K) and o.v == self.v
    def __repr__(self): return f"K({self.v})"
c = Counter([K(1), K(2), K(1), K(1)])
print(sorted(c.items(), key=lambda kv: kv[0].v), K.calls)
class Loud(dict):
    def __setitem__(self, k, v):
        print("set", k, v); super().__setitem__(k, v)
c2 = Counter()
import collections
collections._count_elements(Loud(), "aba")
class Bad:
    def __hash__(self): raise TypeError("no hash")
try: Counter([1, Bad()])
except TypeError as e: print(e)
print(Counter("mississippi").most_common())


# Counting a generator's items: strs and numbers are taken a batch at a time
# into an empty counter; the generator's side effects and other keys' __eq__
# calls keep their order.
def noisy(items):
    for x in items:
        print("yield", repr(x))
        yield x


class Loud:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return hash(self.v)

    def __eq__(self, other):
        print("eq", self.v, repr(other))
        return isinstance(other, Loud) and other.v == self.v

    def __repr__(self):
        return f"Loud({self.v!r})"


print(Counter(noisy(["a", "b", "a", 1, 1.0, True, "b"])))
print(Counter(noisy(["x", Loud("x"), "x", 1, Loud(1)])))
print(Counter(w.lower() for w in "The cat the hat THE end".split()).most_common(2))
c = Counter(a=5)
c.update(x for x in "aab")
print(sorted(c.items()))
big = Counter(i % 7 for i in range(5000))
print(sorted(big.items()))


def fails():
    yield "a"
    yield "b"
    raise KeyError("inside")


try:
    Counter(fails())
except KeyError as e:
    print("KeyError", e)
