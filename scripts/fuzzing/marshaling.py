"""Kind `marshal`: damaged marshal data fed to marshal.loads(), hand-built marshal
streams with lying lengths, and code objects rebuilt by code.replace() with
damaged fields, then run.

Damaged code may crash python3.11 too; such cases only count when python3.11
survives them. Bytecode is damaged without ever creating a backward jump, so
that a damaged loop cannot spin forever.
"""

import marshal
import opcode
import struct

SNIPPETS = [
    "x = 1\ny = x + 2\nprint(y)\n",
    "def f(a, b=2, *c, d=4, **e):\n    return a + b + d\nprint(f(1))\n",
    "class C:\n    def m(self):\n        return [i * 2 for i in range(3)]\nprint(C().m())\n",
    "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    print(type(e).__name__)\nfinally:\n    print('f')\n",
    "def g():\n    yield 1\n    yield from [2, 3]\nprint(list(g()))\n",
    "def outer():\n    v = 5\n    def inner():\n        return v\n    return inner\nprint(outer()())\n",
    "c = (1, 2.5, 3j, 'é', b'x', None, ..., True, frozenset({1, 2}), 2**100, -0.0, ('n', ('e',)))\nprint(c)\n",
    "d = {'a': [1, {2, 3}], 'b': (4,)}\nprint(sorted(d))\n",
    "s = f'{1 + 1!r:>5}'\nprint(s)\n",
    "import sys\nprint(sys.maxsize > 0)\n",
    "with open.__class__ as x:\n    pass\n",
    "async def co():\n    await x\n    async for i in y:\n        pass\n",
    "x = lambda a, /, b, *, c: (a, b, c)\nprint(x(1, 2, c=3))\n",
    "match [1, 2]:\n    case [a, *b]:\n        print(a, b)\n",
]

# Code bodies for code.replace(): no loops, so no backward jumps to begin with.
FUNCTIONS = [
    "def f(a, b=2):\n    c = a + b\n    return [c, a * 2, str(b)]\n",
    "def f(a, b=2):\n    try:\n        return a / b\n    except ZeroDivisionError:\n        return 'zero'\n",
    "def f(a, b=2):\n    x = {'k': a}\n    x['j'] = b\n    return sorted(x.items())\n",
    "def f(a, b=2):\n    if a > b:\n        return a\n    return (a, b) if a else None\n",
    "def f(a, b=2):\n    return f'{a!r}:{b:>4}'\n",
    "def f(a, b=2):\n    g = lambda y: y + a\n    return g(b)\n",
    "def f(a, b=2):\n    yield a\n    yield b\n",
]

BACKWARD_JUMPS = {opcode.opmap[name] for name in opcode.opmap if "BACKWARD" in name}
SAFE_OPCODES = [op for op in range(256) if op not in BACKWARD_JUMPS]

TYPE_CODES = b"0NFT.SEifgxyzlcsuaAZr()[]{}<>tR?IB" + bytes([ord("c") | 0x80, ord("[") | 0x80, ord("u") | 0x80])
LENGTHS = [0, 1, 2, 0x7FFFFFFF, 0xFFFFFFFF, 0x80000000, 1000, 2**20, 0x7FFFFFFE]


def as_bytes_lines(name, data):
    """`name = (...)` with 16 bytes per line."""
    pieces = [data[i:i + 16] for i in range(0, len(data), 16)] or [b""]
    return [f"{name} = ("] + [f"    {piece!r}" for piece in pieces] + [")"]


def damage(rng, data):
    """One random change to a byte string."""
    data = bytearray(data)
    if not data:
        return bytes(rng.choice(TYPE_CODES) for _ in range(3))
    at = rng.randrange(len(data))
    roll = rng.random()
    if roll < 0.3:
        data[at] ^= 1 << rng.randrange(8)
    elif roll < 0.45:
        data[at] = rng.choice(TYPE_CODES)
    elif roll < 0.6:
        data[at:at + 4] = struct.pack("<I", rng.choice(LENGTHS))
    elif roll < 0.7:
        del data[at:]
    elif roll < 0.8:
        del data[at:at + rng.randint(1, 8)]
    elif roll < 0.9:
        data[at:at] = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 8)))
    else:
        chunk = data[at:at + rng.randint(1, 32)]
        data[at:at] = chunk * rng.randint(1, 4)
    return bytes(data)


def damaged_marshal_case(rng):
    data = marshal.dumps(compile(rng.choice(SNIPPETS), "snippet.py", "exec"))
    for _ in range(rng.randint(1, 4)):
        data = damage(rng, data)
    lines = ["import io, marshal"] + as_bytes_lines("data", data)
    lines += ["try:", "    obj = marshal.loads(data)", "    show(type(obj).__name__)",
              "except Exception as e:", "    obj = None", "    print(type(e).__name__)"]
    lines += rng.choice([
        ["try:", "    show(marshal.load(io.BytesIO(data)) is not None)", "except Exception as e:",
         "    print(type(e).__name__)"],
        ["try:", "    show(marshal.loads(marshal.dumps(obj)) == obj)", "except Exception as e:",
         "    print(type(e).__name__)"],
        ["try:", "    show(len(list(obj.co_lines())), len(list(obj.co_positions())))",
         "except Exception as e:", "    print(type(e).__name__)"],
        ["try:", "    if type(obj).__name__ == 'code':", "        exec(obj, {})",
         "except Exception as e:", "    print(type(e).__name__)"],
    ])
    return "\n".join(lines) + "\n"


def element(rng, depth):
    """A hand-built marshal value whose counts may lie."""
    roll = rng.random()
    if depth > 3 or roll < 0.3:
        return rng.choice([b"N", b"T", b"i\x01\x00\x00\x00", b"z\x03abc", b"Z\x01\xff",
                           b"u\x02\x00\x00\x00\xc3\x28", b"l\x01\x00\x00\x00\xff\xff",
                           b"l\xff\xff\xff\x7f\x01\x00", b"g" + struct.pack("<d", 1.5),
                           b"y" + struct.pack("<dd", 1.0, -0.0), b"r\x00\x00\x00\x00",
                           b"r\xff\xff\x00\x00", b"s\x02\x00\x00\x00ab", b"a\x02\x00\x00\x00\xe9x",
                           b"f\x031.5", b"x\x031e9", b"S", b"."])
    code = rng.choice(b"()[]{}<>")
    count = rng.choice([0, 1, 2, 3] + LENGTHS)
    items = b"".join(element(rng, depth + 1) for _ in range(rng.randint(0, 3)))
    if code == ord("{"):  # dicts end with '0'
        return b"{" + items + items + b"0"
    header = bytes([code]) if code != ord(")") else b")" + bytes([count & 0xFF])
    if code != ord(")"):
        header += struct.pack("<I", count)
    if rng.random() < 0.2:
        header = bytes([header[0] | 0x80]) + header[1:]
    return header + items


def built_marshal_case(rng):
    data = element(rng, 0)
    lines = ["import marshal"] + as_bytes_lines("data", data)
    lines += ["try:", "    show(marshal.loads(data))", "except Exception as e:", "    print(type(e).__name__)"]
    if rng.random() < 0.3:
        version = rng.choice([-1, 0, 1, 2, 3, 4, 5, 99, 2**64])
        value = rng.choice(["[[[[[[[[]]]]]]]] * 3", "l", "{1: l}", "(1, 2.5, 'x') * 100", "{frozenset(), ()}",
                            "nest", "object()", "2**10000", "float('nan')", "print.__code__"])
        lines += ["l = []", "l.append(l)", "nest = []", "for _ in range(3000):", "    nest = [nest]",
                  "try:", f"    show(marshal.loads(marshal.dumps({value}, {version})) is not None)",
                  "except Exception as e:", "    print(type(e).__name__)"]
    return "\n".join(lines) + "\n"


def damaged_bytecode(rng, code):
    """co_code with a few instructions changed; never a backward jump."""
    data = bytearray(code)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(0, len(data), 2)
        if rng.random() < 0.5:
            data[at] = rng.choice(SAFE_OPCODES)
        else:
            data[at + 1] = rng.choice([0, 1, 2, 3, 7, 100, 255])
    if rng.random() < 0.1:
        del data[rng.randrange(0, len(data), 2):]
    return bytes(data)


def replacements(rng, code):
    """Keyword arguments for code.replace(), each a damaged field."""
    fields = {
        "co_code": lambda: repr(damaged_bytecode(rng, code.co_code)),
        "co_consts": lambda: rng.choice(["()", "c.co_consts[:-1]", "c.co_consts + (None,)",
                                         "c.co_consts[::-1]", "(1, 'x', None)"]),
        "co_names": lambda: rng.choice(["()", "c.co_names[:-1]", "c.co_names + ('zz',)", "('print',) * 8"]),
        "co_varnames": lambda: rng.choice(["()", "c.co_varnames[:1]", "c.co_varnames + ('q',)"]),
        "co_stacksize": lambda: rng.choice(["0", "1", "2", "1000", "2**31 - 1", "2**31"]),
        "co_nlocals": lambda: rng.choice(["0", "1", "100", "-1"]),
        "co_argcount": lambda: rng.choice(["0", "1", "5", "-1", "2**31"]),
        "co_posonlyargcount": lambda: rng.choice(["1", "3", "-1"]),
        "co_kwonlyargcount": lambda: rng.choice(["1", "3"]),
        "co_flags": lambda: rng.choice(["0", "0x20", "0x80", "0x100", "0x200", "0x4", "0x8", "0xffffffff"]),
        "co_firstlineno": lambda: rng.choice(["0", "-1", "2**31 - 1", "10**6"]),
        "co_linetable": lambda: repr(rng.choice([b"", code.co_linetable[:3],
                                                bytes(rng.getrandbits(8) for _ in range(12)),
                                                damage(rng, code.co_linetable)])),
        "co_exceptiontable": lambda: repr(rng.choice([b"", bytes(rng.getrandbits(8) for _ in range(8)),
                                                     damage(rng, code.co_exceptiontable or b"\x00")])),
        "co_freevars": lambda: repr(rng.choice([("v",), ()])),
        "co_cellvars": lambda: repr(rng.choice([("a",), ("w",), ()])),
        "co_name": lambda: repr(rng.choice(["", "é", "x" * 300])),
        "co_qualname": lambda: repr(rng.choice(["", "a.<locals>.b"])),
    }
    chosen = rng.sample(sorted(fields), rng.choice([1, 1, 1, 2, 2, 3]))
    if rng.random() < 0.4 and "co_code" not in chosen:
        chosen.append("co_code")
    return ", ".join(f"{name}={fields[name]()}" for name in chosen)


def replaced_code_case(rng):
    source = rng.choice(FUNCTIONS)
    namespace = {}
    exec(source, namespace)
    code = namespace["f"].__code__
    lines = ["import dis, marshal, types", source.rstrip("\n"), "c = f.__code__", "try:",
             f"    bad = c.replace({replacements(rng, code)})",
             "except Exception as e:", "    bad = None", "    print(type(e).__name__)"]
    runs = rng.sample([
        "show(types.FunctionType(bad, globals())(1))",
        "show(list(types.FunctionType(bad, globals())(3, 4)))",
        "show(types.FunctionType(bad, globals(), 'g', (5, 6))())",
        "show(len(list(bad.co_lines())))",
        "show(len(list(bad.co_positions())))",
        "show(marshal.loads(marshal.dumps(bad)).co_name)",
        "show(bad.co_varnames, bad.co_nlocals)",
        "show(len(list(dis.get_instructions(bad))))",
        "exec(bad, {})",
    ], rng.randint(1, 3))
    for run in runs:
        lines += ["try:", f"    {run}", "except Exception as e:", "    print(type(e).__name__)"]
    return "\n".join(lines) + "\n"


def generate(rng):
    roll = rng.random()
    if roll < 0.45:
        return damaged_marshal_case(rng)
    if roll < 0.65:
        return built_marshal_case(rng)
    return replaced_code_case(rng)
