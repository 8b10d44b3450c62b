# Coroutines driven by hand: async def, await on coroutines and on __await__ objects.
async def f(): return 1
c = f()
print(type(c).__name__, repr(c)[:22])
try: c.send(None)
except StopIteration as e: print('ret', e.value)
class A:
    def __await__(self):
        yield 5
        return 7
async def g():
    x = await A()
    y = await f()
    return x + y
c = g()
print(c.send(None))
try: c.send(None)
except StopIteration as e: print('ret', e.value)
async def h(): await 3
try: h().send(None)
except TypeError as e: print(e)
w = f().__await__(); print(type(w).__name__)
try: next(w)
except StopIteration as e: print("wrapper ret", e.value)
