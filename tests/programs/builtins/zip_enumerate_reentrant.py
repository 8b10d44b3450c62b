# zip and enumerate keep their state while a step runs: a nested next() on the
# same iterator from inside the step takes its own items (as CPython's).
def mutatingtuple(tuple1, f, tuple2):
    def g(value, first=[1]):
        if first:
            del first[:]
            f(next(z))
        return value
    items = list(tuple2)
    items[1:1] = list(tuple1)
    gen = map(g, items)
    z = zip(*[gen] * len(tuple1))
    return next(z)


seen = []
print(mutatingtuple((1, 2, 3), seen.append, (4, 5, 6)), seen)


class Source:
    def __init__(self):
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.i += 1
        if self.i > 5:
            raise StopIteration
        if self.i == 2:
            print("nested", next(e))
        return self.i


e = enumerate(Source(), 10)
print(list(e))
print(list(zip()), list(zip([1, 2], "ab", (3.5, None))), list(enumerate("xy", 2**63 - 1)))
z = zip(iter([1]), iter([]))
print(list(z), list(z))
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as err:
    print(err)
