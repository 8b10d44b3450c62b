# Errors: bad patterns (re.error from the parser), bad group names and numbers,
# wrong argument types, mixing str and bytes.
import re

def show(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__ + ":", e)
    else:
        print("ok:", r)

for bad in ["(", "a)", "[a-", "*a", "a**", "(?P<1>x)", "(?P=nope)", r"\1", "(?<=a+)b",
            "a{3,1}", "(?z)", "[z-a]", r"\p", "(?P<n>a)(?P<n>b)", "x(?i)", "(?"]:
    try:
        re.compile(bad)
    except re.error as e:
        print(repr(bad), "->", e.msg, e.pos, e.lineno, e.colno, "|", e)

try:
    re.compile("a\n(b")
except re.error as e:
    print(e, e.lineno, e.colno)

m = re.match(r"(?P<a>x)(y)", "xy")
show(lambda: m.group(3))
show(lambda: m.group(-1))
show(lambda: m.group("b"))
show(lambda: m.group(1.0))
show(lambda: m.group([1]))
show(lambda: m.group(2 ** 100))
show(lambda: m["zz"])
show(lambda: m.start("q"))
show(lambda: m.span(5))
show(lambda: m.end(None))
show(lambda: m.group(x=1))
show(lambda: m.groups(1, 2))
show(lambda: m.start(1, 2))
show(lambda: re.match("x", "x").group(1))
show(lambda: re.match("x", "x").group("x"))
show(lambda: m.expand(r"\9"))
show(lambda: m.expand(r"\g<zz>"))
show(lambda: re.sub("x", r"\3", "x"))
show(lambda: re.sub("(x)", r"\g<1", "x"))

# Subjects of the wrong type
show(lambda: re.match("a", 1))
show(lambda: re.match("a", b"a"))
show(lambda: re.match(b"a", "a"))
show(lambda: re.findall("a", None))
show(lambda: re.sub("a", "b", 5))
show(lambda: re.sub(b"a", "b", b"a"))
show(lambda: re.sub("a", lambda m: 5, "a"))
show(lambda: re.sub(b"a", lambda m: "x", b"a"))
show(lambda: re.sub("a", b"x", "a"))
show(lambda: re.compile("a").match("a", "1"))
show(lambda: re.compile("a").match("a", 1.5))
show(lambda: re.compile("a").match())
show(lambda: re.compile("a").match("a", pos=0, bad=1))
show(lambda: re.compile("a").match("a", 0, 1, 2))
show(lambda: re.compile("a").split("a", maxsplit="x"))
show(lambda: re.compile("a").sub("b"))
show(lambda: re.compile(5))
show(lambda: re.compile("a", "b"))
show(lambda: re.Pattern())
show(lambda: re.Match())
show(lambda: re.compile("a").__deepcopy__())
show(lambda: setattr(re.compile("a"), "pattern", "b"))
show(lambda: setattr(re.compile("a"), "x", 1))
show(lambda: setattr(re.match("a", "a"), "pos", 1))
show(lambda: re.compile("a") < re.compile("b"))
show(lambda: re.Pattern.match("a", "a"))
show(lambda: re.Match.group(None))
show(lambda: re.sub("a", lambda m: 1 / 0, "a"))

# The _sre functions check their arguments too
import _sre
print(_sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS, _sre.getcodesize())
print(_sre.ascii_iscased(ord("a")), _sre.ascii_iscased(ord("1")), _sre.unicode_iscased(ord("ß")),
      _sre.unicode_iscased(ord("1")), _sre.ascii_tolower(ord("Q")), _sre.unicode_tolower(ord("Ä")),
      _sre.ascii_tolower(ord("Ä")))
show(lambda: _sre.ascii_tolower("a"))
show(lambda: _sre.ascii_tolower(2 ** 40))
show(lambda: _sre.compile("a", 0, (1,), 0, {}, ()))
show(lambda: _sre.compile("a", 0, [1], 0, [], ()))
show(lambda: _sre.compile("a", 0, [], 0, {}, ()))
show(lambda: _sre.compile("a", 0, [17, 97], 0, {}, ()))
show(lambda: _sre.compile("a", 0, [-1], 0, {}, ()))
show(lambda: _sre.compile("a", 0, [2 ** 32], 0, {}, ()))
show(lambda: _sre.compile("a", 0, ["x"], 0, {}, ()))
show(lambda: _sre.compile(3, 0, [1], 0, {}, ()))
show(lambda: _sre.compile("a", 0, [1], -1, {}, ()))
show(lambda: _sre.compile(None, 0, [1], 0, {}, ()).match("x"))
