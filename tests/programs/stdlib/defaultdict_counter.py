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
