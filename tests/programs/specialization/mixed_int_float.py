# Arithmetic and comparisons between ints and floats, on both sides, at the edges
# of exact conversion and with big ints.
edges = [0, 1, -1, 7, 2**53 - 1, 2**53, 2**53 + 1, -(2**53) - 1, 2**62, 2**63 - 1, -(2**63), 2**64, 10**30]
floats = [0.0, -0.0, 0.5, -2.5, 1e16, 9007199254740993.0, float("inf"), float("-inf"), float("nan"), 1e308]
for i in edges:
    for f in floats:
        row = []
        for a, b in ((i, f), (f, i)):
            for op in ("+", "-", "*", "/"):
                try:
                    row.append(repr(eval(f"a {op} b")))
                except (ZeroDivisionError, OverflowError) as e:
                    row.append(type(e).__name__)
            row.append(f"{a < b}{a <= b}{a == b}{a != b}{a > b}{a >= b}")
        print(i, f, " ".join(row))

total = 0
for k in range(10):
    total += k * 0.5
    total = total - k
    if total < k:
        total *= 2
print(total)
