# Starred expressions in literals and calls.
a = [1, 2]
b = (3, 4)
print([*a, *b, 5], (*a, *b), {*a, *b}, [*"hi"])
d1 = {"x": 1}
d2 = {"y": 2, "x": 3}
print({**d1, **d2}, {**d2, **d1, "z": 0})
def f(*args, **kwargs):
    return args, kwargs
print(f(*a, *b, 9, *range(2)))
print(f(**d1, y=5, **{"w": 6}))
print(f(*[], **{}))
first, *rest = range(5)
print(first, rest)
print(*[1, 2, 3], sep="-")
