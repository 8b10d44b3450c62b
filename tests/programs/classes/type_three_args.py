# type() with one and three arguments builds classes at run time.
def hello(self):
    return f"hello from {type(self).__name__}"
Base = type("Base", (), {"greet": hello, "x": 1})
Child = type("Child", (Base,), {"x": 2})
c = Child()
print(c.greet(), c.x, Base.x, Child.__mro__)
print(type(c), type(Child), type(3), type("s"), type(None), type(type))
print(Child.__name__, Child.__bases__, Base.__dict__["x"])
try:
    type("Bad", (3,), {})
except TypeError as e:
    print(type(e).__name__, e)
try:
    type(1, 2)
except TypeError as e:
    print(type(e).__name__, e)
