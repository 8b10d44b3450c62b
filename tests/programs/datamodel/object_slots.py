# object fills its slots natively: identity ==, != through the type's ==, the
# identity hash, the default repr and str, and the six comparison wrappers.
class A: pass
a, b = A(), A()
print(a == a, a == b, a != b, a != a, hash(a) == hash(a), repr(a).startswith('<__main__.A object at 0x'), str(a) == repr(a))
print(object.__eq__(a, a), object.__eq__(a, b), object.__ne__(a, b), object.__lt__(a, b), a.__le__(b), object.__hash__(a) == hash(a))
try: a < b
except TypeError as e: print(e)
class E:
    def __eq__(self, o): return 'eq-result'
e = E(); print(e == 1, e != 1, E.__hash__, object.__ne__(e, 1))
class F:
    def __eq__(self, o): return NotImplemented
print(F() != F(), F() == F())
class R:
    def __repr__(self): return 'R!'
print(str(R()), f"{R()}", object.__repr__(R()).startswith('<__main__.R object'), object.__str__(R()))
class S:
    def __str__(self): return 'S!'
print(str(S()), repr(S()).startswith('<'))
class H:
    def __hash__(self): return 42
print(hash(H()), {H(): 1}.__len__())
for bad in ["object.__eq__()", "object.__eq__(1)", "object.__hash__()", "object.__ne__(1, 2, 3)", "object.__lt__(1)", "hash([])"]:
    try: print(bad, '->', eval(bad))
    except Exception as x: print(bad, '!!', type(x).__name__, x)
print(type(object.__eq__).__name__, object.__eq__.__text_signature__, object.__hash__.__text_signature__, object.__repr__.__text_signature__, object.__lt__.__qualname__)
print(1 == 1.0, None == None, None != 0, NotImplemented == NotImplemented)
class N(int): pass
print(N(3) == 3, N(3) != 4, hash(N(3)))
