# isinstance() and len() answered without a call for plain classes and exact
# containers, and the long way for metaclass hooks, `__class__` proxies,
# subclasses with their own __len__ and errors: all must agree with CPython.
class Meta(type):
    def __instancecheck__(cls, inst):
        return inst == 3
class A(metaclass=Meta): pass
class B: pass
class C(B): pass
class Proxy:
    @property
    def __class__(self):
        return B
for i in range(3):
    print(isinstance(3, A), isinstance(4, A), isinstance(C(), B), isinstance(B(), C), isinstance(Proxy(), B))
    print(len([1, 2]), len("héllo"), len({1: 2}), len({1, 2, 3}), len(frozenset()), len(()))
class L(list):
    def __len__(self):
        return 42
print(len(L([1])), isinstance(L(), list), isinstance(True, int), isinstance(None, object))
s = {1, 2}
for x in s:
    print(len(s))
    break
try:
    len(5)
except TypeError as e:
    print(e)
try:
    isinstance(1, 2)
except TypeError as e:
    print(e)
