"""Kind `format`: format specs, printf-style `%`, f-strings, str.format, and numbers
to and from text (float repr, float()/int() parsing, float.fromhex, strftime).

Widths stay below 10**6 or are absurd (past what fits in memory), so nothing
legitimately allocates gigabytes.
"""

import struct

from . import values

FILLS = [" ", "*", "0", "<", "é", "日", "\x00", "\U0001f600", "{", "}", "%", "\t", "a", "="]
# No width between 10**6 and 2**63: python3.11 would really pad to it, and with
# "0" and grouping it pads by looping over the width.
WIDTHS = [
    "0", "1", "2", "5", "10", "17", "30", "100", "1000", "100000", "999999", "01",
    "9" * 19, "9" * 30,
]
PRECISIONS = [
    "0", "1", "3", "6", "10", "17", "30", "100", "1000", "100000", "", "9" * 19,
    "9223372036854775807",
]
TYPES = list("bcdeEfFgGnosxX%") + ["", "", "", "y", "z", "a", "r", "!", "ä", "D", "S"]


def format_spec(rng):
    """A format spec for format()/__format__: each field present at random."""
    parts = []
    if rng.random() < 0.35:
        if rng.random() < 0.5:
            parts.append(rng.choice(FILLS))
        parts.append(rng.choice("<>=^"))
    if rng.random() < 0.3:
        parts.append(rng.choice("+- "))
    if rng.random() < 0.08:
        parts.append("z")
    if rng.random() < 0.2:
        parts.append("#")
    if rng.random() < 0.2:
        parts.append("0")
    if rng.random() < 0.5:
        parts.append(rng.choice(WIDTHS))
    if rng.random() < 0.25:
        parts.append(rng.choice([",", "_", ",_", "__", "_,"]))
    if rng.random() < 0.4:
        parts.append("." + rng.choice(PRECISIONS))
    if rng.random() < 0.7:
        parts.append(rng.choice(TYPES))
    if rng.random() < 0.03:
        rng.shuffle(parts)
    return "".join(parts)


def safe_in_fstring(spec):
    """Whether the spec can be written literally inside f"{x:...}" in 3.11."""
    return not any(c in spec for c in "{}\\\"'\n\r\x00")


PRINTF_TYPES = list("diouxXeEfFgGcrsa%") + ["b", "y", "k", "z", "\x00"]


def printf_spec(rng, key=None):
    """One `%` conversion; returns (text, how many positional values it takes)."""
    text, takes = "%", 1
    if key is not None:
        text += f"({key})"
    text += "".join(rng.sample("-+ #0", rng.randint(0, 2)))
    if rng.random() < 0.4:
        if rng.random() < 0.25 and key is None:
            text, takes = text + "*", takes + 1
        else:
            text += rng.choice(WIDTHS[:11])
    if rng.random() < 0.4:
        if rng.random() < 0.25 and key is None:
            text, takes = text + ".*", takes + 1
        else:
            text += "." + rng.choice(PRECISIONS[:10])
    if rng.random() < 0.05:
        text += rng.choice("hlL")
    conversion = rng.choice(PRINTF_TYPES)
    if conversion == "%":
        takes -= 1
    return text + conversion, takes


def formatted_value(rng):
    """A value worth formatting: mostly numbers and strings."""
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(values.INTS)
    if roll < 0.65:
        return rng.choice(values.FLOATS)
    if roll < 0.72:
        return rng.choice(values.COMPLEXES)
    if roll < 0.85:
        return rng.choice(values.STRS)
    if roll < 0.9:
        return rng.choice(["True", "None", "b'ab'", "[1]", "Odd()", "IntSub(5)", "FloatSub(2.5)"])
    return rng.choice(["Decimal('1.5')", "Decimal('-0')", "Decimal('nan')", "Decimal('1e-30')",
                       "Fraction(1, 3)", "date(2024, 2, 29)", "datetime(1, 1, 1, 0, 0)"])


# Types the format probes use besides builtins; every case defines them.
SETUP = '''\
from decimal import Decimal
from fractions import Fraction
from datetime import date, datetime


class IntSub(int):
    pass


class FloatSub(float):
    def __repr__(self):
        return "FloatSub"


class Odd:
    def __format__(self, spec):
        if spec == "x":
            raise ValueError(spec)
        return spec * 2 if spec else 7
'''


def probe_format(rng):
    value, spec = formatted_value(rng), format_spec(rng)
    forms = [f"format({value}, {spec!r})", f"{'{:' + spec + '}'!r}.format({value})"]
    if safe_in_fstring(spec) and safe_in_fstring(value):
        forms.append(f'f"{{({value}):{spec}}}"')
        forms.append(f'f"{{({value})!r:{spec}}}"')
    forms.append(f"'{{0:{{1}}}}'.format({value}, {spec!r})")
    forms.append(f"({value}).__format__({spec!r})")
    return rng.choice(forms)


# Values for a `*` width or precision: small or past any allocation, like WIDTHS.
STAR_VALUES = ["-5", "0", "3", "20", "100000", "2**62", "-2**62", "2**63", "2**64", "'x'", "1.5"]


def probe_printf(rng):
    use_keys = rng.random() < 0.2
    pieces, takes = [], 0
    for number in range(rng.randint(1, 3)):
        key = rng.choice(["a", "b", "", ")"]) if use_keys else None
        spec, count = printf_spec(rng, key)
        pieces.append(rng.choice(["", "x", " ", "é"]) + spec)
        takes += count
    template = "".join(pieces)
    if rng.random() < 0.15:
        template = template.encode("utf-8", "replace")
        items = [rng.choice(values.BYTES + values.INTS[:8] + ["'s'", "1.5"]) for _ in range(takes)]
    else:
        items = []
        for piece in pieces:  # a value for each star, then one for the conversion
            items += [rng.choice(STAR_VALUES) for _ in range(piece.count("*"))]
            items += [formatted_value(rng)] if not piece.endswith("%") else []
    if use_keys:
        argument = "{" + ", ".join(f"{k!r}: {formatted_value(rng)}" for k in ("a", "b", "")) + "}"
    else:
        if rng.random() < 0.15 and items:  # the wrong number of values, at the end
            items = items[:-1] if rng.random() < 0.5 else items + [formatted_value(rng)]
        argument = items[0] if len(items) == 1 and rng.random() < 0.5 else "(" + "".join(f"{v}, " for v in items) + ")"
    return f"{template!r} % {argument}"


FIELD_TEMPLATES = [
    "'{0[0]}'", "'{0.real}'", "'{!r}'", "'{!s:>5}'", "'{!x}'", "'{}{1}'", "'{0[-1]}'",
    "'{0[1:2]}'", "'{a.b[c]}'", "'{:{:{:}}}'", "'}'", "'{'", "'{{}}'", "'{0!r:'", "'{0[}'",
    "'{0:{1}{2}}'", "'{00}'", "'{0.__class__.__name__}'", "'{ 0 }'", "'{0!}'", "'{:%Y}'",
    "'{0:d}{0:s}'", "'{9999999999999999999}'", "'{0[9999999999999999999]}'",
]


def probe_fields(rng):
    template = rng.choice(FIELD_TEMPLATES)
    arguments = ", ".join(formatted_value(rng) for _ in range(rng.randint(0, 3)))
    if rng.random() < 0.3:
        return f"{template}.format_map({{'a': {formatted_value(rng)}, 'x': 1}})"
    return f"{template}.format({arguments})"


def random_float(rng):
    """Source for a float with random bits, written exactly (float.fromhex)."""
    bits = rng.getrandbits(64)
    if rng.random() < 0.3:  # near the ends of the exponent range
        bits = (bits & 0x800FFFFFFFFFFFFF) | (rng.choice([0, 1, 2, 0x7FE, 0x3FF, 0x433]) << 52)
    number = struct.unpack("<d", struct.pack("<Q", bits))[0]
    if number != number:
        return "float('nan')"
    if number in (float("inf"), float("-inf")):
        return f"float({str(number)!r})"
    return f"float.fromhex({number.hex()!r})"


def decimal_string(rng):
    """Text that float()/int()/complex() may or may not accept."""
    roll = rng.random()
    if roll < 0.1:
        return rng.choice(["infinity", "-iNF", "nan", "+nan", "1e", ".e1", "1_", "_1", "1__0",
                           "0x10", " 1 ", "\u0661\u0662", "1e-400", "1e400", "-0", "0e0", "1.5j",
                           "\u00a01\u2003", "", ".", "1.2.3", "1e+", "inf5", "1_000.000_1"])
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 40)))
    if rng.random() < 0.5:
        cut = rng.randint(0, len(digits))
        digits = digits[:cut] + "." + digits[cut:]
    if rng.random() < 0.5:
        digits += rng.choice("eE") + rng.choice(["", "-", "+"]) + str(rng.randint(0, 400))
    if rng.random() < 0.1 and len(digits) > 2:
        digits = digits[:1] + "_" + digits[1:]
    return rng.choice(["", "-", "+", " "]) + digits


HEX_FLOATS = [
    "0x1.8p1", "0x1p-1074", "0x1p-1075", "0x1p1024", "-0x0p0", "inf", "nan", "0x.8",
    "0x1p", "  0x1p3  ", "0X1P+3", "0x1.0000000000000000000001p0", "0x1.fffffffffffff8p1023",
    "1", "0x", "0x1p-99999999999999", "0x1p99999999999999999999", "0xg", "0x1.p1",
]


def probe_numbers(rng):
    roll = rng.random()
    if roll < 0.35:
        number = random_float(rng)
        return rng.choice([
            f"repr({number})", f"str({number})", f"format({number}, {format_spec(rng)!r})",
            f"'%.17g' % {number}", f"round({number}, {rng.randint(-330, 330)})",
            f"{number}.as_integer_ratio()", f"int({number})", f"{number}.hex()",
            f"repr({number} * {random_float(rng)})", f"divmod({number}, {random_float(rng)})",
            f"{number} % {random_float(rng)}", f"{number} ** {rng.choice(values.SMALL_INTS)}",
        ])
    if roll < 0.6:
        return f"float({decimal_string(rng)!r})"
    if roll < 0.7:
        text = decimal_string(rng)
        return rng.choice([f"complex({text + 'j'!r})", f"complex({text!r})", f"Decimal({text!r})"])
    if roll < 0.85:
        digits = "".join(rng.choice("0123456789abcdefxXzZ_ ") for _ in range(rng.randint(1, 30)))
        base = rng.choice(["0", "2", "8", "10", "16", "36", "37", "1", "-1", "2**64"])
        return f"int({digits!r}, {base})"
    if roll < 0.93:
        return f"float.fromhex({rng.choice(HEX_FLOATS)!r})"
    directives = "".join(rng.choice(["%Y", "%m", "%d", "%H", "%M", "%S", "%j", "%a", "%b", "%p",
                                     "%%", "%", "%Q", "%-d", "%E", "%f", "%z", "%Z", " ", "é",
                                     "%c", "%x", "%G", "%V", "%u", "%U", "%y", "%e", "%:z"])
                         for _ in range(rng.randint(1, 5)))
    moment = rng.choice(["date(2024, 2, 29)", "datetime(1, 1, 1, 0, 0)", "datetime(9999, 12, 31, 23, 59, 59, 999999)"])
    return rng.choice([f"{moment}.strftime({directives!r})", f"format({moment}, {directives!r})"])


PROBES = [probe_format] * 4 + [probe_printf] * 3 + [probe_fields] * 2 + [probe_numbers] * 3


def generate(rng):
    """A case of 12-30 formatting probes, each printing its result or its error."""
    lines = [SETUP]
    for _ in range(rng.randint(12, 30)):
        lines += ["try:", f"    show({rng.choice(PROBES)(rng)})",
                  "except Exception as e:", "    print(type(e).__name__)"]
    return "\n".join(lines) + "\n"
