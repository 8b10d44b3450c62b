# Unicode errors made from Python check their fields' types as CPython does, and
# the error handlers accept only the three Unicode error kinds.
import codecs

cases = [
    (UnicodeDecodeError, ["ascii", bytearray(b"g\xfcrk"), 1, 2, "ouch"]),
    (UnicodeEncodeError, ["ascii", "g\xfcrk", 1, 2, "ouch"]),
    (UnicodeTranslateError, ["g\xfcrk", 1, 2, "ouch"]),
]
for exctype, args in cases:
    for i in range(len(args)):
        for wrong in ["spam", b"eggs", 42, 1.0, None, memoryview(b"ab")]:
            if type(wrong) is type(args[i]):
                continue
            call = list(args)
            call[i] = wrong
            try:
                exctype(*call)
                print(exctype.__name__, i, "accepted", type(wrong).__name__)
            except TypeError as exc:
                print(exctype.__name__, i, "TypeError:", exc)
    exc = exctype(*args)
    print(str(exc), type(exc.object).__name__)

for handler in (codecs.ignore_errors, codecs.replace_errors, codecs.backslashreplace_errors):
    for bad in (42, UnicodeError("ouch"), ValueError("x")):
        try:
            handler(bad)
        except TypeError as exc:
            print(handler.__name__, "TypeError:", exc)

# The arguments stay as given; the decode error's object is held as bytes.
e = UnicodeDecodeError("ascii", bytearray(b"\xff"), 0, 1, "ordinal not in range")
print(e.args, e.object, str(e))
print(str(UnicodeEncodeError.__new__(UnicodeEncodeError)) == "")
