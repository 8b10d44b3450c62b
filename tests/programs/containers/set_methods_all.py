# Every set/frozenset method and operator, with CPython's error messages.
def err(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print("ok", r)

s = {1, 2, 3}
s.update([4], (5, 6), {7: 0}, range(8, 10))
print(s, len(s))
s.intersection_update([1, 2, 3, 4, 5], {2, 3, 4, 5, 6})
print(s)
s.difference_update([2], {5})
print(s)
s.symmetric_difference_update([3, 10, 11])
print(s)
print(s.copy(), s.copy() is s, type(s.copy()).__name__)
f = frozenset([1, 2])
print(f.copy() is f, hash(f) == hash(frozenset([2, 1])), hash(frozenset()))
print(hash(frozenset(range(10))), hash(frozenset([-1, -2, 2**61])), hash(frozenset([frozenset([1])])))
print(f | {3}, {3} | f, f & {1}, {1} & f, f - {1}, f ^ {9})
print(type(f | {3}).__name__, type({3} | f).__name__, type(f.union([5])).__name__)
print({1, 2} <= {1, 2}, {1, 2} < {1, 2}, {1} < {1, 2}, {1, 2} >= {1}, {1, 2} > {1, 2})
print({1, 2} == frozenset([1, 2]), {1, 2} != {1, 3}, {1} == [1], {1} != [1])
print(set().issubset([]), {1}.issubset(range(3)), {1, 5}.issuperset([5]), {1}.isdisjoint([2, 3]))
print({1, 2}.isdisjoint({2}), set().isdisjoint(set()), s.isdisjoint(s))
err(lambda: {1} <= [1])
err(lambda: {1} | [1])
err(lambda: {1} - [1])
err(lambda: {[1]})
err(lambda: set([[1]]))
err(lambda: {1}.add([1]))
err(lambda: {1}.remove(99))
err(lambda: {1}.remove([1]))
err(lambda: set().pop())
err(lambda: {1}.add())
err(lambda: {1}.add(1, 2))
err(lambda: set.clear({1}, 2))
err(lambda: {1}.union(x=1))
err(lambda: set(1, 2))
err(lambda: set(a=1))
err(lambda: frozenset(1, 2))
err(lambda: frozenset(a=1))
err(lambda: set(5))
err(lambda: frozenset([1]).add(2))
err(lambda: hash({1}))
print({1, 2} in {frozenset([1, 2])}, {3} in {1, 2})
x = {1, 2, 3}
x.discard({1})
x.remove(frozenset()) if frozenset() in x else None
print(x, frozenset() in {frozenset()}, set() in {frozenset()})
y = {frozenset([1])}
y.remove({1})
print(y)
s = {1, 2}
s |= {3}
s &= {1, 3, 4}
s -= {1}
s ^= {5, 3}
print(s)
err(lambda: s.__ior__([1]))
def iop():
    t = {1}
    t |= [2]
err(iop)
print(set(), frozenset(), repr(set()), str(frozenset()))
class S(set):
    pass
class F(frozenset):
    pass
print(S([1, 2]), F([3]), S(), F(), type(S([1]) | {2}).__name__, type(F([1]) | {2}).__name__)
print(type(S([1]).copy()).__name__, type(F([1]).copy()).__name__, F([1]) == frozenset([1]))
class R:
    def __init__(self, s):
        self.s = s
    def __repr__(self):
        return "R(" + repr(self.s) + ")"
    def __hash__(self):
        return 1
z = set()
z.add(R(z))
print(z)
print(sorted({3, 1, 2}), list(reversed(sorted({"b", "a"}))), max({4, 9, 2}), sum(frozenset([1, 2])))
it = iter({1, 2, 3})
print(it.__length_hint__(), next(it), it.__length_hint__(), type(it).__name__)
m = {1, 2, 3}
try:
    for v in m:
        m.add(v + 10)
except RuntimeError as e:
    print(type(e).__name__, e)
try:
    for v in m:
        m.discard(v)
except RuntimeError as e:
    print(type(e).__name__, e)
k = {1, 2}
it = iter(k)
k.add(3)
err(lambda: next(it))
err(lambda: next(it))
print(s.__contains__(3), set.__len__({1, 2}), frozenset.__contains__(f, 1))
print({1, 2}.__eq__([1, 2]), {1}.__or__(1), {1}.__sub__({1}))
