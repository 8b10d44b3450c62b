# open(): text and binary modes, append, '+', 'x', seek/tell, newline translation, reprs.
import io
import os

path = "/tmp/krait_io_files.txt"
with open(path, "w") as f:
    print(f.write("alpha\nbeta\n"), f.tell())
    print(repr(f), f.mode, f.name, f.encoding, f.errors, f.line_buffering, f.closed)
    print(f.buffer, f.buffer.raw, f.buffer.raw.mode, f.readable(), f.writable(), f.seekable())
print(f.closed, repr(f))
with open(path, "a") as f:
    f.write("gamma\n")
with open(path) as f:
    print(repr(f.read()))
with open(path) as f:
    print(repr(f.readline()), f.tell(), repr(f.readline()), f.tell())
    print(f.seek(0), repr(f.read(3)), f.tell(), f.readlines())
with open(path, "rb") as f:
    print(f.read(3), f.peek(2)[:2], f.read1(4), f.tell(), f.seek(-3, 2), f.read(), f.seek(1))
    print(f.readline(), f.readinto(bytearray(3)), f.raw.tell(), f.tell())
with open(path, "r+") as f:
    f.seek(6)
    f.write("BETA")
    f.seek(0)
    print(repr(f.read()))
with open(path, "rb+") as f:
    print(f.read(2), f.write(b"PH"), f.tell())
    f.seek(0)
    print(f.read(), repr(f))
with open(path, "a+") as f:
    print(f.tell(), repr(f.read()))
    f.seek(0)
    print(repr(f.readline()))
with open(path, "w+") as f:
    f.write("new\ncontent")
    f.seek(0)
    print(f.readlines(), f.truncate(3), f.tell())
with open(path) as f:
    print(repr(f.read()))
os.remove(path)
try:
    open(path, "x").close()
    open(path, "x")
except FileExistsError as e:
    print(type(e).__name__, e.errno, e.filename)

# Newline translation on read and write.
with open(path, "wb") as f:
    f.write(b"one\r\ntwo\rthree\nfour")
for newline in [None, "", "\n", "\r", "\r\n"]:
    with open(path, newline=newline) as f:
        print(repr(newline), f.readlines(), f.newlines)
with open(path, "w", newline="\r\n") as f:
    f.write("a\nb\n")
with open(path, "rb") as f:
    print(f.read())
with open(path, "w", newline="\r") as f:
    f.write("a\nb")
with open(path, "rb") as f:
    print(f.read())

# tell() and seek() round trips over multibyte text.
with open(path, "w", encoding="utf-8") as f:
    f.write("héllo\nwörld\n€uro\nend")
with open(path, encoding="utf-8") as f:
    marks = []
    while True:
        pos = f.tell()
        line = f.readline()
        if not line:
            break
        marks.append((pos, line))
    print(marks)
    for pos, line in reversed(marks):
        f.seek(pos)
        print(pos, repr(f.readline()) == repr(line))
    f.seek(0)
    f.read(2)
    cookie = f.tell()
    rest = f.read()
    f.seek(cookie)
    print(f.read() == rest)

# Unbuffered binary, buffering sizes, fds, closefd.
with open(path, "rb", buffering=0) as f:
    print(type(f).__name__, f.read(4), f.readall()[:3], repr(f))
with open(path, "rb", buffering=5) as f:
    print(f.read(7), f.raw.tell())
fd = os.open(path, os.O_RDONLY)
with open(fd, closefd=False) as f:
    print(f.name, repr(f.readline()))
print(os.read(fd, 3))
os.close(fd)
with open(path, "w", buffering=1) as f:
    print(f.line_buffering)
os.remove(path)

for bad in [
    lambda: open(path),
    lambda: open("/tmp"),
    lambda: open(path, "rw"),
    lambda: open(path, "rr"),
    lambda: open(path, "q"),
    lambda: open(path, "tb"),
    lambda: open(path, "wb", encoding="utf-8"),
    lambda: open(path, "wb", errors="strict"),
    lambda: open(path, "wb", newline=""),
    lambda: open(path, "w", buffering=0),
    lambda: open(path, "w", newline="x"),
    lambda: open(path, "w", encoding="nope"),
    lambda: open(path, mode=5),
    lambda: open(3.5),
    lambda: open(path, "w", closefd=False),
    lambda: open(path, "w", encoding=5),
]:
    try:
        print(bad())
    except Exception as e:
        print(type(e).__name__, e)
if os.path.exists(path):
    os.remove(path)

f = open(path, "w")
f.close()
for call in [lambda: f.write("x"), f.read, f.readline, f.tell, f.flush, f.fileno]:
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)
g = open(path, "rb")
g.close()
for call in [g.read, g.readline, g.tell, g.peek, g.fileno, g.flush]:
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)
with open(path, "r") as f:
    for call in [lambda: f.write("x"), lambda: f.truncate()]:
        try:
            call()
        except Exception as e:
            print(type(e).__name__, e, isinstance(e, OSError), isinstance(e, ValueError))
os.remove(path)

# A file dropped without closing is flushed and closed.
open(path, "w").write("dropped")
with open(path) as f:
    print(f.read())
os.remove(path)
