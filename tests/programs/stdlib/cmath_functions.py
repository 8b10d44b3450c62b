# cmath: results (with signed zeros, infinities and NaNs), errors, constants,
# argument conversion and isclose.
import cmath
import math

inf = math.inf
nan = math.nan

FUNCTIONS = ["acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh",
             "exp", "log", "log10", "sin", "sinh", "sqrt", "tan", "tanh"]


def attempt(f, *args, **kwargs):
    try:
        return repr(f(*args, **kwargs))
    except Exception as e:
        return f"{type(e).__name__}: {e}"


print("constants", cmath.pi, cmath.e, cmath.tau, cmath.inf, cmath.nan)
print("complex constants", repr(cmath.infj), repr(cmath.nanj), type(cmath.infj).__name__)
print("doc", cmath.__doc__.splitlines()[0])
print("signatures", cmath.sqrt.__text_signature__, cmath.log.__text_signature__,
      cmath.isclose.__text_signature__, cmath.rect.__text_signature__)
print([n for n in dir(cmath) if not n.startswith("_")])

print("-- ordinary values")
for name in FUNCTIONS:
    f = getattr(cmath, name)
    for z in [0.5 + 0.25j, -1.5 + 2j, 3 - 4j, -0.75 - 0.1j, 2, -2.5, 1j, 1e-5 + 1e-5j]:
        print(name, repr(z), attempt(f, z))

print("-- special values")
special = [-inf, -2.3, -0.0, 0.0, 2.3, inf, nan]
for name in FUNCTIONS:
    f = getattr(cmath, name)
    for x in special:
        print(name, x, " ".join(attempt(f, complex(x, y)) for y in special))
for x in special:
    print("rect", x, " ".join(attempt(cmath.rect, x, y) for y in special))
    print("polar", x, " ".join(attempt(cmath.polar, complex(x, y)) for y in special))
    print("phase", x, " ".join(attempt(cmath.phase, complex(x, y)) for y in special))

print("-- signed zeros")
for z in [complex(0.0, 0.0), complex(0.0, -0.0), complex(-0.0, 0.0), complex(-0.0, -0.0)]:
    print(repr(z), [attempt(getattr(cmath, n), z) for n in ["sqrt", "tanh", "atan", "atanh", "asinh", "sin", "tan"]])

print("-- large and tiny arguments")
for z in [1e308 + 1e308j, -1e308 + 1e-308j, 1e-320 + 1e-320j, 5e-324j, 1e200 - 1e200j, 800 + 1j, -800 + 2j]:
    print(repr(z), [attempt(getattr(cmath, n), z) for n in ["sqrt", "log", "acos", "acosh", "asinh", "atanh", "exp", "cosh", "sinh", "tanh"]])

print("-- errors")
for expr in ["cmath.log(0)", "cmath.log(0j, 2)", "cmath.log(2, 0)", "cmath.log(2, 1)",
             "cmath.log(1, 1)", "cmath.log10(0)", "cmath.atanh(1)", "cmath.atanh(-1)",
             "cmath.atan(1j)", "cmath.exp(1000)", "cmath.exp(710 + 1j)", "cmath.cosh(1000 + 1j)",
             "cmath.sinh(-1000 + 2j)", "cmath.sin(1j * 1000)", "cmath.cos(1000j)",
             "cmath.exp(complex(2, inf))", "cmath.tanh(complex(1, inf))", "cmath.tan(complex(inf, 1))",
             "cmath.rect(1, inf)", "cmath.rect(1e308, 0.5)", "cmath.polar(1e308 + 1e308j)",
             "abs(1e308 + 1e308j)", "cmath.log(8, 2)", "cmath.log(-8, 2j)", "cmath.log(100, 10)",
             "cmath.log(1+1j, 1+1j)"]:
    print(expr, "->", attempt(eval, expr))

print("-- arguments")


class WithComplex:
    def __init__(self, value):
        self.value = value

    def __complex__(self):
        return self.value


class WithFloat:
    def __float__(self):
        return 0.25


class WithIndex:
    def __index__(self):
        return 3


class WithInt:
    def __int__(self):
        return 3


class Raising:
    def __complex__(self):
        raise KeyError("from __complex__")


for arg in [WithComplex(1 + 2j), WithComplex(2.0), WithComplex("x"), WithFloat(), WithIndex(),
            WithInt(), Raising(), "1j", None, [1], True, 10 ** 400, 3, 2.5]:
    print(type(arg).__name__, attempt(cmath.sqrt, arg), attempt(cmath.phase, arg))
for args, kwargs in [((), {}), ((1, 2), {}), ((), {"z": 1})]:
    print("sqrt", attempt(cmath.sqrt, *args, **kwargs))
for args, kwargs in [((), {}), ((1, 2, 3), {}), ((1,), {"base": 2}), ((1, "x"), {})]:
    print("log", attempt(cmath.log, *args, **kwargs))
for args in [(1,), (1, 2, 3), (1, 1j), ("a", 1), (2, WithIndex()), (WithFloat(), 0.0)]:
    print("rect", attempt(cmath.rect, *args))


class ComplexSub(complex):
    pass


import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print("subclass from __complex__", cmath.exp(WithComplex(ComplexSub(1, 1))))
    print([(w.category.__name__, str(w.message)) for w in caught])
with warnings.catch_warnings():
    warnings.simplefilter("error")
    print("as error", attempt(cmath.exp, WithComplex(ComplexSub(1, 1))))
print("subclass argument", cmath.sqrt(ComplexSub(-4, 0)))
print("polar", attempt(cmath.polar), attempt(cmath.polar, 3 + 4j), attempt(cmath.polar, -1))

print("-- predicates")
for z in [1, 1j, complex(inf, 0), complex(0, -inf), complex(nan, 0), complex(0, nan), complex(inf, nan), 2.5]:
    print(repr(z), cmath.isfinite(z), cmath.isinf(z), cmath.isnan(z))

print("-- isclose")
cases = [((1 + 1j, 1 + 1.000000001j), {}), ((1 + 1j, 1 + 1.0000001j), {}),
         ((1j, 1j), {}), ((complex(inf, 1), complex(inf, 1)), {}), ((complex(inf, 1), complex(-inf, 1)), {}),
         ((nan, nan), {}), ((0.001j, 0), {"abs_tol": 1.5e-3}), ((0.001j, 0), {"abs_tol": 0.5e-3}),
         ((1 + 1j, 1 + 1.000000000001j), {"rel_tol": 1e-12}), ((1, 1.1), {"rel_tol": 0.2}),
         ((1, 2), {"rel_tol": -1}), ((1, 2), {"abs_tol": -0.5}), ((1j, 1j), {"rel_tol": 1j}),
         ((1j, 1j), {"abs_tol": "x"}), ((1, 2, 3), {}), ((1,), {}), ((1, 2), {"foo": 1}),
         ((), {"a": 1, "b": 1.0}), ((1e308 + 1e308j, -1e308 - 1e308j), {})]
for args, kwargs in cases:
    print(args, kwargs, attempt(cmath.isclose, *args, **kwargs))

print("-- identities")
for z in [0.3 + 0.4j, -2 + 1j, 5 - 7j]:
    print(cmath.isclose(cmath.exp(cmath.log(z)), z), cmath.isclose(cmath.sin(cmath.asin(z)), z),
          cmath.isclose(cmath.rect(*cmath.polar(z)), z))
cmath.sqrt(-1, 2)
