# itertools objects in reference cycles are found and freed by the cycle collector
# (the sources are generators, which the collector sees through).
import gc
import itertools as it

freed = []


class Marker:
    def __del__(self):
        freed.append(1)

    def __index__(self):
        return 1

    def __add__(self, other):
        return self


def loop(name, make):
    # marker -> its __dict__ -> itertools object -> ... -> marker
    m = Marker()
    m.ref = make(m)
    del m
    gc.collect()
    n = len(freed)
    print(name, n)
    freed.clear()


def gen(*items):
    # No builtin iterator in the frame: the collector cannot see through those.
    i = 0
    while i < len(items):
        yield items[i]
        i += 1


def advanced(make):
    def build(m):
        obj = make(m)
        next(obj)
        return obj
    return build


gc.disable()
loop('count', lambda m: it.count(m, m))
loop('repeat', lambda m: it.repeat(m, 2))
loop('cycle', advanced(lambda m: it.cycle(gen(m))))
loop('chain', advanced(lambda m: it.chain.from_iterable(gen(gen(m, m)))))
loop('islice', lambda m: it.islice(gen(m), 1))
loop('product', lambda m: it.product([m]))
loop('combinations', lambda m: it.combinations([m], 1))
loop('cwr', lambda m: it.combinations_with_replacement([m], 1))
loop('permutations', lambda m: it.permutations([m]))
loop('zip_longest', lambda m: it.zip_longest(gen(), fillvalue=m))
loop('starmap', lambda m: it.starmap(m, gen()))
loop('takewhile', lambda m: it.takewhile(m, gen()))
loop('dropwhile', lambda m: it.dropwhile(m, gen()))
loop('filterfalse', lambda m: it.filterfalse(m, gen()))
loop('compress', lambda m: it.compress(gen(m), gen()))
loop('pairwise', advanced(lambda m: it.pairwise(gen(m, m, m))))
loop('accumulate', advanced(lambda m: it.accumulate(gen(m, m))))
loop('initial', lambda m: it.accumulate(gen(), initial=m))
loop('groupby', advanced(lambda m: it.groupby(gen(m))))
loop('grouper', lambda m: next(it.groupby(gen(m)))[1])
loop('tee', advanced(lambda m: it.tee(gen(m, m))[0]))
loop('tee_dataobject', lambda m: it._tee_dataobject(gen(), [m], None))
gc.enable()


def self_loop():
    items = []
    c = it.cycle(items)
    items.append(c)
    next(c)


for _ in range(20000):
    self_loop()
print('done')
