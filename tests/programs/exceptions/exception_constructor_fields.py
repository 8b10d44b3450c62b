# Exception constructors: args kept as given (and replaced when __init__ is
# called again or overridden), keyword rules per family, family fields set from
# the arguments, and classes whose bases change.
class Mine(ValueError):
    pass


class WithInit(Exception):
    def __init__(self, a, b=2):
        super().__init__(a + b)


class NoSuper(KeyError):
    def __init__(self, *args):
        self.extra = args


for make in [lambda: ValueError(), lambda: ValueError(1, "two"), lambda: Mine("m"),
             lambda: WithInit(1), lambda: NoSuper(3, 4), lambda: StopIteration(7),
             lambda: SystemExit(), lambda: SystemExit(1, 2), lambda: ImportError("x", name="n", path="p"),
             lambda: NameError("n", name="nm"), lambda: AttributeError("a", name="b", obj=3),
             lambda: OSError(2, "missing", "f"), lambda: UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad")]:
    e = make()
    print(type(e).__name__, e.args, str(e))
    for field in ("value", "code", "name", "path", "obj", "errno", "filename", "reason", "extra"):
        if hasattr(e, field) and field in type(e).__dict__ or field in getattr(e, "__dict__", {}):
            print("  ", field, getattr(e, field))

e = ValueError(1)
e.__init__(2, 3)
print(e.args)
BaseException.__init__(e)
print(e.args)
try:
    ValueError(x=1)
except TypeError as err:
    print(err)
try:
    UnicodeDecodeError("x")
except TypeError as err:
    print(err)
try:
    BaseException.__init__()
except TypeError as err:
    print(err)
try:
    BaseException.__new__()
except TypeError as err:
    print(err)


class A(Exception):
    pass


class B(Exception):
    pass


class C(A):
    pass


print(StopIteration in C.__mro__, C(5).args)
C.__bases__ = (B,)
print(C.__mro__[1].__name__, C(6).args)


class S(StopIteration):
    pass


S.__bases__ = (StopIteration,)
print(S(9).value)
for i in range(3):
    try:
        raise Mine(i)
    except ValueError as err:
        print("caught", err.args)
