# weakref.proxy passes every protocol on to its referent: length, items,
# iteration, comparison, numbers (either operand a proxy), truth and str.
import weakref, gc
class L(list): pass
l = L([3, 1, 2])
p = weakref.proxy(l)
print(len(p), p[0], 2 in p, bool(p), list(iter(p)), str(p), p == [3, 1, 2], p < [4])
p[0] = 9; del p[1]; print(l, p + [5], [0] + p, -weakref.proxy(L([1]))[0])
p += [7]; print(l, type(p).__name__)
class N:
    def __init__(self, v): self.v = v
    def __add__(self, o): return N(self.v + (o.v if isinstance(o, N) else o))
    def __radd__(self, o): return N(o + self.v)
    def __neg__(self): return N(-self.v)
    def __abs__(self): return 'abs'
    def __index__(self): return 3
    def __float__(self): return 2.5
    def __int__(self): return 4
    def __iter__(self): return self
    def __next__(self): raise StopIteration
n = N(1); q = weakref.proxy(n)
print((q + 1).v, (1 + q).v, (-q).v, abs(q), [0,1,2,3][q], float(q), int(q), list(q), next(q, 'end'))
try: hash(p)
except TypeError as e: print(e)
del l; gc.collect()
try: len(p)
except ReferenceError as e: print(e)
try: next(weakref.proxy(N(1)))
except ReferenceError as e: print(e)
