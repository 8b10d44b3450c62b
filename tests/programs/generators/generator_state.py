# Generator attributes and states.
def gen():
    yield 1
    yield 2
g = gen()
print(g.__name__, g.gi_running, g.gi_frame is not None)
print(next(g))
print(g.gi_frame.f_lineno)
print(list(g))
print(g.gi_frame)
def reenter():
    yield next(me)
me = reenter()
try:
    next(me)
except ValueError as e:
    print(type(e).__name__, e)
def raises_stop():
    yield 1
    raise StopIteration("inside")
try:
    list(raises_stop())
except RuntimeError as e:
    print(type(e).__name__, e, type(e.__cause__).__name__)
