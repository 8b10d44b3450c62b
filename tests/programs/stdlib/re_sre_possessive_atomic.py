# Possessive repeats and atomic groups: no backtracking into them, the empty-round
# guard, marks they leave, and the quirks CPython 3.11 shows (including the
# SystemError for a group span that ends before it starts).
import re


def show(pattern, subject):
    try:
        m = re.match(pattern, subject)
        print(f"{pattern!r} {subject!r}:", None if m is None else (m.span(), m.groups(), m.lastindex))
    except Exception as e:
        print(f"{pattern!r} {subject!r}: {type(e).__name__}: {e}")


for pattern in [r"a*+a", r"a++", r"a?+a", r"a{1,2}+a", r"(?:ab)*+ab", r"(?:ab)++c",
                r"(?>a*)a", r"(?>a|ab)c", r"(?>ab|a)c", r"(?>(a)|b)*", r"(?>x+)y",
                r"(?:x+[yz])*+", r"(?:x+[yz])*+x", r"(a|b)*+c", r"(?:(a)|b)*+c",
                r"((x)|y|z)*+", r"((x)|y|z){3}+", r"((x)|y|z){3,}+", r"((x)|y|z)++",
                r"(?:a|)++b", r"(?:|a)*+b", r"(a?)++", r"(?:a{0,2})*+", r"[ab]*+b",
                r"\d*+\.", r"(?>\d+)\.", r"(?>(\w+))\s", r"(?:(?>a+)b)+"]:
    for subject in ["", "a", "aaa", "ab", "abc", "ababc", "xyxx", "xyz", "xyzz",
                    "aab", "12.5", "hello world", "aabab"]:
        show(pattern, subject)

print(re.findall(r"(?>a+|b)+c", "aabc abc bc c"))
print(re.sub(r"\w++", "<\\g<0>>", "ab cd"))
print(re.fullmatch(r"(?:a|ab)++", "aab"), re.fullmatch(r"(?>a|ab)+", "aab"))
print([m.span() for m in re.finditer(r"a*+", "baaab")])
