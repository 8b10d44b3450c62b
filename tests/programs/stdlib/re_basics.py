# The common API of re: match, search, fullmatch, findall, finditer, and the reprs
# of patterns and matches.
import re

print(re.match(r"a+", "aaab"))
print(re.match(r"b", "abc"))
print(re.search(r"b+", "abbbc"))
print(re.search(r"z", "abc"))
print(re.fullmatch(r"[a-c]+", "abcabc"))
print(re.fullmatch(r"[a-c]+", "abcd"))
print(re.fullmatch(r"a|ab", "ab"))
print(re.findall(r"\d+", "a1 b22 c333"))
print(re.findall(r"(\w)(\d)", "a1 b2 c"))
print(re.findall(r"(\w)=?", "a= b c="))
print(re.findall(r"", "abc"))
print(re.findall(r"x*", "axxb"))
print([m.span() for m in re.finditer(r"\w+", "one two  three")])
print([m.group() for m in re.finditer(r"", "ab")])
print(type(re.finditer("a", "a")).__name__)

# pos and endpos
p = re.compile(r"\w+")
print(p.match("hello world", 6))
print(p.match("hello world", 2, 4))
print(p.search("hello world", 5, 100))
print(p.search("hello world", -5, -1))
print(p.findall("hello world", 3, 8))
print(p.fullmatch("hello world", 6, 11))
m = p.search("hello world", 3, 9)
print(m.pos, m.endpos, m.string, m.re is p)
print(re.compile("").match("abc", 3))

# Pattern attributes and repr
p = re.compile(r"(?P<first>\w+) (?P<last>\w+)", re.I | re.M)
print(p)
print(p.pattern, p.flags, p.groups, p.groupindex)
print(type(p.groupindex).__name__, dict(p.groupindex))
print(re.compile("x").groupindex, type(re.compile("x").groupindex).__name__)
print(re.compile("a" * 300))
print(re.compile("a", re.S | re.X))
print(re.compile("a", re.A))
print(re.compile(b"a", re.L))
print(re.compile("a", re.U))
print(re.compile("it's \"q\"\n"))
print(repr(re.compile("a", re.DEBUG if False else 0)))

# Match repr cuts the matched text
m = re.search(r"x+", "x" * 100)
print(m)
print(re.search(r"é+", "caféééé"))
print(re.match(r"(a)(b)?", "ac"))

# Patterns compare and hash by flags, code and source
a, b = re.compile("abc"), re.compile("abc")
print(a == b, a != b, hash(a) == hash(b), a == re.compile("abc", re.I), a == "abc")
print(a == re.compile(b"abc"))
print({re.compile("x"): 1}[re.compile("x")])
import copy
print(copy.copy(a) is a, copy.deepcopy(a) is a)
m = a.match("abc")
print(copy.copy(m) is m, copy.deepcopy(m) is m)

# Generic aliases and the classes' names
print(re.Pattern[str], re.Match[bytes])
print(re.Pattern.__name__, re.Pattern.__module__, re.Pattern.__qualname__)
print(re.Match.__name__, re.Match.__module__)
print(type(p.scanner("x")).__name__, type(p.scanner("x")).__module__)
print(re.Pattern.match.__text_signature__, re.Pattern.sub.__text_signature__)
print(re.Match.start.__text_signature__, re.Match.group.__text_signature__)
print(re.Pattern.__doc__)
print(bool(re.match("", "")))

# The scanner
s = re.compile(r"\d").scanner("a1b2")
print(s.match(), s.search(), s.search(), s.search(), s.pattern.pattern)
s = re.compile(r"\d").scanner("12a")
print(s.match(), s.match(), s.match(), s.match())

# The module-level cache and purge
re.purge()
print(re.compile("abc") == a)
print(re.template if False else "skip")
