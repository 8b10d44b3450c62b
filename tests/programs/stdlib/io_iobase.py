# io's ABCs and the behaviour _IOBase gives Python subclasses: close() and flush(),
# finalisation, iteration over readline(), the checks, and subclasses of the
# concrete classes.
import io
import _io

print(io.UnsupportedOperation.__mro__, io.BlockingIOError is BlockingIOError)
print(io.DEFAULT_BUFFER_SIZE, io.text_encoding(None), io.text_encoding("latin-1"), io.SEEK_END)
print([c.__name__ for c in io.RawIOBase.__mro__])
print(issubclass(io.FileIO, io.RawIOBase), issubclass(io.BytesIO, io.BufferedIOBase),
      issubclass(io.TextIOWrapper, io.TextIOBase), isinstance(io.StringIO(), io.IOBase))
print(_io._IOBase.__name__, _io._IOBase.__module__, io.IOBase.__doc__ == _io._IOBase.__doc__)
print(io.StringIO.write.__text_signature__, io.open.__text_signature__ is not None)


class Lines(io.IOBase):
    def __init__(self, lines):
        self.lines = list(lines)
        self.log = []

    def readline(self, size=-1):
        return self.lines.pop(0) if self.lines else b""

    def flush(self):
        self.log.append("flush")
        super().flush()

    def close(self):
        self.log.append("close")
        super().close()


s = Lines([b"a\n", b"b\n", b"c\n"])
print(next(s), s.readlines(), s.closed, s.seekable(), s.readable(), s.writable(), s.isatty())
with s as same:
    print(same is s)
print(s.closed, s.log)
s.close()
print(s.log)
for call in [lambda: iter(s), lambda: s.flush(), lambda: s.isatty(), lambda: s.readlines(),
             lambda: s.fileno(), lambda: s.seek(0), lambda: s.tell(), lambda: s.truncate(),
             lambda: s._checkClosed(), lambda: Lines([])._checkWritable(), lambda: Lines([])._checkSeekable(),
             lambda: s.writelines([b"x"]), lambda: s.__enter__()]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)
print(Lines([b"1\n", b"22\n", b"333\n", b"4444\n"]).readlines(3))


class Dropped(io.IOBase):
    def close(self):
        print("closed by finaliser")
        super().close()


Dropped()
print("after drop")


class Reader(io.RawIOBase):
    def __init__(self, data):
        self.data = data

    def readable(self):
        return True

    def readinto(self, b):
        n = min(len(b), len(self.data))
        b[:n] = self.data[:n]
        self.data = self.data[n:]
        return n


text = io.TextIOWrapper(io.BufferedReader(Reader(b"caf\xc3\xa9\nline 2\n")), encoding="utf-8")
print(text.readlines(), repr(text.buffer.raw.data))
print(Reader(b"abcdef").read(2), Reader(b"abc").read(), Reader(b"xyz").readline(2))


class Shouting(io.TextIOWrapper):
    def write(self, s):
        return super().write(s.upper())


loud = Shouting(io.BytesIO(), encoding="utf-8")
print("hello", "there", file=loud)
loud.flush()
print(loud.buffer.getvalue(), isinstance(loud, io.TextIOBase))


class Chunked(io.BufferedWriter):
    pass


cw = Chunked(io.BytesIO())
cw.write(b"data")
cw.flush()
print(cw.raw.getvalue(), repr(cw).startswith("<Chunked"))
f = io.StringIO()
f.attribute = 5
print(f.__dict__, io.BytesIO().__dict__)
try:
    io.StringIO.x = 1
except TypeError as e:
    print(type(e).__name__, e)
try:
    io.open_code(b"/nonexistent")
except TypeError as e:
    print(type(e).__name__, e)
with io.open_code(__file__) as code:
    print(type(code).__name__, code.read(2))
