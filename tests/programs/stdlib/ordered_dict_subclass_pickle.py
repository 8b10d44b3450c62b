# collections.OrderedDict subclasses (the calls CPython makes through their methods),
# pickling and copying, iterator pickling, and the collector reclaiming cycles.
import copy
import gc
import pickle
import weakref
from collections import OrderedDict as OD


class Traced(OD):
    def __setitem__(self, key, value):
        print('  set', key, value)
        super().__setitem__(key, value)

    def __getitem__(self, key):
        print('  get', key)
        return super().__getitem__(key)

    def __delitem__(self, key):
        print('  del', key)
        super().__delitem__(key)

    def __contains__(self, key):
        print('  contains', key)
        return super().__contains__(key)


print('init')
t = Traced([(1, 2)], b=3)
print('update')
t.update({5: 6}, z=1)
t.update(OD(q=0))
print('setdefault')
print(t.setdefault(1, 0), t.setdefault(7, 8))
print('copy')
print(t.copy())
print('or')
print(t | {9: 9})
print('ior')
t |= [(10, 10)]
print('pop, popitem, move_to_end, clear (no calls)')
print(t.pop(10), t.popitem(), t.popitem(last=False))
t.move_to_end('b')
print(t, list(t), t == Traced(b=3, z=1, **{}) or 'differs')
print('fromkeys')
print(Traced.fromkeys('ab', 0))
print('dict(), {**t}, t.keys()')
print(dict(t), {**t}, list(t.keys()))


class Odd(OD):
    def __iter__(self):
        return iter(['q'])

    def keys(self):
        return ['a']

    def items(self):
        return [('x', 'y')]


r = Odd(a=1)
print(repr(r), r.copy(), r == Odd(a=1), OD(r), dict(r), list(r), list(reversed(r)))
print(r.__reduce__()[:4], list(r.__reduce__()[4]))
print(copy.copy(r), copy.deepcopy(r))


class LRU(OD):
    def __init__(self, size=3):
        super().__init__()
        self.size = size

    def __getitem__(self, key):
        value = super().__getitem__(key)
        self.move_to_end(key)
        return value

    def __setitem__(self, key, value):
        while key not in self and len(self) >= self.size:
            self.popitem(last=False)
        super().__setitem__(key, value)
        self.move_to_end(key)


c = LRU(3)
for i in range(5):
    c[i] = i * i
c[2]
print(c, list(c), c.copy(), c)
try:
    for k in c:
        c[k]
except RuntimeError as e:
    print('RuntimeError', e)


class Slotted(OD):
    __slots__ = ('x', 'y')


class Plain(OD):
    pass


od = OD([('c', 1), ('b', 2), ('a', 3)])
od.attr = ['attr']
sl = Slotted([('k', 'v')])
sl.x = 'slot x'
sl.z = 'dict z'
pl = Plain(a=[1])
pl.extra = {'e': 1}
for original in [od, sl, pl, OD(), Slotted()]:
    results = []
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        dup = pickle.loads(pickle.dumps(original, proto))
        results.append(dup == original and type(dup) is type(original)
                       and list(dup.items()) == list(original.items())
                       and getattr(dup, '__dict__', None) == getattr(original, '__dict__', None)
                       and getattr(dup, 'x', None) == getattr(original, 'x', None))
    shallow, deep = copy.copy(original), copy.deepcopy(original)
    print(type(original).__name__, results, shallow == original, deep == original,
          type(shallow).__name__, type(deep).__name__, original.__reduce__()[2])
print(copy.copy(od).attr is od.attr, copy.deepcopy(od).attr is od.attr, copy.copy(sl).x)

rec = OD()
rec[1] = rec
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    dup = pickle.loads(pickle.dumps(rec, proto))
    print(proto, list(dup.keys()), dup[1] is dup, repr(dup))

od = OD.fromkeys('abcdef', 0)
od.move_to_end('a')
for method in ('keys', 'values', 'items'):
    it = iter(getattr(od, method)())
    next(it)
    for proto in (0, 2, 5):
        dup = pickle.loads(pickle.dumps(it, proto))
        print(method, proto, list(dup))
    print(method, 'left', list(it))
it = reversed(od)
next(it)
print(it.__reduce__()[1], list(it))

# Cycles through an OrderedDict, its order and its iterators are reclaimed.
gc.collect()
class Holder:
    pass
h = Holder()
h.od = OD()
h.od['me'] = h
h.od[h] = h.od
h.it = iter(h.od.items())
ref = weakref.ref(h)
oref = weakref.ref(h.od)
del h
gc.collect()
print('collected', ref() is None, oref() is None)

nested = None
for _ in range(2000):
    nested = OD([(None, nested)])
del nested
deleted = []
class Tracked(OD):
    def __del__(self):
        deleted.append(self.i)
obj = None
for i in range(50):
    obj = Tracked([(None, obj)])
    obj.i = i
del obj
gc.collect()
print(deleted == list(reversed(range(50))))
