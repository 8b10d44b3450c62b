# round() with banker's rounding and ndigits.
for x in [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, 2.4999, 2.5001]:
    print(x, round(x), type(round(x)).__name__)
print(round(3.14159, 2), round(3.14159, 0), round(2.675, 2), round(-1.005, 2))
print(round(1234, -2), round(1250, -2), round(1350, -2), round(15, -1), round(25, -1))
print(round(5), round(5, 2), type(round(5.0, 1)).__name__)
print(round(1e300, 2), round(0.0), round(-0.0))
try:
    round(float("inf"))
except OverflowError as e:
    print(type(e).__name__, e)
