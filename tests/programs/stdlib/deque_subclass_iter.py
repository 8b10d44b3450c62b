# collections.deque: subclasses, copies, __reduce__ and the iterator types.
import copy
from collections import deque

class Stack(deque):
    def append(self, x):
        super().append(x * 10)
    def __repr__(self):
        return 'Stack' + repr(list(self))

s = Stack([1]); s.append(2); s.extend([3]); print(s, len(s), s.copy(), type(s.copy()).__name__)
print(isinstance(s, deque), Stack.__mro__[1] is deque, type(s + s).__name__)
s.tag = 'kept'; print(s.__dict__, s.__reduce__()[0] is Stack, s.__reduce__()[1:3])

class Bounded(deque):
    pass

b = Bounded('abc', 2); print(b, b.maxlen, b.copy(), copy.copy(b), copy.deepcopy(b).maxlen)
print(deque([1, [2]], 5).__reduce__()[:3], deque([1]).__reduce__()[:3])
dc = copy.deepcopy(deque([[1], [2]])); print(dc)

class Odd(deque):
    def __init__(self, *args):
        super().__init__()
print(Odd([1, 2]), Odd([1, 2]).copy())

class BadCopy(deque):
    def __new__(cls, *args):
        return 5
try:
    deque.copy(deque.__new__(BadCopy))
except TypeError as e:
    print(e)

d = deque('abcde')
it = iter(d); next(it); next(it)
print(it.__length_hint__(), it.__reduce__()[0].__name__, it.__reduce__()[1][1], list(it), it.__length_hint__())
rit = reversed(d); next(rit)
print(rit.__length_hint__(), rit.__reduce__()[1][1], list(rit))
IT = type(iter(d))
print(list(IT(d)), list(IT(d, 3)), list(IT(d, 9)), list(IT(d, -1)))
RIT = type(reversed(d))
print(list(RIT(d, 2)), iter(it) is it)
for t in ('IT()', 'IT(1)', 'IT(d, "x")'):
    try:
        eval(t)
    except TypeError as e:
        print(t, e)
try:
    class More(IT):
        pass
except TypeError as e:
    print(e)
