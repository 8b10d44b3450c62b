# Fixed-point formatting ('f', '%', printf '%.Nf') rounds the float's exact
# binary value half to even, at every precision, for halves, thirds, integers,
# huge, tiny and random bit patterns; and format specs lay the digits out.
import random
import struct

r = random.Random(5)
values = [0.5, 1.5, 2.5, 0.125, 0.375, 1e15, 2.0**60, 2.0**63, 2.0**70, 1e-5, 5e-324,
          1e300, 123.456, 0.005, 0.015, 0.025, 1 / 3, 2 / 3, 10.0, 9.995, 99.995, 0.0,
          -0.0, -2.5, float("inf"), float("-inf"), float("nan")]
for _ in range(600):
    k = r.random()
    if k < 0.3:
        values.append(r.uniform(-1e6, 1e6))
    elif k < 0.5:
        values.append(r.randrange(-10**6, 10**6) / r.choice([2, 4, 8, 16, 1000, 3, 7]))
    elif k < 0.7:
        values.append(struct.unpack("<d", struct.pack("<Q", r.getrandbits(64)))[0])
    else:
        values.append(r.randrange(0, 10**5) / 1000 + 0.0005)
for v in values:
    row = [f"{v:.{p}f}" for p in (0, 1, 2, 3, 6, 17, 22, 25)]
    row.append(f"{v:.3%}")
    row.append("%.2f" % v)
    row.append("%+.1f" % v)
    print(" ".join(row))

for spec in ["", "d", "5d", "<5d", "^7d", "=+8d", "08d", ",", "_x", "#x", "#010b",
             "X", "o", "c", " d", "+,d"]:
    print(repr(spec), [format(n, spec) for n in (0, 7, -7, 65, 12345678, -2**40)
                       if not (spec == "c" and n < 0)])
for spec in ["8.3f", "<10.2f", "^12.1f", "=+12.2f", "012.3f", ",.2f", "_.1f", ".2%",
             "*>10.1f", "z.1f", "#.0f", ".0f", "10.3e", "g", ".3g", "n"]:
    print(repr(spec), [format(x, spec) for x in (0.0, -0.0, 3.14159, -2718.28, 1e9, 1e-9)])
print(format(True, "d"), format(False, "5"), format(2**100, ",d"), format(-2**70, "x"))
for bad in ["d.2", ",c", "=s", "%d", "zd"]:
    try:
        format(5, bad)
    except ValueError as e:
        print(bad, "->", e)
