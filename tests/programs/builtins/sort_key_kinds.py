# Sorting compares ints, floats and exact strs without the general comparison
# when every key is of the one kind; anything mixed, subclassed or holding lone
# surrogates takes the general path. Results, stability, reverse, NaNs and the
# errors must be CPython's.
import random

rng = random.Random(7)
ints = [rng.randint(-10**6, 10**6) for _ in range(500)]
print(sorted(ints)[:5], sorted(ints, reverse=True)[:5])
floats = [rng.uniform(-1e3, 1e3) for _ in range(300)] + [float("inf"), -0.0, 0.0]
print(sorted(floats)[:3], sorted(floats)[-2:])
nan = float("nan")
print(sorted([3.0, nan, 1.0, 2.0]), sorted([nan, 2.0, 1.0]))
words = ["b\u00e9", "be", "b", "\u4e2d", "\U0001f600", "Z", "a", "", "ab", "\uffff"]
print(sorted(words), sorted(words, reverse=True))
print(sorted(words + [chr(0xDC80), "\ud7ff"]))


class S(str):
    def __lt__(self, other):
        return len(self) < len(other)


print(sorted([S("ccc"), S("a"), S("bb")]), sorted(["b", S("a"), "c"]))
pairs = [(rng.randint(0, 3), i) for i in range(20)]
print(sorted(pairs, key=lambda p: p[0]) == sorted(pairs, key=lambda p: (p[0], p[1])))
print(sorted([1, 2.5, True, -3, 0.0]), sorted(["x", "y"], key=str.upper))
for bad in ([1, "a"], [2.0, None], ["a", b"b"]):
    try:
        sorted(bad)
    except TypeError as e:
        print(e)
big = [2**70, 1, -2**70, 5]
print(sorted(big))
stable = sorted([("a", 2), ("b", 1), ("a", 1)], key=lambda t: t[0])
print(stable)
xs = [5, 3, 1]
xs.sort()
print(xs, sorted(range(10, 0, -1))[:3])
