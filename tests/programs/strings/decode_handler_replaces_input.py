# A decoding error handler may replace the error's `object`: the decoder goes on
# in the new bytes from the position the handler returns (as CPython's do), and
# a handler that moves back only a little still makes progress.
import codecs


def replace_with_long(exc):
    if isinstance(exc, UnicodeDecodeError):
        exc.object = b"\x00" * 8
        return ("\ufffd", exc.start)
    raise TypeError(f"don't know how to handle {exc!r}")


codecs.register_error("test.replace_with_long", replace_with_long)
for codec in ("utf-16", "utf-32", "utf-16-be", "utf-32-le", "utf-8", "ascii"):
    data = b"\x00" if codec != "ascii" and codec != "utf-8" else b"\xff"
    print(codec, ascii(data.decode(codec, "test.replace_with_long")))


def forward_shorter_than_end(exc):
    if isinstance(exc, UnicodeDecodeError):
        return ("\ufffd", exc.start + 1)
    raise TypeError(f"don't know how to handle {exc!r}")


codecs.register_error("test.forward_shorter_than_end", forward_shorter_than_end)
print(ascii(b"\xd8\xd8\xd8\xd8\xd8\x00\x00\x00".decode("utf-16-le", "test.forward_shorter_than_end")))
print(ascii(b"\xd8\xd8\xd8\xd8\x00\xd8\x00\x00".decode("utf-16-be", "test.forward_shorter_than_end")))
print(ascii(b"\x11\x11\x11\x11\x11\x00\x00\x00\x00\x00\x00".decode("utf-32-le", "test.forward_shorter_than_end")))
print(ascii(b"\x11\x11\x11\x00\x00\x11\x11\x11\x00\x00\x00".decode("utf-32-be", "test.forward_shorter_than_end")))


def shrink(exc):
    exc.object = b"ab"
    return ("?", 5)


codecs.register_error("test.shrink", shrink)
try:
    b"abc\xffdef".decode("utf-8", "test.shrink")
except IndexError as exc:
    print("IndexError:", exc)


def not_bytes(exc):
    exc.object = "text"
    return ("?", exc.end)


codecs.register_error("test.not_bytes", not_bytes)
try:
    b"a\xffb".decode("ascii", "test.not_bytes")
except TypeError as exc:
    print("TypeError:", exc)
