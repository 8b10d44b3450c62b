# Mixed int/float/bool/complex arithmetic promotes to the wider type.
print(1 + 2.0, type(1 + 2.0).__name__, True + 1.5, 3 * 1j, type(1 + 1j).__name__)
print(10 / 4, 10 // 4.0, 10 % 4.0, 2 ** 0.5 * 2 ** 0.5)
print(1 == 1.0 == True, 2 ** 53 + 1 == float(2 ** 53 + 1), 2 ** 53 + 1 > float(2 ** 53))
print(0.1 * 3, 3 * 0.1, 1e308 * 10, -1e308 * 10)
print(7 / 7, type(7 / 7).__name__, 6 // 2, type(6 // 2.0).__name__)
print(sum([0.1] * 10), sum([1, 2.5, True]))
