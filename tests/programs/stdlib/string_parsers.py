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
