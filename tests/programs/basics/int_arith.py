# Integer arithmetic: the four operations, floor division and modulo with signs.
print(7 + 3, 7 - 3, 7 * 3, 7 / 2, 6 / 3)
for a, b in [(7, 3), (-7, 3), (7, -3), (-7, -3), (0, 5)]:
    print(a, b, a // b, a % b, divmod(a, b))
print(2 ** 10, 2 ** -1, (-2) ** 3, -2 ** 2, 0 ** 0)
print(10 // 3 * 3 + 10 % 3)
print(-(-5), +5, -0)
print(1 + 2 * 3 - 4 // 2 ** 2)
x = 17
x //= 5
print(x)
x **= 3
print(x)
x %= 7
print(x)
