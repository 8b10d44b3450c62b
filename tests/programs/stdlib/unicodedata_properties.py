# unicodedata: every property of a selection of characters, in 14.0.0 and in
# ucd_3_2_0: Latin, digits, fractions, combining marks, CJK (unified, compatibility,
# new in 14.0), Hangul, emoji, controls, private use, unassigned code points.
import unicodedata

SAMPLE = [
    "A", "z", "0", "7", "\u00bd", "\u2155", "\u00b2", "\u2460", "\u216b", "\u0f33",
    "\u0660", "\u0967", "\uff11", "\U0001d7ce", "\u3007", "\u4e00", "\u9fff", "\u3400",
    "\U00020000", "\U0002a6df", "\U00030000", "\U0003134a", "\uf900", "\ufa70",
    "\U0002f800", "\uac00", "\uac01", "\ud7a3", "\u1100", "\u1161", "\u11a8",
    "\u0301", "\u0323", "\u0345", "\u05b0", "\u0f71", "\u20dd", "\U0001f600",
    "\U0001f468", "\U0001faf8", "\u200d", "\ufe0f", "\u00a0", "\u3000", "\t", "\n",
    "\x00", "\x7f", "\u0085", "\u2028", "\u00e9", "\u01c5", "\u1e9e", "\ufb01",
    "\u2126", "\u212b", "\u0130", "\u0345", "\u0378", "\u0870", "\U0001e290",
    "\ue000", "\U000f0000", "\U0010fffd", "\U0010ffff", "\ufffe", "(", ")", "\u226e",
    "\u2a7d", "\u05d0", "\u0627", "\u0661", "\u202e", "\u2066", "\U00016fe4",
    "\U00018b00", "\U0001b170", "\U00017000", "\U000e0001", "\u0e3f", "\u20ac",
]


def props(db, c):
    return (
        db.name(c, None),
        db.category(c),
        db.bidirectional(c),
        db.combining(c),
        db.east_asian_width(c),
        db.mirrored(c),
        db.decimal(c, None),
        db.digit(c, None),
        db.numeric(c, None),
        db.decomposition(c),
    )


print(unicodedata.unidata_version, unicodedata.ucd_3_2_0.unidata_version)
for c in SAMPLE:
    print(f"U+{ord(c):04X}", props(unicodedata, c))
    old = props(unicodedata.ucd_3_2_0, c)
    if old != props(unicodedata, c):
        print("   3.2.0", old)

# Defaults and the errors without them.
for f in (unicodedata.decimal, unicodedata.digit, unicodedata.numeric, unicodedata.name):
    print(f.__name__, f("\u0378", "default"), f("\u0378", None))
    try:
        f("\u0378")
    except ValueError as e:
        print(f.__name__, "ValueError:", e)
print(unicodedata.decimal("\u00b2", -1), unicodedata.digit("\u00b2"), unicodedata.numeric("\u00bd"))
print(unicodedata.numeric("\u5146"), unicodedata.numeric("\U0001ec5c", None), unicodedata.numeric("\u0f33"))

# Argument errors.
for call in (
    lambda: unicodedata.category("ab"),
    lambda: unicodedata.category(""),
    lambda: unicodedata.category(65),
    lambda: unicodedata.decimal("ab"),
    lambda: unicodedata.name(b"a"),
    lambda: unicodedata.category(),
    lambda: unicodedata.decimal(),
    lambda: unicodedata.decimal("1", 2, 3),
    lambda: unicodedata.digit("1", default=3),
    lambda: unicodedata.ucd_3_2_0.category(),
    lambda: unicodedata.ucd_3_2_0.combining(1),
    lambda: unicodedata.UCD(),
    lambda: unicodedata.UCD.category(unicodedata, "a"),
):
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)

old = unicodedata.ucd_3_2_0
print(type(old).__name__, type(old).__module__, old.unidata_version)
try:
    old.unidata_version = "1"
except AttributeError as e:
    print("AttributeError", e)
print(unicodedata.UCD.category(old, "\U0001f600"), old.category("\u0221"), unicodedata.category("\u0221"))
