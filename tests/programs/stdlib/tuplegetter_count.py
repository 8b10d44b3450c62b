# collections: namedtuple fields as _tuplegetter descriptors, and _count_elements.
import collections
from collections import namedtuple, Counter, OrderedDict
P = namedtuple('P', 'x y')
p = P(3, 4)
print(p, p.x, p.y, P.x, P.y.__doc__, type(P.x).__name__, type(P.x).__module__)
print(P.x.__get__(p), P.x.__get__(None, P) is P.x, P.x.__reduce__())
for action in ('p.x = 1', 'del p.y', 'P.x.__get__(5)', 'P.x.__get__((1,)[:0])',
               'P.x.__set__(p, 1)', 'P.x.__delete__(p)'):
    try:
        exec(action)
    except Exception as e:
        print(action, type(e).__name__, e)
P.x.__doc__ = 'first coordinate'; print(P.x.__doc__, P.x)
TG = collections._tuplegetter
g = TG(1, 'doc'); print(g, g.__get__(('a', 'b')), repr(TG(0, None)))
for expr in ('TG()', 'TG(1)', 'TG(1, 2, 3)', 'TG("a", 2)', 'TG(1, doc=2)'):
    try:
        eval(expr)
    except TypeError as e:
        print(expr, e)
class Q(P):
    @property
    def total(self):
        return self.x + self.y
print(Q(1, 2).total, Q(1, 2)._replace(y=5), Q._fields)
ce = collections._count_elements
m = {}; ce(m, 'abracadabra'); print(sorted(m.items()))
class Loud(dict):
    def __setitem__(self, key, value):
        print('set', key, value)
        super().__setitem__(key, value)
ce(Loud(), 'aab')
od = OrderedDict(); ce(od, [3, 1, 3]); print(od)
for expr in ('ce()', 'ce({}, 1)', 'ce(1, [1])', 'ce(m=1)'):
    try:
        eval(expr)
    except Exception as e:
        print(expr, type(e).__name__, e)
print(ce.__text_signature__, ce.__name__, ce.__module__)
print(Counter('mississippi').most_common(2), Counter(a=2) + Counter(a=1, b=1))
