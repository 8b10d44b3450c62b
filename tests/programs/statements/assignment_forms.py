# Chained, tuple, list, nested and starred assignment targets.
a = b = c = [0]
a.append(1)
print(a, b, c, a is c)
x, y = 1, 2
x, y = y, x
print(x, y)
[p, q] = "pq"
(r, s), [t, u] = (1, 2), (3, 4)
print(p, q, r, s, t, u)
first, *middle, last = [1, 2, 3, 4, 5]
print(first, middle, last)
*init, tail = "abc"
head, *rest = (9,)
print(init, tail, head, rest)
(m, *n), o = [1, 2, 3], 4
print(m, n, o)
obj = type("Obj", (), {})()
obj.attr, lst = 5, [0, 0]
lst[0], lst[1] = "i", "j"
print(obj.attr, lst)
i = 0
items = [10, 20]
i, items[i] = 1, 99
print(i, items)
d = {}
d["a"] = d["b"] = 3
print(d)
k = v = None
for k, v in {"key": "val"}.items():
    pass
print(k, v)
