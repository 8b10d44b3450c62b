class A:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def m(self):
        return self.x + self.y

a = A(1, 2)
print(a.x, a.y, a.m(), vars(a))
b = A(3, 4)
b.z = 5
print(vars(b), b.z)
c = A(5, 6)
del c.x
print(vars(c))
c.x = 9
print(vars(c), c.x)
d = A(1, 2)
d.m = lambda: 'shadow'
print(d.m(), a.m())
e = A.__new__(A)
e.y = 1; e.x = 2
print(vars(e))
f = A(0, 0)
print(f.__dict__ is f.__dict__)
f.__dict__['w'] = 3
print(f.w, vars(f))
f.q = 4
print(vars(f))
g = A(1, 1)
g.__dict__ = {'k': 1}
print(g.k, hasattr(g, 'x'))
try:
    del g.x
except AttributeError as ex:
    print('AE', ex)
h = A(1, 1)
try:
    del h.nope
except AttributeError as ex:
    print('AE', ex)
try:
    h.nope
except AttributeError as ex:
    print('AE', ex)
class B: pass
class C: pass
i = B()
i.a = 1
i.__class__ = C
print(type(i).__name__, i.a, vars(i))
import copy
j = copy.copy(a)
print(vars(j))
for k in range(40):
    setattr(a, 'n%d' % k, k)
print(len(vars(a)), a.n39, a.x)
print(getattr(b, 'z', None), getattr(b, 'zz', None), hasattr(b, 'y'))
class S(str): pass
setattr(b, S('sub'), 1)
print(b.sub, vars(b))
import gc
class Node:
    def __init__(self): self.other = None
n1 = Node(); n2 = Node(); n1.other = n2; n2.other = n1
del n1, n2
print(gc.collect() >= 2)
