# Operator precedence and associativity.
print(2 + 3 * 4 ** 2, (2 + 3) * 4, 2 ** 3 ** 2, (2 ** 3) ** 2)
print(-3 ** 2, (-3) ** 2, not 1 == 2, 1 | 2 ^ 3 & 4, 1 << 2 + 1)
print(10 - 4 - 3, 100 / 10 / 5, 2 * 3 % 4, 7 // 2 * 2)
print(1 if 0 else 2 if 0 else 3, 3 > 2 and 2 > 1 or False)
print(~1 + 1, -~5, not -1)
print("a" + "b" * 3, ("a" + "b") * 3)
