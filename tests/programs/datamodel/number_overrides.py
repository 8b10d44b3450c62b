# int, float and complex subclasses with overridden operators.

class I(int):
    def __add__(self, other):
        return "I.add"

    def __radd__(self, other):
        return "I.radd"

    def __sub__(self, other):
        return NotImplemented

    def __neg__(self):
        return "I.neg"

    def __invert__(self):
        return "I.invert"

    def __lt__(self, other):
        return "I.lt"

    def __eq__(self, other):
        return "I.eq"

    __hash__ = int.__hash__

    def __bool__(self):
        return False

    def __index__(self):
        return 2

    def __repr__(self):
        return "I()"


i = I(5)
print(i + 1, 1 + i, i + i, 2.5 + i, -i, ~i, +i, abs(i))
print(i < 3, 3 > i, i == 5, 5 == i, bool(i), i * 2, 2 * i, i // 2, i ** 2)
try:
    i - 1
except TypeError as e:
    print("TypeError:", e)
print(1 - i, [10, 20, 30][i], hex(i), repr(i), str(i), f"{i}")
print(sorted([I(1), 0]) if False else "", i.__add__(1), int.__add__(i, 1))


class F(float):
    def __mul__(self, other):
        return "F.mul"

    def __rmul__(self, other):
        return "F.rmul"

    def __float__(self):
        return 9.0

    def __abs__(self):
        return "F.abs"

    def __pos__(self):
        return "F.pos"


f = F(1.5)
print(f * 2, 2 * f, 3.0 * f, f * f, f + 1, abs(f), +f, -f, float(f), round(f))


class Base:
    def __add__(self, other):
        return "Base.add"

    def __radd__(self, other):
        return "Base.radd"


class Derived(Base):
    def __radd__(self, other):
        return "Derived.radd"


print(Base() + Derived(), Derived() + Base(), 1 + Derived(), Base() + 1)


class Same(Base):
    pass


print(Base() + Same(), Same() + Base())


class C(complex):
    def __eq__(self, other):
        return "C.eq"

    def __truediv__(self, other):
        return "C.div"


print(C(1, 2) == 1, C(1, 2) / 2, 2 / C(1, 2) == 0)


class Inplace:
    def __init__(self):
        self.v = 0

    def __iadd__(self, other):
        self.v += other
        return self

    def __isub__(self, other):
        return NotImplemented

    def __sub__(self, other):
        return "sub"

    def __repr__(self):
        return f"Inplace({self.v})"


x = Inplace()
x += 5
x += 2
print(x)
x -= 1
print(x)
