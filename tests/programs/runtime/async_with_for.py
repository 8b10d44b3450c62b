# async with and async for over objects written in Python, driven by hand.
class Ticker:
    def __init__(self, n):
        self.n = n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n
class Session:
    async def __aenter__(self):
        print("enter")
        return self
    async def __aexit__(self, *exc):
        print("exit", exc[0].__name__ if exc[0] else None)
        return False
async def main():
    out = []
    async for i in Ticker(3):
        out.append(i)
    async with Session() as s:
        out.append(type(s).__name__)
    try:
        async with Session():
            raise KeyError("k")
    except KeyError:
        out.append("caught")
    return out
c = main()
try:
    c.send(None)
except StopIteration as e:
    print(e.value)
async def bad():
    async for x in 5:
        pass
try:
    bad().send(None)
except TypeError as e:
    print(type(e).__name__, e)
