# itertools.tee with _tee and _tee_dataobject: buffers shared past one link,
# copies, iterators with their own __copy__, re-entry, states set directly.
import itertools as it


def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


a, b, c = it.tee(range(200), 3)
print(type(a).__name__, a is not b, sum(a), list(it.islice(b, 60))[-3:], next(c))
print(sum(b), sum(c), list(a), list(it.tee('xy', 1)[0]), it.tee([], 0))
x, y = it.tee(iter([1, 2, 3]))
next(x)
x2, x3 = it.tee(x)
print(type(x2).__name__, list(x2), list(x3), list(x), list(y))
z = it._tee('abc')
print(next(z), list(z.__copy__()), list(it._tee(z)), list(z))


class Copyable:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        self.n -= 1
        if self.n < 0:
            raise StopIteration
        return self.n

    def __copy__(self):
        return Copyable(self.n)


p, q = it.tee(Copyable(3))
print(type(p).__name__, list(p), list(q))


def feedback():
    yield 1
    yield next(tees[0])


tees = it.tee(feedback())
print(next(tees[0]))
t(lambda: next(tees[0]))
d = it._tee_dataobject(iter('xyz'), ['a', 'b'], None)
e = it._tee('')
e.__setstate__((d, 1))
print(list(e), list(d.__reduce__()[1][1]))
full = it._tee_dataobject(iter('q'), list(range(57)), None)
e.__setstate__((full, 55))
print(list(e))
long_a, long_b = it.tee(range(100000))
print(sum(long_a), next(long_b))
del long_a, long_b
print('done')
