# namedtuple fields, bound-method equality and hashing and socket reprs are native
# slots; a method's __eq__ declines what is not a method.
import collections, socket
P = collections.namedtuple('P', 'x y')
p = P(1, 2)
print(p.x, p.y, P.x, type(P.x).__get__, type(P.x).__set__)
try: p.x = 3
except AttributeError as e: print(e)
try: del p.x
except AttributeError as e: print(e)
try: P.x.__get__(5)
except TypeError as e: print(e)
print(P.x.__get__(None, P) is P.x, P.x.__get__(p))
try: P.x.__set__(p)
except TypeError as e: print(e)
try: P.x.__delete__(p, 1)
except TypeError as e: print(e)
s = socket.socket(); print(repr(s)[:30], type(s).__repr__.__qualname__); s.close()

class C:
    def m(self): pass
c = C(); d = C()
print(c.m == c.m, c.m != c.m, c.m == d.m, c.m == C.m, c.m.__eq__(1), c.m.__ne__(c.m), c.m.__lt__(c.m))
print(hash(c.m) == hash(c.m), type(c.m).__eq__)
try: c.m < c.m
except TypeError as e: print(e)
print([].append == [].append, len.__eq__(len))
