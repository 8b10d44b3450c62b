# Weak proxies reach attributes through their getattr and setattr slots; only the
# proxy to a callable has a call slot.
import weakref, gc
class C:
    x = 1
    def __call__(self, a): return a * 2
c = C(); p = weakref.proxy(c)
print(p.x, p(4), callable(p), type(p).__name__)
p.y = 5; print(c.y); del p.y; print(hasattr(c, 'y'))
class D: z = 3
d = D(); q = weakref.proxy(d)
print(q.z, callable(q), type(q).__name__, '__call__' in type(q).__dict__, '__call__' in type(p).__dict__, '__delattr__' in type(q).__dict__)
try: q(1)
except TypeError as e: print(e)
del d; gc.collect()
for e in ['q.z', 'q.w = 1']:
    try: exec(e)
    except ReferenceError as x: print('ReferenceError', x)
print(type(type(p).__getattribute__).__name__)
