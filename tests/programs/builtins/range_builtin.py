# range objects: arguments, len, indexing, slicing, membership.
print(list(range(5)), list(range(2, 8)), list(range(10, 0, -3)), list(range(0, -5, -1)), list(range(3, 3)))
r = range(1, 20, 3)
print(r, len(r), r[0], r[-1], r[2:4], r[::-1], r[::2])
print(7 in r, 8 in r, r.index(10), r.count(4), 3.0 in range(5))
print(len(range(10, 0)), len(range(0, 10, -1)), len(range(-5, 5, 2)))
print(range(0, 10, 2) == range(0, 9, 2), repr(range(3)), range(1, 4, 1))
print(reversed(range(3)).__class__.__name__, list(reversed(range(1, 10, 4))))
big = range(10 ** 20)
print(big[-1], 10 ** 19 in big, big[10 ** 19:][:2])
try:
    range(1, 2, 0)
except ValueError as e:
    print(type(e).__name__, e)
try:
    range(1.5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    r[100]
except IndexError as e:
    print(type(e).__name__, e)
print(r.start, r.stop, r.step, bool(range(0)))
