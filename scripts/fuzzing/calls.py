"""Calls of builtin functions and builtin types' methods with odd arguments.

A call is drawn from a spec: comma-separated items, each a letter naming a pool
in values.ARGUMENT_POOLS (or one of the extra letters below), optionally as
`keyword=LETTER`; anything else is copied as is. Then, now and then, the call
is spoiled: an argument dropped, one too many, one of the wrong type, a keyword
that does not exist, or the same keyword twice.
"""

from . import formatting, values

# Letters for arguments values.py does not know.
EXTRA_POOLS = {
    "P": None,  # a format spec, drawn fresh each time
    "H": [repr(text) for text in formatting.HEX_FLOATS],
    "M": ["'B'", "'b'", "'c'", "'H'", "'i'", "'q'", "'d'", "'f'", "'?'", "'P'", "'x'", "'<i'",
          "'@B'", "''", "'BB'", "'Q'", "'e'", "'n'", "5"],
    "K": ["{97: 'xyz', 98: None, 99: 0x110000}", "{100: -1}", "{'e': 'f'}", "{}",
          "str.maketrans('ab', 'ba')", "bytes(range(256))", "{97: 2**64}", "[None] * 3",
          "{ord('a'): 'ﬁ' * 3}", "b'x' * 255"],
    "Q": ["(3, 4)", "(12,)", "()", "(0,)", "(-1, 2)", "(2**64,)", "[2, 2, 3]", "(1,) * 65"],
}

BUILTINS = {
    "int": ["X", "S", "S,I", "S,base=I", "B,I", "", "F", "x=X", "S,0", "'0x1f',16"],
    "float": ["X", "S", "B", "", "F"],
    "complex": ["N", "N,N", "S", "S,N", "real=X", "imag=X", "X,X"],
    "str": ["X", "B,E", "B,E,R", "B,encoding=E,errors=R", "object=X", "B,errors=R"],
    "bytes": ["X", "S,E", "S,E,R", "Z", "W", "S", "L"],
    "bytearray": ["X", "S,E", "S,E,R", "Z", "W", "L"],
    "bool": ["X"],
    "format": ["X,P", "N,P", "S,P", "X"],
    "round": ["N", "N,G", "F,G", "I,G", "F,n", "X,G"],
    "pow": ["F,N", "I,I,I", "N,n", "I,n,I", "I,-1,I", "F,F", "base=N,exp=n"],
    "divmod": ["N,N", "X,X", "I,F"],
    "sorted": ["W", "W,key=C", "W,reverse=X", "W,key=C,reverse=X", "X"],
    "min": ["W", "X,X", "W,key=C", "W,default=X", "X,X,key=C", "", "X,X,X"],
    "max": ["W", "X,X", "W,key=C", "W,default=X", "X,X,key=C", "", "X,X,X"],
    "sum": ["W", "W,X", "W,start=X", "L", "[[1], [2]],[]", "[0.1] * 10", "[1e308, 1e308, -1e308]"],
    "zip": ["W,W", "W,W,strict=X", "W", "", "W,W,W"],
    "map": ["C,W", "C,W,W", "C"],
    "filter": ["C,W", "None,W", "X,X"],
    "enumerate": ["W", "W,I", "W,start=I", "X"],
    "reversed": ["X", "W", "L"],
    "iter": ["X", "C,X", "W"],
    "next": ["iter(W)", "iter(W),X", "X"],
    "hash": ["X", "N"],
    "repr": ["X"],
    "ascii": ["X", "S"],
    "chr": ["I", "X"],
    "ord": ["S", "B", "X"],
    "bin": ["I", "X"],
    "oct": ["I", "X"],
    "hex": ["I", "X"],
    "isinstance": ["X,T"],
    "issubclass": ["T,T", "X,T"],
    "getattr": ["X,A", "X,A,X"],
    "setattr": ["X,A,X"],
    "delattr": ["X,A"],
    "hasattr": ["X,A"],
    "len": ["X"],
    "abs": ["X", "N"],
    "any": ["W", "X"],
    "all": ["W", "X"],
    "range": ["I", "I,I", "I,I,I", "Z,Z,Z", "X"],
    "slice": ["X", "X,X", "X,X,X"],
    "memoryview": ["B", "X"],
    "dict": ["", "X", "W", "a=X", "X,a=X", "[(1, 2), 'ab']", "D,**D"],
    "list": ["", "W", "X"],
    "tuple": ["W", "X"],
    "set": ["", "W", "X"],
    "frozenset": ["W", "X"],
    "callable": ["X"],
    "type": ["X", "S,(),{}", "S,(int,),{'x': 1}", "S,X,X"],
    "eval": ["S", "'1 +'", "'(' * 50 + ')' * 50", "S,D"],
    "vars": ["X"],
    "dir": ["X"],
    "id": [],  # never called: the results differ by design
}
del BUILTINS["id"]

# Builtins whose results depend on the implementation (attribute listings,
# hashes of default objects): only their result's type is printed.
TYPE_ONLY = {"dir", "vars", "hash"}

METHODS = {
    "str": {
        "split": ["", "S", "S,I", "sep=S,maxsplit=I", "None,I"],
        "rsplit": ["", "S", "S,I", "sep=S,maxsplit=I", "None,I"],
        "join": ["W", "L", "['a', 1]"],
        "replace": ["S,S", "S,S,I", "S,S,count=I"],
        "center": ["Z", "Z,S"], "ljust": ["Z", "Z,S"], "rjust": ["Z", "Z,S"],
        "zfill": ["Z"], "expandtabs": ["", "I", "tabsize=I"],
        "encode": ["", "E", "E,R", "encoding=E,errors=R", "errors=R"],
        "translate": ["K", "X"], "format": ["X", "X,X", "a=X"], "format_map": ["D", "X"],
        "partition": ["S", "X"], "rpartition": ["S", "X"],
        "count": ["S", "S,I", "S,I,I", "S,None,I"], "find": ["S", "S,I", "S,I,I", "S,None,I"],
        "rfind": ["S", "S,I,I"], "index": ["S", "S,I,I"], "rindex": ["S", "S,I,I"],
        "startswith": ["S", "(S, S)", "S,I,I", "()"], "endswith": ["S", "(S, S)", "S,I,I"],
        "strip": ["", "S", "None"], "lstrip": ["S"], "rstrip": ["S"],
        "splitlines": ["", "X", "keepends=X"], "removeprefix": ["S"], "removesuffix": ["S"],
        "__mod__": ["X"], "__getitem__": ["I", "slice(I, I, I)"], "__mul__": ["Z"],
        "isidentifier": [""], "isnumeric": [""], "casefold": [""], "upper": [""], "title": [""],
    },
    "bytes": {
        "decode": ["", "E", "E,R", "encoding=E,errors=R"], "hex": ["", "S", "S,I", "B,I"],
        "split": ["", "B", "B,I", "None,I"], "join": ["W", "[b'a', bytearray(b'b'), memoryview(b'c')]"],
        "count": ["B", "I", "B,I,I"], "find": ["B", "I", "B,I,I"], "index": ["I", "B,I,I"],
        "translate": ["B", "None", "None,B", "K"], "center": ["Z", "Z,B"], "zfill": ["Z"],
        "replace": ["B,B", "B,B,I"], "partition": ["B"], "strip": ["", "B"],
        "expandtabs": ["I"], "startswith": ["B", "(B,)", "S"], "__mod__": ["X"],
        "splitlines": ["", "X"], "removeprefix": ["B"], "ljust": ["Z", "Z,B"],
    },
    "bytearray": {
        "append": ["I", "X"], "extend": ["W", "B", "X"], "insert": ["I,I", "I,X"],
        "pop": ["", "I"], "remove": ["I"], "decode": ["E", "E,R"], "hex": ["S,I"],
        "translate": ["B", "None,B"], "__setitem__": ["I,I", "slice(I, I, I),B", "I,X"],
        "__delitem__": ["I", "slice(I, I, I)"], "__imul__": ["Z"], "__iadd__": ["B"],
        "center": ["Z", "Z,B"], "replace": ["B,B,I"], "split": ["B,I"],
    },
    "list": {
        "append": ["X"], "extend": ["W", "X"], "insert": ["I,X"], "pop": ["", "I"],
        "index": ["X", "X,I", "X,I,I"], "remove": ["X"], "count": ["X"],
        "sort": ["", "key=C", "reverse=X", "key=C,reverse=X", "X"],
        "__setitem__": ["I,X", "slice(I, I, I),W"], "__delitem__": ["I", "slice(I, I, I)"],
        "__imul__": ["Z"], "__iadd__": ["W"], "__init__": ["W"], "__getitem__": ["I", "slice(I, I, I)"],
        "__mul__": ["Z"], "__contains__": ["X"], "__lt__": ["X"], "__reversed__": [""],
    },
    "tuple": {"index": ["X", "X,I,I"], "count": ["X"], "__getitem__": ["I", "slice(I, I, I)"],
              "__mul__": ["Z"], "__add__": ["X"]},
    "dict": {
        "get": ["X", "X,X"], "setdefault": ["X", "X,X"], "pop": ["X", "X,X"], "popitem": [""],
        "update": ["X", "a=X", "W", "D,b=X"], "keys": [""], "values": [""], "items": [""],
        "__or__": ["X"], "__ior__": ["X"], "__getitem__": ["X"], "__delitem__": ["X"],
        "__init__": ["W", "a=X"], "__eq__": ["D"], "__reversed__": [""],
    },
    "set": {
        "add": ["X"], "discard": ["X"], "remove": ["X"], "pop": [""], "update": ["W", "W,W"],
        "union": ["W", "W,W"], "intersection": ["W", "W,W"], "difference": ["W"],
        "symmetric_difference": ["W"], "issubset": ["W"], "issuperset": ["W"],
        "isdisjoint": ["W"], "intersection_update": ["W"], "__ixor__": ["X"], "__le__": ["X"],
    },
    "frozenset": {"union": ["W"], "issubset": ["W"], "__or__": ["X"], "__contains__": ["X"]},
    "int": {
        "to_bytes": ["Z,O", "Z,O,signed=X", "", "length=Z,byteorder=O", "Z"],
        "bit_length": [""], "bit_count": [""], "as_integer_ratio": [""],
        "__round__": ["G"], "__format__": ["P"], "__pow__": ["I,I"], "__truediv__": ["X"],
        "__lshift__": ["n"], "__rshift__": ["I"], "__floordiv__": ["N"], "__mod__": ["N"],
    },
    "float": {
        "hex": [""], "as_integer_ratio": [""], "is_integer": [""], "__round__": ["G", ""],
        "__format__": ["P"], "__trunc__": [""], "__mod__": ["N"], "__divmod__": ["N"],
        "__pow__": ["N"], "__floordiv__": ["N"],
    },
    "complex": {"conjugate": [""], "__format__": ["P"], "__pow__": ["N"], "__truediv__": ["N"]},
    "range": {"index": ["X"], "count": ["X"], "__getitem__": ["I", "slice(I, I, I)"],
              "__contains__": ["X"], "__reversed__": [""], "__eq__": ["X"]},
    "memoryview": {
        "tobytes": ["", "S", "None"], "tolist": [""], "cast": ["M", "M,Q"], "hex": ["", "S,I"],
        "__getitem__": ["I", "slice(I, I, I)", "(I, I)"], "release": [""], "toreadonly": [""],
        "__setitem__": ["I,I", "slice(I, I),B"], "__len__": [""], "__eq__": ["X"],
    },
    "slice": {"indices": ["I", "Z"]},
}

CLASS_METHODS = {
    "bytes.fromhex": ["S", "H", "X"], "bytearray.fromhex": ["S"], "float.fromhex": ["H", "X"],
    "int.from_bytes": ["B,O", "B,O,signed=X", "L,O", "B", "W,O"], "str.maketrans": ["S,S", "S,S,S", "D", "K", "X"],
    "bytes.maketrans": ["B,B", "B,S"], "dict.fromkeys": ["W", "W,X", "X"],
    "str.__new__": ["T", "str,X"], "int.__new__": ["int,X", "bool,1"], "object.__new__": ["T"],
    "type.__call__": ["T,X"], "str.join": ["S,W"], "list.__new__": ["X"],
}

MEMORYVIEWS = [
    "memoryview(b'abcdef')", "memoryview(bytearray(b'abcd'))", "memoryview(bytes(range(8))).cast('i')",
    "memoryview(bytes(range(12))).cast('B', (3, 4))", "memoryview(b'')", "memoryview(b'abc')[::-1]",
]

RECEIVERS = dict(values.BY_TYPE, memoryview=MEMORYVIEWS)

SKIPPED_METHODS = {"__sizeof__", "__dir__", "__subclasshook__", "__init_subclass__", "__class__",
                   "__doc__", "__hash__", "__getstate__", "__reduce__", "__reduce_ex__"}


def public_methods(type_name):
    """Names of the type's methods as python3.11 has them, minus a few with
    implementation-specific results."""
    kind = memoryview if type_name == "memoryview" else eval(type_name)
    return sorted(name for name in dir(kind)
                  if name not in SKIPPED_METHODS and callable(getattr(kind, name, None)))


METHOD_NAMES = {name: public_methods(name) for name in METHODS}


def expand(rng, item):
    """Source for one spec item."""
    keyword, _, letter = item.partition("=") if "=" in item and item.split("=")[0].isidentifier() else ("", "", item)
    if letter == "P":
        text = repr(formatting.format_spec(rng))
    elif letter in EXTRA_POOLS:
        text = rng.choice(EXTRA_POOLS[letter])
    elif len(letter) == 1 and (letter in values.ARGUMENT_POOLS or letter == "X"):
        text = values.argument(rng, letter)
    elif letter.startswith("**"):
        text = "**" + expand(rng, letter[2:])
    elif letter.startswith(("iter(", "slice(", "(")):
        opening = letter.index("(") + 1
        inner = split_spec(letter[opening:-1])
        trailer = "," if len(inner) == 1 and letter[:-1].endswith(",") else ""
        text = letter[:opening] + ", ".join(expand(rng, x) for x in inner) + trailer + ")"
    else:
        text = letter
    return f"{keyword}={text}" if keyword else text


def spoil(rng, positional, keywords):
    """Make the call wrong in one way (keeping it valid syntax)."""
    roll = rng.random()
    if roll < 0.2 and positional:
        positional.pop(rng.randrange(len(positional)))
    elif roll < 0.45:
        positional.append(values.any_value(rng))
    elif roll < 0.65 and positional:
        positional[rng.randrange(len(positional))] = values.any_value(rng)
    elif roll < 0.9:
        name = rng.choice(values.KEYWORD_NAMES)
        if not any(k.startswith(name + "=") for k in keywords):
            value = values.any_value(rng)
            keywords.append(f"{name}={value}" if roll < 0.8 else f"**{{{name!r}: {value}}}")
    elif positional:
        positional[:] = ["*[" + ", ".join(positional) + "]"]


def split_spec(spec):
    """The spec's items; commas inside brackets do not split."""
    items, depth = [], 0
    for piece in spec.split(","):
        if depth:
            items[-1] += "," + piece
        else:
            items.append(piece)
        depth += piece.count("(") + piece.count("[") - piece.count(")") - piece.count("]")
    return [item.strip() for item in items if item.strip()]


def arguments_from(rng, specs):
    """Arguments for a call: from one of the specs, sometimes spoiled."""
    positional, keywords = [], []
    for item in split_spec(rng.choice(specs) if specs else ""):
        text = expand(rng, item)
        is_keyword = item.startswith("**") or ("=" in item and item.split("=")[0].isidentifier())
        (keywords if is_keyword else positional).append(text)
    if rng.random() < 0.3:
        spoil(rng, positional, keywords)
    return ", ".join(positional + keywords)


def random_arguments(rng):
    """Zero to three arguments of any type, sometimes with a keyword."""
    arguments = [values.any_value(rng) for _ in range(rng.choice([0, 1, 1, 2, 2, 3]))]
    if rng.random() < 0.2:
        arguments.append(f"{rng.choice(values.KEYWORD_NAMES)}={values.any_value(rng)}")
    return ", ".join(arguments)


def builtin_call(rng):
    """(source, whether only the type of the result is printable)."""
    name = rng.choice(sorted(BUILTINS))
    return f"{name}({arguments_from(rng, BUILTINS[name])})", name in TYPE_ONLY


def method_call(rng, receiver=None, type_name=None):
    """A method call on a receiver of a builtin type (drawn when not given)."""
    if type_name is None:
        type_name = rng.choice(sorted(METHODS))
    if receiver is None:
        receiver = rng.choice(RECEIVERS[type_name])
    targeted = METHODS[type_name]
    if rng.random() < 0.6:
        name = rng.choice(sorted(targeted))
        arguments = arguments_from(rng, targeted[name])
    else:
        name = rng.choice(METHOD_NAMES[type_name])
        arguments = arguments_from(rng, targeted[name]) if name in targeted else random_arguments(rng)
    if " " in receiver or receiver[0].isdigit() or receiver[0] == "-":
        receiver = f"({receiver})"
    return f"{receiver}.{name}({arguments})"


def class_method_call(rng):
    name = rng.choice(sorted(CLASS_METHODS))
    return f"{name}({arguments_from(rng, CLASS_METHODS[name])})"


def any_call(rng):
    """(source, type_only) for a builtin, method or class method call."""
    roll = rng.random()
    if roll < 0.4:
        return builtin_call(rng)
    if roll < 0.9:
        return method_call(rng), False
    return class_method_call(rng), False
