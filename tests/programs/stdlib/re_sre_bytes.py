# Bytes patterns on bytes, bytearray, memoryview and array subjects: every byte
# value, ASCII-only classes, literals that no byte can equal, and mixing errors.
import array
import re

data = bytes(range(256))
for pattern in [rb"\w+", rb"\W+", rb"\d+", rb"\s+", rb"[\x80-\xff]+", rb"[^\x00-\x7f]{3}",
                rb"\xff", rb"(?i)[\xc0-\xc3]+", rb"(?i)\xe0", rb".+", rb"(?s).+", rb"\b\w\b"]:
    p = re.compile(pattern)
    print(pattern, [m.span() for m in p.finditer(data)][:6], len(p.findall(data)))
for subject in (b"ab12cd", bytearray(b"ab12cd"), memoryview(b"ab12cd"), array.array("b", b"ab12cd")):
    print(type(subject).__name__, re.findall(rb"\d", subject), re.sub(rb"\d", b"#", subject),
          re.split(rb"(\d)", subject), re.search(rb"c(d)", subject).span(1))
print(re.match(rb"a\x00b", b"a\x00b"), re.findall(rb"(a)(?=b)|\x00", b"ab\x00"))
print(re.fullmatch(rb"(\w)(?P<two>\w)\1", b"aba").groupdict(), re.match(rb"(?:ab)+", b"ababa").end())
for pattern, subject in [(r"a", b"a"), (rb"a", "a")]:
    try:
        re.search(pattern, subject)
    except TypeError as e:
        print("TypeError:", e)
# Literal code points that no byte can be: compiled code built by hand
import _sre
from re import _constants as C
code = [C.INFO, 4, 0, 1, 1, C.LITERAL, 0x100, C.SUCCESS]
p = _sre.compile(None, 0, [int(c) for c in code], 0, {}, ())
print(p.search(b"\x00\x01\xff"), p.search("a\u0100"))
code = [C.REPEAT_ONE, 6, 0, C.MAXREPEAT, C.NOT_LITERAL, 0x100, C.SUCCESS, C.SUCCESS]
p = _sre.compile(None, 0, [int(c) for c in code], 0, {}, ())
print(p.match(b"abc").span(), p.match("ab\u0100c").span())
