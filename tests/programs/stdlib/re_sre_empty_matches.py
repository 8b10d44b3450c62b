# Empty matches in findall, finditer, sub, subn, split and the scanner: a match may
# not be empty where the last one ended; pos and endpos, including pos after endpos;
# \B on empty subjects (3.11: it does not match there).
import re

for pattern in [r"", r"x*", r"\b", r"\B", r"(?=a)", r"a|", r"|a", r"(a)|b*", r"a*?", r"$", r"^", r"(?m)^|$"]:
    for subject in ["", "a", "ab", "aab a", "xax"]:
        p = re.compile(pattern)
        print(repr(pattern), repr(subject), p.findall(subject), [m.span() for m in p.finditer(subject)],
              p.sub("-", subject), p.subn("<\\g<0>>", subject), p.split(subject))
p = re.compile(r"\w*")
print([m.span() for m in p.finditer("ab cd", 1, 4)], p.findall("ab cd", 3), p.search("ab cd", 2, 2))
print(re.compile("").match("abc", 2, 1), re.compile("$", re.M).match("a\nb", 1, 0), re.compile("a").match("abc", 2, 1))
print(re.compile("").search("abc", 2, 1), re.compile("").findall("abc", 2, 1), re.compile("").fullmatch("abc", 3, 1))
print(re.search(r"\B", ""), re.compile(r"\B").search("abc", 0, 0), re.compile(r"\b").search("abc", 0, 0))
sc = re.compile(r"a*").scanner("baac")
print([sc.match() for _ in range(3)], [sc.search() for _ in range(3)])
sc = re.compile(r"a*").scanner("baac")
print([(m.span() if m else m) for m in iter(sc.search, None)])
print(re.sub(r"(?:)", "|", "abc", count=2), re.split(r"(?:)", "abc", maxsplit=2), re.subn(r"b*", "x", "abbc"))
print(re.sub(r"(a)|b", lambda m: str(m.lastindex), "abab"), re.split(r"(a)|(b)", "xaybz"))
