# Iterators that hold objects are collector containers: a cycle through one is
# collected (CPython's tp_traverse of dict, set and functional iterators).
import gc
import weakref


class C:
    pass


class Seq:
    def __init__(self, o):
        self.o = o

    def __getitem__(self, i):
        return self.o


def collected(make):
    obj = C()
    ref = weakref.ref(obj)
    make(obj)
    del obj
    gc.collect()
    return ref() is None


cases = {
    "dict keys": lambda o: setattr(o, "x", iter({o: 1})),
    "dict values": lambda o: setattr(o, "x", iter({1: o}.values())),
    "dict items": lambda o: setattr(o, "x", iter({1: o}.items())),
    "reversed dict": lambda o: setattr(o, "x", reversed({o: 1})),
    "set": lambda o: setattr(o, "x", iter({o, 1})),
    "frozenset": lambda o: setattr(o, "x", iter(frozenset([o]))),
    "enumerate": lambda o: setattr(o, "x", enumerate([o])),
    "zip": lambda o: setattr(o, "x", zip([o], [1])),
    "map": lambda o: setattr(o, "x", map(lambda v: o, [1])),
    "filter": lambda o: setattr(o, "x", filter(None, [o])),
    "callable iterator": lambda o: setattr(o, "x", iter(lambda: o, None)),
    "sequence iterator": lambda o: setattr(o, "x", iter(Seq(o))),
    "list": lambda o: setattr(o, "x", iter([o])),
    "tuple": lambda o: setattr(o, "x", iter((o,))),
}
for name, make in cases.items():
    print(name, collected(make))

# An iterator left exhausted by the collector breaks nothing that survives.
d = {1: 2}
it = iter(d)
print(gc.is_tracked(it), list(it), gc.is_tracked(iter([1])), gc.is_tracked(iter(range(3))))
