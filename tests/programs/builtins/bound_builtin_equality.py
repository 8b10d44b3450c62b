# Builtin methods and method-wrappers compare and hash by the object bound and
# the code run, as CPython's (l.append == l.append).
class A:
    def m(self): pass
a = A(); l = []
print(a.m == a.m, a.m == A().m, l.append == l.append, l.append == [].append, l.__add__ == l.__add__, hash(l.append) == hash(l.append), l.append != l.append)
print({l.append: 1}.get(l.append))
import sys
print(sys.exit == sys.exit, len == len, [].pop.__self__ is not None, len == abs, l.append == l.pop, (1).__add__ == (1).__add__, l.__len__ == l.__len__)
print(list.append == list.append, (1).__add__ == (2).__add__, l.__len__ == l.__add__)
try:
    l.append < l.append
except TypeError as e:
    print(e)
