# str's methods bind their arguments through declared signatures: each shows
# python3.11's __text_signature__ and fails as CPython does for missing, surplus,
# unexpected, duplicate and mistyped arguments.


def attempt(text):
    """Evaluates `text`, printing its result or the exception it raised."""
    try:
        print(text, "->", repr(eval(text)))
    except Exception as e:
        print(text, "!", type(e).__name__, e)


METHODS = """
    capitalize casefold center count encode endswith expandtabs find format
    format_map index isalnum isalpha isascii isdecimal isdigit isidentifier islower
    isnumeric isprintable isspace istitle isupper join ljust lower lstrip maketrans
    partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit
    rstrip split splitlines startswith strip swapcase title translate upper zfill
    __format__ __getnewargs__
""".split()

# Every method, misused the same ways.
for name in METHODS:
    print(name, repr(getattr(str, name).__text_signature__))
    for arguments in ["", "None", "1.5", "1, 2, 3, 4, 5", "x=1", "0, x=1"]:
        attempt(f"'a b'.{name}({arguments})")

# Keywords where the signature names them, and their misuse.
for text in [
    "'a,b,c'.split(sep=',', maxsplit=1)",
    "'a,b,c'.rsplit(maxsplit=1, sep=',')",
    "'a b'.split(maxsplit=0)",
    "'a,b'.split(',', sep=',')",
    "'a,b'.split(',', 1, maxsplit=1)",
    "'a,b'.split(sep=1)",
    "'a,b'.split(maxsplit='x')",
    "'a\\nb'.splitlines(keepends=True)",
    "'a\\tb'.expandtabs(tabsize=2)",
    "'a\\tb'.expandtabs(2, tabsize=2)",
    "'é'.encode(encoding='latin-1', errors='strict')",
    "'é'.encode('ascii', errors='replace')",
    "'a'.encode(errors=1)",
    "'a'.encode(encoding=None)",
    "'a'.encode('utf-8', 'strict', 'x')",
    "'{0}-{x}'.format(1, x=2)",
    "'{x}'.format_map({'x': 1})",
    "'a'.count(x=1)",
    "'a'.count('a', 0, 1, 2)",
    "'a'.count()",
    "'abc'.find('c', None, None)",
    "'abc'.startswith(('x', 'a'), 0, 1)",
    "'abc'.startswith(1)",
    "'abc'.endswith(('c', 1))",
    "'a'.join(iterable=['x'])",
    "'a'.join(1)",
    "'a'.replace('a', 'b', count=1)",
    "'a'.replace(1, 'b')",
    "'a'.replace('a', None)",
    "'a'.center(5, fillchar='*')",
    "'a'.center(5, 'ab')",
    "'a'.zfill('5')",
    "'a'.strip(chars='a')",
    "'a'.strip(1)",
    "'a'.partition(sep='a')",
    "'a'.partition('')",
    "'a'.translate(table={})",
    "str.maketrans('ab', 'cd', 'e')",
    "str.maketrans(x={})",
    "str.maketrans('a', 1)",
    "str.maketrans('a', 'b', 1)",
    "'abc'.__format__(format_spec='>5')",
    "str.upper(1)",
    "str.split(1, sep=',')",
    "str.split()",
    "str(1, 2, 3, 4)",
    "str(x=1)",
    "str(object=5)",
    "str(5, object=5)",
    "str(b'a', encoding=1)",
    "str(b'a', errors=None)",
    "str(b'a', 'ascii', errors='strict')",
]:
    attempt(text)
