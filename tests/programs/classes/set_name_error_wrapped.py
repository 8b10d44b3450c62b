# An error raised by a descriptor's __set_name__ while a class is made comes out
# as a RuntimeError naming the descriptor's class, the attribute and the class
# being made, caused by the original error (Python 3.11).
import functools


class Named:
    def __set_name__(self, owner, name):
        raise ValueError("no " + name)


try:
    class C:
        x = Named()
except RuntimeError as e:
    print(type(e).__name__, e)
    print(repr(e.__cause__), e.__context__ is e.__cause__, e.__suppress_context__)

try:
    class Reused:
        @functools.cached_property
        def a(self):
            return 1

        b = a
except RuntimeError as e:
    print(e)
    print(type(e.__cause__).__name__, e.__cause__)


def raiser():
    class Odd:
        def __set_name__(self, owner, name):
            raise KeyError(name)

    return type("Made", (), {"key": Odd()})


try:
    raiser()
except RuntimeError as e:
    print(e, repr(e.__cause__))
