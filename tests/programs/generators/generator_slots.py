# Generators and coroutines fill their slots natively: iter, next (a returned value
# travels in StopIteration), repr, and __await__.
def g():
    yield 1
    return 5
it = g()
print(iter(it) is it, next(it), repr(it).startswith('<generator object g at 0x'))
try: next(it)
except StopIteration as e: print('stop', e.value, e.args)
try: g().__next__(); x = g(); x.__next__(); x.__next__()
except StopIteration as e: print('stop2', e.value)
def h(): yield from g()
print(list(h()))
def k():
    r = yield from g()
    yield r
print(list(k()))
async def c(): return 3
co = c(); w = co.__await__(); print(type(w).__name__, iter(w) is w)
try: next(w)
except StopIteration as e: print('coro', e.value)
co2 = c(); print(type(co2).__name__); co2.close()
import asyncio
print(asyncio.run(c()))
class G:
    def __iter__(self): return g()
print([x for x in G()], sum(x for x in range(4)))
print(type(type(g()).__next__).__name__, type(g()).__iter__.__text_signature__)
for bad in ["type(g()).__next__(1)", "type(g()).__repr__(1)"]:
    try: print(bad, '->', eval(bad))
    except Exception as x: print(bad, '!!', type(x).__name__, x)
import warnings; warnings.simplefilter('ignore')
