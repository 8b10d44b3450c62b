# Diamond inheritance and the C3 method resolution order.
class A:
    def who(self):
        return ["A"]
class B(A):
    def who(self):
        return ["B"] + super().who()
class C(A):
    def who(self):
        return ["C"] + super().who()
class D(B, C):
    def who(self):
        return ["D"] + super().who()
print([k.__name__ for k in D.__mro__])
print(D().who())
print([k.__name__ for k in D.mro()])
class X: pass
class Y: pass
class Z(X, Y): pass
try:
    class Bad(X, Z):
        pass
except TypeError as e:
    print(type(e).__name__, e)
