# Slice assignment to lists: equal lengths (swapped in place), growing and
# shrinking, the list itself as the source, extended slices, iterables of every
# kind, and finalisers of replaced items that look at the list.
a = list(range(10))
a[2:5] = "xyz"
print(a)
a[2:5] = [1]
print(a)
a[:0] = (7, 8)
print(a)
a[:] = a
print(a)
a[3:3] = a[:2]
print(a)
a[::-1] = a
print(a)
a[5:2] = [0, 0]
print(a)
b = [1, 2, 3]
b[-2:] = iter([9, 9])
print(b)
b[0:1] = {5: 1}
print(b)
try:
    b[::2] = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    b[0:1] = 5
except TypeError as e:
    print("TypeError:", e)


class Watcher:
    def __init__(self, name, seen):
        self.name, self.seen = name, seen

    def __del__(self):
        print("dropped", self.name, "list now", [getattr(x, "name", x) for x in self.seen])


c = []
c.extend([Watcher("w0", c), Watcher("w1", c), 3])
c[0:2] = ["p", "q"]
print([getattr(x, "name", x) for x in c])
c[0:3] = [Watcher("w2", c)]
c[0:1] = []
print(c)
d = []
d.extend([Watcher("d0", d), Watcher("d1", d), Watcher("d2", d)])
del d[0:2]
print([x.name for x in d])
e = []
e.extend([Watcher("e0", e), 1, Watcher("e2", e), 3])
del e[::2]
print(e)
d.clear()
f = []
f.extend([Watcher("f0", f), Watcher("f1", f), Watcher("f2", f), Watcher("f3", f)])
del f[::-2]
print([x.name for x in f])
f.clear()
