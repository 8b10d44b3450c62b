"""Machine instructions per operation, Krait beside python3.11.

Each case is a statement run in a loop inside a function. The loop runs with
two trip counts under `valgrind --tool=callgrind`; the difference in
instructions divided by the difference in trips is the cost of one trip, free
of start-up. The loop's own cost (an empty body) is subtracted, so each figure
is what the statement costs. Run: scripts/op-costs [KRAIT] [CASE...]
"""

import os
import re
import subprocess
import sys
import tempfile
import textwrap

PYTHON = "/usr/bin/python3.11"

# name -> (setup lines, statement). Setup runs once before the loop; the
# statement's names are locals of the function the loop runs in.
CASES = {
    "empty": ("", "pass"),
    "call_py": ("def f(a, b):\n    return a", "f(i, 2)"),
    "call_py_default": ("def f(a, b=2):\n    return a", "f(i)"),
    "call_py_kw": ("def f(a, b):\n    return a", "f(i, b=2)"),
    "call_method": (
        "class C:\n    def m(self, a):\n        return a\nc = C()",
        "c.m(i)",
    ),
    "call_len": ("xs = [1, 2, 3]", "len(xs)"),
    "call_isinstance": ("", "isinstance(i, int)"),
    "call_abs": ("", "abs(i)"),
    "call_min2": ("", "min(i, 2)"),
    "call_type1": ("", "type(i)"),
    "call_str1": ("", "str(i)"),
    "call_int1": ("x = 2.5", "int(x)"),
    "call_float1": ("", "float(i)"),
    "call_list1": ("t = (1, 2)", "list(t)"),
    "call_tuple1": ("xs = [1, 2]", "tuple(xs)"),
    "call_set0": ("", "set()"),
    "list_append_pop": ("xs = []", "xs.append(i); xs.pop()"),
    "module_func": ("import math", "math.floor(1.5)"),
    "native_method": ("import random\nrng = random.Random(1)", "rng.random()"),
    "struct_calcsize": ("import struct", "struct.calcsize('<iHq')"),
    "randrange": ("import random\nrng = random.Random(1)", "rng.randrange(256)"),
    "str_method": ("s = 'hello world'", "s.startswith('he')"),
    "bound_builtin": ("xs = []", "xs.append"),
    "bound_native_subclass": (
        "import random\nrng = random.Random(1)",
        "rng.getrandbits",
    ),
    "attr_load": ("class C:\n    pass\nc = C(); c.x = 1", "c.x"),
    "attr_store": ("class C:\n    pass\nc = C(); c.x = 1", "c.x = i"),
    "property": (
        "class C:\n    @property\n    def p(self):\n        return 1\nc = C()",
        "c.p",
    ),
    "new_instance": (
        "class C:\n    def __init__(self, a):\n        self.a = a",
        "C(i)",
    ),
    "dataclass_like": (
        "class P:\n    __slots__ = ('x', 'y')\n"
        "    def __init__(self, x, y):\n        self.x = x\n        self.y = y",
        "P(i, 2)",
    ),
    "dict_str_get": ("d = {'a': 1, 'b': 2}", "d['a']"),
    "dict_str_set": ("d = {'a': 1, 'b': 2}", "d['a'] = i"),
    "dict_int_set": ("d = {}", "d[i & 255] = i"),
    "set_contains": ("s = {1, 2, 3}", "i in s"),
    "list_index": ("xs = [1, 2, 3]", "xs[1]"),
    "tuple_build_unpack": ("", "a, b = i, 2"),
    "tuple_unpack": ("t = (1, 2)", "a, b = t"),
    "tuple_build": ("", "(i, i)"),
    "list_build": ("", "[i, 2, 3]"),
    "listcomp_5": ("r = range(5)", "[x for x in r]"),
    "genexpr_5": ("r = range(5)", "sum(x for x in r)"),
    "generator_5": (
        "def g():\n    yield 1\n    yield 2\n    yield 3\n    yield 4\n    yield 5",
        "for x in g(): pass",
    ),
    "str_concat": ("s = 'abc'", "s + 'def'"),
    "fstring": ("", "f'{i} and {i}'"),
    "str_format": ("", "'{} and {}'.format(i, i)"),
    "percent_format": ("", "'%d and %s' % (i, i)"),
    "int_add": ("", "i + 1"),
    "float_mul": ("x = 1.5", "x * 2.0"),
    "compare_lt_user": (
        "class C:\n    def __init__(self, v):\n        self.v = v\n"
        "    def __lt__(self, o):\n        return self.v < o.v\na = C(1); b = C(2)",
        "a < b",
    ),
    "try_except": ("", "try:\n    raise ValueError\nexcept ValueError:\n    pass"),
    "with_stmt": (
        "class CM:\n    def __enter__(self):\n        return self\n"
        "    def __exit__(self, *a):\n        return False\ncm = CM()",
        "with cm: pass",
    ),
    "closure_call": ("def outer():\n    y = 1\n    def f():\n        return y\n    return f\nf = outer()", "f()"),
    "super_init": (
        "class A:\n    def __init__(self):\n        self.a = 1\n"
        "class B(A):\n    def __init__(self):\n        super().__init__()",
        "B()",
    ),
    "global_load": ("", "len"),
    "sorted_5": ("xs = [3, 1, 2, 5, 4]", "sorted(xs)"),
    "str_split_join": ("s = 'a b c d'", "' '.join(s.split())"),
    "map_lambda_5": ("r = range(5)", "list(map(lambda x: x, r))"),
}

PROGRAM = """\
{setup}
def run(n):
    for i in range(n):
{statement}
run({trips})
"""


def instructions(interpreter, source):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "case.py")
        out = os.path.join(folder, "cg.out")
        with open(path, "w") as f:
            f.write(source)
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", interpreter, path],
            capture_output=True,
            text=True,
        )
        match = re.search(r"Collected : (\d+)", proc.stderr)
        if proc.returncode != 0 or not match:
            raise RuntimeError(f"{interpreter} failed on:\n{source}\n{proc.stderr[-2000:]}")
        return int(match.group(1))


def per_trip(interpreter, setup, statement, low=2000, high=12000):
    counts = [
        instructions(interpreter, PROGRAM.format(setup=setup, statement=textwrap.indent(statement, " " * 8), trips=trips))
        for trips in (low, high)
    ]
    return (counts[1] - counts[0]) / (high - low)


def main():
    args = sys.argv[1:]
    krait = args.pop(0) if args and os.sep in args[0] else "target/release/krait"
    names = args or list(CASES)
    base = {}
    for interpreter in (krait, PYTHON):
        base[interpreter] = per_trip(interpreter, *CASES["empty"])
    print(f"{'case':<22}{'krait':>10}{'python3.11':>12}{'ratio':>8}")
    ratios = []
    for name in names:
        if name == "empty":
            continue
        setup, statement = CASES[name]
        costs = [per_trip(i, setup, statement) - base[i] for i in (krait, PYTHON)]
        ratio = costs[0] / costs[1] if costs[1] > 0 else float("nan")
        ratios.append(ratio)
        print(f"{name:<22}{costs[0]:>10.0f}{costs[1]:>12.0f}{ratio:>8.2f}", flush=True)
    print(f"{'loop (empty body)':<22}{base[krait]:>10.0f}{base[PYTHON]:>12.0f}")


if __name__ == "__main__":
    main()
