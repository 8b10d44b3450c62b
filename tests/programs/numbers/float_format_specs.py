# The format-spec mini-language for floats: every type, flags, grouping, padding.
vals = [0.0, -0.0, 1.0, -1.5, 0.5, 2.5, 1234567.891, 1e-7, 1.5e300, 123456789012345678.0,
        0.1, 1 / 3, 9.995, 99.5, 1e16, 1e15, 0.0001, 0.00001, float("inf"), float("-inf"),
        float("nan")]
specs = ["", "e", "E", ".0e", ".3e", "#.0e", "f", "F", ".0f", "#.0f", ".2f", ".10f", "g", "G",
         ".0g", ".1g", ".3g", "#g", "#.3g", ".17g", "%", ".1%", "n", ".3n", ".3", ".1", "#",
         "+", " ", "-", "z.1f", "z", "+.2e", "10.2f", "<10.2f", "^10.2f", "=+10.2f",
         "010.2f", "x>10.2f", "*^12.3e", ",", ",.2f", "_.3f", "015,.2f", "012_", "+015,.1f",
         ",g", "_e", "09.3%", "#10.0f"]
for s in specs:
    out = []
    for v in vals:
        try:
            out.append(format(v, s))
        except Exception as e:
            out.append(type(e).__name__ + ": " + str(e))
    print(repr(s), out)
for x in [0.125, 0.375, 2.675, 1.005, 5e-324, 1.7976931348623157e308, 2.5, 3.5, 0.05]:
    print(f"{x:.2f} {x:.1f} {x:.0f} {x:.2e} {x:.3g} {x!r} {x}")
for bad in ["d", "x", "c", "s", "b", ".2d", "==", "10.2.3", ".f", ",_", "_,", "<<<", "=^"]:
    try:
        format(1.5, bad)
    except Exception as e:
        print(repr(bad), type(e).__name__, e)
print(format(1.5, "0=+10"), format(-1.5, "0<10"), format(2.0, "#.0e"), format(1e22, ".0f"))
print("%.3f %e %g %g %10.4f %10.2e| %+g" % (3.14159, 12345.678, 0.00001234, 1e20, 2.5, 3.0, 7.0))
