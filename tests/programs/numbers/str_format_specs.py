# The format-spec mini-language for str, and format() dispatch for numbers and objects.
def show(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print(repr(r))
for spec in ["", "s", "10", "<10", ">10", "^10", "^9", "*^11", "010", "0<6", ".2", "10.3", "-^7",
             "\u00e9>5", ">0", "3"]:
    show(lambda: format("abcd", spec))
for spec in ["+", " ", "-", "z", "#", "=10", "d", "x", ",", "_", ",s", "10,", "e", "\x7f"]:
    show(lambda: format("abc", spec))
show(lambda: format("abc", "9999999999999999999999"))
show(lambda: format(1.5, ".9999999999999999999999f"))
show(lambda: format(2, "%"))
show(lambda: format(2.5, ".3%"))
show(lambda: format(1234.5, "n"))
show(lambda: format(1234, "n"))
show(lambda: format(object(), "")[:15])
show(lambda: format(object(), "x"))
show(lambda: format(None, ""))
show(lambda: format([1, 2], ""))
show(lambda: "{:>8.3f}|{:<+6d}|{:^#10x}|{!r:>6}".format(3.14159, 42, 255, "a"))
show(lambda: f"{12345.6789:,.2f} {0.000123:.2e} {-0.0:z.1f} {float('nan'):+} {1e100:g}")
show(lambda: f"{'x':{'>'}{5}}")
show(lambda: format(10 ** 20, ","))
show(lambda: format(-(10 ** 20), "_x"))
show(lambda: format(1e16, ""))
show(lambda: format(1e16, ".17"))
show(lambda: format(123.0, ".0"))
show(lambda: format(0.0001, ".3"))
show(lambda: format(12345.0, ".3"))
show(lambda: format(123456789.0, ".12"))
show(lambda: format(9.999, ".3"))
show(lambda: format(1.0, "#"))
show(lambda: format(5e-324, ".3"))
for bad in [",\x7f", ",\x01", "_\x7f", ",c", "_s"]:
    show(lambda: format(1, bad))
class F(float):
    pass
class I(int):
    pass
for v, spec in [(F(1), "d"), (I(1), "s"), (True, "s"), (True, "xx"), (F(1), "xx"), (I(5), ".2"), (True, ",c"), (1j, "xx")]:
    show(lambda: format(v, spec))
