# A type written in Rust (itertools.count): its state is its own, the type is
# immutable, and Python subclasses keep their overrides and get a __dict__.
import itertools
c = itertools.count(5, 2)
print(c, next(c), next(c), c, type(c), itertools.count)
print(c.__next__(), itertools.count.__next__(c), itertools.count.__next__)
print(c.__reduce__(), repr(itertools.count(1.5)))
try:
    c._cnt = "x"
except AttributeError as e:
    print("AttributeError:", e)
try:
    itertools.count.foo = 1
except TypeError as e:
    print("TypeError:", e)
try:
    c[0]
except TypeError as e:
    print("TypeError:", e)
class C(itertools.count):
    def __next__(self):
        return "sub"
cc = C(3)
print(next(cc), cc, vars(cc), list(zip(range(3), itertools.count(10))))
class D(itertools.count):
    pass
d = D()
d.x = 1
print(next(d), next(d), vars(d), d)
print(itertools.count.__iter__, itertools.count.__repr__(c))
try:
    itertools.count.__next__(5)
except TypeError as e:
    print("TypeError:", e)
print(type(itertools.count.__dict__['__next__']))
print(vars(c) if hasattr(c, '__dict__') else 'no dict')
import copy
print(next(copy.copy(itertools.count(7))))
