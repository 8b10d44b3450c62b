# _operator: the operator functions bind through their signatures as CPython's do.
import operator
import _operator
tests = [
    'operator.add(1)', 'operator.add(a=1, b=2)', 'operator.add(1, 2)', 'operator.mod(7, 3)',
    'operator.neg()', 'operator.neg(1, 2)', 'operator.neg(a=1)', 'operator.pos(-2)',
    'operator.length_hint(1, 2, 3)', 'operator.length_hint(obj=1)', 'operator.length_hint([1, 2])',
    'operator.length_hint(iter([1, 2, 3]))', 'operator.length_hint(5, 7)',
    'operator.length_hint(5, "x")', 'operator.call()', 'operator.call(obj=1)',
    'operator.call(max, 1, 2, key=abs)', 'operator.countOf([1, 2, 1], 1)',
    'operator.countOf(1, 1)', 'operator.indexOf([1, 2], 2)', 'operator.indexOf([1, 2], 3)',
    'operator.concat([1], (2,))', 'operator.concat(1, 2)', 'operator.iconcat([1], [2])',
    'operator.is_(None, None)', 'operator.is_not(1, None)', 'operator.not_([])',
    'operator.truth(3)', 'operator.abs(-3)', 'operator.abs("x")', 'operator.index(3.5)',
    'operator.index(True)', 'operator.setitem({}, 1, 2)', 'operator.setitem({}, 1)',
    'operator.delitem([1], 0)', 'operator.getitem("ab", 1)', 'operator.contains([1], 1)',
    'operator._compare_digest(b"ab", b"ab")', 'operator._compare_digest("a", b"a")',
    'operator._compare_digest("\xe9", "\xe9")', 'operator.lt(1, 2)', 'operator.ge(1, 2)',
    'operator.matmul(1, 2)', 'operator.ipow(2, 5)', 'operator.xor(5, 3)', 'operator.inv(5)',
]
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '!!', type(e).__name__, e)
for name in ('add', 'neg', 'call', 'length_hint', 'setitem', 'countOf', '_compare_digest'):
    f = getattr(_operator, name)
    print(name, f.__text_signature__, f.__module__, f.__doc__.splitlines()[0])
print(operator.add is _operator.add, operator.itemgetter is _operator.itemgetter)
print(sorted(n for n in dir(_operator) if not n.startswith('__'))[:12])
