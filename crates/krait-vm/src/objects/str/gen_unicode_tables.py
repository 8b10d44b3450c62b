"""Writes unicode_tables.rs: the character classes and case mappings behind str's
methods, taken from python3.11's own answers so krait agrees with CPython 3.11's
Unicode database (14.0) whatever Unicode version Rust's own char methods follow.

    /usr/bin/python3.11 crates/krait-vm/src/objects/str/gen_unicode_tables.py
"""

import os
import unicodedata

MAX = 0x110000


def ranges(pred):
    out, start = [], None
    for c in range(MAX):
        ok = pred(chr(c))
        if ok and start is None:
            start = c
        elif not ok and start is not None:
            out.append((start, c - 1))
            start = None
    if start is not None:
        out.append((start, MAX - 1))
    return out


# Word_Break MidLetter, MidNumLet and Single_Quote: case-ignorable besides the
# categories Mn, Me, Cf, Lm and Sk (Unicode's Case_Ignorable definition).
WORD_BREAK_MIDS = set(map(ord, ":\u00b7\u0387\u055f\u05f4\u2027\ufe13\ufe55\uff1a"
                               ".\u2018\u2019\u2024\ufe52\uff07\uff0e'"))


def case_ignorable(c):
    return unicodedata.category(c) in ("Mn", "Me", "Cf", "Lm", "Sk") or ord(c) in WORD_BREAK_MIDS


def table(name, rs):
    lines = [f"pub static {name}: &[(u32, u32)] = &["]
    row = []
    for a, b in rs:
        row.append(f"(0x{a:x}, 0x{b:x}),")
        if len(row) == 6:
            lines.append("    " + " ".join(row))
            row = []
    if row:
        lines.append("    " + " ".join(row))
    lines.append("];")
    return "\n".join(lines)


def rust_str(s):
    return '"' + "".join(f"\\u{{{ord(ch):x}}}" for ch in s) + '"'


def mapping(name, pairs):
    lines = [f"pub static {name}: &[(u32, &str)] = &["]
    for c, s in pairs:
        lines.append(f"    (0x{c:x}, {rust_str(s)}),")
    lines.append("];")
    return "\n".join(lines)


parts = [
    "//! Unicode character classes as CPython 3.11 sees them (generated, do not edit).",
    "//! Regenerate: /usr/bin/python3.11 crates/krait-vm/src/objects/str/gen_unicode_tables.py",
    "",
    table("PRINTABLE", ranges(str.isprintable)),
    table("ALPHA", ranges(str.isalpha)),
    table("DECIMAL", ranges(str.isdecimal)),
    table("DIGIT", ranges(str.isdigit)),
    table("NUMERIC", ranges(str.isnumeric)),
    table("XID_START", ranges(lambda c: c.isidentifier())),
    table("XID_CONTINUE", ranges(lambda c: ("a" + c).isidentifier())),
    table("TITLECASE", ranges(lambda c: c.istitle() and not c.isupper())),
    table("LOWERCASE", ranges(str.islower)),
    table("CASE_IGNORABLE", ranges(case_ignorable)),
    table("UPPERCASE", ranges(str.isupper)),
    mapping("UPPER_MAP", [(c, chr(c).upper()) for c in range(MAX) if chr(c).upper() != chr(c)]),
    mapping("LOWER_MAP", [(c, chr(c).lower()) for c in range(MAX) if chr(c).lower() != chr(c)]),
    mapping("TITLE_MAP", [(c, chr(c).title()) for c in range(MAX) if chr(c).title() != chr(c).upper()]),
    mapping("FOLD_MAP", [(c, chr(c).casefold()) for c in range(MAX) if chr(c).casefold() != chr(c).lower()]),
    "",
]
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "unicode_tables.rs"), "w") as f:
    f.write("\n".join(parts))
