# The __init__ of types written in Rust modules fills the init slot and shows as a
# slot wrapper with its signature.
import collections, random, socket, _lsprof
for t in [collections.deque, collections.defaultdict, random.Random, socket.socket, _lsprof.Profiler]:
    print(t.__name__, type(t.__dict__['__init__']).__name__, t.__init__.__text_signature__)
d = collections.deque([1, 2], maxlen=3); d.__init__([5]); print(d, d.maxlen)
dd = collections.defaultdict(list); print(dd.default_factory)
r = random.Random(5); print(r.random())
class D(collections.deque):
    def __init__(self, *a): super().__init__(*a); self.tag = 1
print(D([1]), D([1]).tag)
try: collections.deque.__init__(1)
except TypeError as e: print(e)
