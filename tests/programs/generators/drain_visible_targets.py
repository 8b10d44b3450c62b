# Consumers that fill an object the generator can see take one item at a time:
# the generator reads the set or counter as it fills. A new set from set() or
# frozenset() of a generator cannot be seen by it and gets the same items.
from collections import Counter

words = "a b a c a b a d b b".split()
c = Counter()
c.update(w for w in words if c[w] < 2)
print(sorted(c.items()))
s = set()
s.update(x for x in range(10) if len(s) < 3)
print(sorted(s))
seen = set()
seen.update(x % 4 for x in range(20) if x % 4 not in seen)
print(sorted(seen))


def noisy(items):
    for x in items:
        print("yield", repr(x))
        yield x


print(sorted(set(noisy(["x", 1, "x", 2.5, True, 1.0]))))
print(sorted(frozenset(i % 5 for i in range(3000))))


class Key:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return hash(self.v)

    def __eq__(self, other):
        print("eq", self.v, repr(other))
        return isinstance(other, Key) and other.v == self.v


mixed = set(noisy(["k", Key("k"), "k", 3, Key(3)]))
print(len(mixed))
try:
    set(noisy([1, [2], 3]))
except TypeError as e:
    print("TypeError:", e)
