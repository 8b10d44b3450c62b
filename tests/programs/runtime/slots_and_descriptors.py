# __slots__, member descriptors, and data descriptors written in Python.
class P:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
p = P(1, 2)
print(p.x, p.y, hasattr(p, "__dict__"), P.__slots__, type(P.x).__name__)
try:
    p.z = 3
except AttributeError as e:
    print(type(e).__name__, e)
del p.x
try:
    p.x
except AttributeError as e:
    print(type(e).__name__, e)
class Typed:
    def __set_name__(self, owner, name):
        self.name = "_" + name
    def __get__(self, obj, owner):
        return self if obj is None else getattr(obj, self.name)
    def __set__(self, obj, value):
        if not isinstance(value, int):
            raise TypeError(f"{self.name[1:]} must be int")
        setattr(obj, self.name, value)
class Point:
    x = Typed()
    def __init__(self, x):
        self.x = x
pt = Point(3)
print(pt.x, vars(pt), type(Point.x).__name__)
try:
    pt.x = "no"
except TypeError as e:
    print(e)
print(sorted(k for k in type.__dict__ if k in ("__name__", "__mro__")))
print(type(type.__dict__).__name__, "mro" in type.__dict__)
