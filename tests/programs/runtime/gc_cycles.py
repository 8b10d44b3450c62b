# Reference cycles are reclaimed by the cycle collector; gc controls it.
import gc
class Node:
    def __init__(self, name):
        self.name = name
        self.peer = None
for i in range(200000):
    a = Node("a")
    b = Node("b")
    a.peer = b
    b.peer = a
    l = [i]
    l.append(l)
print("loop done")
class Tracked:
    def __del__(self):
        print("finalised", type(self).__name__)
t = Tracked()
t.me = t
del t
print("collected something", gc.collect() >= 1)
d = {}
d["self"] = d
del d
print("collected", gc.collect())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled(), gc.get_threshold())
