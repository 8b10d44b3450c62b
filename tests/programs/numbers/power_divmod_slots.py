# pow() is CPython's ternary nb_power slot (no __rpow__ with a modulus; the
# modulus's type is tried last) and divmod() a binary slot; the power and divmod
# of int, float, complex, timedelta and weak proxies are native.
def t(f):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, e)
t(lambda: 1 ** 'a')
t(lambda: pow(1, 2, 'a'))
t(lambda: pow('a', 2, 3))
t(lambda: pow(2.0, 2, 3))
t(lambda: pow(2, 2.0, 3))
t(lambda: pow(2, 2, 3.0))
t(lambda: pow(2j, 2, 3))
t(lambda: (2).__pow__(3, 5))
t(lambda: (2).__rpow__(3, 5))
t(lambda: (2).__pow__())
t(lambda: (2).__pow__(1,2,3))
t(lambda: (2).__pow__(1, mod=3))
t(lambda: (2).__pow__(2.0))
t(lambda: (2.0).__pow__(2, 3))
t(lambda: (2.0).__rpow__(2))
t(lambda: (2j).__pow__(2))
t(lambda: (2j).__rpow__(2))
t(lambda: (2j).__pow__(2, 2))
t(lambda: int.__pow__(2.0, 2))
class P:
    def __pow__(self, o, m=None): return ('pow', o, m)
    def __rpow__(self, o, m=None): return ('rpow', o, m)
t(lambda: pow(P(), 2, 3))
t(lambda: pow(2, P(), 3))
t(lambda: pow(2, 3, P()))
t(lambda: P() ** 2)
t(lambda: 2 ** P())
class Q(int):
    def __rpow__(self, o, m=None): return ('Qrpow', o, m)
t(lambda: 2 ** Q(3))
t(lambda: pow(2, Q(3), 5))
x = 3; x **= 2; print(x)
class R:
    def __ipow__(self, o): return ('ipow', o)
r = R(); r **= 5; print(r)
t(lambda: divmod(7, 2)); t(lambda: divmod(7.5, 2)); t(lambda: divmod('a', 2)); t(lambda: divmod(1j, 2))
t(lambda: (7).__divmod__(2)); t(lambda: (7).__rdivmod__(2))
print(int.__pow__, float.__rpow__, complex.__pow__, int.__divmod__, complex.__add__)
print(int.__pow__.__text_signature__, int.__divmod__.__text_signature__)
t(lambda: 10 ** -2); t(lambda: 0 ** -1); t(lambda: pow(3, -1, 7)); t(lambda: pow(2, -1, 4)); t(lambda: pow(2,3,0))
t(lambda: (-8.0) ** (1/3)); t(lambda: 0.0 ** -1); t(lambda: 1j ** -1); t(lambda: 0j ** -1)
t(lambda: 2 ** 0.5); t(lambda: True ** 2)
import operator; t(lambda: operator.pow(2, 10)); t(lambda: operator.ipow(2, 10))
t(lambda: complex(1,2) + 1); t(lambda: 1 - 2j); t(lambda: 3 * (1+1j)); t(lambda: (1+1j) / 0); t(lambda: 1 / 1j)
t(lambda: -(1+2j)); t(lambda: +(1-2j)); t(lambda: abs(3+4j)); t(lambda: bool(0j)); t(lambda: hash(1+2j)); t(lambda: repr(-0j))
t(lambda: abs(complex(1e308, 1e308))); t(lambda: complex.__add__(1j, 'a')); t(lambda: complex.__add__(1, 1j))
t(lambda: (1j).__radd__(2)); t(lambda: (1j).__rsub__(2)); t(lambda: (1j).__rtruediv__(2)); t(lambda: 1j % 2); t(lambda: 1j // 2)
class C(complex):
    def __radd__(self, o): return 'Cradd'
t(lambda: 1j + C(1)); t(lambda: C(1) + 1j)
class D:
    def __divmod__(self, o): return ('divmod', o)
    def __rdivmod__(self, o): return ('rdivmod', o)
t(lambda: divmod(D(), 1)); t(lambda: divmod(1, D()))
import datetime, weakref
t(lambda: divmod(datetime.timedelta(days=1, seconds=5), datetime.timedelta(hours=5)))
t(lambda: datetime.timedelta(1).__divmod__(datetime.timedelta(hours=7)))
class Num:
    def __init__(self, v): self.v = v
    def __pow__(self, o, m=None): return ('Num.pow', o, m)
    def __rpow__(self, o, m=None): return ('Num.rpow', o)
    def __divmod__(self, o): return ('Num.divmod', o)
n = Num(1); p = weakref.proxy(n)
t(lambda: p ** 2); t(lambda: 2 ** p); t(lambda: pow(p, 2, 3)); t(lambda: divmod(p, 5))
class M(int): pass
t(lambda: pow(M(2), 10, 1000)); t(lambda: M(2) ** -1); t(lambda: divmod(M(7), 2))
class PowerCls:
    __pow__ = lambda self, o, m=None: 'assigned later'
t(lambda: PowerCls() ** 1)
del PowerCls.__pow__
t(lambda: PowerCls() ** 1)
PowerCls.__rpow__ = lambda self, o: 'rpow set'
t(lambda: 1 ** PowerCls())
print(complex.__hash__, complex.__abs__.__text_signature__, float.__divmod__.__text_signature__)
t(lambda: float.__rpow__(2.0, 3, 5)); t(lambda: complex.__rpow__(1j, 2))
