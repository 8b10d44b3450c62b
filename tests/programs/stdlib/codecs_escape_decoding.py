# The escape decoders of _codecs: escapes cut off at the end of a non-final
# input wait for more, any error handler applies, unknown escapes warn.
import codecs
import warnings


def show(label, call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = call()
        except Exception as e:
            result = "%s: %s" % (type(e).__name__, e)
    notes = [str(w.message) for w in caught]
    print(label, repr(result), notes if notes else "")


unicode_cases = [b"", b"a\\", b"a\\u12", b"a\\u12zz", b"a\\N{LATIN", b"a\\N",
                 b"a\\N{}", b"a\\Nx", b"\\N{LATIN SMALL LETTER A}b", b"\\N{NOT A NAME}x",
                 b"[\\x]\\x", b"\\x4", b"\\U00110000", b"\\U0001d120", b"\\ud800",
                 b"\\q", b"\\8\\9", b"\\\xfa", b"\\400", b"\\777\\q", b"\\101\\1010",
                 b"x\\\ny", b"\\'\\\"\\a\\b\\f\\v", "text \\u20ac", b"\\x\\z", b"\\x\\501"]
for data in unicode_cases:
    for errors in ["strict", "ignore", "replace", "backslashreplace", "surrogateescape"]:
        for final in [True, False]:
            show("unicode %r %s %s" % (data, errors, final),
                 lambda: codecs.unicode_escape_decode(data, errors, final))

raw_cases = [b"", b"a\\", b"\\\\u0041", b"\\u0041\\U0001F600", b"\\u12", b"\\u12zz",
             b"\\U00110000", b"\\x41", b"\\", "str \\u20ac", b"\\ud801"]
for data in raw_cases:
    for errors in ["strict", "ignore", "replace", "backslashreplace"]:
        for final in [True, False]:
            show("raw %r %s %s" % (data, errors, final),
                 lambda: codecs.raw_unicode_escape_decode(data, errors, final))

bytes_cases = [b"", b"\\", b"abc\\", b"[\\x]\\x", b"\\x4", b"\\x4g", b"\\x41\\x4",
               b"\\q\\w", b"\\777", b"\\401", b"\\0\\12\\123\\1234", b"\\\n\\t",
               "str \\x41", b"\\u1234", b"\\N{X}"]
for data in bytes_cases:
    for errors in ["strict", "ignore", "replace", "xmlcharrefreplace", None]:
        show("bytes %r %s" % (data, errors), lambda: codecs.escape_decode(data, errors))

# Incremental decoding waits for the rest of a split escape.
for encoding in ["unicode-escape", "raw-unicode-escape"]:
    text = "a\t\\\xff\u20ac\U00010000" + chr(0xdc02)
    data = text.encode(encoding, "surrogatepass")
    for cut in range(len(data) + 1):
        decoder = codecs.getincrementaldecoder(encoding)("surrogatepass")
        first = decoder.decode(data[:cut])
        second = decoder.decode(data[cut:], True)
        assert first + second == text, (encoding, cut, first, second)
    print(encoding, "incremental ok", repr(data))

print(codecs.unicode_escape_decode.__text_signature__,
      codecs.escape_decode.__text_signature__)
show("final as str", lambda: codecs.unicode_escape_decode(b"a", "strict", "yes"))
show("final as float", lambda: codecs.raw_unicode_escape_decode(b"a", "strict", 1.0))
show("bad data", lambda: codecs.unicode_escape_decode(123))
