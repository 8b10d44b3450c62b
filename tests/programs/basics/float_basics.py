# Float arithmetic and repr.
print(0.1 + 0.2, 1 / 3, 2 / 3, 1e16, 1e-5, 1.5e300 * 1e10)
print(1.0, -0.0, 100.0, 1e22, 1e21, 123456789.123)
print(3.0 * 2, 7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2)
print(float("inf"), float("-inf"), float("nan"))
inf = float("inf")
nan = float("nan")
print(inf > 1e308, -inf < 0, nan == nan, nan != nan, inf - inf)
print(2.0 ** 0.5, 10 ** -2, 4 ** 0.5)
print(round(2.5), round(3.5), round(-2.5), round(2.675, 2), round(1234.5678, -2))
print(int(3.9), int(-3.9), float(7), float("  2.5 "))
print((0.5).as_integer_ratio(), (2.0).is_integer(), (2.5).is_integer())
print(1.0 == 1, 0.1 + 0.2 == 0.3, abs(-2.5))
try:
    1.0 / 0
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    float("abc")
except ValueError as e:
    print(type(e).__name__, e)
print(5e-324, 1.7976931348623157e308)
