# Keyword-only parameters.
def f(a, *, b, c=3):
    return a, b, c
print(f(1, b=2), f(1, c=4, b=5))
def g(*args, key=None, **rest):
    return args, key, rest
print(g(1, 2, key="k", other=0))
print(f.__kwdefaults__, g.__kwdefaults__)
try:
    f(1, 2)
except TypeError as e:
    print(type(e).__name__, e)
try:
    f(1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    f(1, b=2, d=4)
except TypeError as e:
    print(type(e).__name__, e)
