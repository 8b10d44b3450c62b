# Sets of mixed numeric keys, big ints, floats, tuples and frozensets iterate in CPython's order.
print({1, 1.0, True}, {0.0, -0.0, 0, False}, {2**64, 2**64 + 1, -2**64, 2**61 - 1, 2**61}, {(1, 2), (2, 1), (1,), ()})
print({1.5, 2.25, -3.75, 1e100, float("inf"), -float("inf")}, {frozenset(), frozenset([1]), frozenset([1, 2])})
s = set(range(10)); s.update(range(5, 15)); print(s)
print(set("mississippi"), frozenset("abracadabra"))
a = {x * x % 17 for x in range(30)}; print(a, a.pop(), a)
x = set(range(100)); y = set(range(50, 150)); print(len(x & y), list(x & y)[:5], list(y & x)[:5], list(x ^ y)[:5], list(y - x)[:5])
print(set([3, 2, 1]) == {1, 2, 3}, frozenset({1: 2}), set(reversed([5, 4, 3])))
