# Writing through a memoryview of a bytearray (as readinto() implementations do),
# and the errors for read-only memory, sizes and values.
buf = bytearray(b"abcdefgh")
view = memoryview(buf)
view[2:5] = b"XYZ"
print(buf)
view[0] = 65
view[-1] = 0x7A
print(buf)
sub = view[4:]
sub[:2] = bytearray(b"12")
print(buf, view.readonly)
with memoryview(buf) as outer, outer.cast("B") as byte_view:
    byte_view[:3] = memoryview(b"!!!")
print(buf)
signed = memoryview(bytearray(2)).cast("b")
signed[0] = -1
print(signed.tolist())


def attempt(label, call):
    try:
        call()
    except Exception as e:
        print(label, type(e).__name__, e)
    else:
        print(label, "ok")


attempt("read-only", lambda: memoryview(b"abc").__setitem__(0, 1))
attempt("sizes", lambda: view.__setitem__(slice(0, 2), b"abc"))
attempt("value", lambda: view.__setitem__(0, 256))
attempt("index", lambda: view.__setitem__(8, 1))
attempt("type", lambda: view.__setitem__(slice(0, 1), "a"))
print(buf)
