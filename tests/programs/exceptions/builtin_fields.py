# The fields of builtin exceptions live in the exception, as member descriptors
# of its class: the instance's __dict__ stays empty.
import pickle, copy

for e in [AttributeError("x"), NameError("n"), ImportError("m", name="a", path="p"),
          ModuleNotFoundError("q"), OSError(2, "No such file", "f"), FileNotFoundError(2, "x"),
          SyntaxError("msg", ("f.py", 1, 2, "text", 1, 3)), StopIteration(3), SystemExit(4),
          UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"), KeyError("k")]:
    print(type(e).__name__, e.__dict__, vars(e))

for cls, names in [(AttributeError, ["name", "obj"]), (NameError, ["name"]),
                   (ImportError, ["msg", "name", "path"]), (StopIteration, ["value"]),
                   (SystemExit, ["code"]), (OSError, ["errno", "strerror", "filename", "filename2"]),
                   (UnicodeEncodeError, ["encoding", "object", "start", "end", "reason"]),
                   (UnicodeTranslateError, ["encoding", "object", "start", "end", "reason"])]:
    print(cls.__name__, [type(cls.__dict__.get(n)).__name__ for n in names],
          [n for n in names if n in cls.__dict__])

try:
    {}.missing
except AttributeError as e:
    print(e.name, e.obj, e.__dict__)
try:
    undefined_name
except NameError as e:
    print(e.name, e.__dict__)

e = AttributeError("x", name="n", obj=5)
print(e.name, e.obj)
e.name = "other"
del e.obj
print(e.name, e.obj, e.__dict__)
e.extra = 1
print(e.__dict__)

class Mine(AttributeError):
    __slots__ = ("z",)
m = Mine("q")
m.z = 1
print(m.z, m.name, m.obj, m.args)

class WithDict(OSError):
    pass
w = WithDict(13, "denied", "file")
w.note = "n"
print(type(w).__name__, w.errno, w.filename, w.__dict__)

for e in [ImportError("m", name="n", path="p"), OSError(2, "x", "f"), AttributeError("a"), w]:
    again = pickle.loads(pickle.dumps(e))
    print(type(again).__name__, again.args, again.__dict__,
          getattr(again, "name", None), getattr(again, "filename", None))
    c = copy.copy(e)
    print(c.args, c.__dict__)
print(StopIteration(7).value, SystemExit(1, 2).code, SyntaxError("m").lineno)
print([n for n in ("encoding", "reason") if n in UnicodeError.__dict__], ModuleNotFoundError.__dict__.get("name"))
