# unicodedata.normalize and is_normalized: the four forms on composed and decomposed
# Latin, reordered marks, Hangul, compatibility characters, singletons, excluded
# compositions, and ucd_3_2_0's differences.
import unicodedata

TEXTS = [
    "", "abc", "caf\u00e9", "cafe\u0301", "\u1e0a\u0323", "\u1e0c\u0307", "D\u0307\u0323",
    "q\u0307\u0323", "\u212b", "\u2126", "\u00c5", "A\u030a", "\ufb01", "\u2460",
    "\u00bd", "\u1e9b\u0323", "\uac00", "\uac01", "\u1100\u1161", "\u1100\u1161\u11a8",
    "\u1100\u1161\u11a7", "\uac00\u11a8", "\u1100\u0301\u1161", "\u0344", "\u0958",
    "\u2adc", "\U0001d15e", "\u0f73", "\u0f77", "a\u0301\u0301", "a\u0316\u0301\u0300",
    "e\u0301\u0327", "\u00e8\u0327", "\u0041\u0328\u0301", "\u01ea\u0304",
    "\u3070", "\u306f\u3099", "\uff8a\uff9e", "\u2fa1d", "\U0002f868", "\U0002f874",
    "\u1e00\u0300", "\u0626\u0654", "\u03d3", "\u03d2\u0301", "\u2000", "\u00a0",
    "\ufdfa", "\u33ff", "\U0001f600\u0301", "\u05d0\u05b7\u05bc", "\u0915\u093c",
    "\u0e33", "\u1fb7", "\u0390", "\u2260", "=\u0338", "\u226e\u0338",
]
for text in TEXTS:
    row = [ascii(unicodedata.normalize(form, text)) for form in ("NFC", "NFD", "NFKC", "NFKD")]
    flags = [unicodedata.is_normalized(form, text) for form in ("NFC", "NFD", "NFKC", "NFKD")]
    print(ascii(text), " ".join(row), flags)
    old = [ascii(unicodedata.ucd_3_2_0.normalize(form, text)) for form in ("NFC", "NFD", "NFKC", "NFKD")]
    if old != row:
        print("   3.2.0", " ".join(old))

s = "already normal"
print(unicodedata.normalize("NFC", s) is s, unicodedata.normalize("NFKD", "x") == "x")

for call in (
    lambda: unicodedata.normalize("nfc", "a"),
    lambda: unicodedata.normalize("NFX", ""),
    lambda: unicodedata.is_normalized("NFX", ""),
    lambda: unicodedata.is_normalized("NFX", "a"),
    lambda: unicodedata.normalize(1, "a"),
    lambda: unicodedata.normalize("NFC", b"a"),
    lambda: unicodedata.is_normalized("NFC", 1),
    lambda: unicodedata.normalize("NFC"),
    lambda: unicodedata.normalize(form="NFC", unistr="a"),
):
    try:
        print(ascii(call()))
    except Exception as e:
        print(type(e).__name__, e)

# Long runs of marks are reordered stably.
marks = "a" + "\u0301\u0316\u0300\u0317\u0302\u0318" * 5
print(ascii(unicodedata.normalize("NFD", marks)))
print(ascii(unicodedata.normalize("NFC", marks)))

# stringprep and the IDNA codec work on ucd_3_2_0.
import stringprep
print(stringprep.in_table_b1("\u00ad"), stringprep.map_table_b2("\u212b"), stringprep.in_table_c12("\u3000"))
print("B\u00fccher.example".encode("idna"), b"xn--bcher-kva.example".decode("idna"))
