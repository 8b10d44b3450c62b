# _string: the format-string parsers as native iterators, and their argument checks.
import _string
it = _string.formatter_parser("a{0!r:>{w}}b{{c}}{x.y[1]}")
print(iter(it) is it, type(it).__name__, next(it), list(it), list(it))
first, rest = _string.formatter_field_name_split("a.b[0].c")
print(first, type(rest).__name__, next(rest), list(rest))
print(_string.formatter_field_name_split("12[x]")[0], list(_string.formatter_field_name_split("")[1]))
tests = [
    '_string.formatter_parser()', '_string.formatter_parser(1)', '_string.formatter_parser(x=1)',
    '_string.formatter_parser("a", "b")', '_string.formatter_field_name_split(1)',
    '_string.formatter_field_name_split()', 'list(_string.formatter_parser("{"))',
    'list(_string.formatter_parser("}"))', 'list(_string.formatter_parser("{0!}"))',
    'list(_string.formatter_parser("{0:{1}"))', 'list(_string.formatter_field_name_split("a.")[1])',
    'list(_string.formatter_field_name_split("a[")[1])', 'list(_string.formatter_field_name_split("a[]")[1])',
    'list(_string.formatter_field_name_split("a[0]b")[1])',
    '_string.formatter_parser.__text_signature__', '_string.formatter_parser.__doc__',
    '_string.formatter_field_name_split.__doc__', '_string.formatter_parser.__module__',
    'sorted(k for k in dir(_string) if not k.startswith("__"))',
    'type(_string.formatter_parser(""))()',
]
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '!!', type(e).__name__, e)
broken = _string.formatter_parser("a{0}b{")
print(next(broken))
try:
    next(broken)
except ValueError as e:
    print(e)
print(list(broken))
