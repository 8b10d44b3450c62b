# list operators, identity and aliasing.
a = [1, 2]
b = a
b += [3]
print(a, a is b)
c = a + [4]
print(c, a, c is a)
print([0] * 4, [[]] * 2, [1, 2] * 0)
grid = [[0] * 2] * 2
grid[0][0] = 1
print(grid)
grid = [[0] * 2 for _ in range(2)]
grid[0][0] = 1
print(grid)
print([1, 2] == [1, 2], [1, 2] != [2, 1], [1, [2, [3]]], 2 in [1, 2], [] < [0])
a *= 2
print(a, len(a))
del a[0]
print(a)
print(list("abc"), list(range(3)), list((1, 2)), list({"k": 1}))
try:
    [1, 2][5]
except IndexError as e:
    print(type(e).__name__, e)
try:
    key = "x"
    [1][key]
except TypeError as e:
    print(type(e).__name__, e)
