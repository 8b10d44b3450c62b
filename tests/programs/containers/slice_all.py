# slice objects: attributes, indices(), comparisons, errors, use as subscripts.
s = slice(1, 10, 2)
print(s, s.start, s.stop, s.step, slice(5), slice(None), slice(1, 2))
print(s.indices(5), slice(None, None, -1).indices(10), slice(-100, 100).indices(7), slice(10**20).indices(3))
print(slice(1, 2) == slice(1, 2), slice(1, 2) < slice(1, 3), slice(1) != slice(2), slice(2, 3) >= slice(1, 9))
for f in [lambda: hash(slice(1)), lambda: slice(), lambda: slice(1, 2, 3, 4), lambda: s.indices(-1), lambda: slice(0, 1, 0).indices(3), lambda: slice("a").indices(3), lambda: slice(1, x=2)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print([1, 2, 3][slice(None, None, 2)], "abcdef"[slice(1, None, 2)], (1, 2, 3)[slice(-2, None)])
