# unicodedata reads a lone surrogate as itself (category Cs), so idna's nameprep
# refuses it as CPython's does.
import unicodedata, stringprep
c = '\udf42'
print(ascii(c.lower()), ascii(unicodedata.normalize("NFKC", c)), ascii(unicodedata.ucd_3_2_0.normalize("NFKC", c)))
print(stringprep.in_table_c5(c), ascii(stringprep.map_table_b2(c)))
from encodings.idna import nameprep
try:
    print(ascii(nameprep(c)))
except UnicodeError as e:
    print("UnicodeError", e)
print(ascii(unicodedata.normalize("NFC", 'a\udf42\u0301')), unicodedata.is_normalized("NFC", '\udf42'))
for c in ("\udf42", "\ud800", "a", "\ufffd"):
    import unicodedata as u
    print(ascii(c), u.category(c), u.bidirectional(c), u.east_asian_width(c), u.name(c, "-"))
