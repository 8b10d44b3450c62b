# zlib over the system library: one-shot and streaming compression with every
# container (zlib, raw deflate, gzip), dictionaries, copies, checksums, errors, and
# the modules on top of it (gzip, zipfile).
import gzip, io, zipfile, zlib

data = b"hello world " * 1000 + bytes(range(256)) * 4
c = zlib.compress(data)
print(len(c), zlib.decompress(c) == data, zlib.crc32(data), zlib.adler32(data))
print(zlib.crc32(b"abc", 12345), zlib.adler32(b"abc", 0xffffffff), zlib.crc32(b""))
for level in (0, 1, 6, 9):
    print("level", level, len(zlib.compress(data, level)))
for wbits in (-15, 15, 31, -9):
    co = zlib.compressobj(9, zlib.DEFLATED, wbits)
    packed = co.compress(data) + co.flush()
    auto = 47 if wbits > 0 else wbits
    print("wbits", wbits, len(packed), zlib.decompress(packed, auto) == data)

d = zlib.decompressobj()
first = d.decompress(c[:10])
rest = d.decompress(c[10:] + b"tail")
print(first, rest == data, d.eof, d.unused_data, d.unconsumed_tail)

d = zlib.decompressobj()
out = d.decompress(c, 100)
print(len(out), len(d.unconsumed_tail) > 0)
while d.unconsumed_tail:
    out += d.decompress(d.unconsumed_tail, 1000)
out += d.flush()
print(out == data)

zdict = b"hello world "
co = zlib.compressobj(zdict=zdict)
packed = co.compress(data) + co.flush()
do = zlib.decompressobj(zdict=zdict)
print(len(packed), do.decompress(packed) == data)
try:
    zlib.decompress(packed)
except zlib.error as e:
    print("error:", e)

co = zlib.compressobj()
head = co.compress(b"abc" * 100)
twin = co.copy()
print(head + co.flush() == head + twin.flush())
co = zlib.compressobj()
parts = [co.compress(b"x" * 50), co.flush(zlib.Z_SYNC_FLUSH), co.compress(b"y" * 50), co.flush()]
print([len(p) for p in parts], zlib.decompress(b"".join(parts)))

for bad in (b"garbage", c[:-3], b""):
    try:
        zlib.decompress(bad)
    except zlib.error as e:
        print("error:", e)
for call in (lambda: zlib.compress(data, 10), lambda: zlib.compressobj(wbits=99),
             lambda: zlib.decompress(c, bufsize=-1), lambda: zlib.compress("text")):
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)
co = zlib.compressobj()
co.flush()
try:
    co.compress(b"more")
except zlib.error as e:
    print("error:", e)

buf = io.BytesIO()
with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
    f.write(data)
print(buf.getvalue()[:12], gzip.decompress(buf.getvalue()) == data)
print(gzip.decompress(gzip.compress(data, mtime=0)) == data)
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("a.txt", data)
with zipfile.ZipFile(b) as z:
    print(z.read("a.txt") == data, z.namelist(), z.getinfo("a.txt").compress_size)
print(zlib.MAX_WBITS, zlib.DEFLATED, zlib.Z_BEST_COMPRESSION, zlib.DEF_BUF_SIZE)
print(type(zlib.compressobj()).__name__, type(zlib.decompressobj()).__name__)
