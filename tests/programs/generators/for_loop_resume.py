# Generators driven by `for` loops: values, exhaustion, errors escaping into the
# loop, the handled exception on either side, re-entrance and frames.
import sys
import traceback


def count(n):
    for i in range(n):
        yield i
    return "done"


print(list(count(3)), [x * 2 for x in count(4)], sum(count(100)))

# Nested pipelines and early exit.
def evens(source):
    for x in source:
        if x % 2 == 0:
            yield x


g = evens(count(10))
for x in g:
    if x > 4:
        break
print("after break:", x, next(g), g.gi_running, g.gi_frame is not None)
g.close()
print("closed:", g.gi_frame, list(g))

# An exhausted generator gives nothing more to a second loop.
g = count(2)
print([x for x in g], [x for x in g])

# An exception escaping the generator reaches the loop's handler.
def failing():
    yield 1
    raise KeyError("inside")


try:
    for x in failing():
        print("got", x)
except KeyError as e:
    print("caught", repr(e), e.__traceback__.tb_next.tb_frame.f_code.co_name)

# PEP 479: StopIteration inside becomes RuntimeError at the loop.
def stops():
    yield 1
    raise StopIteration("early")


try:
    for x in stops():
        pass
except RuntimeError as e:
    print(type(e).__name__, e, "| cause:", repr(e.__cause__), e.__suppress_context__)

# The handled exception inside and outside.
def peek():
    try:
        raise ValueError
    except ValueError:
        yield sys.exc_info()[0]
        yield sys.exc_info()[0]


try:
    raise IndexError
except IndexError:
    for kind in peek():
        print("inside:", kind, "outside:", sys.exc_info()[0])

# A generator that resumes itself is already executing.
def selfish():
    yield next(me)


me = selfish()
try:
    for _ in me:
        pass
except ValueError as e:
    print("ValueError:", e)

# Frames: the loop's frame is the generator's f_back while it runs.
def where():
    f = sys._getframe()
    yield f.f_back.f_code.co_name, f.f_code.co_name, me2.gi_running


def caller():
    return [w for w in me2]


me2 = where()
print(caller())

# A traceback through generators printed when uncaught in a loop.
def deep(n):
    if n == 0:
        yield 1 / 0
    for x in deep(n - 1):
        yield x


try:
    for x in deep(3):
        pass
except ZeroDivisionError:
    lines = traceback.format_exc().splitlines()
    print(len(lines), lines[-1])
    print([l.strip() for l in lines if l.strip().startswith("File")][-1].split(",")[-1])

# try/finally in a generator abandoned mid-loop runs at close.
def guarded():
    try:
        yield 1
        yield 2
    finally:
        print("finally runs")


for x in guarded():
    break
print("after guarded")

# A loop inside a generator that is itself driven by a loop, with a return value.
def outer():
    total = 0
    for x in count(5):
        total += x
        yield total
    return total


print(list(outer()))

# Recursion through nested generator loops ends in RecursionError.
def nest(n):
    for x in nest(n + 1):
        yield x
    yield n


try:
    for x in nest(0):
        pass
except RecursionError as e:
    print("RecursionError:", e)
