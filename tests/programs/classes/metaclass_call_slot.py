# Calling a class goes through its metaclass's call slot: type.__call__ natively, a
# metaclass's own __call__ (also one set or deleted later) by name.
import abc, enum
class A(abc.ABC):
    def __init__(self, x): self.x = x
print(A(3).x, type.__call__(A, 4).x)
class M(type):
    def __call__(cls, *a): return ('meta', a)
class B(metaclass=M): pass
print(B(1, 2))
class M2(type):
    def __call__(cls, *a):
        r = super().__call__(*a)
        r.tag = 'm2'
        return r
class C(metaclass=M2):
    def __init__(self, v): self.v = v
c = C(5); print(c.v, c.tag)
class Color(enum.Enum):
    R = 1
print(Color(1), Color['R'])
print(type(type.__call__).__name__, type.__call__.__text_signature__)
for bad in ["type.__call__()", "type.__call__(1)", "type.__call__(int, '7')"]:
    try: print(bad, '->', eval(bad))
    except Exception as x: print(bad, '!!', type(x).__name__, x)
class M3(type): pass
class D(metaclass=M3):
    def __init__(self, a, b=2): self.s = a + b
print(D(1).s, D(1, b=5).s, type(3), type('X', (), {}).__name__)
M3.__call__ = lambda cls, *a: 'patched'
print(D(1))
del M3.__call__
print(D(1).s)
