# bytes and bytearray basics.
b = b"hello\x00\xff"
print(b, len(b), b[0], b[-1], b[1:3], list(b[:3]))
print(b"a" + b"b", b"ab" * 3, b"l" in b, b.upper(), b.find(b"l"))
print(bytes(3), bytes([65, 66, 67]), bytes("héllo", "utf-8"))
print("héllo".encode(), b"h\xc3\xa9llo".decode("utf-8"))
print(b"a,b,c".split(b","), b"-".join([b"x", b"y"]), b"  x ".strip())
ba = bytearray(b"abc")
ba[0] = 65
ba.append(100)
ba.extend(b"ef")
print(ba, bytes(ba), len(ba))
print(b"abc" == b"abc", b"abc" < b"abd", bytes.fromhex("deadbeef"), b"\x01\xab".hex())
print(repr(b"'\""), repr(b'\n\t\\'))
try:
    b"abc"[0] = 1
except TypeError as e:
    print(type(e).__name__, e)
