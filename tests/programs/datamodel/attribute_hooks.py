# Attribute hooks are slots: __getattr__, __getattribute__, __setattr__ and __delattr__,
# defined in the class body or later, and object's own wrappers.
class A:
    def __getattr__(self, name):
        return "missing:" + name


a = A()
a.x = 1
print(a.x, a.y, getattr(a, "z"))


class B:
    def __getattribute__(self, name):
        if name == "magic":
            return 42
        return object.__getattribute__(self, name)


b = B()
b.v = 3
print(b.magic, b.v)
try:
    b.nope
except AttributeError as e:
    print("AttributeError:", e)


class C:
    def __setattr__(self, name, value):
        object.__setattr__(self, name, value * 2)

    def __delattr__(self, name):
        print("del", name)


c = C()
c.q = 5
print(c.q)
del c.q
print(c.q)


class D:
    pass


D.__getattr__ = lambda self, name: "late:" + name
print(D().w)
del D.__getattr__
try:
    D().w
except AttributeError as e:
    print("AttributeError:", e)
print(object.__getattribute__, object.__setattr__, object.__delattr__)
print(object.__getattribute__(a, "x"))
try:
    object.__getattribute__(a, 5)
except TypeError as e:
    print("TypeError:", e)
object.__setattr__(a, "k", 9)
print(a.k)
object.__delattr__(a, "k")
print(hasattr(a, "k"), a.k)
import sys
print(type(sys).__getattribute__(sys, "maxsize") == sys.maxsize)


class E(dict):
    def __getattr__(self, k):
        return self[k]


print(E(a=1).a, A.__getattribute__ is object.__getattribute__)
