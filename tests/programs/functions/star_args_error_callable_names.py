# How errors of f(*x) and f(**x) name the callable: functions and types by
# qualified name, callables without __qualname__ by str(), a __qualname__
# attribute where one is set.
class C:
    def __call__(self, *a, **k): pass
class Q:
    __qualname__ = "Renamed"
    def __call__(self, *a, **k): pass
import functools
for f in [None, C(), Q(), functools.partial(print), len, print, int, C]:
    try:
        f(*1)
    except TypeError as e:
        print(str(e).replace(hex(id(f)), "ADDR") if "object at" in str(e) else e)
    try:
        f(**1)
    except TypeError as e:
        print("at" if "object at" in str(e) else e)
