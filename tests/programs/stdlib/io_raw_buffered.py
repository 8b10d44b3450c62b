# FileIO on descriptors and paths (including bad descriptors and pipes), and the
# buffered classes over FileIO and over raw streams a program writes.
import io
import os

path = "/tmp/krait_io_raw_buffered.bin"
f = io.FileIO(path, "w")
print(repr(f), f.mode, f.closefd, f.name, f.writable(), f.readable(), f.seekable(), f.isatty())
print(f.write(b"0123456789"), f.tell(), f.seek(2), f.write(bytearray(b"AB")), f.truncate(8), f.tell())
f.close()
print(repr(f), f.closed, f.close())
with io.FileIO(path, "r+") as f:
    buf = bytearray(4)
    print(f.readinto(buf), buf, f.read(2), f.readall(), f.read(), f.seek(-3, 2), f.read(1))
    view = memoryview(bytearray(6))
    f.seek(0)
    print(f.readinto(view), view.tobytes())
with io.FileIO(path, "a") as f:
    print(f.mode, f.tell(), f.write(b"!"), f.tell())
with io.FileIO(path, "x+") if False else io.FileIO(path, "rb") as f:
    print(f.mode, f.read())
fd = os.open(path, os.O_RDONLY)
raw = io.FileIO(fd, closefd=False)
print(repr(raw), raw.fileno() == fd, raw.read(3))
raw.close()
print(os.read(fd, 2))
os.close(fd)
opened = []


def opener(name, flags):
    opened.append(name)
    return os.open(name, flags)


with io.FileIO(path, "r", opener=opener) as f:
    print(opened, f.read(4))
r, w = os.pipe()
pw = io.FileIO(w, "w")
pr = io.FileIO(r, "r")
print(pw.seekable(), pr.seekable(), pw.write(b"through the pipe"), pr.read(7))
pw.close()
print(pr.readall(), pr.read())
try:
    pr.tell()
except OSError as e:
    print(type(e).__name__, e.errno, e)
pr.close()
for bad in [
    lambda: io.FileIO(999),
    lambda: io.FileIO(-1),
    lambda: io.FileIO("/tmp"),
    lambda: io.FileIO(path, "rw"),
    lambda: io.FileIO(path, "z"),
    lambda: io.FileIO(path, "r", closefd=False),
    lambda: io.FileIO(path, "r", opener=lambda n, fl: -1),
    lambda: io.FileIO(path, "r", opener=lambda n, fl: "x"),
    lambda: io.FileIO(path).write(b"x"),
    lambda: io.FileIO(path, "w").read(),
    lambda: io.FileIO(path).seek(1.5),
    lambda: io.FileIO(path).readinto(b"ro"),
    lambda: io.FileIO(path).truncate(),
]:
    try:
        print(bad())
    except Exception as e:
        print(type(e).__name__, e)
c = io.FileIO(path)
c.close()
for call in [c.read, c.fileno, c.tell, c.isatty, c.readable, lambda: c.seek(0)]:
    try:
        call()
    except ValueError as e:
        print(type(e).__name__, e)
fd = os.open(path, os.O_RDONLY)
gone = io.FileIO(fd)
os.close(fd)
try:
    gone.read(1)
except OSError as e:
    print(type(e).__name__, e.errno, e.strerror)
try:
    gone.close()
except OSError as e:
    print(type(e).__name__, e.errno)


class Raw(io.RawIOBase):
    """A raw stream over bytes that records the calls made of it."""

    def __init__(self, data=b""):
        self.data = bytearray(data)
        self.pos = 0
        self.calls = []

    def readable(self):
        return True

    def writable(self):
        return True

    def seekable(self):
        return True

    def readinto(self, b):
        self.calls.append(("readinto", len(b)))
        chunk = self.data[self.pos:self.pos + len(b)]
        b[:len(chunk)] = chunk
        self.pos += len(chunk)
        return len(chunk)

    def write(self, b):
        self.calls.append(("write", len(b)))
        self.data[self.pos:self.pos + len(b)] = b
        self.pos += len(b)
        return len(b)

    def seek(self, pos, whence=0):
        self.calls.append(("seek", pos, whence))
        self.pos = [pos, self.pos + pos, len(self.data) + pos][whence]
        return self.pos

    def tell(self):
        self.calls.append(("tell",))
        return self.pos


raw = Raw(b"line one\nline two\nthe rest" * 3)
br = io.BufferedReader(raw, buffer_size=16)
print(br.read(5), br.peek(3)[:3], br.read1(100), br.readline(), br.read(20), br.tell())
print(br.seek(0), br.read(3), br.seek(2, 1), br.read(4), repr(br), br.raw is raw)
print(raw.calls)
raw.calls.clear()
bw = io.BufferedWriter(Raw(), buffer_size=8)
for chunk in [b"ab", b"cdefg", b"hijklmnopqrstuvwxyz", b"12"]:
    bw.write(chunk)
print(bw.raw.calls, bytes(bw.raw.data), bw.tell())
bw.flush()
print(bw.raw.calls[-1], bytes(bw.raw.data))
rnd = io.BufferedRandom(Raw(b"0123456789"), buffer_size=4)
print(rnd.read(3), rnd.write(b"XY"), rnd.tell(), rnd.read(2), rnd.seek(0), rnd.read(), bytes(rnd.raw.data))
pair = io.BufferedRWPair(Raw(b"pair data"), Raw(), 4)
print(pair.read(4), pair.peek(1)[:1], pair.write(b"out"), pair.readable(), pair.writable(), pair.closed)
pair.flush()
pair.close()
print(pair.closed)
print(Raw(b"abcdef").read(4), Raw(b"abc").readall(), Raw(b"x\ny\n").readlines())
d = io.BufferedReader(io.BytesIO(b"detached"))
raw_of_d = d.detach()
print(raw_of_d.read())
for call in [lambda: d.read(), lambda: repr(d), lambda: d.raw]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)
for bad in [
    lambda: io.BufferedReader(io.BytesIO(), 0),
    lambda: io.BufferedWriter(io.FileIO(path, "r")),
    lambda: io.BufferedReader(io.BytesIO()).write(b"x"),
    lambda: io.BufferedWriter(io.BytesIO()).read(),
    lambda: io.BufferedReader(io.BytesIO()).read(-2),
    lambda: io.BufferedReader(io.BytesIO()).seek(0, 9),
    lambda: io.BufferedReader.__new__(io.BufferedReader).read(),
]:
    try:
        print(bad())
    except Exception as e:
        print(type(e).__name__, e)
os.remove(path)
