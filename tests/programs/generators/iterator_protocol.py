# Generators are iterators; iter() of a generator is itself.
def gen():
    yield from "xy"
g = gen()
print(iter(g) is g, hasattr(g, "__next__"), hasattr(g, "send"))
print(g.__next__(), next(g))
def zip_longest_by_hand(a, b, fill=None):
    ia, ib = iter(a), iter(b)
    while True:
        x = next(ia, fill)
        y = next(ib, fill)
        if x is fill and y is fill:
            return
        yield x, y
print(list(zip_longest_by_hand([1, 2, 3], "ab")))
it = iter([1, 2, 3])
for x in it:
    print(x, next(it, "none"))
