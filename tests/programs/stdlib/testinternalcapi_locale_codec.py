# The locale codec of _testinternalcapi (UTF-8 under C.UTF-8).
import _testinternalcapi as t

def show(label, call):
    try:
        print(label, ascii(call()))
    except Exception as e:
        print(label, type(e).__name__, e)

for text in ["ascii", "\xa7\xe9", "\u20ac\U0010ffff", chr(0xdc80) + chr(0xdcff), "a" + chr(0xd800), "x\0y"]:
    for errors in [None, "strict", "surrogateescape", "surrogatepass", "replace", "backslashreplace"]:
        show("encode %s %s" % (ascii(text), errors), lambda: t.EncodeLocaleEx(text, 0, errors) if errors else t.EncodeLocaleEx(text))
for data in [b"ascii", b"\xc2\xa7\xc3\xa9", b"\xa7\xe9", b"\xed\xb2\x80", b"ab\xe2\x82", b"\xf4\x90\x80\x80z", b"x\0y"]:
    for errors in [None, "strict", "surrogateescape", "surrogatepass", "ignore"]:
        show("decode %r %s" % (data, errors), lambda: t.DecodeLocaleEx(data, 0, errors) if errors else t.DecodeLocaleEx(data))
show("decode str", lambda: t.DecodeLocaleEx("text"))
show("encode bytes", lambda: t.EncodeLocaleEx(b"text"))
show("current locale", lambda: t.DecodeLocaleEx(b"text", 1, "strict"))
