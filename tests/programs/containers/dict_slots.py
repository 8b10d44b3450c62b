# The dict type fills its slots natively: subscript (and __missing__ of subclasses),
# assignment, deletion, in, len, repr and iteration; __getitem__ and __contains__ are
# methods as well.
d = {'a': 1, 'b': 2}
print(d['a'], 'a' in d, 'z' in d, len(d), repr(d), list(iter(d)), d.__getitem__('b'), d.__contains__('a'))
d['c'] = 3; del d['a']; print(d)
for bad in ["d['zz']", "d[[1]]", "[1] in d", "d.__getitem__()", "dict.__getitem__([], 1)", "dict.__setitem__(d, 1)", "d.__delitem__('q')", "dict.__len__([])", "dict.__contains__({}, [])", "{}.__iter__(1)"]:
    try: print(bad, '->', eval(bad))
    except Exception as e: print(bad, '!!', type(e).__name__, e)
try:
    del d['nope']
except KeyError as e: print('KeyError', e)
class M(dict):
    def __missing__(self, k): return k * 2
m = M(a=1); print(m['a'], m['xy'], m.get('xy'), 'xy' in m, dict.__getitem__(m, 'zz'))
class N(dict):
    def __getitem__(self, k): return 'own'
    def __len__(self): return 9
    def __contains__(self, k): return True
    def __setitem__(self, k, v): dict.__setitem__(self, k, v * 10)
n = N(); n['q'] = 1; print(n['x'], len(n), 'any' in n, dict(n), dict.__len__(n))
import collections
dd = collections.defaultdict(list); dd['x'].append(1); print(dd, dd['x'], len(dd))
od = collections.OrderedDict(a=1); od['b'] = 2; del od['a']; print(od, od['b'])
c = collections.Counter('abca'); print(c['a'], c['zz'], c)
print(dict.__getitem__.__doc__, dict.__contains__.__doc__, type(dict.__contains__).__name__, type(dict.__setitem__).__name__, dict.__len__.__text_signature__)
