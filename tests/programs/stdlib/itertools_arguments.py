# itertools: argument binding of every constructor and method, with CPython's
# messages (missing, surplus, unknown and duplicate arguments, wrong types).
import itertools as it


def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


class Init(it.islice):
    def __init__(self, *args, **kw):
        self.kw = kw


print(list(Init('abcdef', 1, 4, foo=1)), Init('a', 1, foo=2).kw)
t(lambda: it.islice('abc', 1, foo=1))
t(lambda: it.cycle('a', x=1))
t(lambda: it.pairwise())
t(lambda: it.pairwise('a', 'b'))
t(lambda: it.starmap(pow))
t(lambda: it.starmap(pow, [], []))
t(lambda: it.compress(data='a'))
t(lambda: it.compress('a', data='b'))
t(lambda: it.compress('a', [1], x=1))
t(lambda: it.groupby('a', 1, key=2))
t(lambda: it.groupby(iterable='a', key=None, x=1))
t(lambda: it.accumulate('a', initial=1, func=None, x=2))
t(lambda: it.accumulate('ab', None, 2))
t(lambda: it.zip_longest('a', fill=1))
t(lambda: it.zip_longest('a', fillvalue=1, x=2))
t(lambda: it.product(foo=1))
t(lambda: it.product(repeat=1, foo=1))
t(lambda: it.repeat(times=3))
t(lambda: it.repeat('a', 1, times=2))
t(lambda: it.permutations('ab', r='x'))
t(lambda: it.combinations('ab', r=1.5))
t(lambda: it.tee('a', n=2))
t(lambda: it.tee('a', 1.5))
t(lambda: it.count().__reduce__(1))
t(lambda: it.count().__reduce__(x=1))
t(lambda: it.cycle('a').__setstate__())
t(lambda: it.cycle('a').__setstate__(1, 2))
t(lambda: it.repeat(1).__length_hint__(1))
t(lambda: it._tee('a').__copy__(1))
