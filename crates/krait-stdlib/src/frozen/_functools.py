# `partial` and `cmp_to_key` of `_functools` (CPython's Modules/_functoolsmodule.c),
# frozen into Krait and run in the module's namespace by
# crates/krait-stdlib/src/_functools.rs, which defines `reduce`.

_repr_running = set()


_SLOTS = ('func', 'args', 'keywords')


def _instance_attrs(p):
    # The attributes set on a partial beyond its slots (kept apart in case the
    # slots are stored in the instance dict).
    return {k: v for k, v in p.__dict__.items() if k not in _SLOTS}


class partial:
    """partial(func, *args, **keywords) - new function with partial application
    of the given arguments and keywords.
    """

    __module__ = 'functools'
    __slots__ = ('func', 'args', 'keywords', '__dict__', '__weakref__')

    def __new__(*args, **keywords):
        if len(args) < 2:
            raise TypeError("type 'partial' takes at least one argument")
        cls, func, args = args[0], args[1], args[2:]
        if not callable(func):
            raise TypeError('the first argument must be callable')
        # Flattened as CPython does when `func` is called through partial's own
        # `__call__` and has no instance attributes.
        if (isinstance(func, partial) and type(func).__call__ is partial.__call__
                and not _instance_attrs(func)):
            args = func.args + args
            keywords = {**func.keywords, **keywords}
            func = func.func
        self = object.__new__(cls)
        self.func = func
        self.args = tuple(args)
        self.keywords = keywords
        return self

    def __call__(self, /, *args, **keywords):
        keywords = {**self.keywords, **keywords}
        return self.func(*self.args, *args, **keywords)

    def __repr__(self):
        key = id(self)
        if key in _repr_running:
            return '...'
        _repr_running.add(key)
        try:
            parts = [repr(self.func)]
            parts.extend(repr(x) for x in self.args)
            parts.extend(f'{k}={v!r}' for k, v in self.keywords.items())
        finally:
            _repr_running.discard(key)
        name = type(self).__qualname__
        if type(self) is partial:
            name = 'functools.partial'
        return f"{name}({', '.join(parts)})"

    def __reduce_ex__(self, protocol, /):
        # Krait's object.__reduce_ex__ does not yet defer to an overridden __reduce__.
        return self.__reduce__()

    def __reduce__(self):
        return type(self), (self.func,), (self.func, self.args,
                                          self.keywords or None, _instance_attrs(self) or None)

    def __setstate__(self, state):
        if not isinstance(state, tuple) or len(state) != 4:
            raise TypeError('invalid partial state')
        func, args, kwds, namespace = state
        if (not callable(func) or not isinstance(args, tuple) or
                (kwds is not None and not isinstance(kwds, dict)) or
                (namespace is not None and not isinstance(namespace, dict))):
            raise TypeError('invalid partial state')
        self.__dict__.clear()
        if namespace is not None:
            self.__dict__.update(namespace)
        self.func = func
        self.args = tuple(args)
        self.keywords = {} if kwds is None else dict(kwds)

    def __class_getitem__(cls, item):
        from types import GenericAlias
        return GenericAlias(cls, item)


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
