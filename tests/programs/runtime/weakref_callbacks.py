# Weak reference callbacks run when the referent dies; shared basic references,
# counts and lists of references, the containers built on callbacks.
import gc
import sys
import weakref


class Thing:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Thing({self.name})"


a = Thing("a")
r1 = weakref.ref(a)
r2 = weakref.ref(a)
print("shared basic ref:", r1 is r2)
r3 = weakref.ref(a, lambda w: print("callback r3, dead:", w() is None))
r4 = weakref.ref(a, lambda w: print("callback r4"))
print("count:", weakref.getweakrefcount(a))
print("refs newest first:", [r is r4 for r in weakref.getweakrefs(a)][:1])
print("callback set:", r3.__callback__ is not None)
del a
print("after del:", r1(), r3.__callback__)


class MyRef(weakref.ref):
    pass


b = Thing("b")
m1 = MyRef(b)
m2 = MyRef(b)
print("subclass refs shared:", m1 is m2)
del b

# A callback's exception is reported, not raised.
c = Thing("c")


def boom(w):
    raise ValueError("from callback")


def hook(unraisable):
    print("unraisable:", type(unraisable).__name__, unraisable.exc_type.__name__,
          unraisable.exc_value, unraisable.object.__name__, unraisable.err_msg)


rc = weakref.ref(c, boom)
sys.unraisablehook = hook
del c
sys.unraisablehook = sys.__unraisablehook__
print("still running")

# A reference that dies first never calls back.
d = Thing("d")
rd = weakref.ref(d, lambda w: print("never"))
del rd
del d

# Containers.
values = weakref.WeakValueDictionary()
keys = weakref.WeakKeyDictionary()
members = weakref.WeakSet()
e, f = Thing("e"), Thing("f")
values["e"] = e
keys[f] = 1
members.add(e)
members.add(f)
print(len(values), len(keys), len(members))
del e
print(len(values), len(keys), len(members), list(values))
del f
print(len(values), len(keys), len(members))

# weakref.finalize
g = Thing("g")
fin = weakref.finalize(g, print, "finalized g")
print("alive:", fin.alive)
del g
print("alive:", fin.alive)

# Cycles are collected with their callbacks.
h = Thing("h")
h.self = h
rh = weakref.ref(h, lambda w: print("cycle callback"))
del h
gc.collect()
print("collected:", rh() is None)

# Proxies.
p_target = Thing("p")
p = weakref.proxy(p_target, lambda w: print("proxy callback"))
print(p.name)
del p_target
try:
    p.name
except ReferenceError as exc:
    print("ReferenceError:", exc)
print("done")
