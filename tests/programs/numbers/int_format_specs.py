# The format-spec mini-language for ints: bases, alternate form, grouping, padding, c.
vals = [0, 1, -1, 42, -42, 255, 1234567, -9876543210, 2 ** 64, -(2 ** 70), True]
specs = ["", "d", "b", "o", "x", "X", "#b", "#o", "#x", "#X", "c", "n", "+d", " d", "-d",
         "5d", "<5", "^6", "=+8", "08", "08x", "#010x", "#010b", ",", "_", "_b", "_x", "#_x",
         "012,", "012_", "#012_o", "x^10", "0^10", "e", ".2f", "%", "g", ",.2f", ".3", "#"]
for s in specs:
    out = []
    for v in vals:
        try:
            out.append(format(v, s))
        except Exception as e:
            out.append(type(e).__name__ + ": " + str(e))
    print(repr(s), out)
for bad in [".2", ".2d", "z", "zd", "+c", "#c", ",x", ",b", ",c", "s", "j", ",_", "10.2.3",
            ".", "\x01", "d<"]:
    try:
        print(repr(bad), format(42, bad))
    except Exception as e:
        print(repr(bad), type(e).__name__, e)
for c in [65, 0x1F600, 0x110000, -1]:
    try:
        print(format(c, "c"))
    except Exception as e:
        print(type(e).__name__, e)
try:
    format(2 ** 2000, "e")
except Exception as e:
    print(type(e).__name__, e)
print(f"{1234:_^+12,}", f"{-0:x}", f"{12345678901234567890:,}", hex(-255), oct(8), bin(-5))
print(format(True, ""), format(True, "d"), f"{False}", f"{True:>5}", format(3, "08.2%"))
