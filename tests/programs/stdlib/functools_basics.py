# functools: reduce, partial, cmp_to_key, wraps, lru_cache, total_ordering.
import functools
from functools import cmp_to_key, partial, reduce


def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


print(reduce(lambda a, b: a + b, [1, 2, 3, 4]), reduce(lambda a, b: a * b, [], 7))
print(reduce(max, [3, 9, 2]), reduce(lambda a, b: a + b, ['x'], 'y'))
t(lambda: reduce(lambda a, b: a + b, []))
t(lambda: reduce(lambda a, b: a + b, 5))
t(lambda: reduce(lambda a, b: a + b))


def f(a, b, c=3, *, d=4):
    return (a, b, c, d)


p = partial(f, 1, d=9)
print(p(2), p(2, 5), p.func is f, p.args, p.keywords)
print(repr(partial(len))[:26])
pp = partial(p, 7)
print(pp(), pp.args, pp.keywords)
t(lambda: partial())
t(lambda: partial(1))

print(sorted([3, 1, 2], key=cmp_to_key(lambda a, b: b - a)))


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(40), fib.cache_info().hits > 0)


def deco(g):
    @functools.wraps(g)
    def wrapper(*a):
        return g(*a)
    return wrapper


@deco
def named():
    """doc"""


print(named.__name__, named.__doc__, named.__wrapped__.__name__)


@functools.total_ordering
class V:
    def __init__(self, v):
        self.v = v

    def __eq__(self, o):
        return self.v == o.v

    def __lt__(self, o):
        return self.v < o.v


print(V(1) <= V(2), V(3) > V(2), V(2) >= V(3))


class P(partial):
    pass


print(repr(P(len, 1)), repr(partial(len, 'ab', x=1)), partial.__module__)
print(repr(partial(partial(max, 1), 2)), P(max, 5)(3), type(P(P(max, 1), 2).func).__name__)
k = cmp_to_key(lambda a, b: a - b)
print(k(1) < k(2), k(2) == k(2), k(3) >= k(4))
print(type(k(1)).__hash__)
t(lambda: k(1) < 1)
t(lambda: partial(max).__setstate__(1))

import copy
def f(*a, **k): return a, k
p = partial(f, 1, x=1)
t(lambda: p(2, x=2, y=3)); t(lambda: p()); t(lambda: (p.func is f, p.args, p.keywords))
t(lambda: repr(partial(max, 1, key=abs)))
t(lambda: partial()); t(lambda: partial(1)); t(lambda: partial(func=max))
q = partial(p, 3, z=0); t(lambda: (q.func is f, q.args, q.keywords))
p.attr = 1; r = partial(p, 4); t(lambda: (r.func is p, r.args))
class S2(partial): pass
s = S2(max, 1); t(lambda: repr(s)); t(lambda: s(5)); t(lambda: (type(partial(s, 2).func).__name__, partial(s, 2).args))
t(lambda: type(S2(s, 2).func).__name__)
t(lambda: copy.copy(partial(max, 1))(3)); t(lambda: copy.deepcopy(partial(max, 1, key=abs))(-5))
t(lambda: partial(max, 1).__reduce__())
t(lambda: partial(max).__setstate__((1, 2, 3, 4)))
pp = partial(max); pp.__setstate__((min, (1,), {'key': abs}, {'z': 9})); t(lambda: (pp(-5), pp.z, pp.args))
t(lambda: partial[int])
t(lambda: partial.__module__ + partial.__name__)
class A:
    m = partial(f, 'bound?')
t(lambda: A().m(1))
t(lambda: partial(f, **{'a': 1})(a=2))

K = cmp_to_key(lambda a, b: a - b)
for f in [lambda: K(1) < 2, lambda: K(), lambda: K(1, 2), lambda: K(obj=3).obj, lambda: K.obj, lambda: cmp_to_key(), lambda: type(cmp_to_key(mycmp=len)).__name__, lambda: K(1) < K(2), lambda: (K(3) > K(2)), lambda: cmp_to_key(lambda a,b: 'x')(1) < cmp_to_key(lambda a,b: 'x')(2), lambda: type(K).__name__, lambda: K(1).__lt__(5), lambda: sorted([3, 1, 2], key=cmp_to_key(lambda a, b: b - a)), lambda: K(2) == K(2), lambda: K(2) != K(3), lambda: K(1) <= K(1), lambda: K(1) >= K(2), lambda: type(K).__hash__, lambda: type(K).__module__]:
    t(f)
