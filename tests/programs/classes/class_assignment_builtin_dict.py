# __class__ assignment between a builtin type whose instances have their own
# __dict__ (modules, exceptions) and a class statement's subclass of it: the
# subclass adds no dict, so the layouts agree (importlib.util.LazyLoader relies
# on it); a plain class does not fit.
import types


class Lazy(types.ModuleType):
    def __getattribute__(self, name):
        return "lazy " + name if name == "probe" else super().__getattribute__(name)


m = types.ModuleType("m")
m.a = 1
m.__class__ = Lazy
print(type(m).__name__, m.a, m.probe, m.__dict__ is vars(m), m.__name__)
m.__class__ = types.ModuleType
print(type(m).__name__, hasattr(m, "probe"))


class Plain:
    pass


for target in (Plain, int):
    try:
        m.__class__ = target
    except TypeError as e:
        print(e)


class E1(Exception):
    pass


class E2(Exception):
    pass


class WithSlots(Exception):
    __slots__ = ("x",)


e = E1("boom")
e.note = "kept"
e.__class__ = E2
print(type(e).__name__, e.args, e.note)
for target in (Plain, WithSlots, ValueError):
    try:
        e.__class__ = target
    except TypeError as err:
        print(err)
