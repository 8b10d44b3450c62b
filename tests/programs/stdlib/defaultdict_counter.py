# collections.defaultdict and Counter (on _count_elements).
from collections import Counter, defaultdict


def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


dd = defaultdict(list)
dd['a'].append(1); dd['b'].append(2); dd['a'].append(3)
print(dd, dd.default_factory)
print(dict(dd), len(dd), 'c' in dd)
t(lambda: defaultdict(1))
t(lambda: defaultdict(list, a=1))
t(lambda: defaultdict()[1])
t(lambda: defaultdict(None, {1: 2}))
t(lambda: defaultdict(int) | {1: 2})
t(lambda: {1: 2} | defaultdict(int))
t(lambda: defaultdict(int, {3: 4}).copy())
t(lambda: isinstance(defaultdict(), dict))
ci = defaultdict(int)
for ch in 'mississippi':
    ci[ch] += 1
print(sorted(ci.items()), ci.get('z'), 'z' in ci)
print(defaultdict.__name__, defaultdict.__module__)
class Sub(defaultdict):
    pass
print(Sub(int, {1: 1}))
c = Counter('abracadabra')
print(c, c.most_common(2), c['z'], sorted(c.elements()))
c.update('aaz'); c.subtract({'a': 10}); print(c)
print(Counter(a=3, b=1) + Counter(a=1, b=2), Counter(a=3) - Counter(a=5), +Counter(a=-1, b=2))
print(Counter([1, 1, 2]) == Counter({1: 2, 2: 1}), Counter(a=2).total())
import copy
dl = defaultdict(list, {1: [2]})
c1, c2 = copy.copy(dl), copy.deepcopy(dl)
dl[1].append(3)
print(c1, c2, c2.default_factory)

t(lambda: defaultdict(int, [(1, 2)], a=3))
t(lambda: defaultdict(list).__missing__(1))
t(lambda: defaultdict().__missing__(1))
t(lambda: defaultdict.fromkeys([1, 2]))
t(lambda: defaultdict(int) == {})
d = defaultdict(int); d.default_factory = list; d['x'].append(1); t(lambda: d)
t(lambda: d.__reduce__()[:2])
r = defaultdict(list); r[1] = r; t(lambda: r)
class S(defaultdict):
    def __missing__(self, key):
        return 'own'
t(lambda: S(int)[3]); t(lambda: S(int, {1: 2}))
t(lambda: defaultdict(int, x=1).copy().default_factory)
dd = defaultdict(set); dd['a'].add(1); dd['a'].add(2); dd['b']; t(lambda: sorted(dd.items(), key=str))
t(lambda: defaultdict(int, {1: 1}) | {2: 2})
t(lambda: {0: 0} | defaultdict(str, {1: 1}))
x = defaultdict(int); x |= {5: 5}; t(lambda: x)
t(lambda: defaultdict.__missing__.__name__)
t(lambda: type(defaultdict()).__mro__)
t(lambda: defaultdict(1, 2))
t(lambda: defaultdict(int, 1))
