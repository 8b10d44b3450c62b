# __doc__ and __module__ of classes: writable on classes made by class statements,
# fixed on builtin types, never deletable.
class A:
    "first"

A.__doc__ = 'x'
print(A.__doc__, A.__dict__['__doc__'])
for target, name in ((int, '__doc__'), (int, '__module__'), (A, '__doc__'), (A, '__module__')):
    try:
        delattr(target, name)
    except TypeError as e:
        print('del', name, e)
    try:
        if target is int:
            setattr(target, name, 'y')
    except TypeError as e:
        print('set', name, e)
class M(type):
    pass
class B(metaclass=M):
    'doc'
B.__doc__ = 'y'
print(B.__doc__)
A.__module__ = 'elsewhere'
print(A.__module__, repr(A))
class C(A):
    pass
print(C.__doc__)
import collections
Point = collections.namedtuple('Point', 'x y')
Point.__doc__ = 'A point.'
Point.x.__doc__ = 'The x coordinate.'
print(Point.__doc__, Point.x.__doc__)
