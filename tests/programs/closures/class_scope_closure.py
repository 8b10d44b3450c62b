# Methods do not see class-level names directly; closures skip class scopes.
x = "global"
class C:
    x = "class"
    def method(self):
        return x
    def other(self):
        return C.x
    lam = lambda self: x
print(C().method(), C().other(), C().lam())
def f():
    y = "function"
    class D:
        y = "class"
        def get(self):
            return y
        seen = y
    return D().get(), D.seen
print(f())
