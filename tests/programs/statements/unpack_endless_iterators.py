import itertools
def t(f):
    try: print(f())
    except ValueError as e: print(e)
def g(n):
    yield from range(n)
def u1(): a, b = itertools.count(); return a, b
def u2(): a, b = g(1); return a
def u3(): a, *b, c = g(1); return a
def u4(): a, *b, c = g(5); return a, b, c
def u5(): a, b = g(2); return a, b
def u6(): a, *b = itertools.repeat(1, 3); return a, b
def u7(): a, b, c = [1, 2]; return a
def u8(): a, b = (1, 2, 3); return a
def u9(): *a, b, c = 'x'; return a
for f in (u1, u2, u3, u4, u5, u6, u7, u8, u9): t(f)
