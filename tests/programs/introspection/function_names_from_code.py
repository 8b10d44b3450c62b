# A function's __name__ and __qualname__ are its code's co_name and co_qualname
# objects, as PyFunction_New takes them.
def f(): pass
class C:
    def m(self): pass
    class D:
        def n(self): return (lambda: 0)
print(f.__qualname__ is f.__code__.co_qualname, f.__name__ is f.__code__.co_name)
print(C.m.__qualname__ is C.m.__code__.co_qualname, C.D.n.__qualname__)
g = C.D().n()
print(g.__name__ is g.__code__.co_name, g.__qualname__ is g.__code__.co_qualname, g.__qualname__)
def gen(): yield 1
it = gen()
print(it.__name__, it.__qualname__, it.__name__ is gen.__name__)
f.__qualname__ = "renamed"
print(f.__qualname__, f.__code__.co_qualname)
