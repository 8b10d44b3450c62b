# int() from strings and other types.
print(int("42"), int("-17"), int("  9  "), int("+3"), int("1_000"))
print(int("ff", 16), int("0x1F", 16), int("0x1F", 0), int("777", 8), int("0b101", 0), int("z", 36))
print(int(3.99), int(-0.5), int(True), int())
for bad in ["", "abc", "1.5", "12x"]:
    try:
        int(bad)
    except ValueError as e:
        print(type(e).__name__, e)
try:
    int("5", 1)
except ValueError as e:
    print(type(e).__name__, e)
try:
    int(None)
except TypeError as e:
    print(type(e).__name__, e)
try:
    int(float("inf"))
except OverflowError as e:
    print(type(e).__name__, e)
try:
    int(float("nan"))
except ValueError as e:
    print(type(e).__name__, e)
print(float("1e3"), float("-inf"), float(" 12 "), float(3), float("1_0.5"))
