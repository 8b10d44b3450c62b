# Modules of the standard library that rest on re now import and work (json needs
# _codecs as well, so it is not here yet).
import string
import textwrap
import typing
import argparse
import fnmatch

print(string.Template("$who likes ${what}!").substitute(who="tim", what="kung pao"))
print(string.Template("$a $$ $b").safe_substitute(a=1))
try:
    string.Template("$1").substitute()
except ValueError as e:
    print("ValueError:", e)

text = "The quick brown fox jumps over the lazy dog. " * 3
print(textwrap.wrap(text, width=30))
print(textwrap.fill("a-b-c d-e-f ghijkl", width=7, break_on_hyphens=True))
print(repr(textwrap.dedent("    x\n      y\n    z\n")))
print(textwrap.indent("a\n\nb", "> "), textwrap.shorten("Hello  world, how are you", 15))

print(typing.List[int], typing.Optional[str], typing.get_type_hints(lambda x: x))

# (Making a parser needs gettext, which needs codecs: not yet.)
print(argparse.Namespace(count=3))

print(fnmatch.fnmatch("file.py", "*.py"), fnmatch.filter(["a.c", "b.h", "c.c"], "*.c"))
print(fnmatch.translate("[!a-c]*.t?t"))
