# The tuple type fills its slots natively: indexing, slices (a whole exact tuple is
# itself), +, *, in, len, hash, iteration and repr, and subclasses that override them.
t = (1, 2, 3, 4, 5)
print(t[1], t[-1], t[1:3], t[::-1], t[::2], t[10:], t[:] is t, t[0:5] is t)
print(3 in t, 'x' in (), len(t), repr((1,)), repr(()), repr((1, (2,))), hash((1, 2)) == hash((1, 2)), iter(t).__class__.__name__)
print((1,) + (2,), (1,) * 3, 3 * (1,), (1,) * -1, t * 1 is t, () + t is t, t + () is t)
class I:
    def __index__(self): return 2
print((0,) * I(), I() * (0,))
for bad in ["(1,) + [2]", "(1,) * 1.5", "1.5 * (1,)", "(1,) * 2**100", "t[5]", "t['a' + '']", "().__add__()", "tuple.__add__((1,), [2])", "().__mul__()", "().__mul__(2.0)", "tuple.__len__([])", "(1,).__radd__", "t[::0]", "hash(([],))", "t.__setitem__"]:
    try:
        print(bad, '->', eval(bad))
    except Exception as e:
        print(bad, '!!', type(e).__name__, e)
class T(tuple):
    def __getitem__(self, i): return 'own'
    def __len__(self): return 42
    def __hash__(self): return 7
print(T((1,))[0], len(T()), hash(T()), tuple.__getitem__(T((7,)), 0), tuple.__hash__(T()) == hash(()))
class U(tuple): pass
u = U((1, 2)); print(u[0], u[:1], type(u[:1]).__name__, u[:] is u, len(u), u + (3,), type(u * 1).__name__, u * 1 is u, hash(u) == hash((1, 2)))
print(tuple.__getitem__.__class__.__name__, tuple.__hash__.__text_signature__, tuple.__mul__.__text_signature__)
import collections
P = collections.namedtuple('P', 'x y'); p = P(1, 2)
print(p, p[0], p + (3,), p * 2, len(p), hash(p) == hash((1, 2)), p[::-1])
