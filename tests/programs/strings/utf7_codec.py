import codecs
samples = ["Hi Mom -\u263a-!", "A\u2262\u0391.", "\u65e5\u672c\u8a9e", "+", "a+b", "x\U0001f600y", chr(0xd800), "1 + 1 = 2", "~\\", "\u20ac-x", ""]
for s in samples:
    b = s.encode("utf-7")
    print(repr(s), b, b.decode("utf-7") == s)
for data in [b"+AGEAYgBj-", b"+AGE", b"+AGEA", b"a+", b"+ZeVnLIqe-", b"\xff", b"+AGE\xff", b"+!", b"+AGEx-", b"+2D3eAA-", b"+2D3", b"+2D3-x"]:
    for errors in ("strict", "replace", "ignore", "backslashreplace"):
        try:
            print(data, errors, repr(data.decode("utf-7", errors)))
        except UnicodeDecodeError as e:
            print(data, errors, "error", e)
    for final in (False, True):
        try:
            print(" ", final, codecs.utf_7_decode(data, "strict", final))
        except UnicodeDecodeError as e:
            print(" ", final, "error", e.start, e.end, e.reason)
d = codecs.getincrementaldecoder("utf-7")()
print([d.decode(bytes([c])) for c in b"a+ZeVnLIqe-b"])
print(codecs.utf_7_encode("a\u1234b"))
