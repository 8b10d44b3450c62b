# __new__ and __init__ are found through the class's slots, which follow the MRO and
# later assignments.
class A:
    def __init__(self, x):
        print('A.__init__', x)


a = A(1)
A.__init__ = lambda self, x: print('replaced', x)
A(2)
del A.__init__
try:
    A(3)
except TypeError as e:
    print(e)
print(type(A()).__name__)


class B(A):
    pass


A.__init__ = lambda self, *args: print('late base init', args)
B(4, 5)


class N:
    def __new__(cls, *args):
        print('N.__new__', cls.__name__, args)
        return super().__new__(cls)


N(1, 2)
N.__new__ = staticmethod(lambda cls, *a: ('not an N', a))
print(N(7))


class Bad:
    def __init__(self):
        return 42


try:
    Bad()
except TypeError as e:
    print(e)

for args in [(1,), ()]:
    try:
        print(type(object(*args)).__name__)
    except TypeError as e:
        print(e)


class OnlyNew:
    def __new__(cls, *a):
        return super().__new__(cls)


class OnlyInit:
    def __init__(self, *a):
        pass


print(type(OnlyNew(1)).__name__, type(OnlyInit(1)).__name__)


class Plain:
    pass


try:
    Plain(1)
except TypeError as e:
    print(e)
try:
    object.__new__(OnlyNew, 1)
except TypeError as e:
    print(e)
try:
    object.__init__(OnlyInit(), 1)
except TypeError as e:
    print(e)


# Builtin bases: their __new__/__init__ run unless overridden.
class L(list):
    def __init__(self, *a):
        super().__init__(*a)
        self.append('tail')


print(L([1, 2]))


class I(int):
    def __new__(cls, v):
        return super().__new__(cls, v * 2)


print(I(21), type(I(1)).__name__)


class Fancy(dict):
    pass


Fancy.__init__ = lambda self, **kw: dict.__init__(self, fancy=True, **kw)
print(Fancy(a=1))


# __new__ returning an instance of another class skips __init__.
class Other:
    def __init__(self):
        print('never')


class Maker:
    def __new__(cls):
        return object.__new__(Other)

    def __init__(self):
        print('not called')


print(type(Maker()).__name__)


# Metaclass __call__ and type.__call__.
class Meta(type):
    def __call__(cls, *a, **k):
        print('Meta.__call__', a, k)
        return super().__call__(*a, **k)


class WithMeta(metaclass=Meta):
    def __init__(self, v=0):
        self.v = v


print(WithMeta(v=3).v)
print(type.__call__(int, '12'), type.__call__.__text_signature__)
print(object.__init__.__text_signature__, int.__new__.__text_signature__)
try:
    int.__new__(5)
except TypeError as e:
    print(e)


# T.__new__(S) checks S as CPython's tp_new_wrapper does.
class X(list):
    pass


class Y(X):
    def __new__(cls):
        return 1


for f, a in [(object.__new__, X), (object.__new__, Y), (int.__new__, bool),
             (list.__new__, Y), (dict.__new__, X)]:
    try:
        print(f(a))
    except TypeError as e:
        print(e)
print(int.__new__.__self__, list.__new__.__text_signature__)
for t in (list, int, float, str, dict, tuple, set):
    for args in [(5,), (), (str,)]:
        try:
            t.__new__(*args)
        except TypeError as e:
            print(e)
