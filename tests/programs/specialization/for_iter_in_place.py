# FOR_ITER steps range, list and tuple iterators in place; anything else (and a
# list changed while it is walked) must behave as the general protocol does.

# Ranges: steps, negative steps, empty, large bounds.
print(list(range(0, 20, 3)), list(range(10, -10, -4)), list(range(5, 5)))
print(sum(i for i in range(2**62, 2**62 + 5)), [i for i in range(-3, 3)])
total = 0
for i in range(10**6, 10**6 + 1000, 7):
    total += i
print(total)

# A list that grows while it is walked sees the new items.
items = [1, 2, 3]
seen = []
for x in items:
    seen.append(x)
    if x < 6:
        items.append(x + 3)
print(seen)

# A list cleared while it is walked ends the loop.
items = list(range(10))
seen = []
for x in items:
    seen.append(x)
    if x == 3:
        items.clear()
print(seen)

# An item removed under the iterator skips the next one, as in CPython.
items = list(range(8))
seen = []
for x in items:
    seen.append(x)
    if x % 3 == 0:
        items.remove(x)
print(seen, items)

# The iterator keeps going after the loop breaks, and is exhausted afterwards.
it = iter([10, 20, 30, 40])
for x in it:
    if x == 20:
        break
print(list(it), list(it))

# Tuples, nested loops over the same iterator.
pairs = []
t = (1, 2, 3, 4, 5, 6)
it = iter(t)
for a in it:
    for b in it:
        pairs.append((a, b))
        break
print(pairs)

# Subclasses and other iterables take the general path.
class L(list):
    def __iter__(self):
        yield from reversed(list.__iter__(self).__reduce__()[1][0])
print([x for x in L([1, 2, 3])])

class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n
print(list(Countdown(4)), [c for c in "abc"], [b for b in b"xy"])

# An exception inside the loop body leaves the loop through its handler.
def first_negative(values):
    try:
        for v in values:
            if v < 0:
                raise ValueError(v)
    except ValueError as e:
        return e.args[0]
print(first_negative([3, 1, -4, 1, -5]), first_negative(range(3)))


# GET_ITER of a generator is the generator itself; of an object whose class
# defines __iter__ returning a generator, that generator.
def gen():
    yield 1
    yield 2


g = gen()
print(iter(g) is g, [x for x in g], list(g))


class Iterable:
    def __iter__(self):
        yield "a"
        yield "b"


print([x for x in Iterable()])
