# Bytes-like subjects and patterns: bytes, bytearray and memoryview.
import re

p = re.compile(rb"(\w+)=(\d+)")
print(p.findall(b"a=1 bb=22"))
m = p.search(b"  key=42 ")
print(m, m.groups(), m.span(1), m[0])
print(p.search(bytearray(b"x=5")), p.search(bytearray(b"x=5")).group(1))
print(p.search(memoryview(b"y=6")).groups())
print(type(p.search(bytearray(b"x=5")).string).__name__)
print(re.sub(rb"\d", b"#", b"a1b2"), re.subn(rb"\d", b"#", bytearray(b"a1b2")))
print(re.sub(rb"(\d)", rb"<\1>", b"a1b2"))
print(re.sub(rb"\d", lambda m: m.group() * 2, b"a1b2"))
print(re.split(rb"\s", b"a b\tc"))
print(re.escape(b"a+b"))
print(re.compile(rb"\w+").findall("é€".encode()))
print(re.match(rb"(?i)abc", b"ABC"))
print(re.match(rb".", b"\n"), re.match(rb"(?s).", b"\n"))
print(re.findall(rb"[\x80-\xff]", b"a\x80\xffb"))
print(re.fullmatch(rb"\d+", b"123"))
print(re.compile(b"abc"), re.compile(b"a'b\x00"))
m = re.match(rb"(a)(b)?", b"a")
print(m.groups(), m.groupdict(), m.expand(rb"[\1]"))

# Word boundaries and classes are ASCII for bytes
print(re.findall(rb"\w+", b"caf\xe9 ok"))
print(re.findall(rb"\s+", b"a\x1cb \x85c"))

# A bytearray changed after the match is read again
data = bytearray(b"hello")
m = re.match(rb"\w+", data)
data[0:1] = b"J"
print(m.group(), m.span())
