# Search through the INFO block: literal prefixes (with the overlap table),
# patterns that are one literal, a known first character set, and minimum lengths
# near the end of the subject or of endpos.
import re

subjects = ["abababcab", "aabaabaaab", "xxabcxabcabc", "ab", "", "abcabcabd", "ababab"]
for pattern in [r"abab", r"aab", r"abcabd", r"abc", r"ab(c|d)", r"abab(?:c|$)", r"a", r"aaab",
                r"ab\w", r"[ab]c", r"(?:b|c)a", r"x?abc", r"(a)b", r"ab{2}", r"(?i)AB", r"\d+|ab"]:
    p = re.compile(pattern)
    print(repr(pattern), [(s, [m.span() for m in p.finditer(s)], p.search(s, 1, 6)) for s in subjects])
print(re.search("abc", "ab"), re.search("abc", "xabc", 2), re.compile("abc").search("abcd", 0, 2))
print(re.compile(r"ab").findall("abababab", 1, 7), re.compile(r"\w{3}").findall("abcdefg", 2, 6))
print(re.search(r"(?<=ab)cd", "abcd"), re.search(r"(?<=x)abab", "xababab"), re.search(r"abab", "abaabab"))
long = "x" * 5000 + "needle" + "y" * 5000
print(re.search("needle", long).span(), re.search("ne+dle", long).span(), re.search(r"[nm]eedle", long).span())
