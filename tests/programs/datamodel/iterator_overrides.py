# Subclasses of the builtin iterators keep their own __next__ and __iter__.

class E(enumerate):
    def __next__(self):
        return "E.next"


e = E([1, 2])
print(type(e).__name__, next(e), next(e))


class Z(zip):
    count = 0

    def __next__(self):
        Z.count += 1
        if Z.count > 2:
            raise StopIteration
        return ("z", Z.count)


print(list(Z([1, 2, 3], "abc")), type(Z([], [])).__name__)


class Mp(map):
    def __iter__(self):
        return iter([100])


print(list(Mp(str, [1, 2])), [*Mp(str, [1])])


class Fl(filter):
    pass


print(list(Fl(None, [0, 1, 2, 0, 3])), type(Fl(None, [])).__name__)


class R(reversed):
    pass


print(list(R([1, 2, 3])))


class Counter:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration("done")
        self.n -= 1
        return self.n


print(list(Counter(3)), next(Counter(0), "default"))
try:
    next(Counter(0))
except StopIteration as exc:
    print("StopIteration", exc.value)


class OnlyGetitem:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError
        return i * i


print(list(OnlyGetitem()), 4 in OnlyGetitem(), 5 in OnlyGetitem())


class NoIter:
    __iter__ = None

    def __getitem__(self, i):
        return i


try:
    iter(NoIter())
except TypeError as exc:
    print("TypeError:", exc)


class BadIter:
    def __iter__(self):
        return 5


try:
    iter(BadIter())
except TypeError as exc:
    print("TypeError:", exc)
try:
    next(5)
except TypeError as exc:
    print("TypeError:", exc)
