# Case-insensitive matching in its three forms: ASCII, Unicode (one-to-one simple
# case mappings, and the characters with several cases) and the C locale; sets,
# ranges, backreferences, and the _sre case helpers over all of Unicode.
import re
import _sre
import hashlib

print(re.findall(r"(?i)straße|STRASSE", "Straße STRASSE strasse"))
print(re.findall(r"(?i)[a-z]+", "Hello WORLD \u00c9t\u00e9"), re.findall(r"(?ia)[a-z]+", "K\u212a\u017fs"))
for pattern in [r"(?i)k", r"(?i)\u212a", r"(?i)s", r"(?i)\u017f", r"(?i)\u00df", r"(?i)\u1e9e",
                r"(?i)\u03c3", r"(?i)\u03a3", r"(?i)\u03c2", r"(?i)i", r"(?i)\u0130", r"(?i)\u0131",
                r"(?i)[k-m]", r"(?i)[\u212a]", r"(?i)[^k]", r"(?i)[s-t]+", r"(?i)[\u03c3-\u03c4]",
                r"(?i)\u1f80", r"(?i)\u1f88", r"(?i)[\u1f80-\u1f87]", r"(?i)\u0345", r"(?i)\u03b9",
                r"(?ia)k", r"(?ia)[a-z]", r"(?i)\u00b5", r"(?i)\u039c", r"(?i)[\u00e0-\u00ff]+"]:
    subject = "kK\u212as S\u017f\u00df\u1e9e\u03c3\u03a3\u03c2iI\u0130\u0131\u1f80\u1f88\u0345\u03b9\u1fbe\u00b5\u039c\u03bc\u00c0\u00e0"
    print(ascii(pattern), ascii(re.findall(pattern, subject)))
# Backreferences ignoring case
print(re.findall(r"(?i)(\w)\1", "aA bB \u00e9\u00c9 \u03c3\u03a3 \u03c2\u03a3 kK\u212a"))
print(re.findall(r"(?ia)(\w)\1", "aA \u00e9\u00c9"), re.match(r"(?i)(ab)\1", "abAB").span())
print(re.findall(br"(?i)(\w)\1", b"aA \xe9\xc9"), re.findall(br"(?i)[a-c]+", b"xAbCx\xc1"))
# The C locale's case, for bytes patterns
print(re.findall(br"(?iL)[a-c]+", b"xAbCx\xc1\xe1"), re.findall(br"(?iL)\w+", b"ab\xe9 c"))
print(re.findall(br"(?iL)a", b"aA\xc1"), re.findall(br"(?iL)[^a]", b"aA\xc1"), re.findall(br"(?iL)(.)\1", b"aAbb"))
print(re.findall(br"(?L)\b\w+\b", b"hi there"), re.findall(br"(?iL)\x41+", b"aAa"))
# Case helpers over the whole code space, summarised
lower = bytearray()
cased = bytearray()
for c in range(0x110000):
    lower += _sre.unicode_tolower(c).to_bytes(4, "little")
    cased.append(_sre.unicode_iscased(c))
print(hashlib.sha256(lower).hexdigest(), hashlib.sha256(cased).hexdigest(), sum(cased))
print([_sre.ascii_tolower(c) for c in (0x41, 0x5a, 0x61, 0xc0, 0x130)],
      [_sre.ascii_iscased(c) for c in (0x41, 0x40, 0xc0)])
# Upper-case partners as the matcher sees them: which characters a one-letter
# case-insensitive pattern matches
partners = {}
for c in list(range(0x41, 0x5b)) + [0xb5, 0xdf, 0xff, 0x130, 0x131, 0x17f, 0x1c5, 0x3c2, 0x1e9e, 0x2126, 0x212a, 0x212b]:
    p = re.compile("(?i)" + re.escape(chr(c)))
    partners[hex(c)] = [hex(d) for d in range(0x2200) if p.fullmatch(chr(d))]
print(partners)
