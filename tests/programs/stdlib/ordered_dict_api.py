# collections.OrderedDict, the native type: its methods, views, reprs, errors and equality.
import sys
from collections import OrderedDict as OD


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ':', e, e.args)


print(OD, OD.__module__, OD.__mro__, OD.__doc__, OD.__hash__)
print(OD(), OD([('a', 1)]), OD(b=2, a=1), OD({'x': 1}, y=2), OD([('a', 1), ('b', 2)], a=3))
print(isinstance(OD(), dict), issubclass(OD, dict), type(OD()).__name__)

# Construction and update: pairs, mappings, objects with keys(), keywords.
class Keyed:
    def keys(self):
        return ['k2', 'k1']
    def __getitem__(self, key):
        return key.upper()
class Itemed:
    def items(self):
        return [('i', 1), ('j', 2)]
od = OD()
od.update(Keyed())
od.update(Itemed(), z=0)
od.update([['p', 1], ('q', 2)], self=3, other=4)
print(od)
for label, f in [
    ('init 2 args', lambda: OD([], [])),
    ('init int', lambda: OD(42)),
    ('init pair int', lambda: OD([1])),
    ('init empty pair', lambda: OD([()])),
    ('init short pair', lambda: OD(['a'])),
    ('init long pair', lambda: OD([(1, 2, 3)])),
    ('update 2 args', lambda: OD().update([], [])),
    ('update unbound', lambda: OD.update()),
    ('init unbound', lambda: OD.__init__()),
]:
    attempt(label, f)
d = OD(a=1, b=2)
d.__init__([('c', 3)], a=9)
print(d)

# Setting, deleting and reinserting.
od = OD.fromkeys('abcde', 0)
od['c'] = 10
od['f'] = 20
del od['a']
od['a'] = 1
print(od, len(od), 'a' in od, od.get('zz', 'none'), od['c'])
attempt('del missing', lambda: od.__delitem__('missing'))
attempt('getitem missing', lambda: od['missing'])
print(list(od), list(reversed(od)))

# The views and their reprs.
ks, vs, its = od.keys(), od.values(), od.items()
print(ks, vs, its)
print(type(ks).__name__, type(vs).__name__, type(its).__name__, type(ks).__mro__)
print(list(reversed(ks)), list(reversed(vs)), list(reversed(its)))
print(len(ks), 'b' in ks, 20 in vs, ('f', 20) in its, ('f', 21) in its)
print(sorted(ks & {'a', 'q'}), sorted(ks | {'q'}), sorted(ks - {'a'}), ks == set(od), its == dict(od).items())
print(ks.mapping == od, type(iter(od)).__name__, type(iter(vs)).__name__, type(reversed(its)).__name__)
print(OD().keys(), OD().values(), OD().items(), list(reversed(OD())))

# pop, popitem, setdefault, move_to_end.
od = OD.fromkeys('abcde')
print(od.pop('b'), od.pop('zz', 'default'), od.pop(key='c', default=None), od)
attempt('pop missing', lambda: od.pop('zz'))
attempt('pop None', lambda: od.pop(None))
attempt('pop tuple', lambda: od.pop((1, 2)))
attempt('pop no args', lambda: od.pop())
print(od.popitem(), od.popitem(last=False), od.popitem(False), od)
attempt('popitem empty', lambda: od.popitem())
attempt('popitem args', lambda: OD(a=1).popitem(1, 2))
od = OD.fromkeys('abc', 1)
print(od.setdefault('a', 5), od.setdefault('z', 7), od.setdefault('n'), od.setdefault(key='m', default=3), od)
od = OD.fromkeys('abcde')
od.move_to_end('b')
od.move_to_end('d', last=False)
od.move_to_end('d', False)
od.move_to_end('b', 0)
print(list(od))
attempt('move missing', lambda: od.move_to_end('x'))
attempt('move empty', lambda: OD().move_to_end('x', False))
attempt('move None', lambda: od.move_to_end(None))
attempt('move tuple', lambda: od.move_to_end((1, 2)))
print(OD.fromkeys(range(3)), OD.fromkeys('ab', value=[]), OD.fromkeys(iter('xy'), 0))
attempt('fromkeys none', lambda: OD.fromkeys())
attempt('fromkeys int', lambda: OD.fromkeys(1))
attempt('copy arg', lambda: OD().copy(1))
attempt('keys arg', lambda: OD().keys(1))

# clear and copy.
od = OD.fromkeys('xyz', 1)
c = od.copy()
od.clear()
print(od, c, type(c).__name__, od.copy(), len(od))
od['w'] = 2
print(od)

# Equality: order matters between OrderedDicts, not with a dict.
a, b = OD(x=1, y=2), OD(y=2, x=1)
print(a == b, a != b, a == dict(b), dict(b) == a, a != dict(b), a == OD(x=1, y=2), a == OD(x=1), a == {'x': 1, 'y': 3})
print(a.__eq__(1), a == [('x', 1), ('y', 2)], OD() == OD(), OD() == {})
attempt('order compare', lambda: a < b)
class Loud:
    def __init__(self, n):
        self.n = n
    def __hash__(self):
        return hash(self.n)
    def __eq__(self, other):
        print('  eq', self.n, other.n)
        return self.n == other.n
k1, k2 = Loud(1), Loud(2)
print(OD([(k1, 0), (k2, 0)]) == OD([(Loud(1), 0), (Loud(2), 0)]))

# The | operators.
a, b = OD({0: 0, 1: 1, 2: 1}), OD({1: 1, 2: 2, 3: 3})
print(a | b, b | a, a | dict(b), dict(b) | a, type(dict(a) | b).__name__)
c = a.copy()
c |= b
c |= [(9, 9)]
c |= ''
print(c)
attempt('or None', lambda: a | None)
attempt('or tuple', lambda: a | ())
def ior_bad():
    x = OD()
    x |= 'BAD'
attempt('ior bad', ior_bad)

# repr: recursion, subclasses, an empty subclass.
od = OD.fromkeys('ab')
od['self'] = od
od['view'] = od.values()
print(repr(od)[:60])
class Sub(OD):
    pass
print(Sub(), Sub(a=1), repr(Sub(a=Sub(b=2))))

# Other attributes.
print(OD[str, int], OD[int].__origin__ is OD)
od = OD(a=1)
od.attr = 5
print(od.__dict__, vars(od))
print(sys.getsizeof(OD(a=1)) > sys.getsizeof({'a': 1}), OD().__sizeof__() < OD.fromkeys(range(10)).__sizeof__())
import weakref
r = weakref.ref(od)
print(r() is od)
print(sorted(k for k in OD.__dict__ if not k.startswith('__')))
print(OD.pop.__text_signature__, OD.popitem.__text_signature__, OD.move_to_end.__text_signature__,
      OD.setdefault.__text_signature__, OD.fromkeys.__text_signature__)
