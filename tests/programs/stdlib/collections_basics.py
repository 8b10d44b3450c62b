# collections on top of _collections, itertools and operator: namedtuple,
# OrderedDict, ChainMap, Counter, UserDict/UserList, and the abc registrations.
import collections
import collections.abc
from collections import ChainMap, Counter, OrderedDict, UserDict, UserList, deque, namedtuple

P = namedtuple('P', 'x y', defaults=[0])
p = P(1)
print(p, p.x, p[1], p._asdict(), p._replace(y=5), P._fields, P._field_defaults)
print(P._make([3, 4]), len(p), tuple(p), p == (1, 0), P.__name__, P.x.__doc__)
try:
    P(1, 2, 3)
except TypeError as e:
    print('TypeError', e)

od = OrderedDict(a=1, b=2, c=3)
od.move_to_end('a')
od.move_to_end('c', last=False)
print(od, list(od), od.popitem(), od.popitem(last=False), od)
print(OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), OrderedDict(a=1) == {'a': 1})

cm = ChainMap({'a': 1}, {'a': 2, 'b': 3})
print(cm['a'], cm['b'], len(cm), sorted(cm), cm.new_child({'z': 0})['z'], cm.parents)

c = Counter('mississippi')
print(sorted(c.items()), c.most_common(2), c['q'])
c2 = Counter(s=1, i=10)
print(sorted((c - c2).items()), sorted((c & c2).items()), sorted((c | c2).items()))
print(Counter({'a': 2, 'b': -1}).total(), sorted(Counter(a=2, b=1).elements()))

ud = UserDict(a=1)
ud['b'] = 2
print(ud, len(ud), 'a' in ud, ud.data)
ul = UserList([3, 1, 2])
ul.sort()
print(ul, ul + [4], ul[0], type(ul[1:]).__name__)

print(isinstance(deque(), collections.abc.MutableSequence), issubclass(dict, collections.abc.Mapping))
print(isinstance(iter([]), collections.abc.Iterator), isinstance([], collections.abc.Hashable))
print(isinstance(OrderedDict(), collections.abc.MutableMapping), isinstance(p, collections.abc.Sequence))
