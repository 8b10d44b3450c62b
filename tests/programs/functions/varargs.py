# *args and **kwargs.
def f(*args, **kwargs):
    return args, kwargs
print(f(), f(1, 2), f(a=1), f(1, b=2))
def total(first, *rest):
    return first + sum(rest)
print(total(1), total(1, 2, 3))
def show(**options):
    for k, v in options.items():
        print(k, "=", v)
show(z=1, a=2, m=3)
def forward(*args, **kwargs):
    return f(*args, **kwargs)
print(forward(1, x=2))
try:
    f(**{1: 2})
except TypeError as e:
    print(type(e).__name__, e)
