# `X | Y` makes a union only where a class or alias takes part (None | None is a
# TypeError); str(bytes, encoding) finds codecs in the registry as bytes.decode does.
import typing

print(int | None, None | int, int | None | str, list[int] | None)
for a, b in ((None, None), (1, None), (None, "x")):
    try:
        print(a | b)
    except TypeError as e:
        print(e)
print(str(b"a\\u20acb", "raw-unicode-escape"), str(b"\\x41", "unicode_escape"))
print(str(bytearray(b"\x80"), "cp1252"), str(b"caf\xe9", encoding="latin-1"))
for enc in ("rot13", "no-such-codec"):
    try:
        str(b"x", enc)
    except LookupError as e:
        print(e)
