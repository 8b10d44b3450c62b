# Attribute sites warmed up on instances whose attributes are kept beside their
# class's shared keys, then met with instances that break the cache's guesses.

class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


class Q(P):
    pass


class R(P):
    def __init__(self, x, y):
        self.y = y          # the other order: R's keys are its own
        self.x = x


def read_x(objs):
    return [o.x for o in objs]


def store_x(objs, v):
    for o in objs:
        o.x = v


def call_norm(objs):
    return [o.norm1() for o in objs]


ps = [P(i, -i) for i in range(50)]
print(sum(read_x(ps)), sum(call_norm(ps)))

# A second and a third class at the same sites.
mixed = [P(1, 2), Q(3, 4), R(5, 6)] * 20
print(sum(read_x(mixed)), sum(call_norm(mixed)))
store_x(mixed, 7)
print(sum(read_x(mixed)), [list(vars(o)) for o in mixed[:3]])

# An attribute deleted after the sites learned it.
victim = P(1, 2)
read_x([victim] * 30)
del victim.x
try:
    read_x([victim])
except AttributeError as e:
    print("AttributeError:", e)
store_x([victim], 9)          # set again after y: insertion order changes
print(vars(victim), victim.x)

# A method shadowed by an instance attribute after warming up.
shadowing = P(3, 4)
print(call_norm([shadowing] * 30)[-1])
shadowing.norm1 = lambda: "instance attribute"
print(call_norm([shadowing])[0])
del shadowing.norm1
print(call_norm([shadowing])[0])

# The class's keys grow with a name the site's method is called by.
class G:
    def __init__(self):
        self.a = 1

    def f(self):
        return "method"

gs = [G() for _ in range(30)]
print(set(o.f() for o in gs))
gs[5].f = lambda: "shadow"
print([o.f() for o in gs[3:8]])

# __dict__ asked for in the middle: the instance goes on with a real dict.
d = P(1, 2)
read_x([d] * 30)
dd = d.__dict__
dd["x"] = 100
print(read_x([d]), d.x, dd is d.__dict__)
store_x([d], 5)
print(dd, d.__dict__ is dd)

# __dict__ replaced.
e = P(1, 2)
e.__dict__ = {"x": "from new dict"}
print(read_x([e]), hasattr(e, "y"))

# __class__ changed after the sites learned the old class.
class P2(P):
    pass

f = P(8, 9)
read_x([f] * 30)
f.__class__ = P2
print(read_x([f]), vars(f), type(f).__name__)
f.z = 1
print(vars(f))

# A property takes over the name in a subclass: the data descriptor wins.
class WithProp(P):
    @property
    def x(self):
        return "property"

    @x.setter
    def x(self, value):
        self.__dict__["_x"] = value

wp = WithProp.__new__(WithProp)
wp.y = 0
wp.x = 3
print(read_x([wp, P(1, 1)]), vars(wp))

# Many attributes: past the shared keys' room.
class Wide:
    pass

w = Wide()
for i in range(60):
    setattr(w, f"a{i}", i)
print(len(vars(w)), w.a0, w.a59, sum(getattr(w, f"a{i}") for i in range(60)))
w2 = Wide()
w2.a59 = "late"
w2.a0 = "early"
print(list(vars(w2)))

# Slots and values side by side at one site.
class S1:
    __slots__ = ("x", "y")

    def __init__(self, x):
        self.x = x


class S2:
    __slots__ = ("y", "x")

    def __init__(self, x):
        self.x = x

both = [S1(1), S2(2), P(3, 0)] * 20
print(sum(read_x(both)))
store_x(both, 4)
print(sum(read_x(both)))
try:
    read_x([S1.__new__(S1)])
except AttributeError as e:
    print("AttributeError:", e)

# A finaliser of the replaced value reads the owner.
class Noisy:
    def __init__(self, owner):
        self.owner = owner

    def __del__(self):
        print("finalised; owner.x is now", type(self.owner.x).__name__)

holder = P(0, 0)
store_x([holder] * 3, 1)
holder.x = Noisy(holder)
store_x([holder], "replaced")
print("after store")
