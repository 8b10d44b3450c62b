# Groups: numbers and names, defaults, spans, lastindex and lastgroup, regs,
# backreferences, conditionals, lookarounds, atomic groups and possessive repeats.
import re

m = re.match(r"(?P<a>x)(y)?(?P<c>z)?", "xz")
print(m.group(), m.group(0), m.group(1), m.group(2), m.group("c"))
print(m.group(1, "a", 3, 0))
print(m[0], m["a"], m[2])
print(m.groups(), m.groups("-"), m.groups(default=0))
print(m.groupdict(), m.groupdict("?"), m.groupdict(default=None))
print(m.start(), m.end(), m.span(), m.start(2), m.end(2), m.span(2), m.span("c"))
print(m.lastindex, m.lastgroup, m.regs)
print(m.expand(r"[\1|\g<c>|\g<0>]"))
print(re.match(r"(a)|(b)", "b").lastindex, re.match(r"(a)|(b)", "b").lastgroup)
print(re.match(r"(?P<n>a)(b)", "ab").lastgroup)
print(re.match(r"((a)b)", "ab").lastindex)
print(re.match(r"a", "a").lastindex, re.match(r"a", "a").lastgroup)
print(m.group(True), m.group(False))

class Index:
    def __index__(self):
        return 1

print(m.group(Index()), m.span(Index()))

# Repeated groups keep their last iteration
print(re.match(r"(?:(\w)-)+", "a-b-c-").groups())
print(re.match(r"(a|b)*", "abba").group(1))
print(re.match(r"(a)*b", "b").group(1))
print(re.match(r"(?:(a)|b)*", "ab").groups())
print(re.match(r"(?:(a)|(b))*", "ab").groups())

# Backreferences
print(re.search(r"(\w)\1", "abccd"))
print(re.search(r"(?P<q>['\"]).*?(?P=q)", "say 'hi' \"x\""))
print(re.findall(r"(\w+) \1", "the the cat cat dog"))
print(re.match(r"(?i)(a)\1", "aA"))
print(re.match(r"(a)?\1", "b"))

# Conditionals
pat = re.compile(r"(<)?\w+(?(1)>|$)")
print([bool(pat.match(s)) for s in ["<a>", "a", "<a", "a>"]])
print(re.match(r"(?P<x>a)?(?(x)b|c)", "c"))

# Lookarounds
print(re.findall(r"\w+(?=!)", "hi! there! no"))
print(re.findall(r"\w+(?!\w|!)", "hi! there no"))
print(re.findall(r"(?<=\$)\d+", "$10 and $20 but 30"))
print(re.findall(r"(?<!\$)\b\d+", "$10 and $20 but 30"))
print(re.search(r"(?<=(a))b", "ab").groups())
print(re.search(r"(?=(\w+))\w", "abc").group(1))

# Atomic groups and possessive repeats (new in 3.11)
print(re.match(r"(?>a+)b", "aaab"), re.match(r"(?>a+)ab", "aaab"))
print(re.match(r"a++b", "aaab"), re.match(r"a++ab", "aaab"))
print(re.match(r"a*+", "aaa"), re.match(r"a?+a", "a"))
print(re.match(r"(?:ab)++c", "ababc"), re.match(r"(?:ab)++abc", "ababc"))
print(re.match(r"a{1,2}+a", "aaa"), re.match(r"(?:a|b){2}+", "abab"))

# Lazy repeats
print(re.match(r"a*?b", "aab"), re.match(r"<.+?>", "<a><b>"), re.match(r"a{2,3}?", "aaaa"))
print(re.findall(r"(a+?)", "aaa"))
print(re.match(r"(?:a|ab)*?c", "abac"))

# Many groups
pat = re.compile("".join(f"(?P<g{i}>{i % 10})" for i in range(120)))
m = pat.match("".join(str(i % 10) for i in range(120)))
print(m.lastindex, m.lastgroup, m.group(100), m.group("g119"), pat.groups)
