# bytes.hex/bytearray.hex/memoryview.hex with a separator every N bytes, from the
# right when N > 0, the left when N < 0, none when N == 0.
for data in (b'', b'\xb9', b'\xb9\x01\xef', bytes(range(10))):
    for per in (0, 1, 2, 3, 4, -1, -2, -3, -4, 100, -100):
        print(data.hex(':', per), bytearray(data).hex('-', per), memoryview(data).hex(b'|', per))
print(b'\x00\xff'.hex(), bytes(range(256)).hex()[:40])
