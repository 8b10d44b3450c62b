# int and float fill their unary, truth, hash, conversion and repr slots natively.
big = 10**30
for n in (5, -7, 0, big, -big, True, 2**63 - 1, -2**63):
    print(-n, +n, abs(n), ~n, int(n), n.__index__(), float(n), bool(n), hash(n) == hash(int(n)), repr(n))
for x in (1.5, -0.0, float('inf'), float('nan'), 1e300):
    print(-x, +x, abs(x), float(x), bool(x), repr(x), hash(x) == hash(x) if x == x else 'nan')
print(int(2.9), int(-2.9), hash(1.0) == hash(1), hash(0.5))
for bad in ["int(float('inf'))", "int(float('nan'))", "float(10**400)", "int.__neg__(1.5)", "int.__neg__()", "float.__abs__(1)", "int.__hash__('a')", "float.__repr__(2)", "int.__bool__(1, 2)"]:
    try: print(bad, '->', eval(bad))
    except Exception as x: print(bad, '!!', type(x).__name__, x)
class I(int):
    def __neg__(self): return 'own'
print(-I(3), +I(3), type(+I(3)).__name__, abs(I(-2)), type(abs(I(-2))).__name__, I(5).__index__(), type(I(5).__index__()).__name__)
class F(float): pass
print(-F(2.5), type(-F(2.5)).__name__, repr(F(1.0)), float(F(2.0)), type(float(F(2.0))).__name__)
print(type(int.__neg__).__name__, int.__neg__.__text_signature__, float.__hash__.__text_signature__, int.__neg__(5), (7).__invert__())
