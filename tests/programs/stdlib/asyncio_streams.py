import asyncio
async def handle(reader, writer):
    data = await reader.readline()
    writer.write(data.upper())
    await writer.drain()
    writer.close()
    await writer.wait_closed()
async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        reader, writer = await asyncio.open_connection('127.0.0.1', port)
        writer.write(b'hello asyncio\n')
        await writer.drain()
        print(await reader.readline())
        writer.close()
        await writer.wait_closed()
    results = await asyncio.gather(*(asyncio.sleep(0.01, result=i) for i in range(5)))
    print(results)
    try:
        await asyncio.wait_for(asyncio.sleep(1), 0.05)
    except asyncio.TimeoutError:
        print('timed out')
    q = asyncio.Queue()
    async def producer():
        for i in range(3):
            await q.put(i)
        await q.put(None)
    async def consumer():
        out = []
        while (item := await q.get()) is not None:
            out.append(item)
        return out
    print(await asyncio.gather(producer(), consumer()))
asyncio.run(main())
