# string.Formatter on top of _string's parsers.
import string

f = string.Formatter()
print(f.format('{0}-{x}-{1!r}', 1, 'two', x=3))
print(f.format('{a[1]}|{b.real}|{0:>{1}}', 'r', 4, a=[5, 6], b=2j))
print(string.Template('$who likes $what').substitute(who='tim', what='kung pao'))
print(string.capwords('hello  big world'))
