# complex: constructor, repr, arithmetic with ints and floats, pow, hash, errors.
def show(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print(repr(r))
vals = [0j, 1j, -1j, 1 + 2j, -0.0 - 0j, complex(-0.0, -0.0), complex(0.0, -0.0), 1.5 - 2.25j,
        complex(1e16, 1e-5), complex(float("inf"), float("nan")), complex(-1, 0), 3 + 0j]
for v in vals:
    print(repr(v), str(v), v.real, v.imag, v.conjugate(), abs(v), hash(v) == hash(v), bool(v))
for a in [1 + 2j, 2, 0.5, -3j]:
    for b in [3 - 4j, 2, 0.25, 1j]:
        print(a + b, a - b, a * b, a / b, a ** 2, b == a)
show(lambda: (1 + 1j) / 0)
show(lambda: (1 + 1j) / 0j)
show(lambda: 1 / 0j)
show(lambda: 0j ** -1)
show(lambda: 0j ** 1j)
show(lambda: 0j ** 0)
show(lambda: (1 + 1j) ** 0.5)
show(lambda: (2 + 3j) ** (1 + 1j))
show(lambda: (1 + 1j) ** 100)
show(lambda: (1 + 1j) ** -3)
show(lambda: 1e200j ** 2)
show(lambda: pow(1j, 2, 3))
show(lambda: 1j < 2j)
show(lambda: 1j // 2)
show(lambda: 1j % 2)
show(lambda: int(1j))
show(lambda: float(1j))
show(lambda: abs(complex(1e308, 1e308)))
for s in ["1+2j", " (3-4j) ", "j", "-j", "+1.5J", "1e3-2.5e-2j", "inf+nanj", "1_000+2_0j",
          "1+", "1+2", "(1+2j", "", "1 + 2j", "1__0j", "3", "-0", "\u0661+\u0662j", "nanj"]:
    show(lambda: complex(s))
show(lambda: complex(1, 2))
show(lambda: complex(1j, 1j))
show(lambda: complex("1", 2))
show(lambda: complex(1, "2"))
show(lambda: complex(None))
show(lambda: complex([]))
show(lambda: complex(real=3, imag=4))
show(lambda: complex(2.5))
show(lambda: complex(10 ** 400))
print(hash(1 + 0j) == hash(1), hash(2.5 + 0j) == hash(2.5), hash(1j), hash(-1 - 1j), hash(3.5 - 2j))
print(1 + 0j == 1, 1j == 1j, 2 + 0j == 2.0, 1j != 1, (1 + 0j) == 10 ** 400, complex(2 ** 53 + 1, 0) == 2 ** 53 + 1)
print(format(1 + 2j), format(1.5 - 2j, ".2f"), format(1j, "10"), format(-1 - 1j, "<15.3e"), format(3 + 4j, "^20g"))
show(lambda: format(1j, "010"))
show(lambda: format(1j, "=10"))
show(lambda: format(1j, "d"))
print(f"{2 + 3j!r} {complex(0, 1e20)} {complex(1e-20, -0.0)}")
print(-(1 + 2j), +(1 - 2j), (1 + 2j).__getnewargs__(), type(1j).__name__)
