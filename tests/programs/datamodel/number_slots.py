# int and float arithmetic are Rust slot functions shown as slot wrappers.
print(int.__add__, int.__radd__, float.__mul__, (5).__add__(2), (5).__radd__(2), (5).__sub__(2.0))
print(int.__add__(3, True), int.__truediv__(1, 2), float.__rsub__(1.5, 4), float.__truediv__(1.0, 4))
print(True + True, True & False, 3 // True, 2.5 // 1, 7 % -3, -7.5 % 2, 1 << 70, 10 ** 20 * 3)
for bad in [lambda: int.__add__(1), lambda: int.__add__("a", 1), lambda: float.__add__(1.0, x=1),
            lambda: 1.0 / 0, lambda: 1 // 0, lambda: 1 % 0.0, lambda: 2 ** 1000 * 1.0 ** 2 + 1e308 * 10 ** 400]:
    try:
        print(bad())
    except (TypeError, ZeroDivisionError, OverflowError) as e:
        print(type(e).__name__, e)
class I(int):
    pass
class F(float):
    def __radd__(self, other):
        return "F.radd"
print(I(3) + I(4), type(I(3) + 1).__name__, 1 + F(2.0), F(2.0) + 1, 3.0 * I(2))
print(int.__add__(I(1), 2), I.__add__ is int.__add__, (1).__add__("x"), 1.5 .__add__(None))
