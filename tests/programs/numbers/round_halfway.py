# round() on floats and ints: ties to even, ndigits positive and negative, huge values.
for x in [0.5, 1.5, 2.5, -0.5, -1.5, 0.49999999999999994, 2.675, 1.005, 0.125, 0.375, 5.5e15,
          4503599627370497.0, 1e300, -0.0, 123.456]:
    print(x, round(x), round(x, 0), round(x, 1), round(x, 2), round(x, -1), round(x, -2))
for x in [15.0, 25.0, 35.0, 45.0, 150.0, 250.0, 1234.5678, -25.0, 5e-324, 1.7976931348623157e308]:
    print(round(x, -1), round(x, -2), round(x, 3), round(x, 400), round(x, -400), round(x, 308))
for n in [5, 15, 25, -25, 125, 10 ** 30 + 5 * 10 ** 9, -(10 ** 25), 0, 7]:
    print(round(n), round(n, -1), round(n, -2), round(n, 2), round(n, -10), round(n, -100))
for bad in [lambda: round(float("inf")), lambda: round(float("nan")), lambda: round(1.5, 1.0),
            lambda: round(1.5, "1"), lambda: round(1.7976931348623157e308, -308)]:
    try:
        print(bad())
    except Exception as e:
        print(type(e).__name__, e)
print(round(float("inf"), 2), round(float("nan"), 2), round(2.5, None), type(round(2.5, None)).__name__)
print(round(True), round(True, 2), type(round(7, -1)).__name__, round(0.1 + 0.2, 15))
