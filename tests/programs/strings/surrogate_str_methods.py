# str methods keep lone surrogates (surrogateescape-decoded text): case mappings,
# replace (also of or by a surrogate), padding, zfill and expandtabs among them.
s = 'a\udc80b\udc80c '
tests = {
 'replace': lambda: s.replace('b', 'X'), 'replace_none': lambda: s.replace('\r', '\n'),
 'split': lambda: s.split('b'), 'rsplit': lambda: s.rsplit('b'), 'splitws': lambda: s.split(),
 'strip': lambda: s.strip(), 'lstrip': lambda: ('  '+s).lstrip(), 'rstrip': lambda: s.rstrip(),
 'join': lambda: '\udc81'.join([s, 'x']), 'upper': lambda: s.upper(), 'lower': lambda: s.lower(),
 'partition': lambda: s.partition('b'), 'rpartition': lambda: s.rpartition('b'),
 'slice': lambda: s[1:4], 'concat': lambda: s + '\udcff', 'mul': lambda: s * 2,
 'find': lambda: s.find('\udc80', 2), 'index': lambda: s.index('c'), 'count': lambda: s.count('\udc80'),
 'startswith': lambda: s.startswith('a\udc80'), 'endswith': lambda: s.endswith('c '),
 'splitlines': lambda: ('a\udc80\nb').splitlines(), 'center': lambda: s.center(12, '*'),
 'ljust': lambda: s.ljust(10), 'zfill': lambda: '\udc80'.zfill(3), 'expandtabs': lambda: 'a\t\udc80'.expandtabs(4),
 'casefold': lambda: s.casefold(), 'title': lambda: s.title(), 'swapcase': lambda: s.swapcase(),
 'capitalize': lambda: s.capitalize(), 'format': lambda: '{}-{}'.format(s, 1), 'fstring': lambda: f'{s}!',
 'removeprefix': lambda: s.removeprefix('a'), 'removesuffix': lambda: s.removesuffix('c '),
 'iter': lambda: list(s), 'reversed': lambda: ''.join(reversed(s)), 'repr': lambda: repr(s),
 'str': lambda: str(s), 'encode': lambda: s.encode('utf-8', 'surrogateescape'),
 'in': lambda: '\udc80b' in s, 'hash_eq': lambda: {s: 1}['a\udc80b\udc80c '], 'sorted': lambda: sorted([s, 'a']),
 'split_sur': lambda: s.split('\udc80'), 'replace_sur': lambda: s.replace('\udc80', '-'), 'rfind': lambda: s.rfind('\udc80'),
 'translate': lambda: s.translate({98: 'Y'}), 'ord': lambda: ord(s[1]), 'chr': lambda: chr(0xdc80) == s[1],
 'maketrans': lambda: s.translate(str.maketrans('\udc80', 'Z')),
}
for name, f in tests.items():
    try:
        print(name, ascii(f()))
    except Exception as e:
        print(name, type(e).__name__, e)
for args in (('', '-'), ('', '-', 2), ('\udc80', ''), ('b\udc80', '\udcff\ufffd'), ('\ufffd', 'R'), ('c', '\udc81', 0)):
    print('replace', ascii(args), ascii(('a\udc80b\udc80c\ufffd').replace(*args)))
print(ascii('\udc80'.center(5, '\udcff')), ascii('x'.ljust(3, '\udc80')), ascii('\ufffd\udc80'.rjust(4, '\ufffd')))
print(ascii('-\udc80'.zfill(5)), ascii('\ufffd\udc80ß'.upper()), ascii('\udc80abc def'.title()), ascii('\udc80ABC'.capitalize()))
