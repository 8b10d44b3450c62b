# bytes: constructors, repr, methods, operators and their errors.
print(bytes(), bytes(3), bytes([65, 66]), bytes(b"xy"), bytes(bytearray(b"z")), bytes("é", "utf-8"), bytes("a", encoding="ascii"))
print(repr(b"a'b"), repr(b'a"b'), repr(b"'\""), b"\x00\x7f\x80\xff\t\r\n\\", bytes(range(30, 35)))
b = b"Hello, World hello"
print(b.lower(), b.upper(), b.swapcase(), b.title(), b"hELLO wORLD".capitalize(), b.count(b"l"), b.count(b"l", 5, -2), b.count(108))
print(b.find(b"lo"), b.find(b"lo", 5), b.rfind(b"l"), b.find(111), b.index(b"W"), b.rindex(b"o"), b.find(b"zz"), b.find(b"", 40))
print(b.startswith(b"He"), b.startswith((b"x", b"Hel")), b.endswith(b"lo", 0, 5), b.endswith(b"llo"))
print(b.split(), b.split(b"l"), b.split(b"l", 1), b.rsplit(b"l", 1), b"  a  b ".split(None, 1), b"  a  b ".rsplit(None, 1))
print(b" x ".strip(), b"xxaxx".strip(b"x"), b" a ".lstrip(), b" a ".rstrip(), b"abc".strip(b"ac"))
print(b"-".join([b"a", b"b", bytearray(b"c")]), b"".join([]), b"aaa".replace(b"a", b"bb", 2), b"abc".replace(b"", b"-"))
print(b"a,b".partition(b","), b"a,b,c".rpartition(b","), b"abc".partition(b"x"), b"abc".rpartition(b"x"))
print(b"ab".center(6, b"*"), b"ab".ljust(4), b"ab".rjust(4, b"0"), b"-7".zfill(4), b"a\tb".expandtabs(4))
print(b"x\ny\r\nz".splitlines(), b"x\ny\n".splitlines(True), b"pre-x".removeprefix(b"pre-"), b"x.py".removesuffix(b".py"))
print(b"abc1".isalnum(), b"abc".isalpha(), b"123".isdigit(), b"  ".isspace(), b"abc".islower(), b"ABC".isupper(), b"Ab Cd".istitle(), b"\x80".isascii(), b"".isalpha())
print(b"\xde\xad".hex(), b"\x01\x02\x03".hex(":"), b"\x01\x02\x03\x04\x05".hex("-", 2), b"\x01\x02\x03".hex(" ", -2), bytes.fromhex("de ad BE EF"))
t = bytes.maketrans(b"abc", b"xyz")
print(b"aabbcc".translate(t), b"abcdef".translate(None, b"bd"), len(t))
print(b"a" + b"b", b"ab" * 2, 2 * b"ab", b"b" in b"abc", 98 in b"abc", b"" in b"", b"abc"[1], b"abc"[-1], b"abcdef"[1:5:2], b"abc"[::-1])
print(b"a" < b"b", b"ab" <= b"ab", b"b" > b"abc", b"a" == bytearray(b"a"), b"a" != "a", hash(b"abc") == hash(bytes(b"abc")))
print(b"%s %d %x %r %c %c %5.2f %%" % (b"bytes", 42, 255, "s", 65, b"B", 3.14159), b"%(k)s" % {b"k": b"v"}, b"%-4b|" % b"x")
print(b"caf\xc3\xa9".decode(), b"caf\xc3\xa9".decode("latin-1"), b"ab\xff".decode("utf-8", "replace"), b"ab\xff".decode("ascii", "ignore"), b"a\xffb".decode("utf-8", "backslashreplace"))
print(list(b"abc"), [x for x in b"hi"], len(b"abc"), bytes(b"ab") is not None)
tests = [
    lambda: bytes(1.5), lambda: bytearray(1.5), lambda: bytes(-1), lambda: bytes([256]), lambda: bytes(["a"]),
    lambda: b"a".find("a"), lambda: b"a".find(300), lambda: b"a".split("a"), lambda: b"a".join(["a"]),
    lambda: b"a".replace("a", "b"), lambda: b"a"[5], lambda: bytes.fromhex("zz"), lambda: bytes.fromhex("a"),
    lambda: b"a" + "a", lambda: b"a".decode("utf-8", "bogus"), lambda: b"\xff".decode("utf-8", "bogus"),
    lambda: b"a".startswith("a"), lambda: b"a".strip("a"), lambda: b"a".center(3, "x"), lambda: "a" in b"a",
    lambda: 300 in b"a", lambda: b"%d" % "x", lambda: b"%s" % "x", lambda: b"a".count(b"a", "x"),
    lambda: b"ab".partition("a"), lambda: bytes("a"), lambda: bytes(b"a", "utf-8"), lambda: b"a".decode(1),
    lambda: b"\xe2\x82x".decode(), lambda: b"\xe2\x82".decode(), lambda: b"a\xed\xa0\x80".decode(),
    lambda: b"\x80abc".decode("ascii"), lambda: b"ab" < "a", lambda: b"a" * "x", lambda: b"a".translate(b"x"),
    lambda: bytes.maketrans(b"a", b"bc"), lambda: b"a".index(b"z"), lambda: b"x".decode("nope"), lambda: b"ab\xff\xfe".decode(),
    lambda: b"%s %s" % (b"a",), lambda: b"%s" % (b"a", b"b"), lambda: b"\xc3".decode("utf-8"), lambda: b"\xf0\x9f\x98".decode(),
]
for t in tests:
    try:
        print("OK", repr(t()))
    except Exception as e:
        print(type(e).__name__, e)
