# Lone surrogates (from surrogateescape decoding) survive str.splitlines, the
# substrings re gives back (groups, split, findall) and io.StringIO, which the
# email parser reads undecodable headers through.
import io
import re

s = b"Ziad\xc3\xa9 a\nx\xff\r\nlast".decode("ascii", "surrogateescape")
print(ascii(s))
print(ascii(s.splitlines()), ascii(s.splitlines(True)))
print(ascii(re.split(r"(\r\n|\r|\n)", s)))
print(ascii(re.findall(r"\S+", s)))
m = re.match(r"(\w+)(.*)", s)
print(ascii(m.group(1)), ascii(m.group(2)), ascii(m.groups()))
print(ascii(re.search(r"x(.)", s).group(1)))

f = io.StringIO(s)
print(ascii(f.read(6)), ascii(f.readline()), ascii(f.read()))
print(ascii(list(io.StringIO(s))))
print(ascii(io.StringIO(s, newline=None).getvalue()))
print(ascii(io.StringIO(s, newline="\r\n").getvalue()))
f = io.StringIO()
f.write("abc")
f.write(s)
f.seek(1)
f.write(chr(0xDC80) + "Q")
print(ascii(f.getvalue()))
f.seek(5)
f.write("\ufffd" + chr(0xDCFF))
print(ascii(f.getvalue()))
f.truncate(6)
print(ascii(f.getvalue()))
state = f.__getstate__()
g = io.StringIO()
g.__setstate__(state)
print(ascii(g.getvalue()))


# re.sub joins the pieces with their surrogates.
t = b"a\xffb c".decode("ascii", "surrogateescape")
print(ascii(re.sub("b", "B", t)), ascii(re.sub(" ", lambda m: "_" + chr(0xDC81), t)))
print(ascii(re.subn("x", "y", t)))
