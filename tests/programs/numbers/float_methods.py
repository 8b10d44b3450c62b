# float methods and float() parsing, with their error messages.
def show(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print(repr(r))
for x in [0.0, -0.0, 1.0, -2.5, 0.1, 1e300, 5e-324, 2.2250738585072014e-308, 3.0e-310, 1 / 3]:
    print(x.hex(), float.fromhex(x.hex()) == x, x.as_integer_ratio(), x.is_integer(), x.__trunc__())
for s in ["0x1.8p1", "-0X1P-2", "1p0", "0x.8", "inf", "-Infinity", "nan", " 0x1.0p+10 ", "0x1.fffffffffffff8p1023",
          "0x1p-1074", "0x1p-1075", "0x1.8p-1074", "0x3p-1076", "0x1p1024", "0x", "0x1.2.3", "1e5", "0x1p", ""]:
    show(lambda: float.fromhex(s))
for s in ["1.5", " -2.5e3 ", "1_000.5", "1__0", "_1", "1_", "1_.5", "1._5", "inf", "-iNfInItY", "+nan",
          "--1", "1e", "1e+", ".5", "5.", ".", "e5", "0x10", "\u0661\u0662.5", "\u2003 7 \u2003",
          "1e500", "-1e-500", "1.5j", "infinit", "nan(1)", "\x00", "12\n", " "]:
    show(lambda: float(s))
show(lambda: float(b"2.5"))
show(lambda: float(None))
show(lambda: float(10 ** 400))
show(lambda: float("x" * 300))
show(lambda: float(1, 2))
show(lambda: float(x=1))
show(lambda: float.__getformat__("double"))
show(lambda: float("nan").as_integer_ratio())
show(lambda: float("inf").as_integer_ratio())
show(lambda: (2.5).conjugate())
show(lambda: (2.5).real + (2.5).imag)
show(lambda: (-7.5).__floor__())
show(lambda: (-7.5).__ceil__())
show(lambda: (7.9).__int__())
show(lambda: float("inf").__int__())
show(lambda: float("nan").__trunc__())
show(lambda: 1e300 * 1e10)
show(lambda: 2.0 ** 10000)
show(lambda: (-8.0) ** (1 / 3))
show(lambda: (-2.0) ** 0.5)
show(lambda: (-2.0) ** 3)
show(lambda: 0.0 ** -1)
show(lambda: float("nan") ** 0)
show(lambda: 1.0 ** float("nan"))
show(lambda: (-1.0) ** float("inf"))
show(lambda: float("-inf") ** 3)
show(lambda: float("-inf") ** -3)
show(lambda: pow(2.0, 3, 5))
show(lambda: divmod(7.5, -2))
show(lambda: divmod(-7.5, 2))
show(lambda: -7.5 // 0.0)
show(lambda: 7.5 % 0.0)
show(lambda: divmod(1.0, 0))
show(lambda: 1.0 / 0)
show(lambda: (-0.0) % 5)
show(lambda: 5 % -0.5)
show(lambda: 1e308 + 10 ** 400)
class F(float):
    pass
show(lambda: F.fromhex("0x1p3"))
show(lambda: type(F.fromhex("0x1p3")).__name__)
show(lambda: F(2.5) + 1)
print(repr(-1284119026030952.25), repr(1416600406022431.25), 2.0 ** 52 + 0.5, [x / 4 for x in range(2 ** 52 * 4 + 1, 2 ** 52 * 4 + 6)])
