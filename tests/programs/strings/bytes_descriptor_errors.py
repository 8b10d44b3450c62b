# bytes and bytearray methods called on other types: CPython's descriptor TypeErrors.
for t in [lambda: bytes.upper(1), lambda: bytes.__eq__(bytearray(b"a"), b"a"), lambda: bytearray.find(b"a", b"a"), lambda: bytes.__len__("x"),
          lambda: bytes.hex(bytearray(b"a")), lambda: bytearray.hex(bytearray(b"\x01")), lambda: bytes.decode(b"a"), lambda: bytes.__add__(1, b"a"),
          lambda: b"a" == bytearray(b"a"), lambda: bytearray(b"a") + b"b", lambda: 2 * b"ab", lambda: bytes.fromhex("41"), lambda: bytearray.fromhex("41")]:
    try:
        print(repr(t()))
    except Exception as e:
        print(type(e).__name__, e)
