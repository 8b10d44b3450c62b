# A list changed while it sorts is reported, changes by the finalisers of
# its keys included.
from functools import cmp_to_key
L = [1, 2]
def mutating_cmp(x, y):
    L.append(3)
    L.pop()
    return (x > y) - (x < y)
try: L.sort(key=cmp_to_key(mutating_cmp)); print("no error", L)
except ValueError as e: print("ValueError", e)
data = list(range(10))
class SortKiller(object):
    def __init__(self, x): pass
    def __del__(self):
        del data[:]
        data[:] = range(20)
    def __lt__(self, other): return id(self) < id(other)
try: data.sort(key=SortKiller); print("no error", len(data))
except ValueError as e: print("ValueError", e)
