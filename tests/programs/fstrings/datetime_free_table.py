# A small report built with f-strings.
rows = [("apples", 3, 0.5), ("kiwis", 12, 0.25), ("melon", 1, 2.75)]
print(f"{'item':<8}{'qty':>5}{'price':>8}{'total':>8}")
total = 0
for name, qty, price in rows:
    line_total = qty * price
    total += line_total
    print(f"{name:<8}{qty:>5}{price:>8.2f}{line_total:>8.2f}")
print(f"{'':-<29}")
print(f"{'sum':<21}{total:>8.2f}")
