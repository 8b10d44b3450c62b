"""Greedy shrinking of a failing case: drop cases, lines, blocks, tokens and parts
of string literals while the failure persists.

`still_fails(text) -> bool` decides; every pass keeps a change only when it
does. Stops at a fixpoint or at the deadline (time.monotonic() seconds).
"""

import ast
import re
import time

TOKEN = re.compile(r"""
    [rRbBuUfF]{0,2}(?:'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")   # a string literal
  | \d[\w.]*(?:[eE][+-]?\d+)?j?                                  # a number
  | \w+                                                          # a name
  | \*\*|//|<<|>>|<=|>=|==|!=|->|:=|\S                           # an operator
""", re.X)
BRACKETS = {"(": ")", "[": "]", "{": "}"}


class Shrinker:
    def __init__(self, still_fails, deadline):
        self.still_fails = still_fails
        self.deadline = deadline
        self.verdicts = {}

    def fails(self, text):
        if time.monotonic() > self.deadline:
            return False
        if text not in self.verdicts:
            self.verdicts[text] = self.still_fails(text)
        return self.verdicts[text]

    def drop_chunks(self, items, join):
        """Delta debugging lite: remove ever smaller runs of items."""
        size = len(items) // 2
        while size >= 1:
            start = 0
            while start < len(items):
                candidate = items[:start] + items[start + size:]
                if candidate and self.fails(join(candidate)):
                    items = candidate
                else:
                    start += size
            size //= 2
        return items

    def shrink_lines(self, text):
        lines = self.drop_chunks(text.splitlines(), lambda ls: "\n".join(ls) + "\n")
        return "\n".join(lines) + "\n"

    def unwrap_blocks(self, text):
        """Replace a compound statement by its body, dedented."""
        lines = text.splitlines()
        index = 0
        while index < len(lines):
            line = lines[index]
            if line.rstrip().endswith(":") and not line.lstrip().startswith("#"):
                level = len(line) - len(line.lstrip())
                end = index + 1
                while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > level):
                    end += 1
                body = lines[index + 1:end]
                if body:
                    shift = len(body[0]) - len(body[0].lstrip()) - level
                    dedented = [b[shift:] if b[:shift].isspace() else b for b in body]
                    candidate = lines[:index] + dedented + lines[end:]
                    if self.fails("\n".join(candidate) + "\n"):
                        lines = candidate
                        continue
            index += 1
        return "\n".join(lines) + "\n"

    def shrink_tokens(self, text):
        """Delete single tokens and bracketed groups, or empty the groups."""
        lines = text.splitlines()
        for number in range(len(lines)):
            position = 0
            while True:
                line = lines[number]
                tokens = [m for m in TOKEN.finditer(line) if m.start() >= position]
                if not tokens:
                    break
                token = tokens[0]
                candidates = [line[:token.start()] + line[token.end():]]
                if token.group() in BRACKETS:
                    close = self.matching(line, token.start())
                    if close is not None:
                        candidates.insert(0, line[:token.start()] + line[close + 1:])
                        if close > token.end():
                            candidates.append(line[:token.end()] + line[close:])
                for candidate in candidates:
                    if self.fails("\n".join(lines[:number] + [candidate] + lines[number + 1:]) + "\n"):
                        lines[number] = candidate
                        break
                else:
                    position = token.end()
                if time.monotonic() > self.deadline:
                    return "\n".join(lines) + "\n"
        return "\n".join(lines) + "\n"

    @staticmethod
    def matching(line, start):
        opening, depth = line[start], 0
        for index in range(start, len(line)):
            if line[index] == opening:
                depth += 1
            elif line[index] == BRACKETS[opening]:
                depth -= 1
                if depth == 0:
                    return index
        return None

    def shrink_literals(self, text):
        """Shorten long string and bytes literals, keeping them literals."""
        lines = text.splitlines()
        for number, line in enumerate(lines):
            for match in list(TOKEN.finditer(line))[::-1]:
                try:
                    value = ast.literal_eval(match.group())
                except (ValueError, SyntaxError, MemoryError, RecursionError):
                    continue
                if not isinstance(value, (str, bytes)) or len(value) < 2:
                    continue
                prefix, suffix = lines[number][:match.start()], lines[number][match.end():]

                def join(pieces, prefix=prefix, suffix=suffix, empty=value[:0]):
                    rebuilt = prefix + repr(empty.join(pieces)) + suffix
                    return "\n".join(lines[:number] + [rebuilt] + lines[number + 1:]) + "\n"

                # Coarse pieces first: one character at a time only for short literals.
                step = max(1, len(value) // 64)
                pieces = [value[i:i + step] for i in range(0, len(value), step)]
                pieces = self.drop_chunks(pieces, join)
                lines[number] = join(pieces).splitlines()[number]
        return "\n".join(lines) + "\n"

    def shrink(self, text):
        while time.monotonic() < self.deadline:
            before = text
            for step in (self.shrink_lines, self.unwrap_blocks, self.shrink_tokens, self.shrink_literals):
                text = step(text)
            if text == before:
                break
        return text


def shrink_text(text, still_fails, seconds):
    return Shrinker(still_fails, time.monotonic() + seconds).shrink(text)


def shrink_list(items, still_fails, seconds):
    """The smallest sublist (greedily) for which still_fails(sublist) holds."""
    shrinker = Shrinker(lambda key: still_fails(list(key)), time.monotonic() + seconds)
    return list(shrinker.drop_chunks(tuple(items), lambda chosen: tuple(chosen)))
