# `yield from` and `await` resume the inner generator or coroutine as a frame of
# the same loop: what the caller sees must not change.
import sys
import types


def inner():
    got = yield "first"
    print("inner got", got)
    got = yield "second"
    print("inner got", got)
    return "inner result"


def outer():
    result = yield from inner()
    print("outer got", result)
    yield "after"
    return "outer result"


g = outer()
print(next(g))
print(g.send(1))
print(g.send(2))
try:
    g.send(3)
except StopIteration as e:
    print("StopIteration", e.value)

# Exceptions out of the inner generator reach the outer one at its `yield from`.
def failing():
    yield 1
    raise ValueError("inner failed")


def catching():
    try:
        yield from failing()
    except ValueError as e:
        print("outer caught", e, "line", e.__traceback__.tb_next.tb_lineno)
        yield "recovered"


print(list(catching()))

# PEP 479: StopIteration raised inside the inner generator.
def stops():
    yield 1
    raise StopIteration("sneaky")


def delegating():
    yield from stops()


try:
    list(delegating())
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", repr(e.__cause__))

# throw() and close() reach the inner generator while it is suspended.
def guarded():
    try:
        yield "guarded"
    except KeyError as e:
        print("inner handled", repr(e))
        yield "after KeyError"
    finally:
        print("inner finally")


def wrapper():
    yield from guarded()
    yield "wrapper end"


w = wrapper()
print(next(w))
print(w.gi_yieldfrom.__name__)
print(w.throw(KeyError("k")))
w.close()
print("closed", w.gi_frame is None)

# A just-started inner generator cannot be sent a value through `yield from`.
def starter():
    yield from iter_gen


def fresh():
    yield 1

iter_gen = fresh()
s = starter()
next(s)
print(s.send(None) if False else "skip")

# Coroutines driven by hand.
@types.coroutine
def suspend(value):
    received = yield value
    return received * 2


async def leaf(x):
    return await suspend(x)


async def middle(x):
    a = await leaf(x)
    b = await leaf(a)
    return a + b


c = middle(5)
print(c.send(None))
print(c.cr_await is not None)
print(c.send(10))
try:
    c.send(7)
except StopIteration as e:
    print("coroutine result", e.value)

# Awaiting a coroutine that raises.
async def bad():
    raise LookupError("from bad")


async def awaits_bad():
    try:
        await bad()
    except LookupError as e:
        return f"caught {e}"


try:
    awaits_bad().send(None)
except StopIteration as e:
    print(e.value)

# Re-awaiting a finished coroutine.
async def done():
    return 1

finished = done()
try:
    finished.send(None)
except StopIteration:
    pass


async def again():
    await finished

try:
    again().send(None)
except RuntimeError as e:
    print("RuntimeError:", e)

# A generator already running cannot be entered again through `yield from`.
def self_delegate():
    yield from me

me = self_delegate()
try:
    next(me)
except ValueError as e:
    print("ValueError:", e)

# A deep chain of `yield from` within the recursion limit.
def chain(n):
    if n == 0:
        yield "bottom"
        return 0
    return (yield from chain(n - 1)) + 1

deep = chain(400)
print(next(deep))
try:
    next(deep)
except StopIteration as e:
    print("depth", e.value)

sys.setrecursionlimit(300)
try:
    list(chain(1000))
except RecursionError as e:
    print("RecursionError:", e)

# Finished coroutines and generators: send, throw and close.
async def done():
    return 1
c = done()
try: c.send(None)
except StopIteration: pass
for op in ("send", "throw", "close"):
    try:
        r = c.send(None) if op == "send" else c.throw(KeyError("x")) if op == "throw" else c.close()
        print(op, "ok", r)
    except BaseException as e:
        print(op, type(e).__name__, e)
def g():
    yield 1
x = g(); list(x)
for op in ("send", "throw", "close"):
    try:
        r = x.send(None) if op == "send" else x.throw(KeyError("x")) if op == "throw" else x.close()
        print(op, "ok", r)
    except BaseException as e:
        print(op, type(e).__name__, e)
