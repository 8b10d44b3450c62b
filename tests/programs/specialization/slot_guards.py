# LOAD_ATTR and STORE_ATTR of __slots__ members through the inline cache: each
# guard made to fail after warm-up (another class, an unset member, the class
# changed, __class__ reassigned, __getattr__ as a fallback, readonly members).


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Point3(Point):
    __slots__ = ("z",)

    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


class Other:
    __slots__ = ("y", "x")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class WithDict:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def total(points):
    s = 0
    for p in points:
        s += p.x * 10 + p.y
    return s


def shift(points, dx):
    for p in points:
        p.x = p.x + dx


warm = [Point(i, i + 1) for i in range(50)]
print("warm", total(warm))
# Another class at the same sites: its members sit at other indexes.
mixed = warm + [Other(i, -i) for i in range(5)] + [Point3(1, 2, 3), WithDict(7, 8)]
print("mixed", total(mixed))
shift(mixed, 100)
print("shifted", total(mixed))
print([(p.x, p.y) for p in mixed[-8:]])

# An unset member raises AttributeError through the cached site.
hole = Point(1, 2)
del hole.y
try:
    total(warm[:10] + [hole])
except AttributeError as e:
    print("AttributeError:", e)


# __getattr__ answers for an unset member only.
class Lazy:
    __slots__ = ("x", "y")

    def __getattr__(self, name):
        return f"lazy {name}"


def read_x(objs):
    return [o.x for o in objs]


lazy = Lazy()
lazy.x = 5
print(read_x([lazy] * 3))
del lazy.x
print(read_x([lazy]))

# The class changed after warm-up: a property replaces the member descriptor.
p = Point(3, 4)
print(total([p] * 20))
Point.y = property(lambda self: 1000)
print(total([p] * 2))
try:
    shift([p], 1)
    print("x after shift", p.x)
    p.y = 5
except AttributeError as e:
    print("AttributeError:", e)


# __class__ assignment between layouts with the same slots.
class A:
    __slots__ = ("v",)


class B:
    __slots__ = ("v",)


def read_v(objs):
    return [o.v for o in objs]


def write_v(objs, value):
    for o in objs:
        o.v = value


a = A()
write_v([a] * 30, 1)
print(read_v([a] * 3))
a.__class__ = B
write_v([a], 2)
print(type(a).__name__, read_v([a]))


# A readonly member (a builtin layout's) is read through the cache but never
# stored through it.
def starts(slices):
    return [s.start for s in slices]


print(starts([slice(i, i + 1) for i in range(30)])[-3:])
try:
    sl = slice(1, 2)
    for _ in range(30):
        sl.start = 3
except AttributeError:
    print("AttributeError")


# A subclass that adds a __dict__ keeps the slots as data descriptors.
class Pair:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Loose(Pair):
    pass


print(total([Pair(3, 4)] * 30))
loose = Loose(1, 2)
loose.__dict__["x"] = "shadow"
print(total([loose] * 3), loose.x)


# A slot whose descriptor is deleted from the class: the cache must not keep
# reading the member.
class Gone:
    __slots__ = ("g",)


gone = Gone()
gone.g = 1


def read_g(objs):
    return [o.g for o in objs]


print(read_g([gone] * 25)[-1])
del Gone.g
try:
    read_g([gone])
except AttributeError as e:
    print("AttributeError:", e)
