import abc
class A(abc.ABC):
    @abc.abstractmethod
    def f(self): pass
try: A()
except TypeError as e: print(e)
class B(A):
    def f(self): return 1
print(B().f())
class C:
    __abstractmethods__ = frozenset({'x'})
print(type(C()).__name__)
C.__abstractmethods__ = frozenset({'y', 'x'})
try: C()
except TypeError as e: print(e)
C.__abstractmethods__ = frozenset()
print(type(C()).__name__)
C.__abstractmethods__ = ['z']
try: C()
except TypeError as e: print(e)
del C.__abstractmethods__
print(type(C()).__name__)
try: print(int.__abstractmethods__)
except AttributeError as e: print(e)
