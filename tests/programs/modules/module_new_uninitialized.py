# module.__new__ alone makes a module with an empty namespace; __init__ names it.
import types
from types import ModuleType as M

m = M.__new__(M)
print(str(m), hasattr(m, "__name__"), hasattr(m, "foo"), m.__dict__)
m.foo = 1
print(m.__dict__)
M.__init__(m, "named", "doc")
print(m.__name__, m.__doc__, sorted(m.__dict__))


class Sub(types.ModuleType):
    def __init__(self, tag):
        self.tag = tag


s = Sub("t")
print(type(s).__name__, s.tag, hasattr(s, "__name__"), repr(s))
print(types.ModuleType("plain"), sorted(vars(types.ModuleType("plain"))))
print(M.__new__(M).__doc__ == M.__doc__, M.__doc__.splitlines()[0], dir(M.__new__(M)))
