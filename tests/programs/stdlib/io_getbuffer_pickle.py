# BytesIO.getbuffer() shares the BytesIO's bytes and blocks resizing while views
# live; BytesIO and StringIO pickle and restore their state as CPython's do.
import gc
import io
import pickle


def attempt(label, call):
    try:
        print(label, repr(call()))
    except Exception as e:
        print(label, type(e).__name__, e)


memio = io.BytesIO(b"1234567890")
buf = memio.getbuffer()
print(type(buf).__name__, bytes(buf), len(buf), buf.readonly, buf.format)
memio.seek(5)
attempt("write", lambda: memio.write(b"x" * 100))
attempt("write same size", lambda: memio.write(b"x"))
attempt("writelines", lambda: memio.writelines([b"a"]))
attempt("truncate", lambda: memio.truncate())
attempt("close", lambda: memio.close())
attempt("setstate", lambda: memio.__setstate__((b"abc", 0, None)))
print("closed", memio.closed, "tell", memio.tell())
buf[3:6] = b"abc"
print(bytes(buf), memio.getvalue())
second = memio.getbuffer()
del buf
gc.collect()
attempt("write with one view", lambda: memio.write(b"y"))
second.release()
attempt("write after release", lambda: memio.write(b"zz"))
print(memio.getvalue())
with memio.getbuffer() as view:
    view[0] = ord("A")
    attempt("truncate in with", lambda: memio.truncate(2))
print(memio.getvalue())
attempt("truncate", lambda: memio.truncate(4))
print(memio.getvalue())
memio.close()
attempt("getbuffer closed", lambda: memio.getbuffer())

# __setstate__ checks its argument before anything else, and writes as write().
memio = io.BytesIO()
attempt("setstate", lambda: memio.__setstate__((b"no error", 0, {"spam": 3})))
print(memio.getvalue(), memio.spam)
for state in [(b"", -1, None), ("unicode", 0, None), (b"", 0.0, None), (b"", 0, 0),
              (b"len-test", 0), 0]:
    attempt("setstate %r" % (state,), lambda: memio.__setstate__(state))
memio.close()
attempt("setstate closed", lambda: memio.__setstate__((b"closed", 0, None)))


class MyBytesIO(io.BytesIO):
    pass


class MyStringIO(io.StringIO):
    pass


for cls in (io.BytesIO, MyBytesIO, io.StringIO, MyStringIO):
    attempt(cls.__name__ + " bad state", lambda: cls().__setstate__(1))

# Unpickling makes an uninitialised StringIO, then gives it its state.
for newline in [None, "", "\n", "\r", "\r\n"]:
    s = io.StringIO("a\nb\r\nc\rd", newline=newline)
    s.read(3)
    s.foo = 42
    for proto in range(2, pickle.HIGHEST_PROTOCOL + 1):
        t = pickle.loads(pickle.dumps(s, proto))
        assert (t.getvalue(), t.tell(), t.foo) == (s.getvalue(), s.tell(), s.foo)
    print(repr(newline), repr(t.getvalue()), t.tell(), t.newlines, t.foo, t.readline())

attempt("protocol 0", lambda: pickle.dumps(io.StringIO(), 0))
fresh = io.StringIO.__new__(io.StringIO)
attempt("uninitialised read", lambda: fresh.read())
fresh.__setstate__(("text", None, 2, None))
print(repr(fresh.read()))
closed = io.StringIO()
closed.close()
attempt("closed setstate", lambda: closed.__setstate__(("x", None, 0, None)))

b = io.BytesIO(b"abc")
b.read(1)
b.bar = [1]
c = pickle.loads(pickle.dumps(b))
print(c.getvalue(), c.tell(), c.bar)

# Concatenating bytes and bytearrays accepts any buffer.
import array
ba = bytearray(b"ab")
ba += array.array("b", [1, 2])
ba += memoryview(b"cd")
print(ba, b"x" + array.array("B", [3]), bytearray(b"y") + memoryview(b"z"))
attempt("bytes + str", lambda: b"x" + "y")
attempt("bytearray += list", lambda: ba.__iadd__([1]))
attempt("bytes + released", lambda: b"x" + (lambda m: (m.release(), m)[1])(memoryview(b"q")))
