# Comparisons and chains.
print(1 < 2, 2 < 1, 1 <= 1, 1 == 1.0, 1 != 2, "a" < "b", "abc" < "abd")
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1 > 0)
x = 5
print(0 < x <= 5, 0 < x < 5, x == 5 != 4)
def v(n):
    print("eval", n)
    return n
print(v(1) < v(2) < v(0) < v(9))
print([1, 2] < [1, 3], (1, 2) < (1, 2, 0), [1] == [1], (1,) == [1])
one = 1
print(None is None, None is not None, one is not None)
print("a" in "cat", "z" not in "cat", 3 in [1, 2, 3])
try:
    print(1 < "a")
except TypeError as e:
    print(type(e).__name__, e)
try:
    print([] > 0)
except TypeError as e:
    print(type(e).__name__, e)
