# Error handlers: the builtin ones through str.encode, bytes.decode and codecs, and
# handlers a program registers, with their resume positions and bad results.
import codecs

text = "a\xe9\u20acb\U0001f600"
for errors in ["strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace", "namereplace",
               "surrogateescape", "surrogatepass", "nosuchhandler"]:
    for encoding in ["ascii", "latin-1", "cp1252"]:
        try:
            print(errors, encoding, text.encode(encoding, errors))
        except (UnicodeError, LookupError) as e:
            print(errors, encoding, type(e).__name__, e)
data = b"a\xff\xc3(b\xe2\x82"
for errors in ["strict", "ignore", "replace", "backslashreplace", "surrogatepass", "nosuchhandler"]:
    for encoding in ["utf-8", "ascii", "utf-16-le", "cp1252"]:
        try:
            print(errors, encoding, repr(data.decode(encoding, errors)))
        except (UnicodeError, LookupError) as e:
            print(errors, encoding, type(e).__name__, e)

seen = []


def skip_two(exc):
    seen.append((type(exc).__name__, exc.encoding, exc.start, exc.end, exc.reason))
    return ("<?>", exc.end + 1)


def as_bytes(exc):
    return (b"[%d]" % exc.start, exc.end)


def back_to_end(exc):
    return ("", -1)


def bad_result(exc):
    return "not a tuple"


def bad_position(exc):
    return ("", 100)


def unencodable(exc):
    return ("\u20ac", exc.end)


for name, handler in [("skip_two", skip_two), ("as_bytes", as_bytes), ("back_to_end", back_to_end),
                      ("bad_result", bad_result), ("bad_position", bad_position), ("unencodable", unencodable)]:
    codecs.register_error(name, handler)
    print(codecs.lookup_error(name) is handler)
    for call in [lambda: "x\xe9yz\xff!".encode("ascii", name), lambda: b"x\xffyz\xfe!".decode("utf-8", name),
                 lambda: codecs.encode("q\xe9", "latin-1", name), lambda: codecs.decode(b"\x81-", "cp1252", name)]:
        try:
            print(name, repr(call()))
        except Exception as e:
            print(name, type(e).__name__, e)
print(seen)

enc_error = UnicodeEncodeError("ascii", "x\xe9\u20acy", 1, 3, "nope")
dec_error = UnicodeDecodeError("utf-8", b"x\xff\xfey", 1, 3, "bad")
tr_error = UnicodeTranslateError("x\xe9y", 1, 2, "no")
for handler in ["strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace", "namereplace"]:
    for exc in [enc_error, dec_error, tr_error]:
        try:
            print(handler, type(exc).__name__, codecs.lookup_error(handler)(exc))
        except Exception as e:
            print(handler, type(exc).__name__, type(e).__name__, e)
for call in [
    lambda: codecs.lookup_error("nosuch"),
    lambda: codecs.register_error("x", 1),
    lambda: codecs.strict_errors(1),
    lambda: codecs.ignore_errors(ValueError()),
    lambda: codecs.lookup_error(1),
]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)
print(str(enc_error), "|", str(dec_error), "|", str(tr_error))
print(enc_error.object, enc_error.start, enc_error.end, enc_error.reason, dec_error.object)
