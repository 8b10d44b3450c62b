# enumerate and zip.
print(list(enumerate("abc")), list(enumerate("abc", start=1)), list(enumerate([], 5)))
for i, (a, b) in enumerate(zip("xy", [10, 20]), 100):
    print(i, a, b)
print(list(zip([1, 2, 3], "ab")), list(zip()), list(zip([1])), list(zip(range(3), range(3), range(3))))
names, ages = zip(*[("ann", 30), ("bob", 25)])
print(names, ages)
print(dict(zip("abc", range(3))))
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as e:
    print(type(e).__name__, e)
e = enumerate("hi")
print(next(e), next(e), next(e, None))
