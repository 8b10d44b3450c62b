async def fetch(session, urls):
    async with session.get(urls[0]) as resp, session.lock:
        data = await resp.read()
    async for item in session.stream():
        if item:
            break
    result = [await x async for x in session.items()]
    return data, result


async def agen():
    yield 1
    await thing()
