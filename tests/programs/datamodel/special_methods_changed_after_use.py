# Special methods found through the type (len, <, iter, next, call, hash,
# format, floor) keep answering as the classes are changed after first use: a
# method replaced, deleted, defined on a base later, bases reassigned, and an
# instance's __class__ assigned; tuples of such objects compared.
import gc
import math


class Base:
    pass


class A(Base):
    def __lt__(self, other):
        return "A.__lt__"

    def __len__(self):
        return 1


a, b = A(), A()
print(a < b, len(a))
A.__lt__ = lambda self, other: "replaced"
A.__len__ = lambda self: 2
print(a < b, len(a))
del A.__lt__
try:
    a < b
except TypeError as e:
    print("TypeError:", e)
Base.__lt__ = lambda self, other: "from Base"
print(a < b)
Base.__call__ = lambda self, *args: ("called", args)
print(a(1, 2))


class Other:
    def __lt__(self, other):
        return "Other.__lt__"

    def __len__(self):
        return 3


a.__class__ = Other
print(a < b, len(a))


class C:
    def __init__(self, k):
        self.k = k

    def __lt__(self, other):
        return self.k < other.k

    def __eq__(self, other):
        return self.k == other.k

    __hash__ = None


pairs = [(C(2), "x"), (C(1), "y"), (C(2), "a")]
print([(p[0].k, p[1]) for p in sorted(pairs)])
print((C(1), 1) < (C(1), 2), (C(1), 1) == (C(1), 1), (C(3),) > (C(2),))
C.__lt__ = lambda self, other: self.k > other.k
print([(p[0].k, p[1]) for p in sorted(pairs)])


class It:
    def __init__(self):
        self.n = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.n += 1
        if self.n > 3:
            raise StopIteration
        return self.n


print(list(It()))
def exhausted(self):
    raise StopIteration


It.__next__ = exhausted
print(list(It()))


class F:
    def __floor__(self):
        return "floor"

    def __format__(self, spec):
        return f"<{spec}>"


print(math.floor(F()), format(F(), "x"), f"{F():>3}")
F.__floor__ = lambda self: 42
del F.__format__
print(math.floor(F()), format(F(), "") == str(F()) or "different")
gc.collect()
print(a < b, math.floor(F()))
