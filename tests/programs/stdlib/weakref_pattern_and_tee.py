# Compiled patterns and itertools.tee objects take weak references, as in
# CPython; matches and scanners do not.
import itertools
import re
import weakref

p = re.compile("a+")
r = weakref.ref(p)
print(r() is p, weakref.getweakrefcount(p))
a, b = itertools.tee(range(3))
proxy = weakref.proxy(a)
print(list(proxy), list(b))
del a
try:
    proxy.__next__
except ReferenceError as e:
    print("ReferenceError", e)
for obj in (re.match("a", "a"), p.scanner("a")):
    try:
        weakref.ref(obj)
    except TypeError as e:
        print("TypeError", e)
