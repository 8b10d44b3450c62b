# _functools: reduce, cmp_to_key and its KeyWrapper, and functools built on them.
import functools
from functools import reduce, cmp_to_key
print(reduce(lambda a, b: a * b, range(1, 6)), reduce(lambda a, b: a + b, [], 'init'))
print(reduce(lambda a, b: a + b, ['x'], ), reduce(lambda a, b: a + [b], 'ab', []))
for expr in ('reduce()', 'reduce(x=1)', 'reduce(1, 2, 3, 4)', 'reduce(len, [])',
             'reduce(len, 5)', 'cmp_to_key()', 'cmp_to_key(x=1)', 'cmp_to_key(1, 2)',
             'cmp_to_key(1, mycmp=2)', 'cmp_to_key(mycmp=1, x=2)', 'cmp_to_key(1)(1, 2)',
             'cmp_to_key(1)()', 'cmp_to_key(1)(obj=1, x=2)'):
    try:
        print(expr, eval(expr))
    except TypeError as e:
        print(expr, 'TypeError', e)
print(reduce.__text_signature__, cmp_to_key.__text_signature__, reduce.__module__)
k = cmp_to_key(lambda a, b: a - b)
print(k.obj, k(3).obj, k(3) < k(4), k(3) == k(3), k(5) >= k(9))
print(sorted([3, 1, 2], key=cmp_to_key(lambda a, b: b - a)), max([4, 9, 2], key=k))
try:
    k(3) < 4
except TypeError as e:
    print(e)
try:
    type(k)()
except TypeError as e:
    print(e)
x = k(5); x.obj = 7; print(x.obj); del x.obj; print(x.obj)
try:
    x < k(1)
except AttributeError as e:
    print('AttributeError', e)
try:
    hash(k(3))
except TypeError as e:
    print(e)
KW = type(k)
print(KW.__name__, KW.__module__, KW.__qualname__)
try:
    class Sub(KW):
        pass
except TypeError as e:
    print(e)
@functools.lru_cache(maxsize=2)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(20), fib.cache_info(), fib.__wrapped__.__name__)
fib.cache_clear(); print(fib.cache_info())
@functools.total_ordering
class V:
    def __init__(s, v): s.v = v
    def __eq__(s, o): return s.v == o.v
    def __lt__(s, o): return s.v < o.v
print(V(1) <= V(2), V(3) >= V(4))
class PM:
    def g(self, a, b): return a, b
    h = functools.partialmethod(g, 1)
print(PM().h(2))
