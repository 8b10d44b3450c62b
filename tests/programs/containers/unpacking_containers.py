# Unpacking from various iterables.
a, b = "xy"
c, d = {"k1": 1, "k2": 2}
(e, f), g = [1, 2], 3
print(a, b, c, d, e, f, g)
h, *i, j = range(6)
print(h, i, j)
*k, = (1, 2)
print(k)
for x, (y, z) in [(1, (2, 3)), (4, (5, 6))]:
    print(x + y + z)
try:
    p, q = [1, 2, 3]
except ValueError as e:
    print(type(e).__name__, e)
try:
    p, q, r = [1, 2]
except ValueError as e:
    print(type(e).__name__, e)
try:
    p, q = 5
except TypeError as e:
    print(type(e).__name__, e)
try:
    p, *q, r = [1]
except ValueError as e:
    print(type(e).__name__, e)
