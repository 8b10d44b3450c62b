# array.extend() and array(code, iterable) append each item as it comes (CPython's
# ins1): the iteration sees the array grow, an item's __index__ runs twice (once
# to check, once to store), and an item that does not fit leaves the earlier in.
from array import array
a = array('b'); a.extend(len(a) for _ in range(3)); print(a)
b = array('b', [1]); b.extend([5, 6]); print(b)
class I:
    def __init__(s, v): s.v = v
    def __index__(s): print("index", s.v); return s.v
def k():
    for i in range(2):
        print("yield", i); yield I(i)
c = array('b'); c.extend(k()); print(c)
d = array('i', k()); print(d)
try:
    e = array('b'); e.extend(x for x in [1, 300, 2])
except OverflowError as err:
    print("OverflowError:", err, e)
