# functools.partial as a native type: calls, reprs, flattening, __dict__, pickling state.
import copy
import functools
from functools import partial
p = partial(print, 1, sep='-')
p(2, 3); p(2, sep='+')
print(p, p.func, p.args, p.keywords, p.__dict__, p.__reduce__())
p.__dict__['x'] = 1; p.note = 'kept'
print(p.__reduce__()[2][3], partial(p, 2))
q = partial(partial(max, 1, key=abs), 2, key=len)
print(q, q.func is max, q.args, q.keywords)
print(copy.copy(q), copy.deepcopy(q))
s = partial(print)
s.__setstate__((max, (1, 2), {'key': abs}, {'attr': 5}))
print(s, s.attr, s())
s.__setstate__((max, (1,), None, None))
print(s.args, s.keywords, s.__dict__)
r = partial(print); r.__setstate__((r, (), {}, None)); print(repr(r))
class Cls:
    m = partial(lambda *a: a, 1)
print(Cls().m(2), Cls.m(3))
class Tagged(partial):
    def __call__(self, *args, **kwargs):
        return ('tagged', super().__call__(*args, **kwargs))
t = Tagged(pow, 2)
print(t(5), repr(t), type(partial(t, 3).func).__name__, partial(t, 3)(4))
class Plain(partial):
    pass
print(Plain(pow, 2)(3), Plain(Plain(pow, 2), 4)(), repr(Plain(pow, 2, 3)))
print(partial[int], partial.__module__, partial.__name__, partial.__doc__.splitlines()[0])
for action in ('p.func = 1', 'del p.args', 'p.keywords = {}', 'partial.x = 1'):
    try:
        exec(action)
    except (AttributeError, TypeError) as e:
        print(action, type(e).__name__, e)
for expr in ('partial()', 'partial(1)', 'partial(func=print)', 'partial.__new__(1)',
             'partial(print).__setstate__(1)', 'partial(print).__setstate__((1, (), {}, None))',
             'partial(print).__setstate__((print, 1, {}, None))',
             'partial(print).__setstate__((print, (), 1, None))', 'partial(print).__reduce__(1)',
             'partial(print).__setstate__()'):
    try:
        print(expr, eval(expr))
    except TypeError as e:
        print(expr, 'TypeError', e)
w = partial(dict, a=1)
print(w(b=2), w(a=3), w.keywords)
print(partial(print, 1).__text_signature__ if hasattr(partial(print), '__text_signature__') else 'none')
