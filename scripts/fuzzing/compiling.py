"""Kind `compile`: mutated source fed to compile() and ast.parse(), and mutated
syntax trees fed to compile().

The mutated text is a string in the case (one line of it per source line, so
shrinking by lines shrinks the text too), and is only ever passed to compile()
inside try/except: SyntaxError and friends are fine, a crash is not.
"""

import ast
import functools
import os

LIBRARY = "/usr/lib/python3.11"

TOKENS = [
    "(", ")", "[", "]", "{", "}", ":", ",", ";", ".", "lambda", "lambda x:", "yield", "await",
    "async", "*", "**", "=", ":=", "->", "f'", 'f"', "f'{", "'''", '"""', "\\", "\t", "\x00",
    "é", "ℌ", "\u00a0", "\ufeff", "\x0c", "\r", "\u2028", "if", "else", "match", "case", "_",
    "...", "@", "global x", "nonlocal x", "return", "from __future__ import annotations",
    "break", "continue", "del", "*a", "**k", "\n", "\n    ", "    ", "#", "0x", "1_", "1e",
    "not", "is not", "class", "def", "try:", "except*", "finally:", "with", "import", "from",
    "print", "$", "?", "!", "`", "0", "'", '"', "__debug__", "None =", "__class__", "super()",
    "yield from", "async for", "await x", "b'\\x'", "'\\N{", "r'\\'", "u'", "rb'", "\\\n",
]

# Repeated N times: deep nesting and long flat chains stress recursive code.
NESTINGS = [
    ("(", ""), ("[", ""), ("{", ""), ("-", ""), ("not ", ""), ("lambda: ", ""), ("f'{", ""),
    ("(", ")"), ("[", "]"), ("x.", ""), ("+1", ""), ("[0]", ""), ("(1,", ")"), ("await ", ""),
    ("if x:\n" , ""), ("a if b else ", ""), ("*", ""), ("x, ", ""), ("@d\n", ""), ("~", ""),
    ("{1: ", "}"), ("1 < ", ""), ("f(", ")"), ("x and ", ""), ("**", ""), ("yield ", ""),
]
DEPTHS = [10, 50, 100, 199, 200, 201, 500, 1000, 3000, 10000, 50000]


@functools.lru_cache(maxsize=None)
def library_files():
    """CPython's own .py files, sorted so that a seed picks the same ones."""
    found = []
    for folder, subfolders, files in os.walk(LIBRARY):
        subfolders[:] = sorted(d for d in subfolders if d not in ("site-packages", "dist-packages"))
        found += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".py")]
    return found


@functools.lru_cache(maxsize=256)
def read_lines(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return f.read().splitlines(keepends=True)


def excerpt(rng):
    """Up to 80 lines of a library file, from its start or from anywhere."""
    lines = read_lines(rng.choice(library_files()))
    length = rng.randint(5, 80)
    start = 0 if rng.random() < 0.4 or len(lines) <= length else rng.randrange(len(lines) - length)
    return "".join(lines[start:start + length]) or "pass\n"


def mutate(rng, text):
    """One random change to the text."""
    lines = text.splitlines(keepends=True) or ["\n"]
    roll = rng.random()
    where = rng.randrange(len(lines))
    if roll < 0.12:
        del lines[where]
    elif roll < 0.2:
        lines.insert(where, lines[rng.randrange(len(lines))])
    elif roll < 0.28:
        other = rng.randrange(len(lines))
        lines[where], lines[other] = lines[other], lines[where]
    elif roll < 0.33:
        lines[where] = " " * rng.choice([1, 2, 3, 4, 8]) + lines[where]
    else:
        text = "".join(lines)
        at = rng.randint(0, len(text))
        if roll < 0.45:
            return text[:at] + text[at + rng.randint(1, 20):]
        if roll < 0.75:
            return text[:at] + rng.choice(TOKENS) + text[at:]
        if roll < 0.8:
            return text[:at]
        if roll < 0.92:
            opening, closing = rng.choice(NESTINGS)
            depth = rng.choice(DEPTHS)
            return text[:at] + opening * depth + "x" + closing * depth + text[at:]
        if roll < 0.96:
            return text[:at] + chr(rng.choice([0xD800, 0xDFFF, 0xFFFF, 0x10FFFF, 0x85, 0x2029, 0x1F600])) + text[at:]
        return text[:at] + text[at:at + 40] * rng.randint(2, 50) + text[at:]
    return "".join(lines)


def as_source_lines(name, text):
    """`name = (...)` with one string literal per line of text."""
    pieces = text.splitlines(keepends=True) or [""]
    return [f"{name} = ("] + [f"    {piece!r}" for piece in pieces] + [")"]


CALLS = [
    ("compile(src, 'm.py', 'exec')", 30),
    ("compile(src, 'm.py', 'exec', dont_inherit=True, optimize=2)", 5),
    ("compile(src, 'm.py', 'eval')", 8),
    ("compile(src, 'm.py', 'single')", 8),
    ("compile(src.encode('utf-8', 'surrogateescape'), 'm.py', 'exec')", 6),
    ("compile(src, 'm.py', 'exec', flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)", 4),
    ("compile(src, 'm.py', 'exec', flags=ast.PyCF_TYPE_COMMENTS | ast.PyCF_ONLY_AST)", 4),
    ("ast.parse(src)", 12),
    ("ast.parse(src, type_comments=True)", 4),
    ("ast.parse(src, feature_version=(3, 4))", 3),
    ("ast.parse(src, mode='eval')", 3),
    ("compile(src, 'm.py', 'func_type', flags=ast.PyCF_ONLY_AST)", 2),
    ("compile(ast.parse(src), 'm.py', 'exec')", 6),
    ("compile(('# coding: ' + coding + '\\n' + src).encode('latin-1', 'replace'), 'm.py', 'exec')", 3),
]
CODINGS = ["'utf-8'", "'latin-1'", "'bogus'", "'utf-16'", "'ascii'", "'cp1252'", "''", "'utf-8-sig'"]

# What is printed after a successful call: deterministic facts only.
SUMMARIES = [
    "show(type(result).__name__)",
    "show(len(list(result.co_lines())) if hasattr(result, 'co_lines') else ast.dump(result)[:80])",
    "show(len(list(result.co_positions())) if hasattr(result, 'co_positions') else len(ast.dump(result)))",
    "show(ast.unparse(result)[:80] if isinstance(result, ast.AST) else result.co_names[:5])",
]


def mutated_source_case(rng):
    text = excerpt(rng)
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
        text = mutate(rng, text)
    calls = [call for call, weight in CALLS for _ in range(weight)]
    lines = ["import ast", f"coding = {rng.choice(CODINGS)}"] + as_source_lines("src", text)
    for call in rng.sample(calls, rng.randint(1, 3)):
        lines += ["try:", f"    result = {call}", f"    {rng.choice(SUMMARIES)}",
                  "except Exception as e:", "    print(type(e).__name__)"]
    return "\n".join(lines) + "\n"


# Small valid programs whose trees get spoiled.
SNIPPETS = [
    "x = 1 + 2 * y\nprint(x)\n",
    "def f(a, b=1, *c, d, **e):\n    return a + b\n",
    "class C(B, metaclass=M):\n    x: int = 3\n    def m(self):\n        return super().m()\n",
    "for i in range(3):\n    if i:\n        break\nelse:\n    pass\n",
    "try:\n    pass\nexcept E as e:\n    raise\nfinally:\n    x = 1\n",
    "with a as b, c:\n    del b\n",
    "[x for x in y if x for z in x]\n{k: v for k, v in d}\n(a for a in b)\n",
    "async def f():\n    async with a:\n        await b\n    async for x in y:\n        yield x\n",
    "match p:\n    case [1, *r]:\n        pass\n    case {'a': b, **k}:\n        pass\n    case C(x=1) | None:\n        pass\n",
    "f'{a!r:>{w}}' + b'x' + 'y'\n",
    "lambda a, /, b=2, *, c: (a, b, c)\n",
    "x[1:2, ::3] = y.z = w = (yield)\n",
    "global g\nnonlocal n\nimport a.b as c\nfrom . import d\n",
    "assert x, 'msg'\nraise E from F\n",
    "a < b <= c != d is not e in f\nnot a and b or c\n",
]

# Replacements for a field of a node: wrong types, wrong node kinds, edge values.
REPLACEMENTS = [
    "None", "[]", "1", "'x'", "ast.Name('x', ast.Store())", "ast.Name('x', ast.Load())",
    "ast.Pass()", "ast.Constant([1])", "ast.Constant(object())", "ast.Constant(...)",
    "ast.Expr(ast.Constant(1))", "[ast.Pass()]", "[None]", "ast.Del()", "ast.Load()",
    "ast.Starred(ast.Name('x', ast.Load()), ast.Load())", "ast.Constant(2**1000)",
    "ast.Name('None', ast.Load())", "ast.Name('', ast.Load())", "ast.Name('1x', ast.Load())",
    "ast.arguments()", "ast.Slice()", "ast.Yield()", "ast.Await(ast.Constant(1))",
    "ast.MatchStar('_')", "ast.Constant(b'x', kind='u')", "-1", "2**31", "ast.Add()",
    "ast.Constant(frozenset({1}))", "ast.Constant(1j)", "ast.Lambda(None, None)",
]

POSITION_FIELDS = ["lineno", "col_offset", "end_lineno", "end_col_offset"]
POSITIONS = ["-1", "0", "2**31", "-2**31", "2**63", "None", "10**6"]


def node_paths(tree):
    """(path, node) for every node, the path as Python source from `tree`."""
    found, stack = [], [("tree", tree)]
    while stack:
        path, node = stack.pop()
        found.append((path, node))
        for field, value in ast.iter_fields(node):
            if isinstance(value, ast.AST):
                stack.append((f"{path}.{field}", value))
            elif isinstance(value, list):
                stack += [(f"{path}.{field}[{i}]", v) for i, v in enumerate(value) if isinstance(v, ast.AST)]
    return found


def spoil_tree(rng, tree):
    """A statement that damages one node of the tree."""
    path, node = rng.choice(node_paths(tree))
    fields = list(node._fields)
    roll = rng.random()
    if roll < 0.25 and node._attributes:
        return f"{path}.{rng.choice(POSITION_FIELDS)} = {rng.choice(POSITIONS)}"
    if roll < 0.35 and (fields or node._attributes):
        return f"del {path}.{rng.choice(fields + list(node._attributes))}"
    if roll < 0.45:
        depth = rng.choice(DEPTHS)
        return (f"deep = ast.Constant(1)\nfor _ in range({depth}):\n"
                f"    deep = ast.BinOp(deep, ast.Add(), ast.Constant(1))\n"
                f"{path if fields else 'tree.body[0]'}{'.' + fields[0] if fields else ''} = deep")
    if fields:
        return f"{path}.{rng.choice(fields)} = {rng.choice(REPLACEMENTS)}"
    return f"{path} = {rng.choice(REPLACEMENTS)}" if "[" in path else "pass"


def spoiled_tree_case(rng):
    snippet = rng.choice(SNIPPETS)
    tree = ast.parse(snippet)
    lines = ["import ast", f"tree = ast.parse({snippet!r})"]
    for _ in range(rng.randint(1, 3)):  # a later path may no longer exist: try
        lines += ["try:"] + ["    " + line for line in spoil_tree(rng, tree).split("\n")]
        lines += ["except Exception as e:", "    print(type(e).__name__)"]
    mode = "'exec'"
    lines += ["try:", f"    code = compile(tree, 'tree.py', {mode})", "    show(code.co_names)",
              "    show(len(list(code.co_positions())))", "except Exception as e:",
              "    print(type(e).__name__)", "try:", "    show(ast.unparse(tree)[:100])",
              "except Exception as e:", "    print(type(e).__name__)"]
    return "\n".join(lines) + "\n"


def generate(rng):
    if rng.random() < 0.25:
        return spoiled_tree_case(rng)
    return mutated_source_case(rng)
