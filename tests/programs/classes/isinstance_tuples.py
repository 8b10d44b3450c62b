# isinstance and issubclass with tuples and builtin types.
class A: pass
class B(A): pass
class C: pass
b = B()
print(isinstance(b, (C, A)), isinstance(b, (C, int)), isinstance(3, (str, (float, int))))
print(issubclass(B, (C, A)), issubclass(bool, int), issubclass(int, (bool,)))
print(isinstance(None, type(None)), isinstance(int, type), isinstance(type, object))
print(isinstance([], list), isinstance((), list), isinstance({}, dict), isinstance("", (bytes, str)))
try:
    isinstance(1, 2)
except TypeError as e:
    print(type(e).__name__, e)
try:
    issubclass(b, A)
except TypeError as e:
    print(type(e).__name__, e)
print(type(b) is B, type(b) == A, B.__base__ is A)
