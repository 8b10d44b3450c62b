# Subjects beyond ASCII: two- and four-byte characters, lone surrogates, and
# positions counted in characters throughout.
import re

s = "h\u00e9llo w\u00f6rld \U0001f600 \udc80x\ud800 \u4e2d\u6587"
print(ascii(re.findall(r"\w+", s)), [m.span() for m in re.finditer(r"\W+", s)])
print(re.search(r"\udc80(.)", s).span(1), ascii(re.findall(r"[\ud800-\udfff]", s)), ascii(re.findall(r".\b", s)))
print(ascii(re.sub(r"[\ud800-\udfff]", "?", s)), ascii(re.split(r"\s", s)), re.fullmatch(r".*", s).end())
print(re.findall(r"(?<=\udc80)x", s), ascii(re.findall(r"\udc80|\ud800", s)), ascii(re.search("\ud800$", "a\ud800")))
print(ascii(re.match(r"(?i)\udc80", "\udc80")), ascii(re.findall(r"(?i)[\udc00-\udcff]", "\udc80\udcff")))
print(ascii(re.compile(r"\w+").search(s, 7, 12)), ascii(re.compile(r".").findall(s, 14, 17)))
t = "\U0001f600" * 5 + "a" + "\u00e9" * 3
print(re.search(r"a(\u00e9+)", t).span(1), re.sub(r"(.)", r"<\1>", t[:3]), re.findall(r"\U0001f600{2}", t))
print(ascii(re.escape(s)), re.match(r"[^\x00-\xff]+", "\u0100\U00010000\udfff").span())
print([re.search(r"x", "\u00e9" * n + "x").start() for n in (0, 1, 50, 1000)])
