# A LOAD_ATTR site reading a builtin method off an instance (`xs.append`
# without a call) binds it from its cache; a changed class, an instance with a
# __dict__ or another kind of object at the same site must see what the
# general lookup sees.


def read_append(objs):
    out = []
    for o in objs:
        out.append(o.append)
    return out


xs, ys = [1], [2]
for bound in read_append([xs, ys] * 20):
    bound(0)
print(len(xs), len(ys), xs[:3], ys[:3])
m = read_append([xs])[0]
print(type(m).__name__, m.__self__ is xs, m.__name__, m.__qualname__)


class Slotted(list):
    __slots__ = ()


class WithDict(list):
    pass


class Overriding(list):
    __slots__ = ()

    def append(self, item):
        list.append(self, ("wrapped", item))


w = WithDict()
w.append = lambda item: print("instance attribute wins", item)
mixed = [xs, Slotted(), w, Overriding(), xs, Slotted()]
for _ in range(3):
    for f in read_append(mixed):
        f(7)
print(mixed[1], mixed[3][:1], len(xs))


class Growing(list):
    __slots__ = ()


g = Growing()
for _ in range(20):
    read_append([g])[0](1)
Growing.append = lambda self, item: print("replaced on the class", item)
read_append([g])[0](2)
del Growing.append
read_append([g])[0](3)
print(len(g), g[-1])


# Other builtin methods, and objects without the method.
def read_keys(objs):
    return [o.keys for o in objs]


d = {"a": 1}
for f in read_keys([d] * 10):
    pass
print(f(), read_keys([{"b": 2}])[0]())
try:
    read_keys([d, 5])
except AttributeError as e:
    print("AttributeError:", e)
s = "abc"
print([u() for u in [x.upper for x in [s, "de"] * 3]][:2])


# Instances with a __dict__ (a Python subclass of a builtin type): the method is
# bound from the cache unless the instance has an attribute of the name.
import random


class R(random.Random):
    pass


def read_bits(objs):
    return [o.getrandbits for o in objs]


r1, r2 = R(1), R(2)
for f in read_bits([r1, r2] * 10):
    f(8)
r2.getrandbits = lambda k: "shadowed"
print([f(4) for f in read_bits([r1, r2, r1])][1])
del r2.getrandbits
print(read_bits([r2])[0](4) < 16)
r1.__dict__["getrandbits"] = len
print(read_bits([r1])[0]("abc"))
