"""Python source for values that tend to sit on edges: pools of literals by type.

Everything here is source text. Sizes stay either small (at most 10**5) or
absurd (2**40 and up): an absurd size fails at once in python3.11 (MemoryError,
OverflowError) while one in between would make it really allocate gigabytes.
Every iterable is short, so loops and consumers over them finish quickly.
"""

# No 2**31: as a size, python3.11 would really allocate (and repr) 2 GB.
INTS = [
    "0", "1", "-1", "2", "3", "7", "-7", "10", "255", "256", "-256", "65535",
    "-2147483648", "-2147483649", "9223372036854775807",
    "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
    "18446744073709551616", "10**20", "-10**30", "2**100", "-3**200",
    "0x7f", "0b1010", "0o777", "1_000_000", "True", "False",
]

# Counts, widths, lengths and indexes: small or absurd, never in between.
SIZES = [
    "-9223372036854775808", "-100", "-1", "0", "1", "2", "3", "5", "8", "17",
    "100", "1000", "100000", "2**40", "2**62", "9223372036854775807",
    "9223372036854775808", "2**64", "10**30", "True",
]

# Digits for round(): python3.11 computes 10**-n for a negative n, so no huge negative ones.
ROUND_DIGITS = ["0", "1", "-1", "2", "-2", "5", "-5", "17", "-20", "308", "-308", "400", "-400",
                "2**63", "10**30", "None", "1.5", "'2'"]

# Small factors for `*` and exponents, so nested products stay bounded.
SMALL_INTS = ["-2", "-1", "0", "1", "2", "3", "7", "64"]

FLOATS = [
    "0.0", "-0.0", "1.5", "-2.5", "0.1", "1e16", "1e308", "-1e308", "5e-324",
    "2.2250738585072014e-308", "float('nan')", "float('inf')", "float('-inf')",
    "1e-7", "123456.789", "2.0**53", "3.141592653589793", "(1/3)", "9007199254740993.0",
    "-1.0", "0.5", "2.5",
]

COMPLEXES = [
    "1j", "-0j", "(1+2j)", "complex(0.0, -0.0)", "complex('nan+infj')",
    "(1e308+1e308j)", "(-1.5-0j)", "complex(float('inf'), 0)",
]

STRS = [
    "''", "'a'", "'abc'", "'Hello World'", "'  padded  '", "'a,b,,c'",
    "'a\\tb\\nc\\r\\nd'", "'ÄÖÜäöüß'", "'日本語テキスト'", "'\\U0001f600x'",
    "chr(0xd800)", "'a' + chr(0xdfff) + 'b'", "'\\x00\\x01'", "'ﬁ ǅ İ ΐ'", "'١٢٣'",
    "'12'", "'-3.5'", "'1_000'", "' 0x1F '", "'1e500'", "'nan'", "'-inf'",
    "'%s %d'", "'{} {0} {x}'", "'{'", "'Σσς'", "'\\u2028\\x85x'", "'ab' * 20",
    "'i̇'", "'\\xa0\\u3000'", "'utf-8'", "'  '", "'\\t\\t'", "'x' * 300",
    "'A1b2_'", "'True'", "'\\x7f\\x80\\xff'", "'\\U0010ffff'",
]

BYTES = [
    "b''", "b'a'", "b'abc'", "b'\\xff\\xfe\\x00'", "b'a b  c'", "b'%s %d'", "b'12'",
    "bytes(range(256))", "b'\\x80abc'", "'é'.encode()", "b'  x  '", "b'\\t\\n'",
    "b'ABCdef'", "b'-1.5'",
]

BYTEARRAYS = [
    "bytearray()", "bytearray(b'abc')", "bytearray(b'\\xff' * 3)",
    "bytearray(range(10))", "bytearray(b'a b c')",
]

LISTS = [
    "[]", "[1, 2, 3]", "[3, 1, 2]", "[1, 'a', None]", "[[1], [2, 3]]",
    "[1.5, float('nan'), -0.0]", "list(range(20))", "['b', 'a', 'c']",
    "[(1, 2), (0, 5)]", "[None] * 5", "[2**64, -1, 0]", "[True, 1, 1.0]",
]

TUPLES = [
    "()", "(1,)", "(1, 2, 3)", "('a', b'b', 3.0)", "((), ((),))", "tuple(range(10))",
    "(1, [2])", "(None, None)",
]

DICTS = [
    "{}", "{'a': 1, 'b': 2}", "{1: 'x', 2.0: 'y', (3,): 'z'}", "{None: None}",
    "dict.fromkeys('abc', 0)", "{float('nan'): 1}", "{'x': [1], 'y': {}}",
    "{True: 1, 1: 2}",
]

SETS = ["set()", "{1, 2, 3}", "{'a', 'b'}", "{(1, 2), frozenset()}", "{0, 2**64, -1.5}"]

FROZENSETS = ["frozenset()", "frozenset({1, 2})", "frozenset('abc')"]

# Short to iterate, whatever their bounds look like.
RANGES = [
    "range(0)", "range(10)", "range(-5, 5, 2)", "range(10, 0, -3)",
    "range(2**64, 2**64 + 5)", "range(-2**63, -2**63 + 3)", "range(5, 5)",
]

SLICES = [
    "slice(None)", "slice(1, None, -1)", "slice(-2**64, 2**64, 3)",
    "slice(None, None, 0)", "slice('a', 'b')", "slice(2, -2)", "slice(None, None, -2)",
]

SINGLETONS = ["None", "True", "False", "...", "NotImplemented"]

OTHERS = [
    "object()", "int", "str", "type", "len", "(lambda *a, **k: a)", "Exception('x')",
    "iter([1, 2])", "memoryview(b'abc')", "print", "(x for x in 'ab')", "type(None)",
    "ValueError", "object", "(lambda: 0)", "bool",
]

BY_TYPE = {
    "int": INTS, "float": FLOATS, "complex": COMPLEXES, "str": STRS, "bytes": BYTES,
    "bytearray": BYTEARRAYS, "list": LISTS, "tuple": TUPLES, "dict": DICTS,
    "set": SETS, "frozenset": FROZENSETS, "range": RANGES, "slice": SLICES,
    "singleton": SINGLETONS, "other": OTHERS,
}

# Short iterables of every sort, for loops and for consumers like sorted().
ITERABLES = (
    [s for s in STRS if "*" not in s] + BYTES[:4] + LISTS + TUPLES + DICTS[:4] + SETS
    + FROZENSETS + RANGES + [
        "iter('abc')", "map(str, [1, 2])", "zip('ab', 'cd')", "reversed([1, 2, 3])",
        "enumerate('ab')", "(x * 2 for x in range(4))", "{'a': 1}.items()",
        "{'a': 1}.keys()", "b'xyz'", "bytearray(b'ab')", "'abc'.encode()",
    ]
)

CALLABLES = [
    "len", "str", "abs", "repr", "int", "float", "(lambda x: x)", "(lambda x: -x)",
    "(lambda *a: None)", "(lambda x: 1 / 0)", "str.lower", "None", "sorted", "tuple",
    "hash", "type", "bool", "(lambda x, y: x)", "list", "(lambda x: [x])", "ord",
    "(lambda x: (x > 0) - (x < 0))", "chr", "(lambda: 1)",
]

CLASSINFOS = [
    "int", "str", "(int, str)", "()", "((int,), (str, float))", "int | str", "list[int]",
    "'str'", "None", "type", "object", "bool", "Exception", "(int, 5)", "int | None",
    "(((((int,),),),),)", "type(None)", "[int]",
]

ATTRIBUTE_NAMES = [
    "'real'", "'__class__'", "'__dict__'", "'x'", "''", "'append'", "'__len__'", "'a b'",
    "'é'", "5", "'__doc__'", "'__name__'", "'__qualname__'", "'__module__'", "'imag'",
    "'__slots__'", "'__bases__'", "'__mro__'", "'mro'", "None", "'__weakref__'",
    "'__getattribute__'", "'start'", "chr(0xd800)",
]

ENCODINGS = [
    "'utf-8'", "'utf8'", "'ascii'", "'latin-1'", "'utf-16'", "'utf-16-le'", "'utf-16-be'",
    "'utf-32'", "'utf-7'", "'cp1252'", "'idna'", "'punycode'", "'rot13'", "'hex'",
    "'base64'", "'unicode_escape'", "'raw_unicode_escape'", "'undefined'", "'bogus'",
    "''", "'UTF-8'", "'cp437'", "'charmap'", "'utf-8-sig'", "'koi8-r'", "'mac-roman'",
    "'utf_32_be'", "'iso8859-15'", "'cp500'", "'shift_jis'", "'zlib'", "None", "5",
]

ERROR_HANDLERS = [
    "'strict'", "'ignore'", "'replace'", "'backslashreplace'", "'xmlcharrefreplace'",
    "'namereplace'", "'surrogateescape'", "'surrogatepass'", "'bogus'", "''", "None",
]

BYTEORDERS = ["'big'", "'little'", "'middle'", "''", "'BIG'", "None", "b'big'", "1"]

KEYWORD_NAMES = [
    "sep", "maxsplit", "key", "reverse", "keepends", "encoding", "errors", "fillchar",
    "tabsize", "start", "end", "default", "byteorder", "signed", "length", "width",
    "chars", "x", "bogus", "self", "base", "object", "iterable", "strict", "ndigits",
    "value", "sub", "old", "new", "count", "prefix", "suffix",
]


def needs_parentheses(text):
    """Whether an operator or space sits outside any bracket or string in the text,
    so that the text must be parenthesized to be used as an operand."""
    depth, index, quote = 0, 0, None
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0 and index > 0 and char in " +-*/%<>=|&^@":
            return True
        index += 1
    return False


def operand(text):
    return f"({text})" if needs_parentheses(text) else text


# Every pool entry can be used as an operand as it is.
for _pool in (INTS, SIZES, SMALL_INTS, FLOATS, COMPLEXES, STRS, BYTES, BYTEARRAYS, LISTS, TUPLES,
              DICTS, SETS, FROZENSETS, RANGES, SLICES, SINGLETONS, OTHERS, CALLABLES, CLASSINFOS, ROUND_DIGITS,
              ATTRIBUTE_NAMES, ENCODINGS, ERROR_HANDLERS, BYTEORDERS, ITERABLES):
    _pool[:] = [operand(entry) for entry in _pool]


def literal(rng, type_name=None):
    """A literal of the given type, or of a random one."""
    if type_name is None:
        type_name = rng.choice(WEIGHTED_TYPES)
    return rng.choice(BY_TYPE[type_name])


# Types weighted toward the ones with the most behaviour.
WEIGHTED_TYPES = (
    ["int"] * 5 + ["float"] * 3 + ["complex"] + ["str"] * 5 + ["bytes"] * 2
    + ["bytearray"] + ["list"] * 3 + ["tuple"] * 2 + ["dict"] * 2 + ["set"]
    + ["frozenset"] + ["range"] + ["slice"] + ["singleton"] + ["other"]
)


def any_value(rng):
    """Any literal at all, sizes included."""
    if rng.random() < 0.1:
        return rng.choice(SIZES)
    return literal(rng)


# What each letter of an argument spec (see calls.py) stands for.
ARGUMENT_POOLS = {
    "I": INTS + SIZES, "Z": SIZES, "F": FLOATS, "N": INTS + FLOATS + COMPLEXES[:3],
    "S": STRS, "B": BYTES + BYTEARRAYS, "L": LISTS, "D": DICTS, "T": CLASSINFOS,
    "C": CALLABLES, "E": ENCODINGS, "R": ERROR_HANDLERS, "O": BYTEORDERS,
    "A": ATTRIBUTE_NAMES, "W": ITERABLES, "n": SMALL_INTS, "G": ROUND_DIGITS,
}


def argument(rng, letter):
    """A value for one letter of an argument spec; X (or anything unknown) is any value."""
    pool = ARGUMENT_POOLS.get(letter)
    if pool is None or rng.random() < 0.07:
        return any_value(rng)
    return rng.choice(pool)
