# ExceptionGroup's split, subgroup and derive bind their arguments as CPython's do.
eg = ExceptionGroup('m', [ValueError(1), TypeError(2)])
for f in (eg.split, eg.subgroup, eg.derive):
    print(f.__name__, f.__text_signature__)
    for a, k in (((), {}), ((1, 2), {}), ((), {'x': 1})):
        try:
            f(*a, **k)
        except TypeError as e:
            print(' ', e)
print(eg.split(ValueError))
print(eg.subgroup(TypeError), eg.subgroup(KeyError))
d = eg.derive([KeyError(3)])
print(type(d).__name__, d, d.exceptions)
b = eg.derive([KeyboardInterrupt()])
print(type(b).__name__)
class MyGroup(ExceptionGroup):
    pass
print(type(MyGroup('x', [ValueError()]).derive([ValueError()])).__name__)
