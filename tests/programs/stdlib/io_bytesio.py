# io.BytesIO: reads, lines, writes past the end, seek/truncate, readinto, state, errors.
import io

b = io.BytesIO(b"first line\nsecond\nthird")
print(b.read(5), b.read1(3), b.readline(), b.readline(2), b.readlines())
print(b.tell(), b.read(), b.seek(0), b.readlines(12))
b.seek(0)
print(list(b), next(iter(io.BytesIO(b"x\ny")), None))
w = io.BytesIO()
print(w.write(b"abc"), w.write(bytearray(b"def")), w.write(memoryview(b"gh")))
print(w.getvalue(), w.tell())
w.seek(10)
print(w.write(b"Z"), w.getvalue())
w.seek(2)
w.write(b"__")
print(w.getvalue(), w.truncate(6), w.getvalue(), w.tell())
print(w.seek(-2, 2), w.read(), w.seek(-100, 1), w.seek(3, 0))
w.writelines([b"1", b"23", bytearray(b"4")])
print(w.getvalue())
buf = bytearray(4)
r = io.BytesIO(b"xyz")
print(r.readinto(buf), buf, r.readinto(buf), buf)
view = memoryview(bytearray(b"....."))
print(io.BytesIO(b"ab").readinto(view), bytes(view))
print(bytes(io.BytesIO(b"view").getbuffer()))
print(r.readable(), r.writable(), r.seekable(), r.isatty(), r.flush(), r.closed)
s = io.BytesIO(b"state")
s.read(2)
s.note = "kept"
state = s.__getstate__()
print(state)
t = io.BytesIO()
t.__setstate__(state)
print(t.read(), t.note)
with io.BytesIO(b"ctx") as c:
    print(c.read())
print(c.closed, repr(c.close()))
for bad in [
    lambda: c.read(),
    lambda: c.getvalue(),
    lambda: c.tell(),
    lambda: next(c),
    lambda: io.BytesIO("text"),
    lambda: io.BytesIO().write("text"),
    lambda: io.BytesIO().seek(-1),
    lambda: io.BytesIO().seek(0, 5),
    lambda: io.BytesIO().seek(1.5),
    lambda: io.BytesIO().truncate(-3),
    lambda: io.BytesIO().readlines("x"),
    lambda: io.BytesIO().readinto(b"immutable"),
    lambda: io.BytesIO().read(size=1),
    lambda: io.BytesIO().__setstate__((b"x",)),
    lambda: io.BytesIO().__setstate__((b"x", "0", None)),
    lambda: io.BytesIO().__setstate__((b"x", -1, None)),
    lambda: io.BytesIO().__setstate__((b"x", 0, 5)),
    lambda: io.BytesIO().fileno(),
]:
    try:
        print(bad())
    except Exception as e:
        print(type(e).__name__, e)


class Counting(io.BytesIO):
    reads = 0

    def read(self, size=-1):
        Counting.reads += 1
        return super().read(size)


cb = Counting(b"abc")
print(cb.read(1), cb.read(), Counting.reads, isinstance(cb, io.BufferedIOBase))
print(io.BytesIO.__mro__)
