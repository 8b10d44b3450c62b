# array comparisons read fresh items (a NaN never equals itself), 'u' arrays
# refuse code points past U+10FFFF, _array_reconstructor checks the length of
# its bytes, struct's 'p' stores all that fits.
import array
import struct
from array import _array_reconstructor as reconstruct


def show(label, call):
    try:
        print(label, repr(call()))
    except Exception as e:
        print(label, type(e).__name__, e)


nan = float("nan")
for code in "fd":
    a = array.array(code, [nan])
    b = array.array(code, [nan])
    print(code, a == b, a != b, a < b, a <= b, a > b, a >= b, a == a, a != a)
    c = array.array(code, [1.0, nan])
    d = array.array(code, [1.0, 2.0, 3.0])
    print(code, c == d, c != d, c < d, c <= d, c > d, c >= d)
for x, y in [([1, 2], [1, 2, 3]), ([1, 3], [1, 2, 3]), ([], []), ([5], [5])]:
    a, b = array.array("i", x), array.array("i", y)
    print(x, y, [a < b, a <= b, a == b, a != b, a > b, a >= b])
print(array.array("i", [1]) == array.array("d", [1.0]), array.array("u", "ab") < array.array("u", "b"))

bad = array.array("u", b"a\x00\x00\x00\xff\xff\xff\xff")
show("tounicode", bad.tounicode)
show("str", lambda: str(bad))
show("repr", lambda: repr(bad))
show("first", lambda: bad[0])
edge = array.array("u", b"\x00\x00\x11\x00")
show("U+110000", edge.tounicode)
show("U+10FFFF", array.array("u", b"\xff\xff\x10\x00").tounicode)

for args in [(array.array, "b", 0, b""), (array.array, "?", 0, b""), (array.array, "b", -1, b""),
             (array.array, "b", 22, b""), (array.array, "d", 16, b"a"),
             (array.array, "d", 17, b"abc"), (array.array, "d", 17, b"\x00" * 8),
             (array.array, "i", 8, b"\x01\x00\x00\x00\x02\x00\x00"),
             (array.array, "i", 9, b"\x00\x00\x00\x01\x00\x00\x00\x02"),
             (array.array, "h", 8, b"\x01\x00\x00\x00"), (array.array, "u", 21, b"\x00\x00\x00A"),
             (array.array, "u", 18, b"A\x00B"), ("", "b", 0, b""), (array.array, "b", "", b""),
             (array.array, "b", 0, ""), (array.array, "b", 18, b"A\x00B\x00"),
             (array.array, "u", 18, b"A\x00\x00\xd8"), (array.array, "u", 19, b"\x00A\x00B"),
             (array.array, "u", 20, b"A\x00\x00\x00B\x00\x00\x00"),
             (array.array, "d", 12, b"\xff" * 8), (array.array, "L", 11, b"\x00" * 7 + b"\x05"),
             (array.array, "f", 15, b"\x3f\x80\x00\x00"), (array.array, "i", 16, b"\x00" * 8),
             (array.array, "I", 7, b"\x00\x00\x00\x07")]:
    show("reconstruct %r" % (args[1:],), lambda: reconstruct(*args))

for code, data in [("p", b"abc"), ("1p", b"abc"), ("2p", b"abc"), ("5p", b"abc"),
                   ("300p", b"x" * 300), ("256p", b"y" * 256), ("257p", b"z" * 255)]:
    packed = struct.pack(code, data)
    print(code, len(packed), packed[:3], packed[-2:], len(struct.unpack(code, packed)[0]))
