# Assorted sys attributes that do not vary between machines.
import sys
print(sys.version_info[:2], sys.version_info.major, sys.version_info >= (3, 11), type(sys.version).__name__)
print(sys.maxsize == 2 ** 63 - 1, sys.byteorder, type(sys.modules).__name__, "sys" in sys.modules)
print(sys.getrecursionlimit(), sys.stdout is sys.__stdout__, sys.stderr.write("err\n"))
print(sys.float_info.max, sys.float_info.epsilon, sys.float_info.dig)
print(sys.implementation.name in ("cpython", "krait"), type(sys.platform).__name__)
print(sys.exc_info())
try:
    raise KeyError("k")
except KeyError:
    t, v, tb = sys.exc_info()
    print(t.__name__, repr(v), tb is not None, repr(sys.exception()))
print(sys.exception())
