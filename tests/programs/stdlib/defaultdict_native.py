# collections.defaultdict as a native dict subclass: __missing__, the factory member, copies.
import copy
from collections import defaultdict
dd = defaultdict(list); dd['a'].append(1); dd['b']
print(dd, dd.default_factory, len(dd), isinstance(dd, dict), type(dd).__mro__)
print(dd.copy(), dd.__copy__(), copy.copy(dd), copy.deepcopy(dd), dd.__reduce__()[:4])
print(list(dd.__reduce__()[4]), defaultdict().__reduce__()[:2])
print(dd | {'c': 3}, {'c': 3} | dd, type({'c': 3} | dd).__name__, dd == {'a': [1], 'b': []})
dd |= {'z': 0}; print(dd)
n = defaultdict(None, x=1); print(n, n.default_factory)
try:
    n['missing']
except KeyError as e:
    print('KeyError', e.args)
try:
    defaultdict()[(1, 2)]
except KeyError as e:
    print('KeyError', e.args)
print(defaultdict(int, [(1, 2)]), defaultdict(int, {1: 2}, y=3).get('y'))
dd.default_factory = lambda: 'made'; print(dd['new'], dd.default_factory.__name__)
del dd.default_factory
try:
    dd.default_factory
except AttributeError as e:
    print('AttributeError', e)
print(hasattr(defaultdict(), '__dict__'), defaultdict[str, int])
rec = defaultdict(); rec.default_factory = rec.__getitem__ if False else None; rec[1] = rec; print(rec)
class Counter(defaultdict):
    def __missing__(self, key):
        return len(key)
c = Counter(); print(c['abc'], c, c.default_factory)
class Tagged(defaultdict):
    def __repr__(self):
        return 'Tagged' + dict.__repr__(self)
t = Tagged(int); t['x'] += 2; print(t, t.copy(), type(t.copy()).__name__)
class Two(defaultdict):
    def __init__(self, a, b):
        super().__init__(a)
        self.b = b
try:
    Two(int, 5).copy()
except TypeError as e:
    print('TypeError', e)
for expr in ('defaultdict(1)', 'defaultdict().__missing__()', 'defaultdict().copy(1)',
             'defaultdict().__reduce__(1)', 'defaultdict({})', 'defaultdict.__new__(1)'):
    try:
        print(expr, eval(expr))
    except TypeError as e:
        print(expr, 'TypeError', e)
try:
    defaultdict.x = 1
except TypeError as e:
    print(e)
print(defaultdict.__doc__.splitlines()[0])
