# Exponentiation, including negative and fractional exponents and pow().
print(2 ** 0, 2 ** 1, 2 ** 62, 2 ** 63, 2 ** 64)
print(2 ** -2, 10 ** -3, (-8) ** (1 / 3) == (-8) ** (1 / 3))
print(pow(2, 10), pow(2, 10, 1000), pow(3, 200, 13), pow(-2, 3, 5), pow(2, -1, 7))
print(pow(2.0, 3), 0.0 ** 0, 1 ** 1000000)
try:
    0 ** -1
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    pow(2, 3.0, 5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    pow(2, -1, 4)
except ValueError as e:
    print(type(e).__name__, e)
