# Dict and set iterators pickle as the list of what they have left, read without
# moving them; reversed dict iterators have their own types.
import pickle
d = {'a': 1, 'b': 2, 'c': 3}
s = {10, 20, 30}
for make in (lambda: iter(d), lambda: iter(d.values()), lambda: iter(d.items()),
             lambda: reversed(d), lambda: reversed(d.values()), lambda: reversed(d.items()),
             lambda: iter(s), lambda: iter(frozenset(s))):
    it = make()
    print(type(it).__name__, end=": ")
    first = next(it)
    r = it.__reduce__()
    print(r[0] is iter, type(r[1][0]).__name__, len(r[1][0]), end="; ")
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(it, proto))
        assert sorted(map(str, back)) == sorted(map(str, r[1][0])), proto
    print(sorted(map(str, it)))
    print("  exhausted:", it.__reduce__()[1])
print(type(reversed({})).__name__, type(reversed({}.items())).__name__)
