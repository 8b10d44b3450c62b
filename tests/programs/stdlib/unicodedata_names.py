# unicodedata.name and lookup: names from the table, by rule (Hangul syllables, CJK
# ideographs), aliases, named sequences, case, and the errors; \N{...} escapes.
import unicodedata

for c in ["a", " ", "\u00e9", "\uac00", "\ud7a3", "\uac01", "\u4e00", "\U0002b81d",
          "\uf900", "\U0002fa1d", "\U00018b00", "\U0001b170", "\U0001f600", "\U0001faf8",
          "\ufdfa", "\u0000", "\u001f", "\ue000", "\U00017000", "\U000e01ef"]:
    print(f"U+{ord(c):04X}", unicodedata.name(c, None), unicodedata.ucd_3_2_0.name(c, None))

NAMES = [
    "LATIN SMALL LETTER A", "latin small letter a", "Latin Small Letter A",
    "LATIN SMALL LETTER A ", " LATIN SMALL LETTER A", "LATIN  SMALL LETTER A",
    "HANGUL SYLLABLE GA", "HANGUL SYLLABLE GAG", "HANGUL SYLLABLE HIH",
    "HANGUL SYLLABLE A", "HANGUL SYLLABLE", "HANGUL SYLLABLE GAX", "hangul syllable ga",
    "CJK UNIFIED IDEOGRAPH-4E00", "CJK UNIFIED IDEOGRAPH-04E00", "CJK UNIFIED IDEOGRAPH-4e00",
    "CJK UNIFIED IDEOGRAPH-20000", "CJK UNIFIED IDEOGRAPH-2A6E0", "CJK UNIFIED IDEOGRAPH-4DC0",
    "cjk unified ideograph-4e00", "CJK UNIFIED IDEOGRAPH-", "CJK UNIFIED IDEOGRAPH-3134A",
    "CJK COMPATIBILITY IDEOGRAPH-F900", "cjk compatibility ideograph-f900",
    "CJK COMPATIBILITY IDEOGRAPH-0F900", "CJK COMPATIBILITY IDEOGRAPH-FA6E",
    "NUSHU CHARACTER-1B170", "KHITAN SMALL SCRIPT CHARACTER-18B00", "TANGUT IDEOGRAPH-17000",
    "GRINNING FACE", "LATIN CAPITAL LETTER GHA", "BYTE ORDER MARK", "NULL", "BEL",
    "ALERT", "LINE FEED", "NEW LINE", "LINE FEED (LF)", "KANNADA LETTER LLLA",
    "LATIN CAPITAL LETTER A WITH MACRON AND GRAVE", "TAMIL SYLLABLE KSSA",
    "KEYCAP NUMBER SIGN", "latin capital letter a with macron and grave",
    "ARABIC LIGATURE SALLALLAHOU ALAYHE WASALLAM", "", "x" * 256, "x" * 257,
    "LATIN SMALL LETTER A\0junk", "caf\u00e9", "HAND WITH INDEX FINGER AND THUMB CROSSED",
]
for n in NAMES:
    for db in (unicodedata, unicodedata.ucd_3_2_0):
        try:
            print(ascii(db.lookup(n)), end=" ")
        except KeyError as e:
            print("KeyError", ascii(str(e)), end=" ")
    print()

print(ascii(unicodedata.lookup(b"LATIN SMALL LETTER B")))
for arg in (bytearray(b"A"), memoryview(b"A"), 65, None):
    try:
        unicodedata.lookup(arg)
    except TypeError as e:
        print("TypeError", e)
try:
    unicodedata.lookup(b"ab\xff")
except KeyError as e:
    print("KeyError", ascii(str(e)))

# Every name of a range reads back.
for cp in list(range(0x20, 0x2000, 37)) + list(range(0x1f300, 0x1f700, 11)) + list(range(0xac00, 0xd7a4, 97)):
    c = chr(cp)
    n = unicodedata.name(c, None)
    if n is not None and unicodedata.lookup(n) != c:
        print("mismatch", hex(cp), n)

# \N{...} in literals and in the unicode_escape codec take names and aliases.
print(ascii("\N{LATIN SMALL LETTER A}\N{latin small letter b}\N{BYTE ORDER MARK}\N{HANGUL SYLLABLE GAG}"))
print(ascii(b"\\N{EM DASH}\\N{CJK UNIFIED IDEOGRAPH-4E00}".decode("unicode_escape")))
for text in (b"\\N{NO SUCH NAME}", b"\\N{WIRELESS}", b"\\N{KEYCAP NUMBER SIGN}", b"\\N{LATIN CAPITAL LETTER A WITH MACRON AND GRAVE}"):
    try:
        text.decode("unicode_escape")
    except UnicodeDecodeError as e:
        print("UnicodeDecodeError", e)
print("\u00e9\u4e00\U0001f600\uac00\U0001f6dc\u0378".encode("ascii", "namereplace"))
