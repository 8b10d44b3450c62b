# The struct module (named so as not to shadow it): pack, unpack, pack_into,
# unpack_from, iter_unpack and calcsize over generated binary records.
import random
import struct

RECORD = struct.Struct("<IhBx d 8s ?")
HEADER = struct.Struct(">4sHHI")


def make_records(rng, count):
    return [
        (i, rng.randint(-32768, 32767), rng.randint(0, 255), rng.uniform(-1e3, 1e3), bytes(rng.randrange(256) for _ in range(rng.randint(0, 8))), rng.random() < 0.5)
        for i in range(count)
    ]


def run(rng, count):
    records = make_records(rng, count)
    blob = bytearray(HEADER.size + RECORD.size * count)
    HEADER.pack_into(blob, 0, b"KRT1", 1, RECORD.size, count)
    offset = HEADER.size
    for rec in records:
        RECORD.pack_into(blob, offset, *rec)
        offset += RECORD.size
    magic, version, size, n = HEADER.unpack_from(blob)
    total = 0
    flags = 0
    for ident, short, byte, value, name, flag in RECORD.iter_unpack(memoryview(blob)[HEADER.size:]):
        total += ident + short + byte + int(value) + len(name.rstrip(b"\0"))
        flags += flag
    packed = b"".join(struct.pack("<iHq", i, i & 0xFFFF, i * 1000003) for i in range(count))
    back = [struct.unpack_from("<iHq", packed, k * struct.calcsize("<iHq")) for k in range(count)]
    mixed = 0
    for fmt in ("b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "e", "f", "d", "n", "N", "P", "?", "c", "5p", "3s"):
        mixed += struct.calcsize(fmt) + struct.calcsize("@" + fmt) + struct.calcsize("=" + fmt) if fmt not in ("n", "N", "P") else struct.calcsize(fmt)
    floats = struct.pack(f">{count}d", *(r[3] for r in records))
    halves = struct.unpack(f"<{count // 2}e", struct.pack(f"<{count // 2}e", *(r[3] / 100 for r in records[: count // 2])))
    return magic, version, size, n, total, flags, sum(b[2] % 9973 for b in back), mixed, len(floats), round(sum(halves), 3)


rng = random.Random(5)
for count in (1000, 30000, 80000):
    print(*run(rng, count))
print(struct.pack(">hHiQ?", -2, 65535, -7, 2**64 - 1, True).hex())
print(struct.unpack("<3sxh", b"abc\0\x01\x02"), struct.calcsize("<3sxh"))
try:
    struct.pack("<h", 40000)
except struct.error as exc:
    print("error:", exc)
