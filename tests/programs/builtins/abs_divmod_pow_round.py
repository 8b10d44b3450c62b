# abs, divmod, pow and round.
print(abs(-5), abs(5.5), abs(-0.0), abs(3 + 4j), abs(True), abs(-2 ** 70))
print(divmod(17, 5), divmod(-17, 5), divmod(17.5, 5), divmod(2 ** 70, 10 ** 10))
print(pow(3, 4), pow(3, 4, 5), pow(2, 0.5), pow(-1, 0.5) == complex(pow(-1, 0.5)), pow(10, -2))
print(round(0.5), round(1.5), round(2.5), round(2.567, 1), round(-2.5), round(7, -1), round(15.0, -1))
try:
    divmod(1, 0)
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    abs(None)
except TypeError as e:
    print(type(e).__name__, e)
