# TextIOWrapper over BytesIO: encodings, error handlers, BOMs, chunk boundaries,
# tell/seek cookies, reconfigure, detach and IncrementalNewlineDecoder.
import io

for encoding in ["utf-8", "latin-1", "ascii", "cp1252", "utf-16", "utf-16-le", "utf-32", "utf-8-sig"]:
    raw = io.BytesIO()
    t = io.TextIOWrapper(raw, encoding=encoding, errors="replace")
    t.write("caf\xe9 \u20ac\nline2\n")
    t.flush()
    data = raw.getvalue()
    raw.seek(0)
    r = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="replace")
    print(encoding, data, r.readlines(), r.encoding)

for errors in ["strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace", "namereplace"]:
    raw = io.BytesIO()
    t = io.TextIOWrapper(raw, encoding="ascii", errors=errors)
    try:
        t.write("a\xe9\u20ac")
        t.flush()
        print(errors, raw.getvalue())
    except UnicodeEncodeError as e:
        print(errors, type(e).__name__, e)
for errors in ["strict", "ignore", "replace", "backslashreplace"]:
    r = io.TextIOWrapper(io.BytesIO(b"ok\xff\xfeend\n"), encoding="utf-8", errors=errors)
    try:
        print(errors, repr(r.read()))
    except UnicodeDecodeError as e:
        print(errors, type(e).__name__, e)

# Multibyte characters split across reads of a small chunk size.
text = "\u00e9\u4e2d\U0001f600x" * 50
r = io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")
r._CHUNK_SIZE = 3
pieces = []
while True:
    piece = r.read(7)
    if not piece:
        break
    pieces.append(piece)
print(len(pieces), "".join(pieces) == text, r._CHUNK_SIZE)

# tell()/seek() through every line, with several codecs and newline modes.
for encoding, newline in [("utf-8", None), ("utf-16", None), ("latin-1", ""), ("utf-8", "\r\n")]:
    data = "first\r\nsecond\rthird\nf\xfcnf\n".encode(encoding)
    r = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=newline)
    r._CHUNK_SIZE = 4
    marks = []
    while True:
        pos = r.tell()
        line = r.readline()
        if not line:
            break
        marks.append((pos, line))
    ok = True
    for pos, line in marks:
        r.seek(pos)
        ok = ok and r.readline() == line
    print(encoding, repr(newline), marks, ok)

# Writing after reading, and reading what was written, on one stream.
rw = io.TextIOWrapper(io.BytesIO(b"abc\ndef\n"), encoding="utf-8")
print(repr(rw.readline()))
rw.write("XY")
rw.seek(0)
print(repr(rw.read()))

# reconfigure, detach, line buffering and write-through.
raw = io.BytesIO()
t = io.TextIOWrapper(raw, encoding="utf-8")
t.write("one\n")
print(raw.getvalue())
t.reconfigure(line_buffering=True)
t.write("two\n")
print(raw.getvalue(), t.line_buffering)
t.reconfigure(encoding="latin-1", errors="replace", newline="\r\n")
t.write("\u20ac\xe9\n")
t.flush()
print(raw.getvalue(), t.encoding, t.errors)
b = t.detach()
print(b is raw)
for call in [lambda: t.write("x"), lambda: t.encoding, lambda: repr(t), lambda: t.detach()]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)
r = io.TextIOWrapper(io.BytesIO(b"x\ny"), encoding="utf-8")
r.read(1)
try:
    r.reconfigure(encoding="latin-1")
except Exception as e:
    print(type(e).__name__, e)
wt = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
wt.write("now")
print(wt.buffer.getvalue(), wt.write_through)

# IncrementalNewlineDecoder on its own.
d = io.IncrementalNewlineDecoder(None, translate=True)
print([d.decode(s) for s in ["a\r", "\nb\r", "c\n", "\r"]], repr(d.decode("", final=True)), d.newlines)
print(d.getstate())
d.setstate((b"", 1))
print(repr(d.decode("x")), d.newlines)
d.reset()
print(d.newlines, d.getstate())
import codecs
u = io.IncrementalNewlineDecoder(codecs.getincrementaldecoder("utf-8")(), translate=False)
print(repr(u.decode(b"a\r\n\xc3")), u.getstate(), repr(u.decode(b"\xa9\r")), u.getstate(), repr(u.decode(b"", True)), u.newlines)
try:
    io.IncrementalNewlineDecoder.__new__(io.IncrementalNewlineDecoder).decode("x")
except Exception as e:
    print(type(e).__name__, e)

for bad in [
    lambda: io.TextIOWrapper(io.BytesIO(), encoding="rot13"),
    lambda: io.TextIOWrapper(io.BytesIO(), encoding=1),
    lambda: io.TextIOWrapper(io.BytesIO(), errors=1),
    lambda: io.TextIOWrapper(io.BytesIO(), newline="x"),
    lambda: io.TextIOWrapper(io.BytesIO(), encoding="utf-8").write(b"x"),
    lambda: io.TextIOWrapper(io.BytesIO(b"abc"), encoding="utf-8").seek(1, 1),
    lambda: io.TextIOWrapper(io.BytesIO(b"abc"), encoding="utf-8").seek(-1),
    lambda: io.TextIOWrapper(io.BytesIO(b"abc"), encoding="utf-8").seek(0, 7),
    lambda: io.TextIOWrapper(io.BytesIO(), encoding="utf-8").fileno(),
]:
    try:
        print(bad())
    except Exception as e:
        print(type(e).__name__, e)
r = io.TextIOWrapper(io.BytesIO(b"1\n2\n"), encoding="utf-8")
next(r)
try:
    r.tell()
except OSError as e:
    print(type(e).__name__, e)
print(list(r), r.tell())
print(repr(io.TextIOWrapper(io.BytesIO(), encoding="utf-8")))
