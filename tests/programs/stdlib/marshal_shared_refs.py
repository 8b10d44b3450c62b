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
    # A function's constant equal to its qualname stays apart from co_qualname.
    "function qualname": (
        "class A:\n"
        "    def f(self):\n"
        "        return 'A.f'\n"
    ),
    # An identifier of one latin-1 character is the cached character itself.
    "latin-1 identifier": (
        "def f(\u00e4):\n"
        "    return \u00e4, '\u00e4'\n"
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
    # Equal frozensets written in another order are one constant.
    "frozenset order": (
        "def f(tag):\n"
        "    return tag in {'a b', 'c d', 'e f'}\n"
        "def g(tag):\n"
        "    return tag in {'e f', 'a b', 'c d'}\n"
    ),
    # Names interned first by this compilation's constants are interned in place.
    "frozenset of new names": (
        "def f():\n"
        "    g({'xq1', 'yq1', 'zq1'})\n"
        "def h():\n"
        "    g({'xq1', 'yq1', 'zq1'})\n"
        "    g(1)\n"
    ),
    # One-character names interned before the compilation are swapped in.
    "frozenset of characters": (
        "def f():\n"
        "    g({'x', 'y', 'z'})\n"
        "def h():\n"
        "    g({'x', 'y', 'z'})\n"
        "    g(1)\n"
    ),
}

for label, source in SOURCES.items():
    code = compile(source, "shared.py", "exec")
    data = marshal.dumps(code)
    print(label, len(data))
    print(data.hex())
