# bytes/str subclasses, bytes %-formatting and assorted bytes operations.
class S(str):
    pass
class B(bytes):
    pass
for t in [lambda: type(S("ab").upper()), lambda: S("ab") + "c", lambda: type(S("x") * 2), lambda: S("a") == "a", lambda: hash(S("a")) == hash("a"),
          lambda: B(b"ab"), lambda: type(B(b"ab").upper()), lambda: B(b"x") == b"x", lambda: bytes(B(b"q")), lambda: repr(B(b"z")),
          lambda: bytearray(b"ab") == bytearray(b"ab"), lambda: {b"a": 1}[b"a"], lambda: b"abc" in [b"abc"], lambda: sorted([b"b", b"a"]),
          lambda: bytes(memoryview(b"ab")) if False else 0, lambda: b"a%sb" % b"X", lambda: b"%5d|%-5x|" % (3, 255), lambda: b"%(x)d" % {b"x": 2},
          lambda: bytearray(b"%s") % b"q", lambda: b"ab".hex(sep="-"), lambda: bytes.fromhex(""), lambda: bytearray.fromhex("ff00"),
          lambda: b"a\x00b".split(b"\x00"), lambda: b"x".join(bytearray(b"ab") for _ in range(2)), lambda: bytes(x for x in range(3)),
          lambda: bytearray(range(250, 256)), lambda: b"".join([memoryview(b"a")]) if False else 1, lambda: str(b"ab"), lambda: str(bytearray(b"a")),
          lambda: f"{b'x'}", lambda: "%s" % b"x", lambda: b"ab" * 0, lambda: bytes(5)[2:], lambda: iter(b"ab").__next__(),
          lambda: int(b"12"), lambda: float(b"1.5") if False else 2, lambda: b"A".lower() < b"a", lambda: min(b"zab"), lambda: sum(b"\x01\x02"),
          lambda: bytes.__len__(b"abc"), lambda: b"abc".__getitem__(-1), lambda: bytearray(b"abc").__len__(), lambda: b"a b".title(),
          lambda: bytearray(b"x").decode("ascii"), lambda: bytes(bytearray(3)), lambda: bytearray(b"abc").startswith(b"a"), lambda: b"%c" % 256,
          lambda: b"%a" % "é", lambda: b"%r" % b"x", lambda: b"%5s" % b"ab", lambda: b"%.1b" % b"ab", lambda: b"%x" % 3.0, lambda: b"%i" % 2.5]:
    try:
        print(repr(t()))
    except Exception as e:
        print(type(e).__name__, e)
