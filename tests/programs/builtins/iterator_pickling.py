# Builtin iterators pickle where they stand, as CPython's: the iterable and the index.
import pickle
for make in (lambda: iter([1, 2, 3]), lambda: iter((1, 2, 3)), lambda: iter("abc"), lambda: iter("aé\u20ac"), lambda: iter(b"xyz"),
             lambda: iter(range(1, 10, 3)), lambda: reversed([1, 2, 3]), lambda: reversed(range(3)), lambda: reversed("abc")):
    it = make()
    first = next(it)
    for proto in (0, 2, 5):
        copy = pickle.loads(pickle.dumps(it, proto))
        print(type(it).__name__, first, list(copy), end="; ")
    print(list(it), list(pickle.loads(pickle.dumps(it))))
print(iter([1, 2]).__reduce__(), iter(()).__reduce__())
it = iter([1, 2, 3]); it.__setstate__(2); print(list(it))
