# `for a, b in ...` over enumerate, zip and dict items: the loop reads the pair
# without a tuple where it can; every other iterator takes the general path, and
# both must agree on values, order, exhaustion and errors.
import sys


class Flaky:
    """An iterator that stops once, then yields again (2 and 5 end it)."""

    def __init__(self):
        self.n = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.n += 1
        if self.n == 2 or self.n >= 5:
            raise StopIteration
        return self.n


# enumerate, zip, map and filter keep no "exhausted" state of their own.
e = enumerate(Flaky())
print(list(e), list(e))
z = zip(Flaky(), "abcdef")
print(list(z), list(z))
m = map(str, Flaky())
print(list(m), list(m))
f = filter(None, Flaky())
print(list(f), list(f))
m = map(pow, Flaky(), [2] * 9)
print(list(m), list(m))

# List and tuple iterators stay exhausted when their sequence grows afterwards.
items = [1]
it = iter(items)
for x in it:
    pass
items += [2, 3]
print(next(it, "done"))
t = [1]
e = enumerate(t)
for i, x in e:
    pass
t += [2, 3]
print(next(e, "done"))

d = {"a": 1, "b": 2}
for k, v in d.items():
    print(k, v)
for i, (k, v) in enumerate(d.items()):
    print(i, k, v)
for a, b in zip(range(3), "xyz"):
    print(a, b)
for a, b in zip([1, 2, 3], (4, 5)):
    print(a, b)
it = iter([1, 2, 3, 4])
print(list(zip(it, it)))
left = iter([1, 2, 3])
for a, b in zip(left, [10]):
    print(a, b)
print(next(left, "left exhausted"))
for i, c in enumerate((1, 2), 5):
    print(i, c)
for i, c in enumerate([7, 8, 9], sys.maxsize - 1):
    print(i, c)
for i, c in enumerate(range(3), -2):
    print(i, c)
for i, (a, b) in enumerate([[1, 2], [3, 4]]):
    print(i, a, b)

try:
    for k, v in d.items():
        d["z"] = 1
except RuntimeError as exc:
    print(exc)
try:
    for k, v in enumerate([1, 2]):
        a, b, c = k, v
except ValueError as exc:
    print(exc)
try:
    for a, b in zip([1], [(1, 2, 3)]):
        x, y = b
except ValueError as exc:
    print(exc)


class E(enumerate):
    def __next__(self):
        return (1, 2)


for i, (a, b) in zip(range(2), E([1])):
    print(i, a, b)


class Z(zip):
    def __next__(self):
        raise StopIteration


print(list(Z([1], [2])))
for a, b in Z([1], [2]):
    print("never")

# A pair whose second part is a generator, and an iterator over a generator.
def gen():
    yield 1
    yield 2


for i, x in enumerate(gen()):
    print(i, x)
for a, b in zip(gen(), [5, 6, 7]):
    print(a, b)
for k, v in {1: "x"}.items():
    for k2, v2 in {2: "y"}.items():
        print(k, v, k2, v2)

# Keys and values iterators step in place too; a change of size still raises.
counts = {"x": 1, "y": 2, "z": 3}
print([k for k in counts], [v for v in counts.values()], sum(counts.values()))
try:
    for k in counts:
        counts[k + k] = 0
except RuntimeError as exc:
    print(exc)
keys = iter(counts)
for k in keys:
    pass
counts["new"] = 1
print(next(keys, "keys exhausted"))
