# UTF-16 and UTF-32 encoding and decoding, byte-order marks and error handlers.
for enc in ["utf-16", "utf-16-le", "UTF-16BE", "utf_16", "utf-32", "utf-32-le", "utf-32-be", "UTF32"]:
    data = "a€😀".encode(enc)
    print(enc, data, data.decode(enc), len(data))
print(b"\xfe\xff\x00a".decode("utf-16"), b"\x00\x00\xfe\xff\x00\x00\x00a".decode("utf-32"), b"a\x00".decode("utf-16"))
cases = [
    (b"a", "utf-16-le"), (b"a", "utf-16"), (b"\x00\xd8a\x00", "utf-16-le"), (b"\x00\xd8", "utf-16-le"),
    (b"\x00\xdc", "utf-16-le"), (b"\xff\xfea", "utf-16"), (b"abc", "utf-32"), (b"\x00\x00\x11\x00", "utf-32-le"),
    (b"\x00\xd8\x00\x00", "utf-32-le"), (b"\x00\xd8a\x00b\x00", "utf-16-le"), (b"\x00\xd8\x00\xd8", "utf-16-le"),
    (b"\x00\xdca\x00", "utf-16-le"), (b"\xd8\x00\xdc\x00", "utf-16-be"), (b"\x00\x00\x00a\x00", "utf-32-be"),
]
for data, enc in cases:
    for errors in ["strict", "replace", "ignore", "backslashreplace"]:
        try:
            print(enc, errors, repr(data.decode(enc, errors)))
        except Exception as e:
            print(enc, errors, type(e).__name__, e)
