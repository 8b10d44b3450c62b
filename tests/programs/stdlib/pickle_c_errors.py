# The C pickler and unpickler refusing what they cannot do, with CPython's
# exceptions and messages: damaged or hostile pickles, unpicklable objects, bad
# arguments and misused hooks.
import io
import pickle
import re
import _pickle


def show(f, *args, **kwargs):
    try:
        result = f(*args, **kwargs)
    except Exception as e:
        message = re.sub(r" at 0x[0-9a-f]+", " at 0x...", str(e))
        print("  ", type(e).__module__, type(e).__name__, message[:200])
    else:
        print("  ok", repr(result)[:200])


print(_pickle.PickleError.__mro__, _pickle.PicklingError.__mro__, _pickle.UnpicklingError.__mro__)
print(pickle.PicklingError is _pickle.PicklingError)

print("bad pickles")
for data in [
    b"", b"N", b"(", b"\x80", b"\x80\x06N.", b"K", b"J\x00\x00", b"X\x05\x00\x00\x00ab",
    b"\x8c\x05ab", b"B\x04\x00\x00\x00a", b"C\x02a", b"\x8e\x03\x00\x00\x00\x00\x00\x00\x00ab",
    b"\x96\x03\x00\x00\x00\x00\x00\x00\x00ab", b"\x95\x10\x00\x00\x00\x00\x00\x00\x00N.",
    b"S'abc\n.", b"Sabc\n.", b"S\n.", b"I12x\n.", b"I\n.", b"Fxyz\n.", b"F1.5", b"L12\n.",
    b"Lxyz\n.", b"g99\n.", b"h\x05.", b"j\x05\x00\x00\x00.", b"p0\n.", b"Np-1\n.", b"q\x00.",
    b"0.", b"1.", b"2.", b"(1.", b"N0.", b"NN(0t.", b"t.", b"l.", b"d.", b"(Nd.", b"(NNNd.",
    b"a.", b"]Na.", b"(a.", b"e.", b"s.", b"}Ns.", b"}NNNu.", b"(u.", b"\x90.", b"\x91.",
    b"\x85.", b"\x86.", b"\x87.", b"b.", b"N}b.", b"R.", b"NNR.", b"c)\x85R.",
    b"cbuiltins\nlen\n.", b"cbuiltins\nnosuch\n.", b"cnosuchmodule\nx\n.", b"c\n.",
    b"cbuiltins\n.", b"\x93.", b"K\x01K\x02\x93.", b"\x8c\x08builtins\x8c\x03len\x93.",
    b"\x8c\x08builtins\x8c\x0bobject.nope\x93.", b"\x81.", b"K\x01)\x81.", b"cbuiltins\nint\nK\x01\x81.",
    b"\x92.", b"cbuiltins\nint\n)K\x01\x92.", b"cbuiltins\nint\n)}\x92.",
    b"\x82\x00.", b"\x82\x01.", b"\x83\x00\x01.", b"\x84\xff\xff\xff\x7f.", b"P1\n.", b"NQ.",
    b"\x97.", b"K\x01\x98.", b"\x98.", b"\xff.", b"Z.", b"'", b"\\", b"\x00", b"\n",
    b"\x8a\x01", b"\x8a\x02\xff\x7f.", b"\x8b\xff\xff\xff\xff.", b"T\xff\xff\xff\xff.",
    b"i__builtin__\nlist\n.", b"(i__builtin__\nlist\n.", b"(cbuiltins\nlist\no.", b"o.",
    b"N\x94\x94.", b"]\x94h\x00h\x01.", b"]r\xff\xff\xff\xff.",
]:
    print(data)
    show(pickle.loads, data)

print("loads arguments")
show(pickle.loads, "str")
show(pickle.loads, b"N.", encoding=1)
show(pickle.loads, b"N.", errors=None)
show(pickle.loads, b"N.", buffers=1)
show(pickle.loads, b"\x97.", buffers=[])
show(pickle.loads, b"\x97.")
show(pickle.loads)
show(pickle.loads, b"N.", b"N.")
show(pickle.load, io.BytesIO(b"K\x01.K\x02."))
show(pickle.Unpickler, 1)
show(pickle.Unpickler(io.BytesIO(b"N.")).find_class, "builtins", "nosuch")
show(pickle.Unpickler(io.BytesIO(b"N.")).find_class, "builtins", "int.real")

print("dumps arguments")
show(pickle.dumps, 1, 6)
show(pickle.dumps, 1, -1)
show(pickle.dumps, 1, "x")
show(pickle.dumps, 1, -10**30)
show(pickle.dumps, 1, 10**30)
show(pickle.dumps, 1, 2.0)
show(pickle.dumps, 1, 2, buffer_callback=print)
show(pickle.dumps)
show(pickle.dump, 1, 2)
show(pickle.Pickler, None)
show(pickle.Pickler, io.BytesIO(), 9)

print("unpicklable objects")


def outer():
    def local():
        pass
    return local


class NotMine:
    pass


fake = NotMine()
NotMine.__qualname__ = "Elsewhere"


class BadReduce:
    def __init__(self, value):
        self.value = value

    def __reduce__(self):
        return self.value


for proto in (0, 2, 4):
    print("protocol", proto)
    show(pickle.dumps, outer(), proto)
    show(pickle.dumps, lambda: 0, proto)
    show(pickle.dumps, NotMine, proto)
    show(pickle.dumps, (x for x in []), proto)
    show(pickle.dumps, BadReduce(1), proto)
    show(pickle.dumps, BadReduce(()), proto)
    show(pickle.dumps, BadReduce((1,)), proto)
    show(pickle.dumps, BadReduce((1, 2)), proto)
    show(pickle.dumps, BadReduce((len, 2)), proto)
    show(pickle.dumps, BadReduce((len, (), None, 1)), proto)
    show(pickle.dumps, BadReduce((len, (), None, None, 1)), proto)
    show(pickle.dumps, BadReduce((len, (), None, None, None, 1)), proto)
    show(pickle.dumps, BadReduce((len, (), 1, 2, 3, 4, 5)), proto)
    show(pickle.dumps, BadReduce("nosuchglobal"), proto)
    show(pickle.dumps, pickle.PickleBuffer(b"x"), proto)

print("recursion")
deep = []
for _ in range(100000):
    deep = [deep]
show(pickle.dumps, deep, 4)
deep = None
data = b"(" * 100000 + b"N" + b"t" * 100000 + b"."


def depth(t):
    n = 0
    while t:
        t = t[0]
        n += 1
    return n


show(lambda: depth(pickle.loads(data)))
