import os
import os.path as osp
from collections import OrderedDict as OD, defaultdict
from . import sibling
from ..parent import thing


def f(a, b=1, /, c=2, *args, d, e=3, **kwargs) -> int:
    """Docstring."""
    return a + b


@decorator
@other.decorator(1)
def decorated(x: int, *, y: "str" = "s"):
    def inner():
        nonlocal x
        x += 1
        return x
    return inner


def gen(n):
    yield n
    x = yield
    yield from range(n)
    return x


def closures():
    a = 1
    b = lambda y, z=2: a + y + z
    return [a * i for i in range(3) if i], {i: a for i in range(2)}, {i for i in "ab"}, (i for i in ())


class Base:
    pass


class C(Base, metaclass=Meta, flag=True):
    """Class docstring."""
    attr: int = 0
    __private = 1

    def method(self):
        return super().method() + self.__private

    @staticmethod
    def static(*args):
        return __class__

    @property
    def prop(self):
        global GLOBAL
        GLOBAL = 1
        return [x for x in self if x]
