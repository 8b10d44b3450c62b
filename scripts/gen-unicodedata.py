#!/usr/bin/python3.11
"""Writes crates/krait-stdlib/src/unicodedata/tables.rs: the Unicode 14.0.0 character
database exactly as python3.11's `unicodedata` answers it (its own module is the
source, so Krait agrees with CPython 3.11 whatever Unicode version Rust crates follow).

Run: /usr/bin/python3.11 scripts/gen-unicodedata.py

What it writes:
- three-stage tables from code points to property records (category, bidirectional
  class, combining class, east asian width, mirrored), to numeric records (decimal,
  digit, numeric) and to decompositions;
- the canonical compositions (pairs that NFC joins);
- the changes `ucd_3_2_0` makes (Unicode 3.2.0 as CPython keeps it for IDNA);
- the character names, compressed: words ranked by use and coded in one to three
  printable symbols, each name sharing its leading words with the one before it in
  its block of 64 code points; names made of a prefix and the code point in hex
  (CJK ideographs ...) and Hangul syllables are kept as rules;
- name aliases and named sequences, found by asking python3.11 about every name in
  Perl's copy of the 14.0.0 database (/usr/share/perl/5.36.0/unicore/Name.pl).

Every table is decoded again here and compared with python3.11 before it is written.
"""
import pathlib
import re
import unicodedata as ud

OUT = pathlib.Path(__file__).resolve().parent.parent / "crates/krait-stdlib/src/unicodedata/tables.rs"
PERL_NAMES = pathlib.Path("/usr/share/perl/5.36.0/unicore/Name.pl")
OLD = ud.ucd_3_2_0
MAX = 0x110000
CHARS = [chr(c) for c in range(MAX)]

# Printable ASCII but for `"` and `\`: names are written as plain string literals.
SYMBOLS = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '"\\')
RADIX = len(SYMBOLS)
NAME_BLOCK = 64

assert ud.unidata_version == "14.0.0"


# ---------------------------------------------------------------------------
# Tables


def three_stage(values):
    """Splits `values` (one per code point) into three levels, choosing the shifts
    that make the smallest table. Returns (shift1, shift2, top, mid, leaf)."""

    def split(table, shift):
        size = 1 << shift
        blocks, index = {}, []
        for i in range(0, len(table), size):
            block = tuple(table[i:i + size])
            index.append(blocks.setdefault(block, len(blocks)))
        return index, [x for block in blocks for x in block]

    def cost(table):
        return len(table) * (1 if max(table) < 256 else 2)

    best = None
    for s1 in range(3, 9):
        mid_index, leaf = split(values, s1)
        for s2 in range(2, 8):
            top, mid = split(mid_index, s2)
            size = cost(top) + cost(mid) + cost(leaf)
            if best is None or size < best[0]:
                best = (size, s1, s2, top, mid, leaf)
    _, s1, s2, top, mid, leaf = best
    for cp in range(0, MAX, 997):
        m = mid[(top[cp >> (s1 + s2)] << s2) + ((cp >> s1) & ((1 << s2) - 1))]
        assert leaf[(m << s1) + (cp & ((1 << s1) - 1))] == values[cp]
    return s1, s2, top, mid, leaf


def int_type(table):
    return "u8" if max(table) < 256 else "u16"


def array_body(items, width=100):
    lines, line = [], ""
    for item in items:
        piece = f"{item},"
        if len(line) + len(piece) > width:
            lines.append(line)
            line = ""
        line += piece
    if line:
        lines.append(line)
    return "\n".join(lines)


def int_array(name, table, kind=None):
    kind = kind or int_type(table)
    return f"pub static {name}: [{kind}; {len(table)}] = [\n{array_body(table)}\n];"


def trie(name, values):
    s1, s2, top, mid, leaf = three_stage(values)
    return "\n".join([
        f"pub static {name}: Trie<{int_type(top)}, {int_type(mid)}, {int_type(leaf)}> = Trie {{",
        f"    leaf_shift: {s1},",
        f"    mid_shift: {s2},",
        f"    top: &{name}_TOP,",
        f"    mid: &{name}_MID,",
        f"    leaf: &{name}_LEAF,",
        "};",
        int_array(f"{name}_TOP", top),
        int_array(f"{name}_MID", mid),
        int_array(f"{name}_LEAF", leaf),
    ])


def str_array(name, strings):
    body = ", ".join(f'"{s}"' for s in strings)
    return f"pub static {name}: [&str; {len(strings)}] = [{body}];"


def interned(values):
    """The distinct values in order of first appearance, and each value's index."""
    values = list(values)
    order = {}
    for v in values:
        order.setdefault(v, len(order))
    return list(order), [order[v] for v in values]


def string_literal(name, text, width=100):
    assert '"' not in text and "\\" not in text and not any(c.isspace() for c in text)
    lines = [text[i:i + width] for i in range(0, len(text), width)]
    return f'pub static {name}: &str = "\\\n' + "\\\n".join(lines) + '";'


# ---------------------------------------------------------------------------
# Properties

CATEGORIES = sorted({ud.category(c) for c in CHARS} | {OLD.category(c) for c in CHARS})
BIDIRECTIONAL = sorted({ud.bidirectional(c) for c in CHARS} | {OLD.bidirectional(c) for c in CHARS})
EAST_ASIAN_WIDTHS = sorted({ud.east_asian_width(c) for c in CHARS} | {OLD.east_asian_width(c) for c in CHARS})


def property_record(c):
    return (CATEGORIES.index(ud.category(c)), BIDIRECTIONAL.index(ud.bidirectional(c)),
            ud.combining(c), EAST_ASIAN_WIDTHS.index(ud.east_asian_width(c)), ud.mirrored(c))


def properties():
    records, index = interned(property_record(c) for c in CHARS)
    rows = [f"    Properties {{ category: {a}, bidirectional: {b}, combining: {c}, "
            f"east_asian_width: {d}, mirrored: {'true' if e else 'false'} }},"
            for a, b, c, d, e in records]
    return "\n".join([
        str_array("CATEGORY_NAMES", CATEGORIES),
        str_array("BIDIRECTIONAL_NAMES", BIDIRECTIONAL),
        str_array("EAST_ASIAN_WIDTH_NAMES", EAST_ASIAN_WIDTHS),
        f"pub static PROPERTIES: [Properties; {len(records)}] = [",
        *rows,
        "];",
        trie("PROPERTY_INDEX", index),
    ])


def numeric_record(c):
    decimal, digit, numeric = ud.decimal(c, None), ud.digit(c, None), ud.numeric(c, None)
    return (-1 if decimal is None else decimal, -1 if digit is None else digit, numeric)


def float_literal(x):
    text = repr(x)
    return text if any(ch in text for ch in ".e") else text + ".0"


def numerics():
    records, index = interned(numeric_record(c) for c in CHARS)
    assert records[0] == (-1, -1, None)
    rows = [f"    Numeric {{ decimal: {d}, digit: {g}, numeric: "
            f"{'None' if n is None else 'Some(' + float_literal(n) + ')'} }},"
            for d, g, n in records]
    return "\n".join([
        f"pub static NUMERICS: [Numeric; {len(records)}] = [",
        *rows,
        "];",
        trie("NUMERIC_INDEX", index),
    ])


def parse_decomposition(text):
    """(tag, code points) of a decomposition string such as '<compat> 0020 0301'."""
    parts = text.split()
    tag = parts.pop(0) if parts and parts[0].startswith("<") else ""
    return tag, [int(p, 16) for p in parts]


def decompositions():
    tags = [""] + sorted({parse_decomposition(ud.decomposition(c))[0] for c in CHARS} - {""})
    data, offsets, index = [0], {"": 0}, []
    for c in CHARS:
        text = ud.decomposition(c)
        if text not in offsets:
            tag, points = parse_decomposition(text)
            offsets[text] = len(data)
            data.append(len(points) << 8 | tags.index(tag))
            data.extend(points)
        index.append(offsets[text])
    # Every decomposition prints back as python3.11 prints it.
    for c in CHARS:
        at = index[ord(c)]
        count, tag = data[at] >> 8, tags[data[at] & 255]
        printed = " ".join(([tag] if tag else []) + [f"{p:04X}" for p in data[at + 1:at + 1 + count]])
        assert printed == ud.decomposition(c), hex(ord(c))
    return "\n".join([
        str_array("DECOMPOSITION_TAGS", tags),
        "/// Each decomposition: a header (count << 8 | tag) and its code points.",
        int_array("DECOMPOSITIONS", data, "u32"),
        trie("DECOMPOSITION_INDEX", index),
    ])


def compositions():
    """The pairs NFC joins: canonical two-character decompositions of the characters
    NFC keeps (so neither excluded nor singleton)."""
    pairs = []
    for c in CHARS:
        tag, points = parse_decomposition(ud.decomposition(c))
        if tag == "" and len(points) == 2 and ud.normalize("NFC", c) == c:
            pairs.append((points[0], points[1], ord(c)))
    pairs.sort()
    rows = array_body(f"(0x{a:X}, 0x{b:X}, 0x{c:X})" for a, b, c in pairs)
    return f"pub static COMPOSITIONS: [(u32, u32, u32); {len(pairs)}] = [\n{rows}\n];"


# ---------------------------------------------------------------------------
# Unicode 3.2.0 (`ucd_3_2_0`)

UNCHANGED = -2


def old_record(c):
    """What `ucd_3_2_0` says differently about `c`, or None."""
    unassigned = OLD.category(c) == "Cn" and ud.category(c) != "Cn"
    if (OLD.decimal(c, None), OLD.numeric(c, None)) == (ud.decimal(c, None), ud.numeric(c, None)):
        decimal = UNCHANGED
    elif OLD.decimal(c, None) is None and OLD.numeric(c, None) is None:
        decimal = -1
    else:
        decimal = OLD.decimal(c)
        assert OLD.numeric(c) == decimal, hex(ord(c))
    record = (unassigned, CATEGORIES.index(OLD.category(c)), BIDIRECTIONAL.index(OLD.bidirectional(c)),
              EAST_ASIAN_WIDTHS.index(OLD.east_asian_width(c)), OLD.mirrored(c), decimal)
    if not unassigned and decimal == UNCHANGED and record[1:5] == property_record(c)[0:2] + property_record(c)[3:5]:
        return None
    return record


def check_old_record(c, record):
    """The record reproduces every answer `ucd_3_2_0` gives about `c`."""
    if record is None:
        same = [f(c, None) if f in (ud.decimal, ud.digit, ud.numeric, ud.name) else f(c)
                for f in (ud.category, ud.bidirectional, ud.combining, ud.east_asian_width, ud.mirrored,
                          ud.decimal, ud.digit, ud.numeric, ud.decomposition, ud.name)]
        old = [f(c, None) if f in (OLD.decimal, OLD.digit, OLD.numeric, OLD.name) else f(c)
               for f in (OLD.category, OLD.bidirectional, OLD.combining, OLD.east_asian_width, OLD.mirrored,
                         OLD.decimal, OLD.digit, OLD.numeric, OLD.decomposition, OLD.name)]
        assert same == old, hex(ord(c))
        return
    unassigned, category, bidirectional, width, mirrored, decimal = record
    assert OLD.category(c) == CATEGORIES[category]
    assert OLD.bidirectional(c) == BIDIRECTIONAL[bidirectional]
    assert OLD.east_asian_width(c) == EAST_ASIAN_WIDTHS[width]
    assert OLD.mirrored(c) == mirrored
    assert OLD.combining(c) == (0 if unassigned else ud.combining(c))
    assert OLD.decomposition(c) == ("" if unassigned else ud.decomposition(c))
    assert OLD.name(c, None) == (None if unassigned else ud.name(c, None))
    assert OLD.digit(c, None) == ud.digit(c, None)
    if unassigned:
        expected = (None, None)
    elif decimal == UNCHANGED:
        expected = (ud.decimal(c, None), ud.numeric(c, None))
    elif decimal == -1:
        expected = (None, None)
    else:
        expected = (decimal, float(decimal))
    assert (OLD.decimal(c, None), OLD.numeric(c, None)) == expected, hex(ord(c))


def old_version():
    records = [None]
    order = {None: 0}
    index = []
    for c in CHARS:
        record = old_record(c)
        check_old_record(c, record)
        if record not in order:
            order[record] = len(records)
            records.append(record)
        index.append(order[record])
    rows = [f"    Change {{ unassigned: {'true' if u else 'false'}, category: {a}, bidirectional: {b}, "
            f"east_asian_width: {w}, mirrored: {'true' if m else 'false'}, decimal: {d} }},"
            for u, a, b, w, m, d in records[1:]]
    # Characters whose 3.2.0 decomposition differs from their 14.0.0 one.
    corrections = []
    for c in CHARS:
        if OLD.category(c) != "Cn" and OLD.normalize("NFD", c) != ud.normalize("NFD", c):
            replacement = OLD.normalize("NFD", c)
            assert len(replacement) == 1, hex(ord(c))
            corrections.append((ord(c), ord(replacement)))
    return "\n".join([
        "/// `ucd_3_2_0`'s records; index 0 of the trie means no change (decimal -2 keeps",
        "/// today's decimal and numeric values, -1 has none).",
        f"pub static CHANGES_3_2_0: [Change; {len(rows)}] = [",
        *rows,
        "];",
        trie("CHANGE_INDEX_3_2_0", index),
        "/// Characters that decompose to another one in 3.2.0.",
        f"pub static NORMALIZATION_3_2_0: [(u32, u32); {len(corrections)}] = ["
        + ", ".join(f"(0x{a:X}, 0x{b:X})" for a, b in corrections) + "];",
    ])


# ---------------------------------------------------------------------------
# Names

HANGUL_BASE, HANGUL_COUNT = 0xAC00, 11172


def hangul_jamo():
    """The short names of the leading consonants, vowels and trailing consonants,
    read back from the syllables' names."""
    syllable = lambda cp: ud.name(chr(cp))[len("HANGUL SYLLABLE "):]
    first_vowel = syllable(HANGUL_BASE)[len(syllable(HANGUL_BASE)) - 1:]  # 'A'
    leads = [syllable(HANGUL_BASE + l * 588)[:-len(first_vowel)] for l in range(19)]
    vowels = [syllable(HANGUL_BASE + v * 28)[len(leads[0]):] for v in range(21)]
    trails = [syllable(HANGUL_BASE + t)[len(leads[0]) + len(vowels[0]):] for t in range(28)]
    for s in range(HANGUL_COUNT):
        l, v, t = s // 588, s % 588 // 28, s % 28
        assert ud.name(chr(HANGUL_BASE + s)) == "HANGUL SYLLABLE " + leads[l] + vowels[v] + trails[t]
    return leads, vowels, trails


def hex_named_ranges():
    """Runs of code points named prefix + their code point in hex:
    [(first, last, prefix)]."""
    runs = []
    for cp in range(MAX):
        if HANGUL_BASE <= cp < HANGUL_BASE + HANGUL_COUNT:
            continue
        name = ud.name(CHARS[cp], "")
        m = re.fullmatch(r"(.*-)([0-9A-F]{4,6})", name)
        if not (m and int(m.group(2), 16) == cp and name == f"{m.group(1)}{cp:04X}"):
            continue
        if runs and runs[-1][1] == cp - 1 and runs[-1][2] == m.group(1):
            runs[-1][1] = cp
        else:
            runs.append([cp, cp, m.group(1)])
    return [tuple(r) for r in runs]


def table_names(ranges):
    """Every name kept in the word table: {code point: name}."""
    in_ranges = lambda cp: any(a <= cp <= b for a, b, _ in ranges)
    return {cp: ud.name(CHARS[cp]) for cp in range(MAX)
            if ud.name(CHARS[cp], None) and not in_ranges(cp)
            and not HANGUL_BASE <= cp < HANGUL_BASE + HANGUL_COUNT}


def aliases_and_sequences():
    """The aliases and named sequences python3.11's `lookup` knows, among all names
    in Perl's copy of the 14.0.0 database."""
    text = PERL_NAMES.read_text()
    assert "Version 14.0.0" in text
    candidates = {line for line in text.splitlines() if re.fullmatch(r"[A-Z0-9][A-Z0-9 ()-]*", line)}
    aliases, sequences = [], []
    for name in sorted(candidates):
        try:
            found = ud.lookup(name)
        except KeyError:
            continue
        if len(found) > 1:
            sequences.append((name, [ord(c) for c in found]))
        elif ud.name(found, None) != name:
            aliases.append((name, ord(found)))
    # CPython 3.11's tables hold 470 aliases and 461 named sequences.
    assert (len(aliases), len(sequences)) == (470, 461), (len(aliases), len(sequences))
    for name, _ in aliases + sequences:
        try:
            OLD.lookup(name)
        except KeyError:
            pass
        else:
            raise AssertionError(name)
    return aliases, sequences


class WordCode:
    """Word numbers coded in one, two or three symbols: the first symbol of a word
    below `one` is the whole code, below `one + two` it is followed by one more,
    else by two more."""

    def __init__(self, counts):
        ranked = sorted(counts, key=lambda w: (-counts[w], w))
        best = None
        for one in range(1, RADIX):
            # As many two-symbol codes as leave room for the rest in three symbols.
            for two in range(RADIX - one - 1, -1, -1):
                three = RADIX - one - two
                if one + two * RADIX + three * RADIX * RADIX < len(ranked):
                    continue
                size = sum(counts[w] * (1 if i < one else 2 if i < one + two * RADIX else 3)
                           for i, w in enumerate(ranked))
                if best is None or size < best[0]:
                    best = (size, one, two)
                break
        _, self.one, self.two = best
        # Within each length of code, words sort by length, so a word's place in the
        # lexicon follows from its number (see `runs`).
        tiers = [ranked[:self.one], ranked[self.one:self.one + self.two * RADIX],
                 ranked[self.one + self.two * RADIX:]]
        self.words = [w for tier in tiers for w in sorted(tier, key=lambda w: (len(w), w))]
        self.number = {w: i for i, w in enumerate(self.words)}

    def encode(self, word):
        n = self.number[word]
        if n < self.one:
            return SYMBOLS[n]
        n -= self.one
        if n < self.two * RADIX:
            return SYMBOLS[self.one + n // RADIX] + SYMBOLS[n % RADIX]
        n -= self.two * RADIX
        return SYMBOLS[self.one + self.two + n // (RADIX * RADIX)] + SYMBOLS[n // RADIX % RADIX] + SYMBOLS[n % RADIX]

    def decode(self, text, at):
        s = SYMBOLS.index(text[at])
        if s < self.one:
            return s, at + 1
        if s < self.one + self.two:
            return self.one + (s - self.one) * RADIX + SYMBOLS.index(text[at + 1]), at + 2
        high = (s - self.one - self.two) * RADIX * RADIX
        return (self.one + self.two * RADIX + high + SYMBOLS.index(text[at + 1]) * RADIX
                + SYMBOLS.index(text[at + 2])), at + 3

    def runs(self):
        """(first word number, offset in the lexicon, length) for each run of words of
        one length: the lexicon is the words concatenated in number order."""
        runs, offset = [], 0
        for i, w in enumerate(self.words):
            if not runs or runs[-1][2] != len(w) or (i in (self.one, self.one + self.two * RADIX)):
                runs.append((i, offset, len(w)))
            offset += len(w)
        return runs


def encode_names(names, code):
    """The phrasebook: for each block of NAME_BLOCK code points with names, its
    names in order, each as: the code point's place in the block, how many leading
    words it shares with the name before it, how many words follow, the words."""
    text, blocks = [], []
    previous_block, previous = None, []
    for cp in sorted(names):
        words = names[cp].split(" ")
        block = cp // NAME_BLOCK
        if block != previous_block:
            blocks.append((block, sum(len(t) for t in text)))
            previous_block, previous = block, []
        shared = 0
        while shared < min(len(words) - 1, len(previous)) and words[shared] == previous[shared]:
            shared += 1
        new = words[shared:]
        assert shared < RADIX and 0 < len(new) < RADIX
        text.append(SYMBOLS[cp % NAME_BLOCK] + SYMBOLS[shared] + SYMBOLS[len(new)] + "".join(code.encode(w) for w in new))
        previous = words
    return "".join(text), blocks


def decode_names(text, blocks, code):
    """The names the phrasebook holds, read back as the Rust code reads them."""
    names = {}
    ends = [offset for _, offset in blocks[1:]] + [len(text)]
    for (block, at), end in zip(blocks, ends):
        previous = []
        while at < end:
            cp = block * NAME_BLOCK + SYMBOLS.index(text[at])
            shared, count = SYMBOLS.index(text[at + 1]), SYMBOLS.index(text[at + 2])
            at += 3
            words = previous[:shared]
            for _ in range(count):
                n, at = code.decode(text, at)
                words.append(code.words[n])
            names[cp] = " ".join(words)
            previous = words
    return names


def names():
    leads, vowels, trails = hangul_jamo()
    ranges = hex_named_ranges()
    prefixes = sorted({p for _, _, p in ranges})
    named = table_names(ranges)
    # A name with one of these prefixes is always read as prefix and hex.
    assert not any(n.startswith(tuple(prefixes)) for n in named.values())
    aliases, sequences = aliases_and_sequences()
    counts = {}
    for name in named.values():
        for w in name.split(" "):
            counts[w] = counts.get(w, 0) + 1
    code = WordCode(counts)
    text, blocks = encode_names(named, code)
    assert decode_names(text, blocks, code) == named
    runs = code.runs()
    lexicon = "".join(code.words)
    for n, w in enumerate(code.words):
        first, offset, length = max(r for r in runs if r[0] <= n)
        assert lexicon[offset + (n - first) * length:][:length] == w
    sequence_points = [p for _, points in sequences for p in points]
    sequence_rows, at = [], 0
    for name, points in sequences:
        sequence_rows.append(f'    ("{name}", {at}, {len(points)}),')
        at += len(points)
    return "\n".join([
        str_array("HANGUL_LEADS", leads),
        str_array("HANGUL_VOWELS", vowels),
        str_array("HANGUL_TRAILS", trails),
        str_array("HEX_NAME_PREFIXES", prefixes),
        "/// Code points named a prefix (by index) and their own number in hex.",
        f"pub static HEX_NAMED: [(u32, u32, u8); {len(ranges)}] = [",
        array_body(f"(0x{a:X}, 0x{b:X}, {prefixes.index(p)})" for a, b, p in ranges),
        "];",
        f"pub const NAME_BLOCK: u32 = {NAME_BLOCK};",
        f"pub const ONE_SYMBOL_WORDS: usize = {code.one};",
        f"pub const TWO_SYMBOL_LEADS: usize = {code.two};",
        "/// The symbols names are written in; a symbol's value is its place here.",
        f'pub static SYMBOLS: &str = "{SYMBOLS}";',
        "/// (first word number, offset in LEXICON, length) of each run of words of one length.",
        f"pub static WORD_RUNS: [(u16, u32, u8); {len(runs)}] = [",
        array_body(f"({a}, {b}, {c})" for a, b, c in runs),
        "];",
        "/// Blocks of NAME_BLOCK code points that have names, and where they start in PHRASEBOOK.",
        f"pub static NAME_BLOCKS: [(u16, u32); {len(blocks)}] = [",
        array_body(f"({a}, {b})" for a, b in blocks),
        "];",
        string_literal("LEXICON", lexicon),
        string_literal("PHRASEBOOK", text),
        f"pub static ALIASES: [(&str, u32); {len(aliases)}] = [",
        *(f'    ("{name}", 0x{cp:X}),' for name, cp in aliases),
        "];",
        "/// (name, start in SEQUENCE_POINTS, length).",
        f"pub static NAMED_SEQUENCES: [(&str, u16, u8); {len(sequences)}] = [",
        *sequence_rows,
        "];",
        int_array("SEQUENCE_POINTS", sequence_points, "u32"),
    ])


def main():
    parts = [
        "// generated by scripts/gen-unicodedata.py from python3.11's `unicodedata`; do not edit.",
        "// Regenerate: /usr/bin/python3.11 scripts/gen-unicodedata.py",
        "//! The Unicode 14.0.0 character database as CPython 3.11 has it.",
        "",
        "use super::records::{Change, Numeric, Properties, Trie};",
        "",
        'pub const UNIDATA_VERSION: &str = "14.0.0";',
        properties(),
        numerics(),
        decompositions(),
        compositions(),
        old_version(),
        names(),
        "",
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(parts))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
