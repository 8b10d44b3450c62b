# Data and non-data descriptors and lookup precedence.
class Data:
    def __get__(self, obj, owner):
        return "data descriptor"
    def __set__(self, obj, value):
        print("Data.__set__", value)
class NonData:
    def __get__(self, obj, owner):
        return "non-data descriptor"
class C:
    d = Data()
    n = NonData()
c = C()
c.__dict__["d"] = "instance d"
c.__dict__["n"] = "instance n"
print(c.d, c.n)
c.d = 5
print(C.d, C.n)
class Method:
    def f(self):
        return "bound"
m = Method()
print(Method.f(m), m.f(), m.f.__self__ is m, m.f.__func__ is Method.f)
print(m.f == m.f, type(m.f).__name__)
