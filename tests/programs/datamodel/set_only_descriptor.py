# Attribute lookup order: a data descriptor with a __get__ answers before the
# instance dict; one with only __set__ lets the instance's own value through.
class Descr(object):
    def __init__(self, name): self.name = name
    def __set__(self, obj, value): obj.__dict__[self.name] = value
descr = Descr("a")
class X(object):
    a = descr
    @property
    def p(self): return "prop"
    __slots__ = ()
class Y:
    a = descr
    @property
    def p(self): return "prop"
y = Y()
print(y.a is descr)
y.a = 42
print(y.a)
y.__dict__['p'] = 'inst'
print(y.p, y.__class__.__name__, type(y.__dict__).__name__)
class M:
    __slots__ = ('s',)
m = M(); m.s = 5; print(m.s)
import functools
class C:
    @functools.cached_property
    def c(self): return 'cached'
print(C().c)
class G:
    def __get__(self, obj, t): return 'get'
    def __set__(self, obj, v): pass
class Z:
    g = G()
z = Z(); z.__dict__['g'] = 'inst'; print(z.g)


# The same through a metaclass.
class Meta(type):
    pass


class W(metaclass=Meta):
    pass


W.a = 42
Meta.a = Descr("a")
print(W.a)
