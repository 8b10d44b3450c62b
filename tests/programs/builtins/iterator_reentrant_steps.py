# map over several iterables, filter, strict zip and iter(callable, sentinel) step
# with their state in place: a nested next() on the same iterator takes its own item.

def show(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)


def add(x, y):
    if x == 2:
        print("  inner map:", next(m))
    return x + y


m = map(add, iter(range(6)), range(100, 106))
show("map", lambda: list(m))


def keep(x):
    if x == 3:
        print("  inner filter:", next(f))
    return x % 2 == 1


f = filter(keep, iter(range(10)))
show("filter", lambda: list(f))


class Pulls:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.i += 1
        if self.i > self.n:
            raise StopIteration
        if self.i == 2:
            print("  inner zip:", next(z))
        return self.i


z = zip(Pulls(5), iter(range(5)), strict=True)
show("zip strict", lambda: list(z))
z = zip(Pulls(5), iter(range(3)), strict=True)
show("zip strict short", lambda: list(z))

count = 0


def produce():
    global count
    count += 1
    if count == 2:
        print("  inner callable:", next(c))
    return count


c = iter(produce, 6)
show("callable", lambda: list(c))
show("callable after end", lambda: next(c, "done"))
