# Attribute hooks and methods assigned to a class after use take effect at once.
class A:
    def greet(self):
        return "hi"
a = A()
a.x = 1
print(a.x, a.greet())
A.__getattribute__ = lambda self, n: 42
print(a.x, a.y)
class B(A):
    pass
print(B().z)
del A.__getattribute__
print(a.x, a.greet())
A.greet = lambda self: "hello"
print(a.greet(), B().greet())
class C:
    def __setattr__(self, n, v):
        object.__setattr__(self, n, v * 2)
c = C()
c.v = 4
print(c.v)
C.__setattr__ = object.__setattr__
c.v = 4
print(c.v)
