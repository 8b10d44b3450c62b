# sum() of a generator: builtin numbers are added in order whatever way the
# items are taken; a user object's __add__/__radd__ runs between the items
# around it, as with one next() per item.
print(sum(x for x in range(1000)), sum(x / 3 for x in range(10)), sum(x for x in []))
print(sum((2**62 for _ in range(5))), sum((x for x in [0.1] * 10)), sum((True for _ in range(3))))
print(sum((x for x in range(5)), 10), sum((x for x in range(5)), 0.5), sum((x for x in [1, 2.5, 2**70])))


class Loud:
    def __init__(self, v):
        self.v = v

    def __radd__(self, other):
        print("radd", other, self.v)
        return other + self.v

    def __add__(self, other):
        print("add", self.v, other)
        return Loud(self.v + other)

    def __repr__(self):
        return f"Loud({self.v})"


def mixed():
    for i in range(4):
        print("yield", i)
        yield Loud(i) if i == 2 else i


print(sum(mixed()))
print(sum((x for x in range(3)), Loud(100)))


def turns_into_object():
    yield 1
    yield Loud(5)
    print("after the object")
    yield 2


class Sticky:
    def __radd__(self, other):
        return Loud(other)


def sticky():
    yield 1
    yield Sticky()
    print("then plain")
    yield 3


print(sum(turns_into_object()), sum(sticky()))


def failing():
    yield 1
    yield "a"
    print("not reached")


g = failing()
try:
    sum(g)
except TypeError as e:
    print("TypeError:", e)
print(list(g))
print(sum(i & 1 for i in range(100000)))
