# Special methods of builtin types are slot wrappers; bound, they are method-wrappers.

print(int.__add__)
print(list.__len__)
print(object.__repr__, object.__init__, object.__eq__)
print(dict.__getitem__)
print(str.__iter__, tuple.__contains__, float.__neg__)
print(type(int.__add__).__name__, type(list.append).__name__)
print(int.__add__(3, 4), list.__len__([1, 2]), float.__neg__(2.5))
print(int.__add__(3, 4.0), int.__radd__(3, 4))
print(list.__getitem__([5, 6], 1), dict.__contains__({1: 2}, 1))
print(int.__add__.__name__, list.__len__.__qualname__, int.__add__.__objclass__)


class L(list):
    pass


print(L.__len__ is list.__len__, L.__len__)
print(L.__dict__.get("__len__"))


class Own(list):
    def __len__(self):
        return 1


print(Own.__len__.__qualname__, list.__len__(Own([1, 2, 3])), len(Own([1, 2, 3])))

# Calling a wrapper with the wrong arguments.
for call in [lambda: list.__len__([], 1), lambda: int.__add__(1),
             lambda: int.__neg__(), lambda: list.__len__(x=1)]:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
try:
    list.__len__(5)
except TypeError as e:
    print("TypeError:", e)
