# The hooks of the C Pickler and Unpickler: persistent ids, find_class,
# dispatch tables, reducer_override, the memo proxies, fast mode, and
# protocol 5's PickleBuffer with in-band and out-of-band buffers.
import copyreg
import io
import pickle


class Ref:
    def __init__(self, key):
        self.key = key


class DB(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Ref):
            return ("ref", obj.key)
        return None


class DBLoad(pickle.Unpickler):
    def persistent_load(self, pid):
        return f"<loaded {pid!r}>"

    def find_class(self, module, name):
        print("  find_class", module, name)
        return super().find_class(module, name)


for proto in range(6):
    f = io.BytesIO()
    DB(f, proto).dump([Ref("a"), Ref("b"), 3, set])
    print(proto, f.getvalue())
    print(" ", DBLoad(io.BytesIO(f.getvalue())).load())

# persistent_id as an attribute, protocol 0's text ids.
f = io.BytesIO()
p = pickle.Pickler(f, 0)
p.persistent_id = lambda obj: "id42" if obj == 42 else None
p.dump([42, 1])
print(f.getvalue())
u = pickle.Unpickler(io.BytesIO(f.getvalue()))
u.persistent_load = lambda pid: ("pid", pid)
print(u.load())
try:
    pickle.loads(f.getvalue())
except pickle.UnpicklingError as e:
    print(type(e).__name__, e)
try:
    p.persistent_id = 1
except TypeError as e:
    print(e)


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


def reduce_point(p):
    return (Point, (p.x * 10, p.y * 10))


# A private dispatch table, on the instance and on the class.
f = io.BytesIO()
p = pickle.Pickler(f, 2)
p.dispatch_table = copyreg.dispatch_table.copy()
p.dispatch_table[Point] = reduce_point
p.dump(Point(1, 2))
print(f.getvalue(), pickle.loads(f.getvalue()))


class TablePickler(pickle.Pickler):
    dispatch_table = {Point: reduce_point}


f = io.BytesIO()
TablePickler(f, 4).dump([Point(3, 4)])
print(f.getvalue(), pickle.loads(f.getvalue()))


# reducer_override sees what is not a builtin container, str or number.
class Override(pickle.Pickler):
    def reducer_override(self, obj):
        print("  override", type(obj).__name__)
        if obj is len:
            return (max, ())
        return NotImplemented


f = io.BytesIO()
Override(f, 4).dump([1, "a", (len,), Point(0, 0)])
print(f.getvalue())

# The memo proxies.
f = io.BytesIO()
p = pickle.Pickler(f, 2)
shared = ["x"]
p.dump(shared)
memo = p.memo.copy()
print(type(p.memo).__name__, [(v[0], v[1]) for v in memo.values()])
p.dump(shared)
print(f.getvalue())
p.clear_memo()
p.dump(shared)
p.memo = memo
p.dump(shared)
print(f.getvalue())
print(p.memo.__reduce__()[0] is dict)
u = pickle.Unpickler(io.BytesIO(f.getvalue()))
print(u.load(), u.memo.copy())
u.memo = {5: "five"}
print(u.memo.copy())
try:
    u.memo = 1
except TypeError as e:
    print(e)
try:
    p.memo = {1: 2}
except TypeError as e:
    print(e)

# Fast mode writes no memo, and refuses cycles.
f = io.BytesIO()
p = pickle.Pickler(f, 2)
p.fast = 1
p.dump([shared, shared])
print(p.fast, p.bin, f.getvalue())
cycle = []
cycle.append(cycle)
try:
    p.dump(cycle)
except ValueError as e:
    print(str(e).split(" at ")[0])

# Protocol 5 buffers.
pb = pickle.PickleBuffer(b"abc")
print(bytes(pb), pb.raw().tobytes(), pb.raw().readonly)
with memoryview(pb) as m:
    print(m.tobytes(), m.obj)
for obj in [pickle.PickleBuffer(b"ro"), pickle.PickleBuffer(bytearray(b"rw"))]:
    print(pickle.dumps(obj, 5), pickle.loads(pickle.dumps(obj, 5)))
    buffers = []
    data = pickle.dumps(obj, 5, buffer_callback=buffers.append)
    print(data, len(buffers), bytes(pickle.loads(data, buffers=buffers)))
    print(pickle.dumps(obj, 5, buffer_callback=lambda b: True))
pb.release()
try:
    pb.raw()
except ValueError as e:
    print(e)
try:
    bytes(pb)
except Exception as e:
    print(type(e).__name__)
try:
    pickle.dumps(1, 4, buffer_callback=print)
except ValueError as e:
    print(e)


# __init__ not called.
class Lazy(pickle.Pickler):
    def __init__(self):
        pass


try:
    Lazy().dump(1)
except pickle.PicklingError as e:
    print(e)


class LazyU(pickle.Unpickler):
    def __init__(self):
        pass


try:
    LazyU().load()
except pickle.UnpicklingError as e:
    print(e)

# Several pickles from one file, the file left just past each.
f = io.BytesIO()
for proto in range(6):
    pickle.dump(("p", proto, [proto] * 3), f, proto)
f.write(b"tail")
f.seek(0)
u = pickle.Unpickler(f)
for proto in range(6):
    print(u.load(), f.tell())
print(f.read())

# A real file reads ahead with peek(), and still stops just after each pickle.
import os
import tempfile

with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "data.pickle")
    with open(path, "wb") as f:
        for proto in range(6):
            pickle.dump([proto, "x" * proto, list(range(3000))], f, proto)
        f.write(b"tail")
    with open(path, "rb") as f:
        for proto in range(6):
            loaded = pickle.load(f)
            print(loaded[:2], len(loaded[2]), f.tell())
        print(f.read())


class NoPeek(io.BytesIO):
    def peek(self, n):
        raise NotImplementedError


f = NoPeek(pickle.dumps([1, 2], 2) + b"rest")
print(pickle.load(f), f.read())
