"""Compare a marshalled Krait code object with python3.11's for one source file.

Usage: python3.11 compare_code.py SOURCE MARSHAL [OPTIMIZE [MODE [FLAGS]]]
Exits 1 and prints the differing fields when the code objects differ.
"""
import marshal
import sys

FIELDS = ["co_code", "co_consts", "co_names", "co_varnames", "co_cellvars",
          "co_freevars", "co_argcount", "co_posonlyargcount", "co_kwonlyargcount",
          "co_flags", "co_stacksize", "co_exceptiontable", "co_linetable",
          "co_name", "co_qualname", "co_firstlineno"]
CODE = type(compile("", "", "exec"))


def key(c):
    if isinstance(c, CODE):
        return ("code",)
    if isinstance(c, tuple):
        return ("tuple", tuple(key(x) for x in c))
    if isinstance(c, frozenset):
        return ("frozenset", frozenset(key(x) for x in c))
    if isinstance(c, (float, complex)):
        return (type(c).__name__, repr(c))
    return (type(c).__name__, c)


def value(code, f):
    v = getattr(code, f)
    return tuple(key(c) for c in v) if f == "co_consts" else v


def walk(ours, theirs, out):
    bad = [f for f in FIELDS if value(ours, f) != value(theirs, f)]
    if bad:
        out.append((theirs.co_qualname, bad))
    a = [c for c in ours.co_consts if isinstance(c, CODE)]
    b = [c for c in theirs.co_consts if isinstance(c, CODE)]
    if len(a) != len(b):
        out.append((theirs.co_qualname, ["nested code objects"]))
        return
    for x, y in zip(a, b):
        walk(x, y, out)


def main():
    src, mpath = sys.argv[1], sys.argv[2]
    opt = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    mode = sys.argv[4] if len(sys.argv) > 4 else "exec"
    flags = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    theirs = compile(open(src, "rb").read(), src, mode, flags=flags, dont_inherit=True, optimize=opt)
    ours = marshal.loads(open(mpath, "rb").read())
    out = []
    walk(ours, theirs, out)
    for q, fields in out:
        print(f"{src}: {q}: {', '.join(fields)}")
    sys.exit(1 if out else 0)


main()
