# float(), int(), abs(), math's PyFloat_AsDouble and subscripts dispatch through
# the number slots, honouring subclass overrides, with CPython's result checks.
import math, operator
class F:
    def __float__(self): return 1
class G:
    def __float__(self): return 2.5
class I:
    def __index__(self): return 'x'
class K:
    def __index__(self): return 7
class J:
    def __int__(self): return 'x'
class T:
    def __trunc__(self): return 9
class FS(float): pass
class H:
    def __float__(self): return FS(1.5)
class A:
    def __abs__(self): return 'abs'
class IL(int):
    def __abs__(self): return 'sub'
    def __float__(self): return 0.5
    def __index__(self): return 3
for f in (lambda: float(F()), lambda: math.sqrt(F()), lambda: float(I()), lambda: math.sqrt(I()), lambda: int(J()), lambda: int(I()), lambda: [1][I()], lambda: abs(F()),
          lambda: float(G()), lambda: float(K()), lambda: int(K()), lambda: int(T()), lambda: float(H()), lambda: abs(A()), lambda: operator.abs(A()),
          lambda: abs(IL(-2)), lambda: float(IL(4)), lambda: int(IL(4)), lambda: math.sqrt(IL(4)), lambda: operator.index(IL(5)), lambda: [1,2,3,4][IL(1)],
          lambda: abs(-5), lambda: abs(-2.5), lambda: abs(True), lambda: float('1.5'), lambda: float(b'2'), lambda: float([])):
    try: print(f())
    except TypeError as e: print(e)
class Bad:
    def __index__(self):
        return 'x'
class Huge:
    def __index__(self):
        return 10**100
for seq in ([1, 2], (1, 2), 'ab', b'ab', bytearray(b'ab'), range(2)):
    for key in (Bad(), Huge(), 10**100, 'k'):
        try:
            print(seq[key])
        except (TypeError, IndexError) as e:
            print(type(seq).__name__, type(e).__name__, e)
ba = bytearray(b'ab')
for key in (Bad(), Huge(), 'k'):
    try:
        ba[key] = 1
    except (TypeError, IndexError) as e:
        print(type(e).__name__, e)
    try:
        del ba[key]
    except (TypeError, IndexError) as e:
        print(type(e).__name__, e)
