# Every list method and operator, with CPython's error messages.
def err(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print("ok", r)

a = [3, 1, 2]
a.append(4)
a.extend((5, 6))
a.extend(x for x in [7])
a.insert(0, 0)
a.insert(-1, 99)
a.insert(100, 100)
a.insert(-100, -100)
print(a, len(a))
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(7)
print(a, a.index(2), a.index(5, 3), a.index(5, -4, -1), a.count(2), a.count(42))
err(lambda: a.index(42))
err(lambda: a.index(3, 2))
err(lambda: a.index(1, 0, 1))
err(lambda: a.remove(42))
err(lambda: [].pop())
err(lambda: [1].pop(5))
err(lambda: a.pop("x"))
err(lambda: a.append())
err(lambda: a.append(1, 2))
err(lambda: a.insert(1))
err(lambda: a.index())
err(lambda: a.count())
err(lambda: a.sort(1))
err(lambda: a.sort(key=1))
err(lambda: a.sort(cmp=None))
err(lambda: a.copy(1))
b = a.copy()
b.reverse()
print(b, a, b is a)
b.clear()
print(b, a)
print(a + [1], [1] * 3, 2 * [0], [1, 2] * 0, [1] * -1)
err(lambda: a + (1,))
err(lambda: a * 1.5)
err(lambda: a * "x")
c = [1, 2]
c += (3, 4)
c += "ab"
c *= 2
print(c)
c *= 0
print(c)
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 9], [1, 2] == [1, 2], [1] != [1], [] <= [])
err(lambda: [1] < ["a"])
err(lambda: [1] < (1,))
print([1, [2, [3]]] == [1, [2, [3]]], [[]] == [[]])
n = float("nan")
print([n] == [n], n in [n], [n].count(n), [n].index(n))
d = list(range(10))
print(d[2:5], d[::-1], d[::3], d[-3:], d[:-7:-2], d[100:], d[-100:2], d[5:2])
d[2:5] = ["a", "b"]
print(d)
d[1:1] = range(3)
print(d)
d[::2] = [0] * len(d[::2])
print(d)
err(lambda: d.__setitem__(slice(None, None, 2), [1]))
d[:] = d
print(d)
d[2:] = d
print(d)
del d[::3]
print(d)
del d[1:4]
print(d)
del d[-1]
print(d)
err(lambda: d.__delitem__(50))
err(lambda: d.__getitem__(50))
err(lambda: d.__setitem__(50, 1))
err(lambda: d["x"])
err(lambda: d.__setitem__(slice(0, 1), 5))
e = [1, 2, 3, 4, 5]
e[1:4:2] = "xy"
print(e)
e[::-1] = range(5)
print(e)
e[10:20] = [9]
print(e)
e[-100:1] = []
print(e)
print(list(reversed(e)), reversed(e).__length_hint__(), type(reversed(e)).__name__)
print(list("abc"), list(range(3)), list({1: 2}), list((1, 2)))
err(lambda: list(1))
err(lambda: list(1, 2))
err(lambda: list(x=1))
class L(list):
    pass
l = L([3, 1])
l.sort()
print(l, type(l).__name__, type(l + [1]).__name__, type(l * 2).__name__, type(l[:]).__name__)
r = [1]
r.append(r)
print(r, [r, r])
print(repr([]), str([1, "a", None, 2.5]))
x = [1, 2, 3]
it = iter(x)
print(next(it), it.__length_hint__())
x.append(4)
print(list(it))
print(x.__contains__(2), 5 in x, list.__len__(x), x.__getitem__(-1))
