# Sequence operators (sq_concat, sq_repeat) run after both operands' number slots
# decline, as CPython orders them; classes inheriting list keep its +=.
import weakref
class L(list): pass
l = L([1, 2])
p = weakref.proxy(l)
print(p + [5], [0] + p, p * 2, 2 * p)
for e in ["p + 1", "1 + p", "p * 1.5", "p - 1"]:
    try: print(eval(e))
    except Exception as x: print(e, type(x).__name__, x)
class A:
    def __radd__(self, o): return 'radd'
    def __rmul__(self, o): return 'rmul'
print([1] + A(), [1] * A(), (1,) + A(), 'a' + A())
class B(list):
    def __add__(self, o): return 'B.add'
    def __radd__(self, o): return 'B.radd'
print(B() + [1], [1] + B(), B.__add__.__qualname__, '__iadd__' in B.__dict__)
x = B([1]); x += [2]; print(x, type(x).__name__)
class C(list):
    __add__ = None
try: print(C() + [1])
except Exception as e: print(type(e).__name__, e)
import operator
print(operator.concat([1], [2]), operator.mul([1], 2), operator.iadd([1], [2]), operator.imul([1], 2))
try: operator.concat(1, 2)
except Exception as e: print(type(e).__name__, e)
