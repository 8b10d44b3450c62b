# A hand-written recursive-descent parser and printer for a JSON-like format
# (objects, arrays, strings with escapes, numbers, true/false/null, comments).
import random


class ParseError(Exception):
    pass


class Reader:
    def __init__(self, text):
        self.text = text
        self.pos = 0

    def skip_space(self):
        text, pos = self.text, self.pos
        while pos < len(text):
            ch = text[pos]
            if ch in " \t\r\n":
                pos += 1
            elif text.startswith("//", pos):
                end = text.find("\n", pos)
                pos = len(text) if end < 0 else end + 1
            else:
                break
        self.pos = pos

    def value(self):
        self.skip_space()
        ch = self.text[self.pos]
        if ch == "{":
            return self.obj()
        if ch == "[":
            return self.array()
        if ch == '"':
            return self.string()
        if ch == "-" or ch.isdigit():
            return self.number()
        for word, result in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return result
        raise ParseError(f"unexpected {ch!r} at {self.pos}")

    def expect(self, ch):
        self.skip_space()
        if self.text[self.pos] != ch:
            raise ParseError(f"expected {ch!r} at {self.pos}")
        self.pos += 1

    def obj(self):
        self.expect("{")
        result = {}
        self.skip_space()
        if self.text[self.pos] == "}":
            self.pos += 1
            return result
        while True:
            self.skip_space()
            key = self.string()
            self.expect(":")
            result[key] = self.value()
            self.skip_space()
            ch = self.text[self.pos]
            self.pos += 1
            if ch == "}":
                return result
            if ch != ",":
                raise ParseError(f"expected ',' or '}}' at {self.pos - 1}")

    def array(self):
        self.expect("[")
        result = []
        self.skip_space()
        if self.text[self.pos] == "]":
            self.pos += 1
            return result
        while True:
            result.append(self.value())
            self.skip_space()
            ch = self.text[self.pos]
            self.pos += 1
            if ch == "]":
                return result
            if ch != ",":
                raise ParseError(f"expected ',' or ']' at {self.pos - 1}")

    ESCAPES = {'"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}

    def string(self):
        text = self.text
        if text[self.pos] != '"':
            raise ParseError(f"expected string at {self.pos}")
        pos = self.pos + 1
        parts = []
        while True:
            ch = text[pos]
            if ch == '"':
                break
            if ch == "\\":
                code = text[pos + 1]
                if code == "u":
                    parts.append(chr(int(text[pos + 2:pos + 6], 16)))
                    pos += 6
                else:
                    parts.append(self.ESCAPES[code])
                    pos += 2
            else:
                parts.append(ch)
                pos += 1
        self.pos = pos + 1
        return "".join(parts)

    def number(self):
        text, start = self.text, self.pos
        pos = start + 1
        while pos < len(text) and (text[pos].isdigit() or text[pos] in ".eE+-"):
            pos += 1
        self.pos = pos
        literal = text[start:pos]
        if any(c in literal for c in ".eE"):
            return float(literal)
        return int(literal)


def parse(text):
    reader = Reader(text)
    result = reader.value()
    reader.skip_space()
    if reader.pos != len(text):
        raise ParseError(f"trailing data at {reader.pos}")
    return result


def quote(s):
    out = ['"']
    for ch in s:
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 32 or ord(ch) > 126:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def render(value, indent=0):
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = [f"{pad}  {quote(k)}: {render(v, indent + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(inner) + "\n" + pad + "}"
    if isinstance(value, list):
        return "[" + ", ".join(render(v, indent + 1) for v in value) + "]"
    if isinstance(value, str):
        return quote(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    return repr(value)


def generate(rng, depth):
    kind = rng.randrange(8 if depth < 4 else 5)
    if kind == 0:
        return rng.randint(-10**6, 10**6)
    if kind == 1:
        return round(rng.uniform(-1000.0, 1000.0), 3)
    if kind == 2:
        return "".join(rng.choice('abc xyz"\\\n\t\u00e9\u4e2d') for _ in range(rng.randint(0, 12)))
    if kind == 3:
        return rng.choice([True, False, None])
    if kind == 4:
        return f"id-{rng.randrange(10**5)}"
    if kind in (5, 6):
        return {f"k{i}_{rng.randrange(100)}": generate(rng, depth + 1) for i in range(rng.randint(0, 5))}
    return [generate(rng, depth + 1) for _ in range(rng.randint(0, 6))]


rng = random.Random(7)
documents = [{f"entry{i}": generate(rng, 1) for i in range(rng.randint(4, 10))} for _ in range(1000)]
total_chars = 0
checksum = 0
for doc in documents:
    text = "// generated\n" + render(doc)
    parsed = parse(text)
    assert parsed == doc
    again = render(parsed)
    total_chars += len(again)
    checksum = (checksum * 7 + sum(map(ord, again))) % 1000000007
print(len(documents), total_chars, checksum)
print(render(documents[3])[:300])
