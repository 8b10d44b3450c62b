# tuples.
t = (1, "two", 3.0)
print(t, t[1], len(t), t + (4,), t * 2, (), (1,), tuple("ab"))
print(t.index("two"), (1, 1, 2).count(1), 3.0 in t)
a, b, c = t
print(a, b, c)
print((1, 2) < (1, 3), (2,) > (1, 99), (1, 2) == (1, 2))
nested = ((1, 2), [3, 4])
nested[1].append(5)
print(nested)
try:
    t[0] = 9
except TypeError as e:
    print(type(e).__name__, e)
try:
    hash(([],))
except TypeError as e:
    print(type(e).__name__, e)
print(hash((1, 2)) == hash((1, 2)), type(()).__name__)
x = 1,
print(x, type(x).__name__)
