# aiter(), anext() with and without a default (the anext_awaitable wrapper),
# breakpoint() through sys.breakpointhook and PYTHONBREAKPOINT.
import asyncio, sys, os
class AI:
    def __init__(self, n): self.n = n
    def __aiter__(self): return self
    async def __anext__(self):
        if self.n == 0: raise StopAsyncIteration
        self.n -= 1
        return self.n
async def main():
    it = aiter(AI(2))
    print(await anext(it), await anext(it), await anext(it, 'done'))
    try:
        await anext(it)
    except StopAsyncIteration:
        print('StopAsyncIteration')
    g = AI(2)
    print(await anext(g), await anext(g), await anext(g, "end"))
    for bad in (1, [1]):
        try: aiter(bad)
        except TypeError as e: print(e)
        try: anext(bad)
        except TypeError as e: print(e)
    class BadAiter:
        def __aiter__(self): return 1
    try: aiter(BadAiter())
    except TypeError as e: print(e)
    aw = anext(AI(0), 7)
    print(type(aw).__name__, aw.__await__() is aw)
    print(await aw)
asyncio.run(main())
def hook(*args, **kw): print('hook', args, kw)
sys.breakpointhook = hook
breakpoint(1, x=2)
del sys.breakpointhook
try: breakpoint()
except RuntimeError as e: print(e)
sys.breakpointhook = sys.__breakpointhook__
os.environ['PYTHONBREAKPOINT'] = '0'
print(breakpoint())
os.environ['PYTHONBREAKPOINT'] = 'builtins.print'
breakpoint('printed via PYTHONBREAKPOINT')
