# LOAD_METHOD sites on objects whose attributes live in a real instance dict (a
# subclass of a builtin type, or an instance whose dict was asked for): an
# instance attribute of the method's name, set, deleted, or brought in by a new
# __dict__, must shadow the class's method from the next call on.
import random


class L(list):
    def m(self):
        return "class"


objs = [L(), L()]
out = []
for i in range(48):
    o = objs[i % 2]
    if i == 20:
        objs[0].m = lambda: "instance"
    if i == 30:
        del objs[0].m
    if i == 36:
        objs[1].__dict__ = {"m": lambda: "swapped dict"}
    if i == 40:
        objs[1].__dict__ = {}
    if i == 44:
        objs[0].other = 1  # another key: the dict's layout changes
    out.append(o.m())
print(out)


class R(random.Random):
    pass


r = R(3)
seen = []
for i in range(30):
    if i == 10:
        r.random = lambda: "shadowed"
    if i == 20:
        del r.random
    v = r.random()
    seen.append(v if isinstance(v, str) else round(v, 6))
print(seen)


class Plain:
    def m(self):
        return "class"


p = Plain()
vars(p)  # the attributes move to a real dict
got = []
for i in range(30):
    if i == 10:
        p.__dict__["m"] = lambda: "from dict"
    if i == 20:
        p.__dict__.clear()
    got.append(p.m())
print(got)
