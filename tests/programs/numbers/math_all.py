# Every function of the math module, with domain and range errors.
import math
def show(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print(repr(r))
inf, nan = math.inf, math.nan
for name in ["sqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan",
             "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "fabs",
             "erf", "erfc", "gamma", "lgamma", "cbrt", "degrees", "radians", "floor", "ceil", "trunc"]:
    f = getattr(math, name)
    out = []
    for x in [0.0, -0.0, 0.5, 1, 2, -1, -2.5, 10, 1000, 1e-300, inf, -inf, nan]:
        try:
            out.append(repr(f(x)))
        except Exception as e:
            out.append(type(e).__name__ + ":" + str(e))
    print(name, " ".join(out))
print(math.log(10 ** 1000), math.log2(2 ** 5000), math.log10(10 ** 400), math.log(2 ** 1030, 2))
show(lambda: math.log(-(10 ** 400)))
show(lambda: math.log(8, 1))
show(lambda: math.log(0))
show(lambda: math.log("x"))
show(lambda: math.sqrt(10 ** 400))
for x, y in [(2, 10), (0, 0), (0, -1), (-8, 1 / 3), (2, 1e5), (inf, -1), (nan, 0), (1, nan), (-1, inf), (0.5, -inf)]:
    show(lambda: math.pow(x, y))
for x, y in [(7, 3), (-7, 3), (7, -3), (5, 2), (7, 2), (-0.0, 1), (inf, 1), (1, 0), (1, inf), (nan, 1), (6, 4), (1e308, 1e-308)]:
    show(lambda: (math.fmod(x, y), math.remainder(x, y)))
show(lambda: math.fsum([0.1] * 10))
show(lambda: math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]))
show(lambda: math.fsum([1e308, 1e308]))
show(lambda: math.fsum([inf, -inf]))
show(lambda: math.fsum([inf, 1, inf]))
show(lambda: math.fsum([nan, 1]))
show(lambda: math.fsum([]))
show(lambda: math.fsum([2 ** 53, 1, 1e-16]))
show(lambda: math.hypot(3, 4))
show(lambda: math.hypot())
show(lambda: math.hypot(1e308, 1e308))
show(lambda: math.hypot(1, 2, 3, 4, 5))
show(lambda: math.hypot(inf, nan))
show(lambda: math.hypot(1e-320, 1e-320))
show(lambda: math.dist((0, 0), (3, 4)))
show(lambda: math.dist((1, 2, 3), (4, 5, 6)))
show(lambda: math.dist((1,), (1, 2)))
show(lambda: (math.nextafter(1, 2), math.nextafter(1, 0), math.nextafter(0, -1), math.nextafter(5, 5)))
show(lambda: (math.ulp(1), math.ulp(0), math.ulp(1e300), math.ulp(-2), math.ulp(inf), math.ulp(1.7976931348623157e308)))
show(lambda: (math.isqrt(0), math.isqrt(15), math.isqrt(16), math.isqrt(10 ** 50), math.isqrt(True)))
show(lambda: math.isqrt(-1))
show(lambda: math.isqrt(2.0))
show(lambda: (math.comb(10, 3), math.comb(10, 0), math.comb(3, 10), math.comb(100, 50), math.perm(5), math.perm(5, 0), math.perm(3, 5)))
show(lambda: math.comb(-1, 2))
show(lambda: math.comb(5, -2))
show(lambda: math.perm(5, -1))
show(lambda: math.comb(5.0, 2))
show(lambda: (math.factorial(0), math.factorial(25), len(str(math.factorial(1000)))))
show(lambda: math.factorial(-3))
show(lambda: math.factorial(2.0))
show(lambda: (math.gcd(), math.gcd(0, 0), math.gcd(12, -18, 30), math.lcm(), math.lcm(4, 6, 10), math.lcm(0, 5)))
show(lambda: math.gcd(1.5))
show(lambda: (math.prod([]), math.prod([1.5, 2]), math.prod(range(1, 11)), math.prod([2, 3], start=10)))
show(lambda: (math.modf(-3.25), math.modf(inf), math.modf(-inf), math.frexp(0.0), math.frexp(-12.5), math.frexp(5e-324)))
show(lambda: (math.ldexp(1, 1023), math.ldexp(1, -1074), math.ldexp(1, -1080), math.ldexp(-0.0, 10), math.ldexp(3, 10 ** 30 * 0)))
show(lambda: math.ldexp(1, 1024))
show(lambda: math.ldexp(1, 1.5))
show(lambda: (math.copysign(1, -0.0), math.copysign(nan, -1), math.atan2(0.0, -0.0), math.atan2(-1, -inf)))
show(lambda: (math.isclose(1, 1 + 1e-10), math.isclose(inf, inf), math.isclose(nan, nan), math.isclose(0, 1e-300, abs_tol=1e-200)))
show(lambda: math.isclose(1, 1, rel_tol=-1))
show(lambda: (math.isinf(-inf), math.isnan(nan), math.isfinite(1e308), math.isfinite(nan)))
show(lambda: (math.floor(-0.5), math.ceil(-0.5), math.trunc(-0.5), math.floor(2 ** 80), math.ceil(1e20)))
show(lambda: math.floor(inf))
show(lambda: math.ceil(nan))
show(lambda: math.trunc("x"))
show(lambda: math.sqrt("4"))
show(lambda: math.exp(1000))
show(lambda: math.gamma(0))
show(lambda: math.gamma(-2))
show(lambda: math.gamma(200))
show(lambda: math.lgamma(-1))
show(lambda: math.acosh(0.5))
show(lambda: (math.pi, math.e, math.tau, math.inf, math.nan))
class Floaty:
    def __float__(self):
        return 2.25
class Floor:
    def __floor__(self):
        return "floored"
show(lambda: (math.sqrt(Floaty()), math.floor(Floor()), math.ceil(Floaty())))
print(math.gamma(-9.16239327260308), math.gamma(0.3), math.lgamma(1348.138), math.gamma(141.5), math.gamma(-150.5))
