# dir() of a module: its namespace's keys, its own __dir__ function (PEP 562),
# and a TypeError when a subclass's __dict__ is not a dict.
import sys
import types

m = types.ModuleType("m")
m.b = 1
m.a = 2
print(sorted(dir(m)))
m.__dir__ = lambda: ["from", "dir"]
print(dir(m))


class Foo(types.ModuleType):
    __dict__ = 8


try:
    dir(Foo("foo"))
except TypeError as exc:
    print("TypeError:", exc)
print("path" in dir(sys), "x" in dir(types))
