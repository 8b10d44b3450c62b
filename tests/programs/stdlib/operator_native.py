# _operator: itemgetter, attrgetter and methodcaller as native types; function signatures.
import copy
import operator
from operator import itemgetter, attrgetter, methodcaller
g = itemgetter(1, 0); print(g, g((5, 6)), g.__reduce__(), repr(itemgetter('a')), itemgetter(2)('abc'))
print(itemgetter(slice(1, None))([1, 2, 3]), itemgetter(-1)((1, 2)), itemgetter('k')({'k': 0}))
a = attrgetter('real', 'imag'); print(a, a(3 + 4j), a.__reduce__(), attrgetter('real.real')(5))
print(attrgetter('imag')(2j), attrgetter('a.b').__reduce__())
m = methodcaller('split', ',', maxsplit=1); print(m, m('a,b,c'), m.__reduce__()[1])
m2 = methodcaller('upper'); print(m2, m2('x'), m2.__reduce__())
print(methodcaller('count', 'a')('banana'), repr(methodcaller('f', 1, 2, k=3)))
print(copy.copy(g), copy.deepcopy(m), copy.copy(a))
print(sorted([(1, 'b'), (0, 'a')], key=itemgetter(1)), sorted(['bb', 'a'], key=attrgetter('__class__.__name__')))
print(itemgetter.__name__, itemgetter.__module__, type(g).__qualname__, methodcaller.__doc__.splitlines()[0])
tests = [
    'itemgetter()', 'itemgetter(1)(1, 2)', 'itemgetter(1)(x=1)', 'itemgetter(1, x=2)',
    'itemgetter(5)([1])', 'attrgetter()', 'attrgetter("a", x=1)', 'attrgetter(1)',
    'attrgetter("a", 2)', 'attrgetter("nope")(1)', 'attrgetter("real.nope")(1)',
    'methodcaller()', 'methodcaller(1)', 'methodcaller("x")()', 'methodcaller("x")(1, 2)',
    'methodcaller("nope")(1)', 'itemgetter(1).__reduce__(1)', 'itemgetter.__call__(1, 2)',
]
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '!!', type(e).__name__, e)
for cls in (itemgetter, attrgetter, methodcaller):
    try:
        class X(cls):
            pass
    except TypeError as e:
        print(e)
    try:
        cls.x = 1
    except TypeError as e:
        print(e)
class Deep:
    pass
d = Deep(); d.d = d; d.v = 'v'
print(attrgetter('d.d.d.v')(d), attrgetter('v', 'd.v')(d))
