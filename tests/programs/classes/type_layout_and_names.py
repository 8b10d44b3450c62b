# A class's __base__ is the base that fixes its instance layout (CPython's
# best_base); bases whose layouts conflict are refused; __name__/__qualname__
# assignment is checked; builtin types show their __text_signature__.
import itertools, io

class A: pass
class S:
    __slots__ = ("x",)
class D(A, S): pass
class E(A, int): pass
class F(list, A): pass
for c in (D, E, F, bool, type, object):
    print(c.__name__, c.__base__)

def attempt(label, call):
    try:
        r = call()
    except Exception as e:
        print(label, type(e).__name__, e)
    else:
        print(label, "ok", r)

attempt("int+str", lambda: type("X", (int, str), {}))
attempt("list+dict", lambda: type("X", (list, dict), {}))
class T:
    __slots__ = ("y",)
attempt("two slotted", lambda: type("X", (S, T), {}))
attempt("duplicate", lambda: type("X", (A, A), {}))
class B(A): pass
attempt("mro", lambda: type("X", (A, B), {}))

class N: pass
N.__name__ = "Renamed"
N.__qualname__ = "Q.Renamed"
print(N, N.__name__, N.__qualname__)
attempt("name int", lambda: setattr(N, "__name__", 3))
attempt("qualname int", lambda: setattr(N, "__qualname__", 3))
attempt("name nul", lambda: setattr(N, "__name__", "a\0b"))
attempt("del name", lambda: delattr(N, "__name__"))
attempt("int name", lambda: setattr(int, "__name__", "x"))
attempt("module of int", lambda: int.__module__)

class P: pass
class Q(P): pass
attempt("bases to int", lambda: setattr(Q, "__bases__", (int,)))
attempt("bases to S", lambda: setattr(Q, "__bases__", (S,)))
attempt("bases to A", lambda: setattr(Q, "__bases__", (A,)))
print(Q.__bases__, Q.__base__)

for t in (object, list, tuple, float, complex, enumerate, reversed, property,
          memoryview, itertools.count, itertools.permutations, itertools.groupby,
          io.BufferedReader, int, dict, A):
    print(t.__name__, t.__text_signature__)
print(repr(itertools.count), repr(io.BytesIO))
