# itertools: copy.deepcopy through __reduce__, and __setstate__ with bad or
# out-of-range states.
import copy
import itertools as it


def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


for make in [lambda: it.count(1, 2), lambda: it.repeat([1], 2), lambda: it.product([[1]], 'ab'),
             lambda: it.permutations([[0], 1]), lambda: it.cycle(it.count()),
             lambda: it.islice(it.count(), 5, 9), lambda: it.accumulate(it.repeat(1, 4))]:
    x = make()
    next(x)
    y = copy.deepcopy(x)
    print(type(y).__name__, list(it.islice(y, 5)), list(it.islice(x, 5)))
t(lambda: copy.copy(it.pairwise('abc')))

t(lambda: it.chain().__setstate__(()))
t(lambda: it.chain().__setstate__((1, 2, 3)))
t(lambda: it.chain().__setstate__(1))
t(lambda: it.chain().__setstate__(([],)))
t(lambda: it.cycle('a').__setstate__(([], 1, 2)))
t(lambda: it.cycle('a').__setstate__((1, 1)))
t(lambda: it.cycle('a').__setstate__(([], 1.5)))
t(lambda: it.cycle('a').__setstate__(([], 2**40)))
t(lambda: it.permutations('ab').__setstate__((1, 1)))
t(lambda: it.permutations('ab').__setstate__(((1,), (1,))))
t(lambda: it.permutations('ab').__setstate__(((1, 'a'), (1, 2))))
t(lambda: it.product('ab').__setstate__(('a',)))
t(lambda: it.product('ab').__setstate__((2**70,)))
t(lambda: it.product('ab').__setstate__((1, 2)))
t(lambda: it.combinations('ab', 1).__setstate__((5,)))
t(lambda: it.islice('ab', 1).__setstate__(1.0))
t(lambda: it.groupby('ab').__setstate__((1, 2)))
t(lambda: it.groupby('ab').__setstate__(1))
t(lambda: it._tee('ab').__setstate__((1, 2)))
t(lambda: it._tee('ab').__setstate__((it._tee('a').__reduce__()[2][0], 58)))
t(lambda: it._tee_dataobject(iter([]), 1, None))
t(lambda: it._tee_dataobject(iter([]), [], 1))
t(lambda: it._tee_dataobject(iter([]), [0] * 58, None))
t(lambda: it._grouper(1, 2))
for state in [((9, 9, 9), (9, 9)), ((-1, 0, 5), (0, 0))]:
    p = it.permutations('abc', 2)
    p.__setstate__(state)
    print(list(p))
c = it.combinations('abcd', 2)
c.__setstate__((-5, 9))
print(list(c))
