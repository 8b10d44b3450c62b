# Weak references fill their call, hash and comparison slots natively: the hash
# outlives the referent, dead references compare by identity.
import weakref, gc
class C:
    def __eq__(self, o): return isinstance(o, C)
    def __hash__(self): return 7
a, b = C(), C()
ra, rb = weakref.ref(a), weakref.ref(b)
print(ra() is a, ra == rb, ra != rb, hash(ra), ra == 1, {ra: 1}[ra])
for e in ['ra(1)', 'ra(a=1)', 'ra < rb']:
    try: print(eval(e))
    except Exception as x: print(type(x).__name__, x)
h = hash(ra); del a; gc.collect(); print(ra(), hash(ra) == h, ra == rb, ra == ra)
class D: pass
d = D(); rd = weakref.ref(d); del d; gc.collect()
try: hash(rd)
except TypeError as e: print(e)
s = weakref.WeakValueDictionary(); k = C(); s['x'] = k; print(len(s), s['x'] is k)
ws = weakref.WeakSet([k]); print(len(ws), k in ws)
print(type(weakref.ref.__call__).__name__, weakref.ref.__hash__.__text_signature__)
