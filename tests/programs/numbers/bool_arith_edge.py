# Arithmetic results at the edges: zero signs, int/float boundaries, huge shifts.
print(0.0 == -0.0, repr(-0.0 * 1), repr(0.0 * -1), 1 / float("inf"), -1 / float("inf"))
print(2 ** 53, float(2 ** 53) + 1, int(float(2 ** 53) + 1), 2 ** 53 + 1)
print(1 << 200 >> 199, (1 << 200) // (1 << 199), -(1 << 100) >> 99)
print(10 ** 20 / 10 ** 10, 10 ** 400 // 10 ** 399, type(10 ** 20 / 10 ** 10).__name__)
try:
    10 ** 400 / 1
except OverflowError as e:
    print(type(e).__name__, e)
try:
    float(10 ** 400)
except OverflowError as e:
    print(type(e).__name__, e)
print(round(0.1 + 0.2, 15), 7 // -1, -7 // 1, 0 // -3, -0 % 5)
