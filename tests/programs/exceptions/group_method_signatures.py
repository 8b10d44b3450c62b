# ExceptionGroup's split, subgroup and derive bind their arguments as CPython's do.
eg = ExceptionGroup('m', [ValueError(1), TypeError(2)])
for name in ('split', 'subgroup', 'derive'):
    f = getattr(eg, name)
    print(f.__name__, f.__text_signature__)
    for call in (lambda: getattr(eg, name)(), lambda: getattr(eg, name)(1, 2)):
        try:
            call()
        except TypeError as e:
            print(' ', e)
for call in (lambda: eg.split(x=1), lambda: eg.subgroup(x=1), lambda: eg.derive(x=1)):
    try:
        call()
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
