# lzma over _lzma: the container formats, presets and filter chains, incremental
# use, properties and the errors.
import _lzma
import io
import lzma

data = b"".join(b"record %05d: some repeated payload\n" % i for i in range(3000))
for fmt in (lzma.FORMAT_XZ, lzma.FORMAT_ALONE):
    packed = lzma.compress(data, format=fmt)
    print(fmt, len(packed), packed[:6], lzma.decompress(packed) == data)
print(len(lzma.compress(data, preset=1)), len(lzma.compress(data, preset=9 | lzma.PRESET_EXTREME)))
for check in (lzma.CHECK_NONE, lzma.CHECK_CRC32, lzma.CHECK_CRC64, lzma.CHECK_SHA256):
    d = lzma.LZMADecompressor()
    out = d.decompress(lzma.compress(data, check=check))
    print(check, d.check, out == data, lzma.is_check_supported(check))

chain = [{"id": lzma.FILTER_DELTA, "dist": 4}, {"id": lzma.FILTER_LZMA2, "preset": 6, "lc": 2}]
raw = lzma.compress(data, format=lzma.FORMAT_RAW, filters=chain)
print(len(raw), lzma.decompress(raw, format=lzma.FORMAT_RAW, filters=chain) == data)
xz = lzma.compress(data, filters=[{"id": lzma.FILTER_X86}, {"id": lzma.FILTER_LZMA2}])
print(lzma.decompress(xz) == data)

c = lzma.LZMACompressor()
parts = [c.compress(data[i:i + 4096]) for i in range(0, len(data), 4096)]
parts.append(c.flush())
packed = b"".join(parts)
print(lzma.decompress(packed) == data)

d = lzma.LZMADecompressor()
out = d.decompress(packed, max_length=1000)
print(len(out), d.needs_input, d.eof, d.check)
while not d.eof:
    out += d.decompress(b"", max_length=20000)
print(out == data, d.needs_input, d.unused_data)

d = lzma.LZMADecompressor()
print(d.decompress(packed + b"extra") == data, d.unused_data)
try:
    d.decompress(b"x")
except EOFError as e:
    print("EOFError:", e)
print(lzma.decompress(packed + packed) == data * 2)

props = _lzma._encode_filter_properties({"id": lzma.FILTER_LZMA1, "preset": 6})
print(props, _lzma._decode_filter_properties(lzma.FILTER_LZMA1, props))
print(_lzma._decode_filter_properties(lzma.FILTER_LZMA2, b"\x16"))
print(_lzma._decode_filter_properties(lzma.FILTER_DELTA, b"\x03"))

bad_calls = [
    lambda: lzma.decompress(b"definitely not xz data"),
    lambda: lzma.LZMACompressor(format=lzma.FORMAT_RAW),
    lambda: lzma.LZMACompressor(format=lzma.FORMAT_ALONE, check=lzma.CHECK_CRC32),
    lambda: lzma.LZMACompressor(preset=3, filters=[{"id": lzma.FILTER_LZMA2}]),
    lambda: lzma.LZMACompressor(preset=10),
    lambda: lzma.LZMACompressor(format=9),
    lambda: lzma.LZMACompressor(filters=[{"id": 99}]),
    lambda: lzma.LZMACompressor(filters=[{"dict_size": 4096}]),
    lambda: lzma.LZMACompressor(filters=[{"id": lzma.FILTER_LZMA2, "bogus": 1}]),
    lambda: lzma.LZMACompressor(filters=[{"id": lzma.FILTER_DELTA}] * 5),
    lambda: lzma.LZMADecompressor(format=lzma.FORMAT_RAW),
    lambda: lzma.LZMADecompressor(format=lzma.FORMAT_RAW, memlimit=100),
    lambda: lzma.LZMADecompressor(filters=[{"id": lzma.FILTER_LZMA2}]),
    lambda: lzma.decompress(lzma.compress(data), memlimit=1024),
    lambda: lzma.decompress(lzma.compress(data)[:50]),
]
for call in bad_calls:
    try:
        call()
        print("no error")
    except (lzma.LZMAError, ValueError, TypeError, EOFError) as e:
        print(type(e).__name__, e)

buffer = io.BytesIO()
with lzma.open(buffer, "wt", encoding="utf-8") as f:
    f.write("through LZMAFile\n" * 20)
buffer.seek(0)
with lzma.open(buffer, "rt", encoding="utf-8") as f:
    print(len(f.readlines()))
