# The codec registry: name normalisation, search functions, the codec functions
# encodings/*.py call, incremental codecs and BOMs, through codecs and str/bytes.
import codecs

for name in ["UTF-8", "utf_8", "U8", "latin-1", "ISO-8859-1", "Latin1", "cp1252", "utf-16", "UTF16-LE",
             "ascii", "646", "us-ascii", "mac-roman", "koi8_r", "utf_32_be", "  utf 8  "]:
    try:
        print(repr(name), codecs.lookup(name).name)
    except LookupError as e:
        print(repr(name), "LookupError", e)
print(codecs.lookup("utf-8") is codecs.lookup("UTF8"))


def search(name):
    if name == "krait_rot":
        return codecs.CodecInfo(
            name="krait_rot",
            encode=lambda s, errors="strict": (s[::-1].encode(), len(s)),
            decode=lambda b, errors="strict": (bytes(b)[::-1].decode(), len(b)),
        )
    return None


codecs.register(search)
print(codecs.encode("abc", "krait_rot"), codecs.decode(b"xyz", "krait_rot"), "abc".encode("krait_rot"))
codecs.unregister(search)
try:
    codecs.lookup("krait_rot")
except LookupError as e:
    print("LookupError", e)

text = "h\xe9llo \u20ac \U0001f600"
for encoding in ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
                 "utf-8-sig", "latin-1", "cp1252", "iso8859_15", "cp437", "mac_roman", "ascii"]:
    try:
        data = text.encode(encoding)
        print(encoding, data, data.decode(encoding) == text)
    except UnicodeError as e:
        print(encoding, type(e).__name__, e)

print(codecs.utf_8_encode("\xe9"), codecs.utf_8_decode(b"\xc3\xa9\xe2\x82", "strict", False))
print(codecs.latin_1_encode("\xff"), codecs.latin_1_decode(b"\xff"), codecs.ascii_encode("ok"), codecs.ascii_decode(b"ok"))
print(codecs.utf_16_encode("ab"), codecs.utf_16_encode("ab", None, 1), codecs.utf_16_encode("ab", None, -1))
print(codecs.utf_16_decode(b"\xff\xfea\x00b"), codecs.utf_16_ex_decode(b"\xfe\xff\x00a", None, 0, True))
print(codecs.utf_32_encode("a"), codecs.utf_32_decode(b"\xff\xfe\x00\x00a\x00\x00\x00"), codecs.utf_32_ex_decode(b"\x00\x00\xfe\xff", None, 0, False))
print(codecs.utf_16_le_decode(b"a\x00b"), codecs.utf_16_be_decode(b"\x00a", None, True), codecs.utf_32_le_encode("x"))
table = codecs.charmap_build("abc\ufffe")
print(sorted(table.items()) if isinstance(table, dict) else type(table).__name__)
print(codecs.charmap_decode(b"\x00\x02", "strict", "xyz"), codecs.charmap_encode("zx", "strict", {ord("z"): 2, ord("x"): 0}))
print(codecs.charmap_decode(b"\x01\x00", "strict", {0: "A", 1: 66}), codecs.charmap_decode(b"ab"))
print(codecs.unicode_escape_encode("a\tb\u20ac\\"), codecs.unicode_escape_decode(b"x\\n\\u20ac\\x41\\101\\N{EURO SIGN}"))
print(codecs.raw_unicode_escape_encode("a\u20ac\xe9"), codecs.raw_unicode_escape_decode(b"\\u20ac\\n"))
print(codecs.escape_encode(b"\x00'\\\n"), codecs.escape_decode(b"\\x41\\n\\t"), codecs.readbuffer_encode(b"xy"))

enc = codecs.getincrementalencoder("utf-16")()
print(enc.encode("a"), enc.encode("b"), enc.encode("", final=True))
dec = codecs.getincrementaldecoder("utf-16")()
print(repr(dec.decode(b"\xff")), repr(dec.decode(b"\xfea")), repr(dec.decode(b"\x00")), dec.getstate())
dec8 = codecs.getincrementaldecoder("utf-8")()
print([dec8.decode(bytes([b])) for b in "\u20ac!".encode()], dec8.getstate())
sig = codecs.getincrementaldecoder("utf-8-sig")()
print(repr(sig.decode(b"\xef\xbb")), repr(sig.decode(b"\xbfhi")))
print(list(codecs.iterencode(["a", "b"], "utf-16")), list(codecs.iterdecode([b"\xc3", b"\xa9"], "utf-8")))
print(codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE, codecs.BOM)
for call in [
    lambda: codecs.lookup(3),
    lambda: codecs.encode(b"x", "utf-8"),
    lambda: codecs.decode("x", "utf-8"),
    lambda: "x".encode("rot13"),
    lambda: codecs.encode("abc", "rot13"),
    lambda: b"\x00".decode("hex"),
    lambda: codecs.register(42),
    lambda: codecs.utf_8_decode("text"),
    lambda: codecs.charmap_build(1),
]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)
