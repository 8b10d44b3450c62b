# list.__init__ and property.__init__ bind their arguments as CPython's do; calls
# forwarded through staticmethod, generic aliases and mappingproxy keep keywords.
import types
p = property.__new__(property)
for a, k in (((1, 2, 3, 4, 5), {}), ((), {'x': 1}), ((1,), {'fget': 2})):
    try:
        p.__init__(*a, **k)
    except TypeError as e:
        print(e)
l = []
for a, k in (((1, 2), {}), ((), {'x': 1})):
    try:
        l.__init__(*a, **k)
    except TypeError as e:
        print(e)
l.__init__('ab')
print(l)
l.__init__()
print(l)
class P:
    @property
    def x(self):
        'doc of x'
        return 1
print(P().x, P.x.__doc__, property(fget=len, doc='d').__doc__)
def kw(a, *, b):
    return a, b
print(staticmethod(kw)(1, b=2))
print(list[int]([1, 2]), dict[str, int](a=1))
m = types.MappingProxyType({'a': 1})
print(m.get('a'), m.get('b', 5), m.keys(), m.copy())
try:
    m.get()
except TypeError as e:
    print(e)
try:
    type()
except TypeError as e:
    print(e)
print(type(3), type('x', (), {}).__name__)
try:
    __build_class__()
except TypeError as e:
    print(e)
print(min([3, 1, 2]), max([3, 1, 2], key=lambda v: -v))
e = OSError(2, 'No such file', 'x')
print(type(e).__name__, e.errno, e.filename, Exception().args, OSError().args)
