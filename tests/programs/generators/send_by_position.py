# generator.send and coroutine.send called by position (their fast entry) and
# through map(): results and errors as the general path gives them.
def g():
    v = yield 1
    print("got", v)
    yield 2
it = g()
try:
    it.send(5)
except TypeError as e:
    print("TypeError:", e)
print(it.send(None), it.send("x"))
try:
    it.send(1); it.send(2)
except StopIteration:
    print("stop")
import types
try:
    type(it).send(3, 4)
except TypeError as e:
    print("TypeError:", e)
async def c():
    return 7
co = c()
try:
    co.send(None)
except StopIteration as e:
    print("value", e.value)
print(list(map(g().send, [None])))
