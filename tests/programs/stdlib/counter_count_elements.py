# collections._count_elements (Counter's counting): each key hashed once, a dict
# subclass's own __setitem__ honoured, errors from __hash__, and the counts.
from collections import Counter
class K:
    calls = 0
    def __init__(self, v): self.v = v
    def __hash__(self):
        K.calls += 1
        return hash(self.v)
    def __eq__(self, o): return isinstance(o, K) and o.v == self.v
    def __repr__(self): return f"K({self.v})"
c = Counter([K(1), K(2), K(1), K(1)])
print(sorted(c.items(), key=lambda kv: kv[0].v), K.calls)
class Loud(dict):
    def __setitem__(self, k, v):
        print("set", k, v); super().__setitem__(k, v)
c2 = Counter()
import collections
collections._count_elements(Loud(), "aba")
class Bad:
    def __hash__(self): raise TypeError("no hash")
try: Counter([1, Bad()])
except TypeError as e: print(e)
print(Counter("mississippi").most_common())
