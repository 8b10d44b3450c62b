# Backtracking-heavy patterns: nested repeats, alternatives that fail late, greedy
# against lazy, captures kept from the right round, and a pathological pattern on a
# subject short enough to finish.
import re

def show(pattern, subject):
    m = re.search(pattern, subject)
    print(repr(pattern), None if m is None else (m.span(), m.groups(), m.lastindex, m.lastgroup))

show(r"(a+)+b", "a" * 20)
show(r"(a|aa)*c", "a" * 22)
show(r"(x+x+)+y", "x" * 12)
show(r"^(\w+\s?)*$", "an example that fails!")
show(r"(a|b|ab)*bc", "abababababababc")
show(r"((a)|(ab))*c", "ababc")
show(r"(a*)(a*)(a*)b", "aaaa")
show(r"(a*?)(a*?)(a+?)$", "aaaa")
show(r"(.*)(\d+)", "abc12345")
show(r"(.*?)(\d+)", "abc12345")
show(r"(?P<w>\w+)\s+(?P=w)", "the the cat sat sat")
show(r"(\w+)@(\w+)\.com|(\w+)", "me@x.co a@b.com")
show(r"((ab)|(a))*?b", "abab")
show(r"(?:(a)|(b)|(c))+", "abcab")
show(r"(a(b(c)?)?)+", "abcaba")
show(r"(?:(\d)|x)*?5", "1x2x5")
show(r"((a+)?(b+)?(c))*", "aacbbbcac")
show(r"(?:a(?=b)|.)+", "abacab")
show(r"(?:(?<=a)b|.)+?c", "abbc")
show(r"(a)(?:(?!\1)x|a)+", "axxa")
show(r"([ab]*?)(b)?c", "abbc")
show(r"(?:ab|a(?=c))+c", "ababac")
print(len(re.findall(r"(?:a|b)*?c", "ab" * 300 + "c")), re.match(r"(?:a?){14}a{14}", "a" * 14).end())
print(re.fullmatch(r"(?:(a)|b)*", "ab" * 500).span(1), re.match(r"(a|b)*?$", "ab" * 500).span(1))
print(re.match(r"(?:[ab]{1,3}?)+$", "ab" * 20).end(), re.search(r"(\d+)\D+\1", "12 x 123 y 12").group())
