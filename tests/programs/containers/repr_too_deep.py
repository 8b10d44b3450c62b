# Each level of a nested container's repr counts against the recursion limit,
# as CPython's PyObject_Repr: too deep a structure raises RecursionError.
import sys
d = {}
for i in range(sys.getrecursionlimit() + 100):
    d = {1: d}
try:
    repr(d)
except RecursionError as e:
    print("RecursionError", e)
l = []
for i in range(sys.getrecursionlimit() + 100):
    l = [l]
try:
    repr(l)
except RecursionError as e:
    print("RecursionError", e)
t = ()
for i in range(sys.getrecursionlimit() + 100):
    t = (t,)
try:
    str(t)
except RecursionError as e:
    print("RecursionError", e)
x = []
for i in range(500):
    x = [x]
print(len(repr(x)))
