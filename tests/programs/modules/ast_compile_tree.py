# compile() of an ast tree compiles the tree itself: its positions, and names
# that are not identifiers (as pytest's assertion rewriter writes them).
import ast
import dis
import sys
import traceback
import types


def codes(code):
    yield code
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            yield from codes(c)


def same_as_source(src, mode="exec"):
    from_source = compile(src, "<src>", mode)
    from_tree = compile(ast.parse(src, mode=mode), "<src>", mode)
    pairs = list(zip(codes(from_source), codes(from_tree)))
    for a, b in pairs:
        checks = {
            "code": a.co_code == b.co_code,
            "consts": [c for c in a.co_consts if not isinstance(c, types.CodeType)]
            == [c for c in b.co_consts if not isinstance(c, types.CodeType)],
            "names": a.co_names == b.co_names,
            "positions": list(a.co_positions()) == list(b.co_positions()),
            "lines": list(a.co_lines()) == list(b.co_lines()),
            "firstlineno": a.co_firstlineno == b.co_firstlineno,
            "exceptiontable": a.co_exceptiontable == b.co_exceptiontable,
        }
        bad = [k for k, ok in checks.items() if not ok]
        print(a.co_name, "same" if not bad else f"differs in {bad}")


SOURCE = '''
"""module doc"""
import os.path as osp, sys
from collections import OrderedDict as OD
x = 1; y = [x, 2.5, -3, 4j, b"by", "st", None, True, ...]
z = {**{1: 2}, 3: x} | {k: v for k, v in [(1, 2)] if k}
def f(a, /, b=2, *args, c, d=4, **kw) -> int:
    """doc"""
    global y
    t = a + b * c - d // 2 ** 3 % 5 @ 1 if a else (lambda q, *r: q)(a)
    return [i for i in range(t) if i]
@staticmethod
@property
def decorated(): pass
class C(object, metaclass=type):
    attr: int = 3
    def m(self):
        return super().m(), __class__
async def co(it):
    async for i in it:
        await i
    async with it as (a, b):
        pass
    return [j async for j in it]
def gen():
    x = yield 1
    yield from (i for i in range(3))
    nonlocal_free = 1
    def inner():
        nonlocal nonlocal_free
        nonlocal_free += 1
    return inner
try:
    pass
except (ValueError, TypeError) as e:
    raise RuntimeError("x") from e
else:
    pass
finally:
    del x
try:
    pass
except* OSError:
    pass
while y:
    if y: break
    elif z: continue
    else: y.pop()
else:
    pass
for a, *b in [(1, 2, 3)]:
    assert a, "msg"
with open("f") as fh, open("g"):
    pass
s = f"{x!r:>{y}} and {z=} {'q'}" f"tail{x:4}"
u = f"{x, y!r}" + f"{3,}"
r = x[1:2:3], x[::], x[a, b:c], not x, ~x, +x, -x, x is not y, x not in y, 1 < x <= 3
v = (w := 5) and x or y
match x:
    case 1 | 2 | -3 | 4.5 | 1+2j | "s" | b"b":
        pass
    case None | True | False:
        pass
    case [1, *rest] | (1, 2, *rest):
        pass
    case {"k": v, 1: _, **kw}:
        pass
    case C(1, attr=2) as bound if bound:
        pass
    case os.sep:
        pass
    case _:
        pass
'''
same_as_source(SOURCE)
same_as_source("a + b * (c if d else e)", "eval")
same_as_source("from __future__ import annotations\ndef g(a: list[int]) -> 'x': pass\n")
ns = {}
src = "from __future__ import annotations\ndef g(a: lambda: 1, b: [x for x in y]) -> f'{x}': pass\n"
exec(compile(ast.parse(src), "<future>", "exec"), ns)
print(ns["g"].__annotations__)

# A tree built by hand: names that are not identifiers, and every node at
# the position fix_missing_locations gives it.
tree = ast.Module(
    body=[
        ast.Import(names=[ast.alias(name="builtins", asname="@py_builtins")]),
        ast.Assign(
            targets=[ast.Name(id="@py_x", ctx=ast.Store())],
            value=ast.Call(
                func=ast.Attribute(
                    value=ast.Name(id="@py_builtins", ctx=ast.Load()),
                    attr="len",
                    ctx=ast.Load(),
                ),
                args=[ast.Constant(value="abcd")],
                keywords=[],
            ),
        ),
        ast.FunctionDef(
            name="@py_f",
            args=ast.arguments(
                posonlyargs=[],
                args=[ast.arg(arg="@py_a")],
                kwonlyargs=[],
                kw_defaults=[],
                defaults=[ast.Constant(value=-7)],
            ),
            body=[
                ast.Return(
                    value=ast.Tuple(
                        elts=[
                            ast.Name(id="@py_a", ctx=ast.Load()),
                            ast.Lambda(
                                args=ast.arguments(
                                    posonlyargs=[],
                                    args=[],
                                    kwonlyargs=[],
                                    kw_defaults=[],
                                    defaults=[],
                                ),
                                body=ast.Name(id="@py_a", ctx=ast.Load()),
                            ),
                            ast.Lambda(
                                args=ast.arguments(
                                    posonlyargs=[],
                                    args=[ast.arg(arg="q")],
                                    kwonlyargs=[],
                                    kw_defaults=[],
                                    defaults=[],
                                ),
                                body=ast.Name(id="q", ctx=ast.Load()),
                            ),
                        ],
                        ctx=ast.Load(),
                    )
                )
            ],
            decorator_list=[],
        ),
    ],
    type_ignores=[],
)
ast.fix_missing_locations(tree)
ns = {}
exec(compile(tree, "<ast>", "exec"), ns)
print(ns["@py_x"], ns["@py_builtins"].__name__)
a, l0, l1 = ns["@py_f"]()
print(a, l0(), l1(9), ns["@py_f"].__code__.co_varnames, ns["@py_f"].__name__)
print(list(ns["@py_f"].__code__.co_positions()))

# Constants ruff's literals do not spell directly.
for value in [-5, -(2**70), 2**80, (1, (-2, "s"), b"b"), -0.0, complex(1, -2), frozenset({3})]:
    e = ast.Expression(body=ast.Constant(value=value))
    ast.fix_missing_locations(e)
    print(repr(eval(compile(e, "<c>", "eval"))))

# Explicit positions: the code carries them, and so do tracebacks.
body = ast.parse("a = 1\nb = 0\nc = a / b\n").body
for i, stmt in enumerate(body):
    ast.increment_lineno(stmt, 40 + i * 10)
mod = ast.Module(body=body, type_ignores=[])
code = compile(mod, "<positions>", "exec")
print(list(code.co_lines()))
print(list(code.co_positions()))
try:
    exec(code, {})
except ZeroDivisionError as exc:
    print([fs.lineno for fs in traceback.extract_tb(exc.__traceback__)][-1:])

call = ast.Expr(
    value=ast.Call(
        func=ast.Name(id="print", ctx=ast.Load(), lineno=7, col_offset=4, end_lineno=7, end_col_offset=9),
        args=[ast.Constant(value="placed", lineno=8, col_offset=2, end_lineno=8, end_col_offset=10)],
        keywords=[],
        lineno=7,
        col_offset=4,
        end_lineno=9,
        end_col_offset=1,
    ),
    lineno=7,
    col_offset=4,
    end_lineno=9,
    end_col_offset=1,
)
code = compile(ast.Module(body=[call], type_ignores=[]), "<placed>", "exec")
exec(code)
print(list(code.co_positions()))

# Only a start position: the end is the start.
ret = ast.Return(value=ast.Name(id="missing_name", ctx=ast.Load(), lineno=3, col_offset=11), lineno=3, col_offset=4)
fn = ast.FunctionDef(
    name="g",
    args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]),
    body=[ret],
    decorator_list=[],
    lineno=2,
    col_offset=0,
)
ns = {}
exec(compile(ast.Module(body=[fn], type_ignores=[]), "<start-only>", "exec"), ns)
print(list(ns["g"].__code__.co_positions()))
try:
    ns["g"]()
except NameError as exc:
    print(exc, [fs.lineno for fs in traceback.extract_tb(exc.__traceback__)][-1:])


# Bytecode of small functions compiled from trees.
def show(src):
    ns = {}
    exec(compile(ast.parse(src), "<dis>", "exec"), ns)
    dis.dis(ns["h"])


show("def h(a, b):\n    if a and b:\n        return a[b] + 1\n    return f'{a!r:{b}}'\n")
show("def h(x):\n    for i in x:\n        try:\n            x.m(i)\n        except KeyError as e:\n            continue\n")
show("def h(x):\n    match x:\n        case [1, y] if y:\n            return y\n        case {'k': z}:\n            return z\n")

# An Interactive tree may hold several statements.
inter = ast.Interactive(body=ast.parse("1 + 1\nprint('second')\n'third'").body)
exec(compile(inter, "<single>", "single"))

# Compile errors keep the tree's positions; there is no source line.
for src in ["match x:\n case {\"k\": 1, 'k': 2}: pass", "match x:\n case {-1: 1, -1: 2}: pass", "return 1", "def f():\n    x = 1\n    nonlocal x\n", "async def f():\n    yield from x\n"]:
    try:
        compile(ast.parse(src), "<ast>", "exec")
    except SyntaxError as exc:
        print(exc.msg, exc.lineno, exc.offset, exc.end_lineno, exc.end_offset, exc.text)

# The tree checks still run first.
for bad in [
    ast.fix_missing_locations(
        ast.Module(body=[ast.Expr(value=ast.Name(id=3, ctx=ast.Load()))], type_ignores=[])
    ),
    ast.Module(body=[ast.Pass()], type_ignores=[]),
    ast.fix_missing_locations(
        ast.Module(body=[ast.Expr(value=ast.Compare(left=ast.Constant(1), ops=[], comparators=[]))], type_ignores=[])
    ),
]:
    try:
        compile(bad, "<bad>", "exec")
    except (TypeError, ValueError) as exc:
        print(type(exc).__name__, exc)
# Malformed trees are refused as CPython refuses them.
cases = {
 "empty def body": "ast.Module([ast.FunctionDef('f', ast.arguments([], [], None, [], [], None, []), [], [])], [])",
 "empty if body": "ast.Module([ast.If(ast.Constant(1), [], [])], [])",
 "store in load": "ast.Module([ast.Expr(ast.Name('x', ast.Store()))], [])",
 "load target": "ast.Module([ast.Assign([ast.Name('x', ast.Load())], ast.Constant(1))], [])",
 "empty try": "ast.Module([ast.Try([ast.Pass()], [], [], [])], [])",
 "empty match": "ast.Module([ast.Match(ast.Name('x', ast.Load()), [])], [])",
 "empty boolop": "ast.Module([ast.Expr(ast.BoolOp(ast.And(), []))], [])",
 "empty import": "ast.Module([ast.Import([])], [])",
 "empty with": "ast.Module([ast.With([], [ast.Pass()])], [])",
 "empty delete": "ast.Module([ast.Delete([])], [])",
 "empty assign": "ast.Module([ast.Assign([], ast.Constant(1))], [])",
 "neg level": "ast.Module([ast.ImportFrom('x', [ast.alias('y')], -1)], [])",
 "empty class body": "ast.Module([ast.ClassDef('C', [], [], [], [])], [])",
 "starred load alone": "ast.Module([ast.Expr(ast.Starred(ast.Name('x', ast.Load()), ast.Load()))], [])",
 "bad singleton": "ast.Module([ast.Match(ast.Name('x', ast.Load()), [ast.match_case(ast.MatchSingleton(3), None, [ast.Pass()])])], [])",
 "matchas no name with pattern": "ast.Module([ast.Match(ast.Name('x', ast.Load()), [ast.match_case(ast.MatchAs(ast.MatchValue(ast.Constant(1)), None), None, [ast.Pass()])])], [])",
 "conversion 5": "ast.Module([ast.Expr(ast.JoinedStr([ast.FormattedValue(ast.Constant(1), 5, None)]))], [])",
 "lineno zero": "ast.Module([ast.Expr(ast.Constant(1, lineno=0, col_offset=0))], [])",
 "huge lineno": "ast.Module([ast.Expr(ast.Constant(1, lineno=10**8, col_offset=0))], [])",
 "end before start": "ast.Module([ast.Expr(ast.Constant(1, lineno=5, col_offset=3, end_lineno=2, end_col_offset=0))], [])",
 "nonlocal at module": "ast.Module([ast.Nonlocal(['x'])], [])",
 "empty global": "ast.Module([ast.Global([])], [])",
}
for name, text in cases.items():
    tree = eval(text)
    ast.fix_missing_locations(tree)
    try:
        code = compile(tree, "<m>", "exec")
        try:
            exec(code, {"x": 1})
            print(name, "ran", list(code.co_positions())[:3])
        except Exception as e:
            print(name, "run", type(e).__name__, e)
    except Exception as e:
        print(name, type(e).__name__, e)
sys.stdout.flush()
