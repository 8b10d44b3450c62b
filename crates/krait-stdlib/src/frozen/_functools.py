# `cmp_to_key` of `_functools` (CPython's Modules/_functoolsmodule.c),
# frozen into Krait and run in the module's namespace by
# crates/krait-stdlib/src/_functools.rs, which defines `reduce` and `partial`.


def _class_getitem(cls, item):
    from types import GenericAlias
    return GenericAlias(cls, item)


partial.__class_getitem__ = classmethod(_class_getitem)


class KeyWrapper:
    __module__ = 'functools'
    __slots__ = ('cmp', 'obj')

    def __init__(self, cmp, obj):
        self.cmp = cmp
        self.obj = obj

    def __call__(self, obj, /):
        return KeyWrapper(self.cmp, obj)

    def _order(self, other):
        if not isinstance(other, KeyWrapper):
            raise TypeError('other argument must be K instance')
        return self.cmp(self.obj, other.obj)

    def __lt__(self, other):
        return self._order(other) < 0

    def __gt__(self, other):
        return self._order(other) > 0

    def __eq__(self, other):
        return self._order(other) == 0

    def __le__(self, other):
        return self._order(other) <= 0

    def __ge__(self, other):
        return self._order(other) >= 0

    def __ne__(self, other):
        return self._order(other) != 0

    __hash__ = None


def cmp_to_key(mycmp):
    """Convert a cmp= function into a key= function."""
    return KeyWrapper(mycmp, None)
