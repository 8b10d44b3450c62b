# copy honours __reduce__; MappingProxyType; duplicate __slots__ names; ABC hooks.
import copy, types, numbers
class Pair:
    def __init__(self, a, b):
        self.a, self.b = a, b
    def __reduce__(self):
        return (Pair, (self.b, self.a))
p = copy.copy(Pair(1, 2))
print(p.a, p.b)
class Plain:
    def __init__(self):
        self.items = [1, [2]]
q = copy.deepcopy(Plain())
print(q.items)
proxy = types.MappingProxyType({"x": 1})
print(proxy["x"], len(proxy), "x" in proxy, list(proxy.keys()))
try:
    proxy["y"] = 2
except TypeError as e:
    print(type(e).__name__)
try:
    types.MappingProxyType(5)
except TypeError as e:
    print(e)
class A:
    __slots__ = ("a", "b", "a")
x = A()
x.a = 1
print(x.a, object.__subclasshook__())
print(isinstance(3, numbers.Number), issubclass(float, numbers.Real), isinstance("s", numbers.Number))
