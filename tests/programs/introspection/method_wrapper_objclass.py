# A method-wrapper names the class whose slot wrapper it binds, as CPython's keeps
# that descriptor: __qualname__ and __objclass__ come from it, not from the object.


class I(int):
    pass


class Own(int):
    def __add__(self, other):
        return 0


class L(list):
    pass


for label, m in [
    ("(1).__add__", (1).__add__),
    ("True.__add__", True.__add__),
    ("True.__and__", True.__and__),
    ("I(3).__add__", I(3).__add__),
    ("int.__add__.__get__(True)", int.__add__.__get__(True)),
    ("int.__and__.__get__(True)", int.__and__.__get__(True)),
    ("[].__len__", [].__len__),
    ("L().__len__", L().__len__),
    ("L().__init__", L().__init__),
    ("object().__repr__", object().__repr__),
    ("I(3).__repr__", I(3).__repr__),
    ("(1.5).__mul__", (1.5).__mul__),
]:
    print(label, type(m).__name__, m.__name__, m.__qualname__, m.__objclass__.__name__)

print(type(Own(1).__add__).__name__)
print(repr(True.__add__).split(" at ")[0])
