# weakref.ref, WeakValueDictionary and WeakSet.
import weakref
class Node:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return f"Node({self.name})"
n = Node("x")
r = weakref.ref(n)
print(r() is n, r().name, type(r).__name__)
del n
print(r())
try:
    weakref.ref(5)
except TypeError as e:
    print(type(e).__name__, e)
cache = weakref.WeakValueDictionary()
a = Node("a")
cache["a"] = a
print(list(cache.keys()), cache["a"])
del a
print("a" in cache, len(list(cache.items())))
s = weakref.WeakSet()
b = Node("b")
s.add(b)
print(len(s), b in s)
