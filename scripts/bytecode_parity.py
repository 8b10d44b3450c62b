"""Compare Krait's code objects with python3.11's over CPython's Lib.

Run by scripts/bytecode-parity. Compiles every .py file under a directory with
`krait-compile` (one process) and with this python3.11, then compares the code
objects recursively field by field. Prints `code objects: N/M identical`; with
--details also the most common first-differing fields with example files.

With --dis KRAIT, it compares instead what `KRAIT -m dis FILE` prints with what
`python3.11 -m dis FILE` prints, file by file (CPython's own dis.py runs on both),
and prints `dis parity: N/M files`.
"""

import argparse
import collections
import concurrent.futures
import marshal
import os
import re
import subprocess
import sys
import tempfile

FIELDS = [
    "co_code", "co_consts", "co_names", "co_varnames", "co_cellvars",
    "co_freevars", "co_argcount", "co_posonlyargcount", "co_kwonlyargcount",
    "co_flags", "co_stacksize", "co_exceptiontable", "co_linetable", "co_name",
    "co_qualname", "co_firstlineno",
]


def const_key(c):
    """A comparison key that tells apart 1, 1.0, True, -0.0 and NaNs."""
    if isinstance(c, type((lambda: 0).__code__)):
        return ("code",)
    if isinstance(c, tuple):
        return ("tuple", tuple(const_key(x) for x in c))
    if isinstance(c, frozenset):
        return ("frozenset", frozenset(const_key(x) for x in c))
    if isinstance(c, float):
        return ("float", repr(c))
    if isinstance(c, complex):
        return ("complex", repr(c.real), repr(c.imag))
    return (type(c).__name__, c)


def field_value(code, name):
    v = getattr(code, name)
    if name == "co_consts":
        return tuple(const_key(c) for c in v)
    return v


def nested(code):
    return [c for c in code.co_consts if isinstance(c, type(code))]


def count(code):
    return 1 + sum(count(c) for c in nested(code))


def compare(ours, theirs, path, diffs):
    """Number of identical code objects in `theirs`' tree."""
    same = 0
    first = None
    for f in FIELDS:
        if field_value(ours, f) != field_value(theirs, f):
            first = f
            break
    if first is None:
        same += 1
    else:
        diffs[first].append((path, theirs.co_qualname, theirs.co_firstlineno))
    a, b = nested(ours), nested(theirs)
    if len(a) == len(b):
        for x, y in zip(a, b):
            same += compare(x, y, path, diffs)
    else:
        for y in b:
            diffs["nested code count"].append((path, y.co_qualname, y.co_firstlineno))
    return same


def main():
    sys.setrecursionlimit(5000)
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", default="/usr/lib/python3.11")
    ap.add_argument("--krait", required=True)
    ap.add_argument("--details", action="store_true")
    ap.add_argument("-O", dest="optimize", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--mode", default="exec", choices=["exec", "eval", "single"])
    ap.add_argument("--flags", type=lambda v: int(v, 0), default=0,
                    help="compile() flags, e.g. 0x1000000 for postponed annotations")
    ap.add_argument("--dis", metavar="KRAIT", help="compare `-m dis` output under this krait")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    if args.dis:
        return dis_parity(args)

    files = args.files
    if not files:
        for root, dirs, names in os.walk(args.lib):
            dirs.sort()
            for n in sorted(names):
                if n.endswith(".py"):
                    files.append(os.path.join(root, n))
    theirs = []
    for path in files:
        try:
            with open(path, "rb") as f:
                src = f.read()
            src.decode("utf-8")
            theirs.append((path, compile(src, path, args.mode, flags=args.flags, dont_inherit=True,
                                         optimize=args.optimize)))
        except Exception:
            continue
    if args.limit:
        theirs = theirs[:args.limit]
    with tempfile.TemporaryDirectory() as out:
        cmd = [args.krait, out]
        if args.optimize:
            cmd.append("-O" if args.optimize == 1 else "-OO")
        cmd += ["--mode", args.mode, "--flags", str(args.flags)]
        subprocess.run(cmd, input="\n".join(p for p, _ in theirs).encode(), check=True)
        total = same = 0
        diffs = collections.defaultdict(list)
        errors = []
        for i, (path, code) in enumerate(theirs):
            n = count(code)
            total += n
            mpath = os.path.join(out, f"{i}.marshal")
            if not os.path.exists(mpath):
                epath = os.path.join(out, f"{i}.error")
                msg = open(epath).read() if os.path.exists(epath) else "missing"
                errors.append((path, msg))
                diffs["compile error"].append((path, msg[:80], 0))
                continue
            try:
                ours = marshal.loads(open(mpath, "rb").read())
            except Exception as e:
                diffs["bad marshal"].append((path, str(e), 0))
                continue
            same += compare(ours, code, path, diffs)
    print(f"code objects: {same}/{total} identical")
    if args.details:
        print(f"share identical: {100.0 * same / max(total, 1):.2f}%")
        print(f"files: {len(theirs)}, compile errors: {len(errors)}")
        for field, items in sorted(diffs.items(), key=lambda kv: -len(kv[1])):
            print(f"{len(items):7d}  {field}")
            for ex in items[:5]:
                print(f"           {ex[0]} {ex[1]} {ex[2]}")


def dis_output(interpreter, path):
    """What `-m dis` prints for `path`, with its exit status."""
    try:
        proc = subprocess.run([interpreter, "-m", "dis", path], capture_output=True,
                              timeout=300, env=dict(os.environ, PYTHONHASHSEED="0"))
    except subprocess.TimeoutExpired:
        return None
    # Object addresses differ from run to run, in CPython too.
    return proc.returncode, re.sub(rb" at 0x[0-9a-f]+", b" at 0x", proc.stdout)


def dis_parity(args):
    files = args.files
    if not files:
        files = sorted(os.path.join(args.lib, n) for n in os.listdir(args.lib)
                       if n.endswith(".py"))
    if args.limit:
        files = files[:args.limit]

    def both(path):
        return path, dis_output("/usr/bin/python3.11", path), dis_output(args.dis, path)

    same, differing = 0, []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for path, theirs, ours in pool.map(both, files):
            if theirs is not None and theirs == ours:
                same += 1
            else:
                differing.append(path)
    print(f"dis parity: {same}/{len(files)} files")
    if args.details:
        for path in differing:
            print(f"  differs: {path}")


if __name__ == "__main__":
    main()
