# f_locals of a frame object outlives the frame: a finished frame keeps its last
# locals, a suspended generator's frame shows what the generator holds.
import sys, inspect
def f(x, p):
    y = x + 3
    global fr
    fr = inspect.currentframe()
    return y
f(11, 11)
print(fr.f_locals)
def g(a):
    lst = [1, 2, 3]
    yield a
    yield lst
gen = g(None)
print(gen.gi_frame.f_locals)
next(gen)
print(gen.gi_frame.f_locals)
def h():
    q = 5
    return sys._getframe()
print(h().f_locals)
def counter():
    total = 0
    for step in range(3):
        total += step
        yield total
c = counter()
frame = c.gi_frame
for _ in c:
    print(sorted(frame.f_locals.items()))
print(c.gi_frame, sorted(frame.f_locals.items()))
def cells():
    shared = 1
    def inner():
        return shared
    return sys._getframe(), inner
f, inner = cells()
print(f.f_locals['shared'], callable(f.f_locals['inner']))
