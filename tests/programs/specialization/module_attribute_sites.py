# Module attributes read through LOAD_ATTR (`math.floor(x)`: 3.11 calls
# functions of imported modules so) and LOAD_METHOD (`os.path.join`, a module
# reached through another) keep their caches honest: the attribute replaced,
# deleted, the module dict grown, another module or a non-module object at the
# same site, a module subclass with its own __getattr__.
import math
import os
import sys
import types


def floors(n):
    return [math.floor(i + 0.5) for i in range(n)]


print(floors(5)[-1])
real_floor = math.floor
math.floor = lambda x: "patched"
print(floors(3))
math.floor = real_floor
math.extra_name_1 = 1
math.extra_name_2 = 2
print(floors(4))
del math.extra_name_1, math.extra_name_2


def join_all(parts):
    return [os.path.join("a", p) for p in parts]


print(join_all(["b", "c"]))
saved = os.path
os.path = types.SimpleNamespace(join=lambda a, b: a + "+" + b)
print(join_all(["d"]))
os.path = saved
print(join_all(["e"]))


def call_on(mod):
    return mod.value() if hasattr(mod, "value") else None


m1 = types.ModuleType("m1")
m1.value = lambda: "m1"
m2 = types.ModuleType("m2")
m2.value = lambda: "m2"
for m in [m1, m1, m2, m1, types.SimpleNamespace(value=lambda: "ns")]:
    print(call_on(m), end=" ")
print()


class Lazy(types.ModuleType):
    def __getattr__(self, name):
        return lambda: "lazy " + name


lazy = Lazy("lazy")
print(call_on(lazy), call_on(m1))
del m1.value
try:
    m1.value()
except AttributeError as e:
    print(e)


def pi_twice():
    return math.pi * 2


for _ in range(3):
    x = pi_twice()
math.pi = 3
print(x, pi_twice())
sys.modules.pop("m1", None)
