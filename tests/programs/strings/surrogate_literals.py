# String literals holding lone surrogates keep them, through every path a
# literal takes: constants, implicit concatenation, folding, docstrings,
# code objects and marshal.
import marshal

s = '\ud800'
print(ascii(s), len(s), s == chr(0xd800), s.isprintable())
print(ascii('\udc80abc'), ascii('a\U0000dfffb'), ascii('\ud83d\ude00'), len('\ud83d\ude00'))
print(ascii('a\udc80' 'b' "\udc81"), ascii('x' r'\udc80'))
print(ascii('\N{BULLET}\udfff\x41\101\n\t\\\''), ascii('\777\ud800'))
print(ascii('\ud800' * 3), ascii('\ud800' + 'x'), ascii('x\udc00y'[1]), ascii('x\udc00y'[-1]))
print(ascii("""\udc80
line\
joined"""))
print(ascii(r'\ud800'), ascii(b'\ud800'), ascii('\\ud800'))


def documented():
    '\udcff is the doc'


print(ascii(documented.__doc__))


def constants():
    return ('\udc80', '\udc80', 'plain')


consts = constants.__code__.co_consts
print([ascii(c) for c in consts if isinstance(c, tuple)])
print(ascii(eval("'\\udc80'")), ascii(eval("'\\ud800' '\\udc00'")))

code = compile("x = '\\udc80z'\ny = ('\\ud800', 1)", "<test>", "exec")
print(marshal.dumps(code) == marshal.dumps(marshal.loads(marshal.dumps(code))))
ns = {}
exec(marshal.loads(marshal.dumps(code)), ns)
print(ascii(ns['x']), ascii(ns['y']))
print(marshal.dumps('\udc80'), ascii(marshal.loads(b'u\x03\x00\x00\x00\xed\xb2\x80')))

try:
    '\ud800'.encode()
except UnicodeEncodeError as e:
    print(type(e).__name__, e)
print('\udc80abc'.encode('utf-8', 'surrogateescape'))
print({'\ud800': 1}['\ud800'], '\ud800' in {'\ud800'}, hash('\ud800') == hash(chr(0xd800)))

# f-strings: their literal text, implicit concatenation with plain literals,
# doubled braces, raw f-strings, `=` debug text, named escapes.
x = 5
print(ascii(f'\ud800{x}\udc80'), ascii(f'a' '\udfff' f'{x}'), ascii(f'{x:>4}\udc81'))
print(ascii(f'{{\ud800}}'), ascii(rf'\ud800{x}'), ascii(f'{x=}\udc00'), ascii(f'\N{BULLET}{x}\ud83d'))
print(ascii(f'plain {x} text'), ascii(f'{{}}{x}'), ascii(f'\udc80'))
