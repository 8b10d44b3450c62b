# ast.parse of varied code, dumped with positions: the tree shapes and the UTF-8
# byte columns must be python3.11's.
import ast

SOURCES = [
    "x = 1\ny: int = 2\nz += 3\ndel x, y\n",
    '"""doc"""\nimport os.path as p, sys\nfrom . import (a as b, c)\nfrom ..m import *\n',
    "@dec\n@dec2(1)\nasync def f(a, /, b=1, *args, c, d=2, **kw) -> int:\n    await g()\n    return [i async for i in h() if i]\n",
    "@cls_dec\nclass C(B, metaclass=M):\n    x: int\n    def m(self): yield; yield from y\n",
    "if a: pass\nelif b: pass\nelif c:\n    pass\nelse:\n    q = 1; r = 2;\n",
    "for i, j in x: continue\nelse: break\nwhile not x: x -= 1\n",
    "try:\n    pass\nexcept (A, B) as e:\n    raise C from e\nexcept:\n    raise\nelse: pass\nfinally: pass\n",
    "try:\n    pass\nexcept* E:\n    pass\n",
    "with a as b, c: pass\nasync def g():\n    async with x: pass\n    async for y in z: pass\n",
    "match p:\n    case 1 | 2: pass\n    case [a, *rest]: pass\n    case {'k': v, **kw}: pass\n    case Point(x=0, y=_) if x: pass\n    case None | True: pass\n    case str() as s: pass\n    case -1 | 1+2j: pass\n",
    "f(x for x in y)\n(a for b in c)\n{k: v for k, v in d.items()}\n{s for s in t}\n",
    "x = f'a{b!r:>{w}} c' 'd' f'{e=}' f'{g:02d}'\ny = f'''{\n  z\n}'''\n",
    "s = 'héllo' + u'wörld' + b'\\x00'.decode()\nπ = 'ü'; ñ = {'ké': π}\n",
    "lambda: 0\nlambda x, *, y=1: x\na if b else c\n(n := 10)\nx[1:2, ::3]\nx[...]\n",
    "a < b <= c is not d not in e\nnot a and b or c\n-x ** ~y // z @ w\n",
    "global g\ndef f():\n    nonlocal n\nassert x, 'msg'\n",
    "x = 123456789012345678901234567890 + 0x_ff + 1.5e3 + 3j + ...\n",
    "print(*a, **k, sep='')\nd = {**a, 'b': 1}\n[*a, *b] = c\n",
]

for src in SOURCES:
    print(ast.dump(ast.parse(src), include_attributes=True))
    print()

print(ast.dump(ast.parse("1 + 2", mode="eval"), include_attributes=True))
print(ast.dump(ast.parse("x = 1", mode="single")))
print(ast.dump(ast.parse("x"), indent=2))

for bad in ["x = (", "def f(:\n  pass", "1 = x", "f(**a, *b)"]:
    try:
        ast.parse(bad)
    except SyntaxError as e:
        print("SyntaxError", e.msg, e.lineno, e.offset)

# The context and operator nodes are shared instances, as CPython's parser makes them.
t = ast.parse("a + b; c + d")
print(t.body[0].value.op is t.body[1].value.op, t.body[0].value.left.ctx is t.body[1].value.left.ctx)
print(type(ast.parse("x").body[0].value.ctx).__name__)

# Signature type comments (mode='func_type').
for sig in ["(int, *str) -> List[int]", "() -> None", "(a) -> 'x->y'", "(int, **kw) -> Dict[str, int]"]:
    print(ast.dump(ast.parse(sig, mode="func_type"), include_attributes=True))
