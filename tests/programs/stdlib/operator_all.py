# operator: the functions, itemgetter/attrgetter/methodcaller, error messages.
import operator
from operator import attrgetter, itemgetter, methodcaller


def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


for name in ['add', 'sub', 'mul', 'floordiv', 'truediv', 'mod', 'pow', 'lshift', 'rshift',
             'and_', 'or_', 'xor', 'lt', 'le', 'eq', 'ne', 'gt', 'ge', 'is_', 'is_not']:
    f = getattr(operator, name)
    print(name, f(7, 3), f(12, 5))
for name in ['iadd', 'isub', 'imul', 'ifloordiv', 'itruediv', 'imod', 'ipow', 'ilshift',
             'irshift', 'iand', 'ior', 'ixor']:
    print(name, getattr(operator, name)(6, 4))
lst = [1]
print(operator.iadd(lst, [2]) is lst, lst, operator.iconcat(lst, [3]), operator.concat('a', 'b'))
print(operator.neg(5), operator.pos(-5), operator.inv(5), operator.invert(0), operator.abs(-2))
print(operator.not_(0), operator.truth([]), operator.truth([0]), operator.index(True))
print(operator.contains([1, 2], 2), operator.countOf([1, 2, 1], 1), operator.indexOf('abc', 'c'))
d = {}
operator.setitem(d, 'k', 1); print(d, operator.getitem(d, 'k')); operator.delitem(d, 'k'); print(d)
print(operator.length_hint([1, 2]), operator.length_hint(iter(range(5))), operator.length_hint(3, 9))
print(operator.__add__(1, 2), operator.__lt__(2, 1), operator.__not__(1))
print(operator.matmul.__name__, operator.add.__name__)

print(itemgetter(1)('abc'), itemgetter(0, 2)('abc'), itemgetter('k')({'k': 7}))
print(sorted([(1, 'b'), (0, 'c'), (2, 'a')], key=itemgetter(1)))
print(repr(itemgetter(1)), repr(itemgetter('a', 'b')))


class P:
    def __init__(self):
        self.x = 1
        self.child = self

    def greet(self, who, punct='!'):
        return 'hi ' + who + punct


p = P()
print(attrgetter('x')(p), attrgetter('x', 'child.x')(p), repr(attrgetter('child.x')))
print(methodcaller('greet', 'bob')(p), methodcaller('greet', 'amy', punct='?')(p))
print(repr(methodcaller('greet', 'bob', punct='.')))

t(lambda: operator.add(1))
t(lambda: operator.add(1, 2, 3))
t(lambda: operator.add(1, 'a'))
t(lambda: operator.lt(1, 'a'))
t(lambda: operator.neg('a'))
t(lambda: operator.index(1.5))
t(lambda: operator.getitem([1], 5))
t(lambda: operator.concat(1, 2))
t(lambda: itemgetter(5)([1]))
t(lambda: attrgetter('nope')(p))
t(lambda: attrgetter(1))
t(lambda: itemgetter())
t(lambda: methodcaller())
t(lambda: operator.indexOf([1], 2))
t(lambda: operator.length_hint(1, 'a'))

import copy
t(lambda: itemgetter(1)('abc')); t(lambda: itemgetter(0, 2)('abc')); t(lambda: itemgetter(1))
t(lambda: itemgetter('a', 'b')); t(lambda: itemgetter()); t(lambda: itemgetter(1, x=2))
t(lambda: itemgetter(1)()); t(lambda: itemgetter(1)(1, 2)); t(lambda: itemgetter(1)(obj=1))
t(lambda: itemgetter(5)([1])); t(lambda: attrgetter('x')(p)); t(lambda: attrgetter('x', 'child.child.x')(p))
t(lambda: attrgetter('child.x')); t(lambda: attrgetter(1)); t(lambda: attrgetter()); t(lambda: attrgetter('nope')(p))
t(lambda: attrgetter('x', x=1)); t(lambda: itemgetter(1).__reduce__()); t(lambda: copy.copy(itemgetter(1, 2)))
t(lambda: type(itemgetter(1)))
t(lambda: itemgetter.__module__); t(lambda: sorted([(1, 'b'), (0, 'c')], key=itemgetter(1)))

import operator as o
class H:
    def __length_hint__(self): return 7
class HN:
    def __length_hint__(self): return NotImplemented
class HB:
    def __length_hint__(self): return -1
class HS:
    def __length_hint__(self): return 'x'
class L:
    def __len__(self): raise ValueError('len boom')
for f in [lambda: o.countOf(1, 2), lambda: o.indexOf(1, 2), lambda: o.concat([1], (2,)), lambda: o.iconcat((1,), (2,)), lambda: o.countOf([1, 1.0, True], 1), lambda: o.length_hint(), lambda: o.length_hint([], 1, 2), lambda: o.concat('a', 1), lambda: o.length_hint(H()), lambda: o.length_hint(HN(), 4), lambda: o.length_hint(HB()), lambda: o.length_hint(HS()), lambda: o.length_hint(L()), lambda: o.length_hint(5, True), lambda: o.length_hint(iter('abc')), lambda: o.indexOf('abc', 'c'), lambda: o.indexOf([], 1), lambda: o.concat(1, 2), lambda: o.iconcat([1], [2]), lambda: o.countOf(iter([1, 2, 1]), 1), lambda: o.length_hint(iter([]), 'a')]:
    t(f)

for f in [lambda: o.methodcaller(), lambda: o.methodcaller(1), lambda: repr(o.methodcaller('a', 1, k=2)), lambda: o.methodcaller('a', 1, k=2).__reduce__(), lambda: o.methodcaller('upper')(), lambda: o.methodcaller('upper')('a', 'b'), lambda: o.methodcaller('nope')(1), lambda: o.methodcaller('split', ',', maxsplit=1)('a,b,c'), lambda: o.methodcaller('a', 1).__reduce__(), lambda: copy.copy(o.methodcaller('replace', 'a', 'b'))('aa'), lambda: copy.deepcopy(o.methodcaller('split', maxsplit=1))('a b c'), lambda: o.methodcaller('upper')(obj='x'), lambda: type(o.methodcaller('x')).__module__]:
    t(f)

import _operator
for f in [lambda: _operator._compare_digest(b'a', bytearray(b'a')), lambda: _operator._compare_digest(b'a', 1), lambda: _operator._compare_digest(1, b'a'), lambda: _operator._compare_digest(1, 1), lambda: _operator._compare_digest('a', b'a'), lambda: _operator._compare_digest('ab', 'ab'), lambda: _operator._compare_digest('ab', 'abc'), lambda: _operator._compare_digest(b'ab', b'ac'), lambda: _operator._compare_digest('é', 'e'), lambda: _operator._compare_digest(b'', b'')]:
  try: print(repr(f()))
  except Exception as e: print(type(e).__name__, e)
