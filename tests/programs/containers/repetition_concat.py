# Sequence repetition and concatenation errors.
print([1, 2] * 3, (0,) * 3, "ab" * 2, [1] * -1, b"x" * 3)
try:
    [1] + (2,)
except TypeError as e:
    print(type(e).__name__, e)
try:
    [1] * 2.0
except TypeError as e:
    print(type(e).__name__, e)
try:
    (1,) + [2]
except TypeError as e:
    print(type(e).__name__, e)
x = [1]
x += (2, 3)
print(x)
