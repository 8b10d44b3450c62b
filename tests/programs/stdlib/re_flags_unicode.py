# Flags and Unicode: IGNORECASE across scripts, MULTILINE, DOTALL, VERBOSE, ASCII,
# inline flags, character classes and non-ASCII positions.
import re

print(re.match(r"straße", "STRASSE", re.I), re.match(r"(?i)ß", "ẞ"))
print(re.findall(r"(?i)σ", "Σσς"), re.findall(r"(?i)[α-ω]+", "ΑΒΓ δε"))
print(re.match(r"(?i)ǅ", "ǆ"), re.match(r"(?i)[k]", "\u212a"), re.match(r"(?i)k", "\u212a"))
print(re.match(r"(?i)i", "İ"), re.match(r"(?i)ı", "I"), re.match(r"(?ia)k", "\u212a"))
print(re.findall(r"(?i)[a-z]+", "Hello WORLD"), re.findall(r"(?i)[^a-z]+", "ab12CD"))
print(re.search(r"(?i)ÄÖÜ", "xäöüx"), re.search(r"(?i)\u00e9", "\u00c9"))
print(re.match(r"(?i)(a)\1", "aA"), re.match(r"(?i)(é)\1", "éÉ"))

# Multiline, dotall, verbose
text = "one\ntwo\nthree"
print(re.findall(r"^\w+", text), re.findall(r"(?m)^\w+", text), re.findall(r"(?m)\w+$", text))
print(re.findall(r"\w+$", text + "\n"), re.search(r"\Athree", text), re.search(r"three\Z", text))
print(re.match(r".+", text), re.match(r"(?s).+", text))
print(re.match(r"""(?x)
    (\d+)   # digits
    \s* - \s*
    (\d+)   # more digits
""", "12 - 34").groups())
print(re.compile(r"a b # c", re.X).match("ab"))
print(re.match(r"(?x)[ ]a", " a"), re.match(r"(?x)a\ b", "a b"))
print(re.search("$", "a\n").span(), re.search("(?m)$", "a\nb").span(), re.findall("$", "a\n"))

# ASCII and Unicode classes
s = "café 123 ٣٤ naïve_x\u00a0\u2003end"
print(re.findall(r"\w+", s))
print(re.findall(r"\w+", s, re.A))
print(re.findall(r"\d+", s), re.findall(r"(?a)\d+", s))
print(re.findall(r"\s", s), re.findall(r"(?a)\s", s))
print(re.findall(r"\b\w", "ünï vé"), re.findall(r"(?a)\b\w", "ünï vé"))
print(re.findall(r"\W+", "a-é,ü"), re.findall(r"\D+", "1a٣b"), re.findall(r"\S+", "a\u2003b"))
print(re.findall(r"[\w-]+", "foo-bär baz"), re.findall(r"[^\W\d]+", "ab12cd٣é"))

# Positions in non-ASCII strings are code points
s = "日本語のテキストと English の混在"
m = re.search(r"English", s)
print(m.span(), m.start(), s[m.start():m.end()])
print([m.span() for m in re.finditer(r"[ぁ-ん]+", s)])
print(re.sub(r"[a-z]", "*", s), re.split(r"\s+", s))
print(re.findall(r"..", "😀a😁b"), re.match(r"(.)(.)", "😀😁").span(2))
print(re.search(r"(?<=😀)a", "😀a").span(), re.findall(r"(?<=é)\w", "éaéb"))
print(re.compile("日本").search("x日本", 1), re.compile("日本").search("x日本", 2))
print(re.match(r".{3}", "éèê!").group(), re.fullmatch(r"[à-ÿ]+", "éèê"))

# Character ranges and sets beyond Latin-1
print(re.findall(r"[\u0400-\u04ff]+", "Привет world мир"))
print(re.findall(r"[а-яё]+", "ёлка Ёж", re.I))
print(re.findall(r"[\U0001F600-\U0001F64F]", "hi 😀 there 😃"))
print(re.findall(r"[^\x00-\x7f]", "aé€😀"))

# Flags combine from arguments and inline groups
print(re.match(r"(?i:a)b", "Ab"), re.match(r"(?i:a)b", "AB"), re.match(r"a(?-i:b)", "Ab", re.I))
print(re.compile(r"(?im)x").flags == re.I | re.M | re.U, re.compile("x", re.I).flags)
print(re.I, re.IGNORECASE | re.MULTILINE, re.RegexFlag(0))
