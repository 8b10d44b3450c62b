# tuple methods and operators, with CPython's error messages.
def err(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print("ok", r)

t = (3, 1, 2, 1)
print(t.index(1), t.index(1, 2), t.index(2, -3, -1), t.count(1), t.count(9), len(t))
err(lambda: t.index(9))
err(lambda: t.index(3, 1))
err(lambda: t.index())
err(lambda: t.count())
err(lambda: t.index(1, "a"))
print(t + (4,), t * 2, 2 * t, t * 0, t * -1, () * 5, (1,) * 3)
err(lambda: t + [1])
err(lambda: t * 2.0)
print(t[1:3], t[::-1], t[::2], t[-1], t[-100:100], t[5:])
err(lambda: t[10])
err(lambda: t["a"])
err(lambda: t.__setitem__(0, 1))
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 9), (1, 2) == (1, 2), (1,) != (1,), () <= ())
err(lambda: (1,) < ("a",))
err(lambda: (1,) < [1])
print(hash((1, 2)), hash(()), hash((1, (2, 3))), hash((-1,)), hash(("a",)) == hash(("a",)))
err(lambda: hash((1, [2])))
print(tuple("abc"), tuple(range(3)), tuple({1: 2}), tuple([1, 2]), tuple())
err(lambda: tuple(1))
err(lambda: tuple(1, 2))
err(lambda: tuple(x=1))
x = (1, 2)
print(tuple(x) is x, x[:] is x, x + () is x, x * 1 is x)
class T(tuple):
    pass
u = T([1, 2])
print(u, type(u).__name__, type(u + (3,)).__name__, type(u[:]).__name__, tuple(u) is u, type(tuple(u)).__name__)
print((1,), (), ((),), repr((1, "a", None)), str((2.5,)))
print(1 in t, 9 in t, t.__contains__(3), t.__len__(), t.__getitem__(0), list(reversed(t)))
it = iter(t)
print(next(it), it.__length_hint__(), type(it).__name__)
a, *b = t
print(a, b, t.__getnewargs__())
