# Numbers rendered through f-strings.
for v in [0, 7, -7, 1000000, 2 ** 70]:
    print(f"{v}|{v:,}|{v:x}|{v:>12}|{v:<4}|")
for v in [0.0, 1.5, -2.25, 1e20, 1 / 3]:
    print(f"{v}|{v:.3f}|{v:g}|{v:.2e}|{v:10}|")
print(f"{True}|{True:d}|{None}|{3+4j}")
