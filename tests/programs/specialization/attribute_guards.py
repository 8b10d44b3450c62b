# LOAD_ATTR and LOAD_METHOD caches must notice changes to classes and instances.


class Root:
    pass


class Point(Root):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return self.x * self.x + self.y * self.y


def read_x(p):
    return p.x


def call_norm(p):
    return p.norm()


points = [Point(i, i + 1) for i in range(20)]
print([read_x(p) for p in points][-3:], [call_norm(p) for p in points][-3:])

# A property that shadows the instance attribute appears on the class.
Point.x = property(lambda self: "property")
print(read_x(points[0]))
del Point.x
print(read_x(points[0]))

# An instance attribute shadows the method on one instance only.
points[1].norm = lambda: "instance"
print([call_norm(p) for p in points[:3]])
del points[1].norm
print(call_norm(points[1]))

# The method is replaced, deleted (falling back to a base) and restored.
original = Point.norm
Point.norm = lambda self: "replaced"
print(call_norm(points[0]))


class Base:
    def norm(self):
        return "base"


Point.__bases__ = (Base,)
del Point.norm
print(call_norm(points[0]))
Base.norm = lambda self: "base changed"
print(call_norm(points[0]))
Point.norm = original
print(call_norm(points[0]))

# Attributes stored in different orders, added and deleted.
a = Point(1, 2)
b = Point.__new__(Point)
b.y = 5
b.x = 7
print([read_x(p) for p in (a, b, a, b)])
del b.x
try:
    read_x(b)
except AttributeError as e:
    print("AttributeError:", e)
b.__dict__ = {"x": "new dict"}
print(read_x(b))

# __class__ changes under a warm site.
class Other:
    x = "class attribute"

    def norm(self):
        return "other"


c = Point(3, 4)
for i in range(20):
    read_x(c)
    call_norm(c)
c.__class__ = Other
print(read_x(c), call_norm(c))
del c.x
print(read_x(c))

# __getattr__ and __getattribute__ added after warm-up.
class Lazy:
    def __init__(self):
        self.x = 1

    def norm(self):
        return "norm"


lazy = Lazy()
for i in range(20):
    read_x(lazy)
    call_norm(lazy)
del lazy.x
Lazy.__getattr__ = lambda self, name: f"fallback {name}"
print(read_x(lazy))
Lazy.__getattribute__ = lambda self, name: f"intercepted {name}"
print(read_x(lazy), lazy.norm)


# Sites that see many classes.
def make(i):
    cls = type(f"C{i}", (), {"tag": lambda self, i=i: i})
    obj = cls()
    obj.x = i * 10
    return obj


objs = [make(i) for i in range(6)]
print([read_x(o) for o in objs * 3])
print([o.tag() for o in objs * 3])


# Slots, and classes without instance dicts.
class Slotted:
    __slots__ = ("x",)

    def norm(self):
        return "slotted"


s = Slotted()
s.x = 42
print([read_x(s) for _ in range(3)], [call_norm(s) for _ in range(3)])
try:
    s.norm = 1
except AttributeError as e:
    print("AttributeError:", e)
print([call_norm(x) for x in (s, points[0], s)])

# Module attributes: changed, added, removed, and a module __getattr__.
import types

mod = types.ModuleType("mod")
mod.value = 1


def read_value(m):
    return m.value


print([read_value(mod) for _ in range(3)])
mod.value = 2
mod.other = 3
print(read_value(mod))
del mod.value
try:
    read_value(mod)
except AttributeError as e:
    print("AttributeError:", e)
mod.__getattr__ = lambda name: f"module fallback {name}"
print(read_value(mod))
mod.value = "back"
print(read_value(mod))
import math
print([round(math.pi, 3) for _ in range(3)])


# STORE_ATTR: stores after warm-up meet new data descriptors, __setattr__, slots.
class Box:
    def __init__(self, v):
        self.v = v


def store(obj, v):
    obj.v = v
    return obj


boxes = [store(Box(0), i) for i in range(20)]
print([b.v for b in boxes][-3:], [sorted(vars(b)) for b in boxes[:1]])
Box.v = property(lambda self: "getter", lambda self, v: print("setter got", v))
store(boxes[0], "through the property")
del Box.v
store(boxes[0], "plain again")
print(vars(boxes[0]))
Box.__setattr__ = lambda self, name, v: print("__setattr__", name, v)
store(boxes[1], "intercepted")
del Box.__setattr__
store(boxes[1], 5)
print(boxes[1].v)
fresh = Box.__new__(Box)
store(fresh, "no dict before")
print(vars(fresh))


class DictSub(dict):
    def __setitem__(self, k, v):
        print("never called by attribute stores")


box = Box(1)
box.__dict__ = DictSub(box.__dict__)
for i in range(3):
    store(box, i)
print(box.v, type(box.__dict__).__name__)


class SlottedBox:
    __slots__ = ("v",)


sb = SlottedBox()
for o in (sb, boxes[2], sb, boxes[2]):
    store(o, "mixed")
print(sb.v, boxes[2].v)


class Frozen:
    __slots__ = ()


try:
    store(Frozen(), 1)
except AttributeError as e:
    print("AttributeError:", e)
