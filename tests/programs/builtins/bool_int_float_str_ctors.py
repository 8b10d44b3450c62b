# Constructors of basic types as conversions.
print(bool(), int(), float(), str(), list(), tuple(), dict(), set(), complex())
print(int("12"), float("1.5e2"), str(12), bool("False"), list("ab"), tuple([1]), set([1, 1]))
print(complex("1+2j"), complex(1.5), int("7"), float(True))
print(str(b"bytes"), str(b"bytes", "ascii"), bytes("ab", "ascii"), bytearray(2))
print(dict(a=1), dict({"b": 2}, c=3), dict([("d", 4)]), frozenset("aa"))
try:
    dict([1, 2])
except TypeError as e:
    print(type(e).__name__, e)
try:
    list(5)
except TypeError as e:
    print(type(e).__name__, e)
