import abc, collections.abc as cabc, sys
print(abc.ABCMeta.__module__, abc._abc_init.__module__ if hasattr(abc, '_abc_init') else None, 'abc' in sys.modules, '_py_abc' in sys.modules)
class A(abc.ABC):
    @abc.abstractmethod
    def f(self): ...
    @property
    @abc.abstractmethod
    def p(self): ...
print(sorted(A.__abstractmethods__))
try:
    A()
except TypeError as e:
    print(e)
class B(A):
    def f(self): return 1
print(sorted(B.__abstractmethods__))
class C(B):
    p = 3
print(C().f(), C.__abstractmethods__)
class V: pass
A.register(V)
print(issubclass(V, A), isinstance(V(), A), issubclass(int, A))
try:
    A.register(3)
except TypeError as e:
    print(e)
try:
    V.register
except AttributeError as e:
    print(e)
class S:
    def __len__(self): return 0
    def __iter__(self): return iter(())
    def __contains__(self, x): return False
print(isinstance(S(), cabc.Sized), isinstance(S(), cabc.Collection), isinstance(3, cabc.Hashable), isinstance([], cabc.Hashable))
print(isinstance([], cabc.Sequence), isinstance({}, cabc.Mapping), isinstance({}.keys(), cabc.Set), issubclass(bytes, cabc.ByteString))
class MySeq(cabc.Sequence):
    def __getitem__(self, i): return [1,2,3][i]
    def __len__(self): return 3
match MySeq():
    case [a, b, c]: print('seq', a, b, c)
class Reg:
    def __getitem__(self, i):
        if i >= 2: raise IndexError(i)
        return i
    def __len__(self): return 2
cabc.Sequence.register(Reg)
match Reg():
    case [x, y]: print('registered seq', x, y)
class M(cabc.Mapping):
    def __getitem__(self, k): return 1
    def __iter__(self): return iter(['k'])
    def __len__(self): return 1
match M():
    case {'k': v}: print('mapping', v)
t1 = abc.get_cache_token()
class W: pass
A.register(W)
print(abc.get_cache_token() - t1)
class Hook(abc.ABC):
    @classmethod
    def __subclasshook__(cls, C):
        return NotImplemented if C is int else hasattr(C, 'quack')
class Duck:
    quack = 1
print(issubclass(Duck, Hook), issubclass(int, Hook), issubclass(str, Hook))
class Bad(abc.ABC):
    @classmethod
    def __subclasshook__(cls, C): return 3
try:
    issubclass(int, Bad)
except AssertionError as e:
    print('AssertionError', e)
try:
    issubclass(3, A)
except TypeError as e:
    print(e)
r = abc._get_dump(A)
print(len(r), type(r[0]).__name__, r[3] >= 0)
abc._reset_caches(A); abc._reset_registry(A)
print(issubclass(V, A))
print(type(A._abc_impl))
