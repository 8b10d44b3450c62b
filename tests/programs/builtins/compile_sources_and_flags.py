# compile() reads any buffer as source, refuses unknown flags; zip's strict flag
# pickles; dir() of a traceback shows its four fields.
import array
import pickle


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


attempt("memoryview", lambda: eval(compile(memoryview(b"6 * 7"), "name", "eval")))
attempt("bytearray", lambda: eval(compile(bytearray(b"'ba'"), "name", "eval")))
attempt("array", lambda: eval(compile(array.array("b", b"1 + 1"), "name", "eval")))
attempt("exec memoryview", lambda: exec(memoryview(b"x = 1"), {}))
attempt("int source", lambda: compile(5, "name", "exec"))
attempt("flags 0xff", lambda: compile("print(42)\n", "<string>", "single", 0xFF))
attempt("flags 0x8", lambda: compile("1", "<string>", "eval", 0x8))
attempt("future flags", lambda: type(compile("1", "<string>", "eval", 0x1FE0010)).__name__)
attempt("ast flag", lambda: type(compile("1", "<string>", "eval", 0x400)).__name__)

for strict in (False, True):
    z = zip([1, 2], [3, 4], strict=strict)
    next(z)
    print("reduce", strict, z.__reduce__()[2:] if strict else len(z.__reduce__()))
    copy = pickle.loads(pickle.dumps(z))
    print("unpickled", list(copy))
short = pickle.loads(pickle.dumps(zip([1, 2], [3], strict=True)))
attempt("strict short", lambda: list(short))
z = zip([1], [2, 3])
z.__setstate__(True)
attempt("setstate strict", lambda: list(z))

try:
    raise IndexError
except IndexError as e:
    print(dir(e.__traceback__))

# NUL in a source string is a ValueError; optimize= sets __debug__, asserts and
# docstrings for that compile alone.
attempt("nul str", lambda: compile("x = 1\0", "f", "exec"))
attempt("nul bytes", lambda: compile(b"\0", "f", "exec"))
attempt("exec nul", lambda: exec("\0"))
attempt("eval nul", lambda: eval("1\0"))
attempt("optimize 3", lambda: compile("1", "f", "exec", optimize=3))
attempt("optimize -2", lambda: compile("1", "f", "exec", optimize=-2))
source = '''def f():
    """doc"""
    try:
        assert False
    except AssertionError:
        return (True, f.__doc__, __debug__)
    return (False, f.__doc__, __debug__)
'''
import ast

for level in (-1, 0, 1, 2):
    for given in (source, ast.parse(source)):
        ns = {}
        exec(compile(given, "<test>", "exec", optimize=level), ns)
        print(level, type(given).__name__, ns["f"]())
ns = {}
exec(compile(source, "<test>", "exec"), ns)
print("after", ns["f"](), __debug__)
