# Keyword rejection, printf and format edge cases of str.
for t in [lambda: "abc".find(sub="a"), lambda: "a".replace("a", "b", count=1), lambda: "a".center(width=3), lambda: "a".strip(chars="a"),
          lambda: "a".join(iterable=[]), lambda: "a".encode("utf-8", errors="strict"), lambda: "a".splitlines(keepends=True),
          lambda: "a\tb".expandtabs(tabsize=2), lambda: "a".startswith(prefix="a"), lambda: "a".count("a", start=0),
          lambda: b"a".split(sep=b"a"), lambda: b"a".decode(encoding="ascii"), lambda: bytes(source=b"a"), lambda: str(object="x"),
          lambda: str(b"a", errors="strict"), lambda: bytearray(b"ab").pop(index=0), lambda: b"ab".hex(bytes_per_sep=1),
          lambda: "%.3f" % 2.0005, lambda: "%.15g" % 0.1, lambda: "%10.4e" % -12345.6789, lambda: "%-+8.2f|" % 3.14159, lambda: "%#5x" % 10,
          lambda: "%s" % (None,), lambda: "%d%%" % 50, lambda: "%(a)s %(a)r" % {"a": "é"}, lambda: "%(a)*d" % {"a": 1},
          lambda: "%.*s" % (2, "abcdef"), lambda: "% .3e" % 1234.5, lambda: "%G" % 1e-10, lambda: "%#o" % -8, lambda: "%+x" % 0,
          lambda: "%08.3f" % -3.14159, lambda: "%x" % 2**100, lambda: "%-010d|" % 5, lambda: "%s %s" % [1, 2], lambda: "%i" % "1",
          lambda: "%d" % 1j, lambda: "%f" % 1j, lambda: "%s" % object.__name__, lambda: "{:.3}".format("abcdef"), lambda: "{:x<4}".format(7),
          lambda: "{0[a]}".format({"a": 1}), lambda: "{0[-1]}".format({"-1": 2}), lambda: "{0[ 1]}".format({" 1": 3}), lambda: "{0!r:}".format(1),
          lambda: "{:}".format("s"), lambda: "{:{}}".format(1, ""), lambda: "{0:{0}}".format(5), lambda: "{a.real}".format(a=2), lambda: "{!r}".format("x"),
          lambda: "{}".format(), lambda: "{0}{1}".format(1), lambda: "{ }".format(1), lambda: "{:\n}".format(1), lambda: "{:,d}".format(1234567),
          lambda: "{0:{1}d}".format(5, "0>3"), lambda: "{{{0}}}".format(1), lambda: "{0:>{1}}".format("x", 3), lambda: "{!a}".format("€")]:
    try:
        print(repr(t()))
    except Exception as e:
        print(type(e).__name__, e)
