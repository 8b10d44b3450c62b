# Sizes no buffer can hold: OverflowError or MemoryError as CPython raises them, never a crash.
for t in [lambda: "ab" * 2**62, lambda: "a" * 2**63, lambda: b"ab" * 2**62, lambda: "a" * (2**60), lambda: b"a" * (2**60), lambda: bytes(2**60), lambda: bytearray(2**60),
          lambda: "a".center(2**60), lambda: "a".zfill(2**60), lambda: b"a".ljust(2**60), lambda: b"a".zfill(2**60), lambda: "\t".expandtabs(2**60),
          lambda: "%*d" % (2**60, 1), lambda: "%.*d" % (2**60, 1), lambda: len("%*d" % (2**20 + 5, 1))]:
    try:
        r = t()
        print(repr(r)[:50])
    except Exception as e:
        print(type(e).__name__, e)
b = bytearray(b"ab")
try:
    b *= 2**62
except Exception as e:
    print(type(e).__name__, e)
