# The cycle collector frees young cycles as a program runs, keeps young objects that
# only old containers refer to, and frees cycles through old objects on a full
# collection.
import gc
import weakref

finalized = 0


class Node:
    def __del__(self):
        global finalized
        finalized += 1


# Cycles made in a loop are freed along the way, not only at the end.
for i in range(100_000):
    a = Node()
    b = Node()
    a.other = b
    b.other = a
del a, b
print("freed during the loop:", finalized > 150_000)

# Young objects reachable only from an old container survive young collections.
gc.collect()
keeper = []
gc.collect()
for i in range(50_000):
    keeper.append([Node()])
for i in range(50_000):
    [Node()]
print("kept:", len(keeper), all(type(x[0]) is Node for x in keeper))
keeper = None

# A cycle through an object that has grown old.
old = Node()
gc.collect()
young = Node()
old.partner = young
young.partner = old
ref = weakref.ref(old)
del old, young
for i in range(20_000):
    [[]]
gc.collect()
print("old cycle freed:", ref() is None)

# A finaliser that resurrects its object during a young collection.
saved = []


class Phoenix:
    def __del__(self):
        saved.append(self)


for i in range(1000):
    p = Phoenix()
    p.me = p
del p
gc.collect()
print("resurrected:", len(saved), all(s.me is s for s in saved))
