# _string: the parsers behind string.Formatter.
import _string

print(list(_string.formatter_parser('a{0!r:>{w}}b{{c}}{x.y[0]}')))
print(list(_string.formatter_parser('')), list(_string.formatter_parser('plain')))
print(list(_string.formatter_parser('{!r}')), list(_string.formatter_parser('{:>5}')))
first, rest = _string.formatter_field_name_split('x.y[0][ab].c')
print(first, list(rest))
first, rest = _string.formatter_field_name_split('0')
print(repr(first), list(rest))
for s in ['{', '}', '{0!rr}', '{0', 'a}b']:
    try:
        print(list(_string.formatter_parser(s)))
    except ValueError as e:
        print('ValueError', e)
for s in ['x[', 'x.', 'x[]', 'x[0]a']:
    try:
        a, b = _string.formatter_field_name_split(s)
        print(a, list(b))
    except ValueError as e:
        print('ValueError', e)

def t(f):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, e)

for s in ['', 'abc', '{}', '{{}}', 'x{0}y{1:>3}z{2!s}', '{a.b[c]!r:{w}.{p}}', 'é{0}ü', '{0!r:}', '{0!}', '{:}', 'a{', '}a', '{0', '{0!r', '{0!rx}', '{!}', '{[}', '{0[}]}']:
    t(lambda: list(_string.formatter_parser(s)))
it = _string.formatter_parser('a{0}b}'); t(lambda: next(it)); t(lambda: next(it)); t(lambda: next(it)); t(lambda: next(it))
for s in ['', 'a', '0', '12.x', 'a.b[0].c', 'a[x y]', 'a[', 'a.', 'a..b', 'a[0]b', '[0]', '.x', 'ü.é', '99999999999999999999999']:
    try:
        a, b = _string.formatter_field_name_split(s)
        print(repr(a), end=' ')
        t(lambda: list(b))
    except Exception as e:
        print(type(e).__name__, e)
t(lambda: _string.formatter_parser(1)); t(lambda: _string.formatter_field_name_split(1)); t(lambda: _string.formatter_parser())
t(lambda: type(_string.formatter_parser('')).__name__); t(lambda: type(_string.formatter_field_name_split('a')[1]).__name__)
