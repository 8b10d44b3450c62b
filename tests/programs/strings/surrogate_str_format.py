# str.format, format() and f-strings keep lone surrogates: in the format string's
# literal text, in the values, and as a spec's fill (nested specs included).
print(ascii('\udc80{}'.format(1)))
print(ascii('{}'.format('\udc80')))
print(ascii('{:>3}'.format('\udc80')))
print(ascii('{:\udc80>5}'.format(12)))
print(ascii(format('\udc80', '>3')))
print(ascii('{0}\ud800{0}'.format('a\udfffb')))
print(ascii('{!r}'.format('\udc80')))
print(ascii(format('a\udc80b', '^7')), ascii(format('\udc80x', '.1')), ascii(format('\ud800', '\udc80<3')))
s = '\udc80'
print(ascii(f'{s:*>4}'), ascii('{:{}>4}'.format('\udfff', '\ud800')))
try: format('\udc80', 'd')
except ValueError as e: print(e)
print(ascii(format('\udc80', '')), ascii('{}{}'.format('\ud800', 'x\udfff')))
