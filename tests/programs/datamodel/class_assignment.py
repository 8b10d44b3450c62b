# Assigning __class__ while the interpreter is in the middle of using the old class:
# inside __getattr__, __eq__, __hash__, __len__ and a descriptor's __get__.
import gc


class A:
    def who(self):
        return 'A'

    def __getattr__(self, name):
        self.__class__ = B
        return getattr(self, name)

    def __eq__(self, other):
        self.__class__ = B
        return 'A.__eq__'

    def __hash__(self):
        self.__class__ = B
        return 1

    def __len__(self):
        self.__class__ = B
        return 3


class B:
    def who(self):
        return 'B'

    def missing(self):
        return 'B.missing'

    def __eq__(self, other):
        self.__class__ = A
        return 'B.__eq__'

    __hash__ = A.__hash__
    __len__ = A.__len__


a = A()
print(a.missing(), type(a).__name__)
a.__class__ = A
print(a == 1, type(a).__name__, a == 1, type(a).__name__)
print(hash(a), type(a).__name__, len(a), type(a).__name__)


class Switch:
    def __get__(self, obj, owner):
        if obj is not None:
            obj.__class__ = C2
        return 'switched'


class C1:
    attr = Switch()


class C2(C1):
    pass


c = C1()
print(c.attr, type(c).__name__)

# Classes made and dropped in a loop, each instance moved between two of them.
for i in range(200):
    X = type('X%d' % i, (), {'n': i})
    Y = type('Y%d' % i, (), {'n': -i})
    o = X()
    o.__class__ = Y
    assert o.n == -i
    del X, Y, o
gc.collect()
print('done')

# An instance of a class whose only reference is the instance.
def make():
    class Lonely:
        def hello(self):
            return 'lonely'
    return Lonely()


objs = [make() for _ in range(5)]
for o in objs:
    o.__class__ = A
print([type(o).__name__ for o in objs], objs[0].who())
del objs
gc.collect()
print('end')
