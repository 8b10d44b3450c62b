# mappingproxy passes its protocols to the mapping's slots, compares as the mapping
# and is not hashable.
class A:
    x = 1
p = A.__dict__
print(p['x'], 'x' in p, 'zz' in p, len(p) > 3, sorted(k for k in p if not k.startswith('__')), repr(type.__dict__['__doc__'])[:10])
import types
m = types.MappingProxyType({'a': 1, 'b': 2})
print(m['a'], 'b' in m, len(m), list(iter(m)), repr(m), str(m), m == {'a': 1, 'b': 2}, m != {}, m.get('zz', 0), sorted(m.keys()), sorted(m.items()), m.copy())
for bad in ["m['q']", "m < m", "hash(m)", "types.MappingProxyType([1])"]:
    try: print(bad, '->', eval(bad))
    except Exception as x: print(bad, '!!', type(x).__name__, x)
try:
    m['c'] = 3
except TypeError as e: print(e)
class M(dict):
    def __getitem__(self, k): return 'own'
print(types.MappingProxyType(M(a=1))['zz'], type(types.MappingProxyType.__getitem__).__name__)
