# itertools: __reduce__ of every type at each stage of iteration, and copy.copy
# built on it (with __setstate__ where the type has one).
import copy
import itertools as it


def show(x):
    if isinstance(x, tuple):
        inner = ', '.join(show(i) for i in x)
        return '(' + inner + (',)' if len(x) == 1 else ')')
    if isinstance(x, list):
        return '[' + ', '.join(show(i) for i in x) + ']'
    r = repr(x)
    return '<' + type(x).__name__ + '>' if ' at 0x' in r else r


def stages(make, steps=(0, 1, 3, 20)):
    for n in steps:
        x = make()
        for _ in range(n):
            next(x, None)
        y = copy.copy(x)
        print(n, show(x.__reduce__()), show(list(it.islice(y, 4))), show(list(it.islice(x, 4))))


stages(lambda: it.count(3))
stages(lambda: it.count(2.5, 0.5), (0, 2))
stages(lambda: it.repeat('r', 3), (0, 2, 5))
stages(lambda: it.repeat('r'), (0, 2))
stages(lambda: it.cycle([1, 2, 3]), (0, 1, 4, 5))
stages(lambda: it.islice([1, 2, 3, 4, 5, 6, 7], 1, None, 2))
stages(lambda: it.chain([1, 2], [3]))
stages(lambda: it.chain.from_iterable([[1], [2, 3]]), (0, 2))
stages(lambda: it.product('ab', [0, 1]), (0, 1, 3, 4))
stages(lambda: it.combinations('abcd', 2), (0, 1, 5, 6))
stages(lambda: it.combinations_with_replacement('abc', 2), (0, 2, 6))
stages(lambda: it.permutations('abc', 2), (0, 1, 5, 6))
stages(lambda: it.accumulate([1, 2, 3, 4]))
stages(lambda: it.accumulate([1, 2, 3], initial=10), (0, 1))
stages(lambda: it.accumulate([None, 1, 2], lambda a, b: b), (0, 1))
stages(lambda: it.zip_longest([1, 2], [3], fillvalue='-'), (0, 1, 2))
stages(lambda: it.starmap(pow, [(2, 3), (3, 2)]), (0, 1))
stages(lambda: it.takewhile(lambda x: x < 3, [1, 2, 3, 1]), (0, 3))
stages(lambda: it.dropwhile(lambda x: x < 3, [1, 2, 3, 1]), (0, 3))
stages(lambda: it.filterfalse(None, [0, 1, 0]), (0, 1))
stages(lambda: it.compress('abc', [1, 0, 1]), (0, 1))
stages(lambda: it.groupby('aabbc'), (0, 1, 3))
g = it.groupby('aab')
k, grp = next(g)
print(show(grp.__reduce__()), next(grp), show(copy.copy(grp).__reduce__()))
next(g)
print(show(grp.__reduce__()), list(grp))
a, b = it.tee([1, 2, 3])
next(a)
print(show(a.__reduce__()), show(a.__reduce__()[2][0].__reduce__()))
print(list(copy.copy(a)), list(a), list(b))
