# enumerate, zip (strict), map, filter, reversed, iter(): results, length hints and errors.
def err(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print("ok", r)

print(list(enumerate("ab")), list(enumerate("ab", 5)), list(enumerate("ab", start=-1)), list(enumerate([], 2**70)))
print(list(enumerate("xy", 2**63 - 1)))
err(lambda: enumerate())
err(lambda: enumerate(1))
err(lambda: enumerate("a", "b"))
err(lambda: enumerate("a", x=1))
err(lambda: enumerate("a", 1, 2))
print(list(zip()), list(zip("ab")), list(zip("abc", range(2))), list(zip("ab", "cd", strict=True)))
err(lambda: list(zip("ab", "c", strict=True)))
err(lambda: list(zip("a", "bc", strict=True)))
err(lambda: list(zip("a", "b", "cd", strict=True)))
err(lambda: list(zip("ab", "b", "c", strict=True)))
err(lambda: zip(1))
err(lambda: zip("a", 2))
err(lambda: zip("a", bad=1))
print(list(map(abs, [-1, 2])), list(map(pow, [2, 3], [3, 2])), list(map(str, [])), list(map(max, "ab", "ba", "cc")))
err(lambda: map(abs))
err(lambda: map())
err(lambda: map(abs, 1))
err(lambda: list(map(abs, ["x"])))
err(lambda: map(abs, [1], x=1))
print(list(filter(None, [0, 1, "", "a", None, [], [0]])), list(filter(lambda x: x > 1, range(4))))
err(lambda: filter(None))
err(lambda: filter(None, 1))
err(lambda: filter(None, [], x=1))
print(list(reversed([1, 2, 3])), list(reversed((1, 2))), list(reversed("abc")), list(reversed(range(3))))
class Seq:
    def __len__(self):
        return 3
    def __getitem__(self, i):
        return i * 10
r = reversed(Seq())
print(type(r).__name__, r.__length_hint__(), list(r), r.__length_hint__())
err(lambda: reversed(1))
err(lambda: reversed({1}))
err(lambda: reversed())
err(lambda: reversed([], []))
class Count:
    def __init__(self):
        self.n = 0
    def __call__(self):
        self.n += 1
        return self.n
print(list(iter(Count(), 4)), list(iter([1, 2])))
err(lambda: iter(1))
err(lambda: iter(1, 2))
e = enumerate("abc")
print(next(e), list(e), type(e).__name__, type(zip()).__name__, type(map(abs, [])).__name__, type(filter(None, [])).__name__)
it = iter([1, 2, 3])
print(it.__length_hint__(), next(it), it.__length_hint__(), list(it), it.__length_hint__())
it = iter(range(5, 0, -1))
print(it.__length_hint__(), next(it), it.__length_hint__())
d = {1: 2, 3: 4}
it = iter(d)
print(it.__length_hint__(), next(it), it.__length_hint__())
it = iter("héllo")
print(it.__length_hint__(), next(it), it.__length_hint__(), type(it).__name__, type(iter("abc")).__name__)
z = zip([1, 2], [3, 4])
print(next(z), list(z), list(z))
m = map(lambda x: 1 // x, [1, 0, 2])
err(lambda: list(m))
print(list(m))
