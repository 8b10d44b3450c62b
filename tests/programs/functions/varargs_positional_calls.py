# Functions with *args and **kwargs called with positional arguments only:
# the extra arguments packed, an empty **kwargs, bound methods, decorators
# forwarding, recursion and generators.
def f(*a): return a
def g(x, *a): return x, a
def h(x, **k): return x, k
def j(x, y=2, *a, **k): return x, y, a, k
class C:
    def m(self, *a): return self.__class__.__name__, a
    def __exit__(self, *exc): return exc
print(f(), f(1), f(1, 2, 3), g(1), g(1, 2), h(1), j(1), j(1, 5), j(1, 2, 3, 4))
print(C().m(), C().m(1, 2))
m = C().m
print(m(1), C.m(C(), 9))
try: g()
except TypeError as e: print(e)
try: h(1, 2)
except TypeError as e: print(e)
try: h()
except TypeError as e: print(e)
def deco(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper
@deco
def add(a, b): return a + b
print(add(1, 2), add(a=1, b=3))
def gen(*a):
    yield from a
print(list(gen(1, 2, 3)))
def rec(n, *a):
    return rec(n - 1, *a) if n else a
print(rec(50, 1, 2))
def kw(**k): return k
print(kw(), kw(a=1))
