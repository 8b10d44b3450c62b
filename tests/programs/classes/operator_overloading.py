# Arithmetic operators, reflected and in-place forms.
class Vec:
    def __init__(self, *c):
        self.c = list(c)
    def __repr__(self):
        return f"Vec{tuple(self.c)}"
    def __add__(self, other):
        if isinstance(other, Vec):
            return Vec(*[a + b for a, b in zip(self.c, other.c)])
        return NotImplemented
    def __mul__(self, k):
        return Vec(*[a * k for a in self.c])
    def __rmul__(self, k):
        print("rmul")
        return self * k
    def __iadd__(self, other):
        print("iadd")
        self.c = [a + b for a, b in zip(self.c, other.c)]
        return self
    def __neg__(self):
        return Vec(*[-a for a in self.c])
    def __abs__(self):
        return sum(a * a for a in self.c) ** 0.5
    def __matmul__(self, other):
        return sum(a * b for a, b in zip(self.c, other.c))
v = Vec(1, 2)
w = Vec(3, 4)
print(v + w, v * 3, 3 * v, -v, abs(w), v @ w)
alias = v
v += w
print(v, alias is v)
try:
    v -= w
except TypeError as e:
    print(type(e).__name__, e)
try:
    v + 1
except TypeError as e:
    print(type(e).__name__, e)
class Num:
    def __init__(self, n):
        self.n = n
    def __radd__(self, other):
        return Num(other + self.n)
    def __repr__(self):
        return f"Num({self.n})"
print(1 + Num(2), sum([1, 2], 0) + Num(0))
print(5 + Num(1))
