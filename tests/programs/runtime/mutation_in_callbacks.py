# Containers changed by the Python code they call back into: no crash, CPython's errors.
l = [3, 1, 2]
def key(x):
    l.append(x)
    return x
try:
    l.sort(key=key)
except ValueError as e:
    print("sort", e)
class Evil:
    def __eq__(self, other):
        del l2[:]
        return False
    __hash__ = object.__hash__
l2 = [Evil(), Evil(), 1]
try:
    l2.remove(1)
except ValueError as e:
    print("remove", e)
print(len(l2))
d = {i: i for i in range(5)}
try:
    for k in d:
        d[k + 10] = 1
except RuntimeError as e:
    print("dict", e)
class BadHash:
    def __hash__(self):
        raise TypeError("no hash")
try:
    {BadHash(): 1}
except TypeError as e:
    print("hash", e)
class R:
    def __repr__(self):
        lst.append(1)
        return "R"
lst = [R(), R()]
print(repr(lst)[:10])
s = {1, 2, 3}
try:
    for x in s:
        s.add(x + 10)
except RuntimeError as e:
    print("set", e)
def g():
    yield me.close()
me = g()
try:
    next(me)
except ValueError as e:
    print("gen", e)
class Meta(type):
    def __init_subclass__(cls, **kw):
        raise KeyError("nope")
class Base(metaclass=Meta): pass
try:
    class Sub(Base): pass
except KeyError as e:
    print("init_subclass", e)
class A:
    def __getattr__(self, name):
        return self.__getattribute__(name + "x") if len(name) < 3 else 5
print(A().ab)
x = []
x.extend(x)
x.append(x)
print(x)
import sys
sys.setrecursionlimit(50)
def r(n): return r(n + 1)
try: r(0)
except RecursionError: print("rec ok")
sys.setrecursionlimit(1000)
print(sorted([3, 1, 2], key=lambda v: [v]))
print(max([], default=None), min("b", "a"))
