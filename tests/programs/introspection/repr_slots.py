# The reprs of functions, methods, builtins, descriptors, cells, code, modules,
# slices, super, frames, weak references and aliases are native slots; a weak
# reference shows its referent's __name__.
import re
def f(): pass
class C:
    def m(self): pass
def cells():
    x = 1
    def g(): return x
    return g.__closure__[0]
def clean(s): return re.sub(r'0x[0-9a-f]+', 'ADDR', s)
import sys, weakref, types
print(clean(repr(f)), clean(repr(C().m)), repr(len), clean(repr([].append)), repr(list.append), clean(repr((1).__add__)), repr(int.__add__))
print(clean(repr(cells())), clean(repr(f.__code__)), repr(sys)[:20], repr(slice(1, 2)), clean(repr(super(C, C()))), clean(repr(sys._getframe())).split(',')[0])
r = weakref.ref(C); print(clean(repr(r)))
print(repr(list[int]), repr(int | str), repr(types.SimpleNamespace(a=1)))
print(type(type(f).__repr__).__name__, type(f).__repr__.__text_signature__)
