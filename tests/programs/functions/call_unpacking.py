# Unpacking arguments in calls.
def f(a, b, c=0, *rest, **kw):
    return a, b, c, rest, kw
args = [1, 2]
kwargs = {"c": 3, "z": 26}
print(f(*args), f(*args, **kwargs), f(*range(5)), f(*"ab", x=1))
print(f(0, *[1], *(2, 3), **{"k": 1}, **{"j": 2}))
print(max(*[3, 9, 2]), print(*[], sep="x"))
try:
    f(*args, **{"a": 5})
except TypeError as e:
    print(type(e).__name__, e)
try:
    f(1, 2, **{"z": 1}, z=2)
except TypeError as e:
    print(type(e).__name__, e)
