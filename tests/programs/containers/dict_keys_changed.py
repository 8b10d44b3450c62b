# Mutating dicts and sets during iteration: which changes CPython allows, which raise, and what was seen.
def t(name, f):
    try:
        print(name, f())
    except RuntimeError as e:
        print(name, "RuntimeError", e)
def a():
    d = {i: i for i in range(3)}
    seen = []
    for k in d:
        seen.append(k)
        del d[k]
        d[k + 10] = 0
        if len(seen) > 20: break
    return seen
def b():
    d = {0: 0, 1: 1}
    seen = []
    for k in d:
        seen.append(k)
        d.pop(k)
        d[k + 2] = 0
    return seen
def c():
    d = {i: i for i in range(6)}
    seen = []
    for k in d.values():
        seen.append(k)
        if k == 1:
            del d[5]
            d[9] = 9
    return seen
def e():
    s = {1, 2, 3}
    seen = []
    for x in s:
        seen.append(x)
        s.discard(x)
        s.add(x + 8)
        if len(seen) > 10: break
    return seen
def f():
    d = {1: 1}
    r = reversed(d)
    d[2] = 2
    return list(r)
def g():
    l = [1, 2, 3]
    r = reversed(l)
    l.clear()
    return list(r)
for n, fn in [("a", a), ("b", b), ("c", c), ("e", e), ("f", f), ("g", g)]:
    t(n, fn)
