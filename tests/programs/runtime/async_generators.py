# Async generators: async for, asend/athrow/aclose, async comprehensions,
# contextlib.asynccontextmanager, PEP 479 for StopAsyncIteration, reprs.
import asyncio
async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i
async def main():
    print([x async for x in agen(3)])
    g = agen(2)
    print(type(g).__name__, await g.__anext__(), await g.asend(None))
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print('done')
    await g.aclose()
asyncio.run(main())

import contextlib
@contextlib.asynccontextmanager
async def ctx(name):
    print('enter', name)
    try:
        yield name.upper()
    finally:
        print('exit', name)
async def gen():
    try:
        yield 1
        await asyncio.sleep(0)
        yield 2
    except ValueError as e:
        print('caught', e)
        yield 'recovered'
    finally:
        print('gen finally')
async def early():
    try:
        yield 1
        yield 2
    finally:
        print('early closed')
async def bad():
    yield 1
    raise StopAsyncIteration
async def ignores():
    while True:
        try:
            yield 1
        except GeneratorExit:
            pass
async def main():
    async with ctx('a') as v:
        print('inside', v)
    try:
        async with ctx('b'):
            raise KeyError('k')
    except KeyError as e:
        print('propagated', e)
    g = gen()
    print(await g.__anext__())
    print(await g.athrow(ValueError('boom')))
    print(await g.aclose())
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print('closed gen stops')
    async for x in early():
        print('early', x)
        break
    e = early()
    await e.__anext__()
    await e.aclose()
    b = bad()
    await b.__anext__()
    try:
        await b.__anext__()
    except RuntimeError as exc:
        print('RuntimeError', exc)
    print(type(gen()).__name__, gen().__name__, gen().__qualname__, repr(gen()).startswith('<async_generator object gen at'))
    a = g.asend(None)
    print(type(a).__name__)
    agen = early()
    print(await agen.asend(None))
    print([x async for x in early()])
asyncio.run(main())
