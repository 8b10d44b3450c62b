# isinstance/issubclass ask any object's type for __instancecheck__ and
# __subclasscheck__ (typing's aliases are not classes), with CPython's errors.
import typing

print(isinstance({}, typing.Dict), isinstance([], typing.Mapping), issubclass(dict, typing.MutableMapping))
print(isinstance([], (int, typing.List)), issubclass(bool, (str, int)), isinstance(3, int | str))

class Checker:
    def __instancecheck__(self, obj):
        print("instancecheck", obj)
        return obj == 42
    def __subclasscheck__(self, cls):
        return cls is bool

print(isinstance(42, Checker()), isinstance(1, Checker()), issubclass(bool, Checker()), issubclass(int, (Checker(), str)))
for args in ((int, 1), (1, int), (int, (1,))):
    try:
        issubclass(*args)
    except TypeError as e:
        print(e)
for args in ((1, 1), (1, (1,)), (1, None)):
    try:
        isinstance(*args)
    except TypeError as e:
        print(e)
