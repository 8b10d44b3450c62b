# The builtin iterators fill their iter and next slots natively; subclasses keep or
# override them.
it = iter([1, 2, 3])
print(next(it), it.__next__(), iter(it) is it, it.__iter__() is it, list(it))
try: it.__next__()
except StopIteration as e: print('stop', e.args)
for mk in [lambda: iter((1, 2)), lambda: iter('ab'), lambda: iter('é€'), lambda: iter(b'ab'), lambda: iter(range(2)), lambda: iter({1: 2}), lambda: iter({1: 2}.values()), lambda: iter({1: 2}.items()), lambda: iter({1}), lambda: reversed([1, 2]), lambda: enumerate('ab'), lambda: zip('ab', 'cd'), lambda: map(str, [1]), lambda: filter(None, [0, 1]), lambda: reversed('ab'), lambda: iter(lambda: 1, 1)]:
    i = mk(); print(type(i).__name__, list(i), next(i, 'end'))
class E(enumerate):
    def __next__(self): return ('own', super().__next__())
print(list(E('ab')))
class Z(zip): pass
print(list(Z('ab', 'xy')), type(Z.__next__).__name__, Z.__next__.__text_signature__, type(iter([]).__next__).__name__)
for bad in ["type(iter([])).__next__(5)", "type(iter([])).__next__()", "type(iter([])).__iter__(1)"]:
    try: print(bad, '->', eval(bad))
    except Exception as x: print(bad, '!!', type(x).__name__, x)
d = {1: 2}; i = iter(d); d[3] = 4
try: next(i)
except RuntimeError as e: print(e)
