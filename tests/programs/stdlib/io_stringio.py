# io.StringIO: writing, reading, lines, seeking, newline modes, state and errors.
import io

s = io.StringIO()
print(s.write("hello\n"), s.write("wörld €\n"), s.write(""), s.tell())
print(repr(s.getvalue()))
s.seek(0)
print(repr(s.read(3)), repr(s.readline()), repr(s.readline(3)), repr(s.read()))
print(s.tell(), repr(s.read()), s.seek(0, 2), s.seek(0, 1))
s.seek(2)
s.write("LL")
print(repr(s.getvalue()))
s.seek(20)
s.write("!")
print(repr(s.getvalue()), s.tell())
print(s.truncate(5), repr(s.getvalue()), s.tell())
s.seek(0)
print(list(s))

t = io.StringIO("a\nb\r\nc\rd")
print([t.readline() for _ in range(5)], t.newlines)
for newline in [None, "", "\n", "\r", "\r\n"]:
    t = io.StringIO("a\nb\r\nc\rd", newline=newline)
    print(repr(newline), t.readlines(), repr(t.getvalue()), t.newlines)
t = io.StringIO(newline="\r\n")
t.write("x\ny\n")
print(repr(t.getvalue()))
t = io.StringIO(newline=None)
t.write("p\r\nq\rr\n")
print(repr(t.getvalue()), t.newlines)

s = io.StringIO("line one\nline two\nline three\n")
print(s.readlines(10))
print(s.readable(), s.writable(), s.seekable(), s.isatty(), s.closed, s.line_buffering)
print(s.__getstate__())
u = io.StringIO()
u.__setstate__(("state\nvalue", "\n", 3, {"extra": 1}))
print(repr(u.read()), u.extra)
with io.StringIO("ctx") as c:
    print(c.read())
print(c.closed)
for bad in [
    lambda: c.read(),
    lambda: c.getvalue(),
    lambda: io.StringIO().write(b"x"),
    lambda: io.StringIO(1),
    lambda: io.StringIO("", 1),
    lambda: io.StringIO("", "x"),
    lambda: io.StringIO().seek(-1),
    lambda: io.StringIO().seek(1, 1),
    lambda: io.StringIO().seek(0, 3),
    lambda: io.StringIO().truncate(-1),
    lambda: io.StringIO().read("x"),
    lambda: io.StringIO().read(size=1),
    lambda: io.StringIO.__new__(io.StringIO).read(),
    lambda: io.StringIO().fileno(),
    lambda: io.StringIO().detach(),
]:
    try:
        print(bad())
    except Exception as e:
        print(type(e).__name__, e)


class Upper(io.StringIO):
    def readline(self, size=-1):
        return super().readline(size).upper()


print(list(Upper("ab\ncd\n")))
print(io.StringIO.__mro__)
