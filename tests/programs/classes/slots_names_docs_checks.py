# Class creation and attributes as CPython checks them: __dict__ slots, names and
# docs kept as UTF-8; dir() of an instance reads its __dict__ and __class__.
class B:
    pass
cases = [((int,), {'__slots__': 'x'}), ((), {'__slots__': ''}), ((), {'__slots__': '42'}), ((), {'__slots__': 'x\x00y'}),
         ((), {'__slots__': 'x', 'x': 0}), ((), {'__slots__': ('__dict__', '__dict__')}), ((), {'__slots__': ('__weakref__', '__weakref__')}),
         ((B,), {'__slots__': '__dict__'}), ((B,), {'__slots__': '__weakref__'}), ((), {'__slots__': 'x\udcdc'}), ((), {'__slots__': ['__qualname__']}),
         ((), {'__slots__': 42}), ((), {'__slots__': [42]})]
for bases, ns in cases:
    try:
        type('A', bases, dict(ns))
        print('ok', ascii(ns))
    except Exception as e:
        print(type(e).__name__, e)
A = type('C', (), {})
for v in ('A\x00B', 'A\udcdcB', b'A'):
    try:
        A.__name__ = v
    except Exception as e:
        print(type(e).__name__, e)
    try:
        A.__doc__ = v
        print('doc ok', ascii(A.__doc__))
    except Exception as e:
        print(type(e).__name__, e)
try:
    type('A\udcdc', (), {})
except Exception as e:
    print(type(e).__name__, e)
try:
    type('A', (), {'__doc__': 'x\udcdc'})
    print('ok')
except Exception as e:
    print(type(e).__name__, e)
class NoDict:
    __slots__ = []
print("__repr__" in dir(NoDict()))
class Hidden:
    __slots__ = ["__class__", "__dict__"]
    def __init__(self):
        self.bar = "wow"
print(dir(Hidden()))
class Proxy:
    @property
    def __class__(self):
        return int
print("bit_length" in dir(Proxy()))
