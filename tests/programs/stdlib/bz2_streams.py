# bz2 over _bz2: one-shot and incremental compression, max_length, needs_input,
# unused_data, multiple streams, files, and the errors.
import bz2
import io
import os
import tempfile

data = b"".join(b"line %d of the sample text\n" % i for i in range(2000))
packed = bz2.compress(data)
print(len(data), len(packed), packed[:10])
print(bz2.decompress(packed) == data)
for level in (1, 5, 9):
    print(level, len(bz2.compress(data, level)))

c = bz2.BZ2Compressor(3)
parts = [c.compress(data[i:i + 1000]) for i in range(0, len(data), 1000)]
parts.append(c.flush())
print(bz2.decompress(b"".join(parts)) == data)

d = bz2.BZ2Decompressor()
out = d.decompress(packed, max_length=100)
print(len(out), d.needs_input, d.eof)
out += d.decompress(b"", max_length=0)
print(len(out), d.needs_input)
while not d.eof:
    out += d.decompress(b"", max_length=5000)
print(out == data, d.needs_input, d.unused_data)

d = bz2.BZ2Decompressor()
print(d.decompress(packed + b"trailing") == data, d.eof, d.unused_data)
try:
    d.decompress(b"more")
except EOFError as e:
    print("EOFError:", e)

d = bz2.BZ2Decompressor()
half = len(packed) // 2
first = d.decompress(packed[:half])
print(d.needs_input, d.eof)
print(first + d.decompress(packed[half:]) == data)

print(bz2.decompress(packed + packed) == data * 2)

for bad in (b"not bzip2 data", packed[:20]):
    try:
        print(bz2.decompress(bad))
    except (OSError, EOFError, ValueError) as e:
        print(type(e).__name__, e)

for args in [(0,), (10,), ("x",)]:
    try:
        bz2.BZ2Compressor(*args)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)

c = bz2.BZ2Compressor()
c.flush()
for call in (lambda: c.compress(b"x"), c.flush):
    try:
        call()
    except ValueError as e:
        print("ValueError:", e)

with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "sample.bz2")
    with bz2.open(path, "wt", encoding="utf-8") as f:
        f.write("text through BZ2File\n" * 50)
    with bz2.open(path, "rt", encoding="utf-8") as f:
        lines = f.readlines()
    print(len(lines), lines[0], end="")
    with bz2.BZ2File(path) as f:
        print(f.read(10), f.seekable(), f.tell())

buffer = io.BytesIO()
with bz2.BZ2File(buffer, "w") as f:
    f.write(b"in memory")
print(bz2.decompress(buffer.getvalue()))
print(type(bz2.BZ2Decompressor()).__module__, bz2.BZ2Compressor.__name__)
