# int() from strings and other objects: bases, prefixes, underscores, whitespace, errors.
def show(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print(repr(r))
for s, b in [("10", 10), ("0x1f", 16), ("0X1F", 0), ("0o17", 0), ("0b101", 0), ("1_000", 10),
             ("0_0", 0), ("00", 0), ("010", 0), ("0x_1f", 16), ("0x__1f", 16), ("_1", 10), ("1_", 10),
             ("1__0", 10), (" \t-42\n", 10), ("+7", 10), ("- 7", 10), ("z", 36), ("Z", 36), ("10", 2),
             ("12", 2), ("0b", 0), ("0x", 16), ("", 10), ("  ", 10), ("\u0661\u0662", 10),
             ("\u00a0 5 \u2003", 10), ("1.5", 10), ("9" * 30, 10), ("0o", 8), ("0b1", 16),
             ("0x10", 0), ("1e3", 10), ("١٢٣", 0), ("0_7", 0), ("0" * 50, 0)]:
        show(lambda: int(s, b))
show(lambda: int("10", 1))
show(lambda: int("10", 37))
show(lambda: int("10", -1))
show(lambda: int(10, 10))
show(lambda: int(b"12", 8))
show(lambda: int(b" 42 "))
show(lambda: int(b"4x"))
show(lambda: int("x" * 300))
show(lambda: int(3.99))
show(lambda: int(-3.99))
show(lambda: int(1e20))
show(lambda: int(float("inf")))
show(lambda: int(float("nan")))
show(lambda: int(None))
show(lambda: int([1]))
show(lambda: int(base=10))
show(lambda: int("5", base=10))
show(lambda: int(x="5"))
show(lambda: int("10", 0x10))
class WithIndex:
    def __index__(self):
        return 7
class WithTrunc:
    def __trunc__(self):
        return 9
class WithInt:
    def __int__(self):
        return 11
class BadInt:
    def __int__(self):
        return "x"
show(lambda: int(WithIndex()))
show(lambda: int(WithInt()))
show(lambda: int(BadInt()))
show(lambda: int("7", WithIndex()))
class MyInt(int):
    pass
m = MyInt("12", 8)
print(m, type(m).__name__, m + 1, type(m + 1).__name__, repr(MyInt(5)), int(m), type(int(m)).__name__)
