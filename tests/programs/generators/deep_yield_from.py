# A yield from chain thousands deep (resumed within the loop, no Rust recursion).
import sys
sys.setrecursionlimit(10000)
def chain(n):
    if n == 0:
        x = yield "bottom"
        return x
    return (yield from chain(n - 1)) + 1
g = chain(3000)
print(next(g))
try:
    g.send(5)
except StopIteration as e:
    print(e.value)
