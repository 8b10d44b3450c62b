# range: construction, len, indexing, slicing, index/count, equality, hash, reversed, big values.
def err(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print("ok", r)

r = range(3, 20, 4)
print(r, list(r), len(r), r[0], r[-1], r[1:3], r[::-1], r[::2], r[10:], r[-100:100])
print(r.start, r.stop, r.step, r.index(7), r.count(7), r.count(8), 7 in r, 8 in r, 7.0 in r)
err(lambda: r.index(8))
err(lambda: r.index("a"))
err(lambda: r[10])
err(lambda: r["a"])
err(lambda: range(1, 2, 0))
err(lambda: range())
err(lambda: range(1, 2, 3, 4))
err(lambda: range(1.5))
err(lambda: range(x=1))
print(range(0) == range(5, 5), range(0, 3) == range(0, 3, 1), range(0, 5, 2) == range(0, 6, 2), range(1) == [0])
print(hash(range(0)) == hash(range(3, 3)), hash(range(0, 5, 2)) == hash(range(0, 6, 2)), hash(range(1, 2)) == hash(range(1, 2, 5)))
print(list(reversed(range(10, 0, -3))), list(reversed(range(0))), list(reversed(range(5, 1))))
print(range(-5, 5)[3:-3], range(10)[::-3], range(0, -10, -2), list(range(0, -10, -2)))
big = range(10**20, 10**20 + 5)
print(big, len(big), big[2], big[-1], big[1:3], 10**20 + 3 in big, big.index(10**20 + 4))
huge = range(10**30)
print(huge[-1], huge[10**29], huge[::10**10][:2], huge.count(5), 10**29 in huge)
err(lambda: len(huge))
err(lambda: len(range(-2**63, 2**63)))
print(len(range(-2**61, 2**61)), range(2**63 - 5, 2**63)[-1], list(range(2**63 - 2, 2**63)))
print(list(reversed(range(2**64, 2**64 + 3))), reversed(range(3)).__length_hint__())
it = iter(range(5))
next(it)
print(it.__length_hint__(), list(it), type(it).__name__)
print(range(5).__reversed__().__next__(), bool(range(0)), bool(range(1)), range(3).__len__())
print(range(True, 5)[0], range(0, 10, 3)[-2], repr(range(0, 5, 1)), str(range(-3, 3, 2)))
print(sum(range(1, 101)), max(range(7)), sorted(range(5, 0, -1)), 3 in range(10**20), -1 in range(5))
class I:
    def __index__(self):
        return 4
print(range(I()), range(I())[I()-1] if False else range(I())[3])
print(range(10)[slice(2, None, 3)], range(10)[slice(None, None, -1)][2])
