# `_compare_digest` of `_operator` (CPython's Modules/_operator.c), frozen into
# Krait and run in the module's namespace by crates/krait-stdlib/src/_operator.rs,
# which defines the rest.


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
