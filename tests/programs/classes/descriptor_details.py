# Details of descriptors and special methods as CPython has them: an unbound
# super object binds when read through an instance, `__slots__` names are
# mangled and made in sorted order, a property's fget/fset/fdel are read-only,
# a bound method is shown by `__qualname__` or else `__name__`, and `__new__`
# may be a class method.
import types


class A:
    def meth(self, a):
        return f"A({a!r})"


class C(A):
    def meth(self, a):
        return f"C({a!r})" + self.__super.meth(a)


C._C__super = super(C)
print(C().meth(3))
print(C.__dict__["_C__super"].__get__(None, C) is C.__dict__["_C__super"])
bound = super(C, C())
print(bound.__get__(C(), C) is bound)


class Slotted:
    __slots__ = ("b", "__a", "a", "__c__")

    def __init__(self):
        self.__a = 1
        self.b = 2


print([name for name in Slotted.__dict__ if not name.startswith("__m")])
print(Slotted()._Slotted__a, Slotted().b)


class _Under:
    __slots__ = ["__x"]


class __:
    __slots__ = ["__x"]


print([k for k in _Under.__dict__ if "x" in k], [k for k in __.__dict__ if "x" in k])

p = property(lambda self: 1)
for attr in ("fget", "fset", "fdel"):
    for action in (lambda: setattr(p, attr, 42), lambda: delattr(p, attr)):
        try:
            action()
        except AttributeError as error:
            print(attr, "AttributeError:", error)
p.__doc__ = "writable"
print(p.__doc__)


class Named:
    def __call__(self, arg):
        pass


func = Named()
method = types.MethodType(func, 7)
print(repr(method))
func.__name__ = "name"
print(repr(method))
func.__qualname__ = "qualname"
print(repr(method))
func.__qualname__ = 5
print(repr(method))


class ByClass:
    @classmethod
    def __new__(*args):
        return args


class ByClassChild(ByClass):
    pass


print(ByClass(1, 2), ByClassChild(3))


def plain_new(*args):
    return ("plain",) + args


class Later:
    pass


Later.__new__ = plain_new
print(Later(1))
