# SyntaxErrors raised by compile() can be caught and inspected.
sources = [
    "x = (1,",
    "return 5",
    "def f():\n    nonlocal y",
    "1 = x",
    "for x in y:\nbreak",
    "a b",
    "f(x for x in y, 1)",
    "del f()",
    "x += 1 = 2",
    "lambda: (yield)",
    "def f(a, a): pass",
    "def f(a=1, b): pass",
    "f(**k, *a)",
    "class C:\n  return",
]
for src in sources:
    try:
        compile(src, "<test>", "exec")
        print("compiled", repr(src))
    except SyntaxError as e:
        print(repr(src), "->", type(e).__name__, e.msg, e.lineno, e.offset)
