# Special methods assigned or deleted after a class exists take effect at once,
# in the class and in its subclasses.

class A:
    pass


class B(A):
    pass


a, b = A(), B()
for op in [lambda o: len(o), lambda o: o[1], lambda o: o + 1, lambda o: -o,
           lambda o: iter(o), lambda o: 3 in o, lambda o: o()]:
    try:
        op(b)
    except TypeError as e:
        print("TypeError:", e)

A.__len__ = lambda self: 3
A.__getitem__ = lambda self, k: ("A", k)
A.__add__ = lambda self, o: "A+"
A.__neg__ = lambda self: "-A"
A.__call__ = lambda self, *args: ("called", args)
A.__contains__ = lambda self, x: True
A.__bool__ = lambda self: False
print(len(a), len(b), b[1], b + 1, -b, b(1, 2), 3 in b, bool(b))
print(list(b)[:2] if False else "", [b[i] for i in range(2)])

B.__len__ = lambda self: 4
print(len(a), len(b))
del B.__len__
print(len(b))
del A.__len__
try:
    len(b)
except TypeError as e:
    print("TypeError:", e)
print(bool(b))
del A.__bool__
print(bool(b))

A.__eq__ = lambda self, other: "eq!"
print(a == 1, b == 1, 1 == b)
A.__hash__ = None
try:
    hash(b)
except TypeError as e:
    print("TypeError:", e)
A.__hash__ = lambda self: 12345
print(hash(a), hash(b))

A.__iter__ = lambda self: iter([1, 2, 3])
print(list(b), sorted(b, reverse=True))
A.__repr__ = lambda self: "<an A>"
print(repr(a), str(b), [a, b])
A.__str__ = lambda self: "str-A"
print(str(a), f"{b}", repr(b))


class Meta(type):
    pass


class C(metaclass=Meta):
    pass


Meta.__getitem__ = lambda cls, k: f"{cls.__name__}[{k}]"
Meta.__len__ = lambda cls: 99
print(C[int], len(C))


def radd(self, other):
    return "radd"


A.__radd__ = radd
print(1 + b, "x" + a)
setattr(A, "__sub__", lambda self, o: "sub")
print(b - 1)
try:
    1 - b
except TypeError as e:
    print("TypeError:", e)


class WithSlots:
    __slots__ = ()


WithSlots.__len__ = lambda self: 8
print(len(WithSlots()))
