# len of many types.
print(len("abc"), len([1, 2]), len((1,)), len({1: 2}), len({1, 2, 3}), len(range(5)), len(b"xy"), len(""))
print(len(frozenset()), len(bytearray(3)), len({}.keys()), len("é"), len("\U0001F600"))
try:
    len(5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    len(iter([1]))
except TypeError as e:
    print(type(e).__name__, e)
