"""Module docstring."""
x = 1
print(x)
a = b = c = [1, 2, 3]
a, b = b, a
a, b, c = c, b, a
first, *rest = range(10)
*init, last = "abc"
(p, q), r = (1, 2), 3
d = {"k": 1, **{"m": 2}}
d["k"] += 1
obj.attr -= 2
x **= 3
del d["k"], x
s = {1, 2, 3}
t = (1, 2, (3, 4))
n = -5 + 2 * 3 - 10 // 3 % 7 ** 2 << 1
z = 1 + 2j
f = 1.5e3
big = 123456789012345678901234567890
m = ~0
sl = x[1:2], x[::2], x[a:b:c], x[:]
lst = [*a, *b, 1]
call = f(1, *args, k=2, **kw)
meth = o.m(1, k=2)
cond = a if b else c
w = (y := 10) + y
chain = 1 < a < 3
ann: int = 5
other: str
obj.field: int = 3
