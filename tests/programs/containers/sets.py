# set and frozenset operations (integer elements keep a predictable order).
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, a ^ b, a <= b, {3} < b, a >= {1}, a.isdisjoint({9}))
print(a.union([7]), a.intersection(b, {4}), a.difference(b), a.symmetric_difference(b))
s = set()
s.add(3)
s.add(1)
s.update([2, 2, 5])
s.discard(10)
s.remove(5)
print(s, len(s), 2 in s, s.pop() in {1, 2, 3}, len(s))
try:
    s.remove(42)
except KeyError as e:
    print(type(e).__name__, e)
f = frozenset([1, 2, 2])
print(f, f | {3}, type(f | {3}).__name__, {f: "frozen"}[frozenset({2, 1})])
print(set(), frozenset(), set("aab") == {"a", "b"}, sorted({"b", "a", "c"}))
s2 = {1, 2, 3}
s2 &= {2, 3, 4}
s2 |= {9}
s2 -= {2}
s2 ^= {3, 7}
print(s2)
try:
    {[1]}
except TypeError as e:
    print(type(e).__name__, e)
print(set([1, 2]) == frozenset([2, 1]), {1, 2}.issubset([1, 2, 3]), {1, 2, 3}.issuperset({1}))
