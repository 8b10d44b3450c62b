# Unicode case mapping, whitespace classes, code-point search and encodings.
for t in [lambda: "a".__mod__(1), lambda: "ab".__rmod__(1),
          lambda: str(b"ab"), lambda: str(b"\xff", "utf-8", "replace"), lambda: str(1, "utf-8"), lambda: "abc".__getitem__(slice(None, None, -1)),
          lambda: "x".center(-5), lambda: "".join(x for x in "abc"), lambda: "%s" % {"a": 1}, lambda: "%(a)s" % {"a": 1},
          lambda: "a\u0085b".split(), lambda: "a\x1cb".split(), lambda: " \x1f x".strip(), lambda: "ǅemal".istitle(),
          lambda: "ΣΑΣ ΟΔΟΣ".title(), lambda: "ΌΣΟΣ".lower(), lambda: "ἀΣ".lower(), lambda: "İ".lower(), lambda: len("İ".lower()),
          lambda: "ŉ".upper(), lambda: "ΐ".title(), lambda: "Ａｂｃ".swapcase(), lambda: "ß".swapcase(), lambda: "ﬀ".capitalize(),
          lambda: repr("\x00\u200b\u00ad\ud7ff\U000e0001\U0001f600"), lambda: ascii("é😀"), lambda: "abc".find("c", -1), lambda: "abc".rfind("", -1),
          lambda: "a😀b😀".rfind("😀"), lambda: "a😀b😀".index("b", 1, 3), lambda: "a😀b😀".count("😀", 2), lambda: "😀x".startswith("x", 1),
          lambda: "{:>5}".format("é"), lambda: "{0:^7}".format("😀"), lambda: "%-4s|" % "é", lambda: "%.2s" % "é😀x",
          lambda: str.maketrans("", ""), lambda: "ab".replace("", "", 0), lambda: "abc".split("b", -5),
          lambda: "1,2".split(sep=",", maxsplit=True), lambda: "x".zfill(True), lambda: "a b".split(None), lambda: "abc" * True,
          lambda: "x" in "xyz", lambda: "%5.1s|" % "abc", lambda: "%c" % 0x20ac, lambda: "%r" % "é", lambda: "%a" % "é",
          lambda: f"{'x'!r:>5}", lambda: "{0:{1}{2}}".format(3.14159, ".", "2f"), lambda: "{!s:5}|".format(1), lambda: "{0.__class__.__name__}".format(1),
          lambda: "abc".encode("UTF-8"), lambda: "é".encode("latin1"), lambda: "€".encode("ascii", "xmlcharrefreplace"),
          lambda: b"abc".decode("ASCII"), lambda: "ab".encode(encoding="ascii", errors="strict"), lambda: sorted(["b", "a", "é", "B"]),
          lambda: "ab" == "ab", lambda: "a" != "b", lambda: max("abc"), lambda: "".join(reversed("abc")), lambda: "a-b_c d".title(),
          lambda: "hello"[10:], lambda: "hello"[-100:2], lambda: "hello"[::0]]:
    try:
        print(repr(t()))
    except Exception as e:
        print(type(e).__name__, e)
