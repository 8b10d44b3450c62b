# Which objects of compiled code marshal writes with FLAG_REF (shared) depends on
# which of them CPython's compiler makes one object; each source shows one case.
import marshal

SOURCES = {
    # A class body's qualname constant is its co_qualname; a second class of the
    # same qualname has its own co_qualname.
    "class qualname": (
        "def f():\n"
        "    class A:\n"
        "        x = 1\n"
        "    class A:\n"
        "        y = 2\n"
        "    return A\n"
    ),
    # Equal constants tuples of two code objects are one tuple, so a number in
    # it is held once.
    "shared consts tuple": (
        "def f():\n"
        "    return [g(2001, i) for i in x]\n"
        "def h():\n"
        "    return [g(2001, i) for i in x]\n"
    ),
    # A frozenset whose strs were interned before is rebuilt by each code object.
    "frozenset rebuilt": (
        "def f(tag):\n"
        "    return tag in {'replace', 'delete'}\n"
        "def g(tag):\n"
        "    return tag in {'replace', 'delete'}\n"
        "replace = delete = 1\n"
    ),
    "frozenset kept": (
        "def f(tag):\n"
        "    return tag in {'a b', 'c d'}\n"
        "def g(tag):\n"
        "    return tag in {'a b', 'c d'}\n"
    ),
}

for label, source in SOURCES.items():
    code = compile(source, "shared.py", "exec")
    data = marshal.dumps(code)
    print(label, len(data))
    print(data.hex())
