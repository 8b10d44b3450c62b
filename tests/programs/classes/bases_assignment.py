class A: pass
class B: pass
class C(A): pass
class D(C): pass
C.__bases__ = (B,)
print(C.__mro__, D.__mro__, A.__subclasses__(), B.__subclasses__())
for bad in ((), [B], (1,), (D,), (int,)):
    try: C.__bases__ = bad
    except TypeError as e: print(e)
try: int.__bases__ = (object,)
except TypeError as e: print(e)
try: del C.__bases__
except TypeError as e: print(e)
class X: x = 1
class Y:
    x = 2
    def __len__(self): return 7
class Z(X): pass
z = Z()
Z.__bases__ = (Y,)
print(Z.x, z.x, len(z), isinstance(z, Y), isinstance(z, X))
class P: pass
class Q(P): pass
class R(P, Q) if False else object: pass
try:
    Q.__bases__ = (P, Q)
except TypeError as e:
    print(e)
from typing import NamedTuple, Generic, TypeVar
T = TypeVar('T')
class Pair(NamedTuple, Generic[T]):
    first: T
    second: T
print(Pair(1, 2), Pair.__bases__, Pair[int])
import tomllib
print(tomllib.loads('a = 1\n[t]\nb = "x"\nc = [1, 2]\n'))
