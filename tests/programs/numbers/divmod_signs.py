# Floor division and modulo follow the sign of the divisor.
for a in [-7, -6, 6, 7]:
    for b in [-3, 3]:
        print(f"{a:3} {b:3} {a // b:3} {a % b:3}")
print(-7.5 // 2, -7.5 % 2, 7.5 // -2, 7.5 % -2)
print(divmod(-13, 4), divmod(13, -4), divmod(-13.0, 4))
print(-(2 ** 70) // 3, -(2 ** 70) % 3)
for a, b in [(1, 0), (1.0, 0), (5, 0.0)]:
    try:
        a // b
    except ZeroDivisionError as e:
        print(type(e).__name__, e)
    try:
        a % b
    except ZeroDivisionError as e:
        print(type(e).__name__, e)
