# The matcher's edges: \B on empty strings (3.11 semantics), long subjects and deep
# backtracking, big character sets, and compiled code built by hand, which _sre
# checks before running (bad code is a RuntimeError, never a crash).
import re
import _sre
from re import _constants as C

print(re.search(r"\B", ""), re.search(r"\B", "ab"), re.compile(r"\B").search("abc", 0, 0))
print(re.findall(r"\B", "abc d"), re.split(r"\b", "ab cd"), re.search(rb"\B", b""))

# Long subjects: repeats, alternation and backtracking on 100000 characters
s = "ab" * 50000 + "c"
print(re.match(r"(?:a|b)*c", s).end(), re.match(r"(ab)*c", s).span(1))
print(re.match(r"(?:a|b)*?c", s).end(), len(re.findall(r"ab", s)), re.search(r"c$", s))
print(re.fullmatch(r"(?:ab)+c", s) is not None, re.match(r"(?:ab)++c", s).end())
print(len(re.sub(r"b", "", s)), re.subn(r"(a)(b)", r"\2\1", s[:20]))
print(re.search(r"(a+)+b", "a" * 16) is None)
t = "é" * 30000 + "x" + "ü" * 30000
print(re.search(r"x", t).span(), len(re.findall(r"ü", t)), [m.start() for m in re.finditer(r"x|\Z", t)])
print(re.match(r".*x(.*)", t).span(1), re.search(r"(?<=é)x(?=ü)", t).start())

# Deeply nested groups and repeats from the parser
depth = 80
nested = "(" * depth + "a" + ")" * depth
m = re.match(nested, "a")
print(m.span(depth), m.lastindex, len(m.groups()))
print(re.match("(?:" * depth + "a*" + ")*" * depth, "aaa").end())

# Character sets beyond Latin-1 (BIGCHARSET code) and with IGNORECASE
cjk = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 600, 3))
p = re.compile("[" + cjk + "]+")
print(p.findall("x" + cjk[:5] + "y\u4e01z"))
print(re.findall(r"(?i)[σk]+", "ΣσςKk\u212a"), re.findall(r"(?i)[^σ]+", "aΣbς"))

# Hand-made code: a valid program runs...
I = int
code = [I(C.LITERAL), ord("a"), I(C.MARK), 0, I(C.ANY), I(C.MARK), 1, I(C.SUCCESS)]
p = _sre.compile("a(.)", 0, code, 1, {}, (None,))
print(p.match("ab"), p.match("ab").group(1), p.groups)

# ...nested 20000 deep, with no recursion in checking or matching it.
levels = 20000
code = []
for level in range(levels, 0, -1):
    code += [I(C.ATOMIC_GROUP), 3 * level + 1]
code += [I(C.LITERAL), ord("a")] + [I(C.SUCCESS)] * (levels + 1)
p = _sre.compile(None, 0, code, 0, {}, ())
print(p.match("a"), p.match("b"))

# ...and broken ones are refused.
broken = {
    "empty": [],
    "no SUCCESS at the end": [I(C.LITERAL), 97],
    "unknown opcode": [99, I(C.SUCCESS)],
    "missing argument": [I(C.LITERAL), I(C.SUCCESS)][:1] + [I(C.SUCCESS)],
    "skip past the end": [I(C.ATOMIC_GROUP), 50, I(C.SUCCESS), I(C.SUCCESS)],
    "mark beyond the groups": [I(C.MARK), 9, I(C.SUCCESS)],
    "group reference beyond the groups": [I(C.GROUPREF), 3, I(C.SUCCESS)],
    "bad AT code": [I(C.AT), 40, I(C.SUCCESS)],
    "bad category": [I(C.IN), 4, I(C.CATEGORY), 77, I(C.FAILURE), I(C.SUCCESS)],
    "charset op outside a set": [I(C.RANGE), 1, 2, I(C.SUCCESS)],
    "repeat min above max": [I(C.REPEAT_ONE), 6, 5, 2, I(C.ANY), I(C.SUCCESS), I(C.SUCCESS)],
    "repeat without UNTIL": [I(C.REPEAT), 4, 0, 2, I(C.ANY), I(C.SUCCESS), I(C.SUCCESS)],
    "branch without JUMP": [I(C.BRANCH), 4, I(C.ANY), I(C.ANY), I(C.ANY), 0, I(C.SUCCESS)],
    "JUMP in the middle": [I(C.JUMP), 2, I(C.ANY), I(C.SUCCESS)],
    "INFO with a bad flag": [I(C.INFO), 4, 64, 0, 0, I(C.SUCCESS)],
    "INFO prefix overflowing": [I(C.INFO), 6, 1, 1, 1, 5, 0, I(C.SUCCESS)],
    "lookbehind too wide": [I(C.ASSERT), 4, 2 ** 31, I(C.ANY), I(C.SUCCESS), I(C.SUCCESS)],
    "set without FAILURE": [I(C.IN), 3, I(C.LITERAL), 97, I(C.SUCCESS)],
}
for name, code in broken.items():
    try:
        _sre.compile(None, 0, code, 1, {}, ())
    except RuntimeError as e:
        print(name, "->", e)
    else:
        print(name, "-> accepted")

# Limits
print(_sre.MAXREPEAT == C.MAXREPEAT, re.match(r"a{,65535}", "a" * 70000).end())
try:
    re.compile("a{4294967295}")
except OverflowError as e:
    print("OverflowError:", e)
