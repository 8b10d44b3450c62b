# ast.parse with feature_version: constructs newer than the version asked for
# are SyntaxErrors with CPython's messages; older ones parse.
import ast

cases = [
    ("def foo(x, /): ...", 8),
    ("lambda x=1, /: ...", 8),
    ("with (CtxManager() as example): ...", 9),
    ("with (a, b): ...", 9),
    ("with (a) as b: ...", 9),
    ("with (a)(b) as c: ...", 9),
    ("with (open(')') as f): ...", 9),
    ("async def f():\n    async with (a as b): ...", 9),
    ('f"{x=}"', 8),
    ('f"{x}"', 6),
    ("(x := 0)", 8),
    ("try: ...\nexcept* Exception: ...", 11),
    ("match x:\n    case 1: ...", 10),
    ("x: int = 1", 6),
    ("a @ b", 5),
    ("a @= b", 5),
    ("async def f():\n    await x", 5),
    ("async def f():\n    async for x in y: ...", 5),
    ("async def f():\n    [x async for x in y]", 6),
    ("x = 1", 4),
]
for source, version in cases:
    for minor in (version - 1, version):
        try:
            ast.parse(source, feature_version=(3, minor))
            print(f"(3, {minor}) {source!r}: parsed")
        except SyntaxError as e:
            print(f"(3, {minor}) {source!r}: {e.msg} (line {e.lineno})")
for source in ("(y) : int = 1", "a.b: int", "def f(\n    a,\n    /,\n): ..."):
    try:
        ast.parse(source, feature_version=(3, 5))
        print(repr(source), "parsed")
    except SyntaxError as e:
        print(repr(source), e.msg, e.lineno)
