# Attribute sites that find a builtin computed attribute (a getset descriptor) in
# the class: the getter is called straight from the cache, per class.
class A:
    pass
class B(A):
    pass
def f(objs):
    return [o.__class__.__name__ for o in objs]
print(f([A(), B(), 1, "s", A()] * 3))
def g(e):
    return e.args
for e in [ValueError(1), KeyError(2), ValueError(3)]:
    print(g(e))
def h(fn):
    return fn.__name__
print([h(x) for x in [f, g, h, len, print]])
class C:
    @property
    def __class__(self):
        return int
print(f([C(), A(), C()]))
