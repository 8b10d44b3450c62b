# Each family of opcodes the matcher runs, with the spans, groups, lastindex and
# lastgroup it reports: literals, ANY, categories, character sets (ranges, bitmaps,
# big sets, negation), position tests, marks, backreferences, conditionals,
# lookarounds, alternation and every kind of repeat.
import re


def show(pattern, subject, flags=0, pos=0, endpos=None):
    p = re.compile(pattern, flags)
    args = (subject, pos) if endpos is None else (subject, pos, endpos)
    for name in ("match", "search", "fullmatch"):
        m = getattr(p, name)(*args)
        if m is None:
            print(f"{pattern!r} {name}: None")
        else:
            print(f"{pattern!r} {name}: {m.span()} {m.groups()} {m.lastindex} {m.lastgroup}")
    print(f"  findall {p.findall(*args)}")


# LITERAL, NOT_LITERAL, ANY, ANY_ALL
show(r"ab", "xxabx")
show(r"[^a]b", "abcb")
show(r"a.c", "a\nc abc")
show(r"a.c", "a\nc abc", re.S)
show(r".+", "one\ntwo")
show(r"(?s).+", "one\ntwo")
# CATEGORY, in and out of sets, ASCII and Unicode
for cls in [r"\d", r"\D", r"\s", r"\S", r"\w", r"\W"]:
    for flags in (0, re.A):
        p = re.compile(cls + "+", flags)
        print(cls, flags, p.findall("ab_1 \t\x1c\u00e9\u0663\u3000\u2028x-\u00b2"))
print(re.findall(r"[\d\s]+", "1 2\u0663\u3000x"), re.findall(r"[^\W\d]+", "ab1_c\u00e9"))
# CHARSET, RANGE, NEGATE, BIGCHARSET, LITERAL inside sets
show(r"[a-fx]+", "zzabcfxg")
show(r"[^a-f0-3]+", "abc456def")
show(r"[\x00-\x7f\u0100]+", "ab\u0100c\u0101")
big = "[" + "".join(chr(c) for c in range(0x4E00, 0x4E00 + 900, 7)) + "]+"
print(re.findall(big, "\u4e00\u4e07\u4e01x\u4e0e\u4e15" + chr(0x4E00 + 7 * 100)))
print(re.findall(r"[^\u4e00-\u4eff\u3040]+", "ab\u4e10c\u3040d\U0001f600"))
print(re.findall(r"[\U0001f600-\U0001f64f]+", "x\U0001f600\U0001f64fy\U0001f650"))
# AT: every position test
for pattern in [r"^a", r"a$", r"\Aa", r"a\Z", r"\ba", r"a\b", r"\Ba", r"a\B"]:
    for flags in (0, re.M, re.A):
        print(pattern, flags, [m.span() for m in re.finditer(pattern, "a\na aa\na")])
print(re.findall(r"$", "a\nb\n"), re.findall(r"(?m)$", "a\nb\n"), re.findall(r"\Z", "a\n"))
print(re.findall(r"\b\w", "\u00e9t\u00e9 x"), re.findall(r"(?a)\b\w", "\u00e9t\u00e9 x"))
# MARK, lastindex, lastgroup, nested and unset groups
show(r"(a)(b)?(c)", "ac")
show(r"(?P<x>a(?P<y>b))(?P<z>c)?", "abd")
show(r"((a)|(b))+", "abab")
show(r"(a|(b))*c", "ababc")
# GROUPREF and conditionals
show(r"(a+)b\1", "aabaa aaba")
show(r"(?P<q>['\"]).*?(?P=q)", "say 'hi' \"x\"")
show(r"(a)?b(?(1)c|d)", "abc bd abd")
show(r"(?:(a)|b)(?(1)x)", "ax b")
show(r"(a)|\1", "x")
# Lookahead and lookbehind (fixed width), negative ones
show(r"\w+(?=!)", "hey! you")
show(r"\w+(?!\w|!)", "hey! you")
show(r"(?<=\$)\d+", "cost $42 or 7")
show(r"(?<!\$)\b\d+", "cost $42 or 7")
show(r"(?<=(a)b)c", "abc")
show(r"(?<=ab|cd)x", "cdx abx")
show(r"(?<!^)x", "xxx")
# BRANCH, including alternatives starting with literals and sets
show(r"cat|dog|[bc]ird", "a bird, a dog")
show(r"(?:a|ab)(?:c|bcd)", "abcd")
# REPEAT with MAX_UNTIL and MIN_UNTIL, counted repeats, empty bodies
show(r"(ab)*c", "ababc")
show(r"(ab)*?c", "ababc")
show(r"(?:a|bc){2,3}", "abcabca")
show(r"(?:a|bc){2,3}?", "abcabca")
show(r"(a*)*b", "aab")
show(r"(a*)+?b", "aab")
show(r"(?:x?)*y", "xxy")
show(r"(a|)*b", "aab")
# REPEAT_ONE and MIN_REPEAT_ONE over each kind of single character
show(r"a{2,3}", "aaaa")
show(r"a{2,3}?", "aaaa")
show(r"[ab]*?c", "abac")
show(r"x.*y", "x1y2y")
show(r"x.*?y", "x1y2y")
show(r"\d+5", "12345")
show(r"[^,]*,", "ab,cd,")
show(r"\w{3}\b", "ab abcd abc")
show(r"a{0}b", "ab")
