# __slots__ values are kept apart from the instance __dict__, as CPython keeps them
# at fixed offsets in the object.
import collections
import copy
import gc
import os
import pickle


class Base:
    __slots__ = ('x',)


class Open(Base):
    pass


o = Open()
o.x = 1
o.y = 2
print(sorted(o.__dict__.items()), o.x)
o.__dict__.clear()
print(o.x, vars(o))
o.__dict__ = {'z': 3}
print(o.x, o.z, vars(o))


class Both:
    __slots__ = ('a', '__dict__')


b = Both()
b.a = 5
b.c = 6
print(vars(b), b.a)
print(copy.copy(b).a, copy.copy(b).c, b.__getstate__())
print(pickle.loads(pickle.dumps(b)).a)


class Sub(Base):
    __slots__ = ('y', 'z')


s = Sub()
s.x, s.y, s.z = 1, 2, 3
print(s.x, s.y, s.z, Base.x, Sub.y, sorted(Sub.__slots__))
print(pickle.loads(pickle.dumps(s)).z, copy.deepcopy(s).y)
del s.y
for action in (lambda: s.y, lambda: delattr(s, 'y')):
    try:
        action()
    except AttributeError as e:
        print('AttributeError:', e)


class Other:
    __slots__ = ('x',)


try:
    Other.x.__get__(Base())
except TypeError as e:
    print('TypeError:', e)
try:
    Other.x.__set__(Base(), 1)
except TypeError as e:
    print('TypeError:', e)

# __class__ assignment needs the same layout.
for old, new in ((Sub, Open), (Open, Sub), (Sub, Base), (Base, Other)):
    obj = old()
    try:
        obj.__class__ = new
        print(old.__name__, '->', new.__name__, 'ok')
    except TypeError as e:
        print('TypeError:', e)
try:
    object().__class__ = Base
except TypeError as e:
    print('TypeError:', e)

# A cycle through a slot is collected, its finaliser running first on the whole
# object (PEP 442).
class Node:
    __slots__ = ('other', 'name')

    def __del__(self):
        print('del', self.name, self.other.name)


n = Node()
n.name = 'n'
n.other = n
del n
print('collected', gc.collect() >= 1)

# A finaliser that resurrects its object: the object survives the collection and
# its finaliser does not run again.
saved = []


class Phoenix:
    def __del__(self):
        print('resurrected')
        saved.append(self)


p = Phoenix()
p.me = p
del p
gc.collect()
print(len(saved), saved[0].me is saved[0])
saved.clear()
gc.collect()
print('after second collect', len(saved))

# Struct sequences keep their fields the same way; stat_result has unnamed items.
st = os.stat_result(range(10))
print(st, st.st_atime, st.st_atime_ns, st.st_blksize)
print(os.stat_result.n_fields, os.stat_result.n_unnamed_fields, os.stat_result.__match_args__)
print(os.stat_result(range(13)).st_atime, os.stat_result(range(10), {'st_atime': 1.5}).st_atime)
print(st.__reduce__())
real = os.stat('.')
print(real[7] == int(real.st_atime), type(real.st_mtime_ns).__name__)
try:
    st.st_mode = 1
except AttributeError as e:
    print('AttributeError:', e)

# defaultdict's factory is a member, with None when unset.
dd = collections.defaultdict(list)
print(collections.defaultdict.default_factory, dd.default_factory)
del dd.default_factory
print(dd.default_factory)


class DD(collections.defaultdict):
    pass


d2 = DD(int)
d2['k'] += 1
print(d2, vars(d2), d2.default_factory)
