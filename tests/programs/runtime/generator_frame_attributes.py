# Generators, coroutines and async generators show their frame under their own
# names (gi_/cr_/ag_), with the object they delegate to while suspended in it.
import asyncio, types
def inner():
    yield 1
def outer():
    yield from inner()
g = outer()
print(g.gi_yieldfrom, g.gi_suspended, g.gi_running)
next(g)
print(type(g.gi_yieldfrom).__name__, g.gi_suspended, g.gi_frame is not None, g.gi_code.co_name)
list(g)
print(g.gi_yieldfrom, g.gi_suspended, g.gi_frame)
async def c():
    await asyncio.sleep(0)
co = c()
print(co.cr_await, co.cr_running, co.cr_suspended, co.cr_origin, co.cr_code.co_name, co.cr_frame is not None)
co.send(None)
print(type(co.cr_await).__name__, co.cr_suspended)
co.close()
async def ag():
    yield 1
a = ag()
print(a.ag_await, a.ag_running, a.ag_code.co_name, a.ag_frame is not None)
print(sorted(n for n in dir(co) if n.startswith('cr_')), sorted(n for n in dir(g) if n.startswith('gi_')), sorted(n for n in dir(a) if n.startswith('ag_')))
