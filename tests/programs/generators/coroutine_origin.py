# cr_origin records where a coroutine was made when sys.set_coroutine_origin_tracking_depth asks.
import sys
async def c(): pass
def make(): return c()
print(c().cr_origin)
sys.set_coroutine_origin_tracking_depth(3)
print(sys.get_coroutine_origin_tracking_depth())
x = make()
print(x.cr_origin)
def deeper(n): return make() if n == 0 else deeper(n - 1)
y = deeper(5)
print(y.cr_origin)
sys.set_coroutine_origin_tracking_depth(0)
print(c().cr_origin)
for o in (x, y): o.close()
