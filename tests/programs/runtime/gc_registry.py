# The collector's registry as containers come and go: old and young objects
# dying in any order leave it at once, the survivors stay tracked and findable,
# and cycles among them are still collected.
import gc
import weakref


class Node:
    pass


def nodes():
    return [o for o in gc.get_objects() if type(o) is Node]


gc.collect()
olds = [Node() for _ in range(200)]
gc.collect()  # these are the old generation now
youngs = [Node() for _ in range(200)]
del olds[10:120]
del youngs[::3]
alive = {id(o) for o in olds + youngs}
found = nodes()
print(len(found), len(alive), all(id(o) in alive for o in found))
del found
print(all(gc.is_tracked(o) for o in olds + youngs))

# Cycles, young and old, with weak references watching them.
watch = []
for i in range(50):
    a, b = Node(), Node()
    a.other, b.other = b, a
    watch.append(weakref.ref(a))
del a, b
old_cycle = Node()
old_cycle.me = old_cycle
watch_old = weakref.ref(old_cycle)
gc.collect()
del old_cycle
print(sum(w() is None for w in watch), watch_old() is None)
print(gc.collect() >= 0, watch_old() is None)

# Dropping everything in reverse, then in order, keeps the count right.
del youngs[:]
print(len(nodes()), len(olds))
olds.reverse()
while olds:
    olds.pop()
print(len(nodes()))

# A class change on a tracked object, then its death.
class Other:
    pass


n = Node()
n.__class__ = Other
print(type(n).__name__, gc.is_tracked(n))
del n
print(len([o for o in gc.get_objects() if type(o) in (Node, Other)]))

# Many short-lived containers between collections.
for i in range(20000):
    x = [i, [i]]
    d = {"k": x}
print(len(nodes()), gc.collect() >= 0)
