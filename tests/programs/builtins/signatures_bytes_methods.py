# bytes' and bytearray's methods bind their arguments through declared signatures:
# each shows python3.11's __text_signature__ and fails as CPython does for missing,
# surplus, unexpected, duplicate and mistyped arguments, naming its own type.


def attempt(text):
    """Evaluates `text`, printing its result or the exception it raised."""
    try:
        print(text, "->", repr(eval(text)))
    except Exception as e:
        print(text, "!", type(e).__name__, e)


SHARED = """
    capitalize center count decode endswith expandtabs find fromhex hex index
    isalnum isalpha isascii isdigit islower isspace istitle isupper join ljust lower
    lstrip maketrans partition removeprefix removesuffix replace rfind rindex rjust
    rpartition rsplit rstrip split splitlines startswith strip swapcase title
    translate upper zfill
""".split()
OWN = {
    bytes: ["__bytes__", "__getnewargs__"],
    bytearray: ["append", "clear", "copy", "extend", "insert", "pop", "remove", "reverse"],
}

# Every method, misused the same ways.
for kind, example in [(bytes, "b'a b'"), (bytearray, "bytearray(b'a b')")]:
    for name in SHARED + OWN[kind]:
        print(kind.__name__, name, repr(getattr(kind, name).__text_signature__))
        for arguments in ["", "None", "1.5", "1, 2, 3, 4, 5", "x=1", "0, x=1"]:
            attempt(f"{example}.{name}({arguments})")

# Keywords where the signature names them, and their misuse.
for text in [
    "b'a,b,c'.split(sep=b',', maxsplit=1)",
    "bytearray(b'a,b,c').rsplit(maxsplit=1, sep=b',')",
    "b'a,b'.split(b',', sep=b',')",
    "b'a,b'.split(sep='x')",
    "b'a\\nb'.splitlines(keepends=True)",
    "b'a\\tb'.expandtabs(tabsize=2)",
    "b'\\xe9'.decode(encoding='latin-1', errors='strict')",
    "b'\\xe9'.decode('ascii', errors='replace')",
    "b'a'.decode(errors=1)",
    "bytearray(b'a').decode(encoding=None)",
    "b'a'.decode('utf-8', 'strict', 'x')",
    "b'abc'.hex(sep=':', bytes_per_sep=2)",
    "b'abc'.hex(':', 2, 3)",
    "b'abc'.hex(sep=1)",
    "b'abc'.translate(None, delete=b'b')",
    "b'abc'.translate(table=None)",
    "b'abc'.translate(None, b'a', b'b')",
    "b'a'.count(x=1)",
    "b'abc'.count(98, 0, 3)",
    "b'abc'.find(b'c', None, None)",
    "b'abc'.startswith((b'x', b'a'), 0, 1)",
    "b'abc'.endswith('c')",
    "b'-'.join([b'a', bytearray(b'b')])",
    "b'-'.join(1)",
    "b'-'.join(iterable_of_bytes=[])",
    "b'a'.replace(b'a', b'b', count=1)",
    "b'a'.replace('a', b'b')",
    "b'a'.center(5, b'*')",
    "b'a'.center(5, fillchar=b'*')",
    "b'a'.center(5, b'ab')",
    "b'a'.zfill(width=3)",
    "b'a'.strip(bytes=b'a')",
    "b'a'.strip('a')",
    "bytes.fromhex('61 62')",
    "bytearray.fromhex(string='61')",
    "bytes.fromhex(b'61')",
    "bytes.maketrans(b'ab', b'cd')",
    "bytes.maketrans(frm=b'a', to=b'b')",
    "bytearray.maketrans(b'a')",
    "bytearray(b'a').append(item=1)",
    "bytearray(b'a').insert(0)",
    "bytearray(b'a').pop(index=0)",
    "bytearray(b'a').extend(1)",
    "bytes.upper(1)",
    "bytearray.upper(b'a')",
    "bytes(1, 2, 3, 4)",
    "bytes(x=1)",
    "bytes(source=3)",
    "bytes('a', encoding=1)",
    "bytearray('a', 'ascii', errors=None)",
    "bytearray(source=b'a', encoding='ascii')",
]:
    attempt(text)
