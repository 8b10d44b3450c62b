# itertools.groupby and its _grouper: keys, groups retired by the next group,
# groups made directly, errors from key functions and comparisons.
import itertools as it


def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


print([(k, list(g)) for k, g in it.groupby('aaabccdd')])
print([(k, list(g)) for k, g in it.groupby(range(10), key=lambda x: x // 3)])
print([(k, ''.join(g)) for k, g in it.groupby('AaBbbC', str.lower)])
gb = it.groupby('aabbc')
k1, g1 = next(gb)
k2, g2 = next(gb)
print(k1, list(g1), k2, next(g2), list(g2), list(g2))
gb = it.groupby('aab')
_, g = next(gb)
print(next(g), type(g).__name__, type(g).__module__, iter(g) is g)
g3 = it._grouper(gb, 'a')
print(list(g), list(g3), next(gb, ('end',))[0], next(gb, ('end',))[0])
t(lambda: it._grouper(gb))
t(lambda: it._grouper(gb, 1, x=2))


def bad_key(x):
    if x == 3:
        raise ValueError('bad key %r' % x)
    return x < 3


gb = it.groupby([1, 2, 3, 4], bad_key)
print(next(gb)[0])
t(lambda: next(gb)[0])
t(lambda: next(gb)[0])


class Weird:
    def __eq__(self, other):
        raise RuntimeError('no compare')


gb = it.groupby([Weird(), Weird()])
next(gb)
t(lambda: next(gb))
