# isinstance/issubclass with objects that stand for classes through __bases__
# and __class__ (CPython's abstract protocol), and their errors.


class AbstractClass:
    def __init__(self, bases):
        self.bases = bases

    def getbases(self):
        return self.bases

    __bases__ = property(getbases)

    def __call__(self):
        return AbstractInstance(self)


class AbstractInstance:
    def __init__(self, klass):
        self.klass = klass

    def getclass(self):
        return self.klass

    __class__ = property(getclass)


AbstractSuper = AbstractClass(bases=())
AbstractChild = AbstractClass(bases=(AbstractSuper,))
Grand = AbstractClass(bases=(AbstractClass(bases=()), AbstractChild))

print(isinstance(AbstractChild(), AbstractChild), isinstance(AbstractChild(), AbstractSuper))
print(isinstance(AbstractSuper(), AbstractChild), isinstance(Grand(), AbstractSuper))
print(issubclass(AbstractChild, AbstractSuper), issubclass(AbstractSuper, AbstractChild))
print(issubclass(AbstractChild, AbstractChild), issubclass(Grand, (int, AbstractSuper)))
print(isinstance(AbstractChild(), (int, AbstractChild)))


class NoBases:
    pass


class BadBases:
    __bases__ = 42


class RaisingBases:
    @property
    def __bases__(self):
        raise RuntimeError("from __bases__")


def attempt(label, action):
    try:
        print(label, action())
    except Exception as e:
        print(label, type(e).__name__, e)


attempt("isinstance 1 NoBases()", lambda: isinstance(1, NoBases()))
attempt("isinstance 1 BadBases()", lambda: isinstance(1, BadBases()))
attempt("isinstance 1 RaisingBases()", lambda: isinstance(1, RaisingBases()))
attempt("issubclass NoBases() int", lambda: issubclass(NoBases(), int))
attempt("issubclass BadBases() int", lambda: issubclass(BadBases(), int))
attempt("issubclass int NoBases()", lambda: issubclass(int, NoBases()))
attempt("issubclass RaisingBases() int", lambda: issubclass(RaisingBases(), int))
attempt("issubclass int 1", lambda: issubclass(int, 1))
attempt("issubclass 1 int", lambda: issubclass(1, int))
attempt("isinstance 1 (int, 1)", lambda: isinstance(1, (int, 1)))
attempt("isinstance 1 (1, int)", lambda: isinstance(1, (1, int)))
attempt("type.__subclasscheck__", lambda: type.__subclasscheck__(AbstractChild, AbstractSuper))


# An object claiming another class through __class__ counts for isinstance.
class Proxy:
    __class__ = int


print(isinstance(Proxy(), int), isinstance(Proxy(), Proxy), isinstance(Proxy(), str))
