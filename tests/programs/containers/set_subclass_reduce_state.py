# A set or frozenset subclass pickles and copies its slots and dict (the state
# __getstate__ gives), as CPython's set.__reduce__.
import pickle, copy
class S(set):
    __slots__ = ('x', 'y', '__dict__')
class F(frozenset):
    __slots__ = ('x',)
class D(set):
    pass
for cls in (S, F, D, set, frozenset):
    s = cls([1, 2])
    try:
        s.x = 5
    except AttributeError as e:
        print("no x:", e)
    if cls is S:
        s.z = 7
    print(cls.__name__, s.__reduce__()[2])
    for proto in (0, 2, 5):
        dup = pickle.loads(pickle.dumps(s, proto))
        print(" ", proto, type(dup).__name__, sorted(dup), getattr(dup, 'x', None), getattr(dup, 'z', None))
    c = copy.copy(s)
    print("  copy", type(c).__name__, getattr(c, 'x', None))
