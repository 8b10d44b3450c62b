class A:
    @staticmethod
    def f(x: int) -> str:
        "static doc"
    @classmethod
    def g(cls):
        "class doc"
    h = staticmethod(len)
for name in "fgh":
    d = A.__dict__[name]
    print(type(d).__name__, d.__name__, d.__qualname__, d.__doc__[:20], d.__module__, getattr(d, "__annotations__", None), d.__wrapped__ is d.__func__)
    print(sorted(vars(d)))
s = staticmethod(lambda: 1)
s.extra = 5
print(s.extra, s.__dict__["extra"], s.__name__)
print(A.f(1), A.g.__name__, A.h("abc"))
