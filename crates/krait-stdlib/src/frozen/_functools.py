# `partial.__class_getitem__` of `_functools` (CPython's Modules/_functoolsmodule.c),
# frozen into Krait and run in the module's namespace by
# crates/krait-stdlib/src/_functools.rs, which defines the rest.


def _class_getitem(cls, item):
    from types import GenericAlias
    return GenericAlias(cls, item)


partial.__class_getitem__ = classmethod(_class_getitem)
