# dict comparison and | / |= and the views' iteration, repr and set operators are
# native slots.
d = {'a': 1, 'b': 2}; e = {'b': 3, 'c': 4}
print(d == {'b': 2, 'a': 1}, d != e, d == [1], d | e, e | d, type(d | e).__name__)
x = dict(d); x |= e; print(x); x |= [('z', 0)]; print(x)
k, it, v = d.keys(), d.items(), d.values()
print(repr(k), repr(it), repr(v), list(iter(k)), list(iter(v)), list(iter(it)))
print(k - {'a'}, k | {'q'}, k & {'a', 'zz'}, k ^ {'a', 'q'}, {'a', 'q'} - k, ['a', 'x'] - k, it & {('a', 1)}, sorted(it | {(9, 9)}))
print(k == {'a', 'b'}, k <= {'a', 'b', 'c'}, it == {('a', 1), ('b', 2)}, 'a' in k, ('a', 1) in it, 1 in v)
for bad in ["d < e", "d | [1]", "k - 1", "dict.__or__(d, 1)", "hash(k)", "v | v", "dict.__eq__(1, 2)"]:
    try: print(bad, '->', eval(bad))
    except Exception as x: print(bad, '!!', type(x).__name__, x)
import collections
od = collections.OrderedDict(a=1); print(od | {'b': 2}, type(od | {'b': 2}).__name__, od == {'a': 1})
dd = collections.defaultdict(int, a=1); print(dd | {'b': 2}, type(dd | {'b': 2}).__name__)
class D(dict): pass
print(type(D(a=1) | {}).__name__, D(a=1) == {'a': 1})
r = {}; r['self'] = r; print(repr(r), repr(r.keys()))
print(type(dict.__eq__).__name__, dict.__or__.__text_signature__, type({}.keys()).__sub__.__qualname__)
