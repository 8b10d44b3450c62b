# A coroutine dropped before it ran warns through warnings._warn_unawaited_coroutine:
# a RuntimeWarning from the code that dropped it, the tracemalloc hint, filters
# applied, and the origin when it is tracked.
import warnings, sys
async def coro(): return 1
def f():
    coro()
f()
warnings.simplefilter('ignore')
def g():
    c = coro()
    del c
g()
print('ignored')
sys.set_coroutine_origin_tracking_depth(2)
warnings.simplefilter('default')
def h(): return coro()
x = h(); del x
print('end')
