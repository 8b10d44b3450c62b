# `methodcaller` and `_compare_digest` of `_operator` (CPython's
# Modules/_operator.c), frozen into Krait and run in the module's namespace by
# crates/krait-stdlib/src/_operator.rs, which defines the rest.


def _no_kw(name, kw):
    if kw:
        raise TypeError(f'{name}() takes no keyword arguments')


def _arity(name, n, lo):
    if n < lo:
        raise TypeError(f'{name} expected {lo} argument{"s" if lo != 1 else ""}, got {n}')


class methodcaller:
    __module__ = 'operator'
    __slots__ = ('_name', '_args', '_kwargs')

    def __init__(self, *args, **kwargs):
        if not args:
            raise TypeError('methodcaller needs at least one argument, the method name')
        name = args[0]
        if not isinstance(name, str):
            raise TypeError('method name must be a string')
        self._name = name
        self._args = args[1:]
        self._kwargs = kwargs

    def __call__(self, obj, /):
        return getattr(obj, self._name)(*self._args, **self._kwargs)

    def __repr__(self):
        parts = [repr(self._name)]
        parts.extend(map(repr, self._args))
        parts.extend('%s=%r' % (k, v) for k, v in self._kwargs.items())
        return 'operator.%s(%s)' % (type(self).__name__, ', '.join(parts))

    def __reduce_ex__(self, protocol, /):
        # Krait's object.__reduce_ex__ does not yet defer to an overridden __reduce__.
        return self.__reduce__()

    def __reduce__(self):
        if not self._kwargs:
            return type(self), (self._name,) + self._args
        from functools import partial
        return partial(type(self), self._name, **self._kwargs), self._args


def _compare_digest(a, b, /):
    if isinstance(a, str) and isinstance(b, str):
        if not (a.isascii() and b.isascii()):
            raise TypeError('comparing strings with non-ASCII characters is not supported')
        a = a.encode('ascii')
        b = b.encode('ascii')
    else:
        for x in (a, b):
            if isinstance(x, str):
                raise TypeError(f"a bytes-like object is required, not '{type(x).__name__}'")
        try:
            a = bytes(memoryview(a))
            b = bytes(memoryview(b))
        except NameError:
            a = bytes(a)
            b = bytes(b)
    result = len(a) ^ len(b)
    if len(a) == len(b):
        for x, y in zip(a, b):
            result |= x ^ y
    return result == 0
