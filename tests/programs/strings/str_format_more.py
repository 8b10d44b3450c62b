# str.format and format_map: numbering, fields, conversions, nested specs, errors.
class P:
    x = 3
    items = [10, 20]

    def __format__(self, spec):
        return "P<" + spec + ">"


print("{} {} {}".format(1, "a", None), "{2}{1}{0}".format("a", "b", "c"), "{0}{0}".format("z"))
print("{.x} {.items[1]}".format(P(), P()), "{0.items[0]:>5}".format(P()))
print("{:{}}|{:>{w}}|{:{fill}^{w}}".format("a", 4, "b", "c", w=5, fill="*"))
print("{!r:>6}|{!s}|{!a}".format("é", "é", "é"), "{:xyz}".format(P()))
print("{d[key]} {d[0]} {l[0]}".format(d={"key": "v", 0: "zero"}, l=[5]), "{[0]}".format("abc"))
print("{{}} {{{}}}".format(7), "{0:}".format(3), "{:%}".format(0.25), "{:,}".format(10 ** 6))
print("{name}: {0:.2f}".format(3.14159, name="pi"), "{:>{}.{}f}".format(2.5, 8, 3))
print("{x}-{y}".format_map({"x": 1, "y": 2}))


class Missing(dict):
    def __missing__(self, key):
        return "<" + key + ">"


print("{a} {b}".format_map(Missing(a=1)))
bad = [
    ("{", ()), ("}", ()), ("{0", ()), ("{}{0}", (1, 2)), ("{0}{}", (1, 2)), ("{1}", (1,)),
    ("{x}", ()), ("{!x}", (1,)), ("{0!}", (1,)), ("{0!rx}", (1,)), ("{0.}", (1,)), ("{0[}", ([1],)),
    ("{0[]}", ([1],)), ("{0[0]x}", ([1],)), ("{0.nope}", (1,)), ("{0[5]}", ([1],)), ("{:d}", ("s",)),
    ("{a{b}", ()), ("{:{:{}}}", (1, 2, 3)), ("}}{", ()), ("x}y", ()), ("{0:{1}}", (1,)),
]
for fmt, args in bad:
    try:
        print(repr(fmt), repr(fmt.format(*args)))
    except Exception as e:
        print(repr(fmt), type(e).__name__, e)
try:
    "{}".format_map({})
except Exception as e:
    print(type(e).__name__, e)
