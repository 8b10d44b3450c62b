# Malformed code objects and marshal data end in a Python exception, never in
# a crash, and never disturb the frames that made or ran them.
import io
import marshal
import types


def f(a, b):
    g = lambda: a
    return g


def attempt(what, action):
    try:
        action()
        print(what, "ran")
    except Exception:
        print(what, "raised")


code = f.__code__
for what, changes in [
    ("store with an empty stack", dict(co_code=b"}\x02|\x02")),
    ("huge stack size", dict(co_stacksize=2**31 - 1)),
]:
    attempt(what, lambda: types.FunctionType(code.replace(**changes), globals())(3, 4))

# Bytecode cut short under its exception table: the handler lies past the end.
def guarded(a, b):
    try:
        a / b
    except:
        pass


def cut_short():
    short = guarded.__code__.replace(co_consts=(), co_argcount=1, co_code=b"\t\x00|\x00|\x01")
    types.FunctionType(short, globals(), "g", (5,))()


attempt("handler past the end", cut_short)

# A loop whose iterator sits below the code that ran: it keeps iterating.
for i in range(3):
    attempt(f"round {i}", lambda: exec(code.replace(co_code=b"\x01\x00\x01\x00d\x00S\x00")))

# Counts in marshal data larger than the data: an error, not an allocation.
good = marshal.dumps(([1, 2, 3], "text", (4.5, None)))
for cut in (5, 9, len(good) - 1):
    attempt(f"cut at {cut}", lambda: marshal.loads(good[:cut]))
huge_list = b"[" + (2**24).to_bytes(4, "little") + b"N"
attempt("huge list from bytes", lambda: marshal.loads(huge_list))
attempt("huge list from a file", lambda: marshal.load(io.BytesIO(huge_list)))
print(marshal.loads(good))
