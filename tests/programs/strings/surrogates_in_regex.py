# Lone surrogates in regular expressions (patterns and subjects), re.escape and
# str.translate, and time.strptime with one in its format.
import re
import time

print(re.match("a\ud800b", "a\ud800b"))
print(re.match("a.b", "a\ud800b"))
print(re.escape("\ud800") == "\ud800", ascii(re.escape("a\udcff.b")))
print(re.findall("[\ud800-\udfff]", "x\ud800y\udfffz"))
print(ascii(re.sub("\udc80", "!", "a\udc80b\udc80")))
print(re.split("\ud800", "1\ud8002\ud8003"))
m = re.search("(\\w+)(\ud83d)?", "h\xe9llo\ud83d")
print(m.groups(), m.span(2), m.end())
print(ascii(re.sub("(b)", "\ud800\\1", "abc")))
print([ascii(m.group()) for m in re.finditer(".", "\udc80\u20ac\U0001f600")])
print(re.fullmatch("\\udc80+", "\udc80\udc80") is not None)
print(time.strptime("2004\ud80012", "%Y\ud800%m")[:2])

table = str.maketrans({"\ud800": "<surrogate>", "a": "\udcff", "b": None})
print(ascii("a\ud800bc".translate(table)), ascii("xyz".translate({ord("y"): 0xDC80})))
try:
    "a".translate({ord("a"): 0x110000})
except ValueError as exc:
    print(exc)
print(ascii("\ud800x\udc80".translate(str.maketrans("\ud800x", "y\udfff", "\udc80"))))
try:
    str.maketrans("\ud800", "ab")
except ValueError as exc:
    print(exc)
