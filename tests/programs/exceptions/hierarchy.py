# Catching builtin exceptions by a base class.
cases = [
    (lambda: 1 / 0, ArithmeticError),
    (lambda: [][1], LookupError),
    (lambda: {}["k"], LookupError),
    (lambda: int("x"), ValueError),
    (lambda: undefined_name, NameError),
    (lambda: "a".nope, AttributeError),
    (lambda: 2.0 ** 10000, ArithmeticError),
    (lambda: "é".encode("ascii"), ValueError),
    (lambda: next(iter([])), Exception),
    (lambda: __import__("no_such_module_here"), ImportError),
]
for fn, base in cases:
    try:
        fn()
    except base as e:
        print(base.__name__, "caught", type(e).__name__, "|", e)
for name in ["ZeroDivisionError", "KeyError", "UnicodeEncodeError", "ModuleNotFoundError",
             "RecursionError", "NotImplementedError", "FileNotFoundError", "UnboundLocalError",
             "IndentationError", "TabError", "StopIteration", "KeyboardInterrupt", "SystemExit"]:
    cls = eval(name)
    print(name, [k.__name__ for k in cls.__mro__])
