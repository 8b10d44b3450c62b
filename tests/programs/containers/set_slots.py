# set and frozenset fill their slots natively: len, repr, iteration, in (also a
# method), the set operators and their in-place forms, comparisons and hash.
s = {1, 2, 3}; f = frozenset([2, 3, 4])
print(len(s), repr(s), repr(f), repr(set()), repr(frozenset()), 2 in s, 9 in f, sorted(iter(s)))
print(s | f, s & f, s - f, s ^ f, f | s, type(f | s).__name__, type(s | f).__name__, f - s)
print(s < {1, 2, 3, 4}, s <= s, s == {3, 2, 1}, s != f, f > frozenset([2]), s >= f)
t = set(s); t |= {9}; t &= {1, 9}; t -= {1}; t ^= {5}; print(t)
print(hash(f) == hash(frozenset([4, 3, 2])), {f: 1}[frozenset({2, 3, 4})])
for bad in ["s | [1]", "[1] | s", "s < 1", "hash(s)", "set.__contains__(s)", "set.__len__([])", "{[]} ", "[] in s", "s.__or__([1])", "s.__ror__(f)", "s.__ior__([1])", "f.__ior__", "s.__contains__([])", "frozenset.__hash__(s)"]:
    try: print(bad, '->', eval(bad))
    except Exception as x: print(bad, '!!', type(x).__name__, x)
class S(set):
    def __contains__(self, x): return True
    def __len__(self): return 7
print(5 in S(), len(S()), S([1]) | {2}, type(S([1]) | {2}).__name__, set.__contains__(S([1]), 1))
class F(frozenset): pass
print(F([1]) | {2}, type(F([1]) & frozenset([1])).__name__, repr(F([1])), hash(F([1])) == hash(frozenset([1])))
x = s; x |= {7}; print(x is s, s)
print(type(set.__contains__).__name__, set.__contains__.__doc__, type(set.__or__).__name__, set.__ior__.__text_signature__, frozenset.__hash__.__text_signature__)
import collections.abc
class MySet(collections.abc.Set):
    def __init__(self, it): self.d = list(it)
    def __iter__(self): return iter(self.d)
    def __len__(self): return len(self.d)
    def __contains__(self, x): return x in self.d
print(sorted({1, 2} | MySet([3])), sorted(MySet([3]) | {1}), {1, 2} == MySet([1, 2]))
